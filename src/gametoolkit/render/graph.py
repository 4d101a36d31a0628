"""The tree as a networkx graph, for users who analyse it as a graph."""

from __future__ import annotations

from typing import Any

from ..core.game import CHANCE, Game
from ..errors import MissingDependencyError
from ..evaluate.profiles import Profile
from ..solution import Assessment

__all__ = ["to_networkx"]


def to_networkx(game: Game, equilibrium: Assessment | Profile | None = None) -> Any:
    """A ``networkx.DiGraph`` of the tree: nodes are indices in prefix order, 0 the root.

    Node attributes: ``kind`` (``decision``, ``chance``, ``terminal``), ``player`` (the
    mover's name, ``"chance"``, or ``None`` at a leaf), ``infoset`` (the set's index
    into ``game.infosets``, ``None`` at a leaf), ``infoset_label``, ``label``,
    ``path`` (action labels from the root, ``"U_H/l"``), ``depth`` and ``payoffs``
    (a tuple of exact values at a leaf, ``None`` elsewhere).  Edge attributes:
    ``action`` (its label), ``action_index``, and ``probability``: the chance
    probability on a chance edge, the equilibrium's probability with ``equilibrium``,
    else ``None``.  The graph's ``title`` and ``players`` are graph attributes.
    """
    try:
        import networkx as nx
    except ImportError as err:
        raise MissingDependencyError("to_networkx needs networkx: pip install networkx") from err
    probs = None
    if equilibrium is not None:
        from .overlay import overlay

        probs = overlay(game, equilibrium).probs
    graph = nx.DiGraph(title=game.title, players=list(game.players))
    for v in game.nodes:
        h = game.infosets[v.infoset] if v.infoset >= 0 else None
        graph.add_node(
            v.index,
            kind=v.kind,
            player=None if v.kind == "terminal" else game.player_name(v.player),
            infoset=None if h is None else h.index,
            infoset_label=None if h is None else h.label,
            label=v.label,
            path=game.path_str(v),
            depth=v.depth,
            payoffs=game.payoffs(v) if v.kind == "terminal" else None,
        )
    for v in game.nodes[1:]:
        parent = game.nodes[v.parent]
        h = game.infosets[parent.infoset]
        if probs is not None:
            probability: Any = probs[h.index][v.action]
        elif h.player == CHANCE and h.probs is not None:
            probability = h.probs[v.action]
        else:
            probability = None
        graph.add_edge(
            parent.index, v.index, action=h.actions[v.action], action_index=v.action, probability=probability
        )
    return graph
