"""Vector, matrix and indexed formulas, checked by instantiating a section's symbols with random values.

What a section states about shapes and definitions fixes every symbol's shape:

- a *declaration* `W \\in \\mathbb{R}^{m \\times n}` (or `x \\in \\mathbb{R}^n`, `b \\in \\mathbb{R}`) gives a shape; a
  dimension written as a letter takes the section's input of that name (`m = 2`) when there is one;
- an undeclared name is a matrix if it is an upper-case Latin letter, a vector if lower-case, a
  scalar if Greek; a definition (`Y = XW^\\top`) ties the shapes of its names together, as its
  products and sums require; a subscript in words (`q_{in}`, `y_{ref}`) is part of a name, and
  `\\mathbf{x}_1 = [1; 0]` beside a vector x names a vector of its own;
- a matrix written with dots (`\\vdots`, `\\cdots`) or with columns set apart by spacing instead of
  `&` gives no size: unchecked, and it ends the name's old definition; an iterate `\\mathbf{w}^0` is
  no power: unchecked;
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
- `W_{1,k}` where the section uses a layer W_1 and no W is row k of W_1; a row taken by one index
  (`A_k`) is compared in either orientation, as texts write it as a row (`x_b^\\top`) or a column.
  `x_b^\\top = X_{b,:}` says x_b is row b of X (as a column): x is X, read row by row.
- A `\\sim` statement (`W_{l,ij} \\sim \\mathcal{N}(0, 2/n)`, families as in `nbtruth.statistics`) draws every
  entry of W_l independently, for the rest of its section. An expectation or a variance of a drawn
  name is its distribution's (`\\operatorname{Var}(W) = 2/n`, also inside a formula); of anything else
  (`\\mathbb{E}\\lVert J_l v\\rVert^2`, J_l defined from W_l) it is estimated from MATRIX_DRAWS seeded draws of
  every drawn name, the other names at one instance, and a claim fails beyond six standard errors
  (plus the digits of a number written). An approximation between expectations, or draws of a
  shape the text does not declare, stay unchecked with that reason.

Definitions last for the rest of the notebook (a later section may redefine a name); within a
section, restating a name it defined is a claim. A claim whose sides cannot be multiplied or
added (a product of shapes [4, 2] and [3, 2]), or whose sides' shapes differ, is a problem named
as such, with the sizes each name had; but a failure that rests on reading a capital the text
never writes as a matrix (transposed, inverted, with two indices) as one, and that goes away
with every such name and unnamed size a scalar, is unchecked, as is a relation whose one side is
a name nothing defines (only declares: `y_i = \\sum_j A_{ij} x_j` beside `y \\in \\mathbb{R}^m`).
A claim that uses a name nothing gives a value, or that the reader cannot read, is unchecked,
with the reason.
"""

from __future__ import annotations

import contextvars
import math
import random
import re
from copy import deepcopy
from dataclasses import dataclass, field, replace
from typing import Any

from .latexmath import (
    CAPITAL_GREEK,
    GREEK,
    GREEK_MATRICES,
    MAPPED,
    OWN_NUMBERED,
    REALS,
    ROWS_OF,
    Tree,
    Unread,
    expand_layers,
    parse_side,
)
from .notebook import LIST_RE, NUMBER_RE, half_digit, parse_number, split_top_level, tolerance
from .statements import brace_group
from .statistics import (
    Distribution,
    Estimate,
    estimate,
    moments,
    parse_distribution,
    statistic_spans,
    transformed_names,
)
from .tensors import ShapeError, Tensor

__all__ = ["SCALAR", "MatrixSection", "Verdict", "coded_subscript", "read_matrix_statement"]

DECLARATION = re.compile(r"^(.+?)\\in\s*" + REALS + r"(?:\^\{?([^{}]+)\}?)?\s*$")
SMALL = [3, 4, 2, 5, 6, 7]
# What makes a formula a vector or matrix formula (else the scalar reader alone judges it).
MATRIX_SYNTAX = re.compile(r"\\begin\{[bpv]?matrix\}|"
                           r"\\(top|odot|sum|nabla|mathbf|operatorname\{diag\}|mathrm\{diag\}|mathbb\{1\}|lVert)"
                           r"(?![A-Za-z])|_\{[^}]*,")
# `W_{ij}`, `q_{in}`, `y_{ref}`: a subscript of lower-case letters on a name (entries, or a label; see _label)
SUBSCRIPT = re.compile(r"(?:\\[A-Za-z]+\{)?(\\?[A-Za-z]+)\}?\s*_\{\s*([a-z]{2,})\s*\}")
# `\\mathbf{w}^0`, `\\mathbf{w}^{k+1}`, `{\\bf r}^k`: an iterate of a bold (lower-case) vector, not a power
ITERATE = re.compile(r"(?:\\(?:mathbf|boldsymbol)\s*\{\s*[a-z]\s*\}|\{\s*\\bf\s+[a-z]\s*\})\s*\^\s*"
                     r"(?:\{\s*\(?\s*[0-9a-z][0-9a-z+\-\s]*\)?\s*\}|[0-9a-z])")
# `Y^T`: a transpose as other courses write it, which makes a claim this reader's (but declares nothing)
TRANSPOSE = re.compile(r"[A-Z)}]\s*\^\s*\{?T\}?(?![A-Za-z])")
# `(AB)^T`, `(A - B)^{-1}`, `\\left(\\mathbf{A}^\\top\\right)^\\top`: a bracket transposed or inverted, as the laws of
# matrix algebra write it
BRACKET_TRANSPOSED = re.compile(r"\)\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\{T\}|-1)\s*\}|T|\\top|\\intercal)"
                                r"(?![A-Za-z])")
# the identity's names: `I`, and `\\mathbf{I}_n`, `I_m` with a size's letter (`I_1`, `I_2` are as often currents)
IDENTITY = re.compile(r"I(?:_[a-zA-Z])?")
# a capital as a matrix's name (`A`, `\\mathbf{B}`, `{\\bf C}`)
CAPITAL_NAME = re.compile(r"(?:(?:mathbf|boldsymbol|bm|bf) )?[A-Z]")
# words that give matrices a property the laws of every matrix do not have, in the languages courses use
MATRIX_PROPERTY = re.compile(r"symm|sym[eé]tri|simm?[eé]tri|orthog|ortog|orthonorm|unit[aä]r|hermit|diagonal|"
                             r"triangul|commut|kommut|conmut|idempot|nilpot|involut|permutation|skew|antisym|"
                             r"симметр|ортогон|対称|直交|对称|正交|대칭|직교", re.IGNORECASE)
# A scalar formula the scalar reader cannot read (a map's prime, a change, a sum, dots): this reader's to check.
SELF_DEPENDENCE = re.compile(r"\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*=\s*\1\s*\(([^()=]*)\)\s*\.?\s*")  # `y_i = y_i(d_i)`
SCALAR_GAP = re.compile(r"[A-Za-z0-9}]'\s*\(|\\Delta|\\sum|\\cdots|\\begin\{cases\}")
STATISTICS = re.compile(r"\\mathbb\{E\}|\\(?:operatorname|mathrm)\{(?:Var|Cov)\}")
FAMILY = re.compile(r"^(.+)_([a-z])$")
NUMBERS = re.compile(r"^\s*[\[(]?\s*[-−]?\d+(?:\.\d+)?(?:\s*,\s*[-−]?\d+(?:\.\d+)?)*\s*[\])]?\s*\.?\s*$")
SCALAR = "a scalar formula, the scalar reader's to check"
STEP = 1e-4  # `\\Delta x`: small enough that a first-order `\\approx` holds to about 1e-4 relative
ROUNDING = 1e-12  # a difference this small between entries of 0.2 to 1.2 is rounding (`0 = x - x`)
H = 1e-5  # central differences: exact for the linear and quadratic formulas, 1e-10 off for the rest


@dataclass
class Verdict:
    """What the matrix reader made of one statement."""

    kind: str  # definition, input, identity, unchecked
    ok: bool | None = None
    message: str = ""
    reason: str = ""
    guessed: bool = False  # a failure at sizes (or ranks) the text does not give: the reader's guess may be its cause
    scalar: bool = False  # a failure found with every undeclared name a scalar: the scalar reader's ground too


# a section that sets a scenario of its own: its data, not an earlier section's formula for them, are what it means
EXAMPLE_HEADING = re.compile(r"\b(?:examples?|exercises?|problems?|worked|ejemplos?|ejercicios?|problemas?|exercicis?|"
                             r"exemples?|exercices?|probl[eè]mes?|esempi[oi]|esercizi[oi]|beispiele?|aufgaben?|"
                             r"exemplos?|exerc[ií]cios?)\b", re.IGNORECASE)


def defined_where(heading: str, under: str) -> str:
    """Where a section defined a name: its heading, and the subsection's when one gave it (`## Linear Systems /
    ### Example 1` gives its own A; `### Backward Euler` and `### Forward Euler` are two examples a later section
    may mix)."""
    return f"{heading} / {under}" if under else heading


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
    families: dict[str, tuple[str, Tree]] = field(default_factory=dict)  # `h_t = f(h_{t-1})`: base -> (t, body)
    notations: set[str] = field(default_factory=set)  # `\\bar{Y} = \\nabla_{\\hat{Y}} L`: restated, always a claim
    # `W_{l,ij} \\sim \\mathcal{N}(0, 2/n)`: W_l's entries drawn independently (parameters as trees), this section only
    random: dict[str, Distribution] = field(default_factory=dict)
    orthogonal: set[str] = field(default_factory=set)  # `U^T U = I`: names this section declares orthogonal
    changes: dict[str, Tree] = field(default_factory=dict)  # `\\Delta x = l`: x -> the step this section gives it
    # a definition's text (spaces dropped) -> the name it defined and that definition: the same text again restates it
    stated: dict[str, tuple[str, Any]] = field(default_factory=dict)
    # `w = [w_1 \\ w_2]`, `x^{(i)} = [x_1^{(i)} & x_2^{(i)}]`: a vector's entries written out, each a scalar
    components: set[str] = field(default_factory=set)
    # `x^{(i)} = [x_1^{(i)} & x_2^{(i)}]`: vectors written as one row of their entries, which texts also multiply as
    # columns (`Wx^{(i)}`, "the dot product")
    rows: set[str] = field(default_factory=set)
    # `S = \\sum_i (y_i - b x_i)^2 = \\sum_i r_i^2`: names a chain's later link writes beside the definition its first
    # link gave, which nothing defines (r, the residual named in passing): no free name of a later claim
    named: set[str] = field(default_factory=set)
    # `\\begin{pmatrix}\\hat{x}_i \\\\ \\hat{y}_i\\end{pmatrix} = a_i \\bm{u}`: names the text gives entry by entry,
    # in a definition the reader does not take: what reaches them depends on it
    by_entries: set[str] = field(default_factory=set)
    # the section so far names a property a matrix may have (symmetric, orthogonal, commuting, diagonal): a relation
    # between matrices nothing defines may hold by it, so it is no law of every matrix
    properties_said: bool = False

    kept: dict[str, Tree] | None = None  # the definitions before an exercises section, restored after it
    origin: dict[str, str] = field(default_factory=dict)  # name -> heading of the earlier section that defined it
    example: dict[str, str] = field(default_factory=dict)  # name -> that section's heading, and its subsection's
    heading: str = ""
    subsection: str = ""  # the `###` (or the example an opening line starts) statements are read under now
    defined_under: dict[str, str] = field(default_factory=dict)  # name -> the subsection of this section defining it
    # name -> the subsection that gave it its value, as the scalar reader records it (its section's `defined_under`)
    valued_under: dict[str, str] = field(default_factory=dict)

    def new_section(self, heading: str = "") -> None:
        """A new section: what was defined stays, but restating it is a new definition.

        An exercises section's definitions are its questions' own (`Change L to ...`): they end with it.
        """
        if self.kept is not None:
            self.definitions, self.kept = self.kept, None
        else:
            self.origin.update({name: self.heading for name in self.own})
            self.example.update({name: defined_where(self.heading, self.defined_under.get(name, ""))
                                 for name in self.own})
        self.own, self.heading, self.random, self.defined_under = set(), heading, {}, {}
        self.orthogonal = set()  # `U^T U = I` said of this section's U: a later section's U may be any matrix
        self.properties_said = False
        self.changes, self.named = {}, set()
        if re.search(r"exercise|problem|question", heading, re.IGNORECASE):
            self.kept = dict(self.definitions)

    def forget(self, latex: str) -> None:
        """A name the text says stands for something new from here on (`let's replace $\\mathbf{w}$`): what this reader
        had it as is forgotten."""
        try:
            tree = parse_side(latex, set(self.definitions))
        except Unread:
            return
        if tree[0] == "name":
            self.definitions.pop(tree[1], None)
            self.own.discard(tree[1])

    def given(self, name: str) -> float | None:
        """The value the text gives a name, if any: the scalar reader records `\\rho_1 = 0` as rhosubQb."""
        value = self.inputs.get(name)
        return self.inputs.get(_coded(name)) if value is None else value

    def valued(self, names: set[str]) -> set[str]:
        """The names among these the text gives a value, as the matrix reader or the scalar reader records it."""
        return {n for n in names if self.given(n) is not None}

    def names(self) -> set[str]:
        """Every name with a definition, a declaration or a value."""
        return set(self.definitions) | set(self.declared) | set(self.functions)

    def known(self) -> set[str]:
        """Every name met so far: given, an input, or a leaf a definition uses."""
        return self.names() | set(self.inputs) | {n for d in self.definitions.values() for n in _names(d)}


# ---------------------------------------------------------------------------------------------- shapes


class Shapes:
    """Dimensions tied together by union-find; each name's shape as (rows, cols, rank)."""

    def __init__(self, section: MatrixSection, unit: bool = False, shown: frozenset[str] = frozenset(),
                 across: bool = False, rows: bool = False) -> None:
        """Start from the section's declarations; `unit`: every size nothing fixes or names is 1 (a scalar), but
        that of a capital `shown` a matrix (written transposed, inverted, or with two indices); `across`: a vector's
        nabla laid out (variable, value), the other layout (see `_grad`); `rows`: a scalar's gradient laid out as a
        row, as the Jacobian of a scalar is (numerator layout)."""
        self.unit, self.shown, self.across, self.rows = unit, shown, across, rows
        self.order = SMALL  # the sizes a dimension nothing fixes takes, first come first served
        self.parent: dict[Any, Any] = {}
        self.of: dict[str, tuple[Any, Any, int]] = {}
        self.indices: dict[str, Any] = {}
        self.fn_out: dict[str, tuple[Any, Any, int]] = {}
        self.unsized_maps: set[str] = set()  # maps whose Jacobian was taken with a size of values the reader chose
        self.section = section
        self.done: set[str] = set()
        self.ones: dict[int, Any] = {}
        self.dimensions = {d for shape in section.declared.values() for d in shape[:2] if isinstance(d, str)}
        self.dimensions |= {b for d in section.definitions.values() for b in _bounds(d)}  # `\\sum_{i=1}^{n}`: n
        self.count = 0
        # The maps of step families (`h_t = f(h_{t-1})`): each takes a state to a state of the same shape.
        self.steps = {body[1] for base, (letter, body) in section.families.items() if body[0] == "call"
                      and body[2] == ("name", f"{base}_{letter}-1") and body[1] not in section.functions}
        for name, shape in section.declared.items():
            self.of[name] = shape
            body = section.definitions.get(name, ())
            if body and body[0] == "call" and body[1] not in section.functions:
                self.fn_out[body[1]] = shape  # `z = f(y) \\in \\mathbb{R}`: f maps to a scalar

    def fresh(self, prefix: str = "?") -> str:
        """A new free dimension (`?C...`: a capital's, a matrix by convention)."""
        self.count += 1
        return f"{prefix}{self.count}"

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
        if declared := self.declared(name):
            self.of[name] = declared
            return declared
        base = name.split("_")[0].split(" ")[-1]
        if name.startswith("bar ") and name[4:] in self.of:
            return self.of[name[4:]]
        scalar = self.section.given(name) is not None or name in self.section.components  # `w_1` of `[w_1 \\ w_2]`
        if scalar or base in GREEK or name[0].isdigit() or name in self.dimensions:
            shape: tuple[Any, Any, int] = (1, 1, 0)
        elif IDENTITY.fullmatch(name):  # the identity, where nothing else defines I (or I_n)
            side = self.fresh()
            shape = (side, side, 2)
        elif base[:1].isupper():  # a capital is a matrix by convention: its sizes stay sizes when scalars are tried
            kind = "?C" if not self.unit or name in self.shown else "?"  # `A_c`, `KU`: no more a matrix than a
            shape = (self.fresh(kind), self.fresh(kind), 2)  # lower-case name is a vector
        elif not name.startswith("mathbf ") and any(n.startswith("mathbf ") for n in self.section.definitions):
            shape = (1, 1, 0)  # `C \\mathbf{v} = s \\mathbf{v}`: where the text writes its vectors bold, s is a scalar
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
        if op == "div":
            a, b = self.infer(t[1]), self.infer(t[2])
            if b[2] != 0 and self.find(b[0]) == self.find(b[1]) == 1:  # `\\frac{aa^T}{a^Ta}`: over a 1 by 1 product,
                return a  # a number
            return self.same(a, b, "a quotient")
        if op in ("add", "sub", "had"):
            return self.same(self.infer(t[1]), self.infer(t[2]), {"add": "a sum", "sub": "a difference",
                                                                   "had": "an entrywise product"}[op])
        if op == "prod":
            if len(t) > 3 and t[3] == "times" and "idx" in (t[1][0], t[2][0]):
                # `\\sum_i \\mathbf{r}_i \\times \\mathbf{p}_i`: particle i's vectors, not entries
                raise LookupError("a cross product of an indexed name, a vector of a family the reader reads as an "
                                  "entry")
            a, b = self.infer(t[1]), self.infer(t[2])
            if a[2] == 0 or b[2] == 0:
                return b if a[2] == 0 else a
            if len(t) > 3 and a[2] == b[2] == 1 and a[1] == b[1] == 1:  # `x \\cdot y`: two columns' dot product
                self.unify(a[0], b[0], "a dot product" if t[3] == "cdot" else "a cross product")
                return (1, 1, 0) if t[3] == "cdot" else a  # `v \\times w`: their cross product, a column
            if len(t) > 3 and t[3] == "cdot" and self.find(a[0]) == self.find(b[0]) == 1 and a[2] == b[2] == 2:
                # `\\vec\\mu_1 \\cdot \\vec\\mu_2`, each written as a row: their dot product
                self.unify(a[1], b[1], "a dot product")
                return (1, 1, 0)
            length = self.find(a[0])
            known = b[2] == 1 and not str(self.find(b[0])).startswith("?")
            if (self.unit or known) and a[2] == 1 and b[2] and self.find(b[0]) != 1 and (
                    length == 1 or str(length).startswith("?") and not str(length).startswith("?C")):
                # `x_2 [3; 1; 0]` with every free size 1, `k(2V_1)` with V_1 a column of 2: a column of length 1 (or
                # one guessed) before a column scales it
                self.unify(a[0], 1, "a scalar multiple")
                return b
            if a[2] == 1 and t[2][0] == "mat" and self.find(b[0]) == 1 and str(length).startswith("?") and not (
                    str(length).startswith("?C")):
                # `\\vec R = d\\begin{bmatrix}1 & -1 & -1\\end{bmatrix}/\\sqrt{3}`: a name guessed a column before a
                # row written out scales it (an outer product is written `x y^T`, of names)
                self.unify(a[0], 1, "a scalar multiple")
                return b
            self.unify(a[1], b[0], "a matrix product")
            # a column times a column of length 1 (`[-1; 0] u_t`, u_t guessed a vector) is a column, no matrix
            column = b[2] == 1 and (a[2] != 1 or self.find(b[0]) == 1)
            return (a[0], b[1], 1 if column else 2)
        if op == "kron":  # `[1; 0] \\otimes [0; 1]`, a Kronecker product: the sizes multiply
            a, b = (tuple(self.find(d) for d in self.infer(side)[:2]) for side in t[1:3])
            if not all(isinstance(d, int) for d in a + b):
                raise LookupError("a Kronecker product of sizes the text does not give")
            return (a[0] * b[0], a[1] * b[1], 1 if a[1] * b[1] == 1 else 2)
        if op == "T":
            a = self.infer(t[1])
            return (a[1], a[0], 2 if a[2] else 0)
        if op == "pow" and t[2] != 1 and (t[1][0] == "name" and t[1][1][:1].isupper() or t[1][0] == "mat"):
            a = self.infer(t[1])  # `S^{-1}`, `A^2`: a capital's power is the matrix's, which only a square one has
            if a[2]:
                self.unify(a[0], a[1], "a matrix power")
            return a
        if op in ("neg", "pow", "fn", "dfn"):
            return self.infer(t[2] if op in ("fn", "dfn") else t[1])
        if op == "ind":
            return self.same(self.infer(t[1]), self.infer(t[3]), "a comparison")
        if op == "norm":
            self.infer(t[1])
            return (1, 1, 0)
        if op == "sum":
            body = self.infer(t[2])
            if t[1] and len(t) > 3 and isinstance(t[3], str) and t[1] in self.indices:  # `\\sum_{i=1}^{n}`: over n
                self.unify(self.indices[t[1]], t[3], f"the range of {t[1]}")
            return body if t[1] else (1, 1, 0)
        if op == "idx":
            return self._index(t)
        if op == "diag":
            a = self.infer(t[1])
            return (a[0], a[0], 2)
        if op in ("trace", "det"):
            a = self.infer(t[1])
            self.unify(a[0], a[1], "a trace" if op == "trace" else "a determinant")
            return (1, 1, 0)
        if op == "ones":
            return (self.ones.setdefault(id(t), self.fresh()), 1, 1)
        if op == "vec":
            for item in t[1]:
                if self.infer(item)[2]:  # `(\\frac{\\partial J}{\\partial h}, ...)`: a pair, not a vector of numbers
                    raise LookupError("a tuple of vectors or matrices, no vector: an operation the text names in words")
            return (len(t[1]), 1, 1)
        if op == "call":
            argument = self.infer(t[2])
            if t[1] in self.section.functions:
                return self._applied(t[1], argument)
            if t[1] in self.steps:  # `h_t = f(h_{t-1})`: a step maps the state's space to itself
                return self.same(self.fn_out.setdefault(t[1], (self.fresh(), 1, 1)), self.infer(t[2]), "a step")
            return self.fn_out.setdefault(t[1], (self.fresh(), 1, 1))
        if op == "grad":
            return self._grad(t)
        if op == "mat":
            columns = [self.infer(item) for item in t[1][0]] if len(t[1]) == 1 and len(t[1][0]) > 1 else []
            if columns and all(shape[2] == 1 and shape[1] == 1 for shape in columns):
                for shape in columns[1:]:  # `X = (x_1  x_2)` with x_1, x_2 columns: the matrix with those columns
                    self.same(shape, columns[0], "a matrix's column")
                return (columns[0][0], len(columns), 2)
            for row in t[1]:
                for item in row:
                    if self.infer(item)[2] == 2 and not self.guesses(_names(item)):
                        # `A = [X; \\sqrt{\\lambda} I]`: a block matrix, whose blocks' sizes the reader does not tie
                        raise LookupError("a block matrix (`[X; \\sqrt{\\lambda} I]`), whose blocks' sizes the reader "
                                          "does not tie together")
                    if item[0] == "name" and self.section.definitions.get(item[1], ("",))[0] in ("vec", "mat"):
                        # `x = [a; b; c]` with a = [1, 3]: rows of a matrix, or one longer column? The text says not
                        raise LookupError("a stack of vectors (`[a; b; c]`): as a matrix's rows or as one longer "
                                          "column, which the text does not say")
            if len(t[1]) == len(t[1][0]) == 1:
                return (1, 1, 0)  # `\\begin{bmatrix} 2 \\end{bmatrix} + [10, 20]`: one entry, broadcast as NumPy does
            return (len(t[1]), len(t[1][0]), 2 if len(t[1][0]) > 1 else 1)
        if op == "cases":
            shapes = [self.infer(value) for value, _ in t[1]]
            for _, condition in t[1]:
                self.infer(condition) if condition is not None else None
            return next((sh for sh in shapes if sh[2]), shapes[0])
        if op in ("softmax", "delta"):
            return self.infer(t[1])
        if op == "dcall":
            a = self.infer(t[2])
            out = self.infer(("call", t[1], t[2]))
            return out if a[2] == 0 else (out[0], a[0], 2)
        if op == "jac":
            a = self.infer(t[2])
            if t[1] not in self.fn_out:
                self.unsized_maps.add(t[1])  # `J_f(x)`, f's values' size nothing gives: the reader chooses it
            out = self.fn_out.setdefault(t[1], (self.fresh(), 1, 1))
            return (out[0], a[0], 2)
        raise Unread(f"an operation {op}")

    def _applied(self, name: str, argument: tuple[Any, Any, int]) -> tuple[Any, Any, int]:
        """A defined function's value's shape, its parameter taking the argument's shape for this call only: `f(h) =
        w h` says nothing about a name h used elsewhere."""
        param, body = self.section.functions[name]
        saved = self.of.get(param)
        self.of[param] = argument
        try:
            return self.infer(body)
        finally:
            if saved is None:
                del self.of[param]
            else:
                self.of[param] = saved

    def _index(self, t: Tree) -> tuple[Any, Any, int]:
        """`W_{ij}` (an entry), `X_b` (row b), `y_i` (an entry): bind each index letter to its dimension."""
        a = self.infer(t[1])
        dims = [a[0], a[1]] if a[2] == 2 else [a[0]]
        if len(t[2]) > len(dims) and all(isinstance(i, int) for i in t[2]):
            raise LookupError(f"{len(t[2])} numbers as indices on a value with {len(dims)}: labels (`E_{{1,7}}`, one "
                              "state's energy), no entries")
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
        if target[2] == 0 or self.find(target[0]) == 1 and self.find(target[1]) == 1:
            return (wrt[1], wrt[0], wrt[2]) if self.rows and wrt[2] == 1 else wrt
        if wrt[2] == 0:
            return target
        return (wrt[0], target[0], 2) if self.across and len(t) > 3 else (target[0], wrt[0], 2)

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
            elif self.unit and not any(isinstance(m, int) or not m.startswith("?") or m.startswith("?C")
                                       for m in members):
                chosen[root] = 1  # only a size the text leaves unnamed: `\\sum_{i=1}^{n}` keeps n a length
            else:
                taken = set(chosen.values())
                chosen[root] = next((s for s in self.order if s not in taken), 8)
        return chosen[root]

    def declared(self, name: str) -> tuple[Any, Any, int] | None:
        """The shape the text declares for a name, or for its family (`h_t \\in \\mathbb{R}^n` gives h_0, h_2)."""
        if name in self.section.declared:
            return self.section.declared[name]
        step = re.fullmatch(r"(.+)_\d+", name)
        if step and step.group(1) in self.section.families:
            return self.section.declared.get(f"{step.group(1)}_{self.section.families[step.group(1)][0]}")
        return None

    def guessed_vector(self, name: str) -> bool:
        """Whether a name is a vector only by the reader's guess: lower-case, and nothing declares, defines or shows it
        (a time t the text differentiates by is a scalar, whatever its case suggests)."""
        shape = self.of.get(name)
        return bool(shape and shape[2] == 1 and name not in self.shown and not self.declared(name)
                    and name not in self.section.definitions)

    def guesses(self, names: set[str]) -> bool:
        """Whether these names' shapes rest on a guess the text does not back: a capital that nothing declares or
        defines, read as a matrix though the text never writes it as one (transposed, inverted, with two indices):
        `A_c` beside a scalar `x_c`, `\\frac{1}{A}`, `KU`. A size of a name the text does write as a vector or a
        matrix is no such guess: a failure at the reader's sizes holds at any other distinct ones."""
        section = self.section
        for name in names:
            shape = self.of.get(name)
            if shape is None or shape[2] != 2 or IDENTITY.fullmatch(name) or name in self.shown:
                continue
            base = name.split("_")[0].split(" ")[-1]
            if base[:1].isupper() and not self.declared(name) and name not in section.definitions:
                return True
        return False


