"""Read and write a game file by its suffix: ``.efg`` (Gambit) or ``.json``."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.game import Game
from ..errors import GameToolkitError

__all__ = ["read_game", "write_game"]


def read_game(path: str | os.PathLike[str]) -> Game:
    """Read ``path`` as ``.efg`` or ``.json`` (by suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".efg":
        from .efg import read_efg

        return read_efg(path)
    if suffix == ".json":
        from .gamejson import read_json

        return read_json(path)
    raise GameToolkitError(f"{os.fspath(path)}: unknown game file type {suffix!r} (use .efg or .json)")


def write_game(game: Game, path: str | os.PathLike[str]) -> None:
    """Write ``game`` to ``path`` as ``.efg`` or ``.json`` (by suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".efg":
        from .efg import write_efg

        write_efg(game, path)
    elif suffix == ".json":
        from .gamejson import write_json

        write_json(game, path)
    else:
        raise GameToolkitError(f"{os.fspath(path)}: cannot write {suffix!r} files (use .efg or .json)")
