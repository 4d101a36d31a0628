"""Exact integer pivoting on a tableau of equations, with the lexicographic ratio test.

The kernel of Lemke's algorithm (:mod:`gametoolkit.solvers.lemke`) and of its
perturbed variant for quasi-perfect equilibria (:mod:`gametoolkit.solvers.quasi_perfect`).

Representation
--------------
Every row is one equation with integer coefficients; a row and any positive multiple
of it describe the same equation, so after each update a row is divided by the gcd
of its entries (its *content*), and no fraction is ever formed.  The basic variable of
each row has a positive coefficient there and a zero one in every other row.  A pivot
touches only the rows with a non-zero entry in the pivot column.

Two interchangeable kernels hold the rows:

* :class:`SparseTableau`, pure Python: each row a ``dict`` from column to non-zero
  coefficient (sequence-form tableaux start a few per cent full);
* :class:`FlintTableau`, python-flint's ``fmpz_poly``: each row a dense vector of
  FLINT integers, so that a row update (``a·row - b·pivot row``, the content, the
  exact division) is one call into C.  The columns are laid out so that the
  lexicographic key (right-hand side first, then the columns named in ``lex``) fills
  the highest degrees in reverse order: comparing two rows lexicographically is the
  sign of the leading coefficient of one polynomial.

Both take exactly the same decisions (every comparison is exact), so they follow the
same path and give the same answer, and so does :class:`FractionTableau`, the
textbook tableau of fractions kept as the reference.

Guided paths
------------
On a poker game the exact tableau fills in (a few hundred rows, each with hundreds of
integers of hundreds of bits), and every exact kernel spends seconds per pivot.
:class:`FloatTableau` follows the path in double precision instead, with the same
lexicographic rule (ties within a tolerance go on to the next column of the key),
refreshing ``B⁻¹M`` from the exact rows now and then; its final basis is then solved
exactly with FLINT and checked by :func:`certify_basis`.  Only the exact solution is
returned; when the guide is lost or the check fails the caller runs an exact kernel.
The kernels are compared in ``benchmarks/pivot_kernels.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal, cast

from ..errors import LimitError, SolverError

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "KERNELS",
    "BasicSolution",
    "FlintTableau",
    "FloatTableau",
    "FractionTableau",
    "GuideLost",
    "Kernel",
    "SparseTableau",
    "bareiss_pivot",
    "certify_basis",
    "flint_available",
    "lex_min_ratio_row",
]

#: The default limit on the tableau's stored entries (each an exact integer: about
#: 100 bytes or more), so that fill-in on a large game stops at a few hundred MB.
DEFAULT_MAX_ENTRIES = 3_000_000

Kernel = Literal["auto", "guided", "flint", "python", "fraction"]

#: The kernels, by name: see :func:`gametoolkit.solvers.lemke.follow_complementary_path`.
KERNELS: tuple[str, ...] = ("auto", "guided", "flint", "python", "fraction")

#: python-flint once imported (on first use: it takes a few tenths of a second), or
#: ``None`` when it is missing; :data:`_UNLOADED` before the first look.
_UNLOADED: Any = object()
_flint: Any = _UNLOADED


def _flint_module() -> Any:
    """python-flint, or ``None`` (a dependency, but the pure-Python kernels work without it)."""
    global _flint
    if _flint is _UNLOADED:
        try:
            import flint
        except ImportError:  # pragma: no cover - exercised only where python-flint is missing
            _flint = None
        else:
            _flint = flint
    return _flint


def flint_available() -> bool:
    """Is python-flint importable (so that the ``flint`` kernel can run)?"""
    return _flint_module() is not None


class _Base:
    """What both kernels share: the basis, the ratio test, the limits."""

    rows: list[Any]

    def __init__(self, basic: list[int], rhs: int, lex: list[int], max_entries: int) -> None:
        self.basic = basic
        self.rhs = rhs
        self.lex = lex
        self.max_entries = max_entries
        self.row_of = {v: i for i, v in enumerate(basic)}
        self.pivots = 0
        self.entries = 0

    # the kernels provide these
    def entry(self, i: int, c: int) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def _eliminate(self, r: int, c: int) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def key_less(self, i: int, ci: int, j: int, cj: int) -> bool:  # pragma: no cover - abstract
        """Is row ``i``'s key (right-hand side, then ``lex``) over ``ci`` below row ``j``'s over ``cj``?"""
        raise NotImplementedError

    def lex_negative(self, i: int) -> bool:  # pragma: no cover - abstract
        """Is row ``i``'s key lexicographically negative?"""
        raise NotImplementedError

    def _too_large(self) -> LimitError:
        return LimitError(
            f"Lemke's tableau grew past {self.max_entries:,} non-zero entries after {self.pivots} pivots "
            f"({len(self.rows)} rows): the game is too large for exact pivoting within the limit; "
            "raise it with max_entries=... (CLI: --max-entries)"
        )

    def pivot(self, r: int, c: int) -> int:
        """Make variable ``c`` basic in row ``r``; returns the variable that left."""
        if not self.entry(r, c):
            raise SolverError("internal error in Lemke's algorithm: zero pivot element")
        self._eliminate(r, c)
        left = self.basic[r]
        del self.row_of[left]
        self.basic[r] = c
        self.row_of[c] = r
        self.pivots += 1
        return left

    def drop_rows(self, variables: set[int]) -> None:
        """Forget the rows of basic ``variables`` that will never leave and whose values are not needed.

        Their columns are zero in every other row and stay so, so the other rows do
        not depend on them (for Lemke: the free values of the information sets).
        """
        keep = [i for i, v in enumerate(self.basic) if v not in variables]
        self.rows = [self.rows[i] for i in keep]
        self.basic = [self.basic[i] for i in keep]
        self.row_of = {v: i for i, v in enumerate(self.basic)}
        self._recount()

    def _recount(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def ratio_test(self, c: int, candidates: Sequence[int]) -> int:
        """The row leaving when ``c`` enters (lexicographic minimum ratio); ``-1`` if none."""
        best = -1
        best_a = 0
        for i in candidates:
            a = self.entry(i, c)
            if a <= 0:
                continue
            if best < 0 or self.key_less(i, a, best, best_a):
                best, best_a = i, a
        return best

    def value(self, v: int, column: int | None = None) -> Fraction:
        """The current value of variable ``v`` (zero when non-basic).

        ``column`` names another right-hand-side column (default: ``rhs``).
        """
        i = self.row_of.get(v)
        if i is None:
            return Fraction(0)
        return Fraction(self.entry(i, self.rhs if column is None else column), self.entry(i, v))


def _subtract(row: dict[int, Any], b: Any, prow: dict[int, Any]) -> None:
    """``row -= b * prow`` in place, zeros removed (sparse rows)."""
    for k, y in prow.items():
        x = row.get(k, 0) - b * y
        if x:
            row[k] = x
        else:
            row.pop(k, None)


class SparseTableau(_Base):
    """Rows as ``dict``\\ s from column to non-zero integer coefficient (pure Python)."""

    def __init__(
        self, rows: list[dict[int, int]], basic: list[int], rhs: int, lex: list[int], max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        super().__init__(basic, rhs, lex, max_entries)
        self.rows: list[dict[int, int]] = rows
        self.lex_position = {col: k for k, col in enumerate(lex)}
        self._recount()

    def _recount(self) -> None:
        self.entries = sum(len(row) for row in self.rows)

    def entry(self, i: int, c: int) -> int:
        return self.rows[i].get(c, 0)

    def _eliminate(self, r: int, c: int) -> None:
        prow = self.rows[r]
        g = math.gcd(*prow.values())
        if prow[c] < 0:
            g = -g
        if g != 1:
            prow = {k: x // g for k, x in prow.items()}
            self.rows[r] = prow
        a = prow[c]
        for i, row in enumerate(self.rows):
            b = row.get(c)
            if b is None or i == r:
                continue
            new = {k: x * a for k, x in row.items()} if a != 1 else dict(row)
            _subtract(new, b, prow)
            g = math.gcd(*new.values())
            if g > 1:
                new = {k: x // g for k, x in new.items()}
            self.entries += len(new) - len(row)
            self.rows[i] = new
            if self.entries > self.max_entries:
                raise self._too_large()

    def key_less(self, i: int, ci: int, j: int, cj: int) -> bool:
        """Is row ``i``'s key (right-hand side, then ``lex``) over ``ci`` below row ``j``'s over ``cj``?

        Both divisors are positive.  Only columns non-zero in one of the rows can
        differ, so only those are compared, in lexicographic order.
        """
        ri, rj = self.rows[i], self.rows[j]
        left = ri.get(self.rhs, 0) * cj
        right = rj.get(self.rhs, 0) * ci
        if left != right:
            return left < right
        position = self.lex_position
        cols = [k for k in ri if k in position]
        cols.extend(k for k in rj if k in position and k not in ri)
        cols.sort(key=position.__getitem__)
        for col in cols:
            left = ri.get(col, 0) * cj
            right = rj.get(col, 0) * ci
            if left != right:
                return left < right
        return False

    def lex_negative(self, i: int) -> bool:
        """Is row ``i``'s key lexicographically negative?"""
        row = self.rows[i]
        x = row.get(self.rhs, 0)
        if x:
            return x < 0
        position = self.lex_position
        cols = sorted((k for k in row if k in position), key=position.__getitem__)
        return bool(cols) and row[cols[0]] < 0


class FractionTableau(SparseTableau):
    """Rows of :class:`~fractions.Fraction`, each basic coefficient one (the textbook tableau).

    The reference the integer kernels are measured and tested against; the
    comparisons of :class:`SparseTableau` hold as they are for fractions.
    """

    def __init__(self, tab: SparseTableau) -> None:
        rows: list[dict[int, Any]] = [
            {k: Fraction(x, row[v]) for k, x in row.items()} for row, v in zip(tab.rows, tab.basic, strict=True)
        ]
        super().__init__(rows, list(tab.basic), tab.rhs, list(tab.lex), tab.max_entries)
        self.pivots = tab.pivots

    def entry(self, i: int, c: int) -> Any:
        return self.rows[i].get(c, 0)

    def _eliminate(self, r: int, c: int) -> None:
        rows = cast(list[dict[int, Any]], self.rows)
        a = rows[r][c]
        prow = {k: x / a for k, x in rows[r].items()}
        rows[r] = prow
        for i, row in enumerate(rows):
            b = row.get(c)
            if b is None or i == r:
                continue
            new = dict(row)
            _subtract(new, b, prow)
            self.entries += len(new) - len(row)
            rows[i] = new
            if self.entries > self.max_entries:
                raise self._too_large()


class FlintTableau(_Base):
    """Rows as python-flint ``fmpz_poly`` (dense integer vectors, arithmetic in C).

    Column ``k`` is stored at degree ``degree[k]``: the columns outside the key at
    degrees ``0, 1, ...`` in their order, then the key (right-hand side, then ``lex``)
    from the top degree down, so that the key is the polynomial shifted right by
    ``self.shift``, its first entry the leading coefficient.
    """

    def __init__(
        self,
        rows: list[dict[int, int]],
        basic: list[int],
        rhs: int,
        lex: list[int],
        max_entries: int = DEFAULT_MAX_ENTRIES,
        columns: int | None = None,
    ) -> None:
        if _flint_module() is None:
            raise SolverError("the flint pivoting kernel needs python-flint (pip install python-flint)")
        super().__init__(basic, rhs, lex, max_entries)
        n = columns if columns is not None else 1 + max((k for row in rows for k in row), default=0)
        key = [rhs, *lex]
        in_key = set(key)
        if len(in_key) != len(key):
            raise SolverError("internal error in the pivoting kernel: a column appears twice in the key")
        others = [k for k in range(n) if k not in in_key]
        self.shift = len(others)
        self.width = self.shift + len(key)
        degree = [0] * max(n, max(key) + 1)
        for d, k in enumerate(others):
            degree[k] = d
        for position, k in enumerate(key):
            degree[k] = self.width - 1 - position
        self.degree = degree
        self.rows = [self._poly(row) for row in rows]
        self._recount()

    @classmethod
    def from_sparse(cls, tab: SparseTableau) -> FlintTableau:
        """The same tableau (basis, key, pivot count) on FLINT rows."""
        columns = 1 + max([tab.rhs, *tab.lex, *(k for row in tab.rows for k in row)])
        new = cls(tab.rows, list(tab.basic), tab.rhs, list(tab.lex), tab.max_entries, columns)
        new.pivots = tab.pivots
        return new

    def _poly(self, row: dict[int, int]) -> Any:
        dense = [0] * self.width
        for k, x in row.items():
            dense[self.degree[k]] = x
        return _flint.fmpz_poly(dense)

    def _recount(self) -> None:
        self.entries = len(self.rows) * self.width

    def entry(self, i: int, c: int) -> int:
        return int(self.rows[i][self.degree[c]])

    def _eliminate(self, r: int, c: int) -> None:
        d = self.degree[c]
        rows = self.rows
        prow = rows[r]
        g = prow.content()
        if prow[d] < 0:
            g = -g
        if g != 1:
            prow = prow // g
            rows[r] = prow
        a = prow[d]
        for i, row in enumerate(rows):
            b = row[d]
            if not b or i == r:
                continue
            new = row * a - prow * b if a != 1 else row - prow * b
            g = new.content()
            if g > 1:
                new = new // g
            rows[i] = new

    def key_less(self, i: int, ci: int, j: int, cj: int) -> bool:
        """Is row ``i``'s key (right-hand side, then ``lex``) over ``ci`` below row ``j``'s over ``cj``?"""
        ri, rj = self.rows[i], self.rows[j]
        top = self.width - 1
        left = ri[top] * cj
        right = rj[top] * ci
        if left != right:
            return bool(left < right)
        diff = ri.right_shift(self.shift) * cj - rj.right_shift(self.shift) * ci
        return not diff.is_zero() and diff.leading_coefficient() < 0

    def lex_negative(self, i: int) -> bool:
        """Is row ``i``'s key lexicographically negative?"""
        key = self.rows[i].right_shift(self.shift)
        return not key.is_zero() and key.leading_coefficient() < 0


class BasicSolution:
    """The values of the basic variables of a basis, exactly, for a few right-hand sides.

    Read like a tableau at the end of a path: :attr:`row_of`, :meth:`value`,
    :attr:`pivots`.
    """

    def __init__(self, basic: list[int], columns: list[int], values: list[list[Fraction]], pivots: int) -> None:
        self.basic = basic
        self.row_of = {v: i for i, v in enumerate(basic)}
        self.rhs = columns[0]
        self._column = {c: k for k, c in enumerate(columns)}
        self._values = values
        self.pivots = pivots

    def value(self, v: int, column: int | None = None) -> Fraction:
        """The value of variable ``v`` (zero when non-basic) for right-hand side ``column``."""
        i = self.row_of.get(v)
        if i is None:
            return Fraction(0)
        return self._values[i][self._column[self.rhs if column is None else column]]


class FloatTableau:
    """A floating-point copy of a tableau that only *guides* a path: it picks the pivots.

    ``B⁻¹M`` in double precision, recomputed from the exact rows every
    ``refactor_every`` pivots so that rounding errors do not pile up.  Every
    comparison is measured against the size of the rows compared (the largest entry
    of each, in the same units): a difference below ``tolerance`` times that size is a
    tie (the lexicographic test goes on to the next column of the key), one above
    ``margin`` times it is decided, and one in between, where double precision cannot
    tell, stops the guide (:class:`GuideLost`), as do a tie over the whole key and a
    missing pivot.  Its answer is a basis, which :func:`certify_basis` checks exactly;
    nothing it computes is returned as a result.
    """

    def __init__(
        self, tab: SparseTableau, tolerance: float = 1e-11, margin: float = 1e-9, refactor_every: int = 250
    ) -> None:
        import numpy as np

        self._np = np
        used = sorted({k for row in tab.rows for k in row} | {tab.rhs, *tab.lex})
        self.index = {k: j for j, k in enumerate(used)}
        self.m0 = np.zeros((len(tab.rows), len(used)))
        for i, row in enumerate(tab.rows):
            for k, x in row.items():
                self.m0[i, self.index[k]] = x
        self.key = np.array([self.index[k] for k in [tab.rhs, *tab.lex]])
        self.basic = list(tab.basic)
        self.pivots = tab.pivots
        self.tolerance = tolerance
        self.margin = margin
        self.refactor_every = refactor_every
        self._since = 0
        self.table = self.m0
        self.refactor()

    def refactor(self) -> None:
        """``B⁻¹M`` afresh from the exact rows."""
        np = self._np
        columns = [self.index[v] for v in self.basic]
        self.table = np.linalg.solve(self.m0[:, columns], self.m0)
        self._since = 0
        self._row_sizes: Any = None

    def column(self, c: int) -> Any:
        """Column ``c`` of the current tableau (a view)."""
        return self.table[:, self.index[c]]

    def _sizes(self, rows: Any) -> Any:
        """The largest entry of each row (kept until the next pivot)."""
        if self._row_sizes is None:
            self._row_sizes = self._np.abs(self.table).max(axis=1)
        return self._row_sizes[rows]

    def _signs(self, values: Any, sizes: Any) -> Any:
        """-1, 0 or 1 for each value against its row's size; :class:`GuideLost` where unclear."""
        np = self._np
        magnitude = np.abs(values)
        unclear = (magnitude > self.tolerance * sizes) & (magnitude <= self.margin * sizes)
        if unclear.any():
            raise GuideLost("a value too small to tell from zero in double precision")
        return np.where(magnitude <= self.tolerance * sizes, 0, np.sign(values))

    def lex_negative_rows(self) -> list[int]:
        """The rows whose key is lexicographically negative."""
        np = self._np
        rows = np.arange(self.table.shape[0])
        signs = self._signs(self.table[:, self.key], self._sizes(rows)[:, None])
        out = []
        for i in rows:
            nonzero = np.flatnonzero(signs[i])
            if len(nonzero) and signs[i, nonzero[0]] < 0:
                out.append(int(i))
        return out

    def positive_rows(self, c: int) -> Any:
        """The rows with a positive entry in column ``c``."""
        np = self._np
        rows = np.arange(self.table.shape[0])
        return rows[self._signs(self.column(c), self._sizes(rows)) > 0]

    def negative_rows(self, c: int) -> Any:
        """The rows with a negative entry in column ``c``."""
        np = self._np
        rows = np.arange(self.table.shape[0])
        return rows[self._signs(self.column(c), self._sizes(rows)) < 0]

    def lex_min(self, rows: Any, divisors: Any) -> int:
        """The row among ``rows`` whose key over its (positive) divisor is lexicographically least."""
        np = self._np
        rows = np.asarray(rows)
        divisors = np.asarray(divisors)
        if len(rows) == 0:
            raise GuideLost("no candidate row")
        sizes = self._sizes(rows) / divisors
        for k in self.key:
            ratios = self.table[rows, k] / divisors
            least = ratios.min()
            scale = np.maximum(sizes, sizes[ratios.argmin()])
            keep = self._signs(ratios - least, scale) == 0
            rows, divisors, sizes = rows[keep], divisors[keep], sizes[keep]
            if len(rows) == 1:
                return int(rows[0])
        raise GuideLost("a tie in the whole lexicographic key")

    def ratio_test(self, c: int) -> int:
        """The leaving row when ``c`` enters (lexicographic minimum ratio)."""
        rows = self.positive_rows(c)
        return self.lex_min(rows, self.column(c)[rows])

    def pivot(self, r: int, c: int) -> int:
        """Make ``c`` basic in row ``r``; returns the variable that left."""
        np = self._np
        t = self.table
        j = self.index[c]
        prow = t[r] / t[r, j]
        col = t[:, j].copy()
        col[r] = 0.0
        t -= np.multiply.outer(col, prow)
        t[r] = prow
        t[:, j] = 0.0
        t[r, j] = 1.0
        left = self.basic[r]
        self.basic[r] = c
        self.pivots += 1
        self._since += 1
        self._row_sizes = None
        if self._since >= self.refactor_every:
            self.refactor()
        return left


class GuideLost(Exception):
    """The floating-point guide cannot decide a pivot (the exact path takes over)."""


def certify_basis(tab: SparseTableau, basic: list[int], columns: list[int], pivots: int) -> BasicSolution | None:
    """The exact basic solution of ``basic`` in ``tab``'s equations, if every row is lexicographically ≥ 0.

    ``columns`` are right-hand sides (the first the constant one, then the
    coefficients of the perturbation): a basic variable's values over them, in that
    order, must be lexicographically non-negative, i.e. the variable is
    non-negative for every small enough perturbation.  Solved with FLINT
    (``fmpz_mat.solve``); ``None`` when a value fails the check, the basis is singular
    or python-flint is missing.
    """
    if _flint_module() is None:
        return None
    n = len(tab.rows)
    position = {v: j for j, v in enumerate(basic)}
    if len(position) != n:
        return None
    wanted = {c: k for k, c in enumerate(columns)}
    matrix = _flint.fmpz_mat(n, n)
    right = _flint.fmpz_mat(n, len(columns))
    for i, row in enumerate(tab.rows):
        for k, x in row.items():
            j = position.get(k)
            if j is not None:
                matrix[i, j] = x
            j = wanted.get(k, -1)
            if j >= 0:
                right[i, j] = x
    try:
        solution = matrix.solve(right)
    except ZeroDivisionError:
        return None
    values: list[list[Fraction]] = []
    for j in range(n):
        exact = [Fraction(int(x.p), int(x.q)) for x in (solution[j, k] for k in range(len(columns)))]
        lead = next((x for x in exact if x), Fraction(0))
        if lead < 0:
            return None
        values.append(exact)
    return BasicSolution(list(basic), list(columns), values, pivots)


def lex_min_ratio_row(rows: Sequence[Sequence[int]], c: int, rhs: int, first: int) -> int:
    """The leaving row for column ``c`` by the lexicographic minimum-ratio rule; ``-1`` if none is positive.

    The dense tableaux of vertex enumeration (:mod:`gametoolkit.algebra.vertex_enumeration`,
    :mod:`gametoolkit.algebra.polyhedron`): rows of integers, column ``rhs`` the
    right-hand side, columns ``first`` to ``rhs - 1`` the basis inverse (times the
    determinant), compared after the right-hand side.  Ties go to the first row.
    """
    best = -1
    for i, row in enumerate(rows):
        a = row[c]
        if a <= 0:
            continue
        if best < 0:
            best = i
            continue
        other = rows[best]
        b = other[c]
        # compare row/a with other/b on (rhs, first, ..., rhs - 1)
        left = row[rhs] * b
        right = other[rhs] * a
        if left == right:
            for p in range(first, rhs):
                left = row[p] * b
                right = other[p] * a
                if left != right:
                    break
        if left < right:
            best = i
    return best


def bareiss_pivot(rows: Sequence[list[int]], det: int, r: int, c: int) -> list[list[int]]:
    """Integer pivoting (Edmonds; Bareiss) on ``(r, c)`` of a dense tableau ``D·B⁻¹[...]``.

    ``det`` is ``D``, the determinant of the basis; the new tableau's is ``rows[r][c]``
    (the caller keeps it).  Every division is exact.  Rows are never changed in place:
    the pivot row, and the rows that stay the same, are shared with the old tableau.
    """
    prow = rows[r]
    a = prow[c]
    out: list[list[int]] = []
    for i, row in enumerate(rows):
        b = row[c]
        if i == r or (b == 0 and a == det):
            out.append(row)
        elif b == 0:
            out.append([x * a // det for x in row])
        else:
            out.append([(x * a - b * y) // det for x, y in zip(row, prow, strict=True)])
    return out
