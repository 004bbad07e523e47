"""Checkers that hold each notebook to its own text.

Three checks, each reporting the notebook, the cell (0-based over all cells, markdown included;
nbval's "Cell N" counts code cells only), the line of the paired .py where the cell starts, and
both values when something disagrees:

pairing
    `NN_topic.py` and `NN_topic.ipynb` have the same cells: same types, sources, `tags` and
    `nbgrader` metadata. The `.py` is the source of truth; regenerate the `.ipynb` with `make execute`.

expected outputs
    A trailing comment on a top-level `print(...)` statement is an assertion:
    `print(x.grad)  # tensor(8.)` means that statement prints exactly the line `tensor(8.)`.
    When a cell's stored standard output has exactly one line per top-level print statement, the
    k-th print is compared with the k-th line; otherwise (loops, multi-line output) each annotated
    print must find its line, in order, among the lines it could have written. A trailing comment
    on any other line is reported (put it on its own line), as is an annotated print inside a
    block (a loop, a function), whose output no single line can state. Tool pragmas (`# noqa`,
    `# type:`) are allowed anywhere.

prose claims
    In markdown math (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`) a claim is an equation whose last
    right-hand side is a number or a bracketed list of numbers and whose left-hand side is more than
    a bare name: `\\frac{dz}{dx}=8`, `\\sigma(0)=0.5`, `\\bar{v}\\approx 0.25`, `\\nabla_x L=[0, 1, 1]`.
    A bare name or a tuple of names on the left (`x=3`, `(x, y)=(2, 3)`, `n=4`) is an input, not a
    claim. Statements in one math span are separated by `\\quad`, `\\qquad`, `\\text{...}`, `\\\\`,
    `;`, `&`, and commas outside brackets. A claim must be printed by a code cell of the same
    section: the cells under one `#` or `##` heading (a markdown cell belongs to the section of its
    last heading). "Printed" means standard output or a cell's result, not a figure's repr, and not
    a cell tagged `nbval-ignore-output`, whose output is not reproduced. A claim
    written with d decimals matches a printed number that rounds to it at d decimals; an integer
    claim must be printed within 1e-6. A list claim must be printed as consecutive numbers of one
    output. Numbers written any other way (fractions such as `\\frac{2}{3}`, matrices) are not
    treated as claims.

Run it on any folder of notebooks: `python -m chainrule_helpers.verify notebooks/`.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Claim",
    "Problem",
    "check_claims",
    "check_expected_outputs",
    "check_notebook",
    "check_pairing",
    "extract_claims",
    "main",
    "verify_paths",
]

PRAGMA = re.compile(r"#\s*(noqa|type:|pragma|fmt:)")


@dataclass(frozen=True)
class Problem:
    """One disagreement between a notebook and its text, located precisely enough to fix."""

    notebook: str
    cell: int | None
    check: str
    message: str
    py_line: int | None = None

    def __str__(self) -> str:
        where = self.notebook if self.cell is None else f"{self.notebook}, cell {self.cell}"
        if self.py_line is not None:
            where += f" ({Path(self.notebook).with_suffix('.py').name} line {self.py_line})"
        return f"{where}: [{self.check}] {self.message}"


def _nbformat() -> Any:
    """Import nbformat, with a clear message when the dev tools are not installed."""
    try:
        import nbformat
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("the notebook checkers need the dev tools: pip install -e '.[dev]'") from exc
    return nbformat


def read_notebook(path: Path) -> Any:
    """Read an .ipynb as nbformat v4, raising ValueError with the reason when it is not a notebook."""
    nbformat = _nbformat()
    try:
        return nbformat.read(str(path), as_version=4)
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    except Exception as exc:  # nbformat raises its own validation and reader errors
        raise ValueError(f"{path} is not a valid notebook: {exc}") from exc


def py_cell_lines(py_path: Path) -> list[int]:
    """The 1-based line of each `# %%` cell marker in a py:percent file, one per cell."""
    if not py_path.exists():
        return []
    lines = py_path.read_text(encoding="utf-8").splitlines()
    return [i + 1 for i, line in enumerate(lines) if line.startswith("# %%")]


def _locator(nb_path: Path, check: str) -> Any:
    """A function that builds Problems for one notebook and check, with the .py line filled in."""
    markers = py_cell_lines(nb_path.with_suffix(".py"))

    def problem(cell: int | None, message: str) -> Problem:
        line = markers[cell] if cell is not None and cell < len(markers) else None
        return Problem(str(nb_path), cell, check, message, line)

    return problem


def _first_line_difference(a: str, b: str) -> str:
    """Describe where two cell sources first differ, quoting both lines."""
    a_lines, b_lines = a.splitlines(), b.splitlines()
    for i in range(max(len(a_lines), len(b_lines))):
        left = a_lines[i] if i < len(a_lines) else "<no line>"
        right = b_lines[i] if i < len(b_lines) else "<no line>"
        if left != right:
            return f"line {i + 1} of the cell: .py has {left!r}, .ipynb has {right!r}"
    return "the sources differ in white space at the end"


def _cell_signature(cell: Any) -> dict[str, Any]:
    """The parts of a cell that pairing must keep identical."""
    return {
        "type": cell.cell_type,
        "source": cell.source,
        "tags": list(cell.metadata.get("tags", [])),
        "nbgrader": dict(cell.metadata.get("nbgrader", {})),
    }


def check_pairing(nb_path: Path, nb: Any | None = None) -> list[Problem]:
    """Check that an .ipynb and its paired .py have the same cells (types, sources, tags, nbgrader)."""
    problem = _locator(nb_path, "pairing")
    py_path = nb_path.with_suffix(".py")
    if not py_path.exists():
        return [problem(None, f"no paired {py_path.name}; the .py is the source of truth")]
    try:
        import jupytext
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("the pairing check needs jupytext: pip install -e '.[dev]'") from exc
    from_py = jupytext.read(str(py_path), fmt="py:percent")
    nb = nb if nb is not None else read_notebook(nb_path)
    fix = f"run `make execute NB={py_path}` to regenerate the .ipynb from the .py"
    problems = []
    for i, (a, b) in enumerate(zip(from_py.cells, nb.cells)):
        sa, sb = _cell_signature(a), _cell_signature(b)
        for key in ("type", "source", "tags", "nbgrader"):
            if sa[key] != sb[key]:
                detail = (
                    _first_line_difference(sa[key], sb[key])
                    if key == "source"
                    else f".py has {sa[key]!r}, .ipynb has {sb[key]!r}"
                )
                problems.append(problem(i, f"{key} differs: {detail}; {fix}"))
                break
    if len(from_py.cells) != len(nb.cells):
        problems.append(
            problem(
                min(len(from_py.cells), len(nb.cells)),
                f"the .py has {len(from_py.cells)} cells, the .ipynb has {len(nb.cells)}; {fix}",
            )
        )
    return problems


def _python_source(source: str) -> str | None:
    """The cell source with IPython magics blanked out (line count kept); None for a cell magic cell."""
    if source.lstrip().startswith("%%"):
        return None
    return "\n".join(
        "pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _trailing_comments(source: str) -> dict[int, str]:
    """Map line number -> text of each comment that follows code on the same line."""
    comments: dict[int, str] = {}
    code_lines: set[int] = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            if tok.start[0] in code_lines:
                comments[tok.start[0]] = tok.string
        elif tok.type not in skip and tok.type != tokenize.ENDMARKER:
            code_lines.update(range(tok.start[0], tok.end[0] + 1))
    return comments


def _print_calls(tree: ast.Module) -> tuple[dict[int, int], set[int]]:
    """End lines of top-level print statements (line -> order among them) and of nested print calls."""
    top: dict[int, int] = {}
    for stmt in tree.body:
        if _is_print(stmt):
            top[stmt.end_lineno or stmt.lineno] = len(top)
    nested = {
        node.end_lineno or node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    } - set(top)
    return top, nested


def _is_print(stmt: ast.stmt) -> bool:
    """True for a statement that is a bare call to print(...)."""
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "print"
    )


def _stdout_lines(cell: Any) -> list[str]:
    """The cell's stored standard output, split into lines."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
                   and o.get("name") == "stdout")
    return [line.rstrip() for line in text.splitlines()]


