"""Property tests: on random smooth functions built from torch operations, finite differences agree
with autograd. This is what makes the numerical gradient a trustworthy third opinion."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule_helpers.numerics import GradientMismatch, check_gradients, numerical_grad

UNARY = {
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softplus": torch.nn.functional.softplus,
    "square": torch.square,
    "exp_tamed": lambda t: torch.exp(torch.tanh(t)),
}
BINARY = {"add": torch.add, "sub": torch.sub, "mul": torch.mul}
INDEX = st.integers(0, 10)  # which earlier value an operation reads (taken modulo how many exist)


@st.composite
def smooth_functions(draw):
    """A random expression tree over two tensor inputs, as (function, description)."""
    steps = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("unary"), st.sampled_from(sorted(UNARY)), INDEX),
                st.tuples(st.just("binary"), st.sampled_from(sorted(BINARY)), st.tuples(INDEX, INDEX)),
            ),
            min_size=1,
            max_size=8,
        )
    )

    def f(x, y):
        values = [x, y]
        for kind, name, args in steps:
            if kind == "unary":
                values.append(UNARY[name](values[args % len(values)]))
            else:
                a, b = (values[i % len(values)] for i in args)
                values.append(BINARY[name](a, b))
        return values[-1].sum() + 0.0 * (x.sum() + y.sum())

    return f, steps


shapes = st.sampled_from([(), (3,), (2, 2)])
values = st.floats(-2.0, 2.0, allow_nan=False)


@st.composite
def tensors(draw, shape):
    n = 1
    for d in shape:
        n *= d
    return torch.tensor(draw(st.lists(values, min_size=n, max_size=n)), dtype=torch.float64).reshape(shape)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_numerical_gradient_agrees_with_autograd(data):
    f, _ = data.draw(smooth_functions())
    shape = data.draw(shapes)
    x, y = data.draw(tensors(shape)), data.draw(tensors(shape))
    xr, yr = x.clone().requires_grad_(), y.clone().requires_grad_()
    exact = torch.autograd.grad(f(xr, yr), (xr, yr))
    approx = numerical_grad(f, x, y)
    for a, e in zip(approx, exact):
        assert torch.allclose(a, e, atol=1e-6, rtol=1e-5)


# Each operation's derivative, written by hand: the analytic leg must not be autograd itself.
DERIVATIVE = {
    "sin": torch.cos,
    "cos": lambda t: -torch.sin(t),
    "tanh": lambda t: 1 - torch.tanh(t) ** 2,
    "sigmoid": lambda t: torch.sigmoid(t) * (1 - torch.sigmoid(t)),
    "softplus": torch.sigmoid,
    "square": lambda t: 2 * t,
    "exp_tamed": lambda t: torch.exp(torch.tanh(t)) * (1 - torch.tanh(t) ** 2),
}


def analytic_gradient(steps, x, y):
    """The gradient of the drawn function by forward-mode chain rule, one input entry at a time."""
    grads = []
    for which in (x, y):
        grad = torch.zeros_like(which).reshape(-1)
        for k in range(which.numel()):
            seed = torch.zeros(which.numel(), dtype=which.dtype)
            seed[k] = 1.0
            values = [(x, seed.reshape(x.shape) if which is x else torch.zeros_like(x)),
                      (y, seed.reshape(y.shape) if which is y else torch.zeros_like(y))]
            for kind, name, args in steps:
                if kind == "unary":
                    v, dv = values[args % len(values)]
                    values.append((UNARY[name](v), DERIVATIVE[name](v) * dv))
                else:
                    (a, da), (b, db) = (values[i % len(values)] for i in args)
                    rule = {"add": da + db, "sub": da - db, "mul": da * b + a * db}[name]
                    values.append((BINARY[name](a, b), rule))
            grad[k] = values[-1][1].sum()
        grads.append(grad.reshape(which.shape))
    return grads


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_check_gradients_accepts_the_hand_derived_gradient(data):
    f, steps = data.draw(smooth_functions())
    x, y = data.draw(tensors((3,))), data.draw(tensors((3,)))
    gx, gy = analytic_gradient(steps, x, y)
    assert check_gradients(f, {"x": x, "y": y}, analytic={"x": gx, "y": gy}).ok


@settings(max_examples=20, deadline=None)
@given(data=st.data(), entry=st.integers(0, 2), mistake=st.sampled_from(["sign", "1e-4 off"]))
def test_check_gradients_rejects_a_slightly_wrong_gradient(data, entry, mistake):
    f, steps = data.draw(smooth_functions())
    x, y = data.draw(tensors((3,))), data.draw(tensors((3,)))
    gx, gy = analytic_gradient(steps, x, y)
    wrong = gx.clone()
    if mistake == "sign":
        if abs(wrong[entry]) < 1e-3:
            wrong[entry] = 1.0  # a zero gradient has no sign to flip: make it plainly wrong instead
        else:
            wrong[entry] = -wrong[entry]
    else:
        wrong[entry] += 1e-4 * max(1.0, abs(wrong[entry].item()))
    with pytest.raises(GradientMismatch):
        check_gradients(f, {"x": x, "y": y}, analytic={"x": wrong, "y": gy})
