"""Grading past one machine: which shard grades what, the merge of shard folders, and one sharded run end to end.

The unit tests work on synthetic shard folders; the last test (marked `grading`: it needs nbgrader
and runs kernels) grades a small batch whole and as 3 shards, merges, and compares.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from batch_factory import A1, A2, result
from chainrule_course.grading.cli import main
from chainrule_course.grading.shard import MergeError, Shard, copy_trees, merge_rows, shard_of, write_manifest


def test_shard_parse_reads_k_of_n_counting_from_zero():
    assert Shard.parse("0/3") == Shard(0, 3) and Shard.parse("2/3").name == "2-of-3"


@pytest.mark.parametrize("text", ["3/3", "-1/3", "1", "a/b", "1/0", "1/-2"])
def test_a_bad_shard_says_how_to_write_it(text):
    with pytest.raises(ValueError, match="K"):
        Shard.parse(text)


def test_the_shard_of_a_submission_is_a_fixed_hash_of_its_student_and_assignment():
    # Pinned: every machine of a cluster, whatever its Python or its folder order, must agree.
    assert shard_of("alice", A1, 1) == 0
    assert (
        shard_of("alice", A1, 7)
        == int.from_bytes(__import__("hashlib").sha256(f"alice\0{A1}".encode()).digest()[:8], "big") % 7
    )


def test_every_submission_is_in_exactly_one_shard_and_shards_are_about_equal():
    keys = [(f"student{i:04d}", a) for i in range(3000) for a in (A1, A2)]
    shards = [Shard(k, 3) for k in range(3)]
    owners = [sum(s.holds(*key) for s in shards) for key in keys]
    assert set(owners) == {1}
    sizes = Counter(shard_of(*key, 3) for key in keys)
    assert all(abs(size - len(keys) / 3) < 0.05 * len(keys) for size in sizes.values()), sizes


def row(student, assignment, score=1.0):
    return result(student, assignment, score, 5)["row"]


def shard_folders(tmp_path, count=3, students=("alice", "bob", "carol", "dave", "erin", "=frank")):
    """Shard folders as `autograde --shard` leaves them: results, feedback, a manifest each."""
    folders = []
    for k in range(count):
        shard, folder = Shard(k, count), tmp_path / "shards" / f"{k}-of-{count}"
        rows = [row(s, a, float(i)) for i, s in enumerate(students) for a in (A1, A2) if shard.holds(s, a)]
        for r in rows:
            path = folder / "grading" / "results" / r["student"] / f"{r['assignment']}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"digest": "0", "row": r}))
            page = folder / "feedback" / r["student"] / r["assignment"] / f"{r['assignment']}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<p>{r['student']}</p>")
        write_manifest(folder, shard, rows)
        folders.append(folder)
    return folders


def test_merge_rows_returns_every_row_once(tmp_path):
    rows = merge_rows(shard_folders(tmp_path))
    assert len(rows) == 12 and len({(r["student"], r["assignment"]) for r in rows}) == 12


@pytest.mark.parametrize(
    ("spoil", "error"),
    [
        (lambda f: f[:2], "shard\\(s\\) 2/3 missing"),
        (lambda f: [f[0], f[0], f[1], f[2]], "given twice"),
        (lambda f: [*f[:2], f[2].with_name("nothing")], "has not finished"),
        (lambda f: [], "no shard folders"),
    ],
)
def test_merge_refuses_an_incomplete_or_doubled_set(tmp_path, spoil, error):
    with pytest.raises(MergeError, match=error):
        merge_rows(spoil(shard_folders(tmp_path)))


def test_merge_refuses_shards_of_different_n_and_rows_in_the_wrong_shard(tmp_path):
    folders = shard_folders(tmp_path / "three")
    other = shard_folders(tmp_path / "two", count=2)
    with pytest.raises(MergeError, match="different N"):
        merge_rows([*folders, other[1]])
    manifest = json.loads((folders[0] / "shard.json").read_text())
    stray = next((s, a) for s in ("x", "y", "z", "w") for a in (A1, A2) if shard_of(s, a, 3) != 0)
    manifest["rows"].append(row(*stray))
    (folders[0] / "shard.json").write_text(json.dumps(manifest))
    with pytest.raises(MergeError, match="belongs to shard"):
        merge_rows(folders)


def test_copy_trees_refuses_a_file_in_two_shards(tmp_path):
    folders = shard_folders(tmp_path)
    twin = folders[1] / "feedback" / "twin.html"
    twin.parent.mkdir(parents=True, exist_ok=True)
    twin.write_text("1")
    (folders[2] / "feedback").mkdir(exist_ok=True)
    (folders[2] / "feedback" / "twin.html").write_text("2")
    with pytest.raises(MergeError, match="in two shards"):
        copy_trees(folders, tmp_path / "out")


def test_the_merge_command_writes_grades_feedback_and_the_report(tmp_path, capsys):
    folders = shard_folders(tmp_path)
    out = tmp_path / "build"
    assert main(["merge", *map(str, folders), "--out", str(out), "--assignments", str(tmp_path)]) == 0
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert len(rows) == 12 and {r["student"] for r in rows} >= {"alice", "'=frank"}
    assert (out / "feedback" / "bob" / A1 / f"{A1}.html").is_file()
    assert (out / "report.html").is_file() and (out / "report.csv").is_file()
    assert main(["merge", *map(str, folders[:2]), "--out", str(out)]) == 2
    assert "2/3 missing" in capsys.readouterr().err


@pytest.mark.grading
def test_a_batch_graded_as_3_shards_and_merged_equals_the_unsharded_run(tmp_path):
    from chainrule_course.grading.cli import ensure_released
    from chainrule_course.grading.course import solved_copy
    from chainrule_course.repository import find

    assignments = find(Path(__file__).resolve().parent).assignments
    released = ensure_released(assignments, tmp_path / "whole")
    subs = tmp_path / "subs"
    solved = subs / "solver" / A1 / f"{A1}.ipynb"
    solved_copy(released / A1 / f"{A1}.ipynb", assignments / f"{A1}.ipynb", solved)
    for student in ("blank", "renamed"):
        (subs / student / A1).mkdir(parents=True)
    shutil.copyfile(released / A1 / f"{A1}.ipynb", subs / "blank" / A1 / f"{A1}.ipynb")
    shutil.copyfile(solved, subs / "renamed" / A1 / "mine.ipynb")
    (subs / "solver" / "99_unknown").mkdir()
    common = ["--no-sandbox", "--workers", "1", "--assignments", str(assignments)]
    assert main(["autograde", str(subs), "--out", str(tmp_path / "whole"), *common]) == 0
    for k in range(3):
        assert main(["autograde", str(subs), "--out", str(tmp_path / "sharded"), "--shard", f"{k}/3", *common]) == 0
    folders = [tmp_path / "sharded" / "shards" / f"{k}-of-3" for k in range(3)]
    assert main(["merge", *map(str, folders), "--out", str(tmp_path / "merged")]) == 0
    whole = (tmp_path / "whole" / "grades.csv").read_text()
    assert (tmp_path / "merged" / "grades.csv").read_text() == whole
    assert len(whole.splitlines()) == 1 + 4
    pages = {
        run: sorted(p.relative_to(tmp_path / run) for p in (tmp_path / run / "feedback").rglob("*.html"))
        for run in ("whole", "merged")
    }
    assert pages["whole"] == pages["merged"] and len(pages["whole"]) == 3
    assert (tmp_path / "merged" / "report.html").is_file() and (tmp_path / "whole" / "report.html").is_file()
