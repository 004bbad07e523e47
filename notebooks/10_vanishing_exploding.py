# %% [markdown]
# # 10. Vanishing and exploding gradients
#
# The chain rule multiplies. Through a deep network or a long recurrence it multiplies many
# factors, and a product of many factors is either tiny or huge unless each factor is close to one.
# After this notebook you will be able to predict when gradients vanish or explode, measure it
# layer by layer, and name the fix for each case: initialisation, residual connections,
# normalisation, clipping.

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
import torch.nn.functional as F
from torch import nn

from chainrule_helpers.numerics import check_gradients, format_gap
from chainrule_helpers.plots import LINESTYLES, PALETTE, use_chapter_style

use_chapter_style()

# Seed every random draw (`_ =` keeps the returned generator out of the output); each experiment
# below also reseeds, so that it reproduces on its own when re-run.
_ = torch.manual_seed(0)

# %% [markdown]
# ## A product of Jacobians
#
# For a repeated map $h_t = f(h_{t-1})$ with Jacobians $J_t = \partial h_t / \partial h_{t-1}$, the
# chain rule of section 5 gives
#
# $$\frac{\partial h_T}{\partial h_0} = \frac{\partial h_T}{\partial h_{T-1}}\,
#   \frac{\partial h_{T-1}}{\partial h_{T-2}} \cdots \frac{\partial h_1}{\partial h_0}
#   = J_T\, J_{T-1} \cdots J_1 ,$$
#
# with the latest step's Jacobian on the left: matrices do not commute, so the order matters.
# In one dimension with $f(h) = w h$ every factor is $w$, and the product is $w^T$. Over
# $T = 50$ steps, a factor just below one and one just above give $0.9^{50} \approx 0.0052$ and
# $1.1^{50} \approx 117.39$: the same small deviation, compounded, either erases the gradient or
# blows it up. In many dimensions the largest singular value of each $J_t$, the most it can stretch
# any vector, bounds that factor: the size of the product is at most the product of those values.
# It is an upper bound, not the rate. A gradient that does not line up with each factor's
# most-stretched direction grows less, or shrinks, even when every bound is above 1.

# %%
for w in (0.9, 1.0, 1.1):
    h0 = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    h = h0
    for _ in range(50):
        h = w * h
    h.backward()
    print(f"w = {w}: dh_50/dh_0 = {h0.grad.item():.4f}")

# %% [markdown]
# ## Gradient norm, layer by layer, in a deep network
#
# Take a stack of 30 layers of width 64, $h_l = \phi(W_l h_{l-1} + b_l)$, feed it a batch of 128
# random inputs, and send back a fixed random gradient $\bar{h}_{30}$ from the top. Measuring
# $\lVert \bar{h}_l \rVert$ at every layer shows what reaches the bottom. The settings vary the
# activation $\phi$, the initial weights (`small`: std 0.01; `large`: std 0.3; Xavier; Kaiming),
# and two architectural fixes: a residual connection $h_l = h_{l-1} + \alpha\,\phi(\cdot)$ (the
# plain one has $\alpha = 1$), and LayerNorm applied before $\phi$. Everything is in float64 so
# that a vanished gradient is measured, not rounded to zero.

# %%
ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def init_weight(weight, scheme):
    """Initialise a weight matrix in place by the named scheme."""
    if scheme == "small":
        nn.init.normal_(weight, std=0.01)
    elif scheme == "large":
        nn.init.normal_(weight, std=0.3)
    elif scheme == "xavier":
        nn.init.xavier_normal_(weight)
    elif scheme == "kaiming":
        nn.init.kaiming_normal_(weight, nonlinearity="relu")


