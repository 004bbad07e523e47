"""Reading a notebook the way every check needs it: cells, sections, math, outputs, and where to point.

A *section* is the cells under one `#` or `##` heading; a markdown cell with such a heading after its
first line is cut there, each part read in the section its heading begins (`section_texts`). What a math
*statement* is, and the role prose gives it, is in `nbtruth.statements`.
A problem names the notebook, the cell (0-based over all cells, markdown included), the line of
the paired `.py` where that cell starts (when there is one), and what disagrees.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.warnings import MissingIDFieldWarning

from .delimiters import paired_as_rendered
from .macros import expanded
from .statements import math_statements, outline, split_top_level, statements_with_roles

__all__ = ["NUMBER_IN_TEXT", "Context", "Problem", "language", "math_statements", "output_texts", "parse_number",
           "read_notebook", "reproducible", "section_texts", "sections", "split_top_level", "statements_with_roles",
           "tolerance", "under"]


@dataclass(frozen=True)
class Problem:
    """One disagreement between a notebook and its text, located precisely enough to fix."""

    notebook: str
    cell: int | None
    check: str
    message: str
    py_line: int | None = None

    def __str__(self) -> str:
        """The problem as one line: where, which check, what disagrees."""
        where = self.notebook if self.cell is None else f"{self.notebook}, cell {self.cell}"
        if self.py_line is not None:
            where += f" ({Path(self.notebook).with_suffix('.py').name} line {self.py_line})"
        return f"{where}: [{self.check}] {self.message}"


def read_notebook(path: Path) -> Any:
    """Read an .ipynb as nbformat v4, raising ValueError with the reason when it is not a notebook."""
    try:
        with warnings.catch_warnings():  # a course's old notebooks lack cell ids: nbformat adds them, nothing to fix
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            return nbformat.read(str(path), as_version=4)
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    except nbformat.reader.NotJSONError as exc:  # its message quotes the file's start, empty for a cut-off file
        raise ValueError(f"{path} is not a valid notebook: not JSON ({_json_error(path) or exc})") from exc
    except Exception as exc:  # nbformat raises its own validation and reader errors
        raise ValueError(f"{path} is not a valid notebook: {exc}") from exc


def _json_error(path: Path) -> str:
    """Where a file stops being JSON, and whether it is cut off there (a copy or a commit interrupted), or ""."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.strip():
            return "the file is empty"
        where = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        return where + (": the file ends there, cut off" if exc.pos >= len(text.rstrip()) else "")
    except OSError:
        pass
    return ""


def py_cell_lines(py_path: Path) -> list[int]:
    """The 1-based line of each `# %%` cell marker in a py:percent file, one per cell."""
    if not py_path.exists():
        return []
    lines = py_path.read_text(encoding="utf-8").splitlines()
    return [i + 1 for i, line in enumerate(lines) if line.startswith("# %%")]


@dataclass
class Context:
    """One notebook as a check sees it, and how to report a problem in it."""

    path: Path
    nb: Any
    settings: dict[str, Any] = field(default_factory=dict)
    markers: list[int] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # work several checks share, such as reading the math

    written: Any = None  # the notebook as written, before its LaTeX macros are expanded in `nb`

    def __post_init__(self) -> None:
        """Find where each cell starts in the paired .py, for pointing at lines; read the math as it renders (its
        dollars paired as Jupyter pairs them, its macros expanded)."""
        self.markers = py_cell_lines(self.path.with_suffix(".py"))
        self.written, self.nb = self.nb, expanded(paired_as_rendered(self.nb), self.path)

    def problem(self, check: str) -> Callable[[int | None, str], Problem]:
        """A function that builds this check's Problems, with the .py line filled in."""

        def make(cell: int | None, message: str) -> Problem:
            """One problem of this check at this cell, with its .py line."""
            line = self.markers[cell] if cell is not None and cell < len(self.markers) else None
            return Problem(str(self.path), cell, check, message, line)

        return make


# `# Title`, `## Part`; or, underlined, `Example` over a line of `=` or `-` (a setext heading; not a table's rule)
HEADING = re.compile(r"^(#{1,2}\s+.+)$|^([^\s#|>-][^\n|]*)\n[ \t]*(=+|-+)[ \t]*$", re.MULTILINE)


def _heading(source: str) -> str | None:
    """The last `#` or `##` heading of a markdown cell (written either way), if it has one."""
    found = [m.group(1) or f"{'#' if m.group(3)[0] == '=' else '##'} {m.group(2).strip()}"
             for m in HEADING.finditer(outline(source))]
    return found[-1].strip() if found else None


