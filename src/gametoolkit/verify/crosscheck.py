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
"""

from __future__ import annotations

import itertools
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from ..core.game import CHANCE, Game
from ..core.values import format_value
from ..errors import GameToolkitError, SolverError
from ..evaluate.beliefs import is_pbe, relative_reach, subgame_roots_of_sets
from ..evaluate.profiles import Profile, agent_regrets, bayes_beliefs, is_nash, max_regret, own_sequences, reach
from ..solution import Assessment, Solution

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

ZERO = Fraction(0)
ONE = Fraction(1)

Status = Literal["ok", "DISAGREE", "skipped"]

#: Gambit's solvers, in the order they run.
GAMBIT_SOLVERS = ("enumpure", "enumpure-agent", "lcp", "lcp-strategic", "enummixed", "logit")

#: Seconds each Gambit solver may take (the child process is stopped after that).
DEFAULT_TIMEOUT = 60.0

#: Strategic-form solvers run only when the product of the players' reduced strategy
#: counts is at most this.
STRATEGIC_LIMIT = 10_000
#: ``enumpure`` and ``enumpure-agent`` run only below this many pure profiles.
ENUMERATION_LIMIT = 1_000_000
#: At most this many pure completions of unspecified behavior are tried per profile.
COMPLETION_LIMIT = 256
#: For spe and pbe, about this many completions in all over one solver's equilibria
#: (a degenerate game can give a thousand pure equilibria, each with sets unspecified).
COMPLETION_BUDGET = 4096
#: For nash and pure-nash, whether a Gambit equilibrium is also a PBE (reported, not
#: a check) is looked for in this many completions beyond those already made.
PBE_TRIES = 3
#: Beyond this spread of payoffs a missed logit limit is not called a disagreement
#: (floating point cannot resolve the behavior; Gambit's own tests have such a game).
LOGIT_PAYOFF_RANGE = 1e9
#: Above this many matched equilibria of one solver, one row lists them all.
FOUND_ROWS = 8
#: Proper subgames moved to pygambit per equilibrium, at most.
SUBGAME_LIMIT = 200
#: Floating-point results are rounded to fractions with at most this denominator.
ROUNDING_DENOMINATOR = 10**6

CONCEPTS = ("pbe", "spe", "nash", "pure-nash")
_CONCEPT_NAMES = {"pbe": "PBE", "spe": "SPE", "nash": "Nash", "pure-nash": "pure Nash"}


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class CheckRow:
    """One line of the report: what was checked, on what, the verdict and why."""

    check: str
    subject: str
    status: Status
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "subject": self.subject, "status": self.status, "detail": self.detail}


@dataclass(frozen=True)
class GambitEquilibrium:
    """One profile a Gambit solver returned, and what our evaluator says about it.

    ``behavior`` is indexed by our player sets; ``None`` where Gambit leaves the set
    unspecified.  ``exact`` is false for floating-point results (then ``behavior`` is
    Gambit's numbers, rounded).  ``regret`` is our strategic regret, ``gambit_regret``
    Gambit's ``max_regret()``, both for the same profile (``None`` when
    Gambit did not finish computing it in time); ``gambit_agent_regret`` is Gambit's
    ``agent_max_regret()`` (behavior profiles only).  ``is_pbe``/``is_spe`` are ``None``
    when not decided; ``match`` names the equilibrium of ours it coincides with.
    """

    number: int
    behavior: Mapping[int, tuple[Fraction, ...] | None]
    exact: bool
    regret: Fraction
    gambit_regret: Fraction | None
    is_nash: bool
    gambit_agent_regret: Fraction | None = None
    is_pbe: bool | None = None
    is_spe: bool | None = None
    match: str | None = None

    def to_json(self, game: Game) -> dict[str, Any]:
        behavior: dict[str, dict[str, dict[str, str] | None]] = {name: {} for name in game.players}
        for h, dist in sorted(self.behavior.items()):
            iset = game.infosets[h]
            label = game.infoset_name(h)
            behavior[game.players[iset.player]][label] = (
                None if dist is None else {a or f"#{k + 1}": format_value(p) for k, (a, p) in enumerate(zip(iset.actions, dist))}
            )
        return {
            "number": self.number,
            "behavior": behavior,
            "exact": self.exact,
            "regret": _json_number(self.regret, self.exact),
            "gambit_regret": None if self.gambit_regret is None else _json_number(self.gambit_regret, self.exact),
            "nash": self.is_nash,
            "pbe": self.is_pbe,
            "spe": self.is_spe,
            "match": self.match,
        }


@dataclass(frozen=True)
class GambitRun:
    """What one Gambit solver did: ``status`` ``ok``, ``timeout``, ``error`` or ``skipped``."""

    solver: str
    status: str
    seconds: float
    equilibria: tuple[GambitEquilibrium, ...] = ()
    message: str = ""

    def to_json(self, game: Game) -> dict[str, Any]:
        return {
            "solver": self.solver,
            "status": self.status,
            "seconds": round(self.seconds, 4),
            "message": self.message,
            "equilibria": [e.to_json(game) for e in self.equilibria],
        }


@dataclass(frozen=True)
class CrossCheckReport:
    """The rows of a cross-check, what each Gambit solver returned, and the verdict."""

    game: Game
    concept: str
    solution: Solution
    rows: tuple[CheckRow, ...]
    runs: tuple[GambitRun, ...] = ()
    gambit_version: str = ""

    @property
    def ok(self) -> bool:
        """True when no row says ``DISAGREE``."""
        return not self.disagreements

    @property
    def disagreements(self) -> tuple[CheckRow, ...]:
        return tuple(r for r in self.rows if r.status == "DISAGREE")

    def to_json(self) -> dict[str, Any]:
        return {
            "game": {"title": self.game.title, "players": list(self.game.players)},
            "concept": self.concept,
            "complete": self.solution.complete,
            "equilibria": len(self.solution.equilibria),
            "gambit": self.gambit_version,
            "ok": self.ok,
            "disagreements": len(self.disagreements),
            "rows": [r.to_json() for r in self.rows],
            "gambit_runs": [run.to_json(self.game) for run in self.runs],
        }


# ---------------------------------------------------------------------- entry point
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
    """Check ``solution`` (solved here for ``concept`` when not given) against Gambit.

    ``timeout`` bounds each Gambit solver, in seconds.  ``solvers`` picks some of
    :data:`GAMBIT_SOLVERS` (default: all that apply).  ``rational_strategic=False``
    runs ``enummixed`` in floating point (fast; results are rounded to fractions and
    checked exactly); with ``True`` the exact run falls back to that when it times out.
    ``tolerance`` is how close, on the path of play, Gambit's logit limit must come to
    one of our equilibria.
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

    from ..io.pygambit import _import_pygambit

    gbt = _import_pygambit()
    ours = _ours(solution)
    rows: list[CheckRow] = []
    rows.extend(_check_ours_with_gambit(game, concept, ours, timeout))
    runs = _run_gambit(game, chosen, timeout, rational_strategic)
    checker = _Checker(game, concept, solution, ours)
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


