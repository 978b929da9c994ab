"""Validate loaded data files: schema, ids, references and consistency.

Every problem is reported, each with file, line, column and field path; the
schema comes from ``schema.py`` so the editor's JSON Schema and this validator
can never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from briefing.config import Briefing
from briefing.diagnostics import N_, Diagnostic, Message, error, warning
from briefing.inputs import schema
from briefing.inputs.load import LoadedYaml
from briefing.inputs.text_rules import (
    CUT_BY_COMMENT,
    CUT_BY_COMMENT_HINT,
    PLACEHOLDER,
    PLACEHOLDER_HINT,
    placeholder,
    text_tail,
)

if TYPE_CHECKING:
    import jsonschema


@cache
def _validator(kind: str, briefing: Briefing) -> jsonschema.Draft7Validator:
    # only when the data has a problem: its import is a third of `build.py check`'s start-up
    import jsonschema

    return jsonschema.Draft7Validator(schema.json_schema(schema.DATA_FILE_BY_KIND[kind], briefing))


@cache
def _fast_check(kind: str, briefing: Briefing) -> Callable[[Any], Any]:
    """The same schema compiled to Python code: much faster on valid data."""
    return fastjsonschema.compile(schema.json_schema(schema.DATA_FILE_BY_KIND[kind], briefing))


def validate_file(
    data_file: schema.DataFile, loaded: LoadedYaml, briefing: Briefing
) -> list[Diagnostic]:
    """Schema problems of one data file (types, required, enums, unknown keys)."""
    if loaded.data is None:
        if loaded.diagnostics:
            return []
        return [
            error(
                loaded.file,
                1,
                1,
                Message("file is empty; it must start with '{key}:'", key=data_file.key),
                Message("add '{key}:' followed by a list of records", key=data_file.key),
            )
        ]
    try:
        _fast_check(data_file.kind, briefing)(loaded.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # something is wrong: jsonschema finds every problem with its path
    found = []
    for err in _validator(data_file.kind, briefing).iter_errors(loaded.data):
        found.extend(_diagnostics(data_file, loaded, err, briefing))
    return found


# How editors write "unknown" when they mean the marker; told to write it as the schema has it.
_NOT_REPORTED_WORDS = frozenset(
    {"notreported", "unknown", "unreported", "na", "none", "null", "nil", "unspecified"}
)


def _means_not_reported(value: str) -> bool:
    return "".join(c for c in value.lower() if c.isalpha()) in _NOT_REPORTED_WORDS


def _diagnostics(
    data_file: schema.DataFile,
    loaded: LoadedYaml,
    err: jsonschema.ValidationError,
    briefing: Briefing,
) -> list[Diagnostic]:
    """The problems behind one schema error: a field that may say 'not-reported' has its own."""
    if err.validator != "anyOf" or not schema.accepts_not_reported(err.schema):
        return [_diagnostic(data_file, loaded, err, briefing)]
    path = tuple(err.absolute_path)
    field = _record_label(loaded, path)
    line, col = loaded.where(path)
    value = err.instance
    marker = schema.NOT_REPORTED
    if isinstance(value, str) and _means_not_reported(value):
        return [
            error(
                loaded.file,
                line,
                col,
                Message(
                    "write '{marker}' to say the sources do not report this (found '{value}')",
                    marker=marker,
                    value=_visible(value),
                ),
                Message("exactly '{marker}': lower case, joined by a hyphen", marker=marker),
                field,
            )
        ]
    # Otherwise the value was meant as the field's usual kind: report what is wrong with it as such.
    usual = [e for e in err.context or () if e.schema_path and e.schema_path[0] == 0]
    found = [d for sub in usual for d in _diagnostics(data_file, loaded, sub, briefing)]
    also = Message("or '{marker}' when the sources do not report it", marker=marker)
    found = [
        dataclasses.replace(
            d, hint=Message("{hint}; {also}", hint=d.hint, also=also) if d.hint else also
        )
        if (d.line, d.col) == (line, col)
        else d
        for d in found
    ]
    return found or [
        error(
            loaded.file,
            line,
            col,
            Message("{value} is not allowed here", value=_describe(value)),
            "",
            field,
        )
    ]


def _record_label(loaded: LoadedYaml, path: tuple) -> str:
    """`projects[pavlodar-ferroalloy-plant].amounts[0].value`-style field path."""
    out = ""
    for depth, part in enumerate(path):
        if isinstance(part, int):
            label = str(part)
            if depth == 1:
                record = _get(loaded.data, path[:2])
                if isinstance(record, dict) and isinstance(record.get("id"), str):
                    label = _visible(record["id"])
            out += f"[{label}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return Message("yes/no value {value}", value=str(value).lower())
    if isinstance(value, (int, float)):
        return Message("number {value}", value=value)
    if isinstance(value, str):
        return Message("text '{value}'", value=value if len(value) < 60 else f"{value[:57]}…")
    if isinstance(value, list):
        return Message("a list")
    if isinstance(value, dict):
        return Message("a mapping")
    if value is None:
        return Message("nothing")
    return type(value).__name__


TYPE_NAMES = {
    "string": N_("text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "array": N_("a list"),
    "object": N_("a mapping of keys"),
    "boolean": N_("true or false"),
}
# "unknown place id 'x'", each kind of record said in full (a noun alone would not translate).
UNKNOWN_ID = {
    "place": N_("unknown place id '{id}'"),
    "event": N_("unknown event id '{id}'"),
    "organization": N_("unknown organization id '{id}'"),
    "person": N_("unknown person id '{id}'"),
    "source": N_("unknown source id '{id}'"),
    "project": N_("unknown project id '{id}'"),
}


def did_you_mean(close: str) -> Message:
    return Message("did you mean '{suggestion}'?", suggestion=close)


def allowed(choices: Iterable[str]) -> Message:
    return Message("allowed: {choices}", choices=", ".join(choices))


def text_diagnostics(loaded: LoadedYaml) -> list[Diagnostic]:
    """The refused characters found while reading a data file
    (text_rules.py), with the record's id."""
    return [
        error(loaded.file, *loaded.where(path), message, hint, _record_label(loaded, path))
        for path, message, hint in loaded.text_problems
    ]


