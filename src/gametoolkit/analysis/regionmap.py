"""Exact regions of two numeric parameters, from the conditions of the symbolic families.

Where the symbolic path of a sweep ran over two numeric parameters, every family
(those holding only on a line too) comes with its conditions, ``expr > 0``,
``expr >= 0`` or ``expr = 0`` in the two parameters.  :func:`exact_map` turns them
into the regions of the plot box ``[x0, x1] x [y0, y1]`` on which the set of
equilibria is constant:

* each distinct expression (up to a nonzero factor) is an *atom*; a family holds
  where every atom has the sign its conditions ask for, so the set of equilibria is a
  function of the atoms' signs;
* *linear* atoms (``a*x + b*y + c``): the box is cut by each atom's line in turn
  (half-plane intersection), in :class:`~fractions.Fraction`, so every face is an
  exact convex polygon and every boundary lies exactly on its line;
* any *nonlinear* atom: the atoms are evaluated on a fine grid of the box and each
  set's region is the filled contour (marching squares, :mod:`contourpy`) of the
  largest over its faces of the smallest signed atom; boundaries are the zero
  contours of the atoms, kept where the set changes across them.  Marching squares
  interpolates linearly between grid nodes, so a boundary is off its curve by at most
  the curve's bending over one grid step (exact on a straight line).

A boundary segment is drawn where the sets on its two sides differ; a segment whose
own set (the atom at 0, the other atoms at their signs there) differs from both sides
is a line in its own colour.  The box edges are never boundaries: the set *on* an
edge (``q = 0``, ``c = 0`` outside the assumptions) is not drawn, so there are no
slivers along them.

Equilibria are named by their path of play (:func:`path_name`): in a signaling game
the kind, what each type sends and how the receiver answers each message sent
(``pooling: quiet → no challenge``), so that two pooling equilibria on different
messages are told apart; in other games the play on the path (the sweep's label).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = [
    "Face",
    "RegionMap",
    "Segment",
    "components",
    "exact_map",
    "names_along",
    "names_at",
    "path_name",
    "piece_geometry",
    "place_label",
]

Point = tuple[Fraction, Fraction] | tuple[float, float]

#: grid cells per side for nonlinear conditions
FINE = 400


# ---------------------------------------------------------------------- names
def _text(name: str | None) -> str:
    """``no_challenge`` as ``no challenge``; a subscript such as ``U_L`` kept."""
    text = name or ""
    parts = text.split("_")
    return " ".join(parts) if all(len(x) > 1 for x in parts) else text


def path_name(fam: Any) -> str:
    """The name of a symbolic family by its path of play (module docs).

    Parameters
    ----------
    fam : SymbolicEquilibrium
        A family of the symbolic solver.

    Returns
    -------
    str
        ``pooling: quiet → challenge``; ``separating: resolved signal, irresolute
        quiet; signal → no challenge, quiet → challenge`` (what each type sends, then
        the receiver's answer to each message sent); in a game that is not a
        signaling game, the play on the path (:func:`.labels.family_label`).
    """
    from ..evaluate.signaling import sender_sets
    from .labels import family_label

    game = fam.game
    kind = family_label(fam) or fam.kind or fam.name
    sets = sender_sets(game)
    if sets is None:
        return str(kind)
    rows: Mapping[int, Sequence[Any]] = fam.behavior

    def support(h: int) -> list[int]:
        return [k for k, x in enumerate(rows[h]) if not bool(x == 0)]

    def reply(h: int, k: int) -> str:
        node = game.nodes[game.nodes[game.infosets[h].nodes[0]].children[k]]
        message = _text(game.infosets[h].actions[k])
        if node.kind != "decision" or node.player == game.infosets[h].player:
            return message
        r = game.infosets[node.infoset]
        answer = "/".join(_text(r.actions[a]) for a in support(r.index))
        return f"{message} → {answer}"

    # messages are matched across types by their labels
    sent = [tuple(game.infosets[h].actions[k] for k in support(h)) for h in sets]
    answers: dict[str, str] = {}
    for h in sets:
        for k in support(h):
            answers.setdefault(game.infosets[h].actions[k], reply(h, k))
    replies = ", ".join(answers[m] for m in sorted(answers))
    if all(set(s) == set(sent[0]) for s in sent):
        return f"{kind}: {replies}"
    types = ", ".join(
        f"{_text(game.infosets[h].label)} {'/'.join(_text(m) for m in sorted(s))}" for h, s in zip(sets, sent)
    )
    return f"{kind}: {types}; {replies}"


# ---------------------------------------------------------------------- the map
@dataclass(frozen=True)
class Face:
    """A region of constant equilibrium set: a polygon (exact for linear conditions)."""

    polygon: tuple[Point, ...]
    names: tuple[str, ...]
    #: holes (nonlinear maps only)
    holes: tuple[tuple[Point, ...], ...] = ()


@dataclass(frozen=True)
class Segment:
    """A boundary: a polyline with the sets on its two sides, and its own set when that
    differs from both (``own`` is then not ``None``: the line is drawn in its colour)."""

    points: tuple[Point, ...]
    sides: tuple[tuple[str, ...], tuple[str, ...]]
    own: tuple[str, ...] | None
    #: the line or curve it lies on, as text (``c = 1``)
    atom: str = ""


@dataclass(frozen=True)
class RegionMap:
    """The regions of the box over ``x`` (across) and ``y`` (upright)."""

    x: str
    y: str
    box: tuple[Fraction, Fraction, Fraction, Fraction]
    #: True when every condition is linear: polygons and boundaries exact (Fractions)
    exact: bool
    faces: tuple[Face, ...]
    segments: tuple[Segment, ...]
    #: ``exact`` (linear conditions), ``contour`` (nonlinear) or ``cells`` (a grid's cells)
    method: str = "exact"
    #: the connected pieces as (faces, boundary edges ``x0, y0, x1, y1``) when known
    #: beforehand (cells); else :func:`components` and :func:`piece_geometry` find them
    pieces: tuple[tuple[tuple[int, ...], tuple[tuple[float, float, float, float], ...]], ...] = ()

    def sets(self) -> list[tuple[str, ...]]:
        """The distinct sets of the faces, largest area first."""
        area: dict[tuple[str, ...], float] = {}
        for f in self.faces:
            area[f.names] = area.get(f.names, 0.0) + abs(polygon_area(f.polygon))
        return sorted(area, key=lambda s: -area[s])


def polygon_area(poly: Sequence[Point]) -> Any:
    """Signed area (shoelace), exact for Fraction vertices."""
    total: Any = 0
    for (ax, ay), (bx, by) in zip(poly, [*poly[1:], poly[0]]):
        total += ax * by - bx * ay
    return total / 2


@dataclass
class _Atom:
    expr: Any
    text: str
    #: (a, b, c) of a*x + b*y + c, when linear
    line: tuple[Fraction, Fraction, Fraction] | None


class _Families:
    """The families' conditions as (atom, factor sign, op), and the set at a sign vector."""

    def __init__(self, families: Sequence[tuple[Any, str]], x: str, y: str) -> None:
        import sympy

        self.sx, self.sy = sympy.Symbol(x, real=True), sympy.Symbol(y, real=True)
        self.atoms: list[_Atom] = []
        keys: dict[Any, int] = {}
        self.rows: list[tuple[str, list[tuple[int, int, str]]]] = []
        for fam, name in families:
            conds: list[tuple[int, int, str]] = []
            exprs = []
            never = False
            for c in fam.conditions:
                expr = sympy.expand(c.expr)
                if not expr.free_symbols:
                    value = Fraction(str(expr))
                    never = never or not (value > 0 if c.op == ">" else value >= 0 if c.op == ">=" else value == 0)
                    continue
                if expr.free_symbols - {self.sx, self.sy}:
                    raise ValueError(f"condition {c} names parameters other than {x} and {y}")
                exprs.append((expr, c.op))
            if never:  # a condition fails everywhere: the family never holds, its lines are none
                continue
            for expr, op in exprs:
                key, factor, line = self._key(expr)
                if key not in keys:
                    keys[key] = len(self.atoms)
                    self.atoms.append(_Atom(expr * factor, _equation(expr, self.sx, self.sy, line), line))
                conds.append((keys[key], 1 if factor > 0 else -1, op))
            self.rows.append((name, conds))

    def _key(self, expr: Any) -> tuple[Any, Any, tuple[Fraction, Fraction, Fraction] | None]:
        """A key equal for expressions equal up to a nonzero factor, the factor to the
        canonical form (its sign turns the comparison), and the line's coefficients
        when linear."""
        import sympy

        poly = sympy.Poly(expr, self.sx, self.sy)
        if poly.total_degree() <= 1 and all(k.is_Rational for k in poly.coeffs()):
            a, b, c = (Fraction(str(poly.coeff_monomial(m))) for m in (self.sx, self.sy, 1))
            lead = a if a != 0 else b
            scale = 1 / lead
            line = (a * scale, b * scale, c * scale)
            return ("line", *line), sympy.Rational(scale.numerator, scale.denominator), line
        factor = 1 / poly.coeffs()[0]
        canon = sympy.expand(expr * factor)
        return ("poly", canon), factor, None

    def names(self, signs: Sequence[int]) -> tuple[str, ...]:
        """The sorted names of the families holding where the atoms have ``signs``."""
        found: set[str] = set()
        for name, conds in self.rows:
            ok = True
            for k, s, op in conds:
                v = s * signs[k]
                if not (v > 0 if op == ">" else v >= 0 if op == ">=" else v == 0):
                    ok = False
                    break
            if ok:
                found.add(name)
        return tuple(sorted(found))


def _equation(expr: Any, sx: Any, sy: Any, line: tuple[Fraction, Fraction, Fraction] | None) -> str:
    """``q = 1/2``, ``c = 1 - q/2``: an atom's zero set as text."""
    from .grid import value_text

    if line is None:
        import sympy

        terms = sympy.Add.make_args(sympy.expand(expr))
        plus = sympy.Add(*(t for t in terms if t.could_extract_minus_sign() is False))
        minus = -sympy.Add(*(t for t in terms if t.could_extract_minus_sign() is True))
        return f"{sympy.sstr(plus)} = {sympy.sstr(minus)}"
    a, b, c = line
    if b == 0:
        return f"{sx} = {value_text(-c / a)}"
    if a == 0:
        return f"{sy} = {value_text(-c / b)}"
    import sympy

    rhs = sympy.Rational(-c.numerator, c.denominator) / sympy.Rational(b.numerator, b.denominator)
    rhs -= sympy.Rational(a.numerator, a.denominator) / sympy.Rational(b.numerator, b.denominator) * sx
    return f"{sy} = {sympy.sstr(rhs)}"


def _sign(v: Any) -> int:
    return int(v > 0) - int(v < 0)


# ---------------------------------------------------------------------- linear: exact polygons
def _split(
    poly: list[tuple[Fraction, Fraction]], tags: list[int | None], line: tuple[Fraction, Fraction, Fraction], k: int
) -> list[tuple[list[tuple[Fraction, Fraction]], list[int | None], int]]:
    """The parts of a convex polygon on either side of a line (with their side's sign);
    each edge tagged with the atom it lies on (``None``: the box)."""
    a, b, c = line
    values = [a * px + b * py + c for px, py in poly]
    if all(v >= 0 for v in values):
        return [(poly, tags, 1)]
    if all(v <= 0 for v in values):
        return [(poly, tags, -1)]
    out = []
    n = len(poly)
    for side in (1, -1):
        pts: list[tuple[Fraction, Fraction]] = []
        new_tags: list[int | None] = []
        for i in range(n):
            p, q = poly[i], poly[(i + 1) % n]
            vp, vq = side * values[i], side * values[(i + 1) % n]
            t = vp / (vp - vq) if vp != vq else Fraction(0)
            crossing = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            if vp >= 0:
                if vq >= 0:
                    pts.append(p)
                    new_tags.append(tags[i])
                elif vp > 0:  # leaving: up to the crossing, then along the line
                    pts += [p, crossing]
                    new_tags += [tags[i], k]
                else:  # on the line, the next vertex outside: along the line
                    pts.append(p)
                    new_tags.append(k)
            elif vq > 0:  # entering: from the crossing along the rest of the edge
                pts.append(crossing)
                new_tags.append(tags[i])
        poly_out, tags_out = _tidy(pts, new_tags)
        if len(poly_out) >= 3 and polygon_area(poly_out) != 0:
            out.append((poly_out, tags_out, side))
    return out


def _tidy(
    pts: list[tuple[Fraction, Fraction]], tags: list[int | None]
) -> tuple[list[tuple[Fraction, Fraction]], list[int | None]]:
    """Drop repeated vertices (keeping the tag of the edge that leaves each)."""
    out: list[tuple[Fraction, Fraction]] = []
    out_tags: list[int | None] = []
    for p, t in zip(pts, tags):
        if out and out[-1] == p:
            out_tags[-1] = t
            continue
        out.append(p)
        out_tags.append(t)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
        out_tags.pop()
    return out, out_tags


def _linear_map(fams: _Families, x: str, y: str, box: tuple[Fraction, Fraction, Fraction, Fraction]) -> RegionMap:
    x0, x1, y0, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    pieces: list[tuple[list[tuple[Fraction, Fraction]], list[int | None]]] = [(corners, [None, None, None, None])]
    for k, atom in enumerate(fams.atoms):
        assert atom.line is not None
        nxt = []
        for poly, tags in pieces:
            nxt += [(p, t) for p, t, _ in _split(poly, tags, atom.line, k)]
        pieces = nxt

    def signs_at(px: Fraction, py: Fraction) -> list[int]:
        out = []
        for atom in fams.atoms:
            assert atom.line is not None
            a, b, c = atom.line
            out.append(_sign(a * px + b * py + c))
        return out

    faces = []
    segments = []
    for poly, tags in pieces:
        n = len(poly)
        cx: Fraction = sum((p[0] for p in poly), Fraction(0)) / n
        cy: Fraction = sum((p[1] for p in poly), Fraction(0)) / n
        signs = signs_at(cx, cy)
        names = fams.names(signs)
        faces.append(Face(tuple(poly), names))
        for i, tag in enumerate(tags):
            if tag is None or signs[tag] < 0:  # box edges are not boundaries; each edge once
                continue
            p, q = poly[i], poly[(i + 1) % n]
            other = list(signs)
            other[tag] = -signs[tag]
            on = list(signs)
            on[tag] = 0
            theirs, own = fams.names(other), fams.names(on)
            if own != names and own != theirs:
                segments.append(Segment((p, q), (names, theirs), own, fams.atoms[tag].text))
            elif names != theirs:
                segments.append(Segment((p, q), (names, theirs), None, fams.atoms[tag].text))
    return RegionMap(x, y, box, True, tuple(faces), tuple(segments))


# ---------------------------------------------------------------------- nonlinear: contours
def _nonlinear_map(
    fams: _Families, x: str, y: str, box: tuple[Fraction, Fraction, Fraction, Fraction], fine: int
) -> RegionMap:
    import contourpy
    import numpy as np
    import sympy

    x0, x1, y0, y1 = (float(v) for v in box)
    xs = np.linspace(x0, x1, fine + 1)
    ys = np.linspace(y0, y1, fine + 1)
    gx, gy = np.meshgrid(xs, ys)
    funcs: list[Callable[..., Any]] = [sympy.lambdify((fams.sx, fams.sy), a.expr, "numpy") for a in fams.atoms]

    def values(px: Any, py: Any) -> list[Any]:
        return [np.broadcast_to(np.asarray(f(px, py), dtype=float), np.shape(px)) for f in funcs]

    nodes = values(gx, gy)
    scales = [max(float(np.max(np.abs(v))), 1e-300) for v in nodes]
    normed = [v / s for v, s in zip(nodes, scales)]
    # the faces met: sign vectors at the cell centres
    cx = (xs[:-1] + xs[1:]) / 2
    cy = (ys[:-1] + ys[1:]) / 2
    mx, my = np.meshgrid(cx, cy)
    centre = np.stack([np.sign(v) for v in values(mx, my)], axis=-1).astype(int) if funcs else np.zeros((fine, fine, 0))
    by_set: dict[tuple[str, ...], list[tuple[int, ...]]] = {}
    for signs in {tuple(int(s) for s in row) for row in centre.reshape(-1, len(funcs))}:
        if 0 in signs:
            continue
        by_set.setdefault(fams.names(signs), []).append(signs)
    faces = []
    for names, vectors in by_set.items():
        field = np.full(gx.shape, -np.inf)
        for signs in vectors:
            smallest = np.full(gx.shape, np.inf)
            for s, v in zip(signs, normed):
                smallest = np.minimum(smallest, s * v)
            field = np.maximum(field, smallest)
        if not funcs:
            field = np.ones(gx.shape)
        gen = contourpy.contour_generator(xs, ys, field, fill_type=contourpy.FillType.OuterOffset)
        filled: Any = gen.filled(-1e-12, np.inf)
        points_list, offsets_list = filled[0], filled[1]
        for pts, offsets in zip(points_list, offsets_list):
            rings = [pts[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]
            rings = [r for r in rings if len(r) >= 4]
            if not rings:
                continue
            outer = tuple((float(px), float(py)) for px, py in rings[0][:-1])
            holes = tuple(tuple((float(px), float(py)) for px, py in r[:-1]) for r in rings[1:])
            faces.append(Face(outer, names, holes))
    segments = []
    step = min(x1 - x0, y1 - y0) / fine / 4
    for k, atom in enumerate(fams.atoms):
        gen = contourpy.contour_generator(xs, ys, nodes[k], line_type=contourpy.LineType.Separate)
        for line in gen.lines(0.0):
            pts = np.asarray(line, dtype=float)
            if len(pts) < 2:
                continue
            mid = (pts[:-1] + pts[1:]) / 2
            d = pts[1:] - pts[:-1]
            length = np.hypot(d[:, 0], d[:, 1])
            length[length == 0] = 1
            normal = np.stack([-d[:, 1], d[:, 0]], axis=1) / length[:, None] * step
            here = np.stack([np.sign(v) for v in values(mid[:, 0], mid[:, 1])], axis=-1).astype(int)
            plus = np.stack([np.sign(v) for v in values(*(mid + normal).T)], axis=-1).astype(int)
            minus = np.stack([np.sign(v) for v in values(*(mid - normal).T)], axis=-1).astype(int)
            run: list[tuple[float, float]] = []
            current: tuple[Any, ...] | None = None
            for i in range(len(mid)):
                on = [int(v) for v in here[i]]
                on[k] = 0
                a = [int(v) for v in plus[i]]
                b = [int(v) for v in minus[i]]
                a[k], b[k] = 1, -1
                left, right, own = fams.names(a), fams.names(b), fams.names(on)
                if own != left and own != right:
                    kind: tuple[Any, ...] | None = (left, right, own)
                elif left != right:
                    kind = (left, right, None)
                else:
                    kind = None
                if kind != current:
                    if current is not None and len(run) >= 2:
                        segments.append(Segment(tuple(run), (current[0], current[1]), current[2], atom.text))
                    run = [(float(pts[i][0]), float(pts[i][1]))] if kind is not None else []
                    current = kind
                if kind is not None:
                    run.append((float(pts[i + 1][0]), float(pts[i + 1][1])))
            if current is not None and len(run) >= 2:
                segments.append(Segment(tuple(run), (current[0], current[1]), current[2], atom.text))
    return RegionMap(x, y, box, False, tuple(faces), tuple(segments), "contour")


# ---------------------------------------------------------------------- entry
def exact_map(
    solved: Any, x: str, y: str, box: tuple[Fraction, Fraction, Fraction, Fraction], *, fine: int = FINE
) -> RegionMap | None:
    """The regions of the box from a symbolic solve, or ``None`` when the box's interior
    leaves the solution's assumptions (the plot then keeps the grid's cells).

    Parameters
    ----------
    solved : paths.Solved
        The symbolic solve of the sweep (``SweepResult.solutions``).
    x, y : str
        The parameters across and upright.
    box : tuple of Fraction
        ``(x0, x1, y0, y1)``, the grid's first and last values.
    fine : int
        Grid cells per side where a condition is nonlinear.

    Returns
    -------
    RegionMap or None
    """
    x0, x1, y0, y1 = box
    # the interior must lie inside the assumptions (the edges may not: p = 0, c = 0)
    n = 24
    for i, j in itertools.product(range(1, n), range(1, n)):
        point = {x: x0 + (x1 - x0) * Fraction(i, n), y: y0 + (y1 - y0) * Fraction(j, n)}
        if solved.outside(point) is not None:
            return None
    families = [(fam, path_name(fam)) for fam, _, _ in solved.families]
    try:
        fams = _Families(families, x, y)
    except ValueError:
        return None
    if all(a.line is not None for a in fams.atoms):
        return _linear_map(fams, x, y, box)
    return _nonlinear_map(fams, x, y, box, fine)


def names_at(solved: Any, values: Mapping[str, Fraction]) -> tuple[str, ...]:
    """The path-of-play names of the families holding at a point, exactly."""
    point = {**solved.numbers, **values}
    return tuple(sorted({path_name(fam) for fam, _, _ in solved.families if fam.holds(point)}))


# ---------------------------------------------------------------------- label placement
def components(rmap: RegionMap) -> list[tuple[tuple[str, ...], list[int]]]:
    """The connected pieces of each set: faces of one set sharing an edge (exact maps);
    each face of a contour map is one piece already."""
    if not rmap.exact:
        return [(f.names, [i]) for i, f in enumerate(rmap.faces)]
    parent = list(range(len(rmap.faces)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges: dict[frozenset[Point], list[int]] = {}
    for i, f in enumerate(rmap.faces):
        for p, q in zip(f.polygon, [*f.polygon[1:], f.polygon[0]]):
            edges.setdefault(frozenset((p, q)), []).append(i)
    for faces in edges.values():
        for a, b in itertools.pairwise(faces):
            if rmap.faces[a].names == rmap.faces[b].names:
                parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(rmap.faces)):
        groups.setdefault(find(i), []).append(i)
    return [(rmap.faces[g[0]].names, g) for g in groups.values()]


def piece_geometry(rmap: RegionMap, faces: Sequence[int]) -> tuple[list[Any], Any]:
    """Float rings (for the inside test) and the boundary segments of a piece (edges
    shared by two of its faces left out)."""
    import numpy as np

    rings = []
    count: dict[frozenset[Point], int] = {}
    segs: dict[frozenset[Point], tuple[Point, Point]] = {}
    for i in faces:
        f = rmap.faces[i]
        for ring in (f.polygon, *f.holes):
            if len(ring) > 240:  # a contour's ring: every few vertices are enough to place a label
                ring = ring[:: len(ring) // 120]
            rings.append(np.array([[float(px), float(py)] for px, py in ring]))
            for p, q in zip(ring, [*ring[1:], ring[0]]):
                key = frozenset((p, q))
                count[key] = count.get(key, 0) + 1
                segs[key] = (p, q)
    edges = [[float(p[0]), float(p[1]), float(q[0]), float(q[1])] for key, (p, q) in segs.items() if count[key] == 1]
    return rings, np.array(edges, dtype=float).reshape(-1, 4)


def _inside(rings: Sequence[Any], px: Any, py: Any) -> Any:
    """Even-odd rule over the rings (faces of a piece do not overlap; holes flip)."""
    import numpy as np

    inside = np.zeros(px.shape, dtype=bool)
    py_ = py[:, None]
    for ring in rings:
        ax_, ay_ = ring[None, :, 0], ring[None, :, 1]
        bx_, by_ = np.roll(ring[:, 0], -1)[None, :], np.roll(ring[:, 1], -1)[None, :]
        crosses = (ay_ > py_) != (by_ > py_)
        with np.errstate(divide="ignore", invalid="ignore"):
            xcross = ax_ + (py_ - ay_) * (bx_ - ax_) / (by_ - ay_)
        inside ^= (np.count_nonzero(crosses & (px[:, None] < xcross), axis=1) % 2).astype(bool)
    return inside


def _hits(edges: Any, cx: float, cy: float, hw: float, hh: float) -> bool:
    """Does any segment (display units) meet the rectangle centred at (cx, cy)?"""
    for x0, y0, x1, y1 in edges:
        t0, t1 = 0.0, 1.0
        dx, dy = x1 - x0, y1 - y0
        ok = True
        for p, q in ((-dx, x0 - (cx - hw)), (dx, (cx + hw) - x0), (-dy, y0 - (cy - hh)), (dy, (cy + hh) - y0)):
            if p == 0:
                if q < 0:
                    ok = False
                    break
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                ok = False
                break
        if ok:
            return True
    return False


def place_label(
    rings: Sequence[Any], edges: Any, scale: tuple[float, float], sizes: Sequence[tuple[float, float]]
) -> tuple[float, float, int] | None:
    """Where a label fits inside a piece: ``(x, y, k)`` for the first of ``sizes`` (width,
    height in display units) that fits, ``k == len(sizes)`` when none does (the point
    farthest from the piece's boundary, for a key), ``None`` when the piece is too thin
    for even that.  The piece is given by float ``rings`` (even-odd rule) and its
    boundary ``edges`` (rows ``x0, y0, x1, y1``, :func:`piece_geometry`); ``scale`` turns
    data units into display units along x and y."""
    import numpy as np

    if not rings:
        return None
    allx = np.concatenate([r[:, 0] for r in rings])
    ally = np.concatenate([r[:, 1] for r in rings])
    n = 48
    gx, gy = np.meshgrid(
        np.linspace(allx.min(), allx.max(), n + 2)[1:-1], np.linspace(ally.min(), ally.max(), n + 2)[1:-1]
    )
    px, py = gx.ravel(), gy.ravel()
    keep = _inside(rings, px, py)
    px, py = px[keep], py[keep]
    if len(px) == 0:
        return None
    sx, sy = scale
    dx, dy = px * sx, py * sy
    e = edges * np.array([sx, sy, sx, sy])
    ex, ey = e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]
    length2 = np.maximum(ex**2 + ey**2, 1e-18)
    t = np.clip(((dx[:, None] - e[None, :, 0]) * ex + (dy[:, None] - e[None, :, 1]) * ey) / length2, 0, 1)
    dist = np.hypot(dx[:, None] - (e[None, :, 0] + t * ex), dy[:, None] - (e[None, :, 1] + t * ey)).min(axis=1)
    # the farthest from the boundary; among near-ties the nearest the middle of the piece
    middle = np.hypot(px - (allx.min() + allx.max()) / 2, (py - (ally.min() + ally.max()) / 2) * sy / sx)
    order = np.lexsort((middle, -np.round(dist, 0)))
    for k, (w, h) in enumerate(sizes):
        for i in order[:40]:
            if dist[i] < min(w, h) / 2:
                break
            corners_x = np.array([dx[i] - w / 2, dx[i] + w / 2, dx[i] + w / 2, dx[i] - w / 2]) / sx
            corners_y = np.array([dy[i] - h / 2, dy[i] - h / 2, dy[i] + h / 2, dy[i] + h / 2]) / sy
            if _inside(rings, corners_x, corners_y).all() and not _hits(e, dx[i], dy[i], w / 2, h / 2):
                return float(px[i]), float(py[i]), k
    best = int(order[0])
    if dist[best] < 3.0:
        return None
    return float(px[best]), float(py[best]), len(sizes)


# ---------------------------------------------------------------------- one axis
def names_along(
    solved: Any, axis: str, lower: Fraction, upper: Fraction, fixed: Mapping[str, Fraction] | None = None
) -> tuple[list[tuple[Fraction, Fraction, tuple[str, ...]]], list[tuple[Fraction, tuple[str, ...] | None]]] | None:
    """The runs of one set of path-of-play names along ``axis``, exactly, and the cuts
    between them (with the set on the cut when it differs from both sides).

    The cuts are the values where a condition of any family switches; the set is
    evaluated exactly inside each interval and at each cut, and equal neighbours are
    merged.  ``None`` when an interval's middle or a cut leaves the solution's
    assumptions (the plot then keeps the sweep's labels).
    """
    values = dict(fixed or {})
    others = {k: v for k, v in {**solved.numbers, **values}.items() if k != axis}
    cuts: set[Fraction] = set()
    for fam, _, _ in solved.families:
        for b in fam.boundaries(axis, others):
            if lower < Fraction(b) < upper:
                cuts.add(Fraction(b))
    ordered = sorted(cuts)
    edges = [lower, *ordered, upper]
    middles = [(a + b) / 2 for a, b in itertools.pairwise(edges)]
    for v in [*middles, *ordered]:
        if solved.outside({**values, axis: v}) is not None:
            return None
    inside = [names_at(solved, {**values, axis: v}) for v in middles]
    on = [names_at(solved, {**values, axis: v}) for v in ordered]
    runs = [(lower, edges[1], inside[0])]
    lines: list[tuple[Fraction, tuple[str, ...] | None]] = []
    for k, cut in enumerate(ordered):
        left, right = inside[k], inside[k + 1]
        own = on[k] if on[k] not in (left, right) else None
        if right == runs[-1][2] and own is None:
            runs[-1] = (runs[-1][0], edges[k + 2], right)
            continue
        lines.append((cut, own))
        runs.append((cut, edges[k + 2], right))
    return runs, lines
