"""Small synthetic graded batches for the report, export and shard tests: results written as batch.py stores them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

FIELDS = ["student", "assignment", "score", "max_score", "reason"]


def result(student: str, assignment: str, score: float, max_score: float, reasons=(), seconds=None, tests=None):
    """One stored result's JSON data, in the layout batch.py writes (plus the optional seconds and tests)."""
    data = {
        "digest": "0" * 64,
        "row": {
            "student": student,
            "assignment": assignment,
            "score": score,
            "max_score": max_score,
            "reasons": list(reasons),
        },
    }
    if seconds is not None:
        data["seconds"] = seconds
    if tests is not None:
        data["tests"] = tests
    return data


def write_batch(out: Path, results: list[dict], extra_rows: list[dict] = ()) -> Path:
    """build/-like folder: grading/results/<student>/<assignment>.json and grades.csv; returns `out`."""
    rows = []
    for data in results:
        row = data["row"]
        path = out / "grading" / "results" / row["student"] / f"{row['assignment']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))
        rows.append(
            {
                "student": row["student"],
                "assignment": row["assignment"],
                "score": row["score"],
                "max_score": row["max_score"],
                "reason": "; ".join(row["reasons"]),
            }
        )
    rows += list(extra_rows)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "grades.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["student"], r["assignment"])))
    return out


A1, A2 = "01_derivatives_by_hand", "02_build_your_own_autograd"
HOSTILE = '<img src=x onerror=alert(1)>=cmd|" calc"!A1'  # a folder name: anything but a slash


def class_batch(out: Path) -> Path:
    """Four students, two assignments, per-test results with misconceptions, times, and flagged rows."""
    t = {
        "test_composition": {"points": 2, "status": "passed"},
        "test_paths": {"points": 3, "status": "failed", "misconception": "a1-forgotten-path"},
    }
    full = {"test_composition": {"points": 2, "status": "passed"}, "test_paths": {"points": 3, "status": "passed"}}
    return write_batch(
        out,
        [
            result("alice", A1, 5, 5, seconds=12.5, tests=full),
            result("bob", A1, 2, 5, seconds={"start": 3.0, "cells": 40.0, "stop": 1.0}, tests=t),
            result("carol", A1, 2, 5, ["cells reordered"], seconds=8.0, tests=t),
            result(
                HOSTILE,
                A1,
                0,
                5,
                ["notebook renamed to " + HOSTILE],
                seconds=99.0,
                tests={
                    "test_composition": {"points": 2, "status": "failed", "misconception": "a1-sign"},
                    "test_paths": {"points": 3, "status": "failed", "misconception": "a1-sign"},
                },
            ),
            result("alice", A2, 12, 12),
        ],
        extra_rows=[
            {"student": "bob", "assignment": "99_unknown", "score": 0, "max_score": 0, "reason": "unknown assignment"}
        ],
    )
