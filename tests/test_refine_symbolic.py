"""Refinements of symbolic families: `solve --symbolic --refine intuitive,d1,sequential`.

Three kinds of check:

* the criteria written once over a sign oracle (refine/criteria.py) agree, verdict and
  reason, with the numeric implementation (intuitive.py, d1.py: exact linear programs)
  on random signaling games;
* verdicts pinned to hand derivations from the definitions (Cho and Kreps 1987;
  Fudenberg and Tirole 1991, Section 11.2), written out in the comments;
* the property: at random rational points inside a family's region, the reported
  condition (the text, read back) holds exactly when the numeric `--refine` says the
  equilibrium there survives.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction
from typing import Any

import pytest

from gametoolkit.catalog import find_model
from gametoolkit.cli import main
from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.evaluate.profiles import Profile
from gametoolkit.refine import refine
from gametoolkit.refine.d1 import d1_criterion
from gametoolkit.refine.intuitive import intuitive_criterion
from gametoolkit.refine.signaling import recognise
from gametoolkit.solvers import solve

sympy = pytest.importorskip("sympy")

from gametoolkit.symbolic import Assumptions, parse_relations, solve_model, solve_symbolic  # noqa: E402
from gametoolkit.symbolic.expr import compare, evaluate_exact  # noqa: E402
from gametoolkit.symbolic.refinements import SymbolicVerdict, refine_families  # noqa: E402
from gametoolkit.symbolic.regions import search  # noqa: E402
from gametoolkit.symbolic.solver import SymbolicEquilibrium, SymbolicSolution  # noqa: E402


# ---------------------------------------------------------------------- games
def ic_d1(c: Any = None) -> Game:
    """tests/test_refine.py's game where the Intuitive Criterion and D1 disagree, with
    type t1's payoff from ``ra`` after ``m1`` a parameter ``c`` (2 there)."""
    if c is None:
        (c,) = params("c")

    def sender(kind: str, strong: bool) -> object:
        after_m1 = decision("Receiver", "after m1", label=f"{kind}-m1",
                            ra=leaf(3 if strong else c, 1 if strong else 0), rb=leaf(0, 0 if strong else 1))
        after_m0 = decision("Receiver", "after m0", label=f"{kind}-m0", accept=leaf(1, 1), reject=leaf(0, 0))
        return decision("Sender", kind, label=kind, m0=after_m0, m1=after_m1)

    half = Fraction(1, 2)
    return game("IC and D1, symbolic", ["Sender", "Receiver"],
                chance("Nature", t1=(half, sender("t1", False)), t2=(half, sender("t2", True))))


def beer_quiche() -> Game:
    """Cho and Kreps's beer-quiche with symbolic payoffs: the weak type (probability
    ``p``) gets ``a`` from quiche, the strong ``b`` from beer, and each gets ``d`` more
    when the receiver does not duel (1, 1 and 2 in the paper)."""
    p, a, b, d = params("p a b d")

    def sender(kind: str, beer: Any, quiche: Any, weak: bool) -> object:
        def receiver(message: str, bonus: Any) -> object:
            return decision("Receiver", f"after {message}", label=f"{kind}-{message}",
                            duel=leaf(bonus, 1 if weak else 0), not_duel=leaf(bonus + d, 0 if weak else 1))
        return decision("Sender", kind, label=kind, beer=receiver("beer", beer), quiche=receiver("quiche", quiche))

    return game("Beer-quiche, symbolic", ["Sender", "Receiver"],
                chance("Nature", weak=(p, sender("weak", 0, a, True)), strong=(1 - p, sender("strong", b, 0, False))))


def assumptions(g: Game, relations: list[str]) -> Assumptions:
    names = set(g.parameters)
    rel = tuple(r for text in relations for r in parse_relations(text, names))
    probs = tuple(n for n in ("p",) if n in names)
    return Assumptions((), probs, rel)


