# %% [markdown]
# # 8. Losses: where the backward pass begins
#
# Every backward pass starts at a loss, and the loss's gradient with respect to the predictions is
# the first signal the model receives. After this notebook you will be able to derive that signal
# for mean squared error, softmax cross-entropy and binary cross-entropy, predict how the
# `reduction` argument scales it, and see exactly what `loss.backward()` seeds the sweep with.

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

from chainrule_helpers.numerics import check_gradients
from chainrule_helpers.plots import use_chapter_style

use_chapter_style()

# Seed the random draws below (`_ =` keeps the returned generator out of the output).
_ = torch.manual_seed(0)

# %% [markdown]
# ## Mean squared error
#
# $L = \frac{1}{n}\sum_{i=1}^{n} (\hat{y}_i - y_i)^2$. Each prediction $\hat{y}_i$ appears in one term
# only, and the chain rule through the square gives
#
# $$\frac{\partial L}{\partial \hat{y}_i} = \frac{1}{n}\cdot 2(\hat{y}_i - y_i) = \frac{2}{n}(\hat{y}_i - y_i).$$
#
# With the predictions $(2, 4, 6)$ against the targets $(1, 5, 2)$, the errors are $(1, -1, 4)$ and
# $n = 3$, so the gradient is $\frac{2}{3}(1, -1, 4)$, that is
# $\nabla_{\hat{y}} L \approx [0.6667, -0.6667, 2.6667]$. The prediction that is furthest off gets
# the strongest push, and the sign says which way.

# %%
pred = torch.tensor([2.0, 4.0, 6.0], requires_grad=True)
target = torch.tensor([1.0, 5.0, 2.0])
loss = ((pred - target) ** 2).mean()
loss.backward()
print(pred.grad)  # tensor([ 0.6667, -0.6667,  2.6667])

# %%
p0 = torch.tensor([2.0, 4.0, 6.0])
print(check_gradients(lambda p: ((p - target.double()) ** 2).mean(), p0, analytic=2 / 3 * (p0 - target)))

# %% [markdown]
# ## Softmax cross-entropy
#
# A classifier outputs logits $z \in \mathbb{R}^K$; softmax turns them into probabilities
# $p_k = e^{z_k} / \sum_j e^{z_j}$, and the loss for the true class $y$ is $L = -\log p_y$. Write it
# as $L = -z_y + \log \sum_j e^{z_j}$ and differentiate each term:
#
# $$\frac{\partial L}{\partial z_k} = -\mathbb{1}[k = y] + \frac{e^{z_k}}{\sum_j e^{z_j}}
#   = p_k - \mathbb{1}[k = y] .$$
#
# The gradient is *predicted probabilities minus the one-hot target*. Every entry lies between
# $-1$ and 1, and on the true class it is $p_y - 1$: it never vanishes while the model is wrong,
# and it goes to zero only as the model becomes confidently right, putting all its probability on
# the right class. For
# $z = (2, 1, 0.1)$ and true class $y = 0$,
# $\operatorname{softmax}(z) \approx (0.6590, 0.2424, 0.0986)$ and the gradient is
# $\nabla_z L \approx [-0.3410, 0.2424, 0.0986]$.

# %%
z = torch.tensor([2.0, 1.0, 0.1], requires_grad=True)
label = torch.tensor(0)
loss = F.cross_entropy(z.unsqueeze(0), label.unsqueeze(0))
loss.backward()
print(torch.softmax(z, dim=0).detach())  # tensor([0.6590, 0.2424, 0.0986])
print(z.grad)  # tensor([-0.3410,  0.2424,  0.0986])

# %%
z0 = torch.tensor([2.0, 1.0, 0.1])
print(check_gradients(lambda z: F.cross_entropy(z.unsqueeze(0), label.unsqueeze(0)), z0,
                      analytic=torch.softmax(z0, dim=0) - F.one_hot(label, 3)))

# %% [markdown]
# At the two extremes, with the true class still 0, the entry on the true class is about $-1$ when
# the model is confidently wrong and nearly 0 when it is confidently right:

