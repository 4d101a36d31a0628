"""Exact feasibility of small linear systems in non-negative unknowns (phase-one simplex).

Used by the consistency check of :mod:`gametoolkit.solvers.sequential` (orders of
trembles) and by the signaling refinements (beliefs that make a set of responses
optimal).  Every number is a :class:`~fractions.Fraction`; Bland's rule rules out
cycling.  Sizes are a few dozen unknowns at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["feasible_point"]

ZERO = Fraction(0)
ONE = Fraction(1)

Row = Sequence[Fraction]


def feasible_point(
    dim: int,
    equalities: Sequence[tuple[Row, Fraction]] = (),
    inequalities: Sequence[tuple[Row, Fraction]] = (),
) -> list[Fraction] | None:
    """A point ``x >= 0`` with ``a.x == b`` and ``a.x <= b`` for the given rows, or ``None``.

    Parameters
    ----------
    dim
        The number of unknowns, all non-negative.
    equalities, inequalities
        Rows ``(a, b)`` with ``len(a) == dim``.

    Returns
    -------
    list of Fraction or None
        A basic feasible point, or ``None`` when the system has no solution.
    """
    # standard form: one slack per inequality; every right-hand side made non-negative
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    slack_count = len(inequalities)
    width = dim + slack_count
    for a, b in equalities:
        rows.append([Fraction(x) for x in a] + [ZERO] * slack_count)
        rhs.append(Fraction(b))
    for k, (a, b) in enumerate(inequalities):
        row = [Fraction(x) for x in a] + [ZERO] * slack_count
        row[dim + k] = ONE
        rows.append(row)
        rhs.append(Fraction(b))
    for r, b in enumerate(rhs):
        if b < 0:
            rows[r] = [-x for x in rows[r]]
            rhs[r] = -b
    m = len(rows)
    if m == 0:
        return [ZERO] * dim
    # artificials: columns width .. width + m - 1, basic at the start
    tableau = [row + [ONE if j == r else ZERO for j in range(m)] + [rhs[r]] for r, row in enumerate(rows)]
    basis = [width + r for r in range(m)]
    total = width + m
    # objective: minimise the sum of artificials; reduced costs of the phase-one problem
    cost = [ZERO] * (total + 1)
    for r in range(m):
        for j in range(total + 1):
            if j < width or j == total:
                cost[j] -= tableau[r][j]
    while True:
        entering = next((j for j in range(total) if cost[j] < 0), None)
        if entering is None:
            break
        best: int | None = None
        for r in range(m):
            coeff = tableau[r][entering]
            if coeff > 0:
                ratio = tableau[r][total] / coeff
                if best is None:
                    best = r
                    continue
                other = tableau[best][total] / tableau[best][entering]
                if ratio < other or (ratio == other and basis[r] < basis[best]):
                    best = r
        if best is None:  # unbounded direction: cannot happen in phase one (objective >= 0)
            break
        _pivot(tableau, cost, best, entering)
        basis[best] = entering
    if cost[total] != 0:
        return None
    point = [ZERO] * total
    for r, j in enumerate(basis):
        point[j] = tableau[r][total]
    return point[:dim]


def _pivot(tableau: list[list[Fraction]], cost: list[Fraction], r: int, c: int) -> None:
    pivot = tableau[r][c]
    tableau[r] = [x / pivot for x in tableau[r]]
    row = tableau[r]
    for k, other in enumerate(tableau):
        if k != r and other[c] != 0:
            f = other[c]
            tableau[k] = [x - f * y for x, y in zip(other, row)]
    if cost[c] != 0:
        f = cost[c]
        cost[:] = [x - f * y for x, y in zip(cost, row)]
