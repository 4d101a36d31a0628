"""Signaling structure: is the game sender-receiver, and how do the types' messages compare?

A *signaling game* here: the root is a chance node (Nature picks the sender's type);
each type's node is a decision node of one and the same player (the sender), alone in
its own information set; the sender's messages are matched across types by their
labels.  :func:`sender_sets` recognises it; :func:`message_kind` says whether the types
pool, separate or semi-separate, from each type's distribution over messages (or, when
only supports are known, from the supports).  Every caller (the PBE solver, the
symbolic solver, sweep labels, refinements) uses these two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core.game import Game

__all__ = ["message_kind", "sender_sets", "signaling_kind"]


def sender_sets(game: Game, types: Sequence[int] | None = None) -> list[int] | None:
    """The sender's information set at each type node, or ``None`` if not a signaling game.

    Parameters
    ----------
    game : Game
        The game.
    types : sequence of int, optional
        The type nodes to consider (children of the root chance node); by default all
        of the root's children.  Two or more are needed.

    Returns
    -------
    list of int or None
        One set index per type, in the order of ``types``.
    """
    root = game.root
    if types is None:
        if root.kind != "chance":
            return None
        types = root.children
    nodes = [game.nodes[v] for v in types]
    if len(nodes) < 2 or any(t.kind != "decision" for t in nodes):
        return None
    sender = nodes[0].player
    if any(t.player != sender or len(game.infosets[t.infoset].nodes) != 1 for t in nodes):
        return None
    if len({t.infoset for t in nodes}) != len(nodes):
        return None
    return [t.infoset for t in nodes]


def message_kind(dists: Sequence[Mapping[str, Any]], weights_known: bool = True) -> str:
    """``"pooling"``, ``"separating"`` or ``"semi-separating"`` for the types' messages.

    Parameters
    ----------
    dists : sequence of mappings
        For each type, the messages it sends with positive probability (label to
        probability; with ``weights_known`` false the values are ignored).
    weights_known : bool
        When false only supports are known: types pool only if each sends one and the
        same message (equal mixed supports may still differ in weights).

    Examples
    --------
    >>> message_kind([{"l": 1}, {"l": 1}])
    'pooling'
    >>> message_kind([{"l": 1}, {"h": 1}])
    'separating'
    >>> message_kind([{"l": 1}, {"l": 0.5, "h": 0.5}])
    'semi-separating'
    """
    supports = [set(d) for d in dists]
    if weights_known:
        pooled = all(dict(d) == dict(dists[0]) for d in dists)
    else:
        pooled = all(len(s) == 1 and s == supports[0] for s in supports)
    if pooled:
        return "pooling"
    if all(not (supports[i] & supports[j]) for i in range(len(supports)) for j in range(i + 1, len(supports))):
        return "separating"
    return "semi-separating"


def signaling_kind(game: Game, probs: Sequence[Sequence[Any]], types: Sequence[int] | None = None) -> str | None:
    """The kind of a behavior (``probs[h][a]`` for every set ``h``), or ``None`` if not signaling.

    ``types`` defaults to the root's children; pass the types of positive prior to
    leave out those that never occur.
    """
    sets = sender_sets(game, types)
    if sets is None:
        return None
    dists = []
    for hi in sets:
        h = game.infosets[hi]
        dists.append({a: p for a, p in zip(h.actions, probs[hi]) if p != 0})
    return message_kind(dists)
