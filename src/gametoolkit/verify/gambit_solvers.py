"""Run Gambit's solvers on a game, each in a child process with a time limit.

:func:`run_gambit` runs the chosen solvers of :data:`GAMBIT_SOLVERS` that apply to the
game (:func:`reduced_strategy_counts` sizes the strategic form) and returns one
:class:`~gametoolkit.verify.report.GambitRun` each, with Gambit's equilibria in exact
numbers; floating-point results are rounded to nearby fractions.  Our evaluator judges
them afterwards (:mod:`gametoolkit.verify.checker`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game
from ..errors import GameToolkitError
from ..evaluate.profiles import own_sequences
from .gambit_profiles import GambitTree, equilibria_of
from .report import GambitEquilibrium, GambitRun
from .sandbox import in_child

__all__ = [
    "DEFAULT_TIMEOUT",
    "ENUMERATION_LIMIT",
    "GAMBIT_SOLVERS",
    "ROUNDING_DENOMINATOR",
    "STRATEGIC_LIMIT",
    "reduced_strategy_counts",
    "run_gambit",
]

ZERO = Fraction(0)

#: Gambit's solvers, in the order they run.
GAMBIT_SOLVERS = ("enumpure", "enumpure-agent", "lcp", "lcp-strategic", "enummixed", "logit")

#: Seconds each Gambit solver may take (the child process is stopped after that).
DEFAULT_TIMEOUT = 60.0

#: Strategic-form solvers run only when the product of the players' reduced strategy
#: counts is at most this.
STRATEGIC_LIMIT = 10_000
#: ``enumpure`` and ``enumpure-agent`` run only below this many pure profiles.
ENUMERATION_LIMIT = 1_000_000
#: Floating-point results are rounded to fractions with at most this denominator.
ROUNDING_DENOMINATOR = 10**6


def reduced_strategy_counts(game: Game) -> list[int]:
    """How many pure strategies each player has in the reduced strategic form.

    Counted over each player's own information sets, deepest first, without building
    the form; these are the numbers of strategies pygambit lists.

    Parameters
    ----------
    game : Game
        A game with perfect recall.

    Returns
    -------
    list of int
        One count per player, in player order.
    """
    counts: list[int] = []
    for i in range(len(game.players)):
        seqs = own_sequences(game, i)
        sets = sorted(game.infosets_of(i), key=lambda h: min(h.nodes), reverse=True)
        below: dict[tuple[int, int] | None, list[int]] = {}
        value: dict[int, int] = {}
        for h in sets:  # deepest first: the sets that follow (h, a) are done
            total = 0
            for a in range(len(h.actions)):
                n = 1
                for h2 in below.get((h.index, a), []):
                    n *= value[h2]
                total += n
            value[h.index] = total
            below.setdefault(seqs[h.nodes[0]], []).append(h.index)
        n = 1
        for h2 in below.get(None, []):
            n *= value[h2]
        counts.append(n)
    return counts


def _applicable(game: Game, solver: str) -> str:
    """Why ``solver`` is skipped on ``game`` (empty when it runs)."""
    two = len(game.players) == 2
    if solver in ("lcp", "lcp-strategic", "enummixed") and not two:
        return "two players only"
    if solver in ("enumpure", "lcp-strategic", "enummixed"):
        counts = reduced_strategy_counts(game)
        size = 1
        for c in counts:
            size *= c
        limit = ENUMERATION_LIMIT if solver == "enumpure" else STRATEGIC_LIMIT
        if size > limit:
            shown = " x ".join(str(c) for c in counts)
            return f"reduced strategic form too large ({shown} strategies; limit {limit} profiles)"
    if solver == "enumpure-agent":
        size = 1
        for h in game.infosets:
            if h.player != CHANCE:
                size *= len(h.actions)
        if size > ENUMERATION_LIMIT:
            return f"{size} pure behavior profiles (limit {ENUMERATION_LIMIT})"
    return ""


def run_gambit(game: Game, solvers: Sequence[str], timeout: float, rational_strategic: bool) -> list[GambitRun]:
    """Run Gambit's solvers on ``game``, each in a child process with a time limit.

    A solver that does not apply (too many players, or too large a strategic form) is
    reported as skipped with the reason.  A rational ``enummixed`` that times out is
    run again in floating point.

    Parameters
    ----------
    game : Game
        The game (perfect recall, no unbound parameters).
    solvers : sequence of str
        Names from :data:`GAMBIT_SOLVERS`, in the order to run them.
    timeout : float
        Seconds each solver may take.
    rational_strategic : bool
        Whether ``enummixed`` runs in rational arithmetic (else in floating point).

    Returns
    -------
    list of GambitRun
        One per solver, in order; the equilibria's evaluation fields are not filled in
        yet (see :meth:`gametoolkit.verify.checker.Checker.evaluate`).
    """
    runs: list[GambitRun] = []
    for solver in solvers:
        why = _applicable(game, solver)
        if why:
            runs.append(GambitRun(solver, "skipped", 0.0, message=why))
            continue
        rational = solver != "logit" and (solver != "enummixed" or rational_strategic)
        run = _run_child(game, solver, rational, timeout)
        if solver == "enummixed" and rational and run.status == "timeout":
            fallback = _run_child(game, solver, False, timeout)
            note = f"rational enummixed timed out after {timeout:g} s; floating point instead"
            run = replace(fallback, seconds=run.seconds + fallback.seconds, message=note + (f"; {fallback.message}" if fallback.message else ""))
        runs.append(run)
    return runs


def _run_child(game: Game, solver: str, rational: bool, timeout: float) -> GambitRun:
    """Run one Gambit solver in a child process, stopping it after ``timeout`` seconds.

    The child first sends the equilibria, then Gambit's regret of each; regrets that
    are not in when time is up stay ``None``.
    """
    messages, status, elapsed = in_child(_solve_with_gambit, (game, solver, rational), timeout)
    if not messages:
        if status == "timeout":
            return GambitRun(solver, "timeout", elapsed, message=f"stopped after {timeout:g} s")
        return GambitRun(solver, "error", elapsed, message=status)
    payload = messages[0]
    regrets: dict[int, tuple[str, str | None]] = {k: (regret, agent) for k, regret, agent in messages[1:]}
    equilibria = _raw_equilibria(payload, regrets, rounded=solver != "logit")
    note = str(payload["note"])
    if len(regrets) < len(equilibria):
        late = f"Gambit's regret of {len(equilibria) - len(regrets)} of them not computed in time"
        note = f"{note}; {late}" if note else late
    return GambitRun(solver, "ok", float(payload["seconds"]), equilibria, message=note)



def _solve_with_gambit(game: Game, solver: str, rational: bool) -> Iterator[Any]:
    """Run a Gambit solver (child process side).

    Yields the equilibria as text by our set indices, then ``(k, regret, agent
    regret)`` for each, Gambit's ``max_regret()`` being the slow part on large games.
    """
    from ..io.pygambit import import_pygambit, to_pygambit

    gbt = import_pygambit()
    pg = to_pygambit(game)
    tree = GambitTree(game, pg)
    start = time.perf_counter()
    if solver == "enumpure":
        result = gbt.nash.enumpure_solve(pg)
    elif solver == "enumpure-agent":
        result = gbt.nash.enumpure_agent_solve(pg)
    elif solver == "lcp":
        result = gbt.nash.lcp_solve(pg, rational=True)
    elif solver == "lcp-strategic":
        result = gbt.nash.lcp_solve(pg, rational=True, use_strategic=True)
    elif solver == "enummixed":
        result = gbt.nash.enummixed_solve(pg, rational=rational)
    elif solver == "logit":
        result = gbt.nash.logit_solve(pg)
    else:
        raise GameToolkitError(f"unknown Gambit solver {solver!r}")
    seconds = time.perf_counter() - start
    exact = bool(result.rational)
    found = equilibria_of(result)
    equilibria = []
    for eq in found:
        strategic = isinstance(eq, gbt.MixedStrategyProfile)
        pure = tree.pure_behavior(eq) if strategic else None
        if pure is not None:
            probs = {h: [_text(x, exact) for x in dist] for h, dist in pure.items()}
        else:
            behavior = eq.as_behavior() if strategic else eq
            probs = {
                h.index: [_text(x, exact) for x in tree.behavior(behavior, h.index)]
                for h in game.infosets
                if h.player != CHANCE
            }
        equilibria.append({"behavior": probs, "exact": exact})
    yield {"seconds": seconds, "equilibria": equilibria, "note": "" if exact else "floating point"}
    for k, eq in enumerate(found):
        strategic = isinstance(eq, gbt.MixedStrategyProfile)
        agent = None if strategic else _text(eq.agent_max_regret(), exact)
        yield (k, _text(eq.max_regret(), exact), agent)



def _text(x: Any, exact: bool) -> str:
    return str(x) if exact else repr(float(x))


def _raw_equilibria(
    payload: Mapping[str, Any], regrets: Mapping[int, tuple[str, str | None]], rounded: bool
) -> tuple[GambitEquilibrium, ...]:
    """Gambit's equilibria with exact numbers; the evaluation fields are filled in later.

    Floating-point probabilities are rounded to nearby fractions when ``rounded`` (to
    recover the exact equilibrium an approximate method found), else kept as they are.
    """
    out = []
    for k, raw in enumerate(payload["equilibria"], 1):
        exact = bool(raw["exact"])
        behavior: dict[int, tuple[Fraction, ...] | None] = {}
        for h, dist in raw["behavior"].items():
            values = [Fraction(x) for x in dist]
            behavior[int(h)] = _normalized(values, exact, rounded)
        regret, agent = regrets.get(k - 1, (None, None))
        gambit = None if regret is None else Fraction(regret)
        out.append(GambitEquilibrium(k, behavior, exact, ZERO, gambit, False, None if agent is None else Fraction(agent)))
    return tuple(out)


def _normalized(values: list[Fraction], exact: bool, rounded: bool) -> tuple[Fraction, ...] | None:
    """A distribution (``None`` when Gambit gives all zeros: unspecified)."""
    total = sum(values, ZERO)
    if exact:
        return None if total == 0 else tuple(values)
    if total < Fraction(1, 10**9):
        return None
    if not rounded:
        return tuple(x / total for x in values)
    snapped = [(x / total).limit_denominator(ROUNDING_DENOMINATOR) for x in values]
    s = sum(snapped, ZERO)
    return tuple(x / s for x in snapped)

