"""Stage 1–2: read ``data/*.yaml``, validate everything, build the ``Dataset``."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.config import Briefing, read_config
from briefing.diagnostics import Diagnostic, InputError, Message, error, has_errors
from briefing.inputs import schema
from briefing.inputs.load import LoadedYaml, parse_yaml_bytes, read_yaml_bytes, yaml_digest
from briefing.inputs.parse_cache import ParseCache
from briefing.inputs.validate import (
    check_references,
    text_diagnostics,
    text_slips,
    unused_sources,
    validate_file,
)
from briefing.inputs.values import check_values
from briefing.model import RECORD_TYPES, Dataset


def load_data_files(
    data_dir: Path, root: Path, cache: ParseCache | None = None
) -> dict[str, LoadedYaml]:
    """Parse every data file (or take it from ``cache``);
    file names in diagnostics are relative to ``root``."""
    loaded = {}
    for data_file in schema.DATA_FILES:
        path = data_dir / data_file.filename
        display = _display(path, root)
        if not os.path.lexists(
            path
        ):  # a link to nothing is not "missing": load_yaml_file says what it is
            loaded[data_file.kind] = LoadedYaml(
                display,
                diagnostics=[
                    error(
                        display,
                        1,
                        1,
                        Message("data file is missing"),
                        Message("create it with a top-level '{key}:' list", key=data_file.key),
                    )
                ],
            )
        else:
            loaded[data_file.kind] = _parsed(path, display, root, cache)
    return loaded


def _parsed(path: Path, display: str, root: Path, cache: ParseCache | None) -> LoadedYaml:
    """The file's parse;
    with ``cache``, a file parsed before with the same bytes is not parsed again."""
    raw = read_yaml_bytes(path, display, root)
    if isinstance(raw, LoadedYaml) or cache is None:
        return raw if isinstance(raw, LoadedYaml) else parse_yaml_bytes(raw, display)
    digest = yaml_digest(raw)
    return cache.get_or_make(
        f"yaml:{display}",
        cache.key(display, digest),
        lambda: parse_yaml_bytes(raw, display, digest),
        kind=LoadedYaml,
    )


def _display(path: Path, root: Path) -> str:
    # not resolved: a link's target (perhaps a private path outside the repository) is never shown
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def validate_data(
    files: dict[str, LoadedYaml], briefing: Briefing, cache: ParseCache | None = None
) -> list[Diagnostic]:
    """Every problem in the data: syntax, schema, references, unused sources.

    With ``cache``, data checked before with the same files is not checked again.
    """
    if cache is None or not all(
        loaded.digest for loaded in files.values()
    ):  # unread files: their messages are not keyed
        return _validate_data(files, briefing)
    # briefing.yml names the languages, countries and currencies the data is checked against
    key = cache.key(
        *(f"{loaded.file}:{loaded.digest}" for loaded in files.values()), briefing.digest
    )
    # data with errors is not kept: jsonschema words those, and its version is not in the key
    return cache.get_or_make(
        "checks:data",
        key,
        lambda: _validate_data(files, briefing),
        keep=lambda found: not has_errors(found),
        kind=list,
    )


def _validate_data(files: dict[str, LoadedYaml], briefing: Briefing) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for data_file in schema.DATA_FILES:
        loaded = files[data_file.kind]
        found.extend(loaded.diagnostics)
        found.extend(text_diagnostics(loaded))
        if not loaded.diagnostics:
            found.extend(validate_file(data_file, loaded, briefing))
            found.extend(text_slips(data_file, loaded))
    found.extend(
        check_references(files)
    )  # also next to schema errors: the checker reports everything at once
    found.extend(check_values(files))  # dates and figures the build could not compute with
    if not has_errors(found):
        found.extend(unused_sources(files))
    return found


def build_dataset(files: dict[str, LoadedYaml]) -> Dataset:
    """Records as objects; call only on data without errors."""
    by_kind = {}
    written_at = {}
    for data_file in schema.DATA_FILES:
        record_type = RECORD_TYPES[data_file.kind]
        loaded = files[data_file.kind]
        records = loaded.data[data_file.key]
        by_kind[data_file.key] = {raw["id"]: record_type.of(raw) for raw in records}
        for index, raw in enumerate(records):
            line, _col = loaded.where((data_file.key, index, "id"), key=True)
            written_at[(data_file.key, raw["id"])] = (loaded.file, line)
    return Dataset(**by_kind, written_at=written_at)


def read_dataset(data_dir: Path, root: Path) -> tuple[Dataset, list[Diagnostic]]:
    """Load and validate; raise ``InputError`` with every problem if any is an error."""
    files = load_data_files(data_dir, root)
    diagnostics = validate_data(files, read_config(root))
    if has_errors(diagnostics):
        raise InputError(diagnostics)
    return build_dataset(files), diagnostics
