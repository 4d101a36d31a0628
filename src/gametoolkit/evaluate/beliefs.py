"""Beliefs that support a behavior profile: Bayes where it applies, a region elsewhere.

For a behavior profile ``σ`` and a player's information set ``h``:

* if ``h`` is reached with positive probability from the root of the smallest subgame
  containing it, Bayes' rule fixes the belief there (conditional on that subgame);
* otherwise any belief is allowed, and the ones that make ``σ_h`` sequentially rational
  form a polytope in the simplex over ``h``'s nodes: every action ``σ_h`` plays must
  be worth at least as much as every other action.

:func:`support_beliefs` returns, for every set, either the Bayes belief or the
supporting region (its linear inequalities and its vertices), and whether ``σ`` is
sequentially rational everywhere with some such beliefs: the perfect Bayesian
equilibrium conditions of ``DESIGN.md``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..algebra.linear import polytope_vertices
from ..core.game import CHANCE, Game
from ..core.values import format_value
from .profiles import Profile, node_values, sign_of
from .reach import reach_weight

__all__ = ["BeliefRegion", "SetCheck", "is_pbe", "relative_reach", "subgame_roots_of_sets", "support_beliefs"]

ZERO = Fraction(0)
ONE = Fraction(1)


@dataclass(frozen=True)
class BeliefRegion:
    """Beliefs over a set's nodes that make the behavior there optimal.

    ``inequalities`` are ``(coefficients, bound)`` meaning ``sum(c * mu) <= bound``
    over the set's nodes; ``vertices`` are the region's extreme points (empty: no
    supporting belief).
    """

    infoset: int
    inequalities: tuple[tuple[tuple[Fraction, ...], Fraction], ...]
    vertices: tuple[tuple[Fraction, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.vertices

    @property
    def whole_simplex(self) -> bool:
        return not self.inequalities

    def choose(self) -> tuple[Fraction, ...]:
        """One supporting belief: the vertex putting most weight on the first node."""
        return max(self.vertices)

    def conditions(self, game: Game) -> list[str]:
        """The region as ASCII inequalities on ``mu(node)``."""
        iset = game.infosets[self.infoset]
        names = [f"mu({game.node_name(v)})" for v in iset.nodes]
        if len(names) == 2:
            lo = min(v[0] for v in self.vertices)
            hi = max(v[0] for v in self.vertices)
            if lo == hi:
                return [f"{names[0]} = {format_value(lo)}"]
            out = []
            if lo > 0:
                out.append(f"{names[0]} >= {format_value(lo)}")
            if hi < 1:
                out.append(f"{names[0]} <= {format_value(hi)}")
            return out
        out = []
        for coeffs, bound in self.inequalities:
            terms = []
            for c, name in zip(coeffs, names):
                if c == 0:
                    continue
                text = name if c == 1 else f"-{name}" if c == -1 else f"{format_value(c)}*{name}"
                terms.append(text)
            lhs = " + ".join(terms).replace("+ -", "- ") or "0"
            out.append(f"{lhs} <= {format_value(bound)}")
        return out


@dataclass(frozen=True)
class SetCheck:
    """What :func:`support_beliefs` found at one player set."""

    infoset: int
    bayes: tuple[Fraction, ...] | None
    region: BeliefRegion | None
    rational: bool

    def belief(self) -> tuple[Fraction, ...] | None:
        if self.bayes is not None:
            return self.bayes
        if self.region is not None and not self.region.empty:
            return self.region.choose()
        return None


def subgame_roots_of_sets(game: Game) -> dict[int, int]:
    """For each player set, the root of the smallest subgame that contains it."""
    roots = {v.index for v in game.subgame_roots()}
    nearest = [0] * len(game.nodes)
    for v in game.nodes:
        nearest[v.index] = v.index if v.index in roots else (nearest[v.parent] if v.parent >= 0 else 0)
    return {h.index: nearest[h.nodes[0]] for h in game.infosets if h.player != CHANCE}


def relative_reach(profile: Profile, root: int, nodes: Sequence[int]) -> list[Fraction]:
    """Probability of reaching each node from ``root`` (every mover counted)."""
    g = profile.game
    return [reach_weight(g, v, root, lambda at, a: profile.probs[at.infoset][a], ONE) for v in nodes]


#: Above this many pure continuation plans below a set, an unreached set's region of
#: supporting beliefs is computed from one-shot deviations and its chosen belief is
#: then confirmed against every continuation plan by backward induction.
MAX_PLANS = 4096


def support_beliefs(profile: Profile, roots: dict[int, int] | None = None) -> list[SetCheck]:
    """Bayes beliefs or supporting regions at every player set, and rationality there.

    Sequential rationality is checked for whole continuation strategies, not only for
    one-shot deviations: at a set, the mover's behavior from there on must do as well,
    given the belief there, as any plan of its own later moves (the others and chance
    playing as in the profile).  With free beliefs at the mover's own later sets,
    one-shot checks alone could accept a profile that is not even a Nash equilibrium.
    """
    g = profile.game
    roots = roots if roots is not None else subgame_roots_of_sets(g)
    values = node_values(profile)
    checks: list[SetCheck] = []
    for iset in g.infosets:
        if iset.player == CHANCE:
            continue
        i = iset.player
        current = [values[v][i] for v in iset.nodes]
        weights = relative_reach(profile, roots[iset.index], iset.nodes)
        total = sum(weights, ZERO)
        if total > 0:
            mu = tuple(w / total for w in weights)
            here = sum((m * u for m, u in zip(mu, current)), ZERO)
            best = best_continuation(profile, iset.index, mu)
            checks.append(SetCheck(iset.index, mu, None, sign_of(best - here) <= 0))
            continue
        plans = _plan_values(profile, iset.index)
        if plans is None:
            # too many plans: one-shot region, then confirm the chosen belief exactly
            table = [[values[g.nodes[v].children[a]][i] for a in range(len(iset.actions))] for v in iset.nodes]
            played = [a for a, x in enumerate(profile.probs[iset.index]) if x > 0]
            region = _region(iset.index, table, played)
            good = [b for b in region.vertices if best_continuation(profile, iset.index, b) <= sum(
                (m * u for m, u in zip(b, current)), ZERO)]
            region = BeliefRegion(iset.index, region.inequalities, tuple(good))
        else:
            region = _plan_region(iset.index, current, plans)
        checks.append(SetCheck(iset.index, None, region, not region.empty))
    return checks


def best_continuation(profile: Profile, h: int, belief: Sequence[Fraction]) -> Fraction:
    """The most the mover at set ``h`` can expect from there, given ``belief`` over its nodes.

    Backward induction over the mover's own later sets (all below ``h``'s nodes, by
    perfect recall): each is decided for the weights its nodes get from the belief at
    ``h`` and the others' and chance's moves in between.
    """
    g = profile.game
    iset = g.infosets[h]
    i = iset.player
    weight: dict[int, Fraction] = {}
    order: list[int] = []
    for v, b in zip(iset.nodes, belief):
        for k in range(v, g.subtree_end(v)):
            order.append(k)
            u = g.nodes[k]
            if k == v:
                weight[k] = b
            else:
                parent = g.nodes[u.parent]
                step = ONE if parent.kind == "decision" and parent.player == i else profile.probs[parent.infoset][u.action]
                weight[k] = weight[u.parent] * step
    own_sets = sorted(
        {g.nodes[k].infoset for k in order if g.nodes[k].kind == "decision" and g.nodes[k].player == i},
        key=lambda s: -min(g.infosets[s].nodes),
    )
    choice: dict[int, int] = {}
    vals: dict[int, Fraction] = {}
    members = set(order)
    for s_index in own_sets:
        nodes = [u for u in g.infosets[s_index].nodes if u in members]
        vals.update(_values_below(profile, i, choice, nodes))
        totals = [
            sum((weight[u] * vals[g.nodes[u].children[a]] for u in nodes), ZERO)
            for a in range(len(g.infosets[s_index].actions))
        ]
        choice[s_index] = max(range(len(totals)), key=lambda a: totals[a])
    vals = _values_below(profile, i, choice, list(iset.nodes))
    return sum((b * vals[v] for v, b in zip(iset.nodes, belief)), ZERO)


def _values_below(profile: Profile, player: int, choice: dict[int, int], roots: Sequence[int]) -> dict[int, Fraction]:
    """``player``'s value at every node below ``roots``, with ``choice`` at own sets."""
    g = profile.game
    vals: dict[int, Fraction] = {}
    for r in roots:
        for k in range(g.subtree_end(r) - 1, r - 1, -1):
            v = g.nodes[k]
            own = g.outcome_payoffs(v.outcome)[player] if v.outcome >= 0 else ZERO
            if v.kind == "terminal":
                vals[k] = own
            elif v.kind == "decision" and v.player == player and v.infoset in choice:
                vals[k] = own + vals[v.children[choice[v.infoset]]]
            elif v.kind == "decision" and v.player == player:
                vals[k] = own + max(vals[c] for c in v.children)
            else:
                dist = profile.probs[v.infoset]
                vals[k] = own + sum((dist[a] * vals[c] for a, c in enumerate(v.children) if dist[a]), ZERO)
    return vals


