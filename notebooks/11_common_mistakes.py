# %% [markdown]
# # 11. Common mistakes, and what they look like
#
# Most autograd bugs are one of a handful of patterns, and each has a recognisable symptom: an
# error message, a gradient that is `None`, a gradient that is silently wrong, or one that is NaN. After this
# notebook you will be able to recognise each pattern from its symptom, and fix it. Every mistake
# below is shown for real, with the symptom it really produces, then fixed: an error for some, from
# Python or from PyTorch, and for others no error at all.

# %%
# On Colab, or in any Python without this chapter's helpers, the next lines install them (once).
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("chainrule_helpers") is None:
    HELPERS = "chainrule-helpers @ git+https://github.com/chainrule/chainrule"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", HELPERS], check=True)

import warnings

import torch
import torch.nn.functional as F
from torch import nn

from chainrule_helpers.numerics import check_gradients

# Seed every random draw below (`_ =` keeps the returned generator out of the output).
_ = torch.manual_seed(0)

# %% [markdown]
# ## 1. Calling `.backward()` on a Python number
#
# `.item()` copies a one-element tensor into a plain Python float. A float has no graph and no
# `backward`, so the chain from the loss back to the parameters is cut at that point. Calling it
# fails with an error from Python itself, not from PyTorch: a float has no such attribute.

# %%
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
loss = (x**2).sum()
loss_value = loss.item()
print(type(loss_value).__name__)  # float

# %% tags=["raises-exception"]
loss_value.backward()

# %% [markdown]
# **Fix**: keep the tensor for `backward()`, and use `.item()` only for logging. The gradient is
# then $\nabla_x \sum x_i^2 = 2x = [2, 4, 6]$.

# %%
print(f"loss = {loss.item():.1f}")  # loss = 14.0
loss.backward()
print(x.grad)  # tensor([2., 4., 6.])

# %% [markdown]
# ## 2. Detaching too early
#
# `h.detach()` returns a tensor with the same values and *no* history. Everything computed from it
# is a fresh graph, so `backward()` stops there: the decoder learns, the encoder receives nothing.

# %%
encoder, decoder = nn.Linear(4, 3), nn.Linear(3, 1)
inputs, target = torch.randn(8, 4), torch.randn(8, 1)

h = encoder(inputs)
h = h.detach()
F.mse_loss(decoder(h), target).backward()
print(encoder.weight.grad)  # None
print("decoder receives a gradient:", decoder.weight.grad is not None)

# %% [markdown]
# **Fix**: do not detach on the training path. Both modules then receive gradients:

# %%
encoder.zero_grad()
decoder.zero_grad()
F.mse_loss(decoder(encoder(inputs)), target).backward()
print("encoder and decoder receive gradients:", encoder.weight.grad is not None, decoder.weight.grad is not None)

# %% [markdown]
# **When stopping the gradient is right**: a *target* that the model should move towards, but not
# move. In DQN (deep Q-learning with a target network) the bootstrap target comes from a frozen
# copy of the network, refreshed only every so often; in BYOL-style
# self-supervision, one branch's output is a stop-gradient target. Detaching the target means only
# the online network's prediction is pulled, exactly as intended:

# %%
online, target_net = nn.Linear(4, 1), nn.Linear(4, 1)
prediction = online(inputs)
bootstrap_target = target_net(inputs).detach()
F.mse_loss(prediction, bootstrap_target).backward()
print("online network receives a gradient:", online.weight.grad is not None)
print("target network's .grad:", target_net.weight.grad)  # target network's .grad: None

# %% [markdown]
# ## 3. A hard choice in the training path
#
# `argmax` returns integer indices, and only floating-point and complex tensors can carry a
# gradient, as PyTorch says when asked for one on integers:

# %% tags=["raises-exception"]
torch.tensor([1, 2], requires_grad=True)

# %% [markdown]
# So PyTorch does not record `argmax` at all: the result has no `grad_fn`, and nothing upstream of
# it can be trained through it. The loud error below is the good case.

# %%
logits = torch.tensor([[0.1, 2.0, 0.3]], requires_grad=True)
idx = logits.argmax(dim=-1)
print(idx, idx.dtype, idx.grad_fn)  # tensor([1]) torch.int64 None

# %% tags=["raises-exception"]
idx.float().sum().backward()

# %% [markdown]
# The dangerous case is a hard step on *floats*. `round`, `sign` and `floor` return floats, so
# autograd records them like any other operation, and their derivative is zero wherever it exists.
# Backward runs without a word and every gradient that passes through them is exactly zero:
# training through them silently stops.

# %%
steps = torch.tensor([0.4, 1.7, -2.3], requires_grad=True)
for op in (torch.round, torch.sign, torch.floor):
    out = op(steps)
    (grad,) = torch.autograd.grad(out.sum(), steps)
    print(f"{op.__name__:5}: recorded as {type(out.grad_fn).__name__}, gradient {grad.tolist()}")

