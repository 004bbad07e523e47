# %% [markdown]
# # 12. What backward costs in memory, and switching recording off
#
# A backward pass needs values from the forward pass, so autograd keeps them until it runs: the
# memory of training grows with depth and with batch size. After this notebook you will be able to
# count the bytes a graph keeps alive, choose between `torch.no_grad()`, `torch.inference_mode()`
# and `model.eval()`, freeze parameters, say why a hand-written update needs `no_grad`, and trade
# computation for memory with gradient checkpointing.

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
from torch.autograd.graph import saved_tensors_hooks
from torch.utils.checkpoint import checkpoint

from chainrule_helpers.numerics import check_gradients, format_gap
from chainrule_helpers.plots import use_chapter_style

use_chapter_style()

# Seed every random draw below (`_ =` keeps the returned generator out of the output).
_ = torch.manual_seed(0)

# %% [markdown]
# ## Saved tensors keep activations alive
#
# Each backward rule reads some values of its forward pass. The linear layer $y = W x + b$ needs
# its input to form $\bar{W} = \bar{y}\, x^\top$ (section 6); ReLU needs to know where its input was
# positive, which its output $h = \max(z, 0)$ tells, so PyTorch's `relu` keeps that output (section 7). Autograd
# stores these *saved tensors* in the graph's nodes (section 2) from the forward pass until the
# backward pass has used them, and that is what keeps them in memory.
#
# Count them for a stack of $d$ blocks, each `nn.Linear(n, n)` then `nn.ReLU()`, on a batch of $B$
# inputs in float32, four bytes a number. The first linear layer saves the input $X$; block $l$'s
# ReLU saves its output $h_l$, which is also the input the next linear layer saves, the same
# memory counted once; the last output feeds only a sum, which saves nothing of it. That is $d + 1$
# tensors of $B \times n$ numbers, so the graph keeps
#
# $$M = 4 B n (d + 1)$$
#
# bytes of activations alive, in proportion to depth and to batch size. (The weights are saved
# too, but they exist anyway.)
#
# `torch.autograd.graph.saved_tensors_hooks(pack, unpack)` shows this from the inside: while it is
# active, every tensor a node saves is passed to `pack`, and what `pack` returns is stored in its
# place, to be handed to `unpack` when backward needs it. Here `pack` notes the memory each saved
# tensor lives in (its storage, so that one tensor saved twice counts once) and returns the tensor
# unchanged.

# %%
def mlp(depth, width=256):
    """depth blocks of Linear(width, width) then ReLU."""
    return nn.Sequential(*[layer for _ in range(depth) for layer in (nn.Linear(width, width), nn.ReLU())])


def saved_activation_bytes(model, X, forward=None):
    """Bytes of the distinct tensors autograd saves while computing model(X).sum(), parameters aside."""
    parameters = {p.untyped_storage().data_ptr() for p in model.parameters()}
    storages = {}

    def pack(tensor):
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in parameters:
            storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    with saved_tensors_hooks(pack, lambda tensor: tensor):
        loss = (forward or model)(X).sum()
    return sum(storages.values()), loss


n = 256
print(f"{'depth d':>7} {'batch B':>7} {'saved bytes':>11} {'4Bn(d+1)':>9}")
for depth in (2, 4, 8):
    for batch in (32, 64):
        measured, _ = saved_activation_bytes(mlp(depth, n), torch.randn(batch, n))
        print(f"{depth:7d} {batch:7d} {measured:11d} {4 * batch * n * (depth + 1):9d}")

# %% [markdown]
# Every measured count equals $4Bn(d+1)$: at $d = 8$ and $B = 64$, 589824 bytes, twice the 294912
# of half the batch. Depth and batch size multiply: the figure shows the saved bytes growing in a
# straight line with depth, with a slope proportional to the batch.

# %%
depths = list(range(1, 13))
fig, ax = plt.subplots(figsize=(6, 3.8))
for batch, marker in ((16, "o"), (32, "s"), (64, "^")):
    counts = [saved_activation_bytes(mlp(d, n), torch.randn(batch, n))[0] / 2**20 for d in depths]
    ax.plot(depths, counts, marker=marker, label=f"batch B = {batch}")
ax.set(xlabel="depth d (Linear + ReLU blocks, width 256)", ylabel="saved activations (MiB)",
       title="What the graph keeps alive until backward")
