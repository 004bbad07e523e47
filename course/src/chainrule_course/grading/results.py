"""What a graded batch left behind, read back for the report, the LMS export and the merge of shards.

Guards against a half-read batch: every row of `grades.csv` is read with its stored result, and a
file that cannot be read is named (`UnreadableResult`), never skipped in silence. A stored result is the JSON file
`batch.py` writes per submission, `results/<student>/<assignment>.json`:

    {"digest": "...", "row": {"student", "assignment", "score", "max_score", "reasons": [...]},
     "seconds": 12.5,                                    # optional: wall time of the submission
     "tests": {"test_paths": {"points": 3, "score": 0,   # optional: one entry per graded test
                              "status": "failed", "misconception": "a1-forgotten-path"}}}

`seconds` may also sit in `row`, or be a dict of phases (start, cells, stop) that is summed;
`tests` may also sit in `row`. Fields that are absent read as unknown (None, no tests).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Record", "TestRecord", "UnreadableResult", "read_grades_csv", "read_record", "read_results", "records"]

MAX_RESULT_BYTES = 4 << 20  # a stored result is a few kilobytes; anything larger is not ours


class UnreadableResult(ValueError):
    """A stored result or grade sheet that is not what the grader writes; the message names the file."""


@dataclass(frozen=True)
class TestRecord:
    """One graded test of one submission: its points, what it earned, and the misconception seen, if any."""

    grade_id: str
    points: float
    score: float
    status: str = ""
    misconception: str | None = None

    @property
    def lost(self) -> bool:
        """True when the test earned less than its points."""
        return self.score < self.points


@dataclass(frozen=True)
class Record:
    """One student's one assignment as the batch left it."""

    student: str
    assignment: str
    score: float
    max_score: float
    reasons: tuple[str, ...] = ()
    seconds: float | None = None
    tests: dict[str, TestRecord] = field(default_factory=dict)


def _number(value: Any, what: str) -> float:
    """A finite float, or UnreadableResult naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise UnreadableResult(f"{what} is not a finite number: {str(value)[:40]!r}")
    return float(value)


def _seconds(value: Any) -> float | None:
    """Wall time in seconds from a number or a dict of phases; None when absent."""
    if value is None:
        return None
    if isinstance(value, dict):
        return sum(_number(v, f"seconds[{k!r}]") for k, v in value.items())
    return _number(value, "seconds")


def _tests(value: Any) -> dict[str, TestRecord]:
    """Per-test records from the stored `tests` mapping (absent: none)."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise UnreadableResult("tests is not a mapping of grade ids")
    tests = {}
    for gid, test in value.items():
        if not isinstance(test, dict):
            raise UnreadableResult(f"tests[{gid!r}] is not a mapping")
        points = _number(test.get("points", 0.0), f"tests[{gid!r}].points")
        status = str(test.get("status", ""))
        score = test.get("score")
        score = (points if status == "passed" else 0.0) if score is None else _number(score, f"tests[{gid!r}].score")
        found = test.get("misconception")
        tests[str(gid)] = TestRecord(str(gid), points, score, status, str(found) if found else None)
    return tests


def read_record(data: dict[str, Any]) -> Record:
    """A Record from one stored result's parsed JSON."""
    row = data.get("row")
    if not isinstance(row, dict):
        raise UnreadableResult("no 'row' in the stored result")
    try:
        reasons = row.get("reasons", [])
        if not isinstance(reasons, list):
            raise UnreadableResult("reasons is not a list")
        return Record(
            str(row["student"]),
            str(row["assignment"]),
            _number(row["score"], "score"),
            _number(row["max_score"], "max_score"),
            tuple(str(r) for r in reasons),
            _seconds(data.get("seconds", row.get("seconds"))),
            _tests(data.get("tests", row.get("tests"))),
        )
    except KeyError as exc:
        raise UnreadableResult(f"the stored row has no {exc.args[0]!r}") from None


def read_results(folder: Path) -> list[Record]:
    """Every stored result under `folder` (results/<student>/<assignment>.json), sorted by student and assignment."""
    found = []
    for path in sorted(folder.glob("*/*.json")) if folder.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            raise UnreadableResult(f"{path}: not a regular file")
        if path.stat().st_size > MAX_RESULT_BYTES:
            raise UnreadableResult(f"{path}: larger than {MAX_RESULT_BYTES >> 20} MiB")
        try:
            found.append(read_record(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, UnicodeDecodeError) as exc:
            raise UnreadableResult(f"{path}: {exc}") from None
    return sorted(found, key=lambda r: (r.student, r.assignment))


def read_grades_csv(path: Path) -> list[Record]:
    """The rows of a grades.csv (student, assignment, score, max_score, reason), reasons split at '; '."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"student", "assignment", "score", "max_score"} - set(reader.fieldnames or [])
        if missing:
            raise UnreadableResult(f"{path}: not a grade sheet (no {', '.join(sorted(missing))} column)")
        rows = []
        for line, row in enumerate(reader, start=2):
            try:
                reason = row.get("reason") or ""
                rows.append(
                    Record(
                        row["student"],
                        row["assignment"],
                        _number(float(row["score"]), "score"),
                        _number(float(row["max_score"]), "max_score"),
                        tuple(reason.split("; ")) if reason else (),
                    )
                )
            except (TypeError, ValueError) as exc:
                raise UnreadableResult(f"{path}, line {line}: {exc}") from None
    return rows


def records(out: Path, csv_path: Path | None = None) -> list[Record]:
    """Every row of a batch: grades.csv's rows, each with its stored result (seconds, tests) where one exists.

    Without a grades.csv, the stored results alone. A stored result whose row is no longer in
    grades.csv (a submission since removed) is left out: the grade sheet says what the batch is.
    """
    stored = {(r.student, r.assignment): r for r in read_results(out / "grading" / "results")}
    sheet = csv_path if csv_path is not None else out / "grades.csv"
    if not sheet.is_file():
        return [stored[key] for key in sorted(stored)]
    rows = {(r.student, r.assignment): r for r in read_grades_csv(sheet)}
    return [stored.get(key, rows[key]) for key in sorted(rows)]
