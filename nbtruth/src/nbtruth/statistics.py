"""Expectations and variances of distributions the text states: `X \\sim \\mathcal{N}(\\mu, \\sigma^2)`, then
`\\mathbb{E}[X^2] = \\mu^2 + \\sigma^2` or `\\operatorname{Var}(2X + 1) = 4\\sigma^2`.

A *distribution* is stated as `X \\sim D` (several names at once, `X, Y \\sim D`, each independent of the
others) with D one of `\\mathcal{N}(\\mu, \\sigma^2)` (the second parameter is the variance; written as a bare σ,
`N(\\mu, \\sigma)`, it is the standard deviation the letter names),
`\\mathcal{U}(a, b)` or `\\operatorname{Uniform}(a, b)`, `\\operatorname{Bernoulli}(p)`,
`\\operatorname{Exp}(\\lambda)` (a rate) and `\\operatorname{Poisson}(\\lambda)`, each also written plain
(`U(a, b)`, `Pois(\\lambda)`). An expectation (`\\mathbb{E}[...]`, `\\mathbb{E}(...)`, plain `E[...]`) or a
variance (`\\operatorname{Var}(...)`, `\\mathrm{Var}[...]`, plain `Var(...)`)
of a polynomial in such names is computed exactly with SymPy, in the distributions' parameters. Of
anything else (`\\mathbb{E}[\\sigma(X)]`) it is estimated from 40 000 draws of a generator seeded with
0, when every parameter has a value; the claim then fails only when the estimate is further from the
number written than the digits written allow plus six standard errors of the estimate (a bound a
true claim exceeds about once in five hundred million runs, and the draws are the same on every run).
A name inside `\\mathbb{E}` or `\\operatorname{Var}` with no stated distribution leaves the claim unchecked, and so does
a name drawn since from a family not listed (`X \\sim \\operatorname{Bin}(n, p)`).

The matrix reader (`nbtruth.matrices`) uses the same families for a vector or a matrix whose entries are drawn
independently (`W_{ij} \\sim \\mathcal{N}(0, 2/n)`): `moments` gives an entry's mean and variance exactly,
`estimate` turns seeded draws of a scalar into an Estimate, and `statistic_spans` finds what each
`\\mathbb{E}` or `\\operatorname{Var}` of a formula is of.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["DRAWS", "STATISTIC", "Distribution", "Estimate", "argument_end", "drawn_names", "estimate", "moments",
           "parse_distribution", "spelled_out", "statistic", "statistic_spans", "transformed_names"]

STATISTIC = re.compile(r"\\(?:mathbb|operatorname|mathrm|text)\{(E|Var)\}")
# `X \\sim \\mathcal{U}(a, b)`, or written plain, `X \\sim U(a, b)`, `X \\sim Pois(\\lambda)`
_FAMILY_NAME = r"(N|U|Uniform|Bernoulli|Exp|Poisson|Pois)"
FAMILY = re.compile(rf"^\s*(.+?)\s*\\sim\s*(?:\\(?:mathcal|operatorname|mathrm|text)\{{{_FAMILY_NAME}\}}|"
                    rf"{_FAMILY_NAME})\s*\((.*)\)\s*\.?\s*$", re.DOTALL)
# `E[X]`, `Var(X)`, `Var[X]` written plain (not `E(x)`, which texts also write for a function E)
PLAIN_STATISTIC = re.compile(r"(?<![\\A-Za-z])(?:E(?=\s*\[)|Var(?=\s*[\[(]))")
# `N(\\mu, \\sigma)`, `N(0, \\sigma_x)`: a second parameter written as a bare σ is the standard deviation
STANDARD_DEVIATION = re.compile(r"\s*\\sigma(?:_\{?\w+\}?)?\s*")
# `X \\sim D`, `X, Y \\sim D`: plain names drawn from a distribution
DRAWN = re.compile(r"^\s*((?:[A-Za-z](?:_\{?\w+\}?)?\s*,\s*)*[A-Za-z](?:_\{?\w+\}?)?)\s*\\sim(?![A-Za-z])\s*\S")
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
            "Poisson": "poisson", "Pois": "poisson"}
ARITY = {"normal": 2, "uniform": 2, "bernoulli": 1, "exponential": 1, "poisson": 1}


def spelled_out(latex: str) -> str:
    """`E[X]` as `\\mathbb{E}[X]` and `Var(X)` as `\\operatorname{Var}(X)`: one spelling for the readers."""
    latex = re.sub(r"\\mathbb\s*E(?![A-Za-z])", r"\\mathbb{E}", latex)  # `\\mathbb E[X]`, unbraced
    # `\operatorname{var}(X)`, in lower case: the variance too
    latex = re.sub(r"\\(?:operatorname|mathrm|text)\{\s*(?:var|VAR)\s*\}", r"\\operatorname{Var}", latex)
    return PLAIN_STATISTIC.sub(lambda m: "\\mathbb{E}" if m.group(0) == "E" else "\\operatorname{Var}", latex)


def parse_distribution(statement: str, parse: Callable[[str], Any],
                       split: Callable[[str], list[str]]) -> tuple[list[str], Distribution] | None:
    """(names, distribution) for `X \\sim \\mathcal{N}(0, 1)`; None for anything else (parse reads one parameter,
    split splits at top-level commas)."""
    m = FAMILY.match(statement)
    if not m:
        return None
    family = FAMILIES[m.group(2) or m.group(3)]
    try:
        parameters = tuple(parse(p) for p in split(m.group(4)))
    except ValueError:
        return None
    if len(parameters) != ARITY[family]:
        return None
    if family == "normal" and STANDARD_DEVIATION.fullmatch(split(m.group(4))[1]):
        parameters = (parameters[0], parameters[1] ** 2)  # `N(\\mu, \\sigma)`: the spread named as σ is σ
    return [n.strip() for n in split(m.group(1))], Distribution(family, parameters)


def drawn_names(statement: str) -> list[str]:
    """The names `X \\sim D` draws from any D, a family this module knows or not (`X \\sim exp(\\lambda)`,
    `X \\sim \\operatorname{Bin}(n, p)`): what an earlier statement drew them from no longer holds."""
    m = DRAWN.match(statement)
    return [n.strip() for n in m.group(1).split(",")] if m else []


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
    return estimate(kind, [float(function(*(draw(rng) for draw in samplers))) for _ in range(DRAWS)])


def estimate(kind: str, values: list[float]) -> Estimate:
    """E (the mean) or Var (the unbiased variance) of independent draws, with its standard error."""
    if len(values) < 2:
        raise ValueError("an estimate needs at least two draws")
    count = len(values)
    mean = math.fsum(values) / count
    spread = math.fsum((v - mean) ** 2 for v in values) / (count - 1)
    if kind == "E":
        return Estimate(mean, math.sqrt(spread / count))
    fourth = math.fsum((v - mean) ** 4 for v in values) / count
    return Estimate(spread, math.sqrt(max(fourth - spread**2, 0.0) / count))


def moments(distribution: Distribution) -> tuple[float, float]:
    """The mean and the variance of a distribution whose parameters are numbers: SymPy's, as `statistic` uses."""
    from sympy import stats

    entry = distribution.variable("X")
    return float(stats.E(entry)), float(stats.variance(entry))


