"""All extreme Nash equilibria of a two-player game, on the sequence form, exactly.

Audet, Hansen, Jaumard and Savard (2001, *J. Optim. Theory Appl.* 109:1-27) for
bimatrix games; on the sequence form, Audet, Belhaiza and Hansen (2009,
*Int. Game Theory Rev.* 11:437-451).  Sizes stay linear in the tree: no strategic
form is built.

With realization plans ``x`` (``Ex = e``) and ``y`` (``Fy = f``) and sequence-form
payoff matrices ``A``, ``B`` (von Stengel 1996), the *best-response polyhedra* are

    P = {(x, q) : x ≥ 0, Ex = e, v = Fᵀq - Bᵀx ≥ 0},
    Q = {(y, p) : y ≥ 0, Fy = f, u = Eᵀp - Ay ≥ 0}.

``q`` (``p``) holds the values of the other player's information sets against ``x``
(``y``); after the leaf payoffs are shifted to be non-negative (which changes no
equilibrium) every point of ``P`` has ``q ≥ 0`` (each ``q_h`` bounds a sum of
non-negative terms below it), so ``P`` is ``{w ≥ 0 : M w = b}`` in the variables
``(x, q, v)``, pointed and possibly unbounded in ``q``.  A pair is a Nash equilibrium
exactly when it is *complementary*: ``x_s u_s = 0`` for every sequence ``s`` of
player 1 and ``y_t v_t = 0`` for every sequence ``t`` of player 2 (the LCP of Koller,
Megiddo and von Stengel 1996).

The set of equilibria is a finite union of products ``X × Y`` of faces of ``P`` and
``Q`` projected on the plans (one per set of labels), and each extreme point of such
an ``X`` is the projection of a vertex of ``P`` (projections of faces of pointed
polyhedra keep their extreme points among the vertices' images).  So the extreme
equilibria are exactly the plans of complementary pairs of *vertices* of ``P`` and
``Q``: every vertex of each is enumerated by exact lexicographic pivoting
(:func:`gametoolkit.algebra.polyhedron.polyhedron_vertices`), the vertices are
grouped by their sets of labels, and two groups match when their labels cover every
sequence.  Components and maximal Nash subsets follow from the bipartite graph of
matching plans as in :mod:`.enummixed` (convexity of best responses makes every
``conv X × conv Y`` of a biclique a set of equilibria).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..algebra.polyhedron import PolyVertex, in_convex_hull, polyhedron_vertices
from ..algebra.vertex_enumeration import DEFAULT_MAX_BASES, BaseBudget
from ..core.game import Game
from ..core.values import as_fraction
from ..errors import SolverError
from ..forms.sequence_form import SequenceForm, leaf_data, sequence_form
from ..solution import Assessment, Solution
from .enummixed import component_numbers, maximal_bicliques
from .nash_assessment import OFF_PATH_NOTE, nash_assessment

__all__ = ["SequenceFormEquilibria", "extreme_plans", "solve"]

Plan = tuple[Fraction, ...]


@dataclass(frozen=True)
class SequenceFormEquilibria:
    """Extreme equilibria as pairs of realization plans, with their grouping.

    ``equilibria`` are pairs of indices into ``plans1`` and ``plans2``;
    ``components[k]`` numbers the component of ``equilibria[k]``; ``nash_subsets`` are
    the maximal Nash subsets (row indices, column indices); ``vertices`` counts the
    vertices of ``P`` and ``Q``; ``bases`` the bases visited.
    """

    plans1: tuple[Plan, ...]
    plans2: tuple[Plan, ...]
    equilibria: tuple[tuple[int, int], ...]
    components: tuple[int, ...]
    nash_subsets: tuple[tuple[frozenset[int], frozenset[int]], ...]
    vertices: tuple[int, int]
    bases: int


def _shifted_matrix(form: SequenceForm, player: int) -> dict[tuple[int, int], int]:
    """``player``'s sequence-form payoffs with every leaf payoff made non-negative, as integers."""
    game = form.game
    data, _, _ = leaf_data(game)
    pays = [as_fraction(game.payoffs(v)[player], "payoff") for v in data.nodes]
    shift = max([Fraction(0)] + [-x for x in pays])
    values: dict[tuple[int, int], Fraction] = {}
    for key, p, x in zip(data.sequences, data.chance, pays, strict=True):
        if p:
            pair = (key[0], key[1])
            values[pair] = values.get(pair, Fraction(0)) + p * (x + shift)
    den = 1
    for x in values.values():
        den = math.lcm(den, x.denominator)
    return {k: int(x * den) for k, x in values.items() if x}


