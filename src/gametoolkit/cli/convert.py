"""The ``gametoolkit export`` and ``convert`` commands: a game written as ``.efg`` or ``.json``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.game import Game
from ..errors import GameToolkitError
from ._common import EXIT_OK, add_model_arguments, load_model_game

__all__ = ["ARRAY_MIN_BYTES", "cmd_convert", "cmd_export", "large_efg_spe_json", "register"]

#: An ``.efg`` file of at least this many bytes is first scanned into arrays
#: (:mod:`gametoolkit.io.efg.arrays`); the object path reads whatever the scan declines.
ARRAY_MIN_BYTES = 1 << 16


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


def _large_efg(args: argparse.Namespace) -> Any:
    """The arrays of MODEL when it is a large ``.efg`` file the scan takes (no ``--set``), else None."""
    model = args.model
    if args.set or Path(model).suffix.lower() != ".efg":
        return None
    try:
        if os.path.getsize(model) < ARRAY_MIN_BYTES:
            return None
    except OSError:
        return None  # the object path reports it
    from ..io.efg.arrays import read_efg_arrays

    return read_efg_arrays(model)


def large_efg_spe_json(args: argparse.Namespace) -> str | None:
    """``solve --concept spe --json`` on arrays, when it gives the object path's text.

    For a large ``.efg`` file that :func:`~gametoolkit.io.efg.arrays.scan_efg` takes,
    without ``--set``, ``--refine`` or any limit but ``--max-equilibria`` (at least 1),
    whose subgame-perfect equilibrium is unique; ``None`` otherwise (the caller then
    solves as always).
    """
    others = ("max_supports", "max_cells", "max_bases", "max_pivots", "max_entries", "lam", "refine")
    if args.concept != "spe" or not args.json or any(getattr(args, name, None) is not None for name in others):
        return None
    if args.max_equilibria is not None and args.max_equilibria < 1:
        return None
    arrays = _large_efg(args)
    if arrays is None:
        return None
    from ..solvers.spe_arrays import backward_induction, spe_json

    found = backward_induction(arrays)
    return None if found is None else spe_json(arrays, found)


def cmd_convert(args: argparse.Namespace) -> int:
    if Path(args.output).suffix.lower() == ".efg":
        arrays = _large_efg(args)
        if arrays is not None:
            from ..io.efg.arrays import write_efg_arrays

            write_efg_arrays(arrays, args.output)
            if not args.quiet:
                print(f"wrote {args.output}: {arrays.size} nodes, {len(arrays.players)} players")
            return EXIT_OK
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
