"""Reading a notebook's math with SymPy, section by section: definitions, inputs, and the claims they let us check.

Each statement (see `notebook.math_statements`) with `=` is read, in order, within its section:

- an *input*: a bare name equal to a number (`x = 3`); it gives the name a value;
- a *definition*: a bare name not yet defined, or a function of one variable, equal to an
  expression (`y = x + 1`, `z = y^2`, `\\sigma(x) = \\frac{1}{1+e^{-x}}`); its right-hand side's
  names are the node's *direct inputs*;
- a *derivative claim*: `\\frac{dA}{dB} = R`, `\\frac{\\partial A}{\\partial B} = R`,
  `\\frac{d}{dB} E = R` or `f'(B) = R`;
- an *identity claim*: anything else with two sides, including a defined name set equal to a new
  expression (`z = (x+1)^2` after `z = y^2`): both sides must agree once every definition is
  substituted.

The two readings of a derivative, exactly:

- the *local partial* of A with respect to B differentiates A's own definition with respect to one
  of its direct inputs B, the other direct inputs held fixed (`z = a^2` gives 2a whatever a is);
- the *total derivative* of A with respect to B substitutes the definitions of every name that
  depends on B (B's descendants, A included) and differentiates the result with respect to B,
  holding fixed every name that does not depend on B: the sum over every path from B to A.

`\\frac{dA}{dB}` (and `f'`) means the total derivative. `\\frac{\\partial A}{\\partial B}` means the
local partial when B is a direct input of A, and the total derivative otherwise. Where both
readings differ, a claim that matches the reading its notation does not mean is reported as that
ambiguity. A claim whose right-hand side is a number is compared at the section's inputs, within
the precision it is written with.

Decorated and subscripted names (`\\bar{a}`, `\\hat{y}_i`, `W_{12}`) are names of their own. A name
followed by parentheses is a product when the name is a defined variable (`y(1-y)`), a function
otherwise. `e` is Euler's number unless the section defines it. What SymPy cannot parse, or
cannot check with the definitions in reach (sums over indices, matrices, prose), is counted as
unchecked, never silently passed.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .ignore import TAG, ignored_cells
from .matrices import MatrixSection, Verdict, read_matrix_statement
from .notebook import (
    INPUT_RE,
    NUMBER_RE,
    Context,
    parse_number,
    sections,
    split_top_level,
    statements_with_roles,
    tolerance,
)

__all__ = ["Reading", "Section", "Unparsed", "load_parses", "parse", "read_statement", "readings", "save_parses"]

DECORATION = re.compile(r"\\(bar|hat|tilde|dot|vec|overline)\{\s*(\\?[A-Za-z]+)\s*\}(?:_\{?([A-Za-z0-9]+)\}?)?")
SUBSCRIPTED = re.compile(r"(?<![\\A-Za-z])(\\[A-Za-z]+|[A-Za-z])_\{?([A-Za-z0-9]+)\}?")
PRIME = re.compile(r"^(\\?[A-Za-z]+)('+)\((.+)\)$")
FUNCTION_DEF = re.compile(r"^(\\?[A-Za-z]+)\(\s*(\\?[A-Za-z]+(?:\s*,\s*\\?[A-Za-z]+)*)\s*\)$")
# An iteration or time-step superscript (`r^{k+1}`, `u^{(n)}`, `u^n_i`): a step's index, not a power.
ITERATION = re.compile(r"\^\s*\{\s*\(?\s*[a-z]\s*[-+]\s*\d+\s*\)?\s*\}|\^\s*\{\s*\([a-z]\)\s*\}|\^\s*\{?\s*n\s*\}?\s*_")
# A number with a unit after it (`100 kg`, `9.81 \frac{m}{s^2}`, `0.5 m`): a given quantity, not a formula.
UNIT = re.compile(r"^\s*[-−]?\d+(?:\.\d+)?\s*(?:\\mathrm\{[^}]*\}|\\frac\{\s*[A-Za-z]{1,3}\s*\}\{[A-Za-z ^{}0-9]+\}|"
                  r"\{\\rm\s*[^{}]*\}|[A-Za-z]{1,3}(?:\^\{?-?\d\}?)?(?:\s*/\s*[A-Za-z]{1,3}(?:\^\{?-?\d\}?)?)?)\s*\.?\s*$")
# Sums over indices, vectors and matrices, limits, sets: beyond what a section's scalar definitions can check.
UNCHECKABLE = re.compile(r"'|\\(partial|sum|prod|int|nabla|mathbf|boldsymbol|begin|top|odot|otimes|lim|mid|in|to|"
                         r"ldots|cdots|operatorname|mathbb|leq|geq|le|ge|lt|gt|Vert|lVert|rVert)(?![A-Za-z])|\\\\|"
                         r"\\\||\|\||<|>|\\{|\[|\]")
FUNCTION_LETTERS = {"f", "g", "h", "F", "G", "H"}  # f(x) is a function; y(1-y) is a product
ELEMENTARY = {"sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
              "exp": "exp", "ln": "log", "log": "log"}
COMMANDS = {"frac", "partial", "mathit", "cdot", "times", "exp", "log", "ln", "sin", "cos", "tan", "tanh", "sinh",
            "cosh", "sqrt", "max", "min", "left", "right", "top", "operatorname"}


class Unparsed(ValueError):
    """SymPy could not read this LaTeX, or read less of it than was written."""


def _sympy() -> Any:
    """SymPy and its LaTeX parser, imported on first use: they take a second to load."""
    import sympy
    from sympy.parsing.latex import parse_latex

    return sympy, parse_latex


def _name(base: str, decoration: str = "", sub: str | None = None) -> str:
    """A plain-letter name for a decorated or subscripted symbol (`\\hat{y}_i` -> `yhatsubi`)."""
    return base.lstrip("\\") + decoration + (f"sub{sub}" if sub else "")


def _prepare(latex: str) -> tuple[str, dict[str, str]]:
    """LaTeX with decorated and subscripted names made single symbols; and how to show them again."""
    shown: dict[str, str] = {}

    def decorated(m: re.Match[str]) -> str:
        """`\\hat{y}_i` as one symbol, remembered so messages can write it back."""
        name = _name(m.group(2), m.group(1), m.group(3))
        shown[name] = m.group(0)
        return f"\\mathit{{{name}}}"

    def subscripted(m: re.Match[str]) -> str:
        """`W_{12}` as one symbol (a command such as `\\frac` left alone), remembered for messages."""
        if m.group(1).lstrip("\\") in COMMANDS:
            return m.group(0)
        name = _name(m.group(1), "", m.group(2))
        shown[name] = m.group(0)
        return f"\\mathit{{{name}}}"

    text = DECORATION.sub(decorated, latex)
    text = SUBSCRIPTED.sub(subscripted, text)
    text = text.replace("\\cdot", " \\cdot ").replace("\\mathrm{d}", "d")
    return text.strip().rstrip(".").strip(), shown


PARSED: dict[str, Any] = {}  # LaTeX -> SymPy expression (or the exception's name); see load_parses


def _parse_latex(text: str) -> Any:
    """SymPy's LaTeX parser (ANTLR, about 20 ms a call), once per distinct text and, with a cache file, per run."""
    if text not in PARSED:
        try:
            PARSED[text] = _sympy()[1](text)
        except Exception as exc:  # noqa: BLE001 - remembered as unparsable
            PARSED[text] = type(exc).__name__
    if isinstance(PARSED[text], str):
        raise Unparsed(text)
    return PARSED[text]


