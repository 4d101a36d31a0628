"""The ``gametoolkit show`` command: players, counts, perfect recall and the tree as text."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["cmd_show", "register"]


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


def register(sub: Any) -> None:
    """Add the command to the subcommands."""
    p = sub.add_parser("show", help="players, counts, perfect recall and the tree as text")
    add_model_arguments(p)
    p.add_argument("--max-nodes", type=int, default=500, help="print at most this many nodes (default 500)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_show)
