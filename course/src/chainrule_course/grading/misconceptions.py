"""Named misconceptions: recognising a known wrong answer from what a student's function returns.

Guards against feedback that says only "failed". The library is data, `assignments/misconceptions.toml`
(`LIBRARY`), one `[[misconception]]` table per wrong idea, which an instructor extends with no code
change:

    [[misconception]]
    id = "a1-forgotten-path"                      # unique; what results and the class report record
    name = "one of the paths from x to z was left out of the sum"
    section = "section 3, 'Several paths: gradients add up'"  # where the chapter explains it
    tests = ["01_derivatives_by_hand/test_paths"] # assignment/grade_id of the tests it applies to
    inputs = [{x = [0.7, -2.5, 1.3]}]             # arguments, in order, to the function under test
    wrong = ["expected - x * cos(x)", "expected - sin(x)", "expected - 2 * x"]  # any one of these
    message = "..."                               # optional: the feedback's own words for it

A misconception is recognised when, on every one of its inputs, the student's output agrees with one
of the `wrong` expressions (the same one on every input), and that wrong value differs from the
reference's output on at least one input (so a correct answer is never named a misconception); or,
with `when` instead of `wrong`, when that condition on the output holds on every input and not for
the reference. `look_at` (an expression over `output`) compares a part of the output only.

Inputs: numbers and lists of numbers become float64 tensors and strings are expressions
(`randn(4, 3)`, drawn from a generator seeded per misconception), unless `plain = true`, where each
value is passed as written (numbers as TOML has them, strings as strings, tables as dicts). Expressions are
data, not Python: names, numbers, strings, lists, tuples and dicts, arithmetic (`+ - * / ** @`),
comparisons, `and`/`or`/`not`, indexing, `.T`, `.shape`, and calls to the functions in `FUNCTIONS`
(plus `reference`, the reference solution, in `wrong`). Anything else is refused when the library
is loaded. In `wrong` and `when`, the names are the inputs', `expected` (the reference's output, or
its `look_at` part) and `output` (the student's, likewise).

Why one TOML file beside the assignments rather than each notebook's metadata: the recognisers
name inputs the hidden tests use, so they must never travel with a released notebook (nbgrader
copies cell metadata into the release); one entry can serve several questions and assignments;
and it is plain text an instructor edits and reviews like the assignments' `.py`, which the paired
notebooks' metadata is not.

Everything here is a pure function over callables: `student` and `reference` may be plain functions
or proxies to a student's kernel, as long as what they return is plain data (numbers, tensors,
lists, tuples, dicts).
"""

from __future__ import annotations

import ast
import itertools
import math
import operator
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the course tooling depends on tomli there
    import tomli as tomllib

__all__ = [
    "FUNCTIONS",
    "LIBRARY",
    "Misconception",
    "Raised",
    "agree",
    "backprop",
    "drive",
    "entries",
    "evaluate",
    "for_test",
    "load_library",
    "out_of_order",
    "raised",
    "recognise",
]

LIBRARY = "misconceptions.toml"
RTOL, ATOL = 1e-6, 1e-9


# --- the expression language ------------------------------------------------------------------------

BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.MatMult: operator.matmul,
    ast.Mod: operator.mod,
}
UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
ATTRIBUTES = {"T", "shape"}


def _unary(name: str) -> Callable[[Any], Any]:
    """An elementwise function that takes tensors or plain numbers."""
    tensor_fn, math_fn = getattr(torch, name), getattr(math, name, None)
    return lambda x: tensor_fn(x) if isinstance(x, torch.Tensor) or math_fn is None else math_fn(x)


def _negate(value: Any) -> Any:
    """-value, through tuples, lists and dicts."""
    if isinstance(value, (list, tuple)):
        return type(value)(_negate(v) for v in value)
    if isinstance(value, dict):
        return {k: _negate(v) for k, v in value.items()}
    return -value


def _zeros_in(value: Any) -> int:
    """How many numbers in a tensor, list or tuple are exactly zero."""
    if isinstance(value, torch.Tensor):
        return int((value == 0).sum())
    if isinstance(value, (list, tuple)):
        return sum(_zeros_in(v) for v in value)
    return int(value == 0)


