"""Properties every game must satisfy, checked against Gambit: :func:`check_game`.

This is the checking half of the random-games campaign (``benchmarks/crosscheck_random.py``,
``tests/test_random_crosscheck.py``) and of the corpus tests.  For one game it checks:

* *Round trips*: ``.efg`` text (:mod:`gametoolkit.io.efg`) and pygambit
  (:mod:`gametoolkit.io.pygambit`) give back the very same game; pygambit reads our
  ``.efg`` text into the same tree, and we read pygambit's ``to_efg()`` into it.
* *Refusals*: a game without perfect recall is refused by every solver with a
  :class:`~gametoolkit.errors.SolverError` (or :class:`~gametoolkit.errors.ValidationError`),
  never a crash or an answer; likewise by :func:`~gametoolkit.verify.crosscheck.crosscheck`.
* *Ours in Gambit*: every equilibrium our ``spe``, ``nash``, ``pbe`` and ``pure-nash``
  solvers report (off-path variants included) has Gambit's rational ``max_regret()``
  exactly 0; for ``spe`` and ``pbe``, in every proper subgame too.  The regrets come
  from :mod:`gametoolkit.verify.crosscheck` (run here in-process; with ``full=True`` the
  whole :func:`~gametoolkit.verify.crosscheck.crosscheck` runs as well, with Gambit's
  ``enumpure`` and ``lcp`` matched against our lists).
* *Pure Nash*: our pure-Nash set equals Gambit's ``enumpure_solve`` set, plan by plan
  (each profile reduced to the actions at the sets its own player's moves do not
  exclude, as Gambit's reduced strategies are).
* *Two players*: each equilibrium of Gambit's ``lcp_solve`` (sequence form, rational)
  is a Nash equilibrium by our evaluator (:func:`gametoolkit.evaluate.profiles.max_regret`),
  and, where the reduced strategic form is small, our extreme equilibria
  (:func:`gametoolkit.solvers.enummixed.bimatrix_equilibria`) are exactly Gambit's
  ``enummixed_solve`` ones, each strategy of Gambit mapped to one of our plans by the
  actions it names.
* *Sequential rationality*: each perfect Bayesian equilibrium passes
  :func:`sequentially_rational`, a brute-force check written apart from the solver and
  from :mod:`gametoolkit.evaluate.beliefs`: beliefs are distributions that follow Bayes' rule
  wherever a set is reached (within its smallest subgame), and at every set of a
  player no pure continuation plan of the player beats the equilibrium given the
  beliefs there.

Sizes are bounded by :class:`Limits`; a solver that refuses for size (or a check over
its bound) counts as *skipped*, never as a failure.  Anything else unexpected (an
exception, an answer where a refusal was due, a difference) is a *disagreement*.
pygambit is imported inside the functions.
"""

from __future__ import annotations

import io
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game
from ..errors import GameToolkitError, LimitError, SolverError, ValidationError
from ..evaluate.profiles import Profile, max_regret
from ..solution import Assessment, Solution
from .gambit_profiles import GambitTree, equilibria_of

__all__ = [
    "CONCEPTS",
    "GameReport",
    "Limits",
    "check_game",
    "plan_key",
    "sequentially_rational",
]

ZERO = Fraction(0)
ONE = Fraction(1)

#: Our solution concepts checked on every game with perfect recall.
CONCEPTS = ("spe", "nash", "pbe", "pure-nash")


@dataclass(frozen=True)
class Limits:
    """Size bounds; beyond them a solver or a check is skipped, not failed.

    ``max_cells`` bounds the reduced strategic form of our pure-Nash solver and of
    Gambit's ``enumpure``; above ``nash_cells`` cells our Nash solver finds one
    equilibrium by Lemke's algorithm instead of enumerating every extreme one;
    ``max_checked`` bounds the profiles per concept whose regret Gambit computes (the
    first ones listed; degenerate games can have thousands); ``enummixed_cells`` the strategic form on which our extreme
    equilibria are compared with Gambit's ``enummixed_solve``; ``max_supports`` the
    PBE solver's support enumeration; ``max_equilibria`` the SPE solver;
    ``max_plans`` the continuation plans tried per information set by
    :func:`sequentially_rational`; ``timeout`` each Gambit child of the full
    cross-check, in seconds; ``nash_bases`` the bases our two-player Nash
    enumeration may visit and ``nash_supports`` the support profiles our
    three-or-more-player Nash enumeration may solve (beyond them it says
    ``complete: false`` and falls back, as the CLI does at its own limits).
    """

    max_cells: int = 2_000
    nash_cells: int = 150
    max_checked: int = 40
    enummixed_cells: int = 100
    max_supports: int = 3_000
    max_equilibria: int = 300
    max_plans: int = 1_024
    timeout: float = 20.0
    nash_bases: int = 2_000
    nash_supports: int = 64


