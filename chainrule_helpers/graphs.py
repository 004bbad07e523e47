"""Reading the graph autograd records: the `grad_fn` nodes behind a tensor and how they connect."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from torch import Tensor

__all__ = ["GraphNode", "format_graph", "graph_nodes"]


@dataclass(frozen=True)
class GraphNode:
    """One backward node: its number, its class name, a label, and the numbers of the nodes it feeds."""

    index: int
    name: str
    label: str
    inputs: tuple[int, ...]


def _check_tensor(tensor: object) -> Tensor:
    """Insist on a tensor that autograd has recorded, so a graph exists to read."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"expected a torch.Tensor, got {type(tensor).__name__}")
    if tensor.grad_fn is None:
        hint = "it is a leaf" if tensor.requires_grad else "it does not require grad"
        raise ValueError(f"this tensor has no grad_fn ({hint}): there is no recorded graph behind it")
    return tensor


def graph_nodes(tensor: Tensor, names: Mapping[str, Tensor] | None = None) -> list[GraphNode]:
    """The backward graph behind `tensor`, output first, each node listed once (shared nodes too).

    Leaves (AccumulateGrad nodes) are labelled with their name from `names` where one is given.
    The walk is iterative, so graphs of any depth are fine.
    """
    root = _check_tensor(tensor).grad_fn
    leaf_names = {id(t): name for name, t in (names or {}).items()}
    order: dict[Any, int] = {root: 0}
    pending = deque([root])
    edges: dict[Any, list[Any]] = {}
    while pending:
        node = pending.popleft()
        children = [child for child, _ in node.next_functions if child is not None]
        edges[node] = children
        for child in children:
            if child not in order:
                order[child] = len(order)
                pending.append(child)
    result = []
    for node, index in order.items():
        name = type(node).__name__
        variable = getattr(node, "variable", None)
        label = leaf_names.get(id(variable), "leaf") if variable is not None else name
        result.append(GraphNode(index, name, label, tuple(order[c] for c in edges[node])))
    return result


def format_graph(tensor: Tensor, names: Mapping[str, Tensor] | None = None) -> str:
    """The backward graph as an indented tree; a node reached twice is shown once and then referred to."""
    nodes = graph_nodes(tensor, names)
    lines: list[str] = []
    shown: set[int] = set()
    stack: list[tuple[int, str, str]] = [(0, "", "")]
    while stack:
        index, prefix, branch = stack.pop()
        node = nodes[index]
        text = node.name if node.label == node.name else f"{node.name} ({node.label})"
        if index in shown:
            lines.append(f"{prefix}{branch}{text}  [again, see above]")
            continue
        shown.add(index)
        lines.append(f"{prefix}{branch}{text}")
        child_prefix = prefix + ("   " if branch == "└─ " else "│  " if branch else "")
        children = node.inputs
        for k in reversed(range(len(children))):
            stack.append((children[k], child_prefix, "└─ " if k == len(children) - 1 else "├─ "))
    return "\n".join(lines)