def _numel(value: Any) -> int:
    return value.numel() if isinstance(value, torch.Tensor) else 1


FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{name: _unary(name) for name in ("sin", "cos", "exp", "log", "tanh", "sqrt", "sigmoid")},
    "relu": lambda x: torch.relu(x) if isinstance(x, torch.Tensor) else max(x, 0.0),
    "abs": abs,
    "len": len,
    "min": min,
    "max": max,
    "sum": sum,
    "float": float,
    "negate": _negate,
    "zeros_in": _zeros_in,
    "numel": _numel,
    "tensor": lambda v: torch.tensor(v, dtype=torch.float64),
    "zeros": lambda *s: torch.zeros(*s, dtype=torch.float64),
    "ones": lambda *s: torch.ones(*s, dtype=torch.float64),
    "mean": lambda x: x.mean() if isinstance(x, torch.Tensor) else sum(x) / len(x),
}


def _check(node: ast.AST) -> None:
    """Refuse any syntax outside the expression language (see the module's docstring)."""
    allowed = (
        ast.Expression,
        ast.Module,
        ast.Expr,
        ast.Assign,
        ast.Name,
        ast.Load,
        ast.Store,
        ast.Constant,
        ast.BinOp,
        ast.UnaryOp,
        ast.BoolOp,
        ast.And,
        ast.Or,
        ast.Compare,
        ast.Call,
        ast.keyword,
        ast.Subscript,
        ast.Slice,
        ast.Attribute,
        ast.List,
        ast.Tuple,
        ast.Dict,
        *BINARY,
        *UNARY,
        *COMPARE,
    )
    for child in ast.walk(node):
        if not isinstance(child, allowed):
            raise ValueError(f"{type(child).__name__} is not part of the misconception expressions")
        if isinstance(child, ast.Attribute) and child.attr not in ATTRIBUTES and child.attr not in ("relu", "tanh"):
            raise ValueError(f"attribute .{child.attr} is not allowed (only {', '.join(sorted(ATTRIBUTES))})")
        if isinstance(child, ast.Name) and child.id.startswith("_"):
            raise ValueError(f"name {child.id}")


def _eval(node: ast.AST, names: Mapping[str, Any]) -> Any:
    """Evaluate one checked expression node."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        if node.id in FUNCTIONS:
            return FUNCTIONS[node.id]
        raise NameError(f"unknown name {node.id!r} (inputs, expected, output, reference or {', '.join(FUNCTIONS)})")
    if isinstance(node, ast.BinOp):
        return BINARY[type(node.op)](_eval(node.left, names), _eval(node.right, names))
    if isinstance(node, ast.UnaryOp):
        return UNARY[type(node.op)](_eval(node.operand, names))
    if isinstance(node, ast.BoolOp):
        values = [bool(_eval(v, names)) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, names)
        for op, right_node in zip(node.ops, node.comparators):
            right = _eval(right_node, names)
            if not COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        fn = _eval(node.func, names)
        return fn(*(_eval(a, names) for a in node.args), **{k.arg: _eval(k.value, names) for k in node.keywords})
    if isinstance(node, ast.Subscript):
        return _eval(node.value, names)[_eval(node.slice, names)]
    if isinstance(node, ast.Slice):
        return slice(*(None if p is None else _eval(p, names) for p in (node.lower, node.upper, node.step)))
    if isinstance(node, ast.Attribute):
        value = _eval(node.value, names)
        return tuple(value.shape) if node.attr == "shape" else getattr(value, node.attr)
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_eval(e, names) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Dict):
        return {_eval(k, names): _eval(v, names) for k, v in zip(node.keys, node.values) if k is not None}
    raise ValueError(f"{type(node).__name__} is not part of the misconception expressions")


def evaluate(expression: str, names: Mapping[str, Any]) -> Any:
    """The value of one expression of the library's language, with these names (see the module's docstring)."""
    tree = ast.parse(expression.strip(), mode="eval")
    _check(tree)
    return _eval(tree.body, names)


# --- a reference engine, right and wrong ------------------------------------------------------------


class _Node:
    """A scalar of the reference engine: its value, parents with local derivatives, and gradient."""

    def __init__(self, data: float, parents: tuple[tuple[_Node, float], ...] = ()) -> None:
        self.data, self.parents, self.grad = float(data), parents, 0.0

    def __add__(self, other: Any) -> _Node:
        other = other if isinstance(other, _Node) else _Node(other)
        return _Node(self.data + other.data, ((self, 1.0), (other, 1.0)))

    __radd__ = __add__

    def __mul__(self, other: Any) -> _Node:
        other = other if isinstance(other, _Node) else _Node(other)
        return _Node(self.data * other.data, ((self, other.data), (other, self.data)))

    __rmul__ = __mul__

    def __neg__(self) -> _Node:
        return self * -1.0

    def __sub__(self, other: Any) -> _Node:
        return self + (-other if isinstance(other, _Node) else -float(other))

    def __pow__(self, k: float) -> _Node:
        return _Node(self.data**k, ((self, k * self.data ** (k - 1) if k != 0 else 0.0),))

    def relu(self) -> _Node:
        return _Node(max(self.data, 0.0), ((self, 1.0 if self.data > 0 else 0.0),))

    def tanh(self) -> _Node:
        t = math.tanh(self.data)
        return _Node(t, ((self, 1.0 - t * t),))


def _program(expression: str) -> tuple[list[ast.Assign], ast.expr]:
    """`s = p * q; s * (s + p)`: assignments, then the output's expression."""
    tree = ast.parse("\n".join(part.strip() for part in expression.split(";")), mode="exec")
    _check(tree)
    *steps, last = tree.body
    if not isinstance(last, ast.Expr) or not all(isinstance(s, ast.Assign) for s in steps):
        raise ValueError(f"{expression!r}: write assignments, then the output's expression")
    return steps, last.value  # type: ignore[return-value]