def check_expected_outputs(nb_path: Path, nb: Any) -> list[Problem]:
    """Check every `print(...)  # expected` comment against the cell's stored standard output."""
    problem = _locator(nb_path, "expected output")
    problems: list[Problem] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = _python_source(cell.source)
        if source is None:
            continue
        try:
            tree = ast.parse(source)
            comments = _trailing_comments(source)
        except (SyntaxError, tokenize.TokenError) as exc:
            problems.append(problem(index, f"cannot parse the cell to read its comments: {exc}"))
            continue
        top, nested = _print_calls(tree)
        lines = source.splitlines()
        printed = _stdout_lines(cell)
        # One line per top-level print and nothing else printed: statement k printed line k.
        positional = not nested and len(printed) == len(top)
        pointer = 0
        for lineno, comment in sorted(comments.items()):
            if PRAGMA.match(comment):
                continue
            code = lines[lineno - 1].split("#")[0].strip()
            expected = comment[1:].strip()
            if lineno in nested:
                problems.append(problem(index, f"line {lineno}: `{code}` is inside a block, so the comment {comment!r} "
                                               "cannot say what it prints; put the comment on its own line"))
                continue
            if lineno not in top:
                problems.append(problem(index, f"line {lineno}: a trailing comment is an expected output only on a "
                                               f"print line; move {comment!r} to a line of its own"))
                continue
            k = top[lineno]
            if positional:
                actual = printed[k]
            else:
                # Print k writes at least one line, so its output starts at line k or later.
                start = max(pointer, k)
                found = next((i for i in range(start, len(printed)) if printed[i] == expected), None)
                pointer = found + 1 if found is not None else pointer
                actual = expected if found is not None else (printed[start] if start < len(printed) else None)
            if actual != expected:
                got = "nothing" if actual is None else repr(actual)
                problems.append(problem(index, f"line {lineno}: `{code}` should print {expected!r} (its comment) "
                                               f"but printed {got}"))
    return problems


