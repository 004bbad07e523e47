# %% [markdown]
# # Assignment 4: the vanishing gradients lab
#
# Section 10 of the chapter. First measure how the gradient shrinks through a deep network, then
# repair a network that does not train.
#
# The setup cell imports the lab's three tools from `chainrule_helpers.checks`, where the tests
# take them too: `make_data(seed)`, a regression task of 256 points with 8 inputs and one target
# (its variance is about 0.65); `deep_sigmoid_mlp(depth=20, width=32)`, the broken network: a
# `Linear(8, 32)`, then `depth - 1` layers `Linear(32, 32)`, each followed by a sigmoid, then the
# output layer `Linear(32, 1)`, all with PyTorch's default initialisation; and
# `train(model, X, y, steps=150, lr=0.01)`, full-batch Adam on the mean squared error, which
# returns the training loss after the last step.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import torch
from torch import nn

from chainrule_helpers.checks import deep_sigmoid_mlp

# %% [markdown]
# ## 1. Measure (4 points)
#
# Write `layer_grad_norms(model, X, y)`: run one forward and backward pass of the mean squared
# error $\operatorname{mean}\big((\text{model}(X) - y)^2\big)$, and return a list with the norm (the
# Euclidean norm of all its entries) of the gradient of each `nn.Linear` layer's **weight**, in the
# order the layers appear in the model, one number per layer: a Python float or a 0-dim tensor.
# Autograd is allowed here. Reset gradients first, so that earlier calls do not leak into the
# result: the tests call your function twice on the same model and expect the same list. They use
# `deep_sigmoid_mlp()` (21 `nn.Linear` layers) and a shallower one.

# %% nbgrader={"grade": false, "grade_id": "measure", "locked": false, "schema_version": 3, "solution": true, "task": false}
def layer_grad_norms(model, X, y):
    """Norm of each Linear layer's weight gradient, first layer first."""
    ### BEGIN SOLUTION
    model.zero_grad()
    ((model(X) - y) ** 2).mean().backward()
    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_measure", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import math

import torch
from torch import nn

from chainrule_helpers.checks import deep_sigmoid_mlp as course_mlp
from chainrule_helpers.checks import make_data as course_data
from chainrule_helpers.checks import parameter_values


def expected_norms(model, depth, X, y):
    """The weight-gradient norms of a copy of `model`, rebuilt here from its parameters."""
    copy = course_mlp(depth)
    copy.load_state_dict(parameter_values(model))
    ((copy(X) - y) ** 2).mean().backward()
    return [layer.weight.grad.norm().item() for layer in copy if isinstance(layer, nn.Linear)]


def same(found, expected):
    """Two lists of norms agree, number by number."""
    return len(found) == len(expected) and all(math.isclose(float(a), b, rel_tol=1e-4) for a, b in zip(found, expected))


torch.manual_seed(0)
X, y = course_data()
broken = deep_sigmoid_mlp()
norms = [float(n) for n in layer_grad_norms(broken, X, y)]
assert len(norms) == 21, f"the broken network has 21 Linear layers, got {len(norms)} norms"
assert norms[0] < 1e-4 * norms[-1], "in the broken network the first layer's gradient should be tiny"
### BEGIN HIDDEN TESTS
assert same(norms, expected_norms(broken, 20, X, y)), "the norms differ from the weight gradients' norms, first layer first"
again = layer_grad_norms(broken, X, y)
assert same(again, norms), "a second call gave other norms: reset the gradients before the backward pass"
X2, y2 = course_data(seed=3)
small = deep_sigmoid_mlp(depth=4)
assert same(layer_grad_norms(small, X2, y2), expected_norms(small, 4, X2, y2)), "wrong norms for a network of 5 Linear layers"
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Repair (6 points)
#
# `deep_sigmoid_mlp()` barely trains: after 150 steps of `train` its loss stays near the variance of
# the target (about 0.65, what predicting the mean gives). Write `repaired_mlp()`, returning a new
# `nn.Module` that keeps **at least 20 hidden layers of width 32** and trains: after 150 steps of
# `train` its loss is **below 0.3**. Use what section 10 teaches (the activation, the
# initialisation, residual connections, normalisation), not a shallower network.
#
# A *hidden layer* here is an `nn.Linear` module with 32 outputs that runs when the model is
# applied to `X` and whose output reaches the model's output (the gradient of the output with
# respect to it is not zero). Each module counts once, however often it runs. The output layer,
# `Linear(32, 1)`, is not one. So `deep_sigmoid_mlp()` has 20 hidden layers: its `Linear(8, 32)` and
# its 19 `Linear(32, 32)`. Layers that are never called, or whose output is multiplied by 0 or
# detached, do not count. The tests count with forward hooks during one pass (the `hidden_layers`
# function of `chainrule_helpers.checks`), then train a fresh model with `train` on two data sets
# (`make_data(0)` and `make_data(1)`). Every fix section 10 names passes with a wide margin (ReLU
# with Kaiming initialisation, tanh with Xavier's tanh gain, a residual connection, normalisation).

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

from chainrule_helpers.checks import hidden_layers
from chainrule_helpers.checks import make_data as course_data
from chainrule_helpers.checks import train as course_train


def count_hidden(model, X):
    """How many hidden layers of width 32 run on X and reach the output."""
    return sum(1 for layer in hidden_layers(model, X) if layer["out_features"] == 32 and layer["influences"])


torch.manual_seed(0)
X, y = course_data()
model = repaired_mlp()
found = count_hidden(model, X)
assert found >= 20, f"keep at least 20 hidden layers of width 32 that run and reach the output (found {found})"
final = course_train(model, X, y)
assert final < 0.3, f"training loss after 150 steps is {final:.4f}, not below 0.3"
### BEGIN HIDDEN TESTS
torch.manual_seed(1)
X2, y2 = course_data(seed=1)
model = repaired_mlp()
assert count_hidden(model, X2) >= 20, "a second model must keep its 20 hidden layers too"
assert course_train(model, X2, y2) < 0.3, "the repair must also train on another data set and initialisation"
### END HIDDEN TESTS