def is_prose(data_file: schema.DataFile, path: tuple) -> bool:
    """Whether the value at ``path`` is free text (a name, a title, a summary, an alias),
    not an id, a date, an address or a value from a list."""
    spec = schema.field_help(data_file, path)
    if spec is None:
        return False
    shape = spec.schema
    if schema.TEXTS in shape or schema.ALIAS_LISTS in shape:
        return True
    return shape.get("type") == "string" and not {"pattern", "enum", schema.CHOICE} & set(shape)


def text_slips(data_file: schema.DataFile, loaded: LoadedYaml) -> list[Diagnostic]:
    """Texts that are not what the editor meant to publish: cut short by a comment (a warning)
    and placeholders such as 'TODO' (errors)."""
    found = []
    for path, line, col, kept in loaded.cut_by_comment:
        if is_prose(data_file, path):
            found.append(
                warning(
                    loaded.file,
                    line,
                    col,
                    Message(CUT_BY_COMMENT, kept=text_tail(_visible(kept))),
                    CUT_BY_COMMENT_HINT,
                    _record_label(loaded, path),
                )
            )
    for path, value in _strings(loaded.data, ()):
        held = placeholder(value)
        if held is not None and is_prose(data_file, path):
            found.append(
                error(
                    loaded.file,
                    *loaded.where(path),
                    Message(PLACEHOLDER, placeholder=_visible(held)),
                    PLACEHOLDER_HINT,
                    _record_label(loaded, path),
                )
            )
    return found


