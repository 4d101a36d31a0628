"""Refinements: sequential equilibrium (consistency), the Intuitive Criterion, D1.

Pinned to the literature where a published verdict exists (beer-quiche), and
otherwise to verdicts worked out by hand from the definitions in the comments (the
games are small enough to check on paper).
"""

from __future__ import annotations

import json
import random
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from games import beer_quiche
from gametoolkit.catalog import load
from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import Game
from gametoolkit.errors import SolverError
from gametoolkit.evaluate.beliefs import subgame_roots_of_sets, support_beliefs
from gametoolkit.evaluate.profiles import Profile, is_nash
from gametoolkit.refine import parse_names, refine
from gametoolkit.render.report import format_solution
from gametoolkit.solvers import solve
from gametoolkit.solvers._consistency import consistency
from gametoolkit.verify.random_games import random_game
from strategies import signaling_games

ALL = ("sequential", "intuitive", "d1")


def refined(g: Game, concept: str = "pbe") -> list[tuple[dict[str, str], dict[str, dict[str, object]]]]:
    """(sender's pure choice per type, verdicts) for every equilibrium."""
    out = []
    for eq in refine(solve(g, concept), ALL).equilibria:
        labels = eq.behavior.to_labels()
        first = g.players[0]
        choice = {h: max(d, key=lambda a: d[a]) for h, d in labels[first].items()}
        assert eq.refinements is not None
        out.append((choice, {k: dict(v) for k, v in eq.refinements.items()}))
    return out


# ---------------------------------------------------------------------- beer-quiche
def test_beer_quiche_quiche_pooling_fails_intuitive_and_d1() -> None:
    # Cho and Kreps (1987), Section II: pooling on quiche is sustained only by the belief
    # that a beer drinker is weak; beer is equilibrium-dominated for the weak type (3 in
    # equilibrium, at most 2 from beer), so the belief must rest on the strong type, who
    # then gets 3 > 2 from beer: the quiche outcome fails the Intuitive Criterion.  The
    # beer-pooling outcome survives it.  D1 (stronger) gives the same verdicts.
    verdicts = {choice["strong"]: v for choice, v in refined(beer_quiche())}
    assert set(verdicts) == {"beer", "quiche"}
    quiche = verdicts["quiche"]
    assert quiche["intuitive"]["holds"] is False
    reason = str(quiche["intuitive"]["reason"])
    assert "type strong" in reason and "'beer'" in reason and "at least 3" in reason and "payoff 2" in reason
    assert quiche["d1"]["holds"] is False
    beer = verdicts["beer"]
    assert beer["intuitive"]["holds"] is True
    assert beer["d1"]["holds"] is True
    # both are sequential: in a signaling game every belief after an unsent message is consistent
    assert quiche["sequential"]["holds"] is True and beer["sequential"]["holds"] is True


# ---------------------------------------------------------------------- IC and D1 disagree
def ic_d1_game() -> Game:
    """Two types, equally likely; messages m0 and m1; the receiver answers each.

    After m0 the receiver accepts (1 to everyone) or rejects (0).  After m1 it plays
    ``ra`` (sender: t1 2, t2 3; receiver: 1 against t2, 0 against t1) or ``rb`` (sender
    0; receiver 1 against t1, 0 against t2).  The structure is the one Cho and Kreps
    (1987, Section V) use to separate D1 from the Intuitive Criterion: no type's
    deviation is equilibrium-dominated, but one type gains from a strictly larger set
    of responses than the other.
    """

    def sender(kind: str, strong: bool) -> object:
        after_m1 = decision(
            "Receiver", "after m1", label=f"{kind}-m1",
            ra=leaf(3 if strong else 2, 1 if strong else 0), rb=leaf(0, 0 if strong else 1),
        )
        after_m0 = decision("Receiver", "after m0", label=f"{kind}-m0", accept=leaf(1, 1), reject=leaf(0, 0))
        return decision("Sender", kind, label=kind, m0=after_m0, m1=after_m1)

    half = Fraction(1, 2)
    return game("IC and D1 disagree", ["Sender", "Receiver"], chance("Nature", t1=(half, sender("t1", False)), t2=(half, sender("t2", True))))


