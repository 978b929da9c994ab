"""Hostile text in data and pages reaches readers as text, never as markup or script.

One build of the real content with a project named like an attack and a page
using Markdown's attribute lists (which the checker does not see) to add
event handlers and ``javascript:`` links; the sanitizer, autoescaping
templates and the Content-Security-Policy have to stop each of them.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.html import headers
from briefing.html.sanitize import sanitize_html
from briefing.pipeline import Paths
from tests.bypass import build_unchecked
from tests.helpers import copy_project, serve_directory
from tests.html.elements import parse

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "pavlodar-ferroalloy-plant"
NAME_EN = "<img src=x onerror=alert(1)>"
NAME_KO = "</title><script>alert(2)</script>"
ATTRIBUTE_LIST_ATTACKS = """

Attribute list handler
{: onclick="alert(21)" }

[attribute link](https://example.org/){: href="javascript:alert(27)" }

![A picture](assets/projects.js){: onerror="alert(28)" }

<abbr title="Economic Cooperation">EC</abbr> x<sup>2</sup> line<br>break
"""
UNSAFE_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


FIXTURE_TIERS = {"hostile": "build"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    projects = root / "data" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    original = "name: {ko: 파블로다르 합금철 플랜트, en: Pavlodar ferroalloy plant}"
    assert original in text, "update the fixture: the project's name changed"
    projects.write_text(
        text.replace(original, f"name: {{ko: '{NAME_KO}', en: '{NAME_EN}'}}"), encoding="utf-8"
    )
    with (root / "content" / "en" / "about.md").open("a", encoding="utf-8") as about:
        about.write(ATTRIBUTE_LIST_ATTACKS)
    paths = Paths(root)
    # the checker refuses these attribute lists: the sanitizer must hold on its own
    build_unchecked(paths, books=False)  # no test here reads a PDF
    return paths


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 50
    return found


@pytest.mark.parametrize(("lang", "name"), [("en", NAME_EN), ("ko", NAME_KO)])
def test_a_project_named_like_markup_shows_its_name_as_text(
    hostile: Paths, lang: str, name: str
) -> None:
    page = parse(hostile.site_dir / lang / "projects" / PROJECT / "index.html")
    assert name in page.texts["h1"][0]
    assert page.texts["title"][0].startswith(name)
    assert not [attrs for tag, attrs in page.tags if tag == "img" and attrs.get("src") == "x"]


def test_no_page_has_event_handlers_unsafe_urls_or_foreign_scripts(hostile: Paths) -> None:
    problems = []
    for path in pages(hostile.site_dir):
        page = parse(path)
        for tag, attrs in page.tags:
            for attribute, value in attrs.items():
                if attribute.startswith("on"):
                    problems.append(f"{path}: <{tag} {attribute}>")
                if (
                    attribute in ("href", "src", "action", "formaction", "xlink:href")
                    and value
                    and UNSAFE_URL.match(value)
                ):
                    problems.append(f"{path}: <{tag} {attribute}={value!r}>")
            if tag in ("iframe", "object", "embed", "base"):
                problems.append(f"{path}: <{tag}>")
    assert problems == []


def test_every_inline_script_is_one_the_policy_allows_by_hash(hostile: Paths) -> None:
    for path in pages(hostile.site_dir):
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert policy, f"{path} has no Content-Security-Policy"
        allowed = set(re.findall(r"'sha256-[^']+'", policy.group(1)))
        scripts, _styles = headers.inline_hashes(html)
        assert scripts <= allowed, path
        assert (
            html.index("Content-Security-Policy") < html.find("<script") or "<script" not in html
        ), f"{path}: the policy must come before the first script"


class _FullParse(HTMLParser):
    """Every inline script's text, from a parse of the whole page:
    what headers.inline_code must find."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "script"
            and "src" not in attrs
            and (attrs.get("type") or "") in ("", "text/javascript", "module")
        ):
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def test_the_policy_finds_every_inline_script_a_full_parse_finds(hostile: Paths) -> None:
    checked = 0
    for path in pages(hostile.site_dir):
        html = path.read_text(encoding="utf-8")
        parser = _FullParse()
        parser.feed(html)
        scripts, _styles = headers.inline_code(html)
        assert scripts == parser.scripts, path
        checked += bool(scripts)
    assert checked > 50


@pytest.mark.parametrize(
    ("html", "scripts", "styles"),
    [
        ('<script>a()</script><SCRIPT type="module">b()</SCRIPT >', ["a()", "b()"], []),
        ('<script data-x="1>2" >c("</p>")</script>', ['c("</p>")'], []),
        ('<script src="x.js"></script><script type="application/ld+json">{}</script>', [], []),
        ('<style>p{}</style><scripture>no</scripture><p title="<script">d</p>', [], ["p{}"]),
        ("<script>if (a<b) e()</script>", ["if (a<b) e()"], []),
    ],
)
def test_inline_code_is_read_as_a_browser_reads_it(
    html: str, scripts: list[str], styles: list[str]
) -> None:
    found_scripts, found_styles = headers.inline_code(html)
    assert found_scripts == scripts
    assert found_styles == styles


def test_attribute_lists_cannot_add_handlers_or_script_links(hostile: Paths) -> None:
    about = parse(hostile.site_dir / "en" / "about" / "index.html")
    paragraphs = [attrs for tag, attrs in about.tags if tag == "p"]
    links = [attrs for tag, attrs in about.tags if tag == "a"]
    images = [
        attrs for tag, attrs in about.tags if tag == "img" and attrs.get("alt") == "A picture"
    ]
    assert paragraphs and images and links
    values = [value or "" for _tag, attrs in about.tags for value in attrs.values()]
    assert not [value for value in values if "alert(" in value]
    assert {} in links, "the link whose href was replaced by javascript: is kept without an address"


