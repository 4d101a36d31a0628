"""Read and write a game file by its suffix: ``.efg`` (Gambit) or ``.json``."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GameToolkitError, ParseError
from ..core.game import Game

__all__ = ["read_game", "read_text", "write_game"]


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """The UTF-8 text of a file (a byte-order mark dropped) and its name for messages.

    A file that cannot be read, or is not UTF-8, raises :class:`ParseError` naming the
    file and, for a bad byte, its line and column.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise ParseError(f"cannot read the file: {err.strerror or err}", source) from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.start
        line = data.count(b"\n", 0, bad) + 1
        line_start = data.rfind(b"\n", 0, bad) + 1
        column = len(data[line_start:bad].decode("utf-8", "replace")) + 1
        raise ParseError(
            f"not UTF-8 text: byte 0x{data[bad]:02x} (byte offset {bad}) cannot be decoded", source, line, column
        ) from None
    return text.removeprefix("\ufeff"), source


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
