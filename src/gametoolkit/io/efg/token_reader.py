"""Read ``.efg`` nodes token by token: every layout the format allows, errors at their token.

The fast reader (:meth:`gametoolkit.io.efg.read._Reader.read_fast`) hands over at the
first node its pattern does not take; from there :func:`read_tokens` splits the rest
of the text into tokens and reads node after node, pointing every error at the token
at fault.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

from ...core.game import CHANCE, unique_labels
from ...errors import GameToolkitError, ParseError
from .tokens import END, MAX_INT_DIGITS, STRING, Tokens, Where, show, unquote

__all__ = ["NodeError", "NodeSink", "actions", "read_tokens"]


class NodeError(GameToolkitError):
    """A problem with a node, raised where the token that causes it is not known."""

    def __init__(self, message: str, part: str) -> None:
        super().__init__(message)
        self.message = message
        self.part = part  # "node", "player" or "outcome": where to point


def actions(labels: list[str]) -> tuple[str, ...]:
    """Action labels as read: a label repeated in one list is numbered (``a``, ``a (2)``).

    Parameters
    ----------
    labels : list of str
        A set's action labels as the file lists them.

    Returns
    -------
    tuple of str
        The labels, repeated ones numbered.
    """
    if len(labels) > 1 and (labels[0] == labels[1] if len(labels) == 2 else len(set(labels)) < len(labels)):
        labels = unique_labels(labels)
    return tuple(labels)


class NodeSink(Protocol):
    """What the token reader needs of the reader it feeds (the ``.efg`` reader of :mod:`gametoolkit.io.efg.read`)."""

    text: str
    where: Where
    numbers: dict[str, Fraction]
    ints: dict[str, int]
    node_at: list[int]
    tokens: Tokens | None

    def value(self, tok: str) -> Fraction: ...

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
    ) -> None: ...


def read_tokens(reader: NodeSink, pos: int) -> None:
    """Read the nodes from ``pos`` on, token by token, into ``reader``.

    Parameters
    ----------
    reader : NodeSink
        The reader, whose ``add`` takes each node.
    pos : int
        The offset in the text where the nodes to read begin.

    Raises
    ------
    ParseError
        At the token at fault.
    """
    tokens = reader.tokens = Tokens(reader.text, pos)
    _TokenReader(reader, tokens).read()


class _TokenReader:
    """The tokens of the nodes, read one node at a time."""

    def __init__(self, reader: NodeSink, tokens: Tokens) -> None:
        self.reader = reader
        self.tokens = tokens
        self.toks = tokens.toks
        self.n = tokens.n

    def error(self, k: int, message: str) -> ParseError:
        return self.reader.where.error(self.tokens.offset(k), message)

    def number(self, k: int) -> Fraction:
        tok = self.toks[k]
        if tok == END or tok[0] in '"{},':
            raise self.error(k, f"expected a number, found {show(tok)}")
        x = self.reader.numbers.get(tok)
        if x is not None:
            return x
        try:
            return self.reader.value(tok)
        except ValueError as err:
            raise self.error(k, f"bad number: {err}") from None

    def integer(self, k: int, what: str) -> int:
        tok = self.toks[k]
        ints = self.reader.ints
        x = ints.get(tok)
        if x is not None:
            return x
        if not (tok.isdigit() and tok.isascii()):
            raise self.error(k, f"expected {what} (a whole number), found {show(tok)}")
        if len(tok) > MAX_INT_DIGITS:
            raise self.error(k, f"{what} {tok[:20]}... is too large (at most {MAX_INT_DIGITS} digits)")
        x = ints[tok] = int(tok)
        return x

    def label(self, i: int) -> tuple[str, int]:
        """The quoted label at token ``i`` if there is one (else ``""``), and the next token."""
        if self.toks[i][0] == '"':
            return unquote(self.toks[i]), i + 1
        return "", i

    def read(self) -> None:
        toks, n = self.toks, self.n
        if n and toks[-1][0] == '"' and STRING.fullmatch(toks[-1]) is None:
            raise self.error(n - 1, "unterminated string (no closing quote before the end of the file)")
        toks.extend([END] * 6)  # looking a few tokens past the end never fails
        i = 0
        while i < n:
            i = self.node(i)

    def node(self, start: int) -> int:
        """Read the node at token ``start``; the token after it."""
        toks = self.toks
        kind = toks[start]
        if kind != "t" and kind != "p" and kind != "c":
            raise self.error(start, f"expected a node ('c', 'p' or 't'), found {show(kind)}")
        label, i = self.label(start + 1)
        mover = CHANCE
        key = 0
        name = ""
        acts: tuple[str, ...] | None = None
        probs: tuple[Fraction, ...] | None = None
        player_at = i
        if kind != "t":
            if kind == "p":
                mover = self.integer(i, "a player number") - 1
                if mover < 0:
                    raise self.error(i, "player number 0 out of range (players are numbered from 1)")
                i += 1
            key = self.integer(i, "an information set number")
            name, i = self.label(i + 1)
            if toks[i] == "{":
                acts, probs, i = self.actions(i + 1, kind == "c")
        outcome_at = i
        okey = self.integer(i, "an outcome number")
        i += 1
        olabel = ""
        payoffs: tuple[Fraction, ...] | None = None
        if okey:
            olabel, i = self.label(i)
            if toks[i] == "{":
                payoffs, i = self.payoffs(i + 1)
        self.reader.node_at.append(~start)
        try:
            self.reader.add(kind, label, mover, key, name, acts, probs, okey, olabel, payoffs)
        except NodeError as err:
            at = {"node": start, "player": player_at, "outcome": outcome_at}[err.part]
            raise self.error(at, err.message) from None
        return i

    def actions(self, i: int, chance: bool) -> tuple[tuple[str, ...], tuple[Fraction, ...] | None, int]:
        """The actions (and probabilities at chance) from token ``i``, just after ``{``; the token after ``}``."""
        toks = self.toks
        acts: list[str] = []
        probs: list[Fraction] = []
        if chance:
            while toks[i][0] == '"':
                acts.append(unquote(toks[i]))
                probs.append(self.number(i + 1))
                i += 2
            what = "an action label in quotes followed by its probability"
        else:
            while toks[i][0] == '"':
                acts.append(unquote(toks[i]))
                i += 1
            what = "an action label in quotes"
        if toks[i] != "}":
            raise self.error(i, f"expected {what}, or '}}' ending the actions, found {show(toks[i])}")
        if not acts:
            raise self.error(i, "a move needs at least one action (the list '{ }' is empty)")
        return actions(acts), tuple(probs) if chance else None, i + 1

    def payoffs(self, i: int) -> tuple[tuple[Fraction, ...], int]:
        """The payoffs from token ``i``, just after ``{``; the token after ``}``."""
        toks = self.toks
        payoffs: list[Fraction] = []
        while toks[i] != "}":
            payoffs.append(self.number(i))
            i += 1
            if toks[i] == ",":
                i += 1
        return tuple(payoffs), i + 1
