# %% [markdown]
# # 5. Vector functions: Jacobians and vector-Jacobian products
#
# Networks map vectors to vectors, and the derivative of such a map is a matrix, the Jacobian.
# After this notebook you will be able to write the chain rule with Jacobians, compute a gradient
# as a vector-Jacobian product without ever building the Jacobian, measure how much that saves,
# and say when forward mode beats reverse mode.

# %%
# On Colab, or in any Python without this chapter's helpers, the next lines install them (once).
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("chainrule_helpers") is None:
    HELPERS = "chainrule-helpers @ git+https://github.com/chainrule/chainrule"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", HELPERS], check=True)

import time
import warnings

import matplotlib.pyplot as plt
import torch
from torch.func import grad, jacfwd, jacrev, jvp, vjp
from torch.utils.flop_counter import FlopCounterMode

from chainrule_helpers.numerics import check_gradients, format_gap
from chainrule_helpers.plots import use_chapter_style

use_chapter_style()

torch.manual_seed(0)
# torch.func's forward mode triggers a deprecation warning inside torch itself (not in this code).
warnings.filterwarnings("ignore", message=r"`torch.jit.script` is deprecated")

# %% [markdown]
# ## The chain rule with Jacobians
#
# Let $y = g(x)$ with $x \in \mathbb{R}^n$, $y \in \mathbb{R}^m$, and a scalar $z = f(y) \in \mathbb{R}$.
# Every $y_i$ is a child of every $x_j$ it depends on, so the adjoint rule of section 4 reads
#
# $$\frac{\partial z}{\partial x_j}
#   = \sum_{i=1}^{m} \frac{\partial z}{\partial y_i}\,\frac{\partial y_i}{\partial x_j}.$$
#
# The numbers $\partial y_i / \partial x_j$ form the Jacobian $J_g(x) \in \mathbb{R}^{m \times n}$
# (row $i$: output $y_i$; column $j$: input $x_j$), and the sum over $i$ is a matrix product:
#
# $$\nabla_x z = J_g(x)^\top \, \nabla_y z .$$
#
# ### A worked example
#
# Take the point $x = (1, 2)$ with entries $x_1, x_2$, $g(x) = (x_1 x_2,\; x_1 + x_2,\; x_2^2)$ and
# $z = \tfrac12 \lVert y \rVert^2$, so $\nabla_y z = y$. Then
#
# $$J_g(x) = \begin{pmatrix} x_2 & x_1 \\ 1 & 1 \\ 0 & 2x_2 \end{pmatrix}
#          = \begin{pmatrix} 2 & 1 \\ 1 & 1 \\ 0 & 4 \end{pmatrix},
# \qquad y = (2, 3, 4),$$
#
# and $J_g(x)^\top y = (2\cdot 2 + 1\cdot 3 + 0\cdot 4,\; 1\cdot 2 + 1\cdot 3 + 4\cdot 4)$, that is
# $\nabla_x z = [7, 21]$.

# `torch.autograd.functional.jacobian` below builds $J$ row by row from vector-Jacobian products.
# `torch.func.jacrev`, used later, computes the same matrix with the rows batched together (by
# `vmap`), and composes with the other `torch.func` transforms; for new code it is the one to use.

# %%
def g(x):
    return torch.stack([x[0] * x[1], x[0] + x[1], x[1] ** 2])


x = torch.tensor([1.0, 2.0], requires_grad=True)
J = torch.autograd.functional.jacobian(g, x)
y = g(x)
print(J)
print(J.T @ y.detach())  # tensor([ 7., 21.])

z = 0.5 * (y**2).sum()
z.backward()
print(x.grad)  # tensor([ 7., 21.])

# %% [markdown]
# Checked three ways, with the analytic gradient $\big(x_1 x_2^2 + x_1 + x_2,\; x_1^2 x_2 + x_1 + x_2 + 2x_2^3\big)$
# obtained by differentiating $z = \tfrac12\big((x_1x_2)^2 + (x_1+x_2)^2 + x_2^4\big)$ directly:

# %%
x0 = torch.tensor([1.0, 2.0])
x1, x2 = x0
analytic = torch.stack([x1 * x2**2 + x1 + x2, x1**2 * x2 + x1 + x2 + 2 * x2**3])
print(check_gradients(lambda x: 0.5 * (g(x) ** 2).sum(), x0, analytic=analytic))

