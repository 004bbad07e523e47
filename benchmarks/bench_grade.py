"""Sandboxed autograder throughput: N students each submit the reference solution of every assignment.

Prints, measured in this run, the submissions graded per minute with 1 worker and with every core,
where each assignment's time goes with its kernel started cold and forked warm from a zygote (starting
the kernel, its cells and tests, the kernel's CPU seconds, and what a sandboxed process and torch's
import cost a cold kernel), and checks that every copy scored full marks (a fast grader that grades
wrongly is no use).
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
from chainrule_course.grading.sandbox import Zygote, kernel_command

ASSIGNMENTS = Path(__file__).resolve().parent.parent / "assignments"


def rate(work: Path, released: Path, workers: int) -> tuple[float, int]:
    """Grade every copy under work/subs with this many workers; return (per minute, rows not at full marks)."""
    out = work / f"out-{workers}"
    start = time.perf_counter()
    rows = grade_all(work / "subs", ASSIGNMENTS, released, out, out / "grades.csv", Settings(), workers, False)
    elapsed = time.perf_counter() - start
    return len(rows) / elapsed * 60, sum(r.score != r.max_score for r in rows)


def sandboxed_seconds(code: str) -> float:
    """Wall-clock seconds of `python -c CODE` in the grading sandbox (after a warm-up run)."""
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        run.mkdir()
        command = kernel_command([sys.executable, "-c", code], run, None, Limits())
        subprocess.run(command, check=True)
        start = time.perf_counter()
        subprocess.run(command, check=True)
        return time.perf_counter() - start


def where_time_goes(released: Path, names: list[str]) -> dict[str, dict[str, tuple[dict[str, float], float]]]:
    """Per assignment, one graded solution alone, its kernel started cold and forked warm (where a zygote can run):
    {start: (wall seconds of start / cells / stop, the kernel's CPU seconds)}."""
    assignments = load_assignments(ASSIGNMENTS, released)
    zygote = Zygote(Limits()) if Zygote.usable() else None
    shares: dict[str, dict[str, tuple[dict[str, float], float]]] = {}
    try:
        for name in names:
            solved = nbformat.read(str(released / f"solved-{name}.ipynb"), as_version=4)
            for start, source in (("cold", None), ("warm", zygote)):
                if start == "warm" and zygote is None:
                    continue
                outcome = run_submission(solved, assignments[name], Limits(), 30, zygote=source)
                shares.setdefault(name, {})[start] = outcome.seconds, outcome.cpu
    finally:
        if zygote is not None:
            zygote.stop()
    return shares


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
        for name in names:
            solved_copy(released / name / f"{name}.ipynb", ASSIGNMENTS / f"{name}.ipynb",
                        released / f"solved-{name}.ipynb")
        process, torch_import = sandboxed_seconds("pass"), sandboxed_seconds("import torch")
        shares = where_time_goes(released, names)
        results = {workers: rate(work, released, workers) for workers in sorted({1, cores})}
    total = copies * len(names)
    print(f"submissions: {total} ({copies} students x {len(names)} assignments), sandbox on, {cores} cores")
    for workers, (per_minute, wrong) in results.items():
        print(f"{workers} worker(s): {per_minute:5.1f} submissions per minute, "
              f"{total - wrong} of {total} at full marks")
    print("where one submission's time goes (each solution graded alone; wall-clock seconds, and the CPU seconds of "
          "the kernel's processes):")
    for name, starts in shares.items():
        for start, (seconds, cpu) in starts.items():
            print(f"  {name:28s} {start}: {sum(seconds.values()):5.2f} s = {seconds.get('start', 0):.2f} starting the "
                  f"kernel + {seconds.get('cells', 0):5.2f} its cells and tests + {seconds.get('stop', 0):.2f} "
                  f"stopping it; kernel CPU {cpu:5.2f} s")
    print(f"  a cold kernel pays, beside its cells: a sandboxed `python -c pass` {process:.2f} s and `import torch` "
          f"{torch_import:.2f} s (the notebooks' first cell); a warm one, forked from its worker's zygote, neither")
    per_core = results[1][0]
    print(f"estimate: 1000 students x 4 assignments on 16 cores: {4000 / (per_core * 16):.0f} min "
          f"(from {per_core:.1f} per minute per core)")
    if any(wrong for _, wrong in results.values()):
        sys.exit("some solutions did not score full marks")


if __name__ == "__main__":
    main()
