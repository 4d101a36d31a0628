"""Move games to pygambit and back: :func:`to_pygambit` and :func:`from_pygambit`.

This is the only module of gametoolkit that imports pygambit.  It works with pygambit
16.7 (or a later 16.x) and with 17.0.0b2, whose API is another one: a game is an
``ExtensiveGame`` addressed by *selectors* (``H.path("a", "b")``, the node reached by
playing ``a`` then ``b``) and labels, nodes and information sets are no longer public
objects, ``new_tree``, ``add_outcome``, ``set_outcome`` and ``set_chance_probs`` are gone,
and node and information-set labels can be set only through an ``.efg`` file.  So with
pygambit 17 :func:`to_pygambit` writes the game as ``.efg`` text (the same labels) and
has pygambit read it, and :func:`from_pygambit` reads pygambit's own ``.efg`` text back
with our reader.  :func:`pygambit_api` says which API a module or game has.  The
module is imported on demand; without pygambit its functions raise
:class:`~gametoolkit.errors.MissingDependencyError`.

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
* action labels are non-empty and unique in their set (pygambit 17 names an empty one
  ``_1``, ``_2``, ...);
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

import io
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any
from urllib.parse import quote, unquote

from ..core.builder import TreeBuilder, gc_paused
from ..core.game import CHANCE, Game
from ..core.values import Value, parse_number
from ..errors import GameToolkitError, MissingDependencyError

__all__ = [
    "decode_label",
    "encode_label",
    "from_pygambit",
    "import_pygambit",
    "is_valid_label",
    "pygambit_api",
    "pygambit_labels",
    "to_pygambit",
]

_INSTALL = "pip install 'pygambit>=16.7,<=17.0.0b2,!=17.0.0a1,!=17.0.0a2,!=17.0.0a3'"
_WANTED = "pygambit 16.7 (or a later 16.x) or 17.0.0b2"

#: Characters kept as they are inside an invented label's payload.
_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != "%")

_INVENTED = re.compile(r"~([a-z])(\d*)(?::(.*))?", re.DOTALL)

#: The chance player's reserved label in pygambit.
_CHANCE_LABEL = "Chance"


def _version_api(version: str) -> int:
    """16 or 17 for a pygambit version this module supports, else 0."""
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?((?:a|b|rc)\d+)?", version)
    if m is None:
        return 0
    major, minor = int(m.group(1)), int(m.group(2))
    if major == 16 and minor >= 7:
        return 16
    if major == 17 and m.group(4) not in ("a1", "a2", "a3"):
        return 17  # 17.0.0b2 and (it is hoped) later 17.x; the alphas had other APIs
    return 0


def import_pygambit() -> Any:
    """Import pygambit, checking its version.

    Returns
    -------
    module
        The ``pygambit`` module (16.7 or a later 16.x, or 17.0.0b2 or later 17.x).

    Raises
    ------
    MissingDependencyError
        When pygambit is missing or of another version; the message says what to install.

    Examples
    --------
    >>> gbt = import_pygambit()
    >>> pygambit_api(gbt) in (16, 17)
    True
    """
    try:
        import pygambit
    except ImportError as err:
        raise MissingDependencyError(f"this needs {_WANTED}: {_INSTALL}") from err
    version = str(getattr(pygambit, "__version__", "0"))
    if not _version_api(version):
        raise MissingDependencyError(f"pygambit {version} is installed; this needs {_WANTED}: {_INSTALL}")
    return pygambit


def pygambit_api(obj: Any = None) -> int:
    """Which pygambit API ``obj`` (a pygambit module or game) has: 16 or 17.

    Parameters
    ----------
    obj : module or pygambit game, optional
        The ``pygambit`` module, or a game made by it; by default the installed module.

    Returns
    -------
    int
        16 for pygambit 16.x (games with ``root``, ``Node`` and ``Infoset`` objects), 17
        for pygambit 17 (``ExtensiveGame``, selectors and labels).
    """
    if obj is None:
        obj = import_pygambit()
    if hasattr(obj, "__version__"):
        return _version_api(str(obj.__version__))
    return 16 if hasattr(obj, "root") else 17


# ---------------------------------------------------------------------- labels
def is_valid_label(label: str) -> bool:
    """True when pygambit (16.7 and 17) accepts ``label`` as a label (the empty one included)."""
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
        self.actions = [_labels("a", h.actions, required=True, unique=True) for h in game.infosets]


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
def to_pygambit(game: Game, labels: bool = True) -> Any:
    """A pygambit game equal to ``game``, labels following the module's label rule.

    With pygambit 16.x the game is built through pygambit's API; with pygambit 17 it is
    written as ``.efg`` text and read by pygambit (17 sets node and information-set
    labels no other way).  pygambit checks each new node or information-set label
    against every other one, so labelling costs time quadratic in the number of
    labelled nodes and sets (about 20 s for 16,000 sets).

    Parameters
    ----------
    game : Game
        A game without unbound parameters.
    labels : bool, default True
        ``False`` leaves node and information-set labels empty (players, actions and
        outcomes are still labelled); the round trip then restores everything but those
        labels.

    Returns
    -------
    pygambit.Game
        pygambit 16's ``Game`` or pygambit 17's ``ExtensiveGame``.  With pygambit 17 an
        outcome no node uses is left out (pygambit 17 keeps no such outcome).

    Raises
    ------
    GameToolkitError
        When parameters are unbound (bind them first with :meth:`Game.bind`).
    MissingDependencyError
        When pygambit is missing or of an unsupported version.

    Examples
    --------
    >>> from gametoolkit.catalog import load
    >>> game = load("us-japan-alliance", china="high", p="3/10")
    >>> from_pygambit(to_pygambit(game)) == game
    True
    """
    if game.parameters:
        raise GameToolkitError(
            f"the game has unbound parameters ({', '.join(sorted(game.parameters))}); "
            "bind them first, e.g. game.bind(p='1/3'), before moving it to pygambit"
        )
    gbt = import_pygambit()
    names = PygambitLabels(game)
    if pygambit_api(gbt) >= 17:
        return gbt.read_efg(io.StringIO(_efg_text(game, names, labels)))
    return _to_pygambit16(gbt, game, names, labels)


def _quoted(text: str) -> str:
    from .efg.write import _escape

    return f'"{_escape(text)}"'


def _efg_number(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _efg_text(game: Game, names: PygambitLabels, labels: bool) -> str:
    """``game`` as ``.efg`` text with the pygambit labels ``names`` (for pygambit 17)."""
    lines = [f"EFG 2 R {_quoted(names.title)} {{ {' '.join(_quoted(p) for p in names.players)} }}"]
    lines.append(_quoted(names.comment))
    numbers: list[int] = [0] * len(game.infosets)  # per player (chance too), from 1
    counts: dict[int, int] = {}
    for h in game.infosets:
        counts[h.player] = counts.get(h.player, 0) + 1
        numbers[h.index] = counts[h.player]
    payoffs = [
        " ".join(_efg_number(_bound(x, f"payoff {i + 1} of outcome {k + 1}")) for i, x in enumerate(o.payoffs))
        for k, o in enumerate(game.outcomes)
    ]
    for v in game.nodes:
        label = _quoted(names.nodes[v.index] if labels else "")
        out = "0" if v.outcome < 0 else f"{v.outcome + 1} {_quoted(names.outcomes[v.outcome])} {{ {payoffs[v.outcome]} }}"
        if v.kind == "terminal":
            lines.append(f"t {label} {out}")
            continue
        h = game.infosets[v.infoset]
        iset = f"{numbers[h.index]} {_quoted(names.infosets[h.index] if labels else '')}"
        if h.player == CHANCE:
            where = h.label or f"#{h.index + 1}"
            probs = h.probs or ()
            acts = " ".join(
                f"{_quoted(a)} {_efg_number(_bound(p, f'probability of {orig!r} at {where}'))}"
                for a, orig, p in zip(names.actions[h.index], h.actions, probs, strict=True)
            )
            lines.append(f"c {label} {iset} {{ {acts} }} {out}")
        else:
            acts = " ".join(_quoted(a) for a in names.actions[h.index])
            lines.append(f"p {label} {h.player + 1} {iset} {{ {acts} }} {out}")
    return "\n".join(lines) + "\n"


def _to_pygambit16(gbt: Any, game: Game, names: PygambitLabels, labels: bool) -> Any:
    """The game built through pygambit 16's API."""
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
def from_pygambit(g: Any, validate: bool = True) -> Game:
    """Our :class:`Game` for a pygambit extensive game (exact numbers; labels decoded).

    Nodes and information sets are numbered in prefix order.  With pygambit 16
    outcomes keep pygambit's order (unused ones included); with pygambit 17 the game
    comes through pygambit's own ``.efg`` text, whose outcomes are numbered in the
    order of first use.

    Parameters
    ----------
    g : pygambit.Game
        An extensive (tree) game of pygambit 16 or 17.
    validate : bool, default True
        Whether to check the game as :meth:`TreeBuilder.finish` does.

    Returns
    -------
    Game
        The same game, with every invented label decoded (see the label rule).

    Raises
    ------
    GameToolkitError
        For a strategic-form game.
    ValidationError
        For a tree our model refuses (an information set met twice on one play).
    """
    gbt = import_pygambit()
    if pygambit_api(gbt) >= 17:
        if not isinstance(g, gbt.ExtensiveGame):
            raise GameToolkitError("pygambit game is not an extensive (tree) game")
        from .efg.read import parse_efg

        with gc_paused():
            text = g.to_efg()
            return _decoded(parse_efg(text, source="pygambit game"), text, validate)
    if not g.is_tree:
        raise GameToolkitError("pygambit game is not an extensive (tree) game")
    with gc_paused():  # many small objects, no cycles
        return _from_pygambit(g, validate)


