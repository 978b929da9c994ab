"""Security headers: one Content-Security-Policy and friends for the whole site.

Material puts a few small inline scripts in every page (its storage helpers
and the anchor fix-up), so the policy allows no inline script at all except
those exact texts, by their sha256. The hashes are only known once the pages
exist, so ``secure_site`` runs on the finished build folder: it hashes every
inline ``<script>`` and ``<style>``, fills the ``<meta>`` tags that
``theme/overrides/partials/security.html`` leaves in each page (or adds them
to pages without that partial, such as the language chooser), and writes the
same policy as HTTP headers for hosts that read ``_headers`` (Netlify,
Cloudflare Pages) and as an nginx snippet.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

# Markers written by theme/overrides/partials/security.html.
CSP_MARKER = '<meta http-equiv="Content-Security-Policy" content="briefing:csp">'
REFERRER_MARKER = '<meta name="referrer" content="briefing:referrer">'

REFERRER_POLICY = "strict-origin-when-cross-origin"

# Directive → sources. Inline script and style hashes are added per build.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),  # Material's icons are data: SVGs in its CSS
    "font-src": ("'self'",),
    "connect-src": ("'self'",),  # the search index
    "worker-src": ("'self'",),  # the search worker
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
# A <meta> policy cannot carry these; only the HTTP headers do.
HEADER_ONLY_POLICY: dict[str, tuple[str, ...]] = {"frame-ancestors": ("'none'",)}

OTHER_HEADERS: dict[str, str] = {
    "Referrer-Policy": REFERRER_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
}

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-security.conf"

_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD_TAG = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


# Where an inline script or style may start and where its text ends. The
# text of <script> and <style> is raw: it ends at the first "</script" or
# "</style" whatever comes before, as in every HTML parser.
_OPENING = re.compile(r"""<(script|style)(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_CLOSING = {
    "script": re.compile(r"</script", re.IGNORECASE),
    "style": re.compile(r"</style", re.IGNORECASE),
}


class _StartTag(HTMLParser):
    """The attributes of one start tag, parsed as a browser would."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str | None] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)


def inline_code(html: str) -> tuple[list[str], list[str]]:
    """The texts of a page's inline scripts (executable ones) and style elements.

    Only the ``<script>`` and ``<style>`` elements are parsed, not the whole page
    (a full parse of every page took most of a 1,000-project build's last
    step); a ``<script`` that is not a tag (inside a comment, say) can only add
    a hash the policy does not need, never hide a script from it.
    """
    scripts: list[str] = []
    styles: list[str] = []
    position = 0
    while opening := _OPENING.search(html, position):
        tag = opening.group(1).lower()
        closing = _CLOSING[tag].search(html, opening.end())
        end = closing.start() if closing else len(html)
        text = html[opening.end() : end]
        attrs = _StartTag(opening.group(0)).attrs
        if tag == "style":
            styles.append(text)
        elif "src" not in attrs and (attrs.get("type") or "").strip().lower() in _SCRIPT_TYPES:
            scripts.append(text)
        position = end
    return scripts, styles


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_hashes(html: str) -> tuple[set[str], set[str]]:
    """CSP hash sources of a page's inline scripts and inline styles."""
    scripts, styles = inline_code(html)
    return {_hash_source(s) for s in scripts}, {_hash_source(s) for s in styles}


def policy_text(script_hashes: set[str], style_hashes: set[str], for_header: bool = False) -> str:
    """The Content-Security-Policy value, directives and hashes in a stable order."""
    directives = {**POLICY, **(HEADER_ONLY_POLICY if for_header else {})}
    extra = {"script-src": sorted(script_hashes), "style-src": sorted(style_hashes)}
    return "; ".join(
        " ".join((name, *sources, *extra.get(name, ()))) for name, sources in directives.items()
    )


def _with_meta(html: str, csp: str) -> str:
    csp_meta = CSP_MARKER.replace("briefing:csp", csp)
    referrer_meta = REFERRER_MARKER.replace("briefing:referrer", REFERRER_POLICY)
    if CSP_MARKER in html:
        return html.replace(CSP_MARKER, csp_meta).replace(REFERRER_MARKER, referrer_meta)
    head = _HEAD_TAG.search(html)
    if head is None:
        raise ValueError("page has no <head> to put the Content-Security-Policy in")
    return f"{html[: head.end()]}\n{csp_meta}\n{referrer_meta}{html[head.end() :]}"


def secure_site(site_dir: Path) -> str:
    """Put the policy into every page of ``site_dir`` and write the header files;
    returns the policy."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    scripts: set[str] = set()
    styles: set[str] = set()
    for html in texts.values():
        page_scripts, page_styles = inline_hashes(html)
        scripts |= page_scripts
        styles |= page_styles
    # One policy for every page: the same hashes in <meta> and in the headers,
    # so a page never depends on which other page was loaded first.
    meta_policy = policy_text(scripts, styles)
    for page, html in texts.items():
        page.write_text(_with_meta(html, meta_policy), encoding="utf-8")
    headers = {
        "Content-Security-Policy": policy_text(scripts, styles, for_header=True),
        **OTHER_HEADERS,
    }
    (site_dir / HEADERS_FILE).write_text(headers_file(headers), encoding="utf-8")
    (site_dir / NGINX_FILE).write_text(nginx_snippet(headers), encoding="utf-8")
    return meta_policy


def headers_file(headers: dict[str, str]) -> str:
    """Netlify / Cloudflare Pages ``_headers``: the same headers for every path."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in headers.items())]
    return "\n".join(lines) + "\n"


def nginx_snippet(headers: dict[str, str]) -> str:
    """``add_header`` lines for the server block that serves ``site/``."""
    lines = [
        "# Security headers of the briefing site, written by build.py; include it in the",
        "# server (or location) block that serves site/. nginx drops inherited add_header",
        "# lines in any block that has its own, so include it there too.",
        *(f'add_header {name} "{value}" always;' for name, value in headers.items()),
    ]
    return "\n".join(lines) + "\n"
