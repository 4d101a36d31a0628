"""Read and write Gambit's extensive-form ``.efg`` text format.

Reading
-------
:func:`parse_efg` (text) and :func:`read_efg` (a file) return a validated
:class:`~gametoolkit.game.Game`.  The reader is lenient where the format is and exact
everywhere else:

* the header is ``EFG 2 R "title" { "P1" "P2" ... }`` (``D`` instead of ``R`` is read
  the same way: every number is read exactly anyway), then an optional comment string;
* node lines ``c`` (chance), ``p`` (player) and ``t`` (terminal) in prefix order.  Node
  labels, information-set labels and outcome labels may be left out; a repeated
  information-set number may leave out its label and actions (and probabilities), a
  repeated outcome number its payoffs; what is repeated must agree;
* numbers are integers, rationals (``1/3``) or decimals (``0.25``, ``-1.5e2``), all
  read exactly; payoffs are separated by whitespace and/or single commas;
* in strings ``\\"`` stands for ``"`` and ``\\\\`` for one backslash; a backslash before any
  other character is kept as it is (``\\wedge`` stays ``\\wedge``, as Gambit reads it);
* a player's information set whose label the file leaves empty is labelled ``#k``,
  ``k`` being its number in the file (chance sets keep an empty label).

Every malformed file raises :class:`~gametoolkit.errors.ParseError` with the file, line
and column; every broken rule of the game (probabilities that do not sum to one,
nodes of one set that disagree on their actions, payoff vectors of the wrong length,
...) raises :class:`~gametoolkit.errors.ValidationError` listing all of them, each
prefixed with ``file:line`` of its node.

The whole text is split into tokens by one regular expression; positions are worked
out only when an error is reported.  Nothing recurses, so a chain 100,000 levels deep
reads like any other file.

Writing
-------
:func:`generate_efg` yields the lines of a file, :func:`format_efg` returns the whole
text and :func:`write_efg` writes it.  Nodes come in prefix order; each player's
information sets are numbered 1, 2, ... in order of appearance (chance's likewise);
outcome ``k`` of ``Game.outcomes`` is number ``k + 1``.  The label and the actions (and
chance probabilities) of a set, and the label and payoffs of an outcome, are written
at every node that carries them, since pygambit wants the payoffs each time.  Numbers
are written as exact fractions (``3/10``, ``-2``).  A game with unbound parameters is
refused.

``parse_efg(format_efg(g, gambit_labels=False)) == g`` for every game whose player
information sets all have non-empty labels and whose outcomes are all used, listed in
order of first use (every game the DSL and this reader make).

Labels for Gambit (``gambit_labels=True``, the default)
-------------------------------------------------------
pygambit 16.7 refuses files the format allows.  Found by experiment, it demands that

1. every player name and every node, information-set, action and outcome label is
   either empty or printable ASCII without leading, trailing or doubled spaces;
2. non-empty node labels are unique in the game;
3. non-empty information-set labels are unique per player (chance counting as one);
4. the title and the comment are ASCII (pygambit reads others but cannot return them);
5. no backslash comes before another backslash or a quote, or ends a string: pygambit
   reads ``\\\\`` as three backslashes and does not end a string at ``\\\\"``.

It accepts repeated and empty outcome labels, repeated action labels, repeated player
names and empty labels of every kind.  With ``gambit_labels=True`` the writer changes
only what breaks these demands, deterministically:

a. *Characters* (every label and name): Unicode is decomposed (NFKD) and combining
   marks dropped (``é`` becomes ``e``); ``¬ ∧ ∨ ≤ ≥ ≠ − – — ‘ ’ “ ”`` become
   ``~ & | <= >= != - - - ' ' " "``; other whitespace becomes a space and any other
   character outside printable ASCII becomes ``_``; runs of spaces shrink to one and
   leading and trailing spaces go.  Then a backslash followed by a backslash or a
   quote, or ending the label, becomes ``/``.  Title and comment get only the Unicode
   and backslash steps (their whitespace and line breaks stay).
b. *Duplicates*: within each namespace (all node labels; the set labels of each player
   and of chance; the action labels of each set; the player names) the members are
   taken in order (prefix order of nodes, order of first appearance of sets, action
   and player order).  The first member carrying a non-empty label keeps it; each
   later one carrying the same label gets the smallest suffix `` (k)``, ``k >= 2``,
   that no label of the namespace (original or already given) has.  Duplicate
   action labels and player names break no pygambit rule but this toolkit's own, and
   can only arise here from step (a).

Outcome labels are cleaned by (a) only.  Labels that already meet the demands are
never touched, so the round trip is exact for such games, and a second pass changes
nothing (the rule is idempotent).
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from fractions import Fraction

from ..builder import StructureError, TreeBuilder
from ..errors import GameToolkitError, ParseError
from ..game import CHANCE, Game
from ..numbers import Value, parse_number

__all__ = ["parse_efg", "read_efg", "generate_efg", "format_efg", "write_efg"]

# ---------------------------------------------------------------------- tokens

#: One token: a quoted string (escapes inside), a brace, a comma, a bare word, or an
#: unterminated string (which swallows the rest of the text and is always last).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{},]|[^\s{}",]+|"[\s\S]*', re.DOTALL)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_ESCAPE = re.compile(r'\\([\\"])')

#: Stands for the end of the text in the token list; the tokenizer never yields it.
_END = "\n"

#: Integers (player, set and outcome numbers) longer than this are refused.
_MAX_INT_DIGITS = 9


class _Where:
    """Turns token indices into lines and columns, computed only when needed."""

    def __init__(self, text: str, source: str, ntokens: int) -> None:
        self.text = text
        self.source = source
        self.ntokens = ntokens
        self._starts: list[int] | None = None
        self._newlines: list[int] | None = None

    def offset(self, k: int) -> int:
        if k >= self.ntokens:
            return len(self.text)
        if self._starts is None:
            self._starts = [m.start() for m in _TOKEN.finditer(self.text)]
        return self._starts[k]

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._newlines, offset - 1)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def line(self, k: int) -> int:
        return self.line_col(self.offset(k))[0]

    def error(self, k: int, message: str) -> ParseError:
        line, column = self.line_col(self.offset(k))
        return ParseError(message, self.source, line, column)


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


# ---------------------------------------------------------------------- reading


def read_efg(path: str | os.PathLike[str]) -> Game:
    """Read a ``.efg`` file (UTF-8, a leading byte-order mark is ignored)."""
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise ParseError(f"cannot read the file: {err.strerror or err}", source) from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.start
        line = data.count(b"\n", 0, bad) + 1
        line_start = data.rfind(b"\n", 0, bad) + 1
        column = len(data[line_start:bad].decode("utf-8", "replace")) + 1
        raise ParseError(
            f"not UTF-8 text: byte 0x{data[bad]:02x} (byte offset {bad}) cannot be decoded", source, line, column
        ) from None
    return parse_efg(text, source)


def parse_efg(text: str, source: str = "<string>") -> Game:
    """Read a game from ``.efg`` text; ``source`` names it in error messages."""
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keep columns as they are in the file
    toks: list[str] = _TOKEN.findall(text)
    n = len(toks)
    where = _Where(text, source, n)
    if n and toks[-1][0] == '"' and _STRING.fullmatch(toks[-1]) is None:
        raise where.error(n - 1, "unterminated string (no closing quote before the end of the file)")
    toks.extend([_END] * 6)  # lookahead past the end never fails

    # ------------------------------------------------------------ header
    if n == 0:
        raise where.error(0, "empty file: expected an .efg header 'EFG 2 R \"title\" { \"player\" ... }'")
    if toks[0] != "EFG":
        raise where.error(0, f"not an .efg file: expected 'EFG' at the start, found {_show(toks[0])}")
    if toks[1] != "2":
        raise where.error(1, f"unsupported .efg version {_show(toks[1])} (expected 2)")
    if toks[2] not in ("R", "D"):
        raise where.error(2, f"expected the number type 'R' or 'D' after 'EFG 2', found {_show(toks[2])}")
    if toks[3][0] != '"':
        raise where.error(3, f"expected the game's title as a quoted string, found {_show(toks[3])}")
    title = _unquote(toks[3])
    if toks[4] != "{":
        raise where.error(4, f"expected '{{' opening the list of players, found {_show(toks[4])}")
    i = 5
    players: list[str] = []
    while toks[i][0] == '"':
        players.append(_unquote(toks[i]))
        i += 1
    if toks[i] != "}":
        raise where.error(i, f"expected a player's name in quotes or '}}' closing the list of players, found {_show(toks[i])}")
    i += 1
    comment = ""
    if toks[i][0] == '"':
        comment = _unquote(toks[i])
        i += 1
    nplayers = len(players)
    if nplayers == 0:
        raise where.error(4, "the game has no players")

    builder = TreeBuilder(players, title=title, comment=comment)
    node_tok: list[int] = []  # token index where each node starts
    seen_sets: list[set[int]] = [set() for _ in players]  # each player's set numbers so far
    numbers: dict[str, Fraction] = {}  # number tokens read so far
    add_move = builder.add_move
    add_terminal = builder.add_terminal
    add_outcome = builder.outcome

    def number(k: int) -> Fraction:
        tok = toks[k]
        if tok == _END or tok[0] in '"{},':
            raise where.error(k, f"expected a number, found {_show(tok)}")
        if len(tok) < 19 and tok.isascii() and (tok.isdigit() or (tok[0] == "-" and tok[1:].isdigit())):
            value = Fraction(int(tok))  # the common case, as parse_number would read it
        else:
            try:
                value = parse_number(tok)
            except ValueError as err:
                raise where.error(k, f"bad number: {err}") from None
        numbers[tok] = value
        return value

    def integer(k: int, what: str) -> int:
        tok = toks[k]
        if not (tok.isdigit() and tok.isascii()):
            raise where.error(k, f"expected {what} (a whole number), found {_show(tok)}")
        if len(tok) > _MAX_INT_DIGITS:
            raise where.error(k, f"{what} {tok[:20]}... is too large")
        return int(tok)

    ints: dict[str, int] = {}  # whole-number tokens read so far

    start = i
    node = 0
    kind = ""
    actions: list[str] | None = None
    try:
        while i < n:
            start = i
            kind = toks[i]
            if kind != "p" and kind != "t" and kind != "c":
                raise where.error(start, f"expected a node ('c', 'p' or 't'), found {_show(kind)}")
            i += 1
            tok = toks[i]
            label = ""
            if tok[0] == '"':
                label = tok[1:-1]
                if "\\" in label:
                    label = _unquote(tok)
                i += 1
                tok = toks[i]
            if kind == "t":
                pass
            elif kind == "p":
                player = ints.get(tok) or integer(i, "a player number")
                ints[tok] = player
                if not 0 < player <= nplayers:
                    raise where.error(i, f"player number {player} out of range (the game has {nplayers} player(s))")
                i += 1
                tok = toks[i]
                key = ints.get(tok, -1)
                if key < 0:
                    key = ints[tok] = integer(i, "an information set number")
                i += 1
                tok = toks[i]
                iset_label = ""
                if tok[0] == '"':
                    iset_label = tok[1:-1]
                    if "\\" in iset_label:
                        iset_label = _unquote(tok)
                    i += 1
                    tok = toks[i]
                actions = None
                if tok == "{":
                    actions = []
                    i += 1
                    tok = toks[i]
                    while tok[0] == '"':
                        a = tok[1:-1]
                        actions.append(_unquote(tok) if "\\" in a else a)
                        i += 1
                        tok = toks[i]
                    if tok != "}":
                        raise where.error(i, f"expected an action label in quotes or '}}', found {_show(tok)}")
                    if not actions:
                        raise where.error(i - 1, "a move needs at least one action ('{ }' is empty)")
                    if len(actions) > 1 and len(set(actions)) < len(actions):
                        actions = _unique(actions)
                    i += 1
            elif kind == "c":
                key = ints.get(tok, -1)
                if key < 0:
                    key = ints[tok] = integer(i, "an information set number")
                i += 1
                tok = toks[i]
                iset_label = ""
                if tok[0] == '"':
                    iset_label = tok[1:-1]
                    if "\\" in iset_label:
                        iset_label = _unquote(tok)
                    i += 1
                    tok = toks[i]
                actions = None
                probs: list[Value] | None = None
                if tok == "{":
                    actions = []
                    probs = []
                    i += 1
                    tok = toks[i]
                    while tok[0] == '"':
                        a = tok[1:-1]
                        actions.append(_unquote(tok) if "\\" in a else a)
                        i += 1
                        p = numbers.get(toks[i])
                        probs.append(p if p is not None else number(i))
                        i += 1
                        tok = toks[i]
                    if tok != "}":
                        raise where.error(
                            i, f"expected an action label in quotes followed by its probability, or '}}', found {_show(tok)}"
                        )
                    if not actions:
                        raise where.error(i - 1, "a move needs at least one action ('{ }' is empty)")
                    if len(actions) > 1 and len(set(actions)) < len(actions):
                        actions = _unique(actions)
                    i += 1

            # ---------------------------------------------------- the outcome
            tok = toks[i]
            okey = ints.get(tok, -1)
            if okey < 0:
                okey = ints[tok] = integer(i, "an outcome number")
            i += 1
            if okey == 0:
                outcome = -1
            else:
                tok = toks[i]
                olabel = ""
                if tok[0] == '"':
                    olabel = tok[1:-1]
                    if "\\" in olabel:
                        olabel = _unquote(tok)
                    i += 1
                    tok = toks[i]
                payoffs: list[Value] | None = None
                if tok == "{":
                    payoffs = []
                    i += 1
                    tok = toks[i]
                    while tok != "}":
                        x = numbers.get(tok)
                        payoffs.append(x if x is not None else number(i))
                        i += 1
                        tok = toks[i]
                        if tok == ",":
                            i += 1
                            tok = toks[i]
                    i += 1
                try:
                    outcome = add_outcome(okey, olabel, payoffs, node)
                except StructureError:
                    raise where.error(
                        i - 1, f"outcome {okey} is used before its payoffs are given (expected '{{' and its payoffs)"
                    ) from None

            # ---------------------------------------------------- the node
            node_tok.append(start)
            if kind == "t":
                add_terminal(label, outcome)
            elif kind == "p":
                known = seen_sets[player - 1]
                if key not in known:
                    known.add(key)
                    if not iset_label:
                        iset_label = f"#{key}"
                add_move(player - 1, key, label, iset_label or None, actions, None, outcome)
            else:
                add_move(CHANCE, key, label, iset_label or None, actions, probs, outcome)
            node += 1
    except StructureError as err:
        if builder.complete:
            raise where.error(start, "extra node after the end of the tree (the tree is already complete)") from None
        if actions is None:
            who = "chance" if kind == "c" else f"player {player}"
            raise where.error(
                start, f"information set {key} of {who} appears for the first time without its actions"
            ) from None
        raise where.error(start, str(err)) from None

    if node == 0:
        raise where.error(n, "the file has no nodes (expected 'c', 'p' or 't' lines after the header)")
    if not builder.complete:
        raise where.error(n, f"the file ends before the tree is complete: {builder.pending()}")

    def locate(v: int) -> str:
        return f"{source}:{where.line(node_tok[v])}"

    return builder.finish(source=source, locate=locate)


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


def _gambit_text(text: str) -> str:
    """Step (a) for the title and the comment: ASCII, no risky backslash."""
    text = _ascii(text, False)
    if "\\" in text:
        text = _RISKY_BACKSLASH.sub("/", text)
    return text


def _unique(labels: Sequence[str]) -> list[str]:
    """Step (b): later duplicates of a non-empty label get `` (k)``, in order."""
    result = list(labels)
    taken = set(labels)
    if len(taken) == len(result):
        return result
    seen: set[str] = set()
    next_k: dict[str, int] = {}
    for i, label in enumerate(labels):
        if not label:
            continue
        if label not in seen:
            seen.add(label)
            continue
        k = next_k.get(label, 2)
        while f"{label} ({k})" in taken:
            k += 1
        new = f"{label} ({k})"
        next_k[label] = k + 1
        taken.add(new)
        result[i] = new
    return result


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
        fix = _gambit_label
        self.title = _gambit_text(self.title)
        self.comment = _gambit_text(self.comment)
        players = [fix(p) or f"Player {k}" for k, p in enumerate(self.players, 1)]
        self.players = _unique([_CHANCE_NAME, *players])[1:]
        node_labels = [v.label for v in game.nodes]
        distinct = set(node_labels)
        fixed = {x: fix(x) for x in distinct}
        labelled = len(node_labels) - node_labels.count("")
        if any(fixed[x] != x for x in distinct) or labelled > len(distinct) - ("" in distinct):
            self.nodes = _unique([fixed[x] for x in node_labels])
        self.infosets = [fix(x) for x in self.infosets]
        by_player: dict[int, list[int]] = {}
        for h in game.infosets:  # sets in order of their first node
            by_player.setdefault(h.player, []).append(h.index)
        for members in by_player.values():
            members.sort(key=lambda h: game.infosets[h].nodes[0] if game.infosets[h].nodes else -1)
            renamed = _unique([self.infosets[h] for h in members])
            for h, label in zip(members, renamed):
                self.infosets[h] = label
        self.actions = [tuple(_unique([fix(a) for a in acts])) for acts in self.actions]
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
        f'{k + 1} "{esc(label)}" {{ {", ".join(str(x) for x in o.payoffs)} }}'
        for k, (label, o) in enumerate(zip(names.outcomes, game.outcomes))
    ]
    outcome_text.append("0")  # index -1: no outcome
    iset_text: list[str | None] = [None] * len(game.infosets)
    counters: dict[int, int] = {}
    label_cache: dict[str, str] = {"": ""}
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
                listed = " ".join(f'"{esc(a)}"' for a in acts)
            else:
                listed = " ".join(f'"{esc(a)}" {p}' for a, p in zip(acts, iset.probs))
            text = iset_text[h] = f'{number} "{esc(names.infosets[h])}" {{ {listed} }}'
        if v.kind == "chance":
            yield f'c "{quoted}" {text} {outcome_text[v.outcome]}'
        else:
            yield f'p "{quoted}" {v.player + 1} {text} {outcome_text[v.outcome]}'


def format_efg(game: Game, gambit_labels: bool = True) -> str:
    """The whole ``.efg`` text for ``game``, ending with a newline."""
    return "\n".join(generate_efg(game, gambit_labels)) + "\n"


def write_efg(game: Game, path: str | os.PathLike[str], gambit_labels: bool = True) -> None:
    """Write ``game`` to ``path`` as an ``.efg`` file (UTF-8)."""
    lines = generate_efg(game, gambit_labels)  # refuses unbound parameters before opening
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")

