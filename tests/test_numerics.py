"""Unit tests for numerical gradients and the three-way gradient check."""

from __future__ import annotations

import math

import pytest
import torch

from chainrule_helpers.engine import Value
from chainrule_helpers.numerics import (
    GradientMismatch,
    check_gradients,
    format_gap,
    format_tensor,
    numerical_grad,
)


def test_numerical_grad_of_a_square_matches_the_derivative():
    (g,) = numerical_grad(lambda x: (x + 1) ** 2, torch.tensor(3.0))
    assert g.dtype == torch.float64
    assert g.item() == pytest.approx(8.0, abs=1e-8)


def test_numerical_grad_handles_several_inputs_of_any_shape():
    x = torch.randn(2, 3, generator=torch.Generator().manual_seed(1))
    w = torch.randn(3, generator=torch.Generator().manual_seed(2))
    s = torch.tensor(0.5)
    gx, gw, gs = numerical_grad(lambda x, w, s: s * (x @ w).sin().sum(), x, w, s)
    xd, wd, sd = (t.double().requires_grad_() for t in (x, w, s))
    exact = torch.autograd.grad(sd * (xd @ wd).sin().sum(), (xd, wd, sd))
    for approx, truth in zip((gx, gw, gs), exact):
        assert approx.shape == truth.shape
        assert torch.allclose(approx, truth, atol=1e-8)


def test_numerical_grad_leaves_the_inputs_untouched():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64)  # float64: no conversion copy to hide an in-place nudge
    numerical_grad(lambda x: (x**2).sum(), x)
    assert torch.equal(x, torch.tensor([1.0, 2.0], dtype=torch.float64))


def test_numerical_grad_of_an_unused_input_is_zero():
    _, g = numerical_grad(lambda x, y: x.sum(), torch.ones(2), torch.ones(3))
    assert torch.equal(g, torch.zeros(3, dtype=torch.float64))


@pytest.mark.parametrize(
    ("inputs", "error", "words"),
    [
        ((torch.tensor(3),), TypeError, "floating-point"),
        ((3.0,), TypeError, "torch.Tensor"),
        ((), ValueError, "at least one"),
    ],
)
def test_numerical_grad_rejects_bad_inputs_clearly(inputs, error, words):
    with pytest.raises(error, match=words):
        numerical_grad(lambda *xs: sum(x.sum() for x in xs), *inputs)


def test_numerical_grad_needs_a_scalar_output():
    with pytest.raises(ValueError, match=r"scalar.*shape \(3,\).*sum"):
        numerical_grad(lambda x: x * 2, torch.ones(3))


def test_numerical_grad_needs_a_tensor_output_and_a_positive_step():
    with pytest.raises(TypeError, match="must return a torch.Tensor"):
        numerical_grad(lambda x: 1.0, torch.ones(1))
    with pytest.raises(ValueError, match="eps must be positive"):
        numerical_grad(lambda x: x.sum(), torch.ones(1), eps=0.0)


def test_check_gradients_passes_and_shows_all_three():
    result = check_gradients(lambda x: (x + 1) ** 2, torch.tensor(3.0), analytic=torch.tensor(8.0))
    assert result.ok
    text = str(result)
    assert text.splitlines()[1].split() == ["x", "8.0000", "8.0000", "8.0000"]
    assert "all three agree" in text


def test_check_gradients_with_named_inputs_calls_in_order():
    point = {"x": torch.tensor(2.0), "y": torch.tensor(3.0)}
    result = check_gradients(lambda x, y: x * y**2, point, analytic={"x": torch.tensor(9.0), "y": torch.tensor(12.0)})
    assert result.names == ("x", "y")
    assert [g.item() for g in result.autograd] == pytest.approx([9.0, 12.0])


def test_a_wrong_formula_raises_with_both_values():
    with pytest.raises(GradientMismatch) as info:
        check_gradients(lambda x: (x + 1) ** 2, torch.tensor(3.0), analytic=torch.tensor(7.0))
    message = str(info.value)
    assert "autograd 8.0000 != analytic 7.0000" in message
    assert "analytic 7.0000 != numerical 8.0000" in message


def test_check_gradients_rejects_mismatched_shapes_and_names():
    with pytest.raises(ValueError, match=r"shape \(2,\).*shape \(3,\)"):
        check_gradients(lambda x: x.sum(), torch.ones(3), analytic=torch.ones(2))
    with pytest.raises(ValueError, match=r"\['y'\].*\['x'\]"):
        check_gradients(lambda x: x.sum(), {"x": torch.ones(1)}, analytic={"y": torch.ones(1)})
    with pytest.raises(TypeError, match="dict of name"):
        check_gradients(lambda x: x.sum(), [torch.ones(1)], analytic=torch.ones(1))
    with pytest.raises(TypeError, match="floating-point"):
        check_gradients(lambda x: x.sum(), torch.ones(1), analytic=torch.ones(1, dtype=torch.int64))


