"""Where every node and label of a tree figure goes, in points.

The layout is computed here, once, and shared by every output (Graphviz and TikZ draw
the same picture).  It has three parts.

*Ranks.*  A node's rank is its distance from the root in levels, except that the
nodes of one information set share a rank: a set is drawn as a dashed line across one
level, as in the textbooks.  Ranks are the longest paths in the graph whose vertices
are the information sets (and the nodes outside any multi-node set) and whose arcs
run from a node's set to its children's: each vertex gets one more than the largest
rank of the vertices above it.  Without perfect recall that graph can have a cycle
(a set met twice on one play, or two sets each above the other); the sets on a cycle
are then split into their nodes, which keep their own ranks.

*Slots.*  Leaves are evenly spaced, one slot each, from left to right in the order of
the tree; a parent sits at the middle of its first and last children.  Subtrees never
share a slot, so nodes never collide.

*Labels.*  :class:`Placer` keeps the boxes and line segments already drawn in a grid
and answers whether a new box would touch one of them.  The figure builder tries a
few places for each label, in order of preference, and takes the first free one; when
a label finds none, the whole figure is spread further apart (the distance between
slots and between ranks grows) and drawn again.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..core.game import CHANCE, Game

__all__ = ["Box", "Geometry", "Orientation", "Placer", "level_sets", "ranks", "shared_sets", "slots"]

Orientation = Literal["tb", "lr"]


def shared_sets(game: Game) -> list[tuple[int, ...]]:
    """The nodes of each player's information set with more than one node."""
    return [h.nodes for h in game.infosets if h.player != CHANCE and len(h.nodes) > 1]


def ranks(game: Game) -> list[int]:
    """The rank of every node: depth, with the nodes of an information set level."""
    return _ranks(game)[0]


def level_sets(game: Game) -> frozenset[int]:
    """Indices of the multi-node player sets drawn on one level (all but those on a cycle)."""
    return _ranks(game)[1]


def _ranks(game: Game) -> tuple[list[int], frozenset[int]]:
    n = len(game.nodes)
    group = list(range(n))
    sets = {h.index: h.nodes for h in game.infosets if h.player != CHANCE and len(h.nodes) > 1}
    for members in sets.values():
        for v in members:
            group[v] = members[0]
    while True:
        order = _topological(game, group)
        if order is not None:
            break
        split = _sets_on_cycles(game, group)
        for k in range(n):
            if group[k] in split:
                group[k] = k
    rank_of = dict.fromkeys(order, 0)
    children: dict[int, list[int]] = {}
    for node in game.nodes[1:]:
        children.setdefault(group[node.parent], []).append(group[node.index])
    for g in order:
        for c in children.get(g, ()):
            if rank_of[c] < rank_of[g] + 1:
                rank_of[c] = rank_of[g] + 1
    level = frozenset(h for h, members in sets.items() if len({group[v] for v in members}) == 1)
    return [rank_of[group[v]] for v in range(n)], level


def _arcs(game: Game, group: list[int]) -> dict[int, set[int]]:
    arcs: dict[int, set[int]] = {g: set() for g in set(group)}
    for v in game.nodes[1:]:
        arcs[group[v.parent]].add(group[v.index])
    return arcs


def _topological(game: Game, group: list[int]) -> list[int] | None:
    """The groups in an order with every arc forward, or ``None`` on a cycle."""
    arcs = _arcs(game, group)
    indegree = dict.fromkeys(arcs, 0)
    for targets in arcs.values():
        for t in targets:
            indegree[t] += 1
    ready = [g for g, d in indegree.items() if d == 0]
    order: list[int] = []
    while ready:
        g = ready.pop()
        order.append(g)
        for t in arcs[g]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return order if len(order) == len(arcs) else None