def load_parses(folder: Path) -> None:
    """Read earlier runs' parses (every `*.pickle` in folder); a damaged file is ignored."""
    for path in sorted(folder.glob("*.pickle")):
        try:
            with path.open("rb") as f:
                PARSED.update(pickle.load(f))
        except Exception:  # noqa: BLE001 - a cache never stops a check; it is rebuilt
            continue


def save_parses(path: Path) -> None:
    """Write this run's parses for the next run (atomically: a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(PARSED, f)
    os.replace(tmp, path)


def parse(latex: str, variables: set[str] = frozenset()) -> Any:
    """One side of a statement as a SymPy expression, or Unparsed."""
    sympy, parse_latex = _sympy()
    latex = _brackets(latex)
    if UNCHECKABLE.search(latex) or latex.count("|") % 2 or re.search(r"_\{[^{}]*[{_]", latex):  # `C_{p_{N}}`
        raise Unparsed(latex)
    text, _ = _prepare(latex)
    if not text:
        raise Unparsed(latex)
    try:
        expr = _parse_latex(text)
    except Exception as exc:  # the parser raises several kinds
        raise Unparsed(latex) from exc
    if isinstance(expr, (sympy.Eq, sympy.Rel)):
        raise Unparsed(latex)
    written = set(re.findall(r"\\mathit\{(\w+)\}", text)) | set(
        re.findall(r"(?<![\\A-Za-z{])([A-Za-z])(?![A-Za-z])", re.sub(r"\\[A-Za-z]+|\\mathit\{\w+\}", " ", text)))
    found = {str(s) for s in expr.free_symbols} | {type(f).__name__ for f in expr.atoms(sympy.Function)}
    if not written <= found | {"e", "d"}:
        raise Unparsed(latex)  # the parser stopped early and dropped part of the formula
    return _fix_products(expr, variables)


def _brackets(latex: str) -> str:
    """Square brackets that group (`\\frac{d}{dx}[3x^2 - 4x]`) as parentheses; an interval or list keeps them."""
    return re.sub(r"\[([^\[\],]*)\]", r"(\1)", latex)


def _fix_products(expr: Any, variables: set[str]) -> Any:
    """`y(1-y)` read as applying a function y: make it a product when y is a variable; `e` is Euler's number."""
    sympy, _ = _sympy()
    replacements = {}
    for app in expr.atoms(sympy.core.function.AppliedUndef):
        name = type(app).__name__
        if len(app.args) == 1 and (name in variables or (len(name) == 1 and name not in FUNCTION_LETTERS)):
            replacements[app] = sympy.Symbol(name) * app.args[0]
    expr = expr.xreplace(replacements)
    if "e" not in variables:
        expr = expr.subs(sympy.Symbol("e"), sympy.E)
    return expr


@dataclass
class Reading:
    """What one statement is, and what checking it found."""

    statement: str
    cell: int
    kind: str  # input, definition, derivative, identity, arithmetic, number, unparsed, unchecked
    ok: bool | None = None  # None: not a claim, or not checkable
    message: str = ""
    reason: str = ""  # why an unchecked or unparsed statement stays unchecked


