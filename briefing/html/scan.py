"""Start tags and their attributes in HTML we wrote or sanitized, read with regular expressions.

``html.parser`` reads any HTML, at about ten times the cost. Where the HTML
is well-formed (our templates' output, or nh3's), one regular expression finds
the same tags and attributes; the modules that use it (``langmark.py``,
``engine/search_index.py``, ``engine/raw_html.py``) are tested against
``html.parser`` or Python-Markdown on every real page.
"""

from __future__ import annotations

import html
import re

# The attributes of a start tag: names, then optional values (quoted values may hold ">").
ATTRIBUTE_LIST = r"(?:\s+[^\s/>\"'=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*"
_ATTRIBUTE = re.compile(r"([^\s/>\"'=]+)(\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


def attributes(text: str) -> list[tuple[str, str | None]]:
    """The attributes in ``text`` (what follows a start tag's name) as ``html.parser`` gives them:
    names in lowercase, values with character references resolved,
    None for a name without a value."""
    found = []
    for name, assignment, double, single, bare in _ATTRIBUTE.findall(text):
        value = (double or single or bare) if assignment else None
        if value and "&" in value:
            value = html.unescape(value)
        found.append((name.lower(), value))
    return found