def by_play(sol: SymbolicSolution, verdicts: list[dict[str, SymbolicVerdict]]) -> dict[str, list[tuple[SymbolicEquilibrium, dict[str, SymbolicVerdict]]]]:
    out: dict[str, list[tuple[SymbolicEquilibrium, dict[str, SymbolicVerdict]]]] = {}
    for fam, v in zip(sol.equilibria, verdicts):
        out.setdefault(fam.name, []).append((fam, v))
    return out


def sender_play(fam: SymbolicEquilibrium) -> dict[str, str]:
    """Each type's message when it does not mix."""
    g = fam.game
    out = {}
    for t in g.root.children:
        h = g.infosets[g.nodes[t].infoset]
        row = fam.behavior[h.index]
        sent = [a for a, x in zip(h.actions, row) if x != 0]
        out[h.label] = sent[0] if len(sent) == 1 else "mixes"
    return out


# ---------------------------------------------------------------------- the engine
# ---------------------------------------------------------------------- pinned verdicts
@pytest.fixture(scope="module")
def ic_d1_solution() -> tuple[SymbolicSolution, list[dict[str, SymbolicVerdict]]]:
    g = ic_d1()
    sol = solve_symbolic(g, assumptions(g, ["c > 0"]))
    return sol, refine_families(sol, ["sequential", "intuitive", "d1"])


def test_ic_and_d1_thresholds_in_c(ic_d1_solution: tuple[SymbolicSolution, list[dict[str, SymbolicVerdict]]]) -> None:
    # Pooling on m0 pays both types 1.  After m1, with q the weight on ra, t1 gets c*q
    # and t2 gets 3q.  Intuitive Criterion: t1's deviation is equilibrium-dominated iff
    # 1 > c (the most it can get is c); then the belief rests on t2, ra is the only best
    # reply and t2 gets 3 > 1: it fails iff c < 1.  For c >= 1 no type is excluded and rb
    # (q = 0) deters both: it survives.  D1: t1 weakly gains for q >= 1/c, t2 strictly for
    # q > 1/3; t1 is pruned iff [1/c, 1] lies inside (1/3, 1], i.e. c < 3, and then ra
    # against t2 breaks it; for c > 3 t2 is pruned and rb deters; at c = 3 neither set
    # lies inside the other strictly and rb deters.  So: IC iff c >= 1, D1 iff c >= 3.
    sol, verdicts = ic_d1_solution
    pooling = [
        (fam, v) for fam, v in zip(sol.equilibria, verdicts) if sender_play(fam) == {"t1": "m0", "t2": "m0"}
    ]
    assert pooling
    for _, v in pooling:
        assert v["intuitive"].holds is None and v["intuitive"].condition == "c >= 1"
        assert v["d1"].holds is None and v["d1"].condition == "c >= 3"
        assert "type t2 would send the off-path message 'm1'" in v["d1"].reason
        assert "where 3 > c: fails D1" in v["d1"].reason
        assert v["sequential"].holds is True
        data = v["d1"].to_json()
        assert data["condition"] == "c >= 3"
        # at c = 3 neither type is pruned; above, t2 is (see the derivation)
        cases = {tuple(c["conditions"]): (c["holds"], c["reason"]) for c in data["cases"]}
        assert set(cases) == {("c > 3",), ("c = 3",), ("3 > c",)}
        assert "(type(s) t2 pruned)" in cases[("c > 3",)][1] and "beliefs on t1 and t2" in cases[("c = 3",)][1]
        assert cases[("3 > c",)][0] is False and "type t1 is pruned" in cases[("3 > c",)][1]


@pytest.fixture(scope="module")
def beer_quiche_solution() -> tuple[SymbolicSolution, list[dict[str, SymbolicVerdict]]]:
    g = beer_quiche()
    sol = solve_symbolic(g, assumptions(g, ["a > 0", "b > 0", "d > 0"]))
    return sol, refine_families(sol, ["sequential", "intuitive", "d1"])


