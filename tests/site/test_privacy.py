"""No page makes a request that leaves this machine: fonts, scripts, images, analytics are
self-hosted or gone."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.helpers import LANGS, search_for

# attributes a browser fetches by itself while showing a page (links followed by a click are fine)
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "link": ("href",),
}
LINK_FETCHED = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}


def leaves_localhost(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname not in (
        None,
        "127.0.0.1",
        "localhost",
    )


def test_loading_every_page_stays_on_localhost(browser, built, site_url: str) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        pages = sorted(
            p.relative_to(built.site_dir).as_posix() for p in built.site_dir.rglob("*.html")
        )
        assert len(pages) > 40
        for path in pages:
            page.goto(site_url + path, wait_until="load")
        # using the search box loads the index, the search worker and its language files
        for lang in LANGS:
            page.goto(f"{site_url}{lang}/")
            search_for(page, "Almaty" if lang == "en" else "알마티")
            page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert any("search_index" in url for url in requests) and len(requests) > len(pages)
    assert [url for url in requests if leaves_localhost(url)] == []


class _Fetched(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and not LINK_FETCHED & set((attrs.get("rel") or "").lower().split()):
            return
        for name in FETCHED.get(tag, ()):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.strip().split()[0])


def test_no_built_file_points_the_browser_at_another_host(built) -> None:
    """Static guard for what a test visit may not trigger (other media, print, slow timers)."""
    offending = []
    for html in built.site_dir.rglob("*.html"):
        parser = _Fetched()
        parser.feed(html.read_text(encoding="utf-8"))
        offending += [
            f"{html.relative_to(built.site_dir)}: {url}"
            for url in parser.urls
            if leaves_localhost(url)
        ]
    for css in built.site_dir.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if leaves_localhost(url):
                offending.append(f"{css.relative_to(built.site_dir)}: {url}")
    assert offending == []
