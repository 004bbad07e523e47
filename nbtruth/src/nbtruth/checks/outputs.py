"""Expected-output comments: `print(x.grad)  # tensor(8.)` says what that line prints.

Truth: a trailing comment on a top-level `print(...)` statement that looks like an output (not a
remark in words such as `# the gradient`, and not one word such as `# shape`) is compared with the
cell's stored standard output. Where both are numbers (or the same text around numbers) they are
compared as numbers, to the digits the comment writes (`# 3.49` matches 3.4851); otherwise as
text. A comment that quotes the output after `prints` (`# Prints "8"`, as Stanford's CS228 Python tutorial
writes) states the quoted text, where it has a number in it. A comment belongs to the last print of its line
(`print(1); print(2)  # 2`). When the cell printed exactly one line per top-level print, the k-th print is
compared with the k-th line. Otherwise a print's line is fixed only where the cell fixes it: counting forward from the
first line while every print before it is annotated (each wrote the line its comment states) or prints
text alone (`print("\\nSlice:")`, whose lines are known before it runs and must be where the count puts
them), and no other print or call of a function by its name (`show(x)`, which may print) came first, or
backward from the last line the same way. An annotated print that neither count reaches is undecidable,
never searched for (a search would accept a line that a later print wrote): reported in house style, and
elsewhere listed by `--explain-unchecked` with its reason. In house style every trailing comment on a print
is compared.

Only notebooks whose kernel runs Python are read (see `notebook.language`); a line carrying the
ignore marker (`# nbtruth: ignore`) is not compared.

Style: any other trailing comment (on a line that is not a print, or on a print inside a block,
whose output no single line can state) is reported: it goes on its own line. Tool pragmas
(`# noqa`, `# type:`) are allowed anywhere.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..ignore import ignored_cells, ignored_line
from ..notebook import NUMBER_IN_TEXT, Context, Problem, language, parse_number, tolerance

__all__ = ["agrees", "check_expected_outputs", "check_trailing_comments", "compared", "looks_like_output",
           "uncompared"]

PRAGMA = re.compile(r"#\s*(noqa|type:|pragma|fmt:)")
# A value: a number, a bracket or quote, a repr such as tensor(...) or torch.Size(...), a constant.
# One word is a remark.
VALUE = re.compile(r"[-+]?\.?\d|[\[({'\"<]|[A-Za-z_][\w.]*\(|(True|False|None|nan|inf|-?inf)\s*$")
# a word of two letters or more, in any script (`e` of 1e-3 is none; `# 1D вектор` is a remark), or a run of
# Japanese, Chinese or Korean script, which writes its words right after a number (`# 4より小さい`, "less than 4")
WORD = re.compile(r"(?<![\w.])[^\W\d_][^\W\d]+|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
REPR_WORDS = {"True", "False", "None", "nan", "inf", "tensor", "array", "dtype", "float32", "float64", "int64",
              "torch", "Size", "grad_fn", "requires_grad", "device"}
# `# [kW]`, `# [m/s^2]`: a unit in brackets, as engineering texts label a printed quantity (no list: no comma, no
# quote, no digit but a power's)
UNIT_IN_BRACKETS = re.compile(r"^\[\s*(?=[^\]]*[A-Za-z°%µΩ])[^\d\[\],'\"]*(?:\^\{?-?\d+\}?[^\d\[\],'\"]*)*\]$")
# Only numbers, brackets, commas and signs: a value written without the print's label (`# 2.17`, `# [2.8, 5.75]`).
VALUE_ONLY = re.compile(r"^[\s\[\]().,+\-eE\d]+$")


def looks_like_output(comment: str) -> bool:
    """A trailing comment that states a value (`# 8`, `# tensor(8.)`, `# True`), not a remark in words, nor a call's
    arguments commented out (`print(a)#, ' ', 2*A[1])`)."""
    text = comment.lstrip("#").strip()
    return bool(text) and not PRAGMA.match(comment) and not text.startswith(",") and bool(VALUE.match(text))


# `1.147A`, `92.93kW`: a unit written right after its number (not the exponent of `1e-3`)
GLUED_UNIT = re.compile(r"(\d)(?![eE][-+]?\d)([A-Za-zµΩ°%]{1,3})(?!\w)")


def _unglued(text: str) -> str:
    """Text with a unit written right after its number set apart from it (`Iy = 1.147A` as `Iy = 1.147 A`)."""
    return GLUED_UNIT.sub(r"\1 \2", text)


def labelled(comment: str) -> bool:
    """A comment that states a number with text around it (`# mean = 2.67`, `# a + b = [19 27]`, `# Iy = 1.174A`): an
    output if the line printed that text (see `remark`)."""
    text = _unglued(comment.lstrip("#").strip())
    return not PRAGMA.match(comment) and not text.startswith(",") and bool(NUMBER_IN_TEXT.search(text))


# `# P(X = 5)`, `# P(X <= 5)`, `# P(A | B)`: what the line prints, named in math (a one-letter function of a relation)
NOTATION = re.compile(r"\s*[A-Za-z]\s*\([^()]*(?:=|<|>|\|)[^()]*\)\s*")
# `# 10^2`, `# 2**10`, `# 3 * 4`: the arithmetic the line does, written out (a printed number has no such operator)
ARITHMETIC = re.compile(r"\s*[-+]?\d+(?:\.\d+)?(?:\s*(?:\^|\*\*|\*|/|×)\s*[-+]?\d+(?:\.\d+)?)+\s*")


def remark(expected: str, printed: str) -> bool:
    """Whether a comment is a remark about the output rather than the output: it has words the line did not print
    (`# 2034 documents, 26576 words` beside `2034 (2034, 26576)`), names in math what the line prints, or gives its
    unit in brackets (`# [kW]` beside `Pin = 92.93 kW`) or the arithmetic it does (`# 10^2` beside `100.0`); a line that
    prints `[x]` states it."""
    words = {w for w in WORD.findall(expected) if w not in REPR_WORDS}
    named = NOTATION.fullmatch(expected) is not None or UNIT_IN_BRACKETS.match(expected) is not None or (  # `# [kW]`
        ARITHMETIC.fullmatch(expected) is not None or EXPRESSION.fullmatch(expected) is not None and not (
            VALUE_ONLY.match(expected)))  # `# 1.0/a`, not `# 1e-3`
    return any(w not in printed for w in words) or named and expected not in printed or _label_after_value(
        _skeleton(expected), _skeleton(printed)) or _names_unprinted(expected, printed)


# `# 1.0/a`, `# 2*x`: the expression a line computes, written out with a name (a printed value has none)
EXPRESSION = re.compile(r"\s*[-+]?(?:[\w.]*[A-Za-z_][\w.]*\s*(?:\*\*|[-+*/^])\s*[\w.]+|"
                        r"[\w.]+\s*(?:\*\*|[-+*/^])\s*[\w.]*[A-Za-z_][\w.]*)\s*")
# a name in code: a dotted one (`T.sub`, `np.float64`), a called one of two characters or more (`max(`), one indexed
# (`U[2**29]`, `x[0]`), or a letter indexed as MATLAB indexes (`M(1,3)`, `M(:, 5)`, `x(2:5)`, `x([1, 5, 8])`: the
# index the line takes, in another language)
CODE_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|(?<![\w.])[A-Za-z_]\w+(?=\s*\()|"
                       r"(?<![\w.])[A-Za-z_]\w*(?=\[)|"
                       r"(?<![\w.])[A-Za-z](?=\s*\((?:[^()]*[:\[]|\s*\d+\s*(?:,\s*\d+\s*)+\)))")


def _names_unprinted(expected: str, printed: str) -> bool:
    """Whether a comment calls or dots a name the line does not print as a whole word (`# T.sub(3, a)` beside
    `(TensorConstant{3} - a)`, `# max(a, b)` beside `maximum(a, b)`): the code it stands for, not its output."""
    return any(not re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", printed) for name in CODE_NAME.findall(expected)
               if name not in REPR_WORDS)


def _skeleton(text: str) -> list[str]:
    """A text's words and numbers in order, each number as `#` (`3 casas` is `#`, `casas`): where its values stand."""
    return [m.group(0) if m.group(0)[:1].isalpha() else "#" for m in SKELETON.finditer(text)
            if m.group(0) not in REPR_WORDS]


