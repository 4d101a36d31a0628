"""A figure as positioned shapes and labels, before any output format.

:func:`build_scene` turns a game (and optionally an equilibrium) into a
:class:`Scene`: node marks, edges and information-set lines with their pens, and
labels with their boxes, all in points with ``y`` upwards.  The renderers
(:mod:`.dot`, :mod:`.tikz`) only write a scene down, so the Graphviz and TikZ
figures of a game are the same picture.

What is drawn:

* a decision node is a small filled circle labelled with its player, a chance node a
  hollow circle labelled with its own label or "Nature";
* each edge carries its action's label; a chance edge adds its probability, exactly
  (``U_L (3/10)``);
* the payoff vector sits under each leaf (beside it, left to right);
* the nodes of an information set are joined by a dashed line, which arches over any
  other node standing between two of them, and the set is labelled once with its
  player and its name;
* with an equilibrium, the actions played with positive probability are thick, the
  others dimmed, mixed probabilities are printed after the action, and the belief
  at each node of a multi-node set is written beside it in brackets.

Labels are placed by :class:`~.layout.Placer`; when one cannot be placed without
touching another label or a line, the figure is spread out and composed again.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from ..core.game import CHANCE, Game, NodeKind
from ..core.values import Value
from ..evaluate.profiles import Profile
from ..solution import Assessment
from .labels import EMPTY, Label, label_height, label_width, name_label, payoff_label, text_label, value_label
from .layout import Box, Geometry, Orientation, Placer, ranks, slots
from .overlay import Overlay, overlay
from .style import EdgeInfo, InfosetInfo, Mark, NodeInfo, Pen, Style, get_style

__all__ = ["Line", "Marker", "Scene", "Text", "build_scene", "stack"]

Point = tuple[float, float]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
TextRole = Literal["payoff", "action", "player", "infoset", "belief", "title"]

#: Space between a label and the line or mark it belongs to, in points.
GAP = 2.5
#: Space kept free between a label and any line, in points; twice that between two labels.
MARGIN = 1.5
#: Extra distances (points) at which a label is tried when the place next to its node is taken.
_FURTHER = (0.0, 4.0, 9.0, 15.0, 22.0)
#: How many times a crowded figure is spread out before its labels are accepted as they are.
MAX_ROUNDS = 24


@dataclass(frozen=True, slots=True)
class Marker:
    """A node's mark at ``(x, y)``."""

    node: int
    kind: NodeKind
    x: float
    y: float
    mark: Mark


@dataclass(frozen=True, slots=True)
class Line:
    """An edge or a piece of an information set's line.

    ``points`` are the two ends of a straight line, or the four points of a cubic
    Bézier curve.  For an edge, ``source`` is the parent, ``target`` the child and
    ``played`` says whether the equilibrium plays it (``None`` without one).
    """

    role: Literal["edge", "infoset"]
    points: tuple[Point, ...]
    pen: Pen
    source: int
    target: int
    played: bool | None = None
    infoset: int = -1

    @property
    def curved(self) -> bool:
        return len(self.points) == 4


@dataclass(frozen=True, slots=True)
class Text:
    """A label in its (estimated) box, aligned inside it as ``align``/``valign`` say."""

    role: TextRole
    label: Label
    box: Box
    align: Align
    valign: VAlign
    color: str
    node: int = -1

    def anchor(self) -> Point:
        """The point of the box that the alignment refers to (TikZ's anchor)."""
        x = (
            self.box.x0
            if self.align == "left"
            else self.box.x1
            if self.align == "right"
            else (self.box.x0 + self.box.x1) / 2
        )
        y = (
            self.box.y1
            if self.valign == "top"
            else self.box.y0
            if self.valign == "bottom"
            else (self.box.y0 + self.box.y1) / 2
        )
        return (x, y)


