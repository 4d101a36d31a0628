"""Graphviz output: ``dot`` source with every position fixed, and SVG, PDF or PNG from it.

The figure's layout is ours (:mod:`.layout`), so the source pins every node with
``pos="x,y!"`` (points) and gives every line its own ``pos``; Graphviz only draws.
Render such a file with ``neato -n2`` (which keeps both node and line positions)::

    neato -n2 -Tpdf figure.dot -o figure.pdf

Any other Graphviz program also draws it (the graph says ``layout=neato``), with
straight lines where the figure arches an information set over a node.  Labels are
plain-text nodes with HTML-like labels (``x<SUB>1</SUB>``) in a cell of the width the
layout reserved, aligned to the side that faces what they label.  Nodes of one
information set also form a ``rank=same`` subgraph, which ``dot`` would honour.

SVG, PDF and PNG come from the ``graphviz`` Python package and Graphviz's programs;
:class:`~gametoolkit.errors.MissingDependencyError` says which is missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import GameToolkitError, MissingDependencyError
from .labels import html
from .scene import Line, Marker, Scene, Text
from .style import Pen

__all__ = ["FORMATS", "generate_dot", "render"]

#: Output formats :func:`render` makes through Graphviz.
FORMATS = ("svg", "pdf", "png")

_BORDER = 6.0


def _num(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{k}={v}" for k, v in pairs) + "]"


def _pen_attrs(pen: Pen) -> list[tuple[str, str]]:
    out = [("color", _quote(pen.color)), ("penwidth", _num(pen.width))]
    if pen.dashed:
        out.append(("style", "dashed"))
    return out


def _pos(points: Iterable[tuple[float, float]], dx: float, dy: float) -> str:
    return _quote(" ".join(f"{_num(x + dx)},{_num(y + dy)}" for x, y in points))


def _spline(line: Line) -> tuple[tuple[float, float], ...]:
    """A line as Graphviz's cubic B-spline points (a straight line is a flat curve)."""
    if line.curved:
        return line.points
    (ax, ay), (bx, by) = line.points
    return (
        (ax, ay),
        (ax + (bx - ax) / 3, ay + (by - ay) / 3),
        (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3),
        (bx, by),
    )


def _marker(m: Marker, dx: float, dy: float) -> str:
    diameter = 2 * m.mark.radius / 72
    attrs = [
        ("shape", "circle"),
        ("width", f"{diameter:.4f}"),
        ("height", f"{diameter:.4f}"),
        ("style", "filled"),
        ("fillcolor", _quote(m.mark.fill or "white")),
        ("color", _quote(m.mark.pen.color)),
        ("penwidth", _num(m.mark.pen.width)),
        ("pos", _quote(f"{_num(m.x + dx)},{_num(m.y + dy)}!")),
        ("class", _quote(m.kind)),
    ]
    return f"  n{m.node} {_attrs(attrs)};"


_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}
_VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


def _text(k: int, t: Text, font: str, size: float, dx: float, dy: float) -> str:
    w = max(t.box.x1 - t.box.x0, 1.0)
    h = max(t.box.y1 - t.box.y0, 1.0)
    cx, cy = (t.box.x0 + t.box.x1) / 2 + dx, (t.box.y0 + t.box.y1) / 2 + dy
    body = html(t.label, size * 1.1 if t.role == "title" else size)
    if t.color != "black":
        body = f'<FONT COLOR="{t.color}">{body}</FONT>'
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0"><TR>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="{round(w)}" HEIGHT="{round(h)}" '
        f'ALIGN="{_ALIGN[t.align]}" VALIGN="{_VALIGN[t.valign]}" BALIGN="{_ALIGN[t.align]}">{body}</TD>'
        "</TR></TABLE>>"
    )
    attrs = [
        ("shape", "plaintext"),
        ("width", f"{w / 72:.4f}"),
        ("height", f"{h / 72:.4f}"),
        ("margin", "0"),
        ("pos", _quote(f"{_num(cx)},{_num(cy)}!")),
        ("class", _quote(t.role)),
        ("label", table),
    ]
    if t.role == "title":
        attrs.append(("fontsize", _num(size * 1.1)))
    return f"  t{k} {_attrs(attrs)};"


