"""Leftover systems of PBE support enumeration that are not linear.

Two exact treatments for what :mod:`.pbe_core` cannot peel and substitute:

* :func:`settle_multilinear`: inequalities of degree at most one in each unknown
  (products of a belief and a mixing probability, or of two players' mixing) are
  decided on the corners of the box of their unknowns;
* :func:`algebraic_points`: a zero-dimensional system of equations, where every set is
  reached, solved exactly with algebraic numbers (three or more players:
  ``p = sqrt(2)/2``).
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from typing import Any

from ..algebra.poly import Poly
from ..core.game import CHANCE, Game
from .common import TimeUp, time_limit

__all__ = ["ALGEBRAIC_SECONDS", "MAX_BOX_UNKNOWNS", "algebraic_points", "exact_number", "settle_multilinear"]

ZERO = Fraction(0)
ONE = Fraction(1)

Point = tuple[tuple[Any, ...], ...]


#: Multilinear inequalities in at most this many unknowns are settled on the corners of their box.
MAX_BOX_UNKNOWNS = 12


def settle_multilinear(ineqs: list[Poly]) -> list[Poly] | None:
    """Drop the non-linear inequalities ``q <= 0`` that hold on the whole box of their unknowns.

    Every unknown (a mixing probability or a belief) lies in ``[0, 1]``, narrowed by the
    inequalities in that unknown alone.  A polynomial of degree at most one in each
    unknown reaches its maximum and minimum over a box at a corner, so checking the
    corners exactly decides whether ``q <= 0`` holds everywhere (the inequality is
    redundant and dropped) or nowhere (``None``: no point satisfies the system).
    Other non-linear inequalities are kept.
    """
    low: dict[int, Fraction] = {}
    high: dict[int, Fraction] = {}
    for q in ineqs:
        present = q.variables()
        if len(present) != 1 or q.total_degree() != 1:
            continue
        (v,) = present
        split = q.linear_in(v)
        if split is None:
            continue
        a, b = split[0].constant(), split[1].constant()
        bound = -b / a  # a*v + b <= 0
        if a > 0:
            high[v] = min(high.get(v, ONE), bound)
        else:
            low[v] = max(low.get(v, ZERO), bound)
    kept: list[Poly] = []
    for q in ineqs:
        names = sorted(q.variables())
        if q.total_degree() <= 1 or len(names) > MAX_BOX_UNKNOWNS or any(q.degree(v) > 1 for v in names):
            kept.append(q)
            continue
        sides = [(low.get(v, ZERO), high.get(v, ONE)) for v in names]
        if any(lo > hi for lo, hi in sides):
            return None
        values = [q.evaluate(dict(zip(names, corner))) for corner in itertools.product(*sides)]
        if max(values) <= 0:
            continue
        if min(values) > 0:
            return None
        kept.append(q)
    return kept


#: Seconds one zero-dimensional system may take in :func:`_algebraic_points`.
ALGEBRAIC_SECONDS = 5.0


def algebraic_points(
    game: Game,
    budget: list[float],
    behavior: dict[int, list[Poly]],
    positive: dict[int, list[bool]],
    leftover: list[Poly],
    substitution: dict[int, Poly],
    inequalities: list[Poly],
    var_count: int,
) -> list[Point] | None:
    """Every point of a zero-dimensional leftover system, as exact algebraic numbers.

    Only where the supports reach every set of the piece (there are no free beliefs,
    and a Nash equilibrium of the piece is then a PBE; :mod:`.pbe` checks each point
    again exactly) and where the leftover equations fix every unknown.  Real solutions
    come from :func:`gametoolkit.algebra.polysolve.real_solutions` (Gröbner basis,
    exact root isolation); each inequality's sign is decided exactly.  ``None`` when
    this does not apply or the system is not solved in time (the caller says so).
    ``budget[0]`` holds the seconds left and is reduced by the time spent.
    """
    if not all(any(reached) for reached in positive.values()) or budget[0] <= 0:
        return None
    try:
        import sympy

        from ..algebra.polysolve import canonical_algebraic, real_solutions, sign
    except ImportError:
        return None
    unknowns = sorted(set().union(*(e.variables() for e in leftover)))
    if any(v not in substitution and v not in unknowns for v in range(var_count)):
        return None  # an unknown no equation fixes: a continuum
    symbols = {v: sympy.Symbol(f"x{v}") for v in range(var_count)}

    def convert(q: Poly) -> Any:
        total = sympy.Integer(0)
        for m, c in q.terms.items():
            term: Any = sympy.Rational(c.numerator, c.denominator)
            for v, e in m:
                term = term * symbols[v] ** e
            total = total + term
        return total

    started = time.perf_counter()
    try:
        # the whole of it under one limit: canonical forms can be as costly as the roots
        with time_limit(min(ALGEBRAIC_SECONDS, budget[0])):
            found = real_solutions([convert(e) for e in leftover], [symbols[v] for v in unknowns])
            if found.status != "finite":
                return None
            points: list[Point] = []
            for solution in found.solutions:
                values = {symbols[v]: solution[symbols[v]] for v in unknowns}
                full = {symbols[u]: sympy.expand(convert(q).subs(values)) for u, q in substitution.items()}
                full.update(values)
                if any(sign(sympy.expand(convert(q).subs(full))) > 0 for q in inequalities):
                    continue
                rows: list[tuple[Any, ...]] = []
                for h in game.infosets:
                    if h.player == CHANCE:
                        rows.append(tuple(game.chance_probs(h.index)))
                        continue
                    head = [exact_number(canonical_algebraic(sympy.expand(convert(q).subs(full)))) for q in behavior[h.index][:-1]]
                    rest = 1 - sum((sympy.Rational(x.numerator, x.denominator) if isinstance(x, Fraction) else x for x in head), sympy.Integer(0))
                    rows.append((*head, exact_number(sympy.expand(rest))))
                points.append(tuple(rows))
            return points
    except TimeUp:
        return None
    finally:
        budget[0] -= time.perf_counter() - started


def exact_number(value: Any) -> Any:
    """A rational sympy number as a :class:`Fraction`; an irrational one as it is."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return value
