"""Truth: every formula the text states (a derivative, an identity) agrees with SymPy.

The rules for what a statement is, and for local partials against total derivatives, are in
`nbtruth.formulas`. A wrong formula is reported with the claim as written and what SymPy computed:
`\\frac{dz}{dy} = 3y, but differentiating z = y^{2} gives 2 y`.
"""

from __future__ import annotations

from ..formulas import Reading, Section, read_statement
from ..notebook import Context, Problem, math_statements, sections

__all__ = ["check_formulas", "readings"]


def readings(ctx: Context) -> list[tuple[str, Reading]]:
    """(section heading, reading) for every statement with `=` in the notebook's markdown, in order."""
    if "readings" not in ctx.cache:
        found = []
        adjoint = None  # notation, unlike definitions, lasts from its section to the end of the notebook
        for heading, indices in sections(ctx.nb):
            section = Section(adjoint=adjoint)
            for i in indices:
                cell = ctx.nb.cells[i]
                if cell.cell_type != "markdown":
                    continue
                for statement in math_statements(cell.source):
                    if "=" in statement or "\\approx" in statement:
                        found.append((heading, read_statement(section, statement, i)))
            adjoint = section.adjoint
        ctx.cache["readings"] = found
    return ctx.cache["readings"]


def check_formulas(ctx: Context) -> list[Problem]:
    """Every derivative and identity the markdown states agrees with its section's definitions."""
    from .numbers import is_numeric

    problem = ctx.problem("formula")
    return [problem(r.cell, f"{r.message} (under {heading!r})") for heading, r in readings(ctx)
            if r.ok is False and not is_numeric(r.statement)]
