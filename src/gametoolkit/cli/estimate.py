"""The ``gametoolkit estimate`` command: fit a game's payoffs to observed outcomes."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import GameToolkitError, MissingDependencyError
from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["cmd_estimate", "register"]


def _game(args: argparse.Namespace) -> Any:
    from ..estimation import TREES

    if args.model in TREES:
        if args.set:
            raise GameToolkitError(f"{args.model}: a named tree takes no --set (its payoffs are estimated)")
        leaves = tuple(x.strip() for x in args.leaves.split(",")) if args.leaves else ("1", "3", "4")
        if len(leaves) != 3:
            raise GameToolkitError(f"--leaves: {args.model} has 3 terminal nodes, got {len(leaves)} labels")
        return TREES[args.model](leaves)
    if args.leaves:
        raise GameToolkitError("--leaves relabels a named tree (egame12) only; label the leaves in your model")
    return load_model_game(args)


def cmd_estimate(args: argparse.Namespace) -> int:
    try:
        import formulaic  # noqa: F401
        import pandas as pd
        import statsmodels  # noqa: F401

        from ..estimation import estimate
    except ImportError as err:
        raise MissingDependencyError(f"estimate needs {err.name}: pip install 'gametoolkit[estimate]'") from err
    game = _game(args)
    try:
        data = pd.read_csv(args.data)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise GameToolkitError(f"{args.data}: cannot read as CSV: {err}") from err
    if not args.utility:
        raise GameToolkitError("give a formula for each payoff parameter: --utility 'u11 ~ 1 + x' ...")
    if args.bootstrap < 0:
        raise GameToolkitError(f"--bootstrap: the number of replicates must be at least 0, not {args.bootstrap}")
    if args.jobs is not None and args.jobs < 1:
        raise GameToolkitError(f"--jobs: at least 1, not {args.jobs}")
    if (args.at or args.counterfactual) and not args.plot:
        raise GameToolkitError("--at and --counterfactual shape the plot: give --plot FILE and --plot-x COLUMN")
    if args.plot and not args.plot_x:
        raise GameToolkitError("--plot needs --plot-x COLUMN: the covariate along the horizontal axis")
    at = _assignments(args.at or [], "--at")
    counterfactuals = {text: _assignments(text.split(","), "--counterfactual") for text in args.counterfactual or []}
    fit = estimate(
        game, data, args.outcome, args.utility, error=args.error, starts=args.starts, seed=args.seed,
        bootstrap=args.bootstrap, jobs=args.jobs,
    )
    if args.plot:
        fit.plot(args.plot_x, file=args.plot, at=at, counterfactuals=counterfactuals)
    if args.json:
        out = fit.to_json()
        if args.plot:
            out["plot"] = args.plot
        print(json.dumps(out, indent=1))
    else:
        print(fit.summary())
        if args.plot:
            print(f"\nplot of the predicted outcome probabilities against {args.plot_x} written to {args.plot}")
    return EXIT_OK


def _assignments(items: list[str], option: str) -> dict[str, Any]:
    """``["x=1", "regime=dem"]`` as ``{"x": 1.0, "regime": "dem"}`` (numbers where they parse)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise GameToolkitError(f"{option} {item!r}: write COLUMN=VALUE")
        text = value.strip()
        try:
            out[name.strip()] = float(text)
        except ValueError:
            out[name.strip()] = text
    return out


def register(sub: Any) -> None:
    """Add ``estimate`` to the subcommands."""
    p = sub.add_parser("estimate", help="fit a game's payoffs to observed outcomes (maximum likelihood)")
    add_model_arguments(p)
    p.add_argument("--data", required=True, metavar="FILE.csv", help="one row per observation")
    p.add_argument("--outcome", required=True, metavar="COLUMN", help="the column naming the node each row reached")
    p.add_argument(
        "--utility", action="append", metavar="'PARAM ~ FORMULA'",
        help="a payoff parameter as a formula in the data's columns ('u23 ~ 0' fixes it); one per parameter",
    )
    p.add_argument(
        "--error", choices=("agent-logit", "agent-probit", "private-probit"), default="private-probit",
        help="error structure (default private-probit)",
    )
    p.add_argument("--leaves", metavar="L1,L2,L3", help="labels of a named tree's terminal nodes, as the outcome column writes them")
    p.add_argument("--starts", type=int, default=1, help="number of starting points (default 1: backward induction)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random further starts")
    p.add_argument(
        "--bootstrap", type=int, default=0, metavar="B",
        help="bootstrap replicates (seeded by --seed): adds bootstrap SEs and percentile intervals",
    )
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes for the bootstrap (joblib; default all cores)")
    p.add_argument("--plot", metavar="FILE", help="plot the predicted outcome probabilities against --plot-x (png, pdf, svg)")
    p.add_argument("--plot-x", metavar="COLUMN", help="the covariate along the plot's horizontal axis")
    p.add_argument(
        "--at", action="append", metavar="COLUMN=VALUE",
        help="hold a covariate at a value in the plot (the others sit at their means); repeatable",
    )
    p.add_argument(
        "--counterfactual", action="append", metavar="COLUMN=VALUE[,COLUMN=VALUE]",
        help="a counterfactual scenario drawn as dashed curves; repeatable",
    )
    p.add_argument("--json", action="store_true", help="print the JSON object of DESIGN.md")
    p.set_defaults(func=cmd_estimate)
