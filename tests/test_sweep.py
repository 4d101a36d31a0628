"""Sweeps, regimes and region plots (gametoolkit.analysis).

The reference for every equilibrium set is the closed form of the US-Japan game,
worked out by hand from the model's docstring and confirmed with Gambit there: with
t = (y4 - bJ)/(y4 - y2), for China high and 0 < p < 1 the separating equilibrium
always exists, the pooling one iff p <= t, the semi-separating one iff p < t; for
China low only the separating one exists.  The sweep's numeric path (our exact
solver at each point) must reproduce it, and the symbolic path must agree with the
numeric one.
"""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from games import entry_deterrence
from gametoolkit.analysis.grid import GridError, parse_vary
from gametoolkit.analysis.regions import regimes_along
from gametoolkit.analysis.sweep import Progress, SweepError, SweepResult, csv_text, equilibrium_label, sweep
from gametoolkit.cli import main
from gametoolkit.errors import GameToolkitError
from gametoolkit.solvers import solve

gridmod = importlib.import_module("gametoolkit.analysis.grid")
pathsmod = importlib.import_module("gametoolkit.analysis.paths")

US_JAPAN = "us-japan-alliance"
CHOICES = {"china": ("low", "high")}


def threshold(y4: Fraction, y2: Fraction, bJ: Fraction) -> Fraction:
    return (y4 - bJ) / (y4 - y2)


def closed_form(china: str, p: Fraction, t: Fraction) -> tuple[str, ...]:
    """The US-Japan equilibrium set for 0 < p < 1 (module docstring)."""
    if china == "low":
        return ("separating",)
    found = {"separating"}
    if p <= t:
        found.add("pooling")
    if p < t:
        found.add("semi-separating")
    return tuple(sorted(found))


# ---------------------------------------------------------------------- grid
def test_range_is_exact_and_inclusive() -> None:
    axis = parse_vary("p=0:1:201")
    assert len(axis) == 201
    assert axis.values[0] == 0 and axis.values[-1] == 1
    assert axis.values[1] == Fraction(1, 200) and axis.values[100] == Fraction(1, 2)
    assert all(isinstance(v, Fraction) for v in axis.values)
    assert not axis.categorical


def test_range_with_fractions_and_decimals() -> None:
    assert parse_vary("x4 = 1/2 : 0.75 : 3").values == (Fraction(1, 2), Fraction(5, 8), Fraction(3, 4))
    assert parse_vary("p=1/3:1/3:1").values == (Fraction(1, 3),)


def test_lists_of_values_and_names() -> None:
    assert parse_vary("china=low,high", CHOICES).values == ("low", "high")
    assert parse_vary("china=low,high", CHOICES).categorical
    # numbers are sorted so the axis runs one way
    assert parse_vary("p=3/4, 1/4,0.5").values == (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("p", "expected NAME="),
        ("p=", "no values"),
        ("1p=0:1:3", "expected NAME="),
        ("p=0:1", "START:STOP:COUNT"),
        ("p=0:1:2:3", "START:STOP:COUNT"),
        ("p=0:1:x", "COUNT must be a whole number"),
        ("p=0:1:0", "COUNT must be between"),
        ("p=0:1:-3", "COUNT must be a whole number"),
        ("p=1:0:5", "START must be below STOP"),
        ("p=0:1:1", "one point needs START = STOP"),
        ("p=a:1:5", "not an exact number"),
        ("p=0:1/0:5", "not an exact number"),
        ("p=0:nan:5", "not an exact number"),
        ("p=1,,2", "empty value"),
        ("p=1,1", "listed twice"),
        ("p=1,low", "mixes numbers and names"),
        ("china=low,medium", "not one of low, high"),
        ("p=low", "not a parameter with named choices"),
        ("p=$(rm),1", "neither an exact number nor a name"),
        (f"p=0:1:{gridmod.MAX_POINTS + 1}", "COUNT must be between"),
    ],
)
def test_bad_vary_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(GridError, match=r"^--vary") as err:
        parse_vary(text, CHOICES)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, GameToolkitError)


