"""Read and write Gambit's extensive-form ``.efg`` text format.

Reading
-------
:func:`parse_efg` (text) and :func:`read_efg` (a file, UTF-8) return a validated
:class:`~gametoolkit.core.game.Game`.  The reader is lenient where the format is and exact
everywhere else:

* the header is ``EFG 2 R "title" { "P1" "P2" ... }`` (``D`` instead of ``R`` is read
  the same way: every number is read exactly anyway), then an optional comment string;
* node lines ``c`` (chance), ``p`` (player) and ``t`` (terminal) follow in prefix
  order, laid out freely (line breaks and spaces are only separators).  Node labels,
  information-set labels and outcome labels may be left out; a repeated
  information-set number may leave out its label and actions (and probabilities), a
  repeated outcome number its label and payoffs; whatever is repeated must agree;
  outcomes may sit at inner nodes;
* numbers are integers, rationals (``1/3``) or decimals (``0.25``, ``-1.5e2``), all
  read exactly by :func:`~gametoolkit.core.values.parse_number`; payoffs are separated by
  whitespace and/or single commas;
* in strings ``\\"`` stands for ``"`` and ``\\\\`` for one backslash; a backslash before any
  other character is kept as it is (``\\wedge`` stays ``\\wedge``, as Gambit reads it);
* a player's information set that has no label at its first node is labelled ``#k``,
  ``k`` being its number in the file (chance sets keep an empty label);
* an action label repeated within one set (Gambit allows it; this toolkit names
  actions by their labels) is numbered like a duplicate below: ``1/2``, ``1/2 (2)``.

Every malformed file raises :class:`~gametoolkit.errors.ParseError` with the file, line
and column; every broken rule of the game (probabilities that do not sum to one,
nodes of one set that disagree on their actions, payoff vectors of the wrong length,
an information set met twice on one play, ...) raises
:class:`~gametoolkit.errors.ValidationError` listing all of them, each prefixed with
``file:line`` of its node.

Speed: each node is taken by one match of one regular expression; from the first node
that expression does not take (an unusual layout, or a mistake) on, the rest of the text
is split into tokens and read token by token, which accepts every layout and points at
the token at fault.  Lines and columns are worked out only when an error is reported;
the game's arrays are built in one pass, and nothing recurses, so a chain 100,000
levels deep reads like any other file.

Writing
-------
:func:`generate_efg` yields the lines of a file, :func:`format_efg` returns the whole
text and :func:`write_efg` writes it.  Nodes come in prefix order; each player's
information sets are numbered 1, 2, ... in order of appearance (chance's likewise);
outcome ``k`` of ``Game.outcomes`` is number ``k + 1``.  The label and the actions (and
chance probabilities) of a set, and the label and payoffs of an outcome, are written
at every node that carries them (pygambit wants the payoffs each time).  Numbers are
exact fractions (``3/10``, ``-2``); the comment line is written only when there is a
comment.  A game with unbound parameters is refused.

``parse_efg(format_efg(g, gambit_labels=False)) == g`` for every game whose player
information sets have non-empty labels and whose outcomes are all used, listed in
order of first use: every game the DSL and this reader make.

Labels for Gambit (``gambit_labels=True``, the default)
-------------------------------------------------------
pygambit 16.7 is stricter than the format.  Found by experiment, it *refuses* a file
unless

1. every player name and every node, information-set, action and outcome label is
   empty or printable ASCII without leading, trailing or doubled spaces;
2. non-empty node labels are distinct in the game;
3. non-empty information-set labels are distinct for each player (chance included);
4. no player is called ``Chance``;
5. no backslash comes before another backslash or a quote, or ends a string
   (pygambit reads ``\\\\`` as three backslashes and does not end a string at ``\\\\"``).

It cannot return a title or comment that is not ASCII (it reads them, then fails on
access).  It reads but renames, on its own side, empty or repeated outcome labels
(``_1``; ``win_1``, ``win_2``), empty or repeated action labels of a set and empty or
repeated player names; those are written as they are.  With ``gambit_labels=True``
labels are changed, deterministically, only where a demand above bites:

a. *Characters.*  Unicode is decomposed (NFKD) and combining marks are dropped (``é``
   becomes ``e``); ``¬ ∧ ∨ ≤ ≥ ≠ − – — ‘ ’ “ ”`` become ``~ & | <= >= != - - - ' ' " "``;
   other whitespace becomes a space and any other character outside printable ASCII
   becomes ``_``; runs of spaces shrink to one; leading and trailing spaces go.  Then a
   backslash before a backslash or a quote, or at the end, becomes ``/``.  This holds
   for every label and player name; the title and the comment get only the Unicode
   and backslash steps (their line breaks stay).
b. *Duplicates.*  Within each namespace (the node labels; the set labels of each
   player and of chance; the action labels of each set; the player names, with
   ``Chance`` taken by chance) members are taken in order (prefix order of nodes, the
   order in which sets are numbered, action and player order).  The first member with
   a given non-empty label keeps it; each later one gets the smallest suffix `` (k)``,
   ``k >= 2``, that no member of the namespace has.  Repeated action labels and
   player names break no pygambit rule but this toolkit's own; they can only arise
   from step (a).  Outcome labels are not in a namespace.
c. *A player's information set without a label* is labelled ``#k``, ``k`` its number
   in the file written: the label this reader would give it anyway, so that writing
   what was read changes nothing.

A label invented in (b) or (c) never displaces one that was there before.  A game
whose labels already meet the demands (every game of the DSL, for one) is written
exactly as without ``gambit_labels``, so its round trip is exact; and a second pass
changes nothing.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import fields
from fractions import Fraction
from itertools import islice
from types import MemberDescriptorType
from typing import TypeVar

from ..core.builder import gc_paused
from ..core.game import CHANCE, Game, InfoSet, Node, Outcome, unique_labels
from ..core.validate import describe, located_problems
from ..core.values import Value, format_value, parse_number
from ..errors import GameToolkitError, ParseError, ValidationError

__all__ = ["format_efg", "generate_efg", "parse_efg", "read_efg", "write_efg"]

# ---------------------------------------------------------------------- tokens

#: One token: a quoted string (escapes inside), a brace, a comma, a bare word, or an
#: unterminated string (which swallows the rest of the text and is always last).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{},]|[^\s{}",]+|"[\s\S]*', re.DOTALL)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_ESCAPE = re.compile(r'\\([\\"])')
_STRING_BODIES = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
_CHANCE_PAIRS = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*([^\s{},"]+)', re.DOTALL)

#: Stands for the end of the text in the token list; the tokenizer never yields it.
_END = "\n"

#: Integers (player, set and outcome numbers) longer than this are refused.
_MAX_INT_DIGITS = 9


def _fast_node_pattern() -> re.Pattern[str]:
    """One whole node, as most files write it, in one match.

    It accepts exactly what the token reader accepts, or less: whatever it does not
    match (or matches with a value that fails) is read again by the token reader,
    which also gives the precise error.  Quantifiers are possessive, so a failing
    match never backtracks.
    """
    string = r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"'
    end = r'(?![^\s{}",])'  # a bare word ends here
    integer = rf"([0-9]{{1,{_MAX_INT_DIGITS}}}){end}"
    label = rf"(?:{string}\s*+)?+"
    actions = r'\{((?:\s*+"[^"\\]*+(?:\\.[^"\\]*+)*+")++)\s*+\}\s*+'
    pairs = r'\{((?:\s*+"[^"\\]*+(?:\\.[^"\\]*+)*+"\s*+[^\s{},"]++)++)\s*+\}\s*+'
    payoffs = r'\{((?:\s*+[^\s{},"]++\s*+,?+)*+)\s*+\}'
    return re.compile(
        rf"(?:(t){end}\s*+{label}"  # 1 kind, 2 label
        rf"|(p){end}\s*+{label}{integer}\s*+{integer}\s*+{label}(?:{actions})?+"  # 3 4 5 player 6 set 7 name 8 actions
        rf"|(c){end}\s*+{label}{integer}\s*+{label}(?:{pairs})?+)"  # 9 10 11 set 12 name 13 pairs
        rf"{integer}\s*+(?:{string}\s*+)?+(?:{payoffs}\s*+)?+",  # 14 outcome 15 label 16 payoffs
        re.DOTALL,
    )


_FAST_NODE = _fast_node_pattern()


class _Where:
    """Lines and columns of offsets in the text, worked out only when needed."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._newlines: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._newlines, offset - 1)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def error(self, offset: int, message: str) -> ParseError:
        line, column = self.line_col(offset)
        return ParseError(message, self.source, line, column)


