"""Gambit's own games: Nash agreement with Gambit on the corpus (``../shared/corpus/gambit``).

Reading and round trips of all 174 files are in ``test_efg_corpus.py``; here every file
with perfect recall and at most :data:`MAX_NODES` nodes goes through
``gametoolkit.verify.reliability.check_game`` with the bounds of :data:`LIMITS`:

* our pure-Nash set equals Gambit's ``enumpure_solve`` set (reduced strategic form up
  to 1,000 cells);
* Gambit's ``lcp_solve`` equilibrium is Nash by our evaluator (two players);
* our extreme equilibria equal Gambit's ``enummixed_solve`` ones (up to 64 cells);
* Gambit's ``max_regret()`` is 0 for our Nash equilibria (the first 5), and, for files of
  at most :data:`SMALL` nodes, for our SPE and PBE too (every proper subgame as well),
  each PBE passing the independent sequential-rationality check.

Skipped, and why:

* files without perfect recall (15 absent-minded ones and a few that forget): our
  solvers refuse them by design, and ``test_refused_without_perfect_recall`` checks that;
* files over :data:`MAX_NODES` nodes (poker variants, large bargaining and holdout
  games): Gambit's regret and solvers are slow there and the runtime bound of this
  module (about a minute) would not hold;
* the files in :data:`SLOW` run only with the ``slow`` tests (each takes seconds);
* checks over a bound (strategic form, supports, equilibria) count as skipped inside
  ``check_game``, not as failures.

Known differences, each asserted as such so that a change is noticed:

* ``large_payoff_game.efg``: Gambit's rational ``enummixed_solve`` returns no
  equilibrium at all (payoffs near 10^18 overflow it), while ours are confirmed by
  Gambit's own ``max_regret()``.
* ``coord2ts.efg``: two sets of one player share a label; our output names the second
  ``(1,1) (2)`` (:meth:`Game.infoset_name`), so its PBE's off-path variants are checked
  like every other file's.
"""

from __future__ import annotations

import pytest

from gametoolkit.core.game import Game
from gametoolkit.io.efg import read_efg
from gametoolkit.solvers import solve
from gametoolkit.verify.reliability import Limits, check_game

pytest.importorskip("pygambit")

from corpus import CORPUS, needs_corpus

pytestmark = needs_corpus  # every test here reads Gambit's corpus
FILES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.efg"))

#: Files larger than this are not solved here (see the module's notes).
MAX_NODES = 150
#: Files up to this size are also solved for SPE and PBE.
SMALL = 30
LIMITS = Limits(max_cells=1_000, nash_cells=100, enummixed_cells=64, max_supports=300,
                max_equilibria=50, max_checked=5, max_plans=128, timeout=5.0)

#: Files whose check takes several seconds (up to 15 s each, under load): marked slow.
SLOW = {
    "contrib/games/work3.efg", "contrib/games/4cards.efg", "contrib/games/w_ex2.efg", "contrib/games/2smp.efg",
    "tests/test_games/reduction_both_players_payoff_ties_GTE_survey.efg", "contrib/games/palf2.efg",
    "contrib/games/bayes2a.efg", "contrib/games/bcp2.efg", "contrib/games/bcp3.efg", "contrib/games/bcp4.efg",
    "catalog/books/myerson1991/fig2_1.efg", "contrib/games/2s2x2x2.efg", "contrib/games/caro2.efg",
    "contrib/games/cent3.efg", "contrib/games/montyhal.efg", "catalog/books/myerson1991/fig4_2.efg",
}

#: Differences that are Gambit's, not ours (see the module's notes).
GAMBIT_ENUMMIXED_FAILS = {"tests/test_games/large_payoff_game.efg"}

_cache: dict[str, Game] = {}


def _game(name: str) -> Game:
    if name not in _cache:
        _cache[name] = read_efg(CORPUS / name)
    return _cache[name]


def _solved() -> list[str]:
    return [n for n in FILES if _game(n).has_perfect_recall and len(_game(n).nodes) <= MAX_NODES]


@needs_corpus
def test_what_is_solved_and_skipped() -> None:
    assert len(FILES) == 174
    solved = _solved()
    unrecalled = [n for n in FILES if not _game(n).has_perfect_recall]
    large = [n for n in FILES if _game(n).has_perfect_recall and len(_game(n).nodes) > MAX_NODES]
    assert len(solved) + len(unrecalled) + len(large) == 174
    assert len(solved) >= 130, len(solved)


@needs_corpus
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in _solved()]
)
def test_nash_agrees_with_gambit(name: str) -> None:
    g = _game(name)
    concepts = ("spe", "nash", "pbe", "pure-nash") if len(g.nodes) <= SMALL else ("nash", "pure-nash")
    report = check_game(g, LIMITS, concepts=concepts, round_trips=False)
    problems = report.disagreements
    if name in GAMBIT_ENUMMIXED_FAILS:
        assert problems and all("Gambit's enummixed finds 0" in p for p in problems), problems
        assert report.checked["nash"] > 0  # ours, confirmed by Gambit's regret
        return
    assert not problems, problems
    assert report.checked["recall"] == 1
    assert report.checked["nash"] > 0 or report.skipped


@needs_corpus
@pytest.mark.parametrize("name", [n for n in FILES if not _game(n).has_perfect_recall][:6])
def test_refused_without_perfect_recall(name: str) -> None:
    from gametoolkit.errors import SolverError

    for concept in ("spe", "nash", "pbe", "pure-nash"):
        with pytest.raises(SolverError, match="perfect recall"):
            solve(_game(name), concept)
