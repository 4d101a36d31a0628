"""gametoolkit.io.pygambit: games to pygambit (16.7 or 17.0.0b2) and back, exactly.

pygambit 16 shows its games as node and information-set objects, pygambit 17 through
selectors (``H.path(...)``) and labels; where a test looks inside pygambit's game it
does so through pygambit's own ``.efg`` text (:func:`raw`), which both versions write,
or through the API of the version installed (``LEGACY``).
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

pygambit = pytest.importorskip("pygambit")

from corpus import CORPUS, needs_corpus  # noqa: E402
from gametoolkit.core.builder import TreeBuilder  # noqa: E402
from gametoolkit.core.dsl import chance, decision, game, leaf, param  # noqa: E402
from gametoolkit.core.game import CHANCE, Game  # noqa: E402
from gametoolkit.errors import GameToolkitError, ValidationError  # noqa: E402
from gametoolkit.io.efg import parse_efg  # noqa: E402
from gametoolkit.io.pygambit import (  # noqa: E402
    decode_label,
    encode_label,
    from_pygambit,
    is_valid_label,
    pygambit_api,
    pygambit_labels,
    to_pygambit,
)

#: True under pygambit 16 (node objects), False under pygambit 17 (selectors).
LEGACY = pygambit_api(pygambit) == 16


def raw(g: Any) -> Game:
    """pygambit's game as its own ``.efg`` text says it, labels not decoded.

    Our reader names a player's unlabelled set ``#k`` (``k`` its number in the text).
    """
    return parse_efg(g.to_efg())


def _h(*path: str) -> Any:
    return pygambit.H.path(*path)


# ---------------------------------------------------------------------- games
def entry_game() -> Game:
    """Chance picks the incumbent's type; fractions; an outcome at an inner node."""
    return game(
        "Entry with a chance move",
        ["Entrant", "Incumbent"],
        chance(
            "Nature",
            weak=(
                Fraction(1, 3),
                decision(
                    "Entrant",
                    "E",
                    out=leaf(0, 2),
                    enter=decision("Incumbent", "I weak", fight=leaf(-1, "1/2"), share=leaf(1, 1)),
                ),
            ),
            strong=(
                Fraction(2, 3),
                decision(
                    "Entrant",
                    "E",
                    out=leaf(0, 2),
                    enter=decision(
                        "Incumbent",
                        "I strong",
                        fight=leaf(Fraction(-7, 3), 3),
                        share=leaf(1, 0),
                        outcome=(Fraction(1, 10), -1),
                    ),
                ),
            ),
            outcome=(5, 5),
        ),
    )


def three_players() -> Game:
    """Three players, an information set of two nodes, a chance move in the middle."""
    c = decision("C", "C moves", left=leaf(1, 2, 3), right=leaf(3, 2, 1))
    return game(
        "three players",
        ["A", "B", "C"],
        decision(
            "A",
            "A moves",
            a1=decision(
                "B", "B blind", x=c, y=chance(None, heads=("1/4", leaf(0, 0, 1)), tails=("3/4", leaf(1, 0, 0)))
            ),
            a2=decision("B", "B blind", x=leaf(2, 2, 2), y=leaf(Fraction(1, 7), Fraction(-2, 7), 0)),
            label="start",
        ),
    )


def awkward_labels() -> Game:
    """Labels pygambit 16.7 refuses: non-ASCII, repeated, 'Chance', look-alikes of invented ones."""
    return game(
        "Allianz – Spiel",
        ["Chance", "Japan"],
        decision(
            "Chance",
            "x",
            {
                "¬A": leaf(1, 2, label="same", outcome_label="o"),
                "A": decision(
                    "Japan",
                    "~i1",
                    {"  two  spaces": leaf(0, 0, label="same", outcome_label="o"), "~a1": leaf(1, 1, label="~n9")},
                    label="  padded ",
                ),
                "": leaf(3, 3, outcome_label="~o2"),
            },
            label="ünïcode",
        ),
        comment="line one\nline two – with a dash",
    )