def drive(make: Callable[[float], Any], expression: str, values: Mapping[str, float]) -> tuple[Any, dict[str, Any]]:
    """Build `expression` from leaves `make(value)` (any class with + * ** relu tanh): (output, leaves)."""
    steps, last = _program(expression)
    leaves = {name: make(v) for name, v in values.items()}
    names: dict[str, Any] = {**leaves, "relu": lambda n: n.relu(), "tanh": lambda n: n.tanh()}
    for step in steps:
        for target in step.targets:
            names[target.id] = _eval(step.value, names)  # type: ignore[attr-defined]
    return _eval(last, names), leaves


def _order(output: _Node, order: str) -> list[_Node]:
    """The nodes to visit: reverse topological (right), or first-reached preorder (the misconception)."""
    seen: set[int] = set()
    found: list[_Node] = []
    if order == "preorder":  # each node once, as a depth-first walk from the output first reaches it
        stack = [output]
        while stack:
            node = stack.pop()
            if id(node) not in seen:
                seen.add(id(node))
                found.append(node)
                stack.extend(p for p, _ in reversed(node.parents))
        return found
    stack2: list[tuple[_Node, bool]] = [(output, False)]
    while stack2:  # iterative post-order: a node after all its parents, then reversed
        node, expanded = stack2.pop()
        if expanded:
            found.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack2.append((node, True))
            stack2.extend((p, False) for p, _ in node.parents)
    return found[::-1]


def backprop(
    expression: str, values: Mapping[str, float], accumulate: bool = True, order: str = "topological"
) -> dict[str, float]:
    """d(output)/d(leaf) for each leaf, by a small reference engine; `accumulate=False` or `order="preorder"`
    reproduce two engines' misconceptions (= instead of +=; no topological order)."""
    output, leaves = drive(_Node, expression, values)
    output.grad = 1.0
    for node in _order(output, order):
        for parent, local in node.parents:
            parent.grad = (parent.grad if accumulate else 0.0) + local * node.grad
    return {name: leaf.grad for name, leaf in leaves.items()}


FUNCTIONS["backprop"] = backprop


# --- comparing plain data ---------------------------------------------------------------------------


