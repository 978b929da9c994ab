"""Translation staleness: which side of a page or a record's text changed after its counterpart.

In the style of Kubernetes' ``scripts/lsync.sh``: when the Korean side of a
page changed in commits the English side has not followed (or the other way
round), warn on the stale side and say what changed since, with the commits
and a diff stat of the newer side. Record texts (``name``, ``summary``,
``title``…) are compared line by line with one ``git blame`` per data file.

A commit that changes both sides keeps them in step. When one side is brought
up to date in a commit of its own, or an editor checked that a change needs no
translation, a trailer line in the commit message marks the pair as in step
as of that commit (naming either file of a page pair will do)::

    Translation-checked: content/en/about.md
    Translation-checked: data/events.yaml#summit-2019   (the texts of one record)
    Translation-checked: data/events.yaml               (every record of the file)

Without git, or in a shallow clone, one warning says so and nothing is compared.
"""

from __future__ import annotations

import bisect
import datetime
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from briefing.config import Briefing
from briefing.diagnostics import N_, Diagnostic, Message, warning
from briefing.inputs.content import ContentPage
from briefing.inputs.load import LoadedYaml
from briefing.inputs.schema import DATA_FILE_BY_KIND, DATA_FILES
from briefing.inputs.text_rules import placeholder
from briefing.views.urls import event_url, page_source_path, project_url

TRAILER = "Translation-checked"
UNCOMMITTED = 2**62  # the rank of uncommitted changes: newer than every commit
ZERO_SHA = "0" * 40
FIELD = "translation"
MAX_LISTED = 3  # commits named in one message

# Each warning stands on the newer side, at its change: where the editor who made it looks.
PAGE_NEWER = N_("this page changed after the {language} page {other} since {base}: {changes}")
PAGE_NEWER_NO_BASE = N_("this page changed after the {language} page {other}: {changes}")
PAGE_NEWER_HINT = N_(
    "see the changes with: git diff {base} -- {this}; bring {other} up to date "
    "and add the line '{trailer}' to the commit message (also when no change is needed)"
)
PAGE_NEWER_HINT_NO_BASE = N_(
    "bring {other} up to date and add the line '{trailer}' to the commit message "
    "(also when no change is needed)"
)
TEXT_NEWER = N_(
    "this text changed after the {language} text ({code}:, line {line}) in {change} ({date})"
)
TEXT_NEWER_UNCOMMITTED = N_(
    "this text changed after the {language} text ({code}:, line {line}) in uncommitted changes"
)
TEXT_NEWER_HINT = N_(
    "bring the {language} text up to date and add the line '{trailer}' to the commit message "
    "(also when no change is needed)"
)
# git diff --shortstat's counts, said again in the printed language
SHORTSTAT_PART = re.compile(r"(\d+) (insertion|deletion)s?\(([+-])\)")


@dataclass(frozen=True, order=True)
class Change:
    """When a file or some lines last changed: a commit, or uncommitted edits."""

    # position in `git rev-list --topo-order` counted from the oldest (newer is larger); UNCOMMITTED
    rank: int
    time: int = field(default=0, compare=False)  # committer time, for dates
    sha: str = field(default="", compare=False)
    subject: str = field(default="", compare=False)

    @property
    def committed(self) -> bool:
        return self.rank != UNCOMMITTED

    def describe(self) -> str:
        if self.committed:
            return f"{self.sha[:7]} {self.subject}"  # the commit's own subject, as written
        return Message("uncommitted changes")


