"""Move games to pygambit and back: :func:`to_pygambit` and :func:`from_pygambit`.

This is the only module of gametoolkit that imports pygambit (16.7 or a later 16.x;
17 drops ``set_chance_probs``).  It is imported on demand; without pygambit its
functions raise :class:`~gametoolkit.errors.MissingDependencyError`.

Both directions keep the tree, the players, the title and comment, every label, every
chance probability and every payoff exactly (our :class:`~fractions.Fraction` becomes
pygambit's ``Rational`` and back; pygambit's ``Decimal`` payoffs are read exactly).
An outcome stays where it is, at a leaf or at an inner node, and each of our outcomes
becomes one pygambit outcome shared by every node that uses it.  So, for every game
``G`` without unbound parameters::

    from_pygambit(to_pygambit(G)) == G

Label rule
----------
pygambit 16.7 is stricter about labels than the ``.efg`` format and than our model:

* every label is ASCII: printable characters and single spaces, neither leading nor
  trailing (``Invalid label``); the title and comment are any ASCII text;
* player labels are non-empty, unique, and not ``Chance``;
* outcome labels are non-empty and unique in the game;
* non-empty node labels are unique in the game, non-empty information-set labels are
  unique per player (chance counts as a player).

A label that meets these rules is copied as it is.  Every other label is replaced by an
*invented* one: a tilde, a letter for the kind of object, the object's number in our
game counted from 1 (for an action, its position in its set; none for the title and
comment), and, when the original label is not empty, a colon and the original with
every character outside printable ASCII (and ``%``, and in labels the space)
percent-encoded as UTF-8 bytes::

    ~p2:Chance        player 2, called "Chance"
    ~o17              outcome 17, unlabelled
    ~n5:U_H           node 5 (prefix order), a second node labelled "U_H"
    ~i3:after%20l     information set 3, a second set of its player labelled "after l"
    ~a2:%C2%ACA       action 2 of its set, labelled "¬A"
    ~t:Alliance %E2%80%93 Japan   the title, not ASCII (spaces kept)

The letters are ``p`` player, ``o`` outcome, ``n`` node, ``i`` information set, ``a``
action, ``t`` title, ``c`` comment.  Among duplicates the first (lowest number, which
for nodes is first in prefix order) keeps its label.  A label of ours that already reads
like an invented label of its kind (``~o3``) is itself encoded, so the mapping is
one-to-one.  :func:`from_pygambit` decodes every label that fully matches the pattern
for its kind and copies every other label unchanged; a game that came from elsewhere
therefore keeps its labels, unless one of them happens to match the pattern.
(pygambit's own reader names unlabelled outcomes ``_1``, ``_2``, ...; those are not
ours and come back as they are.)

Speed: pygambit checks every new outcome label against all outcomes, and every node or
information-set label against all nodes or sets, so moving a game with many distinct
outcomes or labels costs time quadratic in their number (65,536 outcomes: about 30 s).
:func:`to_pygambit` sets node and set labels once the tree is complete, where each
check is cheapest, and skips them with ``labels=False``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from ..core.builder import TreeBuilder, gc_paused
from ..core.game import CHANCE, Game
from ..core.values import Value, parse_number
from ..errors import GameToolkitError, MissingDependencyError

if TYPE_CHECKING:
    import pygambit

__all__ = [
    "decode_label",
    "encode_label",
    "from_pygambit",
    "import_pygambit",
    "is_valid_label",
    "pygambit_labels",
    "to_pygambit",
]

_INSTALL = "pip install 'pygambit>=16.7,<17'"

#: Characters kept as they are inside an invented label's payload.
_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != "%")

_INVENTED = re.compile(r"~([a-z])(\d*)(?::(.*))?", re.DOTALL)

#: The chance player's reserved label in pygambit.
_CHANCE_LABEL = "Chance"


def import_pygambit() -> Any:
    """Import pygambit, checking its version.

    Returns
    -------
    module
        The ``pygambit`` module (16.7 or a later 16.x).

    Raises
    ------
    MissingDependencyError
        When pygambit is missing or of another version; the message says what to install.
    """
    try:
        import pygambit
    except ImportError as err:
        raise MissingDependencyError(f"this needs pygambit 16.7 or later 16.x: {_INSTALL}") from err
    version = str(getattr(pygambit, "__version__", "0"))
    parts = re.findall(r"\d+", version)[:2]
    major, minor = (int(parts[0]), int(parts[1])) if len(parts) == 2 else (0, 0)
    if not (major == 16 and minor >= 7):
        raise MissingDependencyError(f"pygambit {version} is installed; this needs 16.7 or later 16.x: {_INSTALL}")
    return pygambit


# ---------------------------------------------------------------------- labels
def is_valid_label(label: str) -> bool:
    """True when pygambit 16.7 accepts ``label`` as a label (the empty one included)."""
    if not label:
        return True
    if label[0] == " " or label[-1] == " " or "  " in label:
        return False
    return all(" " <= ch <= "~" for ch in label)


def _reads_invented(label: str, kind: str) -> bool:
    m = _INVENTED.fullmatch(label)
    return m is not None and m.group(1) == kind


def encode_label(kind: str, number: int | None, label: str) -> str:
    """The invented label for object ``number`` (1-based) of ``kind`` whose label is ``label``.

    The title and comment (``number`` None) keep their spaces; labels do not.
    """
    tag = f"~{kind}{'' if number is None else number}"
    safe = _SAFE if number is not None else _SAFE + " "
    return f"{tag}:{quote(label, safe=safe)}" if label else tag


def decode_label(kind: str, label: str) -> str:
    """Our label for a pygambit label of ``kind``: decoded if invented, else unchanged."""
    if not label.startswith("~"):
        return label
    m = _INVENTED.fullmatch(label)
    if m is None or m.group(1) != kind:
        return label
    payload = m.group(3)
    if not payload:
        return ""
    try:
        return unquote(payload, errors="strict")
    except UnicodeDecodeError:
        return label  # not one of ours: a foreign label that merely looks like one


def _plain(label: str, kind: str) -> bool:
    return is_valid_label(label) and not _reads_invented(label, kind)


def _labels(kind: str, labels: Sequence[str], required: bool, unique: bool, reserved: str = "") -> list[str]:
    """pygambit labels for a sequence of our labels of one kind (numbered from 1)."""
    seen: set[str] = set()
    out: list[str] = []
    for i, label in enumerate(labels):
        keep = _plain(label, kind) and bool(label or not required) and not (reserved and label == reserved)
        if keep and unique and label:
            keep = label not in seen
            seen.add(label)
        out.append(label if keep else encode_label(kind, i + 1, label))
    return out


def _text(kind: str, text: str) -> str:
    """Title or comment: any ASCII text is kept, other text encoded."""
    if text.isascii() and not _reads_invented(text, kind):
        return text
    return encode_label(kind, None, text)


class PygambitLabels:
    """The pygambit labels :func:`to_pygambit` gives a game's objects (see the label rule).

    ``players[i]``, ``outcomes[k]``, ``infosets[h]``, ``nodes[v]`` and ``actions[h][j]``
    are indexed like the game's own tuples.
    """

    def __init__(self, game: Game) -> None:
        self.title = _text("t", game.title)
        self.comment = _text("c", game.comment)
        self.players = _labels("p", game.players, required=True, unique=True, reserved=_CHANCE_LABEL)
        self.outcomes = _labels("o", [o.label for o in game.outcomes], required=True, unique=True)
        self.nodes = _labels("n", [v.label for v in game.nodes], required=False, unique=True)
        self.infosets = [""] * len(game.infosets)
        by_player: dict[int, list[int]] = {}
        for iset in game.infosets:
            by_player.setdefault(iset.player, []).append(iset.index)
        for indices in by_player.values():
            seen: set[str] = set()
            for h in indices:
                label = game.infosets[h].label
                keep = _plain(label, "i") and not (label and label in seen)
                if label:
                    seen.add(label)
                self.infosets[h] = label if keep else encode_label("i", h + 1, label)
        self.actions = [
            [a if _plain(a, "a") else encode_label("a", j + 1, a) for j, a in enumerate(h.actions)]
            for h in game.infosets
        ]


def pygambit_labels(game: Game) -> PygambitLabels:
    """The labels ``to_pygambit(game)`` uses, to find our objects in the pygambit game."""
    return PygambitLabels(game)


# ---------------------------------------------------------------------- numbers
def _to_fraction(x: Any, what: str) -> Fraction:
    """An exact Fraction from pygambit's Rational (a Fraction subclass) or Decimal."""
    if isinstance(x, Fraction):
        return Fraction(int(x.numerator), int(x.denominator))
    try:
        return parse_number(str(x))
    except ValueError as err:
        raise GameToolkitError(f"pygambit game: {what} {x!r} is not an exact number") from err


