"""Dollars paired as Jupyter's renderer pairs them (`nbtruth.delimiters`): a course's stray `$` is text, and the math
after it is read as the student sees it."""

from __future__ import annotations

import pytest
from nbtruth.delimiters import escape_unpaired

from nbtruth import check_notebook

from .factories import md


@pytest.mark.parametrize(("source", "escaped"), [
    # a lone `$` before a blank line is text; the spans after it pair among themselves
    ("sendo $x$ e $y(x)4 a função\n\n$y'' = x$ é uma EDO", "sendo $x$ e \\$y(x)4 a função\n\n$y'' = x$ é uma EDO"),
    ("a $x$\n  \n b $y", "a $x$\n  \n b \\$y"),  # a blank line of spaces is one too
    # `$$` inside an inline span is no delimiter: the span goes on to the next `$`
    ("$P\\Bigg)$$\\underline{P}$ then $q$", "$P\\Bigg)\\$\\$\\underline{P}$ then $q$"),
    ("$\\text{costs $5}$", "$\\text{costs \\$5}$"),  # a `$` inside braces closes nothing
    ("a `echo $HOME` b $x$", "a `echo $HOME` b $x$"),  # a code span's dollar is code
    ("```sh\necho $HOME\n```\n$x$", "```sh\necho $HOME\n```\n$x$"),
    ("$$\na = 1\n$$", "$$\na = 1\n$$"),  # a display over several lines, no blank one
    ("\\begin{align} a &= \\$1 \\end{align}", "\\begin{align} a &= \\$1 \\end{align}"),
    ("costs \\$5 and $x$", "costs \\$5 and $x$"),  # an escaped dollar stays as written
    ("no math here", "no math here"),
])
def test_a_dollar_the_renderer_shows_as_text_is_escaped(source, escaped):
    """Only the dollars Jupyter leaves as text change; every span it renders keeps its delimiters."""
    assert escape_unpaired(source) == escaped


STRAY_DOLLAR = (  # tiagoburiol's NUMETHODS, 8.1 (Portuguese): a typo `$y(x)4` for `$y(x)$`
    "Uma equação diferencial ordinária relaciona uma função $y(x)$ e suas derivadas, sendo $x$ a variável "
    "independente e $y(x)4 a função incógnita.\n\nPor exemplo:\n\n$ y'' -4y' + 3y = x$ é uma EDO de ordem 2",
    "Por exemplo, a equação diferencial\n\n$$y' = -x y$$\n\ntem solução\n\n$$ y = c \\, e^{\\frac{-x^2}{2}}$$\n\n"
    "com $c$ constante, pois\n\n$$ y' = c \\, e^{\\frac{-x^2}{2}}(-x) = -xy$$",
)


def test_a_stray_dollar_lets_no_prose_into_the_math_after_it(notebook):
    """The Portuguese `é` after a stray `$` stayed prose: Euler's e is a number, and the derivative holds; a wrong
    one is still caught."""
    assert check_notebook(notebook(*map(md, STRAY_DOLLAR)))[0] == []
    wrong = (STRAY_DOLLAR[0], STRAY_DOLLAR[1].replace("= -xy$$", "= -2xy$$"))
    assert len(check_notebook(notebook(*map(md, wrong)))[0]) == 1
