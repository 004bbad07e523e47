"""Vector, matrix and indexed formulas, checked by instantiating a section's symbols with random values.

What a section states about shapes and definitions fixes every symbol's shape:

- a *declaration* `W \\in \\mathbb{R}^{m \\times n}` (or `x \\in \\mathbb{R}^n`, `b \\in \\mathbb{R}`) gives a shape; a
  dimension written as a letter takes the section's input of that name (`m = 2`) when there is one;
- an undeclared name is a matrix if it is an upper-case Latin letter, a vector if lower-case, a
  scalar if Greek; a definition (`Y = XW^\\top`) ties the shapes of its names together, as its
  products and sums require;
- each dimension still free takes its own small size (2, 3, 4, ...: distinct, so a transposition
  cannot pass by accident), and a written size above 7 is replaced by a small one of its own (a
  formula's truth does not depend on it; `\\frac{1}{16}` written as a number stays 16).

Every leaf (a name no definition gives) is then a fixed pseudo-random value of its shape (entries
between 0.2 and 1.2 in size, so no ReLU sits at its kink), each defined name is computed from its
definition, and both sides of a claim are computed and compared entry by entry (1e-6 relative).

- `\\bar{v}` is the derivative of the section's loss with respect to v (notation from
  `\\bar{v} = \\nabla_v L` or `\\bar{v} = \\frac{dL}{dv}`), a total derivative through every path,
  computed by central differences through the definitions; when no definition gives the loss,
  each output (a defined name nothing else uses) receives a random seed `\\bar{s}` and the loss is
  the sum of each output times its seed. Text that defines `\\bar{v}` itself (`\\bar{Y} = ...` where
  nothing defines Y, or no loss is defined) defines a name.
- `\\nabla_x z` and `\\frac{\\partial z}{\\partial x}` are z's derivative with respect to x (the gradient if
  z is a scalar, the Jacobian otherwise); `\\frac{\\partial y_i}{\\partial x_j}` one entry of it; `J_g(x)`
  the Jacobian of g at x.
- A Greek function (`\\phi`, `\\psi`) acts entrywise, a Latin one (`f`, `g`) is a map of its own
  shapes; either, where nothing defines it, is a fixed smooth function with nonzero curvature.
- Indices (`\\bar{x}_j = \\sum_i \\bar{y}_i W_{ij}`) run over the dimension they index; an index the left
  side leaves free is checked at every value.

Definitions last for the rest of the notebook (a later section may redefine a name); within a
section, restating a name it defined is a claim. A claim whose sides cannot be multiplied or
added (a product of shapes [4, 2] and [3, 2]), or whose sides' shapes differ, is a problem named
as such. A claim that uses a name nothing gives a value, or that the reader cannot read, is
unchecked, with the reason.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from typing import Any

from .latexmath import GREEK, Tree, Unread, parse_side
from .notebook import split_top_level
from .tensors import ShapeError, Tensor

__all__ = ["MatrixSection", "Verdict", "read_matrix_statement"]

DECLARATION = re.compile(r"^(.+?)\\in\s*\\mathbb\{R\}(?:\^\{?([^{}]+)\}?)?\s*$")
SMALL = [3, 4, 2, 5, 6, 7]
# What makes a formula a vector or matrix formula (else the scalar reader alone judges it).
MATRIX_SYNTAX = re.compile(r"\\(top|odot|sum|nabla|mathbf|operatorname\{diag\}|mathrm\{diag\}|mathbb\{1\}|lVert)"
                           r"(?![A-Za-z])|_\{?[a-z]{2}\}?|_\{[^}]*,")
NUMBERS = re.compile(r"^\s*[\[(]?\s*[-−]?\d+(?:\.\d+)?(?:\s*,\s*[-−]?\d+(?:\.\d+)?)*\s*[\])]?\s*\.?\s*$")
H = 1e-5  # central differences: exact for the linear and quadratic formulas, 1e-10 off for the rest


@dataclass
class Verdict:
    """What the matrix reader made of one statement."""

    kind: str  # definition, input, identity, unchecked
    ok: bool | None = None
    message: str = ""
    reason: str = ""


@dataclass
class MatrixSection:
    """The shapes, definitions and values a notebook has stated so far, for matrix formulas."""

    definitions: dict[str, Tree] = field(default_factory=dict)
    own: set[str] = field(default_factory=set)  # names defined in the current section
    declared: dict[str, tuple[Any, Any, int]] = field(default_factory=dict)
    functions: dict[str, tuple[str, Tree]] = field(default_factory=dict)
    loss: str | None = None  # the bars' loss, once the text says so (`\\bar{y} = \\nabla_y L`)
    matrices: set[str] = field(default_factory=set)  # names declared or defined as vectors or matrices
    inputs: dict[str, float] = field(default_factory=dict)

    def new_section(self) -> None:
        """A new section: what was defined stays, but restating it is a new definition."""
        self.own = set()

    def names(self) -> set[str]:
        """Every name with a definition, a declaration or a value."""
        return set(self.definitions) | set(self.declared) | set(self.functions)

    def known(self) -> set[str]:
        """Every name met so far: given, an input, or a leaf a definition uses."""
        return self.names() | set(self.inputs) | {n for d in self.definitions.values() for n in _names(d)}


# ---------------------------------------------------------------------------------------------- shapes


class Shapes:
    """Dimensions tied together by union-find; each name's shape as (rows, cols, rank)."""

    def __init__(self, section: MatrixSection) -> None:
        """Start from the section's declarations."""
        self.parent: dict[Any, Any] = {}
        self.of: dict[str, tuple[Any, Any, int]] = {}
        self.indices: dict[str, Any] = {}
        self.fn_out: dict[str, tuple[Any, Any, int]] = {}
        self.section = section
        self.done: set[str] = set()
        self.ones: dict[int, Any] = {}
        self.dimensions = {d for shape in section.declared.values() for d in shape[:2] if isinstance(d, str)}
        self.count = 0
        for name, shape in section.declared.items():
            self.of[name] = shape

    def fresh(self) -> str:
        """A new free dimension."""
        self.count += 1
        return f"?{self.count}"

    def find(self, d: Any) -> Any:
        """The representative of a dimension's class."""
        while self.parent.get(d, d) != d:
            d = self.parent[d]
        return d

    def unify(self, a: Any, b: Any, what: str) -> None:
        """Tie two dimensions together; two different numbers cannot be."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if isinstance(a, int) and isinstance(b, int):
            raise ShapeError(f"{what}: sizes {a} and {b}")
        if isinstance(a, int):
            a, b = b, a
        self.parent[a] = b

    def leaf(self, name: str) -> tuple[Any, Any, int]:
        """A name's shape: declared, defined, or by the case of its letter."""
        if name in self.of:
            return self.of[name]
        base = name.split("_")[0].split(" ")[-1]
        if name.startswith("bar ") and name[4:] in self.of:
            return self.of[name[4:]]
        if name in self.section.inputs or base in GREEK or name[0].isdigit() or name in self.dimensions:
            shape: tuple[Any, Any, int] = (1, 1, 0)
        elif base[:1].isupper():
            shape = (self.fresh(), self.fresh(), 2)
        else:
            shape = (self.fresh(), 1, 1)
        self.of[name] = shape
        if name.startswith("bar "):
            self.of[name[4:]] = shape
        return shape

    def same(self, a: tuple[Any, Any, int], b: tuple[Any, Any, int], what: str) -> tuple[Any, Any, int]:
        """Two shapes that must be equal (a scalar fits anything)."""
        if a[2] == 0:
            return b
        if b[2] == 0:
            return a
        if {a[2], b[2]} == {1, 2}:  # a bias vector added to every row of a matrix
            vec, mat = (a, b) if a[2] == 1 else (b, a)
            self.unify(vec[0], mat[1], what)
            return mat
        self.unify(a[0], b[0], what)
        self.unify(a[1], b[1], what)
        return a

    def infer(self, t: Tree) -> tuple[Any, Any, int]:
        """The shape of an expression, tying dimensions as its operations require."""
        op = t[0]
        if op == "num" or op == "ind" and t[1][0] == "name" and t[1][1] in self.indices:
            return (1, 1, 0)
        if op == "name":
            if t[1] in self.indices:
                return (1, 1, 0)
            if t[1] in self.section.definitions and t[1] not in self.done:
                self.done.add(t[1])
                shape = self.infer(self.section.definitions[t[1]])
                if t[1] in self.of:
                    return self.same(self.of[t[1]], shape, f"the definition of {t[1]}")
                self.of[t[1]] = shape
            return self.leaf(t[1])
        if op in ("add", "sub", "had", "div"):
            return self.same(self.infer(t[1]), self.infer(t[2]), {"add": "a sum", "sub": "a difference",
                                                                   "had": "an entrywise product",
                                                                   "div": "a quotient"}[op])
        if op == "prod":
            a, b = self.infer(t[1]), self.infer(t[2])
            if a[2] == 0 or b[2] == 0:
                return b if a[2] == 0 else a
            self.unify(a[1], b[0], "a matrix product")
            return (a[0], b[1], 1 if b[2] == 1 and a[2] != 1 else 2)
        if op == "T":
            a = self.infer(t[1])
            return (a[1], a[0], 2 if a[2] else 0)
        if op in ("neg", "pow", "fn", "dfn"):
            return self.infer(t[2] if op in ("fn", "dfn") else t[1])
        if op == "ind":
            return self.same(self.infer(t[1]), self.infer(t[3]), "a comparison")
        if op == "norm":
            self.infer(t[1])
            return (1, 1, 0)
        if op == "sum":
            body = self.infer(t[2])
            return body if t[1] else (1, 1, 0)
        if op == "idx":
            return self._index(t)
        if op == "diag":
            a = self.infer(t[1])
            return (a[0], a[0], 2)
        if op == "ones":
            return (self.ones.setdefault(id(t), self.fresh()), 1, 1)
        if op == "vec":
            for item in t[1]:
                self.same(self.infer(item), (1, 1, 0), "a vector's entry")
            return (len(t[1]), 1, 1)
        if op == "call":
            self.infer(t[2])
            if t[1] in self.section.functions:
                return self.infer(self.section.functions[t[1]][1])
            return self.fn_out.setdefault(t[1], (self.fresh(), 1, 1))
        if op == "grad":
            return self._grad(t)
        if op == "jac":
            a = self.infer(t[2])
            out = self.fn_out.setdefault(t[1], (self.fresh(), 1, 1))
            return (out[0], a[0], 2)
        raise Unread(f"an operation {op}")

    def _index(self, t: Tree) -> tuple[Any, Any, int]:
        """`W_{ij}` (an entry), `X_b` (row b), `y_i` (an entry): bind each index letter to its dimension."""
        a = self.infer(t[1])
        dims = [a[0], a[1]] if a[2] == 2 else [a[0]]
        if len(t[2]) > len(dims):
            raise ShapeError(f"{len(t[2])} indices on a value with {len(dims)}")
        for letter, dim in zip(t[2], dims):
            if isinstance(letter, str) and letter != ":":
                if letter in self.indices:
                    self.unify(self.indices[letter], dim, f"the index {letter}")
                self.indices.setdefault(letter, dim)
        if len(t[2]) == len(dims):
            return (1, 1, 0)
        return (a[1], 1, 1) if t[2][-1] != ":" else (a[1], 1, 1)

    def _grad(self, t: Tree) -> tuple[Any, Any, int]:
        """A derivative's shape: the gradient's is its variable's; a Jacobian's is (target, variable)."""
        target, wrt = self.infer(t[1]), self.infer(t[2])
        if target[2] == 0:
            return wrt
        if wrt[2] == 0:
            return target
        return (target[0], wrt[0], 2)

    def settle(self) -> None:
        """Give every dimension met so far its size, so later unification can only check against it."""
        chosen: dict[Any, int] = {}
        sized = {d: self.size(d, chosen) for shape in self.of.values() for d in shape[:2]}
        sized |= {d: self.size(d, chosen) for d in self.indices.values()}
        for d, value in sized.items():
            if not isinstance(d, int) and self.find(d) != value:
                self.parent[self.find(d)] = value

    def size(self, d: Any, chosen: dict[Any, int]) -> int:
        """A dimension's concrete size: a number, a section input, or a small size of its own."""
        root = self.find(d)
        if root not in chosen:
            members = [k for k in set(self.parent) | {root} if self.find(k) == root]
            given = [int(self.section.inputs[m]) for m in members if isinstance(m, str) and m in self.section.inputs
                     and float(self.section.inputs[m]).is_integer() and 0 < self.section.inputs[m] <= 7]
            if isinstance(root, int) and root <= 7:
                chosen[root] = root
            elif given:
                chosen[root] = given[0]
            else:
                taken = set(chosen.values())
                chosen[root] = next((s for s in SMALL if s not in taken), 8)
        return chosen[root]


