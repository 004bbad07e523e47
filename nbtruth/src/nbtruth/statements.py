"""Math statements in markdown: where they are, how a span splits into them, and the role prose gives them.

A *statement* is one piece of a math span (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`), split at
`\\quad`, `\\qquad`, `\\text{...}`, `\\\\`, `;`, `\\implies`, and commas outside brackets. Display
environments (`equation`, `align`, `aligned`, `eqnarray`, `gather`, `split`, `multline`, starred or
not) are unwrapped: their `&` only aligns, and a line that starts with a relation (`&= ...`)
continues the previous line's chain, so `a &= b \\\\ &= c` is the one statement `a = b = c`, checked
link by link. Matrices, `cases` and `array` stay whole. `{\\bf x}`, `\\bm{x}` and `\\boldsymbol{x}`
are written as `\\mathbf{x}`; `\\left`, `\\right` and spacing commands are dropped.

A statement's *role* is `condition` when the prose makes it one: it is followed, in the same
sentence, by `at`, `on` or `along` (`$p = y$ at $x = 2$`: a boundary condition, not a definition
of p), or by `for`, `when` or `if` and the span of what it holds for (`$u = 0$ for $x < 0$`; `for
four points` makes no condition), it is the place such a condition names (`$x = 2$` there) or a
sentence names (`a minimum for $x = 1$`, a lower-case `for`, `at`, `when` before a name set to a
number), it is an equation to
solve (`there is no $x$ for which $f(x) = 0$`, `such that`, `satisfies`), or it
stands in a paragraph about boundary or initial conditions. A span that ends its sentence
(`... = 2x + 1 .$$`), or a capital after it (`At $x = 3$ this is ...`), starts no condition; a span
the sentence introduces as its example (`For $L = w^2$ at a fixed $w = 3$`, `Take`, `Let`, `With`)
is no condition either. A display that names a place and then what holds there (`z=0 \\qquad p = 0`) is
a condition, and so is a second place listed after one (`for $n=0$ and $n=N$`). A system's rows have
the role `system`, values listed side by side `listed` (so are formulas one span gives the same name, `$y=a^x,\\;
y=x^x$`, examples). A span with `\\lim` holds a limit's steps (`limit`); an equation the text says corresponds to a
value (`$\\log_{10}\\omega = 0$ corresponds to $\\omega = 1$`) is `solved` at it. Every other statement has the role
`statement`.

A definition in words (`Change $L$ to $a b x$`, `Let $L$ be ...`, `replace $x_1$ by $x_m$`) is the one
statement `L = a b x`, with the role `worded`: it gives L that value, and is no claim that could fail.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
import unicodedata

from .relations import parse_domain, split_relations
from .statistics import spelled_out

__all__ = ["DECIMAL_COMMAS", "FENCE_RE", "MATH_RE", "brace_group", "braced_decorations", "math_statements", "outline",
           "prose", "span_math", "split_top_level", "statements_in_context", "statements_with_roles",
           "writes_decimal_commas"]

# `$$...$$`, `$...$`, `\\(...\\)`, `\\[...\\]`, and a display environment written bare (`\\begin{equation}...`,
# no dollars), which Jupyter's MathJax renders as display math.
MATH_RE = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]|"
                     r"(\\begin\{(equation|align|alignat|eqnarray|gather|multline|flalign)(\*?)\}.+?\\end\{\6\7\})",
                     re.DOTALL)
# `\\big{(} \\frac{1}{2} \\big{)}^1`: a sized delimiter written in braces, the delimiter alone
SIZED_IN_BRACES = re.compile(r"\\(?:big|Big|bigg|Bigg)[lrm]?\s*\{\s*([()\[\]|/.]|\\[{}|])\s*\}")
EMPTY_GROUP = re.compile(r"(?<=[-+=·])\s*\{\s*\}|(?<![A-Za-z])\{\s*\}(?=\s*(?:[-+=·]|\.\.|\\[lc]?dots|…))")
SPACING_RE = re.compile(r"\\(?:left|right|(?:big|Big|bigg|Bigg)[lrm]?)(?![A-Za-z])\.?|(?<!\\)\\[,;!: ]|(?<!\\)~|"
                        r"\\(?:displaystyle|textstyle|quad|qquad|tiny|scriptsize|footnotesize|small|normalsize|"
                        r"large|Large|LARGE|huge|Huge)\b")  # `$$\\large x(n) = ...$$`: a size, no factor
FENCE_RE = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.MULTILINE | re.DOTALL)
# A MyST directive in a fence of its own length: ```{note} ... ```, ````{admonition} Title ... ````
DIRECTIVE = re.compile(r"^(`{3,}|~{3,})[ \t]*\{([\w:-]+)\}(?P<title>[^\n]*)\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_DIRECTIVES = {"code", "code-block", "code-cell", "literalinclude", "raw", "glue", "eval-rst", "list-table",
                   "mermaid", "graphviz", "csv-table"}
DISPLAY_ENV = re.compile(r"\\(?:begin|end)\{(?:equation|align|aligned|alignat|eqnarray|gather|gathered|split|"
                         r"multline|flalign)\*?\}(?:\{\d+\})?|\\(?:label\{[^}]*\}|nonumber|notag)")
# a dotted function applied to an argument other than t (`\\dot{\\Lambda}(\\eta)`): its derivative there, as a prime
# `\sigma (x)'`, `f(x)''`: a function's primes written after its argument
PRIMED_AFTER = re.compile(r"(?<![A-Za-z])(\\[A-Za-z]+|[A-Za-z])\s*\(\s*(\\?[A-Za-z]+)\s*\)\s*('+)")
DOTTED_APPLIED = re.compile(r"\\(dot|ddot)\s*\{\s*(\\?[A-Za-z]+)\s*\}\s*\((?!\s*t\s*\))")
PRIMES = {"dot": "'", "ddot": "''"}
DOTTED_AT_T = re.compile(r"(\\d{1,3}ot\{\\?[A-Za-z]+\})(\^\{?\d+\}?)?\(\s*t\s*\)")
DIVIDED_WITH_REMAINDER = re.compile(r"(\d+)\s*\\div\s*(\d+)\s*&?\s*=\s*(\d+)\s*\\(?:text|mbox|textrm)\s*\{\s*"
                                    r"(?:(?:with|com)\s+(?:a\s+|o\s+)?)?(?:remainder|resto)\s*(?:of\s*)?\}\s*(\d+)")
# not a numeral in a base: `(0.123\\overline{0})_{10}`, `0.0\\overline{0011}_2`
# a mixed number, `4\\frac{2}{3}` (fourteen thirds, in an LU factor's entries): an integer right before a proper
# fraction of integers, nothing multiplied after it
MIXED_NUMBER = re.compile(r"(?<![\w.^_{])(?<!\^\{)(?<!_\{)(\d+)\\[dt]?frac\{\s*(\d+)\s*\}\{\s*(\d+)\s*\}"
                          r"(?!\s*(?:[A-Za-z(]|\\(?!end|hline|right|quad|qquad|text)[A-Za-z]))")
REPEATING = re.compile(r"(?<![\d.])(\d+)\.(\d*)\\overline\{(\d+)\}(?!\s*\)?\s*_)")
# a determinant however it is written: `\\begin{vmatrix}`, `\\det\\begin{pmatrix}` (`\\det(\\begin{bmatrix}...)`,
# `\\operatorname{det}`), `\\left|\\begin{matrix}...\\right|`, `|\\begin{array}{ll}...\\end{array}|`
DETERMINANT = re.compile(r"\\begin\{vmatrix\}(?P<v>.*?)\\end\{vmatrix\}"
                     r"|\\(?:det|(?:operatorname|mathrm|text)\{det\})\s*(?:\\left\s*)?(?P<open>\()?\s*"
                     r"\\begin\{(?P<env>[pbB]?matrix)\}(?P<d>.*?)\\end\{(?P=env)\}\s*(?(open)(?:\\right\s*)?\))"
                     r"|(?:\\left\s*)?\|\s*\\begin\{(?P<bars>matrix|array)\}(?:\{[lcr]+\})?(?P<b>.*?)\\end\{(?P=bars)\}"
                     r"\s*(?:\\right\s*)?\|", re.DOTALL)
ALIGNING_ARRAY = re.compile(r"\\begin\{array\}\{([rcl]{2,4})\}(.*?)\\end\{array\}", re.DOTALL)
RELATION_COLUMN = re.compile(r"&\s*=|=\s*&")  # `&=&`, `&=`: a relation set in a column of its own
WHOLE_ENV = re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.DOTALL)
# `{\bf r}`, `\boldsymbol{r}`, and `(\bf x)`: a switch to bold on one letter, the group it ends in unwritten
BOLD = re.compile(r"\{\\(?:bf|boldsymbol|mathbf|bm)\s+([^{}]+?)\s*\}|\\bf\s+([A-Za-z])(?![A-Za-z])|"
                  r"\\(?:boldsymbol|bm|textbf(?=\{\s*[A-Za-z]\s*\}))\s*\{")  # `\\textbf{A} x`: a bold letter
# `100\\,\\mathrm m`, `\\mathrm\\Omega`, `\\mathbf x`: a font command takes the one next token, a letter, a digit or a
# command, as TeX does when no brace follows
ONE_TOKEN = re.compile(r"\\(mathrm|mathbf|boldsymbol|bm|mathit|mathsf|text|textrm)(?![A-Za-z])\s*"
                       r"(\\[A-Za-z]+|[A-Za-z0-9])")
RELATION_START = re.compile(r"^\s*(=|\\approx|\\equiv)")
# `... + (1 \\times 2^7) \\\\ \\,\\,\\, + (1 \\times 2^6) + ...`: a line that opens with + or - and states no relation
# goes on with the previous line's sum
SUM_GOES_ON = re.compile(r"\s*(?:\\[,;:! ]\s*|\\q?quad\s*|~\s*)*[-+\u2212](?![-+=])")
STATES_A_RELATION = re.compile(r"=|<|>|\\(?:le|ge|leq|geq|approx|neq|ne|sim|equiv|to)(?![A-Za-z])")
# The word after a span makes it a condition only within its sentence: never across a blank line, never after a
# span that ends its sentence (`... = 2x + 1 .$$`), never a capital that starts the next one (`At $x = 3$ ...`).
CONDITION_AFTER = re.compile(r"^[ \t,]*\n?[ \t]*(?:(?:only|exactly|precisely|just)\s+)?"  # `only when $x=2$`
                             r"(at|on|when|for(?!\s+(?:all|every|any|each)\b)|along|if|"
                             # `$g^{(k)}(0) = 1$ si $k=0$`: if, when, for in French, Spanish, Portuguese, German
                             r"si|se|wenn|falls|quand|lorsque|cuando|quando|pour|para|für)\b")
FOREIGN_WHEN = ("si", "se", "wenn", "falls", "quand", "lorsque", "cuando", "quando")  # if and when
FOREIGN_IF = (*FOREIGN_WHEN, "pour", "para", "für")  # and for
CASE_WORDS = ("if", "when", *FOREIGN_WHEN)  # the words that name a claim's one case after it; not `for`
# `... for some $x$`, `for unlucky $x$ values`: what holds only at some values, an equation for them
SOME_VALUES = re.compile(r"^[ \t,]*\n?[ \t]*for\s+(?:some|certain|unlucky|particular|specific|special|which|those)\b")
# A span the sentence introduces as its example (`For $L = w^2$ at a fixed $w = 3$`) defines it, whatever follows.
INTRODUCED = re.compile(r"\b(?:For|Take|Let|Consider|With|Given|Define)\s*$|已知\S{0,6}$")  # 已知: given
CONDITION_BEFORE = re.compile(r"\b(at|on|along)\s*$", re.IGNORECASE)
# `a minimum for $x = 1$`: a lower-case word before `name = number` names where something holds, not an input
PLACE_BEFORE = re.compile(r"(?<![.:!?]\s)\b(?:for|at|when|where|near|around)(?:\s+(?:the\s+)?(?:time|point|step|"
                          r"iteration|position|node|instant))?\s*$")  # `at time $t=0$`
# `for $z_0 = 1$ we have $f(f(f(0))) = 5$`, `and when $I_A = 1$ then $I_A^2 = 1$`: a place the sentence then says
# something at; that holds there only
PLACE_THEN = re.compile(r"^[ \t]*,?[ \t]*(?:(?:we|one|you)\s+(?:have|get|find|obtain|see)(?:\s+that)?|then|"
                        r"(?:this|it|which)\s+(?:gives|yields)|gives|yields)\s*:?\s*$")
# `At $\\sigma = \\underline\\sigma$ we have ...`: a sentence that opens at a point; what it goes on to say holds there
POINT_SENTENCE = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:\d+\.|[-*])?\s*)(?:At|When)\s*$")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|[。？！]|\n\s*\n|\n\s*(?:\d+\.|[-*])\s|\.\s*\$*$")  # `。`: Chinese
# a unit written in the prose right after a value (`$f_\\text{s} = 48$ kHz`): the value is in that unit, which the
# reader does not convert, so the value is not used
UNIT_AFTER = re.compile(r"^[ \t]*(k?Hz|MHz|GHz|ms|µs|ns|sec|seconds?|min|hours?|cm|mm|km|kg|mg|kJ|kW|mV|mA|kPa|MPa|"
                        r"Pa|bar|dB|rad|m/s|[smK])(?=[\s.,;:)?!]|$)")
# `x = 11\\,\\text{m}`, `g = 10\\,\\mathrm{m/s}^2`: a unit written as text right after a number
# (US customary units too, as engineering courses write them: `600\\text{ lb}`, `12\\text{ in}`, `40\\text{ ksi}`)
_UNIT_WORD = r"(?:[kMGmµnc]?(?:m|s|g|N|J|W|Pa|Hz|K|A|V|mol|L|eV|rad|h|min|bar|T)|°C|Ω|lbf?|ft|in|psi|ksi|kips?|mi|yd)"
ONE_UNIT = re.compile(rf"\\(?:text|textrm|mathrm|rm|mbox)\s*\{{\s*({_UNIT_WORD}(?:\s*[/\\cdot ]\s*{_UNIT_WORD})*"
                      rf"(?:\^(?:\{{-?\d\}}|-?\d))?)\s*\}}(\^(?:\{{-?\d\}}|-?\d))?")  # a power's braces both or none
_UNIT_SPACE = r"\s*(?:\\[,;:!]|\\\s|~|\\q?quad(?![A-Za-z]))?\s*"  # `4.116\\times10^{-26}\\quad\\text{m}^3` too
# `11\,\text{m}`, `1.8 \ \textrm{m}^3 \ \textrm{h}^{-1}`, `2.4\times 10^{-11}\,\text{J}`: a number's units, one after
# another (`\text{kJ}\cdot\text{mol}^{-1}` too)
UNIT_IN_MATH = re.compile(rf"(?:(?<=\d)|(?<=\d\}})){_UNIT_SPACE}((?:{ONE_UNIT.pattern})"
                          rf"(?:(?:{_UNIT_SPACE}|\s*\\cdot\s*)(?:{ONE_UNIT.pattern}))*)")
# `\\stackrel{\\text{linearization}}{\\rightarrow}`: what follows the arrow is the formula an approximation gives
APPROXIMATION_ARROW = re.compile(r"\\(?:stackrel|overset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*\\(?:rightarrow|to|"
                                 r"longrightarrow)\s*\}")
# `detected past $x=L$`, `near the point $x=x_0$`: a point past or near which something holds, a place even when a
# name gives it
# `$|\\frac{1}{x}| \\geq 1$ em torno de $0.0$`: an inequality that holds near a place the next span gives, not
# everywhere
NEAR_AFTER = re.compile(r"^\s*(?:near|around|close\s+to|in\s+the\s+neighbou?rhood\s+of|em\s+torno\s+de|perto\s+de|"
                        r"pr[óo]xim[oa]\s+(?:de|a)|cerca\s+de|alrededor\s+de|autour\s+de|pr[èe]s\s+de|"
                        r"in\s+der\s+N[äa]he\s+von|nahe(?:\s+bei)?)\s*$", re.IGNORECASE)
# `Euler's method failed whenever the time step was larger than one tank volume ($h=t/\\tau>1$)`: an inequality in
# brackets after a clause that says when something happens, the case in symbols (English, French, German, Spanish,
# Portuguese)
CASE_IN_BRACKETS = re.compile(r"\b(?:whenever|when|if|as\s+long\s+as|provided|unless|lorsque|quand|si|wenn|falls|"
                              r"cuando|siempre\s+que|quando|sempre\s+que|se)\b[^.;:$()]*\(\s*$", re.IGNORECASE)
BEYOND = re.compile(r"\b(?:past|beyond|near|around|close to|about)(?:\s+the\s+point)?\s*$")
# `so lets add a line $t/m = \\sqrt{2}L$`: a line or curve to draw on a plot, no claim
DRAWN = re.compile(r"\b(?:add|draw|plot|overlay)\s+(?:a|the|an)\s+(?:\w+\s+)?(?:line|curve)\s*$", re.IGNORECASE)
# `w_0=-w_1=20`, `n \\approx 14`
PLACE = re.compile(r"^(?:\s*[-−]?\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*(?:=|\\approx))+\s*[-−]?\d+(?:\.\d+)?\s*\.?\s*$")
# `&=& 2 - x, 1 < x <= 2 \\\\`: a piecewise row, its value then, after a comma, where it holds
COMMA_CASE = re.compile(r",\s*[^,=<>]*(?:<|>|\\[lg]eq?(?![A-Za-z])|\\[lg]t(?![A-Za-z]))[^,]*$")
IF_ROW = re.compile(r"&\s*if\s*&|\\(?:text|mbox|textrm|mathrm)\s*\{\s*if\b|(?<![\\A-Za-z])if(?![A-Za-z])")
# what lists values one after another (`$x = 0$ y $x \\approx 1.9$` in Spanish, `e`/`ou`, `et`, `und`/`oder`)
ALTERNATIVE = re.compile(r"\s*(?:,|,?\s*\b(?:and|or|y|o|e|ou|et|und|oder))\s*")
# `con que cumplan las condiciones $E[X_i]=\\mu$ y $Var(X_i)=\\sigma^2$`, `provided that $a > 0$`: what follows is
# supposed (the conditions a theorem asks of its variables), no claim about names an earlier cell drew
SUPPOSED_CONDITIONS = re.compile(
    r"\b(?:(?:satisf\w*|meets?|fulfils?|fulfills?|cumpl\w*|satisfag\w*|satisfaç\w*|erfüll\w*|vérifi\w*|remplissent)"
    r"\s+(?:the\s+|las\s+|los\s+|les\s+|die\s+|as\s+|os\s+)?(?:conditions?|condiciones|condición|condições|condição|"
    r"Bedingung(?:en)?|hypoth[èe]ses?|assumptions?|supuestos|hip[óo]tes[ie]s)|provided(?:\s+that)?|as\s+long\s+as|"
    r"siempre\s+que|con\s+que|pourvu\s+que|à\s+condition\s+que|desde\s+que|sofern|solange)\s*:?\s*$", re.IGNORECASE)
# `Let $X$ have $E[X]=2, \\mathrm{Var}(X)=9$`, `Given $E[X]=2$`, `$X$ has $E[X] = 2$`: a variable's moments given as an
# exercise's data, conditions on a new X (not claims about one an earlier section drew)
MOMENT = re.compile(r"\\mathbb\s*\{?E\}?|(?<![A-Za-z\\])(?:E|Var|Cov)\s*[\[(]|"
                    r"\\(?:operatorname|mathrm|text)\s*\{\s*(?:E|Var|Cov)\s*\}")
MOMENTS_GIVEN = re.compile(r"\b(?:given|have|has|having|with)\s*$", re.IGNORECASE)
# `If ..., then set $LB = \\gamma$, otherwise let $UB = \\gamma$`: an algorithm's update in one branch, not a claim
BRANCH_UPDATE = re.compile(r"\b(?:then|else|otherwise)\s*,?\s+(?:set|let|update|put)\s*$", re.IGNORECASE)
REMAINDER_AFTER = re.compile(r"\s*[,;(]?\s*(?:with\s+(?:a\s+)?remainder|remainder|rem\b)", re.IGNORECASE)
# `from $t=T$ to $t=0$`, `started at $t=t_0=2$ and integrated to $t=0$`: the ends of a range, where something runs,
# not values given or claimed
RANGE_FROM = re.compile(r"\b(?:from|(?:start|started|starting)\s+(?:at|from))\s*$")
RANGE_TO = re.compile(r"^\s*(?:and\s+(?:[a-z]+\s+){1,2})?(?:up\s+)?to\s*$")
# `no $x$ for which $f(x) = 0$`, `such that $g(x) = 1$`, `the implicit equation`: an equation to solve, not a claim
# that it holds; `often set $G_r(s) = G_y(s)$`: a choice texts make, not a claim
SOLVED = re.compile(r"\bby\s+(?:setting|changing|making)\s*$|"  # `for instance, by setting $A[1,3]=0.001$`: what if
                    r"\b(?:(?:for|on|over) which|such that|instead of|satisf(?:y|ies|ying)|"
                    # `Sea $f$ continua y tal que $f(1)=0$`: such that, in Spanish, Portuguese, French, German
                    r"tal(?:es)? que|tel(?:le)?s? que|so\s?dass|de (?:modo|forma|maneira) que|"
                    # `the only values where $f'(x) = 0$`: where an equation holds, its solutions
                    r"(?:values?|points?|numbers?)\s+(?:where|at\s+which)|"
                    r"solv(?:e|es|ing)(?:\s+(?:this|it|that))?(?:\s+as)?|"
                    r"(?:often|usually|typically|commonly) (?:set|choose|take)|"
                    # `alcanza su máximo cuando $\\sin\\varphi = \\sin 2\\varphi$`: where an extremum is, an equation
                    r"\b(?:maxim|minim|m[áa]xim|m[íi]nim|extrem)\w*\s+(?:\w+\s+){0,2}(?:when|cuando|quand|quando|wenn)|"
                    # `for turbulent flow we have the implicit equation $\frac{1}{\sqrt{f}} = 4 \log(Re \sqrt{f})$`
                    r"(?:an|the) implicit (?:equation|relation|function)(?:\s+(?:for|in|of)\s+\S+)?)\s*:?\s*$|"
                    # `Find the root of this equation:`, `the values of x and y that satisfy these equations:`
                    r"\b(?:(?:roots?|solutions?|zeros?)\s+of|satisf(?:y|ies|ying)|solve)\s+(?:this|these|the|that|both|"
                    r"the following)\s+(?:equations?|system(?: of equations)?)\s*:?\s*$|"
                    # `To get $x$ solve $k$ systems of linear equations $$A_1x_1 = b \quad A_2x_2 = x_1$$`
                    r"\bsystems?\s+of\s+(?:(?:linear\s+)?equations|the\s+form)\s*:?\s*$|"
                    # the same in Russian (`решим $k$ систем вида`, systems of the form; of linear equations)
                    r"\bсистем\w*\s+(?:вида|(?:линейных\s+)?уравнений)\s*:?\s*$|"
                    # `The FOC will therefore be: $$u'(y_0-s_0) = ...$$`: a first-order condition, an equation for the
                    # optimum, no identity
                    r"\b(?:FOCs?|first[- ]order\s+conditions?)(?:\s+(?:will\s+)?(?:therefore\s+)?(?:be|is|are|gives?"
                    r"(?:\s+us)?|yields?|becomes?|reads?))?\s*:?\s*$|"
                    # `Considere a equação $e^x = 4x^2$`, `la ecuación`: an equation named so in Portuguese or Spanish
                    r"\b(?:equa[çc](?:ão|ões)|ecuaci(?:ón|ones))\s*:?\s*$", re.IGNORECASE)
# `there is some integer $k$ so that $\theta = \theta_0 + 2\pi k$`: what some value makes hold, in a proof; no
# definition
EXISTS_BEFORE = re.compile(r"\bthere\s+(?:is|are|exists?)\s+(?:some|an?)\b[^.]*\b(?:so|such)\s+that\s*$", re.IGNORECASE)
# `We require that the non-diagonal elements $b_{kl} = 0$`, `choose $\\theta$ so that $b_{kl} = 0$`: an equation the
# text makes hold by its choice of what it leaves free; what follows holds where it does
REQUIRED_BEFORE = re.compile(r"\b(?:we|one|you)\s+(?:\w+\s+)?(?:require|demand|impose)\b[^$.]*$|"
                             # `构造出一个满足$trace(A)=8,\\ \\det A=16$的矩阵`, `a matrix satisfying`: what a new one
                             # must satisfy, not a claim about the one in reach
                             r"(?:一个|一些|某个|任意|任一)[^$。，,；;]{0,8}满足\s*$|"
                             r"\b(?:a|an|any|some)\s+(?:\w+\s+){0,2}satisfying\s*$|"
                             r"\brequir(?:e|es|ing)\s+that\b[^$.]*$|"
                             # `the minimum recycle ratio required to achieve an overall conversion of $X_A = 0.95$`
                             r"\b(?:required\s+to|achiev(?:e|es|ing)|attain(?:s|ing)?|exceed(?:s|ing)?)\b[^$.]*$|"
                             r"\b(?:(?:we|one|you)\s+(?:\w+\s+)?(?:choose|pick|select)|chosen)\b.*\bso\s+that\s*$|"
                             # `Condición de Estabilidad:`, `the CFL condition`: what a scheme's step sizes must
                             # satisfy, whatever an example's values do
                             r"\b(?:stability|convergence|CFL|Courant)\s+(?:condition|criterion|requirement)s?\b[^$.]*$|"
                             r"\bcondici(?:ón|on)(?:es)?\s+de\s+(?:estabilidad|convergencia)\b[^$.]*$|"
                             r"\bcondiç(?:ão|ões)\s+de\s+(?:estabilidade|convergência)\b[^$.]*$|"
                             r"\bconditions?\s+de\s+(?:stabilité|convergence)\b[^$.]*$|"
                             # `wobei das Konvergenzkriterium der geometrischen Reihe zusätzlich $$|0,5z^{-1}| < 1$$
                             # fordert`: the region where a series converges, not a claim for every z
                             r"\b(?:Stabilitäts|Konvergenz)(?:bedingung|kriterium)\w*[^$.]*$|"
                             r"\bcrit(?:é|e)ri(?:o|um|on)s?\s+de\s+(?:estabilidad|estabilidade|convergencia|"
                             r"convergência|stabilité|convergence)\b[^$.]*$|"
                             # `and the minimum condition, $\\frac{\\partial E}{\\partial R} = 0$ leads to`
                             r"\b(?:minimum|maximum|extremum|stationarity|optimality|equilibrium|first-order)\s+"
                             r"conditions?\s*(?:is|are|reads?|gives?)?\s*[,:]?\s*$",
                             re.IGNORECASE | re.DOTALL)
# `Set the gradient of the Lagrangian with respect to $x$ equal to zero:`: a stationarity condition, the last side's
# zero required, the derivative's formula before it a claim
STATIONARY_BEFORE = re.compile(r"^\s*(?:now\s+|then\s+|we\s+)?set(?:ting)?\s+(?:the|its|their|each|every|all)\b"
                               r"[^.]*?\b(?:equal\s+to|to)\s+zero\s*:?\s*$", re.IGNORECASE | re.DOTALL)
# `... and solve for $r$:`, `Solve for the unknown term $t$.`: the display after it is the steps of solving an
# equation for r
SOLVE_FOR_BEFORE = re.compile(r"\bsolv(?:e|es|ing)\s+(?:it\s+|this\s+|them\s+|the\s+\w+\s+)?for\s+"
                              r"(?:the\s+(?:\w+\s+){1,2})?\$([^$]+)\$\s*[:,.]?\s*$", re.IGNORECASE)
# `Divide both sides by 5000.`, `Take the natural logarithm of both sides.`, `setting the two functions equal to each
# other`, a row's note `\hbox{multiply both sides by $300-p$}`: what follows is a step of solving an equation
# `we would set up an equation where $f(x) = g(x)$, and solve`: the display after it is that equation
# (`Equating the two reactances`, `Igualando las reactancias dadas`: in other languages too)
# `Grouping the terms that have $a_1$ on the left-hand side`, `collecting like terms`, `Divide across by ...`: so are
# these
SOLVING_STEP = re.compile(r"\b(?:both|each)\s+sides?\b|\bequal\s+to\s+each\s+other\b|\bequat(?:e|es|ing)\b|"
                          r"\b(?:group|collect)(?:s|ing)?\s+(?:the\s+|like\s+)?terms\b|"
                          r"\b(?:divid|multiply|multipli)(?:e|es|ed|ing|ies)?\s+(?:across|through)\b|"
                          r"\b(?:iguala(?:ndo|r|mos)|uguaglia(?:ndo|re)|égalant|gleichsetzen|gleichgesetzt)\b|"
                          r"\bset(?:s|ting)?\s+up\s+(?:an?\s+|the\s+)?equations?\b", re.IGNORECASE)
# `Simplify using properties of logarithms ($\\ln(m^n) = n\\ln(m)$ ...).`: the sentence before a display that goes on
# with the steps of solving the last display took, whatever notes it writes
STEP_NOTE = re.compile(r"\s*(?:and\s+)?(?:then,?\s+|finally,?\s+|now,?\s+)?(?:simplify|simplifying|rearrange|"
                       r"rearranging|cancel|cancelling|isolate|isolating|subtract|subtracting|add|adding|expand|"
                       r"expanding|factor|factoring|collect|collecting)\b", re.IGNORECASE)
# `where $m_e$ is the mass and $v$ is the velocity of the electron`: the text says what a name stands for here
NAMED_BEFORE = re.compile(r"(?:\bwhere|\band|,)\s*$", re.IGNORECASE)
# `Now, let's replace $\\mathbf{w}$ and create a matrix`: the name stands for something new from here on
BOLD_NAME = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*)?\\?[A-Za-z]+(?:\s*\})?(?:_\{?\w+\}?)?")
REPLACED_BEFORE = re.compile(r"\b(?:let'?s|we(?:\s+will)?|now)\s+(?:replace|redefine|change)\s*$", re.IGNORECASE)
IMPLICIT_AFTER = re.compile(r"^\s*(?:is|be|was)\s+(?:defined|given|determined)\s+implicitly\b", re.IGNORECASE)
NAMED_AFTER = re.compile(r"^\s*(?:is|denotes|represents|stands\s+for)\s+(?:the|an?)\s+[a-z]", re.IGNORECASE)
# `We would need $h \\leq \\frac{2}{\\lambda_1}$`: a bound needed, no claim (only with an inequality: `we need
# $f'(x) = 2x$` goes on to claim it)
NEEDED_BEFORE = re.compile(r"\b(?:we|one|you)\s+(?:\w+\s+)?need\b[^$.]*$", re.IGNORECASE)
# `For example, if $f(x) = x^2$, then $f(x+h) = (x+h)^2$`: an example aside, inside the sentence only
EXAMPLE_IF = re.compile(r"\bfor\s+(?:example|instance)\s*,?\s*if\s*$", re.IGNORECASE)
# `Say we have $y'(x) = ...$`, `Suppose that $\\frac{dy}{dt} = ...$`: what follows poses a problem
NEW_PROBLEM_BEFORE = re.compile(r"\b(?:say|suppose|assume|consider|consideramos|consid[ée]rons)(?:\s+that)?"
                                r"(?:\s+we\s+have)?\s*:?\s*$|"
                                # `Las soluciones de la EDO, $$y'=5x$$`, `Consideramos la EDO de primer orden`,
                                # `Esta EDO se puede escribir de forma equivalente como`: an equation named so
                                r"\b(?:ODE|PDE|EDO|EDP|DGL|differential\s+equation|ecuaci[óo]n\s+diferencial|"
                                r"[ée]quation\s+diff[ée]rentielle|equa[çc][ãa]o\s+diferencial|Differentialgleichung)"
                                r"\b[^.$]*$", re.IGNORECASE)
# `Let $p=u_x$. Then the PDE becomes $$\frac{\partial p}{\partial y} = -p$$`: a new equation to solve
# so are `For the Nash Flow we need to equate:` (two costs set equal), `This is equivalent to:` and `Expanding both
# left and right hand sides:` (the steps of solving it)
# `they are something like $$w_i^{-1} = \\alpha_0 + \\alpha_1 X_i^2$$`, `weights should be like:`: a form the text
# supposes, or a rule's general shape, not a claim about the names as the section defined them
# `You might even guess that $\\log(5000) = 3.5$`: what a reader might guess, the text's next step shows otherwise
# `\\frac{gT^2}{L} = k^2, \\mbox{ a constant }`: a note calling the last side an (unknown) constant, which the text
# introduces here whatever an earlier section made its name
CONSTANT_NOTE = re.compile(r",?\s*\\(?:text|textrm|mbox)\{\s*\(?\s*(?:(?:is|being|for)\s+)?(?:a|an|some)\s+"
                           r"(?:[A-Za-z-]+\s+)?constant\s*\)?\s*[.,]?\s*\}\s*[.,]?\s*$", re.IGNORECASE)
# `Combining these, we get $x_2 = x_0 + 2c$`, `If we rewrite the right-hand side like this:`: a form derived from what
# came before, not a new example's formula
DERIVED_BEFORE = re.compile(r"\b(?:combin(?:e|es|ed|ing)|substitut(?:e|es|ed|ing)|plug(?:s|ged|ging)?\s+(?:\w+\s+)?in|"
                            r"putting\s+(?:these|them|this|it)\s+together|rewrit(?:e|es|ing|ten)|re-?arrang\w*|"
                            r"simplif\w*|expand(?:s|ed|ing)?|factori[sz]\w*|factor(?:ed|ing))\b", re.IGNORECASE)
# a text that calls what it states an identity (`## Cofunction identities`, `the double-angle identity`), not the
# identity matrix, function or element
IDENTITY_SAID = re.compile(r"\b(?:identit(?:y|ies)|identit[äa]ts?|identidad(?:es)?|identit[ée]s?|identità)\b(?!\s+"
                           r"(?:matri|function|map|element|operator|transformation|permutation|law|property))",
                           re.IGNORECASE)
# `Trace el bosquejo de una gráfica que cumpla las siguientes condiciones:`, `Sketch a graph satisfying these
# conditions:`: a list of conditions on a function to find, not claims about one the text defined
CONDITIONS_INTRO = re.compile(r"\b(?:satisf(?:y|ies|ying)|meets?|meeting|fulfil+s?|fulfil+ing|cumpl[ae]n?|"
                              r"satisfa(?:ga|ce)n?|verifi(?:que|ca|ant|e)|erfüllt|soddisf\w*|satisfaça)\b[^.:]*\b"
                              r"(?:conditions?|condiciones|condições|Bedingungen|condizioni|requirements?)\b[^.]*:\s*$",
                              re.IGNORECASE)
# `Questa condizione implica che $$T = m_2 g$$`, `This condition implies`: what holds under a condition the text
# sets, no value from here on
CONDITION_IMPLIES = re.compile(r"\b(?:this|that|the|these|such|questa|tale|esta|dicha|cette|diese)\s+(?:conditions?|"
                               r"condizion[ei]|condici[óo]n|condição|Bedingung|hypothesis|assumption|ipotesi|"
                               r"hip[óo]tesis)\s+(?:implies|implica|implique|impliziert|gives|yields|means|requires|"
                               r"richiede|exige)\b", re.IGNORECASE)
GUESSED_BEFORE = re.compile(r"\b(?:guess(?:es|ed|ing)?|(?:might|would|could)\s+(?:\w+\s+)?(?:think|expect))"
                            r"(?:\s+that)?\s*$", re.IGNORECASE)
LIKE_BEFORE = re.compile(r"\b(?:something|should\s+be|would\s+be|look|looks)\s+like\s*:?\s*$", re.IGNORECASE)
# `the total surface $S_{T,i}$ should be:`, `$h$ is then:`: the formula that follows is the name's from here on
SHOULD_BE_BEFORE = re.compile(r"\$([^$]+)\$\s+(?:should|must|would|will)\s+be\s*:?\s*$|"
                              r"\$([^$]+)\$\s+(?:becomes|is\s+then|is\s+now)\s*:\s*$", re.IGNORECASE)
BECOMES = re.compile(r"\b(?:equation|PDE|ODE|system|problem)\s+(?:then\s+|now\s+)?becomes\s*:?\s*$|"
                     r"\b(?:re)?write\s+(?:the|this)\s+(?:equation|PDE|ODE|system)\s+as\s*:?\s*$|"
                     r"\bequat(?:e|ing)(?:\s+(?:them|these|the\s+\w+))?\s*:\s*$|\b(?:is|are)\s+equivalent\s+to\s*:\s*$|"
                     r"\bexpanding\s+both\b[^$.:]*:\s*$|"
                     # `Relação p/ identificar os Nós $x = \\dfrac{n \\lambda}{2}$`: the equation whose solutions are
                     # the nodes, not x's value for the antinodes the next cell looks for
                     r"\b(?:to|para|p/|pour|um)\s+(?:identif|locat|locali[zs])\w*\b[^$.]*$", re.IGNORECASE)
# `Any of the following normalization constants are allowed, $$A_n = \\sqrt{2/a} = -\\sqrt{2/a}$$`: choices listed
LISTED_BEFORE = re.compile(r"\bany\s+of\s+the\s+following\b[^$.]*$|\b(?:allowed|valid|acceptable)\s*[,:]\s*$",
                           re.IGNORECASE)
# `as omitting $a=6$ improves computation time`: one of the values listed before, named to leave it out, not given
LEFT_OUT_BEFORE = re.compile(r"\b(?:omit(?:s|ted|ting)?|exclud(?:e|es|ed|ing)|drop(?:s|ped|ping)?|"
                             r"remov(?:e|es|ed|ing)|skip(?:s|ped|ping)?)\s*$", re.IGNORECASE)
# `In other words they want $$\\frac{dc^0_1}{ds_0} = \\frac{1}{2}$$`: what someone wishes for, no fact the text states
WANTED_BEFORE = re.compile(r"\b(?:we|they|you|he|she|one|it)\s+(?:would\s+)?(?:wants?|wish(?:es)?)(?:\s+that)?\W*$",
                           re.IGNORECASE)
# `**Null Hypothesis:** $\\mu_1 = \\mu_2$`: what a test assumes, then rejects or keeps; it defines nothing
HYPOTHESIS_BEFORE = re.compile(r"\bhypothes[ie]s\W*$|\bH_?\{?[01a]\}?\s*:\W*$", re.IGNORECASE)
WORDED_BEFORE = re.compile(r"\b(?:change|set|let|redefine|replace)\s*$", re.IGNORECASE)
WORDED_BETWEEN = re.compile(r"\s*(?:to|be|by|equal\s+to)\s*")
DECORATED = re.compile(r"\\(?:underline|overline|bar|hat|tilde)\s*\{?\s*\\?[A-Za-z]+\s*\}?(?:_\{?\w+\}?)?")
NAME = re.compile(r"\\?[A-Za-z]+(?:_\{?\w+\}?)?")
DOMAIN_WORD = re.compile(r"[ \t,]*\n?[ \t]*(?:for(?:\s+(?:all|every|each|any))?|when|where|if)\s*")
# `&& \\text{using ...}`, `~~~~ \\mbox{at } x = y^2`; not `11 &= 2 \\cdot 5 &&+ 1`, alignat's column inside a sum
ANNOTATION = re.compile(r"&&(?!\s*[-+])|(?:\\q?quad|(?:~\s*){2,})\s*\\(?:text|textrm|mbox)\{")
WORDED_SIDE = re.compile(r"(=)\s*\\(?:text|textrm|mbox|mathrm)\{\s*([A-Za-z ]+?)\s*\}\s*(?=$|[,;.])")
# A row of a linear system: a name, `+` or `-`, then (after a coefficient) another name; its right side a number.
# `x + 2y`, `\\alpha_1 + \\alpha_2`: names combined; `= 0,` or `= 0.`: the number a system's row sets it to
COMBINATION = re.compile(r"(?:[A-Za-z}]|_\d)\s*[-+]\s*[\d.]*\s*\\?[A-Za-z]")
ROW_VALUE = re.compile(r"\s*[-−]?\s*\d+(?:\.\d+)?\s*[.,;]?\s*")
TAG = re.compile(r"\\tag\*?\{[^{}]*\}")
# `\\hat x`, `\\vec v`, `\\widetilde z`: a decoration without braces, written as `\\hat{x}` (wide ones as the plain)
DECORATIONS = {"widehat": "hat", "widetilde": "tilde"}
UNBRACED = re.compile(r"\\(hat|tilde|bar|vec|widehat|widetilde|overline|underline|check|dddot|ddot|dot)(?:\s+|(?=\\))"
                      r"(\\[A-Za-z]+|[A-Za-z])"
                      r"(?![A-Za-z])")
# `\\dot{x_1}`: the subscript written inside the decoration's braces
INNER_SUBSCRIPT = re.compile(r"\\(hat|tilde|bar|dddot|ddot|dot|check)\{\s*(\\?[A-Za-z]+)\s*_\s*(\{[^{}]*\}|\w)\s*\}")
STARRED = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+)\s*\^\s*"
                     r"(?:\{\s*(?:\*|\\star|\\ast)\s*\}|\*|\\(?:star|ast)(?![A-Za-z]))")
# `A^\\dagger`, `a^{\\dagger}`: a pseudo-inverse, an adjoint, a creation operator: a name of its own, not a power
DAGGERED = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+)\s*\^\s*(?:\{\s*\\dagger\s*\}|\\dagger(?![A-Za-z]))")
# `\\pi^f`, `\\pi^1`: pi with a label (a prior, an agent's share), not the number raised to a power
LABELLED_PI = re.compile(r"\\pi\s*\^\s*(?:\{\s*([A-Za-z]|\d)\s*\}|([A-Za-z]|\d))(?![A-Za-z0-9])")
# `\\sigma^2_{post}`: a power written before the subscript, of the subscripted name (`\\sigma_{post}^2`); a big
# operator's limits (`\\sum^n_{i=1}`) are not a name's
BIG_OPERATORS = {"sum", "prod", "coprod", "int", "iint", "oint", "lim", "max", "min", "sup", "inf", "bigcup", "bigcap",
                 "bigoplus", "bigotimes", "limsup", "liminf", "argmax", "argmin"}
# `m1 - m2`, `\\frac{b2}{b1}`: a lone letter with digits run into it names a member of a family (m_1, b_2); a
# coefficient comes before its name (`2b`), a number's exponent after an e is no name (`1e2`)
LETTER_DIGITS = re.compile(r"(?<![\\A-Za-z0-9.])(?<!_\{)(?<!\^\{)([A-Za-z])(\d+)(?![\d.A-Za-z_])")
# `c^1_1`, `c_2^0`: a superscript 0 or 1 on a subscripted name labels it (one-self's consumption in period 1); no
# text raises a name to the power 1 or 0
DIGIT_LABEL = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+)\s*"
                         r"(?:\^\s*(?:\{\s*([01])\s*\}|([01]))\s*_\s*(?:\{\s*(\w+)\s*\}|(\w))|"
                         r"_\s*(?:\{\s*(\w+)\s*\}|(\w))\s*\^\s*(?:\{\s*([01])\s*\}|([01])))(?![\w{])")
POWER_FIRST = re.compile(r"(\\[A-Za-z]+|(?<!\\)[A-Za-z])\s*\^\s*(\{\s*\d+\s*\}|\d|\{\s*(?:T|\\top)\s*\}|T|\\top)\s*_\s*"
                         r"(\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])")  # `v^2 _\\perp`: the whole command; `y^T_{OR}` too
# `P^{sat}_{MeOH}`, `x^{true}`: a word written as a superscript labels the name (a saturation pressure, the true
# value), it raises nothing to a power; e's exponent is never a label
ALNUM_SUB = r"_\s*(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))"
WORD_LABEL = re.compile(rf"(?<![A-Za-z])(\\[A-Za-z]+|(?<!\\)[A-Za-df-z])\s*(?:{ALNUM_SUB})?\s*\^\s*\{{\s*"
                        rf"(?:\\(?:text|mathrm|rm)\s*\{{\s*)?([a-z]{{3,}})\s*\}}?\s*\}}\s*(?:{ALNUM_SUB})?")
# `\\; i = 1, \\ldots, N`, `k = 1,2, ..., n`, `j=k+1, \\cdots, n`, `i,j = 1,2,\\cdots, n`: the range an index (or
# several) runs over, a statement of its own (not `0 i = 1` glued to the last), no value
_RANGE_TERM = r"(?:-?\d+|[A-Za-z](?:\s*[-+]\s*\d+)?)"
INDEX_RANGE = re.compile(rf"(?:\\[;,:]\s*)?(?<![\w\\])([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*=\s*({_RANGE_TERM}(?:\s*,\s*"
                         rf"{_RANGE_TERM})*)\s*,\s*(?:\\[lc]?dots|\.\.\.|…)\s*,\s*(\\?\w+)")
# A markdown link's address, with one level of brackets inside (`(...#Damped-($\\zeta-=-1$))`)
LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
# `\\cos(45)`, `\\sin(30)`, `\\cos 90`: a whole number of degrees, the sign left out (no text means 45 radians)
DEGREES = re.compile(r"\\(sin|cos|tan)\s*(?:\(\s*(30|45|60|90|120|135|150|180|270|360)\s*(?:\^\s*\{?\\circ\}?)?\s*\)|"
                     r"(30|45|60|90|120|135|150|180|270|360)(?![\d.^]))")  # `\\cos 90` bare too
# an angle in degrees; a temperature (`25^\\circ C`, `^\\circ\\text{F}`) is no angle and keeps its number
ANGLE = re.compile(r"(\d+(?:\.\d+)?)\s*\^\s*(?:\\circ(?![A-Za-z])|\{\s*\\circ\s*\}|o(?![A-Za-z])|\{\s*o\s*\})"
                   r"(?!\s*(?:\\(?:text|mathrm|rm)\s*\{?\s*)?[CFK](?![a-z]))")
# `112.71\\times1\\times.01`: a decimal with no leading zero right after a product's sign
GLUED_DECIMAL = re.compile(r"(\\(?:times|cdot))\s*\.(?=\d)")
ANNOTATED = re.compile(r"\\(?:underbrace|overbrace)\s*(?=\{)")
# `xcos(\\theta)`, `tanh'(x) = 1 - tanh^2(x)`: a function written without its backslash, applied, primed or raised
BARE_FUNCTION = re.compile(r"(?<![\\A-Za-z])([A-Za-z]?)(sinh|cosh|tanh|sin|cos|tan|exp|log|ln)\s*(?=\(|'|\^)")
# `log_{10}(\\frac{b2}{b1})`, `log_{2.51}{100}`: a logarithm to a base, written without its backslash
BARE_LOG_BASE = re.compile(r"(?<![\\A-Za-z])log\s*(?=_)")
# Digits grouped by commas (`100,000,000`), not a list (`1, 2`, `(1,2)`): three digits after each comma
# `3,158.2`, and the Indian grouping in lakhs and crores, pairs before the last three (`24,32,90,20,08,17,66,40,000`)
# (`175,828,273.` with the sentence's full stop after it too)
THOUSANDS = re.compile(r"(?<![\d.,])(?:(?!0,)\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?:\.\d+)?(?![\d,]|\.\d)")
DOTTED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])")
# `(40,120)`, `[40, 120]`: a pair in brackets, no 40 120 written with a thousands separator
BRACKETED_WHOLE = re.compile(r"[(\[]\s*\d{1,3},\d{3}\s*[)\]]")


def _thousands(m: re.Match[str]) -> str:
    """A number written with thousands separators, without them; a pair alone in brackets stays a pair."""
    before, after = m.string[:m.start()].rstrip(), m.string[m.end():].lstrip()
    if before and after and BRACKETED_WHOLE.fullmatch(before[-1] + m.group(0) + after[0]):
        return m.group(0)
    return m.group(0).replace(",", "")


# `344,2`, `0,866`: a number with a decimal comma, as Spanish, German or French texts write it; not a list (`n =
# 1,2,3`, `[1/4,3/4]`), a subscript's or a bracket's pair (`x_{1,2}`, `(1,2)`, `\\{-1,1\\}`), nor a negative entry of a
# list (`(3,-4,12)`)
COMMA_NUMBER = r"(?<![\d.,{(\[_/])(?<![{(\[,]-)(\d+),(\d+)(?![\d,/])"
# where one reads as a decimal in any text: a chain's result (`P = 600 \\cos 55^\\circ = 344,2 \\, \\mathrm{W}`, the
# span's last number after two or more relations), and a measurement before its unit (`C = 3,50 \\, \\mu \\mathrm{F}`,
# `-53,40^\\circ`)
CHAIN_RESULT_COMMA = re.compile(COMMA_NUMBER + r"(?=(?:\\,|[^=\d,])*$)")
UNIT_COMMA = re.compile(COMMA_NUMBER + r"(?=\s*(?:\\[,;: ]|~)?\s*(?:\\(?:mathrm|text|rm|mu|Omega)(?![A-Za-z])|"
                                       r"\^\s*\{?\s*\\circ))")
# and before a unit written in plain letters that ends a group or a side (`\\frac{12,5 m}{7,5 m/s}`, `= 1,67 s`)
PLAIN_UNIT_COMMA = re.compile(r"(?<![\d.,(\[_/])(?<![{(\[,]-)(\d+),(\d+)(?![\d,/])"
                              rf"(?=\s*(?:\\[,;: ]|~)?\s*{_UNIT_WORD}(?:\s*/\s*{_UNIT_WORD})*"
                              r"(?:\^\s*\{?\s*-?\d\s*\}?)?\s*(?:[}=/]|\\[,;: ]|\\(?:quad|cdot|approx)\b|$))")
# in a notebook that writes its decimals so, only a subscript's or a superscript's pair is none (`(0,8 \\; m)^2`)
DECIMAL_COMMA_NUMBER = re.compile(r"(?<![\d.,_^/])(?<!_\{)(?<!\^\{)(?<![{(\[,]-)(\d+),(\d+)(?![\d,/])")
# `= 3,133333 + 0.004167`: a comma with four or more digits after it, a decimal in any text (thousands come in threes);
# not a pair in brackets (`(0,1000)`), a set's (`\\{1,2000\\}`) nor an index's (`x_{1,2345}`)
LONG_DECIMAL_COMMA = re.compile(r"(?<![\d.,(\[_/^])(?<!_\{)(?<!\^\{)(?<!\\\{)(?<![{(\[,]-)(\d+),(\d{4,})(?![\d,/])")
# `d=4,5...`: two whole numbers before dots that go on (a decimal cut short, `3,14159...`, has more digits)
SUCCESSIVE_WHOLES = re.compile(r"(?<![\d.,])(\d+),(\d+)(?=\s*(?:\.\.\.|\\[lc]?dots|…))")


def _successive(match: re.Match[str]) -> str:
    """Two whole numbers that follow one another, written before dots, as a list that goes on (`4, 5, ...`)."""
    first, second = match.group(1), match.group(2)
    return f"{first}, {second}, " if int(second) == int(first) + 1 else match.group(0)


# `df=(9,14)`: whole numbers in brackets that are a side of their own, a pair (a decimal needs no brackets there)
BRACKETED_PAIR = re.compile(r"(=\s*\(\s*\d+),(\d+\s*\))")
ONLY_DECIMAL_COMMA = re.compile(r"(?<![\d.,{(\[_/])(?<![{(\[,]-)(?:0,\d+|\d+,(?:\d{1,2}|\d{4,}))(?![\d,/])")
GROUPED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d,])|(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d")
POINT_NUMBER = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.])")
# whether the notebook being read writes its decimals with a comma (see `writes_decimal_commas`): then every such
# number is one
DECIMAL_COMMAS: contextvars.ContextVar[bool] = contextvars.ContextVar("decimal_commas", default=False)
# `\\beta_{\\text{rooms}}`, `T_\\mathrm{abs}`: a word as a subscript labels the name, as `T_{max}` does
_WORD_STYLE = r"\\(?:text|textrm|textup|textit|mathrm|mathit|mathsf|mbox|rm)\s*\{\s*([A-Za-z][A-Za-z0-9 ]*?)\s*\}"
WORDED_SUBSCRIPT = re.compile(rf"_\s*(?:\{{\s*{_WORD_STYLE}\s*\}}|{_WORD_STYLE})")
# `C_{\\text{in},n}`, `x_{n,\\mathrm{ref}}`: a word in a subscript beside an index, one of the subscript's parts
WORD_IN_SUBSCRIPT = re.compile(rf"(_\s*\{{[^{{}}]*?){_WORD_STYLE}(?=[^{{}}]*\}})")
# `\\text{rooms}^*`, `\\log(\\text{price})`: a word bearing a superscript or subscript, or the one word in brackets,
# is a name, not words between two statements
WORDED_NAME = re.compile(r"\\(?:text|textrm|textup|mbox)\s*\{\s*([A-Za-z]{2,})\s*\}(?=\s*[\^_]|\s*\))")
# `60_\\frac{min}{hr} \\times 60_\\frac{sec}{min} = 3600_\\frac{sec}{hr}`: a subscript of letters on a number is its
# unit (a number has no index; a base, `1101_2` or `11001_{binary}`, stays)
NUMBER_SUBSCRIPT = re.compile(r"(?<![\d.])(\\?[A-Za-z]*)(\d+(?:\.\d+)?)\s*_\s*(?:\{\s*(?!(?:binary|bin|decimal|dec|hex|"
                              r"hexadecimal|octal|oct|two|ten)\s*\})[A-Za-z]{2,}\s*\}|"
                              r"\\[dt]?frac\s*\{\s*[A-Za-z]+\s*\}\s*\{\s*[A-Za-z]+\s*\})")
# `\\vec{s} = \\vec{v}_i t + \\frac{1}{2}\\vec{a} t^{2} \\; (3)`: an equation's number after a spacing command
EQUATION_NUMBER = re.compile(r"(?:\\[;:]|\\q?quad(?![A-Za-z]))\s*(?:\\[ ,;:]\s*)*\(\s*\d{1,3}\s*\)"
                             r"(?=\s*(?:\\[ ,;:]|\s)*(?:$|\\\\|\\q?quad|\\[ ]))")
# `setting $A[1,3]=0.001$`: a matrix's entry indexed as Julia or NumPy write it, not A times the vector [1, 3]
ENTRY_INDEXED = re.compile(r"(?<![\\A-Za-z])([A-Z])\[\s*(\d+)\s*,\s*(\d+)\s*\]")
# `14 \\text{ cm} = 3.14 \\times Diameter`: a capitalised word in math is one name, as the text means, not a product of
# its letters (what `\\text{...}`, `\\mathrm{...}` and the like hold is left as it is)
WORD_IN_MATH = re.compile(r"(\\(?:text\w*|math\w+|operatorname|mbox|hbox|label|tag|begin|end)\s*\{[^{}]*\})|"
                          r"(?<![\\A-Za-z])([A-Z][a-z]{3,})(?![A-Za-z]|\s*[(\[])")  # not applied (`Pois(\\lambda)`)
# An operator written as a word (`\\text{log}`, `\\mbox{sin}`, `\\text{ mod }`): the operator, not a break in the math
WORDED_OPERATOR = re.compile(r"\\(?:text|textrm|mbox|mathrm|operatorname)\{\s*(log|ln|exp|sin|cos|tan|tanh|mod)\s*\}")
# `x_k = argmin_y \\Vert A Q_k y - b \\Vert`: the point of a minimum (or maximum), written without its backslash; no
# letters a, r, g, m, i, n multiplied
BARE_EXTREMUM = re.compile(r"(?<![\\A-Za-z{])arg\s*(min|max)(?![A-Za-z])")
CONDITION_PARAGRAPH = re.compile(r"\b(boundary|initial|continuity|matching|jump)\s+conditions?\b|"
                                 # in Spanish, Portuguese, French, German; of continuity too (`Condiciones de
                                 # continuidad`: what a wave function's pieces must satisfy where they meet)
                                 r"\bcondici(?:ón|on|ones)\s+de\s+continuidad\b|\bcondiç(?:ão|ões)\s+de\s+continuidade\b|"
                                 r"\bconditions?\s+de\s+continuit[ée]\b|\bStetigkeitsbedingung(?:en)?\b|"
                                 r"\bcondici(?:ón|on|ones)\s+(?:inicial|de\s+contorno|de\s+frontera)(?:es)?\b|"
                                 r"\bcondiç(?:ão|ões)\s+(?:inicia(?:l|is)|de\s+contorno|de\s+fronteira)\b|"
                                 r"\bconditions?\s+(?:initiales?|aux\s+limites)\b|\b(?:Anfangs|Rand)bedingung(?:en)?\b",
                                 re.IGNORECASE)
# `z(x) = \sin(x^2)`: a function of named arguments, defined by a formula in them (not `u(0) = 1`, not `T(x) = T_0`)
FUNCTION_DEFINITION = re.compile(r"^\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\(\s*([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\)"
                                 r"\s*=([^=<>]+)$")


def brace_group(text: str, start: int) -> tuple[str, int] | None:
    """The contents of the `{...}` group opening at `start` and the index after it, or None (no group there, or
    unbalanced); an escaped `\\{` or `\\}` is a brace the text shows, no group's."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "{}" and text[i - 1] != "\\":
            depth += 1 if text[i] == "{" else -1
            if depth == 0:
                return text[start + 1:i], i + 1
    return None


