"""Reading the LaTeX of vector, matrix and indexed formulas into a small expression tree.

The tree is nested tuples, first item the operation: `("name", key)`, `("num", v)`, `("add", a, b)`,
`("sub", a, b)`, `("neg", a)`, `("prod", a, b)` (juxtaposition or `\\cdot`: the matrix product, or
scaling when one side is a scalar; a `\\cdot` marked, as between two columns it is their dot product),
`("had", a, b)` (`\\odot`), `("kron", a, b)` (`\\otimes`, the Kronecker product), `("div", a, b)`, `("T", a)`,
`("pow", a, k)`, `("fn", f, a)` (an elementwise function), `("dfn", f, a)` (its derivative, `\\phi'`),
`("call", f, a)` (a named map such as `g(x)`), `("sum", index or None, body, bound)` (bound: the letter
`\\sum_{i=1}^{n}` runs to, else None), `("idx", a, indices)`,
`("norm", a)`, `("grad", target, wrt)` (`\\frac{\\partial z}{\\partial x}`; `\\nabla_x z` with a 4th item, "nabla"),
`("jac", f, a)` (`J_g(x)`), `("dcall", f, a)` (`f'(a)`: the derivative of a map), `("ind", a, op, b)`
(`\\mathbb{1}[H > 0]`, `[H > 0]`), `("diag", a)`, `("trace", a)`, `("det", a)`, `("ones",)`, `("vec", items)`,
`("mat", rows)` (a `pmatrix`, rows of entries), `("cases", [(value, condition), ...])` (a `cases` environment),
`("softmax", a)`, `("delta", a)` (`\\Delta x`: a small change in x, and the change it causes in what depends on x).

A product over layers written with `\\cdots` (`J_L \\cdots J_1`, `\\frac{\\partial h_T}{\\partial h_{T-1}} \\cdots
\\frac{\\partial h_1}{\\partial h_0}`) is read at three layers: the letter counting the layers (an upper-case
subscript) is 3 everywhere in the statement, and the factors the dots stand for are written out
(`expand_layers`). A prime after a name that is no function (`x'`) makes a name of its own.

A name's key is its letter or command with its decoration (`\\bar{y}` is `bar y`). A subscript
makes a name of its own (`W_1`, `h_{l-1}`) unless it is an index: a single letter that a sum
binds or that the statement leaves free, after a name of its own (`W_{ij}`, `W_{l,ij}`, `\\bar{y}_i`).
Anything else raises `Unread` with what could not be read.
"""

from __future__ import annotations

import contextvars
import re
from typing import Any

__all__ = ["COLUMNS_IN_PARENS", "Unread", "expand_layers", "parse_side", "tokens"]

Tree = Any

ELEMENTWISE = {"tanh", "sigma", "exp", "log", "sin", "cos", "relu", "phi", "psi", "sqrt"}
MAPS = {"f", "g", "h", "F", "G"}  # `f_1(x)`, `g'(x)`: a map, even subscripted or primed
LAYERS = 3  # a product over layers written with \cdots is read at this many
ENVIRONMENT = re.compile(r"\\begin\{(pmatrix|bmatrix|matrix|cases)\}(.*?)\\end\{\1\}", re.DOTALL)
# the real numbers however a course spells them: `\\mathbb{R}`, `\\mathbb R`, `\\mathbf{R}` (Boyd's), `\\Bbb R`, `\\R`
REALS = (r"(?:\\(?:mathbb|mathbf|Bbb|bf|textbf)\s*\{\s*R\s*\}|\\(?:mathbb|mathbf|Bbb|bf)\s+R(?![A-Za-z])"
         r"|\\R(?![A-Za-z]))")
COMPARISONS = ("<", ">", "=", "\\geq", "\\leq", "\\ge", "\\le", "\\lt", "\\gt")
# `\\mathbf{x}`: the bold x, a name
DECORATIONS = {"bar", "hat", "tilde", "vec", "dot", "ddot", "dddot", "overline", "mathbf", "mathcal"}
GREEK = {"alpha", "beta", "gamma", "delta", "eta", "theta", "lambda", "mu", "rho", "sigma", "phi", "psi", "omega",
         "epsilon", "tau", "kappa", "nu", "xi", "zeta", "chi", "pi", "ell", "hbar"}  # `\\ell`, `\\hbar`: scalars too