# ---------------------------------------------------------------------------------------------- values


def _rng(name: str) -> random.Random:
    """A generator seeded by a name, so a leaf has the same value in every claim."""
    return random.Random(sum((i + 1) * ord(c) for i, c in enumerate(name)))


def _random(name: str, rows: int, cols: int) -> Tensor:
    """A pseudo-random value with entries of size 0.2 to 1.2, either sign."""
    rng = _rng(name)
    return Tensor.build(rows, cols, lambda i, j: rng.choice((-1, 1)) * rng.uniform(0.2, 1.2))


FUNCTIONS = {
    "tanh": (math.tanh, lambda t: 1 - math.tanh(t) ** 2),
    "sigma": (lambda t: 1 / (1 + math.exp(-t)), lambda t: math.exp(-t) / (1 + math.exp(-t)) ** 2),
    "exp": (math.exp, math.exp), "log": (math.log, lambda t: 1 / t), "sin": (math.sin, math.cos),
    "cos": (math.cos, lambda t: -math.sin(t)), "relu": (lambda t: max(t, 0.0), lambda t: float(t > 0)),
    "sqrt": (math.sqrt, lambda t: 0.5 / math.sqrt(t)),
    # A function nothing defines (\phi, \psi): smooth, curved, not odd, not even.
    "phi": (lambda t: math.sin(t) + 0.3 * t * t, lambda t: math.cos(t) + 0.6 * t),
    "psi": (lambda t: math.tanh(t) + 0.2 * t * t, lambda t: 1 - math.tanh(t) ** 2 + 0.4 * t),
}
COMPARE = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "=": lambda a, b: a == b, "\\geq": lambda a, b: a >= b,
           "\\ge": lambda a, b: a >= b, "\\leq": lambda a, b: a <= b, "\\le": lambda a, b: a <= b}


