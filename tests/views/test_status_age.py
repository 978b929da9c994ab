"""How old a status may be before readers are told nothing later is confirmed (briefing.yml)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing.config import ConfigError, parse_config
from briefing.inputs.dataset import read_dataset
from briefing.views.derive import Views
from briefing.views.i18n import load_language

ROOT = Path(__file__).resolve().parents[2]


def status_of(project_id: str, months: int) -> dict:
    data, _ = read_dataset(ROOT / "data", ROOT)
    language = load_language("en", ROOT)
    briefing = dataclasses.replace(language.briefing, status_outdated_after_months=months)
    views = Views(data, dataclasses.replace(language, briefing=briefing))
    return views.status(data.projects[project_id], "projects/")


def test_the_age_limit_comes_from_briefing_yml() -> None:
    # the data was last edited on 22 November 2026; the roadshow's statuses are of 15 October 2025
    assert status_of("alatau-city", 12)["outdated"]  # 13 months before
    assert not status_of("alatau-city", 14)["outdated"]
    # September 2019 is 86 calendar months before November 2026
    assert status_of("turkistan-highway", 90)["outdated"] is False
    assert status_of("turkistan-highway", 80)["outdated"] is True


@pytest.mark.parametrize("months", [0, -3, "twelve", True])
def test_a_wrong_age_limit_is_named(months: object) -> None:
    import yaml

    raw = yaml.safe_load((ROOT / "briefing.yml").read_text(encoding="utf-8"))
    raw["status_outdated_after_months"] = months
    with pytest.raises(ConfigError, match="status_outdated_after_months"):
        parse_config(raw)
