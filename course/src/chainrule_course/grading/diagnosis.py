"""Why a test failed, in the student's own terms: a counterexample from their function, and the misconception it shows.

Guards against feedback that says only "failed" without letting it leak: everything here runs on the
trusted side, after a test failed and while its channel is still open, on inputs the instructor
wrote to be shown. The library (`assignments/misconceptions.toml`, never released) says, per test,
which of the student's names the question asks for, and how to call it:

    [[probe]]
    tests = ["01_derivatives_by_hand/test_paths"]   # assignment/grade_id
    function = "grad_paths"       # the student's name (a function, or a class such as Value)
    driver = ""                   # optional: how to call it (`DRIVERS`); none calls it on the inputs
    quantity = "dz/dx"            # how the feedback names its result ("{key}" for one key of a dict)
    whole = "answer"              # how the feedback names the whole result when the call raised
    inputs = [{x = 0.0}, {x = 1.0}, {x = -2.5}]   # the same input language as misconceptions
    plain = false
    forbid = ["autograd"]         # optional: the tools the question forbids, forbidden again here
    view = ""                     # optional: the part of the result a hint shows (an expression)
    dtype = "float64"             # optional: the float dtype of the tensors the test passes (hints use it)

The reference is the instructor's solution, run here from the source notebook (never in the
kernel). `hints.counterexample` finds the simplest input where the two disagree, and
`misconceptions.recognise` names the wrong idea the student's outputs match. Recognition sees a call
that raised as a `Raised` value (so an entry can recognise an error), and runs the student's code
with the probe's forbidden tools switched off, as the test did: through
`chainrule_helpers.checks.forbid_autograd`, which the grader points at the kernel during a test.
The hint is computed with nothing forbidden, so it shows the values the student's formula gives.
A test with no probe gets neither; each search has a budget of seconds, a student's call is bounded
by the test's, and each distinct call is made once per diagnosis.

A driver reaches what a question asks for when it is more than a function of plain inputs: a
`Value` class driven on an expression, a model built in the kernel and measured there with the
course's tools (`chainrule_helpers.checks`, which run where the model lives). The library's
expressions may also call `raised`, `agree`, `entries` and `out_of_order` (in `misconceptions.py`).
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .course import Assignment, grade_cells, is_answer
from .hints import Case, counterexample
from .misconceptions import (
    Misconception,
    Raised,
    arguments,
    drive,
    evaluate,
    for_test,
    load_library,
    recognise,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the course tooling depends on tomli there
    import tomli as tomllib

__all__ = ["DRIVERS", "Diagnosis", "Probe", "Raised", "diagnose", "load", "load_probes",
           "reference_namespace"]

BUDGET = 2.0  # seconds for each search (hint, misconception)
TOOLS = ("autograd",)  # what a probe may forbid
Pair = tuple[Callable[..., Any], Callable[..., Any]]  # (the student's call, the reference's call)


@dataclass(frozen=True)
class Probe:
    """Which of the student's names a test's question asks for, how to call it, and inputs to show it on."""

    tests: tuple[str, ...]
    quantity: str
    inputs: tuple[dict[str, Any], ...]
    function: str
    driver: str = ""
    plain: bool = False
    forbid: tuple[str, ...] = ()
    view: str = ""
    whole: str = "answer"
    dtype: str = "float64"


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
        if not table.get("tests") or not table.get("inputs") or not table.get("function"):
            raise ValueError(f"{where}: give tests, inputs and function")
        if table.get("driver", "") not in ("", *DRIVERS):
            raise ValueError(f"{where}: driver {table['driver']!r} is none of {', '.join(DRIVERS)}")
        if not set(table.get("forbid", ())) <= set(TOOLS):
            raise ValueError(f"{where}: forbid lists tools other than {', '.join(TOOLS)}")
        if table.get("dtype", "float64") not in ("float32", "float64"):
            raise ValueError(f"{where}: dtype is float32 or float64")
        try:
            ast.parse(table.get("view", "output"), mode="eval")
        except SyntaxError:
            raise ValueError(f"{where}: view {table['view']!r} is not an expression") from None
        probes.append(Probe(tuple(table["tests"]), table.get("quantity", "answer"), tuple(table["inputs"]),
                            table["function"], table.get("driver", ""), bool(table.get("plain", False)),
                            tuple(table.get("forbid", ())), table.get("view", ""), table.get("whole", "answer"),
                            table.get("dtype", "float64")))
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


# --- drivers: how a probe calls what the question asks for --------------------------------------------


def _checks() -> Any:
    """The course's measuring tools, looked up at each use: during a test the grader points them at the kernel."""
    import chainrule_helpers.checks as checks

    return checks


