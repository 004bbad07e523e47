# %% [markdown]
# # Assignment 3: a backward pass by hand
#
# Sections 6 to 9 of the chapter. A batch $X \in \mathbb{R}^{B\times n}$ goes through a linear layer,
# a ReLU and a second linear layer, and is scored by the mean squared error against $T$:
#
# $$H = XW_1^\top + b_1,\quad A = \operatorname{relu}(H),\quad \hat{Y} = AW_2^\top + b_2,\quad
# L = \operatorname{mean}\big((\hat{Y} - T)^2\big).$$
#
# Write the forward pass and the backward pass with tensor operations only. Autograd is
# **forbidden** in every answer: no `backward()`, no `torch.autograd`, no `torch.func`. The tests
# run your functions with those tools switched off (calling one raises `ForbiddenTool`), and
# compare every gradient with autograd in float64. All inputs are float64 tensors; every gradient
# you return has the shape of the tensor it is the gradient of. A loss may be returned as a 0-dim
# tensor or as a Python float (`.item()`): the tests read it with `float(loss)`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import torch

# %% [markdown]
# ## 1. The loss and its gradient at the output (2 points)
#
# `Y_hat` and `T` have the same shape, any shape ($B \times m$ in the network below). Return the pair
# $(L, \partial L/\partial \hat{Y})$: the mean over **all** entries, and its gradient, a tensor of the
# shape of `Y_hat`. The tests check both.

# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse_and_grad(Y_hat, T):
    """Return (L, dL/dY_hat) for L = mean((Y_hat - T)^2)."""
    ### BEGIN SOLUTION
    diff = Y_hat - T
    return (diff**2).mean(), 2 * diff / diff.numel()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import math

import torch

from chainrule_helpers.checks import forbid_autograd


def check_mse(Y_hat, T):
    """mse_and_grad at (Y_hat, T) against the mean squared error and its gradient from autograd."""
    with forbid_autograd():
        loss, grad = mse_and_grad(Y_hat.clone(), T.clone())
    leaf = Y_hat.clone().requires_grad_(True)
    expected = ((leaf - T) ** 2).mean()
    expected.backward()
    assert math.isclose(float(loss), expected.item(), rel_tol=1e-9), f"the loss is {float(loss):.6g}, not the mean over all {T.numel()} entries"
    grad = torch.as_tensor(grad)
    assert grad.shape == Y_hat.shape, f"the gradient has shape {tuple(grad.shape)}, not Y_hat's {tuple(Y_hat.shape)}"
    assert torch.allclose(grad, leaf.grad), "the gradient differs from autograd's"


check_mse(torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64), torch.tensor([1.0, 5.0, 2.0], dtype=torch.float64))
### BEGIN HIDDEN TESTS
g = torch.Generator().manual_seed(3)
check_mse(torch.randn(5, 2, dtype=torch.float64, generator=g), torch.randn(5, 2, dtype=torch.float64, generator=g))
check_mse(torch.randn(7, 1, dtype=torch.float64, generator=g), torch.randn(7, 1, dtype=torch.float64, generator=g))
### END HIDDEN TESTS

# %% [markdown]
# ## 2. The whole network (6 points)
#
# `X` is $B \times n$, `T` is $B \times m$, `W1` is $h \times n$, `b1` has $h$ entries, `W2` is
# $m \times h$ and `b2` has $m$ entries. Return the loss and a dict with the gradients of all four
# parameters, keyed `"W1"`, `"b1"`, `"W2"`, `"b2"`, each with the shape of its parameter.
#
# Use `mse_and_grad` for the first step. This question is graded with the output gradient your own
# `mse_and_grad` gives (or the correct one), so a mistake in question 1 costs question 1's points
# only.

# %% nbgrader={"grade": false, "grade_id": "network", "locked": false, "schema_version": 3, "solution": true, "task": false}
def forward_backward(X, T, W1, b1, W2, b2):
    """Loss and gradients of the two-layer ReLU network, computed by hand."""
    ### BEGIN SOLUTION
    H = X @ W1.T + b1
    A = torch.relu(H)
    Y_hat = A @ W2.T + b2
    loss, Y_bar = mse_and_grad(Y_hat, T)
    A_bar = Y_bar @ W2
    H_bar = A_bar * (H > 0)
    grads = {"W1": H_bar.T @ X, "b1": H_bar.sum(dim=0), "W2": Y_bar.T @ A, "b2": Y_bar.sum(dim=0)}
    return loss, grads
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_network", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
import math

import torch

from chainrule_helpers.checks import forbid_autograd