def test_pooling_survives_intuitive_but_fails_d1() -> None:
    # Worked from the definitions (Cho and Kreps 1987, Sections IV and V; Fudenberg and
    # Tirole 1991, Section 11.2).  Pooling on m0 pays both types 1 and is held up by
    # rb after m1 (belief on t1 at least 1/2).  Intuitive Criterion: with q the weight
    # on ra, t1 gets 2q and t2 3q from m1; each can beat 1 (q = 1), so neither is
    # equilibrium-dominated and rb (q = 0) remains a best reply: it survives.  D1: t1
    # weakly gains for q >= 1/2, t2 strictly for q > 1/3, a strictly larger set, so t1
    # is pruned; against t2 the receiver plays ra and t2 gets 3 > 1: it fails D1.
    found = [(c, v) for c, v in refined(ic_d1_game()) if c == {"t1": "m0", "t2": "m0"}]
    assert len(found) == 1
    verdict = found[0][1]
    assert verdict["intuitive"]["holds"] is True
    assert verdict["d1"]["holds"] is False
    reason = str(verdict["d1"]["reason"])
    assert "type t1 is pruned" in reason and "'m1'" in reason and "type t2" in reason and "at least 3" in reason


# ---------------------------------------------------------------------- consistency
def shared_deviation() -> Game:
    """Player 1 ends the game (Out) or plays L or R; 2 does not see which and plays x or
    y; after x, 3 does not see L or R either and plays l or r.  1 gets 1 from Out and 0
    otherwise, so Out is strictly best.  2 gets 1 from x after L and 2 from y after R
    (x iff mu2(L) >= 2/3); 3 gets 2 from l after L-x and 1 from r after R-x (r iff
    mu3(L-x) <= 1/3)."""
    return game(
        "Shared deviation", ["1", "2", "3"],
        decision(
            "1", "1", label="1",
            Out=leaf(1, 0, 0),
            L=decision("2", "2", label="L", x=decision("3", "3", label="Lx", l=leaf(0, 1, 2), r=leaf(0, 1, 0)), y=leaf(0, 0, 0)),
            R=decision("2", "2", label="R", x=decision("3", "3", label="Rx", l=leaf(0, 0, 0), r=leaf(0, 0, 1)), y=leaf(0, 2, 0)),
        ),
    )


def test_pbe_that_is_not_sequential_shared_deviation() -> None:
    # Kreps and Wilson (1982); Fudenberg and Tirole (1991), Section 8.3: consistency
    # makes players who see the same unexpected deviation share their belief about it
    # (the trembles of L and R reach both sets in the same ratio), so mu3(L-x) = mu2(L).
    # (Out, x, r) is a PBE (mu2(L) >= 2/3 and mu3(L-x) <= 1/3 are each allowed) but no
    # consistent belief supports it.
    g = shared_deviation()
    bad = Profile.from_labels(g, {"1": {"1": {"Out": 1}}, "2": {"2": {"x": 1}}, "3": {"3": {"r": 1}}})
    assert all(c.rational for c in support_beliefs(bad))  # a PBE
    assert consistency(bad).holds is False
    good = Profile.from_labels(g, {"1": {"1": {"Out": 1}}, "2": {"2": {"x": 1}}, "3": {"3": {"l": 1}}})
    verdict = consistency(good)
    assert verdict.holds is True
    assert any("mu(L)*mu(Rx) = mu(R)*mu(Lx)" in c for c in verdict.conditions)
    assert verdict.beliefs[g.infoset("2", "2").index] == verdict.beliefs[g.infoset("3", "3").index]
    # the sequential solver keeps the outcome Out with consistent behavior off the path
    solution = solve(g, "sequential")
    assert len(solution.equilibria) == 1
    eq = solution.equilibria[0]
    assert consistency(eq.behavior).holds is True
    assert not (eq.behavior[g.infoset("2", "2").index][0] == 1 and eq.behavior[g.infoset("3", "3").index][1] == 1)


