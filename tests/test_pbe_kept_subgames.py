"""PBE decomposition when a subgame's continuum pays differently along it.

Then the parent's equilibria may need points inside the continuum, so the subgame
cannot be replaced by its extreme points' payoffs.  The solver keeps such subgames
whole inside the parent's piece (truncating only the others) when that piece is
within the support limit, even where solving the whole game as one piece is not.

Reference: the same game solved as one piece (``max_supports`` raised so that the
joint support enumeration runs), an independent route through the solver.
"""

from __future__ import annotations

import random

from gametoolkit.solvers import solve
from gametoolkit.solvers.pbe_core import estimate_supports
from gametoolkit.solvers.pbe_decompose import CONTINUUM_NOTE, _children
from gametoolkit.verify.random_games import random_game


def _game() -> object:
    # a two-player random game (39 nodes, 3 maximal proper subgames) whose joint
    # support enumeration (27,783 combinations) is beyond the default limit of 20,000
    return random_game(random.Random("issue14-check:16"), players=2, min_nodes=3, max_nodes=80, title="g16")


def _plans(solution: object) -> set[tuple[tuple[object, ...], ...]]:
    return {e.behavior.probs for e in solution.equilibria}  # type: ignore[attr-defined]


def test_a_subgame_whose_continuum_pays_differently_is_kept_whole() -> None:
    g = _game()
    assert estimate_supports(g) > 20_000 and len(_children(g)) == 3  # type: ignore[arg-type]
    found = solve(g, "pbe")  # type: ignore[arg-type]
    assert found.complete, found.notes
    assert not any(CONTINUUM_NOTE in n for n in found.notes)
    joint = solve(g, "pbe", max_supports=10**7)  # type: ignore[arg-type]
    assert joint.complete
    assert _plans(found) == _plans(joint)


def test_tens_of_thousands_of_tied_equilibria_are_refused_at_once() -> None:
    """A one-player tree with many payoff ties: its optimal choices combine into 27,648
    pure plans (the count backward induction gives, :func:`gametoolkit.solvers.spe`),
    beyond the limit of extreme equilibria, so the solver refuses with a clear error
    instead of running for hours."""
    import pytest

    from gametoolkit.errors import LimitError
    from gametoolkit.solvers.pbe_decompose import MAX_EQUILIBRIA

    g = random_game(random.Random("issue14-check:15"), players=1, min_nodes=60, max_nodes=80, title="g15")
    with pytest.raises(LimitError, match=f"more than {MAX_EQUILIBRIA} extreme perfect Bayesian equilibria"):
        solve(g, "pbe")
    with pytest.raises(LimitError, match=r"more than 500 extreme perfect Bayesian equilibria.*--max-equilibria"):
        solve(g, "pbe", max_equilibria=500)
    with pytest.raises(LimitError, match="27648"):
        solve(g, "spe")
