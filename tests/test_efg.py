"""The ``.efg`` reader and writer: what it accepts, what it refuses and where, what it writes."""

from __future__ import annotations

import io
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametoolkit.io as gio
from gambit16 import needs_pygambit16
from gametoolkit.core.builder import TreeBuilder
from gametoolkit.core.dsl import chance, decision, game, leaf, param
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.errors import GameToolkitError, ParseError, ValidationError
from gametoolkit.io.efg import format_efg, generate_efg, parse_efg, read_efg, write_efg

DATA = Path(__file__).parent / "data"
GOOD = DATA / "efg"
BAD = DATA / "bad"

F = Fraction


def both_readers(text: str, source: str = "<string>") -> Game:
    """Read with the fast reader and the token reader; they must agree."""
    fast = parse_efg(text, source, fast=True)
    assert parse_efg(text, source, fast=False) == fast
    return fast


# ---------------------------------------------------------------------- reading


def test_the_lenient_file() -> None:
    g = read_efg(GOOD / "lenient.efg")
    assert both_readers((GOOD / "lenient.efg").read_text(encoding="utf-8")) == g
    assert g.title == 'Lenient "reader" test'
    assert g.comment == 'A comment\non two lines, with "quotes" and a \\wedge'
    assert g.players == ("Ann", "Bob")
    root = g.root
    assert root.kind == "chance" and root.label == ""
    nature = g.infosets[root.infoset]
    assert nature.label == "" and nature.actions == ("h", "t") and nature.probs == (F(1, 4), F(3, 4))
    n1 = g.node_at("h")
    assert n1.label == "n1" and n1.kind == "decision" and n1.player == 0
    assert g.outcomes[n1.outcome] == g.outcomes[0]
    assert g.outcomes[0].label == "toll" and g.outcomes[0].payoffs == (F(-1, 2), F(0))
    assert g.payoffs(g.node_at("h/a")) == (F(29, 2), F(2))  # 15 - 1/2 at the leaf, 2 + 0
    # Bob's set, numbered 7 in the file and labelled nowhere, is "#7"
    bob = g.infosets_of("Bob")
    assert [h.label for h in bob] == ["#7"] and len(bob[0].nodes) == 2
    # Ann's set 1: its second node gave neither label nor actions
    ann = g.infoset("Ann", "Ann's set")
    assert [g.nodes[v].label for v in ann.nodes] == ["n1", "n2"]
    # outcome 3 repeated without payoffs, a leaf with outcome 0
    assert g.payoffs(g.node_at("t/b/l")) == (F(3), F(-2))
    assert g.node_at("t/b/r").outcome == -1
    assert g.payoffs(g.node_at("t/a")) == (F(15), F(2))  # no toll on this side


def test_crlf_bom_and_a_layout_without_spaces() -> None:
    crlf = read_efg(GOOD / "crlf.efg")
    odd = read_efg(GOOD / "odd_layout.efg")
    assert crlf.players == odd.players == ("P1", "P2")
    assert crlf.nodes == odd.nodes and crlf.infosets == odd.infosets and crlf.outcomes == odd.outcomes
    assert read_efg(GOOD / "bom.efg").title == "bom"


def test_duplicate_action_labels_are_numbered() -> None:
    g = read_efg(GOOD / "duplicate_actions.efg")
    assert g.infosets[0].actions == ("1/2", "1/2 (2)")


def test_number_forms() -> None:
    text = 'EFG 2 R "n" { "A" "B" }\nc "" 1 "" { "a" .25 "b" 0.75 } 0\nt "" 1 "" { 1e2, -1.5E-1 }\nt "" 2 "" { +3 -007 }\n'
    g = both_readers(text)
    assert g.infosets[0].probs == (F(1, 4), F(3, 4))
    assert g.outcomes[0].payoffs == (F(100), F(-3, 20))
    assert g.outcomes[1].payoffs == (F(3), F(-7))


