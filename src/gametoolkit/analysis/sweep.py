"""Parameter sweeps: the set of equilibria at every point of a grid.

:func:`sweep` takes a model (slug, model ``.py`` or game file), fixed settings
(``--set``) and the varied axes (:mod:`.grid`), and returns a :class:`SweepResult`:
for each grid point, the sorted, distinct *labels* of the equilibria found there.

Labels
------
In a signaling game (chance picks the sender's type first) an equilibrium's label is
its kind: ``pooling``, ``separating`` or ``semi-separating``.  The solver leaves the
kind unset where a type has prior probability 0 (``p = 0`` or ``p = 1``); the sweep
then classifies by the types' strategies alone, with the same rule (every type
sends the same distribution: pooling; disjoint supports: separating; otherwise
semi-separating), so the edge of a region keeps the name of its interior.  In any
other game the label describes the play on the path: each information set reached,
with the action taken there (``U_H=l, after l=h``) or the support of a mix
(``after l=h|l``).  The ``count`` of a point is the number of distinct labels, so two
extreme points of one continuum of pooling equilibria count once.

Two evaluation paths
--------------------
Both give the set of labels at each point; the numeric one is the reference.

* *numeric*: the game is built at each point (:func:`gametoolkit.catalog.load_game`)
  and solved exactly (:func:`gametoolkit.solvers.solve`).  Works for every model and
  concept; about 10-30 ms a point for the US-Japan game.
* *symbolic* (``pbe`` on a model with a ``tree()``, when :mod:`gametoolkit.symbolic`
  can solve it): for each combination of the categorical values (``china=low,high``)
  one symbolic solve with every non-varied parameter bound, then each equilibrium's
  conditions evaluated over the numeric axes at once (numpy columns of exact values;
  the conditions recompute values near a boundary exactly).  Points where a chance
  probability is 0 or 1 lie outside the symbolic solution's assumptions
  (``0 < p < 1``) and go through the numeric path.  Before trusting the symbolic
  solution the game is built at the corners of the numeric grid, so a grid leaving the
  model's orderings is refused as in the numeric path (orderings are linear, so the
  whole box is valid when its corners are).

``method="auto"`` takes the symbolic path where it is available and falls back to the
numeric one (the result's ``method`` says which ran).
"""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol, TextIO

from ..errors import GameToolkitError, ModelError
from ..core.game import CHANCE, Game
from ..core.values import Param
from ..solution import Assessment
from .grid import Axis, GridValue, check_axes, grid, value_text

__all__ = [
    "METHODS",
    "PointResult",
    "Progress",
    "SweepError",
    "SweepResult",
    "equilibrium_label",
    "label_set",
    "resolved_values",
    "sweep",
    "write_csv",
]

METHODS = ("auto", "numeric", "symbolic")


class SweepError(GameToolkitError):
    """A sweep that cannot run: a bad method or concept, a point the model refuses."""


# ---------------------------------------------------------------------- labels
def _types(game: Game) -> list[int] | None:
    """The sender's set at each type node when ``game`` is a signaling game, else ``None``."""
    from ..solvers.pbe import sender_sets

    root = game.root
    return sender_sets(game, root.children) if root.kind == "chance" else None


def _kind_by_strategies(e: Assessment) -> str | None:
    game = e.behavior.game
    sets = _types(game)
    if sets is None:
        return None
    dists = []
    for h in sets:
        iset = game.infosets[h]
        dists.append({a: x for a, x in zip(iset.actions, e.behavior.probs[h]) if x > 0})
    if all(d == dists[0] for d in dists):
        return "pooling"
    supports = [set(d) for d in dists]
    if all(not (supports[i] & supports[j]) for i in range(len(supports)) for j in range(i + 1, len(supports))):
        return "separating"
    return "semi-separating"