@dataclass
class Section:
    """Definitions and inputs met so far in one section, and the readings of its statements."""

    definitions: dict[str, Any] = field(default_factory=dict)  # name -> expression in direct inputs
    functions: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (variable, expression)
    inputs: dict[str, float] = field(default_factory=dict)
    adjoint: str | None = None  # `\bar{v}` means dL/dv for this L (notation lasts for the whole notebook)

    # ---------------------------------------------------------------- substitution

    def _names(self) -> set[str]:
        """Every name the section has met so far: defined or given a value."""
        return set(self.definitions) | set(self.inputs)

    def apply_functions(self, expr: Any) -> Any:
        """Replace each application of a defined function by its definition."""
        sympy, _ = _sympy()
        for _ in range(10):
            apps = {app: self.functions[type(app).__name__] for app in expr.atoms(sympy.core.function.AppliedUndef)
                    if type(app).__name__ in self.functions and len(app.args) == len(_variables(
                        self.functions[type(app).__name__][0]))}
            if not apps:
                return expr
            expr = expr.xreplace({app: body.subs(dict(zip(_variables(var), app.args)), simultaneous=True)
                                  for app, (var, body) in apps.items()})
        return expr

    def expand(self, expr: Any, only: set[str] | None = None) -> Any:
        """Substitute definitions (all, or `only` these names) until none is left."""
        sympy, _ = _sympy()
        expr = self.apply_functions(expr)
        for _ in range(20):
            subs = {sympy.Symbol(n): self.apply_functions(d) for n, d in self.definitions.items()
                    if (only is None or n in only) and sympy.Symbol(n) in expr.free_symbols}
            if not subs:
                return expr
            expr = expr.subs(subs)
        return expr

    def descendants(self, name: str) -> set[str]:
        """Every defined name that depends on `name`, directly or through other names."""
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for n, d in self.definitions.items():
                deps = {str(s) for s in d.free_symbols}
                if n not in found and deps & (found | {name}):
                    found.add(n)
                    changed = True
        return found

    def determines(self, *exprs: Any) -> bool:
        """Whether the definitions fix these expressions: once substituted, only their leaves and inputs are left."""
        sympy, _ = _sympy()
        leaves = {str(s) for d in self.definitions.values() for s in d.free_symbols} | set(self.inputs)
        leaves |= {str(v) for var, _ in self.functions.values() for v in _variables(var)}
        expanded = set().union(*({str(s) for s in self.expand(e).free_symbols} for e in exprs))
        return expanded <= leaves and (bool(expanded) or not any(e.atoms(sympy.Function) for e in exprs))

    # ---------------------------------------------------------------- derivatives

    def local(self, a: str, b: str) -> Any | None:
        """The local partial of A's definition with respect to its direct input B (None if B is not one)."""
        sympy, _ = _sympy()
        if a not in self.definitions or sympy.Symbol(b) not in self.definitions[a].free_symbols:
            return None
        return sympy.diff(self.apply_functions(self.definitions[a]), sympy.Symbol(b))

    def total(self, expr: Any, b: str) -> Any:
        """The total derivative of an expression with respect to B: every path from B, the rest held fixed."""
        sympy, _ = _sympy()
        return sympy.diff(self.expand(expr, only=self.descendants(b)), sympy.Symbol(b))

    def readings_of(self, notation: str, target: Any, var: str) -> tuple[Any, Any | None]:
        """(what the notation means, the other reading or None) for d/d or partial/partial of target by var."""
        sympy, _ = _sympy()
        used = {str(s) for s in target.free_symbols} | {type(f).__name__ for f in target.atoms(sympy.Function)}
        explicit = not isinstance(target, (sympy.Symbol, sympy.core.function.AppliedUndef))
        if not explicit and not used & (set(self.definitions) | set(self.functions)):
            raise LookupError("nothing in reach defines what is differentiated")
        local = self.local(str(target), var) if isinstance(target, sympy.Symbol) else None
        total = self.total(target, var)
        return (local, total) if notation == "\\partial" and local is not None else (total, local)

    # ---------------------------------------------------------------- comparing

    def same(self, left: Any, right: Any, decimals: int | None = None, free: frozenset[str] = frozenset()) -> bool:
        """Equal once every definition is substituted (and, for a number, at the section's inputs).

        A claim about a variable (`free`: what is differentiated by, a function's argument) holds for
        every value of it: an input the prose gave it elsewhere (`at x = 0`) is not used.
        """
        sympy, _ = _sympy()
        difference = self.expand(left) - self.expand(right)
        if decimals is None and not self.expand(right).free_symbols:
            decimals = 12  # the claimed side is a number: compare at the section's inputs
        if decimals is not None:
            value = difference.subs({sympy.Symbol(n): v for n, v in self.inputs.items()})
            if value.free_symbols:
                raise LookupError("not every input has a value")
            try:
                float(value)
            except TypeError:
                raise LookupError("the difference is not a real number") from None
            scale = self.expand(right).subs({sympy.Symbol(n): v for n, v in self.inputs.items()})
            return abs(float(value)) <= tolerance(0.0 if scale.free_symbols else float(scale), decimals)
        if sympy.expand(difference) == 0:
            return True
        # Otherwise evaluate the difference at fixed points: one where it is not zero settles the claim
        # as false; zero at all of them (for these elementary functions) as true, without a slow simplify.
        return self._zero_at_samples(difference, free)

    def _zero_at_samples(self, difference: Any, free: frozenset[str] = frozenset()) -> bool:
        """Whether a difference vanishes at a few points (inputs at their values, other names at 0.3 .. 1.7)."""
        sympy, _ = _sympy()
        symbols = sorted(difference.free_symbols, key=str)
        inputs = {n: v for n, v in self.inputs.items() if n not in free}
        for k in range(5):
            point = {s: inputs.get(str(s), 0.3 + 0.35 * ((k + i) % 5)) for i, s in enumerate(symbols)}
            try:
                value = complex(difference.subs(point).evalf())
            except (TypeError, ValueError):
                raise LookupError("the difference could not be evaluated") from None
            if abs(value) > 1e-9 * max(1.0, abs(value)):
                return False
        return True

    def show(self, expr: Any) -> str:
        """An expression as LaTeX, with decorated names written the way the text writes them."""
        sympy, _ = _sympy()
        text = sympy.latex(expr)
        return re.sub(r"\\mathit\{(\w+)\}|\b(\w+sub\w+|\w+(?:bar|hat|tilde))\b",
                      lambda m: m.group(0) if not (m.group(1) or m.group(2)) else
                      _unname(m.group(1) or m.group(2)), text)