def _sets_on_cycles(game: Game, group: list[int]) -> set[int]:
    """Groups on a cycle of the group graph (Tarjan's components, without recursion)."""
    arcs = _arcs(game, group)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: set[int] = set()
    counter = 0
    for start in arcs:
        if start in index:
            continue
        work: list[tuple[int, Iterator[int]]] = [(start, iter(arcs[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            g, it = work[-1]
            advanced = False
            for t in it:
                if t not in index:
                    index[t] = low[t] = counter
                    counter += 1
                    stack.append(t)
                    on_stack.add(t)
                    work.append((t, iter(arcs[t])))
                    advanced = True
                    break
                if t in on_stack:
                    low[g] = min(low[g], index[t])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[g])
            if low[g] == index[g]:
                component = []
                while True:
                    t = stack.pop()
                    on_stack.discard(t)
                    component.append(t)
                    if t == g:
                        break
                if len(component) > 1 or g in arcs[g]:
                    found.update(component)
    return found


def slots(game: Game) -> list[float]:
    """Horizontal place of every node in leaf slots: leaves 0, 1, 2, ...; parents centred."""
    out = [0.0] * len(game.nodes)
    k = 0
    for v in game.nodes:
        if not v.children:
            out[v.index] = float(k)
            k += 1
    for v in reversed(game.nodes):
        if v.children:
            out[v.index] = (out[v.children[0]] + out[v.children[-1]]) / 2
    return out


@dataclass(frozen=True)
class Geometry:
    """Node positions for given spacings: ``spacing`` between leaf slots, ``level``
    between ranks, both in points.  ``x`` grows to the right and ``y`` upwards.

    Top-down (``tb``) puts the root at the top and the leaves along a row; left-right
    (``lr``) puts the root at the left and the leaves down a column.  ``breadth`` is
    the unit vector from one slot to the next, ``down`` the one from a rank to the next.
    ``depth`` (with ``flip``) places nodes above and below the root instead (the
    signaling layout of :mod:`.arrange`): ``y`` is ``depth`` levels, and the nodes with
    ``flip`` set grow upwards.
    """

    orientation: Orientation
    rank: tuple[int, ...]
    slot: tuple[float, ...]
    spacing: float
    level: float
    depth: tuple[float, ...] | None = None
    flip: tuple[bool, ...] | None = None
    kind: str = "tree"

    def point(self, v: int) -> tuple[float, float]:
        b = self.slot[v] * self.spacing
        if self.depth is not None:
            return (b, self.depth[v] * self.level)
        d = self.rank[v] * self.level
        return (b, -d) if self.orientation == "tb" else (d, -b)

    def frame(self, v: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """``breadth`` and ``down`` at node ``v`` (a signaling layout's upper half grows upwards)."""
        if self.flip is not None and self.flip[v]:
            return (1.0, 0.0), (0.0, 1.0)
        return self.breadth, self.down

    def spread(self, spacing: float, level: float) -> Geometry:
        """The same layout with other spacings."""
        return replace(self, spacing=spacing, level=level)

    @property
    def breadth(self) -> tuple[float, float]:
        return (1.0, 0.0) if self.orientation == "tb" else (0.0, -1.0)

    @property
    def down(self) -> tuple[float, float]:
        return (0.0, -1.0) if self.orientation == "tb" else (1.0, 0.0)


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-parallel rectangle: lower-left ``(x0, y0)``, upper-right ``(x1, y1)``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, cx: float, cy: float, width: float, height: float) -> Box:
        return cls(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

    def grown(self, margin: float) -> Box:
        return Box(self.x0 - margin, self.y0 - margin, self.x1 + margin, self.y1 + margin)

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def meets_segment(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """True when the segment from ``a`` to ``b`` passes through the box (Liang–Barsky)."""
        (ax, ay), (bx, by) = a, b
        dx, dy = bx - ax, by - ay
        lo, hi = 0.0, 1.0
        for p, q in ((-dx, ax - self.x0), (dx, self.x1 - ax), (-dy, ay - self.y0), (dy, self.y1 - ay)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
            if lo > hi:
                return False
        return True


Segment = tuple[tuple[float, float], tuple[float, float]]


class Placer:
    """Boxes and segments already drawn, in a grid of square cells, and queries against them."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self._boxes: dict[tuple[int, int], list[Box]] = {}
        self._segments: dict[tuple[int, int], list[Segment]] = {}

    def _cells(self, x0: float, y0: float, x1: float, y1: float) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                yield (i, j)

    def add_box(self, box: Box) -> None:
        for key in self._cells(box.x0, box.y0, box.x1, box.y1):
            self._boxes.setdefault(key, []).append(box)

    def add_segment(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        """Add a segment to the cells it crosses (walked in steps of half a cell)."""
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        steps = max(1, math.ceil(length / (self.cell / 2)))
        keys: set[tuple[int, int]] = set()
        for k in range(steps + 1):
            t = k / steps
            x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
            i, j = math.floor(x / self.cell), math.floor(y / self.cell)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    keys.add((i + di, j + dj))
        seg = (a, b)
        for key in keys:
            self._segments.setdefault(key, []).append(seg)

    def add_polyline(self, points: Sequence[tuple[float, float]]) -> None:
        for a, b in itertools.pairwise(points):
            self.add_segment(a, b)

    def is_free(self, box: Box) -> bool:
        """True when ``box`` touches no box or segment added so far."""
        seen_boxes: set[int] = set()
        seen_segments: set[int] = set()
        for key in self._cells(box.x0, box.y0, box.x1, box.y1):
            for other in self._boxes.get(key, ()):
                if id(other) not in seen_boxes:
                    seen_boxes.add(id(other))
                    if box.overlaps(other):
                        return False
            for seg in self._segments.get(key, ()):
                if id(seg) not in seen_segments:
                    seen_segments.add(id(seg))
                    if box.meets_segment(*seg):
                        return False
        return True
