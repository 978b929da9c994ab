"""``build.py schemas``: write the editors' JSON Schemas to schemas/ (data files, front matter)."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.commands import printed_language
from briefing.diagnostics import Message, said
from briefing.inputs.schemas import write_schemas


def run(args: argparse.Namespace) -> int:
    language = printed_language(args)
    written = write_schemas(Path(args.root))
    for path in written:
        print(said(Message("wrote {path}", path=str(path)), language))
    if not written:
        print(said(Message("schemas/ is up to date"), language))
    return 0
