"""Read ``.efg`` text: the header here, the nodes into a :class:`TreeBuilder`.

:func:`parse_efg` reads the header (title, players, comment), then the nodes: each by
one match of :data:`~gametoolkit.io.efg.tokens.FAST_NODE` as long as that takes them,
the rest token by token (:mod:`gametoolkit.io.efg.token_reader`).  Every node goes to a
:class:`~gametoolkit.core.builder.TreeBuilder`, which attaches it, looks its set and
outcome up by their numbers and records disagreements, worded by :class:`_EfgWording`
with the lines of the file; :meth:`~gametoolkit.core.builder.TreeBuilder.finish` then
validates the game.  The format's rules are in :mod:`gametoolkit.io.efg`.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Sequence
from fractions import Fraction

from ...core.builder import TreeBuilder, Wording, gc_paused
from ...core.game import CHANCE, Game
from ...core.values import Value, parse_number
from ...errors import StructureError
from .token_reader import NodeError, actions, read_tokens
from .tokens import CHANCE_PAIRS, FAST_NODE, STRING, STRING_BODIES, TOKEN, Tokens, Where, show, unescape, unquote

__all__ = ["parse_efg", "read_efg"]


class _Retry(Exception):
    """The fast reader declines a node; the token reader reads it again."""


def read_efg(path: str | os.PathLike[str]) -> Game:
    """Read a ``.efg`` file (UTF-8; a leading byte-order mark is ignored).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    Game
        The validated game.

    Raises
    ------
    ParseError
        Malformed text, with the file, line and column.
    ValidationError
        Broken rules of the game, each at ``file:line`` of its node.
    """
    from ..text import read_text

    text, source = read_text(path)
    return parse_efg(text, source)


def parse_efg(text: str, source: str = "<string>", *, fast: bool = True) -> Game:
    """Read a game from ``.efg`` text.

    Parameters
    ----------
    text : str
        The text of an ``.efg`` file.
    source : str, optional
        Its name in error messages.
    fast : bool, optional
        Read nodes by one regular expression each while it takes them (the default);
        ``False`` reads every node token by token (same result, slower; for tests).

    Returns
    -------
    Game
        The validated game.

    Raises
    ------
    ParseError
        Malformed text, with the source, line and column.
    ValidationError
        Broken rules of the game, each at ``source:line`` of its node.
    """
    with gc_paused():
        if text.startswith("\ufeff"):
            text = " " + text[1:]  # a byte-order mark: keep the columns as in the file
        where = Where(text, source)
        title, players, comment, pos = _header(text, where)
        reader = _Reader(text, where, title, players, comment)
        reader.header_at = text.find("{")  # where the players are listed
        return reader.read(pos, fast)


def _header(text: str, where: Where) -> tuple[str, list[str], str, int]:
    """Title, players, comment, and the offset where the nodes begin."""
    tokens = TOKEN.finditer(text)
    end = len(text.rstrip())  # errors at the end of the file point just after its last token

    def take(what: str) -> tuple[str, int]:
        m = next(tokens, None)
        if m is None:
            if end == 0:
                raise where.error(end, "empty file: expected an .efg header 'EFG 2 R \"title\" { \"player\" ... }'")
            raise where.error(end, f"the file ends in its header: expected {what}")
        tok = m.group()
        if tok[0] == '"' and STRING.fullmatch(tok) is None:
            raise where.error(m.start(), "unterminated string (no closing quote before the end of the file)")
        return tok, m.start()

    tok, at = take("'EFG'")
    if tok == "NFG":
        raise where.error(at, "a strategic-form (.nfg) game: gametoolkit reads extensive-form games ('EFG 2 R ...')")
    if tok != "EFG":
        raise where.error(at, f"not an .efg file: expected 'EFG' at the start, found {show(tok)}")
    tok, at = take("the version, 2")
    if tok != "2":
        raise where.error(at, f"unsupported .efg version {show(tok)} (expected 2)")
    tok, at = take("the number type 'R'")
    if tok not in ("R", "D"):
        raise where.error(at, f"expected the number type 'R' or 'D' after 'EFG 2', found {show(tok)}")
    tok, at = take("the game's title")
    if tok[0] != '"':
        raise where.error(at, f"expected the game's title as a quoted string, found {show(tok)}")
    title = unquote(tok)
    tok, at = take("'{' and the players")
    if tok != "{":
        raise where.error(at, f"expected '{{' opening the list of players, found {show(tok)}")
    players: list[str] = []
    tok, at = take("the players' names and '}'")
    while tok[0] == '"':
        players.append(unquote(tok))
        tok, at = take("the players' names and '}'")
    if tok != "}":
        raise where.error(at, f"expected a player's name in quotes or '}}' ending the list of players, found {show(tok)}")
    if not players:
        raise where.error(at, "the game has no players")
    m = next(tokens, None)  # the comment, if any
    if m is None:
        return title, players, "", len(text)
    tok = m.group()
    if tok[0] != '"':
        return title, players, "", m.start()
    if STRING.fullmatch(tok) is None:
        raise where.error(m.start(), "unterminated string (no closing quote before the end of the file)")
    return title, players, unquote(tok), m.end()


def _fmt(values: Sequence[Value]) -> str:
    return "(" + ", ".join(str(x) for x in values) + ")"


class _EfgWording(Wording):
    """The builder's problems in the file's terms: set and outcome numbers, and lines."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader

    def _set(self, b: TreeBuilder, h: int, key: Hashable) -> str:
        p = b.infoset_player(h)
        return f"information set {key} of {'chance' if p == CHANCE else repr(b.players[p])}"

    def unlabelled_set(self, player: int, key: Hashable) -> str:
        return "" if player == CHANCE else f"#{key}"

    def set_actions(self, b: TreeBuilder, h: int, key: Hashable, actions: Sequence[str], first: int) -> str:
        before = list(b.infoset_actions(h))
        return f"{self._set(b, h, key)} has actions {list(actions)} here but {before} at line {self.reader.line(first)}"

    def set_label(self, b: TreeBuilder, h: int, key: Hashable, label: str, first: int) -> str:
        before = b.infoset_label(h)
        return f"{self._set(b, h, key)} is labelled {label!r} here but {before!r} at line {self.reader.line(first)}"

    def set_probs(self, b: TreeBuilder, h: int, key: Hashable, probs: Sequence[Value], first: int) -> str:
        before = _fmt(b.infoset_probs(h) or ())
        return f"{self._set(b, h, key)} has probabilities {_fmt(probs)} here but {before} at line {self.reader.line(first)}"

    def outcome_payoffs(self, key: Hashable, payoffs: Sequence[Value], before: Sequence[Value], first: int) -> str:
        return f"outcome {key} has payoffs {_fmt(payoffs)} here but {_fmt(before)} at line {self.reader.line(first)}"

    def outcome_label(self, key: Hashable, label: str, before: str, first: int) -> str:
        return f"outcome {key} is labelled {label!r} here but {before!r} at line {self.reader.line(first)}"

    def set_without_actions(self, player: int, key: Hashable) -> str:
        who = "chance" if player == CHANCE else f"player {player + 1}"
        return (
            f"information set {key} of {who} appears for the first time without its actions "
            "(expected its label and '{' with the actions)"
        )

    def outcome_without_payoffs(self, key: Hashable) -> str:
        return f"outcome {key} appears for the first time without its payoffs (expected '{{')"

    def no_parent(self) -> str:
        return "extra node after the end of the tree (the tree is already complete)"


