"""All extreme Nash equilibria of a two-player game, and their components, exactly.

On the reduced strategic form (:mod:`gametoolkit.forms.strategic`) with payoff matrices
``A`` (row player) and ``B`` (column player), made positive by adding a constant
(which changes no equilibrium), the best-response polytopes are

    P = {x ≥ 0 : Bᵀx ≤ 1},        Q = {y ≥ 0 : Ay ≤ 1}.

Label the ``m`` row plans ``0..m-1`` and the ``n`` column plans ``m..m+n-1``.  A point
of ``P`` has label ``i`` when ``x_i = 0`` and label ``m + j`` when column ``j`` is a
best response to ``x`` (``(Bᵀx)_j = 1``); a point of ``Q`` has label ``m + j`` when
``y_j = 0`` and label ``i`` when row ``i`` is a best response (``(Ay)_i = 1``).  A pair
``(x, y) ≠ (0, 0)`` is *completely labeled* when every label belongs to ``x`` or to
``y``; then ``(x / Σx, y / Σy)`` is a Nash equilibrium.  The extreme points of the set
of equilibria are exactly the completely labeled pairs of *vertices*, in degenerate
games too (von Stengel 2002, *Handbook of Game Theory* 3, ch. 45, §2.7; Avis,
Rosenberg, Savani and von Stengel 2010, *Economic Theory* 42:9-37).  Algorithm:

1. every vertex ``x`` of ``P`` (the polytope of the player with fewer plans), by exact
   lexicographic pivoting (:mod:`gametoolkit.algebra.vertex_enumeration`);
2. for each, every vertex ``y`` of ``Q`` completing its labels: the vertices of the
   face of ``Q`` on the best responses to ``x`` where every row ``x`` plays is tight
   (one enumeration per set of best responses);
3. the *maximal Nash subsets*: a set of extreme equilibria ``X × Y`` all of whose
   pairs are equilibria is convex-closed into a set of equilibria, and the maximal
   such ``X × Y`` are the maximal bicliques of the bipartite graph joining ``x`` to ``y``
   when ``(x, y)`` is an equilibrium (ARSvS 2010, §5: "cliques");
4. the *components* of the set of equilibria: maximal Nash subsets that meet
   (share an extreme equilibrium) lie in one component, i.e. the components are the
   connected components of that bipartite graph.

Gambit's ``enummixed_solve`` returns the same set of extreme equilibria (as mixed
strategy profiles over the same plans).  For the behavior view, each equilibrium
becomes a behavior profile (:meth:`StrategicForm.to_profile`); different mixed
strategies can be realization-equivalent, so equilibria with the same behavior
profile are reported once (they always lie in the same component).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..algebra.vertex_enumeration import DEFAULT_MAX_BASES, BaseBudget, Vertex, vertices
from ..core.game import Game
from ..forms.strategic import DEFAULT_MAX_CELLS, StrategicForm, strategic_form
from ..solution import Assessment, Solution
from .nash_assessment import OFF_PATH_NOTE, nash_assessment

__all__ = ["BimatrixEquilibria", "bimatrix_equilibria", "component_numbers", "maximal_bicliques", "solve"]


@dataclass(frozen=True)
class BimatrixEquilibria:
    """Extreme equilibria of a bimatrix game with their grouping.

    ``rows`` and ``columns`` are the distinct mixed strategies that occur;
    ``equilibria`` are pairs of indices into them; ``components[k]`` is the component
    of ``equilibria[k]``; each maximal Nash subset is a pair (row indices, column
    indices) every combination of which is in ``equilibria``.
    """

    rows: tuple[tuple[Fraction, ...], ...]
    columns: tuple[tuple[Fraction, ...], ...]
    equilibria: tuple[tuple[int, int], ...]
    components: tuple[int, ...]
    nash_subsets: tuple[tuple[frozenset[int], frozenset[int]], ...]

    def profiles(self) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
        """The extreme equilibria as pairs of mixed strategies."""
        return [(self.rows[i], self.columns[j]) for i, j in self.equilibria]


def _positive_integers(matrix: Sequence[Sequence[Fraction | int]]) -> list[list[int]]:
    """A positive integer matrix with the same best responses (scaled and shifted)."""
    den = 1
    for row in matrix:
        for x in row:
            den = math.lcm(den, Fraction(x).denominator)
    ints = [[int(Fraction(x) * den) for x in row] for row in matrix]
    low = min((x for row in ints for x in row), default=0)
    return [[x - low + 1 for x in row] for row in ints]


def _transpose(matrix: list[list[int]]) -> list[list[int]]:
    return [list(col) for col in zip(*matrix, strict=True)]


def _normalized(v: tuple[int, ...]) -> tuple[Fraction, ...]:
    total = sum(v)
    return tuple(Fraction(x, total) for x in v)


def bimatrix_equilibria(
    a: Sequence[Sequence[Fraction | int]], b: Sequence[Sequence[Fraction | int]], max_bases: int = DEFAULT_MAX_BASES
) -> BimatrixEquilibria:
    """All extreme equilibria of the bimatrix game ``(a, b)`` (both ``m x n``).

    Raises :class:`~gametoolkit.errors.LimitError` when the enumerations together
    visit more than ``max_bases`` bases.
    """
    m = len(a)
    n = len(a[0]) if m else 0
    pa = _positive_integers(a)
    pb = _positive_integers(b)
    budget = BaseBudget(max_bases)
    if m <= n:
        pairs = _extreme_pairs(pa, pb, budget)
    else:  # enumerate the smaller polytope: the column player's, in the transposed game
        pairs = [(x, y) for y, x in _extreme_pairs(_transpose(pb), _transpose(pa), budget)]
    pairs.sort()
    xs = sorted({x for x, _ in pairs})
    ys = sorted({y for _, y in pairs})
    x_index = {x: k for k, x in enumerate(xs)}
    y_index = {y: k for k, y in enumerate(ys)}
    edges = tuple((x_index[x], y_index[y]) for x, y in pairs)
    return BimatrixEquilibria(
        rows=tuple(_normalized(x) for x in xs),
        columns=tuple(_normalized(y) for y in ys),
        equilibria=edges,
        components=component_numbers(edges, len(xs)),
        nash_subsets=maximal_bicliques(edges),
    )


def _extreme_pairs(
    pa: list[list[int]], pb: list[list[int]], budget: BaseBudget
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Completely labeled vertex pairs of ``P`` and ``Q`` as integer vectors (scaled).

    Every vertex ``x`` of ``P`` is enumerated; the ``y`` that complete it are the
    vertices of the face of ``Q`` where ``y_j = 0`` for each column ``j`` that is not a
    best response to ``x``, and row ``i`` is tight for each ``i`` that ``x`` plays: the
    vertices of ``{y ≥ 0 : A_J y ≤ 1}`` (``J`` the best responses) with those rows
    tight.  So only ``P`` (dimension ``m``, the smaller) is enumerated in full, and
    ``Q`` only on the faces that matter, once per set ``J``.
    """
    m = len(pa)
    n = len(pa[0])
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    faces: dict[tuple[int, ...], list[Vertex]] = {}
    for vx in vertices(_transpose(pb), budget):
        if not any(vx.numerators):
            continue
        support = [i for i in range(m) if vx.numerators[i]]
        best = tuple(j for j in range(n) if vx.zeros >> (m + j) & 1)
        if best not in faces:
            faces[best] = vertices([[row[j] for j in best] for row in pa], budget)
        k = len(best)
        need = sum(1 << (k + i) for i in support)
        for vy in faces[best]:
            if any(vy.numerators) and vy.zeros & need == need:
                y = [0] * n
                for j, value in zip(best, vy.numerators, strict=True):
                    y[j] = value
                out.append((_primitive(vx.numerators), _primitive(tuple(y))))
    return out


