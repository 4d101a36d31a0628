"""Build a :class:`~gametoolkit.core.game.Game` node by node, in prefix order.

This is the one way games come into being: the DSL, the ``.efg`` reader and the
pygambit importer all feed a :class:`TreeBuilder`.  Each ``add_*`` call appends the
next node of a depth-first walk and attaches it to the first node still waiting for
children, exactly as an ``.efg`` file lists them; so building never recurses.

Information sets and outcomes are looked up by a *key* (the ``.efg`` number, the DSL's
name).  A node that joins a known set with other action labels or probabilities, or
reuses an outcome key with other payoffs, is recorded as a problem; :meth:`finish`
reports every problem at once, each at the path of its node.  How the problems (and
the errors that stop building) are worded is up to a :class:`Wording`: the default
speaks of paths in the tree, the ``.efg`` reader's of lines in its file.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from types import MemberDescriptorType
from typing import TypeVar

from ..errors import StructureError, ValidationError
from .game import CHANCE, Game, InfoSet, Node, Outcome
from .values import Value

__all__ = ["TreeBuilder", "Wording", "gc_paused", "instances"]

#: The children list of every leaf (and of a move that wants none): shared, never
#: appended to, since only nodes waiting for children (which get their own list) are.
_NO_CHILDREN: list[int] = []


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large tree is built.

    Building a game allocates millions of small objects and no reference cycles; the
    collector's repeated passes over them cost up to half the building time.  The
    collector's previous state is restored on leaving, even on an exception.  The
    objects made meanwhile are first moved to the oldest generation (``gc.freeze()``
    then ``gc.unfreeze()``), so the collector does not sweep them all at once when it
    resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


class Wording:
    """The words a :class:`TreeBuilder` uses for its problems and its errors.

    Each method returns a message.  This default speaks of information sets by label
    and of nodes by their path in the tree; a reader of a file format subclasses it to
    speak of the numbers and lines of its file.  ``first`` is the first node that gave
    what the current node disagrees with (``-1`` when not known).
    """

    def unlabelled_set(self, player: int, key: Hashable) -> str:
        """The label of a new information set that comes without one (default: none)."""
        return ""

    def set_actions(self, b: TreeBuilder, h: int, key: Hashable, actions: Sequence[str], first: int) -> str:
        """A node of set ``h`` lists other actions than the set's."""
        return (
            f"information set {b.infoset_name(h)}: this node's actions {list(actions)} differ from "
            f"{list(b.infoset_actions(h))} at {b.path(first)}"
        )

    def set_label(self, b: TreeBuilder, h: int, key: Hashable, label: str, first: int) -> str:
        """A node of set ``h`` gives the set another label."""
        return f"information set {b.infoset_name(h)} is labelled both {b.infoset_label(h)!r} and {label!r}"

    def set_probs(self, b: TreeBuilder, h: int, key: Hashable, probs: Sequence[Value], first: int) -> str:
        """A chance node of set ``h`` gives other probabilities than the set's."""
        return f"information set {b.infoset_name(h)}: probabilities {_fmt(probs)} differ from {_fmt(b.infoset_probs(h) or ())} given before"

    def outcome_payoffs(self, key: Hashable, payoffs: Sequence[Value], before: Sequence[Value], first: int) -> str:
        """A known outcome key comes with other payoffs than ``before``."""
        return f"outcome {key} given two payoff vectors: {_fmt(before)} and {_fmt(payoffs)}"

    def outcome_label(self, key: Hashable, label: str, before: str, first: int) -> str:
        """A known outcome key comes with another label than ``before``."""
        return f"outcome {key} given two labels: {before!r} and {label!r}"

    def set_without_actions(self, player: int, key: Hashable) -> str:
        """Error: a new information set comes without its actions."""
        return f"information set {key} appears for the first time without its actions"

    def outcome_without_payoffs(self, key: Hashable) -> str:
        """Error: a new outcome key comes without its payoffs."""
        return f"outcome {key} is used before its payoffs are given"

    def no_parent(self) -> str:
        """Error: a node comes after the tree is complete."""
        return "the tree is already complete; this node has no parent"


_WORDING = Wording()