# ---------------------------------------------------------------- prose claims

NUMBER = r"[-−]?\d+(?:\.\d+)?(?:\s*(?:\\times|\\cdot)\s*10\^\{?[-−]?\d+\}?|[eE][-+]?\d+)?"
NUMBER_RE = re.compile(rf"^\s*({NUMBER})\s*\.?\s*$")
LIST_RE = re.compile(rf"^\s*[\[(]\s*({NUMBER}(?:\s*,\s*{NUMBER})*)\s*[\])]\s*\.?\s*$")
NAME = r"(?:\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)"
INPUT_RE = re.compile(rf"^\s*(?:{NAME}|\(\s*{NAME}(?:\s*,\s*{NAME})*\s*\))\s*$")
MATH_RE = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
PRINTED_NUMBER_RE = re.compile(r"(?<![\w.])-?\d+\.?\d*(?:[eE][-+]?\d+)?")
SPACING_RE = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])|\\[,;!: ]|\\(?:displaystyle|quad|qquad)\b")


@dataclass(frozen=True)
class Claim:
    """A value the prose states as a result: its LaTeX, and the number(s) with their decimals."""

    text: str
    values: tuple[float, ...]
    decimals: tuple[int, ...]

    def matches(self, numbers: list[float]) -> bool:
        """True if `numbers` holds this claim's values consecutively, each within its stated precision."""
        k = len(self.values)
        return any(self._window_fits(numbers[i:i + k]) for i in range(len(numbers) - k + 1))

    def _window_fits(self, window: list[float]) -> bool:
        return all(abs(p - v) <= _tolerance(v, d) for p, v, d in zip(window, self.values, self.decimals))

    def nearest(self, numbers: list[float]) -> list[float] | None:
        """The printed window closest to the claim, to show the reader what the code said instead."""
        k = len(self.values)
        windows = [numbers[i:i + k] for i in range(len(numbers) - k + 1)]
        if not windows:
            return None
        return min(windows, key=self.distance)

    def distance(self, window: list[float]) -> float:
        """How far a printed window is from the claim: the largest gap between matching numbers."""
        return max(abs(p - v) for p, v in zip(window, self.values))


