"""Assignment 1 (derivatives by hand): answers as different students would write them."""

from __future__ import annotations

from .corpus import Variant

A = "01_derivatives_by_hand"


def v(cell: str, name: str, kind: str, why: str, source: str) -> Variant:
    return Variant(A, cell, (f"test_{cell}",), name, kind, why, source)


VARIANTS = [
    # 1. z = (3x - 2)^2
    v(
        "composition",
        "expanded",
        "correct",
        "expands the square first: z = 9x^2 - 12x + 4",
        """
def grad_composition(x):
    return 18 * x - 12
""",
    ),
    v(
        "composition",
        "named_pieces",
        "correct",
        "names the outer and inner derivatives as functions",
        """
def grad_composition(x):
    def outer_prime(u):  # d(u^2)/du
        return 2 * u

    inner = 3 * x - 2
    inner_prime = 3.0
    return outer_prime(inner) * inner_prime
""",
    ),
    v(
        "composition",
        "torch_ops",
        "correct",
        "torch.mul and torch.sub, step by step",
        """
def grad_composition(x):
    u = torch.sub(torch.mul(x, 3.0), 2.0)
    return torch.mul(u, 6.0)
""",
    ),
    v(
        "composition",
        "no_inner",
        "misconception",
        "forgets the inner derivative 3",
        """
def grad_composition(x):
    return 2 * (3 * x - 2)
""",
    ),
    v(
        "composition",
        "outer_at_x",
        "misconception",
        "f'(x) g'(x): evaluates the outer derivative at x, not at g(x)",
        """
def grad_composition(x):
    return 2 * x * 3
""",
    ),
    v(
        "composition",
        "sign",
        "misconception",
        "a sign error inside the bracket",
        """
def grad_composition(x):
    return 6 * (3 * x + 2)
""",
    ),
    v(
        "composition",
        "autograd",
        "misconception",
        "asks autograd instead of deriving",
        """
def grad_composition(x):
    x = x.detach().clone().requires_grad_(True)
    ((3 * x - 2) ** 2).sum().backward()
    return x.grad
""",
    ),
    v(
        "composition",
        "outer_as_function",
        "misconception",
        "names the outer derivative as a function, then applies it to x instead of to the inner value",
        """
def grad_composition(x):
    def d_outer(u):
        return 2 * u

    d_inner = 3
    return d_outer(x) * d_inner
""",
    ),
    # 2. z = (xy + y)^2
    v(
        "local",
        "expanded",
        "correct",
        "z = y^2 (x + 1)^2, differentiated directly",
        """
def grad_local(x, y):
    return 2 * y**2 * (x + 1), 2 * y * (x + 1) ** 2
""",
    ),
    v(
        "local",
        "adjoints",
        "correct",
        "an adjoint for a, then each local derivative",
        """
def grad_local(x, y):
    a = x * y + y
    a_bar = 2 * a
    da_dx, da_dy = y, x + 1
    return a_bar * da_dx, a_bar * da_dy
""",
    ),
    v(
        "local",
        "factored",
        "correct",
        "factors y out of a first",
        """
def grad_local(x, y):
    s = x + 1
    a = y * s
    return (2 * a * y, 2 * a * s)
""",
    ),
    v(
        "local",
        "missing_one",
        "misconception",
        "da/dy = x, forgetting the lone y",
        """
def grad_local(x, y):
    a = x * y + y
    return 2 * a * y, 2 * a * x
""",
    ),
    v(
        "local",
        "swapped",
        "misconception",
        "returns (dz/dy, dz/dx)",
        """
def grad_local(x, y):
    a = x * y + y
    return 2 * a * (x + 1), 2 * a * y
""",
    ),
    v(
        "local",
        "no_outer",
        "misconception",
        "multiplies only the local derivatives of a, without dz/da",
        """
def grad_local(x, y):
    return y, x + 1
""",
    ),
    v(
        "local",
        "autograd",
        "misconception",
        "torch.autograd.grad where the question forbids it",
        """
def grad_local(x, y):
    x = x.detach().requires_grad_(True)
    y = y.detach().requires_grad_(True)
    return torch.autograd.grad((x * y + y) ** 2, (x, y))
""",
    ),
    # 3. z = x sin x + x^2
    v(
        "paths",
        "three_terms",
        "correct",
        "one named contribution per path",
        """
def grad_paths(x):
    via_first_factor = torch.sin(x)
    via_sine = x * torch.cos(x)
    via_square = 2 * x
    return via_first_factor + via_sine + via_square
""",
    ),
    v(
        "paths",
        "methods",
        "correct",
        "tensor methods, x + x for the square's path",
        """
def grad_paths(x):
    return x.sin() + x * x.cos() + x + x
""",
    ),
    v(
        "paths",
        "loop",
        "correct",
        "a loop over the entries, rebuilt to x's shape",
        """
def grad_paths(x):
    flat = x.reshape(-1)
    out = torch.empty_like(flat)
    for i in range(flat.numel()):
        xi = flat[i]
        out[i] = torch.sin(xi) + xi * torch.cos(xi) + 2 * xi
    return out.reshape(x.shape)
""",
    ),
    v(
        "paths",
        "forgot_path",
        "misconception",
        "forgets the path through the first factor x",
        """
def grad_paths(x):
    return x * torch.cos(x) + 2 * x
""",
    ),
    v(
        "paths",
        "product_of_derivatives",
        "misconception",
        "differentiates x sin x as cos x (product of derivatives)",
        """
def grad_paths(x):
    return torch.cos(x) + 2 * x
""",
    ),
    v(
        "paths",
        "sign",
        "misconception",
        "d(sin)/dx = -cos",
        """
def grad_paths(x):
    return torch.sin(x) - x * torch.cos(x) + 2 * x
""",
    ),
    v(
        "paths",
        "math_scalar",
        "misconception",
        "math.sin on a tensor: right for one number, fails for a vector as the text warns",
        """
import math


def grad_paths(x):
    return torch.tensor(math.sin(x) + x * math.cos(x) + 2 * x)
""",
    ),
    v(
        "paths",
        "func_grad",
        "misconception",
        "torch.func.grad under vmap where autograd is forbidden",
        """
from torch.func import grad, vmap


def grad_paths(x):
    f = grad(lambda t: t * torch.sin(t) + t**2)
    return vmap(f)(x.reshape(-1)).reshape(x.shape)
""",
    ),
    v(
        "paths",
        "product_rule_only",
        "misconception",
        "the product rule for x sin x, written as u'v + uv', and the square's path left out",
        """
def grad_paths(x):
    u, v = x, torch.sin(x)
    du, dv = torch.ones_like(x), torch.cos(x)
    return du * v + u * dv
""",
    ),
    # 4. z = sum exp(-x_i^2)
    v(
        "vector",
        "jacobian",
        "correct",
        "section 5's way: the diagonal Jacobian, then J^T times ones",
        """
def grad_vector(x):
    J = torch.diag(-2 * x * torch.exp(-(x**2)))
    return J.T @ torch.ones(x.shape[0])
""",
    ),
    v(
        "vector",
        "loop_math",
        "correct",
        "a loop over the entries with math.exp",
        """
import math


def grad_vector(x):
    return torch.tensor([-2 * v * math.exp(-v * v) for v in x.tolist()])
""",
    ),
    v(
        "vector",
        "stack",
        "correct",
        "torch.stack of each entry's derivative",
        """
def grad_vector(x):
    return torch.stack([-2 * xi * torch.exp(-xi * xi) for xi in x])
""",
    ),
    v(
        "vector",
        "summed",
        "misconception",
        "sums the gradient into one number",
        """
def grad_vector(x):
    return (-2 * x * torch.exp(-(x**2))).sum()
""",
    ),
    v(
        "vector",
        "no_inner",
        "misconception",
        "forgets the inner derivative -2x",
        """
def grad_vector(x):
    return torch.exp(-(x**2))
""",
    ),
    v(
        "vector",
        "jacobian_matrix",
        "misconception",
        "returns the Jacobian matrix instead of the gradient",
        """
def grad_vector(x):
    return torch.diag(-2 * x * torch.exp(-(x**2)))
""",
    ),
    v(
        "vector",
        "sign",
        "misconception",
        "drops the minus sign of the exponent's derivative",
        """
def grad_vector(x):
    return 2 * x * torch.exp(-(x**2))
""",
    ),
    v(
        "vector",
        "functional_jacobian",
        "misconception",
        "torch.autograd.functional.jacobian where autograd is forbidden",
        """
def grad_vector(x):
    return torch.autograd.functional.jacobian(lambda t: torch.exp(-(t**2)).sum(), x)
""",
    ),
]
