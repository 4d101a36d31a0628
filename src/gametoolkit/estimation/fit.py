"""Maximum-likelihood fits of payoff parameters, and what a fit reports.

:func:`estimate` ties each payoff parameter of a game to a linear formula in the
data's columns, maximises the likelihood of the observed outcomes (BFGS from
starting values by statistical backward induction, and from ``starts - 1`` random
perturbations of them; the best fit is kept), and takes standard errors from the
observed information (the numerical Hessian of the log-likelihood at the maximum,
statsmodels' ``approx_hess2`` with steps of 1e-4, or central differences of the
analytic gradient where the game has information sets).  On request (``bootstrap=B``) the rows are resampled
``B`` times with replacement (seeded: replicate ``k`` draws from the ``k``-th child of
``numpy.random.SeedSequence(seed)``, so the result does not depend on how the work is
spread), the model refitted from the estimate on each, and the bootstrap standard
errors and percentile intervals added to the table; the replicates fan out through
joblib's process pool where joblib is installed (``jobs``), else run in turn.
:class:`Fit` gives the table (estimate, SE, z, p, 95% interval), the log-likelihood,
N, AIC and BIC, the rows deleted for missing values, ``predict``, curves of the
predicted outcome probabilities against a covariate (``predict_curve``, ``plot``)
and the CLI's JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import Game
from ..errors import MissingDependencyError
from .agentqre import has_information_sets
from .design import Design, EstimationError, build_design, new_rows, parse_utilities
from .likelihood import check_tree, loglik_gradient, loglik_rows, outcome_probs
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
    boot: Array | None = None  # successful bootstrap replicates × coefficients
    boot_failed: int = 0
    boot_seed: int | None = None

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
        columns = {
            "estimate": self.params,
            "se": self.bse,
            "z": z,
            "p": 2 * norm.sf(np.abs(z)),
            "lower": self.params - q * self.bse,
            "upper": self.params + q * self.bse,
        }
        if self.boot is not None and len(self.boot) > 1:
            columns["boot_se"] = self.boot.std(axis=0, ddof=1)
            columns["boot_lower"] = np.percentile(self.boot, 100 * alpha / 2, axis=0)
            columns["boot_upper"] = np.percentile(self.boot, 100 * (1 - alpha / 2), axis=0)
        return pd.DataFrame(columns, index=index)

    def summary(self) -> str:
        """The table and the fit statistics as text."""
        head = (
            f"{self.design.game.title}: {self.error}, N = {self.n} ({self.design.dropped} rows deleted for missing values)\n"
            f"log-likelihood {self.loglik:.4f}, AIC {self.aic:.2f}, BIC {self.bic:.2f}, "
            f"{'converged' if self.converged else 'NOT converged'} (best of {self.starts} start(s))"
        )
        if self.boot is not None:
            head += (
                f"\nbootstrap: {len(self.boot)} replicates (seed {self.boot_seed}"
                f"{f', {self.boot_failed} failed and left out' if self.boot_failed else ''}); "
                "boot_se and the percentile interval boot_lower..boot_upper"
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

    def typical_row(self, at: Mapping[str, Any] | None = None) -> Any:
        """One row of covariates: each column's mean over the fitted rows (its most
        frequent value where it is not numeric), with ``at`` overriding."""
        import pandas as pd

        frame = self.design.frame
        if frame is None:
            raise EstimationError("this fit kept no data frame to take typical covariate values from")
        row: dict[str, Any] = {}
        for col in frame.columns:
            values = frame[col]
            if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
                row[col] = values.mode().iloc[0]
            else:
                row[col] = float(values.mean())
        for col, value in (at or {}).items():
            if col not in frame.columns:
                raise EstimationError(f"at: no column {col!r} in the data")
            row[col] = value
        return pd.DataFrame([row])

    def predict_curve(
        self,
        x: str,
        values: Sequence[float] | None = None,
        at: Mapping[str, Any] | None = None,
        counterfactuals: Mapping[str, Mapping[str, Any]] | None = None,
        points: int = 50,
    ) -> Any:
        """Predicted outcome probabilities along covariate ``x``.

        Parameters
        ----------
        x : str
            The covariate to vary (a column of the data).
        values : sequence of float, optional
            Its values; by default ``points`` values from its smallest to its largest.
        at : mapping, optional
            Values at which to hold other columns (the rest sit at their means, or
            most frequent values where not numeric).
        counterfactuals : mapping of str to mapping, optional
            Named scenarios, each a mapping of columns to the values they take in it
            (``{"election": {"preelec": 1}}``); each gives its own curves.
        points : int
            How many values of ``x`` when ``values`` is not given.

        Returns
        -------
        pandas.DataFrame
            Columns ``scenario`` (``"fitted"`` for the baseline), ``x``, then one per
            terminal node.
        """
        import pandas as pd

        frame = self.design.frame
        if frame is None or x not in frame.columns:
            raise EstimationError(f"predict_curve: no column {x!r} in the fitted data")
        if values is None:
            lo, hi = float(frame[x].min()), float(frame[x].max())
            grid = np.linspace(lo, hi, max(2, points))
        else:
            grid = np.asarray(list(values), dtype=np.float64)
        scenarios: dict[str, Mapping[str, Any]] = {"fitted": {}}
        for name, change in (counterfactuals or {}).items():
            if name == "fitted":
                raise EstimationError("counterfactual: 'fitted' names the baseline; choose another name")
            scenarios[name] = change
        parts = []
        for name, change in scenarios.items():
            base = self.typical_row({**(at or {}), **change})
            rows = pd.concat([base] * len(grid), ignore_index=True)
            rows[x] = grid
            probs = self.predict(rows)
            probs.insert(0, x, grid)
            probs.insert(0, "scenario", name)
            parts.append(probs)
        return pd.concat(parts, ignore_index=True)

    def plot(
        self,
        x: str,
        file: str | None = None,
        values: Sequence[float] | None = None,
        at: Mapping[str, Any] | None = None,
        counterfactuals: Mapping[str, Mapping[str, Any]] | None = None,
        outcomes: Sequence[str] | None = None,
        points: int = 50,
    ) -> Any:
        """A matplotlib figure of the predicted outcome probabilities against ``x``:
        one colour per outcome, solid for the fitted baseline, dashed (dotted, ...) for
        each counterfactual.  Written to ``file`` (any format matplotlib knows, by
        its extension) when given.  Arguments as for :meth:`predict_curve`."""
        try:
            from matplotlib.figure import Figure
        except ImportError as err:
            raise MissingDependencyError("the plot needs matplotlib: pip install 'gametoolkit[plot]'") from err

        curve = self.predict_curve(x, values, at, counterfactuals, points)
        leaves = [c for c in curve.columns if c not in ("scenario", x)]
        chosen = list(outcomes) if outcomes is not None else leaves
        unknown = [o for o in chosen if o not in leaves]
        if unknown:
            raise EstimationError(f"plot: {', '.join(map(repr, unknown))} not a terminal node (they are: {', '.join(leaves)})")
        fig = Figure(figsize=(6.4, 4.2))
        ax = fig.add_subplot()
        styles = ["-", "--", ":", "-."]
        colours = [f"C{k}" for k in range(10)]
        for s_index, (name, part) in enumerate(curve.groupby("scenario", sort=False)):
            for o_index, leaf in enumerate(chosen):
                label = leaf if name == "fitted" else f"{leaf} ({name})"
                ax.plot(part[x], part[leaf], styles[s_index % len(styles)], color=colours[o_index % 10], label=label)
        ax.set_xlabel(x)
        ax.set_ylabel("predicted probability")
        ax.set_ylim(0, 1)
        ax.set_title(f"{self.design.game.title}: {self.error}")
        ax.legend(fontsize="small")
        fig.tight_layout()
        if file is not None:
            fig.savefig(file)
        return fig

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object (``DESIGN.md``), plus ``dropped``, ``aic``, ``bic``;
        with a bootstrap, ``boot_se``, ``boot_lower`` and ``boot_upper`` per coefficient
        and ``bootstrap`` (``replicates``, ``failed``, ``seed``)."""
        coefficients = [
            {"utility": u, "term": t, "estimate": float(b), "se": float(s)}
            for (u, t), b, s in zip(self.design.names, self.params, self.bse)
        ]
        out: dict[str, Any] = {
            "n": self.n,
            "loglik": self.loglik,
            "error": self.error,
            "converged": self.converged,
            "coefficients": coefficients,
            "dropped": self.design.dropped,
            "aic": self.aic,
            "bic": self.bic,
        }
        if self.boot is not None:
            table = self.table()
            for item, (_, row) in zip(coefficients, table.iterrows()):
                for key in ("boot_se", "boot_lower", "boot_upper"):
                    if key in row:
                        item[key] = float(row[key])
            out["bootstrap"] = {"replicates": len(self.boot), "failed": self.boot_failed, "seed": self.boot_seed}
        return out


