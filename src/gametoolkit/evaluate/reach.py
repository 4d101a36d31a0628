"""Walks from a node up to a subgame's root: reach weights and reachability, in any arithmetic.

The belief of a node in an information set is its reach from the root of the smallest
subgame containing the set, over the reach of the set (Bayes' rule within subgames,
``DESIGN.md``).  Every solver needs the same walk: exact fractions (the numeric PBE
check), polynomials in the unknown mixing probabilities (the PBE enumeration), sympy
expressions (the symbolic solver), or a yes/no "is this node reached under these
supports".  One walk serves them all; the caller says what one move weighs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..core.game import Game, Node

__all__ = ["moves_up", "reach_weight", "reached"]

T = TypeVar("T")


def moves_up(game: Game, node: int, root: int) -> Iterator[tuple[Node, int]]:
    """The moves on the path from ``root`` down to ``node``, last move first.

    Parameters
    ----------
    game : Game
        The game.
    node, root : int
        Indices of a node and of an ancestor of it (the walk stops at the game's root
        if ``root`` is not an ancestor).

    Yields
    ------
    (Node, int)
        The node moved at and the index of the action taken there.
    """
    nodes = game.nodes
    u = nodes[node]
    while u.index != root and u.parent >= 0:
        parent = nodes[u.parent]
        yield parent, u.action
        u = parent


def reach_weight(game: Game, node: int, root: int, weight: Callable[[Node, int], T], one: T) -> T:
    """The product of ``weight(at, action)`` over the moves from ``root`` to ``node``.

    Stops at the first weight that is zero (``not w``), which it returns, so an
    unreached branch costs no more multiplications.

    Examples
    --------
    With ``weight = lambda at, a: profile.probs[at.infoset][a]`` and ``one =
    Fraction(1)`` this is the probability of reaching ``node`` from ``root``.
    """
    w: Any = one
    for at, action in moves_up(game, node, root):
        step = weight(at, action)
        if _is_zero(step):
            return step
        w = w * step
    result: T = w
    return result


def reached(game: Game, node: int, root: int, allowed: Callable[[Node, int], bool]) -> bool:
    """Whether every move from ``root`` to ``node`` is ``allowed`` (e.g. in the support)."""
    return all(allowed(at, action) for at, action in moves_up(game, node, root))


def _is_zero(x: Any) -> bool:
    try:
        return x == 0 and not getattr(x, "free_symbols", None)
    except TypeError:  # a type with no comparison to 0
        return False
