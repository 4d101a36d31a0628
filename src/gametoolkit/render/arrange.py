"""The order of children and the signaling layout: figures whose information sets cross nothing.

A tree's layout (:mod:`.layout`) places leaves left to right in the order of the
tree.  The order in which a node's children are written is arbitrary, and it decides
whether the dashed line of an information set can run straight between its nodes or
must arch over other nodes, crossing the edges into them.  :func:`arrange` chooses the
order of every node's children (mirroring a subtree is one of the orders) to minimise

* the nodes of the set's level standing between two neighbouring nodes of the set
  (an arch over a node crosses the edge into it),
* the edges that pass through the set's level between two of its nodes, and
* pairs of sets on one level whose spans interleave (their lines would cross),

trying every order when there are few (at most :data:`EXHAUSTIVE` arrangements) and
otherwise improving one node's children at a time until nothing improves.

:func:`signaling_geometry` draws a sender-receiver game the way textbooks do: Nature
in the centre, the sender's two types left and right of it, each message going up or
down from both types, so that the receiver's set for a message is one straight line
joining the receiver's nodes, and the receiver's subtrees fan out above and below.
It applies when Nature picks one of two types, the types send at most two messages
(matched by label), and every other information set lies on one side; otherwise it
returns ``None`` and the tree layout is used.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from ..core.game import CHANCE, Game
from .layout import Geometry, level_sets, ranks

__all__ = ["EXHAUSTIVE", "arrange", "crossings", "ordered_slots", "signaling_geometry"]

#: Arrangements tried one by one when there are at most this many.
EXHAUSTIVE = 5040

Order = dict[int, tuple[int, ...]]


def ordered_slots(game: Game, order: Mapping[int, Sequence[int]] | None = None) -> list[float]:
    """Leaf slots 0, 1, 2, ... in the order the tree is walked with ``order`` (a node's
    children, by default as written); a parent at the middle of its first and last child."""
    out = [0.0] * len(game.nodes)
    k = 0
    stack = [0]
    post: list[int] = []
    while stack:
        v = stack.pop()
        kids = tuple(order[v]) if order is not None and v in order else game.nodes[v].children
        if not kids:
            out[v] = float(k)
            k += 1
            continue
        post.append(v)
        stack.extend(reversed(kids))
    for v in reversed(post):
        kids = tuple(order[v]) if order is not None and v in order else game.nodes[v].children
        out[v] = (out[kids[0]] + out[kids[-1]]) / 2
    return out


def crossings(
    game: Game, rank: Sequence[int], slot: Sequence[float], level: Sequence[int] | frozenset[int] | None = None
) -> int:
    """How many edges and other sets the level information-set lines cross (see the module
    docstring); 0 when every set is a straight line between neighbours.  ``level`` (the
    sets drawn on one level, :func:`~.layout.level_sets`) saves computing them again."""
    level = level_sets(game) if level is None else level
    long_edges = [v for v in game.nodes[1:] if rank[v.index] - rank[v.parent] > 1]
    by_rank: dict[int, list[float]] = {}
    for v in range(len(game.nodes)):
        by_rank.setdefault(rank[v], []).append(slot[v])
    spans: dict[int, list[tuple[float, float]]] = {}
    count = 0
    for h in level:
        members = sorted(slot[v] for v in game.infosets[h].nodes)
        r = rank[game.infosets[h].nodes[0]]
        for lo, hi in itertools.pairwise(members):
            count += sum(1 for x in by_rank[r] if lo < x < hi)
        spans.setdefault(r, []).append((members[0], members[-1]))
        for node in long_edges:
            p = node.parent
            if rank[p] < r < rank[node.index]:
                t = (r - rank[p]) / (rank[node.index] - rank[p])
                x = slot[p] + t * (slot[node.index] - slot[p])
                if members[0] < x < members[-1]:
                    count += 1
    for intervals in spans.values():
        for (a0, a1), (b0, b1) in itertools.combinations(intervals, 2):
            if a0 < b0 < a1 < b1 or b0 < a0 < b1 < a1:
                count += 1
    return count


def _cost(game: Game, rank: Sequence[int], order: Order, level: frozenset[int]) -> tuple[int, float]:
    slot = ordered_slots(game, order)
    spread = sum(
        max(slot[v] for v in game.infosets[h].nodes) - min(slot[v] for v in game.infosets[h].nodes) for h in level
    )
    return crossings(game, rank, slot, level), spread


def arrange(game: Game, rank: Sequence[int] | None = None) -> Order:
    """An order of every node's children with the fewest crossings (see the module docstring)."""
    rank = ranks(game) if rank is None else rank
    order: Order = {v.index: v.children for v in game.nodes if len(v.children) > 1}
    level = level_sets(game)
    if not level or not order:
        return order
    best = _cost(game, rank, order, level)
    if best[0] == 0:
        return order
    nodes = sorted(order)
    total = math.prod(math.factorial(len(order[v])) for v in nodes)
    if total <= EXHAUSTIVE:
        choices = [list(itertools.permutations(order[v])) for v in nodes]
        for combo in itertools.product(*choices):
            trial = dict(zip(nodes, combo))
            cost = _cost(game, rank, trial, level)
            if cost < best:
                best, order = cost, trial
        return order
    for _ in range(4):
        improved = False
        for v in nodes:
            kids = order[v]
            options = itertools.permutations(kids) if len(kids) <= 5 else iter((kids, kids[::-1]))
            for option in options:
                trial = {**order, v: tuple(option)}
                cost = _cost(game, rank, trial, level)
                if cost < best:
                    best, order, improved = cost, trial, True
        if not improved or best[0] == 0:
            break
    return order


