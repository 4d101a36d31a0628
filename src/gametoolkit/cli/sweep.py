"""The ``gametoolkit sweep`` and ``gametoolkit prior`` commands.

::

    gametoolkit sweep MODEL [--set NAME=VALUE]... --vary NAME=START:STOP:COUNT|a,b,c ...
                      [-o FILE.{csv,json,png,pdf,svg}]... [--concept pbe] [--method auto]
                      [--x NAME] [--title TEXT] [--jobs N] [--scheduler ADDRESS]
                      [--progress] [--json]
    gametoolkit prior MODEL [--set NAME=VALUE]... --beta A,B [--param p]
                      [-o FILE.{png,pdf,svg}] [--concentration C] [--grid N]
                      [--method auto] [--progress] [--json]

``sweep`` finds the set of equilibria at every grid point (:mod:`gametoolkit.analysis.sweep`)
and writes a table (``.csv``, ``.json``) or a region plot (``.png``, ``.pdf``,
``.svg``); ``-o`` may be repeated, and without it the CSV goes to stdout.  ``prior``
prints the probability of each regime of ``--param`` (default ``p``) under a Beta
prior (:mod:`gametoolkit.analysis.priors`) and with ``-o`` plots the probabilities
against the prior mean at a fixed ``a + b``.  With ``--method auto`` or ``symbolic``,
``sweep`` writes one line on stderr saying which path ran, how many points went
through the numeric solver and why (``SweepResult.note``).  ``--jobs N`` solves the
numeric points in N local processes, ``--scheduler ADDRESS`` on a Dask cluster
(:class:`gametoolkit.analysis.executor.Executor`); the table is the same either way.  A progress bar goes to stderr when it is
a terminal, or with ``--progress``.  Bad input raises a
:class:`~gametoolkit.errors.GameToolkitError` (one line on stderr, status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import GameToolkitError

__all__ = ["cmd_prior", "cmd_sweep", "register"]

TABLES = (".csv", ".json")


def register(subparsers: Any) -> None:
    """Add the ``sweep`` and ``prior`` subcommands to the main parser's subparsers."""
    from ..solvers import CONCEPTS
    from ._common import add_model_arguments

    p = subparsers.add_parser(
        "sweep",
        help="the equilibrium set over a grid of parameters: a CSV table or a region plot",
        description="Solve the game at every point of a grid of parameter values and write the set of "
        "equilibria found at each (pooling/separating/semi-separating in signaling games) as a table or as a "
        "region plot in the style of a paper's figure.",
    )
    add_model_arguments(p)
    p.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="NAME=START:STOP:COUNT|a,b,c",
        help="a varied parameter: COUNT exact values from START to STOP inclusive (p=0:1:201), or a list "
        "(china=low,high); repeatable",
    )
    p.add_argument(
        "-o",
        "--output",
        action="append",
        metavar="FILE",
        help="FILE.csv or FILE.json (the table), FILE.png, FILE.pdf or FILE.svg (the region plot); repeatable; "
        "default: CSV on stdout",
    )
    p.add_argument("--concept", choices=CONCEPTS, default="pbe", help="solution concept (default pbe)")
    p.add_argument(
        "--method",
        choices=("auto", "numeric", "symbolic"),
        default="auto",
        help="numeric: solve every point; symbolic: one symbolic solve per category, points outside its "
        "assumptions solved numerically; auto (default): symbolic where it can run, else numeric; with auto and "
        "symbolic a line on stderr says which path ran and why",
    )
    p.add_argument("--x", metavar="NAME", help="the varied parameter on the plot's horizontal axis")
    p.add_argument("--title", help="a title for the plot")
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="solve the numeric points in N local worker processes (joblib; default 1: this process)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="solve the numeric points on the workers of a Dask scheduler (tcp://HOST:8786); overrides --jobs",
    )
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr even when not a terminal")
    p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    p.set_defaults(func=cmd_sweep)

    p = subparsers.add_parser(
        "prior",
        help="the probability of each equilibrium regime under a Beta prior on a probability",
        description="With the parameter (default p) drawn from Beta(A, B), the probability of each interval of it "
        "on which the equilibrium set is constant, from the regularized incomplete beta function.",
    )
    add_model_arguments(p)
    p.add_argument("--beta", required=True, metavar="A,B", help="the prior Beta(A, B), e.g. 2,5 (exact, positive)")
    p.add_argument("--param", default="p", metavar="NAME", help="the parameter with the prior (default p)")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="plot the probabilities against the prior mean: FILE.png, .pdf or .svg"
    )
    p.add_argument(
        "--concentration",
        metavar="C",
        help="a + b held fixed in the plot (default: A + B)",
    )
    p.add_argument(
        "--grid", type=int, default=101, metavar="N", help="numeric path: grid points before bisection (default 101)"
    )
    p.add_argument(
        "--method",
        choices=("auto", "numeric", "symbolic"),
        default="auto",
        help="how the boundaries are found: symbolic (exact), numeric (bisection), auto (default)",
    )
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr even when not a terminal")
    p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    p.set_defaults(func=cmd_prior)


