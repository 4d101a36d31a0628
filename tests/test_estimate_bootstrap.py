"""Bootstrap standard errors, predicted-probability curves and their plot.

The data are drawn from the structural egame12 model (normal shocks, each player
maximising; ``simulate`` of tests/test_estimate.py), not from the likelihood code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("statsmodels")
pytest.importorskip("formulaic")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gametoolkit.cli import main  # noqa: E402
from gametoolkit.estimation import EstimationError, egame12, estimate  # noqa: E402
from test_estimate import SIM_UTILITIES, simulate  # noqa: E402


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return simulate("agent-probit", 1200, seed=21)


def test_bootstrap_is_seeded_and_matches_the_information_errors(data: pd.DataFrame) -> None:
    fit = estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-probit", bootstrap=40, seed=5, jobs=1)
    # replicate k depends on the seed and k only: a shorter run repeats the first ones
    again = estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-probit", bootstrap=8, seed=5, jobs=1)
    assert fit.boot is not None and again.boot is not None
    assert np.array_equal(fit.boot[:8], again.boot)
    table = fit.table()
    assert list(table.columns) == ["estimate", "se", "z", "p", "lower", "upper", "boot_se", "boot_lower", "boot_upper"]
    # with 40 replicates the bootstrap SE has a relative sampling error near 11%: agree within 35%
    ratio = table["boot_se"] / table["se"]
    assert np.all((ratio > 0.65) & (ratio < 1.35)), ratio.to_dict()
    assert np.all(table["boot_lower"] < table["estimate"]) and np.all(table["estimate"] < table["boot_upper"])
    other = estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-probit", bootstrap=4, seed=6, jobs=1)
    assert other.boot is not None and not np.array_equal(other.boot, fit.boot[:4])
    out = fit.to_json()
    assert out["bootstrap"] == {"replicates": 40, "failed": 0, "seed": 5}
    assert {"utility", "term", "estimate", "se", "boot_se", "boot_lower", "boot_upper"} <= set(out["coefficients"][0])
    assert "bootstrap: 40 replicates" in fit.summary()


def test_bootstrap_through_joblib_gives_the_serial_result(data: pd.DataFrame) -> None:
    pytest.importorskip("joblib")
    small = data.iloc[:600]
    serial = estimate(egame12(), small, "outcome", SIM_UTILITIES, error="agent-logit", bootstrap=6, seed=3, jobs=1)
    pooled = estimate(egame12(), small, "outcome", SIM_UTILITIES, error="agent-logit", bootstrap=6, seed=3, jobs=2)
    assert serial.boot is not None and pooled.boot is not None
    assert np.allclose(serial.boot, pooled.boot, rtol=0, atol=1e-12)


def test_negative_bootstrap_is_refused(data: pd.DataFrame) -> None:
    with pytest.raises(EstimationError, match="bootstrap"):
        estimate(egame12(), data.iloc[:300], "outcome", SIM_UTILITIES, error="agent-logit", bootstrap=-1)


def test_predicted_curves_and_counterfactuals(data: pd.DataFrame) -> None:
    fit = estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-probit")
    curve = fit.predict_curve("z", points=9, counterfactuals={"high x": {"x": 1.5}})
    assert list(curve.columns) == ["scenario", "z", "1", "3", "4"]
    assert list(curve["scenario"].unique()) == ["fitted", "high x"] and len(curve) == 18
    base = curve[curve["scenario"] == "fitted"]
    assert np.allclose(base[["1", "3", "4"]].sum(axis=1), 1)
    # u24 rises with z (true slope 1.1): given an attack, outcome 4 becomes likelier along z
    share4 = base["4"] / (base["3"] + base["4"])
    assert np.all(np.diff(share4.to_numpy()) > 0)
    # the baseline holds x at its mean: the same as predict() at that row
    row = fit.typical_row({"z": float(base["z"].iloc[0])})
    assert np.allclose(fit.predict(row).to_numpy()[0], base[["1", "3", "4"]].to_numpy()[0])
    # u11 falls with x (true slope -0.8): at x = 1.5 ending the game is less likely
    high = curve[curve["scenario"] == "high x"]
    assert np.all(high["1"].to_numpy() < base["1"].to_numpy())
    with pytest.raises(EstimationError, match="no column 'nosuch'"):
        fit.predict_curve("nosuch")


def test_plot_writes_a_figure(data: pd.DataFrame, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    fit = estimate(egame12(), data, "outcome", SIM_UTILITIES, error="agent-logit")
    path = tmp_path / "curve.png"
    fig = fit.plot("z", file=str(path), counterfactuals={"x = 1": {"x": 1.0}}, points=20)
    assert path.stat().st_size > 1000 and path.read_bytes()[:4] == b"\x89PNG"
    lines = fig.axes[0].get_lines()
    assert len(lines) == 6  # three outcomes × (baseline, counterfactual)
    assert {line.get_linestyle() for line in lines} == {"-", "--"}
    with pytest.raises(EstimationError, match="not a terminal node"):
        fit.plot("z", outcomes=["9"])


def test_cli_bootstrap_and_plot(data: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "sim.csv"
    data.iloc[:500].to_csv(path, index=False)
    figure = tmp_path / "plot.svg"
    utilities = [item for u in SIM_UTILITIES for item in ("--utility", u)]
    args = ["estimate", "egame12", "--data", str(path), "--outcome", "outcome", "--error", "agent-logit", *utilities]
    code = main([*args, "--bootstrap", "5", "--jobs", "1", "--seed", "2", "--plot", str(figure), "--plot-x", "z",
                 "--counterfactual", "x=1", "--at", "x=0", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bootstrap"]["replicates"] + out["bootstrap"]["failed"] == 5 and out["plot"] == str(figure)
    assert "boot_se" in out["coefficients"][0]
    assert figure.read_text().lstrip().startswith("<?xml")
    assert main([*args, "--plot", str(figure)]) == 2
    assert "--plot-x" in capsys.readouterr().err
    assert main([*args, "--at", "x"]) == 2
    assert main([*args, "--bootstrap", "-2"]) == 2
    assert "at least 0" in capsys.readouterr().err