def test_grid_is_the_product_last_axis_fastest() -> None:
    axes = [parse_vary("p=0:1:3"), parse_vary("china=low,high", CHOICES)]
    points = list(gridmod.grid(axes))
    assert len(points) == 6
    assert points[:2] == [{"p": 0, "china": "low"}, {"p": 0, "china": "high"}]


def test_grid_refuses_duplicates_fixed_names_and_huge_grids() -> None:
    with pytest.raises(GridError, match="given twice"):
        gridmod.check_axes([parse_vary("p=0:1:3"), parse_vary("p=0:1:3")])
    with pytest.raises(GridError, match="both varied"):
        gridmod.check_axes([parse_vary("p=0:1:3")], {"p": Fraction(1, 2)})
    with pytest.raises(GridError, match="at most"):
        gridmod.check_axes([parse_vary("p=0:1:2000"), parse_vary("x4=1:2:2000")])
    with pytest.raises(GridError, match="at least one"):
        gridmod.check_axes([])


# ---------------------------------------------------------------------- numeric path
@pytest.fixture(scope="module")
def us_japan_numeric() -> SweepResult:
    axes = [parse_vary("p=0:1:21"), parse_vary("china=low,high", CHOICES)]
    return sweep(US_JAPAN, axes, method="numeric")


def test_numeric_sweep_matches_the_closed_form(us_japan_numeric: SweepResult) -> None:
    result = us_japan_numeric
    assert result.method == "numeric"
    assert len(result.points) == 42
    t = threshold(Fraction(5), Fraction(3), Fraction(4))  # ranks, China high: t = 1/2
    assert t == Fraction(1, 2)
    for point in result.points:
        p, china = point.values["p"], point.values["china"]
        assert isinstance(p, Fraction) and isinstance(china, str)
        if 0 < p < 1:
            assert point.labels == closed_form(china, p, t), point
        assert point.count == len(point.labels)


def test_edges_of_the_prior_keep_the_interior_names(us_japan_numeric: SweepResult) -> None:
    """At p = 0 (only U_H) the solver leaves kind unset; the sweep classifies by strategies:
    U_H pooling on l with Japan answering h, or separating; the semi-separating one is gone."""
    at = {(p.values["p"], p.values["china"]): p.labels for p in us_japan_numeric.points}
    assert at[(Fraction(0), "high")] == ("pooling", "separating")
    assert at[(Fraction(1), "high")] == ("separating",)
    assert at[(Fraction(0), "low")] == ("separating",)


def test_numeric_sweep_with_other_payoffs_moves_the_threshold() -> None:
    # China high ordering: y5 > y6 > y4 > bJ > y2 > y3 > y1 with ranks 7..1; move y2 within (y3, bJ)
    y2 = Fraction(5, 2)
    t = threshold(Fraction(5), y2, Fraction(4))
    assert t == Fraction(2, 5)
    axes = [parse_vary("p=1/20:19/20:19")]
    result = sweep(US_JAPAN, axes, {"china": "high", "y2": y2}, method="numeric")
    for point in result.points:
        p = point.values["p"]
        assert isinstance(p, Fraction)
        assert point.labels == closed_form("high", p, t)


def test_csv_rows(us_japan_numeric: SweepResult) -> None:
    rows = csv_text(us_japan_numeric).splitlines()
    assert rows[0] == "p,china,equilibria,count"
    assert rows[1] == "0,low,separating,1"
    assert "1/20,high,pooling;semi-separating;separating,3" in rows
    assert "1/2,high,pooling;separating,2" in rows
    assert rows[-1] == "1,high,separating,1"
    assert len(rows) == 43