@dataclass(frozen=True)
class Scene:
    """A composed figure: marks, lines and texts, in points, ``y`` upwards.

    ``positions`` holds every node's point and ``rank`` its level; ``collisions`` counts
    the labels that found no free place (0 in a clean figure).
    """

    title: str
    orientation: Orientation
    font: str
    font_size: float
    markers: tuple[Marker, ...]
    lines: tuple[Line, ...]
    texts: tuple[Text, ...]
    bounds: Box
    positions: tuple[Point, ...]
    rank: tuple[int, ...]
    spacing: float
    level: float
    collisions: int

    def translated(self, dx: float, dy: float) -> Scene:
        def move(p: Point) -> Point:
            return (p[0] + dx, p[1] + dy)

        def shift(b: Box) -> Box:
            return Box(b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy)

        return replace(
            self,
            markers=tuple(replace(m, x=m.x + dx, y=m.y + dy) for m in self.markers),
            lines=tuple(replace(ln, points=tuple(move(p) for p in ln.points)) for ln in self.lines),
            texts=tuple(replace(t, box=shift(t.box)) for t in self.texts),
            bounds=shift(self.bounds),
            positions=tuple(move(p) for p in self.positions),
        )


# ---------------------------------------------------------------------- content
@dataclass
class _Content:
    """Everything about a figure that does not depend on where things go."""

    game: Game
    style: Style
    overlay: Overlay | None
    payoffs: dict[int, Label]
    actions: dict[int, tuple[Label, str]]  # child -> (label, colour)
    pens: dict[int, Pen]  # child -> pen of the edge into it
    played: dict[int, bool]
    players: dict[int, Label]  # node -> label beside it
    marks: dict[int, Mark]
    sets: list[tuple[int, tuple[int, ...], Label, Pen]]  # infoset, nodes, label, pen
    beliefs: dict[int, Label]  # node -> "[1/2]"


_AUTO_SET_NAME = re.compile(r"(#?\d*|\(\d+, *\d+\))\Z")


def _content(game: Game, ov: Overlay | None, style: Style, symbols: Mapping[str, str] | None) -> _Content:
    g = game
    shared = {h.index for h in g.infosets if h.player != CHANCE and len(h.nodes) > 1}
    payoffs: dict[int, Label] = {}
    actions: dict[int, tuple[Label, str]] = {}
    pens: dict[int, Pen] = {}
    played: dict[int, bool] = {}
    players: dict[int, Label] = {}
    marks: dict[int, Mark] = {}
    for v in g.nodes:
        if v.kind == "terminal":
            payoffs[v.index] = payoff_label(g.payoffs(v), symbols, stacked=style.payoffs == "column")
        else:
            mark = style.chance if v.kind == "chance" else style.decision
            if style.node_hook is not None:
                reached = None if ov is None else ov.reach[v.index] > 0
                mark = style.node_hook(NodeInfo(g, v, reached), mark)
            marks[v.index] = mark
            if v.kind == "chance":
                players[v.index] = text_label(v.label or style.chance_name)
            elif v.infoset not in shared:
                name = style.player_label(g, v) if style.player_label is not None else g.players[v.player]
                players[v.index] = name_label(name, symbols=symbols)
        if v.parent < 0:
            continue
        parent = g.nodes[v.parent]
        h = g.infosets[parent.infoset]
        label = name_label(h.actions[v.action], symbols=symbols)
        probability: Fraction | None = None
        chance_value: Value | None = h.probs[v.action] if h.probs is not None else None
        if ov is not None:
            probability = ov.probability(h.index, v.action)
        elif chance_value is not None and isinstance(chance_value, Fraction):
            probability = chance_value
        shown: Value | None = chance_value
        if chance_value is None and ov is not None and ov.mixed(h.index) and probability:
            shown = probability
        if shown is not None:
            number = value_label(shown, symbols)
            label = label + text_label(" (") + number + text_label(")") if label else number
        is_played = None if ov is None else bool(probability)
        pen = style.edge if ov is None else style.played if is_played else style.dimmed
        if style.edge_hook is not None:
            pen = style.edge_hook(EdgeInfo(g, parent, v, v.action, probability, is_played), pen)
        pens[v.index] = pen
        if is_played is not None:
            played[v.index] = is_played
        color = style.dimmed_text if is_played is False else style.text_color
        actions[v.index] = (label, color)
    sets: list[tuple[int, tuple[int, ...], Label, Pen]] = []
    beliefs: dict[int, Label] = {}
    for h in g.infosets:
        if h.index not in shared:
            continue
        set_label = name_label(g.players[h.player], symbols=symbols)
        if style.infoset_names and h.label and not _AUTO_SET_NAME.match(h.label) and h.label != g.players[h.player]:
            set_label = set_label + text_label(f" ({h.label})")
        belief = ov.beliefs.get(h.index) if ov is not None else None
        pen = style.infoset
        if style.infoset_hook is not None:
            pen = style.infoset_hook(InfosetInfo(g, h, belief), pen)
        sets.append((h.index, h.nodes, set_label, pen))
        if belief is not None:
            for u, mu in zip(h.nodes, belief):
                beliefs[u] = text_label("[") + value_label(mu, symbols) + text_label("]")
    return _Content(g, style, ov, payoffs, actions, pens, played, players, marks, sets, beliefs)