def split_top_level(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split on any separator that stands outside (), [], {} and an inner product's `\\langle a, b \\rangle` (a bra
    that ends a side, the `\\langle 0|` of `|0\\rangle\\langle 0| = ...; |1\\rangle\\langle 0| = ...`, opens nothing; a
    ket's `\\rangle` closes nothing)."""
    parts, depth, angles, start, i = [], 0, 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif text.startswith("\\langle", i):
            closing = text.find("\\rangle", i)
            angles += closing > 0 and not re.search(r"[=;]", text[i:closing])
        elif text.startswith("\\rangle", i):
            angles = max(0, angles - 1)
        elif depth == 0 and angles == 0:
            sep = next((s for s in separators if text.startswith(s, i)), None)
            if sep is not None:
                parts.append(text[start:i])
                i += len(sep)
                start = i
                continue
        i += 1
    parts.append(text[start:])
    return parts


def _bold(math: str) -> str:
    """`{\\bf r}`, `\\bm{r}` and `\\boldsymbol{r}` written as `\\mathbf{r}`."""
    return BOLD.sub(lambda m: f"\\mathbf{{{m.group(1) or m.group(2)}}}" if m.group(1) or m.group(2) else "\\mathbf{",
                    math)


def _spelled(math: str) -> str:
    """A display in the spelling every reader takes: font commands' one-token arguments braced (`\\mathrm m`,
    `\\mathrm\\Omega`, as TeX sets them), bold as `\\mathbf{...}`, arrays as matrices."""
    return _arrays(_bold(ONE_TOKEN.sub(r"\\\1{\2}", math)))


def _arrays(math: str) -> str:
    """`\\left[ \\begin{array}{c} ... \\end{array} \\right]` written as the `bmatrix` it is (`pmatrix` in
    parentheses): the notation for vectors and matrices before `bmatrix`."""
    for open_, close, env in (("\\[", "\\]", "bmatrix"), ("\\(", "\\)", "pmatrix")):
        # `\\left[ {\\begin{array}{cc} ... \\end{array} } \\right]`: the array in a group of its own, as often pasted
        math = re.sub(rf"(?:\\left\s*)?{open_}\s*(\{{)?\s*\\begin\{{array\}}\{{[^{{}}]*\}}(.*?)\\end\{{array\}}\s*"
                      rf"(?(1)\}})\s*(?:\\right\s*)?{close}", rf"\\begin{{{env}}}\2\\end{{{env}}}", math,
                      flags=re.DOTALL)
    # `\\begin{array}{rcl} a &=& b \\end{array}`: eqnarray's layout, its columns only aligning a relation
    return ALIGNING_ARRAY.sub(lambda m: _labelled(m.group(1), m.group(2)) if RELATION_COLUMN.search(m.group(2))
                              else m.group(0), math)


def _labelled(spec: str, rows: str) -> str:
    """An aligning array's rows; in `{rcll}`, the fourth column labels its row (`& = & 5 & i=1`, an iteration's
    number), an annotation, not a factor of the value before it."""
    if len(spec) < 4:
        return rows
    rows_cells = [row.split("&") for row in re.split(r"\\\\", rows)]
    return "\\\\".join(f"{'&'.join(cells[:3])} \\quad \\text{{{'&'.join(cells[3:])}}}" if len(cells) > 3
                         else "&".join(cells) for cells in rows_cells)


def _units(written: str) -> str:
    """The units a number is written with, as one `\\mathrm{}`'s text (`m^3 h^-1`)."""
    return " ".join(f"{u.group(1)}{u.group(2) or ''}" for u in ONE_UNIT.finditer(written)).replace("{", "").replace(
        "}", "")


def _repeating(m: re.Match[str]) -> str:
    """A decimal with a repeating tail (`2.6\\overline{6}`) as the fraction it equals (`\\frac{240}{90}`)."""
    whole, fixed, tail = m.group(1), m.group(2), m.group(3)
    scale, period = 10 ** len(fixed), 10 ** len(tail) - 1
    return f"\\frac{{{(int(whole) * scale + int(fixed or 0)) * period + int(tail)}}}{{{scale * period}}}"


def _mixed(m: re.Match[str]) -> str:
    """A mixed number (`4\\frac{2}{3}`) as the fraction it equals (`\\frac{14}{3}`); an improper fraction stays a
    product (`2\\frac{3}{2}`)."""
    whole, numerator, denominator = (int(g) for g in m.groups())
    if not 0 < numerator < denominator:
        return m.group(0)
    return f"\\frac{{{whole * denominator + numerator}}}{{{denominator}}}"


def _determinants(math: str) -> str:
    """A 2-by-2 or 3-by-3 determinant (a `vmatrix`, `\\det\\begin{pmatrix}`, bars around a matrix) written out as
    what it stands for (`(a)(d) - (b)(c)`), so a chain that opens on one (a Wronskian, a Jacobian) is checked link
    by link."""

    def expanded(m: re.Match[str]) -> str:
        """The determinant of one matrix, by its first row; any other left as written."""
        entries = next(group for group in (m.group("v"), m.group("d"), m.group("b")) if group is not None)
        rows = [[f"({entry.strip()})" for entry in split_top_level(row, ("&",))]
                for row in split_top_level(entries, ("\\\\",)) if row.strip()]
        if len(rows) not in (2, 3) or any(len(row) != len(rows) for row in rows):
            return m.group(0)
        if len(rows) == 2:
            (a, b), (c, d) = rows
            return f"({a}{d} - {b}{c})"
        (a, b, c), (d, e, f), (g, h, i) = rows
        return f"({a}({e}{i} - {f}{h}) - {b}({d}{i} - {f}{g}) + {c}({d}{h} - {e}{g}))"

    return DETERMINANT.sub(expanded, math)


def _columns(line: str) -> str:
    """A display line with its `&` gone: they only align, except between two equations set side by side in columns
    (`z_0 &= r_0 e^{j\\Omega_0} & &r_0 = 0.8 & \\Omega_0 = \\frac{\\pi}{2}`), which are two statements."""
    joined = ""
    columns = line.split("&")
    for k, column in enumerate(columns):
        opened = re.search(r"(?:[-+(]|\\(?:times|cdot|pm))\s*$", joined) is not None  # `10 &+& 2`: a sum goes on
        starts_anew = not opened and re.match(r"\s*[^=<>]+?(?<![<>!\\])=", column) is not None and not (
            RELATION_START.match(column))
        # `\\lambda_1 & = \\hat{u} - \\hat{c}, & \\lambda_2 & = \\hat{u}`: a left side in a column of its own, its
        # relation in the next
        left_alone = not opened and "=" not in column and column.strip() != ""
        starts_anew = starts_anew or left_alone and k + 1 < len(columns) and RELATION_START.match(
            columns[k + 1]) is not None
        joined += (" ; " if starts_anew and "=" in joined else " ") + column
    return joined.strip()


SIDE_WORDS = re.compile(r"\\(?:text\w*|mbox|hbox|Longrightarrow|Rightarrow|implies|rightarrow|longrightarrow|to|iff|"
                        r"Leftrightarrow|Leftarrow|therefore|because|q?quad)(?![A-Za-z])")


def _side_by_side(rows: list[str]) -> list[str]:
    """The equations of a display that sets two or more cases side by side, every row as many, read column by column
    (`2^x &= 8 & 2^x &= 32 \\\\ x &= 3 & x &= 5`: each case's steps in turn); [] for any other display."""
    cells = [[part.strip() for part in _columns(row).split(" ; ")] for row in rows if row.strip()]
    width = len(cells[0]) if cells else 0
    if len(cells) < 2 or width < 2 or any(len(row) != width or not all("=" in part for part in row) for row in cells):
        return []
    if any(_annotated(row)[1] or RELATION_START.match(row) or SIDE_WORDS.search(row) for row in rows):
        return []  # notes, a chain's `&= ...` rows, words or arrows between a row's parts: one statement each
    return [row[k] for k in range(width) for row in cells]


ROW_COMMA = re.compile(r"\s*,(?:\s|\\[,;: ]|\\q?quad(?![A-Za-z]))*$")  # a comma that ends a display's row
OPEN_END = re.compile(r"(?:[-+]|\\cdot|\\times)\s*$")  # a row that ends on an operator: the next row goes on with it


def _lines(math: str) -> list[str]:
    """The lines of a display, each continuation (`&= ...`) joined to the line it continues."""
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        """A matrix, `cases` or `array` kept whole: its `\\\\` and `&` are not statement breaks."""
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    math = WHOLE_ENV.sub(protect, DISPLAY_ENV.sub(" ", math))
    math = re.sub(r"\\\\\\(?=\s)", r"\\\\", math)  # `\\\ ` at a line's end: Jupyter markdown's escaped `\\`
    lines: list[str] = []
    chain = -1  # the line a continuation joins: the last one's formula, never its annotation
    if columns := _side_by_side(split_top_level(math, ("\\\\",))):
        return [re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], line) for line in columns]
    for line in _unlabelled(split_top_level(math, ("\\\\",))):
        formula, note = _annotated(line)
        formula = _columns(formula)
        if chain >= 0 and RELATION_START.match(formula):
            # `y_1 &= y_0 + h f(t_0, y_0),\\ &= ...`: the comma that ends a row is the sentence's, not a list's
            lines[chain] = ROW_COMMA.sub("", lines[chain]) + " " + formula
        elif chain >= 0 and (goes_on := SUM_GOES_ON.match(formula)) and (re.search(
                OPEN_END, lines[chain]) or not (
                STATES_A_RELATION.search(formula) and STATES_A_RELATION.search(lines[chain]))):
            # `9 I_1 + 1000 \int I_1 \,dt \\ &+ 20 \cos(100 t) = 12 \cos(100t)`: a sum the row goes on with; a row
            # that states a relation of its own goes on only a line that states none, or one left open (`... + \\
            # && + (\pi - \frac{\pi}{2}) 1 = ...`, a sum split over an eqnarray's rows)
            lines[chain] += " " + formula[goes_on.end() - 1:]  # its indent (`\\,\\,\\,`) is no gap between two
        elif chain >= 0 and OPEN_END.search(lines[chain]) and not STATES_A_RELATION.search(formula):
            # `= & 33.0\\times10^3 + \\\\ & 8.314 \\times 298 ...`: a sum left open, and its rest
            lines[chain] += " " + formula
        elif formula:
            lines.append(formula)
            chain = len(lines) - 1
        if note:
            lines.append(note)  # `&& \\text{using } f(x) = e^x`: a statement of its own
    return [re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], line) for line in lines]


