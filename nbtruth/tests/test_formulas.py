"""Formulas against SymPy: right ones pass, each kind of wrong one fails with what SymPy computed."""

from __future__ import annotations

import pytest
from nbtruth.formulas import Section, _unname, parse, read_statement
from nbtruth.notebook import parse_number

from nbtruth import check_notebook

from .factories import md

CHAIN = "# Chain\n\nLet $y = x + 1$ and $z = y^2$. "


def formula_problems(notebook, text):
    """The formula and number problems of a one-cell notebook, and its coverage."""
    problems, coverage = check_notebook(notebook(md(text)))
    return [p for p in problems if p.check in ("formula", "number")], coverage


def right_then_wrong(notebook, text: str, symbolic: int, right: str, wrong: str):
    """Check that `text` passes with `symbolic` claims checked by SymPy, and that replacing `right` by
    `wrong` makes exactly one claim fail; return that problem."""
    problems, coverage = formula_problems(notebook, text)
    assert problems == [] and coverage.symbolic == symbolic, (problems, coverage)
    problems, _ = formula_problems(notebook, text.replace(right, wrong))
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("claim", [
    r"$\frac{dz}{dy} = 2y$", r"$\frac{dz}{dx} = 2(x+1)$", r"$\frac{dz}{dx} = 2y \cdot 1 = 2(x + 1)$",
    r"$(x+1)^2 = x^2 + 2x + 1$", r"$z = (x+1)^2$", r"At $x = 3$, $\frac{dz}{dx} = 8$.",
])
def test_a_true_claim_passes_and_is_counted(notebook, claim):
    problems, coverage = formula_problems(notebook, CHAIN + claim)
    assert problems == [] and coverage.symbolic >= 1, coverage


@pytest.mark.parametrize(("claim", "computed"), [
    (r"$\frac{dz}{dy} = 3y$", "differentiating z = y^{2} gives 2 y"),  # a changed coefficient
    (r"$\frac{dz}{dx} = (x+1)$", "gives 2 x + 2"),  # a dropped factor
    (r"$\frac{dz}{dx} = -2(x+1)$", "gives 2 x + 2"),  # a wrong sign
    (r"$\frac{dz}{dx} = 2x$", "gives 2 x + 2"),  # the derivative with respect to the wrong variable
    (r"$(x+1)^2 = x^2 + x + 1$", "the left side is"),
    (r"At $x = 3$, $\frac{dz}{dx} = 9$.", "gives 2 x + 2"),
])
def test_a_wrong_claim_fails_with_what_sympy_computed(notebook, claim, computed):
    problems, _ = formula_problems(notebook, CHAIN + claim)
    assert len(problems) == 1 and computed in problems[0].message, problems
    assert problems[0].cell == 0 and "under '# Chain'" in problems[0].message


def test_the_message_quotes_the_claim_and_the_result():
    section = Section()
    for statement in ("y = x + 1", "z = y^2"):
        read_statement(section, statement, 0)
    reading = read_statement(section, r"\frac{dz}{dy} = 3y", 0)
    assert reading.message == r"`\frac{dz}{dy} = 3y`, but differentiating z = y^{2} gives 2 y"


ADJOINT = ("# Shared nodes\n\nLet $a = 2x$, $b = a + x$ and $L = a b$: $a$ reaches $L$ directly and through $b$. ")


def test_local_and_total_derivatives_are_told_apart(notebook):
    problems, _ = formula_problems(notebook, ADJOINT + r"$\frac{\partial L}{\partial a} = b$, "
                                                       r"$\frac{dL}{da} = a + b$.")
    assert problems == []


def test_a_claim_that_means_the_other_reading_is_reported_as_that_ambiguity(notebook):
    # The total derivative (every path, b recomputed) written with the notation of the local partial.
    problems, _ = formula_problems(notebook, ADJOINT + r"$\frac{\partial L}{\partial a} = a + b$.")
    assert len(problems) == 1, problems
    message = problems[0].message
    assert "is the total derivative through every path (2 a + x)" in message  # a + b, with b = a + x
    assert "its notation means the local partial (other inputs held fixed) (b)" in message