BEFORE_HEADINGS = "(before the first heading)"
ANY_HEADING = re.compile(r"^#{1,6}\s+.+$", re.MULTILINE)
# a display set as large as a heading (`#### $$10^{4.5} = (\\frac{b2}{b1})^{2.5}$$`): a formula, which names no part
FORMULA_HEADING = re.compile(r"#{1,6}\s+(\$\$.*\$\$|\\\[.*\\\])")


def under(nb: Any, heading: str, cell: int, statement: str = "") -> str:
    """The heading a problem is reported under: the last heading above it, of any level (`### Problem 8.3` under `##
    Problem 6.4`: a maintainer looks for the nearest); in the statement's own cell only a heading written above the
    statement counts; its section's heading (`(before the first heading)`) where none is found."""
    if cell is None or not 0 <= cell < len(nb.cells):
        return heading
    for above in reversed(nb.cells[:cell + 1]):
        source = _before(above.source, statement) if above is nb.cells[cell] and statement else above.source
        found = [line for line in ANY_HEADING.findall(outline(source)) if not FORMULA_HEADING.fullmatch(
            line.strip())] if above.cell_type == "markdown" else []
        if found:
            return found[-1].strip()
    return heading


def labelled(nb: Any, heading: str, reading: Any) -> str:
    """A reading's message with the heading it is reported under, so a maintainer finds the statement."""
    return f"{reading.message} (under {under(nb, heading, reading.cell, reading.statement)!r})"


def _before(source: str, statement: str) -> str:
    """A cell's text above a statement in it (matched whitespace aside); all of it where the statement is not found
    as written."""
    found = re.search(r"\s*".join(map(re.escape, statement.split())), source)
    return source if found is None else source[:found.start()]


def sections(nb: Any) -> list[tuple[str, list[int]]]:
    """Cells grouped under their `#`/`##` heading, in order."""
    grouped: list[tuple[str, list[int]]] = [(BEFORE_HEADINGS, [])]
    for index, cell in enumerate(nb.cells):
        heading = _heading(cell.source) if cell.cell_type == "markdown" else None
        if heading is not None:
            grouped.append((heading, []))
        grouped[-1][1].append(index)
    return grouped


ATX_HEADING = re.compile(r"^#{1,2}[ \t]+\S.*$", re.MULTILINE)


def _cut_at_headings(source: str) -> list[tuple[str | None, str]]:
    """A markdown cell's text cut where each `#`/`##` heading of it begins, each piece with its heading (None for
    the text above the first): a MyST book converted to notebooks writes a whole chapter, `## Example 2` and
    `## Example 3` among it, in one cell. A cell that opens with its only heading, or has none, stays whole."""
    headings = {line.strip() for line in ATX_HEADING.findall(outline(source))}  # not a `# comment` in code
    starts = [m for m in ATX_HEADING.finditer(source) if m.group(0).strip() in headings]
    if not starts or len(starts) == 1 and not source[:starts[0].start()].strip():
        return [(_heading(source), source)]
    pieces: list[tuple[str | None, str]] = [(None, source[:starts[0].start()])] if source[:starts[0].start()].strip() \
        else []
    ends = [m.start() for m in starts[1:]] + [len(source)]
    return pieces + [(m.group(0).strip(), source[m.start():end]) for m, end in zip(starts, ends)]


