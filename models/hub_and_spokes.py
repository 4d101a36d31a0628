"""Hub and spokes: a hub's bilateral ties and the spokes' tie to each other (Izumikawa 2020).

Citation
--------
Izumikawa, Y. (2020). "Network Connections and the Emergence of the Hub-and-Spokes
Alliance System in East Asia." *International Security* 45: 7-50, at 14-17 and 46
(the social-exchange network and the inter-spoke negative connection); Cha, V. D.
(2009). "Powerplay: Origins of the U.S. Alliance System in Asia." *International
Security* 34: 158-196 (the hub's wish to control its allies).  As reviewed by
Jackson, "Since 1945, in Asia, have Alliances Formed and Functioned as Expected by
Alliance Theory?" (notes 77-78, 126-129).

The theory
----------
The US alliance system in East Asia is a set of bilateral alliances (the hub and its
spokes) with no multilateral pact and, between Japan and the Republic of Korea, no
alliance at all.  Izumikawa's social-exchange network approach explains it by the
*inter-spoke negative connection*: a spoke's willingness to tie itself to another
spoke falls as its tie to the hub grows stronger, because the hub's bilateral
guarantee already "boosts" its security and a second tie adds costs (historical
antagonism, entanglement) more than security (Izumikawa 2020, 17, 46).  Cha's
"powerplay" adds the hub's side: bilateral ties gave the US control over its allies.

The game
--------
The hub (``US``) offers its spokes ``strong`` bilateral ties (costly guarantees,
forward deployment) or ``weak`` ones.  Japan, having seen this, ``offer``s the ROK a
bilateral security tie or makes ``none``; offered one, the ROK ``accept``s (the
Japan-ROK tie forms) or ``refuse``s.  Perfect information: the perfect Bayesian and
subgame-perfect equilibria coincide.  Payoffs are numbered by outcome, ``h`` for the
US, ``j`` for Japan, ``k`` for the ROK:

===  =========  =====  =====  ================
i    US ties    Japan  ROK    Japan-ROK tie
===  =========  =====  =====  ================
1    strong     offer  accept yes
2    strong     offer  refuse no
3    strong     none          no
4    weak       offer  accept yes
5    weak       offer  refuse no
6    weak       none          no
===  =========  =====  =====  ================

Preference orderings (the theory's assumptions), best first
-----------------------------------------------------------
Japan: ``j3 > j1 > j2 > j4 > j6 > j5``; the ROK: ``k3 > k2 > k1 > k4 > k6 > k5``
(both cases).  The hub, ``hub=control`` (Cha's powerplay, the early Cold War):
``h3 > h2 > h4 > h1 > h6 > h5``; ``hub=burden`` (a hub that wants its allies to share
the burden, as the post-Cold War US urging trilateral cooperation):
``h4 > h1 > h3 > h2 > h6 > h5``.

The spokes' orderings are the negative connection: with strong hub ties a Japan-ROK
tie is worse than none (``j3 > j1``, ``k2 > k1``), with weak ties it is better
(``j4 > j6``, ``k4 > k5``); strong ties to the hub beat anything the spokes can build
between them (``j2 > j4``, ``k1 > k4``); a refused offer embarrasses the one who made
it (``j1 > j2``, ``j6 > j5``).  The controlling hub prefers strong ties without a
spoke tie (control) to anything, and weak ties with a spoke tie (burden shared) to
strong ties with one; the burden-sharing hub prefers a spoke tie, cheaper with weak
ties.  Both rank a region without any tie under weak ties last, a failed offer lowest
(friction between its allies).  Default payoffs are the ranks (6 ... 1).

What the model implies
----------------------
Backward induction: after strong ties the ROK would refuse and Japan makes no offer;
after weak ties the ROK accepts and Japan offers.  The hub compares ``h3`` with
``h4``.  ``hub=control`` (the default): a unique equilibrium, strong bilateral ties
and no Japan-ROK tie: the hub-and-spokes system.  ``hub=burden``: weak ties and a
Japan-ROK tie.  :func:`alliance_network` draws the equilibrium's alliance network.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametoolkit.core.dsl import decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.errors import MissingDependencyError
from gametoolkit.evaluate.profiles import Profile, reach
from gametoolkit.models._ordinal import bind_model, rank_payoffs
from gametoolkit.solution import Assessment

SLUG = "hub-and-spokes"
TITLE = "Hub and spokes: the inter-spoke negative connection (Izumikawa 2020)"
CITATION = (
    "Izumikawa, Y. (2020). Network Connections and the Emergence of the Hub-and-Spokes Alliance System in "
    "East Asia. International Security 45: 7-50; Cha, V. D. (2009). Powerplay. International Security 34: "
    "158-196; as reviewed in Jackson, Alliance Theory in Asia, notes 77-78 and 126-129."
)

HUB, SPOKES = "US", ("Japan", "ROK")

_JAPAN = ("j3", "j1", "j2", "j4", "j6", "j5")
_ROK = ("k3", "k2", "k1", "k4", "k6", "k5")

#: The theory's assumptions as strict preference orderings, best first, per kind of hub.
ORDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "control": {"US": ("h3", "h2", "h4", "h1", "h6", "h5"), "Japan": _JAPAN, "ROK": _ROK},
    "burden": {"US": ("h4", "h1", "h3", "h2", "h6", "h5"), "Japan": _JAPAN, "ROK": _ROK},
}

PAYOFF_NAMES = tuple(f"{p}{i}" for p in ("h", "j", "k") for i in range(1, 7))
TEX_NAMES: dict[str, str] = {name: f"{name[0]}_{name[1]}" for name in PAYOFF_NAMES}

#: Parameters a user may set, with their defaults (payoffs default to ranks).
PARAMETERS: dict[str, Any] = {"hub": "control", **dict.fromkeys(PAYOFF_NAMES)}
CHOICES: dict[str, tuple[str, ...]] = {"hub": ("control", "burden")}

#: Leaves with a Japan-ROK tie, by label; a leaf's label starts with the hub's ties.
LINKED = ("strong-offer-accept", "weak-offer-accept")

_ONE = Fraction(1)

#: What the exact PBE solver must find at the defaults (hub=control), checked by
#: tests/test_models_contract.py.
EXPECTED: dict[str, Any] = {
    "concept": "pbe",
    "complete": True,
    "equilibria": (
        {
            "kind": None,
            "on_path": {"US": {"US": {"strong": _ONE}}, "Japan": {"after strong": {"none": _ONE}}, "ROK": {}},
            "payoffs": {"US": Fraction(6), "Japan": Fraction(6), "ROK": Fraction(6)},  # h3, j3, k3
        },
    ),
}


def tree() -> Game:
    """The game with every payoff left as a named parameter."""
    pay = dict(zip(PAYOFF_NAMES, params(PAYOFF_NAMES)))

    def out(i: int, label: str) -> Any:
        return leaf(pay[f"h{i}"], pay[f"j{i}"], pay[f"k{i}"], label=label)

    def spokes(ties: str, first: int) -> Any:
        """Japan offers the ROK a tie or not; the ROK accepts or refuses an offer."""
        return decision(
            "Japan", f"after {ties}", label=ties,
            offer=decision(
                "ROK", f"{ties}-offer", label=f"{ties}-offer",
                accept=out(first, f"{ties}-offer-accept"),
                refuse=out(first + 1, f"{ties}-offer-refuse"),
            ),
            none=out(first + 2, f"{ties}-none"),
        )

    return game(
        TITLE,
        players=[HUB, *SPOKES],
        root=decision("US", "US", label="US", strong=spokes("strong", 1), weak=spokes("weak", 4)),
    )


def default_payoffs(hub: str) -> dict[str, Fraction]:
    """Payoffs equal to the ranks in the ordering for ``hub`` (best 6 ... worst 1)."""
    return rank_payoffs(ORDERINGS, hub)


def build(hub: str = "control", **payoffs: Any) -> Game:
    """The game with numbers: ``hub`` picks the hub's ordering; payoffs default to ranks."""
    return bind_model(tree, ORDERINGS, "hub", hub, {}, payoffs, default_payoffs)


