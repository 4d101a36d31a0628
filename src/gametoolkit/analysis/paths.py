"""The two ways a sweep finds the equilibrium labels at its grid points.

* :class:`NumericPath` builds the game at each point and solves it exactly; it is the
  reference, and works for every model and concept.
* :class:`SymbolicPath` (``pbe`` on a model with a ``tree()``) solves the model once
  per combination of the categorical values with the numeric axes left as symbols
  (:func:`gametoolkit.symbolic.solve_model`), then evaluates the conditions of every
  family over the grid, the families that hold only on a boundary (``c = 1``)
  included: a point on such a line gets the boundary family's label exactly where
  its equation and its further conditions hold.

The symbolic answer is only claimed where the symbolic solution's assumptions hold:
the model's orderings and ``ASSUMPTIONS``, ``0 < p < 1`` for each chance
probability, the ``--assume`` inequalities.  A grid point outside them (``c = 0``
under ``c > 0``; ``p = 0``) goes through the numeric path, and the path counts such
points by the assumption they break (:attr:`SymbolicPath.numeric_reasons`).

Every parameter that is neither varied nor set is bound to the number the model
gives it (a payoff at its rank, a default), so the symbolic solve has only the varied
parameters left.  Before trusting it the model's ``tree()`` with those numbers put
in is compared with the model's own ``build()`` at the corners of the grid: a model
whose two functions disagree, or a grid that the model refuses, never gets a
symbolic answer.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from ..core.game import Game
from ..core.values import Param
from ..errors import GameToolkitError
from .executor import Executor
from .grid import Axis, GridValue, value_text
from .labels import family_label, family_label_at, label_set, moving_label

__all__ = [
    "NumericPath",
    "Path_",
    "SweepError",
    "SymbolicPath",
    "SymbolicUnavailable",
    "chance_parameters",
    "numeric_labels",
    "resolved_values",
]


#: why a point inside the assumptions still goes through the numeric path
CONTINUUM = "on a continuum whose extreme points decide the labels"


class SweepError(GameToolkitError):
    """A sweep that cannot run: a bad method or concept, a point the model refuses."""


class SymbolicUnavailable(GameToolkitError):
    """The symbolic path cannot run here (no sympy, no ``tree()``, unsupported game)."""


class Path_(Protocol):
    """What an evaluation path does: the label sets at points of one categorical combination."""

    method: str

    def evaluate(
        self, fixed: Mapping[str, Any], points: Sequence[Mapping[str, GridValue]], advance: Callable[[int], None]
    ) -> list[tuple[str, ...]]: ...


def where(point: Mapping[str, Any]) -> str:
    """``c=1, q=1/2``: a point for a message."""
    return ", ".join(f"{k}={value_text(v) if isinstance(v, Fraction | str) else v}" for k, v in point.items())


# ---------------------------------------------------------------------- numeric
def numeric_labels(task: tuple[str, str, Mapping[str, Any], Mapping[str, Any]]) -> tuple[str, ...]:
    """The labels at one point: ``task`` is ``(spec, concept, options, settings)``.

    A top-level function, so that worker processes (joblib, Dask) can run it.
    """
    from ..catalog import load_game
    from ..solvers import solve

    spec, concept, options, settings = task
    try:
        game = load_game(spec, settings)
        solution = solve(game, concept, **options)
    except GameToolkitError as err:
        raise SweepError(f"at {where(settings)}: {err}") from err
    return label_set(solution.equilibria)


class NumericPath:
    """Build and solve the game at every point, exactly (the reference).

    The points go through ``executor`` (:class:`gametoolkit.analysis.executor.Executor`: this
    process, local processes or a Dask cluster); the results come back in order.
    """

    method = "numeric"

    def __init__(
        self, spec: str, concept: str = "pbe", options: Mapping[str, Any] | None = None, executor: Executor | None = None
    ) -> None:
        self.spec = spec
        self.concept = concept
        self.options = dict(options or {})
        self.executor = executor or Executor()

    def labels_at(self, settings: Mapping[str, Any]) -> tuple[str, ...]:
        return numeric_labels((self.spec, self.concept, self.options, dict(settings)))

    def labels_many(
        self, settings: Sequence[Mapping[str, Any]], advance: Callable[[int], None] | None = None
    ) -> list[tuple[str, ...]]:
        """The labels at many points, through the executor, in order."""
        tasks = [(self.spec, self.concept, self.options, dict(s)) for s in settings]
        return self.executor.map(numeric_labels, tasks, advance)

    def evaluate(
        self, fixed: Mapping[str, Any], points: Sequence[Mapping[str, GridValue]], advance: Callable[[int], None]
    ) -> list[tuple[str, ...]]:
        return self.labels_many([{**fixed, **point} for point in points], advance)


# ---------------------------------------------------------------------- the model's numbers
def chance_parameters(game: Game) -> set[str]:
    """Names that appear in chance probabilities (``p``)."""
    from ..core.values import free_params

    names: set[str] = set()
    for h in game.infosets:
        for x in h.probs or ():
            names |= free_params(x)
    return names


def _tree(model: Any, settings: Mapping[str, Any]) -> Game | None:
    """The model's parametric game for the categorical ``settings``, or ``None``."""
    import inspect

    tree_fn = getattr(model.module, "tree", None)
    if not callable(tree_fn):
        return None
    accepts = inspect.signature(tree_fn).parameters
    choices = {k: v for k, v in settings.items() if k in model.choices and k in accepts}
    tree = tree_fn(**choices)
    return tree if isinstance(tree, Game) else None