def gradient_norms(activation, init, residual=False, layernorm=False, branch=1.0, depth=30, width=64,
                   seed=0, gains=None):
    """Norm of the gradient reaching each layer's output, for a fixed random gradient at the top.

    With `residual`, each layer adds `branch` times its output to the stream. Given a list as
    `gains`, appends each layer's n * Var(W) and mean(phi'(z)^2), the two factors derived below.
    """
    torch.manual_seed(seed)
    layers = [nn.Linear(width, width).double() for _ in range(depth)]
    for layer in layers:
        init_weight(layer.weight, init)
        nn.init.zeros_(layer.bias)
    h = torch.randn(128, width, dtype=torch.float64)
    outputs = []
    for layer in layers:
        z = layer(h)
        if layernorm:
            z = F.layer_norm(z, (width,))
        if gains is not None:
            (slope,) = torch.autograd.grad(ACTIVATIONS[activation](z).sum(), z, retain_graph=True)
            gains.append((width * layer.weight.var().item(), slope.pow(2).mean().item()))
        z = ACTIVATIONS[activation](z)
        h = h + branch * z if residual else z
        h.retain_grad()
        outputs.append(h)
    h.backward(gradient=torch.randn_like(h))
    return [out.grad.norm().item() for out in outputs]


def verdict(norms):
    """Classify the bottom-to-top gradient ratio: vanishes below 1e-3, explodes above 1e3."""
    ratio = norms[0] / norms[-1]
    return "vanishes" if ratio < 1e-3 else "explodes" if ratio > 1e3 else "stable"


SETTINGS = {
    "sigmoid, Xavier": ("sigmoid", "xavier"),
    "tanh, small": ("tanh", "small"),
    "tanh, Xavier": ("tanh", "xavier"),
    "ReLU, large": ("relu", "large"),
    "ReLU, Kaiming": ("relu", "kaiming"),
    "sigmoid, Xavier + residual": ("sigmoid", "xavier", True, False),
    "ReLU, large + LayerNorm": ("relu", "large", False, True),
    "ReLU, Kaiming + residual": ("relu", "kaiming", True, False),
    "ReLU, Kaiming + residual x 0.1": ("relu", "kaiming", True, False, 0.1),
    "ReLU, Kaiming + residual + LayerNorm": ("relu", "kaiming", True, True),
}
norms = {name: gradient_norms(*args) for name, args in SETTINGS.items()}
for name, values in norms.items():
    print(f"{name:38} bottom/top ratio ~ 1e{round(torch.tensor(values[0] / values[-1]).log10().item()):+d}"
          f"   {verdict(values)}")

# %% [markdown]
# Read the table as six lessons, each checked by the next cell:
#
# - **Sigmoid vanishes** even with Xavier initialisation: its slope is at most 0.25 (section 7),
#   so thirty layers multiply the gradient by something like $0.25^{30}$.
# - **Small weights vanish, large weights explode**: with `std 0.01` each layer shrinks the
#   gradient; with `std 0.3` and ReLU each layer grows it.
# - **Initialisation matched to the activation keeps it stable**: Xavier for tanh, Kaiming for
#   ReLU (variance $2/\text{fan-in}$, which compensates for ReLU zeroing half its inputs).
# - **A residual connection rescues sigmoid**: $h_l = h_{l-1} + \phi(\cdot)$ has Jacobian $I + J_l$,
#   so the gradient keeps a path through every block on which nothing shrinks it.
# - **But a residual stack can explode**: the backward pass multiplies the factors $I + J_l$, and
#   that product is not the identity. Sigmoid's small $J_l$ keeps each factor close to $I$. With
#   ReLU and Kaiming weights each factor about doubles the gradient's mean square, and in this stack
#   it grows the gradient's norm by about 1.6 per block (explained and measured below), so thirty
#   of them compound geometrically. The usual remedy scales the branch,
#   $h_l = h_{l-1} + \alpha\,\phi(\cdot)$ with a small $\alpha$ (0.1 here), so that
#   $I + \alpha J_l$ stays close to $I$, or normalises.
# - **Normalisation tames explosion**: LayerNorm undoes the scale of large weights, and the
#   exploding residual ReLU network is stable with it too.

# %%
checks = {
    "sigmoid, Xavier": "vanishes",
    "tanh, small": "vanishes",
    "ReLU, large": "explodes",
    "tanh, Xavier": "stable",
    "ReLU, Kaiming": "stable",
    "sigmoid, Xavier + residual": "stable",
    "ReLU, large + LayerNorm": "stable",
    "ReLU, Kaiming + residual": "explodes",
    "ReLU, Kaiming + residual x 0.1": "stable",
    "ReLU, Kaiming + residual + LayerNorm": "stable",
}
print("every verdict as the lessons state:", all(verdict(norms[name]) == expected for name, expected in checks.items()))

