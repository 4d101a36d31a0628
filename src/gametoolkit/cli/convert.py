"""The ``gametoolkit export`` and ``convert`` commands: a game written as ``.efg`` or ``.json``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.game import Game
from ..errors import GameToolkitError
from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["cmd_convert", "cmd_export", "register"]


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


def register(sub: Any) -> None:
    """Add the commands to the subcommands."""
    p = sub.add_parser("export", help="write the game as .efg (readable by pygambit 16.7) or .json")
    add_model_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.efg or FILE.json")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("convert", help="convert a game file or model to .efg or .json")
    add_model_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.efg or FILE.json")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=cmd_convert)
