"""Every value the data files' schemas allow has a name readers see: no raw code on a page.

The label tables (``views/labels.py``, the figures' phrases in ``views/formatting.py``) hold
exactly the values of schema.py's enumerations; every other enumeration of the schemas is
one of briefing.yml's lists (languages, countries, currencies), named there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from briefing.config import read_config
from briefing.inputs import schema
from briefing.model import Amount, PartialDate
from briefing.views import labels
from briefing.views.formatting import APPROXIMATION_PHRASES, format_amount
from briefing.views.i18n import load_language
from tests.helpers import LANGS, ROOT

BRIEFING = read_config(ROOT)
# schema.py's enumerations whose values are phrases around a figure, not labels
PHRASES = {"approximations": APPROXIMATION_PHRASES}
FIGURES = "units"  # each written after its number (test below)


def enums(node: Any) -> Iterator[list[Any]]:
    """The allowed values of every enumeration anywhere in a JSON Schema."""
    if isinstance(node, dict):
        if "enum" in node:
            yield node["enum"]
        for value in node.values():
            yield from enums(value)
    elif isinstance(node, list):
        for item in node:
            yield from enums(item)


@pytest.mark.parametrize("name", [name for name in schema.ENUMERATIONS if name != FIGURES])
def test_a_table_names_exactly_the_values_its_enumeration_allows(name: str) -> None:
    allowed = set(schema.ENUMERATIONS[name])
    named = set({**labels.ENUMERATIONS, **PHRASES}[name])
    assert (sorted(allowed - named), sorted(named - allowed)) == ([], []), (
        "(values without a name, names of values the schema does not allow)"
    )


def test_no_table_names_an_enumeration_the_schemas_do_not_have() -> None:
    assert set(labels.ENUMERATIONS) | set(PHRASES) | {FIGURES} == set(schema.ENUMERATIONS)


def test_every_enumeration_of_the_schemas_is_named_or_configured() -> None:
    """An ``enum`` written into schema.py by hand, not from ENUMERATIONS, would have no names."""
    known = [list(values) for values in schema.ENUMERATIONS.values()] + [
        list(BRIEFING.codes),
        [*BRIEFING.countries, schema.INTERNATIONAL],
        list(BRIEFING.currencies),
    ]
    found = [
        values
        for data_file in schema.DATA_FILES
        for values in enums(schema.json_schema(data_file, BRIEFING))
    ]
    assert len(found) >= len(schema.ENUMERATIONS)
    assert [values for values in found if values not in known] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_unit_is_named_after_its_number(lang: str) -> None:
    language = load_language(lang, ROOT)
    texts = {}
    for unit in schema.ENUMERATIONS[FIGURES]:
        amount = Amount(
            value=1234, kind="participants", as_of=PartialDate(2019, 9, 27), source="s", unit=unit
        )
        texts[unit] = format_amount(amount, language)
    assert all("1,234" in text and text != "1,234" for text in texts.values()), texts
    assert len(set(texts.values())) == len(texts), f"two units read the same: {texts}"