class Values:
    """Every name of a section computed at one instance of its leaves."""

    def __init__(self, section: MatrixSection, shapes: Shapes) -> None:
        """Sizes chosen once, leaves drawn once."""
        self.section, self.shapes, self.chosen = section, shapes, {}
        self.memo: dict[str, Tensor] = {}
        self.override: dict[str, Tensor] = {}
        self.focus: set[str] = set()  # the names of the claim being checked

    def shape(self, name: str) -> tuple[int, int]:
        """A name's concrete shape."""
        rows, cols, _ = self.shapes.leaf(name)
        return self.shapes.size(rows, self.chosen), self.shapes.size(cols, self.chosen)

    def name(self, key: str, index: dict[str, int]) -> Tensor:
        """A name's value: overridden, an index's value, a number, defined, a loss derivative or a leaf."""
        if key in self.override:
            return self.override[key]
        if key in index:
            return Tensor.scalar(index[key])
        if key in self.memo:
            return self.memo[key]
        if key in self.section.inputs:
            value = Tensor.scalar(self.section.inputs[key])
        elif key in self.shapes.dimensions:  # `\\frac{2}{Bm}`: a dimension's size
            value = Tensor.scalar(self.shapes.size(key, self.chosen))
        elif key in self.section.definitions:
            value = self.value(self.section.definitions[key], {})
        elif key == self.section.loss:
            value = self.loss(key)
        elif key.startswith("bar ") and self.section.loss and key[4:] in self.section.names() | set(self.shapes.of):
            value = self.gradient(lambda: self.loss(key[4:]), key[4:])
        else:
            value = _random(key, *self.shape(key))
        self.memo[key] = value
        return value

    def loss(self, through: str) -> Tensor:
        """The loss, when its definition depends on `through`; else each output times its seed."""
        loss = self.section.loss or "L"
        used = {n for d in self.section.definitions.values() for n in _names(d)}
        outputs = [n for n in self.section.definitions if n not in used and not n.startswith("bar ") and n != loss]
        named = [n for n in outputs if n in self.focus or f"bar {n}" in self.focus]  # the outputs the claim names
        if loss in self.section.definitions and through in _ancestors(self.section, loss) and (
                loss in self.section.own or not named):
            return self.value(self.section.definitions[loss], {})
        outputs = named or [n for n in outputs if n in self.section.own] or outputs
        total = Tensor.scalar(0.0)
        for out in outputs:
            seed = _random(f"bar {out}", *self.shape(out))
            total = total + Tensor.scalar(self.name(out, {}).hadamard(seed).total())
        return total

    def gradient(self, target: Any, wrt: str, entry: int | None = None) -> Tensor:
        """d target / d wrt by central differences, every path through the definitions; one entry or all."""
        base = self.name(wrt, {})
        entries = range(base.rows * base.cols) if entry is None else [entry]
        columns = []
        for k in entries:
            sides = []
            for step in (H, -H):
                data = list(base.data)
                data[k] += step
                saved, self.memo = self.memo, {}
                self.override[wrt] = Tensor(base.rows, base.cols, tuple(data))
                try:
                    sides.append(target() if callable(target) else self.value(target, {}))
                finally:
                    del self.override[wrt]
                    self.memo = saved
            columns.append((sides[0] - sides[1]) / Tensor.scalar(2 * H))
        if entry is not None:
            return columns[0]
        if columns[0].is_scalar:
            return Tensor(base.rows, base.cols, tuple(c.data[0] for c in columns))
        return Tensor.build(len(columns[0].data), len(columns), lambda i, j: columns[j].data[i])

    def value(self, t: Tree, index: dict[str, int]) -> Tensor:
        """An expression's value at this instance (index letters at their values)."""
        op = t[0]
        if op == "num":
            return Tensor.scalar(t[1])
        if op == "name":
            return self.name(t[1], index)
        if op in ("add", "sub", "had", "div", "prod"):
            a, b = self.value(t[1], index), self.value(t[2], index)
            return {"add": a.__add__, "sub": a.__sub__, "had": a.hadamard, "div": a.__truediv__,
                    "prod": a.__matmul__}[op](b)
        if op == "neg":
            return -self.value(t[1], index)
        if op == "T":
            return self.value(t[1], index).T
        if op == "pow":
            return self.value(t[1], index).map(lambda v: v ** t[2])
        if op in ("fn", "dfn"):
            fn = FUNCTIONS.get(t[1])
            if fn is None:
                raise LookupError(f"nothing defines the function {t[1]}")
            return self.value(t[2], index).map(fn[op == "dfn"])
        if op == "norm":
            return Tensor.scalar(math.sqrt(self.value(t[1], index).map(lambda v: v * v).total()))
        if op == "ind":
            a, b = self.value(t[1], index), self.value(t[3], index)
            return a.zip(b, lambda x, y: float(COMPARE[t[2]](x, y)), "a comparison")
        if op == "sum":
            return self._sum(t, index)
        if op == "idx":
            return self._index(t, index)
        if op == "diag":
            v = self.value(t[1], index)
            return Tensor.build(v.rows, v.rows, lambda i, j: v.at(i) if i == j else 0.0)
        if op == "ones":
            rows, _, _ = self.shapes.infer(t)
            return Tensor.build(self.shapes.size(rows, self.chosen), 1, lambda i, j: 1.0)
        if op == "vec":
            items = [self.value(item, index) for item in t[1]]
            return Tensor(len(items), 1, tuple(v.data[0] for v in items))
        if op == "call":
            return self._call(t[1], self.value(t[2], index))
        if op == "jac":
            return self._jacobian(t[1], self.value(t[2], index))
        if op == "grad":
            return self._derivative(t, index)
        raise LookupError(f"an operation {op}")

    def _sum(self, t: Tree, index: dict[str, int]) -> Tensor:
        """A sum over an index's range, or over every entry."""
        if t[1] is None:
            return Tensor.scalar(self.value(t[2], index).total())
        letter = t[1]
        size = self.shapes.size(self.shapes.indices[letter], self.chosen)
        total = None
        for k in range(size):
            term = self.value(t[2], {**index, letter: k})
            total = term if total is None else total + term
        return total

    def _index(self, t: Tree, index: dict[str, int]) -> Tensor:
        """An entry, or a row, of a value."""
        a = self.value(t[1], index)
        at = [k if isinstance(k, int) else index.get(k, ":") for k in t[2]]
        if len(at) == 2 and at[1] != ":":
            return Tensor.scalar(a.at(at[0], at[1]))
        if a.cols == 1 and at[0] != ":":
            return Tensor.scalar(a.at(at[0]))
        return Tensor.build(a.cols, 1, lambda i, j: a.at(at[0], i))

    def _call(self, name: str, arg: Tensor) -> Tensor:
        """A map applied to a value: its definition, or a fixed smooth map of the shapes it is used with."""
        if name in self.section.functions:
            param, body = self.section.functions[name]
            saved, self.memo = self.memo, {}
            self.override[param] = arg
            try:
                return self.value(body, {})
            finally:
                del self.override[param]
                self.memo = saved
        rows, cols, _ = self.shapes.fn_out.setdefault(name, (self.shapes.fresh(), 1, 1))
        weights = _random(f"map {name}", self.shapes.size(rows, self.chosen) * self.shapes.size(cols, self.chosen),
                          arg.rows * arg.cols)
        out = (weights @ Tensor(arg.rows * arg.cols, 1, arg.data)).map(lambda v: math.sin(v) + 0.3 * v * v)
        return Tensor(self.shapes.size(rows, self.chosen), self.shapes.size(cols, self.chosen), out.data)

    def _jacobian(self, name: str, at: Tensor) -> Tensor:
        """The Jacobian of a map at a point, by central differences."""
        key = "?point"
        self.override[key] = at
        try:
            return self.gradient(lambda: self._call(name, self.override[key]), key)
        finally:
            self.override.pop(key, None)

    def _derivative(self, t: Tree, index: dict[str, int]) -> Tensor:
        """`\\nabla_x z`, `\\frac{\\partial z}{\\partial x_j}`: through every path from x."""
        target, wrt = t[1], t[2]
        entry = None
        if wrt[0] == "idx":
            base = self.value(wrt[1], index)
            ks = [k if isinstance(k, int) else index[k] for k in wrt[2]]
            entry = ks[0] * base.cols + (ks[1] if len(ks) > 1 else 0)
            wrt = wrt[1]
        if wrt[0] != "name":
            raise LookupError("a derivative with respect to an expression")
        return self.gradient(lambda: self.value(target, index), wrt[1], entry)


