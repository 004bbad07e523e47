"""Release and autograde the chapter's assignments with nbgrader, without ever stopping a batch.

nbgrader does the grading; this module gives each submission a private copy of a scratch course,
runs nbgrader there in its own process with a time limit (two submissions at a time), and turns
every failure into a grade row with a reason:

    python -m chainrule_helpers.grading release   [--assignments assignments] [--out build/release]
    python -m chainrule_helpers.grading autograde SUBMISSIONS [--csv build/grades.csv]

SUBMISSIONS follows nbgrader's layout, `SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb`. It is
only read: submissions are copied into the scratch course, and the source notebooks in
`assignments/` are copied too, so grading modifies neither.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["GradeRow", "autograde", "check_submission", "main", "prepare_course", "release", "solved_copy"]

BUILD = Path("build")
COURSE = BUILD / "course"
CELL_TIMEOUT = 30  # seconds a single cell may run before nbgrader interrupts it
RUN_TIMEOUT = 300  # seconds one student's whole autograde may take
MAX_OUTPUT_BYTES = 1_000_000  # stored outputs above this are reported (nbgrader clears them anyway)

CONFIG = """# Written by chainrule_helpers.grading; the scratch course used for release and autograding.
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db!r}
c.Execute.timeout = {cell_timeout}
c.Execute.interrupt_on_timeout = True
c.OverwriteCells.add_missing_cells = True
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50
"""


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


def _nbgrader(course: Path, *args: str, timeout: int = RUN_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run one nbgrader command in the scratch course, in its own process, with a time limit."""
    command = [sys.executable, "-m", "nbgrader", *args, "--force", "--log-level=WARN"]
    # nbgrader runs `alembic` by name: put this environment's scripts first on PATH. One thread per
    # kernel: the tensors are tiny, and two graders sharing the cores must not oversubscribe them.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.run(command, cwd=course, capture_output=True, text=True, timeout=timeout, env=env)


def prepare_course(assignments: Path, course: Path = COURSE, cell_timeout: int = CELL_TIMEOUT) -> list[str]:
    """Create the scratch nbgrader course with a copy of every source notebook; return assignment names."""
    sources = sorted(assignments.glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no assignment notebooks (NN_name.ipynb) in {assignments}")
    course.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{(course / 'gradebook.db').resolve()}"
    config = CONFIG.format(root=str(course.resolve()), db=db, cell_timeout=cell_timeout)
    (course / "nbgrader_config.py").write_text(config)
    names = []
    for source in sources:
        target = course / "source" / source.stem
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / source.name)
        names.append(source.stem)
    return names


def _generate(assignments: Path, course: Path, cell_timeout: int = CELL_TIMEOUT) -> list[str]:
    """Let nbgrader build each student version (and record its cells and points in the gradebook)."""
    names = prepare_course(assignments, course, cell_timeout)
    for name in names:
        result = _nbgrader(course, "generate_assignment", name)
        if result.returncode != 0:
            raise RuntimeError(f"nbgrader could not release {name}:\n{result.stderr[-3000:]}")
    return names


def release(assignments: Path, out: Path, course: Path = COURSE) -> list[Path]:
    """Student versions of every assignment (solutions and hidden tests stripped, outputs cleared)."""
    released = []
    for name in _generate(assignments, course):
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(course / "release" / name, target)
        released.append(target / f"{name}.ipynb")
    return released


def _grade_cells(nb: Any) -> list[tuple[str, Any]]:
    """(grade_id, cell) for every nbgrader cell, in order."""
    return [(c.metadata["nbgrader"]["grade_id"], c) for c in nb.cells
            if "grade_id" in c.get("metadata", {}).get("nbgrader", {})]