# %% [markdown]
# ### Why the residual ReLU stack explodes
#
# For one input $h$, a ReLU block's Jacobian is $J_l = \operatorname{diag}(m_l)\,W_l$ (with
# $W_l \in \mathbb{R}^{n \times n}$), where the mask $m_l = [W_l h > 0]$ is 1 where the ReLU's input
# is positive and 0 elsewhere. Kaiming's variance $2/n$, each weight drawn independently as
# $W_{l,ij} \sim \mathcal{N}(0, 2/n)$, makes it preserve size *on average*: for a vector $v$ that
# does not depend on the block, $\mathbb{E}\lVert J_l v\rVert^2 = \lVert v\rVert^2$ (the next
# section derives this). It does not preserve every vector's size: the largest singular value of
# $J_l$, the most it stretches any vector, is about 2.3, and that of $I + J_l$ about 2.8. For the
# residual factor,
#
# $$\lVert (I + J_l)\,v\rVert^2 = \lVert v\rVert^2 + 2\, v^\top J_l v + \lVert J_l v\rVert^2 ,$$
#
# and if the middle term averages out, each block doubles the mean square, so the norm grows by
# $\sqrt{2} \approx 1.41$ per block.
#
# In this stack the middle term does not average out. Every block adds a ReLU output, which is
# never negative, so the residual stream $h$ drifts positive. The mask $m_l = [W_l h > 0]$ is then
# decided by which rows of $W_l$ point along that drift, the same rows for almost every input, and
# such a $J_l$ maps the stream to a vector with no negative entry, $J_l h = \operatorname{relu}(W_l h)$.
# Once the stream is positive, $h^\top J_l h > 0$, and along it the factors stretch by more than
# $\sqrt{2}$. To see that the masks are the cause, the cell builds the same kind of stack and runs
# its backward pass by hand, $\bar{h}_{l-1} = \bar{h}_l + W_l^\top (m_l \odot \bar{h}_l)$, once
# with the true masks and once with masks drawn by independent coin flips: same weights, same
# gradient at the top.

# %%
torch.manual_seed(0)
depth, width = 30, 64
weights = [torch.randn(width, width, dtype=torch.float64) * (2 / width) ** 0.5 for _ in range(depth)]
h = torch.randn(128, width, dtype=torch.float64)
masks, positive = [], []
for W in weights:
    z = h @ W.T
    masks.append((z > 0).double())
    h = h + torch.relu(z)
    positive.append((h > 0).double().mean().item())

# Each block's J_l = diag(m_l) W_l for the first 8 inputs, and random directions v independent of the blocks.
jacobians = [mask[:8, :, None] * W for mask, W in zip(masks, weights)]
eye = torch.eye(width, dtype=torch.float64)
v = torch.randn(1000, width, dtype=torch.float64)
for name, factors in (("J_l", jacobians), ("I + J_l", [eye + J for J in jacobians])):
    largest = torch.stack([torch.linalg.matrix_norm(M, 2) for M in factors]).median().item()
    mean_square = torch.stack([(v @ M.mT).pow(2).sum() / (8 * v.pow(2).sum()) for M in factors]).mean().item()
    print(f"{name:8} largest singular value {largest:.1f}, mean-square gain on random vectors {mean_square:.1f}")

# Two inputs' masks agree where they are equal: compare inputs 0 and 1, 2 and 3, and so on.
agree = [(mask[0::2] == mask[1::2]).double().mean().item() for mask in masks]
for b in (1, 10, 30):
    print(f"after block {b:2}: stream entries positive {100 * positive[b - 1]:5.1f}%, "
          f"masks of two inputs agree on {100 * agree[b - 1]:5.1f}% of the units")


