"""The checker's messages in each of the briefing's languages (``--lang``).

Messages are written once in English as ``Message`` templates; the catalogs of ``locale/``
say them in the other languages. What an editor notices: a problem printed wholly in the
language asked for (never half in each), the same file, line and column, and the
machine-readable ``error``/``warning`` kept for editors' problem matchers and GitHub.
"""

from __future__ import annotations

import io
import pickle
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from briefing.__main__ import language_from_environment
from briefing.commands.i18n import extract
from briefing.config import read_config
from briefing.diagnostics import (
    Diagnostic,
    Message,
    MessageLanguage,
    error,
    said,
    step_summary,
)
from briefing.inputs.parse_cache import _KeptUnpickler
from briefing.views.i18n import MESSAGE_LANGUAGE, catalog_path, message_language
from tests.helpers import run_check_cli
from tests.inputs.test_check import CASES_DIR, apply_case, load_case

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def korean() -> MessageLanguage:
    language = message_language(ROOT, "ko")
    assert language is not None
    return language


def missing_page(root: Path = ROOT) -> Diagnostic:
    briefing = read_config(root)
    return error(
        "content/en/contact.md",
        1,
        1,
        Message("page has no {language} version", language=briefing.language_name("ko")),
        Message("add {path}", path="content/ko/contact.md"),
    )


def test_a_message_is_its_english_text() -> None:
    message = Message("add {path}", path="content/ko/contact.md")
    assert message == "add content/ko/contact.md"
    assert (message.template, message.params) == ("add {path}", {"path": "content/ko/contact.md"})
    assert missing_page().format() == (
        "content/en/contact.md:1:1: error: page has no Korean version (add content/ko/contact.md)"
    )


def test_a_message_without_fields_is_shown_as_written() -> None:
    """Braces are fields only in a template that has some: "{ #id }" needs no escaping."""
    assert Message("remove it from the { … } list") == "remove it from the { … } list"
    assert Message("{{ {name} }}", name="x") == "{ x }"


def test_korean_says_the_message_and_the_language_name_in_korean() -> None:
    line = missing_page().format(korean())
    assert line == (
        "content/en/contact.md:1:1: error: 이 페이지의 한국어판이 없습니다 "
        "(content/ko/contact.md 파일을 추가합니다)"
    )
    english = Message(
        "page has no {language} version", language=read_config(ROOT).language_name("en")
    )
    assert said(english, korean()) == "이 페이지의 영어판이 없습니다"


def test_a_message_without_a_translation_stays_wholly_english() -> None:
    """A language whose catalog lacks the template prints the English message, with the
    language's name in English too: never "page has no 한국어 version"."""
    without_catalog = MessageLanguage("xx", "ko_KR", {})
    assert missing_page().format(without_catalog) == missing_page().format()


def test_values_from_the_input_are_never_translated() -> None:
    """A file name that happens to be a template of the catalog is shown as written."""
    message = Message("add {path}", path="error")
    assert said(message, korean()) == "error 파일을 추가합니다"


def test_a_kept_diagnostic_is_said_in_korean_after_the_cache() -> None:
    """The checks kept in .cache/ come back as messages that can still be translated."""
    kept = pickle.dumps([missing_page()], protocol=pickle.HIGHEST_PROTOCOL)
    (back,) = _KeptUnpickler(io.BytesIO(kept)).load()
    assert back == missing_page()
    assert back.format(korean()) == missing_page().format(korean())


def test_the_machine_readable_parts_stay_as_they_are() -> None:
    """Problem matchers and GitHub read ``error``/``warning`` and the field: only the message
    and its hint are translated."""
    diagnostic = Diagnostic(
        "data/projects.yaml", 3, 5, "warning", Message("data file is missing"), field="projects"
    )
    assert diagnostic.format(korean()) == (
        "data/projects.yaml:3:5: warning: projects: 데이터 파일이 없습니다"
    )
    assert diagnostic.format_github(korean()) == (
        "::warning file=data/projects.yaml,line=3,col=5::projects: 데이터 파일이 없습니다"
    )