SKELETON = re.compile(rf"{WORD.pattern}|{NUMBER_IN_TEXT.pattern}")


def _label_after_value(comment: list[str], line: list[str]) -> bool:
    """Whether a comment opens on a number and then writes words the line prints only before its first number (`# 3
    casas` beside `Arredondamento com casas decimais: 3.332`): words about the code (round's argument 3), not the
    line's label and value, which would stand in the line's order (`# mean = 2.67`; `# ibu 0.06 and abv 42.71`
    beside `abv is 0.06 and ibu 42.71`, its labels swapped, is an output, and a wrong one)."""
    words = [token for token in comment if token != "#"]
    if not words or comment[0] != "#" or "#" not in line:
        return False
    first = line.index("#")
    return all(word in line[:first] and word not in line[first:] for word in words)


def _python_source(source: str) -> str | None:
    """The cell source with IPython magics blanked out (line count kept); None for a cell magic cell."""
    if source.lstrip().startswith("%%"):
        return None
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) or line.rstrip().endswith("?") else line
                     for line in source.splitlines())


def _parsed(source: str) -> tuple[ast.Module, str]:
    """A cell's syntax tree and the source it was read from: Python 3's, or Python 2's with its print statements
    written as calls (`print multiply(3, 2)  # 6`, a course whose kernel is Python 2); raises SyntaxError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an invalid escape is a SyntaxWarning, an error under -W error
        try:
            return ast.parse(source), source
        except SyntaxError:
            if (modern := _print_calls_written(source)) == source:
                raise
            return ast.parse(modern), modern


# `print x`, `print "a", b`: Python 2's print statement (not `print(x)`, `print = ...`, `print >>f, x`, nor `print
# x,`, which ends its line without a newline)
PRINT_STATEMENT = re.compile(r"^(\s*)print\s+(?![\s=(>.\[])(.*)$")


def _print_calls_written(source: str) -> str:
    """The source with each of Python 2's print statements written as a call, its trailing comment kept, one line
    for one line."""
    lines = []
    for line in source.splitlines():
        m = PRINT_STATEMENT.match(line)
        code, comment = _code_and_comment(m.group(2)) if m else ("", "")
        lines.append(f"{m.group(1)}print({code}){comment}" if m and code and not code.endswith(",") else line)
    return "\n".join(lines)


def _code_and_comment(text: str) -> tuple[str, str]:
    """A line's code and its trailing comment (with the spaces before it), split where Python's tokens put it."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                start = tok.start[1]
                code = text[:start].rstrip()
                return code, text[len(code):]
    except (tokenize.TokenError, SyntaxError):
        return "", ""
    return text.rstrip(), ""


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
    """End lines of top-level print statements (line -> order of the line's last print) and of nested print calls.

    A line with another statement after its print (`print(x); y = 2  # 3`) has no print whose output
    its comment can state, so it is not a print line.
    """
    top: dict[int, int] = {}
    count = 0
    for k, stmt in enumerate(tree.body):
        end = stmt.end_lineno or stmt.lineno
        if _is_print(stmt):
            top[end] = count
            count += 1
        elif end in top and k and (tree.body[k - 1].end_lineno or tree.body[k - 1].lineno) == end:
            del top[end]
    nested = {node.end_lineno or node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"} - set(top)
    return top, nested


def _stdout_lines(cell: Any) -> list[str]:
    """The cell's stored standard output, split into lines."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")
    return [line.rstrip() for line in text.splitlines()]


@dataclass(frozen=True)
class PrintingCell:
    """A code cell read for its prints: what each line's comment states and what fixes which line each print wrote."""

    index: int
    cell: Any
    source: str
    comments: dict[int, str]  # line -> its trailing comment
    top: dict[int, int]  # end line of each top-level print -> its order
    nested: set[int]  # end lines of prints inside a block, a call or a comprehension
    count: int  # top-level print statements
    literals: dict[int, list[str]]  # end line of each print of text alone -> the lines it writes
    calls: set[int]  # end lines of top-level calls of a function by its name (`show(x)`): it may print lines too


def _code_cells(ctx: Context) -> list[PrintingCell]:
    """Each code cell that parses as Python (not ignored), read for its prints."""
    found = []
    if language(ctx.nb) != "python":
        return found  # another kernel's language: its prints and comments are not Python's
    skipped = ignored_cells(ctx.nb)
    for index, cell in enumerate(ctx.nb.cells):
        if cell.cell_type != "code" or index in skipped:
            continue
        source = _python_source(cell.source)
        if source is None:
            continue
        try:
            tree, source = _parsed(source)
            comments = _trailing_comments(source)
        except (SyntaxError, ValueError, tokenize.TokenError):
            continue  # not Python (another kernel's language, or a cell meant to fail): nothing to read
        top, nested = _print_calls(tree)
        comments = {n: c for n, c in comments.items() if not ignored_line(c) and n not in _itemised(tree, comments)}
        calls = {stmt.end_lineno or stmt.lineno for stmt in tree.body if isinstance(stmt, ast.Expr)
                 and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)
                 and stmt.value.func.id not in {"print", "display"}}
        found.append(PrintingCell(index, cell, source, comments, top, nested, sum(map(_is_print, tree.body)),
                                  _literal_prints(tree), calls))
    return found


