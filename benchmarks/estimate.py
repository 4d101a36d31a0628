"""Speed of the agent logit QRE and of the currency-attack fit (issue 17 targets).

Run by hand (it is not a test)::

    python benchmarks/estimate.py               # both parts
    python benchmarks/estimate.py --repeat 10

1. *QRE on the US-Japan game along the whole branch* (China high, ``p = 3/10``): the
   principal logit branch from the centroid to its limit (agent regret below 1e-8 of
   the payoff range), ``solve(game, "qre")``.  Target: under 1 s.  pygambit's
   ``logit_solve`` on the same game is timed for scale.
2. *The currency-attack fit*: egame12 with private-information probit errors on
   Leblang's data (7,240 rows, 19 coefficients, Kenkel and Signorino 2014), standard
   errors included.  Target: under 10 s.  Read from ``../shared/data/estimation``.
3. *A fit through the agent QRE*: a tree with an information set (the defender does
   not see which of two challenges she faces), 5,000 rows with a continuous covariate
   (every row its own equilibrium), agent-logit and agent-probit, standard errors
   included.  No target; for scale.

Both wall-clock and process (CPU) time are printed: on a shared machine the two differ.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "estimation" / "leblang2003.csv"
UTILITIES = [
    "u11 ~ capcont + lreserves + overval + creditgrow + USinterest + service + contagion + prioratt - 1",
    "u13 ~ 1",
    "u14 ~ 1",
    "u23 ~ 0",
    "u24 ~ unifgov + lexports + preelec + postelec + rightgov + realinterest + capcont + lreserves",
]


def timed(run: object, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        run()  # type: ignore[operator]
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def qre_part(repeat: int) -> None:
    from gametoolkit.catalog import load
    from gametoolkit.solvers import solve

    game = load("us-japan-alliance", china="high", p="3/10")
    wall, cpu = timed(lambda: solve(game, "qre"), repeat)
    print(f"QRE US-Japan whole branch: median {wall:.3f} s wall, {cpu:.3f} s CPU (target < 1 s)")
    try:
        import pygambit

        from gametoolkit.io.pygambit import to_pygambit

        pg = to_pygambit(game)
        wall, cpu = timed(lambda: pygambit.nash.logit_solve(pg), repeat)
        print(f"  pygambit logit_solve: median {wall:.3f} s wall, {cpu:.3f} s CPU")
    except ImportError:
        print("  pygambit not installed")


def fit_part(repeat: int) -> None:
    if not DATA.is_file():
        print(f"currency-attack fit skipped: no {DATA}")
        return
    import pandas as pd

    from gametoolkit.estimation import egame12, estimate

    data = pd.read_csv(DATA)
    game = egame12(("no attack", "devaluation", "defense"))
    fits = []
    wall, cpu = timed(lambda: fits.append(estimate(game, data, "outcome", UTILITIES)), repeat)
    fit = fits[-1]
    print(f"currency-attack fit with SEs: median {wall:.2f} s wall, {cpu:.2f} s CPU (target < 10 s)")
    print(f"  loglik {fit.loglik:.4f} (published -482.0155), N {fit.n} (published 7240), {len(fit.params)} coefficients")


def qre_fit_part(repeat: int) -> None:
    from fractions import Fraction

    import numpy as np
    import pandas as pd

    from gametoolkit.core.dsl import decision, game, leaf, param
    from gametoolkit.estimation import estimate

    a, b, c, d = (param(n) for n in "abcd")
    hidden = game(
        "hidden challenge",
        ["P", "Q"],
        decision("P", "p", {
            "L": decision("Q", "q", {"l": leaf(a, b), "r": leaf(0, c)}),
            "M": decision("Q", "q", {"l": leaf(1, 0), "r": leaf(d, 1)}),
            "R": leaf(Fraction(1, 2), 0),
        }),
    )
    rng = np.random.default_rng(0)
    n = 5000
    x = rng.normal(size=n)
    # outcomes at random: the timing, not the recovery, is measured here
    outcome = rng.choice(["L/l", "L/r", "M/l", "M/r", "R"], size=n)
    data = pd.DataFrame({"outcome": outcome, "x": x})
    for error in ("agent-logit", "agent-probit"):
        def run(error: str = error) -> None:
            estimate(hidden, data, "outcome", ["a ~ 1 + x", "b ~ 1", "c ~ 0", "d ~ 1"], error=error)

        wall, cpu = timed(run, repeat)
        print(f"information-set fit ({error}, {n} rows, 4 coefficients, with SEs): median {wall:.2f} s wall, {cpu:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    qre_part(args.repeat)
    fit_part(max(1, args.repeat // 3))
    qre_fit_part(max(1, args.repeat // 3))


if __name__ == "__main__":
    main()
