"""Editions: what changed in ``data/`` and ``content/`` between published builds, from git.

Each published build is an edition: a commit tagged ``<tag_prefix><name>``
(briefing.yml ``editions``) is edition ``<name>``; an untagged build is the
edition of its date. The previous edition is the newest tagged commit before
it, or, when there is none, the newest commit at least ``window_days`` older.

The files of both sides are read from git (``git ls-tree`` per edition, then
one ``git cat-file --batch`` for every file that differs) and parsed with the
data's own loader, so the comparison is of records and fields (a status, a
figure of one kind and currency), never of lines. The current edition is the
working tree the build reads. A few git commands per build, none per page.

Without git or history (a source archive) the result says why and lists nothing;
the build goes on.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from briefing.buildinfo import BuildInfo, build_info
from briefing.config import Editions
from briefing.inputs.content import split_front_matter
from briefing.inputs.load import parse_yaml_bytes
from briefing.inputs.schema import DATA_FILES
from briefing.model import RECORD_TYPES, Amount, Text

# The records whose changes are listed, by data file kind.
LISTED_KINDS = ("project", "event", "source")
TIMEOUT = 60  # seconds for one git command


@dataclass(frozen=True)
class Edition:
    """One published build."""

    name: str  # from the tag: "3" for edition-3; "" for a build of an untagged commit
    commit: str  # short hash; "" outside git
    date: str  # ISO day of the commit (of the build, for the current one)
    tag: str = ""


@dataclass(frozen=True)
class Change:
    """One change between two editions, at record and field level.

    ``what``: project-added, project-removed, event-added, event-removed, status,
    figure, figure-added, source-added, narrative. ``old`` and ``new``: the
    field's values (``Status``, ``Amount``) where a field changed.
    """

    what: str
    record: str  # the record's id, or a narrative's path below content/<lang>/
    name: Text  # the record's name or title, or the page's title in its language
    old: Any = None
    new: Any = None
    lang: str = ""  # a narrative's language


@dataclass(frozen=True)
class EditionChanges:
    """What changed in ``edition`` since ``previous``."""

    edition: Edition
    previous: Edition | None  # None: the first edition, nothing before it to compare
    changes: tuple[Change, ...] = ()
    window_days: int = 0  # > 0: no tagged edition before; compared with the commit that long ago


@dataclass(frozen=True)
class EditionHistory:
    current: Edition
    editions: tuple[EditionChanges, ...] = ()  # newest first, the current one first
    problem: str = ""  # why there is no history (a source archive): nothing is listed

    @property
    def latest(self) -> EditionChanges | None:
        return self.editions[0] if self.editions else None


def current_edition(root: Path, settings: Editions) -> Edition:
    """The edition a build of ``root`` is: its tag's name if the commit is tagged, else its date.

    Cheap (the commit and tags ``buildinfo`` already reads): for covers and footers.
    """
    return _current(build_info(root), settings)


def _current(info: BuildInfo, settings: Editions) -> Edition:
    tags = [tag for tag in info.tags if tag.startswith(settings.tag_prefix)]
    tag = tags[-1] if tags else ""
    return Edition(
        tag.removeprefix(settings.tag_prefix),
        info.commit,
        info.timestamp.date().isoformat(),
        tag,
    )


# -- reading git ---------------------------------------------------------------------------


class NoHistory(Exception):
    """Git or the history is missing: the page says so, the build goes on."""


def _run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise NoHistory(f"git failed: {exc}") from None
    if result.returncode != 0:
        raise NoHistory(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout


@dataclass(frozen=True)
class _Commit:
    sha: str
    short: str
    time: int
    rank: int  # newer is larger


def _commits(root: Path) -> list[_Commit]:
    """HEAD's history, newest first."""
    if shutil.which("git") is None:
        raise NoHistory("git is not installed")
    try:
        shallow = _run(root, "rev-parse", "--is-shallow-repository").decode().strip()
        out = _run(root, "log", "--topo-order", "--format=%H%x1f%ct", "HEAD")
    except NoHistory:
        raise NoHistory("this folder is not a git checkout with commits") from None
    if shallow == "true":  # the previous edition's commit and tags are not there
        raise NoHistory("this is a shallow clone (fetch the full history and the tags)")
    lines = out.decode().splitlines()
    commits = []
    for index, line in enumerate(lines):
        sha, time = line.split("\x1f")
        commits.append(_Commit(sha, sha[:10], int(time), len(lines) - index))
    return commits


def _edition_tags(root: Path, prefix: str) -> dict[str, list[str]]:
    """Commit sha -> the edition tags on it (annotated tags peeled to their commit)."""
    out = _run(
        root,
        "for-each-ref",
        "--format=%(refname:strip=2)%1f%(objectname)%1f%(*objectname)",
        f"refs/tags/{prefix}*",
    ).decode()
    tags: dict[str, list[str]] = {}
    for line in out.splitlines():
        name, sha, peeled = (line.split("\x1f") + ["", ""])[:3]
        tags.setdefault(peeled or sha, []).append(name)
    return tags


