"""Exact and floating-point hull tests for matching Gambit's equilibria with ours.

:func:`in_hull` decides exactly whether a point is a convex combination of others;
:func:`hull_distance` measures, by a floating-point linear program, how far a point is
from a hull (for Gambit's logit limit).  numpy and scipy (which come with pygambit)
are imported only when a linear program is solved.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

__all__ = ["hull_distance", "in_hull", "max_distance"]

ONE = Fraction(1)


def in_hull(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction], max_points: int = 12) -> bool:
    """Exactly: is ``target`` a convex combination of ``points``?

    A feasible system has a basic solution (Carathéodory), so it is enough to try each
    set of affinely independent points and solve for its weights.  Beyond
    ``max_points`` points a floating-point linear program proposes the set and exact
    arithmetic confirms it.

    Parameters
    ----------
    points : sequence of sequences of Fraction
        The points spanning the hull, all of the dimension of ``target``.
    target : sequence of Fraction
        The point to test.
    max_points : int, optional
        Above this many distinct points, a linear program picks the candidates.

    Returns
    -------
    bool
        True when ``target`` lies in the convex hull of ``points``.
    """
    pts = [list(p) for p in dict.fromkeys(tuple(p) for p in points)]
    if not pts:
        return False
    if any(list(target) == p for p in pts):
        return True
    candidates: Iterable[Sequence[list[Fraction]]]
    if len(pts) > max_points:
        support = _lp_support(pts, target)
        if support is None:
            return False
        chosen = [pts[k] for k in support]
        if len(chosen) > max_points:
            return False
        candidates = (c for size in range(1, len(chosen) + 1) for c in itertools.combinations(chosen, size))
    else:
        candidates = (c for size in range(2, min(len(pts), len(target) + 1) + 1) for c in itertools.combinations(pts, size))
    for subset in candidates:
        weights = _weights(subset, target)
        if weights is not None and all(w >= 0 for w in weights):
            return True
    return False


def _lp_support(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> list[int] | None:
    """The points a basic solution of the hull-membership program uses (None: infeasible)."""
    np, linprog = _lp()
    m = np.array([[float(x) for x in p] for p in points]).T
    a_eq = np.vstack([m, np.ones(len(points))])
    b_eq = np.append(np.array([float(x) for x in target]), 1.0)
    result = linprog(np.zeros(len(points)), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs-ds")
    if result.status != 0:
        return None
    return [k for k, w in enumerate(result.x) if w > 1e-9]


def _lp() -> tuple[Any, Any]:
    import importlib

    np = importlib.import_module("numpy")
    linprog = importlib.import_module("scipy.optimize").linprog  # scipy comes with pygambit
    return np, linprog


def _weights(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> list[Fraction] | None:
    """The unique weights (summing to 1) that combine ``points`` into ``target``, if any."""
    from ..algebra.linear import solve_rect

    k = len(points)
    rows = [[p[j] for p in points] for j in range(len(target))] + [[ONE] * k]
    return solve_rect(rows, [*target, ONE], k)


def max_distance(a: Sequence[float], b: Sequence[float]) -> float:
    """The largest coordinate gap between two points (0 for empty points).

    Parameters
    ----------
    a, b : sequence of float
        Two points of one dimension.

    Returns
    -------
    float
        ``max |a[k] - b[k]|``.
    """
    return max((abs(x - y) for x, y in zip(a, b)), default=0.0)


def hull_distance(points: Sequence[Sequence[float]], target: Sequence[float]) -> float:
    """How far ``target`` is from the convex hull of ``points``, in the maximum norm.

    A floating-point linear program (scipy's HiGHS) finds the point of the hull
    nearest ``target``.

    Parameters
    ----------
    points : sequence of sequences of float
        The points spanning the hull.
    target : sequence of float
        The point to measure.

    Returns
    -------
    float
        The largest coordinate gap between ``target`` and the nearest point of the
        hull; when the program fails, the distance to the nearest of ``points``.
    """
    np, linprog = _lp()
    pts = np.array(points, dtype=float)
    x = np.array(target, dtype=float)
    if pts.size == 0 or x.size == 0:
        return 0.0
    k, d = pts.shape
    # variables: weights (k), then t; minimise t with |pts.T @ w - x| <= t, sum(w) = 1, w >= 0
    cost = np.append(np.zeros(k), 1.0)
    a_ub = np.vstack([np.hstack([pts.T, -np.ones((d, 1))]), np.hstack([-pts.T, -np.ones((d, 1))])])
    b_ub = np.concatenate([x, -x])
    a_eq = np.append(np.ones(k), 0.0).reshape(1, -1)
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
    if result.status != 0:
        return float(min(np.max(np.abs(p - x)) for p in pts))
    return max(0.0, float(result.fun))