# %% [markdown]
# ## The vector-Jacobian product
#
# Backpropagation never needs $J$ itself, only $J^\top v$ for the one vector $v = \nabla_y z$ that
# arrives from above. PyTorch computes that product directly, node by node, for a small constant
# multiple of the forward pass's work. For a linear layer (counted in the next section) it is about
# the forward pass's own work when only the input's gradient is wanted, and about twice that when
# the weights need gradients too. Two ways to ask for it: `y.backward(gradient=v)` (the seed of the
# backward sweep is $v$ instead of 1), and `torch.func.vjp`, which returns a function
# $v \mapsto J^\top v$.
# With $v = (2, 3, 4)$ both return the same $[7, 21]$; with $v = (1, 0, 0)$ they return the first
# row of $J$, which is how a Jacobian can be built one row at a time.

# %%
v = torch.tensor([2.0, 3.0, 4.0])
x = torch.tensor([1.0, 2.0], requires_grad=True)
g(x).backward(gradient=v)
print(x.grad)  # tensor([ 7., 21.])

_, vjp_fn = vjp(g, torch.tensor([1.0, 2.0]))
print(vjp_fn(v)[0])  # tensor([ 7., 21.])
print(vjp_fn(torch.tensor([1.0, 0.0, 0.0]))[0])  # tensor([2., 1.])
gap = (vjp_fn(v)[0] - J.T @ v).abs().max().item()
print(f"largest difference from J^T v: {gap:g}")  # largest difference from J^T v: 0

# %% [markdown]
# ## What materialising the Jacobian costs
#
# Take $g(x) = \tanh(Ax)$ with a random $A \in \mathbb{R}^{n \times n}$. Its Jacobian has $n^2$
# entries, and building it takes $n$ vector-Jacobian products (one per row; `jacrev` batches them).
# One VJP takes one. Two measurements, for $n$ from 10 to 2000:
#
# - **work**, counted exactly by PyTorch's `FlopCounterMode` (floating-point operations of the
#   matrix products) on the `meta` device, which tracks shapes without doing the arithmetic: the
#   counts are instant and the same on every machine;
# - **time**, best of three runs on the CPU, which depends on the machine and its load, so your
#   numbers will differ from anyone else's and no conclusion rests on them.

# %%
# Counting on the meta device makes the counts exact and machine-independent, so they are what the
# chapter's checks compare; x is an n x 1 column there, so that every product is one the counter sees.
# The timing cell below is tagged nbval-ignore-output: its numbers vary and decide nothing.
def count_flops(fn, *args):
    """Floating-point operations of the matrix products fn(*args) performs, as counted by PyTorch."""
    with FlopCounterMode(display=False) as counter:
        fn(*args)
    return counter.get_total_flops()


def layer(n, device="cpu", shape=()):
    """x -> tanh(Ax) for a random n x n matrix A, with an input point and an upstream vector."""
    A = torch.randn(n, n, device=device) / n**0.5
    return (lambda x: torch.tanh(A @ x)), torch.randn(n, *shape, device=device), torch.randn(n, *shape, device=device)


def full_jacobian(f, x, v):
    """The whole Jacobian of f at x (v unused: it is one per row, built in)."""
    return jacrev(f)(x)


def one_vjp(f, x, v):
    """The single product J(x)^T v."""
    return vjp(f, x)[1](v)[0]


sizes = [10, 30, 100, 300, 1000, 2000]
counted = [layer(n, device="meta", shape=(1,)) for n in sizes]
jac_flops = [count_flops(full_jacobian, *case) for case in counted]
vjp_flops = [count_flops(one_vjp, *case) for case in counted]
jac_bytes = [full_jacobian(*case).nbytes for case in counted]
vjp_bytes = [one_vjp(*case).nbytes for case in counted]
for n, fj, fv in zip(sizes, jac_flops, vjp_flops):
    print(f"n={n:5d}  Jacobian {fj:12d} FLOPs   VJP {fv:9d} FLOPs   ratio {fj / fv:7.1f}")

