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

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .game import CHANCE, Game
from .linear import polytope_vertices
from .numbers import format_value
from .profiles import Profile, node_values

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
    out = []
    for v in nodes:
        p = ONE
        u = g.nodes[v]
        while u.index != root and u.parent >= 0:
            parent = g.nodes[u.parent]
            p *= profile.probs[parent.infoset][u.action]
            if not p:
                break
            u = parent
        out.append(p)
    return out


def support_beliefs(profile: Profile, roots: dict[int, int] | None = None) -> list[SetCheck]:
    """Bayes beliefs or supporting regions at every player set, and rationality there."""
    g = profile.game
    roots = roots if roots is not None else subgame_roots_of_sets(g)
    values = node_values(profile)
    checks: list[SetCheck] = []
    for iset in g.infosets:
        if iset.player == CHANCE:
            continue
        i = iset.player
        # payoff to the mover of each action at each node (the node's own outcome is common to all actions)
        table = [[values[g.nodes[v].children[a]][i] for a in range(len(iset.actions))] for v in iset.nodes]
        dist = profile.probs[iset.index]
        played = [a for a, x in enumerate(dist) if x > 0]
        weights = relative_reach(profile, roots[iset.index], iset.nodes)
        total = sum(weights, ZERO)
        if total > 0:
            mu = tuple(w / total for w in weights)
            ev = [sum((m * table[k][a] for k, m in enumerate(mu)), ZERO) for a in range(len(iset.actions))]
            best = max(ev)
            checks.append(SetCheck(iset.index, mu, None, all(ev[a] == best for a in played)))
            continue
        region = _region(iset.index, table, played)
        checks.append(SetCheck(iset.index, None, region, not region.empty))
    return checks


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
