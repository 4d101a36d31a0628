"""Large ``.efg`` files as numpy arrays: one scan of the whole text, no object per node.

:func:`scan_efg` reads the nodes of a file into :class:`EfgArrays` (node kinds, movers,
information sets, numbers of actions, outcomes, and per-set and per-outcome tables) by
vectorised passes over the bytes: the strings are found from the quotes, the tokens
from character classes, and the layout of every node is checked by one regular
expression over a string of one character per token.  :func:`efg_lines` writes the
arrays back as :func:`~gametoolkit.io.efg.write.generate_efg` writes the game that
:func:`~gametoolkit.io.efg.read.parse_efg` reads from the same text: byte for byte.

The scan takes the files this toolkit and Gambit write, and declines (returns ``None``)
whatever it cannot answer for exactly as the object reader and writer would: a
backslash or a character outside printable ASCII in the nodes, a label the writer
would change for pygambit (doubled or outer spaces, a repeated label in one
namespace, a player called ``Chance``), a left-out label or action list, an
information-set number used twice (so: perfect information, as far as the file's
sets go), an outcome repeated with other payoffs or label, and every mistake.  The
caller then reads the text with :func:`~gametoolkit.io.efg.read.parse_efg`, which
gives the game or the error with its file, line and column.  The header is read by
the object reader's own code, so its errors are the same either way.

Payoffs stay exact: ``int64`` when every payoff is a whole number of at most 18
digits, else :class:`~fractions.Fraction` objects; chance probabilities are fractions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...core.game import CHANCE
from ...core.values import format_value, parse_number
from .read import _header
from .token_reader import actions as numbered_actions
from .tokens import Where
from .write import _LABEL_OK, _escape, _gambit_text

__all__ = ["EfgArrays", "efg_lines", "read_efg_arrays", "scan_efg", "write_efg_arrays"]

I64 = NDArray[np.int64]

_T, _P, _C, _Q, _LB, _RB, _COMMA, _NUM = (ord(c) for c in 'tpc"{},n')
#: The layout of one node, one character per token: ``t``/``p``/``c`` the node's kind,
#: ``"`` a string, ``n`` a number, braces and commas as they are.  Labels are not left
#: out, sets come with their actions; an outcome number may stand alone (a repeat).
_OUTCOME = rb'n(?:"\{(?:n,?+)*+\})?+'
_LAYOUT = re.compile(
    rb"(?:t\"" + _OUTCOME + rb"|p\"nn\"\{\"++\}" + _OUTCOME + rb"|c\"n\"\{(?:\"n)++\}" + _OUTCOME + rb")*+"
)
_CHANCE_PAIR = re.compile(r'"([^"]*)"\s*([^\s{},"]+)')
#: Each byte's class: 0 space or line end, 1 quote, 2 brace or comma, 3 other printable
#: ASCII, 4 any other byte (the scan declines it).
_CLASS = np.full(256, 4, np.uint8)
_CLASS[33:127] = 3
_CLASS[[32, 10]] = 0
_CLASS[_Q] = 1
_CLASS[[_LB, _RB, _COMMA]] = 2
#: The node text is scanned in pieces of about this many bytes (see ``_Scan.tokens``).
_PIECE = 1 << 22
#: Lines are made and written this many at a time.
_LINES = 1 << 16
#: Whole-number payoffs are kept in int64 up to this many digits.
_MAX_DIGITS = 18


@dataclass(eq=False)
class EfgArrays:
    """A game read from ``.efg`` text as arrays (nodes in prefix order).

    Attributes
    ----------
    title, comment : str
        As in the file.
    players : tuple of str
        The players' names.
    kind : ndarray of uint8
        ``ord("t")``, ``ord("p")`` or ``ord("c")`` per node.
    node_labels : list of str or None
        The nodes' labels; ``None`` when all are empty.
    player : ndarray of int64
        The mover (from 0; ``CHANCE`` at chance nodes and leaves).
    infoset : ndarray of int64
        The node's information set (``-1`` at leaves); sets are numbered in prefix
        order, one per inner node.
    arity : ndarray of int64
        The number of actions (0 at leaves).
    outcome : ndarray of int64
        The outcome (``-1``: none); outcomes are numbered in order of first use.
    set_player, set_key : ndarray of int64
        Each set's player and its number in the file.
    set_labels : list of str
        Each set's label as the object reader gives it (``#k`` for a player's set
        without a label, ``k`` its number in the file).
    set_actions : list of tuple of str
        Each set's action labels (repeated ones numbered, as the reader numbers them).
    set_list : ndarray of int64
        For a player's set, which distinct list of actions it has (the sets of equal
        lists share one number and one tuple in ``set_actions``); ``-1`` at chance.
    set_action_text : list of str
        What the writer puts between the set's braces.
    set_probs : dict of int to tuple of Fraction
        The chance sets' probabilities.
    payoffs : ndarray
        Outcomes by players: int64, or object holding :class:`~fractions.Fraction`.
    outcome_labels, outcome_text : list of str
        Each outcome's label, and its payoffs as the writer writes them (``1, -1/2``);
        made when first asked for (the solver does not need them).
    verbatim : memoryview or None
        The node lines exactly as the writer writes them, when the file already has
        them so (its own output read back): written as they are.
    """

    title: str
    players: tuple[str, ...]
    comment: str
    kind: NDArray[np.uint8]
    node_labels: list[str] | None
    player: I64
    infoset: I64
    arity: I64
    outcome: I64
    set_player: I64
    set_key: I64
    set_labels: list[str]
    set_actions: list[tuple[str, ...]]
    set_list: I64
    set_action_text: list[str]
    set_probs: dict[int, tuple[Fraction, ...]]
    payoffs: NDArray[Any]
    outcome_strings: Callable[[], tuple[list[str], list[str]]] = field(repr=False)
    verbatim: memoryview | None = field(default=None, repr=False)

    @cached_property
    def _outcome_strings(self) -> tuple[list[str], list[str]]:
        return self.outcome_strings()

    @property
    def outcome_labels(self) -> list[str]:
        """Each outcome's label."""
        return self._outcome_strings[0]

    @property
    def outcome_text(self) -> list[str]:
        """Each outcome's payoffs as the writer writes them (``1, -1/2``)."""
        return self._outcome_strings[1]

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self.kind)


