"""Every ``.efg`` file of Gambit's repository: read, round trips, and pygambit's view.

The files are read from ``../shared/corpus/gambit`` beside the checkout (never copied
into the project); the tests skip with a clear reason where it is absent.
"""

from __future__ import annotations

import io
import re
from fractions import Fraction
from typing import Any

import pytest

from corpus import CORPUS, needs_corpus
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.io.efg import format_efg, parse_efg, read_efg

pytestmark = needs_corpus  # every test here reads Gambit's corpus
FILES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.efg"))

#: Absent-minded games: an information set holds two nodes of one play.  Gambit's
#: format allows them; they read, and count as lacking perfect recall.
ABSENT_MINDED = {
    "catalog/books/shohamleytonbrown2008/fig5_12.efg",
    "catalog/journals/geb/gilboa1997/fig1.efg",
    "contrib/games/holdout.efg",
    "tests/test_games/AM-driver-one-infoset.efg",
    "tests/test_games/AM-driver-subgame.efg",
    "tests/test_games/AM-subgames.efg",
    "tests/test_games/AM-unary-branches.efg",
    "tests/test_games/AM-unary-hops.efg",
    "tests/test_games/noPR-AM-driver-one-player.efg",
    "tests/test_games/noPR-AM-driver-two-players.efg",
    "tests/test_games/noPR-action-AM-three-chain.efg",
    "tests/test_games/noPR-action-AM-two-hops.efg",
    "tests/test_games/noPR-action-AM.efg",
    "tests/test_games/noPR-action-AM2.efg",
    "tests/test_games/not_perfect_recall.efg",
}

#: Files whose labels pygambit 16.7 refuses (repeated node or information-set labels).
GAMBIT_REFUSES = {
    "contrib/games/4cards.efg",
    "contrib/games/caro2.efg",
    "contrib/games/coord2ts.efg",
    "contrib/games/e10.efg",
    "contrib/games/e10a.efg",
    "contrib/games/holdout.efg",
    "contrib/games/nim.efg",
    "contrib/games/nim7.efg",
}

READABLE = list(FILES)  # all 174 read, absent-minded ones included

_LABEL = re.compile(r"[!-~]+(?: [!-~]+)*")
_RISKY = re.compile(r'\\(?=[\\"]|\Z)')  # a backslash pygambit would take for an escape


def _distinct(labels: list[str]) -> bool:
    named = [x for x in labels if x]
    return len(set(named)) == len(named)


def meets_pygambit_demands(g: Game) -> bool:
    """Whether pygambit 16.7 reads ``g``'s labels as they are (found by experiment).

    Labels are empty or printable ASCII with single inner spaces, and have no
    backslash before a backslash or quote or at the end; non-empty node labels are
    distinct, and so are the non-empty set labels of each player; no player is called
    "Chance"; title and comment are ASCII.  Besides, the writer labels a player's
    unlabelled set ``#k`` (as the reader does).
    """

    def ok(label: str) -> bool:
        return not label or (bool(_LABEL.fullmatch(label)) and not _RISKY.search(label))

    labels = [v.label for v in g.nodes]
    every = labels + [h.label for h in g.infosets] + [a for h in g.infosets for a in h.actions]
    every += [o.label for o in g.outcomes] + list(g.players)
    per_player: dict[int, list[str]] = {}
    for h in g.infosets:
        per_player.setdefault(h.player, []).append(h.label)
    return (
        all(ok(x) for x in every)
        and _distinct(labels)
        and all(_distinct(x) for x in per_player.values())
        and all(h.label for h in g.infosets if h.player != CHANCE)
        and "Chance" not in g.players
        and g.title.isascii()
        and g.comment.isascii()
        and not _RISKY.search(g.title)
        and not _RISKY.search(g.comment)
    )


@needs_corpus
def test_the_corpus_is_complete() -> None:
    assert len(FILES) == 174
    assert set(FILES) >= ABSENT_MINDED
    assert set(FILES) >= GAMBIT_REFUSES


_cache: dict[str, Game] = {}


def _game(name: str) -> Game:
    if name not in _cache:
        _cache[name] = read_efg(CORPUS / name)
    return _cache[name]


@needs_corpus
@pytest.mark.parametrize("name", READABLE)
def test_reads_and_round_trips(name: str) -> None:
    g = _game(name)
    assert g.nodes and g.players
    verbatim = format_efg(g, gambit_labels=False)
    assert parse_efg(verbatim) == g
    for_gambit = format_efg(g)
    again = parse_efg(for_gambit)
    assert (for_gambit == verbatim) == meets_pygambit_demands(g)
    if meets_pygambit_demands(g):
        assert again == g
    if name in GAMBIT_REFUSES:
        assert not meets_pygambit_demands(g)
    assert format_efg(again) == for_gambit  # the label rule is idempotent
    # the fast reader and the token reader agree
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert parse_efg(text, name, fast=False) == g


