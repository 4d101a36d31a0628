"""Trees that statistical strategic models use, with payoffs as parameters.

:func:`egame12` is the two-player, two-move game of Signorino (1999) as the R package
``games`` (Kenkel and Signorino 2014) writes it: player 1 ends the game (outcome 1)
or moves on; player 2 then picks outcome 3 or outcome 4.  Player 1's payoffs are
``u11``, ``u13``, ``u14``; player 2's are ``u23`` (fixed at 0 by the usual
normalisation: write ``u23 ~ 0``) and ``u24``.
"""

from __future__ import annotations

from ..core.dsl import decision, game, leaf, param
from ..core.game import Game

__all__ = ["TREES", "egame12"]


def egame12(outcomes: tuple[str, str, str] = ("1", "3", "4"), actions: tuple[str, str, str, str] = ("L", "R", "L", "R")) -> Game:
    """The egame12 tree with payoff parameters ``u11, u13, u14, u23, u24``.

    Parameters
    ----------
    outcomes : tuple of str
        Labels of the three leaves (outcomes 1, 3 and 4), which a data set's outcome
        column names: ``("no attack", "devaluation", "defense")``.
    actions : tuple of str
        Player 1's two actions, then player 2's.
    """
    u11, u13, u14, u23, u24 = (param(n) for n in ("u11", "u13", "u14", "u23", "u24"))
    one, three, four = outcomes
    end, on, left, right = actions
    return game(
        "egame12 (Signorino 1999)",
        players=["1", "2"],
        root=decision(
            "1", "1",
            {
                end: leaf(u11, 0, label=one),
                on: decision("2", "2", {left: leaf(u13, u23, label=three), right: leaf(u14, u24, label=four)}),
            },
        ),
    )


#: Trees known by name to ``gametoolkit estimate MODEL``.
TREES = {"egame12": egame12}
