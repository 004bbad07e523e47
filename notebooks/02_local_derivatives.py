# %% [markdown]
# # 2. Local derivatives and the computational graph
#
# PyTorch never knows the derivative of your whole model. It knows the derivative of each small
# operation and records how the operations connect. After this notebook you will be able to read
# that record (`grad_fn`, `next_functions`), name the local derivative each node holds, and follow
# how the chain rule assembles them into the gradient.

# %%
# On Colab, or in any Python without this chapter's helpers, the next lines install them (once).
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("chainrule_helpers") is None:
    HELPERS = "chainrule-helpers @ git+https://github.com/chainrule/chainrule"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", HELPERS], check=True)

import matplotlib.pyplot as plt
import torch
from matplotlib.lines import Line2D

from chainrule_helpers.graphs import format_graph
from chainrule_helpers.numerics import check_gradients
from chainrule_helpers.plots import PALETTE, use_chapter_style

use_chapter_style()

# %% [markdown]
# ## Splitting a function into local pieces
#
# Consider $z = (x+y)^2$. Name the intermediate value $a = x + y$, so $z = a^2$. Each piece has a
# derivative that only looks at its own inputs:
#
# $$\frac{\partial a}{\partial x} = 1, \qquad \frac{\partial a}{\partial y} = 1, \qquad
# \frac{\partial z}{\partial a} = 2a.$$
#
# The chain rule multiplies along the route from $z$ back to each input:
#
# $$\frac{\partial z}{\partial x} = \frac{\partial z}{\partial a}\frac{\partial a}{\partial x} = 2a,
# \qquad
# \frac{\partial z}{\partial y} = \frac{\partial z}{\partial a}\frac{\partial a}{\partial y} = 2a.$$
#
# At $x=2$ and $y=3$ the sum is $a=5$, so
# $\frac{\partial z}{\partial x} = 10$ and $\frac{\partial z}{\partial y} = 10$.
# Below, `torch.autograd.grad` first reports the two local derivatives of the add node, then
# `backward()` reports the full gradients.

# %%
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
a = x + y
z = a**2
da_dx, da_dy = torch.autograd.grad(a, (x, y), retain_graph=True)
print(da_dx, da_dy)  # tensor(1.) tensor(1.)
z.backward()
print(x.grad)  # tensor(10.)
print(y.grad)  # tensor(10.)

# %% [markdown]
# Checked three ways, with the formula $2(x+y)$ for both partial derivatives:

# %%
point = {"x": torch.tensor(2.0), "y": torch.tensor(3.0)}
formula = 2 * (point["x"] + point["y"])
print(check_gradients(lambda x, y: (x + y) ** 2, point, analytic={"x": formula, "y": formula}))

# %% [markdown]
# ### The picture
#
# A gradient points across the level curves. The level curves of $(x+y)^2$ are the lines
# $x + y = \text{const}$; the thick one passes through $(2, 3)$, where the function is 25. The
# gradient $(10, 10)$ at $(2, 3)$ is perpendicular to it: both inputs matter equally because both
# enter through the same sum. The arrow is drawn at one tenth of its length, so it ends at
# $(3, 4)$; at full length it would leave the picture.

# %%
grid = torch.linspace(-1.0, 5.0, 121)
gx, gy = torch.meshgrid(grid, grid, indexing="xy")
fig, ax = plt.subplots(figsize=(5.5, 5))
contours = ax.contour(gx, gy, (gx + gy) ** 2, levels=[1, 4, 9, 16, 36, 49, 64, 81], colors="gray",
                      linewidths=0.8)
# Each level c is the line x + y = sqrt(c): label it where that line crosses the diagonal y = x,
# inside the frame, and draw no grid over the contours.
ax.clabel(contours, fontsize=8, inline=True, manual=[(c**0.5 / 2, c**0.5 / 2) for c in contours.levels])
ax.grid(False)
ax.contour(gx, gy, (gx + gy) ** 2, levels=[25], colors=[PALETTE[0]], linewidths=2.2)
ax.quiver(2, 3, 10, 10, angles="xy", scale_units="xy", scale=10, color=PALETTE[1], width=0.012)
ax.plot([2], [3], "o", color=PALETTE[1])
ax.legend(handles=[Line2D([], [], color=PALETTE[0], linewidth=2.2, label="level curve $(x+y)^2 = 25$"),
                   Line2D([], [], color=PALETTE[1], marker=">", label="gradient (10, 10), at 1/10 scale")],
          loc="lower left")
ax.set(xlabel="x", ylabel="y", title="Level curves of $(x+y)^2$ and the gradient at (2, 3)")
ax.set_aspect("equal")
plt.show()

# %% [markdown]
# ## What the graph stores
#
# While autograd is recording, which is the default, a tensor computed from tensors that require
# gradients by an operation it knows how to differentiate carries a `grad_fn`: the backward node
# of the operation that made it. Each node lists, in `next_functions`, the nodes of its inputs.
# Leaves that you created yourself end in an `AccumulateGrad` node, which adds the incoming
# gradient into `.grad`.

# %%
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
a = x + y
z = a**2
print(type(z.grad_fn).__name__)  # PowBackward0
print(type(a.grad_fn).__name__)  # AddBackward0
print([type(node).__name__ for node, _ in a.grad_fn.next_functions])  # ['AccumulateGrad', 'AccumulateGrad']
print("the leaf node holds x itself:", a.grad_fn.next_functions[0][0].variable is x)