def _engine(make: Callable[[float], Any]) -> Callable[..., dict[str, Any]]:
    """An engine driven on an expression: the gradient of the output with respect to each leaf, after
    `calls` calls of backward() on the same output."""

    def gradients(expression: str, values: Mapping[str, float], calls: int = 1) -> dict[str, Any]:
        output, leaves = drive(make, expression, values)
        for _ in range(calls):
            output.backward()
        return {name: leaf.grad for name, leaf in leaves.items()}

    return gradients


def _engine_pair(student: Callable[[str], Any], reference: Mapping[str, Any], name: str) -> Pair:
    """The student's class and the instructor's, each driven on the same expression."""
    return _engine(student(name)), _engine(reference[name])


def _chain(make: Callable[[float], Any], length: int) -> dict[str, Any]:
    """x = 0.5 followed by `length` additions of 1.0: dy/dx, and how deep backward() grows the call stack per node."""
    x = make(0.5)
    y = x
    for _ in range(length):
        y = y + 1.0
    depth = _checks().stack_depth(y.backward)
    return {"d(output)/dx": x.grad, "call-stack depth per node": round(depth / length, 1)}


def _chain_pair(student: Callable[[str], Any], reference: Mapping[str, Any], name: str) -> Pair:
    """The student's class and the instructor's, each backpropagating through a long chain."""
    return (lambda length: _chain(student(name), length)), (lambda length: _chain(reference[name], length))


def _seeded_mlp(depth: int) -> nn.Module:
    """Assignment 4's broken network, with weights that depend on `depth` only (the global generator is left alone)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(depth)
        return _checks().deep_sigmoid_mlp(depth)


def _norms(model: nn.Module, of: str, reduction: str, order: str) -> list[float]:
    """Each Linear layer's norm of `of` after one backward pass of the squared error (`reduction` over entries)."""
    X, y = _checks().make_data(0)
    model.zero_grad()
    error = (model(X) - y) ** 2
    (error.mean() if reduction == "mean" else error.sum()).backward()
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    parts = {"weight.grad": lambda m: m.weight.grad, "bias.grad": lambda m: m.bias.grad, "weight": lambda m: m.weight}
    norms = [float(parts[of](m).detach().norm()) for m in layers]
    return norms if order == "input first" else norms[::-1]


def _grad_norms_pair(student: Callable[[str], Any], reference: Mapping[str, Any], name: str) -> Pair:
    """layer_grad_norms on deep_sigmoid_mlp(depth), the `call`-th call on one model; the reference's
    options (`of`, `reduction`, `order`) give the norms of other tensors, for the library's wrong answers."""

    def theirs(depth: int, call: int) -> torch.Tensor:
        model = student("deep_sigmoid_mlp")(depth)
        model.load_state_dict(_seeded_mlp(depth).state_dict())
        X, y = _checks().make_data(0)
        for _ in range(call):
            norms = student(name)(model, X, y)
        return torch.tensor([float(n) for n in norms], dtype=torch.float64)

    def ours(depth: int, call: int, of: str = "weight.grad", reduction: str = "mean",
             order: str = "input first") -> torch.Tensor:
        model = _seeded_mlp(depth)
        if (of, reduction, order) != ("weight.grad", "mean", "input first"):
            return torch.tensor(_norms(model, of, reduction, order), dtype=torch.float64)
        X, y = _checks().make_data(0)
        for _ in range(call):
            norms = reference[name](model, X, y)
        return torch.tensor([float(n) for n in norms], dtype=torch.float64)

    return theirs, ours


