# %% [markdown]
# # 6. The linear layer, backwards
#
# The linear layer is where most of a network's parameters live, so its backward rule is the one
# that matters most. After this notebook you will be able to derive the gradients of $y = Wx$ and
# of its batched form by hand, predict every gradient's shape before running any code, and check
# your formulas against autograd and against `nn.Linear`.

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
from matplotlib.patches import Rectangle
from torch import nn

from chainrule_helpers.numerics import check_gradients, format_gap
from chainrule_helpers.plots import PALETTE, use_chapter_style

use_chapter_style()

torch.manual_seed(0)
B, n, m = 4, 3, 2

# %% [markdown]
# ## One example: $y = Wx$
#
# Let $W \in \mathbb{R}^{m \times n}$, $x \in \mathbb{R}^n$, $y = Wx \in \mathbb{R}^m$, and let a
# scalar loss $L$ send back $\bar{y} = \nabla_y L$. Component $i$ of the output is
# $y_i = \sum_j W_{ij} x_j$, so the local derivatives are $\partial y_i / \partial x_j = W_{ij}$ and
# $\partial y_i / \partial W_{ij} = x_j$ (and zero for any other row of $W$). The adjoint rule gives
#
# $$\bar{x}_j = \sum_i \bar{y}_i W_{ij} \;\Longrightarrow\; \bar{x} = W^\top \bar{y},
# \qquad
# \bar{W}_{ij} = \bar{y}_i\, x_j \;\Longrightarrow\; \bar{W} = \bar{y}\, x^\top .$$
#
# $\bar{x}$ is the Jacobian-transpose product of section 5 (the Jacobian of $x \mapsto Wx$ is $W$);
# $\bar{W}$ is an outer product, so it has the shape of $W$. Below, $m = 2$, $n = 3$, and $\bar{y}$
# is a seed vector passed to `backward`, as if a loss above had produced it.

# %%
W = torch.randn(m, n, requires_grad=True)
x = torch.randn(n, requires_grad=True)
y_bar = torch.tensor([1.0, -2.0])

y = W @ x
y.backward(gradient=y_bar)

x_bar = W.detach().T @ y_bar
W_bar = torch.outer(y_bar, x.detach())
# 0 on every CPU: the products by 1 and -2 are exact, and a sum of two terms rounds once, in any order.
print(f"largest differences: x {(x.grad - x_bar).abs().max().item():g}, W {(W.grad - W_bar).abs().max().item():g}")
print(x.grad.shape, W.grad.shape)  # torch.Size([3]) torch.Size([2, 3])

# %% [markdown]
# ### The input's scale multiplies the weight's gradient
#
# $\bar{W} = \bar{y}\, x^\top$ is linear in $x$: for the same upstream gradient $\bar{y}$, an
# input ten times larger gives a weight gradient ten times larger, entry by entry, while
# $\bar{x} = W^\top \bar{y}$ does not involve $x$ at all and stays the same. Features measured in
# large units therefore receive large steps on their weights from one learning rate, which is one
# reason inputs are standardised before training.

# %%
W.grad, x.grad = None, None
x10 = (10 * x).detach().requires_grad_()
(W @ x10).backward(gradient=y_bar)
ratio = W.grad / W_bar
print(f"W.grad / W_bar: {ratio.min().item():.4f} to {ratio.max().item():.4f}")  # W.grad / W_bar: 10.0000 to 10.0000
print(f"x.grad unchanged: {format_gap(x10.grad - x_bar, 1e-6)}")  # x.grad unchanged: below 1e-6
print(check_gradients(lambda W: (y_bar.double() * (W @ x10.detach().double())).sum(), {"W": W.detach()},
                      analytic={"W": torch.outer(y_bar, x10.detach())}))

