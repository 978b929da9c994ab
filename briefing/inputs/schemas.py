"""Write the JSON Schemas of the data files (for editors' autocompletion)."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.inputs.schema import DATA_FILES, json_schema


def schema_text(data_file) -> str:
    return json.dumps(json_schema(data_file), ensure_ascii=False, indent=2) + "\n"


def write_schemas(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for data_file in DATA_FILES:
        path = target / data_file.schema_filename
        path.write_text(schema_text(data_file), encoding="utf-8")
        written.append(path)
    return written
