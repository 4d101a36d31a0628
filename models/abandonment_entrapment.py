"""Abandonment and entrapment: an ally commits before a crisis in which the patron supports or abandons it.

Citation
--------
Cha, V. D. (2000). "Abandonment, Entrapment, and Neoclassical Realism in Asia: The
United States, Japan, and Korea." *International Studies Quarterly* 44: 261-291, at
266-267 (fear of abandonment raises an ally's commitment, fear of entrapment lowers
it) and 273, 282 (the ROK's affirmed commitment as the North Korean threat fell);
the alliance security dilemma behind it is Snyder's (G. H. Snyder, "The Security
Dilemma in Alliance Politics," *World Politics* 36 (1984): 461-495), which Cha
builds on.  As reviewed by Jackson, "Since 1945, in Asia, have Alliances Formed and
Functioned as Expected by Alliance Theory?" (notes 106-107, 115, 132).

The theory
----------
An ally that commits itself firmly to its patron makes the patron likelier to stand
by it in the ally's own crisis (less risk of *abandonment*) but is likelier to be
dragged into the patron's conflicts (more risk of *entrapment*); a loose commitment
does the reverse.  Which fear dominates decides how tightly the ally binds itself:
Cha's hypothesis is that an ally that fears abandonment raises its contribution to
keep its patron.  Jackson notes that the ROK publicly affirmed its commitment to the
US alliance, even beyond reunification, while the North Korean threat was falling,
which balance of threat does not expect.

The game
--------
The ``ROK`` commits ``firm``ly or ``loose``ly.  Nature then brings a crisis: the
ROK's ``own`` (with probability ``own``) or a ``US war`` elsewhere (``1 - own``).  In
its own crisis the US is ``reliable`` with probability ``reliable`` and supports the
ROK whatever its commitment; an opportunistic US chooses to ``support`` or
``abandon`` it, having seen the commitment.  In the US's war the ROK chooses to
``join`` or stay ``out`` (after a firm commitment: renege).  Every set is a singleton:
the ROK does not know the US type when it commits, but by then nothing it can learn
has happened, so the equilibria are subgame perfect.  Payoffs are named by player
(``y`` the ROK, ``x`` the US), commitment (``F``/``L``) and outcome: ``S`` supported,
``B`` abandoned, ``J`` joined, ``O`` out.

Preference orderings (the theory's assumptions), best first
-----------------------------------------------------------
``threat=high`` (the ROK's own crisis would be grave)::

    ROK: yLO > yLS > yFS > yLJ > yFJ > yFO > yLB > yFB
    US:  xFJ > xLJ > xFS > xLB > xLO > xLS > xFO > xFB

``threat=low``: abandonment in its own crisis is bearable, entrapment is not::

    ROK: yLO > yLS > yFS > yLJ > yLB > yFB > yFO > yFJ

A firm commitment costs the ROK in every outcome (``yLS > yFS``, ``yLJ > yFJ``,
``yLB > yFB``); staying out of the US's war is best.  Under a high threat being
abandoned is the worst that can happen, and reneging on a firm commitment (which
invites abandonment later) is worse than being entrapped (``yFJ > yFO``); under a low
threat entrapment is the worst (``yFO > yFJ``, and both abandonment outcomes rank
above it).  The opportunistic US supports a firmly committed ally (``xFS > xFB``: it
expects the ally in its own wars and its credibility is at stake) and abandons a
loose one (``xLB > xLS``); the US likes best an ally that joins its wars.  Default
payoffs are the ranks (8 ... 1).

What the model implies
----------------------
Backward induction fixes everything after the commitment; the ROK commits firmly iff

* ``threat=high``: ``own*(8 - 5*reliable) >= 4`` (ranks), and is then entrapped in the
  US's war (it joins);
* ``threat=low``: ``own*(8 - 3*reliable) >= 6``, and then reneges in the US's war.

Firm commitment rises as the US's reliability falls (fear of abandonment: Cha's
hypothesis) and as the ROK's own crisis becomes likelier; a lower threat shrinks the
region.  At the defaults (``threat=high``, ``own = 3/4``, ``reliable = 1/4``) the
unique equilibrium is a firm commitment; with ``threat=low`` at the same
probabilities it is a loose one.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.models._ordinal import bind_model, rank_payoffs

SLUG = "abandonment-entrapment"
TITLE = "Abandonment and entrapment (Cha 2000)"
CITATION = (
    "Cha, V. D. (2000). Abandonment, Entrapment, and Neoclassical Realism in Asia: The United States, Japan, "
    "and Korea. International Studies Quarterly 44: 261-291, at 266-267; as reviewed in Jackson, Alliance "
    "Theory in Asia, notes 106-107, 115 and 132."
)

_US = ("xFJ", "xLJ", "xFS", "xLB", "xLO", "xLS", "xFO", "xFB")

#: The theory's assumptions as strict preference orderings, best first, per threat level.
ORDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "high": {"ROK": ("yLO", "yLS", "yFS", "yLJ", "yFJ", "yFO", "yLB", "yFB"), "US": _US},
    "low": {"ROK": ("yLO", "yLS", "yFS", "yLJ", "yLB", "yFB", "yFO", "yFJ"), "US": _US},
}

PAYOFF_NAMES = tuple(f"{p}{c}{o}" for p in ("y", "x") for c in "FL" for o in "SBJO")
TEX_NAMES: dict[str, str] = {name: f"{name[0]}_{{{name[1:]}}}" for name in PAYOFF_NAMES}

#: Parameters a user may set, with their defaults (payoffs default to ranks).
PARAMETERS: dict[str, Any] = {
    "threat": "high",
    "own": Fraction(3, 4),
    "reliable": Fraction(1, 4),
    **dict.fromkeys(PAYOFF_NAMES),
}
CHOICES: dict[str, tuple[str, ...]] = {"threat": ("high", "low")}

_ONE = Fraction(1)

#: What the exact PBE solver must find at the defaults (threat=high, own=3/4,
#: reliable=1/4), checked by tests/test_models_contract.py: firm (4 + 2*own = 11/2)
#: beats loose (own*(2 + 5*reliable) + 8*(1 - own) = 83/16).
EXPECTED: dict[str, Any] = {
    "concept": "pbe",
    "complete": True,
    "equilibria": (
        {
            "kind": None,
            "on_path": {
                "ROK": {"commitment": {"firm": _ONE}, "firm in US war": {"join": _ONE}},
                "US": {"after firm": {"support": _ONE}},
            },
            # ROK: 3/4 yFS + 1/4 yFJ = 3/4*6 + 1/4*4; US: 3/4 xFS + 1/4 xFJ = 3/4*6 + 1/4*8
            "payoffs": {"ROK": Fraction(11, 2), "US": Fraction(13, 2)},
        },
    ),
}


def tree() -> Game:
    """The game with ``own``, ``reliable`` and every payoff left as a named parameter."""
    own, reliable = params("own reliable")
    pay = dict(zip(PAYOFF_NAMES, params(PAYOFF_NAMES)))

    def out(c: str, o: str, label: str) -> Any:
        return leaf(pay[f"y{c}{o}"], pay[f"x{c}{o}"], label=label)

    def crisis(commitment: str) -> Any:
        c = commitment[0].upper()
        return chance(
            label=f"{commitment}-crisis",
            own=(own, chance(
                label=f"{commitment}-own",
                reliable=(reliable, out(c, "S", f"{commitment}-own-reliable")),
                opportunistic=(1 - reliable, decision(
                    "US", f"after {commitment}", label=f"{commitment}-own-opportunistic",
                    support=out(c, "S", f"{commitment}-own-support"),
                    abandon=out(c, "B", f"{commitment}-own-abandon"),
                )),
            )),
            us_war=(1 - own, decision(
                "ROK", f"{commitment} in US war", label=f"{commitment}-war",
                join=out(c, "J", f"{commitment}-war-join"),
                out=out(c, "O", f"{commitment}-war-out"),
            )),
        )

    return game(
        TITLE,
        players=["ROK", "US"],
        root=decision("ROK", "commitment", label="ROK", firm=crisis("firm"), loose=crisis("loose")),
    )


def default_payoffs(threat: str) -> dict[str, Fraction]:
    """Payoffs equal to the ranks in the ordering for ``threat`` (best 8 ... worst 1)."""
    return rank_payoffs(ORDERINGS, threat)


def build(threat: str = "high", own: Any = Fraction(3, 4), reliable: Any = Fraction(1, 4), **payoffs: Any) -> Game:
    """The game with numbers: ``threat`` picks the ROK's ordering; payoffs default to ranks."""
    return bind_model(tree, ORDERINGS, "threat", threat, {"own": own, "reliable": reliable}, payoffs, default_payoffs)


def commits_firmly(threat: str, own: Any, reliable: Any) -> bool:
    """Whether the ROK commits firmly with the rank payoffs (the docstring's condition)."""
    a, r = Fraction(own), Fraction(reliable)
    if threat == "high":
        return a * (8 - 5 * r) >= 4
    return a * (8 - 3 * r) >= 6
