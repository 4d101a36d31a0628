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
never evaluates anything: numbers go through :func:`~gametoolkit.core.values.parse_number`.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from ..core.builder import TreeBuilder
from ..core.game import CHANCE, Game
from ..core.values import format_value, parse_number
from ..errors import GameToolkitError, ParseError, StructureError

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
    """Read a game from JSON text; ``source`` names it in error messages.

    Malformed JSON raises :class:`ParseError` at its line and column; JSON that is not
    a game in this format raises :class:`ParseError` naming the key at fault
    (``nodes[3].kind``) and the line and column of the object holding it; a game that
    breaks a rule raises :class:`~gametoolkit.errors.ValidationError`.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(f"invalid JSON: {err.msg}", source, err.lineno, err.colno) from None
    except RecursionError:
        line, column = _line_column(text, _deep_point(text, _DEEP))
        raise ParseError(f"invalid JSON: nested too deeply (more than {_DEEP} levels of brackets)", source, line, column) from None
    except ValueError:  # Python refuses integers of more than 4300 digits (int_max_str_digits)
        long = re.search(r"[0-9]{4301,}", text)
        line, column = _line_column(text, long.start()) if long else (0, 0)
        raise ParseError("invalid JSON: a number of more than 4300 digits", source, line, column) from None
    try:
        return from_json(data, source)
    except _JsonError as err:
        line, column = _locate(text, err.path)
        raise ParseError(err.message, source, line, column) from None


#: Where a JSON text too deep to parse is reported: its first bracket this many levels deep.
_DEEP = 100


def _deep_point(text: str, limit: int) -> int:
    """The offset of the first bracket more than ``limit`` levels deep (strings skipped; 0 if none)."""
    depth = 0
    in_string = escaped = False
    for k, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return k
        elif ch in "]}":
            depth -= 1
    return 0


def read_json(path: str | os.PathLike[str]) -> Game:
    """Read a ``.json`` game file (UTF-8)."""
    from .text import read_text

    text, source = read_text(path)
    return loads(text, source)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


_JPath = tuple[str | int, ...]


class _JsonError(ParseError):
    """A :class:`ParseError` that knows the JSON path of the value at fault."""

    def __init__(self, path: _JPath, message: str, source: str) -> None:
        self.path = path
        self.message = f"{_path_text(path)}: {message}" if path else message
        super().__init__(self.message, source)


def _path_text(path: _JPath) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


class _PosDict(dict[str, Any]):
    pos = 0


class _PosList(list[Any]):
    pos = 0


def _locate(text: str, path: _JPath) -> tuple[int, int]:
    """Line and column of the innermost object or list on ``path`` (0, 0 if unknown).

    The text is read again (it has been read once without error) by the pure-Python
    scanner of :mod:`json`, told to remember where each object and list begins; this
    happens only when there is an error to report.
    """
    import json.decoder
    import json.scanner

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[_PosDict, int]:
        strict, scan_once, _hook, _pairs_hook, memo = args[:5]
        pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, list, memo)  # type: ignore[attr-defined]
        found = _PosDict(pairs)
        found.pos = s_and_end[1] - 1
        return found, end

    def parse_array(s_and_end: tuple[str, int], scan_once: Any) -> tuple[_PosList, int]:
        values, end = json.decoder.JSONArray(s_and_end, scan_once)  # type: ignore[attr-defined]
        found = _PosList(values)
        found.pos = s_and_end[1] - 1
        return found, end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_array = parse_array  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        data = decoder.decode(text)
    except (ValueError, RecursionError):
        return 0, 0
    pos = getattr(data, "pos", -1)
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            break
        pos = getattr(data, "pos", pos)
    return _line_column(text, pos) if pos >= 0 else (0, 0)


def _get(obj: Any, key: str, kind: type | tuple[type, ...], path: _JPath, source: str, optional: bool = False) -> Any:
    if not isinstance(obj, dict):
        raise _JsonError(path, f"expected an object, got {_kind(obj)}", source)
    if key not in obj:
        if optional:
            return None
        raise _JsonError(path, f"missing key {key!r}", source)
    value = obj[key]
    if optional and value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _JsonError((*path, key), f"expected {getattr(kind, '__name__', kind)}, got {_kind(value)}", source)
    if isinstance(value, str):
        _check_text(value, (*path, key), source)
    return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _check_text(value: str, path: _JPath, source: str) -> str:
    """``value``, unless it holds a lone UTF-16 surrogate (``"\\ud800"``), which no file
    or terminal can take."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise _JsonError(path, f"not valid Unicode text: a lone surrogate {value[err.start]!r}", source) from None
    return value