def test_functions_and_primes(notebook):
    text = (r"# Sigmoid" "\n\n" r"$\sigma(x) = \frac{1}{1+e^{-x}}$, so $\sigma'(x) = \sigma(x)(1-\sigma(x))$ "
            r"and $\sigma'(0) = 0.25$; $\frac{d\sigma}{dx} = \sigma(x)(1-\sigma(x))$; $\sigma' = \sigma(1-\sigma)$.")
    assert right_then_wrong(notebook, text, 4, "= 0.25", "= 0.5").check == "number"


def test_decorated_and_subscripted_names(notebook):
    text = (r"# Loss" "\n\n" r"$L = (\hat{y}_i - y_i)^2$ gives $\frac{\partial L}{\partial \hat{y}_i} = "
            r"2(\hat{y}_i - y_i)$.")
    assert r"\hat{y}" in right_then_wrong(notebook, text, 1, "2(", "-2(").message


@pytest.mark.parametrize("text", [
    r"$\Delta\phi + \Delta\theta = 2\pi$",  # a relation between names nothing defines
    r"$\nabla_x L = W^\top \bar{y}$",  # matrix calculus
    r"$\bar{v} = \sum_i \bar{u}_i \frac{\partial u_i}{\partial v}$",  # a sum over indices
    r"$\frac{\partial L}{\partial w} = 3$",  # L is not defined in reach
])
def test_what_cannot_be_checked_is_counted_not_failed(notebook, text):
    problems, coverage = formula_problems(notebook, "# Prose\n\n" + text)
    assert problems == [] and coverage.unchecked == 1 and coverage.symbolic == 0, coverage


def test_definitions_reach_later_sections_but_inputs_do_not(notebook):
    # z = y^2 of the first section is the notebook's z in the second; its x = 3 is not the second's.
    path = notebook(md(CHAIN + r"At $x = 3$, $\frac{dz}{dx} = 8$."),
                    md("# Another section\n\n" + r"$\frac{dz}{dy} = 3y$, and $\frac{dz}{dx} = 8$"))
    problems, coverage = check_notebook(path)
    assert [p.cell for p in problems] == [1] and "gives 2 y" in problems[0].message, problems
    assert coverage.unchecked == 1  # the second dz/dx = 8: no input of that section gives x


def test_a_later_section_may_redefine_a_name_for_its_own_example(notebook):
    path = notebook(md(CHAIN), md("# Another example\n\n" + r"Now $z = y^3$, so $\frac{dz}{dy} = 3y^2$."))
    assert check_notebook(path)[0] == []


def test_an_exercises_sections_definitions_end_with_it(notebook):
    path = notebook(md(CHAIN), md("## Exercises\n\n" + r"Change $z$ to $y^3$: $\frac{dz}{dy} = 3y^2$."),
                    md("# After\n\n" + r"$\frac{dz}{dy} = 2y$"))
    problems, coverage = check_notebook(path)
    assert problems == [] and coverage.symbolic == 2, (problems, coverage)


def test_the_chain_rule_written_with_derivatives_on_the_right(notebook):
    chain_rule = r"$\frac{dz}{dx} = \frac{dz}{dy}\frac{dy}{dx} = 2y \cdot 1$"
    right_then_wrong(notebook, CHAIN + chain_rule, 1, r"\frac{dz}{dy}\frac{dy}{dx}", r"\frac{dz}{dy} + \frac{dy}{dx}")


SWEEP = ("# Backward\n\nTake $x=2$, $y=3$, $a = x y$, $b = a + x$, $L = a b$. ")


def test_adjoint_notation_makes_each_barred_value_a_checked_claim(notebook):
    text = (r"Write $\bar{v} = \frac{dL}{dv}$. " + SWEEP +
            r"$\bar{a} = \bar{L}\frac{\partial L}{\partial a} + \bar{b}\frac{\partial b}{\partial a} = 1 \cdot 8 "
            r"+ 6 \cdot 1 = 14$ and $\bar{x} = 48$.")
    right_then_wrong(notebook, text, 2, "= 14$", "= 8$")  # 8: the local partial's value