# ---------------------------------------------------------------------- signaling
def _subtree(game: Game, top: int) -> list[int]:
    return list(range(top, game.subtree_end(top)))


def _messages(game: Game, types: Sequence[int]) -> list[str] | None:
    labels: list[str] = []
    for t in types:
        h = game.infosets[game.nodes[t].infoset]
        for a in h.actions:
            if a not in labels:
                labels.append(a)
    return labels if 1 <= len(labels) <= 2 else None


def signaling_geometry(game: Game, spacing: float, level: float) -> Geometry | None:
    """The textbook layout of a two-type sender-receiver game, or ``None`` (module docstring)."""
    from ..evaluate.signaling import sender_sets

    root = game.root
    if root.kind != "chance" or len(root.children) != 2 or sender_sets(game) is None:
        return None
    types = root.children
    messages = _messages(game, types)
    if messages is None:
        return None
    rank = ranks(game)
    n = len(game.nodes)
    sign = [0] * n  # +1 above Nature's level, -1 below
    column: dict[tuple[int, int], int] = {}  # (type position, up/down) -> receiver node
    for k, t in enumerate(types):
        node = game.nodes[t]
        h = game.infosets[node.infoset]
        for child in node.children:
            side = 1 if messages.index(h.actions[game.nodes[child].action]) == 0 else -1
            column[(k, side)] = child
            for v in _subtree(game, child):
                sign[v] = side
    for h in game.infosets:
        if h.player == CHANCE or len(h.nodes) < 2:
            continue
        if len({sign[v] for v in h.nodes}) != 1 or len({rank[v] for v in h.nodes}) != 1:
            return None
    slot = [0.0] * n
    extent: dict[tuple[int, int], tuple[float, float]] = {}
    for key, top in column.items():
        local = ordered_slots(game)
        members = _subtree(game, top)
        leaves = [local[v] for v in members if not game.nodes[v].children]
        centre = local[top]
        for v in members:
            slot[v] = local[v] - centre
        extent[key] = (min(leaves) - centre, max(leaves) - centre)
    half = 1.0
    for side in (1, -1):
        left, right = extent.get((0, side), (0.0, 0.0)), extent.get((1, side), (0.0, 0.0))
        half = max(half, (left[1] - right[0] + 1.2) / 2)
    for (k, _), top in column.items():
        shift = -half if k == 0 else half
        for v in _subtree(game, top):
            slot[v] += shift
    slot[types[0]], slot[types[1]] = -half, half
    depth = [0.0] * n
    base = rank[types[0]]
    for v in range(n):
        depth[v] = sign[v] * max(rank[v] - base, 0)
    # the receiver's sets are straight lines: nothing of their level may stand between their nodes
    signed = tuple(r if sign[v] >= 0 else -r for v, r in enumerate(rank))
    flip = tuple(s > 0 for s in sign)
    geom = Geometry("tb", signed, tuple(slot), spacing, level, depth=tuple(depth), flip=flip, kind="signaling")
    if crossings(game, geom.rank, geom.slot):
        return None
    return geom