def read_efg_arrays(path: str | os.PathLike[str]) -> EfgArrays | None:
    """Read a ``.efg`` file as arrays, or ``None`` where :func:`scan_efg` declines.

    Raises :class:`~gametoolkit.errors.ParseError` for an unreadable file or a
    malformed header, exactly as :func:`~gametoolkit.io.efg.read.read_efg` does.
    """
    from ..text import read_text

    text, source = read_text(path)  # the object reader's errors for a missing or undecodable file
    with open(path, "rb") as handle:
        data = handle.read()
    return scan_efg(text, source, data)


def scan_efg(text: str, source: str = "<string>", data: bytes | None = None) -> EfgArrays | None:
    """The arrays of ``.efg`` text, or ``None`` when the object reader must read it.

    Parameters
    ----------
    text : str
        The text of an ``.efg`` file.
    source : str, optional
        Its name in error messages.
    data : bytes, optional
        The same text encoded in UTF-8 (a leading byte-order mark allowed), when the
        caller has it: the scan then reads the nodes from it without a copy.

    Returns
    -------
    EfgArrays or None
        ``None`` for anything outside the layouts this scan takes (see the module
        notes), mistakes included; then :func:`~gametoolkit.io.efg.read.parse_efg`
        gives the game or the error.

    Raises
    ------
    ParseError
        A malformed header, with the source, line and column (as the object reader).
    """
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    title, players, comment, pos = _header(text, Where(text, source))
    if not _players_kept(players):
        return None
    if data is None:
        data = text.encode("utf-8")
    skip = len(data) - len(text.encode("utf-8")) if data.startswith(b"\xef\xbb\xbf") else 0
    at = skip + len(text[:pos].encode("utf-8"))  # the nodes' first byte
    return _Scan(data, at, text, pos, title, tuple(players), comment).run()


def _players_kept(players: list[str]) -> bool:
    """Whether the writer keeps the names (printable, distinct, no ``Chance``)."""
    named = [p for p in players if p]
    return (
        all(_LABEL_OK.fullmatch(p) and "\\" not in p for p in players)
        and len(set(named)) == len(named)
        and "Chance" not in named
    )