CLOSING = {"[": "]", "(": ")"}
SIZED = re.compile(r"\\(?:big|Big|bigg|Bigg|left|right)\s*(?=[\[\]()]|$)")  # `\\big[`: a bracket's size only


def statistic_spans(latex: str) -> list[tuple[str, str, int, int]]:
    """(kind, argument, start, end) for each E or Var of a formula: of a bracketed group (`[X^2]`, `(W)`), of a
    norm and its power (`\\mathbb{E}\\lVert J v\\rVert^2`), or of the next name (`\\mathbb{E} X`); ValueError when
    what follows is none of these."""
    found = []
    for m in STATISTIC.finditer(latex):
        if found and m.start() < found[-1][3]:
            continue  # an E inside the argument of the one before it
        start = m.end() + len(latex[m.end():]) - len(latex[m.end():].lstrip())
        start += len(sized.group(0)) if (sized := SIZED.match(latex, start)) else 0
        end = argument_end(latex, start)
        body = latex[start + 1:end - 1] if latex[start] in CLOSING else latex[start:end]
        found.append((m.group(1), SIZED.sub("", body).strip(), m.start(), end))
    return found


def argument_end(latex: str, start: int) -> int:
    """Where the argument starting at `start` ends."""
    if start < len(latex) and latex[start] in CLOSING:
        depth = 0
        for k in range(start, len(latex)):
            depth += 1 if latex[k] == latex[start] else -1 if latex[k] == CLOSING[latex[start]] else 0
            if depth == 0:
                return k + 1
        raise ValueError(f"an unclosed {latex[start]} in {latex}")
    norm = re.match(r"\\lVert(.*?)\\rVert(?:\^\{?\d\}?)?", latex[start:])
    if norm:
        return start + norm.end()
    name = re.match(r"(?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_\w)?(?:\^\{[^{}]*\}|\^\w)?", latex[start:])
    if not name or re.match(r"\\(?:left|right|lvert|Vert|vert)$", name.group(0)):
        raise ValueError(f"no argument after an expectation or a variance in {latex}")
    return start + name.end()


def transformed_names(drawn: str) -> list[str]:
    """The names a `\\sim` statement draws through a function of them (`x` in `\\log x \\sim \\mathcal{N}(\\mu,
    \\sigma)`): random, from a distribution the statement does not state; [] for a plain name (`X`, `W_{ij}`)."""
    if not re.search(r"\\(?:log|ln|exp|sqrt)(?![A-Za-z])|\^", drawn):
        return []
    return re.findall(r"(?<![\\A-Za-z])[A-Za-z](?:_\{?\w+\}?)?", re.sub(r"\\[A-Za-z]+", " ", drawn))