@dataclass
class History:
    """What git says about ``content/`` and ``data/``, paths relative to the project root."""

    root: Path
    commits: dict[str, Change] = field(default_factory=dict)
    touched: dict[str, list[Change]] = field(default_factory=dict)  # path -> changes, newest first
    dirty: set[str] = field(default_factory=set)
    checked: dict[str, Change] = field(
        default_factory=dict
    )  # trailer value -> latest commit naming it
    blame: dict[str, dict[int, tuple[Change, str]]] = field(
        default_factory=dict
    )  # path -> line -> (change, text)
    ranks: dict[str, int] = field(
        default_factory=dict
    )  # commit -> position in history, newer is larger

    def last(self, path: str) -> Change | None:
        if path in self.dirty:
            return self.uncommitted(path)
        changes = self.touched.get(path)
        return changes[0] if changes else None

    def uncommitted(self, path: str) -> Change:
        return Change(UNCOMMITTED, 0, "", _mtime_date(self.root / path))

    def effective(self, last: Change | None, *names: str) -> Change | None:
        """The later of a side's last change and the latest trailer naming it."""
        candidates = [c for c in (last, *(self.checked.get(n) for n in names)) if c is not None]
        return max(candidates) if candidates else None

    def since(self, path: str, older: Change) -> list[Change]:
        """Changes to ``path`` newer than ``older``, newest first."""
        newer = [c for c in self.touched.get(path, []) if c > older]
        return ([self.uncommitted(path)] if path in self.dirty else []) + newer


