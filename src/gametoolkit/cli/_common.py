"""What every command shares: exit codes, the parser class, MODEL and ``--set``."""

from __future__ import annotations

import argparse
from typing import NoReturn

from ..core.game import Game

__all__ = ["EXIT_DISAGREE", "EXIT_OK", "EXIT_USAGE", "Parser", "UsageError", "add_model_arguments", "load_model_game"]

EXIT_OK = 0
EXIT_DISAGREE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line use (argparse's complaints)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def add_model_arguments(p: argparse.ArgumentParser) -> None:
    """MODEL and the repeatable ``--set NAME=VALUE``, as every game command takes them."""
    p.add_argument("model", metavar="MODEL", help="shipped model slug, model .py file, or .efg/.json game file")
    p.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="set a parameter (exact: 3/10, 0.3, high); repeatable"
    )


def load_model_game(args: argparse.Namespace) -> Game:
    from ..catalog import load_game, parse_settings

    settings = parse_settings(args.set or [])
    return load_game(args.model, settings)