def test_beer_quiche_symbolic_pooling_verdicts(
    beer_quiche_solution: tuple[SymbolicSolution, list[dict[str, SymbolicVerdict]]],
) -> None:
    # Cho and Kreps (1987), Section II, with the payoffs as symbols of the same signs:
    # pooling on quiche gives the weak type a + d and beer at most d, so beer is
    # equilibrium-dominated for it; believing beer comes from the strong type, the
    # receiver does not duel and the strong type gets b + d > d: it fails the Intuitive
    # Criterion (and D1), for every a, b, d > 0.  Pooling on beer survives both.
    sol, verdicts = beer_quiche_solution
    seen = set()
    for fam, v in zip(sol.equilibria, verdicts):
        play = sender_play(fam)
        if fam.kind != "pooling" or play["weak"] != play["strong"]:
            continue
        seen.add(play["weak"])
        expected = play["weak"] == "beer"
        assert v["intuitive"].holds is expected, v["intuitive"].reason
        assert v["d1"].holds is expected, v["d1"].reason
        assert v["sequential"].holds is True
        if not expected:
            reason = v["intuitive"].reason
            assert "type strong would send the off-path message 'beer'" in reason
            assert "equilibrium a + d > at most d" in reason and "at least b + d" in reason
    assert seen == {"beer", "quiche"}


def test_us_japan_every_family_survives() -> None:
    # The only message ever off the path is h in the pooling family, and only U_H can
    # send it: Japan's belief after h is forced, it answers h (y6 > bJ) and U_H gets
    # x6 < x4, its pooling payoff: equilibrium-dominated, so nothing is restricted.
    sol = solve_model(find_model("us-japan-alliance"), {"china": "high"})
    verdicts = refine_families(sol, ["sequential", "intuitive", "d1"])
    assert len(verdicts) == len(sol.equilibria) + len(sol.boundary)
    for fam, v in zip(sol.equilibria, verdicts):
        assert {k: x.holds for k, x in v.items()} == {"sequential": True, "intuitive": True, "d1": True}, fam.name
    pooling = next(v for fam, v in zip(sol.equilibria, verdicts) if fam.name == "pooling")
    assert "'h' is equilibrium-dominated" in pooling["intuitive"].reason
    # the boundary continuum p = t: Japan's free mixing changes U_H's payoff: undecided, said so
    boundary = verdicts[len(sol.equilibria):]
    assert all(v["intuitive"].holds is None and "sigma(after l:l)" in v["intuitive"].reason for v in boundary)


def test_not_a_signaling_game_is_null() -> None:
    x, y = params("x y")
    g = game("Entry, symbolic", ["E", "I"],
             decision("E", "E", Out=leaf(0, 2), In=decision("I", "I", Fight=leaf(x, -1), Share=leaf(1, y))))
    sol = solve_symbolic(g, assumptions(g, ["y > -1"]))
    (v,) = refine_families(sol, ["intuitive", "sequential"])[: len(sol.equilibria)][:1]
    assert v["intuitive"].holds is None and "not a sender-receiver game" in v["intuitive"].reason
    assert v["sequential"].holds is None


# ---------------------------------------------------------------------- the property
def condition_holds(text: str, point: dict[str, Fraction]) -> bool:
    """The reported condition, read back from its text, at ``point``."""
    names = set(point)
    for disjunct in text.split(" or "):
        parts = [p.strip().removeprefix("(").removesuffix(")") for p in disjunct.split(" and ")]
        if all(rel.holds(point) for part in parts for rel in parse_relations(part, names)):
            return True
    return False


def symbolic_verdict(v: SymbolicVerdict, point: dict[str, Fraction]) -> bool | None:
    if v.condition is not None:
        return condition_holds(v.condition, point)
    return v.holds


def numeric_profile(fam: SymbolicEquilibrium, point: dict[str, Fraction]) -> Profile | None:
    g = fam.game.bind(point)
    rows = {}
    for h, row in fam.behavior.items():
        try:
            rows[h] = [evaluate_exact(sympy.Integer(0) + x, point) for x in row]
        except ValueError:
            return None
    return Profile.from_probs(g, rows)


