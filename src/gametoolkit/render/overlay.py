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
* the assessment's conditions, which give the region of supporting off-path beliefs;
* the refinements' verdicts, where the assessment carries them (``refine``), each as a
  short line for the figure: ``survives the Intuitive Criterion``, ``fails D1: type
  t2 would deviate to 'm1'`` (:func:`verdict_notes`; :func:`legend` for every
  equilibrium of a solution).

The equilibrium may come from a game other than the one drawn, as long as the two
have the same tree: a numeric game's equilibrium can be drawn on the model's
symbolic game, with payoffs ``(x1, y1)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game
from ..errors import GameToolkitError
from ..evaluate.profiles import Profile, bayes_beliefs, reach
from ..solution import Assessment, Solution

__all__ = ["Overlay", "VerdictNote", "describe", "legend", "overlay", "verdict_lines", "verdict_notes", "verdict_text"]


@dataclass(frozen=True)
class VerdictNote:
    """One refinement's verdict on one equilibrium, as a figure writes it.

    ``equilibrium`` counts from 1 in a legend of every equilibrium, None for the one drawn.
    """

    equilibrium: int | None
    refinement: str
    holds: bool | None
    text: str


_LABELS = {"intuitive": "the Intuitive Criterion", "d1": "D1"}
_DEVIATION = re.compile(r"type (?P<type>.+?) would send the off-path message (?P<message>'[^']*')")


def verdict_text(name: str, holds: bool | None, reason: str) -> str:
    """A verdict in a few words: ``survives D1``, ``fails the Intuitive Criterion: type
    strong would deviate to 'beer'``, ``sequential``, or the reason's first clause
    where the test does not apply or is undecided."""
    if name == "sequential":
        if holds is None:
            return "consistency undecided"
        return "sequential" if holds else "not sequential"
    label = _LABELS.get(name, name)
    if holds is True:
        return f"survives {label}"
    if holds is False:
        found = _DEVIATION.search(reason)
        if found:
            return f"fails {label}: type {found['type']} would deviate to {found['message']}"
        return f"fails {label}"
    if reason.startswith("depends on the parameters"):
        return f"{label}: depends on the parameters"
    return reason.split(":", 1)[0]


def verdict_notes(refinements: Mapping[str, Mapping[str, Any]] | None, equilibrium: int | None = None) -> tuple[VerdictNote, ...]:
    """The notes for an equilibrium's ``refinements`` (as :func:`gametoolkit.refine.refine` attaches them)."""
    out = []
    for name, v in (refinements or {}).items():
        holds = v.get("holds")
        holds = holds if isinstance(holds, bool) else None
        out.append(VerdictNote(equilibrium, name, holds, verdict_text(name, holds, str(v.get("reason", "")))))
    return tuple(out)


def legend(solution: Solution) -> tuple[VerdictNote, ...]:
    """The notes of every equilibrium of a refined solution, numbered from 1."""
    return tuple(n for k, eq in enumerate(solution.equilibria, 1) for n in verdict_notes(eq.refinements, k))


def verdict_lines(notes: Sequence[VerdictNote], kinds: Mapping[int, str] | None = None) -> list[str]:
    """The lines a figure writes for ``notes``: one per refinement for the equilibrium
    drawn, one per equilibrium (``#2 pooling: survives D1, ...``) for a legend."""
    drawn = [n.text for n in notes if n.equilibrium is None]
    lines = drawn[:]
    numbered = sorted({n.equilibrium for n in notes if n.equilibrium is not None})
    for k in numbered:
        kind = (kinds or {}).get(k)
        head = f"#{k}" + (f" {kind}" if kind else "")
        lines.append(f"{head}: " + "; ".join(n.text for n in notes if n.equilibrium == k))
    return lines


def describe(solution: Solution) -> dict[int, str]:
    """Each equilibrium (numbered from 1) in a few words for a legend: its kind and, in
    a sender-receiver game, each type's message (``pooling (weak: beer, strong: beer)``)."""
    from ..refine.signaling import recognise

    structure, _ = recognise(solution.game)
    out = {}
    for k, eq in enumerate(solution.equilibria, 1):
        words = eq.kind or ""
        if structure is not None:
            sent = []
            for name, h in zip(structure.type_names, structure.sender_sets):
                acts = solution.game.infosets[h].actions
                used = [a for a, x in zip(acts, eq.behavior.probs[h]) if x > 0]
                sent.append(f"{name}: {used[0] if len(used) == 1 else 'mixes ' + '/'.join(used)}")
            words = f"{words} ({', '.join(sent)})" if words else ", ".join(sent)
        if words:
            out[k] = words
    return out


@dataclass(frozen=True)
class Overlay:
    """Probabilities of actions (by information set), reach of nodes, beliefs by set."""

    probs: tuple[tuple[Fraction, ...], ...]
    reach: tuple[Fraction, ...]
    beliefs: dict[int, tuple[Fraction, ...]]
    conditions: tuple[str, ...] = ()
    verdicts: tuple[VerdictNote, ...] = ()

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
    verdicts: tuple[VerdictNote, ...] = ()
    if isinstance(equilibrium, Assessment):
        profile, given = equilibrium.behavior, dict(equilibrium.beliefs)
        conditions = tuple(equilibrium.conditions)
        verdicts = verdict_notes(equilibrium.refinements)
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
    return Overlay(profile.probs, tuple(reached), beliefs, conditions, verdicts)
