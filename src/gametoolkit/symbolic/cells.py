"""Exact decision of polynomial conditions in one or two parameters (cell decompositions).

When every condition left in a region is a polynomial in a single parameter ``x``
(after an equation such as ``x + y = 6`` was substituted), the region is decided
exactly by a one-dimensional cell decomposition: the real roots of all the
polynomials, isolated in disjoint rational intervals, cut the line into open cells on
which no polynomial changes sign.  The region is non-empty if and only if one sample
point of an open cell, or one of the roots, meets every condition.  At a root the
polynomials that vanish there are zero, and every other one has the sign it has
anywhere in the root's isolating interval, where it has no root.  No floating point
is used, so the answer is a proof either way.

In two parameters ``x`` and ``y`` the conditions are projected onto ``y`` (leading
coefficients, discriminants and pairwise resultants in ``x`` of their irreducible
factors): over each open interval between the real roots of the projection the
factors' roots in ``x`` neither appear, vanish nor cross, so one rational ``y`` per
interval, with the one-parameter test in ``x``, covers the interval.  A region defined
by strict inequalities, or whose ``>=`` and ``=`` conditions are free of ``y``, meets
some open interval if it is not empty: then the answer is a proof either way.
Otherwise a region may lie over irrational roots of the projection only; not found on
the intervals and the rational roots, the answer is undecided.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy

from .expr import compare

__all__ = ["decide_bivariate", "decide_univariate"]

Row = tuple[Any, str]


def decide_univariate(rows: Sequence[Row], x: Any) -> tuple[bool, Fraction | None]:
    """Whether some real ``x`` meets every ``poly OP 0`` of ``rows``, and a rational one if so.

    Parameters
    ----------
    rows
        ``(expr, op)`` pairs, ``expr`` a polynomial in ``x`` alone with rational
        coefficients, ``op`` one of ``">"``, ``">="`` and ``"="``.
    x
        The sympy symbol.

    Returns
    -------
    tuple
        ``(True, value)`` with a rational witness, ``(True, None)`` when every
        witness is irrational (a root of an equation), or ``(False, None)``.
    """
    return _decide_polys([sympy.Poly(e, x, domain="QQ") for e, _ in rows], [op for _, op in rows])


def _decide_polys(polys: Sequence[Any], ops: Sequence[str]) -> tuple[bool, Fraction | None]:
    """:func:`decide_univariate` on sympy ``Poly`` objects in one generator."""
    coeffs = [[_rational(c) for c in p.all_coeffs()] for p in polys]
    moving = [k for k, p in enumerate(polys) if p.degree() > 0]
    for k, p in enumerate(polys):  # constants: decided now
        if p.degree() <= 0 and not compare(coeffs[k][-1], ops[k]):
            return False, None
    if not moving:
        return True, Fraction(0)
    roots, bounds = _isolate([polys[k] for k in moving])
    for t in _cell_samples(bounds):
        if all(compare(_horner(c, t), op) for c, op in zip(coeffs, ops)):
            return True, t
    for ((_, _), which), (lo, hi) in zip(roots, bounds):
        zero = {moving[i] for i in which}
        mid = (lo + hi) / 2
        if all(compare(Fraction(0) if k in zero else _horner(c, mid), op) for k, (c, op) in enumerate(zip(coeffs, ops))):
            return True, (lo if lo == hi else None)
    return False, None


def decide_bivariate(rows: Sequence[Row], a: Any, b: Any) -> tuple[bool | None, dict[str, Fraction] | None]:
    """Whether some real point in the parameters ``a`` and ``b`` meets every ``poly OP 0`` of ``rows``.

    Parameters
    ----------
    rows
        ``(expr, op)`` pairs, ``expr`` a polynomial in ``a`` and ``b`` with rational
        coefficients.
    a, b
        The sympy symbols.  The one eliminated first is ``x``, the one the conditions
        are projected on ``y``; ``y`` is chosen, where it can be, so that every ``>=``
        and ``=`` condition is free of it.

    Returns
    -------
    tuple
        ``(True, point)`` (``point`` None when the witness found is irrational),
        ``(False, None)`` (proved empty) or ``(None, None)`` (undecided).

    Notes
    -----
    Besides one rational ``y`` in each open interval, every rational root of the
    projection is tried.  Not found, the region is empty when each ``>=`` and ``=``
    condition is free of ``y``: a point of the region would have neighbours
    ``(x, y + t)`` in it for every small ``t`` (the strict conditions hold on an open
    set), some over an open interval.
    """
    closed = [e for e, op in rows if op != ">"]
    x, y = (a, b) if all(b not in e.free_symbols for e in closed) else (b, a)
    polys = [sympy.Poly(e, x, y, domain="QQ") for e, _ in rows]
    ops = [op for _, op in rows]
    factors: list[Any] = []
    for poly in polys:
        for f, _mult in sympy.factor_list(poly)[1]:
            if f.total_degree() > 0 and not any(f == g or f == -g for g in factors):
                factors.append(f)
    projection: list[Any] = []
    with_x = [f for f in factors if f.degree(x) > 0]
    for f in factors:
        if f.degree(x) == 0:
            projection.append(f.as_expr())
            continue
        projection.append(sympy.Poly(f, x).LC())
        if f.degree(x) >= 2:
            projection.append(sympy.discriminant(f.as_expr(), x))
    for k, f in enumerate(with_x):
        for g in with_x[k + 1 :]:
            projection.append(sympy.resultant(f.as_expr(), g.as_expr(), x))
    in_y = [sympy.Poly(p, y, domain="QQ") for p in projection]
    in_y = [p for p in in_y if p.degree() > 0]
    _, bounds = _isolate(in_y) if in_y else ([], [])
    rational_roots = [lo for lo, hi in bounds if lo == hi]
    in_y_only = [(k, [_rational(c) for c in sympy.Poly(p.as_expr(), y).all_coeffs()])
                 for k, p in enumerate(polys) if p.degree(x) == 0]
    for t in [*_cell_samples(bounds), *rational_roots]:
        if not all(compare(_horner(c, t), ops[k]) for k, c in in_y_only):
            continue  # a condition on y alone fails here: no x helps
        q = sympy.Rational(t.numerator, t.denominator)
        found, value = _decide_polys([p.eval(y, q) for p in polys], ops)
        if found:
            point = None if value is None else {str(x.name): value, str(y.name): t}
            return True, point
    if all(y not in e.free_symbols for e in closed):
        return False, None
    return None, None


def _isolate(polys: Sequence[Any]) -> tuple[list[Any], list[tuple[Fraction, Fraction]]]:
    """Disjoint isolating intervals of the real roots of ``polys``, in increasing order."""
    roots = sympy.intervals(list(polys))
    for _ in range(60):  # sympy's intervals may touch at their ends: refine until apart
        bounds = [(_rational(a), _rational(b)) for (a, b), _ in roots]
        if all(hi < lo for (_, hi), (lo, _) in itertools.pairwise(bounds)):
            return roots, bounds
        widths = [hi - lo for lo, hi in bounds if hi > lo]
        gaps = [lo - hi for (_, hi), (lo, _) in itertools.pairwise(bounds) if lo > hi]
        eps = min(widths + gaps) / 4
        roots = sympy.intervals(list(polys), eps=sympy.Rational(eps.numerator, eps.denominator))
    raise ArithmeticError("real roots could not be separated")  # not reached for squarefree rational polynomials


def _cell_samples(bounds: Sequence[tuple[Fraction, Fraction]]) -> list[Fraction]:
    """One rational point in each open cell: below the first root, between roots, above the last."""
    if not bounds:
        return [Fraction(0)]
    samples = [bounds[0][0] - 1]
    samples.extend((hi + lo) / 2 for (_, hi), (lo, _) in itertools.pairwise(bounds))
    samples.append(bounds[-1][1] + 1)
    return samples


def _rational(v: Any) -> Fraction:
    q = sympy.Rational(v)
    return Fraction(int(q.p), int(q.q))


def _horner(coeffs: Sequence[Fraction], t: Fraction) -> Fraction:
    """The value at ``t`` of the polynomial with ``coeffs`` (highest degree first)."""
    out = Fraction(0)
    for c in coeffs:
        out = out * t + c
    return out
