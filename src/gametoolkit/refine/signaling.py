"""Sender-receiver games recognised from the tree, and what a profile gives each type.

A sender-receiver game here: the root is a chance move picking the sender's *type*;
at every type of positive probability the same player (the sender) moves alone in
its own information set and sends a *message* (an action, matched across types by its
label); after each message the other player (the receiver) moves at one information
set holding exactly the nodes that message leads to, one per type that can send it.
Further moves may follow the response; they are taken as the profile plays them.

For a profile :func:`payoff_tables` gives, per message, the sender's and the
receiver's payoff at every (type, response) pair, each type's equilibrium payoff,
and whether the message is sent on the path.  :func:`best_reply_faces` lists the sets
of responses that are simultaneously best replies to some belief over given types:
the mixed best replies are the mixtures over these sets.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.game import Game
from ..evaluate.profiles import Profile, node_values, reach
from ..evaluate.signaling import sender_sets
from ..solvers._exact_lp import feasible_point

__all__ = [
    "Message",
    "SignalingGame",
    "belief_for_face",
    "best_reply_faces",
    "mixture_exists",
    "payoff_tables",
    "recognise",
]

ZERO = Fraction(0)
ONE = Fraction(1)


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


def belief_for_face(message: Message, types: Sequence[int], face: Sequence[int]) -> list[Fraction] | None:
    """A belief over ``types`` under which every response in ``face`` is a best reply."""
    k = len(types)
    if k == 0:
        return None
    inequalities = []
    for a in face:
        for b in range(len(message.responses)):
            if b == a:
                continue
            row = [message.receiver_payoff[t][b] - message.receiver_payoff[t][a] for t in types]
            inequalities.append((row, ZERO))
    return feasible_point(k, [([ONE] * k, ONE)], inequalities)


def best_reply_faces(message: Message, types: Sequence[int]) -> list[tuple[int, ...]]:
    """Every set of responses that are all best replies to one belief over ``types``."""
    n = len(message.responses)
    faces = []
    for size in range(1, n + 1):
        for face in itertools.combinations(range(n), size):
            if belief_for_face(message, types, face) is not None:
                faces.append(face)
    return faces


def mixture_exists(
    message: Message,
    face: Sequence[int],
    at_least: Sequence[tuple[int, Fraction]] = (),
    at_most: Sequence[tuple[int, Fraction]] = (),
) -> bool:
    """Some mixture over ``face`` giving each listed type ``t`` at least / at most its value."""
    k = len(face)
    inequalities: list[tuple[list[Fraction], Fraction]] = []
    for t, x in at_least:
        inequalities.append(([-message.sender_payoff[t][a] for a in face], -x))
    for t, x in at_most:
        inequalities.append(([message.sender_payoff[t][a] for a in face], x))
    return feasible_point(k, [([ONE] * k, ONE)], inequalities) is not None
