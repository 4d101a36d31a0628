"""Reading and writing symbolic expressions safely.

Expressions arrive as text from the command line (``--assume "x4 > x2 > x6"``), from
JSON (the ``conditions`` of a saved solution) and from model files.  They are read
by a small recursive-descent parser that knows numbers, *declared* names, ``+ - * /``,
``^`` (or ``**``) with an integer exponent, parentheses, unary minus, comparisons
(``< <= > >= =``), chains of comparisons, and belief terms ``mu(NODE)``.  Nothing is
evaluated as Python and no raw string reaches :func:`sympy.sympify`: the parser
builds sympy objects itself from its tokens.  Length, nesting depth and exponents are
capped, so hostile text fails fast with a :class:`~gametoolkit.errors.ParseError`
naming the column.

Writing goes the other way: :func:`to_text` prints an expression as ASCII that this
parser reads back (``(y4 - bJ)/(y4 - y2)``), :func:`to_latex` as LaTeX for a paper.
Both put positive terms first, as a paper would.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..core.values import Expr, Op, Param, Value, parse_number
from ..errors import ParseError

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "Relation",
    "behavior_latex",
    "behavior_symbol",
    "belief_latex",
    "belief_symbol",
    "compare",
    "evaluate_exact",
    "parse_expression",
    "parse_relations",
    "rational",
    "tex_text",
    "to_latex",
    "to_sympy",
    "to_text",
]

#: Longest text accepted, in characters.
MAX_LENGTH = 10_000
#: Deepest nesting of parentheses and unary operators.
MAX_DEPTH = 100
#: Largest absolute integer exponent of ``^``.
MAX_EXPONENT = 64

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
      | (?P<mu>mu\(\s*(?P<node>[^()\s]+)\s*\))
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op><=|>=|==|!=|\*\*|[-+*/^()<>=])
    )""",
    re.VERBOSE,
)

_COMPARISONS = ("<", "<=", ">", ">=", "=", "==")

#: Prefix of the sympy symbols that stand for beliefs ``mu(NODE)``.
BELIEF_PREFIX = "mu("
#: Prefix of the sympy symbols that stand for behavior ``sigma(SET:ACTION)``.
BEHAVIOR_PREFIX = "sigma("


def belief_symbol(node: str) -> sympy.Symbol:
    """The symbol of the belief in node ``node`` (printed ``mu(node)``)."""
    return sympy.Symbol(f"{BELIEF_PREFIX}{node})", real=True)


def behavior_symbol(infoset: str, action: str) -> sympy.Symbol:
    """The symbol of the probability of ``action`` at set ``infoset`` (``sigma(SET:ACTION)``)."""
    return sympy.Symbol(f"{BEHAVIOR_PREFIX}{infoset}:{action})", real=True)


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex_text(text: str) -> str:
    r"""``text`` safe inside ``\text{...}``: LaTeX's special characters escaped (``U\_H``)."""
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


def behavior_latex(infoset: str, action: str) -> str:
    r"""``\sigma_{\text{after quiet}}(\text{challenge})``: the probability of an action."""
    return rf"\sigma_{{\text{{{tex_text(infoset)}}}}}(\text{{{tex_text(action)}}})"


def belief_latex(node: str, infoset: str | None = None) -> str:
    r"""``\mu_{\text{after l}}(\text{UL-l})``: the belief in a node (of set ``infoset``)."""
    if infoset is None:
        return rf"\mu(\text{{{tex_text(node)}}})"
    return rf"\mu_{{\text{{{tex_text(infoset)}}}}}(\text{{{tex_text(node)}}})"


@dataclass(frozen=True)
class Relation:
    """``lhs OP rhs`` with OP one of ``< <= > >= =``; ``expr`` is ``lhs - rhs``."""

    lhs: Any
    op: str
    rhs: Any

    @property
    def expr(self) -> Any:
        return sympy.expand(self.lhs - self.rhs)

    def holds(self, values: Mapping[Any, Any]) -> bool:
        """Exact truth at ``values`` (symbol or name → number)."""
        point = {(k if isinstance(k, str) else str(k.name)): Fraction(v) for k, v in values.items()}
        try:
            diff = evaluate_exact(self.expr, point)
        except ZeroDivisionError:
            raise ValueError(f"{to_text(self.expr)} is not a number at the given values") from None
        return compare(diff, self.op)

    def __str__(self) -> str:
        return f"{to_text(self.lhs)} {self.op} {to_text(self.rhs)}"


def compare(diff: Fraction, op: str) -> bool:
    """``diff OP 0`` for OP one of ``< <= > >= =``."""
    return {
        "<": diff < 0,
        "<=": diff <= 0,
        ">": diff > 0,
        ">=": diff >= 0,
        "=": diff == 0,
    }[op]