def _ancestors(section: MatrixSection, name: str) -> set[str]:
    """Every name a defined name depends on, through its definitions."""
    found: set[str] = set()
    todo = [name]
    while todo:
        for n in _names(section.definitions.get(todo.pop(), ())) - found:
            found.add(n)
            todo.append(n)
    return found


def _names(t: Any) -> set[str]:
    """Every name an expression uses."""
    if not isinstance(t, (tuple, list)):
        return set()
    if isinstance(t, tuple) and t and t[0] == "name":
        return {t[1]}
    return set().union(*(_names(x) for x in t)) if t else set()


# ---------------------------------------------------------------------------------------------- statements


def _declare(section: MatrixSection, statement: str) -> str:
    """Record `W \\in \\mathbb{R}^{m \\times n}`; return the statement without its declaration."""
    m = DECLARATION.match(statement.strip())
    if not m:
        return statement
    sides = split_top_level(m.group(1), ("=",))
    try:
        key = parse_side(sides[0], set())
    except Unread:
        return statement
    if key[0] != "name":
        return statement
    dims = [d.strip() for d in re.split(r"\\times|\\cdot", m.group(2) or "")] if m.group(2) else []
    sizes = [int(d) if d.isdigit() else d.lstrip("\\") for d in dims]
    if m.group(2):
        section.matrices.add(key[1])
    section.declared[key[1]] = ((sizes[0], 1, 1) if len(sizes) == 1 else (sizes[0], sizes[1], 2) if sizes else
                                (1, 1, 0))
    return "=".join(sides) if len(sides) > 1 else ""