def _variables(var: Any) -> tuple[Any, ...]:
    """A function's variables: one symbol, or the tuple of a function of several variables."""
    return var if isinstance(var, tuple) else (var,)


def _unname(name: str) -> str:
    """`yhatsubi` -> `\\hat{y}_i`, for messages."""
    m = re.match(r"^([A-Za-z]+?)(bar|hat|tilde|dot|vec|overline)?(?:sub(\w+))?$", name)
    if not m:
        return name
    base = m.group(1) if len(m.group(1)) == 1 else f"\\{m.group(1)}"
    text = f"\\{m.group(2)}{{{base}}}" if m.group(2) else base
    return text + (f"_{{{m.group(3)}}}" if m.group(3) else "")


def _sides(statement: str) -> list[str]:
    """The sides of `a = b = c`, split at top-level equals signs."""
    return [s.strip() for s in split_top_level(statement, ("=",))]


def _undecidable(section: Section, statement: str) -> str:
    """Why a statement is not an equation between scalars the section can decide, or "" when it may be one."""
    if ITERATION.search(statement):
        return "a recurrence: a superscript such as k+1 numbers a step, it is not a power"
    bare = re.sub(r"\\[A-Za-z]+|_\{[^}]*\}|_\w|\^\{[^}]*\}", " ", statement)
    capitals = re.findall(r"(?<![A-Za-z])([A-Z])\s*([A-Z])(?![a-z])", bare)
    if any({a, b} - section._names() - set(section.functions) for a, b in capitals):
        return "a product of capitals (such as MI) may be a product of matrices, which do not commute"
    return ""


def read_statement(section: Section, statement: str, cell: int, condition: bool = False) -> Reading:
    """Classify one statement, record what it defines, and check what it claims.

    A `condition` (see `nbtruth.statements`) defines nothing and gives no input: it is only checked as a claim.
    """
    if "\\approx" in statement and (reading := _arithmetic(statement, cell)):
        return reading
    if "\\approx" in statement or "\\equiv" in statement or "\\ne" in statement:
        return Reading(statement, cell, "unchecked")
    sides = _sides(statement)
    if len(sides) < 2 or not sides[0]:
        return Reading(statement, cell, "none")
    if why := _undecidable(section, statement):
        return Reading(statement, cell, "unchecked", reason=why)
    left, right = sides[0], sides[-1]
    if (unit := re.fullmatch(r"\s*([ij])\s*\^\s*\{?\s*2\s*\}?\s*", left)) and right.strip() == "-1" and not condition:
        section.definitions[unit.group(1)] = _sympy()[0].I  # `j^2 = -1`: from here on j is the imaginary unit
        return Reading(statement, cell, "definition")
    if UNIT.match(right) and INPUT_RE.match(left):
        return Reading(statement, cell, "input", reason="a quantity with a unit: its value is not used")
    if condition:
        try:
            return _condition(section, statement, cell, sides)
        except Unparsed:
            return Reading(statement, cell, "unparsed")
    if reading := _adjoint_notation(section, statement, cell, left, right):
        return reading
    number = NUMBER_RE.match(right)
    pair = re.fullmatch(r"\(([^()]*)\)", left.strip()), re.fullmatch(r"\(([^()]*)\)", right.strip())
    if all(pair) and INPUT_RE.match(left):
        names = [n.strip().lstrip("\\") for n in pair[0].group(1).split(",")]
        values = [NUMBER_RE.match(v) for v in pair[1].group(1).split(",")]
        if len(names) == len(values) and all(values):
            section.inputs.update({n: parse_number(v.group(1))[0] for n, v in zip(names, values)})
            return Reading(statement, cell, "input")
    try:
        if INPUT_RE.match(left) and number and len(sides) == 2 and "(" not in left:
            name, _ = _prepare(left)
            name = re.sub(r"^\\mathit\{(\w+)\}$", r"\1", name).lstrip("\\")
            if name not in section.definitions:
                section.inputs[name] = parse_number(number.group(1))[0]
                return Reading(statement, cell, "input")
        if len(sides) > 2 and FUNCTION_DEF.match(sides[1].strip()) and not FUNCTION_DEF.match(left.strip()):
            _definition(section, statement, cell, sides[1], sides[2], len(sides) > 3)  # `u = f(x) = ...`: f too
        if not number and (reading := _definition(section, statement, cell, left, sides[1], len(sides) > 2)):
            if len(sides) == 2 or reading.kind != "definition":
                return reading
            sides = sides[1:]  # `z = y^2 = (x+1)^2`: defined by the first, the rest are claims
        if number and len(sides) == 2:
            value, decimals = parse_number(number.group(1))
            return _claim(section, statement, cell, left, right, decimals)
        results = [_claim(section, statement, cell, a, b, None) for a, b in zip(sides, sides[1:])]
        failed = [r for r in results if r.ok is False]
        unchecked = [r for r in results if r.ok is None]
        return failed[0] if failed else unchecked[0] if unchecked else results[0]
    except Unparsed:
        return Reading(statement, cell, "unparsed")