def nature_first() -> Game:
    """Nature picks G (1/3) or B (2/3); player 1 does not see it and plays Out (1, 0) or
    In; after In, player 2 does not see it either and plays a (1 after G, 0 after B) or b
    (0 after G, 1 after B)."""

    def branch(tag: str, good: bool) -> object:
        return decision("1", "1", label=tag, Out=leaf(1, 0), In=decision("2", "2", label=f"{tag}-In", a=leaf(0, int(good)), b=leaf(0, int(not good))))

    return game("Nature first", ["1", "2"], chance("Nature", G=(Fraction(1, 3), branch("G", True)), B=(Fraction(2, 3), branch("B", False))))


def test_consistency_keeps_the_prior_after_a_deviation_that_ignores_the_type() -> None:
    # Fudenberg and Tirole (1991), Section 8.3 ("no signaling what you don't know"): 1's
    # deviation In cannot depend on Nature's move, which 1 does not see, so the only
    # consistent belief after In is the prior: mu(G-In) = 1/3.  A PBE may hold any
    # belief there; (Out, a) needs mu(G-In) >= 1/2 and is not sequential; (Out, b) is.
    g = nature_first()
    bad = Profile.from_labels(g, {"1": {"1": {"Out": 1}}, "2": {"2": {"a": 1}}})
    assert all(c.rational for c in support_beliefs(bad))
    assert consistency(bad).holds is False
    solution = solve(g, "sequential")
    assert [e.behavior.to_labels()["2"]["2"]["b"] for e in solution.equilibria] == [1]
    assert solution.equilibria[0].beliefs[g.infoset("2", "2").index] == (Fraction(1, 3), Fraction(2, 3))
    assert "mu(B-In) = 2*mu(G-In)" in solution.equilibria[0].conditions


# ---------------------------------------------------------------------- US-Japan
def test_us_japan_all_three_equilibria_are_sequential_and_survive() -> None:
    # At p = 3/10 < t = 1/2 (Hayashi's game, china high): separating, pooling and
    # semi-separating PBE.  Every set of Japan's after an unsent message is a singleton
    # (only U_H can offer h), so nothing is left for consistency, the Intuitive
    # Criterion or D1 to restrict: all three survive.
    g = load("us-japan-alliance", china="high", p="3/10")
    verdicts = refined(g)
    assert len(verdicts) == 3
    for _, v in verdicts:
        assert {k: v[k]["holds"] for k in ALL} == dict.fromkeys(ALL, True)
    assert len(solve(g, "sequential").equilibria) == 3


def test_us_japan_refinements_are_fast() -> None:
    g = load("us-japan-alliance", china="high", p="3/10")
    started = time.perf_counter()
    refine(solve(g, "pbe"), ALL)
    assert time.perf_counter() - started < 1.0  # target 0.2 s (benchmarks/refine.py); slack for CI


# ---------------------------------------------------------------------- contract and text
def test_json_key_only_when_asked_and_text_lines() -> None:
    solution = solve(beer_quiche(), "pbe")
    assert all("refinements" not in e for e in solution.to_json()["equilibria"])
    data = json.loads(json.dumps(refine(solution, ["intuitive"]).to_json()))
    for e in data["equilibria"]:
        assert set(e["refinements"]) == {"intuitive"}
        assert set(e["refinements"]["intuitive"]) == {"holds", "reason"}
    text = format_solution(refine(solution, ALL))
    assert "fails the Intuitive Criterion: type strong" in text
    assert "survives D1" in text


def test_not_a_signaling_game_gives_null() -> None:
    eq = refine(solve(shared_deviation(), "pbe"), ALL).equilibria[0]
    assert eq.refinements is not None
    assert eq.refinements["intuitive"]["holds"] is None
    assert "not a sender-receiver game" in str(eq.refinements["d1"]["reason"])


def test_unknown_refinement_is_refused() -> None:
    with pytest.raises(SolverError, match="unknown refinement"):
        parse_names("intuitive,divinity")
    assert parse_names("d1, intuitive") == ("intuitive", "d1")