class _Tokens:
    """The tokens of the text from an offset on, and their offsets when asked."""

    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.base = base
        self.toks: list[str] = _TOKEN.findall(text, base)
        self.n = len(self.toks)
        self._starts: list[int] | None = None

    def offset(self, k: int) -> int:
        if k >= self.n:
            return len(self.text.rstrip())  # the end of the file: just after its last token
        if self._starts is None:
            self._starts = [m.start() for m in _TOKEN.finditer(self.text, self.base)]
        return self._starts[k]


def _show(tok: str) -> str:
    """A token as an error message quotes it."""
    if tok == _END:
        return "the end of the file"
    if len(tok) > 40:
        tok = tok[:37] + "..."
    return repr(tok)


def _unquote(tok: str) -> str:
    body = tok[1:-1]
    if "\\" in body:
        return _ESCAPE.sub(r"\1", body)
    return body


def _unescape(body: str) -> str:
    return _ESCAPE.sub(r"\1", body) if "\\" in body else body


class _NodeError(Exception):
    """A problem with a node, raised where the token that causes it is not known."""

    def __init__(self, message: str, part: str) -> None:
        super().__init__(message)
        self.message = message
        self.part = part  # "node", "player" or "outcome": where to point


class _Retry(Exception):
    """The fast reader declines a node; the token reader reads it again."""