# %%
for case, logits_case in (("confidently wrong", [0.0, 10.0, 0.0]), ("confidently right", [10.0, 0.0, 0.0])):
    zc = torch.tensor(logits_case, requires_grad=True)
    F.cross_entropy(zc.unsqueeze(0), label.unsqueeze(0)).backward()
    p_true = torch.softmax(zc, dim=0)[0].item()
    print(f"{case}, z = {logits_case}: p_y = {p_true:.5f}, gradient on the true class {zc.grad[0].item():.1e}")

# %% [markdown]
# ## Binary cross-entropy with logits
#
# For one logit $z$ and a label $y \in \{0, 1\}$, with $p = \sigma(z)$ and
# $\sigma(z) = \frac{1}{1 + e^{-z}}$, the loss is $L = -\big(y \log p + (1 - y) \log(1 - p)\big)$.
# Using $\sigma' = \sigma(1-\sigma)$ from section 7,
#
# $$\frac{\partial L}{\partial z} = -\Big(\frac{y}{p} - \frac{1-y}{1-p}\Big)\, p(1-p)
#   = -\big(y(1-p) - (1-y)p\big) = p - y .$$
#
# The same shape as before: prediction minus target. At $z = 0.5$ with $y = 1$, $\sigma(0.5) \approx 0.6225$
# and $\frac{\partial L}{\partial z} \approx -0.3775$. `binary_cross_entropy_with_logits` takes the
# logit rather than $p$, so that it can compute $\log \sigma$ stably. Applying `sigmoid` first and
# then `binary_cross_entropy` gives the same gradient for moderate logits, but not for large ones
# (shown after the next cell).

# %%
z = torch.tensor(0.5, requires_grad=True)
y = torch.tensor(1.0)
F.binary_cross_entropy_with_logits(z, y).backward()
print(f"{torch.sigmoid(z).item():.4f}")  # 0.6225
print(f"{z.grad.item():.4f}")  # -0.3775

# %%
z0 = torch.tensor([0.5, -1.0, 3.0])
labels = torch.tensor([1.0, 0.0, 1.0])
print(check_gradients(lambda z: F.binary_cross_entropy_with_logits(z, labels.double(), reduction="sum"), z0,
                      analytic=torch.sigmoid(z0) - labels))

# %% [markdown]
# Nothing overflows in the two-step version; it goes wrong more quietly. In float32, $\sigma(z)$
# rounds to exactly 1 once $z$ passes about 17. With label 0 the loss needs $\log(1 - p) = \log 0$,
# which `binary_cross_entropy` clamps to $-100$, and the backward pass multiplies by $p(1-p)$,
# now exactly 0 in float32: the gradient comes back 0 instead of $p - y$, which is 1 here. A confidently wrong
# model gets no signal at all. The logit version keeps both the loss and the gradient:

# %%
for z_value in (16.0, 17.0):
    z = torch.tensor(z_value, requires_grad=True)
    p = torch.sigmoid(z)
    two_step = F.binary_cross_entropy(p, torch.tensor(0.0))
    (grad_two_step,) = torch.autograd.grad(two_step, z)
    z_logit = torch.tensor(z_value, requires_grad=True)
    fused = F.binary_cross_entropy_with_logits(z_logit, torch.tensor(0.0))
    (grad_fused,) = torch.autograd.grad(fused, z_logit)
    print(f"z={z_value:.0f}: p rounds to 1: {p.item() == 1.0}; sigmoid then BCE: loss {two_step.item():.1f}, "
          f"gradient {grad_two_step.item():.1f}; with logits: loss {fused.item():.1f}, "
          f"gradient {grad_fused.item():.1f}")

# %% [markdown]
# ### Why the logit form matters for learning
#
# Compare with fitting $p = \sigma(z)$ to $y$ by squared error, $L = (p - y)^2$: then
# $\frac{\partial L}{\partial z} = 2(p - y)\,p(1 - p)$, and the sigmoid's slope $p(1-p)$ makes the
# gradient vanish whenever the model is confident, even when it is confidently *wrong*.
#
# Watch the dashed curve: for a true label 1 and a very negative logit, cross-entropy pushes hard
# while squared error barely moves; for a very positive logit, where the model is confidently
# right, both fade.