# `\\Omega = \\begin{pmatrix}...`, `\\Sigma`: capital Greek letters name matrices, as capital Latin ones do
# (`\\Delta` is a change, `\\Pi` a product)
CAPITAL_GREEK = {"Gamma", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
TOKEN = re.compile(r"\\[A-Za-z]+|\\[{}|]|\d+(?:\.\d+)?|[A-Za-z]|\S")
REWRITES = [(r"\\mathrm\{\s*d\s*\}", "d"), (r"\\(?:operatorname|mathrm|text)\{(\w+)\}", r"\\\1"),
            (r"(?<![A-Za-z\\])(?:tr|Tr|trace)\s*(?=[\[(]|\\left)", r"\\trace "),  # `tr[A^T A]`: the trace
            # `sigmoid(w^T x + b)`, `relu(z)` in plain letters: the function, not a product of letters
            (r"(?<![A-Za-z\\])(sigmoid|softmax|relu|tanh|exp|log|sin|cos)\s*(?=\(|\\left)", r"\\\1 "),
            (r"\\tfrac\s*(\d)\s*(\d)", r"\\frac{\1}{\2}"),
            (r"\\[dt]frac", r"\\frac"), (r"\\mathbf\{1\}", r"\\ones"), (r"\\mathbb\{1\}", r"\\indicator"),
            (r"\\lVert|\\rVert|\\\||\\Vert", r"\\norm "), (r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])", ""),
            (r"\{,\}", ","),  # `\\langle a{,} x \\rangle`: a comma the statements kept apart from the span's list
            (r"\\[,;!: ]", " "), (r"\\(?:displaystyle|limits)(?![A-Za-z])", ""), (r"\\mathit\{(\w)\}", r"\1")]


# `[ e_1 e_2 ]`, `[a_1 \\; a_2 \\; a_3]`: vectors of one family side by side in plain brackets, the matrix whose columns
# they are (no product: a product of a family's members is not bracketed so)
MEMBER = r"\\?[A-Za-z]+_\{?\w+\}?"  # `e_1`, `a_{12}`: a family's member
ROW_OF_COLUMNS = re.compile(r"\[\s*((?:\\[,;: ]\s*)*(?P<base>\\?[A-Za-z]+)_\{?\w+\}?"
                            r"(?:(?:\s|\\[,;: ])+(?P=base)_\{?\w+\}?)+)(?:\s|\\[,;: ])*\]")
# `\left( a_1 \ a_2 \ a_3 \right)`, `(s_1 \; s_2 \; s_3)`: the same in round brackets, set apart by spacing commands
# or the spaces they become in a statement (with one space, `(x_1 x_2)` may be a product)
COLUMNS_IN_PARENS = re.compile(r"(?:\\left\s*)?\(\s*((?P<base>\\?[A-Za-z]+)_\{?\w+\}?"
                               r"(?:(?:\s*\\[,;: ]\s*|\s{2,})+(?P=base)_\{?\w+\}?)+)\s*(?:\\right\s*)?\)")


class Unread(ValueError):
    """A formula, or part of one, this reader does not understand."""


def tokens(latex: str) -> list[str]:
    """The formula as tokens, after rewriting spellings that mean the same (`\\tfrac12`, `\\operatorname{diag}`)."""
    found: list[str] = []
    rest = COLUMNS_IN_PARENS.sub(_columns, ROW_OF_COLUMNS.sub(_columns, latex.strip().rstrip(".").strip()))
    while m := ENVIRONMENT.search(rest):  # a matrix or cases environment is one token, read by `environment`
        found += _plain_tokens(rest[:m.start()]) + [m.group(0)]
        rest = rest[m.end():]
    return found + _plain_tokens(rest)


def _columns(m: re.Match[str]) -> str:
    """`[ e_1 e_2 ]` as the matrix environment it means, `\\begin{bmatrix} e_1 & e_2 \\end{bmatrix}`."""
    return "\\begin{bmatrix}" + " & ".join(re.findall(MEMBER, m.group(1))) + "\\end{bmatrix}"


def _plain_tokens(latex: str) -> list[str]:
    """Tokens of LaTeX without environments."""
    for pattern, repl in REWRITES:
        latex = re.sub(pattern, repl, latex)
    return TOKEN.findall(latex)


