"""Grades into Canvas and Moodle: the import files, against rosters written here in each LMS's export format."""

from __future__ import annotations

import csv
import io

import pytest
from batch_factory import A1, A2, result, write_batch
from chainrule_course.grading.export import RosterError, build_export, read_roster, write_export
from chainrule_course.grading.results import records

# Canvas: Grades > Export, as the Instructure guide describes it (identity columns, assignment columns
# with their ids, read-only totals, and the "Points Possible" row under the header).
CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,01_derivatives_by_hand (20001),Quiz 1 (20002),"
    "Assignments Current Score,Final Score\n"
    "    Points Possible,,,,,10.00,5.00,(read only),(read only)\n"
    '"Lovelace, Ada",101,S101,alice,Sec A,,4.00,80,80\n'
    '"O\'Brien, Bob",102,S102,bob,Sec A,,3.00,60,60\n'
    '"Østergaard, Ærø",103,S103,cäcilie,Sec B,,,0,0\n'
    '"=HYPERLINK(""x""), Eve",104,S104,-eve,Sec B,,,0,0\n'
    '"Student, Test",105,,,Sec A,,,0,0\n'
)
# Moodle: Grades > Export > Plain text file, with the identity fields and one existing grade item.
MOODLE = (
    "First name,Last name,ID number,Institution,Department,Email address,"
    "Assignment: 02_build_your_own_autograd (Real),Course total (Real),Last downloaded from this course\n"
    "Ada,Lovelace,1001,Uni,Maths,Alice@example.org,,0.00,1700000000\n"
    "Bob,O'Brien,1002,Uni,Maths,bob@example.org,,0.00,1700000000\n"
    "Dana,Scully,1004,Uni,Physics,dana@example.org,,0.00,1700000000\n"
)


def batch(tmp_path, students=("alice", "bob", "cäcilie", "zed")):
    tests = {"test_composition": {"points": 2, "status": "passed"}, "test_paths": {"points": 3, "status": "failed"}}
    results = [result(s, A1, 2.0 + i, 5, tests=tests) for i, s in enumerate(students)]
    results.append(result("alice", A2, 11.5, 12, ["cells reordered"]))
    return records(
        write_batch(
            tmp_path / "build",
            results,
            [
                {
                    "student": "bob",
                    "assignment": "99_unknown",
                    "score": 0,
                    "max_score": 0,
                    "reason": "unknown assignment",
                }
            ],
        )
    )


def roster(tmp_path, text, lms):
    path = tmp_path / f"{lms}.csv"
    path.write_bytes(("\ufeff" + text).encode())  # a byte-order mark, as spreadsheets add one
    return read_roster(path, lms)


def parse(text):
    return list(csv.DictReader(io.StringIO(text)))


def written(tmp_path, export):
    path, problems = write_export(export, tmp_path / "out" / "grades.csv", tmp_path / "out" / "problems.csv")
    return parse(path.read_text(encoding="utf-8")), parse(problems.read_text(encoding="utf-8")), path


def test_canvas_keeps_the_identity_columns_reuses_the_assignments_id_and_drops_read_only_columns(tmp_path):
    export = build_export(batch(tmp_path), roster(tmp_path, CANVAS, "canvas"))
    rows, problems, path = written(tmp_path, export)
    assert export.matched_on == "SIS Login ID"
    assert path.read_text().splitlines()[0] == (
        "Student,ID,SIS User ID,SIS Login ID,Section,01_derivatives_by_hand (20001),02_build_your_own_autograd"
    )
    assert rows[0]["Student"] == "    Points Possible"
    assert (rows[0]["01_derivatives_by_hand (20001)"], rows[0]["02_build_your_own_autograd"]) == ("5", "12")
    by_login = {r["SIS Login ID"]: r for r in rows[1:]}
    assert by_login["alice"]["01_derivatives_by_hand (20001)"] == "2" and by_login["alice"]["ID"] == "101"
    assert by_login["alice"]["02_build_your_own_autograd"] == "11.5"
    assert by_login["bob"]["Student"] == "O'Brien, Bob" and by_login["cäcilie"]["Student"] == "Østergaard, Ærø"
    assert "Quiz 1 (20002)" not in rows[0] and "Final Score" not in rows[0]


def test_every_unmatched_student_and_roster_entry_is_listed_never_dropped(tmp_path):
    export = build_export(batch(tmp_path), roster(tmp_path, CANVAS, "canvas"))
    rows, problems, _ = written(tmp_path, export)
    kinds = {(p["problem"], p["student"]) for p in problems}
    assert ("not in roster", "zed") in kinds
    assert ("no submission", "'-eve") in kinds and ("no submission", "(empty)") in kinds
    assert ("not exported", "bob") in kinds and ("flagged for review", "alice") in kinds
    assert len(rows) == 1 + 5, "every roster entry keeps its row, with empty cells where nothing was graded"