# ---------------------------------------------------------------------- properties
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.mark.parametrize("seed", range(0, 60, 3))
def test_every_sequential_equilibrium_is_a_pbe(seed: int) -> None:
    # Definition: a sequential equilibrium is a PBE whose beliefs are consistent.  The
    # independent check on random games with information sets of several nodes:
    # sequential rationality with supporting beliefs (beliefs.py), Nash (strategic
    # regrets zero), the reported beliefs inside each set's supporting region, and
    # the outcome among the PBE solver's.
    rng = random.Random(seed)
    g = random_game(rng, players=rng.choice([2, 3]), min_nodes=8, max_nodes=16, merge=1.0, chance_share=0.2)
    base = solve(g, "pbe")
    seq = solve(g, "sequential")
    roots = subgame_roots_of_sets(g)
    outcomes = {tuple(e.payoffs) for e in base.equilibria}
    assert len(seq.equilibria) <= len(base.equilibria)
    for eq in seq.equilibria:
        checks = support_beliefs(eq.behavior, roots)
        assert all(c.rational for c in checks)
        assert is_nash(eq.behavior)
        assert tuple(eq.payoffs) in outcomes
        for c in checks:
            belief = eq.beliefs.get(c.infoset)
            if c.bayes is None and c.region is not None and belief is not None:
                assert all(sum(a * x for a, x in zip(coeffs, belief)) <= bound for coeffs, bound in c.region.inequalities)
        assert consistency(eq.behavior, checks).holds is not False


@PROPERTY
@given(g=signaling_games(max_types=3, max_messages=2, max_responses=3))
def test_signaling_games_every_pbe_is_sequential_and_d1_implies_intuitive(g: Game) -> None:
    # In a signaling game each node after an unsent message is reached by its own
    # type's tremble, so every belief there is consistent: sequential = PBE.  And D1
    # is stronger than the Intuitive Criterion (Cho and Kreps 1987, Section V).  A type
    # of prior 0 is never trembled into (chance does not tremble), so there a PBE may
    # rest on a belief no consistent assessment has: such games are left out.
    if any(p == 0 for p in g.chance_probs(g.root.infoset)):
        return
    base = solve(g, "pbe")
    for eq in refine(base, ALL).equilibria:
        assert eq.refinements is not None
        v = {k: eq.refinements[k]["holds"] for k in ALL}
        assert v["sequential"] is True
        assert v["intuitive"] in (True, False) and v["d1"] in (True, False)
        if v["d1"]:
            assert v["intuitive"], eq.refinements


def test_beer_quiche_verdicts_do_not_depend_on_the_order_of_types() -> None:
    # the verdict does not depend on the order of Nature's branches (beer-quiche with
    # the types listed the other way round)
    def sender(kind: str, beer: int, quiche: int, weak: bool) -> object:
        def receiver(message: str, bonus: int) -> object:
            return decision("Receiver", f"after {message}", label=f"{kind}-{message}",
                            duel=leaf(bonus, 1 if weak else 0), not_duel=leaf(bonus + 2, 0 if weak else 1))
        return decision("Sender", kind, label=kind, beer=receiver("beer", beer), quiche=receiver("quiche", quiche))

    g = game("Beer-quiche, reversed", ["Sender", "Receiver"],
             chance("Nature", strong=(Fraction(9, 10), sender("strong", 1, 0, False)),
                    weak=(Fraction(1, 10), sender("weak", 0, 1, True))))
    verdicts = {c["strong"]: (v["intuitive"]["holds"], v["d1"]["holds"]) for c, v in refined(g)}
    assert verdicts == {"beer": (True, True), "quiche": (False, False)}


