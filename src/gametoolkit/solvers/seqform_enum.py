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

The set of equilibria is a finite union of products ``X × Y`` (the *maximal Nash
subsets*), each the projection on the plans of a product of faces of ``P`` and ``Q``;
every extreme point of such an ``X`` is the projection of a vertex of ``P`` (a face of
a pointed polyhedron is the hull of its vertices plus recession directions ``(0, q)``,
which vanish in the projection).  Algorithm:

1. every vertex ``(x, q)`` of the polyhedron of the player with fewer sequences, by
   exact lexicographic pivoting
   (:func:`gametoolkit.algebra.polyhedron.polyhedron_vertices`);
2. for each, the vertices of the face of the other polyhedron that complete its
   labels (``y_t = 0`` where ``v_t > 0``, ``u_s = 0`` where ``x_s > 0``), one
   enumeration per distinct face: the *candidates*;
3. the candidate pairs that are equilibria (each plan's support within the other's
   best-response sequences, computed exactly from the deepest sets up), their maximal
   bicliques (each a maximal Nash subset, as in :mod:`.enummixed`: best responses are
   convex), and in each the plans that are extreme in its convex hull (an exact LP
   feasibility test).  The projection of a vertex need not be extreme, hence step 3.

The extreme equilibria are the pairs of extreme plans of one maximal Nash subset;
components are the connected components of the graph they form.
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

__all__ = ["SequenceFormEquilibria", "count_sequences", "extreme_plans", "solve"]

Plan = tuple[Fraction, ...]


@dataclass(frozen=True)
class SequenceFormEquilibria:
    """Extreme equilibria as pairs of realization plans, with their grouping.

    ``equilibria`` are pairs of indices into ``plans1`` and ``plans2``;
    ``components[k]`` numbers the component of ``equilibria[k]``; ``nash_subsets`` are
    the maximal Nash subsets (row indices, column indices); ``vertices`` counts the
    vertices of the polyhedron enumerated in full and of the matching faces of the
    other; ``bases`` the bases visited.
    """

    plans1: tuple[Plan, ...]
    plans2: tuple[Plan, ...]
    equilibria: tuple[tuple[int, int], ...]
    components: tuple[int, ...]
    nash_subsets: tuple[tuple[frozenset[int], frozenset[int]], ...]
    vertices: tuple[int, int]
    bases: int


def count_sequences(game: Game) -> tuple[int, ...]:
    """Each player's number of sequences (``∅`` and one per action at each own set), without building the form."""
    return tuple(1 + sum(len(h.actions) for h in game.infosets_of(i)) for i in range(game.num_players))


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
    pay_b = _shifted_matrix(form, 1)
    pay_a = _shifted_matrix(form, 0)
    counts = [0, 0]
    if form.sizes[0] <= form.sizes[1]:
        candidates = _candidates(e, f, pay_b, {(t, s): x for (s, t), x in pay_a.items()}, budget, counts)
    else:  # enumerate the smaller player's polyhedron in full
        swapped = _candidates(f, e, {(t, s): x for (s, t), x in pay_a.items()}, pay_b, budget, counts)
        candidates = {(x, y) for y, x in swapped}
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
        vertices=(counts[0], counts[1]),
        bases=budget.used,
    )


def _candidates(
    e: list[list[int]],
    f: list[list[int]],
    pay_other: dict[tuple[int, int], int],
    pay_own: dict[tuple[int, int], int],
    budget: BaseBudget,
    counts: list[int],
) -> set[tuple[Plan, Plan]]:
    """Complementary vertex pairs: every vertex of ``P``, then the matching faces of ``Q``.

    ``pay_other[(s, t)]`` is the opponent's payoff, ``pay_own[(t, s)]`` the own
    player's (both shifted non-negative).  For a vertex ``(x, q)`` of ``P``, the
    ``(y, p)`` completing its labels are the vertices of the face of ``Q`` with
    ``y_t = 0`` where ``t`` is not a best response (``v_t > 0``) and ``u_s = 0`` where
    ``x_s > 0``: ``Q`` with those columns removed, one enumeration per face.
    ``counts`` receives the number of vertices of ``P`` and of the faces of ``Q``.
    """
    n1, n2 = len(e[0]), len(f[0])
    k1, k2 = len(e), len(f)
    m_p, b_p = _polyhedron(e, f, pay_other)
    m_q, b_q = _polyhedron(f, e, pay_own)
    faces: dict[tuple[int, int], list[Plan]] = {}
    out: set[tuple[Plan, Plan]] = set()
    verts_p = polyhedron_vertices(m_p, b_p, budget)
    counts[0] += len(verts_p)
    for v in verts_p:
        zx, zv = _labels(v, n1, k2, n2)
        key = (zx, zv)
        if key not in faces:
            # columns of Q: y (n2), p (k1), u (n1); keep y_t for tight t, u_s for x_s = 0
            cols = [t for t in range(n2) if zv >> t & 1] + [n2 + h for h in range(k1)]
            cols += [n2 + k1 + s for s in range(n1) if zx >> s & 1]
            matrix = [[row[c] for c in cols] for row in m_q]
            ys = []
            for w in polyhedron_vertices(matrix, b_q, budget, drop_dependent=True):
                y = [Fraction(0)] * n2
                for c, x in zip(cols, w.numerators, strict=False):
                    if c < n2:
                        y[c] = Fraction(x, w.denominator)
                ys.append(tuple(y))
            counts[1] += len(ys)
            faces[key] = ys
        x_plan = _plan(v, n1)
        out.update((x_plan, y) for y in faces[key])
    return out


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
        f"sequence form: {form.sizes[0]} x {form.sizes[1]} sequences; {found.vertices[0]} vertices of the "
        f"smaller player's best-response polyhedron, {found.vertices[1]} matching vertices of the other's "
        f"faces ({found.bases} bases visited)",
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
