# %% [markdown]
# # The chain rule and backpropagation: a map of the chapter
#
# Thirteen short notebooks, each of which runs top to bottom in a few seconds on a laptop CPU. Read
# them in order: each section uses the rules of the ones before it. Every number a section states
# is printed by its own code and every formula is checked, and each worked example's gradient is
# compared with autograd: most three ways (autograd, the formula in the text, finite differences),
# the layer-by-layer ones of sections 6 and 9 against autograd.
#
# | § | Section | What it teaches | What it verifies |
# |---|---------|-----------------|------------------|
# | 1 | [Composition and the chain rule](01_composition.ipynb) | Why the derivatives of a composition multiply, and that `backward()` does exactly that | $dz/dx$ of $(x+1)^2$ at $x = 3$, three ways; a three-link chain; the tangent's slope |
# | 2 | [Local derivatives and the graph](02_local_derivatives.ipynb) | What autograd records (`grad_fn`, `next_functions`, saved tensors); calling backward nodes by hand | Both partial derivatives of $(x+y)^2$ at $(2, 3)$, node by node |
# | 3 | [Several paths](03_multiple_paths.ipynb) | The sum over paths; why `.grad` accumulates and must be reset | $dz/dx$ of $x^2 + x$ at $x = 3$; a second backward doubles `.grad`; three paths |
# | 4 | [The chain rule on graphs](04_chain_rule_on_graphs.ipynb) | The adjoint rule; a backward sweep by hand; a from-scratch engine | The hand table, the engine and PyTorch give the same adjoints |
# | 5 | [Jacobians and VJPs](05_jacobians.ipynb) | With $y = g(x)$, its Jacobian $J = \partial y / \partial x$ and a scalar $z = f(y) \in \mathbb{R}$: $\nabla_x z = J^\top \nabla_y z$; why backprop never builds $J$; forward mode; second derivatives and Hessian-vector products | $J^\top v$ four ways; the VJP is cheaper, by a growing factor |
# | 6 | [The linear layer](06_linear_layer.ipynb) | $\bar{x} = W^\top \bar{y}$, $\bar{W} = \bar{y} x^\top$, batched and with bias; the input's scale; broadcasting forward is summing backward | Gradient shapes $[4, 3]$ and $[2, 3]$; `nn.Linear` |
# | 7 | [Nonlinearities](07_nonlinearities.ipynb) | ReLU, sigmoid, tanh backwards; the subgradient at 0; saturation | ReLU's gradient on $(-2, 0.5, 3)$; $\sigma'$ and $\tanh'$ at 0 and at 6 |
# | 8 | [Losses](08_losses.ipynb) | MSE, softmax cross-entropy, BCE; `reduction`; the seed of backward | The chapter's MSE gradient; prediction minus target for both cross-entropies |
# | 9 | [A training step](09_training_step.ipynb) | An MLP backpropagated by hand, layer by layer; one SGD step; a training run | All parameters match autograd to float64 rounding |
# | 10 | [Vanishing and exploding gradients](10_vanishing_exploding.ipynb) | Products of Jacobians; initialisation, residuals, normalisation, clipping; why weights start random | Which setting vanishes, explodes or stays stable |
# | 11 | [Common mistakes](11_common_mistakes.ipynb) | `.item()`, early `detach()`, `argmax`, in-place changes, unreset `.grad`, a NaN from a branch not taken | Each mistake's real symptom, and its fix |
# | 12 | [Memory and grad modes](12_memory_and_grad_modes.ipynb) | What a graph keeps alive until backward; `no_grad`, `inference_mode` and `eval()`; freezing; why a hand-written update needs `no_grad`; gradient checkpointing | Saved bytes against the formula for growing depth and batch; checkpointing's bytes and extra forward pass, with the same gradients |
# | 13 | [Summary](13_summary.ipynb) | The three statements of the chapter on one graph; what each section showed; further reading | The forward pass records, backward runs in reverse, paths add: on section 4's graph |
#
# The helpers the notebooks import live in `chainrule_helpers` (numerical gradients and
# three-way checks, the scalar engine, graph drawing), and are tested on their own.
