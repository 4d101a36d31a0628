"""Games as JSON: a lossless, documented serialization of :class:`Game`.

The object written by :func:`to_json` is::

    {"format": "gametoolkit-game", "version": 1,
     "title": str, "comment": str, "players": [str, ...],
     "outcomes": [{"label": str, "payoffs": ["3/10", ...]}, ...],
     "infosets": [{"player": str | null, "label": str, "actions": [str, ...],
                   "probs": ["1/2", ...] | null}, ...],
     "nodes": [{"kind": "chance" | "decision" | "terminal", "label": str,
                "infoset": int | null, "outcome": int | null}, ...]}

``nodes`` are in prefix order; a node's children are the next subtrees, one per
action of its information set (``player`` null means chance).  Numbers are exact
fractions as text.  ``from_json(to_json(g)) == g`` for every bound game.  Reading
never evaluates anything: numbers go through :func:`~gametoolkit.numbers.parse_number`.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..builder import StructureError, TreeBuilder
from ..errors import GameToolkitError, ParseError
from ..game import CHANCE, Game
from ..numbers import format_value, parse_number

__all__ = ["dumps", "from_json", "loads", "read_json", "to_json", "write_json"]

FORMAT = "gametoolkit-game"


def to_json(game: Game) -> dict[str, Any]:
    """The game as a JSON-ready dict (numbers as exact text)."""
    if game.parameters:
        raise GameToolkitError(
            f"bind the parameters {', '.join(sorted(game.parameters))} before writing the game as JSON"
        )
    return {
        "format": FORMAT,
        "version": 1,
        "title": game.title,
        "comment": game.comment,
        "players": list(game.players),
        "outcomes": [{"label": o.label, "payoffs": [format_value(x) for x in o.payoffs]} for o in game.outcomes],
        "infosets": [
            {
                "player": None if h.player == CHANCE else game.players[h.player],
                "label": h.label,
                "actions": list(h.actions),
                "probs": None if h.probs is None else [format_value(x) for x in h.probs],
            }
            for h in game.infosets
        ],
        "nodes": [
            {
                "kind": v.kind,
                "label": v.label,
                "infoset": v.infoset if v.infoset >= 0 else None,
                "outcome": v.outcome if v.outcome >= 0 else None,
            }
            for v in game.nodes
        ],
    }


def dumps(game: Game, indent: int | None = 1) -> str:
    return json.dumps(to_json(game), indent=indent, ensure_ascii=False)


def write_json(game: Game, path: str | os.PathLike[str]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps(game))
        f.write("\n")


def loads(text: str, source: str = "<json>") -> Game:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(f"invalid JSON: {err.msg}", source, err.lineno, err.colno) from err
    except RecursionError as err:
        raise ParseError("JSON nested too deeply", source) from err
    return from_json(data, source)


def read_json(path: str | os.PathLike[str]) -> Game:
    from .files import read_text

    text, source = read_text(path)
    return loads(text, source)


def _get(obj: Any, key: str, kind: type | tuple[type, ...], where: str, source: str, optional: bool = False) -> Any:
    if not isinstance(obj, dict):
        raise ParseError(f"{where}: expected an object", source)
    if key not in obj:
        if optional:
            return None
        raise ParseError(f"{where}: missing key {key!r}", source)
    value = obj[key]
    if optional and value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ParseError(f"{where}.{key}: expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}", source)
    return value


def _number(text: Any, where: str, source: str) -> Any:
    if not isinstance(text, str):
        raise ParseError(f"{where}: numbers are written as text such as \"3/10\"", source)
    try:
        return parse_number(text)
    except ValueError as err:
        raise ParseError(f"{where}: {err}", source) from err


def from_json(data: Any, source: str = "<json>") -> Game:
    """The game described by a dict in the format of :func:`to_json`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ParseError(f"not a gametoolkit game (expected \"format\": \"{FORMAT}\")", source)
    players = _get(data, "players", list, "game", source)
    if not all(isinstance(p, str) for p in players):
        raise ParseError("game.players: expected a list of names", source)
    b = TreeBuilder(players, _get(data, "title", str, "game", source), _get(data, "comment", str, "game", source, True) or "")
    index = {name: i for i, name in enumerate(players)}
    outcomes = []
    for k, o in enumerate(_get(data, "outcomes", list, "game", source)):
        where = f"outcomes[{k}]"
        label = _get(o, "label", str, where, source)
        payoffs = [_number(x, f"{where}.payoffs[{i}]", source) for i, x in enumerate(_get(o, "payoffs", list, where, source))]
        outcomes.append((label, payoffs))
    infosets = []
    for k, h in enumerate(_get(data, "infosets", list, "game", source)):
        where = f"infosets[{k}]"
        player = _get(h, "player", str, where, source, optional=True)
        if player is not None and player not in index:
            raise ParseError(f"{where}.player: unknown player {player!r}", source)
        actions = _get(h, "actions", list, where, source)
        if not all(isinstance(a, str) for a in actions):
            raise ParseError(f"{where}.actions: expected a list of labels", source)
        probs = _get(h, "probs", list, where, source, optional=True)
        probs = None if probs is None else [_number(x, f"{where}.probs[{i}]", source) for i, x in enumerate(probs)]
        infosets.append((CHANCE if player is None else index[player], _get(h, "label", str, where, source), actions, probs))
    used_outcomes: dict[int, int] = {}
    for k, v in enumerate(_get(data, "nodes", list, "game", source)):
        where = f"nodes[{k}]"
        kind = _get(v, "kind", str, where, source)
        label = _get(v, "label", str, where, source)
        o = _get(v, "outcome", int, where, source, optional=True)
        out = -1
        if o is not None:
            if not 0 <= o < len(outcomes):
                raise ParseError(f"{where}.outcome: no outcome {o}", source)
            out = b.outcome(o, outcomes[o][0], outcomes[o][1], b.size)
            used_outcomes[o] = out
        try:
            if kind == "terminal":
                b.add_terminal(label, out)
            elif kind in ("chance", "decision"):
                h = _get(v, "infoset", int, where, source)
                if not 0 <= h < len(infosets):
                    raise ParseError(f"{where}.infoset: no information set {h}", source)
                player, iset_label, actions, probs = infosets[h]
                if (player == CHANCE) != (kind == "chance"):
                    raise ParseError(f"{where}: a {kind} node in information set {h} of {'chance' if player == CHANCE else players[player]}", source)
                b.add_move(player, h, label, iset_label, actions, probs, out)
            else:
                raise ParseError(f"{where}.kind: expected chance, decision or terminal, not {kind!r}", source)
        except StructureError as err:
            raise ParseError(f"{where}: {err}", source) from err
    if not b.complete:
        raise ParseError(f"the node list ends early: {b.pending() or 'no nodes'}", source)
    return b.finish(source=source)
