"""The one list of checks: each has a name, a kind, and one signature, `run(context) -> problems`.

Two kinds. *Truth* checks hold a notebook's text to what its code computes, on any course: stored
outputs against expected-output comments that are clearly outputs, numbers and formulas against
what can be computed. *Style* checks enforce one course's house rules and stay off unless asked
for: `.py` twins in sync, every trailing comment an expected output, every stated number printed.
Adding a check is one module in `checks/` and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .checks import formulas, numbers, outputs, pairing
from .notebook import Context, Problem

__all__ = ["CHECKS", "Check", "select"]


@dataclass(frozen=True)
class Check:
    """A named check of one kind."""

    name: str
    kind: str  # "truth" or "style"
    run: Callable[[Context], list[Problem]]

    @property
    def doc(self) -> str:
        """The first line of the check's docstring: what it holds the notebook to."""
        return (self.run.__doc__ or "").strip().splitlines()[0]


CHECKS = [
    Check("expected-outputs", "truth", outputs.check_expected_outputs),
    Check("numbers", "truth", numbers.check_numbers),
    Check("formulas", "truth", formulas.check_formulas),
    Check("pairing", "style", pairing.check_pairing),
    Check("trailing-comments", "style", outputs.check_trailing_comments),
    Check("printed-claims", "style", numbers.check_printed_claims),
]


def select(style: bool, names: list[str] | None = None) -> list[Check]:
    """The truth checks, the style checks too if asked, or exactly the named ones."""
    if names:
        unknown = sorted(set(names) - {c.name for c in CHECKS})
        if unknown:
            raise ValueError(f"unknown check(s) {', '.join(unknown)}; known: {', '.join(c.name for c in CHECKS)}")
        return [c for c in CHECKS if c.name in names]
    return [c for c in CHECKS if c.kind == "truth" or style]