@dataclass
class GameReport:
    """What :func:`check_game` found on one game.

    ``checked`` counts what was verified, by name: ``spe``, ``nash``, ``pbe``,
    ``pure-nash`` (our equilibria confirmed by Gambit's regret), ``enumpure``,
    ``lcp``, ``enummixed`` (Gambit's equilibria compared), ``sequential`` (PBE passing
    the sequential-rationality check), ``round-trip``, ``recall`` (Gambit agrees on
    perfect recall), ``refusal``.  ``skipped``
    counts what was not checked, by name and reason; ``disagreements`` says what
    went wrong, one sentence each.
    """

    players: int
    nodes: int
    perfect_recall: bool
    checked: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    disagreements: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.disagreements


# ---------------------------------------------------------------------- entry point
def check_game(
    game: Game,
    limits: Limits | None = None,
    *,
    full: bool = False,
    concepts: Sequence[str] = CONCEPTS,
    round_trips: bool = True,
) -> GameReport:
    """Check every property of the module's notes on ``game`` (numeric) against Gambit.

    ``full=True`` also runs :func:`gametoolkit.verify.crosscheck.crosscheck` for ``spe``,
    ``nash`` and ``pbe`` (Gambit's solvers in child processes; slower).  ``concepts``
    limits our solvers to some of :data:`CONCEPTS` (the pure-Nash comparison needs
    ``pure-nash``, the sequential check ``pbe``); ``round_trips=False`` skips those.
    """
    lim = limits or Limits()
    start = time.perf_counter()
    report = GameReport(game.num_players, len(game.nodes), game.has_perfect_recall)
    if round_trips:
        _guard(report, "round trip", lambda: _round_trips(game, report))
    gambit_solves = True
    try:
        gambit_solves = _same_recall(game, report)
    except Exception as err:
        report.disagreements.append(f"perfect recall: {type(err).__name__}: {err}")
    if not report.perfect_recall:
        _refusals(game, report)
    else:
        solutions = _solve_all(game, lim, report, concepts)
        _guard(report, "Gambit's regret of our equilibria", lambda: _regrets(game, solutions, lim, report))
        if not gambit_solves:
            report.skipped["Gambit's solvers: a chance set with several nodes (Gambit: no perfect recall)"] += 1
        else:
            if "pure-nash" in concepts:
                _guard(report, "pure Nash against enumpure", lambda: _pure_nash(game, solutions.get("pure-nash"), lim, report))
        if game.num_players == 2 and gambit_solves:
            _guard(report, "lcp", lambda: _lcp(game, report))
            _guard(report, "enummixed", lambda: _enummixed(game, lim, report))
        if "pbe" in solutions:
            _guard(report, "sequential rationality", lambda: _sequential(solutions["pbe"], lim, report))
        if full:
            _guard(report, "crosscheck", lambda: _full_crosscheck(game, solutions, lim, report))
    report.seconds = time.perf_counter() - start
    return report


def _guard(report: GameReport, what: str, job: Callable[[], None]) -> None:
    """Run one check; an exception it raises is a disagreement (ours or Gambit's crash)."""
    try:
        job()
    except Exception as err:
        report.disagreements.append(f"{what}: {type(err).__name__}: {err}")


def _too_big(err: SolverError) -> bool:
    """A refusal for size, which counts as skipped (an internal error does not)."""
    text = str(err)
    return isinstance(err, LimitError) or ("limit" in text and "internal" not in text)


