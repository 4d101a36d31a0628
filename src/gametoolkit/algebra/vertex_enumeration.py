"""Every vertex of a polytope ``{z ≥ 0 : M z ≤ 1}`` (``M > 0``), in exact integer arithmetic.

The polytope is written with slack variables, ``M z + s = 1``, ``z, s ≥ 0``; a basis
names ``k`` basic variables (``k`` rows) and its basic solution sets the others to
zero.  Each vertex is the basic solution of at least one basis; in a degenerate
polytope of many.

Search: the right-hand side is perturbed lexicographically, ``1 + (ε, ε², ...)``, so
that the perturbed polytope is simple and its vertices are exactly the
*lexicographically feasible* bases, those whose rows ``(rhs, B⁻¹)`` are all
lexicographically positive.  Every vertex of the true polytope is the limit of at
least one of them (maximise a linear function that the vertex alone maximises), and
the graph of a simple polytope is connected, so a depth-first search from the
basis of slacks (the origin), pivoting on every non-basic column with the
lexicographic minimum-ratio rule, meets every vertex.  The lexicographic rule picks
the leaving row uniquely, so degenerate polytopes need no special care: this is the
pivoting rule of Avis and Fukuda's reverse search (lrs) and of Avis, Rosenberg,
Savani and von Stengel (2010, *Economic Theory* 42:9-37), here used with an explicit
set of visited bases instead of reverse search.

Arithmetic is integer pivoting (Edmonds; Bareiss): the tableau holds ``D·B⁻¹[M I 1]``
with ``D`` the determinant of the basis (kept positive); every division is exact
(:func:`gametoolkit.algebra.pivoting.bareiss_pivot`, shared with
:mod:`gametoolkit.algebra.polyhedron`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd

from ..errors import LimitError, SolverError
from .pivoting import bareiss_pivot, lex_min_ratio_row

__all__ = ["DEFAULT_MAX_BASES", "BaseBudget", "Vertex", "vertices"]

#: The default limit on the number of bases visited.
DEFAULT_MAX_BASES = 200_000


class BaseBudget:
    """A limit on the bases visited, shared by several enumerations."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self, rows: int, columns: int) -> None:
        self.used += 1
        if self.used > self.limit:
            raise LimitError(
                f"vertex enumeration visited {self.limit} bases (the last system {rows} x {columns}) without "
                "finishing; raise the limit with max_bases=... or use method='lemke' for one equilibrium"
            )


@dataclass(frozen=True)
class Vertex:
    """A vertex ``z = numerators / denominator`` and the set of its tight constraints.

    ``zeros`` has bit ``j`` set for ``z_j = 0`` (``j < d``) and bit ``d + i`` for row
    ``i`` tight (``(M z)_i = 1``).
    """

    numerators: tuple[int, ...]
    denominator: int
    zeros: int


def vertices(matrix: Sequence[Sequence[int]], max_bases: int | BaseBudget = DEFAULT_MAX_BASES) -> list[Vertex]:
    """Every vertex of ``{z ≥ 0 : matrix · z ≤ 1}``; ``matrix`` has positive integer entries.

    The origin is included.  Equal rows are one constraint: they are enumerated once
    and each vertex's ``zeros`` names every one of them.  Raises
    :class:`~gametoolkit.errors.LimitError` when more than ``max_bases`` bases would be
    visited (``max_bases`` may be a :class:`BaseBudget` shared with other calls).
    """
    budget = max_bases if isinstance(max_bases, BaseBudget) else BaseBudget(max_bases)
    if any(x <= 0 for row in matrix for x in row):
        raise SolverError("vertex enumeration needs a matrix with positive entries")
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, row in enumerate(matrix):
        groups.setdefault(tuple(row), []).append(i)
    distinct = list(groups)
    d = len(matrix[0]) if matrix else 0
    found = _vertices(distinct, d, budget)
    if len(distinct) == len(matrix):
        return found
    members = list(groups.values())
    out = []
    for v in found:
        zeros = v.zeros & ((1 << d) - 1)
        for u, rows in enumerate(members):
            if v.zeros >> (d + u) & 1:
                for i in rows:
                    zeros |= 1 << (d + i)
        out.append(Vertex(v.numerators, v.denominator, zeros))
    return out


def _vertices(matrix: Sequence[Sequence[int]], d: int, budget: BaseBudget) -> list[Vertex]:
    k = len(matrix)
    rhs = d + k
    tableau = [[*row, *(int(i == j) for j in range(k)), 1] for i, row in enumerate(matrix)]
    basis = [d + i for i in range(k)]
    seen = {sum(1 << v for v in basis)}
    stack: list[tuple[list[list[int]], list[int], int]] = [(tableau, basis, 1)]
    found: dict[tuple[tuple[int, ...], int], Vertex] = {}
    while stack:
        tab, basis, det = stack.pop()
        values = [0] * (d + k)
        for row, v in zip(tab, basis, strict=True):
            values[v] = row[rhs]
        zeros = sum(1 << v for v in range(d + k) if values[v] == 0)
        nums = values[:d]
        g = gcd(*nums, det)
        point = (tuple(x // g for x in nums), det // g)
        if point not in found:
            found[point] = Vertex(point[0], point[1], zeros)
        in_basis = set(basis)
        for c in range(d + k):
            if c in in_basis:
                continue
            r = lex_min_ratio_row(tab, c, rhs, d)
            if r < 0:
                raise SolverError("vertex enumeration: the polyhedron is unbounded")
            new_basis = list(basis)
            new_basis[r] = c
            mask = sum(1 << v for v in new_basis)
            if mask in seen:
                continue
            budget.spend(k, d)
            seen.add(mask)
            stack.append((bareiss_pivot(tab, det, r, c), new_basis, tab[r][c]))
    return list(found.values())
