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
    fit = estimate(game, data, args.outcome, args.utility, error=args.error, starts=args.starts, seed=args.seed)
    if args.json:
        print(json.dumps(fit.to_json(), indent=1))
    else:
        print(fit.summary())
    return EXIT_OK


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
    p.add_argument("--json", action="store_true", help="print the JSON object of DESIGN.md")
    p.set_defaults(func=cmd_estimate)