def _literal_prints(tree: ast.Module) -> dict[int, list[str]]:
    """End line -> output lines of each top-level print of string literals alone (`print("\\nSlice a[2:5]:")`):
    what it writes is known before it runs, so it fixes where the next print's output starts."""
    found = {}
    for stmt in tree.body:
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not _is_print(stmt) or not isinstance(call, ast.Call):
            continue
        texts = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if len(texts) == len(call.args) and not call.keywords:
            found[stmt.end_lineno or stmt.lineno] = [line.rstrip() for line in " ".join(texts).split("\n")]
    return found


def _itemised(tree: ast.Module, comments: dict[int, str]) -> set[int]:
    """The last lines of prints written over several lines whose earlier lines carry comments too (`print([a,  #
    0.001917` / `b])  # 0.030950`): each comment annotates its line's item, none states the printed line."""
    return {stmt.end_lineno for stmt in tree.body if _is_print(stmt) and stmt.end_lineno
            and any(stmt.lineno <= n < stmt.end_lineno for n in comments)}


def _anchored_lines(code: PrintingCell, annotated: dict[int, str], printed: list[str]) -> dict[int, set[int]]:
    """For each annotated print, the output lines it must have written, where the cell fixes them.

    Reading forward, print k's line is known while every earlier print is annotated (and so wrote the
    one line its comment states) or prints text alone that the output shows there, and no other print or call of
    a function by its name alone (`show(x)`, which may print; a method such as `z.backward()` is taken not to) came
    before; reading backward, the same from the end of the output. A print
    neither sweep reaches has no line it must have written.
    """
    top, literals, count = code.top, code.literals, code.count
    order = sorted(top, key=top.get)
    anchors: dict[int, set[int]] = {line: set() for line in annotated}
    for sweep in (order, order[::-1]):
        forward = sweep is order
        position: int | None = 0 if forward else len(printed) - 1
        for k, line in enumerate(sweep):
            hidden = [n for n in code.nested | code.calls if (n < line if forward else n > line)]
            if top[line] != (k if forward else count - 1 - k):
                break  # another print on an earlier line shares it: it wrote a line nobody annotated
            if hidden or position is None or not 0 <= position < len(printed):
                break  # another print wrote an unknown number of lines on this side: nothing more is fixed
            if line in literals and line not in annotated:
                text = literals[line]
                start = position if forward else position - len(text) + 1
                if start < 0 or printed[start:start + len(text)] != text:
                    break  # the text is not where the count puts it: something else wrote lines in between
                position = start + len(text) if forward else start - 1
                continue
            if line not in annotated:
                break  # an unannotated print may write any number of lines
            if not forward:
                position = _start(printed, position)  # the last line may close an output that began above it
            anchors[line].add(position)
            position += _extent(printed, position) if forward else -1
    return anchors


