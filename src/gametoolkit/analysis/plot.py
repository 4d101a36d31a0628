"""The region plot of a sweep, in the style of the seed paper's Figure 3.

:func:`plot_regions` draws a sweep in the style of the seed paper's Figure 3: one
varied parameter on each axis (a categorical one such as ``china`` as bands, by
default on the horizontal axis with the numeric one upright), each region filled with
the colour of its equilibrium set and named inside when the name fits (else a number
the legend explains), a legend of every set, boundaries as thin black lines.

* Where the symbolic path ran, the regions come from the families' conditions:
  over two numeric parameters as exact polygons (linear conditions) or contours
  (nonlinear ones), :mod:`.regionmap`; along a band, the exact values where a
  condition switches (labelled with them).  Equilibria are named by their path of
  play (``pooling: quiet → challenge``), so that equilibria of one kind that differ
  in play get different colours.
* Without it, the grid's cells (:mod:`.regioncells`): each centred on its point, none
  beyond the grid's first and last values, lone rows drawn as lines, no strips along
  the edges; bands cut halfway between grid points.

A set that holds only on a boundary (``p = t``) is drawn as a line in its own colour
and listed in the legend.  :func:`region_figure` returns the figure and a
:class:`RegionScene`, the data of what was drawn (for tests and other tools).  Serif
type, no grid or frame on two sides; ``.pdf`` and ``.svg`` are vector output,
``.png`` is 300 dpi.  matplotlib (the ``plot`` extra) is imported only here, when a
figure is drawn.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import GameToolkitError, MissingDependencyError
from .grid import Axis, GridError, GridValue, value_text
from .regions import Regimes
from .sweep import SweepResult

__all__ = [
    "FIGURE_FORMATS",
    "PALETTE",
    "RegionScene",
    "check_figure_path",
    "figure_metadata",
    "matplotlib_module",
    "plot_regions",
    "region_figure",
    "style",
]

#: Okabe-Ito colours (distinguishable with colour-blindness), then greys.
PALETTE = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00", "#999999", "#BBBBBB")


FIGURE_FORMATS = (".png", ".pdf", ".svg")


def matplotlib_module() -> Any:
    """matplotlib, imported on demand (no pyplot: a figure here never touches the
    caller's backend or open figures)."""
    try:
        import matplotlib
        import matplotlib.figure
    except ImportError as err:
        raise MissingDependencyError("plots need matplotlib: pip install 'gametoolkit[plot]'") from err
    return matplotlib


def style() -> dict[str, Any]:
    """The publication style: serif type, 9 pt, no top and right spines, no grid."""
    return {
        "font.family": "serif",
        "font.serif": ["DejaVu Serif"],
        "mathtext.fontset": "dejavuserif",
        "font.size": 9,
        "axes.titlesize": 9,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "lines.linewidth": 1.0,
        "pdf.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "gametoolkit",
        "savefig.dpi": 300,
    }


def figure_metadata(suffix: str) -> dict[str, Any]:
    if suffix == ".svg":
        return {"Date": None}
    if suffix == ".pdf":
        return {"CreationDate": None}
    return {}


def check_figure_path(path: str | Path) -> Path:
    out = Path(path)
    if out.suffix.lower() not in FIGURE_FORMATS:
        raise GameToolkitError(f"{out}: a figure must end in {', '.join(FIGURE_FORMATS)}")
    return out


def _axis_title(name: str, tex: Mapping[str, str]) -> str:
    if name in tex:
        return f"${tex[name]}$"
    if len(name) <= 3 and name.isidentifier():
        return f"${name}$"
    return name


def _set_text(labels: tuple[str, ...], sep: str = ", ") -> str:
    return sep.join(labels) if labels else "no equilibrium"


def _runs_from_grid(
    values: Sequence[Fraction], sets: Sequence[tuple[str, ...]]
) -> tuple[list[tuple[float, float, tuple[str, ...]]], list[tuple[float, tuple[str, ...] | None, Fraction | None]]]:
    """Runs of equal sets along a numeric grid: cells reach halfway to the neighbours.

    A single grid point whose set differs from the sets on both sides (an end point
    too) holds only there as far as the grid can tell: it becomes a line, not a cell.
    """
    n = len(sets)
    alone = [
        n > 2
        and (k == 0 or sets[k - 1] != sets[k])
        and (k == n - 1 or sets[k + 1] != sets[k])
        and (0 < k < n - 1 or sets[1 if k == 0 else n - 2] != sets[k])
        for k in range(n)
    ]
    edges = [float(values[0])]
    for a, b in itertools.pairwise(values):
        edges.append(float((a + b) / 2))
    edges.append(float(values[-1]))
    runs: list[tuple[float, float, tuple[str, ...]]] = []
    lines: list[tuple[float, tuple[str, ...] | None, Fraction | None]] = []
    k = 0
    while k < n:
        if alone[k] and (0 < k < n - 1):
            lines.append((float(values[k]), sets[k], None))
            if runs:
                runs[-1] = (runs[-1][0], float(values[k]), runs[-1][2])
            lo = float(values[k])
            k += 1
            if k < n:
                end = k
                while end + 1 < n and sets[end + 1] == sets[k] and not alone[end + 1]:
                    end += 1
                runs.append((lo, edges[end + 1], sets[k]))
                k = end + 1
            continue
        if alone[k]:  # an end point with a set of its own
            lines.append((float(values[k]), sets[k], None))
            if k == n - 1 and runs:
                runs[-1] = (runs[-1][0], float(values[k]), runs[-1][2])
            k += 1
            continue
        lo = float(values[0]) if k == 0 or (alone[k - 1] and k == 1) else edges[k]
        end = k
        while end + 1 < n and sets[end + 1] == sets[k] and not alone[end + 1]:
            end += 1
        hi = edges[end + 1]
        if runs:
            lines.append((lo, None, None))
        runs.append((lo, hi, sets[k]))
        k = end + 1
    return runs, lines


def _numbered(text: str, key: int | None) -> str:
    return f"{key}: {text}" if key is not None else text


def _fits(ax: Any, text: str, size: float, extent: tuple[float, float]) -> bool:
    """Does ``text`` at ``size`` points fit in a box of ``extent`` data units?"""
    fig = ax.figure
    t = ax.text(0, 0, text, fontsize=size, linespacing=1.15)
    box = t.get_window_extent(fig.canvas.get_renderer())
    t.remove()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    pos = ax.get_position()
    width_pt, height_pt = fig.get_size_inches() * 72
    w = extent[0] * pos.width * width_pt / abs(x1 - x0)
    h = extent[1] * pos.height * height_pt / abs(y1 - y0)
    return bool(box.width * 72 / fig.dpi + 4 <= w and box.height * 72 / fig.dpi + 2 <= h)


def _next_colour(colours: Mapping[Any, str]) -> str:
    used = set(colours.values())
    free = [c for c in PALETTE if c not in used]
    return free[0] if free else f"C{len(colours) % 10}"


def _named_runs(
    result: SweepResult, key: tuple[tuple[str, GridValue], ...], along: Axis
) -> (
    tuple[list[tuple[float, float, tuple[str, ...]]], list[tuple[float, tuple[str, ...] | None, Fraction | None]]]
    | None
):
    """Runs and cuts by path of play along a numeric axis where the symbolic path ran."""
    solved = getattr(result, "solutions", {}).get(key)
    if solved is None or len(along) < 2:
        return None
    from .regionmap import names_along

    found = names_along(solved, along.name, along.numbers[0], along.numbers[-1])
    if found is None:
        return None
    runs, cuts = found
    return [(float(a), float(b), s) for a, b, s in runs], [(float(v), own, v) for v, own in cuts]


def _runs_from_regimes(
    regimes: Regimes,
) -> tuple[list[tuple[float, float, tuple[str, ...]]], list[tuple[float, tuple[str, ...] | None, Fraction | None]]]:
    runs = [(float(r.lower), float(r.upper), r.labels) for r in regimes.regimes]
    lines: list[tuple[float, tuple[str, ...] | None, Fraction | None]] = []
    for b in regimes.boundaries:
        own = b.at if b.at is not None and b.at not in (b.left, b.right) else None
        lines.append((float(b.value), own, b.value if b.exact else None))
    return runs, lines


@dataclass
class RegionScene:
    """What a region plot drew, for tests and other tools: the filled regions, the
    lines, the names placed inside and the legend.

    ``method`` is ``exact`` (polygons from linear conditions, coordinates as
    :class:`~fractions.Fraction`), ``contour`` (nonlinear conditions, floats), ``cells``
    (the grid's cells, numeric path) or ``bands`` (a categorical or a single axis).
    Each region is ``{"names", "colour", "polygon", "holes"}``; each line ``{"points",
    "names", "sides"}`` (``names`` is the line's own set, ``None`` for a plain
    boundary); each label ``{"text", "x", "y", "names", "key", "fontsize"}`` (``key``
    the number standing for a set too long to fit); each legend entry ``{"text",
    "colour", "names", "line", "key"}``.
    """

    x: str
    y: str | None
    method: str
    regions: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)
    legend: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The scene with exact coordinates as text (``"1/2"``) and the rest as numbers."""

        def conv(v: Any) -> Any:
            if isinstance(v, Fraction):
                return value_text(v)
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, list | tuple):
                return [conv(x) for x in v]
            return v

        out: dict[str, Any] = conv(
            {
                "x": self.x,
                "y": self.y,
                "method": self.method,
                "regions": self.regions,
                "lines": self.lines,
                "labels": self.labels,
                "legend": self.legend,
            }
        )
        return out


def plot_regions(
    result: SweepResult,
    path: str | Path,
    *,
    x: str | None = None,
    title: str | None = None,
    tex_names: Mapping[str, str] | None = None,
    size: tuple[float, float] = (4.6, 3.6),
) -> Path:
    """Draw the regions of a sweep of one or two varied parameters to a file.

    Each region is filled with the colour of its equilibrium set and named inside
    when there is room (else a number that the legend explains); a set that holds
    only on a boundary is a line.  Over two numeric parameters swept through the
    symbolic path the regions are drawn from the families' conditions
    (:mod:`.regionmap`), exactly; else from the grid's cells.  Needs the ``plot``
    extra (matplotlib).

    Parameters
    ----------
    result : SweepResult
        A sweep over one or two varied parameters (:func:`sweep`).
    path : str or Path
        The file, ending in ``.png`` (300 dpi), ``.pdf`` or ``.svg``.
    x : str, optional
        The varied parameter to put across (default: a categorical one, else the
        first).
    title : str, optional
        A title above the plot.
    tex_names : mapping, optional
        LaTeX for parameter names on the axes.
    size : tuple of float
        Width and height in inches.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    GridError
        For more than two varied parameters, or an ``x`` that is not one of them.
    MissingDependencyError
        When matplotlib is not installed.
    """
    out = check_figure_path(path)
    mpl = matplotlib_module()
    fig, _ = region_figure(result, x=x, title=title, tex_names=tex_names, size=size)
    with mpl.rc_context(style()):
        fig.savefig(out, bbox_inches="tight", metadata=figure_metadata(out.suffix.lower()))
    return out


def region_figure(
    result: SweepResult,
    *,
    x: str | None = None,
    title: str | None = None,
    tex_names: Mapping[str, str] | None = None,
    size: tuple[float, float] = (4.6, 3.6),
) -> tuple[Any, RegionScene]:
    """The region plot as a matplotlib ``Figure`` and the :class:`RegionScene` it drew.

    What :func:`plot_regions` saves; the parameters are its own.

    Returns
    -------
    tuple of (Figure, RegionScene)
        The figure (not saved) and what it drew: regions, lines, names and legend.

    Raises
    ------
    GridError
        For more than two varied parameters, or an ``x`` that is not one of them.
    MissingDependencyError
        When matplotlib is not installed.
    """
    axes = list(result.axes)
    if len(axes) > 2:
        raise GridError(f"a region plot shows at most two varied parameters, not {len(axes)}; write a .csv for more")
    if x is not None and x not in [a.name for a in axes]:
        raise GridError(f"--x {x}: not a varied parameter ({', '.join(a.name for a in axes)})")
    if len(axes) == 2:
        if x is not None:
            horizontal = next(a for a in axes if a.name == x)
        elif axes[0].categorical != axes[1].categorical:
            horizontal = next(a for a in axes if a.categorical)  # Figure 3: the categories across
        else:
            horizontal = axes[0]
        vertical: Axis | None = next(a for a in axes if a is not horizontal)
    else:
        horizontal, vertical = axes[0], None
    mpl = matplotlib_module()
    tex = dict(tex_names or {})
    sets_by_point = {tuple((k, p.values[k]) for k in sorted(p.values)): p.labels for p in result.points}

    def labels_at(values: Mapping[str, GridValue]) -> tuple[str, ...]:
        return sets_by_point[tuple((k, values[k]) for k in sorted(values))]

    scene = RegionScene(horizontal.name, vertical.name if vertical is not None else None, "bands")
    with mpl.rc_context(style()):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = mpl.figure.Figure(figsize=size)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        if vertical is not None and not horizontal.categorical and not vertical.categorical:
            rmap = _exact(result, horizontal, vertical)
            if rmap is None:
                from .regioncells import cell_map

                rmap = cell_map(horizontal, vertical, labels_at)
            _draw_map(fig, ax, rmap, scene)
        else:
            colours: dict[tuple[str, ...], str] = {}  # in the order drawn
            point_sets: dict[tuple[str, ...], None] = {}
            drawn: dict[tuple[str, ...], None] = {}
            keys: dict[tuple[str, ...], int] = {}
            if vertical is None:
                _draw_bands(
                    ax, None, horizontal, labels_at, colours, result, (drawn, point_sets, keys), False, tex, scene
                )
            elif horizontal.categorical:
                _draw_bands(
                    ax, horizontal, vertical, labels_at, colours, result, (drawn, point_sets, keys), True, tex, scene
                )
            else:
                _draw_bands(
                    ax, vertical, horizontal, labels_at, colours, result, (drawn, point_sets, keys), False, tex, scene
                )
            used = sorted(set(drawn) - set(point_sets), key=lambda s: (-len(s), s))
            scene.legend = [
                _entry(
                    textwrap.fill(_numbered(_set_text(s, " + "), keys.get(s)), 70, subsequent_indent="    "),
                    colours[s],
                    s,
                    False,
                    keys.get(s),
                )
                for s in used
            ]
            scene.legend += [
                _entry(
                    textwrap.fill(f"{_set_text(s, ' + ')} (on the boundary only)", 70, subsequent_indent="    "),
                    colours.get(s, "black"),
                    s,
                    True,
                )
                for s in point_sets
            ]
        ax.set_xlabel(_axis_title(horizontal.name, tex))
        if vertical is not None:
            ax.set_ylabel(_axis_title(vertical.name, tex))
        if title:
            ax.set_title(title)
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Any] = [
            Line2D([], [], color=e["colour"], linewidth=2.2, label=e["text"])
            if e["line"]
            else Patch(facecolor=_light(e["colour"]), edgecolor="black", linewidth=0.4, label=e["text"])
            for e in scene.legend
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            frameon=False,
            ncol=1,
            title="equilibria",
            title_fontsize=8,
        )
    return fig, scene


def _entry(text: str, colour: str, names: tuple[str, ...], line: bool, key: int | None = None) -> dict[str, Any]:
    return {"text": text, "colour": colour, "names": list(names), "line": line, "key": key}


def _light(colour: str) -> str:
    """The colour as drawn over white at 75 % opacity, made opaque (no seams between
    neighbouring patches)."""
    from matplotlib.colors import to_hex, to_rgb

    r, g, b = to_rgb(colour)
    return str(to_hex((0.75 * r + 0.25, 0.75 * g + 0.25, 0.75 * b + 0.25)))


def _exact(result: SweepResult, horizontal: Axis, vertical: Axis) -> Any:
    """The exact map from the sweep's symbolic solve, or ``None`` (no symbolic path, or
    a box whose interior leaves its assumptions)."""
    solved = getattr(result, "solutions", {}).get(())
    if solved is None:
        return None
    from .regionmap import exact_map

    box = (horizontal.numbers[0], horizontal.numbers[-1], vertical.numbers[0], vertical.numbers[-1])
    if box[0] >= box[1] or box[2] >= box[3]:
        return None
    return exact_map(solved, horizontal.name, vertical.name, box)


def _draw_bands(
    ax: Any,
    band_axis: Axis | None,
    along: Axis,
    labels_at: Callable[[Mapping[str, GridValue]], tuple[str, ...]],
    colours: dict[tuple[str, ...], str],
    result: SweepResult,
    seen: tuple[dict[tuple[str, ...], None], dict[tuple[str, ...], None], dict[tuple[str, ...], int]],
    band_across: bool,
    tex: Mapping[str, str],
    scene: RegionScene,
) -> None:
    """Bands for each category (columns when ``band_across``), regions along the other axis.

    Where the symbolic path ran, the regions are the runs of one set of equilibria
    named by their path of play (:func:`.regionmap.names_along`); else the sweep's
    labels.  ``seen`` collects the sets drawn as regions and as lines."""
    drawn, point_sets, keys = seen
    from matplotlib.patches import Rectangle

    categories: list[GridValue | None] = list(band_axis.values) if band_axis is not None else [None]
    half = 0.4
    numeric = not along.categorical
    cat_positions = list(range(len(categories)))
    cat_labels = [value_text(c) if c is not None else "" for c in categories]
    if numeric:
        lo, hi = float(along.numbers[0]), float(along.numbers[-1])
    else:
        lo, hi = -half - 0.1, len(along) - 1 + half + 0.1
    if band_across:
        ax.set_xlim(-0.6, len(categories) - 0.4)
        ax.set_ylim(lo, hi)
        ax.set_xticks(cat_positions, cat_labels)
        if not numeric:
            ax.set_yticks(range(len(along)), [value_text(v) for v in along.values])
        ax.tick_params(axis="x", length=0)
    else:
        ax.set_ylim(-0.6, len(categories) - 0.4)
        ax.set_xlim(lo, hi)
        ax.set_yticks(cat_positions, cat_labels)
        ax.tick_params(axis="y", length=0)
        if band_axis is None:
            ax.spines["left"].set_visible(False)
    for i, category in enumerate(categories):
        key_values: dict[str, GridValue] = {}
        if band_axis is not None and category is not None:
            key_values[band_axis.name] = category
        if numeric:
            regimes = result.regimes.get(tuple(key_values.items()))
            named = _named_runs(result, tuple(key_values.items()), along)
            if named is not None:
                runs, lines = named
            elif regimes is not None:
                runs, lines = _runs_from_regimes(regimes)
            else:
                sets = [labels_at({**key_values, along.name: v}) for v in along.values]
                runs, lines = _runs_from_grid(along.numbers, sets)
        else:
            runs = [(k - half, k + half, labels_at({**key_values, along.name: v})) for k, v in enumerate(along.values)]
            lines = []
        for lo, hi, s in runs:
            if s not in colours:
                colours[s] = _next_colour(colours)
            drawn[s] = None
            if band_across:
                rect = Rectangle((i - half, lo), 2 * half, hi - lo)
            else:
                rect = Rectangle((lo, i - half), hi - lo, 2 * half)
            rect.set(facecolor=_light(colours[s]), edgecolor="none", linewidth=0)
            ax.add_patch(rect)
            if band_across:
                corners = [(i - half, lo), (i + half, lo), (i + half, hi), (i - half, hi)]
            else:
                corners = [(lo, i - half), (hi, i - half), (hi, i + half), (lo, i + half)]
            scene.regions.append({"names": list(s), "colour": colours[s], "polygon": corners, "holes": []})
            mid = (lo + hi) / 2
            pos = (i, mid) if band_across else (mid, i)
            extent = (2 * half, hi - lo) if band_across else (hi - lo, 2 * half)
            for size, wrap in ((7.0, 34), (7.0, 22), (6.0, 22), (6.0, 16), (0.0, 0)):
                if size == 0.0:  # too long for the region: a number the legend explains
                    keys.setdefault(s, len(keys) + 1)
                    if _fits(ax, str(keys[s]), 7.0, extent):
                        ax.text(*pos, str(keys[s]), ha="center", va="center", fontsize=7, fontweight="bold")
                        scene.labels.append(
                            {
                                "text": str(keys[s]),
                                "x": pos[0],
                                "y": pos[1],
                                "names": list(s),
                                "key": keys[s],
                                "fontsize": 7.0,
                            }
                        )
                elif _fits(ax, _inside_text(s, wrap), size, extent):
                    ax.text(*pos, _inside_text(s, wrap), ha="center", va="center", fontsize=size, linespacing=1.15)
                    scene.labels.append(
                        {
                            "text": _inside_text(s, wrap),
                            "x": pos[0],
                            "y": pos[1],
                            "names": list(s),
                            "key": None,
                            "fontsize": size,
                        }
                    )
                    break
        for value, own, exact in lines:
            if own is not None:
                point_sets[own] = None
                if own not in colours:
                    colours[own] = _next_colour(colours)
            colour = colours[own] if own is not None else "black"
            width = 2.2 if own is not None else 0.8
            ends = [(i - half, value), (i + half, value)] if band_across else [(value, i - half), (value, i + half)]
            scene.lines.append(
                {
                    "points": ends,
                    "names": None if own is None else list(own),
                    "sides": None,
                    "on": f"{along.name} = {value_text(exact)}" if exact is not None else "",
                }
            )
            if band_across:
                ax.plot([i - half, i + half], [value, value], color=colour, linewidth=width, solid_capstyle="butt")
                ax.plot([i - half, i + half], [value, value], color="black", linewidth=0.5)
            else:
                ax.plot([value, value], [i - half, i + half], color=colour, linewidth=width, solid_capstyle="butt")
                ax.plot([value, value], [i - half, i + half], color="black", linewidth=0.5)
            if exact is not None:
                name = _axis_title(along.name, tex)
                note = f"{name} = {value_text(exact)}"
                if band_across:
                    ax.text(i + half, value, note + " ", ha="right", va="bottom", fontsize=6.5)
                else:
                    ax.text(value, i + half, " " + note, ha="left", va="top", fontsize=6.5, rotation=90)
    # the frame of each band
    for i in range(len(categories)):
        if numeric:
            lo, hi = float(along.numbers[0]), float(along.numbers[-1])
        else:
            lo, hi = -half, len(along) - 1 + half
        if band_across:
            frame = Rectangle((i - half, lo), 2 * half, hi - lo)
        else:
            frame = Rectangle((lo, i - half), hi - lo, 2 * half)
        frame.set(facecolor="none", edgecolor="black", linewidth=0.6)
        ax.add_patch(frame)


def _draw_map(fig: Any, ax: Any, rmap: Any, scene: RegionScene) -> None:
    """Fill the map's faces, draw its boundaries and own-set lines, name each piece
    inside where the name fits (else a numbered key), and write the legend entries."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    from .regionmap import components, piece_geometry, place_label

    sets = rmap.sets()
    line_sets = list(dict.fromkeys(_line_key(s) for s in rmap.segments if s.own is not None))
    colours = {s: (PALETTE[k] if k < len(PALETTE) else f"C{k % 10}") for k, s in enumerate([*sets, *line_sets])}
    scene.method = rmap.method
    for f in rmap.faces:
        rings = [f.polygon, *f.holes]
        verts: list[tuple[float, float]] = []
        codes: list[Any] = []
        for ring in rings:
            pts = [(float(px), float(py)) for px, py in ring]
            verts += [*pts, pts[0]]
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(pts) - 1) + [MPath.CLOSEPOLY]
        fill = _light(colours[f.names])
        ax.add_patch(PathPatch(MPath(verts, codes), facecolor=fill, edgecolor=fill, linewidth=0.3))
        scene.regions.append(
            {"names": list(f.names), "colour": colours[f.names], "polygon": list(f.polygon), "holes": list(f.holes)}
        )
    plain = []
    for seg in rmap.segments:
        pts = [(float(px), float(py)) for px, py in seg.points]
        if seg.own is not None:
            ax.plot(*zip(*pts), color=colours[_line_key(seg)], linewidth=2.2, solid_capstyle="butt")
        plain.append(pts)
        scene.lines.append(
            {
                "points": list(seg.points),
                "names": None if seg.own is None else list(seg.own),
                "sides": [list(s) for s in seg.sides],
                "on": seg.atom,
            }
        )
    if plain:
        ax.add_collection(LineCollection(plain, colors="black", linewidths=0.6 if rmap.method != "cells" else 0.5))
    x0, x1, y0, y1 = (float(v) for v in rmap.box)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # names inside: sizes in points, from the axes' size on the page
    pos = ax.get_position()
    width_pt, height_pt = fig.get_size_inches() * 72
    scale = (pos.width * width_pt / (x1 - x0), pos.height * height_pt / (y1 - y0))
    renderer = fig.canvas.get_renderer()

    def measure(text: str, size: float) -> tuple[float, float]:
        t = ax.text(0, 0, text, fontsize=size, linespacing=1.15)
        box = t.get_window_extent(renderer)
        t.remove()
        return box.width * 72 / fig.dpi + 3, box.height * 72 / fig.dpi + 2

    if rmap.pieces:
        pieces = [(rmap.faces[faces[0]].names, list(faces), edges) for faces, edges in rmap.pieces]
    else:
        pieces = [(names, faces, None) for names, faces in components(rmap)]
    # the name at 7 pt, wrapped narrow or wide, then at 6 pt; else a numbered key
    variants = [(size, wrap) for size in (7.0, 6.0) for wrap in (34, 50, 24)]
    keys: dict[tuple[str, ...], int] = {}
    placed = []
    for names, faces, edges in pieces:
        rings, own_edges = piece_geometry(rmap, faces)
        if edges is not None:
            import numpy as np

            own_edges = np.array(edges, dtype=float).reshape(-1, 4)
        texts = [_inside_text(names, wrap) for _, wrap in variants]
        sizes = [measure(text, size) for text, (size, _) in zip(texts, variants)]
        spot = place_label(rings, own_edges, scale, sizes)
        if spot is None:
            continue
        if spot[2] == len(sizes):
            keys.setdefault(names, 0)
            placed.append((names, "", spot, 7.0, True))
        else:
            placed.append((names, texts[spot[2]], spot, variants[spot[2]][0], False))
    for k, s in enumerate([s for s in sets if s in keys], start=1):
        keys[s] = k
    for names, text, (px, py, _), size, keyed in placed:
        key = keys[names] if keyed else None
        shown = str(key) if key is not None else text
        ax.text(
            px,
            py,
            shown,
            ha="center",
            va="center",
            fontsize=size,
            linespacing=1.15,
            fontweight="bold" if key is not None else "normal",
        )
        scene.labels.append({"text": shown, "x": px, "y": py, "names": list(names), "key": key, "fontsize": size})
    for s in sets:
        text = " + ".join(s) if s else "no equilibrium"
        if s in keys:
            text = f"{keys[s]}: {text}"
        scene.legend.append(
            _entry(textwrap.fill(text, 70, subsequent_indent="    "), colours[s], s, False, keys.get(s))
        )
    for s in line_sets:
        lines = sorted({seg.atom for seg in rmap.segments if seg.own is not None and _line_key(seg) == s})
        where = " and ".join(lines)
        if s and s[0] == "":  # no equilibrium holds there but on both sides
            text = f"on {where}: " + (" + ".join(s[1:]) or "no equilibrium")
        else:
            text = f"also on {where}: " + " + ".join(s)
        scene.legend.append(_entry(textwrap.fill(text, 70, subsequent_indent="    "), colours[s], s, True))


def _line_key(seg: Any) -> tuple[str, ...]:
    """What a line of its own set adds to its two sides (the equilibria holding on it
    only); when it adds none, ``("", *own)``: the set on the line itself."""
    extra = tuple(sorted(set(seg.own) - set(seg.sides[0]) - set(seg.sides[1])))
    return extra if extra else ("", *seg.own)


def _inside_text(names: tuple[str, ...], width: int = 34) -> str:
    """A set's name inside its region: one equilibrium a line (wrapped), ``+`` before each
    after the first."""
    if not names:
        return "no equilibrium"
    lines = []
    for k, name in enumerate(names):
        wrapped = textwrap.wrap(name, width)
        lines.append(("+ " if k else "") + wrapped[0])
        lines += ["   " + rest for rest in wrapped[1:]]
    return "\n".join(lines)
