"""One module per command of ``build.py`` (``briefing/__main__.py`` reads the command line):
each has ``run(args)``."""
