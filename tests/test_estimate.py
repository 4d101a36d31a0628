"""Estimation (gametoolkit.estimation): the published fit, recovery by simulation, bad input.

The published figures: Kenkel and Signorino (2014), "Estimating Extensive Form Games
in R", JSS 56(8), fit egame12 to Leblang's (2003) currency-attack data (7,240
country-months) with private-information probit errors: log-likelihood -482.0155,
N = 7,240, 19 coefficients.  The data are read from ``../shared/data/estimation``
beside the project (never copied); the test skips where that folder is absent.

The simulations draw outcomes from the structural models themselves (normal or
Gumbel shocks, each player maximising), not from our likelihood code.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("statsmodels")
pytest.importorskip("formulaic")

from gametoolkit.cli import main  # noqa: E402
from gametoolkit.core.dsl import decision, game, leaf, param  # noqa: E402
from gametoolkit.estimation import EstimationError, egame12, estimate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("GAMETOOLKIT_DATA", ROOT.parent / "shared" / "data" / "estimation"))
LEBLANG = DATA / "leblang2003.csv"
needs_data = pytest.mark.skipif(
    not LEBLANG.is_file(),
    reason=f"the estimation data are not at {DATA} (expected ../shared/data/estimation beside the project)",
)

LEAVES = ("no attack", "devaluation", "defense")
#: The model of Kenkel and Signorino (2014), section on egame12 (R: u11 | u13 | u14 | u24).
LEBLANG_UTILITIES = [
    "u11 ~ capcont + lreserves + overval + creditgrow + USinterest + service + contagion + prioratt - 1",
    "u13 ~ 1",
    "u14 ~ 1",
    "u23 ~ 0",
    "u24 ~ unifgov + lexports + preelec + postelec + rightgov + realinterest + capcont + lreserves",
]


@needs_data
def test_leblang_private_probit_reproduces_the_published_fit() -> None:
    data = pd.read_csv(LEBLANG)
    fit = estimate(egame12(LEAVES), data, "outcome", LEBLANG_UTILITIES, error="private-probit")
    assert fit.n == 7240 and fit.design.dropped == 0
    assert len(fit.params) == 19
    assert fit.loglik == pytest.approx(-482.0155, abs=5e-4)
    assert fit.converged
    table = fit.table()
    assert list(table.columns) == ["estimate", "se", "z", "p", "lower", "upper"]
    assert np.all(table["se"] > 0)
    assert fit.aic == pytest.approx(2 * 19 + 2 * 482.0155, abs=1e-2)
    probs = fit.predict()
    assert np.allclose(probs.sum(axis=1), 1)
    # the fitted rates of the three outcomes match the data's (a property of the MLE with intercepts)
    share = data["outcome"].value_counts(normalize=True)
    assert probs["no attack"].mean() == pytest.approx(share["no attack"], abs=2e-3)


# ---------------------------------------------------------------------- simulation recovery
TRUE = {"u11": (-0.8,), "u13": (-1.0,), "u14": (0.8,), "u24": (0.2, 1.1)}
SIM_UTILITIES = ["u11 ~ 0 + x", "u13 ~ 1", "u14 ~ 1", "u23 ~ 0", "u24 ~ 1 + z"]


def simulate(error: str, n: int, seed: int) -> pd.DataFrame:
    """Outcomes of egame12 drawn from the structural model with the given shocks."""
    rng = np.random.default_rng(seed)
    x, z = rng.normal(size=n), rng.normal(size=n)
    u11 = TRUE["u11"][0] * x
    u13, u14 = TRUE["u13"][0], TRUE["u14"][0]
    u24 = TRUE["u24"][0] + TRUE["u24"][1] * z
    phi = np.vectorize(lambda t: 0.5 * (1 + math.erf(t / math.sqrt(2))))
    if error == "agent-logit":
        e = rng.gumbel(size=(n, 4))
        p4 = 1 / (1 + np.exp(-u24))
        on = p4 * u14 + (1 - p4) * u13 + e[:, 0] > u11 + e[:, 1]
        four = u24 + e[:, 2] > e[:, 3]
    elif error == "agent-probit":
        e = rng.normal(size=(n, 4))
        p4 = phi(u24 / math.sqrt(2))
        on = p4 * u14 + (1 - p4) * u13 + e[:, 0] > u11 + e[:, 1]
        four = u24 + e[:, 2] > e[:, 3]
    else:  # private information: each player's payoff at each outcome has its own shock
        e = rng.normal(size=(n, 5))
        p4 = phi(u24 / math.sqrt(2))
        on = p4 * (u14 + e[:, 0]) + (1 - p4) * (u13 + e[:, 1]) > u11 + e[:, 2]
        four = u24 + e[:, 3] > e[:, 4]
    outcome = np.where(~on, "1", np.where(four, "4", "3"))
    return pd.DataFrame({"outcome": outcome, "x": x, "z": z})


@pytest.mark.parametrize("error", ["agent-logit", "agent-probit", "private-probit"])
def test_simulated_coefficients_are_recovered(error: str) -> None:
    data = simulate(error, 4000, seed=11)
    fit = estimate(egame12(), data, "outcome", SIM_UTILITIES, error=error)
    truth = [b for name in ("u11", "u13", "u14", "u24") for b in TRUE[name]]
    z = (fit.params - np.array(truth)) / fit.bse
    assert np.all(np.abs(z) < 3.5), dict(zip(fit.design.names, np.round(z, 2)))
    # and a wrong error structure is not the same likelihood
    other = "agent-logit" if error != "agent-logit" else "agent-probit"
    assert estimate(egame12(), data, "outcome", SIM_UTILITIES, error=other).loglik != pytest.approx(fit.loglik)


def test_partial_paths_and_listwise_deletion() -> None:
    data = simulate("agent-probit", 1500, seed=3)
    full = estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-probit")
    # rows that record only player 1's move: the outcome names player 2's node
    partial = data.copy()
    partial.loc[partial.index[:200], "outcome"] = np.where(partial["outcome"][:200] == "1", "1", "R")
    partial.loc[partial.index[200:210], "x"] = np.nan
    fit = estimate(egame12(), partial, "outcome", SIM_UTILITIES, error="agent-probit")
    assert fit.design.dropped == 10 and fit.n == 1490
    assert abs(fit.loglik) < abs(full.loglik)  # less is observed, so it is more likely
    new = pd.DataFrame({"x": [0.0, 1.0], "z": [0.0, 0.0]})
    probs = fit.predict(new)
    assert list(probs.columns) == ["1", "3", "4"] and np.allclose(probs.sum(axis=1), 1)
    assert probs["1"][1] < probs["1"][0]  # u11 falls with x (true slope -0.8): ending is less likely


def test_bad_input() -> None:
    data = simulate("agent-logit", 300, seed=5)
    with pytest.raises(EstimationError, match="unknown column"):
        estimate(egame12(), data, "outcome", ["u11 ~ 1 + nosuch", "u13 ~ 1", "u14 ~ 1", "u23 ~ 0", "u24 ~ 1"])
    # intercepts in u11, u13 and u14 together: with agent errors only their differences are identified
    with pytest.raises(EstimationError, match="cannot identify"):
        estimate(
            egame12(), data, "outcome", ["u11 ~ 1 + x", "u13 ~ 1", "u14 ~ 1", "u23 ~ 0", "u24 ~ 1 + z"], error="agent-probit"
        )
    with pytest.raises(EstimationError, match="not a payoff parameter"):
        estimate(egame12(), data, "outcome", [*SIM_UTILITIES, "u99 ~ 1"])
    with pytest.raises(EstimationError, match="no formula for u24"):
        estimate(egame12(), data, "outcome", SIM_UTILITIES[:4])
    bad = data.copy()
    bad.loc[0, "outcome"] = "5"
    with pytest.raises(EstimationError, match="not a node"):
        estimate(egame12(), bad, "outcome", SIM_UTILITIES)
    with pytest.raises(EstimationError, match="no outcome column"):
        estimate(egame12(), data, "result", SIM_UTILITIES)
    with pytest.raises(EstimationError, match="unknown error"):
        estimate(egame12(), data, "outcome", SIM_UTILITIES, error="tobit")


def test_perfect_separation_is_reported() -> None:
    data = simulate("agent-probit", 400, seed=7)
    # player 2 picks outcome 4 exactly when z > 0
    data.loc[data["outcome"] != "1", "outcome"] = np.where(data["z"][data["outcome"] != "1"] > 0, "4", "3")
    with pytest.raises(EstimationError, match="separation"):
        estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-probit")


def test_imperfect_information_is_refused() -> None:
    a, b = param("a"), param("b")
    g = game(
        "imperfect",
        ["P", "Q"],
        decision("P", "p", L=decision("Q", "q", l=leaf(a, 0), r=leaf(0, b)), R=decision("Q", "q", l=leaf(0, 0), r=leaf(1, 1))),
    )
    data = pd.DataFrame({"outcome": ["L/l", "R/r"]})
    with pytest.raises(EstimationError, match="perfect information"):
        estimate(g, data, "outcome", ["a ~ 1", "b ~ 1"])


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sim.csv"
    simulate("private-probit", 800, seed=2).to_csv(path, index=False)
    args = ["estimate", "egame12", "--data", str(path), "--outcome", "outcome"]
    utilities = [item for u in SIM_UTILITIES for item in ("--utility", u)]
    assert main([*args, *utilities, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"n", "loglik", "error", "converged", "coefficients"} <= set(out)
    assert out["n"] == 800 and out["error"] == "private-probit"
    assert {"utility", "term", "estimate", "se"} <= set(out["coefficients"][0])
    assert main([*args, *utilities[:-2]]) == 2
    assert "no formula for u24" in capsys.readouterr().err
    assert main([*args, "--utility", "u11 ~ 0 + nosuch", *utilities[2:]]) == 2
    assert "unknown column" in capsys.readouterr().err


def test_top_level_estimate_is_callable() -> None:
    import gametoolkit

    data = simulate("agent-logit", 500, seed=9)
    fit = gametoolkit.estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-logit")
    assert fit.n == 500 and fit.to_json()["error"] == "agent-logit"
