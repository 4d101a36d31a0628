"""gametoolkit: extensive-form games for formal theorists.

Define a game in a few lines of Python (the DSL: :func:`game`, :func:`decision`,
:func:`chance`, :func:`leaf`, :func:`param`) or read a Gambit ``.efg`` file
(:func:`read_game`), solve it exactly (:func:`solve`), check the answer against Gambit
(:func:`crosscheck`) and draw it (:func:`draw`).  Every number is exact.

The package is layered; each layer imports only those above it:

=============  ============================================================
``errors``     the exception hierarchy, every class under GameToolkitError
``core``       the frozen game, exact values and parameters, builder, DSL
``io``         ``.efg``, JSON and pygambit
``evaluate``   profiles, beliefs, reach walks, subgames, signaling structure
``algebra``    exact linear algebra, polynomials, strategic and sequence forms
``solution``   the frozen results every solver returns
``solvers``    one module per solution concept
``symbolic``   parameters as symbols: families of equilibria and conditions
``verify``     the Gambit cross-check, random games, reliability checks
``analysis``   sweeps, regions, priors
``render``     figures: layout once, then Graphviz and TikZ
``catalog``    the shipped models by slug
``cli``        the ``gametoolkit`` command
=============  ============================================================

Importing the package installs the notebook display of games, solutions and single
equilibria (an SVG from :mod:`gametoolkit.render`); the core and the solution module
import no renderer.
"""

import importlib
from typing import TYPE_CHECKING, Any

from .core.builder import TreeBuilder
from .core.dsl import chance, decision, game, leaf, param, params
from .core.game import CHANCE, Game, InfoSet, Node, Outcome, install_display
from .core.validate import perfect_recall_problems, problems, validate
from .core.values import Expr, Param, exact, format_value, parse_number
from .errors import (
    FloatWarning,
    GameToolkitError,
    GameWarning,
    LabelWarning,
    LimitError,
    MissingDependencyError,
    ModelError,
    NumberError,
    ParseError,
    SolverError,
    StructureError,
    ValidationError,
)

if TYPE_CHECKING:
    from .catalog import load
    from .estimation import estimate
    from .io.files import read_game, write_game
    from .render import draw
    from .solution import Assessment, Solution
    from .solvers import solve
    from .verify.crosscheck import crosscheck

__version__ = "0.1.0"

#: The everyday API beyond the game model, imported on first use so that
#: ``import gametoolkit`` (and every CLI call) stays quick.
_LAZY = {
    "load": "catalog",
    "read_game": "io.files",
    "write_game": "io.files",
    "draw": "render",
    "Assessment": "solution",
    "Solution": "solution",
    "solve": "solvers",
    "crosscheck": "verify.crosscheck",
    "estimate": "estimation",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'gametoolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def _svg(obj: Any) -> str | None:
    """The notebook display of a game, a solution or one equilibrium (``None``: text)."""
    from .solution import Assessment

    if isinstance(obj, Assessment):
        return _assessment_svg(obj)
    from .render import repr_svg

    return repr_svg(obj)


def _assessment_svg(equilibrium: Any) -> str | None:
    """One equilibrium drawn on its game, or ``None`` (no Graphviz, too large, any failure)."""
    try:
        from .render import REPR_MAX_NODES, draw

        game = equilibrium.behavior.game
        if len(game.nodes) > REPR_MAX_NODES:
            return None
        svg: bytes = draw(game, equilibrium=equilibrium).render("svg")
        return svg.decode("utf-8")
    except Exception:  # a notebook falls back to the text repr
        return None


install_display(_svg)

__all__ = [
    "CHANCE",
    "Assessment",
    "Expr",
    "FloatWarning",
    "Game",
    "GameToolkitError",
    "GameWarning",
    "InfoSet",
    "LabelWarning",
    "LimitError",
    "MissingDependencyError",
    "ModelError",
    "Node",
    "NumberError",
    "Outcome",
    "Param",
    "ParseError",
    "Solution",
    "SolverError",
    "StructureError",
    "TreeBuilder",
    "ValidationError",
    "chance",
    "crosscheck",
    "decision",
    "draw",
    "estimate",
    "exact",
    "format_value",
    "game",
    "leaf",
    "load",
    "param",
    "params",
    "parse_number",
    "perfect_recall_problems",
    "problems",
    "read_game",
    "solve",
    "validate",
    "write_game",
]