def _strings(value: Any, path: tuple) -> Iterable[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _visible(value: Any) -> str:
    """``value`` on one line: a line feed or other unprintable character as its escape (``\\n``)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))


def _diagnostic(
    data_file: schema.DataFile,
    loaded: LoadedYaml,
    err: jsonschema.ValidationError,
    briefing: Briefing,
) -> Diagnostic:
    path = tuple(err.absolute_path)
    field = _record_label(loaded, path)
    line, col = loaded.where(path)
    spec = schema.field_help(data_file, path)
    # a field's help text (build.py i18n extracts them from schema.py)
    help_text: str = Message(spec.help) if spec and spec.help else ""
    value = err.instance
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1]
        if missing in briefing.codes:
            name = briefing.language_name(missing)
            message = Message("missing {language} text ('{code}')", language=name, code=missing)
            hint: str = Message(
                "add '{code}:' with the {language} version", code=missing, language=name
            )
        else:
            message = (
                Message("missing required field '{field}' in this record", field=missing)
                if len(path) == 2
                else Message("missing required field '{field}'", field=missing)
            )
            sub = schema.field_help(data_file, (*path, missing))
            hint = Message(sub.help) if sub and sub.help else ""
        return error(loaded.file, line, col, message, hint, field)
    if v == "additionalProperties":
        known = list(err.schema.get("properties", {}))
        extras = [k for k in value if k not in known] if isinstance(value, dict) else []
        key = extras[0] if extras else "?"
        line, col = loaded.where((*path, key), key=True)
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = did_you_mean(close[0]) if close else allowed(known)
        return error(loaded.file, line, col, Message("unknown field '{key}'", key=key), hint, field)
    if v == "enum":
        choices = [str(x) for x in err.validator_value]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = (
            Message(
                "{did_you_mean} {allowed}",
                did_you_mean=did_you_mean(close[0]),
                allowed=allowed(choices),
            )
            if close
            else allowed(choices)
        )
        return error(
            loaded.file,
            line,
            col,
            Message("{value} is not an allowed value", value=_describe(value)),
            hint,
            field,
        )
    if v == "type":
        expected = err.validator_value
        expected = expected if isinstance(expected, str) else expected[0]
        type_name = Message(TYPE_NAMES[expected]) if expected in TYPE_NAMES else expected
        message = Message("expected {type}, found {value}", type=type_name, value=_describe(value))
        hint = help_text
        if expected == "number" and isinstance(value, str):
            hint = Message(
                "write the figure as a plain number (200000000), "
                "with currency or unit in their own fields"
            )
        if expected == "string" and isinstance(value, int) and "date" in (help_text or "").lower():
            hint = Message('write a year alone in quotes: "2023"')
        return error(loaded.file, line, col, message, hint, field)
    if v == "pattern":
        pattern = err.validator_value
        if pattern == schema.DATE_PATTERN:
            return error(
                loaded.file,
                line,
                col,
                Message("date must be written YYYY-MM-DD (found '{value}')", value=_visible(value)),
                Message('e.g. 2019-04-22; 2019-04 or "2019" when the day or month is unknown'),
                field,
            )
        if pattern == schema.SLUG_PATTERN:
            return error(
                loaded.file,
                line,
                col,
                Message(
                    "ids are lower-case letters, digits and hyphens (found '{value}')",
                    value=_visible(value),
                ),
                Message("e.g. pavlodar-ferroalloy-plant"),
                field,
            )
        if pattern.startswith("^https?"):
            return error(
                loaded.file,
                line,
                col,
                Message(
                    "address must start with https:// or http:// (found '{value}')", value=value
                ),
                "",
                field,
            )
        return error(
            loaded.file,
            line,
            col,
            Message("{value} has the wrong form", value=_describe(value)),
            help_text,
            field,
        )
    if v == "minLength":
        return error(loaded.file, line, col, Message("text is empty"), help_text, field)
    if v == "maxLength":
        return error(
            loaded.file,
            line,
            col,
            Message(
                "text is {length} characters long; the limit is {limit}",
                length=f"{len(value):,}",
                limit=f"{err.validator_value:,}",
            ),
            Message(
                "shorten it; longer text belongs in a page under content/ "
                "(was something pasted twice?)"
            ),
            field,
        )
    if v == "minimum":
        return error(
            loaded.file,
            line,
            col,
            Message(
                "{value} is too small: the lowest allowed is {lowest}",
                value=_describe(value),
                lowest=err.validator_value,
            ),
            help_text,
            field,
        )
    if v == "minItems":
        return error(
            loaded.file,
            line,
            col,
            Message("needs at least {count} item(s)", count=err.validator_value),
            help_text,
            field,
        )
    if v == "maxItems":
        return error(
            loaded.file,
            line,
            col,
            Message("has more than {count} items", count=err.validator_value),
            help_text,
            field,
        )
    return error(loaded.file, line, col, err.message, help_text, field)  # jsonschema's words


# Ids become folder names of the site; Windows cannot store these (any case, any extension),
# so a site with one could not be checked out or copied there.
RESERVED_FILE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)


def check_references(files: dict[str, LoadedYaml]) -> list[Diagnostic]:
    """Duplicate ids, dangling references, and rules across fields.

    ``files`` maps record kind to its loaded file; it runs on data that passed
    the schema, so the shapes are known.
    """
    found: list[Diagnostic] = []
    ids: dict[str, dict[str, tuple]] = {}
    for kind, loaded in files.items():
        key = schema.DATA_FILE_BY_KIND[kind].key
        if not isinstance(loaded.data, dict) or not isinstance(loaded.data.get(key), list):
            continue  # unreadable file: its problem is reported; references to it cannot be judged
        seen: dict[str, tuple] = {}
        for index, record in enumerate(_records(loaded, key)):
            rid = record.get("id")
            if not isinstance(rid, str):
                continue
            if rid == schema.NOT_REPORTED:
                line, col = loaded.where((key, index, "id"))
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message("id '{id}' is kept for fields the sources do not report", id=rid),
                        Message("give the record an id of its own words"),
                        f"{key}[{rid}].id",
                    )
                )
            if rid.split(".")[0].lower() in RESERVED_FILE_NAMES:
                line, col = loaded.where((key, index, "id"))
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message("id '{id}' cannot be a folder name on Windows", id=rid),
                        Message("add a word, e.g. 'aux-plant'"),
                        f"{key}[{rid}].id",
                    )
                )
            if rid in seen:
                line, col = loaded.where((key, index, "id"))
                first_line, _ = loaded.where(seen[rid])
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message(
                            "id '{id}' is used twice (first on line {line})",
                            id=rid,
                            line=first_line,
                        ),
                        Message("give each record its own id"),
                        f"{key}[{rid}].id",
                    )
                )
            else:
                seen[rid] = (key, index, "id")
        ids[kind] = seen

    def check_ref(
        loaded: LoadedYaml,
        path: tuple,
        target_kind: str,
        value: Any,
        label: str,
        spec: schema.Field,
    ) -> None:
        if not isinstance(value, str) or target_kind not in ids or value in ids[target_kind]:
            return
        if schema.accepts_not_reported(spec.schema) and (
            value == schema.NOT_REPORTED or _means_not_reported(value)
        ):
            return  # the marker, or the schema's message says how to write it
        line, col = loaded.where(path)
        known = list(ids[target_kind])
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        target = schema.DATA_FILE_BY_KIND[target_kind].filename
        hint = (
            did_you_mean(_visible(close[0]))
            if close
            else Message("add it to {file} or fix the id", file=f"data/{target}")
        )
        if not close and schema.accepts_not_reported(spec.schema):
            hint = Message(
                "{hint}; or '{value}' when the sources do not report it",
                hint=hint,
                value=schema.NOT_REPORTED,
            )
        unknown = (
            Message(UNKNOWN_ID[target_kind], id=value)
            if target_kind in UNKNOWN_ID
            else Message("unknown {kind} id '{id}'", kind=target_kind, id=value)
        )
        found.append(error(loaded.file, line, col, unknown, hint, label))

    for kind, loaded in files.items():
        data_file = schema.DATA_FILE_BY_KIND[kind]
        for index, record in enumerate(_records(loaded, data_file.key)):
            base = (data_file.key, index)
            for path, target_kind, value, spec in _references(data_file.fields, record, base):
                check_ref(loaded, path, target_kind, value, _record_label(loaded, path), spec)
            found.extend(_record_rules(kind, loaded, record, base))
    found.extend(_event_rules(files.get("event")))
    return found


def _records(loaded: LoadedYaml | None, key: str) -> list[dict]:
    if loaded is None or not isinstance(loaded.data, dict):
        return []
    records = loaded.data.get(key)
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


NESTED = {"amounts": schema.AMOUNT, "status": schema.STATUS, "participants": schema.PARTICIPANT}


def _references(
    fields: dict[str, schema.Field], record: dict, base: tuple
) -> Iterable[tuple[tuple, str, Any, schema.Field]]:
    """Each id a record points at: where, the kind of record, the id, and the field's spec."""
    for name, spec in fields.items():
        value = record.get(name)
        if value is None:
            continue
        if spec.ref:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield (*base, name, i), spec.ref, item, spec
            else:
                yield (*base, name), spec.ref, value, spec
        elif name in NESTED:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    sub = (*base, name, i) if isinstance(value, list) else (*base, name)
                    yield from _references(NESTED[name], item, sub)


def _record_rules(kind: str, loaded: LoadedYaml, record: dict, base: tuple) -> list[Diagnostic]:
    found = []

    def problem(path: tuple, message: str, hint: str = "") -> None:
        line, col = loaded.where(path)
        found.append(error(loaded.file, line, col, message, hint, _record_label(loaded, path)))

    if kind == "project":
        amounts = record.get("amounts")
        for i, amount in enumerate(amounts if isinstance(amounts, list) else []):
            if not isinstance(amount, dict):
                continue
            path = (*base, "amounts", i)
            if ("currency" in amount) == ("unit" in amount):
                problem(
                    path,
                    Message("an amount needs exactly one of 'currency' (money) or 'unit' (counts)"),
                    Message("e.g. currency: USD, or unit: vehicle"),
                )
            low, high = amount.get("value"), amount.get("value_max")
            for key, number in (("value", low), ("value_max", high)):
                if isinstance(number, float) and not math.isfinite(number):
                    problem(
                        (*path, key),
                        Message("{number} is not a figure", number=number),
                        Message(
                            "write the figure as a plain number (200000000); "
                            "leave the amount out when the source gives none"
                        ),
                    )
                    low, high = None, None
                elif (
                    isinstance(number, (int, float)) and not isinstance(number, bool) and number < 0
                ):
                    problem(
                        (*path, key),
                        Message("figure {number} is negative", number=number),
                        Message(
                            "figures are sizes, sales or counts: "
                            "write the amount without a minus sign"
                        ),
                    )
            if isinstance(low, (int, float)) and isinstance(high, (int, float)) and high < low:
                problem(
                    (*path, "value_max"),
                    Message("upper end {high} is below the value {low}", high=high, low=low),
                    Message("value is the lower end of the range"),
                )
    if kind == "project" and record.get("kind") == "facility" and "location" not in record:
        # a programme may have no single site; a plant or a road has one, known or not
        line, col = loaded.where((*base, "kind"))
        found.append(
            warning(
                loaded.file,
                line,
                col,
                Message("a facility without a location is shown as having no single site"),
                Message(
                    "give its place, or 'location: {marker}' when the sources do not "
                    "say where it is",
                    marker=schema.NOT_REPORTED,
                ),
                _record_label(loaded, (*base, "location")),
            )
        )
    if kind == "event":
        for i, participant in enumerate(record.get("participants") or []):
            if isinstance(participant, dict) and ("person" in participant) == (
                "organization" in participant
            ):
                problem(
                    (*base, "participants", i),
                    Message("a participant needs exactly one of 'person' or 'organization'"),
                    Message(
                        "give each its own '- ' entry: a person with its role, or an organization"
                    ),
                )
            elif (
                isinstance(participant, dict)
                and "role" in participant
                and "person" not in participant
            ):
                problem(
                    (*base, "participants", i, "role"),
                    Message("a role belongs to a person"),
                    Message("move the role next to 'person:'"),
                )
        start, end = record.get("start"), record.get("end")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            problem(
                (*base, "end"),
                Message("end date {end} is before the start {start}", end=end, start=start),
                Message("check both dates (YYYY-MM-DD); leave 'end:' out for a one-day event"),
            )
    if kind == "source":
        # A reader must be able to follow every source, or be told plainly there is no address.
        has_url = isinstance(record.get("url"), str)
        marked = record.get("no_public_address") is True
        if not has_url and not marked:
            problem(
                base,
                Message("a source needs its public address ('url:') or 'no_public_address: true'"),
                Message(
                    "add url: https://… where readers can find it; if it has none, write "
                    "no_public_address: true and say in the note how it was consulted"
                ),
            )
        elif has_url and marked:
            problem(
                (*base, "no_public_address"),
                Message("this source has an address and is also marked as having none"),
                Message(
                    "remove 'no_public_address: true', or the url if the address is not public"
                ),
            )
    found.extend(_implausible_dates(loaded, record, base))
    if kind == "place":
        coords = record.get("coordinates")
        if (
            isinstance(coords, list)
            and len(coords) == 2
            and all(isinstance(c, (int, float)) for c in coords)
        ):
            if not (-90 <= coords[0] <= 90 and -180 <= coords[1] <= 180):
                problem(
                    (*base, "coordinates"),
                    Message(
                        "coordinates {coordinates} are not [latitude, longitude]",
                        coordinates=coords,
                    ),
                    Message("latitude first, e.g. [43.24, 76.89] for Almaty"),
                )
    return found


# Dates of the briefing's own facts (not a place's former names, which may be old): a year
# before 1900 or more than ten years after the check is a typing mistake (2091 for 2019).
BRIEFING_DATE_KEYS = frozenset({"updated", "as_of", "start", "end", "published"})
EARLIEST_YEAR = 1900
YEARS_AHEAD = 10


def _implausible_dates(loaded: LoadedYaml, value: Any, path: tuple) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        if isinstance(item, (dict, list)):
            found.extend(_implausible_dates(loaded, item, (*path, key)))
        elif key in BRIEFING_DATE_KEYS and isinstance(item, str) and item[:4].isdigit():
            year = int(item[:4])
            if not EARLIEST_YEAR <= year <= datetime.date.today().year + YEARS_AHEAD:
                line, col = loaded.where((*path, key))
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message("date {date} is not plausible for this briefing", date=item),
                        Message(
                            "dates run from {first} to {ahead} years from now; check the year",
                            first=EARLIEST_YEAR,
                            ahead=YEARS_AHEAD,
                        ),
                        _record_label(loaded, (*path, key)),
                    )
                )
    return found


