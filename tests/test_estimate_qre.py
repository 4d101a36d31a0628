"""Estimation on trees with information sets: the agent QRE likelihood.

Independent references: the path follower of ``gametoolkit.solvers.qre`` (its own
tests check it against the logit equations and Gambit) for the logit fixed point,
scipy's bivariate normal CDF and a damped fixed-point iteration written here for the
probit one, the closed-form recursion on games of perfect information, and finite
differences for the analytic gradient.  The simulations draw choices from those
references' probabilities, not from the likelihood code under test.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("statsmodels")
pytest.importorskip("formulaic")

from gametoolkit.core.dsl import decision, game, leaf, param  # noqa: E402
from gametoolkit.estimation import EstimationError, estimate  # noqa: E402
from gametoolkit.estimation.agentqre import RowSystem, solve_rows  # noqa: E402
from gametoolkit.estimation.design import build_design, parse_utilities  # noqa: E402
from gametoolkit.estimation.likelihood import (  # noqa: E402
    closed_form_probs,
    log_choice_probs,
    loglik_gradient,
    loglik_rows,
)
from gametoolkit.solvers.qre import logit_point  # noqa: E402

a, b, c, d = (param(n) for n in "abcd")
#: P moves L, M or R; Q, not seeing whether L or M, picks l or r.
HIDDEN = game(
    "hidden move",
    ["P", "Q"],
    decision("P", "p", {
        "L": decision("Q", "q", {"l": leaf(a, b), "r": leaf(0, c)}),
        "M": decision("Q", "q", {"l": leaf(1, 0), "r": leaf(d, 1)}),
        "R": leaf(Fraction(1, 2), 0),
    }),
)
UTILITIES = {"a": "1 + x", "b": "1", "c": "0", "d": "1"}
TRUE = {"a": (0.5, 1.0), "b": (1.0,), "d": (-1.0,)}
CELLS = (-1.0, 0.0, 1.0)


def _theta(x: float) -> dict[str, float]:
    return {"a": TRUE["a"][0] + TRUE["a"][1] * x, "b": TRUE["b"][0], "c": 0.0, "d": TRUE["d"][0]}


def _logit_reference(theta: dict[str, float]) -> tuple[tuple[float, ...], ...]:
    point, _, _ = logit_point(HIDDEN.bind({k: Fraction(v) for k, v in theta.items()}), 1.0)
    return point.probs


def _probit_reference(theta: dict[str, float]) -> tuple[tuple[float, ...], ...]:
    return _probit_cached(tuple(sorted(theta.items())))


@functools.cache
def _probit_cached(items: tuple[tuple[str, float], ...]) -> tuple[tuple[float, ...], ...]:
    """The agent probit QRE of HIDDEN by damped iteration, scipy's CDFs as response."""
    from scipy.stats import multivariate_normal, norm

    theta = dict(items)
    sp, sq = np.full(3, 1 / 3), np.full(2, 1 / 2)
    cov = np.array([[2.0, 1.0], [1.0, 2.0]])  # differences of N(0, 1) shocks
    for _ in range(4000):
        mu = sp[0] / (sp[0] + sp[1])
        uq = np.array([mu * theta["b"], mu * theta["c"] + (1 - mu)])
        new_q = np.array([norm.cdf((uq[0] - uq[1]) / math.sqrt(2)), norm.cdf((uq[1] - uq[0]) / math.sqrt(2))])
        up = np.array([sq[0] * theta["a"], sq[0] + sq[1] * theta["d"], 0.5])
        new_p = np.array([
            multivariate_normal(mean=[0, 0], cov=cov, abseps=1e-13, releps=1e-13).cdf([up[j] - up[k] for k in range(3) if k != j]) for j in range(3)
        ])
        new_p /= new_p.sum()
        change = max(np.abs(new_p - sp).max(), np.abs(new_q - sq).max())
        sp, sq = 0.5 * sp + 0.5 * new_p, 0.5 * sq + 0.5 * new_q
        if change < 1e-12:
            break
    return tuple(sp), tuple(sq)


def simulate(reference: str, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.choice(CELLS, size=n)
    out = np.empty(n, dtype=object)
    for cell in CELLS:
        sp, sq = (_logit_reference if reference == "logit" else _probit_reference)(_theta(cell))
        rows = np.flatnonzero(x == cell)
        p_moves = rng.choice(3, size=len(rows), p=np.asarray(sp) / sum(sp))
        q_moves = rng.choice(2, size=len(rows), p=np.asarray(sq) / sum(sq))
        out[rows] = ["R" if m == 2 else f"{'LM'[m]}/{'lr'[q]}" for m, q in zip(p_moves, q_moves)]
    return pd.DataFrame({"outcome": out, "x": x})


def test_fixed_point_is_the_solvers_logit_qre() -> None:
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"outcome": ["R"] * 12, "x": rng.normal(size=12)})
    design = build_design(HIDDEN, frame, "outcome", parse_utilities({"a": "1 + x", "b": "1 + x", "c": "x", "d": "1"}))
    beta = rng.normal(size=len(design.names)) * 3
    logp = log_choice_probs(design, beta, "agent-logit")
    theta = design.theta(beta)
    for r in range(len(frame)):
        bound = HIDDEN.bind({p: Fraction(float(v)) for p, v in zip(design.params, theta[r])})
        point, _, _ = logit_point(bound, 1.0)
        mine = (np.exp(logp[0][r]), np.exp(logp[1][r]))
        for ours, theirs in zip(mine, point.probs):
            assert np.allclose(ours, theirs, atol=1e-9)


