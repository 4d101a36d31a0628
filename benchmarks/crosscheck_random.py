"""Random games cross-checked against Gambit, at scale.

    python benchmarks/crosscheck_random.py --games 10000 --seed 1 --out failures/ --jobs 2

Game ``k`` of a run is ``gametoolkit.verify.random_games.campaign_game(seed, k)``: the same
seed and index give the same game on any machine, so any game can be replayed alone
(``--only K``).  Each game goes through ``gametoolkit.verify.reliability.check_game`` (round
trips, refusals without perfect recall, Gambit's regret of every equilibrium we report,
pure Nash against ``enumpure``, ``lcp`` and ``enummixed`` for two players, the
independent sequential-rationality check of every PBE); every ``--full-every``-th game
also through the whole ``crosscheck``.

Games run in ``--jobs`` worker processes; a game that takes longer than
``--game-timeout`` seconds is stopped and counted as timed out (its worker is
replaced).  A game with a disagreement, a crash or a time-out is written to ``--out``
as ``<seed>-<k>.efg`` (with a ``.txt`` saying what went wrong).  The exit code is 1
when some game disagrees, else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from gametoolkit.io.efg import write_efg
from gametoolkit.verify.random_games import campaign_game
from gametoolkit.verify.reliability import GameReport, check_game


def _worker(conn: Connection, seed: int, imperfect: float, max_nodes: int, full_every: int) -> None:
    """Check the games whose numbers arrive on ``conn``; send back each report."""
    while True:
        k = conn.recv()
        if k is None:
            break
        game = campaign_game(seed, k, imperfect, max_nodes)
        report = check_game(game, full=full_every > 0 and k % full_every == 0)
        conn.send((k, report))
    conn.close()


class _Pool:
    """Worker processes, each checking one game at a time, restarted after a time-out."""

    def __init__(self, jobs: int, args: tuple[Any, ...]) -> None:
        self.args = args
        self.ctx: Any = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        self.workers: list[tuple[Any, Connection]] = [self._start() for _ in range(jobs)]
        self.busy: dict[int, tuple[int, float]] = {}  # worker slot -> (game, start)

    def _start(self) -> tuple[Any, Connection]:
        parent, child = self.ctx.Pipe()
        # not a daemon: check_game runs Gambit's slow solvers in child processes of its own
        process = self.ctx.Process(target=_worker, args=(child, *self.args))
        process.start()
        child.close()
        return process, parent

    def submit(self, slot: int, k: int) -> None:
        self.workers[slot][1].send(k)
        self.busy[slot] = (k, time.perf_counter())

    def free_slots(self) -> list[int]:
        return [s for s in range(len(self.workers)) if s not in self.busy]

    def collect(self, timeout: float) -> list[tuple[int, GameReport | None]]:
        """Reports that arrive within the next moment; ``None`` for a game timed out."""
        out: list[tuple[int, GameReport | None]] = []
        now = time.perf_counter()
        deadline = min((start + timeout for _, start in self.busy.values()), default=now + 1)
        conns: dict[Any, int] = {self.workers[s][1]: s for s in self.busy}
        for conn in wait(list(conns), timeout=max(0.0, deadline - now)):
            slot = conns[conn]
            try:
                k, report = conn.recv()
            except EOFError:  # the worker died (e.g. Gambit crashed the process)
                k = self.busy[slot][0]
                report = GameReport(0, 0, True, disagreements=["the worker process died while checking this game"])
                self._restart(slot)
            out.append((k, report))
            del self.busy[slot]
        now = time.perf_counter()
        for slot, (k, start) in list(self.busy.items()):
            if now - start > timeout:
                out.append((k, None))
                del self.busy[slot]
                self._restart(slot)
        return out

    def _restart(self, slot: int) -> None:
        process, conn = self.workers[slot]
        process.kill()
        process.join()
        conn.close()
        self.workers[slot] = self._start()

    def close(self) -> None:
        for _process, conn in self.workers:
            with contextlib.suppress(BrokenPipeError, OSError):
                conn.send(None)
        for process, conn in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Random games cross-checked against Gambit.")
    parser.add_argument("--games", type=int, default=1000, help="how many games (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument("--start", type=int, default=0, help="first game number (default 0)")
    parser.add_argument("--only", type=int, action="append", help="check only game K (repeatable)")
    parser.add_argument("--out", type=Path, default=Path("crosscheck-random-failures"),
                        help="where games that disagree, crash or time out are saved as .efg")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--imperfect", type=float, default=0.05, help="share of games without perfect recall (0.05)")
    parser.add_argument("--max-nodes", type=int, default=80, help="largest tree (default 80)")
    parser.add_argument("--full-every", type=int, default=50,
                        help="every K-th game also gets the whole crosscheck (0: never; default 50)")
    parser.add_argument("--game-timeout", type=float, default=300.0, help="seconds per game before it is stopped (300)")
    parser.add_argument("--progress", type=int, default=500, help="print a line every K games (0: never)")
    args = parser.parse_args(argv)

    numbers = list(args.only) if args.only else list(range(args.start, args.start + args.games))
    todo = list(reversed(numbers))
    pool = _Pool(max(1, args.jobs), (args.seed, args.imperfect, args.max_nodes, args.full_every))
    start = time.perf_counter()
    games = 0
    by_players: Counter[int] = Counter()
    recall: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    bad_games: list[int] = []
    timeouts: list[int] = []
    slowest: list[tuple[float, int]] = []
    try:
        while todo or pool.busy:
            for slot in pool.free_slots():
                if todo:
                    pool.submit(slot, todo.pop())
            for k, report in pool.collect(args.game_timeout):
                games += 1
                if report is None:
                    timeouts.append(k)
                    _save(args.out, args.seed, k, args, [f"timed out after {args.game_timeout:g} s"])
                else:
                    by_players[report.players] += 1
                    recall["perfect recall" if report.perfect_recall else "without perfect recall"] += 1
                    checked.update(report.checked)
                    skipped.update(report.skipped)
                    slowest.append((report.seconds, k))
                    if report.disagreements:
                        bad_games.append(k)
                        _save(args.out, args.seed, k, args, report.disagreements)
                        print(f"game {k}: DISAGREE: {report.disagreements[0]}", flush=True)
                if args.progress and games % args.progress == 0:
                    print(f"... {games} games, {len(bad_games)} disagreeing, {time.perf_counter() - start:.0f} s", flush=True)
    finally:
        pool.close()
    seconds = time.perf_counter() - start
    slowest.sort(reverse=True)
    print(f"seed {args.seed}: {games} games in {seconds:.1f} s ({games / max(seconds, 1e-9):.1f} games/s, {args.jobs} job(s))")
    print("players: " + ", ".join(f"{n}: {c}" for n, c in sorted(by_players.items())))
    print("recall: " + ", ".join(f"{k}: {c}" for k, c in sorted(recall.items())))
    print("checked:")
    for name, count in sorted(checked.items()):
        print(f"  {name:<24} {count}")
    print("skipped:")
    for name, count in sorted(skipped.items()):
        print(f"  {name:<46} {count}")
    print("slowest: " + ", ".join(f"game {k} {s:.1f} s" for s, k in slowest[:5]))
    print(f"timed out: {len(timeouts)}" + (f" (games {', '.join(map(str, timeouts[:20]))})" if timeouts else ""))
    print(f"disagreements: {len(bad_games)}" + (f" (games {', '.join(map(str, bad_games[:20]))}; saved in {args.out})" if bad_games else ""))
    return 1 if bad_games else 0


def _save(out: Path, seed: int, k: int, args: argparse.Namespace, problems: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    game = campaign_game(seed, k, args.imperfect, args.max_nodes)
    write_efg(game, out / f"{seed}-{k}.efg")
    (out / f"{seed}-{k}.txt").write_text(
        f"seed {seed}, game {k} (replay: --seed {seed} --only {k} --imperfect {args.imperfect} --max-nodes {args.max_nodes})\n"
        + "\n".join(problems) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