def test_an_adjoint_defined_with_partials_is_the_ambiguity_students_trip_over(notebook):
    problems, _ = formula_problems(notebook, r"# Rule" "\n\n" r"Write $\bar{v} = \partial L / \partial v$.")
    assert len(problems) == 1 and "the adjoint is the total derivative through every path" in problems[0].message


def test_primes_of_elementary_functions(notebook):
    right_then_wrong(notebook, r"# Tanh" "\n\n" r"$\tanh'(x) = 1 - \tanh^2 x$, $\tanh'(0) = 1$", 2, "1 -", "1 +")


@pytest.mark.parametrize(("name", "latex"), [
    ("x", "x"), ("alpha", "\\alpha"), ("vbar", "\\bar{v}"), ("yhatsubi", "\\hat{y}_{i}"),
    ("Wsub1", "W_{1}"), ("thetatildesubk", "\\tilde{\\theta}_{k}"), ("x_1", "x_1"),
])
def test_messages_write_names_back_as_the_author_typed_them(name, latex):
    assert _unname(name) == latex


@pytest.mark.parametrize(("right", "wrong"), [
    (r"$2^{-53} \approx 1.1 \times 10^{-16}$", r"$2^{-53} \approx 1.5 \times 10^{-16}$"),
    (r"$32 \cdot 10 + 32 + 32 + 1 = 385$", r"$32 \cdot 10 + 32 + 32 + 1 = 386$"),
    # An integer after \approx is rounded to its last nonzero digit (1469.77 is about 1470, not 1480).
    (r"$1.2^{40} \approx 1470$", r"$1.2^{40} \approx 1480$"),
    (r"$1.2^{40} \approx 1470$", r"$1.2^{40} \approx 1460$"),
    # Off by a factor of ten at a size where an absolute slack of 1e-12 would have let it pass.
    (r"$0.0000001^2 = 0.00000000000001$", r"$0.0000001^2 = 0.0000000000001$"),
])
def test_arithmetic_on_numbers_alone_is_checked_to_the_digits_written(notebook, right, wrong):
    problem = right_then_wrong(notebook, "# Rounding\n\n" + right, 1, right, wrong)
    assert problem.check == "number" and "the left side is" in problem.message


def test_arithmetic_is_not_a_result_the_code_must_print(notebook):
    # Style on: a stated result must be printed, but the text's own arithmetic needs no code.
    problems, coverage = check_notebook(notebook(md("# Rounding\n\nEach addition rounds by at most "
                                                    "$2^{-53} \\approx 1.1 \\times\n10^{-16}$ relative.")),
                                        settings={"style": True})
    assert [p for p in problems if p.check in ("prose claim", "number")] == [] and coverage.symbolic == 1


def test_a_number_written_across_a_line_break_is_read_whole():
    value, decimals = parse_number("1.1 \\times\n10^{-16}")
    assert value == pytest.approx(1.1e-16) and decimals == 17


def test_the_place_a_claim_is_made_at_states_nothing(notebook):
    # `at $x = 3$` names where the slope is taken: no claim, no input, not counted among what states something.
    problems, coverage = formula_problems(notebook, CHAIN + r"The slope $\frac{dz}{dy} = 2y$ at $y = 4$.")
    assert problems == [] and coverage.stating == 1 and coverage.checked == 1, coverage


@pytest.mark.parametrize("chain", [r"$y = 2b + 1 = 7$", r"$x = 6/2b = 1$", r"$F = m a = 2 \cdot 3 = 6$"])
def test_a_chain_that_names_its_result_is_checked_not_unchecked(notebook, chain):
    # Its first link gives a new name what the checked links compute: the statement was checked (it was counted
    # unchecked, as "names nothing defines", while a wrong last link was reported).
    text = "Let $b = 3$, $m = 2$ and $a = 3$. Then " + chain + "."
    problems, coverage = formula_problems(notebook, text)
    assert problems == [] and coverage.stating == 1 and coverage.checked == 1, coverage
    wrong = chain[:-2] + str(int(chain[-2]) + 1) + "$"
    problems, coverage = formula_problems(notebook, text.replace(chain, wrong))
    assert len(problems) == 1 and wrong[-3] in problems[0].message, problems