def resolved_values(model: Any, settings: Mapping[str, Any]) -> dict[str, Fraction]:
    """The number each of a model's named parameters takes in the game built with
    ``settings``, defaults included (payoffs that default to ranks, say).

    Read by laying the model's parametric game (its ``tree()``) over the built game:
    wherever the parametric game has a bare parameter (a payoff ``x4``, a probability
    ``p``) the built game's number there is that parameter's value.  A parameter that
    only enters expressions (``2 - c - a``) takes its number from ``settings`` or from
    the model's ``PARAMETERS``.  Empty when the model has no ``tree()`` or the two games
    differ in shape.
    """
    tree = _tree(model, settings)
    if tree is None:
        return {}
    game = model.build(**settings)
    if len(tree.nodes) != len(game.nodes) or len(tree.outcomes) != len(game.outcomes):
        return {}
    values: dict[str, Fraction] = {}
    clash: set[str] = set()

    def take(symbolic: Any, number: Any) -> None:
        if isinstance(symbolic, Param) and isinstance(number, Fraction):
            if values.setdefault(symbolic.name, number) != number:
                clash.add(symbolic.name)

    for o, b in zip(tree.outcomes, game.outcomes):
        for x, y in zip(o.payoffs, b.payoffs):
            take(x, y)
    for h, k in zip(tree.infosets, game.infosets):
        for x, y in zip(h.probs or (), k.probs or ()):
            take(x, y)
    for name in clash:
        del values[name]
    for name in sorted(tree.parameters - set(values)):
        given = settings.get(name, model.parameters.get(name))
        if isinstance(given, int | Fraction) and not isinstance(given, bool):
            values[name] = Fraction(given)
    return values


def _same_game(a: Game, b: Game) -> str | None:
    """Why two games differ in shape, payoffs or chance probabilities; ``None`` when they agree."""
    if len(a.nodes) != len(b.nodes):
        return f"{len(a.nodes)} nodes against {len(b.nodes)}"
    for u, v in zip(a.terminals, b.terminals):
        if a.payoffs(u) != b.payoffs(v):
            return f"payoffs at {b.node_name(v)}"
    for h, k in zip(a.infosets, b.infosets):
        if (h.probs or ()) != (k.probs or ()):
            return f"chance probabilities at {b.infoset_name(k)}"
    return None


