"""Small dense matrices in plain Python: the values `matrices` instantiates a section's symbols with.

Every value is a matrix: a scalar is 1 x 1, a vector of length n is the column n x 1. A product of
two values (`Wx`) is the matrix product unless one of them is a scalar. Addition broadcasts only
what PyTorch would: a scalar onto anything, and a vector of length n onto every row of a B x n
matrix (`XW^\\top + b`). Any other mismatch raises `ShapeError`, which names both shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ShapeError", "Tensor"]


class ShapeError(ValueError):
    """Two values whose shapes do not fit the operation applied to them."""


@dataclass(frozen=True)
class Tensor:
    """A rows x cols matrix of floats, stored row by row."""

    rows: int
    cols: int
    data: tuple[float, ...]

    @staticmethod
    def scalar(value: float) -> Tensor:
        """A number as a 1 x 1 value."""
        return Tensor(1, 1, (float(value),))

    @staticmethod
    def build(rows: int, cols: int, entry: Callable[[int, int], float]) -> Tensor:
        """A rows x cols matrix whose (i, j) entry is entry(i, j)."""
        return Tensor(rows, cols, tuple(float(entry(i, j)) for i in range(rows) for j in range(cols)))

    @property
    def shape(self) -> str:
        """The shape as the text writes it: `[4, 3]`, `[3]` for a vector, `scalar`."""
        if self.is_scalar:
            return "scalar"
        return f"[{self.rows}]" if self.cols == 1 else f"[{self.rows}, {self.cols}]"

    @property
    def is_scalar(self) -> bool:
        """Whether this is a single number."""
        return self.rows == 1 and self.cols == 1

    def at(self, i: int, j: int = 0) -> float:
        """The (i, j) entry, 0-based."""
        if not (0 <= i < self.rows and 0 <= j < self.cols):
            raise ShapeError(f"entry ({i + 1}, {j + 1}) is outside a value of shape {self.shape}")
        return self.data[i * self.cols + j]

    def map(self, fn: Callable[[float], float]) -> Tensor:
        """fn applied to every entry."""
        return Tensor(self.rows, self.cols, tuple(fn(v) for v in self.data))

    def zip(self, other: Tensor, fn: Callable[[float, float], float], what: str) -> Tensor:
        """fn applied entry by entry, with PyTorch's broadcasting of a scalar or of a vector onto rows."""
        a, b = self, other
        if a.is_scalar or b.is_scalar:
            big = b if a.is_scalar else a
            return Tensor.build(big.rows, big.cols, lambda i, j: fn(a.at(0 if a.is_scalar else i, 0 if a.is_scalar
                                                                          else j),
                                                                     b.at(0 if b.is_scalar else i, 0 if b.is_scalar
                                                                          else j)))
        if (a.rows, a.cols) == (b.rows, b.cols):
            return Tensor(a.rows, a.cols, tuple(fn(x, y) for x, y in zip(a.data, b.data)))
        if b.cols == 1 and a.cols == b.rows and a.cols > 1:  # a bias vector added to every row
            return Tensor.build(a.rows, a.cols, lambda i, j: fn(a.at(i, j), b.at(j)))
        if a.cols == 1 and b.cols == a.rows and b.cols > 1:
            return Tensor.build(b.rows, b.cols, lambda i, j: fn(a.at(j), b.at(i, j)))
        raise ShapeError(f"{what} of shapes {a.shape} and {b.shape}")

    def __add__(self, other: Tensor) -> Tensor:
        """Entrywise sum."""
        return self.zip(other, lambda x, y: x + y, "a sum")

    def __sub__(self, other: Tensor) -> Tensor:
        """Entrywise difference."""
        return self.zip(other, lambda x, y: x - y, "a difference")

    def __neg__(self) -> Tensor:
        """Every entry negated."""
        return self.map(lambda v: -v)

    def hadamard(self, other: Tensor) -> Tensor:
        """The entrywise product (`\\odot`): shapes must be equal (or one a scalar)."""
        if not (self.is_scalar or other.is_scalar) and (self.rows, self.cols) != (other.rows, other.cols):
            raise ShapeError(f"an entrywise product of shapes {self.shape} and {other.shape}")
        return self.zip(other, lambda x, y: x * y, "an entrywise product")

    def kron(self, other: Tensor) -> Tensor:
        """The Kronecker product (`\\otimes`): each entry of this one times the whole other, in blocks."""
        return Tensor.build(self.rows * other.rows, self.cols * other.cols, lambda i, j: self.at(
            i // other.rows, j // other.cols) * other.at(i % other.rows, j % other.cols))

    def __matmul__(self, other: Tensor) -> Tensor:
        """The matrix product; with a scalar on either side, scaling."""
        if self.is_scalar or other.is_scalar:
            return self.zip(other, lambda x, y: x * y, "a product")
        if self.cols != other.rows:
            raise ShapeError(f"a matrix product of shapes {self.shape} and {other.shape}")
        return Tensor.build(self.rows, other.cols,
                            lambda i, j: math.fsum(self.at(i, k) * other.at(k, j) for k in range(self.cols)))

    def __truediv__(self, other: Tensor) -> Tensor:
        """Division by a scalar, or entrywise."""
        return self.zip(other, lambda x, y: x / y, "a quotient")

    def inverse(self) -> Tensor:
        """The inverse of a square matrix (Gauss-Jordan with partial pivoting); ValueError when it is singular."""
        n = self.rows
        rows = [[self.at(i, j) for j in range(n)] + [float(i == j) for j in range(n)] for i in range(n)]
        for col in range(n):
            pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
            if abs(rows[pivot][col]) < 1e-12:
                raise ValueError("a singular matrix has no inverse")
            rows[col], rows[pivot] = rows[pivot], rows[col]
            scale = rows[col][col]
            rows[col] = [v / scale for v in rows[col]]
            for r in range(n):
                if r != col:
                    factor = rows[r][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
        return Tensor.build(n, n, lambda i, j: rows[i][n + j])

    def determinant(self) -> float:
        """The determinant of a square matrix (Gaussian elimination with partial pivoting, sign per row swap)."""
        n = self.rows
        rows = [[self.at(i, j) for j in range(n)] for i in range(n)]
        result = 1.0
        for col in range(n):
            pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
            if rows[pivot][col] == 0:
                return 0.0
            if pivot != col:
                rows[col], rows[pivot] = rows[pivot], rows[col]
                result = -result
            result *= rows[col][col]
            for r in range(col + 1, n):
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
        return result

    def rank(self) -> int:
        """The number of independent columns (Gaussian elimination, relative to the largest entry)."""
        rows = [[self.at(i, j) for j in range(self.cols)] for i in range(self.rows)]
        small = 1e-9 * max([1e-300, *map(abs, self.data)])
        rank = 0
        for col in range(self.cols):
            pivot = max(range(rank, self.rows), key=lambda r: abs(rows[r][col]), default=None)
            if pivot is None or abs(rows[pivot][col]) <= small:
                continue
            rows[rank], rows[pivot] = rows[pivot], rows[rank]
            for r in range(rank + 1, self.rows):
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank])]
            rank += 1
        return rank

    @property
    def T(self) -> Tensor:  # noqa: N802 - the transpose, as the text writes it
        """The transpose."""
        return Tensor.build(self.cols, self.rows, lambda i, j: self.at(j, i))

    def total(self) -> float:
        """The sum of every entry."""
        return math.fsum(self.data)

    def close(self, other: Tensor, rtol: float = 1e-6) -> bool:
        """Equal entry by entry within rtol of the larger entry (the shapes must agree)."""
        scale = max([1e-300, *map(abs, self.data), *map(abs, other.data)])
        return all(abs(x - y) <= rtol * scale for x, y in zip(self.data, other.data))

    def show(self) -> str:
        """The value for a message: a few entries, rounded, with the shape."""
        shown = ", ".join(f"{v:.4g}" for v in self.data[:6]) + (", ..." if len(self.data) > 6 else "")
        return f"{shown}" if self.is_scalar else f"[{shown}] (shape {self.shape})"
