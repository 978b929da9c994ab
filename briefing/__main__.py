"""The command line: ``python build.py COMMAND`` (or ``python -m briefing``);
each command is a module of ``commands/``."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from briefing.config import ConfigError, read_config
from briefing.diagnostics import MESSAGE_LANGUAGE

# Where a language is asked for, first set first (POSIX: LC_ALL overrides LC_MESSAGES, LANG).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def parser(root: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description=(
            "Build a briefing: one site per language under site/, "
            "a language chooser and the PDF books."
        ),
    )
    # absolute: MkDocs reads the paths it is given relative to mkdocs.yml's folder,
    # not the current one
    p.add_argument(
        "--root",
        type=lambda text: Path(text).resolve(),
        default=root,
        help=f"the briefing's folder (default: {root})",
    )
    # every command takes --lang, after its name as well: `build.py check --lang ko`
    said = argparse.ArgumentParser(add_help=False)
    said.add_argument(
        "--lang",
        metavar="CODE",
        help="the language of problems and messages, one of the briefing's languages "
        f"(default: from {', '.join(LOCALE_VARIABLES)}, e.g. ko_KR.UTF-8; "
        f"else {MESSAGE_LANGUAGE})",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser(
        "build",
        parents=[said],
        help="build each language's site, the language chooser and the PDFs into site/ (default)",
    )
    b.add_argument("--serial", action="store_true", help="build the languages one after the other")
    add_format(b)
    d = sub.add_parser(
        "pdf",
        parents=[said],
        help="rebuild only the PDF books, fact sheets and packs in site/<lang>/downloads/ "
        "(atomically; PDFs whose inputs did not change come from .cache/pdf/)",
    )
    d.add_argument("--serial", action="store_true", help="build the languages one after the other")
    add_format(d)
    c = sub.add_parser(
        "check",
        parents=[said],
        help="check data and content without building; exit 1 on errors",
    )
    c.add_argument(
        "--format", choices=("text", "github"), default="text", help="github: workflow annotations"
    )
    s = sub.add_parser(
        "serve",
        parents=[said],
        help="build without the PDFs, serve site/ on localhost, rebuild when an input changes "
        "and reload the browser (a failed rebuild shows its problems in the page)",
    )
    s.add_argument("--port", type=int, default=8000)
    sub.add_parser(
        "schemas",
        parents=[said],
        help="write the editors' JSON Schemas (data files, front matter) to schemas/",
    )
    n = sub.add_parser(
        "new",
        parents=[said],
        help="start a briefing of its own in PATH, with the templates and languages of this one",
    )
    n.add_argument("path", type=Path, metavar="PATH", help="an empty or new folder")
    sub.add_parser(
        "i18n",
        parents=[said],
        help="extract UI strings and messages and update locale/*/LC_MESSAGES/messages.po",
    )
    return p


def message_languages(root: Path) -> tuple[str, ...]:
    """The languages messages can be printed in: the briefing's, and English (the messages'
    own); the folders of ``locale/`` when briefing.yml cannot be read (its problem is said)."""
    try:
        codes = read_config(root).codes
    except ConfigError:
        folder = root / "locale"
        codes = tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else ()
    return tuple(dict.fromkeys((*codes, MESSAGE_LANGUAGE)))


def language_from_environment(codes: tuple[str, ...], environ: Mapping[str, str]) -> str:
    """The language of the locale the environment sets (``ko_KR.UTF-8`` → ``ko``) if it is one
    of ``codes``, else English ("C", "POSIX" and unset included)."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in codes else MESSAGE_LANGUAGE
    return MESSAGE_LANGUAGE


def add_format(command: argparse.ArgumentParser) -> None:
    """``--format`` of build and pdf: how a failure and the warnings are printed."""
    command.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: the warnings, and the problems of a failed build, also as workflow "
        "annotations at their file and line",
    )


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run the command in ``argv`` on the briefing at ``--root``
    (default ``root``, else the current folder)."""
    argv = sys.argv[1:] if argv is None else argv  # the `briefing` command passes none
    cli = parser(root or Path.cwd())
    args = cli.parse_args(argv)
    if args.command is None:
        args = cli.parse_args(["build", *argv])
    codes = message_languages(args.root)
    if args.lang is None:
        args.lang = language_from_environment(codes, os.environ)
    elif args.lang not in codes:
        cli.error(f"--lang {args.lang}: not a language of this briefing ({', '.join(codes)})")
    # each command imports what it runs, no more:
    # check stays clear of the engine and the PDF library
    return importlib.import_module(f"briefing.commands.{args.command}").run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