def test_probit_fixed_point_matches_a_damped_iteration() -> None:
    frame = pd.DataFrame({"outcome": ["R"] * 3, "x": list(CELLS)})
    design = build_design(HIDDEN, frame, "outcome", parse_utilities(UTILITIES))
    beta = np.array([TRUE["a"][0], TRUE["a"][1], TRUE["b"][0], TRUE["d"][0]])
    logp = log_choice_probs(design, beta, "agent-probit")
    for r, cell in enumerate(CELLS):
        sp, sq = _probit_reference(_theta(cell))
        assert np.allclose(np.exp(logp[0][r]), sp, atol=1e-7)
        assert np.allclose(np.exp(logp[1][r]), sq, atol=1e-7)


@pytest.mark.parametrize("error", ["agent-logit", "agent-probit"])
def test_fixed_point_equals_the_closed_form_under_perfect_information(error: str) -> None:
    tree = game(
        "three moves",
        ["P", "Q"],
        decision("P", "p", {
            "x": leaf(a, 0),
            "y": decision("Q", "q", {"l": leaf(b, c), "m": leaf(0, d), "r": leaf(1, 0)}),
            "z": leaf(c, 1),
        }),
    )
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"outcome": ["x"] * 50, "x1": rng.normal(size=50)})
    design = build_design(tree, frame, "outcome", parse_utilities({"a": "1 + x1", "b": "1", "c": "x1", "d": "1"}))
    beta = rng.normal(size=len(design.names)) * 2
    closed = closed_form_probs(design, beta, error)
    system = RowSystem(tree)
    y = solve_rows(system, design.payoffs(beta), error)
    for k, h in enumerate(system.sets):
        node = tree.infosets[h].nodes[0]
        assert np.allclose(y[:, system.members[k]], closed[node], atol=1e-9)


@pytest.mark.parametrize("error", ["agent-logit", "agent-probit"])
def test_analytic_gradient_matches_finite_differences(error: str) -> None:
    data = simulate("logit", 300, seed=2)
    data.loc[:20, "outcome"] = "L"  # partial paths: only P's move recorded
    design = build_design(HIDDEN, data, "outcome", parse_utilities({"a": "1 + x", "b": "1 + x", "c": "0", "d": "1"}))
    beta = np.array([0.4, 0.8, 1.1, 0.3, -0.7])
    found = loglik_gradient(design, beta, error)
    assert found is not None
    value, grad = found
    assert value == pytest.approx(float(loglik_rows(design, beta, error).sum()), abs=1e-9)
    h = 1e-6
    for j in range(len(beta)):
        step = np.zeros_like(beta)
        step[j] = h
        numeric = (loglik_rows(design, beta + step, error).sum() - loglik_rows(design, beta - step, error).sum()) / (2 * h)
        assert grad[j] == pytest.approx(numeric, abs=1e-5 * (1 + abs(numeric)))


@pytest.mark.parametrize(("error", "reference"), [("agent-logit", "logit"), ("agent-probit", "probit")])
def test_coefficients_are_recovered_on_a_tree_with_an_information_set(error: str, reference: str) -> None:
    truth = np.array([TRUE["a"][0], TRUE["a"][1], TRUE["b"][0], TRUE["d"][0]])
    zs = []
    for seed in (11, 12, 13):
        data = simulate(reference, 2000, seed)
        fit = estimate(HIDDEN, data, "outcome", UTILITIES, error=error)
        assert fit.converged and fit.n == 2000
        z = (fit.params - truth) / fit.bse
        assert np.all(np.abs(z) < 3), dict(zip(fit.design.names, np.round(z, 2)))
        zs.extend(z)
    # coverage of the 95% intervals over 12 coefficient-fits: at most 3 misses
    assert sum(abs(v) > 1.96 for v in zs) <= 3


def test_private_probit_with_information_sets_is_refused() -> None:
    data = simulate("logit", 100, seed=1)
    with pytest.raises(EstimationError, match="private-probit covers games of perfect information"):
        estimate(HIDDEN, data, "outcome", UTILITIES, error="private-probit")


def test_imperfect_recall_is_refused() -> None:
    forgetful = game(
        "forgets",
        ["P"],
        decision("P", "first", {
            "L": decision("P", "second", {"l": leaf(a), "r": leaf(0)}),
            "R": decision("P", "second", {"l": leaf(b), "r": leaf(1)}),
        }),
    )
    data = pd.DataFrame({"outcome": ["L/l", "R/r", "L/r"]})
    with pytest.raises(EstimationError, match="perfect recall"):
        estimate(forgetful, data, "outcome", ["a ~ 1", "b ~ 1"], error="agent-logit")
