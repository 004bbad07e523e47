"""The class report for the instructor: `build/report.html` and `build/report.csv`, written after every batch.

Guards against what a student wrote reaching the instructor's browser or spreadsheet as markup or
as a formula: every name and reason is HTML-escaped and cut to a fixed length on the page, and
neutralised (`csvsafe`) in the CSV. The page is static: no script, no network, its one kind of
image an SVG histogram embedded as a data URI with an alt text that states the same counts, and
every figure also given as a table. It shows

- the score distribution, one histogram per assignment (percent of the assignment's points);
- per question (test grade id): how many were graded, the share who lost points, and the most
  common misconception recorded for it (`-` when none was);
- the slowest submissions, from the seconds stored with each result;
- every row flagged for review (any row with a reason), with its reasons.
"""

from __future__ import annotations

import base64
import csv
import html
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .csvsafe import safe_row
from .results import Record

__all__ = [
    "BINS",
    "QuestionStats",
    "histogram",
    "question_stats",
    "render_csv",
    "render_html",
    "shorten",
    "write_report",
]

BINS = 10  # the histogram's bars: 0-10 %, ..., 90-100 % (a full score falls in the last)
MAX_NAME = 80  # characters of a student's or an assignment's name shown
MAX_REASON = 300  # characters of one reason shown
SLOWEST = 10  # submissions listed as the slowest
CSV_FIELDS = ["section", "assignment", "question", "student", "value", "detail"]

STYLE = """body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.5;
color:#1b1b1b;background:#fff}
table{border-collapse:collapse;margin:1rem 0} caption{text-align:left;font-weight:600;padding:.25rem 0}
td,th{border:1px solid #767676;padding:.25rem .6rem;text-align:left;vertical-align:top} th{background:#eef1f5}
td.num{text-align:right;font-variant-numeric:tabular-nums} img{max-width:100%;height:auto;display:block}"""


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking a cut; line breaks become spaces."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _esc(text: object, limit: int = MAX_NAME) -> str:
    """Escaped for HTML text and attributes, after cutting to `limit` characters."""
    return html.escape(shorten(str(text), limit), quote=True)


