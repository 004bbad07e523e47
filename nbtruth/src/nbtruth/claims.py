"""Numeric claims: the values the prose states as results, and the printed numbers that can back them.

A *numeric claim* is an equation in markdown math whose last right-hand side is a number or a
bracketed list of numbers, and whose left-hand side is more than a bare name (`x=3`,
`(x, y)=(2, 3)` are inputs). A claim written with d decimals matches a number that rounds to it at
d decimals; an integer claim must match within 1e-6 relative (the one rule, `notebook.tolerance`).
Numbers written any other way (fractions, matrices) are not numeric claims.

A claim can be backed only by output nbval compares: standard output or a cell's result, not a
figure's repr, and not a cell tagged `nbval-ignore-output`. A list claim must be printed as
consecutive numbers of one output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .notebook import (
    INPUT_RE,
    LIST_RE,
    NUMBER,
    NUMBER_RE,
    PLAIN_UNIT,
    Context,
    math_statements,
    output_texts,
    parse_number,
    reproducible,
    split_top_level,
    tolerance,
)

__all__ = ["Claim", "extract_claims", "is_numeric", "printed_numbers"]

# A number as code prints it; not the digits of a memory address (`<Figure at 0x7ff820137190>`)
PRINTED_NUMBER_RE = re.compile(r"(?<![\w.])(?!0[xX][0-9a-fA-F])-?\d+\.?\d*(?:[eE][-+]?\d+)?")
RELATIONS = ("\\approx", "=", "\\equiv")


@dataclass(frozen=True)
class Claim:
    """A value the prose states as a result: its LaTeX, and the number(s) with their decimals."""

    text: str
    values: tuple[float, ...]
    decimals: tuple[int, ...]

    def matches(self, numbers: list[float]) -> bool:
        """True if `numbers` holds this claim's values consecutively, each within its stated precision."""
        k = len(self.values)
        return any(self._window_fits(numbers[i:i + k]) for i in range(len(numbers) - k + 1))

    def _window_fits(self, window: list[float]) -> bool:
        """True if each printed number of the window rounds to the claim's value at its stated precision."""
        return all(abs(p - v) <= tolerance(v, d) for p, v, d in zip(window, self.values, self.decimals))

    def nearest(self, numbers: list[float]) -> list[float] | None:
        """The printed window closest to the claim, to show the reader what the code said instead."""
        k = len(self.values)
        windows = [numbers[i:i + k] for i in range(len(numbers) - k + 1)]
        return min(windows, key=self.distance) if windows else None

    def distance(self, window: list[float]) -> float:
        """How far a printed window is from the claim: the largest gap between matching numbers."""
        return max(abs(p - v) for p, v in zip(window, self.values))


def extract_claims(markdown: str) -> list[Claim]:
    """Every numeric claim (in the sense of this module's docstring) that a markdown text makes."""
    claims = []
    for statement in math_statements(markdown):
        sides = split_top_level(statement, RELATIONS)
        if len(sides) < 2 or INPUT_RE.match(sides[0]) or not sides[0].strip():
            continue
        rhs = sides[-1]
        if m := NUMBER_RE.match(rhs):
            parsed = [parse_number(m.group(1))]
        elif m := LIST_RE.match(rhs):
            parsed = [parse_number(n) for n in re.findall(NUMBER, m.group(1))]
        else:
            continue
        claims.append(Claim(statement.strip(), tuple(v for v, _ in parsed), tuple(d for _, d in parsed)))
    return claims


# `\\, \\mathrm{Hz}`, `\\text{ rad}`, ` Hz`, `~kg/m^3`: a unit written after a number
TRAILING_UNIT = re.compile(r"(?:\\[,;:! ]|~|\s)*(?:\\(?:mathrm|text|rm|mbox)\s*\{[^{}]*\}|"
                           rf"(?<=[\d\s~]){PLAIN_UNIT}(?:\s*/\s*{PLAIN_UNIT})?)\s*\.?\s*$")


def is_numeric(statement: str) -> bool:
    """A statement whose last side is a number (or a list of numbers), maybe in a unit (`8000/2 = 4000 \\mathrm{Hz}`):
    a number claim, not a formula."""
    last = TRAILING_UNIT.sub("", split_top_level(statement, RELATIONS)[-1])
    return bool(NUMBER_RE.match(last) or LIST_RE.match(last))


def printed_numbers(ctx: Context, indices: list[int]) -> list[tuple[int, list[float]]]:
    """(cell, numbers) for each reproducible output of these cells: what can back a claim."""
    return [(i, [float(n) for n in PRINTED_NUMBER_RE.findall(text)])
            for i in indices if reproducible(ctx.nb.cells[i]) for text in output_texts(ctx.nb.cells[i])]
