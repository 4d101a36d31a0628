"""Probit errors at moves with three or more actions (multinomial probit).

References: scipy's multivariate normal CDF (Genz's algorithm) for the orthant
probabilities, finite differences for the derivatives, and simulations that draw
the normal shocks and let each player maximise (the structural model itself).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("statsmodels")
pytest.importorskip("formulaic")
scipy_stats = pytest.importorskip("scipy.stats")

from gametoolkit.core.dsl import decision, game, leaf, param  # noqa: E402
from gametoolkit.estimation import estimate  # noqa: E402
from gametoolkit.estimation.likelihood import loglik_rows  # noqa: E402
from gametoolkit.estimation.probit import mnp_log_probs  # noqa: E402


def _orthant(v: np.ndarray, sd: np.ndarray, j: int, eps: float) -> float:
    """P(v_j + s_j e_j > v_k + s_k e_k for all k ≠ j) by scipy's multivariate normal CDF."""
    others = [k for k in range(len(v)) if k != j]
    # w_k = s_k e_k − s_j e_j < v_j − v_k
    cov = np.full((len(others), len(others)), sd[j] ** 2) + np.diag([sd[k] ** 2 for k in others])
    mvn = scipy_stats.multivariate_normal(mean=np.zeros(len(others)), cov=cov, abseps=eps, releps=eps)
    return float(mvn.cdf([v[j] - v[k] for k in others]))


@pytest.mark.parametrize(("m", "rows", "eps"), [(3, 25, 1e-12), (4, 4, 1e-7)])
def test_probabilities_match_the_multivariate_normal_cdf(m: int, rows: int, eps: float) -> None:
    rng = np.random.default_rng(m)
    v = rng.normal(size=(rows, m)) * rng.choice([0.3, 1.0, 3.0, 6.0], size=(rows, 1))
    sd = rng.uniform(0.5, 1.0, size=(rows, m))
    for scales in (None, sd):
        logp, _ = mnp_log_probs(v, scales)
        probs = np.exp(logp)
        assert np.allclose(probs.sum(axis=1), 1)
        s = np.ones_like(v) if scales is None else scales
        for r in range(len(v)):
            for j in range(m):
                assert probs[r, j] == pytest.approx(_orthant(v[r], s[r], j, eps), abs=2e-7 + 10 * eps)


def test_two_actions_are_the_binary_probit() -> None:
    v = np.array([[0.0, 1.0], [2.0, -1.0]])
    logp, _ = mnp_log_probs(v)
    assert np.exp(logp[0, 1]) == pytest.approx(0.5 * (1 + math.erf(1.0 / 2)))  # Φ(1/√2)
    assert np.exp(logp[1, 0]) == pytest.approx(0.5 * (1 + math.erf(3.0 / 2)))


@pytest.mark.parametrize("m", [2, 3, 5])
def test_jacobian_matches_finite_differences(m: int) -> None:
    rng = np.random.default_rng(10 + m)
    v = rng.normal(size=(6, m)) * 2
    _, jac = mnp_log_probs(v, jacobian=True)
    assert jac is not None
    h = 1e-6
    for k in range(m):
        step = np.zeros(m)
        step[k] = h
        numeric = (mnp_log_probs(v + step)[0] - mnp_log_probs(v - step)[0]) / (2 * h)
        assert np.allclose(jac[:, :, k], numeric, atol=1e-7)


# ---------------------------------------------------------------------- recovery
def _tree() -> object:
    """Player 1 takes A, B (payoff 0) or C; after C player 2 picks l or r."""
    ua, u13, u14, u24 = (param(n) for n in ("ua", "u13", "u14", "u24"))
    return game(
        "three-way entry",
        ["1", "2"],
        decision("1", "1", {
            "A": leaf(ua, 0, label="A"),
            "B": leaf(0, 0, label="B"),
            "C": decision("2", "2", {"l": leaf(u13, 0, label="Cl"), "r": leaf(u14, u24, label="Cr")}),
        }),
    )


UTILITIES = ["ua ~ 1 + x", "u13 ~ 1", "u14 ~ 0", "u24 ~ 1 + z"]
#: In the fit's order (parameters sorted by name): u13: 1; u24: 1, z; ua: 1, x.
TRUTH = np.array([-0.6, 0.3, 1.0, -0.2, 0.9])


def _simulate(error: str, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    # covariates on a grid of 7 × 7 cells: rows in a cell share their choice probabilities
    levels = np.linspace(-1.5, 1.5, 7)
    x, z = rng.choice(levels, size=n), rng.choice(levels, size=n)
    u13, u24, ua = TRUTH[0], TRUTH[1] + TRUTH[2] * z, TRUTH[3] + TRUTH[4] * x
    u14 = 0.0
    p4 = np.array([0.5 * (1 + math.erf(t / 2)) for t in u24])  # Φ(u24/√2): player 2's choice as 1 foresees it
    e = rng.normal(size=(n, 6))
    r = u24 + e[:, 4] > e[:, 5]
    if error == "agent-probit":
        values = np.stack([ua + e[:, 0], e[:, 1], p4 * u14 + (1 - p4) * u13 + e[:, 2]], axis=1)
    else:  # private information: shocks on player 1's payoff at each outcome
        e13, e14 = e[:, 2], e[:, 3]
        values = np.stack([ua + e[:, 0], e[:, 1], p4 * (u14 + e14) + (1 - p4) * (u13 + e13)], axis=1)
    move = values.argmax(axis=1)
    outcome = np.where(move == 0, "A", np.where(move == 1, "B", np.where(r, "Cr", "Cl")))
    return pd.DataFrame({"outcome": outcome, "x": x, "z": z})


@pytest.mark.parametrize("error", ["agent-probit", "private-probit"])
def test_three_action_probit_coefficients_are_recovered(error: str) -> None:
    data = _simulate(error, 2000, 1)
    fit = estimate(_tree(), data, "outcome", UTILITIES, error=error)  # type: ignore[arg-type]
    assert fit.converged
    z = (fit.params - TRUTH) / fit.bse
    assert np.all(np.abs(z) < 3), dict(zip(fit.design.names, np.round(z, 2)))
    # the two error structures are different models of the same data
    other = "private-probit" if error == "agent-probit" else "agent-probit"
    assert fit.loglik != pytest.approx(float(loglik_rows(fit.design, fit.params, other).sum()), abs=1e-3)
