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
from .beliefs import belief_labels
from .curves import bezier, lanes, nearest_is_own, polyline_points, segment_points
from .labels import Label, label_height, label_width, name_label, payoff_label, set_name_label, text_label, value_label
from .layout import Box, Geometry, Orientation, Placer, ranks
from .overlay import Overlay, VerdictNote, overlay, verdict_lines
from .style import EdgeInfo, InfosetInfo, Mark, NodeInfo, Pen, Style, get_style

__all__ = ["Line", "Marker", "Scene", "Text", "build_scene", "scene_bounds"]

Point = tuple[float, float]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
TextRole = Literal["payoff", "action", "player", "infoset", "belief", "title", "note", "verdict"]
Layout = Literal["auto", "tree", "signaling"]

#: Space between a label and the line or mark it belongs to, in points.
GAP = 2.5
#: Space kept free between a label and any line, in points; twice that between two labels.
MARGIN = 1.5
#: Extra distances (points) at which a label is tried when the place next to its node is taken.
_FURTHER = (0.0, 4.0, 9.0, 15.0, 22.0)
#: How many times a crowded figure is spread out before its labels are accepted as they are.
MAX_ROUNDS = 24
#: The smallest font a figure fitted to a width may use, in points.
MIN_FONT = 8.0
#: The margin every output keeps around the figure, in points (Graphviz's border, TikZ's page).
FRAME = 6.0


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
    action: str = ""
    on_path: bool | None = None

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
    nodes: tuple[tuple[str, str | None], ...] = ()  # (kind, player name) of every node
    sets: tuple[tuple[int, str, str, tuple[int, ...]], ...] = ()  # infoset, player, label, nodes
    layout: str = "tree"
    verdicts: tuple[VerdictNote, ...] = ()  # the refinements' verdicts written under the figure

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
    beliefs: dict[int, Label]  # node -> "μ = 1/2"
    on_path: dict[int, bool]  # child -> whether the edge into it is on the path of play


_AUTO_SET_NAME = re.compile(r"(#?\d*|\(\d+, *\d+\))\Z")


def _content(
    game: Game, ov: Overlay | None, style: Style, symbols: Mapping[str, str] | None, wrap: bool = False
) -> _Content:
    """What the figure shows; ``wrap`` puts a set's name under its player's."""
    g = game
    shared = {h.index for h in g.infosets if h.player != CHANCE and len(h.nodes) > 1}
    payoffs: dict[int, Label] = {}
    actions: dict[int, tuple[Label, str]] = {}
    pens: dict[int, Pen] = {}
    played: dict[int, bool] = {}
    players: dict[int, Label] = {}
    marks: dict[int, Mark] = {}
    on_path: dict[int, bool] = {}
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
        if ov is not None:
            on_path[v.index] = bool(is_played) and ov.reach[parent.index] > 0
        pen = style.edge if ov is None else style.dimmed if not is_played else _played_pen(style, on_path[v.index])
        if style.edge_hook is not None:
            pen = style.edge_hook(EdgeInfo(g, parent, v, v.action, probability, is_played), pen)
        pens[v.index] = pen
        if is_played is not None:
            played[v.index] = is_played
        color = style.dimmed_text if is_played is False else style.text_color
        actions[v.index] = (label, color)
    sets: list[tuple[int, tuple[int, ...], Label, Pen]] = []
    actions_named = {a for k in g.infosets for a in k.actions}
    for h in g.infosets:
        if h.index not in shared:
            continue
        set_label = name_label(g.players[h.player], symbols=symbols)
        if style.infoset_names and h.label and not _AUTO_SET_NAME.match(h.label) and h.label != g.players[h.player]:
            named = text_label("(") + set_name_label(h.label, actions_named, symbols) + text_label(")")
            set_label = set_label.stacked(named) if wrap else set_label + text_label(" ") + named
        belief = ov.beliefs.get(h.index) if ov is not None else None
        pen = style.infoset
        if style.infoset_hook is not None:
            pen = style.infoset_hook(InfosetInfo(g, h, belief), pen)
        sets.append((h.index, h.nodes, set_label, pen))
    beliefs = belief_labels(g, ov, symbols) if ov is not None else {}
    return _Content(g, style, ov, payoffs, actions, pens, played, players, marks, sets, beliefs, on_path)