@pytest.mark.parametrize("claim", [r"$bc = 7$", r"$y = bc = 7$", r"$F = ma = 7$"])
def test_letters_written_together_whose_each_letter_has_a_value_are_their_product(notebook, claim):
    # `bc`, after b and c are given, is b times c: a claim about it is checked, not a new name `bc` given 7.
    text = "With $b = 2$, $c = 3$, $m = 2$ and $a = 3$, " + claim + "."
    problems, _ = formula_problems(notebook, text)
    assert len(problems) == 1 and "which is 6 here" in problems[0].message, problems
    problems, coverage = formula_problems(notebook, text.replace("7$", "6$"))
    assert problems == [] and coverage.checked == 1, coverage


def test_a_name_of_two_letters_not_each_given_a_value_is_a_name(notebook):
    problems, coverage = formula_problems(notebook, "With $t = 2$, the step $dt = 0.5$ gives $N = t/dt = 4$ steps.")
    assert problems == [] and coverage.checked == 1, coverage


def test_a_condition_ends_with_its_sentence(notebook):
    # `At $x = 3$` opens the next paragraph: the display before it is a claim (checked), x = 3 an input.
    text = CHAIN + "$$\\frac{dz}{dx} = 2(x + 1) .$$\n\nAt $x = 3$ this is $\\frac{dz}{dx} = 8$."
    problem = right_then_wrong(notebook, text, 2, "2(x + 1) .$$", "2(x + 2) .$$")
    assert "gives 2 x + 2" in problem.message and problem.cell == 0


def test_an_example_introduced_with_for_is_defined_whatever_follows(notebook):
    text = "# Reset\n\nFor $L = w^2$ at a fixed $w = 3$ the gradient is $2w = 6$."
    right_then_wrong(notebook, text, 1, "2w = 6", "2w = 5")


def test_a_definition_in_words_replaces_an_earlier_one(notebook):
    # Section 2's exercise changes L; its claim holds of the new L (the local partial, a and b held fixed).
    text = (r"Change $L$ to $a\,b\,x$. Now $\frac{\partial L}{\partial x} = a b$.")
    cells = [md(ADJOINT), md("## Exercises\n\n" + text)]
    assert check_notebook(notebook(*cells))[0] == []
    wrong = [md(ADJOINT), md("## Exercises\n\n" + text.replace("= a b$", "= a$"))]
    problems = check_notebook(notebook(*wrong))[0]
    assert len(problems) == 1 and problems[0].cell == 1 and "gives a b" in problems[0].message, problems


def test_a_derivative_written_inside_a_side_is_computed(notebook):
    text = (r"# Tanh" "\n\n" r"Let $\sigma(x) = \frac{1}{1 + e^{-x}}$, so $\tanh'(x) = 4\sigma'(2x)$.")
    problem = right_then_wrong(notebook, text, 1, r"4\sigma'(2x)", r"2\sigma'(2x)")
    assert "differentiating the definition gives 1 - \\tanh^{2}" in problem.message


def test_a_name_that_depends_on_another_is_not_its_product(notebook):
    # `x = x(t)` says x is a function of t: an ODE about it is an equation for x, not a false identity.
    text = r"# ODE" "\n\n" r"With $x = x(t)$ and $v = \frac{dx}{dt}$, $\frac{dv}{dt} = -x$."
    problems, coverage = formula_problems(notebook, text)
    assert problems == [] and coverage.unchecked == 1, (problems, coverage)


def test_an_equation_with_a_side_in_words_describes_and_states_nothing(notebook):
    problems, coverage = formula_problems(notebook, r"# Levels" "\n\n" r"The level curves are $x + y = \text{const}$.")
    assert problems == [] and coverage.stating == 0 and coverage.definitions == 1, coverage


