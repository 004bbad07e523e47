"""Two packages for two audiences: the reader's helpers need only torch, numpy and matplotlib; no import is circular.

The import graph is read from the source (every `import` and `from ... import`, relative ones resolved),
so a test fails on the line that adds a wrong import, whether or not it runs.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from chainrule_course.repository import find

ROOT = find(Path(__file__).resolve().parent).root
PACKAGES = {"chainrule_helpers": ROOT / "chainrule_helpers", "chainrule_course": ROOT / "course/src/chainrule_course",
            "nbtruth": ROOT / "nbtruth/src/nbtruth"}
READER_NEEDS = {"torch", "numpy", "matplotlib"}
TOOLING = {"nbformat", "nbclient", "jupyter_server", "jupyter_client", "jupytext", "nbgrader", "sphinx", "nbtruth",
           "chainrule_course", "IPython", "ipykernel", "sympy"}


def module_name(package: str, path: Path) -> str:
    """`chainrule_course.grading.cli` for course/src/chainrule_course/grading/cli.py."""
    parts = path.relative_to(PACKAGES[package]).with_suffix("").parts
    return ".".join([package, *(p for p in parts if p != "__init__")])


def imports(package: str, path: Path) -> set[str]:
    """Every module a source file imports, relative imports made absolute."""
    here = module_name(package, path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            prefix = ".".join([*base, node.module] if node.module else base)
            found.add(prefix)
            found |= {f"{prefix}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    """Module -> the modules of the three packages it imports."""
    modules = {module_name(pkg, p): (pkg, p) for pkg, folder in PACKAGES.items() for p in folder.rglob("*.py")}
    return {name: {m for m in imports(*where) if m in modules and m != name} for name, where in modules.items()}


def test_the_readers_helpers_import_only_torch_numpy_matplotlib_and_the_standard_library():
    for path in sorted(PACKAGES["chainrule_helpers"].rglob("*.py")):
        outside = {m.split(".")[0] for m in imports("chainrule_helpers", path)} - READER_NEEDS - {"chainrule_helpers"}
        extra = sorted(outside - set(sys.stdlib_module_names))
        assert not extra, f"{path.name} imports {extra}: the helpers may need only torch, numpy and matplotlib"


def test_importing_every_helper_loads_none_of_the_tooling():
    code = ("import sys, chainrule_helpers.numerics, chainrule_helpers.engine, chainrule_helpers.graphs, "
            "chainrule_helpers.plots; print(sorted({m.split('.')[0] for m in sys.modules}))")
    loaded = set(eval(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout))
    assert not loaded & TOOLING, f"importing the helpers loads {sorted(loaded & TOOLING)}"


def test_the_helpers_know_nothing_of_the_repository():
    for path in sorted(PACKAGES["chainrule_helpers"].rglob("*.py")):
        text = path.read_text()
        for needle in ("Path(__file__)", "notebooks/", "assignments/", "pyproject.toml", "tests/"):
            assert needle not in text, f"{path.name} mentions {needle!r}: the helpers must not know the checkout"


def test_only_the_repository_module_knows_where_the_repository_is():
    for path in sorted(PACKAGES["chainrule_course"].rglob("*.py")):
        if path.name != "repository.py":
            assert ".parent.parent" not in path.read_text(), f"{path.name} finds the checkout by itself"


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    return next((found for node in sorted(edges) if node not in state and (found := visit(node))), None)


def test_the_import_graph_has_no_cycle_and_the_helpers_import_no_tooling():
    edges = graph()
    assert cycle(edges) is None, f"import cycle: {' -> '.join(cycle(edges))}"
    for module, targets in edges.items():
        if module.startswith("chainrule_helpers"):
            assert all(t.startswith("chainrule_helpers") for t in targets), f"{module} imports {targets}"
        if module.startswith("nbtruth"):
            assert all(t.startswith("nbtruth") for t in targets), f"nbtruth stands alone: {module} imports {targets}"


@pytest.mark.parametrize(("edges", "found"), [
    ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ({"a": {"a"}}, ["a", "a"]),
])
def test_the_cycle_finder_finds_cycles(edges, found):
    assert cycle(edges) == found