# ---------------------------------------------------------------------- assumptions
class AssumptionCheck:
    """Which of a symbolic solution's assumptions a point breaks, named as written."""

    def __init__(self, assumptions: Any) -> None:
        import sympy

        self.assumptions = assumptions
        self.chains = [tuple(chain) for chain in getattr(assumptions, "orderings", ())]
        self.probabilities = tuple(getattr(assumptions, "probabilities", ()))
        self.relations = []
        for rel in getattr(assumptions, "extra", ()):
            expr = sympy.expand(rel.lhs - rel.rhs)
            names = frozenset(str(s.name) for s in expr.free_symbols)
            self.relations.append((str(rel), expr, rel.op, names))

    def cuts(self, axis: str, values: Mapping[str, Fraction]) -> set[Fraction]:
        """Where along ``axis`` (the other names at ``values``) an assumption may switch.

        The points where a chain's neighbour, a probability's 0 or 1, or a relation
        linear in ``axis`` holds with equality: between two neighbouring cuts every
        assumption holds throughout or fails throughout.
        """
        import sympy

        out: set[Fraction] = set()
        for chain in self.chains:
            if axis in chain:
                out.update(values[n] for n in chain if n != axis and n in values)
        if axis in self.probabilities:
            out.update((Fraction(0), Fraction(1)))
        for _, expr, _, names in self.relations:
            if axis not in names or not names - {axis} <= set(values):
                continue
            symbols = {str(sym.name): sym for sym in expr.free_symbols}
            here = sympy.expand(
                expr.subs({symbols[n]: sympy.Rational(values[n].numerator, values[n].denominator) for n in names - {axis}})
            )
            poly = sympy.Poly(here, symbols[axis])
            if poly.degree() == 1:
                root = -poly.nth(0) / poly.nth(1)
                out.add(Fraction(int(root.p), int(root.q)))
        return out

    def failed(self, values: Mapping[str, Fraction]) -> str | None:
        """The first assumption ``values`` breaks (as text), or ``None`` when it meets them all."""
        from ..symbolic.expr import compare, evaluate_exact

        for chain in self.chains:
            bound = [values[n] for n in chain if n in values]
            if any(not a > b for a, b in itertools.pairwise(bound)):
                return " > ".join(chain)
        for name in self.probabilities:
            if name in values and not 0 < values[name] < 1:
                return f"0 < {name} < 1"
        for text, expr, op, names in self.relations:
            if names <= set(values) and not compare(evaluate_exact(expr, values), op):
                return text
        satisfied = getattr(self.assumptions, "satisfied", None)
        if callable(satisfied) and not satisfied(values):
            return "; ".join(self.assumptions.describe())
        return None


# ---------------------------------------------------------------------- symbolic
def _symbolic() -> Any:
    """:mod:`gametoolkit.symbolic` with ``solve_model`` (ImportError when absent: no sympy,
    or the module without that function)."""
    import importlib

    module = importlib.import_module("gametoolkit.symbolic")
    if not callable(getattr(module, "solve_model", None)):
        raise ImportError("gametoolkit.symbolic has no solve_model")
    return module