GAMES = {
    "entry": entry_game,
    "three_players": three_players,
    "awkward_labels": awkward_labels,
}


def signaling_bound() -> Game:
    from conftest import make_signaling

    return make_signaling().bind(p=Fraction(1, 3))


def random_game(seed: int) -> Game:
    """A random tree: chance and 2-3 players, shared outcomes, outcomes at inner nodes,
    information sets merging same-depth nodes, and labels drawn from an awkward pool."""
    rng = random.Random(seed)
    n = rng.choice([2, 3])
    players = [f"P{i + 1}" for i in range(n)]
    pool = ["", "", "", "a", "b", "é", "x y", " x", "~n3", "~o1", "Chance", "#1", "a"]

    # the shape first, breadth first, so that the nodes of each depth are known together
    depth_limit = rng.randint(1, 5)
    tree: dict[int, list[int]] = {}
    kinds: dict[int, int] = {}  # node -> player (CHANCE for chance, -2 for leaf)
    depth: dict[int, int] = {0: 0}
    frontier = [0]
    count = 1
    while frontier:
        v = frontier.pop(0)
        if depth[v] >= depth_limit or (v and rng.random() < 0.2):
            kinds[v] = -2
            continue
        kinds[v] = CHANCE if rng.random() < 0.2 else rng.randrange(n)
        k = rng.choice([1, 2, 2, 2, 3])
        tree[v] = list(range(count, count + k))
        for c in tree[v]:
            depth[c] = depth[v] + 1
            frontier.append(c)
        count += k
    # information sets: group same-depth, same-player, same-arity nodes at random
    groups: dict[tuple[int, int, int], list[list[int]]] = {}
    key_of: dict[int, tuple[int, int]] = {}
    for v, p in kinds.items():
        if p == -2:
            continue
        g = groups.setdefault((depth[v], p, len(tree[v])), [])
        if g and (p != CHANCE or rng.random() < 0.5) and rng.random() < 0.8:
            rng.choice(g).append(v)
        else:
            g.append([v])
    actions: dict[tuple[int, int], list[str]] = {}
    probs: dict[tuple[int, int], list[Fraction]] = {}
    iset_label: dict[tuple[int, int], str] = {}
    number = 0
    for (_, p, k), sets in groups.items():
        for members in sets:
            number += 1
            for v in members:
                key_of[v] = (p, number)
            labels: list[str] = []
            for j in range(k):
                choice = rng.choice(["", f"m{j}", "ä", "~a1", f"x {j}"])
                if choice and choice in labels:
                    choice = ""
                labels.append(choice)
            actions[(p, number)] = labels
            iset_label[(p, number)] = rng.choice(pool)
            weights = [rng.randint(0, 3) for _ in range(k)]
            if sum(weights) == 0:
                weights[0] = 1
            probs[(p, number)] = [Fraction(w, sum(weights)) for w in weights]

    b = TreeBuilder(players, title=rng.choice(["", "t", "tïtle", "~t"]), comment=rng.choice(["", "c", "ç"]))
    shared = [Fraction(rng.randrange(-5, 6)) for _ in range(n)]
    stack = [0]
    while stack:
        v = stack.pop()
        label = rng.choice(pool)
        roll = rng.random()
        if kinds[v] == -2:
            if roll < 0.3:
                out = b.outcome("shared", "shared", shared)
            else:
                pay = [Fraction(rng.randrange(-9, 10), rng.randint(1, 4)) for _ in range(n)]
                out = b.outcome(None, rng.choice(pool), pay)
            b.add_terminal(label, out)
            continue
        out = -1
        if roll < 0.2:
            out = b.outcome(None, rng.choice(pool), [Fraction(rng.randrange(-3, 4)) for _ in range(n)])
        p, key = key_of[v]
        b.add_move(
            p, key, label, iset_label[(p, key)], actions[(p, key)], probs[(p, key)] if p == CHANCE else None, out
        )
        stack.extend(reversed(tree[v]))
    return b.finish()


