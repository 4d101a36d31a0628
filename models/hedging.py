"""Hedging under the fear of abandonment: reinforce the alliance, align with other allies, both, or neither?

Citation
--------
Atanassova-Cornelis, E., and Y. Sato (2019). "The US-Japan Alliance Dilemma in the
Asia-Pacific: Changing Rationales and Scope." *The International Spectator* 54:
78-93, at 80 and 83 (Japan's hedging: reinforcing the alliance and aligning with
other US allies); Cha, V. D. (2000). "Abandonment, Entrapment, and Neoclassical
Realism in Asia." *International Studies Quarterly* 44: 266-267 (an ally that fears
abandonment contributes more to keep its patron).  As reviewed by Jackson, "Since
1945, in Asia, have Alliances Formed and Functioned as Expected by Alliance Theory?"
(notes 130-133).

The theory
----------
After the Cold War Japan feared that the United States would reduce its role in
Asia.  Atanassova-Cornelis and Sato describe its answer as hedging: it reinforced the
alliance, to keep the US from leaving, and at the same time sought "alignment with
other US allies" in case the US left anyway.  Cha's hypothesis supplies the first
half (fear of abandonment raises an ally's contribution); the second half is
insurance.  Jackson uses it to explain Japan's larger contribution to the alliance
and its better relations with the ROK in the early 1990s, while the threat fell.

The game
--------
Nature draws the US: ``loyal`` with probability ``loyal`` (it stays whatever Japan
does); otherwise ``responsive`` with probability ``responsive`` (it decides whether to
stay after seeing what Japan did) or ``leaving`` (it withdraws whatever Japan does).
Japan, not knowing which, chooses to ``reinforce`` the alliance, ``align`` with other
US allies, ``hedge`` (both) or ``neither``: one information set with three nodes.
The responsive US then ``stay``s or ``withdraw``s.  Payoffs are named by player
(``y`` Japan, ``x`` the US), Japan's move (``R``, ``A``, ``H``, ``N``) and whether the
US stayed (``S``) or withdrew (``W``): ``yHW`` is Japan's payoff when it hedged and the
US left.  The loyal and leaving types have no choice; their leaves carry the same
names as the responsive type's staying and withdrawing.

Preference orderings (the theory's assumptions), best first
-----------------------------------------------------------
``history=reconciled`` (aligning with the ROK is cheap)::

    Japan: yNS > yAS > yRS > yHS > yAW > yHW > yNW > yRW
    US:    xRS > xHS > xNW > xAW > xHW > xRW > xAS > xNS

``history=antagonistic`` (aligning costs more than reinforcing): Japan's ``yRS`` and
``yAS`` change places; the rest is the same.

Japan is better off whenever the US stays (the alliance is its security) and each
step costs something, so it ranks the outcomes with the US by cost (doing nothing
cheapest, hedging dearest).  If the US leaves, alignment is insurance (``yAW``,
``yHW`` above ``yNW``) and reinforcing was wasted (``yRW`` worst).  The responsive US
stays with an ally that reinforces or hedges (``xRS > xRW``, ``xHS > xHW``) and leaves
a free-rider (``xNW > xNS``, ``xAW > xAS``): Cha's mechanism.  Defaults are cardinal,
not ranks, because hedging is a bet on a lottery and ranks understate insurance:
Japan (reconciled) ``12, 11, 10, 9, 7, 5, 0, -2`` in the order above (antagonistic:
``yNS 12, yRS 10, yAS 8, yHS 6, yAW 4, yHW 2, yNW 0, yRW -2``); the US's ranks 8 ... 1.

What the model implies
----------------------
The responsive US's moves are fixed by its ordering, so Japan's choice is a decision
under risk with ``c = loyal``, ``P = (1 - loyal) responsive`` and ``X = (1 - loyal)(1 -
responsive)``: ``neither`` is worth ``c yNS + (1 - c) yNW``, ``align``
``c yAS + (1 - c) yAW``, ``reinforce`` ``(c + P) yRS + X yRW`` and ``hedge``
``(c + P) yHS + X yHW``.  At the defaults (``history=reconciled``, ``loyal = 1/5``,
``responsive = 3/4``) these are 12/5, 39/5, 38/5 and 41/5: the unique perfect
Bayesian equilibrium is to hedge.  With the antagonistic history it is to reinforce
(38/5 against 26/5 for hedging).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.models._ordinal import bind_model, rank_payoffs

SLUG = "hedging"
TITLE = "Hedging under abandonment fear (Atanassova-Cornelis and Sato 2019)"
CITATION = (
    "Atanassova-Cornelis, E., and Y. Sato (2019). The US-Japan Alliance Dilemma in the Asia-Pacific. "
    "The International Spectator 54: 78-93; Cha, V. D. (2000). International Studies Quarterly 44: 266-267; "
    "as reviewed in Jackson, Alliance Theory in Asia, notes 130-133."
)

MOVES = {"reinforce": "R", "align": "A", "hedge": "H", "neither": "N"}

_US = ("xRS", "xHS", "xNW", "xAW", "xHW", "xRW", "xAS", "xNS")

#: The theory's assumptions as strict preference orderings, best first.
ORDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "reconciled": {"Japan": ("yNS", "yAS", "yRS", "yHS", "yAW", "yHW", "yNW", "yRW"), "US": _US},
    "antagonistic": {"Japan": ("yNS", "yRS", "yAS", "yHS", "yAW", "yHW", "yNW", "yRW"), "US": _US},
}

#: Japan's default payoffs, in the order of its ordering (cardinal: see the docstring).
_JAPAN_VALUES = (12, 11, 10, 9, 7, 5, 0, -2)
_JAPAN_ANTAGONISTIC = (12, 10, 8, 6, 4, 2, 0, -2)

PAYOFF_NAMES = tuple(f"{p}{m}{o}" for p in ("y", "x") for m in "RAHN" for o in "SW")
TEX_NAMES: dict[str, str] = {name: f"{name[0]}_{{{name[1:]}}}" for name in PAYOFF_NAMES}

#: Parameters a user may set, with their defaults.
PARAMETERS: dict[str, Any] = {
    "history": "reconciled",
    "loyal": Fraction(1, 5),
    "responsive": Fraction(3, 4),
    **dict.fromkeys(PAYOFF_NAMES),
}
CHOICES: dict[str, tuple[str, ...]] = {"history": ("reconciled", "antagonistic")}

_ONE = Fraction(1)

#: What the exact PBE solver must find at the defaults, checked by
#: tests/test_models_contract.py: Japan hedges (41/5 against 39/5, 38/5, 12/5); the
#: responsive US stays after hedging.
EXPECTED: dict[str, Any] = {
    "concept": "pbe",
    "complete": True,
    "equilibria": (
        {
            "kind": None,
            "on_path": {"Japan": {"Japan": {"hedge": _ONE}}, "US": {"after hedge": {"stay": _ONE}}},
            # US: (1/5 + 3/5) xHS + 1/5 xHW = 4/5*7 + 1/5*4
            "payoffs": {"Japan": Fraction(41, 5), "US": Fraction(32, 5)},
        },
    ),
}


def tree() -> Game:
    """The game with ``loyal``, ``responsive`` and every payoff left as a named parameter."""
    loyal, responsive = params("loyal responsive")
    pay = dict(zip(PAYOFF_NAMES, params(PAYOFF_NAMES)))

    def out(move: str, outcome: str, label: str) -> Any:
        m = MOVES[move]
        return leaf(pay[f"y{m}{outcome}"], pay[f"x{m}{outcome}"], label=label)

    def japan(us_type: str) -> Any:
        """Japan's four moves; what the US does next depends on its type."""
        branches: dict[str, Any] = {}
        for move in MOVES:
            if us_type == "loyal":
                branches[move] = out(move, "S", f"loyal-{move}")
            elif us_type == "leaving":
                branches[move] = out(move, "W", f"leaving-{move}")
            else:
                branches[move] = decision(
                    "US", f"after {move}", label=f"responsive-{move}",
                    stay=out(move, "S", f"responsive-{move}-stay"),
                    withdraw=out(move, "W", f"responsive-{move}-withdraw"),
                )
        return decision("Japan", "Japan", branches, label=us_type)

    return game(
        TITLE,
        players=["Japan", "US"],
        root=chance(
            "Nature",
            label="Nature",
            loyal=(loyal, japan("loyal")),
            wavering=(1 - loyal, chance(
                "US type",
                label="wavering",
                responsive=(responsive, japan("responsive")),
                leaving=(1 - responsive, japan("leaving")),
            )),
        ),
    )