# ---------------------------------------------------------------------------------------------- values


def _rng(name: str) -> random.Random:
    """A generator seeded by a name, so a leaf has the same value in every claim."""
    return random.Random(sum((i + 1) * ord(c) for i, c in enumerate(name)))


def _random(name: str, rows: int, cols: int) -> Tensor:
    """A pseudo-random value with entries of size 0.2 to 1.2, either sign."""
    rng = _rng(name)
    return Tensor.build(rows, cols, lambda i, j: rng.choice((-1, 1)) * rng.uniform(0.2, 1.2))


def _orthogonal(name: str, rows: int, cols: int) -> Tensor:
    """A pseudo-random matrix with orthonormal columns (Gram-Schmidt on a random one), for a name the text declares
    orthogonal: `U^T U = I` then holds of it, as the text's claims assume."""
    columns: list[list[float]] = []
    drawn = _random(name, rows, cols)
    for j in range(cols):
        v = [drawn.data[i * cols + j] for i in range(rows)]
        for q in columns:
            dot = sum(a * b for a, b in zip(v, q))
            v = [a - dot * b for a, b in zip(v, q)]
        norm = math.sqrt(sum(a * a for a in v)) or 1.0
        columns.append([a / norm for a in v])
    return Tensor.build(rows, cols, lambda i, j: columns[j][i])


# `U^T U = I`, `V^\top V = 1`, `Q Q^T = I`: the text declares a matrix orthogonal
_TRANSPOSED = r"\s*\^\s*\{?\s*(?:T|\\top|\\intercal)\s*\}?\s*"
_IDENTITY = r"\s*=\s*(?:1|I|\\mathbf\{?I\}?|\\mathbb\{?1\}?)\s*\.?\s*"
ORTHOGONAL = re.compile(rf"\s*\\?([A-Za-z]){_TRANSPOSED}\\?\1{_IDENTITY}|"
                        rf"\s*\\?([A-Za-z])\s*\\?\2{_TRANSPOSED}{_IDENTITY}")
# `Q^{-1} = Q^T` ("a matrix with the property ... is called orthogonal"), `\mathbf{W}^{-1} = \mathbf{W}^\intercal`
_NAMED = r"\s*(\\mathbf\s*\{\s*\\?[A-Za-z]\s*\}|\\?[A-Za-z])"
_INVERTED = r"\s*\^\s*\{\s*-\s*1\s*\}\s*"
INVERSE_IS_TRANSPOSE = re.compile(rf"{_NAMED}{_INVERTED}=\s*\1{_TRANSPOSED}\.?\s*|"
                                  rf"{_NAMED}{_TRANSPOSED}=\s*\2{_INVERTED}\.?\s*")
# `\mathbf{X}=U\sigma V^T`: a singular value decomposition, as every text writes it
SVD = re.compile(rf"[^=]+=\s*U\s*(?:\\[sS]igma|\\Sigma|S|D)\s*V{_TRANSPOSED}[,.]?\s*")


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
           "\\ge": lambda a, b: a >= b, "\\leq": lambda a, b: a <= b, "\\le": lambda a, b: a <= b,
           "\\lt": lambda a, b: a < b, "\\gt": lambda a, b: a > b}


class Values:
    """Every name of a section computed at one instance of its leaves."""

    def __init__(self, section: MatrixSection, shapes: Shapes) -> None:
        """Sizes chosen once, leaves drawn once."""
        self.section, self.shapes, self.chosen = section, shapes, {}
        self.memo: dict[str, Tensor] = {}
        self.override: dict[str, Tensor] = {}
        self.focus: set[str] = set()  # the names of the claim being checked
        self.drawn = False  # whether a pseudo-random leaf or map was used: then only identities can be checked
        self.nudge: dict[float, float] = {}  # a rounded number the text writes, moved within its rounding

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
        if self._is_label(key):
            return Tensor.scalar(self._label(key))
        if key in self.section.functions and key not in self.section.definitions:
            raise LookupError(f"{key} is a function: what it is as a value of another name the text does not say")
        if (given := self.section.given(key)) is not None:
            value = Tensor.scalar(given + self.nudge.get(given, 0.0))
        elif key in self.shapes.dimensions:  # `\\frac{2}{Bm}`: a dimension's size
            value = Tensor.scalar(self.shapes.size(key, self.chosen))
        elif key in self.section.definitions:
            value = self.value(self.section.definitions[key], {})
        elif key == "pi":  # `\\cos(\\frac{90 \\pi}{180})`: the number, where nothing gives pi a value
            value = Tensor.scalar(math.pi)
        elif key == self.section.loss:
            value = self.loss(key)
        elif key.startswith("bar ") and self.section.loss and key[4:] in self.section.names() | set(self.shapes.of):
            value = self.gradient(lambda: self.loss(key[4:]), key[4:])
        elif IDENTITY.fullmatch(key):
            rows, _ = self.shape(key)
            value = Tensor.build(rows, rows, lambda i, j: float(i == j))
        elif key in self.section.orthogonal:
            self.drawn = True
            rows, cols = self.shape(key)
            if rows < cols:  # tried again at a tall instance, where its columns can be orthonormal
                raise ValueError(f"{key}, declared orthogonal, is drawn {rows} by {cols}: its Gram matrix is singular")
            value = _orthogonal(key, rows, cols)
        else:
            self.drawn = True
            value = _random(key, *self.shape(key))
        self.memo[key] = value
        return value

    def _is_label(self, key: str) -> bool:
        """`z_y` with y no sum binds and no claim leaves free: y is a fixed position (a true class)."""
        return key in self.shapes.indices and key not in self.section.definitions and self.section.given(key) is None

    def _label(self, key: str) -> int:
        """A label's position: fixed, within the dimension it indexes."""
        self.drawn = True
        return _rng(f"label {key}").randrange(self.shapes.size(self.shapes.indices[key], self.chosen))

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

    def gradient(self, target: Any, wrt: str, entry: int | None = None, across: bool = False) -> Tensor:
        """d target / d wrt by central differences, every path through the definitions; one entry or all; a
        vector's laid out (value, variable), or (variable, value) `across`."""
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
            rows, cols = (base.cols, base.rows) if self.shapes.rows and base.cols == 1 else (base.rows, base.cols)
            return Tensor(rows, cols, tuple(c.data[0] for c in columns))
        if across:
            return Tensor.build(len(columns), len(columns[0].data), lambda i, j: columns[i].data[j])
        return Tensor.build(len(columns[0].data), len(columns), lambda i, j: columns[j].data[i])

    def value(self, t: Tree, index: dict[str, int]) -> Tensor:
        """An expression's value at this instance (index letters at their values)."""
        op = t[0]
        if op == "num":
            return Tensor.scalar(t[1] + self.nudge.get(t[1], 0.0))
        if op == "name":
            return self.name(t[1], index)
        if op == "kron":
            return self.value(t[1], index).kron(self.value(t[2], index))
        if op in ("add", "sub", "had", "div", "prod"):
            a, b = self.value(t[1], index), self.value(t[2], index)
            if op == "prod" and len(t) > 3 and a.cols == b.cols == 1 and a.rows == b.rows > 1:
                return a.T @ b if t[3] == "cdot" else _cross(a, b)  # `x \\cdot y`, `v \\times w` of two columns
            if op == "prod" and len(t) > 3 and t[3] == "cdot" and a.rows == b.rows == 1 and a.cols == b.cols > 1:
                return a @ b.T  # two rows' dot product
            return {"add": a.__add__, "sub": a.__sub__, "had": a.hadamard, "div": a.__truediv__,
                    "prod": a.__matmul__}[op](b)
        if op == "neg":
            return -self.value(t[1], index)
        if op == "T":
            return self.value(t[1], index).T
        if op == "pow":
            base = self.value(t[1], index)
            if base.rows == base.cols > 1 and t[2] < 0:  # `(A^\\top A)^{-1}`: the matrix inverse, not entrywise
                return _matrix_power(base.inverse(), -t[2])
            if base.rows == base.cols > 1 and t[2] > 1 and (t[1][0] == "name" and t[1][1][:1].isupper() or (
                    t[1][0] == "mat")):  # `A^2`, `[0, 1; 0, 0]^2` of a square matrix is A A; `(Y - T)^2` is entrywise
                return _matrix_power(base, t[2])
            return base.map(lambda v: v ** t[2])
        if op in ("fn", "dfn"):
            fn = FUNCTIONS.get(t[1])
            if fn is None:
                raise LookupError(f"nothing defines the function {t[1]}")
            argument = self.value(t[2], index)
            try:
                return argument.map(fn[op == "dfn"])
            except ValueError:  # `\\sqrt{\\lambda}` at a lambda drawn negative, as nothing gives it a value
                raise LookupError(f"{t[1]} of {argument.show()}, outside its domain, at values drawn for "
                                  f"{', '.join(sorted(_names(t[2]))) or 'its argument'}") from None
        if op == "norm":
            return Tensor.scalar(math.sqrt(self.value(t[1], index).map(lambda v: v * v).total()))
        if op == "ind":
            a, b = self.value(t[1], index), self.value(t[3], index)
            return a.zip(b, lambda x, y: float(COMPARE[t[2]](x, y)), "a comparison")
        if op == "sum":
            return self._sum(t, index)
        if op == "idx":
            return self._index(t, index)
        if op == "trace":
            m = self.value(t[1], index)
            return Tensor.scalar(sum(m.data[i * m.cols + i] for i in range(min(m.rows, m.cols))))
        if op == "det":
            return Tensor.scalar(self.value(t[1], index).determinant())
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
        if op in ("jac", "dcall"):
            return self._jacobian(t[1], self.value(t[2], index))
        if op == "mat":
            if len(t[1]) == 1 and len(t[1][0]) > 1:
                columns = [self.value(item, index) for item in t[1][0]]
                if all(c.cols == 1 and c.rows == columns[0].rows > 1 for c in columns):  # `(x_1  x_2)`: columns
                    return Tensor.build(columns[0].rows, len(columns), lambda i, j: columns[j].data[i])
            rows = [[self.value(item, index).data[0] for item in row] for row in t[1]]
            return Tensor.build(len(rows), len(rows[0]), lambda i, j: rows[i][j])
        if op == "cases":
            return self._cases(t[1], index)
        if op == "softmax":
            z = self.value(t[1], index)
            top = max(z.data)
            e = z.map(lambda v: math.exp(v - top))
            return e / Tensor.scalar(e.total())
        if op == "delta":
            return self._delta(t[1], index)
        if op == "grad":
            return self._derivative(t, index)
        raise LookupError(f"an operation {op}")

    def _cases(self, pairs: list[tuple[Tree, Tree | None]], index: dict[str, int]) -> Tensor:
        """A piecewise value: entry by entry, the first case whose condition holds (a condition of None: otherwise)."""
        values = [self.value(value, index) for value, _ in pairs]
        holds = [self.value(cond, index) if cond is not None else None for _, cond in pairs]
        big = next((v for v in values + [h for h in holds if h is not None] if not v.is_scalar), values[0])

        def entry(i: int, j: int) -> float:
            """The first case that holds at (i, j)."""
            for value, hold in zip(values, holds):
                if hold is None or hold.at(*((0, 0) if hold.is_scalar else (i, j))):
                    return value.at(*((0, 0) if value.is_scalar else (i, j)))
            raise LookupError("no case holds")

        return Tensor.build(big.rows, big.cols, entry)

    def _delta(self, t: Tree, index: dict[str, int]) -> Tensor:
        """`\\Delta v`: for a leaf, a small step of its own; for a defined name, the change the steps cause."""
        if t[0] != "name":
            raise LookupError("a change in an expression")
        if t[1] in self.section.changes:  # `\\Delta x = l`: the step the text gives
            return self.value(self.section.changes[t[1]], index)
        if t[1] not in self.section.definitions:
            base = self.name(t[1], index)
            self.drawn = True  # `A \Delta x = 0`: a step nothing gives, so no number it makes is the text's
            return _random(f"step {t[1]}", base.rows, base.cols).map(lambda v: v * STEP)
        leaves = {n for n in _ancestors(self.section, t[1]) if n not in self.section.definitions}
        saved, self.memo = self.memo, {}
        try:
            before = self.name(t[1], index)
            for leaf in leaves:
                self.override[leaf] = self.name(leaf, index) + self._delta(("name", leaf), index)
            self.memo = {}
            return self.name(t[1], index) - before
        finally:
            for leaf in leaves:
                self.override.pop(leaf, None)
            self.memo = saved

    def _sum(self, t: Tree, index: dict[str, int]) -> Tensor:
        """A sum over an index's range, or over every entry."""
        if t[1] is None:
            return Tensor.scalar(self.value(t[2], index).total())
        letter = t[1]
        size = t[3] if isinstance(t[3], int) else self.shapes.size(self.shapes.indices[letter], self.chosen)
        total = None
        for k in range(size):
            term = self.value(t[2], {**index, letter: k})
            total = term if total is None else total + term
        return total

    def _index(self, t: Tree, index: dict[str, int]) -> Tensor:
        """An entry, or a row, of a value."""
        a = self.value(t[1], index)
        at = [k if isinstance(k, int) else index[k] if k in index else self._label(k) if self._is_label(k) else ":"
              for k in t[2]]
        if len(at) == 2 and at[1] != ":":
            return Tensor.scalar(a.at(at[0], at[1]))
        if a.cols == 1 and at[0] != ":":
            return Tensor.scalar(a.at(at[0]))
        return Tensor.build(a.cols, 1, lambda i, j: a.at(at[0], i))

    def _call(self, name: str, arg: Tensor) -> Tensor:
        """A map applied to a value: its definition, or a fixed smooth map of the shapes it is used with."""
        if name in self.section.definitions and name not in self.section.functions:
            raise LookupError(f"{name} is a value the text also writes as a function")  # `y = 2x^\\top x`, `y(x)`
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
        self.drawn = True
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

    def _bare_leaves(self, t: Tree) -> set[str]:
        """The names nothing defines that an expression is, alone or as a written vector's entries (`x`, `(x; y)`),
        through definitions that only rename (`y = \\dot{x}`)."""
        if t[0] == "mat":
            return set().union(*(self._bare_leaves(entry) for row in t[1] for entry in row))
        seen: set[str] = set()
        while t[0] == "name" and t[1] not in seen and t[1] in self.section.definitions:
            seen.add(t[1])
            t = self.section.definitions[t[1]]
        return {t[1]} if t[0] == "name" and t[1] not in self.section.definitions and self.section.given(
            t[1]) is None else set()

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
        if not _names(target) & (set(self.section.definitions) | {wrt[1], self.section.loss}):
            # `\\frac{\\partial g_0}{\\partial a_0}`, `\\frac{\\partial \\chi^2}{\\partial a_1}`, with g or chi given
            # only in words or by what this reader does not hold: zero only if it does not depend on a, which nothing
            # here says (the loss is the adjoints' own)
            raise LookupError(f"nothing in reach defines {', '.join(sorted(_names(target)))}, which is differentiated")
        if unknowns := self._bare_leaves(target) - {wrt[1], self.section.loss}:
            # `\\frac{d}{dt}(x; y) = (y; -kx/m)` after `y = \\dot{x}`: a name differentiated on its own is a function of
            # the variable the text solves for (a differential equation), no constant whose derivative is 0
            raise LookupError(f"it differentiates {', '.join(sorted(unknowns))}, which nothing in reach defines: an "
                              f"unknown function of {wrt[1]} (a differential equation)")
        return self.gradient(lambda: self.value(target, index), wrt[1], entry, self.shapes.across and len(t) > 3)