def agrees(expected: str, printed: str) -> bool:
    """The printed output is what the comment states: the same text, or the same text around numbers that agree.

    Each number agrees to the digits the comment writes it with (`3.49` matches 3.4851; `3` is exact). Commas
    between numbers do not count (`# [2.8, 5.75]` states NumPy's `[2.8  5.75]`), a comment that writes only
    the value states the end of a line that prints a label before it (`# 2.17` beside `mean = 2.1666`, also after
    other labelled numbers: `# 42.71` beside `abv 0.06 and ibu 42.7132`), and bare numbers as many as the line
    printed state each of them, whatever words label them (`# 0.06, 42.71` beside `abv 0.06 and ibu 42.7132`). A
    list of numbers states a line with no words that prints them in order in another notation (`# [1, 2, 1]` beside
    `1 :: 2 :: 1 :: []`), and after an arrow is what a call with what comes before it prints (`# [2, 1] => [1, 2]`).
    """
    expected, printed = _unglued(ARROW.sub("", expected)), _unglued(printed)  # `# -> torch.Size([4, 5])`, `1.1A`
    if expected == printed or _same_numbers(expected, printed) or _labelled_values(expected, printed):
        return True
    if re.sub(r",\s*", " ", expected) == printed:
        return True  # `# erf(a), erfc(a)` beside `erf(a) erfc(a)`: the values a print of several writes apart
    if (mapped := MAPPED.fullmatch(expected)) and agrees(mapped.group(1), printed):
        return True  # `# [2, 1] => [1, 2]`: an input, and the output it gives
    if SEQUENCE.fullmatch(expected) and not WORD.search(printed) and _same_sequence(expected, printed):
        return True  # `# [1, 2, 1]` beside `1 :: 2 :: 1 :: []`: the same numbers in order, in another list notation
    if (elided := ELIDED.fullmatch(expected)) and not WORD.search(printed) and _elided_sequence(elided, printed):
        return True  # `# 0, 1, 2, ..., 9` beside `[0 1 2 3 4 5 6 7 8 9]`: its first and last numbers, the rest elided
    if printed.endswith(expected) and printed[:-len(expected)].endswith((" ", ":", "=")):
        return True  # `# torch.Size([4, 5])` beside `h shape: torch.Size([4, 5])`: the value after its label
    value = re.search(r"(?:^|[\s:=])((?:tensor|array)\(.*\))\s*$", printed, re.DOTALL)  # after a label, or whole
    if value and (inner := REPR_WRAPPER.fullmatch(value.group(1))) and not REPR_WRAPPER.match(expected) and (
            _same_numbers(expected, inner.group(1))):
        return True  # `# [0., 0.25, 1.]` beside `tensor([0.0000, 0.2500, 1.0000])`: the values, without the repr
    if (shape := _shape(printed)) is not None and _shape(expected, written=True) == shape:
        return True
    if not VALUE_ONLY.match(expected):
        return False
    count = len(NUMBER_IN_TEXT.findall(expected))
    numbers = list(NUMBER_IN_TEXT.finditer(printed))
    if count == 0 or len(numbers) < count:
        return False
    tail = numbers[-count].start()
    while tail and printed[tail - 1] in "[( ":
        tail -= 1  # the brackets the value opens with belong to it
    before = printed[:tail]
    label = len(numbers) == count or WORD.search(printed[numbers[-count - 1].end():tail])  # `... and for ibu 42.7`
    return bool(label or not re.search(r"\d", before)) and _same_numbers(expected, printed[tail:].strip())


