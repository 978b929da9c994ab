"""Values the build computes with, checked by value and not only by form.

The schema says a date is written ``YYYY-MM-DD`` and an amount is a number;
the build then makes ``datetime.date`` objects of the dates and formats the
amounts with Babel. A value of the right form can still make those stages
fail (``"2019-02-30"``, ``9999-12``, ``1.0e+400``, 400 digits), so ``check``
tries each value the way the build will use it and reports it at its line.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from typing import Any

from briefing.diagnostics import N_, Diagnostic, Message, error
from briefing.inputs import schema
from briefing.inputs.load import LoadedYaml, known_reason
from briefing.model import PartialDate

# A briefing on present-day cooperation, with places' former names: anything outside
# these years is a typing mistake, and far years overflow the date arithmetic
# (the last day of 9999-12 is in year 10000).
FIRST_YEAR = 1900
LAST_YEAR = 2100
# Ten thousand trillion: above any figure in any currency the briefing uses
# (the largest real one is a trillion won); larger numbers lose digits as
# floats and Babel cannot format them.
MAX_FIGURE = 10**16
DATE_FORM = re.compile(schema.DATE_PATTERN)
DATE_HINT = Message(
    "dates are YYYY-MM-DD with a real day, between {first} and {last}",
    first=FIRST_YEAR,
    last=LAST_YEAR,
)
# Fields whose values are figures the build formats (coordinates have their own range check).
FIGURE_FIELDS = ("value", "value_max")
NESTED = {
    "amounts": schema.AMOUNT,
    "status": schema.STATUS,
    "participants": schema.PARTICIPANT,
    "former_names": schema.PLACE_NAME,
}


# Dates of what has happened: a source's publication, the day a figure or a status was
# reported, the day a record or a page was changed. Events may lie ahead; these may not.
PAST_DATE_FIELDS = ("published", "as_of", "updated")
IN_THE_FUTURE = N_("date {date} is in the future")
IN_THE_FUTURE_HINTS = {
    "published": Message("the day the source was published has passed; check the year and month"),
    "as_of": Message(
        "the day the figure or status was reported has passed; "
        "a plan for a later year is said in the text or the note"
    ),
    "updated": Message(
        "write the day you changed it, today at the latest; check the year and month"
    ),
}


def today() -> datetime.date:
    """The check's today: the day in UTC, the clock the pull requests' checks run on."""
    return datetime.datetime.now(datetime.UTC).date()


def future_problem(name: str | int, text: str) -> tuple[Message, Message] | None:
    """A date of what has happened (``PAST_DATE_FIELDS``) that lies after tomorrow: a day's
    grace, since an editor east of UTC (UTC+9, say) is a day ahead of it for hours."""
    if name not in PAST_DATE_FIELDS or not DATE_FORM.match(text) or date_problem(text):
        return None
    if PartialDate.parse(text).first_day() <= today() + datetime.timedelta(days=1):
        return None
    return Message(IN_THE_FUTURE, date=text), IN_THE_FUTURE_HINTS[str(name)]


def date_problem(text: str) -> Message | None:
    """Why a date of the right form cannot be used, or None;
    the form itself is the schema's business."""
    if not DATE_FORM.match(text):
        return None
    try:
        date = PartialDate.parse(text)
        date.first_day()
    except ValueError as exc:
        return Message(
            "'{date}' is not a real date: {reason}", date=text, reason=known_reason(str(exc))
        )
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        return Message(
            "'{date}' is outside the years {first}–{last}",
            date=text,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return None


def figure_problem(value: Any) -> Message | None:
    """Why a number cannot be shown as a figure, or None (NaN and signs are judged elsewhere)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and math.isinf(value):
        return Message("number is too large to be a figure (YAML read it as infinity)")
    if abs(value) >= MAX_FIGURE:
        digits = len(str(abs(int(value))))
        if digits > 24:
            return Message(
                "number of {digits} digits is too large to be a figure", digits=f"{digits:,}"
            )
        return Message("number {number} is too large to be a figure", number=f"{value:,}")
    return None


def check_values(files: dict[str, LoadedYaml]) -> list[Diagnostic]:
    """Dates and figures of every record that the build could not compute with."""
    found = []
    for data_file in schema.DATA_FILES:
        loaded = files.get(data_file.kind)
        if loaded is None or not isinstance(loaded.data, dict):
            continue
        records = loaded.data.get(data_file.key)
        if not isinstance(records, list) or loaded.diagnostics:
            continue  # a file the loader had problems with is judged no further, as by the schema
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                continue
            for path, spec, value in _fields(data_file.fields, record, (data_file.key, index)):
                problem = _value_problem(spec, path[-1], value)
                if problem is None:
                    continue
                message, hint = problem
                line, col = loaded.where(path)
                found.append(error(loaded.file, line, col, message, hint, _label(record, path)))
    return found


def _value_problem(
    spec: schema.Field, name: str | int, value: Any
) -> tuple[Message, Message] | None:
    if spec.schema.get("pattern") == schema.DATE_PATTERN and isinstance(value, str):
        problem = date_problem(value)
        return (problem, DATE_HINT) if problem else future_problem(name, value)
    if name in FIGURE_FIELDS:
        problem = figure_problem(value)
        return (
            (
                problem,
                Message(
                    "figures are at most {most}; "
                    "write the figure in full in its currency or unit, e.g. 200000000",
                    most=f"{MAX_FIGURE:,}",
                ),
            )
            if problem
            else None
        )
    return None


def _fields(
    fields: dict[str, schema.Field], record: dict, base: tuple
) -> Iterator[tuple[tuple, schema.Field, Any]]:
    for name, spec in fields.items():
        value = record.get(name)
        if value is None:
            continue
        if name in NESTED:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    yield from _fields(
                        NESTED[name],
                        item,
                        (*base, name, i) if isinstance(value, list) else (*base, name),
                    )
        else:
            yield (*base, name), spec, value


def _label(record: dict, path: tuple) -> str:
    """``events[state-visit-2019].start``: the record by its id when it has one."""
    rid = record.get("id")
    out = f"{path[0]}[{rid if isinstance(rid, str) else path[1]}]"
    for part in path[2:]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
