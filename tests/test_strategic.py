"""gametoolkit.forms.strategic, gametoolkit.forms.sequence_form, gametoolkit.evaluate.completion."""

from __future__ import annotations

import random
import time
from fractions import Fraction
from pathlib import Path

import pytest

from games import entry_deterrence, selten_horse
from gametoolkit.core.dsl import chance, decision, game, leaf, param
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.errors import LimitError, SolverError
from gametoolkit.evaluate.profiles import Profile, node_values
from gametoolkit.forms.sequence_form import sequence_form
from gametoolkit.forms.strategic import count_plans, strategic_form
from gametoolkit.io.efg import read_efg

DATA = Path(__file__).parent / "data"
from corpus import CORPUS, needs_corpus  # noqa: E402
from gambit16 import needs_pygambit16  # noqa: E402


def kuhn() -> Game:
    return read_efg(DATA / "efg" / "kuhn.efg")


def random_profile(g: Game, rng: random.Random) -> Profile:
    probs = {}
    for h in g.infosets:
        if h.player != CHANCE:
            w = [rng.randint(1, 5) for _ in h.actions]
            probs[h.index] = [Fraction(x, sum(w)) for x in w]
    return Profile.from_probs(g, probs)


def random_mixed(sizes: tuple[int, ...], rng: random.Random) -> list[list[Fraction]]:
    out = []
    for n in sizes:
        w = [rng.randint(0, 4) for _ in range(n)]
        w[rng.randrange(n)] += 1
        out.append([Fraction(x, sum(w)) for x in w])
    return out


# ---------------------------------------------------------------------- plans
def test_entry_plans_and_payoffs() -> None:
    form = strategic_form(entry_deterrence())
    assert [form.plan_label(0, k) for k in range(2)] == ["Out", "In"]
    assert [form.plan_label(1, k) for k in range(2)] == ["Fight", "Accommodate"]
    # payoffs written in tests/games.py (Selten's chain-store stage game)
    assert form.matrix(0) == [[0, 0], [-1, 1]]
    assert form.matrix(1) == [[2, 2], [-1, 1]]


def test_kuhn_plan_counts_match_gambit() -> None:
    # pygambit 16.7 lists 27 and 64 reduced strategies for this file (checked by hand)
    assert count_plans(kuhn()) == (27, 64)
    form = strategic_form(kuhn())
    assert form.shape == (27, 64)
    # a plan excluding its own later set: bet with J leaves the set after check-bet open
    labels = [form.plan_label(0, k) for k in range(27)]
    assert "bet,*,check,fold,check,fold" in labels
    assert len(set(labels)) == 27


def test_excluded_sets_are_marked() -> None:
    form = strategic_form(own_exclusion())
    assert form.plans[0] == ((0, -1), (1, 0), (1, 1))
    assert [form.plan_actions(0, k) for k in range(3)] == [("stop", None), ("go", "x"), ("go", "y")]


@pytest.mark.parametrize("seed", range(6))
def test_strategic_payoffs_equal_tree_payoffs(seed: int) -> None:
    """Mixed strategies over plans and their behavior profiles give the same payoffs."""
    rng = random.Random(seed)
    g = kuhn() if seed % 2 else selten_horse()
    form = strategic_form(g)
    mixed = random_mixed(form.shape, rng)
    expected = [Fraction(0)] * g.num_players
    import itertools

    for cell in itertools.product(*(range(n) for n in form.shape)):
        weight = Fraction(1)
        for i, k in enumerate(cell):
            weight *= mixed[i][k]
        if weight:
            for i, x in enumerate(form.payoff(cell)):
                expected[i] += weight * x
    assert list(node_values(form.to_profile(mixed))[0]) == expected


def own_exclusion() -> Game:
    """A stops or goes; after go, B plays l or r; after l, A moves again."""
    return game(
        "own exclusion",
        ["A", "B"],
        decision(
            "A", "a1", stop=leaf(1, 0),
            go=decision("B", "b", l=decision("A", "a2", x=leaf(0, 1), y=leaf(2, 2)), r=leaf(0, 0)),
        ),
    )  # fmt: skip


def gambit_plan_index(form: object, pg: object) -> list[list[int]]:
    """For each player, our plan index of each of pygambit's strategies."""
    out = []
    for i, p in enumerate(pg.players):  # type: ignore[attr-defined]
        ours = {plan: k for k, plan in enumerate(form.plans[i])}  # type: ignore[attr-defined]
        isets = list(p.infosets)
        out.append(
            [
                ours[
                    tuple(
                        -1 if s.action(h) is None else [a.label for a in h.actions].index(s.action(h).label)
                        for h in isets
                    )
                ]
                for s in p.strategies
            ]
        )
    return out


