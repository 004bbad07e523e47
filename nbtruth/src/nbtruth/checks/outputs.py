"""Expected-output comments: `print(x.grad)  # tensor(8.)` says what that line prints.

Truth: a trailing comment on a top-level `print(...)` statement that looks like an output (not a
remark in words such as `# the gradient`) is compared with the cell's stored standard output. When
the cell printed exactly one line per top-level print, the k-th print is compared with the k-th
line; otherwise each annotated print must find its line, in order, among the lines it could have
written. In house style every trailing comment on a print is compared.

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


def check_expected_outputs(ctx: Context) -> list[Problem]:
    """Every `print(...)  # expected` comment that states a value matches the cell's stored output."""
    problem = ctx.problem("expected output")
    strict = ctx.settings.get("style", False)
    problems: list[Problem] = []
    for index, cell, source, comments, top, nested in _code_cells(ctx):
        lines, printed = source.splitlines(), _stdout_lines(cell)
        positional = not nested and len(printed) == len(top)  # print k wrote line k
        pointer = 0
        for lineno, comment in sorted(comments.items()):
            if lineno not in top or PRAGMA.match(comment) or not (strict or looks_like_output(comment)):
                continue
            code, expected = lines[lineno - 1].split("#")[0].strip(), comment[1:].strip()
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