def _played_pen(style: Style, on_path: bool) -> Pen:
    """The path of play strong; an equilibrium's choices off the path thinner."""
    return style.played if on_path else style.off_path


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
    def _vec(self, breadth: float, down: float, v: int = 0) -> Point:
        b, d = self.g.frame(v)
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
            action = self.game.infosets[self.game.nodes[v.parent].infoset].actions[v.action]
            self.lines.append(
                Line(
                    "edge",
                    (a, b),
                    self.c.pens[v.index],
                    v.parent,
                    v.index,
                    self.c.played.get(v.index),
                    action=action,
                    on_path=self.c.on_path.get(v.index),
                )
            )
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
        lane_of = lanes(spans)
        for index, pen, u, w, curved in pieces:
            up = self._vec(0.0, -1.0, u)
            a, b = self.pos[u], self.pos[w]
            if rank[u] != rank[w] and (u < w < game.subtree_end(u) or w < u < game.subtree_end(w)):
                # a set met twice on one play: its line would lie on the edges between, so it bows out
                bow = self._vec(-1.0, 0.0, u)
                rise = 0.35 * self.g.level
                c1 = (a[0] + bow[0] * rise, a[1] + bow[1] * rise)
                c2 = (b[0] + bow[0] * rise, b[1] + bow[1] * rise)
                points: tuple[Point, ...] = (a, c1, c2, b)
                self.placer.add_polyline(bezier(points, 16))
            elif rank[u] != rank[w]:
                b_ = self.g.breadth
                half = ((b[0] - a[0]) * b_[0] + (b[1] - a[1]) * b_[1]) / 2
                c1 = (a[0] + b_[0] * half, a[1] + b_[1] * half)
                c2 = (b[0] - b_[0] * half, b[1] - b_[1] * half)
                points = (a, c1, c2, b)
                self.placer.add_polyline(bezier(points, 16))
            elif curved:
                rise = self.g.level * min(0.28 + 0.22 * lane_of[index], 0.95)
                c1 = (a[0] + up[0] * rise, a[1] + up[1] * rise)
                c2 = (b[0] + up[0] * rise, b[1] + up[1] * rise)
                points = (a, c1, c2, b)
                self.placer.add_polyline(bezier(points, 16))
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
        for v, label in self.c.payoffs.items():
            down = self.g.frame(v)[1]
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

    def _end_options(self, nodes: Sequence[int], w: float, h: float) -> list[tuple[Box, Align, VAlign]]:
        """Boxes at the ends of a set's line, on its prolongation beyond the last and the first
        node (then a little above or below it)."""
        members = sorted(nodes, key=lambda u: (self.g.rank[u], self.g.slot[u]))
        options = []
        for end, inner in ((members[-1], members[-2]), (members[0], members[1])):
            (ex, ey), (ix, iy) = self.pos[end], self.pos[inner]
            out = _unit(ex - ix, ey - iy)
            mark = self.c.marks.get(end)
            clearance = (mark.radius if mark else 0.0) + GAP
            up = self._vec(0.0, -1.0, end)
            for lift in (0.0, 0.45, -0.45, 0.9, -0.9):
                for extra in _FURTHER[:3]:
                    u = _unit(out[0] + lift * up[0], out[1] + lift * up[1])
                    options.append(_beside((ex, ey), u, clearance + extra, w, h))
        return options

    def _set_labels(self) -> None:
        """Each set's label at the end of its line (the right end first), else beside its line
        (the middle piece first, above it first), or, when the line is crowded, beside one
        of its nodes."""
        size = self.size
        for index, nodes, label, _ in self.c.sets:
            pieces = [ln for ln in self.lines if ln.role == "infoset" and ln.infoset == index]
            if not pieces or not label:
                continue
            up = self._vec(0.0, -1.0, nodes[0])
            middle = (len(pieces) - 1) // 2
            pieces = [pieces[k] for k in sorted(range(len(pieces)), key=lambda k: abs(k - middle))]
            w, h = label_width(label, size), label_height(label, size)
            options = self._end_options(nodes, w, h)
            for sides in ((1.0,), (-1.0,)):
                for piece in pieces:
                    curve = bezier(piece.points, 20) if piece.curved else segment_points(piece.points, 20)
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
            own = [polyline_points(piece.points) for piece in pieces]
            others = [polyline_points(ln.points) for ln in self.lines if ln.role == "infoset" and ln.infoset != index]
            arc_options = len(options)
            order = [(0.0, -1.0), (1.0, 0.0), (-1.0, 0.0), (1.0, -1.0), (-1.0, -1.0)]
            for v in sorted(nodes, key=lambda u: (self.g.rank[u], self.g.slot[u])):
                options.extend(self._node_options(v, w, h, order))
            arcs = {id(o[0]) for o in options[:arc_options]}

            def unambiguous(
                box: Box, own: list[list[Point]] = own, others: list[list[Point]] = others, arcs: set[int] = arcs
            ) -> bool:
                # beside its line, a label nearer another set's line would name the wrong set
                return id(box) not in arcs or nearest_is_own(box, own, others)

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
            _beside(self.pos[v], self._vec(b * side, d, v), clearance + extra, w, h)
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
            out = self._vec(side or 1.0, 0.0, v)
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
            bounds=scene_bounds(self.markers, self.lines, self.texts),
            positions=tuple(self.pos),
            rank=self.g.rank,
            spacing=self.g.spacing,
            level=self.g.level,
            collisions=self.collisions,
            nodes=tuple(
                (
                    v.kind,
                    None if v.kind == "terminal" else "chance" if v.player == CHANCE else self.game.players[v.player],
                )
                for v in self.game.nodes
            ),
            sets=tuple(
                (index, self.game.players[self.game.infosets[index].player], self.game.infosets[index].label, nodes)
                for index, nodes, _, _ in self.c.sets
            ),
            layout=self.g.kind,
        )