class _Reader:
    """The node lines, fed to a :class:`~gametoolkit.core.builder.TreeBuilder` in one pass.

    Nodes are read by one regular expression each (:data:`FAST_NODE`); from the first
    node it does not take on, the rest of the text is split into tokens and read token
    by token, which is slower, accepts every layout the format allows and reports
    errors at their token.
    """

    def __init__(self, text: str, where: Where, title: str, players: list[str], comment: str) -> None:
        self.text = text
        self.where = where
        self.nplayers = len(players)
        self.builder = TreeBuilder(players, title, comment, _EfgWording(self), children_by_set=True)
        self.numbers: dict[str, Fraction] = {}
        self.ints: dict[str, int] = {}
        # where each node starts: an offset in the text, or ~k for token k of self.tokens
        self.node_at: list[int] = []
        self.tokens: Tokens | None = None
        self.header_at = 0

    def offset(self, v: int) -> int:
        """Where node ``v`` starts in the text."""
        at = self.node_at[v]
        if at >= 0:
            return at
        assert self.tokens is not None
        return self.tokens.offset(~at)

    def line(self, v: int) -> int:
        """The line node ``v`` starts on."""
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
        """The nodes from ``pos`` on, then the validated game."""
        if fast:
            pos = self.read_fast(pos)
        if pos < len(self.text):
            read_tokens(self, pos)
        return self.finish()

    def add(
        self,
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
        """Give the next node to the builder; its start is already in ``node_at``.

        The fields are a node's as the file gives them: ``kind`` ``"t"``, ``"p"`` or
        ``"c"``, the node's ``label``, the mover (``CHANCE`` at chance) and the set's
        number ``key``, label ``name``, actions (repeated labels already numbered by
        :func:`actions`) and probabilities, the outcome's number ``okey`` (0: none),
        label and payoffs.  Raises :class:`NodeError` naming the part at fault.
        """
        b = self.builder
        if kind == "t":
            outcome = -1
            if okey:
                try:
                    outcome = b.outcome(okey, olabel, payoffs, b.size)
                except StructureError as err:
                    raise NodeError(str(err), "outcome") from None
            try:
                b.add_terminal(label, outcome)
            except StructureError as err:
                raise NodeError(str(err), "node") from None
            return
        if mover >= self.nplayers:
            raise NodeError(f"player number {mover + 1} out of range (the game has {self.nplayers} player(s))", "player")
        try:
            v = b.add_move(mover, key, label, name, acts, probs)
        except StructureError as err:
            raise NodeError(str(err), "node") from None
        if okey:
            try:
                b.set_outcome(v, b.outcome(okey, olabel, payoffs, v))
            except StructureError as err:
                raise NodeError(str(err), "outcome") from None

    def read_fast(self, pos: int) -> int:
        """Read nodes from ``pos`` by one match of :data:`FAST_NODE` each, as long as it takes them.

        Returns the offset where the token reader must go on (the text's length when
        done).  One function, not split per node, and :meth:`add` inlined, for speed: a
        call per node counts on a million nodes.
        """
        text, numbers, value, node_at, nplayers = self.text, self.numbers, self.value, self.node_at, self.nplayers
        b = self.builder
        add_terminal, add_move, outcome_of, set_outcome = b.add_terminal, b.add_move, b.outcome, b.set_outcome
        size = len(text)
        while pos < size and text[pos].isspace():
            pos += 1
        action_lists: dict[str, tuple[str, ...]] = {}  # text of an action list -> its labels
        payoff_lists: dict[str, tuple[Fraction, ...]] = {}  # text of a payoff list -> the payoffs
        match = FAST_NODE.match
        m = match(text, pos)
        while m is not None:
            try:
                (k_t, label, k_p, label_p, player_text, key_text, name, acts_text, k_c, label_c, ckey_text,
                 cname, pairs_text, okey_text, olabel, payoffs_text) = m.groups()
                kind = k_t or k_p or k_c
                acts = probs = payoffs = None
                if kind == "t":
                    mover, key, name = CHANCE, 0, ""
                elif kind == "p":
                    label = label_p
                    mover = int(player_text) - 1
                    if mover < 0:
                        raise _Retry
                    key = int(key_text)
                    if acts_text is not None:
                        acts = action_lists.get(acts_text)
                        if acts is None:
                            if "\\" in acts_text:
                                listed = [unescape(a) for a in STRING_BODIES.findall(acts_text)]
                            else:
                                listed = acts_text.split('"')[1::2]
                            acts = action_lists[acts_text] = actions(listed)
                else:
                    label, mover, key, name = label_c, CHANCE, int(ckey_text), cname
                    if pairs_text is not None:
                        found = CHANCE_PAIRS.findall(pairs_text)
                        acts = actions([unescape(a) for a, _ in found])
                        probs = tuple([numbers[p] if p in numbers else value(p) for _, p in found])
                if label is None:
                    label = ""
                elif "\\" in label:
                    label = unescape(label)
                if name is None:
                    name = ""
                elif "\\" in name:
                    name = unescape(name)
                okey = int(okey_text)
                if okey == 0:
                    if olabel is not None or payoffs_text is not None:
                        raise _Retry
                    olabel = ""
                else:
                    if olabel is None:
                        olabel = ""
                    elif "\\" in olabel:
                        olabel = unescape(olabel)
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
            part = 14  # the group to point at should the builder refuse: as add() does, inlined
            try:
                if kind == "t":
                    outcome = outcome_of(okey, olabel, payoffs, len(node_at) - 1) if okey else -1
                    part = 0
                    add_terminal(label, outcome)
                else:
                    if mover >= nplayers:
                        part = 5
                        raise StructureError(f"player number {mover + 1} out of range (the game has {nplayers} player(s))")
                    part = 0
                    v = add_move(mover, key, label, name, acts, probs)
                    if okey:
                        part = 14
                        set_outcome(v, outcome_of(okey, olabel, payoffs, v))
            except StructureError as err:
                raise self.where.error(m.start(part), str(err)) from None
            pos = m.end()
            m = match(text, pos)
        return pos

    def finish(self) -> Game:
        """The validated game, once the nodes are read; an incomplete tree is a parse error."""
        b, where = self.builder, self.where
        end = len(self.text.rstrip())
        if b.size == 0:
            raise where.error(end, "the file has no nodes (expected 'c', 'p' or 't' lines after the header)")
        waiting = b.waiting()
        if waiting is not None:
            node, need = waiting
            raise where.error(
                end,
                f"the file ends before the tree is complete: the node at line {self.line(node)} still needs "
                f"{need} more child node(s)",
            )
        source = where.source
        header = f"{source}:{where.line_col(self.header_at)[0]}"  # problems of the game as a whole

        def locate(v: int) -> str:
            return header if v < 0 else f"{source}:{self.line(v)}"

        return b.finish(source=source, locate=locate, by_node=True)
