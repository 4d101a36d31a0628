"""Cha's quasi-alliance: do Japan and the ROK cooperate because of the threat or for fear of US abandonment?

Citation
--------
Cha, V. D. (2000). "Abandonment, Entrapment, and Neoclassical Realism in Asia: The
United States, Japan, and Korea." *International Studies Quarterly* 44: 261-291, at
262-263, 269, 273 and 282-284 (the quasi-alliance model, tested against balance of
threat); Walt, S. M. (1987). *The Origins of Alliances* (balance of threat).  As
reviewed by Jackson, "Since 1945, in Asia, have Alliances Formed and Functioned as
Expected by Alliance Theory?" (notes 90-96, 116-118, 121-125).

The theories
------------
Balance of threat predicts that Japan and the Republic of Korea, sharing allies,
enemies and threats, cooperate more when the shared threat grows.  Cha finds no such
correlation: in the Cold War, under a high threat, the two did not align, and after
it, as the Soviet threat fell, they drew closer (the 1992 joint statement, security
dialogues).  His quasi-alliance model puts the cause in the patron: two states
allied to a third but not to each other cooperate when they fear the patron will
abandon them, and drift apart while the patron's commitment is firm, "regardless of
the level of perceived threats" (Cha 2000, 263, 273; Jackson notes 121-125).

The game
--------
Nature draws a crisis with probability ``threat`` (else the region stays calm); in a
crisis, the US ``defends`` its allies with probability ``commitment`` and
``abandons`` them otherwise.  Before knowing which, Japan and the ROK each choose to
cooperate with the other (``C``) or not (``N``), simultaneously: Japan has one
information set (calm, defended, abandoned), the ROK one with six nodes (it sees
neither Nature's draws nor Japan's choice).  Beliefs are therefore the prior (and
Japan's strategy for the ROK).  Payoffs are named by player (``j`` Japan, ``k`` the
ROK), state (``P`` calm, ``D`` defended crisis, ``A`` abandoned crisis), the player's
own move and then the other's: ``jAcn`` is Japan's payoff when, abandoned in a
crisis, it cooperated and the ROK did not.

Preference orderings (the theories' assumptions), best first
-------------------------------------------------------------
Japan's (the ROK's is the same with ``k``).  ``theory=cha``::

    jPnc > jPnn > jPcc > jPcn > jDnc > jDnn > jDcc > jDcn > jAcc > jAnc > jAnn > jAcn

``theory=walt``: the same, except that in a defended crisis cooperation pays::

    ... > jPcn > jDcc > jDnc > jDnn > jDcn > jAcc > ...

Shared by both: a calm region is better than a crisis, and a crisis with the US better
than one without (the states' security rests on the US: Cha 2000, 273); cooperating
alone is the worst outcome in every state (an unreturned overture costs at home,
given historical antagonism); in calm times cooperation costs more than it brings
(``jPnn > jPcc``); abandoned in a crisis, mutual cooperation is best (``jAcc`` tops
the abandoned outcomes: the two need each other).  The one difference is the defended
crisis: under Cha's assumption the US guarantee is enough and cooperation is not
worth its cost (``jDnn > jDcc``, Cha 2000, 273: neither "needed the other as an
additional ally"); under balance of threat a shared threat makes it worth it
(``jDcc > jDnn``).  Default payoffs are the ranks (12 ... 1).

What the model implies (ranks)
------------------------------
Not cooperating is an equilibrium everywhere (cooperating alone is never worth it).
Mutual cooperation is an equilibrium iff

* ``theory=cha``: ``threat*(1 - commitment) >= 2/3``: the probability of facing a
  crisis *without* the US must be high; there is then also a mixed equilibrium in
  which each cooperates with probability ``(2 - x)/(2x)``, ``x = threat*(1 - commitment)``;
* ``theory=walt``: ``threat >= 2/3``, whatever the commitment (mixed: ``(2 - threat)/(2 threat)``).

So Cha's mechanism appears, but not "regardless of the level of threat": with the
ranks what matters is the product of the threat and the fear of abandonment.  At the
defaults (``theory=cha``, ``threat = 9/10``, ``commitment = 1/5``) the game has three
perfect Bayesian equilibria: both cooperate, neither does, and both cooperate with
probability 8/9.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.models._ordinal import bind_model, rank_payoffs

SLUG = "quasi-alliance"
TITLE = "Quasi-alliance: Japan-ROK cooperation (Cha 2000)"
CITATION = (
    "Cha, V. D. (2000). Abandonment, Entrapment, and Neoclassical Realism in Asia: The United States, Japan, "
    "and Korea. International Studies Quarterly 44: 261-291; as reviewed in Jackson, Alliance Theory in Asia, "
    "notes 90-96 and 116-125."
)

STATES = ("P", "D", "A")  # calm, defended crisis, abandoned crisis


def _chain(player: str, defended: tuple[str, ...]) -> tuple[str, ...]:
    calm = ("Pnc", "Pnn", "Pcc", "Pcn")
    abandoned = ("Acc", "Anc", "Ann", "Acn")
    return tuple(player + o for o in calm + defended + abandoned)


_CHA = ("Dnc", "Dnn", "Dcc", "Dcn")
_WALT = ("Dcc", "Dnc", "Dnn", "Dcn")

#: The theories' assumptions as strict preference orderings, best first.
ORDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "cha": {"Japan": _chain("j", _CHA), "ROK": _chain("k", _CHA)},
    "walt": {"Japan": _chain("j", _WALT), "ROK": _chain("k", _WALT)},
}

PAYOFF_NAMES = tuple(p + s + o for p in ("j", "k") for s in STATES for o in ("cc", "cn", "nc", "nn"))

TEX_NAMES: dict[str, str] = {name: f"{name[0]}^{{{name[1]}}}_{{{name[2:]}}}" for name in PAYOFF_NAMES}

#: Parameters a user may set, with their defaults (payoffs default to ranks).
PARAMETERS: dict[str, Any] = {
    "theory": "cha",
    "threat": Fraction(9, 10),
    "commitment": Fraction(1, 5),
    **dict.fromkeys(PAYOFF_NAMES),
}
CHOICES: dict[str, tuple[str, ...]] = {"theory": ("cha", "walt")}

_ONE = Fraction(1)

#: What the exact PBE solver must find at the defaults (theory=cha, threat=9/10,
#: commitment=1/5), checked by tests/test_models_contract.py.  With x = 9/10 * 4/5 =
#: 18/25 the mixed equilibrium has each cooperate with probability (2 - x)/(2x) = 8/9.
EXPECTED: dict[str, Any] = {
    "concept": "pbe",
    "complete": True,
    "equilibria": (
        {
            "kind": None,
            "on_path": {"Japan": {"Japan": {"C": _ONE}}, "ROK": {"ROK": {"C": _ONE}}},
            # 1/10 * jPcc + 9/50 * jDcc + 18/25 * jAcc = 1/10*10 + 9/50*6 + 18/25*4
            "payoffs": {"Japan": Fraction(124, 25), "ROK": Fraction(124, 25)},
        },
        {
            "kind": None,
            "on_path": {"Japan": {"Japan": {"N": _ONE}}, "ROK": {"ROK": {"N": _ONE}}},
            # 1/10*11 + 9/50*7 + 18/25*2
            "payoffs": {"Japan": Fraction(19, 5), "ROK": Fraction(19, 5)},
        },
        {
            "kind": None,
            "on_path": {
                "Japan": {"Japan": {"C": Fraction(8, 9), "N": Fraction(1, 9)}},
                "ROK": {"ROK": {"C": Fraction(8, 9), "N": Fraction(1, 9)}},
            },
            # N against 8/9 C: 8/9*(1/10*12 + 9/50*8 + 18/25*3) + 1/9*19/5
            "payoffs": {"Japan": Fraction(211, 45), "ROK": Fraction(211, 45)},
        },
    ),
}


def tree() -> Game:
    """The game with ``threat``, ``commitment`` and every payoff left as a named parameter."""
    threat, commitment = params("threat commitment")
    pay = dict(zip(PAYOFF_NAMES, params(PAYOFF_NAMES)))

    def choices(state: str, label: str) -> Any:
        """Japan, then the ROK without seeing Japan, choose C or N in this state."""

        def rok(japan: str) -> Any:
            def outcome(k: str) -> Any:
                j_own, k_own = japan.lower(), k.lower()
                return leaf(pay[f"j{state}{j_own}{k_own}"], pay[f"k{state}{k_own}{j_own}"])

            return decision("ROK", "ROK", label=f"{label}-{japan}", C=outcome("C"), N=outcome("N"))

        return decision("Japan", "Japan", label=label, C=rok("C"), N=rok("N"))

    return game(
        TITLE,
        players=["Japan", "ROK"],
        root=chance(
            "Nature",
            label="Nature",
            calm=(1 - threat, choices("P", "calm")),
            crisis=(threat, chance(
                "US",
                label="US",
                defends=(commitment, choices("D", "defended")),
                abandons=(1 - commitment, choices("A", "abandoned")),
            )),
        ),
    )


def default_payoffs(theory: str) -> dict[str, Fraction]:
    """Payoffs equal to the ranks in the ordering for ``theory`` (best 12 ... worst 1)."""
    return rank_payoffs(ORDERINGS, theory)


def build(theory: str = "cha", threat: Any = Fraction(9, 10), commitment: Any = Fraction(1, 5), **payoffs: Any) -> Game:
    """The game with numbers: ``theory`` picks the ordering; payoffs default to ranks."""
    return bind_model(
        tree, ORDERINGS, "theory", theory, {"threat": threat, "commitment": commitment}, payoffs, default_payoffs
    )


def cooperation_possible(theory: str, threat: Any, commitment: Any) -> bool:
    """Whether mutual cooperation is an equilibrium with the default (rank) payoffs.

    The closed form derived in the module docstring; the docs page and the tests set
    it against the solver.
    """
    q, c = Fraction(threat), Fraction(commitment)
    exposure = q * (1 - c) if theory == "cha" else q
    return exposure >= Fraction(2, 3)