def _event_rules(loaded: LoadedYaml | None) -> list[Diagnostic]:
    """Chapters point at anchor events; parents form no cycle."""
    found: list[Diagnostic] = []
    if loaded is None:
        return found
    records = _records(loaded, "events")
    by_id = {r["id"]: (i, r) for i, r in enumerate(records) if isinstance(r.get("id"), str)}
    for index, record in enumerate(records):
        if not isinstance(record.get("id"), str) or not all(
            isinstance(record.get(k, ""), str) for k in ("chapter", "parent")
        ):
            continue  # the schema reports the wrong types
        chapter = record.get("chapter")
        if chapter in by_id and not by_id[chapter][1].get("anchor"):
            line, col = loaded.where(("events", index, "chapter"))
            found.append(
                error(
                    loaded.file,
                    line,
                    col,
                    Message("chapter '{chapter}' is not an anchor event", chapter=chapter),
                    Message("chapters are the events marked anchor: true"),
                    _record_label(loaded, ("events", index, "chapter")),
                )
            )
        seen = {record.get("id")}
        parent = record.get("parent")
        while parent in by_id:
            if parent in seen:
                line, col = loaded.where(("events", index, "parent"))
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message("parent events form a loop through '{parent}'", parent=parent),
                        Message(
                            "an event's parent is the larger event it was part of; "
                            "one of them points the wrong way"
                        ),
                        _record_label(loaded, ("events", index, "parent")),
                    )
                )
                break
            seen.add(parent)
            parent = by_id[parent][1].get("parent")
        if record.get("anchor") and (record.get("chapter") or record.get("parent")):
            line, col = loaded.where(("events", index, "anchor"))
            found.append(
                error(
                    loaded.file,
                    line,
                    col,
                    Message("an anchor event cannot also have a chapter or parent"),
                    Message("remove 'chapter:' and 'parent:', or 'anchor: true'"),
                    _record_label(loaded, ("events", index, "anchor")),
                )
            )
    found.extend(_same_day_order(loaded, records))
    return found


