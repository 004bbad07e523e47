"""Truth: every formula the text states (a derivative, an identity) agrees with SymPy.

The rules for what a statement is, and for local partials against total derivatives, are in
`nbtruth.formulas`. A wrong formula is reported with the claim as written and what SymPy computed:
`\\frac{dz}{dy} = 3y, but differentiating z = y^{2} gives 2 y`. A wrong number is the `numbers`
check's to report.
"""

from __future__ import annotations

from ..claims import is_numeric
from ..formulas import readings
from ..notebook import Context, Problem, labelled

# readings lives in nbtruth.formulas; it stays importable from here.
__all__ = ["check_formulas", "readings"]


def check_formulas(ctx: Context) -> list[Problem]:
    """Every derivative and identity the markdown states agrees with its section's definitions."""
    problem = ctx.problem("formula")
    return [problem(r.cell, labelled(ctx.nb, heading, r)) for heading, r in readings(ctx)
            if r.ok is False and not is_numeric(r.statement)]