# `&\left( 2\right) \begin{bmatrix} ... \end{bmatrix} = ...`: a row that opens on an exercise's number or letter, no
# operator after it
ROW_LABEL = re.compile(r"^\s*&?\s*(?:\\left\s*)?\(\s*(\d{1,2}|[a-h])\s*(?:\\right\s*)?\)(?!\s*(?:[-+*/^_=(.!<>]|"
                       r"\\(?:cdot|times|div|left|right|frac|pm|mp)(?![A-Za-z])|$))")


def _unlabelled(rows: list[str]) -> list[str]:
    """The rows of a display without the labels of an enumeration (`(1) ... \\\\ (2) ...`): two or more rows that
    open on 1, 2, ... (or a, b, ...) in turn number exercises; the number multiplies nothing."""
    labels = [(k, m) for k, row in enumerate(rows) if (m := ROW_LABEL.match(row))]
    order = [m.group(1) for _, m in labels]
    first = "1" if order and order[0].isdigit() else "a"
    expected = [str(int(first) + n) if first.isdigit() else chr(ord(first) + n) for n in range(len(order))]
    if len(labels) < 2 or order != expected:
        return rows
    rows = list(rows)
    for k, m in labels:
        rows[k] = rows[k][:m.start(1)].replace("(", "").replace("\\left", "") + rows[k][m.end():]
    return rows


def _annotated(line: str) -> tuple[str, str]:
    """A display line's formula and its annotation: what follows `&&`, or `\\quad`/`\\qquad` before `\\text`."""
    m = ANNOTATION.search(line)
    if not m:
        return line, ""
    return line[:m.start()], line[m.start():].replace("&", " ").strip()


# the marks `_statement_parts` puts where a statement follows a word (or an arrow)
LEADS = {"\x05": "implies", "\x06": "or", "\x07": "approximated", "\x08": "when", "\x0e": "iff"}


def writes_decimal_commas(texts: list[str]) -> bool:
    """Whether these markdown texts write decimals with a comma: more numbers in their math that only a decimal
    comma explains (`0,866`, `344,2`, `0,5763`) than numbers with a decimal point, and none that only thousands
    explain (`1,000,000`, `3,158.2`); `311,127` could be either."""
    commas = points = 0
    for text in texts:
        for match in MATH_RE.finditer(text):
            math = span_math(match)
            if GROUPED_THOUSANDS.search(math):
                return False
            commas += len(ONLY_DECIMAL_COMMA.findall(math))
            points += len(POINT_NUMBER.findall(math))
    return commas > points


# `\\mathrm{5 \\; bar + 1,01 \\; bar = 6,01 \\; bar}`: arithmetic set in upright type, as units are
UPRIGHT = re.compile(r"\\(?:mathrm|rm)\s*(?=\{)")


def _upright_arithmetic(math: str) -> str:
    """Each `\\mathrm{...}` that holds arithmetic (a relation, or a number beside an operator) as its content: the
    type is upright, the math is the same."""
    for m in reversed(list(UPRIGHT.finditer(math))):
        group = brace_group(math, m.end())
        if group and re.search(r"=|\\approx|≈|\d\s*(?:[-+*/]|\\cdot|\\times)|\\frac", group[0]):
            math = f"{math[:m.start()]}{group[0]}{math[group[1]:]}"
    return math


# `4.9\, 5^2`: a number, a spacing command, then a number raised to a power or one that is no group of three digits
# (`10\,000` groups thousands): two factors
SPACED_FACTOR = re.compile(r"(?<=\d)\s*\\[,;:!]\s*(?=\d+\s*\^|(?:\d{1,2}|\d{4,})(?![\d.,]))")


def _spaced_factors(math: str) -> str:
    """Two numbers a spacing command parts as a product (`4.9\\, 5^2`), not where it groups digits (`10\\,000`,
    `1.602\\,176\\,6208`: after three decimals or a group of three it is one numeral)."""
    def factor(m: re.Match[str]) -> str:
        """The product sign, or the spacing as it was where it groups digits."""
        grouped = re.search(r"(?:\.\d{3}|\\[,;:!]\s*\d{3})$", math[:m.start()]) is not None
        return m.group(0) if grouped else " \\cdot "
    return SPACED_FACTOR.sub(factor, math)
# `\left\{`, `\{`, `\lbrace`: a brace the text shows, opening a set or, in a sum, a bracket
SHOWN_BRACE = re.compile(r"(?:\\left\s*)?(?:\\\{|\\lbrace(?![A-Za-z]))")
CLOSING_BRACE = re.compile(r"(?:\\right\s*)?(?:\\\}|\\rbrace(?![A-Za-z]))")


def _grouping_braces(math: str) -> str:
    """Shown braces that bracket an operand (`\\frac{1}{5}\\left\\{ (-2-0)^2 + (-1-0)^2 \\right\\}`,
    `\\{ -RT \\ln v \\} + \\{ RT \\}`) as round brackets: a product, sum or power beside them (no complement
    `^c`), and no comma, colon or bar of a set's members in them."""
    out, start = [], 0
    for opening in SHOWN_BRACE.finditer(math):
        if opening.start() < start:
            continue
        depth, k = 1, opening.end()
        while k < len(math) and depth:
            if closing := CLOSING_BRACE.match(math, k):
                depth, k = depth - 1, closing.end()
            elif inner := SHOWN_BRACE.match(math, k):
                depth, k = depth + 1, inner.end()
            else:
                k += 1
        inside = math[opening.end():closing.start()] if not depth and closing else ""
        before, after = math[:opening.start()].rstrip(), math[k:].lstrip()
        operand = re.search(r"(?:[-+\d})]|\\times|\\cdot)$", before) or \
            re.match(r"\^(?!\s*\{?\s*(?:[cC]|\\complement)(?![A-Za-z]))|[-+]|\\times|\\cdot", after)
        if not operand or len(split_top_level(inside, (",", ":", "|", ";", "\\mid"))) > 1:
            continue
        out.append(math[start:opening.start()] + "(" + inside + ")")
        start = k
    return "".join(out) + math[start:]


UPRIGHT_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(?:\\rm\s+T|\\rm\s*\{\s*T\s*\}|\\mathrm\s*\{\s*T\s*\})\s*\}|"
                               r"\\mathrm\s*\{\s*T\s*\})")


def _decimal_commas(math: str) -> str:
    """A chain's result and a measurement before its unit written with a decimal comma, written with a point."""
    math = PLAIN_UNIT_COMMA.sub(r"\1.\2", UNIT_COMMA.sub(r"\1.\2", math))
    return CHAIN_RESULT_COMMA.sub(r"\1.\2", math) if len(re.findall(r"=|\\approx(?![A-Za-z])", math)) > 1 else math


def _statements(math: str) -> list[str]:
    """Split one math span into the separate statements it makes."""
    return [statement for statement, _ in _statement_parts(math)]


# `\\approx 1 \\text{ su } 34,000,000` (Italian), `= 1 \\text{ in } 20`, `3 \\text{ von } 4`: odds, a number put
# against another in words, which a unit written as text after a number would have cut to its first;
# a ratio of rounded numbers as the text means it, an approximation between formulas
ONE_IN_N = re.compile(r"(?:=|\\approx)\s*(\d+(?:\.\d+)?)\s*(?:\\[,;: ]|~)?\s*\\(?:text|textrm|mbox)\s*\{\s*"
                      r"(in|su|sur|von|out of|of|de|em|en|op|på|из|на)\s*\}\s*(?:\\[,;: ]|~)?\s*"
                      r"(\d+(?:\.\d+)?)(?![\w.])")


def _event(m: re.Match[str]) -> str:
    """An event in words (`P(\\text{nessuno ha lo stesso compleanno})`) as one name, its own: two events the text
    words differently (an event and its complement) are two names."""
    letters = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", m.group(1).lower()))[:16] or "".join(
        chr(ord("a") + b % 26) for b in hashlib.sha1(m.group(1).encode()).digest()[:6])
    return f"(\\mathit{{event{letters}}})"


CELSIUS = re.compile(r"(\d)(?:\s|~|\\[,;: ])*(?:\^\s*\{?\s*\\circ\s*\}?|°)\s*"
                     r"(?:\\(?:text|mathrm|rm|textrm)\s*\{\s*C\s*\}|C(?![A-Za-z]))")
# mhchem's `\\ce{O}`, `\\ce{CH3COO-}`, `\\ce{^19_9F}`: a chemical species in words, as the package sets it
MHCHEM = re.compile(r"\\ce\s*\{((?:[^{}]|\{[^{}]*\})*)\}")


