"""The cross-check against Gambit: what it confirms, what it catches, the check command."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import replace
from fractions import Fraction

import pytest

from conftest import make_signaling
from games import beer_quiche, chain_efg, entry_deterrence, selten_horse
from gametoolkit.catalog import load
from gametoolkit.cli.check import cmd_check, register
from gametoolkit.core.game import Game
from gametoolkit.errors import GameToolkitError
from gametoolkit.solution import Assessment, Solution
from gametoolkit.solvers import solve
from gametoolkit.verify.crosscheck import CrossCheckReport, crosscheck, format_report
from gametoolkit.verify.gambit_solvers import reduced_strategy_counts
from gametoolkit.verify.hull import in_hull

pytest.importorskip("pygambit")

#: The fast Gambit solvers (enummixed in floating point is fast too; see fast=).
FAST = ("enumpure", "enumpure-agent", "lcp", "enummixed", "logit")


def us_japan(china: str = "high", p: str = "3/10") -> Game:
    return load("us-japan-alliance", china=china, p=p)


@pytest.fixture(scope="module")
def us_japan_report() -> CrossCheckReport:
    return crosscheck(us_japan(), "pbe", solvers=FAST, rational_strategic=False)


def rows(report: CrossCheckReport, check: str) -> dict[str, tuple[str, str]]:
    return {r.subject: (r.status, r.detail) for r in report.rows if r.check == check}


# ---------------------------------------------------------------------- US-Japan
def test_us_japan_all_three_pbe_confirmed_by_gambit(us_japan_report: CrossCheckReport) -> None:
    report = us_japan_report
    assert report.ok, format_report(report)
    assert len(report.solution.equilibria) == 3
    for check in ("regret", "payoffs", "play", "beliefs", "subgames"):
        found = rows(report, check)
        assert set(found) == {"#1", "#2", "#3"}, check
        assert all(status == "ok" for status, _ in found.values()), check
    assert "max_regret = 0" in rows(report, "regret")["#3"][1]
    # the semi-separating equilibrium's belief after l is (1/2, 1/2), and Gambit agrees
    assert "after l: UL-l 1/2, UH-l 1/2" in rows(report, "beliefs")["#3"][1]
    assert "US 49/10, Japan 24/5" in rows(report, "payoffs")["#3"][1]


def test_us_japan_gambit_equilibria_judged_by_our_evaluator(us_japan_report: CrossCheckReport) -> None:
    report = us_japan_report
    runs = {run.solver: run for run in report.runs}
    assert runs["enumpure"].status == "ok" and len(runs["enumpure"].equilibria) == 14
    assert all(e.is_nash for e in runs["enumpure"].equilibria)
    assert len(runs["enumpure-agent"].equilibria) == 64
    # Gambit's extensive lcp equilibrium is Nash but not a PBE (a non-credible threat)
    (lcp,) = runs["lcp"].equilibria
    assert lcp.is_nash and lcp.is_pbe is False
    # enummixed's extreme equilibria include every one of our three PBE
    matches = {e.match for e in runs["enummixed"].equilibria if e.is_pbe}
    assert matches == {"#1", "#2", "#3"}
    status, detail = rows(report, "logit-limit")["logit"]
    assert status == "ok" and "our #" in detail
    present = rows(report, "in-gambit")
    assert present["enumpure"][0] == "ok" and present["enumpure-agent"][0] == "ok"


def test_report_table_and_json(us_japan_report: CrossCheckReport) -> None:
    text = format_report(us_japan_report)
    first = text.splitlines()[0]
    assert first.startswith("Cross-check against Gambit (pygambit 1")
    assert re.search(r"\(pygambit (16\.\d|17\.0\.0b2)", first)
    assert "verdict: ok" in text
    data = json.loads(json.dumps(us_japan_report.to_json()))
    assert data["ok"] is True and data["disagreements"] == 0
    assert data["concept"] == "pbe" and data["complete"] is True
    assert {"check", "subject", "status", "detail"} == set(data["rows"][0])
    enumpure = next(r for r in data["gambit_runs"] if r["solver"] == "enumpure")
    assert enumpure["equilibria"][0]["behavior"]["Japan"]


def test_china_low_single_pbe() -> None:
    report = crosscheck(us_japan("low"), "pbe", solvers=("enumpure", "logit"))
    assert report.ok, format_report(report)
    assert len(report.solution.equilibria) == 1


# ---------------------------------------------------------------------- disagreements
def tampered(solution: Solution, k: int, label: str, dist: tuple[Fraction, ...]) -> Solution:
    """``solution`` with equilibrium ``k`` playing ``dist`` at the set labelled ``label``."""
    eq = solution.equilibria[k]
    h = next(h for h in solution.game.infosets if h.label == label)
    wrong = replace(eq, behavior=eq.behavior.replace(h.index, dist))
    return replace(solution, equilibria=(*solution.equilibria[:k], wrong, *solution.equilibria[k + 1 :]))


def test_a_wrong_probability_is_caught() -> None:
    game = us_japan()
    solution = solve(game, "pbe")
    # Japan's mixing after l in the semi-separating equilibrium is 2/3 l; make it 1/2
    bad = tampered(solution, 2, "after l", (Fraction(1, 2), Fraction(1, 2)))
    report = crosscheck(game, "pbe", solution=bad, solvers=())
    assert not report.ok
    assert rows(report, "regret")["#3"][0] == "DISAGREE"
    assert rows(report, "payoffs")["#3"][0] == "DISAGREE"  # our payoffs no longer follow from the behavior
    assert rows(report, "regret")["#1"][0] == "ok"
    assert "verdict: DISAGREE" in format_report(report)


def test_wrong_beliefs_and_payoffs_are_caught() -> None:
    game = us_japan()
    solution = solve(game, "pbe")
    eq = solution.equilibria[1]
    h = next(h for h in game.infosets if h.label == "after l")
    wrong = replace(eq, beliefs={**eq.beliefs, h.index: (Fraction(1, 2), Fraction(1, 2))}, payoffs=(Fraction(0), Fraction(0)))
    report = crosscheck(game, "pbe", solution=replace(solution, equilibria=(solution[0], wrong, solution[2])), solvers=())
    assert rows(report, "beliefs")["#2"][0] == "DISAGREE"
    assert rows(report, "payoffs")["#2"][0] == "DISAGREE"
    assert rows(report, "regret")["#2"][0] == "ok"


def test_a_missing_equilibrium_is_caught() -> None:
    game = us_japan()
    solution = solve(game, "pbe")
    short = replace(solution, equilibria=solution.equilibria[1:])  # drop the separating one, still "complete"
    report = crosscheck(game, "pbe", solution=short, solvers=("enumpure",))
    assert not report.ok
    found = [r for r in report.rows if r.check == "found" and r.status == "DISAGREE"]
    assert found and "not among our equilibria" in found[0].detail


def test_missing_equilibrium_of_an_incomplete_list_is_only_noted() -> None:
    game = us_japan()
    solution = solve(game, "pbe")
    short = replace(solution, equilibria=solution.equilibria[1:], complete=False)
    report = crosscheck(game, "pbe", solution=short, solvers=("enumpure",))
    assert report.ok
    assert any("not in our list" in r.detail for r in report.rows if r.check == "found")


# ---------------------------------------------------------------------- textbook games
def test_beer_quiche() -> None:
    report = crosscheck(beer_quiche(), "pbe", rational_strategic=False)
    assert report.ok, format_report(report)
    # both pooling equilibria and their off-path variants pass Gambit's exact regret test
    assert set(rows(report, "regret")) == {"#1", "#1 variant 1", "#2", "#2 variant 1"}
    runs = {run.solver: run for run in report.runs}
    assert {e.match for e in runs["enummixed"].equilibria} == {"#1", "#2"}


def test_selten_horse() -> None:
    report = crosscheck(selten_horse(), "pbe")
    assert report.ok, format_report(report)
    runs = {run.solver: run for run in report.runs}
    assert runs["lcp"].status == "skipped"  # three players
    # (D, c, L) is Nash but not perfect Bayesian
    assert [e.is_pbe for e in runs["enumpure"].equilibria].count(False) == 1
    # the logit limit mixes 2's moves half and half: inside our continuum, not at a vertex
    status, detail = rows(report, "logit-limit")["logit"]
    assert status == "ok" and "component 1" in detail


def test_entry_subgame_perfect() -> None:
    game = entry_deterrence()
    report = crosscheck(game, "spe", solvers=("enumpure", "enumpure-agent", "lcp"))
    assert report.ok, format_report(report)
    runs = {run.solver: run for run in report.runs}
    # (Out, Fight) is Nash, not subgame perfect
    assert [e.is_spe for e in runs["enumpure"].equilibria].count(True) == 1
    assert rows(report, "subgames")["#1"][0] == "ok"


def test_a_non_credible_threat_is_caught_in_its_subgame() -> None:
    """(Out, Fight) in the entry game is Nash, so only Gambit's regret in the subgame after In objects."""
    from gametoolkit.evaluate.profiles import Profile, node_values

    game = entry_deterrence()
    threat = Profile.from_labels(game, {"Entrant": {"E": {"Out": 1}}, "Incumbent": {"I": {"Fight": 1}}})
    claimed = Solution(game=game, concept="spe", method="by hand", exact=True, complete=False, equilibria=(Assessment(threat, {}, node_values(threat)[0]),))
    report = crosscheck(game, "spe", solution=claimed, solvers=())
    assert rows(report, "regret")["#1"][0] == "ok"
    status, detail = rows(report, "subgames")["#1"]
    assert status == "DISAGREE" and "In (regret 2)" in detail


