"""The evaluation kernels on their own: reach walks in any arithmetic, signaling structure."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametoolkit import chance, decision, game, leaf
from gametoolkit.algebra.poly import Poly
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.evaluate.profiles import Profile, reach
from gametoolkit.evaluate.reach import moves_up, reach_weight, reached
from gametoolkit.evaluate.signaling import message_kind, sender_sets, signaling_kind

F = Fraction


def _beer_quiche() -> Game:
    """Cho and Kreps (1987): Nature picks weak (1/10) or strong (9/10); the sender picks
    beer or quiche; the receiver sees the meal only and duels or not."""

    def receiver(meal: str, weak: bool, pref: int) -> object:
        d, n = (0, 1) if weak else (1, 0)
        return decision("Receiver", f"after {meal}", duel=leaf(pref, d), not_duel=leaf(pref + 2, n))

    return game(
        "Beer-quiche",
        ["Sender", "Receiver"],
        chance(
            "Nature",
            weak=(F(1, 10), decision("Sender", "weak", beer=receiver("beer", True, 0), quiche=receiver("quiche", True, 1))),
            strong=(F(9, 10), decision("Sender", "strong", beer=receiver("beer", False, 1), quiche=receiver("quiche", False, 0))),
        ),
    )


def test_moves_up_lists_the_path_last_move_first() -> None:
    g = _beer_quiche()
    leaf_node = next(v for v in g.nodes if v.kind == "terminal")
    moves = list(moves_up(g, leaf_node.index, g.root.index))
    assert [at.player for at, _ in moves] == [g.player_index("Receiver"), g.player_index("Sender"), CHANCE]


def test_reach_weight_in_fractions_equals_the_profiles_reach() -> None:
    g = _beer_quiche()
    sender = [h for h in g.infosets if h.player == 0]
    receiver = [h for h in g.infosets if h.player == 1]
    probs = {h.index: (F(1, 3), F(2, 3)) for h in sender} | {h.index: (F(1, 4), F(3, 4)) for h in receiver}
    profile = Profile.from_probs(g, probs)
    expected = reach(profile)

    def step(at: object, a: int) -> Fraction:
        return profile.probs[at.infoset][a]  # type: ignore[attr-defined]

    for v in g.nodes:
        assert reach_weight(g, v.index, g.root.index, step, F(1)) == expected[v.index]


def test_reach_weight_in_polynomials_and_sympy_agree() -> None:
    sympy = pytest.importorskip("sympy")
    g = _beer_quiche()
    x = Poly.var(0)
    s = sympy.Symbol("x")
    node = next(v for v in g.nodes if v.kind == "terminal").index

    def poly_step(at: object, a: int) -> Poly:
        return Poly.const(g.chance_probs(at.infoset)[a]) if at.player == CHANCE else x  # type: ignore[attr-defined]

    def sym_step(at: object, a: int) -> object:
        return sympy.Rational(g.chance_probs(at.infoset)[a]) if at.player == CHANCE else s  # type: ignore[attr-defined]

    poly = reach_weight(g, node, g.root.index, poly_step, Poly.const(1))
    sym = reach_weight(g, node, g.root.index, sym_step, sympy.Integer(1))
    assert poly.evaluate({0: F(1, 2)}) == F(1, 10) * F(1, 4)
    assert sym.subs(s, sympy.Rational(1, 2)) == sympy.Rational(1, 40)


def test_reached_stops_at_a_move_outside_the_support() -> None:
    g = _beer_quiche()
    beer_only = {h.index: (0,) for h in g.infosets if h.player == 0}
    for v in g.nodes:
        path = list(moves_up(g, v.index, g.root.index))
        expected = all(at.player != 0 or a == 0 for at, a in path)
        assert reached(g, v.index, g.root.index, lambda at, a: at.player != 0 or a in beer_only[at.infoset]) == expected


def test_beer_quiche_is_a_signaling_game() -> None:
    g = _beer_quiche()
    sets = sender_sets(g)
    assert sets is not None and [g.infosets[h].label for h in sets] == ["weak", "strong"]
    pool = Profile.pure(g, {h: 0 for h in sets} | {h.index: 1 for h in g.infosets if h.player == 1})
    assert signaling_kind(g, pool.probs) == "pooling"
    separate = Profile.pure(g, {sets[0]: 1, sets[1]: 0} | {h.index: 1 for h in g.infosets if h.player == 1})
    assert signaling_kind(g, separate.probs) == "separating"


def test_a_game_without_chance_at_the_root_is_not_signaling() -> None:
    g = game("entry", ["E", "I"], decision("E", "e", out=leaf(0, 2), enter=decision("I", "i", fight=leaf(-1, -1), share=leaf(1, 1))))
    assert sender_sets(g) is None
    assert signaling_kind(g, [(F(1), F(0)), (F(1), F(0))]) is None


@pytest.mark.parametrize(
    ("dists", "known", "kind"),
    [
        ([{"a": F(1, 2), "b": F(1, 2)}, {"a": F(1, 2), "b": F(1, 2)}], True, "pooling"),
        ([{"a": 1, "b": 1}, {"a": 1, "b": 1}], False, "semi-separating"),
        ([{"a": 1}, {"a": 1}], False, "pooling"),
        ([{"a": 1}, {"b": 1}, {"c": 1}], True, "separating"),
        ([{"a": 1}, {"b": 1}, {"a": F(1, 3), "b": F(2, 3)}], True, "semi-separating"),
    ],
)
def test_message_kind(dists: list[dict[str, object]], known: bool, kind: str) -> None:
    assert message_kind(dists, weights_known=known) == kind