# %% tags=["nbval-ignore-output"]
def best_time(fn, *args, repeat=3):
    """Shortest wall time of a few runs of fn(*args): the least disturbed measurement."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


timed = [layer(n) for n in sizes]
jac_time = [best_time(full_jacobian, *case) for case in timed]
vjp_time = [best_time(one_vjp, *case) for case in timed]
for n, tj, tv in zip(sizes, jac_time, vjp_time):
    print(f"n={n:5d}  Jacobian {tj * 1e3:8.2f} ms   VJP {tv * 1e3:6.3f} ms   ratio {tj / tv:6.1f}")

# %% [markdown]
# Building $J$ *by reverse-mode AD*, as `jacrev` does (one VJP per output, $n$ of them), costs about
# $2n^3$ operations here; one VJP costs about $4n^2$ (forward and backward matrix-vector products),
# so their ratio $r(n)$ grows like $n/2$, and $r(2000) = 1000.5$. That is the price of building $J$
# one row at a time, not of $J$ itself: for this layer, with $y = \tanh(Ax)$,
# $J_g(x) = \operatorname{diag}(1 - y^2)\,A$ written out by hand costs about $n^2$ operations. What
# makes backpropagation cheap is the chain. For a network $J = J_L \cdots J_1$, and backward
# evaluates $v^\top J_L \cdots J_1$ from the left: each step is a vector times a matrix, about $n^2$
# operations. Forming the product $J_L \cdots J_1$ first would multiply matrices, about $n^3$ each:
# the VJP never builds a Jacobian. The memory is exact too: the Jacobian of a float32 map
# $\mathbb{R}^{2000} \to \mathbb{R}^{2000}$ takes $2000^2 \cdot 4 = 16000000$ bytes (16 MB), while
# the VJP is a single vector of $2000 \cdot 4 = 8000$ bytes. The checks below hold on any machine.

# %%
ratios = [fj / fv for fj, fv in zip(jac_flops, vjp_flops)]
print(f"n=2000: ratio {ratios[-1]:.1f}; Jacobian {jac_bytes[-1]} bytes, VJP {vjp_bytes[-1]} bytes")
print("VJP cheaper at every size:", all(r > 1 for r in ratios))  # VJP cheaper at every size: True
print("gap grows with n:", all(a < b for a, b in zip(ratios, ratios[1:])))  # gap grows with n: True

# %% [markdown]
# On log-log axes the Jacobian's work climbs with slope 3 against the VJP's 2, its memory with
# slope 2 against 1; the measured times follow the same trend once $n$ is large enough for the
# arithmetic to outweigh the fixed cost of a call.

# %%
fig, axes = plt.subplots(1, 3, figsize=(14, 4))
panels = [("work (FLOPs)", jac_flops, vjp_flops), ("time (s)", jac_time, vjp_time),
          ("memory of the result (bytes)", jac_bytes, vjp_bytes)]
for ax, (what, jac_values, vjp_values) in zip(axes, panels):
    ax.loglog(sizes, jac_values, marker="o", label="full Jacobian (jacrev)")
    ax.loglog(sizes, vjp_values, marker="s", label="one VJP")
    ax.set(xlabel="n (input and output size)", ylabel=what, title=f"Jacobian vs VJP: {what.split(' (')[0]}")
    ax.legend()
    ax.grid(which="both", alpha=0.3)
plt.tight_layout()
plt.show()

# %% [markdown]
# The same counter says what a backward pass costs against its forward pass. Each VJP counted
# above does one matrix-vector product forward and one backward, for the input's gradient alone,
# and the backward one is the same work as the forward one. A layer whose weights are trained
# needs one more product. For $y = x W^\top$ on a batch, the forward pass is one matrix product;
# the input's gradient $\bar{y} W$ is a second of the same size, and the weights' gradient
# $\bar{y}^\top x$ a third. Counted for a batch of 64 through a $1000 \times 1000$ weight:

# %%
def backward_work(batch=64, n=1000):
    """FLOPs of y = x W^T, and of its backward pass for x alone and for x and W together."""
    x = torch.empty(batch, n, device="meta", requires_grad=True)
    W = torch.empty(n, n, device="meta", requires_grad=True)
    forward = count_flops(lambda: x @ W.T)
    y, y_bar = x @ W.T, torch.empty(batch, n, device="meta")
    input_only = count_flops(lambda: torch.autograd.grad(y, x, y_bar, retain_graph=True))
    with_weights = count_flops(lambda: torch.autograd.grad(y, (x, W), y_bar))
    return forward, input_only, with_weights


forward, input_only, with_weights = backward_work()
print(f"forward pass: {forward} FLOPs")
print(f"backward for x: {input_only / forward:.1f} x forward")  # backward for x: 1.0 x forward
print(f"backward for x and W: {with_weights / forward:.1f} x forward")  # backward for x and W: 2.0 x forward

# %% [markdown]
# ## Forward mode, for contrast
#
# Reverse mode pushes a vector $v \in \mathbb{R}^m$ backward and returns $J^\top v$: one pass per
# *output*. Forward mode pushes a direction $u \in \mathbb{R}^n$ forward alongside the values and
# returns $J u$, the Jacobian-vector product: one pass per *input*. On the worked example, the
# direction $u = (1, 0)$ gives the first column of $J$:

# %%
_, column = jvp(g, (torch.tensor([1.0, 2.0]),), (torch.tensor([1.0, 0.0]),))
print(column)  # tensor([2., 1., 0.])
gap = (column - J[:, 0]).abs().max().item()
print(f"largest difference from J[:, 0]: {gap:g}")  # largest difference from J[:, 0]: 0

# %% [markdown]
# So the full Jacobian costs $n$ forward passes or $m$ reverse passes. A training loss has
# millions of inputs (the parameters) and one output, so $m = 1 \ll n$ and reverse mode wins,
# which is why deep learning is built on backpropagation. When $m \gg n$ (few inputs, many
# outputs, such as a curve traced by two parameters), forward mode wins. Counted on
# $\tanh(Bx)$ with $B$ of shape $m \times n$:

# %%
def mode_flops(m, n):
    """Work to build the Jacobian of tanh(Bx) by forward mode and by reverse mode."""
    B = torch.empty(m, n, device="meta")
    xb = torch.empty(n, 1, device="meta")

    def h(x):
        return torch.tanh(B @ x)

    return count_flops(jacfwd(h), xb), count_flops(jacrev(h), xb)


for m, n in [(2000, 4), (4, 2000)]:
    forward, reverse = mode_flops(m, n)
    winner = "forward" if forward < reverse else "reverse"
    print(f"m={m:4d}, n={n:4d}: forward {forward:8d} FLOPs, reverse {reverse:8d} FLOPs -> {winner} mode")

# %% [markdown]
# ## Second derivatives: the gradient of a gradient
#
# A gradient computed by autograd is itself a tensor computed from $x$, so it can be
# differentiated again, provided its computation was recorded. `torch.autograd.grad(y, x)`
# normally returns a gradient with no graph behind it; with `create_graph=True` the backward pass
# is recorded as it runs, the result carries a `grad_fn`, and a second `grad` differentiates it.
# For $y = x^3$ the first derivative is $3x^2$ and the second $6x$; at $x = 3$ they are 27 and 18.

# %%
x3 = torch.tensor(3.0, requires_grad=True)
(dy_dx,) = torch.autograd.grad(x3**3, x3, create_graph=True)
print(dy_dx)  # tensor(27., grad_fn=<MulBackward0>)
(d2y_dx2,) = torch.autograd.grad(dy_dx, x3)
print(d2y_dx2)  # tensor(18.)

# %% [markdown]
# The function `dy_dx` of $x$ is itself checked three ways: autograd differentiates the recorded
# first derivative, the formula $6x$ is the analytic leg, and central differences of $3x^2$
# computed by autograd are the numerical one.

# %%
def first_derivative(x):
    """dy/dx of y = x^3, computed by autograd with its own backward pass recorded."""
    # Finite differences call it with plain values: start recording from them.
    if not x.requires_grad:
        x = x.detach().requires_grad_()
    return torch.autograd.grad(x**3, x, create_graph=True)[0]


x0 = torch.tensor(3.0)
print(check_gradients(lambda x: first_derivative(x), x0, analytic=6 * x0))

# %% [markdown]
# ### A Hessian-vector product, forward over reverse
#
# For a scalar $f(x)$ with $x \in \mathbb{R}^n$, the matrix of second derivatives is the Hessian
# $H_{ij} = \partial^2 f / \partial x_i \partial x_j$: the Jacobian of the gradient. Optimisers
# and curvature estimates rarely need $H$ itself, only products $Hv$ with a vector, and this
# section's two modes give one without building $H$: $Hv$ is the directional derivative of the
# gradient along $v$, a JVP (forward mode) of the function $x \mapsto \nabla f(x)$ that reverse
# mode computes. In `torch.func` that is `jvp(grad(f), (x,), (v,))`, forward over reverse: a small
# constant multiple of the cost of one gradient, and never $n^2$ numbers.
#
# Take $f(x) = x_1^2 x_2 + x_2 x_3^3$. Its gradient is
# $\nabla f = (2 x_1 x_2,\; x_1^2 + x_3^3,\; 3 x_2 x_3^2)$, and differentiating each entry again
# gives
#
# $$H = \begin{pmatrix} 2x_2 & 2x_1 & 0 \\ 2x_1 & 0 & 3x_3^2 \\ 0 & 3x_3^2 & 6 x_2 x_3 \end{pmatrix}.$$
#
# At $x = (1, 2, 1)$, $H$ has rows $(4, 2, 0)$, $(2, 0, 3)$ and $(0, 3, 12)$, and along
# $v = (1, 0, 1)$ the product is $Hv = (4, 5, 12)$. The explicit Hessian, from
# `torch.autograd.functional.hessian`, is the reference on this small case.

# %%
def f_cubic(x):
    """f(x) = x1^2 x2 + x2 x3^3."""
    return x[0] ** 2 * x[1] + x[1] * x[2] ** 3


xh = torch.tensor([1.0, 2.0, 1.0], dtype=torch.float64)
vh = torch.tensor([1.0, 0.0, 1.0], dtype=torch.float64)
_, hvp = jvp(grad(f_cubic), (xh,), (vh,))
H = torch.autograd.functional.hessian(f_cubic, xh)
print(H)
print("forward over reverse:", hvp)  # forward over reverse: tensor([ 4.,  5., 12.], dtype=torch.float64)
print("explicit H @ v:      ", H @ vh)  # explicit H @ v:       tensor([ 4.,  5., 12.], dtype=torch.float64)

# %% [markdown]
# The three-way check applies to $Hv$ too. Since $H$ is symmetric, $Hv$ is the gradient of the
# scalar $v^\top \nabla f(x)$: autograd differentiates that scalar (reverse over reverse), the
# analytic leg is the matrix above times $v$, and central differences perturb each $x_i$.

# %%
def hessian_formula(x):
    """The Hessian of f_cubic, entry by entry as derived above."""
    x1, x2, x3 = x
    zero = torch.zeros((), dtype=x.dtype)
    return torch.stack([torch.stack([2 * x2, 2 * x1, zero]), torch.stack([2 * x1, zero, 3 * x3**2]),
                        torch.stack([zero, 3 * x3**2, 6 * x2 * x3])])


print(check_gradients(lambda x: (grad(f_cubic)(x) * vh).sum(), xh, analytic=hessian_formula(xh) @ vh))
print("forward over reverse against the formula:",
      format_gap(hvp - hessian_formula(xh) @ vh, 1e-12))  # forward over reverse against the formula: below 1e-12

# %% [markdown]
# ## Exercises
#
# Graded version: question 4 of `assignments/01_derivatives_by_hand` (the gradient of a whole
# vector at once) and question 2 of `assignments/03_backward_by_hand`, where every layer's
# backward step is a VJP written by hand.
#
# 1. Build the Jacobian of the worked example row by row with `vjp_fn` and the three unit
#    vectors, and column by column with `jvp` and the two unit vectors. Compare both with `J`.
#    (Row $i$ is $e_i^\top J$ and column $j$ is $J e_j$: both must equal `J` exactly, with
#    `torch.equal`, not only approximately.)
# 2. For an elementwise function such as $y = \tanh(x)$, the Jacobian is diagonal. Write the VJP
#    without building it, and check it against `torch.func.vjp`. (It is $v \odot (1 - y^2)$: one
#    elementwise product, $n$ multiplications instead of $n^2$.)
# 3. Extend the timing to $n = 4000$. How long does the Jacobian take now, and how much memory?
#    (Count before you time: the Jacobian alone holds 16000000 numbers, 64 MB in float32, and
#    reverse mode needs 4000 VJPs to fill it.)
# 4. Compute $Hv$ for `f_cubic` at $x = (1, 2, 1)$ a third way, reverse over reverse: take the
#    gradient with `create_graph=True`, form its dot product with $v = (0, 1, 0)$, and call
#    `torch.autograd.grad` on that. (You get the middle column of $H$, $(2, 0, 3)$.)

# %% [markdown]
# ## Summary
#
# - For vector functions the chain rule is a product of Jacobians: $\nabla_x z = J^\top \nabla_y z$.
# - Backpropagation computes vector-Jacobian products directly and never materialises $J$.
# - Building $J$ costs one pass per output row; its memory alone grows as $m \times n$.
# - Forward mode gives Jacobian-vector products, one pass per input: it wins when outputs outnumber inputs.
# - `create_graph=True` records the backward pass, so gradients can be differentiated again; a
#   Hessian-vector product is a JVP of the gradient, forward over reverse, with no $n \times n$ matrix.