def growth_per_block(block_masks):
    """Backward by hand from block 30 down to block 2, g <- g + W^T (m * g): the 29th root of the growth."""
    g = torch.randn(128, width, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    top = g.norm()
    for mask, W in zip(block_masks[:0:-1], weights[:0:-1]):
        g = g + (mask * g) @ W
    return ((g.norm() / top) ** (1 / (depth - 1))).item()


coin_flips = [(torch.rand(mask.shape, dtype=torch.float64) < 0.5).double() for mask in masks]
table = norms["ReLU, Kaiming + residual"]
print(f"gradient growth per block: true masks {growth_per_block(masks):.2f}, coin-flip masks "
      f"{growth_per_block(coin_flips):.2f} (sqrt(2) = {2**0.5:.2f}); "
      f"the table's stack {(table[0] / table[-1]) ** (1 / (depth - 1)):.2f}")

# %% [markdown]
# On random vectors both factors do what Kaiming intends, a mean-square gain of 1.0 for $J_l$ and
# 2.0 for $I + J_l$, while their largest singular values are 2.3 and 2.8. The drift is fast: after
# ten blocks 99.8% of the stream's entries are positive, and two inputs' masks agree on 93.9% of
# the units, where independent masks would agree on half. With the true masks the gradient grows
# by 1.60 per block (1.58 in the table's stack); with coin-flip masks, by 1.42, close to
# $\sqrt{2}$. The excess comes from the masks' dependence on the weights and on the stream, which
# the mean-square argument assumes away.

# %% [markdown]
# ## Where Xavier and Kaiming come from
#
# Why do these two initialisations work, and why does nothing tuned for tanh rescue sigmoid? Follow
# the gradient through one layer, $z_l = W_l h_{l-1}$ and $h_l = \phi(z_l)$, backwards:
#
# $$\bar{h}_{l-1} = W_l^\top \big(\phi'(z_l) \odot \bar{h}_l\big), \qquad
#   \bar{h}_{l-1,j} = \sum_{i=1}^{n} W_{l,ij}\, \phi'(z_{l,i})\, \bar{h}_{l,i} .$$
#
# Each component is a sum of $n$ terms. The weights are drawn independently, with mean zero and
# variance $\operatorname{Var}(W)$. Assume, as Glorot and Bengio (2010) and He et al. (2015) do,
# that $W_l$ is also independent of the slopes $\phi'(z_l)$ and of the gradient $\bar{h}_l$ arriving
# from above. Then the terms are uncorrelated, and the variance of a sum of uncorrelated terms is
# the sum of their variances:
#
# $$\mathbb{E}\big[\bar{h}_{l-1,j}^2\big] \approx n \operatorname{Var}(W)\,
#   \mathbb{E}\big[\phi'(z)^2\big]\, \mathbb{E}\big[\bar{h}_{l,i}^2\big] .$$
#
# That independence is an assumption, not a fact: $z_l$ is computed from $W_l$, so the slopes
# depend on the weights, and so does the gradient that comes back through the layers above. The
# table below shows how well the assumption predicts the plain networks; the residual ReLU stack
# above is a case where the dependence matters.
#
# So every layer multiplies the gradient's mean square by the same factor, and its size by the
# square root of that factor, the *gain*. Thirty layers raise the gain to the 29th power between
# the top layer's output and the bottom one's, so the gradient survives only if
#
# $$n \operatorname{Var}(W)\, \mathbb{E}\big[\phi'(z)^2\big] \approx 1 .$$
#
# Here $n$ is the number of outputs the gradient is summed over (the fan-out); the same argument on
# the forward pass gives the fan-in. These layers are square, so both are 64. The condition says
# what each scheme is for:
#
# - **tanh** has slope 1 at 0, so near 0 the condition asks for weights of variance $1/n$. Xavier's
#   variance, $2/(\text{fan-in} + \text{fan-out})$, splits the difference between the forward and
#   the backward condition; on these square layers it draws $W_{ij} \sim \mathcal{N}(0, 2/(n + n))$,
#   so $\operatorname{Var}(W) = 1/n$: the condition holds.
# - **ReLU** has slope 1 on half of its inputs and 0 on the other half, so its mean squared slope is
#   one half, and the condition asks for twice that variance. Kaiming's initialisation draws
#   $W_{ij} \sim \mathcal{N}(0, 2/n)$: $\operatorname{Var}(W) = 2/n$, and
#   $n \operatorname{Var}(W) \cdot \frac{1}{2} = 1$ as the condition requires.
# - **sigmoid**'s slope is at most 0.25, so its mean squared slope is at most 0.0625: with Xavier
#   weights the gain is at most 0.25, and thirty layers make that vanishing. To satisfy the condition
#   the weights would have to be sixteen times larger in variance, which saturates the sigmoids.
#
# The cell measures all three factors on the five plain networks above (every layer's $W$ and
# slopes, averaged on a log scale) and compares the predicted gain with the measured one, the 29th
# root of the bottom-to-top ratio of gradient norms.

# %%
PLAIN = ["sigmoid, Xavier", "tanh, small", "tanh, Xavier", "ReLU, large", "ReLU, Kaiming"]
print(f"{'setting':16} {'n Var(W)':>9} {'mean slope^2':>13} {'predicted gain':>15} {'measured gain':>14}")
for name in PLAIN:
    factors = []
    values = gradient_norms(*SETTINGS[name], gains=factors)
    # The gradient goes from layer 30's output down to layer 1's through layers 30, 29, ..., 2:
    # average those layers' factors on a log scale, as a product of 29 gains is a geometric mean.
    n_var, slope2 = torch.tensor(factors[1:], dtype=torch.float64).log().mean(dim=0).exp().tolist()
    predicted = (n_var * slope2) ** 0.5
    measured = (values[0] / values[-1]) ** (1 / (len(values) - 1))
    print(f"{name:16} {n_var:9.3f} {slope2:13.3f} {predicted:15.2f} {measured:14.2f}")

# %% [markdown]
# The derived gain and the measured one agree to within 0.03 in every row. Sigmoid's gain of 0.24
# per layer, raised to the 29th power, is the ratio of about 1e-18 of the table above; ReLU with
# large weights gains about 1.7 per layer, hence about 1e+6; the two matched initialisations keep
# the gain within 0.05 of 1.
#
# ### The picture
#
# The left panel holds the five plain networks, the middle one the five with a remedy, and the
# right one the four stable remedies again on a linear scale, where lines that lie on top of each
# other on a log scale come apart; each panel has its own vertical scale. Each line
# is one setting, read from the top layer (right, where the gradient enters) to the bottom layer
# (left). On the left, sigmoid with Xavier weights and tanh with small weights fall steadily, by
# 18 and 32 orders of magnitude; ReLU with large weights climbs by 6; the two matched
# initialisations stay flat. In the middle every line stays within about one order of magnitude
# except the plain residual ReLU stack, which climbs like ReLU with large weights, while the same
# stack with the branch scaled by 0.1, or with LayerNorm, stays flat.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 5.4), layout="constrained")
plain, remedies = [k for k in norms if "+" not in k], [k for k in norms if "+" in k]
for ax, title, names, scale in (
    (axes[0], "plain networks: activation and initialisation", plain, "log"),
    (axes[1], "with a remedy: residual branch or LayerNorm", remedies, "log"),
    (axes[2], "the stable remedies, zoomed", [k for k in remedies if verdict(norms[k]) == "stable"], "linear"),
):
    for name in names:
        # The same colour, line style and marker for a setting in every panel; markers staggered.
        k = plain.index(name) if name in plain else remedies.index(name)
        ax.plot(range(1, len(norms[name]) + 1), norms[name], color=PALETTE[k], linestyle=LINESTYLES[k],
                marker="os^vD"[k], markevery=(k, 5), label=f"{name} ({verdict(norms[name])})")
    ax.set(title=title, xlabel="layer (the gradient flows from 30 down to 1)", yscale=scale,
           ylabel=f"‖gradient at the layer's output‖ ({scale} scale)")
    if ax is not axes[2]:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1)
