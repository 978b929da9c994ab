"""Editorial pages: ``content/<lang>/**.md`` with YAML front matter."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from briefing.diagnostics import (
    N_,
    Diagnostic,
    Message,
    error,
    has_control_characters,
    visible,
    warning,
)
from briefing.inputs.input_files import (
    CONTROL_NAME_HINT,
    CONTROL_NAME_MESSAGE,
    InputTooLarge,
    UnreadableInput,
    read_input,
)
from briefing.inputs.load import LoadedYaml, load_yaml_text
from briefing.inputs.schema import (
    EVENT_NARRATIVE,
    FRONT_MATTER,
    LONG_TEXT_CHARS,
    SHORT_TEXT_CHARS,
)
from briefing.inputs.text_rules import (
    CUT_BY_COMMENT,
    CUT_BY_COMMENT_HINT,
    FORBIDDEN,
    PLACEHOLDER,
    PLACEHOLDER_HINT,
    forbidden_character,
    nfc,
    placeholder,
    text_tail,
)
from briefing.inputs.values import DATE_FORM, DATE_HINT, date_problem, future_problem
from briefing.views.urls import PAGES, page_source_path

# key -> required; schema.py describes them (schemas/front-matter.schema.json)
FRONT_MATTER_KEYS = {key: spec.required for key, spec in FRONT_MATTER.items()}
# An event's narrative is shown on the event's page, whose heading and description are the
# event's title and summary in data/events.yaml: one place to change them, so a title
# or a description written here would be ignored and is refused.
EVENT_NARRATIVE_KEYS = {key: FRONT_MATTER_KEYS[key] for key in EVENT_NARRATIVE}
FROM_EVENT_RECORD = {"title": "title", "description": "summary"}
EVENT_FIELD_IGNORED = N_(
    "'{key}' is not used in an event narrative: the event's page shows "
    "the event's '{field}' from data/events.yaml"
)
EVENT_FIELD_IGNORED_HINT = N_(
    "remove this line; to change the page's {key}, edit the event's '{field}' in data/events.yaml"
)
EMPTY_PAGE = Message("page has no text after its front matter")
EMPTY_PAGE_HINT = Message(
    "write the page's text under the closing '---', or remove the page in every language"
)
# A narrative is a few pages of prose; anything near this size is pasted data
# or an attack, and Markdown conversion of it would stall the build.
MAX_PAGE_BYTES = 1024 * 1024
FENCE = "---"


@dataclass
class ContentPage:
    """One Markdown page in one language."""

    path: str  # relative to content/<lang>/, e.g. "events/state-visit-2019.md"
    lang: str
    file: str  # as shown in messages, e.g. "content/ko/about.md"
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    # The files below content/ the page shows or links to ("ko/events/site.jpg", "files/mou.pdf"),
    # each found and checked by markdown_checks.check_pages; the build publishes these.
    files: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    def cited_sources(self) -> list[str]:
        """The ids of the sources the page's links cite on the sources page, in the order
        first cited: ``[Newspim, 27 September 2019](../sources.md#newspim-2019-09-27)``."""
        sources_page = page_source_path(PAGES["sources"])
        found: dict[str, None] = {}
        for token in _markdown().parse(self.body):
            for child in token.children or []:
                if child.type != "link_open":
                    continue
                parts = urlsplit(str(child.attrGet("href") or ""))
                if parts.scheme or not parts.fragment:
                    continue
                target = posixpath.join(posixpath.dirname(self.path), unquote(parts.path))
                if posixpath.normpath(target) == sources_page:
                    found.setdefault(unquote(parts.fragment))
        return list(found)


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def front_matter_keys(path: str) -> dict[str, bool]:
    """The keys a page's front matter may have, each with whether it is required;
    ``path`` is relative to ``content/<lang>/``."""
    return EVENT_NARRATIVE_KEYS if is_event_narrative(path) else FRONT_MATTER_KEYS


def is_event_narrative(path: str) -> bool:
    return path.startswith("events/") and path.count("/") == 1


def split_front_matter(
    text: str, file: str, path: str = ""
) -> tuple[dict, str, int, list[Diagnostic]]:
    """Front matter mapping, body, the body's first line, and problems;
    ``path`` (relative to ``content/<lang>/``) says which keys the page takes."""
    keys = front_matter_keys(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return (
            {},
            text,
            1,
            [
                error(
                    file,
                    1,
                    1,
                    Message("page has no front matter"),
                    Message("start the file with '---', title:, description:, updated:, '---'"),
                )
            ],
        )
    for end in range(1, len(lines)):
        if lines[end].strip() == FENCE:
            break
    else:
        return (
            {},
            text,
            1,
            [
                error(
                    file,
                    1,
                    1,
                    Message("front matter is not closed"),
                    Message("add a line with '---' after it"),
                )
            ],
        )
    loaded = load_yaml_text("\n".join(lines[1:end]), file, line_offset=1)
    problems = list(loaded.diagnostics)
    problems.extend(
        error(file, *loaded.where(path), message, hint, ".".join(map(str, path)))
        for path, message, hint in loaded.text_problems
    )
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    if loaded.data is not None and not isinstance(loaded.data, dict):
        problems.append(error(file, 2, 1, Message("front matter must be a mapping of keys")))
    for key, required in keys.items():
        if required and key not in meta and not loaded.diagnostics:
            problems.append(
                error(
                    file,
                    1,
                    1,
                    Message("front matter is missing '{key}'", key=key),
                    Message("add '{key}:' between the '---' lines", key=key),
                    key,
                )
            )
    for key in ("title", "description"):
        if key in meta and key not in keys:
            continue  # refused below
        if key in meta and not (isinstance(meta[key], str) and meta[key].strip()):
            line, col = loaded.where(
                (key,), key=not meta[key]
            )  # an empty value has no place of its own
            found = (
                Message("an empty value")
                if meta[key] is None or isinstance(meta[key], str)
                else Message(_KINDS.get(type(meta[key]), N_("a number")))
            )
            problems.append(
                error(
                    file,
                    line,
                    col,
                    Message("'{key}' must be text (found {found})", key=key, found=found),
                    Message(
                        "write the page's {key} after '{key}:', "
                        "in quotes if it starts with [ or {{",
                        key=key,
                    ),
                    key,
                )
            )
    for key in meta:
        if key in FROM_EVENT_RECORD and key not in keys:
            values = {"key": key, "field": FROM_EVENT_RECORD[key]}
            problems.append(
                error(
                    file,
                    *loaded.where((key,), key=True),
                    Message(EVENT_FIELD_IGNORED, **values),
                    Message(EVENT_FIELD_IGNORED_HINT, **values),
                    str(key),
                )
            )
        elif key not in keys:
            line, col = loaded.where((key,), key=True)
            problems.append(
                error(
                    file,
                    line,
                    col,
                    Message("unknown front matter key '{key}'", key=key),
                    Message("allowed: {choices}", choices=", ".join(keys)),
                    str(key),
                )
            )
    problems.extend(_text_slips(meta, keys, loaded, file))
    problems.extend(_updated_problems(meta, loaded, file))
    problems.extend(_length_problems({k: v for k, v in meta.items() if k in keys}, loaded, file))
    body = "\n".join(lines[end + 1 :])
    if not body.strip() and path != "index.md":  # the home page is generated; its text may wait
        problems.append(error(file, end + 1, 1, EMPTY_PAGE, EMPTY_PAGE_HINT))
    return meta, body, end + 2, problems


def _text_slips(meta: dict, keys: dict, loaded: LoadedYaml, file: str) -> list[Diagnostic]:
    """A title or description cut short by a comment (a warning), or a placeholder (an error),
    worded as in the data files (validate.text_slips)."""
    found = []
    for path, line, col, kept in loaded.cut_by_comment:
        if path and path[0] in ("title", "description") and path[0] in keys:
            found.append(
                warning(
                    file,
                    line,
                    col,
                    Message(CUT_BY_COMMENT, kept=text_tail(kept)),
                    CUT_BY_COMMENT_HINT,
                    str(path[0]),
                )
            )
    for key in ("title", "description"):
        value = meta.get(key)
        held = placeholder(value) if isinstance(value, str) and key in keys else None
        if held is not None:
            found.append(
                error(
                    file,
                    *loaded.where((key,)),
                    Message(PLACEHOLDER, placeholder=held),
                    PLACEHOLDER_HINT,
                    key,
                )
            )
    return found


def _length_problems(meta: dict, loaded: LoadedYaml, file: str) -> list[Diagnostic]:
    """Title and description go into every page head, the navigation and the books:
    bounded like the data's texts."""
    found = []
    for key, limit in (("title", SHORT_TEXT_CHARS), ("description", LONG_TEXT_CHARS)):
        value = meta.get(key)
        if isinstance(value, str) and len(value) > limit:
            line, col = loaded.where((key,))
            found.append(
                error(
                    file,
                    line,
                    col,
                    Message(
                        "text is {length} characters long; the limit is {limit}",
                        length=f"{len(value):,}",
                        limit=f"{limit:,}",
                    ),
                    Message("a title is a line and a description a sentence or two"),
                    key,
                )
            )
    return found


def _updated_problems(meta: dict, loaded: LoadedYaml, file: str) -> list[Diagnostic]:
    """``updated:`` is the page's 'as of' date: the build reads it as a date,
    so check reads it the same way."""
    if "updated" not in meta or meta["updated"] is None:
        return []
    text = str(meta["updated"])
    line, col = loaded.where(("updated",))
    if not DATE_FORM.match(text):
        return [
            error(
                file,
                line,
                col,
                Message("date must be written YYYY-MM-DD (found '{value}')", value=text[:40]),
                Message('e.g. 2019-04-22; 2019-04 or "2019" when the day or month is unknown'),
                "updated",
            )
        ]
    problem = date_problem(text)
    if problem:
        return [error(file, line, col, problem, DATE_HINT, "updated")]
    future = future_problem("updated", text)
    return [error(file, line, col, *future, "updated")] if future else []


_KINDS = {list: N_("a list"), dict: N_("a mapping"), bool: N_("true or false")}


def _forbidden_characters(body: str, body_line: int, file: str) -> list[Diagnostic]:
    """The first refused character (text_rules.py) of each line of a page's body."""
    found = []
    for index, line in enumerate(body.split("\n") if FORBIDDEN.search(body) else []):
        problem = forbidden_character(line)
        if problem is not None:
            found.append(error(file, body_line + index, problem[0] + 1, problem[1], problem[2]))
    return found


def read_content(
    content_dir: Path, root: Path, languages: tuple[str, ...]
) -> tuple[dict[str, dict[str, ContentPage]], list[Diagnostic]]:
    """All pages by language (``languages``: their codes) and path,
    plus problems found while reading."""
    pages: dict[str, dict[str, ContentPage]] = {}
    problems: list[Diagnostic] = []
    for lang in languages:
        pages[lang] = {}
        base = content_dir / lang
        for path in sorted(base.rglob("*.md")) if base.exists() else []:
            rel = path.relative_to(base).as_posix()
            display = (
                path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
            )
            if has_control_characters(display):
                # Such a name would write its own lines into a terminal or a CI log, and one
                # with a newline would publish a folder no link can name: refused, not read.
                problems.append(
                    error(visible(display), 1, 1, CONTROL_NAME_MESSAGE, CONTROL_NAME_HINT)
                )
                continue
            try:
                # newlines as Path.read_text gave them: CRLF and a lone CR end a line
                text = (
                    read_input(path, root, MAX_PAGE_BYTES)
                    .decode("utf-8-sig")
                    .replace("\r\n", "\n")
                    .replace("\r", "\n")
                )
            except InputTooLarge as exc:
                problems.append(
                    error(
                        display,
                        1,
                        1,
                        Message(
                            "page is too large ({size} bytes; the limit is {limit})",
                            size=f"{exc.size:,}",
                            limit=f"{MAX_PAGE_BYTES:,}",
                        ),
                        Message("split it into several pages or remove pasted data"),
                    )
                )
                pages[lang][rel] = ContentPage(
                    rel, lang, display
                )  # still counts for the ko/en pairing
                continue
            except UnreadableInput as exc:
                problems.append(error(display, 1, 1, exc.message, exc.hint))
                pages[lang][rel] = ContentPage(rel, lang, display)
                continue
            except UnicodeDecodeError:
                problems.append(
                    error(
                        display,
                        1,
                        1,
                        Message("file is not valid UTF-8"),
                        Message("save the file as UTF-8"),
                    )
                )
                continue
            text = nfc(text)  # see text_rules.py
            meta, body, body_line, found = split_front_matter(text, display, rel)
            problems.extend(found)
            problems.extend(_forbidden_characters(body, body_line, display))
            pages[lang][rel] = ContentPage(rel, lang, display, meta, body, body_line)
    return pages, problems
