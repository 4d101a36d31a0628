"""Sweeps give the same table whatever the method, boundary lines included (issue 12).

The reference at every point is the exact numeric solver (itself cross-checked against
Gambit in test_crosscheck); the symbolic path must reproduce its labels on grids that
run through the lines where the symbolic conditions switch.  Two games:

* the deterrence test model (tests/data/models/deterrence.py): prior q of a resolved
  defender, signal cost c, audience cost a.  With a = 0 its symbolic families switch on
  q = 1/2 and on c = 0, 1, 2; on c = 0 the defender's two types are indifferent
  between signalling and staying quiet, and the continuum of equilibria in which both
  mix is reported by the numeric solver through its extreme points;
* the US-Japan alliance game, China high, where the threshold is
  t = (y4 - bJ)/(y4 - y2) (1/2 at the ranks; 2/5, 1/2, 2/3 for y2 = 5/2, 3, 7/2).
"""

from __future__ import annotations

import importlib
import itertools
import json
from fractions import Fraction
from pathlib import Path

import pytest

from gametoolkit.analysis.grid import parse_vary
from gametoolkit.analysis.paths import SymbolicUnavailable
from gametoolkit.analysis.regions import regimes_along
from gametoolkit.analysis.sweep import SweepResult, csv_text, sweep
from gametoolkit.cli import main

pytest.importorskip("sympy")

pathsmod = importlib.import_module("gametoolkit.analysis.paths")

DETERRENCE = str(Path(__file__).parent / "data" / "models" / "deterrence.py")
US_JAPAN = "us-japan-alliance"
CHOICES = {"china": ("low", "high")}


def both(spec: str, vary: list[str], settings: dict[str, object]) -> tuple[SweepResult, SweepResult]:
    axes = [parse_vary(v, CHOICES) for v in vary]
    return sweep(spec, axes, settings, method="symbolic"), sweep(spec, axes, settings, method="numeric")


def disagreements(symbolic: SweepResult, numeric: SweepResult) -> list[tuple[object, ...]]:
    return [(a.values, a.labels, b.labels) for a, b in zip(symbolic.points, numeric.points) if a.labels != b.labels]


# ---------------------------------------------------------------------- agreement
def test_deterrence_symbolic_equals_numeric_through_the_lines() -> None:
    """q = 0, 1/4, 1/2, 3/4, 1 and c = 0, 1/2, ..., 3 hold the lines q = 1/2, c = 0, 1, 2."""
    symbolic, numeric = both(DETERRENCE, ["q=0:1:5", "c=0:3:7"], {"a": Fraction(0)})
    assert symbolic.method == "symbolic" and numeric.method == "numeric"
    assert disagreements(symbolic, numeric) == []
    assert csv_text(symbolic) == csv_text(numeric)
    at = {(p.values["q"], p.values["c"]): p.labels for p in symbolic.points}
    # On c = 0 both types are indifferent: beside pooling, the irresolute type signals with
    # probability s = q/(1 - q) (the challenger is then indifferent at belief 1/2: by hand,
    # q/(q + (1 - q) s) = 1/2), a semi-separating equilibrium, for q < 1/2.
    assert at[(Fraction(1, 4), Fraction(0))] == ("pooling", "semi-separating")
    # at q = 1/2 on c = 0 the mixing that makes the challenger indifferent is the same for
    # both types: pooling only (the numeric solver's extreme points)
    assert at[(Fraction(1, 2), Fraction(0))] == ("pooling",)
    # the points of 0 < q < 1 and every family, boundary ones included, went symbolically
    # except those on the continuum of c = 0
    assert symbolic.numeric_reasons.get("outside 0 < q < 1") == 14


def test_deterrence_default_audience_cost_runs_symbolically() -> None:
    """Without --set a=..., a is bound to the model's default (1), not left symbolic:
    auto used to fall back silently to the numeric path here."""
    axes = [parse_vary("q=1/4:3/4:3"), parse_vary("c=0:3:4")]
    symbolic = sweep(DETERRENCE, axes, method="auto")
    numeric = sweep(DETERRENCE, axes, method="numeric")
    assert symbolic.method == "symbolic", symbolic.note
    assert symbolic.fallback == ()
    assert disagreements(symbolic, numeric) == []


