"""Conditions on parameters: simplified under the assumptions, evaluated exactly.

A :class:`Condition` is ``expr > 0``, ``expr >= 0`` or ``expr = 0`` for a sympy
expression in the model's parameters.  :func:`simplify` brings a raw condition from
the solver to its simplest form under an :class:`~.assumptions.Assumptions`:
denominators and factors of known sign are divided out (turning the comparison round
when the sign is negative), and a condition that holds or fails everywhere becomes
``True`` or ``False``.  Printing solves a condition linear in a probability for that
probability (``p <= (y4 - bJ)/(y4 - y2)``), else sets positive terms against negative
ones (``x6 > bU``).

Evaluation is exact (:meth:`Condition.holds`), and vectorised over numpy columns
(:meth:`Condition.holds_many`) with every value near zero recomputed exactly, so a
grid point on a boundary is classified as exactly as a single point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from .assumptions import Assumptions
from .expr import compare, evaluate_exact, to_latex, to_text

__all__ = ["Condition", "evaluate_exact", "evaluate_float", "simplify"]

_FLIP = {">": "<", ">=": "<=", "=": "=", "<": ">", "<=": ">="}
_LATEX_OPS = {">": ">", ">=": r"\geq", "<": "<", "<=": r"\leq", "=": "="}


@dataclass(frozen=True)
class Condition:
    """``expr OP 0`` with OP one of ``>``, ``>=``, ``=``; ``solve_for`` names a probability."""

    expr: Any
    op: str
    solve_for: tuple[str, ...] = ()
    #: the assumptions it was simplified under (decide how to print it)
    assumptions: Assumptions | None = field(default=None, compare=False, repr=False)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(str(s.name) for s in self.expr.free_symbols)

    def holds(self, values: Mapping[str, Fraction]) -> bool:
        """Exact truth at ``values`` (every name bound)."""
        return compare(evaluate_exact(self.expr, values), self.op)

    def holds_many(self, columns: Mapping[str, Any], size: int) -> Any:
        """Truth at each of ``size`` points given as numpy columns (float or exact)."""
        import numpy as np

        cols = {k: np.asarray(v, dtype=float) for k, v in columns.items()}
        value = np.broadcast_to(np.asarray(evaluate_float(self.expr, cols), dtype=float), (size,))
        scale = np.broadcast_to(np.asarray(evaluate_float(_magnitude(self.expr), cols), dtype=float), (size,))
        near = np.abs(value) <= 1e-9 * (1.0 + scale)
        if self.op == ">":
            out = value > 0
        elif self.op == ">=":
            out = value >= 0
        else:
            out = np.zeros(size, dtype=bool)
        out = np.array(out, dtype=bool)
        for i in np.flatnonzero(near | (self.op == "=")):
            point = {k: _exact_cell(columns[k], int(i)) for k in self.names}
            out[i] = self.holds(point)
        return out

    def _solved(self) -> tuple[str, str, Any] | None:
        """``(name, op, bound)`` when the condition is linear in a probability name."""
        for name in self.solve_for:
            x = sympy.Symbol(name, real=True)
            if x not in self.expr.free_symbols:
                continue
            poly = sympy.Poly(sympy.expand(self.expr), x)
            if poly.degree() != 1:
                continue
            c, d = poly.all_coeffs()
            s = self.assumptions.sign(c) if self.assumptions is not None else None
            if s is None or s == 0:
                continue
            bound = sympy.factor(sympy.cancel(-d / c))
            op = self.op if s > 0 else _FLIP[self.op]
            return name, op, bound
        return None

    def text(self) -> str:
        """ASCII, readable and readable back: ``p <= (y4 - bJ)/(y4 - y2)``."""
        solved = self._solved()
        if solved is not None:
            name, op, bound = solved
            return f"{name} {op} {to_text(bound, self._sign)}"
        lhs, rhs = _sides(self.expr)
        return f"{to_text(lhs, self._sign)} {self.op} {to_text(rhs, self._sign)}"

    def latex(self, tex_names: Mapping[str, str] | None = None) -> str:
        """The condition in LaTeX."""
        solved = self._solved()
        if solved is not None:
            name, op, bound = solved
            symbol = to_latex(sympy.Symbol(name, real=True), tex_names)
            return f"{symbol} {_LATEX_OPS[op]} {to_latex(bound, tex_names, self._sign)}"
        lhs, rhs = _sides(self.expr)
        return f"{to_latex(lhs, tex_names, self._sign)} {_LATEX_OPS[self.op]} {to_latex(rhs, tex_names, self._sign)}"

    @property
    def _sign(self) -> Any:
        return self.assumptions.sign if self.assumptions is not None else None

    def __str__(self) -> str:
        return self.text()


def _sides(expr: Any) -> tuple[Any, Any]:
    """``expr`` as ``lhs - rhs`` with the positive terms on the left."""
    expr = sympy.expand(expr)
    terms = sympy.Add.make_args(expr)
    pos = [t for t in terms if not t.could_extract_minus_sign()]
    neg = [-t for t in terms if t.could_extract_minus_sign()]
    return sympy.Add(*pos), sympy.Add(*neg)


def simplify(expr: Any, op: str, assumptions: Assumptions, solve_for: tuple[str, ...] = ()) -> Condition | bool:
    """``expr OP 0`` (OP ``>``, ``>=``, ``=``, ``<``, ``<=``) at its simplest, or a truth value."""
    if op in ("<", "<="):
        expr, op = -expr, _FLIP[op]
    expr = sympy.together(sympy.Integer(0) + expr)
    num, den = sympy.fraction(expr)
    s_den = assumptions.sign(den)
    if s_den is None or s_den == 0:
        core = sympy.expand(num * den)  # same sign as num/den where den != 0
        coeff, factors = sympy.Integer(1), [(core, 1)]
    else:
        coeff, factors = sympy.factor_list(sympy.expand(num))
        coeff = coeff * s_den
    kept = []
    for factor, power in factors:
        if factor.is_number:
            coeff *= factor**power
            continue
        s = assumptions.sign(factor)
        if s is None:
            kept.append((factor, power))
        elif s == 0:
            coeff = sympy.Integer(0)
        else:
            coeff *= s**power
    if coeff == 0:
        return op in (">=", "=")
    if not kept:
        value = Fraction(int(sympy.sign(coeff)))
        return value > 0 if op == ">" else value >= 0 if op == ">=" else value == 0
    core = sympy.Mul(*(f**k for f, k in kept))
    if sympy.sign(coeff) < 0 and op != "=":
        core = -core  # coeff * core > 0 with coeff < 0 means -core > 0
    core = sympy.expand(core)
    whole = assumptions.sign(core)
    if whole is not None:
        value = Fraction(whole)
        return value > 0 if op == ">" else value >= 0 if op == ">=" else value == 0
    names = tuple(n for n in solve_for if sympy.Symbol(n, real=True) in core.free_symbols)
    return Condition(core, op, names, assumptions)


def _magnitude(expr: Any) -> Any:
    """The sum of the absolute values of ``expr``'s terms: the scale of rounding error."""
    terms = sympy.Add.make_args(sympy.expand(expr))
    return sympy.Add(*(_abs_term(t) for t in terms))


def _abs_term(term: Any) -> Any:
    coeff, rest = term.as_coeff_Mul()
    return abs(coeff) * sympy.Mul(*(sympy.Abs(f) for f in sympy.Mul.make_args(rest)))


def _exact_cell(column: Any, i: int) -> Fraction:
    value = column[i] if hasattr(column, "__getitem__") else column
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def evaluate_float(expr: Any, columns: Mapping[str, Any]) -> Any:
    """``expr`` over numpy float columns (or scalars), vectorised."""
    import numpy as np

    if expr.is_Rational:
        return float(expr.p) / float(expr.q)
    if expr.is_Symbol:
        return columns[str(expr.name)]
    if expr.is_Add:
        total: Any = 0.0
        for a in expr.args:
            total = total + evaluate_float(a, columns)
        return total
    if expr.is_Mul:
        prod: Any = 1.0
        for a in expr.args:
            prod = prod * evaluate_float(a, columns)
        return prod
    if expr.is_Pow and expr.exp.is_Integer:
        return evaluate_float(expr.base, columns) ** int(expr.exp)
    if isinstance(expr, sympy.Abs):
        return np.abs(evaluate_float(expr.args[0], columns))
    raise ValueError(f"cannot evaluate {expr} numerically")
