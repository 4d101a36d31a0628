"""Cut a game into subgames and put it back together.

:func:`extract` makes the subgame below a subgame root into a game of its own;
:func:`truncate` replaces subgames by leaves carrying given payoffs.  Both return a map
from the new game's information sets to the original ones, so behavior found on the
pieces can be carried back (:func:`merge_behavior`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from ..core.builder import TreeBuilder
from ..core.game import CHANCE, Game
from ..core.values import Value

__all__ = ["extract", "merge_behavior", "truncate"]


def extract(game: Game, root: int) -> tuple[Game, dict[int, int]]:
    """The subgame whose root is node ``root``, and its sets' indices in ``game``."""
    end = game.subtree_end(root)
    return _rebuild(game, range(root, end), {})


def truncate(game: Game, leaves: Mapping[int, Sequence[Value]]) -> tuple[Game, dict[int, int]]:
    """``game`` with the subtree of each node in ``leaves`` replaced by a leaf paying that vector."""
    keep: list[int] = []
    skip_until = -1
    for v in game.nodes:
        if v.index < skip_until:
            continue
        keep.append(v.index)
        if v.index in leaves:
            skip_until = game.subtree_end(v)
    return _rebuild(game, keep, leaves)


def _rebuild(game: Game, keep: Sequence[int] | range, leaves: Mapping[int, Sequence[Value]]) -> tuple[Game, dict[int, int]]:
    b = TreeBuilder(game.players, title=game.title, comment=game.comment)
    outcome_keys: dict[int, int] = {}
    for k in keep:
        v = game.nodes[k]
        if k in leaves:
            o = b.outcome(("payoff", k), f"value of subgame at {game.path_str(v)}", list(leaves[k]))
            b.add_terminal(v.label, o)
            continue
        out = -1
        if v.outcome >= 0:
            if v.outcome not in outcome_keys:
                o_obj = game.outcomes[v.outcome]
                outcome_keys[v.outcome] = b.outcome(v.outcome, o_obj.label, o_obj.payoffs)
            out = outcome_keys[v.outcome]
        if v.kind == "terminal":
            b.add_terminal(v.label, out)
        else:
            h = game.infosets[v.infoset]
            b.add_move(h.player, h.index, v.label, h.label, h.actions, h.probs, out)
    new = b.finish(validate=False)
    # each new node k is the original node order[k]: a set's first node names its original set
    mapping: dict[int, int] = {}
    order = list(keep)
    for h in new.infosets:
        original = game.nodes[order[h.nodes[0]]]
        mapping[h.index] = original.infoset
    return new, mapping


def merge_behavior(
    game: Game, pieces: Sequence[tuple[Mapping[int, int], Sequence[Sequence[Fraction]]]]
) -> dict[int, tuple[Fraction, ...]]:
    """Behavior on ``game``'s player sets from behavior found on pieces of it."""
    out: dict[int, tuple[Fraction, ...]] = {}
    for mapping, probs in pieces:
        for new_index, old_index in mapping.items():
            if game.infosets[old_index].player == CHANCE:
                continue
            out.setdefault(old_index, tuple(probs[new_index]))
    return out