class Parser:
    """A recursive-descent reader of one side of a formula."""

    def __init__(self, toks: list[str], names: set[str], indices: set[str]) -> None:
        """Read these tokens; `names` are the section's known names, `indices` the letters used as indices."""
        self.t, self.i, self.names, self.indices = toks, 0, names, set(indices)
        self.norms = 0  # open \\lVert: a \\rVert closes the innermost
        self.bound: dict[str, str | None] = {}  # the letters a sum binds, each to the letter it runs to (or None)

    def peek(self, k: int = 0) -> str | None:
        """The token k ahead, or None at the end."""
        return self.t[self.i + k] if self.i + k < len(self.t) else None

    def take(self, want: str | None = None) -> str:
        """The next token (which must be `want` if given)."""
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise Unread(_stop(want, self.t[self.i:self.i + 4]))
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
        inner.bound = self.bound
        tree = inner.expr()
        if inner.peek() is not None:
            raise Unread(_stop(None, inner.t[inner.i:]))
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
        """Factors joined by juxtaposition, \\cdot, \\times, \\odot, \\otimes and /."""
        tree = self.factor()
        while (tok := self.peek()) is not None and tok not in ("+", "-", ")", "]", "}", ",", "\\rangle",
                                                              *COMPARISONS) and not (tok == "\\norm" and self.norms):
            if tok in ("\\cdot", "\\times"):
                self.take()  # between two columns, `\\cdot` is their dot product, `\\times` their cross (marked)
                # `\\frac{1}{2} u \\cdot \\frac{-1}{2} v`: after a dot, the product written against it whole, (-v/2)
                right = self._operand() if tok == "\\cdot" else self.factor()
                tree = ("prod", tree, right, "cdot" if tok == "\\cdot" else "times")
            elif tok in ("\\odot", "\\otimes"):
                self.take()
                tree = ("had" if tok == "\\odot" else "kron", tree, self.factor())
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
                # `(\\rho, u, p)^\\top` is how prose writes a column: the tuple's entries, standing
                tree = tree if tree[0] == "vec" else ("T", tree)
            elif re.fullmatch(r"-?\d+", "".join(sup)):
                tree = ("pow", tree, int("".join(sup)))
            elif tree == ("name", "e"):
                tree = ("fn", "exp", self.sub(sup))
            elif tree[0] == "name" and re.fullmatch(r"\(\w+\)", "".join(sup)):
                tree = ("name", f"{tree[1]}^{''.join(sup)}")  # `\\vec{x}^{(1)}`: the first of several x, a label
            else:
                raise Unread(f"a power `{''.join(sup)}` it does not compute (a letter, or a superscript that labels)")
        return tree

    def atom(self) -> Tree:
        """A number, a name, a bracketed expression, a fraction, a function, a sum, a norm, a gradient."""
        tok = self.take()
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            return ("num", float(tok))
        if tok.startswith("\\begin"):
            return self.environment(tok)
        if tok in ("(", "[") or tok == "{":
            close = {"(": ")", "[": "]", "{": "}"}[tok]
            items = [self.expr()]
            if tok == "[" and self.peek() in COMPARISONS:  # `[H > 0]`: Iverson's bracket
                op = self.take()
                right = self.expr()
                self.take("]")
                return ("ind", items[0], op, right)
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
            base = f"{base} {inner[0]}" if f"{base} {inner[0]}" != "mathbf I" else "I"  # `\\mathbf{I}`: the identity
        elif base in ("mathit", "mathrm", "text", "textit") and self.peek() == "{":
            raise Unread(f"a name written as a word (`{''.join(self.group())}`)")  # `Ann\\ Return_t`
        elif not re.fullmatch(r"[A-Za-z]|" + "|".join(GREEK | GREEK_MATRICES.get()), base) or (
                tok == "\\" + base and base not in GREEK | GREEK_MATRICES.get()):
            raise Unread(f"it does not know `{tok}`")
        tree: Tree = ("name", base)
        if self.peek() == "_":
            self.take()
            tree = self.subscript(base, self.group())
        if self.peek() == "'" and base in ELEMENTWISE:
            self.take()
            return ("dfn", base, self.argument())
        if self.peek() == "'" and tree[0] == "name" and (base in MAPS or tree[1] in MAPPED.get()) and (
                self.peek(1) == "("):  # `g'(x)`; `\\mathbf{r}'(t)` after `\\mathbf{r}(t) = (t, t^2, t^3)`
            self.take()
            return ("dcall", tree[1], self.argument())
        if self.peek() == "'" and tree[0] == "name":  # `x'`: a name of its own
            self.take()
            return ("name", f"{tree[1]}'")
        if self.peek() == "(" and tree[0] == "name" and base in MAPS:
            return ("call", tree[1], self.argument())  # `f_1(x)`
        if (self.peek() == "(" and self.peek(2) == ")" and self.peek(1) is not None and (
                tree[0] == "idx" or tree[0] == "name" and "_" in tree[1]) and re.fullmatch(r"[A-Za-z]", self.peek(1))
                and tree[1] not in self.names):
            name = tree[1] if tree[0] == "name" else f"{tree[1][1]}_{''.join(str(k) for k in tree[2])}"
            return ("call", name, self.argument())  # `R_i(x)`: the map R_i at x, not R's entry i times x
        if self.peek() == "(" and tree[0] == "name" and "_" in tree[1] and self._one_name_inside():
            return ("call", tree[1], self.argument())  # `r_1(\\hat{q})`: r_1, a formula in q, at q-hat: no product
        if self.peek() == "(" and tree[0] == "name" and tree[1] in MAPPED.get():
            return ("call", tree[1], self.argument())  # `\\hat{R}(\\hat{w})`: a map the text defined, at a value
        if base == "J" and tree[0] == "name" and tree[1] != "J" and self.peek() == "(":
            return ("jac", _map_name(tree[1][2:]), self.argument())  # `J_g(x)`: the Jacobian of g at x
        if self.peek() == "(" and tree == ("name", base) and base not in self.names and not (
                self._transposes_inside() and (base not in ELEMENTWISE or self._raised_after())):
            # `X(X^T X)^{-1}` is a product; `\sigma(\mathbf{x}^\top \mathbf{w})`, an activation at x^T w
            return ("fn", base, self.argument()) if base in ELEMENTWISE else ("call", base, self.argument())
        if (self.peek() == "(" and tree == ("name", base) and self.peek(2) == ")" and self.peek(1) is not None
                and re.fullmatch(r"[A-Za-z]", self.peek(1)) and base not in ELEMENTWISE):
            return ("call", base, self.argument())  # `y(x)` for a known y: y as a function of x (not y times x)
        if base in ELEMENTWISE - {"sigma", "phi", "psi"} and tree == ("name", base):
            return ("fn", base, self.argument())
        return tree

    def _transposes_inside(self) -> bool:
        """Whether the bracket that follows transposes something (`X(X^T X)^{-1}`): a matrix product, since no text
        applies a map it has not defined to a Gram matrix."""
        depth, k = 0, 0
        while (tok := self.peek(k)) is not None:
            depth += {"(": 1, ")": -1}.get(tok, 0)
            raised = self.peek(k + 2) if self.peek(k + 1) == "{" else self.peek(k + 1)  # `^T`, `^{T}`
            if tok == "^" and raised in ("T", "\\top", "\\intercal") or tok in ("\\top", "\\intercal"):
                return True
            if depth == 0:
                return False
            k += 1
        return False

    def _raised_after(self) -> bool:
        """Whether the bracket that follows is raised to a power (`(X^T X)^{-1}`): a factor, not an argument."""
        depth, k = 0, 0
        while (tok := self.peek(k)) is not None:
            depth += {"(": 1, ")": -1}.get(tok, 0)
            if depth == 0:
                return self.peek(k + 1) == "^"
            k += 1
        return False

    def _one_name_inside(self) -> bool:
        """Whether the bracket that follows holds one decorated name and nothing else (`(\\hat{q})`)."""
        start = self.i
        try:
            self.take()
            inside = self.atom() if (self.peek() or "").startswith("\\") else None
            return inside is not None and inside[0] == "name" and " " in inside[1] and self.peek() == ")"
        except Unread:
            return False
        finally:
            self.i = start

    def subscript(self, base: str, sub: list[str]) -> Tree:
        """`W_1`, `h_{l-1}` as names; `W_{ij}`, `\\bar{y}_i`, `W_{l,ij}`, `\\bar{Y}_{r,:}` as indexing."""
        text = "".join(sub)
        if "," in text:
            head, rest = text.split(",", 1)
            if head in self.indices or head.isdigit():  # `\bar{Y}_{r,:}`: row r
                first = 0 if ZERO_BASED.get() else 1
                column = [int(rest) - first] if rest.strip().isdigit() else [c for c in rest if c.isalpha() or c == ":"]
                return ("idx", ("name", base), [head if head.isalpha() else int(head) - first, *column])  # `A_{1,2}`
            if len(head) > 2 and head.isalpha() and len(rest.strip()) == 1:
                return ("name", f"{base}_{text}")  # `\\vec{p}_{sys,f}`: a word and a letter label one name, no entry
            return ("idx", ("name", f"{base}_{head}"), [c for c in rest if c.isalpha() or c == ":"])
        if text.isdigit() and (base in OWN_NUMBERED.get()
                               or base.startswith("bar ") and base[4:] in OWN_NUMBERED.get()):
            return ("name", f"{base}_{text}")  # `W_1` beside a W of an earlier section: a layer's own name
        known = base in self.names or base.startswith("bar ") and base[4:] in self.names
        # `T_b` under `\\sum_b`, `x_{ij}` under `\\sum_i \\sum_j`: every letter one a sum binds
        bound = text.isalpha() and set(text) <= self.indices and set(text) <= self.bound.keys()
        # `\\bar{h}_l` beside a name `h_l`: the adjoint of layer l's h (a name of its own), unless a sum binds l
        label = not bound and base.startswith("bar ") and f"{base[4:]}_{text}" in self.names
        if f"{base}_{text}" in self.names or not (set(text) <= self.indices or text.isdigit()) or not (
                known or bound) or label or text.startswith("0"):
            return ("name", f"{base}_{text}")  # `\\omega_0`: entries count from 1, so a 0 names a value of its own
        if bound and len(text) == 1 and (data := (ROWS_OF.get() or {}).get(base)) and self.bound[text] in data[1:]:
            # `x_i` under `\\sum_{i=1}^n` beside a declared X: its row i where X has n rows, its column i where n
            # columns
            matrix = ("name", data[0]) if self.bound[text] == data[1] else ("T", ("name", data[0]))
            return ("idx", matrix, [text])
        if text.isdigit() and len(text) == 2 and base[:1].isupper():
            return ("idx", ("name", base), [int(text[0]) - 1, int(text[1]) - 1])  # `A_{21}`: row 2, column 1
        return ("idx", ("name", base), [c if c.isalpha() else int(c) - 1 for c in text] if not text.isdigit()
                else [int(text) - 1])

    def argument(self) -> Tree:
        """A function's argument: a bracketed expression, or the next factor (`\\tanh x`, `\\log \\sum_j ...`)."""
        if self.peek() == "(":
            self.take("(")
            tree = self.expr()
            self.take(")")
            return tree
        tree = self.factor()
        if tree[0] == "num" and re.fullmatch(r"[A-Za-z]|\\(?:" + "|".join(GREEK) + ")", self.peek() or ""):
            tree = ("prod", tree, self.factor())  # `\\cos 2t`: a number and the name written against it, one argument
        return tree

    def environment(self, tok: str) -> Tree:
        """A `pmatrix` as rows of entries, or `cases` as (value, condition) pairs."""
        m = ENVIRONMENT.fullmatch(tok)
        if m is None:  # `\\begin{vmatrix}` (a determinant), `\\begin{array}`: no vector or matrix this reader builds
            name, k = "", 1
            while self.peek() == "{" and self.peek(k) not in (None, "}"):
                name, k = name + str(self.peek(k)), k + 1
            raise Unread(f"an environment it does not read (`\\begin{{{name}}}`)")
        rows = [r for r in re.split(r"\\\\", m.group(2)) if r.strip()]
        cells = [[c.strip() for c in r.split("&")] for r in rows]
        if m.group(1) != "cases":
            if len({len(r) for r in cells}) != 1:
                raise Unread("a matrix with rows of different lengths")
            return ("mat", [[self.sub(tokens(c)) for c in r] for r in cells])
        pairs = []
        for r in cells:
            if len(r) != 2:
                raise Unread("a case without its condition")
            condition = re.sub(r"\\(?:text|mbox)\{\s*(?:if|for|when|where)?\s*\}|\\(?:if|for|when|where)\b", "", r[1])
            otherwise = re.fullmatch(r"\s*(?:\\otherwise|\\(?:text|mbox)\{\s*otherwise\s*\})?\s*\.?\s*", condition)
            pairs.append((self.sub(tokens(r[0])), None if otherwise else self.condition(tokens(condition))))
        return ("cases", pairs)

    def condition(self, toks: list[str]) -> Tree:
        """`x > 0` in a case: a comparison."""
        inner = Parser(toks, self.names, self.indices)
        left = inner.expr()
        op = inner.take()
        if op not in COMPARISONS:
            raise Unread(f"a condition with {op}")
        right = inner.expr()
        if inner.peek() is not None:
            raise Unread(_stop(None, inner.t[inner.i:]))
        return ("ind", left, op, right)

    # ------------------------------------------------------------------ commands

    def _frac(self) -> Tree:
        """`\\frac{a}{b}`, or `\\frac{\\partial z}{\\partial x}` as a gradient."""
        top, bottom = self.group(), self.group()
        if top and top[0] in ("\\partial", "d") and bottom and bottom[0] in ("\\partial", "d") and len(top) > 1:
            return ("grad", self.sub(top[1:]), self.sub(bottom[1:]))
        if top in (["d"], ["\\partial"]) and len(bottom) > 1 and bottom[0] == top[0] and self.peek() is not None:
            wrt = self.sub(bottom[1:])
            # `\\frac{d}{dx} z(y(x))`: the operator, applied to what follows, a product whole (`x^T A x`)
            return ("grad", self._operand(), wrt)
        return ("div", self.sub(top), self.sub(bottom))

    def _partial(self) -> Tree:
        """`\\partial y_i / \\partial x_j`: one entry of a derivative."""
        target = self.factor()
        self.take("/")
        self.take("\\partial")
        return ("grad", target, self.factor())

    def _nabla(self) -> Tree:
        """`\\nabla_x z`: the gradient of z with respect to x; of a product written after it, the whole product
        (`\\nabla_x b^\\top x` is the gradient of b^T x, not of b^T times x)."""
        self.take("_")
        wrt = self.sub(self.group())
        return ("grad", self._operand(), wrt, "nabla")  # marked: texts lay a vector's nabla out either way

    def _operand(self) -> Tree:
        """What a derivative operator applies to: the product written after it, whole (`\\nabla_x b^\\top x` is the
        gradient of b^T x, not of b^T times x)."""
        target = self.factor()
        while (tok := self.peek()) is not None and tok not in ("+", "-", ")", "]", "}", ",", "\\cdot", "\\times",
                                                               "\\odot", "\\otimes", "/", "\\nabla", *COMPARISONS):
            target = ("prod", target, self.factor())
        return target

    def _sum(self) -> Tree:
        """`\\sum_i body`, `\\sum_{i=1}^{n} body`, or `\\sum body` (every entry)."""
        index = bound = None
        start: list[str] = []
        if self.peek() == "_":
            self.take()
            start = self.group()
            index = start[0]
            if not re.fullmatch(r"[a-z]", index):
                raise Unread(f"a sum over {index}")
        if self.peek() == "^":
            self.take()
            top = self.group()  # the bound: a letter names the dimension the index runs over
            bound = top[0] if len(top) == 1 and re.fullmatch(r"[A-Za-z]", top[0]) else None
            if start[1:] == ["=", "1"] and len(top) == 1 and top[0].isdigit():
                bound = int(top[0])  # `\sum_{i=1}^4 a_i^2`: four terms, whatever the size of what it indexes
        if index:
            self.indices.add(index)
            self.bound[index] = bound
        body = self.term()
        while index and self.peek() in ("+", "-") and self._uses(index):
            # `\sum_i y^{(i)}\log a^{(i)} + (1-y^{(i)})\log(1-a^{(i)})`: a sum reaches as far as its index is used
            body = ("add" if self.take() == "+" else "sub", body, self.term())
        return ("sum", index, body, bound)

    def _uses(self, index: str) -> bool:
        """Whether the term after the next + or - writes the index in a subscript or superscript (`y_i`, `a^{(i)}`)."""
        depth, k = 0, 1
        while (tok := self.peek(k)) is not None:
            if depth == 0 and (tok in ("+", "-", ")", "]", "}", ",", *COMPARISONS) or tok == "\\sum"):
                return False
            if tok in ("_", "^"):
                raised = self.t[self.i + k + 1:self.i + k + 2]
                if raised == ["{"]:
                    end = k + 2
                    while self.peek(end) not in (None, "}"):
                        end += 1
                    raised = self.t[self.i + k + 2:self.i + end]
                if index in raised:
                    return True
            depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(tok, 0)
            k += 1
        return False

    def _norm(self) -> Tree:
        """`\\lVert v \\rVert`: the Euclidean (Frobenius) norm."""
        self.norms += 1
        tree = self.expr()
        self.norms -= 1
        self.take("\\norm")
        if self.peek() == "_":  # `\\|x\\|_2`, `\\|A\\|_F`: the Euclidean (Frobenius) norm, the one computed
            self.take()
            if (which := "".join(self.group())) not in ("2", "F"):
                raise Unread(f"a norm `_{which}` other than the Euclidean one")
        return ("norm", tree)

    def _diag(self) -> Tree:
        """`\\operatorname{diag}(v)`: the diagonal matrix of a vector."""
        return ("diag", self.argument())

    def _trace(self) -> Tree:
        """`\\operatorname{tr}(A)`, `tr\\left[A^T A\\right]`: the sum of a square matrix's diagonal."""
        if self.peek() == "[":
            self.take("[")
            tree = self.expr()
            self.take("]")
            return ("trace", tree)
        return ("trace", self.argument())

    _tr = _Tr = _trace

    def _langle(self) -> Tree:
        """`\\langle a, x \\rangle`: the inner product of two columns, a^T x."""
        first = self.expr()
        self.take(",")
        second = self.expr()
        self.take("\\rangle")
        return ("prod", ("T", first), second)

    def _det(self) -> Tree:
        """`\\det A`, `\\det(A)`, `\\operatorname{det}\\begin{pmatrix}...`: the determinant of a square matrix."""
        return ("det", self.argument())

    def _ones(self) -> Tree:
        """`\\mathbf{1}`: a vector of ones."""
        return ("ones",)

    def _indicator(self) -> Tree:
        """`\\mathbb{1}[H > 0]`: 1 where the condition holds, else 0."""
        self.take("[")
        left = self.expr()
        op = self.take()
        if op not in COMPARISONS:
            raise Unread(f"a condition with {op}")
        right = self.expr()
        self.take("]")
        return ("ind", left, op, right)

    def _sigmoid(self) -> Tree:
        """`sigmoid(z)`, the word for sigma (whatever the bracket holds: `sigmoid(w^T x + b)`)."""
        return ("fn", "sigma", self.argument())

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

    def _sin(self) -> Tree:
        """`\\sin x`."""
        return self._elementary("sin")

    def _cos(self) -> Tree:
        """`\\cos x`."""
        return self._elementary("cos")

    def _max(self) -> Tree:
        """`\\max(0, x)` (or `\\max(x, 0)`): ReLU."""
        arg = self.atom()
        if arg[0] != "vec" or len(arg[1]) != 2 or ("num", 0.0) not in arg[1]:
            raise Unread("a maximum that is no ReLU")
        return ("fn", "relu", next(a for a in arg[1] if a != ("num", 0.0)))

    def _softmax(self) -> Tree:
        """`\\operatorname{softmax}(z)`."""
        return ("softmax", self.argument())

    def _Delta(self) -> Tree:  # noqa: N802 - the command's name
        """`\\Delta x`: a small change in x (or the change it causes)."""
        return ("delta", self.name(self.take()))

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


