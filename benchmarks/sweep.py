"""Speed of a parameter sweep through the symbolic fast path, against pygambit.

Run by hand (it is not a test)::

    python benchmarks/sweep.py                      # 10,000 points, 300 through pygambit
    python benchmarks/sweep.py --points 2000 --sample 100 --seed 7

The sweep: the US-Japan game (``models/us_japan_alliance.py``) at ``--points`` grid
points, half with China high and half with China low; in each case ``p`` runs over
an even grid strictly inside (0, 1) and every point gets its own random payoffs
consistent with that case's preference orderings (14 exact values: seven distinct
integers in [-100, 100] per player, assigned along the ordering; integers, because
Gambit's exact ``lcp_solve`` slows tenfold, to about 0.4 s a point, on fractions with
denominators near 1000).

* *Fast path*: one symbolic solve per China case (:func:`gametoolkit.symbolic.solve_model`
  with every payoff and ``p`` left as symbols), timed; then every equilibrium's
  ``holds_many`` over columns of the 5,000 exact points of the case (numpy object
  arrays of :class:`~fractions.Fraction`), timed.  The total is the sweep's time.
  Target: under 1 s for 10,000 points.
* *pygambit loop*: at each point, build the game with the model's ``build`` and move
  it to pygambit (:func:`gametoolkit.io.pygambit.to_pygambit`), then
  ``pygambit.nash.lcp_solve(game, rational=True)``.  Timing every one of 10,000
  points would take minutes, so a random sample of ``--sample`` points (half per
  case) is timed and the mean time per point is scaled to the whole grid; the output
  says so.  Note the two do different work: Gambit's ``lcp_solve`` returns one Nash
  equilibrium of the sequence form, the fast path decides every PBE of the game at the
  point (pooling, separating, semi-separating).  Target: ratio >= 100x.
* *Check*: at the sampled points the fast path's equilibrium set must equal our exact
  numeric PBE solver's (``solve(game, "pbe")``, labels as :mod:`gametoolkit.analysis.sweep`
  gives them); the count of agreements is printed and any disagreement fails the run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from fractions import Fraction

TARGET_SECONDS = 1.0
TARGET_RATIO = 100.0


def random_payoffs(orderings: dict[str, tuple[str, ...]], rng: random.Random) -> dict[str, Fraction]:
    """Exact payoffs consistent with the orderings (best first): distinct, sorted, assigned."""
    values: dict[str, Fraction] = {}
    for ordering in orderings.values():
        draws: set[Fraction] = set()
        while len(draws) < len(ordering):
            draws.add(Fraction(rng.randint(-100, 100)))
        for name, value in zip(ordering, sorted(draws, reverse=True)):
            values[name] = value
    return values


def points(n: int, rng: random.Random) -> dict[str, list[dict[str, Fraction]]]:
    from gametoolkit.models import us_japan_alliance as model

    per_case = n // 2
    out: dict[str, list[dict[str, Fraction]]] = {}
    for china in ("high", "low"):
        rows = []
        for k in range(per_case):
            row = random_payoffs(model.ORDERINGS[china], rng)
            row["p"] = Fraction(k + 1, per_case + 1)
            rows.append(row)
        out[china] = rows
    return out


def fast_path(grid: dict[str, list[dict[str, Fraction]]]) -> tuple[dict[str, list[tuple[str, ...]]], float, float]:
    """Equilibrium sets at every point; seconds spent solving and evaluating."""
    import numpy as np

    from gametoolkit.catalog import find_model
    from gametoolkit.symbolic import solve_model

    model = find_model("us-japan-alliance")
    solve_seconds = 0.0
    eval_seconds = 0.0
    found: dict[str, list[tuple[str, ...]]] = {}
    for china, rows in grid.items():
        start = time.perf_counter()
        # verify=0: the solver's own spot checks are skipped here; this script checks
        # the fast path against the exact numeric solver at --sample points instead
        sol = solve_model(model, {"china": china}, verify=0)
        solve_seconds += time.perf_counter() - start
        columns = {name: np.array([row[name] for row in rows], dtype=object) for name in sol.parameters}
        start = time.perf_counter()
        masks = [np.asarray(eq.holds_many(columns), dtype=bool) for eq in sol.equilibria]
        names = [eq.kind or eq.name for eq in sol.equilibria]
        sets = [tuple(sorted({n for n, m in zip(names, masks) if m[i]})) for i in range(len(rows))]
        eval_seconds += time.perf_counter() - start
        found[china] = sets
    return found, solve_seconds, eval_seconds


def gambit_loop(sample: list[tuple[str, dict[str, Fraction]]]) -> float:
    """Seconds to build, convert and lcp-solve every sampled point."""
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit
    from gametoolkit.models import us_japan_alliance as model

    start = time.perf_counter()
    for china, row in sample:
        game = model.build(china=china, **row)
        pygambit.nash.lcp_solve(to_pygambit(game), rational=True)
    return time.perf_counter() - start


def check(sample: list[tuple[str, int, dict[str, Fraction]]], fast: dict[str, list[tuple[str, ...]]]) -> int:
    from gametoolkit.analysis.sweep import label_set
    from gametoolkit.models import us_japan_alliance as model
    from gametoolkit.solvers import solve

    agree = 0
    for china, index, row in sample:
        expected = label_set(solve(model.build(china=china, **row), "pbe").equilibria)
        if expected == fast[china][index]:
            agree += 1
        else:
            print(f"  DISAGREE china={china} {row}: numeric {expected}, fast path {fast[china][index]}")
    return agree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=10_000, help="grid points in all (half per China case)")
    parser.add_argument("--sample", type=int, default=300, help="points timed through pygambit and checked")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    try:
        import gametoolkit.symbolic as symbolic

        symbolic.solve_model  # noqa: B018
    except (ImportError, AttributeError) as err:
        print(f"the symbolic fast path is not available: {err}")
        return 2
    rng = random.Random(args.seed)
    grid = points(args.points, rng)
    total = sum(len(rows) for rows in grid.values())
    print(f"US-Japan sweep: {total:,} points (p on a grid in (0, 1) x China high/low), random consistent payoffs")

    fast, solve_s, eval_s = fast_path(grid)
    fast_s = solve_s + eval_s
    print(f"fast path:     {fast_s:8.3f} s  (2 symbolic solves {solve_s:.3f} s + evaluation {eval_s:.3f} s)")

    flat = [(china, i, row) for china, rows in grid.items() for i, row in enumerate(rows)]
    per_case = args.sample // 2
    sample = [x for china in grid for x in rng.sample([y for y in flat if y[0] == china], per_case)]
    gambit_s = gambit_loop([(china, row) for china, _, row in sample])
    scaled = gambit_s / len(sample) * total
    print(
        f"pygambit loop: {scaled:8.1f} s  (to_pygambit + lcp_solve; {len(sample)} sampled points took "
        f"{gambit_s:.2f} s = {gambit_s / len(sample) * 1e3:.2f} ms/point, scaled to {total:,})"
    )
    ratio = scaled / fast_s
    print(f"ratio:         {ratio:8.0f}x  (target >= {TARGET_RATIO:.0f}x; fast path target < {TARGET_SECONDS:.0f} s)")

    agree = check(sample, fast)
    print(f"check:         {agree}/{len(sample)} sampled points: fast path = exact numeric PBE solver")
    ok = agree == len(sample) and fast_s < TARGET_SECONDS and ratio >= TARGET_RATIO
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