@dataclass(frozen=True)
class Solved:
    """One symbolic solve: the solution, the numbers put in, the families with their labels."""

    solution: Any
    #: every number the solve put in: the fixed settings and the model's own values
    numbers: Mapping[str, Fraction]
    chance: frozenset[str]
    #: every family (boundary ones too) with its label, ``None`` where it depends on the
    #: point, and whether a continuum's free unknowns move its label (:func:`moving_label`)
    families: tuple[tuple[Any, str | None, bool], ...]
    check: AssumptionCheck

    def outside(self, point: Mapping[str, GridValue]) -> str | None:
        """Why a point is not the symbolic solution's to answer: the assumption it breaks
        (a chance probability at 0 or 1 among them), or ``None``."""
        values = {**self.numbers, **{k: v for k, v in point.items() if isinstance(v, Fraction)}}
        for name in sorted(self.chance):
            if name in values and not 0 < values[name] < 1:
                return f"outside 0 < {name} < 1"
        broken = self.check.failed(values)
        return None if broken is None else f"outside {broken}"

    def labels(
        self, columns: Mapping[str, Any], size: int, point: Callable[[int], Mapping[str, Fraction]]
    ) -> list[set[str] | None]:
        """The labels of the families holding at each of ``size`` points given as columns;
        ``None`` at a point where a continuum whose label moves holds (numeric there)."""
        import numpy as np

        found: list[set[str] | None] = [set() for _ in range(size)]
        for fam, label, moving in self.families:
            mask = np.asarray(fam.holds_many(columns), dtype=bool)
            for j in np.flatnonzero(mask):
                here = found[int(j)]
                if here is None:
                    continue
                if moving:
                    found[int(j)] = None
                else:
                    here.add(label if label is not None else family_label_at(fam, point(int(j))))
        return found


