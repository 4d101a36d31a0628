"""Speed of our equilibrium solvers, with pygambit timed in the same run.

Run by hand (it is not a test)::

    python benchmarks/solve.py                    # both parts
    python benchmarks/solve.py --repeat 50 --timeout 120 --games 5

1. *Perfect Bayesian equilibria of the US-Japan game* (China high and China low,
   ``p = 3/10``).  Each repetition builds the game afresh (untimed, so no cached view
   of the tree is reused) and times ``solve(game, "pbe")``.  Target: median under
   50 ms.  Gambit has no PBE solver; its ``lcp_solve`` (one Nash equilibrium of the
   sequence form) on the same game is printed for scale.
2. *Nash equilibria of the largest two-player games of Gambit's corpus*
   (``../shared/corpus/gambit/**.efg``, read with our reader; the five with the most
   nodes among those with perfect recall).  Our ``solve(game, "nash")`` against
   pygambit's ``lcp_solve(game, rational=True)``, each in a child process with a time
   limit; the ratio is ours / Gambit's.  Note the two do different work: ours lists
   every extreme equilibrium, Gambit's extensive ``lcp`` returns one.  This part runs
   only once :mod:`gametoolkit.solvers.nash` exists; when ``benchmarks/solve_nash.py``
   exists and offers ``run(games, timeout)`` this script calls that instead of timing
   the games itself.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "gambit"
PBE_TARGET_SECONDS = 0.050


# ---------------------------------------------------------------------- part 1: PBE on US-Japan
def bench_pbe(repeat: int) -> bool:
    from gametoolkit.catalog import load
    from gametoolkit.solvers import solve

    print("Perfect Bayesian equilibria, US-Japan alliance game, p = 3/10")
    print(f"{'case':<12} {'equilibria':>10} {'first':>9} {'median':>9} {'min':>9} {'gambit lcp':>11}  target")
    passed = True
    for china in ("high", "low"):
        times: list[float] = []
        count = 0
        first = 0.0
        for k in range(repeat + 1):
            game = load("us-japan-alliance", china=china, p="3/10")
            start = time.perf_counter()
            solution = solve(game, "pbe")
            elapsed = time.perf_counter() - start
            count = len(solution.equilibria)
            if k == 0:
                first = elapsed  # includes importing the solver's modules
            else:
                times.append(elapsed)
        median = statistics.median(times)
        gambit = _gambit_lcp_on(load("us-japan-alliance", china=china, p="3/10"), repeat)
        ok = median < PBE_TARGET_SECONDS
        passed = passed and ok
        print(
            f"{'China ' + china:<12} {count:>10} {_ms(first):>9} {_ms(median):>9} {_ms(min(times)):>9} "
            f"{_ms(gambit):>11}  {'PASS' if ok else 'FAIL'} (< {_ms(PBE_TARGET_SECONDS)})"
        )
    return passed


def _gambit_lcp_on(game: Any, repeat: int) -> float:
    """Median time of pygambit's extensive lcp_solve on the game (conversion untimed)."""
    import pygambit

    from gametoolkit.io.pygambit import to_pygambit

    times = []
    for _ in range(max(1, repeat)):
        pg = to_pygambit(game)
        start = time.perf_counter()
        pygambit.nash.lcp_solve(pg, rational=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


# ---------------------------------------------------------------------- part 2: Nash on the corpus
def largest_two_player_games(count: int) -> list[tuple[Path, int]]:
    """The ``count`` two-player games of the corpus with the most nodes (perfect recall, numeric)."""
    from gametoolkit.errors import GameToolkitError
    from gametoolkit.io.efg import read_efg

    found: list[tuple[int, Path]] = []
    for path in sorted(CORPUS.rglob("*.efg")):
        try:
            game = read_efg(path)
        except GameToolkitError:
            continue
        if len(game.players) == 2 and game.is_numeric and game.has_perfect_recall:
            found.append((len(game.nodes), path))
    found.sort(key=lambda item: (-item[0], str(item[1])))
    return [(path, nodes) for nodes, path in found[:count]]


def _ours(path: str) -> tuple[float, int, bool]:
    from gametoolkit.io.efg import read_efg
    from gametoolkit.solvers import solve

    game = read_efg(path)
    start = time.perf_counter()
    solution = solve(game, "nash")
    return time.perf_counter() - start, len(solution.equilibria), solution.complete


def _gambit(path: str) -> tuple[float, int, bool]:
    import pygambit

    from gametoolkit.io.efg import read_efg
    from gametoolkit.io.pygambit import to_pygambit

    pg = to_pygambit(read_efg(path))
    start = time.perf_counter()
    result = pygambit.nash.lcp_solve(pg, rational=True)
    return time.perf_counter() - start, len(result.equilibria), False


def _child(conn: Any, func: Callable[[str], tuple[float, int, bool]], path: str) -> None:
    try:
        conn.send(("ok", func(path)))
    except BaseException as err:  # report anything to the parent
        conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def timed(func: Callable[[str], tuple[float, int, bool]], path: Path, timeout: float) -> tuple[str, Any]:
    """``("ok", (seconds, equilibria, complete))``, ``("timeout", None)`` or ``("error", message)``."""
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, func, str(path)), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return "timeout", None
        try:
            kind, payload = receiver.recv()
        except EOFError:
            return "error", f"child died (exit code {process.exitcode})"
        return kind, payload
    finally:
        receiver.close()
        process.join(timeout=1.0)
        if process.is_alive():
            process.kill()
            process.join()


