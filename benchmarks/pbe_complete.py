"""How often the PBE solver answers completely, on seeded random games and Kuhn poker.

Run by hand (it is not a test)::

    python benchmarks/pbe_complete.py                      # the current solver
    python benchmarks/pbe_complete.py --baseline HEAD       # the solver as committed at HEAD
    python benchmarks/pbe_complete.py --games 10 --timeout 20 --no-kuhn

1. *Random games.*  ``--games`` (default 30) perfect-recall games drawn by
   :func:`gametoolkit.verify.random_games.random_game` from ``random.Random("pbe-complete:K")``,
   one to three players (cycling), sizes drawn in 3-12, 10-30, 20-50 or 40-80 nodes
   (cycling; 80 is the generator's largest).  Each ``pbe`` solve runs in a child process with a time limit
   (``--timeout``, default 60 s) and is counted *complete*, *incomplete* (an answer with
   ``complete: false``), *refused* (a :class:`~gametoolkit.errors.LimitError` at once) or
   *timeout*.  Times are the child's CPU seconds (the machine may be shared); the limit
   is wall-clock.
2. *Kuhn poker* (``tests/data/efg/kuhn.efg``): time of ``pbe``, whether it is complete,
   and whether player 1's probability of betting the Jack takes the values 0 and 1/3
   among the equilibria (Kuhn 1950: the equilibria are a family with that probability
   in [0, 1/3]).

``--baseline REF`` loads ``src/gametoolkit/solvers/pbe.py`` as it is at the git
revision ``REF`` instead of the working copy, so that before and after can be printed
from one checkout.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import random
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KUHN = ROOT / "tests" / "data" / "efg" / "kuhn.efg"
SIZES = ((3, 12), (10, 30), (20, 50), (40, 80))


def random_games(count: int) -> list[Any]:
    from gametoolkit.verify.random_games import random_game

    return [
        random_game(
            random.Random(f"pbe-complete:{k}"),
            players=1 + k % 3,
            min_nodes=SIZES[k % len(SIZES)][0],
            max_nodes=SIZES[k % len(SIZES)][1],
            title=f"pbe-complete {k}",
        )
        for k in range(count)
    ]


def solver(baseline: str | None) -> ModuleType:
    """The PBE solver module: the working copy, or the file at git revision ``baseline``."""
    if baseline is None:
        from gametoolkit.solvers import pbe

        return pbe
    source = subprocess.run(
        ["git", "show", f"{baseline}:src/gametoolkit/solvers/pbe.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    name = "gametoolkit.solvers._pbe_baseline"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "gametoolkit.solvers"
    sys.modules[name] = module
    exec(compile(source, f"{baseline}:pbe.py", "exec"), module.__dict__)
    return module


def _child(conn: Any, baseline: str | None, index: int, kuhn: bool) -> None:
    from gametoolkit.errors import LimitError

    try:
        module = solver(baseline)
        if kuhn:
            from gametoolkit.io.efg import read_efg

            game = read_efg(KUHN)
        else:
            game = random_games(index + 1)[index]
        start = time.process_time()
        try:
            solution = module.solve(game)
        except LimitError as err:
            conn.send(("refused", time.process_time() - start, str(err), []))
            return
        elapsed = time.process_time() - start
        jack = _jack_bets(solution) if kuhn else []
        status = "complete" if solution.complete else "incomplete"
        conn.send((status, elapsed, "; ".join(solution.notes)[:200], jack))
    except BaseException as err:  # report anything to the parent
        conn.send(("error", 0.0, f"{type(err).__name__}: {err}", []))
    finally:
        conn.close()


def _jack_bets(solution: Any) -> list[Fraction]:
    """Player 1's probability of betting holding the Jack (set ``1J``), per equilibrium."""
    game = solution.game
    h = game.infoset(0, "1J")
    bet = h.actions.index("bet")
    return sorted({eq.behavior.probs[h.index][bet] for eq in solution.equilibria})


def run(baseline: str | None, index: int, kuhn: bool, timeout: float) -> tuple[str, float, str, list[Fraction]]:
    parent, child = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=_child, args=(child, baseline, index, kuhn))
    start = time.perf_counter()
    proc.start()
    child.close()
    if parent.poll(timeout):
        result: tuple[str, float, str, list[Fraction]] = parent.recv()
        proc.join()
        return result
    proc.kill()
    proc.join()
    return "timeout", time.perf_counter() - start, "(wall clock)", []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--baseline", default=None, help="git revision of pbe.py to measure instead")
    parser.add_argument("--no-kuhn", action="store_true")
    parser.add_argument("--no-random", action="store_true")
    args = parser.parse_args(argv)
    label = f"pbe.py at {args.baseline}" if args.baseline else "working copy"
    print(f"PBE completeness ({label}), time limit {args.timeout:g} s per solve")
    counts: dict[str, int] = {}
    if not args.no_random:
        games = random_games(args.games)
        print(f"{'game':>4} {'players':>7} {'nodes':>5} {'sets':>4} {'status':>10} {'cpu':>8}  notes")
        for k, g in enumerate(games):
            status, elapsed, notes, _ = run(args.baseline, k, False, args.timeout)
            counts[status] = counts.get(status, 0) + 1
            sets = sum(1 for h in g.infosets if h.player >= 0)
            print(f"{k:>4} {len(g.players):>7} {len(g.nodes):>5} {sets:>4} {status:>10} {elapsed:>7.2f}s  {notes[:90]}")
            sys.stdout.flush()
        summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        print(f"random games: {counts.get('complete', 0)} of {len(games)} complete within {args.timeout:g} s ({summary})")
    if not args.no_kuhn:
        status, elapsed, notes, jack = run(args.baseline, 0, True, args.timeout)
        shown = ", ".join(str(x) for x in jack[:8]) + (" ..." if len(jack) > 8 else "")
        print(f"Kuhn poker pbe: {status} in {elapsed:.2f} s CPU; P(bet | Jack) among equilibria: {shown} {notes[:120]}")
        print(f"  alpha = 0 found: {Fraction(0) in jack}; alpha = 1/3 found: {Fraction(1, 3) in jack}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