def test_escapes() -> None:
    text = r'EFG 2 R "a \"b\" c\\" { "P\\1" }' + '\n' + r't "x\y" 1 "o\"" { 1 }' + '\n'
    g = both_readers(text)
    assert g.title == 'a "b" c\\'
    assert g.players == ("P\\1",)
    assert g.root.label == "x\\y"  # a backslash before another character stays
    assert g.outcomes[0].label == 'o"'
    assert parse_efg(format_efg(g, gambit_labels=False)) == g


def test_labels_of_sets_left_unlabelled() -> None:
    text = 'EFG 2 R "" { "A" }\np "" 1 4 "" { "x" "y" } 0\np "" 1 9 { "u" } 0\nt "" 1 "" { 1 }\nt "" 2 "" { 2 }\n'
    g = both_readers(text)
    assert [h.label for h in g.infosets] == ["#4", "#9"]


def test_outcome_label_given_later_is_kept() -> None:
    text = 'EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\nt "" 1 "named" { 1 }\n'
    assert both_readers(text).outcomes[0].label == "named"


def test_read_errors_name_the_file() -> None:
    with pytest.raises(ParseError, match=r"no-such-file\.efg: cannot read"):
        read_efg(DATA / "no-such-file.efg")


def test_parse_error_fields() -> None:
    with pytest.raises(ParseError) as caught:
        parse_efg('EFG 2 R "x" { "A" }\nt "" 1 "o" { 1 }\nt "" 2 "p" { 2 }\n', "mine.efg")
    err = caught.value
    assert (err.source, err.line, err.column) == ("mine.efg", 3, 1)
    assert "extra node" in err.reason


# ---------------------------------------------------------------------- malformed files

#: file -> (error, line, a word of the cause)
BAD_FILES: dict[str, tuple[type[GameToolkitError], int, str]] = {
    "empty.efg": (ParseError, 1, "empty"),
    "blank.efg": (ParseError, 1, "empty"),
    "bad_magic.efg": (ParseError, 1, "not an .efg"),
    "bad_version.efg": (ParseError, 1, "version"),
    "bad_number_type.efg": (ParseError, 1, "number type"),
    "title_not_quoted.efg": (ParseError, 1, "title"),
    "no_players.efg": (ParseError, 1, "no players"),
    "header_truncated.efg": (ParseError, 1, "ends in its header"),
    "players_unclosed.efg": (ParseError, 2, "ending the list of players"),
    "no_nodes.efg": (ParseError, 2, "no nodes"),
    "unterminated_string.efg": (ParseError, 5, "unterminated string"),
    "unclosed_action_brace.efg": (ParseError, 3, "'}' ending the actions"),
    "unclosed_payoff_brace.efg": (ParseError, 5, "end of the file"),
    "empty_actions.efg": (ParseError, 3, "at least one action"),
    "probability_abc.efg": (ParseError, 3, "not a number: 'abc'"),
    "probability_missing.efg": (ParseError, 3, "expected a number"),
    "probabilities_sum_9_10.efg": (ValidationError, 3, "sum to 9/10"),
    "negative_probability.efg": (ValidationError, 3, "negative"),
    "chance_probabilities_disagree.efg": (ValidationError, 7, "probabilities (1/3, 2/3) here but (1/2, 1/2) at line 4"),
    "player_out_of_range.efg": (ParseError, 4, "player number 3 out of range"),
    "player_zero.efg": (ParseError, 3, "out of range"),
    "player_number_huge.efg": (ParseError, 3, "too large"),
    "set_number_not_a_number.efg": (ParseError, 3, "information set number"),
    "actions_disagree.efg": (ValidationError, 7, "actions ['a', 'c'] here but ['a', 'b'] at line 4"),
    "set_labels_disagree.efg": (ValidationError, 7, "labelled 'right' here but 'left'"),
    "first_node_of_set_without_actions.efg": (ParseError, 3, "without its actions"),
    "truncated.efg": (ParseError, 5, "ends before the tree is complete"),
    "extra_node.efg": (ParseError, 6, "extra node"),
    "stray_brace.efg": (ParseError, 4, "found '}'"),
    "bad_node_kind.efg": (ParseError, 4, "expected a node"),
    "outcome_number_missing.efg": (ParseError, 4, "outcome number"),
    "outcome_after_zero.efg": (ParseError, 4, "expected a node"),
    "outcome_without_payoffs.efg": (ParseError, 4, "without its payoffs"),
    "outcome_two_payoff_vectors.efg": (ValidationError, 5, "payoffs (3, 4) here but (1, 2) at line 4"),
    "outcome_two_labels.efg": (ValidationError, 5, "labelled 'lose' here but 'win'"),
    "wrong_payoff_count.efg": (ValidationError, 5, "3 entries for 2 players"),
    "payoff_abc.efg": (ParseError, 5, "not a number"),
    "payoff_zero_denominator.efg": (ParseError, 4, "zero denominator"),
    "payoff_huge.efg": (ParseError, 5, "too long"),
    "payoff_huge_exponent.efg": (ParseError, 4, "exponent too large"),
    "payoff_double_comma.efg": (ParseError, 4, "found ','"),
    "duplicate_players.efg": (ValidationError, 1, "both called 'P1'"),
    "garbage_text.efg": (ParseError, 1, "not an .efg"),
    "non_utf8.efg": (ParseError, 4, "not UTF-8"),
    "binary_garbage.efg": (ParseError, 1, "not UTF-8"),
}