# ---------------------------------------------------------------------- helpers
def prefix_nodes(g: Any) -> list[Any]:
    """pygambit's nodes in prefix order, without recursion."""
    order = []
    stack = [g.root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(list(node.children)))
    return order


def assert_pygambit_agrees(ours: Game, g: Any) -> None:
    """pygambit's own view of the converted game: shape, sets, chance, payoffs."""
    if not LEGACY:
        _assert_pygambit17_agrees(ours, g)
        return
    assert len(g.players) == ours.num_players
    nodes = prefix_nodes(g)
    assert len(nodes) == len(ours.nodes) == len(list(g.nodes))
    # players, chance and actions, node by node
    player_labels = [p.label for p in g.players]
    for v, pn in zip(ours.nodes, nodes, strict=True):
        assert len(pn.children) == len(v.children)
        if v.kind == "terminal":
            assert not pn.infoset
            continue
        iset = ours.infosets[v.infoset]
        assert pn.infoset.is_chance == (v.kind == "chance")
        if v.kind == "decision":
            assert player_labels.index(pn.player.label) == v.player
        assert len(pn.infoset.actions) == len(iset.actions)
        if iset.probs is not None:
            assert [Fraction(a.prob) for a in pn.infoset.actions] == list(iset.probs)
    # the information-set partition
    partition_ours = sorted(sorted(h.nodes) for h in ours.infosets)
    # pygambit nodes are fresh wrappers on each access: identify them by their path
    index_of = {_path(pn): i for i, pn in enumerate(nodes)}
    partition_theirs = []
    for p in [*g.players, g.players.chance]:
        for iset in p.infosets:
            partition_theirs.append(sorted(index_of[_path(m)] for m in iset.members))
    assert sorted(partition_theirs) == partition_ours
    # terminal payoffs: the sum of the outcomes on the path, as pygambit sees them
    for v, pn in zip(ours.nodes, nodes, strict=True):
        if v.kind != "terminal":
            continue
        total = [Fraction(0)] * ours.num_players
        u = pn
        while u is not None:
            if u.outcome:
                for i, player in enumerate(g.players):
                    total[i] += Fraction(u.outcome[player])
            u = u.parent
        assert tuple(total) == ours.payoffs(v)


def _assert_pygambit17_agrees(ours: Game, g: Any) -> None:
    """pygambit 17's view through its selector API: shape, players, chance, sets, payoffs."""
    assert len(g.players) == ours.num_players
    player_labels = list(g.players)
    # every node's path of action labels, in prefix order, read from pygambit alone
    paths: list[tuple[str, ...]] = []
    stack: list[tuple[str, ...]] = [()]
    while stack:
        path = stack.pop()
        paths.append(path)
        stack.extend((*path, a) for a in reversed(g.get_actions(_h(*path))))
    assert len(paths) == len(ours.nodes)
    index_of = {p: i for i, p in enumerate(paths)}
    outcome_at = {p: g.get_outcome(_h(*p)) for p in paths}
    for v, path in zip(ours.nodes, paths, strict=True):
        actions = g.get_actions(_h(*path))
        assert len(actions) == len(v.children)
        if v.kind == "terminal":
            total = [Fraction(0)] * ours.num_players
            for k in range(len(path) + 1):
                label = outcome_at[path[:k]]
                if label is not None:
                    pay = g.get_outcome_payoffs(label)
                    for i, player in enumerate(player_labels):
                        total[i] += Fraction(pay[player])
            assert tuple(total) == ours.payoffs(v)
            continue
        iset = ours.infosets[v.infoset]
        assert len(actions) == len(iset.actions)
        who = g.get_player(_h(*path))
        if v.kind == "chance":
            assert who == "Chance"
            probs = g.get_action_probs(_h(*path))
            assert [Fraction(probs[a]) for a in actions] == list(iset.probs or ())
        else:
            assert player_labels.index(who) == v.player
        members = sorted(index_of[m.actions] for m in g.get_members(_h(*path)))
        assert members == sorted(iset.nodes)