# ---------------------------------------------------------------------- round trips
def _shape(game: Game, labels: bool = True) -> tuple[Any, ...]:
    """The tree, sets, probabilities and leaf payoffs (not the outcome labels; node and
    set labels only when ``labels``)."""
    nodes = tuple((v.kind, v.parent, v.action, v.player, v.infoset, v.label if labels else "") for v in game.nodes)
    sets = tuple((h.player, len(h.actions), h.nodes, h.probs, h.label if labels else "") for h in game.infosets)
    pays = tuple(game.payoffs(v) for v in game.terminals)
    return len(game.players), nodes, sets, pays


def _round_trips(game: Game, report: GameReport) -> None:
    """Exact round trips; where our labels break pygambit's rules (some corpus files),
    the writer renames them for Gambit, and the tree, numbers and sets must survive."""
    from ..io.efg import format_efg, parse_efg
    from ..io.pygambit import from_pygambit, import_pygambit, to_pygambit

    gbt = import_pygambit()
    text = format_efg(game)
    kept = text == format_efg(game, gambit_labels=False)  # labels acceptable to pygambit as they are
    shape = _shape(game, kept)
    checks = {
        ".efg (verbatim labels)": parse_efg(format_efg(game, gambit_labels=False)) == game,
        ".efg (labels for Gambit)": parse_efg(text) == game if kept else _shape(parse_efg(text), False) == shape,
        "pygambit": from_pygambit(to_pygambit(game)) == game,
        "pygambit reads our .efg": _shape(from_pygambit(gbt.read_efg(io.StringIO(text))), kept) == shape,
        "we read pygambit's .efg": _shape(parse_efg(to_pygambit(game).to_efg()), kept) == shape,
    }
    for what, same in checks.items():
        if same:
            report.checked["round-trip"] += 1
        else:
            report.disagreements.append(f"round trip through {what} changes the game")


# ---------------------------------------------------------------------- perfect recall
def _same_recall(game: Game, report: GameReport) -> bool:
    """Gambit and we agree on perfect recall; returns whether Gambit's solvers accept the game.

    Gambit (16.7) also asks chance to recall: a chance information set whose nodes
    follow different histories makes ``is_perfect_recall`` false and its solvers refuse
    the game ("games with imperfect recall"), although no player forgets anything.
    That is the one difference allowed.
    """
    from ..io.pygambit import to_pygambit

    theirs = bool(to_pygambit(game).is_perfect_recall)
    shared_chance = any(h.player == CHANCE and len(h.nodes) > 1 for h in game.infosets)
    if theirs == report.perfect_recall:
        report.checked["recall"] += 1
        return theirs
    if report.perfect_recall and shared_chance:
        report.skipped["recall: Gambit asks chance to recall"] += 1
        return False
    report.disagreements.append(f"perfect recall: ours {report.perfect_recall}, Gambit's {theirs}")
    return False


# ---------------------------------------------------------------------- refusals
def _refusals(game: Game, report: GameReport) -> None:
    """Without perfect recall, every solver and the cross-check must refuse, cleanly."""
    from ..solvers import solve
    from .crosscheck import crosscheck

    def attempt(what: str, job: Callable[[], object]) -> None:
        try:
            job()
        except (SolverError, ValidationError):
            report.checked["refusal"] += 1
        except Exception as err:
            report.disagreements.append(f"{what} on a game without perfect recall: {type(err).__name__}: {err}")
        else:
            report.disagreements.append(f"{what} answered on a game without perfect recall instead of refusing")

    for concept in CONCEPTS:
        attempt(f"solve(..., {concept!r})", lambda c=concept: solve(game, c))  # type: ignore[misc]
    attempt("crosscheck", lambda: crosscheck(game, "nash", solvers=()))


