"""Exact linear algebra on small systems: solving, and the vertices of small polytopes.

Used by the equilibrium solvers for belief regions and continua of equilibria, where
the dimension is a handful and every number must stay a :class:`~fractions.Fraction`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations

__all__ = ["polytope_vertices", "solve_rect"]

ZERO = Fraction(0)


def polytope_vertices(
    inequalities: Sequence[tuple[Sequence[Fraction], Fraction]],
    equalities: Sequence[tuple[Sequence[Fraction], Fraction]] = (),
    dim: int | None = None,
    limit: int = 200_000,
) -> list[tuple[Fraction, ...]] | None:
    """Vertices of ``{x : a.x <= b for each inequality, a.x == b for each equality}``.

    Each constraint is ``(a, b)``.  Returns ``[]`` when the set is empty and ``None``
    when the set is unbounded or has no vertex (a line in it), or when more than
    ``limit`` candidate bases would be tried.  Vertices are sorted and distinct.
    """
    if dim is None:
        dim = len((inequalities or equalities)[0][0]) if (inequalities or equalities) else 0
    if dim == 0:
        ok = all(b >= 0 for _, b in inequalities) and all(b == 0 for _, b in equalities)
        return [()] if ok else []
    eq_rows = [list(a) for a, _ in equalities]
    eq_rhs = [b for _, b in equalities]
    need = dim - len(eq_rows)
    found: set[tuple[Fraction, ...]] = set()
    if need < 0:
        # more equalities than dimensions: pick independent subsets
        need = 0
    count = 0
    for chosen in combinations(range(len(inequalities)), max(need, 0)):
        count += 1
        if count > limit:
            return None
        rows = eq_rows + [list(inequalities[k][0]) for k in chosen]
        rhs = eq_rhs + [inequalities[k][1] for k in chosen]
        x = solve_rect(rows, rhs, dim)
        if x is None:
            continue
        if all(sum((ai * xi for ai, xi in zip(a, x)), ZERO) <= b for a, b in inequalities) and all(
            sum((ai * xi for ai, xi in zip(a, x)), ZERO) == b for a, b in equalities
        ):
            found.add(tuple(x))
    return sorted(found)


def solve_rect(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction], dim: int) -> list[Fraction] | None:
    """The unique solution of a (possibly over-determined) system, else ``None``."""
    m = [list(r) + [b] for r, b in zip(rows, rhs)]
    pivots: list[int] = []
    r = 0
    for col in range(dim):
        pivot = next((k for k in range(r, len(m)) if m[k][col] != 0), None)
        if pivot is None:
            return None  # not of full column rank: no unique point
        m[r], m[pivot] = m[pivot], m[r]
        inv = 1 / m[r][col]
        m[r] = [x * inv for x in m[r]]
        for k in range(len(m)):
            if k != r and m[k][col] != 0:
                f = m[k][col]
                m[k] = [a - f * b for a, b in zip(m[k], m[r])]
        pivots.append(col)
        r += 1
    for k in range(r, len(m)):
        if m[k][dim] != 0:
            return None  # inconsistent
    return [m[k][dim] for k in range(dim)]
