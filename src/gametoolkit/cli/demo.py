"""The main job on the shipped US–Japan model, run by ``make demo``.

It builds the model in both China cases, shows and validates it, exports it as
``.efg``, reads the file back with our reader and with pygambit, and moves the game to
pygambit and back, checking at each step that nothing was lost.  Then it solves the
game for its perfect Bayesian equilibria (China high with p below and above the
paper's threshold, China low) and confirms every equilibrium with Gambit.  It says
what it did, and exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalog import load
from ..render.text import format_summary, format_tree


def _step(text: str) -> None:
    print(f"\n== {text}")


def run(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    from ..io.efg import read_efg, write_efg

    failures = 0
    for china, p in (("high", "3/10"), ("low", "3/10")):
        game = load("us-japan-alliance", china=china, p=p)
        _step(f"US-Japan alliance game, China {china}, p = {p}")
        print(format_summary(game))
        print(format_tree(game))

        path = out / f"us-japan-{china}.efg"
        write_efg(game, path)
        back = read_efg(path)
        same = back == game
        failures += not same
        print(f"\nexported {path} and read it back: {'identical' if same else 'DIFFERENT'}")

        try:
            import pygambit

            from ..io.pygambit import from_pygambit, to_pygambit
        except ImportError:
            print("pygambit is not installed: skipping the Gambit round trip")
            continue
        g = pygambit.read_efg(str(path))
        seen = from_pygambit(g)  # pygambit 16 and 17 show their games differently; count ours
        counts = (len(seen.nodes), len(seen.players), sum(1 for h in seen.infosets if h.player >= 0))
        print(
            f"pygambit {pygambit.__version__} read {path.name}: {counts[0]} nodes, {counts[1]} players, "
            f"{counts[2]} information sets, perfect recall: {g.is_perfect_recall}"
        )
        again = from_pygambit(to_pygambit(game))
        same = again == game
        failures += not same
        print(f"moved the game to pygambit and back: {'identical' if same else 'DIFFERENT'}")

    from ..render.report import format_solution
    from ..solvers import solve

    for china, p in (("high", "3/10"), ("high", "7/10"), ("low", "3/10")):
        game = load("us-japan-alliance", china=china, p=p)
        _step(f"perfect Bayesian equilibria, China {china}, p = {p}")
        solution = solve(game, "pbe")
        print(format_solution(solution))
        try:
            from ..verify.crosscheck import crosscheck, format_report
        except ImportError:
            continue
        report = crosscheck(game, "pbe", solution=solution)
        print()
        print(format_report(report))
        failures += not report.ok

    failures += _symbolic(out)

    _step("figures")
    try:
        from .demo_figures import render_demo_figures

        targets = [out / "figures"]
        if Path("docs/figures").is_dir():  # in the repository: refresh the README's figures
            targets.append(Path("docs/figures"))
        for target in targets:
            for path in render_demo_figures(target):
                print(f"wrote {path}")
    except ImportError as err:  # graphviz or dot missing
        print(f"figures skipped: {err}")

    _step("done")
    print(f"files are in {out}/" + ("" if not failures else f"; {failures} check(s) FAILED"))
    return 1 if failures else 0


def _symbolic(out: Path) -> int:
    """The conditions for each equilibrium, and the region plot (paper's Figure 3)."""
    from .main import main as cli

    try:
        import sympy  # noqa: F401
    except ImportError:
        print("symbolic analysis skipped: sympy is missing (pip install 'gametoolkit[symbolic]')")
        return 0
    failures = 0
    for china in ("high", "low"):
        _step(f"symbolic: every payoff and p a symbol, China {china} (orderings of Figure 2)")
        failures += cli(["solve", "us-japan-alliance", "--set", f"china={china}", "--symbolic", "--draws", "200"]) != 0
    _step("symbolic: the conditions in LaTeX, China high")
    failures += cli(["solve", "us-japan-alliance", "--set", "china=high", "--symbolic", "--latex", "--draws", "0"]) != 0
    _step("equilibrium regions over p and China's power (the paper's Figure 3)")
    targets = [out / "figures"]
    if Path("docs/figures").is_dir():
        targets.append(Path("docs/figures"))
    for target in targets:
        target.mkdir(parents=True, exist_ok=True)
        outputs = []
        for suffix in (".png", ".svg") + ((".csv",) if target == out / "figures" else ()):
            outputs += ["-o", str(target / f"us-japan-regions{suffix}")]
        failures += cli(["sweep", "us-japan-alliance", "--vary", "p=0:1:201", "--vary", "china=low,high", *outputs]) != 0
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="demo-output", help="directory for the files it writes")
    args = parser.parse_args(argv)
    return run(Path(args.out))


if __name__ == "__main__":
    sys.exit(main())