# %% [markdown]
# **Fix 1, a soft choice**: replace the index by its expectation under $p = \operatorname{softmax}(z/\tau)$,
# the soft index $s = \sum_i p_i\, i$. It is differentiable, and as the temperature $\tau \to 0$ it
# approaches the hard index. The price shows in its gradient, $p_i\,(i - s)/\tau$ for logit $z_i$,
# whose size depends on the logits. Away from ties, where one logit leads the others by much more
# than $\tau$, $p$ is nearly one-hot, every $p_i\,(i - s)$ is exponentially small, and the gradient
# vanishes as $\tau$ falls. Near a tie, where two logits are within about $\tau$ of each other, $p$
# stays split between them and the gradient grows like $1/\tau$. The cell prints the gradient's
# size (the sum of its absolute values) for a clear winner and for a near tie, in float64 so that
# the tiny values are not lost to rounding.

# %%
positions = torch.arange(3.0, dtype=torch.float64)
cases = {"clear winner (0.1, 2.0, 0.3)": [0.1, 2.0, 0.3], "near tie (0.1, 2.0, 1.99)": [0.1, 2.0, 1.99]}
print(f"{'gradient size at tau =':30} 1, 0.1, 0.01, 0.001")
for case, values in cases.items():
    z = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    sizes = []
    for tau in (1.0, 0.1, 0.01, 0.001):
        soft_idx = (torch.softmax(z / tau, dim=-1) * positions).sum()
        (grad,) = torch.autograd.grad(soft_idx, z)
        sizes.append(f"{grad.abs().sum().item():.3g}")
    print(f"{case:30} {', '.join(sizes)}")

# %% [markdown]
# With a clear winner the gradient falls from 0.267 at $\tau = 1$ to 1.48e-72 at $\tau = 0.01$, and
# to exactly 0 after that. With a near tie it grows from 0.562 to 4.99 and 39.3, about tenfold for
# each tenfold colder, until $\tau$ drops below the gap of 0.01 between the tied logits: at
# $\tau = 0.001$ the softmax has picked its winner, and the gradient falls back to 0.0908. Cooling
# the softmax starves the logits away from ties and makes their gradient blow up near them.

# %% [markdown]
# **Fix 2, the straight-through estimator**: use the hard one-hot choice in the forward pass and
# pretend, in the backward pass, that it was the softmax. The trick is `hard + (soft - soft.detach())`:
# its value equals `hard`, its gradient equals that of `soft`.