# %% [markdown]
# ## A batch: $Y = XW^\top$
#
# A batch stacks $B$ examples as the rows of $X \in \mathbb{R}^{B \times n}$, and the layer computes
# all of them at once as $Y = XW^\top \in \mathbb{R}^{B \times m}$, row $b$ being $W x_b$. Apply
# the single-example rules to each row: row $b$ of $\nabla_X L$ is $W^\top \bar{y}_b$, and since
# $W$ is shared by every row, its gradient is the sum over the batch of the outer products
# $\bar{y}_b x_b^\top$ (several paths again, section 3). As matrix products:
#
# $$\nabla_X L = \bar{Y} W, \qquad \nabla_W L = \bar{Y}^\top X .$$
#
# With $B = 4$, $n = 3$, $m = 2$ and $L = \sum Y$ (so $\bar{Y}$ is all ones), the gradients have
# the shapes of their tensors: $[4, 3]$ for $X$ and $[2, 3]$ for $W$.

# %%
X = torch.randn(B, n, requires_grad=True)
W = torch.randn(m, n, requires_grad=True)

Y = X @ W.T
L = Y.sum()
L.backward()

print(X.grad.shape)  # torch.Size([4, 3])
print(W.grad.shape)  # torch.Size([2, 3])

Y_bar = torch.ones(B, m)
print(f"largest difference, X: {format_gap(X.grad - Y_bar @ W.detach(), 1e-6)}")  # largest difference, X: below 1e-6
print(f"largest difference, W: {format_gap(W.grad - Y_bar.T @ X.detach(), 1e-6)}")  # largest difference, W: below 1e-6

# %% [markdown]
# Why a bound and not 0? These tensors are float32, and each entry of $\nabla_W L = \bar{Y}^\top X$
# adds $B = 4$ numbers. Every addition rounds to the nearest float32, a relative error of at most
# $2^{-24} \approx 6 \times 10^{-8}$, and the order in which a CPU adds the four terms depends on
# its vector units and its library. So autograd's sum and ours can differ in the last bit on one
# machine and not on another; with terms of size about 1, never by more than a few $10^{-7}$.
# A wrong rule ($\bar{Y}$ for $\bar{Y}^\top$, a missing sum over the batch) is off by about 1.

# %% [markdown]
# ## With a bias, and a real loss
#
# Add a bias, $Y = XW^\top + \mathbf{1} b^\top$: every row gets the same $b \in \mathbb{R}^m$.
# Each $b_k$ reaches the loss through every row, so its gradient sums over the batch:
# $\nabla_b L = \sum_{r=1}^{B} \bar{Y}_{r,:}$ (a sum over the rows $r$), the column sums of
# $\bar{Y}$. With the mean squared error
# $L = \frac{1}{Bm}\sum (Y - T)^2$ against a target $T$, the upstream gradient is
# $\bar{Y} = \frac{2}{Bm}(Y - T)$, no longer all ones. All three formulas, checked three ways
# in float64:

# %%
X0, W0, b0, T = torch.randn(B, n), torch.randn(m, n), torch.randn(m), torch.randn(B, m)


def mse_of_linear(X, W, b):
    return ((X @ W.T + b - T.double()) ** 2).mean()


Y0 = X0 @ W0.T + b0
Y_bar = 2 * (Y0 - T) / Y0.numel()
analytic = {"X": Y_bar @ W0, "W": Y_bar.T @ X0, "b": Y_bar.sum(dim=0)}
print(check_gradients(mse_of_linear, {"X": X0, "W": W0, "b": b0}, analytic=analytic))