def _condition(section: Section, statement: str, cell: int, sides: list[str]) -> Reading:
    """A condition (`p = y` at `x = 2`): checked where its sides are claims the section decides, else unchecked."""
    results = [_claim(section, statement, cell, a, b, None) for a, b in zip(sides, sides[1:])]
    if all(r.kind == "derivative" and r.ok is not None for r in results):  # a derivative's value at a point
        return next((r for r in results if r.ok is False), results[0])
    return Reading(statement, cell, "unchecked", reason="a condition (at a point, on a boundary), not a definition")


def readings(ctx: Context) -> list[tuple[str, Reading]]:
    """(section heading, reading) for every statement with `=` or `\\approx` in the notebook's markdown, in order.

    Read once per notebook (kept in `ctx.cache`): the formula and number checks and the coverage line share it.
    """
    if "readings" not in ctx.cache:
        skipped = ignored_cells(ctx.nb)
        ctx.cache["readings"] = [(heading, r if r.cell not in skipped or r.kind in ("definition", "input") else
                                  replace(r, kind="unchecked", ok=None, message="", reason=f"in a cell marked {TAG}"))
                                 for heading, r in _read_notebook_math(ctx)]
    return ctx.cache["readings"]


def _read_notebook_math(ctx: Context) -> list[tuple[str, Reading]]:
    """Read every equation of every section, each against the definitions of its own section."""
    found = []
    adjoint = None  # notation, unlike definitions, lasts from its section to the end of the notebook
    matrices = MatrixSection()  # vector and matrix definitions last too, until redefined (see nbtruth.matrices)
    for heading, indices in sections(ctx.nb):
        section = Section(adjoint=adjoint)
        matrices.new_section(heading)
        matrices.inputs = section.inputs
        for i in indices:
            cell = ctx.nb.cells[i]
            if cell.cell_type != "markdown":
                continue
            for statement, role in statements_with_roles(cell.source):
                verdict = _matrix_verdict(matrices, statement) if role != "condition" else None
                verdict = _undeclared(matrices, statement, verdict)
                if "=" in statement or "\\approx" in statement:
                    reading = read_statement(section, statement, i, role == "condition")
                    found.append((heading, _combine(reading, verdict)))
        adjoint = section.adjoint
    return found


def _matrix_verdict(matrices: MatrixSection, statement: str) -> Verdict | None:
    """The matrix reader's verdict; a statement it fails on is unchecked, never a crash of the whole run."""
    try:
        return read_matrix_statement(matrices, statement)
    except Exception as exc:  # noqa: BLE001 - one unreadable statement must not stop a course's CI
        return Verdict("unchecked", reason=f"the matrix reader failed on it ({type(exc).__name__})")


def _undeclared(matrices: MatrixSection, statement: str, verdict: Verdict | None) -> Verdict | None:
    """A matrix disagreement about a statement that names no vector or matrix the text declared or defined: unchecked.

    Shapes guessed for scalars written with indices (`u_{i+1}`, `\\vec{u}'(t)`) cannot decide a claim.
    """
    if verdict is None or verdict.ok is not False:
        return verdict
    if any(re.search(rf"(?<![A-Za-z]){re.escape(name.lstrip(chr(92)))}(?![A-Za-z])", statement)
           for name in matrices.matrices) or re.search(r"\\(?:mathbf|top|begin\{[bpv]?matrix)", statement):
        return verdict
    return Verdict("unchecked", reason="the matrix reader's shapes disagree, but it names no vector or matrix the "
                                       "text declares or defines")


def _combine(reading: Reading, verdict: Verdict | None) -> Reading:
    """The scalar reading, unless it could not check what the matrix reader could (or could say why not)."""
    if reading.kind == "definition" and verdict is not None and verdict.ok is not None:
        reading = replace(reading, kind="unchecked")  # `\\bar{Y} = ...` where Y is a matrix: a claim about it
    if reading.kind not in ("unparsed", "unchecked") or verdict is None:
        return reading if reading.reason or reading.ok is not None or reading.kind not in (
            "unparsed", "unchecked") else replace(reading, reason=_scalar_reason(reading))
    if verdict.kind == "unchecked":
        return replace(reading, reason=reading.reason or verdict.reason or _scalar_reason(reading))
    message = f"`{reading.statement}`, but {verdict.message}" if verdict.ok is False else ""
    return replace(reading, kind=verdict.kind, ok=verdict.ok, message=message)


