"""Tests for the figure helpers: they draw what they say, and reject bad input clearly."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from chainrule_helpers.engine import Value
from chainrule_helpers.plots import PALETTE, draw_graph, draw_nudge, plot_tangent, slope_at, use_chapter_style


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


def test_plot_tangent_draws_in_the_chapter_style():
    ax = plot_tangent(lambda x: (x + 1) ** 2, 3.0, half_width=2.5)
    curve, tangent, point = ax.lines[:3]
    assert (curve.get_color(), curve.get_linestyle()) == (PALETTE[0], "-")
    assert (tangent.get_color(), tangent.get_linestyle()) == (PALETTE[1], "--")
    assert (point.get_marker(), point.get_color(), point.get_linestyle()) == ("o", "black", "None")
    assert curve.get_xdata()[0] == pytest.approx(0.5) and curve.get_xdata()[-1] == pytest.approx(5.5)
    assert point.get_xdata()[0] == 3.0 and point.get_ydata()[0] == 16.0
    (note,) = ax.texts
    assert note.get_text() == "(3, 16)" and note.xyann == (8, -14) and note.anncoords == "offset points"
    assert ax.figure.get_size_inches().tolist() == [6.0, 4.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["f(x)", "tangent, slope 8"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("x", "f(x)", "f(x) and its tangent at x = 3")
    plt.close(ax.figure)


def test_use_chapter_style_sets_readable_defaults():
    use_chapter_style()
    expected = {"axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False,
                "axes.titlesize": 11.0, "axes.labelsize": 10.0, "legend.fontsize": 9.0, "legend.framealpha": 0.9,
                "lines.linewidth": 1.8, "figure.dpi": 100.0, "image.cmap": "cividis"}
    assert {key: plt.rcParams[key] for key in expected} == expected


def _texts(ax):
    """The node boxes and the edge labels draw_graph wrote, apart."""
    boxes = [t for t in ax.texts if t.get_text() and t.get_fontsize() == 9]
    labels = [t for t in ax.texts if t.get_text() and t.get_fontsize() == 8]
    arrows = [t for t in ax.texts if not t.get_text()]
    return boxes, labels, arrows


def test_draw_graph_styles_leaves_operations_edges_and_labels():
    x = torch.tensor(2.0, requires_grad=True)
    ax = draw_graph((x * 3).sin(), names={"x": x}, gradients=True)
    boxes, labels, arrows = _texts(ax)
    style = {t.get_text().split("\n")[0]: t.get_bbox_patch() for t in boxes}
    assert style["x"].get_facecolor() == pytest.approx(matplotlib.colors.to_rgba("#d9efe6"))
    assert style["x"].get_edgecolor() == pytest.approx(matplotlib.colors.to_rgba(PALETTE[2]))
    assert style["SinBackward0"].get_facecolor() == pytest.approx(matplotlib.colors.to_rgba("#dbe9f6"))
    assert style["SinBackward0"].get_edgecolor() == pytest.approx(matplotlib.colors.to_rgba(PALETTE[0]))
    assert all((t.get_ha(), t.get_va()) == ("center", "center") for t in boxes + labels)
    assert all(t.get_color() == PALETTE[1] for t in labels) and len(labels) == 2
    assert all(t.get_bbox_patch().get_facecolor() == (1, 1, 1, 1) for t in labels)
    assert all(t.get_bbox_patch().get_edgecolor() == (0, 0, 0, 0) for t in labels)
    for arrow in arrows:
        patch = arrow.arrow_patch
        assert patch.get_arrowstyle().__class__.__name__ == "CurveFilledB"
        assert patch.get_edgecolor() == pytest.approx(matplotlib.colors.to_rgba("gray"))
    # An arrow stops 6 + 6 * lines points short of each box's centre: one line for an operation, two for x.
    assert {(a.arrowprops["shrinkA"], a.arrowprops["shrinkB"]) for a in arrows} == {(12, 12), (12, 18)}
    assert ax.figure.get_size_inches().tolist() == pytest.approx([4.0, 1.5 * 3 + 0.8])
    assert not ax.axison
    plt.close(ax.figure)


def test_arrows_to_a_box_of_three_lines_stop_further_away():
    x = Value(2.0)
    y = x * 3
    y.backward()
    ax = draw_graph(y, names={"x": x})
    _, _, arrows = _texts(ax)
    assert {(a.arrowprops["shrinkA"], a.arrowprops["shrinkB"]) for a in arrows} == {(24, 24)}
    wide = draw_graph(Value(1.0) * Value(2.0) * Value(3.0) * Value(4.0))
    assert wide.figure.get_size_inches()[0] == pytest.approx(2.4 * 2)  # the widest row holds two boxes
    plt.close("all")


def test_edges_that_jump_a_layer_bend_towards_the_side_of_their_input():
    from chainrule_helpers.plots import _bend

    assert _bend((0.5, 0), (0.75, -2), 0) == -0.6 and _bend((0.5, 0), (0.25, -2), 0) == 0.6
    assert _bend((0.5, 0), (0.5, -2), 0) == 0.6 and _bend((0.5, 0), (0.5, -2), 1) == -0.6
    assert _bend((0.5, -1), (0.75, -3), 0) == -0.6  # depends on x, not on y


def test_a_node_is_placed_below_every_user_even_through_a_shared_middle_node():
    w = torch.tensor(2.0, requires_grad=True)
    s = w * 2  # used by the top add and by the multiply below it
    ax = draw_graph(s + s * 3, names={"w": w, "s": s})
    rows = {t.get_text().split("\n")[0]: t.get_position()[1] for t in ax.texts if t.get_fontsize() == 9}
    assert rows["AddBackward0"] == 0 and rows["s"] == -2 and rows["w"] == -3
    plt.close(ax.figure)


def test_an_edge_label_sits_at_the_middle_of_the_arc_matplotlib_draws():
    from chainrule_helpers.plots import _arc_middle

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 1)
    ax.set_ylim(-3, 0.5)
    start, end = (0.5, 0.0), (0.25, -2.0)
    note = ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "-", "shrinkA": 0, "shrinkB": 0,
                                                            "connectionstyle": "arc3,rad=0.6"})
    fig.canvas.draw()
    p0, control, p2 = note.arrow_patch.get_path().vertices[:3]  # one quadratic Bezier, in display points
    middle = ax.transData.inverted().transform(0.25 * p0 + 0.5 * control + 0.25 * p2)
    assert _arc_middle(ax, start, end, 0.6) == pytest.approx(tuple(middle), abs=1e-6)
    plt.close(fig)


def test_draw_graph_frames_its_rows_and_titles_the_figure():
    x = torch.tensor(2.0, requires_grad=True)
    ax = draw_graph((x * 3).sin())
    assert ax.get_xlim() == (0, 1) and ax.get_ylim() == pytest.approx((-2.6, 0.6))
    assert ax.get_title() == "Gradients flow from the output (top) to the inputs (bottom)"
    plt.close(ax.figure)


def test_plot_tangent_samples_201_points_over_its_half_width_and_touches_at_x0():
    ax = plot_tangent(torch.sin, 1.0, half_width=0.5)
    curve, tangent, _ = ax.lines[:3]
    assert len(curve.get_xdata()) == 201 and curve.get_xdata()[0] == pytest.approx(0.5)
    assert tangent.get_ydata()[100] == pytest.approx(curve.get_ydata()[100]) == pytest.approx(float(np.sin(1.0)))
    default = plot_tangent(torch.sin, 1.0)
    assert default.lines[0].get_xdata()[-1] == pytest.approx(3.0)  # half_width 2 by default
    plt.close("all")


def test_alternating_bends_and_a_shared_node_reached_second():
    from chainrule_helpers.plots import _bend

    assert [_bend((0.5, 0), (0.5, -2), k) for k in range(4)] == [0.6, -0.6, 0.6, -0.6]
    w = torch.tensor(2.0, requires_grad=True)
    s = w * 2
    ax = draw_graph(s * 3 + s, names={"w": w, "s": s})  # the add meets s before the multiply that also uses it
    rows = {t.get_text().split("\n")[0]: t.get_position()[1] for t in ax.texts if t.get_fontsize() == 9}
    assert rows["s"] == -2 and rows["w"] == -3
    plt.close(ax.figure)


def test_draw_nudge_draws_dx_and_the_change_it_makes_along_the_tangent():
    fig, ax = plt.subplots()
    assert draw_nudge(ax, 4.0, 16.0, 0.5, 8.0, names=("dy", "dz")) == 4.0
    arrows = [t for t in ax.texts if not t.get_text()]
    assert [(a.xyann, a.xy) for a in arrows] == [((4.0, 16.0), (4.5, 16.0)), ((4.5, 16.0), (4.5, 20.0))]
    labels = [t for t in ax.texts if t.get_text()]
    assert [(t.get_text(), t.xy) for t in labels] == [("dy = 0.5", (4.25, 16.0)), ("dz = 4", (4.5, 18.0))]
    with pytest.raises(ValueError, match="dx must be positive"):
        draw_nudge(ax, 0.0, 0.0, 0.0, 1.0)
    plt.close(fig)


def _rows(ax):
    """Each node box's first line, with its position."""
    return {t.get_text().split("\n")[0]: t.get_position() for t in ax.texts if t.get_fontsize() == 9}