class SymbolicPath:
    """One symbolic solve per categorical combination, conditions evaluated over columns."""

    method = "symbolic"

    def __init__(
        self, spec: str, numeric_axes: Sequence[Axis], concept: str = "pbe", executor: Executor | None = None
    ) -> None:
        if concept != "pbe":
            raise SymbolicUnavailable(f"the symbolic path solves pbe only, not {concept}")
        if spec.lower().endswith((".efg", ".json")):
            raise SymbolicUnavailable("the symbolic path needs a model (with a tree()), not a game file")
        if not numeric_axes:
            raise SymbolicUnavailable("no numeric axis to evaluate the conditions over")
        try:
            _symbolic()
        except ImportError as err:
            raise SymbolicUnavailable(f"gametoolkit.symbolic is not available ({err})") from err
        from ..catalog import find_model

        self.model = find_model(spec)
        if not callable(getattr(self.model.module, "tree", None)):
            raise SymbolicUnavailable(f"model {self.model.slug!r} has no tree() with named parameters")
        self.spec = spec
        self.axes = list(numeric_axes)
        self.numeric = NumericPath(spec, concept, executor=executor)
        #: points sent to the numeric path, by the assumption they break
        self.numeric_reasons: Counter[str] = Counter()
        #: symbolic solves run (one per categorical combination)
        self.solves = 0
        self._solved: dict[tuple[tuple[str, Any], ...], Solved] = {}

    @property
    def fallback_points(self) -> int:
        return sum(self.numeric_reasons.values())

    def solution(self, fixed: Mapping[str, Any]) -> Solved:
        """The symbolic solution for ``fixed`` settings (cached), checked against the model."""
        key = tuple(sorted((k, v) for k, v in fixed.items()))
        if key not in self._solved:
            self._solved[key] = self._solve(fixed)
        return self._solved[key]

    def _solve(self, fixed: Mapping[str, Any]) -> Solved:
        symbolic = _symbolic()
        unsupported = symbolic.SymbolicUnsupported
        assumption_error = getattr(symbolic, "AssumptionError", unsupported)
        varied = {a.name for a in self.axes}
        # a representative point, to read the model's own numbers
        middle = {a.name: a.numbers[len(a) // 2] for a in self.axes}
        try:
            values = resolved_values(self.model, {**fixed, **middle})
            chance = chance_parameters(self.model.module.tree())
        except GameToolkitError as err:
            raise SweepError(f"at {where({**fixed, **middle})}: {err}") from err
        bound: dict[str, Any] = {k: v for k, v in values.items() if k not in varied}
        bound.update(fixed)
        self._check_corners(fixed, bound)
        try:
            sol = symbolic.solve_model(self.model, bound)
        except unsupported as err:
            raise SymbolicUnavailable(str(err)) from err
        except assumption_error as err:
            raise SymbolicUnavailable(f"the settings break an assumption: {err}") from err
        self.solves += 1
        missing = set(sol.parameters) - varied - set(bound)
        if missing:
            raise SymbolicUnavailable(f"the symbolic solution leaves {', '.join(sorted(missing))} unbound")
        families = tuple(sol.equilibria) + tuple(getattr(sol, "boundary", ()))
        numbers = {k: Fraction(v) for k, v in bound.items() if isinstance(v, int | Fraction) and not isinstance(v, bool)}
        return Solved(
            sol,
            numbers,
            frozenset(chance),
            tuple((fam, family_label(fam), moving_label(fam)) for fam in families),
            AssumptionCheck(sol.assumptions),
        )

    def _check_corners(self, fixed: Mapping[str, Any], bound: Mapping[str, Any]) -> None:
        """Refuse a grid the model refuses; refuse the symbolic path where ``tree()`` with
        the model's numbers is not the game ``build()`` makes."""
        from ..catalog import load_game

        tree = _tree(self.model, fixed)
        for combo in itertools.product(*((a.numbers[0], a.numbers[-1]) for a in self.axes)):
            point = dict(zip((a.name for a in self.axes), combo))
            try:
                game = load_game(self.spec, {**fixed, **point})
            except GameToolkitError as err:
                raise SweepError(f"at {where({**fixed, **point})}: {err}") from err
            if tree is None:
                raise SymbolicUnavailable(f"model {self.model.slug!r}: tree() does not return a Game")
            numbers = {k: v for k, v in {**bound, **point}.items() if k in tree.parameters}
            unbound = sorted(tree.parameters - set(numbers))
            if unbound:
                raise SymbolicUnavailable(f"no number for {', '.join(unbound)} in the model's tree()")
            try:
                differs = _same_game(tree.bind(numbers), game)
            except GameToolkitError as err:
                differs = str(err)
            if differs is not None:
                raise SymbolicUnavailable(
                    f"model {self.model.slug!r}: tree() and build() differ at {where({**fixed, **point})} ({differs})"
                )

    def labels_at(self, fixed: Mapping[str, Any], point: Mapping[str, GridValue]) -> tuple[str, ...]:
        """The labels at one point (numeric outside the assumptions), not counted as a grid point."""
        return self.evaluate(fixed, [point], lambda n: None, tally=Counter())[0]

    def evaluate(
        self,
        fixed: Mapping[str, Any],
        points: Sequence[Mapping[str, GridValue]],
        advance: Callable[[int], None],
        tally: Counter[str] | None = None,
    ) -> list[tuple[str, ...]]:
        """The labels at ``points``; points sent to the numeric path are counted by reason
        in ``tally`` (default: :attr:`numeric_reasons`)."""
        import numpy as np

        reasons = self.numeric_reasons if tally is None else tally
        solved = self.solution(fixed)
        sol = solved.solution
        out: list[tuple[str, ...] | None] = [None] * len(points)
        inside = []
        numeric: list[int] = []  # points for the numeric path, solved in one batch at the end
        for i, point in enumerate(points):
            reason = solved.outside(point)
            if reason is None:
                inside.append(i)
                continue
            numeric.append(i)
            reasons[reason] += 1
        if inside:
            columns: dict[str, Any] = {}
            for name in sol.parameters:
                if name in solved.numbers:
                    columns[name] = np.full(len(inside), solved.numbers[name], dtype=object)
                else:
                    columns[name] = np.array([points[i][name] for i in inside], dtype=object)

            def point_values(j: int) -> dict[str, Fraction]:
                return {name: columns[name][j] for name in columns}

            found = solved.labels(columns, len(inside), point_values)
            for j, i in enumerate(inside):
                here = found[j]
                if here is None:
                    numeric.append(i)
                    reasons[CONTINUUM] += 1
                else:
                    out[i] = tuple(sorted(here))
                    advance(1)
        settings = [{**fixed, **points[i]} for i in numeric]
        for i, found_here in zip(numeric, self.numeric.labels_many(settings, advance)):
            out[i] = found_here
        return [x if x is not None else () for x in out]

