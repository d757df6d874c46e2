"""Arrows point one way: the layout shows the faces, the engine imports nothing of them, no import circles.

Imports are read from the source (absolute and relative, at module level and inside functions) and
resolved to modules of the package, so `from ..api import x` inside the engine is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "src" / "dropout_lab"
FACES = {"engine", "api", "cli", "report", "server", "store", "static"}
# Which faces a face may import (engine: none; everything else builds on it).
MAY_IMPORT = {
    "engine": set(),
    "report": {"engine"},
    "api": {"engine", "report", "store"},
    "store": {"engine"},
    "server": {"engine", "store"},
    "cli": {"engine", "api", "report", "server", "store"},
}
ENGINE_LIBRARIES = {
    "torch",
    "numpy",
    "pydantic",
    "__future__",
    "typing",
    "collections",
    "dataclasses",
    "math",
    "time",
    "uuid",
    "concurrent",
    "threading",
    "itertools",
    "functools",
    "enum",
    "abc",
    "statistics",
    "json",  # engine/verdict.py reads the verdict rules shared with the page (static/verdict.json)
    "importlib",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[str]:
    """Every module `path` imports, absolute names, relative imports resolved."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append(module)
            # `from . import routes` names submodules: count them as imported modules too
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p): p for p in SOURCES}


def own_imports(path: Path) -> set[str]:
    return {m for m in imports(path) if m in MODULES and m != module_name(path)}


def face(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_the_package_root_holds_only_packages_by_face_and_its_init():
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert entries - {"__init__.py"} <= FACES, entries - FACES
    assert {"engine", "api", "cli", "report", "server", "static"} <= entries


@pytest.mark.parametrize("path", [p for p in SOURCES if face(module_name(p)) == "engine"], ids=str)
def test_the_engine_imports_only_torch_numpy_pydantic_the_standard_library_and_itself(path):
    for name in imports(path):
        if name.startswith("dropout_lab."):
            assert face(name) == "engine", f"{path.relative_to(PACKAGE)} imports {name}"
        else:
            assert name.split(".")[0] in ENGINE_LIBRARIES, f"{path.relative_to(PACKAGE)} imports {name}"


def test_each_face_imports_only_the_faces_below_it():
    for module, path in MODULES.items():
        own = face(module)
        if own not in MAY_IMPORT:
            continue
        for name in own_imports(path):
            other = face(name)
            if other not in (None, own):
                assert other in MAY_IMPORT[own], f"{module} imports {name}"


def test_there_is_no_import_circle():
    graph = {m: own_imports(p) for m, p in MODULES.items()}
    # a package's __init__ importing its own submodules is how re-exports work, not a circle
    graph = {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in graph.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                circle = path[path.index(dep) :] + [dep]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_resolver_sees_relative_imports():
    # the check above must not be blind to `from ..x import y`: resolve a known relative import
    path = PACKAGE / "engine" / "training.py"
    assert "dropout_lab.engine.evaluation" in own_imports(path)
