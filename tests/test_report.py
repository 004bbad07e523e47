"""The class report and the stored results it reads, on small synthetic batches (no grading run)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from batch_factory import A1, A2, HOSTILE, class_batch, result, write_batch
from chainrule_course.grading.csvsafe import safe_cell, safe_row
from chainrule_course.grading.report import histogram, question_stats, render_csv, render_html, write_report
from chainrule_course.grading.results import UnreadableResult, read_record, records


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("alice", "alice"),
        ("", ""),
        (" =x", " =x"),
        (-2.5, -2.5),
        (0, 0),
        (None, None),
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote(cell, written):
    assert safe_cell(cell) == written


def test_safe_row_neutralises_every_cell():
    assert safe_row({"student": "=HYPERLINK()", "score": -1}) == {"student": "'=HYPERLINK()", "score": -1}


def test_grades_csv_neutralises_what_a_student_named(tmp_path):
    from chainrule_course.grading.batch import GradeRow, write_csv

    write_csv(tmp_path / "g.csv", [GradeRow("=cmd|' /C calc'!A0", "01_x", 1.0, 2.0, ["@reason"])])
    row = next(csv.DictReader((tmp_path / "g.csv").open()))
    assert row["student"] == "'=cmd|' /C calc'!A0" and row["reason"] == "'@reason" and row["score"] == "1.0"


def test_records_join_grades_csv_with_stored_seconds_and_tests(tmp_path):
    rows = records(class_batch(tmp_path))
    assert [(r.student, r.assignment) for r in rows] == sorted((r.student, r.assignment) for r in rows)
    bob = {(r.student, r.assignment): r for r in rows}[("bob", A1)]
    assert bob.seconds == 44.0 and bob.tests["test_paths"].lost and not bob.tests["test_composition"].lost
    assert ("bob", "99_unknown") in {(r.student, r.assignment) for r in rows}


def test_a_stored_result_no_longer_in_grades_csv_is_left_out(tmp_path):
    out = class_batch(tmp_path)
    stale = out / "grading" / "results" / "zoe" / f"{A1}.json"
    stale.parent.mkdir()
    stale.write_text(json.dumps(result("zoe", A1, 5, 5)))
    assert "zoe" not in {r.student for r in records(out)}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"digest": "x"}, "no 'row'"),
        ({"row": {"student": "a", "assignment": "b", "score": "NaN", "max_score": 1}}, "score"),
        ({"row": {"student": "a", "assignment": "b", "score": 1, "max_score": 1, "reasons": "x"}}, "reasons"),
        ({"row": {"student": "a", "score": 1, "max_score": 1}}, "assignment"),
        ({"row": {"student": "a", "assignment": "b", "score": 1, "max_score": 1}, "tests": [1]}, "tests"),
    ],
)
def test_an_unreadable_result_says_what_is_wrong(data, error):
    with pytest.raises(UnreadableResult, match=error):
        read_record(data)


def test_a_corrupt_result_file_is_named(tmp_path):
    out = class_batch(tmp_path)
    bad = out / "grading" / "results" / "bob" / f"{A1}.json"
    bad.write_text("{not json")
    with pytest.raises(UnreadableResult, match=str(bad)):
        records(out)


def test_histogram_bins_percentages_and_puts_full_marks_in_the_last_bin():
    assert histogram([0, 5, 10, 99.9, 100, 120, -3]) == [3, 1, 0, 0, 0, 0, 0, 0, 0, 3]


def test_question_stats_count_lost_points_and_the_most_common_misconception(tmp_path):
    stats = {
        (s.assignment, s.question): s
        for s in question_stats(records(class_batch(tmp_path)), {"a1-forgotten-path": "a path was left out"})
    }
    paths = stats[(A1, "test_paths")]
    assert (paths.graded, paths.lost, paths.misconception) == (4, 3, "a path was left out (2)")
    assert stats[(A1, "test_composition")].misconception == "a1-sign (1)"
    assert f"{paths.share_lost:.2f}" == "0.75"


def test_the_page_escapes_and_bounds_what_students_wrote(tmp_path):
    page = render_html(records(class_batch(tmp_path)))
    assert "<img src=x" not in page and HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&amp;lt;" not in page  # escaped once, never twice
    long_name = "x" * 200  # a folder name, within the 255 bytes a file system allows
    page = render_html(records(write_batch(tmp_path / "long", [result(long_name, A1, 1, 5, ["y" * 5000])])))
    assert long_name not in page and "x" * 79 + "\u2026" in page and "y" * 5000 not in page


def test_the_page_is_static_and_accessible_by_construction(tmp_path):
    page = render_html(records(class_batch(tmp_path)))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "<title>" in page
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 2 and all(re.search(r'alt="Histogram of \d+ scores', i) for i in images)
    assert all('scope="col"' in head for head in re.findall(r"<thead>.*?</thead>", page))
    for heading in ("Score distribution", "Questions", "Slowest submissions", "Flagged for review"):
        assert f"<h2>{heading}</h2>" in page


def test_the_page_lists_the_slowest_and_every_flagged_row(tmp_path):
    page = render_html(records(class_batch(tmp_path)))
    slowest = page.split("<h2>Slowest submissions</h2>")[1].split("<h2>")[0]
    assert slowest.index("99.0") < slowest.index("44.0") < slowest.index("12.5")
    flagged = page.split("<h2>Flagged for review</h2>")[1]
    assert "cells reordered" in flagged and "unknown assignment" in flagged and "notebook renamed" in flagged


def test_a_batch_without_tests_or_times_says_so(tmp_path):
    page = render_html(records(write_batch(tmp_path, [result("a", A2, 3, 12)])))
    assert "No per-question results were stored" in page and "No grading times were stored" in page


def test_the_csv_carries_the_same_numbers_neutralised(tmp_path):
    rows = list(csv.DictReader(io.StringIO(render_csv(records(class_batch(tmp_path))))))
    sections = {r["section"] for r in rows}
    assert sections == {"distribution", "question", "slowest", "flagged"}
    assert sum(int(r["value"]) for r in rows if r["section"] == "distribution" and r["assignment"] == A1) == 4
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)


def test_write_report_puts_the_csv_beside_the_page(tmp_path):
    page = write_report(records(class_batch(tmp_path / "b")), tmp_path / "out" / "report.html")
    assert page.is_file() and (tmp_path / "out" / "report.csv").is_file()
