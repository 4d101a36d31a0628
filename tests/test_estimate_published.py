"""Published fits of Kenkel and Signorino's R package ``games``, refitted.

Sources of the numbers (independent of this project):

* Kenkel, B. and C. S. Signorino, "Estimating Extensive Form Games in R", Journal of
  Statistical Software 56(8), 2014; the article's LaTeX source with its printed R
  output is ``article/games.tex`` in the authors' repository
  https://github.com/brentonk/games.  There, ``leb1`` (egame12, private-information
  probit, Leblang's currency-attack data) prints the 19 coefficients below to four
  decimals, log-likelihood -482.0155 and N = 7,240 (its table "Replication of Leblang's
  (2003) results").  Its standard errors are *bootstrap* ones (``boot = 100``,
  ``set.seed(42)``), which a different random stream cannot reproduce: they are not
  pinned here (the normal-theory errors of that fit are not printed).
* The same source fits ``lebfixed``: egame12 with the utilities fixed at
  ``u11 = 1, u13 = -1, u14 = 0, u24 = 1`` and one common scale estimated,
  ``log(sigma) = -1.0513`` (SE 0.0199, from the inverse Hessian), log-likelihood
  -646.54.  With unit shocks on payoffs divided by sigma, that is our game with
  payoffs ``k, -k, 0, k`` and ``k = 1/sigma``, whose standard error is ``k`` times that
  of ``log(sigma)`` (delta method).
* For the war1800 example of ``egame12``'s help page (``esc + war ~ s_wt_re1 + revis1
  | 0 | regime1 | balanc + regime2``) no estimates are printed anywhere we could find;
  the test maximises the likelihood that the package's own unit test writes out by
  hand (``games/tests/testthat/test_egame12.r``: ``p4 = pnorm(u24, sd = sqrt(2))``,
  ``p2 = pnorm(p4 u14 + p3 u13 - u11, sd = sqrt(2))``), coded here in numpy, and
  compares.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("statsmodels")
pytest.importorskip("formulaic")

from gametoolkit.core.dsl import decision, game, leaf, param  # noqa: E402
from gametoolkit.estimation import egame12, estimate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("GAMETOOLKIT_DATA", ROOT.parent / "shared" / "data" / "estimation"))
needs_data = pytest.mark.skipif(
    not (DATA / "leblang2003.csv").is_file() or not (DATA / "war1800.csv").is_file(),
    reason=f"the estimation data are not at {DATA} (expected ../shared/data/estimation beside the project)",
)
LEAVES = ("no attack", "devaluation", "defense")
LEBLANG_UTILITIES = [
    "u11 ~ capcont + lreserves + overval + creditgrow + USinterest + service + contagion + prioratt - 1",
    "u13 ~ 1",
    "u14 ~ 1",
    "u23 ~ 0",
    "u24 ~ unifgov + lexports + preelec + postelec + rightgov + realinterest + capcont + lreserves",
]
#: ``summary(leb1)`` in article/games.tex (brentonk/games): estimates as printed.
PUBLISHED = {
    ("u11", "capcont"): -0.4525,
    ("u11", "lreserves"): 0.2292,
    ("u11", "overval"): -0.4413,
    ("u11", "creditgrow"): -0.0648,
    ("u11", "USinterest"): -0.0505,
    ("u11", "service"): -0.0288,
    ("u11", "contagion"): -0.1159,
    ("u11", "prioratt"): -0.1218,
    ("u13", "Intercept"): -3.6648,
    ("u14", "Intercept"): -3.1385,
    ("u24", "Intercept"): 0.4269,
    ("u24", "unifgov"): -0.3568,
    ("u24", "lexports"): -0.1997,
    ("u24", "preelec"): 1.6632,
    ("u24", "postelec"): 1.0623,
    ("u24", "rightgov"): -0.9358,
    ("u24", "realinterest"): 1.7955,
    ("u24", "capcont"): 0.0656,
    ("u24", "lreserves"): 0.3099,
}


@needs_data
def test_leblang_coefficients_match_the_published_table() -> None:
    data = pd.read_csv(DATA / "leblang2003.csv")
    fit = estimate(egame12(LEAVES), data, "outcome", LEBLANG_UTILITIES, error="private-probit")
    assert fit.n == 7240
    assert fit.loglik == pytest.approx(-482.0155, abs=5e-4)
    table = fit.table()
    assert set(PUBLISHED) == set(table.index)
    for key, value in PUBLISHED.items():
        # printed to 4 decimals: rounding and the optimisers' tolerance
        assert table.loc[key, "estimate"] == pytest.approx(value, abs=2e-4), key


@needs_data
def test_leblang_fixed_utilities_scale_matches_the_published_fit() -> None:
    data = pd.read_csv(DATA / "leblang2003.csv")
    k = param("k")
    fixed = game(
        "egame12, utilities fixed (1, -1, 0, 1) over a common scale",
        ["1", "2"],
        decision("1", "1", {
            "L": leaf(k, 0, label="no attack"),
            "R": decision("2", "2", {"L": leaf(-k, 0, label="devaluation"), "R": leaf(0, k, label="defense")}),
        }),
    )
    fit = estimate(fixed, data, "outcome", ["k ~ 1"], error="private-probit")
    k_hat, se_k = float(fit.params[0]), float(fit.bse[0])
    assert -math.log(k_hat) == pytest.approx(-1.0513, abs=1e-4)
    assert se_k / k_hat == pytest.approx(0.0199, rel=0.02)
    assert fit.loglik == pytest.approx(-646.54, abs=5e-3)


def _war_data() -> pd.DataFrame:
    data = pd.read_csv(DATA / "war1800.csv")
    data["outcome"] = np.where(data["esc"] == 1, np.where(data["war"] == 1, "war", "cap"), "sq")
    return data


WAR_UTILITIES = ["u11 ~ 1 + s_wt_re1 + revis1", "u13 ~ 0", "u14 ~ 1 + regime1", "u23 ~ 0", "u24 ~ 1 + balanc + regime2"]


def _hand_loglik(beta: np.ndarray, d: pd.DataFrame) -> float:
    """The agent-probit egame12 log-likelihood as games' unit test writes it."""
    from scipy.stats import norm

    u11 = beta[0] + beta[1] * d["s_wt_re1"] + beta[2] * d["revis1"]
    u14 = beta[3] + beta[4] * (d["regime1"] == "dem") + beta[5] * (d["regime1"] == "mixed")
    u24 = beta[6] + beta[7] * d["balanc"] + beta[8] * (d["regime2"] == "dem") + beta[9] * (d["regime2"] == "mixed")
    p4 = norm.cdf(u24 / math.sqrt(2))
    p2 = norm.cdf((p4 * u14 - u11) / math.sqrt(2))
    p = np.where(d["outcome"] == "sq", 1 - p2, np.where(d["outcome"] == "cap", p2 * (1 - p4), p2 * p4))
    return float(np.log(p).sum())


