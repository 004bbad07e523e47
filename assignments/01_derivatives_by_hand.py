# %% [markdown]
# # Assignment 1: derivatives by hand
#
# Sections 1 to 3 of the chapter. For each function below, derive the gradient on paper with the
# chain rule, then write it as code with tensor operations (`torch.sin`, `*`, `**`, ...). Autograd
# is **forbidden** in your answers: no `backward()`, no `torch.autograd`, no `torch.func`. The tests
# run your functions with those tools switched off (calling one raises `ForbiddenTool`), then
# compare your formula with autograd and with finite differences, at the point shown and at points
# you have not seen.
#
# Every input is a float tensor, and every gradient you return is a tensor of the same shape as
# its input. Run each test cell after your answer; a cell that runs without error has passed its
# visible tests. The hidden tests use the same checks at other points and shapes, as each question
# states.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import torch

from chainrule_helpers.numerics import check_gradients

# %% [markdown]
# ## 1. A composition (2 points)
#
# $z = (3x - 2)^2$. Name the inner and the outer function, multiply their derivatives, and return
# $\frac{dz}{dx}$. `x` is a float tensor of any shape (a single number as a 0-dim tensor, or a
# vector) and the formula applies to each entry: return a tensor of the same shape as `x`.

# %% nbgrader={"grade": false, "grade_id": "composition", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_composition(x):
    """dz/dx for z = (3x - 2)^2."""
    ### BEGIN SOLUTION
    return 6 * (3 * x - 2)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_composition", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from chainrule_helpers.checks import forbid_autograd
from chainrule_helpers.numerics import check_gradients

x0 = torch.tensor(1.0)
with forbid_autograd():
    g = grad_composition(x0)
check_gradients(lambda x: (3 * x - 2) ** 2, x0, analytic=g)
### BEGIN HIDDEN TESTS
for point in torch.linspace(-2.0, 3.0, 7):
    with forbid_autograd():
        g = grad_composition(point)
    check_gradients(lambda x: (3 * x - 2) ** 2, point, analytic=g)
xs = torch.tensor([-1.0, 0.5, 2.0])
with forbid_autograd():
    g = grad_composition(xs)
check_gradients(lambda x: ((3 * x - 2) ** 2).sum(), xs, analytic=g)
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Local derivatives (3 points)
#
# $z = (xy + y)^2$. Introduce $a = xy + y$, write the local derivatives $\partial a/\partial x$,
# $\partial a/\partial y$ and $\partial z/\partial a$, and return the pair
# $\big(\frac{\partial z}{\partial x}, \frac{\partial z}{\partial y}\big)$, in that order.
# `x` and `y` are single numbers, as 0-dim float tensors; return a tuple of two 0-dim tensors.

# %% nbgrader={"grade": false, "grade_id": "local", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_local(x, y):
    """(dz/dx, dz/dy) for z = (xy + y)^2."""
    ### BEGIN SOLUTION
    a = x * y + y
    return 2 * a * y, 2 * a * (x + 1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_local", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
from chainrule_helpers.checks import forbid_autograd
from chainrule_helpers.numerics import check_gradients

x0, y0 = torch.tensor(2.0), torch.tensor(3.0)
with forbid_autograd():
    gx, gy = grad_local(x0, y0)
check_gradients(lambda x, y: (x * y + y) ** 2, {"x": x0, "y": y0}, analytic={"x": gx, "y": gy})
### BEGIN HIDDEN TESTS
generator = torch.Generator().manual_seed(1)
for _ in range(5):
    xh, yh = torch.randn(2, generator=generator)
    with forbid_autograd():
        gx, gy = grad_local(xh, yh)
    check_gradients(lambda x, y: (x * y + y) ** 2, {"x": xh, "y": yh}, analytic={"x": gx, "y": gy})
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Several paths (3 points)
#
# $z = x \sin x + x^2$. The variable $x$ reaches $z$ along three paths. Add their contributions.
#
# As in question 1, `x` is a float tensor of any shape and the formula applies to each entry: the
# tests pass a single number (a 0-dim tensor) and a vector, and expect a tensor of the same shape
# as `x`. Use torch's functions (`torch.sin`, `torch.cos`): `math.sin` accepts one number only, so
# an answer built on it fails for a vector.

# %% nbgrader={"grade": false, "grade_id": "paths", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_paths(x):
    """dz/dx for z = x sin x + x^2."""
    ### BEGIN SOLUTION
    return torch.sin(x) + x * torch.cos(x) + 2 * x
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_paths", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
from chainrule_helpers.checks import forbid_autograd
from chainrule_helpers.numerics import check_gradients

x0 = torch.tensor(1.0)
with forbid_autograd():
    g = grad_paths(x0)
check_gradients(lambda x: x * torch.sin(x) + x**2, x0, analytic=g)
x1 = torch.tensor([1.0, -2.0])
with forbid_autograd():
    g = grad_paths(x1)
check_gradients(lambda x: (x * torch.sin(x) + x**2).sum(), x1, analytic=g)
### BEGIN HIDDEN TESTS
points = torch.tensor([-2.5, -0.3, 0.0, 0.7, 4.0])
with forbid_autograd():
    g = grad_paths(points)
check_gradients(lambda x: (x * torch.sin(x) + x**2).sum(), points, analytic=g)
### END HIDDEN TESTS

# %% [markdown]
# ## 4. A whole vector at once (2 points)
#
# $z = \sum_i e^{-x_i^2}$ for a vector $x$. Return the full gradient $\nabla_x z$, a tensor of the
# same shape as `x`. `x` is a vector: a 1-dim float tensor, of any length (the tests use lengths 1,
# 3 and 12). Any of section 5's ways is right: one elementwise formula, a loop over the entries, or
# the Jacobian of $x \mapsto e^{-x^2}$ multiplied by a vector of ones.

# %% nbgrader={"grade": false, "grade_id": "vector", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_vector(x):
    """The gradient of sum(exp(-x^2)) with respect to the vector x."""
    ### BEGIN SOLUTION
    return -2 * x * torch.exp(-(x**2))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_vector", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from chainrule_helpers.checks import forbid_autograd
from chainrule_helpers.numerics import check_gradients

x0 = torch.tensor([0.5, -1.0, 2.0])
with forbid_autograd():
    g = grad_vector(x0)
check_gradients(lambda x: torch.exp(-(x**2)).sum(), x0, analytic=g)
### BEGIN HIDDEN TESTS
for xh in (torch.randn(12, generator=torch.Generator().manual_seed(2)), torch.tensor([0.3])):
    with forbid_autograd():
        g = grad_vector(xh)
    check_gradients(lambda x: torch.exp(-(x**2)).sum(), xh, analytic=g)
### END HIDDEN TESTS