def histogram(percents: Iterable[float], bins: int = BINS) -> list[int]:
    """Counts per bin of width 100/bins; 100 % counts in the last bin, values are clipped to 0..100."""
    counts = [0] * bins
    for p in percents:
        counts[min(bins - 1, max(0, int(min(max(p, 0.0), 100.0) * bins // 100)))] += 1
    return counts


def _bin_label(i: int, bins: int = BINS) -> str:
    width = 100 // bins
    return f"{i * width}\u2013{(i + 1) * width} %"


def _svg(title: str, counts: list[int]) -> str:
    """A bar chart of the counts, as standalone SVG text (every text escaped)."""
    w, h, left, bottom, top = 520, 260, 44, 40, 42
    peak = max(counts) or 1
    bar = (w - left - 10) / len(counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
        f'<text x="{w / 2}" y="18" text-anchor="middle" font-family="sans-serif" font-size="14" '
        f'fill="#1b1b1b">{html.escape(title)}</text>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="#1b1b1b"/>',
    ]
    for i, count in enumerate(counts):
        height = (h - bottom - top) * count / peak
        x = left + i * bar
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{h - bottom - height:.1f}" width="{bar - 4:.1f}" '
            f'height="{height:.1f}" fill="#1f4e79"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{h - bottom - height - 4:.1f}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="11" fill="#1b1b1b">{count}</text>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{h - bottom + 14}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="10" fill="#1b1b1b">{i * (100 // len(counts))}</text>'
        )
    parts.append(
        f'<text x="{w / 2}" y="{h - 6}" text-anchor="middle" font-family="sans-serif" font-size="11" '
        f'fill="#1b1b1b">percent of the points (bins start at the number shown)</text>'
    )
    parts.append(
        f'<text x="12" y="{(h - bottom + top) / 2}" font-family="sans-serif" font-size="11" fill="#1b1b1b" '
        f'transform="rotate(-90 12 {(h - bottom + top) / 2})" text-anchor="middle">submissions</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _alt(assignment: str, counts: list[int]) -> str:
    """The histogram in words: how many submissions fell in each non-empty bin."""
    said = [f"{c} scored {_bin_label(i)}" for i, c in enumerate(counts) if c]
    return f"Histogram of {sum(counts)} scores for {shorten(assignment, MAX_NAME)}: " + ("; ".join(said) or "none")


@dataclass(frozen=True)
class QuestionStats:
    """One question (a test's grade id) over the class."""

    assignment: str
    question: str
    graded: int
    lost: int
    misconception: str  # the most common one recorded, or "-"

    @property
    def share_lost(self) -> float:
        """The fraction of graded students who lost points on it."""
        return self.lost / self.graded if self.graded else 0.0


def question_stats(rows: Iterable[Record], names: Mapping[str, str] | None = None) -> list[QuestionStats]:
    """Per question: graded, lost points, and the most common misconception (by name where `names` knows it)."""
    graded: Counter[tuple[str, str]] = Counter()
    lost: Counter[tuple[str, str]] = Counter()
    seen: dict[tuple[str, str], Counter[str]] = {}
    for row in rows:
        for gid, test in row.tests.items():
            key = (row.assignment, gid)
            graded[key] += 1
            lost[key] += test.lost
            if test.lost and test.misconception:
                seen.setdefault(key, Counter())[test.misconception] += 1
    stats = []
    for key in sorted(graded):
        common = seen.get(key)
        # most_common breaks ties by first seen; sort first so the choice does not depend on row order
        top = sorted(common.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if common else "-"
        shown = f"{(names or {}).get(top, top)} ({common[top]})" if common else "-"
        stats.append(QuestionStats(key[0], key[1], graded[key], lost[key], shown))
    return stats


def _by_assignment(rows: Iterable[Record]) -> dict[str, list[float]]:
    """Percent scores per assignment, for rows with points to score."""
    found: dict[str, list[float]] = {}
    for row in rows:
        if row.max_score > 0:
            found.setdefault(row.assignment, []).append(100.0 * row.score / row.max_score)
    return dict(sorted(found.items()))


def _table(caption: str, headers: list[str], body: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table whose headers have scope and whose first cell in each row is a row header (already escaped)."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    lines = []
    for cells in body:
        first, rest = cells[0], cells[1:]
        tds = "".join(f'<td class="num">{c}</td>' if i + 1 in numeric else f"<td>{c}</td>" for i, c in enumerate(rest))
        lines.append(f'<tr><th scope="row">{first}</th>{tds}</tr>')
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def render_html(rows: list[Record], names: Mapping[str, str] | None = None, title: str = "Class report") -> str:
    """The report page as HTML text."""
    parts = [
        f"<h1>{_esc(title)}</h1>",
        f"<p>{len(rows)} row(s) of grades.csv, {len({r.student for r in rows})} student(s), "
        f"{len({r.assignment for r in rows})} assignment(s).</p>",
        "<h2>Score distribution</h2>",
    ]
    distribution = _by_assignment(rows)
    if not distribution:
        parts.append("<p>No graded submission yet.</p>")
    for assignment, percents in distribution.items():
        counts = histogram(percents)
        svg = base64.b64encode(_svg(shorten(assignment, MAX_NAME), counts).encode()).decode()
        parts.append(f"<h3>{_esc(assignment)}</h3>")
        parts.append(
            f'<img src="data:image/svg+xml;base64,{svg}" width="520" height="260" '
            f'alt="{html.escape(_alt(assignment, counts), quote=True)}">'
        )
        parts.append(
            _table(
                f"Scores for {_esc(assignment)}",
                ["Percent of the points", "Submissions"],
                [[_bin_label(i), str(c)] for i, c in enumerate(counts)],
                {1},
            )
        )
    parts.append("<h2>Questions</h2>")
    stats = question_stats(rows, names)
    if stats:
        parts.append(
            _table(
                "Per question: who lost points, and the most common misconception",
                ["Assignment", "Question", "Graded", "Lost points", "Most common misconception"],
                [
                    [
                        _esc(s.assignment),
                        _esc(s.question),
                        str(s.graded),
                        f"{s.lost} ({100 * s.share_lost:.0f} %)",
                        _esc(s.misconception, MAX_REASON),
                    ]
                    for s in stats
                ],
                {2, 3},
            )
        )
    else:
        parts.append("<p>No per-question results were stored with this batch.</p>")
    parts.append("<h2>Slowest submissions</h2>")
    timed = sorted((r for r in rows if r.seconds is not None), key=lambda r: (-(r.seconds or 0.0), r.student))
    if timed:
        parts.append(
            _table(
                f"The {min(SLOWEST, len(timed))} slowest of {len(timed)} timed submissions",
                ["Student", "Assignment", "Seconds"],
                [[_esc(r.student), _esc(r.assignment), f"{r.seconds:.1f}"] for r in timed[:SLOWEST]],
                {2},
            )
        )
    else:
        parts.append("<p>No grading times were stored with this batch.</p>")
    parts.append("<h2>Flagged for review</h2>")
    flagged = [r for r in rows if r.reasons]
    if flagged:
        parts.append(
            _table(
                f"{len(flagged)} row(s) with a reason: review them before publishing grades",
                ["Student", "Assignment", "Score", "Reasons"],
                [
                    [
                        _esc(r.student),
                        _esc(r.assignment),
                        f"{r.score:g} / {r.max_score:g}",
                        "<br>".join(_esc(reason, MAX_REASON) for reason in r.reasons),
                    ]
                    for r in flagged
                ],
                {2},
            )
        )
    else:
        parts.append("<p>No row has a reason.</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(parts)}</main></body></html>\n"
    )


def render_csv(rows: list[Record], names: Mapping[str, str] | None = None) -> str:
    """The report's numbers as CSV (section, assignment, question, student, value, detail), every cell neutralised."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()

    def put(
        section: str, assignment: str = "", question: str = "", student: str = "", value: object = "", detail: str = ""
    ) -> None:
        writer.writerow(
            safe_row(
                {
                    "section": section,
                    "assignment": assignment,
                    "question": question,
                    "student": student,
                    "value": value,
                    "detail": detail,
                }
            )
        )

    for assignment, percents in _by_assignment(rows).items():
        for i, count in enumerate(histogram(percents)):
            put("distribution", assignment, value=count, detail=_bin_label(i))
    for s in question_stats(rows, names):
        put(
            "question",
            s.assignment,
            s.question,
            value=round(s.share_lost, 4),
            detail=f"{s.lost} of {s.graded} lost points; most common misconception: {s.misconception}",
        )
    for r in sorted((r for r in rows if r.seconds is not None), key=lambda r: (-(r.seconds or 0.0), r.student))[
        :SLOWEST
    ]:
        put("slowest", r.assignment, student=r.student, value=round(r.seconds or 0.0, 1))
    for r in rows:
        if r.reasons:
            put("flagged", r.assignment, student=r.student, value=round(r.score, 2), detail="; ".join(r.reasons))
    return out.getvalue()


def write_report(
    rows: list[Record], html_path: Path, csv_path: Path | None = None, names: Mapping[str, str] | None = None
) -> Path:
    """Write report.html (and report.csv beside it unless another path is given); return the page's path."""
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(render_html(rows, names), encoding="utf-8")
    (csv_path or html_path.with_suffix(".csv")).write_text(render_csv(rows, names), encoding="utf-8")
    return html_path