def _distinct(labels: list[str]) -> bool:
    named = [x for x in labels if x]
    return len(set(named)) == len(named)


def _piece_tokens(buf: NDArray[np.uint8]) -> tuple[Any, Any, NDArray[np.uint8], Any, bool] | None:
    """Token starts, ends and codes of a piece of node text that ends with a line end,
    which tokens begin nodes, and whether the piece is written as the writer writes it."""
    size = len(buf)
    cls = _CLASS[buf]  # 0 space or line end, 1 quote, 2 brace or comma, 3 other, 4 not taken
    if int(cls.max()) == 4:
        return None
    quote = cls == 1
    q = np.flatnonzero(quote)
    if len(q) % 2:
        return None
    opens, closes = q[0::2], q[1::2]
    # labels the writer keeps as they are: no line end inside, no outer spaces
    if bool((buf[opens + 1] == 32).any()) or bool(((buf[closes - 1] == 32) & (closes - 1 > opens)).any()):
        return None
    inside = np.cumsum(quote, dtype=np.int8)
    inside &= 1
    inside_mask = inside.view(bool)  # from an opening quote to just before its close
    if bool((inside_mask & (buf == 10)).any()):
        return None
    cls[inside_mask] = 1  # a string: one run of class 1, its closing quote included
    starts = np.empty(size, bool)
    starts[0] = cls[0] != 0
    np.not_equal(cls[1:], cls[:-1], out=starts[1:])
    starts |= cls == 2
    starts[opens] = True
    starts &= cls != 0
    tok = np.flatnonzero(starts).astype(np.int32)
    code = buf[tok]
    ends = tok + 1
    is_word = cls[tok] == 3
    if bool(is_word.any()):
        last = starts  # reused: the last character of each word
        np.not_equal(cls[:-1], cls[1:], out=last[:-1])
        last[-1] = True
        last &= cls == 3
        ends[is_word] = np.flatnonzero(last) + 1
    ends[code == _Q] = closes + 1
    # the pieces are small: 32-bit positions within one, 64-bit once placed in the text
    words = np.flatnonzero(is_word)
    single = ends[words] - tok[words] == 1
    first = code[words]
    kindlike = single & ((first == _T) | (first == _P) | (first == _C))
    code[words[~kindlike]] = _NUM
    return tok, ends, code, words[kindlike], _as_written(buf, tok, ends, code)


def _as_written(buf: NDArray[np.uint8], tok: Any, ends: Any, code: NDArray[np.uint8]) -> bool:
    """Whether a piece is spaced as the writer spaces it, with no number written with a leading zero.

    One space between the tokens of a node, none before a comma, one line end between
    nodes and just after the piece's last token.
    """
    if not len(tok) or int(ends[-1]) != len(buf) - 1 or buf[-1] != 10:
        return False
    comma = code[1:] == _COMMA
    if not bool((tok[1:] - ends[:-1] == ~comma).all()):
        return False
    spaced = tok[1:][~comma] - 1  # the character before each token but the first (and commas)
    kinds = code[1:][~comma]
    node = (kinds == _T) | (kinds == _P) | (kinds == _C)
    if not bool((buf[spaced] == np.where(node, 10, 32).astype(np.uint8)).all()):
        return False
    return not bool(((buf[tok] == 48) & (ends - tok > 1) & (code == _NUM)).any())