def _show_progress(args: argparse.Namespace) -> bool:
    return bool(args.progress or sys.stderr.isatty())


def _tex_names(spec: str) -> dict[str, str]:
    if Path(spec).suffix.lower() in (".efg", ".json"):
        return {}
    from ..catalog import find_model

    names = getattr(find_model(spec).module, "TEX_NAMES", None)
    return dict(names) if isinstance(names, dict) else {}


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run the sweep for parsed arguments and write its outputs; 0 on success."""
    from ..analysis.executor import Executor
    from ..analysis.grid import grid_size, parse_vary
    from ..analysis.plot import FIGURE_FORMATS, check_figure_path, plot_regions
    from ..analysis.sweep import Progress, csv_text, sweep, write_csv
    from ..catalog import find_model, parse_settings

    settings = parse_settings(args.set or [])
    outputs = [Path(o) for o in args.output or []]
    for out in outputs:
        if out.suffix.lower() not in TABLES + FIGURE_FORMATS:
            raise GameToolkitError(f"{out}: the output must end in {', '.join(TABLES + FIGURE_FORMATS)}")
    figures = [o for o in outputs if o.suffix.lower() in FIGURE_FORMATS]
    for f in figures:
        check_figure_path(f)
    choices: dict[str, tuple[str, ...]] = {}
    if Path(args.model).suffix.lower() not in (".efg", ".json"):
        choices = dict(find_model(args.model).choices)
    axes = [parse_vary(v, choices) for v in args.vary]
    if figures and len(axes) > 2:
        raise GameToolkitError(f"a region plot shows at most two varied parameters, not {len(axes)}; write a .csv")
    if figures and args.x is not None and args.x not in [a.name for a in axes]:
        raise GameToolkitError(f"--x {args.x}: not a varied parameter ({', '.join(a.name for a in axes)})")
    progress = Progress(grid_size(axes)) if _show_progress(args) else None
    with Executor(jobs=args.jobs, scheduler=args.scheduler) as executor:  # one Dask client for the whole sweep
        result = sweep(
            args.model, axes, settings, concept=args.concept, method=args.method, progress=progress, executor=executor
        )
    if args.method != "numeric":  # which path ran, and why it fell back where it did
        sys.stderr.write(result.note + "\n")
    for out in outputs:
        suffix = out.suffix.lower()
        if suffix == ".csv":
            write_csv(result, out)
        elif suffix == ".json":
            out.write_text(json.dumps(result.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            plot_regions(result, out, x=args.x, title=args.title, tex_names=_tex_names(args.model))
    if args.json:
        print(json.dumps(result.to_json(), indent=1, ensure_ascii=False))
    elif not outputs:
        sys.stdout.write(csv_text(result))
    else:
        sets = len(result.labels())
        for out in outputs:
            print(
                f"wrote {out}: {len(result.points)} points, {sets} equilibrium set{'s' if sets != 1 else ''} "
                f"({result.method}, {result.seconds:.2f} s)"
            )
    return 0


def cmd_prior(args: argparse.Namespace) -> int:
    """Print (and plot) the regime probabilities for parsed arguments; 0 on success."""
    from ..analysis.grid import Axis
    from ..analysis.plot import check_figure_path
    from ..analysis.priors import describe, parse_beta, plot_by_mean, regime_probabilities, to_json, unit_settings
    from ..analysis.regions import regimes_along
    from ..analysis.sweep import Progress, check_fixed_settings
    from ..catalog import parse_settings
    from ..core.values import parse_number

    prior = parse_beta(args.beta)
    settings = unit_settings(parse_settings(args.set or []), args.param)
    if args.output:
        check_figure_path(args.output)
    concentration = prior.concentration
    if args.concentration is not None:
        try:
            concentration = parse_number(args.concentration)
        except ValueError as err:
            raise GameToolkitError(f"--concentration: {err}") from err
        if concentration <= 0:
            raise GameToolkitError(f"--concentration must be positive, not {args.concentration}")
    check_fixed_settings(args.model, settings, [Axis(args.param, (Fraction(0), Fraction(1)))])
    progress = Progress(args.grid, label="prior") if _show_progress(args) and args.method != "symbolic" else None
    regimes = regimes_along(
        args.model,
        args.param,
        Fraction(0),
        Fraction(1),
        settings,
        method=args.method,
        grid=args.grid,
        advance=progress.advance if progress is not None else None,
    )
    if progress is not None:
        progress.close()
    probabilities = regime_probabilities(regimes, prior)
    if args.output:
        plot_by_mean(regimes, concentration, args.output, marker=prior)
    if args.json:
        print(json.dumps(to_json(regimes, prior, probabilities), indent=1, ensure_ascii=False))
    else:
        for line in describe(regimes, prior, probabilities):
            print(line)
        if args.output:
            print(f"wrote {args.output}: regime probabilities against the prior mean at a + b = {concentration}")
    return 0