# ---------------------------------------------------------------------- our equilibria
@dataclass(frozen=True)
class _Ours:
    """One of our profiles: equilibrium ``number`` (1-based), or one of its variants."""

    number: int
    variant: int  # 0: the equilibrium as listed; k: its k-th off-path variant
    profile: Profile
    assessment: Assessment

    @property
    def name(self) -> str:
        return f"#{self.number}" if not self.variant else f"#{self.number} variant {self.variant}"

    @property
    def group(self) -> tuple[str, int]:
        """Profiles in one group span a continuum: a component, or one equilibrium and its variants."""
        if self.assessment.component is not None:
            return ("component", self.assessment.component)
        return ("equilibrium", self.number)


def _ours(solution: Solution) -> list[_Ours]:
    out: list[_Ours] = []
    for k, eq in enumerate(solution.equilibria, 1):
        out.append(_Ours(k, 0, eq.behavior, eq))
        variants = eq.extra.get("off_path_variants") if eq.extra else None
        for j, variant in enumerate(variants or (), 1):
            profile = _variant_profile(eq.behavior, variant)
            if profile is not None:
                out.append(_Ours(k, j, profile, eq))
    return out


def _variant_profile(base: Profile, variant: Any) -> Profile | None:
    """The profile of an off-path variant: the base with some sets' behavior replaced."""
    try:
        labels: dict[str, dict[str, dict[str, object]]] = {
            player: {label: dict(dist) for label, dist in sets.items()} for player, sets in base.to_labels().items()
        }
        for player, sets in variant["behavior"].items():
            for label, dist in sets.items():
                labels[player][label] = dict(dist)
        return Profile.from_labels(base.game, labels)
    except (GameToolkitError, KeyError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------------- part 1: ours in Gambit
def _pg_maps(game: Game, pg: Any) -> tuple[list[Any], list[Any]]:
    """pygambit's node and information set for each of ours (``to_pygambit`` keeps the tree)."""
    nodes: list[Any] = [None] * len(game.nodes)
    nodes[0] = pg.root
    for v in game.nodes:
        if v.children:
            for c, pc in zip(v.children, nodes[v.index].children, strict=True):
                nodes[c] = pc
    infosets = [nodes[h.nodes[0]].infoset for h in game.infosets]
    return nodes, infosets


def _gambit_profile(game: Game, pg: Any, infosets: Sequence[Any], probs: Sequence[Sequence[Fraction]]) -> Any:
    """A rational pygambit behavior profile with our exact numbers at every player set."""
    prof = pg.mixed_behavior_profile(rational=True)
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        for action, p in zip(infosets[h.index].actions, probs[h.index], strict=True):
            prof[action] = Fraction(p)
    return prof


def _fraction(x: Any) -> Fraction:
    """An exact Fraction from pygambit's Rational or Decimal, or a number's text."""
    return Fraction(str(x))


def _check_ours_with_gambit(game: Game, concept: str, ours: list[_Ours], timeout: float) -> list[CheckRow]:
    """Part 1.  Gambit's regrets (which can take exponential time) come from a child process."""
    from ..io.pygambit import to_pygambit

    if not ours:
        return [CheckRow("regret", "-", "skipped", "we report no equilibrium")]
    roots = [v.index for v in game.subgame_roots() if v.index != 0] if concept in ("pbe", "spe") else []
    profiles = [item.profile.probs for item in ours]
    messages, status, _ = _in_child(_gambit_regrets, (game, profiles, roots), timeout)
    regrets: dict[int, Fraction] = {}
    subgames: dict[int, CheckRow] = {}
    for kind, k, payload in messages:
        if kind == "regret":
            regrets[k] = Fraction(payload)
        else:
            subgames[k] = CheckRow("subgames", ours[k].name, *payload)
    unfinished = "timed out" if status == "timeout" else status
    pg = to_pygambit(game)
    nodes, infosets = _pg_maps(game, pg)
    players = list(pg.players)
    rows: list[CheckRow] = []
    for k, item in enumerate(ours):
        profile = item.profile
        if k not in regrets:
            detail = f"Gambit's max_regret did not finish ({unfinished}, limit {timeout:g} s)"
            rows.append(CheckRow("regret", item.name, "skipped", detail))
        elif regrets[k] == 0:
            rows.append(CheckRow("regret", item.name, "ok", "Gambit's max_regret = 0 (rational)"))
        else:
            detail = f"Gambit's max_regret = {format_value(regrets[k])}: not a Nash equilibrium"
            rows.append(CheckRow("regret", item.name, "DISAGREE", detail))
        if roots:
            missing = CheckRow("subgames", item.name, "skipped", f"Gambit's regrets in the subgames did not finish ({unfinished})")
            rows.append(subgames.get(k, missing))
        if item.variant:
            continue
        eq = item.assessment
        prof = _gambit_profile(game, pg, infosets, profile.probs)
        theirs = tuple(_fraction(prof.payoff(p)) for p in players)
        shown = ", ".join(f"{name} {format_value(x)}" for name, x in zip(game.players, theirs))
        if theirs == tuple(eq.payoffs):
            rows.append(CheckRow("payoffs", item.name, "ok", f"Gambit: {shown}"))
        else:
            mine = ", ".join(f"{name} {format_value(x)}" for name, x in zip(game.players, eq.payoffs))
            rows.append(CheckRow("payoffs", item.name, "DISAGREE", f"Gambit: {shown}; ours: {mine}"))
        r = reach(profile)
        leaves = [v for v in game.terminals if _fraction(prof.realiz_prob(nodes[v.index])) != r[v.index]]
        if leaves:
            where = ", ".join(game.path_str(v) for v in leaves[:3])
            rows.append(CheckRow("play", item.name, "DISAGREE", f"Gambit's probability of reaching {where} differs from ours"))
        else:
            played = sum(1 for v in game.terminals if r[v.index] > 0)
            rows.append(CheckRow("play", item.name, "ok", f"same probability at all {len(game.terminals)} leaves ({played} reached)"))
        rows.append(_check_beliefs(game, prof, nodes, eq, r, item.name))
    return rows


def _gambit_regrets(
    game: Game, profiles: Sequence[Sequence[Sequence[Fraction]]], roots: Sequence[int]
) -> Iterator[tuple[str, int, Any]]:
    """Gambit's ``max_regret()`` of each profile, then in each proper subgame (child process side)."""
    from ..io.pygambit import to_pygambit

    pg = to_pygambit(game)
    _, infosets = _pg_maps(game, pg)
    for k, probs in enumerate(profiles):
        yield ("regret", k, str(_gambit_profile(game, pg, infosets, probs).max_regret()))
    if roots:
        subgames = _Subgames(game, roots)
        for k, probs in enumerate(profiles):
            yield ("subgames", k, subgames.check(probs))


def _check_beliefs(game: Game, prof: Any, nodes: Sequence[Any], eq: Assessment, r: Sequence[Fraction], name: str) -> CheckRow:
    problems: list[str] = []
    shown: list[str] = []
    for h in game.infosets:
        if h.player == CHANCE or len(h.nodes) < 2 or not any(r[v] > 0 for v in h.nodes):
            continue
        label = _set_name(game, h.index)
        theirs = [prof.belief(nodes[v]) for v in h.nodes]
        if any(x is None for x in theirs):
            problems.append(f"Gambit has no belief at {label}, which the play reaches")
            continue
        gambit = tuple(_fraction(x) for x in theirs)
        mine = eq.beliefs.get(h.index)
        text = ", ".join(f"{game.node_name(v)} {format_value(x)}" for v, x in zip(h.nodes, gambit))
        if mine is None:
            problems.append(f"we report no belief at {label} (Gambit: {text})")
        elif tuple(mine) != gambit:
            problems.append(f"at {label} Gambit: {text}; ours: {', '.join(format_value(x) for x in mine)}")
        else:
            shown.append(f"{label}: {text}")
    if problems:
        return CheckRow("beliefs", name, "DISAGREE", "; ".join(problems))
    if not shown:
        return CheckRow("beliefs", name, "ok", "no information set with several nodes is reached")
    return CheckRow("beliefs", name, "ok", "Gambit's beliefs on the path equal ours: " + "; ".join(shown))


class _Subgames:
    """The proper subgames (at most :data:`SUBGAME_LIMIT`), each moved to pygambit once."""

    def __init__(self, game: Game, roots: Sequence[int]) -> None:
        from ..evaluate.subgames import extract
        from ..io.pygambit import to_pygambit

        self.game = game
        self.total = len(roots)
        self.pieces: list[tuple[int, Game, dict[int, int], Any, list[Any]]] = []
        for root in roots[:SUBGAME_LIMIT]:
            sub, mapping = extract(game, root)
            pg = to_pygambit(sub)
            _, infosets = _pg_maps(sub, pg)
            self.pieces.append((root, sub, mapping, pg, infosets))

    def check(self, profile: Sequence[Sequence[Fraction]]) -> tuple[Status, str]:
        """Gambit's regret of the profile in every proper subgame must be 0."""
        bad: list[str] = []
        for root, sub, mapping, pg, infosets in self.pieces:
            probs = [profile[mapping[h.index]] for h in sub.infosets]
            regret = _fraction(_gambit_profile(sub, pg, infosets, probs).max_regret())
            if regret != 0:
                bad.append(f"{self.game.path_str(root)} (regret {format_value(regret)})")
        checked = len(self.pieces)
        more = f" (the first {checked} of {self.total})" if self.total > checked else ""
        if bad:
            where = ", ".join(bad[:3])
            return "DISAGREE", f"Gambit finds a profitable deviation in the subgame at {where}"
        return "ok", f"Gambit's max_regret = 0 in {_count(checked, 'proper subgame')}{more}"


# ---------------------------------------------------------------------- part 2: Gambit's solvers
def _reduced_strategy_counts(game: Game) -> list[int]:
    """How many pure strategies each player has in the reduced strategic form."""
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
        counts = _reduced_strategy_counts(game)
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


def _run_gambit(game: Game, solvers: Sequence[str], timeout: float, rational_strategic: bool) -> list[GambitRun]:
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
    messages, status, elapsed = _in_child(_solve_with_gambit, (game, solver, rational), timeout)
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


def _in_child(job: Callable[..., Iterator[Any]], args: tuple[Any, ...], timeout: float) -> tuple[list[Any], str, float]:
    """Run the generator ``job(*args)`` in a child process for at most ``timeout`` seconds.

    Returns the messages it yielded in time, ``"done"``, ``"timeout"`` or an error
    message, and the seconds spent.  The child is stopped in any case.
    """
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(sender, job, args), daemon=True)
    start = time.perf_counter()
    process.start()
    sender.close()
    messages: list[Any] = []
    status = "timeout"
    try:
        while True:
            left = start + timeout - time.perf_counter()
            if left <= 0 or not receiver.poll(left):
                break
            try:
                kind, payload = receiver.recv()
            except EOFError:
                status = f"the child process died (exit code {process.exitcode})"
                break
            if kind == "message":
                messages.append(payload)
            elif kind == "done":
                status = "done"
                break
            else:
                status = str(payload)
                break
    finally:
        receiver.close()
        process.join(timeout=0.5)
        if process.is_alive():
            process.kill()
            process.join()
    return messages, status, time.perf_counter() - start