def scene_bounds(markers: Sequence[Marker], lines: Sequence[Line], texts: Sequence[Text]) -> Box:
    """The box around every mark, line and label."""
    xs: list[float] = []
    ys: list[float] = []
    for m in markers:
        r = m.mark.radius + m.mark.pen.width
        xs += [m.x - r, m.x + r]
        ys += [m.y - r, m.y + r]
    for ln in lines:
        pts = bezier(ln.points, 8) if ln.curved else list(ln.points)
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


def _geometry(game: Game, layout: Layout, orientation: Orientation, spacing: float, level: float) -> Geometry:
    """The signaling layout where it applies (and is not refused), else the tree with its
    children in the order that crosses least."""
    from ..errors import GameToolkitError
    from .arrange import arrange, ordered_slots, signaling_geometry

    if layout != "tree" and orientation == "tb":
        geom = signaling_geometry(game, spacing, level)
        if geom is not None:
            return geom
    if layout == "signaling":
        raise GameToolkitError(
            "layout 'signaling' needs a top-down figure of a game where Nature picks one of two sender types, "
            "the types send at most two messages and every receiver set can be drawn on one side; "
            "draw it with layout 'tree'"
        )
    rank = ranks(game)
    slot = ordered_slots(game, arrange(game, rank))
    return Geometry(orientation, tuple(rank), tuple(slot), spacing, level)


def _compose(content: _Content, geom: Geometry, title: str, limit: float | None = None) -> Scene:
    """The first composition without colliding labels, spreading the figure round by round;
    the one with fewest collisions otherwise.  With ``limit``, stop as soon as the figure
    is wider than that."""
    best: Scene | None = None
    spacing, level = geom.spacing, geom.level
    for _ in range(MAX_ROUNDS):
        scene = _Composer(content, geom.spread(spacing, level)).compose(title)
        if best is None or scene.collisions < best.collisions:
            best = scene
        if scene.collisions == 0 or (limit is not None and scene.bounds.x1 - scene.bounds.x0 > limit):
            return scene
        spacing *= 1.12
        level *= 1.12
    assert best is not None
    return best


def _with_note(scene: Scene, note: Label, role: TextRole = "note", gap: float = 2 * GAP) -> Scene:
    """The scene with ``note`` written under it, at its left."""
    size = scene.font_size
    w, h = label_width(note, size), label_height(note, size)
    b = scene.bounds
    box = Box(b.x0, b.y0 - gap - h, b.x0 + w, b.y0 - gap)
    texts = scene.texts + (Text(role, note, box, "left", "top", "black"),)
    return replace(scene, texts=texts, bounds=scene_bounds(scene.markers, scene.lines, texts))


def _with_verdicts(
    scene: Scene, notes: Sequence[VerdictNote], kinds: Mapping[int, str] | None, budget: float | None
) -> Scene:
    """The scene with the refinements' verdicts written under it, one line each, a line
    wider than the tree (or than ``budget``) broken between words."""
    size = scene.font_size
    wide = max(scene.bounds.x1 - scene.bounds.x0, 24 * size)
    if budget is not None:
        wide = min(wide, budget)
    for k, line in enumerate(verdict_lines(notes, kinds)):
        rows = [""]
        for word in line.split(" "):
            trial = f"{rows[-1]} {word}" if rows[-1] else word
            if rows[-1] and label_width(text_label(trial), size) > wide:
                rows.append("   " + word)
            else:
                rows[-1] = trial
        scene = _with_note(scene, text_label("\n".join(rows)), "verdict", 2 * GAP if k == 0 else 0.5 * GAP)
    return replace(scene, verdicts=tuple(notes))


