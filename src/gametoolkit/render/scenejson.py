"""The laid-out scene as JSON, for tests of a figure's geometry and for other tools.

The object (the contract of ``draw -o FILE.json``)::

    {"width": W, "height": H, "unit": "bp",
     "nodes":    [{"id", "x", "y", "kind", "player"}],
     "edges":    [{"from", "to", "action", "points": [[x, y], ...]}],
     "infosets": [{"player", "label", "nodes", "points": [[x, y], ...]}],
     "labels":   [{"text", "x", "y", "w", "h"}]}

Coordinates are in big points (1/72 inch) from the lower-left corner of the figure's
bounding box, ``y`` upwards; a label's ``x``, ``y`` is the centre of its box.  ``id``
is the node's index in the game (prefix order); ``kind`` is ``chance``, ``decision`` or
``terminal``, ``player`` the mover's name (``chance`` at a chance node, ``null`` at a
leaf).  An edge's ``points`` are its two ends; an information set's ``points`` follow
its dashed line from its first node to its last (a curved piece sampled at 16
points), and a set drawn in pieces has ``pieces``, one point list each.  Added keys:
``layout`` (``tree`` or ``signaling``), a label's ``role`` (``payoff``, ``action``,
``player``, ``infoset``, ``belief``, ``title``, ``note``, ``verdict``) and ``node``, an
edge's ``played`` and ``on_path`` (with an equilibrium) and ``width`` (the pen, in bp),
and ``verdicts`` where the figure writes the refinements' verdicts (``draw --refine``):
``[{"equilibrium", "refinement", "holds", "text"}]``, ``equilibrium`` the number in a
legend of every equilibrium (from 1) or null for the one drawn, ``text`` as written.
"""

from __future__ import annotations

from typing import Any

from .curves import polyline_points
from .labels import plain
from .scene import Scene

__all__ = ["scene_json"]


def _r(x: float) -> float:
    return round(x, 2)


def scene_json(scene: Scene) -> dict[str, Any]:
    """The scene as a JSON-ready object (see the module docstring)."""
    b = scene.bounds

    def at(p: tuple[float, float]) -> list[float]:
        return [_r(p[0] - b.x0), _r(p[1] - b.y0)]

    nodes = []
    for v, p in enumerate(scene.positions):
        kind, player = scene.nodes[v] if v < len(scene.nodes) else ("decision", None)
        x, y = at(p)
        nodes.append({"id": v, "x": x, "y": y, "kind": kind, "player": player})
    edges = []
    for ln in scene.lines:
        if ln.role != "edge":
            continue
        edge: dict[str, Any] = {
            "from": ln.source,
            "to": ln.target,
            "action": ln.action,
            "points": [at(p) for p in ln.points],
            "width": _r(ln.pen.width),
        }
        if ln.played is not None:
            edge["played"] = ln.played
            edge["on_path"] = bool(ln.on_path)
        edges.append(edge)
    infosets = []
    for index, player, label, members in scene.sets:
        pieces = [[at(p) for p in polyline_points(ln.points)] for ln in scene.lines if ln.infoset == index]
        points = [q for piece in pieces for q in piece]
        infosets.append({"player": player, "label": label, "nodes": list(members), "points": points, "pieces": pieces})
    labels = []
    for t in scene.texts:
        cx, cy = at(((t.box.x0 + t.box.x1) / 2, (t.box.y0 + t.box.y1) / 2))
        labels.append(
            {
                "text": plain(t.label),
                "x": cx,
                "y": cy,
                "w": _r(t.box.x1 - t.box.x0),
                "h": _r(t.box.y1 - t.box.y0),
                "role": t.role,
                "node": t.node,
            }
        )
    out: dict[str, Any] = {
        "width": _r(b.x1 - b.x0),
        "height": _r(b.y1 - b.y0),
        "unit": "bp",
        "layout": scene.layout,
        "nodes": nodes,
        "edges": edges,
        "infosets": infosets,
        "labels": labels,
    }
    if scene.verdicts:
        out["verdicts"] = [
            {"equilibrium": n.equilibrium, "refinement": n.refinement, "holds": n.holds, "text": n.text}
            for n in scene.verdicts
        ]
    return out