# ---------------------------------------------------------------------- reading


def read_efg(path: str | os.PathLike[str]) -> Game:
    """Read a ``.efg`` file (UTF-8; a leading byte-order mark is ignored)."""
    from .text import read_text

    text, source = read_text(path)
    return parse_efg(text, source)


def parse_efg(text: str, source: str = "<string>") -> Game:
    """Read a game from ``.efg`` text; ``source`` names it in error messages."""
    with gc_paused():
        return _parse(text, source, fast=True)


def _parse(text: str, source: str, fast: bool) -> Game:
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # a byte-order mark: keep the columns as in the file
    where = _Where(text, source)
    title, players, comment, pos = _header(text, where)
    reader = _Reader(text, where, title, players, comment)
    reader.header_at = text.find("{")  # where the players are listed
    return reader.read(pos, fast)


def _header(text: str, where: _Where) -> tuple[str, list[str], str, int]:
    """Title, players, comment, and the offset where the nodes begin."""
    tokens = _TOKEN.finditer(text)
    end = len(text.rstrip())  # errors at the end of the file point just after its last token

    def take(what: str) -> tuple[str, int]:
        m = next(tokens, None)
        if m is None:
            if end == 0:
                raise where.error(end, "empty file: expected an .efg header 'EFG 2 R \"title\" { \"player\" ... }'")
            raise where.error(end, f"the file ends in its header: expected {what}")
        tok = m.group()
        if tok[0] == '"' and _STRING.fullmatch(tok) is None:
            raise where.error(m.start(), "unterminated string (no closing quote before the end of the file)")
        return tok, m.start()

    tok, at = take("'EFG'")
    if tok == "NFG":
        raise where.error(at, "a strategic-form (.nfg) game: gametoolkit reads extensive-form games ('EFG 2 R ...')")
    if tok != "EFG":
        raise where.error(at, f"not an .efg file: expected 'EFG' at the start, found {_show(tok)}")
    tok, at = take("the version, 2")
    if tok != "2":
        raise where.error(at, f"unsupported .efg version {_show(tok)} (expected 2)")
    tok, at = take("the number type 'R'")
    if tok not in ("R", "D"):
        raise where.error(at, f"expected the number type 'R' or 'D' after 'EFG 2', found {_show(tok)}")
    tok, at = take("the game's title")
    if tok[0] != '"':
        raise where.error(at, f"expected the game's title as a quoted string, found {_show(tok)}")
    title = _unquote(tok)
    tok, at = take("'{' and the players")
    if tok != "{":
        raise where.error(at, f"expected '{{' opening the list of players, found {_show(tok)}")
    players: list[str] = []
    tok, at = take("the players' names and '}'")
    while tok[0] == '"':
        players.append(_unquote(tok))
        tok, at = take("the players' names and '}'")
    if tok != "}":
        raise where.error(at, f"expected a player's name in quotes or '}}' ending the list of players, found {_show(tok)}")
    if not players:
        raise where.error(at, "the game has no players")
    comment = ""
    m = next(tokens, None)
    if m is None:
        return title, players, comment, len(text)
    tok = m.group()
    if tok[0] != '"':
        return title, players, comment, m.start()
    if _STRING.fullmatch(tok) is None:
        raise where.error(m.start(), "unterminated string (no closing quote before the end of the file)")
    comment = _unquote(tok)
    return title, players, comment, m.end()