def check_at_random_points(sol: SymbolicSolution, verdicts: list[dict[str, SymbolicVerdict]], draws: int) -> int:
    rng = random.Random(7)
    checked = 0
    for fam, v in zip(sol.equilibria, verdicts):
        rows = [(c.expr, c.op) for c in fam.conditions]
        for _ in range(draws):
            point = search(sol.assumptions, rows, sol.parameters, rng, tries=100)
            if point is None:
                continue
            point = {k: point[k] for k in sol.parameters}
            assert all(compare(evaluate_exact(e, point), op) for e, op in rows)
            profile = numeric_profile(fam, point)
            if profile is None:
                continue
            s, _ = recognise(profile.game)
            assert s is not None
            numeric = {"intuitive": intuitive_criterion(s, profile), "d1": d1_criterion(s, profile)}
            # and through the numeric --refine: the equilibrium with the same behavior
            solution = refine(solve(profile.game, "pbe"), ["intuitive", "d1"])
            same = [e for e in solution.equilibria if e.behavior.probs == profile.probs]
            for name, verdict in numeric.items():
                mine = symbolic_verdict(v[name], point)
                if mine is None:
                    continue
                assert mine is verdict.holds, (fam.name, name, point, v[name].to_json(), verdict.reason)
                for e in same:
                    assert e.refinements is not None and e.refinements[name]["holds"] is verdict.holds
                checked += 1
    return checked


def test_property_ic_d1_game(ic_d1_solution: tuple[SymbolicSolution, list[dict[str, SymbolicVerdict]]]) -> None:
    sol, verdicts = ic_d1_solution
    assert check_at_random_points(sol, verdicts, draws=12) >= 40


def test_property_beer_quiche(beer_quiche_solution: tuple[SymbolicSolution, list[dict[str, SymbolicVerdict]]]) -> None:
    sol, verdicts = beer_quiche_solution
    assert check_at_random_points(sol, verdicts, draws=6) >= 40


def test_property_beer_quiche_taste_of_either_sign() -> None:
    # a weak type that may prefer beer (a of either sign; the duel worth d = 2): the
    # verdicts now depend on a and b, e.g. quiche pooling survives the Intuitive
    # Criterion iff a <= 0 (beer is then not equilibrium-dominated for the weak type)
    g = beer_quiche().bind(d=2)
    sol = solve_symbolic(g, assumptions(g, ["b > 0"]))
    verdicts = refine_families(sol, ["intuitive", "d1"])
    conditions = {v["intuitive"].condition for v in verdicts[: len(sol.equilibria)]}
    assert "0 >= a" in conditions
    assert check_at_random_points(sol, verdicts, draws=5) >= 40


def test_property_us_japan() -> None:
    sol = solve_model(find_model("us-japan-alliance"), {"china": "high"})
    verdicts = refine_families(sol, ["intuitive", "d1"])
    assert check_at_random_points(sol, verdicts, draws=4) >= 20


# ---------------------------------------------------------------------- the command
def test_cli_symbolic_refine_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["solve", "us-japan-alliance", "--symbolic", "--refine", "intuitive,d1", "--draws", "0", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    for fam in data["equilibria"]:
        assert set(fam["refinements"]) == {"intuitive", "d1"}
        assert fam["refinements"]["d1"]["holds"] is True
        assert set(fam["refinements"]["d1"]) >= {"holds", "reason"}
    assert all("refinements" in fam for fam in data["boundary_equilibria"])
    code = main(["solve", "us-japan-alliance", "--symbolic", "--refine", "intuitive", "--draws", "0"])
    text = capsys.readouterr().out
    assert code == 0
    assert text.count("survives the Intuitive Criterion") == 3


def test_cli_symbolic_refine_bad_name(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["solve", "us-japan-alliance", "--symbolic", "--refine", "divinity"])
    assert code == 2
    assert "unknown refinement" in capsys.readouterr().err
