"""Equilibrium solvers, one module per concept; each returns a frozen Solution.

:func:`solve` dispatches by concept: ``pbe`` (perfect Bayesian, :mod:`.pbe`), ``spe``
(subgame perfect, :mod:`.spe`), ``nash`` (all extreme Nash equilibria for two players,
:mod:`.nash`), ``pure-nash`` (:mod:`.pure_nash`) ``sequential`` (:mod:`.sequential`) ``quasi-perfect`` (:mod:`.quasi_perfect`) and
``qre`` (agent logit quantal response, floats, :mod:`.qre`).
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from ..core.game import Game
from ..errors import SolverError
from ..solution import Solution

__all__ = ["CONCEPTS", "solve"]

CONCEPTS = ("pbe", "spe", "nash", "pure-nash", "sequential", "quasi-perfect", "qre")


def solve(game: Game, concept: str = "pbe", **options: Any) -> Solution:
    """Solve ``game`` for ``concept``; ``options`` go to that solver (limits, method)."""
    if concept not in CONCEPTS:
        raise SolverError(f"unknown concept {concept!r}; choose one of {', '.join(CONCEPTS)}")
    module = importlib.import_module(f"{__name__}.{concept.replace('-', '_')}")
    accepted = inspect.signature(module.solve).parameters
    unknown = sorted(name for name in options if name not in accepted or name == "game")
    if unknown:
        known = ", ".join(name for name in accepted if name != "game") or "none"
        raise SolverError(
            f"option(s) {', '.join(unknown)} do not apply to {concept!r} (its options: {known})"
        )
    result: Solution = module.solve(game, **options)
    return result
