"""Priors on a probability parameter: how likely is each equilibrium regime?

The seed paper draws the prior ``p`` that the US is the low-interest type "from a Beta
distribution".  With ``p ~ Beta(a, b)`` and the regimes of the equilibrium set along
``p`` (:func:`gametoolkit.analysis.regions.regimes_along`: intervals between
consecutive boundaries), the probability of the regime ``(l, u)`` is

    P(l < p < u) = I_u(a, b) - I_l(a, b),

with ``I_x(a, b)`` the regularized incomplete beta function
(:func:`scipy.special.betainc`).  Boundaries are points and have probability 0.  For
the US-Japan game with China high, the regime ``p < t = (y4 - bJ)/(y4 - y2)`` (three
equilibria) has probability ``I_t(a, b)``.

The probabilities are floats: ``I_x(a, b)`` is irrational in general.  The
boundaries are exact when the symbolic solution gives them; found by bisection they
are within ``error`` of the truth, and each probability then carries the bound
``|I_(v+e) - I_(v-e)|`` summed over its two ends (reported as ``error``).

:func:`by_prior_mean` holds the concentration ``c = a + b`` fixed and moves the
prior mean ``m = a / (a + b)`` (``a = m c``, ``b = (1 - m) c``); :func:`plot_by_mean`
draws the probability of each equilibrium set against ``m``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..core.values import parse_number
from ..errors import GameToolkitError, MissingDependencyError
from .grid import value_text
from .plot import check_figure_path, style
from .regions import Regimes

__all__ = [
    "BetaPrior",
    "PriorError",
    "RegimeProbability",
    "by_prior_mean",
    "parse_beta",
    "plot_by_mean",
    "regime_probabilities",
]


class PriorError(GameToolkitError):
    """A prior that cannot be used: bad Beta parameters, a parameter that is not in [0, 1]."""


@dataclass(frozen=True)
class BetaPrior:
    """``Beta(a, b)`` with exact ``a, b > 0``."""

    a: Fraction
    b: Fraction

    def __post_init__(self) -> None:
        if not (self.a > 0 and self.b > 0):
            raise PriorError(f"Beta(a, b) needs a > 0 and b > 0, not a = {self.a}, b = {self.b}")

    @property
    def mean(self) -> Fraction:
        return self.a / (self.a + self.b)

    @property
    def concentration(self) -> Fraction:
        return self.a + self.b

    def cdf(self, x: Fraction | float) -> float:
        """``P(p <= x) = I_x(a, b)``."""
        betainc = _betainc()
        x = float(x)
        if x <= 0:
            return 0.0
        if x >= 1:
            return 1.0
        return float(betainc(float(self.a), float(self.b), x))

    def __str__(self) -> str:
        return f"Beta({value_text(self.a)}, {value_text(self.b)})"


def parse_beta(text: str) -> BetaPrior:
    """``"2,5"`` or ``"1/2, 1/2"`` -> ``BetaPrior(a, b)``."""
    parts = [t.strip() for t in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise PriorError(f"--beta {text!r}: expected A,B (two positive numbers, e.g. 2,5)")
    try:
        a, b = (parse_number(t) for t in parts)
    except (ValueError, GameToolkitError) as err:
        raise PriorError(f"--beta {text!r}: {err}") from err
    return BetaPrior(a, b)


def _betainc() -> Any:
    import importlib

    try:
        special = importlib.import_module("scipy.special")
    except ImportError as err:
        raise MissingDependencyError("prior probabilities need scipy: pip install 'gametoolkit[plot]'") from err
    return special.betainc


@dataclass(frozen=True)
class RegimeProbability:
    """One regime's interval, equilibrium set, probability under the prior and its error bound."""

    lower: Fraction
    upper: Fraction
    labels: tuple[str, ...]
    probability: float
    error: float

    def to_json(self) -> dict[str, Any]:
        return {
            "lower": value_text(self.lower),
            "upper": value_text(self.upper),
            "equilibria": list(self.labels),
            "probability": self.probability,
            "error": self.error,
        }


def _check_unit(regimes: Regimes) -> None:
    if regimes.lower < 0 or regimes.upper > 1:
        raise PriorError(
            f"{regimes.axis} ranges over [{value_text(regimes.lower)}, {value_text(regimes.upper)}]; a Beta prior "
            "needs a probability in [0, 1]"
        )


def regime_probabilities(regimes: Regimes, prior: BetaPrior) -> list[RegimeProbability]:
    """The probability of each regime under ``prior`` (the axis must lie in [0, 1])."""
    _check_unit(regimes)
    out = []
    edges = [regimes.lower, *(b.value for b in regimes.boundaries), regimes.upper]
    errors = [Fraction(0), *(b.error for b in regimes.boundaries), Fraction(0)]

    def slack(k: int) -> float:
        e = errors[k]
        return 0.0 if e == 0 else abs(prior.cdf(edges[k] + e) - prior.cdf(edges[k] - e))

    for k, r in enumerate(regimes.regimes):
        probability = prior.cdf(r.upper) - prior.cdf(r.lower)
        out.append(RegimeProbability(r.lower, r.upper, r.labels, max(probability, 0.0), slack(k) + slack(k + 1)))
    return out


