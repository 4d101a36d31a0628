"""Parameter sweeps: the set of equilibria at every point of a grid.

:func:`sweep` takes a model (slug, model ``.py`` or game file), fixed settings
(``--set``) and the varied axes (:mod:`.grid`), and returns a :class:`SweepResult`:
for each grid point, the sorted, distinct *labels* of the equilibria found there
(:mod:`.labels`: the kind in a signaling game, else the play on the path).  The
``count`` of a point is the number of distinct labels, so two extreme points of one
continuum of pooling equilibria count once.

Two evaluation paths, one table
-------------------------------
Both give the set of labels at each point (:mod:`.paths`); the numeric one is the
reference, and the symbolic one must give the same table, boundary lines included.

* *numeric*: the game is built at each point (:func:`gametoolkit.catalog.load_game`)
  and solved exactly (:func:`gametoolkit.solvers.solve`).  Works for every model and
  concept.
* *symbolic* (``pbe`` on a model with a ``tree()``, when :mod:`gametoolkit.symbolic`
  can solve it): for each combination of the categorical values (``china=low,high``)
  one symbolic solve with every non-varied parameter bound, then the conditions of
  every family, those that hold only on a boundary too, evaluated over the numeric
  axes at once (exactly wherever a value is near zero).  Grid points outside the
  symbolic solution's assumptions (a chance probability at 0 or 1; ``c = 0`` when the
  model assumes ``c > 0``) go through the numeric path.

``method="auto"`` takes the symbolic path where it can run and falls back to the
numeric one where it cannot; the result says which path ran, how many points went
through the numeric one and why (:attr:`SweepResult.note`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from ..errors import ModelError
from .executor import Executor
from .grid import Axis, GridValue, check_axes, grid, value_text
from .labels import equilibrium_label, label_set
from .paths import NumericPath, Path_, SweepError, SymbolicPath, SymbolicUnavailable, resolved_values

__all__ = [
    "METHODS",
    "PointResult",
    "Progress",
    "SweepError",
    "SweepResult",
    "check_fixed_settings",
    "equilibrium_label",
    "label_set",
    "resolved_values",
    "sweep",
    "write_csv",
]

METHODS = ("auto", "numeric", "symbolic")


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
    #: points that the numeric path evaluated (all of them on the numeric path)
    numeric_points: int = 0
    seconds: float = 0.0
    #: exact regimes along the numeric axis, per combination of the categorical values
    #: (``((name, value), ...) -> Regimes``), when the symbolic path gave them
    regimes: Mapping[tuple[tuple[str, GridValue], ...], Any] = field(default_factory=dict)
    #: the method asked for (``auto``, ``numeric``, ``symbolic``)
    requested: str = "auto"
    #: why the symbolic path did not run, where it did not (``china=low: ...`` per category)
    fallback: tuple[str, ...] = ()
    #: points of a symbolic sweep sent to the numeric path, by reason (``outside c > 0``)
    numeric_reasons: Mapping[str, int] = field(default_factory=dict)
    #: symbolic solves run
    symbolic_solves: int = 0
    #: the symbolic solution (:class:`.paths.Solved`) per combination of the categorical
    #: values where the symbolic path ran; the region plot draws its conditions
    solutions: Mapping[tuple[tuple[str, GridValue], ...], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def note(self) -> str:
        """One line saying which path ran and why (what ``sweep`` prints on stderr)."""
        total = len(self.points)
        if self.method == "numeric":
            if self.requested == "numeric":
                return f"sweep: numeric path (--method numeric), {total} points solved exactly"
            why = "; ".join(self.fallback) or "the symbolic path is not available"
            return f"sweep: numeric path, {total} points solved exactly; no symbolic path because {why}"
        solves = f"{self.symbolic_solves} symbolic solve{'s' if self.symbolic_solves != 1 else ''}"
        text = f"sweep: {self.method} path ({solves})"
        reasons = [f"{n} {r}" for r, n in self.numeric_reasons.items()]
        rest = self.numeric_points - sum(self.numeric_reasons.values())
        if rest > 0:
            reasons.append(f"{rest} where the symbolic path could not run")
        if self.numeric_points:
            text += f"; {self.numeric_points} of {total} points solved numerically ({', '.join(reasons)})"
        if self.fallback:
            text += "; no symbolic path for " + "; ".join(self.fallback)
        return text

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
            "requested_method": self.requested,
            "fallback": list(self.fallback),
            "numeric_reasons": dict(self.numeric_reasons),
            "symbolic_solves": self.symbolic_solves,
            "note": self.note,
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
    """A one-line progress bar on a stream (stderr), redrawn at most ten times a second.

    A thin wrapper of a ``tqdm`` bar, drawn as ``sweep [####------] 12/30 [00:03<00:05]``
    (label, bar, points done, time spent and left); nothing goes to stdout.

    Parameters
    ----------
    total : int
        The number of steps (grid points).
    stream : text stream, optional
        Where the bar is drawn (stderr by default).
    label : str
        The word in front of the bar.
    width : int
        The bar's width in characters.
    """

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "sweep", width: int = 30) -> None:
        from tqdm import tqdm

        self.total = max(total, 1)
        self._bar = tqdm(
            total=self.total,
            file=stream if stream is not None else sys.stderr,
            desc=label,
            ascii="-#",
            bar_format=f"{{desc}} [{{bar:{width}}}] {{n_fmt}}/{{total_fmt}} [{{elapsed}}<{{remaining}}]",
            mininterval=0.1,
            dynamic_ncols=False,
            leave=True,
        )

    @property
    def done(self) -> int:
        """Steps done so far."""
        return int(self._bar.n)

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more steps done (never past the total)."""
        self._bar.update(min(n, self.total - self.done))

    def close(self) -> None:
        """Draw the final state and end the line."""
        self._bar.close()


# ---------------------------------------------------------------------- sweep
def check_fixed_settings(spec: str, settings: Mapping[str, Any], axes: Sequence[Axis]) -> None:
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


def _start_path(
    spec: str, numeric: Sequence[Axis], concept: str, method: str, options: Any, executor: Executor
) -> tuple[Path_, str]:
    """The path to try first, and why it is not the symbolic one (empty when it is)."""
    if method == "numeric":
        return NumericPath(spec, concept, options, executor), ""
    try:
        return SymbolicPath(spec, numeric, concept, executor), ""
    except SymbolicUnavailable as err:
        if method == "symbolic":
            raise SweepError(f"--method symbolic: {err}") from err
        return NumericPath(spec, concept, options, executor), str(err)


def sweep(
    spec: str,
    axes: Sequence[Axis],
    settings: Mapping[str, Any] | None = None,
    *,
    concept: str = "pbe",
    method: str = "auto",
    progress: Progress | None = None,
    options: Mapping[str, Any] | None = None,
    executor: Executor | None = None,
) -> SweepResult:
    """The set of equilibria at every point of the grid of ``axes``.

    What ``gametoolkit sweep`` runs (see the module docs for the two paths and why
    they give the same table).

    Parameters
    ----------
    spec : str
        A model's slug or a model file (``.py``).
    axes : sequence of Axis
        The varied parameters (:func:`parse_vary`); the grid is their product.
    settings : mapping, optional
        Fixed values of other parameters.
    concept : str
        The solution concept (``pbe`` by default; see :func:`gametoolkit.solve`).
    method : {"auto", "numeric", "symbolic"}
        ``numeric`` solves the game at every point; ``symbolic`` solves the model
        once per combination of categorical values and evaluates the families'
        conditions at every point; ``auto`` takes the symbolic path where it can.
    progress : Progress, optional
        Told of each point done.
    options : mapping, optional
        Options for the solver.
    executor : Executor, optional
        Runs the points the numeric path solves: in this process by default, else
        in local processes or on a Dask cluster; the result is the same whatever
        runs them.

    Returns
    -------
    SweepResult
        One :class:`PointResult` per grid point (its values and the sorted labels of
        its equilibria), and how they were computed.

    Raises
    ------
    SweepError
        For an unknown method or concept, axes that clash with ``settings``, or a
        model the method cannot sweep.

    Examples
    --------
    >>> from gametoolkit.analysis import parse_vary, sweep
    >>> result = sweep("us-japan-alliance", [parse_vary("p=1/4:3/4:3")], {"china": "high"}, method="numeric")
    >>> [(str(pt.values["p"]), pt.labels) for pt in result.points]
    [('1/4', ('pooling', 'semi-separating', 'separating')), ('1/2', ('pooling', 'separating')), ('3/4', ('separating',))]
    """
    from ..solvers import CONCEPTS

    fixed = dict(settings or {})
    if method not in METHODS:
        raise SweepError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if concept not in CONCEPTS:
        raise SweepError(f"unknown concept {concept!r}; choose one of {', '.join(CONCEPTS)}")
    check_axes(axes, fixed)
    check_fixed_settings(spec, fixed, axes)
    started = time.perf_counter()
    categorical = [a for a in axes if a.categorical]
    numeric = [a for a in axes if not a.categorical]
    executor = executor or Executor()
    path, why_not = _start_path(spec, numeric, concept, method, options, executor)
    fallback = [why_not] if why_not else []

    points = list(grid(axes))
    labels: dict[int, tuple[str, ...]] = {}
    advance = progress.advance if progress is not None else (lambda n: None)
    # group the points by their categorical values: one symbolic solve per group
    groups: dict[tuple[GridValue, ...], list[int]] = {}
    for i, point in enumerate(points):
        groups.setdefault(tuple(point[a.name] for a in categorical), []).append(i)
    regimes: dict[tuple[tuple[str, GridValue], ...], Any] = {}
    solutions: dict[tuple[tuple[str, GridValue], ...], Any] = {}
    used: set[str] = set()
    solved_numerically = 0
    for key, members in groups.items():
        at = dict(zip((a.name for a in categorical), key))
        group_fixed = {**fixed, **at}
        numeric_points = [{a.name: points[i][a.name] for a in numeric} for i in members]
        group_path = path
        try:
            found = group_path.evaluate(group_fixed, numeric_points, advance)
        except SymbolicUnavailable as err:
            if method == "symbolic":
                raise SweepError(f"--method symbolic: {err}") from err
            fallback.append(f"{_where(at)}: {err}" if at else str(err))
            group_path = NumericPath(spec, concept, options, executor)
            found = group_path.evaluate(group_fixed, numeric_points, advance)
        used.add(group_path.method)
        if isinstance(group_path, SymbolicPath):
            solutions[tuple(at.items())] = group_path.solution(group_fixed)
        if isinstance(group_path, NumericPath):
            solved_numerically += len(members)
        for i, found_labels in zip(members, found):
            labels[i] = found_labels
        if isinstance(group_path, SymbolicPath) and len(numeric) == 1:
            from .regions import regimes_along

            axis = numeric[0]
            with contextlib.suppress(SymbolicUnavailable):  # without exact boundaries the plot uses the grid
                regimes[tuple(at.items())] = regimes_along(
                    spec, axis.name, axis.numbers[0], axis.numbers[-1], group_fixed, method="symbolic", path=group_path
                )
    reasons: Counter[str] = Counter()
    solves = 0
    if isinstance(path, SymbolicPath):
        reasons = path.numeric_reasons
        solved_numerically += path.fallback_points
        solves = path.solves
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
        requested=method,
        fallback=tuple(fallback),
        numeric_reasons=dict(reasons),
        symbolic_solves=solves,
        solutions=solutions,
    )


def _where(point: Mapping[str, GridValue]) -> str:
    return ", ".join(f"{k}={value_text(v)}" for k, v in point.items())