def test_us_japan_symbolic_equals_numeric_through_the_threshold() -> None:
    """p in steps of 1/30 runs through t = 2/5, 1/2 and 2/3 (y2 = 5/2, 3, 7/2)."""
    symbolic, numeric = both(US_JAPAN, ["p=0:1:31", "y2=5/2:7/2:3"], {"china": "high"})
    assert disagreements(symbolic, numeric) == []
    at = {(p.values["p"], p.values["y2"]): p.labels for p in symbolic.points}
    for y2, t in ((Fraction(5, 2), Fraction(2, 5)), (Fraction(3), Fraction(1, 2)), (Fraction(7, 2), Fraction(2, 3))):
        assert at[(t, y2)] == ("pooling", "separating")  # p = t: pooling holds, semi-separating not yet
        assert at[(t - Fraction(1, 30), y2)] == ("pooling", "semi-separating", "separating")
        assert at[(t + Fraction(1, 30), y2)] == ("separating",)
    assert symbolic.symbolic_solves == 1


@pytest.mark.slow
def test_deterrence_issue_grid_same_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The grid of issue 12 (q by 1/20, c by 1/5 from 0 to 3): the same CSV from both methods."""
    for extra in (["--set", "a=0"], []):
        files = []
        for method in ("symbolic", "numeric"):
            out = tmp_path / f"{method}{len(extra)}.csv"
            args = ["sweep", DETERRENCE, *extra, "--vary", "q=0:1:21", "--vary", "c=0:3:16", "--method", method]
            assert main([*args, "-o", str(out)]) == 0
            files.append(out.read_text())
        capsys.readouterr()
        assert files[0] == files[1]
        assert len(files[0].splitlines()) == 337


@pytest.mark.slow
def test_deterrence_regimes_along_c_match_bisection() -> None:
    """Exact regimes along c from the symbolic solution, against the numeric bisection."""
    settings = {"a": Fraction(0), "q": Fraction(1, 10)}
    # the model assumes c > 0: the symbolic solution is not read where that fails (at
    # c = 0 both types may mix, an equilibrium the solution under c > 0 does not hold)
    with pytest.raises(SymbolicUnavailable, match="c > 0"):
        regimes_along(DETERRENCE, "c", Fraction(-1), Fraction(3), settings, method="symbolic")
    auto = regimes_along(DETERRENCE, "c", Fraction(-1), Fraction(3), settings, grid=17)
    assert auto.method == "numeric" and [b.value for b in auto.boundaries] == [0]
    exact = regimes_along(DETERRENCE, "c", Fraction(0), Fraction(3), settings, method="symbolic")
    bisected = regimes_along(DETERRENCE, "c", Fraction(0), Fraction(3), settings, method="numeric", grid=17)
    assert [r.labels for r in exact.regimes] == [r.labels for r in bisected.regimes]
    for b, n in zip(exact.boundaries, bisected.boundaries, strict=True):
        assert abs(b.value - n.value) <= n.error


def test_a_continuum_with_free_sender_mixing_goes_numeric() -> None:
    """Without c > 0, c = 0 is inside the assumptions: there both types may mix freely.
    At q = 1/2 the challenger's indifference forces equal mixing, so every extreme point
    the numeric solver reports is pooling; the family is labelled semi-separating by its
    supports, so the sweep must take the numeric answer at such points."""
    import numpy as np

    from gametoolkit.catalog import find_model
    from gametoolkit.symbolic import Assumptions, solve_symbolic
    from gametoolkit.symbolic.expr import parse_relations

    game = find_model(DETERRENCE).module.tree().bind(a=Fraction(0))
    sol = solve_symbolic(game, Assumptions((), ("q",), tuple(parse_relations("c + 1 > 0", {"c"}))), verify=0)
    moving = [fam for fam in sol.equilibria + sol.boundary if pathsmod.moving_label(fam)]
    assert moving, "a family with free sender mixing on c = 0"
    # the pooling continuum of the US-Japan game at p = t leaves Japan's mixing free, not
    # the sender's: its label stays pooling and the sweep keeps it symbolic
    from gametoolkit.symbolic import solve_model

    us_japan = solve_model(find_model(US_JAPAN), {"china": "high"})
    assert us_japan.boundary and not any(pathsmod.moving_label(fam) for fam in us_japan.boundary)
    assert {pathsmod.family_label(fam) for fam in us_japan.boundary} == {"pooling"}
    solved = pathsmod.Solved(
        sol,
        {},
        frozenset({"q"}),
        tuple((fam, pathsmod.family_label(fam), pathsmod.moving_label(fam)) for fam in sol.equilibria + sol.boundary),
        pathsmod.AssumptionCheck(sol.assumptions),
    )
    columns = {"q": np.array([Fraction(1, 2), Fraction(1, 4)], dtype=object), "c": np.array([0, 1], dtype=object)}
    found = solved.labels(columns, 2, lambda j: {k: Fraction(v[j]) for k, v in columns.items()})
    assert found[0] is None  # on the continuum: numeric
    assert found[1] is not None and "pooling" in found[1]


RANDOM_MODEL = '''
"""A random sender-receiver game: two types (prior {p}), two messages, two responses;
every payoff k0 + k1*u + k2*v with small integer coefficients."""
from fractions import Fraction
from gametoolkit.core.dsl import chance, decision, game, leaf, params

SLUG = "random-signaling-{seed}"
TITLE = "random signaling {seed}"
PARAMETERS = {{"u": Fraction(0), "v": Fraction({v})}}
PAY = {pay!r}


def tree():
    u, v = params("u v")

    def val(c):
        return c[0] + c[1] * u + c[2] * v

    def receiver(t, m):
        return decision("R", f"after {{m}}", **{{r: leaf(val(PAY[(t, m, r, 0)]), val(PAY[(t, m, r, 1)])) for r in ("r1", "r2")}})

    def sender(t):
        return decision("S", t, **{{m: receiver(t, m) for m in ("m1", "m2")}})

    return game(TITLE, ["S", "R"], chance("Nature", t1=(Fraction({p}), sender("t1")), t2=(1 - Fraction({p}), sender("t2"))))


def build(u=Fraction(0), v=Fraction({v})):
    return tree().bind(u=u, v=v)
'''


def random_signaling_model(seed: int, path: Path) -> None:
    """Write the model file of a random 2 x 2 x 2 signaling game with parameters u and v."""
    import random

    rng = random.Random(seed)
    pay = {}
    for t in ("t1", "t2"):
        for m in ("m1", "m2"):
            for r in ("r1", "r2"):
                for i in (0, 1):
                    pay[(t, m, r, i)] = (rng.randint(-3, 3), rng.choice([0, 0, 1, -1, 2]), rng.choice([0, 0, 1, -1]))
    p = rng.choice(["1/3", "1/2", "2/5"])
    v = rng.choice(["0", "1", "-1", "1/2"])
    path.write_text(RANDOM_MODEL.format(seed=seed, pay=pay, p=p, v=v))


@pytest.mark.slow
@pytest.mark.parametrize(
    "seed",
    [
        0,
        1,
        7,
    ],
)
def test_random_signaling_games_agree_on_their_boundary_lines(tmp_path: Path, seed: int) -> None:
    """u runs over a grid holding every rational value where a family's condition
    switches (v at the model's number), and the midpoints between them."""
    from gametoolkit.analysis.grid import Axis
    from gametoolkit.catalog import find_model
    from gametoolkit.symbolic import solve_model

    path = tmp_path / f"random_{seed}.py"
    random_signaling_model(seed, path)
    model = find_model(str(path))
    v = model.parameters["v"]
    sol = solve_model(model, {"v": v})
    cuts = {Fraction(b) for fam in sol.equilibria + sol.boundary for b in fam.boundaries("u", {"v": v})}
    lines = sorted(b for b in cuts if -6 <= b <= 6 and b.denominator < 1000)  # rational boundaries only
    values = sorted(set(lines) | {Fraction(k, 2) for k in range(-12, 13)})
    values = sorted(set(values) | {(a + b) / 2 for a, b in itertools.pairwise(values)})
    axes = [Axis("u", tuple(values))]
    symbolic = sweep(str(path), axes, {"v": v}, method="symbolic")
    numeric = sweep(str(path), axes, {"v": v}, method="numeric")
    assert lines, "the game has boundary lines on the grid"
    assert disagreements(symbolic, numeric) == []


# ---------------------------------------------------------------------- the path message
def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_auto_says_which_path_ran_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sweep", DETERRENCE, "--set", "a=0", "--vary", "q=0:1:3", "--vary", "c=1:2:2")
    assert code == 0
    assert out.startswith("q,c,equilibria,count\n")
    assert err == "sweep: symbolic path (1 symbolic solve); 4 of 6 points solved numerically (4 outside 0 < q < 1)\n"


def test_json_says_which_path_ran(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sweep", DETERRENCE, "--set", "a=0", "--vary", "q=0:1:3", "--vary", "c=1:2:2", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "symbolic" and data["requested_method"] == "auto"
    assert data["numeric_points"] == 4 and data["numeric_reasons"] == {"outside 0 < q < 1": 4}
    assert data["fallback"] == [] and data["symbolic_solves"] == 1
    assert data["note"].startswith("sweep: symbolic path")
    assert len(data["points"]) == 6  # the old keys are all still there


def test_auto_falls_back_per_category_and_says_where(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pathsmod._symbolic()

    class RefusesLow:
        SymbolicUnsupported = real.SymbolicUnsupported
        AssumptionError = real.AssumptionError

        @staticmethod
        def solve_model(model: object, settings: dict[str, object]) -> object:
            if settings["china"] == "low":
                raise real.SymbolicUnsupported("not for China low")
            return real.solve_model(model, settings)

    monkeypatch.setattr(pathsmod, "_symbolic", lambda: RefusesLow)
    axes = [parse_vary("p=0:1:3"), parse_vary("china=low,high", CHOICES)]
    result = sweep(US_JAPAN, axes, method="auto")
    assert result.method == "numeric+symbolic"
    assert result.fallback == ("china=low: not for China low",)
    assert result.numeric_points == 3 + 2  # all of China low; p = 0 and 1 of China high
    assert result.note == (
        "sweep: numeric+symbolic path (1 symbolic solve); 5 of 6 points solved numerically "
        "(2 outside 0 < p < 1, 3 where the symbolic path could not run); "
        "no symbolic path for china=low: not for China low"
    )
    assert [p.labels for p in result.points] == [p.labels for p in sweep(US_JAPAN, axes, method="numeric").points]


ENTRY_MODEL = '''
"""Entry with a cost of fighting c (a model with build() only)."""
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


def test_auto_says_why_it_fell_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "entry_c.py"
    path.write_text(ENTRY_MODEL)
    code, out, err = run(capsys, "sweep", str(path), "--vary", "c=-3:1:3", "--json")
    assert code == 0
    assert err == (
        "sweep: numeric path, 3 points solved exactly; no symbolic path because model 'entry-c' has no tree() "
        "with named parameters\n"
    )
    data = json.loads(out)
    assert data["method"] == "numeric" and data["fallback"] == ["model 'entry-c' has no tree() with named parameters"]
    code, _, err = run(capsys, "sweep", str(path), "--vary", "c=-3:1:3", "--method", "numeric")
    assert code == 0 and err == ""  # asked for numeric: nothing to explain
    code, _, err = run(capsys, "sweep", US_JAPAN, "--vary", "china=low,high", "--set", "p=1/4")
    assert code == 0 and "no symbolic path because no numeric axis" in err


# ---------------------------------------------------------------------- assumptions
def test_points_outside_the_assumptions_are_named() -> None:
    from gametoolkit.symbolic import Assumptions, parse_relations

    check = pathsmod.AssumptionCheck(
        Assumptions((("x4", "x2"),), ("q",), tuple(parse_relations("c > 0", {"c"}) + parse_relations("a >= 0", {"a"})))
    )
    assert check.failed({"c": Fraction(1), "a": Fraction(0), "q": Fraction(1, 2)}) is None
    assert check.failed({"c": Fraction(0), "a": Fraction(0)}) == "c > 0"
    assert check.failed({"c": Fraction(1), "a": Fraction(-1)}) == "a >= 0"
    assert check.failed({"q": Fraction(1)}) == "0 < q < 1"
    assert check.failed({"x4": Fraction(2), "x2": Fraction(2)}) == "x4 > x2"


def test_model_assumptions_send_their_outside_to_the_numeric_path() -> None:
    """The deterrence model assumes c > 0 (its ASSUMPTIONS): on c = 0 the sweep must use
    the numeric solver, and say so."""
    from gametoolkit.catalog import find_model
    from gametoolkit.symbolic import solve_model

    assumed = solve_model(find_model(DETERRENCE), {"a": Fraction(0)}).assumptions.describe()
    if "c > 0" not in assumed:
        pytest.skip("solve_model does not read a model's ASSUMPTIONS yet")
    symbolic, numeric = both(DETERRENCE, ["q=1/4:3/4:3", "c=0:2:3"], {"a": Fraction(0)})
    assert symbolic.numeric_reasons == {"outside c > 0": 3}
    assert disagreements(symbolic, numeric) == []


# ---------------------------------------------------------------------- LaTeX names
def test_latex_names_of_behavior_and_beliefs() -> None:
    import sympy

    from gametoolkit.symbolic import to_latex
    from gametoolkit.symbolic.expr import behavior_symbol, belief_symbol, tex_text

    sigma = behavior_symbol("after quiet", "no_challenge")
    assert to_latex(sigma) == r"\sigma_{\text{after quiet}}(\text{no\_challenge})"
    assert to_latex(1 - sigma) == r"1 - \sigma_{\text{after quiet}}(\text{no\_challenge})"
    assert to_latex(belief_symbol("U_H/l")) == r"\mu(\text{U\_H/l})"
    assert to_latex(sympy.Symbol("beta_J", real=True)) == r"\beta_{J}"
    assert to_latex(sympy.Symbol("my_cost", real=True)) == r"\mathit{my}_{\mathit{cost}}"
    assert to_latex(sympy.Symbol("a_b_c", real=True)) == r"\mathit{a\_b\_c}"
    assert tex_text("50% & #1_{x}") == r"50\% \& \#1\_\{x\}"


def test_latex_report_names_sets_and_never_prints_raw_symbols() -> None:
    from gametoolkit.catalog import find_model
    from gametoolkit.symbolic import solve_model
    from gametoolkit.symbolic.report import format_latex, solution_json

    sol = solve_model(find_model(DETERRENCE), {"a": Fraction(0)})
    tex = format_latex(sol)
    assert "sigma(" not in tex and "mu(" not in tex and r"\mathit{sigma" not in tex
    assert r"\sigma_{\text{after quiet}}(\text{challenge})" in tex
    assert r"\mu_{\text{after signal}}(\text{resolved/signal})" in tex
    assert r"\text{no\_challenge}" in tex
    data = solution_json(sol)
    for eq in data["equilibria"]:
        for text in eq.get("belief_conditions_latex", []):
            assert "sigma(" not in text and "mu(" not in text


def test_us_japan_latex_uses_the_information_sets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", US_JAPAN, "--set", "china=high", "--symbolic", "--draws", "0", "--latex")
    assert code == 0
    assert r"\mu_{\text{after l}}(\text{UL-l}) = p" in out
    assert r"\sigma_{\text{U\_H}}(\text{h})" in out
    assert r"p \leq \frac{y_{4} - \beta_J}{y_{4} - y_{2}}" in out
