"""The ``gametoolkit`` command: a thin layer over the library.

Every command takes ``MODEL``: a shipped model's slug (``us-japan-alliance``), a path
to a model ``.py`` file, or a game file (``.efg``, ``.json``), with ``--set NAME=VALUE``
for parameters.  Bad input prints one line on stderr and exits with status 2; no
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from ..errors import GameToolkitError
from ..core.game import Game

__all__ = ["build_parser", "main"]

EXIT_OK = 0
EXIT_DISAGREE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line use (argparse's complaints)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _load(args: argparse.Namespace) -> Game:
    from ..catalog import load_game, parse_settings

    settings = parse_settings(args.set or [])
    return load_game(args.model, settings)


def cmd_models(args: argparse.Namespace) -> int:
    from ..catalog import available

    models = available()
    if args.json:
        print(json.dumps([m.describe() for m in models], indent=1, ensure_ascii=False))
        return EXIT_OK
    width = max((len(m.slug) for m in models), default=4)
    for m in models:
        print(f"{m.slug:<{width}}  {m.title}")
        if m.citation:
            print(f"{'':<{width}}  {m.citation}")
        params = ", ".join(f"{k}={v}" if v is not None else k for k, v in m.parameters.items())
        if params:
            print(f"{'':<{width}}  parameters: {params}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ..render.text import format_summary, format_tree

    game = _load(args)
    if args.json:
        print(json.dumps(game.summary(), indent=1, ensure_ascii=False))
        return EXIT_OK
    print(format_summary(game))
    print()
    print(format_tree(game, max_nodes=args.max_nodes))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from ..core.validate import validate

    game = _load(args)
    validate(game, require_bound=False)
    recall = "perfect recall" if game.has_perfect_recall else "no perfect recall"
    params = f", parameters unbound: {', '.join(sorted(game.parameters))}" if game.parameters else ""
    print(
        f"valid: {game.title or args.model}: {len(game.players)} players, {len(game.nodes)} nodes, "
        f"{sum(1 for h in game.infosets if h.player >= 0)} information sets, {recall}{params}"
    )
    for problem in game.perfect_recall_problems():
        print(f"  {problem}")
    return EXIT_OK


def _write(game: Game, output: str, allowed: Sequence[str]) -> None:
    from ..io.files import write_game

    suffix = Path(output).suffix.lower()
    if suffix not in allowed:
        raise GameToolkitError(f"{output}: output must end in {' or '.join(allowed)}")
    write_game(game, output)


def cmd_export(args: argparse.Namespace) -> int:
    game = _load(args)
    _write(game, args.output, (".efg", ".json"))
    print(f"wrote {args.output}: {len(game.nodes)} nodes, {len(game.players)} players")
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    game = _load(args)
    _write(game, args.output, (".efg", ".json"))
    if not args.quiet:
        print(f"wrote {args.output}: {len(game.nodes)} nodes, {len(game.players)} players")
    return EXIT_OK


def cmd_solve(args: argparse.Namespace) -> int:
    from ..render.report import format_solution
    from ..solvers import solve

    if args.symbolic or args.latex:
        return _solve_symbolic(args)
    game = _load(args)
    limits = ("max_supports", "max_equilibria", "max_cells", "max_pivots", "max_entries")
    options: dict[str, Any] = {name: getattr(args, name) for name in limits if getattr(args, name) is not None}
    solution = solve(game, args.concept, **options)
    if args.json:
        print(json.dumps(solution.to_json(), indent=1, ensure_ascii=False))
    else:
        print(format_solution(solution))
    return EXIT_OK


def _solve_symbolic(args: argparse.Namespace) -> int:
    """``solve --symbolic``: families of PBE with their conditions (sympy needed)."""
    from ..catalog import find_model, parse_settings
    from ..errors import MissingDependencyError

    if args.concept != "pbe":
        raise GameToolkitError(f"--symbolic solves for pbe only, not {args.concept}")
    try:
        from ..symbolic import solve_model
        from ..symbolic.ordinal import ordinal_analysis
        from ..symbolic.report import format_latex, format_text, solution_json
    except ImportError as err:
        raise MissingDependencyError("--symbolic needs sympy: pip install 'gametoolkit[symbolic]'") from err
    model = find_model(args.model)
    solution = solve_model(model, parse_settings(args.set or []), args.assume or ())
    ordinal = ordinal_analysis(solution, args.draws, args.seed) if args.draws > 0 else None
    if args.json:
        print(json.dumps(solution_json(solution, ordinal), indent=1, ensure_ascii=False))
    elif args.latex:
        print(format_latex(solution))
    else:
        print(format_text(solution, ordinal))
    return EXIT_OK


def add_model_arguments(p: argparse.ArgumentParser) -> None:
    """MODEL and the repeatable ``--set NAME=VALUE``, as every game command takes them."""
    p.add_argument("model", metavar="MODEL", help="shipped model slug, model .py file, or .efg/.json game file")
    p.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="set a parameter (exact: 3/10, 0.3, high); repeatable"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gametoolkit", description="Extensive-form games: build, validate, convert, solve, draw.")
    parser.add_argument("--version", action="version", version=f"gametoolkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("models", help="list the shipped models")
    p.add_argument("--json", action="store_true", help="print a JSON list (slug, title, citation)")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("show", help="players, counts, perfect recall and the tree as text")
    add_model_arguments(p)
    p.add_argument("--max-nodes", type=int, default=500, help="print at most this many nodes (default 500)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("validate", help="check the game; exit 2 listing every problem")
    add_model_arguments(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write the game as .efg (readable by pygambit 16.7) or .json")
    add_model_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.efg or FILE.json")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("convert", help="convert a game file or model to .efg or .json")
    add_model_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.efg or FILE.json")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("solve", help="find the equilibria of a game (exact)")
    add_model_arguments(p)
    p.add_argument("--concept", choices=("pbe", "spe", "nash", "pure-nash"), default="pbe", help="solution concept (default pbe)")
    p.add_argument("--json", action="store_true", help="print the JSON object of DESIGN.md")
    p.add_argument("--max-supports", type=int, help="pbe: refuse beyond this many support combinations")
    p.add_argument("--max-equilibria", type=int, help="spe: refuse beyond this many pure equilibria")
    p.add_argument("--max-cells", type=int, help="nash, pure-nash: refuse strategic forms beyond this many cells")
    p.add_argument("--max-pivots", type=int, help="nash (Lemke's algorithm): stop after this many pivots")
    p.add_argument("--max-entries", type=int, help="nash (Lemke's algorithm): stop when the tableau has this many entries")
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

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


def _register_check(sub: Any) -> None:
    from .check import register

    register(sub)


def _register_draw(sub: Any) -> None:
    from .draw import register

    register(sub)


def _register_sweep(sub: Any) -> None:
    from .sweep import register

    register(sub)


#: Functions that add further subcommands (check, draw, sweep, prior, ...).
_EXTRA_COMMANDS: list[Callable[[Any], None]] = [_register_check, _register_draw, _register_sweep]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        return int(args.func(args))
    except UsageError as err:
        print(f"error: {_one_line(str(err))} (see gametoolkit --help)", file=sys.stderr)
        return EXIT_USAGE
    except GameToolkitError as err:
        print(f"error: {_one_line(str(err))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        print("error: input nested too deeply", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:
        if debug:
            raise
        print(
            f"internal error: {type(err).__name__}: {_one_line(str(err))} (a bug in gametoolkit; rerun with --debug)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
