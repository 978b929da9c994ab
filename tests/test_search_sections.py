"""briefing/engine/search_sections.py: the search plugin's sections, split faster, exactly as before."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser as MaterialParser

from briefing import engine
from briefing.engine import search_sections
from briefing.engine.search_sections import SectionParser
from briefing.pipeline import Paths, language_builds


def sections(parser_class, content: str) -> list[tuple]:
    parser = parser_class()
    parser.feed(content)
    parser.close()
    return [(s.el.tag, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


@pytest.fixture(scope="module")
def page_contents(built: Paths, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The content of every real page as the search plugin receives it (after our page hooks)."""
    seen: list[str] = []
    feed = SectionParser.feed

    def recording_feed(self, content: str) -> None:
        seen.append(content)
        feed(self, content)

    out = tmp_path_factory.mktemp("sections")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SectionParser, "feed", recording_feed)
        for build in language_builds(built, built.cache_dir / "stage", out):
            engine.build_language(build)
    return seen


def test_every_real_page_is_split_as_the_plugin_splits_it(page_contents: list[str]) -> None:
    assert len(page_contents) > 80  # both languages' pages went through it
    for content in page_contents:
        assert search_sections._tokens(content) is not None  # the fast way, not the fallback
        assert sections(SectionParser, content) == sections(MaterialParser, content)


@pytest.mark.parametrize("content", [
    "",
    "plain text before any tag",
    '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>Intro &amp; more</p>',
    '<h2 id="a">Not first</h2><p>text</p><h3 id="b">Sub</h3><ul><li>one</li><li> </li></ul>',
    '<div><h2 id="nested">In a div</h2><p>inside</p></div><p>after the div</p>',
    '<p>a</p><p> </p><p>\n</p><pre><code>line 1\n  line 2</code></pre>',
    '<div data-search-exclude><p>hidden</p><div>inner</div>shown again</div><p>after</p>',
    '<table class="linenodiv"><tr><td>1</td></tr></table><p>code</p>',
    '<p>break<br>here<br/>and <img src="x.png" alt="a > b"> there</p>',
    '<p title=\'single\' data-x=bare hidden>attributes</p><P CLASS="x">upper</P>',
    '<p>entities: &lt;tag&gt; &#44032; &nbsp; &quot;q&quot;</p>',
    '<p>a stray < sign</p>',  # not in the simple grammar: the plugin's own parser
    '<p>before</p><script>var s = "<p>";</script><p>after</p>',
    '<!-- a comment --><p>text</p>',
    '<h2 id="x">Heading <code>code</code></h2><p>body</p><span/>',
])
def test_edge_cases_are_split_as_the_plugin_splits_them(content: str) -> None:
    assert sections(SectionParser, content) == sections(MaterialParser, content)


def test_a_stray_angle_bracket_goes_to_the_plugins_own_parser() -> None:
    assert search_sections._tokens("<p>a < b</p>") is None
    assert search_sections._tokens('<p class="a>b">x</p>') is not None
