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
    """Solve ``game`` for ``concept``, exactly (except ``qre``, in floats).

    Parameters
    ----------
    game : Game
        A game whose parameters all have numbers, with perfect recall (see
        :meth:`Game.bind <gametoolkit.core.game.Game.bind>`).
    concept : str
        One of :data:`CONCEPTS`: ``pbe`` (perfect Bayesian), ``spe`` (subgame
        perfect), ``nash`` (all extreme Nash equilibria of a two-player game; exact
        algebraic ones for more players), ``pure-nash``, ``sequential``,
        ``quasi-perfect`` (one, for two players) or ``qre`` (agent logit).
    **options
        Passed to that concept's solver: its limits (``max_supports``, ``max_cells``,
        ...) and, for ``nash``, ``method``; an option the solver does not take is
        refused.

    Returns
    -------
    Solution
        The equilibria, with ``exact`` and ``complete`` saying whether the numbers
        are exact and the list is proven to hold them all.

    Raises
    ------
    SolverError
        For an unknown concept or option, a game with unbound parameters or without
        perfect recall, or a concept that does not fit the game.
    LimitError
        When the game is beyond one of the solver's limits.

    Examples
    --------
    >>> from gametoolkit import load, solve
    >>> solution = solve(load("us-japan-alliance", china="high", p="3/10"), "pbe")
    >>> len(solution), solution.exact, solution.complete
    (3, True, True)
    >>> [eq.kind for eq in solution]
    ['separating', 'pooling', 'semi-separating']
    """
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
