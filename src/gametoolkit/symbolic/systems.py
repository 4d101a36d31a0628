"""Support systems of the symbolic solver: where they hold, and where they need solving again.

The solver (:mod:`.solver`) solves each support system's indifference equations with
sympy, for the general case.  This module holds what that general case misses and the
questions asked about the parameters on the way:

* :func:`special_cases`: a denominator of the general solution, or a factor where the
  system's rank in the unknowns drops (:func:`rank_drops`), vanishing on a line among
  the parameters: the system is solved again there;
* :func:`consistent_cases`: a system with more equations than unknowns, which has no
  general solution but may have some on lines (solved again there) or curves
  (:func:`solve_on_curves`) among the parameters: the elimination ideal gives them;
* :func:`pinned_values`, :func:`impossible` and :func:`impossible_branch`: parameters an
  equation fixes, and whether conditions can hold together under the assumptions
  (within the pruning budget).

:class:`Ctx` is the state of one solve, shared by both modules.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from ..core.game import Game, InfoSet
from .assumptions import Assumptions
from .pruning import bounded

__all__ = [
    "GROEBNER_SECONDS",
    "Ctx",
    "consistent_cases",
    "impossible",
    "impossible_branch",
    "pinned_values",
    "rank_drops",
    "solve_on_curves",
    "special_cases",
]


@dataclass
class Ctx:
    game: Game
    assumptions: Assumptions
    sets: list[InfoSet]
    roots: dict[int, int]
    leaf: dict[int, tuple[Any, ...]]
    chance: dict[int, tuple[Any, ...]]
    deadline: float
    notes: list[str] = field(default_factory=list)
    #: when pruning (feasibility, implication, merging) stops deciding and keeps what it has
    prune_until: float = float("inf")


def special_cases(
    ctx: Ctx, sub: Mapping[Any, Any], raw: list[tuple[Any, str]], equations: list[Any], special: list[Any],
    queue: list[tuple[list[Any], list[Any]]], tried: set[Any],
) -> None:
    """Queue the system again where a denominator of ``sub`` (parameters only, sign not
    certified) vanishes, or where the system's rank in the unknowns drops: sympy's
    general solution does not hold there (``y*sigma = 0`` gives ``sigma = 0``, but any
    ``sigma`` where ``y = 0``)."""
    if len(special) >= 2:
        return
    unknowns = [u for u in sub] + sorted(
        {s for e in equations for s in e.free_symbols if str(s.name).startswith(("sigma(", "mu("))} - set(sub), key=str
    )
    dens = [sympy.expand(sympy.denom(sympy.together(v))) for v in sub.values()]
    for den in [*dens, *rank_drops(equations, unknowns)]:
        if den.is_number or ctx.assumptions.sign(den) is not None:
            continue
        if any(str(s.name).startswith(("sigma(", "mu(")) for s in den.free_symbols):
            continue
        rows = [*raw, (den, "=")]
        key = (tuple(sorted(map(str, special))), str(den))
        if key in tried or impossible(ctx, rows):
            continue
        tried.add(key)
        pins = pinned_values(ctx, rows)
        if not pins:
            continue
        pinned = [sympy.expand(sympy.numer(sympy.together(e.xreplace(pins)))) for e in equations]
        queue.append(([e for e in pinned if e != 0], [*special, den]))


def rank_drops(equations: list[Any], unknowns: list[Any]) -> list[Any]:
    """Factors (in the parameters) where a system linear in ``unknowns`` loses rank.

    When each equation has one unknown of its own, ``c*sigma + d = 0``, the system
    frees ``sigma`` where its coefficient ``c`` vanishes: the factors of the
    coefficients are returned at once.  Otherwise the coefficient matrix's generic rank
    ``r`` drops where every ``r x r`` minor vanishes, on their common factors; that is
    computed within :data:`RANK_SECONDS` (minors in many parameters can be costly) and
    skipped past it.
    Empty when an equation is not linear in the unknowns.
    """
    from ..solvers.common import TimeUp, time_limit

    rows = []
    for e in equations:
        if not (e.free_symbols & set(unknowns)):
            continue
        poly = sympy.Poly(e, *unknowns)
        if poly.total_degree() > 1:
            return []
        rows.append([poly.coeff_monomial(u) for u in unknowns])
    if not rows:
        return []
    single = [next(c for c in row if c != 0) for row in rows if sum(1 for c in row if c != 0) == 1]
    columns = {next(k for k, c in enumerate(row) if c != 0) for row in rows if sum(1 for c in row if c != 0) == 1}
    if len(single) == len(rows) and len(columns) == len(rows):
        # one unknown per equation, each its own: the minor is the product of the coefficients
        return [f for c in single if not c.is_number for f, _ in sympy.factor_list(sympy.expand(c))[1] if not f.is_number]
    if len(rows) > 4:
        return []
    try:
        with time_limit(RANK_SECONDS):
            return _common_minor_factors(sympy.Matrix(rows))
    except TimeUp:
        return []


#: Longest the minors of one coupled support system may take, in seconds.
RANK_SECONDS = 1.0


def _common_minor_factors(m: Any) -> list[Any]:
    for r in range(min(m.shape), 0, -1):
        minors = [
            sympy.expand(m.extract(list(i), list(j)).det(method="berkowitz"))
            for i in itertools.combinations(range(m.rows), r)
            for j in itertools.combinations(range(m.cols), r)
        ]
        minors = [x for x in minors if x != 0]
        if minors:
            common = functools.reduce(sympy.gcd, minors)
            return [f for f, _ in sympy.factor_list(common)[1] if not f.is_number]
    return []


def consistent_cases(
    ctx: Ctx, var_eqs: list[Any], equations: list[Any], unknowns: list[Any], special: list[Any],
    queue: list[tuple[list[Any], list[Any]]], tried: set[Any],
) -> list[Any]:
    """Queue the system again on the parameter sets where it has solutions although it
    has none in general (more indifference equations than mixing probabilities).

    The equations the parameters must satisfy are the elimination ideal of the system:
    the members free of unknowns of a lexicographic Groebner basis with the unknowns
    first.  Each irreducible factor of such an equation is one case (a boundary line,
    such as ``3*u + 4 = 0``, on which a type is indifferent for the same response).
    A case that no parameter can be solved for linearly (a curve, such as
    ``x**2 + 5*x*y - x + 4*y**2 - 12*y - 2 = 0``) is returned, for
    :func:`solve_on_curves`.
    """
    if len(special) >= 2:
        return []
    from ..solvers.common import TimeUp, time_limit

    params = sorted(set().union(*(e.free_symbols for e in var_eqs)) - set(unknowns), key=str)
    if not params:
        return []
    remaining = min(ctx.deadline, ctx.prune_until) - time.perf_counter()
    if remaining <= 0:
        return []
    try:
        with time_limit(min(remaining, GROEBNER_SECONDS)):
            basis = sympy.groebner(var_eqs, *unknowns, *params, order="lex")
    except TimeUp:
        ctx.notes.append(
            "a support system with more indifference equations than mixing probabilities was not "
            "searched for the parameter values where it has solutions (time); boundary families may be missing"
        )
        return []
    unknown_set = set(unknowns)
    gens = [sympy.expand(p.as_expr()) for p in basis.polys if not (p.as_expr().free_symbols & unknown_set)]
    if not gens or any(g.is_number for g in gens):
        return []  # no solution for any parameter values
    curves: list[Any] = []
    cases: list[list[Any]] = []
    if len(gens) == 1:
        cases = [[f] for f, _ in sympy.factor_list(gens[0])[1]]
    else:
        cases = [gens]
    for case in cases:
        rows = [(e, "=") for e in case]
        key = (tuple(sorted(map(str, special))), tuple(sorted(map(str, case))))
        if key in tried or impossible(ctx, rows):
            continue
        tried.add(key)
        pins = pinned_values(ctx, rows)
        if not pins:
            if len(case) == 1:
                curves.append(case[0])
            continue
        pinned = [sympy.expand(sympy.numer(sympy.together(e.xreplace(pins)))) for e in equations]
        queue.append(([e for e in pinned if e != 0], [*special, *case]))
    return curves


def solve_on_curves(
    ctx: Ctx, var_eqs: list[Any], unknowns: list[Any], curves: list[Any]
) -> list[tuple[dict[Any, Any], dict[Any, Any]]]:
    """Solutions of a system that has some only on ``curves`` among the parameters.

    The system is solved with one equation left out; put into the solution, that
    equation leaves a condition on the parameters alone (its residue), which holds on
    the curves.  Each solution comes with a map of its residue to the product of its
    irreducible factors where those are the curves alone, so that the family's
    condition reads as the curve (empty otherwise).
    """
    from ..solvers.common import TimeUp, time_limit

    unknown_set = set(unknowns)
    for j in range(len(var_eqs)):
        rest_eqs = var_eqs[:j] + var_eqs[j + 1 :]
        remaining = ctx.deadline - time.perf_counter()
        if remaining <= 0 or not rest_eqs:
            return []
        try:
            with time_limit(min(remaining, GROEBNER_SECONDS)):
                found = sympy.solve(rest_eqs, unknowns, dict=True)
        except (TimeUp, NotImplementedError):
            continue
        out = []
        for sol in found:
            sub = {k: sympy.cancel(v) for k, v in sol.items()}
            residue = sympy.expand(sympy.numer(sympy.together(var_eqs[j].xreplace(sub))))
            if residue == 0 or residue.free_symbols & unknown_set:
                continue
            factors = [f for f, _ in sympy.factor_list(residue)[1] if not f.is_number]
            named = {}
            if factors and all(any(sympy.expand(f - c) == 0 or sympy.expand(f + c) == 0 for c in curves) for f in factors):
                named[residue] = sympy.Mul(*factors)
            out.append((sol, named))
        if out:
            return out
    return []


#: Longest a Groebner basis of one support system may take, in seconds.
GROEBNER_SECONDS = 5.0


def pinned_values(ctx: Ctx, equations: list[tuple[Any, str]]) -> dict[Any, Any]:
    """Parameters the equations fix (``a = 2``, ``p = (y4 - bJ)/(y4 - y2)``), to put in
    the inequalities: on a boundary a free unknown may enter linearly only there."""
    pins: dict[Any, Any] = {}
    for e, _ in equations:
        e = sympy.expand(sympy.numer(sympy.together(e.xreplace(pins))))
        for x in sorted(e.free_symbols, key=str):
            poly = sympy.Poly(e, x)
            if poly.degree() != 1:
                continue
            c, d = poly.all_coeffs()
            if ctx.assumptions.sign(c) in (1, -1):
                value = sympy.cancel(-d / c)
                pins = {k: sympy.cancel(v.xreplace({x: value})) for k, v in pins.items()}
                pins[x] = value
                break
    return pins


def impossible_branch(ctx: Ctx, raw: list[tuple[Any, str]], branch: list[tuple[Any, str]], free: set[Any]) -> bool:
    """True when the conditions on the parameters alone of a branch cannot hold together.

    Past the pruning budget only the cheap test runs (no cell decomposition, a second
    at most): sign cases multiply with every free unknown, so some pruning must go on.
    """
    rows = []
    for x, op in raw + branch:
        if x.free_symbols & free:
            continue
        num, den = sympy.fraction(sympy.together(x))
        s = ctx.assumptions.sign(den)
        if s in (1, -1):
            rows.append((sympy.expand(num * s), op))
    if not rows:
        return False
    if time.perf_counter() < ctx.prune_until:
        return impossible(ctx, rows)
    return _cheaply_impossible(ctx, rows)


def _cheaply_impossible(ctx: Ctx, rows: list[tuple[Any, str]]) -> bool:
    from ..solvers.common import TimeUp, time_limit
    from .regions import decide

    try:
        with time_limit(CHEAP_SECONDS):
            return decide(ctx.assumptions, rows, False)[0] is False
    except TimeUp:
        return False


#: Longest the cheap feasibility test past the pruning budget may take, in seconds.
CHEAP_SECONDS = 1.0


def impossible(ctx: Ctx, case: list[tuple[Any, str]]) -> bool:
    from .regions import decide

    return bounded(ctx, (None, None), decide, ctx.assumptions, case)[0] is False
