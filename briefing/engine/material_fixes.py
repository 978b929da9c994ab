"""Corrections to Material's output that its templates offer no block for.

Each fix matches an exact string of the pinned Material version (see
requirements.txt) and fails the build when that string is gone, so an upgrade
cannot silently bring the problem back: check the new version's output, then
update or drop the fix.
"""

from __future__ import annotations

from pathlib import Path

# Material's bundle fetches ``sitemap.xml`` beside every <link rel="alternate">
# of a page (its "stay on page" language selector). Our hreflang links are
# absolute public addresses, so every page view would request three sitemaps
# that do not exist, from another host when previewed. Our switcher already
# links to the same page in the other language, so the feature is dropped.
BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"
ALTERNATE_SITEMAPS = "ui({document$:ct});"

# Material's hidden drawer/search toggles are checkboxes with autocomplete="off"
# (an attribute HTML allows only on text-like inputs: a validator error on every
# page). Nothing is auto-filled into a checkbox, so dropping it changes nothing.
TOGGLE_AUTOCOMPLETE = (
    'type="checkbox" id="__drawer" autocomplete="off">',
    'type="checkbox" id="__search" autocomplete="off">',
)


class MaterialChanged(Exception):
    """The pinned Material output a fix relies on is not there any more."""


def drop_alternate_sitemap_requests(site_dir: Path) -> None:
    """Remove the sitemap look-ups of Material's bundle in a built site."""
    bundles = sorted(site_dir.glob(BUNDLE_GLOB))
    if not bundles:
        raise MaterialChanged(f"no {BUNDLE_GLOB} in {site_dir}")
    for bundle in bundles:
        script = bundle.read_text(encoding="utf-8")
        if ALTERNATE_SITEMAPS not in script:
            raise MaterialChanged(
                f"{bundle.name}: '{ALTERNATE_SITEMAPS}' not found; "
                "Material changed, review material_fixes.py"
            )
        bundle.write_text(script.replace(ALTERNATE_SITEMAPS, "", 1), encoding="utf-8")


def drop_toggle_autocomplete(html: str) -> str:
    """Material's page HTML without autocomplete on its two checkbox toggles."""
    for toggle in TOGGLE_AUTOCOMPLETE:
        html = html.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return html