def test_every_bad_file_listed_here_exists() -> None:
    # tests/test_bad_inputs.py checks every file in tests/data/bad against its index
    assert set(BAD_FILES) <= {p.name for p in BAD.glob("*.efg")}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file(name: str) -> None:
    kind, line, cause = BAD_FILES[name]
    path = BAD / name
    with pytest.raises(GameToolkitError) as caught:
        read_efg(path)
    err = caught.value
    assert type(err) is kind
    message = str(err)
    assert f"{path}:{line}:" in message
    assert cause in message
    if isinstance(err, ParseError):
        assert err.line == line and err.column >= 1 and err.source == str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return
    with pytest.raises(kind) as again:  # the token reader says the same
        parse_efg(text, str(path), fast=False)
    assert str(again.value) == message


# ---------------------------------------------------------------------- writing


def small() -> Game:
    return game(
        'A "small" game',
        ["Row", "Col"],
        chance(
            "Nature",
            {
                "good": (F(3, 10), decision("Row", "r", U=decision("Col", "c", L=leaf(1, 2), R=leaf(0, 0)), D=leaf(2, 1))),
                "bad": (F(7, 10), decision("Row", "r2", U=decision("Col", "c", L=leaf(-1, F(1, 3)), R=leaf(0, 0)), D=leaf(2, 1))),
            },
        ),
    )


def test_written_text() -> None:
    g = small()
    assert format_efg(g, gambit_labels=False) == (
        'EFG 2 R "A \\"small\\" game" { "Row" "Col" }\n'
        "\n"
        'c "" 1 "Nature" { "good" 3/10 "bad" 7/10 } 0\n'
        'p "" 1 1 "r" { "U" "D" } 0\n'
        'p "" 2 1 "c" { "L" "R" } 0\n'
        't "" 1 "" { 1, 2 }\n'
        't "" 2 "" { 0, 0 }\n'
        't "" 3 "" { 2, 1 }\n'
        'p "" 1 2 "r2" { "U" "D" } 0\n'
        'p "" 2 1 "c" { "L" "R" } 0\n'
        't "" 4 "" { -1, 1/3 }\n'
        't "" 5 "" { 0, 0 }\n'
        't "" 6 "" { 2, 1 }\n'
    )
    assert list(generate_efg(g, gambit_labels=False)) == format_efg(g, gambit_labels=False).splitlines()
    # for Gambit, the empty outcome labels get numbers
    assert format_efg(g) == format_efg(g, gambit_labels=False)  # nothing to change for Gambit


