"""Nash equilibria, exactly: the dispatcher over the methods.

``solve(game, method=...)`` with

* ``"seqform"`` (two players): every extreme equilibrium, by vertex enumeration of
  the sequence-form best-response polyhedra (:mod:`.seqform_enum`), linear in the
  tree; ``complete`` is true;
* ``"enummixed"`` (two players): every extreme equilibrium of the reduced strategic
  form, grouped in components (:mod:`.enummixed`); ``complete`` is true;
* ``"lemke"`` (two players): one equilibrium by Lemke's algorithm on the sequence
  form (:mod:`.lemke`); ``complete`` is false;
* ``"pure"``: every pure equilibrium (:mod:`.pure_nash`); complete for the mixed
  concept only with one player, where the pure optima are the extreme points;
* ``"auto"`` (the default): for two players, ``seqform`` within ``max_bases`` bases
  (default :data:`AUTO_BASES`), else one equilibrium (backward induction in a game of
  perfect information, else Lemke's algorithm) with ``complete`` false and the reason
  in the notes; for one player ``pure``; for more than two players ``support``
  within ``max_supports`` support profiles, else ``pure`` with ``complete`` false (a
  game of perfect information whose strategic form has more than ``max_cells`` cells
  gets one pure subgame-perfect equilibrium instead);
* ``"support"`` (any number of players): support enumeration with each indifference
  system solved exactly, probabilities algebraic numbers (:mod:`.nash_support`);
  ``complete`` unless some system was positive-dimensional or unsolved.

Every equilibrium is checked on the tree (strategic regret exactly zero) before it is
returned; see :mod:`.nash_assessment` for the beliefs reported.
"""

from __future__ import annotations

import math

from ..algebra.vertex_enumeration import DEFAULT_MAX_BASES
from ..core.game import Game
from ..errors import LimitError, SolverError
from ..forms.sequence_form import check_solvable
from ..forms.strategic import DEFAULT_MAX_CELLS, count_plans
from ..solution import Solution
from . import enummixed, lemke, nash_support, pure_nash, seqform_enum
from .backward import is_perfect_information, one_by_backward_induction
from .lemke import DEFAULT_MAX_ENTRIES, DEFAULT_MAX_PIVOTS
from .nash_assessment import nash_assessment
from .nash_support import DEFAULT_MAX_SUPPORTS
from .seqform_enum import count_sequences

__all__ = ["AUTO_BASES", "METHODS", "solve"]

METHODS = ("auto", "seqform", "enummixed", "lemke", "support", "pure")

#: In ``auto`` for two players, the sequence-form enumeration may visit this many
#: bases before Lemke's algorithm takes over ...
AUTO_BASES = 250_000

#: ... and at most about this many tableau entries updated in all (about 40 s on a
#: 2-core machine of 2026, where a 42-row sequence form needs 194,000 bases, 35 s, to
#: list all of its 96 extreme equilibria): the budget of bases shrinks with the size
#: of the tableau.
AUTO_WORK = 1_300_000_000

#: Below this many bases the enumeration is not tried at all.
AUTO_MIN_BASES = 50


def solve(
    game: Game,
    method: str = "auto",
    max_cells: int = DEFAULT_MAX_CELLS,
    max_bases: int | None = None,
    max_pivots: int = DEFAULT_MAX_PIVOTS,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    max_supports: int = DEFAULT_MAX_SUPPORTS,
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
    if method in ("seqform", "enummixed", "lemke") and n != 2:
        raise SolverError(f"method {method!r} is for two-player games; this game has {n} players")
    if method == "seqform":
        return seqform_enum.solve(game, max_bases=max_bases or DEFAULT_MAX_BASES)
    if method == "enummixed":
        return enummixed.solve(game, max_cells=max_cells, max_bases=max_bases or DEFAULT_MAX_BASES)
    if method == "lemke":
        return lemke.solve(game, max_pivots=max_pivots, max_entries=max_entries)
    if method == "support":
        return nash_support.solve(game, max_cells=max_cells, max_supports=max_supports)
    if method == "auto" and n == 2:
        return _two_players(game, max_bases, max_pivots, max_entries)
    if method == "auto" and n > 2:
        try:
            return nash_support.solve(game, max_cells=max_cells, max_supports=max_supports)
        except LimitError as err:
            reason = str(err)
        except ImportError:
            reason = "mixed equilibria of games with more than two players need sympy (not installed)"
        if is_perfect_information(game) and math.prod(count_plans(game)) > max_cells:
            return _by_backward_induction(game, reason)
        return _fallback(_pure(game, max_cells, auto=True), f"{reason}; only pure equilibria were searched")
    if method == "auto" and is_perfect_information(game):
        counts = count_plans(game)
        if math.prod(counts) > max_cells:
            size = " x ".join(str(c) for c in counts)
            return _by_backward_induction(
                game, f"the strategic form has {size} = {math.prod(counts)} cells, over max_cells={max_cells}"
            )
    return _pure(game, max_cells, auto=method == "auto")


def _two_players(game: Game, max_bases: int | None, max_pivots: int, max_entries: int) -> Solution:
    """``auto`` for two players: the sequence-form enumeration, else one equilibrium."""
    if max_bases is not None:
        budget = max_bases
    else:
        sizes = count_sequences(game)
        rows = min(sizes) + max(sizes)  # about: one row per set and per sequence of the other
        budget = min(AUTO_BASES, AUTO_WORK // (rows * (2 * rows + sum(sizes))))
    if max_bases is None and budget < AUTO_MIN_BASES:
        reason = f"the sequence form ({' x '.join(map(str, count_sequences(game)))} sequences) is too large for vertex enumeration within the time of 'auto'"
    else:
        try:
            return seqform_enum.solve(game, max_bases=budget)
        except LimitError:
            reason = f"vertex enumeration of the sequence form stopped after {budget} bases"
    if is_perfect_information(game):
        return _by_backward_induction(game, reason)
    return _fallback(
        lemke.solve(game, max_pivots=max_pivots, max_entries=max_entries),
        f"{reason}; one equilibrium by Lemke's algorithm on the sequence form instead "
        "(method='seqform' with a larger max_bases, CLI --max-bases, lists all extreme equilibria)",
    )


def _fallback(found: Solution, note: str) -> Solution:
    """``found`` (an exact fallback's answer) reported as Nash, not proven complete, ``note`` first."""
    return Solution(
        game=found.game,
        concept="nash",
        method=found.method,
        exact=True,
        complete=False,
        equilibria=found.equilibria,
        notes=(note, *found.notes),
    )


def _by_backward_induction(game: Game, reason: str) -> Solution:
    """``auto`` beyond the limits in a perfect-information game: one pure SPE (a Nash equilibrium)."""
    profile = one_by_backward_induction(game)
    return Solution(
        game=game,
        concept="nash",
        method="backward-induction",
        exact=True,
        complete=False,
        equilibria=(nash_assessment(profile),),
        notes=(
            f"{reason}; the game has perfect information, so one pure subgame-perfect equilibrium (a Nash "
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