def by_set(probabilities: Sequence[RegimeProbability]) -> dict[tuple[str, ...], float]:
    """Probabilities summed over regimes with the same equilibrium set."""
    out: dict[tuple[str, ...], float] = {}
    for r in probabilities:
        out[r.labels] = out.get(r.labels, 0.0) + r.probability
    return out


def by_prior_mean(
    regimes: Regimes, concentration: Fraction | float, means: Sequence[float]
) -> dict[tuple[str, ...], list[float]]:
    """For each equilibrium set, its probability at each prior mean ``m`` (``a + b`` fixed)."""
    _check_unit(regimes)
    c = Fraction(concentration)
    if c <= 0:
        raise PriorError(f"the concentration a + b must be positive, not {c}")
    sets = list(dict.fromkeys(r.labels for r in regimes.regimes))
    out: dict[tuple[str, ...], list[float]] = {s: [] for s in sets}
    for m in means:
        if not 0 < m < 1:
            raise PriorError(f"a prior mean must lie strictly between 0 and 1, not {m}")
        mean = Fraction(m)
        prior = BetaPrior(mean * c, (1 - mean) * c)
        totals = by_set(regime_probabilities(regimes, prior))
        for s in sets:
            out[s].append(totals.get(s, 0.0))
    return out


def plot_by_mean(
    regimes: Regimes,
    concentration: Fraction | float,
    path: str | Path,
    *,
    marker: BetaPrior | None = None,
    points: int = 199,
    title: str | None = None,
    size: tuple[float, float] = (4.6, 3.2),
) -> Path:
    """Plot each equilibrium set's probability against the prior mean at a fixed ``a + b``."""
    out = check_figure_path(path)
    from .plot import PALETTE, figure_metadata, matplotlib_module

    mpl = matplotlib_module()

    means = [(k + 1) / (points + 1) for k in range(points)]
    curves = by_prior_mean(regimes, concentration, means)
    dashes = ["-", "--", "-.", ":"]
    with mpl.rc_context(style()):
        fig = mpl.figure.Figure(figsize=size)
        ax = fig.add_subplot()
        for k, (labels, ys) in enumerate(curves.items()):
            text = ", ".join(labels) if labels else "no equilibrium"
            ax.plot(means, ys, color=PALETTE[k % len(PALETTE)], linestyle=dashes[k % len(dashes)], label=text)
        if marker is not None:
            ax.axvline(float(marker.mean), color="0.5", linewidth=0.6, linestyle=":")
        for b in regimes.boundaries:
            ax.axvline(float(b.value), color="black", linewidth=0.4, alpha=0.4)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.02, 1.02)
        name = regimes.axis
        c = value_text(Fraction(concentration))
        ax.set_xlabel(f"prior mean of ${name}$, $a/(a+b)$, at $a+b = {c}$")
        ax.set_ylabel("probability of the regime")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, title="equilibria", title_fontsize=8)
        fig.savefig(out, bbox_inches="tight", metadata=figure_metadata(out.suffix.lower()))
    return out


def describe(regimes: Regimes, prior: BetaPrior, probabilities: Sequence[RegimeProbability]) -> list[str]:
    """Lines of text: the prior, how the boundaries were found, each regime's probability."""
    axis = regimes.axis
    how = "exact (symbolic)" if regimes.exact else f"by bisection, each within {float(regimes.tol):.1e}"
    lines = [f"{axis} ~ {prior}: {len(probabilities)} regime(s) of {axis}; boundaries {how}"]
    width = max((len(_interval(axis, r.lower, r.upper, regimes)) for r in probabilities), default=0)
    for r in probabilities:
        interval = _interval(axis, r.lower, r.upper, regimes)
        err = f" (+- {r.error:.1e})" if r.error > 0 else ""
        text = ", ".join(r.labels) if r.labels else "no equilibrium"
        lines.append(f"  {interval:<{width}}  P = {r.probability:.6f}{err}  {text}")
    for b in regimes.boundaries:
        if b.at is not None and b.at not in (b.left, b.right):
            lines.append(f"  at {axis} = {value_text(b.value)} only (probability 0): {', '.join(b.at)}")
    return lines


def _interval(axis: str, lower: Fraction, upper: Fraction, regimes: Regimes) -> str:
    return f"{value_text(lower)} < {axis} < {value_text(upper)}"


def to_json(regimes: Regimes, prior: BetaPrior, probabilities: Sequence[RegimeProbability]) -> dict[str, Any]:
    return {
        "parameter": regimes.axis,
        "prior": {"distribution": "beta", "a": value_text(prior.a), "b": value_text(prior.b)},
        "boundaries_exact": regimes.exact,
        "tolerance": value_text(regimes.tol),
        "regimes": [r.to_json() for r in probabilities],
        "by_set": [{"equilibria": list(k), "probability": v} for k, v in by_set(probabilities).items()],
        "detail": regimes.to_json(),
    }


def unit_settings(settings: Mapping[str, Any], name: str) -> dict[str, Any]:
    """``settings`` without ``name`` (the parameter the prior is about)."""
    if name in settings:
        raise PriorError(f"{name} has a prior; do not also --set it")
    return dict(settings)