# %%
soft = torch.softmax(logits, dim=-1)
hard = F.one_hot(soft.argmax(dim=-1), num_classes=3).float()
straight_through = hard + (soft - soft.detach())
print(straight_through.detach())  # tensor([[0., 1., 0.]])
(straight_through * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(f"gradient size reaching the logits: {logits.grad.abs().sum().item():.2f}")

# %% [markdown]
# `argmax` itself is fine for predictions and metrics, outside the differentiable path.

# %% [markdown]
# ## 4. Modifying in place a tensor that backward still needs
#
# Sigmoid's backward rule uses its own output, $\bar{x} = \bar{y}\,y(1-y)$ (section 7), so its node
# saves $y$. Multiplying $y$ in place overwrites those saved values. Autograd notices, through a
# version counter on every tensor, and refuses rather than return a wrong gradient.

# %%
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.sigmoid(x)
print(y._version)  # 0
y.mul_(2)
print(y._version)  # 1

# %% tags=["raises-exception"]
y.sum().backward()

# %% [markdown]
# **Fix**: make a new tensor instead (`y = y * 2`), so the saved output stays intact. The
# gradient is then $2\sigma(x)(1 - \sigma(x))$, checked against that formula below.

# %%
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.sigmoid(x)
y = y * 2
y.sum().backward()
s = torch.sigmoid(x.detach())
gap = (x.grad - 2 * s * (1 - s)).abs().max().item()
print(f"largest difference from 2s(1 - s): {gap:g}")  # largest difference from 2s(1 - s): 0

# %% [markdown]
# ## 5. Forgetting to reset `.grad`
#
# Gradients accumulate (section 3). A loop that never resets them applies, at step $k$, the sum of
# all $k$ gradients so far. For $L = w^2$ at a fixed $w = 3$ the true gradient is $2w = 6$
# every time, but the stored value grows: 6, 12, 18.

# %%
w = torch.tensor(3.0, requires_grad=True)
for step in range(1, 4):
    (w**2).backward()
    print(f"step {step}: w.grad = {w.grad.item():.0f}")

# %% [markdown]
# **Fix**: reset before each backward pass, with `optimizer.zero_grad()` or `w.grad = None`:

# %%
w.grad = None
for step in range(1, 4):
    w.grad = None
    (w**2).backward()
    print(f"step {step}: w.grad = {w.grad.item():.0f}")

# %% [markdown]
# ## 6. A NaN gradient from a branch that was not taken
#
# `torch.where(x > 0, torch.sqrt(x), 0)` is a safe square root in the forward pass: at
# $x \le 0$ it returns 0, whatever `torch.sqrt` gave there (NaN for $-1$). Its gradient is not
# safe. Both branches were computed, so both are in the graph, and the backward pass runs through
# both. `where` sends the upstream gradient to the branch it picked and 0 to the other, and
# the other branch then multiplies that 0 by its own local derivative $\frac{1}{2\sqrt{x}}$,
# which is $+\infty$ at $x = 0$ and NaN at $x = -1$. In floating point, $0 \cdot \infty$ and
# $0 \cdot \mathrm{NaN}$ are both NaN, not 0, so the NaN reaches `x.grad`, and from there every
# weight the next update touches.

# %%
x = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
y = torch.where(x > 0, torch.sqrt(x), 0.0)
print(y)  # tensor([0., 0., 2.], grad_fn=<WhereBackward0>)
y.sum().backward()
print(x.grad)  # tensor([   nan,    nan, 0.2500])

# %% [markdown]
# `torch.autograd.set_detect_anomaly(True)` finds the node that made the first NaN: it checks
# every backward node's output and raises where one is NaN, naming the node (it also prints the
# forward line that created it, as a warning, not shown here). It slows every backward pass, so
# switch it on to hunt a NaN, not for training.

# %%
x.grad = None
with warnings.catch_warnings():
    # The warning carries the forward traceback, with this machine's file paths; the error suffices.
    warnings.simplefilter("ignore")
    try:
        with torch.autograd.set_detect_anomaly(True):
            torch.where(x > 0, torch.sqrt(x), 0.0).sum().backward()
    except RuntimeError as error:
        message = str(error)
print(message)  # Function 'SqrtBackward0' returned nan values in its 0th output.

# %% [markdown]
# **Fix**: make the branch that is not taken harmless in the backward pass too, by feeding it an
# input where its derivative is finite: `torch.sqrt(torch.where(x > 0, x, 1.0))`. Its local
# derivative at the replaced points is then $\frac{1}{2}$, times the 0 from `where`, which is 0.
# (`x.clamp(min=eps)` works too, with a gradient of 0 below `eps`.) The gradient is
# $\frac{1}{2\sqrt{x}}$ for $x > 0$ and 0 elsewhere, checked three ways away from the kink at 0:

# %%
def safe_sqrt(x):
    """sqrt(x) where x > 0 and 0 elsewhere, with a finite gradient everywhere."""
    return torch.where(x > 0, torch.sqrt(torch.where(x > 0, x, 1.0)), 0.0)


x = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
safe_sqrt(x).sum().backward()
print(x.grad)  # tensor([0.0000, 0.0000, 0.2500])
x0 = torch.tensor([-1.0, 0.25, 4.0])
print(check_gradients(lambda x: safe_sqrt(x).sum(), x0,
                      analytic=torch.where(x0 > 0, 0.5 / torch.sqrt(x0.clamp(min=1e-12)), 0.0)))

# %% [markdown]
# ## Exercises
#
# Graded version: question 1 of `assignments/04_vanishing_gradients_lab`. Its `layer_grad_norms`
# must reset the gradients before its backward pass (mistake 5): the hidden tests call it twice
# on the same model, and gradients left over from the first call cost the points.
#
# 1. `torch.no_grad()` is another way to cut the graph. Write a training step that accidentally
#    computes the loss inside `no_grad` and read the error it gives. (It is the error of the third
#    mistake, `argmax`: element 0 of tensors does not require grad and does not have a grad_fn.
#    Inside `no_grad` nothing is recorded, so nothing in the loss requires grad. Detaching too
#    early, the second mistake, raises nothing: it leaves the encoder's gradient `None`.)
# 2. Find an in-place operation that does *not* break backward (hint: try `y.add_(1)` after an
#    addition). Why does autograd allow it? (Autograd refuses an in-place change only to a tensor
#    that some node saved for its backward pass: the node that made it, as sigmoid saves its output
#    in mistake 4, or a node that has already used it. Addition saves neither its inputs nor its
#    output, so `y = x + 1; y.add_(1)` is allowed. But `y = x + 1; z = y**2; y.add_(1)` makes
#    `z.backward()` raise: the square, a consumer of `y`, saved it.)
# 3. Use the straight-through estimator to train a one-parameter model whose forward pass rounds
#    its weight to the nearest integer. Does the loss go down? (It does: the rounded weight moves
#    to the integer nearest the target, which plain rounding, with its zero gradient, never does.)

# %% [markdown]
# ## Summary
#
# - `.item()` leaves the graph: log with it, never call `backward()` on it.
# - `detach()` stops gradients on purpose (targets), never by accident on the training path.
# - `argmax` has no gradient (it returns integers); `round`, `sign` and `floor` have a zero one, silently;
#   use a softmax with a temperature or a straight-through estimator.
# - In-place changes to saved tensors are refused; write `y = y * 2`, and reset `.grad` every step.
# - A branch `where` did not take still runs backward: 0 times its infinite or NaN derivative is
#   NaN, so feed it a safe input; `set_detect_anomaly` names the node that made the NaN.
