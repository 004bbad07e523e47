"""Style: a notebook and its jupytext py:percent twin have the same cells (types, sources, tags, nbgrader)."""

from __future__ import annotations

from typing import Any

from ..notebook import Context, Problem

__all__ = ["check_pairing"]


def _first_line_difference(a: str, b: str) -> str:
    """Describe where two cell sources first differ, quoting both lines."""
    a_lines, b_lines = a.splitlines(), b.splitlines()
    for i in range(max(len(a_lines), len(b_lines))):
        left = a_lines[i] if i < len(a_lines) else "<no line>"
        right = b_lines[i] if i < len(b_lines) else "<no line>"
        if left != right:
            return f"line {i + 1} of the cell: .py has {left!r}, .ipynb has {right!r}"
    return "the sources differ in white space at the end"


def _cell_signature(cell: Any) -> dict[str, Any]:
    """The parts of a cell that pairing must keep identical."""
    return {"type": cell.cell_type, "source": cell.source, "tags": list(cell.metadata.get("tags", [])),
            "nbgrader": dict(cell.metadata.get("nbgrader", {}))}


def check_pairing(ctx: Context) -> list[Problem]:
    """The .ipynb and its paired .py have the same cells: types, sources, tags, nbgrader metadata."""
    problem = ctx.problem("pairing")
    py_path = ctx.path.with_suffix(".py")
    if not py_path.exists():
        return [problem(None, f"no paired {py_path.name}; the .py is the source of truth")]
    try:
        import jupytext
    except ImportError:  # pragma: no cover - depends on the environment
        return [problem(None, "the pairing check needs jupytext: pip install 'nbtruth[pairing]'")]
    from_py = jupytext.read(str(py_path), fmt="py:percent")
    fix = ctx.settings.get("regenerate", "regenerate the .ipynb from the .py ({py})").format(py=py_path)
    problems = []
    written = ctx.written  # as written: the .py holds the macros, not what they expand to
    for i, (a, b) in enumerate(zip(from_py.cells, written.cells)):
        sa, sb = _cell_signature(a), _cell_signature(b)
        for key in ("type", "source", "tags", "nbgrader"):
            if sa[key] != sb[key]:
                detail = (_first_line_difference(sa[key], sb[key]) if key == "source"
                          else f".py has {sa[key]!r}, .ipynb has {sb[key]!r}")
                problems.append(problem(i, f"{key} differs: {detail}; {fix}"))
                break
    if len(from_py.cells) != len(written.cells):
        problems.append(problem(min(len(from_py.cells), len(written.cells)),
                                f"the .py has {len(from_py.cells)} cells, the .ipynb has {len(written.cells)}; {fix}"))
    return problems