def test_every_cell_that_could_run_as_a_formula_is_neutralised(tmp_path):
    rows, problems, _ = written(tmp_path, build_export(batch(tmp_path), roster(tmp_path, CANVAS, "canvas")))
    eve = next(r for r in rows if r["ID"] == "104")
    assert eve["Student"] == '\'=HYPERLINK("x"), Eve' and eve["SIS Login ID"] == "'-eve"
    assert any(p["problem"] == "neutralised" for p in problems)
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows + problems for v in r.values())


def test_canvas_per_question_columns_when_asked(tmp_path):
    export = build_export(batch(tmp_path), roster(tmp_path, CANVAS, "canvas"), questions=True)
    assert f"{A1}: test_paths" in export.header and export.rows[0][f"{A1}: test_paths"] == "3"
    alice = next(r for r in export.rows if r.get("SIS Login ID") == "alice")
    assert (alice[f"{A1}: test_composition"], alice[f"{A1}: test_paths"]) == ("2", "0")


def test_moodle_matches_on_email_ignoring_case_and_reuses_an_existing_grade_item(tmp_path):
    students = ("alice@example.org", "bob@example.org", "carl@example.org")
    export = build_export(batch(tmp_path, students), roster(tmp_path, MOODLE, "moodle"))
    rows, problems, _ = written(tmp_path, export)
    assert export.matched_on == "Email address"
    assert list(rows[0]) == [
        "First name",
        "Last name",
        "ID number",
        "Institution",
        "Department",
        "Email address",
        A1,
        "Assignment: 02_build_your_own_autograd (Real)",
    ]
    by_mail = {r["Email address"]: r for r in rows}
    assert by_mail["Alice@example.org"][A1] == "2", "matched ignoring case; the roster's spelling is kept"
    assert by_mail["bob@example.org"][A1] == "3" and by_mail["dana@example.org"][A1] == ""
    assert {(p["problem"], p["student"]) for p in problems} >= {
        ("not in roster", "carl@example.org"),
        ("no submission", "dana@example.org"),
    }
    assert "Course total (Real)" not in rows[0] and "Last downloaded from this course" not in rows[0]


def test_moodle_matches_on_the_id_number_when_told(tmp_path):
    export = build_export(batch(tmp_path, ("1001", "1002")), roster(tmp_path, MOODLE, "moodle"), column="ID number")
    assert {r["ID number"]: r[A1] for r in export.rows} == {"1001": "2", "1002": "3", "1004": ""}


@pytest.mark.parametrize(
    ("text", "lms", "error"),
    [
        ("Name,Score\nA,1\n", "canvas", "Grades > Export"),
        ("Name,Score\nA,1\n", "moodle", "Plain text file"),
        ("", "canvas", "empty"),
    ],
)
def test_a_file_that_is_not_the_lms_export_is_refused_saying_where_to_get_it(tmp_path, text, lms, error):
    with pytest.raises(RosterError, match=error):
        roster(tmp_path, text, lms)


def test_two_roster_entries_with_the_same_key_are_an_error_not_a_guess(tmp_path):
    doubled = CANVAS + '"Twin, Alice",106,S106,alice,Sec B,,,0,0\n'
    with pytest.raises(RosterError, match="two roster entries"):
        build_export(batch(tmp_path), roster(tmp_path, doubled, "canvas"))


def test_an_unknown_match_column_names_the_roster_columns(tmp_path):
    with pytest.raises(RosterError, match="Section"):
        build_export(batch(tmp_path), roster(tmp_path, CANVAS, "canvas"), column="Email")


def test_the_export_command_writes_both_files_and_lists_problems_on_stderr(tmp_path, capsys):
    from chainrule_course.grading.cli import main

    batch(tmp_path)
    (tmp_path / "canvas.csv").write_text(CANVAS)
    assert (
        main(["export", "--lms", "canvas", "--roster", str(tmp_path / "canvas.csv"), "--out", str(tmp_path / "build")])
        == 0
    )
    err = capsys.readouterr().err
    assert "not in roster: zed" in err and "matched on 'SIS Login ID'" in err
    assert (tmp_path / "build/export/canvas-grades.csv").is_file()
    assert (tmp_path / "build/export/canvas-problems.csv").is_file()
    assert (
        main(["export", "--lms", "canvas", "--roster", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "build")])
        == 2
    )
