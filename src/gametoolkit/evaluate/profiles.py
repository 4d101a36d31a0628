"""Behavior profiles and what they imply, in exact arithmetic.

A behavior profile gives, at every information set of a player, a probability
distribution over its actions; chance sets keep the game's probabilities.  From a
profile follow:

* the reach probability of every node (chance included), and the reach that leaves
  out one player's own moves (``π_{-i}``);
* the expected payoff vector at every node, computed from the leaves upward;
* Bayes beliefs at every information set reached with positive probability;
* the value of each action at a set, given beliefs there and play afterwards;
* regrets: the agent regret at each set (what a one-shot deviation there gains, given
  beliefs) and each player's strategic regret (what the best whole-plan deviation
  gains, the quantity Gambit calls ``max_regret``).  A profile is a Nash equilibrium
  exactly when every strategic regret is zero.

Everything is computed over the flat, prefix-ordered node list without recursion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.game import CHANCE, Game
from ..errors import GameToolkitError, SolverError

__all__ = [
    "Profile",
    "action_values",
    "agent_regrets",
    "bayes_beliefs",
    "best_response_value",
    "is_nash",
    "max_regret",
    "node_values",
    "own_sequences",
    "reach",
    "reach_without",
    "sign_of",
    "strategic_regrets",
]

ZERO = Fraction(0)
ONE = Fraction(1)


@dataclass(frozen=True)
class Profile:
    """Behavior at every information set of a player: ``probs[h]`` for set index ``h``.

    Chance sets hold the game's probabilities.  Build one with :meth:`from_labels`,
    :meth:`pure` or :meth:`uniform`.
    """

    game: Game
    probs: tuple[tuple[Fraction, ...], ...]

    def __post_init__(self) -> None:
        g = self.game
        if not g.is_numeric:
            raise GameToolkitError(f"bind the parameters {', '.join(sorted(g.parameters))} first")
        if len(self.probs) != len(g.infosets):
            raise GameToolkitError(f"a profile needs {len(g.infosets)} distributions, got {len(self.probs)}")
        for h, dist in zip(g.infosets, self.probs):
            if len(dist) != len(h.actions):
                raise GameToolkitError(f"information set {h.label!r}: {len(h.actions)} actions, {len(dist)} probabilities")
            if any(x < 0 for x in dist) or sum(dist, ZERO) != 1:
                raise GameToolkitError(f"information set {h.label!r}: {list(map(str, dist))} is not a distribution")

    def __getitem__(self, h: int) -> tuple[Fraction, ...]:
        return self.probs[h]

    @classmethod
    def from_probs(cls, game: Game, probs: Mapping[int, Sequence[object]]) -> Profile:
        """From player-set distributions by set index (chance filled in from the game)."""
        from ..core.values import exact

        rows: list[tuple[Fraction, ...]] = []
        for h in game.infosets:
            if h.player == CHANCE:
                rows.append(tuple(exact(x) for x in h.probs or ()))
            elif h.index in probs:
                rows.append(tuple(exact(x) for x in probs[h.index]))
            else:
                raise GameToolkitError(f"no behavior given at information set {h.label!r} of {game.players[h.player]!r}")
        return cls(game, tuple(rows))

    @classmethod
    def pure(cls, game: Game, choice: Mapping[int, int]) -> Profile:
        """The pure profile choosing action ``choice[h]`` at each player set ``h``."""
        return cls.from_probs(
            game,
            {
                h.index: [ONE if a == choice.get(h.index, 0) else ZERO for a in range(len(h.actions))]
                for h in game.infosets
                if h.player != CHANCE
            },
        )

    @classmethod
    def uniform(cls, game: Game) -> Profile:
        return cls.from_probs(
            game,
            {h.index: [Fraction(1, len(h.actions))] * len(h.actions) for h in game.infosets if h.player != CHANCE},
        )

    @classmethod
    def from_labels(cls, game: Game, behavior: Mapping[str, Mapping[str, Mapping[str, object]]]) -> Profile:
        """From ``{player: {infoset label: {action: prob}}}`` (the JSON ``behavior``)."""
        probs: dict[int, list[object]] = {}
        for player, sets in behavior.items():
            for label, dist in sets.items():
                h = game.infoset(player, label)
                unknown = set(dist) - set(h.actions)
                if unknown:
                    raise GameToolkitError(f"information set {label!r} has no action(s) {sorted(unknown)}")
                probs[h.index] = [dist.get(a, 0) for a in h.actions]
        return cls.from_probs(game, probs)

    def to_labels(self) -> dict[str, dict[str, dict[str, Fraction]]]:
        """``{player: {infoset label: {action: prob}}}`` for the players' sets."""
        g = self.game
        out: dict[str, dict[str, dict[str, Fraction]]] = {name: {} for name in g.players}
        for h in g.infosets:
            if h.player == CHANCE:
                continue
            label = g.infoset_name(h)
            out[g.players[h.player]][label] = dict(zip(_action_names(h.actions), self.probs[h.index]))
        return out

    def replace(self, h: int, dist: Sequence[Fraction]) -> Profile:
        rows = list(self.probs)
        rows[h] = tuple(dist)
        return Profile(self.game, tuple(rows))

    def is_pure(self) -> bool:
        return all(x in (ZERO, ONE) for h, dist in zip(self.game.infosets, self.probs) if h.player != CHANCE for x in dist)


