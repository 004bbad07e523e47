"""What the assignments' tests measure with: forbidding autograd, and the course's own data, loop and layer count.

Every function here takes models, plain tensors and numbers, and returns plain data (numbers,
strings, booleans, plain tensors, and lists, tuples and dicts of these), so a test can measure a
student's model with it wherever that model lives. A test cell imports these from here, never from
the notebook's namespace, which the student's answer cells could have rebound.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch import Tensor, nn

__all__ = [
    "ForbiddenTool",
    "deep_sigmoid_mlp",
    "forbid_autograd",
    "hidden_layers",
    "make_data",
    "parameter_values",
    "stack_depth",
    "train",
]


class ForbiddenTool(RuntimeError):
    """An answer called a tool its question forbids (autograd, in the questions that ask for it by hand)."""


# Every public entry to reverse and forward mode, by module and name. The engine's own entry point
# (`_engine_run_backward`) is listed too: it catches an answer that imported `grad` before the test.
_AUTOGRAD_TOOLS: tuple[tuple[str, str], ...] = (
    ("torch.Tensor", "backward"),
    ("torch.autograd", "backward"),
    ("torch.autograd", "grad"),
    ("torch.autograd", "_engine_run_backward"),
    ("torch.autograd.graph", "_engine_run_backward"),
    ("torch.autograd.forward_ad", "make_dual"),
    ("torch.autograd.forward_ad", "unpack_dual"),
    *(("torch.autograd.functional", name) for name in ("jacobian", "hessian", "vjp", "jvp", "hvp", "vhp")),
    *(
        ("torch.func", name)
        for name in ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "linearize")
    ),
)
_PUBLIC_NAME = {
    "_engine_run_backward": "autograd's backward engine (backward() or torch.autograd.grad)",
    "make_dual": "forward-mode autograd",
    "unpack_dual": "forward-mode autograd",
}
_lock = threading.RLock()
_depth = 0
_saved: list[tuple[Any, str, Any]] = []


def _owner(path: str) -> Any:
    """The module or class a dotted path names (`torch.Tensor` is a class inside a module)."""
    if path == "torch.Tensor":
        return torch.Tensor
    return importlib.import_module(path)


def _refusal(tool: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise ForbiddenTool(
            f"{tool} is forbidden in this question: compute the gradient by hand, with the chain "
            "rule, using tensor operations only (no backward(), torch.autograd or torch.func)"
        )

    return refuse


@contextmanager
def forbid_autograd() -> Iterator[None]:
    """Inside the block, backward(), torch.autograd's gradients and torch.func's transforms raise ForbiddenTool."""
    global _depth
    with _lock:
        if _depth == 0:
            for path, name in _AUTOGRAD_TOOLS:
                owner = _owner(path)
                if hasattr(owner, name):
                    _saved.append(
                        (owner, name, owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name))
                    )
                    tool = _PUBLIC_NAME.get(name, f"{path}.{name}")
                    setattr(owner, name, _refusal(tool))
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                while _saved:
                    owner, name, original = _saved.pop()
                    setattr(owner, name, original)


def _float_tensor(name: str, value: Any, ndim: int) -> Tensor:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must hold floats, got {value.dtype}: write torch.tensor(3.0), not torch.tensor(3)")
    if value.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {tuple(value.shape)}")
    return value


def _module(model: Any) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return model


def make_data(seed: int = 0) -> tuple[Tensor, Tensor]:
    """Assignment 4's regression task: 256 points X of 8 inputs, and the target y = sin(x0) + x1 x2 / 2."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(256, 8, generator=g)
    y = torch.sin(X[:, :1]) + 0.5 * X[:, 1:2] * X[:, 2:3]
    return X, y


def deep_sigmoid_mlp(depth: int = 20, width: int = 32) -> nn.Sequential:
    """Assignment 4's broken network: `depth` sigmoid hidden layers of `width`, default initialisation."""
    for name, value in (("depth", depth), ("width", width)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    layers: list[nn.Module] = [nn.Linear(8, width), nn.Sigmoid()]
    for _ in range(depth - 1):
        layers += [nn.Linear(width, width), nn.Sigmoid()]
    return nn.Sequential(*layers, nn.Linear(width, 1))


def train(model: nn.Module, X: Tensor, y: Tensor, steps: int = 150, lr: float = 0.01) -> float:
    """Adam on the mean squared error for `steps` full-batch steps; the training loss after the last step."""
    _module(model)
    _float_tensor("X", X, 2)
    _float_tensor("y", y, 2)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]}")
    if isinstance(steps, bool) or not isinstance(steps, int):
        raise TypeError(f"steps must be an int, got {type(steps).__name__}")
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=float(lr), foreach=True)
    # One thread: these matrices are small, and on a busy machine a second thread makes it ten times slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.enable_grad():
            for _ in range(steps):
                opt.zero_grad()
                loss = ((model(X) - y) ** 2).mean()
                loss.backward()
                opt.step()
        with torch.no_grad():
            return float(((model(X) - y) ** 2).mean())
    finally:
        torch.set_num_threads(threads)


def hidden_layers(model: nn.Module, X: Tensor) -> list[dict[str, Any]]:
    """The model's nn.Linear layers that run on X, in call order: name, sizes, calls, and whether they reach the output.

    Each layer appears once (at its first call). `influences` is True when the gradient of the model's
    output with respect to that layer's output is nonzero somewhere: a layer that runs but is
    multiplied by 0, detached or thrown away does not influence the output.
    """
    _module(model)
    _float_tensor("X", X, 2)
    names = {id(m): name for name, m in model.named_modules()}
    calls: dict[int, dict[str, Any]] = {}
    outputs: list[tuple[int, Tensor]] = []

    def record(module: nn.Module, inputs: Any, output: Any) -> None:
        entry = calls.setdefault(
            id(module),
            {
                "name": names.get(id(module), "?"),
                "in_features": module.in_features,
                "out_features": module.out_features,
                "calls": 0,
                "influences": False,
            },
        )
        entry["calls"] += 1
        if isinstance(output, Tensor) and output.requires_grad:
            outputs.append((id(module), output))

    handles = [m.register_forward_hook(record) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        with torch.enable_grad():
            out = model(X)
            if isinstance(out, Tensor) and out.requires_grad and outputs:
                grads = torch.autograd.grad(out.sum(), [o for _, o in outputs], allow_unused=True)
                for (key, _), g in zip(outputs, grads):
                    if g is not None and bool((g != 0).any()):
                        calls[key]["influences"] = True
    finally:
        for handle in handles:
            handle.remove()
    return list(calls.values())


def parameter_values(model: nn.Module) -> dict[str, Tensor]:
    """A copy of every parameter of the model as a plain tensor, by its name in the model."""
    return {name: p.detach().clone() for name, p in _module(model).named_parameters()}


def stack_depth(function: Callable[[], Any]) -> int:
    """How many Python calls deep the stack grows, beyond the call itself, while `function()` runs."""
    if not callable(function):
        raise TypeError(f"function must be callable, got {type(function).__name__}")
    import sys

    depth = deepest = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal depth, deepest
        if event == "call":
            depth += 1
            deepest = max(deepest, depth)
        elif event == "return":
            depth -= 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(previous)
    return deepest