# `# 最小固有値: -2.76`, `# minimum eigenvalue: -2.76`: words naming the value, a colon, then the value alone
NAMED_VALUE = re.compile(r"[^\W\d][\w\s]*:\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*")
ARROW = re.compile(r"^(?:->|=>|→)\s*")
# `# Output: 8`, `# Saída: 1.23e+08` (Portuguese), `# Ausgabe: 8`, `# Expect 21`: what follows the label is the output
OUTPUT_LABEL = re.compile(r"^(?:(?:output|prints|saída|salida|sortie|ausgabe|resultado|вывод)\s*:|"
                          r"expect(?:ed|s)?(?:\s+output)?\s*:?)\s*", re.IGNORECASE)
# `# Prints "8"`, `# Get an element with a default; prints "N/A"`: the output, quoted after a word that says so
QUOTED_OUTPUT = re.compile(r"(?:.*?[;,.:]\s*)?(?:prints?|outputs?)\s*:?\s*([\"'])(.*)\1\s*\.?", re.IGNORECASE)


# `# √(3²+4²) = 5`, `# |3|+|4| = 7`, `# 5 + (4+10+8) + 5000 + 15 = 5042维`: the arithmetic a line does, then its result
# (and a unit word): the result is what it prints
WORKED = re.compile(r"(?P<work>(?:[\d\s.+\-*/^×÷()|,√²³]|sqrt|abs|max|min|log|exp)+?)\s*=\s*"
                    r"(?P<value>[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*[^\W\d_]{0,3}")


CHECK_MARK = re.compile(r"\s*[✓✔✅☑]+\s*$")


