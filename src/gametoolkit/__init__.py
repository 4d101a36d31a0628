"""gametoolkit: extensive-form games for formal theorists.

Define a game in a few lines of Python (:mod:`gametoolkit.dsl`) or read a Gambit
``.efg`` file, validate it, move it to Gambit and back, and (in later modules) solve
and draw it.  Every number is exact.
"""

from .builder import TreeBuilder
from .dsl import chance, decision, game, leaf, param, params
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
from .game import CHANCE, Game, InfoSet, Node, Outcome
from .numbers import Expr, Param, exact, format_value, parse_number
from .validate import perfect_recall_problems, problems, validate

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