def test_comment_line_only_when_there_is_a_comment() -> None:
    g = small()
    with_comment = Game(g.title, g.players, g.nodes, g.infosets, g.outcomes, 'says "hi"\\')
    lines = format_efg(with_comment, gambit_labels=False).splitlines()
    assert lines[1] == '"says \\"hi\\"\\\\"'
    assert parse_efg(format_efg(with_comment, gambit_labels=False)) == with_comment


def test_outcome_payoffs_written_every_time(tmp_path: Path) -> None:
    text = 'EFG 2 R "" { "A" }\np "" 1 1 "h" { "x" "y" } 1 "in" { 5 }\nt "" 2 "o" { 1 }\nt "" 2\n'
    g = parse_efg(text)
    out = tmp_path / "out.efg"
    write_efg(g, out)
    written = out.read_text(encoding="utf-8").splitlines()
    assert written[-3:] == ['p "" 1 1 "h" { "x" "y" } 1 "in" { 5 }', 't "" 2 "o" { 1 }', 't "" 2 "o" { 1 }']
    assert read_efg(out) == g


def test_unbound_parameters_are_refused(tmp_path: Path) -> None:
    p = param("p")
    g = game("p", ["A"], chance("N", a=(p, leaf(1)), b=(1 - p, leaf(0))))
    with pytest.raises(GameToolkitError, match=r"bind the parameters \(p\) first"):
        format_efg(g)
    with pytest.raises(GameToolkitError, match="bind the parameters"):
        generate_efg(g)
    with pytest.raises(GameToolkitError, match="bind the parameters"):
        write_efg(g, tmp_path / "never.efg")
    assert not (tmp_path / "never.efg").exists()
    assert parse_efg(format_efg(g.bind(p="1/3"))).infosets[0].probs == (F(1, 3), F(2, 3))


def test_round_trip_of_the_signaling_fixture(signaling_bound: Game) -> None:
    assert parse_efg(format_efg(signaling_bound, gambit_labels=False)) == signaling_bound


def test_the_io_package_exports() -> None:
    assert gio.__all__ == ["format_efg", "generate_efg", "parse_efg", "read_efg", "write_efg"]
    assert gio.parse_efg is parse_efg


# ---------------------------------------------------------------------- the label rule


def labelled(
    players: list[str],
    node_labels: list[str],
    set_labels: list[str],
    actions: list[str],
    outcome_labels: list[str],
    title: str = "t",
) -> Game:
    """A chain of decisions of player 1, one per set label; each has ``actions``, the
    last of which leads on.  Nodes and outcomes take the labels given, in prefix order
    (then ``""`` for nodes and ``out<k>`` for outcomes)."""
    node_names = iter([*node_labels, *[""] * 100])
    outcome_names = iter([*outcome_labels, *(f"out{k}" for k in range(100))])
    b = TreeBuilder(players, title=title)
    for k, name in enumerate(set_labels):
        b.add_move(0, k, next(node_names), name, actions)
        for j in range(1, len(actions)):
            o = b.outcome(None, next(outcome_names), [F(j)] * len(players))
            b.add_terminal(next(node_names), o)
    b.add_terminal(next(node_names), b.outcome(None, next(outcome_names), [F(0)] * len(players)))
    return b.finish()


def for_gambit(g: Game) -> Game:
    return parse_efg(format_efg(g))


def test_labels_already_fine_are_kept() -> None:
    g = labelled(["A", "B"], ["n1", "n2", ""], ["s1", "s2"], ["x", "y"], ["o1", "o2", "o3", "o4", "o5"])
    assert format_efg(g) == format_efg(g, gambit_labels=False)
    assert for_gambit(g) == g


def test_duplicates_get_suffixes_in_prefix_order() -> None:
    g = labelled(["A", "B"], ["n", "n", "n (2)", ""], ["s", "s", "s"], ["x", "y"], ["o", "o", ""])
    h = for_gambit(g)
    # "n (2)" is taken by a node of its own: the second "n" becomes "n (3)"
    assert [v.label for v in h.nodes] == ["n", "n (3)", "n (2)", "", "", "", ""]
    assert [s.label for s in h.infosets] == ["s", "s (2)", "s (3)"]
    assert [o.label for o in h.outcomes] == ["o", "o", "", "out0"]  # pygambit reads these as they are
    assert for_gambit(h) == h


