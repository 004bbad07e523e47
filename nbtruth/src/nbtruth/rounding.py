"""Arithmetic in a floating-point system of a few digits, as numerical-methods courses show it.

A text that says its arithmetic keeps k significant digits (`em um sistema de ponto flutuante, base decimal, 3 dígitos
e arredondamento`, `using four-digit rounding arithmetic`) rounds each operation's result to k digits: there
`x+(y+z) = 5.26+(9.34+5.04) = 5.26+14.4 = 19.7` holds, where exact arithmetic gives 19.64. A link of numbers is
evaluated here one operation at a time, each result rounded (or chopped, where the text says so), in the order its
brackets give.
"""

from __future__ import annotations

import math
import re
import unicodedata

WORD_DIGITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "dois": 2, "duas": 2, "três": 3, "tres": 3,
               "quatro": 4, "cuatro": 4, "cinco": 5, "seis": 6, "deux": 2, "trois": 3, "quatre": 4, "zwei": 2,
               "drei": 3, "vier": 4, "fünf": 5}
# `3 dígitos e arredondamento`, `four-digit rounding arithmetic`, `3 cifras significativas`, `mit 4 Stellen`
DIGITS = re.compile(r"\b(\d|" + "|".join(WORD_DIGITS) + r")[- ](?:significant[- ])?(?:digits?|d[íi]gitos?|cifras|"
                    r"chiffres|Stellen)\b", re.IGNORECASE)
FLOATING = re.compile(r"\b(?:floating[- ]point|ponto\s+flutuante|punto\s+flotante|virgule\s+flottante|Gleitkomma\w*|"
                      r"rounding|chopping|arredondamento|truncamento|redondeo|truncamiento|arrondi\w*|Rundung)\b",
                      re.IGNORECASE)
CHOPPED = re.compile(r"\b(?:chopping|chopped|truncamento|truncamiento|truncat\w*|troncature)\b", re.IGNORECASE)
TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(\\times|\\cdot|[-+*/()]))")


def digits_stated(text: str) -> tuple[int, bool] | None:
    """(k, chopped) where a text says its arithmetic keeps k significant digits, rounding (or chopping); else None.
    Accents written as combining marks (`di\u0301gitos`, as some editors save them) are the letters they make."""
    text = unicodedata.normalize("NFC", text)
    found = DIGITS.search(text)
    if not found or not FLOATING.search(text):
        return None
    word = found.group(1).lower()
    return (int(word) if word.isdigit() else WORD_DIGITS[word]), CHOPPED.search(text) is not None


def kept(value: float, digits: int, chopped: bool = False) -> float:
    """A value kept to `digits` significant digits, rounded (half away from zero) or chopped."""
    if value == 0 or not math.isfinite(value):
        return value
    scale = 10 ** (digits - 1 - math.floor(math.log10(abs(value))))
    shifted = abs(value) * scale
    kept_digits = math.floor(shifted + 1e-9) if chopped else math.floor(shifted + 0.5 + 1e-9)
    return math.copysign(kept_digits / scale, value)


def evaluated_in_digits(text: str, digits: int, chopped: bool = False) -> float | None:
    """The value of arithmetic on numbers (`5.26+(9.34+5.04)`), each operation's result kept to `digits`; None for
    anything else (a name, a function)."""
    tokens: list[str] = []
    at = 0
    plain = text.replace("\\left", "").replace("\\right", "").strip()
    while at < len(plain):
        m = TOKEN.match(plain, at)
        if not m or m.end() == at:
            return None
        tokens.append(m.group(1) or {"\\times": "*", "\\cdot": "*"}.get(m.group(2), m.group(2)))
        at = m.end()
    try:
        value, rest = _sum(tokens, digits, chopped)
    except (IndexError, ValueError, ZeroDivisionError):
        return None
    return value if not rest else None


def _sum(tokens: list[str], digits: int, chopped: bool) -> tuple[float, list[str]]:
    """Terms joined by + and -, left to right, each partial sum kept to `digits`."""
    value, tokens = _product(tokens, digits, chopped)
    while tokens and tokens[0] in "+-":
        sign, (term, tokens) = tokens[0], _product(tokens[1:], digits, chopped)
        value = kept(value + term if sign == "+" else value - term, digits, chopped)
    return value, tokens


def _product(tokens: list[str], digits: int, chopped: bool) -> tuple[float, list[str]]:
    """Factors joined by * and /, left to right, each partial result kept to `digits`."""
    value, tokens = _factor(tokens, digits, chopped)
    while tokens and tokens[0] in "*/":
        op, (factor, tokens) = tokens[0], _factor(tokens[1:], digits, chopped)
        value = kept(value * factor if op == "*" else value / factor, digits, chopped)
    return value, tokens


def _factor(tokens: list[str], digits: int, chopped: bool) -> tuple[float, list[str]]:
    """A number, a signed factor or a bracket."""
    head, rest = tokens[0], tokens[1:]
    if head == "(":
        value, rest = _sum(rest, digits, chopped)
        if not rest or rest[0] != ")":
            raise ValueError("an unclosed bracket")
        return value, rest[1:]
    if head == "-":
        value, rest = _factor(rest, digits, chopped)
        return -value, rest
    return float(head), rest
