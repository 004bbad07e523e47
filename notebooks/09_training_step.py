# %% [markdown]
# # 9. A whole training step, by hand and by autograd
#
# Sections 6 to 8 gave the backward rule of every piece of a small network: the loss, the linear
# layers, the ReLU. Here they are chained into the backward pass of a real model. After this
# notebook you will be able to backpropagate through an MLP by hand, layer by layer, match
# autograd on every parameter, and watch the gradient turn into learning.

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
from torch import nn

from chainrule_helpers.numerics import format_gap
from chainrule_helpers.plots import use_chapter_style

use_chapter_style()

# Seed every random draw below (`_ =` keeps the returned generator out of the output).
_ = torch.manual_seed(0)

# %% [markdown]
# ## The model and its forward pass
#
# The model is `nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))` with the mean
# squared error, on a batch of 16. Written out, with $W_1 \in \mathbb{R}^{32\times 10}$ and
# $W_2 \in \mathbb{R}^{1\times 32}$:
#
# $$H = XW_1^\top + b_1,\quad A = \operatorname{relu}(H),\quad \hat{Y} = AW_2^\top + b_2,\quad
#   L = \frac{1}{16}\sum_b (\hat{Y}_b - T_b)^2 .$$
#
# We work in float64 so that "equal" can mean equal to about $10^{-15}$, not $10^{-6}$.

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1)).double()
X = torch.randn(16, 10, dtype=torch.float64)
T = torch.randn(16, 1, dtype=torch.float64)

pred = model(X)
loss = ((pred - T) ** 2).mean()
model.zero_grad()
loss.backward()
print([tuple(p.shape) for p in model.parameters()])  # [(32, 10), (32,), (1, 32), (1,)]

# %% [markdown]
# ## The backward pass, layer by layer
#
# Run the chain in reverse, $L \to \hat{Y} \to \text{Linear}_2 \to \text{ReLU} \to \text{Linear}_1$,
# each step with a rule from an earlier section. A bar is the loss's gradient, $\bar{v} = \nabla_v L$, and
# $\bar{Y} = \nabla_{\hat{Y}} L$ is the one with respect to the predictions:
#
# | step | rule | from |
# |------|------|------|
# | loss | $\bar{Y} = \frac{2}{16}(\hat{Y} - T)$ | section 8 |
# | Linear$_2$ | $\bar{W}_2 = \bar{Y}^\top A$, $\bar{b}_2 = \sum_b \bar{Y}_b$, $\bar{A} = \bar{Y} W_2$ | section 6 |
# | ReLU | $\bar{H} = \bar{A} \odot \mathbb{1}[H > 0]$ | section 7 |
# | Linear$_1$ | $\bar{W}_1 = \bar{H}^\top X$, $\bar{b}_1 = \sum_b \bar{H}_b$ | section 6 |
#
# Each line below is one row of that table.

# %%
linear1, _, linear2 = model
W1, b1, W2, b2 = (p.detach() for p in (linear1.weight, linear1.bias, linear2.weight, linear2.bias))

H = X @ W1.T + b1
A = torch.relu(H)
Y_hat = A @ W2.T + b2

Y_bar = 2 * (Y_hat - T) / Y_hat.numel()
W2_bar, b2_bar, A_bar = Y_bar.T @ A, Y_bar.sum(dim=0), Y_bar @ W2
H_bar = A_bar * (H > 0)
W1_bar, b1_bar = H_bar.T @ X, H_bar.sum(dim=0)

# %% [markdown]
# Compare every hand-computed gradient with what autograd stored in `.grad`:

# %%
by_hand = {"0.weight": W1_bar, "0.bias": b1_bar, "2.weight": W2_bar, "2.bias": b2_bar}
largest = 0.0
for name, param in model.named_parameters():
    diff = (param.grad - by_hand[name]).abs().max().item()
    largest = max(largest, diff)
    print(f"{name:9} {str(tuple(param.shape)):9} max |hand - autograd| {format_gap(diff, 1e-14)}")
print(f"largest absolute difference: {format_gap(largest, 1e-14)}")  # largest absolute difference: below 1e-14