def _statement_parts(math: str) -> list[tuple[str, str]]:
    """The statements of one math span, each with the word that leads to it: "implies" after `\\Rightarrow`, "or"
    after `\\text{or}`, else ""."""
    found = []
    math = re.sub("[\u200b-\u200d\u2060-\u2064\ufeff]", "", math)  # U+2061, function application: invisible, no text
    math = math.replace("\u00a0", " ")  # `\\partial J\u00a0}`: a no-break space, typed where a space is meant
    math = re.sub(r"\\rm\s*\{", r"\\mathrm{", math)  # `\\rm{dt}`, `\\rm{m.s^{-1}}`: plain TeX's upright, braced
    math = MHCHEM.sub(lambda m: f"\\text{{{m.group(1)}}}", math)  # `\\ce{OH-}`: a species, named, no product c e
    math = re.sub(r"\\(?:text|mathrm|mbox)\s*\{\s+\}", " ", math)  # `39\\text{ }^\\circ\\text{C}`: a space set as text
    math = CELSIUS.sub(r"\1 \\mathrm{degC}", math)  # `39 ^\\circ\\text{C}`: degrees Celsius, no angle
    math = re.sub(r"\\(?:no)?limits(?![A-Za-z])", "", math)  # `\\int\\limits_0^1`: where the bounds are set, no more
    math = _spaced_factors(math)  # `4.9(5.1)^2 - 4.9\\, 5^2`: a thin space between two factors
    math = ROW_SPACING.sub(r"\\\\", math)  # `\\\\[10pt]`: a row's end with extra space after it, no bracket
    math = re.sub(r"(?<!\\)\\(?=\n)", " ", math)  # `, \\` at a line's end: TeX's control space, no command
    # `\\frac { \\partial J }{ \\partial \\theta}`: a fraction's braces after spaces, as LaTeX reads them
    math = re.sub(r"\\cfrac(?![A-Za-z])\s*(?:\[[lrc]\])?", r"\\frac", math)  # a continued fraction's: a fraction
    math = re.sub(r"(\\[dt]?frac)\s+(?=\{)", r"\1", math)
    math = _upright_arithmetic(math)
    math = UPRIGHT_TRANSPOSE.sub("^{T}", math)  # `{\\bf x}^{\\rm T}`, `A^{\\mathrm{T}}`: the transpose, set upright
    math = SUCCESSIVE_WHOLES.sub(_successive, math)  # `d=4,5...`: the values d runs over, no 4.5 cut short
    if DECIMAL_COMMAS.get():  # `311,127 \\sin(\\omega t)` where the notebook writes decimals so: no thousands
        math = BRACKETED_PAIR.sub(r"\1, \2", math)  # `df=(9,14)`: a pair (degrees of freedom), no 9.14
        math = DECIMAL_COMMA_NUMBER.sub(r"\1.\2", math)
    math = THOUSANDS.sub(_thousands, math)  # `10,000^2 = 100,000,000`: one number each
    # `16.000.000`, `1.280.000` (Russian, German, Italian): two dots or more group thousands, no decimal has them
    math = DOTTED_THOUSANDS.sub(lambda m: m.group(0).replace(".", ""), math)
    math = re.sub(r"(?<=\d)'(?=\d{3}(?!\d))", "", math)  # `6'355`: the Swiss thousands separator, no prime
    math = ONE_IN_N.sub(r"\\approx \\frac{\1}{\3}", math)  # `= 1 \\text{ su } 34000000`: odds, no 1 in a unit
    math = _decimal_commas(math)
    math = TAG.sub(" ", math)  # `\\tag{79.12}`: an equation's number, no part of it
    math = EQUATION_NUMBER.sub(" ", math)  # `... t^{2} \\; (3)`: the same, written in plain brackets after a space
    math = re.sub(r"\\(?:boxed|fbox)\s*(?=\{)", "", math)  # `8 \\times 7 = \\boxed{56}`: the answer, framed
    math = SIZED_IN_BRACES.sub(r"\\big\1", math)
    # `\\frac{3x^2}{2(x^3+4).}`: the sentence's full stop, inside the last braces (of a display's last row too)
    math = re.sub(r"(?<![.\d])\.(\s*\}+\s*)(?=(?:\\\\\s*)?(?:\\end\{\w+\*?\}\s*)?$)", r"\1", math)
    math = re.sub(r"(?<![\w.\\])\.(\d)", r"0.\1", math)  # `r = .05`: a decimal written without its 0
    math = re.sub(r"(\d)\{,\}(\d{3})(?=\.\d|\{,\}\d)", r"\1\2", math)  # `1{,}314.53`: a thousands separator
    math = re.sub(r"(\d)\{,\}(\d)", r"\1.\2", math)  # `3{,}49`: a decimal comma, as German and French texts write it
    math = LONG_DECIMAL_COMMA.sub(r"\1.\2", math)
    math = re.sub(r"\^(\d)(\d+)(?=[A-Za-z(\\])", r"^{\1}\2", math)  # `x^26x(1-x)`: TeX raises one digit, x^2 6x
    math = re.sub(r"\^(\d)(\d+\.\d)", r"^{\1}\2", math)  # `(1.96)^20.3446`: so here, (1.96)^2 times 0.3446
    # `f \\colon [0, \\infty) \\to \\mathbb{R},\\quad x \\mapsto \\sqrt{x}`: f's definition, `f(x) = \\sqrt{x}`
    math = MAPS_TO.sub(r"\1(\2) = \3", math)
    math = re.sub(r"(\d\.\d+)\s*!", r"\1", math)  # `|g'(2.05)| = 0.97!`: an exclamation, no decimal has a factorial
    # `T_C = \frac{2}{\ln(1+\sqrt{2})}J/k_B \sim 2.3 J/k_B`: a chain's `\sim` before a number is about that number, as
    # `\approx` is (an order of magnitude, `\sim 10^{23}`, is not)
    math = SIM_APPROX.sub(r"\\approx", math) if "=" in math else math
    # `= 0.8535...`: a decimal cut short, as `\approx` may cut it
    math = re.sub(r"=\s*([-−]?\d+\.\d+)\s*(?:\.\.\.|\\ldots|\\dots|…)", r"\\approx \1", math)
    # `5000 = 10^{3.69897...}`: a decimal cut short inside a formula makes its one relation an approximation
    if math.count("=") == 1 and re.search(r"\d\.\d+\s*(?:\.\.\.|\\ldots|\\dots|…)\s*\}", math):
        math = re.sub(r"(\d\.\d+)\s*(?:\.\.\.|\\ldots|\\dots|…)(?=\s*\})", r"\1", math).replace("=", "\\approx")
    # `\\theta=0^o~to\\theta=90^o`: a range's ends, as `\\text{ to }` parts them
    math = re.sub(r"(?:~|\\[ ,;]|\s)+to(?:(?:~|\\[ ,;]|\s)+|(?=\\))(?=\\?[A-Za-z])", r" \\text{ to } ", math)
    # `+{}+`: an empty term, gone; `+{}...{}+`: an empty group that spaces an operator or dots, gone
    math = EMPTY_GROUP.sub("", re.sub(r"[-+]\s*\{\s*\}\s*(?=[-+])", "", math))
    math = _grouping_braces(math)  # `\\frac{1}{5} \\left\\{ (-2)^2 + (-1)^2 \\right\\}`: brackets, no set
    # `+ \\frac{1}{16} + ...`, `- \\ ...`: a series cut, as `\\dots` cuts it
    math = re.sub(r"(?<=[-+])(?:\s|\\[ ,;])*(?:\.\.\.|…)", r" \\dots ", math)
    math = re.sub(r"(?<=[}\d])\s*\.\s*(?=\()", r" \\cdot ", math)  # `\\frac{1}{6}.(1+2)`: a dot that multiplies
    math = re.sub(r"(?<=[A-Za-z}])\s*([_^])\s+(?=[\w\\{])", r"\1", math)  # `k_ p`: TeX's k_p, the space ignored
    math = re.sub(r"(?<=[A-Za-z])_([+-])(?![\w{\\])", r"_{\1}", math)  # `p_+`, `p_-`: a sign labels the name
    math = LETTER_DIGITS.sub(r"\1_{\2}", math)  # `\frac{b2}{b1}`: b_2 over b_1, two names, not 2b over b
    math = braced_decorations(math)
    math = DIVIDED_WITH_REMAINDER.sub(r"\1 = \2 \\cdot \3 + \4", math)  # `268 \\div 3 = 89 \\text{ with remainder } 1`
    math = REPEATING.sub(_repeating, math)  # `2.6\\overline{6}`: 2.666..., a repeating decimal
    math = MIXED_NUMBER.sub(_mixed, math)  # `4\\frac{2}{3}`: 14/3
    math = DOTTED_AT_T.sub(r"\1\2", math)  # `\\dot{x}^2(t)`: a dot differentiates in time; (t) only says so
    math = DOTTED_APPLIED.sub(lambda m: f"{m.group(2)}{PRIMES[m.group(1)]}(", math)  # `\\dot{\\Lambda}(\\eta)`: Lambda'
    math = PRIMED_AFTER.sub(r"\1\3(\2)", math)  # `\\sigma(x)'`: the derivative of sigma, at x (sigma'(x))
    math = STARRED.sub(r"\1_{star}", math)  # `\\pi^*`, `p^{*}`, `\\rho^{\\star}`: a name of its own, not a power
    math = re.sub(r"\\ast(?![A-Za-z])", "*", math)  # `a \\ast b`: the asterisk `*` is, a product where `*` is one
    # `3.265 Å`, `3.265 \\AA`: the ångström, a unit after a number
    math = re.sub(r"(?<=[\d}])\s*(?:Å|\\AA(?![A-Za-z])|\\mathring\s*\{\s*A\s*\})", r" \\mathrm{Å}", math)
    # `\\mathbf{B}^{\\operatorname{T}}`, `A^{\\mathsf{T}}`: the transpose set upright, as `^T` writes it
    math = re.sub(r"\^\s*\{\s*\\(?:operatorname|mathrm|mathsf|text|textrm|rm)\s*\{\s*T\s*\}\s*\}", "^T", math)
    math = DAGGERED.sub(r"\1_{dagger}", math)  # `A^\\dagger`, likewise
    math = _labelled_pi(math)
    math = DIGIT_LABEL.sub(_digit_label, math)
    math = POWER_FIRST.sub(lambda m: m.group(0) if m.group(1).lstrip("\\") in BIG_OPERATORS else
                           f"{m.group(1)}_{m.group(3)}^{m.group(2)}", math)
    math = WORD_LABEL.sub(_word_label, math)
    math = INDEX_RANGE.sub(lambda m: f"; {m[1]} \\in \\{{{m[2].split(',')[0]}, \\ldots, {m[3]}\\}};", math)
    math = WORDED_OPERATOR.sub(_operator, math)  # `-\\text{log}(1)`, `i \\text{ mod } 2`: operators, not words
    math = BARE_FUNCTION.sub(r"\1 \\\2", math)  # `xcos(\\theta)`: x times the cosine
    math = BARE_LOG_BASE.sub(r"\\log", math)
    math = BARE_EXTREMUM.sub(r"\\operatorname{arg\1}", math)
    math = INVERSE_FUNCTION.sub(r"\\operatorname{\1inverse}", math)  # `g^{-1}(v)`: the inverse function, applied
    math = DEGREES.sub(lambda m: f"\\{m[1]}(\\frac{{{m[2] or m[3]} \\pi}}{{180}})", math)  # `\\cos(45)`: in degrees
    if ANGLE.search(math) and _numbers_only(ANGLE.sub(r"\1", math)):
        math = ANGLE.sub(r"\1", math)  # `360 / 6 = 60^{\\circ}`: arithmetic in degrees, no angle a function takes
    math = ANGLE.sub(r"(\\frac{\1 \\pi}{180})", math)  # `30^\\circ`: the angle in radians, as SymPy's sine takes it
    math = _without_braces_labels(math)
    # `11\\,\\text{m}`: a number in metres, whose m is no mass (`nbtruth.formulas` drops a chain's one unit)
    math = UNIT_IN_MATH.sub(lambda m: f" \\mathrm{{{_units(m.group(1))}}}", math)
    math = re.sub(r"\\(?:text|textrm|textup)\s*\{\s*([A-Za-z])\s*\}", r" \1", math)  # `\\text{e}^{-x}`: a letter
    # `\\int_0^1 x^2 \\textrm{dx}`: a differential set upright as one word, no words that split the display
    math = re.sub(r"\\(?:text|textrm|textup|mathrm|rm)\s*\{\s*d\s*([A-Za-z])\s*\}", r" d\1", math)
    while (worded := WORD_IN_SUBSCRIPT.search(math)) is not None:  # `C_{\\text{in},n}`: the label in, then step n
        math = math[:worded.start()] + worded.group(1) + worded.group(2).replace(" ", "") + math[worded.end():]
    math = WORDED_SUBSCRIPT.sub(subscript_label, math)
    math = WORDED_NAME.sub(r"\\mathrm{\1}", math)
    math = spelled_out(math)  # `E[X]`, `Var(X)`: an expectation and a variance written plain
    math = ENTRY_INDEXED.sub(r"\1_{\2,\3}", math)  # `A[1,3]`: an entry of A, indexed as code writes it
    # `60_\\frac{min}{hr}`, `32_{min}`: a number's unit, as a label (not `B2_{x}`, a name's index)
    math = NUMBER_SUBSCRIPT.sub(lambda m: m.group(0) if m.group(1)[:1].isalpha() else m.group(1) + m.group(2), math)
    # `\text{matriz}1 = \begin{pmatrix} ... \end{pmatrix}`: a word with a number after it, one name (a variable's)
    math = re.sub(r"\\(?:text|textrm|mathrm|textit)\s*\{\s*([A-Za-z]{2,})\s*\}(\d+)", r"\\mathit{\1\2}", math)
    math = WORD_IN_MATH.sub(lambda m: m.group(1) or f"\\mathit{{{m.group(2)}}}", math)  # `3.14 \\times Diameter`
    # `\\text{sinc}(0)`, `\\text{ceil}(1.5)`: a function named in words, applied; not words between two statements
    math = re.sub(r"\\(?:text|textrm|textup|mbox)\s*\{\s*([A-Za-z]{2,})\s*\}(?=\s*\()", r"\\operatorname{\1}", math)
    # `P(\text{the pair consists of two different digits})`: an event in words, one name, not a break
    math = re.sub(r"\(\s*\\(?:text|textrm|mbox)\{([^{}]*)\}\s*\)", _event, math)
    math = _braced_root(math)  # `\sqrt\frac{1}{2}`: the root of the fraction
    math = COLUMNS_SIDE_BY_SIDE.sub(_columns_matrix, math)  # `[(0; 1)(-1; 0)]`: the matrix of these columns
    math = DOT_PRODUCT.sub(r" \\cdot ", math)  # `\frac{z^2 + z}{z^2 + 0.5z}.\frac{z}{z - 1}`: a product
    math = SPACED_ARGUMENT.sub(r"\1(\2)", math)  # `\cos\beta\,t_0`: cos(beta) times t_0
    # `\color{blue} 1`, `\textcolor{red}{x}`: a colour is how an entry is shown, not part of it
    math = re.sub(r"\\textcolor\s*\{[^{}]*\}", "", re.sub(r"\\color\s*\{[^{}]*\}", "", math))
    # `X = [2; 3] \\hspace{1cm} AX = [4; 3]`: a gap between two formulas, as `\\quad` is
    math = re.sub(r"\\vspace\*?\s*\{[^{}]*\}", " ", re.sub(r"\\hspace\*?\s*\{[^{}]*\}", r"\\quad ", math))
    math = re.sub(r"\\[lr]?vert(?![A-Za-z])", "|", math)  # `\\lvert 00 \\rangle`: a ket, `\\lvert x \\rvert`: |x|
    math = DIRAC.sub(_dirac, math)  # `\hat P_- | 2,4,5\rangle = 0`: a ket's commas are its own
    for whole in _lines(_determinants(_spelled(math))):
        line, kept = _kept_whole(whole)  # a `cases` or matrix environment: its `\\text{if}` and commas are its own
        line = LEADING_LABEL.sub("", line)  # `(3):\; \ddot{y} = \ddot{x}\tan\theta`: equation (3), not 3 divided
        line = CASE_LABEL.sub("\x08\\1;", line)  # `\lambda=2 : \quad y=-x`: what holds where lambda is 2
        line = ROOTS_NAMED.sub(r"\1 ", line)  # `x_1, x_2 = \frac{-b \pm \sqrt{\Delta}}{2a}`: the roots of x
        if RUNS_OVER.fullmatch(line):  # `\\lambda = -2, -1`: the values a name takes, roots listed, one part
            found.append((line.strip(), "values"))
            continue
        line = APPROXIMATION_ARROW.sub(";\x07", line)
        line = re.sub(r"\\(?:implies|Longrightarrow|Rightarrow|therefore)(?![A-Za-z])", ";\x05", line)
        line = re.sub(r"\\(?:text|textrm|mbox)\{\s*or\s*\}", ";\x06", line)
        # `\text{When } x=6 \Longrightarrow u = -9`: a row's own case, what follows in it holds there
        line = re.sub(r"\\(?:text|textrm|mbox)\{\s*when\s*\}", ";\x08", line, flags=re.IGNORECASE)
        # `2^x = 8 \\iff x = \\log_2(8) = 3`: an equation, then its solution
        line = re.sub(r"\\(?:iff|Leftrightarrow|Longleftrightarrow)(?![A-Za-z])", ";\x0e", line)
        line = re.sub(r"\\(?:quad|qquad)(?![A-Za-z])", ";", line)
        line = POINTER_NOTE.sub(";", line)  # `= 980 \mathrm{kN} \leftarrow \mathbf{Ans.}`: a note on the result
        line = NEGATED_RELATION.sub(";", line)  # `x = -\frac{3}{4} \not\geq 2`: the solution, then a remark on it
        line = NAME_AS_FUNCTION.sub(r"\2", line)  # `X = X(t) = |K|(...)`: X, as a function of t, is that
        line = _loose_apart(line)
        line = re.sub(r"(?:\\[,;: ]\s*){3,}", ";", line)  # `x = [...] \,\,\,\, y = [...]`: a wide gap, as \quad
        line = SPACED_DEFINITIONS.sub(r"\1;", line)  # `a_1=\begin{bmatrix}...\end{bmatrix}\ a_2=...`: two, side by side
        line = SPACED_CONJUNCTION.sub(lambda m, text=line: ";" if "=" in text[:m.start()] else m.group(0), line)
        line = WORDED_SIDE.sub("\\1 \x01\\2\x02", line)  # `x + y = \\text{const}`: a side in words stays whole
        line = re.sub(r"\\(?:text|textrm|texttt|textit|textbf|mbox)\{[^}]*\}", ";", line)
        line = line.replace("\x01", "\\text{").replace("\x02", "}")
        # `g\\left(w\\right)` is g(w): sizing commands go, spacing becomes a space
        line = SPACING_RE.sub(lambda m: "" if m.group(0)[1:2] in ("l", "r", "b", "B") else " ", line)
        # `\\quad \\text{or} \\quad`: one break, marked
        line = re.sub(r"[;\s]*;\s*([\x05-\x08\x0e])[;\s]*", r";\1", line)
        for piece in split_top_level(line, (";",)):
            if RUNS_OVER.fullmatch(bare := piece.strip(" \t\n\x05\x06\x07\x08\x0e")):
                found.append((_restored(bare, kept), "values"))  # `e_t,\quad t=0,1,2,3,\cdots`: its index's run
                continue
            found.extend((_restored(s.strip(" \t\n\x05\x06\x07\x08\x0e"), kept), LEADS.get(s.lstrip()[:1], ""))
                         for s in split_top_level(piece, (",",)) if s.strip(" \t\n\x05\x06\x07\x08\x0e"))
    return found


# `a_1=\\begin{bmatrix}1\\\\2\\end{bmatrix}\\ a_2=\\begin{bmatrix}...`, `a=3\\ b=4`: a value (a matrix or a number) that
# ends a relation, a space command, and a name set to something: two relations set side by side, no product (the
# line has each matrix kept whole as `\x03N\x03`, see `_kept_whole`); not an integrand and its differential
# (`\\int_0^{1} x^2 \\, dx = \\frac{1}{2}`)
SPACED_DEFINITIONS = re.compile(r"(=(?:(?!\\int)[^=;])*?(?:\x03\d+\x03|\d))\s*(?:\\[ ,;:]\s*)+"
                                r"(?=\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*=(?!=))")
# `\\Delta t = \\frac{12,5 m}{7,5 m/s} = 1.67 s \\,\\, e \\,\\, a = \\frac{5 m/s}{1,67 s}`: a conjunction written in
# the math between spacings (Italian e, Spanish y, French et, German und), then a name set to something: two
# relations, no product with Euler's e (or y)
SPACED_CONJUNCTION = re.compile(r"(?:\\[ ,;:]\s*)+(?:and|e|y|et|und|en|och|og)\s*(?:\\[ ,;:]\s*)+"
                                r"(?=\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*=(?!=))")
# one column written as a matrix environment, in round brackets or its own (`\\left(\\begin{matrix}0\\\\1\\end{matrix}
# \\right)`, `\\begin{pmatrix}0\\\\1\\end{pmatrix}`)
COLUMN = (r"(?:\\left\s*)?\(\s*\\begin\{matrix\}((?:(?!\\end).)*)\\end\{matrix\}\s*(?:\\right\s*)?\)|"
          r"\\begin\{([pbvV]?matrix)\}((?:(?!\\end).)*)\\end\{\2\}")
# `R = \\left[\\left(\\begin{matrix}0\\\\1\\end{matrix}\\right)\\left(\\begin{matrix}-1\\\\0\\end{matrix}\\right)
# \\right]`: columns side by side in square brackets, the matrix they make (two columns multiplied have no meaning)
COLUMNS_SIDE_BY_SIDE = re.compile(rf"(?:\\left\s*)?\[\s*((?:(?:{COLUMN})\s*){{2,}})(?:\\right\s*)?\]", re.DOTALL)
# `T_r = 2 \\times 490 \\mathrm{kN} = 980 \\mathrm{kN} \\leftarrow\\mathbf{Ans.}`, `\\leftarrow \\text{governs}`: an
# arrow pointing at a result, with its note in words
POINTER_NOTE = re.compile(r"\\(?:long)?leftarrow\s*\\(?:mathbf|textbf|text|textit|mathrm|mbox)\s*\{[^{}]*\}\.?")
# `x=-\\frac{3}{4}\\not\\geq 2`: a relation negated, a remark that a solution fails a case's condition (the solution
# before it stands)
NEGATED_RELATION = re.compile(r"\\not\s*(?:\\(?:geq|leq|ge|le|gt|lt|in|subset|subseteq|equiv)(?![A-Za-z])|[<>=]).*$",
                              re.DOTALL)
# `X = X(t) = |K| (-1 + \\cos t + \\sin t)`: a name, then the same name as a function of a variable, then its formula
NAME_AS_FUNCTION = re.compile(r"(?<![\\A-Za-z])(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*=\s*"
                              r"(\1\s*\(\s*\\?[A-Za-z]+\s*\)\s*(?:=|$))")
# `x_1, x_2 =`, `x_{1,2} =`, `x_\pm =` before a formula with `\pm`: the two roots it gives, each a value of x
ROOTS_NAMED = re.compile(r"^\s*(\\?[A-Za-z]+)(?:_\{?\s*1\s*\}?\s*,\s*\1_\{?\s*2\s*\}?|_\{\s*1\s*[,/]\s*2\s*\}|"
                         r"_\{?\s*\\pm\s*\}?)"
                         r"\s*(?==(?!.*=).*\\(?:pm|mp)(?![A-Za-z]))", re.DOTALL)
# `\\\\[10pt]`, `\\\\[2mm]`: a row's end with the space TeX adds after it
ROW_SPACING = re.compile(r"\\\\\s*\[\s*-?\d*\.?\d+\s*(?:pt|em|ex|mm|cm|in|mu|bp)\s*\]")
# `(3):\\; \\ddot{y} = ...`, `(1'): ...`: a row that opens on its equation's label and a colon
LEADING_LABEL = re.compile(r"^\s*\(\s*\d+[a-z]?'*\s*\)\s*:(?:\s|\\[,;: ])*")
# `\\lambda=2 : \\quad y=-x` (an eigenvalue, then its eigenvector's direction): a row that opens on a name's value and
# a colon, the case what follows in it holds in
CASE_LABEL = re.compile(r"^(\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*=\s*[-−]?\d+(?:\.\d+)?)\s*:(?!=)(?:\s|\\[,;: ])*(?=\S)")
# `\\frac{z^2 + z}{z^2 + 0.5z + 0.125}.\\frac{z}{z - 1}`: a full stop between two fractions, a product's dot; so is
# one set apart by spaces after a number (`2 . 5 . \\frac{\\sqrt{2}}{2}`), which no decimal is
DOT_PRODUCT = re.compile(r"(?<=\})\s*\.\s*(?=\\[dt]?frac(?![A-Za-z]))|(?<=\d)\s+\.\s+(?=\d|\\[dt]?frac(?![A-Za-z]))")
# `V_0\\cos\\beta\\,t_0`: a function's one-name argument written bare, then a thin space, which ends it (the time
# multiplies the cosine); the name may carry a subscript (`\\sin\\theta_1\\, x`), not a sizing or font command
SPACED_ARGUMENT = re.compile(r"(\\(?:sinh|cosh|tanh|sin|cos|tan|sec|csc|cot|exp|log|ln))\s*((?:[A-Za-z]|\\(?!left|"
                             r"right|[bB]igg?[lr]?\b|math|operatorname|text)[A-Za-z]+)(?:_\{[^{}]*\}|_\w)?)\s*(?=\\[,;:])")
# `g^{-1}(v)`: a function's letter raised to -1 and applied, the inverse function (not 1/g times v); a capital's
# (`F^{-1}(U)`, a CDF's inverse, or a matrix's times a bracket) is left to the readers as it was
INVERSE_FUNCTION = re.compile(r"(?<![\\A-Za-z])([fgh])\s*\^\s*(?:\{\s*-\s*1\s*\}|-1)\s*(?=\\left\(|\()")
# `the lines $j = i-1$ and $j = i+1$`: a set of points the equation describes, no value given
LOCUS_BEFORE = re.compile(r"\b(?:lines?|curves?|planes?|hyperplanes?|surfaces?|circles?|boundary|boundaries|"
                          r"contours?|level sets?)\s*$", re.IGNORECASE)
# an angle given a whole number of degrees a text writes bare (`\theta = 90`), and its name
ANGLE_VALUE = re.compile(r"^\s*\\(theta|vartheta|phi|varphi|alpha|beta|gamma|psi)\s*=\s*"
                         r"(30|45|60|90|120|135|150|180|270|360)\s*$")


def _angle_in_degrees(piece: str, text: str) -> bool:
    """Whether a Greek angle is given a whole number of degrees (`\\theta = 90`) in a text that takes its sine,
    cosine or tangent (`\\cos(\\theta) = 0`): no text means 90 radians."""
    angle = ANGLE_VALUE.match(piece)
    return bool(angle) and re.search(rf"\\(?:sin|cos|tan)\s*(?:\\left)?\s*\(?\s*\\{angle.group(1)}(?![A-Za-z])",
                                     text) is not None


# `When $\theta = 90$ degrees`: an angle in degrees, as `90^\circ` is
DEGREES_AFTER = re.compile(r"^\s*degrees?\b(?!\s+of\s+freedom)", re.IGNORECASE)  # not `$4-1 = 3$ degrees of freedom`


def _columns_matrix(m: re.Match[str]) -> str:
    """Columns written side by side in square brackets as the matrix they make; unchanged if their lengths differ."""
    columns = [[entry.strip() for entry in re.split(r"\\\\", c.group(1) or c.group(3))]
               for c in re.finditer(COLUMN, m.group(1), re.DOTALL)]
    if len({len(c) for c in columns}) != 1:
        return m.group(0)
    rows = (" & ".join(c[i] for c in columns) for i in range(len(columns[0])))
    return "\\begin{bmatrix}" + " \\\\ ".join(rows) + "\\end{bmatrix}"


def _braced_root(math: str) -> str:
    """`\\sqrt\\frac{N/2}{N}` as `\\sqrt{\\frac{N/2}{N}}`, `\\sqrt[12]2` as `\\sqrt[12]{2}`: a root written without
    braces around its fraction, or around the one digit or letter TeX takes as its argument."""
    math = re.sub(r"(\\sqrt\s*\[[^\[\]{}]*\])\s*(\d|[A-Za-z](?![A-Za-z]))", r"\1{\2}", math)
    while found := re.search(r"\\sqrt\s*(?=\\[dt]?frac\s*\{)", math):
        start = found.end()
        numerator = brace_group(math, math.index("{", start))
        denominator = numerator and brace_group(math, numerator[1])
        if not denominator:
            return math
        math = f"{math[:found.start()]}\\sqrt{{{math[start:denominator[1]]}}}{math[denominator[1]:]}"
    return _bracketed_root(math)


def _bracketed_root(math: str) -> str:
    """`\\sqrt(100)` as `\\sqrt{(100)}`: TeX takes the bracket alone as the root's argument, every reader the bracketed
    number, as the text means."""
    at = 0
    while found := re.compile(r"\\sqrt\s*\(").search(math, at):
        depth, end = 0, None
        for k in range(found.end() - 1, len(math)):
            depth += {"(": 1, ")": -1}.get(math[k], 0)
            if depth == 0:
                end = k + 1
                break
        if end is None:
            return math
        math = f"{math[:found.start()]}\\sqrt{{{math[found.end() - 1:end]}}}{math[end:]}"
        at = found.start() + 1
    return math


LOOSE = re.compile(r"\\(?:to|rightarrow|longrightarrow|ll|gg|lesssim|gtrsim|propto)(?![A-Za-z])")


def _loose_apart(line: str) -> str:
    """`K = k/(N+1) \\to 0`, `a = L/(N+1) \\ll L`: what a side tends to, or is much smaller than, is no part of the
    equation before it, so such a sign outside brackets ends the statement (the `\\to` of `\\lim_{x \\to 0}` stands
    in braces and stays)."""
    for m in reversed(list(LOOSE.finditer(line))):
        before = line[:m.start()]
        if sum(before.count(c) for c in "([{") <= sum(before.count(c) for c in ")]}"):
            arrow = m.group(0)[1:] in ("to", "rightarrow", "longrightarrow")  # what follows is what it leads to
            line = before + (";\x05" if arrow else ";") + line[m.end():]
    return line


# Dirac's notation: `\langle a | b \rangle`, `| 2,4,5 \rangle`, `\langle \psi |`
DIRAC = re.compile(r"\\langle([^<>]*?)\\rangle|\|([^|]*?)\\rangle|\\langle([^|]*?)\|")


def _dirac(m: re.Match[str]) -> str:
    """A bra, a ket or a bracket with its commas braced, so none splits the statement (it stays as written, which
    neither reader reads: `\\langle E_L \\rangle` is an expectation, no product)."""
    return m.group(0).replace(",", "{,}")


def span_math(match: re.Match[str]) -> str:
    """The math a MATH_RE match holds: the one of its groups that matched (`$...$`, `$$...$$`, `\\[...\\]`)."""
    return next((g for g in match.groups() if g is not None), "")


def subscript_label(m: re.Match) -> str:
    """A WORDED_SUBSCRIPT match as the label it is: `_{\\text{new model}}` -> `_{newmodel}`."""
    return "_{" + re.sub(r"\s", "", m.group(1) or m.group(2)) + "}"


def _without_braces_labels(math: str) -> str:
    """`\\underbrace{\\frac12 m v^2}_{K = mv^2/2}` as the term it marks, `{\\frac12 m v^2}`: the label under the brace
    (or over an `\\overbrace`) names the term; its `=` is no part of the equation."""
    while (m := ANNOTATED.search(math)) and (term := brace_group(math, m.end())):
        end = term[1]
        if label := re.match(r"\s*[_^]\s*", math[end:]):
            after = end + label.end()
            end = (brace_group(math, after) or ("", after + 1))[1]
        math = f"{math[:m.start()]}{{{term[0]}}}{math[end:]}"
    return math


def braced_decorations(math: str) -> str:
    """`\\hat x`, `\\widehat{x}` written `\\hat{x}`, and `\\dot{x_1}` written `\\dot{x}_1`: one spelling for a
    decorated name."""
    math = UNBRACED.sub(lambda m: f"\\{DECORATIONS.get(m.group(1), m.group(1))}{{{m.group(2)}}}", math)
    return INNER_SUBSCRIPT.sub(r"\\\1{\2}_\3", math)


def _labelled_pi(math: str) -> str:
    """`\\pi^g`, or `\\pi^1` beside `\\pi^2`, as names: a letter never raises pi to a power, nor does 1; where neither
    is written, `\\pi^2` stays the number squared."""
    labels = [m.group(1) or m.group(2) for m in LABELLED_PI.finditer(math)]
    if not any(label.isalpha() or label == "1" for label in labels):
        return math
    return LABELLED_PI.sub(lambda m: f"\\pi_{{sup{m.group(1) or m.group(2)}}}", math)


def _word_label(match: re.Match[str]) -> str:
    """`P^{sat}_{MeOH}` as the one name `P_{MeOHsat}`: the label joins the subscript."""
    base, word = match.group(1), match.group(4)
    sub = match.group(2) or match.group(3) or match.group(5) or match.group(6)
    if base.lstrip("\\") in BIG_OPERATORS:
        return match.group(0)
    return f"{base}_{{{sub or ''}{word}}}"


def _digit_label(match: re.Match[str]) -> str:
    """`c^1_1` as the one name `c_{11sup}`: the label joins the subscript (a big operator's limits stay); no
    capitalised word comes of it (`m_A^1` is `m_{A1sup}`), which would be read as a name of its own."""
    base = match.group(1)
    if base.lstrip("\\") in BIG_OPERATORS or base in ("e", "\\mathrm", "\\text"):
        return match.group(0)
    digit = next(filter(None, match.group(2, 3, 8, 9)))
    sub = next(filter(None, match.group(4, 5, 6, 7)))
    return f"{base}_{{{sub}{digit}sup}}"


def _operator(match: re.Match[str]) -> str:
    """`\\text{log}` as `\\log`; `\\text{ mod }` as `\\bmod`, which no reader computes."""
    word = match.group(1)
    return "\\bmod " if word == "mod" else f"\\{word} "


def _kept_whole(line: str) -> tuple[str, list[str]]:
    """A line with each environment kept whole replaced by a placeholder, and the environments."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        """One environment, set aside."""
        kept.append(m.group(0))
        return f"\x03{len(kept) - 1}\x03"

    return WHOLE_ENV.sub(keep, line), kept


def _restored(text: str, kept: list[str]) -> str:
    """A statement with its environments put back."""
    return re.sub("\x03(\\d+)\x03", lambda m: kept[int(m.group(1))], text)


HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def prose(text: str) -> str:
    """Markdown with code blocks, inline code and link targets removed: what the math spans are found in (a
    `$...$` in a link's address, `#Critically-Damped-($\\zeta-=-1$)`, is no rendered math). A MyST directive's
    fence (`{note}`, `{admonition}`) holds prose, kept; a `{math}` fence holds a display. An HTML comment (`<!--
    draft -->`) is never rendered: no reader sees what it holds. A no-break space written as `&nbsp;` is a space
    (`such that &nbsp; $f'(x) = 0$`)."""
    text = HTML_COMMENT.sub("", text).replace("&nbsp;", " ")
    while (inner := DIRECTIVE.sub(_directive, text)) != text:  # a figure inside an admonition: both opened
        text = inner
    return LINK_TARGET.sub("]", re.sub(r"`[^`\n]*`", "", FENCE_RE.sub("", text)))


def outline(text: str) -> str:
    """Markdown as its headings are found in: the prose without its displays, so neither `\\end{bmatrix}` over a
    line `=` nor a figure's `height: 200px` over `---` is taken for a heading."""
    text = prose(text)

    def removed(m: re.Match[str]) -> str:
        """A display gone; one after other text on its line stays, on that line, so `= \\begin{bmatrix}...` is no
        line of `=` under a setext heading, and a heading that is a display (`#### $$\\boxed{L = 4 \\pi d^2 b}$$`)
        is named as written."""
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        return " ".join(m.group(0).split()) if line.strip() else ""

    return DISPLAY_MATH.sub(removed, text)


DISPLAY_MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.DOTALL)


def _directive(match: re.Match[str]) -> str:
    """A MyST directive's body as the prose (or, for `{math}`, the display) it renders; code directives go."""
    name, body = match.group(2), re.sub(r"(?m)^:[\w-]+:.*\n?", "", match.group(4))  # `:class: tip` options go
    body = re.sub(r"\A---[ \t]*\n.*?^---[ \t]*\n", "", body, flags=re.MULTILINE | re.DOTALL)  # and `---` blocks
    if name in CODE_DIRECTIVES:
        return ""
    if TITLED.fullmatch(name) and match.group("title").strip():  # `{dropdown} **Step 2:** Find all x such that ...`
        body = f"{match.group('title').strip()}\n\n{body}"
    return f"$$\n{body}\n$$\n" if name == "math" else body