def read_matrix_statement(section: MatrixSection, statement: str) -> Verdict | None:
    """Record what a statement declares or defines, and check what it claims; None if it is no equation."""
    statement = _declare(section, statement)
    sides = [s.strip() for s in split_top_level(statement, ("=",))]
    if len(sides) < 2 or not all(sides) or "\\Longrightarrow" in statement:
        if "\\Longrightarrow" in statement:
            parts = [p for p in re.split(r"\\Longrightarrow", statement) if p.strip()]
            verdicts = [read_matrix_statement(section, p) for p in parts]
            return _worst([v for v in verdicts if v is not None])
        return None
    try:
        known = section.known()
        left = parse_side(sides[0], known, _free_indices(sides[0], known))
        if verdict := _notation(section, left, sides[1]):
            return verdict
        if verdict := _definition(section, left, sides[1], known, sides[0], len(sides) > 2):
            if len(sides) == 2:
                return verdict
            sides = sides[1:]
        verdicts = [_claim(section, a, b) for a, b in zip(sides, sides[1:])]
    except Unread as exc:
        return Verdict("unchecked", reason=f"the reader cannot read it ({exc})")
    return _worst(verdicts)


def _worst(verdicts: list[Verdict]) -> Verdict | None:
    """The failed verdict, else an unchecked one, else the first."""
    if not verdicts:
        return None
    return next((v for v in verdicts if v.ok is False), next((v for v in verdicts if v.kind == "unchecked"),
                                                              verdicts[0]))