def _stated(comment: str) -> str:
    """What a trailing comment says its line prints: `# Output: 8` and `# Prints "8"` say 8, and `# √(3²+4²) = 5` says
    5. Quoted text is taken only with a number in it (`# Prints "<type 'int'>"`, Python 2's, is a remark on another
    Python)."""
    text = CHECK_MARK.sub("", comment.lstrip("#").strip())  # `# → 0.511  ✓`: the value, marked right
    if (quoted := QUOTED_OUTPUT.fullmatch(text)) and re.search(r"\d", quoted.group(2)):
        return quoted.group(2)
    if (worked := WORKED.fullmatch(text)) and re.search(r"\d", worked.group("work")) and re.search(
            r"[-+*/^×÷√²³|]|[a-z]\(", worked.group("work")):
        return worked.group("value")
    return OUTPUT_LABEL.sub("", text)


# `tensor([...])`, `array([...], dtype=float32)`: a repr around values
REPR_WRAPPER = re.compile(r"(?:tensor|array)\((.*?)"
                          r"(?:,\s*(?:dtype|device|requires_grad|grad_fn)=[^()]*(?:\([^()]*\))?)*\)", re.DOTALL)


# `[2, 1] => [1, 2]`: what a call is given, an arrow, then what it prints
MAPPED = re.compile(r".+?\s(?:=>|->|→)\s*(.+)")
# a list of numbers alone, bracketed or not (`[1, 2, 1]`, `1, 2`, `[]`)
SEQUENCE = re.compile(r"\s*[\[(]?[-+\d.eE,\s]*[\])]?\s*")


# a list of numbers with an ellipsis between its first ones and its last ones (`0, 1, 2, ..., 9`, `[0.0, 0.1, …, 0.9]`)
ELIDED = re.compile(r"\s*[\[(]?([-+\d.eE,\s]*?),?\s*(?:\.\.\.|…)\s*,?([-+\d.eE,\s]*)[\])]?\s*")


def _elided_sequence(elided: re.Match[str], printed: str) -> bool:
    """Whether a line with no words prints at least the numbers a list with an ellipsis writes, its first ones first
    and its last ones last, each to the digits written."""
    head, tail = (NUMBER_IN_TEXT.findall(part) for part in elided.groups())
    got = NUMBER_IN_TEXT.findall(printed)
    if not head or len(got) < len(head) + len(tail):
        return False
    return _numbers_agree(got[:len(head)] + got[len(got) - len(tail):], head + tail)


def _same_sequence(expected: str, printed: str) -> bool:
    """Whether a line with no words prints the numbers a list states, in order and to the digits written."""
    wanted, got = NUMBER_IN_TEXT.findall(expected), NUMBER_IN_TEXT.findall(printed)
    return len(wanted) == len(got) and _numbers_agree(got, wanted)


def _labelled_values(expected: str, printed: str) -> bool:
    """`# 0.0598, 42.7132` or `# 0.0598 and 42.7132` beside `abv is 0.0598 and ibu 42.7132`: a comment (no brackets)
    that gives every number of a line whose words label them, in order, each to the digits written, with no word
    the line did not print in that order."""
    wanted, got = NUMBER_IN_TEXT.findall(expected), NUMBER_IN_TEXT.findall(printed)
    if re.search(r"[\[\]()]", expected) or not wanted or len(wanted) != len(got) or not WORD.search(printed):
        return False
    printed_words = iter(WORD.findall(printed))
    if not all(word in printed_words for word in WORD.findall(expected)):  # the comment's words, in the line's order
        return False
    return _numbers_agree(got, wanted)


def _numbers_agree(got: list[str], wanted: list[str]) -> bool:
    """Whether numbers a line printed agree, pair by pair, with those a comment writes, each to its written digits."""
    return all(abs(float(g) - v) <= tolerance(v, d) for g, (v, d) in zip(got, map(parse_number, wanted)))


def _same_numbers(expected: str, printed: str) -> bool:
    """The same text around numbers (commas and spaces aside) and the numbers agree to the digits written."""
    wanted, got = NUMBER_IN_TEXT.findall(expected), NUMBER_IN_TEXT.findall(printed)
    shape = [re.sub(r"[\s,]+", "", NUMBER_IN_TEXT.sub("#", text)) for text in (expected, printed)]
    if not wanted or len(wanted) != len(got) or shape[0] != shape[1]:
        return False
    written = [parse_number(n) for n in wanted]
    # each to the digits the comment writes, or to those the output shows, if fewer (NumPy's `0.34` for 0.33988902)
    return all(abs(float(g) - v) <= max(tolerance(v, d), tolerance(*parse_number(g)))
               for g, (v, d) in zip(got, written))


