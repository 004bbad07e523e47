# %% [markdown]
# # 1. Composition and the chain rule
#
# A neural network is a long composition of small functions. After this notebook you will be able
# to differentiate a composition by multiplying the derivatives of its parts, see that this is
# exactly what PyTorch's `backward()` does, and check any gradient three independent ways.

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

from chainrule_helpers.numerics import check_gradients
from chainrule_helpers.plots import draw_nudge, plot_tangent, slope_at, use_chapter_style

use_chapter_style()

# %% [markdown]
# ## Why derivatives multiply
#
# Let $y = g(x)$ and $z = f(y)$, so that $z = f(g(x))$. Nudge $x$ by a small $\Delta x$.
# Near $x$ the inner function is almost a straight line, so $y$ moves by
# $\Delta y \approx g'(x)\,\Delta x$. Near $y$ the outer function is almost a straight line too, so
# $z$ moves by $\Delta z \approx f'(y)\,\Delta y$. Put one inside the other:
#
# $$\Delta z \approx f'(y)\, g'(x)\, \Delta x .$$
#
# Dividing by $\Delta x$ and letting it shrink to zero turns the approximation into an equality:
#
# $$\frac{dz}{dx} = \frac{dz}{dy}\,\frac{dy}{dx} = f'(g(x))\,g'(x).$$
#
# The slope of the whole is the product of the slopes of the parts, each taken *at the point the
# data actually passes through*: $f'$ is evaluated at $y = g(x)$, not at $x$.

# %% [markdown]
# ## A worked example
#
# Take $y = x + 1$ and $z = y^2$, so $z = (x+1)^2$. The local derivatives are
#
# $$\frac{dz}{dy} = 2y, \qquad \frac{dy}{dx} = 1,$$
#
# and their product is $\frac{dz}{dx} = 2y \cdot 1 = 2(x+1)$.
# Expanding first gives the same answer: $(x+1)^2 = x^2 + 2x + 1$, whose derivative is $2x + 2$.
#
# At $x=3$ the data passes through $y=4$, so $\frac{dz}{dx} = 2 \cdot 4 = 8$.
# PyTorch agrees:

# %%
x = torch.tensor(3.0, requires_grad=True)
y = x + 1
z = y**2
z.backward()
print(x.grad)  # tensor(8.)

# %% [markdown]
# The number comes from the same two local derivatives. Ask PyTorch to keep the gradient that
# reaches the intermediate $y$: it is $\frac{dz}{dy} = 2y = 8$. The local derivative
# $\frac{dy}{dx} = 1$ is what `torch.autograd.grad` reports for the link from $x$ to $y$, and
# multiplying by it leaves the gradient unchanged on its way to $x$.

# %%
x = torch.tensor(3.0, requires_grad=True)
y = x + 1
(dy_dx,) = torch.autograd.grad(y, x, retain_graph=True)
y.retain_grad()
z = y**2
z.backward()
print(y.grad)  # tensor(8.)
print(dy_dx)  # tensor(1.)
print(x.grad)  # tensor(8.)

# %% [markdown]
# Two tools appeared there. `y.retain_grad()` asks PyTorch to keep the gradient of a non-leaf
# tensor, which it otherwise discards. `retain_graph=True` asks `torch.autograd.grad` to keep the
# graph it walked: by default a backward pass frees the tensors its nodes saved for it as soon as
# it has used them. Here the flag is only a precaution. The link from $x$ to $y$ is an addition,
# whose local derivative is 1 whatever $x$ is, so its node (`AddBackward0`) saves no tensor, and
# nothing that `z.backward()` needs is freed. Without the flag the cell gives 8 and 8 all the same:

# %%
x = torch.tensor(3.0, requires_grad=True)
y = x + 1
(dy_dx,) = torch.autograd.grad(y, x)
y.retain_grad()
z = y**2
z.backward()
print(y.grad)  # tensor(8.)
print(x.grad)  # tensor(8.)

# %% [markdown]
# The flag matters when a node on the part of the graph walked twice saved a tensor. The square
# does: its local derivative $2y$ needs $y$, so `PowBackward0` saves it, and the first backward
# pass frees it. Here is the error a second pass through that node gives:

# %% tags=["raises-exception"]
x = torch.tensor(3.0, requires_grad=True)
z = (x + 1) ** 2
z.backward()
z.backward()

# %% [markdown]
# ### Three independent checks
#
# A gradient you can only get one way is a gradient you cannot trust. `check_gradients` puts three
# side by side: autograd's, the formula we derived, $2(x+1)$, and central finite differences
# $\big(z(x+h) - z(x-h)\big)/2h$, which know nothing about calculus. It computes the first and the
# last itself, in float64: it converts the point to float64 before calling the function. The
# formula is the one you pass in, already evaluated in your tensors' dtype, float32 here because
# `x0` is float32; `check_gradients` converts it to float64 only to compare. It raises an error if
# any two disagree.

# %%
x0 = torch.tensor(3.0)
analytic = 2 * (x0 + 1)
print(analytic.dtype)  # torch.float32
print(check_gradients(lambda x: (x + 1) ** 2, x0, analytic=analytic))

# %% [markdown]
# ### The picture
#
# A derivative is the slope of the tangent line. Look at how the dashed tangent at $x = 3$ touches
# the parabola $z = (x+1)^2$ and climbs 8 units for every unit to the right.

# %%
plot_tangent(lambda x: (x + 1) ** 2, 3.0, half_width=2.5, label="$z = (x + 1)^2$")
plt.show()

