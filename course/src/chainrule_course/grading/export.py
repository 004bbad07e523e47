"""Grades into the course's LMS: the CSV file that Canvas's or Moodle's gradebook import expects.

Guards against a grade reaching the wrong student or none: students are matched through the roster
the instructor downloaded from the LMS itself, and every student of grades.csv missing from the
roster, every roster entry with no submission, every row that cannot be exported and every row
flagged for review is listed (on stderr and in a CSV beside the export), never dropped in silence.
Every cell goes through `csvsafe.safe_cell` (OWASP's CSV-injection rule).

Canvas, as "How do I import grades in the Gradebook?" (Instructure Community, Instructor Guide,
https://community.instructure.com/en/kb/articles/660862-how-do-i-import-grades-in-the-gradebook,
formerly https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807)
describes it: start from the gradebook's own export (Grades > Export), whose header is
`Student, ID, SIS User ID, SIS Login ID, [Integration ID,] Section`, then one column per assignment
`Name (assignment id)`, then read-only totals, with a "Points Possible" row under the header. The
import keeps the identity columns (which identify the row and are never changed by an import), one
column per assignment: a header that carries an existing assignment's id updates that assignment,
a header without one creates a new assignment, and read-only columns are ignored, so they are not
written. Files are UTF-8.

Moodle, as "Grade import" (MoodleDocs, https://docs.moodle.org/405/en/Grade_import) describes it:
"the import file format is the same as the corresponding export format", i.e. the gradebook's
"Export to plain text file" (`First name, Last name, ID number, Institution, Department, Email
address`, then `Category: Item (Real)` columns and "Last downloaded from this course"). On import
the instructor maps one identity column to a user field ("Email address" to useremail, or "ID
number" to useridnumber; the export's header row says which) and each grade column to a grade item
or to a new grade item. So the file keeps the roster's identity columns, drops its old grade
columns, and adds one column per assignment, reusing an existing item's header where the roster has
one. Email addresses match case-sensitively in Moodle; here they are matched exactly first, then
ignoring case, and the roster's own spelling is what the file carries.

Per-question columns (`--questions`): both systems accept them (each becomes an assignment or a
grade item), but each then counts toward the course total beside its assignment, so they are off
unless asked for, and exist only where the batch stored per-test results.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .csvsafe import TRIGGERS, safe_cell
from .results import Record

__all__ = ["LMS", "Export", "Problem", "Roster", "RosterError", "build_export", "read_roster", "write_export"]

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section"]
CANVAS_MATCH = ["SIS Login ID", "SIS User ID", "ID", "Integration ID"]
CANVAS_LABELS = {"Points Possible", "Manual Posting"}  # rows under the header that are not students
MOODLE_MATCH = ["Email address", "ID number", "Username"]
MOODLE_GRADE = re.compile(r".*\((Real|Percentage|Letter|Feedback)\)\s*$")
MOODLE_NOT_IDENTITY = {"Last downloaded from this course"}
CANVAS_ID = re.compile(r"^(?P<name>.*?)\s*\((?P<id>\d+)\)\s*$")
MAX_ROSTER_BYTES = 32 << 20
LMS = ("canvas", "moodle")


class RosterError(ValueError):
    """A roster that is not the LMS's export, or one that cannot match students; the message says what to do."""


@dataclass(frozen=True)
class Roster:
    """The LMS's gradebook export: which columns identify a student, the students, and existing grade columns."""

    lms: str
    identity: list[str]
    entries: list[dict[str, str]]
    columns: dict[str, str]  # assignment (or question) name -> the header the LMS already knows it by
    points_label: str = ""  # Canvas: the Student cell of the "Points Possible" row, as the roster spells it


@dataclass(frozen=True)
class Problem:
    """A student, roster entry or row the export could not carry as a plain grade, and why."""

    problem: str  # not in roster, no submission, not exported, flagged for review, neutralised
    student: str
    assignment: str = ""
    detail: str = ""


@dataclass
class Export:
    """The import file's header and rows, the roster column students were matched on, and every problem."""

    header: list[str]
    rows: list[dict[str, str]]
    matched_on: str
    problems: list[Problem] = field(default_factory=list)


