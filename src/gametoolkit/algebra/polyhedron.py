"""Every vertex of a polyhedron ``{w ≥ 0 : M w = b}``, in exact integer arithmetic.

The polyhedron may be unbounded; it is pointed (``w ≥ 0``), so it has vertices, and
each vertex is the basic solution of at least one basis (``k`` columns of ``M``, one
per row, linearly independent, with ``B⁻¹b ≥ 0``).

Method
------
1. *Phase 1.*  One artificial variable per row (rows with ``b_i < 0`` negated first),
   the artificials forming the first basis, and the simplex method minimises their
   sum with the lexicographic ratio test.  The tableau's artificial columns hold
   ``B⁻¹`` at every step; the right-hand side is perturbed to ``b + (ε, ε², ...)``,
   i.e. a row is *feasible* when ``(B⁻¹b, B⁻¹)`` is lexicographically positive, and
   the lexicographic rule keeps every row so.  If an artificial stays basic with a
   positive value the polyhedron is empty; if one stays basic at a value of zero the
   rows of ``M`` are dependent and :class:`~gametoolkit.errors.SolverError` is
   raised (the callers' systems have full row rank).
2. *Search.*  The perturbed polyhedron is simple; its vertices are exactly the
   lexicographically feasible bases, each of which lies over a vertex of the true
   polyhedron, and every vertex of the true polyhedron is the limit of at least one
   (maximise a linear function that it alone maximises: the simplex method with the
   lexicographic rule ends there without meeting a ray).  So a depth-first search
   from the first feasible basis, pivoting each non-basic column in by the
   lexicographic minimum-ratio rule (an unbounded edge, a column with no positive
   entry, is skipped), meets every vertex: the rule of Avis and Fukuda's reverse
   search (lrs), here with an explicit set of visited bases.

Arithmetic is integer pivoting (Edmonds; Bareiss) as in
:mod:`gametoolkit.algebra.vertex_enumeration`, by the same kernel
(:func:`gametoolkit.algebra.pivoting.bareiss_pivot`): the tableau holds ``D·B⁻¹[M I b]``
with ``D = det B > 0``, and every division is exact.

>>> # the triangle x + y + s = 2 (s a slack), w >= 0: three vertices
>>> sorted(v.values for v in polyhedron_vertices([[1, 1, 1]], [2]))
[(0, 0, 2), (0, 2, 0), (2, 0, 0)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm

from ..errors import SolverError
from .pivoting import bareiss_pivot, lex_min_ratio_row
from .vertex_enumeration import DEFAULT_MAX_BASES, BaseBudget

__all__ = ["PolyVertex", "in_convex_hull", "independent_rows", "is_feasible", "polyhedron_vertices"]


@dataclass(frozen=True)
class PolyVertex:
    """A vertex ``w = numerators / denominator`` with bit ``j`` of ``zeros`` set when ``w_j = 0``."""

    numerators: tuple[int, ...]
    denominator: int
    zeros: int

    @property
    def values(self) -> tuple[Fraction | int, ...]:
        """The coordinates (integers where the denominator is one)."""
        if self.denominator == 1:
            return self.numerators
        return tuple(Fraction(x, self.denominator) for x in self.numerators)


class Tableau:
    """``D·B⁻¹[M I b]`` as dense integer rows, the basis, and ``D``."""

    def __init__(self, matrix: Sequence[Sequence[int]], rhs: Sequence[int]) -> None:
        self.k = len(matrix)
        self.n = len(matrix[0]) if self.k else 0
        self.rhs = self.n + self.k
        rows = []
        for i, (row, b) in enumerate(zip(matrix, rhs, strict=True)):
            sign = -1 if b < 0 else 1
            rows.append([sign * x for x in row] + [int(i == j) for j in range(self.k)] + [sign * b])
        self.rows = rows
        self.basis = [self.n + i for i in range(self.k)]
        self.det = 1

    def leaving_row(self, c: int) -> int:
        """The lexicographic minimum-ratio row for column ``c``; ``-1`` when none is positive."""
        return lex_min_ratio_row(self.rows, c, self.rhs, self.n)

    def pivot(self, r: int, c: int) -> Tableau:
        """A new tableau with ``c`` basic in row ``r`` (rows are shared, never changed in place)."""
        new = Tableau.__new__(Tableau)
        new.k, new.n, new.rhs = self.k, self.n, self.rhs
        new.rows = bareiss_pivot(self.rows, self.det, r, c)
        new.basis = list(self.basis)
        new.basis[r] = c
        new.det = self.rows[r][c]
        return new

    def vertex(self) -> PolyVertex:
        values = [0] * self.n
        for row, v in zip(self.rows, self.basis, strict=True):
            if v < self.n:
                values[v] = row[self.rhs]
        g = gcd(*values, self.det)
        zeros = sum(1 << j for j in range(self.n) if values[j] == 0)
        return PolyVertex(tuple(x // g for x in values), self.det // g, zeros)


def _phase_one(tab: Tableau, budget: BaseBudget) -> tuple[str, Tableau]:
    """Drive the artificials out (lexicographic simplex).

    Returns ``"feasible"``, ``"empty"``, or ``"dependent"`` (feasible, but an artificial
    stays basic at zero because the rows are linearly dependent), and the last tableau.
    """
    n = tab.n
    while True:
        artificial_rows = [i for i, v in enumerate(tab.basis) if v >= n]
        if not artificial_rows:
            return "feasible", tab
        entering = -1
        best = 0
        # reduced costs of the sum of the artificials, column by column
        costs = [-sum(column) for column in zip(*(tab.rows[i][:n] for i in artificial_rows), strict=True)]
        for c, cost in enumerate(costs):
            if cost < best:
                best, entering = cost, c
        if entering < 0:
            if any(tab.rows[i][tab.rhs] for i in artificial_rows):
                return "empty", tab
            return _drive_out(tab, artificial_rows)
        r = tab.leaving_row(entering)
        budget.spend(tab.k, tab.n)
        tab = tab.pivot(r, entering)


def _drive_out(tab: Tableau, artificial_rows: list[int]) -> tuple[str, Tableau]:
    """Pivot artificials basic at zero out, then perturb afresh around the basis reached.

    Degenerate pivots keep every value but may break lexicographic feasibility, so the
    perturbation is redefined as ``b + B₀(ε, ε², ...)`` for the basis ``B₀`` reached:
    the lexicographic block becomes ``D·I`` (its entries stay minors of the integer
    matrix ``[M B₀ b]``, so Bareiss's divisions stay exact), and every row is
    lexicographically positive again.
    """
    n = tab.n
    for i in artificial_rows:
        c = next((j for j in range(n) if tab.rows[i][j] and j not in tab.basis), -1)
        if c < 0:
            return "dependent", tab
        tab = tab.pivot(i, c)
        if tab.det < 0:
            tab.rows = [[-x for x in row] for row in tab.rows]
            tab.det = -tab.det
    rows = []
    for i, row in enumerate(tab.rows):
        new = list(row)
        new[n : n + tab.k] = [tab.det if j == i else 0 for j in range(tab.k)]
        rows.append(new)
    tab.rows = rows
    return "feasible", tab


def is_feasible(matrix: Sequence[Sequence[int]], rhs: Sequence[int]) -> bool:
    """Is ``{w ≥ 0 : matrix · w = rhs}`` non-empty?  Integer data; dependent rows allowed."""
    if not matrix:
        return True
    return _phase_one(Tableau(matrix, rhs), BaseBudget(10**12))[0] != "empty"


def in_convex_hull(point: Sequence[Fraction], points: Sequence[Sequence[Fraction]]) -> bool:
    """Is ``point`` a convex combination of ``points``?  Exact (an LP feasibility test).

    >>> F = Fraction
    >>> in_convex_hull([F(1, 2), F(1, 2)], [[F(1), F(0)], [F(0), F(1)]])
    True
    >>> in_convex_hull([F(1), F(1)], [[F(1), F(0)], [F(0), F(1)]])
    False
    """
    if not points:
        return False
    rows: list[list[int]] = []
    rhs: list[int] = []
    for d in range(len(point)):
        values = [Fraction(p[d]) for p in points] + [Fraction(point[d])]
        den = 1
        for x in values:
            den = lcm(den, x.denominator)
        ints = [int(x * den) for x in values]
        rows.append(ints[:-1])
        rhs.append(ints[-1])
    rows.append([1] * len(points))
    rhs.append(1)
    return is_feasible(rows, rhs)


def independent_rows(
    matrix: Sequence[Sequence[int]], rhs: Sequence[int]
) -> tuple[list[list[int]], list[int]] | None:
    """A subset of the rows of ``matrix · w = rhs`` with the same solutions, linearly independent.

    ``None`` when the equations are inconsistent.  Exact elimination over the rationals.
    """
    reduced: list[tuple[int, list[Fraction]]] = []  # (pivot column, row of [matrix | rhs])
    keep: list[int] = []
    for i, (row, b) in enumerate(zip(matrix, rhs, strict=True)):
        r = [Fraction(x) for x in row] + [Fraction(b)]
        for col, other in reduced:
            if r[col]:
                f = r[col] / other[col]
                r = [x - f * y for x, y in zip(r, other, strict=True)]
        col = next((j for j, x in enumerate(r[:-1]) if x), -1)
        if col < 0:
            if r[-1]:
                return None
            continue
        reduced.append((col, r))
        keep.append(i)
    return [list(matrix[i]) for i in keep], [rhs[i] for i in keep]


def polyhedron_vertices(
    matrix: Sequence[Sequence[int]],
    rhs: Sequence[int],
    max_bases: int | BaseBudget = DEFAULT_MAX_BASES,
    drop_dependent: bool = False,
) -> list[PolyVertex]:
    """Every vertex of ``{w ≥ 0 : matrix · w = rhs}`` (integer data, independent rows).

    Parameters
    ----------
    matrix : sequence of sequences of int
        ``k x n``, of rank ``k``.
    rhs : sequence of int
        ``k`` entries.
    max_bases : int or BaseBudget
        The number of bases (pivots) allowed, or a budget shared with other calls.
    drop_dependent : bool
        Remove linearly dependent rows first (:func:`independent_rows`) instead of
        raising.

    Returns
    -------
    list of PolyVertex
        The vertices in the order found; empty when the polyhedron is empty.

    Raises
    ------
    LimitError
        When more than ``max_bases`` bases would be visited.
    SolverError
        When the rows are linearly dependent.
    """
    budget = max_bases if isinstance(max_bases, BaseBudget) else BaseBudget(max_bases)
    if not matrix:
        raise SolverError("polyhedron vertices: no constraints")
    status, start = _phase_one(Tableau(matrix, rhs), budget)
    if status == "dependent" and drop_dependent:
        kept = independent_rows(matrix, rhs)
        if kept is None:
            return []
        status, start = _phase_one(Tableau(*kept), budget)
    if status == "empty":
        return []
    if status == "dependent":
        raise SolverError("polyhedron vertices: the equality constraints are linearly dependent")
    n = start.n
    seen = {sum(1 << v for v in start.basis)}
    stack = [start]
    found: dict[tuple[tuple[int, ...], int], PolyVertex] = {}
    while stack:
        tab = stack.pop()
        v = tab.vertex()
        found.setdefault((v.numerators, v.denominator), v)
        in_basis = set(tab.basis)
        here = sum(1 << b for b in tab.basis)
        for c in range(n):
            if c in in_basis:
                continue
            r = tab.leaving_row(c)
            if r < 0:
                continue  # an unbounded edge
            mask = here - (1 << tab.basis[r]) + (1 << c)
            if mask in seen:
                continue
            budget.spend(tab.k, n)
            seen.add(mask)
            stack.append(tab.pivot(r, c))
    return list(found.values())