def test_check_gradients_of_a_function_that_ignores_its_input():
    result = check_gradients(lambda x: torch.tensor(2.0, dtype=torch.float64), torch.ones(2), analytic=torch.zeros(2))
    assert result.ok


def test_format_tensor_is_short_and_stable():
    assert format_tensor(torch.tensor(-0.00001)) == "0.0000"
    assert format_tensor(torch.tensor([1.0, -2.5])) == "[1.0000, -2.5000]"
    big = torch.ones(3, 4)
    assert format_tensor(big) == f"shape (3, 4), norm {math.sqrt(12):.4f}"


def test_format_gap_prints_the_bound_whatever_the_last_bits():
    # 0 on one CPU, a few roundings on another: both print the same line.
    assert format_gap(0.0, 1e-14) == format_gap(1.66533e-16, 1e-14) == "below 1e-14"
    assert format_gap(torch.tensor([[-2.8e-17, 1e-16]], dtype=torch.float64), 1e-15) == "below 1e-15"
    assert format_gap(torch.tensor([]), 1e-15) == "below 1e-15"
    assert format_gap(2e-7, 1e-6) == "below 1e-6"  # written as the text writes it, not 1e-06


def test_format_gap_shows_a_difference_that_breaks_its_bound():
    assert format_gap(3e-12, 1e-14) == "3.0e-12, not below 1e-14"
    assert format_gap(torch.tensor([1.0, -1e-14]), 1e-14) == "1.0e+00, not below 1e-14"
    assert format_gap(1e-14, 1e-14) == "1.0e-14, not below 1e-14"  # the bound is strict


@pytest.mark.parametrize(("gap", "bound", "error", "says"), [
    (-1e-16, 1e-14, ValueError, "non-negative"),
    (float("nan"), 1e-14, ValueError, "non-negative finite"),
    (0.0, 0.0, ValueError, "positive finite"),
    (0.0, float("inf"), ValueError, "positive finite"),
    ("0", 1e-14, TypeError, "number or a tensor"),
    (True, 1e-14, TypeError, "number or a tensor"),
])
def test_format_gap_refuses_what_is_not_a_difference_or_a_bound(gap, bound, error, says):
    with pytest.raises(error, match=says):
        format_gap(gap, bound)


@pytest.mark.parametrize(("analytic", "why"), [
    (-8.0, "the right size with the wrong sign"),
    (8.0 + 1e-4, "off by 1e-4, more than atol + rtol * 8"),
    (8.0 * (1 + 1e-4), "off by a relative 1e-4"),
])
def test_check_gradients_tells_a_right_formula_from_a_slightly_wrong_one(analytic, why):
    assert check_gradients(lambda x: (x + 1) ** 2, torch.tensor(3.0), analytic=torch.tensor(8.0)).ok
    with pytest.raises(GradientMismatch):
        check_gradients(lambda x: (x + 1) ** 2, torch.tensor(3.0), analytic=torch.tensor(analytic))


def test_check_gradients_uses_the_tolerances_it_is_given():
    f, x, off = (lambda x: (x + 1) ** 2), torch.tensor(3.0), torch.tensor(8.0 + 1e-4)
    assert check_gradients(f, x, analytic=off, atol=1e-3).ok
    assert check_gradients(f, x, analytic=off, atol=0.0, rtol=1e-4).ok
    with pytest.raises(GradientMismatch):
        check_gradients(f, x, analytic=off, atol=1e-5, rtol=0.0)
    with pytest.raises(GradientMismatch):
        check_gradients(f, x, analytic=torch.tensor(8.0 + 2e-3), atol=1e-3, rtol=0.0)
    result = check_gradients(f, x, analytic=torch.tensor(8.0), atol=1e-3, rtol=1e-2)
    assert (result.atol, result.rtol) == (1e-3, 1e-2) and "atol=0.001, rtol=0.01" in str(result)


