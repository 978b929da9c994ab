"""``build.py serve`` as editors use it: the open page follows each save, errors show in it.

The browser tests run the real command on a copy of the project and drive
Debian's Chromium (fixtures in conftest.py); the others talk HTTP to the
preview's server over a copy of the project.
"""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.commands import serve
from briefing.commands.serve import Preview, make_server, rebuild
from briefing.config import read_config
from briefing.pipeline import Paths
from tests.helpers import copy_built_project

ROOT = Path(__file__).resolve().parents[2]
# A file name and texts an editor's files could hold, each a way to run a script if not escaped.
HOSTILE_NAME = "<img src=x onerror=alert(1)>.md"
HOSTILE_LINE = (
    'content/en/<script>alert("file")</script>.md:3:7: error: <b>bold</b> & '
    "<img src=x onerror=alert(2)> (hint: <svg onload=alert(3)>)"
)
FAILED = {"en": "The last rebuild failed", "ko": "마지막 다시 빌드가 실패했습니다"}
NO_PDF = {"en": "This PDF is not in the preview", "ko": "미리보기에는 이 PDF가 없습니다"}


@dataclass
class Response:
    status: int
    content_type: str
    text: str


def get(url: str, language: str = "") -> Response:
    request = urllib.request.Request(url, headers={"Accept-Language": language} if language else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Response(
                response.status, response.headers["Content-Type"], response.read().decode()
            )
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers["Content-Type"], error.read().decode())


@contextmanager
def preview_server(paths: Paths, preview: Preview) -> Iterator[str]:
    """The preview's HTTP server (no watcher) on a free port; yields its base URL."""
    server = make_server(paths, preview, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def preview_of(project: Path) -> Preview:
    return Preview(project, read_config(project).codes)


def fake_site(project: Path) -> None:
    """A small site/ standing for a built one (the HTTP tests need no real build)."""
    for code in read_config(project).codes:
        page = project / "site" / code / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!doctype html><html lang="{code}"><body><h1>Home {code}</h1></body></html>\n',
            encoding="utf-8",
        )


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside each <code>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.codes: list[str] = []
        self._in_code = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "code":
            self._in_code = True
            self.codes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.codes[-1] += data


def test_a_file_saved_in_two_steps_is_built_once_it_is_whole(tmp_path: Path) -> None:
    """Editors that save in place empty the file, then write it: the watcher waits for the
    second step, and tells the steps apart even when they carry the same time."""
    page = tmp_path / "content" / "en" / "about.md"
    page.parent.mkdir(parents=True)
    page.write_text("# About\n\nThe old text.\n", encoding="utf-8")
    before = serve.snapshot(tmp_path)
    stamp = page.stat().st_mtime_ns
    page.write_text("", encoding="utf-8")  # the first step
    os.utime(page, ns=(stamp, stamp))
    emptied = serve.snapshot(tmp_path)
    assert emptied != before
    # polls: the second step happens before the first, nothing during the second
    steps = [lambda: page.write_text("# About\n\nThe new text.\n", encoding="utf-8"), None]
    settled = serve.settled(tmp_path, emptied, wait=lambda: (steps.pop(0) or (lambda: None))())
    assert settled == serve.snapshot(tmp_path) != emptied
    assert steps == []