# ---------------------------------------------------------------------- our solvers
def _solve_all(game: Game, lim: Limits, report: GameReport, concepts: Sequence[str] = CONCEPTS) -> dict[str, Solution]:
    from ..solvers import solve

    options: dict[str, dict[str, int]] = {
        "spe": {"max_equilibria": lim.max_equilibria},
        # two players: beyond nash_cells, Lemke's algorithm; more: pure equilibria only
        "nash": {
            "max_cells": lim.nash_cells if game.num_players == 2 else lim.max_cells,
            "max_bases": lim.nash_bases,
            "max_supports": lim.nash_supports,
        },
        "pbe": {"max_supports": lim.max_supports},
        "pure-nash": {"max_cells": lim.max_cells},
    }
    out: dict[str, Solution] = {}
    for concept in concepts:
        try:
            out[concept] = solve(game, concept, **options[concept])
        except SolverError as err:
            if _too_big(err):
                report.skipped[f"{concept}: too large"] += 1
            else:
                report.disagreements.append(f"our {concept} solver failed: {err}")
        except Exception as err:
            report.disagreements.append(f"our {concept} solver crashed: {type(err).__name__}: {err}")
    return out


def _our_profiles(solution: Solution) -> list[tuple[str, Profile]]:
    """Each equilibrium's profile, and each of its off-path variants' (named).

    Variants name their sets as every output does (:meth:`Game.infoset_name`, unique
    per player even where a ``.efg`` file repeats a label).
    """
    out: list[tuple[str, Profile]] = []
    for k, eq in enumerate(solution.equilibria, 1):
        out.append((f"#{k}", eq.behavior))
        for j, variant in enumerate(eq.extra.get("off_path_variants") or (), 1):
            rows = list(eq.behavior.probs)
            for player, sets in variant["behavior"].items():
                for label, dist in sets.items():
                    h = solution.game.infoset(player, label)
                    rows[h.index] = tuple(Fraction(dist[a]) for a in h.actions)
            out.append((f"#{k} variant {j}", Profile(solution.game, tuple(rows))))
    return out


# ---------------------------------------------------------------------- ours in Gambit
def _regrets(game: Game, solutions: dict[str, Solution], lim: Limits, report: GameReport) -> None:
    """Gambit's max_regret of each of our profiles, 0 exactly, in proper subgames too."""
    from .ours_in_gambit import gambit_regrets

    roots = [v.index for v in game.subgame_roots() if v.index != 0]
    for concept, solution in solutions.items():
        named = _our_profiles(solution)
        if len(named) > lim.max_checked:
            report.skipped[f"{concept}: equilibria beyond max_checked"] += len(named) - lim.max_checked
            named = named[: lim.max_checked]
        if not named:
            if concept == "pure-nash":  # many games have no pure equilibrium
                continue
            if solution.complete:
                report.disagreements.append(f"our {concept} solver proves there is no equilibrium (every game has one)")
            else:  # e.g. subgames of three players, solved for pure equilibria only
                report.skipped[f"{concept}: none found (incomplete search)"] += 1
            continue
        subgames = roots if concept in ("spe", "pbe") else []
        results = list(gambit_regrets(game, [p.probs for _, p in named], subgames))
        for kind, k, payload in results:
            name = named[k][0]
            if kind == "regret":
                regret = Fraction(payload)
                if regret != 0:
                    report.disagreements.append(f"our {concept} {name}: Gambit's max_regret is {regret}, not 0")
                else:
                    report.checked[concept] += 1
            elif payload[0] != "ok":
                report.disagreements.append(f"our {concept} {name}: {payload[1]}")


# ---------------------------------------------------------------------- pure Nash
def plan_key(profile: Profile) -> tuple[tuple[Fraction, ...] | None, ...]:
    """The profile at each player set, ``None`` where the player's own moves exclude it.

    A set is excluded when one of its player's own earlier moves on the way to it has
    probability 0 (with perfect recall every node of a set has the same own moves).
    This is the part of a behavior profile that a reduced strategy specifies.
    """
    game = profile.game
    out: list[tuple[Fraction, ...] | None] = []
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        v = game.nodes[h.nodes[0]]
        excluded = False
        while v.parent >= 0:
            parent = game.nodes[v.parent]
            if parent.kind == "decision" and parent.player == h.player and profile.probs[parent.infoset][v.action] == 0:
                excluded = True
                break
            v = parent
        out.append(None if excluded else profile.probs[h.index])
    return tuple(out)