fig.suptitle("Gradient norm against depth in a 30-layer network")
plt.show()

# %% [markdown]
# ## A recurrence: the singular values of W bound the gradient
#
# A recurrent network applies the same map at every step, $h_t = \tanh(W h_{t-1})$, so the
# Jacobians $J_t = \operatorname{diag}(1 - h_t^2)\, W$ share the factor $W$. Take $W = \rho Q$ with
# $Q$ orthogonal, so every singular value of $W$ equals $\rho$, and so does its spectral radius,
# the largest absolute value among its eigenvalues. Start from a small $h_0$, where $\tanh$ is
# nearly linear. Then $\lVert \partial h_T / \partial h_0 \rVert \approx \rho^T$: it
# decays for $\rho < 1$, stays at 1 for $\rho = 1$, and grows for $\rho > 1$ until the states grow
# large enough for $\tanh$ to saturate, which caps the growth. The product of the $J_t$ is formed
# step by step below, and checked against autograd's Jacobian of the whole recurrence.

# %%
torch.manual_seed(0)
n, T = 16, 40
Q, _ = torch.linalg.qr(torch.randn(n, n, dtype=torch.float64))
h_start = 1e-3 * torch.randn(n, dtype=torch.float64)


def unroll(W, h, steps=T):
    """Run h <- tanh(W h) and return the final state and every product of Jacobians so far."""
    product, history = torch.eye(len(h), dtype=h.dtype), []
    for _ in range(steps):
        h = torch.tanh(W @ h)
        product = torch.diag(1 - h**2) @ W @ product
        history.append(torch.linalg.matrix_norm(product, 2).item())
    return h, product, history


