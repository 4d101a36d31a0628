"""Region plots drawn from the conditions (issue 16): exact boundaries, no slivers,
names inside, a legend by path of play.

Games and where the expected boundaries come from:

* the deterrence test model (tests/data/models/deterrence.py) at its default audience
  cost a = 1: its symbolic families (``gametoolkit solve deterrence.py --symbolic``)
  switch on q = 1/2 (a challenge earns the challenger -q + (1 - q) against 0, so it
  pays iff q < 1/2), on c = 1 (pooling on the signal needs the resolved type's 2 - c
  from deterring a challenge to beat the 1 it gets by fighting one after quiet) and
  on c = 1/2 (the semi-separating family's a >= c*(a + 1) at a = 1);
* the US-Japan alliance game, China high: the threshold t = (y4 - bJ)/(y4 - y2) is
  2/5, 1/2, 2/3 at y2 = 5/2, 3, 7/2 (docs/howto/sweeps.md), so y4 = 5, y4 - bJ = 1
  and the boundary over (p, y2) is the curve p*(5 - y2) = 1;
* the quasi-alliance game (Cha's ordering): cooperation is an equilibrium where
  x = threat*(1 - commitment) >= 2/3 (docs/models/quasi-alliance.md: the mixed
  equilibrium plays (2 - x)/(2x) <= 1).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from gametoolkit.analysis.grid import parse_vary
from gametoolkit.analysis.sweep import SweepResult, sweep

pytest.importorskip("matplotlib")
pytest.importorskip("sympy")

from gametoolkit.analysis.plot import RegionScene, plot_regions, region_figure

DETERRENCE = str(Path(__file__).parent / "data" / "models" / "deterrence.py")
CHOICES = {"china": ("low", "high")}


@pytest.fixture(scope="module")
def deterrence() -> SweepResult:
    # a coarse grid is enough: the exact map depends on the symbolic solve and the box only
    return sweep(DETERRENCE, [parse_vary("q=0:1:5"), parse_vary("c=0:3:4")], method="symbolic")


@pytest.fixture(scope="module")
def deterrence_scene(deterrence: SweepResult) -> tuple[Any, RegionScene]:
    return region_figure(deterrence)


def kinds(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({n.split(":")[0] for n in names}))


def inside_convex(polygon: list[Any], x: Fraction, y: Fraction, closed: bool = False) -> bool:
    """Inside a convex polygon (strictly, or on its edges too when ``closed``), exactly."""
    signs = set()
    for (ax, ay), (bx, by) in zip(polygon, [*polygon[1:], polygon[0]]):
        cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
        signs.add((cross > 0) - (cross < 0))
    if closed:
        return not ({1, -1} <= signs)
    return signs in ({1}, {-1})


def area(polygon: list[Any]) -> Fraction:
    total = Fraction(0)
    for (ax, ay), (bx, by) in zip(polygon, [*polygon[1:], polygon[0]]):
        total += ax * by - bx * ay
    return abs(total) / 2


# ---------------------------------------------------------------------- exact lines
def test_boundaries_lie_exactly_on_the_conditions(deterrence_scene: tuple[Any, RegionScene]) -> None:
    _, scene = deterrence_scene
    assert scene.method == "exact"
    on = {line["on"] for line in scene.lines}
    assert on == {"q = 1/2", "c = 1", "c = 1/2"}
    for line in scene.lines:
        points = line["points"]
        assert all(isinstance(v, Fraction) for p in points for v in p)
        if line["on"] == "c = 1":
            assert all(p[1] == 1 for p in points)  # not 0.95, half a cell off
            assert sorted(p[0] for p in points) == [Fraction(1, 2), 1]  # only where q > 1/2
        elif line["on"] == "c = 1/2":
            assert all(p[1] == Fraction(1, 2) for p in points)
        else:
            assert all(p[0] == Fraction(1, 2) for p in points)


def test_drawn_artists_sit_on_the_exact_lines(deterrence_scene: tuple[Any, RegionScene]) -> None:
    from matplotlib.collections import LineCollection

    fig, _ = deterrence_scene
    ax = fig.axes[0]
    segments = [seg for coll in ax.collections if isinstance(coll, LineCollection) for seg in coll.get_segments()]
    horizontal = {round(float(s[0][1]), 12) for s in segments if s[0][1] == s[-1][1]}
    vertical = {round(float(s[0][0]), 12) for s in segments if s[0][0] == s[-1][0]}
    assert horizontal == {0.5, 1.0}
    assert vertical == {0.5}
    assert ax.get_xlim() == (0.0, 1.0) and ax.get_ylim() == (0.0, 3.0)


def test_regions_partition_the_box_without_slivers(deterrence_scene: tuple[Any, RegionScene]) -> None:
    _, scene = deterrence_scene
    polygons = [r["polygon"] for r in scene.regions]
    assert sum(area(p) for p in polygons) == 3  # the box [0, 1] x [0, 3], exactly
    for p in polygons:
        xs, ys = [v[0] for v in p], [v[1] for v in p]
        # the narrowest face between the lines is 1/2 wide in q and 1/2 high in c
        assert max(xs) - min(xs) >= Fraction(1, 2) and max(ys) - min(ys) >= Fraction(1, 2)
    # the sets on the edges (q = 0, q = 1, c = 0: outside the assumptions) are not drawn
    assert all(p[0] not in (0, 1) or q[0] != p[0] for line in scene.lines for p, q in [line["points"]])


def test_legend_tells_pooling_on_different_messages_apart(deterrence_scene: tuple[Any, RegionScene]) -> None:
    _, scene = deterrence_scene
    regions = [e for e in scene.legend if not e["line"]]
    colours = [e["colour"] for e in scene.legend]
    assert len(set(colours)) == len(colours)
    quiet_only = [e for e in regions if e["names"] == ["pooling: quiet → no challenge"]]
    both = [e for e in regions if "pooling: signal → no challenge" in e["names"]]
    assert len(quiet_only) == 1 and len(both) == 1
    assert quiet_only[0]["colour"] != both[0]["colour"]
    # the challenger's answer on the path is part of the name: challenged below q = 1/2
    assert any(e["names"] == ["pooling: quiet → challenge"] for e in regions)


def test_labels_sit_inside_their_regions(deterrence_scene: tuple[Any, RegionScene]) -> None:
    _, scene = deterrence_scene
    assert len(scene.labels) == len({tuple(r["names"]) for r in scene.regions})  # every region named
    for label in scene.labels:
        x, y = Fraction(label["x"]), Fraction(label["y"])
        homes = [r for r in scene.regions if inside_convex(r["polygon"], x, y)]
        assert len(homes) == 1 and homes[0]["names"] == label["names"]
        if label["key"] is not None:  # a number stands for the set; the legend says which
            assert any(e["key"] == label["key"] and e["names"] == label["names"] for e in scene.legend)


def test_regions_agree_with_the_sweep_at_grid_points() -> None:
    """Inside each region the kinds are the sweep's labels at every grid point off the lines."""
    result = sweep(DETERRENCE, [parse_vary("q=0:1:11"), parse_vary("c=0:3:13")], method="symbolic")
    _, scene = region_figure(result)
    lines_q, lines_c = {Fraction(1, 2)}, {Fraction(1, 2), Fraction(1)}
    checked = 0
    for point in result.points:
        q, c = point.values["q"], point.values["c"]
        assert isinstance(q, Fraction) and isinstance(c, Fraction)
        if q in (0, 1) or c == 0 or q in lines_q or c in lines_c:
            continue
        homes = {tuple(r["names"]) for r in scene.regions if inside_convex(r["polygon"], q, c, closed=True)}
        assert len(homes) == 1
        assert kinds(homes.pop()) == point.labels, (q, c)
        checked += 1
    assert checked > 60