def evaluate_exact(expr: Any, values: Mapping[str, Fraction]) -> Fraction:
    """``expr`` at ``values`` (name -> number), in exact rational arithmetic."""
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr.is_Symbol:
        try:
            return Fraction(values[str(expr.name)])
        except KeyError:
            raise ValueError(f"no value for {expr.name}") from None
    if expr.is_Add:
        total = Fraction(0)
        for a in expr.args:
            total += evaluate_exact(a, values)
        return total
    if expr.is_Mul:
        prod = Fraction(1)
        for a in expr.args:
            prod *= evaluate_exact(a, values)
        return prod
    if expr.is_Pow and expr.exp.is_Integer:
        return evaluate_exact(expr.base, values) ** int(expr.exp)
    if isinstance(expr, sympy.Abs):
        return abs(evaluate_exact(expr.args[0], values))
    raise ValueError(f"cannot evaluate {expr} exactly")


def rational(value: Any) -> Any:
    """An exact number (int, Fraction, numeric text) as a sympy Rational."""
    f = Fraction(value) if not isinstance(value, str) else parse_number(value)
    return sympy.Rational(f.numerator, f.denominator)


def _sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


class _Parser:
    def __init__(self, text: str, names: Collection[str] | None, source: str) -> None:
        self.text = text
        self.names = names
        self.source = source
        self.tokens: list[tuple[str, str, int]] = []
        self.pos = 0
        self.depth = 0
        self._tokenize()

    def error(self, message: str, column: int | None = None) -> ParseError:
        if column is None:
            column = self.tokens[self.pos][2] if self.pos < len(self.tokens) else len(self.text) + 1
        return ParseError(f"{message} in {self.text!r}", source=self.source, line=1, column=column)

    def _tokenize(self) -> None:
        if len(self.text) > MAX_LENGTH:
            raise ParseError(f"expression longer than {MAX_LENGTH} characters", source=self.source, line=1, column=1)
        i = 0
        text = self.text
        while i < len(text):
            if text[i].isspace():
                i += 1
                continue
            m = _TOKEN.match(text, i)
            if m is None or m.end() == i:
                raise ParseError(
                    f"unexpected character {text[i]!r} in {text!r}", source=self.source, line=1, column=i + 1
                )
            kind = m.lastgroup if m.lastgroup != "node" else "mu"
            assert kind is not None
            if m.group("mu") is not None:
                kind, value = "mu", m.group("node")
            else:
                value = m.group(kind)
            start = m.start(kind) if kind != "mu" else m.start("mu")
            self.tokens.append((kind, value, start + 1))
            i = m.end()

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise self.error("unexpected end of expression")
        self.pos += 1
        return tok

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"expression nested deeper than {MAX_DEPTH} levels")

    def expression(self) -> Any:
        self.enter()
        value = self.term()
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] in "+-":
            self.take()
            right = self.term()
            value = value + right if tok[1] == "+" else value - right
        self.depth -= 1
        return value

    def term(self) -> Any:
        value = self.factor()
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] in ("*", "/"):
            self.take()
            right = self.factor()
            if tok[1] == "*":
                value = value * right
            else:
                if right == 0:
                    raise self.error("division by zero", tok[2])
                value = value / right
        return value

    def factor(self) -> Any:
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] in "+-":
            self.take()
            self.enter()
            inner = self.factor()
            self.depth -= 1
            return -inner if tok[1] == "-" else inner
        base = self.atom()
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] in ("^", "**"):
            self.take()
            sign = 1
            nxt = self.peek()
            if nxt is not None and nxt[0] == "op" and nxt[1] in "+-":
                self.take()
                sign = -1 if nxt[1] == "-" else 1
            exp_tok = self.take()
            if exp_tok[0] != "num" or not exp_tok[1].isdigit():
                raise self.error("an exponent must be a whole number", exp_tok[2])
            exponent = sign * int(exp_tok[1])
            if abs(exponent) > MAX_EXPONENT:
                raise self.error(f"exponent {exponent} beyond +-{MAX_EXPONENT}", exp_tok[2])
            if exponent < 0 and base == 0:
                raise self.error("division by zero", exp_tok[2])
            return base**exponent
        return base

    def atom(self) -> Any:
        kind, value, column = self.take()
        if kind == "num":
            try:
                number = parse_number(value)
            except ValueError as err:
                raise self.error(str(err), column) from err
            return sympy.Rational(number.numerator, number.denominator)
        if kind == "name":
            if self.names is not None and value not in self.names:
                known = ", ".join(sorted(self.names)) or "none"
                raise self.error(f"unknown name {value!r} (declared: {known})", column)
            return _sym(value)
        if kind == "mu":
            return belief_symbol(value)
        if kind == "op" and value == "(":
            self.enter()
            inner = self.expression()
            self.depth -= 1
            close = self.peek()
            if close is None or close[1] != ")":
                raise self.error("missing ')'")
            self.take()
            return inner
        raise self.error(f"unexpected {value!r}", column)

    def done(self) -> None:
        tok = self.peek()
        if tok is not None:
            raise self.error(f"unexpected {tok[1]!r}", tok[2])


