"""Symbolic and ordinal analysis: equilibria as expressions and the conditions for each.

Needs the ``symbolic`` extra (sympy).  The pieces:

* :mod:`.expr`: a restricted parser for expressions and conditions (no ``eval``, no
  ``sympify`` of text) and printers to ASCII and LaTeX;
* :mod:`.assumptions`: orderings, probabilities in (0, 1), further inequalities, and
  certified signs under them;
* :mod:`.conditions`: conditions simplified under the assumptions, evaluated exactly;
* :mod:`.solver`: every family of perfect Bayesian equilibria with its conditions;
* :mod:`.ordinal`: which families exist for all, some or no consistent payoffs, checked
  against the numeric solver on random draws.

:func:`solve_model` ties them to a shipped model: the model's ``tree()`` (every payoff
and probability a parameter), its ``ORDERINGS`` for the chosen case, and every name in
a chance probability taken to lie in (0, 1).  Settings given as numbers are put in;
every other parameter stays a symbol.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from ..catalog import Model
from ..core.game import CHANCE, Game
from ..core.values import exact, free_params
from ..errors import ModelError
from .assumptions import AssumptionError, Assumptions
from .conditions import Condition
from .expr import parse_expression, parse_relations, to_latex, to_text
from .solver import SymbolicEquilibrium, SymbolicSolution, SymbolicUnsupported, solve_symbolic

__all__ = [
    "AssumptionError",
    "Assumptions",
    "Condition",
    "SymbolicEquilibrium",
    "SymbolicSolution",
    "SymbolicUnsupported",
    "model_game",
    "parse_expression",
    "parse_relations",
    "probability_names",
    "solve_model",
    "solve_symbolic",
    "to_latex",
    "to_text",
]


def probability_names(game: Game) -> tuple[str, ...]:
    """Parameters that appear in chance probabilities (taken to lie in (0, 1))."""
    names: set[str] = set()
    for h in game.infosets:
        if h.player == CHANCE:
            for x in h.probs or ():
                names |= free_params(x)
    return tuple(sorted(names))


def _orderings(model: Model, choices: Mapping[str, str]) -> tuple[tuple[str, ...], ...]:
    table = getattr(model.module, "ORDERINGS", None)
    if not table:
        return ()
    values = list(table.values())
    if all(isinstance(v, Mapping) for v in values):  # keyed by a case, e.g. china
        for name, options in model.choices.items():
            if set(table) <= set(options):
                case = choices.get(name, model.parameters.get(name))
                return tuple(tuple(chain) for chain in table[case].values())
        raise ModelError(f"model {model.slug!r}: cannot tell which setting picks its ORDERINGS")
    return tuple(tuple(chain) for chain in values)


def _model_assumptions(model: Model) -> tuple[str, ...]:
    own = getattr(model.module, "ASSUMPTIONS", None) or ()
    if isinstance(own, str) or not all(isinstance(x, str) for x in own):
        raise ModelError(f"model {model.slug!r}: ASSUMPTIONS must be a list of relations as text, e.g. [\"c > 0\"]")
    return tuple(own)


def model_game(
    model: Model, settings: Mapping[str, Any], extra: Iterable[str] = ()
) -> tuple[Game, Assumptions, dict[str, str]]:
    """The model's parametric game with ``settings`` put in, and its assumptions.

    Parameters
    ----------
    model : Model
        A model with a ``tree()``.
    settings : mapping
        Values for some parameters; named choices pick the tree and the orderings.
    extra : iterable of str
        Further assumptions as text.

    Returns
    -------
    tuple of (Game, Assumptions, dict)
        The game, its assumptions, and the model's ``TEX_NAMES``.

    Raises
    ------
    SymbolicUnsupported
        When the model has no ``tree()``.
    ModelError
        For an unknown parameter or choice, or a setting that breaks an assumption.

    Notes
    -----
    The assumptions are one object: the model's ``ORDERINGS`` for the chosen case,
    every name in a chance probability in (0, 1), the model's own ``ASSUMPTIONS`` (a
    list of relations as text, e.g. ``["c > 0", "a >= 0"]``) and ``extra``, further
    assumptions as text (``"x4 - x2 > x2 - x6"``, from ``--assume``), read by the
    restricted parser.  Relations whose names all get a number are checked at those
    numbers (an error when one fails) and dropped.
    """
    tree = getattr(model.module, "tree", None)
    if tree is None:
        raise SymbolicUnsupported(f"model {model.slug!r} has no tree() with named parameters")
    unknown = sorted(set(settings) - set(model.parameters))
    if unknown:
        raise ModelError(f"model {model.slug!r} has no parameter(s) {', '.join(unknown)}")
    choices = {k: str(v) for k, v in settings.items() if k in model.choices}
    for name, value in choices.items():
        if value not in model.choices[name]:
            raise ModelError(f"model {model.slug!r}: {name} must be one of {', '.join(model.choices[name])}, not {value}")
    accepts = inspect.signature(tree).parameters
    game: Game = tree(**{k: v for k, v in choices.items() if k in accepts})
    numbers: dict[str, Fraction] = {}
    for name, value in settings.items():
        if name in model.choices:
            continue
        try:
            numbers[name] = exact(value, name)
        except ValueError as err:
            raise ModelError(str(err)) from err
    unused = sorted(set(numbers) - set(game.parameters))
    if unused:
        raise ModelError(f"model {model.slug!r}: {', '.join(unused)} is not a parameter of its tree")
    assumptions = Assumptions(_orderings(model, choices), probability_names(game))
    names = set(game.parameters)
    own = _model_assumptions(model)
    relations = tuple(r for text in own for r in parse_relations(text, names, source=f"{model.slug}: ASSUMPTIONS"))
    relations += tuple(r for text in extra for r in parse_relations(text, names, source="--assume"))
    assumptions = Assumptions(assumptions.orderings, assumptions.probabilities, relations).restrict(numbers)
    assumptions.check()
    if numbers:
        game = game.bind(numbers)
    tex = dict(getattr(model.module, "TEX_NAMES", {}))
    return game, assumptions, tex


def solve_model(model: Model, settings: Mapping[str, Any], extra: Iterable[str] = (), **options: Any) -> SymbolicSolution:
    """Every family of perfect Bayesian equilibria of a model, with its conditions.

    What ``gametoolkit solve MODEL --symbolic`` runs: the model's ``tree()`` with
    ``settings`` put in, solved with every other parameter left a symbol, under the
    assumptions :func:`model_game` collects.

    Parameters
    ----------
    model : Model
        A shipped model or model file (:func:`gametoolkit.catalog.find_model`) with a
        ``tree()`` whose payoffs and probabilities are parameters.
    settings : mapping
        Values for some parameters (numbers, or named choices such as
        ``{"china": "high"}``); the rest stay symbolic.
    extra : iterable of str
        Further assumptions as text (``"x4 - x2 > x2 - x6"``), as ``--assume`` gives.
    **options
        Passed to :func:`solve_symbolic` (``max_supports``, ``budget``, ``verify``,
        ``seed``).

    Returns
    -------
    SymbolicSolution
        The families, each with behavior and beliefs as expressions and the
        conditions under which it holds.

    Raises
    ------
    SymbolicUnsupported
        When the model has no ``tree()``, or no parameter is left symbolic.
    ModelError
        For an unknown parameter or a setting that breaks an assumption.

    Examples
    --------
    >>> from gametoolkit.catalog import find_model
    >>> from gametoolkit.symbolic import solve_model
    >>> solution = solve_model(find_model("us-japan-alliance"), {"china": "high"})
    >>> for family in solution.equilibria:
    ...     print(family.name, [str(c) for c in family.conditions])
    separating []
    pooling ['p <= (y4 - bJ)/(y4 - y2)']
    semi-separating ['p < (y4 - bJ)/(y4 - y2)']
    """
    game, assumptions, tex = model_game(model, settings, extra)
    if not game.parameters:
        raise SymbolicUnsupported("every parameter has a number; nothing is left symbolic (drop some --set)")
    return solve_symbolic(game, assumptions, tex_names=tex, **options)