# %% [markdown]
# ## Broadcasting forward, summing backward
#
# The bias is one case of a general rule. When the forward pass broadcasts a tensor, repeating it
# along a dimension it does not have or has with size 1, each of its entries reaches the output
# through every copy, and the paths add (section 3): its gradient is the upstream gradient summed
# over the broadcast dimensions, with `keepdim=True` where the tensor had size 1, so that the
# gradient has the tensor's own shape. The other way round, a sum in the forward pass copies the
# gradient in the backward pass: the loss $L = \sum Y$ of the batch section sends a 1 to every
# entry of $Y$.
#
# Take $Z = A \odot s + c$ with $A$ of shape $[4, 3]$, a per-column scale $s$ of shape $[1, 3]$
# and a per-row offset $c$ of shape $[4, 1]$, and the scalar $\ell = \sum G \odot Z$ for a fixed
# $G$, so that its gradient with respect to $Z$ is $G$. Then its gradient with respect to $A$ is
# $G \odot s$ (shape $[4, 3]$), with respect to $s$ the column sums of $G \odot A$ (shape
# $[1, 3]$), and with respect to $c$ the row sums of $G$ (shape $[4, 1]$):

# %%
G = torch.randn(B, n)
A1, s1, c1 = torch.randn(B, n), torch.randn(1, n), torch.randn(B, 1)
analytic = {"A": G * s1, "s": (G * A1).sum(dim=0, keepdim=True), "c": G.sum(dim=1, keepdim=True)}
print({name: list(value.shape) for name, value in analytic.items()})  # {'A': [4, 3], 's': [1, 3], 'c': [4, 1]}
print(check_gradients(lambda A, s, c: (G.double() * (A * s + c)).sum(), {"A": A1, "s": s1, "c": c1},
                      analytic=analytic))

# %% [markdown]
# ### When broadcasting hides a mistake
#
# Broadcasting also runs where nobody meant it to, and then nothing fails. A model that returns
# predictions of shape $[4, 1]$, compared with targets of shape $[4]$, computes `pred - target`
# with shape $[4, 4]$: every prediction against every target. The loss is a number, the
# gradient has the prediction's shape $[4, 1]$, and its values are wrong. (`F.mse_loss` warns about
# this; a loss written by hand does not.)

# %%
pred = torch.randn(B, 1, requires_grad=True)
target = torch.randn(B)
wrong = ((pred - target) ** 2).mean()
(grad_wrong,) = torch.autograd.grad(wrong, pred)
right = ((pred.squeeze(1) - target) ** 2).mean()
(grad_right,) = torch.autograd.grad(right, pred)
print((pred - target).shape)  # torch.Size([4, 4])
print(grad_wrong.shape, grad_right.shape)  # torch.Size([4, 1]) torch.Size([4, 1])
print(f"largest difference between the two gradients: {(grad_wrong - grad_right).abs().max().item():.2f}")

# %% [markdown]
# ## The same with `nn.Linear`
#
# `nn.Linear(n, m)` stores `weight` with shape $[m, n]$ and `bias` with shape $[m]$ and computes
# exactly $XW^\top + b$, so the formulas above are its backward pass:

# %%
layer = nn.Linear(n, m)
with torch.no_grad():
    layer.weight.copy_(W0)
    layer.bias.copy_(b0)
loss = ((layer(X0) - T) ** 2).mean()
loss.backward()
# nn.Linear works in float32, the formulas above in float64: compare to float32 precision.
print("weight gradient as derived:", torch.allclose(layer.weight.grad, Y_bar.T @ X0, atol=1e-6))
print("bias gradient as derived:  ", torch.allclose(layer.bias.grad, Y_bar.sum(dim=0), atol=1e-6))
print(layer.weight.grad.shape, layer.bias.grad.shape)  # torch.Size([2, 3]) torch.Size([2])

# %% [markdown]
# ## Reading the shapes
#
# A gradient always has the shape of the tensor it belongs to, and that alone nearly fixes the
# formula: the only way to multiply $\bar{Y}$ $[4, 2]$ with the other factor into a $[2, 3]$
# result is $\bar{Y}^\top X$, $[2, 4] \cdot [4, 3]$; the only way to reach $[4, 3]$ is
# $\bar{Y} W$, $[4, 2] \cdot [2, 3]$. In the figure, each rectangle is drawn to scale, and the thick
# dashed edges mark the shared (summed) dimension: the batch for $\nabla_W L$, the output size for
# $\nabla_X L$.

