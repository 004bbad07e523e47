"""Counterexample hints and named misconceptions, on small functions written here: no kernel, no sandbox."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import torch
from chainrule_course.grading.hints import Case, counterexample, describe, simplicity
from chainrule_course.grading.misconceptions import (
    agree,
    backprop,
    drive,
    evaluate,
    for_test,
    load_library,
    recognise,
)

LIBRARY = Path(__file__).resolve().parent.parent / "assignments" / "misconceptions.toml"


def relu_grad(x):
    return 1.0 if x > 0 else 0.0


def relu_grad_at_zero_one(x):
    return 1.0 if x >= 0 else 0.0


# --- hints ------------------------------------------------------------------------------------------


def test_a_hint_names_the_simplest_input_and_both_values():
    cases = [Case((x,), at=f"x = {x:g}") for x in (2.5, -1.0, 0.0, 0.0001)]
    hint = counterexample(relu_grad_at_zero_one, relu_grad, cases, quantity="relu's gradient")
    assert hint.text() == "at x = 0 your relu's gradient is 1.0, expected 0.0"


def test_a_hint_on_a_graph_names_the_expression_and_the_first_wrong_gradient():
    cases = [
        Case(("s = a * b; s * (s + a)", {"a": 2.0, "b": 3.0}), at="a = 2, b = 3", expression="c = ...", nodes=4),
        Case(("(a + a) + (a + a)", {"a": 1.0}), at="a = 1", expression="c = (a + a) + (a + a)", nodes=3),
        Case(("a * b", {"a": 2.0, "b": 3.0}), at="a = 2, b = 3", expression="c = a * b", nodes=3),
    ]
    overwrite = lambda e, v: backprop(e, v, accumulate=False)  # noqa: E731
    hint = counterexample(overwrite, backprop, cases, quantity="dc/d{key}")
    assert hint.text() == "on c = (a + a) + (a + a) at a = 1, your dc/da is 1.0, expected 4.0"


def test_agreeing_functions_give_no_hint():
    assert counterexample(relu_grad, relu_grad, [Case((x,), at=f"x = {x}") for x in (-1.0, 0.0, 1.0)]) is None


def test_a_student_error_is_named_by_its_standard_kind_only():
    class Secret(Exception):
        pass

    def raises_type_error(x):
        raise TypeError("hidden test text must not appear")

    def raises_own(x):
        raise Secret("nor this")

    case = [Case((1.0,), at="x = 1")]
    assert (
        counterexample(raises_type_error, relu_grad, case).text() == "at x = 1 your answer raised TypeError, "
        "expected 1.0"
    )
    text = counterexample(raises_own, relu_grad, case).text()
    assert "Secret" not in text and "nor this" not in text and "an exception of its own class" in text


def test_cases_the_reference_cannot_answer_are_skipped():
    def reference(x):
        if x < 0:
            raise ValueError("outside the domain")
        return x

    hint = counterexample(lambda x: -x, reference, [Case((-1.0,), at="x = -1"), Case((2.0,), at="x = 2")])
    assert hint.case.at == "x = 2"


def test_the_search_stops_when_the_budget_is_spent():
    calls = []

    def slow(x):
        calls.append(x)
        time.sleep(0.05)
        return x

    cases = [Case((float(i),), at=f"x = {i}") for i in range(50)]
    assert counterexample(slow, lambda x: x + 1, cases, compare=lambda a, b: True, budget_seconds=0.2) is None
    assert len(calls) < 10


def test_simpler_numbers_sort_first():
    cases = [Case((x,), at=str(x)) for x in (0.123, 3.0, 0.5, 0.0, -1.0)]
    assert [c.args[0] for c in sorted(cases, key=simplicity)] == [0.0, -1.0, 3.0, 0.5, 0.123]
    assert simplicity(Case((1.0,), at="", nodes=2)) > simplicity(Case((0.123,), at="", nodes=1))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1, "1.0"),
        (0.1 + 0.2, "0.3"),
        (torch.tensor(2.0), "2.0"),
        (torch.tensor([1.0, -0.5]), "[1.0, -0.5]"),
        (torch.zeros(3, 4), "a tensor of shape (3, 4)"),
        ((1.0, 2.0), "(1.0, 2.0)"),
        ("x" * 500, "a str"),
        (object(), "an object"),
    ],
)
def test_values_are_described_briefly(value, shown):
    assert describe(value) == shown
    assert len(describe(value)) <= 80


def test_a_tensor_shape_mismatch_is_a_disagreement_and_says_the_shape():
    hint = counterexample(
        lambda x: torch.zeros(3, 2), lambda x: torch.zeros(2, 3), [Case((0.0,), at="W = W0")], quantity="dL/dW"
    )
    assert hint.text() == "at W = W0 your dL/dW is a tensor of shape (3, 2), expected a tensor of shape (2, 3)"


# --- the expression language and the reference engine -----------------------------------------------


@pytest.mark.parametrize(
    "bad", ["__import__('os')", "x.__class__", "(lambda: 1)()", "[i for i in x]", "open('f')", "x.numpy()"]
)
def test_expressions_outside_the_language_are_refused(bad):
    with pytest.raises((ValueError, NameError)):
        evaluate(bad, {"x": torch.ones(2)})


def test_expressions_compute_on_tensors_and_plain_values():
    x = torch.tensor([0.0, 1.0], dtype=torch.float64)
    assert agree(evaluate("sin(x) + 2 * x", {"x": x}), torch.sin(x) + 2 * x)
    assert evaluate("negate((1.0, {'a': 2.0}))", {}) == (-1.0, {"a": -2.0})
    assert evaluate("zeros_in(output) > 0", {"output": [1.0, 0.0]}) is True
    assert evaluate("W.T.shape", {"W": torch.zeros(2, 3)}) == (3, 2)


@pytest.mark.parametrize(
    ("expression", "values", "grads"),
    [
        ("(a + a) + (a + a)", {"a": 1.5}, {"a": 4.0}),
        ("x * x + x", {"x": 3.0}, {"x": 7.0}),
        ("s = p * q; s * (s + p)", {"p": 2.0, "q": 3.0}, {"p": 48.0, "q": 28.0}),
        ("(a.tanh() * 2 + 1).relu()", {"a": -0.2}, None),
        ("a ** -1.5", {"a": 2.0}, None),
    ],
)
def test_the_reference_engine_agrees_with_torch(expression, values, grads):
    leaves = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in values.items()}
    output, _ = drive(lambda v: v, expression, leaves)
    output.backward()
    expected = {k: t.grad.item() for k, t in leaves.items()}
    assert agree(backprop(expression, values), expected)
    assert grads is None or agree(backprop(expression, values), grads)


# --- the library and recognition ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library(LIBRARY)


def test_the_library_loads_and_covers_each_assignment(library):
    ids = {m.id for m in library}
    assert {
        "a1-sign",
        "a1-forgotten-path",
        "a1-missing-chain-factor",
        "a2-overwrite",
        "a2-relu-at-zero",
        "a2-no-topological-order",
        "a3-transposed-weight-gradient",
        "a3-missing-mean",
        "a3-ignores-lr",
        "a4-unused-layers",
    } <= ids
    assert all(m.section.startswith("section ") for m in library)
    assert for_test(library, "03_backward_by_hand", "test_sgd")[0].line() == (
        "the step ignores the learning rate it is given: section 9, 'One step of gradient descent'"
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[[misconception]]\nid = "x"\nname = "n"\nsection = "s"\ntests = ["a/b"]\ninputs = [{x = 1.0}]\n', "either"),
        ('[[misconception]]\nid = "x"\nname = "n"\ntests = ["a/b"]\ninputs = [{x = 1.0}]\nwrong = "1"\n', "section"),
        (
            '[[misconception]]\nid = "x"\nname = "n"\nsection = "s"\ntests = ["a/b"]\ninputs = [{x = 1.0}]\n'
            'wrong = "__import__(1)"\n',
            "misconception 1",
        ),
        (
            '[[misconception]]\nid = "x"\nname = "n"\nsection = "s"\ntests = ["b"]\n'
            'inputs = [{x = 1.0}]\nwrong = "1"\n',
            "assignment/grade_id",
        ),
        (
            '[[misconception]]\nid = "x"\nname = "n"\nsection = "s"\ntests = ["a/b"]\n'
            'inputs = [{x = 1.0}]\nwrong = "1"\ncolour = "red"\n',
            "unknown field",
        ),
    ],
)
def test_a_bad_entry_is_refused_naming_what_to_fix(tmp_path, text, error):
    path = tmp_path / "m.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match=error):
        load_library(path)


# The assignments' reference answers, and one wrong answer per misconception, written here.
def grad_composition(x):
    return 6 * (3 * x - 2)


def grad_local(x, y):
    a = x * y + y
    return 2 * a * y, 2 * a * (x + 1)


def grad_paths(x):
    return torch.sin(x) + x * torch.cos(x) + 2 * x


def grad_vector(x):
    return -2 * x * torch.exp(-(x**2))


def mse_and_grad(Y_hat, T, mean=True):
    diff = Y_hat - T
    return (diff**2).mean(), 2 * diff / (diff.numel() if mean else 1)


def forward_backward(X, T, W1, b1, W2, b2, transpose_w1=False, mean=True):
    H = X @ W1.T + b1
    A = torch.relu(H)
    loss, Y_bar = mse_and_grad(A @ W2.T + b2, T, mean)
    H_bar = (Y_bar @ W2) * (H > 0)
    W1_bar = X.T @ H_bar if transpose_w1 else H_bar.T @ X
    return loss, {"W1": W1_bar, "b1": H_bar.sum(0), "W2": Y_bar.T @ A, "b2": Y_bar.sum(0)}


def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    _, g = forward_backward(X, T, W1, b1, W2, b2)
    return W1 - lr * g["W1"], b1 - lr * g["b1"], W2 - lr * g["W2"], b2 - lr * g["b2"]


def layer_norms(depth, width, unused=0):
    """Per-layer weight-gradient norms of a stand-in network: `unused` layers get none."""
    return [0.0 if i < unused else 1.0 + i for i in range(depth + 2)]


def value_gradients(**options):
    return lambda expression, values: backprop(expression, values, **options)


def relu_at_zero_one(expression, values):
    grads = backprop(expression, values)
    return {k: 1.0 if expression == "relu(a)" and values[k] == 0 else g for k, g in grads.items()}


WRONG = [
    ("a1-sign", "01_derivatives_by_hand/test_paths", grad_paths, lambda x: -grad_paths(x)),
    (
        "a1-sign-local",
        "01_derivatives_by_hand/test_local",
        grad_local,
        lambda x, y: (grad_local(x, y)[0], -grad_local(x, y)[1]),
    ),
    ("a1-forgotten-path", "01_derivatives_by_hand/test_paths", grad_paths, lambda x: torch.sin(x) + 2 * x),
    ("a1-missing-chain-factor", "01_derivatives_by_hand/test_composition", grad_composition, lambda x: 2 * (3 * x - 2)),
    ("a1-missing-chain-factor-vector", "01_derivatives_by_hand/test_vector", grad_vector, lambda x: torch.exp(-(x**2))),
    ("a1-missing-outer-factor-local", "01_derivatives_by_hand/test_local", grad_local, lambda x, y: (y, x + 1)),
    ("a2-overwrite", "02_build_your_own_autograd/test_reuse", value_gradients(), value_gradients(accumulate=False)),
    ("a2-relu-at-zero", "02_build_your_own_autograd/test_operations", value_gradients(), relu_at_zero_one),
    (
        "a2-no-topological-order",
        "02_build_your_own_autograd/test_reuse",
        value_gradients(),
        value_gradients(order="preorder"),
    ),
    (
        "a3-transposed-weight-gradient",
        "03_backward_by_hand/test_network",
        forward_backward,
        lambda *a: forward_backward(*a, transpose_w1=True),
    ),
    ("a3-missing-mean", "03_backward_by_hand/test_mse", mse_and_grad, lambda Y, T: mse_and_grad(Y, T, mean=False)),
    (
        "a3-missing-mean-network",
        "03_backward_by_hand/test_network",
        forward_backward,
        lambda *a: forward_backward(*a, mean=False),
    ),
    ("a3-ignores-lr", "03_backward_by_hand/test_sgd", sgd_step, lambda *a: sgd_step(*a[:-1])),
    ("a4-unused-layers", "04_vanishing_gradients_lab/test_repair", layer_norms, lambda d, w: layer_norms(d, w, 3)),
]


@pytest.mark.parametrize(("expected_id", "test", "reference", "wrong"), WRONG, ids=[w[0] for w in WRONG])
def test_each_misconception_is_recognised_and_a_right_answer_is_not(library, expected_id, test, reference, wrong):
    assignment, grade_id = test.split("/")
    candidates = for_test(library, assignment, grade_id)
    found = recognise(wrong, reference, candidates)
    assert found is not None and found.id == expected_id
    assert recognise(reference, reference, candidates) is None


def test_an_unrelated_wrong_answer_is_named_nothing(library):
    candidates = for_test(library, "01_derivatives_by_hand", "test_paths")
    assert recognise(lambda x: x * 0 + 7.0, grad_paths, candidates) is None


def test_a_student_function_that_raises_is_no_misconception(library):
    def broken(x):
        raise RuntimeError("boom")

    assert recognise(broken, grad_paths, for_test(library, "01_derivatives_by_hand", "test_paths")) is None
