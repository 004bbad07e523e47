"""Numbers the text states as results: `\\frac{dz}{dx}=8`, `\\sigma(0)=0.5`, `\\nabla_x L=[0, 1, 1]`.

A *numeric claim* is an equation in markdown math whose last right-hand side is a number or a
bracketed list of numbers, and whose left-hand side is more than a bare name (`x=3`,
`(x, y)=(2, 3)` are inputs). A claim written with d decimals matches a number that rounds to it at
d decimals; an integer claim must match within 1e-6. Numbers written any other way (fractions,
matrices) are not numeric claims.

Truth (`numbers`): a claim whose left side can be computed from its section's definitions and
inputs (see `nbtruth.formulas`) must equal that value.

Style (`printed-claims`): every claim must also be printed by a code cell of the same section:
standard output or a cell's result, not a figure's repr, and not a cell tagged
`nbval-ignore-output`, whose output is not reproduced. A list claim must be printed as consecutive
numbers of one output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..notebook import (
    INPUT_RE,
    LIST_RE,
    NUMBER,
    NUMBER_RE,
    Context,
    Problem,
    math_statements,
    output_texts,
    parse_number,
    reproducible,
    sections,
    split_top_level,
    tolerance,
)
from .formulas import readings

__all__ = ["Claim", "check_numbers", "check_printed_claims", "extract_claims", "is_numeric", "printed_numbers"]

PRINTED_NUMBER_RE = re.compile(r"(?<![\w.])-?\d+\.?\d*(?:[eE][-+]?\d+)?")


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
        sides = split_top_level(statement, ("\\approx", "=", "\\equiv"))
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


def is_numeric(statement: str) -> bool:
    """A statement whose last side is a number (or a list of numbers)."""
    last = split_top_level(statement, ("\\approx", "=", "\\equiv"))[-1]
    return bool(NUMBER_RE.match(last) or LIST_RE.match(last))


def check_numbers(ctx: Context) -> list[Problem]:
    """Every number the text states for something its definitions let us compute is that number."""
    problem = ctx.problem("number")
    return [problem(r.cell, f"{r.message} (under {heading!r})") for heading, r in readings(ctx)
            if r.ok is False and is_numeric(r.statement)]


def printed_numbers(ctx: Context, indices: list[int]) -> list[tuple[int, list[float]]]:
    """(cell, numbers) for each reproducible output of these cells: what can back a claim."""
    return [(i, [float(n) for n in PRINTED_NUMBER_RE.findall(text)])
            for i in indices if reproducible(ctx.nb.cells[i]) for text in output_texts(ctx.nb.cells[i])]


def check_printed_claims(ctx: Context) -> list[Problem]:
    """Every value the markdown states as a result is printed by code in the same section."""
    problem = ctx.problem("prose claim")
    problems = []
    # Arithmetic on numbers alone (`32 \cdot 10 + 32 + 32 + 1 = 385`) is the text's own; check_numbers checks it.
    arithmetic = {(r.cell, r.statement.strip()) for _, r in readings(ctx) if r.kind == "arithmetic"}
    for heading, indices in sections(ctx.nb):
        outputs = printed_numbers(ctx, indices)
        for i in indices:
            if ctx.nb.cells[i].cell_type != "markdown":
                continue
            for claim in extract_claims(ctx.nb.cells[i].source):
                if (i, claim.text) in arithmetic or any(claim.matches(numbers) for _, numbers in outputs):
                    continue
                candidates = [(w, j) for j, numbers in outputs if (w := claim.nearest(numbers)) is not None]
                if candidates:
                    window, j = min(candidates, key=lambda c: claim.distance(c[0]))
                    said = f"the nearest printed value is {', '.join(f'{p:g}' for p in window)} (cell {j})"
                else:
                    said = "no code cell in this section prints a number"
                stated = ", ".join(f"{v:g}" for v in claim.values)
                problems.append(problem(i, f"the text states `{claim.text}` ({stated}) under {heading!r}, but no "
                                           f"code in that section prints it; {said}"))
    return problems
