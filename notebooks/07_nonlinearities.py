# %% [markdown]
# # 7. Through the nonlinearities
#
# Activation functions act on each element separately, which makes their backward rule the
# simplest in a network: multiply the upstream gradient by the local slope. After this notebook
# you will be able to write the backward rule of ReLU, sigmoid and tanh, explain what PyTorch does
# where ReLU has no derivative, and see why saturated activations starve a network of gradient.

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

from chainrule_helpers.numerics import check_gradients, numerical_grad
from chainrule_helpers.plots import PALETTE, use_chapter_style

use_chapter_style()

# %% [markdown]
# ## Elementwise means diagonal
#
# If $y_i = \phi(x_i)$ for every $i$, then $\partial y_i / \partial x_j$ vanishes whenever $i \neq j$: the
# Jacobian is the diagonal matrix $\operatorname{diag}(\phi'(x))$. The vector-Jacobian product of
# section 5 collapses to an elementwise product,
#
# $$\bar{x} = \bar{y} \odot \phi'(x),$$
#
# so an activation's backward pass is one elementwise multiplication by its slope, and needs only
# $x$ (or $y$) to have been saved. What that costs depends on the slope. For ReLU, sigmoid and tanh
# it is a comparison or a short formula in the output (below), so backward costs no more than
# forward. It can cost more: GELU, $x\,\Phi(x)$ with $\Phi$ the standard normal distribution
# function, has slope $\Phi(x) + x\,\varphi(x)$, where $\varphi$ is the normal density, so its backward
# pass evaluates an exponential for $\varphi$ on top of the $\Phi$ the forward pass needed. The
# slope checked three ways:

# %%
x0 = torch.tensor([-1.0, 0.0, 2.0])
normal_cdf = 0.5 * (1 + torch.erf(x0 / 2**0.5))
normal_pdf = torch.exp(-(x0**2) / 2) / (2 * torch.pi) ** 0.5
print(check_gradients(lambda x: torch.nn.functional.gelu(x).sum(), x0, analytic=normal_cdf + x0 * normal_pdf))

# %% [markdown]
# ## ReLU
#
# $y = \max(0, x)$, taken entry by entry, has slope 1 where the input is positive and slope 0
# where it is negative:
#
# $$\frac{\partial y_i}{\partial x_i} = \begin{cases} 1 & x_i > 0 \\ 0 & x_i < 0 \end{cases}$$
#
# so it passes the upstream gradient through where the input was positive and blocks it where it
# was negative. For $x = (-2, 0.5, 3)$ and $L = \sum_i y_i$ (so the upstream
# gradient is $\nabla_y L = \mathbf{1}$), the gradient is $\nabla_x L = [0, 1, 1]$.

# %%
x = torch.tensor([-2.0, 0.5, 3.0], requires_grad=True)
torch.relu(x).sum().backward()
print(x.grad)  # tensor([0., 1., 1.])

# %%
x0 = torch.tensor([-2.0, 0.5, 3.0])
print(check_gradients(lambda x: torch.relu(x).sum(), x0, analytic=(x0 > 0).double()))

# %% [markdown]
# ### At exactly zero
#
# At $x = 0$ the graph of ReLU has a corner and no derivative. Every slope $s \in [0, 1]$ gives a
# line $s\,x$ that touches the graph at 0 and stays below it: each is a valid *subgradient*, and
# a library has to pick one. PyTorch's autograd notes state its rule: where a function is convex
# around a point at which it is not differentiable, use the subgradient of *minimum norm*. For
# ReLU that is 0, the smallest slope in $[0, 1]$. Functions that compute the same values can
# follow other rules, and central differences, which average the two one-sided slopes, land on $0.5$:

# %%
def grad_at_zero(fn):
    """The derivative that autograd reports for fn at exactly 0."""
    x = torch.tensor(0.0, requires_grad=True)
    fn(x).backward()
    return x.grad.item()


choices = {
    "torch.relu(x)": torch.relu,
    "x.clamp(min=0)": lambda x: x.clamp(min=0),
    "torch.maximum(x, 0)": lambda x: torch.maximum(x, torch.zeros(())),
}
for name, fn in choices.items():
    print(f"{name:20} {grad_at_zero(fn):.1f}")
print(f"{'finite differences':20} {numerical_grad(torch.relu, torch.tensor(0.0))[0].item():.1f}")

# %% [markdown]
# `torch.maximum(x, 0)` gives 0.5 for a different reason: at a tie its two inputs are equal, and
# PyTorch splits the gradient evenly between them, half to `x` and half to the zero tensor.
# `x.clamp(min=0)` has answered differently across torch versions: torch 2.13 returned 1 here,
# while the torch this chapter requires (2.14.1 or newer) returns the 0 printed above. The choice
# rarely matters in training, since an input lands on exactly 0.0 almost never. It is a convention,
# not a derivative: code should not depend on it.

