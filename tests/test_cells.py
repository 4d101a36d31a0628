"""The exact cell decompositions of :mod:`gametoolkit.symbolic.cells`.

Known answers are worked by hand (each case says why); the random cases hold every
witness to the conditions it claims and every "empty" answer to a dense search of
rational points that must find nothing.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

sympy = pytest.importorskip("sympy")

from gametoolkit.symbolic.cells import decide_bivariate, decide_univariate  # noqa: E402
from gametoolkit.symbolic.expr import compare  # noqa: E402

x, y = sympy.symbols("x y", real=True)
HALF = sympy.Rational(1, 2)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(x**2 - 2, "="), (x, ">")], (True, None)),  # x = sqrt(2): irrational witness only
        ([(x**2 - 2, "="), (x - 2, ">")], (False, None)),  # the roots of x^2 = 2 are below 2
        ([(-((x - 1) ** 2), ">=")], (True, Fraction(1))),  # the double root x = 1 only
        ([(-((x - 1) ** 2), ">")], (False, None)),  # a square is never negative
        ([(x * (x - 1), ">="), (x * (1 - x), ">="), (x - HALF, ">")], (True, Fraction(1))),  # {0, 1} meets x > 1/2 at 1
        ([(x**3 - 2 * x, ">"), (1 - x, ">"), (x, ">")], (False, None)),  # on (0, 1) x^2 - 2 < 0
        ([(x**2 + 1, ">"), (x - 3, ">=")], (True, None)),  # any x >= 3: a witness is checked below
    ],
)
def test_univariate_known_answers(rows: list[tuple[object, str]], expected: tuple[bool, Fraction | None]) -> None:
    found, value = decide_univariate(rows, x)
    assert found is expected[0]
    if expected[1] is not None:
        assert value == expected[1]
    if value is not None:
        assert all(compare(Fraction(str(sympy.sympify(e).subs(x, sympy.Rational(str(value))))), op) for e, op in rows)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(1 - x**2 - y**2, ">"), (x * y - 1, ">")], False),  # xy <= (x^2 + y^2)/2 < 1/2 in the disk
        ([(1 - x**2 - y**2, ">"), (2 * x * y - HALF, ">")], True),  # x = y = 3/5
        ([(x**2 + y**2 - 1, ">="), (1 - x**2 - y**2, ">=")], True),  # the unit circle
        ([(y - x**2, ">"), (-y - x**2, ">")], False),  # y > x^2 >= 0 and y < -x^2 <= 0
        ([(y - x**2, ">="), (-y - x**2, ">=")], True),  # only the origin
        ([(x * y - 1, ">"), (x + y, ">"), (4 - x - y, ">"), (x - y, ">")], True),  # e.g. (3/2, 1)
    ],
)
def test_bivariate_known_answers(rows: list[tuple[object, str]], expected: bool) -> None:
    found, point = decide_bivariate(rows, x, y)
    assert found is expected
    if point is not None:
        at = {x: sympy.Rational(str(point["x"])), y: sympy.Rational(str(point["y"]))}
        assert all(compare(Fraction(str(sympy.sympify(e).xreplace(at))), op) for e, op in rows)


def _random_rows(rng: random.Random) -> list[tuple[object, str]]:
    rows = []
    for _ in range(rng.randint(3, 5)):
        e = sum(rng.randint(-3, 3) * m for m in (1, x, y, x * y, x**2, y**2))
        rows.append((sympy.expand(e), rng.choice((">", ">", ">", ">="))))
    return rows


@pytest.mark.parametrize("seed", range(80))
def test_bivariate_agrees_with_a_search(seed: int) -> None:
    rng = random.Random(seed)
    rows = [(e, op) for e, op in _random_rows(rng) if not sympy.sympify(e).is_number]
    found, point = decide_bivariate(rows, x, y)
    fns = [(sympy.lambdify((x, y), e), op) for e, op in rows]
    grid = [Fraction(k, 4) for k in range(-20, 21)]
    hit = any(all(compare(Fraction(f(a, b)), op) for f, op in fns) for a in grid for b in grid)
    if found is False:
        assert not hit, (seed, rows)  # proved empty: no rational point may meet the conditions
    if hit:
        assert found is True, (seed, rows)
    if point is not None:
        assert all(compare(Fraction(f(point["x"], point["y"])), op) for f, op in fns)
