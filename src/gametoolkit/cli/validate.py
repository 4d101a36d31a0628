"""The ``gametoolkit validate`` command: every problem of a game, or a one-line summary.

A valid game's summary is followed by what is allowed but probably a mistake: the lack
of perfect recall, and the warnings (:class:`~gametoolkit.errors.GameWarning`) of
building it, such as an information-set label one letter off another, each on a line
``  warning: ...``.
"""

from __future__ import annotations

import argparse
import warnings
from typing import Any

from ..errors import GameWarning
from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["cmd_validate", "register"]


def cmd_validate(args: argparse.Namespace) -> int:
    from ..core.validate import validate

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GameWarning)
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
    for found in caught:
        if issubclass(found.category, GameWarning):
            print(f"  warning: {found.message}")
        else:  # not ours: shown as Python would have
            warnings.showwarning(found.message, found.category, found.filename, found.lineno)
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the command to the subcommands."""
    p = sub.add_parser("validate", help="check the game; exit 2 listing every problem")
    add_model_arguments(p)
    p.set_defaults(func=cmd_validate)
