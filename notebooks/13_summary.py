# %% [markdown]
# # 13. Summary: the chain rule, applied efficiently
#
# This last notebook gathers the chapter into three statements and shows all three at work on one
# small graph. After it you will be able to say in a sentence what autograd does on the forward
# pass and on the backward pass, why several paths add, and where to read further.

# %%
# On Colab, or in any Python without this chapter's helpers, the next lines install them (once).
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("chainrule_helpers") is None:
    HELPERS = "chainrule-helpers @ git+https://github.com/chainrule/chainrule"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", HELPERS], check=True)

import torch

from chainrule_helpers.graphs import format_graph
from chainrule_helpers.numerics import check_gradients

# %% [markdown]
# ## One graph, three statements
#
# Take section 4's graph once more: $x = 2$, $y = 3$, and
#
# $$a = x y, \qquad b = a + x, \qquad L = a\, b .$$
#
# **The forward pass records.** Each operation on tensors that require gradients leaves a
# backward node behind, linked to the nodes of its inputs, unless recording is off
# (`torch.no_grad()`) or its result cannot carry a gradient (the integers of `argmax`, the booleans
# of a comparison). Nothing is differentiated yet: the record is the graph that `format_graph`
# prints (section 2).

# %%
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
a = x * y
b = a + x
L = a * b
print(format_graph(L, names={"x": x, "y": y, "a": a, "b": b}))

# %% [markdown]
# **The backward pass applies local rules in reverse.** `backward()` seeds $\bar{L}$ with 1 and runs
# each node's local rule, every node after all the nodes that use its result (sections 2 and 4).
# The forward pass above created $a$, then $b$, then $L$; the cell records the order in which
# their backward nodes run, which is the reverse.

# %%
ran = []
for name, tensor in {"a": a, "b": b, "L": L}.items():
    tensor.grad_fn.register_hook(lambda grads_in, grads_out, name=name: ran.append(name))
L.backward()
print("backward ran:", ", ".join(ran))  # backward ran: L, b, a

# %% [markdown]
# **Contributions from several paths add.** Three paths lead from $x$ to $L$, and each contributes
# the product of the local derivatives along it (sections 1 and 3):
#
# - $x \to a \to L$: $\frac{\partial a}{\partial x}\frac{\partial L}{\partial a} = y\,b$;
# - $x \to a \to b \to L$: $\frac{\partial a}{\partial x}\frac{\partial b}{\partial a}\frac{\partial L}{\partial b} = y \cdot 1 \cdot a$;
# - $x \to b \to L$: $\frac{\partial b}{\partial x}\frac{\partial L}{\partial b} = 1 \cdot a$.
#
# At $(2, 3)$ they are 24, 18 and 6, and their sum is what autograd stored in `x.grad`,
# $\frac{\partial L}{\partial x} = 48$. The check below compares it, and $\frac{\partial L}{\partial y} = 28$,
# with the expanded formulas of section 4 and with finite differences.

# %%
av, bv, yv = a.item(), b.item(), y.item()
paths = {"x -> a -> L": yv * bv, "x -> a -> b -> L": yv * 1 * av, "x -> b -> L": 1 * av}
for path, contribution in paths.items():
    print(f"{path:18} {contribution:4.0f}")
print(f"{'sum of the paths':18} {sum(paths.values()):4.0f}")
print(f"{'x.grad':18} {x.grad.item():4.0f}")
point = {"x": torch.tensor(2.0), "y": torch.tensor(3.0)}
px, py = point["x"], point["y"]
print(check_gradients(lambda x, y: (x * y) * (x * y + x), point,
                      analytic={"x": 2 * px * py**2 + 2 * px * py, "y": 2 * px**2 * py + px**2}))

# %% [markdown]
# Listing paths was possible here because there are three. The backward pass never lists them:
# each node adds its children's contributions once, so its cost grows with the size of the graph,
# while the number of paths can double with every layer (section 4's ladder). Backpropagation is
# the chain rule applied efficiently: the same sum over paths, computed by visiting every node
# once.

