"""Figures for the chapter: one palette and style, a function with its tangent, and a recorded graph.

Every notebook calls `use_chapter_style()` once, so all figures share the Okabe–Ito palette (safe for
the common kinds of colour blindness) and pair each colour with its own line style, so that lines
stay apart in greyscale and print too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib import cycler
from matplotlib.axes import Axes
from torch import Tensor

from chainrule_helpers.engine import Value
from chainrule_helpers.graphs import GraphNode, graph_nodes, value_nodes

__all__ = ["LINESTYLES", "PALETTE", "draw_graph", "draw_nudge", "plot_tangent", "slope_at", "use_chapter_style"]

# Okabe & Ito (2008), "Color Universal Design": blue, vermillion, bluish green, orange, reddish purple,
# sky blue, black.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)))


def use_chapter_style() -> None:
    """Set the chapter's palette, line styles, grid and sizes for every figure drawn after this call."""
    plt.rcParams.update({
        "axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=LINESTYLES),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.framealpha": 0.9,
        "lines.linewidth": 1.8,
        "figure.dpi": 100,
        "image.cmap": "cividis",
    })


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
    ax.plot(xs.numpy(), ys.numpy(), color=PALETTE[0], linestyle="-", label=label)
    ax.plot(xs.numpy(), tangent.numpy(), color=PALETTE[1], linestyle="--", label=f"tangent, slope {slope:g}")
    ax.plot([x0], [y0], "o", color="black")
    ax.annotate(f"({x0:g}, {y0:g})", (x0, y0), textcoords="offset points", xytext=(8, -14))
    ax.set_xlabel("x")
    ax.set_ylabel(label)
    ax.set_title(f"{label} and its tangent at x = {x0:g}")
    ax.legend()
    return ax


def draw_nudge(ax: Axes, x0: float, y0: float, dx: float, slope: float, *,
               names: tuple[str, str] = ("dx", "dy")) -> float:
    """Draw a nudge dx at (x0, y0) and the change slope * dx it makes along the tangent, as two labelled arrows."""
    if not dx > 0:
        raise ValueError(f"dx must be positive, got {dx}")
    dy = slope * dx
    arrow = {"arrowstyle": "-|>", "color": "black", "linewidth": 1.4, "shrinkA": 0, "shrinkB": 0}
    ax.annotate("", xy=(x0 + dx, y0), xytext=(x0, y0), arrowprops=arrow)
    ax.annotate("", xy=(x0 + dx, y0 + dy), xytext=(x0 + dx, y0), arrowprops=arrow)
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}
    # Below the horizontal arrow, clear of the point's own label, and to the right of the vertical one.
    ax.annotate(f"{names[0]} = {dx:g}", (x0 + dx / 2, y0), textcoords="offset points", xytext=(0, -30),
                ha="center", va="center", fontsize=9, bbox=box)
    ax.annotate(f"{names[1]} = {dy:g}", (x0 + dx, y0 + dy / 2), textcoords="offset points", xytext=(6, 0),
                ha="left", va="center", fontsize=9, bbox=box)
    return dy


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


def _node_text(node: GraphNode) -> str:
    """What a node's box says: the reader's name, then its data and grad or the kind of node it is."""
    if node.detail:
        return f"{node.label}\n{node.detail}"
    return node.label if node.label == node.name else f"{node.label}\n{node.name}"


def _arc_middle(ax: Axes, start: tuple[float, float], end: tuple[float, float], rad: float) -> tuple[float, float]:
    """The middle of the arc matplotlib's `arc3` draws from start to end, in data coordinates."""
    to_display = ax.transData
    (x0, y0), (x1, y1) = to_display.transform(start), to_display.transform(end)
    cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)  # arc3's control point
    middle = (0.25 * x0 + 0.5 * cx + 0.25 * x1, 0.25 * y0 + 0.5 * cy + 0.25 * y1)
    x, y = to_display.inverted().transform(middle)
    return float(x), float(y)


