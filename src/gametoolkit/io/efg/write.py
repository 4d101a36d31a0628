"""Write games as ``.efg`` text, with labels made acceptable to pygambit where asked.

:func:`generate_efg` yields the lines, :func:`format_efg` returns the text and
:func:`write_efg` writes a file; the layout and the label rules are described in
:mod:`gametoolkit.io.efg`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from itertools import islice

from ...core.builder import gc_paused
from ...core.game import CHANCE, Game, unique_labels
from ...core.values import format_value
from ...errors import GameToolkitError

__all__ = ["format_efg", "generate_efg", "write_efg"]


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