def _ancestors(section: MatrixSection, name: str) -> set[str]:
    """Every name a defined name depends on, through its definitions."""
    found: set[str] = set()
    todo = [name]
    while todo:
        for n in _names(section.definitions.get(todo.pop(), ())) - found:
            found.add(n)
            todo.append(n)
    return found


def _loose(t: Any, letter: str) -> bool:
    """Whether an expression uses a letter as an index outside every sum over it (`y_i`, not `\\sum_i y_i`): a free
    index, whose values a comparison runs over."""
    if not isinstance(t, (tuple, list)) or isinstance(t, tuple) and t and t[0] == "sum" and t[1] == letter:
        return False
    if isinstance(t, tuple) and t and t[0] == "idx" and letter in t[2] or isinstance(t, tuple) and t and t[0] not in (
            "name", "sum") and letter in t[1:]:  # an index, or a letter another node holds (a Kronecker delta's)
        return True
    return any(_loose(x, letter) for x in t)


def _bounds(t: Any) -> set[str]:
    """The letters a sum runs to (`\\sum_{i=1}^{n}`): names of dimensions."""
    if not isinstance(t, (tuple, list)):
        return set()
    own = {t[3]} if isinstance(t, tuple) and len(t) > 3 and t[0] == "sum" and isinstance(t[3], str) else set()
    return own.union(*(_bounds(x) for x in t)) if t else own


def _ordinary_variables(text: str) -> set[str]:
    """The names a text differentiates by with an upright d (`t` in `\\frac{dy_1}{dt}`): an ordinary derivative's
    variable, a scalar (a gradient by a vector is written with \\partial or \\nabla)."""
    return {m.lstrip("\\") for m in re.findall(r"\\frac\{\s*d[^{}]*\}\{\s*d\s*(\\?[A-Za-z]+)\s*\}", text)}


def _entry_names(t: Any) -> set[str]:
    """The names a written-out matrix of several rows uses in its entries (`r`, `a_t` in `[1 + r, 0; 0, 1]`,
    `[a_t; 1]`): numbers, whatever their letter's case suggests (one row may be a row of columns, `(x_1  x_2)`)."""
    if not isinstance(t, (tuple, list)):
        return set()
    if isinstance(t, tuple) and t and t[0] == "mat" and len(t[1]) > 1:
        return {n for row in t[1] for item in row for n in _names(item)}
    return set().union(*(_entry_names(x) for x in t))


def _per_example(t: Any) -> set[str]:
    """The names labelled by the index of a sum they are in (`a^(i)` under `\\sum_i`): one example's values."""
    if not isinstance(t, (tuple, list)):
        return set()
    if isinstance(t, tuple) and t and t[0] == "sum" and t[1]:
        return {n for n in _names(t[2]) if n.endswith(f"^({t[1]})")} | _per_example(t[2])
    return set().union(*(_per_example(x) for x in t)) if t else set()


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
    # `y \\in \\mathbb{R}^m.` ends a sentence: the period is no part of the size
    m = DECLARATION.match(re.sub(r"^(?:\\[,;:! ]\s*)+", "", statement.strip().rstrip(".").rstrip()))
    if not m:
        return statement
    sides = split_top_level(m.group(1), ("=",))
    try:  # `W_1, W_2 \\in \\mathbb{R}^{5 \\times 5}`: each name of a list
        keys = [parse_side(part, set()) for part in split_top_level(sides[0], (",",))]
    except Unread:
        return statement
    if any(key[0] != "name" for key in keys) or len(keys) > 1 and len(sides) > 1:
        return statement
    dims = [d.strip() for d in re.split(r"\\times|\\cdot|,", m.group(2) or "")] if m.group(2) else []  # `m, n`
    sizes = [int(d) if d.isdigit() else _size_key(d) for d in dims]
    for key in keys:
        if m.group(2):
            section.matrices.add(key[1])
        section.declared[key[1]] = ((sizes[0], 1, 1) if len(sizes) == 1 else (sizes[0], sizes[1], 2) if sizes else
                                    (1, 1, 0))
    return "=".join(sides) if len(sides) > 1 else ""


def declare_ahead(section: MatrixSection, spans: list[str]) -> None:
    """Record a cell's declarations before its equations are read: `where $X \\in \\mathbb{R}^{n \\times m}$` after
    the formula that uses X sizes X there too."""
    for span in spans:
        if "=" not in span and DECLARATION.match(span.strip().rstrip(".").rstrip()):
            _declare(section, span)


def _rows_of(section: MatrixSection) -> dict[str, tuple[str, str, str]]:
    """`x` for each matrix `X` declared with two sizes that differ (`\\mathbf{x}` for `\\mathbf{X}`), whose lower-case
    name nothing gives: the name a course writes the matrix's rows or columns by (`\\sum_{i=1}^n (w^T x_i - y_i)^2 =
    \\lVert Xw - y \\rVert^2`), with the sizes that tell which."""
    given = section.names() | set(section.inputs)
    return {low: (name, str(shape[0]), str(shape[1])) for name, shape in section.declared.items()
            if shape[2] == 2 and shape[0] != shape[1] and name[-1:].isupper()
            and (low := name[:-1] + name[-1].lower()) not in given}


def _size_key(size: str) -> str:
    """A symbolic size as one key, however it is spaced or bracketed (`M+1`, `(M + 1)`: one size, sampled once)."""
    size = re.sub(r"\s+|\\left|\\right", "", size).lstrip("\\")
    while size.startswith("(") and size.endswith(")") and _balanced(size[1:-1]):
        size = size[1:-1]
    return size


def _balanced(text: str) -> bool:
    """Whether every round bracket of a text closes one it opened (`M+1`, not `a)(b`)."""
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def read_matrix_statement(section: MatrixSection, statement: str) -> Verdict | None:
    """Record what a statement declares or defines, and check what it claims; None if it is no equation.

    `W_1` is W's first entry (row) only where this section gave W; beside a W of an earlier section it is a
    name of its own (a layer's weight).
    """
    earlier = frozenset(n for n in section.known() - section.own - set(section.declared) if not n.startswith("bar "))
    # `x \in \mathbb{R}`, a scalar, beside `{\bf x} = [x_1; x_2]`: x_1 is the bold vector's entry, none of x's
    scalars = frozenset(n for n, shape in section.declared.items() if shape == (1, 1, 0))
    token = OWN_NUMBERED.set(earlier | scalars)
    mapped = MAPPED.set(frozenset(set(section.functions) - set(section.definitions)))
    rows = ROWS_OF.set(_rows_of(section))
    greek = GREEK_MATRICES.set(frozenset(n for n in CAPITAL_GREEK if n in section.known() | set(section.declared) or (
        re.match(rf"\s*\\{n}\s*(?:=\s*\\begin\{{[pbB]?matrix\}}|\\in(?![A-Za-z]))", statement))))
    # a scalar, not a vector the reader guesses (`Y = [0, -i; i, 0] = iXZ`), where no sum or subscript runs over i
    imaginary = section.declared.get("i", (1, 1, 0)) == (1, 1, 0) and IMAGINARY.search(statement) is not None and (
        not re.search(r"_\s*(?:\{[^}]*\bi\b|i\b)|\\sum", statement))  # `x_i`, `W_{ij}`: an index
    if imaginary:
        section.declared["i"] = (1, 1, 0)
    before, maps = dict(section.definitions), dict(section.functions)
    key = re.sub(r"\s+", "", statement).rstrip(".,")
    if (stated := section.stated.get(key)) and section.definitions.get(stated[0]) is stated[1]:
        # `y_i = \\sum_j w_j x_{ij} + b` written again (the same formula in a translation's cell): nothing new
        return Verdict("identity", True)  # a definition written again, word for word: it holds
    unit = IMAGINARY_UNIT.set(imaginary)
    try:
        verdict = _elsewhere(section, statement, _read(section, statement))
        if verdict is None or verdict.ok is None:  # a chain left unread or unchecked: its links of numbers alone
            verdict = _numbers_failure(section, statement) or verdict  # are still arithmetic
        return verdict
    finally:
        IMAGINARY_UNIT.reset(unit)
        OWN_NUMBERED.reset(token)
        MAPPED.reset(mapped)
        ROWS_OF.reset(rows)
        GREEK_MATRICES.reset(greek)
        if imaginary:
            section.declared.pop("i", None)
        made = {n: d for n, d in section.definitions.items() if before.get(n) is not d}
        section.defined_under.update({n: section.subsection for n in made})
        section.defined_under.update({n: section.subsection for n, f in section.functions.items()
                                      if maps.get(n) is not f})
        if len(made) == 1:
            section.stated[key] = next(iter(made.items()))


def _numbers_fail(section: MatrixSection, statement: str) -> bool:
    """Whether a link of a chain between sides that write numbers alone (matrices written out) fails: arithmetic, wrong
    whatever example the chain's names belong to."""
    return _numbers_failure(section, statement) is not None


def _numbers_failure(section: MatrixSection, statement: str) -> Verdict | None:
    """The first failing link between sides that write numbers alone (see `_numbers_fail`), whatever the other sides
    are (`\\mathrm{SWAP} = \\Lambda(X)_{1,2} ... = [...][...][...] = [...]`, its first side unread), or None."""
    try:
        sides = [s.strip() for s in split_top_level(expand_layers(statement), ("=",))]
    except Unread:
        return None
    bare = [_numbers_alone(side) for side in sides]
    verdicts = (_claim(section, sides[k], sides[k + 1], scalar_too=True) for k in range(len(sides) - 1)
                if bare[k] and bare[k + 1])
    return next((v for v in verdicts if v.ok is False), None)


def _numbers_alone(side: str) -> bool:
    """Whether a side writes numbers alone (matrices written out), and is read; a function applied to numbers
    (`\\mathbf{r}(1)`) is not: its value is whichever function the text means."""
    try:
        tree = parse_side(side, set())
    except Unread:
        return False
    return not _names(tree) and not _called(tree)


def _elsewhere(section: MatrixSection, statement: str, verdict: Verdict | None) -> Verdict | None:
    """A failing claim that reads a name another subsection (`###`) of this section defined is unchecked: that
    subsection gives an example of its own (`### Zero order`: F = [1]; `### First order`: `[x; \\dot x] = F [x;
    \\dot x]`, the F it is about to set). So is one that reads an earlier section's name beside matrices it writes out
    for its own example (see `_written_for`)."""
    if verdict is None or verdict.ok is not False:
        return verdict
    try:
        trees = [parse_side(side, set(section.definitions)) for side in statement.split("=")]
    except Unread:
        return verdict
    # the functions it applies too (`\\mathbf{r}(1)`, after an earlier exercise's `\\mathbf{r}(t) = (t, 4t^2+t+1)`)
    written = set().union(*(_names(t) | _called(t) for t in trees))
    if _numbers_fail(section, statement):  # `u_1 = \\frac{1}{\\sigma_1} A v_1 = \\frac{1}{3}[...][...] = [...]`
        return verdict  # wrong whichever u_1 it meant
    # a name the section's opening defines in general (`P_v = V V^T`) reads the V a subsection's example wrote out;
    # one this subsection defines (`\mathbf{u} = \mathbf{g}(x)`) may read another's (g written out with 4 entries)
    general = {n for n in written if section.defined_under.get(n) in ("", section.subsection)}
    read = written | set(_reached(section, general))
    read |= {f for n in read & set(section.definitions) for f in _called(section.definitions[n])}
    other = sorted({section.defined_under[n] for n in read & set(section.defined_under)} - {"", section.subsection})
    if other:
        return Verdict("unchecked", reason=f"it reads the example of another subsection ({', '.join(other)}), which "
                                           f"may not be the one it means ({verdict.message})")
    examples = sorted({section.origin[n] for n in written & set(section.origin) - section.own
                       if EXAMPLE_HEADING.search(section.origin[n])})
    if examples:  # `## A Visual Example in R^3`: u_1 = [2; 5; -1], then `# Orthonormal Sets`: u_i^T u_i = 1
        return Verdict("unchecked", reason=f"it reads an earlier section's example ({', '.join(examples)}), which "
                                           f"may not be the one it means ({verdict.message})")
    if (examples := _examples_read(section, statement, written)):
        return Verdict("unchecked", reason=f"it reads an earlier section's example ({', '.join(examples)}), which "
                                           f"may not be the one it means ({verdict.message})")
    earlier = written & set(section.definitions) - section.own
    if earlier and (verdict.message.startswith("the shapes do not agree") and WRITTEN_OUT.search(statement)
                    or _written_for(section, statement, earlier)):
        return Verdict("unchecked", reason=f"it reads {', '.join(sorted(earlier))} as an earlier section defined it, "
                                           "beside the matrices it writes out for an example of its own, which may "
                                           f"be what it means ({verdict.message})")
    return verdict


def _examples_read(section: MatrixSection, statement: str, written: set[str]) -> list[str]:
    """The example subsections of earlier sections (`## Linear Systems / ### Example 1`: A = [1, 3; 1, -2]) whose
    definitions a failing claim rests on: read without them (as names of its own: "Let $A$ and $B$ be two random 4×4
    matrices", then `(AB)^{-1} = B^{-1}A^{-1}`), with what was built on them, it no longer fails. A claim that fails
    without them too (a Jacobian this section's own definitions give) is still reported."""
    names = {n for n in written & set(section.example) - section.own if EXAMPLE_HEADING.search(section.example[n])}
    if not names:
        return []
    fresh, gone = deepcopy(section), set(names)
    while found := {n for n, tree in fresh.definitions.items() if n in gone or _names(tree) & gone}:
        gone |= found  # and what this section built on them (`X = A^{-1}B`, which sizes B by that A)
        for name in found:
            fresh.definitions.pop(name)
    if (verdict := _read(fresh, statement)) is not None and verdict.ok is False:
        return []
    return sorted({section.example[n] for n in names})


# a matrix or vector written out entry by entry
WRITTEN_OUT = re.compile(r"\\begin\{[pbBvV]?matrix\}")


def _written_for(section: MatrixSection, statement: str, names: set[str]) -> bool:
    """Whether a link of a chain writes out a matrix where the link before it has one of these names (`\\mathbf{A}
    \\vec{y} = \\begin{bmatrix} 3 & 2 \\\\ -6 & 1 \\end{bmatrix} \\vec{y}`): the text gives that name's entries for
    the example at hand, not a claim about the entries an earlier section gave it."""
    def standing(t: Any, placed: Any) -> Any:
        """The tree with what `placed` picks replaced by one placeholder name."""
        return _rewritten(t, lambda x: ("name", "Qplaced") if placed(x) else None)

    sides = split_top_level(statement, ("=",))
    for a, b in zip(sides, sides[1:]):
        try:
            trees = [parse_side(side, section.known()) for side in (a, b)]
        except Unread:
            continue
        named = [standing(t, lambda x: isinstance(x, tuple) and x[:1] == ("name",) and x[1] in names) for t in trees]
        shown = [standing(t, lambda x: isinstance(x, tuple) and x[:1] in (("mat",), ("vec",))) for t in trees]
        if named[0] == shown[1] != trees[1] or named[1] == shown[0] != trees[0]:
            return True
    return False


# whether the statement being read writes i as the imaginary unit (see IMAGINARY), a scalar whose square is -1
IMAGINARY_UNIT: contextvars.ContextVar[bool] = contextvars.ContextVar("imaginary_unit", default=False)
# `\begin{bmatrix} 0 & -i \\ i & 0 \end{bmatrix}`, `e^{i\theta}`: i written as the imaginary unit, an entry of its own
# ... and `(-5 + 2i) + (1 + i)\\,2i`: i after a digit, or alone after a sign in a bracket, in complex arithmetic
IMAGINARY = re.compile(r"(?:^|[&{]|\\\\)\s*-?\s*i\s*(?=&|\\\\|\\end)|e\s*\^\s*\{\s*-?\s*i(?![A-Za-z])|"
                       r"\d\s*i(?![A-Za-z_])|[-+]\s*i\s*\)")


# `R_1(-\\frac{2\\pi}{3})`: a named map (a letter, a subscript) applied to what its bracket holds
WRITTEN_MAP = re.compile(r"\s*\\?([A-Za-z]+)(?:_\{?(\w+)\}?)?\s*\((.*)\)\s*$")


def _applies_written_map(section: MatrixSection, side: str) -> bool:
    """Whether a side applies, at a point other than a bare name, a map this notebook wrote out as a matrix; or
    writes a matrix it defined, at a number (`S(2.5)` for S's entries at R = 2.5, its parameter)."""
    applied = WRITTEN_MAP.match(side)
    if applied is None or re.fullmatch(r"\s*\\?[A-Za-z]+\s*", applied.group(3)):
        return False
    name = f"{applied.group(1)}_{applied.group(2)}" if applied.group(2) else applied.group(1)
    if name in section.matrices and name in section.definitions and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*",
                                                                                   applied.group(3)):
        return True
    return name in section.functions and section.functions[name][1][0] == "mat"


def _declared_orthogonal(section: MatrixSection, statement: str) -> str:
    """The matrix a statement declares orthogonal (`U^T U = I`; `Q^{-1} = Q^T` of a matrix nothing gives entries,
    the property it has), or ""."""
    if orthogonal := ORTHOGONAL.fullmatch(statement):
        return orthogonal.group(1) or orthogonal.group(2)
    if inverse := INVERSE_IS_TRANSPOSE.fullmatch(statement):
        name = parse_side(inverse.group(1) or inverse.group(3), set())[1]
        return name if name not in section.definitions else ""
    return ""


def _read(section: MatrixSection, statement: str) -> Verdict | None:
    """What read_matrix_statement does, with the numbered names settled."""
    statement = _declare(section, statement)
    if SVD.fullmatch(statement):
        section.orthogonal |= {"U", "V"}  # a singular value decomposition's U and V are orthogonal
    if orthogonal := _declared_orthogonal(section, statement):
        section.orthogonal.add(orthogonal)
        return Verdict("definition", reason="it declares the matrix orthogonal: its values are drawn so")
    if "\\sim" in statement and not re.search(r"=|\\approx", statement):
        _distribution(section, statement)
        return None
    if STATISTICS.search(statement) and re.search(r"=|\\approx", statement):
        return _statistic_claim(section, statement)
    if DAGGER_NAME.search(statement):
        return Verdict("unchecked", reason="it writes a daggered matrix (`A^\\dagger`, `Q^{-1} = Q^\\dagger = Q^T`: a "
                                           "pseudo-inverse or an adjoint), which the reader does not compute")
    gap = bool(SCALAR_GAP.search(statement))  # one prime, change or dots in a chain makes it all this reader's
    if all(DIFFERENTIAL.search(side) for side in split_top_level(statement, ("=",))[:2]) and "=" in statement:
        return Verdict("unchecked", reason="a relation between differentials (`d\\sigma(X) = \\sigma'(X) \\odot dX`): "
                                           "d is no factor, and the reader takes no differentials")
    if ITERATE.search(statement):
        return Verdict("unchecked", reason="an iteration superscript on a vector (`\\mathbf{w}^0`, `{\\bf r}^{k+1}`): "
                                           "the name of an iterate, not a power")
    if unsized := _unsized_matrix(statement):
        _forget(section, statement)
        return Verdict("unchecked", reason=unsized)
    try:
        statement = expand_layers(statement)
    except Unread as exc:
        _forget(section, statement)
        return Verdict("unchecked", reason=f"the matrix reader cannot read it: {exc}")
    if "\\approx" in statement:
        return _approximation(section, statement)
    if SELF_DEPENDENCE.fullmatch(statement):
        _forget(section, statement)
        return Verdict("unchecked", reason="a dependence (`x = x(t)`, `y_i = y_i(d_i)`): the name is a function of "
                                           "what the brackets hold, which nothing here defines; no claim")
    sides = [s.strip() for s in split_top_level(statement, ("=",))]
    if len(sides) > 1 and _applies_written_map(section, sides[0]):
        return Verdict("unchecked", reason="a map the text writes out as a matrix (`R_1(\\theta) = "
                                           "\\begin{bmatrix} 1 & 0 \\\\ 0 & e^{i\\theta} \\end{bmatrix}`), or a "
                                           "matrix at a value of its parameter (`S(2.5)`), at a point: the reader "
                                           "does not apply it")
    if len(sides) < 2 or not all(sides) or "\\Longrightarrow" in statement:
        if "\\Longrightarrow" in statement:
            parts = [p for p in re.split(r"\\Longrightarrow", statement) if p.strip()]
            verdicts = [_read(section, p) for p in parts]
            return _worst([v for v in verdicts if v is not None])
        return None
    left = None
    lone: set[str] = set()  # the leaves of a name this chain defines by its first link that only that link uses
    try:
        known = section.known()
        sides[0] = _without_variable(section, sides[0])
        left = parse_side(sides[0], known, _free_indices(sides[0], known))
        if verdict := _given_change(section, left, sides[1], known, len(sides)):
            return verdict
        if verdict := _notation(section, left, sides[1]):
            if len(sides) == 2:
                return verdict
            sides = sides[1:]  # `\\bar{y} = \\nabla_y L = \\mathbf{1}`: the notation, then a claim about it
        elif verdict := _definition(section, left, sides[1], known, sides[0], len(sides) > 2):
            if len(sides) == 2:
                return verdict
            sides = sides[1:]
            # a map's parameter (`\\hat{R}(w) = ... = \\frac{1}{n}\\lVert Xw - y \\rVert^2`) and declared names are no
            # names the chain introduces: its links are identities in them
            parameter = {left[2][1]} if left[0] == "call" and left[2][0] == "name" else set()
            section.named |= {n for side in sides[1:] for n in _names(parse_side(side, known, _free_indices(
                side, known))) if not _given(section, n)} - parameter - set(section.declared)
            lone = _chain_leaves(section, left, sides, known)
        about = _about_definitions(section, sides)
        derivative = bool(re.search(r"\\(?:partial|nabla|bar|Delta)(?![A-Za-z])|'|\\frac\{d", statement))
        verdicts = [Verdict("unchecked", reason=CHAIN_LEAF.format(names=", ".join(sorted(leaves)))) if (
            leaves := _one_sided(lone, a, b, known)) else
            _claim(section, a, b, scalar_too=gap, about=about, derivative=derivative) for a, b in zip(sides, sides[1:])]
        if len(sides) == 2 and verdicts[0].kind == "unchecked":
            _given_by_entries(section, left)
        if any(v.reason != SCALAR for v in verdicts):  # one link is this reader's: so is the whole chain
            verdicts = [_claim(section, a, b, scalar_too=True, about=about, derivative=derivative)
                        if v.reason == SCALAR else v for v, (a, b) in zip(verdicts, zip(sides, sides[1:]))]
    except Unread as exc:
        if left is not None and len(sides) == 2:
            _given_by_entries(section, left)
        return Verdict("unchecked", reason=f"the matrix reader cannot read it: {exc}")
    worst = _worst(verdicts)
    if worst is not None and worst.ok is False and len(sides) == 2 and _null_space_equation(section, sides):
        return Verdict("unchecked", reason=NULL_SPACE)
    if worst is not None and worst.ok is False and len(sides) == 2 and _eigen_equation(section, sides):
        return Verdict("unchecked", reason=EIGEN)
    return worst


