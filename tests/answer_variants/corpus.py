"""One answer written as a student would: which cell it answers, which tests it targets, and whether it is right."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("correct", "misconception")


@dataclass(frozen=True)
class Variant:
    """An answer cell's source, and what grading must do with it.

    A `correct` variant must pass every test cell of the notebook. A `misconception` must fail at
    least one of `questions` (the test cells' grade_ids of the question it gets wrong) and no other
    test cell: its points are lost on the question that is wrong, and only there.
    """

    assignment: str  # the notebook's stem, e.g. "01_derivatives_by_hand"
    cell: str  # the grade_id of the answer cell it replaces
    questions: tuple[str, ...]  # the grade_ids of the test cells it targets
    name: str
    kind: str
    why: str  # how it is written differently, or what it gets wrong
    source: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind must be one of {KINDS}, got {self.kind!r}")
        if not self.questions:
            raise ValueError(f"{self.name}: name the test cells it targets")

    @property
    def id(self) -> str:
        """A readable pytest id: assignment number, cell, kind, name."""
        return f"{self.assignment[:2]}-{self.cell}-{self.kind}-{self.name}"