def test_draw_graph_orders_a_row_as_the_names_are_listed_in_both_kinds_of_graph():
    names = _adjoint_example()
    engine = _rows(draw_graph(names["L"], names=names))
    x, y = torch.tensor(2.0, requires_grad=True), torch.tensor(3.0, requires_grad=True)
    a = x * y
    b = a + x
    loss = a * b
    recorded = _rows(draw_graph(loss, names={"x": x, "y": y, "a": a, "b": b, "L": loss}))
    for boxes in (engine, recorded):
        assert boxes["x"][0] < boxes["y"][0] and boxes["x"][1] == boxes["y"][1]
    swapped = _rows(draw_graph(loss, names={"y": y, "x": x}))
    assert swapped["y"][0] < swapped["x"][0]
    plt.close("all")


def test_an_edge_straight_below_curves_away_from_a_slanted_edge_beside_it():
    from chainrule_helpers.plots import _bend

    assert _bend((0.5, 0), (0.5, -2), 0, (1 / 3,)) == -0.6 and _bend((0.5, 0), (0.5, -2), 1, (2 / 3,)) == 0.6
    assert _bend((0.5, 0), (0.5, -2), 1, (0.5,)) == -0.6  # no side to avoid: alternate as before
    names = _adjoint_example()
    ax = draw_graph(names["L"], names=names)  # L -> a jumps b; b -> x jumps a, towards x on the left
    bends = {}
    for t in ax.texts:
        patch = getattr(t, "arrow_patch", None)
        if patch is not None and patch.get_connectionstyle().rad != 0:
            bends[(round(t.xyann[0], 3), round(t.xy[0], 3))] = patch.get_connectionstyle().rad
    assert bends == {(0.5, 0.5): -0.6, (0.5, 0.333): 0.6}  # one curves right, the other left: no crossing
    plt.close(ax.figure)


def test_a_title_keeps_the_line_that_says_which_way_the_arrows_point():
    x = torch.tensor(2.0, requires_grad=True)
    ax = draw_graph((x * 3).sin(), title="the engine")
    assert ax.get_title() == "the engine\ngradients flow from the output (top) to the inputs (bottom)"
    plt.close(ax.figure)