@needs_corpus
@pytest.mark.parametrize("name", sorted(ABSENT_MINDED))
def test_absent_minded_games_read_without_perfect_recall(name: str) -> None:
    g = read_efg(CORPUS / name)
    assert not g.has_perfect_recall
    assert any("absent-minded" in p and "two nodes of one play" in p for p in g.perfect_recall_problems())


# ---------------------------------------------------------------------- pygambit's view


def _pygambit_view(g: Any) -> dict[str, Any]:
    """What pygambit read, walked in prefix order: players, nodes, sets, payoffs."""
    players = list(g.players)
    zero = tuple(Fraction(0) for _ in players)
    sets: dict[tuple[int, int], list[int]] = {}
    probs: dict[tuple[int, int], tuple[Fraction, ...]] = {}
    actions: dict[tuple[int, int], tuple[str, ...]] = {}
    labels: dict[tuple[int, int], str] = {}
    payoffs: dict[int, tuple[Fraction, ...]] = {}
    node_labels: list[str] = []
    parents: list[int] = []
    total: list[tuple[Fraction, ...]] = []  # the outcomes' payoffs summed from the root
    stack: list[tuple[Any, int]] = [(g.root, -1)]
    while stack:
        v, parent = stack.pop()
        k = len(parents)
        parents.append(parent)
        node_labels.append(v.label)
        base = total[parent] if parent >= 0 else zero
        if v.outcome:
            base = tuple(b + Fraction(str(v.outcome[p])) for b, p in zip(base, players))
        total.append(base)
        if v.is_terminal:
            payoffs[k] = base
        else:
            h = v.infoset
            key = (CHANCE if h.player.is_chance else h.player.number, h.number)
            sets.setdefault(key, []).append(k)
            actions[key] = tuple(a.label for a in h.actions)
            labels[key] = h.label
            if h.player.is_chance:
                probs[key] = tuple(Fraction(str(a.prob)) for a in h.actions)
        stack.extend((c, k) for c in reversed(list(v.children)))
    return {
        "players": [p.label for p in players],
        "nodes": len(parents),
        "node_labels": node_labels,
        "sets": {key: tuple(nodes) for key, nodes in sets.items()},
        "probs": probs,
        "actions": actions,
        "set_labels": labels,
        "payoffs": payoffs,
        "parents": parents,
    }


def _our_view(game: Game) -> dict[str, Any]:
    sets: dict[tuple[int, int], tuple[int, ...]] = {}
    counters: dict[int, int] = {}
    probs: dict[tuple[int, int], tuple[Fraction, ...]] = {}
    actions: dict[tuple[int, int], tuple[str, ...]] = {}
    labels: dict[tuple[int, int], str] = {}
    numbered: dict[int, tuple[int, int]] = {}
    for v in game.nodes:
        if v.infoset >= 0 and v.infoset not in numbered:
            h = game.infosets[v.infoset]
            number = counters.get(h.player, 0)
            counters[h.player] = number + 1
            key = (h.player, number)
            numbered[v.infoset] = key
            sets[key] = h.nodes
            actions[key] = h.actions
            labels[key] = h.label
            if h.probs is not None:
                probs[key] = tuple(Fraction(x) for x in h.probs)  # type: ignore[arg-type]
    return {
        "players": list(game.players),
        "nodes": len(game.nodes),
        "node_labels": [v.label for v in game.nodes],
        "sets": sets,
        "probs": probs,
        "actions": actions,
        "set_labels": labels,
        "payoffs": {v.index: game.payoffs(v) for v in game.terminals},
        "parents": [v.parent for v in game.nodes],
    }


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", READABLE)
def test_pygambit_reads_our_output_and_agrees(name: str) -> None:
    pygambit = pytest.importorskip("pygambit")
    ours = parse_efg(format_efg(_game(name)))  # with the labels made acceptable to pygambit
    theirs = pygambit.read_efg(io.StringIO(format_efg(ours)))
    view, expected = _pygambit_view(theirs), _our_view(ours)
    for key in ("nodes", "parents", "sets", "probs", "payoffs", "node_labels", "set_labels"):
        assert view[key] == expected[key], key
    assert theirs.title == ours.title
    # pygambit renames empty and repeated outcome and action labels and player names
    assert _same_where_kept(view["players"], expected["players"])
    assert _same_where_kept([o.label for o in theirs.outcomes], [o.label for o in ours.outcomes])
    assert view["actions"].keys() == expected["actions"].keys()
    assert all(_same_where_kept(list(view["actions"][k]), list(a)) for k, a in expected["actions"].items())


def _same_where_kept(theirs: list[str], ours: list[str]) -> bool:
    return len(theirs) == len(ours) and all(
        t == o if o and ours.count(o) == 1 else t != o for t, o in zip(theirs, ours)
    )


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GAMBIT_REFUSES - ABSENT_MINDED))
def test_pygambit_refuses_these_files_as_they_are(name: str) -> None:
    pygambit = pytest.importorskip("pygambit")
    with pytest.raises(ValueError, match="must be unique"):
        pygambit.read_efg(str(CORPUS / name))
    # ... and reads them once their labels follow the rule
    pygambit.read_efg(io.StringIO(format_efg(_game(name))))
