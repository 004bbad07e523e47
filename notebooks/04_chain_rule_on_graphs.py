# %% [markdown]
# # 4. The chain rule on graphs: backpropagation
#
# Sections 1 to 3 gave three rules: multiply along a path, add over paths, reuse what each node
# knows locally. Here they become one equation and one algorithm. After this notebook you will be
# able to run a backward sweep by hand on a graph with shared nodes, read it off a from-scratch
# engine of about a hundred lines of code, and see PyTorch produce the same numbers.

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

from chainrule_helpers.engine import Value
from chainrule_helpers.numerics import check_gradients
from chainrule_helpers.plots import draw_graph, use_chapter_style

use_chapter_style()

# %% [markdown]
# ## The adjoint rule
#
# Let a scalar loss $L$ depend on a variable $v$ through the nodes $u_1, \ldots, u_k$ that use $v$
# directly (its *children* in the forward direction). Two kinds of derivative meet in the rule,
# and keeping them apart is the whole rule:
#
# - the **adjoint** of a node is the *total* derivative of $L$ with respect to it: nudge the node,
#   let every node that depends on it move too, and see how $L$ moves, along every path. Write it
#   with a bar: $\bar{v} = \frac{dL}{dv}$, and $\bar{u}_i$ for each child;
# - the **local derivative** $\frac{\partial u_i}{\partial v}$ is the *partial* derivative of
#   $u_i$'s own formula with respect to its input $v$, the node's other inputs held fixed.
#
# Every path from $v$ to $L$ leaves $v$ through exactly one child, so adding over the children
# adds over all the paths of section 3:
#
# $$\bar{v} = \sum_{i=1}^{k} \bar{u}_i \, \frac{\partial u_i}{\partial v}.$$
#
# Each term is a child's adjoint times a local derivative. So a node can only finish its adjoint
# once every child has finished: the sweep runs in reverse topological order, starting from the
# seed $\bar{L}$, which is 1 because $L$ changes one-for-one with itself. That ordering, plus this
# one equation, is backpropagation.

# %% [markdown]
# ## A backward sweep by hand
#
# Take $x=2$, $y=3$ and the graph
#
# $$a = x y, \qquad b = a + x, \qquad L = a\, b .$$
#
# Both $x$ and $a$ are used twice. The forward pass gives $a=6$, $b=8$ and $L=48$. Backward,
# children first:
#
# - $\bar{b} = \bar{L}\,\frac{\partial L}{\partial b} = 1 \cdot a = 6$;
# - $\bar{a} = \bar{L}\,\frac{\partial L}{\partial a} + \bar{b}\,\frac{\partial b}{\partial a}
#   = 1 \cdot 8 + 6 \cdot 1 = 14$;
# - $\bar{x} = \bar{a}\,\frac{\partial a}{\partial x} + \bar{b}\,\frac{\partial b}{\partial x}
#   = 14 \cdot 3 + 6 \cdot 1 = 48$;
# - $\bar{y} = \bar{a}\,\frac{\partial a}{\partial y} = 14 \cdot 2 = 28$.
#
# Look at $a$: its local partial in $L = a\,b$ is $\frac{\partial L}{\partial a} = b = 8$, but its
# adjoint is $\bar{a} = 14$. The partial holds $b$ fixed, while $b = a + x$ moves when $a$ does;
# the adjoint counts that second path. This is why the rule needs the children's adjoints, the
# total derivatives: read $\bar{b}$ as the partial $\frac{\partial L}{\partial b}$ and $\bar{a}$
# the same way, and the sweep stops at 8, which is wrong.
#
# The code below does exactly this: it lists each node's children with the local derivative of
# the child with respect to the node, then visits the nodes in reverse order and sums.

