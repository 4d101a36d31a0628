"""Perfect Bayesian equilibria, pinned to the literature and to independent computation."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from games import beer_quiche, entry_deterrence, selten_horse
from gametoolkit import SolverError
from gametoolkit.catalog import load
from gametoolkit.core.game import Game
from gametoolkit.evaluate.beliefs import is_pbe
from gametoolkit.evaluate.profiles import is_nash
from gametoolkit.models import us_japan_alliance as usj
from gametoolkit.solution import Solution
from gametoolkit.solvers import pbe


def behavior(game: Game, solution: Solution, k: int, player: str, infoset: str) -> dict[str, Fraction]:
    eq = solution.equilibria[k]
    return eq.behavior.to_labels()[player][infoset]


def by_kind(solution: Solution) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for k, eq in enumerate(solution.equilibria):
        out.setdefault(eq.kind or "none", []).append(k)
    return out


# --- the US-Japan alliance game (Hayashi 2021; DESIGN.md's corrected statement, verified with Gambit)
def test_us_japan_china_high_p_below_t_has_three_pbe() -> None:
    g = load("us-japan-alliance", china="high", p="3/10")
    s = pbe.solve(g)
    assert s.complete and s.exact
    kinds = by_kind(s)
    assert sorted(kinds) == ["pooling", "semi-separating", "separating"]
    assert all(len(v) == 1 for v in kinds.values())
    sep, pool, semi = kinds["separating"][0], kinds["pooling"][0], kinds["semi-separating"][0]
    t = Fraction(1, 2)  # (y4 - bJ)/(y4 - y2) = (5 - 4)/(5 - 3) with the ranks of Figure 2
    p = Fraction(3, 10)
    assert behavior(g, s, sep, "US", "U_H") == {"h": 1, "l": 0}
    assert s.equilibria[sep].beliefs[g.infoset("Japan", "after l").index] == (1, 0)
    assert behavior(g, s, pool, "US", "U_H") == {"h": 0, "l": 1}
    assert behavior(g, s, pool, "Japan", "after l") == {"l": 0, "h": 1}
    assert behavior(g, s, semi, "US", "U_H")["l"] == p * (1 - t) / (t * (1 - p)) == Fraction(3, 7)
    assert behavior(g, s, semi, "Japan", "after l")["h"] == Fraction(5 - 4, 7 - 4)  # (x6 - bU)/(x4 - bU)
    assert s.equilibria[semi].beliefs[g.infoset("Japan", "after l").index] == (t, 1 - t)


@pytest.mark.parametrize(("china", "p"), [("high", "7/10"), ("low", "3/10"), ("low", "9/10")])
def test_us_japan_unique_separating(china: str, p: str) -> None:
    s = pbe.solve(load("us-japan-alliance", china=china, p=p))
    assert [e.kind for e in s.equilibria] == ["separating"]
    assert s.complete


def _random_payoffs(rng: random.Random, china: str) -> dict[str, int]:
    values: dict[str, int] = {}
    for ordering in usj.ORDERINGS[china].values():
        draws = sorted(rng.sample(range(-20, 40), len(ordering)), reverse=True)
        values.update(zip(ordering, draws))
    return values


@pytest.mark.parametrize("seed", range(12))
def test_us_japan_with_random_payoffs_consistent_with_figure_2(seed: int) -> None:
    rng = random.Random(seed)
    pay = _random_payoffs(rng, "high")
    t = Fraction(pay["y4"] - pay["bJ"], pay["y4"] - pay["y2"])
    for p in (t / 2, t, (1 + t) / 2):
        g = usj.build("high", p, **pay)
        s = pbe.solve(g)
        kinds = by_kind(s)
        assert len(kinds["separating"]) == 1  # for every p
        if p < t:
            assert len(kinds["pooling"]) == 1 and len(kinds["semi-separating"]) == 1
            semi = kinds["semi-separating"][0]
            assert behavior(g, s, semi, "US", "U_H")["l"] == p * (1 - t) / (t * (1 - p))
            q = Fraction(pay["x6"] - pay["bU"], pay["x4"] - pay["bU"])
            assert behavior(g, s, semi, "Japan", "after l")["h"] == q
        elif p > t:
            assert set(kinds) == {"separating"}
        else:  # p == t: pooling holds (a continuum of Japan's mixtures joins it)
            assert "pooling" in kinds and "semi-separating" not in kinds
    low = pbe.solve(usj.build("low", Fraction(rng.randint(1, 9), 10), **_random_payoffs(rng, "low")))
    assert [e.kind for e in low.equilibria] == ["separating"]


# --- textbook games
def test_beer_quiche_two_pooling_no_separating() -> None:
    # Cho and Kreps (1987): two pooling PBE (on beer, on quiche), each supported by the belief
    # that a deviant is weak with probability at least 1/2; no separating equilibrium.
    g = beer_quiche()
    s = pbe.solve(g)
    assert [e.kind for e in s.equilibria] == ["pooling", "pooling"]
    breakfasts = sorted(behavior(g, s, k, "Sender", "strong")["beer"] for k in range(2))
    assert breakfasts == [0, 1]
    conditions = sorted(c for e in s.equilibria for c in e.conditions)
    assert conditions == ["mu(weak-beer) >= 1/2", "mu(weak-quiche) >= 1/2"]
    payoffs = sorted(e.payoffs[0] for e in s.equilibria)
    assert payoffs == [Fraction(21, 10), Fraction(29, 10)]


def test_selten_horse() -> None:
    # Selten (1975): (C, c, R) is the perfect equilibrium; the Nash equilibrium (D, c, L) is not
    # sequentially rational for player 2.  Our PBE set is the segment from (C, c, R) to (C, d, R)
    # (player 2 is indifferent once 3 plays R), with mu(D) <= 1/3 at player 3 while 3 is off the path.
    g = selten_horse()
    s = pbe.solve(g)
    assert s.complete
    assert len(s.equilibria) == 2
    assert {e.component for e in s.equilibria} == {1}
    for e in s.equilibria:
        labels = e.behavior.to_labels()
        assert labels["1"]["1"]["C"] == 1 and labels["3"]["3"]["R"] == 1
    conds = [e.conditions for e in s.equilibria]
    # the set lists the node after d first: mu(after d) >= 2/3 is mu(after D) <= 1/3
    assert ("mu(3 after d) >= 2/3",) in conds and () in conds


def test_entry_deterrence_only_the_credible_equilibrium() -> None:
    g = entry_deterrence()
    s = pbe.solve(g)
    assert len(s.equilibria) == 1
    assert s.equilibria[0].behavior.to_labels()["Incumbent"]["I"] == {"Fight": 0, "Accommodate": 1}


def test_every_reported_pbe_is_nash_and_verified() -> None:
    for g in (beer_quiche(), selten_horse(), load("us-japan-alliance", china="high", p="3/10")):
        for e in pbe.solve(g).equilibria:
            assert is_nash(e.behavior)
            assert is_pbe(e.behavior)


def test_refusals() -> None:
    with pytest.raises(SolverError, match="unbound parameters"):
        pbe.solve(usj.tree())
    with pytest.raises(SolverError, match="max_supports"):
        pbe.solve(load("us-japan-alliance"), max_supports=3)


from corpus import CORPUS, needs_corpus  # noqa: E402

SMALL = sorted(
    p for p in CORPUS.rglob("*.efg") if p.stat().st_size < 2500
) if CORPUS.is_dir() else []


@needs_corpus
@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_pbe_are_nash_and_sequentially_rational(path: Path) -> None:
    """Every PBE we report on Gambit's small example games is Nash (our evaluator; Gambit's
    agreement is checked in test_crosscheck) and passes the independent PBE check."""
    from gametoolkit.io.efg import read_efg

    g = read_efg(path)
    if not g.has_perfect_recall:
        pytest.skip("no perfect recall")
    try:
        s = pbe.solve(g, max_supports=1000)
    except SolverError as err:
        pytest.skip(str(err))
    for e in s.equilibria:
        assert is_nash(e.behavior), f"not Nash: {e.behavior.to_labels()}"
        assert is_pbe(e.behavior)


def test_undecided_combinations_are_named_a_few_times_per_subgame_then_counted() -> None:
    from gametoolkit.solvers.pbe import NAMED_COMBINATIONS, _tally

    where = "in the subgame at n2: "
    combos = [f"{where}unsolved non-linear conditions for supports P1:{k}:['a']" for k in range(7)]
    notes = ["first note", *combos, "first note", "unsolved non-linear conditions for supports P2:1:['b']"]
    out = _tally(notes)
    assert out[0] == "first note (2 times)"
    assert out[1 : 1 + NAMED_COMBINATIONS] == combos[:NAMED_COMBINATIONS]
    assert out[1 + NAMED_COMBINATIONS] == f"{where}unsolved non-linear conditions for {7 - NAMED_COMBINATIONS} more combination(s) of supports"
    # another place (the root) keeps its own names
    assert out[-1] == "unsolved non-linear conditions for supports P2:1:['b']"
    assert len(out) == NAMED_COMBINATIONS + 3