def _repair_report(model: Any, depth: int, width: int) -> tuple[dict[str, Any], list[float]]:
    """What assignment 4's repair is asked for, measured on make_data(0) where the model lives, and, for each
    layer with a weight matrix (in parameter order), 1.0 when it runs and reaches the output, else 0.0."""
    checks = _checks()
    X, y = checks.make_data(0)
    layers = checks.hidden_layers(model, X)
    ran = {layer["name"]: layer for layer in layers}
    weights = [key.rsplit(".", 1)[0] for key, value in checks.parameter_values(model).items()
               if key.rsplit(".", 1)[-1] == "weight" and value.dim() == 2]
    reaching = [layer for layer in layers if layer["influences"]]
    hidden = sum(1 for layer in reaching if layer["out_features"] == width)
    report = {
        "hidden layers of width 32": min(hidden, depth),
        "loss below 0.3 after training": checks.train(model, X, y) < 0.3 if hidden >= depth else None,
        "layers never run": sum(1 for name in weights if name not in ran),
        "layers run but cut from the output": sum(1 for layer in layers if not layer["influences"]),
        "layers run more than once": sum(1 for layer in layers if layer["calls"] > 1),
        "layers of another width": sum(1 for layer in reaching if layer["out_features"] not in (width, 1)),
    }
    return report, [1.0 if name in ran and ran[name]["influences"] else 0.0 for name in weights]


@functools.lru_cache(maxsize=8)
def _reference_repair(build: Callable[..., Any], depth: int, width: int) -> tuple[dict[str, Any], list[float]]:
    """The instructor's repair, built and trained from seed 0 (once: it is the same for every student)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        return _repair_report(build(depth, width), depth, width)


def _repair_pair(student: Callable[[str], Any], reference: Mapping[str, Any], name: str) -> Pair:
    """repaired_mlp(depth, width), measured as the question's text measures it (see `_repair_report`)."""
    return (lambda depth, width: _repair_report(student(name)(depth, width), depth, width),
            lambda depth, width: _reference_repair(reference[name], depth, width))


def _engine_case(table: Mapping[str, Any]) -> tuple[str, str, int]:
    """An expression's case: what is built, at which values, and how many graph nodes."""
    values = table.get("values", {})
    expression = str(table.get("expression", ""))
    nodes = sum(expression.count(op) for op in "+*") + expression.count("(") + len(values)
    calls = int(table.get("calls", 1))
    built = f"the output of {expression}" + (f", after {calls} calls of backward()" if calls > 1 else "")
    return built, ", ".join(f"{k} = {v:g}" for k, v in values.items()), nodes


CASES: dict[str, Callable[[Mapping[str, Any]], tuple[str, str, int]]] = {
    "engine": _engine_case,
    "chain": lambda t: (f"a chain of {t['length']} additions y = y + 1.0", "x = 0.5", 1),
    "grad_norms": lambda t: (f"layer_grad_norms(model, X, y), called {'once' if t['call'] == 1 else 'twice'} on one "
                             "model", f"model = deep_sigmoid_mlp({t['depth']}), (X, y) = make_data(0)", 1),
    "repair": lambda t: ("repaired_mlp(depth, width), measured on make_data(0)",
                         f"depth = {t['depth']}, width = {t['width']}", 1),
}
DRIVERS: dict[str, Callable[[Callable[[str], Any], Mapping[str, Any], str], Pair]] = {
    "engine": _engine_pair,
    "chain": _chain_pair,
    "grad_norms": _grad_norms_pair,
    "repair": _repair_pair,
}


# --- the diagnosis ------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """An input as the feedback shows it: numbers as written, `randn(4, 3)` as a random tensor's shape."""
    if isinstance(value, str) and value.startswith(("randn(", "rand(")):
        sizes = value[value.index("(") + 1:-1].split(", ")
        return f"a random {sizes[0]}-vector" if len(sizes) == 1 else f"random {' x '.join(sizes)}"
    if isinstance(value, str) and _is_number(value):
        return value
    return repr(value) if isinstance(value, str) else f"{value}"


def _is_number(text: str) -> bool:
    """Whether an input written as a string is a plain number (`"2"`, an int where tensors are the default)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _as(dtype: str, value: Any) -> Any:
    """A float tensor in the dtype the test passes (any other value as it is)."""
    is_float = isinstance(value, torch.Tensor) and value.is_floating_point()
    return value.to(getattr(torch, dtype)) if is_float else value


def _cases(probe: Probe) -> list[Case]:
    """The probe's inputs as hint cases, each with the words that may be shown for it."""
    cases = []
    for table, given in zip(probe.inputs, arguments(probe.inputs, probe.plain, seed=0)):
        args = [_as(probe.dtype, value) for value in given]
        if probe.driver:
            expression, at, nodes = CASES[probe.driver](table)
            cases.append(Case(tuple(args), at, expression, nodes))
        else:
            cases.append(Case(tuple(args), ", ".join(f"{k} = {_shown(v)}" for k, v in table.items())))
    return cases


