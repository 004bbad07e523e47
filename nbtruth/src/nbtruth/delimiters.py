"""Which dollar signs of a markdown cell delimit math, paired as Jupyter's renderer pairs them.

A course's stray `$` (`sendo $y(x)4 a função incógnita`, a typo for `$y(x)$`) renders as a dollar sign in
Jupyter: an inline span may not cross a blank line, so the renderer drops the open one there and goes on. A
regular expression that pairs dollars in order would instead pair every later `$` with the wrong partner, and read
the prose between them as math (Portuguese `é` as the name e). JupyterLab finds math with a small scanner
(`removeMath` in `@jupyterlab/rendermime`, after Davide Cervone's for MathJax): it splits the text at dollars,
environments, braces and line breaks; an open span ends at its own delimiter outside braces, and a blank line
abandons it. This module runs the same scanner and escapes each dollar it leaves as text (`\\$`), so that the math
read afterwards is the math the student sees.
"""

from __future__ import annotations

import copy
import re
from typing import Any

__all__ = ["escape_unpaired", "paired_as_rendered"]

# the scanner's tokens: `$$` and `$`, an environment's `\\begin{...}` and `\\end{...}`, an escaped sign (`\\$`,
# `\\{`), a brace, and a run of line breaks (a blank line among them ends an open span)
TOKEN = re.compile(r"\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[\\{}$]|[{}]|(?:\n\s*)+", re.IGNORECASE)
BLANK_LINE = re.compile(r"\n.*\n")
# text whose dollars are no delimiters: a fenced block and a code span (`` `echo $HOME` ``)
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1|(`+)[^\n]*?[^`\n]\2(?!`)", re.MULTILINE | re.DOTALL)


def _spans(tokens: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The (opening, closing) token indices of each math span, as the renderer's scanner finds them."""
    spans: list[tuple[int, int]] = []
    start = end = last = None
    braces = 0
    i = 0
    while i < len(tokens):
        token = tokens[i].group(0)
        if start is None:
            if token in ("$", "$$"):
                start, end, braces = i, token, 0
            elif token[1:6].lower() == "begin":
                start, end, braces = i, "\\end" + token[6:], 0
        elif token == end:
            if braces:  # a delimiter inside braces (`\\text{$5}`) closes nothing; the last such one may
                last = i
            else:
                spans.append((start, i))
                start = end = last = None
        elif BLANK_LINE.search(token):
            if last is not None:
                spans.append((start, last))
                i = last
            start = end = last = None
            braces = 0
        elif token == "{":
            braces += 1
        elif token == "}" and braces:
            braces -= 1
        i += 1
    if start is not None and last is not None:
        spans.append((start, last))
    return spans


def escape_unpaired(source: str) -> str:
    """The markdown with every dollar that the renderer shows as text escaped (`\\$`), and every dollar inside a
    span that is part of it (`$P\\Bigg)$$\\underline{P}$`: one span, its `$$` no delimiter) escaped too."""
    if "$" not in source:
        return source
    masked = CODE.sub(lambda m: re.sub(r"[$\\{}\n]", " ", m.group(0)), source)
    tokens = [t for t in TOKEN.finditer(masked)]
    delimiters = {i for span in _spans(tokens) for i in span}
    escaped, at = [], 0
    for i, token in enumerate(tokens):
        if token.group(0) in ("$", "$$") and i not in delimiters:
            escaped.append(source[at:token.start()] + "\\$" * len(token.group(0)))
            at = token.end()
    return "".join(escaped) + source[at:]


def paired_as_rendered(nb: Any) -> Any:
    """The notebook with its markdown's stray dollars escaped (the same object if it has none)."""
    sources = [escape_unpaired(cell.source) if cell.cell_type == "markdown" else cell.source for cell in nb.cells]
    if all(new == cell.source for new, cell in zip(sources, nb.cells)):
        return nb
    nb = copy.deepcopy(nb)
    for cell, source in zip(nb.cells, sources):
        cell.source = source
    return nb
