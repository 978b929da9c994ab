"""Keep the UI catalogs in step with the strings in code and templates.

``build.py i18n`` extracts every marked string (``_()`` in templates,
``gettext``/``N_``/``Message`` in Python, and the data fields' help texts of
``inputs/schema.py``, which the checker gives as hints) and merges it into each
``messages.po``; the build compiles the catalogs in memory (see
``i18n.load_language``), the checker reads one when it speaks another language
than English (``i18n.message_language``).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from briefing.config import read_config
from briefing.views.i18n import MESSAGE_LANGUAGE, catalog_path

# ``t`` is the short name views and pages use for ``Language.gettext``.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "t": None,
    "Message": None,  # the checker's messages (briefing/diagnostics.py)
}


def extract(root: Path) -> Catalog:
    """Every translatable string with where it is used."""
    catalog = Catalog(project="kz-briefing", charset="utf-8")
    method_map = [
        ("briefing/**.py", "python"),
        ("theme/**.html", "jinja2"),
        ("theme/pages/**.md", "jinja2"),
    ]
    options = {
        "theme/**.html": {"extensions": "jinja2.ext.i18n"},
        "theme/pages/**.md": {"extensions": "jinja2.ext.i18n"},
    }
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options, keywords=KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for help_text in schema_help_texts():
        catalog.add(help_text, None, [(SCHEMA_SOURCE, 0)])
    return catalog


# Where the help texts are written; they are the schema's own, one per field, so not marked.
SCHEMA_SOURCE = "briefing/inputs/schema.py"


def schema_help_texts() -> list[str]:
    """The help text of every field of the data files and front matter (``Field.help``): the
    hint of a checker's message about that field (``validate.py``)."""
    from briefing.inputs import schema

    fields: list[schema.Field] = []
    for value in vars(schema).values():
        if isinstance(value, schema.Field):
            fields.append(value)
        elif isinstance(value, dict):
            fields.extend(f for f in value.values() if isinstance(f, schema.Field))
    return sorted({f.help for f in fields if f.help})


def update_catalogs(root: Path) -> list[str]:
    """Merge the extracted strings into each language's catalog; report what is untranslated."""
    template = extract(root)
    report = []
    for code in read_config(root).codes:
        path = catalog_path(root / "locale", code)
        if path.exists():
            catalog = read_po(io.BytesIO(path.read_bytes()), locale=code)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=code, project="briefing", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        buffer = io.BytesIO()
        write_po(
            buffer,
            catalog,
            width=120,
            omit_header=False,
            sort_output=True,
            ignore_obsolete=True,
            include_lineno=False,
        )
        path.write_bytes(buffer.getvalue())
        missing = untranslated(catalog) if code != MESSAGE_LANGUAGE else []
        report.append(
            f"{path.relative_to(root)}: {len(catalog)} strings, {len(missing)} untranslated"
        )
    return report


def untranslated(catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def run(args: argparse.Namespace) -> int:
    for line in update_catalogs(Path(args.root)):
        print(line)
    return 0