def _primitive(v: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    """The vector divided by the gcd of its entries (a canonical point of its ray)."""
    g = math.gcd(*v)
    return tuple(x // g for x in v)


def component_numbers(edges: Sequence[tuple[int, int]], num_rows: int) -> tuple[int, ...]:
    """Connected components of the bipartite graph, numbered by first edge."""
    parent: dict[int, int] = {}

    def find(u: int) -> int:
        parent.setdefault(u, u)
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for i, j in edges:
        ri, rj = find(i), find(num_rows + j)
        if ri != rj:
            parent[ri] = rj
    number: dict[int, int] = {}
    out = []
    for i, _ in edges:
        root = find(i)
        number.setdefault(root, len(number))
        out.append(number[root])
    return tuple(out)


def maximal_bicliques(edges: Sequence[tuple[int, int]]) -> tuple[tuple[frozenset[int], frozenset[int]], ...]:
    """Maximal ``X × Y ⊆ edges``: the row sets closed under common neighbours.

    A maximal biclique's row set is the set of rows adjacent to all of its columns, an
    intersection of column neighbourhoods; so the row sets are the non-empty
    intersections of column neighbourhoods, found by closing them under intersection.
    """
    of_column: dict[int, set[int]] = {}
    of_row: dict[int, set[int]] = {}
    for i, j in edges:
        of_column.setdefault(j, set()).add(i)
        of_row.setdefault(i, set()).add(j)
    base = {frozenset(s) for s in of_column.values()}
    closed: set[frozenset[int]] = set()
    todo = list(base)
    while todo:
        s = todo.pop()
        if s in closed:
            continue
        closed.add(s)
        for t in base:
            u = s & t
            if u and u not in closed:
                todo.append(u)
    out = []
    for s in sorted(closed, key=lambda x: (sorted(x), len(x))):
        cols = frozenset.intersection(*(frozenset(of_row[i]) for i in s))
        out.append((s, cols))
    return tuple(out)


def _plans_json(form: StrategicForm, mixed: Sequence[Sequence[Fraction]]) -> dict[str, dict[str, str]]:
    return {
        form.game.players[i]: {form.plan_label(i, k): str(p) for k, p in enumerate(mix) if p}
        for i, mix in enumerate(mixed)
    }


def solve(game: Game, max_cells: int = DEFAULT_MAX_CELLS, max_bases: int = DEFAULT_MAX_BASES) -> Solution:
    """Every extreme Nash equilibrium of a two-player ``game``, grouped in components.

    Raises :class:`~gametoolkit.errors.SolverError` for other numbers of players, when
    the reduced strategic form has more than ``max_cells`` cells, or when a vertex
    enumeration visits more than ``max_bases`` bases.
    """
    from ..errors import SolverError

    if game.num_players != 2:
        raise SolverError(f"enumeration of mixed equilibria is for two players; this game has {game.num_players}")
    form = strategic_form(game, max_cells=max_cells)
    found = bimatrix_equilibria(form.matrix(0), form.matrix(1), max_bases=max_bases)
    equilibria: list[Assessment] = []
    seen: set[tuple[tuple[Fraction, ...], ...]] = set()
    renumber: dict[int, int] = {}
    for (x, y), comp in zip(found.profiles(), found.components, strict=True):
        profile = form.to_profile([x, y])
        if profile.probs in seen:
            continue
        seen.add(profile.probs)
        number = renumber.setdefault(comp, len(renumber))
        equilibria.append(nash_assessment(profile, component=number, extra={"plans": _plans_json(form, [x, y])}))
    notes = [
        f"reduced strategic form: {form.shape[0]} x {form.shape[1]} plans",
        f"{len(found.equilibria)} extreme equilibria of the strategic form in {len(renumber)} component(s), "
        f"{len(found.nash_subsets)} maximal Nash subset(s)",
    ]
    if len(equilibria) < len(found.equilibria):
        notes.append(
            f"{len(found.equilibria) - len(equilibria)} of them repeat another's behavior profile "
            "(realization-equivalent mixed strategies) and are listed once"
        )
    notes.append(OFF_PATH_NOTE)
    return Solution(
        game=game,
        concept="nash",
        method="vertex enumeration of the reduced strategic form",
        exact=True,
        complete=True,
        equilibria=tuple(equilibria),
        notes=tuple(notes),
    )
