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

from ..errors import FloatWarning, LabelWarning, warn
from .builder import TreeBuilder, gc_paused
from .game import CHANCE, Game
from .values import Expr, Param, Value, exact, float_note

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
    """A named parameter, bound later (``game.bind(p=...)``, ``--set p=...``).

    Parameters
    ----------
    name : str
        A Python-style name (``p``, ``x1``, ``bJ``).

    Returns
    -------
    Param
        Usable in payoffs and probabilities, and in arithmetic: ``1 - p``.

    Examples
    --------
    >>> from gametoolkit import param
    >>> p = param("p")
    >>> 1 - p
    Expr('1 - p')
    """
    return Param(name)


def params(names: str | Iterable[str]) -> tuple[Param, ...]:
    """Several parameters at once: ``x1, x2 = params("x1 x2")``.

    Parameters
    ----------
    names : str or iterable of str
        Names separated by spaces or commas, or an iterable of names.

    Returns
    -------
    tuple of Param
        One per name, in order.

    Examples
    --------
    >>> from gametoolkit import params
    >>> x1, x2 = params("x1 x2")
    >>> x1 + x2
    Expr('x1 + x2')
    """
    split = names.replace(",", " ").split() if isinstance(names, str) else list(names)
    return tuple(Param(n) for n in split)


def leaf(*payoffs: Any, label: str = "", outcome_label: str = "", **by_player: Any) -> Leaf:
    """A terminal node with payoffs in player order, or by player name.

    Parameters
    ----------
    *payoffs
        One payoff per player, in the order of ``game(..., players)``: ints,
        Fractions, text such as ``"3/10"``, parameters or expressions.
    label : str
        The node's label.
    outcome_label : str
        The label of its outcome (Gambit's outcome name).
    **by_player
        Payoffs by player name instead (``leaf(US=x1, Japan=y1)``).

    Returns
    -------
    Leaf
        A node for :func:`decision`, :func:`chance` or :func:`game`.
    """
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
    """A node where ``player`` chooses; nodes sharing ``(player, infoset)`` form one set.

    Parameters
    ----------
    player : str
        The player's name, one of the game's ``players``.
    infoset : str
        The information set's label.  Every node of one player with the same label
        is in one set, so they must offer the same actions in the same order.
    branches : mapping or sequence of (str, node), optional
        Actions whose labels are not Python names (``{"A": ..., "¬A": ...}``),
        positionally.
    label : str
        The node's own label.
    outcome : sequence, optional
        Payoffs met at this node on the way down (summed with the leaf's).
    **actions
        The actions, in order, each mapped to its child node.

    Returns
    -------
    Decision
        A node for :func:`decision`, :func:`chance` or :func:`game`; problems
        (no actions, a child that is not a node) are reported by :func:`game`.

    Examples
    --------
    >>> from gametoolkit import decision, game, leaf
    >>> g = game("Entry", ["Entrant", "Incumbent"], decision("Entrant", "E",
    ...     out=leaf(0, 2), enter=decision("Incumbent", "I", fight=leaf(-1, -1), accommodate=leaf(1, 1))))
    >>> [h.label for h in g.infosets]
    ['E', 'I']
    """
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

    Parameters
    ----------
    infoset : str, optional
        The set's label; or, positionally, the branches when there is no label.
    branches : mapping or sequence of (str, (probability, node)), optional
        Actions whose labels are not Python names, positionally.
    label : str
        The node's own label.
    outcome : sequence, optional
        Payoffs met at this node on the way down.
    **actions
        Each action mapped to ``(probability, child)``; probabilities are exact
        numbers or parameters (``p``, ``1 - p``) and must sum to 1.

    Returns
    -------
    Chance
        A node for :func:`decision`, :func:`chance` or :func:`game`; an action
        without a probability is reported by :func:`game`.
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
    bare: list[str] = []  # actions given a child but no probability
    for name, value in items:
        if isinstance(value, tuple) and len(value) == 2:
            triples.append((name, value[0], value[1]))
        elif isinstance(value, (Leaf, Decision, Chance)):
            bare.append(name)
            triples.append((name, _NO_PROBABILITY, value))
        else:
            problems.append(f"chance action {name!r}: expected (probability, child), got {_show(value)}")
    if bare:
        problems.append(_no_probabilities(infoset, bare, len(items)))
    elif not items and not problems:
        which = f" {infoset!r}" if isinstance(infoset, str) else ""
        problems.append(f"chance node{which} has no actions: give each as name=(probability, child)")
    return Chance(infoset, tuple(triples), label, _outcome(outcome, problems), tuple(problems))


#: The probability of a chance action written without one (reported as a problem).
_NO_PROBABILITY = object()


def _no_probabilities(infoset: object, bare: list[str], total: int) -> str:
    """The problem of a chance node whose actions lack probabilities."""
    which = f" {infoset!r}" if isinstance(infoset, str) else ""
    names = ", ".join(repr(a) for a in bare)
    what = "has no probabilities" if len(bare) == total else f"has no probability for {names}"
    example = bare[0] if bare[0].isidentifier() else "name"
    return (
        f"chance node{which} {what}: write each action as {example}=(probability, child), "
        f'e.g. {example}=("1/2", leaf(...)) or {example}=(p, decision(...))'
    )


def _value(x: Any, what: str, floats: list[str] | None = None) -> Value:
    """``x`` as an exact value; a note in ``floats`` when it was an inexact float."""
    if isinstance(x, Expr):
        return x
    value = exact(x, what)
    if floats is not None:
        note = float_note(x, value, what)
        if note:
            floats.append(note)
    return value


