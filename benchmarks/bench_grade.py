"""Autograder throughput: N students each submit the reference solution of every assignment.

Prints the submissions graded per minute, measured once in this run, and checks that every copy
scored full marks (a fast grader that grades wrongly is no use). Usage: bench_grade.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from chainrule_helpers.grading import autograde, release, solved_copy

ASSIGNMENTS = Path(__file__).resolve().parent.parent / "assignments"


def main() -> None:
    """Grade N copies of each solution and print the throughput."""
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        course = work / "course"
        released = release(ASSIGNMENTS, work / "release", course)
        for k in range(copies):
            for path in released:
                name = path.parent.name
                solved_copy(path, ASSIGNMENTS / f"{name}.ipynb", work / "subs" / f"student{k:03d}" / name / path.name)
        start = time.perf_counter()
        rows = autograde(work / "subs", work / "grades.csv", work / "feedback", ASSIGNMENTS, course)
        elapsed = time.perf_counter() - start
    wrong = [r for r in rows if r.score != r.max_score]
    print(f"submissions: {len(rows)} ({copies} students x {len(released)} assignments), 2 at a time")
    print(f"wall time:   {elapsed:.1f} s (including nbgrader's release step into the gradebook)")
    print(f"throughput:  {len(rows) / elapsed * 60:.1f} submissions per minute")
    print(f"full marks:  {len(rows) - len(wrong)} of {len(rows)}")
    if wrong:
        sys.exit(f"some solutions did not score full marks: {wrong}")


if __name__ == "__main__":
    main()