def _labels(values: Any, path: _JPath, what: str, source: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(x, str) for x in values):
        raise _JsonError(path, f"expected a list of {what} (text)", source)
    for k, x in enumerate(values):
        _check_text(x, (*path, k), source)
    return values


def _number(text: Any, path: _JPath, source: str) -> Any:
    if not isinstance(text, str):
        raise _JsonError(path, "numbers are written as text such as \"3/10\"", source)
    try:
        return parse_number(text)
    except ValueError as err:
        raise _JsonError(path, str(err), source) from None


def from_json(data: Any, source: str = "<json>") -> Game:
    """The game described by a dict in the format of :func:`to_json`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _JsonError((), f"not a gametoolkit game (expected \"format\": \"{FORMAT}\")", source)
    if data.get("version", 1) != 1:
        raise _JsonError(("version",), f"unsupported version {data['version']!r} (this reader knows version 1)", source)
    players = _labels(_get(data, "players", list, (), source), ("players",), "player names", source)
    title = _get(data, "title", str, (), source)
    b = TreeBuilder(players, title, _get(data, "comment", str, (), source, True) or "")
    index = {name: i for i, name in enumerate(players)}
    outcomes = []
    for k, o in enumerate(_get(data, "outcomes", list, (), source)):
        where: _JPath = ("outcomes", k)
        label = _get(o, "label", str, where, source)
        listed = _get(o, "payoffs", list, where, source)
        payoffs = [_number(x, (*where, "payoffs", i), source) for i, x in enumerate(listed)]
        outcomes.append((label, payoffs))
    infosets = []
    for k, h in enumerate(_get(data, "infosets", list, (), source)):
        where = ("infosets", k)
        player = _get(h, "player", str, where, source, optional=True)
        if player is not None and player not in index:
            raise _JsonError((*where, "player"), f"unknown player {player!r}", source)
        actions = _labels(_get(h, "actions", list, where, source), (*where, "actions"), "action labels", source)
        probs = _get(h, "probs", list, where, source, optional=True)
        probs = None if probs is None else [_number(x, (*where, "probs", i), source) for i, x in enumerate(probs)]
        infosets.append((CHANCE if player is None else index[player], _get(h, "label", str, where, source), actions, probs))
    for k, v in enumerate(_get(data, "nodes", list, (), source)):
        where = ("nodes", k)
        kind = _get(v, "kind", str, where, source)
        label = _get(v, "label", str, where, source)
        o = _get(v, "outcome", int, where, source, optional=True)
        out = -1
        if o is not None:
            if not 0 <= o < len(outcomes):
                raise _JsonError((*where, "outcome"), f"no outcome {o} (there are {len(outcomes)})", source)
            out = b.outcome(o, outcomes[o][0], outcomes[o][1], b.size)
        try:
            if kind == "terminal":
                b.add_terminal(label, out)
            elif kind in ("chance", "decision"):
                h = _get(v, "infoset", int, where, source)
                if not 0 <= h < len(infosets):
                    raise _JsonError((*where, "infoset"), f"no information set {h} (there are {len(infosets)})", source)
                player, iset_label, actions, probs = infosets[h]
                if (player == CHANCE) != (kind == "chance"):
                    owner = "chance" if player == CHANCE else repr(players[player])
                    raise _JsonError(where, f"a {kind} node in information set {h} of {owner}", source)
                b.add_move(player, h, label, iset_label, actions, probs, out)
            else:
                raise _JsonError((*where, "kind"), f"expected chance, decision or terminal, not {kind!r}", source)
        except StructureError as err:
            raise _JsonError(where, str(err), source) from None
    if not b.complete:
        raise _JsonError(("nodes",), f"the node list ends early: {b.pending() or 'no nodes'}", source)
    return b.finish(source=source)
