"""Numerical gradients and the three-way gradient check: autograd, the analytic formula, finite differences.

Everything here works in float64: central differences in float32 are too coarse to tell a right
formula from a slightly wrong one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch
from torch import Tensor

__all__ = [
    "GradientCheck",
    "GradientMismatch",
    "check_gradients",
    "format_gap",
    "format_tensor",
    "numerical_grad",
]

Inputs = Tensor | Mapping[str, Tensor]


class GradientMismatch(AssertionError):
    """Raised when autograd, the analytic formula and finite differences do not agree."""


def _float64_leaf(name: str, value: object) -> Tensor:
    """Return a detached float64 copy of a floating-point tensor, or say clearly why it is not one."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor, got dtype {value.dtype}: "
            "gradients are defined for real numbers (write torch.tensor(3.0), not torch.tensor(3))"
        )
    return value.detach().to(torch.float64).clone().contiguous()


def _scalar_output(out: object) -> Tensor:
    """Check that a function under test returned a scalar tensor: a gradient needs one output number."""
    if not isinstance(out, Tensor):
        raise TypeError(f"the function must return a torch.Tensor, got {type(out).__name__}")
    if out.numel() != 1:
        raise ValueError(
            f"the function must return a scalar (one element), got shape {tuple(out.shape)}; "
            "reduce it first, for instance with .sum()"
        )
    return out.reshape(())


def numerical_grad(f: Callable[..., Tensor], *inputs: Tensor, eps: float = 1e-6) -> tuple[Tensor, ...]:
    """Central differences (f(x+h) - f(x-h)) / 2h for every element of every input, in float64."""
    if not inputs:
        raise ValueError("numerical_grad needs at least one input tensor")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    xs = [_float64_leaf(f"input {i}", x) for i, x in enumerate(inputs)]
    _scalar_output(f(*xs))
    grads = []
    for x in xs:
        grad = torch.zeros_like(x)
        flat, grad_flat = x.view(-1), grad.view(-1)
        for j in range(flat.numel()):
            original = flat[j].item()
            flat[j] = original + eps
            up = _scalar_output(f(*xs)).item()
            flat[j] = original - eps
            down = _scalar_output(f(*xs)).item()
            flat[j] = original
            grad_flat[j] = (up - down) / (2 * eps)
        grads.append(grad)
    return tuple(grads)


def _autograd(f: Callable[..., Tensor], xs: list[Tensor]) -> tuple[Tensor, ...]:
    """Gradients of f at xs by reverse mode; an input f does not use gets a zero gradient."""
    leaves = [x.clone().requires_grad_(True) for x in xs]
    out = _scalar_output(f(*leaves))
    if not out.requires_grad:
        return tuple(torch.zeros_like(x) for x in xs)
    grads = torch.autograd.grad(out, leaves, allow_unused=True)
    return tuple(torch.zeros_like(x) if g is None else g.detach() for x, g in zip(xs, grads))


def format_tensor(t: Tensor, decimals: int = 4) -> str:
    """A short, machine-independent text for a tensor: its values rounded, or its shape and norm if large."""
    t = t.detach().to(torch.float64)
    if t.numel() > 4:
        return f"shape {tuple(t.shape)}, norm {t.norm().item():.{decimals}f}"

    def fmt(v: float) -> str:
        return f"{round(v, decimals) + 0.0:.{decimals}f}"  # + 0.0 turns -0.0 into 0.0

    if t.dim() == 0:
        return fmt(t.item())
    return "[" + ", ".join(fmt(v) for v in t.reshape(-1).tolist()) + "]"


def format_gap(gap: float | Tensor, bound: float) -> str:
    """A difference as every machine prints it: "below <bound>" when it is, else its value and the bound it broke.

    Two ways of computing the same float that add in different orders agree only to a few roundings,
    and which few depends on the CPU; the bound is what the mathematics guarantees, so it prints the same
    everywhere. A tensor gap is its largest absolute entry.
    """
    if isinstance(gap, Tensor):
        gap = gap.detach().abs().max().item() if gap.numel() else 0.0
    if not isinstance(gap, (int, float)) or isinstance(gap, bool):
        raise TypeError(f"gap must be a number or a tensor, got {type(gap).__name__}")
    if not (isinstance(bound, (int, float)) and math.isfinite(bound) and bound > 0):
        raise ValueError(f"bound must be a positive finite number, got {bound!r}")
    if not math.isfinite(gap) or gap < 0:
        raise ValueError(f"gap must be a non-negative finite number (a size of a difference), got {gap!r}")
    written = f"{bound:g}".replace("e-0", "e-").replace("e+0", "e+")  # 1e-6, as the text writes it
    return f"below {written}" if gap < bound else f"{gap:.1e}, not below {written}"