def _key(value: Any) -> Any:
    """A hashable stand-in for plain data (tensors by dtype, shape and numbers), to recognise a repeated call."""
    if isinstance(value, torch.Tensor):
        return ("tensor", str(value.dtype), tuple(value.shape), tuple(value.detach().flatten().tolist()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *map(_key, value))
    if isinstance(value, dict):
        return ("dict", *((k, _key(v)) for k, v in value.items()))
    return value if isinstance(value, (int, float, str, bool, type(None))) else ("object", id(value))


def _remembered(call: Callable[..., Any]) -> Callable[..., Any]:
    """`call`, made once per distinct input: what it returned, or raised, is given again for the same input."""
    seen: dict[Any, tuple[bool, Any]] = {}

    def once(*args: Any, **kwargs: Any) -> Any:
        key = _key((args, kwargs))
        if key not in seen:
            try:
                seen[key] = (True, call(*args, **kwargs))
            except Exception as exc:  # noqa: BLE001 - the student's error, kept to be raised again
                seen[key] = (False, exc)
        returned, value = seen[key]
        if not returned:
            raise value
        return value

    return once


def _forbidding(call: Callable[..., Any], tools: tuple[str, ...]) -> Callable[..., Any]:
    """`call` run with the forbidden tools switched off, as the test runs it (nothing, when none is forbidden)."""
    if "autograd" not in tools:
        return call

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        with _checks().forbid_autograd():
            return call(*args, **kwargs)

    return forbidden


def _caught(call: Callable[..., Any]) -> Callable[..., Any]:
    """`call`, returning a `Raised` instead of raising: an error is an output recognition can read."""

    def caught(*args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the student's code: its error is what they answered
            return Raised(str(getattr(exc, "kind", type(exc).__name__)))

    return caught


def _viewed(call: Callable[..., Any], view: str) -> Callable[..., Any]:
    """`call`'s result, or the part of it the probe's view shows (the whole result when the view does not fit)."""
    if not view:
        return call

    def shown(*args: Any, **kwargs: Any) -> Any:
        output = call(*args, **kwargs)
        try:
            return evaluate(view, {"output": output})
        except Exception:  # noqa: BLE001 - a result of another shape is shown whole
            return output

    return shown


def _hint_text(probe: Probe, pair: Pair) -> str:
    """The counterexample's sentence, or "" when none is found in time."""
    theirs, ours = (_viewed(call, probe.view) for call in pair)
    hint = counterexample(theirs, ours, _cases(probe), budget_seconds=BUDGET, quantity=probe.quantity)
    if hint is None:
        return ""
    text = hint.text()
    return replace(hint, quantity=probe.whole).text() if "{key}" in text else text


def diagnose(assignment: Assignment, grade_id: str, student: Callable[[str], Any], reference: Mapping[str, Any],
             probes: list[Probe], library: list[Misconception]) -> Diagnosis:
    """The counterexample and the misconception for one failed test; `student(name)` is a name of the kernel."""
    key = f"{assignment.name}/{grade_id}"
    probe = next((p for p in probes if key in p.tests), None)
    if probe is None:
        return Diagnosis()
    if probe.driver:
        theirs, ours = DRIVERS[probe.driver](student, reference, probe.function)
    else:
        theirs, ours = student(probe.function), reference[probe.function]
    shown, ours = _remembered(theirs), _remembered(ours)
    judged = _remembered(_forbidding(theirs, probe.forbid)) if probe.forbid else shown
    hint = _hint_text(probe, (shown, ours))
    found = recognise(_caught(judged), ours, for_test(library, assignment.name, grade_id), budget_seconds=BUDGET)
    return Diagnosis(hint, found)


def library_path(assignment: Assignment) -> Path:
    """Where the assignment's misconception library is: beside its source notebook."""
    return assignment.source.parent / "misconceptions.toml"


def load(assignment: Assignment) -> tuple[list[Probe], list[Misconception]]:
    """The probes and misconceptions for an assignment (none when its folder has no library)."""
    path = library_path(assignment)
    if not path.exists():
        return [], []
    return load_probes(path), load_library(path)

