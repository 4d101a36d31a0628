"""Real solutions of polynomial systems, exactly, as algebraic numbers (sympy).

:func:`real_solutions` solves ``f_1 = ... = f_k = 0`` over the rationals and returns
every real solution with each coordinate an exact real algebraic number: a
``Rational``, a radical expression (``sqrt(2)/2``) when its minimal polynomial has
degree two, else ``CRootOf(p, k)``, the ``k``-th real root of the irreducible ``p``.
Its text (``str``) is what the JSON contract of ``DESIGN.md`` prints and what sympy
reads back.

Method (a *rational univariate representation* by the shape lemma):

1. a separating coordinate ``t = Σ c_i x_i`` (small integer weights, a few choices
   tried) is added as an unknown with the equation ``t - Σ c_i x_i = 0``;
2. the reduced Gröbner basis in the lexicographic order ``x_1 > ... > x_n > t``
   (sympy's ``groebner``): ``{1}`` means no solution; an ideal that is not
   zero-dimensional has infinitely many complex solutions and is reported as
   ``"positive-dimensional"`` (nothing is listed: the caller must say so); otherwise,
   when ``t`` separates the solutions and the ideal is radical, the basis has the
   *shape* ``x_i - g_i(t)`` and one polynomial ``p(t)``;
3. the real roots of ``p`` are isolated exactly (irreducible factors, ``CRootOf``),
   and each ``x_i = g_i(r)`` is turned into its canonical algebraic form (its minimal
   polynomial from a resultant, and which real root it is).

If no choice of ``t`` gives the shape (a non-radical ideal), the status is
``"unsolved"``.  sympy is needed; it is imported by this module only.  The work can
be long: callers bound it with :func:`gametoolkit.solvers.common.time_limit`.

>>> import sympy
>>> a, b = sympy.symbols("a b")
>>> found = real_solutions([a * b - sympy.Rational(1, 2), a - b], [a, b])
>>> found.status, [(str(s[a]), str(s[b])) for s in found.solutions]
('finite', [('-sqrt(2)/2', '-sqrt(2)/2'), ('sqrt(2)/2', 'sqrt(2)/2')])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

__all__ = ["PolySolution", "canonical_algebraic", "is_zero", "real_solutions", "sign"]


@dataclass(frozen=True)
class PolySolution:
    """The outcome of :func:`real_solutions`.

    ``status`` is ``"finite"`` (``solutions`` lists every real solution),
    ``"positive-dimensional"`` or ``"unsolved"`` (``solutions`` is empty and proves
    nothing).  Each solution maps every unknown to an exact real algebraic number.
    """

    status: str
    solutions: tuple[dict[Any, Any], ...]


_WEIGHTS = ((1, 2, 3, 5, 7, 11, 13, 17), (1, -3, 7, -2, 9, 4, -11, 6), (3, 1, -4, 1, 5, -9, 2, 6))


def real_solutions(equations: Sequence[Any], unknowns: Sequence[Any]) -> PolySolution:
    """Every real solution of a polynomial system with rational coefficients.

    Parameters
    ----------
    equations : sequence of sympy expressions
        Polynomials in ``unknowns`` with rational coefficients, each meaning ``= 0``.
    unknowns : sequence of sympy symbols

    Returns
    -------
    PolySolution
        ``status`` ``"finite"`` with every real solution (exact algebraic numbers), or
        ``"positive-dimensional"`` / ``"unsolved"`` with none.
    """
    unknowns = list(unknowns)
    equations = [sympy.expand(e) for e in equations if sympy.expand(e) != 0]
    if not unknowns:
        return PolySolution("finite", ({},) if not equations else ())
    if any(e.is_number for e in equations):
        return PolySolution("finite", ())
    t = sympy.Dummy("t")
    for weights in _WEIGHTS:
        separator = t - sum(c * x for c, x in zip(weights, unknowns, strict=False))
        basis = sympy.groebner([*equations, separator], *unknowns, t, order="lex")
        if list(basis.exprs) == [1]:
            return PolySolution("finite", ())
        if not basis.is_zero_dimensional:
            return PolySolution("positive-dimensional", ())
        shape = _shape(list(basis.exprs), unknowns, t)
        if shape is not None:
            univariate, parts = shape
            return PolySolution("finite", tuple(_solutions(univariate, parts, unknowns, t)))
    return PolySolution("unsolved", ())


def _shape(exprs: list[Any], unknowns: list[Any], t: Any) -> tuple[Any, dict[Any, Any]] | None:
    """``(p(t), {x_i: g_i(t)})`` when the basis is ``{x_i - g_i(t)} ∪ {p(t)}``, else ``None``."""
    if len(exprs) != len(unknowns) + 1:
        return None
    univariate = None
    parts: dict[Any, Any] = {}
    for e in exprs:
        free = e.free_symbols
        if free <= {t}:
            univariate = e
            continue
        lead = [x for x in unknowns if x in free]
        if len(lead) != 1:
            return None
        x = lead[0]
        poly = sympy.Poly(e, x)
        if poly.degree() != 1 or not poly.LC().is_number:
            return None
        parts[x] = sympy.expand(-poly.nth(0) / poly.LC())
    if univariate is None or len(parts) != len(unknowns):
        return None
    p = sympy.Poly(univariate, t)
    if sympy.degree(sympy.gcd(p, p.diff(t))) > 0:
        return None  # not radical: the shape lemma does not apply
    return univariate, parts


def _solutions(univariate: Any, parts: dict[Any, Any], unknowns: list[Any], t: Any) -> list[dict[Any, Any]]:
    out = []
    for root in sympy.Poly(univariate, t).real_roots():
        out.append({x: canonical_algebraic(parts[x].subs(t, root)) for x in unknowns})
    return out


def canonical_algebraic(value: Any) -> Any:
    """A real algebraic number in canonical form: rational, quadratic radical, or ``CRootOf``.

    >>> import sympy
    >>> canonical_algebraic(sympy.sqrt(2) * sympy.sqrt(2) / 4 + sympy.sqrt(8) / 4)
    1/2 + sqrt(2)/2
    """
    value = sympy.Integer(0) + value  # numbers become sympy numbers; text is refused (never parsed)
    if value.is_Rational:
        return value
    y = sympy.Dummy("y")
    minimal = sympy.Poly(sympy.minimal_polynomial(value, y), y)
    if minimal.degree() == 1:
        return sympy.Rational(-minimal.nth(0), minimal.LC())
    approx = sympy.N(value, 50)
    candidates = minimal.real_roots() if minimal.degree() > 2 else [sympy.radsimp(r) for r in sympy.roots(minimal, y)]
    candidates = [r for r in candidates if r.is_real]
    best = min(candidates, key=lambda r: abs(sympy.N(r, 50) - approx))
    if minimal.degree() == 2:
        return sympy.nsimplify(sympy.expand(best))
    return best


def is_zero(value: Any) -> bool:
    """Is the algebraic number ``value`` exactly zero (its minimal polynomial is ``y``)?"""
    value = sympy.Integer(0) + value  # numbers become sympy numbers; text is refused (never parsed)
    if value.is_Rational:
        return bool(value == 0)
    y = sympy.Dummy("y")
    return bool(sympy.minimal_polynomial(value, y) == y)


def sign(value: Any) -> int:
    """The sign of a real algebraic number, exactly: zero by :func:`is_zero`, else numerically.

    A non-zero algebraic number is told apart from zero by a numerical value
    precise enough (sympy's ``evalf`` raises the precision until the digits are
    certain), so the sign is proven.
    """
    if is_zero(value):
        return 0
    approx = sympy.N(value, 50)
    return 1 if approx > 0 else -1