def alliance_network(game: Game, equilibrium: Assessment | Profile) -> Any:
    """The alliance network an equilibrium produces, as an undirected ``networkx.Graph``.

    Nodes are the three states (attribute ``role``: ``hub`` or ``spoke``).  Each
    hub-spoke edge is a bilateral alliance, present whatever the hub chooses, with
    attribute ``strong``: the probability that its ties are strong.  The Japan-ROK
    edge is there only when the equilibrium forms it with positive probability; its
    ``probability`` says how likely.  Every edge has ``weight``: the probability of a
    strong tie for hub-spoke edges, of the tie itself for the spoke-spoke edge.
    (:func:`gametoolkit.render.to_networkx` gives the game *tree* instead.)
    """
    try:
        import networkx as nx
    except ImportError as err:
        raise MissingDependencyError("alliance_network needs networkx: pip install networkx") from err
    profile = equilibrium.behavior if isinstance(equilibrium, Assessment) else equilibrium
    r = reach(profile)
    strong = sum((r[v.index] for v in game.terminals if v.label.startswith("strong-")), Fraction(0))
    linked = sum((r[v.index] for v in game.terminals if v.label in LINKED), Fraction(0))
    graph = nx.Graph(title=f"{game.title}: alliance network")
    graph.add_node(HUB, role="hub")
    for spoke in SPOKES:
        graph.add_node(spoke, role="spoke")
        graph.add_edge(HUB, spoke, kind="bilateral", strong=strong, weight=strong)
    if linked > 0:
        graph.add_edge(*SPOKES, kind="inter-spoke", probability=linked, weight=linked)
    return graph
