"""Mixed Nash for three or more players: exact polynomial systems, algebraic equilibria."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from gambit16 import needs_pygambit16
from gametoolkit.core.dsl import decision, game, leaf
from gametoolkit.core.game import Game
from gametoolkit.errors import LimitError
from gametoolkit.solvers import nash, nash_support
from test_nash import pygambit_needed

sympy = pytest.importorskip("sympy")


def three_player(title: str, pay: Any) -> Game:
    """A simultaneous 2 x 2 x 2 game as a tree (P2 and P3 see nothing); ``pay(a1, a2, a3)``."""

    def p3(a1: str, a2: str) -> Any:
        return decision("P3", "P3", A=leaf(*pay(a1, a2, "A")), B=leaf(*pay(a1, a2, "B")))

    def p2(a1: str) -> Any:
        return decision("P2", "P2", A=p3(a1, "A"), B=p3(a1, "B"))

    return game(title, ["P1", "P2", "P3"], decision("P1", "P1", A=p2("A"), B=p2("B")))


def root_two_game() -> Game:
    """B pays 1; A pays 2 when both others play A, else 0.

    Player i is indifferent when the others' probabilities of A multiply to 1/2, so the
    mixed equilibrium has p1 = p2 = p3 = 1/sqrt(2) (by hand: p2 p3 = p1 p3 = p1 p2 = 1/2);
    the pure equilibria are AAA and BBB, and no other support works (one or two players
    mixing would need a product of pure probabilities equal to 1/2).
    """

    def pay(*acts: str) -> tuple[int, ...]:
        out = []
        for i, a in enumerate(acts):
            others = [b for j, b in enumerate(acts) if j != i]
            out.append(1 if a == "B" else 2 * all(b == "A" for b in others))
        return tuple(out)

    return three_player("root two", pay)


def floats(solution: Any) -> set[tuple[float, ...]]:
    return {
        tuple(round(float(x), 9) for h, dist in zip(s.behavior.game.infosets, s.behavior.probs) if h.player >= 0 for x in dist)
        for s in solution
    }


def test_root_two_exact() -> None:
    found = nash.solve(root_two_game())
    assert found.complete and found.method == "support enumeration (exact polynomial systems)"
    data = found.to_json()
    mixed = [e for e in data["equilibria"] if e["behavior"]["P1"]["P1"]["A"] not in ("0", "1")]
    assert len(data["equilibria"]) == 3 and len(mixed) == 1
    # the hand computation above: 1/sqrt(2), printed as sympy reads it (DESIGN.md)
    for player in ("P1", "P2", "P3"):
        assert mixed[0]["behavior"][player][player] == {"A": "sqrt(2)/2", "B": "1 - sqrt(2)/2"}
        assert sympy.sympify(mixed[0]["behavior"][player][player]["A"]) == 1 / sympy.sqrt(2)
        assert mixed[0]["payoffs"][player] == "1"
    json.dumps(data)


@needs_pygambit16
@pygambit_needed
def test_root_two_against_gambit() -> None:
    # Gambit's enumpoly_solve (floating point) finds the same three equilibria, and
    # Gambit's max_regret of ours is below 1e-12
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    g = root_two_game()
    pg = to_pygambit(g)
    theirs = {
        tuple(round(float(e[a]), 9) for p in pg.players for h in p.infosets for a in h.actions)
        for e in pygambit.nash.enumpoly_solve(pg).equilibria
    }
    found = nash_support.solve(g)
    assert floats(found) == theirs
    assert all(gambit_regret(pg, g, eq) < 1e-12 for eq in found)


def gambit_regret(pg: Any, g: Game, eq: Any) -> float:
    """Gambit's max_regret (floating point) of one of our equilibria."""
    profile = pg.mixed_behavior_profile()
    for p, ours in zip(pg.players, g.players, strict=True):
        for h in p.infosets:
            dist = eq.behavior.to_labels()[ours][h.label]
            for a in h.actions:
                profile[a] = float(dist[a.label])
    return float(profile.max_regret())