class _Reader:
    """The node lines: builds the game's arrays directly, in one pass.

    This does what :class:`~gametoolkit.core.builder.TreeBuilder` does (nodes attached in
    prefix order to the first node still waiting for children; sets and outcomes
    looked up by their numbers; disagreements recorded as problems), inlined for
    speed: the builder's per-node method calls alone cost more than the time allowed
    for reading a large file.  The game's rules are then checked by
    :func:`gametoolkit.core.validate.located_problems`, as the builder's ``finish`` does.

    Nodes are read by one regular expression each (:data:`_FAST_NODE`); from the first
    node it does not take on, the rest of the text is split into tokens and read token
    by token, which is slower, accepts every layout the format allows and reports
    errors at their token.
    """

    def __init__(self, text: str, where: _Where, title: str, players: list[str], comment: str) -> None:
        self.text = text
        self.where = where
        self.title = title
        self.players = players
        self.comment = comment
        self.numbers: dict[str, Fraction] = {}
        self.ints: dict[str, int] = {}
        # where each node starts: an offset in the text, or ~k for token k of self.tokens
        self.node_at: list[int] = []
        self.tokens: _Tokens | None = None
        self.header_at = 0

    def offset(self, v: int) -> int:
        at = self.node_at[v]
        if at >= 0:
            return at
        assert self.tokens is not None
        return self.tokens.offset(~at)

    def line(self, v: int) -> int:
        return self.where.line_col(self.offset(v))[0]

    def value(self, tok: str) -> Fraction:
        """The number a token stands for (ValueError if none), remembered."""
        if len(tok) < 19 and tok.isascii() and (tok.isdigit() or (tok[0] == "-" and tok[1:].isdigit())):
            value = Fraction(int(tok))  # the common case, read as parse_number reads it
        else:
            value = parse_number(tok)
        self.numbers[tok] = value
        return value

    def read(self, pos: int, fast: bool) -> Game:
        text = self.text
        players = self.players
        nplayers = len(players)
        numbers = self.numbers
        value = self.value
        node_at = self.node_at
        line = self.line
        problems: list[tuple[int, str]] = []

        kinds: list[str] = []
        labels: list[str] = []
        parents: list[int] = []
        actions_in: list[int] = []  # index of the action leading to each node
        depths: list[int] = []
        movers: list[int] = []
        infoset_of: list[int] = []
        children: list[list[int] | tuple[()]] = []
        outcome_of: list[int] = []
        open_nodes: list[int] = []  # nodes still waiting for children, innermost last
        open_left: list[int] = []  # how many children each of them still needs

        # information sets: per player (chance last, at index -1) number -> index
        set_index: list[dict[int, int]] = [{} for _ in range(nplayers + 1)]
        set_player: list[int] = []
        set_label: list[str] = []
        set_actions: list[tuple[str, ...]] = []
        set_probs: list[tuple[Fraction, ...] | None] = []
        set_nodes: list[list[int]] = []
        set_number: list[int] = []
        # outcomes: number in the file -> index
        outcome_index: dict[int, int] = {}
        outcome_labels: list[str] = []
        outcome_payoffs: list[tuple[Fraction, ...]] = []
        outcome_first: list[int] = []
        no_children: tuple[()] = ()

        def set_name(h: int) -> str:
            p = set_player[h]
            return f"information set {set_number[h]} of {'chance' if p == CHANCE else repr(players[p])}"

        def add(
            kind: str,
            label: str,
            mover: int,
            key: int,
            name: str,
            acts: tuple[str, ...] | None,
            probs: tuple[Fraction, ...] | None,
            okey: int,
            olabel: str,
            payoffs: tuple[Fraction, ...] | None,
        ) -> None:
            """Append the next node; its start is already in ``node_at``.

            ``acts`` come with repeated labels already numbered (:func:`_actions`).
            """
            node = len(kinds)
            if kind == "t":
                h = -1
            else:
                if mover >= nplayers:
                    raise _NodeError(f"player number {mover + 1} out of range (the game has {nplayers} player(s))", "player")
                table = set_index[mover]
                known = table.get(key)
                if known is None:
                    if acts is None:
                        who = "chance" if mover == CHANCE else f"player {mover + 1}"
                        raise _NodeError(
                            f"information set {key} of {who} appears for the first time without its actions "
                            "(expected its label and '{' with the actions)",
                            "node",
                        )
                    h = table[key] = len(set_player)
                    set_player.append(mover)
                    set_label.append(name if name or mover == CHANCE else f"#{key}")
                    set_actions.append(acts)
                    set_probs.append(probs)
                    set_nodes.append([node])
                    set_number.append(key)
                else:
                    h = known
                    first = set_nodes[h][0]
                    set_nodes[h].append(node)
                    if acts is not None and acts != set_actions[h]:
                        problems.append(
                            (node, f"{set_name(h)} has actions {list(acts)} here but {list(set_actions[h])} "
                             f"at line {line(first)}")
                        )
                    if name and name != set_label[h]:
                        if set_label[h]:
                            problems.append(
                                (node, f"{set_name(h)} is labelled {name!r} here but {set_label[h]!r} at line {line(first)}")
                            )
                        else:
                            set_label[h] = name
                    if probs is not None and probs != set_probs[h]:
                        problems.append(
                            (node, f"{set_name(h)} has probabilities {_fmt(probs)} here but "
                             f"{_fmt(set_probs[h] or ())} at line {line(first)}")
                        )

            if okey == 0:
                outcome = -1
            else:
                known = outcome_index.get(okey)
                if known is None:
                    if payoffs is None:
                        raise _NodeError(
                            f"outcome {okey} appears for the first time without its payoffs (expected '{{')", "outcome"
                        )
                    outcome = outcome_index[okey] = len(outcome_payoffs)
                    outcome_labels.append(olabel)
                    outcome_payoffs.append(payoffs)
                    outcome_first.append(node)
                else:
                    outcome = known
                    old = outcome_payoffs[known]
                    if payoffs is not None and payoffs != old:
                        problems.append(
                            (node, f"outcome {okey} has payoffs {_fmt(payoffs)} here but {_fmt(old)} "
                             f"at line {line(outcome_first[known])}")
                        )
                    if olabel and olabel != outcome_labels[known]:
                        if outcome_labels[known]:
                            problems.append(
                                (node, f"outcome {okey} is labelled {olabel!r} here but {outcome_labels[known]!r} "
                                 f"at line {line(outcome_first[known])}")
                            )
                        else:
                            outcome_labels[known] = olabel

            if node:
                if not open_nodes:
                    raise _NodeError("extra node after the end of the tree (the tree is already complete)", "node")
                parent = open_nodes[-1]
                siblings = children[parent]
                actions_in.append(len(siblings))
                siblings.append(node)  # type: ignore[union-attr]
                parents.append(parent)
                depths.append(depths[parent] + 1)
                left = open_left[-1] - 1
                if left:
                    open_left[-1] = left
                else:
                    open_nodes.pop()
                    open_left.pop()
            else:
                parents.append(-1)
                actions_in.append(-1)
                depths.append(0)
            kinds.append(kind)
            labels.append(label)
            movers.append(mover)
            infoset_of.append(h)
            outcome_of.append(outcome)
            if h < 0:
                children.append(no_children)
            else:
                children.append([])
                open_nodes.append(node)
                open_left.append(len(set_actions[h]))

        # ------------------------------------------------------------ fast: a node a match
        size = len(text)
        while fast and pos < size and text[pos].isspace():
            pos += 1
        match = _FAST_NODE.match
        action_lists: dict[str, tuple[str, ...]] = {}  # text of an action list -> its labels
        payoff_lists: dict[str, tuple[Fraction, ...]] = {}  # text of a payoff list -> the payoffs
        m = match(text, pos) if fast else None
        while m is not None:
            try:
                (k_t, label, k_p, label_p, player_text, key_text, name, acts_text, k_c, label_c, ckey_text,
                 cname, pairs_text, okey_text, olabel, payoffs_text) = m.groups()
                kind = k_t or k_p or k_c
                if kind == "t":
                    mover, key, name, acts, probs = CHANCE, 0, "", None, None
                elif kind == "p":
                    label = label_p
                    mover = int(player_text) - 1
                    if mover < 0:
                        raise _Retry
                    key = int(key_text)
                    acts = None
                    probs = None
                    if acts_text is not None:
                        acts = action_lists.get(acts_text)
                        if acts is None:
                            if "\\" in acts_text:
                                listed = [_unescape(a) for a in _STRING_BODIES.findall(acts_text)]
                            else:
                                listed = acts_text.split('"')[1::2]
                            acts = action_lists[acts_text] = _actions(listed)
                else:
                    label = label_c
                    mover = CHANCE
                    key = int(ckey_text)
                    name = cname
                    acts = None
                    probs = None
                    if pairs_text is not None:
                        found = _CHANCE_PAIRS.findall(pairs_text)
                        acts = _actions([_unescape(a) for a, _ in found])
                        probs = tuple([numbers[p] if p in numbers else value(p) for _, p in found])
                if label is None:
                    label = ""
                elif "\\" in label:
                    label = _unescape(label)
                if name is None:
                    name = ""
                elif "\\" in name:
                    name = _unescape(name)
                okey = int(okey_text)
                payoffs = None
                if okey == 0:
                    if olabel is not None or payoffs_text is not None:
                        raise _Retry
                    olabel = ""
                else:
                    if olabel is None:
                        olabel = ""
                    elif "\\" in olabel:
                        olabel = _unescape(olabel)
                    if payoffs_text is not None:
                        payoffs = payoff_lists.get(payoffs_text)
                        if payoffs is None:
                            listed_payoffs = []
                            for tok in payoffs_text.replace(",", " ").split():
                                x = numbers.get(tok)
                                listed_payoffs.append(x if x is not None else value(tok))
                            payoffs = payoff_lists[payoffs_text] = tuple(listed_payoffs)
                after = m.end()
                if after < size and text[after] not in "cpt":
                    raise _Retry  # something the pattern did not take follows: a mistake
            except (_Retry, ValueError):
                break  # the token reader reads this node again and explains
            node_at.append(m.start())
            try:
                add(kind, label, mover, key, name, acts, probs, okey, olabel, payoffs)
            except _NodeError as err:
                group = {"node": 0, "player": 5, "outcome": 14}[err.part]
                raise self.where.error(m.start(group), err.message) from None
            pos = m.end()
            m = match(text, pos)

        # ------------------------------------------------------------ the rest, token by token
        if pos < size:
            self.read_tokens(pos, add)

        node = len(kinds)
        where = self.where
        if node == 0:
            raise where.error(len(text.rstrip()), "the file has no nodes (expected 'c', 'p' or 't' lines after the header)")
        if open_nodes:
            raise where.error(
                len(text.rstrip()),
                f"the file ends before the tree is complete: the node at line {line(open_nodes[-1])} still needs "
                f"{open_left[-1]} more child node(s)",
            )

        names = {"t": "terminal", "p": "decision", "c": "chance"}
        nodes = _instances(
            Node,
            node,
            [
                range(node),
                [names[k] for k in kinds],
                labels,
                parents,
                actions_in,
                depths,
                movers,
                infoset_of,
                list(map(tuple, children)),
                outcome_of,
            ],
        )
        infosets = _instances(
            InfoSet,
            len(set_player),
            [range(len(set_player)), set_player, set_label, set_actions, list(map(tuple, set_nodes)), set_probs],
        )
        outcomes = _instances(Outcome, len(outcome_labels), [outcome_labels, outcome_payoffs])
        game = Game(self.title, tuple(players), nodes, infosets, outcomes, self.comment)
        found = problems + located_problems(game)
        if found:
            source = where.source
            found.sort(key=lambda p: p[0])

            def locate(v: int) -> str:
                return f"{source}:{line(v)}"

            header = f"{source}:{where.line_col(self.header_at)[0]}"  # problems of the game as a whole
            raise ValidationError(
                [describe(game, v, message, locate) if v >= 0 else f"{header}: {message}" for v, message in found]
            )
        return game

    def read_tokens(self, pos: int, add: Callable[..., None]) -> None:
        """Read the nodes from ``pos`` on, token by token."""
        tokens = self.tokens = _Tokens(self.text, pos)
        toks, n = tokens.toks, tokens.n
        where = self.where

        def error(k: int, message: str) -> ParseError:
            return where.error(tokens.offset(k), message)

        if n and toks[-1][0] == '"' and _STRING.fullmatch(toks[-1]) is None:
            raise error(n - 1, "unterminated string (no closing quote before the end of the file)")
        toks.extend([_END] * 6)  # looking a few tokens past the end never fails
        numbers, ints, node_at = self.numbers, self.ints, self.node_at

        def number(k: int) -> Fraction:
            tok = toks[k]
            if tok == _END or tok[0] in '"{},':
                raise error(k, f"expected a number, found {_show(tok)}")
            x = numbers.get(tok)
            if x is not None:
                return x
            try:
                return self.value(tok)
            except ValueError as err:
                raise error(k, f"bad number: {err}") from None

        def integer(k: int, what: str) -> int:
            tok = toks[k]
            x = ints.get(tok)
            if x is not None:
                return x
            if not (tok.isdigit() and tok.isascii()):
                raise error(k, f"expected {what} (a whole number), found {_show(tok)}")
            if len(tok) > _MAX_INT_DIGITS:
                raise error(k, f"{what} {tok[:20]}... is too large (at most {_MAX_INT_DIGITS} digits)")
            x = ints[tok] = int(tok)
            return x

        def string(k: int) -> str:
            return _unquote(toks[k])

        i = 0
        while i < n:
            start = i
            kind = toks[i]
            if kind != "t" and kind != "p" and kind != "c":
                raise error(i, f"expected a node ('c', 'p' or 't'), found {_show(kind)}")
            i += 1
            label = ""
            if toks[i][0] == '"':
                label = string(i)
                i += 1
            mover = CHANCE
            key = 0
            name = ""
            acts: list[str] | None = None
            probs: list[Fraction] | None = None
            player_at = i
            if kind != "t":
                if kind == "p":
                    mover = integer(i, "a player number") - 1
                    if mover < 0:
                        raise error(i, "player number 0 out of range (players are numbered from 1)")
                    i += 1
                key = integer(i, "an information set number")
                i += 1
                if toks[i][0] == '"':
                    name = string(i)
                    i += 1
                if toks[i] == "{":
                    i += 1
                    acts = []
                    if kind == "c":
                        probs = []
                        while toks[i][0] == '"':
                            acts.append(string(i))
                            probs.append(number(i + 1))
                            i += 2
                        what = "an action label in quotes followed by its probability"
                    else:
                        while toks[i][0] == '"':
                            acts.append(string(i))
                            i += 1
                        what = "an action label in quotes"
                    if toks[i] != "}":
                        raise error(i, f"expected {what}, or '}}' ending the actions, found {_show(toks[i])}")
                    if not acts:
                        raise error(i, "a move needs at least one action (the list '{ }' is empty)")
                    i += 1
            outcome_at = i
            okey = integer(i, "an outcome number")
            i += 1
            olabel = ""
            payoffs: list[Fraction] | None = None
            if okey:
                if toks[i][0] == '"':
                    olabel = string(i)
                    i += 1
                if toks[i] == "{":
                    i += 1
                    payoffs = []
                    while toks[i] != "}":
                        payoffs.append(number(i))
                        i += 1
                        if toks[i] == ",":
                            i += 1
                    i += 1
            node_at.append(~start)
            try:
                add(
                    kind,
                    label,
                    mover,
                    key,
                    name,
                    None if acts is None else _actions(acts),
                    None if probs is None else tuple(probs),
                    okey,
                    olabel,
                    None if payoffs is None else tuple(payoffs),
                )
            except _NodeError as err:
                at = {"node": start, "player": player_at, "outcome": outcome_at}[err.part]
                raise error(at, err.message) from None


