"""How nbtruth's modules import one another: at the top, without a cycle, and no check from another check."""

from __future__ import annotations

import ast
from pathlib import Path

import nbtruth

PACKAGE = Path(nbtruth.__file__).resolve().parent


def module_name(path: Path) -> str:
    """The dotted name of one of nbtruth's files (`checks/numbers.py` is `nbtruth.checks.numbers`)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The nbtruth modules one import statement names (a submodule when it names one, else its package)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]) if node.level else ""
    base = ".".join(filter(None, (base, node.module)))
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names} & set(MODULES)


def imports(module: str, top_only: bool = False) -> set[str]:
    """The nbtruth modules a module imports: anywhere in it, or only in statements at its top level."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    nodes = tree.body if top_only else ast.walk(tree)
    return set().union(*(imported(module, n) for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom))))


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph, as the modules along it, or [] when there is none."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str]:
        """Depth first from node; a module met again while still on the path closes a cycle."""
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target, path + [target])):
                return found
        state[node] = "done"
        return []

    return next((found for node in sorted(graph) if node not in state and (found := visit(node, [node]))), [])


GRAPH = {module: imports(module) for module in MODULES}
CHECKS = {module for module in MODULES if module.startswith("nbtruth.checks.")}


def test_the_modules_import_one_another_without_a_cycle():
    assert cycle(GRAPH) == []


def test_the_cycle_finder_finds_a_planted_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_check_imports_another_check():
    assert {module: GRAPH[module] & CHECKS for module in CHECKS} == {module: set() for module in CHECKS}


def test_the_checks_and_the_coverage_line_share_the_readers():
    assert {"nbtruth.claims", "nbtruth.formulas"} <= GRAPH["nbtruth.checks.numbers"]
    assert {"nbtruth.claims", "nbtruth.formulas"} <= GRAPH["nbtruth.coverage"]


def test_every_import_of_nbtruth_itself_is_at_the_top_of_its_module():
    assert {module: imports(module) - imports(module, top_only=True) for module in MODULES} == {
        module: set() for module in MODULES}
