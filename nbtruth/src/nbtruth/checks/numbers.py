"""Numbers the text states as results: `\\frac{dz}{dx}=8`, `\\sigma(0)=0.5`, `\\nabla_x L=[0, 1, 1]`.

What a numeric claim is, and when a printed number matches it, is in `nbtruth.claims`.

Truth (`numbers`): a claim whose left side can be computed from its section's definitions and
inputs (see `nbtruth.formulas`) must equal that value.

Style (`printed-claims`): every claim must also be printed by a code cell of the same section:
standard output or a cell's result, not a figure's repr, and not a cell tagged
`nbval-ignore-output`, whose output is not reproduced. A list claim must be printed as consecutive
numbers of one output.
"""

from __future__ import annotations

from ..claims import Claim, extract_claims, is_numeric, printed_numbers
from ..formulas import readings
from ..notebook import Context, Problem, labelled, sections

# Claim, extract_claims, is_numeric and printed_numbers live in nbtruth.claims; they stay importable from here.
__all__ = ["Claim", "check_numbers", "check_printed_claims", "extract_claims", "is_numeric", "printed_numbers"]


def check_numbers(ctx: Context) -> list[Problem]:
    """Every number the text states for something its definitions let us compute is that number."""
    problem = ctx.problem("number")
    return [problem(r.cell, labelled(ctx.nb, heading, r)) for heading, r in readings(ctx)
            if r.ok is False and is_numeric(r.statement)]


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
                stated = ", ".join(f"{v:g}" for v in claim.values)
                problems.append(problem(i, f"the text states `{claim.text}` ({stated}) under {heading!r}, but no "
                                           f"code in that section prints it; {_nearest_printed(claim, outputs)}"))
    return problems


def _nearest_printed(claim: Claim, outputs: list[tuple[int, list[float]]]) -> str:
    """What the section printed closest to an unprinted claim, so the reader sees what the code said instead."""
    candidates = [(w, j) for j, numbers in outputs if (w := claim.nearest(numbers)) is not None]
    if not candidates:
        return "no code cell in this section prints a number"
    window, j = min(candidates, key=lambda c: claim.distance(c[0]))
    return f"the nearest printed value is {', '.join(f'{p:g}' for p in window)} (cell {j})"
