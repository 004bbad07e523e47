"""Figures for the chapter: a function with its tangent line, and the backward graph behind a tensor."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from torch import Tensor

from chainrule_helpers.graphs import GraphNode, graph_nodes

__all__ = ["draw_graph", "plot_tangent", "slope_at"]


def slope_at(f: Callable[[Tensor], Tensor], x0: float) -> float:
    """The derivative of a scalar function at x0, by autograd in float64."""
    if isinstance(x0, bool) or not isinstance(x0, (int, float)):
        raise TypeError(f"x0 must be a real number, got {type(x0).__name__}")
    x = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
    y = f(x)
    if not isinstance(y, Tensor) or y.numel() != 1:
        raise ValueError("f must map a scalar tensor to a scalar tensor")
    (grad,) = torch.autograd.grad(y.reshape(()), x)
    return grad.item()


def plot_tangent(
    f: Callable[[Tensor], Tensor],
    x0: float,
    *,
    half_width: float = 2.0,
    label: str = "f(x)",
    ax: Axes | None = None,
) -> Axes:
    """Plot f near x0 with its tangent line there; the tangent's slope is the derivative autograd computes."""
    if not half_width > 0:
        raise ValueError(f"half_width must be positive, got {half_width}")
    slope = slope_at(f, x0)
    xs = torch.linspace(x0 - half_width, x0 + half_width, 201, dtype=torch.float64)
    with torch.no_grad():
        ys = torch.stack([f(x).reshape(()) for x in xs])
        y0 = f(torch.tensor(float(x0), dtype=torch.float64)).item()
    tangent = y0 + slope * (xs - x0)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    ax.plot(xs.numpy(), ys.numpy(), label=label)
    ax.plot(xs.numpy(), tangent.numpy(), "--", label=f"tangent, slope {slope:g}")
    ax.plot([x0], [y0], "o", color="black")
    ax.annotate(f"({x0:g}, {y0:g})", (x0, y0), textcoords="offset points", xytext=(8, -14))
    ax.set_xlabel("x")
    ax.set_ylabel(label)
    ax.set_title(f"{label} and its tangent at x = {x0:g}")
    ax.legend()
    ax.grid(alpha=0.3)
    return ax


def _layers(nodes: list[GraphNode]) -> list[int]:
    """Depth of each node: its longest distance from the output, so a shared node sits below all its users."""
    users = [0] * len(nodes)
    for node in nodes:
        for i in node.inputs:
            users[i] += 1
    depth, ready = [0] * len(nodes), [0]
    while ready:  # Kahn's algorithm: a node is placed once every node that uses it has been
        node = nodes[ready.pop()]
        for i in node.inputs:
            depth[i] = max(depth[i], depth[node.index] + 1)
            users[i] -= 1
            if users[i] == 0:
                ready.append(i)
    return depth


def draw_graph(tensor: Tensor, names: Mapping[str, Tensor] | None = None, *, ax: Axes | None = None) -> Axes:
    """Draw the backward graph behind a tensor: output on top, leaves at the bottom, arrows as gradients flow."""
    nodes = graph_nodes(tensor, names)
    depth = _layers(nodes)
    rows: dict[int, list[int]] = {}
    for node in nodes:
        rows.setdefault(depth[node.index], []).append(node.index)
    position = {i: ((k + 1) / (len(row) + 1), -d) for d, row in rows.items() for k, i in enumerate(row)}
    if ax is None:
        width = max(len(row) for row in rows.values())
        _, ax = plt.subplots(figsize=(max(4.0, 2.4 * width), 1.3 * len(rows) + 0.8))
    for node in nodes:
        for i in node.inputs:
            skips = depth[i] - depth[node.index] > 1  # bend edges that jump a layer, so they pass beside it
            ax.annotate("", xy=position[i], xytext=position[node.index],
                        arrowprops={"arrowstyle": "-|>", "color": "gray", "shrinkA": 14, "shrinkB": 14,
                                    "connectionstyle": f"arc3,rad={0.35 if skips else 0.0}"})
    for node in nodes:
        text = node.name if node.label == node.name else f"{node.name}\n{node.label}"
        color = "#d8ecd8" if node.name == "AccumulateGrad" else "#dde6f5"
        ax.text(*position[node.index], text, ha="center", va="center", fontsize=9,
                bbox={"boxstyle": "round,pad=0.4", "facecolor": color, "edgecolor": "gray"})
    ax.set_xlim(0, 1)
    ax.set_ylim(-max(depth) - 0.6, 0.6)
    ax.axis("off")
    ax.set_title("Backward graph: gradients flow from output (top) to leaves")
    return ax