def _free_indices(latex: str, known: set[str]) -> set[str]:
    """The single letters a side uses as subscripts of a known name: its free indices."""
    found = set(re.findall(r"_\{?([a-z])\}?(?![A-Za-z,-])", latex))
    found |= {c for grp in re.findall(r"_\{([a-z]{2}|[a-z0-9-]+,[a-z]+)\}", latex) for c in grp.split(",")[-1]}
    return {c for c in found if c not in known and len(c) == 1}


def _notation(section: MatrixSection, left: Tree, right: str) -> Verdict | None:
    """`\\bar{y} = \\nabla_y L`: the loss the bars refer to."""
    m = re.fullmatch(r"\\nabla_\{?(.+?)\}?\s*(\\?[A-Za-z])|\\frac\{(?:d|\\partial)\s*(\\?[A-Za-z])\}\{(?:d|\\partial)\s*"
                     r"(.+?)\}", right.strip())
    if not (left[0] == "name" and left[1].startswith("bar ") and m):
        return None
    loss = (m.group(2) or m.group(3)).lstrip("\\")
    if loss in section.names() and section.loss == loss:
        return None
    section.loss = loss
    return Verdict("definition")


def _uses(t: Any, ops: set[str]) -> bool:
    """Whether an expression contains one of these operations."""
    if not isinstance(t, (tuple, list)):
        return False
    return bool(isinstance(t, tuple) and t and t[0] in ops) or any(_uses(x, ops) for x in t)