def test_a_timeout_skips_the_solver() -> None:
    report = crosscheck(beer_quiche(), "pbe", timeout=1e-4, solvers=("enumpure",))
    (row,) = [r for r in report.rows if r.check == "enumpure"]
    assert row.status == "skipped" and "timeout" in row.detail
    assert report.ok


def test_bad_input() -> None:
    with pytest.raises(GameToolkitError, match="unknown concept"):
        crosscheck(entry_deterrence(), "sequential")
    with pytest.raises(GameToolkitError, match="unknown Gambit solver"):
        crosscheck(entry_deterrence(), solvers=("enumpoly",))
    with pytest.raises(GameToolkitError, match="unbound parameters"):
        crosscheck(make_signaling())


from corpus import CORPUS, needs_corpus  # noqa: E402


def test_pure_nash_concept_against_enumpure() -> None:
    report = crosscheck(us_japan(), "pure-nash", solvers=("enumpure", "enumpure-agent"))
    assert report.ok, format_report(report)
    status, detail = rows(report, "pure-nash")["enumpure"]
    assert status == "ok" and "all 14" in detail
    assert rows(report, "in-gambit")["enumpure"][0] == "ok"


def test_nash_concept() -> None:
    pytest.importorskip("gametoolkit.solvers.nash")
    report = crosscheck(beer_quiche(), "nash", rational_strategic=False)
    assert report.ok, format_report(report)
    runs = {run.solver: run for run in report.runs}
    assert all(e.match is not None for e in runs["enummixed"].equilibria)