def _imported_names(sources: list[str]) -> set[str]:
    """Every name that import statements in these cells bind (modules, aliases, imported helpers)."""
    names = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def _patched_names(source: str, protected: set[str]) -> list[str]:
    """What a student cell rebinds among the names the tests import, or the attributes of those modules."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in protected:
            found.append(node.name)
        for target in node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]:
            if isinstance(target, ast.Name) and target.id in protected:
                found.append(target.id)
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                    and target.value.id in protected:
                found.append(f"{target.value.id}.{target.attr}")
    return found


def _is_test(cell: Any) -> bool:
    """An nbgrader test cell: graded, and not an answer."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def check_submission(path: Path, released: Path) -> tuple[bool, list[str]]:
    """Compare a submission with its released version: (gradable, reasons worth reporting)."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # not JSON, not a notebook, unreadable: all end the same way
        return False, [f"not a readable notebook ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})"]
    reasons = []
    reference = nbformat.read(str(released), as_version=4)
    expected = _grade_cells(reference)
    submitted = _grade_cells(nb)
    ids = [gid for gid, _ in submitted]
    missing = [gid for gid, _ in expected if gid not in ids]
    duplicated = sorted({gid for gid in ids if ids.count(gid) > 1})
    if missing:
        reasons.append(f"cells deleted: {', '.join(missing)} (restored from the source)")
    if duplicated:
        reasons.append(f"cells duplicated: {', '.join(duplicated)} (the last copy is graded)")
    order = [gid for gid in dict.fromkeys(ids) if gid in dict(expected)]
    if order != [gid for gid, _ in expected if gid in order]:
        reasons.append("cells reordered (graded in the submitted order)")
    source_of = {gid: cell.source for gid, cell in expected}
    edited = [gid for gid, cell in submitted if _is_test(cell) and gid in source_of and cell.source != source_of[gid]]
    if edited:
        reasons.append(f"test cells edited: {', '.join(sorted(set(edited)))} (restored from the source)")
    protected = _imported_names([cell.source for _, cell in expected if _is_test(cell)])
    patched = [name for _, cell in submitted if cell.metadata["nbgrader"].get("solution")
               for name in _patched_names(cell.source, protected)]
    if patched:
        reasons.append(f"redefines what the tests use: {', '.join(sorted(set(patched)))} (tests re-import "
                       "their helpers; flagged for review)")
    size = sum(len(json.dumps(cell.get("outputs", []))) for cell in nb.cells)
    if size > MAX_OUTPUT_BYTES:
        reasons.append(f"stored output of {size / 1e6:.1f} MB (cleared before grading)")
    return True, reasons


def solved_copy(released: Path, source: Path, out: Path) -> Path:
    """A student's notebook as it would look when every answer is the reference solution."""
    import nbformat

    answers = {gid: cell.source for gid, cell in _grade_cells(nbformat.read(str(source), as_version=4))
               if cell.metadata["nbgrader"].get("solution")}
    nb = nbformat.read(str(released), as_version=4)
    for gid, cell in _grade_cells(nb):
        if gid in answers:
            cell.source = answers[gid]
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return out


def _max_score(course: Path, assignment: str) -> float:
    """Total points of an assignment, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gb:
        return float(gb.find_assignment(assignment).max_score)


def _db_url(course: Path) -> str:
    return f"sqlite:///{(course / 'gradebook.db').resolve()}"


def _score(course: Path, assignment: str, student: str) -> float:
    """A student's autograded score on an assignment, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gb:
        return float(gb.find_submission(assignment, student).score)


def _errors_in(autograded: Path) -> list[str]:
    """Errors in a graded notebook's own cells, and tests cut short by the time limit, as short reasons."""
    import nbformat

    reasons = []
    for path in sorted(autograded.glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            for out in cell.get("outputs", []):
                timed_out = out.get("ename") == "CellTimeoutError"
                if _is_test(cell) and not timed_out:
                    continue  # a failing test is the score speaking, not an anomaly
                if out.get("output_type") == "error":
                    name = "timed out" if timed_out else f"raised {out.get('ename')}"
                    reasons.append(f"cell {meta.get('grade_id', '(unnamed)')} {name}")
    return reasons


def autograde(submissions: Path, csv_path: Path, feedback: Path, assignments: Path = Path("assignments"),
              course: Path = COURSE, cell_timeout: int = CELL_TIMEOUT, workers: int = 2) -> list[GradeRow]:
    """Grade every submission under nbgrader's layout; each gets a row, whatever is wrong with it."""
    if not submissions.is_dir():
        raise FileNotFoundError(f"{submissions}: no such folder (expected <student>/<assignment>/<notebook>.ipynb)")
    names = _generate(assignments, course, cell_timeout)
    students = sorted(p for p in submissions.iterdir() if p.is_dir())
    submitted = {a.name for s in students for a in s.iterdir() if a.is_dir()}
    rows = [GradeRow(s.name, a, 0.0, 0.0, ["unknown assignment"])
            for s in students for a in sorted(submitted - set(names)) if (s / a).is_dir()]
    jobs = [(s, a) for s in students for a in names if a in submitted]
    with ThreadPoolExecutor(max_workers=workers) as pool:  # each job runs nbgrader in its own process
        rows += pool.map(lambda job: _grade_one(*job, course, feedback, cell_timeout), jobs)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["student", "assignment", "score", "max_score", "reason"])
        writer.writeheader()
        writer.writerows(row.as_csv() for row in sorted(rows, key=lambda r: (r.student, r.assignment)))
    return rows


