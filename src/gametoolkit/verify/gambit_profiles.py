"""Our profiles as pygambit's, and pygambit's profiles as ours.

:func:`gametoolkit.io.pygambit.to_pygambit` keeps the tree node for node.
:class:`GambitTree` pairs our game with its pygambit twin under pygambit 16 or 17: it
turns our exact behavior into a rational pygambit profile, reads a profile's payoffs,
realization probabilities, beliefs and behavior at our sets, and reads a pure strategy
profile of Gambit's back as behavior at our sets.  pygambit 16 names nodes and
information sets by objects (``game.root``, ``node.children``, ``infoset.actions``),
pygambit 17 by *selectors*, ``H.path(a1, a2, ...)``, the node reached by playing the
actions labelled ``a1``, ``a2``, ... from the root; :class:`GambitTree` keeps, for each
of our nodes, that path of pygambit action labels.

The functions :func:`pg_maps`, :func:`gambit_profile` and
:func:`pure_strategy_behavior` are the pygambit 16 forms of the same (pygambit 17 has
no node objects).  pygambit is never imported here: callers pass its objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game

__all__ = ["GambitTree", "equilibria_of", "gambit_profile", "is_rational_profile", "pg_maps", "pure_strategy_behavior", "to_fraction"]


class GambitTree:
    """Our game and its pygambit twin (pygambit 16 or 17), paired node for node.

    Parameters
    ----------
    game : Game
        Our game.
    pg : pygambit.Game
        ``to_pygambit(game)`` (with labels), which keeps the tree node for node.

    Attributes
    ----------
    legacy : bool
        True under pygambit 16 (node and information-set objects), False under 17.
    players : list of str
        pygambit's player labels, in our player order.
    actions : list of list of str
        pygambit's action labels at each of our sets.

    Examples
    --------
    >>> from gametoolkit.catalog import load
    >>> from gametoolkit.io.pygambit import to_pygambit
    >>> from gametoolkit.solvers import solve
    >>> game = load("us-japan-alliance", china="high", p="3/10")
    >>> tree = GambitTree(game, to_pygambit(game))
    >>> eq = solve(game).equilibria[0]
    >>> prof = tree.profile(eq.behavior.probs)
    >>> tree.payoffs(prof) == tuple(eq.payoffs), prof.max_regret() == 0
    (True, True)
    """

    def __init__(self, game: Game, pg: Any) -> None:
        from ..io.pygambit import import_pygambit, pygambit_labels

        self.game = game
        self.pg = pg
        self.legacy = hasattr(pg, "root")
        names = pygambit_labels(game)
        self.players = list(names.players)
        self.actions = names.actions
        self._nodes: list[Any] = []
        self._sets: list[Any] = []
        self._paths: list[tuple[str, ...]] = []
        if self.legacy:
            self._nodes, self._sets = pg_maps(game, pg)
        else:
            self._h = import_pygambit().H
            paths: list[tuple[str, ...]] = [()] * len(game.nodes)
            for v in game.nodes:  # prefix order: a parent's path is known before its children's
                for a, c in zip(names.actions[v.infoset] if v.children else (), v.children, strict=True):
                    paths[c] = (*paths[v.index], a)
            self._paths = paths

    # --------------------------------------------------------------- addresses
    def node(self, v: int) -> Any:
        """pygambit's node ``v`` (16: a ``Node``; 17: a selector ``H.path(...)``)."""
        return self._nodes[v] if self.legacy else self._h.path(*self._paths[v])

    def infoset(self, h: int) -> Any:
        """pygambit's set ``h`` (16: an ``Infoset``; 17: a selector of its first node)."""
        return self._sets[h] if self.legacy else self.node(self.game.infosets[h].nodes[0])

    # --------------------------------------------------------------- profiles
    def profile(self, probs: Sequence[Sequence[Fraction]]) -> Any:
        """A rational pygambit behavior profile with our exact numbers at every player set.

        Parameters
        ----------
        probs : sequence of sequences of Fraction
            Our behavior, one distribution per set index (chance sets are skipped).

        Returns
        -------
        pygambit.MixedBehaviorProfileRational
        """
        if self.legacy:
            return gambit_profile(self.game, self.pg, self._sets, probs)
        rational = is_rational_profile(probs)
        prof = self.pg.mixed_behavior_profile(rational=rational)
        for h in self.game.infosets:
            if h.player == CHANCE:
                continue
            labels = self.actions[h.index]
            if rational:
                prof[self.infoset(h.index)] = {a: str(Fraction(p)) for a, p in zip(labels, probs[h.index], strict=True)}
            else:
                prof[self.infoset(h.index)] = {a: float(p) for a, p in zip(labels, probs[h.index], strict=True)}
        return prof

    def behavior(self, prof: Any, h: int) -> list[Any]:
        """pygambit's probabilities (its own numbers) at our set ``h`` in a behavior profile."""
        if self.legacy:
            return [prof[a] for a in self._sets[h].actions]
        mixed = prof[self.infoset(h)]
        return [mixed[a] for a in self.actions[h]]

    def infoset_prob(self, prof: Any, h: int) -> Any:
        """The probability that a behavior profile reaches our set ``h`` (pygambit's number)."""
        if self.legacy:
            return prof.infoset_prob(self._sets[h])
        return prof.infoset_probs[self.infoset(h)]

    def payoffs(self, prof: Any) -> tuple[Fraction, ...]:
        """Each player's expected payoff in a pygambit profile, exactly."""
        if self.legacy:
            return tuple(to_fraction(prof.payoff(p)) for p in self.pg.players)
        vector = prof.payoffs
        return tuple(to_fraction(vector[p]) for p in self.players)

    def realiz_probs(self, prof: Any) -> list[Fraction]:
        """The probability of reaching each of our nodes in a behavior profile, exactly."""
        if self.legacy:
            return [to_fraction(prof.realiz_prob(n)) for n in self._nodes]
        by_path = {history.actions: x for history, x in prof.realiz_probs}
        return [to_fraction(by_path[p]) for p in self._paths]

    def beliefs(self, prof: Any) -> list[Fraction | None]:
        """pygambit's belief at each of our nodes (``None`` where its set is not reached)."""
        if self.legacy:
            values = [prof.belief(n) if self.game.nodes[i].children else None for i, n in enumerate(self._nodes)]
        else:
            by_path = {history.actions: x for history, x in prof.beliefs}
            values = [by_path.get(p) for p in self._paths]
        return [None if x is None else to_fraction(x) for x in values]

    # --------------------------------------------------------------- strategies
    def strategies(self, i: int) -> list[Any]:
        """Player ``i``'s pure strategies in pygambit's reduced strategic form (its handles)."""
        if self.legacy:
            return list(list(self.pg.players)[i].strategies)
        return list(self.pg.get_strategies(self.players[i]))

    def strategy_prob(self, eq: Any, i: int, s: Any) -> Any:
        """The probability of player ``i``'s strategy ``s`` in a mixed strategy profile."""
        return eq[s] if self.legacy else eq[self.players[i]][s]

    def plan(self, i: int, s: Any) -> tuple[int, ...]:
        """Player ``i``'s strategy ``s`` as the action index at each of the player's sets
        (in our order), ``-1`` where the strategy names none (a set its own moves exclude)."""
        sets = [h.index for h in self.game.infosets_of(i)]
        if self.legacy:
            chosen = [s.action(self._sets[h]) for h in sets]
            return tuple(-1 if a is None else list(self._sets[h].actions).index(a) for h, a in zip(sets, chosen))
        behavior = self.pg.get_behavior(self.players[i], s)
        labels = [behavior.get(self.infoset(h)) for h in sets]
        return tuple(-1 if a is None else self.actions[h].index(a) for h, a in zip(sets, labels))

    def pure_behavior(self, eq: Any) -> dict[int, list[int]] | None:
        """A pure strategy profile's behavior, read off each player's pure strategy.

        See :func:`pure_strategy_behavior`.  Returns ``None`` when the profile is not pure.
        """
        out: dict[int, list[int]] = {}
        for i in range(len(self.game.players)):
            picks = [s for s in self.strategies(i) if self.strategy_prob(eq, i, s) == 1]
            if len(picks) != 1:
                return None
            for h, a in zip(self.game.infosets_of(i), self.plan(i, picks[0])):
                out[h.index] = [1 if j == a else 0 for j in range(len(h.actions))]
        return out


