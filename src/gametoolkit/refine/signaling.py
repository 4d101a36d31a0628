"""Sender-receiver games recognised from the tree, and what a profile gives each type.

A sender-receiver game here: the root is a chance move picking the sender's *type*;
at every type of positive probability the same player (the sender) moves alone in
its own information set and sends a *message* (an action, matched across types by its
label); after each message the other player (the receiver) moves at one information
set holding exactly the nodes that message leads to, one per type that can send it.
Further moves may follow the response; they are taken as the profile plays them.

For a profile :func:`payoff_tables` gives, per message, the sender's and the
receiver's payoff at every (type, response) pair, each type's equilibrium payoff,
and whether the message is sent on the path; :func:`exact_tables` gives the same as
the :class:`~gametoolkit.refine.criteria.Table` rows that the criteria read.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..core.game import Game
from ..evaluate.profiles import Profile, node_values, reach
from ..evaluate.signaling import sender_sets
from .criteria import Table

__all__ = [
    "Message",
    "SignalingGame",
    "exact_tables",
    "payoff_tables",
    "recognise",
]


@dataclass(frozen=True)
class SignalingGame:
    """The sender-receiver structure of a game.

    ``types`` are the type nodes (children of the root of positive probability),
    ``type_names`` their chance-action labels; ``messages[m]`` maps each type position
    that can send message ``m`` to the receiver's node it leads to; ``response_set[m]``
    is the receiver's information set after ``m``.
    """

    sender: int
    receiver: int
    types: tuple[int, ...]
    type_names: tuple[str, ...]
    sender_sets: tuple[int, ...]
    messages: dict[str, dict[int, int]]
    response_set: dict[str, int]


@dataclass(frozen=True)
class Message:
    """One message under a profile: payoffs per (type position, response index)."""

    label: str
    types: tuple[int, ...]  # type positions that can send it
    responses: tuple[str, ...]
    sender_payoff: dict[int, tuple[Fraction, ...]]
    receiver_payoff: dict[int, tuple[Fraction, ...]]
    on_path: bool


def recognise(game: Game) -> tuple[SignalingGame | None, str]:
    """The game's sender-receiver structure, or ``None`` and the reason it has none."""
    g = game
    root = g.root
    if root.kind != "chance":
        return None, "not a sender-receiver game: the root is not a chance move picking the sender's type"
    probs = g.chance_probs(root.infoset)
    kept = [(a, c) for a, c in enumerate(root.children) if probs[a] > 0]
    sets = sender_sets(g, [c for _, c in kept])
    if sets is None:
        return None, "not a sender-receiver game: the types do not each move alone as one and the same sender"
    sender = g.nodes[kept[0][1]].player
    messages: dict[str, dict[int, int]] = {}
    receiver: int | None = None
    for pos, (_, t) in enumerate(kept):
        node = g.nodes[t]
        for a, c in enumerate(node.children):
            child = g.nodes[c]
            label = g.infosets[node.infoset].actions[a]
            if child.kind != "decision" or child.player == sender:
                return None, f"not a sender-receiver game: message {label!r} is not answered by another player"
            if receiver is not None and child.player != receiver:
                return None, "not a sender-receiver game: messages are answered by different players"
            receiver = child.player
            messages.setdefault(label, {})[pos] = c
    assert receiver is not None
    response_set: dict[str, int] = {}
    for label, nodes in messages.items():
        owners = {g.nodes[v].infoset for v in nodes.values()}
        if len(owners) != 1:
            return None, f"not a sender-receiver game: after message {label!r} the receiver has more than one set"
        h = owners.pop()
        if set(g.infosets[h].nodes) != set(nodes.values()):
            return None, f"not a sender-receiver game: the receiver's set after {label!r} mixes messages"
        response_set[label] = h
    names = tuple(g.infosets[root.infoset].actions[a] for a, _ in kept)
    structure = SignalingGame(sender, receiver, tuple(t for _, t in kept), names, tuple(sets), messages, response_set)
    return structure, "sender-receiver game"


def payoff_tables(s: SignalingGame, profile: Profile) -> tuple[dict[int, Fraction], list[Message]]:
    """Each type's equilibrium payoff, and every message's payoff tables under ``profile``."""
    g = profile.game
    values = node_values(profile)
    r = reach(profile)
    star = {pos: values[t][s.sender] for pos, t in enumerate(s.types)}
    out = []
    for label, nodes in s.messages.items():
        h = g.infosets[s.response_set[label]]
        sender_pay = {}
        receiver_pay = {}
        for pos, v in nodes.items():
            children = g.nodes[v].children
            sender_pay[pos] = tuple(values[c][s.sender] for c in children)
            receiver_pay[pos] = tuple(values[c][s.receiver] for c in children)
        on_path = any(r[v] > 0 for v in nodes.values())
        out.append(Message(label, tuple(sorted(nodes)), h.actions, sender_pay, receiver_pay, on_path))
    return star, out


def exact_tables(s: SignalingGame, profile: Profile) -> tuple[dict[int, Fraction], list[Table]]:
    """Each type's equilibrium payoff, and every message as a criteria :class:`Table`.

    Parameters
    ----------
    s
        The game's sender-receiver structure (:func:`recognise`).
    profile
        The equilibrium's behavior.

    Returns
    -------
    tuple
        The equilibrium payoff of each type position, and the messages of
        :func:`payoff_tables` with their exact payoffs, ready for
        :func:`gametoolkit.refine.criteria.intuitive` and
        :func:`gametoolkit.refine.criteria.d1`.
    """
    star, messages = payoff_tables(s, profile)
    return star, [Table(m.label, m.types, m.responses, m.sender_payoff, m.receiver_payoff, m.on_path) for m in messages]