# ---------------------------------------------------------------------- composing
def _unit(x: float, y: float) -> Point:
    n = math.hypot(x, y)
    return (x / n, y / n) if n else (0.0, 0.0)


def _align(u: Point) -> tuple[Align, VAlign]:
    align: Align = "right" if u[0] < -0.3 else "left" if u[0] > 0.3 else "center"
    valign: VAlign = "bottom" if u[1] > 0.3 else "top" if u[1] < -0.3 else "middle"
    return align, valign


def _beside(p: Point, u: Point, clearance: float, w: float, h: float) -> tuple[Box, Align, VAlign]:
    """A ``w`` × ``h`` box on the side ``u`` (a unit vector) of point ``p``, ``clearance`` away."""
    reach_ = clearance + (abs(u[0]) * w + abs(u[1]) * h) / 2
    cx, cy = p[0] + u[0] * reach_, p[1] + u[1] * reach_
    align, valign = _align(u)
    return Box.around(cx, cy, w, h), align, valign


class _Composer:
    def __init__(self, content: _Content, geom: Geometry) -> None:
        self.c = content
        self.g = geom
        self.game = content.game
        size = content.style.font_size
        self.size = size
        self.pos = [geom.point(v) for v in range(len(self.game.nodes))]
        self.placer = Placer(max(geom.spacing, geom.level, 4 * size))
        self.texts: list[Text] = []
        self.lines: list[Line] = []
        self.markers: list[Marker] = []
        self.collisions = 0

    # -- directions
    def _vec(self, breadth: float, down: float) -> Point:
        b, d = self.g.breadth, self.g.down
        return _unit(breadth * b[0] + down * d[0], breadth * b[1] + down * d[1])

    def _side(self, v: int) -> float:
        node = self.game.nodes[v]
        if node.parent < 0:
            return 0.0
        diff = self.g.slot[v] - self.g.slot[node.parent]
        return -1.0 if diff < 0 else 1.0 if diff > 0 else 0.0

    # -- fixed shapes
    def _edges(self) -> None:
        for v in self.game.nodes[1:]:
            a, b = self.pos[v.parent], self.pos[v.index]
            self.lines.append(Line("edge", (a, b), self.c.pens[v.index], v.parent, v.index, self.c.played.get(v.index)))
            self.placer.add_segment(a, b)

    def _set_lines(self) -> None:
        """Dashed lines joining the nodes of each set: straight between neighbours on a
        level, arched over nodes between them, bowed out beside the edges for a set met
        twice on one play, and an S between two levels (only without perfect recall)."""
        game = self.game
        rank, slot = self.g.rank, self.g.slot
        by_rank: dict[int, list[float]] = {}
        for v in game.nodes:
            by_rank.setdefault(rank[v.index], []).append(slot[v.index])
        pieces: list[tuple[int, Pen, int, int, bool]] = []
        spans: dict[int, tuple[int, float, float]] = {}
        for index, nodes, _, pen in self.c.sets:
            members = sorted(nodes, key=lambda u: (rank[u], slot[u]))
            for u, w in itertools.pairwise(members):
                curved = rank[u] == rank[w] and any(slot[u] < x < slot[w] for x in by_rank[rank[u]])
                pieces.append((index, pen, u, w, curved))
                if curved:
                    r, lo, hi = spans.get(index, (rank[u], slot[u], slot[w]))
                    spans[index] = (r, min(lo, slot[u]), max(hi, slot[w]))
        lanes = _lanes(spans)
        up = self._vec(0.0, -1.0)
        for index, pen, u, w, curved in pieces:
            a, b = self.pos[u], self.pos[w]
            if rank[u] != rank[w] and (u < w < game.subtree_end(u) or w < u < game.subtree_end(w)):
                # a set met twice on one play: its line would lie on the edges between, so it bows out
                bow = self._vec(-1.0, 0.0)
                rise = 0.35 * self.g.level
                c1 = (a[0] + bow[0] * rise, a[1] + bow[1] * rise)
                c2 = (b[0] + bow[0] * rise, b[1] + bow[1] * rise)
                points: tuple[Point, ...] = (a, c1, c2, b)
                self.placer.add_polyline(_bezier(points, 16))
            elif rank[u] != rank[w]:
                b_ = self.g.breadth
                half = ((b[0] - a[0]) * b_[0] + (b[1] - a[1]) * b_[1]) / 2
                c1 = (a[0] + b_[0] * half, a[1] + b_[1] * half)
                c2 = (b[0] - b_[0] * half, b[1] - b_[1] * half)
                points = (a, c1, c2, b)
                self.placer.add_polyline(_bezier(points, 16))
            elif curved:
                rise = self.g.level * min(0.28 + 0.22 * lanes[index], 0.95)
                c1 = (a[0] + up[0] * rise, a[1] + up[1] * rise)
                c2 = (b[0] + up[0] * rise, b[1] + up[1] * rise)
                points = (a, c1, c2, b)
                self.placer.add_polyline(_bezier(points, 16))
            else:
                points = (a, b)
                self.placer.add_segment(a, b)
            self.lines.append(Line("infoset", points, pen, u, w, infoset=index))

    def _markers(self) -> None:
        for v, mark in self.c.marks.items():
            x, y = self.pos[v]
            self.markers.append(Marker(v, self.game.nodes[v].kind, x, y, mark))
            r = mark.radius + mark.pen.width / 2
            self.placer.add_box(Box(x - r, y - r, x + r, y + r))

    def _payoffs(self) -> None:
        size = self.size
        down = self.g.down
        for v, label in self.c.payoffs.items():
            w, h = label_width(label, size), label_height(label, size)
            box, align, valign = _beside(self.pos[v], down, GAP + 0.5, w, h)
            if not self.placer.is_free(box.grown(MARGIN / 2)):
                self.collisions += 1
            self.placer.add_box(box.grown(MARGIN / 2))
            self.texts.append(Text("payoff", label, box, align, valign, self.c.style.text_color, v))

    # -- labels placed by preference
    def _place(
        self,
        role: TextRole,
        label: Label,
        color: str,
        node: int,
        options: Sequence[tuple[Box, Align, VAlign]],
        accept: Callable[[Box], bool] | None = None,
    ) -> None:
        """Place the label at the first free option (that ``accept`` also takes)."""
        choice = next(
            (o for o in options if self.placer.is_free(o[0].grown(MARGIN)) and (accept is None or accept(o[0]))),
            None,
        )
        if choice is None:
            self.collisions += 1
            choice = options[0]
        box, align, valign = choice
        self.placer.add_box(box.grown(MARGIN))
        self.texts.append(Text(role, label, box, align, valign, color, node))

    def _set_labels(self) -> None:
        """Each set's label beside its line (the middle piece first, above it first), or,
        when the line is crowded, beside one of its nodes."""
        size = self.size
        up = self._vec(0.0, -1.0)
        for index, nodes, label, _ in self.c.sets:
            pieces = [ln for ln in self.lines if ln.role == "infoset" and ln.infoset == index]
            if not pieces or not label:
                continue
            middle = (len(pieces) - 1) // 2
            pieces = [pieces[k] for k in sorted(range(len(pieces)), key=lambda k: abs(k - middle))]
            w, h = label_width(label, size), label_height(label, size)
            options = []
            for sides in ((1.0,), (-1.0,)):
                for piece in pieces:
                    curve = _bezier(piece.points, 20) if piece.curved else _segment_points(piece.points, 20)
                    for k in (10, 7, 13, 4, 16):
                        (x0, y0), (x1, y1) = curve[k - 1], curve[k + 1]
                        normal = _unit(y0 - y1, x1 - x0)
                        if normal[0] * up[0] + normal[1] * up[1] < 0 or (
                            abs(normal[0] * up[0] + normal[1] * up[1]) < 1e-9 and normal[0] > 0
                        ):
                            normal = (-normal[0], -normal[1])
                        for side in sides:
                            n = (normal[0] * side, normal[1] * side)
                            for extra in _FURTHER[:3]:
                                options.append(_beside(curve[k], n, GAP + extra, w, h))
            own = [_polyline(piece) for piece in pieces]
            others = [_polyline(ln) for ln in self.lines if ln.role == "infoset" and ln.infoset != index]
            arc_options = len(options)
            order = [(0.0, -1.0), (1.0, 0.0), (-1.0, 0.0), (1.0, -1.0), (-1.0, -1.0)]
            for v in sorted(nodes, key=lambda u: (self.g.rank[u], self.g.slot[u])):
                options.extend(self._node_options(v, w, h, order))
            arcs = {id(o[0]) for o in options[:arc_options]}

            def unambiguous(
                box: Box, own: list[list[Point]] = own, others: list[list[Point]] = others, arcs: set[int] = arcs
            ) -> bool:
                # beside its line, a label nearer another set's line would name the wrong set
                return id(box) not in arcs or _nearest_is_own(box, own, others)

            self._place("infoset", label, self.c.style.text_color, pieces[0].source, options, unambiguous)

    def _node_options(
        self,
        v: int,
        w: float,
        h: float,
        order: Sequence[tuple[float, float]],
        further: Sequence[float] = (),
    ) -> list[tuple[Box, Align, VAlign]]:
        """Boxes beside node ``v`` in the directions ``order`` (breadth outwards, depth down),
        each first close to the node, then further away (the first direction also at the
        distances ``further``)."""
        mark = self.c.marks.get(v)
        clearance = (mark.radius if mark else 0.0) + GAP
        side = self._side(v) or 1.0
        return [
            _beside(self.pos[v], self._vec(b * side, d), clearance + extra, w, h)
            for k, (b, d) in enumerate(order)
            for extra in (_FURTHER + tuple(further) if k == 0 else _FURTHER)
        ]

    def _player_labels(self) -> None:
        size = self.size
        for v, label in self.c.players.items():
            if not label:
                continue
            w, h = label_width(label, size), label_height(label, size)
            order: list[tuple[float, float]]
            if v == 0:
                order = [(0, -1), (-1, -1), (1, -1), (-1, 0), (1, 0)]
            else:
                order = [(1, 0), (1, -0.5), (0, -1), (1, -1), (-1, 0), (-1, -0.5), (1, 0.5), (-1, -1), (-1, 0.5)]
            self._place("player", label, self.c.style.text_color, v, self._node_options(v, w, h, order))

    def _belief_labels(self) -> None:
        """Beliefs beside the nodes of each set, on the same side of every node when one side
        has room at all of them (below first)."""
        size = self.size
        order = [(0, 1), (1, -0.5), (-1, -0.5), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]
        deeper = [self.g.level * f for f in (0.45, 0.55)]
        for _, nodes, _, _ in self.c.sets:
            members = [v for v in nodes if v in self.c.beliefs]
            sizes = {v: (label_width(self.c.beliefs[v], size), label_height(self.c.beliefs[v], size)) for v in members}
            for k, direction in enumerate(order):
                further = deeper if k == 0 else ()
                options = {v: self._node_options(v, *sizes[v], [direction], further) for v in members}
                if all(any(self.placer.is_free(o[0].grown(MARGIN)) for o in opts) for opts in options.values()):
                    break
            else:
                options = {v: self._node_options(v, *sizes[v], order, deeper) for v in members}
            for v in members:
                self._place("belief", self.c.beliefs[v], self.c.style.belief_color, v, options[v])

    def _action_labels(self) -> None:
        size = self.size
        for v, (label, color) in self.c.actions.items():
            if not label:
                continue
            node = self.game.nodes[v]
            a, b = self.pos[node.parent], self.pos[v]
            steps = max(1, self.g.rank[v] - self.g.rank[node.parent])
            e = _unit(b[0] - a[0], b[1] - a[1])
            normals = [(-e[1], e[0]), (e[1], -e[0])]
            side = self._side(v)
            out = self._vec(side or 1.0, 0.0)
            normals.sort(key=lambda n: -(n[0] * out[0] + n[1] * out[1]))
            w, h = label_width(label, size), label_height(label, size)
            options = []
            for n in normals:
                for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.8, 0.88):
                    s = t / steps
                    m = (a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1]))
                    options.append(_beside(m, n, GAP, w, h))
            self._place("action", label, color, v, options)

    def compose(self, title: str) -> Scene:
        self._edges()
        self._markers()
        self._payoffs()
        self._set_lines()
        self._set_labels()
        self._player_labels()
        self._belief_labels()
        self._action_labels()
        return Scene(
            title=title,
            orientation=self.g.orientation,
            font=self.c.style.font,
            font_size=self.size,
            markers=tuple(self.markers),
            lines=tuple(self.lines),
            texts=tuple(self.texts),
            bounds=_bounds(self.markers, self.lines, self.texts),
            positions=tuple(self.pos),
            rank=self.g.rank,
            spacing=self.g.spacing,
            level=self.g.level,
            collisions=self.collisions,
        )