T = TypeVar("T")


def _instances(cls: type[T], count: int, columns: Sequence[Iterable[object]]) -> tuple[T, ...]:
    """``count`` instances of a frozen dataclass with slots, row ``k`` of ``columns``
    (one per field, in order) giving instance ``k``'s fields.

    The slots are filled column by column through their descriptors: the objects are
    the ones ``cls(*row)`` makes (no ``__post_init__`` is skipped: such classes are
    made the ordinary way), in half the time, which counts for a million nodes.
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
    return "(" + ", ".join(str(x) for x in values) + ")"


# ---------------------------------------------------------------------- writing


def _escape(text: str) -> str:
    """Text between quotes: ``"`` becomes ``\\"``; a backslash is doubled only where
    it would otherwise escape (before a backslash or a quote, or at the end)."""
    if "\\" in text:
        text = _RISKY_BACKSLASH.sub(r"\\\\", text)
    if '"' in text:
        text = text.replace('"', '\\"')
    return text


#: A backslash that a reader would take for an escape: before ``\\`` or ``"``, or last.
_RISKY_BACKSLASH = re.compile(r'\\(?=[\\"]|\Z)')

_ASCII_FOR = {
    "¬": "~",
    "∧": "&",
    "∨": "|",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "−": "-",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}
#: pygambit's name for chance, which no player may take.
_CHANCE_NAME = "Chance"
_LABEL_OK = re.compile(r"(?:[!-~]+(?: [!-~]+)*)?")
_SPACES = re.compile(r" {2,}")


def _ascii(text: str, whitespace_to_space: bool) -> str:
    """Step (a) of the label rule, less the spacing: ASCII for every character."""
    if text.isascii() and not (whitespace_to_space and not text.isprintable()):
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isascii():
            if whitespace_to_space and not ch.isprintable():
                out.append(" ")
            else:
                out.append(ch)
        elif unicodedata.combining(ch):
            continue
        elif ch in _ASCII_FOR:
            out.append(_ASCII_FOR[ch])
        elif whitespace_to_space and ch.isspace():
            out.append(" ")
        else:
            out.append("_")
    return "".join(out)


def _gambit_label(label: str) -> str:
    """Step (a) of the rule for labels and player names (see the module docstring)."""
    if _LABEL_OK.fullmatch(label) and "\\" not in label:
        return label
    text = _ascii(label, True)
    text = _SPACES.sub(" ", text).strip(" ")
    if "\\" in text:
        text = _RISKY_BACKSLASH.sub("/", text)
    return text


_ALL_FINE = re.compile(r"(?:[!-~]+(?: [!-~]+)*)?(?:\n(?:[!-~]+(?: [!-~]+)*)?)*")


def _all_fine(labels: Collection[str]) -> bool:
    """Whether step (a) would leave every one of ``labels`` as it is (one regex for all)."""
    joined = "\n".join(labels)
    return "\\" not in joined and joined.count("\n") == len(labels) - 1 and bool(_ALL_FINE.fullmatch(joined))


def _gambit_text(text: str) -> str:
    """Step (a) for the title and the comment: ASCII, no risky backslash."""
    text = _ascii(text, False)
    if "\\" in text:
        text = _RISKY_BACKSLASH.sub("/", text)
    return text


def _actions(labels: list[str]) -> tuple[str, ...]:
    """Action labels as read: a label repeated in one list is numbered (``a``, ``a (2)``)."""
    if len(labels) > 1 and (labels[0] == labels[1] if len(labels) == 2 else len(set(labels)) < len(labels)):
        labels = unique_labels(labels)
    return tuple(labels)


def _numbered(i: int) -> str:
    """The label invented for an empty one: ``#k``, ``k`` its number counted from 1."""
    return f"#{i + 1}"


