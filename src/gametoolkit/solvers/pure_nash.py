"""All pure Nash equilibria, for any number of players, on the reduced strategic form.

A profile of plans is a pure Nash equilibrium when no player gains by switching to
another of its plans.  On the table of :mod:`gametoolkit.forms.strategic` this is checked for
all profiles at once: for each player, the best payoff along that player's axis (the
others' plans fixed) is compared with the payoff in every cell; the equilibria are the
cells where every player already gets its best.  This is the set Gambit's
``enumpure_solve`` returns on a tree (pure equilibria of the reduced strategic form),
not the larger set of pure agent-form equilibria (``enumpure_agent_solve``).

Each equilibrium becomes a behavior profile (at sets its own plan excludes, a player
takes a best response to the others, see :mod:`gametoolkit.evaluate.completion`), checked again
on the tree by :func:`gametoolkit.evaluate.profiles.is_nash` before it is reported.

>>> from gametoolkit.core.dsl import game, decision, leaf
>>> g = game("entry", ["E", "I"], decision("E", "E", out=leaf(0, 2),
...          enter=decision("I", "I", fight=leaf(-1, -1), share=leaf(1, 1))))
>>> [a.behavior.to_labels()["E"]["E"]["enter"] for a in solve(g)]
[Fraction(0, 1), Fraction(1, 1)]
"""

from __future__ import annotations

import numpy as np

from ..core.game import Game
from ..forms.strategic import DEFAULT_MAX_CELLS, StrategicForm, strategic_form
from ..solution import Solution
from .nash_assessment import OFF_PATH_NOTE, nash_assessment

__all__ = ["pure_equilibria", "solve"]


def pure_equilibria(form: StrategicForm) -> list[tuple[int, ...]]:
    """The profiles of plan indices that are pure Nash equilibria, in lexicographic order."""
    ok = np.ones(form.shape, dtype=bool)
    for i, table in enumerate(form.numerators):
        best = table.max(axis=i, keepdims=True)
        ok &= np.asarray(table == best, dtype=bool)
    return [tuple(int(k) for k in cell) for cell in np.argwhere(ok)]


def solve(game: Game, max_cells: int = DEFAULT_MAX_CELLS) -> Solution:
    """Every pure Nash equilibrium of ``game`` (numeric, perfect recall), exactly.

    Raises :class:`~gametoolkit.errors.SolverError` when the reduced strategic form has
    more than ``max_cells`` cells.
    """
    form = strategic_form(game, max_cells=max_cells)
    equilibria = tuple(nash_assessment(form.pure_profile(cell)) for cell in pure_equilibria(form))
    return Solution(
        game=game,
        concept="pure-nash",
        method="enumeration of the reduced strategic form",
        exact=True,
        complete=True,
        equilibria=equilibria,
        notes=(
            f"reduced strategic form: {' x '.join(map(str, form.shape))} plans",
            OFF_PATH_NOTE,
        ),
    )