def _polyhedron(
    own: list[list[int]], other: list[list[int]], pay: dict[tuple[int, int], int]
) -> tuple[list[list[int]], list[int]]:
    """``{(z, r, w) ≥ 0 : own·z = e, otherᵀr - payᵀz - w = 0}`` as ``(M, b)``.

    ``own`` is the constraint matrix of the player whose plan is ``z``, ``other`` the
    opponent's; ``pay[(s, t)]`` the opponent's payoff for own sequence ``s`` and the
    opponent's ``t``.
    """
    k_own, n_own = len(own), len(own[0])
    k_other, n_other = len(other), len(other[0])
    width = n_own + k_other + n_other
    rows: list[list[int]] = []
    for h in range(k_own):
        rows.append(own[h] + [0] * (k_other + n_other))
    for t in range(n_other):
        row = [0] * width
        for s in range(n_own):
            row[s] = -pay.get((s, t), 0)
        for h in range(k_other):
            row[n_own + h] = other[h][t]
        row[n_own + k_other + t] = -1
        rows.append(row)
    rhs = [1] + [0] * (k_own - 1) + [0] * n_other
    return rows, rhs


def _labels(v: PolyVertex, n_own: int, k_other: int, n_other: int) -> tuple[int, int]:
    """(bits ``s`` with ``z_s = 0``, bits ``t`` with ``w_t = 0``)."""
    own = v.zeros & ((1 << n_own) - 1)
    slack = (v.zeros >> (n_own + k_other)) & ((1 << n_other) - 1)
    return own, slack


def _plan(v: PolyVertex, n: int) -> Plan:
    return tuple(Fraction(x, v.denominator) for x in v.numerators[:n])


def extreme_plans(form: SequenceForm, max_bases: int | BaseBudget = DEFAULT_MAX_BASES) -> SequenceFormEquilibria:
    """Every extreme equilibrium of a two-player sequence form, as realization plans.

    Raises :class:`~gametoolkit.errors.LimitError` when the two enumerations together
    visit more than ``max_bases`` bases.
    """
    if form.game.num_players != 2:
        raise SolverError(f"the sequence-form enumeration is for two players; this game has {form.game.num_players}")
    budget = max_bases if isinstance(max_bases, BaseBudget) else BaseBudget(max_bases)
    e, f = form.constraint_matrix(0), form.constraint_matrix(1)
    n1, n2 = form.sizes
    k1, k2 = len(e), len(f)
    pay_b = _shifted_matrix(form, 1)
    pay_a = {(t, s): x for (s, t), x in _shifted_matrix(form, 0).items()}
    m_p, b_p = _polyhedron(e, f, pay_b)
    m_q, b_q = _polyhedron(f, e, pay_a)
    verts_p = polyhedron_vertices(m_p, b_p, budget)
    verts_q = polyhedron_vertices(m_q, b_q, budget)
    # labels: bit s (player 1's sequence s) and bit n1 + t (player 2's t)
    by_mask_p: dict[int, set[Plan]] = {}
    for v in verts_p:
        zx, zv = _labels(v, n1, k2, n2)
        by_mask_p.setdefault(zx | zv << n1, set()).add(_plan(v, n1))
    by_mask_q: dict[int, set[Plan]] = {}
    for v in verts_q:
        zy, zu = _labels(v, n2, k1, n1)
        by_mask_q.setdefault(zu | zy << n1, set()).add(_plan(v, n2))
    full = (1 << (n1 + n2)) - 1
    candidates: set[tuple[Plan, Plan]] = set()
    masks_q = list(by_mask_q.items())
    for mask_p, xs in by_mask_p.items():
        need = full & ~mask_p
        for mask_q, ys in masks_q:
            if mask_q & need == need:
                candidates.update((x, y) for x in xs for y in ys)
    plans1 = sorted({x for x, _ in candidates})
    plans2 = sorted({y for _, y in candidates})
    edges = _equilibrium_pairs(form, plans1, plans2)
    subsets = [(_extreme(plans1, xs), _extreme(plans2, ys)) for xs, ys in maximal_bicliques(edges)]
    keep = sorted({(i, j) for xs, ys in subsets for i in xs for j in ys})
    used1 = sorted({i for i, _ in keep})
    used2 = sorted({j for _, j in keep})
    new1 = {i: k for k, i in enumerate(used1)}
    new2 = {j: k for k, j in enumerate(used2)}
    final = tuple((new1[i], new2[j]) for i, j in keep)
    return SequenceFormEquilibria(
        plans1=tuple(plans1[i] for i in used1),
        plans2=tuple(plans2[j] for j in used2),
        equilibria=final,
        components=component_numbers(final, len(used1)),
        nash_subsets=tuple(
            (frozenset(new1[i] for i in xs), frozenset(new2[j] for j in ys)) for xs, ys in subsets
        ),
        vertices=(len(verts_p), len(verts_q)),
        bases=budget.used,
    )


