"""Sequential equilibria (Kreps–Wilson 1982): the PBE whose beliefs can be consistent.

Every perfect Bayesian equilibrium found by :mod:`gametoolkit.solvers.pbe` is kept when
some of its supporting beliefs are consistent (:mod:`._consistency`): the limit of
Bayes beliefs along totally mixed profiles converging to its behavior.  The kept
equilibrium carries one consistent belief, and its ``conditions`` add the description
of the consistent part of its belief region (support restrictions and the binomial
equations that tie beliefs at different sets).  An equilibrium whose main profile has
no consistent belief is tried again with its off-path variants (same play, other
behavior off the path) before it is dropped.

``complete`` is as for ``pbe``, and false when a consistency question is left
undecided (those equilibria are kept, with a note).  Each extreme point of a continuum
is examined on its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..core.game import CHANCE, Game
from ..core.values import exact
from ..evaluate.beliefs import subgame_roots_of_sets, support_beliefs
from ..evaluate.profiles import Profile
from ..solution import Assessment, Solution
from . import pbe
from ._consistency import Consistency, consistency

__all__ = ["sequential_assessment", "solve"]


def solve(game: Game, max_supports: int = pbe.DEFAULT_MAX_SUPPORTS) -> Solution:
    """Every sequential equilibrium of a numeric game with perfect recall (one per PBE outcome).

    Parameters
    ----------
    game
        A numeric game with perfect recall.
    max_supports
        Passed to the PBE solver.

    Returns
    -------
    Solution
        Concept ``sequential``; each equilibrium with consistent beliefs.
    """
    base = pbe.solve(game, max_supports=max_supports)
    kept: list[Assessment] = []
    notes = list(base.notes)
    dropped = 0
    undecided = 0
    for k, eq in enumerate(base.equilibria, 1):
        found, verdict = sequential_assessment(eq)
        if found is None:
            dropped += 1
            continue
        if verdict.holds is None:
            undecided += 1
            notes.append(f"PBE #{k}: consistency undecided ({verdict.reason}); kept")
        kept.append(found)
    if dropped:
        notes.append(f"{dropped} perfect Bayesian equilibri{'um has' if dropped == 1 else 'a have'} no consistent beliefs")
    complete = base.complete and undecided == 0
    return Solution(game=game, concept="sequential", method=base.method + "+consistency", exact=True, complete=complete, equilibria=tuple(kept), notes=tuple(notes))


def sequential_assessment(eq: Assessment) -> tuple[Assessment | None, Consistency]:
    """The equilibrium with consistent beliefs, or ``None`` when it has none.

    The main profile is tried first, then each off-path variant the PBE solver listed.
    """
    profiles = [eq.behavior] + [_variant(eq.behavior, v) for v in eq.extra.get("off_path_variants", ())]
    first: Consistency | None = None
    for profile in profiles:
        verdict, assessment = _check(eq, profile)
        first = first or verdict
        if assessment is not None:
            return assessment, verdict
    assert first is not None
    return None, first


def _check(eq: Assessment, profile: Profile) -> tuple[Consistency, Assessment | None]:
    g = profile.game
    checks = support_beliefs(profile, subgame_roots_of_sets(g))
    if not all(c.rational for c in checks):
        return Consistency(False, {}, (), "the variant is not sequentially rational"), None
    verdict = consistency(profile, checks)
    if verdict.holds is False:
        return verdict, None
    beliefs = dict(eq.beliefs)
    conditions: list[str] = [] if profile is not eq.behavior else list(eq.conditions)
    if profile is not eq.behavior:
        for c in checks:
            belief = c.belief()
            if belief is not None and len(g.infosets[c.infoset].nodes) > 1:
                beliefs[c.infoset] = belief
            if c.bayes is None and c.region is not None and len(g.infosets[c.infoset].nodes) > 1:
                conditions.extend(c.region.conditions(g))
    beliefs.update(verdict.beliefs)
    conditions.extend(x for x in verdict.conditions if x not in conditions)
    extra: dict[str, Any] = {k: v for k, v in eq.extra.items() if k != "off_path_variants"}
    extra["consistency"] = verdict.reason
    return verdict, replace(eq, behavior=profile, beliefs=beliefs, conditions=tuple(conditions), extra=extra)


def _variant(base: Profile, variant: dict[str, Any]) -> Profile:
    """The base profile with a variant's off-path behavior ({player: {set: {action: text}}})."""
    g = base.game
    rows = list(base.probs)
    for player, sets in variant["behavior"].items():
        for label, dist in sets.items():
            h = g.infoset(player, label)
            if h.player == CHANCE:
                continue
            rows[h.index] = tuple(exact(dist.get(a, "0")) for a in h.actions)
    return Profile(g, tuple(rows))

