"""The model author's language: a game tree written as nested calls.

>>> from gametoolkit.core.dsl import game, chance, decision, leaf, param
>>> p = param("p")
>>> g = game(
...     "Entry with a chance move",
...     players=["Entrant", "Incumbent"],
...     root=chance(
...         "Nature",
...         weak=(p, decision("Entrant", "E", out=leaf(0, 2), enter=leaf(1, -1))),
...         strong=(1 - p, decision("Entrant", "E", out=leaf(0, 2), enter=leaf(-1, 1))),
...     ),
... )
>>> sorted(g.parameters)
['p']
>>> len(g.bind(p="1/4").nodes)
7

Four builders make nodes:

* ``decision(player, infoset, **actions)``: the player named ``player`` moves; every
  node with the same ``(player, infoset)`` belongs to one information set.
* ``chance(infoset=None, **actions)``: Nature moves; each action maps to
  ``(probability, child)``.
* ``leaf(*payoffs)``: a terminal node; payoffs in player order, or by name
  (``leaf(US=x1, Japan=y1)``).
* ``game(title, players, root)``: the validated :class:`~gametoolkit.core.game.Game`.

Actions are keyword arguments, kept in the order written.  Labels that are not Python
names (``"¬A"``, ``"after l"``) go in a dict passed positionally:
``decision("US", "UL-l-l", {"A": ..., "¬A": ...})``.  Any node takes ``label=`` and,
for outcomes that sit at a non-terminal node, ``outcome=(u1, u2, ...)``.

Numbers are exact: ints, Fractions, text such as ``"3/10"``, and floats converted
through their decimal digits (``0.3`` is ``3/10``).  Parameters (:func:`param`) stay
symbolic until :meth:`Game.bind` gives them values; ``p`` and ``1 - p`` are both fine.
Problems are collected over the whole tree and raised together as one
:class:`~gametoolkit.errors.ValidationError`, each naming its node by its path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .builder import TreeBuilder, gc_paused
from .game import CHANCE, Game
from .values import Expr, Param, Value, exact

__all__ = ["Chance", "Decision", "Leaf", "chance", "decision", "game", "leaf", "param", "params"]


@dataclass(frozen=True, slots=True)
class Leaf:
    """A terminal node in the making (see :func:`leaf`)."""

    payoffs: tuple[Any, ...]
    named: tuple[tuple[str, Any], ...]
    label: str = ""
    outcome_label: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision node in the making (see :func:`decision`)."""

    player: str
    infoset: str
    branches: tuple[tuple[str, Spec], ...]
    label: str = ""
    outcome: tuple[Any, ...] | None = None
    #: mistakes in the call itself, reported by :func:`game` at this node's path
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chance:
    """A chance node in the making (see :func:`chance`)."""

    infoset: str | None
    branches: tuple[tuple[str, Any, Spec], ...]
    label: str = ""
    outcome: tuple[Any, ...] | None = None
    #: mistakes in the call itself, reported by :func:`game` at this node's path
    problems: tuple[str, ...] = ()


Spec = Leaf | Decision | Chance


def param(name: str) -> Param:
    """A named parameter, bound later (``game.bind(p=...)``, ``--set p=...``)."""
    return Param(name)


def params(names: str | Iterable[str]) -> tuple[Param, ...]:
    """Several parameters at once: ``x1, x2 = params("x1 x2")``."""
    split = names.replace(",", " ").split() if isinstance(names, str) else list(names)
    return tuple(Param(n) for n in split)


def leaf(*payoffs: Any, label: str = "", outcome_label: str = "", **by_player: Any) -> Leaf:
    """A terminal node with payoffs in player order, or by player name."""
    return Leaf(tuple(payoffs), tuple(by_player.items()), label, outcome_label)