@needs_corpus
def test_agent_equilibrium_that_is_not_nash() -> None:
    """Myerson (1991) Figure 4.2: (B1, W2, Z1) is an agent-form equilibrium, not a Nash one.

    Player 1 would rather play A1 and then Y1.  Given as an equilibrium of ours, Gambit's
    regret catches it.
    """
    from gametoolkit.evaluate.profiles import Profile, node_values
    from gametoolkit.io.efg import read_efg

    game = read_efg(CORPUS / "catalog" / "books" / "myerson1991" / "fig4_2.efg")
    p1, p2 = game.players
    profile = Profile.from_labels(game, {p1: {"#1": {"B1": 1}, "#2": {"Z1": 1}}, p2: {"#1": {"W2": 1}}})
    claimed = Solution(game=game, concept="pbe", method="by hand", exact=True, complete=False, equilibria=(Assessment(profile, {}, node_values(profile)[0]),))
    report = crosscheck(game, "pbe", solution=claimed, solvers=("enumpure-agent", "enumpure"))
    assert not report.ok
    assert rows(report, "regret")["#1"] == ("DISAGREE", "Gambit's max_regret = 1: not a Nash equilibrium")
    assert rows(report, "in-gambit")["enumpure"][0] == "DISAGREE"
    assert rows(report, "in-gambit")["enumpure-agent"][0] == "ok"


@needs_corpus
def test_myerson_fig4_2_pbe_agrees_with_gambit() -> None:
    # once reported (B1, W2, Z1), which is not Nash: one-shot checks with free beliefs at the
    # mover's own later sets; sequential rationality is now checked for whole continuations
    from gametoolkit.io.efg import read_efg

    game = read_efg(CORPUS / "catalog" / "books" / "myerson1991" / "fig4_2.efg")
    report = crosscheck(game, "pbe", solvers=("enumpure",))
    assert report.ok, format_report(report)


@needs_corpus
def test_gambit_returning_no_equilibrium_is_a_disagreement() -> None:
    """Gambit 16.7's enummixed finds no equilibrium when payoffs reach 10^19 (its own test game)."""
    from gametoolkit.io.efg import read_efg

    game = read_efg(CORPUS / "tests" / "test_games" / "large_payoff_game.efg")
    report = crosscheck(game, "pbe", solvers=("enummixed", "logit"), rational_strategic=False)
    status, detail = rows(report, "enummixed")["Gambit"]
    if report.runs[0].equilibria:  # a later Gambit may have fixed it
        assert status == "ok"
        return
    assert status == "DISAGREE" and "every finite game has a Nash equilibrium" in detail
    assert rows(report, "regret")["#1"][0] == "ok"
    # logit cannot resolve payoffs of 10^19 either: its miss is not held against us
    # (pygambit 16 returns a profile the logit-limit check skips, 17 returns none)
    limit = rows(report, "logit-limit").get("logit") or rows(report, "logit")["Gambit"]
    assert limit[0] == "skipped"


