"""The game model: an immutable extensive-form game tree with exact numbers.

A :class:`Game` is a flat, frozen record.  Its nodes are stored in prefix
(depth-first) order, the order of an ``.efg`` file, and refer to each other by index:
``node.parent``, ``node.children``.  Nothing is nested, so comparing, hashing or
walking a tree of a million nodes, or a chain 100,000 levels deep, never recurses.

* ``players``: the players' names, in order (player ``i`` is ``players[i]``).
  Chance is not a player; its nodes have ``player == CHANCE``.
* ``infosets``: every information set, chance ones included.  A player's set holds
  its action labels; a chance set also holds the probabilities of its actions.  A node
  ``v`` belongs to ``infosets[v.infoset]``.
* ``outcomes``: payoff vectors with a label.  An outcome may sit at any node; the
  payoff of a play is the sum of the outcomes along it (as in Gambit's format).

Games are built by :mod:`gametoolkit.core.dsl`, by the ``.efg`` reader or from pygambit,
all through :class:`gametoolkit.core.builder.TreeBuilder`, which validates what it builds.
Derived views (paths, payoffs at the leaves, information sets per player, subgame
roots, perfect recall) are computed on first use and then kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from .values import Value, evaluate, free_params, is_bound

__all__ = ["CHANCE", "Game", "InfoSet", "Node", "NodeKind", "Outcome", "install_display", "install_rules"]

#: The player index of chance (Nature) nodes and information sets.
CHANCE = -1

#: The rules a game must keep (``validate``, ``recall``), installed by
#: :mod:`gametoolkit.core` from :mod:`.validate`, which depends on this module and not
#: the other way round.
_RULES: dict[str, Callable[..., Any]] = {}
#: How notebooks show a game or a solution (``svg``), installed by the top-level
#: package from the renderer; the core imports no renderer.
_DISPLAY: dict[str, Callable[[Any], str | None]] = {}


def install_rules(validate: Callable[..., Any], perfect_recall_problems: Callable[..., Any]) -> None:
    """Give :class:`Game` its validation rules (called once, by :mod:`gametoolkit.core`)."""
    _RULES["validate"] = validate
    _RULES["recall"] = perfect_recall_problems


def install_display(svg: Callable[[Any], str | None]) -> None:
    """Give games and solutions their Jupyter display (called by :mod:`gametoolkit`)."""
    _DISPLAY["svg"] = svg


def display_svg(obj: Any) -> str | None:
    """SVG of ``obj`` for Jupyter through the installed renderer, or ``None``."""
    show = _DISPLAY.get("svg")
    return show(obj) if show is not None else None

NodeKind = Literal["chance", "decision", "terminal"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A labelled payoff vector, one entry per player."""

    label: str
    payoffs: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class InfoSet:
    """An information set: the nodes a player cannot tell apart.

    ``player`` is an index into ``Game.players`` or :data:`CHANCE`.  ``probs`` holds the
    chance probabilities (one per action) for a chance set and is ``None`` otherwise.
    """

    index: int
    player: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    probs: tuple[Value, ...] | None = None

    @property
    def is_chance(self) -> bool:
        return self.player == CHANCE


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the tree, referring to others by their index in prefix order.

    ``action`` is the index of the action that leads from the parent to this node
    (``-1`` at the root); ``outcome`` is an index into ``Game.outcomes`` or ``-1``.
    """

    index: int
    kind: NodeKind
    label: str
    parent: int
    action: int
    depth: int
    player: int
    infoset: int
    children: tuple[int, ...]
    outcome: int

    @property
    def is_terminal(self) -> bool:
        return self.kind == "terminal"


@dataclass(frozen=True, slots=True)
class Game:
    """An extensive-form game.  Build one with :mod:`gametoolkit.core.dsl` or read one."""

    title: str
    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[InfoSet, ...]
    outcomes: tuple[Outcome, ...]
    comment: str = ""
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    # ------------------------------------------------------------------ basics
    @property
    def root(self) -> Node:
        return self.nodes[0]

    @property
    def num_players(self) -> int:
        return len(self.players)

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __repr__(self) -> str:
        return (
            f"Game({self.title!r}, players={list(self.players)!r}, nodes={len(self.nodes)}, "
            f"infosets={len(self.infosets)})"
        )

    def _repr_svg_(self) -> str | None:
        """The tree as SVG for Jupyter; ``None`` (text shown) without Graphviz or when large."""
        return display_svg(self)

    def player_index(self, name: str) -> int:
        """The index of the player called ``name`` (:class:`KeyError` if none)."""
        try:
            return self.players.index(name)
        except ValueError:
            raise KeyError(f"no player {name!r}; players are {list(self.players)}") from None

    def player_name(self, player: int) -> str:
        return "chance" if player == CHANCE else self.players[player]

    def actions(self, node: Node | int) -> tuple[str, ...]:
        """The action labels at a non-terminal node (empty at a leaf)."""
        v = self.nodes[node] if isinstance(node, int) else node
        return () if v.infoset < 0 else self.infosets[v.infoset].actions

    def child(self, node: Node | int, action: str | int) -> Node:
        """The child of ``node`` reached by ``action`` (a label or an index)."""
        v = self.nodes[node] if isinstance(node, int) else node
        if isinstance(action, str):
            labels = self.actions(v)
            if labels.count(action) != 1:
                raise KeyError(f"node {self.path_str(v)}: no unique action {action!r} among {list(labels)}")
            action = labels.index(action)
        return self.nodes[v.children[action]]

    def node_at(self, path: str | tuple[str, ...]) -> Node:
        """The node reached from the root by a path of action labels (``"U_H/l"``)."""
        steps = tuple(s for s in path.split("/") if s) if isinstance(path, str) else path
        v = self.root
        for step in steps:
            v = self.child(v, step)
        return v

    # ------------------------------------------------------------------ derived views
    def _cached(self, key: str, compute: Any) -> Any:
        try:
            return self._cache[key]
        except KeyError:
            value = compute()
            self._cache[key] = value
            return value

    @property
    def terminals(self) -> tuple[Node, ...]:
        """Leaves, in prefix order."""
        found: tuple[Node, ...] = self._cached("terminals", lambda: tuple(v for v in self.nodes if v.kind == "terminal"))
        return found

    def infosets_of(self, player: int | str) -> tuple[InfoSet, ...]:
        """The information sets of one player (by index or name), in prefix order."""
        p = self.player_index(player) if isinstance(player, str) else player
        table: dict[int, tuple[InfoSet, ...]] = self._cached("by_player", self._infosets_by_player)
        return table.get(p, ())

    def _infosets_by_player(self) -> dict[int, tuple[InfoSet, ...]]:
        table: dict[int, list[InfoSet]] = {}
        for h in self.infosets:
            table.setdefault(h.player, []).append(h)
        return {p: tuple(hs) for p, hs in table.items()}

    def infoset(self, player: int | str, label: str) -> InfoSet:
        """A player's information set by its name (:meth:`infoset_name`), else its label."""
        for h in self.infosets_of(player):
            if self.infoset_name(h) == label:
                return h
        for h in self.infosets_of(player):
            if h.label == label:
                return h
        raise KeyError(f"player {player!r} has no information set {label!r}")

    def infoset_name(self, h: InfoSet | int) -> str:
        """The set's name in solutions and reports, unique among its player's sets.

        Its label; ``#k`` (``k`` its index plus one) when the label is empty; ``label (2)``,
        ``label (3)``, ... for later sets of the same player that repeat a label (a
        ``.efg`` file may).  A label that is there is never displaced by an invented name.
        """
        index = h if isinstance(h, int) else h.index
        names: list[str] = self._cached("infoset_names", self._infoset_names)
        return names[index]

    def _infoset_names(self) -> list[str]:
        names = [h.label for h in self.infosets]
        for sets in self._cached("by_player", self._infosets_by_player).values():
            members = [h.index for h in sets]

            def numbered(i: int, members: list[int] = members) -> str:
                return f"#{members[i] + 1}"

            for k, name in zip(members, unique_labels([names[k] for k in members], numbered)):
                names[k] = name
        return names

    def path(self, node: Node | int) -> tuple[str, ...]:
        """Action labels from the root to ``node`` (an empty label shows as ``#k``)."""
        v = self.nodes[node] if isinstance(node, int) else node
        steps: list[str] = []
        while v.parent >= 0:
            parent = self.nodes[v.parent]
            label = self.infosets[parent.infoset].actions[v.action]
            steps.append(label if label else f"#{v.action + 1}")
            v = parent
        steps.reverse()
        return tuple(steps)

    def path_str(self, node: Node | int) -> str:
        """The path as text, ``U_H/l``, or ``root`` for the root."""
        steps = self.path(node)
        return "/".join(steps) if steps else "root"

    def node_name(self, node: Node | int) -> str:
        """The node's label when non-empty and unique in the game, else its path."""
        v = self.nodes[node] if isinstance(node, int) else node
        counts = self._cached("label_counts", self._label_counts)
        if v.label and counts.get(v.label, 0) == 1:
            return v.label
        return "/".join(self.path(v))

    def _label_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for v in self.nodes:
            if v.label:
                counts[v.label] = counts.get(v.label, 0) + 1
        return counts

    def subtree_end(self, node: Node | int) -> int:
        """One past the last index of ``node``'s subtree (subtrees are contiguous)."""
        v = self.nodes[node] if isinstance(node, int) else node
        return int(self._cached("subtree_end", self._subtree_ends)[v.index])

    def _subtree_ends(self) -> list[int]:
        ends = list(range(1, len(self.nodes) + 1))
        for v in reversed(self.nodes):
            if v.children:
                ends[v.index] = ends[v.children[-1]]
        return ends

    def payoffs(self, node: Node | int) -> tuple[Value, ...]:
        """Payoffs at a leaf: the sum of the outcomes on the path from the root."""
        v = self.nodes[node] if isinstance(node, int) else node
        table: dict[int, tuple[Value, ...]] = self._cached("payoffs", self._leaf_payoffs)
        if v.index in table:
            return table[v.index]
        return self._accumulate(v)

    def _accumulate(self, v: Node) -> tuple[Value, ...]:
        total: list[Value] = [Fraction(0)] * len(self.players)
        u: Node | None = v
        while u is not None:
            if u.outcome >= 0:
                for i, x in enumerate(self.outcomes[u.outcome].payoffs[: len(total)]):
                    total[i] = _plus(total[i], x)
            u = self.nodes[u.parent] if u.parent >= 0 else None
        return tuple(total)

    def _leaf_payoffs(self) -> dict[int, tuple[Value, ...]]:
        n = len(self.players)
        zero: tuple[Value, ...] = tuple(Fraction(0) for _ in range(n))
        acc: list[tuple[Value, ...]] = [zero] * len(self.nodes)
        table: dict[int, tuple[Value, ...]] = {}
        for v in self.nodes:
            base = acc[v.parent] if v.parent >= 0 else zero
            if v.outcome >= 0:
                pay = self.outcomes[v.outcome].payoffs
                base = tuple(_plus(base[i], pay[i] if i < len(pay) else Fraction(0)) for i in range(n))
            if v.kind == "terminal":
                table[v.index] = base
            else:
                acc[v.index] = base
        return table

    def chance_probs(self, infoset: int) -> tuple[Fraction, ...]:
        """A chance set's probabilities as numbers (:class:`ValueError` if unbound)."""
        from .values import as_fraction

        return tuple(as_fraction(x, "chance probability") for x in self.infosets[infoset].probs or ())

    def outcome_payoffs(self, outcome: int) -> tuple[Fraction, ...]:
        """An outcome's payoffs as numbers (:class:`ValueError` if unbound)."""
        from .values import as_fraction

        return tuple(as_fraction(x, "payoff") for x in self.outcomes[outcome].payoffs)

    def has_nonterminal_outcomes(self) -> bool:
        """True when an outcome sits at a non-terminal node."""
        return any(v.outcome >= 0 and v.kind != "terminal" for v in self.nodes)

    # ------------------------------------------------------------------ parameters
    @property
    def parameters(self) -> frozenset[str]:
        """Names of the parameters still unbound in probabilities or payoffs."""
        found: frozenset[str] = self._cached("parameters", self._parameters)
        return found

    def _parameters(self) -> frozenset[str]:
        names: set[str] = set()
        for o in self.outcomes:
            for x in o.payoffs:
                if not is_bound(x):
                    names |= free_params(x)
        for h in self.infosets:
            for x in h.probs or ():
                if not is_bound(x):
                    names |= free_params(x)
        return frozenset(names)

    @property
    def is_numeric(self) -> bool:
        """True when every probability and payoff is a number."""
        return not self.parameters

    def bind(self, values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> Game:
        """A copy with parameters replaced by exact numbers (validated again).

        A float that is not exactly the fraction it is read as (``q=1/3`` becomes
        3333333333333333/10000000000000000) gives a
        :class:`~gametoolkit.errors.FloatWarning` naming that fraction; pass
        ``Fraction(1, 3)`` or ``"1/3"`` instead.
        """
        from .values import exact, float_note

        merged = dict(values or {}, **kwargs)
        unknown = sorted(set(merged) - self.parameters)
        if unknown:
            from ..errors import ModelError

            raise ModelError(
                f"unknown parameter(s) {', '.join(unknown)}; this game's parameters are "
                f"{', '.join(sorted(self.parameters)) or 'none'}"
            )
        try:
            bindings = {name: exact(v, f"parameter {name}") for name, v in merged.items()}
        except ValueError as err:
            from ..errors import ModelError

            raise ModelError(str(err)) from err
        notes = [float_note(merged[name], value, f"parameter {name}") for name, value in bindings.items()]
        if any(notes):
            from ..errors import FloatWarning, warn

            warn("; ".join(note for note in notes if note), FloatWarning)
        outcomes = tuple(
            Outcome(o.label, tuple(evaluate(x, bindings) for x in o.payoffs)) for o in self.outcomes
        )
        infosets = tuple(
            h
            if h.probs is None
            else InfoSet(h.index, h.player, h.label, h.actions, h.nodes, tuple(evaluate(x, bindings) for x in h.probs))
            for h in self.infosets
        )
        game = Game(self.title, self.players, self.nodes, infosets, outcomes, self.comment)
        _RULES["validate"](game)
        return game

    # ------------------------------------------------------------------ structure
    def subgame_roots(self) -> tuple[Node, ...]:
        """Non-terminal nodes that start a subgame, in prefix order (the root first).

        A node starts a subgame when every information set of a player that meets its
        subtree lies wholly inside that subtree.
        """
        found: tuple[Node, ...] = self._cached("subgames", self._subgame_roots)
        return found

    def _subgame_roots(self) -> tuple[Node, ...]:
        count = len(self.nodes)
        lo = list(range(count))
        hi = list(range(count))
        for h in self.infosets:
            if h.player == CHANCE or len(h.nodes) == 1:
                continue
            first, last = min(h.nodes), max(h.nodes)
            for u in h.nodes:
                lo[u], hi[u] = first, last
        ends = self._cached("subtree_end", self._subtree_ends)
        for v in reversed(self.nodes):
            for c in v.children:
                if lo[c] < lo[v.index]:
                    lo[v.index] = lo[c]
                if hi[c] > hi[v.index]:
                    hi[v.index] = hi[c]
        return tuple(
            v for v in self.nodes if v.kind != "terminal" and lo[v.index] >= v.index and hi[v.index] < ends[v.index]
        )

    def perfect_recall_problems(self) -> tuple[str, ...]:
        """Why the game lacks perfect recall (empty when it has it)."""
        rule = _RULES["recall"]
        found: tuple[str, ...] = self._cached("recall", lambda: tuple(rule(self)))
        return found

    @property
    def has_perfect_recall(self) -> bool:
        return not self.perfect_recall_problems()

    def summary(self) -> dict[str, Any]:
        """Counts and flags, as ``gametoolkit show`` prints them."""
        return {
            "title": self.title,
            "players": list(self.players),
            "nodes": len(self.nodes),
            "terminals": len(self.terminals),
            "infosets": sum(1 for h in self.infosets if h.player != CHANCE),
            "chance_infosets": sum(1 for h in self.infosets if h.player == CHANCE),
            "outcomes": len(self.outcomes),
            "perfect_recall": self.has_perfect_recall,
            "subgames": len(self.subgame_roots()),
            "parameters": sorted(self.parameters),
        }


def _plus(a: Value, b: Value) -> Value:
    """``a + b``, without writing ``0 + x`` for a parameter ``x``."""
    if isinstance(a, Fraction) and a == 0:
        return b
    if isinstance(b, Fraction) and b == 0:
        return a
    return a + b


def unique_labels(labels: Sequence[str], invent: Callable[[int], str] | None = None) -> list[str]:
    """The labels with later duplicates numbered ``label (2)``, ``label (3)``, ...

    With ``invent``, an empty label at position ``i`` becomes ``invent(i)`` (numbered
    likewise if that is taken); without it, empty labels stay empty.  A label present
    from the start is never displaced by a numbered or invented one.
    """
    result = list(labels)
    taken = set(labels)
    if len(taken) == len(result) and (invent is None or "" not in taken):
        return result
    seen: set[str] = set()
    next_k: dict[str, int] = {}
    for i, label in enumerate(labels):
        if not label:
            if invent is None:
                continue
            base = invent(i)
            if base not in taken:
                taken.add(base)
                result[i] = base
                continue
        elif label not in seen:
            seen.add(label)
            continue
        else:
            base = label
        k = next_k.get(base, 2)
        while f"{base} ({k})" in taken:
            k += 1
        new = f"{base} ({k})"
        next_k[base] = k + 1
        taken.add(new)
        result[i] = new
    return result