EIGEN = ("an eigenvalue equation (`\\mathbf{S} \\mathbf{u}_{k+1} = \\lambda_{k+1} \\mathbf{u}_{k+1}`): it says which "
         "vector and number the text means, which nothing gives a value; no identity in them")


def _eigen_equation(section: MatrixSection, sides: list[str]) -> bool:
    """Whether an equation is `M v = \\lambda v`: one vector on both sides, times a matrix on one and on the other a
    scalar that nothing defines or gives a value."""
    try:
        left, right = (parse_side(side, section.known()) for side in sides)
    except Unread:
        return False
    for a, b in ((left, right), (right, left)):
        if a[0] == "prod" and b[0] == "prod" and a[2] == b[2] and b[1][0] in ("name", "idx") and (
                b[1][1] if b[1][0] == "name" else b[1][1][1]) not in section.definitions and section.given(
                b[1][1] if b[1][0] == "name" else b[1][1][1]) is None:
            return True
    return False


NULL_SPACE = ("a singular matrix written out times a vector, set to 0 (`(S - 5.185 I) v = 0`, an eigenvector's "
             "equation), which the vector's value does not meet: an equation for the vector, which the text solves "
             "next, or meets to the digits of a rounded eigenvector")


def _null_space_equation(section: MatrixSection, sides: list[str]) -> bool:
    """Whether an equation sets a written-out matrix of numbers times one name to 0 (`\\begin{pmatrix}104.8 & 51 \\\\
    51 & 24.82\\end{pmatrix} \\mathbf{v} = 0`) where the matrix is singular to the digits written: the equation for
    its null space, true of the vector the text finds, not of what the name held before."""
    try:
        trees = [parse_side(side, section.known()) for side in sides]
    except Unread:
        return False
    zero = [t for t in trees if t == ("num", 0.0) or t[0] == "vec" and all(x == ("num", 0.0) for x in t[1])]
    product = [t for t in trees if t[0] == "prod" and t[1][0] == "mat" and t[2][0] == "name" and not _names(t[1])]
    if not zero or not product:
        return False
    rows = [[x[1] if x[0] == "num" else -x[1][1] if x[0] == "neg" and x[1][0] == "num" else None for x in row]
            for row in product[0][1][1]]  # `-24.8` is read as the negation of 24.8
    if len(rows) < 2 or any(len(row) != len(rows) or None in row for row in rows):
        return False
    matrix = Tensor.build(len(rows), len(rows), lambda i, j: rows[i][j])
    scale = math.prod(math.sqrt(sum(x ** 2 for x in row)) for row in rows)
    return bool(scale) and abs(matrix.determinant()) <= 1e-2 * scale


CHAIN_LEAF = ("a link that relates {names}, which only this chain's own first link uses, to what the other side "
              "writes without it (`a_i = \\|x_i\\| \\cos \\theta = x_i^\\top u`, the angle theta): an equation for "
              "it, no identity; the name is defined by the chain's last side")


def _one_sided(lone: set[str], a: str, b: str, known: set[str]) -> set[str]:
    """The names of `lone` that one side of a link writes and the other does not (both sides read, as the claim
    would read them: a side the reader cannot read leaves the chain unread)."""
    return lone & (_names(parse_side(a, known)) ^ _names(parse_side(b, known)))


def _chain_leaves(section: MatrixSection, left: Tree, sides: list[str], known: set[str]) -> set[str]:
    """The leaves of the name a chain has just defined by its first link that nothing else uses, declares or gives
    (`a_i = \\|x_i\\| \\cos \\theta = x_i^\\top u`: theta), where the chain's last side does without them; the name is
    then defined by that last side, which is what the text goes on to use."""
    name = left[1] if left[0] == "name" else None
    if name is None or name not in section.definitions:
        return set()
    others = {n for other, d in section.definitions.items() if other != name for n in _names(d)}
    leaves = {n for n in _names(section.definitions[name]) if n not in others and n not in section.declared
              and section.given(n) is None and n not in section.definitions}
    try:
        last = parse_side(sides[-1], known)
    except Unread:
        return set()
    bases = {n.split("_")[0] for n in _names(last)}  # `\\sum_{i=1}^4 a_i^2 = (a_1 ... a_4)(...)`: a's entries
    if not (lone := {n for n in leaves - _names(last) if n.split("_")[0] not in bases}):
        return set()
    section.definitions[name] = last
    return lone


def _given_by_entries(section: MatrixSection, left: Tree) -> None:
    """Record the names a written-out vector on the left of an unread statement gives (`(\\hat{x}_i; \\hat{y}_i) = a_i
    u`: the text defines them so), and their family (`x - \\hat{x}`): what reaches them depends on that definition."""
    if left[0] in ("mat", "vec") and (entries := _names(left) - set(section.definitions)):
        section.by_entries |= entries | {n.split("_")[0] for n in entries}


def _given_change(section: MatrixSection, left: Tree, right: str, known: set[str], links: int) -> Verdict | None:
    """`\\Delta x = l`: the step of a name nothing defines, given as a formula in names (a random walk's step
    length), or written out beside a defined point (`\\Delta x = [0.5, 0.5]^T`); later `\\Delta x` is it. A number
    (`\\Delta x = 0.1`) stays a step a first-order `\\approx` makes small."""
    if links != 2 or left[0] != "delta" or left[1][0] != "name":
        return None
    tree, name = parse_side(right, known, _free_indices(right, known)), left[1][1]
    # numbers alone are the step of a name nothing defines, unless written out beside a defined point (`\\Delta x =
    # [0.5, 0.5]^T` beside x = [1, 1]^T): then they are the step the text takes, not what a change of a constant makes
    given = tree[0] in ("vec", "mat", "T") and name in section.definitions
    if name in _names(tree) or not _names(tree) and not given:
        return None
    section.changes[name] = tree
    return Verdict("definition")


def _without_variable(section: MatrixSection, side: str) -> str:
    """A defined vector or matrix written with its variable (`\\vec{y}_P(t)`, `\\mathbf{Y}(t)`) as the bare name: the
    name is a function of that variable, not the name times it."""
    applied = re.fullmatch(r"\s*(.+?)\s*\(\s*([a-z])\s*\)\s*", side, re.DOTALL)
    if applied is None or applied.group(2) in section.definitions or section.given(applied.group(2)) is not None:
        return side
    try:
        head = parse_side(applied.group(1), section.known())
    except Unread:
        return side
    return applied.group(1) if head[0] == "name" and head[1] in section.definitions else side


# `A_{dagger}`, as nbtruth.statements writes `A^\\dagger`
DAGGER_NAME = re.compile(r"_\{dagger\}")
# `dX`, `d\\sigma(X)`, `dW`: a differential of a matrix or of a named map (d before a capital or a command)
DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])d(?:\\(?!frac|left|right|cdot|odot|times)[A-Za-z]+|[A-Z])")


def coded_subscript(sub: str) -> str:
    """A subscript as the scalar reader spells it inside a name: SymPy's parser reads no digit inside \\mathit{}, so
    each digit is Q and a letter (`1` -> `Qb`), a minus Qx, a plus Qy (`l-1` -> `lQxQb`)."""
    return re.sub(r"[\d+-]", lambda m: "Q" + ("abcdefghij"[int(m.group(0))] if m.group(0).isdigit() else
                                             "xy"["-+".index(m.group(0))]), sub)


def _coded(name: str) -> str:
    """A subscripted name as the scalar reader spells it (`rho_1` -> `rhosubQb`, `h_l-1` -> `hsublQxQb`)."""
    base, underscore, sub = name.partition("_")
    return base + "sub" + coded_subscript(sub) if underscore and " " not in base else name


def _unsized_matrix(statement: str) -> str | None:
    """Why a matrix the statement writes has no size the reader can take: `\\vdots`, `\\cdots` (a size N), or
    columns set apart by spacing instead of `&` (`\\begin{bmatrix} 1 \\,\\, 0 \\\\ 0 \\,\\, 1 \\end{bmatrix}`)."""
    for body in re.findall(r"\\begin\{([bpvBV]?matrix|array)\}(.*?)\\end\{\1\}", statement, re.DOTALL):
        text = body[1]
        if re.search(r"\\[vcdl]dots", text):
            return "a matrix written with dots (\\vdots, \\cdots): its size is a letter's, not a fixed one"
        rows = [r.strip() for r in re.split(r"\\\\", text) if r.strip()]
        gap = r"[\w}.)]\s*(?:\\[,;:!]|\\q?quad|~|\\ )+\s*[-\w\\{(]"
        if "&" not in text and rows and all(re.search(gap, r) for r in rows):
            return "a matrix whose columns are set apart by spacing, not &: how many columns it has is not read"
    return None


def _forget(section: MatrixSection, statement: str) -> None:
    """A statement that defines a name by what the reader cannot read: the name's old definition is no longer in
    force (`\\mathbf{C} = [2 \\times 2]`, then `\\mathbf{C} = [N \\times N]` with dots)."""
    try:
        left = parse_side(split_top_level(statement, ("=",))[0], section.known())
    except Unread:
        return
    name = left[1] if left[0] in ("name", "call") else None
    if name and "=" in statement:
        for table in (section.definitions, section.declared, section.functions):
            table.pop(name, None)
        section.own.discard(name)
        section.matrices.discard(name)


def _worst(verdicts: list[Verdict]) -> Verdict | None:
    """The failed verdict, else an unchecked one, else the first."""
    if not verdicts:
        return None
    return next((v for v in verdicts if v.ok is False), next((v for v in verdicts if v.kind == "unchecked"),
                                                              verdicts[0]))


def _labels_of(base: str, sub: str, known: set[str]) -> bool:
    """Whether the text gave the base another subscript made of these letters (`S_x`, `S_{xx}` beside `S_{xy}`)."""
    return any(name.startswith(f"{base}_") and name[len(base) + 1:].isalpha() and set(name[len(base) + 1:]) <= set(sub)
               for name in known)


def _free_indices(latex: str, known: set[str]) -> set[str]:
    """The single letters a side uses as subscripts of a known name: its free indices (not a label's letters)."""
    found = set(re.findall(r"_\{?([a-z])\}?(?![A-Za-z,-])", latex))
    found |= {c for grp in re.findall(r"_\{([a-z0-9-]+,[a-z]+)\}", latex) for c in grp.split(",")[-1]}
    # `S_{xy}` where the text gave `S_x` or `S_{xx}`: one of a family of labels, not two indices
    found |= {c for base, sub in SUBSCRIPT.findall(latex) if not _label(base, sub, latex)
              and not _labels_of(base.lstrip("\\"), sub, known) for c in sub}
    return {c for c in found if c not in known | _label_letters(known) and len(c) == 1}


def _label_letters(known: set[str]) -> set[str]:
    """The letters names met so far have as their whole subscript, one base with two of them, where nothing ran
    over them (`T_i` and `T_f` in `W_t = m c_v (T_i - T_f)`): they label states (initial, final), so `V_i` is a name
    too, no vector's entries."""
    subscripts: dict[str, set[str]] = {}
    for name in known:
        if m := re.fullmatch(r"(\\?[A-Za-z]+)_([a-z])", name):
            subscripts.setdefault(m.group(1), set()).add(m.group(2))
    return set().union(*(letters for letters in subscripts.values() if len(letters) > 1))


def _label(base: str, sub: str, latex: str) -> bool:
    """Whether a subscript of lower-case letters is a label (`q_{in}`, `y_{ref}`: part of a scalar's name), not
    indices: three letters or more always (no tensor is read); two unless the name is a capital (`A_{ij}`), or the
    formula uses each letter as an index elsewhere too (`y_i`, `\\sum_j`)."""
    if len(sub) > 2:
        return True
    if base[:1].isupper():
        return False
    single = set(re.findall(r"(?:_|\\sum_)\{?([a-z])\}?(?![A-Za-z])", latex))
    return not set(sub) <= single


def _matrix_syntax(text: str) -> bool:
    """Whether a formula writes vector or matrix syntax, entries `W_{ij}` included (labels such as `q_{in}` not)."""
    return bool(MATRIX_SYNTAX.search(text)) or any(not _label(b, s, text) for b, s in SUBSCRIPT.findall(text))


def _notation(section: MatrixSection, left: Tree, right: str) -> Verdict | None:
    """`\\bar{y} = \\nabla_y L`: the loss the bars refer to."""
    m = re.fullmatch(r"\\nabla_\{?(.+?)\}?\s*(\\?[A-Za-z])|"
                     r"\\frac\{(?:d|\\partial)\s*(\\?[A-Za-z])\}\{(?:d|\\partial)\s*"
                     r"(.+?)\}", right.strip())
    if not (left[0] == "name" and left[1].startswith("bar ") and m):
        return None
    loss = (m.group(2) or m.group(3)).lstrip("\\")
    wrt = parse_side(m.group(1) or m.group(4), section.known())
    if wrt[0] == "name" and wrt[1] != left[1][4:] and _given(section, wrt[1]) and left[1] not in section.notations:
        # `\\bar{Y} = \\nabla_{\\hat{Y}} L`: this bar names the loss's gradient by another name
        section.definitions[left[1]] = ("grad", ("name", loss), wrt)
        section.notations.add(left[1])
        section.own.add(left[1])
        section.loss = section.loss or loss
        return Verdict("definition")
    if loss in section.names() and section.loss == loss:
        return None
    section.loss = loss
    return Verdict("definition")


def _uses(t: Any, ops: set[str]) -> bool:
    """Whether an expression contains one of these operations."""
    if not isinstance(t, (tuple, list)):
        return False
    return bool(isinstance(t, tuple) and t and isinstance(t[0], str) and t[0] in ops) or any(_uses(x, ops) for x in t)


def _written_out_anew(section: MatrixSection, name: str, right: str, known: set[str]) -> bool:
    """Whether a chain opens by giving a matrix written out in numbers other numbers (`\\rho = [1, 0; 0, 0] =
    \\rho^2` after `\\rho = [1/2, 0; 0, 1/2]`, the next case of a list): a new value, which its later links use."""
    old = section.definitions.get(name)
    if old is None or _names(old) or not _uses(old, {"mat", "vec"}):
        return False
    try:
        new = parse_side(right, known - {name}, _free_indices(right, known))
    except Unread:
        return False
    return not _names(new) and _uses(new, {"mat", "vec"}) and new != old


def _definition(section: MatrixSection, left: Tree, right: str, known: set[str], name_text: str = "",
                chained: bool = False) -> Verdict | None:
    """`Y = XW^\\top` or `g(x) = ...` for a name this section has not defined: record it."""
    # `g(x) = ...`; and `\\phi(x) = \\begin{bmatrix} 1 \\\\ x_1 \\\\ x_1^2 ... \\end{bmatrix}`: a feature map defined,
    # not the activation phi applied entry by entry
    mapped = left[0] == "fn" and left[1] in ("phi", "psi") and "\\begin{" in right
    # `R_1(\\theta) = \\begin{bmatrix} 1 & 0 \\\\ 0 & e^{i\\theta} \\end{bmatrix}`: a capital's map of its argument,
    # written out, not the capital times the argument
    if left[0] == "prod" and left[1][0] == "name" and left[2][0] == "name" and "\\begin{" in right and re.fullmatch(
            r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\(\s*\\?[A-Za-z]+\s*\)\s*", name_text) and re.search(
            rf"{re.escape(left[2][1])}(?![A-Za-z])", right):
        left = ("call", left[1][1], left[2])
    # a function this section has defined, written again with another formula (`f(x) = x^2 + 1`, then an exercise's
    # `f(x) = e^x`): a new example's function, as in the scalar reader; one that agrees is a claim, checked as one
    anew = bool(name_text) and left[0] == "call" and left[1] in section.functions and left[1] in section.own and (
        not chained and _claim(section, name_text, right, scalar_too=True).ok is False)
    if (left[0] == "call" or mapped) and left[2][0] == "name" and (left[1] not in section.own or anew):
        section.functions[left[1]] = (left[2][1], parse_side(right, known | {left[2][1]}))
        section.own.add(left[1])
        return Verdict("definition")
    if verdict := _rows_definition(section, left, right, known):
        return verdict
    if verdict := _numbered_vector(section, left, right, known):
        return verdict
    if left[0] == "T" and left[1][0] == "name" and (left[1][1] not in section.definitions or not chained and (
            _given_anew(section, left[1][1], right, known))):
        # `\\nu^\\top = -h` for a vector nu nothing defined: nu is the transpose of the right side
        if left[1][1] in section.definitions:
            section.own.discard(left[1][1])  # given anew: a definition, not a restatement
        return _definition(section, left[1], f"\\left({right}\\right)^\\top", known, name_text, chained)
    if left[0] != "name":
        return None
    if verdict := _entrywise_definition(section, left[1], right, known):
        return verdict
    name = left[1]
    if name in section.notations:
        return None  # a name for a derivative, restated: a claim
    if re.fullmatch(r"\s*\\(?:bar|overline)\s*\{?\s*\\?[A-Za-z]+\s*\}?\s*", right) and parse_side(
            right, known - {name}) == ("name", f"bar {name}"):
        return None  # `\\lambda = \\bar{\\lambda}`: lambda is its own conjugate, real; a claim, no definition
    if name in section.own and not (chained and _written_out_anew(section, name, right, known)):
        if chained or _claim(section, name_text, right, scalar_too=True).ok is True:
            return None  # restated: a claim, checked as one
        # otherwise the name is reused for a new example, as in the scalar reader
    if name.startswith("bar ") and section.loss and _given(section, name[4:]):
        return None  # the loss's derivative, which the definitions already give: a claim
    tree = parse_side(right, known - {name}, _free_indices(right, known))
    if name in _names(tree) and name not in section.definitions:
        return None  # `M = \\frac{1}{2}(M + M^\\top) + ...`: a claim about M, not its definition
    fresh = name not in known and not name.startswith("bar ")
    # `Q = \\frac{1}{\\sqrt{2}} [1, 1; 1, -1]`: a written-out matrix times a number defines, as the matrix would
    if tree[0] == "num" or not _names(tree) and not _uses(tree, {"vec", "mat"}) or (
            _uses(tree, {"grad", "jac"}) and not fresh and (name in section.own or not chained)):
        # a number, or a derivative of something known: a claim; an earlier section's name at the head of a chain
        # of derivatives is this section's anew (`J = [\\partial x'/\\partial x ...] = [...]` for a new system)
        return None
    if tree[0] == "vec" and all(t[0] == "idx" or t[0] == "name" and t[1].startswith(f"{name}_") for t in tree[1]):
        section.declared[name] = (len(tree[1]), 1, 1)
        return Verdict("definition")  # `x = (x_1, x_2)`: notation for the entries, and x's length
    # `w = [w_1 \\ w_2]`, `x^{(i)} = [x_1^{(i)} & x_2^{(i)}]`: a vector written out in its own entries, each a
    # scalar (`X = [x_1 & x_2]`, a matrix of columns, is not)
    # (`x^T = [x_1 \\; x_2 \\; x_3]`: x's entries, written as the row x^T is)
    entries = _own_entries(name, tree[1] if tree[0] == "T" else tree)
    section.components |= {t[1] for t in entries if t[0] == "name"} | _entries_of_a_vector(name, tree)
    if entries and tree[0] != "T" and len(tree[1]) == 1:
        section.rows.add(name)
    else:
        section.rows.discard(name)
    section.definitions[name] = tree
    section.own.add(name)
    if (family := FAMILY.match(name)) and family.group(2) not in known:
        section.families[family.group(1)] = (family.group(2), tree)  # `h_t = f(h_{t-1})`: one per step
    if _matrix_syntax(right) or _names(tree) & section.matrices or name in section.declared:
        section.matrices.add(name)
    elif _state_jacobian(section, tree) and family:  # `J_t = \\partial h_t / \\partial h_{t-1}`: a matrix, J_T too
        section.matrices |= {name, family.group(1)}
    else:
        section.matrices.discard(name)
    return Verdict("definition")


