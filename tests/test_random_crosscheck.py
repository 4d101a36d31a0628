"""Random games against Gambit: the properties of ``gametoolkit.verify.reliability``.

A few hundred games of the long run (``benchmarks/crosscheck_random.py``) with the
same generator, in small batches; hypothesis-drawn games with a modest number of
examples; and tests showing each check can fail (a wrong equilibrium, a wrong belief,
a forgetful game answered).  The slow variant runs a thousand games.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

from gametoolkit.core.dsl import decision, game, leaf
from gametoolkit.core.game import Game
from gametoolkit.errors import SolverError
from gametoolkit.evaluate.profiles import Profile
from gametoolkit.solution import Solution
from gametoolkit.solvers import solve
from gametoolkit.verify.random_games import CAMPAIGN_SIZES, MAX_NODES, campaign_game, game_rng, random_game
from gametoolkit.verify.reliability import GameReport, Limits, check_game, plan_key, sequentially_rational
from strategies import seeded_games, signaling_games, tree_games

pytest.importorskip("pygambit")

#: Smaller bounds than the long run's, so that a few hundred games take well under a minute.
FAST = Limits(max_cells=500, nash_cells=100, enummixed_cells=64, max_supports=600, max_checked=12, max_plans=256)

#: Seed of the games run on every test run (the long run uses others).
SEED = 20240601


def _run(numbers: range, max_nodes: int, limits: Limits = FAST, full: bool = False) -> list[GameReport]:
    reports = []
    for k in numbers:
        g = campaign_game(SEED, k, imperfect=0.1, max_nodes=max_nodes)
        report = check_game(g, limits, full=full)
        assert report.ok, f"game {k} of seed {SEED}: {report.disagreements}"
        reports.append(report)
    return reports


# ---------------------------------------------------------------------- the generator
def test_generator_is_reproducible_and_covers_what_it_promises() -> None:
    seen: Counter[str] = Counter()
    for k in range(300):
        g = campaign_game(1, k)
        assert g == campaign_game(1, k)
        assert 3 <= len(g.nodes) <= MAX_NODES
        seen[f"{g.num_players} players"] += 1
        seen["perfect recall" if g.has_perfect_recall else "forgets"] += 1
        if any(h.player >= 0 and len(h.nodes) > 1 for h in g.infosets):
            seen["set with several nodes"] += 1
        if any(h.player < 0 for h in g.infosets):
            seen["chance"] += 1
        if any(h.probs and 0 in h.probs for h in g.infosets):
            seen["zero probability"] += 1
        if g.has_nonterminal_outcomes():
            seen["inner outcome"] += 1
        pays = [x for v in g.terminals for x in g.payoffs(v)]
        if any(isinstance(x, Fraction) and x.denominator > 1 for x in pays):
            seen["fractional payoff"] += 1
        if len(set(g.payoffs(v) for v in g.terminals)) < len(g.terminals):
            seen["repeated payoffs"] += 1
        if len(g.nodes) > 40:
            seen["large"] += 1
        for h in g.infosets:
            assert 2 <= len(h.actions) <= 4
    for what in ("1 players", "2 players", "3 players", "4 players", "forgets", "set with several nodes",
                 "chance", "zero probability", "inner outcome", "fractional payoff", "repeated payoffs", "large"):
        assert seen[what] > 0, (what, seen)
    assert sum(w for _, w in CAMPAIGN_SIZES) > 0


def test_generator_options() -> None:
    rng = random.Random(5)
    for n in (1, 2, 3, 4):
        g = random_game(rng, players=n, max_nodes=30, payoffs="binary")
        assert g.num_players == n
        assert {x for v in g.terminals for x in g.payoffs(v)} <= {0, 1} or g.has_nonterminal_outcomes()
    for k in range(20):
        assert not random_game(game_rng(9, k), perfect_recall=False, max_nodes=12).has_perfect_recall
    with pytest.raises(ValueError):
        random_game(rng, players=5)
    with pytest.raises(ValueError):
        random_game(rng, max_nodes=81)


# ---------------------------------------------------------------------- a few hundred games
@pytest.mark.parametrize("batch", range(4))
def test_random_games_agree_with_gambit(batch: int) -> None:
    reports = _run(range(batch * 50, (batch + 1) * 50), max_nodes=24)
    total: Counter[str] = Counter()
    for r in reports:
        total.update(r.checked)
    # the checks did run: every batch confirms equilibria of every concept
    for name in ("spe", "nash", "pbe", "enumpure", "round-trip", "sequential"):
        assert total[name] > 0, (name, total)


def test_random_games_with_the_whole_crosscheck() -> None:
    reports = _run(range(200, 206), max_nodes=16, full=True)
    assert sum(r.checked["crosscheck pbe"] for r in reports) > 0


def test_two_player_gambit_solvers_compared() -> None:
    total: Counter[str] = Counter()
    for k in range(40):
        g = random_game(game_rng(SEED + 1, k), players=2, max_nodes=14)
        report = check_game(g, FAST)
        assert report.ok, (k, report.disagreements)
        total.update(report.checked)
    assert total["lcp"] >= 30 and total["enummixed"] >= 30


@pytest.mark.slow
def test_a_thousand_random_games_agree_with_gambit() -> None:
    _run(range(1000, 2000), max_nodes=MAX_NODES, limits=Limits())


# ---------------------------------------------------------------------- hypothesis
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeded_games(max_nodes=16, perfect_recall=None))
def test_hypothesis_seeded_games(g: Game) -> None:
    report = check_game(g, FAST)
    assert report.ok, report.disagreements


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signaling_games(max_messages=2))
def test_hypothesis_signaling_games(g: Game) -> None:
    report = check_game(g, FAST)
    assert report.ok, report.disagreements
    assert report.checked["pbe"] > 0 or report.skipped


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree_games(players=3))
def test_hypothesis_perfect_information_games(g: Game) -> None:
    report = check_game(g, FAST)
    assert report.ok, report.disagreements
    assert report.checked["spe"] > 0


# ---------------------------------------------------------------------- the checks can fail
def _entry() -> Game:
    return game(
        "entry", ["E", "I"],
        decision("E", "E", out=leaf(0, 2), enter=decision("I", "I", fight=leaf(-1, -1), share=leaf(1, 1))),
    )


def test_sequential_check_rejects_a_non_credible_threat() -> None:
    g = _entry()
    (spe,) = solve(g, "spe").equilibria
    assert sequentially_rational(spe) is None
    threat = Profile.pure(g, {g.infoset("E", "E").index: 0, g.infoset("I", "I").index: 0})  # out, fight
    problem = sequentially_rational(dataclasses.replace(spe, behavior=threat))
    assert problem is not None and "'I'" in problem and "gains 2" in problem


def test_sequential_check_rejects_beliefs_against_bayes() -> None:
    from games import beer_quiche

    g = beer_quiche()
    eq = solve(g, "pbe").equilibria[0]
    assert sequentially_rational(eq) is None
    h = next(h for h in g.infosets if len(h.nodes) > 1 and eq.beliefs[h.index] is not None)
    r = [Fraction(1, 2), Fraction(1, 2)]
    wrong = dict(eq.beliefs)
    bayes = tuple(wrong[h.index])
    wrong[h.index] = tuple(r) if bayes != tuple(r) else (Fraction(1), Fraction(0))
    problem = sequentially_rational(dataclasses.replace(eq, beliefs=wrong))
    assert problem is not None


def test_regret_check_catches_a_wrong_equilibrium(monkeypatch: pytest.MonkeyPatch) -> None:
    import gametoolkit.verify.reliability as reliability

    g = _entry()
    real = reliability._solve_all

    def doctored(game: Game, lim: Limits, report: GameReport, concepts: tuple[str, ...]) -> dict[str, Solution]:
        out = real(game, lim, report, concepts)
        spe = out["spe"]
        bad = Profile.pure(g, {g.infoset("E", "E").index: 1, g.infoset("I", "I").index: 0})  # enter, fight
        out["spe"] = dataclasses.replace(spe, equilibria=(dataclasses.replace(spe.equilibria[0], behavior=bad),))
        return out

    monkeypatch.setattr(reliability, "_solve_all", doctored)
    report = check_game(g, FAST)
    assert any("spe #1: Gambit's max_regret is 2" in d for d in report.disagreements), report.disagreements


def test_pure_nash_check_catches_a_missing_equilibrium(monkeypatch: pytest.MonkeyPatch) -> None:
    import gametoolkit.verify.reliability as reliability

    g = _entry()
    real = reliability._solve_all

    def doctored(game: Game, lim: Limits, report: GameReport, concepts: tuple[str, ...]) -> dict[str, Solution]:
        out = real(game, lim, report, concepts)
        pure = out["pure-nash"]
        out["pure-nash"] = dataclasses.replace(pure, equilibria=pure.equilibria[:1])
        return out

    monkeypatch.setattr(reliability, "_solve_all", doctored)
    report = check_game(g, FAST)
    assert any("pure Nash: Gambit's enumpure finds 2, we find 1" in d for d in report.disagreements)


def test_forgetful_games_are_refused_and_answers_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    g = random_game(random.Random(1), perfect_recall=False, max_nodes=10)
    report = check_game(g, FAST)
    assert report.ok and report.checked["refusal"] == 5
    for concept in ("spe", "nash", "pbe", "pure-nash"):
        with pytest.raises(SolverError):
            solve(g, concept)
    import gametoolkit.solvers as solvers

    monkeypatch.setattr(solvers, "solve", lambda game, concept="pbe", **kw: None)
    report = check_game(g, FAST)
    assert sum("instead of refusing" in d for d in report.disagreements) == 4


def test_plan_key_leaves_out_sets_the_player_excludes() -> None:
    g = game(
        "two moves", ["A", "B"],
        decision("A", "first", stop=leaf(0, 0), go=decision("A", "second", x=leaf(1, 0), y=leaf(2, 0))),
    )
    stop = Profile.pure(g, {0: 0, 1: 1})
    go = Profile.pure(g, {0: 1, 1: 1})
    one, zero = Fraction(1), Fraction(0)
    assert plan_key(stop) == ((one, zero), None)
    assert plan_key(go) == ((zero, one), (zero, one))


# ---------------------------------------------------------------------- regressions found by the long run
DATA = __import__("pathlib").Path(__file__).parent / "data" / "random"


def test_crosscheck_spe_completion_matching_ours_is_preferred() -> None:
    """Game 1600 of seed 1: Gambit's enumpure leaves player 2's second set unspecified
    (its own first move excludes it); player 2 is indifferent there, so the uniform
    completion is subgame perfect too, yet only a mixture of our #2 and #4.  The
    cross-check called it a missing SPE; it now prefers the completion that matches."""
    from gametoolkit.io.efg import read_efg
    from gametoolkit.verify.crosscheck import crosscheck, format_report

    g = read_efg(DATA / "spe-indifferent-excluded-set.efg")
    report = crosscheck(g, "spe", solvers=("enumpure",))
    assert report.ok, format_report(report)
    found = [r for r in report.rows if r.check == "found"]
    assert len(found) == 3 and all("= our #" in r.detail for r in found)


def test_crosscheck_reads_pure_strategies_behind_a_zero_probability_chance_branch() -> None:
    """Game 3850 of seed 1: P3's only set hangs from a chance branch of probability 0.
    Gambit's ``as_behavior()`` leaves that set all zeros for each of ``enumpure``'s three
    equilibria (P4 a4.1, P3 any action), so the cross-check once found none of our three
    pure equilibria among Gambit's.  It now reads each pure strategy's own action."""
    from gametoolkit.io.efg import read_efg
    from gametoolkit.verify.crosscheck import crosscheck, format_report

    g = read_efg(DATA / "pure-strategy-behind-zero-chance.efg")
    for concept in ("nash", "spe", "pbe"):
        report = crosscheck(g, concept, solvers=("enumpure",))
        assert report.ok, format_report(report)
    report = crosscheck(g, "nash", solvers=("enumpure",))
    found = [r for r in report.rows if r.check == "found"]
    assert len(found) == 3 and all("= our #" in r.detail for r in found)
    # Gambit's three differ only in P3's action off the path; all three are ours as well
    present = [r for r in report.rows if r.check == "in-gambit"]
    assert [r.status for r in present] == ["ok"] and "each of our 3 pure profiles" in present[0].detail
    pure = [r for r in report.rows if r.check == "pure-nash"]
    assert [r.status for r in pure] == ["ok"] and "all 3 of Gambit's" in pure[0].detail
