"""The pivoting kernels of Lemke's algorithm give the same answers.

Every kernel of :mod:`gametoolkit.algebra.pivoting` (pure-Python integers, FLINT
integers, the floating-point guide with its exact check) is compared with the
textbook tableau of :class:`~fractions.Fraction` (``kernel="fraction"``, the reference)
on random two-player games: the same realization plans, entry for entry, and the
same number of pivots, for Lemke's algorithm and for its perturbed variant
(quasi-perfect equilibrium).
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from gametoolkit import read_game
from gametoolkit.algebra import pivoting
from gametoolkit.algebra.pivoting import SparseTableau, certify_basis
from gametoolkit.core.game import Game
from gametoolkit.forms.sequence_form import sequence_form
from gametoolkit.solvers import lemke, quasi_perfect
from gametoolkit.verify.random_games import random_game

KUHN = Path(__file__).parent / "data" / "efg" / "kuhn.efg"
KERNELS = ("python", "flint", "guided", "auto")

needs_flint = pytest.mark.skipif(not pivoting.flint_available(), reason="python-flint is not installed")


def two_player_games(count: int, seed: int) -> list[Game]:
    rng = random.Random(seed)
    return [
        random_game(rng, players=2, min_nodes=5, max_nodes=rng.choice((12, 20, 30)), merge=rng.choice((0.6, 1.0)))
        for _ in range(count)
    ]


GAMES = two_player_games(30, 20261203)


@needs_flint
@pytest.mark.parametrize("index", range(len(GAMES)))
def test_kernels_agree_with_the_fraction_tableau(index: int) -> None:
    form = sequence_form(GAMES[index])
    reference_nash = lemke.lemke_plans(form, kernel="fraction")
    reference_qp = quasi_perfect.quasi_perfect_plans(form, kernel="fraction")
    assert sum(reference_nash[0]) >= 1 and sum(reference_nash[1]) >= 1  # the empty sequence has weight one
    for kernel in KERNELS:
        assert lemke.lemke_plans(form, kernel=kernel) == reference_nash, kernel
        assert quasi_perfect.quasi_perfect_plans(form, kernel=kernel) == reference_qp, kernel


def test_python_kernel_agrees_with_the_fraction_tableau_without_flint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where python-flint is missing, ``auto`` is the pure-Python kernel, with the same answers."""
    monkeypatch.setattr(pivoting, "_flint", None)
    monkeypatch.setattr(lemke, "flint_available", lambda: False)
    for g in GAMES[:8]:
        form = sequence_form(g)
        assert quasi_perfect.quasi_perfect_plans(form, kernel="auto") == quasi_perfect.quasi_perfect_plans(
            form, kernel="fraction"
        )


@needs_flint
def test_kuhn_poker_every_kernel() -> None:
    form = sequence_form(read_game(KUHN))
    plans, pivots = quasi_perfect.quasi_perfect_plans(form, kernel="fraction")
    assert pivots == 51  # the count the exact path had before the kernels were split out
    for kernel in KERNELS:
        assert quasi_perfect.quasi_perfect_plans(form, kernel=kernel) == (plans, pivots)


@needs_flint
def test_guided_path_falls_back_to_the_exact_path_when_the_check_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    form = sequence_form(read_game(KUHN))
    expected = quasi_perfect.quasi_perfect_plans(form, kernel="python")
    calls: list[int] = []

    def refuse(*args: object) -> None:
        calls.append(1)
        return None

    monkeypatch.setattr(lemke, "certify_basis", refuse)
    assert quasi_perfect.quasi_perfect_plans(form, kernel="guided") == expected
    assert calls == [1]


@needs_flint
def test_guided_path_falls_back_when_the_guide_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """A guide whose tolerance calls everything a tie gives up; the exact path answers."""
    form = sequence_form(read_game(KUHN))
    expected = lemke.lemke_plans(form, kernel="python")
    original = pivoting.FloatTableau.__init__

    def blunt(self: pivoting.FloatTableau, tab: SparseTableau) -> None:
        original(self, tab, tolerance=1e9)

    monkeypatch.setattr(pivoting.FloatTableau, "__init__", blunt)
    assert lemke.lemke_plans(form, kernel="guided") == expected


@needs_flint
def test_certify_basis_rejects_an_infeasible_basis() -> None:
    # x1 + x2 = 1 and 2 x1 - x2 + s = -1: the basis {x1, x2} solves to x1 = 0, x2 = 1
    # (feasible), the basis {x1, s} to x1 = 1, s = -3 (infeasible)
    rows = [{0: 1, 1: 1, 3: 1}, {0: 2, 1: -1, 2: 1, 3: -1}]
    tab = SparseTableau(rows, [0, 2], 3, [])
    good = certify_basis(tab, [0, 1], [3], 0)
    assert good is not None and good.value(0) == 0 and good.value(1) == 1
    assert certify_basis(tab, [0, 2], [3], 0) is None
    assert good.value(2) == Fraction(0)  # non-basic


def test_unknown_kernel_is_refused() -> None:
    form = sequence_form(read_game(KUHN))
    with pytest.raises(ValueError, match="kernel must be one of"):
        lemke.lemke_plans(form, kernel="gmp")  # type: ignore[arg-type]
