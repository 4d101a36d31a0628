"""Nash equilibria, exactly: the dispatcher over the methods.

``solve(game, method=...)`` with

* ``"enummixed"`` (two players): every extreme equilibrium of the reduced strategic
  form, grouped in components (:mod:`.enummixed`); ``complete`` is true;
* ``"lemke"`` (two players): one equilibrium by Lemke's algorithm on the sequence
  form (:mod:`.lemke`), for games whose strategic form is too large; ``complete`` is
  false;
* ``"pure"``: every pure equilibrium (:mod:`.pure_nash`); complete for the mixed
  concept only with one player, where the pure optima are the extreme points;
* ``"auto"`` (the default): for two players, ``enummixed`` when the strategic form has
  at most ``max_cells`` cells and its vertex enumeration finishes within a work
  budget (about ``AUTO_WORK`` tableau entries updated; ``max_bases`` overrides it),
  else ``lemke``, saying so in the notes; for one player ``pure``; for more than two
  players ``pure`` with ``complete`` false (mixed equilibria of games with three or
  more players are not computed).  A game of perfect information whose strategic form
  has more than ``max_cells`` cells gets one pure subgame-perfect equilibrium by
  backward induction instead (linear in the tree), with ``complete`` false.

Every equilibrium is checked on the tree (strategic regret exactly zero) before it is
returned; see :mod:`.nash_assessment` for the beliefs reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..algebra.vertex_enumeration import DEFAULT_MAX_BASES
from ..core.game import Game
from ..errors import LimitError, SolverError
from ..forms.sequence_form import check_solvable
from ..forms.strategic import DEFAULT_MAX_CELLS, count_plans
from ..solution import Solution
from . import enummixed, lemke, pure_nash
from .backward import is_perfect_information, one_by_backward_induction
from .lemke import DEFAULT_MAX_ENTRIES, DEFAULT_MAX_PIVOTS
from .nash_assessment import nash_assessment

__all__ = ["AUTO_WORK", "METHODS", "solve"]

METHODS = ("auto", "enummixed", "lemke", "pure")

#: In ``auto``, vertex enumeration may visit about this many tableau entries before
#: Lemke's algorithm takes over (a few seconds).
AUTO_WORK = 10_000_000


def _auto_bases(rows: int, columns: int) -> int:
    """A base budget for a polytope of a ``rows x columns`` strategic form."""
    per_base = max(rows, columns) * (rows + columns + 1)
    return max(1_000, min(DEFAULT_MAX_BASES, AUTO_WORK // per_base))


def solve(
    game: Game,
    method: str = "auto",
    max_cells: int = DEFAULT_MAX_CELLS,
    max_bases: int | None = None,
    max_pivots: int = DEFAULT_MAX_PIVOTS,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> Solution:
    """Nash equilibria of ``game`` (numeric, perfect recall) by ``method``.

    Raises :class:`~gametoolkit.errors.SolverError` for an unknown method, a method
    that does not fit the number of players, a game with unbound parameters or
    without perfect recall, and (:class:`~gametoolkit.errors.LimitError`) when an
    explicitly chosen method reaches ``max_cells``, ``max_bases`` or ``max_pivots``, and
    when Lemke's tableau (in ``lemke`` or as the ``auto`` fallback) outgrows ``max_entries``.
    """
    if method not in METHODS:
        raise SolverError(f"unknown Nash method {method!r}; choose one of {', '.join(METHODS)}")
    check_solvable(game, "the Nash solver")
    n = game.num_players
    if method in ("enummixed", "lemke") and n != 2:
        raise SolverError(f"method {method!r} is for two-player games; this game has {n} players")
    if method == "enummixed":
        return enummixed.solve(game, max_cells=max_cells, max_bases=max_bases or DEFAULT_MAX_BASES)
    if method == "lemke":
        return lemke.solve(game, max_pivots=max_pivots, max_entries=max_entries)
    if method == "auto" and is_perfect_information(game):
        counts = count_plans(game)
        if math.prod(counts) > max_cells:
            return _by_backward_induction(game, counts, max_cells)
    if method == "pure" or n != 2:
        return _pure(game, max_cells, auto=method == "auto")
    counts = count_plans(game)
    cells = math.prod(counts)
    reason: str
    if cells <= max_cells:
        budget = max_bases if max_bases is not None else _auto_bases(*counts)
        try:
            return enummixed.solve(game, max_cells=max_cells, max_bases=budget)
        except LimitError:
            reason = f"vertex enumeration of the {counts[0]} x {counts[1]} strategic form stopped after {budget} bases"
    else:
        reason = f"the strategic form has {counts[0]} x {counts[1]} = {cells} cells, over max_cells={max_cells}"
    found = lemke.solve(game, max_pivots=max_pivots, max_entries=max_entries)
    return Solution(
        game=found.game,
        concept="nash",
        method=found.method,
        exact=True,
        complete=False,
        equilibria=found.equilibria,
        notes=(
            f"{reason}; one equilibrium by Lemke's algorithm on the sequence form instead "
            "(method='enummixed' with larger max_cells/max_bases lists all extreme equilibria)",
            *found.notes,
        ),
    )


def _by_backward_induction(game: Game, counts: Sequence[int], max_cells: int) -> Solution:
    """``auto`` beyond ``max_cells`` in a perfect-information game: one pure SPE (a Nash equilibrium)."""
    profile = one_by_backward_induction(game)
    size = " x ".join(str(c) for c in counts)
    return Solution(
        game=game,
        concept="nash",
        method="backward-induction",
        exact=True,
        complete=False,
        equilibria=(nash_assessment(profile),),
        notes=(
            f"the strategic form has {size} = {math.prod(counts)} cells, over max_cells={max_cells}; "
            "the game has perfect information, so one pure subgame-perfect equilibrium (a Nash "
            "equilibrium) was found by backward induction instead; others may exist",
        ),
    )


def _pure(game: Game, max_cells: int, auto: bool) -> Solution:
    found = pure_nash.solve(game, max_cells=max_cells)
    n = game.num_players
    if n == 1:
        note = "one player: the pure optimal plans are the extreme points of the optimal mixed strategies"
        complete = True
    elif auto:
        note = (
            f"{n} players: only pure equilibria were searched (every one of them is listed); "
            "mixed equilibria of games with more than two players are not computed"
        )
        complete = False
    else:
        note = "method 'pure': only pure equilibria were searched (every one of them is listed)"
        complete = False
    return Solution(
        game=found.game,
        concept="nash",
        method=found.method,
        exact=True,
        complete=complete,
        equilibria=found.equilibria,
        notes=(note, *found.notes),
    )
