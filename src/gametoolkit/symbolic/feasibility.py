"""Exact feasibility of linear systems with strict and non-strict inequalities.

A system is a list of :class:`Linear` rows ``sum(a_i * x_i) + k OP 0`` with OP one
of ``>``, ``>=``, ``=``, in exact rational arithmetic (:class:`fractions.Fraction`).
:func:`witness` decides whether the system has a real solution and, when it has, returns
one with rational coordinates; ``None`` is a proof that it has none.

Method: equations are used to substitute variables away (Gaussian elimination), then
Fourier-Motzkin elimination removes the remaining variables one at a time, keeping
track of strictness (the combination of two rows is strict when either is).  Rows
with equal coefficients keep only the tightest, so the chains of orderings and the
few conditions of an equilibrium family stay small.  A row ``k OP 0`` with no
variable left is checked directly: a false one proves infeasibility (a Farkas
certificate in disguise: the non-negative combination of rows that produced it).
A witness is built by back-substitution, picking at each variable a point strictly
inside the interval its bounds leave.  When the number of rows would pass
``max_rows`` the answer is :class:`Undecided`, never a guess.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import GameToolkitError

__all__ = ["Linear", "Undecided", "witness"]

#: Most rows Fourier-Motzkin may hold at any stage before giving up.
MAX_ROWS = 5000


class Undecided(GameToolkitError):
    """The elimination grew beyond its bound; feasibility is not decided."""


@dataclass(frozen=True)
class Linear:
    """``sum(coeffs[x] * x) + const OP 0`` with OP ``>``, ``>=`` or ``=``."""

    coeffs: tuple[tuple[str, Fraction], ...]
    const: Fraction
    op: str

    @staticmethod
    def make(coeffs: Mapping[str, Fraction], const: Fraction, op: str) -> Linear:
        if op not in (">", ">=", "="):
            raise ValueError(f"unknown comparison {op!r}")
        items = tuple(sorted((k, Fraction(v)) for k, v in coeffs.items() if v != 0))
        return Linear(items, Fraction(const), op)

    @property
    def strict(self) -> bool:
        return self.op == ">"

    def value(self, point: Mapping[str, Fraction]) -> Fraction:
        return self.const + sum((a * point[x] for x, a in self.coeffs), Fraction(0))

    def holds(self, point: Mapping[str, Fraction]) -> bool:
        v = self.value(point)
        return v > 0 if self.op == ">" else v >= 0 if self.op == ">=" else v == 0


# a row inside the elimination: coefficients as a dict, constant, strict flag
_Row = tuple[dict[str, Fraction], Fraction, bool]


def _normal(coeffs: dict[str, Fraction], const: Fraction, strict: bool) -> _Row:
    """Scale by a positive number so the coefficients are coprime integers."""
    values = [*coeffs.values(), const]
    dens = math.lcm(*(v.denominator for v in values))
    nums = [int(v * dens) for v in coeffs.values() if v != 0]
    g = math.gcd(*nums) if nums else abs(int(const * dens)) or 1
    scale = Fraction(dens, g)
    return ({k: v * scale for k, v in coeffs.items() if v != 0}, const * scale, strict)


def _tighten(rows: Iterable[_Row]) -> list[_Row] | None:
    """Rows with one copy per coefficient vector (the tightest); None when a constant row fails."""
    best: dict[tuple[tuple[str, Fraction], ...], _Row] = {}
    for coeffs, const, strict in rows:
        if not coeffs:
            if const < 0 or (strict and const == 0):
                return None
            continue
        key = tuple(sorted(coeffs.items()))
        old = best.get(key)
        if old is None or const < old[1] or (const == old[1] and strict and not old[2]):
            best[key] = (coeffs, const, strict)
    return list(best.values())


def _substitute(row: _Row, x: str, coeffs: Mapping[str, Fraction], const: Fraction) -> _Row:
    """``row`` with ``x = sum(coeffs) + const`` put in."""
    c, k, s = row
    a = c.get(x)
    if a is None:
        return row
    out = {y: v for y, v in c.items() if y != x}
    for y, v in coeffs.items():
        out[y] = out.get(y, Fraction(0)) + a * v
    return ({y: v for y, v in out.items() if v != 0}, k + a * const, s)


def witness(
    system: Sequence[Linear], names: Iterable[str] = (), max_rows: int = MAX_ROWS
) -> dict[str, Fraction] | None:
    """A rational point satisfying every row of ``system``, or None when there is none.

    ``names`` are bound in the witness too (any value where unconstrained).  Raises
    :class:`Undecided` when the elimination would exceed ``max_rows`` rows.
    """
    every = sorted(set(names) | {x for row in system for x, _ in row.coeffs})
    rows: list[_Row] = []
    # equations: solve each for one variable and substitute it everywhere
    solved: list[tuple[str, dict[str, Fraction], Fraction]] = []
    eqs = [(dict(r.coeffs), r.const) for r in system if r.op == "="]
    ineqs: list[_Row] = [(dict(r.coeffs), r.const, r.strict) for r in system if r.op != "="]
    while eqs:
        c, k = eqs.pop()
        if not c:
            if k != 0:
                return None
            continue
        x, a = min(c.items(), key=lambda kv: kv[0])
        expr = {y: -v / a for y, v in c.items() if y != x}
        const = -k / a
        solved.append((x, expr, const))
        eqs = [(r[0], r[1]) for r in (_substitute((ce, ke, False), x, expr, const) for ce, ke in eqs)]
        ineqs = [_substitute(r, x, expr, const) for r in ineqs]
    tightened = _tighten(_normal(*r) for r in ineqs)
    if tightened is None:
        return None
    rows = tightened
    # Fourier-Motzkin, keeping each stage for the back-substitution
    stages: list[tuple[str, list[_Row]]] = []
    while True:
        present = {x for c, _, _ in rows for x in c}
        if not present:
            break
        x = min(present, key=lambda y: _cost(rows, y))
        with_x = [r for r in rows if x in r[0]]
        stages.append((x, with_x))
        rest = [r for r in rows if x not in r[0]]
        lower = [r for r in with_x if r[0][x] > 0]
        upper = [r for r in with_x if r[0][x] < 0]
        new: list[_Row] = []
        for (cl, kl, sl), (cu, ku, su) in itertools.product(lower, upper):
            al, au = cl[x], -cu[x]
            comb: dict[str, Fraction] = {}
            for y in set(cl) | set(cu):
                if y == x:
                    continue
                v = au * cl.get(y, Fraction(0)) + al * cu.get(y, Fraction(0))
                if v != 0:
                    comb[y] = v
            new.append(_normal(comb, au * kl + al * ku, sl or su))
        tightened = _tighten(rest + new)
        if tightened is None:
            return None
        rows = tightened
        if len(rows) > max_rows:
            raise Undecided(f"more than {max_rows} rows while eliminating {x}")
    point: dict[str, Fraction] = {}
    for x, with_x in reversed(stages):
        point[x] = _pick(x, with_x, point)
    for x, expr, const in reversed(solved):
        point[x] = const + sum((v * point.setdefault(y, Fraction(0)) for y, v in expr.items()), Fraction(0))
    for x in every:
        point.setdefault(x, Fraction(0))
    return point


def _cost(rows: Sequence[_Row], x: str) -> int:
    pos = sum(1 for c, _, _ in rows if c.get(x, 0) > 0)
    neg = sum(1 for c, _, _ in rows if c.get(x, 0) < 0)
    return pos * neg - pos - neg


def _pick(x: str, rows: Sequence[_Row], point: dict[str, Fraction]) -> Fraction:
    """A value of ``x`` strictly inside the bounds ``rows`` leave once ``point`` is put in."""
    lo: tuple[Fraction, bool] | None = None
    hi: tuple[Fraction, bool] | None = None
    for c, k, s in rows:
        a = c[x]
        rest = k + sum((v * point.setdefault(y, Fraction(0)) for y, v in c.items() if y != x), Fraction(0))
        bound = -rest / a
        if a > 0:  # x >= bound
            if lo is None or bound > lo[0] or (bound == lo[0] and s):
                lo = (bound, s)
        elif hi is None or bound < hi[0] or (bound == hi[0] and s):
            hi = (bound, s)
    if lo is None and hi is None:
        return Fraction(0)
    if lo is None:
        assert hi is not None
        return _nice_below(hi[0])
    if hi is None:
        return _nice_above(lo[0])
    if lo[0] == hi[0]:
        return lo[0]
    return _simplest_between(lo[0], hi[0])


def _nice_above(v: Fraction) -> Fraction:
    return Fraction(math.floor(v) + 1)


def _nice_below(v: Fraction) -> Fraction:
    return Fraction(math.ceil(v) - 1)


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The fraction with the smallest denominator strictly between ``lo < hi``."""
    q = 1
    while True:
        n = math.floor(lo * q) + 1
        if Fraction(n, q) < hi:
            return Fraction(n, q)
        q += 1