class _Names:
    """The labels to write: the game's own, or made acceptable to pygambit."""

    def __init__(self, game: Game, gambit: bool) -> None:
        self.title = game.title
        self.comment = game.comment
        self.players: list[str] = list(game.players)
        self.nodes: Sequence[str] | None = None  # None: the nodes' own labels
        self.infosets: list[str] = [h.label for h in game.infosets]
        self.actions: list[tuple[str, ...]] = [h.actions for h in game.infosets]
        self.outcomes: list[str] = [o.label for o in game.outcomes]
        if gambit:
            self._for_gambit(game)

    def _for_gambit(self, game: Game) -> None:
        fixed: dict[str, str] = {}  # each distinct label, cleaned once

        def fix(label: str) -> str:
            new = fixed.get(label)
            if new is None:
                new = fixed[label] = _gambit_label(label)
            return new

        self.title = _gambit_text(self.title)
        self.comment = _gambit_text(self.comment)
        # "Chance" comes first, so that no player takes pygambit's name for chance
        self.players = unique_labels([_CHANCE_NAME, *(fix(p) for p in self.players)])[1:]
        node_labels = [v.label for v in game.nodes]
        distinct = set(node_labels)
        labelled = len(node_labels) - node_labels.count("")
        if not _all_fine(distinct) or labelled > len(distinct) - ("" in distinct):
            self.nodes = unique_labels([fix(x) for x in node_labels])
        if not _all_fine(self.infosets):
            self.infosets = [fix(x) for x in self.infosets]
        by_player: dict[int, list[int]] = {}
        for iset in game.infosets:
            by_player.setdefault(iset.player, []).append(iset.index)
        first = [iset.nodes[0] if iset.nodes else -1 for iset in game.infosets]
        for player, members in by_player.items():
            members.sort(key=first.__getitem__)  # in the order they are numbered
            # a player's set left unlabelled would be read back as "#k", k its number
            renamed = unique_labels([self.infosets[k] for k in members], None if player == CHANCE else _numbered)
            for k, label in zip(members, renamed):
                self.infosets[k] = label
        lists: dict[tuple[str, ...], tuple[str, ...]] = {}  # each distinct list of actions, done once
        for k, acts in enumerate(self.actions):
            new_acts = lists.get(acts)
            if new_acts is None:
                new_acts = lists[acts] = tuple(unique_labels([fix(a) for a in acts]))
            self.actions[k] = new_acts
        if not _all_fine(self.outcomes):
            self.outcomes = [fix(x) for x in self.outcomes]


