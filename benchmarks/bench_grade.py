"""Sandboxed autograder throughput: N students each submit the reference solution of every assignment.

Prints, measured in this run, the submissions graded per minute with 1 worker and with every core,
where one submission's time goes (starting the sandbox and kernel against running its cells), and
checks that every copy scored full marks (a fast grader that grades wrongly is no use).
Usage: bench_grade.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from chainrule_course.grading.batch import Settings, grade_all
from chainrule_course.grading.cli import ensure_released
from chainrule_course.grading.course import load_assignments, solved_copy
from chainrule_course.grading.resources import Limits
from chainrule_course.grading.runner import run_submission
from chainrule_course.grading.sandbox import kernel_command

ASSIGNMENTS = Path(__file__).resolve().parent.parent / "assignments"


def rate(work: Path, released: Path, workers: int) -> tuple[float, int]:
    """Grade every copy under work/subs with this many workers; return (per minute, rows not at full marks)."""
    out = work / f"out-{workers}"
    start = time.perf_counter()
    rows = grade_all(work / "subs", ASSIGNMENTS, released, out, out / "grades.csv", Settings(), workers, False)
    elapsed = time.perf_counter() - start
    return len(rows) / elapsed * 60, sum(r.score != r.max_score for r in rows)


def time_shares(released: Path) -> tuple[float, dict[str, float]]:
    """Seconds for a sandboxed `python -c pass`, and the start / cells / stop of grading assignment 1's solution
    (each after a warm-up run)."""
    assignment = load_assignments(ASSIGNMENTS, released)["01_derivatives_by_hand"]
    solved = nbformat.read(str(released / "solved.ipynb"), as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        run.mkdir()
        command = kernel_command([sys.executable, "-c", "pass"], run, None, Limits())
        subprocess.run(command, check=True)
        start = time.perf_counter()
        subprocess.run(command, check=True)
        process = time.perf_counter() - start
    run_submission(solved, assignment, Limits(), 30)
    return process, run_submission(solved, assignment, Limits(), 30).seconds


def main() -> None:
    """Grade N copies of each solution at 1 and at all workers, and print the throughput."""
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        released = ensure_released(ASSIGNMENTS, work / "build")
        names = sorted(p.name for p in released.iterdir() if p.is_dir())
        for k in range(copies):
            for name in names:
                solved_copy(released / name / f"{name}.ipynb", ASSIGNMENTS / f"{name}.ipynb",
                            work / "subs" / f"student{k:03d}" / name / f"{name}.ipynb")
        solved_copy(released / names[0] / f"{names[0]}.ipynb", ASSIGNMENTS / f"{names[0]}.ipynb",
                    released / "solved.ipynb")
        process, seconds = time_shares(released)
        results = {workers: rate(work, released, workers) for workers in sorted({1, cores})}
    total = copies * len(names)
    print(f"submissions: {total} ({copies} students x {len(names)} assignments), sandbox on, {cores} cores")
    for workers, (per_minute, wrong) in results.items():
        print(f"{workers} worker(s): {per_minute:5.1f} submissions per minute, "
              f"{total - wrong} of {total} at full marks")
    print(f"one submission (assignment 1): {sum(seconds.values()):.2f} s = {seconds['start']:.2f} s starting the "
          f"kernel (of which {process:.2f} s a sandboxed process; the rest the harness, ipykernel and torch's "
          f"import) + {seconds['cells']:.2f} s running its cells + {seconds['stop']:.2f} s stopping it")
    per_core = results[1][0]
    print(f"estimate: 1000 students x 4 assignments on 16 cores: {4000 / (per_core * 16):.0f} min "
          f"(from {per_core:.1f} per minute per core)")
    if any(wrong for _, wrong in results.values()):
        sys.exit("some solutions did not score full marks")


if __name__ == "__main__":
    main()