def _scalar_reason(reading: Reading) -> str:
    """Why the scalar reader left a statement unchecked."""
    if reading.kind == "unparsed":
        return "SymPy cannot read it, and it is no vector or matrix formula the matrix reader can read"
    if "\\approx" in reading.statement:
        return "an approximation that is not arithmetic on numbers alone"
    return "no definition in reach determines both sides"


def _arithmetic(statement: str, cell: int) -> Reading | None:
    """`2^{-53} \\approx 1.1 \\times 10^{-16}`: arithmetic on numbers alone, checked to the digits written."""
    sides = [side.strip() for side in split_top_level(statement, ("\\approx",))]
    number = NUMBER_RE.match(sides[-1])
    if len(sides) != 2 or not number or re.search(r"[A-Za-z]", re.sub(r"\\(cdot|times|frac|left|right)", "", sides[0])):
        return None
    try:
        stated = parse(sides[0])
    except Unparsed:
        return None
    if getattr(stated, "free_symbols", True):
        return None
    value, decimals = parse_number(number.group(1))
    if decimals == 0:  # `1.2^{40} \\approx 1470`: rounded to its last nonzero digit, 1465 to 1475
        digits = number.group(1).strip().lstrip("-−")
        decimals = -(len(digits) - len(digits.rstrip("0"))) if digits.isdigit() else 0
    return _arithmetic_reading(statement, cell, stated, value, tolerance(value, decimals, approximate=True))


def _arithmetic_reading(statement: str, cell: int, stated: Any, written: float, slack: float) -> Reading:
    """The verdict on arithmetic the text does itself: the left side's value, within the slack the right side allows."""
    ok = abs(float(stated) - written) <= slack
    message = "" if ok else f"`{statement}`, but the left side is {float(stated):.6g}"
    return Reading(statement, cell, "arithmetic", ok, message)


ADJOINT = re.compile(r"^\\bar\{\s*(\\?[A-Za-z]+)\s*\}$")


