"""Exact Nash (issue 14): Kuhn poker on the sequence form, and the three-player sqrt(2) game.

Run by hand (it is not a test)::

    python benchmarks/nash_exact.py
    python benchmarks/nash_exact.py --repeat 3 --gambit-timeout 60

In one run:

* *Kuhn poker* (``tests/data/efg/kuhn.efg``): ``nash`` (every extreme equilibrium by
  vertex enumeration of the sequence form: complete, alpha = 0 and alpha = 1/3 among
  the extreme points) against pygambit's ``lcp_solve`` (one equilibrium, sequence
  form, rational) and ``enummixed_solve`` (every extreme equilibrium of the strategic
  form, rational; run in a child process stopped after ``--gambit-timeout`` seconds);
* the *three-player sqrt(2) game* (``tests/test_nash_support.py``: each player mixes
  with probability 1/sqrt(2)): ``nash`` (support enumeration, exact) against
  pygambit's ``enumpoly_solve`` (floating point).

Times are the best of ``--repeat`` runs; the ratio is ours / Gambit's.  Targets
(issue 14): Kuhn ``nash`` complete within 5 s, the sqrt(2) game complete within 5 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gametoolkit.io.efg import read_efg  # noqa: E402
from gametoolkit.solvers import nash  # noqa: E402

KUHN = ROOT / "tests" / "data" / "efg" / "kuhn.efg"


def best_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def _enummixed_child(path: str) -> None:
    import pygambit

    pygambit.nash.enummixed_solve(pygambit.read_efg(path), rational=True)


def gambit_enummixed_time(timeout: float) -> float | None:
    """Seconds of Gambit's enummixed_solve on Kuhn poker in a child process, ``None`` past ``timeout``."""
    child = multiprocessing.Process(target=_enummixed_child, args=(str(KUHN),))
    start = time.perf_counter()
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return time.perf_counter() - start


def kuhn(repeat: int, gambit_timeout: float) -> bool:
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    game = read_efg(KUHN)
    ours, found = best_time(lambda: nash.solve(game), repeat)
    alphas = {Fraction(e.behavior.to_labels()["Player 1"]["1J"]["bet"]) for e in found}
    pg = to_pygambit(game)
    lcp, _ = best_time(lambda: pygambit.nash.lcp_solve(pg, rational=True), repeat)
    print(f"Kuhn poker nash: {ours:.3f} s, complete={found.complete}, {len(found)} extreme equilibria, "
          f"alpha in {sorted(str(a) for a in alphas)}")
    print(f"  gambit lcp_solve (one equilibrium): {lcp:.3f} s; ratio ours/gambit {ours / lcp:.1f}")
    em = gambit_enummixed_time(gambit_timeout)
    if em is None:
        print(f"  gambit enummixed_solve: not finished after {gambit_timeout:.0f} s (ratio below {ours / gambit_timeout:.3f})")
    else:
        print(f"  gambit enummixed_solve: {em:.3f} s; ratio ours/gambit {ours / em:.2f}")
    ok = found.complete and alphas >= {Fraction(0), Fraction(1, 3)} and ours <= 5
    print(f"  target (complete, alpha 0 and 1/3, <= 5 s): {'PASS' if ok else 'FAIL'}")
    return ok


def root_two(repeat: int) -> bool:
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit
    from test_nash_support import root_two_game

    game = root_two_game()
    ours, found = best_time(lambda: nash.solve(game), repeat)
    pg = to_pygambit(game)
    theirs, _ = best_time(lambda: pygambit.nash.enumpoly_solve(pg), repeat)
    mixed = [e.behavior.to_labels()["P1"]["P1"]["A"] for e in found]
    print(f"sqrt(2) game nash: {ours:.3f} s, complete={found.complete}, P1's A in {[str(x) for x in mixed]}")
    print(f"  gambit enumpoly_solve (floating point): {theirs:.3f} s; ratio ours/gambit {ours / theirs:.1f}")
    ok = found.complete and len(found) == 3 and ours <= 5
    print(f"  target (complete, exact, <= 5 s): {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gambit-timeout", type=float, default=60.0)
    args = parser.parse_args()
    ok = kuhn(args.repeat, args.gambit_timeout)
    ok = root_two(args.repeat) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
