"""Taking a game to data: payoffs as linear formulas in covariates, fitted by maximum
likelihood under agent (logit, probit) or private-information (probit) errors.

>>> from gametoolkit.estimation import egame12
>>> sorted(egame12().parameters)
['u11', 'u13', 'u14', 'u23', 'u24']

The agent logit quantal response equilibrium itself is :mod:`gametoolkit.solvers.qre`.
The everyday entry point is :func:`estimate`, exported as ``gametoolkit.estimate``.
"""

from __future__ import annotations

from .design import EstimationError
from .fit import Fit, estimate
from .likelihood import ERRORS
from .trees import TREES, egame12

__all__ = ["ERRORS", "TREES", "EstimationError", "Fit", "egame12", "estimate"]
