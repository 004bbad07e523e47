"""How much of a notebook's math was checked: the line `nbtruth` prints for every notebook.

    01_composition.ipynb: 40 equations, 30 parsed; 14 checked symbolically, 9 checked against
    printed output, 18 definitions or inputs, 6 unchecked

An equation is a math statement with `=` or `\\approx`. *Parsed*: SymPy read it. *Checked
symbolically*: a derivative or identity SymPy confirmed (or refuted). *Checked against printed
output*: a numeric claim that code in its section prints, counted only when the style check `printed-claims`
runs, which reports a stated number no code prints: without it a wrong number no output holds would pass
unseen, so such a claim is counted unchecked (`--explain-unchecked` says why). *Definitions or inputs*: what states
nothing that could be false: a definition, an input, the place a claim is made at (`$x = 3$` in
"the slope at $x = 3$"), or a description with a side in words (`$x + y = \\text{const}$`).
*Unchecked*: none of these: what the reader must trust.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .checks.outputs import compared
from .claims import extract_claims, printed_numbers
from .formulas import DEFINING, readings
from .notebook import Context, sections

__all__ = ["Coverage", "coverage", "share", "total", "unchecked"]


@dataclass(frozen=True)
class Coverage:
    """Counts of a notebook's equations by what checked them."""

    equations: int
    parsed: int
    symbolic: int
    printed: int
    definitions: int
    unchecked: int

    stating: int = 0  # distinct equations that state something: not definitions or inputs
    checked: int = 0  # of those, the ones checked symbolically, numerically or against printed output
    comments: int = 0  # expected-output comments held to the output line their print wrote
    note: str = ""  # said once for the notebook, such as which checks its kernel language leaves out

    def __str__(self) -> str:
        """The coverage line as the command and the plugin print it."""
        return (f"{self.equations} equations, {self.parsed} parsed; {self.symbolic} checked symbolically, "
                f"{self.printed} checked against printed output, {self.definitions} definitions or inputs, "
                f"{self.unchecked} unchecked; {self.share()}" + (f" ({self.note})" if self.note else ""))

    def noted(self, note: str) -> Coverage:
        """The same counts with a note for the reader."""
        return replace(self, note=note)

    def share(self) -> str:
        """`42 of 45 stating equations checked (93 %)`, and the expected-output comments compared, if any."""
        return share(self.checked, self.stating, self.comments)

    def __add__(self, other: Coverage) -> Coverage:
        """Two notebooks' counts together: a chapter's total."""
        return Coverage(*(getattr(self, f) + getattr(other, f) for f in ("equations", "parsed", "symbolic",
                                                                        "printed", "definitions", "unchecked",
                                                                        "stating", "checked", "comments")))


def share(checked: int, stating: int, comments: int = 0) -> str:
    """`42 of 45 stating equations checked (93 %)`, or that nothing was stated: never a bare `0 of 0`; with `, 3
    expected-output comment(s) compared` where comments were (a notebook whose checks are its comments says so)."""
    compared = f", {comments} expected-output comment(s) compared" if comments else ""
    if not stating:
        return f"no stating equation{compared}" if comments else "no stating equation: nothing to check"
    return f"{checked} of {stating} stating equations checked ({100 * checked // stating} %){compared}"


def total(counts: list[Coverage]) -> Coverage:
    """The counts of several notebooks added up."""
    return sum(counts[1:], counts[0]) if counts else Coverage(0, 0, 0, 0, 0, 0)


def unchecked(ctx: Context) -> list[tuple[int, str, str]]:
    """(cell, statement, why) for every stating equation nothing checked."""
    printed = _printed(ctx)
    backed = _backed(ctx) - printed
    return [(r.cell, r.statement, BACKED if (r.cell, r.statement) in backed else r.reason or "no check applies to it")
            for _, r in readings(ctx)
            if r.ok is None and r.kind not in DEFINING and (r.cell, r.statement) not in printed]


BACKED = ("its number appears in an output of its section, but nothing ties that output to it: a wrong one would "
          "pass unseen; the style check printed-claims (`--style`) reports a stated number no code prints")


def _printed(ctx: Context) -> set[tuple[int, str]]:
    """(cell, statement) of every numeric claim a check holds to its section's output: with `printed-claims` on."""
    return _backed(ctx) if ctx.settings.get("style") else set()


def _backed(ctx: Context) -> set[tuple[int, str]]:
    """(cell, statement) of every numeric claim that code in its section prints."""
    found = set()
    for _, indices in sections(ctx.nb):
        outputs = [numbers for _, numbers in printed_numbers(ctx, indices)]
        for i in indices:
            if ctx.nb.cells[i].cell_type == "markdown":
                found |= {(i, c.text) for c in extract_claims(ctx.nb.cells[i].source)
                          if any(c.matches(numbers) for numbers in outputs)}
    return found


def coverage(ctx: Context) -> Coverage:
    """Count the notebook's equations by what checked them."""
    found = [r for _, r in readings(ctx)]
    printed = _printed(ctx)
    symbolic = {(r.cell, r.statement) for r in found if r.ok is not None}
    definitions = {(r.cell, r.statement) for r in found if r.kind in DEFINING}
    keys = {(r.cell, r.statement) for r in found}
    printed &= keys
    return Coverage(equations=len(found), parsed=sum(r.kind != "unparsed" for r in found), symbolic=len(symbolic),
                    printed=len(printed), definitions=len(definitions - symbolic - printed),
                    unchecked=len(keys - symbolic - printed - definitions),
                    stating=len(keys - (definitions - symbolic - printed)), checked=len(symbolic | printed),
                    comments=compared(ctx))