def section_texts(nb: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """Like `sections`, but with each cell's text: a markdown cell with several `#`/`##` headings is cut at them,
    each piece read in the section its own heading begins (what it defines there ends there)."""
    grouped: list[tuple[str, list[tuple[int, str]]]] = [(BEFORE_HEADINGS, [])]
    for index, cell in enumerate(nb.cells):
        pieces = _cut_at_headings(cell.source) if cell.cell_type == "markdown" else [(None, cell.source)]
        for heading, text in pieces:
            if heading is not None:
                grouped.append((heading, []))
            grouped[-1][1].append((index, text))
    return grouped


def language(nb: Any) -> str:
    """The notebook kernel's language in lower case (`python` when the notebook does not say).

    Kernels spell Python several ways (`python3`, `Python 3`, `ipython3`); all of them are `python`.
    """
    info = nb.get("metadata", {})
    name = str(info.get("kernelspec", {}).get("language") or info.get("language_info", {}).get("name") or "python")
    name = name.lower()
    return "python" if re.fullmatch(r"i?python\s*[23]?(\.\d+)*", name) else name


def output_texts(cell: Any) -> Iterator[str]:
    """What a code cell prints: its streams and the plain text of its result (not figure reprs)."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("text", "")
        elif out.get("output_type") == "execute_result":
            yield out.get("data", {}).get("text/plain", "")


def reproducible(cell: Any) -> bool:
    """A code cell whose output nbval compares: only such output can back a claim."""
    return cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])


NUMBER_IN_TEXT = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")
NUMBER = r"[-−]?\d+(?:\.\d+)?(?:\s*(?:\\times|\\cdot)\s*10\^\{?[-−]?\d+\}?|[eE][-+]?\d+)?"
# a unit of measurement written in plain letters (`m^2`, `N`, `kg/m^3`, `kPa`, `Hz`, `dB`): an SI prefix, a unit, a
# power
PLAIN_UNIT = r"(?:(?:[kMGcmµn]|\\mu\s*)?(?:mol|Pa|Hz|eV|bar|[msgNJWLVAK])|dB)(?:\^\{?-?\d\}?)?"
# `&= - 34.1`: a sign set apart from its digits is still the number's
NUMBER_RE = re.compile(rf"^\s*((?:[-−]\s+(?=\d))?{NUMBER})\s*\.?\s*$")
LIST_RE = re.compile(rf"^\s*[\[(]\s*({NUMBER}(?:\s*,\s*{NUMBER})*)\s*[\])]\s*\.?\s*$")
# `x`, `W_{12}`, `\\Delta t`, `\\hat{y}`, `\\dot{x}` (not `\\bar{x}`: on backpropagation an adjoint, whose value is a
# claim)
NAME = (r"(?:(?:\\Delta\s*)?(?:\\?[A-Za-z]+|\\(?:hat|tilde|overline|dot|ddot)\{\\?[A-Za-z]+\})"
        r"(?:_\{?[A-Za-z0-9]+\}?|_\{\s*[A-Za-z]\s*_\s*\{?[A-Za-z0-9]+\}?\s*\})?)")  # `\\sigma_{K_0}`: nested
INPUT_RE = re.compile(rf"^\s*(?:{NAME}|\(\s*{NAME}(?:\s*,\s*{NAME})*\s*\))\s*$")


def tolerance(value: float, decimals: int, approximate: bool = False) -> float:
    """How far a computed number may be from one written with this many decimals: nbtruth's one rule for it.

    Half a unit of the last written digit, and a relative 1e-12 for the float arithmetic behind the
    comparison: never an absolute slack, which would let any claim about tiny numbers pass. So a value
    written with three significant figures matches to three: `0.0123` within 0.00005, `1.23 \\times
    10^{5}` (decimals -3) within 500. An integer (0 decimals) is exact, to 1e-6 relative and never more
    than half a unit (`2^{31} = 2147483647` is one short), unless it is `approximate` (written after
    `\\approx`): then it too is rounded at its last digit, and negative decimals round it at tens, hundreds,
    ... (`1470` with one trailing zero is -1).
    """
    if decimals == 0 and not approximate:
        return min(1e-6 * max(1.0, abs(value)), 0.5 + 1e-12 * abs(value))
    return 0.5 * 10 ** (-decimals) + 1e-12 * abs(value)


def half_digit(value: float) -> float:
    """Half a unit of the last digit of a number written rounded (a fraction and four or more significant figures:
    `1.7583`, `-0.82456484`), else 0: `2`, `0.5` and `-0.375` are taken as exact. What arithmetic on such numbers
    gives may be off by what their rounding moves it by (`0.70710678 \\times 6 = 4.24264069`: 6/sqrt(2), rounded)."""
    text = repr(abs(value))
    if value == int(value) or "e" in text:
        return 0.0
    whole, fraction = text.split(".")
    return 0.5 * 10.0 ** -len(fraction) if len((whole + fraction).lstrip("0")) >= 4 else 0.0


def parse_number(text: str) -> tuple[float, int]:
    """A LaTeX number as (value, decimals written): `2.50` is (2.5, 2), `3\\times 10^{-4}` is (0.0003, 4),
    `1.5e3` is (1500, -2)."""
    text = re.sub(r"\s+", "", text.replace("−", "-"))  # a number may break across lines: `1.1 \times\n10^{-16}`
    mantissa, exponent = text, 0
    m = re.match(r"^(.*?)(?:\\times|\\cdot)10\^\{?(-?\d+)\}?$", text)
    if m:
        mantissa, exponent = m.group(1), int(m.group(2))
    elif re.search(r"[eE]", text):
        mantissa, exp_text = re.split(r"[eE]", text)
        exponent = int(exp_text)
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return float(mantissa) * 10.0**exponent, decimals - exponent