def _definition(section: MatrixSection, left: Tree, right: str, known: set[str], name_text: str = "",
                chained: bool = False) -> Verdict | None:
    """`Y = XW^\\top` or `g(x) = ...` for a name this section has not defined: record it."""
    if left[0] == "call" and left[2][0] == "name" and left[1] not in section.own:
        section.functions[left[1]] = (left[2][1], parse_side(right, known | {left[2][1]}))
        section.own.add(left[1])
        return Verdict("definition")
    if left[0] != "name":
        return None
    name = left[1]
    if name in section.own:
        if chained or _claim(section, name_text, right).ok is True:
            return None  # restated: a claim, checked as one
        # otherwise the name is reused for a new example, as in the scalar reader
    if name.startswith("bar ") and section.loss and _given(section, name[4:]):
        return None  # the loss's derivative, which the definitions already give: a claim
    tree = parse_side(right, known - {name}, _free_indices(right, known))
    if tree[0] == "num" or not _names(tree) and tree[0] != "vec" or _uses(tree, {"grad", "jac"}):
        return None  # a number, or a derivative: a claim
    if tree[0] == "vec" and all(t[0] == "idx" or t[0] == "name" and t[1].startswith(f"{name}_") for t in tree[1]):
        return Verdict("definition")  # `x = (x_1, x_2)`: notation for the entries
    section.definitions[name] = tree
    section.own.add(name)
    if MATRIX_SYNTAX.search(right) or _names(tree) & section.matrices or name in section.declared:
        section.matrices.add(name)
    else:
        section.matrices.discard(name)
    return Verdict("definition")