def test_json_result(us_japan_numeric: SweepResult) -> None:
    data = json.loads(json.dumps(us_japan_numeric.to_json()))
    assert data["method"] == "numeric"
    assert data["axes"][0] == {"name": "p", "values": [str(Fraction(k, 20)) for k in range(21)]}
    assert data["points"][3] == {
        "p": "1/20",
        "china": "high",
        "equilibria": ["pooling", "semi-separating", "separating"],
        "count": 3,
    }


def test_labels_outside_signaling_games_describe_the_path() -> None:
    solution = solve(entry_deterrence(), "pbe")
    labels = {equilibrium_label(e) for e in solution.equilibria}
    assert labels, "entry deterrence has equilibria"
    assert all("=" in label for label in labels)  # "<set>=<action>, ..."
    assert all(e.kind is None for e in solution.equilibria)


ENTRY_MODEL = '''
"""Entry with a cost of fighting c: the incumbent fights iff -c > 1, i.e. never for c > -1."""
from fractions import Fraction
from gametoolkit.core.dsl import decision, game, leaf

SLUG = "entry-c"
TITLE = "Entry"
PARAMETERS = {"c": Fraction(1)}

def build(c=Fraction(1)):
    c = Fraction(c)
    return game("Entry", ["Entrant", "Incumbent"], decision("Entrant", "E",
        out=leaf(0, 2),
        enter=decision("Incumbent", "I", fight=leaf(-1, -c), accommodate=leaf(1, 1))))
'''


def test_sweep_of_a_model_file_labels_by_play(tmp_path: Path) -> None:
    path = tmp_path / "entry_c.py"
    path.write_text(ENTRY_MODEL)
    result = sweep(str(path), [parse_vary("c=-3:1:5")], method="auto")
    assert result.method == "numeric"  # no tree(): nothing symbolic to do
    by_c = {p.values["c"]: p.labels for p in result.points}
    # c < -1: fighting pays 1 - c ... the incumbent fights (-c > 1), the entrant stays out
    assert by_c[Fraction(-3)] == ("E=out",)
    assert by_c[Fraction(1)] == ("E=enter, I=accommodate",)
    # c = -1: the incumbent is indifferent, both outcomes are equilibria
    assert set(by_c[Fraction(-1)]) >= {"E=enter, I=accommodate"}


def test_points_the_model_refuses_name_the_point() -> None:
    with pytest.raises(SweepError, match=r"at china=high, y2=9: payoffs break"):
        sweep(US_JAPAN, [parse_vary("y2=5/2:9:2")], {"china": "high"}, method="numeric")


def test_unknown_and_mistyped_axes() -> None:
    with pytest.raises(GameToolkitError, match="no such parameter"):
        sweep(US_JAPAN, [parse_vary("q=0:1:3")])
    with pytest.raises(GameToolkitError, match="takes numbers, not names"):
        sweep(US_JAPAN, [parse_vary("p=low,high")])
    with pytest.raises(SweepError, match="unknown method"):
        sweep(US_JAPAN, [parse_vary("p=0:1:3")], method="fast")
    with pytest.raises(SweepError, match="unknown concept"):
        sweep(US_JAPAN, [parse_vary("p=0:1:3")], concept="ess")


def test_progress_bar() -> None:
    stream = io.StringIO()
    bar = Progress(4, stream, width=8)
    for _ in range(4):
        bar.advance()
    bar.close()
    text = stream.getvalue()
    assert "\rsweep [########] 4/4" in text and text.endswith("\n")


# ---------------------------------------------------------------------- regimes (numeric)
def test_numeric_regimes_bisect_to_the_threshold() -> None:
    y2 = Fraction(5, 2)
    t = threshold(Fraction(5), y2, Fraction(4))  # 2/5, not on the 11-point grid's bisection path
    regimes = regimes_along(
        US_JAPAN,
        "p",
        Fraction(0),
        Fraction(1),
        {"china": "high", "y2": y2},
        method="numeric",
        grid=11,
        tol=Fraction(1, 2**20),
    )
    assert regimes.method == "numeric" and not regimes.exact
    assert [r.labels for r in regimes.regimes] == [
        ("pooling", "semi-separating", "separating"),
        ("separating",),
    ]
    (b,) = regimes.boundaries
    assert abs(b.value - t) <= b.error <= Fraction(1, 2**20)
    assert regimes.ends == (("pooling", "separating"), ("separating",))


