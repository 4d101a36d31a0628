"""The label of an equilibrium in a sweep: one rule for numeric and symbolic answers.

A sweep compares sets of labels, so an equilibrium found by the exact solver at a
point and a symbolic family that holds there must get the same label when they are
the same equilibrium.  Both go through :func:`_describe`, which sees only the game,
the support of each set and (where it matters) the sender's distributions.

* In a signaling game (chance picks the sender's type first; each type's node is the
  sender's own singleton set) the label is the kind: every type sends the same
  distribution, ``pooling``; the types' supports are pairwise disjoint,
  ``separating``; otherwise ``semi-separating``.  A type of prior probability 0
  (``p = 0``) still counts, so the edge of a region keeps the name of its interior.
* In any other game the label is the play on the path: each information set reached,
  in the game's order, with the action taken there (``E=enter``) or the support of a
  mix (``after l=h|l``), joined by ``, ``; ``(no moves)`` when nothing is reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game
from ..evaluate.signaling import message_kind, sender_sets
from ..solution import Assessment

__all__ = ["equilibrium_label", "family_label", "family_label_at", "label_set", "moving_label"]


def _sender_sets(game: Game) -> list[int] | None:
    """The sender's set at each type node when ``game`` is a signaling game, else ``None``."""
    return sender_sets(game)


def _kind(dists: Sequence[Mapping[str, Any]]) -> str:
    """Pooling, separating or semi-separating from the types' distributions over messages."""
    return message_kind(dists)


def _play(game: Game, supports: Mapping[int, Sequence[int]], reached: Iterable[int]) -> str:
    """``set=action|action, ...`` over the reached sets, in the game's order."""
    wanted = set(reached)
    parts = []
    for h in game.infosets:
        if h.player == CHANCE or h.index not in wanted:
            continue
        played = [h.actions[k] or f"#{k + 1}" for k in supports[h.index]]
        parts.append(f"{game.infoset_name(h)}={'|'.join(played)}")
    return ", ".join(parts) or "(no moves)"


def _reached_sets(game: Game, supports: Mapping[int, Sequence[int]], chance: Mapping[int, Sequence[bool]]) -> set[int]:
    """Sets with a node reached by the supports and the chance moves of positive probability."""
    live = [False] * len(game.nodes)
    live[game.root.index] = True
    found: set[int] = set()
    for v in game.nodes:
        if not live[v.index] or not v.children:
            continue
        if v.player != CHANCE:
            found.add(v.infoset)
            used = set(supports[v.infoset])
        else:
            used = {a for a, ok in enumerate(chance[v.infoset]) if ok}
        for a, c in enumerate(v.children):
            if a in used:
                live[c] = True
    return found


# ---------------------------------------------------------------------- numeric equilibria
def equilibrium_label(e: Assessment) -> str:
    """The label of one equilibrium of the exact solver (module docs)."""
    profile = e.behavior
    game = profile.game
    sets = _sender_sets(game)
    if e.kind is not None:
        return e.kind
    if sets is not None:
        dists = []
        for h in sets:
            iset = game.infosets[h]
            dists.append({a: x for a, x in zip(iset.actions, profile.probs[h]) if x > 0})
        return _kind(dists)
    supports = {h.index: [k for k, x in enumerate(profile.probs[h.index]) if x > 0] for h in game.infosets}
    chance = {h.index: [x > 0 for x in profile.probs[h.index]] for h in game.infosets if h.player == CHANCE}
    return _play(game, supports, _reached_sets(game, supports, chance))


def label_set(equilibria: Iterable[Assessment]) -> tuple[str, ...]:
    """The sorted distinct labels of some equilibria."""
    return tuple(sorted({equilibrium_label(e) for e in equilibria}))


# ---------------------------------------------------------------------- symbolic families
def _is_zero(x: Any) -> bool:
    return bool(x == 0)


def family_label(fam: Any) -> str | None:
    """The label of a symbolic family wherever it holds, or ``None`` when it depends on
    the point (two types mixing over the same messages with probabilities that are
    equal at some points only: pooling there, semi-separating elsewhere).

    Inside a family's conditions every probability it names is positive, so its
    supports, and with them the play on the path, are fixed; chance moves are taken
    to have positive probability (the sweep sends points where one is 0 to the numeric
    path).
    """
    import sympy

    game: Game = fam.game
    rows: Mapping[int, Sequence[Any]] = fam.behavior
    supports = {h: [k for k, x in enumerate(row) if not _is_zero(x)] for h, row in rows.items()}
    sets = _sender_sets(game)
    if sets is not None:
        dists: list[dict[str, Any]] = []
        for h in sets:
            iset = game.infosets[h]
            dists.append({iset.actions[k]: sympy.expand(rows[h][k]) for k in supports[h]})
        same_support = any(set(dists[i]) == set(dists[j]) for i in range(len(dists)) for j in range(i + 1, len(dists)))
        mixed = any(len(d) > 1 for d in dists)
        if same_support and mixed and not all(d == dists[0] for d in dists):
            return None
        return _kind(dists)
    chance = {h.index: [True] * len(h.actions) for h in game.infosets if h.player == CHANCE}
    return _play(game, supports, _reached_sets(game, supports, chance))


def family_label_at(fam: Any, values: Mapping[str, Fraction]) -> str:
    """The label of a family at one point (for the families :func:`family_label` leaves open).

    The sender's probabilities are evaluated exactly; one that a continuum leaves free
    keeps the family's label from its supports alone.
    """
    import sympy

    from ..symbolic.expr import evaluate_exact

    game: Game = fam.game
    sets = _sender_sets(game)
    assert sets is not None
    dists: list[dict[str, Any]] = []
    for h in sets:
        iset = game.infosets[h]
        row: dict[str, Any] = {}
        for action, x in zip(iset.actions, fam.behavior[h]):
            if _is_zero(x):
                continue
            try:
                row[action] = evaluate_exact(sympy.Integer(0) + x, values)
            except (ValueError, ZeroDivisionError):
                row[action] = sympy.expand(x)
        dists.append(row)
    return _kind(dists)


def moving_label(fam: Any) -> bool:
    """True when a free unknown of a continuum enters the rows that decide the label.

    The exact solver reports a continuum by its extreme points, and their labels need
    not be the family's own: the semi-separating continuum in which both types mix
    freely may contain only pooling extreme points.  A sweep solves the points where
    such a family holds numerically.
    """
    free = set(getattr(fam, "free", ()))
    if not free:
        return False
    game: Game = fam.game
    rows: Mapping[int, Sequence[Any]] = fam.behavior
    sets = _sender_sets(game)
    if sets is None:
        supports = {h: [k for k, x in enumerate(row) if not _is_zero(x)] for h, row in rows.items()}
        chance = {h.index: [True] * len(h.actions) for h in game.infosets if h.player == CHANCE}
        sets = sorted(_reached_sets(game, supports, chance))
    for h in sets:
        for x in rows[h]:
            names = {str(s) for s in getattr(x, "free_symbols", ())}
            if names & free:
                return True
    return False
