"""Feedback a student may see: their own answers, the visible tests, and what each test earned.

Guards against leaking hidden tests. Nothing from the grading run reaches this page: no outputs,
no tracebacks, no error messages (student code can print or raise whatever it captured while a
test ran). Each test shows the released (visible) text of its cell, its points, and one of a few
fixed words; error types only Python's and the course's own. A failed test may add a counterexample
and the misconception it shows (`diagnosis.py`): computed on the trusted side from the student's own
function and inputs the instructor wrote to be shown, never from a hidden test's text.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import nbformat

from .course import Assignment, grade_cells, is_answer, is_test

__all__ = ["write_feedback"]

MAX_LINE = 300  # characters of a hint or a misconception's explanation shown
STATUS = {"passed": "passed", "failed": "failed", "tampered": "not counted (flagged for review)",
          "not run": "not run (the notebook stopped before it)"}
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
pre{{background:#f4f4f4;padding:.75rem;overflow-x:auto}} .passed{{color:#1a7f37}} .failed,.not{{color:#b3261e}}
table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}}</style>
</head><body><h1>{title}</h1><p>Score: <strong>{score:g} / {max_score:g}</strong></p>
<table><tr><th>Test</th><th>Points</th><th>Result</th></tr>{rows}</table>{sections}</body></html>
"""


def write_feedback(path: Path, student: str, assignment: Assignment, submitted: Any, tests: dict[str, Any]) -> Path:
    """Write the student's feedback page to `path` and return it."""
    released = nbformat.read(str(assignment.released), as_version=4)
    answers = {gid: cell.source for gid, cell in grade_cells(submitted) if is_answer(cell)}
    rows, sections = [], []
    for gid, cell in grade_cells(released):
        if is_answer(cell):
            code = answers.get(gid, cell.source)
            sections.append(f"<h2>Your answer: {html.escape(gid)}</h2><pre><code>{html.escape(code)}</code></pre>")
        elif is_test(cell) and gid in tests:
            result = tests[gid]
            word = STATUS[result.status]
            if result.status == "failed" and result.detail not in ("", "error"):
                word += f" ({html.escape(result.detail)})"
            for line in (getattr(result, "hint", ""), getattr(result, "explanation", "")):
                if result.status == "failed" and line:
                    word += f"<br>{html.escape(line[:MAX_LINE])}"
            css = result.status.split()[0]
            rows.append(f"<tr><td>{html.escape(gid)}</td><td>{result.score:g} / {result.points:g}</td>"
                        f"<td class='{css}'>{word}</td></tr>")
            sections.append(f"<h2>Test {html.escape(gid)}: <span class='{css}'>{word}</span></h2>"
                            f"<pre><code>{html.escape(cell.source)}</code></pre>")
    score = sum(r.score for r in tests.values())
    max_score = sum(r.points for r in tests.values())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=html.escape(f"{assignment.name}: feedback for {student}"), score=score,
                                max_score=max_score, rows="".join(rows), sections="".join(sections)))
    return path