# directives whose argument is a title the page shows as text (a figure's is a file)
TITLED = re.compile(r"admonition|dropdown|note|tip|hint|important|warning|caution|attention|danger|error|seealso|"
                    r"topic|sidebar|margin|exercise|solution|toggle|card|tab-item|prf:\w+")


def _about_conditions(head: str) -> bool:
    """Whether the paragraph a span stands in, or the one before it that ends in a colon or titles a table of them
    (`Condiciones de continuidad`, then `| Regiones | Condición | Ecuación |`), is about conditions."""
    paragraphs = head.split("\n\n")
    current = paragraphs[-1]
    introduced = len(paragraphs) > 1 and (paragraphs[-2].rstrip().endswith(":") or current.lstrip().startswith("|"))
    # `Then the initial conditions are $x(0) = 1.0$. Substituting gives $A = 0, B= 1$:`: the display after it is what
    # the conditions gave, a solution, no condition
    leading = SENTENCE_END.split(paragraphs[-2].rstrip())[-1] if introduced else ""
    result = RESULT_SENTENCE.search(leading) is not None and not CONDITION_PARAGRAPH.search(leading)
    return bool(CONDITION_PARAGRAPH.search(current) or (introduced and not result and CONDITION_PARAGRAPH.search(
        paragraphs[-2])))


# a sentence that leads into what a computation gave (`Substituting gives`, `we obtain`, `se obtiene`)
RESULT_SENTENCE = re.compile(r"\b(?:gives?|giving|yields?|obtains?|we\s+get|substitut\w*|hence|thus|therefore|"
                             r"obtenemos|se\s+obtiene|sustituyendo|obtemos|substituindo|on\s+obtient|en\s+substituant|"
                             r"ergibt|erhalten|einsetzen)\b", re.IGNORECASE)


# Unicode signs a span may write for LaTeX's (`0.163325 ≈ 0.163`, `2 × 3`, `a − b`)
UNICODE_MATH = {"≈": "\\approx ", "×": "\\times ", "·": "\\cdot ", "−": "-", "≤": "\\le ", "≥": "\\ge ",
                "≠": "\\neq ", "⋅": "\\cdot ", "⇒": "\\Rightarrow ", "⟹": "\\implies ", "∂": "\\partial "}


# other signs for "approximately equal" (`\\frac{1.38}{3.27^{1/5}} - 1 \\simeq 8.9\\%`), read as `\\approx`
APPROXIMATELY = re.compile(r"\\(?:simeq|thickapprox|approxeq)(?![A-Za-z])|≃")


# `1.602\\,176\\,6208(98)`: a measured value's standard uncertainty in its last digits, no factor
UNCERTAINTY = re.compile(r"(\d\.\d(?:\d|\s|\\,)*\d\d)\s*\(\d{1,3}\)")


# Greek letters written as characters (`ω_{10} = \\frac{cπ}{a}`), as LaTeX spells them; not the micro sign µ of `µm`
GREEK = {chr(code): f"\\{name} " for code, name in zip(
    range(0x3B1, 0x3CA), ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho "
                          "varsigma sigma tau upsilon phi chi psi omega").split()) if name != "o"}
GREEK |= {chr(code): f"\\{name} " for code, name in zip(
    range(0x391, 0x3AA), ("A B Gamma Delta E Z H Theta I K Lambda M N Xi O Pi P - Sigma T Upsilon Phi X Psi "
                          "Omega").split()) if len(name) > 1}  # Alpha, Beta, ... are the Latin capitals
GREEK |= {"ϕ": "\\phi ", "ϵ": "\\epsilon ", "ϑ": "\\vartheta "}


# Unicode's mathematical alphanumeric symbols (italic, bold, ... letters and digits) and the italic h it left out
MATH_ALPHABET = re.compile("[\U0001D400-\U0001D7FF\u210E]")
# `\\omega²`, `10⁻³`: a power written in superscript characters
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


# `\\color{green}`, `\\textcolor{red}`: the colour what follows is shown in
COLOR = re.compile(r"\\(?:color|textcolor)\s*\{[^{}]*\}\s*")
# `{n \\choose k}`, plain TeX's infix binomial coefficient, in its braces
CHOOSE = re.compile(r"\{([^{}]*?)\\choose(?![A-Za-z])([^{}]*)\}")
# `\\binom{e^{-t}}{-2 e^{-t}}`, `\\binom{1}{-2}`: two entries written as a binomial coefficient's
BINOM = re.compile(r"\\[dt]?binom\s*\{((?:[^{}]|\{[^{}]*\})*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
# what a binomial coefficient's entry is: a whole number, a name, or a sum or product of them (`n`, `2n`, `k-1`)
BINOMIAL_ENTRY = re.compile(r"\s*(?:\d+|[A-Za-z](?:_\{?\w+\}?)?)(?:\s*[-+]?\s*(?:\d+|[A-Za-z](?:_\{?\w+\}?)?))*\s*")


def _column(m: re.Match[str]) -> str:
    """The column of two entries a binomial coefficient's notation stands for, in a span where an entry of one is no
    count (`\\binom{1}{-2} e^{-t}`, an eigenvector: a negative number, a function, a decimal)."""
    return f"\\begin{{pmatrix}} {m.group(1).strip()} \\\\ {m.group(2).strip()} \\end{{pmatrix}}"


def _uncoloured(math: str) -> str:
    """A span without the colours it shows values in (`\\color{green}{3,133333}`): the colour is no factor, and its
    group's braces only group, as TeX reads them (`2\\color{red}{x+1}` shows 2x+1)."""
    while m := COLOR.search(math):
        group = brace_group(math, m.end())
        math = math[:m.start()] + (group[0] + math[group[1]:] if group else math[m.end():])
    return math


def _ascii_math(math: str) -> str:
    """A span with the Unicode signs it writes (`≈`, `×`, `−`, `²`) spelled as LaTeX, so a chain with them is read;
    a letter in a mathematical alphabet (`𝑓`, `𝜃`, `ℎ`, as word processors write math) is that letter; `\\simeq` is
    `\\approx`, `\\>` is `\\:`, and a value's uncertainty in brackets (`6208(98)`) is left out; `\\times.01` is
    `\\times 0.01`."""
    math = GLUED_DECIMAL.sub(r"\1 0.", math)
    math = MATH_ALPHABET.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), math)
    math = re.sub(r"(?<!\\)\\>", r"\\:", APPROXIMATELY.sub(r"\\approx", math))  # `\\>`: TeX's medium space, `\\:`
    math = UNCERTAINTY.sub(r"\1", math)
    math = _uncoloured(math)
    # `{32 \\choose 5}`: plain TeX's binomial coefficient
    math = CHOOSE.sub(lambda m: f"\\binom{{{m.group(1).strip()}}}{{{m.group(2).strip()}}}", math)
    if any(not all(BINOMIAL_ENTRY.fullmatch(entry) for entry in m.groups()) for m in BINOM.finditer(math)):
        math = BINOM.sub(_column, math)  # `\\binom{1}{2} e^{3t}, \\quad \\binom{1}{-2} e^{-t}`: columns, each
    math = re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+", lambda m: f"^{{{m.group(0).translate(SUPERSCRIPTS)}}}", math)
    math = re.sub("|".join(UNICODE_MATH), lambda m: UNICODE_MATH[m.group(0)], math)
    math = re.sub(r"(?<=\s)–(?=\s)", "-", math)  # `\\sin{(5x – 2)}`: an en dash set apart, a word processor's minus
    return re.sub(f"[{''.join(GREEK)}]", lambda m: GREEK[m.group(0)], math)


def statements_with_roles(markdown: str) -> list[tuple[str, str]]:
    """(statement, role) for every statement of every math span, in order (the roles: see the module's docstring)."""
    return [(statement, role) for statement, role, _ in statements_in_context(markdown)]


# `la referència $\\mathcal{R}'$`, `the frame $S'$`: a primed frame, whose coordinates are primed too
PRIMED_FRAME = re.compile(r"\\mathcal\s*\{?\s*[A-Z]\s*\}?\s*'|(?<![\\A-Za-z])(?:[KORS]|\\Sigma)\s*'(?![\s']*[(A-Za-z])")
PRIMED_COORDINATE = re.compile(r"(?<![\\A-Za-z])([xyzt])\s*'(?!')(?!\s*\()")
# `2 novas funções, chamemos-as de $f'(x)$ e $g'(x)$`: functions the text names with a prime, new ones
NEW_FUNCTIONS = re.compile(r"\b(?:nov[ao]s?\s+funç|nuev[ao]s?\s+funci|new\s+functions?|nouvelles?\s+fonctions?|"
                           r"neuen?\s+Funktion|nuov[ae]\s+funzion)", re.IGNORECASE)
PRIMED_FUNCTION = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*'(?!')(?=\s*\()")


def _primes_as_names(text: str) -> str:
    """A cell's math with the primes that name rather than differentiate written as labels (`x'` as `x_{prime}`): the
    coordinates of a primed frame (`x'^2+y'^2=1` in `la referència $\\mathcal{R}'$`, `x' = \\cos t`), and functions a
    sentence calls new (`2 novas funções, chamemos-as de $f'(x)$ e $g'(x)$`: `f'(x)=2x+3` defines one)."""
    spans = list(MATH_RE.finditer(text))
    coordinates = any(PRIMED_FRAME.search(span_math(m)) for m in spans)
    functions = {name for m in spans if NEW_FUNCTIONS.search(_sentence_before(text, m))
                 for name in PRIMED_FUNCTION.findall(span_math(m))}
    if not coordinates and not functions:
        return text

    def labelled(m: re.Match[str]) -> str:
        """One span with those primes as labels."""
        math = m.group(0)
        if coordinates:
            math = PRIMED_COORDINATE.sub(r"\1_{prime}", math)
        if functions:
            math = re.sub(rf"(?<![\\A-Za-z])([{''.join(sorted(functions))}])\s*'(?!')(?=\s*\()", r"\1_{prime}", math)
        return math

    return MATH_RE.sub(labelled, text)


# `y_{t}^{p}`, `y_t^c`, `x^h(t)`: a solution's particular, complementary or homogeneous part
SOLUTION_PART = re.compile(r"(?<![\\A-Za-z])([A-Za-z])(_\{?\s*[A-Za-z0-9]\s*\}?)?\s*\^\s*\{?\s*([pch])\s*\}?"
                           r"(?![A-Za-z0-9])")


def _solution_labels(text: str) -> str:
    """A cell's math with the parts of a solution written as labels (`y_{t}^{p} + y_{t}^{c}`: the particular and the
    complementary solution, no powers p and c), where it writes two of them for one name."""
    parts: dict[tuple[str, str], set[str]] = {}
    for m in MATH_RE.finditer(text):
        for part in SOLUTION_PART.finditer(span_math(m)):
            parts.setdefault((part.group(1), re.sub(r"[\s{}_]", "", part.group(2) or "")), set()).add(part.group(3))
    labelled = {key for key, letters in parts.items() if len(letters) > 1}
    if not labelled:
        return text

    def label(part: re.Match[str]) -> str:
        """One part as a name of its own, its label joining the subscript as a digit's does: `y_{t}^{c}` as
        `y_{tcsup}`."""
        key = (part.group(1), re.sub(r"[\s{}_]", "", part.group(2) or ""))
        if key not in labelled:
            return part.group(0)
        return f"{key[0]}_{{{key[1]}{part.group(3)}sup}}"

    return MATH_RE.sub(lambda m: SOLUTION_PART.sub(label, m.group(0)), text)


def statements_in_context(markdown: str, lead: str = "") -> list[tuple[str, str, str | None]]:
    """(statement, role, domain) for every statement of every math span, in order.

    The domain is the condition the sentence states right after an inequality (`$\\log x \\le x - 1$ for
    $x > 0$`): where its free name runs (see `nbtruth.relations`). Such a span is a claim, not a condition.
    `lead` is the markdown right before this one (the cell above): what a first span stands after (`we can solve
    this as`, then a cell that is one display).
    """
    text = _solution_labels(_primes_as_names(_continued_displays(prose(markdown))))
    lead = prose(lead)[-300:]
    found: list[tuple[str, str, str | None]] = []
    spans = list(MATH_RE.finditer(text))
    condition_before = False
    solving = _solving(spans)  # displays that each hold a row of one system: every display here is a step of it
    labelled = _under_labels(text, spans)  # `Summation`, then `$$y_1 + y_2 = x_1 + x_2$$`: a model's equations
    place = ""  # the last span, when it named a place (`for $n=0$`)
    worded = -1  # the span that gave a definition in words its value (`Change $L$ to $a b x$`)
    at_point = False  # the sentence began `At $\\sigma = \\underline\\sigma$`: what it says holds there only
    aside = False  # the sentence supposes an example aside (`For example, if $f(x) = x^2$, then ...`)
    deferred: list[tuple[str, str, str | None]] = []  # a display read after the values a later sentence gives it
    release = -1  # the span after which it is read
    using = ""  # the role of the spans that give it those values
    stepping = False  # the last span was a display of steps of solving
    stepped = False  # the last display was one of steps of solving
    supposing = False  # the span is one of the conditions a sentence supposes (see SUPPOSED_CONDITIONS)
    moments = False  # the span is one of the moments a sentence gives as data (see MOMENTS_GIVEN)
    for k, match in enumerate(spans):
        math = _ascii_math(span_math(match))
        if ENTRYWISE_NAMED.search(_sentence_before(text, match)):
            math = MATRICES_MULTIPLIED.sub(r"\1 \\odot ", math)
        before = text[spans[k - 1].end() if k else 0:match.start()]
        before = lead + before if not k and not before.strip() else before
        at_point = at_point and not SENTENCE_END.search(before) and not (k and SENTENCE_END.search(
            spans[k - 1].group(0)))
        aside = EXAMPLE_IF.search(before) is not None and not _displayed(match) or aside and not (
            SENTENCE_END.search(before) or k and SENTENCE_END.search(spans[k - 1].group(0)))
        if POINT_SENTENCE.search(before) and _symbolic_point(math):
            at_point = True
            found.append((math, "condition", None))
            continue
        if k == worded:
            continue
        if (definition := _in_words(text, spans, k)) is not None:
            found.extend((statement, "worded", None) for statement in _statements(definition))
            worded = k + 1
            continue
        after = text[match.end():spans[k + 1].start() if k + 1 < len(spans) else None]
        if DERIVATIVE_OF.search(before) and (said := _derivative_in_words(math)):
            found.append((said, "statement", None))  # `the derivative of $\\ln x = 1/x$`: d/dx of the left side
            continue
        supposing = SUPPOSED_CONDITIONS.search(before) is not None or (
            supposing and ALTERNATIVE.fullmatch(before) is not None)
        introduced = INTRODUCED.search(before) is not None and not _about_conditions(text[:match.start()])
        ranged = _range_end(text, spans, k)
        listed_case = _one_listed_case(math, text, match)  # `1. $\\lambda = 0$` ... `2. $\\lambda \\neq 0$`
        # `Given $E[X]=2$ and $Var(X)=9$`: moments given as data, conditions on a new X, even where `Given`
        # introduces values
        moments = MOMENT.match(math) is not None and (MOMENTS_GIVEN.search(before) is not None or (
            moments and ALTERNATIVE.fullmatch(before) is not None))
        is_condition = not introduced and (_condition_follows(math, after) or _about_conditions(text[:match.start()])
                                           or (condition_before and CONDITION_BEFORE.search(before) is not None)
                                           or _place(math, before) or _place_in_table(math, text, match)
                                           or _another_place(math, before, place) or _label(math, before, after)
                                           or SOLVED.search(before) is not None or ranged
                                           or EXISTS_BEFORE.search(_sentence_before(text, match)) is not None
                                           or HYPOTHESIS_BEFORE.search(before) is not None
                                           or WANTED_BEFORE.search(before) is not None
                                           or DRAWN.search(before) is not None or _beyond(math, before)
                                           or BRANCH_UPDATE.search(before) is not None
                                           or _one_case_of_several(math, text, match)
                                           or listed_case and PLACE.match(math) is not None
                                           or _one_item_of_several(math, text, match)
                                           or _initial_value_given(math, text, match)
                                           or SOLUTIONS_AFTER.match(after) is not None or _a_root(math, text, match)
                                           or _locus(text, spans, k) or _alternatives(text, spans, k)
                                           or _one_if_of_several(text, spans, k) or _substituted(text, spans, k)
                                           or TRIAL_AFTER.match(after) is not None or _supposed(math, before)
                                           or supposing
                                           or (NEAR_AFTER.match(after) is not None
                                               or CASE_IN_BRACKETS.search(before) is not None)
                                           and INEQUALITY.search(math) is not None
                                           or LINE_AFTER.match(after) is not None
                                           or LISTED_BEFORE.search(before) is not None
                                           or LEFT_OUT_BEFORE.search(before) is not None
                                           or PLACE.match(math) is not None and CHINESE_PLACE_AFTER.match(after)
                                           or _a_listed_case(text, match)
                                           or TERMED_IF.search(_sentence_before(text, match)) is not None)
        is_condition = is_condition or moments
        # `For $n=4,9,16$ the puzzles are easy`: values a name runs over, however the sentence brings them in
        is_condition = is_condition or RUNS_OVER.fullmatch(math) is not None
        domain = _domain(math, after, spans[k + 1] if k + 1 < len(spans) else None) or _quantified_domain(
            text, match, math)
        is_condition = is_condition and domain is None
        role = "system" if _system(math) or (solving or k in labelled) and match.group(0).startswith("$$") or \
            _listed_equation(text, match) else (
            "condition" if is_condition else "statement")
        parts = _statement_parts(math)
        pieces = [piece for piece, _ in parts]
        listed, solved = _listed(parts), _solved(parts)
        other = {k for k, (_, leads) in enumerate(parts[1:]) if leads == "or"}  # `x + 1 = 1/x \text{or} x^2 ...`
        choices = _choices(parts)  # `x = 0 \text{ or } y = \alpha/\beta`: values that may hold, none given
        role = "condition" if role == "statement" and (_placed(math, pieces) or _conditional(math)) else role
        # a claim an implication then solves, or one given again in another form, is read after the next statement
        own = {**{k: "alternative" for k in other}, **{k: "solved" for k in solved}} if role == "statement" else {}
        own |= {k: "listed" for k in listed}
        own |= {k: "condition" for k, (_, leads) in enumerate(parts) if leads == "values"}
        own |= _roots(parts)
        own |= {k: "condition" for k in choices}
        own |= {k: "condition" for k in _at_rest(parts)}
        if role in ("statement", "condition") and _defined_after(math, after, spans[k + 1] if k + 1 < len(spans)
                                                                 else None):
            own |= {k: "defined after" for k in range(len(pieces)) if k not in own}
        own |= {k: "initial" for k in _initial_value_problem(pieces)}
        if (cases := [k for k, (piece, leads) in enumerate(parts) if leads == "when" and PLACE.match(piece)]):
            own |= {k: "at point" for k in range(cases[0], len(parts))}  # each row's case, and what holds there
        if _mapped_case(parts, text):  # `$\mu=1 \Rightarrow \lambda=1$; $\mu=0 \Rightarrow \lambda=\infty$`
            own |= {0: "supposed"} | {k: "at point" for k in range(1, len(parts))}
        own |= {k: "approximated" for k, (_, leads) in enumerate(parts) if leads == "approximated"}
        own |= _equivalences(parts)
        # `However, for the bilinear transform ...`; an approximation between formulas (a number is still checked)
        if role == "statement" and (_contrasting(text, match) or _modelling(text, match) or _approximating(
                text, match) and not re.search(
                r"(?:=|\\approx)\s*[-−]?\d+(?:\.\d+)?\s*\.?\s*$", math)):
            own |= {k: "approximated" for k in range(len(pieces)) if k not in own}
        placed = _place(math, before) or IF_BEFORE.search(before) is not None and PLACE.match(math) is not None
        if is_condition and placed and PLACE_THEN.match(after) and k + 1 < len(spans):
            role, at_point = "statement", True  # read as a value, kept until the sentence ends or names the next place
        role = "at point" if at_point and role == "statement" else role
        role = "in case" if aside and role == "statement" else role
        role = "in case" if role == "statement" and (_in_a_case(text, match) or _in_a_question(text, match)
                                                     or listed_case or LIKE_BEFORE.search(before)) else role
        role = "in case" if role in ("statement", "condition") and _case_after(
            after, spans[k + 1] if k + 1 < len(spans) else None) else role
        role = "guessed" if role == "statement" and GUESSED_BEFORE.search(before) else role
        role = "constant" if role == "statement" and CONSTANT_NOTE.search(math) else role
        # `the matrix form of the equation, $Ax=b$`, `方程的矩阵形式$Ax=b$`: an equation named, to solve
        role = "named equation" if role == "statement" and (EQUATION_NAMED.search(before) or SOLVED_AFTER.match(
            after)) else role
        # `We're just iterating over $x = \cos(x)$`: the equation an iteration's fixed point satisfies, no update
        role = "fixed point" if role == "statement" and ITERATED_BEFORE.search(before) and _on_both_sides(
            math) else role
        # `Therefore the total surface $S_{T,i}$ should be: $$S_{T,i} = ...$$`: the name given a new formula
        named = SHOULD_BE_BEFORE.search(text, 0, match.start())
        # `2. Given the eigenvalues $\lambda_1=0, \lambda_3=2$`: values the sentence gives anew, whatever came before
        role = "redefined" if role == "statement" and introduced and all(re.fullmatch(
            rf"\s*{NAME.pattern}\s*=\s*(?:[-−]?\d+(?:\.\d+)?|[A-Za-z]|\\[A-Za-z]+)\s*", piece)
            for piece in pieces) else role
        role = "redefined" if role == "statement" and named and re.sub(r"\s+", "", named.group(1) or named.group(
            2)) == re.sub(r"\s+", "", math.split("=")[0]) else role
        role = "in case" if role == "statement" and _supposed_in_chinese(text, match) else role
        # `\\lim_{x\\to \\infty}\\frac{e^{-x} - 1}{x^2 - 3} \\to \\frac{-e^{-x}}{2x} \\to \\frac{e^{-x}}{2} = 0`: what
        # the sides tend to, each a step of l'Hôpital's rule
        role = "limit" if role in ("statement", "condition") and LIMIT.search(math) else role
        # `using $Z=\\zeta = 2$ instead of the variational value`: a case put in place of what the text gave
        role = "in case" if role in ("statement", "condition") and INSTEAD_AFTER.match(after) else role
        if role == "statement" and _corresponding(text, spans, k):
            role, own = "solved", {}  # read at the value the next span gives, whatever the sentence contrasts
        if role in ("statement", "condition") and _corresponding(text, spans, k - 1):
            role, own = "at point", {}
        # `This equation is _not_ the same as $y = \\frac{1}{\\sin(x/a)}$`: its emphasis marks are no words
        role = "excluded" if role in ("statement", "condition") and NEGATED_BEFORE.search(re.sub(
            r"(?<!\w)[*_]{1,2}|[*_]{1,2}(?!\w)", "", before)) else role
        role = "excluded" if role in ("statement", "condition") and (NONE_WITH.search(_sentence_before(
            text, match)) or VIOLATED_BEFORE.search(before) or FALLACY.search(text, 0, match.start())
            or WRONG_SHOWN.search(_sentence_before(text, match)) or _refuted_after(text, match)) else role
        role = "listed example" if role == "statement" and _listed_function(math, text, match) else role
        # `$17 \\div 5 = 3$ with remainder 2`: a whole-number division, its quotient is no real number's
        role = "whole division" if REMAINDER_AFTER.match(after) and re.search(r"\\div|/|\\frac", math) else role
        # `$$\\frac{dy}{dx} = \\alpha y$$ will have solutions of the form`: an equation to solve, whatever y was before
        role = "to solve" if role in ("condition", "in case") and SOLUTIONS_AFTER.match(after) or role == "statement" \
            and BECOMES.search(before) else role
        # `We would need $h \\leq \\frac{2}{\\lambda_1} = 0.002$`: a bound the text requires, its arithmetic a claim
        role = "required" if role in ("statement", "condition") and "=" in math and _required(
            text, match, INEQUALITY.search(math) is not None) else role
        role = "stationary" if role in ("statement", "condition") and "=" in math and STATIONARY_BEFORE.search(
            _sentence_before(text, match)) else role
        # `plug the result into the force balance equation and solve for $r$:`, then a display: steps of solving
        lead_in = _paragraph_before(text, spans, k) if role == "statement" and _displayed(match) else ""
        solve_for = SOLVE_FOR_BEFORE.search(lead_in)
        # a display right after one of steps, only punctuation between (`\\xi - 1 = ...,` then `\\xi(1 + 4r...) = ...`)
        # goes on with them
        goes_on = stepping and role == "statement" and _displayed(match) and not text[spans[k - 1].end():match.start(
            )].strip(" \t\n,.;") or stepped and STEP_NOTE.match(lead_in) is not None
        if solve_for or goes_on or lead_in and (SOLVING_STEP.search(lead_in) or SOLVING_STEP.search(_notes(math))):
            # its rows are steps of solving, except one that gives the solved-for name (`r = ...`) or a number; a step
            # that multiplies both sides of a definition may still hold as it stands
            role = "solving step"
            own.update({j: "statement" for j, piece in enumerate(pieces) if _solution(piece, solve_for)})
        stepping = role == "solving step"
        stepped = stepping if _displayed(match) else stepped
        # `Say we have $y'(x) = -2 (x - 1)$, with $y(0) = 0$`: a differential equation that poses a new problem
        role = "new problem" if role in ("statement", "condition") and NEW_PROBLEM_BEFORE.search(before) and \
            DIFFERENTIAL_EQUATION.search(split_relations(math)[0][0]) else role
        # `2.3 cycles $\\times$ 2$\\pi \\approx 14.5$`: a span written right after a digit continues the text's product;
        # `rank$(\\mathbf{A})=2$`: one that opens a bracket right after a word applies the function the word names
        role = "fragment" if (re.search(r"\d$", before) or re.search(r"[A-Za-z]$", before) and re.match(
            r"\s*(?:\\left\s*)?[(\[]", math)) and match.group(0).startswith("$") and not match.group(0).startswith(
            "$$") else role
        if re.search(r"(?:=|\\approx)\s*[-−]?\d+(?:\.\d+)?\s*$", math) and (unit := UNIT_AFTER.match(after)):
            # `$f_s = 48$ kHz`: a quantity with its unit
            pieces[-1] = f"{pieces[-1]} \\mathrm{{{unit.group(1)}}}"
        if pieces and (DEGREES_AFTER.match(after) or _angle_in_degrees(pieces[-1], text)):
            # `$\theta = 90$ degrees`, `$\theta = 90$ e $\cos(\theta) = 0$`: in radians, as SymPy's cosine takes it
            pieces[-1] = re.sub(r"([-−]?\d+(?:\.\d+)?)\s*$", r"(\\frac{\1 \\pi}{180})", pieces[-1])
        role = using or role if k <= release and deferred else role  # what the text says the display used
        if role in ("statement", "condition") and len(pieces) == 1 and SUPPOSED_WITH.search(
                _sentence_before(text, match)) and (given := _given_name(pieces[0])):
            pieces, role = [given], "used"  # `Suppose ... with $\\tan(\\theta) = x$`: x stands for that from here on
        if "=" not in math and NAME.fullmatch(math.strip()) and NAMED_BEFORE.search(before) and NAMED_AFTER.match(
                after):
            role = "named"  # `... and $v$ is the velocity of the electron`: v is that quantity from here on
        if "=" not in math and (REPLACED_BEFORE.search(before) and BOLD_NAME.fullmatch(math.strip()) or (
                NAME.fullmatch(math.strip()) and IMPLICIT_AFTER.match(after))):
            # `let's replace $\\mathbf{w}$`: w is another vector from here on; so is y in `where $y$ is defined
            # implicitly by $$xy + x = \\sqrt{2x + 7y}$$`, whatever an earlier example made it
            role = "replaced"
        role = "sought" if role in ("statement", "in case", "condition") and _listed_conditions(text, match) else role
        sentence = _sentence_before(text, match)
        role = "in case" if role == "statement" and CONDITION_IMPLIES.search(sentence) else role
        role = "identity said" if role == "statement" and IDENTITY_SAID.search(sentence) else role
        if role in ("statement", "in case") and DERIVED_BEFORE.search(sentence):
            role = "derived" if role == "statement" else "derived in case"  # `In the case of constant growth`
        entries = [(s, own.get(k, role), domain) for k, s in enumerate(pieces)]
        if (last := _values_used_after(text, spans, k)) is not None:
            deferred, release, using = entries, last, "used"  # read once the values the text then says it used are in
        elif (last := _relations_used_after(text, spans, k)) is not None:
            deferred, release, using = entries, last, ""  # ... or the relations (`where we used $u = g(x)$`)
        else:
            found.extend(entries)
        if deferred and k >= release:
            found.extend(deferred)
            deferred = []
        # `the function $f(x)=x^2$ at $x=x_A$`: the place a definition is evaluated at is a condition too
        condition_before = (is_condition or _function_definition(math)) and _condition_word(math, after)
        place = math if is_condition and PLACE.match(math) else ""
    return found + deferred


# `In the last line, the atomic number of Neon ($Z=10$) and the mass of the muon ($m_\\mu = 207$) were used.`
LAST_LINE_AFTER = re.compile(r"^\s*in\s+the\s+(?:last|previous|preceding|above)\s+(?:line|step|equation|expression|"
                             r"calculation)s?\b[^$]*$", re.IGNORECASE)
GIVEN_VALUE = re.compile(r"\s*[^=<>]+?\s*=\s*[-−]?\d+(?:\.\d+)?\s*")
USED = re.compile(r"\b(?:(?:were|was|are|is|have\s+been|has\s+been)\s+used|we\s+used)\b", re.IGNORECASE)


def _values_used_after(text: str, spans: list[re.Match[str]], k: int) -> int | None:
    """The last span of a sentence right after span k that says it gave k its values (`In the last line, ... ($Z=10$)
    and ... ($m_\\mu = 207$) were used.`), when every span it holds is a name's value; else None."""
    if k + 1 >= len(spans) or not LAST_LINE_AFTER.match(text[spans[k].end():spans[k + 1].start()]):
        return None
    last = k
    while last + 1 < len(spans) and GIVEN_VALUE.fullmatch(_ascii_math(span_math(spans[last + 1]))):
        between = text[spans[last].end():spans[last + 1].start()]
        if last > k and SENTENCE_END.search(between):
            break
        last += 1
    tail = text[spans[last].end():]
    end = SENTENCE_END.search(tail)
    return last if last > k and USED.search(tail[:end.start() if end else None]) else None


# "where we used", "を用いました" (Japanese: we used), "用了" (Chinese): the sentence says the display before it
# used what it writes
USED_IN_SENTENCE = re.compile(r"\b(?:we\s+(?:have\s+)?used|(?:was|were|is|are|has\s+been|have\s+been)\s+used|"
                              r"(?:having\s+)?used\s+that)\b|用い(?:まし)?た|用了|利用了", re.IGNORECASE)
# the end of a sentence, written with its mark (a blank line around a display, which goes on with `, i.e.`, is none)
FULL_STOP = re.compile(r"[.!?](?:\s|$)|[。？！]")
# `u = g(x)`, `\begin{bmatrix} u_1 \\ u_2 \end{bmatrix} = ...`: a relation that gives a name (or a column of names)
RELATION_GIVEN = re.compile(r"\s*(?:\\?[A-Za-z]+(?:_\{?\w+\}?)?|\\mathbf\{\w+\}|\{\\bf\s+\w+\}|"
                            r"\\begin\{[pb]?matrix\}[^=]*\\end\{[pb]?matrix\})\s*=[^=]+")


def _relations_used_after(text: str, spans: list[re.Match[str]], k: int) -> int | None:
    """The last span of the sentence right after display k that says the display used the relations its spans
    write (`... $$ where we used $u = g(x)$.`, `公式を適用する際に $\\mathbf{u} = \\mathbf{g}(\\mathbf{x})$ ...
    を用いました。`):
    they are read before it, as its premises. None where the sentence says no such thing."""
    if k + 1 >= len(spans) or not spans[k].group(0).startswith("$$"):
        return None
    between = text[spans[k].end():spans[k + 1].start()]
    if "$" in between or len(FULL_STOP.findall(between)) > 1:
        return None
    opening = between[max((m.end() for m in FULL_STOP.finditer(between)), default=0):]
    last = k + 1
    while last + 1 < len(spans) and not FULL_STOP.search(text[spans[last].end():spans[last + 1].start()]):
        last += 1
    tail = text[spans[last].end():]
    end = FULL_STOP.search(tail)
    sentence = opening + " " + tail[:end.start() if end else None]
    if not USED_IN_SENTENCE.search(sentence):
        return None
    given = [_ascii_math(span_math(spans[n])) for n in range(k + 1, last + 1)]
    return last if all(RELATION_GIVEN.match(math) for math in given) else None


# `Remember that the derivative of $\\ln x = 1/x$`: the span's left side is what the sentence differentiates
DERIVATIVE_OF = re.compile(r"\bderivative\s+of\s*$", re.IGNORECASE)


# `J(w)`, `f_1(x)`: a function's name applied to its variable (not `\\ln x`, `\\sin(x)`, which the reader knows)
NAMED_FUNCTION_APPLIED = re.compile(r"\s*(?!\\(?:ln|log|exp|sqrt|a?sinh?|a?cosh?|a?tanh?|arc\w+)\b)\\?[A-Za-z]+"
                                    r"(?:_\{?\w+\}?)?\s*\(\s*\\?[A-Za-z]+\s*\)\s*")


def _derivative_in_words(math: str) -> str | None:
    """`\\ln x = 1/x` after "the derivative of" as `\\frac{d}{dx}\\left(\\ln x\\right) = 1/x`, where the left side
    has one variable; None otherwise."""
    sides = split_relations(math)
    if sides[1] != ["="]:
        return None
    left, right = sides[0]
    if NAMED_FUNCTION_APPLIED.fullmatch(left):
        return None  # `the derivative of $J(w) = w^2$ above`: the function named by its definition, no claim about J'
    letters = set(re.findall(r"(?<![\\A-Za-z])[a-df-z](?![A-Za-z])", re.sub(r"\\[A-Za-z]+", " ", left)))
    if len(letters) != 1:
        return None
    return f"\\frac{{d}}{{d{letters.pop()}}}\\left({left.strip()}\\right) = {right.strip()}"


def _solved(parts: list[tuple[str, str]]) -> set[int]:
    """The statements an implication then solves for a name they use (`A + e^1 = -5 \\Rightarrow A = -5 - e`):
    equations for that name, true of the solution the next statement gives."""
    found = set()
    for k, ((statement, _), (following, leads)) in enumerate(zip(parts, parts[1:])):
        solution = re.match(rf"\s*({NAME.pattern})\s*=(?!=)(?P<value>.*)", following, re.DOTALL)
        # `e = \\frac{c - g^2}{2g + e}`: the name on both sides is the equation rearranged, no solution to put in
        name = re.escape(solution.group(1)) if solution else ""
        itself = solution and re.search(rf"(?<![\\A-Za-z]){name}(?![A-Za-z_])", solution.group("value"))
        if leads == "implies" and solution and not itself and not PLACE.match(statement) and _writes(
                statement, solution.group(1)):
            found.add(k)
        elif leads == "implies" and _solves_a_part(statement, following):
            found.add(k)  # `15e^{-2k}=10 \Rightarrow e^{-2k}=\dfrac{2}{3}`: solved for a part it writes
    return found


def _solves_a_part(statement: str, following: str) -> bool:
    """Whether the statement after an implication gives a number to a part the equation before it writes as such: a
    power or a function of a name (`e^{-2k}` of `15e^{-2k}=10`), not a name however decorated (`\\bar{x} = W^\\top
    \\bar{y}` after `\\bar{x}_j = \\sum_i \\bar{y}_i W_{ij}` is the same formula, vectorised)."""
    sides = following.split("=")
    if len(sides) != 2 or re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", sides[1])):
        return False
    part = re.sub(r"\s+", "", sides[0])
    formula = re.search(r"\^\{?-?\w*[A-Za-z]|\\(?:sqrt|ln|log|exp|sin|cos|tan)(?![A-Za-z])", part) is not None
    return formula and not NAME.fullmatch(part) and part in re.sub(r"\s+", "", statement)


def _writes(statement: str, name: str) -> bool:
    """Whether a statement writes a name: apart, or a letter among the letters a product juxtaposes (the i of `F =
    ilB`; not in a command, a word or a subscript)."""
    if re.search(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z_])", statement):
        return True
    plain = re.sub(r"\\(?:text|mathrm|operatorname|mbox)\s*\{[^{}]*\}|\\[A-Za-z]+|_\{[^{}]*\}|_\w", " ", statement)
    return len(name) == 1 and name.isalpha() and any(name in run for run in re.findall(r"[A-Za-z]+", plain))