def _path(node: Any) -> tuple[int, ...]:
    steps = []
    while node.parent is not None:
        parent = node.parent
        steps.append([c for c in parent.children].index(node))
        node = parent
    return tuple(reversed(steps))


# ---------------------------------------------------------------------- round trips
@pytest.mark.parametrize("name", sorted(GAMES))
def test_round_trip_is_exact(name: str) -> None:
    ours = GAMES[name]()
    back = from_pygambit(to_pygambit(ours))
    assert back == ours
    assert back.comment == ours.comment and back.title == ours.title


@pytest.mark.parametrize("name", sorted(GAMES))
def test_pygambit_sees_the_same_game(name: str) -> None:
    ours = GAMES[name]()
    assert_pygambit_agrees(ours, to_pygambit(ours))


def test_signaling_game_round_trip() -> None:
    ours = signaling_bound()
    g = to_pygambit(ours)
    assert_pygambit_agrees(ours, g)
    assert from_pygambit(g) == ours
    theirs = raw(g)
    assert sorted(len(h.nodes) for h in theirs.infosets_of("Receiver")) == [2, 2]
    assert theirs.infosets[theirs.nodes[0].infoset].probs == (Fraction(1, 3), Fraction(2, 3))


@pytest.mark.parametrize("seed", range(40))
def test_random_games_round_trip(seed: int) -> None:
    ours = random_game(seed)
    g = to_pygambit(ours)
    assert_pygambit_agrees(ours, g)
    assert from_pygambit(g) == ours


def test_pygambit_game_survives_the_way_back() -> None:
    """A game built in pygambit comes back with pygambit's labels untouched."""
    payoff = {("U", "L"): (Decimal("0.25"), "1/3"), ("U", "R"): (0, 0), ("D", "L"): (2, 1), ("D", "R"): (-1, "7/2")}
    if LEGACY:
        g = pygambit.Game.new_tree(players=["Row", "Col"], title="made in pygambit")
        g.append_move(g.root, "Row", ["U", "D"])
        g.append_move(list(g.root.children), "Col", ["L", "R"])
        g.root.children["U"].infoset.label = "Col's set"
        for (r, c), pay in payoff.items():
            g.set_outcome(g.root.children[r].children[c], g.add_outcome(f"{r}{c}", list(pay)))
    else:
        g = pygambit.ExtensiveGame(players=["Row", "Col"], title="made in pygambit")
        g.append_move(_h(), "Row", ["U", "D"])
        g.append_move(_h(...), "Col", ["L", "R"])
        g.make_infoset(_h(...), "Col", label="Col's set")
        for (r, c), pay in payoff.items():
            g.make_outcome(_h(r, c), {"Row": pay[0], "Col": pay[1]}, f"{r}{c}")
    ours = from_pygambit(g)
    assert ours.players == ("Row", "Col")
    assert ours.title == "made in pygambit"
    assert [o.label for o in ours.outcomes] == ["UL", "UR", "DL", "DR"]
    leaf_ul = ours.node_at("U/L")
    assert ours.payoffs(leaf_ul) == (Fraction(1, 4), Fraction(1, 3))
    assert all(type(x) is Fraction for o in ours.outcomes for x in o.payoffs)
    cols = ours.infosets_of("Col")
    assert len(cols) == 1 and cols[0].label == "Col's set" and len(cols[0].nodes) == 2
    again = to_pygambit(ours)
    assert from_pygambit(again) == ours
    # the same file, but for the decimal payoff, which we hold as an exact 1/4
    assert again.to_efg() == g.to_efg().replace("{ 0.25,", "{ 1/4,")