class TreeBuilder:
    """Accumulates nodes in prefix order; :meth:`finish` returns the validated game.

    Parameters
    ----------
    players : sequence of str
        The players' names.
    title, comment : str, optional
        The game's title and comment.
    wording : Wording, optional
        How problems and errors are worded (default: by paths in the tree).
    children_by_set : bool, optional
        A node that lists other actions than its set's gets as many children as the
        set has actions, as the ``.efg`` format counts them (default: as many as the
        node lists).
    """

    def __init__(
        self,
        players: Sequence[str],
        title: str = "",
        comment: str = "",
        wording: Wording | None = None,
        children_by_set: bool = False,
    ) -> None:
        self.players = tuple(players)
        self.title = title
        self.comment = comment
        self.wording = wording or _WORDING
        self.children_by_set = children_by_set
        self._kind: list[str] = []
        self._number: list[int] = []  # each node's index: the int its parent's children hold
        self._label: list[str] = []
        self._parent: list[int] = []
        self._action: list[int] = []
        self._depth: list[int] = []
        self._player: list[int] = []
        self._infoset: list[int] = []
        self._outcome: list[int] = []
        self._children: list[list[int]] = []
        self._open: list[int] = []  # nodes still waiting for children
        self._need: list[int] = []  # how many children each open node still needs
        self._iset_player: list[int] = []
        self._iset_label: list[str] = []
        self._iset_actions: list[tuple[str, ...]] = []
        self._iset_probs: list[tuple[Value, ...] | None] = []
        self._iset_nodes: list[list[int]] = []
        self._frozen: tuple[list[int], list[tuple[int, ...]], list[tuple[int, ...]]] | None = None
        self._iset_keys: dict[tuple[int, Hashable], int] = {}
        self._action_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct list
        self._outcome_label: list[str] = []  # the outcomes, column by column
        self._outcome_payoffs: list[tuple[Value, ...]] = []
        self._outcome_keys: dict[Hashable, int] = {}
        self.problems: list[tuple[int, str]] = []

    # ------------------------------------------------------------------ state
    @property
    def size(self) -> int:
        return len(self._kind)

    @property
    def complete(self) -> bool:
        """True once the root and all the children it needs are in place."""
        return bool(self._kind) and not self._open

    def pending(self) -> str:
        """Describe the node still waiting for children (for error messages)."""
        if not self._open:
            return ""
        v = self._open[-1]
        return f"node {self._path(v)} still needs {self._need[-1]} more child node(s)"

    def waiting(self) -> tuple[int, int] | None:
        """The innermost node still waiting for children, and how many it still needs."""
        return (self._open[-1], self._need[-1]) if self._open else None

    def problem(self, node: int, message: str) -> None:
        """Record a problem at a node (index as returned by ``add_*``)."""
        self.problems.append((node, message))

    def infoset_name(self, h: int) -> str:
        """Set ``h`` as messages name it: its label (or number) and its player."""
        return self._iset_name(h)

    def infoset_player(self, h: int) -> int:
        """The player of set ``h`` (``CHANCE`` for chance)."""
        return self._iset_player[h]

    def infoset_label(self, h: int) -> str:
        """The label of set ``h`` so far."""
        return self._iset_label[h]

    def infoset_actions(self, h: int) -> tuple[str, ...]:
        """The actions of set ``h``."""
        return self._iset_actions[h]

    def infoset_probs(self, h: int) -> tuple[Value, ...] | None:
        """The probabilities of set ``h`` (``None`` for a player's set)."""
        return self._iset_probs[h]

    def first_node(self, h: int) -> int:
        """The first node of set ``h``."""
        return self._iset_nodes[h][0]

    def path(self, v: int) -> str:
        """Node ``v`` as its path from the root: action labels joined by ``/``."""
        return self._path(v)

    # ------------------------------------------------------------------ outcomes
    def outcome(self, key: Hashable | None, label: str, payoffs: Sequence[Value] | None, node: int = -1) -> int:
        """The index of an outcome, registering it on first use.

        ``key`` None always makes a new outcome.  ``payoffs`` None reuses a known key's
        payoffs.  A repeated key with other payoffs or another label is a problem.
        """
        index = self._outcome_keys.get(key) if key is not None else None
        if index is not None:
            before = self._outcome_payoffs[index]
            if payoffs is not None and tuple(payoffs) != before:
                self.problem(node, self.wording.outcome_payoffs(key, payoffs, before, self._first_use(index)))
            known = self._outcome_label[index]
            if label and known and label != known:
                self.problem(node, self.wording.outcome_label(key, label, known, self._first_use(index)))
            elif label and not known:
                self._outcome_label[index] = label
            return index
        if payoffs is None:
            raise StructureError(self.wording.outcome_without_payoffs(key))
        index = len(self._outcome_label)
        self._outcome_label.append(label)
        self._outcome_payoffs.append(tuple(payoffs))
        if key is not None:
            self._outcome_keys[key] = index
        return index

    def _first_use(self, outcome: int) -> int:
        """The first node with ``outcome`` (-1 if none yet); looked for only for a problem."""
        try:
            return self._outcome.index(outcome)
        except ValueError:
            return -1

    # ------------------------------------------------------------------ nodes
    def _attach(self, kind: str, label: str, player: int, infoset: int, outcome: int, children: list[int]) -> int:
        """Append a node under the first node still waiting for children (hot: one call per node)."""
        kinds = self._kind
        index = len(kinds)
        if index:
            waiting = self._open
            if not waiting:
                raise StructureError(self.wording.no_parent())
            parent = waiting[-1]
            siblings = self._children[parent]
            self._action.append(len(siblings))
            siblings.append(index)
            self._parent.append(parent)
            self._depth.append(self._depth[parent] + 1)
            need = self._need
            left = need[-1] - 1
            if left:
                need[-1] = left
            else:
                waiting.pop()
                need.pop()
        else:
            self._parent.append(-1)
            self._action.append(-1)
            self._depth.append(0)
        kinds.append(kind)
        self._number.append(index)
        self._label.append(label)
        self._player.append(player)
        self._infoset.append(infoset)
        self._outcome.append(outcome)
        self._children.append(children)
        return index

    def add_terminal(self, label: str = "", outcome: int = -1) -> int:
        """Append a leaf."""
        return self._attach("terminal", label, CHANCE, -1, outcome, _NO_CHILDREN)

    def set_outcome(self, node: int, outcome: int) -> None:
        """Give node ``node`` (already added) the outcome ``outcome`` (from :meth:`outcome`)."""
        self._outcome[node] = outcome

    def add_move(
        self,
        player: int,
        key: Hashable,
        label: str = "",
        infoset_label: str | None = None,
        actions: Sequence[str] | None = None,
        probs: Sequence[Value] | None = None,
        outcome: int = -1,
    ) -> int:
        """Append a decision node (``player >= 0``) or a chance node (``player == CHANCE``).

        ``key`` identifies the information set within the player; the first node of a
        set must give its ``actions`` (and ``probs`` at chance); later nodes may omit
        them, and must agree when they repeat them.  A new set without a label gets
        the wording's :meth:`Wording.unlabelled_set`.
        """
        iset_key = (player, key)
        known = self._iset_keys.get(iset_key)
        if known is None:
            if actions is None:
                raise StructureError(self.wording.set_without_actions(player, key))
            if len(actions) == 0:
                raise StructureError("a move needs at least one action")
        index = len(self._kind)
        if index and not self._open:
            raise StructureError(self.wording.no_parent())
        if known is None:
            h = len(self._iset_label)
            self._iset_keys[iset_key] = h
            self._iset_player.append(player)
            self._iset_label.append(infoset_label or self.wording.unlabelled_set(player, key))
            labels = tuple(actions or ())
            self._iset_actions.append(self._action_tuples.setdefault(labels, labels))
            self._iset_probs.append(tuple(probs) if probs is not None else None)
            self._iset_nodes.append([index])
            if player == CHANCE and probs is None:
                self.problem(index, "chance node without probabilities")
            elif probs is not None and len(probs) != len(actions or ()):
                self.problem(index, f"{len(actions or ())} actions but {len(probs)} probabilities")
        else:
            h = known
            members = self._iset_nodes[h]
            members.append(index)
            if actions is not None and tuple(actions) != self._iset_actions[h]:
                self.problem(index, self.wording.set_actions(self, h, key, actions, members[0]))
            if infoset_label and self._iset_label[h] and infoset_label != self._iset_label[h]:
                self.problem(index, self.wording.set_label(self, h, key, infoset_label, members[0]))
            elif infoset_label and not self._iset_label[h]:
                self._iset_label[h] = infoset_label
            old = self._iset_probs[h]
            if probs is not None and old is not None and tuple(probs) != old:
                self.problem(index, self.wording.set_probs(self, h, key, probs, members[0]))
        # a node that disagrees with its set keeps its own number of children, so the
        # nodes after it still land under the right parents (the mismatch is reported);
        # in an .efg file the set's actions count
        need = len(self._iset_actions[h]) if actions is None or self.children_by_set else len(actions)
        kind = "chance" if player == CHANCE else "decision"
        self._attach(kind, label, player, h, outcome, [] if need else _NO_CHILDREN)
        if need:
            self._open.append(index)
            self._need.append(need)
        return index

    # ------------------------------------------------------------------ finish
    def _iset_name(self, h: int) -> str:
        player = self._iset_player[h]
        if player == CHANCE:
            who = "chance"
        elif 0 <= player < len(self.players):
            who = repr(self.players[player])
        else:
            who = f"player {player + 1}"
        label = self._iset_label[h]
        return f"{label!r} of {who}" if label else f"#{h + 1} of {who}"

    def _path(self, v: int) -> str:
        steps: list[str] = []
        while self._parent[v] >= 0:
            parent = self._parent[v]
            h = self._infoset[parent]
            actions = self._iset_actions[h] if h >= 0 else ()
            a = self._action[v]
            label = actions[a] if a < len(actions) else ""
            steps.append(label if label else f"#{a + 1}")
            v = parent
        return "/".join(reversed(steps)) if steps else "root"

    def finish(
        self,
        validate: bool = True,
        source: str = "",
        locate: Callable[[int], str] | None = None,
        absent_minded: bool = True,
        by_node: bool = False,
    ) -> Game:
        """The game; raises :class:`ValidationError` listing every problem found.

        ``locate`` maps a node index to a place in the input (``"file.efg:12"``); each
        problem is then prefixed with it, and a problem of the game as a whole with
        ``locate(-1)``.  ``by_node`` lists the problems in the order of their nodes
        (those of the game as a whole first) rather than the builder's before the
        validator's.
        """
        if not self._kind:
            raise ValidationError(["the game has no nodes"], source)
        if self._open:
            raise ValidationError([f"the tree is incomplete: {self.pending()}"], source)
        with gc_paused():
            return self._finish(validate, source, locate, absent_minded, by_node)

    def _freeze(self) -> tuple[list[int], list[tuple[int, ...]], list[tuple[int, ...]]]:
        """Node numbers, children and set members as the game will hold them; made once.

        The lists of children and of members are swapped for tuples one by one, so the
        two never coexist (less peak memory).  A node's number is the very int object
        its parent's children hold, not a second copy.  Called on a complete tree only,
        where no list is appended to any more.
        """
        if self._frozen is None:
            numbers = self._number
            children: list[tuple[int, ...]] = []
            for v, kids in enumerate(self._children):
                children.append(tuple(kids))
                self._children[v] = _NO_CHILDREN
            members: list[tuple[int, ...]] = []
            for h, nodes in enumerate(self._iset_nodes):
                members.append(tuple(nodes))
                self._iset_nodes[h] = _NO_CHILDREN
            self._frozen = (numbers, children, members)
        return self._frozen

    def _finish(
        self,
        validate: bool,
        source: str,
        locate: Callable[[int], str] | None,
        absent_minded: bool = True,
        by_node: bool = False,
    ) -> Game:
        numbers, children, members = self._freeze()
        # filled column by column (see instances); a leaf's player is already CHANCE
        columns: list[Sequence[object]] = [
            numbers,
            self._kind,
            self._label,
            self._parent,
            self._action,
            self._depth,
            self._player,
            self._infoset,
            children,
            self._outcome,
        ]
        nodes = instances(Node, len(numbers), columns)
        sets = len(self._iset_label)
        infosets = instances(
            InfoSet,
            sets,
            [range(sets), self._iset_player, self._iset_label, self._iset_actions, members, self._iset_probs],
        )
        outcomes = instances(Outcome, len(self._outcome_label), [self._outcome_label, self._outcome_payoffs])
        game = Game(self.title, self.players, nodes, infosets, outcomes, self.comment)
        if validate:
            from .validate import describe, located_problems

            problems = self.problems + located_problems(game, False, absent_minded)
            if by_node:
                problems.sort(key=lambda p: p[0])
            found = [
                f"{locate(-1)}: {msg}" if v < 0 and locate is not None else describe(game, v, msg, locate)
                for v, msg in problems
            ]
            if found:
                raise ValidationError(found, "" if locate else source)
        return game


