"""Curves and distances for a figure's lines: Bézier points, lanes of nested arches, and
which line a label is nearest to."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from .layout import Box

__all__ = ["bezier", "lanes", "nearest_is_own", "polyline_points", "segment_points"]

Point = tuple[float, float]


def lanes(spans: Mapping[int, tuple[int, float, float]]) -> dict[int, int]:
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


def polyline_points(points: Sequence[Point]) -> list[Point]:
    """A straight line's two ends, or points along a cubic Bézier curve's four control points."""
    return _bezier(points, 16) if len(points) == 4 else list(points)


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _polyline_distance(p: Point, points: Sequence[Point]) -> float:
    if len(points) == 1:
        return math.hypot(p[0] - points[0][0], p[1] - points[0][1])
    return min(_segment_distance(p, a, b) for a, b in itertools.pairwise(points))


def nearest_is_own(box: Box, own: Sequence[Sequence[Point]], others: Sequence[Sequence[Point]]) -> bool:
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


def segment_points(points: Sequence[Point], pieces: int) -> list[Point]:
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


def bezier(points: Sequence[Point], pieces: int) -> list[Point]:
    """``pieces + 1`` points along the cubic Bézier curve with control ``points``."""
    return _bezier(points, pieces)
