"""Equilibrium regions: regimes along one parameter, and the region plot of a sweep.

Regimes
-------
Along one numeric parameter (``p`` from 0 to 1), the equilibrium set is constant on
intervals; :func:`regimes_along` finds them.  With the symbolic solution the
boundaries are exact: the values where one of an equilibrium's conditions switches
(:meth:`SymbolicEquilibrium.boundaries`), kept only where the set really changes,
and the set on each interval and at each boundary point is evaluated exactly.
Without it, the numeric solver runs on a grid (``grid`` points) and every pair of
neighbours with different sets is bisected, solving exactly at each midpoint, until
the bracket is at most ``tol`` wide (default ``2**-40``, about ``1e-12``); the
boundary is then the bracket's midpoint, with error at most ``tol / 2``, or a tested
point whose own set differs from both sides (``p = t`` itself, where only the
pooling and separating equilibria exist), with error at most ``tol``.  A regime
narrower than the grid's spacing that the grid does not touch can be missed.

The region plot of a sweep is :mod:`.plot`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .grid import Axis, GridError, value_text
from .paths import NumericPath, SymbolicPath, SymbolicUnavailable

__all__ = ["DEFAULT_TOL", "Boundary", "Regime", "Regimes", "regimes_along"]


#: Default bracket width of a boundary found by bisection.
DEFAULT_TOL = Fraction(1, 2**40)



@dataclass(frozen=True)
class Boundary:
    """Where the equilibrium set changes along the axis.

    ``value`` is exact when ``error`` is 0; else the true boundary lies within
    ``error`` of it.  ``left`` and ``right`` are the sets on either side; ``at`` the set
    at the boundary point itself (equal to one side, or a third set holding only there),
    ``None`` when a bisection left it unknown.
    """

    value: Fraction
    error: Fraction
    left: tuple[str, ...]
    right: tuple[str, ...]
    at: tuple[str, ...] | None

    @property
    def exact(self) -> bool:
        return self.error == 0


@dataclass(frozen=True)
class Regime:
    """An open interval of the axis on which the equilibrium set is constant."""

    lower: Fraction
    upper: Fraction
    labels: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join(self.labels) if self.labels else "none"


@dataclass(frozen=True)
class Regimes:
    """The regimes along ``axis`` from ``lower`` to ``upper``, and their boundaries."""

    axis: str
    lower: Fraction
    upper: Fraction
    method: str
    tol: Fraction
    regimes: tuple[Regime, ...]
    boundaries: tuple[Boundary, ...]
    #: the sets at the two ends themselves (``p = 0``, ``p = 1``)
    ends: tuple[tuple[str, ...], tuple[str, ...]]

    @property
    def exact(self) -> bool:
        return all(b.exact for b in self.boundaries)

    def to_json(self) -> dict[str, Any]:
        return {
            "axis": self.axis,
            "method": self.method,
            "exact": self.exact,
            "regimes": [
                {"lower": value_text(r.lower), "upper": value_text(r.upper), "equilibria": list(r.labels)}
                for r in self.regimes
            ],
            "boundaries": [
                {
                    "value": value_text(b.value),
                    "error": value_text(b.error),
                    "left": list(b.left),
                    "right": list(b.right),
                    "at": None if b.at is None else list(b.at),
                }
                for b in self.boundaries
            ],
            "ends": [list(self.ends[0]), list(self.ends[1])],
        }


def _assemble(
    axis: str,
    lower: Fraction,
    upper: Fraction,
    method: str,
    tol: Fraction,
    cuts: Sequence[tuple[Fraction, Fraction, tuple[str, ...] | None]],
    pieces: Sequence[tuple[str, ...]],
    ends: tuple[tuple[str, ...], tuple[str, ...]],
) -> Regimes:
    """Regimes from boundary cuts ``(value, error, set at it)`` and the sets between them,
    merging neighbours whose sets (and the cut's own set) agree."""
    merged_cuts: list[tuple[Fraction, Fraction, tuple[str, ...] | None]] = []
    merged_pieces: list[tuple[str, ...]] = [pieces[0]]
    for cut, piece in zip(cuts, pieces[1:]):
        if piece == merged_pieces[-1] and cut[2] in (piece, None):
            continue
        merged_cuts.append(cut)
        merged_pieces.append(piece)
    edges = [lower, *(c[0] for c in merged_cuts), upper]
    regimes = tuple(Regime(edges[k], edges[k + 1], s) for k, s in enumerate(merged_pieces))
    boundaries = tuple(
        Boundary(c[0], c[1], merged_pieces[k], merged_pieces[k + 1], c[2]) for k, c in enumerate(merged_cuts)
    )
    return Regimes(axis, lower, upper, method, tol, regimes, boundaries, ends)


def regimes_along(
    spec: str,
    axis: str,
    lower: Fraction,
    upper: Fraction,
    settings: Mapping[str, Any] | None = None,
    *,
    concept: str = "pbe",
    method: str = "auto",
    grid: int = 101,
    tol: Fraction = DEFAULT_TOL,
    path: SymbolicPath | None = None,
    advance: Callable[[int], None] | None = None,
) -> Regimes:
    """The regimes of the equilibrium set along ``axis`` in ``[lower, upper]`` (module docs)."""
    fixed = dict(settings or {})
    if not lower < upper:
        raise GridError(f"{axis}: the range needs lower < upper, not {value_text(lower)} to {value_text(upper)}")
    if grid < 2:
        raise GridError(f"--grid must be at least 2, not {grid}")
    if tol <= 0:
        raise GridError("the bisection tolerance must be positive")
    if method != "numeric" and path is None:
        try:
            path = SymbolicPath(spec, [Axis(axis, (lower, upper))], concept)
        except SymbolicUnavailable:
            if method == "symbolic":
                raise
            path = None
    if path is not None:
        try:
            return _symbolic_regimes(path, axis, lower, upper, fixed)
        except SymbolicUnavailable:
            if method == "symbolic":
                raise
    return _numeric_regimes(spec, axis, lower, upper, fixed, concept, grid, tol, advance)


def _symbolic_regimes(
    path: SymbolicPath, axis: str, lower: Fraction, upper: Fraction, fixed: Mapping[str, Any]
) -> Regimes:
    """Regimes from the symbolic solution: cuts where a condition of any family (those
    holding only on a boundary too) switches, and the set between and at the cuts.

    The assumptions must hold inside every regime (an end point may break them, and is
    then solved numerically); else :class:`SymbolicUnavailable`, so that ``auto`` bisects.
    """
    solved = path.solution(fixed)
    others = {k: v for k, v in solved.numbers.items() if k in solved.solution.parameters and k != axis}
    # where an assumption switches: the regime on the far side is checked below (and
    # refused), instead of the solution being read where its assumptions fail
    bound = {k: v for k, v in solved.numbers.items() if k != axis}
    cuts: set[Fraction] = {b for b in solved.check.cuts(axis, bound) if lower < b < upper}
    for fam, _, _ in solved.families:
        for b in fam.boundaries(axis, others):
            b = Fraction(b)
            if lower < b < upper:
                cuts.add(b)
    ordered = sorted(cuts)
    edges = [lower, *ordered, upper]
    middles = [(edges[k] + edges[k + 1]) / 2 for k in range(len(edges) - 1)]
    for x in [*middles, *ordered]:
        broken = solved.outside({axis: x})
        if broken is not None:
            raise SymbolicUnavailable(f"{axis} = {value_text(x)} lies {broken}")

    def at(x: Fraction) -> tuple[str, ...]:
        return path.labels_at(fixed, {axis: x})

    pieces = [at(x) for x in middles]
    marks = [(x, Fraction(0), at(x)) for x in ordered]
    return _assemble(axis, lower, upper, "symbolic", Fraction(0), marks, pieces, (at(lower), at(upper)))


def _numeric_regimes(
    spec: str,
    axis: str,
    lower: Fraction,
    upper: Fraction,
    fixed: Mapping[str, Any],
    concept: str,
    grid: int,
    tol: Fraction,
    advance: Callable[[int], None] | None,
) -> Regimes:
    numeric = NumericPath(spec, concept)
    cache: dict[Fraction, tuple[str, ...]] = {}

    def at(x: Fraction) -> tuple[str, ...]:
        if x not in cache:
            cache[x] = numeric.labels_at({**fixed, axis: x})
            if advance is not None:
                advance(1)
        return cache[x]

    step = (upper - lower) / (grid - 1)
    xs = [lower + k * step for k in range(grid)]
    sets = [at(x) for x in xs]
    # brackets (a, b) with the set at a and at b different, at most tol wide
    brackets: list[tuple[Fraction, Fraction]] = []

    def refine(a: Fraction, b: Fraction) -> None:
        sa, sb = at(a), at(b)
        while b - a > tol:
            m = (a + b) / 2
            sm = at(m)
            if sm == sa:
                a = m
            elif sm == sb:
                b = m
            else:
                refine(a, m)
                refine(m, b)
                return
        brackets.append((a, b))

    for k in range(grid - 1):
        if sets[k] != sets[k + 1]:
            refine(xs[k], xs[k + 1])
    brackets.sort()
    # brackets meeting end to end form one cluster: a boundary, with the tested points
    # between them holding sets of their own (p = t itself)
    clusters: list[list[tuple[Fraction, Fraction]]] = []
    for br in brackets:
        if clusters and clusters[-1][-1][1] == br[0]:
            clusters[-1].append(br)
        else:
            clusters.append([br])
    cuts: list[tuple[Fraction, Fraction, tuple[str, ...] | None]] = []
    pieces: list[tuple[str, ...]] = [at(lower if not clusters else clusters[0][0][0])]
    for cluster in clusters:
        a, b = cluster[0][0], cluster[-1][1]
        if a == lower:  # only the end point differs from the interior next to it
            pieces[-1] = at(b)
            continue
        if b == upper:
            continue
        if len(cluster) == 1:
            cuts.append(((a + b) / 2, tol / 2, None))
        else:
            middle = cluster[len(cluster) // 2][0]
            cuts.append((middle, tol, at(middle)))
        pieces.append(at(b))
    return _assemble(axis, lower, upper, "numeric", tol, cuts, pieces, (at(lower), at(upper)))