# Bases whose numbered forms (`W_1`, `b_2`) are names of their own, not W's entries: set by the matrix reader
# for names an earlier section gave (a layer's W_1 is not the first row of section 2's W), and for scalars.
OWN_NUMBERED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("own_numbered", default=frozenset())
# Names the text defined as maps and as nothing else (`\\hat{R}(w) = \\frac{1}{n} \\lVert Xw - y \\rVert^2`): set by the
# matrix reader, so that `\\hat{R}(\\hat{w})` is the map at w-hat, not hat-R times w-hat
MAPPED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("mapped", default=frozenset())
# Lower-case names of the matrices the text declares (`x` for `X \\in \\mathbb{R}^{n \\times m}`), each mapped to its
# matrix and its two sizes, where nothing gives the lower-case name: under `\\sum_{i=1}^n`, `x_i` is X's row i (one
# example's features); under `\\sum_{i=1}^m`, its column i
ROWS_OF: contextvars.ContextVar[dict[str, tuple[str, str, str]] | None] = contextvars.ContextVar("rows_of",
                                                                                                 default=None)
# The capital Greek names the text gives a matrix or a shape (`\\Omega = \\begin{pmatrix}...`, `\\Sigma \\in
# \\mathbb{R}^{n \\times n}`): set by the matrix reader; any other (`\\Gamma`, a circulation; `\\Lambda` an eigenvalue
# matrix never written out) is a name the reader does not know
GREEK_MATRICES: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("greek_matrices", default=frozenset())
# whether the notebook says its indices count from 0 (`all indices are 0-based`): then `A_{0,1}` is row 0, column 1
ZERO_BASED: contextvars.ContextVar[bool] = contextvars.ContextVar("zero_based", default=False)