# %% [markdown]
# Not every result is recorded. An operation whose result is an integer or boolean tensor, such as
# `argmax` or a comparison, has no derivative to record, so its result has no `grad_fn` (section 11
# shows what that cuts). And nothing at all is recorded inside a `with torch.no_grad():` block,
# which turns recording off for the code it contains:

# %%
print((x > y).grad_fn)  # None
print(torch.stack([x, y]).argmax().grad_fn)  # None
with torch.no_grad():
    b = x + y
print(b.grad_fn, b.requires_grad)  # None False

# %% [markdown]
# Followed from the output down to the leaves, these links are the whole graph:

# %%
print(format_graph(z, names={"x": x, "y": y}))

# %% [markdown]
# ## The local derivative at each node
#
# To apply $\frac{\partial z}{\partial a} = 2a$ later, the power node must remember $a$: that is
# what it saved during the forward pass. The add node needs to remember nothing, because its
# local derivatives are the constants 1 and 1. The `_saved_*` attributes below are internal: the
# leading underscore means PyTorch may rename or remove them in any release. Use them to look
# inside, never in code that has to keep working.

# %%
print(z.grad_fn._saved_self.item())  # 5.0
print(z.grad_fn._saved_exponent)  # 2

# %% [markdown]
# A node is a function from the gradient arriving at its output to the gradients it passes to its
# inputs. Call the nodes by hand, starting from $\frac{\partial z}{\partial z} = 1$:
# the power node sends $1 \cdot 2a = 10$ to the add node, and the add node sends
# $10 \cdot 1 = 10$ to each of $x$ and $y$. That is the backward pass, done one node at a time.
# Calling a `grad_fn` directly is, again, a look inside rather than an API. It runs under
# `torch.no_grad()`, seen above, so the hand-made backward pass computes plain numbers instead of
# building a new graph of its own.

# %%
with torch.no_grad():
    grad_a = z.grad_fn(torch.tensor(1.0))
    grad_x, grad_y = a.grad_fn(grad_a)
print(grad_a)  # tensor(10.)
print(grad_x, grad_y)  # tensor(10.) tensor(10.)

# %% [markdown]
# The same values, node by node, as a table of upstream gradient × local derivative:

# %%
rows = [
    ("z = a**2", "dz/da = 2a", 1.0, 2 * a.item()),
    ("a = x + y", "da/dx = 1", grad_a.item(), 1.0),
    ("a = x + y", "da/dy = 1", grad_a.item(), 1.0),
]
print(f"{'node':10} {'local derivative':17} {'upstream':>8} {'local':>6} {'sent':>6}")
for node, rule, upstream, local_value in rows:
    print(f"{node:10} {rule:17} {upstream:8.1f} {local_value:6.1f} {upstream * local_value:6.1f}")

# %% [markdown]
# ## The graph is built as the code runs
#
# Nothing above was declared in advance: PyTorch records each operation when it runs. So ordinary
# Python control flow builds a different graph on each call, and backward follows the graph that
# was actually built. Here a loop doubles $y$ until it is at least 10, so a small input goes
# through more doublings, and its gradient is a larger power of 2:

# %%
def doubled_until_ten(x):
    """Double x until its size is at least 10: how many times depends on x."""
    y = x * 2
    while y.abs() < 10:
        y = y * 2
    return y


for start in (0.3, 3.0):
    x = torch.tensor(start, requires_grad=True)
    y = doubled_until_ten(x)
    y.backward()
    depth = format_graph(y).count("MulBackward0")
    print(f"x = {start}: y = {y.item():.1f}, dy/dx = {x.grad.item():.0f}, {depth} multiply nodes recorded")

# %% [markdown]
# Backward also needs a *scalar* to start from: its seed, the derivative of the output with respect
# to itself, is the number 1 only when the output is one number. For a tensor output, `backward()`
# refuses, and you must either reduce it first
# (`.sum()`) or pass the vector to start from (`y.backward(v)`, the vector-Jacobian product of
# section 5):

# %% tags=["raises-exception"]
x = torch.tensor([1.0, 2.0], requires_grad=True)
(x * 2).backward()

# %% [markdown]
# ## Exercises
#
# Graded version: question 2 of `assignments/01_derivatives_by_hand`.
#
# 1. Build $z = (x y)^2$ through $a = x y$. Which values must the multiply node save, and why?
#    Print its saved tensors (names starting with `_saved_`) to confirm. (Both inputs,
#    `_saved_self` and `_saved_other`: the local derivative with respect to each is the other one.)
# 2. For $z = \sin(x + y)$, call the nodes by hand as above and compare the result with
#    `backward()` and with `check_gradients`. (At $(2, 3)$ both partial derivatives are
#    cos 5, about 0.2837, since the sum passes its gradient to both inputs unchanged.)
# 3. Use `format_graph` on $z = (x + y)^2 + x$. How does the printout show that $x$ is used twice?
#    (Section 3 explains what happens to its gradient.)

# %% [markdown]
# ## Summary
#
# - Autograd stores one backward node per recorded operation, linked through `next_functions` to its inputs.
# - Each node knows only its local derivative, and saves the forward values that derivative needs.
# - Backward calls the nodes from the output down, multiplying upstream gradients by local ones.
# - At $(2, 3)$, both partial derivatives of $(x+y)^2$ equal $2a$, checked three ways.