# -- PDFs ------------------------------------------------------------------------------------
@pytest.mark.build
def test_a_serve_rebuild_keeps_the_pdfs_an_earlier_build_wrote(project: Path) -> None:
    paths = Paths(project)
    assert rebuild(paths)
    # What `build.py build` or `build.py pdf` left: the books and a fact sheet.
    earlier = {
        "en/downloads/briefing-en.pdf": b"%PDF-1.7 the English book",
        "ko/downloads/briefing-ko.pdf": b"%PDF-1.7 the Korean book",
        "en/downloads/projects/turkistan-highway.pdf": b"%PDF-1.7 a fact sheet",
    }
    for name, data in earlier.items():
        (paths.site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (paths.site_dir / name).write_bytes(data)
    page = project / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited meanwhile.\n", encoding="utf-8")

    assert rebuild(paths)

    about = (paths.site_dir / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert "Edited meanwhile." in about  # a new site/ was swapped in...
    for name, data in earlier.items():  # ...and the PDFs came along
        assert (paths.site_dir / name).read_bytes() == data
    # the preview's script is added as pages are sent, never written into site/
    assert not [p for p in paths.site_dir.rglob("*.html") if "__preview" in p.read_text("utf-8")]


def test_a_missing_pdf_says_where_pdfs_come_from_in_the_readers_language(project: Path) -> None:
    fake_site(project)
    book = project / "site" / "en" / "downloads" / "briefing-en.pdf"
    book.parent.mkdir(parents=True)
    book.write_bytes(b"%PDF-1.7 made by build.py build")
    preview = preview_of(project)
    with preview_server(Paths(project), preview) as url:
        present = get(url + "en/downloads/briefing-en.pdf")
        english = get(url + "en/downloads/projects/turkistan-highway.pdf")
        korean = get(url + "ko/downloads/briefing-ko.pdf")
        preview.record(["content/ko/about.md:1:1: error: broken"])
        after_a_failure = get(url + "ko/downloads/briefing-ko.pdf")
    assert (present.status, present.content_type, present.text) == (
        200,
        "application/pdf",
        "%PDF-1.7 made by build.py build",
    )
    for response, lang in ((english, "en"), (korean, "ko")):
        assert response.status == 404 and response.content_type.startswith("text/html")
        assert f'<html lang="{lang}">' in response.text
        assert NO_PDF[lang] in response.text
        assert "<code>build.py build</code>" in response.text
        assert "<code>build.py pdf</code>" in response.text
        assert FAILED[lang] not in response.text
    # after a failed rebuild: where PDFs come from, and the problems
    assert after_a_failure.status == 404
    assert NO_PDF["ko"] in after_a_failure.text and FAILED["ko"] in after_a_failure.text
    assert Elements(after_a_failure.text).codes[-1] == "content/ko/about.md:1:1: error: broken"


# -- a failed rebuild ------------------------------------------------------------------------
def test_when_the_first_build_fails_every_address_shows_its_errors(project: Path) -> None:
    """No site/ yet and the build fails: the problems instead of a 404, file names escaped."""
    (project / "content" / "en" / HOSTILE_NAME).write_text(
        "---\ntitle: Broken\n---\n\nText <script>alert(4)</script>\n", encoding="utf-8"
    )
    paths = Paths(project)
    preview = preview_of(project)
    assert not rebuild(paths, preview=preview)
    assert not paths.site_dir.exists()
    with preview_server(paths, preview) as url:
        responses = {
            "/": get(url, "ko-KR,ko;q=0.9,en;q=0.8"),
            "/en/": get(url + "en/"),
            "/ko/projects/": get(url + "ko/projects/"),
        }
    for address, response in responses.items():
        lang = "en" if address.startswith("/en/") else "ko"
        assert response.status == 503, address
        assert FAILED[lang] in response.text, address
        shown = Elements(response.text).codes
        assert len(shown) == len(preview.status.problems) >= 2
        # every problem as the terminal prints it, the hostile name shown as text
        assert shown == list(preview.status.problems)
        assert f"content/en/{HOSTILE_NAME}:1:1: error:" in "\n".join(shown)
        assert "<img" not in response.text and html.escape(HOSTILE_NAME) in response.text


def test_the_panel_of_a_failed_rebuild_shows_hostile_text_as_text(project: Path) -> None:
    fake_site(project)
    preview = preview_of(project)
    preview.record([HOSTILE_LINE])
    with preview_server(Paths(project), preview) as url:
        korean = get(url + "ko/")
        missing = get(url + "en/a-page-the-failed-build-would-have-made/")
    assert korean.status == 200 and "<h1>Home ko</h1>" in korean.text
    assert FAILED["ko"] in korean.text
    elements = Elements(korean.text)
    assert elements.codes == [HOSTILE_LINE]
    tags = {tag for tag, _attrs in elements.tags}
    assert not tags & {"img", "svg", "b"}
    scripts = [attrs.get("src") for tag, attrs in elements.tags if tag == "script"]
    assert scripts == ["/__preview/preview.js"]
    assert not any(name.startswith("on") for _tag, attrs in elements.tags for name in attrs)
    # a page the last good build does not have: the problems, not a bare 404
    assert missing.status == 404 and FAILED["en"] in missing.text
    assert Elements(missing.text).codes == [HOSTILE_LINE]


def test_pages_carry_the_version_and_the_panel_goes_after_a_good_rebuild(project: Path) -> None:
    fake_site(project)
    preview = preview_of(project)
    with preview_server(Paths(project), preview) as url:
        first = get(url + "__preview/version").text
        preview.record(["content/en/about.md:1:1: error: broken"])
        failed = get(url + "en/")
        second = get(url + "__preview/version").text
        preview.record([])
        fixed = get(url + "en/")
        third = get(url + "__preview/version").text
        script = get(url + "__preview/preview.js")
    assert len({first, second, third}) == 3
    assert f'data-version="{second}"' in failed.text and FAILED["en"] in failed.text
    assert f'data-version="{third}"' in fixed.text and FAILED["en"] not in fixed.text
    assert script.status == 200 and "location.reload()" in script.text


# -- in the browser --------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_serve(project: Path, log: Path) -> Iterator[str]:
    """``build.py serve`` on ``project`` in its own process; yields its URL once it serves."""
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project), "serve"]
            + ["--port", str(port)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 300
            while get_or_none(url + "__preview/version") is None:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"build.py serve did not start:\n{log.read_text('utf-8')}")
                time.sleep(0.2)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # its engine processes end with it
            server.wait(timeout=30)


