"""An equilibrium drawn on the tree: which actions it plays, how likely, and the beliefs.

:func:`overlay` reads an :class:`~gametoolkit.solution.Assessment` (or a bare
:class:`~gametoolkit.evaluate.profiles.Profile`) into what a figure shows:

* every action's probability (chance actions keep the game's), so that the actions
  played with positive probability are drawn thick and the others dimmed, and mixed
  probabilities are printed;
* the reach probability of every node;
* a belief at every information set with more than one node: the assessment's own,
  or Bayes' rule where the set is reached and the assessment has none (a bare
  profile has none);
* the assessment's conditions, which give the region of supporting off-path beliefs.

The equilibrium may come from a game other than the one drawn, as long as the two
have the same tree: a numeric game's equilibrium can be drawn on the model's
symbolic game, with payoffs ``(x1, y1)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..core.game import CHANCE, Game
from ..errors import GameToolkitError
from ..evaluate.profiles import Profile, bayes_beliefs, reach
from ..solution import Assessment

__all__ = ["Overlay", "overlay"]


@dataclass(frozen=True)
class Overlay:
    """Probabilities of actions (by information set), reach of nodes, beliefs by set."""

    probs: tuple[tuple[Fraction, ...], ...]
    reach: tuple[Fraction, ...]
    beliefs: dict[int, tuple[Fraction, ...]]
    conditions: tuple[str, ...] = ()

    def probability(self, infoset: int, action: int) -> Fraction:
        return self.probs[infoset][action]

    def played(self, infoset: int, action: int) -> bool:
        return self.probs[infoset][action] > 0

    def mixed(self, infoset: int) -> bool:
        return sum(1 for x in self.probs[infoset] if x > 0) > 1


def _same_tree(a: Game, b: Game) -> bool:
    if a is b:
        return True
    if len(a.nodes) != len(b.nodes) or len(a.infosets) != len(b.infosets):
        return False
    if any(u.children != v.children or u.infoset != v.infoset for u, v in zip(a.nodes, b.nodes)):
        return False
    return all(len(h.actions) == len(k.actions) and h.player == k.player for h, k in zip(a.infosets, b.infosets))


def overlay(game: Game, equilibrium: Assessment | Profile) -> Overlay:
    """What the figure of ``game`` shows of ``equilibrium`` (see the module docstring).

    Raises :class:`~gametoolkit.errors.GameToolkitError` when the equilibrium belongs to
    a game with another tree.
    """
    if isinstance(equilibrium, Assessment):
        profile, given = equilibrium.behavior, dict(equilibrium.beliefs)
        conditions = tuple(equilibrium.conditions)
    elif isinstance(equilibrium, Profile):
        profile, given, conditions = equilibrium, {}, ()
    else:
        raise GameToolkitError(
            f"equilibrium must be an Assessment (an item of a Solution) or a Profile, not {type(equilibrium).__name__}"
        )
    if not _same_tree(profile.game, game):
        raise GameToolkitError("the equilibrium belongs to a game with another tree than the one drawn")
    reached = reach(profile)
    bayes = bayes_beliefs(profile, reached)
    beliefs: dict[int, tuple[Fraction, ...]] = {}
    for h in game.infosets:
        if h.player == CHANCE or len(h.nodes) < 2:
            continue
        belief = given.get(h.index)
        if belief is None:
            belief = bayes.get(h.index)
        if belief is not None and len(belief) == len(h.nodes):
            beliefs[h.index] = tuple(belief)
    return Overlay(profile.probs, tuple(reached), beliefs, conditions)