ax.legend()
plt.show()

# %% [markdown]
# Other activations save other things. Sigmoid and tanh also save their output (their derivatives
# are computed from it, section 7), so they cost what ReLU costs. GELU saves its *input* $z_l$, a
# tensor the next layer does not share, so a GELU stack of eight blocks keeps 16 tensors of
# $B \times n$ numbers where ReLU keeps 9:

# %%
gelu_stack = nn.Sequential(*[layer for _ in range(8) for layer in (nn.Linear(n, n), nn.GELU())])
sigmoid_stack = nn.Sequential(*[layer for _ in range(8) for layer in (nn.Linear(n, n), nn.Sigmoid())])
X = torch.randn(64, n)
unit = 4 * 64 * n
print("ReLU:   ", saved_activation_bytes(mlp(8, n), X)[0] // unit, "tensors")  # ReLU:    9 tensors
print("sigmoid:", saved_activation_bytes(sigmoid_stack, X)[0] // unit, "tensors")  # sigmoid: 9 tensors
print("GELU:   ", saved_activation_bytes(gelu_stack, X)[0] // unit, "tensors")  # GELU:    16 tensors

# %% [markdown]
# ## Switching recording off
#
# Evaluating a model needs no backward pass, so it needs no graph and no saved tensors. Three
# tools look alike and do different things.
#
# - `torch.no_grad()` is a context in which operations are not recorded: results have no
#   `grad_fn`, do not require grad, and nothing is saved.
# - `torch.inference_mode()` does the same and also skips the bookkeeping that later recording
#   would need (version counters, view tracking), which can make it faster; in exchange, tensors
#   made inside it can never enter a recorded computation later.
# - `model.eval()` is not a grad mode at all. It switches layers whose forward pass differs between
#   training and evaluation, such as `nn.Dropout` and `nn.BatchNorm1d`, to their evaluation
#   behaviour, and changes nothing about recording.

# %%
model = mlp(8, n)
with torch.no_grad():
    saved, out = saved_activation_bytes(model, X)
print(f"no_grad: saved {saved} bytes, {out.requires_grad}, {out.grad_fn}")  # no_grad: saved 0 bytes, False, None
with torch.inference_mode():
    saved, out = saved_activation_bytes(model, X)
print(f"inference: saved {saved} bytes, {out.requires_grad}, {out.grad_fn}")  # inference: saved 0 bytes, False, None
print("an inference tensor:", out.is_inference())  # an inference tensor: True

# %% [markdown]
# A tensor made under `no_grad` is an ordinary tensor: it can feed a recorded computation later.
# One made under `inference_mode` cannot be saved for a backward pass, and PyTorch says so:

# %%
with torch.inference_mode():
    features = model(X)

# %% tags=["raises-exception"]
(model(features).sum()).backward()

# %% [markdown]
# `model.eval()` leaves recording on. With a dropout layer, two calls in training mode drop
# different units; after `eval()` dropout passes its input through unchanged, and the output still
# has a `grad_fn`, so a backward pass is still possible and its saved tensors are still kept.

# %%
dropout_model = nn.Sequential(nn.Linear(n, n), nn.Dropout(0.5))
dropout_model.train()
print("train mode, equal:", torch.equal(dropout_model(X), dropout_model(X)))  # train mode, equal: False
dropout_model.eval()
out = dropout_model(X)
print("eval mode, equal:", torch.equal(out, dropout_model(X)))  # eval mode, equal: True
print("eval mode still records:", type(out.grad_fn).__name__)  # eval mode still records: AddmmBackward0

# %% [markdown]
# For evaluation, use both: `model.eval()` for the layers' behaviour and `torch.no_grad()` (or
# `torch.inference_mode()`) for the memory.
#
# ## Freezing parameters
#
# `requires_grad_(False)` on a parameter freezes it: the backward pass computes no gradient for it
# and leaves its `.grad` at `None`, and an optimiser skips it. It also saves memory, since a node
# saves a tensor only if some gradient needs it. When the first layer's weight and bias are frozen
# and $X$ does not require grad, nothing needs the first weight's gradient, the one product that
# reads $X$, so $X$ is not saved and the graph keeps $d$ tensors instead of $d + 1$. Freeze every
# block but the last and only two remain: the last linear layer's input and the last ReLU's output.

# %%
model = mlp(8, n)
model[0].requires_grad_(False)
saved, loss = saved_activation_bytes(model, X)
loss.backward()
print("first frozen:", saved // unit, "tensors; grad", model[0].weight.grad)  # first frozen: 8 tensors; grad None
for block in model[:-2]:
    block.requires_grad_(False)
saved, _ = saved_activation_bytes(model, X)
print("all but the last frozen:", saved // unit, "tensors")  # all but the last frozen: 2 tensors

# %% [markdown]
# ## Why a hand-written update needs `no_grad`
#
# Section 9 updated the parameters inside `torch.no_grad()`. The update is not part of the loss,
# so it must not be recorded. Without the context, PyTorch refuses an in-place change of a leaf
# that requires grad, since recording it would make the leaf the result of its own update:

# %%
w = torch.tensor(3.0, requires_grad=True)
(w**2).backward()

# %% tags=["raises-exception"]
w -= 0.1 * w.grad

# %% [markdown]
# Writing `w = w - 0.1 * w.grad` instead raises nothing, and is worse: it records the subtraction,
# so the name `w` now refers to a new tensor with a `grad_fn`, no longer a leaf. The next backward
# pass gives it no `.grad`, and the graph of every past update stays attached to it. Under
# `no_grad`, `w -= 0.1 * w.grad` updates the leaf in place, and it stays a leaf:

# %%
w_new = w - 0.1 * w.grad
print("without no_grad:", w_new.is_leaf, type(w_new.grad_fn).__name__)  # without no_grad: False SubBackward0
with torch.no_grad():
    w -= 0.1 * w.grad
print("with no_grad:", w.is_leaf, w.grad_fn, round(w.item(), 4))  # with no_grad: True None 2.4

# %% [markdown]
# ## Gradient checkpointing: computation for memory
#
# `torch.utils.checkpoint.checkpoint(segment, h, use_reentrant=False)` runs `segment` on `h`
# without saving the tensors inside it; it keeps only the segment's input. When the backward pass
# reaches the segment, it runs the segment's forward pass again to recreate them, then
# backpropagates through it. (`use_reentrant=False` selects the implementation PyTorch
# recommends.) Split the $d = 8$ blocks into $k = 4$ segments of two: between the passes the graph
# keeps only the $k$ segment inputs, $4Bnk$ bytes against $4Bn(d+1)$, a ratio of $4/9$; while one
# segment's backward runs, its own two blocks' activations exist again for a moment. The price is
# one more forward pass of every block. Counted, with a hook on each linear layer that counts its
# forward calls:

# %%
def in_segments(model, k):
    """A forward function running model as k checkpointed segments of equal length."""
    size = len(model) // k
    segments = [model[i:i + size] for i in range(0, len(model), size)]

    def forward(h):
        for segment in segments:
            h = checkpoint(segment, h, use_reentrant=False)
        return h

    return forward


def run(model, X, forward=None):
    """Saved bytes, Linear forward calls during forward and in total, and the parameters' gradients."""
    calls = []
    hooks = [m.register_forward_hook(lambda *args: calls.append(1)) for m in model if isinstance(m, nn.Linear)]
    saved, loss = saved_activation_bytes(model, X, forward)
    during_forward = len(calls)
    grads = torch.autograd.grad(loss, list(model.parameters()))
    for hook in hooks:
        hook.remove()
    return saved, during_forward, len(calls), grads


model = mlp(8, n)
plain = run(model, X)
checkpointed = run(model, X, in_segments(model, 4))
for name, (saved, forward_calls, total_calls, _) in (("plain", plain), ("4 segments", checkpointed)):
    print(f"{name:10}: saved {saved:6d} bytes; Linear calls: {forward_calls} forward, {total_calls} in all")
print(f"saved, checkpointed / plain: {checkpointed[0] / plain[0]:.4f}")  # saved, checkpointed / plain: 0.4444
gap = max((a - b).abs().max().item() for a, b in zip(plain[3], checkpointed[3]))
print("largest gradient difference:", format_gap(gap, 1e-6))  # largest gradient difference: below 1e-6

# %% [markdown]
# The plain run saves 589824 bytes and calls each linear layer once; the checkpointed run saves
# 262144 and calls each twice, and the gradients agree to within the printed bound: the
# recomputation runs the same operations on the same inputs as the first forward pass.
#
# With $k$ segments of a $d$-block stack the memory is about $k$ stored inputs plus the $d/k$
# activations of the one segment being recomputed; $k + d/k$ is smallest at $k = \sqrt{d}$, so
# checkpointing brings the activation memory of training from growing like $d$ down to growing like
# $\sqrt{d}$, for one extra forward pass (Chen et al., 2016, *Training deep nets with sublinear
# memory cost*).
#
# ### Checkpointing changes memory, not the gradient
#
# The checkpointed gradient of the loss with respect to the first layer's weight, on a smaller
# stack in float64, is checked against the formula (the plain backward pass, layer by layer as in
# section 9) and against finite differences. With a batch $X \in \mathbb{R}^{3 \times 5}$,
# $W_1, W_2 \in \mathbb{R}^{5 \times 5}$, biases $b_1, b_2 \in \mathbb{R}^5$ added to every row, and the second block
# run through a checkpoint:
#
# $$H_1 = X W_1^\top + b_1,\quad A_1 = \operatorname{relu}(H_1),\quad H_2 = A_1 W_2^\top + b_2,\quad
#   L = \sum \operatorname{relu}(H_2) .$$
#
# A bar is the loss's gradient, $\bar{v} = \nabla_v L$. Backwards, $\bar{H}_2 = \mathbb{1}[H_2 > 0]$,
# then $\bar{A}_1 = \bar{H}_2 W_2$, $\bar{H}_1 = \bar{A}_1 \odot \mathbb{1}[H_1 > 0]$ and
# $\bar{W}_1 = \bar{H}_1^\top X$.

# %%
small = mlp(2, 5).double()
X_small = torch.randn(3, 5, dtype=torch.float64)
W1, b1 = small[0].weight.detach(), small[0].bias.detach()
W2, b2 = small[2].weight.detach(), small[2].bias.detach()


def loss_of_first_weight(W):
    """L as a function of W1, the second block run through a checkpoint."""
    h1 = torch.relu(X_small @ W.T + b1)
    return checkpoint(lambda h: torch.relu(h @ W2.T + b2), h1, use_reentrant=False).sum()


H1 = X_small @ W1.T + b1
H2 = torch.relu(H1) @ W2.T + b2
H1_bar = ((H2 > 0).double() @ W2) * (H1 > 0)
print(check_gradients(loss_of_first_weight, {"W1": W1}, analytic={"W1": H1_bar.T @ X_small}))

# %% [markdown]
# ## Exercises
#
# Graded version: `assignments/05_memory_and_grad_modes` (count the saved bytes of a stack; train a
# last layer by hand with the rest frozen).
#
# 1. Predict the saved bytes for `mlp(3, 128)` on a batch of 16 in float32, then measure them with
#    `saved_activation_bytes`. (By $4Bn(d+1)$: 32768 bytes.)
# 2. Run the stack in float64 (`mlp(8, n).double()` and a float64 batch). What happens to the saved
#    bytes, and to the formula? (They double: eight bytes a number, $8Bn(d+1)$.)
# 3. Checkpoint the eight blocks in 2 segments, then in 8. Count the saved bytes and the linear
#    layers' calls each time. (Saved: $4Bnk$, 131072 and 524288 bytes at $B = 64$; calls: 16 in all
#    every time, one extra forward pass whatever $k$.)
# 4. Write a training loop for `mlp(2, n)` that updates by hand under `torch.no_grad()` and resets
#    `.grad` each step, then freeze the first block. Which `.grad` stays `None`? (The first block's
#    weight and bias: frozen parameters get no gradient at all, not a zero one.)

# %% [markdown]
# ## Summary
#
# - A graph keeps alive every tensor a backward rule needs: for a Linear + ReLU stack, $4Bn(d+1)$
#   bytes of activations in float32, growing with depth times batch size.
# - `no_grad` and `inference_mode` stop recording (nothing saved); `model.eval()` only switches
#   dropout and normalisation layers, and leaves recording on.
# - `requires_grad_(False)` freezes a parameter: no gradient, and no saved input where nothing needs one.
# - A hand-written update runs under `no_grad`: in place on a leaf it would raise, and rebinding
#   the name would record the update.
# - Checkpointing keeps only segment inputs and recomputes the rest: less memory, one extra forward
#   pass, the same gradients.
