"""chainrule_helpers.checks: forbidding autograd, the lab's data, loop and layer count, and the stack depth."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from chainrule_helpers.checks import (
    ForbiddenTool,
    deep_sigmoid_mlp,
    forbid_autograd,
    hidden_layers,
    make_data,
    parameter_values,
    stack_depth,
    train,
)


def leaf():
    return torch.tensor([1.0, 2.0], requires_grad=True)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: (x**2).sum().backward(),
        lambda x: torch.autograd.backward((x**2).sum()),
        lambda x: torch.autograd.grad((x**2).sum(), x),
        lambda x: torch.autograd.functional.jacobian(lambda t: t**2, x),
        lambda x: torch.autograd.functional.vjp(lambda t: t**2, x, torch.ones(2)),
        lambda x: torch.autograd.functional.jvp(lambda t: t**2, x, torch.ones(2)),
        lambda x: torch.autograd.functional.hessian(lambda t: (t**3).sum(), x),
        lambda x: torch.func.grad(lambda t: (t**2).sum())(x.detach()),
        lambda x: torch.func.grad_and_value(lambda t: (t**2).sum())(x.detach()),
        lambda x: torch.func.vjp(lambda t: t**2, x.detach()),
        lambda x: torch.func.jvp(lambda t: t**2, (x.detach(),), (torch.ones(2),)),
        lambda x: torch.func.jacrev(lambda t: t**2)(x.detach()),
        lambda x: torch.func.jacfwd(lambda t: t**2)(x.detach()),
        lambda x: torch.func.hessian(lambda t: (t**3).sum())(x.detach()),
    ],
    ids=[
        "backward",
        "autograd.backward",
        "grad",
        "jacobian",
        "vjp",
        "jvp",
        "hessian",
        "func.grad",
        "grad_and_value",
        "func.vjp",
        "func.jvp",
        "jacrev",
        "jacfwd",
        "func.hessian",
    ],
)
def test_every_autograd_tool_raises_inside_and_works_after(call):
    with forbid_autograd(), pytest.raises(ForbiddenTool, match="forbidden in this question"):
        call(leaf())
    call(leaf())  # restored


def test_a_grad_imported_before_the_block_is_caught_by_the_engine():
    from torch.autograd import grad

    with forbid_autograd(), pytest.raises(ForbiddenTool, match="backward engine"):
        grad((leaf() ** 2).sum(), leaf())


def test_the_error_names_the_tool_and_is_a_runtime_error():
    with forbid_autograd(), pytest.raises(RuntimeError, match=r"torch\.autograd\.grad is forbidden"):
        torch.autograd.grad((leaf() ** 2).sum(), leaf())


def test_vmap_and_tensor_operations_still_work():
    with forbid_autograd():
        assert torch.func.vmap(torch.sin)(torch.zeros(3)).tolist() == [0.0, 0.0, 0.0]
        assert (leaf() * 2).tolist() == [2.0, 4.0]


def test_forbidding_is_reentrant_and_restores_after_an_error():
    original = torch.Tensor.backward
    with pytest.raises(KeyError), forbid_autograd():
        with forbid_autograd():
            pass
        with pytest.raises(ForbiddenTool):
            (leaf() ** 2).sum().backward()  # still forbidden after the inner block ended
        raise KeyError("boom")
    assert torch.Tensor.backward is original
    x = leaf()
    (x**2).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_make_data_is_seeded_and_checks_its_seed():
    X, y = make_data(1)
    assert X.shape == (256, 8) and y.shape == (256, 1)
    assert torch.equal(X, make_data(1)[0]) and not torch.equal(X, make_data(0)[0])
    with pytest.raises(TypeError):
        make_data(1.5)


def test_deep_sigmoid_mlp_has_depth_hidden_layers_and_checks_its_sizes():
    model = deep_sigmoid_mlp(depth=3, width=4)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(8, 4), (4, 4), (4, 4), (4, 1)]
    with pytest.raises(ValueError):
        deep_sigmoid_mlp(depth=0)
    with pytest.raises(TypeError):
        deep_sigmoid_mlp(width=3.0)


def test_train_lowers_the_loss_and_checks_its_inputs():
    torch.manual_seed(0)
    X, y = make_data()
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
    with torch.no_grad():
        before = float(((model(X) - y) ** 2).mean())
    after = train(model, X, y, steps=50)
    assert isinstance(after, float) and after < before
    with pytest.raises(TypeError):
        train("model", X, y)
    with pytest.raises(ValueError):
        train(model, X, y[:10])
    with pytest.raises(ValueError):
        train(model, X, y, lr=0)
    with pytest.raises(TypeError):
        train(model, X.long(), y)
    with pytest.raises(ValueError):
        train(model, X, y, steps=0)


class Gamed(nn.Module):
    """Runs `used`, calls `zeroed` and multiplies it by 0, and never calls `spare`."""

    def __init__(self):
        super().__init__()
        self.used, self.zeroed, self.spare = nn.Linear(8, 32), nn.Linear(8, 32), nn.Linear(32, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return self.out(torch.relu(self.used(x)) + 0 * self.zeroed(x))


def test_hidden_layers_lists_the_layers_that_run_in_call_order_and_which_reach_the_output():
    X, _ = make_data()
    layers = hidden_layers(Gamed(), X)
    assert [(d["name"], d["influences"]) for d in layers] == [("used", True), ("zeroed", False), ("out", True)]
    assert layers[0]["in_features"] == 8 and layers[0]["out_features"] == 32 and layers[0]["calls"] == 1


def test_hidden_layers_counts_a_shared_layer_once_and_checks_its_inputs():
    shared = nn.Linear(8, 8)
    model = nn.Sequential(shared, shared, nn.Linear(8, 1))
    X, _ = make_data()
    layers = hidden_layers(model, X)
    assert [d["calls"] for d in layers] == [2, 1]
    with pytest.raises(TypeError):
        hidden_layers(lambda x: x, X)
    with pytest.raises(ValueError):
        hidden_layers(model, X[0])


def test_parameter_values_are_plain_copies():
    model = nn.Linear(2, 1)
    values = parameter_values(model)
    assert set(values) == {"weight", "bias"} and not values["weight"].requires_grad
    values["weight"].zero_()
    assert not torch.equal(model.weight.detach(), values["weight"]) or model.weight.abs().sum() == 0
    with pytest.raises(TypeError):
        parameter_values(3)


def test_stack_depth_tells_recursion_from_a_loop():
    def recurse(n):
        return 0 if n == 0 else recurse(n - 1)

    def loop():
        return sum(i for i in range(100))

    assert stack_depth(lambda: recurse(200)) > 200
    assert stack_depth(loop) < 5
    with pytest.raises(TypeError):
        stack_depth(3)
