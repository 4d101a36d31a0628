"""Balance of threat and buck-passing: does the ally balance or pass the buck to its patron?

Citation
--------
Walt, S. M. (1987). *The Origins of Alliances*. Cornell University Press, p. 33
(buck-passing as the alternative to balancing); Walt, S. M. (1985). "Alliance
Formation and the Balance of World Power." *International Security* 9: 3-43; Lind,
J. M. (2004). "Pacifism or Passing the Buck? Testing Theories of Japanese Security
Policy." *International Security* 29: 92-121, at 101-103.  As reviewed by Jackson,
"Since 1945, in Asia, have Alliances Formed and Functioned as Expected by Alliance
Theory?" (notes 71-75 and 84-88).

The theory
----------
States ally to balance against threats (power, proximity, offensive capability,
intentions), so balancing should rise with the threat.  A weak state whose security
matters to a strong patron may instead *pass the buck*: let the patron carry the cost
of deterrence.  Jackson reads Japan's Cold War policy this way: weak after 1945 and
so important to the United States that US support was "almost guaranteed", Japan
relied on the US rather than arming (Lind 2004, 101-103; Walt 1987, 33).

The game
--------
Nature decides how much Japan matters to the United States: with probability ``c``
(the US *commitment*) the US is a ``vital``-interest patron, with ``1 - c`` a
``peripheral`` one.  Japan does not know which; it ``balance``s (arms and shares the
burden) or ``pass``es the buck.  The US, knowing its type and seeing Japan's choice,
``defend``s Japan against the threat or ``abstain``s.  Japan holds one information set
(two nodes); the US four singleton sets.  Payoffs are named by who gets them and what
happened: Japan ``y``, the vital US ``v``, the peripheral US ``u``; ``B``/``P`` for
balance/pass, ``D``/``A`` for defend/abstain (``yPD``: Japan passed the buck and was
defended).

Preference orderings (the theory's assumptions), best first
-----------------------------------------------------------
``threat=high``::

    Japan: yPD > yBD > yBA > yPA
    US:    vBD > vPD > uBD > uBA > uPA > uPD > vBA > vPA

``threat=low``::

    Japan: yPD > yBD > yPA > yBA
    US:    (as above)

Japan likes best to be defended without paying (buck-passing pays when it works:
``yPD > yBD``); under a high threat being left alone unarmed is the worst outcome
(``yBA > yPA``), under a low threat arming alone is the worse waste (``yPA > yBA``).
That shift is balance of threat: the threat makes exposure costly.  The vital US
defends Japan whatever Japan does (``vBD > vBA``, ``vPD > vPA``: losing a
geostrategically vital ally is its worst outcome); the peripheral US defends an ally
that balances (``uBD > uBA``) but not a free-rider (``uPA > uPD``).  Both prefer an
ally that shares the burden (``vBD > vPD``).  Default payoffs are the ranks
(best 4 or 8, worst 1); any may be set within the ordering.

What the model implies
----------------------
The US's moves are fixed by its ordering, so Japan compares balancing (defended for
sure: ``yBD``) with passing the buck (defended only by the vital type):
it passes iff ``c > c* = (yBD - yPA)/(yPD - yPA)``.  With the ranks, ``c* = 2/3``
under a high threat and ``1/2`` under a low one: balancing needs a *less* committed
patron when the threat is low, as balance of threat predicts, and whatever the threat,
a patron committed enough makes the ally pass the buck.  At the defaults
(``threat=high``, ``c = 3/4``) the unique perfect Bayesian equilibrium is Japan
passing the buck: Jackson's reading of Japan in the Cold War.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.models._ordinal import bind_model, rank_payoffs

SLUG = "balance-of-threat"
TITLE = "Balance of threat and buck-passing (Walt 1987)"
CITATION = (
    "Walt, S. M. (1987). The Origins of Alliances, p. 33; Lind, J. M. (2004). Pacifism or Passing the Buck? "
    "International Security 29: 101-103; as reviewed in Jackson, Alliance Theory in Asia, notes 71-88."
)

_US = ("vBD", "vPD", "uBD", "uBA", "uPA", "uPD", "vBA", "vPA")

#: The theory's assumptions as strict preference orderings, best first, per threat level.
ORDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "high": {"US": _US, "Japan": ("yPD", "yBD", "yBA", "yPA")},
    "low": {"US": _US, "Japan": ("yPD", "yBD", "yPA", "yBA")},
}

TEX_NAMES: dict[str, str] = {
    **{f"y{o}": f"y_{{{o}}}" for o in ("BD", "BA", "PD", "PA")},
    **{f"v{o}": f"v_{{{o}}}" for o in ("BD", "BA", "PD", "PA")},
    **{f"u{o}": f"u_{{{o}}}" for o in ("BD", "BA", "PD", "PA")},
}

PAYOFF_NAMES = ("yBD", "yBA", "yPD", "yPA", "vBD", "vBA", "vPD", "vPA", "uBD", "uBA", "uPD", "uPA")

#: Parameters a user may set, with their defaults (payoffs default to ranks).
PARAMETERS: dict[str, Any] = {"threat": "high", "c": Fraction(3, 4), **dict.fromkeys(PAYOFF_NAMES)}
CHOICES: dict[str, tuple[str, ...]] = {"threat": ("high", "low")}

#: What the exact PBE solver must find at the defaults (threat=high, c=3/4), checked by
#: tests/test_models_contract.py.  ``on_path``: behavior at every information set the
#: play reaches, actions played with positive probability only.
EXPECTED: dict[str, Any] = {
    "concept": "pbe",
    "complete": True,
    "equilibria": (
        {
            "kind": None,
            "on_path": {
                "US": {"vital-pass": {"defend": Fraction(1)}, "peripheral-pass": {"abstain": Fraction(1)}},
                "Japan": {"Japan": {"pass": Fraction(1)}},
            },
            # US 3/4 vPD + 1/4 uPA = 3/4*7 + 1/4*4; Japan 3/4 yPD + 1/4 yPA = 3/4*4 + 1/4*1
            "payoffs": {"US": Fraction(25, 4), "Japan": Fraction(13, 4)},
        },
    ),
}


def tree() -> Game:
    """The game with ``c`` and every payoff left as a named parameter."""
    (c,) = params("c")
    yBD, yBA, yPD, yPA = params("yBD yBA yPD yPA")
    vBD, vBA, vPD, vPA = params("vBD vBA vPD vPA")
    uBD, uBA, uPD, uPA = params("uBD uBA uPD uPA")

    def japan(us_type: str, us: dict[str, Any]) -> Any:
        """Japan, not knowing the US type, balances or passes; the US answers."""
        return decision(
            "Japan", "Japan",
            {
                "balance": decision(
                    "US", f"{us_type}-balance", label=f"{us_type}-balance",
                    defend=leaf(us["BD"], yBD), abstain=leaf(us["BA"], yBA),
                ),
                "pass": decision(
                    "US", f"{us_type}-pass", label=f"{us_type}-pass",
                    defend=leaf(us["PD"], yPD), abstain=leaf(us["PA"], yPA),
                ),
            },
            label=us_type,
        )

    return game(
        TITLE,
        players=["US", "Japan"],
        root=chance(
            "Nature",
            label="Nature",
            vital=(c, japan("vital", {"BD": vBD, "BA": vBA, "PD": vPD, "PA": vPA})),
            peripheral=(1 - c, japan("peripheral", {"BD": uBD, "BA": uBA, "PD": uPD, "PA": uPA})),
        ),
    )


def default_payoffs(threat: str) -> dict[str, Fraction]:
    """Payoffs equal to the ranks in the ordering for ``threat``."""
    return rank_payoffs(ORDERINGS, threat)


def build(threat: str = "high", c: Any = Fraction(3, 4), **payoffs: Any) -> Game:
    """The game with numbers: ``threat`` picks the ordering; payoffs default to ranks."""
    return bind_model(tree, ORDERINGS, "threat", threat, {"c": c}, payoffs, default_payoffs)


def threshold(threat: str = "high", **payoffs: Any) -> Fraction:
    """The commitment ``c* = (yBD - yPA)/(yPD - yPA)`` above which Japan passes the buck."""
    values = default_payoffs(threat)
    values.update({k: Fraction(v) for k, v in payoffs.items() if v is not None})
    return (values["yBD"] - values["yPA"]) / (values["yPD"] - values["yPA"])
