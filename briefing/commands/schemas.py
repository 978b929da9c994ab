"""``build.py schemas``: write the editors' JSON Schemas to schemas/ (data files, front matter)."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.inputs.schemas import write_schemas


def run(args: argparse.Namespace) -> int:
    written = write_schemas(Path(args.root))
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("schemas/ is up to date")
    return 0
