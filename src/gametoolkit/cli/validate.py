"""The ``gametoolkit validate`` command: every problem of a game, or a one-line summary."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["cmd_validate", "register"]


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


def register(sub: Any) -> None:
    """Add the command to the subcommands."""
    p = sub.add_parser("validate", help="check the game; exit 2 listing every problem")
    add_model_arguments(p)
    p.set_defaults(func=cmd_validate)
