"""Assignment 5 (memory and grad modes): answers as different students would write them."""

from __future__ import annotations

from .corpus import Variant

A = "05_memory_and_grad_modes"


def v(cell: str, name: str, kind: str, why: str, source: str) -> Variant:
    return Variant(A, cell, (f"test_{cell}",), name, kind, why, source)


VARIANTS = [
    # 1. The bytes a graph keeps: 4 B n (d + 1) in float32.
    v(
        "saved_bytes",
        "measured",
        "correct",
        "measures with saved_tensors_hooks, one count per storage, as section 12 does",
        """
def saved_bytes(depth, batch, width):
    model = make_stack(depth, width)
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
    seen = {}

    def pack(t):
        if t.untyped_storage().data_ptr() not in params:
            seen[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
        return t

    with saved_tensors_hooks(pack, lambda t: t):
        model(torch.randn(batch, width)).sum()
    return sum(seen.values())
""",
    ),
    v(
        "saved_bytes",
        "element_size",
        "correct",
        "the formula with the element size asked of torch, not written as 4",
        """
def saved_bytes(depth, batch, width):
    per_number = torch.tensor([], dtype=torch.float32).element_size()
    return (depth + 1) * batch * width * per_number
""",
    ),
    v(
        "saved_bytes",
        "layer_by_layer",
        "correct",
        "adds the input, then one ReLU output per block",
        """
def saved_bytes(depth, batch, width):
    one_activation = batch * width * 4
    total = one_activation  # X, saved by the first Linear for its weight gradient
    for _ in range(depth):
        total += one_activation  # this block's ReLU output, shared with the next Linear
    return int(total)
""",
    ),
    v(
        "saved_bytes",
        "data_ptr",
        "correct",
        "measures with hooks, telling tensors apart by data_ptr and numel",
        """
def saved_bytes(depth, batch, width):
    model = make_stack(depth, width)
    weights = {p.data_ptr() for p in model.parameters()}
    found = {}

    def pack(t):
        if t.data_ptr() not in weights:
            found[t.data_ptr()] = t.numel() * t.element_size()
        return t

    with saved_tensors_hooks(pack, lambda t: t):
        model(torch.randn(batch, width)).sum()
    return sum(found.values())
""",
    ),
    v(
        "saved_bytes",
        "no_input",
        "misconception",
        "forgets that the first Linear saves X: d tensors, not d + 1",
        """
def saved_bytes(depth, batch, width):
    return 4 * batch * width * depth
""",
    ),
    v(
        "saved_bytes",
        "counted_twice",
        "misconception",
        "counts every save, so an output saved by a ReLU and by the next Linear counts twice",
        """
def saved_bytes(depth, batch, width):
    model = make_stack(depth, width)
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
    total = [0]

    def pack(t):
        if t.untyped_storage().data_ptr() not in params:
            total[0] += t.numel() * t.element_size()
        return t

    with saved_tensors_hooks(pack, lambda t: t):
        model(torch.randn(batch, width)).sum()
    return total[0]
""",
    ),
    v(
        "saved_bytes",
        "pre_activations",
        "misconception",
        "thinks ReLU saves its input z as well as its output",
        """
def saved_bytes(depth, batch, width):
    return 4 * batch * width * (2 * depth + 1)
""",
    ),
    v(
        "saved_bytes",
        "float64",
        "misconception",
        "eight bytes a number: Python floats, not float32",
        """
def saved_bytes(depth, batch, width):
    return 8 * batch * width * (depth + 1)
""",
    ),
    v(
        "saved_bytes",
        "with_weights",
        "misconception",
        "counts the weights and biases too",
        """
def saved_bytes(depth, batch, width):
    return 4 * batch * width * (depth + 1) + 4 * depth * (width * width + width)
""",
    ),
    v(
        "saved_bytes",
        "parameters_counted",
        "misconception",
        "adds every parameter of the stack, counted from the model, to the activations",
        """
def saved_bytes(depth, batch, width):
    model = make_stack(depth, width)
    activations = (depth + 1) * batch * width
    parameters = sum(p.numel() for p in model.parameters())
    return 4 * (activations + parameters)
""",
    ),
    # 2. Train W2 by hand with W1 frozen.
    v(
        "frozen",
        "autograd_grad",
        "correct",
        "torch.autograd.grad each step: a fresh gradient, nothing to reset",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W2 = W2.clone().requires_grad_(True)
    for _ in range(steps):
        loss = ((torch.relu(X @ W1.T) @ W2.T - T) ** 2).mean()
        (g,) = torch.autograd.grad(loss, W2)
        with torch.no_grad():
            W2 -= lr * g
    return W1, W2.detach()
""",
    ),
    v(
        "frozen",
        "zero_after",
        "correct",
        "nn.Parameter for both, W1 frozen with requires_grad_(False), grad zeroed after each step",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W1 = nn.Parameter(W1.clone()).requires_grad_(False)
    W2 = nn.Parameter(W2.clone())
    for _ in range(steps):
        F = torch.nn.functional
        F.mse_loss(torch.relu(X @ W1.T) @ W2.T, T).backward()
        with torch.no_grad():
            W2.sub_(lr * W2.grad)
        W2.grad.zero_()
    return W1.data, W2.data
""",
    ),
    v(
        "frozen",
        "features_once",
        "correct",
        "computes the frozen features once, outside the loop, under no_grad",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    with torch.no_grad():
        H = torch.relu(X @ W1.T)
    W2 = W2.detach().clone().requires_grad_()
    for step in range(steps):
        W2.grad = None
        loss = ((H @ W2.T - T) ** 2).sum() / T.numel()
        loss.backward()
        with torch.no_grad():
            W2.copy_(W2 - lr * W2.grad)
    return W1.clone(), W2.detach()
""",
    ),
    v(
        "frozen",
        "trains_both",
        "misconception",
        "updates W1 as well: the first layer is not frozen",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W1 = W1.clone().requires_grad_(True)
    W2 = W2.clone().requires_grad_(True)
    for _ in range(steps):
        W1.grad, W2.grad = None, None
        ((torch.relu(X @ W1.T) @ W2.T - T) ** 2).mean().backward()
        with torch.no_grad():
            W1 -= lr * W1.grad
            W2 -= lr * W2.grad
    return W1.detach(), W2.detach()
""",
    ),
    v(
        "frozen",
        "no_reset",
        "misconception",
        "never resets .grad: step k applies the sum of all k gradients",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W2 = W2.clone().requires_grad_(True)
    for _ in range(steps):
        ((torch.relu(X @ W1.T) @ W2.T - T) ** 2).mean().backward()
        with torch.no_grad():
            W2 -= lr * W2.grad
    return W1, W2.detach()
""",
    ),
    v(
        "frozen",
        "rebinds",
        "misconception",
        "W2 = W2 - lr * W2.grad outside no_grad: W2 stops being a leaf and gets no .grad",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W2 = W2.clone().requires_grad_(True)
    for _ in range(steps):
        ((torch.relu(X @ W1.T) @ W2.T - T) ** 2).mean().backward()
        W2 = W2 - lr * W2.grad
    return W1, W2.detach()
""",
    ),
    v(
        "frozen",
        "sum_loss",
        "misconception",
        "the summed squared error, not the mean: steps B m times too large",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W2 = W2.clone().requires_grad_(True)
    for _ in range(steps):
        W2.grad = None
        ((torch.relu(X @ W1.T) @ W2.T - T) ** 2).sum().backward()
        with torch.no_grad():
            W2 -= lr * W2.grad
    return W1, W2.detach()
""",
    ),
    v(
        "frozen",
        "optimizer_sum",
        "misconception",
        "torch.optim.SGD on W2 alone, with F.mse_loss(reduction='sum'): steps B m times too large",
        """
def train_last_layer(W1, W2, X, T, lr, steps):
    W2 = W2.clone().requires_grad_(True)
    opt = torch.optim.SGD([W2], lr=lr)
    H = torch.relu(X @ W1.T)
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(H @ W2.T, T, reduction="sum")
        loss.backward()
        opt.step()
    return W1, W2.detach()
""",
    ),
]
