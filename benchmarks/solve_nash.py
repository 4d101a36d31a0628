"""Our exact Nash solvers against pygambit's ``lcp_solve`` on the corpus's largest games.

Run by hand (it is not a test)::

    python benchmarks/solve_nash.py
    python benchmarks/solve_nash.py --games 5 --repeat 3 --max-bases 20000

The games: every ``.efg`` of Gambit's corpus (``../shared/corpus/gambit``, else
``/work/shared/corpus/gambit``) that our reader accepts, with two players and perfect
recall; the ``--games`` largest by number of nodes (ties by path).

For each game, in this one process:

* ``gambit lcp``: ``pygambit.nash.lcp_solve(g, rational=True)`` on ``to_pygambit(game)``
  (the conversion is not timed): one equilibrium, Lemke on the sequence form;
* ``our lemke``: :func:`gametoolkit.solvers.lemke.solve`: the same method, exact,
  including the sequence form's construction and our check of the result on the tree;
* ``our enummixed``: :func:`gametoolkit.solvers.enummixed.solve`: every extreme
  equilibrium of the reduced strategic form (a different, usually much larger, job),
  stopped at ``--max-bases`` bases of either vertex enumeration.

Times are the best of ``--repeat`` runs; ratios are ours / Gambit's (below 1: ours is
faster).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gametoolkit.core.game import Game
from gametoolkit.errors import GameToolkitError, LimitError
from gametoolkit.io.efg import read_efg
from gametoolkit.io.pygambit import to_pygambit
from gametoolkit.solvers import enummixed, lemke

ROOT = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path:
    for path in (ROOT.parent / "shared" / "corpus" / "gambit", Path("/work/shared/corpus/gambit")):
        if path.exists():
            return path
    raise SystemExit("no corpus found (../shared/corpus/gambit or /work/shared/corpus/gambit)")


def largest_games(count: int) -> list[tuple[str, Game]]:
    found = []
    base = corpus_dir()
    for path in sorted(base.rglob("*.efg")):
        try:
            game = read_efg(path)
        except GameToolkitError:
            continue
        if game.num_players == 2 and game.has_perfect_recall:
            found.append((str(path.relative_to(base)), game))
    found.sort(key=lambda item: (-len(item[1].nodes), item[0]))
    return found[:count]


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", type=int, default=5, help="how many of the largest games (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept (default 3)")
    parser.add_argument("--max-bases", type=int, default=5_000, help="vertex enumeration limit (default 5000)")
    args = parser.parse_args()

    import pygambit

    header = (
        f"{'game':<34} {'nodes':>5} {'plans':>11} {'gambit lcp':>11} {'our lemke':>10} {'ratio':>6}  "
        f"{'our enummixed':>14} {'ratio':>8}  result"
    )
    print(header)
    print("-" * len(header))
    for name, game in largest_games(args.games):
        pg = to_pygambit(game)
        t_gambit, theirs = best_of(args.repeat, lambda pg=pg: pygambit.nash.lcp_solve(pg, rational=True))
        t_lemke, ours = best_of(args.repeat, lambda game=game: lemke.solve(game))
        try:
            from gametoolkit.forms.strategic import count_plans

            plans = "x".join(map(str, count_plans(game)))
        except GameToolkitError:
            plans = "?"
        start = time.perf_counter()
        try:
            found = enummixed.solve(game, max_bases=args.max_bases)
            t_enum = time.perf_counter() - start
            enum_text = f"{t_enum:13.3f}s {t_enum / t_gambit:8.1f}"
            result = f"{len(found)} extreme equilibria"
        except LimitError as err:
            t_enum = time.perf_counter() - start
            enum_text = f"{'stopped':>13}  {'':>8}"
            result = (
                f"enumeration stopped after {t_enum:.1f}s ({'cells' if 'max_cells' in str(err) else 'bases'} limit)"
            )
        print(
            f"{name[-34:]:<34} {len(game.nodes):>5} {plans:>11} {t_gambit:10.4f}s {t_lemke:9.4f}s "
            f"{t_lemke / t_gambit:6.2f}  {enum_text}  {result}; lemke payoffs "
            f"{', '.join(map(str, ours[0].payoffs))} (gambit found {len(theirs.equilibria)})"
        )


if __name__ == "__main__":
    main()