def _entries_of_a_vector(name: str, tree: Tree) -> set[str]:
    """The names a vector written with an arrow (`\\vec B_1 = [a \\; -a \\; -a]`) has as its entries, alone or
    negated: scalars, each (a capital's entries may be columns, `X = [x_1 \\; x_2]`; an arrow's are numbers)."""
    rows = tree[1] if tree[0] == "mat" and name.startswith("vec ") else []
    if not (len(rows) == 1 or all(len(row) == 1 for row in rows)):
        return set()
    entries = [t[1] if t[0] == "neg" else t for row in rows for t in row]
    return {t[1] for t in entries if t[0] == "name"}


def _own_entries(name: str, tree: Tree) -> list[Tree]:
    """The entries of a matrix of one row or column written out as the name's own entries (`w_1`, `w_2` of w;
    `x_1^{(i)}` of `x^{(i)}`, a sample's); else []."""
    rows = tree[1] if tree[0] == "mat" else []
    entries = rows[0] if len(rows) == 1 else [row[0] for row in rows] if all(len(row) == 1 for row in rows) else []
    base, mark, rest = name.partition("^")
    tail = mark + rest
    own = all(t[0] == "idx" or t[0] == "name" and t[1].startswith(f"{base}_") and t[1].endswith(tail)
              and len(t[1]) > len(base) + 1 + len(tail) for t in entries)
    return list(entries) if entries and own else []


def _entry_count(tree: Tree) -> int | None:
    """How many entries a written-out vector or matrix has (None for anything else)."""
    if tree[0] == "vec":
        return len(tree[1])
    return sum(len(row) for row in tree[1]) if tree[0] == "mat" else None


def _given_anew(section: MatrixSection, name: str, right: str, known: set[str]) -> bool:
    """Whether `X^T = [x_1, x_2]` gives a written-out X anew: another count of entries, which no transpose makes (a
    design matrix's row written for one sample after the whole matrix; an earlier exercise's v_1 of 3 entries, then
    this one's of 2). A transpose written out with the same entries is a claim, checked as one."""
    try:
        written = _entry_count(parse_side(right, known, _free_indices(right, known)))
    except Unread:
        return False
    before = _entry_count(section.definitions[name])
    return None not in (written, before) and written != before


def _rows_definition(section: MatrixSection, left: Tree, right: str, known: set[str]) -> Verdict | None:
    """`x_b^\\top = X_{b,:}` for every b: x_b is row b of X written as a column, so x is X read row by row (`x_b`
    under a sum over b is that row)."""
    if left[0] != "T" or left[1][0] != "name":
        return None
    m = re.fullmatch(r"([A-Za-z]+)_([a-z])", left[1][1])
    if not m or m.group(2) in known:
        return None
    try:
        tree = parse_side(right, known, {m.group(2)})
    except Unread:
        return None
    if tree[0] != "idx" or tree[1][0] != "name" or list(tree[2]) != [m.group(2), ":"]:
        return None
    section.definitions[m.group(1)] = tree[1]
    section.own.add(m.group(1))
    section.matrices.add(m.group(1))
    return Verdict("definition")


def _numbered_vector(section: MatrixSection, left: Tree, right: str, known: set[str]) -> Verdict | None:
    """`\\mathbf{x}_1 = \\begin{bmatrix} 1 \\\\ 0 \\end{bmatrix}` beside a vector x: an entry is a number, so a
    vector or a matrix written out on the right names a vector x_1 of its own, not x's first entry."""
    if left[0] != "idx" or left[1][0] != "name" or len(left[2]) != 1 or not isinstance(left[2][0], int):
        return None
    try:
        tree = parse_side(right, known)
    except Unread:
        return None
    if tree[0] not in ("vec", "mat"):
        return None
    base, name = left[1][1], f"{left[1][1]}_{left[2][0] + 1}"
    if len(tree[1]) < 2 and (tree[0] == "vec" or len(tree[1][0]) < 2) and not _one_by_one_block(section, base, tree):
        return None
    section.definitions[name] = tree
    section.own.add(name)
    section.matrices.add(name)
    return Verdict("definition")


def _one_by_one_block(section: MatrixSection, base: str, tree: Tree) -> bool:
    """`S_2 = (6)` beside a matrix S written out with longer rows, or beside a block `S_1` the text named so: a
    1 x 1 block of its own (of a generalised Schur form), which no row of S can be."""
    if tree[0] != "mat":
        return False
    written = section.definitions.get(base)
    longer = written is not None and written[0] == "mat" and len(written[1][0]) > 1
    return longer or any(n.startswith(f"{base}_") and n in section.matrices and n in section.own
                         for n in section.definitions)


def _matrix_power(base: Tensor, k: int) -> Tensor:
    """base @ base @ ... (k factors), k >= 1."""
    result = base
    for _ in range(k - 1):
        result = result @ base
    return result


def _layer_rows(section: MatrixSection, t: Any) -> Any:
    """`\\bar{W}_{1,k}`, `w_{2,k}` where this section uses W_1 or w_2 and no W or w: row (or entry) k of that layer's
    own name, not an entry of W."""
    if not isinstance(t, tuple) or not t:
        return t
    if t[0] == "idx" and t[1][0] == "name" and len(t[2]) > 1 and isinstance(t[2][0], int):
        name = f"{t[1][1]}_{t[2][0] + 1}"
        stem = name[4:] if name.startswith("bar ") else name
        local = _local(section)
        if stem in local and stem.rsplit("_", 1)[0] not in local:
            return ("idx", ("name", name), list(t[2][1:]))
    return tuple(_layer_rows(section, x) if isinstance(x, tuple) else
                 [_layer_rows(section, y) for y in x] if isinstance(x, list) else x for x in t)


def _scalar(section: MatrixSection, name: str) -> bool:
    """Whether a defined name is a scalar whatever the sizes (a sum over an index, a norm): rank 0 once inferred."""
    try:
        return Shapes(section).infer(("name", name))[2] == 0 and name not in section.declared
    except (ShapeError, Unread, LookupError):
        return False


def _entrywise_definition(section: MatrixSection, name: str, right: str, known: set[str]) -> Verdict | None:
    """`y_i = \\phi(x_i)` for every i: y is the vector `\\phi(x)`, entry by entry (a product of entries, `\\odot`).
    Not at a time t (`q_t = 1 - p_t`, frequencies in generation t): a sequence's members, each a scalar the text goes
    on to write bare (`p' = (1-u)p`)."""
    m = re.fullmatch(r"([A-Za-z]+)_([a-z])", name)
    if not m or m.group(2) in known | _label_letters(known) | {"t"} or m.group(1) in section.own or re.search(
            rf"_\{{{m.group(2)}\s*[-+]", right):
        return None
    letter = m.group(2)
    bases = {f"{hat} {b}" if hat else b for hat, b in
             re.findall(rf"(?:\\(hat|tilde|bar)\{{)?([A-Za-z]+)\}}?_\{{?{letter}\}}?(?![A-Za-z0-9])", right)}
    try:
        tree = parse_side(right, (known | bases) - {name}, {letter})
    except Unread:
        return None
    body = _entries(tree, letter)
    if body is None or not _uses(tree, {"idx"}) or letter in _names(tree) or tree[0] == "idx":
        # `b_n = a_n`, a bare copy: a recurrence's first member (Horner's scheme counts down from b_n), since a text
        # that means the vector b = a writes that
        return None
    section.definitions[m.group(1)] = body
    section.own.add(m.group(1))
    section.matrices |= {m.group(1)} | _names(body)  # every name it reads entry by entry is a vector too
    return Verdict("definition")


def _entries(t: Any, letter: str) -> Any:
    """An expression in entries `x_i` as one in whole vectors; None if it uses another index."""
    if not isinstance(t, tuple) or not t:
        return t
    if t[0] == "idx":
        return t[1] if t[1][0] == "name" and list(t[2]) == [letter] else None
    if t[0] == "sum" and t[1] != letter and not _indexed_by(t, letter):
        return t  # `\\sum_j e^{z_j}`: a scalar, the same for every entry
    if t[0] in ("sum", "grad", "mat", "vec", "cases", "T", "diag"):
        return None
    parts = [_entries(x, letter) if isinstance(x, tuple) else x for x in t]
    if any(p is None for p in parts):
        return None
    if t[0] == "prod" and _uses(t[1], {"idx"}) and _uses(t[2], {"idx"}):
        return ("had", parts[1], parts[2])
    return tuple(parts)


BOLD_FAMILY = ("it indexes a bold name (`\\sum_{{i=1}}^k \\alpha_i \\mathbf{{u}}_i`, `\\mathbf{{u}}_1^\\top "
               "\\mathbf{{S}}`), most texts' i-th vector of a family, which the reader takes for an entry: its "
               "shapes and values do not settle ({error})")


def _bold_family(t: Any) -> bool:
    """Whether an expression indexes a bold name (`\\mathbf{u}_i`, `\\mathbf{u}_1`): most texts' i-th vector, not
    its entry."""
    if not isinstance(t, (tuple, list)):
        return False
    if isinstance(t, tuple) and t and t[0] == "idx" and t[1][0] == "name" and t[1][1].startswith("mathbf "):
        return True
    return any(_bold_family(x) for x in t)


def _indexed_by(t: Any, letter: str) -> bool:
    """Whether an expression indexes anything by this letter."""
    if not isinstance(t, (tuple, list)):
        return False
    if isinstance(t, tuple) and t and t[0] == "idx" and letter in t[2]:
        return True
    return any(_indexed_by(x, letter) for x in t)


def _state_jacobian(section: MatrixSection, tree: Tree) -> bool:
    """Whether a definition is a step family's state differentiated by another of its states."""
    if tree[0] != "grad" or tree[1][0] != "name" or tree[2][0] != "name":
        return False
    bases = {t[1].split("_")[0] for t in (tree[1], tree[2]) if "_" in t[1]}
    return len(bases) == 1 and bases <= set(section.families) and tree[1][1] != tree[2][1]


def _about_definitions(section: MatrixSection, sides: list[str]) -> bool:
    """Whether some side of a chain reaches a definition: then every link is a claim about it (`\\frac{\\partial L}
    {\\partial \\hat{y}_i} = \\frac{1}{n} 2(\\hat{y}_i - y_i) = ...`), not a relation between leaves alone."""
    known = section.known()
    for side in sides:
        try:
            if _grounded(section, _names(parse_side(side, known, _free_indices(side, known)))):
                return True
        except Unread:
            continue
    return False


def _local(section: MatrixSection) -> set[str]:
    """The names this section gives a value: its own definitions and their leaves, declarations, inputs, dimensions,
    and its own maps' parameters (`\\hat{R}(w) = ... = \\frac{1}{n}\\lVert Xw - y \\rVert^2`: an identity in w)."""
    own = {n for n in section.own if n in section.definitions}
    parameters = {section.functions[n][0] for n in section.own if n in section.functions}
    return own | {x for n in own for x in _names(section.definitions[n])} | set(section.declared) | set(
        section.inputs) | set(section.functions) | _dimensions(section) | parameters


def _dimensions(section: MatrixSection) -> set[str]:
    """The sizes the text's declarations name (n and m of `X \\in \\mathbb{R}^{n \\times m}`): each has a value."""
    return {d for shape in section.declared.values() for d in shape[:2] if isinstance(d, str)}


def _grounded(section: MatrixSection, names: set[str]) -> bool:
    """Whether names reach a definition, name what the text declares (`W \\in \\mathbb{R}^{m \\times n}`) or have a
    value it gives (`k_1=2`): a claim about them can be refuted; one between leaves alone is a relation nothing
    defines."""
    return bool(_reached(section, names) or names & set(section.declared) or section.valued(names))


def _gradient_of_formula(tree: Tree) -> bool:
    """Whether a side is the gradient of a formula written out (`\\nabla_x \\|Ax + b\\|_2^2`), no lone name: an
    identity of matrix calculus, true or false for every value of the names it writes, defined or not."""
    return tree[0] == "grad" and tree[1][0] not in ("name", "idx", "call")


def _valueless(section: MatrixSection, name: str) -> bool:
    """Whether a name is at most declared (`X \\in \\mathbb{R}^{n \\times n}`): no definition, value or function."""
    return name not in section.definitions and name not in section.functions and section.given(name) is None and not (
        any(name in _names(d) for d in section.definitions.values()))


FIXED_POINT = ("a name no value is given, on both sides with others: an equation it satisfies, solved for it (`X = "
               "A^{-1}(C - XB)` from the Sylvester equation `AX + XB = C`, a fixed-point form), no identity in every "
               "matrix")