# %% [markdown]
# ## Sigmoid
#
# $\sigma(x) = 1/(1 + e^{-x})$. Differentiate with the chain rule through $u = 1 + e^{-x}$:
#
# $$\sigma'(x) = -\frac{1}{u^2}\cdot(-e^{-x}) = \frac{e^{-x}}{(1+e^{-x})^2}
#   = \frac{1}{1+e^{-x}}\cdot\frac{e^{-x}}{1+e^{-x}} = \sigma(x)\,\big(1 - \sigma(x)\big).$$
#
# The backward pass can reuse the forward output: $\bar{x} = \bar{y}\,y(1-y)$, which is why
# PyTorch's sigmoid node saves its *output*. At $x = 0$, $y = 0.5$, so
# $\sigma'(0) = 0.5 \cdot 0.5 = 0.25$, the largest slope sigmoid ever has.

# %%
x = torch.tensor([0.0], requires_grad=True)
y = torch.sigmoid(x)
y.sum().backward()
print(y)  # tensor([0.5000], grad_fn=<SigmoidBackward0>)
print(x.grad)  # tensor([0.2500])

# %%
x0 = torch.tensor([-3.0, 0.0, 1.5])
s = torch.sigmoid(x0)
print(check_gradients(lambda x: torch.sigmoid(x).sum(), x0, analytic=s * (1 - s)))

# %% [markdown]
# ### Writing the rule yourself
#
# The same rule can be given to PyTorch by hand, as a `torch.autograd.Function`: a `forward` that
# computes the value and saves what backward will need (here the output $y$, as PyTorch's own node
# does), and a `backward` that turns the upstream gradient $\bar{y}$ into $\bar{x} = \bar{y}\,y(1-y)$.