def test_numeric_regimes_of_china_low_have_no_boundary() -> None:
    regimes = regimes_along(US_JAPAN, "p", Fraction(0), Fraction(1), {"china": "low"}, method="numeric", grid=5)
    assert [r.labels for r in regimes.regimes] == [("separating",)]
    assert regimes.boundaries == ()


# ---------------------------------------------------------------------- symbolic path
class Refuses:
    """A stand-in for gametoolkit.symbolic whose solver refuses every game."""

    class SymbolicUnsupported(GameToolkitError):
        pass

    @classmethod
    def solve_model(cls, model: Any, settings: Mapping[str, Any]) -> Any:
        raise cls.SymbolicUnsupported("not this class of game")


def test_symbolic_path_one_solve_per_category_and_agrees(us_japan_numeric: SweepResult) -> None:
    axes = [parse_vary("p=0:1:21"), parse_vary("china=low,high", CHOICES)]
    result = sweep(US_JAPAN, axes, method="symbolic")
    assert result.method == "symbolic"
    assert result.symbolic_solves == 2  # china=low and china=high
    assert result.numeric_points == 4  # p = 0 and p = 1, for both cases: outside 0 < p < 1
    assert result.numeric_reasons == {"outside 0 < p < 1": 4}
    assert [p.labels for p in result.points] == [p.labels for p in us_japan_numeric.points]
    high = result.regimes[(("china", "high"),)]
    assert high.exact
    (b,) = high.boundaries
    assert b.value == Fraction(1, 2) and b.at == ("pooling", "separating")


def test_symbolic_path_binds_the_model_numbers() -> None:
    """Every parameter neither varied nor set is bound to the model's number (ranks here):
    the symbolic solve has p alone left."""
    path = pathsmod.SymbolicPath(US_JAPAN, [parse_vary("p=0:1:3")])
    solved = path.solution({"china": "high"})
    assert solved.solution.parameters == ("p",)
    assert solved.numbers["y4"] == 5 and solved.numbers["bJ"] == 4 and solved.numbers["y2"] == 3


def test_symbolic_path_falls_back_when_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pathsmod, "_symbolic", lambda: Refuses)
    axes = [parse_vary("p=1/4,3/4")]
    result = sweep(US_JAPAN, axes, method="auto")
    assert result.method == "numeric"
    assert result.fallback == ("not this class of game",)
    assert result.note.startswith("sweep: numeric path, 2 points solved exactly; no symbolic path because not this")
    with pytest.raises(SweepError, match="not this class of game"):
        sweep(US_JAPAN, axes, method="symbolic")


def test_symbolic_regimes_are_exact() -> None:
    y2 = Fraction(5, 2)
    regimes = regimes_along(US_JAPAN, "p", Fraction(0), Fraction(1), {"china": "high", "y2": y2}, method="symbolic")
    assert regimes.exact
    assert [(r.lower, r.upper, r.labels) for r in regimes.regimes] == [
        (Fraction(0), Fraction(2, 5), ("pooling", "semi-separating", "separating")),
        (Fraction(2, 5), Fraction(1), ("separating",)),
    ]
    # the ends are outside 0 < p < 1 and solved exactly by the numeric solver
    assert regimes.ends == (("pooling", "separating"), ("separating",))


def test_symbolic_grid_outside_the_ordering_is_refused() -> None:
    with pytest.raises(SweepError, match="payoffs break"):
        sweep(US_JAPAN, [parse_vary("p=0:1:3"), parse_vary("y2=2:5:4")], {"china": "high"}, method="symbolic")


