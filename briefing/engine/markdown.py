"""The site's Markdown dialect, as the engine's settings
(mkdocs.yml's ``markdown_extensions``) give it, for renderers outside the engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml


def markdown_settings(root: Path, slugify: Callable[[str, str], str]) -> tuple[list[str], dict]:
    """The extensions and their settings for the ``markdown`` library:
    the printed narratives read as the site's.

    ``toc`` gets ``slugify`` (the site's heading ids)
    and no permalink anchors (nothing to hover on paper).
    """
    raw = (
        yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("markdown_extensions")
        or []
    )
    names, configs = [], {}
    for entry in raw:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if config:
            configs[name] = dict(config)
    if "toc" in names:
        configs["toc"] = {**configs.get("toc", {}), "permalink": False, "slugify": slugify}
    return names, configs
