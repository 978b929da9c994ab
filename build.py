#!/usr/bin/env python3
"""The one entry point: ``python build.py --help``."""

import os
import sys

# Bytecode caches go to .cache/ with the build's other caches, not beside the sources.
sys.pycache_prefix = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "pycache")

from briefing.commands import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