# ---------------------------------------------------------------------- figures
def _draw(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    from gametoolkit import write_game
    from gametoolkit.cli import main

    source = tmp_path / "beer-quiche.json"
    write_game(beer_quiche(), source)
    out = tmp_path / "figure.json"
    code = main(["draw", str(source), "-o", str(out), *args])
    return code, (json.loads(out.read_text()) if code == 0 else {})


def test_draw_refine_legend_in_the_scene(tmp_path: Path) -> None:
    # every equilibrium's verdicts written under the figure, and listed in the scene's
    # added key "verdicts": Cho and Kreps's verdicts (see the first test)
    code, scene = _draw(tmp_path, "--refine", "intuitive,d1")
    assert code == 0
    verdicts = scene["verdicts"]
    assert isinstance(verdicts, list)
    by_eq: dict[int, dict[str, Any]] = {}
    for v in verdicts:
        by_eq.setdefault(v["equilibrium"], {})[v["refinement"]] = (v["holds"], v["text"])
    assert sorted(by_eq) == [1, 2]
    labels = scene["labels"]
    assert isinstance(labels, list)
    lines = [lab for lab in labels if lab["role"] == "verdict"]
    assert len(lines) == 2
    texts = [" ".join(lab["text"].split()) for lab in lines]  # a long line is broken between words
    quiche = next(t for t in texts if "weak: quiche, strong: quiche" in t)
    beer = next(t for t in texts if "weak: beer, strong: beer" in t)
    assert "fails the Intuitive Criterion: type strong would deviate to 'beer'" in quiche
    assert "fails D1: type strong would deviate to 'beer'" in quiche
    assert "survives the Intuitive Criterion; survives D1" in beer
    # under everything else, inside the figure
    nodes = scene["nodes"]
    assert isinstance(nodes, list)
    lowest = min(n["y"] for n in nodes)
    others = [lab for lab in labels if lab["role"] != "verdict"]
    for lab in lines:
        assert lab["y"] + lab["h"] / 2 < lowest
        assert all(lab["y"] + lab["h"] / 2 <= o["y"] - o["h"] / 2 + 0.01 for o in others)
        assert lab["x"] - lab["w"] / 2 >= -0.01 and lab["x"] + lab["w"] / 2 <= scene["width"] + 0.01
        assert lab["y"] - lab["h"] / 2 >= -0.01


def test_draw_refine_one_equilibrium_and_formats(tmp_path: Path) -> None:
    from gametoolkit.cli import main

    code, scene = _draw(tmp_path, "--refine", "sequential,intuitive,d1", "--equilibrium", "2")
    assert code == 0
    texts = [" ".join(lab["text"].split()) for lab in scene["labels"] if lab["role"] == "verdict"]
    solution = refine(solve(beer_quiche(), "pbe"), ALL)
    expected = solution.equilibria[1].refinements
    assert expected is not None
    assert texts[0] == "sequential"
    assert [v["holds"] for v in scene["verdicts"]] == [expected[k]["holds"] for k in ALL]
    assert all(v["equilibrium"] is None for v in scene["verdicts"])
    source = str(tmp_path / "beer-quiche.json")
    for suffix in ("tex", "dot"):
        out = tmp_path / f"figure.{suffix}"
        assert main(["draw", source, "-o", str(out), "--equilibrium", "2", "--refine", "intuitive"]) == 0
        written = out.read_text()
        assert "fails the Intuitive" in written and "would deviate to" in written
        if suffix == "dot":
            assert 'class="verdict"' in written  # the text's class in Graphviz


def test_draw_refine_fits_the_width(tmp_path: Path) -> None:
    # --width 10cm: the legend is broken between words so that the figure still fits
    code, scene = _draw(tmp_path, "--refine", "intuitive,d1", "--width", "10cm")
    assert code == 0
    assert scene["width"] <= 10 / 2.54 * 72 + 0.01
    for lab in scene["labels"]:
        if lab["role"] == "verdict":
            assert lab["x"] + lab["w"] / 2 <= scene["width"] + 0.01
    assert any("\n" in lab["text"] for lab in scene["labels"] if lab["role"] == "verdict")


def test_draw_without_refine_has_no_verdicts(tmp_path: Path) -> None:
    code, scene = _draw(tmp_path, "--equilibrium", "1")
    assert code == 0
    assert "verdicts" not in scene
    assert all(lab["role"] != "verdict" for lab in scene["labels"])
    code, _ = _draw(tmp_path, "--refine", "divinity")
    assert code == 2