def _branches(
    positional: object, named: dict[str, Any], problems: list[str]
) -> list[tuple[str, Any]]:
    """The actions as ``(label, child)`` pairs; a malformed argument is a problem."""
    items: list[tuple[str, Any]] = []
    if isinstance(positional, Mapping):
        items.extend(positional.items())
    elif isinstance(positional, (list, tuple)):
        for item in positional:
            if isinstance(item, tuple) and len(item) == 2:
                items.append(item)
            else:
                problems.append(f"an action is {_show(item)}, not a (label, child) pair")
    elif positional is not None:
        problems.append(f"the actions are {_show(positional)}, not a dict or a list of (label, child) pairs")
    items.extend(named.items())
    return items


def _show(x: object) -> str:
    """A value as a problem names it: its type and a short repr."""
    text = repr(x)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(x).__name__} {text}"


def decision(
    player: str,
    infoset: str,
    branches: Mapping[str, Spec] | Sequence[tuple[str, Spec]] | None = None,
    /,
    *,
    label: str = "",
    outcome: Sequence[Any] | None = None,
    **actions: Spec,
) -> Decision:
    """A node where ``player`` chooses; nodes sharing ``(player, infoset)`` form one set."""
    problems: list[str] = []
    items = _branches(branches, actions, problems)
    return Decision(player, infoset, tuple(items), label, _outcome(outcome, problems), tuple(problems))


def _outcome(outcome: object, problems: list[str]) -> tuple[Any, ...] | None:
    if outcome is None:
        return None
    if isinstance(outcome, (list, tuple)):
        return tuple(outcome)
    problems.append(f"outcome= is {_show(outcome)}, not a list or tuple of payoffs")
    return None


def chance(
    infoset: str | Mapping[str, tuple[Any, Spec]] | Sequence[tuple[str, tuple[Any, Spec]]] | None = None,
    branches: Mapping[str, tuple[Any, Spec]] | Sequence[tuple[str, tuple[Any, Spec]]] | None = None,
    /,
    *,
    label: str = "",
    outcome: Sequence[Any] | None = None,
    **actions: tuple[Any, Spec],
) -> Chance:
    """Nature's move: each action maps to ``(probability, child)``.

    Chance nodes given the same ``infoset`` name share one set (and must then have the
    same actions and probabilities); unnamed ones are separate.
    """
    problems: list[str] = []
    if infoset is not None and not isinstance(infoset, str):
        if branches is not None:
            problems.append("chance(): give the information set's name first, then the actions")
            infoset = None
        else:
            infoset, branches = None, infoset
    items = _branches(branches, actions, problems)
    triples: list[tuple[str, Any, Spec]] = []
    for name, value in items:
        if isinstance(value, tuple) and len(value) == 2:
            triples.append((name, value[0], value[1]))
        else:
            problems.append(f"chance action {name!r}: expected (probability, child), got {_show(value)}")
    return Chance(infoset, tuple(triples), label, _outcome(outcome, problems), tuple(problems))


def _value(x: Any, what: str) -> Value:
    if isinstance(x, Expr):
        return x
    return exact(x, what)


def game(title: str, players: Sequence[str], root: Spec, comment: str = "") -> Game:
    """Build and validate the game whose tree starts at ``root``.

    Parameters may stay unbound; every other problem raises one
    :class:`~gametoolkit.errors.ValidationError` that lists them all.
    """
    with gc_paused():  # a large tree allocates millions of objects and no cycles
        return _game(title, players, root, comment)


def _text(x: object, what: str, problems: list[str]) -> str:
    """``x`` if it is text; otherwise a problem, and ``str(x)`` to go on with."""
    if isinstance(x, str):
        return x
    problems.append(f"{what} is {_show(x)}, not text")
    return str(x)


