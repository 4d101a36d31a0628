"""One quasi-perfect equilibrium of a two-player game: Lemke on the perturbed sequence form.

Miltersen and Sørensen (2010, *Economic Theory* 42:175-192), "Computing a
quasi-perfect equilibrium of a two-player game".  A quasi-perfect equilibrium (van
Damme 1984) is a limit of best replies to small trembles that respect each player's
own later optimality; it is sequential, and behavior and beliefs come out at every
information set, reached or not.

Method
------
Each player's realization plan is bounded below by a symbolic perturbation: sequence
``σ`` of length ``d(σ)`` (the number of the player's own moves in it) gets
``r(σ) >= ε^d(σ)``, the empty sequence none.  Writing ``r = r̃ + l(ε)`` with ``r̃ >= 0``
gives the linear complementarity problem of :mod:`gametoolkit.solvers.lemke` with a
right-hand side that is a polynomial in ``ε``.  Lemke's algorithm runs on it with the
right-hand side's coefficients ``(ε^0, ε^1, ..., ε^D)`` as the first columns of the
lexicographic ratio test (then the basis inverse, for degeneracy): the basis found
solves the perturbed problem for every small enough ``ε``, and every plan entry is a
polynomial in ``ε``.  The behavior at a set is the limit of ``r(σa)/r(σ)``, the ratio
of the lowest-order coefficients; the belief at a set is the limit of the nodes'
reach (chance times both plans), again from the lowest-order coefficients.  Exact
arithmetic throughout (the pivoting kernels of :mod:`gametoolkit.algebra.pivoting`; on
large games a floating-point guide picks the pivots and the last basis is solved and
checked exactly, see :func:`gametoolkit.solvers.lemke.follow_complementary_path`).

Check
-----
The result is verified before it is returned: Nash (every strategic regret zero) and
sequentially rational at every set given the limit beliefs (which are consistent by
construction, being limits along the totally mixed perturbed plans).
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..algebra.pivoting import DEFAULT_MAX_ENTRIES, Kernel, SparseTableau
from ..core.game import CHANCE, Game
from ..errors import SolverError
from ..evaluate.beliefs import best_continuation
from ..evaluate.profiles import Profile, node_values
from ..evaluate.signaling import signaling_kind
from ..forms.sequence_form import SequenceForm, sequence_form
from ..solution import Assessment, Solution
from .lemke import DEFAULT_MAX_PIVOTS, follow_complementary_path
from .nash_assessment import nash_assessment

__all__ = ["quasi_perfect_plans", "solve"]

ZERO = Fraction(0)
Series = list[Fraction]  # coefficients of ε^0, ε^1, ...


def _depths(form: SequenceForm, player: int) -> list[int]:
    """The number of the player's own moves in each sequence."""
    seqs = form.sequences[player]
    depth = [0] * len(seqs)
    for k, s in enumerate(seqs):
        if s is not None:
            depth[k] = depth[form.parent[player][s[0]]] + 1
    return depth


def _scale(form: SequenceForm) -> int:
    den = 1
    for pay in form.payoffs.values():
        for x in pay:
            den = math.lcm(den, x.denominator)
    return den


