"""Maximum-likelihood fits of payoff parameters, and what a fit reports.

:func:`estimate` ties each payoff parameter of a game to a linear formula in the
data's columns, maximises the likelihood of the observed outcomes (BFGS from
starting values by statistical backward induction, and from ``starts - 1`` random
perturbations of them; the best fit is kept), and takes standard errors from the
observed information (the numerical Hessian of the log-likelihood at the maximum,
statsmodels' ``approx_hess2``).  :class:`Fit` gives the table (estimate, SE, z, p,
95% interval), the log-likelihood, N, AIC and BIC, the rows deleted for missing
values, ``predict`` and the CLI's JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import Game
from .design import Design, EstimationError, build_design, new_rows, parse_utilities
from .likelihood import check_tree, loglik_rows, outcome_probs
from .starts import backward_start

__all__ = ["Fit", "estimate"]

Array = npt.NDArray[np.float64]
#: Beyond this size a coefficient is taken as diverging (separation), on the probit scale.
DIVERGED = 25.0


@dataclass(frozen=True)
class Fit:
    """A fitted model: coefficients, covariance and fit statistics."""

    design: Design
    error: str
    params: Array
    cov: Array
    loglik: float
    converged: bool
    starts: int

    @property
    def n(self) -> int:
        return self.design.n

    @property
    def bse(self) -> Array:
        out: Array = np.sqrt(np.diag(self.cov))
        return out

    @property
    def aic(self) -> float:
        from statsmodels.tools.eval_measures import aic

        return float(aic(self.loglik, self.n, len(self.params)))

    @property
    def bic(self) -> float:
        from statsmodels.tools.eval_measures import bic

        return float(bic(self.loglik, self.n, len(self.params)))

    def table(self, alpha: float = 0.05) -> Any:
        """A pandas DataFrame indexed by (utility, term): estimate, se, z, p, lower, upper."""
        import pandas as pd
        from scipy.stats import norm

        z = self.params / self.bse
        q = norm.ppf(1 - alpha / 2)
        index = pd.MultiIndex.from_tuples(self.design.names, names=["utility", "term"])
        return pd.DataFrame(
            {
                "estimate": self.params,
                "se": self.bse,
                "z": z,
                "p": 2 * norm.sf(np.abs(z)),
                "lower": self.params - q * self.bse,
                "upper": self.params + q * self.bse,
            },
            index=index,
        )

    def summary(self) -> str:
        """The table and the fit statistics as text."""
        head = (
            f"{self.design.game.title}: {self.error}, N = {self.n} ({self.design.dropped} rows deleted for missing values)\n"
            f"log-likelihood {self.loglik:.4f}, AIC {self.aic:.2f}, BIC {self.bic:.2f}, "
            f"{'converged' if self.converged else 'NOT converged'} (best of {self.starts} start(s))"
        )
        body: str = self.table().to_string(float_format=lambda x: f"{x:.4f}")
        return head + "\n\n" + body

    def predict(self, data: Any = None) -> Any:
        """Outcome probabilities (a DataFrame, one column per terminal node) for ``data``
        (new covariate values, e.g. a counterfactual) or for the fitted rows."""
        import pandas as pd

        design = self.design if data is None else new_rows(self.design, data)
        probs = outcome_probs(design, self.params, self.error)
        g = self.design.game
        return pd.DataFrame(probs, columns=[g.node_name(z) for z in g.terminals])

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object (``DESIGN.md``), plus ``dropped``, ``aic``, ``bic``."""
        return {
            "n": self.n,
            "loglik": self.loglik,
            "error": self.error,
            "converged": self.converged,
            "coefficients": [
                {"utility": u, "term": t, "estimate": float(b), "se": float(s)}
                for (u, t), b, s in zip(self.design.names, self.params, self.bse)
            ],
            "dropped": self.design.dropped,
            "aic": self.aic,
            "bic": self.bic,
        }


def _maximise(design: Design, error: str, start: Array) -> tuple[Array, float, bool]:
    from scipy.optimize import minimize

    def negative(b: Array) -> float:
        value = -float(loglik_rows(design, b, error).sum())
        return value if np.isfinite(value) else 1e300

    res = minimize(negative, start, method="BFGS", options={"gtol": 1e-5, "maxiter": 2000})
    return np.asarray(res.x, dtype=np.float64), -float(res.fun), bool(res.success or res.status == 2)


def estimate(
    game: Game,
    data: Any,
    outcome: str,
    utilities: Sequence[str] | Mapping[str, str],
    error: str = "private-probit",
    starts: int = 1,
    seed: int = 0,
) -> Fit:
    """Fit the payoff parameters of ``game`` to observed outcomes by maximum likelihood.

    Parameters
    ----------
    game : Game
        A game of perfect information whose payoffs are linear in parameters (``param``).
    data : pandas.DataFrame or mapping of columns
        One row per observation.
    outcome : str
        The column naming the node each row reached (a leaf, or an inner node when a
        row records only the first moves).
    utilities : sequence of str or mapping
        ``"u11 ~ 1 + x"`` for every parameter (``"u23 ~ 0"`` fixes it at 0).
    error : str
        ``agent-logit``, ``agent-probit`` or ``private-probit``.
    starts : int
        How many starting points (the first by statistical backward induction).
    seed : int
        Seed of the random further starts.

    Returns
    -------
    Fit
    """
    check_tree(game, error)
    design = build_design(game, data, outcome, parse_utilities(utilities))
    first = backward_start(design, error)
    rng = np.random.default_rng(seed)
    best: tuple[Array, float, bool] | None = None
    for k in range(max(1, starts)):
        start = first if k == 0 else first + rng.normal(0.0, 0.5, size=first.shape) * (1 + np.abs(first))
        found = _maximise(design, error, start)
        if best is None or found[1] > best[1]:
            best = found
    assert best is not None
    beta, loglik, converged = best
    cov = _covariance(design, error, beta)
    return Fit(design, error, beta, cov, loglik, converged, max(1, starts))


def _covariance(design: Design, error: str, beta: Array) -> Array:
    """The inverse observed information; separation or non-identification is an error."""
    from statsmodels.tools.numdiff import approx_hess2

    names = [f"{u}:{t}" for u, t in design.names]
    big = [n for n, b in zip(names, beta) if abs(b) > DIVERGED]
    if big:
        raise EstimationError(
            f"perfect separation or an unidentified payoff: {', '.join(big)} diverge (|estimate| > {DIVERGED:g}); "
            "drop or merge the covariates that predict a choice perfectly"
        )
    hess = approx_hess2(beta, lambda b: float(loglik_rows(design, b, error).sum()))
    info = -(hess + hess.T) / 2
    values, vectors = np.linalg.eigh(info)
    if not np.all(np.isfinite(values)) or values[0] <= 1e-8 * max(float(values[-1]), 1e-300):
        weak = vectors[:, 0] if np.all(np.isfinite(values)) else np.ones(len(beta))
        flat = [n for n, w in zip(names, np.abs(weak)) if w > 0.2]
        raise EstimationError(
            f"the information matrix is singular at the maximum (along {', '.join(flat) or 'some coefficients'}): "
            "perfect separation or parameters the data cannot identify"
        )
    cov: Array = np.linalg.inv(info)
    return cov