def _tolerance(value: float, decimals: int) -> float:
    """How far a printed number may be from a claim written with this many decimals."""
    if decimals == 0:
        return 1e-6 * max(1.0, abs(value))
    return 0.5 * 10 ** (-decimals) + 1e-12


def _parse_number(text: str) -> tuple[float, int]:
    """A LaTeX number as (value, decimals written)."""
    text = text.replace("−", "-").replace(" ", "")
    mantissa, exponent = text, 0
    m = re.match(r"^(.*?)(?:\\times|\\cdot)10\^\{?(-?\d+)\}?$", text)
    if m:
        mantissa, exponent = m.group(1), int(m.group(2))
    elif re.search(r"[eE]", text):
        mantissa, exp_text = re.split(r"[eE]", text)
        exponent = int(exp_text)
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return float(mantissa) * 10.0**exponent, max(0, decimals - exponent)


def _split_top_level(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split on any separator that stands outside (), [] and {}."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0:
            sep = next((s for s in separators if text.startswith(s, i)), None)
            if sep is not None:
                parts.append(text[start:i])
                i += len(sep)
                start = i
                continue
        i += 1
    parts.append(text[start:])
    return parts


def _statements(math: str) -> list[str]:
    """Split one math span into the separate statements it makes."""
    math = math.replace("&=", "=")
    math = re.sub(r"\\(?:quad|qquad)\b", ";", math)
    math = re.sub(r"\\text\{[^}]*\}", ";", math)
    math = SPACING_RE.sub(" ", math)
    return [s.strip() for s in _split_top_level(math, ("\\\\", ";", "&", ",")) if s.strip()]


def extract_claims(markdown: str) -> list[Claim]:
    """Every claim (in the sense of this module's docstring) that a markdown text makes."""
    claims = []
    for match in MATH_RE.finditer(markdown):
        math = next(g for g in match.groups() if g is not None)
        for statement in _statements(math):
            sides = _split_top_level(statement, ("\\approx", "=", "\\equiv"))
            if len(sides) < 2 or INPUT_RE.match(sides[0]) or not sides[0].strip():
                continue
            rhs = sides[-1]
            if m := NUMBER_RE.match(rhs):
                parsed = [_parse_number(m.group(1))]
            elif m := LIST_RE.match(rhs):
                parsed = [_parse_number(n) for n in re.findall(NUMBER, m.group(1))]
            else:
                continue
            claims.append(Claim(statement.strip(), tuple(v for v, _ in parsed), tuple(d for _, d in parsed)))
    return claims


def _output_texts(cell: Any) -> Iterator[str]:
    """What a code cell prints: its streams and the plain text of its result (not figure reprs)."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("text", "")
        elif out.get("output_type") == "execute_result":
            yield out.get("data", {}).get("text/plain", "")


def _heading(source: str) -> str | None:
    """The last `#` or `##` heading of a markdown cell, if it has one: the cell belongs to its section."""
    found = re.findall(r"^#{1,2}\s+.+$", source, re.MULTILINE)
    return found[-1].strip() if found else None


def _sections(nb: Any) -> list[tuple[str, list[int]]]:
    """Cells grouped under their `#`/`##` heading, in order."""
    sections: list[tuple[str, list[int]]] = [("(before the first heading)", [])]
    for index, cell in enumerate(nb.cells):
        heading = _heading(cell.source) if cell.cell_type == "markdown" else None
        if heading is not None:
            sections.append((heading, []))
        sections[-1][1].append(index)
    return sections


def _reproducible_code(cell: Any) -> bool:
    """A code cell whose output nbval compares: only such output can back a claim."""
    return cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])


def check_claims(nb_path: Path, nb: Any) -> list[Problem]:
    """Check that every value the markdown states as a result is printed by code in the same section."""
    problem = _locator(nb_path, "prose claim")
    problems = []
    for heading, indices in _sections(nb):
        outputs = [(i, [float(n) for n in PRINTED_NUMBER_RE.findall(text)])
                   for i in indices if _reproducible_code(nb.cells[i])
                   for text in _output_texts(nb.cells[i])]
        for i in indices:
            if nb.cells[i].cell_type != "markdown":
                continue
            for claim in extract_claims(nb.cells[i].source):
                if any(claim.matches(numbers) for _, numbers in outputs):
                    continue
                candidates = [(w, j) for j, numbers in outputs if (w := claim.nearest(numbers)) is not None]
                if candidates:
                    window, j = min(candidates, key=lambda c: claim.distance(c[0]))
                    shown = ", ".join(f"{p:g}" for p in window)
                    said = f"the nearest printed value is {shown} (cell {j})"
                else:
                    said = "no code cell in this section prints a number"
                stated = ", ".join(f"{v:g}" for v in claim.values)
                problems.append(problem(i, f"the text states `{claim.text}` ({stated}) under {heading!r}, but no "
                                           f"code in that section prints it; {said}"))
    return problems


def check_notebook(nb_path: Path) -> list[Problem]:
    """Run every check on one notebook; an unreadable notebook is one problem, not a crash."""
    try:
        nb = read_notebook(nb_path)
    except ValueError as exc:
        return [Problem(str(nb_path), None, "notebook", str(exc))]
    return check_pairing(nb_path, nb) + check_expected_outputs(nb_path, nb) + check_claims(nb_path, nb)


def _notebooks(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The .ipynb files named or found under the paths, and a problem for each .py left without one."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.ipynb")))
            for py in sorted(path.glob("*.py")):
                is_notebook = re.search(r"^# %%", py.read_text(encoding="utf-8"), re.MULTILINE)
                if is_notebook and not py.with_suffix(".ipynb").exists():
                    problems.append(Problem(str(py.with_suffix(".ipynb")), None, "pairing",
                                            f"{py.name} has no generated .ipynb; run `make execute NB={py}`"))
        elif path.suffix == ".ipynb" and path.exists():
            found.append(path)
        elif path.suffix == ".py" and path.exists():
            found.append(path.with_suffix(".ipynb"))
        else:
            raise FileNotFoundError(f"{path}: not a folder, .ipynb or .py that exists")
    return found, problems


def verify_paths(paths: Iterable[Path]) -> tuple[int, list[Problem]]:
    """Check every notebook under the paths; return how many were checked and every problem found."""
    notebooks, problems = _notebooks(paths)
    for nb_path in notebooks:
        if not nb_path.exists():
            problems.append(Problem(str(nb_path), None, "pairing",
                                    f"no generated .ipynb; run `make execute NB={nb_path.with_suffix('.py')}`"))
            continue
        problems.extend(check_notebook(nb_path))
    return len(notebooks), problems


def main(argv: list[str] | None = None) -> int:
    """Command line: check notebooks against their own text; exit 1 if anything disagrees."""
    parser = argparse.ArgumentParser(
        prog="python -m chainrule_helpers.verify",
        description="Check notebooks: .py/.ipynb pairs in sync, expected-output comments, prose claims.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="notebook folders, .ipynb or .py files")
    args = parser.parse_args(argv)
    try:
        count, problems = verify_paths(args.paths)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"{count} notebook(s) checked: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
