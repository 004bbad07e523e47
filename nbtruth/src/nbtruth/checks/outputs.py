"""Expected-output comments: `print(x.grad)  # tensor(8.)` says what that line prints.

Truth: a trailing comment on a top-level `print(...)` statement that looks like an output (not a
remark in words such as `# the gradient`) is compared with the cell's stored standard output. When
the cell printed exactly one line per top-level print, the k-th print is compared with the k-th
line. Otherwise a print's line is fixed only where the cell fixes it: counting forward from the
first line while every print before it is annotated (each wrote the line its comment states) and no
other print came first, or backward from the last line the same way. An annotated print that
neither count reaches is reported as undecidable, never searched for: a search would accept a line
that a later print wrote. In house style every trailing comment on a print is compared.

Style: any other trailing comment (on a line that is not a print, or on a print inside a block,
whose output no single line can state) is reported: it goes on its own line. Tool pragmas
(`# noqa`, `# type:`) are allowed anywhere.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import Any

from ..notebook import Context, Problem

__all__ = ["check_expected_outputs", "check_trailing_comments", "looks_like_output"]

PRAGMA = re.compile(r"#\s*(noqa|type:|pragma|fmt:)")
# A value: a number, a bracket or quote, a repr such as tensor(...) or torch.Size(...), a constant, one token.
VALUE = re.compile(r"[-+]?\.?\d|[\[({'\"<]|[A-Za-z_][\w.]*\(|(True|False|None|nan|inf)\b|\S+$")


def looks_like_output(comment: str) -> bool:
    """A trailing comment that states a value (`# 8`, `# tensor(8.)`, `# True`), not a remark in words."""
    text = comment.lstrip("#").strip()
    return bool(text) and not PRAGMA.match(comment) and bool(VALUE.match(text))


def _python_source(source: str) -> str | None:
    """The cell source with IPython magics blanked out (line count kept); None for a cell magic cell."""
    if source.lstrip().startswith("%%"):
        return None
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


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


def _is_print(stmt: ast.stmt) -> bool:
    """True for a statement that is a bare call to print(...)."""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)
            and stmt.value.func.id == "print")


def _print_calls(tree: ast.Module) -> tuple[dict[int, int], set[int]]:
    """End lines of top-level print statements (line -> order among them) and of nested print calls."""
    top: dict[int, int] = {}
    for stmt in tree.body:
        if _is_print(stmt):
            top[stmt.end_lineno or stmt.lineno] = len(top)
    nested = {node.end_lineno or node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"} - set(top)
    return top, nested


def _stdout_lines(cell: Any) -> list[str]:
    """The cell's stored standard output, split into lines."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")
    return [line.rstrip() for line in text.splitlines()]


def _code_cells(ctx: Context) -> list[tuple[int, Any, str, dict[int, str], dict[int, int], set[int]]]:
    """Each code cell that parses as Python, with its trailing comments and print lines."""
    found = []
    for index, cell in enumerate(ctx.nb.cells):
        if cell.cell_type != "code":
            continue
        source = _python_source(cell.source)
        if source is None:
            continue
        try:
            tree = ast.parse(source)
            comments = _trailing_comments(source)
        except (SyntaxError, tokenize.TokenError):
            continue  # not Python (another kernel's language, or a cell meant to fail): nothing to read
        top, nested = _print_calls(tree)
        found.append((index, cell, source, comments, top, nested))
    return found


def _anchored_lines(top: dict[int, int], nested: set[int], annotated: dict[int, str],
                    printed: list[str]) -> dict[int, set[int]]:
    """For each annotated print, the output lines it must have written, where the cell fixes them.

    Reading forward, print k's line is known while every earlier print is annotated (and so wrote the
    one line its comment states) and no other print came before; reading backward, the same from the
    end of the output. A print neither sweep reaches has no line it must have written.
    """
    order = sorted(top, key=top.get)
    anchors: dict[int, set[int]] = {line: set() for line in annotated}
    for sweep in (order, order[::-1]):
        forward = sweep is order
        position: int | None = 0 if forward else len(printed) - 1
        for line in sweep:
            hidden = [n for n in nested if (n < line if forward else n > line)]
            if hidden or position is None or not 0 <= position < len(printed):
                break  # another print wrote an unknown number of lines on this side: nothing more is fixed
            if line not in annotated:
                break  # an unannotated print may write any number of lines
            anchors[line].add(position)
            position += 1 if forward else -1
    return anchors


def check_expected_outputs(ctx: Context) -> list[Problem]:
    """Every `print(...)  # expected` comment that states a value matches the cell's stored output."""
    problem = ctx.problem("expected output")
    strict = ctx.settings.get("style", False)
    problems: list[Problem] = []
    for index, cell, source, comments, top, nested in _code_cells(ctx):
        lines, printed = source.splitlines(), _stdout_lines(cell)
        annotated = {lineno: comment[1:].strip() for lineno, comment in comments.items()
                     if lineno in top and not PRAGMA.match(comment) and (strict or looks_like_output(comment))}
        positional = not nested and len(printed) == len(top)  # print k wrote line k
        anchors = {} if positional else _anchored_lines(top, nested, annotated, printed)
        for lineno, expected in sorted(annotated.items()):
            code = lines[lineno - 1].split("#")[0].strip()
            places = {top[lineno]} if positional else anchors[lineno]
            if not places:
                problems.append(problem(index, f"line {lineno}: cannot tell which output line `{code}` wrote (the "
                                               "cell's prints do not write one line each); put it in a cell of its "
                                               "own, or move the comment to a line of its own"))
                continue
            for place in sorted(places):
                if printed[place] != expected:
                    problems.append(problem(index, f"line {lineno}: `{code}` should print {expected!r} (its comment) "
                                                   f"but printed {printed[place]!r}"))
                    break
    return problems


def check_trailing_comments(ctx: Context) -> list[Problem]:
    """A trailing comment stands only on a top-level print, where it is the expected output."""
    problem = ctx.problem("expected output")
    problems: list[Problem] = []
    for index, _cell, source, comments, top, nested in _code_cells(ctx):
        lines = source.splitlines()
        for lineno, comment in sorted(comments.items()):
            if PRAGMA.match(comment) or lineno in top:
                continue
            code = lines[lineno - 1].split("#")[0].strip()
            if lineno in nested:
                problems.append(problem(index, f"line {lineno}: `{code}` is inside a block, so the comment {comment!r} "
                                               "cannot say what it prints; put the comment on its own line"))
            else:
                problems.append(problem(index, f"line {lineno}: a trailing comment is an expected output only on a "
                                               f"print line; move {comment!r} to a line of its own"))
    return problems