def _write_deduplicated(submitted: Path, target: Path) -> None:
    """Copy a submission, keeping nbgrader metadata only on the last copy of a duplicated cell.

    nbgrader's own DeduplicateIds leaves an empty metadata dict that its OverwriteCells then trips
    over (KeyError 'grade_id', nbgrader 0.9.6), so duplicates are resolved here the same way, safely.
    """
    import nbformat

    nb = nbformat.read(str(submitted), as_version=4)
    seen: set[str] = set()
    for cell in reversed(nb.cells):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in seen:
            del cell.metadata["nbgrader"]
        elif gid is not None:
            seen.add(gid)
    nbformat.write(nb, str(target))


def _scratch_course(course: Path, student: str, assignment: str, cell_timeout: int) -> Path:
    """A private copy of the course for one grading job, so no submission can touch another's results."""
    scratch = course / "scratch" / student / assignment
    if scratch.exists():
        shutil.rmtree(scratch)
    for part in ("source", "release"):
        shutil.copytree(course / part / assignment, scratch / part / assignment)
    shutil.copyfile(course / "gradebook.db", scratch / "gradebook.db")
    config = CONFIG.format(root=str(scratch.resolve()), db=_db_url(scratch), cell_timeout=cell_timeout)
    (scratch / "nbgrader_config.py").write_text(config)
    return scratch


def _grade_one(student_dir: Path, assignment: str, course: Path, feedback: Path, cell_timeout: int) -> GradeRow:
    """Pre-check, autograde and collect feedback for one student's one assignment."""
    student = student_dir.name
    row = GradeRow(student, assignment, 0.0, _max_score(course, assignment))
    submitted = student_dir / assignment / f"{assignment}.ipynb"
    others = sorted((student_dir / assignment).glob("*.ipynb"))
    if not submitted.exists() and len(others) == 1:
        submitted = others[0]
        row.reasons.append(f"notebook renamed to {submitted.name}")
    elif not submitted.exists():
        row.reasons.append("no submission")
        return row
    gradable, reasons = check_submission(submitted, course / "release" / assignment / f"{assignment}.ipynb")
    row.reasons.extend(reasons)
    if not gradable:
        return row
    scratch = _scratch_course(course, student, assignment, cell_timeout)
    (scratch / "submitted" / student / assignment).mkdir(parents=True)
    _write_deduplicated(submitted, scratch / "submitted" / student / assignment / f"{assignment}.ipynb")
    try:
        result = _nbgrader(scratch, "autograde", assignment, "--student", student)
    except subprocess.TimeoutExpired:
        row.reasons.append(f"grading took longer than {RUN_TIMEOUT} s and was stopped")
        return row
    if result.returncode != 0:
        errors = re.findall(r"^\s*(\w+(?:Error|Exception)\b.*)$", result.stderr, re.MULTILINE) or ["no message"]
        row.reasons.append(f"nbgrader could not grade it: {errors[-1].strip()[:200]}")
        return row
    row.score = _score(scratch, assignment, student)
    graded = scratch / "autograded" / student / assignment
    row.reasons.extend(_errors_in(graded))
    shutil.copytree(graded, course / "autograded" / student / assignment, dirs_exist_ok=True)
    _nbgrader(scratch, "generate_feedback", assignment, "--student", student)
    html = scratch / "feedback" / student / assignment
    if html.exists():
        shutil.copytree(html, feedback / student / assignment, dirs_exist_ok=True)
    shutil.rmtree(scratch)
    return row


def main(argv: list[str] | None = None) -> int:
    """Command line: `release` or `autograde SUBMISSIONS`."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_helpers.grading", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="write student versions to build/release/")
    rel.add_argument("--assignments", type=Path, default=Path("assignments"))
    rel.add_argument("--out", type=Path, default=BUILD / "release")
    auto = sub.add_parser("autograde", help="grade SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb")
    auto.add_argument("submissions", type=Path)
    auto.add_argument("--assignments", type=Path, default=Path("assignments"))
    auto.add_argument("--csv", type=Path, default=BUILD / "grades.csv")
    auto.add_argument("--feedback", type=Path, default=BUILD / "feedback")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        if args.command == "release":
            for path in release(args.assignments, args.out):
                print(f"released {path}")
            return 0
        rows = autograde(args.submissions, args.csv, args.feedback, args.assignments)
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for row in rows:
        line = row.as_csv()
        score = f"{line['score']} / {line['max_score']}"
        print(f"{line['student']:16} {line['assignment']:30} {score:13} {line['reason']}")
    elapsed = time.perf_counter() - start
    print(f"graded {len(rows)} submission(s) in {elapsed:.0f} s -> {args.csv}; feedback in {args.feedback}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