def _game(title: str, players: Sequence[str], root: Spec, comment: str) -> Game:
    whole: list[str] = []  # problems of the game as a whole
    if isinstance(players, str) or not isinstance(players, Sequence):
        whole.append(f"players must be a list of names, not {_show(players)}")
        players = [players] if isinstance(players, str) else []
    names = tuple(_text(name, f"the name of player {i + 1}", whole) for i, name in enumerate(players))
    b = TreeBuilder(names, title=_text(title, "the title", whole), comment=_text(comment, "the comment", whole))
    for message in whole:
        b.problem(-1, message)
    index = {name: i for i, name in enumerate(names)}
    zero: list[Value] = [exact(0)] * len(names)
    chance_keys = 0
    if not isinstance(root, (Leaf, Decision, Chance)):
        b.problem(0, f"the root is {_show(root)}, not a node (leaf/decision/chance)")
        root = Leaf(tuple(zero), ())
    stack: list[Spec] = [root]
    while stack:
        spec = stack.pop()
        node = b.size
        problems: list[str] = []
        label = _text(spec.label, "the node's label", problems)
        if isinstance(spec, Leaf):
            payoffs, bad = _payoffs(spec.payoffs, spec.named, index, zero)
            o = b.outcome(None, _text(spec.outcome_label, "the outcome's label", problems), payoffs, node)
            v = b.add_terminal(label, o)
            for message in problems + bad:
                b.problem(v, message)
            continue
        problems.extend(spec.problems)
        out = -1
        out_problems: list[str] = []
        if spec.outcome is not None:
            payoffs, out_problems = _payoffs(spec.outcome, (), index, zero)
            out = b.outcome(None, "", payoffs, node)
        if isinstance(spec, Decision):
            labels = [_text(a, "an action label", problems) for a, _ in spec.branches]
            infoset = _text(spec.infoset, "the information set's name", problems)
            if isinstance(spec.player, str) and spec.player in index:
                player = index[spec.player]
                key: Any = infoset
            else:
                problems.append(f"unknown player {spec.player!r} (the players are {', '.join(map(repr, names))})")
                player, key = 0, ("unknown player", repr(spec.player), infoset)
            if not labels:
                problems.append(f"decision of {spec.player!r} at {spec.infoset!r} has no actions")
                v = b.add_terminal(label)
            else:
                v = b.add_move(player, key, label, infoset, labels, None, out)
            children = [c for _, c in spec.branches]
        else:
            labels = [_text(a, "an action label", problems) for a, _, _ in spec.branches]
            probs: list[Value] = []
            for a, prob, _ in spec.branches:
                try:
                    probs.append(_value(prob, f"probability of {a!r}"))
                except ValueError as err:
                    problems.append(str(err))
                    probs.append(exact(0))
            if spec.infoset is None:
                chance_keys += 1
                ckey: Any = ("anonymous", chance_keys)
            else:
                ckey = _text(spec.infoset, "the information set's name", problems)
            if not labels:
                problems.append("chance node has no actions")
                v = b.add_terminal(label)
            else:
                v = b.add_move(CHANCE, ckey, label, ckey if isinstance(ckey, str) else "", labels, probs, out)
            children = [c for _, _, c in spec.branches]
        for message in problems + out_problems:
            b.problem(v, message)
        for child in reversed(children):
            if not isinstance(child, (Leaf, Decision, Chance)):
                b.problem(v, f"a child is {_show(child)}, not a node (leaf/decision/chance)")
                stack.append(Leaf(tuple(zero), ()))
            else:
                stack.append(child)
    return b.finish(absent_minded=False)


def _payoffs(
    values: tuple[Any, ...], named: tuple[tuple[str, Any], ...], index: Mapping[str, int], zero: list[Value]
) -> tuple[list[Value], list[str]]:
    problems: list[str] = []
    if named and values:
        problems.append("payoffs given both in order and by player name")
    if named:
        payoffs = list(zero)
        for name, x in named:
            if name not in index:
                problems.append(f"payoff for unknown player {name!r}")
                continue
            try:
                payoffs[index[name]] = _value(x, f"payoff of {name}")
            except ValueError as err:
                problems.append(str(err))
        missing = [n for n in index if n not in dict(named)]
        if missing:
            problems.append(f"no payoff for {', '.join(map(repr, missing))}")
        return payoffs, problems
    converted: list[Value] = []
    for i, x in enumerate(values):
        if type(x) is int:  # the common cases first, as exact() reads them
            converted.append(Fraction(x))
            continue
        if type(x) is Fraction:
            converted.append(x)
            continue
        try:
            converted.append(_value(x, f"payoff {i + 1}"))
        except ValueError as err:
            problems.append(str(err))
            converted.append(exact(0))
    return converted, problems