def _bound(value: Value, what: str) -> Fraction:
    if not isinstance(value, Fraction):
        raise GameToolkitError(f"{what} is not a number; bind the game's parameters first (game.bind(...))")
    return value


# ---------------------------------------------------------------------- to pygambit
def to_pygambit(game: Game, labels: bool = True) -> pygambit.Game:
    """A pygambit 16.7 game equal to ``game``, labels following the module's label rule.

    pygambit checks each new node or information-set label against every other one, so
    labelling costs time quadratic in the number of labelled nodes and sets (about 20 s
    for 16,000 sets).  ``labels=False`` leaves node and information-set labels empty
    (players, actions and outcomes are still labelled); the round trip then restores
    everything but those labels.

    Raises :class:`~gametoolkit.errors.GameToolkitError` when parameters are unbound
    (bind them first with :meth:`Game.bind`).
    """
    if game.parameters:
        raise GameToolkitError(
            f"the game has unbound parameters ({', '.join(sorted(game.parameters))}); "
            "bind them first, e.g. game.bind(p='1/3'), before moving it to pygambit"
        )
    gbt = import_pygambit()
    names = PygambitLabels(game)
    g = gbt.Game.new_tree(players=names.players, title=names.title)
    if names.comment:
        g.description = names.comment
    players = list(g.players)
    chance = g.players.chance

    outcomes = []
    for k, o in enumerate(game.outcomes):
        payoffs = [_bound(x, f"payoff {i + 1} of outcome {k + 1}") for i, x in enumerate(o.payoffs)]
        outcomes.append(g.add_outcome(names.outcomes[k], payoffs))

    made: list[Any] = [None] * len(game.infosets)  # pygambit infosets, by our index
    pg_nodes: list[Any] = [None] * len(game.nodes)
    pg_nodes[0] = g.root
    for v in game.nodes:  # prefix order: a node's pygambit twin exists before it is reached
        pn = pg_nodes[v.index]
        if v.outcome >= 0:
            g.set_outcome(pn, outcomes[v.outcome])
        if v.kind == "terminal":
            continue
        h = v.infoset
        if made[h] is None:
            iset = game.infosets[h]
            player = chance if iset.player == CHANCE else players[iset.player]
            g.append_move(pn, player, names.actions[h])
            made[h] = pn.infoset  # a view anchored at pn; it stays this set
            if iset.probs is not None:
                where = iset.label or f"#{h + 1}"
                probs = [
                    _bound(p, f"probability of {a!r} at {where}") for a, p in zip(iset.actions, iset.probs, strict=True)
                ]
                g.set_chance_probs(made[h], probs)
        else:
            g.append_infoset(pn, made[h])
        for c, pc in zip(v.children, pn.children, strict=True):
            pg_nodes[c] = pc
    if labels:
        # once the tree is complete: pygambit's check of a label walks all nodes or sets,
        # and while the tree grows each walk also renumbers them first
        for pn, label in zip(pg_nodes, names.nodes, strict=True):
            if label:
                pn.label = label
        for iset, label in zip(made, names.infosets, strict=True):
            if label and iset is not None:
                iset.label = label
    return g


