"""TikZ output: a ``tikzpicture`` to ``\\input`` in a paper, or a standalone document.

Plain TikZ, not istgame.  The figure's coordinates are computed by :mod:`.layout`,
which keeps labels apart and puts the nodes of an information set on one level;
istgame lays a tree out itself from sibling and level distances, which cannot know how
wide the labels are, and it would be one more package for the reader's TeX set-up.
Plain TikZ needs only ``\\usepackage{tikz}`` and is easy to edit: every kind of line,
mark and label is a named style (``gtk edge``, ``gtk played``, ``gtk offpath``, ``gtk dimmed``,
``gtk infoset``, ``gtk decision``, ``gtk chance``, ``gtk label``) defined at the top of
the picture.

Labels are in math mode where they are names or numbers (``$x_{1}$``, ``$\\beta_{U}$``,
``$3/10$``) and text otherwise.  The standalone document declares math sizes so that
no subscript is under 8 pt (LaTeX would set those of an 11 pt label at 7.7 pt and
5.5 pt); in a paper, ``\\DeclareMathSizes{11}{11}{8}{8}`` in the preamble does the
same.  It uses only LaTeX's ``article`` class and ``tikz`` (Debian's
``texlive-latex-base`` and ``texlive-pictures``) and crops the page to the figure.
"""

from __future__ import annotations

from collections import Counter

from .labels import MIN_SCRIPT, tex
from .scene import Line, Scene, Text
from .style import Pen

__all__ = ["generate_tikz"]

_BP_PER_CM = 72 / 2.54

#: Colours TikZ (xcolor) knows by name.
_NAMED = {
    "black", "white", "gray", "red", "green", "blue", "cyan", "magenta", "yellow", "darkgray",
    "lightgray", "brown", "lime", "olive", "orange", "pink", "purple", "teal", "violet",
}  # fmt: skip

_ANCHORS = {
    ("left", "top"): "north west", ("center", "top"): "north", ("right", "top"): "north east",
    ("left", "middle"): "west", ("center", "middle"): "center", ("right", "middle"): "east",
    ("left", "bottom"): "south west", ("center", "bottom"): "south", ("right", "bottom"): "south east",
}  # fmt: skip


def _cm(x: float) -> str:
    text = f"{x / _BP_PER_CM:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _bp(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _at(p: tuple[float, float]) -> str:
    return f"({_cm(p[0])},{_cm(p[1])})"


class _Colors:
    """Colour names for TikZ; ``#rrggbb`` becomes a ``\\definecolor``."""

    def __init__(self) -> None:
        self.defined: dict[str, str] = {}

    def __call__(self, color: str) -> str:
        if color in _NAMED:
            return color
        if color.startswith("#") and len(color) == 7:
            if color not in self.defined:
                self.defined[color] = f"gtkc{len(self.defined) + 1}"
            return self.defined[color]
        return color

    def definitions(self) -> list[str]:
        return [f"\\definecolor{{{name}}}{{HTML}}{{{color[1:].upper()}}}" for color, name in self.defined.items()]


def _pen(pen: Pen, color: _Colors) -> str:
    out = f"line width={_bp(pen.width)}bp, draw={color(pen.color)}"
    return out + (", dashed" if pen.dashed else "")


def _kind(line: Line) -> str:
    if line.role == "infoset":
        return "gtk infoset"
    if line.played is None:
        return "gtk edge"
    if not line.played:
        return "gtk dimmed"
    return "gtk offpath" if line.on_path is False else "gtk played"


def _path(line: Line) -> str:
    if line.curved:
        a, c1, c2, b = line.points
        return f"{_at(a)} .. controls {_at(c1)} and {_at(c2)} .. {_at(b)}"
    a, b = line.points
    return f"{_at(a)} -- {_at(b)}"


def _text(t: Text, color: _Colors) -> str:
    options = ["gtk label", f"anchor={_ANCHORS[(t.align, t.valign)]}"]
    if len(t.label.lines) > 1:
        options.append(f"align={t.align}")
    if t.color != "black":
        options.append(f"text={color(t.color)}")
    if t.role == "title":
        options.append("font=\\bfseries")
    return f"  \\node[{', '.join(options)}] at {_at(t.anchor())} {{{tex(t.label)}}};"


