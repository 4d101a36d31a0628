"""The shipped US–Japan model against the paper's Figure 1 and Figure 2 (Hayashi 2021)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametoolkit import CHANCE, ModelError
from gametoolkit.catalog import find_model, load
from gametoolkit.models import us_japan_alliance as model

# Figure 2 of Hayashi (2021), best first; ranks 7..1 are the model's default payoffs.
FIGURE_2 = {
    "low": ("x4 > x2 > x6 > x3 > x1 > bU > x5", "y5 > y6 > y3 > y1 > y4 > y2 > bJ"),
    "high": ("x4 > x2 > x6 > bU > x3 > x1 > x5", "y5 > y6 > y4 > bJ > y2 > y3 > y1"),
}

# Figure 1: (US type, US move, Japan move) -> index i of the accepted pair (x_i, y_i)
PAIRS = {("U_L", "l", "l"): 1, ("U_L", "l", "h"): 2, ("U_H", "l", "l"): 3,
         ("U_H", "l", "h"): 4, ("U_H", "h", "l"): 5, ("U_H", "h", "h"): 6}


def ranks(china: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for ordering in FIGURE_2[china]:
        names = ordering.split(" > ")
        out.update({name: 7 - k for k, name in enumerate(names)})
    return out


@pytest.mark.parametrize("china", ["low", "high"])
def test_tree_matches_figure_1(china: str) -> None:
    g = load("us-japan-alliance", china=china, p="3/10")
    assert g.players == ("US", "Japan")
    assert len(g.nodes) == 24 and len(g.terminals) == 12
    assert sum(1 for h in g.infosets if h.player != CHANCE) == 10
    assert g.has_perfect_recall
    (nature,) = g.infosets_of(CHANCE)
    assert nature.actions == ("U_L", "U_H") and nature.probs == (Fraction(3, 10), Fraction(7, 10))
    assert g.infoset("US", "U_L").actions == ("l",)
    assert g.infoset("US", "U_H").actions == ("h", "l")
    after_l = g.infoset("Japan", "after l")
    assert sorted(g.path_str(v) for v in after_l.nodes) == ["U_H/l", "U_L/l"]
    assert [g.path_str(v) for v in g.infoset("Japan", "after h").nodes] == ["U_H/h"]
    r = ranks(china)
    for (us_type, us_move, japan_move), i in PAIRS.items():
        base = f"{us_type}/{us_move}/{japan_move}"
        assert g.payoffs(g.node_at(base + "/A")) == (r[f"x{i}"], r[f"y{i}"])
        assert g.payoffs(g.node_at(base + "/notA")) == (r["bU"], r["bJ"])
        # the US type that moved answers Japan
        assert g.players[g.node_at(base).player] == "US"


def test_payoffs_can_be_overridden_within_the_ordering() -> None:
    g = model.build(china="high", x4=10, bJ="4.5")
    assert g.payoffs(g.node_at("U_H/l/h/A"))[0] == 10
    assert g.payoffs(g.node_at("U_H/l/h/notA"))[1] == Fraction(9, 2)


def test_payoffs_breaking_the_ordering_are_refused_naming_the_pair() -> None:
    with pytest.raises(ModelError, match=r"x4 > x2 needs x4 = 7 above x2 = 9"):
        model.build(china="high", x2=9)
    with pytest.raises(ModelError, match=r"bJ > y2"):
        model.build(china="high", y2=4)
    with pytest.raises(ModelError, match="china must be"):
        model.build(china="medium")
    with pytest.raises(ModelError, match="p must lie"):
        model.build(p="3/2")
    with pytest.raises(ModelError, match="unknown parameter"):
        model.build(z1=3)


def test_threshold_matches_condition_1_of_the_paper() -> None:
    # t = (y4 - bJ)/(y4 - y2) = (5 - 4)/(5 - 3) with the China-high ranks
    assert model.threshold("high") == Fraction(1, 2)


def test_the_parametric_tree_has_the_papers_symbols() -> None:
    g = model.tree()
    assert g.parameters == {"p", "bU", "bJ", *(f"x{i}" for i in range(1, 7)), *(f"y{i}" for i in range(1, 7))}


def test_catalog_finds_the_model_with_its_citation() -> None:
    m = find_model("us-japan-alliance")
    assert "Hayashi" in m.citation and m.slug == "us-japan-alliance"
    with pytest.raises(ModelError, match="has no parameter"):
        m.build(q=1)
    with pytest.raises(ModelError, match="must be one of"):
        m.build(china="__import__('os')")
