"""The region plot of a sweep, in the style of the seed paper's Figure 3.

:func:`plot_regions` draws a sweep in the style of the seed paper's Figure 3: one
varied parameter on each axis (a categorical one such as ``china`` as bands, by
default on the horizontal axis with the numeric one upright), each region filled with
the colour of its equilibrium set and named inside when there is room, a legend of
every set, boundaries as thin black lines, drawn at the exact values where the
symbolic solution gives them (and labelled with them), else halfway between grid
points.  A set that holds only at a boundary point (``p = t``) is drawn as a line in
its own colour and listed in the legend.  Serif type, no grid or frame on two sides;
``.pdf`` and ``.svg`` are vector output, ``.png`` is 300 dpi.  matplotlib (the
``plot`` extra) is imported only here, when a figure is drawn.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import GameToolkitError, MissingDependencyError
from .grid import Axis, GridError, GridValue, value_text
from .regions import Regimes
from .sweep import SweepResult

__all__ = ["FIGURE_FORMATS", "PALETTE", "check_figure_path", "figure_metadata", "matplotlib_module", "plot_regions", "style"]

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


def _colours(sets: Sequence[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    ordered = sorted(set(sets), key=lambda s: (-len(s), s))
    colours = {}
    for k, s in enumerate(ordered):
        colours[s] = PALETTE[k] if k < len(PALETTE) else f"C{k % 10}"
    return colours


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


def _runs_from_regimes(
    regimes: Regimes,
) -> tuple[list[tuple[float, float, tuple[str, ...]]], list[tuple[float, tuple[str, ...] | None, Fraction | None]]]:
    runs = [(float(r.lower), float(r.upper), r.labels) for r in regimes.regimes]
    lines: list[tuple[float, tuple[str, ...] | None, Fraction | None]] = []
    for b in regimes.boundaries:
        own = b.at if b.at is not None and b.at not in (b.left, b.right) else None
        lines.append((float(b.value), own, b.value if b.exact else None))
    return runs, lines


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
    when there is room; a set that holds only on a boundary is a line.  Needs the
    ``plot`` extra (matplotlib).

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

    colours = _colours([p.labels for p in result.points])
    point_sets: dict[tuple[str, ...], None] = {}
    with mpl.rc_context(style()):
        fig = mpl.figure.Figure(figsize=size)
        ax = fig.add_subplot()
        if vertical is not None and not horizontal.categorical and not vertical.categorical:
            _draw_numeric_grid(ax, horizontal, vertical, labels_at, colours)
        elif vertical is None:
            _draw_bands(ax, None, horizontal, labels_at, colours, result, point_sets, False, tex)
        elif horizontal.categorical:
            _draw_bands(ax, horizontal, vertical, labels_at, colours, result, point_sets, True, tex)
        else:
            _draw_bands(ax, vertical, horizontal, labels_at, colours, result, point_sets, False, tex)
        ax.set_xlabel(_axis_title(horizontal.name, tex))
        if vertical is not None:
            ax.set_ylabel(_axis_title(vertical.name, tex))
        if title:
            ax.set_title(title)
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        used = sorted({p.labels for p in result.points} - set(point_sets), key=lambda s: (-len(s), s))
        handles: list[Any] = [
            Patch(facecolor=colours[s], edgecolor="black", linewidth=0.4, alpha=0.75, label=_set_text(s)) for s in used
        ]
        handles += [
            Line2D([], [], color=colours.get(s, "black"), linewidth=2.2, label=f"{_set_text(s)} (boundary only)")
            for s in point_sets
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
        fig.savefig(out, bbox_inches="tight", metadata=figure_metadata(out.suffix.lower()))
    return out


def _draw_bands(
    ax: Any,
    band_axis: Axis | None,
    along: Axis,
    labels_at: Callable[[Mapping[str, GridValue]], tuple[str, ...]],
    colours: dict[tuple[str, ...], str],
    result: SweepResult,
    point_sets: dict[tuple[str, ...], None],
    band_across: bool,
    tex: Mapping[str, str],
) -> None:
    """Bands for each category (columns when ``band_across``), regions along the other axis."""
    from matplotlib.patches import Rectangle

    categories: list[GridValue | None] = list(band_axis.values) if band_axis is not None else [None]
    half = 0.4
    numeric = not along.categorical
    span = float(along.numbers[-1] - along.numbers[0]) if numeric and len(along) > 1 else 1.0
    for i, category in enumerate(categories):
        key_values: dict[str, GridValue] = {}
        if band_axis is not None and category is not None:
            key_values[band_axis.name] = category
        if numeric:
            regimes = result.regimes.get(tuple(key_values.items()))
            if regimes is not None:
                runs, lines = _runs_from_regimes(regimes)
            else:
                sets = [labels_at({**key_values, along.name: v}) for v in along.values]
                runs, lines = _runs_from_grid(along.numbers, sets)
        else:
            runs = [(k - half, k + half, labels_at({**key_values, along.name: v})) for k, v in enumerate(along.values)]
            lines = []
        for lo, hi, s in runs:
            if band_across:
                rect = Rectangle((i - half, lo), 2 * half, hi - lo)
            else:
                rect = Rectangle((lo, i - half), hi - lo, 2 * half)
            rect.set(facecolor=colours[s], alpha=0.75, edgecolor="none", linewidth=0)
            ax.add_patch(rect)
            if (hi - lo) >= 0.12 * span or not numeric:
                mid = (lo + hi) / 2
                text = _set_text(s, "\n")
                pos = (i, mid) if band_across else (mid, i)
                ax.text(*pos, text, ha="center", va="center", fontsize=7, linespacing=1.15)
        for value, own, exact in lines:
            colour = colours.get(own, "black") if own is not None else "black"
            if own is not None:
                point_sets[own] = None
                colours.setdefault(own, "black")
            width = 2.2 if own is not None else 0.8
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


def _draw_numeric_grid(
    ax: Any,
    horizontal: Axis,
    vertical: Axis,
    labels_at: Callable[[Mapping[str, GridValue]], tuple[str, ...]],
    colours: dict[tuple[str, ...], str],
) -> None:
    """Two numeric axes: each grid point's cell filled; boundaries between unlike cells."""
    import numpy as np
    from matplotlib.colors import ListedColormap

    xs, ys = horizontal.numbers, vertical.numbers
    order = list(colours)
    index = {s: k for k, s in enumerate(order)}
    z = np.zeros((len(ys), len(xs)), dtype=int)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            z[j, i] = index[labels_at({horizontal.name: x, vertical.name: y})]

    def edges(vs: Sequence[Fraction]) -> list[float]:
        mids = [float((a + b) / 2) for a, b in itertools.pairwise(vs)]
        first = float(vs[0]) - (mids[0] - float(vs[0])) if mids else float(vs[0]) - 0.5
        last = float(vs[-1]) + (float(vs[-1]) - mids[-1]) if mids else float(vs[-1]) + 0.5
        return [first, *mids, last]

    ex, ey = edges(xs), edges(ys)
    cmap = ListedColormap([colours[s] for s in order])
    ax.pcolormesh(ex, ey, z, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, alpha=0.75, shading="flat", linewidth=0)
    segments = []
    for j in range(len(ys)):
        for i in range(len(xs)):
            if i + 1 < len(xs) and z[j, i] != z[j, i + 1]:
                segments.append([(ex[i + 1], ey[j]), (ex[i + 1], ey[j + 1])])
            if j + 1 < len(ys) and z[j, i] != z[j + 1, i]:
                segments.append([(ex[i], ey[j + 1]), (ex[i + 1], ey[j + 1])])
    if segments:
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(segments, colors="black", linewidths=0.6))
    ax.set_xlim(ex[0], ex[-1])
    ax.set_ylim(ey[0], ey[-1])