def generate_tikz(scene: Scene, standalone: bool = False) -> str:
    """The figure as a ``tikzpicture`` (or, with ``standalone``, a whole LaTeX document)."""
    color = _Colors()
    # the pen most lines of a kind use becomes that kind's style; other pens are written out
    usual: dict[str, Pen] = {}
    counts: Counter[tuple[str, Pen]] = Counter((_kind(ln), ln.pen) for ln in scene.lines)
    for (kind, pen), _ in counts.most_common():
        usual.setdefault(kind, pen)
    marks = {m.kind: m.mark for m in reversed(scene.markers)}
    body: list[str] = []
    for role, heading in (("edge", "edges"), ("infoset", "information sets")):
        lines = [ln for ln in scene.lines if ln.role == role]
        if lines:
            body.append(f"  % {heading}")
        for ln in lines:
            kind = _kind(ln)
            options = kind if usual.get(kind) == ln.pen else _pen(ln.pen, color)
            body.append(f"  \\draw[{options}] {_path(ln)};")
    if scene.markers:
        body.append("  % nodes")
    for m in scene.markers:
        style = f"gtk {m.kind}"
        if marks.get(m.kind) == m.mark:
            body.append(f"  \\path[{style}] {_at((m.x, m.y))} circle[radius={_bp(m.mark.radius)}bp];")
        else:
            fill = color(m.mark.fill) if m.mark.fill else "white"
            body.append(
                f"  \\path[fill={fill}, {_pen(m.mark.pen, color)}] {_at((m.x, m.y))} circle[radius={_bp(m.mark.radius)}bp];"
            )
    if scene.texts:
        body.append("  % labels")
    body.extend(_text(t, color) for t in scene.texts)

    styles = [
        f"gtk label/.style={{inner sep=0pt, outer sep=0pt, font=\\fontsize{{{_bp(scene.font_size)}}}"
        f"{{{_bp(scene.font_size * 1.2)}}}\\selectfont}}"
    ]
    for kind in ("gtk edge", "gtk played", "gtk offpath", "gtk dimmed", "gtk infoset"):
        if kind in usual:
            styles.append(f"{kind}/.style={{{_pen(usual[kind], color)}}}")
    for kind, mark in sorted(marks.items()):
        fill = color(mark.fill) if mark.fill else "white"
        styles.append(f"gtk {kind}/.style={{fill={fill}, {_pen(mark.pen, color)}}}")
    picture = [
        f"% {' '.join((scene.title or 'game').split())}: a figure by gametoolkit (plain TikZ; needs \\usepackage{{tikz}})",
        *color.definitions(),
        "\\begin{tikzpicture}[x=1cm, y=1cm,",
        *(f"  {s}," for s in styles),
        "]",
        *body,
        "\\end{tikzpicture}",
    ]
    fragment = "\n".join(picture) + "\n"
    size, script = _bp(scene.font_size), _bp(max(MIN_SCRIPT, round(scene.font_size * 0.7, 1)))
    if not standalone:
        return fragment
    return (
        "\n".join(
            [
                "% A standalone figure by gametoolkit: pdflatex THIS.tex makes a PDF cropped to the figure.",
                "\\documentclass{article}",
                "\\usepackage{tikz}",
                f"\\DeclareMathSizes{{{size}}}{{{size}}}{{{script}}}{{{_bp(MIN_SCRIPT)}}}",
                "\\pagestyle{empty}",
                "\\begin{document}",
                "\\newsavebox{\\gtkfigure}",
                "\\savebox{\\gtkfigure}{%",
                fragment.rstrip("\n") + "%",
                "}",
                "\\ifdefined\\pdfpagewidth\\else\\let\\pdfpagewidth\\pagewidth\\let\\pdfpageheight\\pageheight\\fi",
                "\\pdfpagewidth=\\dimexpr\\wd\\gtkfigure+12bp\\relax",
                "\\pdfpageheight=\\dimexpr\\ht\\gtkfigure+\\dp\\gtkfigure+12bp\\relax",
                "\\hoffset=-1in \\voffset=-1in",
                "\\shipout\\vbox{\\kern6bp\\hbox{\\kern6bp\\usebox{\\gtkfigure}}}",
                "\\end{document}",
            ]
        )
        + "\n"
    )
