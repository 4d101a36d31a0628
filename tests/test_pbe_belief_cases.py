"""Non-linear PBE conditions split into linear cases through the free beliefs.

`belief_branches` and `belief_equation_cases` (``solvers/pbe_leftovers.py``) replace a
condition that couples free beliefs with mixing probabilities, linearly in the beliefs,
by cases at the vertices of the beliefs' polytope.  Independent check: at many exact
values of the mixing probabilities, whether some belief on a fine exact grid of the
polytope satisfies the condition, against whether some case holds.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from gametoolkit.algebra.poly import Poly
from gametoolkit.core.game import CHANCE
from gametoolkit.evaluate.beliefs import is_pbe
from gametoolkit.evaluate.profiles import Profile, is_nash
from gametoolkit.solvers import pbe
from gametoolkit.solvers.pbe_leftovers import belief_branches, belief_equation_cases
from gametoolkit.verify.random_games import random_game

F = Fraction
S = Poly.var(0)  # a mixing probability (sigma_count = 1)
M1, M2 = Poly.var(1), Poly.var(2)  # beliefs at a three-node set: (m1, m2, 1 - m1 - m2)


def simplex() -> list[Poly]:
    """The belief simplex and the mixing probability's box, each ``<= 0``."""
    return [-S, S - 1, -M1, -M2, M1 + M2 - 1]


def grid_beliefs(steps: int = 24) -> list[dict[int, Fraction]]:
    return [
        {1: F(i, steps), 2: F(j, steps)} for i in range(steps + 1) for j in range(steps + 1 - i)
    ]


def random_coupling(rng: random.Random) -> Poly:
    """``a + b s + (c + d s) m1 + (e + f s) m2``: linear in the beliefs, mixed with ``s``."""
    a, b, c, d, e, f = (F(rng.randint(-6, 6)) for _ in range(6))
    return Poly.const(a) + S * b + (Poly.const(c) + S * d) * M1 + (Poly.const(e) + S * f) * M2


@pytest.mark.parametrize("seed", range(25))
def test_inequality_cases_hold_exactly_where_some_belief_works(seed: int) -> None:
    rng = random.Random(seed)
    q = random_coupling(rng)
    if q.total_degree() <= 1:
        q = q + S * M1
    ineqs = [q, *simplex()]
    cases = belief_branches(ineqs, 1, {})
    assert cases is not None
    beliefs = grid_beliefs()
    for k in range(41):
        s = F(k, 40)
        brute = any(q.evaluate({0: s, **mu}) <= 0 for mu in beliefs)
        by_cases = any(q.evaluate({0: s, **fixed}) <= 0 for fixed in cases)
        # the grid holds every vertex of the simplex, so a case that holds is a grid point that works
        assert brute == by_cases, (str(q), s)


@pytest.mark.parametrize("seed", range(25))
def test_equation_cases_hold_exactly_where_some_belief_solves_it(seed: int) -> None:
    rng = random.Random(1000 + seed)
    e = random_coupling(rng)
    cases = belief_equation_cases([e], simplex(), 1, {})
    assert cases is not None
    beliefs = grid_beliefs()
    for k in range(41):
        s = F(k, 40)
        values = [e.evaluate({0: s, **mu}) for mu in beliefs]
        # e is linear in the beliefs on a connected polytope: a zero exists iff the values change sign
        brute = min(values) <= 0 <= max(values)
        by_cases = any(all(q.evaluate({0: s}) <= 0 for q in case) for case in cases)
        assert brute == by_cases, (str(e), s)


def test_not_split_where_the_beliefs_appear_with_a_mixing_probability_elsewhere() -> None:
    q = S * M1 - 1
    assert belief_branches([q, -S, S - 1, -M1, M1 - 1, M1 - S], 1, {}) is None
    # nor where a mixing probability is expressed through the beliefs
    b = Poly.var(5)
    assert belief_branches([S * b - 1, -S, S - 1, -b, b - 1], 2, {1: b}) is None
    # nor where the condition is not linear in the beliefs
    assert belief_branches([S * M1 * M1 - 1, -S, S - 1, -M1, M1 - 1], 1, {}) is None


def test_an_empty_belief_polytope_leaves_no_case() -> None:
    assert belief_branches([S * M1 - 1, -M1, M1 - 1, 2 - M1], 1, {}) == []


def pure_pbe(g: object) -> set[tuple[tuple[Fraction, ...], ...]]:
    sets = [h for h in g.infosets if h.player != CHANCE]  # type: ignore[attr-defined]
    found = set()
    for choice in itertools.product(*(range(len(h.actions)) for h in sets)):
        profile = Profile.pure(g, {h.index: a for h, a in zip(sets, choice)})  # type: ignore[arg-type]
        if is_pbe(profile):
            found.add(profile.probs)
    return found


def test_a_random_game_the_cases_make_complete() -> None:
    # before the cases, 6 support combinations of this game were left undecided
    g = random_game(random.Random("branch-check:10"), players=2, min_nodes=10, max_nodes=45, title="b10")
    solution = pbe.solve(g)
    assert solution.complete, solution.notes
    reported = set()
    for eq in solution.equilibria:
        assert is_nash(eq.behavior) and is_pbe(eq.behavior)
        reported.add(eq.behavior.probs)
    pure = pure_pbe(g)
    assert pure, "the game has a pure PBE"
    on_path = {pbe._on_path_key(Profile(g, p)) for p in reported}
    # every pure PBE is reported, or is an off-path variant of a reported equilibrium
    assert {pbe._on_path_key(Profile(g, p)) for p in pure} <= on_path