def test_shared_outcomes_stay_shared() -> None:
    b = TreeBuilder(["A", "B"])
    b.add_move(0, "root", actions=["l", "m", "r"])
    for _ in range(3):
        b.add_terminal(outcome=b.outcome("draw", "draw", [Fraction(1, 2), Fraction(1, 2)]))
    ours = b.finish()
    g = to_pygambit(ours)
    assert len(g.outcomes if LEGACY else g.get_outcomes()) == 1
    assert from_pygambit(g) == ours


# ---------------------------------------------------------------------- labels
def test_valid_labels_are_copied() -> None:
    ours = three_players()
    theirs = raw(to_pygambit(ours))
    assert theirs.players == ("A", "B", "C")
    assert theirs.title == "three players"
    assert theirs.nodes[0].label == "start"
    assert theirs.infosets[0].label == "A moves"
    assert theirs.infosets[0].actions == ("a1", "a2")
    assert theirs.infoset("B", "B blind").nodes[0] == theirs.node_at("a1").index


def test_invented_labels_follow_the_rule() -> None:
    ours = awkward_labels()
    g = to_pygambit(ours)
    theirs = raw(g)
    assert theirs.title == "~t:Allianz %E2%80%93 Spiel"
    assert theirs.players == ("~p1:Chance", "Japan")
    root = theirs.nodes[0]
    assert root.label == "~n1:%C3%BCn%C3%AFcode"
    assert theirs.infosets[root.infoset].actions == ("~a1:%C2%ACA", "A", "~a3")
    assert [o.label for o in theirs.outcomes] == ["o", "~o2:o", "~o3", "~o4:~o2"]
    japan = theirs.node_at("A")
    assert japan.label == "~n3:%20%20padded%20"
    assert theirs.infosets[japan.infoset].label == "~i2:~i1"
    assert theirs.infosets[japan.infoset].actions == ("~a1:%20%20two%20%20spaces", "~a2:~a1")
    assert [theirs.nodes[c].label for c in japan.children] == ["~n4:same", "~n5:~n9"]
    assert theirs.node_at("~a1:%C2%ACA").label == "same"
    labels = pygambit_labels(ours)
    assert labels.outcomes == [o.label for o in theirs.outcomes]


def test_labels_from_elsewhere_pass_through() -> None:
    for kind in "pontiac":
        assert decode_label(kind, "plain label") == "plain label"
        assert decode_label(kind, "~") == "~"
        assert decode_label(kind, "~ZZ") == "~ZZ"
    assert decode_label("o", "~n3") == "~n3"  # another kind's pattern is not ours
    assert decode_label("o", "~o3:%FF") == "~o3:%FF"  # not UTF-8: not one of ours
    assert decode_label("o", "~o3") == ""
    assert decode_label("a", encode_label("a", 2, "¬A")) == "¬A"
    assert is_valid_label("a b") and not is_valid_label("a  b") and not is_valid_label(" a")
    assert not is_valid_label("é") and is_valid_label("")


# ---------------------------------------------------------------------- errors
def test_unbound_parameters_are_refused() -> None:
    p = param("p")
    ours = game(
        "parametric",
        ["A"],
        chance(None, h=(p, leaf(1)), t=(1 - p, leaf(0))),
    )
    with pytest.raises(GameToolkitError, match="bind"):
        to_pygambit(ours)
    from conftest import make_signaling

    with pytest.raises(GameToolkitError, match="unbound parameters \\(p\\)"):
        to_pygambit(make_signaling())
    to_pygambit(ours.bind(p="1/5"))


def test_strategic_games_are_refused() -> None:
    g = pygambit.Game.new_table([2, 2]) if LEGACY else pygambit.StrategicGame([2, 2])
    with pytest.raises(GameToolkitError, match="not an extensive"):
        from_pygambit(g)


