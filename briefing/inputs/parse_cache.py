"""Parsed data files and their checks, kept between builds by the hash of what they were made from.

Reading ``data/*.yaml`` with every value's position is most of the load and
validate stages, and an editor's save or a
pull request changes one file. So each file's parse (``LoadedYaml``: values,
positions, syntax problems) is kept in ``.cache/parsed/`` under the sha256
of its bytes, and the data's checks under the hashes of all the files.

A kept result is used only when everything it was made from is the same: the
file's bytes, its name (messages carry it), this package's code and the
versions of the libraries that parse and check. Anything else is a miss, and
so is a cache file that cannot be read: the cache can only make a build
faster, never different. It holds pickles the build itself wrote into the
project's own ``.cache/``, like Jinja's compiled templates there.

``.cache/`` is not committed, but it can come from elsewhere (a CI cache, a
copied checkout), and unpickling runs whatever a pickle names. So a kept
file is read only when it is a regular file whose payload matches the sha256
in its header, and then by an unpickler that can make nothing but plain
values, ``LoadedYaml``, ``Diagnostic`` and the texts of its messages (``Message``,
``LanguageName``: no other class or function can be named, so no code runs); a result
of the wrong shape is a miss like any other.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from briefing.diagnostics import Diagnostic, LanguageName, Message
from briefing.inputs.input_files import read_input
from briefing.inputs.load import LoadedYaml, cycle_collection_paused

T = TypeVar("T")

CACHE_NAME = "parsed"
# The largest kept file read: a parse of the largest data file allowed is far smaller.
MAX_KEPT_BYTES = 512 * 1024 * 1024
# The only classes a kept file may make (everything else in it is plain values).
KEPT_CLASSES = {
    ("briefing.inputs.load", "LoadedYaml"): LoadedYaml,
    ("briefing.diagnostics", "Diagnostic"): Diagnostic,
    ("briefing.diagnostics", "Message"): Message,
    ("briefing.diagnostics", "LanguageName"): LanguageName,
}


@cache
def code_version() -> str:
    """What every kept result depends on besides its inputs:
    this package's source and the libraries that parse and check.

    The versions come from the modules themselves: ``importlib.metadata`` alone
    would add a tenth of a second to every ``build.py check``. jsonschema, which
    only words the problems of invalid data, is not among them: results with
    errors are not kept (see ``ParseCache.get_or_make``).
    """
    import fastjsonschema
    import yaml

    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(
            source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes() + b"\0"
        )
    digest.update(
        f"PyYAML={yaml.__version__};libyaml={yaml.__with_libyaml__};fastjsonschema={fastjsonschema.VERSION}".encode()
    )
    return digest.hexdigest()


class ParseCache:
    """Results kept on disk under a key: one cache file per name, so the folder never grows."""

    def __init__(self, directory: Path | None):
        self.directory = directory  # None: keep nothing (every lookup is a miss)
        self.hits = 0
        self.misses = 0

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(code_version().encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(
                len(data).to_bytes(8, "big") + data
            )  # lengths first: ("ab", "c") and ("a", "bc") differ
        return digest.hexdigest()

    def get_or_make(
        self,
        name: str,
        key: str,
        make: Callable[[], T],
        keep: Callable[[T], bool] = lambda result: True,
        kind: type = object,
    ) -> T:
        """The result kept under ``name`` if it was made with ``key``, else ``make()``,
        kept for next time if ``keep`` says so.

        ``kind``: what ``make`` returns (``LoadedYaml`` or ``list``);
        a kept file holding anything else is made again.
        """
        found = self._read(name, key)
        if found is not _MISSING and _well_formed(found, kind):
            self.hits += 1
            return found
        self.misses += 1
        result = make()
        if keep(result):
            self._write(name, key, result)
        return result

    def _path(self, name: str) -> Path:
        assert self.directory is not None  # without one nothing is read or written
        return self.directory / (hashlib.sha256(name.encode()).hexdigest()[:24] + ".pickle")

    def _read(self, name: str, key: str) -> Any:
        """What was kept under ``name`` with ``key`` (any unpickled value), else ``_MISSING``."""
        if self.directory is None:
            return _MISSING
        try:
            raw = read_input(
                self._path(name), self.directory, MAX_KEPT_BYTES
            )  # a link, pipe or device is not read
            header, _, payload = raw.partition(b"\n")
            if header != f"{key} {hashlib.sha256(payload).hexdigest()}".encode():
                return _MISSING
            with cycle_collection_paused():  # as while parsing: thousands of containers pile up
                return _KeptUnpickler(io.BytesIO(payload)).load()
        except (
            Exception
        ):  # missing, cut short, written by other code, naming a class it may not: make it again
            return _MISSING

    def _write(self, name: str, key: str, result: object) -> None:
        if self.directory is None:
            return
        path = self._path(name)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            with temporary.open("wb") as f:
                f.write(f"{key} {hashlib.sha256(payload).hexdigest()}\n".encode() + payload)
            os.replace(temporary, path)  # `build.py check` may read while a build writes
        except OSError:  # a read-only checkout still builds, only without the cache
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


_MISSING = object()


class _KeptUnpickler(pickle.Unpickler):
    """Makes plain values and the two kept classes only:
    a pickle naming any other global is refused, not run."""

    def find_class(self, module: str, name: str) -> type:
        try:
            return KEPT_CLASSES[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"{module}.{name} may not be made from the cache"
            ) from None


def _well_formed(found: object, kind: type) -> bool:
    """Whether a kept result has the shape its users rely on."""
    if not isinstance(found, kind):
        return False
    if isinstance(found, list):
        return all(isinstance(d, Diagnostic) for d in found)
    if isinstance(found, LoadedYaml):
        return (
            isinstance(found.file, str)
            and isinstance(found.positions, dict)
            and isinstance(found.digest, str)
            and isinstance(found.diagnostics, list)
            and all(isinstance(d, Diagnostic) for d in found.diagnostics)
        )
    return True