@dataclass(frozen=True)
class GradientCheck:
    """Autograd, analytic and numerical gradients of one function, side by side."""

    names: tuple[str, ...]
    autograd: tuple[Tensor, ...]
    analytic: tuple[Tensor, ...]
    numerical: tuple[Tensor, ...]
    atol: float
    rtol: float

    def disagreements(self) -> list[str]:
        """Each pair of methods that differs beyond the tolerance, with the size of the gap."""
        found = []
        for i, name in enumerate(self.names):
            methods = {
                "autograd": self.autograd[i],
                "analytic": self.analytic[i],
                "numerical": self.numerical[i],
            }
            for a, b in (("autograd", "analytic"), ("autograd", "numerical"), ("analytic", "numerical")):
                if not torch.allclose(methods[a], methods[b], atol=self.atol, rtol=self.rtol):
                    gap = (methods[a] - methods[b]).abs().max().item()
                    found.append(f"{name}: {a} {format_tensor(methods[a])} != {b} "
                                 f"{format_tensor(methods[b])} (max |diff| {gap:.3g})")
        return found

    @property
    def ok(self) -> bool:
        """True when all three methods agree for every input."""
        return not self.disagreements()

    def table(self) -> str:
        """The three gradients of each input as an aligned text table."""
        rows = [("input", "autograd", "analytic", "numerical")]
        for i, name in enumerate(self.names):
            rows.append((name, *(format_tensor(g[i]) for g in (self.autograd, self.analytic, self.numerical))))
        widths = [max(len(row[c]) for row in rows) for c in range(4)]
        return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)

    def __str__(self) -> str:
        verdict = "all three agree" if self.ok else "DISAGREE"
        return f"{self.table()}\n{verdict} (atol={self.atol:g}, rtol={self.rtol:g})"

    def __repr__(self) -> str:
        return str(self)


def _named(kind: str, value: object) -> dict[str, Tensor]:
    """Normalise a tensor or a name-to-tensor mapping into a dict, so one input needs no name."""
    if isinstance(value, Tensor):
        return {"x": value}
    if isinstance(value, Mapping) and value:
        return dict(value)
    raise TypeError(f"{kind} must be a tensor or a non-empty dict of name -> tensor, got {type(value).__name__}")


def check_gradients(
    f: Callable[..., Tensor],
    inputs: Inputs,
    analytic: Inputs,
    *,
    atol: float = 1e-6,
    rtol: float = 1e-5,
) -> GradientCheck:
    """Compare autograd, an analytic gradient and central differences at a point; raise if they disagree.

    `inputs` is one tensor or a dict of named tensors, passed to `f` positionally in that order;
    `analytic` has the same form and holds the gradient the text derives.
    """
    named_inputs, named_analytic = _named("inputs", inputs), _named("analytic", analytic)
    if list(named_inputs) != list(named_analytic):
        raise ValueError(
            f"analytic gradients are given for {list(named_analytic)} but the inputs are {list(named_inputs)}"
        )
    xs = [_float64_leaf(name, x) for name, x in named_inputs.items()]
    expected = tuple(_float64_leaf(f"analytic[{name!r}]", g) for name, g in named_analytic.items())
    for name, x, g in zip(named_inputs, xs, expected):
        if g.shape != x.shape:
            raise ValueError(
                f"analytic gradient for {name} has shape {tuple(g.shape)}, but {name} has shape {tuple(x.shape)}: "
                "a gradient always has the shape of its input"
            )
    result = GradientCheck(
        names=tuple(named_inputs),
        autograd=_autograd(f, xs),
        analytic=expected,
        numerical=numerical_grad(f, *xs),
        atol=atol,
        rtol=rtol,
    )
    if not result.ok:
        raise GradientMismatch("gradients disagree:\n" + "\n".join(result.disagreements()) + "\n" + result.table())
    return result
