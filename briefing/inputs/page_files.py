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

from briefing.diagnostics import Diagnostic, warning
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
IMAGE_KINDS = "JPEG, PNG or WebP"
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


def _a(name: str) -> str:
    """``name`` (an upper-case file type first) with its article: "a PDF file", "an SVG file"."""
    return f"{'an' if name[:1] in 'AEFILMNORSX' else 'a'} {name}"


def _size(count: int) -> str:
    return f"{count / MEGABYTE:.1f} MB ({count:,} bytes)"


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


def _what_it_is(head: bytes) -> str:
    """What a file that is not of its kind holds, as far as its first bytes tell."""
    if head.startswith(b"version https://git-lfs"):
        return "a Git LFS pointer"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head[4:8] == b"ftyp":
        return "a HEIC or other camera image"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "text: HTML or SVG"
    return "something else"


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
    what = "document" if suffix in DOCUMENT_TYPES and not image else "image"
    wrong_type = _type_problem(href, suffix, image)
    if wrong_type is not None:
        return wrong_type
    folder = path.removeprefix(f"{lang}/").split("/", 1)[0]
    if (
        path.startswith(f"{lang}/")
        and "/" in path.removeprefix(f"{lang}/")
        and (folder in RESERVED_FOLDERS)
    ):
        own = "the shared files of content/files/" if folder == SHARED_FOLDER else "its own files"
        return FileProblem(
            f"{what} '{href}' is in {folder}/, where the build publishes {own}",
            f"move {shown} next to the page that uses it, or into content/{SHARED_FOLDER}/ "
            "if both languages use it",
        )
    target = content_dir / path
    if not os.path.lexists(target):
        return None  # the caller names what is missing, with the path it expects
    unreadable = input_problem(target, content_dir.parent)
    if unreadable is not None:
        return FileProblem(f"{what} '{href}' {unreadable.message}", unreadable.hint)
    try:
        size, head = _read_head(target)
    except OSError as exc:
        return FileProblem(f"{what} '{href}' cannot be read: {exc.strerror}", "check the file")
    limit = MAX_IMAGE_BYTES if image or suffix in IMAGE_TYPES else MAX_DOCUMENT_BYTES
    if size > limit:
        advice = (
            "e.g. 2,000 pixels wide at JPEG quality 80, usually under 1 MB"
            if suffix in IMAGE_TYPES
            else "e.g. scanned at 150 dpi, or exported with a smaller file size"
        )
        return FileProblem(
            f"{what} '{href}' is {_size(size)}; the limit is {limit // MEGABYTE} MB",
            f"save {shown} smaller, {advice}",
        )
    kind = _kind_of(head)
    expected = "PDF" if suffix in DOCUMENT_TYPES else IMAGE_TYPES[suffix]
    if kind is None or (kind == "PDF") != (expected == "PDF"):
        found = _what_it_is(head) if kind is None else _a(f"{kind} file")
        hint = (
            "run 'git lfs pull', or commit the file itself"
            if found == "a Git LFS pointer"
            else f"save {shown} again as {'PDF' if expected == 'PDF' else 'JPEG or PNG'}"
        )
        kinds = "a PDF document" if expected == "PDF" else f"a {IMAGE_KINDS} image"
        return FileProblem(f"{what} '{href}' is not {kinds}: it holds {found}", hint)
    return None


def _type_problem(href: str, suffix: str, image: bool) -> FileProblem | None:
    """A file of a type pages do not show (images) or link (images and PDF documents)."""
    if image and suffix in IMAGE_TYPES:
        return None
    if not image and (suffix in IMAGE_TYPES or suffix in DOCUMENT_TYPES):
        return None
    name = _a(f"{suffix[1:].upper()} file") if suffix else "a file without a type"
    if image and suffix in DOCUMENT_TYPES:
        return FileProblem(
            f"image '{href}' is {name}; pages show {IMAGE_KINDS} images",
            f"link the document instead: [what it is]({href})",
        )
    if image:
        hint = (
            "SVG files can run scripts: export the drawing as PNG"
            if suffix == ".svg"
            else "save photographs as JPEG and drawings or screenshots as PNG"
        )
        return FileProblem(f"image '{href}' is {name}; pages show {IMAGE_KINDS} images", hint)
    return FileProblem(
        f"link target '{href}' is {name}; pages link PDF documents and {IMAGE_KINDS} images",
        "export the document as PDF" if suffix != ".svg" else "export the drawing as PNG",
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
                    "file is not shown or linked by any page",
                    "only files a page uses are published: link it from a page, or delete it",
                )
            )
    return found
