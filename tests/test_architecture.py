"""The layout holds: stage folders without import cycles, the engine behind one folder,
no private internals, no identity in code.

These read the package's source, as a reviewer would; each names the file
and line that breaks the rule.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "briefing"
STAGES = {"inputs", "views", "search", "books", "html", "engine", "commands"}


def modules() -> dict[str, Path]:
    """Dotted name -> file of every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules ``path`` imports, anywhere in it
    (a function's import is a dependency too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue  # for type hints only: no dependency when the code runs
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {name for name in names if name in known}
    return found


def test_the_top_level_reads_as_the_stages() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == STAGES
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 12, f"modules outside the stage folders: {loose}"


def test_no_import_cycles() -> None:
    known = modules()
    # a package's __init__ imported as "briefing.x" is the module briefing.x; parents are not edges
    graph = {
        name: {m for m in imports(path, known) if m != name and not name.startswith(m + ".")}
        for name, path in known.items()
    }
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_only_the_engine_folder_imports_mkdocs_or_material() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(PACKAGE / "engine"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*(from|import) (mkdocs|material)\b", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


PRIVATE = re.compile(
    r"\._objects\b|_root_object|Font\.clean|make_page_bookmark_tree|material_search\.Parser\s*=|sys\.path\.insert|pycache_prefix"
)


def test_no_private_internals_of_libraries() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert offenders == []


IDENTITY = re.compile(
    r"\bKorea\b|Kazakh|카자흐|(?<!CJK )\bKR\b|\bKZ\b|kazakhstan\.geojson"
)  # Noto's "CJK KR" is a font
LANGUAGE_LITERAL = re.compile(
    r"""["'](ko|en)["']|lang\((ko|en)\)|lang="(ko|en)"|\blang\s*[!=]=\s*["']"""
)


def code_and_templates() -> list[Path]:
    theme = [
        p
        for p in (ROOT / "theme").rglob("*")
        if p.suffix in (".html", ".md", ".css", ".js") and "assets/javascripts" not in p.as_posix()
    ]
    return sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.js"), *theme])


def test_no_module_or_template_names_the_briefing_s_countries() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in code_and_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if IDENTITY.search(line)
    ]
    assert offenders == []


def test_no_language_is_decided_by_a_literal_code() -> None:
    """Languages come from briefing.yml;
    the one code in the package is the catalogs' source language."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in code_and_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LANGUAGE_LITERAL.search(line)
        and "MESSAGE_LANGUAGE = " not in line
        and 'lang="en" rel="noopener">Material for MkDocs' not in line
    ]
    assert offenders == []