def game(title: str, players: Sequence[str], root: Spec, comment: str = "") -> Game:
    """Build and validate the game whose tree starts at ``root``.

    Parameters may stay unbound; every other problem raises one
    :class:`~gametoolkit.errors.ValidationError` that lists them all.

    A game that builds may still be a mistake; these give warnings, not errors:
    a :class:`~gametoolkit.errors.LabelWarning` when a player's information-set label
    looks like a typo of another of its labels, or two players use one label (see
    :func:`~gametoolkit.core.validate.label_warnings`), and a
    :class:`~gametoolkit.errors.FloatWarning` for each payoff or probability given as
    a float that is not exactly the fraction it is read as.

    Parameters
    ----------
    title : str
        The game's title.
    players : sequence of str
        The players' names, in the order of the payoffs.
    root : node
        The tree, from :func:`decision`, :func:`chance` or :func:`leaf`.
    comment : str
        A longer description, kept in ``.efg`` and JSON files.

    Returns
    -------
    Game
        The frozen, validated game.

    Raises
    ------
    ValidationError
        Listing every problem of the tree, each at its node's path.

    Examples
    --------
    >>> from gametoolkit import chance, decision, game, leaf, param
    >>> p = param("p")
    >>> g = game("Entry", ["Entrant", "Incumbent"], chance("Nature",
    ...     tough=(p, decision("Entrant", "E", out=leaf(0, 1), enter=leaf(-1, 1))),
    ...     weak=(1 - p, decision("Entrant", "E", out=leaf(0, 1), enter=leaf(1, 0)))))
    >>> g.parameters
    frozenset({'p'})
    >>> g.bind(p="1/3").infosets[0].probs
    (Fraction(1, 3), Fraction(2, 3))
    """
    floats: list[str] = []
    try:
        with gc_paused():  # a large tree allocates millions of objects and no cycles
            built = _game(title, players, root, comment, floats)
    finally:  # also before a ValidationError: floats explain sums such as 9999999999999999/10**16
        if floats:
            more = f"; and {len(floats) - 10} more" if len(floats) > 10 else ""
            warn("; ".join(floats[:10]) + more, FloatWarning)
    from .validate import label_warnings

    found = label_warnings(built)
    for message in found[:_MAX_LABEL_WARNINGS]:
        warn(message, LabelWarning)
    if len(found) > _MAX_LABEL_WARNINGS:
        warn(
            f"and {len(found) - _MAX_LABEL_WARNINGS} more information-set labels like these "
            "(gametoolkit.core.validate.label_warnings(game) lists them all)",
            LabelWarning,
        )
    return built


#: Label warnings issued one by one; the rest are counted in one more.
_MAX_LABEL_WARNINGS = 10


def _text(x: object, what: str, problems: list[str]) -> str:
    """``x`` if it is text; otherwise a problem, and ``str(x)`` to go on with."""
    if isinstance(x, str):
        return x
    problems.append(f"{what} is {_show(x)}, not text")
    return str(x)


def _game(title: str, players: Sequence[str], root: Spec, comment: str, floats: list[str]) -> Game:
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
        inexact: list[str] = []
        if isinstance(spec, Leaf):
            payoffs, bad = _payoffs(spec.payoffs, spec.named, index, zero, inexact)
            o = b.outcome(None, _text(spec.outcome_label, "the outcome's label", problems), payoffs, node)
            v = b.add_terminal(label, o)
            floats.extend(f"at {b.path(v)}: {note}" for note in inexact)
            for message in problems + bad:
                b.problem(v, message)
            continue
        problems.extend(spec.problems)
        out = -1
        out_problems: list[str] = []
        if spec.outcome is not None:
            payoffs, out_problems = _payoffs(spec.outcome, (), index, zero, inexact)
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
                if prob is _NO_PROBABILITY:  # reported by chance(); the subtree is still checked
                    probs.append(exact(0))
                    continue
                try:
                    probs.append(_value(prob, f"probability of {a!r}", inexact))
                except ValueError as err:
                    problems.append(str(err))
                    probs.append(exact(0))
            if any(prob is _NO_PROBABILITY for _, prob, _ in spec.branches):
                probs = [Fraction(1, len(probs))] * len(probs)  # no second problem about their sum
            if spec.infoset is None:
                chance_keys += 1
                ckey: Any = ("anonymous", chance_keys)
            else:
                ckey = _text(spec.infoset, "the information set's name", problems)
            if not labels:
                if not spec.problems:
                    problems.append("chance node has no actions")
                v = b.add_terminal(label)
            else:
                v = b.add_move(CHANCE, ckey, label, ckey if isinstance(ckey, str) else "", labels, probs, out)
            children = [c for _, _, c in spec.branches]
        for message in problems + out_problems:
            b.problem(v, message)
        floats.extend(f"at {b.path(v)}: {note}" for note in inexact)
        for child in reversed(children):
            if not isinstance(child, (Leaf, Decision, Chance)):
                b.problem(v, f"a child is {_show(child)}, not a node (leaf/decision/chance)")
                stack.append(Leaf(tuple(zero), ()))
            else:
                stack.append(child)
    return b.finish(absent_minded=False)


def _payoffs(
    values: tuple[Any, ...],
    named: tuple[tuple[str, Any], ...],
    index: Mapping[str, int],
    zero: list[Value],
    floats: list[str],
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
                payoffs[index[name]] = _value(x, f"payoff of {name}", floats)
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
            converted.append(_value(x, f"payoff {i + 1}", floats))
        except ValueError as err:
            problems.append(str(err))
            converted.append(exact(0))
    return converted, problems
