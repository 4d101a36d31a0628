"""Backward induction on perfect-information games: the kernel spe and nash share.

A game has *perfect information* when every player's information set is a single node
(chance sets may be larger).  :func:`one_by_backward_induction` then finds one pure
subgame-perfect profile in a single pass from the leaves (Kuhn 1953; Zermelo 1913).
"""

from __future__ import annotations

from fractions import Fraction

from ..core.game import CHANCE, Game
from ..errors import SolverError
from ..evaluate.profiles import Profile

__all__ = ["is_perfect_information", "one_by_backward_induction"]

ZERO = Fraction(0)


def is_perfect_information(game: Game) -> bool:
    """Whether every player's information set is a single node (chance's may be larger)."""
    return all(len(h.nodes) == 1 for h in game.infosets if h.player != CHANCE)


def one_by_backward_induction(game: Game) -> Profile:
    """One pure subgame-perfect profile of a perfect-information game, in one pass.

    Each mover takes its first best action (ties go to the earliest action), so the
    time and memory are linear in the tree however many equilibria there are.
    """
    g = game
    if not is_perfect_information(g):
        raise SolverError("backward induction needs perfect information (every player set a single node)")
    n = len(g.players)
    values: list[tuple[Fraction, ...]] = [()] * len(g.nodes)
    choice: dict[int, int] = {}
    for v in reversed(g.nodes):
        own = g.outcome_payoffs(v.outcome) if v.outcome >= 0 else None
        if v.kind == "terminal":
            pay = tuple([ZERO] * n)
        elif v.player == CHANCE:
            probs = g.chance_probs(v.infoset)
            pay = tuple(sum((p * values[c][i] for p, c in zip(probs, v.children)), ZERO) for i in range(n))
        else:
            i = v.player
            a = max(range(len(v.children)), key=lambda k: (values[v.children[k]][i], -k))
            choice[v.infoset] = a
            pay = values[v.children[a]]
        values[v.index] = pay if own is None else tuple(x + y for x, y in zip(pay, own))
    return Profile.pure(g, choice)