def _stop(want: str | None, rest: list[str]) -> str:
    """Where the parser stopped and what it wanted there, in words a course's author can act on."""
    if not rest:
        return "the formula ends where it expected more"
    shown = " ".join(rest[:6]) + (" ..." if len(rest) > 6 else "")
    there = f"it stops at `{shown}`" + (f", where it expected `{want}`" if want else "")
    if rest[0] == ",":
        return there + ": a comma it cannot place (the arguments of a function nothing defines, or a list)"
    return there


def parse_side(latex: str, names: set[str], indices: set[str] = frozenset()) -> Tree:
    """One side of a formula as a tree; raises Unread."""
    toks = tokens(latex)
    if not toks:
        raise Unread("an empty side")
    parser = Parser(toks, names, set(indices))
    tree = parser.expr()
    if parser.peek() is not None:
        raise Unread(_stop(None, parser.t[parser.i:]))
    return _jacobians(tree)


def _map_name(subscript: str) -> str:
    """The map a Jacobian's subscript names, spelled as the reader names it elsewhere (`\\mathbf{f}` -> `mathbf f`,
    as in `\\mathbf{z} = \\mathbf{f}(\\mathbf{x})`)."""
    decorated = re.fullmatch(r"\\(" + "|".join(DECORATIONS) + r")\s*\{\s*([A-Za-z]+)\s*\}", subscript.strip())
    return f"{decorated.group(1)} {decorated.group(2)}" if decorated else subscript