def _action_names(actions: Iterable[str]) -> list[str]:
    return [a if a else f"#{k + 1}" for k, a in enumerate(actions)]


def reach(profile: Profile) -> list[Fraction]:
    """The probability of reaching each node."""
    g = profile.game
    out = [ONE] * len(g.nodes)
    for v in g.nodes[1:]:
        parent = g.nodes[v.parent]
        out[v.index] = out[v.parent] * profile.probs[parent.infoset][v.action]
    return out


def reach_without(profile: Profile, player: int) -> list[Fraction]:
    """Reach of each node counting chance and the others' moves, not ``player``'s own."""
    g = profile.game
    out = [ONE] * len(g.nodes)
    for v in g.nodes[1:]:
        parent = g.nodes[v.parent]
        step = ONE if parent.player == player and parent.kind == "decision" else profile.probs[parent.infoset][v.action]
        out[v.index] = out[v.parent] * step
    return out


def node_values(profile: Profile) -> list[tuple[Fraction, ...]]:
    """Expected payoff vector at every node (outcomes above a node are not counted)."""
    g = profile.game
    n = len(g.players)
    values: list[tuple[Fraction, ...]] = [()] * len(g.nodes)
    for v in reversed(g.nodes):
        own = g.outcome_payoffs(v.outcome) if v.outcome >= 0 else None
        if v.kind == "terminal":
            total = [ZERO] * n
        else:
            dist = profile.probs[v.infoset]
            total = [ZERO] * n
            for a, c in enumerate(v.children):
                pa = dist[a]
                if pa:
                    cv = values[c]
                    for i in range(n):
                        total[i] += pa * cv[i]
        if own is not None:
            for i in range(n):
                total[i] += own[i]
        values[v.index] = tuple(total)
    return values


def bayes_beliefs(profile: Profile, reached: Sequence[Fraction] | None = None) -> dict[int, tuple[Fraction, ...] | None]:
    """Beliefs by Bayes' rule at each player set; ``None`` where the set is unreached."""
    g = profile.game
    r = reached if reached is not None else reach(profile)
    out: dict[int, tuple[Fraction, ...] | None] = {}
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        total = sum((r[v] for v in h.nodes), ZERO)
        out[h.index] = None if total == 0 else tuple(r[v] / total for v in h.nodes)
    return out


def action_values(
    profile: Profile, h: int, belief: Sequence[Fraction], values: Sequence[tuple[Fraction, ...]] | None = None
) -> tuple[Fraction, ...]:
    """Mover's expected payoff of each action at set ``h``, given a belief over its nodes."""
    g = profile.game
    iset = g.infosets[h]
    vals = values if values is not None else node_values(profile)
    i = iset.player
    out = []
    for a in range(len(iset.actions)):
        out.append(sum((mu * vals[g.nodes[v].children[a]][i] for v, mu in zip(iset.nodes, belief)), ZERO))
    return tuple(out)


def agent_regrets(
    profile: Profile, beliefs: Mapping[int, Sequence[Fraction] | None]
) -> dict[int, Fraction]:
    """What a one-shot deviation gains at each player set, given ``beliefs`` there.

    Sets with a single node need no belief; a multi-node set whose belief is ``None``
    is skipped (its regret is not defined).
    """
    g = profile.game
    values = node_values(profile)
    out: dict[int, Fraction] = {}
    for iset in g.infosets:
        if iset.player == CHANCE:
            continue
        belief = beliefs.get(iset.index)
        if belief is None:
            if len(iset.nodes) != 1:
                continue
            belief = (ONE,)
        av = action_values(profile, iset.index, belief, values)
        current = sum((p * x for p, x in zip(profile.probs[iset.index], av)), ZERO)
        out[iset.index] = max(av) - current
    return out