T = TypeVar("T")


def instances(cls: type[T], count: int, columns: Sequence[Iterable[object]]) -> tuple[T, ...]:
    """Many instances of a frozen dataclass with slots, made column by column.

    The slots are filled through their descriptors: the objects are the ones
    ``cls(*row)`` makes, in half the time, which counts for a million nodes.  A class
    with ``__post_init__`` or without slots is made the ordinary way.

    Parameters
    ----------
    cls : type
        The dataclass.
    count : int
        How many instances.
    columns : sequence of iterables
        One per field, in the order of the fields; item ``k`` of each is a field of
        instance ``k``.

    Returns
    -------
    tuple
        The ``count`` instances.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    slots = [vars(cls).get(name) for name in names]
    if hasattr(cls, "__post_init__") or len(columns) != len(names) or not all(
        isinstance(slot, MemberDescriptorType) for slot in slots
    ):
        return tuple(map(cls, *columns))
    new = object.__new__
    made = [new(cls) for _ in range(count)]
    for slot, column in zip(slots, columns):
        deque(map(slot.__set__, made, column), maxlen=0)  # type: ignore[union-attr]
    return tuple(made)


def _fmt(values: Sequence[Value]) -> str:
    from .values import format_value

    return "(" + ", ".join(format_value(x) for x in values) + ")"
