"""Builds as if the checker had been bypassed:
to show that the build's own defences hold without it."""

from __future__ import annotations

import pytest

from briefing import inputs
from briefing.pipeline import Paths, build


def build_unchecked(
    paths: Paths, pages: tuple[str, ...] = ("content/en/about.md",), books: bool = True
) -> None:
    """Build ``paths`` with the Markdown checker's problems in ``pages`` ignored
    (the checker refuses them: tests/inputs/bad_inputs)."""
    check_pages = inputs.check_pages

    def unchecked(*args: object) -> list:
        return [d for d in check_pages(*args) if d.file not in pages]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inputs, "check_pages", unchecked)
        build(paths, books=books)
