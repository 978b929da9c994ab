"""The build's input files: regular files inside the repository, read with a bound.

A pull request can commit a symbolic link (git stores them) to ``/dev/zero``,
to a file elsewhere on the build machine or to nothing, and a checkout can hold
a named pipe or a folder named like a page. Each is judged from ``lstat`` and
``stat`` before anything is opened, so that nothing is read from outside the
repository, nothing blocks (a FIFO is never opened) and nothing is read without
end. A link whose target stays inside the repository is read like the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing.diagnostics import Diagnostic, Message, error, has_control_characters, visible

NOT_REGULAR_HINT = Message(
    "the build reads only regular files in the repository; "
    "put the file itself there or delete this entry"
)
CONTROL_NAME_MESSAGE = Message("file name has control characters (shown as \\n, \\x1b…)")
CONTROL_NAME_HINT = Message("rename the file using letters, digits, '-' and '_'")


class UnreadableInput(Exception):
    """An input that is not read: what it is instead, and what to do."""

    def __init__(self, message: str, hint: str = NOT_REGULAR_HINT):
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputTooLarge(Exception):
    """An input larger than its limit (``size``: its size in bytes, at least)."""

    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


def _kind(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return Message("a folder")
    if stat.S_ISFIFO(mode):
        return Message("a named pipe (FIFO)")
    if stat.S_ISCHR(mode):
        return Message("a character device")
    if stat.S_ISBLK(mode):
        return Message("a block device")
    if stat.S_ISSOCK(mode):
        return Message("a socket")
    return Message("not a regular file")


def _not_regular(kind: Message, link: bool, folder: bool) -> Message:
    """ "file is a socket, not a regular file", each way it can be said in full
    (a noun and a verb apart would not translate)."""
    if folder:
        if link:
            return Message("folder is a symbolic link to {kind}, not a folder", kind=kind)
        return Message("folder is {kind}, not a folder", kind=kind)
    if link:
        return Message("file is a symbolic link to {kind}, not a regular file", kind=kind)
    return Message("file is {kind}, not a regular file", kind=kind)


def input_problem(path: Path, root: Path, folder: bool = False) -> UnreadableInput | None:
    """Why ``path`` is not a regular file (``folder``: a folder) inside ``root``;
    None when it is one.

    Messages never quote a link's target: it may name a private path of the machine.
    """
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError as exc:
        return UnreadableInput(
            Message("cannot read file: {reason}", reason=exc.strerror),
            Message("check that the file exists and can be read"),
        )
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return UnreadableInput(
            Message("folder is a symbolic link to nothing (its target does not exist)")
            if folder
            else Message("file is a symbolic link to nothing (its target does not exist)"),
            Message("restore what it points to, or delete the link"),
        )
    except (OSError, RuntimeError):  # a loop of links
        return UnreadableInput(
            Message("folder is a symbolic link that cannot be followed (it leads back to itself)")
            if folder
            else Message(
                "file is a symbolic link that cannot be followed (it leads back to itself)"
            ),
            Message("delete the link"),
        )
    if not target.is_relative_to(root.resolve()):
        if link:
            outside = (
                Message("folder is a symbolic link to a place outside the repository")
                if folder
                else Message("file is a symbolic link to a place outside the repository")
            )
        else:
            outside = (
                Message(
                    "folder is in a folder that is a symbolic link "
                    "to a place outside the repository"
                )
                if folder
                else Message(
                    "file is in a folder that is a symbolic link to a place outside the repository"
                )
            )
        return UnreadableInput(
            outside,
            Message("commit the file itself: the build reads only files in the repository"),
        )
    mode = os.stat(target).st_mode
    wanted = stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)
    if wanted:
        return None
    if stat.S_ISDIR(mode):
        return UnreadableInput(
            Message("a folder has the name of a file the build reads"),
            Message("rename the folder: names ending in .md or .yaml are read as files"),
        )
    return UnreadableInput(_not_regular(_kind(mode), link, folder))


def read_input(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` inside ``root``, at most ``limit`` of them.

    Raises ``UnreadableInput`` for anything else and ``InputTooLarge`` past ``limit``.
    """
    problem = input_problem(path, root)
    if problem is not None:
        raise problem
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check,
        # opening it does not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableInput(
            Message("cannot read file: {reason}", reason=exc.strerror),
            Message("check that the file can be read"),
        ) from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise UnreadableInput(_not_regular(_kind(opened.st_mode), False, False))
        if opened.st_size > limit:
            raise InputTooLarge(opened.st_size)
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew since the stat
        raise InputTooLarge(len(raw))
    return raw


def display_name(path: Path, root: Path) -> str:
    """``path`` as messages show it: relative to ``root``, control characters escaped."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    return visible(shown)


def scan_inputs(root: Path, names: tuple[str, ...]) -> list[Diagnostic]:
    """Every entry under ``names`` (folders and files of ``root``)
    that the build would refuse to read.

    Links to folders are not followed (as ``Path.rglob`` does not follow them): one
    that leads outside the repository or nowhere is reported, as is every link,
    device, pipe or socket among the files and every name with control characters.
    """
    found: list[Diagnostic] = []

    def judge(path: Path, folder: bool) -> bool:
        """Report ``path`` if it is refused; True when it is fine."""
        shown = display_name(path, root)
        if has_control_characters(path.name):
            found.append(error(shown, 1, 1, CONTROL_NAME_MESSAGE, CONTROL_NAME_HINT))
            return False
        if path.is_symlink() or not (path.is_dir() if folder else path.is_file()):
            problem = input_problem(path, root, folder=folder)
            if problem is not None:
                found.append(error(shown, 1, 1, problem.message, problem.hint))
                return False
        return True

    for name in names:
        top = root / name
        if not os.path.lexists(top):
            continue
        if not judge(top, folder=top.is_dir()) or not top.is_dir():
            continue
        for folder, subfolders, files in os.walk(
            top
        ):  # followlinks=False: a linked folder is judged, not walked
            base = Path(folder)
            subfolders[:] = [d for d in subfolders if judge(base / d, folder=True)]
            for file in files:
                judge(base / file, folder=False)
    return found