ROOT = re.compile(rf"\s*({NAME.pattern})\s*=\s*[-−]?\d+(?:\.\d+)?(?:\s*,\s*[-−]?\d+(?:\.\d+)?)*\s*")
NUMBER_SIDE = re.compile(r"=\s*[-−]?\d+(?:\.\d+)?\s*$|^\s*[-−]?\d+(?:\.\d+)?\s*=")
# `x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}`: a name's two roots, which a `\pm` (or `\mp`) gives in one formula
ROOTS_BY_SIGN = re.compile(rf"\s*({NAME.pattern})\s*=(?!.*=)(?=.*\\(?:pm|mp)(?![A-Za-z])).*", re.DOTALL)
# `a_1 \neq 0`: what an equation's roots need, between it and them
EXCLUDED_VALUE = re.compile(r"\s*[^=<>]+\\neq?(?![A-Za-z])[^=<>]+")


def _roots(parts: list[tuple[str, str]]) -> dict[int, str]:
    """Rows of one display that solve for a name, then give its roots (`\\lambda^2 + 6\\lambda + 9 = 0 \\\\ (\\lambda +
    3)(\\lambda + 3) = 0 \\\\ \\lambda = -3`): the equations are to solve, the last one checked with the one root put
    in, and the root holds for this display only (the next example's equation is in the same name). Two roots one
    formula gives with `\\pm` (`a x^2 + bx + c = 0, \\quad a \\neq 0 \\\\ x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}`)
    are put in one at a time."""
    found: dict[int, str] = {}
    for k, (piece, leads) in enumerate(parts):
        root = ROOT.fullmatch(piece) or ROOTS_BY_SIGN.fullmatch(piece)
        if not root or k == 0 or leads == "implies":  # `u(0) = B + 1 = 0 \\Rightarrow B = -1`: B's value from here on
            continue
        name = re.compile(rf"(?<![\\A-Za-z]){re.escape(root.group(1))}(?![A-Za-z])")
        rows = []
        for j in range(k - 1, -1, -1):  # the equations in that name right before it (past what their roots need)
            if j == k - 1 and j not in found and EXCLUDED_VALUE.fullmatch(parts[j][0]):
                continue
            sides = [side.strip() for side in parts[j][0].split("=")]
            if j in found or not NUMBER_SIDE.search(parts[j][0]) or not name.search(parts[j][0]) or ROOT.fullmatch(
                    parts[j][0]) or root.re is ROOTS_BY_SIGN and root.group(1) in sides:
                break  # (`g = \\frac{4\\pi^2 L}{T^2} = 9.8 \\\\ g = 9.8 \\pm 0.1`: g's value, then its uncertainty)
            rows.append(j)
        if not rows:
            continue
        found |= {j: "to solve" for j in rows}
        if root.re is ROOTS_BY_SIGN:
            found[max(rows)] = "solved"  # the last equation, checked with each root put in
            found[k] = "signed roots"
        elif "," not in piece:
            found[max(rows)] = "solved"  # the last equation, right before its root
            found[k] = "at point"
        else:
            found[k] = "condition"
    return found


def _conditional(math: str) -> bool:
    """Whether a display's rows give values under conditions outside a `cases` environment (`y = 1 &if& w x \\ge 0`,
    `y = 0 \\text{ if } w x < 0`): each value holds where its condition does, none is the name's definition."""
    return "\\begin{cases}" not in math and (IF_ROW.search(math) is not None or "\\\\" in math and any(
        COMMA_CASE.search(row) for row in math.split("\\\\")))


def _placed(math: str, pieces: list[str]) -> bool:
    """Whether a display names a place, then what holds there (`z=0 \\qquad \\frac{\\partial p}{\\partial z} = 0`, a
    boundary condition); a row of values (`a = 1 \\quad b = 2`) gives them all."""
    quad = re.search(r"\\q?quad(?![A-Za-z])", math) is not None
    return quad and len(pieces) > 1 and PLACE.match(pieces[0]) is not None and not all(map(PLACE.match, pieces))


# a left side that opens on a derivative in Leibniz's notation, a partial or a gradient: a claim about a given name
LEIBNIZ_START = re.compile(r"\s*(?:\\[dt]?frac\s*\{\s*(?:\\mathrm\s*\{\s*d\s*\}|d(?![A-Za-z]{2})|\\partial)|\\partial|"
                           r"\\nabla)")
DERIVATIVE_OF_NAME = re.compile(rf"\s*{NAME.pattern}\s*(?:'+|\^\s*(?:\\prime|\{{\s*(?:\\prime\s*)+\}}))\s*")


def _listed(parts: list[tuple[str, str]]) -> set[int]:
    """The items of a list of values in one span (`e=0, g=\\frac{1}{2}\\pi, g^2 = \\pi`: group elements and their
    angles) that say something about a name an earlier item gave: values given side by side, not a claim. What an
    arrow leads to (`y = b x^a \\to \\log(y) = ...`) is a consequence of the item before it, no item of a list."""
    given: set[str] = set()
    listed = set()
    for k, (piece, leads) in enumerate(parts):
        sides = split_relations(piece)[0]
        if len(sides) != 2 or leads == "implies":
            continue
        left = sides[0].strip()
        if NAME.fullmatch(left):
            given.add(left)
        elif DERIVATIVE_OF_NAME.fullmatch(left) or LEIBNIZ_START.match(left):
            # `y = x^m \\ y^{\\prime} = m x^{m-1}`, `Y = A K^\\alpha L^{1-\\alpha} \\
            # \\frac{\\partial Y}{\\partial K} = ...`: the given name's derivative, a claim about it
            continue
        elif any(re.search(rf"(?<![\\A-Za-z]){re.escape(name)}(?![A-Za-z])", left) for name in given):
            listed.add(k)
    return listed | _examples_of_one_name(parts)


def _examples_of_one_name(parts: list[tuple[str, str]]) -> set[int]:
    """The items of one span that each give the same name a formula (`Expressions such as $y=a^x,\\; y=x^{1/x},\\;
    y= x^x$ etc.`): examples side by side, none the name's definition from here on."""
    formulas: dict[str, list[int]] = {}
    for k, (piece, leads) in enumerate(parts):
        sides = split_relations(piece)[0]
        if len(sides) == 2 and leads != "implies" and NAME.fullmatch(sides[0].strip()) and not ROW_VALUE.fullmatch(
                sides[1]):
            formulas.setdefault(sides[0].strip(), []).append(k)
    return {k for ks in formulas.values() if len(ks) > 1 for k in ks}


# `y'(x)`, `y'' + y = 0`, `\\frac{dy}{dx}`: a derivative of a function, as a differential equation writes it
DIFFERENTIAL_EQUATION = re.compile(r"(?<![A-Za-z\\])[A-Za-z]?[A-Za-z]'+|"  # `xy' = 1 + y^2`: x times y'
                                   r"\\[dt]?frac\{\s*d\^?\{?\d?\}?\s*\\?[A-Za-z]+\s*\}\{\s*d")  # `d^2\Psi`
# `y(0) = ...`, `y'(a) = z`, `\Psi'(-R) = 10^{-10}`: a function's value (or derivative's) at a number or at an end
# of its interval (a, b, a capital such as L, or a name's negative)
AT_A_NUMBER = re.compile(r"^\s*(?!\\(?:sin|cos|tan|sec|csc|cot|sinh|cosh|tanh|exp|log|ln)\b)\\?[A-Za-z]+'*\s*\(\s*"
                         r"(?:[-−]?\d+(?:\.\d+)?|[ab]|[-−]?\s*[A-Z]|[-−]\s*[a-z])\s*\)\s*=")


def _initial_value_problem(pieces: list[str]) -> set[int]:
    """The pieces of a span that state a differential equation with a function's value at a number (`y'(x)=y(x),
    y(0)=\\pi/2`): an initial-value problem, true of the solution the text gives next, not of an earlier
    example's y."""
    equations = {k for k, piece in enumerate(pieces) if DIFFERENTIAL_EQUATION.search(piece) and "=" in piece}
    conditions = {k for k, piece in enumerate(pieces) if AT_A_NUMBER.match(piece)}
    return equations | conditions if equations and conditions - equations else set()


def _solving(spans: list[re.Match[str]]) -> bool:
    """Whether a text's displays, one equation each, give two or more rows of a system (`$$ 2x - 3y = 15 $$`,
    `$$ 4x + 10y = 14 $$`): its other displays are then steps of solving it (`$$ y = \\frac{15 - 2x}{-3} $$`,
    `$$ 5y = 7 - 2x $$`), each true of the solution, none an identity or a definition."""
    rows = 0
    for match in spans:
        math = span_math(match)
        sides, ops = split_relations(math.strip().rstrip(".,"))
        rows += match.group(0).startswith("$$") and ops == ["="] and bool(
            COMBINATION.search(sides[0]) and ROW_VALUE.fullmatch(sides[1]))
    return rows >= 2


# a paragraph that only names, in title case, what the display under it states (`Thermodynamic Equilibrium`,
# `**Summation**:`); not a sentence that runs into it (`The state is`)
EQUATION_LABEL = re.compile(r"[*_]{0,2}[A-Z][A-Za-z-]*(?: (?:[A-Z][A-Za-z-]*|of|and|for|the|in|on)){0,4}[*_]{0,2}:?"
                            r"[*_]{0,2}")


CONNECTIVES = {"Let", "Then", "So", "Thus", "Hence", "Therefore", "Now", "Finally", "Setting", "Where", "With", "And",
               "Or", "Since", "Because", "Also", "Similarly", "Here", "Given", "Substituting", "Solving", "Note"}


def _under_labels(text: str, spans: list[re.Match[str]]) -> set[int]:
    """The displays a text heads each with a label of two or more (`Thermodynamic Equilibrium`: `$$y_1 = K_1 x_1$$`,
    `$$y_2 = K_2 x_2$$`; `Summation`: `$$y_1 + y_2 = x_1 + x_2$$`): a model's equations, solved together, none
    a definition or an identity. A display right under a labelled one shares its label."""
    found: dict[int, str] = {}
    for k, match in enumerate(spans):
        written = text[spans[k - 1].end() if k else 0:match.start()]
        between = written.strip()
        label = between.split("\n\n")[-1].strip()
        if not match.group(0).startswith("$$"):
            continue
        if not between and k - 1 in found:
            found[k] = found[k - 1]
        elif label and EQUATION_LABEL.fullmatch(label) and (label == between or "\n\n" in between) and re.search(
                r"\n\s*$", written) and label.split()[0].strip("*_:") not in CONNECTIVES:
            found[k] = label  # a line of its own, above the display
    return set(found) if len(set(found.values())) >= 2 else set()


def _system(math: str) -> bool:
    """Whether a display's lines are a system of equations to solve: two or more lines, each one equation, that
    either give the same left side twice (`y = 1 - x \\\\ y = (5 - x)/0.5`: two lines, not two definitions of y)
    or each set a combination of names to a number (`x + 2y + 7z = 0 \\\\ y + 3z = 0`)."""
    lines = _lines(_spelled(math))
    if len(lines) < 2:
        return False
    equations = [split_relations(line) for line in lines]
    if any(ops != ["="] for _, ops in equations):
        return False
    lefts = [" ".join(sides[0].split()) for sides, _ in equations]
    return len(set(lefts)) < len(lefts) or all(
        COMBINATION.search(sides[0]) and ROW_VALUE.fullmatch(sides[1]) for sides, _ in equations)


def _in_words(text: str, spans: list[re.Match[str]], k: int) -> str | None:
    """`Change $L$ to $a b x$`, `Let $L$ be $a b x$`: a definition written in words, as `L = a b x`; else None."""
    if k + 1 >= len(spans):
        return None
    name, value = (span_math(spans[j]).strip() for j in (k, k + 1))
    before = text[spans[k - 1].end() if k else 0:spans[k].start()]
    between = text[spans[k].end():spans[k + 1].start()]
    itself = re.search(rf"(?<![\\A-Za-z]){re.escape(name)}(?![A-Za-z])", value)  # `replace $x$ by $x + h$`
    if WORDED_BEFORE.search(before) and WORDED_BETWEEN.fullmatch(between) and NAME.fullmatch(name) and not (
            "=" in value or itself):
        return f"{name} = {value}"
    return None


def _domain(math: str, after: str, following: re.Match[str] | None) -> str | None:
    """The domain stated after an inequality (`for $x > 0$`, `for $x \\in [0, 1]$`), or None."""
    if following is None or not DOMAIN_WORD.fullmatch(after) or not split_relations(math)[1]:
        return None
    if not set(split_relations(math)[1]) - {"="}:
        return None  # an equation: its `for` is a condition, as ever
    domain = span_math(following).strip()
    return domain if parse_domain(domain) is not None else None


# `\forall x \geq 0`, `for all $x > 0$`, `pour tout $x \geq 0$`: the values a paragraph's claims are about
QUANTIFIED = re.compile(r"(?:\\forall\s*|\b(?:for\s+(?:all|every|each|any)|pour\s+tout|para\s+tod[oa]s?|für\s+alle)"
                        r"\s*\$\s*)([A-Za-z]\s*(?:\\geq?|\\leq?|\\in|[<>])\s*[^,$;]+?)\s*(?=[,$;]|\\[,;:]|\\q?quad)")


def _quantified_domain(text: str, match: re.Match[str], math: str) -> str | None:
    """The domain a paragraph quantifies an inequality's name over (`On montre que $\\forall x \\geq 0, ...$ ...
    $f'(x) = \\log(x+1) > 0$ ... pour tout $x \\geq 0$`), or None: its claims are about those values only. The
    domain is opened (`x > 0`): a bound written for one claim says nothing of where another, strict, one starts."""
    if not set(split_relations(math)[1]) - {"="} or "\\forall" in math:
        return None  # `y_n = 0 \forall n \ge 1`: a claim with its own quantifier
    start = _paragraph_start(text, match.start())
    end = text.find("\n\n", match.end())
    for quantified in QUANTIFIED.finditer(text[start:end if end >= 0 else None]):
        domain = quantified.group(1).strip()
        parsed = parse_domain(domain)
        if parsed is not None and re.search(rf"(?<![\\A-Za-z]){parsed.name}(?![A-Za-z])", math):
            return re.sub(r"\\([lg])eq?(?![A-Za-z])", lambda m: "<" if m.group(1) == "l" else ">", domain)
    return None


def _place(math: str, before: str) -> bool:
    """Whether a span is the place a sentence names (`... a minimum for $x = 1$`): lower case, mid-sentence."""
    return PLACE.match(math) is not None and PLACE_BEFORE.search(before) is not None


def _beyond(math: str, before: str) -> bool:
    """Whether a span is a point past or near which something holds (`past $x=L$`, `near $x=x_0$`): a name or a
    number, a place."""
    sides = [side.strip() for side in math.split("=")]
    return len(sides) == 2 and BEYOND.search(before) is not None and all(
        NAME.fullmatch(side) or re.fullmatch(r"[-−]?\d+(?:\.\d+)?", side) for side in sides)


def _label(math: str, before: str, after: str) -> bool:
    """Whether a span labels the noun after it (`the $x=0$ help`, `the $n = 1$ case`): a case named, no value given."""
    return PLACE.match(math) is not None and re.search(r"\bthe\s*$", before, re.IGNORECASE) is not None and (
        re.match(r"[ \t]*[a-z]", after) is not None)


def _symbolic_point(math: str) -> bool:
    """Whether a span names a point by another name (`\\sigma = \\underline\\sigma`, a special case of a general
    result), not by a number (`x = 3`, where a worked example is then evaluated throughout)."""
    sides = [side.strip() for side in split_relations(math)[0]]
    return len(sides) == 2 and all(NAME.fullmatch(side) or DECORATED.fullmatch(side) for side in sides)


INEQUALITY = re.compile(r"[<>]|\\(?:le|ge|leq|geq|lt|gt|neq|ne)(?![A-Za-z])")


# `for $a=7,8,...$`, `$n = 1, 2, 3$`: the values a name runs over, none of them its value
# (`t=s,\\;s+1,\\;s+2,\\;\\cdots`: a time index from s on, its terms names plus numbers where the dots end it)
_RUN_GAP = r"\s*,(?:\s|\\[;,: ])*"
RUNS_OVER = re.compile(rf"\s*\\?[A-Za-z]+(?:_\{{?\w+\}}?)?\s*=\s*(?:[-−]?\d+(?:\.\d+)?(?:{_RUN_GAP}[-−]?\d+(?:\.\d+)?)+"
                       rf"(?:{_RUN_GAP}(?:\.\.\.|\\[lc]?dots))?|{_RANGE_TERM}(?:{_RUN_GAP}{_RANGE_TERM})+{_RUN_GAP}"
                       r"(?:\.\.\.|\\[lc]?dots))\s*")


def _paragraph_before(text: str, spans: list[re.Match[str]], k: int) -> str:
    """The sentence a display stands after, across a blank line (`Divide both sides by 5000.`, then the display);
    "" where another display comes between."""
    head = text[:spans[k].start()].rstrip()
    start = max(m.end() for m in re.finditer(r"(?:^|[.!?]\s+(?=\S)|\n\s*\n(?=\s*\S))", head))
    return "" if k and spans[k - 1].end() > start and _displayed(spans[k - 1]) else head[start:]


def _displayed(match: re.Match[str]) -> bool:
    """Whether a span is a display (`$$...$$`, `\\[...\\]`, an environment), not math in a line of text."""
    return match.group(0).startswith("$$") or not match.group(0).startswith("$")


def _notes(math: str) -> str:
    """The words a display's rows carry beside their math (`&& \\hbox{divide both sides by $2$}`)."""
    return " ".join(re.findall(r"\\(?:text|hbox|mbox|textrm)\s*\{((?:[^{}]|\{[^{}]*\})*)\}", math))