def _adjoint_notation(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """`\\bar{v} = \\frac{dL}{dv}` for a generic v: from here on, a barred name is L's total derivative by it."""
    bar = ADJOINT.match(left.strip())
    if not bar or bar.group(1).lstrip("\\") in section._names():
        return None
    frac = _frac(right)
    if not frac or frac[3] or frac[2].lstrip("\\") != bar.group(1).lstrip("\\"):
        return None
    section.adjoint = frac[1].lstrip("\\")
    if frac[0] == "\\partial":
        return Reading(statement, cell, "derivative", False,
                       f"`{statement}` defines the adjoint with \\partial, which means the local partial (other "
                       f"inputs held fixed) wherever {bar.group(1)} feeds {frac[1]} directly; the adjoint is the total "
                       f"derivative through every path: write \\frac{{d{frac[1]}}}{{d{bar.group(1)}}}")
    return Reading(statement, cell, "definition")


def _definition(section: Section, statement: str, cell: int, left: str, right: str,
                chained: bool = False) -> Reading | None:
    """`y = x + 1` or `\\sigma(x) = ...` for a name not yet defined: record it."""
    sympy, _ = _sympy()
    if section.adjoint and ADJOINT.match(left.strip()):
        return None  # `\\bar{b} = ...` states an adjoint's value: a claim
    prepared, _ = _prepare(left)
    plain = re.sub(r"^\\mathit\{(\w+)\}$", r"\1", prepared)
    if re.fullmatch(r"\\mathit\{\w+\}|\\[A-Za-z]+|[A-Za-z]", prepared):  # `MI` is a product, not a name
        name = plain.lstrip("\\")
        expr = parse(right, section._names() - {name})
        if not expr.free_symbols and not expr.atoms(sympy.Function):
            return None  # a number written as an expression: a claim, not a definition
        if name in section.definitions:
            try:
                if section.same(sympy.Symbol(name), expr):
                    old = {str(x) for x in section.definitions[name].free_symbols}
                    newer = {str(x) for x in expr.free_symbols} - old
                    if newer & set(section.definitions):
                        section.definitions[name] = expr  # the same node, now through a newer intermediate
                    return Reading(statement, cell, "identity", True)
            except LookupError:
                pass
            if chained:
                return None  # `z = y^2 = (x+2)^2`: the chain claims they agree; check it
        section.inputs.pop(name, None)  # a value met earlier, now given its formula
        section.definitions[name] = expr  # a new node, or the name reused for a new example
        return Reading(statement, cell, "definition")
    if m := FUNCTION_DEF.match(left.strip()):
        return _function_definition(section, statement, cell, m, right, chained)
    return None


def _function_definition(section: Section, statement: str, cell: int, head: re.Match[str], right: str,
                         chained: bool) -> Reading | None:
    """`f(x) = ...` or `f(x, y) = ...`: a new function, or the name reused for a new example (as plain names are)."""
    sympy, _ = _sympy()
    name = head.group(1).lstrip("\\")
    names = [sympy.Symbol(v.strip().lstrip("\\")) for v in head.group(2).split(",")]
    if name in section._names() or len(set(names)) < len(names):
        return None
    body = parse(right, section._names())
    variables = names[0] if len(names) == 1 else tuple(names)
    if name in section.functions:
        old_variables, old_body = section.functions[name]
        old = old_body.subs(dict(zip(_variables(old_variables), names)), simultaneous=True)
        try:
            if section.same(old, body):
                return Reading(statement, cell, "identity", True)
        except LookupError:
            pass
        if chained:
            return None  # `f(x) = x^2 = x \cdot x`: the chain claims they agree; check it
    section.functions[name] = (variables, body)  # a new function, or the name reused for a new example
    return Reading(statement, cell, "definition")


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The contents of the brace group opening at `start`, and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    return None


def _frac(text: str) -> tuple[str, str, str, str] | None:
    """`\\frac{d A}{d B} rest` (or `dA/dB`) as (notation, A, B, rest), notation `d` or `\\partial`; else None."""
    text = text.strip()
    if slash := re.fullmatch(r"(d|\\partial)\s*(\w+)\s*/\s*(d|\\partial)\s*(\w+)", text):
        return (slash.group(1), slash.group(2), slash.group(4), "") if slash.group(1) == slash.group(3) else None
    if not text.startswith("\\frac"):
        return None
    top = _group(text, len("\\frac"))
    bottom = _group(text, top[1]) if top else None
    if not bottom:
        return None
    pieces = []
    for part in (top[0].strip(), bottom[0].strip()):
        m = re.match(r"^(\\partial(?![A-Za-z])|d)\s*(.*)$", part, re.DOTALL)
        if not m:
            return None
        pieces.append((m.group(1), m.group(2).strip()))
    (notation, a), (other, b) = pieces
    return (notation, a, b, text[bottom[1]:].strip()) if notation == other and b else None


def _derivative_parts(section: Section, left: str) -> tuple[str, Any, str] | None:
    """(notation, expression differentiated, variable) for a derivative written on the left, else None."""
    sympy, _ = _sympy()
    if (m := re.fullmatch(r"(\\?[A-Za-z]+)'", left.strip())) and m.group(1).lstrip("\\") in section.functions:
        var, _ = section.functions[m.group(1).lstrip("\\")]
        return "d", ("prime", section.functions[m.group(1).lstrip("\\")][1], var, var), ""
    if m := PRIME.match(left):
        name, arg = m.group(1).lstrip("\\"), m.group(3)
        if name in section.functions and not isinstance(section.functions[name][0], tuple):
            var, body = section.functions[name]
            body = sympy.diff(section.apply_functions(body), var, len(m.group(2)) - 1)  # f''(a): once more
        elif name in ELEMENTARY:  # \tanh'(x): the derivative of a function everyone knows
            var = sympy.Symbol("Qt")
            body = getattr(sympy, ELEMENTARY[name])(var)
        else:
            raise Unparsed(left)
        point = parse(arg, section._names())
        return "d", ("prime", body, var, point), ""
    m = _frac(left)
    if not m:
        return None
    notation, top, variable, rest = m
    if top and rest:
        return None  # `\\frac{dz}{dy}\\frac{dy}{dx}`: an expression with derivatives in it, not one derivative
    if "\\partial" in top + variable + rest or "\\frac" in top + variable:
        raise Unparsed(left)
    var_name = re.sub(r"^\\mathit\{(\w+)\}$", r"\1", _prepare(variable)[0]).lstrip("\\")
    if not re.fullmatch(r"\w+", var_name):
        raise Unparsed(left)
    target = top or rest
    target_name = re.sub(r"^\\mathit\{(\w+)\}$", r"\1", _prepare(target)[0]).lstrip("\\")
    if target_name in section.functions:
        variables = section.functions[target_name][0]
        arguments = variables if isinstance(variables, tuple) else (sympy.Symbol(var_name),)
        return notation, sympy.Function(target_name)(*arguments), var_name
    if re.fullmatch(r"\w+", target_name):
        return notation, sympy.Symbol(target_name), var_name
    return notation, parse(target, section._names()), var_name


def _side(section: Section, latex: str) -> Any:
    """One side of a claim, each derivative written inside it (`\\frac{dz}{dy}\\frac{dy}{dx}`) replaced by its value."""
    sympy, _ = _sympy()
    values: dict[str, Any] = {}

    def adjoint(m: re.Match[str]) -> str:
        """A barred name as a fresh symbol standing for L's total derivative by that name."""
        name = m.group(1).lstrip("\\")
        if name not in section._names():
            raise LookupError(f"no definition of {name} for its adjoint")
        key = "Qv" + "abcdefghijklmnopqrstuvwxyz"[len(values) % 26] * (1 + len(values) // 26)
        values[key] = section.total(sympy.Symbol(section.adjoint), name)
        return f"\\mathit{{{key}}}"

    if section.adjoint:
        latex = re.sub(r"\\bar\{\s*(\\?[A-Za-z]+)\s*\}", adjoint, latex)
    out, i = "", 0
    while (start := latex.find("\\frac", i)) >= 0:
        top = _group(latex, start + len("\\frac"))
        bottom = _group(latex, top[1]) if top else None
        frac = _frac(latex[start:bottom[1]]) if bottom else None
        if frac is None:
            out, i = out + latex[i:start + len("\\frac")], start + len("\\frac")
            continue
        parts = _derivative_parts(section, latex[start:bottom[1]])
        if parts is None or not parts[1:] or isinstance(parts[1], tuple) or not parts[2]:
            raise Unparsed(latex)
        name = "Qw" + "abcdefghijklmnopqrstuvwxyz"[len(values) % 26] * (1 + len(values) // 26)
        values[name] = section.readings_of(parts[0], parts[1], parts[2])[0]
        out, i = out + latex[i:start] + f"\\mathit{{{name}}}", bottom[1]
    expr = parse(out + latex[i:], section._names() | set(values))
    return expr.subs({sympy.Symbol(n): v for n, v in values.items()})


INTRODUCES = ("it relates names that nothing defines and that only one side uses (`w = \\phi + j\\psi`): "
              "a definition of them")


def _introduces(section: Section, left: Any, right: Any, free: set[str] = frozenset()) -> bool:
    """Whether one side uses a name that nothing defines, gives a value or uses, and the other side does not use."""
    sides = [{str(s) for s in section.expand(e).free_symbols} for e in (left, right)]
    known = {str(s) for d in section.definitions.values() for s in d.free_symbols} | set(section.inputs)
    known |= {str(v) for var, _ in section.functions.values() for v in _variables(var)}
    return bool((sides[0] ^ sides[1]) - known - set(free))


def _claim(section: Section, statement: str, cell: int, left: str, right: str, decimals: int | None) -> Reading:
    """Check `left = right`: a derivative against the definitions, or an identity."""
    sympy, _ = _sympy()
    if bare := re.fullmatch(r"(\\?[A-Za-z]+)'", left.strip()):
        # `\sigma' = \sigma(1-\sigma)`: beside a bare prime, the function's name stands for its value.
        right = re.sub(re.escape(bare.group(1)) + r"(?![A-Za-z])\s*\(", lambda m: bare.group(1) + " \\cdot (", right)
    try:
        claimed = _side(section, right)
    except LookupError:
        return Reading(statement, cell, "unchecked")
    parts = _derivative_parts(section, left)
    # A bare function name on the right of `\sigma' = \sigma(1-\sigma)` stands for its value.
    claimed = claimed.subs({sympy.Symbol(n): sympy.Function(n)(*_variables(v))
                            for n, (v, _) in section.functions.items()})
    try:
        if parts is None:
            stated = _side(section, left)
            if decimals is not None and not stated.free_symbols:
                return _arithmetic_reading(statement, cell, stated, float(claimed), tolerance(float(claimed), decimals))
            names = section._names()
            if not (stated.free_symbols & {sympy.Symbol(n) for n in names} or section.functions or decimals is None):
                return Reading(statement, cell, "number")
            if decimals is None and _introduces(section, stated, claimed):
                return Reading(statement, cell, "unchecked", reason=INTRODUCES)
            if decimals is None and not section.expand(stated).free_symbols and section.expand(claimed).free_symbols:
                stated, claimed = claimed, stated  # `48 = 3 z_t`: a number, compared at the inputs, not for every z_t
            ok = section.same(stated, claimed, decimals)
            if not ok and not section.determines(stated, claimed):
                # `E = mc^2`, `\Delta\phi = \Delta\theta/2`: a relation between names nothing here defines.
                return Reading(statement, cell, "unchecked")
            message = "" if ok else (f"`{statement}`, but substituting the definitions, the left side is "
                                     f"{section.show(section.expand(stated))}")
            return Reading(statement, cell, "identity", ok, message)
        notation, target, var = parts
        if isinstance(target, tuple):  # f'(a): the derivative of f's body, at a
            _, body, v, point = target
            value = sympy.diff(section.apply_functions(body), v).subs(v, point)
            ok = section.same(value, claimed, decimals, frozenset(str(x) for x in getattr(point, "free_symbols", ())))
            return Reading(statement, cell, "derivative", ok, "" if ok else
                           f"`{statement}`, but differentiating the definition gives {section.show(value)}")
        meant, other = section.readings_of(notation, target, var)
        if decimals is None and _introduces(section, meant, claimed, {var}):
            return Reading(statement, cell, "unchecked", reason=INTRODUCES)
        ok = section.same(meant, claimed, decimals, frozenset({var}))
        if ok:
            return Reading(statement, cell, "derivative", True)
        definition = (f"{target} = {section.show(section.definitions[str(target)])}"
                      if str(target) in section.definitions else section.show(target))
        if other is not None and not section.same(meant, other) and section.same(other, claimed, decimals):
            what = ("the total derivative through every path", "the local partial (other inputs held fixed)")
            means_local = notation == "\\partial"
            said, means = (what[0], what[1]) if means_local else (what[1], what[0])
            fix = "\\frac{d}{d}" if means_local else "\\frac{\\partial}{\\partial}"
            return Reading(statement, cell, "derivative", False,
                           f"`{statement}` is {said} ({section.show(other)}), but its notation means {means} "
                           f"({section.show(meant)}); write it with {fix} or say which one you mean")
        return Reading(statement, cell, "derivative", False,
                       f"`{statement}`, but differentiating {definition} gives {section.show(meant)}")
    except LookupError:
        return Reading(statement, cell, "unchecked")