def equilibria_of(result: Any) -> list[Any]:
    """The equilibria a pygambit solver returned, as a list.

    pygambit 16 gives every result an ``equilibria`` list; pygambit 17 keeps it for the
    enumerating solvers (``enumpure``, ``enummixed``, strategic ``lcp``, ...) but gives
    the path followers (extensive ``lcp``, ``logit``, ...) one ``equilibrium``, ``None``
    where none was reached.

    Parameters
    ----------
    result : object
        What a ``pygambit.nash`` function returned.

    Returns
    -------
    list
        The profiles found (possibly none).
    """
    if hasattr(result, "equilibria"):
        return list(result.equilibria)
    eq = getattr(result, "equilibrium", None)
    return [] if eq is None else [eq]


def pg_maps(game: Game, pg: Any) -> tuple[list[Any], list[Any]]:
    """pygambit's node and information set for each of ours.

    Parameters
    ----------
    game : Game
        Our game.
    pg : pygambit.Game
        ``to_pygambit(game)``, which keeps the tree node for node.

    Returns
    -------
    nodes : list
        pygambit's node for each of our node indices.
    infosets : list
        pygambit's information set for each of our set indices.
    """
    nodes: list[Any] = [None] * len(game.nodes)
    nodes[0] = pg.root
    for v in game.nodes:
        if v.children:
            for c, pc in zip(v.children, nodes[v.index].children, strict=True):
                nodes[c] = pc
    infosets = [nodes[h.nodes[0]].infoset for h in game.infosets]
    return nodes, infosets