def _maximise(design: Design, error: str, start: Array) -> tuple[Array, float, bool]:
    """BFGS on the negative log-likelihood: with the analytic gradient through the QRE
    fixed point where the game has information sets, else numerical differences."""
    from scipy.optimize import minimize

    if has_information_sets(design.game):

        def both(b: Array) -> tuple[float, Array]:
            try:
                found = loglik_gradient(design, b, error)
            except EstimationError:
                return 1e300, np.zeros_like(b)
            assert found is not None
            value, grad = found
            if not np.isfinite(value) or not np.all(np.isfinite(grad)):
                return 1e300, np.zeros_like(b)
            return -value, -grad

        res = minimize(both, start, jac=True, method="BFGS", options={"gtol": 1e-5, "maxiter": 2000})
    else:

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
    bootstrap: int = 0,
    jobs: int | None = None,
) -> Fit:
    """Fit the payoff parameters of ``game`` to observed outcomes by maximum likelihood.

    Parameters
    ----------
    game : Game
        A game whose payoffs are linear in parameters (``param``).  Information sets
        of more than one node are allowed with the agent errors (the likelihood is
        then the agent QRE fixed point per row; perfect recall needed).
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
        Seed of the random further starts and of the bootstrap.
    bootstrap : int
        Bootstrap replicates (0: none).  Each resamples the rows with replacement and
        refits from the estimate; failed refits (divergence, separation in the
        sample) are left out and counted.
    jobs : int, optional
        Worker processes for the bootstrap, through joblib (``None``: all cores
        where joblib is installed, else one; ``1``: in this process).

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
    fit = Fit(design, error, beta, cov, loglik, converged, max(1, starts))
    if bootstrap < 0:
        raise EstimationError(f"bootstrap: the number of replicates must be at least 0, not {bootstrap}")
    if bootstrap:
        boot, failed = _bootstrap(design, error, beta, bootstrap, seed, jobs)
        fit = replace(fit, boot=boot, boot_failed=failed, boot_seed=seed)
    return fit


def _replicates(design: Design, error: str, beta: Array, seeds: list[Any]) -> list[Array | None]:
    """Refits on resampled rows, one per seed (a worker's share of the bootstrap)."""
    out: list[Array | None] = []
    for child in seeds:
        rows = np.random.default_rng(child).integers(0, design.n, size=design.n)
        try:
            b, loglik, ok = _maximise(design.subset(rows), error, beta)
        except EstimationError:
            out.append(None)
            continue
        good = ok and np.isfinite(loglik) and np.all(np.isfinite(b)) and np.all(np.abs(b) <= DIVERGED)
        out.append(b if good else None)
    return out


def _bootstrap(design: Design, error: str, beta: Array, replicates: int, seed: int, jobs: int | None) -> tuple[Array, int]:
    seeds = np.random.SeedSequence(seed).spawn(replicates)
    workers = 1
    if jobs is None or jobs > 1:
        try:
            import joblib

            workers = joblib.cpu_count() if jobs is None else jobs
        except ImportError:
            workers = 1
    workers = max(1, min(workers, replicates))
    if workers == 1:
        found = _replicates(design, error, beta, seeds)
    else:
        from joblib import Parallel, delayed

        shares = [seeds[k::workers] for k in range(workers)]
        parts = Parallel(n_jobs=workers)(delayed(_replicates)(design, error, beta, share) for share in shares)
        # put the replicates back in seed order
        found = [None] * replicates
        for k, part in enumerate(parts):
            found[k::workers] = part
    good = [b for b in found if b is not None]
    if len(good) < 2:
        raise EstimationError(f"bootstrap: only {len(good)} of {replicates} replicates could be fitted")
    return np.array(good), replicates - len(good)


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
    if has_information_sets(design.game):
        from statsmodels.tools.numdiff import approx_fprime

        def gradient(b: Array) -> Array:
            found = loglik_gradient(design, b, error)
            assert found is not None
            return found[1]

        hess = np.asarray(approx_fprime(beta, gradient, centered=True), dtype=np.float64)
    else:
        # steps of 1e-4 (relative where |b| > 1): the default (eps^(1/3), about 6e-6)
        # lets rounding in the summed log-likelihood move standard errors by 1-2%
        step = 1e-4 * np.maximum(np.abs(beta), 1.0)
        hess = approx_hess2(beta, lambda b: float(loglik_rows(design, b, error).sum()), epsilon=step)
    info = -(hess + hess.T) / 2
    values, vectors = np.linalg.eigh(info)
    if not np.all(np.isfinite(values)) or values[0] <= 1e-8 * max(float(values[-1]), 1e-300):
        weak = vectors[:, 0] if np.all(np.isfinite(values)) else np.ones(len(beta))
        flat = [n for n, w in zip(names, np.abs(weak)) if w > 0.2]
        raise EstimationError(
            f"the information matrix is singular at the maximum (along {', '.join(flat) or 'some coefficients'}): "
            "perfect separation or parameters the data cannot identify"
        )
    cov: Array = np.asarray(np.linalg.inv(info), dtype=np.float64)
    return cov
