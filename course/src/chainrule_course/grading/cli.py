"""The instructor's command line: release the assignments, autograde a folder of submissions.

    python -m chainrule_course release   [--assignments assignments] [--out build/release]
    python -m chainrule_course autograde SUBMISSIONS [--workers N] [--no-sandbox] [--memory MiB]
                                         [--timeout S] [--csv build/grades.csv] [--out build] [--shard K/N]
    python -m chainrule_course merge     SHARD_FOLDER... [--out build]
    python -m chainrule_course report    [--out build]
    python -m chainrule_course export    --lms canvas|moodle --roster FILE [--match COLUMN] [--questions]

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
from typing import Any

from ..repository import RepositoryNotFound, find
from .batch import Settings, grade_all
from .course import release
from .resources import Limits, enforcement
from .sandbox import SandboxUnavailable, Zygote, check_available

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
    add_shard_option(auto)


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
        shard, args.out = shard_folder(args.shard, args.out)
        if args.no_sandbox:
            print("WARNING: grading WITHOUT the sandbox: submissions can read and write anything this user can. "
                  "Every row of grades.csv says so.", file=sys.stderr)
        else:
            check_available()
            print(enforcement(Limits(memory=args.memory << 20)), file=sys.stderr)
            print("kernels: forked warm from one zygote per worker (torch imported once)" if Zygote.usable() else
                  "kernels: each started cold (warm starts need root)", file=sys.stderr)
        csv_path = args.csv or args.out / "grades.csv"
        settings = Settings(args.timeout, not args.no_sandbox, Limits(memory=args.memory << 20))
        released = ensure_released(args.assignments, args.out)
        rows = grade_all(args.submissions, args.assignments, released, args.out, csv_path, settings, args.workers,
                         shard=shard)
        after_grading(args.out, csv_path, rows, shard, args.assignments)
    except SandboxUnavailable as exc:
        print(f"error: grading did not start: {exc}", file=sys.stderr)
        return 2
    except (RepositoryNotFound, FileNotFoundError, RuntimeError, ValueError) as exc:
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
    for name, (what, add, _) in AFTER_GRADING.items():
        add(sub.add_parser(name, help=what))
    args = parser.parse_args(argv)
    if args.command in AFTER_GRADING:
        return AFTER_GRADING[args.command][2](args)
    return release_command(args) if args.command == "release" else autograde_command(args)


# ---------------------------------------------------------------------------------------------------
# After grading: --shard on autograde, and the merge, report and export commands (issue 23).
# Each command's machinery is imported inside it; nothing above this line depends on this block
# except the hooks in add_autograde, autograde_command and main.
# ---------------------------------------------------------------------------------------------------


def add_shard_option(auto: argparse.ArgumentParser) -> None:
    """autograde's --shard K/N."""
    auto.add_argument("--shard", default=None, metavar="K/N",
                      help="grade only shard K of N (K from 0; a stable hash of student and assignment) into "
                           "OUT/shards/K-of-N/; then `merge` the N folders")


def shard_folder(text: str | None, out: Path) -> tuple[Any, Path]:
    """The Shard asked for (or None) and the folder its results go to."""
    if not text:
        return None, out
    from .shard import Shard

    shard = Shard.parse(text)
    return shard, out / "shards" / shard.name


def misconception_names(assignments: Path) -> dict[str, str]:
    """id -> name from the misconceptions library beside the assignments, if there is one."""
    from .misconceptions import LIBRARY, load_library

    path = assignments / LIBRARY
    return {m.id: m.name for m in load_library(path)} if path.is_file() else {}


def after_grading(out: Path, csv_path: Path, rows: list[Any], shard: Any, assignments: Path) -> None:
    """A shard's manifest, and the class report (report.html, report.csv) beside grades.csv."""
    from .report import write_report
    from .results import records

    if shard is not None:
        from .shard import write_manifest

        write_manifest(out, shard, rows)
    page = write_report(records(out, csv_path), out / "report.html", names=misconception_names(assignments))
    print(f"class report -> {page}", file=sys.stderr)