def _variants(style: Style) -> list[tuple[Style, bool]]:
    """The style, then with payoffs in a column, then with set names wrapped under their
    players' too, each at smaller fonts down to :data:`MIN_FONT` points: the ways to make
    a figure narrower without scaling it."""
    sizes = [style.font_size]
    while sizes[-1] - 1 >= MIN_FONT:
        sizes.append(sizes[-1] - 1)
    if sizes[-1] > MIN_FONT:
        sizes.append(MIN_FONT)
    out = []
    for size in sizes:
        for payoffs in dict.fromkeys((style.payoffs, "column")):
            out.append((replace(style, font_size=size, payoffs=payoffs), False))
        out.append((replace(style, font_size=size, payoffs="column"), True))
    return out


def build_scene(
    game: Game,
    *,
    equilibrium: Assessment | Profile | None = None,
    style: Style | str | None = None,
    orientation: Orientation = "tb",
    symbols: Mapping[str, str] | None = None,
    title: str | None = None,
    layout: Layout = "auto",
    width: float | None = None,
    payoff_order: bool = False,
    verdicts: Sequence[VerdictNote] | None = None,
    kinds: Mapping[int, str] | None = None,
) -> Scene:
    """Compose the figure of ``game`` (see the module docstring).

    ``symbols`` maps names (parameters, actions, players) to TeX (``{"bU": r"\\beta_U"}``);
    ``title`` is the scene's title (the game's by default; it is not drawn).  ``layout``
    is ``auto`` (the signaling layout of :mod:`.arrange` where it applies, else the
    tree), ``signaling`` or ``tree``.  ``width`` (points) is the widest the whole figure
    may be, margins of :data:`FRAME` points on each side included: the payoffs are
    stacked one value a line, then the font made smaller (never under :data:`MIN_FONT`
    points, subscripts included) until it fits, and :class:`~gametoolkit.errors.GameToolkitError` says so
    when it cannot.  ``payoff_order`` writes the players' order of the payoffs under
    the figure.  ``verdicts`` (:func:`~.overlay.legend`) writes under it which
    equilibria survive the refinements, one line each, with each equilibrium's kind
    from ``kinds``; by default the drawn equilibrium's own verdicts, where it carries
    them (one line per refinement).
    """
    from ..errors import GameToolkitError

    if orientation not in ("tb", "lr"):
        raise GameToolkitError(f"orientation must be 'tb' (top-down) or 'lr' (left-right), not {orientation!r}")
    if layout not in ("auto", "tree", "signaling"):
        raise GameToolkitError(f"layout must be 'auto', 'tree' or 'signaling', not {layout!r}")
    chosen = get_style(style)
    ov = overlay(game, equilibrium) if equilibrium is not None else None
    name = title if title is not None else game.title
    note = text_label("Payoffs: (" + ", ".join(game.players) + ")") if payoff_order else None
    styles = [(chosen, False)] if width is None else _variants(chosen)
    narrowest: float | None = None
    for variant, wrap in styles:
        content = _content(game, ov, variant, symbols, wrap)
        geom = _geometry(game, layout, orientation, *_start(content, orientation))
        budget = None if width is None else width - 2 * FRAME
        scene = _compose(content, geom, name, limit=budget)
        if note is not None:
            scene = _with_note(scene, note)
        notes = verdicts if verdicts is not None else (ov.verdicts if ov is not None else ())
        if notes:
            scene = _with_verdicts(scene, notes, kinds, budget)
        wide = scene.bounds.x1 - scene.bounds.x0
        if budget is None or (scene.collisions == 0 and wide <= budget):
            return scene
        if scene.collisions == 0:
            narrowest = wide if narrowest is None else min(narrowest, wide)
    assert width is not None
    least = "" if narrowest is None else f"; the narrowest clean layout is {(narrowest + 2 * FRAME) / 72 * 2.54:.1f} cm"
    raise GameToolkitError(
        f"the figure of {game.title or 'the game'!r} does not fit in {width / 72 * 2.54:.1f} cm with fonts of at "
        f"least {MIN_FONT:g} pt and no overlapping labels{least}; give a larger --width"
        + (" or --orientation lr" if orientation == "tb" else "")
    )
