"""Files a page shows or links to: images and PDF documents below ``content/``.

A file one language's pages use sits below that language's folder, usually
next to the page (``content/ko/events/pavlodar-site.jpg``, written
``![…](pavlodar-site.jpg)``). A file both languages use sits once in
``content/files/`` and is linked relatively, as on disk
(``![…](../../files/pavlodar-site.jpg)`` from ``events/``). Each language's
site publishes the files its pages use: the first at the page's own path
(``/ko/events/pavlodar-site.jpg``), the second below ``files/``
(``/ko/files/pavlodar-site.jpg``). Files no page uses are not published.

Only JPEG, PNG and WebP images and PDF documents are published, each below a
size limit: SVG can carry scripts, and a photograph straight from a camera
would make every reader download megabytes. A file's first bytes must match
its kind (a Git LFS pointer or an HTML page renamed ``.jpg`` is caught here,
not by a reader).
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path

from briefing.diagnostics import Diagnostic, Message, warning
from briefing.inputs.input_files import display_name, input_problem

# content/files/: the files both languages use, published in each language's files/ folder.
SHARED_FOLDER = "files"
IMAGE_TYPES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WebP"}
DOCUMENT_TYPES = {".pdf": "PDF"}
# Decimal megabytes, as file managers on macOS and phones show sizes.
MEGABYTE = 1_000_000
MAX_IMAGE_BYTES = 2 * MEGABYTE
MAX_DOCUMENT_BYTES = 10 * MEGABYTE
# Folders of each language's site the build writes its own files into: a file of the editors'
# there would be overwritten or would overwrite one (files/ receives content/files/).
RESERVED_FOLDERS = ("assets", "downloads", "search", SHARED_FOLDER)
HEAD_BYTES = 32  # enough for every signature and the start of a Git LFS pointer


@dataclass(frozen=True)
class FileProblem:
    """Why a page cannot use a file: the message and the hint of its diagnostic."""

    message: str
    hint: str


def content_path(lang: str, page_path: str, link_path: str) -> str:
    """The file a link of ``content/<lang>/<page_path>`` names, relative to ``content/``.

    It starts with ``../`` when the link leaves ``content/``.
    """
    return posixpath.normpath(posixpath.join(lang, posixpath.dirname(page_path), link_path))


def published_path(path: str, lang: str) -> str | None:
    """Where ``content/<path>`` is published in ``lang``'s site; None if it is not."""
    if path.startswith(f"{lang}/"):
        return path.removeprefix(f"{lang}/")
    if path.startswith(f"{SHARED_FOLDER}/"):
        return path
    return None


def shared_link(file_name: str, lang: str, page_path: str) -> str:
    """How ``content/<lang>/<page_path>`` links ``content/files/<file_name>``."""
    return posixpath.relpath(
        posixpath.join(SHARED_FOLDER, file_name), posixpath.join(lang, posixpath.dirname(page_path))
    )


def is_file_link(path: str) -> bool:
    """Whether a link's path (no scheme, no host) names a file: a type other than .md."""
    name = posixpath.basename(path)
    return bool(name) and "." in name.strip(".") and not name.endswith(".md")


def _a_file(kind: str) -> Message:
    """A file of upper-case type ``kind`` with its article: "a PDF file", "an SVG file"."""
    if kind[:1] in "AEFILMNORSX":
        return Message("an {type} file", type=kind)
    return Message("a {type} file", type=kind)


def _size(count: int) -> Message:
    return Message(
        "{megabytes} MB ({bytes} bytes)", megabytes=f"{count / MEGABYTE:.1f}", bytes=f"{count:,}"
    )