def _on_path(e: Assessment) -> str:
    from ..evaluate.profiles import reach

    profile = e.behavior
    game = profile.game
    r = reach(profile)
    parts = []
    for h in game.infosets:
        if h.player == CHANCE or not any(r[v] > 0 for v in h.nodes):
            continue
        played = [a or f"#{k + 1}" for k, (a, x) in enumerate(zip(h.actions, profile.probs[h.index])) if x > 0]
        name = game.infoset_name(h)
        parts.append(f"{name}={'|'.join(played)}")
    return ", ".join(parts) or "(no moves)"


def equilibrium_label(e: Assessment) -> str:
    """The label of one equilibrium: its kind in a signaling game, else its play on the path."""
    return e.kind or _kind_by_strategies(e) or _on_path(e)


def label_set(equilibria: Iterable[Assessment]) -> tuple[str, ...]:
    """The sorted distinct labels of some equilibria."""
    return tuple(sorted({equilibrium_label(e) for e in equilibria}))


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class PointResult:
    """One grid point: its values (varied parameters only) and the labels found there."""

    values: Mapping[str, GridValue]
    labels: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.labels)

    @property
    def text(self) -> str:
        """``pooling;semi-separating;separating`` (``none`` when there is no equilibrium)."""
        return ";".join(self.labels) if self.labels else "none"


@dataclass(frozen=True)
class SweepResult:
    """The equilibrium sets over a grid, and how they were computed."""

    model: str
    concept: str
    method: str
    settings: Mapping[str, Any]
    axes: tuple[Axis, ...]
    points: tuple[PointResult, ...]
    #: points that the numeric path evaluated in a symbolic sweep (edges of a probability)
    numeric_points: int = 0
    seconds: float = 0.0
    #: exact regimes along the numeric axis, per combination of the categorical values
    #: (``((name, value), ...) -> Regimes``), when the symbolic path gave them
    regimes: Mapping[tuple[tuple[str, GridValue], ...], Any] = field(default_factory=dict)

    def labels(self) -> tuple[tuple[str, ...], ...]:
        """Every distinct label set, in order of first appearance."""
        seen: dict[tuple[str, ...], None] = {}
        for p in self.points:
            seen.setdefault(p.labels, None)
        return tuple(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "concept": self.concept,
            "method": self.method,
            "settings": {
                k: value_text(v) if isinstance(v, Fraction | str) else str(v) for k, v in self.settings.items()
            },
            "axes": [{"name": a.name, "values": [value_text(v) for v in a.values]} for a in self.axes],
            "points": [
                {**{k: value_text(v) for k, v in p.values.items()}, "equilibria": list(p.labels), "count": p.count}
                for p in self.points
            ],
            "regimes": [
                {"at": {k: value_text(v) for k, v in key}, **regimes.to_json()} for key, regimes in self.regimes.items()
            ],
            "numeric_points": self.numeric_points,
        }


def write_csv(result: SweepResult, target: str | Path | TextIO) -> None:
    """One row per grid point: the varied parameters (exact text), ``equilibria``, ``count``."""
    names = [a.name for a in result.axes]

    def rows(out: TextIO) -> None:
        w = csv.writer(out, lineterminator="\n")
        w.writerow([*names, "equilibria", "count"])
        for p in result.points:
            w.writerow([*(value_text(p.values[n]) for n in names), p.text, p.count])

    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="") as out:
            rows(out)
    else:
        rows(target)