def _claim(section: MatrixSection, left_text: str, right_text: str, first_order: bool = False,
           scalar_too: bool = False, about: bool = False, derivative: bool = False) -> Verdict:
    """Compute both sides at an instance of the section's symbols and compare them (to first order: 1e-2); `about`:
    the chain it is a link of reaches a definition; `derivative`: the chain writes a derivative."""
    known = section.known()
    free = _free_indices(left_text, known)
    # `\\omega_c = \\frac{\\omega_s}{2}`: a letter the right side never writes is a label of the left's name, no index
    bare = re.sub(r"\\[A-Za-z]+", " ", right_text)
    written = {c for group in re.findall(r"_\{([^{}]*)\}|_([A-Za-z])", bare) for part in group for c in part}
    if re.fullmatch(r"\s*\\?[A-Za-z]+_\{?[a-z]\}?\s*", left_text):  # the left side one subscripted name
        free = {c for c in free if c in written or re.search(rf"(?<![A-Za-z]){c}(?![A-Za-z])", bare)}
    left = _layer_rows(section, parse_side(left_text, known, free))
    right = _layer_rows(section, parse_side(right_text, known, free | _free_indices(right_text, known)))
    if capitals := {n for n in _called((left, right)) & (_names(left) | _names(right)) if re.fullmatch("[A-Z]", n)}:
        # `\\nabla_w \\|Xw - y\\|^2 = 2X (Xw - y)`: X, a matrix the statement multiplies, is no map it applies
        left = _layer_rows(section, parse_side(left_text, known | capitals, free))
        right = _layer_rows(section, parse_side(right_text, known | capitals, free | _free_indices(right_text, known)))
    if not (scalar_too or _matrix_syntax(left_text + right_text) or SCALAR_GAP.search(left_text + right_text) or
            TRANSPOSE.search(left_text + right_text) or (_names(left) | _names(right)) & section.matrices):
        return Verdict("unchecked", reason=SCALAR)
    section = _with_steps(section, _names(left) | _names(right))
    used = _names(left) | _names(right)
    missing = {n for n in used if not _given(section, n) and n not in free}
    defined = {n for n in used if _given(section, n)}
    twins = {n.swapcase() for n in section.names() | section.known()}
    law = _law(section, left_text, right_text, left, right, missing)
    unknown = {n for n in missing if not re.fullmatch(r"[A-Za-z]", n) or n in twins} - law
    # `[1 + 3; 2 + 4] = [4; 6]`: computed
    if unknown or used and not defined and not law and not _gradient_of_formula(left):
        what = ", ".join(sorted(unknown or missing)) or ", ".join(sorted(used))
        return Verdict("unchecked", reason=f"nothing in this notebook defines {what}")
    # A single letter nothing gives a value is free (`J_l h = \\operatorname{relu}(W_l h)` for any h): the claim
    # must hold for every value of it. A subscripted name, or a twin of a defined one (x beside X), is not.
    if both := _called((left, right)) & used:
        # `\\frac{d}{dx} z(y(x)) = \\frac{dz(y)}{dy} ...`: y a function and a value at once, as Leibniz writes it
        return Verdict("unchecked", reason=f"it uses {', '.join(sorted(both))} both as a function and as a value")
    claim = (left, right, left_text, right_text, free, first_order)
    if law:  # every matrix of the law square and of one size, so a failure shows in its entries, not in its shapes
        section = replace(section, declared={**section.declared, **{n: ("law", "law", 2) for n in law}})
    verdict = _instance(section, *claim)
    if verdict.ok is False and _bold_family((left, right)):
        return Verdict("unchecked", reason=BOLD_FAMILY.format(error=verdict.message))
    if verdict.ok is False and left[0] == "name" and _valueless(section, left[1]) and left[1] in _names(right) and (
            _names(right) - {left[1]}):  # not `M = \\frac{1}{2}(M + M^T) + \\frac{1}{2}(M - M^T)`, in M alone
        return Verdict("unchecked", reason=f"{FIXED_POINT} ({verdict.message})")
    if verdict.ok is False and (hidden := set().union(*(_ancestors(section, n) | {n} for n in used)) & (
            section.by_entries)):
        return Verdict("unchecked", reason=f"it reaches {', '.join(sorted(hidden))}, which the text gives entry by "
                                           f"entry (`(\\hat{{x}}_i; \\hat{{y}}_i) = a_i u`), a definition the reader "
                                           f"does not take ({verdict.message})")
    if verdict.ok is False and "the shapes do not agree" in verdict.message and (
            _partials_only(left_text) or _partials_only(right_text)):
        return Verdict("unchecked", reason=f"{CHAIN_SHORTHAND} ({verdict.message})")
    if verdict.ok is False and "the shapes do not agree" in verdict.message and (
            rows := _unoriented(section, left, right)):
        return Verdict("unchecked", reason=f"{rows} is written as a row of its entries or as a tuple, which texts "
                                           f"multiply as a row or as a column (`Wx`, the dot product; `(1/5, 4/5) M`) "
                                           f"({verdict.message})")
    if verdict.ok is False and _shape_mismatch(verdict) and (apart := _without_others_values(section, used, claim)):
        return apart
    if verdict.ok is False and _shape_mismatch(verdict) and (counts := _counts(section, used, claim)):
        return Verdict("unchecked", reason=f"{counts} is given a whole number with which the shapes do not agree, "
                                           f"and they agree where it is read as its size (`2 variáveis $\\beta = 2$`, "
                                           f"a vector of two entries) ({verdict.message})")
    if verdict.ok is False and _scalar_against_vector(verdict) and (means := _unexplained_bars(section, used)):
        return Verdict("unchecked", reason=f"its sizes differ only if {means} is read as an adjoint, with its "
                                           f"name's shape; the text never ties its bars to a loss, and a bar over "
                                           f"data is their mean (`c = \\bar{{y}} = \\frac{{1}}{{m}}\\sum_i y_i`) "
                                           f"({verdict.message})")
    if verdict.ok is False and _multiples(section, left, right):
        return Verdict("unchecked", reason="two written-out vectors, one a multiple of the other (`[7/2; -2; 1] = "
                                           "[7; -4; 2]`): one direction given twice, as an eigenvector is, up to a "
                                           f"factor ({verdict.message})")
    if verdict.ok is False and _uses((left, right), {"prod"}) and _instance(
            section, _times_entrywise(left), _times_entrywise(right), *claim[2:]).ok:
        # `[1, 2; 3, 4] \times [2, 2; 2, 2] = [2, 4; 6, 8]` beside NumPy's `a * b`: `\times` entry by entry
        return Verdict("unchecked", reason=f"it holds with `\\times` read entry by entry, as NumPy's `*` (the matrix "
                                           f"product gives: {verdict.message})")
    if verdict.ok is False and not verdict.message.startswith("the shapes do not agree"):
        for one, other in ((left, right), (right, left)):
            if (lone := _lone_leaf(section, one)) and lone not in _names(other) | _called(other):
                # `y_i = \\sum_j A_{ij} x_j` beside `y \\in \\mathbb{R}^{m}` that nothing defines: it gives y
                return Verdict("unchecked", reason=f"a relation that gives {lone}, which nothing in this notebook "
                                                   f"defines (it has only a shape): no identity ({verdict.message})")
    if verdict.ok is False and (numbers := _indexed_numbers(section, (left, right))):
        if apart := _without_others_values(section, used, claim):
            return apart  # `y = 114` was another subsection's example; here y_i are this one's data
        # `\pi_s` beside `\pi = 3`: inflation at s, a family's member, read as an entry of the number pi
        return Verdict("unchecked", reason=f"it indexes {', '.join(sorted(numbers))}, which the text gives a number: "
                                           f"the index may name another quantity (a value at a time), no entry "
                                           f"({verdict.message})")
    if verdict.ok is False and (free := _solved_for(section, left, right)):
        # `X = HZH` restated, then `HZH = ... = [0, 1; 1, 0] = X`: numbers on one side, on the other names nothing
        # defines or gives a value (H, Z): the claim tells what they must be, it is no identity
        return Verdict("unchecked", reason=f"one side is numbers alone and the other reaches "
                                           f"{', '.join(sorted(free))}, which nothing defines or gives a value: an "
                                           f"equation for them, not an identity ({verdict.message})")
    if verdict.ok is False and (named := used & section.named - set(section.definitions) - _dimensions(section)):
        return Verdict("unchecked", reason=f"it writes {', '.join(sorted(named))}, which a chain named beside a "
                                           f"definition without defining it (`S = \\sum_i (y_i - b x_i)^2 = \\sum_i "
                                           f"r_i^2`): the text means it as that chain says ({verdict.message})")
    if verdict.ok is False and used and not (about or law or _grounded(section, used) or _gradient_of_formula(left)):
        return Verdict("unchecked", reason="a relation between names nothing in this notebook defines or declares "
                                           f"({', '.join(sorted(used))}): it may hold by what the text says in words")
    derivative = derivative or _uses((left, right), {"grad", "jac", "dcall", "delta"}) or any(
        n.startswith("bar ") for n in used)
    strangers = used - _local(section) - law
    if verdict.ok is False and not derivative and _apart(section, left, right):
        # `\\nu^\\top = -h` with nu = (M_s C)^T and h from other names: an equation that fixes one set from the other
        return Verdict("unchecked", reason="its two sides, their definitions substituted, share no name: an equation "
                                           f"that ties them, not an identity ({verdict.message})")
    if verdict.ok is False and strangers and not derivative:
        # `A x = b`, `R x = Q^\\top b`: an equation in names this section neither defines, declares nor uses in a
        # definition of its own: one to solve for them (or an old example's), not an identity
        return Verdict("unchecked", reason=f"an equation in {', '.join(sorted(strangers))}, which this section neither "
                                           "defines nor uses in a definition: one to solve for them, not an identity")
    if verdict.ok is False and _entries_alone(section, left) and _entries_alone(section, right):
        # `With $x_2 = x_3 + 1$` for an x only declared (`x \\in \\mathbb{R}^n`): a relation between entries nothing
        # gives a value, a constraint the text imposes; an identity in them alone would be trivial
        return Verdict("unchecked", reason=f"a relation between entries of a vector nothing gives values "
                                           f"({', '.join(sorted(used))}): a constraint on them, not an identity")
    if verdict.ok is False and (data := _data(section, claim, used)):
        return Verdict("unchecked", reason=f"{data} is written beside its own formula in a difference (a residual "
                                           f"`y_i - a_0 e^{{a_1 x_i}}`): there it is the data, not the model, and "
                                           f"with {data} the data the claim holds")
    if verdict.ok is False and (written := DERIVATIVE_SUBSCRIPT.search(left_text + " " + right_text)):
        # `v_x = [u_x; u_{xx}]`: u_{xx} is u's second derivative by x, so each subscript x differentiates, no index
        return Verdict("unchecked", reason=f"subscripts that differentiate ({written.group(0)}: a second derivative), "
                                           "read as indices")
    if verdict.ok is False and not derivative and not _uses((left, right), {"mat", "vec"}) and not (
            used & section.components) and (unknowns := {n for n in used if _unknowns(section, n)}):
        # `A^T A \mathbf{x} = A^T \mathbf{b}` with `\mathbf{x} = [x_1; x_2]`: the normal equations, which fix x_1 and
        # x_2; an identity in them would write one side out (`A \mathbf{x} = [x_1 + 2 x_2; ...]`, `w^T x = w_1 x_1 +
        # w_2 x_2`), which is checked
        return Verdict("unchecked", reason=f"an equation for {', '.join(sorted(unknowns))}, whose entries nothing "
                                           "gives a value: one to solve, not an identity")
    sources = {section.origin[n] for n in _reached(section, used) if n not in section.own and n in section.origin}
    if verdict.ok is False and len(sources) > 1:
        return Verdict("unchecked", reason=f"it reads definitions of {len(sources)} earlier sections' examples "
                                           f"({', '.join(sorted(sources))}), which may not be the ones it means")
    if verdict.ok is False and left[0] == "idx" and (all(isinstance(k, int) for k in left[2]) or right[0] in (
            "mat", "vec")) and "the left side is scalar" in verdict.message:
        # `\\mathbf{h}_1 = \\sigma(W_1 x + b_1)`: h's first entry, or the first layer's h, a vector of its own; `x_e =
        # [x_{e_1}; x_{e_2}]`: x's coordinates in the basis e, written out
        return Verdict("unchecked", reason=f"{left_text} read as an entry, but the right side is no number: it may be "
                                           "a name of its own")
    if verdict.message.startswith("the shapes do not agree") and (labelled := _per_example((left, right))):
        # `\frac{\partial J}{\partial b} = \frac{1}{m} \sum_i (a^{(i)} - y^{(i)})`: one example's values, which
        # the text ties to no matrix (A's columns?): their sizes are the reader's guess, and decide nothing
        return Verdict("unchecked", reason=f"{', '.join(sorted(labelled))}: one example's values (labelled by the "
                                           f"sum's index), which the text ties to no vector or matrix, so their sizes "
                                           f"are guesses ({verdict.message})")
    guessed_entries = _entry_names((left, right)) - set(section.declared) - section.matrices
    if verdict.message.startswith("the shapes do not agree") and guessed_entries and (
            (scalar := _instance(section, *claim, unit=True)).ok is not None):
        # `[a_{t+1}; 1] = [1 + r, \mu; 0, 1] [a_t; 1] + ...` with a_{t+1} = (1 + r) a_t + \mu: the text writes r and
        # a_t as a matrix's entries, numbers the reader guessed vectors; the claim is judged with every free size 1
        if scalar.ok:
            return Verdict("unchecked", reason="false for the shapes guessed for its names, which the text does not "
                                               f"declare ({verdict.message}), but not for scalars")
        if not scalar.message.startswith("the shapes do not agree"):
            return _as_scalars(section, (left, right), scalar)
    if verdict.message.startswith("the shapes do not agree") and "\\nabla" in left_text + right_text:
        # `\nabla_{\bar w}(D S) = -\frac{\beta^2}{1-\beta} C^\top (I - \beta A^\top)^{-1} D^\top`: the gradient of a
        # vector laid out (variable, value), as many texts write nabla; where the shapes agree so, judged so
        across = _instance(section, *claim, across=True)
        if across.ok is not None and not across.message.startswith("the shapes do not agree"):
            said = f"with the gradient of a vector laid out (variable, value), as texts often write nabla, " \
                   f"{across.message}" if across.ok is False else ""
            return Verdict("identity", across.ok, said)
    if verdict.message.startswith("the shapes do not agree") and "\\partial" in left_text + right_text:
        # `\frac{\partial}{\partial \mathbf{x}} (\mathbf{b}^T \mathbf{x}) = [\frac{\partial}{\partial x_1} ... ] =
        # \mathbf{b}^T`: a scalar's derivative by a vector written as a row (numerator layout, as the Jacobian of a
        # map to R^1 is)
        laid = _instance(section, *claim, rows=True)
        if laid.ok is not None and not laid.message.startswith("the shapes do not agree"):
            said = f"with a scalar's gradient laid out as a row, as the text writes it, {laid.message}" \
                if laid.ok is False else ""
            return Verdict("identity", laid.ok, said)
    if verdict.ok is False and _shape_mismatch(verdict) and (blocks := _sized_blocks(section, (left, right), verdict)):
        # `AB = [a_1 & a_2] [b_1^T \\ b_2^T] = a_1 b_1^T + a_2 b_2^T`: a matrix of columns, whose sizes the reader
        # took from its named entries; a counterexample only if the claim fails in values with every size 1
        scalar = _instance(section, *claim, unit=True)
        return _as_scalars(section, (left, right), scalar) if scalar.ok is False else _as_blocks(blocks, verdict)
    if verdict.ok is not False or not verdict.guessed and _declared(section, left_text + " " + right_text):
        return verdict  # every size it fails at is the text's: a problem whatever the reader guessed
    if law:
        return verdict  # a law holds of matrices of every shape its operations allow: one instance refutes it
    if not derivative and not (_restates(section, left) or _restates(section, right)):
        # `A x = b` beside `x = (A^T A)^{-1} A^T b`: names the text never declares, related without a derivative,
        # may be an equation to solve (true of the solution it means), not an identity of the shapes guessed;
        # `Y^T = X^T W` beside `Y = XW^T` restates a definition, a claim about it
        return Verdict("unchecked", reason="an equation between names the text does not declare, with no derivative "
                                           f"in it ({verdict.message}): it may be one to solve")
    # Every shape here is a guess (x lower-case: a vector). A claim true of vectors is true of scalars, so a
    # failure that remains with every free size 1 is a counterexample whatever the text meant; one that does not
    # may be the guess's fault. A name nothing gives a value may be a relation's unknown (`E = mc^2`), not a
    # variable the claim holds for: such a claim is never refuted.
    scalar = _instance(section, *claim, unit=True)
    steps = {t[1] for t in _deltas((left, right)) if t[0] != "name" or t[1] not in section.definitions}
    # `f(x) = x^2`, `g'(t) = 2 g(t)`: an equation for a map nothing defines, not an identity that holds for every map
    maps = _maps(section, left) ^ _maps(section, right) | _maps(section, (left, right), outside=True)
    maps |= {n for n in _names(left) | _names(right) if n.endswith("'")}  # `u'(t)`: a derivative read as a name
    if scalar.ok is False and (missing and not _gradient_of_formula(left) or steps and not first_order or maps):
        what = sorted(missing) + [f"\\Delta {n}" for n in sorted(steps) if isinstance(n, str)] + sorted(maps)
        return Verdict("unchecked", reason=f"it relates {', '.join(what)}, which nothing in this notebook defines, to "
                                           "what the definitions give: an equation for them, not an identity")
    if scalar.ok is False and scalar.message.startswith("the shapes do not agree") and "indices on a value" in (
            scalar.message):
        # `S_b = ...`, `S_w = \\sum_c S_{wc}`: subscripts on names read as scalars label them (within-class S), they
        # index nothing
        return Verdict("unchecked", reason="subscripts on names read as scalars, in different numbers (`S_b`, "
                                           f"`S_{{wc}}`): labels, not indices ({scalar.message})")
    if scalar.ok is False and scalar.message.startswith("the shapes do not agree: the index"):
        # `s_t = c_t`: with s and c scalars, t numbers a family's members (a time), so no size can disagree
        return Verdict("unchecked", reason="its index runs over names read as scalars: a family's member (`s_t`, "
                                           f"s at time t), not an entry ({scalar.message})")
    if scalar.ok is False:
        return _as_scalars(section, (left, right), scalar)
    return Verdict("unchecked", reason="false for the shapes guessed for its names, which the text does not declare "
                                       f"({verdict.message}), but not for scalars")


def _as_scalars(section: MatrixSection, sides: tuple[Tree, Tree], scalar: Verdict) -> Verdict:
    """A claim's failure with every free size 1: a problem, unless the sizes differ only because a matrix or vector
    written of names is read as one of numbers (`x = [ e_1 e_2 ] x_e`, the matrix of columns e_1 and e_2, is a row
    of two scalars so), or because a matrix nothing sizes, at sizes of 1, no longer fits the vectors the claim writes
    out."""
    if _shape_mismatch(scalar) and (blocks := _blocks(section, sides)):
        return _as_blocks(", ".join(sorted(blocks)), scalar)
    if _shape_mismatch(scalar) and _uses(sides, {"mat", "vec"}) and {
            n for n in _names(sides) if n[:1].isupper() and n not in section.declared and n not in section.definitions}:
        # `\xi = T(u+v) - Tu - Tv = ... = [0; 0]` for a matrix T the text applies but never writes: with every size
        # it does not give read as 1, T is no longer the 2 by 3 map its written-out columns need
        return Verdict("unchecked", reason="with every size the text does not give read as 1, its written-out vectors "
                                           f"or matrices no longer fit ({scalar.message}): the sizes it means are "
                                           "not given")
    return Verdict("identity", False, SCALARS + scalar.message, scalar=True)


# how a failure found with every free size 1 begins: the names it made scalars are the ones the text leaves undeclared
SCALARS = "reading as scalars the names the text does not show to be vectors or matrices, "


# `u_{xx}`, `u_{tt}`: a variable's letter repeated as a subscript is a derivative written in subscripts (`A_{ii}`,
# with an index's letter, is a diagonal entry)
DERIVATIVE_SUBSCRIPT = re.compile(r"(?<![A-Za-z\\])[A-Za-z]_\{\s*([txyz])\s*\1\s*\}")


CHAIN_SHORTHAND = ("a chain rule written as a product of partial derivatives (`\\frac{\\partial \\xi}{\\partial H} "
                   "\\frac{\\partial H}{\\partial Z}`), the text's shorthand for an entrywise or summed product, whose "
                   "shapes do not multiply as matrices")


def _partials_only(text: str) -> bool:
    """Whether a side is a product of two or more partial derivatives and nothing else (`\\frac{\\partial
    \\xi}{\\partial H} \\frac{\\partial H}{\\partial Z_h}`): the chain rule as a text writes it."""
    count, at = 0, 0
    while at < len(text):
        at = re.compile(r"\s*(?:\\cdot\s*)?").match(text, at).end()
        if at >= len(text):
            break
        if not text.startswith("\\frac", at):
            return False
        top = brace_group(text, re.compile(r"\\frac\s*").match(text, at).end())
        bottom = brace_group(text, re.compile(r"\s*").match(text, top[1]).end()) if top else None
        if not bottom or not all(part[0].strip().startswith("\\partial") for part in (top, bottom)):
            return False
        count, at = count + 1, bottom[1]
    return count >= 2


def _data(section: MatrixSection, claim: tuple[Any, ...], used: set[str]) -> str:
    """A name the definitions a failing claim reaches subtract from something (`y_i - a_0 e^{a_1 x_i}`, a residual),
    with which, taken as data nothing defines, the claim holds; or "". Texts write a model as `y = a_0 e^{a_1 x}`
    and then fit it to data y_i: the definition makes every residual zero."""
    reached = used | {n for name in used for n in _ancestors(section, name)}
    subtracted = {n for name in reached for n in _subtracted(section.definitions.get(name, ()))}
    for name in sorted(subtracted & set(section.definitions)):
        definitions = {n: d for n, d in section.definitions.items() if n != name}
        without = replace(section, definitions=definitions)
        if _instance(without, *claim).ok or _instance(without, *claim, unit=True).ok:
            return name
    return ""


def _indexed_numbers(section: MatrixSection, t: Any) -> set[str]:
    """The names an expression indexes with a letter (`\\pi_s`) that the text gives a number (`\\pi = 3`)."""
    if not isinstance(t, (tuple, list)):
        return set()
    own = set()
    if isinstance(t, tuple) and t and t[0] == "idx" and t[1][0] == "name" and section.given(t[1][1]) is not None and (
            any(isinstance(k, str) for k in t[2])):
        own.add(t[1][1])
    return own.union(*(_indexed_numbers(section, x) for x in t))


def _entries_alone(section: MatrixSection, t: Any) -> bool:
    """Whether an expression is numbers and numbered entries (`x_3 + 1`) of vectors nothing defines or gives."""
    if not isinstance(t, tuple) or not t:
        return isinstance(t, (int, float))
    if t[0] == "num":
        return True
    if t[0] == "idx":
        name = t[1][1] if t[1][0] == "name" else None
        return name is not None and all(isinstance(k, int) for k in t[2]) and name not in section.definitions and (
            section.given(name) is None)
    if t[0] in ("name", "vec", "mat", "call", "fn"):
        return False
    return all(_entries_alone(section, x) for x in t[1:] if isinstance(x, tuple))


def _subtracted(t: Any) -> set[str]:
    """The names a difference in an expression subtracts from (`y` in `y_i - f(x_i)`)."""
    if not isinstance(t, (tuple, list)):
        return set()
    own = set()
    if isinstance(t, tuple) and t and t[0] == "sub":
        first = t[1][1] if t[1][0] == "idx" else t[1]
        own = {first[1]} if first[0] == "name" else set()
    return own.union(*(_subtracted(x) for x in t)) if t else own


def _multiples(section: MatrixSection, left: Tree, right: Tree) -> bool:
    """Whether both sides are vectors of numbers written out, the right a multiple of the left other than 0."""
    if _names(left) or _names(right) or left[0] not in ("vec", "mat") or right[0] not in ("vec", "mat"):
        return False
    try:
        a, b = (Values(section, Shapes(section)).value(t, {}) for t in (left, right))
    except (LookupError, ValueError, ZeroDivisionError):
        return False
    if 1 not in (a.rows, a.cols):  # a matrix, no vector
        return False
    pivot = max(range(len(a.data)), key=lambda k: abs(a.data[k]), default=0)
    if a.data and a.shape == b.shape and a.data[pivot] and (factor := b.data[pivot] / a.data[pivot]):
        return all(math.isclose(y, factor * x, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a.data, b.data))
    return False


def _unknowns(section: MatrixSection, name: str) -> bool:
    """Whether a name is defined as a vector or matrix of names alone that nothing defines or gives a value
    (`\\mathbf{x} = [x_1; x_2]`): a vector of unknowns."""
    definition = section.definitions.get(name)
    if not definition or definition[0] not in ("vec", "mat"):
        return False
    items = [item for row in definition[1] for item in row] if definition[0] == "mat" else list(definition[1])
    entries = _names(definition)
    return bool(entries) and not entries & set(section.definitions) and not section.valued(entries) and all(
        isinstance(item, tuple) and item[0] in ("name", "idx") for item in items)


def _leaves(section: MatrixSection, t: Tree) -> set[str]:
    """The names an expression reaches through the definitions that nothing defines."""
    reached = _reached(section, _names(t))
    return (_names(t) | {n for r in reached for n in _names(section.definitions[r])}) - set(section.definitions)


def _solved_for(section: MatrixSection, left: Tree, right: Tree) -> set[str]:
    """The names a claim ties to numbers: one side reaches no name at all (a number, a written-out matrix), the
    other only names nothing defines, declares or gives a value; else nothing."""
    a, b = (_leaves(section, side) - {"pi"} for side in (left, right))  # pi: a number, no unknown
    given = set(section.declared) | set(section.definitions) | set(section.functions)
    for numbers, names in ((a, b), (b, a)):
        if not numbers and names and not names & given and not section.valued(names):
            return names
    return set()


def _apart(section: MatrixSection, left: Tree, right: Tree) -> bool:
    """Whether each side reaches a name with no value, and no name one reaches is one the other does: then they
    are two quantities an equation ties, not one expression written twice."""
    a, b = _leaves(section, left), _leaves(section, right)
    return bool(a - section.valued(a) and b - section.valued(b)) and not a & b


def _lone_leaf(section: MatrixSection, t: Tree) -> str | None:
    """The name a side is, whole, transposed, negated, indexed (`y_i`) or times a bracketed 1 (`p_t(1)`, a value of a
    map read as p_t times 1), when nothing defines it (a leaf); or the map it applies, when nothing defines that."""
    while t[0] in ("T", "idx", "neg") or t[0] == "prod" and ("num", 1.0) in (t[1], t[2]):
        t = t[1] if t[0] != "prod" or t[2] == ("num", 1.0) else t[2]
    if t[0] == "call" and t[1] not in section.functions:
        return t[1]
    if t[0] != "name" or t[1].startswith("bar ") or t[1] in section.definitions or section.given(t[1]) is not None or (
            t[1] in section.components):  # `x_2` of `x = [x_1 \\ x_2]`: an entry of a vector the text writes out
        return None
    return None if t[1] == section.loss or t[1] in section.functions else t[1]


def _maps(section: MatrixSection, t: Any, seen: frozenset[str] = frozenset(), outside: bool = False) -> set[str]:
    """The maps nothing defines that an expression applies, directly or through the definitions it uses; `outside`:
    only those applied outside every derivative (`g(t)` in `2 g(t)`, not in `f'(g(t))` or `\\frac{dz}{dx}`)."""
    if not isinstance(t, (tuple, list)):
        return set()
    found: set[str] = set()
    op = t[0] if isinstance(t, tuple) and t and isinstance(t[0], str) else None
    if outside and op in ("grad", "dcall", "jac", "delta"):
        return found
    if op in ("call", "dcall", "jac") and t[1] not in section.functions:
        found.add(t[1])
    if op == "name" and t[1] in section.definitions and t[1] not in seen:
        found |= _maps(section, section.definitions[t[1]], seen | {t[1]}, outside)
    return found.union(*(_maps(section, x, seen, outside) for x in t)) if t else found


def _unoriented(section: MatrixSection, left: Tree, right: Tree) -> str:
    """The vectors a claim reaches whose orientation the text leaves open, shown: one written as a row of its own
    entries (`x^{(i)} = [x_1^{(i)} & x_2^{(i)}]`), or a tuple written before what it multiplies, where no column can
    stand (`(1/5, 4/5) M`, `\\sigma_r M_c` with `\\sigma_r = (1/5, 4/5)`); or "". A tuple after a matrix
    (`J^\\top y` with `y = (2, 3, 4)`) is a column."""
    found = {n for n in _reached(section, _names(left) | _names(right)) if n in section.rows}
    for first in (f for side in (left, right) for f in _left_factors(side)):
        if first[0] == "vec":
            found.add("a tuple")
        elif first[0] == "name" and section.definitions.get(first[1], ("",))[0] == "vec":
            found.add(first[1])
    return ", ".join(sorted(found))


def _as_blocks(blocks: str, verdict: Verdict) -> Verdict:
    """Unchecked: sizes that differ only as the reader guessed the shapes of a written-out matrix's named entries."""
    return Verdict("unchecked", reason=f"a matrix or vector written of names ({blocks}) the text does not show to be "
                                       f"numbers: they may be its blocks, vectors (`[ e_1 e_2 ]`, the matrix of "
                                       f"columns e_1, e_2), and as the reader guessed their shapes the sizes differ "
                                       f"({verdict.message})")


def _sized_blocks(section: MatrixSection, sides: tuple[Tree, Tree], verdict: Verdict) -> str:
    """The named entries of a written-out matrix whose sizes a failing verdict lists: the sizes it failed at are
    (partly) the reader's reading of them; "" where they are not."""
    listed = verdict.message.replace("(", " ")
    return ", ".join(sorted(n for n in _blocks(section, sides) if f" {n}: " in listed))


def _blocks(section: MatrixSection, t: Any) -> set[str]:
    """The names written as entries of a matrix or a vector that the text neither gives a value nor declares: each may
    be a block, a vector or matrix of its own."""
    if not isinstance(t, (tuple, list)):
        return set()
    found: set[str] = set()
    if isinstance(t, tuple) and t and t[0] in ("mat", "vec"):
        entries = [e for row in t[1] for e in (row if isinstance(row, list) else [row])]
        found = {e[1] for e in entries if isinstance(e, tuple) and e[:1] == ("name",) and section.given(e[1]) is None
                 and e[1] not in section.declared and e[1] not in section.components}
    return found.union(*(_blocks(section, x) for x in t))


