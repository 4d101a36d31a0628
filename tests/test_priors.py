"""Beta priors on p: regime probabilities, checked by Monte Carlo and closed forms.

The regimes of the US-Japan game with China high are p < t (three equilibria) and
p > t (separating only), t = (y4 - bJ)/(y4 - y2).  Under p ~ Beta(a, b):

* P(p < t) = I_t(a, b); for integer a, b it is a finite binomial sum
  sum_{j=a}^{a+b-1} C(a+b-1, j) t^j (1-t)^(a+b-1-j), computed here exactly;
* Monte Carlo: draw p from Beta(a, b) with numpy, take the equilibrium set at each
  draw from the closed form (and at a subsample from the exact numeric solver), and
  compare the frequencies with the probabilities within 5 standard errors.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametoolkit.analysis.priors import (
    BetaPrior,
    PriorError,
    by_prior_mean,
    by_set,
    parse_beta,
    plot_by_mean,
    regime_probabilities,
)
from gametoolkit.analysis.regions import Boundary, Regime, Regimes, regimes_along
from gametoolkit.analysis.sweep import NumericPath
from gametoolkit.cli import main

pytest.importorskip("scipy")

US_JAPAN = "us-japan-alliance"
THREE = ("pooling", "semi-separating", "separating")
SEP = ("separating",)


def exact_regimes(t: Fraction) -> Regimes:
    """The China-high regimes with an exact boundary at t (what the symbolic path gives)."""
    return Regimes(
        axis="p",
        lower=Fraction(0),
        upper=Fraction(1),
        method="symbolic",
        tol=Fraction(0),
        regimes=(Regime(Fraction(0), t, THREE), Regime(t, Fraction(1), SEP)),
        boundaries=(Boundary(t, Fraction(0), THREE, SEP, ("pooling", "separating")),),
        ends=(("pooling", "separating"), SEP),
    )


def binomial_cdf_form(t: Fraction, a: int, b: int) -> Fraction:
    """I_t(a, b) for whole a, b: P(at least a successes in a + b - 1 trials of chance t)."""
    n = a + b - 1
    return sum((math.comb(n, j) * t**j * (1 - t) ** (n - j) for j in range(a, n + 1)), Fraction(0))


@pytest.fixture(scope="module")
def numeric_high() -> Regimes:
    return regimes_along(US_JAPAN, "p", Fraction(0), Fraction(1), {"china": "high"}, method="numeric", grid=11)


def test_parse_beta() -> None:
    assert parse_beta("2,5") == BetaPrior(Fraction(2), Fraction(5))
    assert parse_beta(" 1/2 , 0.5 ") == BetaPrior(Fraction(1, 2), Fraction(1, 2))
    for bad, message in [
        ("2", "expected A,B"),
        ("2,5,1", "expected A,B"),
        ("0,1", "a > 0"),
        ("x,1", "--beta"),
        ("1,-2", "b > 0"),
    ]:
        with pytest.raises(PriorError, match=message):
            parse_beta(bad)


@pytest.mark.parametrize(("a", "b"), [(1, 1), (2, 5), (5, 2), (3, 3)])
@pytest.mark.parametrize("t", [Fraction(1, 2), Fraction(2, 5), Fraction(7, 9)])
def test_probabilities_match_the_binomial_closed_form(a: int, b: int, t: Fraction) -> None:
    prior = BetaPrior(Fraction(a), Fraction(b))
    below, above = regime_probabilities(exact_regimes(t), prior)
    expected = float(binomial_cdf_form(t, a, b))
    assert below.labels == THREE and above.labels == SEP
    assert below.probability == pytest.approx(expected, abs=1e-12)
    assert below.probability + above.probability == pytest.approx(1.0, abs=1e-12)
    assert below.error == 0 and above.error == 0


def test_numeric_boundaries_give_the_same_probabilities(numeric_high: Regimes) -> None:
    prior = BetaPrior(Fraction(2), Fraction(5))
    below, above = regime_probabilities(numeric_high, prior)
    assert below.probability == pytest.approx(57 / 64, abs=1e-9)  # I_{1/2}(2, 5) = 57/64
    assert 0 < below.error < 1e-9
    assert below.labels == THREE and above.labels == SEP


@pytest.mark.parametrize(("a", "b"), [(2.0, 5.0), (0.5, 0.5), (8.0, 3.0)])
def test_monte_carlo_agrees(a: float, b: float, numeric_high: Regimes) -> None:
    rng = np.random.default_rng(20210)
    draws = rng.beta(a, b, size=40_000)
    t = Fraction(1, 2)
    prior = BetaPrior(Fraction(a), Fraction(b))
    probabilities = by_set(regime_probabilities(numeric_high, prior))
    # the equilibrium set at each draw, from the closed form (p = t has probability 0)
    counts = {THREE: int(np.sum(draws < float(t))), SEP: int(np.sum(draws > float(t)))}
    n = len(draws)
    for labels, count in counts.items():
        q = probabilities[labels]
        se = math.sqrt(max(q * (1 - q), 1e-12) / n)
        assert abs(count / n - q) <= 5 * se + 1e-9, (labels, count / n, q)
    # and the closed form is the exact solver's answer at a subsample of the draws
    solver = NumericPath(US_JAPAN)
    for p in draws[:25]:
        exact_p = Fraction(float(p)).limit_denominator(10**9)
        if exact_p in (0, 1) or exact_p == t:
            continue
        expected = THREE if exact_p < t else SEP
        assert solver.labels_at({"china": "high", "p": exact_p}) == expected


def test_probabilities_by_prior_mean() -> None:
    regimes = exact_regimes(Fraction(1, 2))
    means = [0.1, 0.3, 0.5, 0.7, 0.9]
    curves = by_prior_mean(regimes, 4, means)
    assert set(curves) == {THREE, SEP}
    for k in range(len(means)):
        assert curves[THREE][k] + curves[SEP][k] == pytest.approx(1.0)
    assert curves[THREE] == sorted(curves[THREE], reverse=True)  # more mass above t as the mean rises
    assert curves[THREE][2] == pytest.approx(0.5)  # Beta(2, 2) is symmetric about 1/2
    with pytest.raises(PriorError, match="strictly between 0 and 1"):
        by_prior_mean(regimes, 4, [0.0])
    with pytest.raises(PriorError, match="concentration"):
        by_prior_mean(regimes, 0, [0.5])


def test_a_parameter_outside_the_unit_interval_is_refused() -> None:
    regimes = Regimes(
        "x4", Fraction(0), Fraction(9), "numeric", Fraction(0), (Regime(Fraction(0), Fraction(9), SEP),), (), (SEP, SEP)
    )
    with pytest.raises(PriorError, match="needs a probability"):
        regime_probabilities(regimes, BetaPrior(Fraction(1), Fraction(1)))


def test_plot_by_mean(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = plot_by_mean(
        exact_regimes(Fraction(1, 2)), 7, tmp_path / "prior.svg", marker=BetaPrior(Fraction(2), Fraction(5))
    )
    text = out.read_text()
    assert "<svg" in text and "<image" not in text


def test_prior_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "prior.png"
    code = main(
        [
            "prior",
            US_JAPAN,
            "--set",
            "china=high",
            "--beta",
            "2,5",
            "--method",
            "numeric",
            "--grid",
            "11",
            "-o",
            str(out),
        ]
    )
    stdout, err = capsys.readouterr()
    assert code == 0, err
    lines = stdout.splitlines()
    assert lines[0].startswith("p ~ Beta(2, 5): 2 regime(s) of p; boundaries by bisection")
    assert "0 < p < 1/2" in lines[1] and "P = 0.890625" in lines[1]
    assert "1/2 < p < 1" in lines[2] and "P = 0.109375" in lines[2]
    assert "at p = 1/2 only (probability 0): pooling, separating" in stdout
    assert out.read_bytes().startswith(b"\x89PNG")
    code = main(
        ["prior", US_JAPAN, "--set", "china=low", "--beta", "1/2,1/2", "--method", "numeric", "--grid", "5", "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["regimes"] == [
        {"lower": "0", "upper": "1", "equilibria": ["separating"], "probability": 1.0, "error": 0.0}
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beta", "2"], "expected A,B"),
        (["--beta", "2,5", "--set", "p=1/2"], "has a prior"),
        (["--beta", "2,5", "--param", "q"], "no such parameter"),
        (["--beta", "2,5", "-o", "p.gif"], "must end in"),
        (["--beta", "2,5", "--concentration", "-1"], "must be positive"),
        (["--beta", "2,5", "--grid", "1", "--method", "numeric"], "at least 2"),
    ],
)
def test_prior_command_bad_input(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code = main(["prior", US_JAPAN, *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