def _jacobians(tree: Tree) -> Tree:
    """`J_g(x)`, read as the name J_g applied to x, is the Jacobian of g at x."""
    if not isinstance(tree, tuple):
        return tree
    if tree[0] == "call" and tree[1].startswith("J_"):
        return ("jac", _map_name(tree[1][2:]), _jacobians(tree[2]))
    if tree[0] == "prod" and tree[1][0] == "name" and tree[1][1].startswith("J_") and tree[2][0] == "vec":
        return ("jac", _map_name(tree[1][1][2:]), tree[2])
    return tuple(_jacobians(t) if isinstance(t, tuple) else [_jacobians(x) for x in t] if isinstance(t, list) else t
                 for t in tree)


FACTOR = r"(\\frac\{\\partial\s*[A-Za-z]+_\{?[0-9]+\}?\}\{\\partial\s*[A-Za-z]+_\{?[0-9]+\}?\}|[A-Za-z]+_\{?[0-9]+\}?)"


def expand_layers(statement: str) -> str:
    """A product over layers with `\\cdots` written out at `LAYERS` layers (`J_L \\cdots J_1` is `J_3 J_2 J_1`)."""
    if "\\cdots" not in statement:
        return statement
    counts = set(re.findall(r"_\{?([A-Z])(?:\s*-\s*\d+)?\}?", statement))
    if len(counts) != 1:
        raise Unread("\\cdots, with no one letter counting the layers")
    n = counts.pop()
    text = re.sub(rf"_\{{\s*{n}\s*-\s*(\d+)\s*\}}", lambda m: f"_{{{LAYERS - int(m.group(1))}}}", statement)
    text = re.sub(rf"_(?:\{{\s*{n}\s*\}}|{n}(?![A-Za-z0-9]))", f"_{{{LAYERS}}}", text)
    text = re.sub(r"_\{\s*(\d+)\s*\}", r"_\1", text)  # `h_{2}` as `h_2`, so steps compare
    pattern = re.compile(FACTOR + r"(?:\s|\\,|\\;)*\\cdots(?:\s|\\,|\\;)*" + FACTOR)
    while m := pattern.search(text):
        text = text[:m.start()] + _between(m.group(1), m.group(2)) + text[m.end():]
    if "\\cdots" in text:
        raise Unread("\\cdots between factors that are no steps of one product")
    return text


def _between(first: str, last: str) -> str:
    """`J_3 \\cdots J_1` as `J_3 J_2 J_1`: the factors from first down to last, one step apart."""
    numbers = [int(k) for k in re.findall(r"\d+", first)]
    ends = [int(k) for k in re.findall(r"\d+", last)]
    pieces = re.split(r"\d+", first)
    gaps = {a - b for a, b in zip(numbers, ends)}
    if pieces != re.split(r"\d+", last) or len(gaps) != 1 or gaps == {0}:
        raise Unread("\\cdots between factors that are no steps of one product")
    sign = 1 if min(gaps) > 0 else -1  # `J_3 \\cdots J_1` counts down, `J_1 \\cdots J_3` up
    return " ".join("".join(p + (str(k - sign * step) if i < len(numbers) else "") for i, (p, k) in
                            enumerate(zip(pieces, [*numbers, 0]))) for step in range(abs(min(gaps)) + 1))