def default_payoffs(history: str) -> dict[str, Fraction]:
    """Japan's cardinal defaults for ``history``; the US's ranks (8 ... 1)."""
    values = rank_payoffs(ORDERINGS, history)
    japan = _JAPAN_VALUES if history == "reconciled" else _JAPAN_ANTAGONISTIC
    values.update({name: Fraction(v) for name, v in zip(ORDERINGS[history]["Japan"], japan)})
    return values


def build(
    history: str = "reconciled", loyal: Any = Fraction(1, 5), responsive: Any = Fraction(3, 4), **payoffs: Any
) -> Game:
    """The game with numbers: ``history`` picks Japan's ordering; payoffs default as documented."""
    return bind_model(
        tree, ORDERINGS, "history", history, {"loyal": loyal, "responsive": responsive}, payoffs, default_payoffs
    )


def expected_values(
    history: str = "reconciled", loyal: Any = Fraction(1, 5), responsive: Any = Fraction(3, 4)
) -> dict[str, Fraction]:
    """Japan's expected payoff from each move at the default payoffs (the docstring's formulas)."""
    y = default_payoffs(history)
    c = Fraction(loyal)
    stays_if_asked = c + (1 - c) * Fraction(responsive)
    leaves = 1 - stays_if_asked
    return {
        "reinforce": stays_if_asked * y["yRS"] + leaves * y["yRW"],
        "align": c * y["yAS"] + (1 - c) * y["yAW"],
        "hedge": stays_if_asked * y["yHS"] + leaves * y["yHW"],
        "neither": c * y["yNS"] + (1 - c) * y["yNW"],
    }