def _plan_values(profile: Profile, h: int) -> list[list[Fraction]] | None:
    """For every pure plan of the mover from set ``h`` on, its value at each node of ``h``."""
    g = profile.game
    iset = g.infosets[h]
    i = iset.player
    sets = sorted(
        {
            g.nodes[k].infoset
            for v in iset.nodes
            for k in range(v, g.subtree_end(v))
            if g.nodes[k].kind == "decision" and g.nodes[k].player == i
        }
    )
    count = 1
    for s_index in sets:
        count *= len(g.infosets[s_index].actions)
        if count > MAX_PLANS:
            return None
    out = []
    for plan in itertools.product(*(range(len(g.infosets[s_index].actions)) for s_index in sets)):
        choice = dict(zip(sets, plan))
        vals = _values_below(profile, i, choice, list(iset.nodes))
        out.append([vals[v] for v in iset.nodes])
    return out


def _plan_region(h: int, current: list[Fraction], plans: list[list[Fraction]]) -> BeliefRegion:
    """Beliefs under which no plan beats the profile's own continuation."""
    k = len(current)
    ineqs: list[tuple[tuple[Fraction, ...], Fraction]] = []
    for plan in plans:
        coeffs = tuple(plan[n] - current[n] for n in range(k))
        if all(c <= 0 for c in coeffs):
            continue
        ineqs.append((coeffs, ZERO))
    ineqs = _dedupe(ineqs)
    simplex = [(tuple(-ONE if j == n else ZERO for j in range(k)), ZERO) for n in range(k)]
    vertices = polytope_vertices(ineqs + simplex, [(tuple([ONE] * k), ONE)], dim=k) or []
    return BeliefRegion(h, tuple(ineqs), tuple(vertices))