def get_or_none(url: str) -> Response | None:
    try:
        return get(url)
    except OSError:
        return None


def console_errors(page) -> list[str]:  # noqa: ANN001 (a Playwright page)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


FIXTURE_TIERS = {"served": "build"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def served(built: Paths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A copy of the run's build under ``build.py serve``: (the project, the server's URL).

    What the command prints is in ``serve_output(project)``."""
    root = tmp_path_factory.mktemp("serve")
    project = copy_built_project(built.root, root / "project")  # Kiwi's readings kept
    with running_serve(project, root / "serve.log") as url:
        yield project, url


def serve_output(project: Path) -> str:
    """What ``build.py serve`` has printed so far (the ``served`` fixture's log)."""
    return (project.parent / "serve.log").read_text(encoding="utf-8")


def wait_until(what: str, condition: Callable[[], bool], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def test_a_saved_page_is_served_and_broken_data_keeps_the_last_good_site(
    served: tuple[Path, str],
) -> None:
    """Over HTTP, as any browser gets it: the page follows a save; a data file saved with a
    mistake leaves the last good site served, and both the terminal and the page say why."""
    project, url = served
    page, events = project / "content" / "en" / "about.md", project / "data" / "events.yaml"
    page_text, events_text = (path.read_text(encoding="utf-8") for path in (page, events))
    try:
        page.write_text(page_text + "\nSaved while serving.\n", encoding="utf-8")
        wait_until("the saved page", lambda: "Saved while serving." in get(url + "en/about/").text)
        broken = events_text.replace("start: 2019-09-27", "start: 2019.09.27", 1)
        events.write_text(broken, encoding="utf-8")
        line = broken[: broken.index("2019.09.27")].count("\n") + 1
        wait_until("the failed rebuild", lambda: FAILED["en"] in get(url + "en/about/").text)
        about = get(url + "en/about/")
        problems = Elements(about.text).codes
        printed = serve_output(project).splitlines()
        assert about.status == 200 and "Saved while serving." in about.text  # the last good site
        assert "rebuild failed; still serving the last good site" in printed[-1]
        wrong_date = [
            problem
            for problem in problems
            if problem.startswith(f"data/events.yaml:{line}:")
            and "date must be written YYYY-MM-DD" in problem
        ]
        assert len(wrong_date) == 1, problems
        assert wrong_date[0] in printed, printed[-5:]
    finally:
        page.write_text(page_text, encoding="utf-8")
        events.write_text(events_text, encoding="utf-8")
    # the next good rebuild takes the panel away (the module's other tests need a good site)
    wait_until("the repaired site", lambda: FAILED["en"] not in get(url + "en/about/").text)
    assert "Saved while serving." not in get(url + "en/about/").text
    assert serve_output(project).splitlines()[-1].startswith("rebuilt in ")


def test_a_saved_page_reloads_in_the_browser_and_a_broken_one_shows_the_error(
    page,  # noqa: ANN001 (a Playwright page)
    served: tuple[Path, str],
) -> None:
    project, url = served
    source = project / "content" / "en" / "about.md"
    original = source.read_text(encoding="utf-8")
    errors = console_errors(page)
    page.goto(url + "en/about/")
    page.evaluate("window.notReloaded = true")  # gone once the page reloads by itself
    try:
        source.write_text(original + "\nQuokkafinch saw this preview.\n", encoding="utf-8")
        page.get_by_text("Quokkafinch saw this preview.").wait_for(timeout=120_000)
        assert page.evaluate("window.notReloaded") is None
        assert page.url == url + "en/about/"

        source.write_text(original + "\nBroken <script>alert(5)</script>\n", encoding="utf-8")
        panel = page.locator(".briefing-preview")
        panel.wait_for(timeout=120_000)
        assert FAILED["en"] in panel.inner_text()
        problem = panel.locator("li code").first.inner_text()
        assert problem.startswith("content/en/about.md:")
        assert "error: raw HTML <script> is not allowed" in problem
        # the last good site stays under the panel
        assert "Quokkafinch saw this preview." in page.locator("article").inner_text()

        source.write_text(original, encoding="utf-8")
        # a rebuild may start while the file is half written and reload the page once more,
        # so wait for the end state rather than for the first reload
        page.wait_for_function(
            "() => !document.querySelector('.briefing-preview')"
            " && !document.querySelector('article').innerText.includes('Quokkafinch')",
            timeout=120_000,
        )
    finally:
        # Saving the same text again would start one more rebuild, whose reload could
        # interrupt the module's next test.
        if source.read_text(encoding="utf-8") != original:
            source.write_text(original, encoding="utf-8")
    assert errors == []  # the preview's script and style pass the pages' Content-Security-Policy


@pytest.mark.parametrize("download", [False, True], ids=["link", "download link"])
def test_a_link_to_a_pdf_the_preview_lacks_opens_the_help(
    page,  # noqa: ANN001 (a Playwright page)
    served: tuple[Path, str],
    download: bool,
) -> None:
    """Without a PDF the link opens the help; a ``download`` link (the volumes of a briefing past
    100 projects) would save that page under the PDF's name, so the preview's script opens it."""
    _project, url = served
    page.goto(url + "ko/downloads/")
    link = page.locator('a[href="briefing-ko.pdf"]').first
    if download:
        link.evaluate("link => link.setAttribute('download', '')")
    link.click()
    page.wait_for_url(url + "ko/downloads/briefing-ko.pdf")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert NO_PDF["ko"] in page.locator("summary").inner_text()


def test_a_download_link_to_a_pdf_an_earlier_build_made_downloads_it(
    page,  # noqa: ANN001 (a Playwright page)
    served: tuple[Path, str],
) -> None:
    project, url = served
    book = project / "site" / "ko" / "downloads" / "briefing-ko.pdf"
    book.write_bytes(b"%PDF-1.7 made by build.py pdf")
    page.goto(url + "ko/downloads/")
    link = page.locator('a[href="briefing-ko.pdf"]').first
    link.evaluate("link => link.setAttribute('download', '')")
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == b"%PDF-1.7 made by build.py pdf"
    assert page.url == url + "ko/downloads/"