def test_absent_minded_pygambit_game_reads_without_perfect_recall() -> None:
    if LEGACY:
        g = pygambit.Game.new_tree(players=["A"])
        g.append_move(g.root, "A", ["go", "stop"])
        g.append_infoset(g.root.children["go"], g.root.infoset)
    else:
        g = pygambit.ExtensiveGame(players=["A"])
        g.append_move(_h(), "A", ["go", "stop"])
        g.append_infoset(_h("go"), _h())
    ours = from_pygambit(g)
    assert not ours.has_perfect_recall
    assert "absent-minded" in ours.perfect_recall_problems()[0]


def test_missing_pygambit_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from gametoolkit.errors import MissingDependencyError

    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pygambit":
            raise ImportError("no pygambit here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingDependencyError, match=r"pip install 'pygambit>=16.7,<=17.0.0b2"):
        to_pygambit(three_players())


# ---------------------------------------------------------------------- corpus
def corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*.efg")) if CORPUS.is_dir() else []


def read_corpus_file(path: Path) -> Game:
    """Our reading of a corpus file; skip the test where our reader refuses it."""
    efg = pytest.importorskip("gametoolkit.io.efg")
    try:
        game_read: Game = efg.read_efg(path)
    except ValidationError as err:  # absent-minded games, which the model refuses
        pytest.skip(f"our reader refuses it: {err}")
    if game_read.parameters:
        pytest.skip("parametric game")
    return game_read


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_round_trip(path: Path) -> None:
    ours = read_corpus_file(path)
    g = to_pygambit(ours)
    assert_pygambit_agrees(ours, g)
    assert from_pygambit(g) == ours


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_agrees_with_pygambits_reader(path: Path) -> None:
    """Our reader, and pygambit's reader through from_pygambit, see the same game.

    Labels the readers invent differ by design (ours names an unlabelled set ``#k``
    and a repeated action ``a (2)``; pygambit ``a_1``, ``a_2`` and outcomes ``_k``),
    so action and outcome labels are not compared.
    """
    ours = read_corpus_file(path)
    try:
        g = pygambit.read_efg(str(path))
    except ValueError as err:
        pytest.skip(f"pygambit refuses it: {err}")
    theirs = from_pygambit(g)
    assert (theirs.title, theirs.players, theirs.comment) == (ours.title, ours.players, ours.comment)
    shape = ("kind", "label", "parent", "action", "depth", "player", "infoset", "children")
    assert len(theirs.nodes) == len(ours.nodes)
    for a, b in zip(ours.nodes, theirs.nodes, strict=True):
        assert [getattr(b, f) for f in shape] == [getattr(a, f) for f in shape]
    assert len(theirs.infosets) == len(ours.infosets)
    for h, k in zip(ours.infosets, theirs.infosets, strict=True):
        assert (k.player, k.nodes, k.probs, len(k.actions)) == (h.player, h.nodes, h.probs, len(h.actions))
        assert k.label == h.label or (k.label == "" and re.fullmatch(r"#\d+", h.label))
    for v in ours.terminals:
        assert theirs.payoffs(v.index) == ours.payoffs(v)


def test_without_node_and_set_labels() -> None:
    ours = three_players()
    g = to_pygambit(ours, labels=False)
    theirs = raw(g)
    assert theirs.nodes[0].label == "" and theirs.infosets[0].label == "#1"  # our reader's name for none
    assert theirs.infosets[0].actions == ("a1", "a2")
    back = from_pygambit(g)
    assert [v.label for v in back.nodes] == [""] * len(ours.nodes)
    assert [h.label for h in back.infosets] == [""] * len(ours.infosets)
    assert [h.actions for h in back.infosets] == [h.actions for h in ours.infosets]
    assert back.outcomes == ours.outcomes
    assert [back.payoffs(v.index) for v in ours.terminals] == [ours.payoffs(v) for v in ours.terminals]