def add_merge(parser: argparse.ArgumentParser) -> None:
    """The `merge` command's options."""
    parser.add_argument("shards", type=Path, nargs="+", help="the N shard folders (OUT/shards/K-of-N)")
    parser.add_argument("--out", type=Path, default=None, help="where the merged batch goes (default build/)")
    parser.add_argument("--assignments", type=Path, default=None, help="the source notebooks (default assignments/)")


def merge_command(args: argparse.Namespace) -> int:
    """`merge`: one grades.csv, feedback and report from a complete set of shard folders."""
    from .batch import GradeRow, write_csv
    from .shard import MergeError, copy_trees, merge_rows

    try:
        repo = find()
        out = args.out or repo.build
        rows = [GradeRow(**row) for row in merge_rows(args.shards)]
        copied = copy_trees(args.shards, out)
        write_csv(out / "grades.csv", rows)
        after_grading(out, out / "grades.csv", rows, None, args.assignments or repo.assignments)
    except (RepositoryNotFound, MergeError, OSError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"merged {len(args.shards)} shard(s): {len(rows)} row(s), {copied} file(s) -> {out / 'grades.csv'}")
    return 0


def add_report(parser: argparse.ArgumentParser) -> None:
    """The `report` command's options."""
    parser.add_argument("--out", type=Path, default=None, help="the graded batch's folder (default build/)")
    parser.add_argument("--assignments", type=Path, default=None, help="the source notebooks (default assignments/)")


def report_command(args: argparse.Namespace) -> int:
    """`report`: write report.html and report.csv again from a graded batch."""
    from .results import UnreadableResult

    try:
        repo = find()
        out = args.out or repo.build
        after_grading(out, out / "grades.csv", [], None, args.assignments or repo.assignments)
    except (RepositoryNotFound, UnreadableResult, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def add_export(parser: argparse.ArgumentParser) -> None:
    """The `export` command's options."""
    parser.add_argument("--lms", required=True, choices=["canvas", "moodle"], help="the LMS to import into")
    parser.add_argument("--roster", required=True, type=Path,
                        help="the gradebook export downloaded from that LMS (Canvas: Grades > Export; Moodle: "
                             "Grades > Export > Plain text file)")
    parser.add_argument("--out", type=Path, default=None, help="the graded batch's folder (default build/)")
    parser.add_argument("--match", default=None,
                        help="the roster column that holds the student folder names (default: the identity column "
                             "matching most of them)")
    parser.add_argument("--questions", action="store_true", help="also one column per question (test)")


def export_command(args: argparse.Namespace) -> int:
    """`export`: OUT/export/<lms>-grades.csv for the LMS's import, and <lms>-problems.csv beside it."""
    from .export import RosterError, build_export, read_roster, write_export
    from .results import UnreadableResult, records

    try:
        out = args.out or find().build
        if not (out / "grades.csv").is_file():
            raise FileNotFoundError(f"{out / 'grades.csv'}: grade first (make autograde), or merge the shards")
        export = build_export(records(out), read_roster(args.roster, args.lms), args.match, args.questions)
        path, problems = write_export(export, out / "export" / f"{args.lms}-grades.csv",
                                      out / "export" / f"{args.lms}-problems.csv")
    except (RepositoryNotFound, RosterError, UnreadableResult, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for p in export.problems:
        print(f"{p.problem}: {p.student} {p.assignment} {p.detail}".rstrip(), file=sys.stderr)
    print(f"{args.lms}: matched on {export.matched_on!r}; {len(export.rows)} row(s) -> {path}; "
          f"{len(export.problems)} problem(s) listed in {problems}", file=sys.stderr)
    return 0


# command: (what it does, its options, its function)
AFTER_GRADING = {
    "merge": ("assemble grades.csv, feedback and the report from the shard folders", add_merge, merge_command),
    "report": ("write report.html and report.csv again from a graded batch", add_report, report_command),
    "export": ("write the grade import file for Canvas or Moodle from a roster", add_export, export_command),
}