def _solution(piece: str, solve_for: re.Match[str] | None) -> bool:
    """Whether a row of a step of solving gives its solution: the solved-for name (`r = 4\\ln(1.03)`), or a bare name
    a number (`p = 20`), which the rows before lead to."""
    left, *rest = split_top_level(piece, ("=",))
    if re.match(r"\s*\\(?:text|hbox|mbox|textrm)\b", piece):  # a note's own math (`\hbox{since $\ln(e^x) = x$}`)
        return True
    if solve_for is not None:
        return left.strip() == solve_for.group(1).strip()
    return bool(rest) and NAME.fullmatch(left.strip()) is not None and not re.search(
        r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", rest[-1]))  # `t = \frac{\ln(8/5)}{0.06} \approx 7.83`


# "Diese Vektoren werden elementweise multipliziert:", "multiplied entry by entry", "要素ごとの積": the product the
# sentence before a display names is the entrywise one, whatever sign the display writes
ENTRYWISE_NAMED = re.compile(r"\b(?:element|entry|component|term)[- ]?(?:wise|by[- ](?:element|entry|component|term))"
                             r"\b|\bHadamard\b|\b(?:element|komponenten|eintrags)weise\b|\belemento\s+a\s+elemento\b|"
                             r"\b[ée]l[ée]ment\s+par\s+[ée]l[ée]ment\b|\bterme\s+[àa]\s+terme\b|要素(?:ごと|毎)|逐元素|"
                             r"对应元素", re.IGNORECASE)
# `\end{pmatrix} \cdot \begin{pmatrix}`: two written-out matrices with a product sign between them
MATRICES_MULTIPLIED = re.compile(r"(\\end\{[pbvV]?matrix\}(?:\s*\\right\s*[)\]])?)\s*(?:\\cdot|\\times|\\circ|\*)"
                                 r"(?![A-Za-z])\s*(?=(?:\\left\s*[(\[]\s*)?\\begin\{[pbvV]?matrix\})")


# `\sim 2.3` in a chain: about that number, as `\approx` is; not `\sim 10^{23}`, an order of magnitude
SIM_APPROX = re.compile(r"\\sim(?![A-Za-z])(?=\s*[-−]?\d)(?!\s*10\s*\^)")

# `$$(0.4545)^2 + ... + (0.2727)^2$$ $$+ (0.0909)^2 + ... = 0.9091.$$`: a display that opens on an operator continues
# the one right before it
CONTINUED_DISPLAY = re.compile(r"\$\$([^$]*)\$\$\s*\$\$(?=\s*(?:\+|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])))")
RELATION_SIGN = re.compile(r"=|<|>|\\(?:approx|le|ge|leq|geq|neq|ne|sim|equiv|Rightarrow|implies)(?![A-Za-z])")


def _continued_displays(text: str) -> str:
    """The text with each display that opens on an operator joined to the display before it, where that one states
    no relation (the first part of a long sum)."""
    return CONTINUED_DISPLAY.sub(lambda m: m.group(0) if RELATION_SIGN.search(m.group(1)) else f"$${m.group(1)} ",
                                 text)


def _refuted_after(text: str, match: re.Match[str]) -> bool:
    """Whether the text goes on to refute a span, within its paragraph's next sentences (`we have $43^3 = 21^3 +
    22^3$.` But of course ... This fallacy ...; `what if $2^7 = 5^3 = s$; ...? Fortunately, that can never happen`), or
    brings it in as a near miss (`close counterexamples to Fermat's Last Theorem are shown: $...$`)."""
    paragraph = re.split(r"\n\s*\n", text[match.end():], maxsplit=1)[0]
    following = " ".join(re.split(r"(?<=[.!?])\s+", paragraph)[:3])
    near_miss = NEAR_MISS_BEFORE.search(_sentence_before(text, match)) is not None
    return REFUTED_AFTER.search(following) is not None or near_miss


LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")  # a markdown list item's opening, bulleted or numbered


def _listed_conditions(text: str, match: re.Match[str]) -> bool:
    """Whether a span stands in a list that a line asking for conditions introduces (`... una gráfica que cumpla las
    siguientes condiciones:`, then `* $f(2)=-3$ y $f(6)=1$`)."""
    lines = text[:match.start()].split("\n")
    if not LIST_ITEM.match(lines[-1]):
        return False
    for line in reversed(lines[:-1]):
        if not line.strip() or LIST_ITEM.match(line):
            continue  # the list's other items
        return CONDITIONS_INTRO.search(line) is not None
    return False


def _sentence_before(text: str, match: re.Match[str]) -> str:
    """The sentence a span stands in, up to the span; a display after a blank line stands in the sentence its colon
    opens (`Set the gradient equal to zero:`, then the display)."""
    head = text[:match.start()].rstrip()
    return head[max(m.end() for m in re.finditer(r"(?:^|[.!?]\s+|\n\s*\n)", head)):]


def _required(text: str, match: re.Match[str], bound: bool = False) -> bool:
    """Whether the sentence a span stands in sets it as a requirement (`We require that $b_{kl} = 0$`, `We choose
    $\\theta$ so that $b_{kl} = 0$`, and for a `bound`, `We would need $h \\le ...$`); a `so that` after no choice is a
    consequence (`so that $f'(x) = 2x$`)."""
    sentence = _sentence_before(text, match)
    return REQUIRED_BEFORE.search(sentence) is not None or bound and NEEDED_BEFORE.search(sentence) is not None


def _contrasting(text: str, match: re.Match[str]) -> bool:
    """Whether the sentence a span stands in begins by setting it against what came before (`However, for the
    bilinear transform the mapping is ...`): another relation between the same names, not a claim about the last."""
    start = max(m.end() for m in re.finditer(r"(?:^|[.!?:]\s+)", text[:match.start()]))  # a display continues it
    return CONTRAST.match(text[start:match.start()]) is not None or CONTRAST_CLAUSE.search(
        text[start:match.start()]) is not None


# what calls a formula an approximation: the word, or an order of expansion (`To first order in $\\epsilon$`, `Au
# premier ordre en $\\epsilon$`, `linearised`, `a primer orden`, `in erster Ordnung`, `die Näherung für kleine
# Winkel`, `aproximación`); not the order of an equation
# (`a first-order ODE`, `du premier ordre`, `erster Ordnung`), which is exact
APPROXIMATING = re.compile(r"\bapproximat(?:e|es|ed|ely|ion|ing)\b|\b(?:to|at|in)\s+(?:first|leading|linear)\s+order\b|"
                           r"\bfirst[- ]order\s+(?:Taylor\s+)?expansion\b|\blineari[sz](?:e|es|ed|ing|ation)\b|"
                           r"\bau\s+premier\s+ordre\b|\b[àa]\s+l'ordre\s+(?:1|un)\b|\bd[ée]veloppement\s+limit[ée]|"
                           r"\ba\s+primer\s+orden\b|\bem\s+primeira\s+ordem\b|\bin\s+erster\s+Ordnung\b|"
                           # the word in German, Spanish, Portuguese, Italian, Russian; a small-angle form
                           r"\bn[äa]herung\w*|\baproxima\w*|\bapprossima\w*|\bприближ\w*|\bsmall[- ]angles?\b|"
                           r"\bkleinen?\s+Winkel|\bpetits\s+angles\b|\b[áa]ngulos\s+peque[ñn]os\b|"
                           # `disregarding terms of order $p^2$`, `neglecting higher-order terms`; `for $q \approx 0$`:
                           # what holds near a point, to first order there
                           r"\b(?:disregard|neglect|ignor|dropp?)\w*\s+(?:the\s+)?(?:higher[- ]order\s+)?terms?\b|"
                           # `without the $\alpha^2$ term, ... we would then have`: the formula with a term left out
                           r"\b(?:without|disregarding|neglecting|ignoring|dropping)\s+the\s+\$[^$]*\$\s*terms?\b|"
                           r"\b(?:for|near|when|as|since)\s+\$[^$]*\\approx\s*0\s*\$", re.IGNORECASE)
# `We'll also take the linear model in the log-scale, that is:`: a model the text takes up, relating its names anew
MODEL_BEFORE = re.compile(r"\b(?:take|use|fit|try|consider|assume|propose|choose|adopt)\b[^.$:]*\bmodel\b"
                          r"(?:\s+(?:in|on|for|with|of)\s+(?:the\s+)?[\w-]+)?\s*,?\s*(?:that\s+is|i\.e\.|namely|as)?\s*:?\s*$",
                          re.IGNORECASE)


def _modelling(text: str, match: re.Match[str]) -> bool:
    """Whether the sentence a span stands in takes up a model (`We'll also take the linear model in the log-scale,
    that is:`): the names it relates are related anew, not a claim about the last model's formula."""
    return MODEL_BEFORE.search(_sentence_before(text, match)) is not None


def _approximating(text: str, match: re.Match[str]) -> bool:
    """Whether the sentence a span stands in (or the display it introduces) calls it an approximation (`Using only
    the linear term as approximation of $\\ln(z)$ yields the bilinear transform $$s = ...$$`): the names it relates
    are related anew, not a claim about their old formulas."""
    start = max(m.end() for m in re.finditer(r"(?:^|[.!?]\s+|\b(?:in\s+fact|actually|but)\b)", text[:match.start()],
                                             re.IGNORECASE))  # `not a bad approximation: in fact, ...`: what is exact
    return APPROXIMATING.search(text[start:match.start()]) is not None


# `However, for the bilinear transform ...`: a case set against the last; not `However, the derivative is given by`,
# which goes on about the same names
CONTRAST = re.compile(r"\s*(?:However,?\s+(?:for|if|when|in|at|on|under|with|near|once|given|assuming|outside|inside|"
                      r"beyond|above|below|after|before)\b|In contrast|By contrast|Instead|Unlike|Whereas)\b")
# `the model $Y_i = ...$ gives a quadratic relationship, while the log-linear model $\\ln Y_i = ...$`: a clause that
# sets its relation against the last one's
CONTRAST_CLAUSE = re.compile(r"\b(?:while|whereas)\s+(?:the|a|an|its|this|that|our)\s+(?:[\w-]+\s+){0,3}$|"
                             r"\bwhereas\s+$", re.IGNORECASE)


# a name's bound (`< 0`, `\\neq 0`, `\\geq 1`): a case, where `= 0` beside it is another
BOUND = r"\s*(?:<|>|\\[lg]eq?(?![A-Za-z])|\\[lg]t(?![A-Za-z])|\\neq?(?![A-Za-z]))"


def _one_case_of_several(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether a value (`\\sigma_i = 0`) stands in a paragraph that also bounds the same name (`An agent with $\\sigma_i
    < 0$ ..., while an agent with $\\sigma_i = 0$ ...`): one case of several, not the name's value from here on."""
    if not PLACE.match(math) or "=" not in math:
        return False
    name = re.escape(math.split("=")[0].strip())
    start, end = text.rfind("\n\n", 0, match.start()) + 1, text.find("\n\n", match.end())
    paragraph = text[start:end if end >= 0 else None]
    return re.search(rf"\$\s*{name}{BOUND}", paragraph) is not None


def _mapped_case(parts: list[tuple[str, str]], text: str) -> bool:
    """Whether a span gives a name a value, then what follows from it (`\\mu=1 \\Rightarrow \\lambda=1`), and another
    span of the cell gives the same name another value and its consequence (`\\mu=0 \\Rightarrow \\lambda=\\infty`):
    cases mapped one by one, each value supposed, not the name's value from here on."""
    if len(parts) < 2 or parts[1][1] != "implies" or not PLACE.match(parts[0][0]):
        return False
    name, value = (side.strip() for side in parts[0][0].split("=", 1))
    others = re.findall(rf"\$\s*{re.escape(name)}\s*=\s*([-−]?\d+(?:\.\d+)?)\s*\\(?:Rightarrow|implies)(?![A-Za-z])",
                        text)
    return any(other != value.rstrip(".") for other in others)


# what opens a line before its first span, when the line opens on a case (`1. $`, `* For $`, `If $`)
CASE_LINE_HEAD = r"[ \t>]*(?:(?:[-*+]|\d+[.)])\s+)?[*_]*(?:(?:for|if|when|case)\s+)?"


def _one_listed_case(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether a span opens a line on a value (`1. $\\lambda = 0$`, `For $\\lambda = 0, \\ y(x) = 0$`), or follows
    other values or bounds on it (`$u_1 = 0$, $u_2 = 0$`, `$u_1 \\geq 0$, $u_2 = 0$`), and another line of the cell
    opens on values and a bound of the same name (`2. $\\lambda \\neq 0 \\rightarrow ...$`, `$u_1 \\geq 0$, $u_2 \\geq
    0$`): the cases a text works through in turn, none of them the name's value from here on."""
    first = next((piece for piece, _ in _statement_parts(math)), "")
    start = text.rfind("\n", 0, match.start()) + 1
    # the line's head, then maybe other values or bounds of the same case (`$u_1 \geq 0$, $u_2 = 0$`)
    spans = rf"{CASE_LINE_HEAD}(?:\$[^$\n]*\$\s*(?:,|and)?\s*)*"
    if not PLACE.match(first) or "=" not in first or not re.fullmatch(spans, text[start:match.start()], re.IGNORECASE):
        return False
    name = re.escape(first.split("=")[0].strip())
    end = text.find("\n", match.end())
    elsewhere = text[:start] + "\n" + (text[end:] if end >= 0 else "")
    return re.search(rf"(?im)^{spans}\$+\s*{name}{BOUND}", elsewhere) is not None


# A paragraph or list item that opens on a case in words or in names (`In the case $\\omega = \\omega_s$, ...`, `* Case
# $\\omega^2 = \\omega_p^2$:`, `If $\\gamma^2 = \\omega_0^2$ ...`, `In the absence of friction, ...:` before a display)
CASE_OPENING = re.compile(r"(?:(?:thus|so|now|then|hence|and|but|finally)\s*,?\s+)?(?:in\s+the\s+(?:special\s+)?"
                          r"(?:case|absence|limit)|in\s+case|for\s+the\s+(?:special\s+)?case|case|if(?!\s+(?:we|you|one)\s+(?:now\s+"
                          # `If we now apply the two operators ... we get`: a step the text takes, no case
                          r")?(?:apply|need|want|use|look|compute|calculate|differentiate|integrate|expand|plug|combine|"
                          r"write|rewrite|multiply|add|divide|evaluate|work|carry|follow)\b)|when|whenever|"
                          # `Khi` (Vietnamese), `wenn`, `falls`, `quand`, `lorsque`, `cuando`, `quando`: when, if; `Si`
                          # (Spanish, French): if (not Portuguese `Se`, which opens Spanish's `Se tiene`, `Se define`)
                          r"khi|nếu|wenn|falls|quand|lorsque|cuando|quando|si|"
                          r"unless|without|in\s+general|"
                          # `For any stable system with real positive roots, ...`: a case in words
                          r"for\s+(?:any|every|all|each)\s+[^$.,]*?\b(?:with|where|whose|having)\b[^$.,]*(?=,)|"
                          # `Under the distorted model, $E[\\varepsilon]=w$`: another model's, or a hypothesis's
                          r"under\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:model|distribution|measure|hypothesis|"
                          r"null|alternative|prior|posterior))\b\s*", re.IGNORECASE)


ANCHOR = re.compile(r"<a\s[^<>]*>\s*</a>")
# `...:`, `..., so`; `* When $\\boldsymbol{R} = 0$,` (a case the display after it goes on in)
INTRODUCES_DISPLAY = re.compile(r"(?::|,|,?\s+(?:so|thus|hence|therefore|but))$")
# `Suppose`, `Assume`: a paragraph that opens supposing what its first math is (see `_in_a_case`)
SUPPOSED_OPENING = re.compile(r"(?:suppose|supposing|assume|assuming|let\s+us\s+(?:suppose|assume))\b\s*",
                              re.IGNORECASE)


def _paragraph_start(text: str, end: int) -> int:
    """Where the paragraph holding text[end - 1] starts: after the last blank line before end, or at 0."""
    blank = text.rfind("\n\n", 0, end)
    return 0 if blank < 0 else blank + 2


def _in_a_case(text: str, match: re.Match[str]) -> bool:
    """Whether a span stands in a paragraph, list item or sentence that opens on a case (or is the display such a
    paragraph introduces with a colon): what it states holds in that case. A case that opens on a plain value (`If $x
    = 2$, ...`) is a place the reader applies, no case."""
    head = text[:match.start()]
    start = _paragraph_start(head, len(head))
    # the display a paragraph introduces (`...:`, `..., so`), an anchor line (`<a id='...'></a>`) between them
    introduced = not ANCHOR.sub("", head[start:]).strip() and INTRODUCES_DISPLAY.search(head[:start].rstrip())
    if introduced:
        start = _paragraph_start(head, start - 2)
    item = [m.start() for m in re.finditer(rf"(?m)^{LIST_ITEM.pattern}", head[start:])]
    paragraph = head[start + (item[-1] if item else 0):]
    # `These two vectors are said parallel. When $\\mathbf{u}$ and $\\mathbf{v}$ are in the opposite direction, ...
    # but`, then the display: the case the sentence that introduces it opens on; `... are equal. If $a + bi = c +
    # di$, then $a = c$ and $b = d$.`: the case the span's own sentence opens on, where it says what follows
    sentences = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z*_])", paragraph)]
    last = paragraph[sentences[-1]:] if sentences else paragraph
    return any(_opens_a_case(opening, match) for opening in dict.fromkeys(
        (paragraph, last if introduced or re.search(r"\bthen\b", last) else paragraph)))


def _opens_a_case(text: str, match: re.Match[str]) -> bool:
    """Whether a paragraph or a sentence (under a heading line of its own, `#### Orthogonality`) opens on a case."""
    opening = re.sub(r"^(?:\s*#{1,6}\s[^\n]*\n)+", "", text)
    opening = re.sub(r"^[\s>*_]*(?:(?:[-*+]|\d+[.)])\s+)?[*_]*", "", opening)
    if (supposed := SUPPOSED_OPENING.match(opening)) and (first := MATH_RE.match(opening, supposed.end())):
        # `Suppose $\\mathbf{u}$ and $\\mathbf{v}$ are in the same direction`, `Assume $\\mathbf{u}$ is perpendicular
        # to $\\mathbf{v}$`: a property in words, a case; `Suppose $f(x) = x^2$` gives a definition, no case
        return "=" not in span_math(first)
    case = CASE_OPENING.match(opening)
    if case is None:
        return False
    first = MATH_RE.match(opening, case.end()) or (match if case.end() == len(opening) else None)
    value = span_math(first) if first else ""
    # `When $y_i = 1$: $u_i = 1 - p_i$`: a value of every entry y_i is a case too, no one place the reader can apply;
    # so is a vector's (`When $\\boldsymbol{R} = 0$,`)
    entry_or_vector = r"\s*(?:\\?[A-Za-z]+_\{?[a-z]\}?|\\(?:boldsymbol|mathbf|vec|bm)\s*\{?\s*\\?[A-Za-z]+\s*\}?)\s*="
    return first is None or not PLACE.match(value) or re.match(entry_or_vector, value) is not None


def _supposed_in_chinese(text: str, match: re.Match[str]) -> bool:
    """Whether a span stands in a Chinese clause that supposes (`如果令$z=1$`), or in a sentence that opens on a case,
    as `_opens_a_case` reads English: a property supposed in words (设, 假设: `设矩阵$A$有两个列向量$[a_1 a_2]$，则
    ...`), where `设$f(x)=x^2$` gives a definition; or an if (如果, 若), where a plain value (`若$x=2$，则...`) names
    a place, applied. A name the sentence then defines (`则$p=A\\hat{x}$`) is defined, as in any sentence."""
    head = text[:match.start()]
    if CHINESE_SUPPOSED.search(head):
        return True
    sentence = CHINESE_SUPPOSING.search(head)
    if sentence is None or MATH_RE.search(sentence.group(2)) and re.match(rf"\s*{NAME.pattern}\s*=(?!=)",
                                                                         _ascii_math(span_math(match))):
        return False  # `设...，则投影向量$p=\hat{x_1}a_1+\hat{x_2}a_2$`: a name defined under it, kept after
    value = _ascii_math(span_math(MATH_RE.search(sentence.group(2)) or match))  # the span itself, if it opens it
    return "=" not in value if sentence.group(1) else not PLACE.match(value)


def _in_a_question(text: str, match: re.Match[str]) -> bool:
    """Whether a span is what a question supposes (`What happens if $M = 0$?`): a premise that holds there only. A
    question that asks whether a claim holds (`Isn't $9^{1/2} = 3$?`) still makes it."""
    end = SENTENCE_END.search(text, match.end())
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, match.start())]
    sentence = text[starts[-1] if starts else 0:match.start()]
    asked = text[match.end():end.start()] if end is not None else ""
    return end is not None and end.group(0)[0] in "?？" and (re.search(
        r"\b(?:if|suppose|when|can|could)\b", sentence, re.IGNORECASE) is not None  # `can $z_1 = z_2 = 1$?`
        or CHINESE_QUESTION.search(sentence) is not None  # `是否都能求解$Ax=b$？`: whether it can be solved
        # `5. *Should $p(D|H) + p(D|\\overline H) = 1$?*`: an exercise asks whether it holds (`Isn't ...?` says it does)
        or re.match(r"[\s*_>\d.)]*(?:should|would|must|does|do|is|are|will|shall)\b", sentence, re.IGNORECASE)
        or re.match(r"[\s*_>\d.)]*¿(?!\s*no\b)", sentence, re.IGNORECASE)  # `¿Es cierto que ...?`: whether, in Spanish
        or MEANING.search(f"{sentence} {asked}") is not None)  # `Was hat $|\\det(A)| = 1$ zu bedeuten?`


# `$\lambda_1=0$时` (when), `$z=1$平面` (the plane z = 1), `$x=0$处` (at): a Chinese place, named after its value
CHINESE_PLACE_AFTER = re.compile(r"\s*(?:时|的时候|处|的?情[形况]|的?平面|的?直线|的?点)")
# what calls an equation in a name the one an iteration runs or its fixed point satisfies, in several languages
ITERATED_BEFORE = re.compile(r"\b(?:iterat\w*|fixed[- ]point\w*|punto\s+fijo|point\s+fixe|ponto\s+fixo|Fixpunkt\w*|"
                             r"itera\w*)(?:\s+\w+){0,3}\s*:?\s*$", re.IGNORECASE)


def _on_both_sides(math: str) -> bool:
    """Whether a statement gives a bare name (`x = \\cos(x)`) that its right side writes too."""
    sides = math.split("=")
    return len(sides) == 2 and NAME.fullmatch(sides[0].strip()) is not None and re.search(
        rf"(?<![A-Za-z\\]){re.escape(sides[0].strip())}(?![A-Za-z])", sides[1]) is not None


EQUATION_NAMED = re.compile(r"(?:\b(?:the|an?|this|our)\s+(?:(?:matrix|linear|vector|following|differential)\s+)?"
                            r"(?:equation|system)(?:\s+(?:remaining|left|to\s+solve)\s+(?:is|reads|becomes))?"
                            # `Setzen wir $V(t)$ in die Differentialgleichung $\\dot{V} = a V$ ein`, `la ecuación
                            # diferencial`, `l'équation différentielle`, `a equação diferencial`: an equation to solve
                            r"|\b(?:die|der)\s+(?:\w+\s+)?Differentialgleichung|\b(?:la|a|l')\s*(?:ecuaci[óo]n|equa[çc][ãa]o|"
                            r"[ée]quation)\s+diff?[ée]ren[ct]i\w*)"
                            r"(?:\s+in\s+matrix\s+form)?\s*,?\s*:?\s*$|\bmatrix\s+form\s+of\s+the\s+(?:equation|system)s?"
                            r"\s*,?\s*:?\s*$|(?:方程组?|等式)(?:的矩阵形式)?\s*$|矩阵形式\s*$|"
                            # `代入原方程有$S\frac{dv}{dt}=ASv$`: what substituting into an equation gives is one
                            r"代入[^，,。；;$]{0,8}(?:有|得到?)\s*$|\bsubstitut\w*\s+(?:it\s+)?into\s+(?:the|this|our)\s+"
                            r"(?:\w+\s+)?equation\s*,?\s*(?:gives|yields|we\s+get)\s*:?\s*$", re.IGNORECASE)
# `$Ax=...=0$，解得零空间的一组基...` (solving it gives): the span is the equation solved
SOLVED_AFTER = re.compile(r"^\s*[，,]?\s*(?:解得|解出|解之得|求解得)")
# 是否 whether, 能否 can it, 如何 how, 何 what (`c取何值`), 多少 how much, 吗: a question's particle
CHINESE_QUESTION = re.compile(r"是否|能否|可否|如何|怎样|怎么|什么|何|多少|哪|吗")
# `如果令$z=1$`, `假设我们令$b=...$`: what a Chinese clause supposes (if, suppose), up to the span
CHINESE_SUPPOSED = re.compile(r"(?:如果|假如|假设|假定|若)[^，,。；;：:]*$")
# `设矩阵$A$有两个列向量$[a_1 a_2]$，则...`: a sentence that opens on a supposition (let, suppose, if), up to the span
CHINESE_SUPPOSING = re.compile(r"(?:^|[。？！\n])\s*(?:[-*+]\s+|\d+[.)]\s*)?(?:(设(?!计)|假设|假定)|假如|如果|若)"
                               r"([^。？！\n]*)$")
# `是不能继续化简为$P=...$的`, `cannot be simplified to $...$`, `n'est pas égal à`: what the text says does not hold
NEGATED_BEFORE = re.compile(r"\b(?:cannot|can't|can\s+not|could\s+not|must\s+not|may\s+not|is\s+not|isn't|are\s+not|"
                            r"aren't|does\s+not|doesn't|do\s+not|don't|never)\s+(?:be\s+)?(?:\w+\s+)?"
                            r"(?:simplif\w*|reduc\w*|(?:re)?written|writ\w*|expressed|equal|the\s+same|factor\w*|mean\w*|"
                            r"imply|implies|follow\w*)\s+(?:to|as|into|that|from)?\s*$|"
                            r"(?:不能|不可以|不可能|无法|不可|并不|不是|不等于|不会)[^，,。；;：:$]{0,12}$",
                            re.IGNORECASE)


MAPS_TO = re.compile(r"^\s*(\\?[A-Za-z]+)\s*(?:\\colon|:)[^=]*?(?:,|\\quad|\\;|\s)\s*(\\?[A-Za-z]+)\s*\\mapsto\s*"
                     r"(.+?)\s*[.,]?\s*$", re.DOTALL)
# `dann findet man kein $x \\in [0, \\infty)$ mit $0 < f(x) = \\sqrt{x} = -1$`: what the text says no value satisfies
NONE_WITH = re.compile(r"\b(?:no|kein(?:e|en|em)?|aucun(?:e)?|ningún|ninguna|nenhum(?:a)?)\b[^.]*?\b(?:with|mit|such\s+"
                       r"that|so\s+that|so\s+dass|sodass|avec|tel(?:le)?\s+que|con|com|for\s+which|für\s+d(?:ie|as|en))\s*$",
                       re.IGNORECASE)

# `¿Dónde está el error en el razonamiento siguiente?`, `Find the mistake in this proof`: what follows in the cell is
# reasoning the text shows to be wrong, on purpose
FALLACY = re.compile(r"\b(?:where|what)\s+is\s+the\s+(?:error|mistake|flaw)|\bfind\s+the\s+(?:error|mistake|flaw)|"
                     r"\bwhat\s+is\s+wrong\s+with|\bd[óo]nde\s+est[áa]\s+el\s+(?:error|fallo)|\bencuentr\w*\s+el\s+"
                     r"(?:error|fallo)|\bo[ùu]\s+est\s+l'erreur|\bwo\s+(?:ist|liegt)\s+der\s+Fehler|\bonde\s+est[áa]\s+o\s+"
                     r"erro", re.IGNORECASE)
# `以下の誤った式変形をしてしまう例` ("an example of the following wrong transformation"), `a common mistake is`: the
# sentence shows working that fails, on purpose
WRONG_SHOWN = re.compile(r"\b(?:wrong|incorrect|erroneous|invalid|mistaken|faulty|bogus)\s+(?:\w+\s+){0,2}?"
                         r"(?:derivation|steps?|transformation|manipulation|reasoning|calculation|algebra|proof)|\b(?:common|typical|"
                         r"frequent|classic)\s+(?:mistake|error|pitfall)|誤った|間違った|間違い|誤り|错误的|\bfalsche[nr]?\s+(?:Umformung|"
                         r"Rechnung|Herleitung)|\b(?:derivaci[óo]n|c[áa]lculo)\s+(?:incorrect[oa]|err[óo]ne[oa])|"
                         r"\b(?:raisonnement|calcul)\s+(?:faux|erron[ée])", re.IGNORECASE)
# `This fallacy is called the freshman's dream`, `that can never happen`: what the text says of a claim it just quoted
# (`which is wrong` after a later clause speaks of that clause: `the sweep stops at 8, which is wrong`)
REFUTED_AFTER = re.compile(r"\b(?:this|that|the|a)\s+(?:\w+\s+)?fallacy\b|\b(?:this|that|it)\s+(?:\w+\s+)?"
                           r"(?:can|could|will|would)\s+never\s+(?:happen|hold|be\s+true)\b|(?:^|[.!?;]\s+)(?:but\s+)?"
                           r"(?:this|that|it)\s+(?:is|was)\s+(?:of\s+course\s+|obviously\s+|clearly\s+)?(?:wrong|false|"
                           r"not\s+true|incorrect)\b(?!\s+to\b)|\band\s+then\s+differ\b", re.IGNORECASE)
# `close counterexamples to Fermat's Last Theorem are shown:`, `a near miss`: equations that only nearly hold
NEAR_MISS_BEFORE = re.compile(r"\b(?:near[- ]?miss(?:es)?|close\s+counter-?examples?|almost\s+(?:true|equal))\b",
                              re.IGNORECASE)
# `Since the second constraint is violated: $-3*0+4*0=0\\ge 1$`: what the text shows to fail
VIOLATED_BEFORE = re.compile(r"\b(?:is|are|gets?|being)\s+(?:violated|not\s+(?:satisfied|met|fulfilled))\s*[:,]?\s*$|"
                             r"\b(?:verletzt|nicht\s+erfüllt)\s*[:,]?\s*$", re.IGNORECASE)


