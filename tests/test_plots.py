"""Tests for the figure helpers: they draw what they say, and reject bad input clearly."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from chainrule_helpers.plots import draw_graph, plot_tangent, slope_at


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
    assert set(boxes) == {"AddBackward0", "PowBackward0", "AccumulateGrad\nx"}
    assert boxes["AddBackward0"][1] == 0 and boxes["PowBackward0"][1] == -1 and boxes["AccumulateGrad\nx"][1] == -2
    assert len([t for t in ax.texts if not t.get_text()]) == 3  # one arrow per edge
    assert ax.get_title()
    plt.close(ax.figure)


def test_draw_graph_rejects_a_tensor_without_a_graph():
    with pytest.raises(ValueError, match="no grad_fn"):
        draw_graph(torch.tensor(1.0))
