"""LaTeX macros a course defines, expanded where its math uses them, as the rendered page shows them.

A notebook may define its own notation in a markdown cell (`$\\newcommand{\\ci}{\\text{i}}$`,
`\\renewcommand`, `\\def\\eexp#1{e^{#1}}`, `\\DeclareMathOperator{\\tr}{tr}`); MathJax applies such a
definition to every cell of the page. A Jupyter Book defines them once in its `_config.yml`
(`sphinx: config: mathjax3_config: tex: macros:`), read from the notebook's folder or any folder above
it. Without them `\\ci` would be read as a name `ci`, and `(p + \\ci q)(p - \\ci q) = p^2 + q^2` refuted.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .statements import brace_group

__all__ = ["Macro", "expanded", "macros_of"]


@dataclass(frozen=True)
class Macro:
    """A macro's number of arguments, its body (`#1` for the first), and the default of an optional first one."""

    arguments: int
    body: str
    default: str | None = None


NEWCOMMAND = re.compile(r"\\(?:re|provide)?newcommand\*?\s*(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*"
                        r"(?:\[\s*(\d)\s*\])?\s*(?:\[([^\]]*)\])?\s*(?=\{)")
DEF = re.compile(r"\\def\s*\\([A-Za-z]+)\s*((?:#\d)*)\s*(?=\{)")
OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*(?=\{)")
ROUNDS = 8  # macros may use macros; a definition that uses itself stops here


def definitions(text: str) -> tuple[dict[str, Macro], str]:
    """The macros a markdown text defines, and the text without their definitions."""
    found: dict[str, Macro] = {}
    spans = []
    for pattern in (NEWCOMMAND, DEF, OPERATOR):
        for m in pattern.finditer(text):
            body = brace_group(text, m.end())
            if body is None:
                continue
            name = m.group(1) or m.group(2)
            if pattern is NEWCOMMAND:
                found[name] = Macro(int(m.group(3) or 0), body[0], m.group(4))
            elif pattern is DEF:
                found[name] = Macro(m.group(2).count("#"), body[0])
            else:
                found[name] = Macro(0, f"\\operatorname{{{body[0]}}}")
            spans.append((m.start(), body[1]))
    for start, end in sorted(spans, reverse=True):
        # `$\\def\\bm{\\boldsymbol}$text`: a span that holds only the definition goes with it, not left as `$$`
        before, after = re.search(r"\$\s*$", text[:start]), re.match(r"\s*\$", text[end:])
        if before and after and not text[:before.start()].endswith("$") and not text[end:].lstrip().startswith("$$"):
            start, end = before.start(), end + after.end()
        text = text[:start] + text[end:]
    return found, text


def _argument(text: str, i: int) -> tuple[str, int]:
    """One argument of a macro at `i`: a braced group, else the next command or character (spaces skipped)."""
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i < len(text) and text[i] == "{" and (group := brace_group(text, i)) is not None:
        return group
    if command := re.match(r"\\[A-Za-z]+|\\.", text[i:]):
        return command.group(0), i + len(command.group(0))
    return text[i:i + 1], i + 1


def expand(text: str, macros: dict[str, Macro]) -> str:
    """The text with every use of these macros replaced by its body, arguments put in."""
    if not macros:
        return text
    use = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True)) + r")(?![A-Za-z])")
    for _ in range(ROUNDS):
        out, last, changed = [], 0, False
        for m in use.finditer(text):
            if m.start() < last:
                continue
            macro, i, arguments = macros[m.group(1)], m.end(), []
            if macro.default is not None:
                optional = re.match(r"\s*\[([^\]]*)\]", text[i:])
                arguments.append(optional.group(1) if optional else macro.default)
                i += optional.end() if optional else 0
            while len(arguments) < macro.arguments:
                argument, i = _argument(text, i)
                arguments.append(argument)
            body = _filled(macro.body, arguments)
            # TeX replaces text by text; a body ending in a command keeps a space from the letter after it
            out += [text[last:m.start()], body + (" " if re.search(r"\\[A-Za-z]+$", body) else "")]
            last, changed = i, True
        text = "".join(out) + text[last:]
        if not changed:
            break
    return text


def _filled(body: str, arguments: list[str]) -> str:
    """A macro's body with `#1`, `#2` ... replaced by its arguments."""
    return re.sub(r"#(\d)", lambda k: arguments[int(k.group(1)) - 1] if int(k.group(1)) <= len(arguments)
                  else k.group(0), body)


def _book_macros(path: Path) -> dict[str, Macro]:
    """MathJax macros a Jupyter Book's `_config.yml` defines, in the notebook's folder or above it."""
    for folder in path.resolve().parents:
        config = folder / "_config.yml"
        if config.is_file():
            return _config_macros(config.read_text(encoding="utf-8", errors="replace"))
    return {}


def _config_macros(config: str) -> dict[str, Macro]:
    """The `macros:` block of a `_config.yml`: `"E": "\\\\mathbb{E}"` or `"R": ["\\\\mathbb{R}^{#1}", 1]`."""
    block = re.search(r"^([ \t]*)macros:[ \t]*\n((?:\1[ \t]+.*\n?|[ \t]*\n)+)", config, re.MULTILINE)
    if block is None:
        return {}
    found = {}
    for line in block.group(2).splitlines():
        m = re.match(r"""\s*["']?\\{0,2}([A-Za-z]+)["']?\s*:\s*(.+?)\s*$""", line)
        if m is None:
            continue
        try:  # YAML's double quotes and flow lists escape a backslash as JSON does; its plain text does not
            value = json.loads(m.group(2)) if m.group(2)[0] in "[\"" else m.group(2).strip("'")
        except json.JSONDecodeError:
            continue
        if isinstance(value, list) and value and isinstance(value[0], str):
            found[m.group(1)] = Macro(int(value[1]) if len(value) > 1 else 0, value[0])
        elif isinstance(value, str):
            found[m.group(1)] = Macro(0, value)
    return found


def macros_of(nb: Any, path: Path | None = None) -> dict[str, Macro]:
    """Every macro the notebook's markdown defines, over those of its Jupyter Book's configuration."""
    found = _book_macros(path) if path is not None else {}
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "\\" in cell.source:
            found.update(definitions(cell.source)[0])
    return found


def expanded(nb: Any, path: Path | None = None) -> Any:
    """The notebook with its markdown's macros expanded and their definitions removed (the same object if none)."""
    macros = macros_of(nb, path)
    if not macros:
        return nb
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = expand(definitions(cell.source)[1], macros)
    return nb
