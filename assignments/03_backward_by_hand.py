# %% [markdown]
# # Assignment 3: a backward pass by hand
#
# Sections 6 to 9 of the chapter. A batch $X \in \mathbb{R}^{B\times n}$ goes through a linear layer,
# a ReLU and a second linear layer, and is scored by the mean squared error against $T$:
#
# $$H = XW_1^\top + b_1,\quad A = \operatorname{relu}(H),\quad \hat{Y} = AW_2^\top + b_2,\quad
# L = \operatorname{mean}\big((\hat{Y} - T)^2\big).$$
#
# Write the forward pass and the backward pass with tensor operations only: no `backward()`, no
# `torch.autograd`. The tests compare every gradient with autograd in float64.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import torch

# %% [markdown]
# ## 1. The loss and its gradient at the output (2 points)

# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse_and_grad(Y_hat, T):
    """Return (L, dL/dY_hat) for L = mean((Y_hat - T)^2)."""
    ### BEGIN SOLUTION
    diff = Y_hat - T
    return (diff**2).mean(), 2 * diff / diff.numel()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import torch

pred = torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64, requires_grad=True)
target = torch.tensor([1.0, 5.0, 2.0], dtype=torch.float64)
loss, grad = mse_and_grad(pred.detach(), target)
((pred - target) ** 2).mean().backward()
assert torch.allclose(loss, torch.tensor(6.0, dtype=torch.float64)), f"loss should be 6, got {loss}"
assert torch.allclose(grad, pred.grad), f"gradient {grad} != autograd {pred.grad}"
### BEGIN HIDDEN TESTS
g = torch.Generator().manual_seed(3)
P = torch.randn(5, 2, dtype=torch.float64, generator=g, requires_grad=True)
Tt = torch.randn(5, 2, dtype=torch.float64, generator=g)
loss, grad = mse_and_grad(P.detach(), Tt)
((P - Tt) ** 2).mean().backward()
assert torch.allclose(grad, P.grad)
### END HIDDEN TESTS

# %% [markdown]
# ## 2. The whole network (6 points)
#
# Return the loss and a dict with the gradients of all four parameters, keyed `"W1"`, `"b1"`,
# `"W2"`, `"b2"`, each with the shape of its parameter. Use `mse_and_grad` for the first step.

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
import torch


def check_network(batch, n_in, n_hidden, n_out, seed):
    """Compare forward_backward with autograd on a random network and batch."""
    g = torch.Generator().manual_seed(seed)
    shapes = {"W1": (n_hidden, n_in), "b1": (n_hidden,), "W2": (n_out, n_hidden), "b2": (n_out,)}
    params = {k: torch.randn(*s, dtype=torch.float64, generator=g, requires_grad=True) for k, s in shapes.items()}
    X = torch.randn(batch, n_in, dtype=torch.float64, generator=g)
    T = torch.randn(batch, n_out, dtype=torch.float64, generator=g)
    loss, grads = forward_backward(X, T, *(p.detach() for p in params.values()))
    H = torch.relu(X @ params["W1"].T + params["b1"])
    expected = ((H @ params["W2"].T + params["b2"] - T) ** 2).mean()
    expected.backward()
    assert torch.allclose(loss, expected.detach()), f"loss {loss} != {expected.item()}"
    for name, p in params.items():
        assert grads[name].shape == p.shape, f"{name}: shape {tuple(grads[name].shape)} != {tuple(p.shape)}"
        assert torch.allclose(grads[name], p.grad, atol=1e-10), f"{name}: gradient differs from autograd"


check_network(batch=4, n_in=3, n_hidden=5, n_out=2, seed=0)
### BEGIN HIDDEN TESTS
check_network(batch=16, n_in=10, n_hidden=32, n_out=1, seed=1)
check_network(batch=1, n_in=7, n_hidden=3, n_out=4, seed=2)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. One step of gradient descent (2 points)
#
# Use your gradients to take one SGD step with learning rate `lr`, returning the new parameters.
# The loss must go down.

# %% nbgrader={"grade": false, "grade_id": "sgd", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    """The four parameters after one gradient descent step."""
    ### BEGIN SOLUTION
    _, grads = forward_backward(X, T, W1, b1, W2, b2)
    return W1 - lr * grads["W1"], b1 - lr * grads["b1"], W2 - lr * grads["W2"], b2 - lr * grads["b2"]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sgd", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import torch

g = torch.Generator().manual_seed(4)
params = [torch.randn(*s, dtype=torch.float64, generator=g) * 0.5 for s in [(8, 3), (8,), (1, 8), (1,)]]
X = torch.randn(32, 3, dtype=torch.float64, generator=g)
T = torch.randn(32, 1, dtype=torch.float64, generator=g)
before, _ = forward_backward(X, T, *params)
after, _ = forward_backward(X, T, *sgd_step(X, T, *params))
assert after < before, f"the loss went from {before.item():.4f} to {after.item():.4f}"