histories = {}
for rho in (0.8, 0.95, 1.0, 1.05, 1.2):
    W = rho * Q
    _, product, histories[rho] = unroll(W, h_start)
    autograd_J = torch.autograd.functional.jacobian(lambda h, W=W: unroll(W, h)[0], h_start)
    print(f"rho = {rho:4}: ||dh_40/dh_0|| = {histories[rho][-1]:.3g}   rho**40 = {rho**T:.3g}   "
          f"matches autograd: {torch.allclose(product, autograd_J)}")

# %% [markdown]
# At $\rho = 0.8$ the gradient from 40 steps back is $\lVert \partial h_{40}/\partial h_0 \rVert \approx 0.000133$;
# at $\rho = 1.2$ it is about 799, well short of $1.2^{40} \approx 1470$ because the
# states have grown into tanh's saturated range. Gated units (LSTM, GRU) were designed around
# exactly this problem: their additive cell state plays the role of the residual connection.
#
# Which property of $W$ decided? For $W = \rho Q$ the experiment cannot tell, since the spectral
# radius and every singular value are all $\rho$. They part for other matrices. Take $W$ equal to
# $0.9\,I$ plus ones on the superdiagonal: it is triangular, so its eigenvalues are its diagonal
# entries, all 0.9, yet its largest singular value is about 1.89. The condition that holds is the
# one Pascanu, Mikolov and Bengio (2013) state in singular values. Since $|\tanh'| \le 1$, each
# $J_t$ stretches a vector by at most $\sigma_{\max}(W)$, the largest singular value of $W$; so
# $\sigma_{\max}(W) < 1$ is enough for the gradient to vanish, and $\sigma_{\max}(W) > 1$ is
# needed for it to explode. A spectral radius below 1 says only that the *linear* recurrence
# decays in the long run, $\lVert W^k \rVert \to 0$ as $k \to \infty$, not how far it grows first.

# %%
W_super = 0.9 * torch.eye(n, dtype=torch.float64) + torch.diag(torch.ones(n - 1, dtype=torch.float64), 1)
print(f"triangular: {torch.equal(W_super, W_super.triu())}, diagonal {W_super.diagonal().unique().tolist()}, "
      f"largest singular value {torch.linalg.matrix_norm(W_super, 2).item():.2f}")
_, product, super_history = unroll(W_super, h_start)
autograd_J = torch.autograd.functional.jacobian(lambda h: unroll(W_super, h)[0], h_start)
print(f"||dh_40/dh_0|| = {super_history[-1]:.3g} (largest on the way {max(super_history):.3g})   "
      f"0.9**40 = {0.9**T:.3g}   matches autograd: {torch.allclose(product, autograd_J)}")
for steps in (T, 800):
    norm = torch.linalg.matrix_norm(torch.linalg.matrix_power(W_super, steps), 2).item()
    print(f"linear recurrence: ||W^{steps}|| = {norm:.3g}")