def _tree(root: Path, sha: str) -> dict[str, str]:
    """The data and content files of a commit: path -> blob sha."""
    out = _run(root, "ls-tree", "-r", "-z", sha, "--", "data", "content")
    files = {}
    for item in out.decode("utf-8", "replace").split("\0"):
        if not item:
            continue
        info, _, path = item.partition("\t")
        _mode, kind, blob = info.split()
        if kind == "blob" and _is_compared(path):
            files[path] = blob
    return files


def _is_compared(path: str) -> bool:
    return path in _DATA_PATHS or (path.startswith("content/") and path.endswith(".md"))


_DATA_PATHS = {f"data/{data_file.filename}": data_file for data_file in DATA_FILES}


def _blobs(root: Path, shas: set[str]) -> dict[str, bytes]:
    """Every blob's bytes with one ``git cat-file --batch``."""
    if not shas:
        return {}
    order = sorted(shas)
    out = _run(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in order).encode())
    blobs, position = {}, 0
    for sha in order:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) < 3:  # "<sha> missing"
            position = end + 1
            continue
        size = int(header[2])
        blobs[sha] = out[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
    return blobs


# -- snapshots and their comparison -------------------------------------------------------


@dataclass
class _Snapshot:
    """One side of a comparison: its data files, parsed when first compared, and its pages."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> id -> record
    pages: dict[str, bytes] = field(default_factory=dict)  # path below content/ -> bytes
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # kind -> (path, bytes)

    def of(self, kind: str) -> dict[str, Any]:
        if kind not in self.records and kind in self.files:
            path, raw = self.files[kind]
            self.records[kind] = _records(raw, path, _DATA_PATHS[path].key, kind)
        return self.records.get(kind, {})

    def same(self, other: _Snapshot, kind: str) -> bool:
        """Whether the data file of ``kind`` has the same bytes on both sides
        (then nothing in it changed, and neither side is parsed)."""
        return kind in self.files and self.files[kind][1] == other.files.get(kind, ("", b""))[1]


def _snapshot(files: dict[str, Callable[[], bytes | None]]) -> _Snapshot:
    snapshot = _Snapshot()
    for path, read in files.items():
        data_file = _DATA_PATHS.get(path)
        if data_file is not None:
            if data_file.kind in LISTED_KINDS:
                raw = read()
                if raw is not None:
                    snapshot.files[data_file.kind] = (path, raw)
        else:
            raw = read()
            if raw is not None:
                snapshot.pages[path.removeprefix("content/")] = raw
    return snapshot


def _records(raw: bytes, path: str, key: str, kind: str) -> dict[str, Any]:
    """The records of a data file as the model's objects;
    a record an older edition wrote in a form the model no longer reads is left out."""
    loaded = parse_yaml_bytes(raw, path)
    items = loaded.data.get(key) if isinstance(loaded.data, dict) else None
    records = {}
    for item in items if isinstance(items, list) else ():
        try:
            record = RECORD_TYPES[kind].of(item)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        records[record.id] = record
    return records


def _name(kind: str, record: Any) -> Text:
    if kind == "project":
        return record.name
    if kind == "event":
        return record.title
    translated = record.title_translated
    return Text(
        tuple(
            (code, translated[code] if translated else record.title)
            for code, _ in record.outlet.texts
        )
    )


def _figure_key(amount: Amount) -> tuple[str, str, str]:
    return (amount.kind, amount.currency or "", amount.unit or "")


def compare(old: _Snapshot, new: _Snapshot) -> tuple[Change, ...]:
    """The record- and field-level changes from ``old`` to ``new``, in reading order."""
    changes: list[Change] = []
    for kind in ("project", "event"):
        if old.same(new, kind):
            continue
        before, after = old.of(kind), new.of(kind)
        changes += [
            Change(f"{kind}-added", i, _name(kind, r)) for i, r in after.items() if i not in before
        ]
        changes += [
            Change(f"{kind}-removed", i, _name(kind, r))
            for i, r in before.items()
            if i not in after
        ]
    if not old.same(new, "project"):
        changes += _field_changes(old.of("project"), new.of("project"))
    if not old.same(new, "source"):
        before, after = old.of("source"), new.of("source")
        changes += [
            Change("source-added", i, _name("source", r))
            for i, r in after.items()
            if i not in before
        ]
    for path, text in sorted(new.pages.items()):
        if old.pages.get(path) == text:
            continue
        lang, _, page = path.partition("/")
        title = _page_title(text, path) or page
        changes.append(Change("narrative", page, Text(((lang, title),)), lang=lang))
    return tuple(changes)


def _field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """The status and figures of the projects on both sides."""
    changes: list[Change] = []
    for project_id, project in after.items():
        was = before.get(project_id)
        if was is None:
            continue
        if was.status.value != project.status.value:
            changes.append(Change("status", project_id, project.name, was.status, project.status))
        old_figures: dict[tuple, list[Amount]] = {}
        for amount in was.amounts:
            old_figures.setdefault(_figure_key(amount), []).append(amount)
        new_figures: dict[tuple, list[Amount]] = {}
        for amount in project.amounts:
            new_figures.setdefault(_figure_key(amount), []).append(amount)
        for key, amounts in new_figures.items():
            olds = old_figures.get(key, [])
            if len(olds) == 1 and len(amounts) == 1:
                if (olds[0].value, olds[0].value_max) != (amounts[0].value, amounts[0].value_max):
                    changes.append(Change("figure", project_id, project.name, olds[0], amounts[0]))
            elif not olds:
                changes += [
                    Change("figure-added", project_id, project.name, None, a) for a in amounts
                ]
    return changes


def _page_title(raw: bytes, path: str) -> str:
    meta, *_ = split_front_matter(raw.decode("utf-8", "replace"), path)
    return str(meta.get("title", "")) if isinstance(meta, dict) else ""


def _working_tree(root: Path) -> dict[str, Callable[[], bytes | None]]:
    files: dict[str, Callable[[], bytes | None]] = {}
    for path in _DATA_PATHS:
        files[path] = _reader(root / path)
    content = root / "content"
    if content.is_dir():
        for page in sorted(content.rglob("*.md")):
            if page.is_file() and not page.is_symlink():
                files[page.relative_to(root).as_posix()] = _reader(page)
    return files


def _reader(path: Path) -> Callable[[], bytes | None]:
    def read() -> bytes | None:
        try:
            return path.read_bytes() if path.is_file() and not path.is_symlink() else None
        except OSError:
            return None

    return read


# -- the editions --------------------------------------------------------------------------


def edition_history(root: Path, settings: Editions) -> EditionHistory:
    """The current edition and, newest first, what changed in it and up to
    ``settings.listed - 1`` editions before it."""
    info = build_info(root)
    current = _current(info, settings)
    try:
        return _history(root, settings, current)
    except NoHistory as exc:
        return EditionHistory(current, problem=str(exc))


def _history(root: Path, settings: Editions, current: Edition) -> EditionHistory:
    commits = _commits(root)
    head = commits[0]
    tags = _edition_tags(root, settings.tag_prefix)
    # the tagged editions in HEAD's history, newest first, one per commit
    tagged = [(commit, sorted(tags[commit.sha])[-1]) for commit in commits if commit.sha in tags]
    if tagged and tagged[0][0].sha == head.sha:
        tagged = tagged[1:]  # HEAD is the current edition, named by its tag already

    def edition(commit: _Commit, tag: str) -> Edition:
        day = datetime.datetime.fromtimestamp(commit.time, datetime.UTC).date().isoformat()
        return Edition(tag.removeprefix(settings.tag_prefix), commit.short, day, tag)

    # pairs to compare: (newer side, older side or None), newest first
    pairs: list[tuple[Edition, str | None, Edition | None, str | None, int]] = []
    if tagged:
        previous_commit, previous_tag = tagged[0]
        pairs.append(
            (current, None, edition(previous_commit, previous_tag), previous_commit.sha, 0)
        )
    else:
        cutoff = head.time - settings.window_days * 86_400
        start = next((c for c in commits if c.time <= cutoff), commits[-1])
        pairs.append((current, None, edition(start, ""), start.sha, settings.window_days))
    for index, (commit, tag) in enumerate(tagged[: max(settings.listed - 1, 0)]):
        before = tagged[index + 1] if index + 1 < len(tagged) else None
        pairs.append(
            (
                edition(commit, tag),
                commit.sha,
                edition(*before) if before else None,
                before[0].sha if before else None,
                0,
            )
        )
    trees = {sha: _tree(root, sha) for _, new, _, old, _ in pairs for sha in (new, old) if sha}
    working = _working_tree(root)
    # every file of each compared commit (the parse is what compares),
    # each blob read once however many editions share it
    wanted = {blob for tree in trees.values() for blob in tree.values()}
    blobs = _blobs(root, wanted)

    def snapshot(sha: str | None) -> _Snapshot:
        if sha is None:
            return _snapshot(working)
        return _snapshot({path: partial(blobs.get, blob) for path, blob in trees[sha].items()})

    snapshots: dict[str | None, _Snapshot] = {}
    result = []
    for newer, new_sha, older, old_sha, window in pairs:
        if older is None:
            result.append(EditionChanges(newer, None))
            continue
        for sha in (new_sha, old_sha):
            if sha not in snapshots:
                snapshots[sha] = snapshot(sha)
        result.append(
            EditionChanges(newer, older, compare(snapshots[old_sha], snapshots[new_sha]), window)
        )
    return EditionHistory(current, tuple(result))