def test_the_step_summary_is_in_the_language_asked_for() -> None:
    summary = step_summary([missing_page()], korean())
    assert "오류 1개, 경고 0개" in summary
    assert "| 파일 | 줄 | 열 | 심각도 | 문제 |" in summary
    assert "| 오류 |" in summary and "이 페이지의 한국어판이 없습니다" in summary
    english = step_summary([missing_page()])
    assert "1 error(s), 0 warning(s)" in english and not HANGUL.search(english)


def brace_fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("code", [c for c in read_config(ROOT).codes if c != MESSAGE_LANGUAGE])
def test_every_message_of_the_code_has_a_translation_with_the_same_fields(code: str) -> None:
    """Every string the package marks (``Message``, ``N_``…) is translated, and a translation
    fills exactly the template's fields: a misspelt field would stop the printing."""
    catalog = read_po(io.BytesIO(catalog_path(ROOT / "locale", code).read_bytes()), locale=code)
    translations = {  # a plural message by its singular, with its first form
        m.id if isinstance(m.id, str) else m.id[0]: m.string
        if isinstance(m.string, str)
        else m.string[0]
        for m in catalog
        if m.id and not m.fuzzy
    }
    problems = []
    for message in extract(ROOT):
        if not any(path.startswith("briefing/") for path, _ in message.locations):
            continue
        template = message.id if isinstance(message.id, str) else message.id[0]
        translation = translations.get(template)
        if not translation:
            problems.append(f"untranslated: {template!r}")
        elif brace_fields(translation) != brace_fields(template):
            problems.append(f"fields differ: {template!r} -> {translation!r}")
    assert problems == []


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # LC_ALL overrides
        ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # not a language of the briefing
        ({"LANG": "ko"}, "ko"),
        ({}, "en"),
    ],
)
def test_the_language_defaults_from_the_locale(environment: dict, expected: str) -> None:
    assert language_from_environment(("ko", "en"), environment) == expected


def test_check_speaks_the_locale_s_language_and_lang_overrides_it(
    project: Path, tmp_path: Path
) -> None:
    apply_case(load_case(CASES_DIR / "page-missing-in-one-language.yaml"), project)
    summary = tmp_path / "summary.md"
    in_korean = run_check_cli(project, LANG="ko_KR.UTF-8", GITHUB_STEP_SUMMARY=str(summary))
    assert in_korean.returncode == 1
    assert missing_page(project).format(korean()) in in_korean.stdout.splitlines()
    assert re.fullmatch(r"오류 1개, 경고 \d+개, [\d.]+초\n", in_korean.stderr)
    assert "이 페이지의 한국어판이 없습니다" in summary.read_text(encoding="utf-8")

    in_english = run_check_cli(project, "--lang", "en", LANG="ko_KR.UTF-8")
    assert missing_page(project).format() in in_english.stdout.splitlines()
    assert not HANGUL.search(in_english.stdout + in_english.stderr)

    github = run_check_cli(project, "--format", "github", "--lang", "ko")
    assert (
        "::error file=content/en/contact.md,line=1,col=1::이 페이지의 한국어판이 없습니다 "
        "(content/ko/contact.md 파일을 추가합니다)"
    ) in github.stdout.splitlines()


def test_a_language_the_briefing_does_not_have_is_refused(project: Path) -> None:
    result = run_check_cli(project, "--lang", "fr")
    assert result.returncode == 2
    assert "--lang fr: not a language of this briefing (ko, en)" in result.stderr


def test_a_stopped_build_says_why_in_the_language_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from briefing.commands.stopped import report_stop
    from briefing.diagnostics import InputError

    assert report_stop(InputError([missing_page()]), "build", language=korean()) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        missing_page().format(korean()),
        "빌드 작업이 멈췄습니다: 입력에 오류가 1개 있습니다. site/는 바뀌지 않았습니다",
    ]
    assert report_stop(InputError([missing_page()]), "build") == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "build stopped: 1 error(s) in the input; site/ was not changed"
    )