def test_real_symbolic_path_agrees_with_the_numeric_one() -> None:
    # other payoffs: t = (5 - 4)/(5 - 5/2) = 2/5, on the grid
    settings = {"y2": Fraction(5, 2)}
    axes = [parse_vary("p=0:1:41"), parse_vary("china=high", CHOICES)]
    fast = sweep(US_JAPAN, axes, settings, method="symbolic")
    slow = sweep(US_JAPAN, axes, settings, method="numeric")
    assert [p.labels for p in fast.points] == [p.labels for p in slow.points]
    high = fast.regimes[(("china", "high"),)]
    assert [b.value for b in high.boundaries] == [Fraction(2, 5)]


# ---------------------------------------------------------------------- plots and the command
def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_sweep_command_draws_regions(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / f"regions{suffix}"
    code, stdout, err = run(
        capsys,
        "sweep",
        US_JAPAN,
        "--vary",
        "p=0:1:11",
        "--vary",
        "china=low,high",
        "-o",
        str(out),
        "--method",
        "numeric",
    )
    assert code == 0, err
    assert f"wrote {out}: 22 points, 3 equilibrium sets (numeric" in stdout
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif suffix == ".pdf":
        assert data.startswith(b"%PDF")
    else:
        text = data.decode()
        assert "<svg" in text and "<image" not in text  # vector, no embedded raster


def test_sweep_command_csv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = tmp_path / "regions.csv"
    code, _, err = run(capsys, "sweep", US_JAPAN, "--vary", "p=0:1:5", "--vary", "china=low,high", "-o", str(csv_path))
    assert code == 0, err
    assert csv_path.read_text().splitlines()[4] == "1/4,high,pooling;semi-separating;separating,3"
    code, out, _ = run(capsys, "sweep", US_JAPAN, "--set", "china=high", "--vary", "p=1/4,3/4", "--json")
    assert code == 0
    data = json.loads(out)
    assert [p["equilibria"] for p in data["points"]] == [["pooling", "semi-separating", "separating"], ["separating"]]
    code, out, _ = run(capsys, "sweep", US_JAPAN, "--set", "china=low", "--vary", "p=1/2:1:2")
    assert out == "p,equilibria,count\n1/2,separating,1\n1,separating,1\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "p=0:1"], "START:STOP:COUNT"),
        (["--vary", "p=0:1:3", "-o", "out.gif"], "must end in"),
        (["--vary", "q=0:1:3"], "no such parameter"),
        (["--vary", "china=low,mid"], "not one of low, high"),
        (["--vary", "p=0:1:3", "--set", "p=1/2"], "both varied"),
        (["--vary", "p=0:1:3", "--vary", "x4=7:8:2", "--vary", "china=low,high", "-o", "r.png"], "at most two"),
        (["--vary", "p=0:1:3", "--x", "q", "-o", "r.png"], "--x q"),
    ],
)
def test_sweep_command_bad_input_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "sweep", US_JAPAN, *args)
    assert code == 2
    assert err.startswith("error:") and message in err
    assert err.count("\n") == 1


def test_two_numeric_axes_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from gametoolkit.analysis.plot import plot_regions

    axes = [parse_vary("p=0:1:5"), parse_vary("y2=5/2:7/2:3")]
    result = sweep(US_JAPAN, axes, {"china": "high"}, method="numeric")
    out = plot_regions(result, tmp_path / "two.svg")
    assert out.read_text().startswith("<?xml")


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import builtins

    from gametoolkit.analysis.plot import plot_regions
    from gametoolkit.errors import MissingDependencyError

    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    result = sweep(US_JAPAN, [parse_vary("p=1/4,3/4")], method="numeric")
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(MissingDependencyError, match=r"gametoolkit\[plot\]"):
        plot_regions(result, tmp_path / "r.png")
