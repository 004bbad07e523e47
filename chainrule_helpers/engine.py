"""A reverse-mode autodiff engine on scalars, small enough to read in one sitting.

Each operation computes its value and sets, right beside it, the local backward rule that sends
`out.grad` to its inputs. `backward()` sorts the graph without recursion, then runs the rules from
the output back: v.grad = sum over the uses u of v of u.grad * du/dv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["Value"]

Number = int | float


def _number(x: object, what: str) -> float:
    """A plain real number, or a clear TypeError."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"{what} must be an int or float, got {type(x).__name__}")
    return float(x)


class Value:
    """A scalar that remembers how it was computed, so gradients can flow back through it."""

    def __init__(self, data: Number, _parents: tuple[Value, ...] = (), _op: str = "") -> None:
        self.data = _number(data, "Value data")
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._parents = _parents
        self._op = _op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else Value(_number(other, "operand"))
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:  # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else Value(_number(other, "operand"))
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent: Number) -> Value:
        k = _number(exponent, "the exponent (a constant)")
        if self.data == 0 and k < 0:
            raise ValueError(f"0 ** {k:g} is undefined (division by zero)")
        if self.data < 0 and not k.is_integer():
            raise ValueError(f"{self.data:g} ** {k:g} is not a real number")
        out = Value(self.data**k, (self,), f"**{k:g}")

        def _backward() -> None:  # d(a^k)/da = k a^(k-1)
            if k == 0:
                return  # a^0 = 1 whatever a is: nothing flows back (and 0^-1 is never computed)
            if self.data == 0 and k < 1:
                raise ValueError(f"the derivative of a ** {k:g} at a = 0 is infinite")
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def __rpow__(self, base: Number) -> Value:
        c = _number(base, "the base (a constant)")
        if c <= 0:
            raise ValueError(f"{c:g} ** x needs a positive base")
        return self._unary(c**self.data, c**self.data * math.log(c), f"{c:g}**")  # d(c^a)/da = c^a ln c

    def _unary(self, value: float, local: float, op: str) -> Value:
        """An elementary function of self: its value and its local derivative at self.data."""
        out = Value(value, (self,), op)

        def _backward() -> None:  # d f(a)/da = f'(a)
            self.grad += local * out.grad

        out._backward = _backward
        return out

    def relu(self) -> Value:
        return self._unary(max(self.data, 0.0), 1.0 if self.data > 0 else 0.0, "relu")  # 0 at 0, as torch

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t, "tanh")

    def exp(self) -> Value:
        e = math.exp(self.data)
        return self._unary(e, e, "exp")

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log is defined for positive values only, got {self.data:g}")
        return self._unary(math.log(self.data), 1.0 / self.data, "log")

    def sigmoid(self) -> Value:
        e = math.exp(-abs(self.data))  # never overflows
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return self._unary(s, s * (1.0 - s), "sigmoid")

    def __neg__(self) -> Value:
        return self * -1

    def __sub__(self, other: Value | Number) -> Value:
        return self + (-other)

    def __truediv__(self, other: Value | Number) -> Value:
        if not isinstance(other, Value) and _number(other, "divisor") == 0:
            raise ZeroDivisionError("division of a Value by zero")
        return self * (other**-1 if isinstance(other, Value) else 1.0 / other)

    def __radd__(self, other: Number) -> Value:
        return self + other

    def __rmul__(self, other: Number) -> Value:
        return self * other

    def __rsub__(self, other: Number) -> Value:
        return Value(_number(other, "operand")) - self

    def __rtruediv__(self, other: Number) -> Value:
        return Value(_number(other, "operand")) / self

    def topological_order(self) -> list[Value]:
        """Every node this value depends on, each once, inputs before the nodes that use them."""
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents if id(p) not in visited)
        return order

    def backward(self) -> None:
        """Seed d(self)/d(self) = 1 and apply every local rule from the output back to the inputs.

        Intermediate gradients start from zero on each call; leaves accumulate across calls, as in torch.
        """
        order = self.topological_order()
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad += 1.0
        for node in reversed(order):
            node._backward()
