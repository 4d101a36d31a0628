"""The ``gametoolkit solve`` command: the equilibria of a game, numeric or symbolic."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import GameToolkitError
from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["cmd_solve", "register"]


def cmd_solve(args: argparse.Namespace) -> int:
    from ..render.report import format_solution
    from ..solvers import solve

    if args.symbolic or args.latex:
        return _solve_symbolic(args)
    if args.concept == "spe" and args.json:  # a large perfect-information .efg: solved on arrays
        from .convert import large_efg_spe_json

        text = large_efg_spe_json(args)
        if text is not None:
            print(text)
            return EXIT_OK
    game = load_model_game(args)
    limits = ("max_supports", "max_equilibria", "max_cells", "max_bases", "max_pivots", "max_entries", "lam")
    options: dict[str, Any] = {name: getattr(args, name) for name in limits if getattr(args, name) is not None}
    if args.lam is not None and args.concept != "qre":
        raise GameToolkitError(f"--lambda applies to --concept qre only, not {args.concept}")
    solution = solve(game, args.concept, **options)
    if args.refine:
        from ..refine import parse_names, refine

        solution = refine(solution, parse_names(args.refine))
    if args.json:
        print(json.dumps(solution.to_json(), indent=1, ensure_ascii=False))
    elif not solution.exact:
        from ..solvers.qre import format_text

        print(format_text(solution))
    else:
        print(format_solution(solution))
    return EXIT_OK


def _solve_symbolic(args: argparse.Namespace) -> int:
    """``solve --symbolic``: families of PBE with their conditions (sympy needed)."""
    from ..catalog import find_model, parse_settings
    from ..errors import MissingDependencyError

    if args.concept != "pbe":
        raise GameToolkitError(f"--symbolic solves for pbe only, not {args.concept}")
    names: tuple[str, ...] = ()
    if args.refine:
        from ..refine import parse_names

        names = parse_names(args.refine)
    try:
        from ..symbolic import solve_model
        from ..symbolic.ordinal import ordinal_analysis
        from ..symbolic.report import format_latex, format_text, solution_json
    except ImportError as err:
        raise MissingDependencyError("--symbolic needs sympy: pip install 'gametoolkit[symbolic]'") from err
    model = find_model(args.model)
    solution = solve_model(model, parse_settings(args.set or []), args.assume or ())
    ordinal = ordinal_analysis(solution, args.draws, args.seed) if args.draws > 0 else None
    verdicts = None
    if names:
        from ..symbolic.refinements import refine_families

        verdicts = refine_families(solution, names)
    if args.json:
        print(json.dumps(solution_json(solution, ordinal, verdicts), indent=1, ensure_ascii=False))
    elif args.latex:
        print(format_latex(solution))
    else:
        print(format_text(solution, ordinal, verdicts))
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``solve`` to the subcommands."""
    p = sub.add_parser("solve", help="find the equilibria of a game (exact)")
    add_model_arguments(p)
    p.add_argument(
        "--concept", choices=("pbe", "spe", "nash", "pure-nash", "sequential", "quasi-perfect", "qre"), default="pbe",
        help="solution concept (default pbe)",
    )
    p.add_argument(
        "--refine", metavar="NAMES",
        help="comma-separated refinements to test on each equilibrium: sequential, intuitive, d1 "
        "(with --symbolic: on each family, with the conditions under which it survives)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON object of DESIGN.md")
    p.add_argument(
        "--lambda", dest="lam", type=float, metavar="L",
        help="qre: the logit precision (default: the principal branch's limit)",
    )
    p.add_argument("--max-supports", type=int, help="pbe: refuse beyond this many support combinations")
    p.add_argument("--max-equilibria", type=int, help="spe: refuse beyond this many pure equilibria")
    p.add_argument("--max-cells", type=int, help="nash, pure-nash: refuse strategic forms beyond this many cells")
    p.add_argument("--max-bases", type=int, help="nash (vertex enumeration): stop after visiting this many bases")
    p.add_argument("--max-pivots", type=int, help="nash, quasi-perfect (Lemke's algorithm): stop after this many pivots")
    p.add_argument("--max-entries", type=int, help="nash, quasi-perfect (Lemke's algorithm): stop when the tableau has this many entries")
    p.add_argument(
        "--symbolic", action="store_true",
        help="pbe with every parameter not --set left as a symbol: each family's conditions (needs sympy)",
    )
    p.add_argument("--latex", action="store_true", help="with --symbolic: print the families and conditions as LaTeX")
    p.add_argument(
        "--assume", action="append", metavar="INEQUALITY",
        help='with --symbolic: a further assumption, e.g. "x4 - x2 > x2 - x6"; repeatable',
    )
    p.add_argument(
        "--draws", type=int, default=100,
        help="with --symbolic: confirm on this many random consistent assignments (default 100; 0: none)",
    )
    p.add_argument("--seed", type=int, default=0, help="with --symbolic: seed of the random assignments")
    p.set_defaults(func=cmd_solve)
