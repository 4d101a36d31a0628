"""Leftover systems of PBE support enumeration that are not linear.

Two exact treatments for what :mod:`.pbe_core` cannot peel and substitute:

* :func:`settle_multilinear`: inequalities of degree at most one in each unknown
  (products of a belief and a mixing probability, or of two players' mixing) are
  decided on the corners of the box of their unknowns;
* :func:`belief_branches`: an inequality that couples the free beliefs at an unreached
  set with mixing probabilities, linearly in those beliefs, is replaced by one case per
  vertex of the beliefs' own polytope (some belief works exactly when one of those
  vertices does);
* :func:`algebraic_points`: a zero-dimensional system of equations, where every set is
  reached, solved exactly with algebraic numbers (three or more players:
  ``p = sqrt(2)/2``).
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from typing import Any

from ..algebra.linear import polytope_vertices
from ..algebra.poly import Poly
from ..core.game import CHANCE, Game
from .common import TimeUp, time_limit

__all__ = [
    "ALGEBRAIC_SECONDS",
    "MAX_BELIEF_BRANCHES",
    "MAX_BOX_UNKNOWNS",
    "algebraic_points",
    "belief_branches",
    "belief_equation_cases",
    "exact_number",
    "linear_row",
    "settle_multilinear",
]

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


#: Most cases :func:`belief_branches` may split one support combination into.
MAX_BELIEF_BRANCHES = 512


def belief_branches(ineqs: list[Poly], sigma_count: int, substitution: dict[int, Poly]) -> list[dict[int, Fraction]] | None:
    """Cases that replace the non-linear inequalities by linear ones, through the free beliefs.

    Unknowns below ``sigma_count`` are mixing probabilities; the others are beliefs (at
    sets the supports leave unreached) or what the equations left of them.  Take a
    non-linear inequality ``q(σ, μ) <= 0`` and its beliefs ``μ_B`` (its unknowns that are
    not mixing probabilities).  When ``q`` is linear in ``μ_B``, every other inequality
    that mentions ``μ_B`` mentions beliefs of ``B`` alone and is linear (the polytope
    ``P_B`` of those beliefs: the simplex of their set, narrowed), and no mixing
    probability is expressed through ``μ_B``, then for each ``σ`` some ``μ_B`` in ``P_B``
    satisfies ``q`` exactly when a vertex of ``P_B`` does: ``q`` is linear in ``μ_B``, so
    its least value over ``P_B`` is taken at a vertex.  The system holds for ``σ``
    exactly when one of the cases "``μ_B`` at vertex ``k``" holds, and in each case ``q``
    no longer involves beliefs of ``B``.

    Returns
    -------
    list of dict or None
        One assignment of the beliefs per case (every combination of the vertices of
        the blocks), ``[]`` when some ``P_B`` is empty (no case: no point), ``None`` when
        some non-linear inequality is not of this form or the cases would be more than
        :data:`MAX_BELIEF_BRANCHES`.
    """
    through = _through(substitution, sigma_count)
    choices: list[list[dict[int, Fraction]]] = []
    used: set[int] = set()
    total = 1
    for q in ineqs:
        if q.total_degree() <= 1:
            continue
        found = _belief_vertices(q, [p for p in ineqs if p is not q], sigma_count, through | used)
        if found is None:
            return None
        block, vertices = found
        if not vertices:
            return []
        total *= len(vertices)
        if total > MAX_BELIEF_BRANCHES:
            return None
        choices.append(vertices)
        used |= block
    return [_merged(combo) for combo in itertools.product(*choices)]


def belief_equation_cases(
    equations: list[Poly], ineqs: list[Poly], sigma_count: int, substitution: dict[int, Poly]
) -> list[list[Poly]] | None:
    """Linear cases for non-linear equations that couple free beliefs with mixing probabilities.

    An equation ``e(σ, μ_B) = 0`` (indifference at a set the supports leave unreached)
    linear in the beliefs ``μ_B``, under the conditions of :func:`belief_branches` (the
    other inequalities mention ``μ_B`` only through their polytope ``P_B``, no other
    equation mentions them), holds for some ``μ_B`` in ``P_B`` exactly when
    ``e(σ, μ_j) <= 0 <= e(σ, μ_k)`` for two vertices ``μ_j``, ``μ_k`` of ``P_B``: over
    a polytope a function linear in ``μ_B`` takes every value between its least and its
    greatest, both at vertices.  Each case is one pair per equation, given as the two
    inequalities (``<= 0``) it adds; the equations are then dropped.

    Returns ``None`` when some equation is not of this form or the cases would be more
    than :data:`MAX_BELIEF_BRANCHES`, ``[]`` when some ``P_B`` is empty.
    """
    through = _through(substitution, sigma_count)
    choices: list[list[list[Poly]]] = []
    used: set[int] = set()
    total = 1
    for e in equations:
        others = ineqs + [f for f in equations if f is not e]
        found = _belief_vertices(e, others, sigma_count, through | used)
        if found is None:
            return None
        block, vertices = found
        if not vertices:
            return []
        ends = [e.substitute({v: Poly.const(x) for v, x in vertex.items()}) for vertex in vertices]
        pairs = [[low, -high] for low in ends for high in ends]
        total *= len(pairs)
        if total > MAX_BELIEF_BRANCHES:
            return None
        choices.append(pairs)
        used |= block
    return [[q for pair in combo for q in pair] for combo in itertools.product(*choices)]


def linear_row(q: Poly, index: dict[int, int]) -> tuple[tuple[Fraction, ...], Fraction]:
    """A linear ``q <= 0`` as ``(a, b)`` with ``a·x <= b``, ``x`` the unknowns in the order of ``index``."""
    coeffs = [ZERO] * len(index)
    const = ZERO
    for m, c in q.terms.items():
        if m:
            coeffs[index[m[0][0]]] += c
        else:
            const += c
    return tuple(coeffs), -const


def _through(substitution: dict[int, Poly], sigma_count: int) -> set[int]:
    """The unknowns through which some mixing probability is expressed."""
    return set().union(*(p.variables() for u, p in substitution.items() if u < sigma_count))


def _merged(parts: tuple[dict[int, Fraction], ...]) -> dict[int, Fraction]:
    merged: dict[int, Fraction] = {}
    for part in parts:
        merged.update(part)
    return merged


def _belief_vertices(
    q: Poly, others: list[Poly], sigma_count: int, excluded: set[int]
) -> tuple[set[int], list[dict[int, Fraction]]] | None:
    """The beliefs ``B`` of ``q`` and the vertices of their polytope ``P_B``, when ``q`` may be split on them.

    ``None`` unless ``q`` is linear in its unknowns from ``sigma_count`` on (``B``, none
    of them in ``excluded``), and every polynomial of ``others`` that mentions ``B`` is
    a linear inequality in ``B`` alone (those inequalities are ``P_B``).
    """
    block = {v for v in q.variables() if v >= sigma_count}
    if not block or block & excluded:
        return None
    if any(sum(e for v, e in m if v in block) > 1 for m in q.terms):
        return None
    own = [p for p in others if p.variables() & block]
    if any(not p.variables() <= block or p.total_degree() > 1 for p in own):
        return None
    names = sorted(block)
    index = {v: k for k, v in enumerate(names)}
    rows = [linear_row(p, index) for p in own]
    vertices = polytope_vertices(rows, [], dim=len(names))
    if vertices is None:
        return None
    return block, [dict(zip(names, vertex)) for vertex in vertices]


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