def quasi_perfect_plans(
    form: SequenceForm,
    max_pivots: int = DEFAULT_MAX_PIVOTS,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    kernel: Kernel = "auto",
) -> tuple[list[list[Series]], int]:
    """Each player's perturbed realization plan as polynomials in ``ε``, and the pivot count.

    ``kernel`` chooses the arithmetic (:func:`gametoolkit.solvers.lemke.follow_complementary_path`);
    every kernel gives the same answer.
    """
    game = form.game
    if game.num_players != 2:
        raise SolverError(f"quasi-perfect equilibrium is computed for two players; this game has {game.num_players}")
    n1, n2 = form.sizes
    d1, d2 = _depths(form, 0), _depths(form, 1)
    top = max(d1 + d2) + 1
    scale = _scale(form)
    pay_a = {k: int(p[0] * scale) for k, p in form.payoffs.items() if p[0]}
    pay_b = {k: int(p[1] * scale) for k, p in form.payoffs.items() if p[1]}
    e, f = form.constraint_matrix(0), form.constraint_matrix(1)
    k1, k2 = len(e), len(f)
    start1 = [0] + [form.first_sequence(0, h) for h in form.infosets[0]]
    start2 = [0] + [form.first_sequence(1, h) for h in form.infosets[1]]
    x0, y0 = 0, n1
    u0 = n1 + n2
    v0 = u0 + n1
    p0 = v0 + n2
    q0 = p0 + k1
    z = q0 + k2
    art0 = z + 1
    rhs0 = art0 + k1 + k2  # columns rhs0 + k hold the coefficient of ε^k

    def lower(depth: list[int], s: int) -> tuple[int, int] | None:
        return None if s == 0 else (depth[s], 1)

    rows: list[dict[int, int]] = [{u0 + s: 1} for s in range(n1)] + [{v0 + t: 1} for t in range(n2)]

    def add(row: dict[int, int], col: int, x: int) -> None:
        value = row.get(col, 0) + x
        if value:
            row[col] = value
        else:
            row.pop(col, None)

    for (s, t), x in pay_a.items():
        rows[s][y0 + t] = x
        bound = lower(d2, t)
        if bound is not None:  # A (ỹ + m): the m part moves to the right-hand side
            add(rows[s], rhs0 + bound[0], -x)
    for (s, t), x in pay_b.items():
        rows[n1 + t][x0 + s] = x
        bound = lower(d1, s)
        if bound is not None:
            add(rows[n1 + t], rhs0 + bound[0], -x)
    for h, row in enumerate(e):
        for s, x in enumerate(row):
            if x:
                rows[s][p0 + h] = -x
    for h, row in enumerate(f):
        for t, x in enumerate(row):
            if x:
                rows[n1 + t][q0 + h] = -x
    for s in range(n1):
        if s not in set(start1):
            rows[s][z] = -1
    for t in range(n2):
        if t not in set(start2):
            rows[n1 + t][z] = -1
    for matrix, base, art, depth in ((e, x0, art0, d1), (f, y0, art0 + k1, d2)):
        for h, row in enumerate(matrix):
            new = {base + s: x for s, x in enumerate(row) if x} | {art + h: 1}
            if h == 0:
                new[rhs0] = 1
            for s, x in enumerate(row):  # (E r̃)_h = e_h - (E l)_h
                bound = lower(depth, s)
                if x and bound is not None:
                    add(new, rhs0 + bound[0], -x)
            rows.append(new)
    basic = [u0 + s for s in range(n1)] + [v0 + t for t in range(n2)] + [art0 + h for h in range(k1 + k2)]
    lex = list(range(rhs0 + 1, rhs0 + top + 1)) + list(range(art0, art0 + k1 + k2)) + list(range(u0, u0 + n1 + n2))
    tab = SparseTableau(rows, basic, rhs0, lex, max_entries)
    for h in range(k1):
        tab.pivot(n1 + n2 + h, x0 + start1[h])
    for h in range(k2):
        tab.pivot(n1 + n2 + k1 + h, y0 + start2[h])
    for h in reversed(range(k1)):
        tab.pivot(tab.row_of[u0 + start1[h]], p0 + h)
    for h in reversed(range(k2)):
        tab.pivot(tab.row_of[v0 + start2[h]], q0 + h)
    end = follow_complementary_path(tab, u0, p0, z, max_pivots, "the perturbed Lemke algorithm", kernel, top + 1)

    def series(v: int, depth: list[int], s: int) -> Series:
        out = [ZERO] * (top + 1)
        if v in end.row_of:
            for k in range(top + 1):
                out[k] = end.value(v, rhs0 + k)
        if s != 0:
            out[depth[s]] += 1
        return out

    plans = [[series(x0 + s, d1, s) for s in range(n1)], [series(y0 + t, d2, t) for t in range(n2)]]
    return plans, end.pivots


def _leading(x: Series) -> tuple[int, Fraction]:
    for k, c in enumerate(x):
        if c:
            return k, c
    return len(x), ZERO


def _multiply(a: Series, b: Series) -> Series:
    out = [ZERO] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                if y:
                    out[i + j] += x * y
    return out