def agree(a: Any, b: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """True when two plain values are equal within tolerance: numbers, tensors (same shape), lists, tuples, dicts."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=rtol, abs_tol=atol) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        try:
            ta = torch.as_tensor(a, dtype=torch.float64)
            tb = torch.as_tensor(b, dtype=torch.float64)
        except (TypeError, ValueError, RuntimeError):
            return False
        return ta.shape == tb.shape and bool(torch.allclose(ta, tb, rtol=rtol, atol=atol, equal_nan=True))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(agree(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(agree(a[k], b[k], rtol, atol) for k in a)
    return type(a) is type(b) and a == b


# --- the library ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Misconception:
    """One wrong idea: how to recognise it, its name, and where the chapter explains it."""

    id: str
    name: str
    section: str
    tests: tuple[str, ...]
    inputs: tuple[dict[str, Any], ...]
    wrong: tuple[str, ...] = ()
    when: str = ""
    look_at: str = ""
    plain: bool = False
    message: str = ""
    seed: int = field(default=0, compare=False)

    def line(self) -> str:
        """The feedback's line: "<name>: <section>", or the instructor's own message."""
        return self.message or f"{self.name}: {self.section}"

    def arguments(self) -> list[list[Any]]:
        """Each input's arguments, in order, as the function under test receives them."""
        return arguments(self.inputs, self.plain, self.seed)


def arguments(inputs: Iterable[Mapping[str, Any]], plain: bool, seed: int) -> list[list[Any]]:
    """Each table of inputs as the arguments a function receives, in order: numbers and lists as float64
    tensors and strings as expressions (`randn(4, 3)`, from a generator seeded by `seed`), or, `plain`, as
    written."""
    generator = torch.Generator().manual_seed(seed)
    names = {
        "randn": lambda *s: torch.randn(*s, dtype=torch.float64, generator=generator),
        "rand": lambda *s: torch.rand(*s, dtype=torch.float64, generator=generator),
    }
    calls = []
    for table in inputs:
        if plain:
            calls.append([_plain(v) for v in table.values()])
        else:
            calls.append(
                [
                    evaluate(v, names) if isinstance(v, str) else torch.tensor(v, dtype=torch.float64)
                    for v in table.values()
                ]
            )
    return calls


def _plain(value: Any) -> Any:
    """A TOML value as plain Python: numbers as written (int or float), tables as dicts, lists element by element."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


FIELDS = {
    "id": str,
    "name": str,
    "section": str,
    "tests": list,
    "inputs": list,
    "wrong": (str, list),
    "when": str,
    "look_at": str,
    "plain": bool,
    "message": str,
}


def _entry(table: dict[str, Any], where: str) -> Misconception:
    """One validated library entry; ValueError naming the entry and the field."""
    unknown = set(table) - set(FIELDS)
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} (known: {', '.join(FIELDS)})")
    for key in ("id", "name", "section", "tests", "inputs"):
        if not table.get(key):
            raise ValueError(f"{where}: '{key}' is required")
    for key, kind in FIELDS.items():
        if key in table and not isinstance(table[key], kind):
            raise ValueError(f"{where}: '{key}' has the wrong type")
    wrong = (table["wrong"],) if isinstance(table.get("wrong"), str) else tuple(table.get("wrong", ()))
    if bool(wrong) == bool(table.get("when")):
        raise ValueError(f"{where}: give either 'wrong' (the wrong answers) or 'when' (a condition), not both")
    if not all(isinstance(t, str) and t.count("/") == 1 for t in table["tests"]):
        raise ValueError(f"{where}: 'tests' are 'assignment/grade_id' strings")
    if not all(isinstance(i, dict) for i in table["inputs"]):
        raise ValueError(f"{where}: 'inputs' is a list of tables of arguments")
    for text in (*wrong, table.get("when", ""), table.get("look_at", "")):
        if text:
            try:
                _check(ast.parse(text, mode="eval"))
            except (SyntaxError, ValueError) as exc:
                raise ValueError(f"{where}: {text!r}: {exc}") from None
    seed = int.from_bytes(table["id"].encode()[:4].ljust(4, b"\0"), "big")
    return Misconception(
        table["id"],
        table["name"],
        table["section"],
        tuple(table["tests"]),
        tuple(table["inputs"]),
        wrong,
        table.get("when", ""),
        table.get("look_at", ""),
        table.get("plain", False),
        table.get("message", ""),
        seed,
    )


def load_library(path: Path) -> list[Misconception]:
    """Every entry of a misconceptions TOML file, validated; ValueError naming the file, entry and field."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = data.get("misconception", [])
    found = [_entry(t, f"{path.name}, misconception {i + 1} ({t.get('id', '?')})") for i, t in enumerate(entries)]
    ids = [m.id for m in found]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        raise ValueError(f"{path.name}: id(s) used twice: {', '.join(doubled)}")
    return found


def for_test(library: Iterable[Misconception], assignment: str, grade_id: str) -> list[Misconception]:
    """The entries that apply to one test, in library order."""
    return [m for m in library if f"{assignment}/{grade_id}" in m.tests]


def _holds(
    m: Misconception, output: Any, expected: Any, names: dict[str, Any], reference: Callable[..., Any]
) -> tuple[set[int], bool]:
    """Which `wrong` answers the output agrees with on this input (indices), and whether any differs from expected."""
    scope = {**names, "expected": expected, "output": output, "reference": reference}
    if m.when:
        return ({0} if bool(evaluate(m.when, scope)) else set()), not bool(
            evaluate(m.when, {**scope, "output": expected})
        )
    values = [evaluate(w, scope) for w in m.wrong]
    return {i for i, v in enumerate(values) if agree(output, v)}, any(not agree(v, expected) for v in values)


def recognise(
    student: Callable[..., Any],
    reference: Callable[..., Any],
    candidates: Iterable[Misconception],
    budget_seconds: float = 2.0,
) -> Misconception | None:
    """The first candidate whose wrong answer the student's function gives on all its inputs, within the budget.

    A call that raises (on either side), or an expression that cannot be evaluated, means "not this
    one"; the search stops, returning None, once `budget_seconds` have passed.
    """
    deadline = time.monotonic() + budget_seconds
    for m in candidates:
        matching: set[int] | None = None
        distinct = False
        try:
            for table, args in zip(m.inputs, m.arguments()):
                if time.monotonic() > deadline:
                    return None
                expected, output = reference(*args), student(*args)
                names = dict(zip(table.keys(), args))
                if m.look_at:
                    expected = evaluate(m.look_at, {**names, "output": expected})
                    output = evaluate(m.look_at, {**names, "output": output})
                found, differs = _holds(m, output, expected, names, reference)
                matching = found if matching is None else matching & found
                distinct = distinct or differs
                if not matching:
                    break
        except Exception:  # noqa: BLE001 - the student's code, or an input the entry does not fit: not this one
            continue
        if matching and distinct:
            return m
    return None


@dataclass(frozen=True)
class Raised:
    """A student's call that raised, as recognition sees it: the kind of error only."""

    kind: str


# --- what the library's expressions may also call about students' outputs -----------------------------


def raised(value: Any) -> str:
    """The kind of error a student's call raised ("ForbiddenTool", "RecursionError"), or "" if it returned."""
    return value.kind if isinstance(value, Raised) else ""


def entries(value: Any) -> torch.Tensor:
    """A tensor's numbers in increasing order: the same for two arrangements of the same numbers."""
    return torch.sort(torch.as_tensor(value, dtype=torch.float64).flatten()).values


def _internal(output: _Node) -> list[_Node]:
    """The nodes of a reference-engine graph that have a backward rule (every node but the leaves)."""
    found, stack, seen = [], [output], set()
    while stack:
        node = stack.pop()
        if id(node) not in seen and node.parents:
            seen.add(id(node))
            found.append(node)
            stack.extend(parent for parent, _ in node.parents)
    return found


def out_of_order(output: Any, expression: str, values: Mapping[str, float]) -> bool:
    """True when `output` is wrong and is what backward() gives when it runs the nodes' rules in some order
    that is not topological (a node passing its gradient on before every use of it has added to it)."""
    if agree(output, backprop(expression, values)):
        return False
    top, leaves = drive(_Node, expression, values)
    everything = [*_internal(top), *leaves.values()]
    for order in itertools.permutations(_internal(top)):
        for node in everything:
            node.grad = 0.0
        top.grad = 1.0
        for node in order:
            for parent, local in node.parents:
                parent.grad += local * node.grad
        if agree(output, {name: leaf.grad for name, leaf in leaves.items()}):
            return True
    return False


FUNCTIONS.update({"raised": raised, "agree": agree, "entries": entries, "out_of_order": out_of_order})
