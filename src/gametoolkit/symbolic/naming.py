"""Names of equilibrium families: the signaling kind, or the actions played on the path.

A family of a signaling game is named by its kind (pooling, separating,
semi-separating), from the supports alone; any other family by the actions its
supports play at the sets on the path.  :func:`profile_name` gives a numeric
equilibrium the name its family would have, so that the two solvers can be compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core.game import CHANCE, Game, InfoSet, Node
from ..evaluate.profiles import Profile
from ..evaluate.reach import reached as reached_under
from ..evaluate.signaling import message_kind, sender_sets

__all__ = ["on_path", "play_summary", "profile_name", "signature", "structural_kind"]


def signature(g: Game, supports: Mapping[int, tuple[int, ...]]) -> str:
    """The actions played on the path, set by set: a name for a non-signaling family."""
    parts = []
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        if not on_path(g, h, supports):
            continue
        acts = "+".join(h.actions[a] for a in supports[h.index])
        parts.append(f"{g.infoset_name(h)}:{acts}")
    return ", ".join(parts)


def profile_name(profile: Profile) -> str:
    """The name :func:`solve_symbolic` gives the family of a numeric equilibrium."""
    from ..solvers.pbe import classify_signaling

    kind = classify_signaling(profile)
    if kind is not None:
        return kind
    supports = {h.index: tuple(a for a, x in enumerate(profile.probs[h.index]) if x > 0) for h in profile.game.infosets}
    return signature(profile.game, supports)


def structural_kind(g: Game, supports: Mapping[int, tuple[int, ...]]) -> str | None:
    """Pooling, separating or semi-separating from the supports alone (signaling games)."""
    sets = sender_sets(g)
    if sets is None:
        return None
    return message_kind([{g.infosets[h].actions[a]: 1 for a in supports[h]} for h in sets], weights_known=False)


def play_summary(g: Game, behavior: Mapping[int, Sequence[Any]]) -> str | None:
    """What each type sends and how the receiver answers each message (signaling games).

    Tells apart families of one kind: ``"resolved: quiet, irresolute: quiet; after
    signal: challenge, after quiet: mixes challenge/no_challenge"``.  ``None`` for a
    game that is not a signaling game.
    """
    sets = sender_sets(g)
    if sets is None:
        return None

    def play(h: InfoSet) -> str:
        row = behavior[h.index]
        sure = [a for a, x in zip(h.actions, row) if x == 1]
        return sure[0] if sure else "mixes " + "/".join(a for a, x in zip(h.actions, row) if x != 0)

    senders = [g.infosets[k] for k in sets]
    answers: list[InfoSet] = []
    for h in senders:
        for c in g.nodes[h.nodes[0]].children:
            child = g.nodes[c]
            if child.kind == "decision":
                r = g.infosets[child.infoset]
                if r.player != h.player and r not in answers:
                    answers.append(r)
    types = ", ".join(f"{h.label}: {play(h)}" for h in senders)
    replies = ", ".join(f"{r.label}: {play(r)}" for r in answers)
    return f"{types}; {replies}" if replies else types


def on_path(g: Game, h: InfoSet, supports: Mapping[int, tuple[int, ...]]) -> bool:
    def allowed(at: Node, a: int) -> bool:
        return at.player == CHANCE or a in supports[at.infoset]

    return any(reached_under(g, v, g.root.index, allowed) for v in h.nodes)