class _Scan:
    """One scan of the node text (ASCII bytes): tokens, layout, then the fields."""

    def __init__(
        self, data: bytes, at: int, text: str, pos: int, title: str, players: tuple[str, ...], comment: str
    ) -> None:
        self.data = data  # the file's bytes; the nodes from byte ``at`` on, character ``pos`` of ``text``
        self.at = at
        self.text = text
        self.shift = pos  # token positions count from the nodes' start; add this for ``text``
        self.buf = np.frombuffer(data, np.uint8)[at:]
        self.actions_as_written = False
        self.title = title
        self.players = players
        self.comment = comment

    # ------------------------------------------------------------------ tokens
    def tokens(self) -> bool:
        """Token starts, ends and one-character codes; False where the scan declines.

        The text is scanned in pieces of about :data:`_PIECE` bytes cut after a line
        end, so that the temporary arrays stay small (a string cut in two leaves an odd
        number of quotes in its piece, and the scan declines, as it declines a line end
        in a string anyway).
        """
        data, at = self.data, self.at
        size = len(data) - at
        # printable ASCII, spaces and line ends only (checked piece by piece); no escapes; no doubled spaces
        if size <= 0 or data.find(b"\\", at) >= 0 or data.find(b"  ", at) >= 0:
            return False
        wide = np.int32 if size < (1 << 31) - 1 else np.int64  # positions in the text
        parts: list[tuple[Any, Any, NDArray[np.uint8], Any]] = []
        start = count = 0
        self.as_written = True
        while start < size:
            stop = data.find(b"\n", at + start + _PIECE)
            stop = size if stop < 0 else stop + 1 - at
            part = _piece_tokens(self.buf[start:stop])
            if part is None:
                return False
            tok, ends, code, kinds, written = part
            parts.append((np.add(tok, start, dtype=wide), np.add(ends, start, dtype=wide), code, kinds + count))
            self.as_written = self.as_written and written
            start = stop
            count += len(tok)
        self.tok = np.concatenate([p[0] for p in parts])
        self.end = np.concatenate([p[1] for p in parts])
        self.code = np.concatenate([p[2] for p in parts])
        self.kpos = np.concatenate([p[3] for p in parts])
        return _LAYOUT.fullmatch(self.code.tobytes()) is not None

    def ints(self, toks: I64, digits: int = 9) -> I64 | None:
        """The whole numbers (at most ``digits`` digits) of word tokens ``toks``."""
        buf, start = self.buf, self.tok[toks]
        lens = self.end[toks] - start
        value = np.zeros(len(toks), np.int64)
        if not len(toks):
            return value
        if int(lens.max()) > digits:
            return None
        for j in range(int(lens.max())):
            m = lens > j
            d = buf[start[m] + j].astype(np.int64) - 48
            if bool(((d < 0) | (d > 9)).any()):
                return None
            value[m] = value[m] * 10 + d
        return value

    def strings(self, toks: I64) -> list[str]:
        """The texts of string tokens ``toks`` (no escapes: the scan refused backslashes)."""
        text, s = self.text, self.shift
        return [text[a:b] for a, b in zip((self.tok[toks] + (1 + s)).tolist(), (self.end[toks] + (s - 1)).tolist())]

    def between(self, lb: I64, rb: I64) -> list[str]:
        """The text strictly between tokens ``lb`` and ``rb`` (braces)."""
        text, s = self.text, self.shift
        return [text[a:b] for a, b in zip((self.tok[lb] + (1 + s)).tolist(), (self.tok[rb] + s).tolist())]

    # ------------------------------------------------------------------ nodes
    def run(self) -> EfgArrays | None:
        if not self.tokens():
            return None
        code = self.code
        ntok = len(code)
        kpos = self.kpos
        n = len(kpos)
        if n == 0:
            return None
        kind = code[kpos]
        inner = np.flatnonzero(kind != _T)
        is_p = kind[inner] == _P
        rbs = np.flatnonzero(code == _RB)
        lb = kpos[inner] + np.where(is_p, 5, 4)
        act_rb = rbs[np.searchsorted(rbs, lb)]
        arity = np.zeros(n, np.int64)
        arity[inner] = np.where(is_p, act_rb - lb - 1, (act_rb - lb - 1) // 2)
        # the tree: every node fills a slot, an inner node opens as many as its actions
        open_slots = 1 + np.cumsum(arity - 1)
        if int(open_slots[-1]) != 0 or (n > 1 and int(open_slots[:-1].min()) < 1):
            return None
        okey_tok = kpos + 2
        okey_tok[inner] = act_rb + 1
        okey = self.ints(okey_tok)
        if okey is None:
            return None
        following = np.append(kpos[1:], ntok)
        has_out = okey_tok + 1 < following
        if bool((has_out & (okey == 0)).any()):
            return None

        player = np.full(n, CHANCE, np.int64)
        p_nodes = inner[is_p]
        movers = self.ints(kpos[p_nodes] + 2)
        keys = self.ints(kpos[inner] + np.where(is_p, 3, 2))
        if movers is None or keys is None or (len(movers) and (movers.min() < 1 or movers.max() > len(self.players))):
            return None
        player[p_nodes] = movers - 1
        mover_of = player[inner]
        combined = (mover_of + 1) * (1 << 31) + keys
        uniq, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        by_use = np.argsort(first, kind="stable")  # sets in order of first appearance
        rank = np.empty(len(uniq), np.int64)
        rank[by_use] = np.arange(len(uniq))
        set_of = rank[inverse.reshape(-1)]
        heads = first[by_use]  # each set's first node, as a position in ``inner``
        set_player = mover_of[heads]
        if bool(((np.bincount(set_of, minlength=len(uniq)) > 1) & (set_player != CHANCE)).any()):
            return None  # a player's set of several nodes: the object reader checks those
        infoset = np.full(n, -1, np.int64)
        infoset[inner] = set_of

        node_labels: list[str] | None = None
        label_tok = kpos + 1
        if bool((self.end[label_tok] - self.tok[label_tok] != 2).any()):
            node_labels = self.strings(label_tok)
            if not _distinct(node_labels):
                return None
        sets = self.sets(inner[heads], is_p[heads], kpos, lb[heads], act_rb[heads], keys[heads], set_player)
        if sets is None or not self.repeats(inner, is_p, kpos, lb, act_rb, set_of, heads):
            return None
        set_labels, set_actions, set_action_text, set_probs = sets
        outs = self.outcomes(okey, okey_tok, has_out, rbs)
        if outs is None:
            return None
        outcome, strings, payoffs, outcomes_as_written = outs
        return EfgArrays(
            title=self.title,
            players=self.players,
            comment=self.comment,
            kind=kind,
            node_labels=node_labels,
            player=player,
            infoset=infoset,
            arity=arity,
            outcome=outcome,
            set_player=set_player,
            set_key=keys[heads],
            set_labels=set_labels,
            set_actions=set_actions,
            set_list=self.set_list,
            set_action_text=set_action_text,
            set_probs=set_probs,
            payoffs=payoffs,
            outcome_strings=strings,
            verbatim=self.verbatim(kind, keys, set_player, heads, outcomes_as_written),
        )

    def verbatim(
        self, kind: NDArray[np.uint8], keys: I64, set_player: I64, heads: I64, outcomes: bool
    ) -> memoryview | None:
        """The node lines as they are in the file, when the writer would write them so.

        That is: the writer's spacing (one space between tokens, none before a comma,
        one line end between nodes and after the last), whole numbers without leading
        zeros, each player's sets numbered 1, 2, ... in order of appearance and
        labelled, actions and outcomes as the writer writes them.
        """
        if not (outcomes and self.actions_as_written and self.as_written):
            return None
        order = np.argsort(set_player, kind="stable")
        ranked = set_player[order]
        number = np.empty(len(set_player), np.int64)
        number[order] = np.arange(len(set_player)) - np.searchsorted(ranked, ranked) + 1
        if not bool((keys[heads] == number).all()):
            return None
        inner = np.flatnonzero(kind != _T)[heads]
        is_p = kind[inner] == _P
        name_tok = self.kpos[inner] + np.where(is_p, 4, 3)
        if bool(((self.end[name_tok] - self.tok[name_tok] == 2) & is_p).any()):
            return None  # an unlabelled set, which the writer labels
        return memoryview(self.data)[self.at + int(self.tok[0]) :]

    def repeats(self, inner: I64, is_p: NDArray[np.bool_], kpos: I64, lb: I64, act_rb: I64, set_of: I64, heads: I64) -> bool:
        """Whether every later node of a (chance) set repeats its label and actions as written first."""
        later = np.ones(len(inner), bool)
        later[heads] = False
        again = np.flatnonzero(later)
        if not len(again):
            return True
        before = heads[set_of[again]]
        text = self.text[self.shift :]  # only for files with repeated chance sets
        for r, r0 in zip(again.tolist(), before.tolist()):
            name, name0 = kpos[inner[r]] + 3, kpos[inner[r0]] + 3  # chance: c "label" key "name"
            if text[self.tok[name] : self.end[name]] != text[self.tok[name0] : self.end[name0]]:
                return False
            if text[self.tok[lb[r]] : self.tok[act_rb[r]]] != text[self.tok[lb[r0]] : self.tok[act_rb[r0]]]:
                return False
        return True

    def sets(
        self, inner: I64, is_p: NDArray[np.bool_], kpos: I64, lb: I64, act_rb: I64, keys: I64, set_player: I64
    ) -> tuple[list[str], list[tuple[str, ...]], list[str], dict[int, tuple[Fraction, ...]]] | None:
        """Labels, actions, written action lists and chance probabilities of the sets."""
        name_tok = kpos[inner] + np.where(is_p, 4, 3)
        labels = self.strings(name_tok)
        unlabelled = (self.end[name_tok] - self.tok[name_tok] == 2) & is_p
        for h in np.flatnonzero(unlabelled).tolist():
            labels[h] = f"#{int(keys[h])}"  # as the object reader labels it
        if not _distinct(labels):  # then perhaps distinct within each player
            for who in np.unique(set_player).tolist():
                if not _distinct([labels[h] for h in np.flatnonzero(set_player == who).tolist()]):
                    return None
        movers = np.flatnonzero(is_p)
        bodies = self.between(lb[movers], act_rb[movers])
        table: dict[str, tuple[tuple[str, ...], str]] = {}
        self.actions_as_written = True  # every list of actions is written as the writer writes it
        for body in dict.fromkeys(bodies):
            acts = numbered_actions(body.split('"')[1::2])
            names = [a if a else f"#{k + 1}" for k, a in enumerate(acts)]
            if not _distinct(list(acts)) or len(set(names)) < len(names):
                return None
            table[body] = (acts, " ".join(f'"{a}"' for a in acts))
            self.actions_as_written = self.actions_as_written and body == f" {table[body][1]} "
        found = [table[body] for body in bodies]
        number = {body: k for k, body in enumerate(table)}  # each distinct list of actions
        self.set_list = np.full(len(labels), -1, np.int64)
        self.set_list[movers] = np.array([number[body] for body in bodies], dtype=np.int64)
        probs: dict[int, tuple[Fraction, ...]] = {}
        if len(movers) == len(labels):
            return labels, [f[0] for f in found], [f[1] for f in found], probs
        actions: list[tuple[str, ...]] = [()] * len(labels)
        written: list[str] = [""] * len(labels)
        for h, (acts, text) in zip(movers.tolist(), found):
            actions[h] = acts
            written[h] = text
        chance = np.flatnonzero(~is_p)
        for h, body in zip(chance.tolist(), self.between(lb[chance], act_rb[chance])):
            pairs = _CHANCE_PAIR.findall(body)
            try:
                values = tuple(parse_number(p) for _, p in pairs)
            except ValueError:
                return None
            if any(p < 0 for p in values) or sum(values, Fraction(0)) != 1:
                return None
            acts = numbered_actions([a for a, _ in pairs])
            if acts != tuple(a for a, _ in pairs) or not _distinct(list(acts)):
                return None
            probs[h] = values
            actions[h] = acts
            written[h] = " ".join(f'"{a}" {format_value(p)}' for a, p in zip(acts, values))
            self.actions_as_written = self.actions_as_written and body == f" {written[h]} "
        return labels, actions, written, probs

    def outcomes(
        self, okey: I64, okey_tok: I64, has_out: NDArray[np.bool_], rbs: I64
    ) -> tuple[I64, Callable[[], tuple[list[str], list[str]]], NDArray[Any], bool] | None:
        """Each node's outcome (in order of first use), the outcomes' labels and texts (made
        when asked for), payoffs, and whether the file writes every outcome as the writer does."""
        n = len(okey)
        outcome = np.full(n, -1, np.int64)
        used = np.flatnonzero(okey > 0)
        if not len(used):
            return outcome, lambda: ([], []), np.zeros((0, len(self.players)), np.int64), True
        keys, first, inverse = np.unique(okey[used], return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty(len(keys), np.int64)
        rank[order] = np.arange(len(keys))
        outcome[used] = rank[inverse.reshape(-1)]
        firsts = used[first[order]]  # the node where each outcome is first used, by outcome
        if not bool(has_out[firsts].all()):
            return None  # an outcome first used without its payoffs
        given = np.flatnonzero(has_out)
        pay_lb = okey_tok[given] + 2
        pay_rb = rbs[np.searchsorted(rbs, pay_lb)]
        code = self.code
        inside = pay_rb - pay_lb - 1  # the tokens between the braces of each list
        at = np.repeat(pay_lb + 1 - (np.cumsum(inside) - inside), inside) + np.arange(int(inside.sum()))
        nums = at[code[at] == _NUM]
        count = np.searchsorted(nums, pay_rb) - np.searchsorted(nums, pay_lb)
        nplayers = len(self.players)
        if bool((count != nplayers).any()):
            return None
        values, canonical = self.payoff_values(nums)
        if values is None:
            return None
        table = values.reshape(len(given), nplayers)
        where = np.empty(n, np.int64)
        where[given] = np.arange(len(given))
        row_of = where[firsts]
        # a repeated outcome must repeat its payoffs and label (or leave the label out)
        again = np.setdiff1d(given, firsts, assume_unique=True)
        same_labels = True
        if len(again):
            before = row_of[outcome[again]]
            if not bool((table[where[again]] == table[before]).all()):
                return None
            label_tok = okey_tok[given] + 1
            later, first_labels = self.strings(label_tok[where[again]]), self.strings(label_tok[before])
            if any(x and x != y for x, y in zip(later, first_labels)):
                return None
            same_labels = later == first_labels
        payoffs = table[row_of]
        kept = canonical and self.canonical_lists(pay_lb, pay_rb, nums)
        text, shift = self.text, self.shift
        label_at = self.tok[okey_tok[firsts] + 1] + (1 + shift)
        label_to = self.end[okey_tok[firsts] + 1] + (shift - 1)
        lists = np.searchsorted(given, firsts)
        pay_at, pay_to = self.tok[pay_lb[lists]] + (2 + shift), self.tok[pay_rb[lists]] + (shift - 1)

        def strings() -> tuple[list[str], list[str]]:
            labels = [text[a:b] for a, b in zip(label_at.tolist(), label_to.tolist())]
            if kept:
                return labels, [text[a:b] for a, b in zip(pay_at.tolist(), pay_to.tolist())]
            return labels, [", ".join(format_value(Fraction(x)) for x in row) for row in payoffs.tolist()]

        # the lines have the outcomes as the writer writes them: in full at every use,
        # numbered in order of first use, labels repeated, payoffs in the writer's form
        as_written = (
            kept
            and same_labels
            and bool((has_out == (okey > 0)).all())
            and bool((okey[used] == outcome[used] + 1).all())
        )
        return outcome, strings, payoffs, as_written

    def payoff_values(self, nums: I64) -> tuple[NDArray[Any] | None, bool]:
        """The payoffs of number tokens ``nums`` (int64 if whole), and whether all are written as the writer would."""
        buf, start, end = self.buf, self.tok[nums], self.end[nums]
        neg = buf[start] == 45
        digits = start + neg
        lens = end - digits
        whole = len(nums) == 0 or bool(lens.min() >= 1 and lens.max() <= _MAX_DIGITS)
        if whole:
            value = np.zeros(len(nums), np.int64)
            for j in range(int(lens.max()) if len(nums) else 0):
                m = lens > j
                d = buf[digits[m] + j].astype(np.int64) - 48
                if bool(((d < 0) | (d > 9)).any()):
                    whole = False
                    break
                value[m] = value[m] * 10 + d
        if whole:
            value = np.where(neg, -value, value)
            canonical = not bool(((lens > 1) & (buf[digits] == 48)).any()) and not bool((neg & (value == 0)).any())
            return value, canonical
        text, s = self.text, self.shift
        out = np.empty(len(nums), object)
        try:
            out[:] = [parse_number(text[a:b]) for a, b in zip((start + s).tolist(), (end + s).tolist())]
        except ValueError:
            return None, False
        return out, False

    def canonical_lists(self, pay_lb: I64, pay_rb: I64, nums: I64) -> bool:
        """Whether every payoff list reads ``{ a, b, c }`` exactly (so its text is kept)."""
        buf, tok, code = self.buf, self.tok, self.code
        first = np.searchsorted(nums, pay_lb)
        last = np.searchsorted(nums, pay_rb) - 1
        if not (bool((tok[nums[first]] == tok[pay_lb] + 2).all()) and bool((tok[pay_rb] == self.end[nums[last]] + 1).all())):
            return False
        if not (bool((buf[tok[pay_lb] + 1] == 32).all()) and bool((buf[tok[pay_rb] - 1] == 32).all())):
            return False
        commas = np.flatnonzero(code == _COMMA)
        # every comma right after a payoff, then one space, then the next payoff
        if len(commas) != len(nums) - len(pay_lb):
            return False
        if not len(commas):
            return True
        return (
            bool((tok[commas] == self.end[commas - 1]).all())
            and bool((code[commas + 1] == _NUM).all())
            and bool((tok[commas + 1] == tok[commas] + 2).all())
            and bool((buf[tok[commas] + 1] == 32).all())
        )


# ---------------------------------------------------------------------- writing
def efg_lines(game: EfgArrays) -> Iterator[str]:
    """The lines of the ``.efg`` file the object writer writes for the same game.

    That is ``generate_efg(parse_efg(text))`` for the text the arrays were scanned
    from (with ``gambit_labels`` on: the scan took only labels it leaves as they are).
    """
    for chunk in _line_chunks(game):
        yield from chunk


def _line_chunks(game: EfgArrays) -> Iterator[list[str]]:
    """The lines of :func:`efg_lines`, a list at a time: the header, then slices of nodes."""
    players = " ".join(f'"{_escape(p)}"' for p in game.players)
    head = [f'EFG 2 R "{_escape(_gambit_text(game.title))}" {{ {players} }}']
    comment = _gambit_text(game.comment)
    if comment:
        head.append(f'"{_escape(comment)}"')
    head.append("")
    yield head
    otext = [f'{k} "{label}" {{ {text} }}' for k, (label, text) in enumerate(zip(game.outcome_labels, game.outcome_text), 1)]
    otext.append("0")  # index -1: no outcome
    kind = game.kind
    # each player's (and chance's) sets numbered 1, 2, ... in order of appearance
    sp = game.set_player
    order = np.argsort(sp, kind="stable")
    ranked = sp[order]
    number = np.empty(len(sp), np.int64)
    number[order] = np.arange(len(sp)) - np.searchsorted(ranked, ranked) + 1
    heads = [
        f'{p + 1} {k} "{label}" {{ {acts} }}' if p != CHANCE else f'{k} "{label}" {{ {acts} }}'
        for p, k, label, acts in zip(sp.tolist(), number.tolist(), game.set_labels, game.set_action_text)
    ]
    letter = {_P: "p", _C: "c"}
    labels = game.node_labels
    for lo in range(0, game.size, _LINES):  # a slice of nodes at a time: small temporary lists
        hi = min(lo + _LINES, game.size)
        rows = zip(kind[lo:hi].tolist(), game.infoset[lo:hi].tolist(), game.outcome[lo:hi].tolist())
        if labels is None:
            yield [f't "" {otext[o]}' if k == _T else f'{letter[k]} "" {heads[h]} {otext[o]}' for k, h, o in rows]
        else:
            yield [
                f't "{x}" {otext[o]}' if k == _T else f'{letter[k]} "{x}" {heads[h]} {otext[o]}'
                for x, (k, h, o) in zip(labels[lo:hi], rows)
            ]


def write_efg_arrays(game: EfgArrays, path: str | os.PathLike[str]) -> None:
    """Write the arrays as an ``.efg`` file (UTF-8), as :func:`efg_lines` gives it."""
    chunks = _line_chunks(game)
    with open(path, "wb") as handle:
        if game.verbatim is not None:  # the header, then the node lines as they are
            head = next(chunks)
            head.append("")
            handle.write("\n".join(head).encode("utf-8"))
            handle.write(game.verbatim)
            return
        for chunk in chunks:
            chunk.append("")
            handle.write("\n".join(chunk).encode("utf-8"))