def _read_csv(path: Path) -> list[list[str]]:
    """The roster's rows (a regular file of bounded size, UTF-8 with or without a byte-order mark)."""
    if path.is_symlink() or not path.is_file():
        raise RosterError(f"{path}: not a regular file; give the CSV downloaded from the LMS")
    if path.stat().st_size > MAX_ROSTER_BYTES:
        raise RosterError(f"{path}: larger than {MAX_ROSTER_BYTES >> 20} MiB; is this the gradebook export?")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"{path}: not UTF-8; export it again from the LMS (both write UTF-8)") from None
    return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _name_of(header: str, lms: str) -> str:
    """The assignment name a grade column carries, without Canvas's id or Moodle's category and kind."""
    if lms == "canvas":
        found = CANVAS_ID.match(header)
        return found.group("name") if found else header.strip()
    name = re.sub(r"\s*\((Real|Percentage|Letter)\)\s*$", "", header)
    return name.split(": ", 1)[1] if ": " in name else name.strip()


def read_roster(path: Path, lms: str) -> Roster:
    """The roster downloaded from Canvas (gradebook export) or Moodle (grade export, plain text)."""
    if lms not in LMS:
        raise RosterError(f"unknown LMS {lms!r}: use one of {', '.join(LMS)}")
    rows = _read_csv(path)
    if not rows:
        raise RosterError(f"{path}: empty")
    header = [h.strip() for h in rows[0]]
    if lms == "canvas":
        if "Student" not in header or "ID" not in header:
            raise RosterError(
                f"{path}: no Student and ID columns; download it from Canvas: Grades > Export > Export Entire Gradebook"
            )
        identity = [h for h in CANVAS_IDENTITY if h in header]
        grades = [h for h in header if h not in identity and CANVAS_ID.match(h)]
    else:
        identity = [h for h in header if not MOODLE_GRADE.match(h) and h not in MOODLE_NOT_IDENTITY]
        grades = [h for h in header if MOODLE_GRADE.match(h) and h.endswith("(Real)")]
        if not any(h in header for h in MOODLE_MATCH):
            raise RosterError(
                f"{path}: no {' or '.join(MOODLE_MATCH)} column; download it from Moodle: Grades > "
                "Export > Plain text file, with the identity fields"
            )
    entries, label = [], ""
    for cells in rows[1:]:
        entry = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        first = entry.get("Student", "") if lms == "canvas" else ""
        if first.strip() in CANVAS_LABELS:
            label = cells[header.index("Student")] if first.strip() == "Points Possible" else label
            continue
        entries.append({h: entry[h] for h in identity})
    return Roster(lms, identity, entries, {_name_of(h, lms): h for h in grades}, label)


def _key(text: str) -> str:
    return text.strip().casefold()


def _choose_column(roster: Roster, students: set[str], column: str | None) -> str:
    """The roster column to match student folder names on: the one given, else the candidate matching most."""
    candidates = (
        [column]
        if column
        else [c for c in (CANVAS_MATCH if roster.lms == "canvas" else MOODLE_MATCH) if c in roster.identity]
    )
    if column and column not in roster.identity:
        raise RosterError(f"the roster has no column {column!r}; its columns: {', '.join(roster.identity)}")
    wanted = {_key(s) for s in students}
    scored = [(sum(_key(e[c]) in wanted for e in roster.entries), -i, c) for i, c in enumerate(candidates)]
    if not scored:
        raise RosterError(f"the roster has none of the columns students are matched on: {', '.join(candidates)}")
    return max(scored)[2]


def _match(roster: Roster, column: str, students: Iterable[str]) -> dict[str, dict[str, str]]:
    """student folder name -> roster entry: exact first, then ignoring case; a clash is a RosterError."""
    exact: dict[str, dict[str, str]] = {}
    loose: dict[str, list[dict[str, str]]] = {}
    for entry in roster.entries:
        value = entry[column]
        if not value:
            continue
        if value in exact:
            raise RosterError(f"two roster entries have {column} = {value!r}; fix the roster or use --match")
        exact[value] = entry
        loose.setdefault(_key(value), []).append(entry)
    found = {}
    for student in students:
        if student in exact:
            found[student] = exact[student]
        elif len(loose.get(_key(student), [])) == 1:
            found[student] = loose[_key(student)][0]
        elif len(loose.get(_key(student), [])) > 1:
            raise RosterError(f"student {student!r} matches several roster entries ignoring case; use exact names")
    return found


