"""The toolkit's exceptions, all under one base class, and its warnings.

Every error a user can cause by bad input is one of these; the CLI turns them into
one line on stderr and exit code 2.

A :class:`GameWarning` flags input that is valid but probably not what was meant (an
information-set label one letter off another, a float read as a fraction); the game is
built all the same.  The CLI prints each as one ``warning: ...`` line.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

__all__ = [
    "FloatWarning",
    "GameToolkitError",
    "GameWarning",
    "LabelWarning",
    "LimitError",
    "MissingDependencyError",
    "ModelError",
    "NumberError",
    "ParseError",
    "SolverError",
    "StructureError",
    "ValidationError",
    "warn",
]


class GameToolkitError(ValueError):
    """Base class of every error raised by gametoolkit on bad input."""


class ValidationError(GameToolkitError):
    """A game breaks one or more rules; ``problems`` lists every one of them.

    Each problem is a sentence that names the node by its path of action labels
    from the root (``root``, ``U_H/l``, ...).
    """

    def __init__(self, problems: list[str] | tuple[str, ...], source: str = "") -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        self.source = source
        where = f"{source}: " if source else ""
        if len(self.problems) == 1:
            message = f"{where}invalid game: {self.problems[0]}"
        else:
            listed = "; ".join(self.problems[:20])
            more = len(self.problems) - 20
            tail = f"; and {more} more" if more > 0 else ""
            message = f"{where}invalid game, {len(self.problems)} problems: {listed}{tail}"
        super().__init__(message)


class NumberError(GameToolkitError):
    """A value that is not an exact number: text such as ``abc``, ``1/0`` or ``nan``, a
    number too long to read, a float that is not finite; also a parameter name that is
    not an identifier.  The message names the value; readers of files and of the
    command line wrap it in a :class:`ParseError`, a :class:`ValidationError` problem
    or a :class:`ModelError` saying where it was found.
    """


class ParseError(GameToolkitError):
    """Malformed input text, with the file, line and column where it went wrong."""

    def __init__(self, message: str, source: str = "<string>", line: int = 0, column: int = 0) -> None:
        self.reason = message
        self.source = source
        self.line = line
        self.column = column
        if line:
            where = f"{source}:{line}:{column}" if column else f"{source}:{line}"
        else:
            where = source
        super().__init__(f"{where}: {message}")


class SolverError(GameToolkitError):
    """A solver cannot handle this game (no perfect recall, too large, ...)."""


class LimitError(SolverError):
    """A solver stopped at a size or work limit; the message names the option raising it."""


class ModelError(GameToolkitError):
    """A shipped or user model cannot be found or given these parameters."""


class StructureError(GameToolkitError):
    """A node cannot be placed while building a tree (already complete, no actions known)."""


class MissingDependencyError(GameToolkitError, ImportError):
    """An optional library is needed; the message names the extra to install."""


class GameWarning(UserWarning):
    """Base class of the toolkit's warnings: valid input that is probably a mistake.

    Silence them all with ``warnings.simplefilter("ignore", GameWarning)``, or turn
    them into errors with ``"error"`` (``python -W error::UserWarning`` does too).
    """


class LabelWarning(GameWarning):
    """An information-set label one letter off another set's label of the same player,
    or one label used by the sets of two players (in the DSL both make separate sets)."""


class FloatWarning(GameWarning):
    """A Python float was read as a fraction that is not the float's own value: the
    message names the fraction it became and how to write the number exactly."""


#: This package's directory; frames inside it are skipped so that a warning points at
#: the user's line.  The shipped models (``gametoolkit.models``) count as user code.
_PACKAGE = str(Path(__file__).resolve().parent)
_MODELS = str(Path(_PACKAGE, "models"))


def _inside(filename: str) -> bool:
    try:
        path = str(Path(filename).resolve())
    except (OSError, ValueError):
        return False
    return path.startswith(_PACKAGE) and not path.startswith(_MODELS)


def warn(message: str, category: type[GameWarning] = GameWarning) -> None:
    """Issue ``message`` as ``category``, attributed to the first caller outside the package.

    Parameters
    ----------
    message : str
        The warning's text.
    category : type of GameWarning
        Its class; :class:`LabelWarning` or :class:`FloatWarning`.
    """
    frame = sys._getframe(1)
    level = 2
    while frame.f_back is not None and _inside(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
