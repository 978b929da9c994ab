"""The JSON Schemas of a briefing's files, for editors (``schemas/``) and the downloads.

``schema_text`` is the validation schema of a data file, as published beside the open
data. The editors' schemas (``build.py schemas``) hold the same rules and add what an editor
needs while typing: every enumeration value described in each language as the site shows it
("계획 · Planned"), and the ids of the records that exist offered as completions, each with
its record's name. So they change with the data: ``build.py schemas`` writes them again, and
a test fails when the committed ones are out of date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from babel.numbers import get_currency_name

from briefing.config import Briefing, read_config
from briefing.inputs.dataset import load_data_files
from briefing.inputs.schema import (
    DATA_FILES,
    ENUMERATIONS,
    FRONT_MATTER_SCHEMA_FILENAME,
    INTERNATIONAL,
    DataFile,
    EditorHints,
    front_matter_schema,
    json_schema,
)
from briefing.model import Amount, PartialDate
from briefing.views import labels
from briefing.views.formatting import format_amount
from briefing.views.i18n import Language, load_languages

SCHEMAS_FOLDER = "schemas"
# The figure units and qualifiers are shown with: "40 vehicles a year", "약 40명", "40%".
EXAMPLE_FIGURE = 40
EXAMPLE_COUNT_UNIT = "person"


def schema_text(data_file: DataFile, briefing: Briefing, hints: EditorHints | None = None) -> str:
    return _json(json_schema(data_file, briefing, hints))


def _json(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_files(root: Path) -> dict[str, str]:
    """File name -> text of every editors' schema of the briefing at ``root``."""
    briefing = read_config(root)
    hints = editor_hints(root, briefing)
    files = {f.schema_filename: schema_text(f, briefing, hints) for f in DATA_FILES}
    files[FRONT_MATTER_SCHEMA_FILENAME] = _json(front_matter_schema())
    return files


def write_schemas(root: Path) -> list[Path]:
    """Write the editors' schemas into ``root``/schemas/; the files whose text changed."""
    target = root / SCHEMAS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files(root).items():
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def editor_hints(root: Path, briefing: Briefing) -> EditorHints:
    """Each enumeration value described in every language of the briefing at ``root``, and
    the ids of its records (read from files that may have errors: what can be read)."""
    languages = load_languages(root)
    per_language = [value_labels(lang) for lang in languages.values()]
    descriptions = {
        name: {value: _joined(labels_[name][value] for labels_ in per_language) for value in table}
        for name, table in per_language[0].items()
    }
    return EditorHints(descriptions, record_lines(root, briefing.codes))


def value_labels(lang: Language) -> dict[str, dict[str, str]]:
    """Every enumeration's and choice's values as the site shows them in ``lang``."""
    found = {
        name: {value: lang.gettext(label) for value, label in table.items()}
        for name, table in labels.ENUMERATIONS.items()
    }
    example = PartialDate.parse("2000")

    def figure(unit: str, approx: str | None = None) -> str:
        amount = Amount(EXAMPLE_FIGURE, "jobs", example, "", unit=unit, approx=approx)
        return format_amount(amount, lang)

    found["units"] = {unit: figure(unit) for unit in ENUMERATIONS["units"]}
    found["approximations"] = {
        approx: figure(EXAMPLE_COUNT_UNIT, approx) for approx in ENUMERATIONS["approximations"]
    }
    briefing = lang.briefing
    found["languages"] = {code: lang.name_of(code) for code in briefing.codes}
    found["countries"] = {
        code: lang.country_name(code) for code in (*briefing.countries, INTERNATIONAL)
    }
    found["currencies"] = {
        code: get_currency_name(code, locale=lang.locale) for code in briefing.currencies
    }
    return found


def record_lines(root: Path, codes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Record kind -> id -> a line naming the record in every language, ids in order."""
    files = load_data_files(root / "data", root)
    found: dict[str, dict[str, str]] = {}
    for data_file in DATA_FILES:
        data = files[data_file.kind].data
        records = data.get(data_file.key) if isinstance(data, dict) else None
        lines: dict[str, str] = {}
        for record in records if isinstance(records, list) else []:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                lines.setdefault(record["id"], _record_line(data_file.kind, record, codes))
        found[data_file.kind] = dict(sorted(lines.items()))
    return found


def _record_line(kind: str, record: Mapping[str, Any], codes: tuple[str, ...]) -> str:
    """``파블로다르 · Pavlodar``; an event with its first day, a source with outlet, date and
    title (a record with errors gives what it has)."""
    if kind == "event":
        return f"{record.get('start', '')}: {_texts(record.get('title'), codes)}"
    if kind == "source":
        outlet = _texts(record.get("outlet"), codes)
        return f"{outlet}, {record.get('published', '')}: {record.get('title', '')}"
    return _texts(record.get("name"), codes)


def _texts(value: Any, codes: tuple[str, ...]) -> str:
    """A text of every language, in the briefing's order."""
    if not isinstance(value, dict):
        return str(value or "")
    return _joined(str(value[code]) for code in codes if value.get(code))


def _joined(texts: Iterable[str]) -> str:
    return " · ".join(dict.fromkeys(texts))  # a name the same in both languages once