def test_relu_at_its_kink_has_gradient_zero_in_torch_and_in_the_engine():
    x = torch.tensor(0.0, requires_grad=True)
    torch.relu(x).backward()
    assert x.grad.item() == 0.0
    v = Value(0.0)
    v.relu().backward()
    assert v.grad == 0.0
    w = Value(1e-12)
    w.relu().backward()
    assert w.grad == 1.0


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: numerical_grad(lambda x: x.sum(), 3.0), TypeError, "input 0 must be a torch.Tensor, got float"),
    (lambda: numerical_grad(lambda x: x.sum(), torch.tensor([3])), TypeError,
     "input 0 must be a floating-point tensor, got dtype torch.int64: gradients are defined for real numbers "
     "(write torch.tensor(3.0), not torch.tensor(3))"),
    (lambda: numerical_grad(lambda x: 3.0, torch.ones(1)), TypeError,
     "the function must return a torch.Tensor, got float"),
    (lambda: numerical_grad(lambda x: x, torch.ones(2)), ValueError,
     "the function must return a scalar (one element), got shape (2,); reduce it first, for instance with .sum()"),
    (lambda: numerical_grad(lambda x: x.sum()), ValueError, "numerical_grad needs at least one input tensor"),
    (lambda: check_gradients(lambda x: x.sum(), [torch.ones(1)], analytic=torch.ones(1)), TypeError,
     "inputs must be a tensor or a non-empty dict of name -> tensor, got list"),
    (lambda: check_gradients(lambda x: x.sum(), torch.ones(1), analytic={}), TypeError,
     "analytic must be a tensor or a non-empty dict of name -> tensor, got dict"),
    (lambda: check_gradients(lambda x: x.sum(), {"w": [1.0]}, analytic={"w": torch.ones(1)}), TypeError,
     "w must be a torch.Tensor, got list"),
    (lambda: check_gradients(lambda x: x.sum(), {"w": torch.ones(1)}, analytic={"w": 1.0}), TypeError,
     "analytic['w'] must be a torch.Tensor, got float"),
    (lambda: check_gradients(lambda x: x.sum(), {"w": torch.ones(3)}, analytic={"w": torch.ones(2)}), ValueError,
     "analytic gradient for w has shape (2,), but w has shape (3,): a gradient always has the shape of its input"),
])
def test_bad_input_gets_its_exact_message(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_a_mismatch_names_each_disagreeing_pair_then_shows_the_table():
    with pytest.raises(GradientMismatch) as info:
        check_gradients(lambda x: (x + 1) ** 2, torch.tensor(3.0), analytic=torch.tensor(7.5))
    assert str(info.value) == (
        "gradients disagree:\n"
        "x: autograd 8.0000 != analytic 7.5000 (max |diff| 0.5)\n"
        "x: analytic 7.5000 != numerical 8.0000 (max |diff| 0.5)\n"
        "input  autograd  analytic  numerical\n"
        "x      8.0000    7.5000    8.0000")


def test_the_result_prints_as_an_aligned_table_with_its_verdict():
    result = check_gradients(lambda w, b: (w * b).sum(), {"w": torch.tensor([1.0, -2.0]), "b": torch.tensor(3.0)},
                             analytic={"w": torch.tensor([3.0, 3.0]), "b": torch.tensor(-1.0)})
    assert str(result) == repr(result) == (
        "input  autograd          analytic          numerical\n"
        "w      [3.0000, 3.0000]  [3.0000, 3.0000]  [3.0000, 3.0000]\n"
        "b      -1.0000           -1.0000           -1.0000\n"
        "all three agree (atol=1e-06, rtol=1e-05)")


def test_an_input_the_function_does_not_use_gets_zero_from_every_method():
    result = check_gradients(lambda x, y: (x**2).sum(), {"x": torch.tensor([1.0, 2.0]), "y": torch.tensor(5.0)},
                             analytic={"x": torch.tensor([2.0, 4.0]), "y": torch.tensor(0.0)})
    assert result.autograd[1].item() == 0.0 and result.numerical[1].item() == 0.0


def test_format_tensor_shows_up_to_four_values_then_shape_and_norm():
    assert format_tensor(torch.tensor([1.0, 2.0, 3.0, -0.00001])) == "[1.0000, 2.0000, 3.0000, 0.0000]"
    assert format_tensor(torch.ones(5)) == "shape (5,), norm 2.2361"
    assert format_tensor(torch.tensor(2.0, dtype=torch.float16), decimals=2) == "2.00"


def test_a_disagreeing_result_says_so_under_its_table():
    from chainrule_helpers.numerics import GradientCheck

    one, two = torch.tensor(1.0, dtype=torch.float64), torch.tensor(2.0, dtype=torch.float64)
    result = GradientCheck(("x",), (one,), (two,), (one,), atol=1e-6, rtol=1e-5)
    assert not result.ok and str(result).endswith("\nDISAGREE (atol=1e-06, rtol=1e-05)")
