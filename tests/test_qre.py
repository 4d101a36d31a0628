"""The agent logit QRE (solvers/qre.py): the logit equations, and Gambit's logit limit.

The fixed-point check below is independent of the solver's array code: it walks the
tree node by node (reach probabilities forward, expected payoffs backward, Bayes
beliefs at each set) and checks that every set's behaviour is the logit response to
the action values the profile itself induces.  The limits are compared with
``pygambit.nash.logit_solve`` (Gambit 16.7's own path follower on the agent form).
"""

from __future__ import annotations

import json
import math
import random

import pytest

from games import beer_quiche, selten_horse
from gametoolkit.catalog import load
from gametoolkit.cli import main
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.errors import SolverError
from gametoolkit.solvers import solve
from gametoolkit.solvers.qre import LogitSystem, logit_point
from gametoolkit.verify.random_games import random_game


def logit_error(game: Game, probs: dict[int, tuple[float, ...]], lam: float) -> float:
    """Largest |σ(h, a) − logit response| over the sets reached with positive probability."""
    g = game
    n = len(g.players)

    def prob(v: int, a: int) -> float:
        h = g.nodes[v].infoset
        if g.infosets[h].player == CHANCE:
            return float(g.chance_probs(h)[a])
        return probs[h][a]

    reach = [1.0] * len(g.nodes)
    for v in g.nodes:
        for a, c in enumerate(v.children):
            reach[c] = reach[v.index] * prob(v.index, a)
    value = [[0.0] * n for _ in g.nodes]
    for v in reversed(g.nodes):
        own = [float(x) for x in g.outcome_payoffs(v.outcome)] if v.outcome >= 0 else [0.0] * n
        below = [0.0] * n
        for a, c in enumerate(v.children):
            below = [x + prob(v.index, a) * y for x, y in zip(below, value[c])]
        value[v.index] = [x + y for x, y in zip(own, below)]
    worst = 0.0
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        total = sum(reach[v] for v in h.nodes)
        if total <= 1e-300:
            continue
        u = [
            sum(reach[v] * value[g.nodes[v].children[a]][h.player] for v in h.nodes) / total
            for a in range(len(h.actions))
        ]
        top = max(u)
        weights = [math.exp(lam * (x - top)) for x in u]
        for a, w in enumerate(weights):
            worst = max(worst, abs(probs[h.index][a] - w / sum(weights)))
    return worst


def qre_probs(game: Game, lam: float | None) -> tuple[dict[int, tuple[float, ...]], float]:
    point, _, _ = logit_point(game, lam)
    sets = LogitSystem(game).sets
    return dict(zip(sets, point.probs)), point.lam


def us_japan() -> Game:
    return load("us-japan-alliance", china="high", p="3/10")


def playable(seed: int) -> Game | None:
    g = random_game(random.Random(f"qre-test:{seed}"), max_nodes=30)
    if not g.has_perfect_recall or all(h.player == CHANCE for h in g.infosets):
        return None
    return g


@pytest.mark.parametrize("lam", [0.0, 0.5, 2.0, 7.5])
def test_us_japan_logit_equations(lam: float) -> None:
    g = us_japan()
    probs, at = qre_probs(g, lam)
    assert at == pytest.approx(lam)
    assert logit_error(g, probs, lam) < 1e-7


def test_known_games_logit_equations() -> None:
    for g in (beer_quiche(), selten_horse()):
        probs, _ = qre_probs(g, 3.0)
        assert logit_error(g, probs, 3.0) < 1e-7


def test_a_wrong_profile_fails_the_check() -> None:
    g = us_japan()
    probs, _ = qre_probs(g, 2.0)
    h = next(iter(k for k, d in probs.items() if len(d) == 2))
    a, b = probs[h]
    probs[h] = (a + 1e-4, b - 1e-4)
    assert logit_error(g, probs, 2.0) > 1e-5
    assert logit_error(g, qre_probs(g, 2.0)[0], 2.1) > 1e-5


@pytest.mark.parametrize("seed", range(12))
def test_random_games_logit_equations(seed: int) -> None:
    g = playable(seed)
    if g is None:
        pytest.skip("no player move or no perfect recall")
    scale = max(1.0, max(abs(float(x)) for z in g.terminals for x in g.payoffs(z)))
    lam = 1.7 / scale
    probs, _ = qre_probs(g, lam)
    assert logit_error(g, probs, lam) < 1e-7