def test_scene_json_keeps_exact_coordinates(deterrence_scene: tuple[Any, RegionScene], tmp_path: Path) -> None:
    _, scene = deterrence_scene
    data = json.loads(json.dumps(scene.to_json()))
    assert {"1/2"} <= {v for line in data["lines"] for p in line["points"] for v in p}
    assert data["method"] == "exact"


# ---------------------------------------------------------------------- nonlinear conditions
@pytest.mark.parametrize(
    ("spec", "vary", "settings", "curve"),
    [
        ("us-japan-alliance", ["p=0:1:5", "y2=5/2:7/2:3"], {"china": "high"}, lambda p, y2: p * (5 - y2) - 1),
        ("quasi-alliance", ["threat=0:1:5", "commitment=0:1:5"], {"theory": "cha"}, lambda t, c: 3 * t * (1 - c) - 2),
    ],
)
def test_curved_boundaries_follow_the_condition(
    spec: str, vary: list[str], settings: dict[str, Any], curve: Any, tmp_path: Path
) -> None:
    result = sweep(spec, [parse_vary(v, CHOICES) for v in vary], settings, method="symbolic")
    _, scene = region_figure(result)
    assert scene.method == "contour"
    points = [p for line in scene.lines for p in line["points"]]
    assert len(points) > 50
    # bilinear: linear along each grid edge, so marching squares puts its points on the curve
    assert max(abs(curve(x, y)) for x, y in points) < 1e-9
    sets = [e["names"] for e in scene.legend if not e["line"]]
    assert len(sets) == len({tuple(s) for s in sets}) >= 2
    for label in scene.labels:
        region = [r for r in scene.regions if r["names"] == label["names"]]
        assert region
    out = plot_regions(result, tmp_path / "curve.svg")
    assert "<image" not in out.read_text()


