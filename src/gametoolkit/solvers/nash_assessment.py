"""From a Nash behavior profile to a checked :class:`~gametoolkit.solution.Assessment`.

Every Nash solver passes each profile it found through :func:`nash_assessment`, which

* proves it is a Nash equilibrium: every player's strategic regret
  (:func:`gametoolkit.evaluate.profiles.strategic_regrets`) is exactly zero, or it raises
  :class:`~gametoolkit.errors.SolverError` (we never report a wrong equilibrium);
* adds beliefs at every player set with more than one node: Bayes' rule where the
  set is reached; where it is not, the distribution of the reach by chance and the
  other players (``π_{-i}``, what the mover would believe after deviating to reach
  the set), or uniform where that is zero too.  Nash equilibrium puts no condition on
  beliefs off the path: those are one choice among many (:data:`OFF_PATH_NOTE`);
* adds the exact expected payoffs.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE
from ..errors import SolverError
from ..evaluate.profiles import Profile, bayes_beliefs, node_values, reach, reach_without, strategic_regrets
from ..solution import Assessment

__all__ = ["OFF_PATH_NOTE", "nash_assessment"]

#: The note every Nash solution carries about beliefs and behavior off the path.
OFF_PATH_NOTE = (
    "beliefs at information sets off the equilibrium path are not restricted by Nash equilibrium: "
    "those reported follow the reach by chance and the other players (uniform where that is zero), "
    "an arbitrary choice; behavior at sets a player's own moves exclude is a best response to the others"
)


def nash_assessment(
    profile: Profile, component: int | None = None, extra: Mapping[str, Any] | None = None
) -> Assessment:
    """The assessment of a Nash profile (:class:`SolverError` if it is not Nash)."""
    regrets = strategic_regrets(profile)
    if any(r != 0 for r in regrets):
        worst = max(range(len(regrets)), key=lambda i: regrets[i])
        raise SolverError(
            f"internal check failed: a computed profile is not a Nash equilibrium "
            f"(player {profile.game.players[worst]!r} gains {regrets[worst]} by deviating); please report this"
        )
    g = profile.game
    reached = reach(profile)
    bayes = bayes_beliefs(profile, reached)
    beliefs: dict[int, tuple[Fraction, ...]] = {}
    others: dict[int, list[Fraction]] = {}
    for h in g.infosets:
        if h.player == CHANCE or len(h.nodes) < 2:
            continue
        belief = bayes.get(h.index)
        if belief is None:
            if h.player not in others:
                others[h.player] = reach_without(profile, h.player)
            w = [others[h.player][v] for v in h.nodes]
            total = sum(w, Fraction(0))
            belief = tuple(x / total for x in w) if total else tuple(Fraction(1, len(h.nodes)) for _ in h.nodes)
        beliefs[h.index] = belief
    payoffs = node_values(profile)[0]
    return Assessment(
        behavior=profile,
        beliefs=beliefs,
        payoffs=payoffs,
        kind=None,
        component=component,
        extra=dict(extra or {}),
    )
