"""Equilibria that multiply through ties are listed once, with their subgames' alternatives.

Independent computation: the same game solved with a limit high enough that every
combination is listed; expanding each listed equilibrium by its alternatives must give
exactly that list.  By hand: ``k`` subgames, each a decision between two actions that
pay the same, have ``2**k`` pure PBE.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import Game
from gametoolkit.evaluate.beliefs import is_pbe
from gametoolkit.evaluate.profiles import Profile
from gametoolkit.solvers import pbe
from gametoolkit.solvers.pbe_decompose import ALTERNATIVE_COST, FACTORED_NOTE


def tied_copies(k: int) -> Game:
    """Chance picks one of ``k`` one-shot decisions; in each, both actions pay the same."""
    branches = {
        f"n{j}": (Fraction(1, k), decision("P1", f"d{j}", {"L": leaf(j, 1), "R": leaf(j, 1)})) for j in range(k)
    }
    return game(f"{k} ties", ["P1", "P2"], chance("Nature", branches))


def expand(g: Game, solution: pbe.Solution) -> set[tuple[tuple[Fraction, ...], ...]]:
    """Every profile a factored solution stands for."""
    out = set()
    for eq in solution.equilibria:
        swaps = (eq.extra or {}).get("alternatives", [])
        options = [[None, *s["equilibria"]] for s in swaps]
        for pick in itertools.product(*options):
            labels = {p: {h: dict(d) for h, d in sets.items()} for p, sets in eq.behavior.to_labels().items()}
            for chosen in pick:
                for player, sets in (chosen or {}).items():
                    labels[player].update(sets)
            out.add(Profile.from_labels(g, labels).probs)
    return out


@pytest.mark.parametrize("k", [6, 8])
def test_ties_listed_with_alternatives(k: int) -> None:
    g = tied_copies(k)
    full = pbe.solve(g)
    assert full.complete and len(full.equilibria) == 2**k  # by hand
    # fewer than 2**k allowed, enough for the k alternatives (ALTERNATIVE_COST each)
    factored = pbe.solve(g, max_equilibria=8 * k)
    assert k * ALTERNATIVE_COST <= 8 * k < 2**k
    assert factored.complete, factored.notes
    assert FACTORED_NOTE in factored.notes
    assert f"{2**k} extreme equilibria in all, with the alternatives" in factored.notes
    assert len(factored.equilibria) == 1
    assert len(factored.equilibria[0].extra["alternatives"]) == k
    assert expand(g, factored) == {eq.behavior.probs for eq in full.equilibria}
    for probs in expand(g, factored):
        assert is_pbe(Profile(g, probs))


def test_text_report_names_the_alternatives() -> None:
    from gametoolkit.render.report import format_solution

    text = format_solution(pbe.solve(tied_copies(6), max_equilibria=48))
    assert "or, in the subgame at n0, any of 1 other equilibrium paying the same" in text