# %% [markdown]
# Every eigenvalue is 0.9, and $0.9^{40} \approx 0.0148$, yet the gradient from 40 steps back is
# $\lVert \partial h_{40}/\partial h_0 \rVert \approx 346$, after peaking near 1.07e4. Without tanh
# it would be larger still: $\lVert W^{40} \rVert$ is about 3.83e9, and the linear recurrence has
# decayed, to 2.84e-5, only by step 800.
#
# In the figure the five lines of $W = \rho Q$ fan out as $\rho^t$, while the line of the
# triangular $W$ climbs far above all of them until tanh's saturation pulls it down, and still ends
# above every line with $\rho \le 1.05$.

# %%
fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
for rho, history in histories.items():
    ax.semilogy(range(1, T + 1), history, label=f"W = {rho} Q")
ax.semilogy(range(1, T + 1), super_history, label="W = 0.9 I + superdiagonal")
ax.set(xlabel="forward step t (the state h_t, t steps after h_0)", ylabel="‖∂h_t / ∂h_0‖₂ (largest singular value)",
       title="Recurrent gradient: W = ρQ and a triangular W")
# The legend sits beside the axes, covering no line.
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))
ax.grid(which="both", alpha=0.3)
plt.show()

# %% [markdown]
# ## Why the weights start random: symmetry
#
# Every initialisation above draws the weights at random; a well-scaled constant would not do.
# Take one hidden layer on a batch $X \in \mathbb{R}^{B \times 3}$ whose row $b$ is the input
# $x_b^\top = X_{b,:}$: $H = \tanh(X W_1^\top)$ with $W_1$ of shape $[4, 3]$, then
# $y = H w_2$ and $L = \frac{1}{B} \sum_b (y_b - t_b)^2$. With $\bar{y} = \nabla_y L = \frac{2}{B}(y - t)$,
# the chain rule gives row $k$ of the first layer's gradient, with $w_{2,k}$ entry $k$ of $w_2$, as
# $\bar{W}_{1,k} = \sum_b \bar{y}_b\, w_{2,k}\, (1 - H_{bk}^2)\, x_b^\top$. If every row of $W_1$
# is the same and every entry of $w_2$ is the same, every hidden unit computes the same column of
# $H$, so every row of the gradient is the same; an SGD step changes every row by the same amount,
# and they stay equal for ever. Four hidden units then do the work of one.

# %%
torch.manual_seed(1)
Xs, ts = torch.randn(8, 3, dtype=torch.float64), torch.randn(8, dtype=torch.float64)


def two_layer_loss(W1, w2):
    """Mean squared error of y = tanh(X W1^T) w2 against the targets."""
    return ((torch.tanh(Xs @ W1.T) @ w2 - ts) ** 2).mean()


def first_layer_formula(W1, w2):
    """The gradient of two_layer_loss with respect to W1, row k as derived above."""
    H = torch.tanh(Xs @ W1.T)
    y_bar = 2 * (H @ w2 - ts) / len(ts)
    return ((y_bar[:, None] * w2) * (1 - H**2)).T @ Xs


def spread_of_rows(G):
    """The largest difference between any row of G and its first row."""
    return (G - G[0]).abs().max().item()


def train(W1, w2, steps=200, lr=0.1):
    """Plain SGD on both layers; returns the trained first layer."""
    W1, w2 = W1.clone().requires_grad_(), w2.clone().requires_grad_()
    for _ in range(steps):
        g1, g2 = torch.autograd.grad(two_layer_loss(W1, w2), (W1, w2))
        with torch.no_grad():
            W1 -= lr * g1
            w2 -= lr * g2
    return W1.detach()


W1_const, w2_const = torch.full((4, 3), 0.5, dtype=torch.float64), torch.full((4,), 0.5, dtype=torch.float64)
print(check_gradients(lambda W1: two_layer_loss(W1, w2_const), {"W1": W1_const},
                      analytic={"W1": first_layer_formula(W1_const, w2_const)}))

