"""Exact pivoting kernels compared: Fraction, Python integers, FLINT integers, the float guide.

Run by hand (it is not a test)::

    python benchmarks/pivot_kernels.py                  # Kuhn, and Leduc's first 800 pivots
    python benchmarks/pivot_kernels.py --leduc-pivots 1200 --repeat 3
    python benchmarks/pivot_kernels.py --no-leduc

Three measurements, each kernel on the same problem (every kernel takes the same
pivots; the answers are compared):

* *Lemke's path* (:mod:`gametoolkit.algebra.pivoting` through
  :func:`gametoolkit.solvers.lemke.follow_complementary_path`): Kuhn poker, Nash
  (``lemke_plans``) and quasi-perfect (``quasi_perfect_plans``), best of ``--repeat``;
* the same on *Leduc hold'em* (``benchmarks/leduc.py``): the exact kernels up to
  ``--leduc-pivots`` pivots (the whole path is 2,279; the exact kernels slow down as
  the tableau fills in), the guided kernel to the end;
* the *dense Bareiss kernel* of vertex enumeration
  (:func:`gametoolkit.algebra.pivoting.bareiss_pivot`, used by Kuhn's ``nash``), on
  the pivots of Kuhn's enumeration replayed with Python integers, python-flint's
  ``fmpz_poly`` rows and gmpy2's ``mpz`` (when installed).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from gametoolkit import read_game  # noqa: E402
from gametoolkit.errors import LimitError  # noqa: E402
from gametoolkit.forms.sequence_form import sequence_form  # noqa: E402
from gametoolkit.solvers import lemke, quasi_perfect  # noqa: E402

KUHN = ROOT / "tests" / "data" / "efg" / "kuhn.efg"
KERNELS = ("fraction", "python", "flint", "guided")


def best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def kuhn(repeat: int) -> None:
    form = sequence_form(read_game(KUHN))
    runs: tuple[tuple[str, Callable[..., Any]], ...] = (
        ("nash (Lemke)", lemke.lemke_plans),
        ("quasi-perfect", quasi_perfect.quasi_perfect_plans),
    )
    for name, run in runs:
        answers = {}
        line = []
        for kernel in KERNELS:
            seconds, answers[kernel] = best(lambda k=kernel, f=run: f(form, kernel=k), repeat)
            line.append(f"{kernel} {seconds * 1000:.1f} ms")
        same = all(a == answers["fraction"] for a in answers.values())
        print(f"Kuhn {name}: {'; '.join(line)}; same answer: {same}")


def leduc(pivots: int) -> None:
    from leduc import leduc as build

    form = sequence_form(build())
    for kernel in ("fraction", "python", "flint"):
        start = time.perf_counter()
        try:
            quasi_perfect.quasi_perfect_plans(form, max_pivots=pivots, kernel=kernel)  # type: ignore[arg-type]
            done = "finished"
        except LimitError:
            done = f"stopped at {pivots} pivots"
        print(f"Leduc quasi-perfect, {kernel}: {time.perf_counter() - start:.1f} s ({done})", flush=True)
    start = time.perf_counter()
    _, count = quasi_perfect.quasi_perfect_plans(form, kernel="guided")
    print(f"Leduc quasi-perfect, guided: {time.perf_counter() - start:.1f} s (finished, {count} pivots)", flush=True)


def bareiss(repeat: int) -> None:
    """Kuhn's vertex enumeration, its pivots recorded, then replayed on each arithmetic."""
    from gametoolkit.algebra import pivoting, polyhedron
    from gametoolkit.solvers import nash

    recorded: list[tuple[list[list[int]], int, int, int]] = []
    original = pivoting.bareiss_pivot

    def record(rows: Any, det: int, r: int, c: int) -> list[list[int]]:
        recorded.append((list(rows), det, r, c))
        return original(rows, det, r, c)

    polyhedron.bareiss_pivot = record  # type: ignore[assignment]
    try:
        nash.solve(read_game(KUHN))
    finally:
        polyhedron.bareiss_pivot = original  # type: ignore[assignment]
    cells = sum(len(rows) * len(rows[0]) for rows, *_ in recorded)
    seconds, _ = best(lambda: [original(*p) for p in recorded], repeat)
    print(f"Kuhn nash, dense Bareiss: {len(recorded)} pivots ({cells:,} cells); Python int {seconds * 1000:.0f} ms", end="")
    if pivoting.flint_available():
        import flint

        polys = [([flint.fmpz_poly(row) for row in rows], det, r, c) for rows, det, r, c in recorded]

        def flint_pivot(rows: list[Any], det: int, r: int, c: int) -> list[Any]:
            prow = rows[r]
            a = prow[c]
            return [row if i == r else (row * a - prow * row[c]) // det for i, row in enumerate(rows)]

        seconds, _ = best(lambda: [flint_pivot(*p) for p in polys], repeat)
        print(f"; flint fmpz_poly rows {seconds * 1000:.0f} ms", end="")
    try:
        import gmpy2
    except ImportError:
        gmpy2 = None
    if gmpy2 is not None:
        mpz = [([[gmpy2.mpz(x) for x in row] for row in rows], gmpy2.mpz(det), r, c) for rows, det, r, c in recorded]
        seconds, _ = best(lambda: [original(*p) for p in mpz], repeat)
        print(f"; gmpy2 mpz {seconds * 1000:.0f} ms", end="")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--leduc-pivots", type=int, default=800)
    parser.add_argument("--no-leduc", action="store_true")
    args = parser.parse_args()
    kuhn(args.repeat)
    bareiss(args.repeat)
    if not args.no_leduc:
        leduc(args.leduc_pivots)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