def _limit_profile(form: SequenceForm, plans: list[list[Series]]) -> Profile:
    g = form.game
    rows: list[tuple[Fraction, ...]] = []
    index = [{s: k for k, s in enumerate(form.sequences[i])} for i in range(2)]
    for h in g.infosets:
        if h.player == CHANCE:
            rows.append(g.chance_probs(h.index))
            continue
        i = h.player
        parent = plans[i][form.parent[i][h.index]]
        order, lead = _leading(parent)
        if not lead:
            raise SolverError("internal error in the perturbed Lemke algorithm: a sequence has zero weight")
        rows.append(tuple(
            (plans[i][index[i][(h.index, a)]][order] if order < len(plans[i][index[i][(h.index, a)]]) else ZERO) / lead
            for a in range(len(h.actions))
        ))
    return Profile(g, tuple(rows))


def _limit_beliefs(form: SequenceForm, plans: list[list[Series]]) -> dict[int, tuple[Fraction, ...]]:
    """Limits of the nodes' reach under the perturbed plans, normalised per set."""
    g = form.game
    index = [{s: k for k, s in enumerate(form.sequences[i])} for i in range(2)]
    last: list[tuple[int, int]] = [(0, 0)] * len(g.nodes)
    weight: list[Fraction] = [Fraction(1)] * len(g.nodes)
    for v in g.nodes[1:]:
        parent = g.nodes[v.parent]
        seq = list(last[v.parent])
        w = weight[v.parent]
        if parent.kind == "chance":
            w *= g.chance_probs(parent.infoset)[v.action]
        else:
            seq[parent.player] = index[parent.player][(parent.infoset, v.action)]
        last[v.index] = (seq[0], seq[1])
        weight[v.index] = w
    out: dict[int, tuple[Fraction, ...]] = {}
    for h in g.infosets:
        if h.player == CHANCE or len(h.nodes) < 2:
            continue
        reach = [
            [weight[v] * c for c in _multiply(plans[0][last[v][0]], plans[1][last[v][1]])] for v in h.nodes
        ]
        order = min(_leading(r)[0] for r in reach)
        mass = [r[order] if order < len(r) else ZERO for r in reach]
        total = sum(mass, ZERO)
        out[h.index] = tuple(m / total for m in mass)
    return out


def solve(
    game: Game, max_pivots: int = DEFAULT_MAX_PIVOTS, max_entries: int = DEFAULT_MAX_ENTRIES, kernel: Kernel = "auto"
) -> Solution:
    """One quasi-perfect equilibrium of a two-player game (numeric, perfect recall), exactly.

    Parameters
    ----------
    game
        A numeric two-player game with perfect recall.
    max_pivots, max_entries
        Limits on the path's length and the tableau's size (:class:`LimitError`).
    kernel
        The arithmetic of the path (:func:`gametoolkit.solvers.lemke.follow_complementary_path`);
        every choice gives the same equilibrium.

    Returns
    -------
    Solution
        Concept ``quasi-perfect``: one equilibrium with behavior and beliefs at every
        set, checked to be Nash and sequentially rational.
    """
    form = sequence_form(game)
    plans, pivots = quasi_perfect_plans(form, max_pivots=max_pivots, max_entries=max_entries, kernel=kernel)
    profile = _limit_profile(form, plans)
    beliefs = _limit_beliefs(form, plans)
    base = nash_assessment(profile)
    values = node_values(profile)
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        belief = beliefs.get(h.index, (Fraction(1),))
        here = sum((b * values[v][h.player] for b, v in zip(belief, h.nodes)), ZERO)
        if best_continuation(profile, h.index, belief) > here:
            raise SolverError(
                f"internal check failed: the computed profile is not sequentially rational at "
                f"{game.infoset_name(h)!r}; please report this"
            )
    kind = signaling_kind(game, profile.probs)
    equilibrium = Assessment(profile, beliefs, base.payoffs, (), kind)
    return Solution(
        game=game,
        concept="quasi-perfect",
        method="lemke-perturbed-sequence-form",
        exact=True,
        complete=False,
        equilibria=(equilibrium,),
        notes=(
            f"sequence form: {form.sizes[0]} x {form.sizes[1]} sequences; {pivots} pivots",
            "one quasi-perfect equilibrium (Miltersen and Sorensen 2010); others may exist",
            "beliefs at every set are the limits along the perturbed plans (consistent)",
        ),
    )