def _gambit_plans(tree: GambitTree) -> list[dict[Any, tuple[int, ...]]]:
    """Each of Gambit's reduced strategies as one of our plans, per player: the action
    index at each of the player's sets in our order, ``-1`` where the strategy names
    none (``*``)."""
    return [{s: tree.plan(i, s) for s in tree.strategies(i)} for i in range(len(tree.game.players))]


def _our_plans(game: Game, profile: Profile) -> tuple[tuple[int, ...], ...]:
    """A pure profile's plans, one per player, in the form of :func:`_gambit_plans`."""
    key = dict(zip((h.index for h in game.infosets if h.player != CHANCE), plan_key(profile)))
    out = []
    for i in range(game.num_players):
        plan = []
        for h in game.infosets_of(i):
            dist = key[h.index]
            plan.append(-1 if dist is None else dist.index(ONE))
        out.append(tuple(plan))
    return tuple(out)


def _pure_nash(game: Game, ours: Solution | None, lim: Limits, report: GameReport) -> None:
    from ..forms.strategic import count_plans
    from ..io.pygambit import import_pygambit, to_pygambit

    if ours is None:
        report.skipped["enumpure: our pure-nash skipped"] += 1
        return
    cells = 1
    for c in count_plans(game):
        cells *= c
    if cells > lim.max_cells:
        report.skipped["enumpure: too large"] += 1
        return
    gbt = import_pygambit()
    pg = to_pygambit(game)
    tree = GambitTree(game, pg)
    plans = _gambit_plans(tree)
    theirs = []
    for eq in equilibria_of(gbt.nash.enumpure_solve(pg)):
        chosen = [[s for s in plans[i] if tree.strategy_prob(eq, i, s) == 1] for i in range(len(plans))]
        if any(len(c) != 1 for c in chosen):
            report.disagreements.append("Gambit's enumpure returned a profile that is not pure")
            return
        theirs.append(tuple(plans[i][c[0]] for i, c in enumerate(chosen)))
    mine = [_our_plans(game, eq.behavior) for eq in ours.equilibria]
    if len(set(theirs)) != len(theirs) or len(set(mine)) != len(mine):
        report.disagreements.append("a pure Nash equilibrium is listed twice (ours or Gambit's enumpure)")
    if set(theirs) != set(mine):
        report.disagreements.append(
            f"pure Nash: Gambit's enumpure finds {len(set(theirs))}, we find {len(set(mine))}; "
            f"only Gambit's: {sorted(set(theirs) - set(mine))[:3]}, only ours: {sorted(set(mine) - set(theirs))[:3]}"
        )
    else:
        report.checked["enumpure"] += len(theirs)


# ---------------------------------------------------------------------- two players
def _lcp(game: Game, report: GameReport) -> None:
    """Gambit's sequence-form equilibrium, checked exactly by our evaluator."""
    from ..io.pygambit import import_pygambit, to_pygambit

    gbt = import_pygambit()
    pg = to_pygambit(game)
    tree = GambitTree(game, pg)
    found = equilibria_of(gbt.nash.lcp_solve(pg, rational=True))
    if not found:
        report.disagreements.append("Gambit's lcp_solve returned no equilibrium")
    for k, eq in enumerate(found, 1):
        probs: dict[int, list[Fraction]] = {}
        for h in game.infosets:
            if h.player == CHANCE:
                continue
            dist = [Fraction(str(x)) for x in tree.behavior(eq, h.index)]
            # where Gambit leaves a set unspecified, any behavior will do for Nash
            probs[h.index] = dist if sum(dist) == 1 else [Fraction(1, len(dist))] * len(dist)
        regret = max_regret(Profile.from_probs(game, probs))
        gambit = Fraction(str(eq.max_regret()))
        if regret != 0 or gambit != 0:
            report.disagreements.append(f"Gambit's lcp equilibrium {k}: our regret {regret}, Gambit's {gambit}")
        else:
            report.checked["lcp"] += 1