def test_allowed_inline_markup_survives(hostile: Paths) -> None:
    about = (hostile.site_dir / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Economic Cooperation">EC</abbr> x<sup>2</sup> line<br>' in about


HOSTILE_FRAGMENTS = {
    "script": "<p>a<script>alert(1)</script>b</p>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "handler": '<p onclick="alert(1)" onmouseover="alert(2)">x</p>',
    "javascript-url": '<a href="javascript:alert(1)">x</a>',
    "mixed-case-javascript-url": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "entity-javascript-url": '<a href="javascript&#58;alert(1)">x</a>',
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "data-image": '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="x">',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "style": '<style>body{display:none}</style><p style="position:fixed">x</p>',
    "form": '<form action="https://evil.example/"><input name="q"></form>',
    "mutation-xss": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
}


@pytest.mark.parametrize("name", list(HOSTILE_FRAGMENTS))
def test_the_sanitizer_removes_scripts_handlers_and_unsafe_urls(name: str) -> None:
    clean = sanitize_html(HOSTILE_FRAGMENTS[name])
    lowered = clean.lower()
    for banned in (
        "<script",
        "<iframe",
        "<style",
        "<form",
        "<input",
        "onclick",
        "onmouseover",
        "onerror",
        "javascript",
        "data:",
        "style=",
    ):
        assert banned not in lowered, f"{name}: {clean}"


def test_the_sanitizer_keeps_the_allow_list() -> None:
    html = (
        '<p><abbr title="Korea Trade-Investment Promotion Agency">KOTRA</abbr> 10<sup>6</sup>'
        '<br>next <a href="https://example.org/">https</a> '
        '<a href="mailto:editors@example.org">mail</a> <a href="../sources/">relative</a></p>'
    )
    assert sanitize_html(html) == html


def test_every_jinja_environment_of_ours_autoescapes() -> None:
    """Each ``Environment(...)`` in the package says autoescape=True
    (MkDocs' own is switched on in engine/plugin.py's on_env)."""
    found = []
    for path in sorted((ROOT / "briefing").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "Environment"
            ):
                autoescape = {k.arg: k.value for k in node.keywords}.get("autoescape")
                found.append(
                    (path.name, isinstance(autoescape, ast.Constant) and autoescape.value is True)
                )
    assert found, "no Jinja environments found: update the test"
    assert all(ok for _, ok in found), found
    plugin = (ROOT / "briefing" / "engine" / "plugin.py").read_text(encoding="utf-8")
    assert "env.autoescape = True" in plugin


# -- in the browser ----------------------------------------------------------
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener(
  "securitypolicyviolation",
  e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`)
);
"""


@pytest.fixture(scope="module")
def hostile_url(hostile: Paths):
    server, url = serve_directory(hostile.site_dir)
    yield url
    server.shutdown()


@pytest.mark.parametrize(("lang", "name"), [("en", NAME_EN), ("ko", NAME_KO)])
def test_the_hostile_name_is_inert_in_the_browser(
    page, hostile_url: str, lang: str, name: str
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}{lang}/projects/{PROJECT}/")
    page.wait_for_load_state("load")
    assert name in page.locator("article h1").first.inner_text()
    assert page.title().startswith(name)
    assert page.locator("img[onerror], [onclick]").count() == 0
    page.goto(f"{hostile_url}en/about/")
    page.get_by_text("Attribute list handler").click()
    assert dialogs == []


def test_pages_work_under_the_content_security_policy(page, site_url: str) -> None:
    """Material's scripts run (search answers)
    and the browser reports no blocked script or style."""
    page.add_init_script(RECORD_VIOLATIONS)
    violations = []
    for path in ("", "ko/", "en/timeline/", f"ko/projects/{PROJECT}/", "en/no-such-page/"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        violations += page.evaluate("window.__violations")
    page.goto(site_url + "en/")
    page.keyboard.press("s")
    page.locator("input.md-search__input").focus()
    page.keyboard.type("Hyundai")
    page.locator(".md-search-result__item").first.wait_for()
    violations += page.evaluate("window.__violations")
    assert violations == []


def test_headers_for_hosts_carry_the_same_policy(built: Paths) -> None:
    home = (built.site_dir / "en" / "index.html").read_text(encoding="utf-8")
    meta_policy = re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', home
    ).group(1)
    assert "'unsafe-inline'" not in meta_policy and "'unsafe-eval'" not in meta_policy
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in home
    netlify = (built.site_dir / "_headers").read_text(encoding="utf-8")
    nginx = (built.site_dir / "nginx-security.conf").read_text(encoding="utf-8")
    for name, value in {
        "Content-Security-Policy": f"{meta_policy}; frame-ancestors 'none'",
        **headers.OTHER_HEADERS,
    }.items():
        assert f"  {name}: {value}\n" in netlify
        assert f'add_header {name} "{value}" always;\n' in nginx
    chooser_script = re.search(
        r"<style>(.*?)</style>", (built.site_dir / "index.html").read_text(encoding="utf-8"), re.S
    )
    if chooser_script:
        digest = base64.b64encode(
            hashlib.sha256(chooser_script.group(1).encode()).digest()
        ).decode()
        assert f"'sha256-{digest}'" in meta_policy
