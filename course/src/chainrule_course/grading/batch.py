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
import multiprocessing
import os
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from multiprocessing import connection as mp_connection
from pathlib import Path
from typing import Any

import nbformat

from .course import Assignment, load_assignments
from .csvsafe import safe_row
from .feedback import write_feedback
from .files import NotRegular, describe, read_capped
from .prechecks import MAX_NOTEBOOK_BYTES, Unreadable, read_submission, run_checks
from .resources import Limits
from .runner import run_submission
from .sandbox import Zygote
from .shard import Shard

__all__ = ["GradeRow", "Job", "Settings", "grade_all", "grade_job"]

FIELDS = ["student", "assignment", "score", "max_score", "reason"]
UNSANDBOXED = "graded WITHOUT the sandbox (--no-sandbox)"
JOB_MARGIN = 300  # seconds past a submission's wall-clock budget before its grading process is stopped


@dataclass
class GradeRow:
    """One line of grades.csv: what a student scored on an assignment, and why if anything was off."""

    student: str
    assignment: str
    score: float
    max_score: float
    reasons: list[str] = field(default_factory=list)
    graded: bool = True  # False when the grader failed: such a row is never stored, so a rerun grades it again
    tests: dict[str, dict[str, Any]] = field(default_factory=dict)  # grade_id -> points, score, status, detail
    seconds: float = 0.0  # wall-clock seconds the submission took to grade

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
        """The submitted notebook (renamed is fine if it is the only one) and what was odd about finding it.
        A folder or notebook that is a link, a FIFO, a device or a folder is refused with a reason, unread."""
        folder_kind = describe(self.folder)
        if folder_kind == "missing":
            return None, ["no submission"]
        if folder_kind != "a folder":
            return None, [f"the submission folder is {folder_kind} (not read)"]
        expected = self.folder / f"{self.assignment.name}.ipynb"
        with os.scandir(self.folder) as entries:
            others = sorted(Path(e.path) for e in entries if e.name.endswith(".ipynb"))
        if expected in others:
            others = [expected]
        elif len(others) != 1:
            return None, ["no submission" if not others else f"{len(others)} notebooks and none named {expected.name}"]
        kind = describe(others[0])
        if kind is not None:
            return None, [f"the notebook {others[0].name} is {kind} (not read)"]
        return others[0], [] if others[0] == expected else [f"notebook renamed to {others[0].name}"]

    def digest(self) -> str:
        """What the result depends on: the submission's bytes, the source notebook, the settings."""
        path, _ = self.notebook()
        try:
            content = read_capped(path, MAX_NOTEBOOK_BYTES) if path else b"(none)"
        except NotRegular as exc:
            content = f"(unreadable: {exc})".encode()
        parts = [content, self.assignment.digest().encode(), repr(self.settings).encode()]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()

    def result_path(self) -> Path:
        return self.out / "grading" / "results" / self.student / f"{self.assignment.name}.json"


def grade_job(job: Job, zygote: Zygote | None = None) -> GradeRow:
    """Grade one job (its kernel forked from `zygote` if given); never raises: an error in the grader itself becomes
    the row's reason."""
    max_score = sum(job.assignment.points().values())
    row = GradeRow(job.student, job.assignment.name, 0.0, max_score)
    try:
        path, row.reasons = job.notebook()
        if path is None:
            return row
        submitted = read_submission(path)
        row.reasons += run_checks(submitted, nbformat.read(str(job.assignment.released), as_version=4))
        outcome = run_submission(submitted, job.assignment, job.settings.limits, job.settings.cell_timeout,
                                 job.settings.sandbox, zygote)
        row.score = sum(result.score for result in outcome.tests.values())
        row.reasons += outcome.reasons
        row.tests = {gid: {"points": r.points, "score": r.score, "status": r.status, "detail": r.detail,
                           "misconception": r.misconception or None} for gid, r in outcome.tests.items()}
        row.seconds = round(sum(outcome.seconds.values()), 2)
        graded = job.out / "autograded" / job.student / job.assignment.name / f"{job.assignment.name}.ipynb"
        graded.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(outcome.notebook, str(graded))
        write_feedback(job.out / "feedback" / job.student / job.assignment.name / f"{job.assignment.name}.html",
                       job.student, job.assignment, submitted, outcome.tests)
    except Unreadable as exc:
        row.reasons.append(str(exc))
    except Exception as exc:  # noqa: BLE001 - the grader's own failure must not stop the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        row.score, row.graded = 0.0, False
        row.reasons.append(f"the grader failed on this submission ({type(exc).__name__} at "
                           f"{Path(where.filename).name}:{where.lineno}); not a grade: the next run grades it again")
    if not job.settings.sandbox:
        row.reasons.insert(0, UNSANDBOXED)
    return row