def _child_main(conn: Any, job: Callable[..., Iterator[Any]], args: tuple[Any, ...]) -> None:
    try:
        for message in job(*args):
            conn.send(("message", message))
        conn.send(("done", None))
    except BaseException as err:  # report anything, even a KeyboardInterrupt, to the parent
        conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def _solve_with_gambit(game: Game, solver: str, rational: bool) -> Iterator[Any]:
    """Run a Gambit solver (child process side).

    Yields the equilibria as text by our set indices, then ``(k, regret, agent
    regret)`` for each, Gambit's ``max_regret()`` being the slow part on large games.
    """
    from ..io.pygambit import _import_pygambit, to_pygambit

    gbt = _import_pygambit()
    pg = to_pygambit(game)
    _, infosets = _pg_maps(game, pg)
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
    equilibria = []
    for eq in result.equilibria:
        strategic = isinstance(eq, gbt.MixedStrategyProfile)
        pure = _pure_strategy_behavior(game, pg, infosets, eq) if strategic else None
        if pure is not None:
            probs = {h: [_text(x, exact) for x in dist] for h, dist in pure.items()}
        else:
            behavior = eq.as_behavior() if strategic else eq
            probs = {
                h.index: [_text(behavior[a], exact) for a in infosets[h.index].actions]
                for h in game.infosets
                if h.player != CHANCE
            }
        equilibria.append({"behavior": probs, "exact": exact})
    yield {"seconds": seconds, "equilibria": equilibria, "note": "" if exact else "floating point"}
    for k, eq in enumerate(result.equilibria):
        strategic = isinstance(eq, gbt.MixedStrategyProfile)
        agent = None if strategic else _text(eq.agent_max_regret(), exact)
        yield (k, _text(eq.max_regret(), exact), agent)


