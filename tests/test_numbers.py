"""Exact values: parsing, conversion, parameters and expressions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from gametoolkit.core.values import Param, evaluate, exact, format_value, free_params, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", Fraction(3)),
        ("-2/7", Fraction(-2, 7)),
        ("+4/6", Fraction(2, 3)),
        ("0.25", Fraction(1, 4)),
        (".5", Fraction(1, 2)),
        ("1e-3", Fraction(1, 1000)),
        ("-1.5E2", Fraction(-150)),
        ("  7 ", Fraction(7)),
        ("10.", Fraction(10)),
    ],
)
def test_parse_number_reads_exact_values(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1/0", "1/-2", "1//2", "0x10", "1/2.5", "--1", "1e", "nan", "inf", "__import__('os')"])
def test_parse_number_refuses_non_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_parse_number_refuses_huge_input() -> None:
    with pytest.raises(ValueError, match="too long"):
        parse_number("1" * 100_000)
    with pytest.raises(ValueError, match="exponent"):
        parse_number("1e999999999")


def test_exact_converts_floats_through_their_digits() -> None:
    assert exact(0.3) == Fraction(3, 10)
    assert exact(1 / 3) == Fraction("0.3333333333333333")
    assert exact(Decimal("0.1")) == Fraction(1, 10)
    assert exact("3/10") == Fraction(3, 10)
    assert exact(5) == Fraction(5)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, None, [1], "x"])
def test_exact_rejects_what_is_not_a_finite_number(bad: object) -> None:
    with pytest.raises(ValueError):
        exact(bad, "payoff")


def test_expressions_evaluate_and_print() -> None:
    p, y4, bJ, y2 = Param("p"), Param("y4"), Param("bJ"), Param("y2")
    t = (y4 - bJ) / (y4 - y2)
    assert format_value(t) == "(y4 - bJ)/(y4 - y2)"
    assert format_value(1 - p) == "1 - p"
    assert format_value(-(p * 2)) == "-(p * 2)"
    assert free_params(t) == {"y4", "bJ", "y2"}
    assert evaluate(t, {"y4": Fraction(5), "bJ": Fraction(4), "y2": Fraction(3)}) == Fraction(1, 2)
    partial = evaluate(1 - p + y4, {"y4": Fraction(1)})
    assert free_params(partial) == {"p"}
    with pytest.raises(ZeroDivisionError):
        evaluate(p / (p - p), {"p": Fraction(1)})


def test_parameter_names_must_be_identifiers() -> None:
    with pytest.raises(ValueError):
        Param("__import__('os').system('true')")
    with pytest.raises(ValueError):
        Param("1x")
