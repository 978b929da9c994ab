"""Write the JSON Schemas of a briefing's data files (for editors' autocompletion)."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.config import Briefing
from briefing.inputs.schema import DATA_FILES, DataFile, json_schema


def schema_text(data_file: DataFile, briefing: Briefing) -> str:
    return json.dumps(json_schema(data_file, briefing), ensure_ascii=False, indent=2) + "\n"


def write_schemas(target: Path, briefing: Briefing) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for data_file in DATA_FILES:
        path = target / data_file.schema_filename
        path.write_text(schema_text(data_file, briefing), encoding="utf-8")
        written.append(path)
    return written
