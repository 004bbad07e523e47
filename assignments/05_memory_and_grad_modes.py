# %% [markdown]
# # Assignment 5: memory and grad modes
#
# Section 12 of the chapter. First count what a graph keeps alive until the backward pass, then
# train one layer by hand with the layer before it frozen.
#
# Run each test cell after your answer; a cell that runs without error has passed its visible
# tests. The hidden tests use the same checks at other sizes.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import torch
from torch import nn
from torch.autograd.graph import saved_tensors_hooks


def make_stack(depth, width):
    """depth blocks of nn.Linear(width, width) then nn.ReLU(), in float32."""
    return nn.Sequential(*[layer for _ in range(depth) for layer in (nn.Linear(width, width), nn.ReLU())])


# %% [markdown]
# ## 1. The bytes a graph keeps (4 points)
#
# Write `saved_bytes(depth, batch, width)`. It concerns `make_stack(depth, width)` applied to a
# float32 input `X` of shape `[batch, width]` that does not require grad, with the loss
# `make_stack(depth, width)(X).sum()`. Return, as a Python `int`, the number of bytes of the
# tensors autograd saves for the backward pass of that loss: each distinct piece of memory counted
# once (a tensor saved by two nodes is one tensor), the parameters (weights and biases) not
# counted. Derive a formula from the backward rules of section 12, or measure with
# `saved_tensors_hooks` as the section does; both are accepted. The tests use `depth`, `batch` and
# `width` from 1 to 64, the number alone: your function may build any model it likes, or none.

# %% nbgrader={"grade": false, "grade_id": "saved_bytes", "locked": false, "schema_version": 3, "solution": true, "task": false}
def saved_bytes(depth, batch, width):
    """Bytes of activations autograd saves for make_stack(depth, width)(X).sum(), X of shape [batch, width]."""
    ### BEGIN SOLUTION
    # X, then each block's ReLU output (also the next Linear's input): depth + 1 tensors of float32.
    return 4 * batch * width * (depth + 1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_saved_bytes", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from torch import nn
from torch.autograd.graph import saved_tensors_hooks


def measured_bytes(depth, batch, width):
    """The distinct non-parameter storages saved while computing the stack's loss, in bytes."""
    torch.manual_seed(0)
    stack = nn.Sequential(*[layer for _ in range(depth) for layer in (nn.Linear(width, width), nn.ReLU())])
    parameters = {p.untyped_storage().data_ptr() for p in stack.parameters()}
    storages = {}

    def pack(tensor):
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in parameters:
            storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    with saved_tensors_hooks(pack, lambda tensor: tensor):
        stack(torch.randn(batch, width)).sum()
    return sum(storages.values())


def assert_saved_bytes(depth, batch, width):
    answer = saved_bytes(depth, batch, width)
    expected = measured_bytes(depth, batch, width)
    assert type(answer) is int, f"saved_bytes({depth}, {batch}, {width}) returned {answer!r}, not a Python int"
    assert answer == expected, (f"saved_bytes({depth}, {batch}, {width}) returned {answer}; "
                                f"autograd saves {expected} bytes")


assert_saved_bytes(2, 4, 8)
assert_saved_bytes(8, 64, 16)
### BEGIN HIDDEN TESTS
for depth, batch, width in [(1, 1, 1), (1, 32, 4), (3, 16, 64), (5, 2, 3), (12, 7, 10), (64, 3, 2)]:
    assert_saved_bytes(depth, batch, width)
### END HIDDEN TESTS

# %% [markdown]
# ## 2. A frozen layer and a hand-written update (4 points)
#
# The model is $y = \mathrm{relu}(X W_1^\top)\, W_2^\top$ and the loss the mean squared error
# $L = \operatorname{mean}\big((y - T)^2\big)$ over all entries. Write
# `train_last_layer(W1, W2, X, T, lr, steps)`: freeze $W_1$ (it must not change), and train $W_2$
# by `steps` steps of plain gradient descent, $W_2 \leftarrow W_2 - \eta\, \nabla_{W_2} L$ with
# $\eta$ = `lr`, each step with the gradient at the current $W_2$ only (reset `.grad`, or use
# `torch.autograd.grad`); an update in place needs `torch.no_grad()` (section 12 says why).
# Return the pair `(W1, W2)` after training, as tensors of the shapes received. All tensors are
# float64: `W1` of shape `[h, n]`, `W2` of shape `[m, h]`, `X` of shape `[B, n]`, `T` of shape
# `[B, m]`; `steps` may be 0.

# %% nbgrader={"grade": false, "grade_id": "frozen", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_last_layer(W1, W2, X, T, lr, steps):
    """(W1, W2) after `steps` steps of gradient descent on W2 alone, W1 frozen."""
    ### BEGIN SOLUTION
    W1 = W1.detach().clone().requires_grad_(False)
    W2 = W2.detach().clone().requires_grad_(True)
    for _ in range(steps):
        W2.grad = None
        loss = ((torch.relu(X @ W1.T) @ W2.T - T) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            W2 -= lr * W2.grad
    return W1.detach(), W2.detach()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_frozen", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch


def reference(W1, W2, X, T, lr, steps):
    """Gradient descent on W2 with the gradient written out: dL/dW2 = (2 / (B m)) (y - T)^T H."""
    H = torch.relu(X @ W1.T)
    for _ in range(steps):
        W2 = W2 - lr * 2 * (H @ W2.T - T).T @ H / T.numel()
    return W2


def assert_trains_last_layer(seed, B, n, h, m, lr, steps):
    generator = torch.Generator().manual_seed(seed)
    W1, W2 = torch.randn(h, n, generator=generator, dtype=torch.float64), torch.randn(m, h, generator=generator, dtype=torch.float64)
    X, T = torch.randn(B, n, generator=generator, dtype=torch.float64), torch.randn(B, m, generator=generator, dtype=torch.float64)
    W1_after, W2_after = train_last_layer(W1.clone(), W2.clone(), X.clone(), T.clone(), lr, steps)
    assert torch.equal(torch.as_tensor(W1_after), W1), "W1 changed: it is frozen and must come back unchanged"
    expected = reference(W1, W2, X, T, lr, steps)
    W2_after = torch.as_tensor(W2_after)
    assert W2_after.shape == expected.shape, f"W2 came back with shape {tuple(W2_after.shape)}, not {tuple(expected.shape)}"
    gap = (W2_after - expected).abs().max().item()
    assert gap < 1e-9, (f"after {steps} steps with lr={lr}, W2 is off by up to {gap:.2g}: each step must use the "
                        "gradient at the current W2 only, and W1 must not move")


assert_trains_last_layer(0, B=8, n=3, h=4, m=2, lr=0.1, steps=1)
assert_trains_last_layer(1, B=8, n=3, h=4, m=2, lr=0.1, steps=5)
### BEGIN HIDDEN TESTS
assert_trains_last_layer(2, B=16, n=5, h=6, m=3, lr=0.05, steps=20)
assert_trains_last_layer(3, B=1, n=1, h=1, m=1, lr=0.5, steps=3)
assert_trains_last_layer(4, B=8, n=3, h=4, m=2, lr=0.1, steps=0)
### END HIDDEN TESTS