def _region(h: int, table: list[list[Fraction]], played: list[int]) -> BeliefRegion:
    """Beliefs under which every played action is a best reply (``table[node][action]``)."""
    k = len(table)
    actions = range(len(table[0]))
    ineqs: list[tuple[tuple[Fraction, ...], Fraction]] = []
    for a in played:
        for b in actions:
            if b == a:
                continue
            # sum mu (u_b - u_a) <= 0
            coeffs = tuple(table[n][b] - table[n][a] for n in range(k))
            if all(c <= 0 for c in coeffs):
                continue  # holds for every belief
            ineqs.append((coeffs, ZERO))
    simplex = [(tuple(-ONE if j == n else ZERO for j in range(k)), ZERO) for n in range(k)]
    vertices = polytope_vertices(ineqs + simplex, [(tuple([ONE] * k), ONE)], dim=k) or []
    return BeliefRegion(h, tuple(_dedupe(ineqs)), tuple(vertices))


def _dedupe(ineqs: list[tuple[tuple[Fraction, ...], Fraction]]) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    seen: set[tuple[tuple[Fraction, ...], Fraction]] = set()
    out = []
    for coeffs, bound in ineqs:
        scale = next((abs(c) for c in coeffs if c != 0), ONE)
        key = (tuple(c / scale for c in coeffs), bound / scale)
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out


def is_pbe(profile: Profile) -> bool:
    """True when ``profile`` with Bayes-consistent, supporting beliefs is a PBE."""
    return all(c.rational for c in support_beliefs(profile))
