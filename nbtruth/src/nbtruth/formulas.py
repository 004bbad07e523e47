"""Reading a notebook's math with SymPy, section by section: definitions, inputs, and the claims they let us check.

Each statement (see `notebook.math_statements`) with `=` is read, in order, within its section, against
the definitions in reach: the section's own, then those of earlier sections (not their inputs; an
exercises section's definitions end with it). A failure that reads the definitions of two or more
earlier sections' examples is left unchecked: they may not be the ones it means.

- an *input*: a bare name equal to a number (`x = 3`); it gives the name a value;
- a *definition*: a bare name not yet defined, or a function of one variable, equal to an
  expression (`y = x + 1`, `z = y^2`, `\\sigma(x) = \\frac{1}{1+e^{-x}}`); its right-hand side's
  names are the node's *direct inputs*;
- a *derivative claim*: `\\frac{dA}{dB} = R`, `\\frac{\\partial A}{\\partial B} = R`,
  `\\frac{d}{dB} E = R` or `f'(B) = R`;
- an *identity claim*: anything else with two sides, including a defined name set equal to a new
  expression (`z = (x+1)^2` after `z = y^2`): both sides must agree once every definition is
  substituted.

The two readings of a derivative, exactly:

- the *local partial* of A with respect to B differentiates A's own definition with respect to one
  of its direct inputs B, the other direct inputs held fixed (`z = a^2` gives 2a whatever a is);
- the *total derivative* of A with respect to B substitutes the definitions of every name that
  depends on B (B's descendants, A included) and differentiates the result with respect to B,
  holding fixed every name that does not depend on B: the sum over every path from B to A.

`\\frac{dA}{dB}` (and `f'`) means the total derivative. `\\frac{\\partial A}{\\partial B}` means the
local partial when B is a direct input of A, and the total derivative otherwise. Where both
readings differ, a claim that matches the reading its notation does not mean is reported as that
ambiguity. A claim whose right-hand side is a number is compared at the section's inputs, within
the precision it is written with.

Decorated and subscripted names (`\\bar{a}`, `\\hat{y}_i`, `W_{12}`) are names of their own. A name
followed by parentheses is a product when the name is a defined variable (`y(1-y)`), a function
otherwise. `e` is Euler's number unless the section defines it. What SymPy cannot parse, or
cannot check with the definitions in reach (sums over indices, matrices, prose), is counted as
unchecked, never silently passed.

Chains with `\\approx` or an inequality are read link by link (`_relations`, `nbtruth.relations`);
expectations and variances of stated distributions by `_statistics` (`nbtruth.statistics`); a
gradient, Hessian or product written entry by entry by `_entrywise`. The place a claim is made at
(`at $x = 3$`) and a description with a side in words (`x + y = \\text{const}`) state nothing.
"""

from __future__ import annotations

import cmath
import contextlib
import contextvars
import math
import os
import pickle
import random
import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from .budget import BUDGET, STATEMENT_BUDGET, OverBudget, budget
from .claims import extract_claims, printed_numbers
from .ignore import TAG, ignored_cells
from .latexmath import COLUMNS_IN_PARENS, GREEK, REALS, ZERO_BASED
from .matrices import (
    EXAMPLE_HEADING,
    MATRIX_PROPERTY,
    SCALAR,
    MatrixSection,
    Unread,
    Verdict,
    coded_subscript,
    declare_ahead,
    defined_where,
    parse_side,
    read_matrix_statement,
)
from .notebook import (
    INPUT_RE,
    LIST_RE,
    NUMBER,
    NUMBER_RE,
    PLAIN_UNIT,
    Context,
    half_digit,
    output_texts,
    parse_number,
    reproducible,
    section_texts,
    split_top_level,
    tolerance,
)
from .relations import INEQUALITIES, Domain, evaluator, holds, parse_domain, points, split_relations
from .rounding import digits_stated, evaluated_in_digits
from .statements import (
    DECIMAL_COMMAS,
    EXCLUDED_VALUE,
    IDENTITY_SAID,
    MATH_RE,
    RUNS_OVER,
    WORDED_SUBSCRIPT,
    brace_group,
    braced_decorations,
    prose,
    span_math,
    statements_in_context,
    subscript_label,
    writes_decimal_commas,
)
from .statistics import (
    DRAWS,
    STATISTIC,
    Distribution,
    Estimate,
    argument_end,
    drawn_names,
    parse_distribution,
    statistic,
    transformed_names,
)

__all__ = ["DEFINING", "Reading", "Section", "Unparsed", "load_parses", "parse", "parses_file", "read_statement",
           "readings", "save_parses"]

# A subscript is one character or command, or a braced group of letters, digits, + and - (`h_{l-1}`: a name of its
# own), or of one command (`\\sigma_{\\varepsilon}`).
SUBSCRIPT = r"_(?:\{\s*(\\[A-Za-z]+|[A-Za-z0-9+\- ]+?)\s*\}|([A-Za-z0-9]|\\[A-Za-z]+(?![A-Za-z])))"
# a subscript's own subscript (`\\sigma_{K_0}`, `C_{p_{N}}`: sigma of the variable K_0): one name, as `\\sigma_{K0}`
NESTED_SUBSCRIPT = re.compile(r"((?<!\\)\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z])_\{\s*([A-Za-z])\s*_\s*"
                              r"(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))\s*\}")
# `\\dot{x}` coded `xDot`: SymPy's parser reads no lower-case d inside \\mathit{} (a differential's d); `\\mathcal{L}`
# coded `Lcal`, which SymPy writes back as `\\mathcal{L}` in a message
DOTS = {"dot": "Dot", "ddot": "DDot", "dddot": "DDDot", "mathcal": "cal"}
DECORATION = re.compile(rf"\\(bar|hat|tilde|dddot|ddot|dot|vec|overline|underline|check|mathcal)"
                        rf"\{{\s*(\\?[A-Za-z]+)\s*\}}(?:{SUBSCRIPT})?")
# `w\\varepsilon_{t+1}`: w, eps; `x_Py_H`: x_P times y_H (a one-letter subscript ends before the next letter)
SUBSCRIPTED = re.compile(rf"((?<!\\)\\[A-Za-z]+|(?:(?<![\\A-Za-z])|(?<=_[A-Za-z0-9]))[A-Za-z]){SUBSCRIPT}")
# `mv_\\perp`, `rmv_\\perp`: letters written together before a subscripted one are factors; the subscript is the last's
JUXTAPOSED = re.compile(r"(?<![\\A-Za-z{])([a-z]{1,2})([a-z])(?=\s*_)")
NAMED_FUNCTIONS = "sin|cos|tan|sec|csc|cot|sinh|cosh|tanh|exp|log|ln"  # written `\\cos x`, the argument bare
# a d that multiplies a function after another factor (`mgd\\cos`); a command is passed over whole (`\\ddot`)
D_BEFORE_FUNCTION = re.compile(rf"\\[A-Za-z]+|(?<=[A-Za-z0-9}}\s])d(?=\s*\\(?:{NAMED_FUNCTIONS}|sqrt)(?![A-Za-z]))")
# a function's one-letter argument written bare before a bracket (`\\cos x (1 + x)`), which SymPy would take in
BARE_ARGUMENT = re.compile(rf"(\\(?:{NAMED_FUNCTIONS}))\s+([A-Za-z]|\\(?!left|right|[bB]igg?[lr]?\b)[A-Za-z]+)"
                           r"\s*(?=\()")
# a function's one-name argument written bare before a rate (`L\\cos\\theta\\,\\dot{\\theta}`, `r \\sin\\theta
# \\frac{d\\theta}{dt}`): the rate multiplies the function's value, it is no part of its argument
ARGUMENT_BEFORE_RATE = re.compile(rf"(\\(?:{NAMED_FUNCTIONS}))\s*([A-Za-z]|\\(?!left|right|[bB]igg?[lr]?\b|mathit)"
                                  r"[A-Za-z]+)\s*(?=\\mathit\{(?:[A-Za-z]+D*Dot(?:sub\w+)?|Qw[a-z]+)\})")  # Qw: `_side`
# `prop_{high}`: a word with a word as its subscript, one name (a proportion), not the product p r o p
WORD_NAME = re.compile(r"(?<![\\A-Za-z])([A-Za-z]{3,})_\{\s*([A-Za-z]{2,})\s*\}()")
DELTA = re.compile(r"\\Delta\s*(?:\\mathit\{(\w+)\}|([A-Za-z])(?![A-Za-z])|\\([A-Za-z]+)(?![A-Za-z]))")  # `\\Delta t`
# `f'(x)`, and a subscripted function's, its primes before or after the subscript (`U'_{LJ}(r)`, `U_{LJ}'(r)`)
PRIME = re.compile(r"^(\\?[A-Za-z]+)(_\{[^{}]*\}|_\\?\w)?('+)(_\{[^{}]*\}|_\\?\w)?\((.+)\)$")
# `f(x)`, `f(x, y)`, and a subscripted name's (`f_1(x)`, `V_{eff}(r)`: see `_function_key`)
FUNCTION_DEF = re.compile(r"^(\\?[A-Za-z]+(?:_\{\s*\w+\s*\}|_\w)?)\s*\(\s*(\\?[A-Za-z]+(?:\s*,\s*\\?[A-Za-z]+)*)\s*\)$")
# An iteration or time-step superscript (`r^{k+1}`, `u^{(n)}`, `u^n_i`): a step's index, not a power.
ITERATION = re.compile(r"\^\s*\{\s*\(?\s*[a-z]\s*[-+]\s*\d+\s*\)?\s*\}")
# A member of an indexed family: `c_t`, `b_{t+1}`, `\\bar{h}_{l-1}` (the base, the index's letter, its offset)
INDEXED = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+|\\[a-z]+\{\s*\\?[A-Za-z]+\s*\})\s*_\s*"
                     r"(?:\{\s*([a-z])\s*([-+]\s*\d+)?\s*\}|([a-z])(?![A-Za-z]))\s*")
# A member at a numbered index: `c_1`, `y_{0}`
NUMBERED = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+)\s*_\s*(?:\{\s*\d+\s*\}|\d)")
ITERATION_STEP = re.compile(r"\^\s*\{\s*\([a-z](?:\s*[-+]\s*\d+)?\)\s*\}|\^\s*(?:\{\s*n\s*\}|n)\s*_")
# A number with a unit after it (`100 kg`, `9.81 \frac{m}{s^2}`, `0.5 m`, `9.8kN m^3`, `3.50 \, \mu \mathrm{F}`, `12
# \Omega`): a given quantity, not a formula.
_UNIT_AFTER = (r"(?:(?:\\mu\s*|k\s*)?(?:\\mathrm\{[^}]*\}|\\Omega(?![A-Za-z]))|"
               r"\\frac\{\s*[A-Za-z]{1,3}\s*\}\{[A-Za-z ^{}0-9]+\}|"
               r"\{\\rm\s*[^{}]*\}|[A-Za-z]{1,3}(?:\^\{?-?\d\}?)?(?:\s*/\s*[A-Za-z]{1,3}(?:\^\{?-?\d\}?)?)?|"
               rf"{PLAIN_UNIT}(?:\s*(?:/|\\cdot)?\s*{PLAIN_UNIT})+)\s*\.?\s*$")
UNIT = re.compile(r"^\s*[-−]?\d+(?:\.\d+)?\s*" + _UNIT_AFTER)
# ... and one in scientific notation (`4.28346 \\times 10^{-2} \\mathrm{L/mol}`), a quantity where a name is given it
SCIENTIFIC_UNIT = re.compile(rf"^\s*{NUMBER}\s*" + _UNIT_AFTER)
# Sums over indices, vectors and matrices, limits, sets: beyond what a section's scalar definitions can check.
# ... and unit vectors (`\\alpha \\hat{i} + \\beta \\hat{j}`), which no scalar stands for
# (`V_m \\angle \\theta_v`: a phasor's polar form, magnitude and angle, no product)
UNCHECKABLE = re.compile(r"\\hat\{\s*\\?(?:[ijk]|imath|jmath)\s*\}|"
                         r"\\mathcal\s*\{?\s*O(?![A-Za-z])|"  # `\\mathcal{O}(N^2)`: an order of growth, no product
                         r"'|\\(Re|Im|pm|mp|partial|sum|prod|int|nabla|mathbf|boldsymbol|begin|top|odot|otimes|lim|mid|in|to|"
                         r"ldots|cdots|dots|vdots|ddots|operatorname|mathbb|leq|geq|le|ge|lt|gt|Vert|lVert|rVert|angle)(?![A-Za-z])|"
                         r"\\\\|"
                         r"\\\||\|\||<|>|\\{|\[|\]")
# What states nothing that could be false: a definition, an input, the place a claim is made at (`at $x = 3$`), or
# a description with a side in words (`$x + y = \text{const}$`: the lines it names).
DEFINING = ("definition", "input", "place", "description")
# `### Exponential`: a subsection, often one example; so is a paragraph that is one bold line
# (`**Geometric distribution**`), as many courses write a subsection's heading
# A `###` heading, or a line that is only bold words (`**Example 2**`, `__SOA Question 6.4__`)
SUBHEADING = re.compile(r"^(?:#{3,6}\s+(.+)|\*\*([^*\n]+?)\*\*:?|__([^_\n]+?)__:?)\s*$", re.MULTILINE)
# A line of prose that opens another example within a section (`For instance, let's look at the following state:`,
# `One last scenario ...`, `we will look at one more example`): what follows is about that example, as under a heading
EXAMPLE_OPENER = re.compile(
    r"\b(?:(?:let'?s|let us|we(?:'ll| will| can)?|now)\s+(?:now\s+)?(?:look at|consider|take|try|examine|turn to)\s+"
    r"(?:the following|another|a (?:new|different|second|third|further))\b|"
    r"(?:another|a second|a third|a new|a different|one (?:more|last|final))\s+(?:example|scenario|case)\b|"
    # `What about the case:`, `What about the second order differential equation?`
    r"what about\s+(?:the |a |an )?(?:[\w*_-]+\s+){0,4}?(?:case|equation|scenario|example|situation|system)\b|"
    # `Redo with different kinetics.`
    r"\b(?:redo|repeat)\b[^.]{0,40}?\bwith\s+(?:a |an )?(?:different|new|other|another)\b)",
    re.IGNORECASE)
# `For $\\lambda_2$:`, a line that opens the case of one of several indexed values (an eigenvalue's eigenvector)
CASE_OPENER = re.compile(r"\s*(?:For|Case)\s+\$\s*(\\?[A-Za-z]+_\{?\w+\}?)\s*\$\s*:|"
                         # `* Find eigenvector $\\vec{x}^{(2)}$ associated with $\\lambda_2 = -1$`: its case
                         r"\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:Find|Compute|Calculate|Determine)\b[^$\n]*\$[^$]*\$\s*"
                         r"(?:associated with|corresponding to|for)\s+\$\s*\\?[A-Za-z]+_\{?\d+\}?\s*=")
# an example's or an exercise's label, in English, Spanish, Portuguese, French, German, Italian
EXAMPLE_WORD = (r"(?:Ex|Example|Exercise|Ejemplo|Ejercicio|Exemplo|Exerc[íi]cio|Exemple|Exercice|Beispiel|Aufgabe|"
                r"[ÜU]bung|Esempio|Esercizio)")
# `$\\underline{\\text{Ex}} 2$:`, `**Example 3.**`: a line that heads an example (its marks taken off); a line that
# opens a numbered question (`Q03.78 The general equation ...`, `Exercise 2.1:`, `Problem 3.`), each one's own
EXAMPLE_LINE = re.compile(rf"\s*{EXAMPLE_WORD}\.?\s*\d*\s*[:.]?\s*$|\s*{EXAMPLE_WORD}\.?\s*\d*\s*:|"
                          r"\s*(?:Q\d+(?:\.\d+)+|Q\d+\s*[.:)\-–—]|(?:Exercise|Problem|Question)\s+\d+(?:\.\d+)*[.:)]?)\s|"
                          # `3. (10pt) Assume now that ...`: an exam's question, worth points
                          r"\s*\d+[.)]\s*\(\s*\d+\s*(?:pts?|points?|marks?)\.?\s*\)|"
                          # `②の解答は以下の通りです。`, `また，②の解答は`: a line that opens on a circled number (after
                          # a word and a comma at most), an exercise's part
                          "\\s*(?:[^\\s$]{1,4}[，,、]\\s*)?[\u2460-\u2473]",
                          re.IGNORECASE)
# `3. *求$a_1=...$的正交向量*：...`, `2. **Find the line through the points**: ...`: a numbered item, not indented, that
# opens on its question in emphasis and a colon, the answer after it (a review's past exam questions, one per item)
QUESTION_ITEM = re.compile(r"\d+[.)][ \t]+(\*\*?|__?)(?:(?!\1)[^\n])+?\1[ \t]*[:：]")
# a heading that numbers a question (`# Q9 - Consider ...`, `## Problem 3`), not one that names an example (`## Example:
# Quantized States` goes on with the sections before it)
# (`## Ejercicio N°3`, `## Esercizio 2`, `### Aufgabe 4`: the same in other languages)
QUESTION_HEADING = re.compile(r"\s*(?:Q\d+(?:\.\d+)*\s*(?:[.:)\-–—]|(?:answers?|solutions?)\b)|(?:Answers?\s+to\s+|"
                              r"Solutions?\s+(?:to\s+)?)?(?:Exercise|Problem|Question|Ejercicio|Problema|"
                              r"Pregunta|Esercizio|Domanda|Exercice|Problème|Aufgabe|Übung|Exercício|Questão|Soal|Latihan|"
                              r"Задача|Упражнение|Zadanie|Úloha|Soru|Exercici|Qüestió|Opgave|Oefening|Vraag|Alıştırma|Bài(?:\s+tập)?|"
                              r"문제|예제|練習|问题|問題|例題|习题|练习)\s*(?:N\s*[°ºo]\.?\s*)?\d+(?:\.\d+)*\b)",
                              re.IGNORECASE)
# `e^{rt}`, and `ce^{rt}` (c times it: one letter before e, no command's last)
EULER_POWER = re.compile(r"(?:(?<![\\A-Za-z])|(?<=^[A-Za-z])|(?<=[^\\A-Za-z][A-Za-z]))e\s*\^\s*"
                         r"(?:\{([^{}]*[A-Za-z][^{}]*|\s*1\s*)\}|([A-Za-z]|1)(?![\w{]))")
# Where i is the imaginary unit: Euler's `e^{i\\theta}`, `e^{-i ...}`, or `i \\sin`
EULER = re.compile(r"(?:e\s*\^\s*\{|\\exp\s*(?:\\left)?\()\s*-?\s*i(?![A-Za-z])|(?<![A-Za-z\\])i\s*\\sin(?![A-Za-z])|"
                   r"[+-]\s*i\s*(?=[A-Za-z(])(?!n\b|f\b)|(?<=\d)\s*i(?![A-Za-z])|"  # or `x + iy`, `3 + 4i`
                   # `t^2 + i\\cdot\\cos(t)`: i times a function, a constant or a derivative, added
                   r"[+-]\s*i\s*(?:\\cdot\s*)?(?:\\(?:sin|cos|tan|sec|csc|cot|sinh|cosh|tanh|exp|ln|log|pi|omega|"
                   r"theta|phi)(?![A-Za-z])|\\frac\s*\{\s*d\s*\})|"
                   # `G(\\omega i)`: a frequency response
                   r"\\omega\s*i(?![A-Za-z])|(?<![A-Za-z\\])i\s*\\omega(?![A-Za-z])")
# Where j is the imaginary unit, as engineers write it: `e^{j\omega t}`, `\exp(-j\pi)` (an index j is no exponent)
EULER_J = re.compile(r"(?:e\s*\^\s*\{|\\exp\s*(?:\\left)?\()\s*-?\s*j(?![A-Za-z])")
# the letters the statement being read writes as the imaginary unit somewhere (`\\frac{1-i}{2} = \\frac{1}{\\sqrt{2}}
# e^{-i\\pi/4}`, `\\exp(j 2\\pi f t) = \\cos(2\\pi f t) + j \\sin(2\\pi f t)`): then it is that on each of its sides
STATEMENT_IMAGINARY: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("statement_imaginary",
                                                                                     default=frozenset())
EXERCISES = re.compile(r"exercise|problem|question", re.IGNORECASE)  # a section whose definitions are its own
FUNCTION_LETTERS = {"f", "g", "h", "F", "G", "H"}  # f(x) is a function; y(1-y) is a product
ELEMENTARY = {"sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
              "exp": "exp", "ln": "log", "log": "log"}
COMMANDS = {"frac", "partial", "mathit", "cdot", "times", "exp", "log", "ln", "sin", "cos", "tan", "tanh", "sinh",
            "cosh", "sqrt", "max", "min", "left", "right", "top", "operatorname"}


# `(40,120)`, `[0.5, 2]`, `(3,-4,12)`: two numbers or more in brackets that apply no function, which the statement's
# reading left a pair or a vector (SymPy's parser would stop at it)
NUMBER_PAIR = re.compile(r"(?<![A-Za-z\d}\])])[(\[]\s*[-−]?\d+(?:\.\d+)?(?:\s*,\s*[-−]?\d+(?:\.\d+)?)+\s*[)\]]")


class Unparsed(ValueError):
    """SymPy could not read this LaTeX, or read less of it than was written."""


def _sympy() -> Any:
    """SymPy and its LaTeX parser, imported on first use: they take a second to load."""
    import sympy
    from sympy.parsing.latex import parse_latex

    return sympy, parse_latex


def _name(base: str, decoration: str = "", sub: str | None = None) -> str:
    """A plain-letter name for a decorated or subscripted symbol (`\\hat{y}_i` -> `yhatsubi`)."""
    coded = coded_subscript(re.sub(r"\s+|\\", "", sub or ""))  # `\\sigma_\\varepsilon` -> sigmasubvarepsilon
    return base.lstrip("\\") + decoration + (f"sub{coded}" if sub else "")


def _prepare(latex: str) -> tuple[str, dict[str, str]]:
    """LaTeX with decorated and subscripted names made single symbols; and how to show them again."""
    shown: dict[str, str] = {}

    def decorated(m: re.Match[str]) -> str:
        """`\\hat{y}_i` as one symbol, remembered so messages can write it back."""
        name = _name(m.group(2), DOTS.get(m.group(1), m.group(1)), m.group(3) or m.group(4))
        shown[name] = m.group(0)
        return f"\\mathit{{{name}}}"

    def subscripted(m: re.Match[str]) -> str:
        """`W_{12}` as one symbol (a command such as `\\frac` left alone), remembered for messages."""
        if m.group(1).lstrip("\\") in COMMANDS:
            return m.group(0)
        name = _name(m.group(1), "", m.group(2) or m.group(3))
        shown[name] = m.group(0)
        return f"\\mathit{{{name}}}"

    def nested(m: re.Match[str]) -> str:
        """`\\sigma_{K_0}` as one symbol, remembered for messages."""
        if m.group(1).lstrip("\\") in COMMANDS:
            return m.group(0)
        name = _name(m.group(1), "", m.group(2)) + "sub" + coded_subscript(m.group(3) or m.group(4))
        shown[name] = m.group(0)
        return f"\\mathit{{{name}}}"

    def change(m: re.Match[str]) -> str:
        """`\\Delta t` as one symbol: a step, not the product of Delta and t (a t given 0 makes no step 0)."""
        name = "Delta" + (m.group(1) or m.group(2) or m.group(3))
        shown[name] = m.group(0)
        return f"\\mathit{{{name}}}"

    text = DECORATION.sub(decorated, latex)
    text = NESTED_SUBSCRIPT.sub(nested, text)
    text = WORD_NAME.sub(subscripted, text)
    text = JUXTAPOSED.sub(r"\1 \2", text)  # `rmv_\\perp`: r m v_perp, the subscript v's
    text = SUBSCRIPTED.sub(subscripted, text)
    text = DELTA.sub(change, text)
    text = text.replace("\\cdot", " \\cdot ").replace("\\mathrm{d}", "d")
    text = re.sub(r"\\log_([0-9A-Za-z])", r"\\log_{\1}", text)  # `\\log_2 10`: base 2 (SymPy would read base 21)
    text = BARE_ARGUMENT.sub(r"\1(\2) ", text)  # `\\cos x (-\\sin x)`: the cosine of x, times the bracket
    text = ARGUMENT_BEFORE_RATE.sub(r"\1(\2) ", text)
    text = _unbraced_arguments(text)  # SymPy's own `\\sin^{2}{\\left(\\theta \\right)} \\left(a - b\\right)`
    if "\\int" not in text:  # `mgd\\cos\\theta`: d times the cosine, where SymPy's lexer reads a differential `dcos`
        text = D_BEFORE_FUNCTION.sub(lambda m: m.group(0) if m.group(0).startswith("\\") else "{d}", text)
    return text.strip().rstrip(".").strip(), shown


# a named function, a power maybe, and a brace: `\\sin^{2}{`, as SymPy's printer writes its argument's bracket
BRACED_ARGUMENT = re.compile(rf"\\(?:{NAMED_FUNCTIONS})(?![A-Za-z])(?:\^\{{[^{{}}]*\}}|\^\w)?\s*(?=\{{)")


def _unbraced_arguments(text: str) -> str:
    """A function's bracketed argument without the braces around it (`\\sin^{2}{\\left(\\theta \\right)}`, as
    SymPy prints it): SymPy's parser reads a bracket after such braces as part of the argument, sin²(θ(a - b))."""
    for m in reversed(list(BRACED_ARGUMENT.finditer(text))):
        group = brace_group(text, m.end())
        if group is None:
            continue
        inner = group[0].strip()
        if re.fullmatch(r"\\left\s*\(.*\\right\s*\)|\(.*\)", inner, re.DOTALL) and _one_bracket(inner):
            text = f"{text[:m.end()]} {inner} {text[group[1]:]}"
    return text


def _one_bracket(inner: str) -> bool:
    """Whether a bracketed text is one bracket (`(x)(y)` is two)."""
    depth = 0
    for k, char in enumerate(inner):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and k < len(inner) - 1 and char == ")":
            return False
    return True


PARSED: dict[str, Any] = {}  # LaTeX -> SymPy expression (or the exception's name); see load_parses


# SymPy's lexer reads a d before a letter as a differential (`dx`), inside `\\mathit{}` too: `\\mathit{lambdasubQb}`
# (`\\lambda_1`), `\\mathit{xtilde}` would not parse. The parser is given each such name's d as QD (which no coded
# subscript writes), and the names are read back after.
MATHIT_NAME = re.compile(r"\\mathit\{(\w+)\}")
CODED_D = "QD"


def _parse_latex(text: str) -> Any:
    """SymPy's LaTeX parser (ANTLR, about 20 ms a call), once per distinct text and, with a cache file, per run."""
    if text not in PARSED:
        coded = MATHIT_NAME.sub(lambda m: f"\\mathit{{{m.group(1).replace('d', CODED_D)}}}", text)
        try:
            PARSED[text] = _decoded(_sympy()[1](coded)) if coded != text else _sympy()[1](text)
        except Exception as exc:  # noqa: BLE001 - remembered as unparsable
            PARSED[text] = type(exc).__name__
    if isinstance(PARSED[text], str):
        raise Unparsed(text)
    return PARSED[text]


# the cache files' prefix; files of older versions are ignored (`latex-*`, stored evaluated; `unevaluated-*`, from
# before names with a d parsed)
PARSES = "parsed-d"


def _decoded(expr: Any) -> Any:
    """An expression parsed from names spelled with QD (see CODED_D), with their d back: symbols and functions."""
    sympy, _ = _sympy()
    back = {s: sympy.Symbol(s.name.replace(CODED_D, "d")) for s in expr.free_symbols if CODED_D in s.name}
    expr = expr.xreplace(back)
    return expr.replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef) and CODED_D in e.func.__name__,
                        lambda e: sympy.Function(e.func.__name__.replace(CODED_D, "d"))(*e.args))


def parses_file(folder: Path, worker: str) -> Path:
    """Where one process saves its parses for the next run (one file per xdist worker)."""
    return folder / f"{PARSES}-{worker}.pickle"


def load_parses(folder: Path) -> None:
    """Read earlier runs' parses (every `*.pickle` in folder); a damaged file is ignored.

    Unpickled with SymPy's evaluation off, as the LaTeX parser built them: evaluated, `\\sqrt{0.5^2 + 0.5^2}` would
    come back as 0.707 and `2x + 3 - x` as `x + 3`, and a second run would read (and report) otherwise than the first.
    """
    sympy, _ = _sympy()
    for path in sorted(folder.glob(f"{PARSES}-*.pickle")):
        try:
            with path.open("rb") as f, sympy.evaluate(False):
                PARSED.update(pickle.load(f))
        except Exception:  # noqa: BLE001 - a cache never stops a check; it is rebuilt
            continue


def save_parses(path: Path) -> None:
    """Write this run's parses for the next run (atomically: a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(PARSED, f)
    os.replace(tmp, path)


# what may size an evaluation bar: `\\right|`, `\\bigg|`, `\\Big|`
BAR_SIZE = r"(?:\\right\s*|\\[bB]igg?r?\s*)"
# `\\cos(x)|_{x=0}`, `\\left. x^2 \\right|_{x=2}`, `-\\sin(x)_{x=0}`: a side evaluated at a point (a bare
# subscript only right after a bracket closes)
EVALUATED_AT = re.compile(rf"^(?P<body>.*?)\s*{BAR_SIZE}?(?P<bar>\|)?\s*_\{{\s*"
                          r"(?P<name>\\?[A-Za-z]\w*)\s*=\s*(?P<point>[^{}=]+?)\s*\}\s*[.,]?\s*$", re.DOTALL)


# `[\\frac{y^4}{4}]_0^4`, `[\\frac{1}{-4} \\exp(-4t)]_{0}^{\\infty}`: an antiderivative between its two bounds
_BOUND = r"\{[^{}]*\}|\\infty|[^{}\s\\^_]"
BETWEEN_BOUNDS = re.compile(rf"\]\s*(?:_\s*(?P<low>{_BOUND})\s*\^\s*(?P<high>{_BOUND})|"
                            rf"\^\s*(?P<high2>{_BOUND})\s*_\s*(?P<low2>{_BOUND}))")


def _reparsable(value: Any) -> str:
    """A value as LaTeX that parses back to it: each name as one `\\mathit{...}` (`t_1`, coded `tsubQb`, would come
    back as the product t s u b Q b)."""
    sympy, _ = _sympy()
    return sympy.latex(value, symbol_names={s: f"\\mathit{{{s.name}}}" for s in getattr(value, "free_symbols", ())})


def _bounds(m: re.Match[str], variables: set[str]) -> tuple[Any, Any]:
    """The lower and upper bound an evaluation bracket or a definite integral writes (`_0^{\\infty}`), parsed."""
    low, high = (parse(b.strip().removeprefix("{").removesuffix("}"), variables)
                 for b in (m["low"] or m["low2"], m["high"] or m["high2"]))
    return low, high


# `2x^3 - \\frac{1}{7}x^4 \\bigg|_0^{10}`: the same, the whole side before an evaluation bar
EVALUATION_BAR = re.compile(rf"(?:{BAR_SIZE}|(?<!\\))\|\s*(?:_\s*(?:{_BOUND})\s*\^\s*(?:{_BOUND})|"
                            rf"\^\s*(?:{_BOUND})\s*_\s*(?:{_BOUND}))\s*[.,]?\s*(?==|$)")


def _bracket_start(text: str) -> int:
    """Where the round bracket that closes `text` opens, its `\\left` too (0 where none does)."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return i - 5 if text[:i].endswith("\\left") else i
    return 0


def _between_bounds(latex: str, section: Section) -> str:
    """A side with each bracket evaluated between bounds (`[F]_a^b`, or `F \\bigg|_a^b` after the whole side) written
    as the value F(b) - F(a), its one free name the variable (a limit at an infinite bound); Unparsed where the
    bracket has no one variable."""
    sympy, _ = _sympy()
    variables = section._names()
    if (bar := EVALUATION_BAR.search(latex)) and "[" not in latex[:bar.start()]:
        head = re.sub(r"^\s*\\left\s*\.", "", latex[:bar.start()]).rstrip()
        start = _bracket_start(head) if head.endswith(")") else 0  # `1250 - (100x+\\frac{x^3}{12})|^{10}_0`: that
        bounds = re.sub(rf"^{BAR_SIZE}?\|", "", latex[bar.start():]).rstrip(" .,")
        latex = f"{head[:start]}[{head[start:]}]{bounds}"
    while m := BETWEEN_BOUNDS.search(latex):
        depth, rounds, start = 0, 0, -1
        for i in range(m.start(), -1, -1):
            depth += {"]": 1, "[": -1}.get(latex[i], 0)
            rounds += {")": 1, "(": -1}.get(latex[i], 0)
            if rounds < 0:  # `\\pi\\left(\\dfrac{y^2}{2}\\right]_{0}^{4}`: a half-open bracket opens it
                depth, rounds = depth - 1, 0
            if depth == 0:
                start = i
                break
        if start < 0:
            raise Unparsed(latex)
        body = parse(latex[start + 1:m.start()], variables)
        free = [s for s in body.free_symbols if str(s) not in variables]
        low, high = _bounds(m, variables)
        if len(free) > 1:  # `{C\\over 1-\\alpha} [x^{1-\\alpha}]^x_a`: the variable is the name a bound writes
            free = [s for s in free if s in low.free_symbols | high.free_symbols]
        if len(free) != 1:
            raise Unparsed(latex)
        ends = [sympy.limit(body.doit(), free[0], b) if b.has(sympy.oo) else body.subs(free[0], b) for b in (high, low)]
        value = (ends[0] - ends[1]).doit()
        latex = f"{latex[:start]}({_reparsable(value)}){latex[m.end():]}"  # `300000 (4.51)`: a factor, no digits
    return latex


# `\\int_0^4 y^3 dy`, `\\int_{0}^{\\infty} 25 \\exp(-4t) \\, dt`: a definite integral, up to its differential
DEFINITE_INTEGRAL = re.compile(rf"\\int\s*(?:\\limits\s*)?(?:_\s*(?P<low>{_BOUND})\s*\^\s*(?P<high>{_BOUND})|"
                               rf"\^\s*(?P<high2>{_BOUND})\s*_\s*(?P<low2>{_BOUND}))")
DIFFERENTIAL = re.compile(r"(?:\\[,;!: ]|\s)*(?:\\mathrm\{d\}|d)\s*(\\[A-Za-z]+|[A-Za-z])(?![A-Za-z])")


OPENING_BRACE = re.compile(r"\s*\{")


# a lower bound that names the variable (`\\int_{s=t}^{0}`), and a differential with a minus in brackets (`(-ds)`)
NAMED_BOUND = re.compile(r"(\\int\s*_\s*\{)\s*\\?[A-Za-z]+\s*=\s*")
NEGATED_DIFFERENTIAL = re.compile(r"\(\s*-\s*(d\s*\\?[A-Za-z]+)\s*\)")


def _unbraced_integrands(latex: str) -> str:
    """Each definite integral's body written in braces with its differential (`\\int_0^5{t dt}`, valid TeX) as the
    body alone, `\\int_0^5 t dt`, how the differential is found; a bound that names the variable as the bound
    (`\\int_{s=t}^{0}`), and a differential with its minus in brackets (`e^{-s} (-ds)`) as a factor -1."""
    latex = NEGATED_DIFFERENTIAL.sub(r"(-1) \1", NAMED_BOUND.sub(r"\1", latex))
    for m in reversed(list(DEFINITE_INTEGRAL.finditer(latex))):
        opening = OPENING_BRACE.match(latex, m.end())
        depth, k = 1, opening.end() if opening else len(latex)
        while depth and k < len(latex):
            depth += {"{": 1, "}": -1}.get(latex[k], 0)
            k += 1
        if opening and not depth and re.search(DIFFERENTIAL.pattern + r"\s*$", latex[opening.end():k - 1]):
            latex = f"{latex[:m.end()]} {latex[opening.end():k - 1]} {latex[k:]}"
    return latex


def _integrated(latex: str, section: Section) -> str:
    """A side with each definite integral written as its value (`\\int_0^4 y^3 dy` as 64, `\\int_{-10}^{10} f(x) dx`
    with the section's f); Unparsed where one has no differential after its body, its body writes a name the section
    does not know (which may vary with the variable), or SymPy cannot integrate it."""
    sympy, _ = _sympy()
    variables = section._names()
    latex = _unbraced_integrands(latex)
    while found := list(DEFINITE_INTEGRAL.finditer(latex)):
        m = found[-1]  # the innermost first: `\\int_0^1 \\int_1^2 x t \\, dt \\, dx`, t's integral, then x's
        depth, end = 0, None
        for i in range(m.end(), len(latex)):
            depth += {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}.get(latex[i], 0)
            if depth == 0 and i > m.end() and (d := DIFFERENTIAL.match(latex, i)) and latex[m.end():i].strip():
                end = d
                break
        if end is None:
            raise Unparsed(latex)
        var = parse(end.group(1), variables)
        # `\\int_0^L \\psi_1 \\psi_3 dx`: a function written bare in its variable's integral is its value there
        applied: dict[str, Any] = {}  # `\\psi_1(x)`: a subscripted function applied, as its formula there
        text = _subscripted_applied(section, latex[m.end():end.start()], applied)
        body = parse(text, variables | set(applied))
        # an outer integral's variable, its differential after this one's (`\\int_0^1 \\int_1^2 x t \\, dt \\, dx`)
        outer = {n for n in body.free_symbols if re.search(rf"(?<![A-Za-z\\])d\s*{re.escape(str(n))}(?![A-Za-z])",
                                                           latex[end.end():])}
        if any(not (section.knows(str(n)) or str(n) in section.functions) for n in body.free_symbols - {var} - outer
               if str(n) not in applied):
            raise Unparsed(latex)  # `\\int_0^{2\\pi} p \\cos\\theta R d\\theta`: p, defined nowhere, may vary
        body = section.apply_functions(body.subs({sympy.Symbol(k): v for k, v in applied.items()}))
        body = _bare_functions(section, body, {var})
        low, high = _bounds(m, variables)
        value = sympy.integrate(body.doit(), (var, low, high), conds="none")  # the generic value, not a Piecewise
        if value.has(sympy.Integral):
            # `\\int_0^\\infty \\frac{x^3}{e^x - 1} dx`: no closed form SymPy finds
            value = _numerically(sympy.Integral(body.doit(), (var, low, high)))
        elif not value.free_symbols and any(f.func.__name__ not in READ_BACK for f in value.atoms(sympy.Function)):
            value = value.evalf(15)  # `\\int_0^1 e^{-x^2} dx`: erf(1) sqrt(pi)/2, which the reader could not read back
        latex = f"{latex[:m.start()]}({_reparsable(value)}){latex[end.end():]}"
    return latex


# the functions the LaTeX reader reads back, as SymPy writes them (an integral's value in others is given as a number)
READ_BACK = {"exp", "log", "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "sinh", "cosh", "tanh"}


def _numerically(integral: Any) -> Any:
    """A definite integral SymPy cannot do in closed form, as its value to 15 digits (`\\int_0^\\infty
    \\frac{x^3}{e^x - 1} dx`, pi^4/15, Planck's), where it integrates numbers alone; Unparsed otherwise (a parameter
    left in the body, or no finite value)."""
    sympy, _ = _sympy()
    value = integral.evalf(15) if not integral.free_symbols else None
    if value is None or value.has(sympy.Integral) or not value.is_finite:
        raise Unparsed(str(integral))
    return value


# `y = 5/2 - 3/2 x`: a quotient of numbers set apart from the name after it, its coefficient (SymPy reads 3/(2x));
# `1/2x`, written close, stays as it is read
SLASHED_COEFFICIENT = re.compile(r"(?<![\w.}])(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?=\s+\\?[A-Za-z(])")
# a bar as an absolute value's: neither `\\|` (a norm) nor one `\\left` or `\\right` already sizes
BAR = re.compile(r"(?<!\\)(\\left|\\right)?\s*\|")


def _paired_bars(latex: str) -> str:
    """Each absolute value braced, `{|x|}`: a bar opens unless it stands after an operand while one is open; there it
    closes, or opens one inside where the open one holds an operator, an operand follows and enough bars are left
    (`|Q_1 - \\eta |Q_{u1}| T_2|`; `|a| b |c|` is two). SymPy's parser pairs bare bars otherwise (`Q_1 - |Q_2| +
    |Q_2| - T_0 |Q_2|/T_2` read with `|Q_2 Q_2|`), and reads no `\\left|`."""
    bars = list(BAR.finditer(latex))
    out, opened, end = [], [], 0
    for k, m in enumerate(bars):
        before = latex[end:m.start()]
        out.append(before)
        operand = re.search(r"[\w})]\s*$", before) is not None or not before.strip() and out[-2:-1] == ["|}"]
        inside = latex[opened[-1]:m.start()] if opened else ""
        nested = (re.search(r"[-+*/=]|\\(?:cdot|times)", inside) is not None and len(bars) - k - 1 > len(opened)
                  and OPERAND_AFTER.match(latex, m.end()) is not None)
        if m.group(1) == "\\left" or not m.group(1) and not (opened and operand and not nested):
            out.append("{|")
            opened.append(m.end())
        else:
            out.append("|}")
            if not opened:
                return latex
            opened.pop()
        end = m.end()
    out.append(latex[end:])
    return "".join(out) if not opened else latex


# what starts an operand after a bar: a letter, a digit, a bracket, a command that is no operator or spacing
OPERAND_AFTER = re.compile(r"\s*(?:[A-Za-z0-9({]|\\(?!cdot|times|div|pm|mp|right|quad|qquad)[A-Za-z])")

_ENTRIES = r"\(\s*([-−]?\d+(?:\.\d+)?(?:\s*,\s*[-−]?\d+(?:\.\d+)?){2,})\s*\)"
# `(3,-4,12).(12,-8,-6)`, `(1, 2, 3) \cdot (4, 5, 6)`: the dot product of two vectors of three numbers or more written
# out, with a point (as British texts write it) or `\cdot` between them
NUMBER_DOT_PRODUCT = re.compile(rf"(?<![A-Za-z\d\])]){_ENTRIES}\s*(?:\.|\\cdot(?![A-Za-z]))\s*{_ENTRIES}")

# `\\log 2^3`, `\\ln x^2`, `\\log_b a^m`: a logarithm of a number or a letter without brackets, with a power after it,
# which raises the argument (log(2^3)); `\\log^2 x` and `\\ln(x)^2` are not this
LOG_OF_BARE_POWER = re.compile(r"\\(log|ln|lg)(?![A-Za-z])((?:_\{[^{}]*\}|_[0-9A-Za-z])?)\s*(\d+(?:\.\d+)?|[A-Za-z])\s*"
                               r"\^\s*(\{[^{}]*\}|[0-9A-Za-z])")


def _dot_product(m: re.Match[str]) -> str:
    """Two vectors written out and their dot product's sign, as the sum of their entries' products; as written where
    their lengths differ or the first follows braces that close no fraction (`f^{(2)}(1,2,3)`: arguments)."""
    left, right = ([e.strip().replace("−", "-") for e in g.split(",")] for g in m.groups())
    before = m.string[:m.start()].rstrip()
    if len(left) != len(right) or before.endswith("}") and not re.search(r"\\[dt]?frac\{[^{}]*\}\{[^{}]*\}$", before):
        return m.group(0)
    return "(" + " + ".join(f"({a}) \\cdot ({b})" for a, b in zip(left, right)) + ")"


def parse(latex: str, variables: set[str] = frozenset()) -> Any:
    """One side of a statement as a SymPy expression, or Unparsed."""
    sympy, parse_latex = _sympy()
    if (at := EVALUATED_AT.match(latex)) and (at["bar"] or at["body"].rstrip().endswith(")")):
        body, name = parse(re.sub(r"^\s*\\left\s*\.", "", at["body"]), variables), parse(at["name"], variables)
        if name not in getattr(body, "free_symbols", set()):
            # `S_{11} = \\frac{b_1}{a_1} \\Bigg|_{a_2 = 0}`: b_1 and a_1 measured with a_2 at 0, which they depend on
            # in a way the formula does not write
            raise Unparsed(latex)
        return body.subs(name, parse(at["point"], variables))
    latex = _brackets(latex)
    latex = NUMBER_DOT_PRODUCT.sub(_dot_product, latex)  # `(3,-4,12).(12,-8,-6)`: -4
    latex = LOG_OF_BARE_POWER.sub(r"\\\1\2(\3^\4)", latex)  # `\\log 2^3`: log(2^3), as school texts mean it
    if NUMBER_PAIR.search(latex):  # `(40,120)`: a pair, which SymPy would read as 40120
        raise Unparsed(latex)
    latex = SLASHED_COEFFICIENT.sub(r"\\frac{\1}{\2}", latex)
    unindexed = re.sub(r"\\sqrt\s*\[[^\[\]]*\]", r"\\sqrt", latex)  # `\\sqrt[12]{2}`: a root's index, no bracket
    if latex.count("|") % 2 == 0:
        latex = _paired_bars(latex)
    unindexed = _without_series_heads(unindexed)  # `\\sum_{k=1}^{5} k^2`: a sum of a formula in its index is a number
    if UNCHECKABLE.search(unindexed) or latex.count("|") % 2 or re.search(r"_\{[^{}]*[{_]", NESTED_SUBSCRIPT.sub(
            "", latex)) or (  # `C_{p_{\\mathrm{N}}}`
            COLUMNS_IN_PARENS.search(latex)):  # `S = (s_1 \; s_2 \; s_3)`: a matrix of columns, no product
        raise Unparsed(latex)
    if re.search(r"\\(?:mathrm|rm|text)\s*\{\s*[A-Za-z]{2,}\s*\}|\\(?:mathrm|rm|text)\s*\{[^{}]*\^", latex):
        # `\\mathrm{diag}(...)`: an operator named in words, not the product d i a g; `\\mathrm{D^2}`: a unit (the
        # debye, squared) with its power, no name
        raise Unparsed(latex)
    if re.search(r"\\(?:text|mbox|textrm|mathrm)\s*\{[^{}]*[A-Za-z]+\s+[A-Za-z]+[^{}]*\}", latex) or re.search(
            r"(?:\\cdot|\\times|[-+*/])\s*$", latex) or re.search(r"\^\s*\{\s*\(\s*\d+\s*\)\s*\}", latex):
        # `N \\cdot \\mbox{(photon momentum)}`, cut to `N \\cdot`: a quantity described in words; `i^{(2)}`,
        # `y^{(4)}`: a bracketed superscript labels (a nominal rate, a fourth derivative), it is no power
        raise Unparsed(latex)
    if PI_IS_A_NAME.get():  # a probability (see PROBABILITY_PI), not the constant: `\\log(\\frac{\\pi}{1-\\pi})`
        latex = re.sub(r"\\pi(?![A-Za-z])", r"\\mathit{probabilitypi}", latex)
    named_e = E_IS_A_NAME.get() or _names_e(latex)  # `e \\Delta V`: a charge (see NAMED_E)
    if "e" in variables or named_e:  # `e = |f - F|`, an error, then `f(x) = e^x`: a power of e with a letter is Euler's
        latex = EULER_POWER.sub(lambda m: f"\\exp({m.group(1) or m.group(2)})", latex)
    latex = DECIBEL_LOG.sub(r"\1 \\log_{10}", latex)  # `20 \\log(\\frac{1 + \\delta_c}{\\delta_s})`: decibels
    text, _ = _prepare(latex)
    if not text:
        raise Unparsed(latex)
    try:
        expr = _parse_latex(text)
    except Exception as exc:  # the parser raises several kinds
        raise Unparsed(latex) from exc
    if isinstance(expr, (sympy.Eq, sympy.Rel)):
        raise Unparsed(latex)
    written = set(re.findall(r"\\mathit\{(\w+)\}", text)) | set(
        re.findall(r"(?<![\\A-Za-z{])([A-Za-z])(?![A-Za-z])", re.sub(r"\\[A-Za-z]+|\\mathit\{\w+\}", " ", text)))
    found = {str(s) for s in expr.free_symbols} | {type(f).__name__ for f in expr.atoms(sympy.Function)}
    indices = {str(v) for s in expr.atoms(sympy.Sum) for v in s.variables}  # a series' own letter
    if not written <= found | indices | {"e", "d"}:
        raise Unparsed(latex)  # the parser stopped early and dropped part of the formula
    expr = _fix_products(expr, variables | indices | ({"e"} if named_e else set()), latex)
    expr = expr.subs(sympy.Symbol("probabilitypi"), sympy.Symbol("pi"))  # a name pi, which SymPy's parser would not
    # keep
    if (EULER.search(latex) or "i" in STATEMENT_IMAGINARY.get()) and "i" not in variables:
        expr = expr.subs(sympy.Symbol("i"), sympy.I)  # `e^{i\\theta}`, `\\cos\\theta + i \\sin\\theta`: i is imaginary
    if (EULER_J.search(latex) or "j" in STATEMENT_IMAGINARY.get()) and "j" not in variables:
        expr = expr.subs(sympy.Symbol("j"), sympy.I)  # `\\exp(-j\\pi)`: j is imaginary
    expr = expr.subs({sympy.Symbol("imath"): sympy.I, sympy.Symbol("jmath"): sympy.I})  # `\\imath`: TeX's dotless i
    # `\\log_{a} x` as the parser leaves it, log(x, a) unevaluated, differentiates as if its base were e: ln x / ln a
    return _summed(expr.replace(lambda e: isinstance(e, sympy.log) and len(e.args) == 2 and e.args[1] != sympy.E,
                                lambda e: sympy.log(e.args[0]) / sympy.log(e.args[1])), latex)


SUM_SECONDS = 5  # for SymPy to work a sum out; past it, the sum is unread

# `\\sum_{k=1}^{5}`, `\\sum_{m = 1}^{\\infty}`, `\\sum_{k=0}^{n}`: a sum's head with both bounds, over one letter
SERIES_HEAD = re.compile(r"\\sum\s*_\s*\{\s*([a-z])\s*=\s*(?:-?\d+|[a-z])\s*\}\s*\^\s*"
                         r"(?:\d|[A-Za-z]|\\infty|\{\s*(?:\d+|[A-Za-z]|\\infty|[A-Za-z]\s*[-+]\s*\d)\s*\})")


def _without_series_heads(latex: str) -> str:
    """The text with the heads of its sums of a formula in their index taken out (`\\sum_{k=0}^{\\infty} x^k`): such
    a sum is a number or a closed form, which SymPy works out. A sum whose index labels a term (`x_k`, `a_{k+1}`,
    `x^{(k)}`) sums a family the formula does not give, and keeps its head."""
    for head in SERIES_HEAD.finditer(latex):
        letter = re.escape(head.group(1))
        rest = latex[head.end():]
        labels = rf"_\s*(?:\{{[^{{}}]*(?<![A-Za-z\\]){letter}(?![A-Za-z])|{letter}(?![A-Za-z]))|\^\s*\{{\s*\("
        if re.search(labels, rest):
            return latex
    return SERIES_HEAD.sub(" ", latex)


def _summed(expr: Any, latex: str) -> Any:
    """An expression with its sums worked out (`\\sum_{k=1}^{n} k` is n(n+1)/2); a series that converges where the
    text takes it to (`\\sum_{m=1}^{\\infty} x^m`, for |x| < 1) is its sum there. Unparsed where SymPy finds no
    closed form, or where a sum's index also stands outside it."""
    sympy, _ = _sympy()
    if not (sums := expr.atoms(sympy.Sum)):
        return expr
    if any(v in expr.free_symbols for s in sums for v in s.variables):
        raise Unparsed(latex)  # `\\sum_{k=1}^{n} k + k`: the letter means two things
    try:
        with budget(SUM_SECONDS):
            done = expr.doit()
    except (OverBudget, ValueError, TypeError, NotImplementedError, RecursionError) as exc:
        raise Unparsed(latex) from exc
    done = done.replace(lambda e: isinstance(e, sympy.Piecewise) and e.args[-1][0].has(sympy.Sum),
                        lambda e: e.args[0][0])  # the branch where the series converges
    if done.has(sympy.Sum) or done.has(sympy.Piecewise) or done.has(sympy.zoo, sympy.nan):
        raise Unparsed(latex)
    return done


# `e \\Delta V`, `e B`, `\\sqrt{1 - e^2}`: an e that multiplies a name, the eccentricity's `1 - e^2`, or one given a
# value is a name (a charge, an eccentricity, an error); Euler's number stands alone (`-5 - e`) or with its exponent
# (`exp(-t/\\tau)` written without its backslash is the exponential, no e times xp)
NAMED_E = re.compile(r"(?<![A-Za-z\\])e(?!xp\s*\()\s*(?=[A-Za-z]|\\(?:Delta|vec|mathbf|boldsymbol|bf|hat|"
                     r"(?:var)?(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|kappa|lambda|mu|nu|xi|rho|sigma|tau|phi|chi|psi|omega))"
                     r"(?![a-z]))"
                     r"|\b1\s*[-+]\s*e\s*\^\s*(?:2|\{\s*2\s*\})(?![\d.])"
                     # `e = \\frac{c - g^2}{2g}`: an e the text gives a value (an error), unless that value is Euler's
                     # to 1 % (`e \\approx 2.73`: Euler's number, wrong in its last digit)
                     r"|(?:^|\\Rightarrow|\\implies|[;,])\s*e\s*(?:=|\\simeq|\\approx)(?!\s*2\.(?:69|7[0-4]|7(?!\d)))")


def _names_e(latex: str) -> bool:
    """Whether math writes e as a name (see NAMED_E); a subscript's letters label (`T_{eq}`, `k_e`), none is e, nor
    is the e of a word the math spells (`\\begin{equation}`, `\\text{energy}`)."""
    latex = re.sub(r"\\(?:begin|end|text|textrm|mathrm|mbox|operatorname)\s*\{[^{}]*\}", " ", latex)
    return NAMED_E.search(re.sub(r"_\s*(?:\{[^{}]*\}|[A-Za-z0-9])", " ", latex)) is not None


# `(all indices are 0-based)`, `indices start at 0`: the text counts a matrix's rows and columns from 0
COUNTS_FROM_ZERO = re.compile(r"\b(?:0|zero)[- ]?(?:based|indexed)\b|\bindices\s+(?:start|begin)\s+(?:at|from)\s+"
                              r"(?:0|zero)\b", re.IGNORECASE)

# whether the section being read writes e as a name somewhere (then its `(1 - e)` is that name too): see `_e_is_a_name`
E_IS_A_NAME: contextvars.ContextVar[bool] = contextvars.ContextVar("e_is_a_name", default=False)
# whether the section writes pi as a probability (`logit(\\pi) = \\log(\\frac{\\pi}{1-\\pi})`, `\\pi(1-\\pi)`): a name
PI_IS_A_NAME: contextvars.ContextVar[bool] = contextvars.ContextVar("pi_is_a_name", default=False)
# the odds `\\frac{\\pi}{1-\\pi}` and the Bernoulli variance `\\pi(1-\\pi)`: no text writes them of 3.14159
PROBABILITY_PI = re.compile(r"\\frac\s*\{\s*\\pi\s*\}\s*\{\s*1\s*-\s*\\pi\s*\}|\\pi\s*\(\s*1\s*-\s*\\pi\s*\)")
# a notebook that never writes a matrix (no `matrix` in its prose, no matrix environment, transpose or bold name):
# its capitals are numbers, so `\\frac{P l^3}{48 E I}` is a product of scalars, not of matrices that may not commute
MATRIX_EVIDENCE = re.compile(r"matri[xzc]|Matrix|\\begin\{(?:[bpvBV]?matrix|array)\}|\^\s*\{?\s*(?:T|\\top|\\intercal)"
                             r"(?![A-Za-z])|\\mathbf|\\boldsymbol|\\bf\b|operator|tensor|\\otimes", re.IGNORECASE)
WRITES_MATRICES: contextvars.ContextVar[bool] = contextvars.ContextVar("writes_matrices", default=True)
# `I - \\beta A`, `A + I`: I added to a capital, the identity matrix whatever else the notebook writes
IDENTITY_SUM = re.compile(r"(?<![A-Za-z\\])I\s*[-+]\s*\\?[A-Za-z]*\s*[A-Z]|[A-Z]\s*[-+]\s*I(?![A-Za-z])")


# whether the notebook calls its hatted names operators (`We start by defining two new operators $\\hat{p}$ and
# $\\hat{x}$`): products of them need not commute, as a quantum-mechanics text's do not
HATTED_OPERATORS: contextvars.ContextVar[bool] = contextvars.ContextVar("hatted_operators", default=False)
OPERATOR_WORD = re.compile(r"\boperators?\b", re.IGNORECASE)
HATTED = re.compile(r"\\(?:hat|widehat)\s*\{?\s*(\\?[A-Za-z]+)")


def _e_is_a_name(nb: Any, indices: list[int]) -> bool:
    """Whether a section's math writes e as a name anywhere (`e \\Delta V`, `1 - e^2`): one letter means one thing
    in a section, so its other e's (`\\frac{\\ell}{2(1-e)}`) are that name too."""
    return any(_names_e(span_math(m))
               for i in indices if nb.cells[i].cell_type == "markdown" for m in MATH_RE.finditer(nb.cells[i].source))


# `x[n] = \\sin(2\\pi n \\Delta t)`: a discrete-time signal, its term n in square brackets
SEQUENCE = re.compile(r"(?<![\\A-Za-z])([a-z])\[\s*([nkm])\s*\]")
# the letters a notebook writes as a sequence's index (`x[n]`): whole numbers, so `\\cos(2\\pi \\frac{2}{3} n) =
# \\cos(2\\pi \\frac{1}{3} n)` (aliasing) holds where it holds at every whole n
INDICES: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("indices", default=frozenset())


def _brackets(latex: str) -> str:
    """Square brackets that group (`\\frac{d}{dx}[3x^2 - 4x]`, `\\log[\\beta + \\cos[z]]`, innermost first) as
    parentheses; an interval or list keeps them, and so does a root's index (`\\sqrt[12]{2}`)."""
    latex = SEQUENCE.sub(r"\1_{\2}", latex)  # `x[n]`: a sequence's term, a name of its own, not x at n
    while (grouped := re.sub(r"(?<!\\sqrt)\[([^\[\],]*)\]", r"(\1)", latex)) != latex:
        latex = grouped
    return latex


def _fix_products(expr: Any, variables: set[str], latex: str = "") -> Any:
    """`y(1-y)` read as applying a function y: make it a product when y is a variable; `e` is Euler's number. `latex`:
    the text read, whose brackets say what a power raises."""
    sympy, _ = _sympy()
    # `\\frac{\\varphi^\\kappa - 1}{\\kappa (\\varphi-1)}`: a name the formula also writes as a value is a variable
    values = {str(s) for s in expr.free_symbols}

    def product(app: Any) -> bool:
        """Whether `y(...)` is y times the bracket: y is a variable, or a letter no text uses for a function."""
        name = type(app).__name__
        if name == "pi" and len(app.args) == 1 and not isinstance(app.args[0], sympy.Symbol):
            return "pi" not in variables  # `2 \\pi (\\frac{2}{3} - 1) n`: the number times the bracket; a policy
            # `\\pi(s)` is applied to a name
        if len(app.args) != 1 or app.args[0].is_number:
            return False  # `y(0) = -1`: a value at a point, never y times 0
        if isinstance(app.args[0], sympy.Symbol) and name not in variables:
            return False  # `C = B(C)`, `y(\\omega)`: a map applied to a name, unless B is a variable of the section
        return name in variables | values or (len(name) == 1 and name not in FUNCTION_LETTERS)

    # `x(\ln x)^2` is x times (ln x)^2: the power belongs to the bracket, not to the product; a denominator's -1
    # (`\frac{y-t}{y(1-y)}`) belongs to the whole product
    # ... unless a bracket of its own holds the product: `(r(\\cos\\theta + i\\sin\\theta))^n` raises r too
    powers = {p: (sympy.Symbol(type(p.base).__name__) * p.base.args[0]) ** p.exp
              if re.search(rf"\(\s*\\?{re.escape(type(p.base).__name__)}\s*\(", latex) else
              sympy.Symbol(type(p.base).__name__) * p.base.args[0] ** p.exp for p in expr.atoms(sympy.Pow)
              if isinstance(p.base, sympy.core.function.AppliedUndef) and product(p.base) and p.exp != -1}
    expr = expr.xreplace(powers)
    replacements = {app: sympy.Symbol(type(app).__name__) * app.args[0]
                    for app in expr.atoms(sympy.core.function.AppliedUndef) if product(app)}
    expr = expr.xreplace(replacements)
    if "e" not in variables:
        expr = expr.subs(sympy.Symbol("e"), sympy.E)
    if "pi" not in variables:
        expr = expr.subs(sympy.Symbol("pi"), sympy.pi)  # `\\pi` is the number unless the section defines pi
    return expr


@dataclass
class Reading:
    """What one statement is, and what checking it found."""

    statement: str
    cell: int
    kind: str  # input, definition, derivative, identity, arithmetic, number, unparsed, unchecked
    ok: bool | None = None  # None: not a claim, or not checkable
    message: str = ""
    reason: str = ""  # why an unchecked or unparsed statement stays unchecked
    part: str = ""  # the part of the statement a failure was found in, read as a statement of its own ("": all of it)


class Inputs(dict):
    """A section's values by name, each whole number kept as an int: SymPy computes with it exactly, so `\\frac{-b +
    \\sqrt{b^2-4}}{2}` at b = 10^9 is -1e-9, not the 0 that float cancellation leaves."""

    def __setitem__(self, name: str, value: Any) -> None:
        whole = isinstance(value, float) and value.is_integer() and abs(value) < 2.0 ** 63
        super().__setitem__(name, int(value) if whole else value)

    def update(self, *args: Any, **values: Any) -> None:
        """As dict.update, each value kept as `__setitem__` keeps it."""
        for name, value in dict(*args, **values).items():
            self[name] = value


@dataclass
class Section:
    """Definitions and inputs met so far in one section, and the readings of its statements."""

    definitions: dict[str, Any] = field(default_factory=dict)  # name -> expression in direct inputs
    functions: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (variable, expression)
    # `\\frac{\\partial h(f,g)}{\\partial f}` with f and g defined: h applied to them; its bare name, differentiated by
    # what they depend on, is that composition (`\\frac{\\partial h}{\\partial x}`, backpropagation's h(f(x,y), g(x,y)))
    composed: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    inputs: dict[str, float] = field(default_factory=lambda: Inputs())
    # an input written as a measurement (`k = 8.99 \\times 10^9`): half a unit of its last digit, which a number
    # derived from it may be off by (`\\epsilon_0 = 1/(4\\pi k) = 8.854 \\times 10^{-12}`)
    measured: dict[str, float] = field(default_factory=dict)
    adjoint: str | None = None  # `\bar{v}` means dL/dv for this L (notation lasts for the whole notebook)
    head: str = ""  # the name the chain being read defined by its first link (see `_links`)
    opening: str = ""  # the chain's first side, where it is no name its first link defined (`\\eta_o - \\eta_d`)
    # the link being read is an `=` after the chain's `\\approx`: a step of algebra on the approximation, its sides
    # forms of one quantity (`y[1] \\approx ... = 0 + \\frac{T}{RC}(1 - 0) = \\frac{T}{RC}`)
    approximated: bool = False
    # the links after a differential equation's rate are read (see `_rewritten_rate`): a function nothing defines at a
    # number (`R(0)` in `K = \\epsilon R(0) + N(0)`) is a constant, sampled as a name is; elsewhere such a value may be
    # one the text gives in words (`y[-1] = 0`, the auxiliary condition), and the link stays undecided
    constants: bool = False
    # `x! \\approx x^x e^{-x}` (Stirling's rule, for large x): an expression the text approximates, squeezed of
    # spaces, and the formula it uses for it from here on
    approximations: dict[str, str] = field(default_factory=dict)
    inherited: set[str] = field(default_factory=set)  # definitions and functions an earlier section gave
    heading: str = ""
    origin: dict[str, str] = field(default_factory=dict)  # inherited name -> heading of the section that defined it
    tables: dict[str, tuple[str, str]] = field(default_factory=dict)  # `H_{ij} = ...`: H -> (f, x), f's Hessian
    vectors: dict[str, Any] = field(default_factory=dict)  # `v = (1, 0, 1)`: a vector of numbers (SymPy)
    random: dict[str, Distribution] = field(default_factory=dict)  # `X \sim \mathcal{N}(0, 1)`: name -> distribution
    random_under: dict[str, str] = field(default_factory=dict)  # name -> the subsection that stated its distribution
    guessed: set[str] = field(default_factory=set)  # names whose definition read `v(s)` as a product: not carried
    # names whose definition uses a name the section then gave a value (`A = 3 - B`, then `B = -1`): steps of solving
    # this section's example, whose values are not carried either
    solved: set[str] = field(default_factory=set)
    # functions the last definition of which was one example of a list of several (`* $f(x) = \\cos(x)$.`)
    examples: set[str] = field(default_factory=set)
    subsection: str = ""  # the `###` heading statements are read under, "" before the first
    opened_by: str = ""  # the words that opened this subsection, where a line of prose did (see EXAMPLE_OPENER)
    defined_under: dict[str, str] = field(default_factory=dict)  # name -> the subsection that last defined it
    defined_in: dict[str, int] = field(default_factory=dict)  # name -> the cell that last defined it
    cell: int = -1  # the cell of the statement being read
    dependent: set[tuple[str, str]] = field(default_factory=set)  # (theta, xi): the text writes theta(xi) or dtheta/dxi
    real: set[str] = field(default_factory=set)  # `\\Sigma, \\Omega \\in \\mathbb{R}`: names the text declares real
    # `\\sigma(x) = \\frac{1}{1 + e^{-cx}}, c > 0`: parameters the text gives a range, not a value: a family's
    ranged: set[str] = field(default_factory=set)
    # name -> its definition and the chain's other links, where a link between them related names nothing defines
    # (`T_n = \frac{1}{\Delta t}[U_{n+1} - u_{n+1}] = \frac{1}{\Delta t}[(1 + \lambda\Delta t) u_n - u_{n+1}]`):
    # the text gives the name two forms, and a later step may use either
    forms: dict[str, tuple[Any, list[str]]] = field(default_factory=dict)
    # a step of an algorithm's names (`x_{k+1} = x_k - ...`): whether it makes the name (the current one only stands
    # for the step where nothing else defines it), and the names the step writes
    steps: dict[str, tuple[bool, frozenset[str]]] = field(default_factory=dict)
    # name -> how many formulas this section gave it (`y = b x^a`, then `y = b e^{ax}`: 2)
    formulas: dict[str, int] = field(default_factory=dict)
    # what a requirement (`We require $b_{kl} = 0$`) makes zero: later claims are checked where it is
    required: list[Any] = field(default_factory=list)
    # what a relation between names nothing defines (`m_1r_1 = m_2r_2`, listed among a model's relationships) makes
    # zero: a later claim in all of its names is checked where it holds
    related: list[Any] = field(default_factory=list)
    # the numbers the code cells right before the cell being read print: what its text may go on to report
    printed: list[float] = field(default_factory=list)
    # label -> (the line, its value) for each `label = value` line the code cells right before print (`yt = 900.0`)
    labels: dict[str, tuple[str, float]] = field(default_factory=dict)
    # name -> variable, while one claim is read whose other side writes the name's derivative by it and whose left
    # differentiates an expression in it (`\\frac{d}{dt}\\sin\\theta = \\dot{\\theta}\\cos\\theta`): the name is a
    # function of that variable there, its derivative a name of its own (see `implicit_derivative`)
    implicit: dict[str, str] = field(default_factory=dict)
    # the names a chain's first side gives a function the section defines (`\\log\\frac{\\sigma(\\theta_0 +
    # \\theta_1 x)}{...} = \\log(\\exp(\\theta_0 + \\theta_1 x)) = \\theta_0 + \\theta_1 x`), while its links are read
    arguments: set[str] = field(default_factory=set)
    # the variables of the function a chain's first link defines (`f(x,y) = 2x^2 + 20y^2 = ...`): its later links hold
    # for every value of them, whatever inputs the prose gave x or y elsewhere
    variables: frozenset[str] = frozenset()
    # an application of a function nothing defines, as written without spaces, -> the number the text gives it
    # (`P(S_i) = \\frac{1}{365}`, a probability): where the text writes it again, it stands for that number
    at: dict[str, Any] = field(default_factory=dict)
    at_cell: dict[str, int] = field(default_factory=dict)  # the cell that gave each of those numbers
    # equations the text set out to solve or stated as conditions (`Solve $e^x - \\sin(x) = 3x^2$ on [0, 2]`), as
    # `_normal` spells them: written again (`The solution of $e^x - \\sin(x) = 3x^2$ is ...`), each is that equation
    equations: set[str] = field(default_factory=set)
    # a decimal the text rounded a closed form to (`5\\sqrt{100} = 2.51 = 100^{\\frac{1}{5}}`) -> that form's value:
    # where the text uses the decimal again (`5 = \\log_{2.51}{100}`), it may mean the number it rounds
    rounded: dict[str, float] = field(default_factory=dict)
    # `T_{c} = 507.5 \\mathrm{K}`: a quantity given with its unit -> (number, unit); used in a claim in that unit only
    quantities: dict[str, tuple[float, str]] = field(default_factory=dict)

    def carries(self, heading: str) -> Section:
        """The next section: this one's definitions and functions (not its inputs) carried forward as inherited.

        Not carried: a generic function (`f`, `g`, `h`: texts name each example's function so), a variable named e
        (an error `e = |f - F|`: later sections' e is Euler's number), a name whose
        definition reads a letter before brackets as a product (`z = v(u(x))`), a guess a later section may not share,
        and a name this section gave several formulas (models, one after another: a later section means none of them),
        or whose formula uses a name the section gave a value after it (`A = 3 - B`, then `B = -1`: its example solved).
        """
        names = {n for n in self.definitions if n not in self.guessed | self.solved and n != "e"  # e: Euler's, again
                 and self.formulas.get(n, 0) < 2}  # one of several models this section wrote: which one is meant later?
        names |= {n for n in self.functions if n not in FUNCTION_LETTERS}
        origin = {**self.origin, **{n: defined_where(self.heading, self.defined_under.get(n, ""))
                                    for n in names if n not in self.inherited}}
        return Section({n: d for n, d in self.definitions.items() if n in names},
                       {n: f for n, f in self.functions.items() if n in names}, adjoint=self.adjoint, inherited=names,
                       heading=heading, origin=origin, tables=dict(self.tables), random=dict(self.random),
                       random_under=dict(self.random_under),
                       dependent=set(self.dependent), defined_in=dict(self.defined_in),
                       forms={n: f for n, f in self.forms.items() if n in names}, steps=dict(self.steps),
                       # a heading repeated word for word (slides: `## Discussion of Jacobi's method`, again) goes on
                       # with the same discussion, under what it required
                       required=list(self.required) if heading.strip() == self.heading.strip() else [],
                       related=list(self.related) if heading.strip() == self.heading.strip() else [])

    def sources(self, statement: str) -> set[str]:
        """The earlier sections whose definitions a statement reaches (through the definitions it uses), and those
        whose definitions use a name it writes that what it reaches does not (`U x = b`, with x = A^{-1} b from one
        example and U from another's `y = U x`)."""
        reached = self.reached(statement)
        found = {self.origin[n] for n in reached & self.inherited if n in self.origin}
        used = {str(s) for n in reached for s in getattr(self.definitions.get(n), "free_symbols", ())}
        for name in self.inherited & set(self.definitions) - reached:
            foreign = {str(s) for s in self.definitions[name].free_symbols} - used - reached
            if name in self.origin and any(_written_in(leaf, statement) for leaf in foreign):
                found.add(self.origin[name])
        return found

    def elsewhere(self, statement: str) -> set[str]:
        """The other subsections (`###`) of this section whose definitions or values a statement reaches: each gives an
        example of its own (`### Exponential`: $y(t) = e^t$, then `### Non-linear`: $y' = y^2$, another y). Under
        words that opened another example, the section's text before them is one too (`r_x` of the example before
        `For instance, let's look at the following state:`)."""
        reached = self.reached(statement)
        leaves = {str(x) for n in reached for x in getattr(self.definitions.get(n), "free_symbols", ())}
        coded = _prepare(statement)[0]
        given = {n for n in self.inputs if n in leaves or _written_in(n, statement) or _written_in(n, coded)}
        shared = ("", self.subsection) if not self.opened_by else (self.subsection,)  # "": the section's own
        return {self.defined_under[n] or f"the text before '{self.opened_by}'"
                for n in (reached | given) - self.inherited if self.defined_under.get(n, self.subsection) not in shared}

    def beside_own_example(self, statement: str) -> set[str]:
        """The earlier sections' subsections whose example a statement reads together with a definition this
        subsection (`###`) gives: two examples (`#### Examples`: x = x_1 e_1 + x_2 e_2 + x_3 e_3; later, `### More
        Columns than Rows`: a_1 = \\alpha a_2 + \\beta a_3, then Ax = x_1 a_1 + ...), the new one meaning its own x.
        In a subsection headed as an example (`### An example: the tetherball`), any earlier section's definition: the
        example sets its own scenario (`v` is its 15.0 mph, not an earlier `v = 2\\pi r/T`), and so is what a derivative
        differentiates (`dC_A/dt = -k` under `## Problem 2:`, beside an earlier section's C_A)."""
        reached = self.reached(statement) | self.differentiated(statement)
        # `### An example: the tetherball`; a section headed by a numbered question (`# Q9 - Consider the Earth-Moon
        # System ...`), whose data are its own as an example's are
        question = QUESTION_HEADING.match(self.heading.lstrip("# ")) is not None
        example = EXAMPLE_HEADING.search(self.subsection) is not None or question
        if not (self.subsection or question) or not example and not any(self.defined_under.get(n) == self.subsection
                                                          for n in reached - self.inherited):
            return set()
        return {self.origin[n] for n in reached & self.inherited if n in self.origin and (
            example or " / " in self.origin[n])}

    def differentiated(self, statement: str) -> set[str]:
        """The defined names (as the reader keys them: `CsubA` for C_A) a statement's derivatives differentiate."""
        return {key for m in DIFFERENTIATED.finditer(statement)
                if (key := _function_key(m.group(1))) in self.definitions or key in self.functions}

    def _read_names(self, statement: str) -> list[str]:
        """The names SymPy reads in a statement's sides, as written (before any definition is put in)."""
        found = []
        for side in _sides(statement):
            try:
                found += [str(s) for s in _side(self, side).free_symbols]
            except (LookupError, ValueError):  # a side the reader cannot read (Unparsed is a ValueError)
                continue
        return found

    def reached(self, statement: str) -> set[str]:
        """The defined names a statement uses, and those their definitions use, and so on."""
        coded = _prepare(statement)[0]  # `U_{n+1}` is the reader's UsubnQyQb, and x_1 writes no x
        todo = [n for n in self.inherited | set(self.definitions) | set(self.functions) if _written_in(n, coded)]
        todo += [n for n in self._read_names(statement)  # `\frac{mv^2}{r}` writes v, which no word boundary shows
                 if n in self.inherited or n in self.definitions or n in self.functions]
        reached: set[str] = set()
        while todo:
            name = todo.pop()
            if name not in reached:
                reached.add(name)
                body = self.definitions.get(name, self.functions.get(name, (None, None))[1])
                # a function's own variables are bound (`f(x) = x^2` reads no x an earlier section defined)
                bound = {str(v) for v in _variables(self.functions[name][0])} if (
                    name in self.functions and name not in self.definitions) else set()
                todo += [str(s) for s in getattr(body, "free_symbols", ()) if str(s) not in bound]
                todo += [type(f).__name__ for f in getattr(body, "atoms", lambda *_: ())(_sympy()[0].Function)]
        return reached

    def set_aside(self, name: str) -> None:
        """Forget what the section (or an earlier one) defined a name or function as: the text now gives it anew."""
        self.definitions.pop(name, None)
        self.functions.pop(name, None)
        self.inherited.discard(name)

    @contextmanager
    def unchanged(self) -> Iterator[None]:
        """Read within this block without keeping what it defines or gives (a condition, a step of solving)."""
        kept = dict(self.definitions), dict(self.inputs), dict(self.at)
        try:
            yield
        finally:
            for now, then in zip((self.definitions, self.inputs, self.at), kept):
                now.clear()  # in place: the matrix reader shares the inputs dict (a new one would leave it a stale
                now.update(then)  # copy, and `c = 1` after a percentage unknown to it)

    @contextmanager
    def given(self, values: dict[str, float]) -> Iterator[None]:
        """Read within this block with these names given values (quantities in a claim's unit), dropped after."""
        self.inputs.update(values)
        try:
            yield
        finally:
            for name in values:
                self.inputs.pop(name, None)

    @contextmanager
    def approximating(self, after: bool) -> Iterator[None]:
        """Read within this block as a link after the chain's `\\approx` where `after` says so (see `approximated`)."""
        self.approximated = after
        try:
            yield
        finally:
            self.approximated = False

    def own(self, name: str) -> bool:
        """Whether this section itself defined the name (a variable or a function), not an earlier one."""
        return (name in self.definitions or name in self.functions) and name not in self.inherited

    # ---------------------------------------------------------------- substitution

    def _names(self) -> set[str]:
        """Every name the section has met so far: defined or given a value."""
        return set(self.definitions) | set(self.inputs)

    def apply_functions(self, expr: Any) -> Any:
        """Replace each application of a defined function by its definition."""
        sympy, _ = _sympy()
        for _ in range(10):
            apps = {app: self.functions[type(app).__name__] for app in expr.atoms(sympy.core.function.AppliedUndef)
                    if type(app).__name__ in self.functions and len(app.args) == len(_variables(
                        self.functions[type(app).__name__][0]))}
            if not apps:
                return expr
            expr = expr.xreplace({app: body.subs(dict(zip(_variables(var), app.args)), simultaneous=True)
                                  for app, (var, body) in apps.items()})
        return expr

    def expand(self, expr: Any, only: set[str] | None = None) -> Any:
        """Substitute definitions (all, or `only` these names) until none is left."""
        sympy, _ = _sympy()
        expr = self.apply_functions(expr)
        for _ in range(20):
            subs = {sympy.Symbol(n): self.apply_functions(d) for n, d in self.definitions.items()
                    if (only is None or n in only) and sympy.Symbol(n) in expr.free_symbols}
            # `S_0 = S(0)` for `S(t) = \\frac{(S_0 + I_0) ...}{...}`: a name its own definition writes again is a
            # relation it satisfies, not a value; put in, it would grow the expression at each round
            subs = {name: value for name, value in subs.items() if name not in value.free_symbols}
            if not subs:
                return expr
            expr = expr.subs(subs)
        return expr

    def descendants(self, name: str) -> set[str]:
        """Every defined name that depends on `name`, directly or through other names."""
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for n, d in self.definitions.items():
                deps = {str(s) for s in d.free_symbols}
                if n not in found and deps & (found | {name}):
                    found.add(n)
                    changed = True
        return found

    def knows(self, name: str) -> bool:
        """Whether the section mentions a name: defined, given a value, or used by a definition or a function."""
        leaves = {str(s) for d in self.definitions.values() for s in d.free_symbols}
        leaves |= {str(v) for var, _ in self.functions.values() for v in _variables(var)}
        return name in leaves or name in self._names()

    def determines(self, *exprs: Any) -> bool:
        """Whether the definitions fix these expressions: once substituted, only their leaves and inputs are left."""
        sympy, _ = _sympy()
        leaves = {str(s) for d in self.definitions.values() for s in d.free_symbols} | set(self.inputs)
        leaves |= {str(v) for var, _ in self.functions.values() for v in _variables(var)}
        full = [self.expand(e) for e in exprs]
        expanded = set().union(*({str(s) for s in e.free_symbols} for e in full))
        # `f(0) = \\frac{1}{4}` with f defined: a number once f is applied, determined (an undefined g(0) is not)
        return expanded <= leaves and not any(e.atoms(sympy.core.function.AppliedUndef) for e in full)

    # ---------------------------------------------------------------- derivatives

    def local(self, a: str, b: str) -> Any | None:
        """The local partial of A's definition with respect to its direct input B (None if B is not one)."""
        sympy, _ = _sympy()
        if a not in self.definitions or sympy.Symbol(b) not in self.definitions[a].free_symbols:
            return None
        return sympy.diff(self.apply_functions(self.definitions[a]), sympy.Symbol(b))

    def total(self, expr: Any, b: str) -> Any:
        """The total derivative of an expression with respect to B: every path from B, the rest held fixed."""
        sympy, _ = _sympy()
        return sympy.diff(self.expand(expr, only=self.descendants(b)), sympy.Symbol(b))

    def readings_of(self, notation: str, target: Any, var: str) -> tuple[Any, Any | None]:
        """(what the notation means, the other reading or None) for d/d or partial/partial of target by var."""
        sympy, _ = _sympy()
        if (implicit := self.implicit_derivative(target, var)) is not None:
            return implicit, None
        used = {str(s) for s in target.free_symbols} | {type(f).__name__ for f in target.atoms(sympy.Function)}
        explicit = not isinstance(target, (sympy.Symbol, sympy.core.function.AppliedUndef))
        if not explicit and not used & (set(self.definitions) | set(self.functions)):
            raise LookupError("nothing in reach defines what is differentiated")
        known = {str(s) for d in self.definitions.values() for s in d.free_symbols} | self._names()
        known |= {str(v) for arguments, _ in self.functions.values() for v in _variables(arguments)}
        if var not in known and sympy.Symbol(var) not in self.expand(target).free_symbols and (
                used & self.inherited or used - set(self.definitions) - set(self.functions)):
            # `\\partial \\rho / \\partial t`, with t a name nothing in reach mentions and rho one nothing defines,
            # or one an earlier section defined: not zero, but a dependence the text leaves untold here
            raise LookupError(f"nothing in reach says how {', '.join(sorted(used))} depends on {var}")
        local = self.local(str(target), var) if isinstance(target, sympy.Symbol) else None
        total = self.total(target, var)
        return (local, total) if notation == "\\partial" and local is not None else (total, local)

    def implicit_derivative(self, target: Any, var: str) -> Any | None:
        """The derivative by var of an expression in names the claim has depend on var (θ in `\\frac{d\\theta}{dt}`):
        the chain rule through each, whose derivative is a name (`\\dot{\\theta}`); None if it uses none of them."""
        sympy, _ = _sympy()
        by = sympy.Symbol(var)
        expr = self.expand(target)
        functions = {s: sympy.Function(s.name)(by) for s in expr.free_symbols if self.implicit.get(s.name) == var}
        if not functions:
            return None
        names = {f: s for s, f in functions.items()}
        derivative = sympy.diff(expr.xreplace(functions), by)
        derivative = derivative.replace(
            lambda e: isinstance(e, sympy.Derivative) and e.expr in names,
            lambda e: sympy.Symbol(_derivative_name(names[e.expr].name, var, e.derivative_count)))
        return derivative.xreplace(names)

    # ---------------------------------------------------------------- comparing

    def _infinite_left(self, left: Any, right: Any) -> bool:
        """Whether the side computed is infinite at the section's inputs (`\\log 0`, `\\tan \\frac{\\pi}{2}`) and
        the side claimed a finite number: they differ, where `0 \\cdot \\log 0`, no number at all, decides nothing,
        and a claimed `\\infty` (`\\mu = 0 \\Rightarrow \\lambda = \\infty`) may mean a value the inputs miss."""
        sympy, _ = _sympy()
        stated, claimed = (self.expand(side).subs({sympy.Symbol(n): v for n, v in self.inputs.items()})
                           for side in (left, right))
        return stated in (sympy.oo, -sympy.oo, sympy.zoo) and claimed.is_number and claimed.is_finite is True

    def _apart(self, left: Any, right: Any) -> complex:
        """The two sides' difference at the inputs, each worked out on its own to 30 digits: a decimal on one side is
        not summed with the other's terms first, which rounds them (`\\frac{-b+\\sqrt{b^2-4}}{2} = -1.0 \\times
        10^{-9}` at b = 10^9, where -b/2 + 1.0e-9 is -500000000.0 in 15 digits); infinite where a side is no number."""
        sympy, _ = _sympy()
        point = {sympy.Symbol(n): v for n, v in self.inputs.items()}
        try:
            return complex(sympy.N(self.expand(left).subs(point), 30) - sympy.N(self.expand(right).subs(point), 30))
        except (TypeError, ValueError):
            return complex(math.inf)

    def same(self, left: Any, right: Any, decimals: int | None = None, free: frozenset[str] = frozenset(),
             approximate: bool = False) -> bool:
        """Equal once every definition is substituted (and, for a number, at the section's inputs).

        A claim about a variable (`free`: what is differentiated by, a function's argument) holds for
        every value of it: an input the prose gave it elsewhere (`at x = 0`) is not used. A number
        written after `\\approx` is rounded at its last digit, an integer too (`notebook.tolerance`).
        """
        sympy, _ = _sympy()
        difference = self.expand(left) - self.expand(right)
        if decimals is None and not self.expand(right).free_symbols:
            decimals = 12  # the claimed side is a number: compare at the section's inputs
        if decimals is not None:
            value = difference.subs({sympy.Symbol(n): v for n, v in self.inputs.items()})
            written = getattr(left, "free_symbols", set()) | getattr(right, "free_symbols", set())
            if value.free_symbols and value.free_symbols <= written and sympy.count_ops(value) <= 60:
                # `\\frac{\\pi r^2}{4r^2}`: a value no value of r changes, r written in the claim itself (not a name
                # a definition brought in, which may be a misreading)
                value = sympy.simplify(value)
            if value.free_symbols:
                raise LookupError("not every input has a value")
            try:  # `(-5 + 2i) + (1 + i)\\,2i = -7 + 4i`: complex numbers, compared by the size of their difference
                if not cmath.isfinite(complex(value)):
                    if self._infinite_left(left, right):
                        return False  # `\\log_{10} \\omega = 0` at omega = 0: no number is infinite
                    raise LookupError("a side has no value there (such as 0 \\cdot \\log 0)")
            except TypeError:
                raise LookupError("the difference is not a number") from None
            scale = self.expand(right).subs({sympy.Symbol(n): v for n, v in self.inputs.items()})
            slack = tolerance(0.0 if scale.free_symbols else abs(complex(scale)), decimals, approximate)
            slack += self._measurement_slack(difference)
            return abs(complex(value)) <= slack or abs(self._apart(left, right)) <= slack
        # a long difference (an iteration's formulas nested: p_3 through p_2 through p_1) is expanded only where the
        # samples cannot decide it, as expanding it can take minutes
        short = sympy.count_ops(difference) <= EXPANDED_OPS
        if short and sympy.expand(difference) == 0:
            return True
        # Otherwise evaluate the difference at fixed points: one where it is not zero settles the claim
        # as false; zero at all of them (for these elementary functions) as true, without a slow simplify.
        try:
            held = self._zero_at_samples(difference, free)
        except LookupError:
            if not short and sympy.expand(difference) == 0:
                return True
            raise
        if not held and (indices := {s for s in difference.free_symbols if str(s) in INDICES.get()}):
            with contextlib.suppress(LookupError):
                held = self._zero_at_samples(difference, free, indices)
        if not held and (unit := self._engineers_j(difference)) is not None:
            # `\frac{\underline{i}}{jC\omega} = \frac{\underline{e}}{jRC\omega - LC\omega^2 + 1}`: j, which
            # nothing defines, as electrical engineers write the imaginary unit; a claim that holds with j^2 = -1,
            # for names of either sign (`|j\omega_c| = \omega_c` only for a positive one), holds
            complex_ = difference.subs(unit, sympy.I)
            flipped = complex_.subs({s: -s for s in complex_.free_symbols}, simultaneous=True)
            with contextlib.suppress(LookupError):
                held = self._zero_at_samples(complex_, free) and self._zero_at_samples(flipped, free)
        return held

    def _engineers_j(self, difference: Any) -> Any:
        """The symbol j (or else i) in a difference, where nothing in reach gives it a value or a formula and no sum
        runs over it; else None."""
        for unit in sorted((s for s in difference.free_symbols if str(s) in ("j", "i")), key=str, reverse=True):
            name = str(unit)  # `(a + bi)(c + di) = (ac - bd) + (ad + bc)i`: i, as mathematicians write it
            if not (name in self.definitions or name in self.inputs or name in self.functions or name in INDICES.get()):
                return unit
        return None

    def _measurement_slack(self, difference: Any) -> float:
        """How far a number derived from measured inputs may be off by their rounding alone: each one's half unit
        of its last digit, carried through the difference to first order (`k = 8.99 \\times 10^9`: to 0.06 %)."""
        sympy, _ = _sympy()
        point = {sympy.Symbol(n): v for n, v in self.inputs.items()}
        slack = 0.0
        for name, half in self.measured.items():
            symbol = sympy.Symbol(name)
            if symbol not in difference.free_symbols:
                continue
            try:
                slack += abs(float(sympy.diff(difference, symbol).subs(point))) * half
            except (TypeError, ValueError):
                return 0.0
        return slack

    def _zero_at_samples(self, difference: Any, free: frozenset[str] = frozenset(), whole: set[Any] = frozenset()
                         ) -> bool:
        """Whether a difference vanishes at a few points (inputs at their values, other names at 0.3 .. 1.7; the
        `whole` ones, a sequence's index, at whole numbers 1 .. 9)."""
        sympy, _ = _sympy()
        difference = _applied_constants(difference) if self.constants else difference
        symbols = sorted(difference.free_symbols, key=str)
        inputs = {n: v for n, v in self.inputs.items() if n not in free}
        evaluated = 0
        for k in range(5):
            sample = {s: 1 + 2 * ((k + i) % 5) if s in whole else 0.3 + 0.35 * ((k + i) % 5)
                      for i, s in enumerate(symbols)}
            # an input where the difference has no value (`x = 0` beside `5 \\log(x)`): the claim cannot mean it there
            value = _complex(difference, {s: inputs.get(str(s), v) for s, v in sample.items()})
            value = _complex(difference, sample) if value is None else value
            if value is None:
                continue  # a point where a side has no value (0/0) says nothing either way
            evaluated += 1
            if abs(value) > 1e-9 * max(1.0, abs(value)):
                return False
        if not evaluated:
            raise LookupError("the difference could not be evaluated")
        return True

    def valued(self, expr: Any, decimals: int | None) -> str:
        """An expression for a message, with its value at the section's inputs when a number was claimed."""
        sympy, _ = _sympy()
        shown = self.show(expr)
        if decimals is None:
            return shown
        at_inputs = self.expand(expr).subs({sympy.Symbol(n): v for n, v in self.inputs.items()})
        if at_inputs in (sympy.oo, -sympy.oo, sympy.zoo):
            return f"{shown}, which is infinite here"
        try:
            value = float(at_inputs)
        except (TypeError, ValueError):
            return shown
        return shown if shown == f"{value:g}" else f"{shown}, which is {value:.6g} here"

    def show(self, expr: Any) -> str:
        """An expression as LaTeX, with decorated names written the way the text writes them."""
        sympy, _ = _sympy()
        # Named before SymPy prints them: it reads suffixes of a name as accents (`Tsubabs` as |Tsub|, `xsubmag`).
        names = {symbol: _unname(symbol.name) for symbol in getattr(expr, "free_symbols", ())
                 if isinstance(symbol, sympy.Symbol) and DECORATED_NAME.fullmatch(symbol.name)}
        text = sympy.latex(expr, symbol_names=names)
        return re.sub(rf"\\mathit\{{(\w+)\}}|\b({DECORATED_NAME.pattern})\b",
                      lambda m: m.group(0) if not (m.group(1) or m.group(2)) else
                      _unname(m.group(1) or m.group(2)), text)


EXPANDED_OPS = 200  # operations in a difference up to which `Section.same` expands it before sampling it
# A name the scalar reader spelled from decorations: `yhatsubi` (\hat{y}_i), `Deltat` (\Delta t)
DECORATED_NAME = re.compile(r"\w+sub\w+|\w+(?:bar|hat|tilde|overline)|Delta\w+")


def _written_in(name: str, statement: str) -> bool:
    """Whether a statement writes a plain name (`U` in `U x = b`, not in `\\Upsilon`)."""
    return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", statement) is not None


# what a derivative differentiates, written against its `d` or `\\partial` (`dC_A/dt`, `\\frac{\\partial y_1}{\\partial
# x}`)
DIFFERENTIATED = re.compile(r"(?:(?<![A-Za-z\\])d|\\partial)\s*(\\?[A-Za-z]+(?:_\{?\s*\w+\s*\}?)?)(?![A-Za-z])")


def _written_in_latex(name: str, text: str) -> bool:
    """Whether LaTeX writes a name as a name (`\\overline{K}` in `\\overline{K}^{\\alpha}`, `x` not in `x_1`)."""
    pattern = re.escape(" ".join(name.split())).replace("\\ ", r"\s*")
    before = "" if name.startswith("\\") else r"(?<![A-Za-z\\])"  # `\\theta` in `\\sin\\theta`
    return re.search(rf"{before}{pattern}(?![A-Za-z_])", text) is not None


def _variables(var: Any) -> tuple[Any, ...]:
    """A function's variables: one symbol, or the tuple of a function of several variables."""
    return var if isinstance(var, tuple) else (var,)


def _derivative_name(name: str, var: str, order: int) -> str:
    """The name a derivative of a name by var is read as: `thetaDot` for dθ/dt (as `\\dot{\\theta}` is read, its
    dots before a subscript: `xDotsubQb`), else `\\frac{dy}{dx}` as written."""
    if var == "t" and order <= 3:
        base, sub, rest = name.partition("sub")
        return f"{base}{'D' * (order - 1)}Dot{sub}{rest}"
    power = f"^{{{order}}}" if order > 1 else ""
    return f"\\frac{{d{power}{_unname(name)}}}{{d{_unname(var)}{power}}}"


def _unname(name: str) -> str:
    """`yhatsubi` -> `\\hat{y}_i`, `Deltat` -> `\\Delta t`, for messages."""
    if name.startswith("Delta") and len(name) > 5:
        return "\\Delta " + _unname(name[5:])
    m = re.match(r"^([A-Za-z]+?)(bar|hat|tilde|DDDot|DDot|Dot|vec|overline)?(?:sub(\w+))?$", name)
    if not m:
        return name
    base = m.group(1) if len(m.group(1)) == 1 else f"\\{m.group(1)}"
    decoration = m.group(2) and m.group(2).lower()
    text = f"\\{decoration}{{{base}}}" if decoration else base
    sub = re.sub(r"Q([a-jxy])", lambda d: "-" if d.group(1) == "x" else "+" if d.group(1) == "y" else
                 str("abcdefghij".index(d.group(1))), m.group(3) or "")
    return text + (f"_{{{sub}}}" if sub else "")


def _sides(statement: str) -> list[str]:
    """The sides of `a = b = c`, split at top-level equals signs."""
    return [s.strip() for s in split_top_level(statement, ("=",))]


def _recurrence(statement: str) -> bool:
    """Whether superscripts number steps: `u^{(k)}`, `u^n_i`, or a step `r^{k+1}` on the left with `r^k` beside it;
    `x^{n-1}` alone is a power (`f'(x) = n x^{n-1}`)."""
    if ITERATION_STEP.search(statement):
        return True
    left = _sides(statement)[0]
    if re.fullmatch(r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\^\s*\{?\s*0\s*\}?\s*", left):
        return True  # `w^0 = 2.5`, the first iterate: a power 0 is 1 for every w, which no text states so
    for m in ITERATION.finditer(left):
        letter = re.search(r"[a-z]", m.group(0)).group(0)
        if re.search(rf"\^\s*\{{?\s*\(?{letter}\)?\s*\}}?(?![\w+-])", statement):
            return True
    return False


LAW_OF_MOTION = ("a law of motion (`c_{t+1} = c_t + \\mu`) for a family whose every member a definition already gives "
                 "(`c_t = \\log C_t`): an equation of the model, not a second definition of c_{t+1}")


def _law_of_motion(section: Section, statement: str) -> bool:
    """Whether `c_{t+1} = c_t + ...` steps a family the section defines at every index (`c_t = \\log C_t`): as a
    definition of c_{t+1} it would cut c_{t+1} off from C_{t+1}, and a true claim relating them would fail."""
    sides = _sides(statement)
    if len(sides) != 2 or not (step := INDEXED.fullmatch(sides[0])):
        return False
    family, offset = _step(step)
    return bool(offset) and _family_defined(section, family) and any(
        other == family and shift != offset for other, shift in map(_step, INDEXED.finditer(sides[1])))


def _shifted_member(section: Section, statement: str) -> str:
    """The first `G_{k+4}` a statement uses whose family the section defines only at another index (`G_k = ...`), or
    ""; such a member is the family at k+4, which reading it as a name of its own would cut off from G_k."""
    for member in INDEXED.finditer(statement):
        family, offset = _step(member)
        if offset and _family_defined(section, family) and _plain_name(member.group(0)) not in section._names():
            return member.group(0).strip()
    for member in NUMBERED.finditer(statement):  # `c_1` beside `c_t = b y_{t-1}`: the family at t = 1
        if _plain_name(member.group(0)) not in section._names() and any(
                _family_defined(section, (member.group(1), letter)) for letter in string.ascii_lowercase):
            return member.group(0).strip()
    return ""


OPERATORS = {"sum", "prod", "int", "oint", "lim", "max", "min", "sup", "inf", "log", "ln", "exp", "det", "Pr"}
# One name in brackets, `(k)`, `(\\theta)`, `(d_i)`: an argument; `\\sigma_\\varepsilon(\\gamma - 1)` is a product
ARGUMENT = re.compile(r"\s*\(\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\)")
NUMBER_ARGUMENT = re.compile(r"\(\s*[-−]?\d+(?:\.\d+)?\s*\)")  # right after the name: `p_t(1)`, not `p_t (1 + r)`


def _applied_subscripted(section: Section, statement: str) -> str:
    """The first `\\alpha_k(k)`, `\\sigma_1(v)`: a subscripted name nothing gives, right before one name in brackets (a
    function of it, which the parser would take for a product), or one no formula in a variable defines right before
    a number in brackets (`p_t(1)`); f_1(x) and its kin are functions already."""
    sides = _sides(statement)
    # `V_{eff}(r) = ...`, `c_1(s_0) = ...`: defined here
    defined = FUNCTION_DEF.match(sides[0].strip()) or SUBSCRIPTED_FUNCTION_DEF.match(sides[0].strip()) if len(
        sides) > 1 else None
    for m in SUBSCRIPTED.finditer(statement):
        base, name = m.group(1).lstrip("\\"), _plain_name(m.group(0))
        if base in COMMANDS | OPERATORS | set(FUNCTION_LETTERS) or name in section.functions or (
                defined and _function_key(defined.group(1)) == name):
            continue
        if ARGUMENT.match(statement, m.end()) and name not in section._names():
            return m.group(0)
        # `p_t(1) = \\exp(-r_t)` beside `p_t = \\exp(-r_t) E_t(...)`: a price by maturity, p_t at 1, no product
        if NUMBER_ARGUMENT.match(statement, m.end()) and _variable_of(section, name) is None:
            return m.group(0)
    return ""


def _members_at_numbers(section: Section, statement: str) -> None:
    """Define each member at a number (`c_0`) of a family the section defines by a formula in its index (`c_{\\tau} =
    \\sigma^2\\phi^\\tau`), that nothing else defines: the formula there (c_0 is sigma^2); a family of functions'
    member is that function (`\\psi_1(x)` of `\\psi_n(x)`)."""
    sympy, _ = _sympy()
    for member in NUMBERED.finditer(statement):
        name, number = _plain_name(member.group(0)), re.search(r"\d+", member.group(0)[len(member.group(1)):])
        if name in section._names() or number is None:
            continue
        for index in [*string.ascii_lowercase, *(f"\\{g}" for g in GREEK)]:
            family = _plain_name(f"{member.group(1)}_{{{index}}}")
            formula = section.definitions.get(family)
            symbol = sympy.Symbol(index.lstrip("\\"))
            if family in section.functions and symbol in section.functions[family][1].free_symbols:
                # `\\psi_1` beside `\\psi_n(x) = \\sqrt{2/L}\\sin(n\\pi x/L)`: the function at n = 1
                variables, body = section.functions[family]
                section.functions[name] = (variables, body.subs(symbol, int(number.group(0))))
                break
            if formula is not None and symbol in formula.free_symbols:
                value = formula.subs(symbol, int(number.group(0)))
                # not `p_t = p_0 (1 + r)^t` (p_0 is p_0's own), nor `c_t = 1/t` at 0 (no value)
                if sympy.Symbol(name) not in value.free_symbols and not value.has(sympy.zoo, sympy.nan, sympy.oo):
                    section.definitions[name] = value
                break


def _family_defined(section: Section, family: tuple[str, str]) -> bool:
    """Whether the section defines a family's member at its plain index (`c_t = \\log C_t` for ("c", "t"))."""
    return _plain_name(f"{family[0]}_{{{family[1]}}}") in section.definitions


def _step(member: re.Match[str]) -> tuple[tuple[str, str], str]:
    """An indexed family member's (base, index letter) and offset: `b_{t+1}` -> (("b", "t"), "+1")."""
    return (member.group(1), member.group(2) or member.group(4)), re.sub(r"\s", "", member.group(3) or "")


E_VALUE = re.compile(rf"\s*e\s*(?:=|\\approx)\s*({NUMBER})\s*\.?\s*")  # `e \\approx 0.2`
RATIO = re.compile(r"[\w}]\s*:\s*[\w\\{(]")  # `2:4:1`, `a : b`; not `:=` nor `\\colon`


def _undecidable(section: Section, statement: str) -> str:
    """Why a statement is not an equation between scalars the section can decide, or "" when it may be one."""
    if _recurrence(statement):
        return "a recurrence: a superscript such as k+1 numbers a step, it is not a power"
    if _law_of_motion(section, statement):
        return LAW_OF_MOTION
    if applied := _applied_subscripted(section, statement):
        return f"it applies {applied}, written before a bracket as a function nothing in reach defines"
    if RATIO.search(statement):
        return _colon(statement)
    if at := _scalar_function_at_a_vector(section, statement):
        return (f"it applies {at}, a function the section defines of a scalar, to a vector (`f(\\vec{{x}}) = "
                f"\\vec{{w}} \\cdot \\vec{{x}}` after `f(x) = x^3 - ...`): the text re-expresses it on features")
    if HATTED_OPERATORS.get() and len(set(HATTED.findall(statement))) > 1:
        return ("it combines operators (hatted names, in a text that calls them operators: `\\hat{x}\\hat{p} - "
                "\\hat{p}\\hat{x}`), which need not commute")
    bare = re.sub(r"\\(?:hat|tilde|bar|overline|widehat|widetilde|mathbf|boldsymbol)\s*\{\s*([A-Z])\s*\}", r" \1 ",
                  statement)  # `\hat{Q}\hat{T}`: Q T
    bare = re.sub(r"\\(?:cap|cup|setminus)(?![A-Za-z])", ",", bare)  # `P(A \\cap B)`: events, no product
    bare = re.sub(r"\\[A-Za-z]+|_\{[^}]*\}|_\w|\^\{[^}]*\}", " ", bare)
    capitals = re.findall(r"(?<![A-Za-z])([A-Z])\s*([A-Z])(?![a-z])", bare)
    if any({a, b} - section._names() - set(section.functions) for a, b in capitals):
        if abbreviation := ABBREVIATION.search(statement):
            word = abbreviation.group(1) or abbreviation.group(2)
            return (f"{word} is written in capitals: a name of its own (an abbreviation) or a product of matrices, "
                    "which do not commute; the reader cannot tell which")
        # `MI = IM`: a product set against its reverse says the capitals may not commute, whatever else is written
        if WRITES_MATRICES.get() or IDENTITY_SUM.search(statement) or any((b, a) in capitals for a, b in capitals):
            return "a product of capitals (such as MI) may be a product of matrices, which do not commute"
    return ""


# `f(\vec{x})`, `g(\mathbf{u})`: a function applied to a vector written as one
APPLIED_TO_VECTOR = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+)\s*\(\s*\\(?:vec|mathbf|boldsymbol|bm)\s*\{\s*"
                               r"\\?[A-Za-z]+\s*\}\s*\)")


def _scalar_function_at_a_vector(section: Section, statement: str) -> str:
    """The function a statement applies to a vector (`f(\\vec{x})`) where the section defines it of one scalar
    (`f(x) = x^3 - x^2 + x - 1`), else "": the vector is another argument (the features x^3, x^2, x, 1), at which
    the scalar formula means nothing."""
    for m in APPLIED_TO_VECTOR.finditer(statement):
        known = section.functions.get(_function_key(m.group(1)))
        if known is not None and not isinstance(known[0], tuple) and not re.search(
                r"vec|mathbf|boldsymbol|bm", str(known[0])):
            return m.group(0)
    return ""


# `\mathrm{NB}(x)`, `LL(\beta)`, `SWF`, `POP_{i,t}`: capitals that spell one name, not a product
ABBREVIATION = re.compile(r"\\(?:mathrm|text|textrm|operatorname|rm)\s*\{\s*([A-Z]{2,})\s*\}"
                          r"|(?<![A-Za-z\\])([A-Z]{3,}|[A-Z]{2}(?=\s*\())(?![a-z])")


RANKING = re.compile(r"\s*\d+(?:\s*(?:=|<|>|\\[lg]eq?(?![A-Za-z]))\s*\d+)+\s*\.?\s*")  # `1 > 2 = 3 > 4`
SIZE = re.compile(r"\s*[A-Za-z](?:_\{?\w+\}?)?\s*\\times\s*[A-Za-z](?:_\{?\w+\}?)?\s*=\s*\d+\s*\\times\s*\d+\s*\.?\s*")
# `[2\\times 4] = [2 \\times 3][3 \\times 4]`: the sizes of a product's factors, each in brackets
_SIZE = r"\[\s*\w+\s*\\times\s*\w+\s*\]"
_SIZES = rf"{_SIZE}(?:\s*(?:\\cdot|\\times)?\s*{_SIZE})*"
BRACKETED_SIZES = re.compile(rf"\s*{_SIZES}(?:\s*=\s*{_SIZES})+\s*\.?\s*")
# `101_2 = 5_{10}`, `(101)_2`, `(0.123\\overline{0})_{10}`, `0.0\\overline{0011}_2`: numerals in a base
DECIMAL_NUMERAL = re.compile(r"(?<![\w^{.])(\d+(?:\.\d+)?)_\{?10\}?(?!\d)")  # `43_{10}`: a numeral in base ten, 43
BASED = re.compile(r"(?<![\w^{.])(?:\d+(?:\.\d*(?:\\overline\{\d+\})?)?|\(\s*\d+(?:\.\d*)?(?:\\overline\{\d+\})?\s*\))"
                   r"_\s*\{?\s*\(?\d+\)?\s*\}?")
# `0.11_{(2)}`, `101_2`, `(17)_8`: a numeral in a base of 2 to 16 written with decimal digits, which has one value
NUMERAL_IN_BASE = re.compile(r"(?<![\w^{.])(?:(\d+(?:\.\d+)?)|\(\s*(\d+(?:\.\d+)?)\s*\))"
                             r"_\s*(?:\{\s*\(?\s*(\d{1,2}|binary|bin|two|octal|oct|decimal|dec|ten)\s*\)?\s*\}|(\d))(?!\d)")
BASE_WORDS = {"binary": 2, "bin": 2, "two": 2, "octal": 8, "oct": 8, "decimal": 10, "dec": 10, "ten": 10}


def _in_base_ten(statement: str) -> str:
    """A statement with each numeral written in a base (`0.11_{(2)}`) as its value (`(\\frac{3}{4})`); a numeral
    whose digits its base does not have (`3_2`, an index) stays as written."""

    def value(m: re.Match[str]) -> str:
        """One numeral's value, as a fraction in brackets."""
        digits, written = m.group(1) or m.group(2), m.group(3) or m.group(4)
        base = BASE_WORDS.get(written) or int(written)
        whole, _, fraction = digits.partition(".")
        if not 2 <= base <= 16 or any(int(d) >= base for d in whole + fraction):
            return m.group(0)
        scale = base ** len(fraction)
        return f"(\\frac{{{int(whole, base) * scale + (int(fraction, base) if fraction else 0)}}}{{{scale}}})"

    return NUMERAL_IN_BASE.sub(value, statement)


GIVEN_VALUES = re.compile(r"(?:\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*=)+\s*[-−]?\d+(?:\.\d+)?\s*\.?\s*")  # `T_t = G_t = 0`


# `(1, 4, 2)(3, 5)`, `(1\\ 2)(2\\ 3)`: whole numbers in brackets side by side, cycles of a permutation composed
_CYCLE = r"\(\s*\d+(?:(?:\s*,\s*|\s+|\\[ ,;]\s*)\d+)+\s*\)"
CYCLES = re.compile(rf"{_CYCLE}\s*{_CYCLE}")


# `100...0`, `999..9`, `1\ldots1`: digits with dots for the ones left out between them, no decimal point
ELIDED_DIGITS = re.compile(r"(?<![\d.])\d+\s*(?:\.{2,}|\\[lc]?dots(?![A-Za-z])|…)\s*\d+(?![\d.])")


def _notation(statement: str) -> str:
    """Why a statement is notation that only looks like arithmetic, or "": labels ranked (`1 = 2 = 3 = 4`, paths in a
    figure), a size (`R \\times K = 4 \\times 2`, `[2\\times 4] = [2 \\times 3][3 \\times 4]`), numerals written
    in a base (`101_2 = 5_{10}`), a curl or a divergence (`\\nabla \\times \\vec A`, not nabla times A), cycles of a
    permutation (`(1, 4, 2)(3, 5)`)."""
    if RANKING.fullmatch(statement) and len(set(re.findall(r"\d+", statement))) > 1:
        return "whole numbers related with no operation between them (`1 > 2 = 3 > 4`): labels ranked, not values"
    if SIZE.fullmatch(statement) or BRACKETED_SIZES.fullmatch(statement):
        return "a size (`R \\times K = 4 \\times 2`): rows by columns, not a product"
    if BASED.search(statement):
        return "numerals written in a base (`101_2 = 5_{10}`), which the reader does not convert"
    if re.search(r"\\nabla\s*\}?\s*(?:\\times|\\cdot)", statement):  # `\\vec{\\nabla} \\times` too
        return "a curl or a divergence (`\\nabla \\times \\vec F`), which no reader here computes"
    if ELIDED_DIGITS.search(statement):
        return "a numeral with an ellipsis for its repeated digits (`999..9 = 10^k - 1`): k digits, not a product"
    if CYCLES.search(statement):
        return "cycles of a permutation composed (`(1, 4, 2)(3, 5)`), which no reader here computes"
    if len(sides := split_top_level(statement, ("=", "\\approx"))) == 2 and re.fullmatch(r"\s*\d+\s*", sides[0]) and (
            UNIT_SIDE.match(sides[1]) or PLAIN_UNIT_SIDE.match(sides[1])):
        return LABEL  # `$1 \\approx 0.039V$`: level 1 is 0.039 volts
    return ""


def _colon(statement: str) -> str:
    """Why a statement with a colon in it is not read: a set, an index range, a ratio, or a label before a claim."""
    if re.search(r"\\\{(?:(?!\\\}).)*?(?::|\\mid)", statement):  # up to the set's closing `\}`
        return "a set written by a rule (`\\{x : x > 0\\}`): it describes members, it is no equation"
    if re.search(r"_\{[^{}]*:[^{}]*\}|\[[^\[\]]*\w\s*:\s*\w[^\[\]]*\]", statement):
        return "an index range (`x_{1:T}`, `x[1:3]`): it names elements, it is no quotient"
    if re.fullmatch(r"[\s\w.:]+=[\s\w.:]+", statement):
        return "a ratio (`64:128:32 = 2:4:1`): it states proportions, not a quotient"
    return "a label or a case before a colon (`H_0: \\theta = 0`, `i = 1: ...`): the claim is not split from it"


# `A_x\\hat{x} + A_y\\hat{y}`, `\\hat{\\phi}`: unit vectors along axes, which a scalar reading takes for numbers
UNIT_VECTOR = re.compile(r"\\hat\s*\{?\s*([xyzijk]|r|\\(?:theta|phi|varphi))(?![A-Za-z])")
AXES = ({"x", "y", "z"}, {"i", "j", "k"}, {"r", "\\theta", "\\phi", "\\varphi"})


def _unit_vectors(statement: str) -> bool:
    """Whether a statement writes two unit vectors of one frame (`\\hat{x}` and `\\hat{y}`, `\\hat{r}` and
    `\\hat{\\phi}`); one hat alone (`\\hat{y}`, a prediction) is a name like any other."""
    hats = set(UNIT_VECTOR.findall(statement))
    if any(len(hats & axes) > 1 for axes in AXES):
        return True
    # `a \\times b = -7\\ e_1 \\times e_3 - ...`: a cross product of the standard basis, which anticommutes
    return "\\times" in statement and len(set(BASIS_VECTOR.findall(statement))) > 1


def _unit_vectors_reached(section: Section, statement: str) -> bool:
    """Whether a statement, or a definition it reaches, writes unit vectors of one frame (see `_unit_vectors`)."""
    bodies = [section.definitions.get(name, section.functions.get(name, (None, None))[1])
              for name in section.reached(statement)]
    return _unit_vectors(" ".join([statement, *(section.show(body) for body in bodies if body is not None)]))


# `e_1`, `\\mathbf{e}_2`, `\\vec{e}_{3}`: the standard basis, a frame of unit vectors when a cross product joins them
BASIS_VECTOR = re.compile(r"(?<![A-Za-z\\])(?:\\(?:mathbf|vec|hat|boldsymbol)\s*\{\s*e\s*\}|e)\s*_\s*\{?\s*([1-3])\b")
UNIT_VECTORS = ("it writes unit vectors (`A_x\\hat{x} + A_y\\hat{y}`, `\\hat{\\phi}`, `e_1 \\times e_2`), which the "
                "reader takes for numbers: their lengths, dot and cross products and perpendicularity are not known "
                "to it")


def read_statement(section: Section, statement: str, cell: int, condition: bool = False,
                   domain: Domain | None = None) -> Reading:
    """Classify one statement, record what it defines, and check what it claims.

    A `condition` (see `nbtruth.statements`) defines nothing and gives no input: it is only checked as a claim.
    A chain with `\\approx` or an inequality is checked link by link (`_relations`), an inequality over the
    `domain` the sentence states for its free name (see `nbtruth.relations`). Spellings that mean the same are
    read alike (`_normal`); the reading quotes the statement as written. A slash before a product (`a/b(c)`)
    reads two ways: a claim that fails one way and holds the other is unchecked, not reported.
    """
    reading = _read_spelled(section, statement, cell, condition, domain)
    for read_otherwise, why in TWO_WAYS:
        if reading.ok is False and (other := read_otherwise(statement)) != statement:
            with section.unchanged():
                if _read_spelled(section, other, cell, condition, domain).ok:
                    return Reading(statement, cell, "unchecked", reason=why)
    return reading


def _read_otherwise(section: Section, left: str, right: str, holds: Callable[[str, str], bool]) -> str:
    """Why a failing link of a chain holds when read the other way its spelling allows (see `TWO_WAYS`), where the
    whole chain read so cannot be (`... = e^{2\\pi i t}(e^{-2\\pi i t} + 2 + e^{2\\pi i t})/4 = 1/2(1 + \\cos(2\\pi
    t))e^{2\\pi i t}`, an unreadable first side); else ""."""
    for read_otherwise, why in TWO_WAYS:
        others = read_otherwise(left), read_otherwise(right)
        if others != (left, right):
            with section.unchanged(), contextlib.suppress(Unparsed, LookupError, TypeError, ValueError):
                if holds(*others):
                    return why
    return ""


# `0\\oplus1 = 1`, `p \\wedge q`: an operation on bits, truth values or spaces (XOR, a direct sum, and, or, an exterior
# product), which the text defines by its table or in words; no product with a name `oplus`
OTHER_OPERATION = re.compile(r"\\(?:(?:big)?oplus|ominus|veebar|wedge|land|vee|lor|lnot|neg)(?![A-Za-z])")
OTHER_OPERATION_REASON = ("it writes an operation on bits, truth values or spaces (`\\oplus`, XOR or a direct sum; "
                          "`\\wedge`, `\\vee`, `\\neg`), which the reader does not compute")
SLASH_TWO_WAYS = ("a slash before a product reads two ways (`m(1-m)/v(1-m)` is (m(1-m)/v)(1-m) read left to right, "
                  "m(1-m)/(v(1-m)) read as SymPy does), and it holds read left to right")
# what a slash divides by before a product written against it: a name (a command, a letter) with its subscript and
# power, or a number (not a differential's d or partial: `dy/dx`), and then, past spaces, the first factor of that
# product (a bracket, a letter, a command that is no operator or space)
SLASH_OPERAND = re.compile(r"/\s*(?:\\(?!partial)[A-Za-z]+(?![A-Za-z])|[A-Za-ce-z]|\d+(?:\.\d+)?)"
                           r"(?:_(?:\{[^{}]*\}|\\?\w))?"
                           r"(?:\^(?:\{[^{}]*\}|\\?\w))?(?=(?:\s|\\[,;: !]|~)*(?:\\left\s*\(|\(|[A-Za-z]|"
                           r"\\(?!left|right|cdot|times|quad|qquad|text|mathrm|end|le|ge|neq?|approx|[,;: !])"
                           r"[A-Za-z]))")


def _slash_left_to_right(latex: str) -> str:
    """The statement with each slash before a product read left to right (`m(1-m)/v(1-m)` as `m(1-m)/v \\cdot
    (1-m)`): how Python and a hand calculator read it; SymPy's parser divides by the whole product."""
    return SLASH_OPERAND.sub(lambda m: m.group(0) + " \\cdot ", latex)


# a logarithm applied to a bracket that a power follows (`\\ln(1+g_x)^n`), and that power
LOG_BEFORE_BRACKET = re.compile(r"\\(?:ln|log)(?![A-Za-z])(?:_\{?\w+\}?)?\s*(?=\()")
POWER_AFTER = re.compile(r"\s*\^\s*(?:\{[^{}]*\}|\\[A-Za-z]+|\w)")
LOG_OF_POWER_TWO_WAYS = ("a power after a logarithm's bracket reads two ways (`\\ln(1+g)^n` is (ln(1+g))^n, and "
                         "ln((1+g)^n) where a text takes logs of both sides), and it holds as the logarithm of the "
                         "power")


def _log_of_power(latex: str) -> str:
    """The statement with each power written after a logarithm's bracket taken inside it (`\\ln(1+g_x)^n` as
    `\\ln((1+g_x)^n)`): how a text that takes logs of both sides of `x_n/x_0 = (1+g_x)^n` means it."""
    for m in reversed(list(LOG_BEFORE_BRACKET.finditer(latex))):
        if (end := _closing(latex, m.end())) and (power := POWER_AFTER.match(latex, end)):
            latex = f"{latex[:m.end()]}({latex[m.end():end]}{power.group(0)}){latex[power.end():]}"
    return latex


# a number with one dot and three digits after it (`65.536`), which texts that group thousands with a dot write for
# 65536, and its last side alone
ONE_DOT_THOUSANDS = re.compile(r"(=\s*[-−]?\d{1,3})\.(\d{3})\s*\.?\s*$")
DOT_THOUSANDS_TWO_WAYS = ("a number with one dot and three digits after it reads two ways (`2^{16} = 65.536`: a "
                          "decimal, or 65 536 with its thousands grouped by a dot, as Spanish, German and Italian "
                          "texts write it), and it holds with the thousands grouped")


def _dot_as_thousands(latex: str) -> str:
    """The statement with the number its chain ends on read with a dot grouping its thousands (`= 65.536` as `=
    65536`), where one dot is followed by exactly three digits."""
    return ONE_DOT_THOUSANDS.sub(r"\1\2", latex)


def _read_spelled(section: Section, statement: str, cell: int, condition: bool = False,
                  domain: Domain | None = None) -> Reading:
    """read_statement, the statement read as SymPy reads a slash."""
    section.cell = cell
    if condition and RUNS_OVER.fullmatch(statement):  # `t=0,1,2,3,\\cdots`, `n = 1, 2, 3`: where a name runs
        return Reading(statement, cell, "place")
    if OTHER_OPERATION.search(statement):
        return Reading(statement, cell, "unchecked", reason=OTHER_OPERATION_REASON)
    if decibels := DECIBELS.match(statement):
        return _in_decibels(section, statement, cell, decibels)
    if PERCENTAGE.search(statement):
        return _in_percent(section, statement, cell, condition, domain)
    sides = _sides(statement)
    if len(sides) == 2 and DECIMAL_ALONE.fullmatch(sides[0]) and not NUMBER_RE.fullmatch(sides[1]) and not re.search(
            r"[A-Za-z]", ARITHMETIC_COMMANDS.sub(" ", sides[1])):
        # `1.581=\\sqrt{5/2}`: the value SymPy printed, rounded, and the arithmetic it rounds: to its digits
        turned = f"{sides[1].strip()} = {sides[0].strip()}"
        reading = _quoted(read_statement(section, turned, cell, condition, domain), turned, statement)
        message = reading.message.replace(", but the left side is", f", but `{sides[1].strip()}` is")
        return replace(reading, message=message.replace("and the right side", "and the value written"))
    united = _plain_unit(section, statement)  # `\\pi \\times 0.03^2 = 0.002827 m^2`: m in upright type
    if _unconverted(section, united):
        return Reading(statement, cell, "unchecked", reason=UNCONVERTED)
    plain = _without_units(united)
    if (valued := _in_unit_values(united, plain)) is not None:
        # `x = \\frac{1}{2} 1.6 \\mathrm{m/s}^2 (1.25 \\mathrm{s})^2 = 1.25 \\mathrm{m}`, `36 \\mathrm{km/h} = 10
        # \\mathrm{m/s}`: quantities within its sides, each unit its value in SI units
        return _quoted(read_statement(section, valued, cell, condition, domain), valued, statement)
    if plain is not None:  # `x = \\frac{mg}{k} + \\ell_0 = 10 + 1 = 11 \\mathrm{m}`
        if not plain:
            return Reading(statement, cell, "unchecked", reason="quantities in different units (`36 \\mathrm{km/h} = "
                                                                "10 \\mathrm{m/s}`), which the reader does not convert")
        result = UNIT_SIDE.match(_sides(united)[-1])
        given = _in_its_unit(section, plain, result.group(2) if result else "")
        with section.given(given):
            reading = read_statement(section, plain, cell, condition, domain)
        if reading.ok is False and not given and (scaled := _in_base_units(united)):
            # `= -39.97 \\quad\\text{kJ}\\cdot\\text{mol}^{-1}` after arithmetic in J; not `\\kappa = r/2 = 3.5
            # \\,\\text{mm}` after `r = 5 \\,\\text{mm}`, computed in mm
            with section.unchanged():
                if (in_base := read_statement(section, scaled, cell, condition, domain)).ok is not False:
                    reading = replace(in_base, statement=plain)
        return _quoted(reading, plain, statement)
    written = _normal(statement)
    _members_at_numbers(section, written)  # `c_0` beside `c_{\\tau} = \\sigma^2\\phi^\\tau`: the family at 0
    for pattern, evaluated in ((BETWEEN_BOUNDS, _between_bounds), (EVALUATION_BAR, _between_bounds),
                               (DEFINITE_INTEGRAL, _integrated)):
        if pattern.search(written):  # `[\\frac{y^4}{4}]_0^4`, `\\int_0^4 y^3 dy`: a value, its variable bound
            with contextlib.suppress(Unparsed, ValueError, TypeError, NotImplementedError):
                written = " = ".join(evaluated(side, section) for side in _sides(written))
    given = "" if condition else _application(section, _sides(written)[0])
    # `P(A) = 0.4` in the next example: a new value, not a claim about the old one; given another value in the same
    # cell (two cases' tables side by side), neither is its value after
    twice = given and section.at_cell.get(given) == cell  # a second value in the cell, or a third
    section.at.pop(given, None)
    reading = _read_statement(section, written, cell, condition, domain)
    if (reading.ok is False or reading.reason == INTRODUCES) and (shifted := _shifted_member(section, reading.part
                                                                                            or written)):
        reading = Reading(written, cell, "unchecked", reason=f"{shifted} is a member of a family the section defines "
                                                             "at another index (`G_k = ...`, `c_t = ...`), and its "
                                                             "definition is not applied there")
    for pattern, meant in _other_readings():  # another reading where the usual one fails
        if reading.ok is False and pattern.search(written):
            with section.unchanged():
                again = _read_statement(section, pattern.sub(meant, written), cell, condition, domain)
                # `n\log(p) < \log(0.01) = -2`: its numbers hold in the common logarithm, and nothing else fails
                numbers_hold = again.ok is None and reading.kind == "arithmetic" and not _arithmetic_failure(
                    section, pattern.sub(meant, written), cell)
            if again.ok or numbers_hold:
                reading = replace(again, statement=written)
            elif again.ok is None and again.reason == APPROXIMATION:  # `\\log(\\pi) \\approx \\log(10^{1/2}) = 1/2`
                reading = replace(again, statement=written, reason=f"read as `{pattern.sub(meant, written)}`, where "
                                                                   f"the usual reading fails, no link fails, and "
                                                                   f"{again.reason}")
    if reading.ok is False and (meant := _unrounded(section, written)) != written:
        with section.unchanged():  # `5 = \\log_{2.51}{100}` after `2.51 = 100^{\\frac{1}{5}}`: the fifth root meant
            again = _read_statement(section, meant, cell, condition, domain)
        if again.ok:
            reading = replace(again, statement=written)
    section.rounded.update(_rounded_decimals(section, written))
    if reading.ok is False and (powered := _powered_function(section, written)):
        reading = Reading(written, cell, "unchecked", reason=f"it writes a power of the function {powered} before its "
                                                             "argument (`\\varphi^2(x_0)`), which texts also use for "
                                                             "the function composed with itself")
    if reading.ok is False and _unit_vectors_reached(section, written):
        reading = Reading(written, cell, "unchecked", reason=UNIT_VECTORS)
    if reading.ok is False and (general := _general_property(section, written)):
        reading = Reading(written, cell, "unchecked", reason=GENERAL_PROPERTY.format(name=general))
    if reading.ok is False and _segment_relation(section, written):
        reading = Reading(written, cell, "unchecked", reason=SEGMENT_RELATION)
    if reading.ok is False and (supposed := _supposed_equal(section, written)):
        for key in supposed:
            section.at.pop(key, None)  # a new example's values: the old ones no longer stand for these applications
        reading = Reading(written, cell, "unchecked", reason=SUPPOSED)
    if twice:
        section.at.pop(given, None)  # its cell stays marked: a third value there is no value after it either
    elif given and reading.ok is not False and (value := _closed_value(section, _sides(written)[-1])) is not None:
        section.at[given] = value  # `P(S_i) = \\frac{1}{365}`: where the text writes P(S_i) again, it is 1/365
        section.at_cell[given] = cell
    return _quoted(reading, written, statement)


def _rounded_decimals(section: Section, statement: str) -> dict[str, float]:
    """The decimals of two or more places a chain rounds a closed form of numbers to (`2.51 = 100^{\\frac{1}{5}}`, the
    fifth root of 100 to its digits, not exactly), each -> that form's value."""
    found = {}
    sides = _sides(statement)
    for decimal, form in [*zip(sides, sides[1:]), *zip(sides[1:], sides)]:
        if not (number := NUMBER_RE.fullmatch(decimal)) or NUMBER_RE.fullmatch(form) or "\\approx" in form:
            continue
        written, decimals = parse_number(number.group(1))
        try:
            value = float(section.expand(_side(section, form)))
        except (Unparsed, LookupError, TypeError, ValueError, ZeroDivisionError):
            continue
        if decimals >= 2 and value != written and abs(value - written) <= tolerance(written, decimals):
            found[number.group(1)] = value
    return found


def _unrounded(section: Section, statement: str) -> str:
    """A statement with each decimal the section rounded a closed form to written as that form's value, to its last
    digit (`\\log_{2.51188643150958}{100}`)."""
    for decimal, value in section.rounded.items():
        statement = re.sub(rf"(?<![\d.]){re.escape(decimal)}(?![\d])", repr(value), statement)
    return statement


# `|H(j\\omega_c)| = \\sqrt{\\frac{1}{2}} = -3dB`: a ratio's level in decibels after the ratio itself
DECIBELS = re.compile(r"^(?P<rest>.*\S)\s*=\s*(?P<level>[-−]?\d+(?:\.\d+)?)\s*(?:\\[,;: ]|~|\s)*"
                      r"(?:\\(?:text|mathrm|rm|textrm)\s*\{\s*dB\s*\}|dB)\s*\.?\s*$", re.DOTALL)


def _in_decibels(section: Section, statement: str, cell: int, decibels: re.Match[str]) -> Reading:
    """A chain ending in a level in decibels: its other links as any chain's, and its last ratio's level as an
    amplitude's (20 log10) or a power's (10 log10), whichever the text means, to its digits (-3 dB is -3.01); a
    problem only where neither holds."""
    rest, level = decibels["rest"], decibels["level"].replace("−", "-")
    if len(_sides(rest)) > 1 and (reading := read_statement(section, rest, cell)).ok is False:
        return replace(reading, statement=statement)
    ratio = _sides(rest)[-1]
    # `20\\log_{10}(2) = 6.02dB`: a side that takes the logarithm itself is the level already
    factors = [1] if re.search(r"\\log|\\lg(?![A-Za-z])", ratio) else [20, 10]
    with section.unchanged():
        levels = [read_statement(section, f"{factor} \\log_{{10}}({ratio}) \\approx {level}" if factor > 1 else
                                 f"{ratio} \\approx {level}", cell) for factor in factors]
    if any(r.ok for r in levels):
        return Reading(statement, cell, "arithmetic", True)
    if factors == [1] and levels[0].ok is False:
        return replace(levels[0], statement=statement, message=levels[0].message.replace(
            f"`{ratio} \\approx {level}`", f"`{statement}`", 1))
    if all(r.ok is False for r in levels):
        return Reading(statement, cell, "arithmetic", False, f"`{statement}`, but in decibels `{ratio}` is neither "
                                                             f"{level} dB as an amplitude's ratio (20 log10) nor as a "
                                                             "power's (10 log10)")
    return Reading(statement, cell, "unchecked", reason="a level in decibels whose ratio the reader cannot compute")


LABEL = ("a whole number set beside a quantity in a unit (`$0 = 0V$, $1 \\approx 0.039V$`, a level's code and its "
         "voltage): a correspondence, not arithmetic")
GENERAL_PROPERTY = ("a property of {name} at two arguments (`f(-x) = -f(x)`), stated after a list of examples each "
                    "of which defines {name} (`* $f(x) = x^2$;`, `* $f(x) = \\cos(x)$.`): about functions in general, "
                    "not the last example")


def _general_property(section: Section, written: str) -> str:
    """The function a claim applies at two different arguments (`f(-x) = -f(x)`) whose last definition was one of a
    list's examples, else ""."""
    calls = re.findall(r"(?<![\\A-Za-z])(\\?[A-Za-z]+)\s*\(([^()]*)\)", written)
    names = {name.lstrip("\\") for name, _ in calls}
    if len(names) != 1 or (name := next(iter(names))) not in section.examples:
        return ""
    return name if len({argument.replace(" ", "") for _, argument in calls}) > 1 else ""


SEGMENT_RELATION = ("a relation between lengths of a figure (`\\overline{AC}`) whose definitions reach only names "
                    "nothing defines or gives a value: a constraint the figure imposes (similar triangles), no "
                    "identity")
# `\\overline{AC}`: the length of a segment, named by its ends
SEGMENT = re.compile(r"\\overline\s*\{\s*[A-Z]{2,3}\s*\}")


def _segment_relation(section: Section, written: str) -> bool:
    """Whether a claim writes lengths of segments and numbers alone, each length defined in names nothing defines or
    gives a value (`\\overline{CD} = mc`): a relation of the figure (`\\frac{\\overline{AC}}{\\overline{CD}} =
    \\frac{\\overline{BC}}{\\overline{AC}}`), which no algebra of those names makes an identity."""
    if not SEGMENT.search(written) or re.search(r"[A-Za-z]", ARITHMETIC_COMMANDS.sub(" ", SEGMENT.sub(" ", written))):
        return False
    valued = section._names() | set(section.inputs)
    leaves: set[str] = set()
    for segment in SEGMENT.finditer(written):
        name = next(iter(_prepare(segment.group(0))[1]), "")
        if name not in section.definitions:
            return False
        reached = {str(x) for x in getattr(section.expand(section.definitions[name]), "free_symbols", ())}
        if reached & valued:
            return False
        leaves |= reached
    return bool(leaves)


SUPPOSED = ("a chain of applications the text gave values before, ending in a name it introduces (`P(\\{1\\}) = "
            "\\dots = P(\\{6\\}) = x`, \"call this x\"): what it supposes equal are a new example's values")


def _supposed_equal(section: Section, written: str) -> list[str]:
    """The applications a chain `P(\\{1\\}) = P(\\{2\\}) = x` writes equal to a name nothing defines, where the text
    gave some of them a value before (an earlier example's); [] for any other statement."""
    *applied, last = _sides(written)
    fresh = re.fullmatch(r"\\?[A-Za-z]+", last) and last.lstrip("\\") not in section._names() | set(section.inputs)
    keys = [_application(section, side) for side in applied]
    return keys if fresh and len(keys) > 1 and all(keys) and any(k in section.at for k in keys) else []


def _closed_value(section: Section, side: str) -> Any | None:
    """A side's value where it is a real number written as a formula (`\\frac{1}{365}`, `0.7`); else None."""
    sympy, _ = _sympy()
    try:
        value = parse(side, section._names())
    except Unparsed:
        return None
    if value.free_symbols or value.atoms(sympy.core.function.AppliedUndef) or not value.is_real:
        return None
    return value


# `2 \\frac23`, `3 \\dfrac{1}{4}`: a whole number written before a fraction of whole numbers, which school texts write
# for a mixed number (2 + 2/3); read so where the product fails
MIXED_NUMBER = re.compile(r"(?<![\w.}^_{])(\d+)\s*\\[dt]?frac\s*(?:\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}|(\d)(\d))"
                          r"(?![\w({\\])")
# `\\log(1000) = 3`: the common logarithm, as many texts write it; read so where the natural one fails
LOG = re.compile(r"\\log(?![_A-Za-z])")
LG = re.compile(r"\\lg(?![A-Za-z])")  # ISO's log base 10, and base 2 where computing texts write it
# what a text may mean where the usual reading fails: `\\lg 10 \\approx 3.32` (lg is log base 2 in computing texts),
# `2 \\frac23` (two and two thirds), `\\log 1000 = 3` (the common logarithm)
# `1/2(1.5 + 2/1.5)`: a fraction of whole numbers, then a bracket it multiplies, as a calculator reads it (after
# `x_{n+1} = \\frac{1}{2}(x_n + \\frac{a}{x_n})`)
SLASH_FRACTION = re.compile(r"(?<![\w.^_}])(\d+)\s*/\s*(\d+)\s*(?=\()")
OTHER_READINGS = ((LG, r"\\log_{2}"), (MIXED_NUMBER, r"(\1 + \\frac{\2\4}{\3\5})"), (LOG, r"\\log_{10}"),
                  (SLASH_FRACTION, r"\\frac{\1}{\2} "))
# `\\alpha_{min} = 20 \\log(\\frac{1 + \\delta_c}{\\delta_s})`, `10 \\log P`: ten or twenty times a logarithm is a
# level in decibels, whose logarithm is the common one
DECIBEL_LOG = re.compile(r"(?<![\d.,])(10|20)\s*(?:\\cdot\s*|\\times\s*)?\\log(?![_A-Za-z])")
DOT_BETWEEN_DIGITS = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
# a text that says its logarithms are base 2 (`cuando usamos logaritmos en base 2`, `log base 2`): its `\\log` is log_2
BINARY_LOGS: contextvars.ContextVar[bool] = contextvars.ContextVar("binary_logs", default=False)
BASE_TWO = re.compile(r"\blog\w*\s+(?:\w+\s+){0,2}(?:bas[ei]s?|Basis)[- ]?(?:2|two|dos|deux|zwei|dois)\b|"
                      r"\b(?:bas[ei]s?|Basis)[- ](?:2|two)\s+log", re.IGNORECASE)


def _other_readings() -> tuple[tuple[re.Pattern[str], str], ...]:
    """What a text may mean where the usual reading fails (OTHER_READINGS), and, in this notebook, `2.1 + 2 = 4` where
    it writes products with full stops (`s.C_1`): two times one plus two."""
    dotted = ((DOT_BETWEEN_DIGITS, r"\1 \\cdot \2"),) if DOT_PRODUCTS.get() else ()
    return (*OTHER_READINGS, *dotted)
# a text that writes products with a full stop between names (`\\frac{1}{s.C_1}`, `k_{\\infty,1}.s`, `P . P^*`): its
# `2.1` may be two times one (see `_dot_products`)
DOT_PRODUCTS: contextvars.ContextVar[bool] = contextvars.ContextVar("dot_products", default=False)
NAMES_DOTTED = re.compile(r"(?:[A-Za-z]|\}|\^\*)\s*\.\s*(?:[A-Za-z]|\\(?!ldots|cdots|dots)[A-Za-z]+)")
POWERED_CALL = re.compile(r"(\\?[A-Za-z]+)(?:_\{?\w+\}?)?\s*\^\s*\{?\s*\w\s*\}?\s*\(")


def _powered_function(section: Section, statement: str) -> str:
    """A function the section defines, written with a power before its argument (`\\varphi^2(x_0)`), else ""."""
    return next((m.group(1) for m in POWERED_CALL.finditer(statement) if m.group(1).lstrip("\\") in section.functions
                 and m.group(1).lstrip("\\") not in ELEMENTARY), "")


# a side that ends on a number in a unit (`11 \\mathrm{m}`, how `nbtruth.statements` writes `11\\,\\text{m}`;
# `10^{-19} \\mathrm{J}`)
UNIT_SIDE = re.compile(r"^(.*(?:\d|10\^\{[-−]?\d+\}))\s*\\mathrm\{((?:[^{}]|\{[^{}]*\})*)\}\s*\.?$", re.DOTALL)


# a chain's last side written as a number in such a unit (`= 4.89 N`, `= 12.57m^4`, `= 999~kg/m^3`)
PLAIN_UNIT_SIDE = re.compile(rf"^(.*(?:\d|10\^\{{[-−]?\d+\}}))(?:\s|~|\\[,;:! ]|\\quad)*"
                             rf"({PLAIN_UNIT}(?:\s*/\s*{PLAIN_UNIT})?)\s*\.?$", re.DOTALL)


# a percentage of a number written in digits (`8.9\\%`), not of a name (`x\\%`)
PERCENTAGE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*\\%")


def _percentages(statement: str) -> list[str]:
    """A statement's readings where it writes percentages: each as its fraction to the same digits (`8.9\\%` is
    0.089), then each as its number, the other sides in percentage points (`3 \\times 15 - 1 = 44\\%`)."""
    fraction = PERCENTAGE.sub(lambda m: format(Decimal(m.group(1)).scaleb(-2), "f"), statement)
    return [fraction, PERCENTAGE.sub(r"\1", statement)]


def _in_percent(section: Section, statement: str, cell: int, condition: bool, domain: Domain | None) -> Reading:
    """A statement with percentages, read with each as its fraction; where that fails, with each as its number, which
    holds where the text computes in percentage points (see `_percentages`)."""
    fraction, points = _percentages(statement)
    with section.unchanged():
        in_points = read_statement(section, fraction, cell, condition, domain).ok is False and read_statement(
            section, points, cell, condition, domain).ok is not False
    read = points if in_points else fraction  # read again, now for what it defines
    return _quoted(read_statement(section, read, cell, condition, domain), read, statement)


def _plain_unit(section: Section, statement: str) -> str:
    """A chain whose result carries its unit in plain letters (`\\pi \\times 0.03^2 = 0.002827 m^2`), with the
    unit as `\\mathrm{...}` (see `_without_units`); unchanged where a letter of it is a name the section or another
    side uses (`h_2 = 2 x^2`, `\\frac{2}{s} = 2 s^{-1}`), unless the other sides are numbers alone."""
    sides = _sides(statement)
    unit = PLAIN_UNIT_SIDE.match(sides[-1]) if len(sides) > 1 else None
    if unit is None or not re.search(r"\d", unit.group(1)) or re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "",
                                                                                            unit.group(1))):
        return statement
    letters = set(re.findall(r"[A-Za-z]+", unit.group(2).replace("\\mu", "")))
    # `5 / 1023 = 0.0049 V` beside a volume V: after sides of numbers alone, the letters are the result's unit
    valued = {n for n in letters if n in section.inputs or n in section.definitions
              and not section.expand(section.definitions[n]).free_symbols}  # `2 \\cdot 3 = 2 m` after `m = 3`
    numbers = not valued and not any(re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", side)) for side in sides[:-1])
    if not numbers and (letters & _names_in_use(section) or any(_written_in(word, side) for word in letters
                                                                  for side in sides[:-1])):
        return statement
    return " = ".join([*(_upright_quantity(section, side) for side in sides[:-1]),
                       f"{unit.group(1)} \\mathrm{{{unit.group(2)}}}"])


def _upright_quantity(section: Section, side: str) -> str:
    """A side before a result in plain units that is a number in a unit this reader knows, also in plain letters
    (`L = 300 mm = 3 m`), with that unit upright, so the conversion is checked; any other side as written."""
    quantity = PLAIN_UNIT_SIDE.match(side)
    if quantity is None or not NUMBER_RE.fullmatch(quantity.group(1).strip()) or _unit_value(
            quantity.group(2)) is None or set(re.findall(r"[A-Za-z]+", quantity.group(2))) & _names_in_use(section):
        return side
    return f"{quantity.group(1)} \\mathrm{{{quantity.group(2)}}}"


def _unit_key(unit: str) -> str:
    """A unit as written, spaced and braced alike (`\\mathrm{K}`, `K`, `{K}`: K)."""
    return re.sub(r"\\mathrm|[\s{}]", "", unit)


def _in_its_unit(section: Section, chain: str, unit: str) -> dict[str, float]:
    """The quantities given with a unit (`T_{c} = 507.5 \\mathrm{K}`) that a chain uses, where its result is in that
    same unit (`T = 0.25 T_{c} \\approx 127 K`, the unit written after the chain), every quantity it uses is, and
    they are all the names its sides after the first write (arithmetic, once they are put in): name -> number. A
    chain that mixes units (a mass in g, a force in N) may convert them, so none is used there."""
    if not unit or not section.quantities:
        return {}
    sides = _sides(chain)
    computed = sides[1:] if INPUT_RE.match(sides[0]) else sides  # `r/2 = 3.5 mm`: its first side computes too
    try:
        written = {str(s) for side in computed for s in parse(_prepare(side)[0], section._names()).free_symbols}
    except (Unparsed, TypeError, ValueError):
        return {}
    used = {name: quantity for name, quantity in section.quantities.items() if name in written}
    # `t \approx 800 s` after `t = 80 s`: a value given again, no claim
    if not used or set(used) != written or _plain_name(sides[0]) in used or any(
            name in section.definitions or quantity[1] != _unit_key(unit) for name, quantity in used.items()):
        return {}
    return {name: number for name, (number, _) in used.items()}


UNCONVERTED = ("quantities in different units, one of which the reader does not convert (`1 \\mathrm{L} = 1 "
               "\\mathrm{dm}^3`, `312 \\mathrm{K} = 39 ^\\circ\\mathrm{C}`, `1 \\mathrm{MeV} = 1.602 \\times 10^{-13} "
               "\\mathrm{J}`)")


# `1  dm^3`: a number and a word of two letters or more after it, a unit this reader may not know
WORD_UNIT_SIDE = re.compile(rf"^(\s*{NUMBER})\s*([A-Za-z]{{2,}}(?:\^\{{?[-−]?\d+\}}?)?)\s*\.?$")


def _unconverted(section: Section, statement: str) -> bool:
    """Whether a chain's sides end in two or more units, one of which has no value this reader knows: a conversion
    it cannot check, whose numbers differ as the units do. A letter the section uses as a name is none (`4L` after
    `L = 2,3cm`)."""
    units = {(re.sub(r"\s+", "", m.group(2)), upright) for side in _sides(statement)
             for upright, m in ((True, UNIT_SIDE.match(side)), (False, PLAIN_UNIT_SIDE.match(side) or
                                                                 WORD_UNIT_SIDE.match(side)))
             if m and m.group(2).count("}") <= m.group(2).count("{") and (
                 upright or not _unit_is_a_name(section, side[len(m.group(1)):]))}  # not `\\frac{...}{... m^3}`
    # a unit in plain letters (`1 dm^3`, `1.602\\times10^{-13} J`) is one the conversion below does not take
    return len({unit for unit, _ in units}) > 1 and any(_unit_value(unit) is None or not upright
                                                       for unit, upright in units)


def _without_units(statement: str) -> str | None:
    """A chain whose result is written with its unit (`= 10 + 1 = 11 \\mathrm{m}`) as the same chain in numbers: the
    unit names what the number measures, and m is no mass there. "" when its sides are in different units; None
    when no side has one, when the unit is all a name is given (`m = 2 \\mathrm{kg}`, a quantity), or when a side
    computes with quantities in their units."""
    sides = _sides(statement)
    units = [UNIT_SIDE.match(side) for side in sides]
    if len(sides) < 2 or not any(units) or any(re.search(r"\d\s*\\mathrm\{", u.group(1) if u else side)
                                               for side, u in zip(sides, units)):
        return None  # `F = \\frac{(0.1 \\mathrm{kg})(9.81 \\mathrm{m/s^2})}{...}`: quantities within, left as they were
    if len({u.group(2).replace(" ", "") for u in units if u}) > 1 or (
            units[0] and NUMBER_RE.fullmatch(units[0].group(1)) and not units[-1]
            and not re.search(r"[A-Za-z]", re.sub(r"\\(?:times|cdot)", "", sides[-1]))):
        return ""  # `1 \\mathrm{eV} = 1.602 \\times 10^{-19}`: a conversion into a unit it leaves unwritten
    if not any(u is None and not INPUT_RE.fullmatch(side) for side, u in zip(sides, units)):
        return None
    return " = ".join(u.group(1) if u else side for side, u in zip(sides, units))


# SI units and the common others, each its value in SI base units (a unit's letters are matched whole first: `min`,
# `Pa`, `mol`, `cd`; then a prefix and a unit: `km`, `mA`, `\\mu s`)
UNIT_VALUES = {"m": 1.0, "s": 1.0, "kg": 1.0, "A": 1.0, "K": 1.0, "mol": 1.0, "cd": 1.0, "g": 1e-3, "N": 1.0, "J": 1.0,
               "W": 1.0, "Pa": 1.0, "Hz": 1.0, "C": 1.0, "V": 1.0, "\\Omega": 1.0, "F": 1.0, "T": 1.0, "Wb": 1.0,
               "H": 1.0, "S": 1.0, "L": 1e-3, "l": 1e-3, "min": 60.0, "h": 3600.0, "eV": 1.602176634e-19,
               "bar": 1e5, "atm": 101325.0, "cal": 4.184, "Wh": 3600.0, "rad": 1.0, "Å": 1e-10}
UNIT_PREFIXES = {"k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "c": 1e-2, "d": 1e-1, "m": 1e-3, "\\mu": 1e-6, "µ": 1e-6,
                 "u": 1e-6, "n": 1e-9, "p": 1e-12}
# a quantity's unit in upright type after its number or bracket (`1.6 \\mathrm{m/s}^2`, `(1.25 \\mathrm{s})`, `5.0
# \\, \\mathrm{N}`, `3.50 \\, \\mu \\mathrm{F}`, plain TeX's `5.0{\\rm N}`)
QUANTITY_UNIT = re.compile(r"(?<=[\d)}])((?:\s|~|\\[,;: ])*)(\\mu\s*)?(?:\\(?:mathrm|text|textrm|mbox)\s*"
                           r"\{((?:[^{}]|\{[^{}]*\})*)\}|\{\s*\\rm\s+([^{}]*?)\s*\})")
UNIT_FACTOR = re.compile(r"(\\?[A-Za-zµΩÅ]+)\s*(?:\^\s*\{?\s*([-−]?\d+)\s*\}?)?")


def _in_unit_values(statement: str, plain: str | None) -> str | None:
    """A chain with quantities within its sides (`\\frac{1}{2} 1.6 \\mathrm{m/s}^2 (1.25 \\mathrm{s})^2 = 1.25
    \\mathrm{m}`) with each unit written as its value in SI units, so that its numbers are checked and a conversion
    too (`36 \\mathrm{km/h} = 10 \\mathrm{m/s}`); None where no side has a quantity within and all end in one unit
    (`= 10 + 1 = 11 \\mathrm{m}`, read by `_without_units` into `plain`), where it is one given quantity (`m = 2
    \\mathrm{kg}`), or where a unit is none this reader knows (a temperature, a word)."""
    if plain and not QUANTITY_UNIT.search(plain):
        return None
    sides = _sides(statement)
    ends, within = set(), False
    for side in sides:
        for m in QUANTITY_UNIT.finditer(side):
            if re.sub(r"[\s.^{}\d-]", "", side[m.end():]):  # more than a power after it: a quantity within
                within = True
            else:
                ends.add(re.sub(r"\s+", "", (m.group(2) or "") + (m.group(3) or m.group(4))))
    if len(sides) < 2 or not within and len(ends) < 2:
        return None
    values: list[float] = []
    for m in QUANTITY_UNIT.finditer(statement):
        value = _unit_value(("\\mu " if m.group(2) else "") + (m.group(3) or m.group(4)))
        if value is None:
            return None
        values.append(value)
    if not QUANTITY_UNIT.search(sides[-1]) and (ends or any(v != 1 for v in values)):
        return None  # `\\frac{(8.314 \\mathrm{J/mol K}) (304.18 \\mathrm{K})}{8 (73.80 \\mathrm{bar})} = 4.28 \\times
        # 10^{-2}`: a result in a unit left unwritten (L/mol), where a unit's value is no 1
    numbers = iter(values)
    return QUANTITY_UNIT.sub(lambda m: "" if (v := next(numbers)) == 1 else f" \\cdot {_in_latex(v)}", statement)


def _in_latex(value: float) -> str:
    """A positive number as LaTeX writes it: `0.001` as `10^{-3}`, `1.602176634e-19` as `(1.602176634 \\times
    10^{-19})` (SymPy's reader takes `1e-19` for 1 times e minus 19)."""
    exponent = math.floor(math.log10(value))
    mantissa = round(value / 10 ** exponent, 12)
    if not exponent:
        return f"{value:.12g}"
    return f"10^{{{exponent}}}" if mantissa == 1 else f"({mantissa:.12g} \\times 10^{{{exponent}}})"


def _unit_value(unit: str) -> float | None:
    """A unit's value in SI units (`m/s`, `kg m^{-3}`, `\\mu F`, `kWh`), or None where a part is none this reader
    knows."""
    total, sign = 1.0, 1
    text = re.sub(r"\\(?:cdot|,|;|:| )|[·.*]", " ", unit).replace("\\mu ", "µ").replace("\\mu", "µ")
    for part in re.split(r"(/)", text):
        if part == "/":
            sign = -1
            continue
        for m in UNIT_FACTOR.finditer(part.strip()):
            word = m.group(1)
            # `Js`, `Nm`: two units written together, where the letters are no unit with a prefix
            value = _one_unit(word) or next((a * b for k in range(1, len(word)) if (a := _one_unit(word[:k])) and (
                b := _one_unit(word[k:]))), None)
            if value is None:
                return None
            total *= value ** (sign * int((m.group(2) or "1").replace("−", "-")))
        if re.sub(UNIT_FACTOR, "", part).strip():
            return None
    return total


def _one_unit(word: str) -> float | None:
    """One unit's value in SI units, with its prefix (`km`, `\\mu s` as `µs`); None where it is none."""
    return UNIT_VALUES.get(word) or next((p * UNIT_VALUES[word[len(pre):]] for pre, p in UNIT_PREFIXES.items()
                                          if word.startswith(pre) and word[len(pre):] in UNIT_VALUES), None)


# the units whose prefix (UNIT_PREFIXES) a chain's result may carry: `kJ` is 10^3 J
BASE_UNITS = {"J", "g", "m", "s", "W", "Pa", "L", "N", "V", "A", "Hz", "eV", "mol", "K"}


def _in_base_units(statement: str) -> str | None:
    """A chain whose result is in a prefixed unit (`... = -39.97 \\mathrm{kJ mol^-1}`, the arithmetic done in J) as
    the same chain with that result in the base unit (-39.97 \\times 10^{3}); None where its unit has no prefix."""
    sides = _sides(statement)
    units = [UNIT_SIDE.match(side) for side in sides]
    for u in units:
        word = re.match(r"\s*(\\mu|[kMGcmµn])\s*([A-Za-z]+)", u.group(2)) if u else None  # `\\mu s` too
        if word and word.group(2) in BASE_UNITS:
            power = round(math.log10(UNIT_PREFIXES[word.group(1)]))
            return " = ".join(f"{u.group(1)}\\times10^{{{power}}}" if u else side for side, u in zip(sides, units))
    return None


DECIMAL_ALONE = re.compile(r"\s*[-−]?\d+\.\d+\s*")  # `1.581`: a decimal, the whole of a side


def _quoted(reading: Reading, read: str, statement: str) -> Reading:
    """A reading of `read` (a spelling or a part of the statement) given back as the statement as written."""
    if read == statement:
        return reading
    # a message opens quoting what was read; one read after evaluating its integrals (`(\\frac{8}{3}) = \\frac{7}{3}`
    # for `\\int_0^2 x^2 dx = \\frac{7}{3}`) or a part of it quotes the statement as written too
    message = re.sub(r"\A`[^`]*`(?=, )", lambda _: f"`{statement}`",
                     reading.message.replace(f"`{read}`", f"`{statement}`"))
    return replace(reading, statement=statement, message=message)


NORMAL = [(r"\\[dt]?frac(?![A-Za-z])\s*(\d)\s*(\d)", r"\\frac{\1}{\2}"), (r"\\[dt]frac(?![A-Za-z])", r"\\frac"),
          # `0.625^4 0.25`: TeX raises one digit, and the number after the space is a factor (SymPy reads 0.625^40.25)
          (r"\^\s*(\d)\s+(?=\d)", r"^{\1} "),
          # `\\frac1r`, `\\frac{\\ell}L`: TeX takes one token for an argument written without braces
          (r"\\frac\s*([A-Za-z0-9]|\\[A-Za-z]+)\s*(?=[{A-Za-z0-9\\])", r"\\frac{\1}"),
          (r"(\\frac\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})\s*([A-Za-z0-9]|\\[A-Za-z]+)", r"\1{\2}"),
          (r"\\mathrm\{\s*d\s*\}\s*\{\s*(\\?[A-Za-z]+)\s*\}", r"d\1"),  # `\\mathrm{d}{y}` as `dy`
          (r"\\mathrm\{\s*d\s*\}", "d"),
          # `\frac{\mathrm{d}u_C}{\mathrm{dt}}` (`\rm{dt}` as the statements write it), `{\rm d}x`: the
          # differential's d set upright, with its variable or alone
          (r"\\mathrm\s*\{\s*d\s*([A-Za-z])\s*\}|\{\s*\\rm\s+d\s*([A-Za-z])\s*\}", r"d\1\2"),
          (r"\{\s*\\rm\s+d\s*\}", "d"),
          (r"\\exp\s*\^", "e^"),  # `A \\exp^{r_1 t}`: the exponential written as a power of exp, e^{r_1 t}
          # `\\frac{\\delta E}{\\delta I}`: the change in E as I varies, a derivative, not a quotient of products
          (r"\\frac\{\s*\\delta\s*(?=[A-Za-z\\])([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\{\s*\\delta\s*(?=[A-Za-z\\])"
           r"([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", r"\\frac{\\partial \1}{\\partial \2}"),
          (r"_\s*\{\s*\\rm\s+(\w+)\s*\}", r"_{\1}"),  # `P_{\\rm p}`, `T_{\\rm ext}`: a subscript's label, set upright
          (r"\{\s*\\rm\s+([A-Za-z]{2,})\s*\}", r"\\operatorname{\1}"),  # `{\\rm sigmoid}`: one word, no product
          (WORDED_SUBSCRIPT.pattern, subscript_label),  # `x_\\mathrm{A}`, as the statements read it
          (r"\\(?:mathrm|operatorname)\{\s*(sin|cos|tan|tanh|sinh|cosh|exp|ln|log)\s*\}", r"\\\1"),
          # `\\log_264`: TeX takes one token for a subscript, log base 2 of 64; a number after a logarithm is its
          # whole argument (`\\log_{2}64 \\times 32` is log_2(64) times 32)
          (r"\\log_(\d)", r"\\log_{\1}"),
          (LOG_OF_BARE_POWER.pattern, r"\\\1\2(\3^\4)"),  # `\\log 2^3`: log(2^3), not (log 2)^3
          (r"(\\(?:log|ln)(?:_\{[^{}]*\})?)\s*(\d+(?:\.\d+)?)(?![\d.])", r"\1(\2)"),
          # `\\operatorname{e}^{2x}`: e upright is Euler's number, where the text also writes a name e
          (r"\\(?:mathrm|operatorname)\{\s*e\s*\}", r"\\exp(1)"),
          (r"\\mathrm\{(?!E\}\s*\[)([A-Za-z])\}", r"\1"),  # not `\\mathrm{E}[X]`: an expectation
          (r"(?<![A-Za-z\\])d(\\[A-Za-z]+|[A-Za-z])\s*/\s*d(\\[A-Za-z]+|[A-Za-z])(?![A-Za-z])", r"\\frac{d\1}{d\2}"),
          (r"\\(?:leftroot|uproot)\s*\{[^{}]*\}", ""),  # `\\sqrt[\\leftroot{-2}\\uproot{2}3]`: where the index sits
          (r"\\sqrt\s*\[\s*\]", r"\\sqrt"),  # `\\sqrt[]{2031}`: an empty index, a square root
          (r"\\sqrt\s*(\d)", r"\\sqrt{\1}"),
          # `\\sqrt\\pi`, `\\sqrt x`: TeX takes the one next token, a command or a letter, as the radicand
          (r"\\sqrt\s*(\\(?!(?:[dt]?frac|left|big|Big|bigg|Bigg)(?![A-Za-z]))[A-Za-z]+|[A-Za-z])", r"\\sqrt{\1}"),
          (r"\\sqrt\s*\(([^()]*)\)", r"\\sqrt{\1}"),
          (r"\^\s*(?:\\prime(?![A-Za-z])|\{\s*((?:\\prime\s*)+)\})",  # `u^\\prime`, `u^{\\prime\\prime}`: primes
           lambda m: "'" * max(1, (m.group(1) or "").count("prime")))]


def _normal(statement: str) -> str:
    """`\\dfrac` as `\\frac`, `\\mathrm{d}x` as `dx`, `\\mathrm{tanh}` as `\\tanh`, `x_\\mathrm{A}` as `x_{A}`,
    `\\sqrt2` as `\\sqrt{2}`, `d\\theta/d\\xi` as `\\frac{d\\theta}{d\\xi}`, `u^{\\prime\\prime}` as `u''`: one spelling
    for what reads the same."""
    for pattern, repl in NORMAL:
        statement = re.sub(pattern, repl, statement)
    if BINARY_LOGS.get():  # `H(p) = -p\\log p - ...` in a text that says its logarithms are base 2
        statement = LOG.sub(r"\\log_{2}", statement)
    return _over_as_frac(statement)


def _over_as_frac(latex: str) -> str:
    """`{I_C \\over I_{DC}}` as `\\frac{I_C}{I_{DC}}`: plain TeX's fraction, whose numerator runs from the group's
    opening brace."""
    while over := re.search(r"\\over(?![A-Za-z])", latex):
        depth, start = 0, None
        for k in range(over.start() - 1, -1, -1):
            depth += {"}": 1, "{": -1}.get(latex[k], 0)
            if depth < 0:
                start = k
                break
        end = start is not None and brace_group(latex, start)
        if not end:
            return latex
        inner = latex[start + 1:end[1] - 1]
        top, bottom = inner[:over.start() - start - 1], inner[over.end() - start - 1:]
        latex = f"{latex[:start]}\\frac{{{top.strip()}}}{{{bottom.strip()}}}{latex[end[1]:]}"
    return latex


def _read_statement(section: Section, statement: str, cell: int, condition: bool = False,
                    domain: Domain | None = None) -> Reading:
    """read_statement on a statement in its one spelling."""
    if (timed := _dotted_function(section, statement)) != statement:  # `\\dot{x} = 3t^2` after `x(t) = t^3`
        return replace(_read_statement(section, timed, cell, condition, domain), statement=statement)
    if (converted := _in_base_ten(statement)) != statement and not BASED.search(converted):
        return replace(_read_statement(section, converted, cell, condition, domain), statement=statement)
    if why := _notation(statement):
        if BASED.search(statement):  # `101011_{binary} = 1 \\cdot 2^5 + ... = 43_{10}`: decimal links are arithmetic
            decimal = DECIMAL_NUMERAL.sub(r"\1", statement)
            return _arithmetic_failure(section, decimal, cell, skip=BASED) or Reading(statement, cell, "unchecked",
                                                                                      reason=why)
        return Reading(statement, cell, "unchecked", reason=why)
    if "\\approx" in statement and (reading := _arithmetic(statement, cell)):
        return reading
    if "\\equiv" in statement or re.search(r"\\neq?(?![A-Za-z])", statement):
        return Reading(statement, cell, "unchecked", reason="an identity sign or an inequation: no formula reader "
                                                            "checks it")
    if STATISTIC.search(statement):
        return _statistics(section, statement, cell, condition)
    if (given := E_VALUE.fullmatch(statement)) and not condition:
        value, decimals = parse_number(given.group(1))
        if abs(value - math.e) <= tolerance(value, decimals, approximate=True):
            return Reading(statement, cell, "identity", True)  # `e \approx 2.718`: Euler's number
        if abs(value - math.e) <= 0.01 * math.e and not E_IS_A_NAME.get():
            # `The sequence converges to the limit $e \approx 2.73$`: Euler's number, to a digit too many or wrong
            return Reading(statement, cell, "identity", False, f"`{statement}`, but Euler's number e is "
                                                                f"{math.e:.{max(decimals, 0) + 3}f}...")
        section.inputs["e"] = value  # `e \approx 0.2`: a name e (an error) given its value, no claim about Euler's
        return Reading(statement, cell, "input")
    if (reading := _relations(section, statement, cell, condition, domain)) is not None:
        return reading
    sides = _sides(statement)
    if len(sides) > 2 and not sides[0]:  # `$ = 4 - 0.001 \\cdot 112 = 3.898$`: a chain continued from the text
        rest = "=".join(sides[1:]).strip()
        return _quoted(_read_statement(section, rest, cell, condition, domain), rest, statement)
    if len(sides) == 2 and not sides[0] and re.search(r"\d", sides[1]) and not re.search(
            r"[A-Za-z]", re.sub(r"\\(?:[dt]?frac|cdot|times|sqrt|left|right)(?![A-Za-z])", "", sides[1])):
        # `24 \\text{ [bytes]} = 2.4 \\text{ [kB]}`: words cut its left side off; the value it states is still a claim
        return Reading(statement, cell, "unchecked", reason=LEFT_IN_WORDS)
    if len(sides) < 2 or not sides[0]:
        return Reading(statement, cell, "none")
    if any(re.fullmatch(r"\\text\{[^{}]*\}\s*\.?", side) for side in sides):
        head = FUNCTION_DEF.match(sides[0].strip())
        if len(sides) == 2 and (_function_key(head.group(1)) if head else _plain_name(sides[0])) in section.inherited:
            _forget(section, sides[0])  # `p(t) = \\text{unit price}`: an earlier section's p is not this one's
        return Reading(statement, cell, "description")  # `x + y = \\text{const}`: a family of curves, named
    if not condition and len(sides) == 2 and (reading := _entrywise(section, statement, cell, *sides)):
        return reading
    if why := _undecidable(section, statement):  # its links of numbers alone are still arithmetic (`DOF = 3 + 3 = 6`)
        failure = None if RATIO.search(statement) else _arithmetic_failure(section, statement, cell)  # not `2:4:1`
        return failure or Reading(statement, cell, "unchecked", reason=why)
    left, right = sides[0], sides[-1]
    if (unit := re.fullmatch(r"\s*([ij])\s*\^\s*\{?\s*2\s*\}?\s*", left)) and right.strip() == "-1" and not condition:
        section.definitions[unit.group(1)] = _sympy()[0].I  # `j^2 = -1`: from here on j is the imaginary unit
        return Reading(statement, cell, "definition")
    if (UNIT.match(right) or len(sides) == 2 and SCIENTIFIC_UNIT.match(right)) and INPUT_RE.match(left) and not (
            _unit_is_a_name(section, right)):
        # `A_n = 2840 \\mathrm{mm^2} - 2 \\times 24 \\mathrm{mm} \\times 7.2 \\mathrm{mm} = 2494 \\mathrm{mm^2}`: its
        # links of quantities are arithmetic in their units, checked
        if len(sides) > 2 and (failure := _arithmetic_failure(section, statement, cell)):
            return failure
        quantity = UNIT_SIDE.match(right) or PLAIN_UNIT_SIDE.match(right)
        if not condition and len(sides) == 2 and quantity and NUMBER_RE.fullmatch(quantity.group(1).strip()):
            section.quantities[_plain_name(left)] = (parse_number(quantity.group(1))[0], _unit_key(quantity.group(2)))
        return Reading(statement, cell, "input", reason="a quantity with a unit: its value is used only in a claim "
                                                        "whose result is in the same unit")
    if condition and _is_place(left, right, len(sides)):
        return Reading(statement, cell, "place")  # `at $x = 3$`: where a claim holds; it states nothing
    if condition:
        try:
            return _condition(section, statement, cell, sides)
        except Unparsed:
            return Reading(statement, cell, "unparsed")
    if reading := _adjoint_notation(section, statement, cell, left, right):
        return reading
    if len(sides) == 2 and (reading := _conjugate(section, statement, cell, left, right)):
        return reading
    number = NUMBER_RE.match(right)
    pair = re.fullmatch(r"\(([^()]*)\)", left.strip()), re.fullmatch(r"\(([^()]*)\)", right.strip())
    if all(pair) and INPUT_RE.match(left):
        names = [n.strip().lstrip("\\") for n in pair[0].group(1).split(",")]
        values = [NUMBER_RE.match(v) for v in pair[1].group(1).split(",")]
        if len(names) == len(values) and all(values):
            section.inputs.update({n: parse_number(v.group(1))[0] for n, v in zip(names, values)})
            return Reading(statement, cell, "input")
    try:
        if INPUT_RE.match(left) and number and len(sides) == 2 and "(" not in left and not _valued_letters(section,
                                                                                                           left):
            name = _plain_name(left)
            if not section.own(name):  # a value this section gives: an earlier section's formula for it is set aside
                section.set_aside(name)  # `T(\\beta) = a + b\\beta` earlier, now the horizon `T = 600`
                section.inputs[name] = parse_number(number.group(1))[0]
                _measured(section, name, number.group(1))
                return Reading(statement, cell, "input")
        if reading := _closed_input(section, statement, cell, left, right, len(sides)):
            return reading
        if reading := _same_value(section, statement, cell, sides):
            return reading
        if len(sides) > 2 and FUNCTION_DEF.match(sides[1].strip()) and not FUNCTION_DEF.match(left.strip()):
            _definition(section, statement, cell, sides[1], sides[2])  # `u = f(x) = ...`: f too
        if len(sides) > 2 and left.strip() == "0":
            for name in _another_relation(section, sides[1]):
                section.set_aside(name)  # `0 = U_{n+1} - U_n - \frac{\Delta t}{2}(...)`: another method's update
        if len(sides) > 2 and INPUT_RE.match(left) and _written_in_latex(left, "=".join(sides[2:])):
            # `\\overline{K} = \\alpha\\beta \\overline{Y} = \\alpha\\beta \\overline{K}^{\\alpha} ...`: a steady state
            return Reading(statement, cell, "unchecked", reason="the name its first link gives comes back in a later "
                                                                "link: an equation to solve for it, not its definition")
        if number and len(sides) > 2 and INPUT_RE.match(left) and "(" not in left and (
                (name := _plain_name(left)) in section.inputs and name not in section.definitions):
            # `x = \\frac{\\sqrt{5} - 1}{2} = 0.618` after `x = 0`: the chain gives x a new value, its links are claims
            section.inputs[name] = parse_number(number.group(1))[0]
            section.measured.pop(name, None)
            sides = sides[1:]
            left = sides[0]
        if len(sides) > 2 and number and _application(section, left):
            # `P(A \\cup B) = P(A) + P(B) - P(A \\cap B) = 0.7`: the chain gives the application its value, and the
            # links after it are claims
            sides = sides[1:]
            left = sides[0]
        head = None
        # `s_3 = s_2 + 2T_0 = 170`, `\\rho(\\xi) = \\xi^3 - ... = 0` (the next method's polynomial, then its equation)
        function = FUNCTION_DEF.match(left.strip())
        redefined = number and len(sides) > 2 and (_plain_name(left) in section.definitions or bool(
            function and _function_key(function.group(1)) in section.functions))
        if (not number or redefined) and _primed_formula(section, left) is None and (
                head := _definition(section, statement, cell, left, sides[1])):
            if len(sides) == 2:
                return head
            # `z = y^2 = (x+1)^2`: defined (or restated, or redefined for a new example) by the first link; the
            # rest are claims, checked whatever the first link was
            sides = sides[1:]
            if head.kind == "definition":  # `\\lambda = 4L = 8,2 cm` under a new `###`: this subsection's lambda, whose
                section.defined_under[_plain_name(left)] = section.subsection  # links read this subsection's L
        if number and len(sides) == 2:
            value, decimals = parse_number(number.group(1))
            return _claim(section, statement, cell, left, right, decimals)
        # `K_c = 0.45 \\times 8.1 = 3.6`: a chain's link to a number holds to the digits that number is written with
        results = _links(section, statement, cell, sides, _plain_name(left) if head is not None else "")
        results = _algebra_steps(section, statement, cell, sides, results)
        if results and results[0].ok is None and not any(r.ok is False for r in results):
            results += _derivative_to_tail(section, statement, cell, sides)
        if head is not None and head.kind == "definition" and any(r.reason == INTRODUCES or r.kind == "unparsed"
                                                                  for r in results):
            name = _plain_name(left)
            section.forms[name] = section.definitions.get(name), sides[1:]
        results += [head] if head is not None and head.kind != "definition" else []
        failed = [r for r in results if r.ok is False]
        unchecked = [r for r in results if r.ok is None]
        if not failed and _names_its_result(left, results, unchecked):
            results = results[1:]  # `y = 2b + 1 = 7`: the first link names what the checked links compute
            unchecked = []
        if number and not failed and INPUT_RE.match(left) and "(" not in left and _unused(section, _plain_name(left)):
            # `g = \\frac{\\Delta T_{2x}}{\\Delta T_0} = \\frac{3}{1.2} = 2.5`, in names nothing defines: g is 2.5, to
            # its digits (`T = \\frac{2\\pi}{50} = 0.1257`: a later `f = \\frac{1}{T} = 7.958` used the unrounded T)
            value, decimals = parse_number(number.group(1))
            section.inputs[_plain_name(left)] = value
            if decimals > 0:
                section.measured[_plain_name(left)] = 0.5 * 10 ** -decimals
        return failed[0] if failed else unchecked[0] if unchecked else results[0]
    except Unparsed:
        _forget(section, left)
        return Reading(statement, cell, "unparsed")


def _names_its_result(left: str, results: list[Reading], unchecked: list[Reading]) -> bool:
    """Whether a chain's only unchecked link is its first, a lone name nothing defines set to what the later links
    compute and check (`y = 2b + 1 = 7` after `b = 3`, `a = 2.0/1.25 = 1.6`): the statement is checked; its first
    link defines y."""
    first = results[0] if results else None
    return (len(unchecked) == 1 and unchecked[0] is first and (first.reason == INTRODUCES or (
        first.kind == "number" and not first.reason)) and bool(INPUT_RE.match(left)) and "(" not in left
            and all(r.ok for r in results[1:]) and len(results) > 1)


def _algebra_steps(section: Section, statement: str, cell: int, sides: list[str], results: list[Reading]
                   ) -> list[Reading]:
    """The links of a chain of forms of one expression in names nothing defines (`(x+1)^2 = x^2 + 2x + 1 = x^2 +
    x + 1`): where a link holds as an identity, a link that fails is a wrong step of the algebra, not a relation
    between the names; any other chain's links as they were."""
    if len(results) != len(sides) - 1 or not any(r.reason == RELATION for r in results):
        return results
    if not any(r.reason == UNDEFINED_IDENTITY for r in results):
        return _last_step(section, statement, cell, sides, results)
    if results[0].kind == "unparsed" and len(sides) > 3:
        # `\\operatorname{det}(\\mathbf{A}) = ad - bc = ad - bc = ad + bc`: a first side the reader cannot read writes
        # what the later sides work out; their links are still algebra
        return results[:1] + _algebra_steps(section, statement, cell, sides[1:], results[1:])
    try:
        values = [section.expand(_side(section, side)) for side in sides]
    except (Unparsed, LookupError, TypeError, ValueError, AttributeError):
        return results
    if not _forms_of_one(section, values):
        return results
    def step(r: Reading, a: str, b: str, x: Any, y: Any) -> Reading:
        """A link's reading: a wrong step where it is one, read as written and otherwise."""
        if r.reason != RELATION or not _wrong_step(section, x, y):
            return r
        if why := _read_otherwise(section, a, b, lambda c, d: not _wrong_step(
                section, *(section.expand(_side(section, side)) for side in (c, d)))):
            return Reading(statement, cell, "unchecked", reason=why)
        return Reading(statement, cell, "identity", False, f"`{statement}`, but its link `{a} = {b}` does not hold: "
                                                           f"the left side is {section.show(x)}, and the right side "
                                                           f"{section.show(y)}, where its other links hold for every "
                                                           f"value of the same names")

    return [step(*link) for link in zip(results, sides, sides[1:], values, values[1:])]


def _middle_step(section: Section, statement: str, cell: int) -> Reading | None:
    """A side of a chain in names nothing defines that differs from the sides before and after it, which agree for
    every value of them (`\\frac{(N-2)^2}{N^2} + 4\\frac{N-1}{N^2} = \\frac{N^2 - 4N - 4}{N^2} + \\frac{4N-4}{N^2}
    = 1`): a wrong step between two right ones, whatever the chain's unread sides are; None where there is none."""
    sympy, _ = _sympy()
    sides = _sides(statement)
    if len(sides) < 3 or NOT_ALGEBRA.search(statement) or OTHER_OPERATION.search(statement):
        return None
    values: list[Any] = []
    known = {sympy.Symbol(n) for n in section._names()}
    inherited = {sympy.Symbol(n) for n in section.inherited}
    with section.unchanged():
        for side in sides:
            try:
                written = _side(section, side)
                # `\\dfrac{x-4}{-1}=y=\\dfrac{z+1}{0}` after an earlier exercise's x, y, z: that example's names
                values.append(None if written.free_symbols & inherited else section.expand(written))
            except (Unparsed, LookupError, TypeError, ValueError, AttributeError):
                values.append(None)
    for k in range(1, len(sides) - 1):
        if NUMBER_RE.match(sides[k]):
            continue  # `x^3+x &= 0 \\\\ &= x(x^2+1)`: an equation to solve, its right side, then its left factored
        before, value, after = values[k - 1:k + 2]
        # the side before is a formula in names, and the middle one writes none it does not (`\\cancel{x}`, words)
        if any(v is None or getattr(v, "free_symbols", set()) & known or v.atoms(sympy.core.function.AppliedUndef)
               for v in (before, value, after)) or not before.free_symbols or not (
                value.free_symbols <= before.free_symbols | after.free_symbols):
            continue
        if not _wrong_step(section, before, after) and _wrong_step(section, before, value):
            side = TRAILING_PUNCTUATION.sub("", sides[k].strip())
            shown = section.show(sympy.simplify(value)), section.show(sympy.simplify(before))
            return Reading(statement, cell, "identity", False, (
                f"`{statement}`, but its side `{side}` is {shown[0]}, while the sides before and after it agree for "
                f"every value of the same names ({shown[1]})"))
    return None


# what makes a chain more than algebra in plain names: words, cancelled terms, vectors, matrices, derivatives
NOT_ALGEBRA = re.compile(r"\\(?:cancel|hbox|mbox|text|vec|mathbf|bf|boldsymbol|partial|nabla|begin|det)(?![A-Za-z])|"
                         r"\\frac\s*\{\s*d")


def _forms_of_one(section: Section, values: list[Any]) -> bool:
    """Whether sides are all in the same names, which nothing in the section defines or gives, applying no function
    nothing defines: forms of one expression."""
    sympy, _ = _sympy()
    names = {frozenset(v.free_symbols) for v in values}
    return len(names) == 1 and bool(next(iter(names))) and not any(
        v.atoms(sympy.core.function.AppliedUndef) for v in values) and not {
        str(n) for n in next(iter(names))} & section._names()


def _last_step(section: Section, statement: str, cell: int, sides: list[str], results: list[Reading]
               ) -> list[Reading]:
    """A chain whose first side writes more (`\\sum_i (\\alpha x_{1_i} + \\beta x_{2_i})^2`, `1 - p_+^2 - p_-^2`) and
    whose later links put values in for what it writes, then simplify in the names left (`= (-3\\alpha - \\beta)^2 +
    ... = 20\\alpha^2 - 2\\alpha\\beta + 20\\beta^2`): its last link, in the same names on both sides, is a step of
    algebra, which holds for every value of them."""
    if len(sides) < 3 or results[-1].reason != RELATION:
        return results
    try:
        x, y = (section.expand(_side(section, side)) for side in sides[-2:])
    except (Unparsed, LookupError, TypeError, ValueError, AttributeError):
        return results
    try:
        first = section.expand(_side(section, sides[0])).free_symbols
    except (Unparsed, LookupError, TypeError, ValueError, AttributeError):
        first = None  # a sum the reader cannot read: it writes the data the later links put in
    if not _forms_of_one(section, [x, y]) or first is not None and not first > x.free_symbols or not _wrong_step(
            section, x, y) or _holds_where_required(section, f"{sides[-2]} = {sides[-1]}"):
        # `= \\alpha^2 + 2\\alpha\\beta + \\beta^2 = 1 + 2\\alpha\\beta` where the text says `\\alpha^2 + \\beta^2 = 1`
        return results
    a, b = sides[-2].strip(), TRAILING_PUNCTUATION.sub("", sides[-1].strip())
    return [*results[:-1], Reading(statement, cell, "identity", False, f"`{statement}`, but its last link `{a} = {b}` "
                                   f"does not hold: the left side is {section.show(x)}, and the right side "
                                   f"{section.show(y)}, a step of algebra in the same names")]


def _wrong_step(section: Section, x: Any, y: Any) -> bool:
    """Whether a step of algebra fails at whole numbers too (`\\cos(\\frac{4\\pi n}{3}) = \\cos(\\frac{2\\pi n}{3})`
    holds at every whole n, an index the text may mean), and with i or j the imaginary unit (`\\frac{j}{j^2} =
    \\frac{j}{-1}`) and e Euler's number."""
    sympy, _ = _sympy()
    difference = x - y
    # i or j the imaginary unit, e Euler's number (`0.9e^{j\\frac{\\pi}{10}}` where the text also writes a name e)
    units = {s: sympy.I if str(s) in ("i", "j") else sympy.E
             for s in difference.free_symbols if str(s) in ("i", "j", "e")}
    try:
        # `\\frac{0.9e^{j\\pi/10}}{0.9e^{j\\pi/10} - 0.9e^{-j\\pi/10}} = -j\\frac{e^{j\\pi/10}}{2\\sin(\\pi/10)}`: equal
        # numbers that simplify does not bring to 0 are equal at the samples
        held = units and difference.subs(units)
        if units and (sympy.simplify(held) == 0 or section._zero_at_samples(held)):
            return False
        return not section._zero_at_samples(difference, whole=set(difference.free_symbols))
    except (LookupError, TypeError, ValueError):
        return False


def _derivative_to_tail(section: Section, statement: str, cell: int, sides: list[str]) -> list[Reading]:
    """A chain that opens on the derivative of an explicit expression, whose next link the reader cannot read
    (`\\frac{d}{dx}(x e^x) = e^x\\frac{dx}{dx} + x\\frac{de^x}{dx} = e^x + xe^x`): the derivative against the first
    later side it can read in the same variable, as the chain says they are equal."""
    m = _frac(sides[0].strip())
    if not m or m[1] or not m[3]:
        return []
    for later in sides[2:]:
        try:
            written = {str(s) for s in parse(later, section._names()).free_symbols}
        except (Unparsed, LookupError, TypeError, ValueError):
            continue
        if _plain_name(m[2]) not in written:
            continue  # `... = 5`: the derivative at a point, which the chain's skipped link may have set
        reading = _chain_link(section, statement, cell, sides[0], later)
        if reading.ok is not None:
            return [reading]
    return []


def _unused(section: Section, name: str) -> bool:
    """Whether nothing in the section defines a name, gives it a value or uses it in a definition (`m = p_{high} -
    p_{low}` uses p_high: its value is what m's equation gives)."""
    return name not in section.definitions and name not in section.inputs and not any(
        name in {str(x) for x in getattr(d, "free_symbols", ())} for d in section.definitions.values())


def _another_relation(section: Section, latex: str) -> set[str]:
    """The earlier sections' names an equation `0 = ...` writes, where it does not hold with their definitions: it
    relates them anew (the trapezoidal method's `0 = U_{n+1} - U_n - \\frac{1}{2}\\Delta t(\\lambda U_n + \\lambda
    U_{n+1})`, after forward Euler's `U_{n+1} = (1 + \\Delta t\\lambda) U_n`), and the chain's later links are its
    forms, not claims about the earlier definitions."""
    sympy, _ = _sympy()
    coded = _prepare(latex)[0]
    names = {n for n in section.inherited & set(section.definitions) if _written_in(n, coded)}
    if not names:
        return set()
    try:
        holds = sympy.simplify(section.expand(_side(section, latex))) == 0
    except (Unparsed, LookupError):
        return set()
    return set() if holds else names


def _links(section: Section, statement: str, cell: int, sides: list[str], head: str) -> list[Reading]:
    """Each link of a chain on its own (see `_chain_link`); a name only the definition its first link just gave uses
    is still introduced by a link (`l_F = R\\theta = R\\omega t_f`: theta is l_F's leaf, and the link relates it to
    what t_f gives, a relation)."""
    section.head, section.opening = head, "" if head else sides[0]
    section.arguments, section.variables = set(), frozenset()
    for side in filter(None, (head, sides[0])):  # `f(x,y) = 2x^2 + 20y^2 = ...`: x and y are f's arguments
        with contextlib.suppress(Unparsed, LookupError, TypeError, ValueError, AttributeError):
            section.arguments |= _arguments(section, _side(section, side))
    if FUNCTION_DEF.match(head):
        section.variables = frozenset(section.arguments)
    try:
        return [_chain_link(section, statement, cell, a, b) for a, b in zip(sides, sides[1:])]
    finally:
        section.head, section.opening, section.arguments, section.variables = "", "", set(), frozenset()


def _arguments(section: Section, expr: Any) -> set[str]:
    """The names an expression gives as arguments to functions the section defines (theta_0, theta_1 and x in
    `\\sigma(\\theta_0 + \\theta_1 x)`)."""
    sympy, _ = _sympy()
    return {str(s) for f in expr.atoms(sympy.core.function.AppliedUndef) if type(f).__name__ in section.functions
            for s in f.free_symbols}


def _in_its_arguments(section: Section, stated: Any, claimed: Any) -> bool:
    """Whether a claim writes, on each side, the same names and only those a function the section defines is applied
    to, in it or in its chain's first side (`\\log\\frac{\\sigma(u)}{1 - \\sigma(u)} = u`, `\\log(\\exp(u)) = u`
    after it): a property of that function at any argument, which holds or not, no relation between the names."""
    arguments = section.arguments | _arguments(section, stated) | _arguments(section, claimed)
    written = [{str(s) for s in section.expand(side).free_symbols} for side in (stated, claimed)]
    return bool(written[0]) and written[0] == written[1] and written[0] <= arguments


def _series_value(section: Section, left: str, right: str, stated: Any, claimed: Any) -> bool:
    """Whether a claim gives a sum of a formula in its index its value, in no name the sum does not write
    (`\\sum_{m=1}^{\\infty} x^m = \\frac{x}{1-x}`): the sum is computed, as a derivative of an explicit expression is,
    and the claim holds or not, whatever x is; no relation between names."""
    for side, other, value in ((left, claimed, stated), (right, stated, claimed)):
        if SERIES_HEAD.search(side) and _without_series_heads(side) != side:
            names = [{str(s) for s in section.expand(v).free_symbols} for v in (value, other)]
            return names[1] <= names[0]
    return False


def _defined_opening(section: Section) -> bool:
    """Whether the chain being read opens on a formula in names the section defines (`\\eta_o - \\eta_d = 1 -
    \\frac{1}{\\epsilon^{\\kappa-1}} - ...`): every later side is that quantity, in its leaves. A defined name alone
    is not one: `a = \\frac{d}{2 + \\varphi} = \\frac{\\varphi}{1 + \\varphi} d` after `a = c` gives a anew, in a
    relation (`by the rather special properties of $\\varphi$`)."""
    if not section.opening or LONE_NAME.fullmatch(section.opening):
        return False
    try:
        written = {str(s) for s in _side(section, section.opening).free_symbols}
    except (Unparsed, LookupError, TypeError, ValueError, AttributeError):
        return False
    return bool(written) and written <= set(section.definitions) - set(section.inputs)


# a rate alone: `\\frac{dN}{dt}`, `\\frac{\\partial u}{\\partial x}`, `N'(t)`, `\\dot{x}`
RATE = re.compile(r"\s*(?:\\[dt]?frac\{\s*(?:d|\\partial)\s*(?:\^\{?\d\}?)?\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\}"
                  r"\{[^{}=]*\}|\\?[A-Za-z]+(?:_\{?\w+\}?)?'+(?:\([^()]*\))?|\\d{1,2}ot\{\s*\\?[A-Za-z]+\s*\})\s*")


def _rate_opening(section: Section) -> bool:
    """Whether the chain being read opens on a rate alone (`\\frac{dN}{dt} = r N (1-\\frac{N}{K}) = rN - r
    \\frac{N^2}{K}`, a differential equation): every later side is that rate, so two of them in the same names are
    forms of one formula, whatever function the equation's solution is."""
    return bool(section.opening) and RATE.fullmatch(section.opening) is not None


def _rewritten_rate(section: Section, statement: str, cell: int) -> Reading | None:
    """The failing later link of a differential equation to solve written as a chain (`the logistic ODE:
    $$\\frac{dN}{dt} = r N (1-\\frac{N}{K}) = rN - r \\frac{N^2}{2K}$$`): its right side rewritten, which holds
    whatever the solution is; None where every later link holds or cannot be decided. The equation itself is never
    checked against what the section defines (its solution may be given later)."""
    sides = _sides(statement)
    if len(sides) < 3 or not RATE.fullmatch(sides[0]):
        return None
    section.constants = True
    try:
        with section.unchanged():
            later = _links(section, statement, cell, sides, "")[1:]
    except Unparsed:
        return None
    finally:
        section.constants = False
    return next((r for r in later if r.ok is False), None)


def _function_head(section: Section) -> bool:
    """Whether the chain being read defined a function by its first link (`x(t) = \\exp(j(2\\pi f t + \\varphi)) =
    \\cos(2\\pi f t + \\varphi) + j \\sin(2\\pi f t + \\varphi)`): every later side is that function's value."""
    head = FUNCTION_DEF.match(section.head)
    return bool(head) and _function_key(head.group(1)) in section.functions


def _written_alike(left: Any, right: Any) -> bool:
    """Whether two sides write the same two or more names: forms of one quantity in them, when a defined formula
    opened the chain (an equation between them would be one to solve for a name, which a derivation does not write)."""
    names = [{str(s) for s in side.free_symbols} for side in (left, right)]
    return len(names[0]) >= 2 and names[0] == names[1]


def _same_names(left: Any, right: Any) -> bool:
    """Whether two sides, as written, use the same two or more names and differ by a number at most (`\\frac{Pl^3}
    {48EI}`, `\\frac{Pl^3}{24EI}`): forms of one quantity, one with a wrong coefficient; no relation ties leaves so."""
    sympy, _ = _sympy()
    names = [{str(s) for s in side.free_symbols} for side in (left, right)]
    if len(names[0]) < 2 or names[0] != names[1]:
        return False
    try:
        return not sympy.simplify(left / right).free_symbols
    except (TypeError, ZeroDivisionError):
        return False


def _applies_function(section: Section, side: str) -> bool:
    """Whether a side, as written, applies or differentiates a plain-named function the section defines (`-\\frac{dV(x)}
    {dx}` after `V(x) = \\frac{1}{p} k x^p`): what it reaches is that definition's, its parameters included."""
    return any(re.search(rf"(?:(?<![\\A-Za-z_^])|(?<=[{{\s]d)|(?<=\\partial)){re.escape(name)}\s*(?:\(|\}})", side)
               for name in section.functions if name.isalpha() and len(name) == 1)


def _chain_link(section: Section, statement: str, cell: int, left: str, right: str) -> Reading:
    """One link of a chain, checked on its own: a sum SymPy cannot read in the first link leaves the arithmetic of
    the last (`\\sum_k f(x_k) = \\frac{2}{1+1} \\cdot \\frac{1}{2} = \\frac{1}{2}`) still checked. A failing link
    that is its left side with one name written as a number (`\\frac{10}{2^n} = \\frac{10}{2^5}`) puts that value in:
    the name has it for the links after."""
    try:
        reading = _claim(section, statement, cell, left, right, _decimals(right), scope=f"{left} = {right}")
    except Unparsed:
        return Reading(statement, cell, "unparsed")
    except LookupError as exc:  # `x\\frac{de^x}{dx}`, which nothing defines: the chain's other links are still read
        return Reading(statement, cell, "unchecked", reason=_lookup_reason(exc))
    if reading.ok is False and re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", left + right)) and (
            why := _read_otherwise(section, left, right, lambda a, b: bool(_claim(
                section, statement, cell, a, b, _decimals(b)).ok))):
        # `... = 1/2(1 + \\cos t)e^{it}`, left to right; a link of numbers alone is the chain's arithmetic, read as a
        # calculator does (`x_1 = 1/2(1.5 + 2/1.5) = 1.4167`)
        return Reading(statement, cell, "unchecked", reason=why)
    if reading.ok is False and (put := _values_put_in(section, left, right)):
        section.inputs.update(put)
        return Reading(statement, cell, "input")
    if reading.ok is False and (lone := _one_sided_leaves(section, left, right)):
        names = ", ".join(map(_unname, sorted(lone)))
        return Reading(statement, cell, "unchecked", reason=ONE_SIDED_LEAF.format(names=names))
    if reading.ok is False and INPUT_RE.match(left) and _plain_name(left) in section.inherited - set(section.functions):
        # `Y(t) = Y_t = \\epsilon_t` under `## Noise`, after `## Trend`'s `Y_t = y_0 + rt + \\epsilon_t`: a name an
        # earlier section defined, given this section's formula, as written alone it would be
        return _definition(section, statement, cell, left, right) or reading
    return reading


ONE_SIDED_LEAF = ("a link that gives {names} a value, which nothing defines and only one side writes once the "
                  "definitions are in (`\\frac{{W}}{{Q_f}} = -1 - \\frac{{Q_c}}{{Q_f}}`, a law stated in words): an "
                  "equation for it, no identity")


def _one_sided_leaves(section: Section, left: str, right: str) -> set[str]:
    """The names a link writes on one side, and the other side lacks even once every definition is substituted, that
    nothing defines, gives a value or binds as a variable (W beside `e = Q_f/W`, the first law written in words),
    where each side has names the other lacks and the link gives it in terms of them; a name only a definition brings
    in is not one (`g = x^2 + a` beside `g = f + b`: b was forgotten)."""
    try:
        written = [parse(side, section._names()) for side in (left, right)]
        expanded = [section.expand(_side(section, side)) for side in (left, right)]
    except (Unparsed, LookupError, TypeError, ValueError):
        return set()
    names = [{str(s) for s in side.free_symbols} for side in expanded]
    taken = set(section.definitions) | set(section.inputs) | set(section.functions) | set(INDICES.get())
    lone = {str(s) for s in written[0].free_symbols} - names[1] | {str(s) for s in written[1].free_symbols} - names[0]
    if not names[0] - names[1] or not names[1] - names[0]:
        # names on one side only, the other's all shared: a failing identity in them (`\\frac{k}{N+2} =
        # \\frac{k}{N+1}`), or `\\frac{du}{dv} = 2x`, whose left side is 0; unless a name written on one side only
        # is none a definition uses (`A = f_a - f_w = \\frac{1}{T}`, the true f_w, a deviation stated in words)
        used = {str(s) for n, d in section.definitions.items() if n != section.head  # not the chain's own first link
                for s in getattr(d, "free_symbols", ())}
        sides = [{str(s) for s in side.free_symbols} for side in written]
        lone = {name for name in lone - taken - used if (name in sides[0]) != (name in sides[1])}
        if not lone:
            return set()
    return {name for name in lone - taken if _solved_in_others(expanded[0] - expanded[1], name)}


def _solved_in_others(difference: Any, name: str) -> bool:
    """Whether `difference = 0` gives the name in terms of other names (W = -Q_c - Q_f); `\\frac{k}{N+2} =
    \\frac{k}{N+1}` has no solution for N and `2x = 3x` only x = 0: failing identities, not equations for them."""
    sympy, _ = _sympy()
    try:
        roots = sympy.solve(difference, sympy.Symbol(name))
    except (NotImplementedError, ValueError, TypeError):  # SymPy solves no transcendental mix of them
        return False
    return any(getattr(root, "free_symbols", None) for root in roots)


def _holds_otherwise(section: Section, statement: str, cell: int, link: str) -> bool:
    """Whether a failing link of numbers holds in another reading the text may mean (`\\log(10^{1/2}) = 1/2` with
    the common logarithm; see `_other_readings`)."""
    for pattern, meant in _other_readings():
        if pattern.search(link):
            with section.unchanged():
                if _chain_link(section, statement, cell, *_sides(pattern.sub(meant, link))).ok:
                    return True
    return False


def _approximate_link(section: Section, statement: str, cell: int, left: str, right: str) -> Reading:
    """One link after `\\approx`, checked on its own to the digits of its right side's number."""
    try:
        return _link(section, statement, cell, (left, left), "\\approx", (right, right), None, None)
    except Unparsed:
        return Reading(statement, cell, "unparsed")


def _values_put_in(section: Section, left: str, right: str) -> dict[str, float]:
    """Each name the right side writes as a number where the left writes it (`\\frac{10}{2^n} = \\frac{10}{2^5}`,
    `\\cos(\\theta_v - \\theta_i) = \\cos(-20^\\circ - 10^\\circ)`), with that number; {} where it is no such copy."""
    sympy, _ = _sympy()
    try:
        a, b = parse(left, section._names()), parse(right, section._names())
    except Unparsed:
        return {}
    names = a.free_symbols - b.free_symbols
    numbers = {n for n in b.atoms(sympy.Number) if n not in a.atoms(sympy.Number)}
    for name in sorted(names, key=str):  # in one order, whatever the run's hash seed: the first fit is the value
        for number in sorted(numbers, key=float):
            try:
                if sympy.simplify(a.subs(name, number) - b) == 0:
                    return {str(name): float(number)}
            except ZeroDivisionError:  # SymPy's `primitive` on a sum whose terms it zeroed (`(0 - 0)^2 + ...`)
                continue
    return _written_in_place(section, left, right, {str(n) for n in names}, a, b) if len(names) > 1 else {}


# a name as the text writes it: a command or a letter, with a subscript
NAME_WRITTEN = re.compile(r"\\[A-Za-z]+(?:_\{[^{}]*\}|_\w)?|(?<![\\A-Za-z])[A-Za-z](?:_\{[^{}]*\}|_\w)?(?![A-Za-z])")


def _written_in_place(section: Section, left: str, right: str, names: set[str], a: Any, b: Any) -> dict[str, float]:
    """The numbers the right side writes where the left writes each of these names, the rest written alike (two
    names side by side may get a product sign between their numbers: `j \\omega C`, `j4 \\times 0.1`), where they
    make the left side the right one; else {}."""
    pattern, order, end = "", [], 0
    for m in NAME_WRITTEN.finditer(left):
        if _plain_name(m.group(0)) not in names:
            continue
        between = left[end:m.start()]
        pattern += (r"\s*(?:\\times|\\cdot)?\s*" if order and not between.strip() else
                    r"\s*".join(re.escape(c) for c in between if not c.isspace())) + r"\s*(.+?)\s*"
        order.append(_plain_name(m.group(0)))
        end = m.end()
    found = re.fullmatch(pattern + r"\s*".join(re.escape(c) for c in left[end:] if not c.isspace()), right.strip(),
                         re.DOTALL)
    if found is None or set(order) != names:
        return {}
    values: dict[str, float] = {}
    try:
        for name, written in zip(order, found.groups()):
            value = parse(written, section._names())
            if value.free_symbols or values.setdefault(name, float(value)) != float(value):
                return {}
        sympy, _ = _sympy()
        placed = a.subs({sympy.Symbol(n): v for n, v in values.items()})
        return values if section._zero_at_samples(placed - b) else {}  # `j` the same on both sides, at any value
    except (Unparsed, TypeError, ValueError, LookupError):
        return {}


# `25.84^\\circ`, as statements.py writes it in radians: `(\\frac{25.84 \\pi}{180})`
IN_DEGREES = re.compile(r"\s*\(?\s*\\frac\{\s*(\d+(?:\.\d+)?)\s*\\pi\s*\}\{\s*180\s*\}\s*\)?\s*")
# a degree is pi/180 of a radian: a digit of degrees reaches log10(180/pi), 1.76 places, further in radians
DEGREE_PLACES = math.log10(180 / math.pi)
DEGREES_IN = re.compile(r"\\frac\{\s*(\d+(?:\.\d+)?)\s*\\pi\s*\}\{\s*180\s*\}")  # an angle in degrees, in radians


# a side written as a bare power of ten (`10^{29}`, `10^{-3}`)
POWER_OF_TEN = re.compile(r"\s*10\s*\^\s*(?:\{\s*([-−]?\d+)\s*\}|(?=\d)(\d))\s*\.?\s*")


# `1.9 \\cdot (1.602176634 \\times 10^{-19})`: a number in its unit (1.9 eV) written in SI units by `_in_unit_values`
UNIT_SCALED = re.compile(r"\s*([-−]?\d+(?:\.\d+)?(?:\s*\\times\s*10\^\{[-−]?\d+\})?)\s*\\cdot\s*"
                         r"(10\^\{-?\d+\}|\(\d+(?:\.\d+)? \\times 10\^\{-?\d+\}\)|\d+(?:\.\d+)?)\s*")


# `0.7071 + 0.7071j`, `-0.5 - j1.5388`, `0.5 + 1.5388 i`: a complex number written with rounded parts
COMPLEX_DECIMAL = re.compile(r"\s*[-−]?\s*\d+(?:\.\d+)?\s*[-+−]\s*(?:\d+\.\d+\s*(?:\\cdot\s*)?[ij]|[ij]\s*\d+\.\d+)"
                             r"\s*\.?\s*|\s*[-−]?\s*\d+\.\d+\s*[-+−]\s*(?:\d+(?:\.\d+)?\s*(?:\\cdot\s*)?[ij]|[ij]\s*\d+(?:\.\d+)?)\s*\.?\s*")


def _decimals(side: str) -> float | None:
    """The decimals a side written as a number has (`3.6`: 1), or as arithmetic on rounded numbers (`0.5 + 0.311`:
    3, its most precise one's); an angle in degrees to its digits in degrees (`\\arccos 0.9 = 25.84^\\circ`); None
    for a formula."""
    number = NUMBER_RE.match(side)
    if number:
        return parse_number(number.group(1))[1]
    if degrees := IN_DEGREES.fullmatch(side):
        return parse_number(degrees.group(1))[1] + DEGREE_PLACES
    if power := POWER_OF_TEN.fullmatch(side):  # `= 10^{29}`: an order of magnitude, its one digit the 1
        return -int((power.group(1) or power.group(2)).replace("−", "-"))
    if scaled := UNIT_SCALED.fullmatch(side):  # a result in its unit, in SI units: its digits scaled with it
        factor = float(parse(scaled.group(2), set()))
        return parse_number(scaled.group(1))[1] - math.log10(factor)
    if COMPLEX_DECIMAL.fullmatch(side):  # `0.7071 + 0.7071j`: each part to its digits, the most precise one's
        return max(len(d) for d in re.findall(r"\d\.(\d+)", side))
    if (angles := DEGREES_IN.findall(side)) and not re.search(r"[A-Za-z]", re.sub(
            r"\\(?:cdot|times|frac|left|right|pi)|" + DEGREES_IN.pattern, "", side)):
        # `180^{\\circ} - 58.88^{\\circ}`: arithmetic on angles in degrees, to its most precise one's digits in degrees
        return max(len(d.partition(".")[2]) for d in angles) + DEGREE_PLACES
    if re.search(r"[A-Za-z]", re.sub(r"\\(?:cdot|times|frac|left|right)", "", side)):
        return None
    rounded = [len(d) for d in re.findall(r"\d\.(\d+)", side)]
    return max(rounded) if rounded else None


def _closed_input(section: Section, statement: str, cell: int, left: str, right: str, count: int) -> Reading | None:
    """`x = \\sqrt{2}`: a name this section has not defined, given a number written as a formula, is an input."""
    if count != 2 or not INPUT_RE.match(left) or "(" in left or _valued_letters(section, left):
        return None
    name = _plain_name(left)
    if section.own(name) or (value := _closed_value(section, right)) is None:
        return None
    section.set_aside(name)
    section.inputs[name] = float(value)
    return Reading(statement, cell, "input")


# a number in scientific notation with digits after its point (`8.99 \\times 10^9`, `6.674e-11`): a measurement
MEASUREMENT = re.compile(r"\s*[-\u2212]?\d+\.\d+\s*(?:\\times|\\cdot|e|E)\s*(?:10\s*\^)?\s*\{?\s*[-\u2212+]?\d+"
                         r"\s*\}?\s*")


def _measured(section: Section, name: str, number: str) -> None:
    """Record how precisely an input is written when it is written as a measurement, and forget it otherwise."""
    if MEASUREMENT.fullmatch(number):
        section.measured[name] = 0.5 * 10 ** -parse_number(number)[1]
    else:
        section.measured.pop(name, None)


def _same_value(section: Section, statement: str, cell: int, sides: list[str]) -> Reading | None:
    """`\\alpha = \\beta = 0.5`, `\\mu_1 = \\mu_2 = 1`: names this section has not met, or has only given values
    (the next bullet's `\\alpha = \\beta = 0.5` after `\\alpha = 2` and `\\beta = 5`), all given the last side's value;
    each is read as `name = value` (an input or a definition), none as a claim about the others. Given a formula,
    the names may have had one (see below)."""
    names = sides[:-1]
    if len(sides) < 3 or not all(re.fullmatch(r"\s*\\?[A-Za-z]+(?:_\{?[\w-]+\}?)?\s*", n) for n in names):
        return None
    if any(_valued_letters(section, n) for n in names):
        return None  # `y = bc = 7` after `b = 2` and `c = 3`: a claim about b times c
    plain = [_plain_name(n) for n in names]
    if any(section.own(n) for n in plain) and NUMBER_RE.match(sides[-1]):
        return None
    # `A = C = \\frac{1}{\\Delta x^2}`, the next example's coefficients: each name given the formula, a restatement
    # where it agrees with what the name was, the name reused for a new example where it does not (as `A = ...` is)
    readings = [read_statement(section, f"{name} = {sides[-1]}", cell) for name in names]
    kind = "input" if all(r.kind == "input" for r in readings) else "definition"
    return Reading(statement, cell, kind, reason=SAME_VALUE) if all(r.kind in DEFINING for r in readings) else None


SAME_VALUE = "names given one value or formula side by side"


def _valued_letters(section: Section, latex: str) -> bool:
    """Whether a side is two or three letters written together, each a name the section gives a value, that are no
    name of their own (`bc = 7` after `b = 2` and `c = 3`): their product, as SymPy reads them, not a new name."""
    word = latex.strip()
    known = set(section.inputs) | set(section.definitions)
    return bool(re.fullmatch(r"[A-Za-z]{2,3}", word)) and word not in known and word not in section.functions and all(
        letter in known for letter in word)


def _plain_name(latex: str) -> str:
    """A written name as the reader's symbol names it (`\\hat{y}_i` -> `yhatsubi`, `\\sigma` -> `sigma`)."""
    return re.sub(r"^\\mathit\{(\w+)\}$", r"\1", _prepare(latex)[0]).lstrip("\\")


def _given_anew(section: Section, texts: list[str]) -> set[str]:
    """The names an earlier section defined to which this section's prose gives a formula of its own (`## Example
    3`: `\\frac{dy}{dx} = -2x^3 + ...`, then the exact solution `y = -0.5x^4 + ...`): what the section says of them
    before that formula is about its own example, not the earlier one's (`y = 100x - 5x^2`)."""
    found = set()
    for text in texts:
        for statement, role, _ in statements_in_context(text):
            sides = _sides(statement)
            if role == "statement" and len(sides) == 2 and INPUT_RE.fullmatch(sides[0]) and re.search(
                    r"[A-Za-z]", ARITHMETIC_COMMANDS.sub(" ", sides[1])):
                found.add(_plain_name(sides[0]))
    return found & section.inherited


def _forget(section: Section, left: str) -> None:
    """A defined name (or function) restated with what the reader cannot read (`f(x) = \\begin{cases}...`): its old
    definition, or value, no longer says what the text means by it, so it is forgotten."""
    head = FUNCTION_DEF.match(left.strip())
    name = _function_key(head.group(1)) if head else _plain_name(left)
    if re.fullmatch(r"\w+", name) and (name in section.definitions or name in section.functions):
        section.set_aside(name)
    section.inputs.pop(name, None)  # `$s=0$ ... the frequencies $s=\\pm j \\frac{\\pi}{T}$`: s has another value now


REAL_ONLY = "it holds when {names} are {kind}, which the text does not say"
POSITIVE_NAMES = ("it holds where its names are positive (a unit, a magnitude: `|Z| = 11.15 \\, \\Omega` for `Z = "
                  "11.15 e^{j63.4^\\circ} \\, \\Omega`), which the text does not say")
POSITIVE_ONLY = ("it holds where its names lie between 0 and 1 (a square root's branch: `\\sqrt{\\ell^2} = \\ell` for "
                 "a length; an inverse function's: `\\arcsin(\\sin\\alpha) = \\alpha`; a logarithm's: `\\log "
                 "\\theta^{2}(1 - \\theta) = 2\\log\\theta + \\log(1 - \\theta)` for a probability), or where an "
                 "inverse function undoes its function (`\\arccos(\\cos\\theta) = \\theta` for theta in [0, pi]), "
                 "which the text does not say")
DECLARED_REAL = re.compile(r"\$\s*([^$]+?)\s*\\in\s*" + REALS + r"(?:\^?\s*\+)?\s*\$")


def _declared_real(markdown: str) -> set[str]:
    """The names a cell declares real numbers (`$\\Sigma, \\Omega \\in \\mathbb{R}$`, `$a \\in \\mathbb{R}^+$`)."""
    return {_plain_name(name.strip()) for names in DECLARED_REAL.findall(markdown) for name in names.split(",")
            if name.strip()}


# `Let $U, \\tilde{U} \\in \\mathbb{R}^{n \\times k}$ be orthonormal basis matrices`, `an orthogonal matrix $Q$`,
# `$V$ has orthonormal columns`: matrices the prose declares orthogonal (their columns orthonormal)
_ORTHONORMAL_WORD = r"(?:orthonormal|orthogonal|unitary)"
ORTHONORMAL_PROSE = re.compile(
    rf"\$([^$]+)\$,?\s+(?:(?:be|is|are)\s+(?:an?\s+)?{_ORTHONORMAL_WORD}(?!\s+to\b)|(?:has|have|with)\s+"
    rf"{_ORTHONORMAL_WORD}\s+columns)|\b{_ORTHONORMAL_WORD}\s+(?:basis\s+)?matri(?:x|ces)\s+\$([^$]+)\$")
NAMES_IN_A_SPACE = re.compile(r"\s*((?:\\?[A-Za-z]+(?:\{\s*\\?[A-Za-z]\s*\})?(?:_\{?\w+\}?)?\s*,\s*)*"
                              r"\\?[A-Za-z]+(?:\{\s*\\?[A-Za-z]\s*\})?(?:_\{?\w+\}?)?)\s*(?:\\in\b.*)?")


def _declared_orthonormal(markdown: str) -> set[str]:
    """The matrices a cell's prose declares orthogonal or with orthonormal columns, as the matrix reader names them
    (`U`, `tilde U`): their values are drawn so, as the text's claims about them assume."""
    found = set()
    for match in ORTHONORMAL_PROSE.finditer(markdown):
        names = NAMES_IN_A_SPACE.fullmatch(match.group(1) or match.group(2))
        for name in names.group(1).split(",") if names else []:
            try:
                tree = parse_side(name.strip(), set())
            except Unread:
                continue
            if tree[0] == "name" and tree[1].split()[-1][:1].isupper():
                found.add(tree[1])
    return found


def _real_only(section: Section, stated: Any, claimed: Any) -> tuple[set[str], str] | None:
    """The names a failing identity needs to be real, positive or negative to hold (`|e^{x + iy}| = e^x` for real x
    and y), with j (or i) the imaginary unit, and which of these; None when it fails even so."""
    sympy, _ = _sympy()
    difference = section.expand(stated) - section.expand(claimed)
    difference = difference.subs({sympy.Symbol(n): v for n, v in section.inputs.items()})
    if not difference.has(sympy.Abs, sympy.re, sympy.im, sympy.arg, sympy.conjugate):
        return None
    # `e^{\\Sigma + j\\Omega}`: j (or i), which nothing defines, is the imaginary unit
    units = {s: sympy.I for s in difference.free_symbols if s.name in ("i", "j") and s.name not in section.definitions}
    # real names, or positive ones (`|s_p| = \\omega_c` for a filter's order N and cutoff omega_c), or negative ones
    # (`\\frac{1}{e} = -\\frac{W}{Q_c}` for `e = \\frac{|Q_c|}{W}`: heat a pump gives out, negative by its convention)
    for assumption in ({"real": True}, {"positive": True}, {"negative": True}):
        real = {s: sympy.Symbol(s.name, **assumption) for s in difference.free_symbols if s not in units}
        try:
            if sympy.simplify(difference.xreplace({**units, **real})) == 0:
                return {s.name for s in real}, next(iter(assumption))
        except (TypeError, ValueError, AttributeError):
            return None
    return None


def _positive_only(section: Section, stated: Any, claimed: Any) -> bool:
    """Whether a failing identity with a square root, an inverse trigonometric function or a logarithm in it holds
    where its names lie between 0 and 1 (`\\sqrt{a \\ell} = \\frac{\\ell}{\\sqrt{1 - e^2}}` for a length ell and an
    eccentricity e; `\\alpha = \\arccos(x/r) = \\arcsin(y/r)` after `x = r\\cos\\alpha`): a branch the text takes for
    granted, not an error."""
    sympy, _ = _sympy()
    difference = section.expand(stated) - section.expand(claimed)
    difference = difference.subs({sympy.Symbol(n): v for n, v in section.inputs.items()})
    rooted = any(isinstance(p.exp, sympy.Rational) and p.exp.q == 2 for p in difference.atoms(sympy.Pow))
    # `\\arccos(x/r)` of `x = r\\cos\\alpha`; `\\log \\theta^{117}(1 - \\theta)^{283}` split into logarithms
    if not rooted and not difference.has(sympy.asin, sympy.acos, sympy.atan, sympy.log):
        return False
    if _zero_where_undone(section, difference):
        return True
    return bool(difference.free_symbols) and _zero_in_the_unit_box(difference) is True


def _zero_where_undone(section: Section, difference: Any) -> bool:
    """Whether a difference vanishes once each inverse trigonometric function undoes the function it is applied to
    (`n \\arccos x_k = \\frac{\\pi}{2} + \\pi k` for `x_k = \\cos\\frac{\\pi(2k + 1)}{2n}`, k = 0, ..., n - 1): true on
    the principal branch, where the text's ranges put the argument, and not for every value of the names."""
    sympy, _ = _sympy()
    inverses = ((sympy.asin, sympy.sin), (sympy.acos, sympy.cos), (sympy.atan, sympy.tan))
    undone = difference.xreplace({f: f.args[0].args[0] for inverse, function in inverses
                                  for f in difference.atoms(inverse) if isinstance(f.args[0], function)})
    return undone != difference and section._zero_at_samples(undone)


def _zero_in_the_unit_box(expr: Any) -> bool | None:
    """Whether an expression is zero at three points with every name in (0.1, 0.9): zero on a whole open region, so
    (the expression being analytic there) zero there; None where it cannot be evaluated. Fast, unlike simplify."""
    names = sorted(expr.free_symbols, key=str)
    rng = random.Random(0)  # the same points on every run
    try:
        return all(abs(complex(expr.xreplace({n: rng.uniform(0.1, 0.9) for n in names}))) < 1e-9 for _ in range(3))
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, OverflowError):
        return None


def _unit_is_a_name(section: Section, right: str) -> bool:
    """Whether what reads as a unit after a number is a name the section already uses (`h_2 = 2 x^2` beside
    `h_1 = x^4`: x is the variable, not a unit)."""
    letters = re.sub(r"^\s*[-−]?\d+(?:\.\d+)?\s*", "", right)
    word = re.match(r"[A-Za-z]+", letters)
    if word is None:
        return False
    return word.group(0) in _names_in_use(section)


def _names_in_use(section: Section) -> set[str]:
    """The names the section defines, gives values or uses in a definition, and its functions' variables."""
    used = set(section.definitions) | set(section.inputs) | set(section.functions)
    used |= {str(x) for d in section.definitions.values() for x in getattr(d, "free_symbols", ())}
    return used | {str(v) for variables, _ in section.functions.values() for v in _variables(variables)}


def _is_place(left: str, right: str, count: int) -> bool:
    """`x = 3`, `x = (1, 2, 1)` or `(x, y) = (2, 3)` as a condition: the point a claim is made at, not a claim."""
    return count == 2 and INPUT_RE.match(left) is not None and bool(NUMBER_RE.match(right) or LIST_RE.match(right))


# a derivative at a name, not at a point: `f'(x)`, `\\frac{dy}{dx}` (`y'(0)`, `f'(2)` are at points)
AT_A_VARIABLE = re.compile(r"'+\s*\(\s*\\?[A-Za-z]+\s*\)|"
                           r"^\s*\\[dt]?frac\s*\{\s*d[^{}]*\}\s*\{\s*d\s*\\?[A-Za-z]+\s*\}\s*$")


def _condition(section: Section, statement: str, cell: int, sides: list[str]) -> Reading:
    """A condition (`p = y` at `x = 2`): checked where its sides are claims the section decides, else unchecked."""
    with section.unchanged():  # a condition names nothing (`n = N` in `for n=0 and n=N`)
        results = [_claim(section, statement, cell, a, b, None) for a, b in zip(sides, sides[1:])]
    # `such that $f'(x) = 0$`: an equation in x to solve (`satisfies $\\frac{dx}{dt} = 3x$` holds for every t)
    at_a_variable = AT_A_VARIABLE.search(sides[0]) is not None and NUMBER_RE.fullmatch(sides[-1].strip()) is not None
    if not at_a_variable and all(r.kind == "derivative" and r.ok is not None for r in results):
        return next((r for r in results if r.ok is False), results[0])  # a derivative's value at a point
    # its links of numbers alone are still arithmetic (`For a circle, ... = \\frac{\\pi 2^4}{4} = 12.75`)
    return _arithmetic_failure(section, statement, cell) or Reading(
        statement, cell, "unchecked", reason="a condition (at a point, on a boundary), not a definition")


TABLE = re.compile(r"^\s*([A-Z])_\{?([a-z])([a-z])\}?\s*$")
SECOND = re.compile(r"^\s*(?:\\frac\{\s*\\partial\^\{?2\}?\s*(?P<f>\\?[A-Za-z]+)\s*\}\{(?P<by>[^{}]*)\}|"
                    r"\\partial\^\{?2\}?\s*(?P<g>\\?[A-Za-z]+)\s*/(?P<slash>.*))\s*$")
BY = re.compile(r"^\s*\\partial\s*([A-Za-z])_\{?([a-z])\}?\s*\\partial\s*\1_\{?([a-z])\}?\s*$")
GRADIENT = re.compile(r"^\s*\\nabla(?:_\{?([A-Za-z])\}?)?\s*(\\?[A-Za-z]+)(?:\(\s*([A-Za-z])\s*\))?\s*$")
ARRAY = re.compile(r"^\s*\\begin\{([pbv]?matrix)\}(.*)\\end\{\1\}\s*\.?\s*$", re.DOTALL)
PRODUCT = re.compile(r"^\s*([A-Z])\s*(?:\\cdot)?\s*([a-z])\s*$")


def _entrywise(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """A statement about the entries of a vector or matrix, checked exactly with SymPy; None if it is none.

    With `f(x) = x_1^2 x_2 + x_2 x_3^3` (a function of the entries x_1, x_2, ... of x): `\\nabla f = (a, b, c)`
    is its gradient entry by entry; `H_{ij} = \\partial^2 f / \\partial x_i \\partial x_j` names its Hessian,
    which `H = \\begin{pmatrix} ... \\end{pmatrix}` restates, a claim; `x = (1, 2, 1)` gives each entry a
    value; `v = (1, 0, 1)` is a vector of numbers, and `Hv = (4, 5, 12)` the product at those values.
    """
    sympy, _ = _sympy()
    if (head := TABLE.match(left)) and (second := _second_derivative(right, {head.group(2), head.group(3)})):
        section.tables[head.group(1)] = second  # f may be defined later: the matrix is computed where it is used
        return Reading(statement, cell, "definition")
    if gradient := GRADIENT.match(left):
        function = _differentiated(section, gradient.group(2).lstrip("\\"), gradient.group(1))
        entries = _entries(section, str(function[0])) if function else None
        items = _items(right)
        if not entries or items is None or gradient.group(1) not in (None, str(function[0])):
            return None
        expected = sympy.Matrix([sympy.diff(function[1], e) for e in entries])
        return _matrix_claim(section, statement, cell, expected, sympy.Matrix(items), {str(e) for e in entries})
    if (table := _table(section, left.strip())) is not None and (rows := _rows(right)) is not None:
        return _matrix_claim(section, statement, cell, table, sympy.Matrix(rows), {str(s) for s in table.free_symbols})
    numbers = LIST_RE.match(right)
    if INPUT_RE.match(left) and numbers and re.fullmatch(r"\s*[A-Za-z]\s*", left):
        values = [parse_number(n)[0] for n in split_top_level(numbers.group(1), (",",))]
        entries = _entries(section, left.strip())
        section.vectors[left.strip()] = sympy.Matrix(values)
        if entries and len(entries) == len(values):  # `x = (1, 2, 1)` beside f(x_1, x_2, x_3)
            section.inputs.update({str(e): v for e, v in zip(entries, values)})
            return Reading(statement, cell, "input")
        return None
    if (product := PRODUCT.match(left)) and numbers and (table := _table(section, product.group(1))) is not None and (
            product.group(2) in section.vectors):
        value = table.subs({sympy.Symbol(n): v for n, v in section.inputs.items()})
        if value.free_symbols:
            return Reading(statement, cell, "unchecked", reason="not every entry it uses has a value here")
        written = [parse_number(n) for n in split_top_level(numbers.group(1), (",",))]
        return _vector_at_numbers(statement, cell, value * section.vectors[product.group(2)], written)
    return None


def _differentiated(section: Section, name: str, variable: str | None) -> tuple[Any, Any] | None:
    """(variable, body) of what a gradient differentiates: a function of one variable, or a name defined by a formula
    in a vector's entries (`\\nabla_x L` with `L = x_1 + u_1 (x_2 - x_1^3)`, a Lagrangian)."""
    if (function := _one_variable(section, name)) is not None or variable is None or name not in section.definitions:
        return function
    return _sympy()[0].Symbol(variable), section.expand(section.definitions[name])


def _second_derivative(latex: str, indices: set[str]) -> tuple[str, str] | None:
    """(f, x) for `\\partial^2 f / \\partial x_i \\partial x_j` (or written with `\\frac`) over these indices."""
    m = SECOND.match(latex)
    by = BY.match(m.group("by") or m.group("slash") or "") if m else None
    if not by or {by.group(2), by.group(3)} != indices:
        return None
    return (m.group("f") or m.group("g")).lstrip("\\"), by.group(1)


def _table(section: Section, name: str) -> Any | None:
    """The matrix a table names (the Hessian of f in x's entries), once f is defined in reach; else None."""
    sympy, _ = _sympy()
    if name not in section.tables:
        return None
    function_name, base = section.tables[name]
    function = _one_variable(section, function_name)
    entries = _entries(section, base) if function and str(function[0]) == base else None
    return sympy.hessian(function[1], entries) if entries else None


def _entries(section: Section, base: str) -> list[Any] | None:
    """x_1, ..., x_n: the entries of x that the section's definitions and functions use (from 1, or 0), in order."""
    sympy, _ = _sympy()
    pattern = re.compile(rf"^{re.escape(base)}sub((?:Q[a-j])+)$")
    found: dict[int, Any] = {}
    for body in [*section.definitions.values(), *(b for _, b in section.functions.values())]:
        for symbol in getattr(body, "free_symbols", ()):
            if m := pattern.match(str(symbol)):
                found[int("".join(str("abcdefghij".index(c)) for c in m.group(1)[1::2]))] = symbol
    if not found:
        return None
    start = 0 if 0 in found else 1
    return [found.get(k, sympy.Symbol(_name(base, "", str(k)))) for k in range(start, max(found) + 1)]


def _items(latex: str) -> list[Any] | None:
    """The entries of a vector written `(a, b, c)`, `[a, b, c]` or as a one-column matrix; None for anything else."""
    if (rows := _rows(latex)) is not None:
        return [row[0] for row in rows] if all(len(row) == 1 for row in rows) else None
    m = re.fullmatch(r"\s*[\[(](.*)[\])]\s*\.?\s*", latex, re.DOTALL)
    if not m:
        return None
    try:
        return [parse(item) for item in split_top_level(m.group(1), (",",))]
    except Unparsed:
        return None


def _rows(latex: str) -> list[list[Any]] | None:
    """The entries of a `pmatrix` (or `bmatrix`, `matrix`), row by row; None for anything else."""
    m = ARRAY.match(latex)
    if not m:
        return None
    try:
        rows = [[parse(c) for c in row.split("&")] for row in re.split(r"\\\\", m.group(2)) if row.strip()]
    except Unparsed:
        return None
    return rows if rows and len({len(r) for r in rows}) == 1 else None


def _matrix_claim(section: Section, statement: str, cell: int, expected: Any, written: Any,
                  free: set[str]) -> Reading:
    """Two matrices (or vectors) entry by entry: the first entry where they differ is the message."""
    if expected.shape != written.shape:
        return Reading(statement, cell, "identity", False, f"`{statement}`, but the left side has shape "
                       f"{list(expected.shape)}, the right side {list(written.shape)}")
    for (i, j), value in _cells(expected):
        try:
            same = section.same(value, written[i, j], free=frozenset(free))
        except LookupError as exc:  # `\\nabla_u L = [1; 0]` with no value for the x in L: a value nothing gives
            return Reading(statement, cell, "unchecked", reason=str(exc))
        if not same:
            at = f"entry {i + 1}" if expected.shape[1] == 1 else f"entry ({i + 1}, {j + 1})"
            return Reading(statement, cell, "identity", False, f"`{statement}`, but {at} of the left side is "
                           f"{section.show(value)}, of the right side {section.show(written[i, j])}")
    return Reading(statement, cell, "identity", True)


def _cells(matrix: Any) -> list[tuple[tuple[int, int], Any]]:
    """((row, column), entry) for every entry of a SymPy matrix."""
    return [((i, j), matrix[i, j]) for i in range(matrix.shape[0]) for j in range(matrix.shape[1])]


def _vector_at_numbers(statement: str, cell: int, value: Any, written: list[tuple[float, int]]) -> Reading:
    """A computed vector against the numbers written, each to its digits."""
    computed = [float(v) for v in value]
    ok = len(computed) == len(written) and all(abs(c - v) <= tolerance(v, d) for c, (v, d) in zip(computed, written))
    shown = ", ".join(f"{c:g}" for c in computed)
    return Reading(statement, cell, "identity", ok, "" if ok else
                   f"`{statement}`, but the left side is ({shown}), the right side "
                   f"({', '.join(f'{v:g}' for v, _ in written)})")


def _distribution(section: Section, statement: str) -> None:
    """Record `X \\sim \\mathcal{N}(\\mu, \\sigma^2)` (see `nbtruth.statistics`): X is random, drawn from it."""
    def one(text: str) -> Any:
        """One parameter, read as SymPy reads a side."""
        try:
            return parse(text, section._names())
        except Unparsed as exc:
            raise ValueError(text) from exc

    found = parse_distribution(statement, one, lambda text: [t.strip() for t in split_top_level(text, (",",))])
    if not found:  # `X \sim exp(\lambda)`, `X \sim \operatorname{Bin}(n, p)`: drawn from a family the reader lacks
        for name in drawn_names(statement):
            section.random.pop(_plain_name(name), None)
        return
    names, distribution = found
    for name in names:
        if inner := transformed_names(name):
            # `\log x \sim \mathcal{N}(\mu, \sigma)`: x is random, with a distribution (log-normal) the reader
            # does not state; what an earlier sentence drew x from no longer holds
            for plain in inner:
                section.random.pop(_plain_name(plain), None)
            continue
        section.random[_plain_name(name)] = distribution
        section.random_under[_plain_name(name)] = section.subsection


NO_DISTRIBUTION = ("an expectation or a variance of {what}, whose distribution the text does not state in math "
                   "(`X \\sim \\mathcal{{N}}(0, 1)`): the code's measurement is its only evidence")


def _statistics(section: Section, statement: str, cell: int, condition: bool) -> Reading:
    """`\\mathbb{E}[X^2] = \\mu^2 + \\sigma^2`, `\\operatorname{Var}(2X) = 4\\sigma^2`: each side computed from the
    distributions the section states, exactly or (see `nbtruth.statistics`) from seeded draws."""
    parts, ops = split_relations(statement)
    if condition or set(ops) - {"=", "\\approx"} or len(parts) < 2:
        return Reading(statement, cell, "unchecked", reason="a condition or an inequality about a distribution")
    if len(parts) == 2 and (named := _named_statistic(section, parts)):
        return Reading(statement, cell, "unchecked", reason=f"it names the statistic {named}, which nothing else "
                                                            "defines (an estimator, `\\hat{\\mu} = \\mathbb{E}(x)`): "
                                                            "a name given, not a claim")
    results = []
    for a, op, b in zip(parts, ops, parts[1:]):
        try:
            left, right = _statistic_side(section, a), _statistic_side(section, b)
        except LookupError as exc:  # its links of numbers alone are still arithmetic (`= 0.5 - 0.25 = 0.25`)
            return _arithmetic_failure(section, statement, cell) or _plain_link_failure(
                section, statement, cell, parts) or Reading(
                statement, cell, "unchecked", reason=NO_DISTRIBUTION.format(what=exc.args[0]))
        except Unparsed:
            if not section.random:
                return _arithmetic_failure(section, statement, cell) or Reading(
                    statement, cell, "unparsed", reason=NO_DISTRIBUTION.format(what="what it averages"))
            return Reading(statement, cell, "unparsed", reason="an expectation or a variance of what the scalar "
                                                               "reader cannot read (a vector's norm, a matrix)")
        results.append(_statistic_link(section, statement, cell, (a, left), (b, right), op == "\\approx"))
    failed = [r for r in results if r.ok is False]
    unchecked = [r for r in results if r.ok is None]
    if failed and (elsewhere := {section.random_under[n] for n in section.random if _written_in(n, statement)
                                 and section.random_under.get(n, section.subsection) not in ("", section.subsection)}):
        return Reading(statement, cell, "unchecked", reason=f"it reads the distribution another subsection states "
                       f"({', '.join(sorted(elsewhere))}), which may not be the one it means")
    return failed[0] if failed else unchecked[0] if unchecked else results[0]


# a probability written as one (`\\mathbb P(X < 1)`, `P(A)`, `\\Pr[X = 1]`): a statistic too
PROBABILITY_OF = re.compile(r"\\mathbb\s*\{?\s*P\s*\}?|(?<![A-Za-z\\])P\s*[(\[]|\\Pr(?![A-Za-z])")


def _plain_link_failure(section: Section, statement: str, cell: int, parts: list[str]) -> Reading | None:
    """The failing link of a chain about a statistic that writes none on either side (`\\mathbb E \\hat\\pi = c
    \\mathbb P(X_1^2 + X_2^2 < 1/2) = c \\cdot \\pi/8 = \\pi` after `c = 8`): plain algebra on what the section
    gives, checked as any link is, whatever the statistic's distribution; None where every such link holds or is
    undecided."""
    for a, b in zip(parts, parts[1:]):
        if not STATISTIC.search(a) and not STATISTIC.search(b) and not PROBABILITY_OF.search(a + b):
            reading = _chain_link(section, statement, cell, a, b)
            if reading.ok is False:
                return reading
    return None


def _named_statistic(section: Section, parts: list[str]) -> str:
    """The name a side is alone, beside a statistic on the other, when nothing defines it, draws it or uses it as a
    distribution's parameter (`\\hat{\\mu} = \\mathbb{E}(x)`: the estimator named), shown; else ""."""
    sympy, _ = _sympy()
    parameters = {str(x) for d in section.random.values() for p in d.parameters for x in p.free_symbols}
    for side, other in (parts, parts[::-1]):
        if STATISTIC.search(side) or not STATISTIC.search(other):
            continue
        try:
            expr = parse(side, section._names() | set(section.random))
        except (Unparsed, ValueError, TypeError):
            continue
        base = expr.base if isinstance(expr, sympy.Pow) and expr.exp.is_number else expr  # `\\hat{\\sigma}^2`
        if isinstance(base, sympy.Symbol) and str(base) not in section._names() | set(section.random) | parameters:
            return section.show(expr)
    return ""


def _statistic_side(section: Section, latex: str) -> Any:
    """One side with each expectation or variance replaced by its value (an Estimate when the side is one of them
    and only draws can give it); LookupError names what has no stated distribution."""
    sympy, _ = _sympy()
    given: dict[str, Any] = {}
    out, i = "", 0
    symbols = {sympy.Symbol(n): d for n, d in section.random.items()}
    while m := STATISTIC.search(latex, i):
        argument, end = _argument(latex, m.end())
        expr = parse(argument, section._names() | set(section.random))
        parameters = {x for d in section.random.values() for p in d.parameters for x in p.free_symbols}
        strangers = expr.free_symbols - set(symbols) - parameters - {sympy.Symbol(n) for n in section._names()}
        if not expr.free_symbols & set(symbols) or strangers:
            raise LookupError(", ".join(sorted(section.show(x) for x in strangers or expr.free_symbols)) or argument)
        value = statistic(m.group(1), section.expand(expr), symbols)
        if value is None:
            raise LookupError(f"{argument} (its parameters have no values here)")
        if isinstance(value, Estimate):
            if latex[:m.start()].strip() or latex[end:].strip().rstrip("."):
                raise LookupError(f"{argument} (only draws estimate it, and the side is more than it)")
            return value
        out, i = out + latex[i:m.start()] + _placeholder(given, value, "Qe"), end
    return _side(section, out + latex[i:], given)


def _argument(latex: str, start: int) -> tuple[str, int]:
    """What an expectation or a variance is of: a bracketed group (`[X^2]`, `(2X)`) or the next name (`X^2`)."""
    at = start + len(latex[start:]) - len(latex[start:].lstrip())
    if re.match(r"\\(?:lVert|Vert|left|lvert|vert)(?![A-Za-z])", latex[at:]):
        raise Unparsed(latex)  # `\\mathbb{E}\\lVert J v \\rVert^2`: of a vector's norm
    try:
        end = argument_end(latex, at)
    except ValueError:
        raise Unparsed(latex) from None
    return (latex[at + 1:end - 1] if latex[at] in "[(" else latex[at:end]), end


def _statistic_link(section: Section, statement: str, cell: int, left: tuple[str, Any], right: tuple[str, Any],
                    approximate: bool) -> Reading:
    """One link between two sides: exact values compared (at the inputs, to the digits written, for a number), or
    an estimate against a number written, within its digits plus six standard errors."""
    (a, x), (b, y) = left, right
    if isinstance(x, Estimate) or isinstance(y, Estimate):
        estimate, text, other = (x, b, y) if isinstance(x, Estimate) else (y, a, x)
        number = NUMBER_RE.match(text)
        if not number or isinstance(other, Estimate):
            return Reading(statement, cell, "unchecked", reason="an estimate from draws compared with no number "
                                                                "written")
        value, decimals = parse_number(number.group(1))
        slack = tolerance(value, _approximate_decimals(number.group(1), decimals), True) + 6 * estimate.error
        ok = abs(estimate.value - value) <= slack
        return Reading(statement, cell, "identity", ok, "" if ok else
                       f"`{statement}`, but {DRAWS} seeded draws estimate the {'left' if x is estimate else 'right'} "
                       f"side at {estimate.value:.6g} (standard error {estimate.error:.2g}), and the other side is "
                       f"{value:g}")
    number = NUMBER_RE.match(b)
    decimals = _approximate_decimals(number.group(1), parse_number(number.group(1))[1]) if number else None
    try:
        ok = section.same(x, y, decimals, approximate=approximate)
    except LookupError as exc:
        return Reading(statement, cell, "unchecked", reason=_lookup_reason(exc))
    shown = [section.valued(section.expand(side), decimals) for side in (x, y)]
    return Reading(statement, cell, "identity", ok, "" if ok else
                   f"`{statement}`, but the left side `{a}` is {shown[0]} and the right side `{b}` is {shown[1]}")


LEFT_IN_WORDS = ("a value whose left side is written in words or units the reader does not read (`a CFL $= 1$`, `24 "
                 "\\text{ [bytes]} = 2.4 \\text{ [kB]}`)")
APPROXIMATION = "an approximation between formulas: only a number written after it says how close it must be"


def _relations(section: Section, statement: str, cell: int, condition: bool, domain: Domain | None) -> Reading | None:
    """A chain with `\\approx` or an inequality (`\\sigma' = \\sigma(1-\\sigma) \\le 0.25`), each link checked;
    None for a chain of equals signs only.

    The leading `=` links are read as any equation (they may define); every later link is a claim.
    """
    parts, ops = split_relations(statement)
    if all(op == "=" for op in ops) or not all(parts):
        return None
    given = {}
    if (unit := UNIT_SIDE.match(parts[-1]) or PLAIN_UNIT_SIDE.match(parts[-1])) and NUMBER_RE.fullmatch(unit.group(1)):
        parts[-1] = unit.group(1)  # `\approx 4.67\times10^6\,\text{m}`: the number, in the unit it names
        given = _in_its_unit(section, " = ".join(parts[:-1]), unit.group(2))  # `0.25 T_{c} \approx 127 K`
    with section.given(given):
        return _links_related(section, statement, cell, condition, domain, parts, ops)


def _links_related(section: Section, statement: str, cell: int, condition: bool, domain: Domain | None,
                   parts: list[str], ops: list[str]) -> Reading:
    """The reading of a chain with `\\approx` or an inequality, its result's unit dropped (see `_relations`)."""
    if condition:
        return Reading(statement, cell, "unchecked", reason="a condition (at a point, on a boundary), not a definition")
    bare = _bare(section, parts)
    first = next(k for k, op in enumerate(ops) if op != "=")
    # `r = \\left| \\frac{a}{z} \\right| < 1`: a name the chain gives its formula and bounds at once
    introduced = first == 1 and ops[1] in INEQUALITIES and INPUT_RE.match(parts[0]) is not None
    results = []
    try:
        if first and bare is None:
            head = APPLIED_HEAD.match(parts[0])
            new = head and _function_key(head.group(1)) not in set(section.functions) | section._names() and any(
                _plain_name(v.strip()) in section.inputs for v in parts[0][head.end(1):].strip(" ()").split(","))
            head_chain = " = ".join(parts[:first + 1])
            results.append(replace(_quoted(read_statement(section, head_chain, cell), head_chain, statement),
                                   part=head_chain if head_chain != statement else ""))
            if new and first == 1 and "approx" not in ops[first]:
                return Reading(statement, cell, "unchecked", reason=CONSTRAINT)
            introduced = introduced and results[0].kind == "definition"
            if results[0].kind in ("definition", "input"):
                results = []
        texts = bare[2] if bare else parts
        run = 0  # where a later run of `=` links, read as a chain of its own, ends
        for k, op in enumerate(ops):
            if k < run:
                continue
            if k > first and bare is None and (run := _equals_run(ops, k)) > k + 1:
                # `|y(t_1) - w_1| < \\tau = \\frac{Mh^3}{24} = \\frac{2h^3}{24} = \\frac{h^3}{12}`: after the
                # inequality, a chain of its own, whose first link gives tau and whose later links are algebra steps
                chain = " = ".join(parts[k:run + 1])
                results.append(replace(_quoted(read_statement(section, chain, cell), chain, statement), part=chain))
                continue
            if k > first and op == "=" and bare is None and (rounded := _rounded_link(section, statement, cell,
                                                                                      parts[k], parts[k + 1])):
                results.append(rounded)
            elif op in INEQUALITIES and _range_of(section, parts[k], parts[k + 1]):
                results.append(Reading(statement, cell, "unchecked", reason=RANGE_OF))
            elif k >= first or bare is not None:
                with section.approximating(k > first and op == "=" and "\\approx" in ops[:k]):
                    results.append(_link(section, statement, cell, (parts[k], texts[k]), op,
                                         (parts[k + 1], texts[k + 1]), bare, domain))
    except Unparsed:
        return Reading(statement, cell, "unparsed")
    failed = [r for r in results if r.ok is False]
    unchecked = [r for r in results if r.ok is None]
    if introduced and failed and len(results) == 1:
        return Reading(statement, cell, "unchecked", reason=INTRODUCED_BOUND)
    return failed[0] if failed else unchecked[0] if unchecked else results[0]


INTRODUCED_BOUND = ("a name the chain gives its formula, bounded where it does not hold for every value of that "
                    "formula (`r = \\left| \\frac{a}{z} \\right| < 1`, the ratio a series needs to converge): a "
                    "requirement on it, no claim")


def _equals_run(ops: list[str], k: int) -> int:
    """Where the run of `=` links that opens at link k after an inequality ends (k itself where none opens); after
    `\\approx`, each link is rounded as the approximation's number is (see `_rounded_link`)."""
    if ops[k] != "=" or ops[k - 1] not in INEQUALITIES:
        return k
    end = k
    while end < len(ops) and ops[end] == "=":
        end += 1
    return end


RANGE_OF = ("a range the text sets for a name nothing gives a value (`after a long time ($t > 5 \\frac{L}{R} = "
            "0.0005$)`): where the name runs, no claim about every value of it")


def _range_of(section: Section, left: str, right: str) -> bool:
    """Whether an inequality bounds a bare name nothing defines or gives a value by a side that is a number once the
    definitions are in (`t > 5 \\frac{L}{R}` with L and R given): a range for t, not a claim about every t."""
    for name, bound in ((left, right), (right, left)):
        if BARE_NAME.fullmatch(name.strip()) and _plain_name(name.strip()) not in section._names() | {"pi", "e"}:
            try:
                value = section.expand(_side(section, bound))
            except (LookupError, Unparsed, TypeError, ValueError, AttributeError):
                return False
            if value.subs({_sympy()[0].Symbol(n): v for n, v in section.inputs.items()}).free_symbols:
                return False
            section.ranged.add(_plain_name(name.strip()))
            return True
    return False


BARE_NAME = re.compile(r"\\?[A-Za-z]+(?:_\{?\w+\}?)?")
# `c > 0`, `0 < p` written alone: a range for a name (see `_range_of`)
RANGE_STATEMENT = re.compile(r"\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*(?:>|<|\\[gl]eq?(?![A-Za-z])|\\[gl]t(?![A-Za-z]))\s*"
                             r"([^<>=]+?)\s*\.?\s*")
# `g(x_1, x_2)`: a function's name applied to its variables, the whole of a side
APPLIED_HEAD = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\(\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\s*,\s*\\?[A-Za-z]+"
                          r"(?:_\{?\w+\}?)?)*\s*\)\s*$")
CONSTRAINT = ("a new function of variables given values before, defined and bounded at once (`g(x_1, x_2) = -x_1 - "
              "x_2 + 1 \\leq 0`): a constraint on its variables, the region a problem allows, not a claim at those "
              "values")


# a constant written in scientific notation (`6.626\\times10^{-34}`, `6.022 \\times 10^{23}`): a measured value,
# known to its digits
SCIENTIFIC = re.compile(r"(?<![\d.])\d+\.\d+\s*(?:\\times|\\cdot)\s*10\^\{?\s*[-−]?\d+\s*\}?")


# a decimal of three or more significant figures (`1.67`, `9.81`, `0.866`, `12.5`), or one in scientific notation: a
# measured or rounded number, which a whole-number result cannot be known better than (`0.5`, `2.5` are exact)
MEASURED = re.compile(SCIENTIFIC.pattern + r"|(?<![\d.])(?:0\.0*[1-9]\d{2,}|[1-9]\.\d{2,}|[1-9]\d+\.\d+)(?![\d.])")


def _measured_slack(left: str, whole: bool = False, value_of: Callable[[str], float] | None = None) -> float:
    """How far a side of numbers may move when each constant it writes in scientific notation moves by half a unit of
    its last digit (`(\\frac{2\\pi \\cdot 1.3806\\times10^{-23} \\cdot 298.15}{6.022\\times10^{23}
    (6.626\\times10^{-34})^2})^{3/2} = 2.444\\times10^{32}`, which Planck's constant to more digits gives), and, for a
    `whole` number result, each decimal of three figures or more too (`\\frac{5}{1.67} = 3`: the 3 that 5 over 5/3
    is, with 5/3 rounded): 0 when it writes none."""
    return _moved_by_rounding(left, MEASURED if whole else SCIENTIFIC, value_of)


def _moved_by_rounding(side: str, numbers: re.Pattern[str], value_of: Callable[[str], float] | None = None) -> float:
    """How far a side of numbers moves when each number `numbers` finds in it moves by half a unit of its last digit,
    summed: a rounded term (`0.528 + 0.390`) carries its rounding whole, a rounded divisor (`1/8.82`) only its share.
    0 when it writes none, or cannot be computed. `value_of` reads a side (by default, as numbers alone)."""
    value_of = value_of or (lambda text: float(parse(text, set())))
    try:
        value = value_of(side)
        slack = 0.0
        for m in numbers.finditer(side):
            written, decimals = parse_number(m.group(0))
            shifted = (f"{written + d * 0.5 * 10 ** -decimals:.15e}".split("e") for d in (-1, 1))
            moved = [value_of(f"{side[:m.start()]}({mantissa} \\times 10^{{{int(power)}}}){side[m.end():]}")
                     for mantissa, power in shifted]
            slack += max(abs(v - value) for v in moved)
    except (Unparsed, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return 0.0
    return slack


def _rounded_link(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """A link between numbers after the chain's `\\approx`, whose right side sums rounded terms (`\\approx
    -(\\frac{1}{3} \\cdot (-1.585) + ...) = 0.528 + 0.390`): equal within half a unit of the last digit of every
    decimal written on either side, each of which may carry its own rounding. None for any other link."""
    if NUMBER_RE.fullmatch(right) or re.search(r"[A-Za-z\\]", ARITHMETIC_COMMANDS.sub(" ", f"{left} {right}")):
        return None
    if not DECIMAL.search(f"{left} {right}"):
        return None
    try:
        value, written = (float(section.expand(_side(section, side))) for side in (left, right))
    except (LookupError, TypeError, ValueError):
        return None
    return _arithmetic_reading(statement, cell, value, written, _rounding(left, right, written), link=left)


# a decimal as written, with its power of ten (`3.30 \\times 10^{25}`: to 10^{23})
DECIMAL = re.compile(r"\d+\.\d+(?:\s*(?:\\times|\\cdot)\s*10\^\{?[-−]?\d+\}?)?")


def _rounding(left: str, right: str, value: float) -> float:
    """How far the rounding of the decimals two sides of numbers write moves them apart (see `_moved_by_rounding`),
    with float arithmetic's relative 1e-12 for a value of this size."""
    return _moved_by_rounding(left, DECIMAL) + _moved_by_rounding(right, DECIMAL) + 1e-12 * abs(value)


def _order_of_magnitude(section: Section, statement: str, cell: int, left: str, right: str, power: int) -> Reading:
    """`19! \\approx 10^{17}`: a side approximated by a bare power of ten is of that order: from half a decade below
    it (rounded to the nearest power) to a decade above (its leading power, `26! \\approx 10^{26}` for 4e26).
    `2^{64} \\approx 10^{19}` holds, 1.8e19; `19! \\approx 10^{18}` does not, 1.2e17."""
    # log10 of the side in [k - 0.5, k + 1): (20/3)(log10 - k - 1/4) in [-5, 5), 0 to the tens as `\\approx` reads it
    reading = _claim(section, statement, cell, f"\\frac{{20}}{{3}}\\left(\\log_{{10}}\\left({left}\\right) - {power} - "
                     f"\\frac{{1}}{{4}}\\right)", "0", -1, True)
    if reading.ok is not False:
        return reading
    # outside that range it is more than half of 10^k off, so the claim as written fails too and names both sides
    said = _claim(section, statement, cell, left, right, -power, True).message.split("`, but ", 1)[-1]
    return replace(reading, message=f"`{statement}`, but {said}, not of the order of 10^{power}")


def _link(section: Section, statement: str, cell: int, a_side: tuple[str, str], op: str, b_side: tuple[str, str],
          bare: tuple[Any, dict[str, Any], list[str]] | None, domain: Domain | None) -> Reading:
    """One link of a chain, each side as (written, read): an equation, an approximation to a written number, or an
    inequality."""
    (a, a_text), (b, b_text) = a_side, b_side
    if op == "\\approx":
        number = NUMBER_RE.match(b)
        if POWER_OF_TEN.fullmatch(b) and bare is None:
            return _order_of_magnitude(section, statement, cell, a, b, -_decimals(b))
        if not number or bare is not None:
            return Reading(statement, cell, "unchecked", reason=APPROXIMATION)
        value, decimals = parse_number(number.group(1))
        return _claim(section, statement, cell, a, b, _approximate_decimals(number.group(1), decimals), True)
    if op == "=" and bare is None:
        return _claim(section, statement, cell, a, b, _decimals(b))  # `... = 3.24 \\times 10^{25}`: to its digits
    try:
        left, right = (_side(section, side, bare[1] if bare else None) for side in (a_text, b_text))
    except LookupError:
        return Reading(statement, cell, "unchecked", reason=NOT_DETERMINED)
    free = frozenset({str(bare[0])}) if bare else frozenset()
    if op == "=":
        ok = section.same(left, right, free=free)
        shown = [section.show(section.expand(side)) for side in (left, right)]
        return Reading(statement, cell, "identity", ok, "" if ok else
                       f"`{statement}`, but substituting the definitions, `{a}` is {shown[0]} and `{b}` is {shown[1]}")
    return _inequality(section, statement, cell, (a, left), INEQUALITIES[op], (b, right), free, domain)


NOT_DETERMINED = "no definition in reach determines both sides"
BEYOND_FLOATS = "a number beyond a float's range (about 1.8e308), which the reader computes in"
ASSUMPTION = ("an inequality between an affine expression and a constant (`d > 0`, `a - 1 < 0`): an assumption about "
              "its names, which no values could make a claim for all of them")


def _affine(difference: Any) -> bool:
    """Whether a difference is a non-constant polynomial of degree one in its names."""
    sympy, _ = _sympy()
    names = sorted(difference.free_symbols, key=str)
    if not names:
        return False
    try:
        return sympy.Poly(difference, *names).total_degree() == 1
    except sympy.PolynomialError:
        return False


def _approximate_decimals(text: str, decimals: int) -> int:
    """The decimals of a number written after `\\approx`: an integer is rounded at its last nonzero digit (`1470`)."""
    digits = text.strip().lstrip("-−")
    if decimals == 0 and digits.isdigit():
        return -(len(digits) - len(digits.rstrip("0")))
    return decimals


def _inequality(section: Section, statement: str, cell: int, left: tuple[str, Any], op: str, right: tuple[str, Any],
                free: frozenset[str], domain: Domain | None) -> Reading:
    """`a \\le b` at every sample point of the names it leaves free (see `nbtruth.relations`)."""
    sympy, _ = _sympy()
    a, b = section.expand(left[1]), section.expand(right[1])
    if a.atoms(sympy.core.function.AppliedUndef) or b.atoms(sympy.core.function.AppliedUndef):
        return Reading(statement, cell, "unchecked", reason=UNDEFINED_FUNCTION)
    # Like an identity, an inequality that holds everywhere holds; a failure refutes it only when its names are the
    # section's variables (or the sentence's domain gives them), not a relation between names nothing defines.
    decided = bool(free) or domain is not None or (section.determines(left[1], right[1])
                                                   and not _leaves_only(section, a, b))
    fixed = {sympy.Symbol(n): v for n, v in section.inputs.items() if n not in free}
    if decided and not free and domain is None and (_affine(a - b) or _affine(a.subs(fixed) - b.subs(fixed))):
        # `d_t = d > 0`, `\\mathcal{M} = a - 1 < 0`: an affine side against a constant holds for no line of values, so
        # the text states an assumption about its names, not a claim for all of them; so does one that is affine at
        # the example's values (`r = \\frac{\\alpha k}{h^2} \\leq \\frac{1}{2}` at h = 0.1, k = 0.01: alpha's bound)
        return Reading(statement, cell, "unchecked", reason=ASSUMPTION)
    a, b = a.subs(fixed), b.subs(fixed)
    names = sorted({str(x) for x in a.free_symbols | b.free_symbols})
    if len(names) > 3:
        return Reading(statement, cell, "unchecked", reason="an inequality in more than three free names")
    domains = {domain.name: domain} if domain else {}
    at_a, at_b = evaluator(a, names), evaluator(b, names)
    tried = 0
    for point in points(names, domains):
        va, vb = at_a(point), at_b(point)
        if va is None or vb is None:
            continue
        tried += 1
        if not holds(va, op, vb):
            if not decided:
                return Reading(statement, cell, "unchecked", reason=NOT_DETERMINED)
            where = ", ".join(f"{section.show(sympy.Symbol(n))} = {v:g}" for n, v in point.items()) or "the inputs"
            return Reading(statement, cell, "inequality", False,
                           f"`{statement}`, but at {where} the left side `{left[0]}` is {float(va):.6g} and the right "
                           f"side `{right[0]}` is {float(vb):.6g}")
    if not tried:
        return Reading(statement, cell, "unchecked", reason="no point where both sides are real numbers")
    return Reading(statement, cell, "inequality", True)


BARE_CALL = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+)('*)((?:\^\{[^{}]*\}|\^\w)?)")
OPERATOR = re.compile(r"\\(cdot|times|le|leq|ge|geq|lt|gt|approx|quad|qquad|right|left|,|;)(?![A-Za-z])")


def _bare(section: Section, parts: list[str]) -> tuple[Any, dict[str, Any], list[str]] | None:
    """`\\tanh' = 1 - \\tanh^2`: a chain about a function's prime, in which a function's bare name stands for its
    value at one variable and a bare prime for its derivative there; (variable, placeholders, sides) or None."""
    sympy, _ = _sympy()
    head = re.fullmatch(r"(\\?[A-Za-z]+)'", parts[0].strip())
    known = _one_variable(section, head.group(1).lstrip("\\")) if head else None
    if known is None:
        return None
    var = known[0] if str(known[0]) != "Qt" else sympy.Symbol("x" if "x" not in section._names() else "Qt")
    own = head.group(1).lstrip("\\")
    given: dict[str, Any] = {}

    def value(m: re.Match[str]) -> str:
        """A bare function name (or its prime) as a placeholder; an applied one left as written."""
        name = m.group(1).lstrip("\\")
        function = _one_variable(section, name)
        rest = m.string[m.end():].lstrip()
        applied = rest[:1] == "(" and not (name == own and not m.group(2)) or bool(
            rest[:1].isalnum() or rest[:1] == "{" or rest[:1] == "\\" and not OPERATOR.match(rest))
        if function is None or applied:
            return m.group(0)
        body = function[1].subs(function[0], var)
        text = _placeholder(given, sympy.diff(body, var, len(m.group(2))), "Qb") + m.group(3)
        return text + (" \\cdot " if rest[:1] == "(" else "")

    return var, given, [BARE_CALL.sub(value, part) for part in parts]


def readings(ctx: Context) -> list[tuple[str, Reading]]:
    """(section heading, reading) for every statement with `=` or `\\approx` in the notebook's markdown, in order.

    Read once per notebook (kept in `ctx.cache`): the formula and number checks and the coverage line share it.
    """
    if "readings" not in ctx.cache:
        skipped = ignored_cells(ctx.nb)
        ctx.cache["readings"] = [(heading, r if r.cell not in skipped or r.kind in DEFINING else
                                  replace(r, kind="unchecked", ok=None, message="", reason=f"in a cell marked {TAG}"))
                                 for heading, r in _read_notebook_math(ctx)]
    return ctx.cache["readings"]


def _read_notebook_math(ctx: Context) -> list[tuple[str, Reading]]:
    """Read every equation of every section (`_read_sections`); what one notebook writes of e says nothing of the
    next's, even when reading it fails."""
    token, probability = E_IS_A_NAME.set(False), PI_IS_A_NAME.set(False)
    hats = HATTED_OPERATORS.set(any(c.cell_type == "markdown" and "\\hat" in c.source and OPERATOR_WORD.search(c.source)
                                    for c in ctx.nb.cells))
    commas = DECIMAL_COMMAS.set(writes_decimal_commas([c.source for c in ctx.nb.cells if c.cell_type == "markdown"]))
    dots = DOT_PRODUCTS.set(_dot_products(ctx))
    binary = BINARY_LOGS.set(any(c.cell_type == "markdown" and BASE_TWO.search(c.source) for c in ctx.nb.cells))
    digits = FINITE_DIGITS.set(None)
    try:
        return _read_sections(ctx)
    finally:
        FINITE_DIGITS.reset(digits)
        DOT_PRODUCTS.reset(dots)
        BINARY_LOGS.reset(binary)
        E_IS_A_NAME.reset(token)
        PI_IS_A_NAME.reset(probability)
        HATTED_OPERATORS.reset(hats)
        DECIMAL_COMMAS.reset(commas)


def _dot_products(ctx: Context) -> bool:
    """Whether a notebook's formulas write a product as a full stop between names (`s.C_1`, twice or more)."""
    spans = (m.group(1) for c in ctx.nb.cells if c.cell_type == "markdown"
             for m in re.finditer(r"\$\$?([^$]+)\$\$?", c.source))
    words = re.compile(r"\\(?:text|mathrm|mbox)\s*\{[^{}]*\}")
    return sum(len(NAMES_DOTTED.findall(words.sub(" ", span))) for span in spans) >= 2


def _read_sections(ctx: Context) -> list[tuple[str, Reading]]:
    """Read every equation of every section against the definitions in reach: its own, then earlier sections'.

    A section's definitions and functions last for the rest of the notebook (its inputs do not): a later
    section may restate or redefine a name, and an exercises section's definitions end with it.
    """
    found = []
    section, kept = Section(), None
    matrices = MatrixSection()  # vector and matrix definitions last too, until redefined (see nbtruth.matrices)
    last = (-1, "")  # the last markdown read, with its cell: what the next cell's first display follows
    for heading, texts in section_texts(ctx.nb):
        section = section.carries(heading) if kept is None else replace(
            kept, inherited=set(kept.inherited), adjoint=section.adjoint, heading=heading)
        E_IS_A_NAME.set(_e_is_a_name(ctx.nb, sorted({i for i, _ in texts})))
        PI_IS_A_NAME.set(any(PROBABILITY_PI.search(ctx.nb.cells[i].source) for i, _ in texts
                             if ctx.nb.cells[i].cell_type == "markdown"))
        ZERO_BASED.set(any(COUNTS_FROM_ZERO.search(c.source) for c in ctx.nb.cells if c.cell_type == "markdown"))
        WRITES_MATRICES.set(any(MATRIX_EVIDENCE.search(c.source) for c in ctx.nb.cells if c.cell_type == "markdown"))
        INDICES.set(frozenset(m.group(2) for c in ctx.nb.cells if c.cell_type == "markdown"
                              for m in SEQUENCE.finditer(c.source)))
        kept = section.carries(heading) if EXERCISES.search(heading) else None
        for name in _given_anew(section, [text for i, text in texts if ctx.nb.cells[i].cell_type == "markdown"]):
            section.set_aside(name)  # `## Example 3`: its ODE for y, then its exact solution; not an earlier y
        matrices.new_section(heading)
        matrices.inputs, matrices.valued_under = section.inputs, section.defined_under
        for i, text in texts:
            if ctx.nb.cells[i].cell_type != "markdown":
                continue
            section.dependent |= _dependences(text)
            section.real |= _declared_real(text)
            matrices.orthogonal |= _declared_orthonormal(text)
            matrices.properties_said |= MATRIX_PROPERTY.search(text) is not None
            declare_ahead(matrices, [next(g for g in m.groups() if g) for m in MATH_RE.finditer(text)])
            held: tuple[int, str, str] | None = None  # where a statement read after the next one goes, it, its role
            lead = last[1] if last[0] == i - 1 else ""
            last = (i, text)
            # a cell about binary numbers, or a display cell of its own after one (`1.25 is 1.01 in binary format`)
            binary = BINARY_TEXT.search(text) is not None or (
                BINARY_TEXT.search(lead) is not None and not _words_of(text))
            FINITE_DIGITS.set(digits_stated(text))
            bits = KET_OF_BITS.search(text) is not None
            modulus = MODULAR_TEXT.search(text)
            point = None  # what was defined before a sentence that opens at a point (`At $x = a$ we have ...`)
            section.printed = _printed_just_before(ctx, i)
            section.labels = _labels_printed_just_before(ctx, i)
            # the cell's first statement, where the cell opens on it (`$$y_t = 900$$`): what the code before printed,
            # restated (an answer key's answer), not a value the prose goes on to set (`Now take $x = 5$`)
            opening = text.lstrip().startswith(("$", "\\["))
            for statement, role, domain in _subsections(section, text, lead):
                _note_approximation(section, statement)
                if role in SCOPED and point is None:
                    point = _defined(section, matrices)
                elif role not in SCOPED and point is not None:
                    _restore(section, matrices, point)  # what the sentence said holds at its point only
                    point = None
                if role in HELD:
                    held = len(found), statement, role
                    continue
                try:
                    with budget(STATEMENT_BUDGET):  # its readings each have BUDGET; what is around them, this
                        read = _read_in_turn(section, matrices, heading, statement, i, role, domain, binary, bits)
                except OverflowError:  # `2^{19937} - 1 \\simeq 4.3 \\cdot 10^{6001}`: past what a float holds
                    read = [(heading, Reading(statement, i, "unchecked", reason=BEYOND_FLOATS))]
                except OverBudget:
                    read = [(heading, Reading(statement, i, "unchecked",
                                              reason=f"reading it took more than {STATEMENT_BUDGET} s"))]
                if opening and role == "statement" and len(read) == 1:
                    read = [(read[0][0], _against_printed_label(section, read[0][1]))]
                opening = False
                found.extend((h, _modular(r, modulus.group(1))) if modulus else (h, r) for h, r in read)
                if held is not None and EXCLUDED_VALUE.fullmatch(statement):
                    continue  # `a_0 + a_1 x + a_2 x^2 = 0, \quad a_2 \neq 0`: what its roots need; they come next
                if held is not None:  # read in the light of the next one (a solution, the equation's other form)
                    found.insert(held[0], (heading, HELD[held[2]](section, held[1], i, statement)))
                    held = None
            if point is not None:
                _restore(section, matrices, point)
            if held is not None:  # never followed: read alone
                found.insert(held[0], (heading, HELD[held[2]](section, held[1], i, "")))
    return found


def _words_of(markdown: str) -> str:
    """A markdown cell's words: its rendered prose (`statements.prose`) without math and HTML tags (`<div
    id="eq:b2fr"></div>`)."""
    return re.sub(r"<[^<>]*>|\s+", " ", MATH_RE.sub(" ", prose(markdown))).strip()


def _code_just_before(ctx: Context, cell: int) -> list[int]:
    """The indices of the code cells right before a markdown cell, in order: what its text may go on to report."""
    first = cell
    while first > 0 and ctx.nb.cells[first - 1].cell_type == "code":
        first -= 1
    return list(range(first, cell))


def _printed_just_before(ctx: Context, cell: int) -> list[float]:
    """The numbers the code cells right before a markdown cell print, in order."""
    return [n for _, numbers in printed_numbers(ctx, _code_just_before(ctx, cell)) for n in numbers]


# `yt = 900.0`, `V0: 20.0`: a line a code cell prints, a label and one number
PRINTED_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*[=:]\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$")


def _labels_printed_just_before(ctx: Context, cell: int) -> dict[str, tuple[str, float]]:
    """Each `label = value` line the code cells right before a markdown cell print, by the label's letters and digits
    (`yt`, `V0`): what the cell's first statement may restate (`$$y_t = 900$$` after `yt = 900.0`)."""
    found = {}
    for index in _code_just_before(ctx, cell):
        if reproducible(ctx.nb.cells[index]):
            for text in output_texts(ctx.nb.cells[index]):
                for line in text.splitlines():
                    if m := PRINTED_LABEL.match(line):
                        found[m.group(1).replace("_", "")] = (line.strip(), float(m.group(2)))
    return found


def _against_printed_label(section: Section, reading: Reading) -> Reading:
    """A cell's opening `name = number`, an input or a claim nothing decided, compared with the line the code right
    before printed for that name (`$$y_t = 800$$` after `yt = 900.0`, an answer key restating its computed
    answer): checked, to the digits the text writes; the reading as it was where no printed line names it."""
    sides = _sides(reading.statement)
    if reading.ok is not None or reading.kind not in ("input", "number", "unchecked") or len(sides) != 2 or not (
            LONE_NAME.fullmatch(sides[0])) or "(" in sides[0] or not (number := NUMBER_RE.fullmatch(sides[1].strip())):
        return reading
    key = re.sub(r"[\\{}_\s]", "", sides[0])
    if key not in section.labels:
        return reading
    line, printed = section.labels[key]
    value, decimals = parse_number(number.group(1))
    if abs(printed - value) <= tolerance(value, decimals, True):
        return replace(reading, kind="number", ok=True)
    return replace(reading, kind="number", ok=False, message=f"`{reading.statement}`, but the code right before "
                                                             f"prints `{line}`")


def _printed_result(section: Section, statement: str) -> str | None:
    """The name a failing `name \\approx number` gives, where the code cells right before print that number to its
    digits (`E(X_i) \\approx 2.778` after `[2.7777777777777772, ...]`): the code's result for a new case, whatever
    the name was before; else None."""
    claims = extract_claims(f"${statement}$")
    left = split_top_level(statement, ("\\approx", "="))[0]
    if len(claims) != 1 or not LONE_NAME.fullmatch(left) or not claims[0].matches(section.printed):
        return None
    return _plain_name(left)


# `E(X_i)`, `\\bar{x}`, `p_1`: a name alone, maybe applied to its argument
LONE_NAME = re.compile(r"\s*\\?[A-Za-z]+(?:\{\w+\})?(?:_\{?[\w,]+\}?)?(?:\([^()]*\))?\s*")


def _defined(section: Section, matrices: MatrixSection) -> tuple[dict[str, Any], ...]:
    """What both readers have defined so far, to restore after statements that hold at one point only."""
    return (dict(section.definitions), dict(section.functions), dict(section.inputs), dict(matrices.definitions),
            dict(matrices.functions))


def _restore(section: Section, matrices: MatrixSection, kept: tuple[dict[str, Any], ...]) -> None:
    """Both readers' definitions as `_defined` took them, each dict changed in place (the matrix reader shares the
    section's inputs)."""
    for now, then in zip((section.definitions, section.functions, section.inputs, matrices.definitions,
                          matrices.functions), kept):
        now.clear()
        now.update(then)


def _solved_equation(section: Section, statement: str, cell: int, solution: str) -> Reading:
    """An equation an implication solves, checked with the solution the text gives put in (it defines nothing): a
    solution that does not satisfy it is a slip in the solving, unless the solution is rounded."""
    if SIGNS.search(solution):
        return _solved_by_each_sign(section, statement, cell, solution)
    with section.unchanged():
        reading = _read_safely(section, statement, cell, False, None)
    if reading.ok is None and (holds := _rearranged(section, statement, solution)) is not None:
        return Reading(statement, cell, "identity", holds, "" if holds else (
            f"`{statement}`, but the next step's solution `{solution.strip()}`, put in, does not satisfy it for "
            f"every value of its other names"))
    if reading.ok is None:
        return Reading(statement, cell, "unchecked", reason=SOLVED_FOR)
    if reading.ok is False and re.search(r"\d\.\d", solution):
        return Reading(statement, cell, "unchecked", reason=f"an equation the next step solves with a rounded "
                                                            f"solution (`{solution.strip()}`)")
    return replace(reading, message=reading.message and f"{reading.message}, with the next step's solution "
                                                          f"`{solution.strip()}` put in")


# `\pm`, `\mp`: a sign that gives two values, one with each sign
SIGNS = re.compile(r"\\(pm|mp)(?![A-Za-z])")


def _solved_by_each_sign(section: Section, statement: str, cell: int, solution: str) -> Reading:
    """An equation whose two roots one formula gives with `\\pm` (`x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}`):
    checked with each sign's root put in; one root that does not solve it is a slip."""
    readings = []
    for root in (SIGNS.sub(lambda m: "+" if m.group(1) == "pm" else "-", solution),
                 SIGNS.sub(lambda m: "-" if m.group(1) == "pm" else "+", solution)):
        with section.unchanged():
            _read_safely(section, root, cell, False, None)
            readings.append(_solved_equation(section, statement, cell, root))
    return next((r for r in readings if r.ok is False), None) or next(
        (r for r in readings if r.ok is None), None) or replace(readings[0], message="")


def _rearranged(section: Section, statement: str, solution: str) -> bool | None:
    """Whether a solution that rearranges an equation for one of its names, in all of its other names and no more
    (`F = ilB \\Rightarrow i = \\frac{F}{lB}`), satisfies it whatever they are; None where it is no such
    rearrangement (a solution that drops a name may use a value the text gives in words; `q = 1 - \\frac{c}{2}(e^{j
    \\alpha h} - e^{-j \\alpha h}) \\Rightarrow q = 1 - jc\\sin(\\alpha h)`, the name already alone on a side, is
    the same formula rewritten, read as any)."""
    sympy, _ = _sympy()
    sides, solved = _sides(statement), _sides(solution)
    if len(sides) != 2 or len(solved) != 2 or _plain_name(solved[0]) in {_plain_name(side) for side in sides}:
        return None
    try:
        equation = _side(section, sides[0]) - _side(section, sides[1])
        name, value = (_side(section, side) for side in solved)
        if not isinstance(name, sympy.Symbol) and name.free_symbols and equation.has(name) and (
                not value.free_symbols):
            # `15e^{-2k}=10 \\Rightarrow e^{-2k}=\\dfrac{2}{3}`: solved for a part of it, a number
            unknown = sympy.Dummy("solved")
            put = equation.subs(name, unknown)
            if name.free_symbols & put.free_symbols:
                return None  # the part is not all the equation writes of its names
            exact = sympy.solve(put, unknown)
            if len(exact) == 1 and exact[0].is_number and re.fullmatch(r"\s*-?\d{3,}\s*", solved[1]):
                # `0.17 \cdot km = 6355 \Rightarrow km = 37382`: a whole number of three or more digits after
                # decimals is rounded to its units
                return abs(complex(exact[0]) - complex(value)) <= tolerance(float(value), 0, approximate=True)
            return sympy.simplify(put.subs(unknown, value)) == 0
        rest = equation.free_symbols - {name}
        if not isinstance(name, sympy.Symbol) or name not in equation.free_symbols or not rest or (
                value.free_symbols != rest) or equation.atoms(sympy.Derivative, sympy.core.function.AppliedUndef):
            return None
        put = equation.subs(name, value)
        return None if _zero_where_undone(section, put) else section._zero_at_samples(put)  # a branch: undecided
    except (Unparsed, LookupError, TypeError, ValueError, AttributeError):
        return None


def _other_form(section: Section, statement: str, cell: int, other: str) -> Reading:
    """A statement the text gives again in another form (`x + 1 = 1/x \\text{or} x^2 + x - 1 = 0`): where the two
    have the same roots and do not hold as identities, one equation to solve, shown twice; else read as it is."""
    sympy, _ = _sympy()
    with section.unchanged():
        reading = _read_safely(section, statement, cell, False, None)
    if reading.ok is not False:
        return reading
    try:
        first, second = (_difference(section, text) for text in (statement, other))
        ratio = sympy.simplify(sympy.numer(sympy.together(first)) / sympy.numer(sympy.together(second)))
    except (LookupError, ValueError, TypeError, ArithmeticError):
        return reading
    if second != 0 and not ratio.free_symbols and ratio != 0:
        return Reading(statement, cell, "unchecked", reason=OTHER_FORM.format(other=other.strip()))
    return reading


OTHER_FORM = "an equation to solve, which the text gives again in another form (`{other}`), with the same roots"


def _difference(section: Section, statement: str) -> Any:
    """Left side minus right side of a two-sided statement, its definitions substituted."""
    sides = _sides(statement)
    if len(sides) != 2:
        raise ValueError(statement)
    return section.expand(_side(section, sides[0]) - _side(section, sides[1]))


SIGNED_ROOTS = ("the two roots one formula gives with `\\pm` (`x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}`): each is "
                "checked by putting it in the equation right before it, which is reported")
SOLVED_FOR = ("an equation the next step solves (`A + e^1 = -5 \\Rightarrow A = -5 - e`), whose other names the "
              "definitions in reach do not decide")

# statements read after the one that follows them, in its light: an equation and its solution, an equation and its
# other form
def _after_its_definition(section: Section, statement: str, cell: int, _definition: str) -> Reading:
    """`$g'(x) = 2x$ when $g(x) = x^2$`: the claim, read once the definition that follows it is in."""
    return _read_safely(section, statement, cell, False, None)


HELD = {"solved": _solved_equation, "alternative": _other_form, "defined after": _after_its_definition}
# what holds at a point (`At $x = a$ ...`) or in a case (`In the case $\\omega = \\omega_s$ ...`): read there, and
# what it defines is forgotten after
SCOPED = ("at point", "in case", "derived in case", "supposed")
STEP_RULE = ("a step of an algorithm (`\\phi_{i+1} = \\phi_i + \\dot\\phi_i \\Delta t`): it says how the next value is "
             "made, and a second method may make it otherwise")


STEP_READ = ("it reads {} as a step of an algorithm makes it (`x_{{k+1}} = x_k - \\alpha f'(x_k)`): a second method "
             "(`x_k - \\frac{{1}}{{L}} f'(x_k)`) may make it otherwise")


def _step_names(coded: str) -> set[str]:
    """Every name a statement (as `_prepare` spells it) writes: indexed names, letters (in braces too, the L of
    `\\frac{1}{L}`) and Greek letters."""
    coded = re.sub(r"\^\s*\{?\s*(?:T|\\top)\s*\}?", " ", coded)  # `x^T`: a transpose, no name T
    greek = set(re.findall(r"\\(" + "|".join(GREEK - {"pi"}) + r")(?![A-Za-z])", coded))
    letters = re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", re.sub(r"\\mathit\{\w+\}|\\[A-Za-z]+", " ", coded))
    return set(re.findall(r"\\mathit\{(\w+)\}", coded)) | greek | set(letters)


def _another_step(section: Section, statement: str) -> list[str]:
    """The step names (shown) a failing claim may read as another method's: the step's next value beside a parameter
    of the claim's own that nothing defines and the step does not write (`y^* = x_k - \\frac{1}{L}f'(x_k) = x_{k+1}`
    after `x_{k+1} = x_k - \\alpha f'(x_k)`: L), or its current value as the name the claim gives anew (`where $y_k =
    f'(x_{k+1}) - f'(x_k)$` beside Newton's `y_{k+1} = y_k - ...`). A claim in the step's own terms (`U_{n+1} - U_n =
    2 z U_n`, or beside the exact `u_n`) is about that step, and stays checked."""
    coded = _prepare(statement)[0]
    written = _step_names(coded)
    left = _plain_name(_sides(statement)[0].strip()) if _sides(statement) else ""
    found = []
    for name, (made, step) in section.steps.items():
        own = written - step - set(section.definitions) - set(section.inputs) - set(section.functions)
        if made and _written_in(name, coded) and any("sub" not in n for n in own) or not made and name == left:
            found.append(section.show(_sympy()[0].Symbol(name)))
    return sorted(found)


def _step_rule(statement: str) -> tuple[str, str] | None:
    """The name and index letter of a statement that makes a name's next step from its current one (`r_{i+1} = r_i +
    ...`: ("r", "i")), else None."""
    head = re.match(r"\s*((?:\\(?:dot|hat|bar|mathbf)\s*\{?\s*)?\\?[A-Za-z]+\}?)\s*_\{\s*([a-z])\s*\+\s*1\s*\}\s*=(.*)",
                    statement, re.DOTALL)
    if head is None or not re.search(re.escape(head.group(1)) + r"\s*_\{?\s*" + head.group(2) + r"(?![\w+])",
                                     head.group(3)):
        return None
    return head.group(1), head.group(2)
FRAGMENT = ("its math continues a product or a function the text writes right before it (`2$\\pi \\approx 6.3$`, "
            "`rank$(A) = 2$`): its first side is not all of it")
WHOLE_DIVISION = ("a whole-number division, its remainder given after it (`17 \\div 5 = 3` with remainder 2): the "
                  "quotient of whole numbers, which the reader does not compute")
INITIAL = ("a part of an initial-value problem (`y'(x) = y(x), y(0) = 1`): it holds for the solution the text gives "
           "for it, which may not be the y in reach")
# what a link of numbers alone writes besides its digits: no name a case's premise could give a value
ARITHMETIC_COMMANDS = re.compile(r"\\(?:[dt]?frac|sqrt|arc(?:sin|cos|tan)|sin|cos|tan|log|ln|exp|pi|left|right|cdot|"
                                 r"times)(?![A-Za-z])")


def _arithmetic_failure(section: Section, statement: str, cell: int, skip: re.Pattern[str] | None = None
                        ) -> Reading | None:
    """The failure of a link of numbers alone in a chain stated in a case (`If $M = \\frac{N}{2}$, then $\\theta =
    \\arcsin\\sqrt{\\frac{1}{2}} = \\frac{\\pi}{3}$`): no premise of the case can make it hold. `skip`: links
    that write it are no arithmetic (numerals in another base). A result in a unit is read in that unit, and in its
    base unit (`999 \\times 9.81 \\times 0.18 = 1.764 kPa`): it fails if it fails in both."""
    failures = [_numbers_failure(section, form, statement, cell, skip) for form in _in_numbers(section, statement)]
    if failures and all(failures) and (grouped := _dot_as_thousands(statement)) != statement and not (
            _arithmetic_failure(section, grouped, cell, skip)):
        return None  # `2^{16} = 65.536`: 65 536, its thousands grouped by a dot (see `DOT_THOUSANDS_TWO_WAYS`)
    return failures[0] if failures and all(failures) else None


def _in_numbers(section: Section, statement: str) -> list[str]:
    """A chain with its result's unit dropped, and with it turned into the base unit where it has a prefix (see
    `_without_units`, `_in_base_units`); the chain itself where no side has a unit, none where units differ; with
    percentages, these forms of each of its readings (`_percentages`)."""
    if PERCENTAGE.search(statement):
        return [form for read in _percentages(statement) for form in _in_numbers(section, read)]
    united = _plain_unit(section, statement)
    if _unconverted(section, united):
        return []  # `1 \\mathrm{L} = 1 dm^3`: a conversion, whose numbers differ as its units do
    plain = _without_units(united)
    if (valued := _in_unit_values(united, plain)) is not None:
        return [valued]  # `-1.0{\\rm N} - 3.0{\\rm N} (0.34) + 5.0{\\rm N} = 3.4 {\\rm N}`: quantities within
    if plain is None:
        return [statement]
    return [plain, *filter(None, [_in_base_units(united)])] if plain else []


def _numbers_failure(section: Section, chain: str, statement: str, cell: int, skip: re.Pattern[str] | None
                     ) -> Reading | None:
    """The failure of a link of numbers alone in a chain (see `_arithmetic_failure`), or None; a link after
    `\\approx` holds to the digits of its number (`\\frac{1.38}{3.27^{1/5}} - 1 \\approx 0.089`)."""
    sides, ops = split_relations(chain)
    for left, op, right in zip(sides, ops, sides[1:]):
        if op not in ("=", "\\approx") or (skip and skip.search(f"{left} = {right}")):
            continue
        if re.search(r"[A-Za-z\\]", ARITHMETIC_COMMANDS.sub(" ", f"{left} {right}")):
            if op == "=" and (reading := _link_in_units(section, statement, cell, left, right)) and reading.ok is False:
                return reading
            if (factored := _common_factor_dropped(left, right)) is None:
                continue
            left, right = factored  # `\\sqrt{2 \\ln 2} \\cdot \\omega_0 \\approx 1.177 \\cdot \\omega_0`: the numbers
        with section.unchanged():
            reading = _chain_link(section, statement, cell, left, right) if op == "=" else _approximate_link(
                section, statement, cell, left, right)
        if reading.ok is False and not (re.search(r"\d\.\d", left + right) and not NUMBER_RE.fullmatch(right.strip())
                                        and _within_rounding(left, right)) and not _holds_otherwise(
                section, statement, cell, f"{left} = {right}"):
            return reading  # not `-(\\frac{1}{3} \\cdot (-1.585) + ...) = 0.528 + 0.390`, rounded terms
    return None


# a name that ends a product (`\\cdot \\omega_0`, ` x`), as the last factor of a side
LAST_FACTOR = re.compile(r"(?:\\cdot|\\times)?\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*$")


def _common_factor_dropped(left: str, right: str) -> tuple[str, str] | None:
    """A link whose sides are numbers times the same name (`FWHM = \\sqrt{2 \\ln(2)} \\cdot \\omega_0 \\approx 1.178
    \\cdot \\omega_0`) as the link of those numbers, which the name, whatever it is, cannot make hold; None where a
    side is anything else (`2 + 3x = 5x`: a sum, an equation in x)."""
    ends = [LAST_FACTOR.search(side) for side in (left, right)]
    if not all(ends) or ends[0].group(1) != ends[1].group(1) or ends[0].group(1) in ("\\pi", "e"):
        return None
    numbers = [side[:end.start()].strip() for side, end in zip((left, right), ends)]
    if not all(re.search(r"[\d})]$", side) for side in numbers) or re.search(  # not `2^x`, `\\sin x`: no factor
            r"[A-Za-z\\]", ARITHMETIC_COMMANDS.sub(" ", " ".join(numbers))) or any(
            len(split_top_level(side.lstrip("-− "), ("+", "-", "−"))) > 1 for side in numbers):
        return None
    return numbers[0], numbers[1]


# a unit written in letters (`1500m`, `\\frac{m}{day}`, `cm^{-3}`, `\\mu m`): one name each, whose powers are the unit's
UNIT_WORD = re.compile(r"(?:\\mu(?:\s|\\[;,:!]|~)*)?(?<![A-Za-z\\])[A-Za-z]+(?![A-Za-z])")
LEADING_NUMBER = re.compile(rf"\s*({NUMBER})")


# a unit in upright letters after a number (`2840 \\mathrm{mm^2}`, `0.300 \\mathrm{kN/mm^2}`), read as its letters
UPRIGHT_UNIT = re.compile(r"(?<=[\d\s}])\\mathrm\{\s*([A-Za-z]+(?:\s*[/^]\s*[-\w]+|\s+[A-Za-z]+)*)\s*\}")


def _in_unit_names(side: str) -> Any:
    """A side that writes units in letters (`\\frac{5 m/s}{1.67 s}`) read with each unit a name of its own."""
    return parse(UNIT_WORD.sub(lambda m: f" \\mathit{{{re.sub(r'[^A-Za-z]', '', m.group(0))}}} ", side), set())


def _link_in_units(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """A link of numbers that writes units in letters (`\\frac{1500m}{400m} = 3.75`, `0.06\\frac{ft}{day} \\cdot 325
    ft \\cdot 40 ft = 780 \\frac{ft^3}{day}`, `7.5 \\cdot 0.86 = 6.45 \\frac{m^2}{day}`), checked to the digits of the
    right side's number: where the units cancel, whatever they stand for; where only the result has one (in letters no
    name of the section uses), as its unit. None where neither holds."""
    sympy, _ = _sympy()
    # `0.9 \\times 2840 \\mathrm{mm^2} \\times 0.300 \\mathrm{kN/mm^2}`: units as `nbtruth.statements` writes them
    left, right = (UPRIGHT_UNIT.sub(r" \1 ", side) for side in (left, right))
    number = LEADING_NUMBER.match(right)
    bare = re.sub(r"\\(?:mu|[;,:!])", " ", ARITHMETIC_COMMANDS.sub(" ", f"{left} {right}"))
    # a number on each side, not only in a power or an index (`w^0 = 2.5`, `x_1 = 3x_2`: names, no units), and no
    # letters applied (`y(0) = -1`, `g^{(k)}(0) = 1`: a function's value, or its derivative's), not a unit before a
    # quantity in brackets (`0.0035 kg (90 m/s)^2`)
    applied = any(not ((unit := QUANTITY_IN_BRACKET.match(bare, m.end())) and _one_unit(unit.group(1)))
                  for m in re.finditer(r"[A-Za-z]\s*(?:\^\s*\{[^{}]*\}|')*\s*[(\[]", bare))
    if not number or "_" in bare or "\\" in bare or applied or not re.search(
            r"\d", re.sub(r"\^\s*(?:\{[^{}]*\}|\S)", " ", left)):
        return None
    if re.search(r"[\d(\[]", re.sub(r"\^\s*(?:\{[^{}]*\}|\S)", " ", right[number.end():])):
        return None  # `293 (-2.5NR)`: a product of names, no number in its unit (`780 \frac{ft^3}{day}`)
    try:
        a, b = (_in_unit_names(side) for side in (left, right))
        written = float(b.subs({x: 1 for x in b.free_symbols}))
        ratio = sympy.simplify(a / b)
        if not a.free_symbols | b.free_symbols or not (_monomial(sympy.simplify(a)) and _monomial(sympy.simplify(b))):
            return None  # numbers alone once read (plain arithmetic), or a sum in names (`4 = 1m + b`): no units
        if not ratio.free_symbols:
            value = float(ratio) * written
        elif not a.free_symbols and not {str(x) for x in b.free_symbols} & _names_in_use(section):
            value = float(a)
        elif (b.free_symbols or _result_unit(statement)) and not re.search(r"[A-Za-z]", QUANTITY.sub(" ", bare)) and (
                si := _si_values(section, a.free_symbols | b.free_symbols)) is not None:
            value = float((a / b).subs(si)) * written  # `\\frac{1}{2} 0.0035 kg (90 m/s)^2 = 14 J`: in SI units
        else:
            return None
    except (Unparsed, TypeError, ValueError, ZeroDivisionError, LookupError):
        return None
    decimals = parse_number(number.group(1))[1]
    slack = tolerance(written, decimals, rounded := _rounded_whole(left, written, decimals))
    reading = _arithmetic_reading(statement, cell, value, written, slack, link=left)
    if reading.ok is False and not ratio.free_symbols and decimals == 0 and not rounded:  # `\frac{5 m/s}{1.67 s} = 3`
        units = {x: 1 for x in a.free_symbols}  # the left side's numbers alone, its units cancelled by the right's
        measured = _measured_slack(left, True, lambda text: float(_in_unit_names(text).subs(units)))
        reading = _arithmetic_reading(statement, cell, value, written,
                                      slack + measured * abs(value / float(a.subs(units))), link=left)
    return reading


# a number and its unit opening a bracket (`(90 m/s)`)
QUANTITY_IN_BRACKET = re.compile(r"\s*\d+(?:\.\d+)?\s*([A-Za-z]+)")
# a number and its units in letters (`0.0035 kg`, `90 m/s`, `8.314 J/mol K`): where a link writes only these, its
# letters are units, not names (`\\frac{1}{T}`, `4\\pi^2 L`)
_POWER = r"(?:\s*\^\s*(?:\{[^{}]*\}|-?\d))?"
QUANTITY = re.compile(rf"\d\s*[A-Za-z]+{_POWER}(?:\s*/?\s*[A-Za-z]+{_POWER})*")


def _result_unit(statement: str) -> float | None:
    """The value in SI units of the unit a chain's result is written in (`= 17 J`), where this reader knows it."""
    last = split_relations(statement)[0][-1]
    written = UNIT_SIDE.match(last) or PLAIN_UNIT_SIDE.match(last)
    return _unit_value(written.group(2)) if written else None


def _si_values(section: Section, units: set[Any]) -> dict[Any, float] | None:
    """Each of a link's units that do not cancel (`kg (90 m/s)^2` against `J`) as its value in SI units, where every
    one is a unit this reader knows and no name the section gives a value; else None."""
    values = {unit: _one_unit(str(unit)) for unit in units}
    valued = set(section.inputs) | {n for n, d in section.definitions.items() if not getattr(d, "free_symbols", ())}
    return None if None in values.values() or {str(u) for u in units} & valued else values


def _monomial(expr: Any) -> bool:
    """Whether an expression is a number times powers of names (`0.06 ft^2 day^{-1}`), as a quantity in its units is."""
    sympy, _ = _sympy()
    return all(f.is_number or f.is_Symbol or f.is_Pow and f.base.is_Symbol and f.exp.is_number
               for f in sympy.Mul.make_args(expr))


def _within_rounding(left: str, right: str) -> bool:
    """Whether two sides of numbers differ by no more than the rounding of the decimals they write (half a unit of
    each one's last digit): `0.528 + 0.390` for rounded terms, but not `4 + 1 + 0.5 + 0.25` for 5.625."""
    try:
        apart = abs(float(parse(left, set()) - parse(right, set())))
    except (TypeError, ValueError):
        return True  # what cannot be computed here is left to the chain's own reading
    return apart <= _rounding(left, right, apart)


IN_CASE = ("it holds in the case its paragraph opens on (`In the case ...`, `If ...`, `In the absence of ...`), which "
           "the reader does not apply")


REQUIRED = ("a requirement the text sets (`We require that $b_{kl} = 0$`, `choose $\\theta$ so that ...`, `Set the "
            "gradient equal to zero:`): an equation its choice of what it leaves free makes hold; the claims after it "
            "are checked where it holds")
WHERE_REQUIRED = ("it holds where a requirement the text set, or a relation it stated, holds (solved for one of its "
                  "names), not everywhere")


def _after_bound(statement: str) -> str:
    """The links of equals signs after a required bound's last inequality (`h \\le \\frac{2}{\\lambda_1} = 0.002`:
    `\\frac{2}{\\lambda_1} = 0.002`), or "" when it has no inequality or nothing after it."""
    parts, ops = split_relations(statement)
    last = max((k for k, op in enumerate(ops) if op != "="), default=None)
    if last is None or last + 1 >= len(ops) or any(op != "=" for op in ops[last + 1:]):
        return ""
    return " = ".join(parts[last + 1:])


def _unknown_given_before(section: Section, statement: str, cell: int) -> tuple[str, float | None] | None:
    """The one name an equation to solve writes, its definitions put in, where an earlier cell gave it a value that
    does not solve it (the answer to another question), and its root where it has one; else None."""
    sympy, _ = _sympy()
    try:
        difference = _difference(section, statement)
        name = next(iter(difference.free_symbols)) if len(difference.free_symbols) == 1 else None
        if name is None or str(name) not in section.inputs or section.defined_in.get(str(name), cell) >= cell:
            return None
        if abs(complex(difference.subs(name, section.inputs[str(name)]))) <= 1e-9:
            return None
        roots = [r for r in _solved_for(difference, name) if r.is_real]
    except Exception:  # noqa: BLE001 - an equation the reader cannot read keeps the section's values
        return None
    return str(name), float(roots[0]) if len(roots) == 1 else None


def _made_zero(section: Section, statement: str) -> list[Any]:
    """What a requirement (`b_{kl} = b_{lk} = 0`) makes zero: each side's difference from the last, expanded; a side
    the reader cannot read is left out."""
    sides, found = _sides(statement), []
    for left, right in ((side, sides[-1]) for side in sides[:-1]):  # `b_{kl} = b_{lk} = 0`: each of them 0
        try:
            difference = section.expand(_side(section, left) - _side(section, right))
        except Exception:  # noqa: BLE001 - an unreadable requirement adds nothing to check against
            continue
        if difference.free_symbols:
            found.append(difference)
    return found


def _holds_where_required(section: Section, statement: str) -> bool:
    """Whether every link of a failing claim holds once a requirement is solved for one of its names (the Frobenius
    norm of a Jacobi rotation, `2a_{kl}^2 + a_{kk}^2 + a_{ll}^2 = b_{kk}^2 + b_{ll}^2`, where `b_{kl} = 0`: solved for
    a_{kl}), or once a relation the text stated between names nothing defines is, when the claim uses all of its names
    (the rigid rotor's `m_1r_1^2 + m_2r_2^2 = \\mu r_0^2`, where `m_1r_1 = m_2r_2`). Which name it is solved for does
    not matter, as each describes the same values, except where the solution is degenerate: a name solved to 0, or
    sides that all vanish there, where any claim would hold."""
    try:
        with budget(BUDGET):
            sides = [section.expand(_side(section, side)) for side in _sides(statement)]
            links = [a - b for a, b in zip(sides, sides[1:])]
            used = set().union(*(link.free_symbols for link in links))
            # in the definitions given since (Bohr's radius, solved for after the force balance was stated)
            required = [section.expand(requirement) for requirement in section.required]
            related = [relation for relation in map(section.expand, section.related) if relation.free_symbols <= used]
            for condition in required + related:
                for name in sorted(condition.free_symbols & used, key=str):
                    for value in _solved_for(condition, name):
                        if section._zero_at_samples(value) or all(section._zero_at_samples(side.subs(name, value))
                                                                  for side in sides):
                            continue
                        if all(section._zero_at_samples(link.subs(name, value)) for link in links):
                            return True
    except (OverBudget, LookupError, TypeError, ValueError, ZeroDivisionError):
        return False
    return False


def _solved_for(condition: Any, name: Any) -> list[Any]:
    """The values of a name that make a condition 0, when its numerator is a polynomial of degree 1 or 2 in it
    (`m_e v^2 = ...`: both roots), or of a higher degree in it alone (`x^3 + 4x^2 - 10`: its real roots, in floating
    point); none otherwise."""
    sympy, _ = _sympy()
    numerator = sympy.numer(sympy.together(condition))
    try:
        polynomial = sympy.Poly(numerator, name)
    except sympy.PolynomialError:
        return []
    if polynomial.degree() < 1 or polynomial.free_symbols_in_domain & {name}:
        return []
    if polynomial.degree() <= 2:
        return list(sympy.roots(polynomial, multiple=True))
    if polynomial.degree() > MAX_DEGREE or polynomial.free_symbols_in_domain:
        return []
    return [root for root in polynomial.nroots() if root.is_real]


MAX_DEGREE = 12  # the degree up to which a polynomial equation in one name is solved for its roots


def _polynomial_equation(section: Section, statement: str) -> list[Any]:
    """`x^3 + 4x^2 - 10 = 0`, an equation a text goes on to rearrange (`4x^2 = 10 - x^3`, a fixed point's forms): what
    it makes zero, where that is a polynomial of degree 3 or more in one name nothing defines (lower degrees are
    solved for where a claim fails, see `_equation_for`); else nothing."""
    sympy, _ = _sympy()
    found = []
    for difference in _made_zero(section, statement):
        if len(difference.free_symbols) != 1 or {str(n) for n in difference.free_symbols} & section._names():
            continue
        try:
            degree = sympy.Poly(difference.doit(), *difference.free_symbols).degree()  # `(x^3 + 4x^2) - 10`
        except sympy.PolynomialError:
            continue
        if 3 <= degree <= MAX_DEGREE:
            found.append(difference)
    return found


# `\\overline{(5)} = (6)`: a side that is a whole number in brackets alone, maybe under a bar (a complement), the label
# of a list's item or an equation; where every side is one, the text relates what they label (events, equations)
ITEM_LABEL = re.compile(r"\s*(?:\\(?:overline|bar)\s*\{\s*\(\s*\d+\s*\)\s*\}|\(\s*\d+\s*\))\s*\.?\s*")
ITEM_LABELS = "each side is a number in brackets alone (`\\overline{(5)} = (6)`): the labels of items or equations"


def _read_in_turn(section: Section, matrices: MatrixSection, heading: str, statement: str, cell: int, role: str,
                  domain: str | None, binary: bool = False, bits: bool = False) -> list[tuple[str, Reading]]:
    """The reading of one statement of a section, read in turn: what it defines is kept for the ones after it.
    `binary`: the cell says its numbers are in base 2, so a claim false in base ten is read again in base 2; `bits`:
    it writes kets of bits (`|11\\rangle`), so its numerals of 0s and 1s may be bit strings."""
    said, role = role == "identity said", "statement" if role == "identity said" else role  # see IDENTITY_SAID
    before, given = {**section.definitions, **section.functions}, dict(section.inputs)
    if len(labels := _sides(statement)) > 1 and all(ITEM_LABEL.fullmatch(side) for side in labels):
        return [(heading, Reading(statement, cell, "unchecked", reason=ITEM_LABELS))]
    if role in ("condition", "to solve") and len(sides := _sides(statement)) == 2 and not (
            INPUT_RE.match(sides[0]) or FUNCTION_DEF.match(sides[0].strip())):  # not `g_3(x) = ...`, one of several
        section.equations.add(_normal(statement))
    if role in ("condition", "to solve") and (unknown := _unknown_given_before(section, statement, cell)):
        # `we must solve the equation $t(n)=14$` after `hiring $n=11$`: n is this equation's unknown now; where it
        # has one root, the steps of solving it are checked there
        name, root = unknown
        section.inputs.pop(name)
        if root is not None:
            section.inputs[name] = root
    if role == "listed example":  # `* $f(x) = \\cos(x)$.`: f is this example's, until a claim about functions
        read = _read_in_turn(section, matrices, heading, statement, cell, "statement", domain, binary, bits)
        section.examples |= {m.group(1).lstrip("\\") for m in [FUNCTION_DEF.match(_sides(statement)[0].strip())] if m}
        return read
    if role == "solving step" and "=" in statement:  # `Multiplying both sides by the denominator yields ...`
        with section.unchanged():
            read = _read_in_turn(section, matrices, heading, statement, cell, "statement", domain, binary, bits)
        return read if read and all(r.ok for _, r in read) else [(heading, _step_of_solving(section, statement, cell))]
    if role == "fixed point":  # `iterating over $x = \\cos(x)$`: x is the equation's unknown from here on
        name = _plain_name(_sides(statement)[0])
        section.set_aside(name)
        section.inputs.pop(name, None)
        return [(heading, Reading(statement, cell, "unchecked", reason=SELF))]
    if role == "signed roots":  # `x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}`: each root checked in its equation
        return [(heading, Reading(statement, cell, "unchecked", reason=SIGNED_ROOTS))]
    if role in ("system", "listed") and "=" in statement:
        return [(heading, _step_of_solving(section, statement, cell) if role == "system" else
                 Reading(statement, cell, "unchecked", reason=LISTED))]
    if role == "sought" and not re.search(r"[A-Za-z]'*\s*\(", statement):
        role = "condition"  # `$f$ es continua en todas partes`, `$x>0$`: no function applied, a range or a name
    if role == "sought":  # `una gráfica que cumpla las siguientes condiciones: $f(2)=-3$`: another f, to find
        for name in {m.group(1) for m in re.finditer(r"(\\?[A-Za-z]+)'*\s*\(", statement)}:
            section.set_aside(_function_key(name))
        return [(heading, Reading(statement, cell, "unchecked", reason=SOUGHT))]
    if role in ("derived", "derived in case"):  # `Combining these, we get $x_2 = x_0 + 3c$`: a claim about the name
        if derived := _derived_form(section, statement, cell):  # the cell defined, within the case it stands in
            return [(heading, derived)]
        role = "statement" if role == "derived" else "in case"
    if role == "statement" and (names := _earlier_unknowns(section, statement)):
        # `$$\\ddot{y}-\\mu(1-y^2)\\dot{y} + y = 0$$` under a new heading, after an earlier section's y(t): the Van der
        # Pol oscillator's y, a new problem's unknown
        for name in names:
            section.set_aside(name)
        role = "to solve"
    if role == "new problem":  # `Say we have $y'(x) = ...$`: y is this problem's unknown, whatever it was before
        for name in re.findall(r"(?<![A-Za-z\\])([A-Za-z])'|\\frac\{\s*d\s*([A-Za-z])\s*\}", statement):
            section.set_aside(next(filter(None, name)))
        role = "to solve"
    if role == "required" and (arithmetic := _after_bound(statement)):
        # `We would need $h \\leq \\frac{2}{\\lambda_1} = 0.002$`: the bound is required, what follows it is computed
        reading = _read_safely(section, arithmetic, cell, False, None)
        return [(heading, replace(reading, statement=statement, message=reading.message.replace(
            f"`{arithmetic}`", f"`{statement}`")) if reading.ok is not None else Reading(
            statement, cell, "unchecked", reason=REQUIRED))]
    if role == "supposed":  # `$\\mu=0 \\Rightarrow ...$`: a defined name's value supposed, an input's put in
        name = _plain_name(_sides(statement)[0])
        if name in section.definitions or name in matrices.definitions:
            return [(heading, Reading(statement, cell, "place"))]
        role = "at point"
    if role == "named":  # `where $v$ is the velocity`: a name an earlier cell defined now stands for a new quantity
        name = _plain_name(statement)
        if name in section.definitions and section.defined_in.get(name, cell) < cell:
            section.set_aside(name)
        return []
    if role == "replaced":  # `let's replace $\\mathbf{w}$`: the vector is another one from here on, for either reader
        section.set_aside(_plain_name(statement))
        matrices.forget(statement)
        return []
    if role == "redefined":  # `the total surface $S_{T,i}$ should be: $$S_{T,i} = ...$$`: a new formula for it,
        name = _sides(statement)[0]  # no claim about the old one (whose subscript the matrix reader may take for an
        section.set_aside(_plain_name(name))  # entry's index)
        matrices.forget(name)
        return [(heading, _read_safely(section, statement, cell, False, domain))]
    if role == "constant" and "=" in statement:  # `\\frac{gT^2}{L} = k^2, \\mbox{ a constant }`: k is that unknown
        last = _sides(statement)[-1]  # constant from here on, not the number of groups an earlier section called k
        for name in [n for n in (*section.definitions, *section.functions) if _written_in(n, last)]:
            section.set_aside(name)
            matrices.forget(name)
        return [(heading, _read_safely(section, statement, cell, False, domain))]
    if role == "used":  # `In the last line, ... ($m_\\mu = 207$) were used`: the value put in, whatever it was before
        name, value = _sides(statement)
        section.set_aside(_plain_name(name))
        section.defined_under[_plain_name(name)] = section.subsection  # this subsection's value, whoever gave one
        try:
            section.definitions[_plain_name(name)] = parse(value)
        except Exception:  # a value the reader cannot read: the old one is forgotten all the same
            pass
        return [(heading, Reading(statement, cell, "input"))]
    if role == "stationary" and len(sides := _sides(statement)) > 2:
        # `Set the gradient equal to zero: $$\\nabla_x L = [1 - 3u_1 x_1^2; u_1] = 0$$`: its zero is required, the
        # formula given for it before that is a claim
        section.required.extend(_made_zero(section, statement))
        claim = " = ".join(sides[:-1])
        return [(at, replace(reading, statement=statement)) for at, reading in _read_in_turn(
            section, matrices, heading, claim, cell, "statement", domain, binary, bits)]
    if role in ("required", "stationary"):  # `We require that $b_{kl} = 0$`: what it makes zero, kept for what follows
        section.required.extend(_made_zero(section, statement))
        return [(heading, Reading(statement, cell, "unchecked", reason=REQUIRED))] if "=" in statement else []
    if role == "to solve" and (failed := _rewritten_rate(section, statement, cell)):
        return [(heading, failed)]
    if role in ("fragment", "whole division", "to solve", "excluded"):
        why = {"fragment": FRAGMENT, "whole division": WHOLE_DIVISION, "to solve": TO_SOLVE, "excluded": EXCLUDED}[role]
        return [(heading, Reading(statement, cell, "unchecked", reason=why))] if "=" in statement else []
    found = []
    step = _step_rule(statement)  # `x_{k+1} = x_k - ...`: its names are recorded below
    # a condition, notation no reader computes (a curl), or values given side by side (`T_t = G_t = 0`, a model's
    # special case) are no matrix claims either
    matrix = role != "condition" and not _notation(statement) and not GIVEN_VALUES.fullmatch(statement)
    matrices.subsection = section.subsection
    verdict = _matrix_verdict(matrices, statement) if matrix else None
    if "\\sim" in statement and "=" not in statement:
        _distribution(section, statement)
    if "=" not in statement and "\\approx" not in statement and (ranged := RANGE_STATEMENT.fullmatch(statement)):
        _range_of(section, ranged.group(1), ranged.group(2))  # `c > 0` beside a definition: a family's parameter
    if "=" in statement or "\\approx" in statement:
        if verdict is not None and verdict.scalar and verdict.ok is False and section.elsewhere(statement):
            verdict = None  # `C_x = A_x - B_x` under `### Vector subtraction`: as scalars, the scalar reader decides
        if entries := _numbered_entries(matrices, statement):  # `F_{2, 1}`: a view factor, no matrix F's entry
            verdict = None
        reading = _combine(_read_safely(section, _spelled(statement, entries), cell, role == "condition", domain),
                           verdict)
        if entries:
            reading = replace(reading, statement=statement, message=_spelled(reading.message, {
                spelled: written for written, spelled in entries.items()}))
        if reading.ok is None and role == "statement" and not (_notation(statement) or RATIO.search(statement)) and (
                failure := _arithmetic_failure(section, statement, cell)):
            # `\\mathbf{a}^T\\mathbf{b} = \\sum_i a_i b_i = 4+4+4=13`: whatever the other links are, its links of
            # numbers alone are arithmetic
            reading = failure
        elif reading.ok is None and role == "statement" and reading.reason != SLASH_TWO_WAYS and (
                wrong := _within_budget(_middle_step, section, statement, cell)):
            reading = wrong
        if reading.reason in (RELATION, UNDEFINED_IDENTITY) and (said or role == "statement" and IDENTITY_SAID.search(
                heading)) and (identity := _said_identity(section, statement, cell)):
            reading = identity  # `## Cofunction identities`: claimed for every value of its one variable
        if reading.ok is None and (reading.reason == RELATION or reading.kind == "number"):
            section.related.extend(_made_zero(section, statement))  # `\\alpha^2 + \\beta^2 = 1`: a constraint too
        elif reading.ok is None:  # `x^3 + 4x^2 - 10 = 0`: its rearrangements after it hold at its roots
            section.related.extend(e for e in _polynomial_equation(section, statement) if e not in section.related)
        if reading.ok is False and (section.required or section.related) and _holds_where_required(section,
                                                                                                   statement):
            reading = replace(reading, ok=True, message="", reason=WHERE_REQUIRED)
        if reading.ok is False and role == "statement" and _normal(statement) in section.equations:
            reading = Reading(statement, cell, "unchecked", reason=SOLVED_AGAIN)  # `The solution of $e^x = 3x^2$ is`
        if reading.ok is False and (name := _printed_result(section, statement)):
            reading = Reading(statement, cell, "unchecked", reason=PRINTED_RESULT)
            section.set_aside(name)
            section.inputs.pop(name, None)
        if role == "worded" and reading.ok is False:
            reading = Reading(statement, cell, "unchecked", reason=WORDED)
        if role == "in case" and reading.ok is False:
            reading = _arithmetic_failure(section, statement, cell) or Reading(statement, cell, "unchecked",
                                                                                reason=IN_CASE)
        if role == "initial" and reading.ok is False:
            reading = Reading(statement, cell, "unchecked", reason=INITIAL)
        if role == "named equation" and reading.ok is False:  # `the matrix form of the equation, $Ax=b$`
            reading = Reading(statement, cell, "unchecked", reason=TO_SOLVE)
        if role == "guessed" and reading.ok is False:
            reading = Reading(statement, cell, "unchecked", reason=GUESSED)
        if role == "limit" and reading.ok is False:
            reading = Reading(statement, cell, "unchecked", reason=LIMIT_TAKEN)
        if reading.ok is False and step:
            reading = Reading(statement, cell, "unchecked", reason=STEP_RULE)
        elif reading.ok is False and (stepped := _another_step(section, statement)):
            reading = Reading(statement, cell, "unchecked", reason=STEP_READ.format(", ".join(stepped)))
        if reading.ok is False and (form := _under_an_approximation(section, statement, cell)):
            reading = Reading(statement, cell, "unchecked", reason=UNDER_APPROXIMATION.format(form=form))
        if role == "approximated" and reading.ok is False:  # what an approximation, or another case, gives: anew
            reading = Reading(statement, cell, "unchecked", reason=APPROXIMATED)
            for name in [n for n in section.definitions if _written_in(n, _prepare(statement)[0])]:
                section.set_aside(name)  # the approximation now relates them: `s` and `z` of the bilinear transform
        if binary and reading.ok is False and (BINARY_NUMERAL.search(statement) or BINARY_WHOLE.search(statement)):
            reading = _in_base_two(section, statement, cell, reading)
        if reading.ok is False and (digits := FINITE_DIGITS.get()):
            reading = _in_digits(statement, cell, reading, *digits)  # `5.26+(9.34+5.04)=5.26+14.4=19.7`, in 3 digits
        if bits and reading.ok is False and BIT_STRING.search(statement):
            reading = Reading(statement, cell, "unchecked", reason=BIT_STRINGS)
        if reading.kind != "none":  # `= 0.01` alone: a fragment of a display, no equation
            found.append((heading, reading))
    if step:  # the next step's name and the current one's (`x_{k+1}`, `x_k`)
        written = frozenset(_step_names(_prepare(statement)[0]))
        section.steps |= {_plain_name(f"{step[0]}_{{{step[1]}+1}}"): (True, written),
                          _plain_name(f"{step[0]}_{{{step[1]}}}"): (False, written)}
    for name in (n for n, f in section.functions.items() if before.get(n) is not f):
        matrices.definitions.pop(name, None)  # `f = w^T x + b`, then `f(x) = \\max(0, x)`: f is that now
    changed = {n for n, d in {**section.definitions, **section.functions}.items() if before.get(n) is not d}
    for name in changed & set(section.definitions) - section.inherited:
        if name not in before or _another_formula(section, before[name], section.definitions[name]):
            section.formulas[name] = section.formulas.get(name, 0) + 1
    valued = {n for n, v in section.inputs.items() if given.get(n) != v}  # `here $P=100$`: this example's P
    section.solved |= {n for n, d in section.definitions.items() if n not in changed and n not in section.inherited
                       and {str(x) for x in getattr(d, "free_symbols", ())} & valued}
    changed |= valued
    section.defined_under.update(dict.fromkeys(changed, section.subsection))
    section.defined_in.update(dict.fromkeys(changed, cell))
    section.examples -= changed  # `Let $f(x) = x^3$`: f is this one now, not a list's example
    return found


def _another_formula(section: Section, old: Any, new: Any) -> bool:
    """Whether a name's new definition is another formula, not the old one restated (`z = (x+y)^2`, then `z = a^2`
    with `a = x + y`)."""
    sympy, _ = _sympy()
    if not (isinstance(old, sympy.Expr) and isinstance(new, sympy.Expr)):
        return old != new  # a tuple, a matrix: compared as written
    try:
        same = _zero_in_the_unit_box(section.expand(old) - section.expand(new))
    except (TypeError, ValueError):  # what SymPy cannot subtract is another formula
        return True
    return same is not True


# theta(xi), \\hat{\\beta}(\\sigma), dtheta/dxi: a name the text has depend on a variable
# (a rate's name may carry a subscript: `\\frac{dX_A}{dt}`, `dF_{A}/dV`)
DEPENDENCE = re.compile(r"(?<![A-Za-z\\_^])(\\[a-z]+\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)\s*\(\s*\\?([A-Za-z]+)\s*\)|"
                        r"\\frac\{\s*(?:d|\\partial)(?:\^\{?\d\}?)?\s*(\\?[A-Za-z]+(?:_\{[^{}]*\}|_\w)?)\s*\}\{\s*"
                        r"(?:d|\\partial)\s*\\?([A-Za-z]+)(?:\^\{?\d\}?)?\s*\}|"
                        r"(?<![A-Za-z\\])(?:d|\\partial\s*)(\\?[A-Za-z]+(?:_\{[^{}]*\}|_\w)?)\s*/\s*(?:d|\\partial\s*)"
                        r"\\?([A-Za-z]+)")


def _dependences(markdown: str) -> set[tuple[str, str]]:
    """(name, variable) pairs a cell writes as `theta(xi)`, `\\frac{d\\theta}{d\\xi}` or `d\\theta/d\\xi`: the text has
    that name depend on that variable, whether or not a definition says how."""
    markdown = braced_decorations(markdown)  # `\\hat\\beta(\\sigma)`
    math = " ".join(span_math(m) for m in MATH_RE.finditer(markdown))
    primed = {(name, "") for name in re.findall(r"(?<![A-Za-z\\])([A-Za-z])'+(?!\s*\()", math)}  # `y' + y = ...`
    return primed | {(_plain_name(m[0] or m[2] or m[4]), m[1] or m[3] or m[5])
                     for m in DEPENDENCE.findall(markdown)}


# a cell that says its numbers are in base 2 (`Observe que estos números son en sistema binario`, `binaire`), and a
# numeral only base 2 explains (`1.1 \\times 2^1 = 3`)
BINARY_TEXT = re.compile(r"\bbinary\b|\bbase[- ]?(?:2|two|dos|deux|zwei|dois)\b|\bbin[aá]ri[oa]s?\b|\bbinaires?\b|"
                         r"\bbinär\w*|\bBinär\w*|\bDualsystem|二進|二进制", re.IGNORECASE)
BINARY_NUMERAL = re.compile(r"(?<![\d.])[01]+\.[01]+(?![\d.])")
# `1101`: a numeral of bits, which a binary cell converts
BINARY_WHOLE = re.compile(r"(?<![\d.])[01]{2,}(?:\.[01]+)?(?![\d.])")
# a cell that writes kets of bits (`|01\\rangle`, `\\lvert 1 1 \\rangle`), and a numeral that may be a bit string
KET_OF_BITS = re.compile(r"(?:\||\\lvert|\\vert)\s*[01](?:\s*[01])+\s*\\rangle")
BIT_STRING = re.compile(r"(?<![\d.])[01]{2,}(?![\d.])")
BIT_STRINGS = ("numerals of 0s and 1s beside kets of bits (`b \\cdot 11 = 0` after `|11\\rangle`): bit strings, whose "
               "dot product is taken mod 2, not numbers")


def _modular(reading: Reading, modulus: str) -> Reading:
    """A claim false in the integers, in a cell whose arithmetic is modulo n (`the operations are modulo 2, so that in
    binary we have $1 + 1 = 0$`; `a+1+1 = a \\quad (mod 2)`): unchecked, as the reader computes in the integers."""
    if reading.ok is False:
        return Reading(reading.statement, reading.cell, "unchecked", reason=MODULAR.format(modulus))
    return reading


MODULAR_TEXT = re.compile(r"(?<![A-Za-z])mod(?:ulo)?[_*\s]+(\d+)(?!\d)", re.IGNORECASE)  # `__modulo 2__`
MODULAR = "arithmetic modulo {} (as the cell's text says), where the reader computes in the integers"


UNDER_APPROXIMATION = ("it holds with `{form}`, an approximation the text states before it (Stirling's `x! \\approx "
                       "x^x e^{{-x}}` for large x), not exactly: a result under that approximation")


def _squeezed(latex: str) -> str:
    """LaTeX without its spaces, to find an expression where it is written again (`x!`, `x !`)."""
    return re.sub(r"\s+", "", latex)


def _an_expression(latex: str) -> bool:
    """Whether a side is a formula of a name, not a name alone or a number (`x!`, `\\sin x`; not `y`, `0.2`)."""
    return not BARE_NAME.fullmatch(latex.strip()) and not NUMBER_RE.fullmatch(latex) and bool(re.search(r"[A-Za-z]",
                                                                                                        latex))


def _note_approximation(section: Section, statement: str) -> None:
    """Keep an approximation the text states for an expression (`x! \\approx x^x e^{-x}`, Stirling's rule for large
    x), whatever role its sentence gives it: later claims that write the expression may be made under it."""
    pair = split_top_level(statement, ("\\approx",)) if "\\approx" in statement else []
    if len(pair) == 2 and _an_expression(pair[0]) and not NUMBER_RE.fullmatch(pair[1]) and "=" not in statement:
        section.approximations[_squeezed(pair[0])] = pair[1].strip()


def _under_an_approximation(section: Section, statement: str, cell: int) -> str:
    """The approximation (`x! \\approx x^x e^{-x}`) under which a failing claim that writes its expression holds
    (`\\frac{dx!}{dx} = x! \\ln(x)`), shown; or ""."""
    squeezed = _squeezed(statement)
    for expression, form in section.approximations.items():
        if expression not in squeezed or "\\approx" in statement:
            continue
        with section.unchanged():
            again = _read_safely(section, squeezed.replace(expression, f"({form})"), cell, False, None)
        if again.ok:
            return f"{expression} \\approx {form}"
    return ""


# the significant digits (and whether chopped) a cell says its floating-point arithmetic keeps (see `nbtruth.rounding`)
FINITE_DIGITS: contextvars.ContextVar[tuple[int, bool] | None] = contextvars.ContextVar("finite_digits", default=None)


def _in_digits(statement: str, cell: int, reading: Reading, digits: int, chopped: bool) -> Reading:
    """A failing chain read again in the arithmetic its cell states, each operation kept to `digits` significant
    digits: it holds where every link of numbers alone does (`x+(y+z)=5.26+(9.34+5.04)=5.26+14.4=19.7`, in three),
    its first failing link is named where one fails, and the exact reading stands where no link is of numbers."""
    sides = _sides(statement)
    values = [evaluated_in_digits(side, digits, chopped) for side in sides]
    links = [(k, a, b) for k, (a, b) in enumerate(zip(values, values[1:])) if a is not None and b is not None]
    if not links:
        return reading
    for k, a, b in links:
        if abs(a - b) > 1e-9 * max(1.0, abs(b)):
            how = "chopped" if chopped else "rounded"
            right = "the right side" if NUMBER_RE.fullmatch(sides[k + 1]) else f"`{sides[k + 1].strip()}`"
            return Reading(statement, cell, "arithmetic", False, f"`{statement}`, but in the text's arithmetic of "
                           f"{digits} digits ({how}), `{sides[k].strip()}` is {a:g} and {right} {b:g}")
    return Reading(statement, cell, "arithmetic", True)


def _in_base_two(section: Section, statement: str, cell: int, reading: Reading) -> Reading:
    """A claim false in base ten, read again with its numerals of 0s and 1s with a point in base 2 (`1.1` is 1.5):
    it holds that way, or the base-ten reading stands."""
    def value(numeral: re.Match[str]) -> str:
        """The numeral's value, written in base ten."""
        whole, _, fraction = numeral.group(0).partition(".")
        return repr(int(whole, 2) + (int(fraction, 2) / 2 ** len(fraction) if fraction else 0))
    sides = _sides(statement)
    # every numeral of 0s and 1s in base 2, or only the first side's (`1101 = 1 \cdot 2^3 + ... = 13`: one binary
    # numeral, worked out in decimal)
    tries = [BINARY_NUMERAL.sub(value, statement),
             " = ".join([BINARY_WHOLE.sub(value, sides[0]), *sides[1:]]) if len(sides) > 1 else statement]
    for spelled in dict.fromkeys(tries):
        with section.unchanged():
            again = _read_safely(section, spelled, cell, False, None)
        if again.ok:
            return replace(again, statement=statement)
    return replace(reading, message=f"{reading.message}; read in base 2 (as the cell's text says), it fails too")


LISTED = ("one of a list of values a span gives side by side (`e=0, g=\\frac{1}{2}\\pi, g^2 = \\pi`), about a name an "
          "earlier item gave: a value given, not a claim about that item")


def _subsections(section: Section, markdown: str, lead: str = "") -> Iterator[tuple[str, str, str | None]]:
    """The statements of a markdown cell, with `section.subsection` set to the `###` heading each stands under;
    `lead`, the markdown cell right above, is what the cell's first display follows."""
    for chunk in re.split(r"(?m)^(?=#{3,6}\s|\*\*[^*\n]+\*\*:?\s*$|__[^_\n]+__:?\s*$)", markdown):
        if (heading := SUBHEADING.match(chunk)) and not _part_label(heading):
            section.subsection = _new_subsection(section, next(filter(None, heading.groups())).strip())
            section.opened_by, lead = "", ""
        for part in _examples_opened(section, chunk):
            yield from statements_in_context(part, lead)
            lead = ""


# `**Datos**:`, `**Procedure:**`: a bold label with a colon, naming a part of the example it stands in; one that names
# an example, a problem or a case, or numbers one (`**Example 2:**`, `**Case 1:**`), still heads a new one
PART_LABEL = re.compile(r"^\*\*[^*\n]+(?::\*\*|\*\*:)\s*$")
NAMES_AN_EXAMPLE = re.compile(r"\d|\b(?:ex|example|ejemplo|exemplo|exemple|beispiel|exercises?|ejercicios?|"
                              r"exerc[ií]cios?|problems?|problemas?|questions?|preguntas?|cases?|casos?|parts?|partes?)\b",
                              re.IGNORECASE)


def _part_label(heading: re.Match[str]) -> bool:
    """Whether a bold line is the label of a part of the current example (`**Datos**:` then `**Procedimiento**:`, the
    data and the working of one example), not the heading of another."""
    return PART_LABEL.match(heading.group(0).strip()) is not None and not NAMES_AN_EXAMPLE.search(heading.group(0))


def _examples_opened(section: Section, chunk: str) -> Iterator[str]:
    """A chunk's text, cut where a line of prose opens another example; each new example is a subsection of its own,
    named by its opening words (`One last scenario`), for `Section.elsewhere`."""
    start = 0
    for line in re.finditer(r"(?m)^[^\n]*$", chunk):
        opener = EXAMPLE_OPENER.search(MATH_RE.sub(" ", line.group(0))) or CASE_OPENER.match(line.group(0)) or \
            EXAMPLE_LINE.match(re.sub(r"<[^<>]*>|\\(?:underline|text|textbf|mathrm)|[$*_{}]", "", line.group(0))) or \
            QUESTION_ITEM.match(line.group(0))
        if opener is None or line.start() == 0 and SUBHEADING.match(chunk):
            continue
        if line.start() > start:
            yield chunk[start:line.start()]
        start = line.start()
        section.opened_by = opener.group(0)
        section.subsection = _new_subsection(section, f"'{section.opened_by}'")
    yield chunk[start:]


def _new_subsection(section: Section, title: str) -> str:
    """A subsection's name: its heading, numbered where an earlier one of the section has the same (`#### Example`
    twice gives two examples)."""
    taken, name, count = set(section.defined_under.values()) | {section.subsection}, title, 1
    while name in taken:
        count += 1
        name = f"{title} ({count})"
    return name


def _step_of_solving(section: Section, statement: str, cell: int) -> Reading:
    """A row of a system, or a step of solving one: no claim, and it defines nothing; but the algebra its chain does
    after the first link (`y = \\frac{15 - 2x}{-3} = -5 + \\frac{2x}{3}`) is checked, as a claim about every x."""
    sides = _sides(statement)
    if len(sides) < 3 or INPUT_RE.match(sides[1]):
        return Reading(statement, cell, "unchecked", reason=SYSTEM)
    rest = "=".join(sides[1:])
    with section.unchanged():
        reading = _read_safely(section, rest, cell, False, None)
    if reading.ok is None:
        return Reading(statement, cell, "unchecked", reason=SYSTEM)
    return _quoted(reading, rest, statement)


EXCLUDED = ("what the text says does not hold (`there is no $x$ with $\\sqrt{x} = -1$`, `the constraint is violated: "
            "$0 \\ge 1$`, reasoning after `Where is the error in the following reasoning?`), not a claim")
LIMIT_TAKEN = ("a step of a limit (`\\lim_{x \\to \\infty} \\frac{e^{-x} - 1}{x^2 - 3} \\to \\frac{-e^{-x}}{2x} \\to "
               "\\frac{e^{-x}}{2} = 0`): what its sides tend to, which the reader does not compute")
GUESSED = "what the text says a reader might guess (`You might even guess that ...`), not what it claims"
APPROXIMATED = ("a formula an approximation gives (`\\stackrel{\\text{linearization}}{\\rightarrow}`) or a case the "
                "text sets against the last (`However, for ...`) or a model it takes up (`take the linear model in the "
                "log-scale`): the definitions in reach need not satisfy it")
WORDED = ("a step written in words (`replace $x_1$ by $x_m$`): it gives the name a new value, and states no claim that "
          "could fail")
PRINTED_RESULT = ("a value the code cells right before it print (`E(X_i) \\approx 2.778` after `[2.7777777777777772, "
                  "...]`): the code's result for the case the text has moved to, whatever the name was before")
SOLVED_AGAIN = ("an equation the text set out to solve or stated as a condition before (`Solve $e^x = 3x^2$`, then "
                "`The solution of $e^x = 3x^2$ is ...`): true of its roots, not of every value")
TO_SOLVE = ("an equation the text speaks of the solutions of (`... will have solutions of the form`, `which has no "
            "solution`) or names as one (`the matrix form of the equation, $Ax=b$`): one to solve, not a claim about "
            "the names in reach")
SYSTEM = ("a row of a system of equations (rows that give one left side twice, that set combinations of names to "
          "numbers, displays each under a label, `Summation`, or a list the text leads into as equations, `the 4 "
          "equations and 4 unknowns`): an equation to solve, not an identity; it defines nothing")


# a capital with two numbers for its subscript (`F_{2, 1}`, `A_{0,1}`)
NUMBERED_ENTRY = re.compile(r"(?<![\\A-Za-z])([A-Z])_\{\s*(\d+)\s*,\s*(\d+)\s*\}")


def _numbered_entries(matrices: MatrixSection, statement: str) -> dict[str, str]:
    """Each capital with two numbered indices, as written, and as one subscript (`F_{2, 1}`: `F_{21}`), where
    nothing in the notebook makes that capital a matrix: a quantity two numbers label (the view factor from surface
    2 to surface 1), no entry of a matrix."""
    known = matrices.matrices | set(matrices.definitions)
    return {m.group(0): f"{m.group(1)}_{{{m.group(2)}{m.group(3)}}}" for m in NUMBERED_ENTRY.finditer(statement)
            if m.group(1) not in known}


def _spelled(text: str, spellings: dict[str, str]) -> str:
    """The text with each spelling replaced by the one it maps to."""
    for written, spelled in spellings.items():
        text = text.replace(written, spelled)
    return text


def _within_budget(read: Callable[..., Reading | None], *args: Any) -> Reading | None:
    """A further reading of a statement, None where it fails or takes more than BUDGET seconds."""
    try:
        with budget(BUDGET):
            return read(*args)
    except OverBudget:
        return None
    except Exception:  # noqa: BLE001 - a further reading that fails leaves the statement as it was read
        return None


def _read_safely(section: Section, statement: str, cell: int, condition: bool, domain: str | None) -> Reading:
    """read_statement; a statement the reader fails on, or takes more than BUDGET seconds over, is unchecked with
    the failure named, never a crash or a hang of the run."""
    imaginary = STATEMENT_IMAGINARY.set(frozenset(unit for unit, euler in (("i", EULER), ("j", EULER_J))
                                                  if euler.search(statement)))  # on every side of it
    try:
        with budget(BUDGET):
            return read_statement(section, statement, cell, condition, parse_domain(domain) if domain else None)
    except Exception as exc:  # noqa: BLE001 - one unreadable statement must not stop a course's CI (SymPy's printers
        # raise KeyError on a complex infinity, its parser several kinds)
        return Reading(statement, cell, "unchecked", reason=f"the scalar reader failed on it ({type(exc).__name__})")
    except OverBudget:
        return Reading(statement, cell, "unchecked", reason=f"deciding it took more than {BUDGET} s")
    finally:
        STATEMENT_IMAGINARY.reset(imaginary)


def _matrix_verdict(matrices: MatrixSection, statement: str) -> Verdict | None:
    """The matrix reader's verdict; a statement it fails on is unchecked, never a crash of the whole run."""
    try:
        with budget(BUDGET):
            return read_matrix_statement(matrices, statement)
    except OverBudget:
        return Verdict("unchecked", reason=f"deciding it took more than {BUDGET} s")
    except Exception as exc:  # noqa: BLE001 - one unreadable statement must not stop a course's CI
        return Verdict("unchecked", reason=f"the matrix reader failed on it ({type(exc).__name__})")


def _combine(reading: Reading, verdict: Verdict | None) -> Reading:
    """The scalar reading, unless it could not check what the matrix reader could (or could say why not)."""
    if reading.reason == SELF:
        return reading  # an update or a fixed point, for either reader
    if reading.reason == SAME_VALUE:
        return replace(reading, reason="")  # `A = C = \\frac{1}{\\Delta x^2}`: no claim that A is C, for either reader
    if reading.kind == "definition" and verdict is not None and verdict.ok is not None and not DELTA.match(
            reading.statement.lstrip()):  # `\\Delta p = r p (1 - p/K)`: a step's size defined, no first-order claim
        reading = replace(reading, kind="unchecked")  # `\\bar{Y} = ...` where Y is a matrix: a claim about it
    if reading.ok is False and TRANSPOSED.search(reading.statement):
        # `\frac{\partial}{\partial x} x^TAx = (A + A^T)x`: SymPy read ^T as a power of a symbol T; the matrix
        # reader's verdict is the one that means a transpose
        if verdict is None or verdict.kind == "unchecked":
            return replace(reading, kind="unchecked", ok=None, message="", reason=(
                verdict.reason if verdict is not None and verdict.reason not in ("", SCALAR) else
                "it writes a transpose (`x^T`), which the scalar reader reads as a power, and the matrix reader "
                "cannot decide it"))
        reading = replace(reading, kind="unchecked", ok=None, message="")
    if reading.kind == "number" and reading.ok is None and not reading.reason and verdict is not None and (
            verdict.ok is not None):
        reading = replace(reading, kind="unchecked")  # `\\det(A) = -2`: a number only the matrix reader computes
    if reading.kind not in ("unparsed", "unchecked") or verdict is None or reading.reason == LAW_OF_MOTION:
        return reading if reading.reason or reading.ok is not None or reading.kind not in (
            "unparsed", "unchecked") else replace(reading, reason=_scalar_reason(reading))
    if verdict.scalar and reading.kind == "unchecked" and (reading.reason in (
            RELATION, UNDEFINED_IDENTITY, INTRODUCES, IDENTITY_MATRIX) or reading.reason.startswith(HOLDS_WHERE)):
        return reading  # a failure as scalars, where the scalar reader said why it cannot decide (`K_c = 0.31 K_{cu}`)
    if verdict.kind == "unchecked":  # the matrix reader's "a scalar formula" says nothing when the scalar one declined
        said = verdict.reason if verdict.reason != SCALAR else ""
        if reading.kind == "unparsed" and said.startswith(MATRIX_UNREAD):  # `p(x|\lambda)`: no matrix, read by neither
            said = f"SymPy cannot read it, nor can the matrix reader{said[len(MATRIX_UNREAD):]}"
        return replace(reading, reason=reading.reason or said or _scalar_reason(reading))
    message = f"`{reading.statement}`, but {verdict.message}" if verdict.ok is False else ""
    return replace(reading, kind=verdict.kind, ok=verdict.ok, message=message, reason="" if verdict.ok is not None
                   else verdict.reason or reading.reason)


MATRIX_UNREAD = "the matrix reader cannot read it"  # how `nbtruth.matrices` says where its reading stopped
# a transpose, as texts write it: `x^T`, `X^{T}`, `w^\top`, `q^\intercal`
TRANSPOSED = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T|\\(?:top|intercal)(?![A-Za-z]))")


def _scalar_reason(reading: Reading) -> str:
    """Why the scalar reader left a statement unchecked."""
    if reading.kind == "unparsed":
        return "SymPy cannot read it, and it is no vector or matrix formula the matrix reader can read"
    if "\\approx" in reading.statement:
        return "an approximation that is not arithmetic on numbers alone"
    return "no definition in reach determines both sides"


def _arithmetic(statement: str, cell: int) -> Reading | None:
    """`2^{-53} \\approx 1.1 \\times 10^{-16}`: arithmetic on numbers alone, checked to the digits written."""
    sides = [side.strip() for side in split_top_level(statement, ("\\approx",))]
    number = NUMBER_RE.match(sides[-1])
    letters = re.sub(r"\\(cdot|times|frac|left|right|sqrt)", "", sides[0])
    if len(sides) != 2 or not number or re.search(r"[A-Za-z]", letters) or "=" in sides[0]:
        return None  # `1/6 \cdot 0.97995 = 0.163325 \approx 0.163`: a chain, read link by link
    try:
        stated = parse(sides[0])
    except Unparsed:
        return None
    if getattr(stated, "free_symbols", True):
        return None
    value, decimals = parse_number(number.group(1))
    if decimals == 0:  # `1.2^{40} \\approx 1470`: rounded to its last nonzero digit, 1465 to 1475
        decimals = _whole_decimals(number.group(1))
    return _arithmetic_reading(statement, cell, stated, value, tolerance(value, decimals, approximate=True),
                               decimals > 0)


def _whole_decimals(written: str) -> int:
    """The decimals a rounded whole number is written to: minus its trailing zeros (1470 to the tens, -1), else 0."""
    digits = written.strip().lstrip("-−").replace(",", "")
    return -(len(digits) - len(digits.rstrip("0"))) if digits.isdigit() else 0


def _rounded_whole(left: str, value: float, decimals: int) -> bool:
    """Whether a whole number of three or more digits is the rounded result of arithmetic on measured numbers
    (`0.855 \\times 9250 = 7,909`) or of a quotient (`100,000/35 = 2857`): a decimal on the left makes the result
    one too, and so does a division, written to its units (`1000/7 = 142`, cut, not rounded, still fails). Two digits
    are enough after a decimal (`(0.40 \\times 98) N = 39 N`, a force to the figures of the 0.40 it comes from)."""
    return decimals == 0 and (abs(value) >= 100 and re.search(r"\d\.\d|/|\\frac|\\div", left) is not None
                              or abs(value) >= 10 and re.search(r"\d\.\d", left) is not None)


UNDEFINED_FUNCTION = "it applies a function nothing in reach defines"
IDENTITY_MATRIX = ("a formula with I, the identity matrix, nothing defines (`(I - \\beta A)^{-1} z_t`): its names are "
                   "matrices and vectors the text does not size, which scalars cannot stand for")


def _identity_matrix(section: Section, statement: str, *sides: Any) -> bool:
    """Whether the sides, once the definitions are substituted, use a bare I that nothing defines: the identity matrix
    (`U(I - \\beta A)^{-1} z_t`), so the other capitals are matrices and do not commute. In a notebook that never
    writes a matrix, I is a number (a moment of inertia, a current) unless added to a capital (`I - \\beta A`)."""
    if "I" in section._names() or not WRITES_MATRICES.get() and not IDENTITY_SUM.search(statement):
        return False
    todo = [str(s) for side in sides for s in side.free_symbols]
    seen: set[str] = set()
    while todo:  # every name the sides use, through the definitions (`(I - \\beta A) c_t`: I would cancel)
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [str(s) for s in getattr(section.definitions.get(name), "free_symbols", ())]
    return "I" in seen


def _said_identity(section: Section, statement: str, cell: int) -> Reading | None:
    """A relation in one variable the text calls an identity (`\\sec\\theta = \\csc(\\frac{\\pi}{2} - \\theta)`):
    claimed for every value of it, so checked as an identity, where otherwise it could be an equation to solve;
    None for several names (`E = mc^2` under `## Identities` stays a relation)."""
    sympy, _ = _sympy()
    sides = _sides(statement)
    if len(sides) != 2:
        return None
    try:
        left, right = (parse(side, section._names()) for side in sides)
        if len(left.free_symbols | right.free_symbols) != 1 or not (left.atoms(sympy.Function) or
                                                                     right.atoms(sympy.Function)):
            return None
        ok = section.same(left, right)
    except Exception:  # noqa: BLE001 - a form the reader cannot decide stays as it was read
        return None
    return Reading(statement, cell, "identity", ok, "" if ok else (
        f"`{statement}`, which the text states as an identity, but {_sides_compared(section, left, right)}"))


SOUGHT = ("a condition on a function the text asks for (`Sketch a graph that meets these conditions:`), not a claim "
          "about one defined before")
UNDEFINED_IDENTITY = ("an identity between names nothing in reach defines (`a(x+y) = ax + ay`): it holds, but a "
                      "wrong one could not be told from a relation such as `E = mc^2`, so it is not counted as checked")
RELATION = ("a relation between names or functions nothing in reach defines (`E = mc^2`, `y'(t) = -k y`): it "
            "constrains them, it is no identity")


def _lookup_reason(exc: LookupError) -> str:
    """Why a claim could not be computed, from what the lookup said (a definition or a value missing)."""
    said = str(exc.args[0]) if exc.args else ""
    return f"{said}: no definition in reach decides it" if said else NOT_DETERMINED


def _right_side(claimed: Any, decimals: int | None) -> str:
    """`, and the right side 0.0035`: the number claimed, for a message (nothing for a formula)."""
    try:
        return "" if decimals is None else f", and the right side {float(claimed):g}"
    except TypeError:
        return ""


def _arithmetic_reading(statement: str, cell: int, stated: Any, written: float, slack: float,
                        cut: bool = False, link: str = "") -> Reading:
    """The verdict on arithmetic the text does itself: the left side's value, within the slack the right side allows
    (an approximate decimal, `cut`, rounded or cut at its last digit; `1470` is rounded). `link`: the left side of
    the link of a chain that was checked, which the message names (`\\bar u = 0.8 \\cdot 20 = 16`: not \\bar u)."""
    if str(stated) in ("zoo", "oo", "-oo") and math.isfinite(written):  # `\\log_{10} 0 = 0`: no number is infinite
        return Reading(statement, cell, "arithmetic", False, f"`{statement}`, but {_left_named(statement, link)} is "
                                                             f"infinite and the right side {written:g}")
    try:
        value = float(stated)
    except TypeError:
        return Reading(statement, cell, "unchecked", reason="its left side is not a real number")
    if not math.isfinite(value):
        return Reading(statement, cell, "unchecked", reason="its left side has no value (such as 0 \\cdot \\log 0)")
    ok = abs(value - written) <= slack or (cut and _cut(value, written, slack)) or (
        abs(value - written) <= slack + _input_rounding(stated, value))
    # a value exact arithmetic makes 0 (`8 - \\frac{1}{2} \\cdot 4^2`) shown as 0, not as the float noise of 1e-124
    # (1e-60: physical constants' 1e-34 and 1e-19 are values)
    left, right = ("0", f"{written:g}") if abs(value) <= 1e-60 * abs(written) else _told_apart(value, written)
    message = "" if ok else f"`{statement}`, but {_left_named(statement, link)} is {left} and the right side {right}"
    return Reading(statement, cell, "arithmetic", ok, message)


def _complex_arithmetic(statement: str, cell: int, stated: Any, written: complex, decimals: float) -> Reading:
    """A complex number written with rounded parts (`0.7071 + 0.7071j`) against the left side's value: each part to
    the digits written."""
    try:
        value = complex(stated)
    except TypeError:
        return Reading(statement, cell, "unchecked", reason="its left side is not a number")
    slack = tolerance(max(abs(written.real), abs(written.imag)), decimals)
    ok = abs(value.real - written.real) <= slack and abs(value.imag - written.imag) <= slack
    message = "" if ok else f"`{statement}`, but the left side is {value:.6g} and the right side {written:.6g}"
    return Reading(statement, cell, "arithmetic", ok, message)


def _told_apart(a: float, b: float) -> tuple[str, str]:
    """Two values to six significant figures, or to as many more as they need to differ (`3987^{12} + 4365^{12}` and
    `4472^{12}` agree to ten: 6.397665635e+43 against 6.397665634e+43; `0.70710678 \\times 6 = 4.24264069`)."""
    shown = f"{a:.6g}", f"{b:.6g}"
    for digits in (9, 12, 15, 17):
        if shown[0] != shown[1]:
            break
        shown = f"{a:.{digits}g}", f"{b:.{digits}g}"
    return shown


def _input_rounding(stated: Any, value: float) -> float:
    """How far arithmetic on rounded numbers (`notebook.half_digit`) may move as each moves by half its last digit,
    summed: `0.70710678 \\times 6` by 3e-8, so 4.24264069, six over the square root of 2, is within it."""
    sympy, _ = _sympy()
    if not isinstance(stated, sympy.Basic):
        return 0.0
    moved = [float(stated.subs(f, f + h)) for f in stated.atoms(sympy.Float) if (h := half_digit(float(f)))]
    return sum(abs(m - value) for m in moved)


def _numbers_shown(section: Section, left: Any, right: Any, at_inputs: bool = False) -> str:
    """`\\sqrt{0.5^2 + 0.5^2}, which is 0.707107, and the right side 1.41421`: both sides' values (`at_inputs`, at the
    section's inputs: a Newton step's `p_2 - \\frac{f(p_2)}{f'(p_2)}` against a formula of numbers), for a message
    about a claim between numbers; "" when a side is no real number."""
    sympy, _ = _sympy()
    point = {sympy.Symbol(n): v for n, v in section.inputs.items()} if at_inputs else {}
    sides = [section.expand(side).subs(point) for side in (left, right)]
    if any(getattr(side, "free_symbols", None) for side in sides):
        return ""  # a side in names: float() of `\\log \\theta^{117}(1 - \\theta)^{283}` takes half a minute to fail
    try:
        values = [float(side) for side in sides]
    except (TypeError, ValueError):
        return ""
    # a value exact arithmetic makes 0 (`4 - 3 - 1`) shown as 0, not as float noise (2.36364e-125)
    left_value, right_value = _told_apart(*values)
    left_value, right_value = (shown if abs(v) > 1e-12 * max(map(abs, values)) else "0"
                               for shown, v in zip((left_value, right_value), values))
    shown = section.show(left)
    which = "" if shown == left_value else f", which is {left_value}"
    return f"{shown}{which}, and the right side {right_value}"


LONG_SIDE = 160  # characters of a side's LaTeX past which a message says how the sides differ instead


def _sides_compared(section: Section, left: Any, right: Any) -> str:
    """`the left side is 2x, and the right side 3x`; for sides too long to read (a formula substituted three
    definitions deep), how they differ: `the right side is \\frac{a^{3}}{\\mu} times the left side`."""
    sympy, _ = _sympy()
    shown = section.show(left), section.show(right)
    if max(len(side) for side in shown) <= LONG_SIDE:
        return f"the left side is {shown[0]}, and the right side {shown[1]}"
    for value, compared in ((right / left, "the right side is {} times the left side"),
                            (right - left, "the right side minus the left side is {}")):
        if not value.has(sympy.zoo, sympy.nan) and len(text := section.show(value)) <= LONG_SIDE // 2:
            return compared.format(text)
    return f"the left side is {shown[0][:LONG_SIDE]}..., and the right side {shown[1][:LONG_SIDE]}..."


def _left_named(statement: str, link: str) -> str:
    """A link's left side as a message names it: `the left side` in a chain's first link, else as written
    (`\\bar u = 0.8 \\cdot 20 = 16`: the link `0.8 \\cdot 20`, not \\bar u; after `\\approx` too)."""
    sides = split_relations(statement)[0]
    return f"`{link.strip()}`" if link.strip() and len(sides) > 2 and link.strip() != sides[0].strip() else (
        "the left side")


def _cut(value: float, written: float, slack: float) -> bool:
    """`\\approx -5.46` for -5.4668: the value cut toward zero at the written number's last digit (half a unit of
    it is `slack`), as an approximation may be written instead of rounded."""
    return value * written >= 0 and abs(written) <= abs(value) + slack and abs(value) - abs(written) < 2 * slack


ADJOINT = re.compile(r"^\\bar\{\s*(\\?[A-Za-z]+)\s*\}$")


# `\\bar{z}`, `\\overline{z}`: a bar over one name
BARRED_NAME = re.compile(r"\s*\\(?:bar|overline)\s*(?:\{\s*(\\?[A-Za-z]+)\s*\}|([A-Za-z]))\s*")


def _conjugate(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """`\\bar{z} = 3 - 4i` after `z = 3 + 4i`: a bar over a name the section defines as a complex number (one that
    writes the imaginary unit, its other names real) is its conjugate, a claim; elsewhere a bar may be a mean, or a
    name of its own. None where it is no such bar."""
    sympy, _ = _sympy()
    barred = BARRED_NAME.fullmatch(left)
    name = (barred.group(1) or barred.group(2)).lstrip("\\") if barred else ""
    if name not in section.definitions:
        return None
    try:  # `z = a + bi` after `i^2 = -1`: i, defined, is the unit
        value, claimed = section.expand(sympy.Symbol(name)), section.expand(_side(section, right))
    except (Unparsed, LookupError):
        return None
    if not value.has(sympy.I):
        return None
    real = {s: sympy.Symbol(s.name, real=True) for s in value.free_symbols}  # `z = a + bi`: a and b real
    conjugate = sympy.conjugate(value.subs(real)).subs({v: k for k, v in real.items()})
    ok = section.same(conjugate, claimed, None)
    if ok:  # `\\bar{a}\\bar{z}^n` later: the conjugate, as the text wrote it
        section.definitions[_plain_name(left)] = claimed
    return Reading(statement, cell, "identity", ok, "" if ok else (
        f"`{statement}`, but the conjugate is {section.show(conjugate)}, and the right side {section.show(claimed)}"))


def _adjoint_notation(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """`\\bar{v} = \\frac{dL}{dv}` for a generic v: from here on, a barred name is L's total derivative by it."""
    bar = ADJOINT.match(left.strip())
    if not bar or bar.group(1).lstrip("\\") in section._names():
        return None
    frac = _frac(right)
    if not frac or frac[3] or frac[2].lstrip("\\") != bar.group(1).lstrip("\\"):
        return None
    section.adjoint = frac[1].lstrip("\\")
    if frac[0] == "\\partial":
        return Reading(statement, cell, "derivative", False,
                       f"`{statement}` defines the adjoint with \\partial, which means the local partial (other "
                       f"inputs held fixed) wherever {bar.group(1)} feeds {frac[1]} directly; the adjoint is the total "
                       f"derivative through every path: write \\frac{{d{frac[1]}}}{{d{bar.group(1)}}}")
    return Reading(statement, cell, "definition")


EINSTEIN = ("index notation whose repeated index {index} is summed (Einstein's convention, `u_i = T_{{ij}} v_j`): no "
            "product the scalar reader may define a name by")
# a name indexed as tensors are (`T_{ij}`, `v_j`): one or two of the letters i to n, no label (`V_{rms}`, `I_s`)
TENSOR_INDEXED = re.compile(r"(\\?[A-Za-z]+)\s*_\s*(?:\{\s*([i-n]{1,2})\s*\}|([i-n]))(?![A-Za-z])")


def _summed_by_convention(left: str, right: str) -> str:
    """The index two names multiplied side by side share on the right that the left does not write (`u_i = T_{ij}
    v_j`: j, summed by Einstein's convention), or "" (`T_{ij} = u_i v_j`; `\\sum_j` written out; `f(x_n, y_n)`, a
    function's arguments at one step n)."""
    if re.search(r"\\(?:sum|prod)(?![A-Za-z])", left + right):
        return ""
    on_left = {c for m in re.finditer(r"_\s*(?:\{([^{}]*)\}|([a-z]))", left) for c in m.group(1) or m.group(2)}
    factors = list(TENSOR_INDEXED.finditer(right))
    for a, b in zip(factors, factors[1:]):
        shared = set(a.group(2) or a.group(3)) & set(b.group(2) or b.group(3))
        if a.group(1) != b.group(1) and re.fullmatch(r"\s*(?:\\cdot|\\,)?\s*", right[a.end():b.start()]) and (
                summed := sorted(shared - on_left)):
            return summed[0]
    return ""


def _definition(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """`y = x + 1` or `\\sigma(x) = ...` for a name not yet defined: record it."""
    sympy, _ = _sympy()
    if section.adjoint and ADJOINT.match(left.strip()):
        return None  # `\\bar{b} = ...` states an adjoint's value: a claim
    if re.fullmatch(r"\s*\\?[A-Za-z]+_\{?[^{}]*\}?\s*", left) and (summed := _summed_by_convention(left, right)):
        return Reading(statement, cell, "unchecked", reason=EINSTEIN.format(index=summed))
    prepared, _ = _prepare(left)
    plain = re.sub(r"^\\mathit\{(\w+)\}$", r"\1", prepared)
    if re.fullmatch(r"\\mathit\{\w+\}|\\[A-Za-z]+|[A-Za-z]", prepared):  # `MI` is a product, not a name
        name = plain.lstrip("\\")
        if depends := re.fullmatch(rf"\s*(?:\\?{re.escape(name)}|{re.escape(left.strip())})\s*\(([^()]*)\)\s*", right):
            # `x = x(t)`, `y_i = y_i(d_i)`: x is a function of t that nothing here defines, not x times t
            arguments = [parse(a, section._names() - {name}) for a in depends.group(1).split(",")]
            section.definitions[name] = sympy.Function(name)(*arguments)
            section.inherited.discard(name)
            section.inputs.pop(name, None)
            return Reading(statement, cell, "definition")
        if (rate := RATE.fullmatch(right)) and _plain_name(rate.group(1) or rate.group(3)) not in section._names():
            # `v = dx/dt`: v names the rate of an x nothing defines; a leaf of its own (dx/dt is not x/t)
            _forget(section, left)
            section.dependent.add((_plain_name(rate.group(1) or rate.group(3)), rate.group(2) or rate.group(4)))
            return Reading(statement, cell, "definition")
        expr = parse(right, section._names() - {name})
        if not expr.free_symbols and not expr.atoms(sympy.Function) and not (expr.has(sympy.I) and not section.knows(
                name) and name not in section.inputs):  # `z = 3 + 4i`: a complex number, which no input holds
            return None  # a number written as an expression: a claim, not a definition
        if sympy.Symbol(name) in expr.free_symbols and name in section.inputs and section.determines(expr):
            # `\\ell = \\ell + 1` where l has a value: a step of an algorithm, l's new value (unless it holds)
            reading = _new_value(section, statement, cell, name, expr)
            return reading if reading.kind != "input" else Reading(statement, cell, "unchecked", reason=SELF)
        if sympy.Symbol(name) in expr.free_symbols and name not in section.definitions:
            # `M = \\frac{1}{2}(M + M^\\top) + ...`: M on both sides is a claim about M, not its definition; but it is a
            # step, never refuted, where the name is a leaf nothing defines or uses (`\\theta = \\theta - v_t`)
            return None if section.knows(name) or name in section.inputs else Reading(statement, cell, "unchecked",
                                                                                        reason=SELF)
        if (reached := {str(s) for s in expr.free_symbols} & section.descendants(name)) and not (
                reached <= section.inherited - set(section.functions)):
            # `p = \\frac{\\sigma}{\\sigma + \\rho}`, then `\\sigma = \\frac{p}{1 - p}\\rho`: p inverted,
            # a claim about sigma; as a definition it would go round in a circle (and substituting it, for ever)
            return None
        for earlier in reached:  # `Q_f = -\\frac{T_f}{T_c}Q_c - T_f S_c` under a new heading, after an earlier
            section.set_aside(earlier)  # section's `Q_c = -\\frac{T_c}{T_f}Q_f - T_c S_c`: this section's Q_f, Q_c free
        if name in section.definitions:  # restated (an earlier section's name too): a claim if it agrees
            try:
                if section.same(sympy.Symbol(name), expr):
                    old = {str(x) for x in section.definitions[name].free_symbols}
                    newer = {str(x) for x in expr.free_symbols} - old
                    if newer & set(section.definitions):
                        section.definitions[name] = expr  # the same node, now through a newer intermediate
                    return _restated(section, statement, cell, name)
            except LookupError:
                pass
        if sympy.Symbol(name) in expr.free_symbols:
            # `\\bar{\\pi} = \\bar{\\pi} P` after `\\bar{\\pi} = \\pi_\\infty`, `a = u + a/2` (a self-confirming a): an
            # equation the name satisfies (a fixed point), never its formula
            return Reading(statement, cell, "unchecked", reason=SELF)
        if name in section.inputs and name not in section.definitions and section.determines(expr):
            return _new_value(section, statement, cell, name, expr)
        section.inputs.pop(name, None)  # a value met earlier, now given its formula
        if name in section.definitions:  # reused for a new example: its change was the old one's (`y = x_1 - x_2
            # \\Rightarrow \\Delta y = \\Delta x_1 - \\Delta x_2`, then `y = x_1 x_2`)
            for change in (f"Delta{name}", f"d{name}"):
                section.definitions.pop(change, None)
                section.inputs.pop(change, None)
        section.definitions[name] = expr  # a new node, or the name reused for a new example
        section.functions.pop(name, None)  # `u(x) = \\sin x + 1`, then `u = \\epsilon / x`: no longer that function
        section.inherited.discard(name)
        if re.search(r"(?<![\\A-Za-z])[A-Za-z]\s*\(", right):
            section.guessed.add(name)  # `z = v(s)`: v times s, or v applied to s: the guess stays in this section
        else:
            section.guessed.discard(name)
        return Reading(statement, cell, "definition")
    if (m := FUNCTION_DEF.match(left.strip()) or _new_function_of_subscripted(section, left, right)) and (
            _function_key(m.group(1)) not in {*ELEMENTARY, *NAMED_FUNCTIONS.split("|")}):  # `\\sec(\\theta) = ...`
        return _function_definition(section, statement, cell, m, right)  # `\\cos(x) = \\sin(x + \\pi/2)`: a claim
    return None


RATE = re.compile(r"\s*(?:\\d?frac\{\s*d\s*(\\?[A-Za-z]+)\s*\}\{\s*d\s*(\\?[A-Za-z]+)\s*\}|"
                  r"d\s*(\\?[A-Za-z]+)\s*/\s*d\s*(\\?[A-Za-z]+))\s*")


# a name's derivative written with dots or primes, not at a point (`\\ddot{y}`, `\\dot{y}`, `y''`, `y'`)
DOTTED_OR_PRIMED = re.compile(r"\\d?dot\{\s*([A-Za-z])\s*\}|(?<![A-Za-z\\])([A-Za-z])'+(?!\s*\()")


def _earlier_unknowns(section: Section, statement: str) -> set[str]:
    """The names a differential equation written as one (`\\ddot{y} - \\mu(1-y^2)\\dot{y} + y = 0`, its right side 0)
    differentiates that only an earlier section defines: the unknowns of a new problem, not that section's."""
    sides = _sides(statement)
    if len(sides) != 2 or sides[1].strip() != "0":
        return set()
    written = {next(filter(None, m.groups())) for m in DOTTED_OR_PRIMED.finditer(sides[0])}
    return {n for n in written if n in section.inherited}


def _new_value(section: Section, statement: str, cell: int, name: str, expr: Any) -> Reading:
    """A name with a value, equated to names with values: `Q_0 = 300`, `Q_1 = 300`, then `as Q_0 = Q_1` holds (a
    claim); `n = 0`, then `for n = N` gives n another value, as `n = 5` would, and is no formula for n."""
    sympy, _ = _sympy()
    try:
        if section.same(sympy.Symbol(name), expr):
            return Reading(statement, cell, "identity", True)
        value = complex(section.expand(expr).subs(section.inputs))
    except (LookupError, TypeError):
        return Reading(statement, cell, "unchecked", reason=f"{name} had a value, and the new one cannot be computed")
    section.inputs[name] = value.real if value.imag == 0 else value
    return Reading(statement, cell, "input")


SELF = ("the name on both sides: an update (`\\theta = \\theta - v_t`) or an equation it satisfies (a fixed point, "
        "`\\bar{\\pi} = \\bar{\\pi} P`), not its definition")


def _derived_form(section: Section, statement: str, cell: int) -> Reading | None:
    """A name this cell defined, given another formula in what its definition reaches after words that derive it
    (`$x_1 = x_0 + c$, and $x_2 = x_1 + c$. Combining these, we get $x_2 = x_0 + 2c$`): the restatement is a claim,
    checked, where elsewhere a new formula is a new example's; None where it is no such restatement."""
    sympy, _ = _sympy()
    sides = _sides(statement)
    if len(sides) != 2:
        return None
    name = _plain_name(sides[0])
    if not section.own(name) or name not in section.definitions or section.defined_in.get(name) != cell:
        return None
    try:
        new = parse(sides[1], section._names())
        old = section.expand(sympy.Symbol(name))
        written = {str(s) for s in new.free_symbols}
        if not written or not written <= {str(s) for s in old.free_symbols} | set(section.definitions):
            return None  # a number (`Substituting $x = 2$, we get $y = 5$`) or a formula in other names
        ok = section.same(sympy.Symbol(name), new)
    except Exception:  # noqa: BLE001 - a form the reader cannot decide is read as any statement is
        return None
    compared = _sides_compared(section, old, section.expand(new))
    return Reading(statement, cell, "identity", ok, "" if ok else (
        f"`{statement}`, but substituting the cell's definitions, {compared}"))


def _restated(section: Section, statement: str, cell: int, name: str) -> Reading:
    """A name restated as it was defined: within its section a claim that holds; in a later one, the section
    introducing it again (a definition, which states nothing new). Either way the subsection that recalls it
    (`Recall of model transformation: $K = \\frac{\\beta_1}{\\beta_0}$`) is where the claims after it read it from."""
    section.defined_under[name] = section.subsection
    if section.own(name):
        return Reading(statement, cell, "identity", True)
    section.inherited.discard(name)
    return Reading(statement, cell, "definition")


# `\frac{du_C}{dt}`, `\frac{\partial f}{\partial x}`: the variable a derivative is taken by
DIFFERENTIATED_BY = re.compile(r"\\frac\s*\{\s*(?:d|\\partial)(?![A-Za-z])[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{\s*"
                               r"(?:d|\\partial)\s*(\\?[A-Za-z]+)")
CONDITION_AT = ("a value at a point ({names}), not a function of it: the right side does not use it (an initial, "
                "boundary or terminal condition `y(a) = A`; an expectation `E(M) = ...`)")


PROBABILITY = ("P", "Pr", "Prob")  # the names texts give a probability, a function of events
# (a function on both sides of its own definition otherwise is a recurrence, `y(k) = c y(k-1) + S \\delta(k)`, or an
# equation for it, `Y(z) = c z^{-1} Y(z) + S`, whose solution the text gives next)
SELF_APPLIED = ("a probability on both sides (`P(A) = P(A \\cap B) + P(A \\cap B^c)`): a law of probability, no "
                "definition of P")


def _function_definition(section: Section, statement: str, cell: int, head: re.Match[str],
                         right: str) -> Reading | None:
    """`f(x) = ...` or `f(x, y) = ...`: a new function, or the name reused for a new example (as plain names are)."""
    sympy, _ = _sympy()
    name = _function_key(head.group(1))
    names = [sympy.Symbol(_plain_name(v.strip())) for v in head.group(2).split(",")]
    if len(set(names)) < len(names):
        return None
    if name in section.inputs and name not in section.definitions:
        return None
    if name in PROBABILITY and re.search(rf"(?<![\\A-Za-z]){re.escape(head.group(1).strip())}\s*(?:\\left\s*)?\(",
                                         right):
        return Reading(statement, cell, "unchecked", reason=SELF_APPLIED)
    body = parse(right, section._names())
    used = {str(x) for x in body.free_symbols}
    if {str(v) for v in names} & {"pi", "infty"} - used:
        return None  # `f(\\pi) = \\pi^2 - 1`: f's value at the number pi (where pi is no probability's name)
    if not used and (len(names) > 1 or name in PROBABILITY):
        # `P(A, B) = \\frac{3}{20}`, `P(B) = \\frac{4}{221}`: a probability, a value at those events, not a constant
        # function (P(A) is another)
        return None
    by = {_plain_name(v) for v in DIFFERENTIATED_BY.findall(right)}  # `i(t) = C \\frac{du}{dt}`: a function of t
    if (missing := [str(v) for v in names if not any(u == str(v) or u.startswith(f"{v}sub") for u in used)
                    and str(v) not in by]) and used:
        # `y(a) = A`, `W(T, x) = (x-1)^+`, `E(M) = N - ...`: a value at one point (an initial, boundary or terminal
        # condition, an expectation), not a function of a variable its body never uses (nor its entries, `x_1`)
        return Reading(statement, cell, "unchecked", reason=CONDITION_AT.format(names=", ".join(missing)))
    if section.own(name) and name in section.definitions and not _new_example(section, name, names):
        # `z = y^2`, `y = x + 1`, then `z(x) = (x+1)^2`: z restated as a function of what it reaches holds; written
        # otherwise, it is z redefined for a new example (an exercise's `x(t) = ...`), as for any name
        try:
            if section.same(sympy.Symbol(name), body):
                return Reading(statement, cell, "identity", True)
        except LookupError:
            pass
    variables = names[0] if len(names) == 1 else tuple(names)
    if name in section.functions:
        old_variables, old_body = section.functions[name]
        old = old_body.subs(dict(zip(_variables(old_variables), names)), simultaneous=True)
        try:
            if section.same(old, body):
                return _restated(section, statement, cell, name)
        except LookupError:
            pass
    section.functions[name] = (variables, body)  # a new function, or the name reused for a new example
    section.composed.pop(name, None)
    section.definitions.pop(name, None)  # an earlier section's variable of that name
    section.inherited.discard(name)
    return Reading(statement, cell, "definition")


# `\\phi(z_h) = e^{-z_h^2}`, `c_1(s_0) = ...`: a function (its name maybe subscripted) of one subscripted variable
SUBSCRIPTED_FUNCTION_DEF = re.compile(r"^(\\?[A-Za-z]+(?:_\{\s*\w+\s*\}|_\w)?)\(\s*"
                                      r"(\\?[A-Za-z]+_(?:\{\s*\w+\s*\}|\w))\s*\)$")


def _new_function_of_subscripted(section: Section, left: str, right: str) -> re.Match[str] | None:
    """`\\phi(z_h) = e^{-z_h^2}`: a function of z_h, whose formula writes it; written for a function defined on
    another piece (`h(\\eta_2) = \\frac{(2-\\eta_2)^2}{2}` after `h(\\eta_1) = \\frac{\\eta_1^2}{2}`), the formula it
    has on this one. A function of a plain variable (`h(x) = 2x^2`) at a subscripted name is a claim there, and a
    probability of an event (`P(E_1) = \\frac{1}{4}`), whose value does not write E_1, is no definition."""
    m = SUBSCRIPTED_FUNCTION_DEF.match(left.strip())
    known = section.functions.get(_function_key(m.group(1))) if m else None
    if not m or known is not None and "sub" not in str(known[0]):  # `h(\\eta_2)` after `h(x) = 2x^2`: h at eta_2
        return None
    variable = m.group(2)
    written = re.escape(variable).replace(r"\{", r"\{?").replace(r"\}", r"\}?")
    return m if re.search(rf"{written}(?![A-Za-z0-9])", right) else None


def _new_example(section: Section, name: str, arguments: list[Any]) -> bool:
    """Whether `z(x) = ...` starts a new example rather than restating this section's z: z was defined as a value
    that, substituted, still depends on names other than x that nothing gives a value (`z = u v x^2`, then `the
    function $z(x) = \\sin(x^2)$`); a z that reaches x alone (`z = y^2`, `y = x + 1`) is restated, a claim."""
    if name not in section.definitions:
        return False
    leaves = {str(s) for s in section.expand(section.definitions[name]).free_symbols}
    return bool(leaves - {str(a) for a in arguments} - set(section.inputs))


def _frac(text: str) -> tuple[str, str, str, str] | None:
    """`\\frac{d A}{d B} rest` (or `dA/dB`) as (notation, A, B, rest), notation `d` or `\\partial`; else None."""
    text = text.strip()
    if slash := re.fullmatch(r"(d|\\partial)\s*(\w+)\s*/\s*(d|\\partial)\s*(\w+)", text):
        return (slash.group(1), slash.group(2), slash.group(4), "") if slash.group(1) == slash.group(3) else None
    if not text.startswith("\\frac"):
        return None
    top = brace_group(text, len("\\frac"))
    bottom = brace_group(text, top[1]) if top else None
    if not bottom:
        return None
    pieces = []
    for part in (top[0].strip(), bottom[0].strip()):
        m = re.match(r"^(\\partial(?![A-Za-z])|d)\s*(.*)$", part, re.DOTALL)
        if not m:
            return None
        pieces.append((m.group(1), m.group(2).strip()))
    (notation, a), (other, b) = pieces
    return (notation, a, b, text[bottom[1]:].strip()) if notation == other and b else None


def _renamed_variable(section: Section, target: Any, var: str, claimed: Any) -> Any:
    """The right side with the section's functions of the differentiated one's variable applied at the variable it is
    differentiated by, where the text renamed it (`\\frac{dX}{dt} = P` after `X(\\tau) = ...`, `P(\\tau) = ...`, "I'm
    now using t instead of tau": P is P(t) as X is X(t))."""
    sympy, _ = _sympy()
    name = type(target).__name__ if isinstance(target, sympy.core.function.AppliedUndef) else ""
    if name not in section.functions or target.args != (sympy.Symbol(var),):
        return claimed
    own = tuple(_variables(section.functions[name][0]))
    if own == (sympy.Symbol(var),) or len(own) != 1:
        return claimed
    return claimed.replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef) and e.args == own and (
        type(e).__name__ in section.functions), lambda e: e.func(sympy.Symbol(var)))


def _derivative_parts(section: Section, left: str) -> tuple[str, Any, str] | None:
    """(notation, expression differentiated, variable) for a derivative written on the left, else None."""
    sympy, _ = _sympy()
    if (m := re.fullmatch(r"(\\?[A-Za-z]+)'", left.strip())) and m.group(1).lstrip("\\") in section.functions:
        var, _ = section.functions[m.group(1).lstrip("\\")]
        return "d", ("prime", section.functions[m.group(1).lstrip("\\")][1], var, var), ""
    if primed := _primed_formula(section, left):  # `y_1'`, y_1 a formula in t
        name, order, variable = primed
        body = sympy.diff(section.expand(section.definitions[name]), variable, order - 1)
        return "d", ("prime", body, variable, variable), ""
    if comma := _comma_derivative(section, left):  # `u_{z,z}`, u_z a formula in z
        name, variable = comma
        return "\\partial", ("prime", section.expand(section.definitions[name]), variable, variable), ""
    if (m := PRIME.match(left)) and not (m.group(2) and m.group(4)):
        name, arg = _function_key(m.group(1) + (m.group(2) or m.group(4) or "")), m.group(5)
        if name in section.functions and not isinstance(section.functions[name][0], tuple):
            var, body = section.functions[name]
            body = sympy.diff(section.apply_functions(body), var, len(m.group(3)) - 1)  # f''(a): once more
        elif name in ELEMENTARY:  # \tanh'(x): the derivative of a function everyone knows
            var = sympy.Symbol("Qt")
            body = getattr(sympy, ELEMENTARY[name])(var)
        else:
            raise Unparsed(left)
        point = parse(arg, section._names())
        return "d", ("prime", body, var, point), ""
    if (higher := _higher_order(section, left)) is not None:
        return higher
    m = _frac(left)
    if not m:
        return None
    notation, top, variable, rest = m
    if top and (point := re.fullmatch(r"\((.*)\)", rest)) and top.lstrip("\\") in section.functions:
        return _at_point(section, notation, top.lstrip("\\"), variable, point.group(1))
    if top and not rest and (at := _at_numerator_point(section, top, _plain_name(variable), 1)) is not None:
        return notation, at, ""
    if top and rest or _bracket_then_more(rest) or re.search(r"\\[dt]?frac\s*\{\s*(?:d|\\partial)\s*\}", rest):
        # `\\frac{dz}{dy}\\frac{dy}{dx}`, `\\frac{d}{dx}(x^2) + \\frac{d}{dx}(2x)`, `\\frac{d}{dx}x^2 -
        # \\frac{d}{dx}5x`: an expression with derivatives in it, not one derivative
        return None
    if "\\partial" in top + variable + rest or "\\frac" in top + variable:
        raise Unparsed(left)
    var_name = _plain_name(variable)
    if not re.fullmatch(r"\w+", var_name):
        raise Unparsed(left)
    target = top or rest
    if (applied := re.fullmatch(r"(\\?[A-Za-z]+(?:_\{[^{}]*\}|_\w)?)\s*\(\s*(\\?\w+)\s*\)", target.strip())) and (
            _plain_name(applied.group(2)) == var_name) and applied.group(1).lstrip("\\") not in ELEMENTARY:
        target = applied.group(1)  # `\\frac{dV_{eff}(r)}{dr}`: V_eff's derivative at r (`\\sin(x)` is the sine's)
    target_name = _plain_name(target)
    if (composed := section.composed.get(target_name)) and sympy.Symbol(var_name) not in composed and any(
            sympy.Symbol(var_name) in section.expand(a).free_symbols for a in composed):
        return notation, sympy.Function(target_name)(*composed), var_name
    if target_name in section.functions:
        variables = section.functions[target_name][0]
        if notation == "\\partial" and not isinstance(variables, tuple) and str(variables) != var_name and (
                not section.knows(var_name)):
            # `z(x) = \\sin(x^2)`, then `\\frac{\\partial z}{\\partial s_1}`: z through an s_1 nothing here gives,
            # not z's formula at s_1 (`\\frac{d\\sigma}{dz}`, in d notation, is \\sigma' at z)
            return notation, sympy.Symbol(target_name), var_name
        arguments = variables if isinstance(variables, tuple) else (sympy.Symbol(var_name),)
        return notation, sympy.Function(target_name)(*arguments), var_name
    if re.fullmatch(r"\w+", target_name):
        return notation, sympy.Symbol(target_name), var_name
    expression = parse(target, section._names())
    _record_composition(section, expression)
    return notation, expression, var_name


def _record_composition(section: Section, expression: Any) -> None:
    """Record a function the section defines applied to names it defines, none its own variables (`h(f,g)` for
    `h(x,y) = xy`, with `f = f(x,y)` and `g = g(x,y)`), as composed with them."""
    sympy, _ = _sympy()
    if not isinstance(expression, sympy.core.function.AppliedUndef):
        return
    name, arguments = type(expression).__name__, expression.args
    variables = section.functions.get(name, (None,))[0]
    own = set(_variables(variables)) if variables is not None else set()
    if variables is not None and all(isinstance(a, sympy.Symbol) and str(a) in section.definitions and a not in own
                                     for a in arguments):
        section.composed[name] = arguments


def _bracket_then_more(rest: str) -> bool:
    """Whether what follows a `\\frac{d}{dx}` is a bracket and then more terms (`(x^2) + \\frac{d}{dx}(2x)`): the
    operator applies to the bracket alone."""
    text = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])", "", rest).strip()
    if not text.startswith(("(", "[")):
        return False
    depth = 0
    for k, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0:
            return re.match(r"\s*[-+]", text[k + 1:]) is not None
    return False


# `\frac{\partial^{2}a_{ig}}{\partial T^{2}}`: the numerator's name may have a subscript in braces
HIGHER = re.compile(r"^\\frac\{\s*(d|\\partial)\s*\^\s*\{?\s*(\d)\s*\}?\s*((?:[^{}]|\{[^{}]*\})*?)\s*\}\{\s*"
                    r"(d|\\partial)\s*"
                    r"(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\^\s*\{?\s*(\d)\s*\}?\s*\}(.*)$", re.DOTALL)


def _higher_order(section: Section, left: str) -> tuple[str, Any, str] | None:
    """`\\frac{d^2}{dw^2} g(w)` or `\\frac{d^2 g}{dw^2}`: the n-th derivative of an explicit expression or of a
    function in reach, as ("d", ("value", derivative), w); None if the left side is no such derivative."""
    sympy, _ = _sympy()
    m = HIGHER.match(left.strip())
    if m is None or m.group(1) != m.group(4) or m.group(2) != m.group(6) or bool(m.group(3)) == bool(m.group(7)):
        return None
    target, var = (m.group(3) or m.group(7)).strip(), m.group(5).lstrip("\\")
    if (at := _at_numerator_point(section, target, var, int(m.group(2)))) is not None:
        return m.group(1), at, ""
    one = _one_variable(section, target.lstrip("\\"))
    if one is not None:  # `\\frac{d^2 g}{dw^2}`: the function's body, at w
        expr = one[1].subs(one[0], sympy.Symbol(var))
    else:
        expr = section.expand(section.apply_functions(parse(target, section._names())))
    if expr.atoms(sympy.core.function.AppliedUndef) or sympy.Symbol(var) not in expr.free_symbols:
        # `\\frac{d^2 x}{dt^2} = -\\frac{k}{m} x`: x of t, which nothing here defines: an equation for it
        raise Unparsed(left)
    return m.group(1), ("value", sympy.diff(expr, sympy.Symbol(var), int(m.group(2)))), var


def _at_numerator_point(section: Section, target: str, var: str, order: int) -> tuple[Any, ...] | None:
    """`\\frac{dg(0)}{dx}`, `\\frac{d^3g(x_0)}{dx^3}` (Taylor's notation): the derivative of a function of one
    variable in reach at the point its numerator writes, as ("prime", the (order - 1)-th derivative, its variable,
    the point); None if the numerator is no such function at a point other than the variable."""
    sympy, _ = _sympy()
    at = re.fullmatch(r"(\\?[A-Za-z]+)\s*\((.+)\)", target.strip())
    if not at or at.group(2).strip() == var or (one := _one_variable(section, at.group(1).lstrip("\\"))) is None:
        return None
    variable, body = one
    point = parse(at.group(2), section._names())
    if order > 1 and sympy.Symbol(var) in point.free_symbols:
        # `\\frac{d^2}{dx^2}\\sin(ax)`: a composition in x, differentiated as written, no value at a point (a first
        # derivative's `\\frac{\\partial \\ln(f/P)}{\\partial P}` stays unread: f may depend on P, as `f(T,P)` says)
        return None
    return "prime", sympy.diff(body, variable, order - 1), variable, point


def _at_point(section: Section, notation: str, name: str, variable: str, point: str) -> tuple[str, Any, str]:
    """`\\frac{\\partial f}{\\partial x}(3, 4)`: f's partial derivative by x, at that point (every variable given)."""
    sympy, _ = _sympy()
    variables, body = section.functions[name]
    names = _variables(variables)
    values = [parse(a, section._names()) for a in split_top_level(point, (",",))]
    var = _plain_name(variable)
    if len(values) != len(names) or var not in {str(n) for n in names}:
        raise Unparsed(point)
    value = sympy.diff(section.apply_functions(body), sympy.Symbol(var))
    return notation, ("value", value.subs(dict(zip(names, values)), simultaneous=True)), var


def _side(section: Section, latex: str, given: dict[str, Any] | None = None) -> Any:
    """One side of a claim, each derivative written inside it (`\\frac{dz}{dy}\\frac{dy}{dx}`, `\\sigma'(2x)`)
    replaced by its value; `given` names placeholders already in the text (see `_bare`)."""
    sympy, _ = _sympy()
    values: dict[str, Any] = dict(given or {})
    latex = _applied_names(section, _bare_primes(section, _primes(section, latex, values), values), values)
    latex = APPLIED_TO_VARIABLE.sub(
        lambda m: m.group(1) if _depends_on(section, m.group(1), m.group(2)) else m.group(0), latex)
    latex = _values_at(section, _subscripted_applied(section, latex, values), values)

    def adjoint(m: re.Match[str]) -> str:
        """A barred name as a fresh symbol standing for L's total derivative by that name."""
        name = m.group(1).lstrip("\\")
        if name not in section._names():
            raise LookupError(f"no definition of {name} for its adjoint")
        key = "Qv" + "abcdefghijklmnopqrstuvwxyz"[len(values) % 26] * (1 + len(values) // 26)
        values[key] = section.total(sympy.Symbol(section.adjoint), name)
        return f"\\mathit{{{key}}}"

    if section.adjoint:
        latex = re.sub(r"\\bar\{\s*(\\?[A-Za-z]+)\s*\}", adjoint, latex)
    out, i = "", 0
    while (start := latex.find("\\frac", i)) >= 0:
        top = brace_group(latex, start + len("\\frac"))
        bottom = brace_group(latex, top[1]) if top else None
        frac = _frac(latex[start:bottom[1]]) if bottom else None
        if frac is None:
            out, i = out + latex[i:start + len("\\frac")], start + len("\\frac")
            continue
        name = "Qw" + "abcdefghijklmnopqrstuvwxyz"[len(values) % 26] * (1 + len(values) // 26)
        if (applied := _applied_operator(section, latex, start)) is not None:
            # `\\frac{\\partial}{\\partial x}(2x)+\\frac{\\partial}{\\partial y}(3y)`: each derivative of its bracket
            values[name], end = applied
            out, i = out + latex[i:start] + f"\\mathit{{{name}}}", end
            continue
        parts = _derivative_parts(section, latex[start:bottom[1]])
        if parts is None or not parts[1:] or isinstance(parts[1], tuple) or not parts[2]:
            raise Unparsed(latex)
        if frac[1] and re.match(r"\s*\[", latex[bottom[1]:]):
            raise Unparsed(latex)  # `\\frac{\\partial f}{\\partial x}[y\\cos(xy)]`: applied to the bracket, or times it
        values[name] = section.readings_of(parts[0], parts[1], parts[2])[0]
        out, i = out + latex[i:start] + f"\\mathit{{{name}}}", bottom[1]
    expr = parse(out + latex[i:], section._names() | set(values))
    return _bare_functions(section, expr.subs({sympy.Symbol(n): v for n, v in values.items()}))


# `\\frac{d}{dx}`, `\\frac{\\partial}{\\partial y}`: a derivative written as an operator, by one letter
DERIVATIVE_OPERATOR = re.compile(r"\\[dt]?frac\{\s*(d|\\partial)\s*\}\{\s*(?:d|\\partial)\s*([A-Za-z])\s*\}"
                                 r"\s*(?:\\left\s*)?(?=\()")


def _applied_operator(section: Section, latex: str, start: int) -> tuple[Any, int] | None:
    """A derivative operator at `start` applied to a formula in round brackets (`\\frac{\\partial}{\\partial
    x}(2x)`), one term of a side among others: its value and the index after the bracket; None where the fraction is
    no such operator, or its bracket holds no formula this reader reads."""
    operator = DERIVATIVE_OPERATOR.match(latex, start)
    if operator is None or (close := _closing(latex, operator.end())) is None:
        return None
    body = latex[operator.end() + 1:close - 1]
    body = re.sub(r"\\right\s*$", "", body)
    try:
        target = parse(body, section._names())
        return section.readings_of(operator.group(1), target, operator.group(2))[0], close
    except (Unparsed, LookupError, TypeError, ValueError):
        return None


def _bare_functions(section: Section, expr: Any, beside: set[Any] | None = None) -> Any:
    """A subscripted function's name written bare beside all of its variables (`\\frac{e^{-\\Theta/T}}{q_{vib}}` after
    `q_{vib}(T) = ...`), or `beside` them (an integral's variable): its value there, as texts write q for q(T); beside
    none of them, a name of its own. A plain letter's is not: `p(-x)` and `Dv^2(t)` reach here as products, p times
    -x, whose p is no value of p(x)."""
    for name in sorted(expr.free_symbols, key=str):
        if "sub" in str(name) and str(name) in section.functions and str(name) not in section.definitions:
            variables, body = section.functions[str(name)]
            if set(_variables(variables)) <= (expr.free_symbols | (beside or set())) - {name}:
                expr = expr.subs(name, section.apply_functions(body))
    return expr


PRIMED = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+(?:_\{\s*\w+\s*\}|_\w)?)('+)\s*\(")
# a name, subscripted or not, with primes and no argument (`y'`, `y_1''`)
BARE_PRIME = re.compile(r"(\\?[A-Za-z]+(?:_\{?\w+\}?)?)('+)")


def _primed_formula(section: Section, left: str) -> tuple[str, int, Any] | None:
    """(name, primes, variable) of a bare prime on a name a formula defines (`y_1 = c_1 e^{-2t} + c_2 e^{-t}`, then
    `y_1' = ...`): its derivative in the variable the text has the name depend on, else the formula's one t or x no
    definition or value fixes. None when the prime makes a name of its own (`x' = x - vt`), the variable is not
    plain, or an earlier section gave the formula (`y_1' = -3y_1 + y_2 + 3\\cos t` under a new heading: a new
    system to solve)."""
    bare = BARE_PRIME.fullmatch(left.strip())
    name = _plain_name(bare.group(1)) if bare else ""
    if not bare or not section.own(name) or name in section.functions:
        return None
    if (variable := _variable_of(section, name)) is None:
        found = [s for s in section.expand(section.definitions[name]).free_symbols
                 if str(s) in ("t", "x") and str(s) not in section._names()]
        variable = found[0] if len(found) == 1 else None
    return None if variable is None else (name, len(bare.group(2)), variable)


# `\\tilde{u}_{z,z}`: a name's subscript, then after a comma the letter continuum mechanics differentiates it in
COMMA_DERIVATIVE = re.compile(r"(.+?)_\{\s*(\w+)\s*,\s*([A-Za-z])\s*\}")


def _comma_derivative(section: Section, left: str) -> tuple[str, Any] | None:
    """(name, variable) of `u_{z,z}` when this section defines u_z by a formula in z: the comma notation of
    continuum mechanics, the derivative of u_z in z. None otherwise: `a_{i,j}` is an entry, no a_i being a formula
    in j."""
    m = COMMA_DERIVATIVE.fullmatch(left.strip())
    name = _plain_name(f"{m.group(1)}_{{{m.group(2)}}}") if m else ""
    if not m or not section.own(name) or name not in section.definitions:
        return None
    found = [s for s in section.expand(section.definitions[name]).free_symbols if str(s) == m.group(3)]
    return (name, found[0]) if found else None


def _function_key(written: str) -> str:
    """The name a function is kept under: `f`, `sigma` for `\\sigma`, `fsubQb` for `f_1` (as `_plain_name` spells a
    subscripted name), so its applications find it."""
    return _plain_name(written) if "_" in written else written.lstrip("\\")


SUBSCRIPTED_APPLIED = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+_(?:\{\s*\w+\s*\}|\w))\s*(?=\()")


def _subscripted_applied(section: Section, latex: str, values: dict[str, Any]) -> str:
    """Each `f_1(2)`, `V_{eff}(r)` inside a side, with f_1 a function the section defines, replaced by a placeholder
    for its formula there (the parser reads a subscripted name before a bracket as a product)."""
    for m in reversed(list(SUBSCRIPTED_APPLIED.finditer(latex))):
        key, end = _function_key(m.group(1)), _closing(latex, m.end())
        if key not in section.functions or end is None:
            continue
        variables = _variables(section.functions[key][0])
        arguments = [parse(a, section._names() | set(values)) for a in split_top_level(latex[m.end() + 1:end - 1],
                                                                                     (",",))]
        if len(arguments) != len(variables):
            continue
        value = section.apply_functions(section.functions[key][1]).subs(dict(zip(variables, arguments)),
                                                                       simultaneous=True)
        latex = latex[:m.start()] + _placeholder(values, value, "Qs") + latex[end:]
    return latex


def _placeholder(values: dict[str, Any], value: Any, prefix: str = "Qp") -> str:
    """A fresh name standing for a value computed outside SymPy's parser, recorded in values."""
    key = prefix + "abcdefghijklmnopqrstuvwxyz"[len(values) % 26] * (1 + len(values) // 26)
    values[key] = value
    return f"\\mathit{{{key}}}"


def _one_variable(section: Section, name: str) -> tuple[Any, Any] | None:
    """(variable, body) of a function of one variable: defined in reach, or one everyone knows (`\\tanh`)."""
    sympy, _ = _sympy()
    if name in section.functions and not isinstance(section.functions[name][0], tuple):
        var, body = section.functions[name]
        return var, section.apply_functions(body)
    if name in ELEMENTARY and name not in section._names():
        var = sympy.Symbol("Qt")
        return var, getattr(sympy, ELEMENTARY[name])(var)
    return None


def _primes(section: Section, latex: str, values: dict[str, Any]) -> str:
    """Each `f'(a)` or `f''(a)` inside a side replaced by a placeholder for that derivative at a."""
    sympy, _ = _sympy()
    out, i = "", 0
    for m in PRIMED.finditer(latex):
        known = _one_variable(section, _function_key(m.group(1)))
        end = _closing(latex, m.end() - 1)
        if m.start() < i or known is None or end is None:
            continue
        var, body = known
        point = parse(latex[m.end():end - 1], section._names() | set(values))
        value = sympy.diff(body, var, len(m.group(2))).subs(var, point)
        out, i = out + latex[i:m.start()] + _placeholder(values, value), end
    return out + latex[i:]


def _bare_primes(section: Section, latex: str, values: dict[str, Any]) -> str:
    """Each bare prime inside a side (`y'' - 7y' + 10y`) on a function of one variable the text defines in the same
    cell, or on a name a formula defines (see `_primed_formula`), replaced by a placeholder for that derivative, and a
    primed function's bare name beside them (`10y`) by its value: an ODE the text has its solution satisfy is
    checked; one a later cell writes (`y''+P(x)y'+Q(x)y=f(x)`) is a new problem."""
    sympy, _ = _sympy()
    functions: dict[str, Any] = {}
    for m in reversed(list(PRIME_INSIDE.finditer(latex))):
        name, order = _plain_name(m.group(0).rstrip("'")), len(m.group(0)) - len(m.group(0).rstrip("'"))
        if (known := _one_variable(section, name)) is not None and name not in ELEMENTARY and (
                section.defined_in.get(name) == section.cell):  # `y(x) = e^{3x}`, then in that cell `y'' - 3y'`;
            value, functions[name] = sympy.diff(known[1], known[0], order), known[1]  # a later cell's is a new ODE
        elif (primed := _primed_formula(section, m.group(0))) is not None:
            value = sympy.diff(section.expand(section.definitions[name]), primed[2], order)
        else:
            continue
        latex = latex[:m.start()] + _placeholder(values, value) + latex[m.end():]
    for name, body in functions.items():
        latex = re.sub(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z_'(])", lambda _, b=body: _placeholder(values, b),
                       latex)
    return latex


# a name with primes inside a formula, not applied (`7y'` in `y'' - 7y' + 10y`; not `f'(x)`)
PRIME_INSIDE = re.compile(r"(?<![A-Za-z\\])[A-Za-z](?:_\{?\w+\}?)?'+(?![\s']*\()")


APPLIED = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\(\s*(-?\d+(?:\.\d+)?)\s*\)")


def _applied_names(section: Section, latex: str, values: dict[str, Any]) -> str:
    """Each `u(0)`, `u_x(1)` inside a side, where u is a name (no function) defined by a formula in the one variable
    the text has u depend on (`u(x)`, `u_{xx}`), replaced by a placeholder for that formula at the number."""
    sympy, _ = _sympy()
    for m in reversed(list(APPLIED.finditer(latex))):
        name = _plain_name(m.group(1))
        if (variable := _variable_of(section, name)) is None:
            continue
        value = section.definitions[name].subs(variable, sympy.Rational(m.group(2)))
        latex = latex[:m.start()] + _placeholder(values, value, "Qu") + latex[m.end():]
    return latex


# `t(n)` after `t = \dfrac{280}{n+1}`: the name written as the function of its variable it is, no product
APPLIED_TO_VARIABLE = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\(\s*(\\?[A-Za-z]+)\s*\)")


def _depends_on(section: Section, name: str, variable: str) -> bool:
    """Whether the text writes a name (no function) as depending on a variable (`t(n)`) its definition uses."""
    name, variable = _plain_name(name), _plain_name(variable)
    return name in section.definitions and name not in section.functions and (name, variable) in (
        section.dependent) and variable in {str(s) for s in getattr(section.definitions[name], "free_symbols", ())}


BOUNDARY = ("a value at a point (`u(-1) = 3`, a boundary condition) of a formula with constants (A, B in `u = Ax + B + "
            "e^x`): the equation that fixes them for a new problem, not a claim about the values they had")


def _boundary(section: Section, left: str, decimals: int | None) -> bool:
    """Whether `left = number` gives a value at a point of a name defined by a formula with constants."""
    whole = APPLIED.fullmatch(left.strip())
    name = _plain_name(whole.group(1)) if whole else ""
    return decimals is not None and _variable_of(section, name) is not None and len(
        section.definitions[name].free_symbols) > 1


def _variable_of(section: Section, name: str) -> Any | None:
    """The one variable of a name (no function) defined by a formula, that the text has the name depend on (`u(x)`,
    `u_x` for `u = Ax + B + e^x`); or None."""
    if name not in section.definitions or name in section.functions:
        return None
    base = name.partition("sub")[0]
    found = [s for s in section.definitions[name].free_symbols if {(base, str(s)), (name, str(s))} & section.dependent]
    return found[0] if len(found) == 1 else None


def _application(section: Section, left: str) -> str:
    """`P(S_i)`, `P(A)`, `f(2)`: a left side that applies a function nothing in reach defines (nor a name it
    defines, a product) to an argument, as written without spaces; or "". Not at variables (`p(x)`, `f(x, y)`): a
    function of them."""
    head = re.match(r"(\\?[A-Za-z]+)\s*\(", left.strip())
    if not head or _closing(left.strip(), head.end() - 1) != len(left.strip()):
        return ""
    if (function := FUNCTION_DEF.match(left.strip())) and not re.search(r"(?<![\\A-Za-z])[A-Z]", function.group(2)):
        return ""
    name = head.group(1).lstrip("\\")
    unknown = isinstance(section.definitions.get(name), _sympy()[0].core.function.AppliedUndef)  # `P = P(n)`
    if name in ELEMENTARY or name in section.functions or name in section._names() and not unknown or "=" in left:
        return ""
    return re.sub(r"\s+|\\(?:left|right)(?![A-Za-z])", "", left)


def _values_at(section: Section, latex: str, values: dict[str, Any]) -> str:
    """Each application the text gave a value (`P(S_i) = \\frac{1}{365}`), written again, replaced by a placeholder
    for that value (`1 - P(S_i)`); not one of a function defined since (`y(0) = 1`, then `y(t) = e^{-t}`)."""
    for key, value in section.at.items():
        if re.match(r"\\?([A-Za-z]+)", key).group(1) in section.functions:
            continue
        written = r"\s*".join(re.escape(c) for c in key)
        pattern = rf"(?<![A-Za-z\\]){written}" if key[0] != "\\" else written
        if re.search(pattern, latex):  # one placeholder for every time it is written: `\\frac{P(B)}{P(B)}` is no 0/1
            placeholder = _placeholder(values, value, "Qv")
            latex = re.sub(pattern, lambda _, p=placeholder: p, latex)
    return latex


def _closing(text: str, start: int) -> int | None:
    """The index after the parenthesis that closes the one opening at start."""
    depth = 0
    for k in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return k + 1
    return None


INTRODUCES = ("it relates names that nothing defines and that only one side uses (`w = \\phi + j\\psi`): "
              "a definition of them")


def _between_leaves(section: Section, *sides: Any) -> bool:
    """Whether a relation reaches no definition and no value, only two or more names that definitions use but nothing
    defines (`r + 1 = R`, `p x_1 + x_2 = w`, a model's equation; `\\bar{\\pi} = \\bar{\\pi} P` where `\\bar{\\pi}` is
    only another name for such a leaf): like `E = mc^2`, it constrains them."""
    sympy, _ = _sympy()
    aliases = {sympy.Symbol(n): d for n, d in section.definitions.items() if isinstance(d, sympy.Symbol)}
    sides = tuple(side.subs(aliases) for side in sides)  # `\\bar{\\pi} = \\pi_\\infty`: another name for a leaf
    names = {str(s) for side in sides for s in side.free_symbols}
    return len(names) > 1 and not names & (section._names() | set(section.functions)) and all(
        section.expand(side) == side for side in sides)


PERIODIC = ("a function set equal to itself at a shifted argument (`F(t+\\tau) = F(t)`): the text extends the formula "
            "it gave on one period to every period, which the formula itself need not satisfy")


def _periodic(section: Section, left: str, right: str) -> bool:
    """Whether a claim applies one function the section defines on both sides, each side that application alone, at
    two arguments (`F(t+\\tau) = F(t)` after `F(t)=At/\\tau, -\\tau/2<t<\\tau/2`): a periodic extension."""
    sides = [re.fullmatch(r"\s*(\\?[A-Za-z]+)\s*\((.+)\)\s*\.?\s*", side) for side in (left, right)]
    return all(sides) and sides[0].group(1) == sides[1].group(1) and sides[0].group(1).lstrip("\\") in (
        section.functions) and sides[0].group(2).strip() != sides[1].group(2).strip()


def _apart(section: Section, left: Any, right: Any) -> bool:
    """Whether, substituted, the two sides share no name and each has one without a value (`\\exp(\\hat{\\eta}) = A`
    with `A = \\exp(-\\delta - \\gamma g_c)`; `-c/b = H/v_0` with only v_0 given): an equation that fixes eta from the
    others, not an identity in them."""
    sides = [{str(s) for s in section.expand(e).free_symbols} for e in (left, right)]
    return all(side - set(section.inputs) for side in sides) and not sides[0] & sides[1]


def _leaves_related(section: Section, left: Any, right: Any) -> bool:
    """Whether the sides, as written, differ by a factor made of names nothing defines or gives (`\\frac{\\dot{m} v
    \\Delta P}{\\eta} = \\frac{\\dot{V} \\Delta P}{\\eta}`): the text relates m v to V, a relation between leaves
    once their common factor is taken off, as `E = mc^2` is."""
    sympy, _ = _sympy()
    sides = [{str(x) for x in side.free_symbols} for side in (left, right)]
    if not (sides[0] - sides[1] and sides[1] - sides[0]):
        return False  # no name written on one side only, on each: no leaves to relate (and no simplify to wait for)
    try:
        ratio = sympy.simplify(section.expand(left) / section.expand(right))
    except (TypeError, ZeroDivisionError):
        return False
    leaves = {str(x) for x in ratio.free_symbols}
    dummies = {str(v) for var, _ in section.functions.values() for v in _variables(var)}
    coefficient, factor = ratio.as_coeff_Mul()
    powers = factor.as_powers_dict()
    over = {str(b) for b, e in powers.items() if e.is_positive}, {str(b) for b, e in powers.items() if e.is_negative}
    # a product of leaves written on the left only against one written on the right only: the text names two
    # quantities (m v and V); not a name written twice (`x^{n+1}` against `x^{n-1}`), a sum gone wrong, or a name the
    # left side reaches through its definitions (`F = m a = \\frac{4 \\pi^2 m r}{T}`, a power of T lost)
    monomial = coefficient == 1 and all(isinstance(b, sympy.Symbol) for b in powers) and all(over)
    return monomial and over[0] <= sides[0] - sides[1] and over[1] <= sides[1] - sides[0] and not leaves & (
        set(section.definitions) | set(section.inputs) | set(section.functions) | dummies)


def _implicit(section: Section, *sides: Any) -> str:
    """A leaf the sides reach that the text elsewhere writes as a function (`\\hat{\\beta}(\\sigma)`) while nothing
    defines it: an unknown the model's equations fix, so a claim about it is not an identity in it; or ""."""
    leaves = {str(s) for side in sides for s in section.expand(side).free_symbols}
    # a name given a value (the answer `X_A = 0.199`, at t = 7) is still a function of the t the claim runs over
    varying = {name for name, variable in section.dependent if variable in leaves}
    written = {name for name, _ in section.dependent} - set(section.functions)
    unknown = {n for n in leaves & written if n not in section._names() or n in varying}
    return ", ".join(section.show(_sympy()[0].Symbol(n)) for n in sorted(unknown))


def _leaves_only(section: Section, *sides: Any) -> bool:
    """Whether expressions, substituted, use only names that nothing defines or gives a value (`-\\theta^{-1} \\le 0`:
    an inequality about them states an assumption, such as theta > 0, unless the sentence gives their domain)."""
    names = {str(s) for side in sides for s in side.free_symbols}
    arguments = {str(v) for variables, _ in section.functions.values() for v in _variables(variables)}
    return bool(names) and not names & (section._names() | set(section.functions) | arguments)


def _equation_for(section: Section, left: Any, right: Any) -> str:
    """The one unknown a false claim is an equation for, shown; or "". An unknown is a name nothing defines or gives a
    value, the only one the sides reach, and one side is that name bare or a number (`x = e^{-x}`, `x^2 + x - 1 = 0`);
    `(x+1)^2 = x^2 + 1`, with formulas on both sides, is a claim about every x."""
    sympy, _ = _sympy()
    given = {sympy.Symbol(n): v for n, v in section.inputs.items()}  # `\ln K = 2\ln(2x) - ...` with K given
    sides = [section.expand(side).subs(given) for side in (left, right)]
    names = set().union(*(side.free_symbols for side in sides))
    if len(names) != 1 or {str(n) for n in names} & section._names():
        return ""
    difference = sides[0] - sides[1]
    if difference.free_symbols <= left.free_symbols | right.free_symbols and sympy.count_ops(difference) <= 60 and (
            not sympy.simplify(difference).free_symbols):
        return ""  # `\\frac{\\pi r^2}{4r^2} = \\frac{\\pi}{2}`: no value of r makes it hold, or every value does
    unknown = names.pop()
    shaped = any(side == unknown or not side.free_symbols - set(given) for side in (left, right))
    return section.show(unknown) if shaped and not sides[0].atoms(sympy.core.function.AppliedUndef) else ""


HOLDS_WHERE = "it holds where "
HOLDS_WHERE_ZERO = (HOLDS_WHERE + "{names} = 0, which only one side uses and no formula gives a value (`(1 - "
                    "\\epsilon) D_2 + E_1 = E_1` after `no radiation comes in from space`): a value the text may give "
                    "in words or code, no identity")


BRANCH_AT_COMPLEX = ("an identity of a many-valued function (a logarithm, an inverse, a root) that holds for real "
                     "values of its names, which a definition makes complex (`\\tanh^{-1}(z) = \\frac{1}{2}\\ln"
                     "\\frac{1+z}{1-z}` after `z = e^{iax}`): which branch it takes there the text does not say")
MANY_VALUED = ("log", "atanh", "asinh", "acosh", "asin", "acos", "atan")


def _branch_at_complex(section: Section, left: Any, right: Any) -> bool:
    """Whether a false claim holds as written, its names real, and fails only once definitions put the imaginary unit
    into a many-valued function (a logarithm, an inverse function, a root)."""
    sympy, _ = _sympy()
    written = left - right
    expanded = section.expand(left) - section.expand(right)
    units = {sympy.I} | {s for s in expanded.free_symbols if str(s) in ("i", "j")}  # `z=e^{iax}`: i kept a name
    if any(written.has(u) for u in units) or not any(expanded.has(u) for u in units) or not any(
            type(f).__name__ in MANY_VALUED for f in expanded.atoms(sympy.Function)) and not any(
            not p.exp.is_integer for p in expanded.atoms(sympy.Pow)):
        return False
    try:
        return section._zero_at_samples(written.subs({s: sympy.Rational(1, 2) * s for s in written.free_symbols}))
    except LookupError:
        return False


FAMILY_MEMBER = ("it holds for one member of a family a definition gives, {member}, a parameter the claim does not "
                 "write and nothing gives a value (`y^3 = x^4` after `y = x^n` for any n): an example of the family")


def _applied_constants(expr: Any) -> Any:
    """An expression with each function nothing defines at a number (`R(0)`, after `K = \\epsilon R(0) + N(0)`)
    written as a name of its own: a constant, sampled and solved for as a name is (NumPy knows no R, and a family's
    parameter is solved for with them as numbers)."""
    sympy, _ = _sympy()
    constants = sorted((f for f in expr.atoms(sympy.core.function.AppliedUndef) if not f.free_symbols), key=str)
    return expr.subs({f: sympy.Symbol(f"Qk{i}") for i, f in enumerate(constants)})


def _family_member(section: Section, statement: str, left: Any, right: Any, ranged: bool = False) -> str:
    """The value of the one parameter a false claim reaches only through a definition, nothing giving it a value, at
    which the claim holds for every value of its other names, shown (`n = \\frac{4}{3}` for `y^3 = x^4` after `y =
    x^n`); or "". With `ranged`, only a parameter the text gives a range (`c > 0`): `f'(x) = 2x` after `f(x) = a
    x^2` forgot a, where nothing says a ranges over a family."""
    sympy, _ = _sympy()
    coded = _prepare(statement)[0]
    difference = _applied_constants(section.expand(left) - section.expand(right))
    hidden = [s for s in difference.free_symbols if str(s) not in section.inputs and not _written_in(str(s), coded)]
    if len(hidden) != 1 or not (others := sorted(difference.free_symbols - set(hidden), key=str)) or (
            ranged and str(hidden[0]) not in section.ranged):
        return ""
    parameter = hidden[0]
    if any(getattr(value, "free_symbols", None) == {parameter} and _written_in(name, coded)
           for name, value in section.definitions.items()):
        return ""  # `N = n-1` (intervals), then `N \\Delta x^4 = \\frac{(a-b)^4}{N^3}`: N is n renamed, no family
    at_sample = difference.subs({s: 1.3 + 0.2 * i for i, s in enumerate(others)})
    roots = []
    for guess in (0.5, 1.5, 3.0):  # `3n x^{3n-1} = 4x^3`: no closed form at a sample point, a root near a guess
        with contextlib.suppress(ValueError, TypeError, ZeroDivisionError, NotImplementedError):
            roots.append(sympy.nsolve(at_sample, parameter, guess))
    for root in (r for r in roots if r.is_real and abs(r) > 1e-6):  # at 0 a term vanishes: no member, a degenerate case
        value = sympy.nsimplify(root, rational=True)
        with contextlib.suppress(LookupError):  # a member with no value at the samples is no member shown to hold
            # where both sides vanish (`\\frac{2}{3} M r^2 = \\frac{1}{3} M r^2` at r near 0) the member is degenerate
            if section._zero_at_samples(difference.subs(parameter, value)) and not section._zero_at_samples(
                    section.expand(left).subs(parameter, value)):
                return f"{section.show(parameter)} = {section.show(value)}"
    return ""


def _holds_where_zero(section: Section, left: Any, right: Any) -> str:
    """The one name only one side of a false claim reaches, that nothing defines or gives a value, at 0 of which the
    claim holds, shown; or "" (`(1-\\epsilon) D_2 + E_1 = E_1` holds where D_2 = 0)."""
    sides = [section.expand(side) for side in (left, right)]
    one_sided = (sides[0].free_symbols ^ sides[1].free_symbols) - {_sympy()[0].Symbol(n) for n in section._names()}
    one_sided = {s for s in one_sided if str(s) not in section.inputs}
    if len(one_sided) != 1:  # one name the text sets in words; several at 0 make any two sums agree
        return ""
    name = one_sided.pop()
    whole = sides[0] if name in sides[0].free_symbols else sides[1]
    try:  # where it is 0 the claim holds, and its side keeps a term of its own (`E_1`, not 0 = 0)
        holds = section._zero_at_samples((sides[0] - sides[1]).subs(name, 0)) and not section._zero_at_samples(
            whole.subs(name, 0))
    except LookupError:
        return ""
    return section.show(name) if holds else ""


def _first_order(section: Section, left: Any, right: Any) -> tuple[Any, Any] | None:
    """Both sides to first order in the differentials they write (`dx` beside x, `dX` beside X), where there are
    any: `f(x + dx) - f(x) = f'(x) dx` drops dx^2 and beyond, as the notation means; else None."""
    sympy, _ = _sympy()
    sides = [section.expand(side) for side in (left, right)]
    names = {str(s) for side in sides for s in side.free_symbols}
    # not `di` beside `bi` (`(a + bi)(c + di)`): d times the imaginary unit
    small = {sympy.Symbol(n) for n in names if n[0] == "d" and n[1:] in names and n[1:] not in ("i", "j")}
    if not small or "d" in section._names():  # `d a` with d defined: a product, no differential
        return None
    scale = sympy.Dummy("scale")
    return tuple(sympy.series(side.subs({s: scale * s for s in small}, simultaneous=True), scale, 0, 2)
                 .removeO().subs(scale, 1) for side in sides)


INVERSION = ("a definition solved for one of several names it uses (`m = p_1 - p_2`, then `p_1 = (m + 1)/2`): it "
             "holds under a relation between them (`p_1 + p_2 = 1`) the definitions in reach do not give")


def _inversion(section: Section, left: Any, right: Any) -> bool:
    """Whether `left = right` gives a name nothing defines or values through a name defined from it and from other
    such names it does not write (`p_1 = (m + 1)/2` with `m = p_1 - p_2`): an inversion true only under a further
    relation. One that writes them all (`y = 2x + 1`, then `x = (y + 1)/2`) decides a wrong inversion."""
    if not isinstance(left, _sympy()[0].Symbol):
        return False
    written = {str(s) for s in right.free_symbols}
    through = written & section.descendants(str(left))
    # the names the relation eliminates: reached only through the defined name, never written (`p_2`, not rho in
    # `\\sigma = \\frac{p}{1 - p}\\rho`, a whole inversion a wrong one of is caught); a name defined itself
    # (`x_l = \frac{m_l}{m_T}`, then `v = x_l v_l + x_g v_g` solved for x_l) eliminates names its own formula lacks
    own = {str(s) for s in section.expand(left).free_symbols}
    leaves = {str(s) for s in section.expand(right).free_symbols} - {str(left)} - set(section.inputs) - written - own
    return bool(through) and bool(leaves)


def _introduces(section: Section, left: Any, right: Any, free: set[str] = frozenset()) -> bool:
    """Whether one side uses a name that nothing defines, gives a value or uses, and the other side does not use;
    or a function's variable, used bare, while the other side has names of its own: `U_{n+1}(1 - \\frac{z}{2}) -
    U_n(...) = (\\xi - ...)(1 - \\frac{z}{2})` beside `\\rho(\\xi) = ...` writes the polynomial in xi for the
    steps, a change of names, not an identity."""
    sides = [{str(s) for s in section.expand(e).free_symbols} for e in (left, right)]
    used = {str(s) for d in section.definitions.values() for s in d.free_symbols} | set(section.inputs)
    dummies = {str(v) for var, _ in section.functions.values() for v in _variables(var)} - used
    if (sides[0] ^ sides[1]) - used - dummies - set(free):
        return True
    if section.head in section.definitions and sides[0] - sides[1] and sides[1] - sides[0]:
        # `l_F = R\\theta = R\\omega t_f`: theta, which only l_F's definition by this chain's first link uses, on one
        # side, t_f's leaves on the other: a relation, as if the first link were not there
        others = {str(s) for n, d in section.definitions.items() if n != section.head for s in d.free_symbols}
        if (sides[0] ^ sides[1]) - others - set(section.inputs) - dummies - set(free):
            return True
    own = [side - other - set(free) for side, other in ((sides[0], sides[1]), (sides[1], sides[0]))]
    return bool(own[0] & dummies and own[1] or own[1] & dummies and own[0])


DOTTED_LEFT = re.compile(r"^\s*\\(dot|ddot)\s*\{\s*(\\?[A-Za-z]+)\s*\}\s*(?=[=])")


def _dotted_function(section: Section, statement: str) -> str:
    """`\\dot{x} = 3t^2` (written `\\dot x(t)`) where the text defines x(t): the claim `x'(t) = 3t^2`, a time
    derivative of that function; the statement unchanged otherwise (a dotted name of its own, `\\dot{x} = v`)."""
    m = DOTTED_LEFT.match(statement)
    if not m:
        return statement
    name = _plain_name(m.group(2))
    if name not in section.functions or str(section.functions[name][0]) != "t" or name in section.definitions:
        return statement
    primes = "''" if m.group(1) == "ddot" else "'"
    return f"{m.group(2)}{primes}(t) {statement[m.end():]}"


def _ode_of_a_solution(section: Section, statement: str, stated: Any, claimed: Any) -> bool:
    """Whether a statement puts a function the text defines into an ODE it writes with primes (`y'' - 7y' + 10y =
    24e^x` after `y(x) = c_1 e^{2x} + c_2 e^{5x} + 6e^x`), and what is left of the difference of its sides is in the
    function's variable alone: its constants cancel, so it holds, or fails, whatever they are."""
    sympy, _ = _sympy()
    if not PRIME_INSIDE.search(statement):
        return False
    variables = {str(v) for var, _ in section.functions.values() for v in _variables(var)}
    difference = sympy.expand(section.expand(stated) - section.expand(claimed))
    return {str(s) for s in difference.free_symbols} <= variables


ESTIMATE = ("a model's formula written for a name whose estimate ({estimate}) the claim also uses (`y = mx + b`, "
            "then `C = (\\hat{{y}} - y)^2`): with the formula read as the estimate's, the claim holds")


def _estimate(section: Section, notation: str, target: Any, var: str, claimed: Any, decimals: int | None,
              approximate: bool) -> str:
    """The estimate, shown, whose name a failed derivative holds with a definition moved to (`y = mx + b`, then
    `\\frac{\\partial C}{\\partial m} = 2x(\\hat{y} - y)` for `C = (\\hat{y} - y)^2`); or "". Texts write a model
    as `y = ...` and then call its output `\\hat{y}`, the data y; a wrong claim seldom holds under that reading too."""
    sympy, _ = _sympy()
    written = {str(s) for s in section.expand(target).free_symbols | claimed.free_symbols}
    for name in list(section.definitions):
        base, sub, rest = name.partition("sub")
        estimate = f"{base}hat{sub}{rest}"
        if estimate not in written or estimate in section._names():
            continue
        with section.unchanged():
            section.definitions[estimate] = section.definitions.pop(name)
            try:
                meant, _ = section.readings_of(notation, target, var)
                holds = section.same(meant, claimed, decimals, frozenset({var}), approximate)
            except LookupError:
                holds = False
        if holds:
            return section.show(sympy.Symbol(estimate))
    return ""


def _earlier_model(section: Section, target: Any, claimed: Any, cell: int) -> str:
    """The name, shown, where a derivative claim is a differential equation (its right side uses what is
    differentiated, `\\frac{dx}{dt} = \\alpha x`) about a name an earlier cell defined: a new model's equation
    (`Similarly, the proportional growth model`), which the last model's solution need not solve."""
    sympy, _ = _sympy()
    name = type(target).__name__ if isinstance(target, sympy.core.function.AppliedUndef) else str(target)
    uses = sympy.Symbol(name) in claimed.free_symbols or any(
        type(f).__name__ == name for f in claimed.atoms(sympy.core.function.AppliedUndef))
    return section.show(sympy.Symbol(name)) if uses and section.defined_in.get(name, cell) < cell else ""


EARLIER_MODEL = ("a differential equation for {name} (its right side uses {name}) that the solution an earlier cell "
                 "gave does not solve: the text may be setting up another model")


def _claim(section: Section, statement: str, cell: int, left: str, right: str, decimals: int | None,
           approximate: bool = False, scope: str = "") -> Reading:
    """Check `left = right` (see `_judge`); a failure that reads definitions of several earlier sections' examples
    is unchecked: they may not be the ones it means. `scope` is what those names are looked for in: the link of a
    chain that failed (`\\theta = \\arcsin \\sqrt{\\frac{1}{2}} = \\frac{\\pi}{3}`: its arithmetic is no one's
    example), else the statement."""
    reading = _judge(section, statement, cell, left, right, decimals, approximate)
    if reading.reason == INTRODUCES and len(_formed(section, statement)) == 1:  # `\\mathcal{L} = T - V = ...`
        reading = next((r for _, r, apart in _with_forms(section, statement, cell, left, right, decimals, approximate)
                        if r.ok or r.ok is False and apart), reading)
    scope = scope or statement
    # a claim that writes no name a definition or value in reach gives: no example's definition can make it hold
    examples = reading.ok is False and not _self_contained(section, scope)
    sources = section.sources(scope) if examples else set()
    earlier = section.beside_own_example(scope) if examples and len(sources) < 2 else set()
    if (len(sources) > 1 or earlier) and reading.kind == "derivative" and (apart := _fails_apart(
            section, (section.reached(scope) | section.differentiated(scope)) & section.inherited,
            lambda: _judge(section, statement, cell, left, right, decimals, approximate))):
        return apart  # `\\frac{d \\sin(x)}{dx} = -\\cos(x)` beside earlier examples' x: wrong whichever x they meant
    if len(sources) > 1:
        return Reading(statement, cell, "unchecked", reason=f"it reads definitions of {len(sources)} earlier "
                       f"sections' examples ({', '.join(sorted(sources))}), which may not be the ones it means")
    if earlier:
        return Reading(statement, cell, "unchecked", reason=f"it reads an earlier section's example ("
                       f"{', '.join(sorted(earlier))}) beside this subsection's own, which may not be the one it means")
    if examples and (elsewhere := section.elsewhere(scope)) and reading.kind == "derivative" and (
            again := _without_inputs_of(section, elsewhere, statement, lambda: _judge(
                section, statement, cell, left, right, decimals, approximate))):
        return again  # `x=1 -> slope = -2` in one `#### Example`, a derivative in x in the next: a claim for every x
    if examples and elsewhere and reading.kind == "derivative" and (others := {
            n for n in section.reached(scope) | section.differentiated(scope) | _differentiated_by(scope)
            if section.defined_under.get(n) in elsewhere}) & _differentiated_by(scope) and (
            apart := _fails_apart(section, others, lambda: _judge(section, statement, cell, left, right, decimals,
                                                                   approximate))):
        # `\\frac{\\partial f(t,y)}{\\partial y}` beside another subsection's y(t): y is f's variable, and the claim
        # is wrong whatever the other subsections' names are
        return apart
    if examples and elsewhere:
        return Reading(statement, cell, "unchecked", reason=f"it reads the example of another subsection "
                       f"({', '.join(sorted(elsewhere))}), which may not be the one it means")
    if reading.ok is False and _update(section, left, right):
        return Reading(statement, cell, "unchecked", reason=SELF)  # `R_2 = R_2 - R_1`, a row operation
    if reading.ok is False and (model := _transformed_model(section, left, right)):
        return Reading(statement, cell, "unchecked", reason=f"a model for {model} in the parameters of its own "
                       "earlier model (`\\log(y) = \\beta_0 + \\beta_1 x + u` after `y = \\beta_0 + \\beta_1 x + u`): "
                       "a new model, not a claim about the old one")
    if reading.ok is False and (form := _chain_form(section, statement, cell, left, right, decimals, approximate)):
        return Reading(statement, cell, "unchecked", reason=f"it holds with {form}, another link of the chain that "
                       "defined it (a link that relates names nothing defines: the text gives it two forms)")
    return reading


def _self_contained(section: Section, scope: str) -> bool:
    """Whether a claim writes no name or function that a definition or value in reach gives (`\\frac{d}{dt}[A
    \\cos(\\omega t + \\phi)] = -A\\omega \\sin(\\omega t + \\phi)` after two examples that define x with A
    and omega): it is read as written, whichever example its names come from."""
    coded = _prepare(scope)[0]
    return not (section.reached(scope) or section.differentiated(scope)) and not any(
        _written_in(n, coded) or _written_in(n, scope) for n in section.inputs)


def _chain_form(section: Section, statement: str, cell: int, left: str, right: str, decimals: int | None,
                approximate: bool) -> str:
    """`name = link` where a failing claim holds with a name's other form (see `Section.forms`), else ""."""
    return next((form for form, r, _ in _with_forms(section, statement, cell, left, right, decimals, approximate)
                 if r.ok), "")


def _formed(section: Section, statement: str) -> list[str]:
    """The names a statement reads that a chain gave other forms (see `Section.forms`), not defined anew since."""
    reached = section.reached(statement)
    return [name for name, (definition, _) in section.forms.items()
            if name in reached and section.definitions.get(name) is definition]


def _with_forms(section: Section, statement: str, cell: int, left: str, right: str, decimals: int | None,
                approximate: bool) -> Iterator[tuple[str, Reading, bool]]:
    """A claim judged with each other form a chain gave a name it uses (see `Section.forms`), as `name = link`; and
    whether the claim then reads none of the names only the first form wrote (`\\bar{z} = x - iy` beside the form
    `z = re^{i\\theta}` of `z = x + iy` mixes two forms, and its failure says nothing)."""
    sympy, _ = _sympy()
    for name in _formed(section, statement):
        definition, links = section.forms[name]
        for link in links:
            with section.unchanged():
                try:
                    form = section.definitions[name] = parse(link, section._names() - {name})
                    reading = _judge(section, statement, cell, left, right, decimals, approximate)
                    now = section.reached(statement)
                    read = now | {str(x) for n in now for x in getattr(section.definitions.get(n), "free_symbols", ())}
                except Unparsed:
                    continue
            first = {str(x) for x in getattr(definition, "free_symbols", ())} - {str(x) for x in form.free_symbols}
            yield f"{section.show(sympy.Symbol(name))} = {link}", reading, not first & read


CONSTANT_DIFFERENTIATED = ("it gives {name} a rate of change in {by}, a name nothing in reach uses, but the formula "
                           "in reach for {name} does not depend on {by} (`A = \\pi a b`, then Kepler's "
                           "`\\mathrm{{d}}A/\\mathrm{{d}}t = h/2`): the text means another quantity of that name, one "
                           "that changes")
UNREAD_FORM = ("{name} is also `{form}`, another link of the chain that defined it, which writes what it is "
               "differentiated by or which the reader cannot read (`L = T - V = \\frac{{1}}{{2}}\\mathbf{{\\omega I "
               "\\omega}} - mgz`): by the form read, whose names nothing defines, the derivative would be 0")


def _unread_form(section: Section, target: Any, by: Any) -> str:
    """The other form a chain gave a name (see `Section.forms`) that writes `by` or that the reader cannot read, else
    "": a derivative of the name is 0 only by the form read (`T - V`, names nothing defines)."""
    definition, links = section.forms.get(str(target), (None, []))
    if definition is None or section.definitions.get(str(target)) is not definition:
        return ""
    for link in links:
        try:
            if by in parse(link, section._names() - {str(target)}).free_symbols:
                return link
        except (Unparsed, LookupError, ValueError):
            return link
    return ""


FACTOR_DROPPED = ("the derivative up to a factor ({factor}) that the chain's `= 0` drops: a condition for a stationary "
                  "point, not the derivative's value")


def _factor_dropped(section: Section, statement: str, meant: Any, claimed: Any, by: Any) -> Any:
    """The factor free of the variable by which a derivative differs from what a chain ending in `= 0` writes for
    it (a constant the condition drops), or None: a derivative wrong in how it varies is still wrong."""
    sympy, _ = _sympy()
    if _sides(statement)[-1].rstrip(" .,") != "0" or claimed == 0:
        return None
    factor = sympy.simplify(section.expand(meant) / section.expand(claimed))
    if factor.has(by, sympy.zoo, sympy.nan) or factor.is_zero:
        return None
    return factor


def _applied_as_variable(section: Section, var: str) -> None:
    """`F = ... + \\lambda(2x_1 - 5x_2 - 2)`, then `\\frac{\\partial F}{\\partial \\lambda}`: what the text
    differentiates by is a variable, so the definitions' `\\lambda(...)` is lambda times the bracket, not a map."""
    sympy, _ = _sympy()
    for name, definition in list(section.definitions.items()):
        applied = {app: sympy.Symbol(var) * app.args[0] for app in getattr(definition, "atoms", lambda *_: ())(
            sympy.core.function.AppliedUndef) if type(app).__name__ == var and len(app.args) == 1}
        if applied:
            section.definitions[name] = definition.xreplace(applied)


def _update(section: Section, left: str, right: str) -> bool:
    """Whether `name = a name + b`, the name's own value moved (b written, a = 1) or scaled (a written, b = 0), as a
    row operation or a loop writes it; as an equation it would only say that b or the name is zero. `x = 2x - 3`, an
    equation to solve, is no update."""
    sympy, _ = _sympy()
    name = _plain_name(left.strip()) if re.fullmatch(r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*", left) else None
    if not name:
        return False
    try:
        value = sympy.expand(parse(right, section._names()))
    except Unparsed:
        return False
    symbol = sympy.Symbol(name)
    scale, rest = value.coeff(symbol, 1), value.coeff(symbol, 0)
    if not value.has(symbol) or (scale * symbol + rest - value).expand() != 0 or scale.has(symbol):
        return False
    return (scale == 1) != (rest == 0)


def _transformed_model(section: Section, left: str, right: str) -> str:
    """`\\log(y)`, where the left side is a log, exp or root of a defined name and the right side, as written or with
    its logs taken off, is that name's definition, or that definition with its own logs taken off (merino's log-level
    and log-log models beside a level-log y); "" otherwise."""
    # `\\ln(y)`, `\\ln y`, `\\ln{D(P)}` (a function the section defines, at its own variable: data-88e's log-log demand
    # after the semi-log section's `D(P) = e^b e^{mP}`)
    m = re.fullmatch(r"\s*\\(?:log|ln|exp|sqrt)\s*(?:(?:\(|\\left\(|\{)\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?"
                     r"(?:\s*\(\s*\\?[A-Za-z]+\s*\))?)\s*(?:\)|\\right\)|\})|\s(\\?[A-Za-z]+(?:_\{?\w+\}?)?))\s*", left)
    written = (m.group(1) or m.group(2)) if m else ""
    applied = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\(\s*(\\?[A-Za-z]+)\s*\)", written)
    name = _plain_name(applied.group(1) if applied else written) if m else None
    sympy, _ = _sympy()
    if applied and name in section.functions and str(section.functions[name][0]) == _plain_name(applied.group(2)):
        definition = section.functions[name][1]
    elif name and name in section.definitions and not applied:
        definition = section.definitions[name]
    else:
        return ""
    # its logs taken off: `\\log(x)`, `\\ln{P}`, `\\ln P` as x, P
    linear = re.sub(r"\\(?:log|ln)\s*(?:(?:\(|\\left\(|\{)\s*([^(){}]*?)\s*(?:\)|\\right\)|\})"
                    r"|\s+(\\?[A-Za-z])(?![A-Za-z]))",
                    lambda m: f"({m.group(1) or m.group(2)})", right)
    levels = definition.replace(sympy.log, lambda argument: argument)
    logged = sympy.expand_log(sympy.log(definition), force=True)  # `D(P) = e^b e^{mP}`: log D is b + mP
    try:  # `\\beta_0 + \\beta_1 \\log(x) + u`, its logs taken off, is y's own `\\beta_0 + \\beta_1 x + u`
        same = any(sympy.simplify(_side(section, side) - model) == 0
                   for side, model in ((right, definition), (linear, definition), (linear, levels), (linear, logged)))
    except (Unparsed, LookupError, TypeError):
        return ""
    return section.show(sympy.Symbol(name)) if same else ""


# a side that opens on a decimal written before names (`0.32247 \\hbar^2`): a rounded coefficient
WRITTEN_FACTOR = re.compile(r"\s*([-−]?\d+\.\d+)\s*(?:\\cdot|\\times)?\s*(?=\\?[A-Za-z])")


def _same_to_its_digits(section: Section, stated: Any, claimed: Any, written: str, positive: bool = False) -> bool:
    """Whether two sides agree once the right side's written decimal factor is compared to the digits it has
    (`\\hbar^2 \\pi^2 (\\tfrac{1}{12} - \\tfrac{1}{2 \\pi^2}) = 0.32247 \\hbar^2`): the rest must match exactly, for
    `positive` names only if told (`|Z| = 11.15 \\Omega`, Z a multiple of the unit)."""
    sympy, _ = _sympy()
    value, decimals = parse_number(written)
    if not value:
        return False
    try:
        ratio = section.expand(stated) * value / section.expand(claimed)
        ratio = sympy.simplify(sympy.posify(ratio)[0] if positive else ratio)
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    return bool(ratio.is_number) and ratio.is_real is not False and abs(float(ratio) - value) <= tolerance(
        value, decimals)




ROUNDED_DECIMAL = re.compile(r"(?<![\d.])\d*\.(\d+)(?![\d.])")


def _same_to_its_coefficients(section: Section, stated: Any, claimed: Any, right: str, figures: int = 1) -> bool:
    """Whether two formulas agree to the rounding of the decimals the right one writes (`(3 \\times 9 \\times
    10^{-6} \\times 80X)^{1/3} + \\dots = 0.129X^{1/3} + \\dots`): at five points, the sides differ by no more than
    each decimal's half unit of its last digit can move the right side. Only decimals of at least `figures`
    significant figures count as rounded (a derivative's `(-0.5)` and `m^{-1.5}` are exact)."""
    sympy, _ = _sympy()
    halves = [(float(m.group(0)), 0.5 * 10 ** -len(m.group(1))) for m in ROUNDED_DECIMAL.finditer(right)
              if len(re.sub(r"^[0.]+", "", m.group(0)).replace(".", "")) >= figures]
    try:
        claimed = section.expand(claimed)
        difference = section.expand(stated) - claimed
    except (TypeError, ValueError, LookupError):
        return False
    marks = {f: (sympy.Dummy(), half) for f in claimed.atoms(sympy.Float) for value, half in halves
             if math.isclose(abs(float(f)), value, rel_tol=1e-12)}
    symbols = sorted(difference.free_symbols, key=str)
    if not marks or not symbols:
        return False
    marked = claimed.xreplace({f: mark for f, (mark, _) in marks.items()})
    slack = sum(half * abs(sympy.diff(marked, mark)) for mark, half in marks.values()).xreplace(
        {mark: f for f, (mark, _) in marks.items()})
    evaluated = 0
    for k in range(5):
        sample = {s: section.inputs.get(str(s), 0.3 + 0.35 * ((k + i) % 5)) for i, s in enumerate(symbols)}
        apart, allowed = _complex(difference, sample), _complex(slack, sample)
        if apart is None or allowed is None:
            continue
        if abs(apart) > abs(allowed) * (1 + 1e-9) + 1e-12:
            return False
        evaluated += 1
    return evaluated > 0


def _complex(expr: Any, point: dict[Any, float]) -> complex | None:
    """An expression's value at a point, or None where it has none (a logarithm of 0, a division by 0)."""
    try:
        value = complex(expr.subs(point).evalf())
    except (TypeError, ValueError):
        return None
    return value if cmath.isfinite(value) else None


def _constant(section: Section, expr: Any) -> float | None:
    """The value of an expression of free names that no value of them changes (`\\cos^2\\phi + \\sin^2\\phi`),
    at five points; None where it changes, has no real value, or applies a function nothing defines."""
    sympy, _ = _sympy()
    expanded = section.expand(expr).subs({sympy.Symbol(n): v for n, v in section.inputs.items()})
    free = sorted(expanded.free_symbols, key=str)
    if not free or not expanded.doit().free_symbols or expanded.atoms(sympy.core.function.AppliedUndef):
        return None  # `G_m(0)` read as G_m times 0: names that plain arithmetic drops are no identity's
    values = [_complex(expanded, {s: 0.3 + 0.35 * ((k + i) % 5) + 0.17 * k for i, s in enumerate(free)})
              for k in range(5)]
    if any(v is None or abs(v.imag) > 1e-9 for v in values):
        return None
    first = values[0].real
    return first if all(abs(v.real - first) <= 1e-9 * max(1.0, abs(first)) for v in values) else None


TRAILING_PUNCTUATION = re.compile(r"(?<!\.)\s*[.,;]$")
# the variable of a derivative written as a fraction, its denominator (`\\frac{\\partial f(t,y)}{\\partial y}`)
DIFFERENTIATED_BY = re.compile(r"\\frac\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{\s*(?:d|\\partial)\s*"
                               r"(\\?[A-Za-z]+(?:_\{?\s*\w+\s*\}?)?)\s*(?:\^\s*\{?\s*\d+\s*\}?)?\s*\}")


def _differentiated_by(statement: str) -> set[str]:
    """The names (as the reader keys them) a statement's derivatives are taken by: each is a variable there, whatever
    value or formula another example gave it."""
    return {_function_key(m.group(1)) for m in DIFFERENTIATED_BY.finditer(statement)}


def _fails_apart(section: Section, names: set[str], judge: Callable[[], Reading]) -> Reading | None:
    """A failed derivative judged again without the earlier sections' definitions of these names: one that still fails
    is wrong whichever example the text means (`\\frac{d \\sin(x)}{dx} = -\\cos(x)` beside earlier examples' x);
    else None."""
    functions = dict(section.functions)
    with section.unchanged():
        for name in names:
            section.definitions.pop(name, None)
            section.functions.pop(name, None)
        try:
            again = judge()
        finally:
            section.functions = functions
    return again if again.ok is False else None


def _without_inputs_of(section: Section, subsections: set[str], statement: str,
                       judge: Callable[[], Reading]) -> Reading | None:
    """A derivative judged again without the values other subsections gave the variables it differentiates by, where
    those values alone tie it to them (another example's place, `x=1 -> slope`): decided so, it is a claim for every
    value of them; else None."""
    foreign = {n for n in section.inputs if section.defined_under.get(n) in subsections and _written_in(n, statement)}
    by = {n for n in foreign if re.search(rf"(?:\\partial|\bd)\s*{re.escape(n)}\b|'\s*\(\s*{re.escape(n)}\s*\)",
                                          statement)}  # `\\frac{dy}{dx}`, `f'(x)`: what it differentiates by
    if not foreign or by != foreign or any(section.defined_under.get(n) in subsections
                                           for n in [*section.definitions, *section.functions]):
        return None  # `u'(t) = \\lambda u` beside another example's lambda: an equation in lambda, not about every t
    with section.unchanged():
        for name in foreign:
            del section.inputs[name]
        again = judge()
    return again if again.ok is not None else None

def _judge(section: Section, statement: str, cell: int, left: str, right: str, decimals: int | None,
           approximate: bool = False) -> Reading:
    """Check `left = right` (or `left \\approx right`, a number): a derivative against the definitions, or an
    identity; names whose derivative the right side writes are functions of that variable meanwhile."""
    section.implicit = _implicit_names(section, left, right)
    try:
        return _judge_sides(section, statement, cell, left, right, decimals, approximate)
    finally:
        section.implicit = {}


# `\\frac{d}{dt}\\sin\\theta`, `\\frac{d(x^2)}{dt}`: a first derivative of an expression written on the left
DERIVATIVE_OF_EXPRESSION = re.compile(r"\s*\\frac\{\s*d\s*((?:[^{}]|\{[^{}]*\})*)\}\{\s*d\s*(\\?[A-Za-z]+)\s*\}(.*)",
                                      re.DOTALL)  # `\\frac{d\\epsilon_{total}}{dt}`: a subscript in braces too
# `\\frac{d\\theta}{dt}`, `\\frac{dy_1}{dx}`, `\\dot{\\theta}`, `\\dot{x}_1`: a name's derivative written on the right
NAME_DERIVATIVE = re.compile(r"\\frac\{\s*d\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\}\{\s*d\s*(\\?[A-Za-z]+)\s*\}|"
                             r"\\dot\{\s*(\\?[A-Za-z]+)\s*\}(_\{?\w+\}?)?")


def _implicit_names(section: Section, left: str, right: str) -> dict[str, str]:
    """The names a claim has depend on what its left side differentiates by (`\\frac{d}{dt}\\sin\\theta =
    -\\dot{\\theta}\\cos\\theta`: theta, by t): those the expression writes, the right side writes a derivative of
    by that variable, and nothing in reach defines or gives a value. The implicit chain rule applies to them."""
    m = DERIVATIVE_OF_EXPRESSION.fullmatch(left.strip())
    if not m:
        return {}
    expression, var = (m.group(1) + " " + m.group(3)).strip(), _plain_name(m.group(2))
    if (bare := re.fullmatch(r"\(?\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\)?", expression)) and (
            _plain_name(bare.group(1)) not in section.definitions):
        return {}  # `\\frac{d\\theta}{dt} = \\omega`: a name's derivative, which nothing in reach gives
    try:  # `x = L\\sin\\theta`, then `\\frac{d}{dt}(x^2) = 2x L\\cos\\theta\\,\\dot{\\theta}`: theta through x
        reached = {str(s) for s in section.expand(parse(expression, section._names())).free_symbols}
    except (Unparsed, LookupError):
        reached = set()
    names = {}
    for d in NAME_DERIVATIVE.finditer(right):
        name, by = (d.group(1), d.group(2)) if d.group(1) else (d.group(3) + (d.group(4) or ""), "t")
        plain = _plain_name(name)
        if (_plain_name(by) == var != plain and (_written_in_latex(name, expression) or plain in reached)
                and plain not in section._names() and plain not in section.functions):
            names[plain] = var
    return names


HELD_CONSTANT = ("it differentiates by {by} through names it writes a derivative of, and also uses {names}, which "
                 "nothing in reach defines or says is constant in {by}")


def _held_constant(section: Section, target: Any, by: Any) -> str:
    """The names, shown, of a derivative read by the implicit chain rule that nothing defines or gives besides the
    ones it differentiates through (gamma in `\\frac{d}{dt}(\\gamma m v)`), which the reading held constant; or ""."""
    if not section.implicit:
        return ""
    names = {str(s) for s in section.expand(target).free_symbols} - set(section.implicit) - {str(by)}
    held = {n for n in names if not section.knows(n)}  # L in `x = L\\sin\\theta` is a parameter of the model
    return ", ".join(section.show(_sympy()[0].Symbol(n)) for n in sorted(held))


# `C^{-1}(z)`, `g^{-1}(v)` (which statements.py writes `\\operatorname{ginverse}(v)`): a function's inverse, applied
INVERSE_APPLIED = re.compile(r"\s*(?:(\\?[A-Za-z]+)\s*\^\s*(?:\{\s*-\s*1\s*\}|-1)|\\operatorname\{([A-Za-z]+)inverse\})"
                             r"\s*(?:\\left\s*)?\((.+?)(?:\\right\s*)?\)\s*")
INVERSE_VALUE = "it names the value of an inverse function (`x = C^{-1}(z)`), which the text solves for"


def _inverse_claim(section: Section, statement: str, cell: int, left: str, right: str) -> Reading | None:
    """`C^{-1}(z) = (1000 z)^{1/3}` for `C(x) = \\frac{1}{1000} x^3`: the inverse of a function of one variable the
    section defines, checked by composing (C at the right side is z); None where no side applies such an inverse."""
    for inverse, other in ((left, right), (right, left)):
        m = INVERSE_APPLIED.fullmatch(inverse)
        name = m and (m.group(1) or m.group(2)).lstrip("\\")
        if not m or name not in section.functions or isinstance(section.functions[name][0], tuple):
            continue
        if re.fullmatch(r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*", other):
            return Reading(statement, cell, "unchecked", reason=INVERSE_VALUE)
        variable, body = section.functions[name]
        value, argument = _side(section, other), _side(section, m.group(3))
        composed = section.apply_functions(body).subs(variable, value)
        ok = section.same(composed, argument)
        return Reading(statement, cell, "identity", ok, "" if ok else (
            f"`{statement}`, but {name} at {section.show(value)} is {section.show(section.expand(composed))}, "
            f"not {section.show(argument)}"))
    return None


# a first derivative written on the left with a minus before it
NEGATED_DERIVATIVE = re.compile(r"\s*-\s*(\\[dt]?frac\s*\{\s*d\s*[^{}]*\}\s*\{\s*d\s*\\?[A-Za-z]+\s*\})\s*")


def _as_written(stated: Any, claimed: Any) -> tuple[Any, Any] | None:
    """Two sides in the same names simplified, where they differ before any definition is put in (their difference,
    multiplied out, is not 0): a wrong step of algebra, which the message says in the text's own names. None where
    they do not, or where simplifying them takes more than a few seconds."""
    sympy, _ = _sympy()
    try:
        with budget(SUM_SECONDS):
            return (sympy.simplify(stated), sympy.simplify(claimed)) if sympy.expand(
                stated - claimed) != 0 and stated.free_symbols == claimed.free_symbols else None
    except (OverBudget, TypeError, ValueError, AttributeError):
        return None


def _judge_sides(section: Section, statement: str, cell: int, left: str, right: str, decimals: int | None,
                 approximate: bool = False) -> Reading:
    """`_judge`, with the claim's implicit names (if any) in place."""
    sympy, _ = _sympy()
    if inverse := _inverse_claim(section, statement, cell, left, right):
        return inverse
    if negated := NEGATED_DERIVATIVE.fullmatch(left):  # `-\\frac{d\\Phi}{dt} = \\omega S B \\sin(\\omega t)`, Lenz
        left, right = negated.group(1), f"-({right})"
    if bare := re.fullmatch(r"(\\?[A-Za-z]+)'", left.strip()):
        # `\sigma' = \sigma(1-\sigma)`: beside a bare prime, the function's name stands for its value.
        right = re.sub(re.escape(bare.group(1)) + r"(?![A-Za-z])\s*\(", lambda m: bare.group(1) + " \\cdot (", right)
    try:
        claimed = _side(section, right)
    except LookupError as exc:
        return Reading(statement, cell, "unchecked", reason=_lookup_reason(exc))
    if _boundary(section, left, decimals):
        return Reading(statement, cell, "unchecked", reason=BOUNDARY)
    parts = _derivative_parts(section, left)
    # A bare function name on the right of `\sigma' = \sigma(1-\sigma)` stands for its value; not one this section's
    # own functions take as their variable (`f(x) = e^{2x} - x` after an earlier section's `x(t) = x_0 + v_0 t`), nor
    # one whose own formula writes its name bare (`A(z) = A \sin(kz)`: that A is the amplitude, a constant)
    variables = {str(v) for n, (vs, _) in section.functions.items() if n not in section.inherited
                 for v in _variables(vs)}
    claimed = claimed.subs({sympy.Symbol(n): sympy.Function(n)(*_variables(v))
                            for n, (v, body) in section.functions.items()
                            if n not in variables and sympy.Symbol(n) not in body.free_symbols})
    try:
        if parts is None:
            stated = _side(section, left)
            if _ode_of_a_solution(section, statement, stated, claimed):  # `y'' - 3y' = 0` for every x
                a, b = sympy.expand(section.expand(stated)), sympy.expand(section.expand(claimed))
                ok = sympy.simplify(a - b) == 0
                return Reading(statement, cell, "identity", ok, "" if ok else (
                    f"`{statement}`, but the left side is {section.show(a)}, and the right side {section.show(b)}"))
            if decimals is not None and not stated.free_symbols:
                applied = section.expand(stated)
                if applied.atoms(sympy.core.function.AppliedUndef):
                    return Reading(statement, cell, "unchecked", reason=UNDEFINED_FUNCTION)
                at_inputs = applied.subs({sympy.Symbol(n): v for n, v in section.inputs.items()})
                if at_inputs.free_symbols:  # `f(2)` for f(x) = 1 - a x, where nothing gives a
                    return Reading(statement, cell, "unchecked",
                                   reason=_lookup_reason(LookupError("not every input has a value")))
                if claimed.is_number and claimed.is_real is False:  # `e^{j\\pi/4} = 0.7071 + 0.7071j`
                    return _complex_arithmetic(statement, cell, at_inputs, complex(claimed), decimals)
                rounded = approximate or _rounded_whole(left, float(claimed), decimals)
                if rounded and decimals == 0:  # `... - (-1260) = -2820`: a whole number rounded to its tens
                    decimals = _whole_decimals(right)
                # `\\log 2 + \\log 3 = 0.3010 + 0.4771`: a right side of rounded terms carries each one's rounding
                # (those written to its last decimal; `0.5 + 0.311`: 0.5 is exact)
                slack = tolerance(float(claimed), decimals, rounded)
                if decimals and not NUMBER_RE.fullmatch(right):
                    last = re.compile(rf"(?<![\d.])\d+\.\d{{{decimals}}}(?![\d.])")
                    slack = max(slack, _moved_by_rounding(right, last))
                reading = _arithmetic_reading(statement, cell, at_inputs, float(claimed), slack,
                                              approximate and decimals > 0, left)
                if reading.ok is False and (measured := _measured_slack(left, decimals == 0 and not rounded)):
                    reading = _arithmetic_reading(statement, cell, at_inputs, float(claimed), tolerance(
                        float(claimed), decimals, rounded) + measured, approximate and decimals > 0, left)
                return reading if applied == stated else replace(reading, kind="identity")  # `\\sigma(2) = 0.88`
            names = section._names()
            own_functions = set(section.functions) - section.inherited
            if not (stated.free_symbols & {sympy.Symbol(n) for n in names} or own_functions or decimals is None):
                if (constant := _constant(section, stated)) is None:
                    return Reading(statement, cell, "number")
                # `\cos^2\phi + \sin^2\phi = 1`: a side no value of its names changes, a number to compare
                ok = abs(constant - float(claimed)) <= tolerance(float(claimed), decimals, approximate)
                return Reading(statement, cell, "identity", ok, "" if ok else (
                    f"`{statement}`, but the left side is {section.show(section.expand(stated))}, which is "
                    f"{constant:.6g} whatever its names' values, and the right side {section.show(claimed)}"))
            if decimals is None and _introduces(section, stated, claimed):
                return Reading(statement, cell, "unchecked", reason=INTRODUCES)
            if decimals is None and not section.expand(stated).free_symbols and section.expand(claimed).free_symbols:
                stated, claimed = claimed, stated  # `48 = 3 z_t`: a number, compared at the inputs, not for every z_t
            if decimals is None and _identity_matrix(section, statement, stated, claimed):
                return Reading(statement, cell, "unchecked", reason=IDENTITY_MATRIX)
            ok = section.same(stated, claimed, decimals, section.variables, approximate)
            if not ok and decimals is None and (factor := WRITTEN_FACTOR.match(right)):
                ok = _same_to_its_digits(section, stated, claimed, factor.group(1))  # `= 0.32247 \hbar^2`
                if not ok and _same_to_its_digits(section, stated, claimed, factor.group(1), positive=True):
                    return Reading(statement, cell, "unchecked", reason=POSITIVE_NAMES)
            if not ok and decimals is None and ROUNDED_DECIMAL.search(right):
                ok = _same_to_its_coefficients(section, stated, claimed, right)  # `= 0.086(1-X)^{1/3} + ...`
            if not ok and (needed := _real_only(section, stated, claimed)) is not None:
                real, kind = needed
                if kind == "real" and real <= section.real:  # `|e^{\\Sigma + j\\Omega}| = |e^\\Sigma|`, both in R
                    return Reading(statement, cell, "identity", True)
                undeclared = real - section.real if kind == "real" else real
                return Reading(statement, cell, "unchecked", reason=REAL_ONLY.format(names=", ".join(
                    section.show(sympy.Symbol(n)) for n in sorted(undeclared)), kind=kind))
            if not ok and decimals is None and (orders := _first_order(section, stated, claimed)):
                # `f(X+dX) - f(X) = X dX + dX X`: a relation between differentials holds to first order in them
                ok = section.same(*orders)
                return Reading(statement, cell, "identity", ok, "" if ok else (
                    f"`{statement}`, but to first order in the differentials the left side is "
                    f"{section.show(orders[0])}, and the right side {section.show(orders[1])}"))
            if not ok and _positive_only(section, stated, claimed):
                return Reading(statement, cell, "unchecked", reason=POSITIVE_ONLY)
            if not ok and (unknown := _equation_for(section, stated, claimed)):
                why = f"an equation to solve for {unknown} (`x = e^{{-x}}`, `x^2 + x - 1 = 0`), true of its roots"
                return Reading(statement, cell, "unchecked", reason=why)
            if not ok and (zero := _holds_where_zero(section, stated, claimed)):
                return Reading(statement, cell, "unchecked", reason=HOLDS_WHERE_ZERO.format(names=zero))
            if not ok and _branch_at_complex(section, stated, claimed):
                return Reading(statement, cell, "unchecked", reason=BRANCH_AT_COMPLEX)
            if not ok and (member := _family_member(section, statement, stated, claimed)):
                return Reading(statement, cell, "unchecked", reason=FAMILY_MEMBER.format(member=member))
            if not ok and _periodic(section, left, right):
                return Reading(statement, cell, "unchecked", reason=PERIODIC)
            if not ok and _inversion(section, stated, claimed):
                return Reading(statement, cell, "unchecked", reason=INVERSION)
            applied = _applies_function(section, left)  # `-\\frac{dV(x)}{dx}`: V's variable, whatever x(t) is elsewhere
            rate_forms = _rate_opening(section) and _written_alike(stated, claimed)  # the unknown N in both forms
            if not ok and not applied and not rate_forms and (implicit := _implicit(section, stated, claimed)):
                return Reading(statement, cell, "unchecked", reason=f"it uses {implicit}, which the text writes as a "
                                                                    "function nothing in reach defines (an unknown "
                                                                    "that equations fix)")
            # `\\Delta_{max} = \\frac{Pl^3}{48EI} = \\frac{Pl^3}{24EI}`: forms of the name the chain's first link
            # defined, in the same names: a claim that they agree, no relation between leaves
            forms = section.head in section.definitions and _same_names(stated, claimed) or (
                (_defined_opening(section) or section.approximated or _function_head(section))
                and _written_alike(stated, claimed)) or rate_forms
            arguments = _in_its_arguments(section, stated, claimed) or applied or forms or _series_value(
                section, left, right, stated, claimed)
            if not (arguments or section.determines(stated, claimed)) or not ok and not arguments and (
                    _between_leaves(section, stated, claimed) or _apart(section, stated, claimed)
                    or _leaves_related(section, stated, claimed)):
                # `E = mc^2`, `\Delta\phi = \Delta\theta/2`: a relation between names nothing here defines. A wrong
                # `a(x+y) = ax + y` could not be told from it, so a right one is not counted as checked either.
                return Reading(statement, cell, "unchecked", reason=RELATION if not ok else UNDEFINED_IDENTITY)
            expanded = section.expand(stated)
            if shown := _numbers_shown(section, expanded, claimed, at_inputs=decimals is None):
                compared = f"the left side is {shown}"
            elif number := _right_side(claimed, decimals):
                compared = f"the left side is {section.valued(expanded, decimals)}{number}"
            elif expanded != stated and (written := _as_written(stated, claimed)):
                # `\\Delta r = - \\frac{v_0^2}{a} + \\frac{1}{2} \\frac{v_0^2}{a} = \\frac{1}{2}
                # \\frac{v_0^2}{a}`: wrong in the text's own names, said in them (not with a = F/m put in)
                compared, expanded = _sides_compared(section, *written), stated
            else:
                compared = _sides_compared(section, expanded, section.expand(claimed))
            how = "substituting the definitions, " if expanded != stated else ""
            # `x_1 = 4 - 3x_4 - x_2 = 4 - 3 - 1 = -1`: the link that fails, named
            closed = TRAILING_PUNCTUATION.sub("", right.strip())  # `\\frac{h^3}{6}.`: the sentence's full stop
            link = f"its link `{left.strip()} = {closed}` does not hold: " if _left_named(
                statement, left) != "the left side" else ""
            message = "" if ok else f"`{statement}`, but {how}{link}{compared}"
            return Reading(statement, cell, "identity", ok, message)
        notation, target, var = parts
        if isinstance(target, tuple) and target[0] == "value":  # a derivative at a point, computed already
            if decimals is None and _introduces(section, target[1], claimed):
                # `\\ddot{x} = -\\frac{g}{L}x - \\frac{k}{m}|v|u` under `### with friction`: another model's equation
                return Reading(statement, cell, "unchecked", reason=INTRODUCES)
            ok = section.same(target[1], claimed, decimals, approximate=approximate)
            return Reading(statement, cell, "derivative", ok, "" if ok else
                           f"`{statement}`, but differentiating the definition gives "
                           f"{section.valued(target[1], decimals)}" + _right_side(claimed, decimals))
        if isinstance(target, tuple):  # f'(a): the derivative of f's body, at a
            _, body, v, point = target
            value = sympy.diff(section.apply_functions(body), v).subs(v, point)
            at = frozenset(str(x) for x in getattr(point, "free_symbols", ()))
            if decimals is None and _introduces(section, value, claimed, at):
                return Reading(statement, cell, "unchecked", reason=INTRODUCES)  # a remainder's unknown point
            ok = section.same(value, claimed, decimals, at, approximate)
            if not ok and decimals is None and (member := _family_member(section, statement, value, claimed, True)):
                # `\\sigma (x)' = \\sigma (x) (1 - \\sigma(x))` after `\\sigma (x) = \\frac 1 {1 + e^{-cx}}, c > 0`
                return Reading(statement, cell, "unchecked", reason=FAMILY_MEMBER.format(member=member))
            return Reading(statement, cell, "derivative", ok, "" if ok else
                           f"`{statement}`, but differentiating the definition gives {section.valued(value, decimals)}"
                           + _right_side(claimed, decimals))
        _applied_as_variable(section, var)
        # `\\frac{d}{dx}(\\sin x^2) = 2x\\cos x^2` after `x(t) = 4t + 3`: x is what is differentiated by, no x(t)
        claimed = claimed.replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef) and type(e).__name__ == var,
                                  lambda e: sympy.Symbol(var))
        claimed = _renamed_variable(section, target, var, claimed)
        meant, other = section.readings_of(notation, target, var)
        # the names an explicit `\\frac{\\partial}{\\partial w}(b + wh)` writes are the text's own, not introduced
        written = {var} | {str(s) for s in getattr(target, "free_symbols", ())}
        # and the parameters of the function it differentiates (a in `f(x) = a x^2`): `\\frac{df}{dx} = 2x` forgot a
        written |= {str(s) for f in getattr(target, "atoms", lambda *_: ())(sympy.core.function.AppliedUndef)
                    if type(f).__name__ in section.functions
                    for s in getattr(section.functions[type(f).__name__][1], "free_symbols", ())}
        if decimals is None and _introduces(section, meant, claimed, written):
            return Reading(statement, cell, "unchecked", reason=INTRODUCES)
        by = sympy.Symbol(var)
        leaves = {str(s) for s in getattr(target, "free_symbols", ())}
        unknown = bool(leaves) and not leaves & (set(section.definitions) | set(section.inputs))
        if by in claimed.free_symbols and (not section.knows(var) or unknown) and not meant.has(by) and not target.has(
                by):
            # `\\frac{\\partial z}{\\partial s_1} = \\cos(s_1)`: the text has z depend on s_1, which nothing here gives;
            # `\\frac{\\partial (C/C_0)}{\\partial n}` beside a formula in n: C, C_0 are no constants nothing defines
            return Reading(statement, cell, "unchecked", reason=f"nothing in reach says how {section.show(target)} "
                                                                f"depends on {section.show(sympy.Symbol(var))}, which "
                                                                "its right side uses")
        ok = section.same(meant, claimed, decimals, frozenset({var}), approximate)
        if not ok and decimals is None and ROUNDED_DECIMAL.search(right):
            # `(-0.5)\sqrt{754.44}m^{-1.5}`: 6790/9 rounded, the rest exact
            ok = _same_to_its_coefficients(section, meant, claimed, right, figures=3)
        if ok:
            return Reading(statement, cell, "derivative", True)
        if meant == 0 and not section.knows(var) and not claimed.has(by) and claimed.has(target):
            # `y = C x + D u`, then `\\frac{dy}{dt} = -\\frac{1}{\\tau} y`: an ODE in t, which no definition uses, so x
            # and u change with time in a way nothing here says; y is no constant
            return Reading(statement, cell, "unchecked", reason=f"an equation for how {section.show(target)} changes "
                                                                f"with {section.show(by)}, which no definition in "
                                                                "reach uses")
        # `\\tau = t/T`: what tau is made of; `\\dot{y}` changes as y does
        roots = {var} | {str(s) for s in section.expand(by).free_symbols}
        if (constant := _held_constant(section, target, by)):
            # `\\frac{d}{dt}(\\gamma m v) = \\gamma^3 m \\frac{dv}{dt}`: v is a function of t, and gamma may be too
            why = HELD_CONSTANT.format(names=constant, by=section.show(by))
            return Reading(statement, cell, "unchecked", reason=why)
        if (hidden := {str(s) for s in section.expand(target).free_symbols - {by}  # x is no function of x
                       if str(s) not in section.implicit and any((n, root) in section.dependent for root in roots
                              for n in (str(s), re.sub(r"D*Dot(?=sub|$)", "", str(s))))}):
            # `y = \\theta`, then `\\frac{dy}{d\\xi} = z`, where the text writes theta(xi): theta depends on xi in a way
            # no definition says (an ODE's unknown), so y is not constant
            shown = ", ".join(section.show(sympy.Symbol(n)) for n in sorted(hidden))
            why = f"nothing in reach says how {shown} depends on {section.show(by)}, which the text has it depend on"
            return Reading(statement, cell, "unchecked", reason=why)
        if unknowns := sorted(str(s) for s in section.expand(target).free_symbols - {by}
                              if (str(s), "") in section.dependent):
            # `\\frac{d}{dx}(e^x y) = e^x(x+1)^2` beside `y' + y = (x+1)^2`: y is the equation's unknown, no constant
            shown = ", ".join(section.show(sympy.Symbol(n)) for n in unknowns)
            why = (f"the text writes {shown} with a prime, the unknown of a differential equation: nothing in reach "
                   f"says how it depends on {section.show(by)}")
            return Reading(statement, cell, "unchecked", reason=why)
        if meant == 0 and claimed != 0 and not section.knows(var) and not section.implicit and (
                str(target) in section.definitions and not section.expand(target).atoms(sympy.Function)):
            # `\\mathrm{d}A/\\mathrm{d}t = h/2` after an ellipse's `A = \\pi a b`, t a name nothing in reach uses: a
            # constant nobody differentiates but to say it is 0; the text's A is another quantity (the area swept)
            return Reading(statement, cell, "unchecked", reason=CONSTANT_DIFFERENTIATED.format(
                name=section.show(target), by=section.show(by)))
        if meant == 0 and (form := _unread_form(section, target, by)):
            why = UNREAD_FORM.format(name=section.show(target), form=form)
            return Reading(statement, cell, "unchecked", reason=why)
        if (factor := _factor_dropped(section, statement, meant, claimed, by)) is not None:
            return Reading(statement, cell, "unchecked", reason=FACTOR_DROPPED.format(factor=section.show(factor)))
        if estimate := _estimate(section, notation, target, var, claimed, decimals, approximate):
            return Reading(statement, cell, "unchecked", reason=ESTIMATE.format(estimate=estimate))
        if model := _earlier_model(section, target, claimed, cell):
            return Reading(statement, cell, "unchecked", reason=EARLIER_MODEL.format(name=model))
        definition = (f"{section.show(target)} = {section.show(section.definitions[str(target)])}"
                      if str(target) in section.definitions else section.show(target))
        if section.implicit:  # the implicit chain rule: `\\sin\\theta`, theta a function of t
            names = ", ".join(section.show(sympy.Symbol(n)) for n in sorted(section.implicit))
            definition += f" with {names} a function of {section.show(by)}"
        if other is not None and not section.same(meant, other) and section.same(other, claimed, decimals,
                                                                                   approximate=approximate):
            what = ("the total derivative through every path", "the local partial (other inputs held fixed)")
            means_local = notation == "\\partial"
            said, means = (what[0], what[1]) if means_local else (what[1], what[0])
            fix = "\\frac{d}{d}" if means_local else "\\frac{\\partial}{\\partial}"
            return Reading(statement, cell, "derivative", False,
                           f"`{statement}` is {said} ({section.show(other)}), but its notation means {means} "
                           f"({section.show(meant)}); write it with {fix} or say which one you mean")
        return Reading(statement, cell, "derivative", False,
                       f"`{statement}`, but differentiating {definition} gives {section.valued(meant, decimals)}"
                       + _right_side(claimed, decimals))
    except LookupError as exc:
        return Reading(statement, cell, "unchecked", reason=_lookup_reason(exc))


# the spellings that read two ways (a slash before a product, a logarithm before a power, a dot between digits), each
# read as written and otherwise: a claim that holds one way is unchecked with the reason, never reported
TWO_WAYS = ((_slash_left_to_right, SLASH_TWO_WAYS), (_log_of_power, LOG_OF_POWER_TWO_WAYS),
            (_dot_as_thousands, DOT_THOUSANDS_TWO_WAYS))
