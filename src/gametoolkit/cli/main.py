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
from typing import Any

from .. import __version__
from ..core.game import Game
from ..errors import GameToolkitError
from ._common import EXIT_OK, EXIT_USAGE, Parser, UsageError, add_model_arguments, load_model_game

__all__ = ["build_parser", "main"]

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

    game = load_model_game(args)
    if args.json:
        print(json.dumps(game.summary(), indent=1, ensure_ascii=False))
        return EXIT_OK
    print(format_summary(game))
    print()
    print(format_tree(game, max_nodes=args.max_nodes))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from ..core.validate import validate

    game = load_model_game(args)
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
    game = load_model_game(args)
    _write(game, args.output, (".efg", ".json"))
    print(f"wrote {args.output}: {len(game.nodes)} nodes, {len(game.players)} players")
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    game = load_model_game(args)
    _write(game, args.output, (".efg", ".json"))
    if not args.quiet:
        print(f"wrote {args.output}: {len(game.nodes)} nodes, {len(game.players)} players")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="gametoolkit", description="Extensive-form games: build, validate, convert, solve, draw.")
    parser.add_argument("--version", action="version", version=f"gametoolkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

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

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


def _register_solve(sub: Any) -> None:
    from .solve import register

    register(sub)


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
_EXTRA_COMMANDS: list[Callable[[Any], None]] = [_register_solve, _register_check, _register_draw, _register_sweep]


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
