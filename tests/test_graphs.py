"""Tests for reading autograd's recorded graph."""

from __future__ import annotations

import pytest
import torch

from chainrule_helpers.graphs import format_graph, graph_nodes


def test_graph_of_a_square_of_a_sum():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = (x + y) ** 2
    nodes = graph_nodes(z, names={"x": x, "y": y})
    assert [n.name for n in nodes] == ["PowBackward0", "AddBackward0", "AccumulateGrad", "AccumulateGrad"]
    assert [n.label for n in nodes[2:]] == ["x", "y"]
    assert nodes[0].inputs == (1,) and nodes[1].inputs == (2, 3)
    assert format_graph(z, names={"x": x, "y": y}).splitlines() == [
        "PowBackward0",
        "└─ AddBackward0",
        "   ├─ AccumulateGrad (x)",
        "   └─ AccumulateGrad (y)",
    ]


def test_a_shared_node_is_listed_once_and_referred_to_again():
    x = torch.tensor(3.0, requires_grad=True)
    z = x**2 + x
    nodes = graph_nodes(z, names={"x": x})
    assert len(nodes) == 3
    assert format_graph(z, names={"x": x}).splitlines()[-1] == "└─ AccumulateGrad (x)  [again, see above]"


def test_a_very_deep_graph_is_read_without_recursion():
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0
    assert len(graph_nodes(y)) == 5001


def test_tensors_without_a_graph_are_rejected_clearly():
    with pytest.raises(ValueError, match="leaf"):
        graph_nodes(torch.tensor(1.0, requires_grad=True))
    with pytest.raises(ValueError, match="does not require grad"):
        graph_nodes(torch.tensor(1.0))
    with pytest.raises(TypeError, match="torch.Tensor"):
        graph_nodes(1.0)