def _fmt(score: float) -> str:
    return format(round(score, 2), "g")


def build_export(rows: list[Record], roster: Roster, column: str | None = None, questions: bool = False) -> Export:
    """The import file for `roster`'s LMS from the batch's rows, and every student or row it could not carry."""
    problems = [
        Problem("not exported", r.student, r.assignment, "; ".join(r.reasons) or "no points to score")
        for r in rows
        if r.max_score <= 0
    ]
    rows = [r for r in rows if r.max_score > 0]
    students = sorted({r.student for r in rows})
    matched_on = _choose_column(roster, set(students), column)
    matched = _match(roster, matched_on, students)
    assignments = sorted({r.assignment for r in rows})
    points = {a: max(r.max_score for r in rows if r.assignment == a) for a in assignments}
    names = list(assignments)
    if questions:
        for a in assignments:
            tests = {gid: t.points for r in rows if r.assignment == a for gid, t in r.tests.items()}
            for gid in sorted(tests):
                names.append(f"{a}: {gid}")
                points[f"{a}: {gid}"] = tests[gid]
    headers = {name: roster.columns.get(name, name) for name in names}
    header = roster.identity + [headers[n] for n in names]
    out_rows = []
    if roster.lms == "canvas":
        label = roster.points_label or "    Points Possible"
        out_rows.append(
            {**{h: "" for h in roster.identity}, "Student": label, **{headers[n]: _fmt(points[n]) for n in names}}
        )
    by_student: dict[str, dict[str, str]] = {}
    for r in rows:
        if r.student not in matched:
            continue
        cells = by_student.setdefault(r.student, {})
        cells[headers[r.assignment]] = _fmt(r.score)
        if questions:
            for gid, test in r.tests.items():
                cells[headers[f"{r.assignment}: {gid}"]] = _fmt(test.score)
        if r.reasons:
            problems.append(Problem("flagged for review", r.student, r.assignment, "; ".join(r.reasons)))
    by_entry = {id(entry): student for student, entry in matched.items()}
    for entry in roster.entries:
        student = by_entry.get(id(entry))
        if student is None:
            who = entry.get("Student") or " ".join(entry.get(k, "") for k in ("First name", "Last name")).strip()
            problems.append(
                Problem(
                    "no submission",
                    entry.get(matched_on) or "(empty)",
                    "",
                    f"roster entry {who!r} matched no student folder; its cells are left empty",
                )
            )
        out_rows.append({**{h: "" for h in header}, **entry, **(by_student.get(student, {}) if student else {})})
    for student in students:
        if student not in matched:
            problems.append(
                Problem(
                    "not in roster",
                    student,
                    "",
                    f"no roster entry has {matched_on} = {student!r}; its grades are not in the file",
                )
            )
    for entry in roster.entries:
        for h in roster.identity:
            if entry[h].startswith(TRIGGERS):
                problems.append(
                    Problem(
                        "neutralised",
                        entry.get(matched_on, ""),
                        "",
                        f"{h} {entry[h]!r} begins with "
                        "a formula character and was prefixed with a quote; check that the LMS "
                        "matches it",
                    )
                )
    return Export(header, out_rows, matched_on, problems)


def _csv(header: list[str], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writerow({h: safe_cell(h) for h in header})
    writer.writerows({h: safe_cell(row.get(h, "")) for h in header} for row in rows)
    return out.getvalue()


def write_export(export: Export, path: Path, problems_path: Path) -> tuple[Path, Path]:
    """Write the import file and the list of problems (problem, student, assignment, detail), both UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_csv(export.header, export.rows), encoding="utf-8")
    fields = ["problem", "student", "assignment", "detail"]
    problems_path.write_text(_csv(fields, (p.__dict__ for p in export.problems)), encoding="utf-8")
    return path, problems_path
