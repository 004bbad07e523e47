"""Assignment 3 (a backward pass by hand): answers as different students would write them."""

from __future__ import annotations

from .corpus import Variant

A = "03_backward_by_hand"


def v(cell: str, test: str, name: str, kind: str, why: str, source: str) -> Variant:
    return Variant(A, cell, (test,), name, kind, why, source)


VARIANTS = [
    # 1. mse_and_grad
    v(
        "mse",
        "test_mse",
        "float_loss",
        "correct",
        "the loss as a Python float (.item()), the habit the chapter teaches for logging",
        """
def mse_and_grad(Y_hat, T):
    d = Y_hat - T
    n = d.numel()
    return (d**2).sum().item() / n, (2 / n) * d
""",
    ),
    v(
        "mse",
        "test_mse",
        "explicit_count",
        "correct",
        "counts the entries as rows times columns, the loss with torch.mean",
        """
def mse_and_grad(Y_hat, T):
    count = 1
    for size in Y_hat.shape:
        count *= size
    residual = Y_hat - T
    return torch.mean(residual * residual), residual * (2.0 / count)
""",
    ),
    v(
        "mse",
        "test_mse",
        "functional",
        "correct",
        "F.mse_loss for the value, the derivative by hand",
        """
import torch.nn.functional as F


def mse_and_grad(Y_hat, T):
    loss = F.mse_loss(Y_hat, T)
    grad = 2 * (Y_hat - T) / Y_hat.numel()
    return loss, grad
""",
    ),
    v(
        "mse",
        "test_mse",
        "divide_by_rows",
        "misconception",
        "divides by len() (the rows), not by the number of entries",
        """
def mse_and_grad(Y_hat, T):
    diff = Y_hat - T
    return (diff**2).sum() / len(diff), 2 * diff / len(diff)
""",
    ),
    v(
        "mse",
        "test_mse",
        "loss_by_rows",
        "misconception",
        "a loss divided by len() beside a right gradient: the expert's case",
        """
def mse_and_grad(Y_hat, T):
    diff = Y_hat - T
    return (diff**2).sum() / len(diff), 2 * diff / diff.numel()
""",
    ),
    v(
        "mse",
        "test_mse",
        "missing_two",
        "misconception",
        "forgets the 2 of the square's derivative",
        """
def mse_and_grad(Y_hat, T):
    diff = Y_hat - T
    return (diff**2).mean(), diff / diff.numel()
""",
    ),
    v(
        "mse",
        "test_mse",
        "sign",
        "misconception",
        "differentiates with respect to T: the gradient's sign flips",
        """
def mse_and_grad(Y_hat, T):
    diff = T - Y_hat
    return (diff**2).mean(), 2 * diff / diff.numel()
""",
    ),
    v(
        "mse",
        "test_mse",
        "missing_mean",
        "misconception",
        "forgets the 1/n in the gradient",
        """
def mse_and_grad(Y_hat, T):
    diff = Y_hat - T
    return (diff**2).mean(), 2 * diff
""",
    ),
    v(
        "mse",
        "test_mse",
        "mean_over_batch",
        "misconception",
        "averages over the batch, Y_hat.shape[0], as if each row were one number",
        """
def mse_and_grad(Y_hat, T):
    batch = Y_hat.shape[0]
    err = Y_hat - T
    return (err * err).sum() / batch, 2 * err / batch
""",
    ),
    Variant(
        A,
        "mse",
        ("test_mse", "test_network", "test_sgd"),
        "autograd",
        "misconception",
        "backward() where the question forbids it (forward_backward and sgd_step, which call it, use it too)",
        """
def mse_and_grad(Y_hat, T):
    Y_hat = Y_hat.detach().requires_grad_(True)
    loss = ((Y_hat - T) ** 2).mean()
    loss.backward()
    return loss.detach(), Y_hat.grad
""",
    ),
    # 2. forward_backward
    v(
        "network",
        "test_network",
        "einsum",
        "correct",
        "einsum for every product, the ReLU mask from the activation",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    H = torch.einsum("bn,hn->bh", X, W1) + b1
    A = H.clamp(min=0)
    Y_hat = torch.einsum("bh,mh->bm", A, W2) + b2
    loss, dY = mse_and_grad(Y_hat, T)
    dA = torch.einsum("bm,mh->bh", dY, W2)
    dH = dA * (A > 0).to(dA.dtype)
    return loss, {"W1": torch.einsum("bh,bn->hn", dH, X), "b1": dH.sum(0),
                  "W2": torch.einsum("bm,bh->mh", dY, A), "b2": dY.sum(0)}
""",
    ),
    v(
        "network",
        "test_network",
        "per_example",
        "correct",
        "a loop over the batch, one outer product per example",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    H = X @ W1.T + b1
    A = torch.where(H > 0, H, torch.zeros_like(H))
    Y_hat = A @ W2.T + b2
    loss, dY = mse_and_grad(Y_hat, T)
    grads = {name: torch.zeros_like(p) for name, p in zip(["W1", "b1", "W2", "b2"], [W1, b1, W2, b2])}
    for i in range(X.shape[0]):
        dy = dY[i]
        grads["W2"] += torch.outer(dy, A[i])
        grads["b2"] += dy
        dh = (W2.T @ dy) * (H[i] > 0)
        grads["W1"] += torch.outer(dh, X[i])
        grads["b1"] += dh
    return float(loss), grads
""",
    ),
    v(
        "network",
        "test_network",
        "transposes",
        "correct",
        "gradients written transposed and turned back, the mask from relu's derivative",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    Z1 = X.matmul(W1.t()).add(b1)
    A1 = torch.relu(Z1)
    out = A1.matmul(W2.t()).add(b2)
    L, g_out = mse_and_grad(out, T)
    relu_slope = torch.heaviside(Z1, torch.zeros(()).to(Z1.dtype))
    g_Z1 = (g_out @ W2) * relu_slope
    return L, {"W2": (A1.t() @ g_out).t(), "b2": g_out.sum(dim=0), "W1": (X.t() @ g_Z1).t(), "b1": g_Z1.sum(dim=0)}
""",
    ),
    v(
        "network",
        "test_network",
        "W_for_WT",
        "misconception",
        "X^T H_bar for W1's gradient, its shape then forced with reshape instead of a transpose",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    H = X @ W1.T + b1
    A = torch.relu(H)
    Y_hat = A @ W2.T + b2
    loss, Y_bar = mse_and_grad(Y_hat, T)
    H_bar = (Y_bar @ W2) * (H > 0)
    return loss, {"W1": (X.T @ H_bar).reshape(W1.shape), "b1": H_bar.sum(0), "W2": Y_bar.T @ A, "b2": Y_bar.sum(0)}
""",
    ),
    v(
        "network",
        "test_network",
        "no_relu_mask",
        "misconception",
        "backpropagates through the ReLU as if it were the identity",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    H = X @ W1.T + b1
    A = torch.relu(H)
    Y_hat = A @ W2.T + b2
    loss, Y_bar = mse_and_grad(Y_hat, T)
    H_bar = Y_bar @ W2
    return loss, {"W1": H_bar.T @ X, "b1": H_bar.sum(0), "W2": Y_bar.T @ A, "b2": Y_bar.sum(0)}
""",
    ),
    v(
        "network",
        "test_network",
        "mean_bias",
        "misconception",
        "averages the bias gradients over the batch (the 1/n counted twice)",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    H = X @ W1.T + b1
    A = torch.relu(H)
    Y_hat = A @ W2.T + b2
    loss, Y_bar = mse_and_grad(Y_hat, T)
    H_bar = (Y_bar @ W2) * (H > 0)
    return loss, {"W1": H_bar.T @ X, "b1": H_bar.mean(0), "W2": Y_bar.T @ A, "b2": Y_bar.mean(0)}
""",
    ),
    v(
        "network",
        "test_network",
        "mask_from_weights",
        "misconception",
        "the ReLU mask taken after the second layer instead of at H",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    H = X @ W1.T + b1
    A = torch.relu(H)
    Y_hat = A @ W2.T + b2
    loss, Y_bar = mse_and_grad(Y_hat, T)
    H_bar = (Y_bar @ W2) * (A @ W2.T @ W2 > 0)
    return loss, {"W1": H_bar.T @ X, "b1": H_bar.sum(0), "W2": Y_bar.T @ A, "b2": Y_bar.sum(0)}
""",
    ),
    Variant(
        A,
        "network",
        ("test_network", "test_sgd"),
        "autograd",
        "misconception",
        "torch.autograd.grad where the question forbids it (sgd_step, which calls it, uses it too)",
        """
def forward_backward(X, T, W1, b1, W2, b2):
    params = [p.detach().requires_grad_(True) for p in (W1, b1, W2, b2)]
    w1, c1, w2, c2 = params
    loss = ((torch.relu(X @ w1.T + c1) @ w2.T + c2 - T) ** 2).mean()
    grads = torch.autograd.grad(loss, params)
    return loss.detach(), dict(zip(["W1", "b1", "W2", "b2"], grads))
""",
    ),
    # 3. sgd_step
    v(
        "sgd",
        "test_sgd",
        "dict_loop",
        "correct",
        "a loop over the names, returning a tuple",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    _, grads = forward_backward(X, T, **params)
    return tuple(params[k] - lr * grads[k] for k in ["W1", "b1", "W2", "b2"])
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "in_place",
        "correct",
        "updates in place under no_grad, as torch.optim does, and returns a list",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    _, g = forward_backward(X, T, W1, b1, W2, b2)
    with torch.no_grad():
        W1.sub_(lr * g["W1"])
        b1.sub_(lr * g["b1"])
        W2.sub_(lr * g["W2"])
        b2.sub_(lr * g["b2"])
    return [W1, b1, W2, b2]
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "namedtuple",
        "correct",
        "returns a namedtuple of the new parameters (the harness must not take it for tampering)",
        """
from collections import namedtuple


def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    Params = namedtuple("Params", "W1 b1 W2 b2")
    old = Params(W1, b1, W2, b2)
    _, grads = forward_backward(X, T, *old)
    return Params(*(p + (-lr) * grads[name] for name, p in zip(Params._fields, old)))
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "ignores_lr",
        "misconception",
        "ignores lr: always steps by 0.05",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    _, grads = forward_backward(X, T, W1, b1, W2, b2)
    return W1 - 0.05 * grads["W1"], b1 - 0.05 * grads["b1"], W2 - 0.05 * grads["W2"], b2 - 0.05 * grads["b2"]
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "only_b2",
        "misconception",
        "moves only b2, a little: the loss still goes down (the expert's case)",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    _, grads = forward_backward(X, T, W1, b1, W2, b2)
    return W1, b1, W2, b2 - lr * grads["b2"]
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "ascent",
        "misconception",
        "p + lr * g: a step up the loss",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    _, grads = forward_backward(X, T, W1, b1, W2, b2)
    return W1 + lr * grads["W1"], b1 + lr * grads["b1"], W2 + lr * grads["W2"], b2 + lr * grads["b2"]
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "weights_only",
        "misconception",
        "moves the weights and forgets the biases",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    _, grads = forward_backward(X, T, W1, b1, W2, b2)
    return W1 - lr * grads["W1"], b1, W2 - lr * grads["W2"], b2
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "weights_by_name",
        "misconception",
        "steps only the parameters whose name starts with W, in a loop over a dict",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    _, grads = forward_backward(X, T, **params)
    for name in params:
        if name.startswith("W"):
            params[name] = params[name] - lr * grads[name]
    return tuple(params.values())
""",
    ),
    v(
        "sgd",
        "test_sgd",
        "autograd",
        "misconception",
        "computes the step with backward() where the question forbids it",
        """
def sgd_step(X, T, W1, b1, W2, b2, lr=0.05):
    params = [p.detach().clone().requires_grad_(True) for p in (W1, b1, W2, b2)]
    w1, c1, w2, c2 = params
    ((torch.relu(X @ w1.T + c1) @ w2.T + c2 - T) ** 2).mean().backward()
    return tuple((p - lr * p.grad).detach() for p in params)
""",
    ),
]
