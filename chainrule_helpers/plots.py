"""Figures for the chapter: a function with its tangent line."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from torch import Tensor

__all__ = ["plot_tangent", "slope_at"]


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