def parse_expression(text: str, names: Collection[str] | None = None, source: str = "<expression>") -> Any:
    """A sympy expression from ``text``; every name must be in ``names`` (when given).

    Raises :class:`~gametoolkit.errors.ParseError` on anything else.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", source=source, line=1, column=1)
    parser = _Parser(text, names, source)
    if not parser.tokens:
        raise ParseError("empty expression", source=source, line=1, column=1)
    value = parser.expression()
    parser.done()
    return value


def parse_relations(text: str, names: Collection[str] | None = None, source: str = "<condition>") -> list[Relation]:
    """Comparisons from ``text``; a chain ``a > b > c`` gives ``a > b`` and ``b > c``."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", source=source, line=1, column=1)
    parser = _Parser(text, names, source)
    if not parser.tokens:
        raise ParseError("empty condition", source=source, line=1, column=1)
    sides = [parser.expression()]
    ops: list[str] = []
    while (tok := parser.peek()) is not None and tok[0] == "op" and tok[1] in _COMPARISONS:
        parser.take()
        ops.append("=" if tok[1] == "==" else tok[1])
        sides.append(parser.expression())
    parser.done()
    if not ops:
        raise ParseError(f"no comparison (<, <=, >, >=, =) in {text!r}", source=source, line=1, column=1)
    return [Relation(sides[k], op, sides[k + 1]) for k, op in enumerate(ops)]


def to_sympy(value: Value | int) -> Any:
    """Our :class:`~gametoolkit.core.values.Expr` (or a number) as a sympy expression."""
    if isinstance(value, int | Fraction):
        f = Fraction(value)
        return sympy.Rational(f.numerator, f.denominator)
    if isinstance(value, Param):
        return _sym(value.name)
    assert isinstance(value, Expr) and isinstance(value, Op)
    args = [to_sympy(a) for a in value.args]
    if value.op == "+":
        return args[0] + args[1]
    if value.op == "-":
        return args[0] - args[1]
    if value.op == "*":
        return args[0] * args[1]
    if value.op == "/":
        return args[0] / args[1]
    if value.op == "neg":
        return -args[0]
    raise ValueError(f"unknown operation {value.op!r}")


# --------------------------------------------------------------------- printing


def _name_text(sym: Any) -> str:
    return str(sym.name)


_GREEK = frozenset(
    {
        *("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"),
        *("nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"),
        *("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"),
    }
)


def _base_latex(name: str) -> str:
    if name in _GREEK:
        return "\\" + name
    return name if len(name) == 1 else r"\mathit{" + name + "}"


def _name_latex(sym: Any, tex_names: Mapping[str, str]) -> str:
    """LaTeX for a symbol: the model's ``TEX_NAMES`` first; beliefs and behavior as
    :func:`belief_latex` and :func:`behavior_latex`; ``x4`` and ``x_4`` as ``x_{4}``,
    ``bU`` as ``b_{U}``, ``beta_J`` as ``\beta_{J}``; other names upright-italic with
    their underscores escaped."""
    name = str(sym.name)
    if name in tex_names:
        return tex_names[name]
    if name.startswith(BELIEF_PREFIX) and name.endswith(")"):
        return belief_latex(name[len(BELIEF_PREFIX) : -1])
    if name.startswith(BEHAVIOR_PREFIX) and name.endswith(")"):
        infoset, _, action = name[len(BEHAVIOR_PREFIX) : -1].rpartition(":")
        return behavior_latex(infoset, action)
    m = re.fullmatch(r"([A-Za-z]+)_?(\d+)", name)
    if m:
        return f"{_base_latex(m.group(1))}_{{{m.group(2)}}}"
    m = re.fullmatch(r"([A-Za-z])([A-Z][A-Za-z]*)", name)
    if m:  # bU -> b_{U}
        return f"{m.group(1)}_{{{m.group(2)}}}"
    m = re.fullmatch(r"([A-Za-z]+)_([A-Za-z0-9]+)", name)
    if m:  # beta_J -> \beta_{J}, cost_high -> \mathit{cost}_{\mathit{high}}
        return f"{_base_latex(m.group(1))}_{{{_base_latex(m.group(2))}}}"
    if name in _GREEK:
        return "\\" + name
    return name if len(name) == 1 else r"\mathit{" + name.replace("_", r"\_") + "}"