def _without_others_values(section: MatrixSection, used: set[str], claim: tuple[Any, ...]) -> Verdict | None:
    """The verdict on a claim that indexes names another subsection gave a number (`$y = 114$` under `### Caso di una
    Singola Osservazione`, then `\\sum_{i=1}^n (y_i - \\mu)` under `### La Stima di Massima Verosimiglianza`), read
    without those numbers: that example's value, not this one's data; None where it still finds shapes apart."""
    text = f"{claim[2]} = {claim[3]}"
    others = {n for n in used if section.given(n) is not None and section.valued_under.get(
        n, section.valued_under.get(_coded(n), "")) not in ("", section.subsection)}
    indexed = {n for n in others if re.search(r"(?<![A-Za-z\\])" + re.escape(n if len(n) == 1 else "\\" + n) + r"\s*_",
                                              text)}
    if not indexed:
        return None
    again = _instance_without(section, indexed, claim)
    return None if again.ok is False and _shape_mismatch(again) else again


def _instance_without(section: MatrixSection, names: set[str], claim: tuple[Any, ...],
                      sizes: dict[str, int] | None = None) -> Verdict:
    """The verdict on a claim with the values the text gave these names set aside, and each name of `sizes` a vector
    of that many entries: a reading of the claim where those numbers were not what the text meant."""
    saved = {key: section.inputs.pop(key) for n in names for key in (n, _coded(n)) if key in section.inputs}
    section.declared.update({n: (size, 1, 1) for n, size in (sizes or {}).items()})
    try:
        return _instance(section, *claim)
    finally:
        section.inputs.update(saved)
        for n in sizes or {}:
            del section.declared[n]


def _counts(section: MatrixSection, used: set[str], claim: tuple[Any, ...]) -> str:
    """The names given a whole number whose shapes agree when that number is read as their size instead
    (`\\mathbf{X}^T \\mathbf{X} \\beta = \\mathbf{X}^T \\mathbf{y}` after "2 variáveis $\\beta = 2$"), or ""."""
    sizes = {n: int(value) for n in used if (value := section.given(n)) is not None and value == int(value)
             and value > 1 and n not in section.declared}
    if not sizes:
        return ""
    again = _instance_without(section, set(sizes), claim, sizes)
    return "" if again.ok is False and _shape_mismatch(again) else ", ".join(sorted(sizes))


def _shape_mismatch(verdict: Verdict) -> bool:
    """Whether a failing verdict is about sizes (a scalar against a vector, or two shapes), not values."""
    return verdict.message.startswith("the shapes do not agree") or _scalar_against_vector(verdict)


def _scalar_against_vector(verdict: Verdict) -> bool:
    """Whether a failing verdict found a scalar on one side and a vector or matrix on the other."""
    return verdict.message.startswith("the left side is scalar") or "the right side scalar" in verdict.message


def _unexplained_bars(section: MatrixSection, used: set[str]) -> str:
    """The barred names a claim writes whose shape is only their name's, guessed as an adjoint's, where the text
    never says the bars are a loss's gradients and nothing defines them; or ""."""
    if section.loss:
        return ""
    return ", ".join(f"\\bar{{{n[4:]}}}" for n in sorted(used) if n.startswith("bar ") and n not in
                     section.definitions and section.given(n) is None)


def _left_factors(t: Any) -> list[Any]:
    """The left factor of every product in an expression."""
    if not isinstance(t, tuple) or not t or not isinstance(t[0], str):
        return []
    own = [t[1]] if t[0] == "prod" else []
    return own + [f for x in t[1:] if isinstance(x, tuple) for f in _left_factors(x)]


def _reached(section: MatrixSection, names: set[str]) -> list[str]:
    """The defined names a claim reaches through its definitions, in definition order (a bar reaches the loss)."""
    todo, found = list(names), set()
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        todo += _names(section.definitions.get(name, ())) | _names(section.functions.get(name, ("", ()))[1])
        todo += [section.loss] if section.loss and name.startswith("bar ") else []
    return [n for n in section.definitions if n in found]


def _restates(section: MatrixSection, t: Tree) -> bool:
    """Whether a side is a name this section defines, whole, transposed or indexed (`Y^T`, `y_i`)."""
    while t[0] in ("T", "idx"):
        t = t[1]
    return t[0] == "name" and t[1] in section.own and t[1] in section.definitions


def _called(t: Any) -> set[str]:
    """The names an expression applies as maps (`y(x)`, `f'(x)`)."""
    if not isinstance(t, (tuple, list)):
        return set()
    own = {t[1]} if isinstance(t, tuple) and t and t[0] in ("call", "dcall") else set()
    return own.union(*(_called(x) for x in t)) if t else own


def _deltas(t: Any) -> list[Tree]:
    """What each `\\Delta` of an expression changes (`\\Delta t`: the tree of t)."""
    if not isinstance(t, (tuple, list)):
        return []
    own = [t[1]] if isinstance(t, tuple) and t and t[0] == "delta" else []
    return own + [d for x in t for d in _deltas(x)]


def _declared(section: MatrixSection, text: str) -> bool:
    """Whether a formula writes a vector or matrix the text declared or defined (W, or W_l as in `W_{l,ij}`), or
    writes one (`\\mathbf`, `^\\top`, a matrix)."""
    return any(re.search(_written(name), text) and not _scalar(section, name) for name in section.matrices) or bool(
        re.search(r"\\(?:mathbf|top|begin\{[bpv]?matrix)", text))


def _written(name: str) -> str:
    """A pattern for a plain name as LaTeX writes it: `W`, `W_1`, `W_{l,ij}` for W_l (a bar's name is never matched)."""
    base, _, sub = name.lstrip(chr(92)).partition("_")
    if not sub:
        return rf"(?<![A-Za-z]){re.escape(base)}(?![A-Za-z])"
    return rf"(?<![A-Za-z]){re.escape(base)}_(?:\{{\s*)?{re.escape(sub)}(?![A-Za-z0-9])"


def _instance(section: MatrixSection, left: Tree, right: Tree, left_text: str, right_text: str, free: set[str],
              first_order: bool, unit: bool = False, across: bool = False, tall: bool = False,
              rows: bool = False) -> Verdict:
    """Both sides of a claim at one instance of its symbols (every free size 1 if `unit`; a vector's derivative laid
    out (variable, value) if `across`; sizes chosen largest first if `tall`; a scalar's gradient a row if `rows`),
    compared."""
    reached, left_out = set(_reached(section, _names(left) | _names(right))), set()
    shown = frozenset(_shown((left, right, [section.definitions[n] for n in reached])))
    while True:
        shapes = Shapes(section, unit, shown, across, rows)
        shapes.order = sorted(SMALL, reverse=True) if tall else SMALL
        shapes.dimensions |= _bounds(left) | _bounds(right)
        try:
            for name in section.definitions:
                if name not in left_out:
                    shapes.infer(("name", name))
            break
        except ShapeError as exc:
            # an old example's definition (`u = (1, 0)` beside a later `x = (1, 2, 1)`) the claim does not reach is
            # left out; a conflict among the ones it reaches leaves it undecided
            if name in reached or name in left_out:
                return Verdict("unchecked", reason=f"the definitions in reach disagree in shape ({exc})")
            left_out.add(name)
        except LookupError as exc:
            if name in reached or name in left_out:  # a definition it reaches has no shape the reader can take
                return Verdict("unchecked", reason=f"it cannot be computed here ({exc})")
            left_out.add(name)  # `x_t^\\top = [h_{t-1}, k_{t-1}, z_t^\\top]`, which this claim does not use
    shapes.settle()  # the claim cannot change the shapes its definitions fix
    reach = _names(left) | _names(right) | reached | {n for r in reached for n in _names(section.definitions[r])}
    indexed = False  # an index that tied two sizes the reader chose apart
    try:
        sides = shapes.infer(left), shapes.infer(right)
        if _uses((left, right), {"ones"}) or any(IDENTITY.fullmatch(n) for n in _names(left) | _names(right)):
            shapes.same(*sides, "the two sides")  # a vector of ones, or the identity, takes its size from the other
        values = Values(section, shapes)
        values.focus = _names(left) | _names(right)
        if NUMBERS.match(right_text):
            verdict = _at_example(values, left, right_text)
        elif not _names(right) and not _uses(right, {"ones"}):
            verdict = _at_example(values, left, right_text, values.value(right, {}), right)
        else:
            verdict = _compare(values, left, right, [c for c in free if c in shapes.indices and (
                _loose(left, c) or _loose(right, c))], 1e-2 if first_order else 1e-6)
        if verdict.ok is False and (parameters := _reparametrised(values, left, right)):
            verdict = Verdict("unchecked", reason=REPARAMETRISED.format(names=parameters))
        if verdict.ok is False and IMAGINARY_UNIT.get() and "i" in _names(left) | _names(right) and not free and (
                _holds_as_complex(section, shapes, left, right)):
            verdict = Verdict("identity", True)
    except ShapeError as exc:
        if unit and "outside" in str(exc):
            return Verdict("unchecked", reason=f"its sizes are written ({exc})")  # `x_2` of a vector of size 1
        verdict = Verdict("identity", False, f"the shapes do not agree: {exc}{_sizes(shapes, left, right)}")
        indexed = str(exc).startswith("the index") or "indices on a value" in str(exc)  # `v_{n, y}`: labels?
        if _bold_family((left, right)):
            return Verdict("unchecked", reason=BOLD_FAMILY.format(error=exc))
    except (LookupError, ValueError, OverflowError, ZeroDivisionError) as exc:
        if "singular" in str(exc) and not tall:
            # `X(X^T X)^{-1} X^T` at a wide X, whose Gram matrix has no inverse: tried again at a tall one, the
            # design matrix every regression text means
            return _instance(section, left, right, left_text, right_text, free, first_order, unit, across, tall=True,
                             rows=rows)
        return Verdict("unchecked", reason=f"it cannot be computed here ({exc})")
    if verdict.ok is False:
        for name in reach - set(shapes.of) - set(section.definitions):
            shapes.leaf(name)  # a name the failure came before: its shape as it would have been guessed
        # `y_i = \\theta d_i + f(x_i)`: i runs over x as over d, whose sizes the reader chose apart (none declared)
        # `\\Delta t`: the step of a name nothing declares, a time step wherever the text does not say otherwise
        steps = {d[1] for d in _deltas((left, right)) if d[0] == "name"}
        verdict.guessed = shapes.guesses(reach) or indexed and not any(shapes.declared(n) for n in reach) or any(
            shapes.guessed_vector(n) for n in _ordinary_variables(left_text + " " + right_text) | steps) or bool(
            _called((left, right)) - set(section.functions)) or bool(  # `J(x) \\delta`: what a map nothing defines
            shapes.unsized_maps - set(section.functions))  # gives; `J_f(x) = W^T`, f's values of a size chosen here
    return verdict


REPARAMETRISED = ("both sides trace one set as {names} run over every value (`(x, y, z) = (0, 0, -1) + \\alpha (1, 0, "
                  "1) + \\beta (0, 1, 2)` after `x = 1 - 2\\alpha + \\beta, y = \\alpha, z = \\beta`): a solution "
                  "set parametrised anew, whose parameters need not be the same numbers")


def _reparametrised(values: Values, left: Tree, right: Tree) -> str:
    """The parameters, shown, where both sides are columns affine in the same scalars nothing defines or gives, which
    are all they reach, and trace the same proper subset (a line, a plane: offsets and directions span alike); else
    ""."""
    section = values.section
    leaves = _leaves(section, left) | _leaves(section, right)
    reached = leaves - section.valued(leaves) - set(values.shapes.indices)
    if not reached or not reached <= _leaves(section, right) or any(values.shape(p) != (1, 1) for p in reached):
        return ""
    parameters = sorted(reached)
    if IMAGINARY_UNIT.get() and "i" in parameters:
        return ""  # `[0, -i; i, 0] = iZX`: i is the imaginary unit, no parameter
    try:
        traces = [_affine(values, side, parameters) for side in (left, right)]
    except ShapeError:
        return ""
    finally:
        for p in parameters:
            values.override.pop(p, None)
        values.memo.clear()
    if None in traces or len({len(t[0]) for t in traces}) != 1:
        return ""
    (offset, directions), (other, others) = traces
    if len(offset) < 2 or _columns_rank(directions) >= len(offset):
        return ""  # a number, or a whole space, any two such traces fill: no set is told apart from another
    shift = tuple(b - a for a, b in zip(offset, other))
    ranks = {_columns_rank(directions), _columns_rank(others), _columns_rank(directions + others),
             _columns_rank([*directions, shift])}
    return ", ".join(parameters) if len(ranks) == 1 else ""


Trace = tuple[tuple[float, ...], list[tuple[float, ...]]]


def _affine(values: Values, side: Tree, parameters: list[str]) -> Trace | None:
    """A side as its value where every parameter is 0 and one direction per parameter, where it is affine in them
    (seen at a further point); else None."""
    def at(point: list[float]) -> tuple[float, ...]:
        values.memo.clear()
        values.override.update({p: Tensor.scalar(v) for p, v in zip(parameters, point)})
        value = values.value(side, {})
        if value.cols != 1:
            raise ShapeError("a solution set is a set of columns")
        return value.data

    n = len(parameters)
    offset = at([0.0] * n)
    directions = [tuple(b - a for a, b in zip(offset, at([float(k == j) for k in range(n)]))) for j in range(n)]
    probe = [0.7 + 0.45 * j for j in range(n)]
    expected = tuple(o + sum(c * d[i] for c, d in zip(probe, directions)) for i, o in enumerate(offset))
    seen = at(probe)
    return (offset, directions) if Tensor(len(seen), 1, seen).close(Tensor(len(seen), 1, expected), 1e-9) else None


def _columns_rank(columns: list[tuple[float, ...]]) -> int:
    """The rank of the matrix with these columns."""
    return Tensor.build(len(columns[0]), len(columns), lambda i, j: columns[j][i]).rank()


def _holds_as_complex(section: MatrixSection, shapes: Shapes, left: Tree, right: Tree) -> bool:
    """Whether a claim that fails with the imaginary unit i read as a real scalar holds once i^2 = -1 (and e^{i phi}
    is cos phi + i sin phi): its sides differ by (i^2 + 1) times at most a line in i (`[1; i](\\cos t + i\\sin t) =
    [\\cos t + i\\sin t; i\\cos t - \\sin t]`), seen at three values of i. A claim wrong in i (`iZX` for `iXZ`)
    differs by a multiple of i alone, and still fails."""
    def euler(t: Any) -> Any:
        """`e^{i\\phi}` as `\\cos\\phi + i \\sin\\phi` (its angle the exponent over i)."""
        def one(x: Any) -> Any:
            """One exponential of i, rewritten; None for any other node."""
            if not (isinstance(x, tuple) and x[:2] == ("fn", "exp") and "i" in _names(x[2])):
                return None
            angle = ("div", euler(x[2]), ("name", "i"))
            return ("add", ("fn", "cos", angle), ("prod", ("name", "i"), ("fn", "sin", angle)))
        return _rewritten(t, one)

    quotients = []
    for r in (0.5, 1.5, 2.5):
        values = Values(section, shapes)
        values.override["i"] = Tensor.scalar(r)
        difference = values.value(euler(left), {}) - values.value(euler(right), {})
        quotients.append([x / (r * r + 1) for x in difference.data])
    return all(math.isclose(b - a, c - b, rel_tol=1e-6, abs_tol=1e-9) for a, b, c in zip(*quotients))


def _sizes(shapes: Shapes, left: Tree, right: Tree) -> str:
    """The sizes the claim's vectors and matrices had when their shapes did not agree (` (W: 2 by 3, x: 2)`); a
    size the text neither declares nor defines is marked as the reader's guess (`x: guessed 2`)."""
    said = []
    for name in sorted(_names(left) | _names(right)):
        shape = shapes.of.get(name)
        if shape is None or not shape[2]:
            continue
        dims = [shapes.find(d) for d in shape[:2 if shape[2] == 2 else 1]]
        if all(isinstance(d, int) for d in dims):
            shown = re.sub(r"^(mathbf|bar|hat|tilde) (.+)$", r"\\\1{\2}", name)
            guessed = "" if shapes.declared(name) or name in shapes.section.definitions else "guessed "
            said.append(f"{shown}: {guessed}{' by '.join(map(str, dims))}")
    return f" ({', '.join(said)})" if said else ""


def _rewritten(t: Any, change: Any) -> Any:
    """A tree with each node `change` gives a new form for replaced by it (None: walk on inside), lists too."""
    if (new := change(t)) is not None:
        return new
    return type(t)(_rewritten(x, change) for x in t) if isinstance(t, (tuple, list)) else t


def _times_entrywise(t: Any) -> Any:
    """An expression with each `\\times` between two values read as their entrywise product (`\\odot`)."""
    return _rewritten(t, lambda x: ("had", _times_entrywise(x[1]), _times_entrywise(x[2])) if isinstance(x, tuple)
                      and x[:1] == ("prod",) and len(x) > 3 and x[3] == "times" else None)


def _cross(a: Tensor, b: Tensor) -> Tensor:
    """`\\mathbf{v} \\times \\mathbf{w}`: the cross product of two columns of three."""
    if a.rows != 3:
        raise ShapeError(f"a cross product of columns of {a.rows}, not 3")
    (a1, a2, a3), (b1, b2, b3) = a.data, b.data
    return Tensor.build(3, 1, lambda i, _: (a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1)[i])


def _first_difference(a: Tensor, b: Tensor, rtol: float, written: list[tuple[float, int]] | None = None) -> str:
    """Where two values of one shape first differ, when the entries a message shows may all agree: an 8 by 8, or
    entries apart past the digits shown (`4.24264068` against a written `4.24264069`, compared to its digits)."""
    if a.is_scalar or len(a.data) <= 6 and a.show() != b.show():
        return ""
    scale = max(map(abs, (*a.data, *b.data)))
    apart = [abs(x - v) > tolerance(v, d, approximate=True) for x, (v, d) in zip(a.data, written)] if written else [
        abs(x - y) > max(ROUNDING, rtol * scale) for x, y in zip(a.data, b.data)]
    k = next((k for k, far in enumerate(apart) if far), None)
    if k is None:
        return ""
    where = f"entry ({k // a.cols + 1}, {k % a.cols + 1})" if a.cols > 1 else f"entry {k + 1}"
    x, y = a.data[k], b.data[k]
    digits = next((d for d in range(4, 17, 2) if f"{x:.{d}g}" != f"{y:.{d}g}"), 17)
    return f"; they first differ at {where}: {x:.{digits}g} against {y:.{digits}g}"


def _rounding_spread(values: Values, left: Tree, right: Tree, index: dict[str, int]) -> list[float]:
    """How far apart two sides may be, entry by entry, as the rounded numbers they are computed from (in the claim or
    the definitions it reaches) move by half their last digit: each number's effect on the difference, summed, so
    `[1, 2; 3, 4][-0.82456484; 0.56576746] = [0.30697009; -0.21062466]` holds to 1.5e-8, as its inputs allow."""
    section = values.section
    reached = _reached(section, _names((left, right)))
    leaves = _names((left, right)) | {n for r in reached for n in _names(section.definitions[r])}
    numbers = _numbers_in((left, right, [section.definitions[n] for n in reached])) | {
        v for n in leaves if (v := section.given(n)) is not None}
    base = values.value(left, index) - values.value(right, index)
    spread = [0.0] * len(base.data)
    for number in sorted(n for n in numbers if half_digit(n)):
        saved, values.memo, values.nudge = values.memo, {}, {number: half_digit(number)}
        try:
            moved = values.value(left, index) - values.value(right, index)
        finally:
            values.memo, values.nudge = saved, {}
        spread = [s + abs(m - b) for s, m, b in zip(spread, moved.data, base.data)]
    return spread


def _numbers_in(t: Any) -> set[float]:
    """Every number an expression writes."""
    if not isinstance(t, (tuple, list)):
        return set()
    if isinstance(t, tuple) and len(t) == 2 and t[0] == "num":
        return {t[1]}
    return set().union(*(_numbers_in(x) for x in t)) if t else set()


def _within_spread(values: Values, left: Tree, right: Tree, index: dict[str, int]) -> bool:
    """Whether two sides differ by no more than the rounding of the numbers they are computed from."""
    a, b = values.value(left, index), values.value(right, index)
    if (a.rows, a.cols) != (b.rows, b.cols):
        return False  # a row read as a column, or a scalar against a matrix: not a question of rounding
    difference, spread = a - b, _rounding_spread(values, left, right, index)
    return all(abs(d) <= s * (1 + 1e-9) + ROUNDING for d, s in zip(difference.data, spread))


def _shown(t: Any) -> set[str]:
    """The names an expression writes as matrices: transposed, inverted, or with two indices (not labels)."""
    return _written_as_matrices(t) - _labelled(t)


def _written_as_matrices(t: Any) -> set[str]:
    """The names an expression writes transposed, inverted, or with two indices."""
    if not isinstance(t, (tuple, list)):
        return set()
    own: set[str] = set()
    if isinstance(t, tuple) and t and t[0] in ("T", "pow", "idx") and isinstance(t[1], tuple) and t[1][0] == "name":
        if t[0] == "T" or t[0] == "pow" and t[2] == -1 or t[0] == "idx" and len(t[2]) > 1:
            own.add(t[1][1])
    return own.union(*(_written_as_matrices(x) for x in t))


