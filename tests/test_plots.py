"""Tests for the figure helpers: they draw what they say, and reject bad input clearly."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from chainrule_helpers.engine import Value
from chainrule_helpers.plots import PALETTE, draw_graph, plot_tangent, slope_at, use_chapter_style


def test_slope_at_is_the_derivative():
    assert slope_at(lambda x: (x + 1) ** 2, 3.0) == pytest.approx(8.0)
    assert slope_at(torch.sin, 0) == pytest.approx(1.0)


def test_plot_tangent_draws_the_curve_and_a_line_with_that_slope():
    ax = plot_tangent(lambda x: (x + 1) ** 2, 3.0)
    curve, tangent, point = ax.lines[:3]
    xs, ys = tangent.get_data()
    assert np.polyfit(xs, ys, 1)[0] == pytest.approx(8.0)
    assert point.get_data()[1][0] == pytest.approx(16.0)
    assert curve.get_data()[1].min() >= 0
    assert "slope 8" in ax.get_legend().get_texts()[1].get_text()
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(ax.figure)


def test_plot_tangent_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plot_tangent(torch.tanh, 0.0, ax=ax) is ax
    plt.close(fig)


@pytest.mark.parametrize(("x0", "error"), [("3", TypeError), (True, TypeError), (torch.tensor(3.0), TypeError)])
def test_slope_at_rejects_a_point_that_is_not_a_number(x0, error):
    with pytest.raises(error, match="real number"):
        slope_at(torch.sin, x0)


def test_plot_tangent_rejects_vector_functions_and_bad_widths():
    with pytest.raises(ValueError, match="scalar"):
        slope_at(lambda x: torch.stack([x, x]), 1.0)
    with pytest.raises(ValueError, match="half_width"):
        plot_tangent(torch.sin, 1.0, half_width=0)


def test_draw_graph_places_a_shared_leaf_below_all_its_users():
    x = torch.tensor(3.0, requires_grad=True)
    ax = draw_graph(x**2 + x, names={"x": x})
    boxes = {t.get_text(): t.get_position() for t in ax.texts if t.get_text()}
    assert set(boxes) == {"AddBackward0", "PowBackward0", "x\nAccumulateGrad"}
    assert boxes["AddBackward0"][1] == 0 and boxes["PowBackward0"][1] == -1 and boxes["x\nAccumulateGrad"][1] == -2
    assert len([t for t in ax.texts if not t.get_text()]) == 3  # one arrow per edge
    assert ax.get_title()
    plt.close(ax.figure)


def test_draw_graph_rejects_a_tensor_without_a_graph():
    with pytest.raises(ValueError, match="no grad_fn"):
        draw_graph(torch.tensor(1.0))


def _adjoint_example():
    """Section 4's graph: a = xy, b = a + x, L = ab at x = 2, y = 3."""
    x, y = Value(2.0), Value(3.0)
    a = x * y
    b = a + x
    loss = a * b
    loss.backward()
    return {"x": x, "y": y, "a": a, "b": b, "L": loss}


def test_draw_graph_of_an_engine_value_shows_each_nodes_data_and_grad():
    names = _adjoint_example()
    ax = draw_graph(names["L"], names=names)
    boxes = {t.get_text().split("\n")[0]: t for t in ax.texts if "data" in t.get_text()}
    assert boxes["a"].get_text() == "a\ndata 6\ngrad 14"
    assert boxes["x"].get_text() == "x\ndata 2\ngrad 48"
    assert boxes["L"].get_position()[1] == 0 and boxes["x"].get_position()[1] == -3  # x sits below a, its user
    plt.close(ax.figure)


def test_draw_graph_writes_the_gradient_on_each_edge_of_a_torch_graph():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    a = x * y
    b = a + x
    loss = a * b
    ax = draw_graph(loss, names={"x": x, "y": y, "a": a, "b": b, "L": loss}, gradients=True)
    edge_texts = sorted(t.get_text() for t in ax.texts if t.get_fontsize() == 8)
    assert edge_texts == sorted(["8", "6", "42", "28", "6", "6"])
    assert {"L\nMulBackward0", "a\nMulBackward0", "b\nAddBackward0"} <= {t.get_text() for t in ax.texts}
    assert x.grad is None  # drawing runs its own backward pass and leaves .grad alone
    plt.close(ax.figure)


def test_an_edge_that_jumps_a_layer_curves_and_keeps_its_label_on_the_curve():
    x = torch.tensor(2.0, requires_grad=True)
    a = x * 3
    loss = a * (a + x)  # x is used by a (one layer down) and by a + x (two layers down from the top)
    ax = draw_graph(loss, names={"x": x}, gradients=True)
    arrows = [t.arrow_patch for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    bends = sorted(abs(p.get_connectionstyle().rad) for p in arrows)
    assert bends == [0.0, 0.0, 0.0, 0.6, 0.6]  # a is two rows below the top, x two below a + x: both curve
    off_line = [t for t in ax.texts if t.get_fontsize() == 8 and t.get_position()[0] != pytest.approx(0.5)]
    assert len(off_line) == 2  # every node sits at x = 0.5: the two curved edges' labels follow their curves
    plt.close(ax.figure)


def test_draw_graph_spreads_the_nodes_of_a_row_apart():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    ax = draw_graph(x * y, names={"x": x, "y": y})
    leaves = [t.get_position() for t in ax.texts if "AccumulateGrad" in t.get_text()]
    assert sorted(p[0] for p in leaves) == pytest.approx([1 / 3, 2 / 3])
    plt.close(ax.figure)


def test_drawing_gradients_after_backward_says_how_to_keep_the_graph():
    x = torch.tensor(2.0, requires_grad=True)
    loss = (x * x).sin()
    loss.backward()
    with pytest.raises(ValueError, match="retain_graph=True"):
        draw_graph(loss, gradients=True)
    with pytest.raises(ValueError, match="scalar output"):
        draw_graph(torch.stack([x * 2, x * 3]), gradients=True)


def test_the_chapter_style_pairs_each_colour_with_its_own_line_style():
    use_chapter_style()
    cycle = list(plt.rcParams["axes.prop_cycle"])
    assert [c["color"] for c in cycle] == list(PALETTE)
    assert len({str(c["linestyle"]) for c in cycle}) == len(PALETTE)
