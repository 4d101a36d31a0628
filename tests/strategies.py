"""Hypothesis strategies for random games (the generator is ``gametoolkit.verify.random_games``).

* :func:`seeded_games` draws the generator's parameters and a seed, then calls
  :func:`~gametoolkit.verify.random_games.random_game`: hypothesis shrinks a failure to a
  small seed and small parameters, and the game can be rebuilt from them alone.
* :func:`signaling_games` and :func:`tree_games` build a game with the DSL from values
  hypothesis draws one by one (shape, probabilities, payoffs), so shrinking
  simplifies the game itself.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import Game
from gametoolkit.verify.random_games import MAX_NODES, PAYOFF_STYLES, random_game

__all__ = ["payoffs", "seeded_games", "signaling_games", "tree_games"]


@st.composite
def seeded_games(
    draw: st.DrawFn, max_nodes: int = 24, perfect_recall: bool | None = True, players: int | None = None
) -> Game:
    """A game of :func:`random_game` with drawn parameters; ``perfect_recall=None`` draws it."""
    seed = draw(st.integers(0, 2**32 - 1))
    n = players if players is not None else draw(st.integers(1, 4))
    largest = draw(st.integers(3, min(max_nodes, MAX_NODES)))
    recall = perfect_recall if perfect_recall is not None else draw(st.booleans())
    return random_game(
        random.Random(seed),
        players=n,
        max_nodes=largest,
        chance_share=draw(st.sampled_from((0.0, 0.2, 0.5))),
        merge=draw(st.sampled_from((0.0, 0.6, 1.0))),
        perfect_recall=recall,
        payoffs=draw(st.sampled_from(PAYOFF_STYLES)),
        title=f"hypothesis game {seed}",
    )


#: Payoffs: small integers and fractions, so that ties are frequent.
payoffs = st.one_of(st.integers(-3, 3).map(Fraction), st.fractions(-3, 3, max_denominator=4))


@st.composite
def signaling_games(draw: st.DrawFn, max_types: int = 3, max_messages: int = 3, max_responses: int = 3) -> Game:
    """A signaling game drawn piece by piece: chance picks the sender's type (exact
    probabilities, zero allowed but not for all), the sender sends a message, the
    receiver sees the message only (one set per message, across types) and responds."""
    types = draw(st.integers(2, max_types))
    messages = draw(st.integers(2, max_messages))
    responses = draw(st.integers(2, max_responses))
    weights = draw(st.lists(st.integers(0, 4), min_size=types, max_size=types).filter(any))
    total = sum(weights)

    def receiver(m: int) -> Any:
        return decision("R", f"after m{m}", [(f"r{k}", leaf(draw(payoffs), draw(payoffs))) for k in range(responses)])

    branches = [
        (f"t{t}", (Fraction(w, total), decision("S", f"type {t}", [(f"m{m}", receiver(m)) for m in range(messages)])))
        for t, w in enumerate(weights)
    ]
    return game("hypothesis signaling game", ["S", "R"], chance(branches))


@st.composite
def tree_games(draw: st.DrawFn, players: int = 2, max_depth: int = 4) -> Game:
    """A perfect-information game drawn node by node (chance nodes included)."""
    names = [f"P{i + 1}" for i in range(players)]
    counter = [0]

    def node(depth: int) -> Any:
        if depth > 0 and (depth >= max_depth or draw(st.integers(0, 2)) == 0):
            return leaf(*[draw(payoffs) for _ in names])
        arity = draw(st.integers(2, 3))
        counter[0] += 1
        if depth > 0 and draw(st.integers(0, 4)) == 0:
            weights = draw(st.lists(st.integers(0, 3), min_size=arity, max_size=arity).filter(any))
            total = sum(weights)
            return chance([(f"c{k}", (Fraction(w, total), node(depth + 1))) for k, w in enumerate(weights)])
        player = names[draw(st.integers(0, players - 1))]
        return decision(player, f"{player}-{counter[0]}", [(f"a{counter[0]}.{k}", node(depth + 1)) for k in range(arity)])

    return game("hypothesis tree game", names, node(0))