def gambit_limit(game: Game) -> dict[int, tuple[float, ...]]:
    """Gambit's logit limit at the sets its profile reaches with probability > 1e-3.

    Gambit stops when the *strategic* regret (weighted by the chance of reaching each
    set) is below 1e-8 of the payoff range, so at a set reached with probability
    1e-47 its behaviour is not converged; ours is (agent regret, conditional on the
    set).  Those sets are left out of the comparison.
    """
    pygambit = pytest.importorskip("pygambit")
    from gametoolkit.io.pygambit import to_pygambit
    from gametoolkit.verify.gambit_profiles import GambitTree, equilibria_of

    pg = to_pygambit(game)
    tree = GambitTree(game, pg)
    eq = equilibria_of(pygambit.nash.logit_solve(pg))[0]
    return {
        h.index: tuple(float(x) for x in tree.behavior(eq, h.index))
        for h in game.infosets
        # Gambit's bound of 1e-8 on the reach-weighted regret leaves the behaviour at a set
        # reached with probability r accurate to about 1e-8 / r: compare where r > 1e-3
        # (pygambit 17 stops at a profile reaching one set with probability 1.3e-8)
        if h.player != CHANCE and float(tree.infoset_prob(eq, h.index)) > 1e-3
    }


def has_zero_chance(game: Game) -> bool:
    return any(p == 0 for h in game.infosets if h.player == CHANCE for p in game.chance_probs(h.index))


def test_us_japan_limit_agrees_with_gambit() -> None:
    g = us_japan()
    ours, _ = qre_probs(g, None)
    theirs = gambit_limit(g)
    assert theirs and max(abs(x - y) for h in theirs for x, y in zip(ours[h], theirs[h])) < 1e-5


def generic_games(count: int) -> list[Game]:
    """The first ``count`` generic random games: player moves, perfect recall, no chance
    move of probability zero, and no player with equal payoffs at two leaves.

    Below a chance move of probability zero the beliefs are a convention (ours: that
    move at e**-500; Gambit's: its own); with payoff ties the branch's mixture among
    tied actions still drifts at the λ where Gambit stops, so "the limit" depends on
    the stopping point.  Neither says anything about the path follower.
    """
    found: list[Game] = []
    for seed in range(2000):
        g = random_game(random.Random(f"qre-generic:{seed}"), max_nodes=30, payoffs="fraction")
        if not g.has_perfect_recall or all(h.player == CHANCE for h in g.infosets) or has_zero_chance(g):
            continue
        pays = [g.payoffs(z) for z in g.terminals]
        if all(len({p[i] for p in pays}) == len(pays) for i in range(len(g.players))):
            found.append(g)
            if len(found) == count:
                break
    return found


@pytest.mark.parametrize("game", generic_games(15), ids=lambda g: f"{len(g.nodes)}-nodes")
def test_random_limits_agree_with_gambit(game: Game) -> None:
    ours, _ = qre_probs(game, None)
    theirs = gambit_limit(game)
    assert theirs and max(abs(x - y) for h in theirs for x, y in zip(ours[h], theirs[h])) < 1e-5


def test_solution_and_cli(capsys: pytest.CaptureFixture[str]) -> None:
    sol = solve(us_japan(), "qre", lam=2.0)
    assert sol.concept == "qre" and not sol.exact and not sol.complete
    assert main(["solve", "us-japan-alliance", "--set", "china=high", "--concept", "qre", "--lambda", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["exact"] is False
    japan = out["equilibria"][0]["behavior"]["Japan"]["after l"]
    assert abs(sum(float(x) for x in japan.values()) - 1) < 1e-12
    assert all("/" not in x for x in japan.values())
    assert main(["solve", "us-japan-alliance", "--concept", "qre"]) == 0
    assert "limit of the principal logit branch" in capsys.readouterr().out


def test_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "us-japan-alliance", "--lambda", "2"]) == 2
    assert "--lambda applies to --concept qre only" in capsys.readouterr().err
    with pytest.raises(SolverError, match="at least 0"):
        solve(us_japan(), "qre", lam=-1.0)