# %%
logits = torch.linspace(-8, 8, 401, requires_grad=True)
ones = torch.ones_like(logits)
(g_ce,) = torch.autograd.grad(F.binary_cross_entropy_with_logits(logits, ones, reduction="sum"), logits)
(g_mse,) = torch.autograd.grad(((torch.sigmoid(logits) - ones) ** 2).sum(), logits)
fig, ax = plt.subplots(figsize=(6, 3.8))
ax.plot(logits.detach(), g_ce, label="cross-entropy: p − y")
ax.plot(logits.detach(), g_mse, "--", label="squared error on σ(z): 2(p − y)p(1 − p)")
ax.set(xlabel="logit z (true label y = 1)", ylabel="∂L/∂z", title="Gradient reaching the logit")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## `reduction="mean"` against `"sum"`
#
# A batch loss is usually the *mean* of per-example losses. Every per-example gradient is then
# divided by the number of terms averaged, so the same batch with `reduction="sum"` gives a gradient
# exactly $B$ times larger, here $B = 4$. That factor is why the learning rate and the reduction
# must be chosen together.

# %%
batch_logits = torch.randn(4, 3)
batch_labels = torch.tensor([0, 2, 1, 2])
grads = {}
for reduction in ("mean", "sum"):
    zb = batch_logits.clone().requires_grad_(True)
    F.cross_entropy(zb, batch_labels, reduction=reduction).backward()
    grads[reduction] = zb.grad
ratio = grads["sum"] / grads["mean"]
print(f"sum / mean = {ratio.min().item():.4f} .. {ratio.max().item():.4f}")  # sum / mean = 4.0000 .. 4.0000

# %% [markdown]
# ## The starting signal
#
# `loss.backward()` on a scalar loss is shorthand for `loss.backward(gradient=torch.tensor(1.0))`:
# the sweep is seeded with 1 (the derivative of $L$ with respect to itself), and every other gradient is that seed
# multiplied by local derivatives. Seeding with 2 doubles every gradient in the model; this is the
# mechanism behind loss scaling in mixed-precision training.

# %%
def mse_grad(seed):
    """The gradient of the chapter's MSE example with the backward sweep seeded by `seed`."""
    p = torch.tensor([2.0, 4.0, 6.0], requires_grad=True)
    ((p - target) ** 2).mean().backward(gradient=torch.tensor(seed))
    return p.grad


print(mse_grad(1.0))  # tensor([ 0.6667, -0.6667,  2.6667])
print(mse_grad(2.0))  # tensor([ 1.3333, -1.3333,  5.3333])

# %% [markdown]
# ## Exercises
#
# Graded version: question 1 of `assignments/03_backward_by_hand`, the mean squared error and the
# gradient it sends back, which seeds a whole backward pass.
#
# 1. Derive the gradient of the mean absolute error $\frac{1}{n}\sum|\hat{y}_i - y_i|$ and check it
#    on the chapter's example. What does PyTorch return where a prediction equals its target?
#    (The sign of each error over $n$: one third, minus one third, one third. Where an error is 0,
#    PyTorch returns 0, the minimum-norm subgradient of section 7.)
# 2. Show that adding a constant to every logit leaves the softmax cross-entropy gradient unchanged.
#    Why must it? (Softmax divides $e^{z_i + c}$ by the sum of the $e^{z_j + c}$: the factor $e^c$
#    cancels, so the probabilities, and with them $p - y$, do not move.)
# 3. With label smoothing, the target is $(1 - \varepsilon)\,\text{onehot} + \varepsilon / K$. Derive the
#    gradient with respect to the logits and check it against `F.cross_entropy(..., label_smoothing=ε)`.
#    (It keeps the form of probabilities minus target, with the smoothed target, and over a
#    batch it is divided by the batch size, as in the examples above.)

# %% [markdown]
# ## Summary
#
# - MSE sends $\frac{2}{n}(\hat{y} - y)$ back to the predictions: the largest error gets the strongest push.
# - Softmax cross-entropy and BCE with logits both send *prediction minus target* to the logits.
# - `reduction="mean"` divides every gradient by the number of terms averaged; `"sum"` does not.
# - `loss.backward()` seeds the sweep with 1; every gradient in the model is proportional to that seed.