@pytest.mark.parametrize("latex", [r"\sqrt{0.5^2+0.5^2}", r"2x + 3 - x", r"\frac{1}{\sqrt{2}}"])
def test_a_parse_read_back_from_the_cache_file_is_the_parse_itself(tmp_path, monkeypatch, latex):
    # a second `make test` reads the first run's parses: evaluated on the way back they changed its messages and
    # its verdicts (`\sqrt{0.5^2+0.5^2}` came back as 0.707)
    import sympy

    from nbtruth import formulas

    monkeypatch.setattr(formulas, "PARSED", {})
    fresh = formulas._parse_latex(latex)
    formulas.save_parses(formulas.parses_file(tmp_path, "gw0"))
    monkeypatch.setattr(formulas, "PARSED", {})
    formulas.load_parses(tmp_path)
    assert sympy.srepr(formulas.PARSED[latex]) == sympy.srepr(fresh)


@pytest.mark.parametrize(("written", "same_as"), [
    (r"Q_1 - |Q_2| + |Q_2| - T_0 |Q_2|/T_2", r"Q_1 - T_0 {|Q_2|}/T_2"),  # Termodinamica, round 43
    (r"|Q_1 - \eta |Q_{u1}| T_2|", r"{|Q_1 - \eta T_2 {|Q_{u1}|}|}"),  # a bar inside, after an operator
    (r"|a| b |c|", r"b \cdot {|a|} \cdot {|c|}"),  # two, a product between
    (r"|a - b| |c|", r"{|c|} \cdot {|a - b|}"),
])
def test_absolute_value_bars_pair_by_what_stands_beside_them(written, same_as):
    """A bar closes after an operand while one is open, unless an operand follows where an operator stands inside."""
    assert (parse(written) - parse(same_as)).expand() == 0


@pytest.mark.parametrize(("text", "right", "wrong"), [
    (r"$$\sum_{k=1}^{5} k^2 = 55$$", "55", "56"),  # a finite sum, to its number
    (r"$$\sum_{k=0}^{3} 2^k = 15$$", "15", "16"),  # a power in its index
    (r"$$\sum_{k=1}^{n} k = \frac{n(n+1)}{2}$$", "n+1", "n-1"),  # a closed form in its bound
    (r"$$\sum_{m = 1}^{\infty} x^m = \frac{x}{1-x}$$", r"\frac{x}", r"\frac{1}"),  # a series where it converges
    (r"$$\sum_{n=1}^{\infty} \frac{1}{n^2} = \frac{\pi^2}{6}$$", "6}", "8}"),
    (r"$$\sum_{x=0}^{\infty} \frac{\lambda^x e^{-\lambda}}{x!} = 1$$", "= 1", "= 2"),  # Euler's e in it
    (r"With $N = 10$, $$S = \sum_{k=1}^{N} k = 55$$", "55", "56"),  # a bound a definition gives
    (r"$$\frac{1}{1-q} = \sum_{k=0}^{\infty} q^k$$", r"\frac{1}", r"\frac{2}"),  # the sum on the right
])
def test_a_sum_of_a_formula_in_its_index_is_computed(notebook, text, right, wrong):
    """A sum with both bounds whose terms are a formula in its index is a number or a closed form, whatever else the
    text defines: a wrong value is a wrong claim, not a relation between names (round 71's plant 07 was unchecked)."""
    right_then_wrong(notebook, text, 1, right, wrong)


@pytest.mark.parametrize("text", [
    r"$$\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i = 4$$",  # a family's terms, which the formula does not give
    r"$$\sum_{k=1}^{n} a^{(k)} = 3$$",  # a superscript that labels
    r"$$\sum_{k=0}^{n} y(k) = 2$$",  # a function of the index nothing defines
])
def test_a_sum_of_terms_the_formula_does_not_give_is_not_worked_out(notebook, text):
    problems, coverage = formula_problems(notebook, text)
    assert problems == [] and coverage.symbolic == 0, (problems, coverage)