def _context() -> Any:
    """Worker processes forked from a server that has imported the grader once (fork of a fresh process, not of
    this one, whose threads a fork would copy half-way)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["chainrule_course.grading.runner", "torch"])
    return context


def _grade_in_child(job: Job, zygote: Zygote | None, pipe: Any) -> None:
    """A worker's whole life: grade one job and send its row back."""
    pipe.send(asdict(grade_job(job, zygote)))
    pipe.close()


def _collect(job: Job, process: Any, receive: Any, late: bool) -> GradeRow:
    """The row a worker sent; or, if it died or ran past its deadline, a row saying so (charged to this job only)."""
    row = None
    try:
        if receive.poll(0):
            row = GradeRow(**receive.recv())
    except (EOFError, OSError, TypeError):
        row = None
    if process.is_alive():
        process.kill()
    process.join(5)
    receive.close()
    if row is not None:
        return row
    why = f"stopped after {job.settings.limits.wall_total + JOB_MARGIN} s" if late else f"exit code {process.exitcode}"
    return GradeRow(job.student, job.assignment.name, 0.0, sum(job.assignment.points().values()),
                    [f"the grading process died on this submission ({why}); not a grade: the next run grades it "
                     "again"], graded=False)


def _ready(zygote: Zygote) -> Zygote:
    """The worker's zygote, replaced by a new one if it has ended (its next kernel then starts warm again)."""
    if zygote.alive():
        return zygote
    limits = zygote.limits
    zygote.stop()
    return Zygote(limits)


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
    """A job per student and known assignment anyone submitted; rows for unknown assignment folders and for
    student entries that are not folders (a link is never followed)."""
    entries = sorted(submissions.iterdir())
    students = [p for p in entries if describe(p) == "a folder"]
    unknown = [GradeRow(p.name, "-", 0.0, 0.0, [f"the student's entry is {describe(p) or 'a file'} (not read)"])
               for p in entries if describe(p) != "a folder"]
    submitted = {a.name for s in students for a in s.iterdir() if a.is_dir() or a.is_symlink()}
    unknown += [GradeRow(s.name, a, 0.0, 0.0, ["unknown assignment"])
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
    running: dict[int, tuple[Job, Any, Any, float, Zygote | None]] = {}  # sentinel -> job, process, pipe, deadline
    queue, done = list(todo), 0
    context = _context()
    slots = workers or os.cpu_count() or 1
    warm = settings.sandbox and Zygote.usable() and bool(todo)
    idle = [Zygote(settings.limits) for _ in range(min(slots, len(todo)))] if warm else []
    try:
        while queue or running:
            while queue and len(running) < slots:
                job = queue.pop(0)
                zygote = _ready(idle.pop()) if idle else None
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_grade_in_child, args=(job, zygote, send), daemon=True)
                process.start()
                send.close()
                deadline = time.monotonic() + job.settings.limits.wall_total + JOB_MARGIN
                running[process.sentinel] = (job, process, receive, deadline, zygote)
            ready = mp_connection.wait(list(running), timeout=1.0)
            for sentinel in list(running):
                job, process, receive, deadline, zygote = running[sentinel]
                if sentinel not in ready and time.monotonic() < deadline:
                    continue
                del running[sentinel]
                if zygote is not None:
                    idle.append(zygote)
                row = _collect(job, process, receive, late=sentinel not in ready)
                rows.append(row)
                if row.graded:
                    _store(job, row)
                done += 1
                if progress:
                    _progress(done, len(todo), start)
            if time.monotonic() - written > 1 or not (queue or running):
                write_csv(csv_path, rows)
                written = time.monotonic()
    finally:
        for zygote in idle + [entry[4] for entry in running.values() if entry[4] is not None]:
            zygote.stop()
    if progress and todo:
        print(file=sys.stderr)
    write_csv(csv_path, rows)
    return rows