def _same_day_order(loaded: LoadedYaml, records: list[dict]) -> list[Diagnostic]:
    """Two events of one day cannot share a place in its order: the timeline would have to guess."""
    found: list[Diagnostic] = []
    taken: dict[tuple[str, int], str] = {}
    for index, record in enumerate(records):
        start, order = record.get("start"), record.get("order")
        if not isinstance(start, str) or not isinstance(order, int) or isinstance(order, bool):
            continue
        other = taken.setdefault((start, order), str(record.get("id")))
        if other != str(record.get("id")):
            line, col = loaded.where(("events", index, "order"))
            found.append(
                error(
                    loaded.file,
                    line,
                    col,
                    Message(
                        "order {order} on {date} is already that of '{other}'",
                        order=order,
                        date=start,
                        other=_visible(other),
                    ),
                    Message("number the events of one day 1, 2, 3… in the order they took place"),
                    _record_label(loaded, ("events", index, "order")),
                )
            )
    return found


def unused_sources(files: dict[str, LoadedYaml]) -> list[Diagnostic]:
    """Sources that no record cites (a warning: maybe still to be used)."""
    cited: set[str] = set()
    for kind, loaded in files.items():
        if kind == "source":
            continue
        data_file = schema.DATA_FILE_BY_KIND[kind]
        for index, record in enumerate(_records(loaded, data_file.key)):
            for _path, target, value, _spec in _references(
                data_file.fields, record, (data_file.key, index)
            ):
                if target == "source":
                    cited.add(value)
    sources = files.get("source")
    if sources is None:
        return []
    found = []
    for index, record in enumerate(_records(sources, "sources")):
        if record.get("id") not in cited:
            line, col = sources.where(("sources", index, "id"))
            found.append(
                warning(
                    sources.file,
                    line,
                    col,
                    Message("source '{id}' is not cited by any record", id=record.get("id")),
                    Message("cite it or remove it"),
                    f"sources[{record.get('id')}]",
                )
            )
    return found
