"""Assumptions as one object: exact sign certificates, pruning, and the deterrence model.

Certificates are checked against facts that follow by hand from the assumptions
(``-a - 1 < 0`` from ``a >= 0``); the deterrence model (tests/data/models/deterrence.py,
after issue 12) against the exact numeric solver at every point of a grid through its
boundary lines q = 1/2, c = 1 and c = 2.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import pytest

sympy = pytest.importorskip("sympy")

from gametoolkit.catalog import find_model  # noqa: E402
from gametoolkit.solvers import solve  # noqa: E402
from gametoolkit.symbolic import AssumptionError, Assumptions, model_game, parse_relations, solve_model  # noqa: E402
from gametoolkit.symbolic.feasibility import Linear, witness  # noqa: E402
from gametoolkit.symbolic.regions import decide, implied  # noqa: E402
from gametoolkit.symbolic.solver import profile_name  # noqa: E402

DETERRENCE = str(Path(__file__).parent / "data" / "models" / "deterrence.py")
a, c, q = (sympy.Symbol(n, real=True) for n in "acq")


def assume(*texts: str, probabilities: tuple[str, ...] = ()) -> Assumptions:
    return Assumptions((), probabilities, tuple(r for t in texts for r in parse_relations(t)))


def test_linear_certificate_uses_every_assumption() -> None:
    A = assume("c > 0", "a >= 0")
    assert A.sign(-a - 1) == -1  # a >= 0 gives -a - 1 <= -1
    assert A.sign(-a - 2) == -1
    assert A.sign(a) is None  # a = 0 is allowed: not strictly positive
    assert A.sign(c) == 1
    assert A.sign(c - 2) is None  # c = 1 and c = 3 both allowed
    assert A.sign((a + 1) / (c + a)) == 1


def test_certificate_from_a_polyhedron() -> None:
    # x > y and y > 1 give x - 1 > 0, though no single assumption says so
    x = sympy.Symbol("x", real=True)
    A = assume("x > y", "y > 1")
    assert A.sign(x - 1) == 1
    assert A.sign(x - 2) is None
    assert assume("c >= 1", "c <= 1").sign(c - 1) == 0


def test_polynomial_certificate_with_bounds() -> None:
    A = assume("c > 0", "a >= 0", probabilities=("q",))
    assert A.sign(c * q + a) == 1
    assert A.sign(a * q) is None  # zero at a = 0


def test_infeasible_conditions_are_proved() -> None:
    A = assume("c > 0")
    assert decide(A, [(-c, ">=")])[0] is False  # 0 >= c
    status, point = decide(A, [(c - 1, ">="), (2 - c, ">=")])
    assert status is True and point is not None and 1 <= point["c"] <= 2
    assert implied(A, [(c - 2, ">=")], (c - 1, ">="))
    assert not implied(A, [(c - 2, ">=")], (c - 3, ">="))


def test_fourier_motzkin_strictness() -> None:
    # c > 0 and -c >= 0 cannot both hold; c >= 0 and -c >= 0 hold at c = 0
    assert witness([Linear.make({"c": Fraction(1)}, Fraction(0), ">"), Linear.make({"c": Fraction(-1)}, Fraction(0), ">=")]) is None
    point = witness([Linear.make({"c": Fraction(1)}, Fraction(0), ">="), Linear.make({"c": Fraction(-1)}, Fraction(0), ">=")])
    assert point == {"c": 0}


def test_contradictory_assumptions_are_refused() -> None:
    with pytest.raises(AssumptionError):
        assume("c > 1", "c < 0").check()


def test_model_assumptions_are_read_and_checked() -> None:
    model = find_model(DETERRENCE)
    _, A, _ = model_game(model, {})
    assert "c > 0" in A.describe() and "a >= 0" in A.describe()
    with pytest.raises(AssumptionError, match="c > 0"):
        model_game(model, {"c": 0})


@pytest.fixture(scope="module")
def deterrence_a0():  # type: ignore[no-untyped-def]
    return solve_model(find_model(DETERRENCE), {"a": 0})


def test_deterrence_lists_no_impossible_family(deterrence_a0) -> None:  # type: ignore[no-untyped-def]
    sol = deterrence_a0
    for fam in sol.equilibria + sol.boundary:
        status, _ = decide(sol.assumptions, [(x.expr, x.op) for x in fam.conditions])
        assert status is True, fam.condition_texts()
    texts = [tuple(fam.condition_texts()) for fam in sol.equilibria + sol.boundary]
    assert not any("0 >= c" in t for t in texts)


def test_deterrence_agrees_with_numeric_on_boundary_grid(deterrence_a0) -> None:  # type: ignore[no-untyped-def]
    sol = deterrence_a0
    qs = [Fraction(1, 10), Fraction(1, 2), Fraction(4, 5)]
    cs = [Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(3)]
    for qv, cv in itertools.product(qs, cs):
        point = {"q": qv, "c": cv}
        numeric = {profile_name(e.behavior) for e in solve(sol.game.bind(point), "pbe").equilibria}
        assert set(sol.names_at(point)) == numeric, point
