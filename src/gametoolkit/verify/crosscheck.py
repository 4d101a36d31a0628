"""Cross-check our equilibria against Gambit, an independent implementation.

:func:`crosscheck` runs three kinds of checks and collects them in a
:class:`CrossCheckReport`; :func:`format_report` prints it as a table, and the
``gametoolkit check`` command exits 1 when any row says ``DISAGREE``.

1. *Our equilibria, seen by Gambit.*  The game goes to pygambit through
   :func:`gametoolkit.io.pygambit.to_pygambit`; each equilibrium we report (and each
   of its off-path variants) becomes a rational pygambit behavior profile with our
   exact numbers.  Gambit's ``max_regret()`` must be exactly 0, its payoffs and the
   probability of every leaf must equal ours, and its beliefs at the information sets
   the play reaches must equal the ones we report.  For subgame-perfect and perfect
   Bayesian equilibria every proper subgame is moved to pygambit too and Gambit's
   regret there must be 0 as well.  (Gambit has no belief at an unreached set, so
   off-path beliefs cannot be checked against it; our own evaluator checks them.)
2. *Gambit's equilibria, seen by us.*  Gambit's solvers run in child processes with
   a time limit: ``enumpure`` (pure Nash of the reduced strategic form),
   ``enumpure-agent`` (pure agent-form equilibria), for two players ``lcp`` on the
   sequence form, and where the reduced strategic form is small ``lcp-strategic`` and
   ``enummixed`` (every extreme equilibrium; rational, or in floating point with its
   results rounded to fractions and checked exactly), and ``logit``.  Each
   profile is converted to exact numbers and evaluated by
   :mod:`gametoolkit.evaluate.profiles` and :mod:`gametoolkit.evaluate.beliefs`: its regret must equal
   the regret Gambit reports for it (0 for Nash equilibria), and we say whether it is a
   perfect Bayesian equilibrium.  Every one that satisfies our concept must be among our
   equilibria (same behavior wherever the play goes, or inside the convex hull of one
   of our components) when our list is complete; conversely each pure equilibrium of
   ours must be among Gambit's pure equilibria (reduced strategic form) and among its
   pure agent-form equilibria.  A solver that always finds an equilibrium (``lcp``,
   ``enummixed``, ``logit``) must return one, and a profile our PBE check accepts must
   have zero regret.  Gambit's logit limit must lie within ``tolerance`` of one of our
   equilibria on the path of play; when it does not, it is rounded to simple fractions
   and a disagreement is declared only if that is an equilibrium our complete list
   lacks, or if logit converged on a game whose payoffs floating point resolves.
3. *Verdict.*  A row is ``ok``, ``DISAGREE`` or ``skipped`` (a solver that does not
   apply, or ran out of time); the report is ``ok`` when no row disagrees.

Where Gambit leaves behavior unspecified (the strategic form has no move at a set the
player's own earlier moves exclude, and ``as_behavior()`` gives zeros there), the Nash
test does not depend on it; for the PBE test we look for a completion that makes the
profile a PBE among our equilibria's behavior at those sets and the pure choices there.

The work is split by job: :mod:`~gametoolkit.verify.report` (the report's types and
table), :mod:`~gametoolkit.verify.gambit_profiles` (our profiles as pygambit's),
:mod:`~gametoolkit.verify.sandbox` (child processes with a time limit),
:mod:`~gametoolkit.verify.ours_in_gambit` (part 1),
:mod:`~gametoolkit.verify.gambit_solvers` (running Gambit's solvers),
:mod:`~gametoolkit.verify.checker` (part 2) and :mod:`~gametoolkit.verify.hull` (the
hull tests); this module puts them together.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core.game import Game
from ..errors import GameToolkitError, SolverError
from ..solution import Solution
from .checker import CONCEPTS, Checker
from .gambit_solvers import DEFAULT_TIMEOUT, GAMBIT_SOLVERS, run_gambit
from .ours_in_gambit import check_ours_with_gambit, our_profiles
from .report import CheckRow, CrossCheckReport, GambitEquilibrium, GambitRun, format_report

__all__ = [
    "DEFAULT_TIMEOUT",
    "GAMBIT_SOLVERS",
    "CheckRow",
    "CrossCheckReport",
    "GambitEquilibrium",
    "GambitRun",
    "crosscheck",
    "format_report",
]


def crosscheck(
    game: Game,
    concept: str = "pbe",
    solution: Solution | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    solvers: Iterable[str] | None = None,
    rational_strategic: bool = True,
    tolerance: float = 1e-3,
) -> CrossCheckReport:
    """Check a solution against Gambit, an independent implementation.

    Each of our equilibria is checked to be a Nash equilibrium in pygambit, and
    Gambit's own solvers are run on the game: every equilibrium they find must be
    one of ours (or of our continua), and the ones they should all find must match.

    Parameters
    ----------
    game : Game
        A numeric game with perfect recall.
    concept : str
        The solution concept (see :func:`gametoolkit.solvers.solve`).
    solution : Solution, optional
        The solution to check; solved here for ``concept`` when not given.
    timeout : float
        Seconds each Gambit solver may take.
    solvers : iterable of str, optional
        Some of :data:`GAMBIT_SOLVERS` (default: all that apply to the game).
    rational_strategic : bool
        Run ``enummixed`` in exact arithmetic, falling back to floating point
        (rounded to fractions and checked exactly) when it times out; ``False``
        runs it in floating point at once.
    tolerance : float
        How close, on the path of play, Gambit's logit limit must come to one of
        our equilibria.

    Returns
    -------
    CrossCheckReport
        One row per check; ``report.ok`` is false when any row disagrees, and
        ``report.to_json()`` is what ``gametoolkit check --json`` prints.

    Raises
    ------
    GameToolkitError
        For an unknown concept, unbound parameters, or a solution of another
        concept or game.
    SolverError
        For a game without perfect recall.
    MissingDependencyError
        When pygambit is not installed.

    Examples
    --------
    >>> from gametoolkit import crosscheck, load
    >>> game = load("us-japan-alliance", china="high", p="3/10")
    >>> report = crosscheck(game, "pbe", solvers=["lcp"])  # one Gambit solver, for speed
    >>> report.ok
    True
    """
    if concept not in CONCEPTS:
        raise GameToolkitError(f"unknown concept {concept!r}; choose one of {', '.join(CONCEPTS)}")
    if game.parameters:
        raise GameToolkitError(
            f"the game has unbound parameters ({', '.join(sorted(game.parameters))}); give them values first"
        )
    if not game.has_perfect_recall:
        raise SolverError("the cross-check needs perfect recall; this game lacks it: " + game.perfect_recall_problems()[0])
    chosen = _chosen_solvers(solvers)
    if solution is None:
        from ..solvers import solve

        solution = solve(game, concept)
    elif solution.concept != concept:
        raise GameToolkitError(f"the solution is for {solution.concept!r}, not {concept!r}")
    elif solution.game is not game and solution.game != game:
        raise GameToolkitError("the solution belongs to a different game")

    from ..io.pygambit import import_pygambit

    gbt = import_pygambit()
    ours = our_profiles(solution)
    rows: list[CheckRow] = []
    rows.extend(check_ours_with_gambit(game, concept, ours, timeout))
    runs = run_gambit(game, chosen, timeout, rational_strategic)
    checker = Checker(game, concept, solution, ours)
    evaluated: list[GambitRun] = []
    for run in runs:
        run_rows, run = checker.evaluate(run, tolerance)
        rows.extend(run_rows)
        evaluated.append(run)
    rows.extend(checker.ours_in_gambit(evaluated))
    rows.extend(checker.pure_nash_rows(evaluated))
    return CrossCheckReport(game, concept, solution, tuple(rows), tuple(evaluated), str(gbt.__version__))


def _chosen_solvers(solvers: Iterable[str] | None) -> tuple[str, ...]:
    if solvers is None:
        return GAMBIT_SOLVERS
    chosen = tuple(solvers)
    unknown = [s for s in chosen if s not in GAMBIT_SOLVERS]
    if unknown:
        raise GameToolkitError(f"unknown Gambit solver(s) {', '.join(unknown)}; choose among {', '.join(GAMBIT_SOLVERS)}")
    return tuple(s for s in GAMBIT_SOLVERS if s in chosen)