@needs_pygambit16
@pygambit_needed
@pytest.mark.parametrize("seed", range(6))
def test_random_three_player_games_against_gambit(seed: int) -> None:
    # generic payoffs (in -999..999): every equilibrium is isolated.  Every equilibrium
    # of Gambit's enumpoly_solve (floating point) is one of ours (to 1e-9), and Gambit's
    # max_regret of each of ours is below 1e-12 times the payoff range.  Gambit may list
    # fewer: on seed 3 its enumpoly_solve (numerical) missed, in some runs, the fully
    # mixed equilibrium with irrational probabilities that ours gives exactly (Gambit's
    # regret of ours: 6e-14).
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    rng = random.Random(seed)
    table = {(a, b, c): tuple(rng.randint(-999, 999) for _ in range(3)) for a in "AB" for b in "AB" for c in "AB"}
    g = three_player(f"random {seed}", lambda *acts: table[acts])
    found = nash_support.solve(g, max_seconds=600)  # generous: the machine may be loaded
    assert found.complete
    pg = to_pygambit(g)
    theirs = {
        tuple(round(float(e[a]), 9) for p in pg.players for h in p.infosets for a in h.actions)
        for e in pygambit.nash.enumpoly_solve(pg).equilibria
    }
    assert theirs <= floats(found)
    assert all(gambit_regret(pg, g, eq) < 2000 * 1e-12 for eq in found)


def test_support_limit_falls_back_to_pure() -> None:
    with pytest.raises(LimitError, match="max_supports"):
        nash_support.solve(root_two_game(), max_supports=5)
    found = nash.solve(root_two_game(), max_supports=5)
    assert not found.complete and len(found) == 2 and "max_supports=5" in found.notes[0]


def test_polysolve() -> None:
    from gametoolkit.algebra.polysolve import canonical_algebraic, is_zero, real_solutions, sign

    x, y = sympy.symbols("x y")
    # x^5 - x - 1 has one real root, not expressible in radicals (Abel-Ruffini; a
    # classical example): reported as CRootOf
    found = real_solutions([x**5 - x - 1, y - x**2], [x, y])
    assert found.status == "finite" and len(found.solutions) == 1
    assert str(found.solutions[0][x]) == "CRootOf(x**5 - x - 1, 0)"
    assert is_zero(found.solutions[0][y] - found.solutions[0][x] ** 2)
    assert real_solutions([x - y], [x, y]).status == "positive-dimensional"
    assert real_solutions([x**2 + 1], [x]) == type(found)("finite", ())
    assert real_solutions([x - 1, x - 2], [x]).solutions == ()
    assert canonical_algebraic(sympy.sqrt(8) / 4) == sympy.sqrt(2) / 2
    assert sign(sympy.sqrt(2) - sympy.Rational(141421, 100000)) == 1
    assert sign(sympy.sqrt(2) ** 2 - 2) == 0


def test_root_two_pbe_complete_and_exact() -> None:
    # every set of the game is reached in the mixed equilibrium, so the PBE are the
    # three Nash equilibria of the hand computation in root_two_game's docstring
    from gametoolkit.solvers import pbe

    found = pbe.solve(root_two_game())
    assert found.complete, found.notes
    data = found.to_json()
    mixed = [e for e in data["equilibria"] if e["behavior"]["P1"]["P1"]["A"] not in ("0", "1")]
    assert len(data["equilibria"]) == 3 and len(mixed) == 1
    for player in ("P1", "P2", "P3"):
        assert mixed[0]["behavior"][player][player] == {"A": "sqrt(2)/2", "B": "1 - sqrt(2)/2"}
        assert mixed[0]["payoffs"][player] == "1"  # B pays 1, and the mixing player is indifferent
    # P3's belief after (A, A) is p1 p2 / 1 = 1/2
    assert mixed[0]["beliefs"]["P3"]["P3"]["A/A"] == "1/2"


@pygambit_needed
@pytest.mark.parametrize("concept", ["nash", "pbe"])
def test_root_two_crosscheck_in_floating_point(concept: str) -> None:
    from dataclasses import replace

    from gametoolkit.solvers import solve
    from gametoolkit.verify.crosscheck import crosscheck

    g = root_two_game()
    solution = solve(g, concept)
    report = crosscheck(g, concept, solution=solution, solvers=())
    assert report.ok, [r for r in report.rows if r.status == "DISAGREE"]
    regret = [r for r in report.rows if r.check == "regret" and "floating point" in r.detail]
    assert len(regret) == 1 and regret[0].status == "ok"
    # a wrong irrational profile (1/sqrt(3) instead of 1/sqrt(2) for P1) is caught
    k = next(k for k, e in enumerate(solution.equilibria) if not e.behavior.is_pure())
    eq = solution.equilibria[k]
    h = next(h for h in g.infosets if h.label == "P1")
    wrong = replace(eq, behavior=eq.behavior.replace(h.index, (sympy.sqrt(3) / 3, 1 - sympy.sqrt(3) / 3)))
    bad = replace(solution, equilibria=(*solution.equilibria[:k], wrong, *solution.equilibria[k + 1 :]))
    report = crosscheck(g, concept, solution=bad, solvers=())
    assert not report.ok
    assert any(r.check == "regret" and r.status == "DISAGREE" for r in report.rows)