def _lanes(spans: Mapping[int, tuple[int, float, float]]) -> dict[int, int]:
    """A height for each set's arches: sets whose arches overlap on one rank get different
    lanes, the narrower ones lower, so that nested arches do not cross."""
    lanes: dict[int, int] = {}
    taken: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for index, (rank, lo, hi) in sorted(spans.items(), key=lambda item: (item[1][2] - item[1][1], item[1][1])):
        lane = 0
        while any(lo <= b and a <= hi for a, b in taken.get((rank, lane), ())):
            lane += 1
        taken.setdefault((rank, lane), []).append((lo, hi))
        lanes[index] = lane
    return lanes


def _polyline(line: Line) -> list[Point]:
    return _bezier(line.points, 16) if line.curved else list(line.points)


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _polyline_distance(p: Point, points: Sequence[Point]) -> float:
    if len(points) == 1:
        return math.hypot(p[0] - points[0][0], p[1] - points[0][1])
    return min(_segment_distance(p, a, b) for a, b in itertools.pairwise(points))


def _nearest_is_own(box: Box, own: Sequence[Sequence[Point]], others: Sequence[Sequence[Point]]) -> bool:
    """True when the box's centre is nearer one of the lines ``own`` than every line of ``others``."""
    c = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    mine = min(_polyline_distance(c, line) for line in own)
    for line in others:
        xs = [p[0] for p in line]
        ys = [p[1] for p in line]
        # the distance to the line's bounding box bounds the distance to the line from below
        dx = max(min(xs) - c[0], 0.0, c[0] - max(xs))
        dy = max(min(ys) - c[1], 0.0, c[1] - max(ys))
        if math.hypot(dx, dy) <= mine and _polyline_distance(c, line) <= mine:
            return False
    return True