# A shape as Python prints it, `(2, 1, 10)`, `(3,)`, `torch.Size([2, 1, 10])`; and as comments write it, also
# `[800,5]`, `100 x 47`, `(2x5, 28)` (a size written as a product)
PRINTED_SHAPE = re.compile(r"^\s*(?:torch\.Size\(\[([\d,\s]*)\]\)|\(([\d,\s]*)\))\s*$")
WRITTEN_SHAPE = re.compile(r"^\s*[\[(]?\s*((?:\d+(?:\s*[x*×]\s*\d+)*\s*[,x×]?\s*)+)[\])]?\s*$")


def _shape(text: str, written: bool = False) -> tuple[int, ...] | None:
    """The sizes a shape states (a printed one, or one a comment writes in any of its notations), or None."""
    if not written:
        m = PRINTED_SHAPE.match(text)
        body = m and (m.group(1) if m.group(1) is not None else m.group(2))
        if not body or not re.search(r"\d", body) or ("," not in body and m.group(2) is not None):
            return None  # `(3)` is a number in brackets, not a shape
        return tuple(int(n) for n in re.findall(r"\d+", body))
    m = WRITTEN_SHAPE.match(text)
    if not m or not re.search(r"[,x×]", m.group(1)):
        return None
    sizes = [size for size in re.split(r"\s*,\s*", m.group(1).strip().rstrip(",")) if size]
    if len(sizes) == 1:  # `100 x 47`: the sizes the x separates
        sizes = re.split(r"\s*[x×]\s*", sizes[0])
    try:
        return tuple(_size(size) for size in sizes)
    except ValueError:
        return None


def _size(size: str) -> int:
    """`2x5` -> 10, `28` -> 28: a size written as a product of whole numbers."""
    product = 1
    for factor in re.split(r"\s*[x*×]\s*", size.strip()):
        product *= int(factor)
    return product


def _start(printed: list[str], end: int) -> int:
    """The first line of the output whose last line is `end`: where its brackets open."""
    depth, k = 0, end
    while k >= 0:
        depth += sum(printed[k].count(c) for c in ")]") - sum(printed[k].count(c) for c in "[(")
        if depth <= 0:
            return k
        k -= 1
    return end


def _extent(printed: list[str], start: int) -> int:
    """How many lines the output starting at `start` spans: one, or until its brackets close (a 2-D array)."""
    depth, k = 0, start
    while k < len(printed):
        depth += sum(printed[k].count(c) for c in "[(") - sum(printed[k].count(c) for c in ")]")
        if depth <= 0:
            return k - start + 1
        k += 1
    return 1


def check_expected_outputs(ctx: Context) -> list[Problem]:
    """Every `print(...)  # expected` comment that states a value matches the cell's stored output."""
    problem = ctx.problem("expected output")
    strict = ctx.settings.get("style", False)
    problems: list[Problem] = []
    for index, lineno, code, expected, written, ok in _held(ctx, strict):
        if written is None and strict:  # the house rule asks for comments it can place; elsewhere undecidable
            problems.append(problem(index, f"line {lineno}: cannot tell which output line `{code}` wrote (the "
                                           "cell's prints do not write one line each); put it in a cell of its "
                                           "own, or move the comment to a line of its own"))
        elif ok is False:
            problems.append(problem(index, f"line {lineno}: `{code}` should print {expected!r} (its comment) but "
                                           f"printed {written!r}"))
    return problems


def compared(ctx: Context) -> int:
    """How many expected-output comments were held to the output line their print wrote: for the coverage line."""
    return sum(ok is not None for *_, ok in _held(ctx, ctx.settings.get("style", False)))


def _held(ctx: Context, strict: bool) -> list[tuple[int, int, str, str, str | None, bool | None]]:
    """(cell, line, code, expected, the output it is held to, whether they agree) for each annotated print; the
    output None where no line can be held to it (and agreement None); a remark (words the line did not print, not
    in house style) is not compared, and not given. Worked out once per notebook (kept in `ctx.cache`): the check
    and the coverage line share it."""
    key = f"held {strict}"
    if key not in ctx.cache:
        ctx.cache[key] = list(_holding(ctx, strict))
    return ctx.cache[key]