@dataclass
class Staleness:
    """Warnings for the checker,
    and for the build which pages show the 'other language is newer' notice."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    notices: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> page -> ISO date

    def notice(self, lang: str, page: str, since: Change) -> None:
        date = change_date(since)
        pages = self.notices.setdefault(lang, {})
        pages[page] = max(pages.get(page, ""), date)


def change_date(change: Change) -> str:
    if not change.committed:
        return change.subject  # the file's modification date, see History.uncommitted
    return datetime.datetime.fromtimestamp(change.time, datetime.UTC).date().isoformat()


def _mtime_date(path: Path) -> str:
    try:
        return (
            datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).date().isoformat()
        )
    except OSError:
        return datetime.datetime.now(datetime.UTC).date().isoformat()


# -- reading git --------------------------------------------------------------------------


class NoHistory(Exception):
    """Git or the history is missing: say why once, compare nothing."""


def _git(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        ["git", "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def _output(process: subprocess.Popen) -> tuple[int, str]:
    out, _err = process.communicate()
    return process.returncode, out.decode("utf-8", "replace")


class GitReader:
    """The few git commands, started at once so that they run while the checker reads the files.

    ``history()`` waits for them and parses their output.
    """

    def __init__(self, root: Path, data_files: list[str]):
        self.root = root
        self.problem = ""
        try:
            self.prefix, self.processes = _start(root, data_files)
        except NoHistory as exc:
            self.problem = exc.args[0]

    def history(self) -> History:
        if self.problem:
            raise NoHistory(self.problem)
        return _collect(self.root, self.prefix, **self.processes)

    def stop(self) -> None:
        """Stop the commands when their answer is no longer wanted (the inputs had errors)."""
        if self.problem:
            return
        running = [p for name, p in self.processes.items() if name != "blames"] + list(
            self.processes["blames"].values()
        )
        for process in running:
            if process.poll() is None:
                process.kill()
            process.communicate()


def start_history(root: Path) -> GitReader:
    """Start reading git for the project at ``root`` (its data files are known in advance)."""
    return GitReader(root, [f"data/{data_file.filename}" for data_file in DATA_FILES])


def _start(root: Path, data_files: list[str]) -> tuple[str, dict]:
    if shutil.which("git") is None:
        raise NoHistory(Message("git is not installed"))
    code, out = _output(_git(root, "rev-parse", "--show-prefix", "--is-shallow-repository"))
    if code != 0:
        raise NoHistory(Message("this folder is not a git checkout"))
    prefix, shallow = (out.split("\n") + ["", ""])[:2]
    if shallow.strip() == "true":
        raise NoHistory(
            Message(
                "this is a shallow clone "
                "(fetch the full history, e.g. actions/checkout with fetch-depth: 0)"
            )
        )
    fmt = f"%x1e%H%x1f%ct%x1f%s%x1f%(trailers:key={TRAILER},valueonly,separator=%x1f)"
    order = _git(root, "rev-list", "--topo-order", "HEAD")
    log = _git(
        root,
        "log",
        "--topo-order",
        f"--format={fmt}",
        "--name-only",
        "--relative",
        "--",
        "content",
        "data",
    )
    trailers = _git(root, "log", "--topo-order", "-i", f"--grep=^{TRAILER}:", f"--format={fmt}")
    status = _git(
        root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "content", "data"
    )
    blames = {
        path: _git(root, "blame", "--porcelain", "--", path)
        for path in data_files
        if (root / path).is_file()
    }
    return prefix, {
        "order": order,
        "log": log,
        "trailers": trailers,
        "status": status,
        "blames": blames,
    }


def _collect(
    root: Path,
    prefix: str,
    order: subprocess.Popen,
    log: subprocess.Popen,
    trailers: subprocess.Popen,
    status: subprocess.Popen,
    blames: dict[str, subprocess.Popen],
) -> History:
    history = History(root)
    code, out = _output(order)
    if code != 0:
        for process in (log, trailers, status, *blames.values()):
            process.communicate()
        raise NoHistory(Message("git has no history here yet (no commits)"))
    shas = out.split()
    history.ranks = {sha: len(shas) - index for index, sha in enumerate(shas)}
    _code, out = _output(log)
    for entry in out.split("\x1e"):
        if not entry.strip():
            continue
        head, _, names = entry.partition("\n")
        change = _parse_commit(head, history.ranks)
        history.commits[change.sha] = change
        for name in names.split("\n"):
            if name.strip():
                history.touched.setdefault(name.strip(), []).append(change)
    _code, out = _output(trailers)
    for entry in out.split("\x1e"):
        if entry.strip():
            head = entry.partition("\n")[0]
            sha = head.split("\x1f", 1)[0]
            change = history.commits.get(sha) or _parse_commit(head, history.ranks)
            for value in head.split("\x1f")[3:]:
                for name in value.replace(",", " ").split():
                    if name not in history.checked or history.checked[name] < change:
                        history.checked[name] = change
    _code, out = _output(status)
    for item in _status_paths(out):
        history.dirty.add(item.removeprefix(prefix))
    for path, process in blames.items():
        code, out = _output(process)
        history.blame[path] = (
            _parse_blame(out, history, history.uncommitted(path)) if code == 0 else {}
        )
    return history


def _parse_commit(head: str, ranks: dict[str, int]) -> Change:
    sha, time, subject = (head.split("\x1f") + ["", "", ""])[:3]
    return Change(ranks.get(sha, 0), int(time or 0), sha, subject)


def _status_paths(out: str) -> Iterator[str]:
    items = out.split("\0")
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if len(item) < 4:
            continue
        if item[0] in "RC":  # a rename is followed by its old path
            i += 1
        yield item[3:]


BLAME_LINE = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?\n((?:[^\t\n].*\n)*)\t(.*)$", re.M)
BLAME_DETAIL = re.compile(r"^(committer-time|summary) (.*)$", re.M)


def _parse_blame(out: str, history: History, uncommitted: Change) -> dict[int, tuple[Change, str]]:
    """``git blame --porcelain``: per line a header (sha, original and final line number),
    a commit's details the first time it appears (committer-time, summary…),
    then a tab and the line itself."""
    lines: dict[int, tuple[Change, str]] = {}
    seen: dict[str, Change] = {ZERO_SHA: uncommitted}
    for sha, final, details, text in BLAME_LINE.findall(out):
        change = seen.get(sha)
        if change is None:
            detail = dict(BLAME_DETAIL.findall(details))
            change = seen[sha] = history.commits.get(sha) or Change(
                history.ranks.get(sha, 0),
                int(detail.get("committer-time", 0)),
                sha,
                detail.get("summary", ""),
            )
        lines[int(final)] = (change, text)
    return lines


# -- comparing the two sides --------------------------------------------------------------


def translation_staleness(
    root: Path,
    files: dict[str, LoadedYaml],
    content: dict[str, dict[str, ContentPage]],
    briefing: Briefing,
    started: GitReader | None = None,
) -> Staleness:
    """Warnings (and page notices) for every page and record text whose other language is newer.

    ``started``: the git commands already running (``start_history``), else they are started now.
    """
    result = Staleness()
    try:
        history = (started or start_history(root)).history()
    except NoHistory as exc:
        result.diagnostics.append(
            warning(
                "content",
                1,
                1,
                Message(
                    "translation staleness not checked: {reason}",
                    reason=exc.args[0] if exc.args else "",
                ),
                Message("the checker compares the languages' sides using git history"),
                FIELD,
            )
        )
        return result
    _pages(history, content, result, briefing)
    for kind, loaded in files.items():
        _records(history, kind, loaded, result, briefing)
    return result


def _pages(
    history: History,
    content: dict[str, dict[str, ContentPage]],
    result: Staleness,
    briefing: Briefing,
) -> None:
    for first, second in combinations(briefing.codes, 2):
        _page_pair(history, content, result, briefing, first, second)


def _page_pair(
    history: History,
    content: dict[str, dict[str, ContentPage]],
    result: Staleness,
    briefing: Briefing,
    first: str,
    second: str,
) -> None:
    for path in sorted(set(content.get(first, {})) & set(content.get(second, {}))):
        sides = {lang: content[lang][path].file for lang in (first, second)}
        last = {lang: history.last(sides[lang]) for lang in (first, second)}
        for stale, newer in ((first, second), (second, first)):
            effective = history.effective(last[stale], sides[first], sides[second])
            newer_change = last[newer]
            if newer_change is None or effective is None or not newer_change > effective:
                continue
            changes = history.since(sides[newer], effective)
            listed = changes[0].describe() if changes else ""
            for change in changes[1:MAX_LISTED]:
                listed = Message("{earlier}; {later}", earlier=listed, later=change.describe())
            if len(changes) > MAX_LISTED:
                listed = Message(
                    "{changes}; and {count} more", changes=listed, count=len(changes) - MAX_LISTED
                )
            stat = _shortstat(history.root, effective, sides[newer])
            values = {
                "language": briefing.language_name(stale),
                "other": sides[stale],
                "base": effective.sha[:7],
                "changes": Message("{changes} ({stat})", changes=listed, stat=stat)
                if stat
                else listed,
                "this": sides[newer],
                "trailer": f"{TRAILER}: {sides[stale]}",
            }
            # on the change, where a pull request shows it: its first line in the newer side
            line = _first_changed_line(history.root, effective, sides[newer])
            result.diagnostics.append(
                warning(
                    sides[newer],
                    line,
                    1,
                    Message(PAGE_NEWER if effective.sha else PAGE_NEWER_NO_BASE, **values),
                    Message(
                        PAGE_NEWER_HINT if effective.sha else PAGE_NEWER_HINT_NO_BASE, **values
                    ),
                    FIELD,
                )
            )
            result.notice(stale, path, newer_change)


HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


def _first_changed_line(root: Path, older: Change, path: str) -> int:
    """The first line of ``path`` that differs from ``older``'s (working tree included)."""
    if not older.sha:
        return 1
    code, out = _output(_git(root, "diff", "-U0", "--no-color", older.sha, "--", path))
    hunk = HUNK.search(out) if code == 0 else None
    if hunk is None:
        return 1
    start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
    return max(start if count else start + 1, 1)  # lines removed: the line after them


