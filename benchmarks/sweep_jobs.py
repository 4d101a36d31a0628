"""A numeric sweep on one process against the same sweep on several (``--jobs``).

Run by hand (it is not a test)::

    python benchmarks/sweep_jobs.py                    # 4,000 points, 1 against 2 jobs, 2 rounds
    python benchmarks/sweep_jobs.py --q 40 --c 25 --jobs 2 4 --rounds 1

The sweep is the deterrence game of the test suite (``tests/data/models/deterrence.py``:
prior ``q``, signal cost ``c``, audience cost ``a = 0``) solved exactly at every point of
a ``q`` x ``c`` grid by the numeric path (``--method numeric``), as a whole process
(``gametoolkit sweep ...``, start-up included).  The runs alternate (1, J, 1, J, ...)
so that a change in the machine's load falls on both; the median of each is reported,
with the ratio.  Every run's CSV must be the same byte for byte, or the benchmark
fails.  Target (issue 18): 2 jobs at least 1.8 times as fast as 1 on 4,000 points.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "tests" / "data" / "models" / "deterrence.py"


def run(q: int, c: int, jobs: int) -> tuple[float, bytes]:
    """Seconds of one whole sweep process, and its CSV."""
    command = [
        sys.executable, "-m", "gametoolkit", "sweep", str(MODEL), "--set", "a=0",
        "--vary", f"q=0:1:{q}", "--vary", f"c=0:4:{c}", "--method", "numeric", "--jobs", str(jobs),
    ]
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True).stdout
    return time.perf_counter() - start, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--q", type=int, default=80, help="values of q (default 80)")
    parser.add_argument("--c", type=int, default=50, help="values of c (default 50)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[2], help="job counts to compare with 1")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    args = parser.parse_args(argv)
    counts = [1, *args.jobs]
    times: dict[int, list[float]] = {j: [] for j in counts}
    reference: bytes | None = None
    for _ in range(args.rounds):
        for j in counts:
            seconds, csv = run(args.q, args.c, j)
            times[j].append(seconds)
            if reference is None:
                reference = csv
            elif csv != reference:
                print(f"FAIL: the CSV of --jobs {j} differs from the first run's")
                return 1
    base = statistics.median(times[1])
    print(f"{args.q * args.c} points, {args.rounds} round(s), median seconds of a whole process")
    for j in counts:
        median = statistics.median(times[j])
        print(f"  --jobs {j}: {median:7.2f} s  ({base / median:.2f}x against 1 job)")
    print("CSV identical in every run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
