"""Reading a recorded graph: the `grad_fn` nodes behind a tensor, or the nodes behind an engine `Value`."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from chainrule_helpers.engine import Value

__all__ = ["GraphNode", "format_graph", "graph_nodes", "value_nodes"]


@dataclass(frozen=True)
class GraphNode:
    """One node: its number, its kind, the reader's label, the nodes it feeds, and what to print beside it.

    `detail` is the node's data and grad on engine graphs; `edge_labels[k]` is the gradient sent
    along the edge to `inputs[k]`, filled in when gradients were asked for.
    """

    index: int
    name: str
    label: str
    inputs: tuple[int, ...]
    detail: str = ""
    edge_labels: tuple[str, ...] = ()


def _check_tensor(tensor: object) -> Tensor:
    """Insist on a tensor that autograd has recorded, so a graph exists to read."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"expected a torch.Tensor, got {type(tensor).__name__}")
    if tensor.grad_fn is None:
        hint = "it is a leaf" if tensor.requires_grad else "it does not require grad"
        raise ValueError(f"this tensor has no grad_fn ({hint}): there is no recorded graph behind it")
    return tensor


def _short(grad: Tensor | None) -> str:
    """A gradient as a reader would write it: the number, a few numbers, or the shape of a big one."""
    if grad is None:
        return "0"
    if grad.numel() == 1:
        return f"{grad.item():.4g}"
    if grad.numel() <= 3:
        return "[" + ", ".join(f"{v:.3g}" for v in grad.flatten().tolist()) + "]"
    return "shape " + "×".join(str(n) for n in grad.shape)


def _edge_gradients(tensor: Tensor, nodes: list[Any]) -> dict[Any, tuple[Tensor | None, ...]]:
    """Run one extra backward pass (leaving every .grad untouched) and record what each node sends down."""
    if tensor.numel() != 1:
        raise ValueError("edge gradients need a scalar output (a loss); this tensor has shape "
                         f"{tuple(tensor.shape)}")
    sent: dict[Any, tuple[Tensor | None, ...]] = {}
    handles = [node.register_hook(lambda grads_in, grads_out, node=node: sent.__setitem__(node, grads_in))
               for node in nodes if type(node).__name__ != "AccumulateGrad"]
    leaves = [node.variable for node in nodes if hasattr(node, "variable")]
    try:
        torch.autograd.grad(tensor, leaves, retain_graph=True, allow_unused=True)
    except RuntimeError as error:
        if "second time" not in str(error):
            raise
        raise ValueError("this graph was freed by an earlier backward(): draw it before calling "
                         "backward(), or call backward(retain_graph=True)") from None
    finally:
        for handle in handles:
            handle.remove()
    return sent


def graph_nodes(tensor: Tensor, names: Mapping[str, Tensor] | None = None, *,
                gradients: bool = False) -> list[GraphNode]:
    """The backward graph behind `tensor`, output first, each node listed once (shared nodes too).

    A node is labelled with the reader's name from `names` where one is given: a leaf by its tensor,
    any other node by the tensor it produced. With `gradients=True` each edge carries the gradient
    that flows along it, found by one extra backward pass. The walk is iterative, so any depth is fine.
    """
    root = _check_tensor(tensor).grad_fn
    named = {id(t): name for name, t in (names or {}).items()}
    named_nodes = {t.grad_fn: name for name, t in (names or {}).items() if t.grad_fn is not None}
    order: dict[Any, int] = {root: 0}
    pending = deque([root])
    edges: dict[Any, list[tuple[int, Any]]] = {}
    while pending:
        node = pending.popleft()
        edges[node] = [(k, child) for k, (child, _) in enumerate(node.next_functions) if child is not None]
        for _, child in edges[node]:
            if child not in order:
                order[child] = len(order)
                pending.append(child)
    sent = _edge_gradients(tensor, list(order)) if gradients else {}
    result = []
    for node, index in order.items():
        name = type(node).__name__
        variable = getattr(node, "variable", None)
        label = named.get(id(variable), "leaf") if variable is not None else named_nodes.get(node, name)
        labels = tuple(_short(sent[node][k]) for k, _ in edges[node]) if node in sent else ()
        result.append(GraphNode(index, name, label, tuple(order[c] for _, c in edges[node]), "", labels))
    return result


def value_nodes(value: Value, names: Mapping[str, Value] | None = None) -> list[GraphNode]:
    """The graph behind an engine `Value`, output first, each node with its data and grad (as micrograd draws it)."""
    if not isinstance(value, Value):
        raise TypeError(f"expected an engine Value, got {type(value).__name__}")
    named = {id(v): name for name, v in (names or {}).items()}
    order = list(reversed(value.topological_order()))
    index = {id(node): i for i, node in enumerate(order)}
    return [GraphNode(i, node._op or "input", named.get(id(node), node._op or "input"),
                      tuple(index[id(p)] for p in node._parents),
                      f"data {node.data:.4g}\ngrad {node.grad:.4g}")
            for i, node in enumerate(order)]


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