def _shortstat(root: Path, older: Change, path: str) -> str:
    """Lines changed in ``path`` since the older side's commit (working tree included)."""
    if not older.sha:
        return ""
    code, out = _output(_git(root, "diff", "--shortstat", older.sha, "--", path))
    if code != 0:
        return ""
    counted = out.strip().removeprefix("1 file changed, ")
    parts = [
        _stat_part(int(n), kind, n == "1") for n, kind, _sign in SHORTSTAT_PART.findall(counted)
    ]
    if not parts or ", ".join(parts) != counted:
        return counted  # worded otherwise (a translated git): as git says it
    said = parts[0]
    for part in parts[1:]:
        said = Message("{first}, {second}", first=said, second=part)
    return said


def _stat_part(count: int, kind: str, one: bool) -> Message:
    """ "1 insertion(+)", "3 deletions(-)" as git says them, in the printed language."""
    if kind == "insertion":
        return (
            Message("{count} insertion(+)", count=count)
            if one
            else Message("{count} insertions(+)", count=count)
        )
    return (
        Message("{count} deletion(-)", count=count)
        if one
        else Message("{count} deletions(-)", count=count)
    )


@dataclass(frozen=True)
class _Text:
    record: str
    path: tuple  # data path of the text mapping
    field: str  # e.g. events[summit-2019].summary