def csv_text(result: SweepResult) -> str:
    buffer = io.StringIO()
    write_csv(result, buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------- progress
class Progress:
    """A one-line progress bar on a stream (stderr), redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "sweep", width: int = 30) -> None:
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.width = width
        self.done = 0
        self._last = 0.0
        self._start = time.perf_counter()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        now = time.perf_counter()
        if now - self._last >= 0.1 or self.done == self.total:
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        filled = self.width * self.done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = now - self._start
        rest = ""
        if 0 < self.done < self.total:
            rest = f", {elapsed / self.done * (self.total - self.done):.0f} s left"
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}{rest}   ")
        self.stream.flush()

    def close(self) -> None:
        self._draw(time.perf_counter())
        self.stream.write("\n")
        self.stream.flush()


# ---------------------------------------------------------------------- evaluation paths
class Path_(Protocol):
    """What an evaluation path does: the label sets at points of one categorical combination."""

    method: str

    def evaluate(
        self, fixed: Mapping[str, Any], points: Sequence[Mapping[str, GridValue]], advance: Callable[[int], None]
    ) -> list[tuple[str, ...]]: ...


def _point_settings(fixed: Mapping[str, Any], point: Mapping[str, GridValue]) -> dict[str, Any]:
    return {**fixed, **point}


def _where(point: Mapping[str, GridValue]) -> str:
    return ", ".join(f"{k}={value_text(v)}" for k, v in point.items())


class NumericPath:
    """Build and solve the game at every point, exactly (the reference)."""

    method = "numeric"

    def __init__(self, spec: str, concept: str = "pbe", options: Mapping[str, Any] | None = None) -> None:
        self.spec = spec
        self.concept = concept
        self.options = dict(options or {})

    def labels_at(self, settings: Mapping[str, Any]) -> tuple[str, ...]:
        from ..catalog import load_game
        from ..solvers import solve

        try:
            game = load_game(self.spec, settings)
            solution = solve(game, self.concept, **self.options)
        except GameToolkitError as err:
            raise SweepError(f"at {_where(settings)}: {err}") from err
        return label_set(solution.equilibria)

    def evaluate(
        self, fixed: Mapping[str, Any], points: Sequence[Mapping[str, GridValue]], advance: Callable[[int], None]
    ) -> list[tuple[str, ...]]:
        out = []
        for point in points:
            out.append(self.labels_at(_point_settings(fixed, point)))
            advance(1)
        return out


def chance_parameters(game: Game) -> set[str]:
    """Names that appear in chance probabilities (``p``)."""
    from ..core.values import free_params

    names: set[str] = set()
    for h in game.infosets:
        for x in h.probs or ():
            names |= free_params(x)
    return names


def resolved_values(model: Any, settings: Mapping[str, Any]) -> dict[str, Fraction]:
    """The number each of a model's named parameters takes in the game built with
    ``settings``, defaults included (payoffs that default to ranks, say).

    Read by laying the model's parametric game (its ``tree()``) over the built game:
    wherever the parametric game has a bare parameter (a payoff ``x4``, a probability
    ``p``) the built game's number there is that parameter's value.  Empty when the
    model has no ``tree()`` or the two games differ in shape.
    """
    tree_fn = getattr(model.module, "tree", None)
    if not callable(tree_fn):
        return {}
    tree = tree_fn()
    game = model.build(**settings)
    if not isinstance(tree, Game) or len(tree.nodes) != len(game.nodes) or len(tree.outcomes) != len(game.outcomes):
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
    return values


def _symbolic() -> Any:
    """:mod:`gametoolkit.symbolic` with ``solve_model`` (ImportError when absent: no sympy,
    or the module without that function)."""
    import importlib

    module = importlib.import_module("gametoolkit.symbolic")
    if not callable(getattr(module, "solve_model", None)):
        raise ImportError("gametoolkit.symbolic has no solve_model")
    return module


class SymbolicUnavailable(GameToolkitError):
    """The symbolic path cannot run here (no sympy, no ``tree()``, unsupported game)."""


class SymbolicPath:
    """One symbolic solve per categorical combination, conditions evaluated over columns."""

    method = "symbolic"

    def __init__(self, spec: str, numeric_axes: Sequence[Axis], concept: str = "pbe") -> None:
        if concept != "pbe":
            raise SymbolicUnavailable(f"the symbolic path solves pbe only, not {concept}")
        if spec.lower().endswith((".efg", ".json")):
            raise SymbolicUnavailable("the symbolic path needs a model (with a tree()), not a game file")
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
        self.numeric = NumericPath(spec, concept)
        self.fallback_points = 0
        self._solutions: dict[tuple[tuple[str, Any], ...], tuple[Any, dict[str, Fraction], set[str]]] = {}

    def solution(self, fixed: Mapping[str, Any]) -> tuple[Any, dict[str, Fraction], set[str]]:
        """The symbolic solution for ``fixed`` settings, the values bound in it, the chance names."""
        key = tuple(sorted((k, v) for k, v in fixed.items()))
        if key in self._solutions:
            return self._solutions[key]
        symbolic = _symbolic()
        solve_model, unsupported = symbolic.solve_model, symbolic.SymbolicUnsupported
        varied = {a.name for a in self.axes}
        # a representative point, to read the defaults and check the model accepts the grid
        corner = {a.name: a.numbers[len(a) // 2] for a in self.axes}
        try:
            values = resolved_values(self.model, {**fixed, **corner})
            chance = chance_parameters(self.model.module.tree())
        except GameToolkitError as err:
            raise SweepError(f"at {_where({**fixed, **corner})}: {err}") from err
        bound: dict[str, Any] = {k: v for k, v in values.items() if k not in varied}
        bound.update(fixed)
        try:
            sol = solve_model(self.model, bound)
        except unsupported as err:
            raise SymbolicUnavailable(str(err)) from err
        missing = set(sol.parameters) - varied - set(bound)
        if missing:
            raise SymbolicUnavailable(f"the symbolic solution leaves {', '.join(sorted(missing))} unbound")
        self._check_corners(fixed)
        self._solutions[key] = (sol, bound, chance)
        return sol, bound, chance

    def _check_corners(self, fixed: Mapping[str, Any]) -> None:
        import itertools

        from ..catalog import load_game

        for combo in itertools.product(*((a.numbers[0], a.numbers[-1]) for a in self.axes)):
            point = dict(zip((a.name for a in self.axes), combo))
            try:
                load_game(self.spec, {**fixed, **point})
            except GameToolkitError as err:
                raise SweepError(f"at {_where({**fixed, **point})}: {err}") from err

    def evaluate(
        self, fixed: Mapping[str, Any], points: Sequence[Mapping[str, GridValue]], advance: Callable[[int], None]
    ) -> list[tuple[str, ...]]:
        import numpy as np

        sol, bound, chance = self.solution(fixed)
        out: list[tuple[str, ...] | None] = [None] * len(points)
        inside = []
        for i, point in enumerate(points):
            edge = any(
                name in chance and isinstance(v, Fraction) and not 0 < v < 1 for name, v in point.items()
            ) or any(name in chance and isinstance(v, Fraction) and not 0 < v < 1 for name, v in bound.items())
            if edge:
                out[i] = self.numeric.labels_at(_point_settings(fixed, point))
                self.fallback_points += 1
                advance(1)
            else:
                inside.append(i)
        if inside:
            columns: dict[str, Any] = {}
            for name in sol.parameters:
                if name in bound:
                    columns[name] = np.full(len(inside), bound[name], dtype=object)
                else:
                    columns[name] = np.array([points[i][name] for i in inside], dtype=object)
            names = [eq.kind or eq.name for eq in sol.equilibria]
            masks = [np.asarray(eq.holds_many(columns), dtype=bool) for eq in sol.equilibria]
            for j, i in enumerate(inside):
                out[i] = tuple(sorted({n for n, m in zip(names, masks) if m[j]}))
            advance(len(inside))
        return [x if x is not None else () for x in out]


# ---------------------------------------------------------------------- sweep
def _fixed_settings(spec: str, settings: Mapping[str, Any], axes: Sequence[Axis]) -> None:
    """Refuse varied names the model does not have (files: any name; the game checks)."""
    if spec.lower().endswith((".efg", ".json")):
        return
    from ..catalog import find_model

    model = find_model(spec)
    for a in axes:
        if a.name not in model.parameters:
            known = ", ".join(model.parameters) or "none"
            raise ModelError(f"--vary {a.name}: model {model.slug!r} has no such parameter; its parameters are {known}")
        allowed = model.choices.get(a.name)
        if allowed is not None and not a.categorical:
            raise ModelError(f"--vary {a.name}: must be names from {', '.join(allowed)}")
        if allowed is None and a.categorical:
            raise ModelError(f"--vary {a.name}: {a.name} takes numbers, not names")


def sweep(
    spec: str,
    axes: Sequence[Axis],
    settings: Mapping[str, Any] | None = None,
    *,
    concept: str = "pbe",
    method: str = "auto",
    progress: Progress | None = None,
    options: Mapping[str, Any] | None = None,
) -> SweepResult:
    """The equilibrium labels at every point of the grid of ``axes`` (see the module docs)."""
    from ..solvers import CONCEPTS

    fixed = dict(settings or {})
    if method not in METHODS:
        raise SweepError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if concept not in CONCEPTS:
        raise SweepError(f"unknown concept {concept!r}; choose one of {', '.join(CONCEPTS)}")
    check_axes(axes, fixed)
    _fixed_settings(spec, fixed, axes)
    started = time.perf_counter()
    categorical = [a for a in axes if a.categorical]
    numeric = [a for a in axes if not a.categorical]

    path: Path_ = NumericPath(spec, concept, options)
    if method != "numeric" and numeric:
        try:
            path = SymbolicPath(spec, numeric, concept)
        except SymbolicUnavailable as err:
            if method == "symbolic":
                raise SweepError(f"--method symbolic: {err}") from err
    elif method == "symbolic":
        raise SweepError("--method symbolic needs a numeric axis to evaluate over")

    points = list(grid(axes))
    labels: dict[int, tuple[str, ...]] = {}
    advance = progress.advance if progress is not None else (lambda n: None)
    # group the points by their categorical values: one symbolic solve per group
    groups: dict[tuple[GridValue, ...], list[int]] = {}
    for i, point in enumerate(points):
        groups.setdefault(tuple(point[a.name] for a in categorical), []).append(i)
    regimes: dict[tuple[tuple[str, GridValue], ...], Any] = {}
    used: set[str] = set()
    solved_numerically = 0
    for key, members in groups.items():
        group_fixed = {**fixed, **dict(zip((a.name for a in categorical), key))}
        numeric_points = [{a.name: points[i][a.name] for a in numeric} for i in members]
        group_path = path
        try:
            found = group_path.evaluate(group_fixed, numeric_points, advance)
        except SymbolicUnavailable as err:
            if method == "symbolic":
                raise SweepError(f"--method symbolic: {err}") from err
            group_path = NumericPath(spec, concept, options)
            found = group_path.evaluate(group_fixed, numeric_points, advance)
        used.add(group_path.method)
        if isinstance(group_path, NumericPath):
            solved_numerically += len(members)
        for i, found_labels in zip(members, found):
            labels[i] = found_labels
        if isinstance(group_path, SymbolicPath) and len(numeric) == 1:
            from .regions import regimes_along

            axis = numeric[0]
            regimes[tuple(zip((a.name for a in categorical), key))] = regimes_along(
                spec, axis.name, axis.numbers[0], axis.numbers[-1], group_fixed, path=group_path
            )
    if isinstance(path, SymbolicPath):
        solved_numerically += path.fallback_points
    if progress is not None:
        progress.close()
    return SweepResult(
        model=spec,
        concept=concept,
        method="+".join(sorted(used)) or path.method,
        settings=fixed,
        axes=tuple(axes),
        points=tuple(PointResult(points[i], labels[i]) for i in range(len(points))),
        numeric_points=solved_numerically,
        seconds=time.perf_counter() - started,
        regimes=regimes,
    )
