"""Our profiles as pygambit's, and pygambit's profiles as ours.

:func:`gametoolkit.io.pygambit.to_pygambit` keeps the tree node for node;
:func:`pg_maps` pairs our nodes and information sets with pygambit's,
:func:`gambit_profile` turns our exact behavior into a rational pygambit profile, and
:func:`pure_strategy_behavior` reads a pure strategy profile of Gambit's back as
behavior at our sets.  pygambit is never imported here: callers pass its objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game

__all__ = ["gambit_profile", "pg_maps", "pure_strategy_behavior", "to_fraction"]


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
        The profile, with ``probs`` at every player set.
    """
    prof = pg.mixed_behavior_profile(rational=True)
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        for action, p in zip(infosets[h.index].actions, probs[h.index], strict=True):
            prof[action] = Fraction(p)
    return prof


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

