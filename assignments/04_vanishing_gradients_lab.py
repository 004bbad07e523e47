# %% [markdown]
# # Assignment 4: the vanishing gradients lab
#
# Section 10 of the chapter. First measure how the gradient shrinks through a deep network, then
# repair a network that does not train.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import torch
from torch import nn


def make_data(seed=0):
    """A small regression task: 256 points, 8 inputs, a smooth target."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(256, 8, generator=g)
    y = torch.sin(X[:, :1]) + 0.5 * X[:, 1:2] * X[:, 2:3]
    return X, y


def deep_sigmoid_mlp(depth=20, width=32):
    """The broken network: many sigmoid layers with default initialisation."""
    layers = [nn.Linear(8, width), nn.Sigmoid()]
    for _ in range(depth - 1):
        layers += [nn.Linear(width, width), nn.Sigmoid()]
    return nn.Sequential(*layers, nn.Linear(width, 1))


def train(model, X, y, steps=150, lr=0.01):
    """Adam on the mean squared error; returns the final training loss."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(X) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return loss.item()


# %% [markdown]
# ## 1. Measure (4 points)
#
# Write `layer_grad_norms(model, X, y)`: run one forward and backward pass of the mean squared
# error, and return a list with the norm of the gradient of each `nn.Linear` layer's **weight**, in
# the order the layers appear in the model. Reset gradients first, so that earlier calls do not
# leak into the result.

# %% nbgrader={"grade": false, "grade_id": "measure", "locked": false, "schema_version": 3, "solution": true, "task": false}
def layer_grad_norms(model, X, y):
    """Norm of each Linear layer's weight gradient, first layer first."""
    ### BEGIN SOLUTION
    model.zero_grad()
    ((model(X) - y) ** 2).mean().backward()
    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_measure", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import torch
from torch import nn

torch.manual_seed(0)
X, y = make_data()
broken = deep_sigmoid_mlp()
norms = layer_grad_norms(broken, X, y)
assert len(norms) == 21, f"the broken network has 21 Linear layers, got {len(norms)} norms"
assert norms[0] < 1e-4 * norms[-1], "in the broken network the first layer's gradient should be tiny"
### BEGIN HIDDEN TESTS
again = layer_grad_norms(broken, X, y)
assert all(abs(a - b) <= 1e-6 * max(b, 1e-30) for a, b in zip(again, norms)), "reset gradients between calls"
broken.zero_grad()
((broken(X) - y) ** 2).mean().backward()
expected = [m.weight.grad.norm().item() for m in broken.modules() if isinstance(m, nn.Linear)]
assert all(abs(a - b) <= 1e-6 * max(b, 1e-30) for a, b in zip(norms, expected))
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Repair (6 points)
#
# `deep_sigmoid_mlp()` barely trains: after 150 steps its loss stays near the variance of the
# target. Write `repaired_mlp()`, a network of **at least 20 hidden layers** of width 32 that
# reaches a training loss **below 0.05 in 150 steps** of `train`. Use what section 10 teaches
# (the activation, the initialisation, residual connections, normalisation), not a shallower
# network.

# %% nbgrader={"grade": false, "grade_id": "repair", "locked": false, "schema_version": 3, "solution": true, "task": false}
def repaired_mlp(depth=20, width=32):
    """A deep network that trains."""
    ### BEGIN SOLUTION
    class Residual(nn.Module):
        """x + f(x): an identity path for the gradient around each block."""

        def __init__(self):
            super().__init__()
            self.block = nn.Sequential(nn.LayerNorm(width), nn.Linear(width, width), nn.ReLU())

        def forward(self, x):
            return x + self.block(x)

    return nn.Sequential(nn.Linear(8, width), *[Residual() for _ in range(depth)], nn.Linear(width, 1))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_repair", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
import torch
from torch import nn

torch.manual_seed(0)
X, y = make_data()
model = repaired_mlp()
hidden = [m for m in model.modules() if isinstance(m, nn.Linear)][1:-1]
assert len(hidden) >= 20, f"keep at least 20 hidden layers (found {len(hidden)})"
final = train(model, X, y)
assert final < 0.05, f"training loss after 150 steps is {final:.4f}, not below 0.05"
### BEGIN HIDDEN TESTS
torch.manual_seed(1)
X2, y2 = make_data(seed=1)
assert train(repaired_mlp(), X2, y2) < 0.05, "the repair must also work for another seed"
### END HIDDEN TESTS
