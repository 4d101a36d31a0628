"""Subgame-perfect equilibria by backward induction (perfect information)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from games import entry_deterrence
from gametoolkit import SolverError
from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import Game
from gametoolkit.solvers import spe


def centipede() -> Game:
    """A four-move centipede (Rosenthal 1981): backward induction takes at once."""
    end = leaf(5, 3)
    node4 = decision("2", "n4", take=leaf(2, 4), pass_=end)
    node3 = decision("1", "n3", take=leaf(3, 1), pass_=node4)
    node2 = decision("2", "n2", take=leaf(0, 2), pass_=node3)
    return game("centipede", ["1", "2"], decision("1", "n1", take=leaf(1, 0), pass_=node2))


def test_entry_deterrence_spe_is_in_accommodate() -> None:
    s = spe.solve(entry_deterrence())
    assert len(s.equilibria) == 1 and s.complete
    labels = s.equilibria[0].behavior.to_labels()
    assert labels["Entrant"]["E"]["In"] == 1 and labels["Incumbent"]["I"]["Accommodate"] == 1
    assert s.equilibria[0].payoffs == (1, 1)


def test_centipede_takes_at_every_node() -> None:
    s = spe.solve(centipede())
    (eq,) = s.equilibria
    assert all(dist["take"] == 1 for sets in eq.behavior.to_labels().values() for dist in sets.values())
    assert eq.payoffs == (1, 0)


def test_ties_give_every_pure_spe_and_say_so() -> None:
    g = game("tie", ["A", "B"], decision("A", "a", x=decision("B", "b", u=leaf(1, 0), d=leaf(2, 0)), y=leaf(1, 1)))
    s = spe.solve(g)
    # B is indifferent; after u, A is indifferent between x and y; after d, A plays x: 3 pure SPE
    found = sorted(
        (e.behavior.to_labels()["A"]["a"]["x"], e.behavior.to_labels()["B"]["b"]["u"]) for e in s.equilibria
    )
    assert found == [(0, 1), (1, 0), (1, 1)]
    assert not s.complete and "3 pure subgame-perfect equilibria" in s.notes[0]


def test_chance_and_outcomes_on_the_way() -> None:
    g = game(
        "chance",
        ["A"],
        chance(
            outcome=(10,),
            left=(Fraction(1, 4), decision("A", "l", a=leaf(1), b=leaf(3))),
            right=(Fraction(3, 4), decision("A", "r", a=leaf(2), b=leaf(0))),
        ),
    )
    (eq,) = spe.solve(g).equilibria
    assert eq.payoffs == (10 + Fraction(1, 4) * 3 + Fraction(3, 4) * 2,)


def test_limit_on_the_number_of_equilibria() -> None:
    # a player indifferent at 12 independent nodes has 2^12 pure SPE
    leaves = {f"n{k}": (Fraction(1, 12), decision("A", f"s{k}", x=leaf(0), y=leaf(0))) for k in range(12)}
    g = game("many ties", ["A"], chance("c", leaves))
    with pytest.raises(SolverError, match="max_equilibria"):
        spe.solve(g, max_equilibria=100)
    assert len(spe.solve(g).equilibria) == 2**12


def test_subgame_decomposition_contains_every_pbe() -> None:
    # imperfect information: the US-Japan game's proper subgames are solved first; every
    # perfect Bayesian equilibrium is subgame perfect (the converse need not hold)
    from gametoolkit.catalog import load
    from gametoolkit.evaluate.profiles import is_nash
    from gametoolkit.solvers import solve

    g = load("us-japan-alliance", china="high", p="3/10")
    s = spe.solve(g)
    assert s.method == "subgame-decomposition"
    found = {e.behavior.probs for e in s.equilibria}
    assert {e.behavior.probs for e in solve(g, "pbe").equilibria} <= found
    assert all(is_nash(e.behavior) for e in s.equilibria)