def own_sequences(game: Game, player: int) -> list[tuple[int, int] | None]:
    """For each node, ``player``'s last own move above it: ``(set, action)`` or ``None``."""
    out: list[tuple[int, int] | None] = [None] * len(game.nodes)
    for v in game.nodes[1:]:
        parent = game.nodes[v.parent]
        if parent.kind == "decision" and parent.player == player:
            out[v.index] = (parent.infoset, v.action)
        else:
            out[v.index] = out[v.parent]
    return out


def best_response_value(profile: Profile, player: int) -> Fraction:
    """The most ``player`` can get against the others' behavior (needs perfect recall).

    Each of the player's sets is decided from the deepest up: its best action maximises
    the sum over its nodes of ``π_{-i}(node)`` times the value of the child, where
    later own sets already play their best actions.  Every node's value is worked out
    once (all own sets below a set are decided before it), so the work is linear in
    the size of the tree, and nothing recurses.
    """
    g = profile.game
    if not g.has_perfect_recall:
        raise SolverError("best responses need perfect recall; this game lacks it")
    others = reach_without(profile, player)
    mine = [h for h in g.infosets if h.player == player]
    choice: dict[int, int] = {}
    vals: list[Fraction | None] = [None] * len(g.nodes)
    # a set that follows another has all its nodes below that set's nodes: larger first index
    for iset in sorted(mine, key=lambda h: -min(h.nodes)):
        for v in iset.nodes:
            for c in g.nodes[v].children:
                _value_of(profile, player, choice, vals, c)
        totals = []
        for a in range(len(iset.actions)):
            totals.append(sum((others[v] * _known(vals, g.nodes[v].children[a]) for v in iset.nodes), ZERO))
        choice[iset.index] = max(range(len(totals)), key=lambda a: (totals[a], -a))
    return _value_of(profile, player, choice, vals, 0)


def _known(vals: Sequence[Fraction | None], k: int) -> Fraction:
    x = vals[k]
    assert x is not None, "a value is used before it is worked out"
    return x


def _value_of(profile: Profile, player: int, choice: Mapping[int, int], vals: list[Fraction | None], start: int) -> Fraction:
    """``player``'s expected payoff at ``start`` with ``choice`` at own sets (memoised in ``vals``).

    Every own set below ``start`` must be decided in ``choice``.
    """
    g = profile.game
    stack = [start]
    while stack:
        k = stack[-1]
        if vals[k] is not None:
            stack.pop()
            continue
        v = g.nodes[k]
        deps: Sequence[int]
        if v.kind == "terminal":
            deps = ()
        elif v.kind == "decision" and v.player == player:
            deps = (v.children[choice[v.infoset]],)
        else:
            dist = profile.probs[v.infoset]
            deps = [c for a, c in enumerate(v.children) if dist[a]]
        missing = [c for c in deps if vals[c] is None]
        if missing:
            stack.extend(missing)
            continue
        stack.pop()
        own = g.outcome_payoffs(v.outcome)[player] if v.outcome >= 0 else ZERO
        if v.kind == "terminal":
            vals[k] = own
        elif v.kind == "decision" and v.player == player:
            vals[k] = own + _known(vals, v.children[choice[v.infoset]])
        else:
            dist = profile.probs[v.infoset]
            vals[k] = own + sum((dist[a] * _known(vals, c) for a, c in enumerate(v.children) if dist[a]), ZERO)
    return _known(vals, start)


def strategic_regrets(profile: Profile) -> tuple[Fraction, ...]:
    """Each player's gain from the best deviation to any plan (0 for all: Nash)."""
    values = node_values(profile)[0]
    return tuple(best_response_value(profile, i) - values[i] for i in range(len(profile.game.players)))


def max_regret(profile: Profile) -> Fraction:
    return max(strategic_regrets(profile), default=ZERO)


def is_nash(profile: Profile) -> bool:
    """Whether no player gains by a deviation (irrational profiles decided exactly)."""
    return sign_of(max_regret(profile)) == 0


def sign_of(value: object) -> int:
    """The sign of an exact number: a ``Fraction``/``int``, or a sympy algebraic number.

    Algebraic numbers (profiles with ``sqrt(2)/2``) come only from the solvers that use
    sympy, so sympy is imported only for them (:func:`gametoolkit.algebra.polysolve.sign`).
    """
    if isinstance(value, (Fraction, int)):
        return (value > 0) - (value < 0)
    from ..algebra.polysolve import sign

    return sign(value)
