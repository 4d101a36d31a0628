"""Random games cross-checked against Gambit, at scale.

    python benchmarks/crosscheck_random.py --games 10000 --seed 1 --out failures/ --jobs 2
    python benchmarks/crosscheck_random.py --games 10000 --seed 1 --scheduler tcp://10.0.0.5:8786

Game ``k`` of a run is ``gametoolkit.verify.random_games.campaign_game(seed, k)``: the same
seed and index give the same game on any machine, so any game can be replayed alone
(``--only K``).  Each game goes through ``gametoolkit.verify.reliability.check_game`` (round
trips, refusals without perfect recall, Gambit's regret of every equilibrium we report,
pure Nash against ``enumpure``, ``lcp`` and ``enummixed`` for two players, the
independent sequential-rationality check of every PBE); every ``--full-every``-th game
also through the whole ``crosscheck``.

The games go through the package's executor (``gametoolkit.analysis.executor.Executor``):
in this process by default, in ``--jobs`` local worker processes, or on the workers of a
Dask cluster (``--scheduler``).  Every game runs in a child process of its worker; a game
that takes longer than ``--game-timeout`` seconds is stopped (its process and every
process it started are killed) and counted as timed out, and a game whose process dies
counts as a disagreement.  A game with a disagreement, a crash or a time-out is written
to ``--out`` as ``<seed>-<k>.efg`` (with a ``.txt`` saying what went wrong).  A progress
bar goes to stderr when it is a terminal (``--bar`` / ``--no-bar``).  The exit code is 1
when some game disagrees, else 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gametoolkit.analysis.executor import Executor, FanoutError, Unfinished
from gametoolkit.io.efg import write_efg
from gametoolkit.verify.random_games import campaign_game
from gametoolkit.verify.reliability import GameReport, check_game

#: one game of a run: (seed, game number, share without perfect recall, largest tree, whole crosscheck too)
Task = tuple[int, int, float, int, bool]


def check_campaign_game(task: Task) -> GameReport:
    """Build game ``k`` of the run and check it: what each worker runs, once per game.

    An exception out of ``check_game`` is reported as a disagreement of that game, so
    that one bad game does not stop the run.
    """
    seed, k, imperfect, max_nodes, full = task
    try:
        return check_game(campaign_game(seed, k, imperfect, max_nodes), full=full)
    except Exception as err:
        return GameReport(0, 0, True, disagreements=[f"checking the game raised {type(err).__name__}: {err}"])


def warm_up() -> None:
    """Check two small games, one with perfect recall and one without, so that what
    ``check_game`` imports on first use (pygambit, the solvers) is loaded: run once in
    each new worker process, outside the time limit."""
    check_campaign_game((1, 3, 0.05, 80, False))
    check_campaign_game((1, 29, 0.05, 80, False))


@dataclass
class Campaign:
    """The counts of a run (what :func:`main` prints)."""

    games: int = 0
    by_players: Counter[int] = field(default_factory=Counter)
    recall: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    disagreeing: list[int] = field(default_factory=list)
    timed_out: list[int] = field(default_factory=list)
    slowest: list[tuple[float, int]] = field(default_factory=list)
    seconds: float = 0.0


def run_campaign(
    numbers: Sequence[int],
    executor: Executor,
    *,
    seed: int = 1,
    imperfect: float = 0.05,
    max_nodes: int = 80,
    full_every: int = 50,
    out: Path | None = None,
    say: Callable[[str], None] = print,
    progress: int = 0,
    advance: Callable[[int], None] | None = None,
) -> Campaign:
    """Check games ``numbers`` of run ``seed`` through ``executor``, and count what was found.

    ``executor`` should have a ``task_timeout``: a game past it is counted in
    ``timed_out``; a game whose process died counts as disagreeing.  Games with a
    problem are saved in ``out`` (when given); ``say`` gets a line for each
    disagreement as it is found (and one every ``progress`` games); ``advance`` is
    called once per game done (a progress bar).  The lists of games are sorted, so
    the counts do not depend on what ran the games or in which order they finished.
    """
    tasks: list[Task] = [(seed, k, imperfect, max_nodes, full_every > 0 and k % full_every == 0) for k in numbers]
    result = Campaign()
    start = time.perf_counter()

    def save(k: int, problems: list[str]) -> None:
        if out is not None:
            _save(out, seed, k, imperfect, max_nodes, problems)

    for index, report in executor.as_completed(check_campaign_game, tasks, unfinished="return"):
        k = numbers[index]
        result.games += 1
        if isinstance(report, Unfinished) and report.timed_out:
            result.timed_out.append(k)
            save(k, [f"timed out after {executor.task_timeout:g} s"])
        else:
            if isinstance(report, Unfinished):  # the process checking it died (e.g. Gambit crashed it)
                report = GameReport(0, 0, True, disagreements=[f"while checking this game, {report.message}"])
            result.by_players[report.players] += 1
            result.recall["perfect recall" if report.perfect_recall else "without perfect recall"] += 1
            result.checked.update(report.checked)
            result.skipped.update(report.skipped)
            result.slowest.append((report.seconds, k))
            if report.disagreements:
                result.disagreeing.append(k)
                save(k, report.disagreements)
                say(f"game {k}: DISAGREE: {report.disagreements[0]}")
        if advance is not None:
            advance(1)
        if progress and result.games % progress == 0:
            say(f"... {result.games} games, {len(result.disagreeing)} disagreeing, {time.perf_counter() - start:.0f} s")
    result.disagreeing.sort()
    result.timed_out.sort()
    result.slowest.sort(reverse=True)
    result.seconds = time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Random games cross-checked against Gambit.")
    parser.add_argument("--games", type=int, default=1000, help="how many games (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument("--start", type=int, default=0, help="first game number (default 0)")
    parser.add_argument("--only", type=int, action="append", help="check only game K (repeatable)")
    parser.add_argument("--out", type=Path, default=Path("crosscheck-random-failures"),
                        help="where games that disagree, crash or time out are saved as .efg")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes on this machine (default 1)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the games on the workers of this Dask scheduler (tcp://HOST:8786) instead")
    parser.add_argument("--imperfect", type=float, default=0.05, help="share of games without perfect recall (0.05)")
    parser.add_argument("--max-nodes", type=int, default=80, help="largest tree (default 80)")
    parser.add_argument("--full-every", type=int, default=50,
                        help="every K-th game also gets the whole crosscheck (0: never; default 50)")
    parser.add_argument("--game-timeout", type=float, default=300.0, help="seconds per game before it is stopped (300)")
    parser.add_argument("--progress", type=int, default=500, help="print a line every K games (0: never)")
    parser.add_argument("--bar", action=argparse.BooleanOptionalAction, default=None,
                        help="a progress bar on stderr (default: when stderr is a terminal)")
    args = parser.parse_args(argv)

    numbers = list(args.only) if args.only else list(range(args.start, args.start + args.games))
    show_bar = sys.stderr.isatty() if args.bar is None else args.bar
    from tqdm import tqdm

    bar = tqdm(total=len(numbers), desc="games", unit="game", file=sys.stderr, disable=not show_bar, smoothing=0.05)

    def say(line: str) -> None:
        tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()

    try:
        with Executor(jobs=max(1, args.jobs), scheduler=args.scheduler, task_timeout=args.game_timeout,
                      chunk_size=1, initializer=warm_up) as executor:
            where = executor.where
            result = run_campaign(
                numbers, executor, seed=args.seed, imperfect=args.imperfect, max_nodes=args.max_nodes,
                full_every=args.full_every, out=args.out, say=say, progress=args.progress, advance=bar.update,
            )
    except FanoutError as err:
        bar.close()
        print(f"crosscheck_random: {err}", file=sys.stderr)
        return 2
    bar.close()
    games, seconds = result.games, result.seconds
    print(f"seed {args.seed}: {games} games in {seconds:.1f} s ({games / max(seconds, 1e-9):.1f} games/s, {where})")
    print("players: " + ", ".join(f"{n}: {c}" for n, c in sorted(result.by_players.items())))
    print("recall: " + ", ".join(f"{k}: {c}" for k, c in sorted(result.recall.items())))
    print("checked:")
    for name, count in sorted(result.checked.items()):
        print(f"  {name:<24} {count}")
    print("skipped:")
    for name, count in sorted(result.skipped.items()):
        print(f"  {name:<46} {count}")
    print("slowest: " + ", ".join(f"game {k} {s:.1f} s" for s, k in result.slowest[:5]))
    timeouts, bad = result.timed_out, result.disagreeing
    print(f"timed out: {len(timeouts)}" + (f" (games {', '.join(map(str, timeouts[:20]))})" if timeouts else ""))
    print(f"disagreements: {len(bad)}" + (f" (games {', '.join(map(str, bad[:20]))}; saved in {args.out})" if bad else ""))
    return 1 if bad else 0


def _save(out: Path, seed: int, k: int, imperfect: float, max_nodes: int, problems: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    game = campaign_game(seed, k, imperfect, max_nodes)
    write_efg(game, out / f"{seed}-{k}.efg")
    (out / f"{seed}-{k}.txt").write_text(
        f"seed {seed}, game {k} (replay: --seed {seed} --only {k} --imperfect {imperfect} --max-nodes {max_nodes})\n"
        + "\n".join(problems) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