# `What does $\\det(A) = 0$ mean?`, `Was hat $\\det(A) = 0$ zu bedeuten?`: a question about what a case means
MEANING = re.compile(r"\b(?:mean|means|meaning|imply|bedeuten|bedeutet|signifie|signifier|significa|significar)\b",
                     re.IGNORECASE)


SOLUTION = re.compile(r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*=")  # `x = \\log_2(8) = 3`: a name, then its value


def _equivalences(parts: list[tuple[str, str]]) -> dict[int, str]:
    """The roles of parts joined by `\\iff`: an equation and then its one solution (`2^x = 8 \\iff x = \\log_2(8) =
    3`) are an equation checked with that solution, which holds in its sentence only; equivalent forms of an equation,
    or one of several solutions (`x - \\frac{5}{2} = \\frac{1}{2} \\lor \\dots \\iff x = 3 \\lor x = 2`), are equations,
    none a value."""
    roles: dict[int, str] = {}
    alone = {k for k, (piece, _) in enumerate(parts) if piece.strip() in ("\\lor", "\\vee", "\\text{or}")}
    for k in (k for k, (_, leads) in enumerate(parts) if leads == "iff" and k):
        one = SOLUTION.match(parts[k][0]) and not {k - 2, k + 1} & alone
        roles |= {k - 1: "solved", k: "at point"} if one else {k - 1: roles.get(k - 1, "to solve"), k: "condition"}
    return roles


def _at_rest(parts: list[tuple[str, str]]) -> set[int]:
    """The parts an arrow leads to from a rate set to zero (`\\vec{y}' = 0 \\rightarrow y_2 = y_1^2`): where the
    system is at rest, a condition on its steady states, no definition of y_2."""
    found: set[int] = set()
    for k, (_, leads) in enumerate(parts):
        if k and leads == "implies" and (k - 1 in found or _rate_is_zero(parts[k - 1][0])):
            found.add(k)
    return found


def _rate_is_zero(piece: str) -> bool:
    """Whether a part sets a derivative to zero (`y' = 0`, `\\vec{y}' = 0`, `\\dot{x} = 0`, `\\frac{dx}{dt} = 0`)."""
    sides = split_relations(piece)[0]
    if len(sides) != 2 or sides[1].strip() != "0":
        return False
    rate = re.sub(r"\\(?:vec|mathbf|boldsymbol|bf|underline)\s*\{([^{}]*)\}", r"\1", sides[0])
    return DIFFERENTIAL_EQUATION.search(rate) is not None or re.search(r"\\dot(?![A-Za-z])", rate) is not None


def _choices(parts: list[tuple[str, str]]) -> set[int]:
    """The parts of a span joined by "or" that each give a name a value (`x = 0 \\text{ or } y = \\alpha/\\beta`, the
    ways a product is zero; `x = 1 \\text{ or } x = -1`): possibilities, none of them the name's value. An equation
    "or" its other form (`x + 1 = 1/x \\text{or} x^2 + x - 1 = 0`) is no choice."""
    def given(k: int) -> bool:
        """Whether part k is `name = ...` and nothing more."""
        sides = parts[k][0].split("=")
        return len(sides) == 2 and NAME.fullmatch(sides[0].strip()) is not None

    joined = {k for k in range(1, len(parts)) if parts[k][1] == "or"}
    group = joined | {k - 1 for k in joined}
    return group if group and all(given(k) for k in group) else set()


ROOT_EQUATION = re.compile(r"\s*([A-Za-z])\s*\^\s*(?:\{\s*\d+\s*\}|\d)\s*=\s*[-−]?\d+(?:\.\d+)?\s*")  # `x^2=-1`


def _alternatives(text: str, spans: list[re.Match[str]], k: int) -> bool:
    """Whether a span is one of several values listed for one name (`you only have $M=0$, $M=\\frac{N}{2}$, or
    $M=N$`), or one of two values a word or two set side by side (`entre ... $P=N/2$ de $P=N$`, `tantos $f(x)=+1$
    como $f(x)=-1$`): each a possibility, none the name's value."""
    def given(j: int) -> tuple[str, str] | None:
        """(name, value) span j gives, if it is `name = value` (a name, or a function at its variable) and no more."""
        sides = re.split(r"=|\\approx(?![A-Za-z])", span_math(spans[j]))  # `$x \\approx -1.9$, $x = 0$ and ...`
        name = sides[0].strip()
        return (name, re.sub(r"\s", "", sides[1])) if len(sides) == 2 and (
            NAME.fullmatch(name) or AT_ITS_VARIABLE.fullmatch(name)) else None

    def beside(j: int) -> bool:
        """Whether span j is listed right after span j - 1 and gives the same name a value (another, where a word or
        two stand between)."""
        if not 0 < j < len(spans) or (last := given(j - 1)) is None:
            return False
        between = text[spans[j - 1].end():spans[j].start()]
        if (root := ROOT_EQUATION.fullmatch(span_math(spans[j]))) and root.group(1) == last[0]:
            # `lo que implica $x=0$ y $x^2=-1$`: the roots of a factored equation, one factor's as its equation
            return ALTERNATIVE.fullmatch(between) is not None
        if (this := given(j)) is None or this[0] != last[0]:
            return False
        return ALTERNATIVE.fullmatch(between) is not None or (
            WORD_OR_TWO.fullmatch(between) is not None and "\n\n" not in between and this[1] != last[1])

    return beside(k) or beside(k + 1)


# `f(x)`, `g(t)`: a function at its variable
AT_ITS_VARIABLE = re.compile(r"\\?[A-Za-z]+\s*\(\s*\\?[A-Za-z]+\s*\)")
# a word or two and no punctuation, between two values in one paragraph (`de`, `como`, `rather than`)
WORD_OR_TWO = re.compile(r"\s*(?:[^\W\d_]+\s+)?[^\W\d_]+\s*")


# `para hallar el corte ... se debe reemplazar $y=0$ y $x=p_1$`: what a sentence puts into a formula
SUBSTITUTED_BEFORE = re.compile(r"\b(?:replac(?:e|es|ing)|substitut(?:e|es|ing)|reemplaza(?:r|ndo|mos)?|"
                                r"sustitu(?:ir|imos|yendo)|substitu(?:ir|indo|imos)|remplac(?:er|ons|ant))\s*$",
                                re.IGNORECASE)
ONE_NAME = re.compile(r"(?:\\[A-Za-z]+|[A-Za-z])(?:_\{?\w+\}?)?")  # `p_1`, `\\xi`: not `Wx`, a product


def _substituted(text: str, spans: list[re.Match[str]], k: int) -> bool:
    """Whether a span puts one name for another into a formula (`replace $y=0$ and $x=p_1$`, after the tangent's
    equation in y and x): the formula read where x is p_1, no definition of x, so p_1 stays a name nothing gives. A
    number put in (`y = 0`) is still a value, as after `Substituting`, and so is a formula (`Substituting $w = Wx$`)."""
    first = k
    while first and ALTERNATIVE.fullmatch(text[spans[first - 1].end():spans[first].start()]):
        first -= 1
    sides = span_math(spans[k]).split("=")
    return len(sides) == 2 and NAME.fullmatch(sides[0].strip()) is not None and ONE_NAME.fullmatch(
        sides[1].strip()) is not None and SUBSTITUTED_BEFORE.search(
        text[spans[first - 1].end() if first else 0:spans[first].start()]) is not None


IF_BEFORE = re.compile(r"(?:^|[.!?:]\s+|\n)\s*(?:if|when)\s*$", re.IGNORECASE)


def _one_if_of_several(text: str, spans: list[re.Match[str]], k: int) -> bool:
    """Whether a value opens an "If" sentence (`If $z_1 = 0$, then ...`) and another "If" sentence of the text gives
    the same name another value (`If $z_1 = 1$, then ...`): each is a case, neither the name's value from here on."""
    def given(j: int) -> tuple[str, str] | None:
        """(name, value) where span j opens an If sentence with `name = number`."""
        before = text[spans[j - 1].end() if j else 0:spans[j].start()]
        m = re.fullmatch(r"\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*=\s*([-−]?\d+(?:\.\d+)?)\s*",
                         span_math(spans[j]))
        return (m.group(1), m.group(2)) if m and IF_BEFORE.search(before) else None
    mine = given(k)
    return mine is not None and any((other := given(j)) and other[0] == mine[0] and other[1] != mine[1]
                                    for j in range(len(spans)) if j != k)


def _locus(text: str, spans: list[re.Match[str]], k: int) -> bool:
    """Whether a span, or the one it is listed after (`... and $j = i+1$`), follows the name of a set of points
    (`bounded by the lines $j = i-1$ and $j = i+1$`): it describes that set, no value given."""
    before = text[spans[k - 1].end() if k else 0:spans[k].start()]
    if k and ALTERNATIVE.fullmatch(before):
        before = text[spans[k - 2].end() if k > 1 else 0:spans[k - 1].start()]
    return LOCUS_BEFORE.search(before) is not None or LOCUS_EQUATION.search(before) is not None


# `Demuestre que la ecuación de la *curva limite* (que separa ...) es`, `the equation of the boundary is`: what follows
# holds on that set of points only
LOCUS_EQUATION = re.compile(r"\b(?:equations?|ecuaci(?:ón|on)|équation|equação|Gleichung)\s+"
                            r"(?:of|de|da|do|der|des|du)\s+"
                            r"(?:(?:the|la|el|a|o|l'|die|des)\s*)?[*_]*(?:curves?|curva|courbe|Kurve|lines?|l[ií]nea|"
                            r"recta|droite|reta|Gerade|surfaces?|superficie|boundary|frontera|locus|lugar)\b[^.$]*?\b"
                            r"(?:is|are|es|son|est|sont|é|são|ist|lautet)\s*:?[\s>]*$", re.IGNORECASE)


# `to see if $y=x^3$ is a solution`: a trial, which the text then keeps or rejects
# `$y=2$ is the only horizontal asymptote`: the equation of a line, where the graph goes, no value of y
LINE_AFTER = re.compile(r"^\s*(?:is|are)\s+(?:(?:the|an?|its)\s+)?(?:only\s+)?(?:(?:horizontal|vertical|oblique|slant|"
                        r"tangent)\s+)?(?:asymptotes?|lines?)\b", re.IGNORECASE)
TRIAL_AFTER = re.compile(r"^\s*(?:is|was|would be|could be|might be)\s+(?:a|the|one)\s+(?:\w+\s+)?solution|"
                         r"^\s*(?:带入|代入)", re.IGNORECASE)  # `取$u=e^{\lambda t}x$带入`: take it, substitute it
# `If $\omega dt = a + ib$ then`: what a sentence supposes
SUPPOSED_BEFORE = re.compile(r"\b(?:if|suppose(?: that)?|assume(?: that)?|assuming(?: that)?)\s*$|"
                             r"(?:如果|假如|假设|若|令|设)\s*$", re.IGNORECASE)  # if, suppose, let in Chinese


# `A complex number $z = a + ib$ is termed the difference ... if $a = a_1 - a_2$, $b = b_1 - b_2$`: what a term's
# definition asks of what it names, a condition, no value given
TERMED_IF = re.compile(r"\b(?:is|are)\s+(?:called|termed|named|said\s+to\s+be)\b[^.]*\bif\b[^.]*$", re.IGNORECASE)


# `Suppose $\\theta$ is a Quadrant I angle with $\\tan(\\theta) = x$`: the sentence gives x a meaning of its own
SUPPOSED_WITH = re.compile(r"\b(?:suppose|assume|assuming)\b[^.]*\bwith\s*$", re.IGNORECASE)


def _given_name(piece: str) -> str:
    """`x = E` for a span `E = x` that gives one bare name, on its right, a formula of other names (`\\tan(\\theta) =
    x`); or "" (`k = \\max(n, m)` defines k as any definition does; a number is a value, given as any other)."""
    sides = split_top_level(piece, ("=",))
    if len(sides) != 2:
        return ""
    left, right = (side.strip() for side in sides)
    formula = re.search(r"[A-Za-z]", re.sub(r"\\(?:frac|dfrac|sqrt|cdot|left|right)\b", "", left)) is not None
    return f"{right} = {left}" if NAME.fullmatch(right) and not NAME.fullmatch(left) and formula else ""


def _supposed(math: str, before: str) -> bool:
    """Whether a span is what a sentence supposes (`If $\\omega dt = a + ib$ then $b$ is small`) and is no value
    given to a name (`If $x = 2$, then $f(x) = 6$` gives x its value there, and `If $f(x) = x^2$` defines f)."""
    if not SUPPOSED_BEFORE.search(before):
        return False
    left = split_relations(math)[0][0]  # `令$u'=...$` (let u' be) defines u' as `If $f(x) = ...$` defines f
    return not re.fullmatch(rf"\s*{NAME.pattern}'*\s*(?:\([^()]*\))?\s*", left)


# `$\\sin(x) = x - 1$ has only one solution`: an equation to solve, said so by what follows it
SOLUTIONS_AFTER = re.compile(r"^[ \t,]*(?:\n[ \t]*){0,2}(?:(?:which|that)\s+)?(?:(?:will|would|must|can|should)\s+)?"
                             r"(?:has|have)\s+"
                             r"(?:(?:only|exactly|no|a|an|the|one|two|three|\d+|many|infinitely|several|multiple|real|"
                             r"unique|distinct|complex)\s+)*(?:solutions?|roots?|zeros?)\b|"
                             # `$4x = e^x$ possui uma única raiz`, `tiene dos soluciones`
                             r"^[ \t,]*(?:(?:lo|la|el)\s+(?:cual|que)\s+|que\s+)?(?:possui|tem|admite|tiene)\s+"
                             r"(?:\w+\s+){0,2}"
                             r"(?:ra[ií]z(?:es)?|solu[çc](?:ão|ões)|soluci(?:ón|ones)|zeros?|ceros?)\b", re.IGNORECASE)
ROOTS = re.compile(r"\b(?:roots?|solutions?|zeros?)\b", re.IGNORECASE)


# `$\\log_{10} \\omega = 0$ corresponds to $\\omega = 1$`: the value of a name at which an equation in it holds
CORRESPONDS = re.compile(r"^\s*,?\s*(?:which\s+)?(?:corresponds?\s+to|correspond\s+(?:à|a)|corresponde\s+a|"
                         r"entspricht)\s*$", re.IGNORECASE)


# `\\lim_{x\\to\\infty}`, `\\underset{x\\to 0}{\\lim}`: a limit taken in the span
LIMIT = re.compile(r"\\lim(?:\s*\\limits)?\s*_|\\underset\s*\{[^{}]*\\to[^{}]*\}\s*\{?\s*\\lim(?![A-Za-z])")
# `using $Z = \\zeta = 2$ instead of the variational value`: a value put in place of the one given, in five languages
INSTEAD_AFTER = re.compile(r"^\s*,?\s*(?:instead\s+of|rather\s+than|in\s+place\s+of|em\s+vez\s+de|"
                           r"en\s+(?:lugar|vez)\s+de|au\s+lieu\s+de|anstelle|statt)\b", re.IGNORECASE)


def _corresponding(text: str, spans: list[re.Match[str]], k: int) -> bool:
    """Whether span k is an equation with a number on one side that the text says corresponds to the next span, a
    value of a name it writes (`$\\log_{10} \\omega = 0$ corresponds to $\\omega = 1$`): the equation holds at that
    value, neither gives the name its value from here on."""
    if k < 0 or k + 1 >= len(spans) or not CORRESPONDS.match(text[spans[k].end():spans[k + 1].start()]):
        return False
    math, value = (_ascii_math(span_math(spans[j])) for j in (k, k + 1))
    root = ROOT.fullmatch(value)
    return bool(root) and "," not in value and math.count("=") == 1 and NUMBER_SIDE.search(math) is not None and \
        not PLACE.match(math) and _writes(math, root.group(1))


def _a_root(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether a value (`x=2`) stands in a sentence that named roots before it (`which has two roots, $x=2$ and
    $x=3$`): a root of an equation, not the value x has from here on."""
    return PLACE.match(math) is not None and ROOTS.search(SENTENCE_END.split(text[:match.start()])[-1]) is not None


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|\(?[a-z]\))\s")  # a list's item: `- `, `* `, `1. `, `a) `
# `Find which torque terms change when:`, then items: each item a case the question supposes
CASES_INTRODUCED = re.compile(r"\b(?:when|whenever|if|in\s+(?:the\s+)?(?:following\s+)?cases?)\s*:\s*$",
                              re.IGNORECASE)

# `Find a root of each of the equations below`, `contém uma raiz da equação:`: what the items after it are
ROOTS_OF_EQUATIONS = re.compile(r"\b(?:roots?|solutions?|zeros?|ra[ií]z(?:es)?|solu[çc](?:ão|ões))\b.*"
                                r"\b(?:equations?|equa[çc](?:ão|ões)|ecuaci(?:ón|ones))|"
                                # `Find all solutions to:`
                                r"\b(?:roots?|solutions?|zeros?)\s+(?:to|of)\s*:\s*$", re.IGNORECASE)
# `Examples:` after `A transcendental equation is defined as an equation ...`: the items are equations shown as such
EXAMPLES_LINE = re.compile(r"^\s*(?:\**\s*)?(?:for\s+)?examples?\s*(?:\**\s*)?:?\s*(?:\**\s*)?$", re.IGNORECASE)


def _a_listed_case(text: str, match: re.Match[str]) -> bool:
    """Whether a span stands in an item of a list that a line ending `when:` (or `if:`) introduces: one of the cases
    a question supposes (`a) $\\alpha_2=0^o$`, `b) $2\\alpha_1+\\alpha_2=180^o$`), neither a value nor a claim; or
    of a list of equations a line asking for their roots introduces (`Find a root of each of the equations below`,
    `uma raiz da equação:`), each one to solve (`(b) $\\cos x = x^2$`)."""
    lines = text[:match.start()].split("\n")
    if not LIST_ITEM.match(lines[-1]):
        return False
    indent = len(lines[-1]) - len(lines[-1].lstrip())
    # the line that opens the list: the first above that is no item of it (one less indented, or no item at all)
    above = next((line for line in reversed(lines[:-1]) if line.strip() and (
        not LIST_ITEM.match(line) or len(line) - len(line.lstrip()) < indent)), "")
    if EXAMPLES_LINE.match(above):  # what the examples are of: the paragraph above the line that opens the list
        opener = max(j for j, line in enumerate(lines[:-1]) if line == above)
        paragraph = "\n".join(lines[:opener]).split("\n\n")[-1] if opener else ""
        return re.search(r"\bequations?\b", paragraph, re.IGNORECASE) is not None
    return CASES_INTRODUCED.search(above) is not None or ROOTS_OF_EQUATIONS.search(above) is not None


# the words that lead into a list of a model's equations: `You can set up the 4 equations and 4 unknowns`, `you
# have three equations,`, `the system of equations`
EQUATIONS_LEAD = re.compile(r"\b(?:equations?\b[^.]*\bunknowns?|system of (?:[\w-]+\s+){0,2}equations|(?:\d+|two|three|"
                            r"four|five|six|these|following)\s+(?:[\w-]+\s+)?equations)\b[^.]*$", re.IGNORECASE)


def _listed_equation(text: str, match: re.Match[str]) -> bool:
    """Whether a span stands in a list the words before it lead into as a model's equations (`You can set up the 4
    equations and 4 unknowns`, then `1. $g\\sin\\alpha - \\frac{F_f}{m} = \\ddot{x}$`): rows solved together, none a
    definition or a claim."""
    start = text.rfind("\n", 0, match.start()) + 1
    if not LIST_ITEM.match(text[start:]):
        return False
    lines = text[:start].rstrip("\n").split("\n")
    while lines and (LIST_ITEM.match(lines[-1]) or lines[-1].startswith((" ", "\t"))):
        lines.pop()  # the list's items above this one
    lead = " ".join(line.strip() for line in lines[-3:] if line.strip())
    return EQUATIONS_LEAD.search(lead) is not None


# `use Forward Euler ... with $h=0.25$ and $y(1)=2$`: values a problem is set up with, listed after `with`
GIVEN_WITH = re.compile(r"\bwith\s+(?:\$[^$]*\$\s*(?:,|and)\s*)*$")
INITIAL_VALUE = re.compile(r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\(\s*-?\d+(?:\.\d+)?\s*\)\s*=\s*[-−]?\d+(?:\.\d+)?\s*")


def _initial_value_given(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether a span is a function's value at a number (`y(1)=2`) in a list of values a sentence sets a problem up
    with (`with $h=0.25$ and $y(1)=2$`): an initial condition given, not a claim about a y defined before."""
    return INITIAL_VALUE.fullmatch(math) is not None and GIVEN_WITH.search(text[:match.start()]) is not None


def _one_item_of_several(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether `name = ...` stands in an item of a list another item of which gives the same name too (`- Belief 1:
    $b = -1$ ... sets $x = u$`, `- Belief 2: $b = 0$ ... sets $x = 0$`): one case of several, not the name's value
    from here on."""
    sides = [side.strip() for side in math.split("=")]
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    own = text[start:end if end >= 0 else None]
    if len(sides) != 2 or not NAME.fullmatch(sides[0]) or not _an_item(own) or not (
            NAME.fullmatch(sides[1]) or re.fullmatch(r"[-−]?\d+(?:\.\d+)?", sides[1])):
        return False  # a value (`x = u`, `b = -1`); an exercise's formula (`- $z = (x + y)^2$`) defines its name
    # `- $n = 100$ ... $M = 14000$`, `- $n = 200$ ... $M\\approx5.37\\cdot10^8$`: each item's M, given or approximated
    given = re.compile(rf"\$\s*{re.escape(sides[0])}\s*(?:=(?!=)|\\approx)")
    return any(_an_item(line) and given.search(line) for line in text.splitlines() if line != own)


# `Monoatômico $f = 3$`, then `Diatômico $f = 5$`: a line that a word or two names, and one span ends
LABELLED_LINE = re.compile(r"\s*[^\s$\\][^$\n]{0,40}?\s\$[^$\n]+\$\s*[.;,]?\s*")


def _an_item(line: str) -> bool:
    """Whether a line is an item of a list: marked (`- `, `1. `), or named by its words (`Diatômico $f = 5$`)."""
    return bool(LIST_ITEM.match(line) or LABELLED_LINE.fullmatch(line))


LISTED_FUNCTION = re.compile(r"^\s*(\\?[A-Za-z]+)\s*\(\s*\\?[A-Za-z]+\s*\)\s*=")  # `f(x) = \\cos(x)`


def _listed_function(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether `f(x) = ...` stands in an item of a list another item of which defines the same function (`* $f(x) =
    x^2$;`, `* $f(x) = \\cos(x)$.`, examples of even functions): one example of several, which a general claim after
    the list (`f(-x) = -f(x)`) is not about."""
    defined = LISTED_FUNCTION.match(math)
    start = text.rfind("\n", 0, match.start()) + 1
    if not defined or not LIST_ITEM.match(text[start:]):
        return False
    end = text.find("\n", match.end())
    own = text[start:end if end >= 0 else None]
    given = re.compile(rf"\$\s*{re.escape(defined.group(1))}\s*\(\s*\\?[A-Za-z]+\s*\)\s*=")
    return any(LIST_ITEM.match(line) and given.search(line) for line in text.splitlines() if line != own)


def _another_place(math: str, before: str, place: str) -> bool:
    """Whether a span names a second place after the last span named one: `for $n=0$ and $n=N$` (two cases, not n
    given the value N), `obtained at $a\\approx 0.4$, $b\\approx 1.3$` (one place, read off a graph)."""
    if not place or ALTERNATIVE.fullmatch(before) is None:
        return False
    if "\\approx" in place and "\\approx" in math and PLACE.match(math):
        return True
    sides = math.split("=")
    return len(sides) == 2 and NAME.fullmatch(sides[1].strip()) is not None and sides[0].strip() == place.split(
        "=")[0].strip()


def _range_end(text: str, spans: list[re.Match[str]], k: int) -> bool:
    """Whether span k is an end of `from $t=T$ to $t=0$`: one name running between two ends, neither given nor
    claimed (`from $L(\\theta_0) = 0.48$ to $L(\\theta_1) = 0.39$` names two values, and they are claims)."""
    first = k if k + 1 < len(spans) and RANGE_TO.match(text[spans[k].end():spans[k + 1].start()]) else k - 1
    if first < 0 or first + 1 >= len(spans) or not RANGE_FROM.search(text[:spans[first].start()]) or not (
            RANGE_TO.match(text[spans[first].end():spans[first + 1].start()])):
        return False
    ends = [re.split(r"=|\\approx", span_math(spans[j])) for j in (first, first + 1)]
    return all(len(end) >= 2 and NAME.fullmatch(end[0].strip()) for end in ends) and ends[0][0].strip() == ends[1][
        0].strip()


def _place_in_table(math: str, text: str, match: re.Match[str]) -> bool:
    """Whether a span is `k=2` in a markdown table's row (a column's or a row's label): a place, not a value given."""
    line = text[text.rfind("\n", 0, match.start()) + 1:]
    return PLACE.match(math) is not None and line.lstrip().startswith("|")


def _condition_follows(math: str, after: str) -> bool:
    """Whether the words after a span make it a condition: `at`, `on`, `along` ... in the same sentence, or `for`,
    `when`, `if` right before the span of what it holds for (`for $x < 0$`, not `for four points`). A function
    defined by a formula in its arguments (`the function $z(x)=\\sin(x^2)$ at x=3`) is evaluated there, not
    constrained."""
    return _condition_word(math, after) and not _function_definition(math)


def _condition_word(math: str, after: str) -> bool:
    """Whether a condition word follows a span in its sentence (see `_condition_follows`), whatever the span is."""
    word = CONDITION_AFTER.match(after)
    if math.rstrip().endswith(".") or word is None:
        return False
    if SOME_VALUES.match(after):  # `run into $f'(x)=0$ for unlucky $x$ values`: true of some x, an equation
        return True
    return word.group(1) not in ("for", "when", "if", *FOREIGN_IF) or not after[word.end():].strip()


def _case_after(after: str, following: re.Match[str] | None) -> bool:
    """Whether the sentence names, right after a claim, the one case it holds in (`$g^{(k)}(0) = 1$ si $k=0$ ou
    $-1$ sinon`, `$y = 0$ when $x = 1$`): a claim of that case only, no condition on the section."""
    word = CONDITION_AFTER.match(after)
    return following is not None and word is not None and word.group(1) in CASE_WORDS and not after[
        word.end():].strip() and PLACE.match(_ascii_math(span_math(following))) is not None


def _numbers_only(math: str) -> bool:
    """Whether a span writes numbers and arithmetic only, no name and no function (`360 / 6 = 60`)."""
    return re.search(r"[A-Za-z]", re.sub(r"\\(?:times|cdot|div|[dt]?frac|left|right|q?quad|[,;:! ])(?![A-Za-z])", "",
                                          math)) is None


def _function_definition(math: str) -> bool:
    """`z(x) = \\sin(x^2)`, `f(x, y) = x y`: a function of named arguments whose formula uses one of them."""
    match = FUNCTION_DEFINITION.match(math)
    if match is None:
        return False
    arguments = {a.strip() for a in match.group(1).split(",")}
    return any(re.search(rf"(?<![\\A-Za-z]){a}(?![A-Za-z])", match.group(2)) for a in arguments)


def _defined_after(math: str, after: str, following: re.Match[str] | None) -> bool:
    """Whether the sentence defines, right after a span, the function it is about (`$g'(x) = 2x$ when $g(x) =
    x^2$`) or a name it writes (`$\\ddot\\theta = -\\omega^2\\theta = -\\frac{g}{L}\\theta$ where $\\omega =
    \\sqrt{g/L}$`): the span is read after that definition."""
    if following is None or re.fullmatch(r"\s*(?:when|where|with|for)\s*", after) is None:
        return False
    given = span_math(following)
    sides = [side.strip() for side in given.split("=")]
    return bool(_function_definition(given)) or len(sides) == 2 and NAME.fullmatch(sides[0]) is not None and re.search(
        rf"(?<![A-Za-z\\]){re.escape(sides[0])}(?![A-Za-z])", math) is not None and not re.search(
        r",|\.\.\.|\\[lc]?dots", sides[1])  # not the values a name runs over (`where $n=3,4,5,...$`)


def math_statements(markdown: str) -> list[str]:
    """Every statement of every math span of a markdown text, in order (code blocks skipped)."""
    return [statement for statement, _ in statements_with_roles(markdown)]