# %%
at_start = format_gap(spread_of_rows(first_layer_formula(W1_const, w2_const)), 1e-12)
trained = format_gap(spread_of_rows(train(W1_const, w2_const)), 1e-12)
print("constant start, gradient rows differ by", at_start)  # constant start, gradient rows differ by below 1e-12
print("constant start, W1 rows after 200 steps:", trained)  # constant start, W1 rows after 200 steps: below 1e-12
W1_rand, w2_rand = 0.5 * torch.randn(4, 3, dtype=torch.float64), 0.5 * torch.randn(4, dtype=torch.float64)
print(f"random start, W1 rows after 200 steps: {spread_of_rows(train(W1_rand, w2_rand)):.2f} apart")

# %% [markdown]
# From the constant start, the four units are still equal to within $10^{-12}$ after 200 steps:
# one unit, four times over. The random start gives each unit its own gradient from the first
# step, and the units learn different features. Biases may start at zero: the random weights already break the symmetry.

# %% [markdown]
# ## Gradient clipping
#
# Where gradients can explode, `torch.nn.utils.clip_grad_norm_` rescales all of them together so
# that their total norm is at most `max_norm`, keeping the direction and bounding the step. Take
# the exploding "ReLU, large" network with a squared-output loss: the total norm $\lVert g \rVert$
# of its gradient is astronomically large, $\log_{10}\lVert g \rVert \approx 14$. After clipping
# to 1, an SGD step with learning rate $\eta$ moves the parameters by exactly $\eta$, a bounded step
# in the same direction.

# %%
torch.manual_seed(0)
deep = nn.Sequential(*[nn.Sequential(nn.Linear(64, 64), nn.ReLU()) for _ in range(30)]).double()
for module in deep.modules():
    if isinstance(module, nn.Linear):
        init_weight(module.weight, "large")
inputs = torch.randn(128, 64, dtype=torch.float64)
loss = deep(inputs).pow(2).mean()
loss.backward()
before = nn.utils.clip_grad_norm_(deep.parameters(), max_norm=1.0)
after = torch.cat([p.grad.flatten() for p in deep.parameters()]).norm()
print(f"log10 of the total gradient norm before clipping: {round(before.log10().item())}")
print(f"after clipping: {after.item():.4f}")  # after clipping: 1.0000

# %%
lr = 0.1
old = torch.cat([p.detach().flatten() for p in deep.parameters()])
torch.optim.SGD(deep.parameters(), lr=lr).step()
new = torch.cat([p.detach().flatten() for p in deep.parameters()])
print(f"parameter change {((new - old).norm() / lr).item():.4f} x lr")  # parameter change 1.0000 x lr

# %% [markdown]
# ## Exercises
#
# Graded version: `assignments/04_vanishing_gradients_lab`, measure and repair a deep network.
#
# 1. Add a setting "tanh, large + LayerNorm" to the table. Predict its verdict before you run it.
#    (Use the derivation: LayerNorm fixes the scale of each pre-activation, so the mean squared
#    slope no longer depends on the weights' scale; compare your prediction with the verdict.)
# 2. In the one-dimensional product, which $w$ keeps $w^{50}$ between 0.5 and 2? What does that say
#    about how precisely initialisation must be tuned in a 50-layer network without normalisation?
#    (From 0.9862 to 1.0140: within about 1.4 % of 1.)
# 3. Replace `clip_grad_norm_` by `clip_grad_value_(…, 1.0)`. Does the update keep the gradient's
#    direction? Compare the cosine similarity of the clipped and unclipped gradients. (It clips
#    every entry on its own, so the large entries shrink and the small ones do not: the cosine
#    similarity falls below 1, while after `clip_grad_norm_` it is 1.)

# %% [markdown]
# ## Summary
#
# - Backpropagating through $T$ steps multiplies $T$ Jacobians; their sizes compound as a power.
# - Saturating activations and small weights make gradients vanish; large weights make them explode.
# - Initialisation matched to the activation, residual connections and normalisation keep the product near one;
#   a residual ReLU stack also needs its branch scaled down, or normalised.
# - In a recurrence the largest singular value of $W$ bounds the growth (below 1 the gradient vanishes);
#   the spectral radius alone does not decide it. Clipping bounds what explodes.