# %%
class SigmoidSavingOutput(torch.autograd.Function):
    """Sigmoid with a hand-written backward rule that uses only the saved output."""

    @staticmethod
    def forward(ctx, x):
        y = 1 / (1 + torch.exp(-x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, y_bar):
        (y,) = ctx.saved_tensors
        return y_bar * y * (1 - y)


x = torch.tensor([0.0], requires_grad=True)
SigmoidSavingOutput.apply(x).sum().backward()
print(x.grad)  # tensor([0.2500])

# %% [markdown]
# `torch.autograd.gradcheck` tests such a rule: in float64 it compares your backward, entry by entry,
# with central finite differences, and returns `True`, or raises a `GradcheckError` whose message
# prints both Jacobians: the numerical one, from the differences, and the analytical one, from your
# backward. That is two of the three ways of `check_gradients`; there is no third, because your
# backward *is* the formula under test. Here it checks five inputs from $-3$ to $3$:

# %%
inputs = torch.linspace(-3, 3, 5, dtype=torch.float64, requires_grad=True)
print("gradcheck passed:", torch.autograd.gradcheck(SigmoidSavingOutput.apply, (inputs,)))

# %% [markdown]
# A rule with a mistake, here the factor $1 - y$ dropped, fails. The diagonals differ: $y(1-y)$
# in the numerical Jacobian, $y$ in the analytical one.

# %%
class SigmoidMissingFactor(SigmoidSavingOutput):
    """The same sigmoid with a wrong backward rule: the factor (1 - y) is missing."""

    @staticmethod
    def backward(ctx, y_bar):
        (y,) = ctx.saved_tensors
        return y_bar * y


# %% tags=["raises-exception"]
torch.autograd.gradcheck(SigmoidMissingFactor.apply, (inputs,))

# %% [markdown]
# ## Tanh
#
# $\tanh x = 2\sigma(2x) - 1$, and the same kind of derivation gives $\tanh'(x) = 1 - \tanh^2 x$:
# again a function of the output alone. At $x = 0$ the slope is $\tanh'(0) = 1$, four times
# sigmoid's best.

# %%
x0 = torch.tensor([-3.0, 0.0, 1.5])
t = torch.tanh(x0)
print(check_gradients(lambda x: torch.tanh(x).sum(), x0, analytic=1 - t**2))

# %% [markdown]
# ## Saturation
#
# Far from zero both functions flatten out, and their slopes nearly vanish. At $|x| = 6$,
# $\sigma'(6) \approx 0.0025$ and $\tanh'(6) \approx 2.5 \times 10^{-5}$. A gradient passing
# through such a unit is multiplied by that factor. Through ten sigmoids even at their best it is
# multiplied by at most $0.25^{10} \approx 9.5 \times 10^{-7}$: this is the vanishing gradient of
# section 10, seen one layer at a time.

# %%
x = torch.tensor([-6.0, 6.0], requires_grad=True)
torch.sigmoid(x).sum().backward()
print(f"sigmoid'(±6) = {x.grad[1].item():.4f}, {x.grad[0].item():.4f}")
x.grad = None
torch.tanh(x).sum().backward()
print(f"tanh'(±6)    = {x.grad[1].item():.1e}, {x.grad[0].item():.1e}")
print(f"0.25**10     = {0.25**10:.1e}")

# %% [markdown]
# ### The picture
#
# The top row shows each activation (solid), the bottom row its derivative computed by autograd
# (dashed), each on its own vertical scale, so that a derivative is never hidden under its
# activation; watch the dashed curves of sigmoid and tanh sink towards zero at both ends, while
# ReLU's stays at 1 for every positive input. ReLU's derivative jumps at 0, so it is drawn in two
# pieces: the open dot at height 1 is the limit from the right, which ReLU does not take; the
# filled dot is the value autograd returns at exactly 0, which is 0.

# %%
grid = torch.linspace(-6, 6, 601, requires_grad=True)
fig, axes = plt.subplots(2, 3, figsize=(12, 5.6), sharex=True, layout="constrained")
for (ax, ax_slope), (name, fn) in zip(axes.T, {"ReLU": torch.relu, "sigmoid": torch.sigmoid,
                                               "tanh": torch.tanh}.items()):
    values = fn(grid)
    (slope,) = torch.autograd.grad(values.sum(), grid)
    xs = grid.detach()
    ax.plot(xs, values.detach(), color=PALETTE[0], linestyle="-", label=name)
    if name == "ReLU":
        # Two pieces, so that no vertical segment is drawn at the jump.
        for piece in (xs < 0, xs > 0):
            ax_slope.plot(xs[piece], slope[piece], color=PALETTE[1], linestyle="--",
                          label=f"{name}'" if piece[0] else None)
        zero = torch.tensor(0.0, requires_grad=True)
        at_zero = torch.autograd.grad(fn(zero), zero)[0].item()
        ax_slope.plot([0], [1], "o", markerfacecolor="white", markeredgecolor=PALETTE[1])
        ax_slope.plot([0], [at_zero], "o", color=PALETTE[1])
    else:
        ax_slope.plot(xs, slope, color=PALETTE[1], linestyle="--", label=f"{name}'")
    ax.set(title=f"{name}", ylabel=f"{name}(x)")
    ax_slope.set(title=f"its derivative, {name}'", xlabel="x", ylabel=f"{name}'(x)")
    ax.legend(loc="upper left")
    ax_slope.legend(loc="upper left")
fig.suptitle("Activations (top) and their derivatives (bottom)")
print(f"ReLU'(0) from autograd: {at_zero}")
plt.show()

# %% [markdown]
# ## Exercises
#
# Graded version: the `relu` of `assignments/02_build_your_own_autograd`, which must return 0 at
# 0 as PyTorch does, and the ReLU step of `assignments/03_backward_by_hand`.
#
# 1. Derive $\tanh'(x) = 1 - \tanh^2 x$ from $\tanh x = 2\sigma(2x) - 1$ and the sigmoid
#    derivative, then check it with `check_gradients` at three points of your choice. (The chain
#    rule on $\sigma(2x)$ brings a factor 2, so $\tanh'(x) = 4\sigma'(2x)$; at 0 that is 4 times 0.25.)
# 2. Leaky ReLU is $\max(\alpha x, x)$ with a small $\alpha$. Write its backward rule and check it
#    against `torch.nn.functional.leaky_relu`. What does PyTorch return at exactly 0? (With the
#    default slope 0.01 it returns 0.01 at 0: it takes the left piece there, where ReLU takes 0.)
# 3. At what $x$ does $\sigma'(x)$ first drop below $10^{-3}$? Find it by bisection using autograd.
#    (Near 6.9: for large $x$, $\sigma'(x)$ is close to $e^{-x}$, and $e^{-6.9}$ is about $10^{-3}$.)

# %% [markdown]
# ## Summary
#
# - An elementwise activation has a diagonal Jacobian: backward multiplies by its slope, elementwise.
# - ReLU passes gradient through positive inputs and blocks it elsewhere; at 0, `relu` picks 0.
# - $\sigma' = \sigma(1-\sigma) \le 0.25$ and $\tanh' = 1 - \tanh^2 \le 1$, both computed from the output.
# - Saturated units pass almost no gradient: the seed of vanishing gradients in deep networks.