# %%
x, y = 2.0, 3.0
a = x * y
b = a + x
L = a * b
values = {"x": x, "y": y, "a": a, "b": b, "L": L}
# For each node: (child, d child / d node), read off the forward formulas.
uses = {
    "b": [("L", a)],
    "a": [("L", b), ("b", 1.0)],
    "x": [("a", y), ("b", 1.0)],
    "y": [("a", x)],
}
adjoint = {"L": 1.0}
print(f"{'node':4} {'value':>6} {'adjoint':>8}   contributions: child adjoint * local derivative")
print(f"{'L':4} {L:6.0f} {1.0:8.0f}   seed")
# Reverse topological order: every node after all of its children.
for node in ["b", "a", "x", "y"]:
    terms = [(adjoint[child], local) for child, local in uses[node]]
    adjoint[node] = sum(u * d for u, d in terms)
    shown = " + ".join(f"{u:g}*{d:g}" for u, d in terms)
    print(f"{node:4} {values[node]:6.0f} {adjoint[node]:8.0f}   {shown}")

# %% [markdown]
# ## The same sweep, automated
#
# `chainrule_helpers.engine.Value` is a complete reverse-mode engine on scalars, in the style of
# micrograd. Each operation computes its value and, right beside it, sets the local rule that
# adds `out.grad * local derivative` into each input's `.grad`. `backward()` sorts the graph
# without recursion and runs those rules from the output back. Its two key pieces:
#
# ```python
# def __mul__(self, other):
#     out = Value(self.data * other.data, (self, other), "*")
#     def _backward():  # d(ab)/da = b, d(ab)/db = a
#         self.grad += other.data * out.grad
#         other.grad += self.data * out.grad
#     out._backward = _backward
#     return out
#
# def backward(self):
#     order = self.topological_order()
#     for node in order:  # intermediate nodes restart from 0; leaves accumulate, as in torch
#         if node._parents:
#             node.grad = 0.0
#     self.grad += 1.0  # the seed: dL/dL = 1
#     for node in reversed(order):
#         node._backward()
# ```
#
# The `+=` is the sum of the adjoint rule: a node used twice receives two contributions.
# On the graph above, the engine finds $\bar{x} = 48$ and $\bar{y} = 28$ again.

# %%
xv, yv = Value(2.0), Value(3.0)
av = xv * yv
bv = av + xv
Lv = av * bv
Lv.backward()
print(xv.grad, yv.grad)  # 48.0 28.0
print(av.grad)  # 14.0

# %% [markdown]
# ## The same sweep in PyTorch
#
# PyTorch runs the same algorithm on tensors. Expanding $L = xy(xy + x) = x^2y^2 + x^2y$ gives the
# analytic gradient $\partial L/\partial x = 2xy^2 + 2xy$ and $\partial L/\partial y = 2x^2y + x^2$,
# which at $(2, 3)$ are again $\frac{\partial L}{\partial x} = 48$ and
# $\frac{\partial L}{\partial y} = 28$: hand, engine, autograd and finite differences agree.

# %%
xt = torch.tensor(2.0, requires_grad=True)
yt = torch.tensor(3.0, requires_grad=True)
at = xt * yt
Lt = at * (at + xt)
Lt.backward()
print(xt.grad, yt.grad)  # tensor(48.) tensor(28.)

# %%
point = {"x": torch.tensor(2.0), "y": torch.tensor(3.0)}
px, py = point["x"], point["y"]
print(check_gradients(lambda x, y: (x * y) * (x * y + x), point,
                      analytic={"x": 2 * px * py**2 + 2 * px * py, "y": 2 * px**2 * py + px**2}))

# %% [markdown]
# ### The picture
#
# `draw_graph` draws both graphs. On the left is the engine's graph, each node with its value
# (`data`) and its adjoint (`grad`): the columns of the hand table, $\bar{a} = 14$,
# $\bar{x} = 48$ and $\bar{y} = 28$ among them. On the right is what PyTorch recorded, one
# backward node per operation, and on each arrow the gradient that flows along it. Where two
# arrows reach the same node the contributions add: 42 and 6 arrive at $x$ and make 48, 8 and 6
# arrive at $a$ and make 14.

# %%
xt2, yt2 = torch.tensor(2.0, requires_grad=True), torch.tensor(3.0, requires_grad=True)
at2 = xt2 * yt2
bt2 = at2 + xt2
Lt2 = at2 * bt2
fig, (ax_engine, ax_torch) = plt.subplots(1, 2, figsize=(12, 5.5))
draw_graph(Lv, names={"x": xv, "y": yv, "a": av, "b": bv, "L": Lv}, ax=ax_engine,
           title="the engine: value and adjoint of each node")
