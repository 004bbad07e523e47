"""The from-scratch engine against torch in float64: every operation's local rule, hand-written
expressions, random graphs with shared subexpressions, very deep chains and bad input."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule_helpers.engine import Value

# Each operation as (engine version, torch version), on inputs where it is smooth and defined.
OPS = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "radd": (lambda a, b: 2.5 + a, lambda a, b: 2.5 + a),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "rsub": (lambda a, b: 2.5 - b, lambda a, b: 2.5 - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "rmul": (lambda a, b: 3 * b, lambda a, b: 3 * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "div_number": (lambda a, b: a / 4, lambda a, b: a / 4),
    "rdiv": (lambda a, b: 2 / b, lambda a, b: 2 / b),
    "neg": (lambda a, b: -a, lambda a, b: -a),
    "pow": (lambda a, b: a**3, lambda a, b: a**3),
    "pow_fraction": (lambda a, b: b**0.5, lambda a, b: b**0.5),
    "rpow": (lambda a, b: 2**a, lambda a, b: 2**a),
    "relu": (lambda a, b: a.relu(), lambda a, b: torch.relu(a)),
    "tanh": (lambda a, b: a.tanh(), lambda a, b: torch.tanh(a)),
    "exp": (lambda a, b: a.exp(), lambda a, b: torch.exp(a)),
    "log": (lambda a, b: b.log(), lambda a, b: torch.log(b)),
    "sigmoid": (lambda a, b: a.sigmoid(), lambda a, b: torch.sigmoid(a)),
}


def run_both(engine_fn, torch_fn, *values):
    """Value and gradients of the same expression by the engine and by torch (float64)."""
    ins = [Value(v) for v in values]
    out = engine_fn(*ins)
    out.backward()
    ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    t_out = torch_fn(*ts)
    grads = torch.autograd.grad(t_out, ts, allow_unused=True)
    return (out.data, [v.grad for v in ins]), (t_out.item(), [0.0 if g is None else g.item() for g in grads])


def assert_agree(ours, theirs):
    assert ours[0] == pytest.approx(theirs[0], abs=1e-9, rel=1e-9)
    assert ours[1] == pytest.approx(theirs[1], abs=1e-9, rel=1e-9)


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize(("a", "b"), [(1.3, 0.7), (-0.4, 2.2)])
def test_each_local_rule_matches_torch(name, a, b):
    engine_fn, torch_fn = OPS[name]
    assert_agree(*run_both(engine_fn, torch_fn, a, b))


def test_the_chapter_examples():
    assert_agree(*run_both(lambda x: (x + 1) ** 2, lambda x: (x + 1) ** 2, 3.0))
    assert_agree(*run_both(lambda x, y: (x + y) ** 2, lambda x, y: (x + y) ** 2, 2.0, 3.0))
    assert_agree(*run_both(lambda x: x**2 + x, lambda x: x**2 + x, 3.0))
    x = Value(3.0)
    (x**2 + x).backward()
    assert x.grad == 7.0


def test_a_neuron_with_shared_inputs():
    def neuron(x1, x2, w1, w2, b):
        n = x1 * w1 + x2 * w2 + b
        return (n.tanh() * n.sigmoid() + (n * n).exp().log() / 2 - n.relu()) * x1

    def torch_neuron(x1, x2, w1, w2, b):
        n = x1 * w1 + x2 * w2 + b
        return (torch.tanh(n) * torch.sigmoid(n) + torch.log(torch.exp(n * n)) / 2 - torch.relu(n)) * x1

    assert_agree(*run_both(neuron, torch_neuron, 2.0, 0.5, -3.0, 1.0, 6.8813735870195432))


def test_reused_nodes_add_their_contributions():
    a = Value(1.5)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0 and b.grad == 2.0


def test_a_chain_of_100000_nodes_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(100_000):
        y = y.relu()  # one node per step, local derivative 1 on a positive input
    y.backward()
    assert x.grad == 1.0
    assert len(y.topological_order()) == 100_001


def test_backward_accumulates_like_torch():
    x = Value(3.0)
    z = x**2 + x
    z.backward()
    z.backward()
    assert x.grad == 14.0


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Value("3"), TypeError, "Value data must be an int or float, got str"),
        (lambda: Value(True), TypeError, "Value data must be an int or float, got bool"),
        (lambda: Value(1.0) + "2", TypeError, "operand must be an int or float, got str"),
        (lambda: Value(1.0) * "2", TypeError, "operand must be an int or float, got str"),
        (lambda: "2" - Value(1.0), TypeError, "operand must be an int or float, got str"),
        (lambda: "2" / Value(1.0), TypeError, "operand must be an int or float, got str"),
        (lambda: Value(1.0) / "2", TypeError, "divisor must be an int or float, got str"),
        (lambda: Value(1.0) ** Value(2.0), TypeError, "the exponent (a constant) must be an int or float, got Value"),
        (lambda: "2" ** Value(1.0), TypeError, "the base (a constant) must be an int or float, got str"),
        (lambda: Value(0.0).log(), ValueError, "log is defined for positive values only, got 0"),
        (lambda: Value(-1.0).log(), ValueError, "log is defined for positive values only, got -1"),
        (lambda: Value(0.0) ** -1, ValueError, "0 ** -1 is undefined (division by zero)"),
        (lambda: Value(-8.0) ** 0.5, ValueError, "-8 ** 0.5 is not a real number"),
        (lambda: Value(1.0) / 0, ZeroDivisionError, "division of a Value by zero"),
        (lambda: (-2) ** Value(1.0), ValueError, "-2 ** x needs a positive base"),
        (lambda: 0 ** Value(1.0), ValueError, "0 ** x needs a positive base"),
    ],
)
def test_bad_input_gets_a_clear_error(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value) == message


def test_the_edges_of_powers_and_division():
    one = Value(0.0) ** 0  # a^0 = 1, with nothing flowing back, even at a = 0
    one.backward()
    assert (one.data, one._parents[0].grad) == (1.0, 0.0)
    root = Value(0.0) ** 0.5
    assert root.data == 0.0
    with pytest.raises(ValueError, match="the derivative of a \\*\\* 0.5 at a = 0 is infinite"):
        root.backward()
    x = Value(2.0)
    y = 1 ** x  # a base of 1 is allowed: 1^x = 1, slope ln 1 = 0
    y.backward()
    assert (y.data, x.grad) == (1.0, 0.0)
    assert (Value(6.0) / 1).data == 6.0 and (Value(6.0) / -3).data == -2.0


def test_every_operation_records_its_name_for_the_graph():
    x = Value(2.0)
    named = {"+": x + 1, "*": x * 3, "**2": x**2, "3**": 3**x, "tanh": x.tanh(), "exp": x.exp(), "log": x.log(),
             "sigmoid": x.sigmoid(), "relu": x.relu()}
    assert {op: value._op for op, value in named.items()} == {op: op for op in named}
    assert x._op == "" and (-x)._op == "*" and (x - 1)._op == "+" and (x / 2)._op == "*" and (2 / x)._op == "*"


def test_backward_on_a_leaf_accumulates_its_seed_like_torch():
    x = Value(3.0)
    x.backward()
    x.backward()
    t = torch.tensor(3.0, requires_grad=True)
    t.backward()
    t.backward()
    assert x.grad == t.grad.item() == 2.0


def test_sigmoid_does_not_overflow():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_repr_shows_data_and_grad():
    assert repr(Value(2.0)) == "Value(data=2, grad=0)"


UNARY = ["tanh", "sigmoid", "relu", "exp_tamed", "square"]
BINARY = ["add", "sub", "mul"]


def apply(op, values, args, lib):
    """Apply one random step to earlier values, by the engine (lib='engine') or torch."""
    pick = [values[i % len(values)] for i in args]
    if op == "add":
        return pick[0] + pick[1]
    if op == "sub":
        return pick[0] - pick[1]
    if op == "mul":
        return pick[0] * pick[1]
    a = pick[0]
    if op == "square":
        return a**2
    if op == "exp_tamed":
        return a.tanh().exp() if lib == "engine" else torch.exp(torch.tanh(a))
    return getattr(a, op)() if lib == "engine" else getattr(torch, op)(a)


steps = st.lists(
    st.tuples(st.sampled_from(UNARY + BINARY), st.tuples(st.integers(0, 20), st.integers(0, 20))),
    min_size=1, max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(steps=steps, inputs=st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_random_graphs_with_shared_subexpressions_match_torch(steps, inputs):
    """Each step may read any earlier value, so values are reused along several paths."""
    def build(lib, xs):
        values = list(xs)
        for op, args in steps:
            values.append(apply(op, values, args, lib))
        return values[-1] + sum(values[1:], values[0]) * 0.1

    xs = [Value(v) for v in inputs]
    out = build("engine", xs)
    out.backward()
    ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in inputs]
    t_out = build("torch", ts)
    grads = torch.autograd.grad(t_out, ts)
    assert out.data == pytest.approx(t_out.item(), rel=1e-9, abs=1e-9)
    for x, g in zip(xs, grads):
        if math.isfinite(g.item()):
            assert x.grad == pytest.approx(g.item(), rel=1e-9, abs=1e-9)


def test_integer_powers_at_zero_have_their_finite_slopes():
    linear, square = Value(0.0), Value(0.0)
    (linear**1).backward()
    (square**2).backward()
    assert (linear.grad, square.grad) == (1.0, 0.0)
