"""Reading the LaTeX of vector, matrix and indexed formulas into a small expression tree.

The tree is nested tuples, first item the operation: `("name", key)`, `("num", v)`, `("add", a, b)`,
`("sub", a, b)`, `("neg", a)`, `("prod", a, b)` (juxtaposition or `\\cdot`: the matrix product, or
scaling when one side is a scalar), `("had", a, b)` (`\\odot`), `("div", a, b)`, `("T", a)`,
`("pow", a, k)`, `("fn", f, a)` (an elementwise function), `("dfn", f, a)` (its derivative, `\\phi'`),
`("call", f, a)` (a named map such as `g(x)`), `("sum", index or None, body)`, `("idx", a, indices)`,
`("norm", a)`, `("grad", target, wrt)` (`\\nabla_x z`, `\\frac{\\partial z}{\\partial x}`), `("jac", f, a)`
(`J_g(x)`), `("ind", a, op, b)` (`\\mathbb{1}[H > 0]`), `("diag", a)`, `("ones",)`, `("vec", items)`.

A name's key is its letter or command with its decoration (`\\bar{y}` is `bar y`). A subscript
makes a name of its own (`W_1`, `h_{l-1}`) unless it is an index: a single letter that a sum
binds or that the statement leaves free, after a name of its own (`W_{ij}`, `W_{l,ij}`, `\\bar{y}_i`).
Anything else raises `Unread` with what could not be read.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Unread", "parse_side", "tokens"]

Tree = Any

ELEMENTWISE = {"tanh", "sigma", "exp", "log", "sin", "cos", "relu", "phi", "psi", "sqrt"}
DECORATIONS = {"bar", "hat", "tilde", "vec", "dot", "overline"}
GREEK = {"alpha", "beta", "gamma", "delta", "eta", "theta", "lambda", "mu", "rho", "sigma", "phi", "psi", "omega",
         "epsilon", "tau", "kappa", "nu", "xi", "zeta", "chi", "pi"}
TOKEN = re.compile(r"\\[A-Za-z]+|\\[{}|]|\d+(?:\.\d+)?|[A-Za-z]|\S")
REWRITES = [(r"\\(?:operatorname|mathrm|text)\{(\w+)\}", r"\\\1"), (r"\\tfrac\s*(\d)\s*(\d)", r"\\frac{\1}{\2}"),
            (r"\\[dt]frac", r"\\frac"), (r"\\mathbf\{1\}", r"\\ones"), (r"\\mathbb\{1\}", r"\\indicator"),
            (r"\\lVert|\\rVert|\\\||\\Vert", r"\\norm"), (r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])", ""),
            (r"\\[,;!: ]", " "), (r"\\(?:displaystyle|limits)(?![A-Za-z])", ""), (r"\\mathit\{(\w)\}", r"\1")]


class Unread(ValueError):
    """A formula, or part of one, this reader does not understand."""


def tokens(latex: str) -> list[str]:
    """The formula as tokens, after rewriting spellings that mean the same (`\\tfrac12`, `\\operatorname{diag}`)."""
    for pattern, repl in REWRITES:
        latex = re.sub(pattern, repl, latex)
    return TOKEN.findall(latex.strip().rstrip(".").strip())


class Parser:
    """A recursive-descent reader of one side of a formula."""

    def __init__(self, toks: list[str], names: set[str], indices: set[str]) -> None:
        """Read these tokens; `names` are the section's known names, `indices` the letters used as indices."""
        self.t, self.i, self.names, self.indices = toks, 0, names, set(indices)
        self.norms = 0  # open \\lVert: a \\rVert closes the innermost

    def peek(self, k: int = 0) -> str | None:
        """The token k ahead, or None at the end."""
        return self.t[self.i + k] if self.i + k < len(self.t) else None

    def take(self, want: str | None = None) -> str:
        """The next token (which must be `want` if given)."""
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise Unread(f"expected {want or 'more'} at {' '.join(self.t[self.i:self.i + 4]) or 'the end'}")
        self.i += 1
        return tok

    def group(self) -> list[str]:
        """The tokens of a `{...}` group, or the single next token."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        depth, start = 1, self.i
        while depth:
            tok = self.take()
            depth += {"{": 1, "}": -1}.get(tok, 0)
        return self.t[start:self.i - 1]

    def sub(self, toks: list[str]) -> Tree:
        """Parse a token list as a whole expression."""
        inner = Parser(toks, self.names, self.indices)
        tree = inner.expr()
        if inner.peek() is not None:
            raise Unread(f"could not read {' '.join(inner.t[inner.i:])}")
        return tree

    # ------------------------------------------------------------------ grammar

    def expr(self) -> Tree:
        """Terms joined by + and -."""
        tree = ("neg", self.term()) if self.peek() == "-" and self.take() else self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            tree = ("add" if op == "+" else "sub", tree, right)
        return tree

    def term(self) -> Tree:
        """Factors joined by juxtaposition, \\cdot, \\times, \\odot and /."""
        tree = self.factor()
        while (tok := self.peek()) is not None and tok not in ("+", "-", ")", "]", "}", "=", ",", "<", ">") and not (
                tok == "\\norm" and self.norms):
            if tok in ("\\cdot", "\\times"):
                self.take()
                tree = ("prod", tree, self.factor())
            elif tok == "\\odot":
                self.take()
                tree = ("had", tree, self.factor())
            elif tok == "/":
                self.take()
                tree = ("div", tree, self.factor())
            else:
                tree = ("prod", tree, self.factor())
        return tree

    def factor(self) -> Tree:
        """An atom with its superscripts: `^\\top`, `^2`, `^{-1}`."""
        tree = self.atom()
        while self.peek() == "^":
            self.take()
            sup = self.group()
            if sup in (["\\top"], ["T"], ["\\intercal"]):
                tree = ("T", tree)
            elif re.fullmatch(r"-?\d+", "".join(sup)):
                tree = ("pow", tree, int("".join(sup)))
            elif tree == ("name", "e"):
                tree = ("fn", "exp", self.sub(sup))
            else:
                raise Unread(f"a power {''.join(sup)}")
        return tree

    def atom(self) -> Tree:
        """A number, a name, a bracketed expression, a fraction, a function, a sum, a norm, a gradient."""
        tok = self.take()
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            return ("num", float(tok))
        if tok in ("(", "[") or tok == "{":
            close = {"(": ")", "[": "]", "{": "}"}[tok]
            items = [self.expr()]
            while self.peek() == ",":
                self.take()
                items.append(self.expr())
            self.take(close)
            return items[0] if len(items) == 1 else ("vec", items)
        handler = getattr(self, f"_{tok.lstrip(chr(92))}", None) if tok.startswith("\\") else None
        if handler is not None and tok.lstrip("\\") not in GREEK | DECORATIONS:
            return handler()
        return self.name(tok)

    def name(self, tok: str) -> Tree:
        """A name, decorated or subscripted, or applied to an argument."""
        base = tok.lstrip("\\")
        if base in DECORATIONS:
            inner = [t.lstrip("\\") for t in self.group()]
            if len(inner) != 1 or not re.fullmatch(r"[A-Za-z]+", inner[0]):
                raise Unread(f"a decorated {''.join(inner)}")
            base = f"{base} {inner[0]}"
        elif not re.fullmatch(r"[A-Za-z]|" + "|".join(GREEK), base) or tok == "\\" + base and base not in GREEK:
            raise Unread(f"{tok}")
        tree: Tree = ("name", base)
        if self.peek() == "_":
            self.take()
            tree = self.subscript(base, self.group())
        if self.peek() == "'" and base in ELEMENTWISE:
            self.take()
            return ("dfn", base, self.argument())
        if self.peek() == "(" and tree == ("name", base) and base not in self.names:
            return ("fn", base, self.argument()) if base in ELEMENTWISE else ("call", base, self.argument())
        if base in ELEMENTWISE - {"sigma", "phi", "psi"} and tree == ("name", base):
            return ("fn", base, self.argument())
        return tree

    def subscript(self, base: str, sub: list[str]) -> Tree:
        """`W_1`, `h_{l-1}` as names; `W_{ij}`, `\\bar{y}_i`, `W_{l,ij}`, `\\bar{Y}_{r,:}` as indexing."""
        text = "".join(sub)
        if "," in text:
            head, rest = text.split(",", 1)
            if head in self.indices or head.isdigit():  # `\bar{Y}_{r,:}`: row r
                return ("idx", ("name", base), [head if head.isalpha() else int(head) - 1,
                                                *[c for c in rest if c.isalpha() or c == ":"]])
            return ("idx", ("name", f"{base}_{head}"), [c for c in rest if c.isalpha() or c == ":"])
        known = base in self.names or base.startswith("bar ") and base[4:] in self.names
        if f"{base}_{text}" in self.names or not (set(text) <= self.indices or text.isdigit()) or not known:
            return ("name", f"{base}_{text}")
        return ("idx", ("name", base), [c if c.isalpha() else int(c) - 1 for c in text] if not text.isdigit()
                else [int(text) - 1])

    def argument(self) -> Tree:
        """A function's argument: a bracketed expression, or the next factor (`\\tanh x`, `\\log \\sum_j ...`)."""
        if self.peek() == "(":
            self.take("(")
            tree = self.expr()
            self.take(")")
            return tree
        return self.factor()

    # ------------------------------------------------------------------ commands

    def _frac(self) -> Tree:
        """`\\frac{a}{b}`, or `\\frac{\\partial z}{\\partial x}` as a gradient."""
        top, bottom = self.group(), self.group()
        if top and top[0] in ("\\partial", "d") and bottom and bottom[0] in ("\\partial", "d") and len(top) > 1:
            return ("grad", self.sub(top[1:]), self.sub(bottom[1:]))
        return ("div", self.sub(top), self.sub(bottom))

    def _partial(self) -> Tree:
        """`\\partial y_i / \\partial x_j`: one entry of a derivative."""
        target = self.factor()
        self.take("/")
        self.take("\\partial")
        return ("grad", target, self.factor())

    def _nabla(self) -> Tree:
        """`\\nabla_x z`: the gradient of z with respect to x."""
        self.take("_")
        wrt = self.sub(self.group())
        return ("grad", self.factor(), wrt)

    def _sum(self) -> Tree:
        """`\\sum_i body`, `\\sum_{i=1}^{n} body`, or `\\sum body` (every entry)."""
        index = None
        if self.peek() == "_":
            self.take()
            index = self.group()[0]
            if not re.fullmatch(r"[a-z]", index):
                raise Unread(f"a sum over {index}")
        if self.peek() == "^":
            self.take()
            self.group()  # the bound: the range comes from the dimension the index runs over
        self.indices.add(index) if index else None
        return ("sum", index, self.term())

    def _norm(self) -> Tree:
        """`\\lVert v \\rVert`: the Euclidean (Frobenius) norm."""
        self.norms += 1
        tree = self.expr()
        self.norms -= 1
        self.take("\\norm")
        return ("norm", tree)

    def _diag(self) -> Tree:
        """`\\operatorname{diag}(v)`: the diagonal matrix of a vector."""
        return ("diag", self.argument())

    def _ones(self) -> Tree:
        """`\\mathbf{1}`: a vector of ones."""
        return ("ones",)

    def _indicator(self) -> Tree:
        """`\\mathbb{1}[H > 0]`: 1 where the condition holds, else 0."""
        self.take("[")
        left = self.expr()
        op = self.take()
        if op not in ("<", ">", "=", "\\geq", "\\leq", "\\ge", "\\le"):
            raise Unread(f"a condition with {op}")
        right = self.expr()
        self.take("]")
        return ("ind", left, op, right)

    def _relu(self) -> Tree:
        """`\\operatorname{relu}(H)`."""
        return ("fn", "relu", self.argument())

    def _tanh(self) -> Tree:
        """`\\tanh x`, `\\tanh'(x)`."""
        return self._elementary("tanh")

    def _exp(self) -> Tree:
        """`\\exp x`."""
        return self._elementary("exp")

    def _log(self) -> Tree:
        """`\\log x`."""
        return self._elementary("log")

    def _sqrt(self) -> Tree:
        """`\\sqrt{x}`."""
        return ("fn", "sqrt", self.sub(self.group()))

    def _elementary(self, name: str) -> Tree:
        """An elementwise function, or its derivative when primed."""
        if self.peek() == "'":
            self.take()
            return ("dfn", name, self.argument())
        return ("fn", name, self.argument())

    def _J(self) -> Tree:  # noqa: N802 - never reached: J is a letter
        """Unused."""
        raise Unread("J")


def parse_side(latex: str, names: set[str], indices: set[str] = frozenset()) -> Tree:
    """One side of a formula as a tree; raises Unread."""
    toks = tokens(latex)
    if not toks:
        raise Unread("an empty side")
    parser = Parser(toks, names, set(indices))
    tree = parser.expr()
    if parser.peek() is not None:
        raise Unread(f"could not read {' '.join(parser.t[parser.i:])}")
    return _jacobians(tree)


def _jacobians(tree: Tree) -> Tree:
    """`J_g(x)`, read as the name J_g applied to x, is the Jacobian of g at x."""
    if not isinstance(tree, tuple):
        return tree
    if tree[0] == "call" and tree[1].startswith("J_"):
        return ("jac", tree[1][2:], _jacobians(tree[2]))
    if tree[0] == "prod" and tree[1][0] == "name" and tree[1][1].startswith("J_") and tree[2][0] == "vec":
        return ("jac", tree[1][1][2:], tree[2])
    return tuple(_jacobians(t) if isinstance(t, tuple) else [_jacobians(x) for x in t] if isinstance(t, list) else t
                 for t in tree)