#: A player's node line as pygambit writes it: node label, player, set number, set label.
_PLAYER_LINE = re.compile(r'p "(?:[^"\\]|\\.)*" \d+ \d+ "((?:[^"\\]|\\.)*)"')


def _decoded(parsed: Game, text: str, validate: bool) -> Game:
    """``parsed`` (our reading of pygambit's ``.efg`` text ``text``) with every invented
    label decoded.

    Our reader names a player's unlabelled set ``#k``; pygambit writes one node per
    line, in prefix order, so the line of a set's first node says whether the set had
    a label, and an unlabelled one gets back its empty label.
    """
    lines = [line for line in text.splitlines() if line[:2] in ("p ", "c ", "t ")]
    set_labels: list[str] = []
    for h in parsed.infosets:
        m = _PLAYER_LINE.match(lines[h.nodes[0]]) if h.player != CHANCE else None
        unlabelled = m is not None and m.group(1) == ""
        set_labels.append("" if unlabelled else decode_label("i", h.label))
    b = TreeBuilder(
        [decode_label("p", p) for p in parsed.players],
        title=decode_label("t", parsed.title),
        comment=decode_label("c", parsed.comment),
    )
    outcomes = [
        b.outcome(("pygambit", k), decode_label("o", o.label), list(o.payoffs)) for k, o in enumerate(parsed.outcomes)
    ]
    for v in parsed.nodes:  # prefix order
        label = decode_label("n", v.label)
        out = outcomes[v.outcome] if v.outcome >= 0 else -1
        if v.kind == "terminal":
            b.add_terminal(label, out)
            continue
        h = parsed.infosets[v.infoset]
        actions = [decode_label("a", a) for a in h.actions]
        probs = None if h.probs is None else list(h.probs)
        b.add_move(h.player, h.index, label, set_labels[h.index], actions, probs, out)
    return b.finish(validate=validate, source="pygambit game")


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
