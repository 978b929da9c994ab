"""PDFs kept between builds, keyed by everything they are made of.

A PDF is a function of its HTML, the print stylesheet, the files the HTML
names (images below ``content/``), the print code and WeasyPrint's version.
``PdfCache`` keeps each PDF written under ``.cache/pdf/<sha256 of those>.pdf``;
a later build whose inputs hash the same links (or copies) that file instead
of laying the document out again. Fonts come from the system and are not
hashed: after a font update, delete ``.cache/pdf/``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint

_FILE_URL = re.compile(r"""(?:src|href)=["'](file://[^"']+)["']""")
CACHE_FOLDER = "pdf"


class PdfCache:
    """PDFs by the hash of their inputs; with ``directory`` None every PDF is laid out."""

    def __init__(self, directory: Path | None, print_dir: Path) -> None:
        self.directory = directory
        salt = hashlib.sha256(weasyprint.__version__.encode())
        # what every document shares: the stylesheet and the code that lays it out
        for shared in (
            print_dir / "print.css",
            Path(__file__).with_name("book.py"),
        ):
            salt.update(shared.read_bytes() if shared.is_file() else b"")
        self.salt = salt.digest()
        self.reused: list[Path] = []  # the targets filled from the cache in this run
        self.rendered: list[Path] = []  # the targets laid out in this run
        self.pending: list[tuple[str, Path]] = []  # laid out, not yet checked and kept

    def key(self, document: str, extra: str = "") -> str:
        """The hash of ``document`` (HTML) with every local file it names, and ``extra``
        (anything else the output depends on, such as which page of a layout)."""
        digest = hashlib.sha256(self.salt)
        digest.update(document.encode("utf-8"))
        digest.update(extra.encode("utf-8"))
        for url in sorted(set(_FILE_URL.findall(document))):
            path = Path(unquote(urlsplit(url).path))
            digest.update(url.encode("utf-8"))
            digest.update(path.read_bytes() if path.is_file() else b"\0missing")
        return digest.hexdigest()

    def _entry(self, key: str) -> Path | None:
        return self.directory / f"{key}.pdf" if self.directory else None

    def fetch(self, key: str, target: Path) -> bool:
        """Put the cached PDF of ``key`` at ``target``; False if there is none."""
        entry = self._entry(key)
        if entry is None or not entry.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(entry, target)  # same file system: no copy
        except OSError:
            shutil.copyfile(entry, target)
        self.reused.append(target)
        return True

    def remember(self, key: str, written: Path) -> None:
        """Note the PDF just laid out at ``written`` as ``key``'s; ``keep`` stores it once the
        document's checks passed (a PDF that fetched a refused file must not come back)."""
        self.rendered.append(written)
        self.pending.append((key, written))

    def keep(self) -> None:
        """Store every PDF remembered since the last call (atomically: builds may overlap)."""
        pending, self.pending = self.pending, []
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for key, written in pending:
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
            os.close(handle)
            shutil.copyfile(written, temporary)
            os.replace(temporary, self.directory / f"{key}.pdf")
