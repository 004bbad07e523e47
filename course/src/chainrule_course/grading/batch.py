"""Grade a whole class: every core busy, progress shown, nothing lost when interrupted or when one fails.

Guards against one submission stopping the batch and against a half-written grade sheet. Each
(student, assignment) is one job in a pool of worker processes. A job never raises: whatever goes
wrong becomes its row's reason, and its scratch folder is removed in every case. Each finished
row is stored under `build/grading/results/` with a hash of what it was graded from (submission,
source notebook, settings), so a rerun grades only what is new or changed; `grades.csv` is
rewritten atomically as rows arrive, complete for everything graded so far.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .course import Assignment, load_assignments
from .csvsafe import safe_row
from .feedback import write_feedback
from .prechecks import Unreadable, read_submission, run_checks
from .runner import run_submission
from .sandbox import Limits
from .shard import Shard

__all__ = ["GradeRow", "Job", "Settings", "grade_all", "grade_job"]

FIELDS = ["student", "assignment", "score", "max_score", "reason"]
UNSANDBOXED = "graded WITHOUT the sandbox (--no-sandbox)"


@dataclass
class GradeRow:
    """One line of grades.csv: what a student scored on an assignment, and why if anything was off."""

    student: str
    assignment: str
    score: float
    max_score: float
    reasons: list[str] = field(default_factory=list)

    def as_csv(self) -> dict[str, Any]:
        """The row as grades.csv writes it, reasons joined by semicolons."""
        return {"student": self.student, "assignment": self.assignment, "score": round(self.score, 2),
                "max_score": round(self.max_score, 2), "reason": "; ".join(self.reasons)}


@dataclass(frozen=True)
class Settings:
    """How every submission of a batch is graded; part of each result's hash."""

    cell_timeout: float = 30.0
    sandbox: bool = True
    limits: Limits = Limits()


@dataclass(frozen=True)
class Job:
    """One student's one assignment, and where its results go."""

    student: str
    assignment: Assignment
    folder: Path  # SUBMISSIONS/<student>/<assignment>
    out: Path  # build/: results/, feedback/, autograded/
    settings: Settings

    def notebook(self) -> tuple[Path | None, list[str]]:
        """The submitted notebook (renamed is fine if it is the only one) and what was odd about finding it."""
        expected = self.folder / f"{self.assignment.name}.ipynb"
        if expected.is_file():
            return expected, []
        others = sorted(self.folder.glob("*.ipynb")) if self.folder.is_dir() else []
        if len(others) == 1:
            return others[0], [f"notebook renamed to {others[0].name}"]
        return None, ["no submission" if not others else f"{len(others)} notebooks and none named {expected.name}"]

    def digest(self) -> str:
        """What the result depends on: the submission's bytes, the source notebook, the settings."""
        path, _ = self.notebook()
        content = path.read_bytes() if path else b"(none)"
        parts = [content, self.assignment.digest().encode(), repr(self.settings).encode()]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()

    def result_path(self) -> Path:
        return self.out / "grading" / "results" / self.student / f"{self.assignment.name}.json"


def grade_job(job: Job) -> GradeRow:
    """Grade one job; never raises: an error in the grader itself becomes the row's reason."""
    max_score = sum(job.assignment.points().values())
    row = GradeRow(job.student, job.assignment.name, 0.0, max_score)
    try:
        path, row.reasons = job.notebook()
        if path is None:
            return row
        submitted = read_submission(path)
        row.reasons += run_checks(submitted, nbformat.read(str(job.assignment.released), as_version=4))
        outcome = run_submission(submitted, job.assignment, job.settings.limits, job.settings.cell_timeout,
                                 job.settings.sandbox)
        row.score = sum(result.score for result in outcome.tests.values())
        row.reasons += outcome.reasons
        graded = job.out / "autograded" / job.student / job.assignment.name / f"{job.assignment.name}.ipynb"
        graded.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(outcome.notebook, str(graded))
        write_feedback(job.out / "feedback" / job.student / job.assignment.name / f"{job.assignment.name}.html",
                       job.student, job.assignment, submitted, outcome.tests)
    except Unreadable as exc:
        row.reasons.append(str(exc))
    except Exception as exc:  # noqa: BLE001 - the grader's own failure must not stop the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        row.score = 0.0
        row.reasons.append(f"the grader failed on this submission ({type(exc).__name__}: {str(exc)[:160]} at "
                           f"{Path(where.filename).name}:{where.lineno}); regrade it after fixing the cause")
    if not job.settings.sandbox:
        row.reasons.insert(0, UNSANDBOXED)
    return row