def _enummixed(game: Game, lim: Limits, report: GameReport) -> None:
    """Our extreme equilibria of the strategic form are exactly Gambit's, plan by plan.

    Gambit's rational ``enummixed_solve`` is slow on degenerate games (100 s on a
    15 x 8 form), so it runs in a child process stopped after ``lim.timeout`` seconds.
    """
    from ..forms.strategic import count_plans, strategic_form
    from ..solvers.enummixed import bimatrix_equilibria
    from .sandbox import in_child

    rows, columns = count_plans(game)
    if rows * columns > lim.enummixed_cells:
        report.skipped["enummixed: strategic form too large"] += 1
        return
    form = strategic_form(game)
    order = [tuple(h.index for h in game.infosets_of(i)) for i in range(2)]
    if [tuple(x) for x in form.infosets] != order:
        report.disagreements.append("the strategic form lists a player's sets out of prefix order")
        return
    found = bimatrix_equilibria(form.matrix(0), form.matrix(1))
    ours = {tuple(_mixed(form.plans[i], mix) for i, mix in enumerate(pair)) for pair in found.profiles()}
    messages, status, _ = in_child(_gambit_enummixed, (game,), lim.timeout)
    if status != "done":
        report.skipped[f"enummixed: Gambit {'timed out' if status == 'timeout' else 'failed'}"] += 1
        if status != "timeout":
            report.disagreements.append(f"Gambit's enummixed_solve: {status}")
        return
    theirs = set(messages)
    if ours != theirs:
        report.disagreements.append(
            f"extreme equilibria of the {rows} x {columns} strategic form: Gambit's enummixed finds {len(theirs)}, "
            f"we find {len(ours)}; only Gambit's: {len(theirs - ours)}, only ours: {len(ours - theirs)}"
        )
    else:
        report.checked["enummixed"] += len(ours)


def _gambit_enummixed(game: Game) -> Iterator[tuple[frozenset[tuple[tuple[int, ...], Fraction]], ...]]:
    """Gambit's rational extreme equilibria, each player's mixture over our plans (child side)."""
    from ..io.pygambit import import_pygambit, to_pygambit

    gbt = import_pygambit()
    pg = to_pygambit(game)
    tree = GambitTree(game, pg)
    plans = _gambit_plans(tree)
    for eq in equilibria_of(gbt.nash.enummixed_solve(pg, rational=True)):
        pair = []
        for i, player_plans in enumerate(plans):
            weights: dict[tuple[int, ...], Fraction] = {}
            for s, plan in player_plans.items():
                p = Fraction(str(tree.strategy_prob(eq, i, s)))
                if p:
                    weights[plan] = weights.get(plan, ZERO) + p
            pair.append(frozenset(weights.items()))
        yield tuple(pair)


def _mixed(plans: Sequence[tuple[int, ...]], mix: Sequence[Fraction]) -> frozenset[tuple[tuple[int, ...], Fraction]]:
    return frozenset((plan, p) for plan, p in zip(plans, mix) if p)


# ---------------------------------------------------------------------- sequential rationality
def _sequential(solution: Solution, lim: Limits, report: GameReport) -> None:
    for k, eq in enumerate(solution.equilibria, 1):
        problem = sequentially_rational(eq, lim.max_plans)
        if problem is None:
            report.checked["sequential"] += 1
        elif problem.startswith("skipped"):
            report.skipped["sequential: too many plans"] += 1
        else:
            report.disagreements.append(f"our PBE #{k}: {problem}")