# ---------------------------------------------------------------------- from pygambit
def from_pygambit(g: pygambit.Game, validate: bool = True) -> Game:
    """Our :class:`Game` for a pygambit extensive game (exact numbers; labels decoded).

    Outcomes keep pygambit's order (unused ones included); nodes and information sets
    are numbered in prefix order.  Raises :class:`~gametoolkit.errors.GameToolkitError`
    for a strategic-form game, and :class:`~gametoolkit.errors.ValidationError` for a
    tree our model refuses (an information set met twice on one play).
    """
    import_pygambit()
    if not g.is_tree:
        raise GameToolkitError("pygambit game is not an extensive (tree) game")
    with gc_paused():  # many small objects, no cycles
        return _from_pygambit(g, validate)


def _from_pygambit(g: Any, validate: bool) -> Game:
    pg_players = list(g.players)
    player_index = {p.label: i for i, p in enumerate(pg_players)}
    names = [decode_label("p", p.label) for p in pg_players]
    b = TreeBuilder(names, title=decode_label("t", g.title), comment=decode_label("c", g.description))

    outcome_index: dict[int, int] = {}
    for o in g.outcomes:
        payoffs = [_to_fraction(o[p], f"payoff of {p.label!r} at outcome {o.label!r}") for p in pg_players]
        outcome_index[o.number] = b.outcome(("pygambit", o.number), decode_label("o", o.label), payoffs)

    known: set[tuple[int, int]] = set()
    stack = [g.root]
    while stack:
        pn = stack.pop()
        label = decode_label("n", pn.label)
        out = outcome_index[pn.outcome.number] if pn.outcome else -1
        children = list(pn.children)
        if not children:
            b.add_terminal(label, out)
            continue
        iset = pn.infoset
        player = CHANCE if iset.is_chance else player_index[iset.player.label]
        key: int = iset.number
        if (player, key) in known:
            b.add_move(player, key, label, outcome=out)
        else:
            known.add((player, key))
            actions = list(iset.actions)
            action_labels = [decode_label("a", a.label) for a in actions]
            probs: list[Value] | None = None
            if player == CHANCE:
                probs = [_to_fraction(a.prob, f"probability of action {a.label!r}") for a in actions]
            b.add_move(player, key, label, decode_label("i", iset.label), action_labels, probs, out)
        stack.extend(reversed(children))
    return b.finish(validate=validate, source="pygambit game")