# ---------------------------------------------------------------------- helpers
def test_reduced_strategy_counts_match_gambit() -> None:
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit
    from gametoolkit.verify.gambit_profiles import GambitTree

    for game in (us_japan(), us_japan("low"), beer_quiche(), selten_horse(), entry_deterrence()):
        tree = GambitTree(game, to_pygambit(game))
        assert reduced_strategy_counts(game) == [len(tree.strategies(i)) for i in range(len(game.players))]
    assert pygambit.__version__.startswith(("16.", "17."))


def test_exact_convex_hull() -> None:
    f = Fraction
    square = [[f(0), f(0)], [f(1), f(0)], [f(0), f(1)], [f(1), f(1)]]
    assert in_hull(square, [f(1, 3), f(2, 3)])
    assert not in_hull(square, [f(4, 3), f(0)])
    assert in_hull([[f(0), f(1)], [f(1), f(0)]], [f(1, 2), f(1, 2)])
    assert not in_hull([[f(0), f(1)], [f(1), f(0)]], [f(1, 2), f(1, 3)])


# ---------------------------------------------------------------------- the check command
def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gametoolkit")
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def test_check_command_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse("check", "us-japan-alliance", "--set", "china=high", "--set", "p=3/10", "--solver", "enumpure", "--json")
    assert cmd_check(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["equilibria"] == 3


def test_check_command_exit_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import gametoolkit.solvers

    real = gametoolkit.solvers.solve

    def wrong(game: Game, concept: str = "pbe", **options: object) -> Solution:
        return tampered(real(game, concept), 0, "after l", (Fraction(1, 2), Fraction(1, 2)))

    monkeypatch.setattr(gametoolkit.solvers, "solve", wrong)
    args = parse("check", "us-japan-alliance", "--set", "china=high", "--set", "p=3/10", "--solver", "enumpure")
    assert cmd_check(args) == 1
    assert "DISAGREE" in capsys.readouterr().out


def test_check_command_bad_input() -> None:
    with pytest.raises(GameToolkitError, match="--timeout"):
        cmd_check(parse("check", "us-japan-alliance", "--timeout", "0"))
    with pytest.raises(GameToolkitError, match="china must be one of"):
        cmd_check(parse("check", "us-japan-alliance", "--set", "china=mid"))


@pytest.mark.slow
def test_us_japan_exact_enummixed() -> None:
    """Gambit's rational enummixed (about 10-20 s here) finds all three PBE among its extreme equilibria."""
    report = crosscheck(us_japan(), "pbe", solvers=("enummixed",), rational_strategic=True, timeout=120)
    assert report.ok, format_report(report)
    (run,) = report.runs
    assert all(e.exact for e in run.equilibria)
    assert {e.match for e in run.equilibria if e.is_pbe} == {"#1", "#2", "#3"}


def test_completions_are_made_only_as_far_as_the_concept_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a degenerate random game gave 1,392 pure equilibria from enumpure, each
    with 8 to 13 sets its own player's moves exclude; every one was completed 257 ways and
    each completion tested for PBE, which took most of an hour.  For Nash concepts the
    completion cannot change the answer, so only a few are made now."""
    import gametoolkit.verify.checker as cc
    from gametoolkit.io.efg import parse_efg

    # a chain of 16 moves, players alternating; stopping at move k pays (k mod 3, 0), the
    # end (1, 0): B is indifferent everywhere, so many pure equilibria stop early and leave
    # the later sets of the stopping player unspecified (2^7 pure completions for A)
    game = parse_efg(chain_efg(16, lambda k: (k % 3, 0), (1, 0)), "chain.efg")
    made: list[int] = []
    original = cc.Checker.completions

    def counted(self: object, eq: object, limit: int = cc.COMPLETION_LIMIT):  # type: ignore[no-untyped-def]
        for n, profile in enumerate(original(self, eq, limit), 1):  # type: ignore[arg-type]
            made.append(n)
            yield profile

    monkeypatch.setattr(cc.Checker, "completions", counted)
    report = crosscheck(game, "nash", solvers=("enumpure",))
    assert report.ok, format_report(report)
    gambit = next(run for run in report.runs if run.solver == "enumpure")
    unspecified = max(sum(1 for x in eq.behavior.values() if x is None) for eq in gambit.equilibria)
    assert unspecified >= 5  # the case at hand: 2^5 or more pure completions were possible
    # at most: the first, one satisfying the concept, and PBE_TRIES more, per equilibrium
    assert max(made) <= 2 + cc.PBE_TRIES