def sequentially_rational(eq: Assessment, max_plans: int = 1_024) -> str | None:
    """Why the assessment is not a PBE (``None`` when it is); brute force, from scratch.

    1. Beliefs: every player set with several nodes has one, a distribution over its
       nodes; where the set's smallest subgame reaches it with positive probability
       (the whole game included), it is the reach of each node divided by the total.
    2. At every player set ``h`` (belief 1 at a single node) and for every pure
       continuation plan of its player (an action at ``h`` and at each of the player's
       sets below ``h``'s nodes), the plan's expected payoff from ``h``'s nodes,
       weighted by the belief, is at most the equilibrium's.

    Returns a text starting ``skipped`` when some set has more than ``max_plans`` plans.
    """
    profile = eq.behavior
    game = profile.game
    probs = profile.probs
    roots = [v.index for v in game.subgame_roots()]
    for h in game.infosets:
        if h.player == CHANCE:
            continue
        if len(h.nodes) == 1:
            belief: tuple[Fraction, ...] = (ONE,)
        else:
            given = eq.beliefs.get(h.index)
            if given is None or len(given) != len(h.nodes) or any(x < 0 for x in given) or sum(given) != 1:
                return f"set {h.label!r}: no belief, or not a distribution: {given}"
            belief = tuple(given)
            root = max(r for r in roots if all(_below(game, v, r) for v in h.nodes))
            weights = [_reach_from(game, probs, root, v) for v in h.nodes]
            total = sum(weights, ZERO)
            if total and belief != tuple(w / total for w in weights):
                return f"set {h.label!r}: belief {[str(x) for x in belief]} is not Bayes' rule"
        # the player's sets met below the nodes of h: the continuation plan decides them
        below = sorted(
            {
                game.nodes[u].infoset
                for v in h.nodes
                for u in range(v + 1, game.subtree_end(v))
                if game.nodes[u].kind == "decision" and game.nodes[u].player == h.player
            }
        )
        decided = [h.index, *below]
        count = 1
        for s in decided:
            count *= len(game.infosets[s].actions)
        if count > max_plans:
            return f"skipped: {count} continuation plans at set {h.label!r}"
        current = sum((mu * _value(game, probs, h.player, v, {}) for mu, v in zip(belief, h.nodes)), ZERO)
        for choice in itertools.product(*(range(len(game.infosets[s].actions)) for s in decided)):
            plan = dict(zip(decided, choice))
            value = sum((mu * _value(game, probs, h.player, v, plan) for mu, v in zip(belief, h.nodes)), ZERO)
            if value > current:
                actions = {game.infosets[s].label: game.infosets[s].actions[a] for s, a in plan.items()}
                return f"at set {h.label!r} the plan {actions} gains {value - current} over the equilibrium"
    return None


def _below(game: Game, v: int, root: int) -> bool:
    return root <= v < game.subtree_end(root)


def _reach_from(game: Game, probs: Sequence[Sequence[Fraction]], root: int, v: int) -> Fraction:
    """The probability of reaching ``v`` from ``root`` (``v`` below it) under ``probs``."""
    p = ONE
    while v != root:
        node = game.nodes[v]
        p *= probs[game.nodes[node.parent].infoset][node.action]
        v = node.parent
    return p


def _value(game: Game, probs: Sequence[Sequence[Fraction]], player: int, top: int, plan: dict[int, int]) -> Fraction:
    """``player``'s expected payoff from ``top`` on (outcomes above it not counted), with
    ``plan``'s action at the sets it decides and ``probs`` elsewhere."""
    values: dict[int, Fraction] = {}
    for u in range(game.subtree_end(top) - 1, top - 1, -1):
        node = game.nodes[u]
        own = game.outcome_payoffs(node.outcome)[player] if node.outcome >= 0 else ZERO
        if node.kind == "terminal":
            values[u] = own
        elif node.infoset in plan:
            values[u] = own + values[node.children[plan[node.infoset]]]
        else:
            dist = probs[node.infoset]
            values[u] = own + sum((dist[a] * values[c] for a, c in enumerate(node.children) if dist[a]), ZERO)
    return values[top]


# ---------------------------------------------------------------------- the full cross-check
def _full_crosscheck(game: Game, solutions: dict[str, Solution], lim: Limits, report: GameReport) -> None:
    from .crosscheck import crosscheck

    for concept in ("spe", "nash", "pbe"):
        if concept not in solutions:
            continue
        solvers = ("enumpure", "lcp") if game.num_players == 2 else ("enumpure",)
        try:
            result = crosscheck(game, concept, solutions[concept], lim.timeout, solvers=solvers)
        except GameToolkitError as err:
            report.disagreements.append(f"crosscheck {concept}: {err}")
            continue
        for row in result.rows:
            if row.status == "DISAGREE":
                report.disagreements.append(f"crosscheck {concept}: {row.check} {row.subject}: {row.detail}")
            elif row.status == "skipped":
                report.skipped[f"crosscheck {concept}: {row.check} skipped"] += 1
        report.checked[f"crosscheck {concept}"] += 1
