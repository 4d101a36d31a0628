"""Taking a game to data: payoffs as linear formulas in covariates, fitted by maximum
likelihood under agent (logit, probit) or private-information (probit) errors.

>>> from gametoolkit.estimate import egame12
>>> sorted(egame12().parameters)
['u11', 'u13', 'u14', 'u23', 'u24']

The agent logit quantal response equilibrium itself is :mod:`gametoolkit.solvers.qre`.
The package itself can be called as :func:`estimate` (``gametoolkit.estimate(game,
data, ...)``), since the name is both this package and the everyday function.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .design import EstimationError
from .fit import Fit, estimate
from .likelihood import ERRORS
from .trees import TREES, egame12

__all__ = ["ERRORS", "TREES", "EstimationError", "Fit", "egame12", "estimate"]


class _CallablePackage(types.ModuleType):
    """``gametoolkit.estimate(...)`` calls :func:`estimate` whichever the attribute holds."""

    def __call__(self, *args: Any, **kwargs: Any) -> Fit:
        return estimate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
