"""The game model and its validation: derived views and every rule, with node paths."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametoolkit import CHANCE, TreeBuilder, ValidationError
from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import Game


def test_prefix_order_parents_and_paths(signaling_bound: Game) -> None:
    g = signaling_bound
    assert [v.index for v in g.nodes] == list(range(len(g.nodes)))
    assert g.root.kind == "chance" and g.root.parent == -1
    for v in g.nodes[1:]:
        parent = g.nodes[v.parent]
        assert parent.children[v.action] == v.index
        assert v.depth == parent.depth + 1
    node = g.node_at("t2/m1")
    assert g.path(node) == ("t2", "m1")
    assert g.path_str(g.root) == "root"
    assert g.players[node.player] == "Receiver"


def test_information_sets_group_named_nodes(signaling_bound: Game) -> None:
    g = signaling_bound
    after_m1 = g.infoset("Receiver", "after m1")
    assert [g.path_str(v) for v in after_m1.nodes] == ["t1/m1", "t2/m1"]
    assert after_m1.actions == ("up", "down")
    assert len(g.infosets_of("Receiver")) == 2
    assert len(g.infosets_of("Sender")) == 2
    (nature,) = g.infosets_of(CHANCE)
    assert nature.probs == (Fraction(1, 3), Fraction(2, 3))


def test_leaf_payoffs_add_outcomes_along_the_path() -> None:
    g = game(
        "outcomes on the way",
        ["A", "B"],
        decision("A", "a", outcome=(10, 20), x=leaf(1, 2), y=decision("B", "b", outcome=(100, 0), z=leaf(0, 1))),
    )
    assert g.payoffs(g.node_at("x")) == (11, 22)
    assert g.payoffs(g.node_at("y/z")) == (110, 21)
    assert g.has_nonterminal_outcomes()


def test_subgame_roots(signaling_bound: Game) -> None:
    g = signaling_bound
    # the receiver's sets straddle both types: only the root starts a subgame
    assert [g.path_str(v) for v in g.subgame_roots()] == ["root"]
    perfect = game("pi", ["A", "B"], decision("A", "a", x=decision("B", "b1", u=leaf(1, 1), d=leaf(0, 0)), y=leaf(2, 2)))
    assert [perfect.path_str(v) for v in perfect.subgame_roots()] == ["root", "x"]


def test_subtree_ranges_are_contiguous(signaling_bound: Game) -> None:
    g = signaling_bound
    for v in g.nodes:
        end = g.subtree_end(v)
        inside = [u.index for u in g.nodes if _is_descendant(g, u.index, v.index)]
        assert inside == list(range(v.index, end))


def _is_descendant(g: Game, u: int, v: int) -> bool:
    while u >= 0:
        if u == v:
            return True
        u = g.nodes[u].parent
    return False


def test_bind_replaces_parameters_and_validates(signaling: Game) -> None:
    assert signaling.parameters == {"p"}
    bound = signaling.bind(p="1/4")
    assert bound.is_numeric
    assert bound.infosets_of(CHANCE)[0].probs == (Fraction(1, 4), Fraction(3, 4))
    with pytest.raises(ValidationError, match="negative"):
        signaling.bind(p=Fraction(5, 4))
    with pytest.raises(ValueError, match="unknown parameter"):
        signaling.bind(q=1)


def test_games_compare_by_value(signaling: Game) -> None:
    from conftest import make_signaling

    assert make_signaling() == signaling
    assert hash(make_signaling().bind(p=Fraction(1, 2))) == hash(signaling.bind(p=Fraction(1, 2)))
    assert signaling.bind(p=Fraction(1, 2)) != signaling.bind(p=Fraction(1, 3))


def test_validation_collects_every_problem_with_paths() -> None:
    with pytest.raises(ValidationError) as info:
        game(
            "many mistakes",
            ["A", "B"],
            chance(
                left=("1/2", decision("A", "h", x=leaf(1, 2), y=leaf(1))),
                right=("1/3", decision("Nobody", "k", z=leaf(0, 0))),
                middle=("1/3", decision("A", "h", x=leaf(0, 0), w=leaf(0, 0))),
            ),
        )
    problems = info.value.problems
    text = "\n".join(problems)
    assert "at right: unknown player 'Nobody'" in text
    assert "sum to 7/6, not 1" in text
    assert "at left/y: payoff vector has 1 entries for 2 players" in text
    assert "at middle: information set 'h' of 'A': this node's actions ['x', 'w'] differ" in text
    assert len(problems) == 4


def test_negative_probability_and_duplicate_actions_are_reported() -> None:
    with pytest.raises(ValidationError) as info:
        game("neg", ["A"], chance({"a": ("-1/2", leaf(1)), "b": ("3/2", leaf(2))}))
    assert "probability of 'a' is negative (-1/2)" in str(info.value)
    with pytest.raises(ValidationError, match="duplicate action label"):
        game("dup", ["A"], decision("A", "h", [("x", leaf(1)), ("x", leaf(2))]))


def test_an_information_set_may_not_hold_two_nodes_of_one_play() -> None:
    with pytest.raises(ValidationError, match="at a: information set 'h' of 'A' holds two nodes of one play"):
        game("absent-minded", ["A"], decision("A", "h", a=decision("A", "h", a=leaf(1), b=leaf(2)), b=leaf(0)))


def test_unbound_parameters_are_reported_when_required(signaling: Game) -> None:
    from gametoolkit.core.validate import validate

    validate(signaling)
    with pytest.raises(ValidationError, match="parameters left unbound: p"):
        validate(signaling, require_bound=True)


def test_symbolic_probabilities_must_sum_to_one() -> None:
    from gametoolkit.core.dsl import param

    p = param("p")
    with pytest.raises(ValidationError, match="do not sum to 1"):
        game("bad sum", ["A"], chance(a=(p, leaf(1)), b=(p, leaf(2))))


def test_perfect_recall_detected() -> None:
    forgetful = game(
        "forgets",
        ["A", "B"],
        decision(
            "A", "first",
            x=decision("A", "second", u=leaf(1, 0), d=leaf(0, 0)),
            y=decision("A", "second", u=leaf(0, 0), d=leaf(1, 0)),
        ),
    )
    assert not forgetful.has_perfect_recall
    assert "forgets" in forgetful.perfect_recall_problems()[0]
    # B not seeing A's move is fine: B never moved before
    recall = game(
        "recalls",
        ["A", "B"],
        decision("A", "first", x=decision("B", "b", u=leaf(1, 0), d=leaf(0, 0)), y=decision("B", "b", u=leaf(0, 0), d=leaf(1, 0))),
    )
    assert recall.has_perfect_recall


def test_perfect_recall_requires_same_own_action() -> None:
    # A moves, B moves (A sees nothing), then A again: A's second set joins nodes after different A actions
    g = game(
        "forgets own action",
        ["A", "B"],
        decision(
            "A", "a1",
            L=decision("B", "b", l=decision("A", "a2", u=leaf(1, 1), d=leaf(0, 0)), r=leaf(0, 0)),
            R=decision("B", "b", l=decision("A", "a2", u=leaf(0, 0), d=leaf(1, 1)), r=leaf(0, 0)),
        ),
    )
    assert not g.has_perfect_recall


def test_builder_structure_errors() -> None:
    from gametoolkit.errors import StructureError

    b = TreeBuilder(["A"])
    b.add_move(0, 1, actions=["x"])
    b.add_terminal()
    with pytest.raises(StructureError, match="already complete"):
        b.add_terminal()
    b2 = TreeBuilder(["A"])
    b2.add_move(0, 1, actions=["x", "y"])
    b2.add_terminal()
    with pytest.raises(ValidationError, match="incomplete"):
        b2.finish()


def test_deep_chain_builds_without_recursion() -> None:
    depth = 100_000
    # a chain: each node has actions go/stop, 'stop' ends, 'go' continues
    b = TreeBuilder(["A"], title="chain")
    out = b.outcome(1, "", [Fraction(1)])
    for k in range(depth):
        b.add_move(0, k, actions=["go", "stop"])
        if k == depth - 1:
            b.add_terminal("", out)
    # close every 'stop' branch: after the last 'go' leaf, each open node needs its 'stop' leaf
    while not b.complete:
        b.add_terminal("", out)
    g = b.finish()
    assert len(g.nodes) == 2 * depth + 1
    assert g.nodes[-1].depth == 1
    assert g.has_perfect_recall
    assert len(g.subgame_roots()) == depth
    assert g.path_str(depth) == "/".join(["go"] * depth)
    assert g == b.finish()


# Two-stage coordination game as in Gambit's contrib/games/coord2ts.efg: each player's
# two information sets share one label, which the .efg format allows.
_REPEATED_LABELS = """EFG 2 R "two stages" { "P1" "P2" }
p "" 1 1 "(1,1)" { "A" "B" } 0
p "" 2 1 "(2,1)" { "A" "B" } 0
p "" 1 2 "(1,1)" { "A" "B" } 0
t "" 1 "o1" { 3 2 }
t "" 2 "o2" { 0 0 }
t "" 2 "o2" { 0 0 }
p "" 1 3 "" { "C" "D" } 0
t "" 1 "o1" { 3 2 }
t "" 3 "o3" { 2 2 }
"""


def test_infoset_names_are_unique_per_player_when_labels_repeat() -> None:
    from gametoolkit.evaluate.profiles import Profile
    from gametoolkit.io.efg import parse_efg
    from gametoolkit.solvers import solve

    g = parse_efg(_REPEATED_LABELS, "repeated.efg")
    assert [h.label for h in g.infosets_of("P1")] == ["(1,1)", "(1,1)", "#3"]  # the reader names set 3
    assert [g.infoset_name(h) for h in g.infosets_of("P1")] == ["(1,1)", "(1,1) (2)", "#3"]
    assert g.infoset("P1", "(1,1) (2)") is g.infosets_of("P1")[1]
    assert g.infoset("P1", "(1,1)") is g.infosets_of("P1")[0]
    # every set keeps its own entry in the solution's JSON, and the JSON reads back
    solution = solve(g, "spe")
    for eq in solution.equilibria:
        behavior = eq.to_json(g)["behavior"]
        assert set(behavior["P1"]) == {"(1,1)", "(1,1) (2)", "#3"}
        assert Profile.from_labels(g, behavior) == eq.behavior