def _labelled(t: Any) -> set[str]:
    """Names whose two subscripts are labels: the expression also writes the name with the second alone
    (`\\sum_j U_{j, f} = U_f`: potential j's final value, and the final total), which no matrix's entry and row do."""
    pairs: dict[str, set[str]] = {}
    singles: dict[str, set[str]] = {}

    def walk(node: Any) -> None:
        if not isinstance(node, (tuple, list)):
            return
        if isinstance(node, tuple) and node and node[0] == "idx" and isinstance(node[1], tuple) and (
                node[1][0] == "name"):
            letters = [k for k in node[2] if isinstance(k, str)]
            if len(node[2]) == 2 and len(letters) == 2:
                pairs.setdefault(node[1][1], set()).add(letters[1])
            elif len(node[2]) == 1 and letters:
                singles.setdefault(node[1][1], set()).add(letters[0])
        for x in node:
            walk(x)

    walk(t)
    return {name for name, seconds in pairs.items() if seconds & singles.get(name, set())}


def _law(section: MatrixSection, left_text: str, right_text: str, left: Tree, right: Tree, missing: set[str]
         ) -> set[str]:
    """The matrices a law of matrix algebra is stated of (`(AB)^T = B^T A^T`, `(A - B)^T = A^T - B^T`): capitals
    nothing defines, each written on both sides, one side a bracket transposed or inverted, in a cell that gives
    them no property (symmetric, orthogonal, commuting) by which a relation could hold; it must hold for every matrix
    of the shapes its operations allow. Else none."""
    if not missing or section.properties_said or not BRACKET_TRANSPOSED.search(f"{left_text} {right_text}"):
        return set()
    names = (_names(left) | _names(right)) - {"I"}  # the identity matrix beside them (`(I - A)^T = I - A^T`)
    if not all(CAPITAL_NAME.fullmatch(n) for n in missing) or not names <= missing or _names(left) - {"I"} != (
            _names(right) - {"I"}) or _called((left, right)):
        return set()
    return missing


def _given(section: MatrixSection, name: str) -> bool:
    """Whether a name has a value: defined, declared, an input, or a loss derivative of one."""
    if name.startswith("bar "):  # a bar is given as the loss's derivative, by its own definition, or as the leaf
        # of a definition (`\\bar{h}_{l-1} = W_l^\\top \\bar{h}_l`: the gradient arriving from above, any value)
        return name in section.definitions or bool(section.loss) and _given(section, name[4:]) or any(
            name in _names(d) for d in section.definitions.values())
    return name == section.loss or name in section.names() or section.given(name) is not None or any(
        name in _names(d) for d in section.definitions.values())


def _compare(values: Values, left: Tree, right: Tree, free: list[str], rtol: float = 1e-6) -> Verdict:
    """Both sides at every value of the free indices."""
    ranges = [range(values.shapes.size(values.shapes.indices[c], values.chosen)) for c in free]
    if free and all(len(r) == 1 for r in ranges) and not values.shapes.unit:
        # `\\bar{h}_{l-1,j} = \\sum_i W_{l,ij} ...` with every index at one value: entries in the wrong order agree
        return Verdict("unchecked", reason="its indices run over one value here (the definitions in reach tie their "
                                           "dimension to 1), where entries in any order agree")
    points: list[dict[str, int]] = [{}]
    for letter, rng in zip(free, ranges):
        points = [{**p, letter: k} for p in points for k in rng]
    for point in points:
        a, b = values.value(left, point), values.value(right, point)
        if {(a.rows, a.cols), (b.cols, b.rows)} == {(a.rows, a.cols)} and a.rows != a.cols and (
                _row_of_matrix(values, left, point) or _row_of_matrix(values, right, point)):
            b = b.T  # `\\bar{W}_{1,k} = ... x_b^\\top`: a row taken by its index reads as a column, the text's a row
        if (a.rows, a.cols) != (b.rows, b.cols) and not (a.is_scalar or b.is_scalar):
            if _bold_family((left, right)):
                return Verdict("unchecked", reason=BOLD_FAMILY.format(error=f"{a.shape} against {b.shape}"))
            return Verdict("identity", False, f"the shapes do not agree: the left side is {a.shape}, the right side "
                                              f"{b.shape}")
        if a.is_scalar != b.is_scalar and _bold_family((left, right)):
            return Verdict("unchecked", reason=BOLD_FAMILY.format(error=f"{a.shape} against {b.shape}"))
        if a.is_scalar != b.is_scalar and (_uses(left, {"diag"}) or _uses(right, {"diag"})):
            return Verdict("unchecked", reason="a diagonal matrix of an entry's formula (`\\operatorname{diag}(e^{"
                                               "\\beta_0 + \\beta_1 x_i})`, one entry for each i), which the reader "
                                               "reads as one value")
        if a.is_scalar != b.is_scalar:  # which sizes made the vector: the text's, or the reader's guess
            kinds = ["scalar" if t.is_scalar else f"a vector or matrix of shape {t.shape}" for t in (a, b)]
            return Verdict("identity", False, f"the left side is {kinds[0]}, the right side {kinds[1]}"
                                              f"{_sizes(values.shapes, left, right)}")
        if not a.close(b, rtol) and max(abs(x - y) for x, y in zip(a.data, b.data)) > ROUNDING and not (
                (a.rows, a.cols) == (b.rows, b.cols) and _within_spread(values, left, right, point)):
            at = "".join(f", {c} = {k + 1}" for c, k in point.items())
            return Verdict("identity", False, f"at a random instance{at}: the left side is {a.show()}, the right "
                                              f"side {b.show()}{_first_difference(a, b, rtol)}")
    return Verdict("identity", True)


def _row_of_matrix(values: Values, t: Tree, point: dict[str, int]) -> bool:
    """Whether an expression is one row of a matrix, taken by one index (`A_{k}`, `\\bar{W}_{1,k}` of a layer W_1)."""
    if t[0] != "idx" or len(t[2]) != 1:
        return False
    whole = values.value(t[1], point)
    return whole.rows > 1 and whole.cols > 1


def _with_steps(section: MatrixSection, names: set[str]) -> MatrixSection:
    """The section with each step a claim names (`h_3`, `J_2`) defined from its family (`h_t = f(h_{t-1})`)."""
    definitions = dict(section.definitions)
    todo = [n for n in names if n not in definitions]
    while todo:
        name = todo.pop()
        m = re.fullmatch(r"(.+)_(\d+)", name)
        if not m or m.group(1) not in section.families or name in definitions:
            continue
        letter, body = section.families[m.group(1)]
        step = int(m.group(2))
        if step < 1 or _names(body) & {f"{m.group(1)}_{letter}"}:
            continue  # the first state is a leaf
        definitions[name] = _at_step(body, letter, step)
        todo.extend(n for n in _names(definitions[name]) if n not in definitions)
    steps = {n for n in definitions if n not in section.definitions}  # a step is its family's: own where it is
    own = section.own | {n for n in steps if n.rsplit("_", 1)[0] in {f.rsplit("_", 1)[0] for f in section.own}}
    return section if not steps else MatrixSection(
        definitions, own, section.declared, section.functions, section.loss, section.matrices, section.inputs,
        section.families, section.notations, origin=section.origin, heading=section.heading)


def _at_step(t: Any, letter: str, step: int) -> Any:
    """A family's body with its index at one step: `h_{t-1}` at t = 3 is `h_2`."""
    def one(x: Any) -> Any:
        """A name of the family at the step; the name unchanged if it is another's; None for any other node."""
        if not (isinstance(x, tuple) and x and x[0] == "name"):
            return None
        m = re.fullmatch(rf"(.+)_{letter}(?:-(\d+))?", x[1])
        return ("name", f"{m.group(1)}_{step - int(m.group(2) or 0)}") if m else x
    return _rewritten(t, one)


def _at_example(values: Values, left: Tree, right_text: str, right: Tensor | None = None,
                right_tree: Tree = ("num", 0.0)) -> Verdict:
    """`\\nabla_x z = [7, 21]`: checked when the text gave every value it uses, to the digits written, and to the
    rounding of the numbers the left side is computed from."""
    a = values.value(left, {})
    if values.drawn:
        return Verdict("unchecked", reason="a value at a point the text does not give in full: its code's to print")
    if right is not None and a.is_scalar != right.is_scalar and list((a if a.is_scalar else right).data) == [0.0]:
        # `0 = [0, 0, 0; 0, 0, 0]`, `A^2 = 0`: 0 written for a zero matrix or vector, which holds where every entry is 0
        other = right if a.is_scalar else a
        ok = all(abs(x) <= 1e-9 for x in other.data)
        return Verdict("identity", ok, "" if ok else f"the left side is {a.show()}, the right side {right.show()}")
    if right is not None:
        same_shape = (a.rows, a.cols) == (right.rows, right.cols)
        written = [parse_number(n) for n in re.findall(r"[-−]?\d+(?:\.\d+)?", right_text)]
        plain = same_shape and len(written) == len(right.data) and all(v == x for (v, _), x in zip(written, right.data))
        if plain:
            # `[0.7071; 0; 0; 0.7071]`, a matrix of plain numbers: each entry holds to the digits it is written with
            ok = all(abs(x - v) <= tolerance(v, d, approximate=True) + s for x, (v, d), s in zip(
                a.data, written, _rounding_spread(values, left, ("num", 0.0), {})))
        else:
            ok = same_shape and (a.close(right) or _within_spread(values, left, right_tree, {}))
        where = _first_difference(a, right, 1e-6, written if plain else None) if same_shape else ""
        said = f"the left side is {a.show()}, the right side {right.show()}{where}"
        return Verdict("identity", ok, "" if ok else said)
    numbers = [parse_number(n) for n in re.findall(r"[-−]?\d+(?:\.\d+)?", right_text)]
    if numbers == [(0.0, 0)] and len(a.data) > 1:  # `v_1 + 2 v_2 - v_3 = 0`: the zero vector
        return Verdict("identity", True) if all(abs(x) <= 1e-9 for x in a.data) else Verdict(
            "identity", False, f"the left side is {a.show()}, the right side 0, no zero vector")
    if len(numbers) != len(a.data):
        return Verdict("identity", False, f"the left side is {a.show()}, the right side {len(numbers)} numbers")
    if all(abs(x - v) <= tolerance(v, d, approximate=True) for x, (v, d) in zip(a.data, numbers)):
        return Verdict("identity", True)
    return Verdict("identity", False, f"the left side is {a.show()}, the right side {right_text.strip()}")


def _approximation(section: MatrixSection, statement: str) -> Verdict | None:
    """`a \\approx b`: numbers to the digits written, or a first-order relation between changes (`\\Delta`)."""
    sides = [x.strip() for x in split_top_level(statement, ("\\approx",))]
    if len(sides) != 2 or "=" in sides[1]:
        return None
    left_text = split_top_level(sides[0], ("=",))[-1].strip()
    if NUMBER_RE.match(sides[1]) or LIST_RE.match(sides[1]):
        if not SCALAR_GAP.search(left_text) and not _matrix_syntax(left_text) and not re.search(
                r"\\(?:sqrt|tanh|sin|cos|exp|log)", left_text):
            return None  # the scalar reader's and the numbers check's
        verdict = _claim(section, left_text, sides[1])
        return verdict if verdict.kind != "unchecked" else None
    if "\\Delta" not in statement:
        return None
    parts = [x.strip() for x in split_top_level(sides[0], ("=",))]
    verdicts = [_claim(section, a, b) for a, b in zip(parts, parts[1:])]
    return _worst([*verdicts, _claim(section, parts[-1], sides[1], first_order=True)])


# ---------------------------------------------------------------------------------------------- statistics

MATRIX_DRAWS = 4000  # draws of a whole instance: a mean square of a few entries to about 2 %, in about a second
APPROXIMATE_STATISTIC = ("an approximation between expectations or variances: the text does not say how close, and "
                         "what it averages over beyond the stated draws")


def _distribution(section: MatrixSection, statement: str) -> None:
    """Record `W_{l,ij} \\sim \\mathcal{N}(0, 2/n)` (or `W \\sim ...`): W_l's entries, each drawn independently."""
    known = section.known()

    def one(text: str) -> Tree:
        """One parameter as a tree, its sizes and inputs named."""
        try:
            return parse_side(text, known)
        except Unread as exc:
            raise ValueError(text) from exc

    try:
        found = parse_distribution(statement, one, lambda text: split_top_level(text, (",",)))
    except Unread:
        return
    if not found:
        return
    for text in found[0]:
        if name := _drawn_name(text, known):
            section.random[name] = found[1]
        else:  # `\log x \sim \mathcal{N}(\mu, \sigma)`: x is drawn from what the reader does not state (log-normal)
            for inner in transformed_names(text):
                section.random.pop(inner, None)


def _drawn_name(text: str, known: set[str]) -> str | None:
    """The name whose entries a `\\sim` statement draws: W for `W` and `W_{ij}`, W_l for `W_{l,ij}` or a known W_l."""
    m = re.fullmatch(r"\s*([A-Za-z]|\\[A-Za-z]+)\s*(?:_\{?\s*([^{}]*?)\s*\}?)?\s*", text)
    if not m:
        return None
    base, sub = m.group(1).lstrip("\\"), (m.group(2) or "").replace(" ", "")
    head, _, entries = sub.rpartition(",")
    if head:
        return f"{base}_{head}"
    if sub and (f"{base}_{sub}" in known or not (sub.isalpha() and sub.islower())):
        return f"{base}_{sub}"
    return base


def _statistic_claim(section: MatrixSection, statement: str) -> Verdict:
    """`\\mathbb{E}\\lVert J_l v\\rVert^2 = \\lVert v\\rVert^2`, `\\operatorname{Var}(W) = 2/n`: a side that is one
    expectation or variance of what the section draws (see `_distribution`), or a formula in expectations and variances
    of drawn names, against a side without one, or two such sides.

    The variance or mean of one drawn name is its distribution's (`Var(W)`: an entry's); anything else is
    estimated from MATRIX_DRAWS seeded draws of every drawn name, the other names at one instance (a claim that
    holds for every value of them holds there), and fails only beyond six standard errors.
    """
    if "\\approx" in statement:
        return Verdict("unchecked", reason=APPROXIMATE_STATISTIC)
    sides = [s.strip().rstrip(".").strip() for s in split_top_level(statement, ("=",))]
    if len(sides) != 2 or not all(sides):
        return Verdict("unchecked", reason="a chain of expectations or variances, not one equation")
    try:
        read = [_statistic_side(section, side) for side in sides]
    except (Unread, ValueError) as exc:
        return Verdict("unchecked", reason=f"an expectation or a variance the reader cannot read ({exc})")
    drawn = [set(_random_reached(section, tree)) if kind != "exact" else {""} for kind, tree in read]
    for (kind, tree), names in zip(read, drawn):
        if kind and not names:
            what = ", ".join(sorted(_names(tree))) or "a number"
            return Verdict("unchecked", reason=f"an expectation or a variance of {what}, whose distribution the text "
                                               "does not state in math (`W_{ij} \\sim \\mathcal{N}(0, 1/n)`)")
        if not kind and names:
            return Verdict("unchecked", reason=f"a drawn value ({', '.join(sorted(names))}) outside any expectation")
    if not any(kind for kind, _ in read):
        return Verdict("unchecked", reason="no expectation or variance it can read")
    for kind, tree in read:
        if not kind and tree[0] == "name" and not _given(section, tree[1]) and not _parameter(section, tree[1]):
            # `\hat{\mu} = \mathbb{E}(x)`: an estimator named, which nothing else defines
            return Verdict("unchecked", reason=f"it names the statistic {tree[1]}, which nothing else defines (an "
                                               "estimator): a name given, not a claim")
    try:
        return _statistic_compare(section, read, sides)
    except ShapeError as exc:
        return Verdict("identity", False, f"the shapes do not agree: {exc}")
    except (LookupError, ValueError, OverflowError, ZeroDivisionError) as exc:
        return Verdict("unchecked", reason=f"it cannot be computed here ({exc})")


def _statistic_side(section: MatrixSection, side: str) -> tuple[str, Tree]:
    """("E" or "Var", what it is of) for a side that is one of them, ("", the side) for a side with none."""
    spans = statistic_spans(side)
    known = section.known()
    if not spans:
        return "", parse_side(side, known, _free_indices(side, known))
    kind, argument, start, end = spans[0]
    if len(spans) == 1 and not side[:start].strip() and not side[end:].strip():
        return kind, parse_side(argument, known, _free_indices(argument, known))
    if all(_drawn_name(arg, known) in section.random for _, arg, _, _ in spans):
        return "exact", ("text", side)  # `n \\operatorname{Var}(W) \\cdot \\frac{1}{2}`: each one a distribution's
    raise ValueError("a side that is more than one expectation or variance of a drawn name")


def _parameter(section: MatrixSection, name: str) -> bool:
    """Whether a name is a parameter of a distribution the section states (`\\mu` of `x \\sim N(\\mu, \\sigma^2)`)."""
    return any(name in _names(p) for d in section.random.values() for p in d.parameters)


def _random_reached(section: MatrixSection, tree: Tree) -> list[str]:
    """The drawn names an expression uses, directly or through the definitions."""
    names = _names(tree)
    for name in list(names):
        names |= _ancestors(section, name)
    return sorted(n for n in names if n in section.random)


def _statistic_compare(section: MatrixSection, read: list[tuple[str, Tree]], sides: list[str]) -> Verdict:
    """Both sides at one instance, each expectation or variance exact or estimated; compared within six standard
    errors of the estimates (1e-6 relative when both are exact)."""
    shapes = Shapes(section)
    for name in section.definitions:
        shapes.infer(("name", name))
    for kind, tree in read:
        shapes.infer(tree) if kind != "exact" else None
    shapes.settle()
    values = Values(section, shapes)
    read = [(kind, _exact_side(section, values, tree[1])) if kind == "exact" else (kind, tree) for kind, tree in read]
    results = [_statistic_value(section, values, kind, tree) if kind in ("E", "Var") else _scalar_value(values, tree)
               for kind, tree in read]
    (a, a_error), (b, b_error) = results
    written = [parse_number(side) for side in sides if NUMBER_RE.match(side)]  # `= 0.33`: to its digits
    slack = 6 * math.hypot(a_error, b_error) + (tolerance(*written[0]) if written else 1e-6 * max(abs(a), abs(b),
                                                                                                    1e-12))
    if abs(a - b) <= slack:
        return Verdict("identity", True)
    said = [f"the {where} side `{side}` is {value:.6g}" + (f" (from {MATRIX_DRAWS} seeded draws, standard error "
                                                            f"{error:.2g})" if error else "")
            for where, side, (value, error) in zip(("left", "right"), sides, results)]
    guessed = [n for n in sorted(set(_random_reached(section, read[0][1]) + _random_reached(section, read[1][1])))
               if n not in section.declared]
    if guessed and (a_error or b_error):  # an estimate over draws of a shape the text does not declare
        return Verdict("unchecked", reason=f"false for the shapes guessed for {', '.join(guessed)}, which the text "
                                           f"does not declare ({said[0]}, {said[1]})")
    return Verdict("identity", False, f"at a random instance of the other names, {said[0]} and {said[1]}")


def _exact_side(section: MatrixSection, values: Values, side: str) -> Tree:
    """A side with each expectation or variance of a drawn name replaced by its distribution's value here."""
    out, at = "", 0
    for kind, argument, start, end in statistic_spans(side):
        name = _drawn_name(argument, section.known())
        mean, variance = moments(_numeric(values, section.random[name]))
        out, at = out + side[at:start] + f" \\cdot ({mean if kind == 'E' else variance!r}) \\cdot ", end
    out = re.sub(r"^\s*\\cdot|\\cdot\s*$", "", re.sub(r"\\cdot\s*(?:\\,\s*)?\\cdot", r"\\cdot", out + side[at:]))
    known = section.known()
    return parse_side(out, known, _free_indices(side, known))


def _scalar_value(values: Values, tree: Tree) -> tuple[float, float]:
    """A side without randomness: its value, exactly."""
    value = values.value(tree, {})
    if not value.is_scalar:
        raise LookupError("a side that is no number")
    return value.data[0], 0.0


def _statistic_value(section: MatrixSection, values: Values, kind: str, tree: Tree) -> tuple[float, float]:
    """E or Var of an expression over the section's draws: (value, standard error), the error 0 when exact."""
    distributions = {name: _numeric(values, section.random[name]) for name in _random_reached(section, tree)}
    if tree[0] == "name" and tree[1] in distributions:
        mean, variance = moments(distributions[tree[1]])  # `\\operatorname{Var}(W)`: one entry's
        return (mean if kind == "E" else variance), 0.0
    rng = random.Random(0)
    samplers = {name: d.sampler() for name, d in distributions.items()}
    draws = []
    try:
        for _ in range(MATRIX_DRAWS):
            values.memo = {}
            for name, draw in samplers.items():
                rows, cols = values.shape(name)
                values.override[name] = Tensor.build(rows, cols, lambda i, j, draw=draw: draw(rng))
            value = values.value(tree, {})
            if not value.is_scalar:
                raise LookupError("an expectation of a vector or a matrix")
            draws.append(value.data[0])
    finally:
        for name in samplers:
            values.override.pop(name, None)
        values.memo = {}
    result: Estimate = estimate(kind, draws)
    return result.value, result.error


def _numeric(values: Values, distribution: Distribution) -> Distribution:
    """A distribution with its parameters (sizes, inputs) at this instance."""
    numbers = []
    for parameter in distribution.parameters:
        value = values.value(parameter, {})
        if not value.is_scalar:
            raise LookupError("a distribution's parameter that is no number")
        numbers.append(value.data[0])
    return Distribution(distribution.family, tuple(numbers))