def gambit_profile(game: Game, pg: Any, infosets: Sequence[Any], probs: Sequence[Sequence[Fraction]]) -> Any:
    """A rational pygambit behavior profile with our exact numbers at every player set.

    Parameters
    ----------
    game : Game
        Our game.
    pg : pygambit.Game
        ``to_pygambit(game)``.
    infosets : sequence
        pygambit's set for each of ours, as :func:`pg_maps` gives them.
    probs : sequence of sequences of Fraction
        Our behavior, one distribution per set index (chance sets are skipped).

    Returns
    -------
    pygambit.MixedBehaviorProfileRational
        The profile, with ``probs`` at every player set (a floating-point profile when
        some probability is irrational, :func:`is_rational_profile`).
    """
    rational = is_rational_profile(probs)
    prof = pg.mixed_behavior_profile(rational=rational)
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        for action, p in zip(infosets[h.index].actions, probs[h.index], strict=True):
            prof[action] = Fraction(p) if rational else float(p)
    return prof


def is_rational_profile(probs: Sequence[Sequence[Any]]) -> bool:
    """Whether every probability is rational (else pygambit gets a floating-point profile).

    Parameters
    ----------
    probs : sequence of sequences
        One distribution per set: ``Fraction``, ``int`` or an algebraic number.

    Returns
    -------
    bool
        ``True`` when every entry is a ``Fraction``, an ``int`` or a sympy ``Rational``.
    """
    return all(isinstance(x, (Fraction, int)) or getattr(x, "is_Rational", False) for row in probs for x in row)


def to_fraction(x: Any) -> Fraction:
    """An exact number from pygambit's.

    Parameters
    ----------
    x : object
        pygambit's ``Rational`` or ``Decimal``, or the text of a number.

    Returns
    -------
    Fraction
        The same number, exactly.
    """
    return Fraction(str(x))


def pure_strategy_behavior(game: Game, pg: Any, infosets: Sequence[Any], eq: Any) -> dict[int, list[int]] | None:
    """A pure strategy profile's behavior, read off each player's pure strategy.

    ``as_behavior()`` weighs by the realization probability, chance's included, so a
    set that only a chance branch of probability 0 leads to comes out all zeros
    (unspecified) although the pure strategy names its action.  Read from the
    strategies, such a set gets its action, and a set the player's own moves exclude
    (a reduced strategy leaves it open) stays all zeros, as in ``as_behavior()``.

    Parameters
    ----------
    game : Game
        Our game.
    pg : pygambit.Game
        ``to_pygambit(game)``.
    infosets : sequence
        pygambit's set for each of ours, as :func:`pg_maps` gives them.
    eq : pygambit.MixedStrategyProfile
        A strategy profile of Gambit's.

    Returns
    -------
    dict of int to list of int, or None
        For each player set index, 1 at the chosen action and 0 elsewhere (all 0 where
        the player's own moves exclude the set); ``None`` when the profile is not pure.
    """
    chosen = {}
    for player in pg.players:
        picks = [s for s in player.strategies if eq[s] == 1]
        if len(picks) != 1:
            return None
        chosen[player.label] = picks[0]
    out: dict[int, list[int]] = {}
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        pg_set = infosets[h.index]
        action = chosen[pg_set.player.label].action(pg_set)
        out[h.index] = [1 if action is not None and a == action else 0 for a in pg_set.actions]
    return out

