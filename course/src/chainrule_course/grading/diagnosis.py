"""Why a test failed, in the student's own terms: a counterexample from their function, and the misconception it shows.

Guards against feedback that says only "failed" without letting it leak: everything here runs on the
trusted side, after a test failed and while its channel is still open, on inputs the instructor
wrote to be shown. The library (`assignments/misconceptions.toml`, never released) says, per test,
which of the student's functions the question asks for:

    [[probe]]
    tests = ["01_derivatives_by_hand/test_paths"]   # assignment/grade_id
    function = "grad_paths"       # the student's function; or engine = "Value" for a Value class
    quantity = "dz/dx"            # how the feedback names its result
    inputs = [{x = 0.0}, {x = 1.0}, {x = -2.5}]   # the same input language as misconceptions
    plain = false

The reference is the instructor's solution, run here from the source notebook (never in the
kernel). `hints.counterexample` finds the simplest input where the two disagree, and
`misconceptions.recognise` names the wrong idea the student's outputs match. A test with no probe
gets neither; each search has a budget of seconds, and a student's call is bounded by the test's.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .course import Assignment, grade_cells, is_answer
from .hints import Case, counterexample
from .misconceptions import Misconception, arguments, backprop, drive, for_test, load_library, recognise

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the course tooling depends on tomli there
    import tomli as tomllib

__all__ = ["Diagnosis", "Probe", "diagnose", "load", "load_probes", "reference_namespace"]

BUDGET = 2.0  # seconds for each search (hint, misconception)


@dataclass(frozen=True)
class Probe:
    """Which of the student's functions a test's question asks for, and inputs to show it on."""

    tests: tuple[str, ...]
    quantity: str
    inputs: tuple[dict[str, Any], ...]
    function: str = ""
    engine: str = ""
    plain: bool = False


@dataclass(frozen=True)
class Diagnosis:
    """What feedback may say about one failed test."""

    hint: str = ""
    misconception: Misconception | None = None


def load_probes(path: Path) -> list[Probe]:
    """Every `[[probe]]` of the library; ValueError naming the entry when one is malformed."""
    with path.open("rb") as handle:
        tables = tomllib.load(handle).get("probe", [])
    probes = []
    for index, table in enumerate(tables):
        where = f"{path.name}, probe {index + 1}"
        if not table.get("tests") or not table.get("inputs") or bool(table.get("function")) == bool(
                table.get("engine")):
            raise ValueError(f"{where}: give tests, inputs and one of function or engine")
        probes.append(Probe(tuple(table["tests"]), table.get("quantity", "answer"), tuple(table["inputs"]),
                            table.get("function", ""), table.get("engine", ""), bool(table.get("plain", False))))
    return probes


def reference_namespace(assignment: Assignment) -> dict[str, Any]:
    """The instructor's solution, run here: the setup cells' imports, then every answer cell of the source."""
    namespace: dict[str, Any] = {}
    for source in assignment.setup():
        tree = ast.parse(source)
        exec(compile(ast.Module([n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))],  # noqa: S102
                                type_ignores=[]), "<setup imports>", "exec"), namespace)
    for _, cell in grade_cells(assignment.notebook()):
        if is_answer(cell):
            exec(compile(cell.source, "<solution>", "exec"), namespace)  # noqa: S102 - the instructor's own code
    return namespace


def _engine(make: Callable[[float], Any]) -> Callable[[str, Mapping[str, float]], dict[str, Any]]:
    """An engine driven on an expression: the gradient of the output with respect to each leaf."""

    def gradients(expression: str, values: Mapping[str, float]) -> dict[str, Any]:
        output, leaves = drive(make, expression, values)
        output.backward()
        return {name: leaf.grad for name, leaf in leaves.items()}

    return gradients


def _shown(value: Any) -> str:
    """An input as the feedback shows it: numbers as written, `randn(4, 3)` as a random tensor's shape."""
    if isinstance(value, str) and value.startswith(("randn(", "rand(")):
        sizes = value[value.index("(") + 1:-1].split(", ")
        return f"a random vector of {sizes[0]}" if len(sizes) == 1 else f"a random {' x '.join(sizes)} matrix"
    return repr(value) if isinstance(value, str) else f"{value}"


def _cases(probe: Probe) -> list[Case]:
    """The probe's inputs as hint cases, each with the words that may be shown for it."""
    cases = []
    for table, args in zip(probe.inputs, arguments(probe.inputs, probe.plain, seed=0)):
        if probe.engine:
            values = table.get("values", {})
            at = ", ".join(f"{k} = {v:g}" for k, v in values.items())
            expression = str(table.get("expression", ""))
            nodes = sum(expression.count(op) for op in "+*") + expression.count("(") + len(values)
            cases.append(Case(tuple(args), at, f"the output of {expression}", nodes))
        else:
            cases.append(Case(tuple(args), ", ".join(f"{k} = {_shown(v)}" for k, v in table.items())))
    return cases


def diagnose(assignment: Assignment, grade_id: str, student: Callable[[str], Any], reference: Mapping[str, Any],
             probes: list[Probe], library: list[Misconception]) -> Diagnosis:
    """The counterexample and the misconception for one failed test; `student(name)` is a name of the kernel."""
    key = f"{assignment.name}/{grade_id}"
    probe = next((p for p in probes if key in p.tests), None)
    if probe is None:
        return Diagnosis()
    if probe.engine:
        theirs, ours = _engine(student(probe.engine)), lambda expression, values: backprop(expression, values)
    else:
        theirs, ours = student(probe.function), reference[probe.function]
    hint = counterexample(theirs, ours, _cases(probe), budget_seconds=BUDGET, quantity=probe.quantity)
    found = recognise(theirs, ours, for_test(library, assignment.name, grade_id), budget_seconds=BUDGET)
    return Diagnosis(hint.text() if hint else "", found)


def library_path(assignment: Assignment) -> Path:
    """Where the assignment's misconception library is: beside its source notebook."""
    return assignment.source.parent / "misconceptions.toml"


def load(assignment: Assignment) -> tuple[list[Probe], list[Misconception]]:
    """The probes and misconceptions for an assignment (none when its folder has no library)."""
    path = library_path(assignment)
    if not path.exists():
        return [], []
    return load_probes(path), load_library(path)
