"""Expectations and variances of distributions the text states: `X \\sim \\mathcal{N}(\\mu, \\sigma^2)`, then
`\\mathbb{E}[X^2] = \\mu^2 + \\sigma^2` or `\\operatorname{Var}(2X + 1) = 4\\sigma^2`.

A *distribution* is stated as `X \\sim D` (several names at once, `X, Y \\sim D`, each independent of the
others) with D one of `\\mathcal{N}(\\mu, \\sigma^2)` (the second parameter is the variance),
`\\mathcal{U}(a, b)` or `\\operatorname{Uniform}(a, b)`, `\\operatorname{Bernoulli}(p)`,
`\\operatorname{Exp}(\\lambda)` (a rate) and `\\operatorname{Poisson}(\\lambda)`. An expectation
(`\\mathbb{E}[...]`, `\\mathbb{E}(...)`) or a variance (`\\operatorname{Var}(...)`, `\\mathrm{Var}[...]`)
of a polynomial in such names is computed exactly with SymPy, in the distributions' parameters. Of
anything else (`\\mathbb{E}[\\sigma(X)]`) it is estimated from 40 000 draws of a generator seeded with
0, when every parameter has a value; the claim then fails only when the estimate is further from the
number written than the digits written allow plus six standard errors of the estimate (a bound a
true claim exceeds about once in five hundred million runs, and the draws are the same on every run).
A name inside `\\mathbb{E}` or `\\operatorname{Var}` with no stated distribution leaves the claim unchecked.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["DRAWS", "STATISTIC", "Distribution", "Estimate", "parse_distribution", "statistic"]

STATISTIC = re.compile(r"\\(?:mathbb|operatorname|mathrm|text)\{(E|Var)\}")
FAMILY = re.compile(r"^\s*(.+?)\s*\\sim\s*\\(?:mathcal|operatorname|mathrm|text)\{(N|U|Uniform|Bernoulli|Exp|Poisson)\}"
                    r"\s*\((.*)\)\s*\.?\s*$", re.DOTALL)
DRAWS = 40_000
SEED = 0


@dataclass(frozen=True)
class Distribution:
    """A family and its parameters (SymPy expressions), as the text states them."""

    family: str  # normal, uniform, bernoulli, exponential, poisson
    parameters: tuple[Any, ...]

    def variable(self, name: str) -> Any:
        """A SymPy random variable of this distribution."""
        import sympy
        from sympy import stats

        p = self.parameters
        if self.family == "normal":
            return stats.Normal(name, p[0], sympy.sqrt(p[1]))
        if self.family == "uniform":
            return stats.Uniform(name, p[0], p[1])
        if self.family == "bernoulli":
            return stats.Bernoulli(name, p[0])
        if self.family == "exponential":
            return stats.Exponential(name, p[0])
        return stats.Poisson(name, p[0])

    def sampler(self) -> Callable[[random.Random], float]:
        """A function drawing one value from a seeded generator (the parameters must be numbers)."""
        p = [float(x) for x in self.parameters]
        if self.family == "normal":
            return lambda rng: rng.gauss(p[0], math.sqrt(p[1]))
        if self.family == "uniform":
            return lambda rng: rng.uniform(p[0], p[1])
        if self.family == "bernoulli":
            return lambda rng: float(rng.random() < p[0])
        if self.family == "exponential":
            return lambda rng: rng.expovariate(p[0])
        return lambda rng: float(_poisson(rng, p[0]))


def _poisson(rng: random.Random, rate: float) -> int:
    """One Poisson draw by counting uniform products (Knuth), for the small rates texts use."""
    limit, k, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


FAMILIES = {"N": "normal", "U": "uniform", "Uniform": "uniform", "Bernoulli": "bernoulli", "Exp": "exponential",
            "Poisson": "poisson"}
ARITY = {"normal": 2, "uniform": 2, "bernoulli": 1, "exponential": 1, "poisson": 1}


def parse_distribution(statement: str, parse: Callable[[str], Any],
                       split: Callable[[str], list[str]]) -> tuple[list[str], Distribution] | None:
    """(names, distribution) for `X \\sim \\mathcal{N}(0, 1)`; None for anything else (parse reads one parameter,
    split splits at top-level commas)."""
    m = FAMILY.match(statement)
    if not m:
        return None
    family = FAMILIES[m.group(2)]
    try:
        parameters = tuple(parse(p) for p in split(m.group(3)))
    except ValueError:
        return None
    if len(parameters) != ARITY[family]:
        return None
    return [n.strip() for n in split(m.group(1))], Distribution(family, parameters)


@dataclass(frozen=True)
class Estimate:
    """A Monte-Carlo estimate and its standard error."""

    value: float
    error: float


def statistic(kind: str, expr: Any, variables: dict[Any, Distribution]) -> Any:
    """E or Var of an expression in random symbols: exact (SymPy) for a polynomial, else an Estimate; None when
    neither can be had (a parameter without a value)."""
    import sympy
    from sympy import stats

    used = {s: d for s, d in variables.items() if s in expr.free_symbols}
    if expr.is_polynomial(*used) if used else True:
        random_expr = expr.xreplace({s: d.variable(str(s)) for s, d in used.items()})
        value = stats.E(random_expr) if kind == "E" else stats.variance(random_expr)
        return sympy.simplify(value)
    if any(p.free_symbols for d in used.values() for p in d.parameters) or expr.free_symbols - set(used):
        return None
    return _monte_carlo(kind, expr, used)


def _monte_carlo(kind: str, expr: Any, used: dict[Any, Distribution]) -> Estimate:
    """E or Var of an expression from DRAWS seeded draws, with its standard error."""
    import sympy

    names = sorted(used, key=str)
    function = sympy.lambdify(names, expr, modules="math")
    samplers = [used[n].sampler() for n in names]
    rng = random.Random(SEED)
    values = [float(function(*(draw(rng) for draw in samplers))) for _ in range(DRAWS)]
    mean = math.fsum(values) / DRAWS
    spread = math.fsum((v - mean) ** 2 for v in values) / (DRAWS - 1)
    if kind == "E":
        return Estimate(mean, math.sqrt(spread / DRAWS))
    fourth = math.fsum((v - mean) ** 4 for v in values) / DRAWS
    return Estimate(spread, math.sqrt(max(fourth - spread**2, 0.0) / DRAWS))