def generate_efg(game: Game, gambit_labels: bool = True) -> Iterator[str]:
    """The lines of an ``.efg`` file for ``game`` (without line ends).

    With ``gambit_labels`` (the default) labels are changed where pygambit 16.7 would
    refuse them, by the rule in this module's docstring; without, they are written
    as they are.  Raises :class:`GameToolkitError` when parameters are unbound.
    """
    if game.parameters:
        names = ", ".join(sorted(game.parameters))
        raise GameToolkitError(
            f"bind the parameters ({names}) first: an .efg file holds numbers only (e.g. game.bind(p=...))"
        )
    return _lines(game, _Names(game, gambit_labels))


def _lines(game: Game, names: _Names) -> Iterator[str]:
    esc = _escape
    players = " ".join(f'"{esc(p)}"' for p in names.players)
    yield f'EFG 2 R "{esc(names.title)}" {{ {players} }}'
    if names.comment:
        yield f'"{esc(names.comment)}"'
    yield ""

    outcome_text = [
        f'{k} "{esc(label)}" {{ {", ".join(map(format_value, o.payoffs))} }}'
        for k, label, o in zip(range(1, len(game.outcomes) + 1), names.outcomes, game.outcomes)
    ]
    outcome_text.append("0")  # index -1: no outcome
    iset_text: list[str | None] = [None] * len(game.infosets)
    counters: dict[int, int] = {}
    label_cache: dict[str, str] = {"": ""}
    action_text: dict[tuple[str, ...], str] = {}
    node_labels = names.nodes
    infosets = game.infosets

    for v in game.nodes:
        label = v.label if node_labels is None else node_labels[v.index]
        quoted = label_cache.get(label)
        if quoted is None:
            quoted = label_cache[label] = esc(label)
        h = v.infoset
        if h < 0:
            yield f't "{quoted}" {outcome_text[v.outcome]}'
            continue
        text = iset_text[h]
        if text is None:
            iset = infosets[h]
            number = counters.get(iset.player, 0) + 1
            counters[iset.player] = number
            acts = names.actions[h]
            if iset.probs is None:
                listed = action_text.get(acts)
                if listed is None:
                    listed = action_text[acts] = " ".join(f'"{esc(a)}"' for a in acts)
            else:
                listed = " ".join(f'"{esc(a)}" {format_value(p)}' for a, p in zip(acts, iset.probs))
            text = iset_text[h] = f'{number} "{esc(names.infosets[h])}" {{ {listed} }}'
        if v.kind == "chance":
            yield f'c "{quoted}" {text} {outcome_text[v.outcome]}'
        else:
            yield f'p "{quoted}" {v.player + 1} {text} {outcome_text[v.outcome]}'


def format_efg(game: Game, gambit_labels: bool = True) -> str:
    """The whole ``.efg`` text for ``game``, ending with a newline."""
    lines = generate_efg(game, gambit_labels)
    with gc_paused():
        return "\n".join(lines) + "\n"


def write_efg(game: Game, path: str | os.PathLike[str], gambit_labels: bool = True) -> None:
    """Write ``game`` to ``path`` as an ``.efg`` file (UTF-8)."""
    lines = generate_efg(game, gambit_labels)  # refuses unbound parameters before opening
    with gc_paused(), open(path, "w", encoding="utf-8", newline="\n") as handle:
        while chunk := list(islice(lines, 4096)):
            chunk.append("")
            handle.write("\n".join(chunk))

