"""Analysis over many games: parameter sweeps, equilibrium regions, priors.

* :mod:`.grid`: the varied parameters (``--vary p=0:1:201``, ``--vary china=low,high``);
* :mod:`.sweep`: the set of equilibria at every grid point, numerically or through the
  symbolic solution, and the CSV/JSON tables;
* :mod:`.paths`: the two evaluation paths (numeric, symbolic) and when a point leaves
  the symbolic one; :mod:`.labels`: one label rule for numeric and symbolic answers;
* :mod:`.regions`: regimes along one parameter with their boundaries, and the region
  plot (matplotlib, the ``plot`` extra);
* :mod:`.priors`: the probability of each regime when the parameter has a Beta prior
  (scipy), and its plot against the prior mean.

The package exports the functions :func:`sweep` and friends; the modules of the same
names are reached with ``importlib.import_module("gametoolkit.analysis.sweep")``.
"""

from __future__ import annotations

from .grid import Axis, GridError, parse_vary
from .plot import plot_regions
from .regions import Boundary, Regime, Regimes, regimes_along
from .sweep import PointResult, SweepError, SweepResult, equilibrium_label, sweep, write_csv

__all__ = [
    "Axis",
    "Boundary",
    "GridError",
    "PointResult",
    "Regime",
    "Regimes",
    "SweepError",
    "SweepResult",
    "equilibrium_label",
    "parse_vary",
    "plot_regions",
    "regimes_along",
    "sweep",
    "write_csv",
]
