"""The regions of a numeric sweep over two numeric axes, as the grid's cells.

Without a symbolic solution the plot knows the set of equilibria only at the grid's
points.  :func:`cell_map` gives each point a cell centred on it that reaches halfway
to its neighbours and no further than the grid's first and last values (no half-cell
beyond the grid, so a boundary between two points is drawn halfway between them), and
removes the two kinds of sliver a cell map otherwise shows: a row or column whose set
differs from both neighbours (``q = 1/2``) becomes a line in its own colour, and a
lone set along an edge of the grid (``q = 0``, ``c = 0``) takes the set of the next
row in.  The result is a :class:`.regionmap.RegionMap` (``method == "cells"``) that
the plot draws like an exact one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .grid import Axis, GridValue, value_text

__all__ = ["cell_map"]


def cell_map(horizontal: Axis, vertical: Axis, labels_at: Callable[[Mapping[str, GridValue]], tuple[str, ...]]) -> Any:
    """The regions of a numeric sweep over two numeric axes as the grid's cells.

    Each grid point's cell reaches halfway to its neighbours and no further than the
    grid's first and last values, so a cell's centre is its point.  A row or column of
    points whose set differs from the sets on both sides (``q = 1/2``) holds only on
    that line as far as the grid can tell: its cells go to the neighbours and the line
    is drawn in its own colour.  A set along the edge of the grid that differs from the
    next row in (``q = 0``, ``c = 0``) goes to that row: no sliver along an edge.
    """
    from .regionmap import Face, RegionMap, Segment

    xs, ys = list(horizontal.numbers), list(vertical.numbers)
    n, m = len(xs), len(ys)
    z = [[labels_at({horizontal.name: xs[i], vertical.name: ys[j]}) for i in range(n)] for j in range(m)]
    # z[j][i]: the set at (xs[i], ys[j])

    def coords(vs: list[Fraction]) -> list[Fraction]:
        if len(vs) == 1:
            return [vs[0] - Fraction(1, 2), vs[0] + Fraction(1, 2)]
        out = [vs[0]]
        for a, b in itertools.pairwise(vs):
            out += [(a + b) / 2, b]
        return out

    cx, cy = coords(xs), coords(ys)

    def lone_edge(line: Sequence[tuple[str, ...]], i: int) -> int | None:
        """The point whose set a lone edge point takes (it differs from the next point
        in, which agrees with the one after), else ``None``."""
        count = len(line)
        if count < 3 or i not in (0, count - 1):
            return None
        k, kk = (1, 2) if i == 0 else (count - 2, count - 3)
        return k if line[i] != line[k] and line[k] == line[kk] else None

    # the edges first: a lone edge column, then a lone edge row, takes the next one in
    for j in range(m):
        first, last = lone_edge(z[j], 0), lone_edge(z[j], n - 1)
        row = list(z[j])
        for i, k in ((0, first), (n - 1, last)):
            if k is not None:
                row[i] = z[j][k]
        z[j] = row
    for i in range(n):
        column = [z[j][i] for j in range(m)]
        for j in (0, m - 1):
            k = lone_edge(column, j)
            if k is not None:
                z[j] = [*z[j][:i], column[k], *z[j][i + 1 :]]

    def get(j: int, i: int) -> tuple[str, ...]:
        return z[j][i]

    def alone(line: Sequence[tuple[str, ...]], i: int) -> bool:
        """A point inside whose set differs from both neighbours: a line of its own."""
        return 0 < i < len(line) - 1 and line[i] != line[i - 1] and line[i] != line[i + 1]

    columns = [[z[j][i] for j in range(m)] for i in range(n)]

    def half_set(jj: int, hh: int) -> tuple[str, ...]:
        j, i = (jj + 1) // 2 if m > 1 else 0, (hh + 1) // 2 if n > 1 else 0
        if alone(z[j], i):
            return get(j, i - 1 if hh % 2 else i + 1)
        if alone(columns[i], j):
            return get(j - 1 if jj % 2 else j + 1, i)
        return get(j, i)

    cols, rows = len(cx) - 1, len(cy) - 1
    w = [[half_set(jj, hh) for hh in range(cols)] for jj in range(rows)]
    # the faces: runs of one set along each half-row
    faces: list[Face] = []
    face_of = [[0] * cols for _ in range(rows)]
    for jj in range(rows):
        hh = 0
        while hh < cols:
            end = hh
            while end + 1 < cols and w[jj][end + 1] == w[jj][hh]:
                end += 1
            for k in range(hh, end + 1):
                face_of[jj][k] = len(faces)
            x0, x1, y0, y1 = cx[hh], cx[end + 1], cy[jj], cy[jj + 1]
            faces.append(Face(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), w[jj][hh]))
            hh = end + 1
    segments: list[Segment] = []
    for jj in range(rows):
        for hh in range(cols):
            if hh + 1 < cols and w[jj][hh] != w[jj][hh + 1]:
                segments.append(
                    Segment(((cx[hh + 1], cy[jj]), (cx[hh + 1], cy[jj + 1])), (w[jj][hh], w[jj][hh + 1]), None)
                )
            if jj + 1 < rows and w[jj][hh] != w[jj + 1][hh]:
                segments.append(
                    Segment(((cx[hh], cy[jj + 1]), (cx[hh + 1], cy[jj + 1])), (w[jj][hh], w[jj + 1][hh]), None)
                )
    # lines of their own sets
    for j in range(m):
        for i in range(n):
            if alone(z[j], i):
                lo, hi = cy[max(2 * j - 1, 0)], cy[min(2 * j + 1, rows)]
                where = f"{horizontal.name} = {value_text(xs[i])}"
                segments.append(Segment(((xs[i], lo), (xs[i], hi)), (get(j, i - 1), get(j, i + 1)), get(j, i), where))
            elif alone(columns[i], j):
                lo, hi = cx[max(2 * i - 1, 0)], cx[min(2 * i + 1, cols)]
                where = f"{vertical.name} = {value_text(ys[j])}"
                segments.append(Segment(((lo, ys[j]), (hi, ys[j])), (get(j - 1, i), get(j + 1, i)), get(j, i), where))
    # the connected pieces (four-neighbours of one set) and their boundary edges
    piece = [[-1] * cols for _ in range(rows)]
    pieces: list[tuple[tuple[int, ...], tuple[tuple[float, float, float, float], ...]]] = []
    for jj in range(rows):
        for hh in range(cols):
            if piece[jj][hh] >= 0:
                continue
            label = len(pieces)
            stack = [(jj, hh)]
            piece[jj][hh] = label
            members: set[int] = set()
            edges: list[tuple[float, float, float, float]] = []
            while stack:
                a, b = stack.pop()
                members.add(face_of[a][b])
                for da, db in ((0, 1), (0, -1), (1, 0), (-1, 0)):
                    na, nb = a + da, b + db
                    if 0 <= na < rows and 0 <= nb < cols and w[na][nb] == w[a][b]:
                        if piece[na][nb] < 0:
                            piece[na][nb] = label
                            stack.append((na, nb))
                        continue
                    xa, xb, ya, yb = float(cx[b]), float(cx[b + 1]), float(cy[a]), float(cy[a + 1])
                    side = {
                        (0, 1): (xb, ya, xb, yb),
                        (0, -1): (xa, ya, xa, yb),
                        (1, 0): (xa, yb, xb, yb),
                        (-1, 0): (xa, ya, xb, ya),
                    }
                    edges.append(side[(da, db)])
            pieces.append((tuple(sorted(members)), tuple(edges)))
    box = (xs[0], xs[-1], ys[0], ys[-1]) if n > 1 and m > 1 else (cx[0], cx[-1], cy[0], cy[-1])
    return RegionMap(horizontal.name, vertical.name, box, False, tuple(faces), tuple(segments), "cells", tuple(pieces))