def bench_nash(games: int, timeout: float) -> None:
    print()
    print(f"Nash equilibria, the {games} largest two-player games of Gambit's corpus (ours: all extreme; Gambit: lcp)")
    if importlib.util.find_spec("gametoolkit.solvers.nash") is None:
        print("skipped: gametoolkit.solvers.nash is not there yet")
        return
    chosen = largest_two_player_games(games)
    helper = _solve_nash_helper()
    if helper is not None:
        helper.run([path for path, _ in chosen], timeout)
        return
    print(f"{'game':<44} {'nodes':>6} {'ours':>10} {'eq':>4} {'gambit lcp':>11} {'eq':>4} {'ratio':>8}")
    for path, nodes in chosen:
        name = str(path.relative_to(CORPUS))
        ours = timed(_ours, path, timeout)
        theirs = timed(_gambit, path, timeout)
        ours_text = _cell(ours, timeout)
        theirs_text = _cell(theirs, timeout)
        ratio = "-"
        if ours[0] == "ok" and theirs[0] == "ok" and theirs[1][0] > 0:
            ratio = f"{ours[1][0] / theirs[1][0]:.2f}"
        our_eq = f"{ours[1][1]}{'' if ours[1][2] else '+'}" if ours[0] == "ok" else "-"
        their_eq = str(theirs[1][1]) if theirs[0] == "ok" else "-"
        print(f"{name:<44} {nodes:>6} {ours_text:>10} {our_eq:>4} {theirs_text:>11} {their_eq:>4} {ratio:>8}")
        for kind, payload in (ours, theirs):
            if kind == "error":
                print(f"    error: {payload}")
    print("('+' after a count: our list is not proven complete)")


def _cell(result: tuple[str, Any], timeout: float) -> str:
    kind, payload = result
    if kind == "ok":
        return _ms(float(payload[0]))
    return f">{timeout:g} s" if kind == "timeout" else "error"


def _solve_nash_helper() -> Any:
    """``benchmarks/solve_nash.py`` when it offers ``run(paths, timeout)``."""
    here = Path(__file__).resolve().parent
    if not (here / "solve_nash.py").exists():
        return None
    sys.path.insert(0, str(here))
    try:
        module = importlib.import_module("solve_nash")
    finally:
        sys.path.remove(str(here))
    return module if callable(getattr(module, "run", None)) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="timed repetitions of the PBE solve (default 20)")
    parser.add_argument("--games", type=int, default=5, help="how many corpus games for the Nash part (default 5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per solver and game (default 120)")
    parser.add_argument("--skip-nash", action="store_true", help="only the PBE part")
    args = parser.parse_args(argv)
    passed = bench_pbe(args.repeat)
    if not args.skip_nash:
        bench_nash(args.games, args.timeout)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
