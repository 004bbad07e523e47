"""The instructor's command line: release the assignments, autograde a folder of submissions.

    python -m chainrule_course release   [--assignments assignments] [--out build/release]
    python -m chainrule_course autograde SUBMISSIONS [--workers N] [--no-sandbox] [--memory MiB]
                                         [--timeout S] [--csv build/grades.csv] [--out build]

The defaults are the repository's folders (see chainrule_course.repository).

SUBMISSIONS follows nbgrader's layout, `SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb`, and
is only read. Results: `build/grades.csv`, `build/feedback/` (for students), `build/autograded/`
(executed notebooks, for the instructor only: they contain the hidden tests' outputs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from ..repository import RepositoryNotFound, find
from .batch import Settings, grade_all
from .course import release
from .sandbox import Limits, SandboxUnavailable, check_available

__all__ = ["add_autograde", "add_release", "autograde_command", "ensure_released", "main", "release_command"]

def ensure_released(assignments: Path, out: Path) -> Path:
    """Release into `out/grading/released` unless that release was made from these very sources."""
    released = out / "grading" / "released"
    stamp = released / "sources.json"
    sources = sorted(assignments.glob("[0-9][0-9]_*.ipynb"))
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sources}
    if stamp.exists() and json.loads(stamp.read_text()) == digests:
        return released
    release(assignments, released, out / "grading" / "course")
    stamp.write_text(json.dumps(digests))
    return released


def add_release(parser: argparse.ArgumentParser) -> None:
    """The `release` command's options."""
    parser.add_argument("--assignments", type=Path, default=None, help="the source notebooks (default assignments/)")
    parser.add_argument("--out", type=Path, default=None, help="where student versions go (default build/release)")


def add_autograde(auto: argparse.ArgumentParser) -> None:
    """The `autograde` command's options."""
    auto.add_argument("submissions", type=Path)
    auto.add_argument("--assignments", type=Path, default=None, help="the source notebooks (default assignments/)")
    auto.add_argument("--out", type=Path, default=None,
                      help="where results, feedback and graded copies go (default build/)")
    auto.add_argument("--csv", type=Path, default=None, help="the grade sheet (default OUT/grades.csv)")
    auto.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: every core)")
    auto.add_argument("--timeout", type=float, default=30.0, help="seconds one cell may run (default 30)")
    auto.add_argument("--memory", type=int, default=2048, help="MiB of memory per submission (default 2048)")
    auto.add_argument("--no-sandbox", action="store_true",
                      help="grade without the OS sandbox (unsafe for untrusted work; every row is marked)")


def release_command(args: argparse.Namespace) -> int:
    """`release`: student versions of every assignment; errors the instructor can fix exit with status 2."""
    try:
        repo = find()
        for assignment in release(args.assignments or repo.assignments, args.out or repo.build / "release",
                                  repo.build / "course"):
            print(f"released {assignment.released}")
    except (RepositoryNotFound, FileNotFoundError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def autograde_command(args: argparse.Namespace) -> int:
    """`autograde`: grade a folder of submissions; errors the instructor can fix exit with status 2."""
    start = time.perf_counter()
    try:
        repo = find()
        args.assignments = args.assignments or repo.assignments
        args.out = args.out or repo.build
        if args.no_sandbox:
            print("WARNING: grading WITHOUT the sandbox: submissions can read and write anything this user can. "
                  "Every row of grades.csv says so.", file=sys.stderr)
        else:
            check_available()
        csv_path = args.csv or args.out / "grades.csv"
        settings = Settings(args.timeout, not args.no_sandbox, Limits(memory=args.memory << 20))
        released = ensure_released(args.assignments, args.out)
        rows = grade_all(args.submissions, args.assignments, released, args.out, csv_path, settings, args.workers)
    except SandboxUnavailable as exc:
        print(f"error: grading did not start: {exc}", file=sys.stderr)
        return 2
    except (RepositoryNotFound, FileNotFoundError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for row in sorted(rows, key=lambda r: (r.student, r.assignment)):
        line = row.as_csv()
        score = f"{line['score']} / {line['max_score']}"
        print(f"{line['student']:16} {line['assignment']:30} {score:13} {line['reason']}")
    print(f"graded {len(rows)} submission(s) in {time.perf_counter() - start:.0f} s -> {csv_path}; "
          f"feedback in {args.out / 'feedback'}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The grading commands, `release` and `autograde` (reached through `python -m chainrule_course`)."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_course", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add_release(sub.add_parser("release", help="write student versions to build/release/"))
    add_autograde(sub.add_parser("autograde", help="grade SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb"))
    args = parser.parse_args(argv)
    return release_command(args) if args.command == "release" else autograde_command(args)