def _optimal_sequences(form: SequenceForm, player: int, other: Plan) -> int:
    """Bit mask of ``player``'s sequences that a best response to the plan ``other`` may use.

    ``∅`` and every ``(h, a)`` with ``a`` optimal at ``h`` (the values of the sets
    computed from the deepest up): a plan is a best response exactly when its support
    lies in this set.
    """
    n = form.sizes[player]
    gain = [Fraction(0)] * n
    for key, pay in form.payoffs.items():
        t = key[1 - player]
        if other[t]:
            gain[key[player]] += pay[player] * other[t]
    seqs = form.sequences[player]
    index = {sq: k for k, sq in enumerate(seqs)}
    below = [Fraction(0)] * n  # the value of the sets right after each sequence
    mask = 1
    for h in reversed(form.infosets[player]):
        actions = len(form.game.infosets[h].actions)
        totals = [gain[index[(h, a)]] + below[index[(h, a)]] for a in range(actions)]
        best = max(totals)
        for a, total in enumerate(totals):
            if total == best:
                mask |= 1 << index[(h, a)]
        below[form.parent[player][h]] += best
    return mask


def _support(plan: Plan) -> int:
    return sum(1 << k for k, r in enumerate(plan) if r)


def _equilibrium_pairs(form: SequenceForm, plans1: list[Plan], plans2: list[Plan]) -> tuple[tuple[int, int], ...]:
    """Every pair of candidate plans that is an equilibrium (each a best response to the other)."""
    best1 = [_optimal_sequences(form, 0, y) for y in plans2]
    best2 = [_optimal_sequences(form, 1, x) for x in plans1]
    support1 = [_support(x) for x in plans1]
    support2 = [_support(y) for y in plans2]
    return tuple(
        (i, j)
        for i in range(len(plans1))
        for j in range(len(plans2))
        if support1[i] & ~best1[j] == 0 and support2[j] & ~best2[i] == 0
    )


def _extreme(plans: list[Plan], members: frozenset[int]) -> frozenset[int]:
    """The members whose plan is not a convex combination of the others'."""
    out = set()
    for i in members:
        others = [plans[k] for k in members if k != i]
        if not in_convex_hull(plans[i], others):
            out.add(i)
    return frozenset(out)


def _plans_json(form: SequenceForm, plans: Sequence[Plan]) -> dict[str, dict[str, str]]:
    return {
        form.game.players[i]: {form.sequence_label(i, k): str(r) for k, r in enumerate(plan) if r and k}
        for i, plan in enumerate(plans)
    }


def solve(game: Game, max_bases: int = DEFAULT_MAX_BASES) -> Solution:
    """Every extreme Nash equilibrium of a two-player ``game``, grouped in components.

    Parameters
    ----------
    game : Game
        Numeric, with perfect recall, two players.
    max_bases : int
        The limit on the bases visited by the two vertex enumerations.

    Returns
    -------
    Solution
        ``complete`` true; each equilibrium's ``component`` numbers its connected
        component, and ``realization_plans`` gives its plans (non-zero sequences).

    Raises
    ------
    SolverError
        For other numbers of players, parameters, imperfect recall.
    LimitError
        When the enumerations visit more than ``max_bases`` bases.
    """
    form = sequence_form(game)
    found = extreme_plans(form, max_bases=max_bases)
    equilibria: list[Assessment] = []
    seen: set[tuple[tuple[Fraction, ...], ...]] = set()
    renumber: dict[int, int] = {}
    for (i, j), comp in zip(found.equilibria, found.components, strict=True):
        plans = (found.plans1[i], found.plans2[j])
        profile = form.behavior(plans)
        if profile.probs in seen:
            continue
        seen.add(profile.probs)
        number = renumber.setdefault(comp, len(renumber))
        extra = {"realization_plans": _plans_json(form, plans)}
        equilibria.append(nash_assessment(profile, component=number, extra=extra))
    notes = [
        f"sequence form: {form.sizes[0]} x {form.sizes[1]} sequences; best-response polyhedra with "
        f"{found.vertices[0]} and {found.vertices[1]} vertices ({found.bases} bases visited)",
        f"{len(found.equilibria)} extreme equilibria (realization plans) in {len(renumber)} component(s), "
        f"{len(found.nash_subsets)} maximal Nash subset(s)",
    ]
    if len(equilibria) < len(found.equilibria):
        notes.append(
            f"{len(found.equilibria) - len(equilibria)} of them share another's behavior profile "
            "(differing only where a player's own moves exclude a set) and are listed once"
        )
    notes.append(OFF_PATH_NOTE)
    return Solution(
        game=game,
        concept="nash",
        method="vertex enumeration of the sequence form",
        exact=True,
        complete=True,
        equilibria=tuple(equilibria),
        notes=tuple(notes),
    )
