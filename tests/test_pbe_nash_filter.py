"""The Nash filter of PBE support enumeration drops only combinations that hold no PBE.

Independent computations: the same pieces solved with the filter off (plain support
enumeration), which must give exactly the same extreme points wherever both runs
decide every combination; and the realization supports of Kuhn poker's equilibria
(Kuhn 1950: player 1 never bets the Queen first, so no combination where he does can
hold an equilibrium).
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from gametoolkit.core.game import Game
from gametoolkit.evaluate.beliefs import subgame_roots_of_sets, support_beliefs
from gametoolkit.evaluate.profiles import Profile
from gametoolkit.io.efg import read_efg
from gametoolkit.solvers.pbe_core import FILTER_FROM, estimate_supports, solve_piece
from gametoolkit.solvers.pbe_nash_filter import nash_support_filter
from gametoolkit.verify.random_games import random_game

DATA = Path(__file__).parent / "data"


def test_kuhn_filter_rejects_betting_the_queen() -> None:
    g = read_efg(DATA / "efg" / "kuhn.efg")
    test = nash_support_filter(g)
    assert test is not None
    sets = {h.label: h for h in g.infosets if h.player >= 0}

    def supports(**changes: tuple[str, ...]) -> dict[int, tuple[int, ...]]:
        # Kuhn's equilibrium with alpha = 0 (player 1 never bets first, calls the Queen
        # with 1/3 ... as in the extreme point the solver reports)
        base = {
            "1J": ("check",), "1Q": ("check",), "1K": ("check",),
            "1Jcb": ("fold",), "1Qcb": ("fold", "call"), "1Kcb": ("call",),
            "2Jb": ("fold",), "2Qb": ("fold", "call"), "2Kb": ("call",),
            "2Jc": ("check", "bet"), "2Qc": ("check",), "2Kc": ("bet",),
        }
        base.update(changes)
        return {sets[k].index: tuple(sets[k].actions.index(a) for a in v) for k, v in base.items()}

    assert test(supports())
    assert test(supports(**{"1J": ("check", "bet"), "1K": ("check", "bet")}))
    assert not test(supports(**{"1Q": ("bet",)}))
    assert not test(supports(**{"1Q": ("check", "bet")}))
    # player 2 always calls with the King after a bet and bets it after a check
    assert not test(supports(**{"2Kc": ("check",)}))


def test_three_players_get_no_filter() -> None:
    rng = random.Random("filter-three")
    g = random_game(rng, players=3, min_nodes=10, max_nodes=30, title="three")
    assert nash_support_filter(g) is None


@pytest.mark.parametrize("seed", range(40))
def test_filter_keeps_every_equilibrium(seed: int) -> None:
    rng = random.Random(f"pbe-nash-filter:{seed}")
    g = random_game(rng, players=2, min_nodes=15, max_nodes=35, merge=0.9, title=f"f{seed}")
    estimate = estimate_supports(g)
    if estimate > 3000:
        pytest.skip("too many support combinations for the unfiltered reference run")
    if estimate <= FILTER_FROM:
        pytest.skip("small enough that the solver does not filter")
    plain = solve_piece(g, 10**6, 30.0, nash_filter=False)
    if plain.unsolved:
        pytest.skip("the unfiltered reference leaves a combination undecided")
    filtered = solve_piece(g, 10**6, 30.0, nash_filter=True)
    assert filtered.unsolved == 0
    # the points the PBE solver keeps after checking each from scratch (plain support
    # enumeration also finds profiles that pass one-shot conditions only)
    assert verified(g, filtered.points) == verified(g, plain.points)


def verified(g: Game, points: list[tuple[tuple[Fraction, ...], ...]]) -> set[tuple[tuple[Fraction, ...], ...]]:
    roots = subgame_roots_of_sets(g)
    return {p for p in points if all(c.rational for c in support_beliefs(Profile(g, p), roots))}


def test_multilinear_inequalities_settled_on_box_corners() -> None:
    from gametoolkit.algebra.poly import Poly
    from gametoolkit.solvers.pbe_leftovers import settle_multilinear as _settle_multilinear

    x, y = Poly.var(0), Poly.var(1)
    # -5/3 - 31/32 x (1 - y) <= 0 holds on the whole unit square: dropped
    always = Poly.const(Fraction(-5, 3)) - x * (Poly.const(1) - y) * Fraction(31, 32)
    assert _settle_multilinear([always]) == []
    # 5 - 4y + 5/4 xy <= 0 fails at every corner (least value 9/4 at x = y = 1): no point
    never = Poly.const(5) - y * 4 + x * y * Fraction(5, 4)
    assert _settle_multilinear([never]) is None
    # x y - 1/4 <= 0 holds at some corners only: kept for the caller
    some = x * y - Fraction(1, 4)
    assert _settle_multilinear([some]) == [some]
    # a bound on y alone narrows the box: with y <= 1/5, x y - 1/4 <= 0 always holds
    bound = y - Fraction(1, 5)
    assert _settle_multilinear([some, bound]) == [bound]
    # x^2 is not multilinear: kept even where it would hold
    square = x * x - 2
    assert _settle_multilinear([square]) == [square]
