"""gametoolkit: extensive-form games for formal theorists.

Define a game in a few lines of Python (:mod:`gametoolkit.core.dsl`) or read a Gambit
``.efg`` file, validate it, move it to Gambit and back, and (in later modules) solve
and draw it.  Every number is exact.
"""

from .core.builder import TreeBuilder
from .core.dsl import chance, decision, game, leaf, param, params
from .errors import (
    GameToolkitError,
    LimitError,
    MissingDependencyError,
    ModelError,
    NumberError,
    ParseError,
    SolverError,
    ValidationError,
)
from .core.game import CHANCE, Game, InfoSet, Node, Outcome
from .core.values import Expr, Param, exact, format_value, parse_number
from .core.validate import perfect_recall_problems, problems, validate

__version__ = "0.1.0"

__all__ = [
    "CHANCE",
    "Expr",
    "Game",
    "GameToolkitError",
    "InfoSet",
    "LimitError",
    "MissingDependencyError",
    "ModelError",
    "Node",
    "NumberError",
    "Outcome",
    "Param",
    "ParseError",
    "SolverError",
    "TreeBuilder",
    "ValidationError",
    "chance",
    "decision",
    "exact",
    "format_value",
    "game",
    "leaf",
    "param",
    "params",
    "parse_number",
    "perfect_recall_problems",
    "problems",
    "validate",
]