def _kind_of(head: bytes) -> str | None:
    """The published kind whose signature ``head`` starts with: JPEG, PNG, WebP or PDF."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith(b"%PDF-"):
        return "PDF"
    return None


GIT_LFS_POINTER = Message("a Git LFS pointer")


def _what_it_is(head: bytes) -> Message:
    """What a file that is not of its kind holds, as far as its first bytes tell."""
    if head.startswith(b"version https://git-lfs"):
        return GIT_LFS_POINTER
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Message("a GIF image")
    if head[4:8] == b"ftyp":
        return Message("a HEIC or other camera image")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return Message("text: HTML or SVG")
    return Message("something else")


def _read_head(path: Path) -> tuple[int, bytes]:
    """The size and first bytes of a regular file (already judged by ``input_problem``)."""
    # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does not wait
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            return 0, b""
        return opened.st_size, handle.read(HEAD_BYTES)


def file_problem(
    content_dir: Path, path: str, lang: str, href: str, image: bool
) -> FileProblem | None:
    """Why a page cannot use ``content/<path>`` (``href``: as written; ``image``: shown)."""
    shown = f"content/{path}"
    suffix = posixpath.splitext(path)[1].lower()
    what = Message("document") if suffix in DOCUMENT_TYPES and not image else Message("image")
    wrong_type = _type_problem(href, suffix, image)
    if wrong_type is not None:
        return wrong_type
    folder = path.removeprefix(f"{lang}/").split("/", 1)[0]
    if (
        path.startswith(f"{lang}/")
        and "/" in path.removeprefix(f"{lang}/")
        and (folder in RESERVED_FOLDERS)
    ):
        own = (
            Message("the shared files of content/files/")
            if folder == SHARED_FOLDER
            else Message("its own files")
        )
        return FileProblem(
            Message(
                "{what} '{href}' is in {folder}/, where the build publishes {own}",
                what=what,
                href=href,
                folder=folder,
                own=own,
            ),
            Message(
                "move {path} next to the page that uses it, or into {shared} "
                "if both languages use it",
                path=shown,
                shared=f"content/{SHARED_FOLDER}/",
            ),
        )
    target = content_dir / path
    if not os.path.lexists(target):
        return None  # the caller names what is missing, with the path it expects
    unreadable = input_problem(target, content_dir.parent)
    if unreadable is not None:
        return FileProblem(
            Message("{what} '{href}' {problem}", what=what, href=href, problem=unreadable.message),
            unreadable.hint,
        )
    try:
        size, head = _read_head(target)
    except OSError as exc:
        return FileProblem(
            Message(
                "{what} '{href}' cannot be read: {reason}",
                what=what,
                href=href,
                reason=exc.strerror,
            ),
            Message("check the file"),
        )
    limit = MAX_IMAGE_BYTES if image or suffix in IMAGE_TYPES else MAX_DOCUMENT_BYTES
    if size > limit:
        return FileProblem(
            Message(
                "{what} '{href}' is {size}; the limit is {limit} MB",
                what=what,
                href=href,
                size=_size(size),
                limit=limit // MEGABYTE,
            ),
            Message(
                "save {path} smaller, e.g. 2,000 pixels wide at JPEG quality 80, "
                "usually under 1 MB",
                path=shown,
            )
            if suffix in IMAGE_TYPES
            else Message(
                "save {path} smaller, e.g. scanned at 150 dpi, "
                "or exported with a smaller file size",
                path=shown,
            ),
        )
    kind = _kind_of(head)
    expected = "PDF" if suffix in DOCUMENT_TYPES else IMAGE_TYPES[suffix]
    if kind is None or (kind == "PDF") != (expected == "PDF"):
        found = _what_it_is(head) if kind is None else _a_file(kind)
        if found is GIT_LFS_POINTER:
            hint = Message("run 'git lfs pull', or commit the file itself")
        elif expected == "PDF":
            hint = Message("save {path} again as PDF", path=shown)
        else:
            hint = Message("save {path} again as JPEG or PNG", path=shown)
        if expected == "PDF":
            problem = Message(
                "{what} '{href}' is not a PDF document: it holds {found}",
                what=what,
                href=href,
                found=found,
            )
        else:
            problem = Message(
                "{what} '{href}' is not a JPEG, PNG or WebP image: it holds {found}",
                what=what,
                href=href,
                found=found,
            )
        return FileProblem(problem, hint)
    return None


def _type_problem(href: str, suffix: str, image: bool) -> FileProblem | None:
    """A file of a type pages do not show (images) or link (images and PDF documents)."""
    if image and suffix in IMAGE_TYPES:
        return None
    if not image and (suffix in IMAGE_TYPES or suffix in DOCUMENT_TYPES):
        return None
    name = _a_file(suffix[1:].upper()) if suffix else Message("a file without a type")
    if image:
        if suffix in DOCUMENT_TYPES:
            hint = Message("link the document instead: [what it is]({href})", href=href)
        elif suffix == ".svg":
            hint = Message("SVG files can run scripts: export the drawing as PNG")
        else:
            hint = Message("save photographs as JPEG and drawings or screenshots as PNG")
        return FileProblem(
            Message(
                "image '{href}' is {name}; pages show JPEG, PNG or WebP images",
                href=href,
                name=name,
            ),
            hint,
        )
    return FileProblem(
        Message(
            "link target '{href}' is {name}; pages link PDF documents and JPEG, PNG or WebP images",
            href=href,
            name=name,
        ),
        Message("export the document as PDF")
        if suffix != ".svg"
        else Message("export the drawing as PNG"),
    )


def unused_files(content_dir: Path, used: set[str], languages: tuple[str, ...]) -> list[Diagnostic]:
    """A warning for each file below ``content/`` that no page uses (``used``: their paths).

    Pages (``*.md`` in a language's folder) and hidden files (``.gitkeep``, ``.DS_Store``) are
    not files of this kind. Links, pipes and devices are reported by ``scan_inputs``.
    """
    found = []
    root = content_dir.parent
    for folder, subfolders, files in os.walk(content_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        base = Path(folder)
        relative = base.relative_to(content_dir).as_posix()
        in_language = relative.split("/", 1)[0] in languages
        for name in sorted(files):
            path = base / name
            rel = path.relative_to(content_dir).as_posix()
            if name.startswith(".") or (in_language and name.endswith(".md")) or rel in used:
                continue
            if not path.is_file():
                continue
            found.append(
                warning(
                    display_name(path, root),
                    1,
                    1,
                    Message("file is not shown or linked by any page"),
                    Message(
                        "only files a page uses are published: link it from a page, or delete it"
                    ),
                )
            )
    return found