def _texts(loaded: LoadedYaml, key: str, codes: tuple[str, ...]) -> Iterator[_Text]:
    """Every text of every record (a mapping with a text for each of ``codes``)."""
    records = loaded.data.get(key) if isinstance(loaded.data, dict) else None
    for index, record in enumerate(records if isinstance(records, list) else []):
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            yield from _walk(record, (key, index), f"{key}[{record['id']}]", record["id"], codes)


def _walk(
    value: object, path: tuple, label: str, record: str, codes: tuple[str, ...]
) -> Iterator[_Text]:
    if isinstance(value, dict):
        if set(codes) <= set(value) and all(isinstance(value[lang], str) for lang in codes):
            if all(_written(value[lang]) for lang in codes):
                yield _Text(record, path, label)
            return
        for name, item in value.items():
            yield from _walk(item, (*path, name), f"{label}.{name}", record, codes)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), f"{label}[{index}]", record, codes)


def _written(text: str) -> bool:
    """A side emptied or left a placeholder is an error of its own (validate.py): no reason to
    bring the other side "up to date" with it."""
    return bool(text.strip()) and placeholder(text) is None


def _records(
    history: History, kind: str, loaded: LoadedYaml, result: Staleness, briefing: Briefing
) -> None:
    blame = history.blame.get(loaded.file)
    if not blame:
        return
    starts = sorted(
        {
            line
            for value_line, _col, key_line, _key_col in loaded.positions.values()
            for line in (value_line, key_line)
            if line
        }
    )
    for text in _texts(loaded, DATA_FILE_BY_KIND[kind].key, briefing.codes):
        for first, second in combinations(briefing.codes, 2):
            _text_pair(history, kind, loaded, result, briefing, text, starts, blame, first, second)


def _text_pair(
    history: History,
    kind: str,
    loaded: LoadedYaml,
    result: Staleness,
    briefing: Briefing,
    text: _Text,
    starts: list[int],
    blame: dict[int, tuple[Change, str]],
    first: str,
    second: str,
) -> None:
    spans = {lang: _span(loaded, (*text.path, lang), starts, blame) for lang in (first, second)}
    if set(spans[first]) & set(spans[second]) or not spans[first] or not spans[second]:
        return  # both languages on one line: always changed together
    last = {lang: max(blame[line][0] for line in spans[lang]) for lang in (first, second)}
    for stale, newer in ((first, second), (second, first)):
        effective = history.effective(last[stale], loaded.file, f"{loaded.file}#{text.record}")
        assert effective is not None  # at the latest last[stale], one of the candidates
        if not last[newer] > effective:
            continue
        change = last[newer]
        # on the change, where a pull request shows it: the newer side's key
        line, col = loaded.where((*text.path, newer), key=True)
        values = {
            "language": briefing.language_name(stale),
            "code": stale,
            "line": spans[stale][0],
            "change": change.describe(),
            "date": change_date(change),
            "trailer": f"{TRAILER}: {loaded.file}#{text.record}",
        }
        result.diagnostics.append(
            warning(
                loaded.file,
                line,
                col,
                Message(TEXT_NEWER if change.committed else TEXT_NEWER_UNCOMMITTED, **values),
                Message(TEXT_NEWER_HINT, **values),
                f"{text.field}.{newer}",
            )
        )
        page = {"project": project_url, "event": event_url}.get(kind)
        if page:
            result.notice(stale, page_source_path(page(text.record)), change)


def _span(
    loaded: LoadedYaml, path: tuple, starts: list[int], blame: dict[int, tuple[Change, str]]
) -> list[int]:
    """Lines of one value: from its key to the line before the next key,
    without blank or comment lines."""
    position = loaded.positions.get(path)
    if position is None:
        return []
    line, _col, key_line, _key_col = position
    first = key_line or line
    after = bisect.bisect_right(starts, max(first, line))  # the next key or value in the file
    end = min(starts[after] - 1 if after < len(starts) else max(blame, default=first), first + 200)
    lines = [n for n in range(first, end + 1) if n in blame]
    while len(lines) > 1 and _is_blank_or_comment(blame[lines[-1]][1]):
        lines.pop()
    return lines


def _is_blank_or_comment(line: str) -> bool:
    return not line.strip() or line.strip().startswith("#")