# %% [markdown]
# ## What each section showed
#
# | § | Section | The point to keep |
# |---|---------|-------------------|
# | 1 | [Composition](01_composition.ipynb) | The derivative of a composition is the product of the local derivatives, each taken at the value flowing through it |
# | 2 | [Local derivatives and the graph](02_local_derivatives.ipynb) | Autograd stores only local rules and the links between them; graphs are rebuilt on every call |
# | 3 | [Several paths](03_multiple_paths.ipynb) | Paths add; so does `.grad`, across calls, until it is reset |
# | 4 | [The chain rule on graphs](04_chain_rule_on_graphs.ipynb) | The adjoint of a node is a total derivative: the sum over its children of their adjoints times local partials |
# | 5 | [Jacobians and VJPs](05_jacobians.ipynb) | Backpropagation computes vector-Jacobian products and never builds the Jacobian; a Hessian-vector product is a JVP of the gradient |
# | 6 | [The linear layer](06_linear_layer.ipynb) | $\bar{x} = W^\top \bar{y}$ and $\bar{W} = \bar{y} x^\top$: every gradient has the shape of what it is the gradient of; a broadcast forward is a sum backward |
# | 7 | [Nonlinearities](07_nonlinearities.ipynb) | An activation's backward is an elementwise product; at a kink each operation picks its own value, and the autograd notes state only the rule they intend |
# | 8 | [Losses](08_losses.ipynb) | The loss seeds the backward pass; fused losses are the numerically safe ones |
# | 9 | [A training step](09_training_step.ipynb) | A whole network backpropagated by hand agrees with autograd to rounding |
# | 10 | [Vanishing and exploding gradients](10_vanishing_exploding.ipynb) | A long product of Jacobians shrinks or grows geometrically unless initialisation, residuals or normalisation keep each factor near one; random weights break the symmetry between units |
# | 11 | [Common mistakes](11_common_mistakes.ipynb) | Most silent gradient bugs cut the graph or reuse a stale `.grad`; a branch `where` did not take still runs backward |
# | 12 | [Memory and grad modes](12_memory_and_grad_modes.ipynb) | The graph keeps every saved tensor alive until backward; recording off (`no_grad`) is not evaluation mode (`eval()`); checkpointing trades a forward pass for memory |

# %% [markdown]
# ## Further reading
#
# - PyTorch, [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html): how the
#   graph is recorded, saved tensors, in-place checks, and the rule intended at kinks.
# - Andrej Karpathy, [micrograd](https://github.com/karpathy/micrograd): the scalar engine that
#   section 4's `Value` follows, with a lecture that builds it line by line.
# - Dive into Deep Learning, [Automatic differentiation](https://d2l.ai/chapter_preliminaries/autograd.html)
#   and [Forward propagation, backward propagation, and computational graphs](https://d2l.ai/chapter_multilayer-perceptrons/backprop.html):
#   the same ideas with a different running example.
# - A. G. Baydin, B. A. Pearlmutter, A. A. Radul and J. M. Siskind,
#   [Automatic differentiation in machine learning: a survey](https://jmlr.org/papers/v18/17-468.html),
#   JMLR 18 (2018): forward and reverse mode in general, and their history.
# - A. Griewank and A. Walther, *Evaluating Derivatives* (SIAM, 2nd edition, 2008): the reference
#   book on algorithmic differentiation, including the cost of reverse mode.

# %% [markdown]
# ## Exercises
#
# Graded versions: `assignments/01_derivatives_by_hand` (sections 1 to 3 and 5),
# `assignments/02_build_your_own_autograd` (section 4), `assignments/03_backward_by_hand`
# (sections 6 to 9), `assignments/04_vanishing_gradients_lab` (sections 10 and 11) and
# `assignments/05_memory_and_grad_modes` (section 12).
#
# 1. Change $L$ to $a\,b\,x$ and list the paths from $x$ to $L$ again. How many are there now,
#    and does their sum still equal `x.grad`? (Four: the three above, now each with an extra factor
#    $x$, and a direct one, $\frac{\partial L}{\partial x} = a\,b$ holding $a$ and $b$ fixed.)
# 2. Register the same hooks on a graph of your own with a branch, and predict the order in which
#    the backward nodes run before you look. (A node runs only after every node that uses its result.)
# 3. In one sentence each, without looking back: what does the forward pass record, what does the
#    backward pass do, and why do contributions add? Then compare with the summary below.

# %% [markdown]
# ## Summary
#
# - The forward pass records a graph: one backward node per recorded operation, linked to its inputs.
# - The backward pass seeds the loss with 1 and applies each node's local rule in reverse order.
# - A variable that reaches the loss along several paths receives the sum of their contributions.
# - Backpropagation is the chain rule applied efficiently: each node is visited once, however many
#   paths run through it.