draw_graph(Lt2, names={"x": xt2, "y": yt2, "a": at2, "b": bt2, "L": Lt2}, gradients=True, ax=ax_torch,
           title="PyTorch: the gradient along each edge")
plt.show()
print(f"engine adjoints: a {av.grad:g}, x {xv.grad:g}, y {yv.grad:g}")

# %% [markdown]
# ## Why one sweep is enough: paths against visits
#
# The sum over paths of section 3 is correct, but counting paths is hopeless: they multiply.
# Build a ladder in which every rung uses the value below it twice, $v_{i+1} = 2v_i + v_i$, so that
# each rung doubles the paths from $x$ to the top. After $k$ rungs there are $2^k$ paths, and the
# derivative, a sum of one product per path, is $3^k$: every path picks 2 or 1 on each rung. The
# backward sweep never lists a path. It visits each node once, and a rung adds the same few nodes
# however many paths run through it: that is what "the chain rule applied efficiently" means.

# %%
def ladder(k):
    """x, then k rungs v <- 2v + v: return x and the top of the ladder."""
    x = Value(1.0)
    v = x
    for _ in range(k):
        v = v * 2.0 + v * 1.0
    return x, v


def paths_from(x, top):
    """The number of paths from x to top, counted node by node (a sum over each node's inputs)."""
    count = {id(x): 1}
    for node in top.topological_order():
        if node is not x:
            count[id(node)] = sum(count.get(id(p), 0) for p in node._parents)
    return count[id(top)]


rungs = [1, 5, 10, 20, 30]
paths, visits = [], []
for k in rungs:
    x, top = ladder(k)
    top.backward()
    paths.append(paths_from(x, top))
    visits.append(len(top.topological_order()))
    print(f"k={k:2d}: {paths[-1]:10d} paths, {visits[-1]:3d} nodes visited, dv/dx = {x.grad:.0f} = 3^{k}: "
          f"{x.grad == 3**k}")

# %% [markdown]
# At $k = 30$ there are $2^{30} = 1073741824$ paths, each a product of 30 local derivatives, against
# 151 nodes visited once each. The plot shows the two growths on a log scale: a straight line for
# the paths, a curve that flattens for the visits.

# %%
fig, ax = plt.subplots(figsize=(6, 3.8))
ax.semilogy(rungs, paths, "o-", label="paths from x to the top ($2^k$)")
ax.semilogy(rungs, visits, "s--", label="nodes one backward sweep visits ($5k + 1$)")
ax.set(xlabel="rungs k", ylabel="count (log scale)", title="Sum over paths against one backward sweep")
ax.legend()
ax.grid(alpha=0.3, which="both")
plt.show()

# %% [markdown]
# ## Exercises
#
# Graded version: `assignments/02_build_your_own_autograd`, where you write the engine yourself.
#
# 1. Add a node $c = b \cdot y$ and let $L = a\,c$. Redo the sweep table by hand, then with
#    `Value` and with PyTorch. (All three must agree; with $x = 2$ and $y = 3$ as above, the
#    adjoint of $y$ comes out as 132.)
# 2. Why must $\bar{a}$ be complete before $\bar{x}$ is computed? Reorder the loop above to visit
#    `x` before `a`. (The loop stops with a `KeyError`: `x` needs `adjoint["a"]`, which does not
#    exist yet. Change it to `adjoint.get(child, 0.0)` and it runs, silently giving `adjoint["x"]`
#    the value 6, the contribution through `b` alone, instead of 48.)
# 3. Extend `Value` with `sin`, putting its local rule beside it, and check it against
#    `torch.sin` with `check_gradients`.

# %% [markdown]
# ## Summary
#
# - The adjoint rule: a node's adjoint sums, over its children, child adjoint times local derivative.
# - Visiting nodes in reverse topological order guarantees every sum is complete when it is used.
# - A working reverse-mode engine is that rule plus an iterative topological sort.
# - Hand sweep, engine, PyTorch and finite differences give the same gradients.
