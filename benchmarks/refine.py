"""Speed of the refinements: the US-Japan game at a point (issue 15).

Run by hand (it is not a test)::

    python benchmarks/refine.py                 # 20 repetitions
    python benchmarks/refine.py --repeat 50

Each repetition builds the game afresh (untimed: no cached view of the tree is reused)
and times ``refine(solve(game, "pbe"), ("sequential", "intuitive", "d1"))`` and, on its
own, ``solve(game, "sequential")``.  Target: the refinements (the PBE solve included)
in under 0.2 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

TARGET_SECONDS = 0.2


def main() -> int:
    from gametoolkit.catalog import load
    from gametoolkit.refine import REFINEMENTS, refine
    from gametoolkit.solvers import solve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print("Refinements of the US-Japan alliance game (china high, p = 3/10)")
    print(f"{'what':<34} {'median':>9} {'min':>9}  target")
    passed = True
    for label, run in (
        ("pbe + sequential, intuitive, d1", lambda g: refine(solve(g, "pbe"), REFINEMENTS)),
        ("sequential", lambda g: solve(g, "sequential")),
    ):
        times = []
        for _ in range(args.repeat):
            game = load("us-japan-alliance", china="high", p="3/10")
            start = time.perf_counter()
            run(game)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        ok = median < TARGET_SECONDS
        passed = passed and ok
        print(f"{label:<34} {median * 1000:>7.1f}ms {min(times) * 1000:>7.1f}ms  {'ok' if ok else 'MISSED'} (< {TARGET_SECONDS * 1000:.0f} ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
