"""Exact Nash solvers: pure (n players), extreme equilibria (two players), Lemke, dispatch."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from games import chain_efg, entry_deterrence, selten_horse
from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.errors import LimitError, SolverError
from gametoolkit.evaluate.profiles import Profile, is_nash
from gametoolkit.forms.strategic import strategic_form
from gametoolkit.io.efg import read_efg
from gametoolkit.solvers import enummixed, lemke, nash, pure_nash
from gametoolkit.solvers import solve as solve_concept
from gametoolkit.solvers.enummixed import bimatrix_equilibria

DATA = Path(__file__).parent / "data"
from corpus import CORPUS, needs_corpus  # noqa: E402
from gambit16 import needs_pygambit16  # noqa: E402

F = Fraction


def kuhn() -> Game:
    return read_efg(DATA / "efg" / "kuhn.efg")


def bimatrix(title: str, a: list[list[int]], b: list[list[int]]) -> Game:
    """A simultaneous-move game as a tree: row player first, column player uninformed."""
    rows = [f"r{i + 1}" for i in range(len(a))]
    cols = [f"c{j + 1}" for j in range(len(a[0]))]
    return game(
        title,
        ["Row", "Column"],
        decision(
            "Row",
            "row",
            {
                r: decision("Column", "column", {c: leaf(a[i][j], b[i][j]) for j, c in enumerate(cols)})
                for i, r in enumerate(rows)
            },
        ),
    )


def matching_pennies() -> Game:
    return bimatrix("Matching pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


def battle_of_the_sexes() -> Game:
    return bimatrix("Battle of the sexes", [[2, 0], [0, 1]], [[1, 0], [0, 2]])


def labels(profile: Profile) -> dict[str, dict[str, dict[str, str]]]:
    return {
        p: {h: {a: str(x) for a, x in d.items()} for h, d in sets.items()} for p, sets in profile.to_labels().items()
    }


def pure_choices(profile: Profile) -> tuple[str, ...]:
    """The action taken at every player set, in set order (the profile must be pure)."""
    g = profile.game
    return tuple(h.actions[profile.probs[h.index].index(1)] for h in g.infosets if h.player != CHANCE)


# ---------------------------------------------------------------------- pure Nash
def test_entry_deterrence_pure() -> None:
    # two pure equilibria: (Out, Fight), non-credible, and (In, Accommodate) (Selten 1978)
    found = pure_nash.solve(entry_deterrence())
    assert found.concept == "pure-nash" and found.complete and found.exact
    assert {pure_choices(e.behavior) for e in found} == {("Out", "Fight"), ("In", "Accommodate")}
    assert {e.payoffs for e in found} == {(0, 2), (1, 1)}


def test_selten_horse_pure_three_players() -> None:
    # pure Nash equilibria of Selten's horse (Selten 1975, Figure 1), by hand:
    # (C, c, R), (C, d, R) and (D, c, L); the same three as Gambit's enumpure_solve
    found = pure_nash.solve(selten_horse())
    assert {pure_choices(e.behavior) for e in found} == {("C", "c", "R"), ("C", "d", "R"), ("D", "c", "L")}
    dcl = next(e for e in found if pure_choices(e.behavior) == ("D", "c", "L"))
    assert dcl.payoffs == (3, 3, 2)
    # player 3's set has two nodes; on the path of (D, c, L) the belief is on "3 after D"
    (h,) = [s for s in selten_horse().infosets if s.player == 2]
    assert dcl.beliefs[h.index] == (F(0), F(1)) or dcl.beliefs[h.index] == (F(1), F(0))


def test_matching_pennies_has_no_pure_equilibrium() -> None:
    assert len(pure_nash.solve(matching_pennies())) == 0


# ---------------------------------------------------------------------- extreme equilibria
def test_matching_pennies() -> None:
    # unique equilibrium: both mix 1/2, value 0 (von Neumann and Morgenstern 1944)
    found = enummixed.solve(matching_pennies())
    assert found.complete and len(found) == 1
    (eq,) = found
    assert labels(eq.behavior) == {
        "Row": {"row": {"r1": "1/2", "r2": "1/2"}},
        "Column": {"column": {"c1": "1/2", "c2": "1/2"}},
    }
    assert eq.payoffs == (0, 0)
    (h,) = [s for s in eq.behavior.game.infosets if s.label == "column"]
    assert eq.beliefs[h.index] == (F(1, 2), F(1, 2))


def test_battle_of_the_sexes() -> None:
    # three equilibria: two pure and ((2/3, 1/3), (1/3, 2/3)) paying (2/3, 2/3)
    # (Luce and Raiffa 1957, ch. 5)
    found = enummixed.solve(battle_of_the_sexes())
    assert len(found) == 3
    assert sorted(e.payoffs for e in found) == [(F(2, 3), F(2, 3)), (1, 2), (2, 1)]
    mixed = next(e for e in found if e.payoffs == (F(2, 3), F(2, 3)))
    assert labels(mixed.behavior)["Row"]["row"] == {"r1": "2/3", "r2": "1/3"}
    assert labels(mixed.behavior)["Column"]["column"] == {"c1": "1/3", "c2": "2/3"}
    assert len({e.component for e in found}) == 3


def test_degenerate_bimatrix() -> None:
    # von Stengel (2002), Handbook of Game Theory 3, ch. 45, §2.6: the degenerate 3x2
    # game whose top row has two best responses.  Equilibria: ((0, 1/3, 2/3), (1/3, 2/3))
    # and the segment (1, 0, 0) x {(y1, 1 - y1): y1 >= 2/3}, whose ends are extreme.
    a = [[3, 3], [2, 5], [0, 6]]
    b = [[3, 3], [2, 6], [3, 1]]
    found = bimatrix_equilibria(a, b)
    profiles = {(tuple(map(str, x)), tuple(map(str, y))) for x, y in found.profiles()}
    assert profiles == {
        (("0", "1/3", "2/3"), ("1/3", "2/3")),
        (("1", "0", "0"), ("1", "0")),
        (("1", "0", "0"), ("2/3", "1/3")),
    }
    assert len(set(found.components)) == 2
    # maximal Nash subsets: {x} x {y} and {(1,0,0)} x {two ends}
    assert sorted((len(r), len(c)) for r, c in found.nash_subsets) == [(1, 1), (1, 2)]
    solved = enummixed.solve(bimatrix("degenerate", a, b))
    assert len(solved) == 3 and len({e.component for e in solved}) == 2


def test_totally_degenerate_game() -> None:
    # every profile is an equilibrium: the four pure pairs are the extreme points,
    # one component, one maximal Nash subset (all of it)
    found = bimatrix_equilibria([[1, 1], [1, 1]], [[0, 0], [0, 0]])
    assert len(found.equilibria) == 4
    assert set(found.components) == {0}
    assert found.nash_subsets == ((frozenset({0, 1}), frozenset({0, 1})),)


def test_entry_deterrence_components() -> None:
    # (In, Accommodate) alone; (Out, q Fight + (1 - q) Accommodate) for q >= 1/2, whose
    # extreme points are q = 1 and q = 1/2: three extreme equilibria, two components
    found = enummixed.solve(entry_deterrence())
    seen = {(labels(e.behavior)["Incumbent"]["I"]["Fight"], labels(e.behavior)["Entrant"]["E"]["In"]) for e in found}
    assert seen == {("0", "1"), ("1", "0"), ("1/2", "0")}
    by_component: dict[int | None, set[str]] = {}
    for e in found:
        by_component.setdefault(e.component, set()).add(labels(e.behavior)["Incumbent"]["I"]["Fight"])
    assert sorted(map(sorted, by_component.values())) == [["0"], ["1", "1/2"]]


def test_json_contract() -> None:
    data = nash.solve(battle_of_the_sexes()).to_json()
    assert data["concept"] == "nash" and data["exact"] is True and data["complete"] is True
    assert {"behavior", "beliefs", "payoffs", "kind", "conditions", "component"} <= set(data["equilibria"][0])
    assert all(isinstance(x, str) for e in data["equilibria"] for x in e["payoffs"].values())


# ---------------------------------------------------------------------- Lemke
def test_kuhn_poker_by_lemke() -> None:
    found = lemke.solve(kuhn())
    assert found.method == "lemke-sequence-form" and not found.complete
    (eq,) = found
    # the value of the game to player 1 is -1/18 (Kuhn 1950)
    assert eq.payoffs == (F(-1, 18), F(1, 18))
    b = labels(eq.behavior)
    # Kuhn (1950): player 2's equilibrium strategy is unique
    assert b["Player 2"] == {
        "2Qc": {"check": "1", "bet": "0"},
        "2Qb": {"fold": "2/3", "call": "1/3"},
        "2Kc": {"check": "0", "bet": "1"},
        "2Kb": {"fold": "0", "call": "1"},
        "2Jc": {"check": "2/3", "bet": "1/3"},
        "2Jb": {"fold": "1", "call": "0"},
    }
    # player 1's are a one-parameter family: bet J with a in [0, 1/3], bet K with 3a,
    # check Q and call with Q with a + 1/3
    alpha = F(b["Player 1"]["1J"]["bet"])
    assert 0 <= alpha <= F(1, 3)
    assert F(b["Player 1"]["1K"]["bet"]) == 3 * alpha
    assert b["Player 1"]["1Q"]["bet"] == "0"
    assert F(b["Player 1"]["1Qcb"]["call"]) == alpha + F(1, 3)


def test_lemke_on_small_games() -> None:
    for g in (matching_pennies(), battle_of_the_sexes(), entry_deterrence()):
        (eq,) = lemke.solve(g)
        assert is_nash(eq.behavior)


def test_lemke_pivot_limit() -> None:
    with pytest.raises(LimitError, match="max_pivots"):
        lemke.solve(kuhn(), max_pivots=3)


# ---------------------------------------------------------------------- dispatch
def test_auto_falls_back_to_lemke_on_kuhn() -> None:
    found = nash.solve(kuhn(), max_bases=50)
    assert not found.complete and found.method == "lemke-sequence-form"
    assert "stopped after 50 bases" in found.notes[0] and "method='seqform'" in found.notes[0]
    # the value of the game to player 1 is -1/18 (Kuhn 1950)
    assert found[0].payoffs[0] == F(-1, 18)


def test_auto_enumerates_small_games() -> None:
    found = nash.solve(battle_of_the_sexes())
    assert found.complete and len(found) == 3
    assert solve_concept(battle_of_the_sexes(), "nash").to_json() == found.to_json()
    assert solve_concept(entry_deterrence(), "pure-nash").concept == "pure-nash"


def test_three_players_selten_horse() -> None:
    # Selten's horse has continua of equilibria (Selten 1975): support enumeration meets
    # positive-dimensional indifference systems, so the list is not proven complete and
    # the notes name those supports
    found = nash.solve(selten_horse())
    assert found.concept == "nash" and not found.complete and len(found) == 3
    assert "not proven complete" in found.notes[0] and "positive-dimensional" in found.notes[0]
    assert all(is_nash(e.behavior) for e in found)
    with pytest.raises(SolverError, match="two-player"):
        nash.solve(selten_horse(), method="lemke")


def test_one_player() -> None:
    g = game("choice", ["A"], decision("A", "a", x=leaf(1), y=leaf(1), z=leaf(0)))
    found = nash.solve(g)
    assert found.complete and len(found) == 2


def test_limits_and_refusals() -> None:
    with pytest.raises(LimitError, match="max_bases"):
        enummixed.solve(kuhn(), max_bases=50)
    with pytest.raises(LimitError, match="max_cells"):
        nash.solve(kuhn(), method="enummixed", max_cells=100)
    with pytest.raises(SolverError, match="unknown Nash method"):
        nash.solve(kuhn(), method="magic")
    forgetful = game(
        "forgetful",
        ["A", "B"],
        decision(
            "A",
            "first",
            l=decision("A", "second", x=leaf(1, 0), y=leaf(0, 0)),
            r=decision("A", "second", x=leaf(0, 0), y=leaf(1, 0)),
        ),
    )
    with pytest.raises(SolverError, match="perfect recall"):
        nash.solve(forgetful)


# ---------------------------------------------------------------------- agreement with Gambit
pygambit_needed = pytest.mark.skipif(
    __import__("importlib").util.find_spec("pygambit") is None, reason="pygambit not installed"
)


def gambit_maps(g: Game, pg: Any) -> tuple[Any, list[list[int]]]:
    """Our strategic form, and for each player our plan index of each Gambit strategy."""
    form = strategic_form(g)
    index = []
    for i, p in enumerate(pg.players):
        ours = {plan: k for k, plan in enumerate(form.plans[i])}
        isets = list(p.infosets)
        index.append(
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
    return form, index


def gambit_mixed(form: Any, index: list[list[int]], pg: Any, profile: Any) -> tuple[tuple[Fraction, ...], ...]:
    out = []
    for i, p in enumerate(pg.players):
        v = [F(0)] * len(form.plans[i])
        for k, s in enumerate(p.strategies):
            v[index[i][k]] = F(profile[s])
        out.append(tuple(v))
    return tuple(out)


def gambit_behavior(g: Game, pg: Any, profile: Any) -> Profile:
    probs = {}
    for i, p in enumerate(pg.players):
        for ours, theirs in zip(g.infosets_of(i), p.infosets, strict=True):
            assert list(ours.actions) == [a.label for a in theirs.actions]
            probs[ours.index] = [F(profile[a]) for a in theirs.actions]
    return Profile.from_probs(g, probs)


def random_tree(seed: int) -> Game:
    """A small two-player tree with payoffs in {0, 1, 2} (many ties: degenerate)."""
    rng = random.Random(seed)
    pay = lambda: leaf(rng.randint(0, 2), rng.randint(0, 2))  # noqa: E731
    first = [f"a{k}" for k in range(rng.randint(2, 3))]
    hidden = rng.random() < 0.6  # does player 2 see player 1's move?
    again = rng.random() < 0.5  # does player 1 move again?

    def after(a: str) -> Any:
        def tail(b: str) -> Any:
            if not again:
                return pay()
            return decision("P1", f"then {a}", x=pay(), y=pay())  # P1 recalls a, not b

        return decision("P2", "P2" if hidden else f"after {a}", {"l": tail("l"), "r": tail("r")})

    root: Any = decision("P1", "P1", {a: after(a) for a in first})
    if rng.random() < 0.3:
        root = chance(
            heads=(F(1, 3), root),
            tails=(F(2, 3), decision("P2", "solo", u=pay(), d=pay())),
        )
    return game(f"random {seed}", ["P1", "P2"], root)


# corpus two-player games where Gambit's enummixed_solve is quick (a few seconds at most)
CORPUS_GAMES = [
    "catalog/books/vonstengel2022/fig10.5.efg",
    "catalog/books/shohamleytonbrown2008/fig5_2.efg",
    "catalog/journals/mor/vonstengelforges2008/fig1.efg",
    "catalog/journals/mor/vonstengelforges2008/fig6.efg",
    "contrib/games/bhg1.efg",
    "contrib/games/cent3.efg",
    "contrib/games/coord4.efg",
    "contrib/games/e17.efg",
    "contrib/games/pvw.efg",
    "contrib/games/work2.efg",
    "tests/test_games/nature_leaves_nongeneric.efg",
    "catalog/books/shohamleytonbrown2008/fig5_1.efg",
    "contrib/games/centcs10.efg",
    "contrib/games/hs1.efg",
    "contrib/games/vd.efg",
    "tests/test_games/reduction_generic_payoffs.efg",
    "tests/test_games/zerosum_efg_from_sequence_form_STOC94_paper.efg",
]


def agreement_cases() -> list[Any]:
    # seed 9 gives a 9 x 8 game on which Gambit's enummixed_solve needs about 13 s
    cases: list[Any] = [
        pytest.param(f"random {s}", id=f"random-{s}", marks=[pytest.mark.slow] if s == 9 else []) for s in range(12)
    ]
    cases += [pytest.param(name, id=name.split("/")[-1]) for name in CORPUS_GAMES]
    return cases


def load_case(name: str) -> Game:
    if name.startswith("random "):
        return random_tree(int(name.split()[1]))
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not present")
    return read_efg(path)


@needs_pygambit16
@needs_corpus
@pygambit_needed
@pytest.mark.parametrize("name", agreement_cases())
def test_agrees_with_gambit(name: str) -> None:
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    g = load_case(name)
    pg = to_pygambit(g)
    form, index = gambit_maps(g, pg)

    # pure equilibria: our set equals enumpure_solve's, strategy by strategy
    theirs_pure = {gambit_mixed(form, index, pg, e) for e in pygambit.nash.enumpure_solve(pg).equilibria}
    ours_pure = {
        tuple(tuple(F(int(k == c)) for k in range(len(form.plans[i]))) for i, c in enumerate(cell))
        for cell in pure_nash.pure_equilibria(form)
    }
    assert ours_pure == theirs_pure

    # extreme equilibria: our set equals enummixed_solve's (rational)
    theirs = {gambit_mixed(form, index, pg, e) for e in pygambit.nash.enummixed_solve(pg, rational=True).equilibria}
    ours = set(bimatrix_equilibria(form.matrix(0), form.matrix(1)).profiles())
    assert ours == theirs

    # every equilibrium Gambit's sequence-form lcp_solve finds is Nash by our check
    for e in pygambit.nash.lcp_solve(pg, rational=True).equilibria:
        assert is_nash(gambit_behavior(g, pg, e))

    # and our solvers' behavior profiles pass the tree check (they check themselves)
    assert len(enummixed.solve(g)) >= 1
    assert len(lemke.solve(g)) == 1


@needs_pygambit16
@needs_corpus
@pygambit_needed
def test_huge_payoffs_where_gambit_enummixed_misses() -> None:
    """Payoffs of 10^19 (beyond 64-bit integers): Gambit 16.7's enummixed_solve returns
    no equilibrium at all, though its enumpure_solve finds a pure one; exact integer
    pivoting has no such limit (observed with pygambit 16.7.0)."""
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    path = CORPUS / "tests" / "test_games" / "large_payoff_game.efg"
    if not path.exists():
        pytest.skip("corpus file not present")
    g = read_efg(path)
    pg = to_pygambit(g)
    form, index = gambit_maps(g, pg)
    ours = set(bimatrix_equilibria(form.matrix(0), form.matrix(1)).profiles())
    theirs_pure = {gambit_mixed(form, index, pg, e) for e in pygambit.nash.enumpure_solve(pg).equilibria}
    assert theirs_pure and theirs_pure <= ours
    found = enummixed.solve(g)
    assert len(found) == 2 and all(is_nash(e.behavior) for e in found)


def test_players_without_moves() -> None:
    # a player with no information set has one (empty) plan and the sequence ∅ only
    solo = game("solo", ["A", "B"], decision("A", "a", x=leaf(1, 0), y=leaf(2, 5)))
    assert lemke.solve(solo)[0].payoffs == (2, 5)
    assert [e.payoffs for e in enummixed.solve(solo)] == [(2, 5)]
    lottery = game("lottery", ["A", "B"], chance(h=(F(1, 2), leaf(1, 0)), t=(F(1, 2), leaf(0, 1))))
    assert lemke.solve(lottery)[0].payoffs == (F(1, 2), F(1, 2))
    found = nash.solve(lottery)
    assert found.complete and [e.payoffs for e in found] == [(F(1, 2), F(1, 2))]


@pytest.mark.slow
def test_kuhn_poker_all_extreme_equilibria() -> None:
    # one to two minutes; Gambit 16.7's enummixed_solve does not finish in 5 minutes here.
    # Kuhn (1950): value -1/18, player 2's strategy unique, player 1's a segment
    # (one component); in the strategic form its ends have many realization-equivalent
    # mixed strategies.
    found = enummixed.solve(kuhn())
    assert found.complete
    assert {e.payoffs for e in found} == {(F(-1, 18), F(1, 18))}
    assert {e.component for e in found} == {0}
    assert len({str(labels(e.behavior)["Player 2"]) for e in found}) == 1
    alphas = {F(labels(e.behavior)["Player 1"]["1J"]["bet"]) for e in found}
    assert min(alphas) == 0 and max(alphas) == F(1, 3)


def test_regrets_on_a_chain_thousands_of_moves_deep() -> None:
    """Best responses take one pass over the tree (they once took one per own set).

    A centipede-like chain of 6,000 moves, players alternating, where stopping at move
    ``k`` pays ``(k, -k)`` and going on to the end pays ``(0, 0)``.  Against everyone
    going on, A's best deviation stops at its last move (k = 5,998); B's best is to go on.
    """
    from gametoolkit.evaluate.profiles import Profile, best_response_value, strategic_regrets
    from gametoolkit.io.efg import parse_efg

    n = 6000
    g = parse_efg(chain_efg(n, lambda k: (k, -k), (0, 0)), "chain.efg")
    everyone_goes = Profile.from_probs(g, {h.index: (Fraction(1), Fraction(0)) for h in g.infosets})
    assert best_response_value(everyone_goes, 0) == n - 2
    assert best_response_value(everyone_goes, 1) == 0
    assert strategic_regrets(everyone_goes) == (n - 2, 0)
