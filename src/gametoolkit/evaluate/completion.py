"""Behavior at information sets that a player's own earlier moves exclude.

A mixed strategy over reduced plans, or a realization plan of the sequence form, says
nothing about an information set that the player's own play never reaches: every plan
in its support takes, earlier, a move that leads elsewhere.  Such a set is never
reached whatever the other players do, so the choice there changes no payoff and no
regret: any choice keeps a Nash equilibrium a Nash equilibrium.  A behavior profile
still needs one, and :func:`complete_behavior` makes this choice:

* each player's undecided sets are settled from the deepest up (a set that follows
  another in the player's own play comes first);
* at each, the player takes a pure best response: the action that maximises the sum,
  over the set's nodes, of the node's reach by chance and the *other* players
  (``π_{-i}``) times the player's expected payoff after the action, with the player's
  own later sets already settled;
* where ``π_{-i}`` is zero at every node of the set, all nodes weigh the same;
* ties go to the first action.

Players are settled in order; a player's undecided sets see the others' behavior as
settled so far (their undecided sets start as their first action).  This is a
sensible completion for reading a Nash equilibrium, not a refinement: a subgame
perfect or sequential equilibrium needs its own solver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from ..core.game import CHANCE, Game
from .profiles import Profile, reach_without

__all__ = ["complete_behavior"]

ZERO = Fraction(0)
ONE = Fraction(1)


def complete_behavior(game: Game, partial: Mapping[int, Sequence[Fraction] | None]) -> Profile:
    """A profile from a distribution at every player set, or ``None`` where undecided.

    ``partial`` maps every player set's index to its distribution, or to ``None`` when
    the player's own moves exclude the set; missing sets count as ``None``.  Undecided
    sets receive a pure best response as the module explains.
    """
    probs: list[tuple[Fraction, ...]] = []
    undecided: dict[int, list[int]] = {}
    for h in game.infosets:
        if h.player == CHANCE:
            probs.append(game.chance_probs(h.index))
            continue
        dist = partial.get(h.index)
        if dist is None:
            undecided.setdefault(h.player, []).append(h.index)
            probs.append(_pure(len(h.actions), 0))
        else:
            probs.append(tuple(dist))
    profile = Profile(game, tuple(probs))
    for player in sorted(undecided):
        profile = _settle(profile, player, undecided[player])
    return profile


def _pure(n: int, a: int) -> tuple[Fraction, ...]:
    return tuple(ONE if k == a else ZERO for k in range(n))


def _settle(profile: Profile, player: int, sets: list[int]) -> Profile:
    """Settle ``player``'s undecided ``sets`` by best responses, deepest first."""
    g = profile.game
    weights = reach_without(profile, player)
    probs = list(profile.probs)
    memo: dict[int, Fraction] = {}
    # a set that follows another own set has all its nodes below that set's nodes
    for h in sorted(sets, key=lambda k: -min(g.infosets[k].nodes)):
        iset = g.infosets[h]
        w = [weights[v] for v in iset.nodes]
        if not any(w):
            w = [ONE] * len(iset.nodes)
        totals = []
        for a in range(len(iset.actions)):
            total = ZERO
            for v, wv in zip(iset.nodes, w, strict=True):
                if wv:
                    total += wv * _value(g, probs, player, g.nodes[v].children[a], memo)
            totals.append(total)
        best = max(range(len(totals)), key=lambda a: (totals[a], -a))
        probs[h] = _pure(len(iset.actions), best)
    return Profile(g, tuple(probs))


def _value(
    g: Game, probs: Sequence[tuple[Fraction, ...]], player: int, root: int, memo: dict[int, Fraction]
) -> Fraction:
    """``player``'s expected payoff from the outcomes at and below ``root`` (memoised).

    Only children played with positive probability are visited.  A memoised value
    stays right while sets are settled deepest first: every own set below ``root``
    is settled before ``root``'s value is first asked for.
    """
    if root in memo:
        return memo[root]
    stack = [root]
    while stack:
        k = stack[-1]
        if k in memo:
            stack.pop()
            continue
        v = g.nodes[k]
        own = g.outcome_payoffs(v.outcome)[player] if v.outcome >= 0 else ZERO
        if v.kind == "terminal":
            memo[k] = own
            stack.pop()
            continue
        dist = probs[v.infoset]
        pending = [c for a, c in enumerate(v.children) if dist[a] and c not in memo]
        if pending:
            stack.extend(pending)
            continue
        memo[k] = own + sum((dist[a] * memo[c] for a, c in enumerate(v.children) if dist[a]), ZERO)
        stack.pop()
    return memo[root]