class _Printer:
    def __init__(self, latex: bool, tex_names: Mapping[str, str] | None = None, sign: Any = None) -> None:
        self.latex = latex
        self.tex_names = tex_names or {}
        self.sign = sign

    def name(self, sym: Any) -> str:
        return _name_latex(sym, self.tex_names) if self.latex else _name_text(sym)

    def number(self, q: Any) -> str:
        if q.q == 1:
            return str(q.p)
        if self.latex:
            return f"\\frac{{{q.p}}}{{{q.q}}}"
        return f"{q.p}/{q.q}"

    def show(self, expr: Any) -> str:
        expr = expr if isinstance(expr, sympy.Basic) else rational(expr)
        num, den = sympy.fraction(sympy.factor_terms(sympy.together(expr)))
        if den != 1:
            known = self.sign(den) if self.sign is not None else None
            if (known is not None and known < 0) or (known is None and den.could_extract_minus_sign()):
                num, den = -num, -den
            sign = ""
            if num.could_extract_minus_sign():
                spread = sympy.expand(num)
                if spread.is_Add and len(spread.args) <= 4:
                    num = spread  # printed as a sum, positive terms first
                else:
                    num, sign = -num, "-"
            top, bottom = self.product(num), self.product(den)
            if self.latex:
                return f"{sign}\\frac{{{top}}}{{{bottom}}}"
            return f"{sign}{self.wrap(num, top, 2)}/{self.wrap(den, bottom, 3)}"
        return self.sum(num)

    def wrap(self, expr: Any, text: str, level: int) -> str:
        """Parenthesise ``text`` when it binds less tightly than ``level`` needs."""
        if expr.is_Add or (level >= 2 and expr.is_Rational and expr.q != 1):
            return f"({text})"
        if level >= 3 and expr.is_Mul:
            return f"({text})"
        if level >= 3 and expr.is_Rational and expr < 0:
            return f"({text})"
        return text

    def sum(self, expr: Any) -> str:
        if not expr.is_Add:
            return self.product(expr)
        terms = list(expr.as_ordered_terms())
        terms.sort(key=lambda t: 1 if t.could_extract_minus_sign() else 0)
        out = ""
        for k, term in enumerate(terms):
            negative = term.could_extract_minus_sign()
            body = self.product(-term if negative else term)
            if k == 0:
                out = ("-" if negative else "") + body
            else:
                out += (" - " if negative else " + ") + body
        return out

    def product(self, expr: Any) -> str:
        if expr.is_Add:
            return self.sum(expr)
        if expr.is_Rational:
            return self.number(expr)
        if expr.is_Symbol:
            return self.name(expr)
        if expr.is_Pow:
            base, exp = expr.as_base_exp()
            if exp.is_Integer and exp < 0:
                return self.show(expr)
            b = self.product(base)
            if base.is_Add or base.is_Mul or (base.is_Rational and (base.q != 1 or base < 0)):
                b = f"({b})" if not self.latex else f"\\left({b}\\right)"
            return f"{b}^{{{exp}}}" if self.latex else f"{b}^{exp}"
        if expr.is_Mul:
            coeff, rest = expr.as_coeff_Mul()
            factors = list(sympy.Mul.make_args(rest))
            if coeff < 0:
                sums = [k for k, f in enumerate(factors) if f.is_Add]
                if not sums:
                    return "-" + self.product(-expr)
                factors[sums[0]] = sympy.expand(-factors[sums[0]])  # -(p - 1) as (1 - p)
                coeff = -coeff
            parts = []
            for f in factors:
                text = self.product(f)
                if f.is_Add:
                    text = f"\\left({text}\\right)" if self.latex else f"({text})"
                parts.append(text)
            joiner = " " if self.latex else "*"
            body = joiner.join(parts)
            if coeff == 1:
                return body
            c = self.number(coeff)
            if not self.latex and coeff.q != 1:
                c = f"({c})"
            return f"{c}{joiner}{body}"
        return str(expr)


def to_text(expr: Any, sign: Any = None) -> str:
    """ASCII text that :func:`parse_expression` reads back: ``(y4 - bJ)/(y4 - y2)``.

    ``sign`` (e.g. :meth:`Assumptions.sign`) turns fractions round so that their
    denominators are positive under the assumptions.
    """
    return _Printer(latex=False, sign=sign).show(expr)


def to_latex(expr: Any, tex_names: Mapping[str, str] | None = None, sign: Any = None) -> str:
    """LaTeX for a paper: ``\\frac{y_{4} - \\beta_J}{y_{4} - y_{2}}``."""
    return _Printer(latex=True, tex_names=tex_names, sign=sign).show(expr)
