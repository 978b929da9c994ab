#!/usr/bin/env python3
"""The one entry point: ``python build.py --help``."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
