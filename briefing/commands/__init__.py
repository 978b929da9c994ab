"""One module per command of ``build.py`` (``briefing/__main__.py`` reads the command line):
each has ``run(args)``."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.diagnostics import MESSAGE_LANGUAGE, MessageLanguage


def printed_language(args: argparse.Namespace) -> MessageLanguage | None:
    """The language ``--lang`` asks messages in (None: English, which needs no catalog)."""
    if args.lang == MESSAGE_LANGUAGE:
        return None
    from briefing.views.i18n import message_language  # reads a catalog: only when needed

    return message_language(Path(args.root), args.lang)
