"""Stage 1–2: read ``data/*.yaml``, validate everything, build the ``Dataset``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import schema
from .diagnostics import Diagnostic, InputError, error, has_errors
from .load import LoadedYaml, load_yaml_file
from .model import RECORD_TYPES, Dataset
from .validate import check_references, unused_sources, validate_file


def load_data_files(data_dir: Path, root: Path) -> dict[str, LoadedYaml]:
    """Parse every data file; file names in diagnostics are relative to ``root``."""
    loaded = {}
    for data_file in schema.DATA_FILES:
        path = data_dir / data_file.filename
        display = _display(path, root)
        if not path.exists():
            loaded[data_file.kind] = LoadedYaml(display, diagnostics=[error(display, 1, 1, "data file is missing", f"create it with a top-level '{data_file.key}:' list")])
        else:
            loaded[data_file.kind] = load_yaml_file(path, display)
    return loaded


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def validate_data(files: dict[str, LoadedYaml]) -> list[Diagnostic]:
    """Every problem in the data: syntax, schema, references, unused sources."""
    found: list[Diagnostic] = []
    for data_file in schema.DATA_FILES:
        loaded = files[data_file.kind]
        found.extend(loaded.diagnostics)
        if not loaded.diagnostics:
            found.extend(validate_file(data_file, loaded))
    found.extend(check_references(files))  # also next to schema errors: the checker reports everything at once
    if not has_errors(found):
        found.extend(unused_sources(files))
    return found


def build_dataset(files: dict[str, LoadedYaml]) -> Dataset:
    """Records as objects; call only on data without errors."""
    by_kind = {}
    for data_file in schema.DATA_FILES:
        record_type = RECORD_TYPES[data_file.kind]
        by_kind[data_file.key] = {raw["id"]: record_type.of(raw) for raw in files[data_file.kind].data[data_file.key]}
    return Dataset(**by_kind)


# Datasets built in this process, by the bytes of the data files they came
# from. The search stage of each language's build process reads data/ again;
# worker processes forked after the load (or kept warm by build.py serve)
# find the dataset here instead of parsing and validating it once more each.
_BUILT: dict[str, tuple[Dataset, list[Diagnostic]]] = {}


def data_fingerprint(data_dir: Path, root: Path) -> str:
    """A hash of every data file's bytes ("" when one cannot be read)."""
    digest = hashlib.sha256(str(root).encode() + b"\0")
    try:
        for data_file in schema.DATA_FILES:
            path = data_dir / data_file.filename
            digest.update(data_file.filename.encode() + b"\0" + (path.read_bytes() if path.exists() else b"\0missing") + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()


def remember_dataset(fingerprint: str, data_dir: Path, root: Path, data: Dataset, diagnostics: list[Diagnostic]) -> None:
    """Keep a dataset for ``read_dataset``, unless a file changed while it was being read."""
    if fingerprint and data_fingerprint(data_dir, root) == fingerprint:
        _BUILT.clear()  # one is enough: the current data
        _BUILT[fingerprint] = (data, list(diagnostics))


def read_dataset(data_dir: Path, root: Path) -> tuple[Dataset, list[Diagnostic]]:
    """Load and validate; raise ``InputError`` with every problem if any is an error."""
    fingerprint = data_fingerprint(data_dir, root)
    if fingerprint in _BUILT:
        data, diagnostics = _BUILT[fingerprint]
        return data, list(diagnostics)
    files = load_data_files(data_dir, root)
    diagnostics = validate_data(files)
    if has_errors(diagnostics):
        raise InputError(diagnostics)
    data = build_dataset(files)
    remember_dataset(fingerprint, data_dir, root, data, diagnostics)
    return data, diagnostics