def generate_dot(scene: Scene, dpi: float | None = None) -> str:
    """The figure as Graphviz source, every position fixed (see the module docstring).

    ``dpi`` sets the resolution of bitmap output (PNG).
    """
    b = scene.bounds
    dx, dy = _BORDER - b.x0, _BORDER - b.y0
    width, height = b.x1 - b.x0 + 2 * _BORDER, b.y1 - b.y0 + 2 * _BORDER
    out = [
        f"// {' '.join((scene.title or 'game').split())}: a figure by gametoolkit",
        "// every position is fixed: render with  neato -n2 -Tsvg THIS.dot -o figure.svg",
        f"digraph {_quote(' '.join((scene.title or 'game').replace(chr(92), '/').split()))} {{",
    ]
    graph = [
        ("layout", "neato"),
        ("inputscale", "72"),
        ("overlap", "true"),
        ("splines", "true"),
        ("outputorder", "edgesfirst"),
        ("bgcolor", "white"),
        ("pad", "0"),
    ]
    if dpi is not None:
        graph.append(("dpi", _num(dpi)))
    out.append(f"  graph {_attrs(graph)};")
    font = [("fontname", _quote(scene.font)), ("fontsize", _num(scene.font_size))]
    out.append(f"  node {_attrs([*font, ('label', _quote('')), ('fixedsize', 'true')])};")
    out.append(f"  edge {_attrs([('arrowhead', 'none'), ('dir', 'none')])};")
    # two corners keep the whole drawing inside the page whatever the fonts measure
    for name, (x, y) in (("corner0", (0.0, 0.0)), ("corner1", (width, height))):
        out.append(
            f"  {name} {_attrs([('shape', 'point'), ('style', 'invis'), ('width', '0'), ('pos', _quote(f'{_num(x)},{_num(y)}!'))])};"
        )
    out.append("  // nodes")
    marked = {m.node for m in scene.markers}
    for m in scene.markers:
        out.append(_marker(m, dx, dy))
    for v, (x, y) in enumerate(scene.positions):
        if v not in marked:
            attrs = [
                ("shape", "point"),
                ("style", "invis"),
                ("width", "0"),
                ("pos", _quote(f"{_num(x + dx)},{_num(y + dy)}!")),
            ]
            out.append(f"  n{v} {_attrs(attrs)};")
    out.append("  // edges")
    for line in scene.lines:
        if line.role != "edge":
            continue
        attrs = _pen_attrs(line.pen) + [("pos", _pos(_spline(line), dx, dy))]
        if line.played is not None:
            kind = "dimmed" if not line.played else "offpath" if line.on_path is False else "played"
            attrs.append(("class", _quote(kind)))
        out.append(f"  n{line.source} -> n{line.target} {_attrs(attrs)};")
    sets: dict[int, list[int]] = {}
    infoset_lines = [ln for ln in scene.lines if ln.role == "infoset"]
    if infoset_lines:
        out.append("  // information sets")
    for line in infoset_lines:
        attrs = _pen_attrs(line.pen) + [("pos", _pos(_spline(line), dx, dy)), ("class", _quote("infoset"))]
        out.append(f"  n{line.source} -> n{line.target} {_attrs(attrs)};")
        members = sets.setdefault(line.infoset, [])
        for v in (line.source, line.target):
            if v not in members:
                members.append(v)
    for index, members in sets.items():
        if all(scene.rank[v] == scene.rank[members[0]] for v in members):
            out.append(f"  subgraph infoset{index} {{ rank=same; {'; '.join(f'n{v}' for v in members)}; }}")
    if scene.texts:
        out.append("  // labels")
    for k, t in enumerate(scene.texts):
        out.append(_text(k, t, scene.font, scene.font_size, dx, dy))
    out.append("}")
    return "\n".join(out) + "\n"


def render(scene: Scene, fmt: str, dpi: float = 200.0) -> bytes:
    """SVG, PDF or PNG bytes of the figure, drawn by Graphviz (``neato -n2``)."""
    if fmt not in FORMATS:
        raise GameToolkitError(f"Graphviz output must be one of {', '.join(FORMATS)}, not {fmt!r}")
    try:
        import graphviz
    except ImportError as err:
        raise MissingDependencyError(
            "drawing SVG, PDF or PNG needs the graphviz Python package: pip install graphviz"
        ) from err
    source = generate_dot(scene, dpi=dpi if fmt == "png" else None)
    try:
        data: bytes = graphviz.Source(source).pipe(format=fmt, engine="neato", neato_no_op=2, quiet=True)
    except graphviz.ExecutableNotFound as err:
        raise MissingDependencyError(
            "drawing SVG, PDF or PNG needs Graphviz's programs (neato): install Graphviz "
            "(Debian: apt-get install graphviz); .dot and .tex output need nothing"
        ) from err
    except graphviz.CalledProcessError as err:
        detail = (err.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise GameToolkitError(f"Graphviz failed to draw the figure: {detail[-1] if detail else err}") from err
    return data