@needs_pygambit16
@pytest.mark.parametrize("which", ["signaling", "own exclusion", "horse"])
def test_strategic_payoffs_match_pygambit(which: str, signaling_bound: Game) -> None:
    import itertools

    pygambit = pytest.importorskip("pygambit")
    from gametoolkit.io.pygambit import to_pygambit

    g = {"signaling": signaling_bound, "own exclusion": own_exclusion(), "horse": selten_horse()}[which]
    form = strategic_form(g)
    pg = to_pygambit(g)
    players = list(pg.players)
    index = gambit_plan_index(form, pg)
    strategies = [list(p.strategies) for p in players]
    assert [len(s) for s in strategies] == list(form.shape)
    for picks in itertools.product(*(range(len(s)) for s in strategies)):
        profile = pg.mixed_strategy_profile(rational=True)
        for i, s in enumerate(strategies):
            for k, st in enumerate(s):
                profile[st] = pygambit.Rational(int(k == picks[i]))
        cell = tuple(index[i][picks[i]] for i in range(len(players)))
        assert form.payoff(cell) == tuple(Fraction(profile.payoff(p)) for p in players)


def test_three_players_and_chance() -> None:
    form = strategic_form(selten_horse())
    assert form.shape == (2, 2, 2)
    # (C, c, *) ends at once with (1, 1, 1): Selten (1975), Figure 1
    assert form.payoff((0, 0, 0)) == (1, 1, 1) == form.payoff((0, 0, 1))
    p = param("p")
    g = game(
        "lottery",
        ["A"],
        chance(heads=(p, decision("A", "h", x=leaf(1), y=leaf(0))), tails=(1 - p, leaf(3))),
    ).bind(p=Fraction(1, 3))
    assert [strategic_form(g).payoff((k,)) for k in range(2)] == [(Fraction(7, 3),), (Fraction(2),)]


# ---------------------------------------------------------------------- limits and refusals
@needs_corpus
def test_too_large_is_refused_at_once() -> None:
    path = CORPUS / "contrib" / "games" / "ttt.efg"
    if not path.exists():
        pytest.skip("corpus not present")
    g = read_efg(path)
    start = time.perf_counter()
    with pytest.raises(LimitError, match=r"16529 x 668360 .* max_cells"):
        strategic_form(g)
    assert time.perf_counter() - start < 5
    with pytest.raises(LimitError, match="max_cells"):
        strategic_form(kuhn(), max_cells=1000)


def test_refuses_imperfect_recall_and_parameters() -> None:
    forgetful = game(
        "forgetful",
        ["A"],
        decision(
            "A",
            "first",
            l=decision("A", "second", x=leaf(1), y=leaf(0)),
            r=decision("A", "second", x=leaf(0), y=leaf(1)),
        ),
    )
    with pytest.raises(SolverError, match="perfect recall"):
        strategic_form(forgetful)
    p = param("p")
    with pytest.raises(SolverError, match="bind the parameters p"):
        strategic_form(game("g", ["A"], decision("A", "a", x=leaf(p), y=leaf(0))))


# ---------------------------------------------------------------------- sequence form
def test_sequence_form_of_kuhn() -> None:
    sf = sequence_form(kuhn())
    # 6 sets of 2 actions each, plus the empty sequence (Koller, Megiddo, von Stengel 1996)
    assert sf.sizes == (13, 13)
    e = sf.constraint_matrix(0)
    assert len(e) == 7 and e[0] == [1] + [0] * 12
    for row in e[1:]:
        assert sorted(row).count(1) == 2 and row.count(-1) == 1
    # zero-sum: A + B = 0 everywhere
    a, b = sf.payoff_matrix(0), sf.payoff_matrix(1)
    assert all(x + y == 0 for ra, rb in zip(a, b) for x, y in zip(ra, rb))


@pytest.mark.parametrize("seed", range(4))
def test_realization_plan_round_trip(seed: int) -> None:
    g = kuhn()
    sf = sequence_form(g)
    profile = random_profile(g, random.Random(seed))
    plans = [sf.realization_plan(profile, i) for i in range(2)]
    for i, plan in enumerate(plans):
        e = sf.constraint_matrix(i)
        assert [sum(x * r for x, r in zip(row, plan)) for row in e] == [1] + [0] * (len(e) - 1)
    assert sf.behavior(plans) == profile
    # the sequence-form payoff is the tree's expected payoff
    value = sum(
        (pay[0] * plans[0][s1] * plans[1][s2] for (s1, s2), pay in sf.payoffs.items()),
        Fraction(0),
    )
    assert value == node_values(profile)[0][0]


def test_not_a_realization_plan() -> None:
    sf = sequence_form(entry_deterrence())
    with pytest.raises(SolverError, match="realization plan"):
        sf.behavior([(Fraction(1), Fraction(1, 2), Fraction(1, 3)), (Fraction(1), Fraction(0), Fraction(1))])


# ---------------------------------------------------------------------- completion
def test_excluded_set_gets_a_best_response() -> None:
    # A stops at once; its own later set (after go, l) is excluded.  There B's l is
    # played, and y (2) beats x (0), so A's completion picks y.
    form = strategic_form(own_exclusion())
    profile = form.to_profile([[Fraction(1), Fraction(0), Fraction(0)], [Fraction(1), Fraction(0)]])
    assert profile.to_labels()["A"]["a2"] == {"x": 0, "y": 1}
    assert profile.to_labels()["A"]["a1"] == {"stop": 1, "go": 0}