def test_characters() -> None:
    g = labelled(["Ünal", "  two  spaces "], ["¬A", "tab\there"], ["≥ x", "\\"], ["é", "e"], ["a\\\"b", "ok\\x"])
    h = for_gambit(g)
    assert h.players == ("Unal", "two spaces")
    assert [v.label for v in h.nodes] == ["~A", "tab here", "", "", ""]
    assert [s.label for s in h.infosets] == [">= x", "/"]
    assert h.infosets[0].actions == ("e", "e (2)")  # "é" and "e" would clash
    assert [o.label for o in h.outcomes] == ['a/"b', "ok\\x", "out0"]


def test_players_for_gambit() -> None:
    g = labelled(["Chance", "", "Chance (2)"], ["n"], ["s"], ["x"], ["o"])
    assert for_gambit(g).players == ("Chance (3)", "", "Chance (2)")


def test_unlabelled_sets_of_players_for_gambit() -> None:
    b = TreeBuilder(["A"])
    b.add_move(CHANCE, 0, "", "", ["l", "r"], [F(1, 2), F(1, 2)])
    b.add_move(0, 0, "", "", ["x"])
    b.add_terminal("", b.outcome(None, "", [F(1)]))
    b.add_move(0, 1, "", "#1", ["y"])
    b.add_terminal("", b.outcome(None, "", [F(2)]))
    g = b.finish()
    h = for_gambit(g)
    assert [s.label for s in h.infosets] == ["", "#1 (2)", "#1"]
    assert for_gambit(h) == h


def test_title_and_comment_for_gambit() -> None:
    g = labelled(["A"], ["n"], ["s"], ["x"], ["o"], title="Alliance – Japan\\")
    g = Game(g.title, g.players, g.nodes, g.infosets, g.outcomes, "naïve\nline two")
    h = for_gambit(g)
    assert h.title == "Alliance - Japan/"
    assert h.comment == "naive\nline two"


LABEL = st.one_of(
    st.sampled_from(["", "a", "a", "b", "a (2)", "Chance", "#1", " a", "a  b", "¬A", "é", '"', "\\", 'x\\"', "x\\y"]),
    st.text(max_size=6),
)


@st.composite
def games(draw: st.DrawFn) -> Game:
    """Random small games with random, often nasty, labels."""
    nplayers = draw(st.integers(1, 3))
    players = draw(st.lists(LABEL, min_size=nplayers, max_size=nplayers, unique=True))
    b = TreeBuilder(players, title=draw(LABEL), comment=draw(LABEL))
    budget = draw(st.integers(1, 25))
    outcomes: list[int] = []
    sets: dict[int, tuple[int, int]] = {}  # set key -> (player, number of actions)
    while not b.complete:
        size = b.size
        out = -1
        if draw(st.booleans()):
            if outcomes and draw(st.booleans()):
                out = draw(st.sampled_from(outcomes))
            else:
                pay = [F(draw(st.integers(-5, 5)), draw(st.integers(1, 4))) for _ in players]
                out = b.outcome(None, draw(LABEL), pay, size)
                outcomes.append(out)
        if size >= budget or (draw(st.integers(0, 2)) == 0 and size > 0):
            b.add_terminal(draw(LABEL), out)
            continue
        who = draw(st.integers(-1, nplayers - 1))
        reuse = [k for k, (p, _) in sets.items() if p == who]
        if reuse and draw(st.booleans()):
            key = draw(st.sampled_from(reuse))
            b.add_move(who, key, draw(LABEL), None, None, None, out)
            continue
        key = len(sets)
        count = draw(st.integers(1, 3))
        acts = draw(st.lists(LABEL, min_size=count, max_size=count, unique=True))
        probs = [F(1, count)] * count if who == CHANCE else None
        sets[key] = (who, count)
        b.add_move(who, key, draw(LABEL), draw(LABEL) or f"#{key}", acts, probs, out)
    try:
        return b.finish()
    except ValidationError:
        from hypothesis import reject

        reject()
        raise


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(games())
def test_random_games_round_trip(g: Game) -> None:
    assert both_readers(format_efg(g, gambit_labels=False)) == g
    once = format_efg(g)
    h = parse_efg(once)
    assert format_efg(h) == once  # idempotent
    assert once.isascii()
    # the structure never changes, only labels
    assert [(v.kind, v.parent, v.player, v.outcome) for v in h.nodes] == [
        (v.kind, v.parent, v.player, v.outcome) for v in g.nodes
    ]
    assert [o.payoffs for o in h.outcomes] == [o.payoffs for o in g.outcomes]


