# %% [markdown]
# # 3. Several paths: gradients add up
#
# A value in a network is often used more than once: a weight shared across time steps, an input
# fed to two branches, a residual connection. After this notebook you will be able to compute the
# gradient of such a value as a sum over the paths it takes, watch PyTorch add those contributions
# during `backward()`, and explain why `.grad` accumulates and must be reset between steps.

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

from chainrule_helpers.graphs import format_graph
from chainrule_helpers.numerics import check_gradients
from chainrule_helpers.plots import use_chapter_style

use_chapter_style()

# %% [markdown]
# ## The sum over paths
#
# Take $z = x^2 + x$. The variable $x$ reaches $z$ twice: once through $a = x^2$ and once directly,
# as $b = x$, with $z = a + b$. Nudge $x$ by $\Delta x$ and both routes move $z$:
#
# $$\Delta z = \Delta a + \Delta b \approx \frac{da}{dx}\Delta x + \frac{db}{dx}\Delta x .$$
#
# So the total derivative is the sum of what each path contributes, each path being a product of
# local derivatives as in section 1:
#
# $$\frac{dz}{dx} = \frac{\partial z}{\partial a}\frac{da}{dx} + \frac{\partial z}{\partial b}\frac{db}{dx}
#   = 1 \cdot 2x + 1 \cdot 1 = 2x + 1 .$$
#
# At $x=3$ this is $\frac{dz}{dx} = 2 \cdot 3 + 1 = 7$.

# %%
x = torch.tensor(3.0, requires_grad=True)
z = x**2 + x
z.backward()
print(x.grad)  # tensor(7.)

# %%
x0 = torch.tensor(3.0)
print(check_gradients(lambda x: x**2 + x, x0, analytic=2 * x0 + 1))

# %% [markdown]
# The graph shows the two paths: the add node has two inputs, and both lead back to the same
# leaf $x$.

# %%
x = torch.tensor(3.0, requires_grad=True)
z = x**2 + x
print(format_graph(z, names={"x": x}))

# %% [markdown]
# ## Watching PyTorch add the contributions
#
# A backward node can be given a hook that sees the gradients it sends to its inputs. Put one on
# the power node (path through $x^2$) and one on the add node (which passes the direct path
# straight to $x$): the power node sends $2x = 6$ to $x$, the add node sends 1, and the
# `AccumulateGrad` node of $x$ adds them into `x.grad`.

# %%
x = torch.tensor(3.0, requires_grad=True)
a = x**2
z = a + x
sent = {}
a.grad_fn.register_hook(lambda grads_in, grads_out: sent.update({"through x**2": grads_in[0].item()}))
z.grad_fn.register_hook(lambda grads_in, grads_out: sent.update({"direct": grads_in[1].item()}))
z.backward()
print(sent)  # {'direct': 1.0, 'through x**2': 6.0}
print(x.grad)  # tensor(7.)

# %% [markdown]
# ## Why `.grad` accumulates
#
# Because one leaf may receive several contributions, PyTorch *adds* into `.grad` instead of
# overwriting it. The same rule applies across calls: a second `backward()` through the same graph
# (kept alive with `retain_graph=True`) adds the same gradient again, so `x.grad` goes from 7 to
# $2 \cdot 7 = 14$.

# %%
x = torch.tensor(3.0, requires_grad=True)
z = x**2 + x
z.backward(retain_graph=True)
print(x.grad)  # tensor(7.)
z.backward()
print(x.grad)  # tensor(14.)

# %% [markdown]
# That is a feature (it lets you sum gradients over several small batches before one update), and a
# trap: in a training loop, each step must start from a clean `.grad`. Optimisers do this with
# `optimizer.zero_grad()`, which sets `.grad` to `None`; by hand, write `x.grad = None`. After the
# reset, one backward gives the true 7 again.

# %%
x.grad = None
z = x**2 + x
z.backward()
print(x.grad)  # tensor(7.)