def _stored(job: Job) -> GradeRow | None:
    """The row from an earlier run, if it was graded from exactly the same inputs."""
    path = job.result_path()
    try:
        data = json.loads(path.read_text())
        return GradeRow(**data["row"]) if data["digest"] == job.digest() else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(job: Job, row: GradeRow) -> None:
    """Keep a finished row with the hash of its inputs (written atomically)."""
    path = job.result_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, json.dumps({"digest": job.digest(), "row": asdict(row)}))


def _atomic_write(path: Path, text: str) -> None:
    """Replace a file in one step: readers see the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def write_csv(path: Path, rows: list[GradeRow]) -> None:
    """grades.csv, sorted by student and assignment, written atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(safe_row(row.as_csv()) for row in sorted(rows, key=lambda r: (r.student, r.assignment)))
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, buffer.getvalue())


def _progress(done: int, total: int, start: float) -> None:
    """One line on stderr: done / total, rate and time left."""
    elapsed = time.monotonic() - start
    rate = done / elapsed * 60 if elapsed > 0 else 0.0
    left = (total - done) / rate * 60 if rate else 0.0
    print(f"\rgraded {done}/{total}  {rate:5.1f}/min  ~{left / 60:4.1f} min left ", end="", file=sys.stderr, flush=True)


def jobs_for(submissions: Path, assignments: dict[str, Assignment], out: Path,
             settings: Settings) -> tuple[list[Job], list[GradeRow]]:
    """A job per student and known assignment anyone submitted; rows for unknown assignment folders."""
    students = sorted(p for p in submissions.iterdir() if p.is_dir())
    submitted = {a.name for s in students for a in s.iterdir() if a.is_dir()}
    unknown = [GradeRow(s.name, a, 0.0, 0.0, ["unknown assignment"])
               for s in students for a in sorted(submitted - set(assignments)) if (s / a).is_dir()]
    jobs = [Job(s.name, assignments[a], s / a, out, settings) for s in students for a in sorted(submitted)
            if a in assignments]
    return jobs, unknown


def grade_all(submissions: Path, assignments: Path, released: Path, out: Path, csv_path: Path, settings: Settings,
              workers: int | None = None, progress: bool = True, shard: Shard | None = None) -> list[GradeRow]:
    """Grade everything under SUBMISSIONS/<student>/<assignment>/, reusing rows graded from the same inputs."""
    if not submissions.is_dir():
        raise FileNotFoundError(f"{submissions}: no such folder (expected <student>/<assignment>/<notebook>.ipynb)")
    jobs, rows = jobs_for(submissions, load_assignments(assignments, released), out, settings)
    if shard is not None:  # --shard K/N: only this shard's stable 1/N of the submissions (shard.py)
        jobs = [job for job in jobs if shard.holds(job.student, job.assignment.name)]
        rows = [row for row in rows if shard.holds(row.student, row.assignment)]
    todo = []
    for job in jobs:
        stored = _stored(job)
        if stored is None:
            todo.append(job)
        else:
            rows.append(stored)
    write_csv(csv_path, rows)
    start, written = time.monotonic(), time.monotonic()
    pending = list(todo)
    crashes: dict[tuple[str, str], int] = {}
    graded_now = 0
    while pending:
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            futures: dict[Future[GradeRow], Job] = {pool.submit(grade_job, job): job for job in pending}
            pending = []
            while futures:
                finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = futures.pop(future)
                    try:
                        row = future.result()
                    except BrokenProcessPool:  # a worker died: retry its jobs once in a fresh pool
                        key = (job.student, job.assignment.name)
                        crashes[key] = crashes.get(key, 0) + 1
                        if crashes[key] < 2:
                            pending.append(job)
                            continue
                        row = GradeRow(job.student, job.assignment.name, 0.0, sum(job.assignment.points().values()),
                                       ["the grading process died twice on this submission"])
                    rows.append(row)
                    _store(job, row)
                    if time.monotonic() - written > 1 or not futures:
                        write_csv(csv_path, rows)
                        written = time.monotonic()
                    graded_now += 1
                    if progress:
                        _progress(graded_now, len(todo), start)
    if progress and todo:
        print(file=sys.stderr)
    write_csv(csv_path, rows)
    return rows