# ---------------------------------------------------------------------- the cell map
def test_numeric_cells_stop_at_the_grid_and_leave_no_edge_strips() -> None:
    result = sweep(DETERRENCE, [parse_vary("q=0:1:11"), parse_vary("c=0:3:7")], method="numeric")
    fig, scene = region_figure(result)
    assert scene.method == "cells"
    xs = [v[0] for r in scene.regions for v in r["polygon"]]
    ys = [v[1] for r in scene.regions for v in r["polygon"]]
    assert (min(xs), max(xs), min(ys), max(ys)) == (0, 1, 0, 3)  # not half a cell beyond
    # every cell boundary is halfway between grid points (q step 1/10, c step 1/2)
    # (a line of its own set: on a grid line)
    for line in scene.lines:
        (x0, y0), (x1, y1) = line["points"]
        own = line["names"] is not None
        if x0 == x1:
            assert (x0 * 10).denominator == 1 if own else (x0 * 20) % 2 == 1
        else:
            assert y0 == y1 and ((y0 * 2).denominator == 1 if own else (y0 * 4) % 2 == 1)
    # the row c = 0 (outside c > 0: the numeric solver's own sets there) is not drawn as a strip
    c0 = {p.labels for p in result.points if p.values["c"] == 0}
    c_half = {p.labels for p in result.points if p.values["c"] == Fraction(1, 2)}
    for r in scene.regions:
        if tuple(r["names"]) in c0 - c_half:
            pytest.fail(f"a strip along c = 0: {r['names']}")
    assert fig.axes[0].get_xlim() == (0.0, 1.0)


def test_bands_name_equilibria_by_path_of_play() -> None:
    axes = [parse_vary("p=0:1:11"), parse_vary("china=low,high", CHOICES)]
    result = sweep("us-japan-alliance", axes, method="symbolic")
    _, scene = region_figure(result)
    assert scene.method == "bands"
    line = [x for x in scene.lines if x["on"]]
    assert [x["on"] for x in line] == ["p = 1/2"] and line[0]["points"][0][1] == 0.5
    # the kinds of each band's sets are the sweep's labels inside it
    by_kind = {kinds(e["names"]) for e in scene.legend if not e["line"]}
    assert by_kind == {("separating",), ("pooling", "semi-separating", "separating")}
    assert len({e["colour"] for e in scene.legend}) == len(scene.legend)
