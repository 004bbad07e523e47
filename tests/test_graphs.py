"""Tests for reading autograd's recorded graph."""

from __future__ import annotations

import pytest
import torch

from chainrule_helpers.engine import Value
from chainrule_helpers.graphs import format_graph, graph_nodes, value_nodes


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


def test_intermediate_tensors_are_labelled_with_the_readers_names():
    x = torch.tensor(2.0, requires_grad=True)
    a = x * 3
    loss = a.exp()
    nodes = graph_nodes(loss, names={"x": x, "a": a, "L": loss})
    assert [n.label for n in nodes] == ["L", "a", "x"]
    assert format_graph(loss, names={"a": a}).splitlines()[1] == "└─ MulBackward0 (a)"


def test_edge_gradients_are_what_flows_along_each_edge():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    loss = (x * y) * (x * y + x)
    nodes = graph_nodes(loss, gradients=True)
    assert nodes[0].edge_labels == ("8", "6")  # dL/da = b = 8 along one edge, a = 6 along the other
    assert graph_nodes(loss)[0].edge_labels == ()
    big = graph_nodes((torch.ones(2, 3, requires_grad=True) * 2).sum(), gradients=True)
    assert big[1].edge_labels == ("shape 2×3",)


def test_value_nodes_list_the_engine_graph_with_data_and_grad():
    x = Value(3.0)
    y = (x * x).relu()
    y.backward()
    nodes = value_nodes(y, names={"x": x})
    assert [n.name for n in nodes] == ["relu", "*", "input"]
    assert nodes[1].inputs == (2, 2)  # x used twice by the same multiply: two edges
    assert nodes[2].detail == "data 3\ngrad 6"
    with pytest.raises(TypeError, match="engine Value"):
        value_nodes(torch.tensor(1.0))  # type: ignore[arg-type]


def test_errors_say_what_was_expected_and_why_there_is_no_graph():
    with pytest.raises(TypeError) as info:
        graph_nodes([1.0])  # type: ignore[arg-type]
    assert str(info.value) == "expected a torch.Tensor, got list"
    with pytest.raises(ValueError) as info:
        graph_nodes(torch.tensor(1.0, requires_grad=True))
    assert str(info.value) == "this tensor has no grad_fn (it is a leaf): there is no recorded graph behind it"
    with pytest.raises(ValueError) as info:
        graph_nodes(torch.tensor(1.0))
    assert str(info.value) == ("this tensor has no grad_fn (it does not require grad): "
                               "there is no recorded graph behind it")
    with pytest.raises(TypeError) as info:
        value_nodes(1.0)  # type: ignore[arg-type]
    assert str(info.value) == "expected an engine Value, got float"
    with pytest.raises(ValueError) as info:
        graph_nodes(torch.ones(2, requires_grad=True) * 2, gradients=True)
    assert str(info.value) == "edge gradients need a scalar output (a loss); this tensor has shape (2,)"


def test_an_unnamed_leaf_is_a_leaf_and_an_unnamed_engine_node_shows_its_operation():
    x = torch.tensor(2.0, requires_grad=True)
    nodes = graph_nodes(x * 3)
    assert [(n.label, n.detail) for n in nodes] == [("MulBackward0", ""), ("leaf", "")]
    v = Value(2.0)
    assert [n.label for n in value_nodes(v * 3 + 1)] == ["+", "*", "input", "input", "input"]


def test_edge_labels_are_short_numbers_lists_or_shapes():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.ones(2, 2, requires_grad=True)
    loss = (x * torch.tensor([0.5, 2.0, -1.0])).sum() + (w * 2).sum()
    labels = [label for node in graph_nodes(loss, gradients=True) for label in node.edge_labels]
    assert "[0.5, 2, -1]" in labels and "shape 2×2" in labels and "1" in labels
    single = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    assert graph_nodes((single * 2).sum(), gradients=True)[1].edge_labels == ("shape 4",)


def test_drawing_the_gradients_leaves_the_graph_for_the_readers_own_backward():
    x = torch.tensor(2.0, requires_grad=True)
    loss = (x * x).sin()
    graph_nodes(loss, gradients=True)
    loss.backward()  # still possible: the extra pass kept the graph
    assert x.grad is not None


def test_format_graph_draws_branches_and_continues_after_a_repeated_node():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    a = x * y
    z = (a + x) * (a + y)
    assert format_graph(z, names={"x": x, "y": y, "a": a}).splitlines() == [
        "MulBackward0",
        "├─ AddBackward0",
        "│  ├─ MulBackward0 (a)",
        "│  │  ├─ AccumulateGrad (x)",
        "│  │  └─ AccumulateGrad (y)",
        "│  └─ AccumulateGrad (x)  [again, see above]",
        "└─ AddBackward0",
        "   ├─ MulBackward0 (a)  [again, see above]",
        "   └─ AccumulateGrad (y)  [again, see above]",
    ]