# %% [markdown]
# The hand-computed gradients agree with autograd's for all 385 parameters
# ($32 \cdot 10 + 32 + 32 + 1 = 385$) to within float64 rounding: autograd did nothing more than this
# table. Why "below $10^{-14}$" and not 0? Each entry of a gradient here is a sum of up to 32
# products (16 examples in $\bar{W}_2 = \bar{Y}^\top A$, 32 hidden units in $\bar{A} = \bar{Y} W_2$),
# and every addition rounds to the nearest float64, an error of at most $2^{-53} \approx 1.1 \times
# 10^{-16}$ relative. Autograd and our code ask the same library for these products, but which order
# it adds the terms in depends on the CPU (its vector width, its core count, the library's code path).
# On one machine the two agree to the last bit, on another they differ by a few $10^{-17}$ to
# $10^{-16}$. A sum of 32 terms of size at most about 1 can drift by at most about
# $32 \cdot 2^{-53} \approx 3.6 \times 10^{-15}$, so $10^{-14}$ is a bound that holds on
# every machine, while a wrong rule (a missing transpose, a forgotten factor 2) would be off by
# about $10^{-1}$, thirteen orders of magnitude more.

# %%
print(sum(p.numel() for p in model.parameters()))  # 385

# %% [markdown]
# ## One step of gradient descent
#
# The gradient points uphill, so a small step against it lowers the loss: to first order, a step
# $-\eta \nabla L$ changes the loss by $-\eta \lVert \nabla L \rVert^2 < 0$. With learning rate
# $\eta = 0.1$ the loss of this batch drops from $L(\theta_0) = 0.4792$ to $L(\theta_1) = 0.3877$.

# %%
with torch.no_grad():
    for param in model.parameters():
        param -= 0.1 * param.grad
new_loss = ((model(X) - T) ** 2).mean()
print(f"loss before {loss.item():.4f}, after one step {new_loss.item():.4f}")

# %% [markdown]
# ## A short training run
#
# Repeat the step, with fresh gradients each time (section 3: reset `.grad`), on a small synthetic
# regression: 256 points of $y = \sin(x_1) + 0.5\,x_2^2$ plus a little noise, the other eight
# inputs being distractors. The optimiser does exactly the update above, `zero_grad()` included.

# %%
X_train = torch.randn(256, 10, dtype=torch.float64)
y_train = (torch.sin(X_train[:, :1]) + 0.5 * X_train[:, 1:2] ** 2
           + 0.05 * torch.randn(256, 1, dtype=torch.float64))
net = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1)).double()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05)
losses = []
for _ in range(300):
    optimizer.zero_grad()
    train_loss = ((net(X_train) - y_train) ** 2).mean()
    train_loss.backward()
    optimizer.step()
    losses.append(train_loss.item())
for step in (0, 10, 100, 200, 299):
    print(f"loss at step {step:3}: {losses[step]:.3f}")

# %% [markdown]
# The loss falls from $L(\theta_0) \approx 1.045$ to $L(\theta_{299}) \approx 0.054$. It halves
# in the first ten steps ($L(\theta_{10}) \approx 0.550$), then falls more slowly, through
# $L(\theta_{100}) \approx 0.231$ and $L(\theta_{200}) \approx 0.079$. On the log scale below the
# curve bends but has not flattened: it is still falling when the run stops at step 299.

# %%
fig, ax = plt.subplots(figsize=(6, 3.8))
ax.plot(losses)
ax.set(xlabel="step", ylabel="training loss (MSE)", yscale="log", title="Gradient descent on a small regression")
ax.grid(which="both", alpha=0.3)
plt.show()

# %% [markdown]
# ## Exercises
#
# Graded version: `assignments/03_backward_by_hand`, the same network by hand.
#
# 1. Replace the ReLU by tanh and change the one line of the backward pass that must change.
#    Does autograd still agree to $10^{-12}$?
# 2. Add a third linear layer. Which lines of the hand-written backward pass do you copy, and
#    what is the pattern?
# 3. Take one step with learning rate 10 instead of 0.1. Does the loss still go down? Relate your
#    answer to the first-order argument above.

# %% [markdown]
# ## Summary
#
# - A network's backward pass is the rules of its pieces, chained in reverse order.
# - By hand, layer by layer, the gradients of all 385 parameters match autograd to float64 rounding.
# - A small step against the gradient lowers the loss; repeating it (with `.grad` reset) trains the model.
