"""Two-player Nash on the sequence form: the polyhedron kernel, Kuhn poker, agreement with Gambit."""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction

import pytest

from corpus import needs_corpus
from gambit16 import needs_pygambit16
from gametoolkit.algebra.polyhedron import polyhedron_vertices
from gametoolkit.cli import main
from gametoolkit.errors import LimitError, SolverError
from gametoolkit.forms.sequence_form import sequence_form
from gametoolkit.solvers import nash, seqform_enum
from test_nash import (
    DATA,
    agreement_cases,
    battle_of_the_sexes,
    gambit_maps,
    gambit_mixed,
    kuhn,
    labels,
    load_case,
    matching_pennies,
    pygambit_needed,
)

F = Fraction


# ---------------------------------------------------------------------- the kernel
def brute_force_vertices(m: list[list[int]], b: list[int]) -> set[tuple[Fraction, ...]]:
    """Every basic feasible solution, by solving every choice of k columns (Gauss, exact)."""
    k, n = len(m), len(m[0])
    out = set()
    for cols in itertools.combinations(range(n), k):
        a = [[F(m[i][c]) for c in cols] + [F(b[i])] for i in range(k)]
        ok = True
        for p in range(k):
            r = next((i for i in range(p, k) if a[i][p] != 0), None)
            if r is None:
                ok = False
                break
            a[p], a[r] = a[r], a[p]
            for i in range(k):
                if i != p and a[i][p] != 0:
                    f = a[i][p] / a[p][p]
                    a[i] = [x - f * y for x, y in zip(a[i], a[p], strict=True)]
        if not ok:
            continue
        sol = [a[i][k] / a[i][i] for i in range(k)]
        if all(x >= 0 for x in sol):
            w = [F(0)] * n
            for c, x in zip(cols, sol, strict=True):
                w[c] = x
            out.add(tuple(w))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_polyhedron_vertices_match_brute_force(seed: int) -> None:
    # independent computation: all bases solved one by one
    rng = random.Random(seed)
    k, n = rng.randint(1, 3), rng.randint(3, 6)
    m = [[rng.randint(-2, 2) for _ in range(n)] for _ in range(k)]
    for i in range(k):  # a slack column per row keeps the rows independent
        m[i] += [int(i == j) for j in range(k)]
    b = [rng.randint(-1, 3) for _ in range(k)]
    found = {tuple(F(x, v.denominator) for x in v.numerators) for v in polyhedron_vertices(m, b)}
    assert found == brute_force_vertices(m, b)


def test_polyhedron_limits_and_degenerate_cases() -> None:
    # empty: x + y = -1 with x, y >= 0
    assert polyhedron_vertices([[1, 1]], [-1]) == []
    # unbounded ray x - y = 0: only the origin is a vertex
    assert [v.values for v in polyhedron_vertices([[1, -1]], [0])] == [(0, 0)]
    with pytest.raises(SolverError, match="dependent"):
        polyhedron_vertices([[1, 1], [2, 2]], [1, 2])
    with pytest.raises(LimitError, match="max_bases"):
        polyhedron_vertices([[1] * 8], [1], max_bases=3)


# ---------------------------------------------------------------------- Kuhn poker
def test_kuhn_poker_complete() -> None:
    found = nash.solve(kuhn())
    assert found.complete and found.method == "vertex enumeration of the sequence form"
    # Kuhn (1950): value -1/18 to player 1; player 1 bets the Jack with alpha in [0, 1/3],
    # the King with 3 alpha, calls with the Queen with alpha + 1/3; player 2 unique.
    # The extreme points are alpha = 0 and alpha = 1/3, one component.
    assert len(found) == 2 and {e.component for e in found} == {0}
    alphas = set()
    for eq in found:
        assert eq.payoffs == (F(-1, 18), F(1, 18))
        b = labels(eq.behavior)
        alpha = F(b["Player 1"]["1J"]["bet"])
        alphas.add(alpha)
        assert F(b["Player 1"]["1K"]["bet"]) == 3 * alpha
        assert F(b["Player 1"]["1Qcb"]["call"]) == alpha + F(1, 3)
        assert b["Player 2"]["2Qb"] == {"fold": "2/3", "call": "1/3"}
        assert b["Player 2"]["2Jc"] == {"check": "2/3", "bet": "1/3"}
    assert alphas == {F(0), F(1, 3)}


def test_kuhn_cli_json_and_max_bases(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "efg" / "kuhn.efg")
    assert main(["solve", path, "--concept", "nash", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is True and len(data["equilibria"]) == 2
    assert all("realization_plans" in e for e in data["equilibria"])
    assert main(["solve", path, "--concept", "nash", "--json", "--max-bases", "40"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is False and "stopped after 40 bases" in data["notes"][0]


def test_small_games_and_refusals() -> None:
    # matching pennies: the unique equilibrium is (1/2, 1/2) for both (textbook)
    (eq,) = seqform_enum.solve(matching_pennies())
    assert all(x == F(1, 2) for dist in eq.behavior.probs if dist for x in dist)
    # battle of the sexes: two pure and one mixed (2/3, 1/3) equilibrium (textbook)
    assert len(seqform_enum.solve(battle_of_the_sexes())) == 3
    with pytest.raises(LimitError):
        nash.solve(kuhn(), method="seqform", max_bases=10)


# ---------------------------------------------------------------------- agreement with Gambit
def in_hull(point: tuple[float, ...], points: list[tuple[float, ...]]) -> bool:
    from scipy.optimize import linprog

    k = len(points)
    a_eq = [[p[d] for p in points] for d in range(len(point))] + [[1.0] * k]
    res = linprog([0.0] * k, A_eq=a_eq, b_eq=[*point, 1.0], bounds=[(0, None)] * k)
    return bool(res.status == 0)


@needs_pygambit16
@needs_corpus
@pygambit_needed
@pytest.mark.parametrize("name", agreement_cases())
def test_extreme_plans_agree_with_gambit(name: str) -> None:
    """Ours are the extreme points of the image of Gambit's enummixed equilibria.

    The realization-plan map is linear, so the extreme points of each set of
    equilibria in plans are images of extreme mixed equilibria (Gambit's
    ``enummixed_solve``), and Gambit's images lie in the convex hull of ours.
    """
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    g = load_case(name)
    pg = to_pygambit(g)
    form, index = gambit_maps(g, pg)
    theirs = set()
    for e in pygambit.nash.enummixed_solve(pg, rational=True).equilibria:
        mixed = gambit_mixed(form, index, pg, e)
        theirs.add(tuple(form.realization_plan(i, m) for i, m in enumerate(mixed)))
    found = seqform_enum.extreme_plans(sequence_form(g))
    ours = {(found.plans1[i], found.plans2[j]) for i, j in found.equilibria}
    assert ours <= theirs
    flat = [tuple(float(x) for x in (*x, *y)) for x, y in ours]
    for x, y in theirs - ours:
        assert in_hull(tuple(float(v) for v in (*x, *y)), flat)
