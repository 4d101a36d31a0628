"""The symbolic solver, its parser and its conditions.

Values are pinned to closed forms derived by hand (the US-Japan game, China high:
t = (y4 - bJ)/(y4 - y2); pooling iff p <= t, semi-separating iff p < t with U_H
playing l with probability p(1 - t)/(t(1 - p)) and Japan h after l with probability
(x6 - bU)/(x4 - bU); see models/us_japan_alliance.py) and to the exact numeric solver,
which is checked against Gambit elsewhere.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from fractions import Fraction

import pytest

sympy = pytest.importorskip("sympy")

from gametoolkit.catalog import find_model  # noqa: E402
from gametoolkit.core.dsl import chance, decision, game, leaf, params  # noqa: E402
from gametoolkit.errors import ParseError  # noqa: E402
from gametoolkit.symbolic import (  # noqa: E402
    Assumptions,
    SymbolicUnsupported,
    parse_expression,
    parse_relations,
    solve_model,
    solve_symbolic,
    to_text,
)
from gametoolkit.symbolic.conditions import evaluate_exact  # noqa: E402
from gametoolkit.symbolic.ordinal import ordinal_analysis  # noqa: E402

US_JAPAN = find_model("us-japan-alliance")
NAMES = ["p", "x1", "x2", "x3", "x4", "x5", "x6", "y1", "y2", "y3", "y4", "y5", "y6", "bU", "bJ"]


@pytest.fixture(scope="module")
def high():  # type: ignore[no-untyped-def]
    return solve_model(US_JAPAN, {"china": "high"})


@pytest.fixture(scope="module")
def low():  # type: ignore[no-untyped-def]
    return solve_model(US_JAPAN, {"china": "low"})


# ------------------------------------------------------------------ parser


def test_parser_reads_arithmetic_exactly() -> None:
    e = parse_expression("(y4 - bJ)/(y4 - y2) + 3/10*p^2 - 0.5", NAMES)
    y4, bJ, y2, p = (sympy.Symbol(n, real=True) for n in ("y4", "bJ", "y2", "p"))
    assert sympy.simplify(e - ((y4 - bJ) / (y4 - y2) + sympy.Rational(3, 10) * p**2 - sympy.Rational(1, 2))) == 0


def test_chain_gives_adjacent_relations() -> None:
    rels = parse_relations("x4 > x2 >= x6", NAMES)
    assert [(str(r.lhs), r.op, str(r.rhs)) for r in rels] == [("x4", ">", "x2"), ("x2", ">=", "x6")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("__import__('os').system('touch /tmp/gametoolkit-pwned')", "unexpected character \"'\""),
        ("__import__(os)", "unknown name '__import__'"),
        ("x4 + lambda", "unknown name 'lambda'"),
        ("x4 +", "unexpected end"),
        ("x4 ** 1000", "exponent"),
        ("x4 / 0", "division by zero"),
        ("(" * 500 + "x4" + ")" * 500, "nested deeper"),
        ("x4 @ x2", "unexpected character '@'"),
        ("x4 x2", "unexpected 'x2'"),
        ("", "empty"),
        ("1" * 20_000, "longer than"),
    ],
)
def test_parser_refuses_with_a_column(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_expression(text, NAMES)
    assert fragment in str(err.value)
    assert err.value.column is not None


def test_injection_through_assume_is_refused_and_inert(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}') > 0"
    proc = subprocess.run(
        [sys.executable, "-m", "gametoolkit", "solve", "us-japan-alliance", "--symbolic", "--assume", payload],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert "unexpected character" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not marker.exists()


# ------------------------------------------------------------ assumptions


def test_signs_are_certified_from_the_orderings() -> None:
    a = Assumptions((("x4", "x2", "x6", "bU"),), ("p",))
    x4, x6, bU, p = (sympy.Symbol(n, real=True) for n in ("x4", "x6", "bU", "p"))
    assert a.sign(x4 - bU) == 1
    assert a.sign((x6 - bU) / (x6 - x4)) == -1
    assert a.sign(p * (1 - p) * (x4 - x6)) == 1
    assert a.sign(x4 - 2 * x6 + bU) is None  # depends on the spacing
    assert a.sign(p - sympy.Rational(1, 2)) is None
    rng = random.Random(3)
    for _ in range(50):
        point = a.sample(rng)
        assert point["x4"] > point["x2"] > point["x6"] > point["bU"] and 0 < point["p"] < 1


# ------------------------------------------------------- US-Japan results


def _t(point: dict[str, Fraction]) -> Fraction:
    return (point["y4"] - point["bJ"]) / (point["y4"] - point["y2"])


def test_china_high_has_three_families_with_the_paper_conditions(high) -> None:  # type: ignore[no-untyped-def]
    kinds = [e.kind for e in high.equilibria]
    assert sorted(kinds) == ["pooling", "semi-separating", "separating"]
    by = {e.kind: e for e in high.equilibria}
    assert by["separating"].conditions == ()
    assert [c.text() for c in by["pooling"].conditions] == ["p <= (y4 - bJ)/(y4 - y2)"]
    assert [c.text() for c in by["semi-separating"].conditions] == ["p < (y4 - bJ)/(y4 - y2)"]
    rng = random.Random(11)
    for _ in range(200):
        point = high.sample(rng)
        t = _t(point)
        assert by["pooling"].holds(point) == (point["p"] <= t)
        assert by["semi-separating"].holds(point) == (point["p"] < t)
        # at the boundary itself
        edge = dict(point, p=t)
        assert by["pooling"].holds(edge) and not by["semi-separating"].holds(edge)


def test_semi_separating_mixing_matches_the_closed_form(high) -> None:  # type: ignore[no-untyped-def]
    semi = next(e for e in high.equilibria if e.kind == "semi-separating")
    g = high.game
    uh = g.infoset("US", "U_H")
    after_l = g.infoset("Japan", "after l")
    rng = random.Random(5)
    for _ in range(50):
        point = high.sample(rng)
        t, p = _t(point), point["p"]
        sigma_l = evaluate_exact(semi.behavior[uh.index][uh.actions.index("l")], point)
        assert sigma_l == p * (1 - t) / (t * (1 - p))
        japan_h = evaluate_exact(semi.behavior[after_l.index][after_l.actions.index("h")], point)
        assert japan_h == (point["x6"] - point["bU"]) / (point["x4"] - point["bU"])
        assert evaluate_exact(semi.beliefs[after_l.index][0], point) == t


def test_china_low_has_the_separating_family_unconditionally(low) -> None:  # type: ignore[no-untyped-def]
    assert [(e.kind, e.conditions) for e in low.equilibria] == [("separating", ())]


@pytest.mark.parametrize("case", ["high", "low"])
def test_ordinal_analysis_agrees_with_the_numeric_solver(case: str, high, low) -> None:  # type: ignore[no-untyped-def]
    sol = high if case == "high" else low
    report = ordinal_analysis(sol, draws=150, seed=7)
    assert report.agreed == report.draws == 150, report.disagreements
    assert report.existence == tuple("all" if not e.conditions else "some" for e in sol.equilibria)
    if case == "high":
        # pooling and semi-separating each held at some draws and failed at others
        assert all(0 < h < 150 for e, h in zip(sol.equilibria, report.held) if e.conditions)


def test_partly_bound_payoffs_and_prior(high) -> None:  # type: ignore[no-untyped-def]
    sol = solve_model(US_JAPAN, {"china": "high", "p": Fraction(3, 10)})
    by = {e.kind: e for e in sol.equilibria}
    assert [c.text() for c in by["pooling"].conditions] == ["3*y2 + 7*y4 >= 10*bJ"]
    assert ordinal_analysis(sol, draws=60, seed=2).agreed == 60


def test_setting_breaking_the_ordering_is_refused() -> None:
    from gametoolkit.errors import GameToolkitError

    with pytest.raises(GameToolkitError, match="must exceed"):
        solve_model(US_JAPAN, {"china": "high", "x4": 1, "x2": 5})


# ------------------------------------------------------------ JSON contract


def test_cli_json_conditions_read_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.run(
        [sys.executable, "-m", "gametoolkit", "solve", "us-japan-alliance", "--set", "china=high", "--symbolic",
         "--json", "--draws", "20"],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(proc.stdout)
    assert {"game", "concept", "exact", "complete", "equilibria"} <= set(data)
    assert len(data["equilibria"]) == 3
    assert data["ordinal"]["agreed"] == 20
    rng = random.Random(1)
    a = Assumptions(
        (("x4", "x2", "x6", "bU", "x3", "x1", "x5"), ("y5", "y6", "y4", "bJ", "y2", "y3", "y1")), ("p",)
    )
    for eq in data["equilibria"]:
        assert set(eq) >= {"behavior", "beliefs", "payoffs", "kind", "conditions"}
        rels = [r for text in eq["conditions"] for r in parse_relations(text, NAMES)]
        for _ in range(100):
            point = a.sample(rng)
            expect = {"separating": True, "pooling": point["p"] <= _t(point), "semi-separating": point["p"] < _t(point)}
            assert all(r.holds(point) for r in rels) == expect[eq["kind"]]
        for player in eq["behavior"].values():
            for dist in player.values():
                for text in dist.values():
                    parse_expression(text, NAMES)  # every expression reads back


def test_cli_latex_and_refusals() -> None:
    run = [sys.executable, "-m", "gametoolkit", "solve"]
    proc = subprocess.run(run + ["us-japan-alliance", "--symbolic", "--latex"], capture_output=True, text=True, check=True)
    assert r"p \leq \frac{y_{4} - \beta_J}{y_{4} - y_{2}}" in proc.stdout
    bad = subprocess.run(run + ["us-japan-alliance", "--symbolic", "--concept", "nash"], capture_output=True, text=True)
    assert bad.returncode == 2 and "pbe only" in bad.stderr


# ------------------------------------------------------- other games


def test_entry_game_conditions_match_backward_induction() -> None:
    """Entry (ea > m > ef): the incumbent accommodates iff a >= f, and then the entrant enters."""
    e_in_a, e_in_f, m, a, f = params("ea ef m a f")
    g = game(
        "entry", players=["E", "I"],
        root=decision("E", "E", out=leaf(m, 0), enter=decision("I", "I", fight=leaf(e_in_f, f), accommodate=leaf(e_in_a, a))),
    )
    sol = solve_symbolic(g, Assumptions((("ea", "m", "ef"),)))
    texts = sorted((e.name, tuple(c.text() for c in e.conditions)) for e in sol.equilibria)
    assert texts == [("E:enter, I:accommodate", ("a >= f",)), ("E:out", ("f >= a",))]
    assert ordinal_analysis(sol, draws=40).agreed == 40


def test_symbolic_prior_in_chance_needs_an_assumption() -> None:
    (q,) = params("q")
    g = game("coin", players=["A"], root=chance("N", h=(q, decision("A", "a", x=leaf(1), y=leaf(0))), t=(1 - q, leaf(0))))
    with pytest.raises(SymbolicUnsupported, match="positive"):
        solve_symbolic(g, Assumptions())
    assert len(solve_symbolic(g, Assumptions((), ("q",))).equilibria) == 1


def test_printer_round_trip() -> None:
    rng = random.Random(4)
    syms = [sympy.Symbol(n, real=True) for n in ("x1", "x2", "p")]
    for _ in range(60):
        e = sum(rng.randint(-3, 3) * rng.choice(syms) ** rng.randint(0, 2) for _ in range(4)) / (
            rng.randint(1, 3) + rng.choice(syms)
        )
        back = parse_expression(to_text(e), NAMES)
        assert sympy.simplify(back - e) == 0
