"""Read and write a game file by its suffix: ``.efg`` (Gambit) or ``.json``."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.game import Game
from ..errors import GameToolkitError

__all__ = ["read_game", "write_game"]


def read_game(path: str | os.PathLike[str]) -> Game:
    """Read a game from a file, as ``.efg`` (Gambit) or ``.json`` by its suffix.

    Parameters
    ----------
    path : str or os.PathLike
        A file ending in ``.efg`` or ``.json`` (any case).

    Returns
    -------
    Game
        The validated game; numbers are exact (``0.3`` in a file is ``3/10``).

    Raises
    ------
    GameToolkitError
        For another suffix.
    ParseError
        When the file is not well formed; the message names the line.
    ValidationError
        When the game it describes breaks a rule, listing every problem.

    Examples
    --------
    >>> import os, tempfile
    >>> from gametoolkit import load, read_game, write_game
    >>> game = load("us-japan-alliance", china="low", p="1/4")
    >>> path = os.path.join(tempfile.mkdtemp(), "us-japan-low.efg")
    >>> write_game(game, path)
    >>> read_game(path).infosets[0].probs
    (Fraction(1, 4), Fraction(3, 4))
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".efg":
        from .efg import read_efg

        return read_efg(path)
    if suffix == ".json":
        from .gamejson import read_json

        return read_json(path)
    raise GameToolkitError(f"{os.fspath(path)}: unknown game file type {suffix!r} (use .efg or .json)")


def write_game(game: Game, path: str | os.PathLike[str]) -> None:
    """Write a game to a file, as ``.efg`` (Gambit) or ``.json`` by its suffix.

    Parameters
    ----------
    game : Game
        The game; ``.efg`` needs every parameter bound, ``.json`` keeps parameters
        and every label.
    path : str or os.PathLike
        A file ending in ``.efg`` or ``.json``; it is overwritten.

    Raises
    ------
    GameToolkitError
        For another suffix, or a game the format cannot hold.

    See Also
    --------
    read_game : reads either format back.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".efg":
        from .efg import write_efg

        write_efg(game, path)
    elif suffix == ".json":
        from .gamejson import write_json

        write_json(game, path)
    else:
        raise GameToolkitError(f"{os.fspath(path)}: cannot write {suffix!r} files (use .efg or .json)")
