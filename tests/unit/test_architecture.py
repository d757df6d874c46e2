"""Arrows point one way: the engine imports nothing of the web, files, plots or the rest of the package."""

import ast
from pathlib import Path

ENGINE = Path(__file__).parents[2] / "src" / "dropout_lab" / "engine"
ALLOWED = {
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
}


def _imports(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_engine_imports_only_torch_numpy_pydantic_and_the_standard_library():
    files = sorted(ENGINE.rglob("*.py"))
    assert len(files) >= 8
    for path in files:
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in ALLOWED, f"{path.relative_to(ENGINE)} imports {name}"
