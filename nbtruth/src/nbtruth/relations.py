"""Chains of relations (`a = b \\le c`, `x \\approx 0.25`), and checking an inequality by sampling.

A statement is split at its top-level relations: `=`, `\\approx`, `\\le`/`\\leq`, `\\ge`/`\\geq`, `<`,
`>`, `\\lt`, `\\gt`. Each link is a claim of its own.

An *inequality* between formulas is checked at points: each name it leaves free runs over its
*domain*, the whole real line unless the sentence states one right after it (`$\\log x \\le x - 1$
for $x > 0$`: `x > 0`, `0 \\le x \\le 1`, `x \\in [0, 1]`, `x \\in (0, \\infty)`). On the real line
the points run from -50 to 50, densest near 0, and include 0; on an interval they include its
closed ends. Both sides are computed with 30 significant digits, so a bound that is reached
(`\\sigma(1-\\sigma) \\le 0.25` at 0) holds and a strict one that is reached fails. A point where a
side is not a real number lies outside that side's domain and is skipped; an inequality with no
point left, or with more than three free names, is not decided.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["INEQUALITIES", "Domain", "evaluator", "holds", "parse_domain", "points", "split_relations"]

RELATION = re.compile(r"\\(approx|leq|geq|le|ge|lt|gt)(?![A-Za-z])|<|>|=")
INEQUALITIES = {"\\le": "\\le", "\\leq": "\\le", "<": "<", "\\lt": "<", "\\ge": "\\ge", "\\geq": "\\ge", ">": ">",
                "\\gt": ">"}
LINE = [-50.0, -20.0, -10.0, -6.0, -4.0, -3.0, -2.0, -1.5, -1.0, -0.7, -0.5, -0.3, -0.1, -0.01, 0.0, 0.01, 0.1, 0.3,
        0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0, 20.0, 50.0]
RAY = [0.0, 0.001, 0.01, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0]  # a half-line, from its end outwards
DIGITS = 30


def split_relations(statement: str) -> tuple[list[str], list[str]]:
    """The sides of a chain and the relations between them, split outside brackets (`\\le` and `\\leq` alike)."""
    sides, ops, depth, start, i = [], [], 0, 0, 0
    while i < len(statement):
        ch = statement[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and (m := RELATION.match(statement, i)):
            sides.append(statement[start:i].strip())
            ops.append(m.group(0) if m.group(0) in ("=", "<", ">") else "\\" + m.group(1))
            i = start = m.end()
            continue
        i += 1
    sides.append(statement[start:].strip())
    return sides, ops


@dataclass(frozen=True)
class Domain:
    """Where one name runs: from low to high, each end open or closed (None: unbounded)."""

    name: str
    low: float | None = None
    high: float | None = None
    low_open: bool = True
    high_open: bool = True

    def values(self) -> list[float]:
        """The sample points of this domain."""
        if self.low is None and self.high is None:
            return list(LINE)
        if self.high is None:
            found = [self.low + d for d in RAY]
        elif self.low is None:
            found = [self.high - d for d in RAY]
        else:
            found = [self.low + (self.high - self.low) * k / 20 for k in range(21)]
        return [v for v in found if (v != self.low or not self.low_open) and (v != self.high or not self.high_open)]


NUMBER = r"-?\d+(?:\.\d+)?|-?\\infty"
BOUND = re.compile(rf"^\s*(?:({NUMBER})\s*(<|\\le|\\leq)\s*)?(\\?[A-Za-z]+)\s*(<|>|\\le|\\leq|\\ge|\\geq)\s*"
                   rf"({NUMBER})\s*$")
INTERVAL = re.compile(rf"^\s*(\\?[A-Za-z]+)\s*\\in\s*([\[(])\s*({NUMBER})\s*,\s*({NUMBER})\s*([\])])\s*$")


def _number(text: str) -> float | None:
    """A bound as a float; `\\infty` is no bound (None)."""
    return None if "infty" in text else float(text)


def parse_domain(latex: str) -> Domain | None:
    """`x > 0`, `0 \\le x \\le 1`, `x \\in [0, 1)` as a Domain; None for anything else."""
    if m := INTERVAL.match(latex):
        return Domain(m.group(1).lstrip("\\"), _number(m.group(3)), _number(m.group(4)), m.group(2) == "(",
                      m.group(5) == ")")
    m = BOUND.match(latex)
    if not m:
        return None
    name, op, value = m.group(3).lstrip("\\"), m.group(4), float(m.group(5)) if "infty" not in m.group(5) else None
    if m.group(1) is not None:  # `0 < x < 1`
        if op not in ("<", "\\le", "\\leq"):
            return None
        return Domain(name, _number(m.group(1)), value, m.group(2) == "<", op == "<")
    if op in ("<", "\\le", "\\leq"):
        return Domain(name, None, value, True, op == "<")
    return Domain(name, value, None, op == ">", True)


def points(free: list[str], domains: dict[str, Domain]) -> Iterator[dict[str, float]]:
    """Every combination of sample points of the free names (fewer per name when there are several)."""
    grids = []
    for name in free:
        values = (domains.get(name) or Domain(name)).values()
        if len(free) > 1:
            values = values[::2] if len(free) == 2 else values[::4]
        grids.append(values)
    for combo in itertools.product(*grids):
        yield dict(zip(free, combo))


def holds(left: Any, op: str, right: Any) -> bool:
    """Whether `left op right` for two values of `evaluator`, to 30 significant digits: a reached bound satisfies
    only the non-strict relation."""
    import mpmath

    with mpmath.workdps(DIGITS):
        slack = mpmath.mpf("1e-25") * max(abs(left), abs(right))
        if op == "\\le":
            return bool(left <= right + slack)
        if op == "\\ge":
            return bool(left >= right - slack)
        if op == "<":
            return bool(left < right - slack)
        return bool(left > right + slack)


def evaluator(expr: Any, names: list[str]) -> Callable[[dict[str, float]], Any]:
    """A function of a point: the expression's real value there (an mpmath number, 30 digits), or None where it is
    not a finite real number."""
    import mpmath
    import sympy

    function = sympy.lambdify([sympy.Symbol(n) for n in names], expr, modules="mpmath")

    def at(point: dict[str, float]) -> Any:
        """The value at one point, or None outside the expression's domain."""
        with mpmath.workdps(DIGITS):
            try:
                value = mpmath.mpmathify(function(*(mpmath.mpf(point[n]) for n in names)))
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                return None
            if isinstance(value, mpmath.mpc):
                if abs(value.imag) > mpmath.mpf("1e-25") * max(1, abs(value.real)):
                    return None
                value = value.real
            return value if mpmath.isfinite(value) else None

    return at
