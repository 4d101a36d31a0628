"""Several scenes one below the other: the figure of a list of equilibria."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .labels import EMPTY, Label, label_height, label_width
from .layout import Box
from .scene import Line, Marker, Point, Scene, Text, scene_bounds

__all__ = ["stack"]


def stack(scenes: Sequence[Scene], titles: Sequence[Label] | None = None, gap: float = 24.0) -> Scene:
    """Several scenes one below the other, each under its title (for a list of equilibria)."""
    if not scenes:
        raise ValueError("nothing to stack")
    markers: list[Marker] = []
    lines: list[Line] = []
    texts: list[Text] = []
    positions: list[Point] = []
    sets: list[tuple[int, str, str, tuple[int, ...]]] = []
    nodes: list[tuple[str, str | None]] = []
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
        offset = 1 + max((ln.infoset for ln in lines), default=-1)  # and so are the sets
        lines += [
            replace(ln, source=ln.source + base, target=ln.target + base, infoset=ln.infoset + offset)
            if ln.role == "infoset"
            else replace(ln, source=ln.source + base, target=ln.target + base)
            for ln in moved.lines
        ]
        sets += [
            (i + offset, player, label, tuple(v + base for v in members)) for i, player, label, members in scene.sets
        ]
        nodes += scene.nodes
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
        bounds=scene_bounds(markers, lines, texts),
        positions=tuple(positions),
        rank=tuple(r for s in scenes for r in s.rank),
        spacing=first.spacing,
        level=first.level,
        collisions=collisions,
        nodes=tuple(nodes),
        sets=tuple(sets),
        layout=first.layout,
    )