def _bend(start: tuple[float, float], end: tuple[float, float], k: int, others: tuple[float, ...] = ()) -> float:
    """How far an edge that jumps a layer curves, and to which side, so it passes beside the nodes between.

    An edge to an input straight below curves away from `others`, the horizontal positions of the
    slanted jumping edges beside it, so that the two do not cross; with none, sides alternate by `k`.
    """
    if end[0] != start[0]:
        return -0.6 if end[0] > start[0] else 0.6  # curve outwards, towards the side the input is on
    if others:
        side = sum(others) / len(others) - start[0]
        if side != 0:
            return -0.6 if side < 0 else 0.6  # the others lie left: curve right (negative rad), and back
    return 0.6 if k % 2 == 0 else -0.6  # straight below: alternate sides by the edge's number


FLOW = "Gradients flow from the output (top) to the inputs (bottom)"


def draw_graph(graph_of: Tensor | Value, names: Mapping[str, Tensor | Value] | None = None, *,
               gradients: bool = False, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw a recorded graph: output on top, inputs at the bottom, arrows the way gradients flow.

    An engine `Value` is drawn node by node with its data and grad; a tensor as the `grad_fn` nodes
    autograd recorded, with `gradients=True` writing on each arrow the gradient that flows along it.
    `names` labels nodes with the reader's variable names, and orders each row left to right as
    they are listed, so two drawings of one computation put each variable on the same side. A
    `title` goes above the line that says which way the arrows point.
    """
    if isinstance(graph_of, Value):
        nodes = value_nodes(graph_of, names)  # type: ignore[arg-type]
    else:
        nodes = graph_nodes(graph_of, names, gradients=gradients)  # type: ignore[arg-type]
    depth = _layers(nodes)
    rows: dict[int, list[int]] = {}
    for node in nodes:
        rows.setdefault(depth[node.index], []).append(node.index)
    order = {name: k for k, name in enumerate(names or {})}
    for row in rows.values():  # named nodes in the order of `names`, then the rest as found
        row.sort(key=lambda i: (order.get(nodes[i].label, len(order)), i))
    position = {i: ((k + 1) / (len(row) + 1), -d) for d, row in rows.items() for k, i in enumerate(row)}
    if ax is None:
        width = max(len(row) for row in rows.values())
        _, ax = plt.subplots(figsize=(max(4.0, 2.4 * width), 1.5 * len(rows) + 0.8))
    ax.set_xlim(0, 1)
    ax.set_ylim(-max(depth) - 0.6, 0.6)
    lines = {node.index: len(_node_text(node).splitlines()) for node in nodes}
    slanted = [(depth[node.index], depth[i], position[i][0]) for node in nodes for i in node.inputs
               if depth[i] - depth[node.index] > 1 and position[i][0] != position[node.index][0]]
    for node in nodes:
        for k, i in enumerate(node.inputs):
            top, bottom = depth[node.index], depth[i]
            beside = tuple(x for t, b, x in slanted if t < bottom and top < b)
            bend = _bend(position[node.index], position[i], k, beside) if bottom - top > 1 else 0.0
            ax.annotate("", xy=position[i], xytext=position[node.index],
                        arrowprops={"arrowstyle": "-|>", "color": "gray", "connectionstyle": f"arc3,rad={bend}",
                                    "shrinkA": 6 + 6 * lines[node.index], "shrinkB": 6 + 6 * lines[i]})
            if node.edge_labels:
                ax.text(*_arc_middle(ax, position[node.index], position[i], bend), node.edge_labels[k],
                        ha="center", va="center", fontsize=8, color=PALETTE[1],
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    for node in nodes:
        leaf = not node.inputs
        ax.text(*position[node.index], _node_text(node), ha="center", va="center", fontsize=9,
                bbox={"boxstyle": "round,pad=0.4", "facecolor": "#d9efe6" if leaf else "#dbe9f6",
                      "edgecolor": PALETTE[2] if leaf else PALETTE[0]})
    ax.axis("off")
    ax.set_title(FLOW if title is None else f"{title}\n{FLOW[0].lower()}{FLOW[1:]}")
    return ax
