"""Counterexample hints: the smallest input on which a student's function disagrees with the reference.

Guards against feedback that teaches nothing, and against feedback that leaks: a hint is built only
from a case's own description (written to be shown, e.g. "x = 0") and the two plain values the
functions returned, so it never quotes a hidden test's code or text. The search is a pure function
over callables, so `student` may be the student's own function or a proxy to their kernel; it runs
on the trusted side, tries the simplest cases first (fewest graph nodes, then the simplest numbers:
0, then small integers, then short decimals), and stops at the first disagreement or when the time
budget is spent. Each single call's own bound is the caller's (the channel's timeout for a proxy).

    hint = counterexample(student_relu_grad, reference_relu_grad,
                          [Case((x,), at=f"x = {x:g}") for x in (-1.0, 0.0, 2.5)],
                          quantity="relu's gradient")
    hint.text()  # "at x = 0 your relu's gradient is 1.0, expected 0.0"
"""

from __future__ import annotations

import builtins
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import torch

from .misconceptions import agree

__all__ = ["MAX_SHOWN", "Case", "Hint", "counterexample", "describe", "simplicity"]

MAX_SHOWN = 80  # characters of one value shown in a hint
MAX_ELEMENTS = 6  # a tensor with more elements is described by its shape


@dataclass(frozen=True)
class Case:
    """One input the hidden tests cover, with the words that may be shown for it."""

    args: tuple[Any, ...]
    at: str  # the input's values, e.g. "x = 0" or "a = 1"
    expression: str = ""  # the expression built from them, e.g. "c = (a + a) + (a + a)"
    nodes: int = 1  # how many nodes its graph has: fewer is simpler
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hint:
    """A disagreement to show: where, what, the student's value and the reference's."""

    case: Case
    quantity: str
    got: Any
    expected: Any

    def text(self) -> str:
        """One sentence, e.g. "on c = (a + a) + (a + a) at a = 1, your dc/da is 2.0, expected 4.0"."""
        where = f"on {self.case.expression} at {self.case.at}," if self.case.expression else f"at {self.case.at}"
        quantity, got, expected = self.quantity, self.got, self.expected
        key = _first_difference(got, expected)
        if key is not None:
            got, expected = got[key], expected[key]
            quantity = quantity.format(key=key) if "{key}" in quantity else f"{quantity}[{key!r}]"
        if isinstance(got, _Raised):
            return f"{where} your {quantity} raised {got.kind}, expected {describe(expected)}"
        return f"{where} your {quantity} is {describe(got)}, expected {describe(expected)}"


@dataclass(frozen=True)
class _Raised:
    """The student's call raised: only the kind of error is kept (a standard name or a neutral phrase)."""

    kind: str


def _first_difference(got: Any, expected: Any) -> Any:
    """For two dicts with the same keys, the first key whose values disagree; else None."""
    if isinstance(got, dict) and isinstance(expected, dict) and got.keys() == expected.keys():
        return next((k for k in expected if not agree(got[k], expected[k])), None)
    return None


def _short(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "\u2026"


def describe(value: Any) -> str:
    """A value as a hint shows it: a rounded number, a short tensor or its shape, bounded in length."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return _short(_number(float(value)))
    if isinstance(value, torch.Tensor):
        if value.numel() == 1 and value.dim() == 0:
            return _number(float(value))
        if value.numel() <= MAX_ELEMENTS and value.dim() == 1:
            return _short("[" + ", ".join(_number(float(v)) for v in value) + "]")
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, (list, tuple)) and len(value) <= MAX_ELEMENTS:
        inner = ", ".join(describe(v) for v in value)
        return _short(f"({inner})" if isinstance(value, tuple) else f"[{inner}]")
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} values"
    if isinstance(value, dict):
        return _short("{" + ", ".join(f"{k}: {describe(v)}" for k, v in list(value.items())[:MAX_ELEMENTS]) + "}")
    if value is None:
        return "None"
    if type(value).__module__ != "builtins":
        return "an object of its own class"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _number(x: float) -> str:
    """Six significant digits, always with a decimal point for floats (1.0, not 1)."""
    if not math.isfinite(x):
        return str(x)
    text = f"{x:.6g}"
    return text if any(c in text for c in ".en") else text + ".0"


def _number_cost(x: float) -> tuple[int, float]:
    """How simple a number is to read: 0, then integers by size, then short fractions, then the rest."""
    if x == 0:
        return (0, 0.0)
    if float(x).is_integer():
        return (1, abs(x))
    denominator = Fraction(x).limit_denominator(1000).denominator if math.isfinite(x) else 10**9
    return (2 if denominator <= 10 else 3, abs(x))


def _numbers(value: Any) -> list[float]:
    """Every number inside a value (tensors, lists, tuples, dicts)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, torch.Tensor):
        return [float(v) for v in value.detach().flatten()[:1000]]
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _numbers(v)]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _numbers(v)]
    return []


def simplicity(case: Case) -> tuple[Any, ...]:
    """The sort key of a case: fewest nodes, then fewest numbers, then the worst number's cost, then their sum."""
    numbers = _numbers(case.args) + _numbers(case.kwargs)
    costs = sorted((_number_cost(x) for x in numbers), reverse=True)
    return (case.nodes, len(numbers), costs[0] if costs else (0, 0.0), sum(c[0] for c in costs), case.at)


def _kind(exc: BaseException) -> str:
    """A standard exception's name, or a neutral phrase: a student's own class names stay out of hints."""
    kind = getattr(exc, "kind", type(exc).__name__)  # a proxy's error carries the student's exception type
    standard = isinstance(getattr(builtins, kind, None), type) and issubclass(getattr(builtins, kind), BaseException)
    return kind if standard else "an exception of its own class"


def counterexample(
    student: Callable[..., Any],
    reference: Callable[..., Any],
    cases: Iterable[Case],
    compare: Callable[[Any, Any], bool] = agree,
    budget_seconds: float = 2.0,
    quantity: str = "answer",
) -> Hint | None:
    """The simplest case on which `student` and `reference` disagree, with both values; None if none is found in time.

    Cases are tried in `simplicity` order. A case the reference cannot answer is skipped; a student
    call that raises is a disagreement (shown by the error's kind only); `compare(got, expected)`
    says whether two values agree, and its own error counts as a disagreement.
    """
    deadline = time.monotonic() + budget_seconds
    ordered: Sequence[Case] = sorted(cases, key=simplicity)
    for case in ordered:
        if time.monotonic() > deadline:
            return None
        try:
            expected = reference(*case.args, **case.kwargs)
        except Exception:  # noqa: BLE001 - outside the reference's domain: not a case to show
            continue
        try:
            got = student(*case.args, **case.kwargs)
        except Exception as exc:  # noqa: BLE001 - the student's code raised: that is the disagreement
            return Hint(case, quantity, _Raised(_kind(exc)), expected)
        try:
            same = compare(got, expected)
        except Exception:  # noqa: BLE001 - values that cannot even be compared disagree
            same = False
        if not same:
            return Hint(case, quantity, got, expected)
    return None
