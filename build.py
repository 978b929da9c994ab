#!/usr/bin/env python3
"""The one entry point: ``python build.py --help`` (the same as ``python -m briefing``)."""

import sys
from pathlib import Path

from briefing.__main__ import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parent))
