"""``build.py schemas``: write the JSON Schemas of the data files to schemas/."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.config import read_config
from briefing.inputs.schemas import write_schemas


def run(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.root) / "schemas", read_config(Path(args.root))):
        print(f"wrote {path}")
    return 0
