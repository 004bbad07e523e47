"""A course's own LaTeX macros (`\\newcommand` in a markdown cell, a Jupyter Book's `_config.yml`) are read as the
page renders them: the fourteenth tester's mechanics course wrote `\\ci` for i and `\\eexp{x}` for e^x."""

from __future__ import annotations

from nbtruth.formulas import readings
from nbtruth.macros import definitions, expand
from nbtruth.notebook import Context, read_notebook

from nbtruth import check_notebook

from .factories import md

MACROS = md(r"$\newcommand{\ci}[0]{\text{i}}$ $\newcommand{\eexp}[1]{\text{e}^{#1}}$ $\def\half{\frac12}$")
IMPEDANCE = (r"## Impedance" "\n\n"
             r"$$Z = \frac{A}{p + \ci q}\frac{p - \ci q}{p - \ci q} = \frac{A(p - \ci q)}{p^2 + q^2}.$$")
ENERGY = (r"## Energy" "\n\n"
          r"Let $U(x) = -C x^n \eexp{-a x}$. Then $U'(x) = -C n x^{n-1}\eexp{-ax} {sign} C a x^n \eexp{-a x}$.")


def test_a_notebooks_own_macros_are_expanded_where_they_are_used(notebook):
    cells = [MACROS, md(IMPEDANCE), md(ENERGY.replace("{sign}", "+"))]
    path = notebook(*cells)
    assert check_notebook(path)[0] == []
    statements = {r.statement: r.ok for _, r in readings(Context(path, read_notebook(path)))}
    assert True in statements.values() and not any(r"\ci" in s or "eexp" in s for s in statements), statements
    # a sign changed in the derivative of the macro-written definition is caught
    cells[2] = md(ENERGY.replace("{sign}", "-"))
    problems = check_notebook(notebook(*cells))[0]
    assert len(problems) == 1 and "U'(x)" in problems[0].message, problems


def test_the_house_style_pairing_compares_the_notebook_as_written(notebook):
    """The .py twin holds the macros, not what they expand to: pairing is not broken by reading the math."""
    path = notebook(MACROS, md(IMPEDANCE), paired=True)
    assert [p for p in check_notebook(path, settings={"style": True})[0] if p.check == "pairing"] == []


def test_macros_with_arguments_an_optional_one_and_macros_inside_macros():
    found, rest = definitions(r"$\newcommand{\pde}[2]{\frac{\partial {#1}}{\partial {#2}}}$ "
                              r"$\renewcommand\di{\text{d}}$ $\newcommand{\ode}[2]{\frac{\di {#1}}{\di {#2}}}$ "
                              r"$\newcommand{\R}[1][n]{\mathbb{R}^{#1}}$ $\DeclareMathOperator{\tr}{tr}$ text")
    assert rest.strip().endswith("text") and "newcommand" not in rest
    assert expand(r"\pde u x = \ode{y}{t} \in \R \R[m] \tr A", found) == (
        r"\frac{\partial {u}}{\partial {x}} = \frac{\text{d} {y}}{\text{d} {t}} \in \mathbb{R}^{n} \mathbb{R}^{m} "
        r"\operatorname{tr} A")


def test_a_jupyter_books_config_macros_are_read(tmp_path, notebook):
    """stats305b (thirteenth tester) defines `\\E` and `\\Var` for MathJax in `_config.yml`, not in its notebooks."""
    (tmp_path / "_config.yml").write_text(
        "sphinx:\n  config:\n    mathjax3_config:\n      tex:\n        macros:\n"
        '          "E": "\\\\mathbb{E}"\n          "sq": ["{#1}^2", 1]\n')
    path = notebook(md(r"## Square" "\n\n" r"Let $x = 3$. Then $\sq{x} = 10$."))
    problems = check_notebook(path)[0]
    assert len(problems) == 1 and "x^2" in problems[0].message.replace("{x}", "x"), problems