@needs_data
def test_war1800_agent_probit_matches_a_hand_coded_likelihood() -> None:
    from scipy.optimize import minimize

    data = _war_data()
    fit = estimate(egame12(("sq", "cap", "war")), data, "outcome", WAR_UTILITIES, error="agent-probit", starts=3)
    complete = data.dropna(subset=["regime1", "regime2", "s_wt_re1", "revis1", "balanc"])
    assert fit.n == len(complete) and fit.design.dropped == len(data) - len(complete)
    names = [f"{u}:{t}" for u, t in fit.design.names]
    assert names == [
        "u11:Intercept", "u11:s_wt_re1", "u11:revis1", "u14:Intercept", "u14:regime1[T.dem]", "u14:regime1[T.mixed]",
        "u24:Intercept", "u24:balanc", "u24:regime2[T.dem]", "u24:regime2[T.mixed]",
    ]
    assert _hand_loglik(fit.params, complete) == pytest.approx(fit.loglik, abs=1e-8)
    res = minimize(lambda b: -_hand_loglik(b, complete), np.zeros(10), method="BFGS", options={"gtol": 1e-7})
    assert -res.fun == pytest.approx(fit.loglik, abs=1e-4)
    assert np.allclose(res.x, fit.params, atol=2e-3 * (1 + np.abs(res.x)))
    # the logit fit is a different model on the same rows
    logit = estimate(egame12(("sq", "cap", "war")), data, "outcome", WAR_UTILITIES, error="agent-logit")
    assert logit.n == fit.n and logit.loglik != pytest.approx(fit.loglik, abs=1e-3)
