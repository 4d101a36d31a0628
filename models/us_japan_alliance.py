"""The US–Japan alliance game (Hayashi 2021), Figure 1 of the paper.

Citation
--------
Hayashi, M. (2021). "What's Next? Prospects of the U.S.-Japan Security Alliance."
Working paper, University of California, Riverside, March 25, 2021.
The game is the paper's Figure 1; the preference orderings are its Figure 2.

The game
--------
Nature picks the US type: low interest ``U_L`` with probability ``p`` (political
extremism at home) or high interest ``U_H`` with probability ``1 - p``.  ``U_L`` has a
single action, a low contribution ``l``; ``U_H`` chooses a high ``h`` or low ``l``
contribution.  Japan sees the contribution but not the type, so after ``l`` it holds
one information set with both types' nodes (belief ``mu`` that the US is ``U_L``);
after ``h`` it knows the type.  Japan contributes ``h`` or ``l``.  The US type that
moved then accepts (``A``) or rejects (``notA``, the paper's ¬A) Japan's proposal.
Accepting pays ``(x_i, y_i)``; rejecting dissolves the alliance and pays the outside
options ``(bU, bJ)`` (the paper's β_U, β_J).

=====  =========  =======  ==========
pair   US type    US move  Japan move
=====  =========  =======  ==========
1      U_L        l        l
2      U_L        l        h
3      U_H        l        l
4      U_H        l        h
5      U_H        h        l
6      U_H        h        h
=====  =========  =======  ==========

Preference orderings (Figure 2)
-------------------------------
China's relative power low (``china=low``)::

    US:    x4 > x2 > x6 > x3 > x1 > bU > x5
    Japan: y5 > y6 > y3 > y1 > y4 > y2 > bJ

China's relative power high (``china=high``)::

    US:    x4 > x2 > x6 > bU > x3 > x1 > x5
    Japan: y5 > y6 > y4 > bJ > y2 > y3 > y1

Default payoffs are the ranks in the chosen ordering (best 7, worst 1).  Any payoff
can be overridden (``--set x4=10``); a set of payoffs that breaks the chosen ordering
is refused with a message naming the violated pair.

The paper's claims, and what is true
------------------------------------
* China low: a unique perfect Bayesian equilibrium, separating (``U_L`` plays ``l``,
  ``U_H`` plays ``h``; Japan answers ``l`` to ``l`` and ``h`` to ``h``; both types
  accept).  This holds.
* China high: the paper reports a separating equilibrium only when
  ``p >= t = (y4 - bJ)/(y4 - y2)`` and a pooling one when ``p <= t``.  Solved exactly
  (and confirmed with Gambit), the separating equilibrium exists for every ``p``
  (Japan's belief after ``l`` is then 1, whatever ``p`` is); the pooling one exists iff
  ``p <= t``; and for ``p < t`` there is a third, semi-separating equilibrium the paper
  misses: ``U_H`` plays ``l`` with probability ``p(1 - t)/(t(1 - p))``, Japan plays
  ``h`` after ``l`` with probability ``(x6 - bU)/(x4 - bU)``, and Japan's belief
  after ``l`` is ``t``.  With the default ranks ``t = 1/2``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.core.values import exact
from gametoolkit.errors import ModelError
from gametoolkit.models._ordinal import check_ordering as check_case_ordering
from gametoolkit.models._ordinal import rank_payoffs

SLUG = "us-japan-alliance"
TITLE = "US-Japan alliance game (Hayashi 2021)"
CITATION = (
    "Hayashi, M. (2021). What's Next? Prospects of the U.S.-Japan Security Alliance. "
    "Working paper, University of California, Riverside, March 25, 2021. "
    "Figure 1 (game tree) and Figure 2 (preference orderings)."
)

#: Preference orderings of Figure 2, best first.
ORDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "low": {
        "US": ("x4", "x2", "x6", "x3", "x1", "bU", "x5"),
        "Japan": ("y5", "y6", "y3", "y1", "y4", "y2", "bJ"),
    },
    "high": {
        "US": ("x4", "x2", "x6", "bU", "x3", "x1", "x5"),
        "Japan": ("y5", "y6", "y4", "bJ", "y2", "y3", "y1"),
    },
}

#: How figures write the model's names (TeX): the paper's β_U, β_J and ¬A.
TEX_NAMES: dict[str, str] = {"bU": r"\beta_U", "bJ": r"\beta_J", "notA": r"\neg A"}

PAYOFF_NAMES = ("x1", "x2", "x3", "x4", "x5", "x6", "y1", "y2", "y3", "y4", "y5", "y6", "bU", "bJ")

#: Parameters a user may set, with their defaults (payoffs default to ranks).
PARAMETERS: dict[str, Any] = {"china": "high", "p": Fraction(1, 2), **dict.fromkeys(PAYOFF_NAMES)}
CHOICES: dict[str, tuple[str, ...]] = {"china": ("low", "high")}

#: What the exact PBE solver must find at the defaults (china=high, p=1/2), checked by
#: tests/test_models_contract.py.  Here p = t = 1/2, where the semi-separating
#: equilibrium merges into the pooling one: pooling becomes a segment along which
#: Japan's probability of h after l runs from (x6 - bU)/(x4 - bU) = 1/3 to 1, reported
#: as its two extreme points.  ``on_path``: behavior at every set the play reaches.
EXPECTED: dict[str, Any] = {
    "concept": "pbe",
    "complete": True,
    "equilibria": (
        {
            "kind": "separating",
            "on_path": {
                "US": {"U_L": {"l": Fraction(1)}, "UL-l-l": {"notA": Fraction(1)},
                       "U_H": {"h": Fraction(1)}, "UH-h-h": {"A": Fraction(1)}},
                "Japan": {"after l": {"l": Fraction(1)}, "after h": {"h": Fraction(1)}},
            },
            # US 1/2 bU + 1/2 x6 = (4 + 5)/2; Japan 1/2 bJ + 1/2 y6 = (4 + 6)/2
            "payoffs": {"US": Fraction(9, 2), "Japan": Fraction(5)},
        },
        {
            "kind": "pooling",
            "on_path": {
                "US": {"U_L": {"l": Fraction(1)}, "UL-l-h": {"A": Fraction(1)},
                       "U_H": {"l": Fraction(1)}, "UH-l-h": {"A": Fraction(1)}},
                "Japan": {"after l": {"h": Fraction(1)}},
            },
            # US (x2 + x4)/2 = (6 + 7)/2; Japan (y2 + y4)/2 = (3 + 5)/2
            "payoffs": {"US": Fraction(13, 2), "Japan": Fraction(4)},
        },
        {
            "kind": "pooling",
            "on_path": {
                "US": {"U_L": {"l": Fraction(1)}, "UL-l-l": {"notA": Fraction(1)}, "UL-l-h": {"A": Fraction(1)},
                       "U_H": {"l": Fraction(1)}, "UH-l-l": {"notA": Fraction(1)}, "UH-l-h": {"A": Fraction(1)}},
                "Japan": {"after l": {"l": Fraction(2, 3), "h": Fraction(1, 3)}},
            },
            # US 1/2 (2/3 bU + 1/3 x2) + 1/2 (2/3 bU + 1/3 x4) = 4*2/3 + (6 + 7)/6; Japan indifferent: bJ
            "payoffs": {"US": Fraction(29, 6), "Japan": Fraction(4)},
        },
    ),
}


def tree() -> Game:
    """The game of Figure 1 with every payoff and ``p`` left as a named parameter."""
    p, bU, bJ = params("p bU bJ")
    x1, x2, x3, x4, x5, x6 = params("x1 x2 x3 x4 x5 x6")
    y1, y2, y3, y4, y5, y6 = params("y1 y2 y3 y4 y5 y6")

    def us_responds(node: str, x: Any, y: Any) -> Any:
        """The US type that moved accepts (x, y) or rejects for the outside options."""
        return decision(
            "US", node, label=node,
            A=leaf(x, y, label=f"{node}-A"),
            notA=leaf(bU, bJ, label=f"{node}-notA"),
        )

    return game(
        TITLE,
        players=["US", "Japan"],
        root=chance(
            "Nature",
            label="Nature",
            U_L=(p, decision(
                "US", "U_L", label="U_L",
                l=decision(
                    "Japan", "after l", label="UL-l",
                    l=us_responds("UL-l-l", x1, y1),
                    h=us_responds("UL-l-h", x2, y2),
                ),
            )),
            U_H=(1 - p, decision(
                "US", "U_H", label="U_H",
                h=decision(
                    "Japan", "after h", label="UH-h",
                    l=us_responds("UH-h-l", x5, y5),
                    h=us_responds("UH-h-h", x6, y6),
                ),
                l=decision(
                    "Japan", "after l", label="UH-l",
                    l=us_responds("UH-l-l", x3, y3),
                    h=us_responds("UH-l-h", x4, y4),
                ),
            )),
        ),
    )


def default_payoffs(china: str) -> dict[str, Fraction]:
    """Payoffs equal to the ranks in the ordering for ``china`` (best 7 ... worst 1)."""
    return rank_payoffs(ORDERINGS, china)


def check_ordering(china: str, values: dict[str, Fraction]) -> None:
    """Raise :class:`ModelError` naming every adjacent pair the payoffs break."""
    check_case_ordering(ORDERINGS, china, values, f"China-{china} ordering of Figure 2")


def build(china: str = "high", p: Any = Fraction(1, 2), **payoffs: Any) -> Game:
    """The game with numbers: ``china`` picks the ordering; payoffs default to ranks."""
    if china not in ORDERINGS:
        raise ModelError(f"china must be 'low' or 'high', not {china!r}")
    unknown = sorted(set(payoffs) - set(PAYOFF_NAMES))
    if unknown:
        raise ModelError(f"unknown parameter(s) {', '.join(unknown)}; payoffs are {', '.join(PAYOFF_NAMES)}")
    values = default_payoffs(china)
    for name, value in payoffs.items():
        if value is not None:
            try:
                values[name] = exact(value, name)
            except ValueError as err:
                raise ModelError(str(err)) from err
    check_ordering(china, values)
    try:
        prob = exact(p, "p")
    except ValueError as err:
        raise ModelError(str(err)) from err
    if not 0 <= prob <= 1:
        raise ModelError(f"p must lie in [0, 1], not {prob}")
    return tree().bind(p=prob, **values)


def threshold(china: str = "high", **payoffs: Any) -> Fraction:
    """The paper's t = (y4 - bJ)/(y4 - y2) for the given payoffs (ranks by default)."""
    values = default_payoffs(china)
    values.update({k: exact(v, k) for k, v in payoffs.items() if v is not None})
    return (values["y4"] - values["bJ"]) / (values["y4"] - values["y2"])
