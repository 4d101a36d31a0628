"""The ``gametoolkit check`` command: our equilibria against Gambit's.

::

    gametoolkit check MODEL [--set NAME=VALUE]... [--concept pbe|spe|nash|pure-nash]
                            [--json] [--timeout S] [--fast] [--solver NAME]...

It solves the game for the concept, runs :func:`gametoolkit.verify.crosscheck.crosscheck`
and prints the report (a table, or one JSON object with ``--json``).  Exit status: 0
when every check agrees, 1 on any disagreement; bad input raises a
:class:`~gametoolkit.errors.GameToolkitError`, which the main command turns into
status 2.  :func:`register` adds the command to the main parser.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import GameToolkitError
from ._common import EXIT_DISAGREE, EXIT_OK

__all__ = ["cmd_check", "register"]



def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand to the main parser's subparsers."""
    from ..verify.crosscheck import DEFAULT_TIMEOUT, GAMBIT_SOLVERS

    p = subparsers.add_parser(
        "check",
        help="cross-check our equilibria against Gambit; exit 1 on any disagreement",
        description="Solve the game, check every equilibrium with Gambit (pygambit), run Gambit's "
        "solvers and judge their equilibria with our evaluator. Exit 0 when all agree, 1 otherwise.",
    )
    from ._common import add_model_arguments

    add_model_arguments(p)
    p.add_argument(
        "--concept", choices=("pbe", "spe", "nash", "pure-nash"), default="pbe", help="solution concept (default pbe)"
    )
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds each Gambit solver may take (default {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--fast",
        action="store_true",
        help="run Gambit's enummixed in floating point (results rounded and checked exactly)",
    )
    p.add_argument(
        "--solver",
        action="append",
        choices=GAMBIT_SOLVERS,
        metavar="NAME",
        help=f"run only these Gambit solvers ({', '.join(GAMBIT_SOLVERS)}); repeatable",
    )
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """Run the check for parsed arguments; print the report; 0 if all agree, else 1."""
    from ..catalog import load_game, parse_settings
    from ..verify.crosscheck import crosscheck, format_report

    timeout = float(args.timeout)
    if not timeout > 0:
        raise GameToolkitError(f"--timeout must be a positive number of seconds, not {args.timeout}")
    game = load_game(args.model, parse_settings(args.set or []))
    report = crosscheck(
        game,
        args.concept,
        timeout=timeout,
        solvers=args.solver,
        rational_strategic=not args.fast,
    )
    if args.json:
        print(json.dumps(report.to_json(), indent=1, ensure_ascii=False))
    else:
        print(format_report(report))
    return EXIT_OK if report.ok else EXIT_DISAGREE
