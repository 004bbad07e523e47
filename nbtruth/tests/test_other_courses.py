"""What other courses write (issue 24): each class of false problem is gone at its cause, and what the
checker cannot decide is counted unchecked with a reason; planted errors in the same styles are caught."""

from __future__ import annotations

import pytest
from nbtruth.formulas import readings
from nbtruth.notebook import Context, read_notebook

from nbtruth import check_notebook

from .factories import code, md


def problems_of(notebook, *cells) -> list:
    """Every truth problem in a notebook of these cells."""
    return check_notebook(notebook(*cells))[0]


def reasons(path) -> list[str]:
    """The reason given for every unchecked statement of a notebook."""
    return [r.reason for _, r in readings(Context(path, read_notebook(path))) if r.kind == "unchecked"]


@pytest.mark.parametrize("text", [
    # a function redefined for a new example in the same section
    r"# Examples" "\n\n" r"Take $f(x) = \sin(x)$, so $f'(x) = \cos(x)$. Now $f(x) = e^{x}$: $f'(x) = e^{x}$.",
    # conditions in prose: a boundary value, and the place it holds at
    "# Laplace\n\nBoundary conditions:\n\n$p=0$ at $x=0$\n\n$p=y$ at $x=2$\n\n"
    r"$\frac{\partial p}{\partial y}=0$ at $y=0$",
    # products of matrices by juxtaposition
    r"# Identity" "\n\n" r"For any square matrix, $MI = IM = M$.",
    # iteration superscripts and recurrences, with {\bf ...}
    r"# CG" "\n\n" r"$${\bf r}^{k+1} = {\bf r}^k - \alpha A {\bf d}^k$$ and $x^{k+1} = x^k - h x^k$",
    # a parameter set in code: a chained number is not claimed for every value of it
    "# Trammel\n\nThe radius is $r = 48 = 3z_t$.",
    # a relation that introduces names (real and imaginary parts), with j the imaginary unit
    r"# Potential" "\n\n" r"Here $j^2 = -1$, $z = re^{j\theta}$ and $w = j\ln z$, so "
    r"$$w = -\theta + j\ln r = \phi + j\psi$$ and $\frac{dw}{dz} = u - jv$.",
    # quantities with units
    r"# Rocket" "\n\n" r"$m_s = 50kg$, $g = 9.81 \frac{m}{s^2}$, $T = 100{\rm C}$ and $r = 0.5 m$.",
])
def test_what_other_courses_write_gives_no_false_problem(notebook, text):
    assert problems_of(notebook, md(text)) == []


def test_what_cannot_be_decided_is_counted_unchecked_with_its_reason(notebook):
    path = notebook(md(r"# CG" "\n\n" r"$x^{k+1} = x^k - h x^k$, $MI = IM$, and $p = y$ at $x = 2$."))
    found = reasons(path)
    assert any("recurrence" in r for r in found) and any("capitals" in r for r in found)
    assert any("condition" in r for r in found)


@pytest.mark.parametrize(("text", "right", "wrong"), [
    (r"$\frac{d}{dx} x^2 = 2x$", "2x$", "3x$"),  # an explicit expression needs no definition
    (r"$\frac{d}{dx}[3x^2 - 4x] = 6x - 4$", "- 4$", "+ 4$"),  # square brackets
    (r"$\frac{d}{dx}\left( x^3 \right) = 3x^2$", "3x^2$", "3x^3$"),  # \left( ... \right)
    (r"At $x = 0$ the slope vanishes. With $f(x) = x^2$, $f'(x) = 2x$.", "2x$", "2x^2$"),  # a stray x = 0
    (r"$f(x, y) = x^2 y$, so $\frac{\partial f}{\partial x} = 2xy$", "2xy$", "2x$"),  # two variables
    (r"$u = f(x) = x^3$, so $f'(x) = 3x^2$", "3x^2$", "3x$"),  # u = f(x) = ... defines f too
    (r"$g(x) = x^3$, so $g''(x) = 6x$", "6x$", "3x$"),  # a second derivative
    (r"$y = x + 1$, so $|y|^2 = (x+1)^2$", "= (x+1)^2", "= (x-1)^2"),  # absolute values
    ("$$\\begin{align} z &= (x+1)^2 \\\\ &= x^2 + 2x + 1 \\\\ \\frac{dz}{dx} &= 2x + 2 \\end{align}$$",
     "&= 2x + 2", "&= 2x + 1"),  # an align environment: the derivative on its own line
    ("$$\\begin{aligned} z &= (x+1)^2 \\\\ &= x^2 + 2x + 1 \\end{aligned}$$", "+ 2x + 1", "+ 3x + 1"),  # a link
])
def test_planted_errors_in_what_courses_write_are_caught(notebook, text, right, wrong):
    assert problems_of(notebook, md("# D\n\n" + text)) == []
    assert len(problems_of(notebook, md("# D\n\n" + text.replace(right, wrong)))) == 1


def test_an_align_continuation_is_a_link_not_an_empty_statement(notebook):
    path = notebook(md("# D\n\n$$\\begin{align} z &= (x+1)^2 \\\\ &= x^2 + 2x + 1 \\end{align}$$"))
    found = [r for _, r in readings(Context(path, read_notebook(path)))]
    assert [r.kind for r in found] == ["definition"] or all(r.statement.startswith("z") for r in found)
    assert not any(r.statement.lstrip().startswith("=") for r in found)


@pytest.mark.parametrize(("claim", "ok"), [
    (r"$\epsilon = 0.0000001$, then $\epsilon^2 = 0.00000000000001$", True),
    (r"$\epsilon = 0.0000001$, then $\epsilon^2 = 0.0000000000001$", False),  # off by a factor of ten
    (r"$a = 351.4$, so $a^2 = 1.23 \times 10^{5}$", True),  # three significant figures match to three
    (r"$a = 351.4$, so $a^2 = 1.24 \times 10^{5}$", False),
])
def test_numbers_match_to_the_digits_written(notebook, claim, ok):
    assert (problems_of(notebook, md("# N\n\n" + claim)) == []) is ok


@pytest.mark.parametrize(("source", "printed", "ok"), [
    ("print(x)  # 3.49", "3.4851\n", True),  # a rounded value, to the digits written
    ("print(x)  # 3.48", "3.4851\n", False),
    ("print(x)  # tensor([1., 2.])", "tensor([1.0000, 2.0000])\n", True),
    ("print(x.shape)  # shape", "torch.Size([3])\n", True),  # one word is a remark
    ("print(1); print(2)  # 2", "1\n2\n", True),  # the comment belongs to the line's last print
    ("print(1); print(2)  # 3", "1\n2\n", False),
    ('print("a\\d")  # 2', "a\\d\n", False),  # an invalid escape does not hide the cell, even under -W error
    # twentieth outsider, Chem563 RandVar: math that names the printed value is no expected output
    ("print(s.pmf(5))  # P(X = 5)", "0.24609375000000025\n", True),
    ("print(s.cdf(5))  # P(X <= 5)", "0.623046875\n", True),
    ("print(p)  # P(X = 5) = 0.25", "P(X = 5) = 0.246\n", True),
    ("print(p)  # P(X = 5) = 0.28", "P(X = 5) = 0.246\n", False),
])
def test_expected_output_comments_compare_numbers_and_ignore_remarks(notebook, source, printed, ok):
    with _warnings_as_errors():
        assert (problems_of(notebook, md("# O"), code(source, printed)) == []) is ok


class _warnings_as_errors:
    """A context that turns warnings into errors, as `pytest -W error` does."""

    def __enter__(self) -> None:
        import warnings
        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)
