"""The answer-variant corpus: answers written the way different students would, and how the tests grade them.

`corpus.py` holds the `Variant` record and `runner.py` grades one variant against the source
notebook's own test cells (hidden parts included, read at run time); `a01.py` to `a05.py` hold the
variants of each assignment, and `table.py` prints what `make mutation` prints for code: per
assignment, variants, correct answers graded full, misconceptions caught, and every survivor.
"""

from __future__ import annotations

from . import a01, a02, a03, a04, a05
from .corpus import Variant
from .runner import Outcome, run

ASSIGNMENTS_CORPUS: dict[str, list[Variant]] = {
    a01.A: a01.VARIANTS,
    a02.A: a02.VARIANTS,
    a03.A: a03.VARIANTS,
    a04.A: a04.VARIANTS,
    a05.A: a05.VARIANTS,
}
VARIANTS: list[Variant] = [v for variants in ASSIGNMENTS_CORPUS.values() for v in variants]


def outcomes(variant: Variant) -> dict[str, Outcome]:
    """Each test cell's outcome with this variant in its answer cell and the reference everywhere else."""
    return run(variant.assignment, {variant.cell: variant.source})


def verdict(variant: Variant) -> str:
    """What is wrong with how the tests grade this variant ("" when they grade it right)."""
    results = outcomes(variant)
    return judged(variant, {gid: o.detail for gid, o in results.items() if not o.passed})


def judged(variant: Variant, failed: dict[str, str]) -> str:
    """What is wrong with a grading that failed these test cells (grade_id -> why) for this variant."""
    if variant.kind == "correct":
        return f"a correct answer fails {failed}" if failed else ""
    elsewhere = {gid: d for gid, d in failed.items() if gid not in variant.questions}
    if elsewhere:
        return f"fails test cells of other questions: {elsewhere}"
    if not failed:
        return f"passes {', '.join(variant.questions)}: no test catches it"
    return ""