def check_network(batch, n_in, n_hidden, n_out, seed):
    """Compare forward_backward with autograd on a random network and batch."""
    g = torch.Generator().manual_seed(seed)
    shapes = {"W1": (n_hidden, n_in), "b1": (n_hidden,), "W2": (n_out, n_hidden), "b2": (n_out,)}
    params = {k: torch.randn(*s, dtype=torch.float64, generator=g, requires_grad=True) for k, s in shapes.items()}
    X = torch.randn(batch, n_in, dtype=torch.float64, generator=g)
    T = torch.randn(batch, n_out, dtype=torch.float64, generator=g)
    with forbid_autograd():
        loss, grads = forward_backward(X, T, *(p.detach().clone() for p in params.values()))
    Y_hat = torch.relu(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]
    expected = ((Y_hat - T) ** 2).mean()
    # The output gradients this question accepts: the true one, and the one your mse_and_grad gives.
    accepted = [(expected.item(), 2 * (Y_hat - T).detach() / Y_hat.numel())]
    try:
        with forbid_autograd():
            own_loss, own_grad = mse_and_grad(Y_hat.detach().clone(), T.clone())
        accepted.append((float(own_loss), torch.as_tensor(own_grad).reshape(Y_hat.shape)))
    except Exception:
        # A mistake there costs question 1's points, not these.
        pass
    assert any(math.isclose(float(loss), value, rel_tol=1e-9) for value, _ in accepted), f"the loss {float(loss):.6g} is not the mean squared error ({expected.item():.6g})"
    for name, p in params.items():
        assert name in grads, f"the gradients have no {name!r}"
        assert grads[name].shape == p.shape, f"{name}: shape {tuple(grads[name].shape)} != {tuple(p.shape)}"
    for _, Y_bar in accepted:
        wanted = torch.autograd.grad(Y_hat, list(params.values()), grad_outputs=Y_bar, retain_graph=True)
        if all(torch.allclose(grads[name], w, atol=1e-10) for name, w in zip(params, wanted)):
            return
    wrong = [name for name, w in zip(params, wanted) if not torch.allclose(grads[name], w, atol=1e-10)]
    raise AssertionError(f"the gradients of {', '.join(wrong)} differ from autograd's")


check_network(batch=4, n_in=3, n_hidden=5, n_out=2, seed=0)
### BEGIN HIDDEN TESTS
check_network(batch=16, n_in=10, n_hidden=32, n_out=1, seed=1)
check_network(batch=1, n_in=7, n_hidden=3, n_out=4, seed=2)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. One step of gradient descent (2 points)
#
# Use your gradients to take one SGD step with learning rate `lr`: return the four new parameters
# `(W1, b1, W2, b2)`, in that order (a tuple or a list), each $p - \mathrm{lr}\,\partial L/\partial p$
# for **every** parameter. The tests check that update exactly, at the default `lr` and at another,
# with the gradients computed by autograd (or by your own `forward_backward`, so a mistake in
# question 2 costs question 2's points only). For a small enough `lr`, the loss goes down.

# %% nbgrader={"grade": false, "grade_id": "sgd", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    """The four parameters after one gradient descent step."""
    ### BEGIN SOLUTION
    _, grads = forward_backward(X, T, W1, b1, W2, b2)
    return W1 - lr * grads["W1"], b1 - lr * grads["b1"], W2 - lr * grads["W2"], b2 - lr * grads["b2"]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sgd", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import torch

from chainrule_helpers.checks import forbid_autograd

NAMES = ["W1", "b1", "W2", "b2"]


def check_sgd(X, T, params, lr=None):
    """sgd_step's four parameters against p - lr * dL/dp, at the default lr when lr is None."""
    with forbid_autograd():
        copies = [p.clone() for p in params]
        new = sgd_step(X, T, *copies) if lr is None else sgd_step(X, T, *copies, lr=lr)
    lr = 0.05 if lr is None else lr
    assert len(new) == 4, f"sgd_step should return the four parameters (W1, b1, W2, b2), got {len(new)} values"
    leaves = [p.clone().requires_grad_(True) for p in params]
    W1, b1, W2, b2 = leaves
    loss = ((torch.relu(X @ W1.T + b1) @ W2.T + b2 - T) ** 2).mean()
    accepted = [torch.autograd.grad(loss, leaves)]
    try:
        with forbid_autograd():
            _, own = forward_backward(X, T, *(p.clone() for p in params))
        accepted.append([torch.as_tensor(own[name]) for name in NAMES])
    except Exception:
        # A mistake there costs question 2's points, not these.
        pass
    for name, p, q in zip(NAMES, params, new):
        assert torch.as_tensor(q).shape == p.shape, f"the new {name} has shape {tuple(torch.as_tensor(q).shape)}, not {tuple(p.shape)}"
    for grads in accepted:
        if all(torch.allclose(torch.as_tensor(q), p - lr * g) for p, q, g in zip(params, new, grads)):
            return
    wrong = [name for name, p, q, g in zip(NAMES, params, new, accepted[0]) if not torch.allclose(torch.as_tensor(q), p - lr * g)]
    raise AssertionError(f"at lr={lr}, the new {', '.join(wrong)} should be p - lr * dL/dp")


g = torch.Generator().manual_seed(4)
params = [torch.randn(*s, dtype=torch.float64, generator=g) * 0.5 for s in [(8, 3), (8,), (1, 8), (1,)]]
X = torch.randn(32, 3, dtype=torch.float64, generator=g)
T = torch.randn(32, 1, dtype=torch.float64, generator=g)
check_sgd(X, T, params)
check_sgd(X, T, params, lr=0.3)
### BEGIN HIDDEN TESTS
g = torch.Generator().manual_seed(5)
params = [torch.randn(*s, dtype=torch.float64, generator=g) for s in [(4, 6), (4,), (3, 4), (3,)]]
X = torch.randn(9, 6, dtype=torch.float64, generator=g)
T = torch.randn(9, 3, dtype=torch.float64, generator=g)
check_sgd(X, T, params, lr=0.01)
check_sgd(X, T, params, lr=1.7)
### END HIDDEN TESTS
