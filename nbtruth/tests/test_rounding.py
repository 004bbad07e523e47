"""Arithmetic in a floating-point system of a few digits (`nbtruth.rounding`), as numerical-methods courses state it."""

from __future__ import annotations

import pytest
from nbtruth.rounding import digits_stated, evaluated_in_digits, kept


@pytest.mark.parametrize(("text", "stated"), [
    ("em um sistema de ponto flutuante, base decimal, 3 dígitos e arredondamento", (3, False)),
    ("Use four-digit rounding arithmetic to compute", (4, False)),
    ("using three-digit chopping arithmetic", (3, True)),
    ("en un sistema de punto flotante con 5 cifras y redondeo", (5, False)),
    ("base decimal, 3 di\u0301gitos e arredondamento", (3, False)),  # the accent as a combining mark
    ("The answer has 3 digits.", None),  # digits without a floating-point system: no arithmetic stated
    ("floating-point numbers are stored in binary", None),
])
def test_the_arithmetic_a_text_states_is_read(text, stated):
    """The digits and the rounding a sentence gives its arithmetic, in several languages; none where it gives none."""
    assert digits_stated(text) == stated


def test_values_are_kept_to_their_significant_digits():
    """Rounding is half away from zero at the last kept digit; chopping drops what is beyond it."""
    assert kept(19.64, 3) == pytest.approx(19.6)
    assert kept(19.66, 3) == pytest.approx(19.7)
    assert kept(-0.0012345, 2) == pytest.approx(-0.0012)
    assert kept(2.0 / 3.0, 4, chopped=True) == pytest.approx(0.6666)
    assert kept(2.0 / 3.0, 4) == pytest.approx(0.6667)


def test_each_operation_is_kept_in_the_order_the_brackets_give():
    """`(x + y) + z` and `x + (y + z)` differ in three digits, which is the lesson such texts teach."""
    assert evaluated_in_digits("(5.26 + 9.34) + 5.04", 3) == pytest.approx(19.6)
    assert evaluated_in_digits("5.26+(9.34+5.04)", 3) == pytest.approx(19.7)
    assert evaluated_in_digits("2 \\times 3.14159 - 1", 3) == pytest.approx(5.28)
    assert evaluated_in_digits("-(1.5 + 2) / 7", 2) == pytest.approx(-0.5)


@pytest.mark.parametrize("text", ["x + 1", "\\sqrt{2}", "(1 + 2", "1 + ", ""])
def test_anything_but_arithmetic_on_numbers_has_no_value(text):
    """A name, a function, an unclosed bracket or a dangling sign is no arithmetic this reads."""
    assert evaluated_in_digits(text, 3) is None