def _holding(ctx: Context, strict: bool) -> Iterator[tuple[int, int, str, str, str | None, bool | None]]:
    """What `_held` keeps, one annotated print at a time."""
    for index, lineno, code, expected, places, printed in _comparisons(ctx, strict):
        if not places:
            yield index, lineno, code, expected, None, None
            continue
        written = ""
        for place in sorted(places):
            written = " ".join(printed[place:place + _extent(printed, place)])
            if not strict and remark(expected, written) and (named := NAMED_VALUE.fullmatch(expected)):
                expected = named.group(1)  # `#最小固有値: -2.76`: what the value is, named; then the value
            if not strict and remark(expected, written):
                break  # words the line did not print: a remark about the output, not the output
            if not agrees(expected, written):
                yield index, lineno, code, expected, written, False
                break
        else:
            yield index, lineno, code, expected, written, True


UNPLACED = ("the cell's prints do not write one line each and nothing fixes which output line this print wrote: a "
            "wrong comment would pass unseen; put the print in a cell of its own")


def uncompared(ctx: Context) -> list[tuple[int, str, str]]:
    """(cell, print line with its comment, why) for each expected-output comment no output line could be held to."""
    return [(index, f"{code}  # {expected}", UNPLACED)
            for index, _, code, expected, places, _ in _comparisons(ctx, False) if not places]


def _comparisons(ctx: Context, strict: bool) -> list[tuple[int, int, str, str, set[int], list[str]]]:
    """(cell, line, code, expected, output lines it must have written, the cell's output) for each annotated print."""
    found = []
    for code in _code_cells(ctx):
        if code.cell.get("execution_count") is None and not code.cell.get("outputs"):
            continue  # a cell never run (jax's shard_map docs): no output to compare its comments with
        lines, printed = code.source.splitlines(), _stdout_lines(code.cell)
        labels = _line_labels(ctx, code)
        annotated = {lineno: _stated(comment)  # `## 1` too
                     for lineno, comment in code.comments.items()
                     if lineno in code.top and not PRAGMA.match(comment) and lineno not in labels
                     and (strict or looks_like_output(comment) or labelled(comment))}
        positional = not code.nested and len(printed) == code.count  # print k wrote line k
        anchors = {} if positional else _anchored_lines(code, annotated, printed)
        for lineno, expected in sorted(annotated.items()):
            places = {code.top[lineno]} if positional else anchors[lineno]
            found.append((code.index, lineno, lines[lineno - 1].split("#")[0].strip(), expected, places, printed))
    return found


LINE_LABEL = re.compile(r"#\s*(\d+)\s*")


def _line_labels(ctx: Context, code: PrintingCell) -> set[int]:
    """The lines whose comment is a bare number that labels the line, for the text to explain it by (`df = ...  #1`
    ... `print(...)  #4`, then `` `#4`：... ``): where the cell numbers its lines 1, 2, 3, ... in order, a line that
    prints nothing among them, or a markdown cell beside it quotes the comment as code. No expected output."""
    numbered = {n: int(m.group(1)) for n, c in sorted(code.comments.items()) if (m := LINE_LABEL.fullmatch(c))}
    if len(numbered) > 1 and list(numbered.values()) == list(range(1, len(numbered) + 1)) and set(numbered) - set(
            code.top):
        return set(numbered)
    cells = ctx.nb.cells
    near = " ".join(cells[k].source for k in (code.index - 1, code.index + 1)
                    if 0 <= k < len(cells) and cells[k].cell_type == "markdown")
    return {n for n, label in numbered.items() if re.search(rf"`#\s*{label}`", near)}


def check_trailing_comments(ctx: Context) -> list[Problem]:
    """A trailing comment stands only on a top-level print, where it is the expected output."""
    problem = ctx.problem("trailing comment")  # a house rule, not the truth check's "expected output"
    problems: list[Problem] = []
    for cell in _code_cells(ctx):
        index, lines, nested = cell.index, cell.source.splitlines(), cell.nested
        for lineno, comment in sorted(cell.comments.items()):
            if PRAGMA.match(comment) or lineno in cell.top:
                continue
            code = lines[lineno - 1].split("#")[0].strip()
            if lineno in nested:
                problems.append(problem(index, f"line {lineno}: `{code}` is inside a block, so the comment {comment!r} "
                                               "cannot say what it prints; put the comment on its own line"))
            else:
                problems.append(problem(index, f"line {lineno}: a trailing comment is an expected output only on a "
                                               f"print line; move {comment!r} to a line of its own"))
    return problems