# %%
def draw_product(ax, factors, result, title, contracted):
    """Draw two factor rectangles (rows x cols, to scale) multiplied into a result rectangle.

    The dimension the product sums over, the first factor's columns and the second's rows, is drawn
    as a thick dashed edge on both and named under them.
    """
    left, corners = 0.0, []
    for i, ((name, (rows, cols)), sign) in enumerate(zip([*factors, result], ["·", "=", ""])):
        ax.add_patch(Rectangle((left, -rows), cols, rows, facecolor=f"C{i}", alpha=0.35, edgecolor="black"))
        ax.text(left + cols / 2, -rows / 2, f"{name}\n[{rows}, {cols}]", ha="center", va="center", fontsize=9)
        ax.text(left + cols + 0.4, -1, sign, ha="center", va="center", fontsize=14)
        corners.append((left, rows, cols))
        left += cols + 0.8
    (left_a, _, cols_a), (left_b, rows_b, _) = corners[:2]
    edge = {"color": PALETTE[4], "linewidth": 4, "linestyle": "--", "solid_capstyle": "butt"}
    # The first factor's columns (its top edge) meet the second factor's rows (its left edge).
    ax.plot([left_a, left_a + cols_a], [0, 0], **edge)
    ax.plot([left_b, left_b], [0, -rows_b], **edge)
    ax.text((left_a + cols_a + left_b) / 2, -max(rows for _, rows, _ in corners) - 0.35,
            f"summed over {contracted}", ha="center", va="top", fontsize=9, color=PALETTE[4])
    ax.set(xlim=(-0.3, left), ylim=(-5.4, 0.4), title=title)
    ax.set_aspect("equal")
    ax.axis("off")


fig, (ax_w, ax_x) = plt.subplots(1, 2, figsize=(11, 3))
draw_product(ax_w, [(r"$\bar{Y}^\top$", (m, B)), ("$X$", (B, n))], (r"$\nabla_W L$", (m, n)),
             "Weight gradient: sum over the batch", f"the batch, B = {B}")
draw_product(ax_x, [(r"$\bar{Y}$", (B, m)), ("$W$", (m, n))], (r"$\nabla_X L$", (B, n)),
             "Input gradient: sum over the outputs", f"the outputs, m = {m}")
plt.show()

# %% [markdown]
# ## Exercises
#
# Graded version: `assignments/03_backward_by_hand`.
#
# 1. Derive $\nabla_W L$ when $W$ is used twice, in $L = \lVert Wx \rVert^2 + \lVert W x' \rVert^2$.
#    How many outer products does it sum? Check with autograd. (Two, one per use of $W$.)
# 2. The bias example averages by hand, with `.mean()`. Sum instead (`.sum()`, what
#    `F.mse_loss(..., reduction="sum")` would do). Which of the three analytic formulas change, and
#    by what factor? (All three, through $\bar{Y}$: by $Bm$, the number of entries averaged.)
# 3. Without running code, give the shape of every gradient for `nn.Linear(784, 128)` applied to
#    a batch of 64, then check with autograd. (Each gradient has the shape of what it is the
#    gradient of: the weight's is 128 by 784.)

# %% [markdown]
# ## Summary
#
# - For $y = Wx$: $\bar{x} = W^\top \bar{y}$ and $\bar{W} = \bar{y} x^\top$, straight from the adjoint rule.
# - For a batch $Y = XW^\top$: $\nabla_X L = \bar{Y} W$ and $\nabla_W L = \bar{Y}^\top X$.
# - The bias reaches every row, so its gradient sums $\bar{Y}$ over the batch.
# - Every gradient has its tensor's shape, which nearly determines the formula, and `nn.Linear`'s
#   backward pass is exactly these formulas.