def _segment_points(points: Sequence[Point], pieces: int) -> list[Point]:
    """``pieces + 1`` evenly spaced points from the first of ``points`` to the second."""
    (x0, y0), (x1, y1) = points[0], points[-1]
    return [(x0 + k / pieces * (x1 - x0), y0 + k / pieces * (y1 - y0)) for k in range(pieces + 1)]


def _bezier(points: Sequence[Point], pieces: int) -> list[Point]:
    """``pieces + 1`` points along the cubic Bézier curve with control ``points``."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    out = []
    for k in range(pieces + 1):
        t = k / pieces
        s = 1 - t
        a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
        out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _bounds(markers: Sequence[Marker], lines: Sequence[Line], texts: Sequence[Text]) -> Box:
    xs: list[float] = []
    ys: list[float] = []
    for m in markers:
        r = m.mark.radius + m.mark.pen.width
        xs += [m.x - r, m.x + r]
        ys += [m.y - r, m.y + r]
    for ln in lines:
        pts = _bezier(ln.points, 8) if ln.curved else list(ln.points)
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
    for t in texts:
        xs += [t.box.x0, t.box.x1]
        ys += [t.box.y0, t.box.y1]
    if not xs:
        return Box(0, 0, 0, 0)
    return Box(min(xs), min(ys), max(xs), max(ys))


def _start(content: _Content, orientation: Orientation) -> tuple[float, float]:
    """Spacing between leaves and between ranks to start from (they grow if labels collide)."""
    size = content.style.font_size
    line = 1.2 * size
    pay_w = max((label_width(x, size) for x in content.payoffs.values()), default=0.0)
    pay_h = max((label_height(x, size) for x in content.payoffs.values()), default=line)
    act_w = max((label_width(x, size) for x, _ in content.actions.values()), default=0.0)
    radius = max((m.radius for m in content.marks.values()), default=3.0)
    if orientation == "tb":
        return max(pay_w + 2 * MARGIN + 0.8 * size, 4 * radius, 2.2 * size), max(3.6 * line, 4 * radius)
    return max(pay_h + 2 * MARGIN + 2, 4 * radius, 1.6 * size), max(1.3 * act_w + 4 * GAP + 2 * radius, 5 * size)


def build_scene(
    game: Game,
    *,
    equilibrium: Assessment | Profile | None = None,
    style: Style | str | None = None,
    orientation: Orientation = "tb",
    symbols: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Scene:
    """Compose the figure of ``game`` (see the module docstring).

    ``symbols`` maps names (parameters, actions, players) to TeX (``{"bU": r"\\beta_U"}``);
    ``title`` is the scene's title (the game's by default; it is not drawn).
    """
    from ..errors import GameToolkitError

    if orientation not in ("tb", "lr"):
        raise GameToolkitError(f"orientation must be 'tb' (top-down) or 'lr' (left-right), not {orientation!r}")
    chosen = get_style(style)
    ov = overlay(game, equilibrium) if equilibrium is not None else None
    content = _content(game, ov, chosen, symbols)
    rank, slot = tuple(ranks(game)), tuple(slots(game))
    spacing, level = _start(content, orientation)
    best: Scene | None = None
    for _ in range(MAX_ROUNDS):
        scene = _Composer(content, Geometry(orientation, rank, slot, spacing, level)).compose(
            title if title is not None else game.title
        )
        if best is None or scene.collisions < best.collisions:
            best = scene
        if scene.collisions == 0:
            return scene
        spacing *= 1.12
        level *= 1.12
    assert best is not None
    return best


def stack(scenes: Sequence[Scene], titles: Sequence[Label] | None = None, gap: float = 24.0) -> Scene:
    """Several scenes one below the other, each under its title (for a list of equilibria)."""
    if not scenes:
        raise ValueError("nothing to stack")
    markers: list[Marker] = []
    lines: list[Line] = []
    texts: list[Text] = []
    positions: list[Point] = []
    top = 0.0
    left = min(s.bounds.x0 for s in scenes)
    collisions = 0
    for k, scene in enumerate(scenes):
        title = titles[k] if titles is not None and k < len(titles) else EMPTY
        if title:
            size = scene.font_size * 1.1
            w, h = label_width(title, size), label_height(title, size)
            texts.append(Text("title", title, Box(left, top - h, left + w, top), "left", "top", "black"))
            top -= h + 6
        moved = scene.translated(0.0, top - scene.bounds.y1)
        base = len(positions)  # nodes are renumbered so that the scenes' nodes stay apart
        markers += [replace(m, node=m.node + base) for m in moved.markers]
        lines += [replace(ln, source=ln.source + base, target=ln.target + base) for ln in moved.lines]
        texts += [replace(t, node=t.node + base if t.node >= 0 else -1) for t in moved.texts]
        positions += moved.positions
        collisions += scene.collisions
        top = moved.bounds.y0 - gap
    first = scenes[0]
    return Scene(
        title=first.title,
        orientation=first.orientation,
        font=first.font,
        font_size=first.font_size,
        markers=tuple(markers),
        lines=tuple(lines),
        texts=tuple(texts),
        bounds=_bounds(markers, lines, texts),
        positions=tuple(positions),
        rank=tuple(r for s in scenes for r in s.rank),
        spacing=first.spacing,
        level=first.level,
        collisions=collisions,
    )