# %% [markdown]
# That slope of 8 is built from two smaller slopes, one per link of the chain. Follow one nudge
# through both links, drawn as arrows: on the left, a nudge of $x$ by 1 at $x = 3$ moves
# $y = x + 1$ by 1, since this link has slope 1 (its tangent is the line itself); on the right,
# that same nudge of 1 arrives at $y = 4$ and moves $z = y^2$ by 8 along the tangent of slope 8
# (the curve itself rises a little more, from 16 to 25, as the tangent is exact only for small
# nudges).
# A nudge of 1 in $x$ became 8 in $z$: the 8 of the whole.

# %%
fig, (ax_inner, ax_outer) = plt.subplots(1, 2, figsize=(11, 4))
plot_tangent(lambda x: x + 1, 3.0, half_width=2.0, label="$y = x + 1$", ax=ax_inner)
plot_tangent(lambda y: y**2, 4.0, half_width=2.0, label="$z = y^2$", ax=ax_outer)
dy = draw_nudge(ax_inner, 3.0, 4.0, 1.0, slope_at(lambda x: x + 1, 3.0), names=("dx", "dy"))
dz = draw_nudge(ax_outer, 4.0, 16.0, dy, slope_at(lambda y: y**2, 4.0), names=("dy", "dz"))
ax_outer.set_xlabel("y")
ax_inner.set_title("inner link at x = 3: a nudge dx moves y by 1 · dx")
ax_outer.set_title("outer link at y = 4: that nudge moves z by 8 · dy")
plt.show()
print(f"dx = 1, dy = {dy:g}, dz = {dz:g}; the curve: 16 to {5.0**2:g}")  # dx = 1, dy = 1, dz = 8; the curve: 16 to 25

# %% [markdown]
# ## Longer chains
#
# Nothing limits the rule to two links. For $z = f_3(f_2(f_1(x)))$, apply it twice:
#
# $$\frac{dz}{dx} = f_3'(f_2(f_1(x)))\; f_2'(f_1(x))\; f_1'(x),$$
#
# one factor per link, each evaluated at the value flowing through that link. Take
# $u = x^2$, $v = \sin u$, $z = e^{v}$. The local derivatives are
# $\frac{du}{dx} = 2x$, $\frac{dv}{du} = \cos u$ and $\frac{dz}{dv} = e^{v}$, so
#
# $$\frac{dz}{dx} = e^{\sin x^2}\,\cos(x^2)\; 2x .$$
#
# At $x = 1$: $e^{\sin 1} \approx 2.3198$, $\cos 1 \approx 0.5403$ and $2x = 2$, whose product is
# $\frac{dz}{dx} \approx 2.5068$. Below, the three local derivatives are computed from the values
# of the forward pass and multiplied; autograd gives the same product.

# %%
x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
u = x**2
v = torch.sin(u)
z = torch.exp(v)
z.backward()

local = {"dz/dv = e^v": torch.exp(v), "dv/du = cos u": torch.cos(u), "du/dx = 2x": 2 * x}
for name, value in local.items():
    print(f"{name:14} {value.item():.4f}")
product = torch.exp(v) * torch.cos(u) * 2 * x
print(f"product        {product.item():.4f}")
print(f"autograd       {x.grad.item():.4f}")

# %%
x0 = torch.tensor(1.0)
print(check_gradients(lambda x: torch.exp(torch.sin(x**2)), x0,
                      analytic=torch.exp(torch.sin(x0**2)) * torch.cos(x0**2) * 2 * x0))

# %% [markdown]
# The same computation happens for every element of a tensor at once. Here is
# $z = \sum_i e^{\sin x_i^2}$ for four points: since each $x_i$ only affects its own term, the
# gradient is the same formula applied elementwise.

# %%
xs = torch.tensor([-1.0, 0.0, 0.5, 2.0])
print(check_gradients(lambda x: torch.exp(torch.sin(x**2)).sum(), xs,
                      analytic=torch.exp(torch.sin(xs**2)) * torch.cos(xs**2) * 2 * xs))

# %% [markdown]
# ## Exercises
#
# Graded version: question 1 of `assignments/01_derivatives_by_hand`.
#
# 1. For $z = (3x - 2)^2$, name the inner and outer functions, write both local derivatives, and
#    find $\frac{dz}{dx}$ at $x = 1$ by hand. Check it with `backward()` and with `check_gradients`.
#    (You should reach 6: the outer slope is 2 at the inner value 1, the inner slope is 3.)
# 2. Why must $f'$ be evaluated at $g(x)$ and not at $x$? Find a composition where using $f'(x)$
#    would give a wrong slope, and show the wrong value with code. (This section's own example
#    works: for $(x + 1)^2$ at $x = 3$, the outer slope taken at $x$ instead of at $x + 1$ gives 6,
#    not 8.)
# 3. Give `check_gradients` a deliberately wrong analytic formula for the longer chain (drop the
#    factor $2x$) and read the error it raises. (At $x = 1$ that factor is 2, so the error shows
#    your value at half of autograd's.)
# 4. Draw the tangent of $e^{\sin x^2}$ at $x = 1$ with `plot_tangent` and compare its slope with
#    the value computed above. (The legend should say slope 2.5068, to the four decimals printed
#    above.)

# %% [markdown]
# ## Summary
#
# - The derivative of a composition is the product of the local derivatives of its links.
# - Each local derivative is evaluated at the value that actually flows through that link.
# - `backward()` multiplies exactly these local factors; `retain_grad()` shows the intermediate ones.
# - Autograd, the analytic formula and finite differences agree; `check_gradients` shows all three.