def same_where_kept(theirs: list[str], ours: list[str]) -> bool:
    """pygambit keeps our outcome and action labels and player names where they are
    non-empty and not repeated; it renames the others (``_1``, ``x_2``)."""
    return len(theirs) == len(ours) and all(
        t == o if o and ours.count(o) == 1 else t != o for t, o in zip(theirs, ours)
    )


@needs_pygambit16
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(games())
def test_pygambit_keeps_every_label_we_write(g: Game) -> None:
    pygambit = pytest.importorskip("pygambit")
    ours = parse_efg(format_efg(g))
    theirs = pygambit.read_efg(io.StringIO(format_efg(ours)))
    assert same_where_kept([p.label for p in theirs.players], list(ours.players))
    assert same_where_kept([o.label for o in theirs.outcomes], [o.label for o in ours.outcomes])
    assert theirs.title == ours.title and theirs.description == ours.comment
    walk = [theirs.root]
    labels, set_labels, actions = [], [], []
    while walk:
        v = walk.pop()
        labels.append(v.label)
        if not v.is_terminal:
            set_labels.append(v.infoset.label)
            actions.append(tuple(a.label for a in v.infoset.actions))
        walk.extend(reversed(list(v.children)))
    assert labels == [v.label for v in ours.nodes]
    inner = [v for v in ours.nodes if v.infoset >= 0]
    assert set_labels == [ours.infosets[v.infoset].label for v in inner]
    assert all(same_where_kept(list(a), list(b)) for a, b in zip(actions, [ours.infosets[v.infoset].actions for v in inner]))


# ---------------------------------------------------------------------- size


def chain(depth: int) -> str:
    lines = ['EFG 2 R "chain" { "A" "B" }', '""']
    for k in range(depth):
        lines.append(f'p "" {k % 2 + 1} {k // 2 + 1} "" {{ "go" "stop" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {-k} }}')  # "stop" comes second: listed after "go"'s subtree
    lines.append(f't "" {depth + 1} "" {{ 1/2, 1/2 }}')
    # prefix order: each move's "go" subtree comes before its "stop" leaf
    head = lines[:2]
    moves = [line for line in lines[2:] if line.startswith("p")]
    stops = [line for line in lines[2:] if line.startswith("t")][:-1]
    return "\n".join(head + moves + [lines[-1]] + stops[::-1]) + "\n"


def test_a_chain_100000_deep() -> None:
    text = chain(100_000)
    start = time.perf_counter()
    g = parse_efg(text)
    written = format_efg(g, gambit_labels=False)
    elapsed = time.perf_counter() - start
    assert len(g.nodes) == 200_001
    deepest = max(g.nodes, key=lambda v: v.depth)
    assert deepest.depth == 100_000
    assert g.payoffs(deepest) == (F(1, 2), F(1, 2))
    assert parse_efg(written) == g
    assert elapsed < 60
    with pytest.raises(ParseError, match="ends before the tree is complete"):
        parse_efg(text.rsplit("t ", 1)[0])



def test_absent_minded_file_reads_without_perfect_recall() -> None:
    # Gambit's format allows a set holding two nodes of one play (the absent-minded driver)
    g = read_efg(Path(__file__).parent / "data" / "efg" / "absent_minded.efg")
    assert not g.has_perfect_recall
    assert "absent-minded" in g.perfect_recall_problems()[0]