def _pure_strategy_behavior(game: Game, pg: Any, infosets: Sequence[Any], eq: Any) -> dict[int, list[int]] | None:
    """A pure strategy profile's behavior, read off each player's pure strategy.

    ``as_behavior()`` weighs by the realization probability, chance's included, so a
    set that only a chance branch of probability 0 leads to comes out all zeros
    (unspecified) although the pure strategy names its action.  Read from the
    strategies, such a set gets its action, and a set the player's own moves exclude
    (a reduced strategy leaves it open) stays all zeros, as in ``as_behavior()``.
    ``None`` when the profile is not pure.
    """
    chosen = {}
    for player in pg.players:
        picks = [s for s in player.strategies if eq[s] == 1]
        if len(picks) != 1:
            return None
        chosen[player.label] = picks[0]
    out: dict[int, list[int]] = {}
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        pg_set = infosets[h.index]
        action = chosen[pg_set.player.label].action(pg_set)
        out[h.index] = [1 if action is not None and a == action else 0 for a in pg_set.actions]
    return out


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


# ---------------------------------------------------------------------- evaluating Gambit's equilibria
class _Checker:
    """Our evaluator applied to Gambit's equilibria, and matching them with ours."""

    def __init__(self, game: Game, concept: str, solution: Solution, ours: list[_Ours]) -> None:
        self.game = game
        self.concept = concept
        self.solution = solution
        self.ours = ours
        self.player_sets = [h for h in game.infosets if h.player != CHANCE]
        self.roots = subgame_roots_of_sets(game)
        pays = [x for v in game.terminals for x in game.payoffs(v) if isinstance(x, Fraction)]
        self.payoff_range = float(max(pays) - min(pays)) if pays else 0.0

    # ------------------------------------------------------------ profiles
    def completions(self, eq: GambitEquilibrium, limit: int = COMPLETION_LIMIT) -> Iterator[Profile]:
        """Full profiles from Gambit's (possibly partial) behavior, made as they are asked for.

        The uniform completion comes first, then the completions by our equilibria's
        behavior at the unspecified sets, then up to ``limit`` pure completions.
        """
        missing = [h for h in self.player_sets if eq.behavior.get(h.index) is None]
        base = {h.index: eq.behavior.get(h.index) or tuple(Fraction(1, len(h.actions)) for _ in h.actions) for h in self.player_sets}
        first = Profile.from_probs(self.game, base)
        yield first
        if not missing:
            return
        seen = {first.probs}
        fills: Iterator[dict[int, tuple[Fraction, ...]]] = itertools.chain(
            ({h.index: item.profile.probs[h.index] for h in missing} for item in self.ours),
            (
                {h.index: tuple(ONE if k == a else ZERO for k in range(len(h.actions))) for h, a in zip(missing, pick)}
                for pick in itertools.islice(itertools.product(*(range(len(h.actions)) for h in missing)), limit)
            ),
        )
        for fill in fills:
            key = tuple(fill.get(h.index) or base[h.index] for h in self.player_sets)
            if key in seen:
                continue
            seen.add(key)
            yield Profile.from_probs(self.game, {**base, **fill})

    def is_spe(self, profile: Profile) -> bool:
        from ..evaluate.subgames import extract

        for v in self.game.subgame_roots():
            if v.index == 0:
                if not is_nash(profile):
                    return False
                continue
            sub, mapping = extract(self.game, v.index)
            probs = tuple(profile.probs[mapping[h.index]] for h in sub.infosets)
            if not is_nash(Profile(sub, probs)):
                return False
        return True

    def satisfies(self, profile: Profile, regret: Fraction) -> bool:
        """Whether a full profile satisfies our concept by our own evaluator.

        ``regret`` is the profile's strategic regret (the same for every completion).
        """
        if self.concept == "pbe":
            return is_pbe(profile)
        if self.concept == "spe":
            return regret == 0 and self.is_spe(profile)
        if self.concept == "pure-nash":
            return regret == 0 and profile.is_pure()
        return regret == 0

    # ------------------------------------------------------------ matching
    def _reached_sets(self, profile: Profile) -> list[int]:
        """The sets whose behavior identifies an equilibrium of our concept.

        On the path of play; for subgame perfection, on the path of every subgame.
        """
        r = reach(profile)
        out = []
        for h in self.player_sets:
            on_path = any(r[v] > 0 for v in h.nodes)
            if on_path or (self.concept == "spe" and any(relative_reach(profile, self.roots[h.index], h.nodes))):
                out.append(h.index)
        return out

    def match(self, profile: Profile) -> str | None:
        """Which of our equilibria ``profile`` coincides with where it is played."""
        sets = self._reached_sets(profile)
        for item in self.ours:
            if all(item.profile.probs[h] == profile.probs[h] for h in sets):
                return item.name
        groups: dict[tuple[str, int], list[_Ours]] = {}
        for item in self.ours:
            groups.setdefault(item.group, []).append(item)
        for (kind, number), members in groups.items():
            if len(members) < 2:
                continue
            target = [p for h in sets for p in profile.probs[h]]
            points = [[p for h in sets for p in m.profile.probs[h]] for m in members]
            if _in_hull(points, target) or self._in_plan_hull(members, profile, sets):
                names = ", ".join(sorted({f"#{m.number}" for m in members}))
                where = f"component {number}" if kind == "component" else f"#{number} and its variants"
                return f"inside the convex hull of {where} ({names})"
        return None

    def _in_plan_hull(self, members: Sequence[_Ours], profile: Profile, sets: Sequence[int]) -> bool:
        """Each player's realization plan (at the given sets) in the hull of the members' plans."""
        for i in range(len(self.game.players)):
            mine = [h for h in sets if self.game.infosets[h].player == i]
            if not mine:
                continue
            target = _plan(profile, i, mine)
            if not _in_hull([_plan(m.profile, i, mine) for m in members], target):
                return False
        return True

    # ------------------------------------------------------------ one solver
    def evaluate(self, run: GambitRun, tolerance: float) -> tuple[list[CheckRow], GambitRun]:
        if run.status == "skipped":
            return [CheckRow(run.solver, "Gambit", "skipped", run.message)], run
        if run.status != "ok":
            return [CheckRow(run.solver, "Gambit", "skipped", f"{run.status}: {run.message}")], run
        if run.solver == "logit":
            return self._evaluate_logit(run, tolerance)
        rows: list[CheckRow] = []
        evaluated: list[GambitEquilibrium] = []
        agent = run.solver == "enumpure-agent"
        limit = max(8, min(COMPLETION_LIMIT, COMPLETION_BUDGET // max(1, len(run.equilibria))))
        for eq in run.equilibria:
            checked, eq_rows = self._evaluate_one(run.solver, eq, agent, limit)
            evaluated.append(checked)
            rows.extend(eq_rows)
        found = [r for r in rows if r.check == "found" and r.status == "ok" and "not in our list" not in r.detail]
        if len(found) > FOUND_ROWS:
            # many matches: one line lists them, the rows that need attention stay
            pairs = ", ".join(f"{e.number} = {e.match if e.match.startswith('#') else 'hull'}" for e in evaluated if e.match)
            rows = [r for r in rows if r not in found]
            what = _CONCEPT_NAMES[self.concept]
            rows.insert(0, CheckRow("found", run.solver, "ok", f"{len(found)} are {what} by our check and among ours: {pairs}"))
        evaluated_run = replace(run, equilibria=tuple(evaluated))
        rows.insert(0, self._summary_row(evaluated_run))
        return rows, evaluated_run

    def _evaluate_one(
        self, solver: str, eq: GambitEquilibrium, agent: bool, limit: int = COMPLETION_LIMIT
    ) -> tuple[GambitEquilibrium, list[CheckRow]]:
        rows: list[CheckRow] = []
        name = f"{solver} {eq.number}"
        profiles = self.completions(eq, limit)
        first = next(profiles)  # the Nash test does not depend on the completion
        regret = max_regret(first)
        tried = [first]
        good: Profile | None
        match: str | None
        pbe_profile: Profile | None
        if self.concept in ("nash", "pure-nash"):
            # Gambit leaves unspecified only sets the player's own moves exclude: no
            # completion changes the play, the regret or the match, so the first
            # completion that satisfies the concept (pure, for pure-nash) decides
            good = None
            if regret == 0:
                good = next((c for c in itertools.chain(tried, profiles) if self.satisfies(c, regret)), None)
                if good is not None and good is not first:
                    tried.append(good)
            match = self.match(good) if good is not None else None
            # whether some completion is also a PBE: the few already made, then a few more
            pbe_profile = next((c for c in itertools.chain(tried, itertools.islice(profiles, PBE_TRIES)) if is_pbe(c)), None)
            spe = None
        else:
            everything = [first, *profiles]
            if self.concept == "pbe":
                satisfying = [c for c in everything if is_pbe(c)]
                pbe_profile = satisfying[0] if satisfying else None
            else:
                pbe_profile = next((c for c in everything if is_pbe(c)), None)
                satisfying = [c for c in everything if self.satisfies(c, regret)]
            # where Gambit leaves behavior unspecified, several completions may satisfy the
            # concept (a mover indifferent at a set its own moves exclude): the one matching
            # an equilibrium of ours decides, else the first (a mixture of two of our
            # equilibria, such as the uniform completion, is not a missing equilibrium)
            matches = ((c, self.match(c)) for c in satisfying)
            good, match = next(((c, m) for c, m in matches if m is not None), (satisfying[0] if satisfying else None, None))
            spe = regret == 0 and any(self.is_spe(c) for c in everything) if self.concept == "spe" else None
        checked = replace(eq, regret=regret, is_nash=regret == 0, is_pbe=pbe_profile is not None, is_spe=spe, match=match)
        if eq.gambit_regret is not None:
            rows.extend(self._compare_regret(name, "max_regret", eq.gambit_regret, regret, eq.exact, first))
        if agent and eq.gambit_agent_regret is not None:
            local = self.reached_agent_regret(first)
            rows.extend(self._compare_regret(name, "agent regret", eq.gambit_agent_regret, local, eq.exact, first))
        if good is not None:
            rows.append(self._found_row(name, good, match))
            if regret != 0:
                rows.append(
                    CheckRow(
                        "pbe-is-nash", name, "DISAGREE",
                        f"our PBE check accepts it, yet it is not a Nash equilibrium (our regret {format_value(regret)}, "
                        f"Gambit's {_shown(eq.gambit_regret, eq.exact)}): a PBE must be Nash",
                    )
                )
        return checked, rows

    def _compare_regret(
        self, name: str, what: str, gambit: Fraction, ours: Fraction, exact: bool, profile: Profile
    ) -> list[CheckRow]:
        if exact and gambit != ours:
            detail = f"Gambit's {what} {format_value(gambit)}, ours {format_value(ours)}; its play: {self.describe(profile)}"
            return [CheckRow("regret", name, "DISAGREE", detail)]
        if not exact and abs(float(gambit) - float(ours)) > 1e-6 * max(1.0, self.payoff_range):
            return [CheckRow("regret", name, "DISAGREE", f"Gambit's {what} {float(gambit):.3g}, ours {float(ours):.3g}")]
        return []

    def reached_agent_regret(self, profile: Profile) -> Fraction:
        """The largest one-shot gain at a set the play reaches (Bayes beliefs there)."""
        r = reach(profile)
        beliefs = {h: b for h, b in bayes_beliefs(profile, r).items() if b is not None}
        local = agent_regrets(profile, beliefs)
        return max((x for h, x in local.items() if any(r[v] > 0 for v in self.game.infosets[h].nodes)), default=ZERO)

    def _found_row(self, name: str, profile: Profile, match: str | None) -> CheckRow:
        what = _CONCEPT_NAMES[self.concept]
        shown = self.describe(profile)
        if match is not None:
            where = f"= our {match}" if match.startswith("#") else match
            return CheckRow("found", name, "ok", f"{what} by our check, {where}: {shown}")
        if self.solution.complete:
            return CheckRow("found", name, "DISAGREE", f"{what} by our check but not among our equilibria: {shown}")
        return CheckRow("found", name, "ok", f"{what} by our check, not in our list (which is not complete): {shown}")

    def _summary_row(self, run: GambitRun) -> CheckRow:
        eqs = run.equilibria
        n = len(eqs)
        kind = {
            "enumpure": "pure Nash equilibri",
            "enumpure-agent": "pure agent-form equilibri",
            "lcp": "equilibri",
            "lcp-strategic": "equilibri",
            "enummixed": "extreme Nash equilibri",
        }.get(run.solver, "equilibri")
        parts = [f"{n} {kind}{'um' if n == 1 else 'a'}"]
        parts.append({"lcp": "sequence form", "lcp-strategic": "strategic form", "enummixed": "strategic form"}.get(run.solver, ""))
        parts = [p for p in parts if p]
        if run.solver == "enumpure-agent":
            nash = sum(1 for e in eqs if e.is_nash)
            parts.append(f"{nash} of them Nash by our evaluator")
        else:
            bad = [e.number for e in eqs if not e.is_nash]
            parts.append("all Nash by our evaluator" if not bad else f"NOT Nash by our evaluator: {_numbers(bad)}")
        pbe = [e.number for e in eqs if e.is_pbe]
        parts.append(f"PBE by our check: {_numbers(pbe) if pbe else 'none'}")
        if self.concept == "spe":
            spe = [e.number for e in eqs if e.is_spe]
            parts.append(f"SPE by our check: {_numbers(spe) if spe else 'none'}")
        if run.message:
            parts.append(run.message)
        parts.append(f"{run.seconds:.2f} s")
        bad_nash = run.solver != "enumpure-agent" and any(not e.is_nash for e in eqs)
        # every finite game has a Nash equilibrium: these solvers must return one
        empty = n == 0 and run.solver in ("lcp", "lcp-strategic", "enummixed", "logit")
        if empty:
            parts.insert(1, "yet every finite game has a Nash equilibrium" + (" (ours are confirmed above)" if self.ours else ""))
        return CheckRow(run.solver, "Gambit", "DISAGREE" if bad_nash or empty else "ok", "; ".join(parts))

    def describe(self, profile: Profile, exact: bool = True) -> str:
        """The behavior at the sets a profile reaches, short (decimals when not ``exact``)."""
        from ..core.values import format_distribution

        r = reach(profile)
        parts = []
        for h in self.player_sets:
            if exact and any(r[v] > 0 for v in h.nodes):
                parts.append(f"{_set_name(self.game, h.index)}: {format_distribution(h.actions, profile.probs[h.index])}")
            elif not exact and any(float(r[v]) > 1e-4 for v in h.nodes):
                shown = ", ".join(f"{a} {float(p):.4g}" for a, p in zip(h.actions, profile.probs[h.index]) if float(p) > 1e-4)
                parts.append(f"{_set_name(self.game, h.index)}: {shown}")
        return "; ".join(parts) or "(no move)"

    # ------------------------------------------------------------ logit
    def _evaluate_logit(self, run: GambitRun, tolerance: float) -> tuple[list[CheckRow], GambitRun]:
        if not run.equilibria:
            return [CheckRow("logit", "Gambit", "skipped", "Gambit's logit_solve returned no profile")], run
        eq = run.equilibria[0]
        profile = next(self.completions(eq))
        regret = max_regret(profile)
        scale = max(1.0, self.payoff_range)
        converged = float(regret) <= 1e-6 * scale
        checked = replace(eq, regret=regret, is_nash=converged, is_pbe=is_pbe(profile))
        run = replace(run, equilibria=(checked,))
        rows = [
            CheckRow(
                "logit", "Gambit", "ok",
                f"limit of the principal branch, regret {float(regret):.2g} by our evaluator"
                f" (Gambit {_shown(eq.gambit_regret, False)}); {run.seconds:.2f} s",
            )
        ]
        if eq.gambit_regret is not None and abs(float(regret) - float(eq.gambit_regret)) > 1e-6 * scale:
            rows.append(CheckRow("regret", "logit", "DISAGREE", f"Gambit's regret {float(eq.gambit_regret):.3g}, ours {float(regret):.3g}"))
        rows.append(self._logit_row(profile, converged, tolerance))
        return rows, run

    def _logit_row(self, profile: Profile, converged: bool, tolerance: float) -> CheckRow:
        r = reach(profile)
        on_path = [h.index for h in self.player_sets if any(float(r[v]) > 1e-4 for v in h.nodes)]
        everywhere = [h.index for h in self.player_sets]
        target_on = [float(p) for h in on_path for p in profile.probs[h]]
        target_all = [float(p) for h in everywhere for p in profile.probs[h]]
        best: tuple[float, float, str] | None = None
        groups: dict[tuple[str, int], list[_Ours]] = {}
        for item in self.ours:
            groups.setdefault(item.group, []).append(item)
            d_on = _max_distance(target_on, [float(p) for h in on_path for p in item.profile.probs[h]])
            d_all = _max_distance(target_all, [float(p) for h in everywhere for p in item.profile.probs[h]])
            if best is None or (d_on, d_all) < best[:2]:
                best = (d_on, d_all, f"our {item.name}")
        for (kind, number), members in groups.items():
            if len(members) < 2:
                continue
            d_on = _hull_distance([[float(p) for h in on_path for p in m.profile.probs[h]] for m in members], target_on)
            d_all = _hull_distance([[float(p) for h in everywhere for p in m.profile.probs[h]] for m in members], target_all)
            name = f"our component {number}" if kind == "component" else f"the continuum of our #{number} and its variants"
            if best is None or (d_on, d_all) < best[:2]:
                best = (d_on, d_all, name)
        if best is None:
            return CheckRow("logit-limit", "logit", "skipped", "we report no equilibrium to compare with")
        d_on, d_all, name = best
        if d_on <= tolerance:
            off = "and off it" if d_all <= tolerance else f"off it up to {d_all:.2g} apart (another off-path behavior)"
            return CheckRow("logit-limit", "logit", "ok", f"on the path within {d_on:.2g} of {name}, {off}")
        what = f"Gambit's logit limit is {d_on:.2g} away from the nearest, {name}, on the path"
        play = f"its play: {self.describe(profile, exact=False)}"
        # rounded to simple fractions, is it an equilibrium of ours, or one we miss?
        snapped = _snap(profile)
        if snapped is not None and self.satisfies(snapped, max_regret(snapped)):
            match = self.match(snapped)
            if match is not None:
                where = f"= our {match}" if match.startswith("#") else match
                return CheckRow("logit-limit", "logit", "ok", f"{what}; rounded it is exactly an equilibrium of ours, {where}")
            status: Status = "DISAGREE" if self.solution.complete else "ok"
            return CheckRow(
                "logit-limit", "logit", status,
                f"{what}; rounded ({self.describe(snapped)}) it is a {_CONCEPT_NAMES[self.concept]} by our check "
                f"that our {'complete ' if self.solution.complete else 'incomplete '}list lacks",
            )
        if not converged:
            return CheckRow("logit-limit", "logit", "skipped", f"{what} (logit did not converge: its regret is not ~0); {play}")
        if self.payoff_range > LOGIT_PAYOFF_RANGE:
            return CheckRow(
                "logit-limit", "logit", "skipped",
                f"{what} (payoffs span {self.payoff_range:.2g}: beyond what floating-point logit resolves); {play}",
            )
        if self.concept == "pure-nash" and not profile.is_pure():
            return CheckRow("logit-limit", "logit", "skipped", f"{what} (a mixed limit; our concept is pure Nash)")
        if not self.solution.complete:
            return CheckRow("logit-limit", "logit", "ok", f"{what} (our list is not complete); {play}")
        return CheckRow("logit-limit", "logit", "DISAGREE", f"{what}; {play}")

    # ------------------------------------------------------------ ours among Gambit's
    def ours_in_gambit(self, runs: Sequence[GambitRun]) -> list[CheckRow]:
        """Each pure equilibrium of ours among Gambit's pure (reduced) and pure agent equilibria."""
        rows: list[CheckRow] = []
        by_solver = {run.solver: run for run in runs if run.status == "ok"}
        pure = [item for item in self.ours if item.profile.is_pure()]
        if not pure:
            return rows
        if "enumpure" in by_solver:
            found = {self.reduced_key(e.behavior) for e in by_solver["enumpure"].equilibria}
            missing = [item.name for item in pure if self.reduced_key(_as_behavior(item.profile)) not in found]
            rows.append(self._presence_row("enumpure", pure, missing, "pure Nash equilibria (reduced strategic form)"))
        if "enumpure-agent" in by_solver:
            found_full = {tuple(e.behavior.get(h.index) for h in self.player_sets) for e in by_solver["enumpure-agent"].equilibria}
            missing = [
                item.name for item in pure if tuple(item.profile.probs[h.index] for h in self.player_sets) not in found_full
            ]
            rows.append(self._presence_row("enumpure-agent", pure, missing, "pure agent-form equilibria"))
        return rows

    def _presence_row(self, solver: str, pure: Sequence[_Ours], missing: Sequence[str], what: str) -> CheckRow:
        if missing:
            return CheckRow("in-gambit", solver, "DISAGREE", f"our pure {', '.join(missing)} not among Gambit's {what}")
        return CheckRow("in-gambit", solver, "ok", f"each of our {len(pure)} pure profiles is among Gambit's {what}")

    def reduced_key(self, behavior: Mapping[int, tuple[Fraction, ...] | None]) -> tuple[tuple[Fraction, ...] | None, ...]:
        return tuple(behavior.get(h.index) for h in self.player_sets)

    def pure_nash_rows(self, runs: Sequence[GambitRun]) -> list[CheckRow]:
        """For Nash concepts: Gambit's pure Nash equilibria against our pure-Nash solver."""
        if self.concept not in ("nash", "pure-nash"):
            return []
        run = next((r for r in runs if r.solver == "enumpure" and r.status == "ok"), None)
        if run is None:
            return []
        if self.concept == "pure-nash":
            pure_solution = self.solution
        else:
            try:
                from ..solvers import solve

                pure_solution = solve(self.game, "pure-nash")
            except ImportError:
                return [CheckRow("pure-nash", "enumpure", "skipped", "our pure-nash solver is not installed")]
            except GameToolkitError as err:
                return [CheckRow("pure-nash", "enumpure", "skipped", f"our pure-nash solver: {err}")]
        keys = {self.reduced_key(_as_behavior(eq.behavior)) for eq in pure_solution.equilibria}
        missing = [e.number for e in run.equilibria if self.reduced_key(e.behavior) not in keys]
        if missing and pure_solution.complete:
            return [CheckRow("pure-nash", "enumpure", "DISAGREE", f"Gambit's pure Nash {_numbers(missing)} not found by our pure-nash solver")]
        if missing:
            return [CheckRow("pure-nash", "enumpure", "ok", f"Gambit's {_numbers(missing)} not in our pure-nash list (not complete)")]
        return [CheckRow("pure-nash", "enumpure", "ok", f"all {len(run.equilibria)} of Gambit's pure Nash equilibria found by our pure-nash solver")]


def _as_behavior(profile: Profile) -> dict[int, tuple[Fraction, ...] | None]:
    """Behavior as Gambit's ``as_behavior()`` gives it: ``None`` at sets the player's own moves exclude."""
    game = profile.game
    out: dict[int, tuple[Fraction, ...] | None] = {}
    for i in range(len(game.players)):
        seqs = own_sequences(game, i)
        excluded: set[int] = set()
        for h in sorted(game.infosets_of(i), key=lambda h: min(h.nodes)):
            above = seqs[h.nodes[0]]
            if above is not None and (above[0] in excluded or profile.probs[above[0]][above[1]] == 0):
                excluded.add(h.index)
                out[h.index] = None
            else:
                out[h.index] = profile.probs[h.index]
    return out


def _plan(profile: Profile, player: int, sets: Sequence[int]) -> list[Fraction]:
    """The player's realization probability of each action at ``sets`` (own moves only)."""
    game = profile.game
    seqs = own_sequences(game, player)
    own: dict[int, Fraction] = {}
    for h in sorted(game.infosets_of(player), key=lambda h: min(h.nodes)):
        above = seqs[h.nodes[0]]
        own[h.index] = ONE if above is None else own[above[0]] * profile.probs[above[0]][above[1]]
    return [own[h] * p for h in sets for p in profile.probs[h]]


def _snap(profile: Profile, denominator: int = 1000) -> Profile | None:
    """The profile with each probability rounded to a fraction of small denominator."""
    rows: dict[int, tuple[Fraction, ...]] = {}
    for h in profile.game.infosets:
        if h.player == CHANCE:
            continue
        near = [p.limit_denominator(denominator) for p in profile.probs[h.index]]
        total = sum(near, ZERO)
        if total == 0:
            return None
        rows[h.index] = tuple(x / total for x in near)
    return Profile.from_probs(profile.game, rows)


def _shown(x: Fraction | None, exact: bool) -> str:
    if x is None:
        return "not computed in time"
    return format_value(x) if exact else f"{float(x):.2g}"


def _json_number(x: Fraction, exact: bool) -> str | float:
    return format_value(x) if exact else float(x)


def _set_name(game: Game, h: int) -> str:
    """A set's label, with its player's name when another player has a set of that label."""
    iset = game.infosets[h]
    label = game.infoset_name(h)
    clash = any(o.label == iset.label and o.player != iset.player for o in game.infosets if o.player != CHANCE)
    return f"{game.players[iset.player]} {label}" if clash or not iset.label else label


def _numbers(items: Sequence[int]) -> str:
    shown = ", ".join(str(k) for k in items[:12])
    return shown + (f" and {len(items) - 12} more" if len(items) > 12 else "")


# ---------------------------------------------------------------------- hulls
def _in_hull(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction], max_points: int = 12) -> bool:
    """Exactly: is ``target`` a convex combination of ``points``?

    A feasible system has a basic solution (Carathéodory), so it is enough to try each
    set of affinely independent points and solve for its weights.  Beyond
    ``max_points`` points a floating-point linear program proposes the set and exact
    arithmetic confirms it.
    """
    pts = [list(p) for p in dict.fromkeys(tuple(p) for p in points)]
    if not pts:
        return False
    if any(list(target) == p for p in pts):
        return True
    candidates: Iterable[Sequence[list[Fraction]]]
    if len(pts) > max_points:
        support = _lp_support(pts, target)
        if support is None:
            return False
        chosen = [pts[k] for k in support]
        if len(chosen) > max_points:
            return False
        candidates = (c for size in range(1, len(chosen) + 1) for c in itertools.combinations(chosen, size))
    else:
        candidates = (c for size in range(2, min(len(pts), len(target) + 1) + 1) for c in itertools.combinations(pts, size))
    for subset in candidates:
        weights = _weights(subset, target)
        if weights is not None and all(w >= 0 for w in weights):
            return True
    return False


def _lp_support(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> list[int] | None:
    """The points a basic solution of the hull-membership program uses (None: infeasible)."""
    np, linprog = _lp()
    m = np.array([[float(x) for x in p] for p in points]).T
    a_eq = np.vstack([m, np.ones(len(points))])
    b_eq = np.append(np.array([float(x) for x in target]), 1.0)
    result = linprog(np.zeros(len(points)), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs-ds")
    if result.status != 0:
        return None
    return [k for k, w in enumerate(result.x) if w > 1e-9]


def _lp() -> tuple[Any, Any]:
    import importlib

    np = importlib.import_module("numpy")
    linprog = importlib.import_module("scipy.optimize").linprog  # scipy comes with pygambit
    return np, linprog


def _weights(points: Sequence[Sequence[Fraction]], target: Sequence[Fraction]) -> list[Fraction] | None:
    """The unique weights (summing to 1) that combine ``points`` into ``target``, if any."""
    from ..algebra.linear import solve_rect

    k = len(points)
    rows = [[p[j] for p in points] for j in range(len(target))] + [[ONE] * k]
    return solve_rect(rows, [*target, ONE], k)


def _max_distance(a: Sequence[float], b: Sequence[float]) -> float:
    return max((abs(x - y) for x, y in zip(a, b)), default=0.0)


def _hull_distance(points: Sequence[Sequence[float]], target: Sequence[float]) -> float:
    """The largest coordinate gap between ``target`` and the nearest point of the hull of ``points``."""
    np, linprog = _lp()
    pts = np.array(points, dtype=float)
    x = np.array(target, dtype=float)
    if pts.size == 0 or x.size == 0:
        return 0.0
    k, d = pts.shape
    # variables: weights (k), then t; minimise t with |pts.T @ w - x| <= t, sum(w) = 1, w >= 0
    cost = np.append(np.zeros(k), 1.0)
    a_ub = np.vstack([np.hstack([pts.T, -np.ones((d, 1))]), np.hstack([-pts.T, -np.ones((d, 1))])])
    b_ub = np.concatenate([x, -x])
    a_eq = np.append(np.ones(k), 0.0).reshape(1, -1)
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
    if result.status != 0:
        return float(min(np.max(np.abs(p - x)) for p in pts))
    return max(0.0, float(result.fun))


# ---------------------------------------------------------------------- the table
def format_report(report: CrossCheckReport, width: int = 100) -> str:
    """The report as a table: check, subject, status, detail; then the verdict."""
    sol = report.solution
    g = report.game
    n = len(sol.equilibria)
    status = "complete" if sol.complete else "not proven complete"
    lines = [
        f"Cross-check against Gambit (pygambit {report.gambit_version}): {g.title or 'game'}",
        f"our {report.concept}: {n} equilibri{'um' if n == 1 else 'a'} ({sol.method}; {status})",
        "",
    ]
    headers = ("check", "subject", "status", "detail")
    w_check = max([len(headers[0])] + [len(r.check) for r in report.rows])
    w_subject = max([len(headers[1])] + [len(r.subject) for r in report.rows])
    w_status = max([len(headers[2])] + [len(r.status) for r in report.rows])
    indent = w_check + w_subject + w_status + 6
    lines.append(f"{headers[0]:<{w_check}}  {headers[1]:<{w_subject}}  {headers[2]:<{w_status}}  {headers[3]}")
    lines.append("-" * min(width, indent + 40))
    for row in report.rows:
        detail = _wrap(row.detail, max(30, width - indent))
        lines.append(f"{row.check:<{w_check}}  {row.subject:<{w_subject}}  {row.status:<{w_status}}  {detail[0]}")
        lines.extend(" " * indent + more for more in detail[1:])
    lines.append("")
    bad = report.disagreements
    if bad:
        lines.append(f"verdict: DISAGREE ({len(bad)} row{'s' if len(bad) != 1 else ''})")
    else:
        skipped = sum(1 for r in report.rows if r.status == "skipped")
        extra = f", {skipped} skipped" if skipped else ""
        lines.append(f"verdict: ok ({sum(1 for r in report.rows if r.status == 'ok')} checks agree{extra})")
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _count(n: int, noun: str) -> str:
    return f"the {noun}" if n == 1 else f"all {n} {noun}s"