def _claim(section: MatrixSection, left_text: str, right_text: str) -> Verdict:
    """Compute both sides at an instance of the section's symbols and compare them."""
    known = section.known()
    free = _free_indices(left_text, known)
    left = parse_side(left_text, known, free)
    right = parse_side(right_text, known, free | _free_indices(right_text, known))
    if NUMBERS.match(right_text):
        return Verdict("unchecked", reason="a value at the example's point: the numbers check's, or its code's")
    if not (MATRIX_SYNTAX.search(left_text + right_text) or
                                        (_names(left) | _names(right)) & section.matrices):
        return Verdict("unchecked", reason="a scalar formula, the scalar reader's to check")
    missing = {n for n in _names(left) | _names(right) if not _given(section, n) and n not in free}
    if missing or not (_names(left) | _names(right)) & section.names():
        what = ", ".join(sorted(missing)) or "none of its names"
        return Verdict("unchecked", reason=f"nothing in this notebook defines {what}")
    shapes = Shapes(section)
    try:
        for name in section.definitions:
            shapes.infer(("name", name))
    except ShapeError as exc:
        return Verdict("unchecked", reason=f"the definitions in reach disagree in shape ({exc})")
    shapes.settle()  # the claim cannot change the shapes its definitions fix
    try:
        sides = [shapes.infer(left), shapes.infer(right)]
        values = Values(section, shapes)
        values.focus = _names(left) | _names(right)
        return _compare(values, left, right, [c for c in free if c in shapes.indices], sides)
    except ShapeError as exc:
        return Verdict("identity", False, f"the shapes do not agree: {exc}")
    except (LookupError, ValueError, OverflowError, ZeroDivisionError) as exc:
        return Verdict("unchecked", reason=f"it cannot be computed here ({exc})")


def _given(section: MatrixSection, name: str) -> bool:
    """Whether a name has a value: defined, declared, an input, or a loss derivative of one."""
    if name.startswith("bar "):
        return name in section.definitions or bool(section.loss) and _given(section, name[4:])
    return name == section.loss or name in section.names() or name in section.inputs or any(
        name in _names(d) for d in section.definitions.values())


def _compare(values: Values, left: Tree, right: Tree, free: list[str], shapes: list[Any]) -> Verdict:
    """Both sides at every value of the free indices."""
    ranges = [range(values.shapes.size(values.shapes.indices[c], values.chosen)) for c in free]
    points: list[dict[str, int]] = [{}]
    for letter, rng in zip(free, ranges):
        points = [{**p, letter: k} for p in points for k in rng]
    for point in points:
        a, b = values.value(left, point), values.value(right, point)
        if (a.rows, a.cols) != (b.rows, b.cols) and not (a.is_scalar or b.is_scalar):
            return Verdict("identity", False, f"the shapes do not agree: the left side is {a.shape}, the right side "
                                              f"{b.shape}")
        if a.is_scalar != b.is_scalar:
            return Verdict("identity", False, f"the left side is {a.shape}, the right side {b.shape}")
        if not a.close(b):
            at = "".join(f", {c} = {k + 1}" for c, k in point.items())
            return Verdict("identity", False, f"at a random instance{at}: the left side is {a.show()}, the right "
                                              f"side {b.show()}")
    return Verdict("identity", True)