# %% [markdown]
# `x.grad.zero_()` also resets, but to a tensor of zeros rather than to `None`. The next backward
# cannot tell the difference; an optimiser can. `step()` skips a parameter whose `.grad` is `None`,
# while a zero gradient is still a gradient: weight decay (or momentum left from earlier steps)
# moves the parameter anyway. One SGD step with weight decay 0.5 and learning rate 0.1, from 1:

# %%
for reset in ("None", "zero_()"):
    w = torch.tensor(1.0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1, weight_decay=0.5)
    w.grad = None if reset == "None" else torch.zeros(())
    optimizer.step()
    print(f"grad reset with {reset:7}: w = {w.item():.2f}")

# %% [markdown]
# ## Three paths
#
# Nothing changes with more paths. In $z = x^2 + \sin x + e^x$ the variable $x$ reaches the sum
# three times, and
#
# $$\frac{dz}{dx} = 2x + \cos x + e^x .$$
#
# At $x = 1$ the paths contribute $2x = 2$, $\cos 1 \approx 0.5403$ and $e^1 \approx 2.7183$, for a
# total of $\frac{dz}{dx} \approx 5.2586$. The hooks below catch each branch's contribution as
# PyTorch computes it.

# %%
x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
branches = {"x**2": x**2, "sin(x)": torch.sin(x), "exp(x)": torch.exp(x)}
contributions = {}
for name, branch in branches.items():
    branch.grad_fn.register_hook(
        lambda grads_in, grads_out, name=name: contributions.update({name: grads_in[0].item()})
    )
z = sum(branches.values())
z.backward()
for name, value in contributions.items():
    print(f"{name:7} {value:.4f}")
print(f"sum     {sum(contributions.values()):.4f}")
print(f"x.grad  {x.grad.item():.4f}")

# %%
x0 = torch.tensor(1.0)
print(check_gradients(lambda x: x**2 + torch.sin(x) + torch.exp(x), x0,
                      analytic=2 * x0 + torch.cos(x0) + torch.exp(x0)))

# %% [markdown]
# Each bar below is one path's contribution; stacked, they reach exactly the height of `x.grad`.

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.5), layout="constrained")
bottom = 0.0
for name, value in contributions.items():
    ax.bar(["sum of paths"], [value], bottom=bottom, label=f"through {name}: {value:.2f}")
    bottom += value
ax.bar(["x.grad"], [x.grad.item()], color="gray", label=f"x.grad: {x.grad.item():.2f}")
ax.set(ylabel="dz/dx at x = 1", title="Path contributions add up to the gradient")
# The legend sits beside the bars, covering neither.
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1))
plt.show()

# %% [markdown]
# ## Exercises
#
# Graded version: question 3 of `assignments/01_derivatives_by_hand` (several paths).
#
# 1. For $z = x \cdot x$, how many paths lead from $x$ to $z$? Use hooks on the multiply node to
#    print both contributions, and compare their sum with $\frac{d}{dx}x^2$. (Two paths, each
#    contributing $x$.)
# 2. Call `backward()` three times on the same graph (with `retain_graph=True`). What does
#    `x.grad` hold, and what would a training step do with it? (Three times the gradient: a step
#    three times too long.)
# 3. Build $z = \sin(x^2) + x^2$ where the *same* tensor `a = x**2` feeds both terms. Is that one
#    path or two from $a$ to $z$? Check your answer with `format_graph`. (Two from $a$, after one
#    from $x$ to $a$: `format_graph` meets `PowBackward0` twice, the second time marked
#    `[again, see above]`.)

# %% [markdown]
# ## Summary
#
# - When a value reaches the output along several paths, its gradient is the sum over the paths.
# - Each path contributes a product of local derivatives, exactly as in a single chain.
# - PyTorch adds the contributions as they arrive, which is why `.grad` accumulates.
# - Reset `.grad` (`zero_grad()`, or `x.grad = None`) before each new backward pass; `zero_()` leaves a
#   zero gradient that weight decay and momentum still act on.
