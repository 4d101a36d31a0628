"""From a game with payoff parameters and a data frame to arrays the likelihood uses.

* :func:`linear_payoffs`: every leaf payoff as ``constant + Σ_k coef_k θ_k`` in the
  game's payoff parameters ``θ`` (a payoff that is not linear in them is refused).
* :func:`build_design`: each parameter tied to a formula in the data's columns
  (formulaic syntax, ``u11 ~ 1 + peaceyrs``; ``u23 ~ 0`` fixes a payoff at zero),
  listwise deletion of the rows missing any variable used, the design matrices, and
  the node each row's outcome names (a leaf, or an inner node for a partial path).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import CHANCE, Game
from ..core.values import evaluate
from ..errors import GameToolkitError

__all__ = ["Design", "EstimationError", "build_design", "linear_payoffs", "new_rows", "parse_utilities"]

Array = npt.NDArray[np.float64]


class EstimationError(GameToolkitError):
    """Bad input to an estimation, or a fit that cannot be made (separation)."""


@dataclass(frozen=True)
class Design:
    """Everything the likelihood needs, row-aligned after listwise deletion."""

    game: Game
    params: tuple[str, ...]
    const: Array  # leaves × players
    coef: Array  # leaves × players × params
    blocks: tuple[tuple[str, tuple[str, ...], Array], ...]  # (param, term names, rows × terms)
    observed: npt.NDArray[np.intp]  # node index per row
    n: int
    dropped: int
    specs: tuple[Any, ...] = ()
    frame: Any = None  # the rows kept (a pandas DataFrame), for predictions at typical values

    def subset(self, rows: npt.NDArray[np.intp]) -> Design:
        """The same model on the rows ``rows`` (with repeats: a bootstrap sample)."""
        blocks = tuple((p, terms, X[rows]) for p, terms, X in self.blocks)
        return Design(self.game, self.params, self.const, self.coef, blocks, self.observed[rows], len(rows), 0, self.specs)

    @property
    def names(self) -> list[tuple[str, str]]:
        return [(p, t) for p, terms, _ in self.blocks for t in terms]

    def theta(self, beta: Array) -> Array:
        """The payoff parameters per row (rows × params) at coefficients ``beta``."""
        out = np.zeros((self.n, len(self.params)))
        at = 0
        for k, (_, terms, X) in enumerate(self.blocks):
            out[:, k] = X @ beta[at : at + len(terms)]
            at += len(terms)
        return out

    def payoffs(self, beta: Array) -> Array:
        """Leaf payoffs per row (rows × leaves × players)."""
        th = self.theta(beta)
        z, i, k = self.coef.shape
        flat = th @ self.coef.reshape(z * i, k).T
        out: Array = flat.reshape(self.n, z, i) + self.const[None, :, :]
        return out


def linear_payoffs(game: Game) -> tuple[tuple[str, ...], Array, Array]:
    """Parameters, constants (leaves × players) and coefficients of the leaf payoffs."""
    names = tuple(sorted(game.parameters))
    if not names:
        raise EstimationError("the game has no payoff parameters to estimate (write payoffs with param())")
    for h in game.infosets:
        if h.player == CHANCE and any(not isinstance(p, Fraction) for p in h.probs or ()):
            raise EstimationError(f"chance set {h.label!r}: probabilities must be numbers to estimate payoffs")
    leaves = game.terminals
    const = np.zeros((len(leaves), len(game.players)))
    coef = np.zeros((len(leaves), len(game.players), len(names)))
    zero = dict.fromkeys(names, Fraction(0))
    probe = {n: Fraction(k + 2, k + 3) for k, n in enumerate(names)}
    for r, z in enumerate(leaves):
        for i, x in enumerate(game.payoffs(z)):
            c0 = _number(evaluate(x, zero))
            slopes = [_number(evaluate(x, {**zero, n: Fraction(1)})) - c0 for n in names]
            if _number(evaluate(x, probe)) != c0 + sum(s * probe[n] for s, n in zip(slopes, names)):
                raise EstimationError(
                    f"leaf {game.node_name(z)}: the payoff of {game.players[i]} is not linear in the parameters"
                )
            const[r, i] = float(c0)
            coef[r, i, :] = [float(s) for s in slopes]
    return names, const, coef


def _number(x: Any) -> Fraction:
    if not isinstance(x, Fraction):
        raise EstimationError(f"payoff {x} is not linear in the parameters")
    return x


def parse_utilities(items: Sequence[str] | Mapping[str, str]) -> dict[str, str]:
    """``["u11 ~ 1 + x", ...]`` (or a mapping) as ``{"u11": "1 + x", ...}``."""
    if isinstance(items, Mapping):
        return {str(k).strip(): str(v).strip() for k, v in items.items()}
    out: dict[str, str] = {}
    for item in items:
        name, sep, rhs = item.partition("~")
        if not sep or not name.strip() or not rhs.strip():
            raise EstimationError(f"utility {item!r}: write PARAM ~ FORMULA, e.g. 'u11 ~ 1 + peaceyrs'")
        if name.strip() in out:
            raise EstimationError(f"utility {name.strip()!r} is given twice")
        out[name.strip()] = rhs.strip()
    return out


def _outcome_nodes(game: Game) -> dict[str, int]:
    """Names a data set may use for a node: its name, label, or an outcome's label."""
    names: dict[str, int] = {}
    for v in game.nodes:
        names.setdefault(game.node_name(v), v.index)
        if v.kind == "terminal" and v.outcome >= 0 and game.outcomes[v.outcome].label:
            names.setdefault(game.outcomes[v.outcome].label, v.index)
    return names


def build_design(game: Game, data: Any, outcome: str, utilities: Mapping[str, str]) -> Design:
    """Tie the parameters to formulas, delete incomplete rows, and map the outcomes."""
    import pandas as pd
    from formulaic import Formula, model_matrix

    params, const, coef = linear_payoffs(game)
    unknown = sorted(set(utilities) - set(params))
    if unknown:
        raise EstimationError(
            f"formula for {', '.join(unknown)}, which {'is' if len(unknown) == 1 else 'are'} not a payoff parameter "
            f"of the game (its parameters: {', '.join(params)})"
        )
    missing = [p for p in params if p not in utilities]
    if missing:
        raise EstimationError(f"no formula for {', '.join(missing)}: give each parameter one ('{missing[0]} ~ 0' fixes it at 0)")
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    if outcome not in frame.columns:
        raise EstimationError(f"no outcome column {outcome!r} in the data (columns: {', '.join(map(str, frame.columns))})")
    used = {outcome}
    for name, rhs in utilities.items():
        try:
            needed = Formula(rhs).required_variables
        except Exception as err:
            raise EstimationError(f"formula for {name}: cannot read {rhs!r}: {err}") from err
        absent = sorted(str(v) for v in needed if str(v) not in frame.columns)
        if absent:
            raise EstimationError(f"formula for {name}: unknown column(s) {', '.join(absent)} in the data")
        used |= {str(v) for v in needed}
    kept = frame.dropna(subset=sorted(used)).reset_index(drop=True)
    dropped = len(frame) - len(kept)
    if len(kept) == 0:
        raise EstimationError("no row has every variable the formulas use")
    nodes = _outcome_nodes(game)
    labels = kept[outcome].astype(str)
    bad = sorted(set(labels) - set(nodes))
    if bad:
        leaves = ", ".join(game.node_name(z) for z in game.terminals)
        raise EstimationError(
            f"outcome column {outcome!r}: {', '.join(map(repr, bad[:5]))} "
            f"{'is not a node' if len(bad) == 1 else 'are not nodes'} of the game (its terminal nodes: {leaves})"
        )
    observed = np.array([nodes[x] for x in labels], dtype=np.intp)
    if np.all(observed == 0):
        raise EstimationError("every row's outcome is the root: the data say nothing about the choices")
    blocks, specs = [], []
    for name in params:
        mm = model_matrix(utilities[name], kept, na_action="ignore")
        X = np.asarray(mm, dtype=np.float64).reshape(len(kept), -1)
        blocks.append((name, tuple(str(c) for c in mm.columns), X))
        specs.append(mm.model_spec)
    return Design(game, params, const, coef, tuple(blocks), observed, len(kept), dropped, tuple(specs), kept)


def new_rows(design: Design, data: Any) -> Design:
    """The same model on other covariate values (for predictions); outcomes unused."""
    import pandas as pd

    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    blocks = []
    for (name, terms, _), spec in zip(design.blocks, design.specs):
        try:
            mm = spec.get_model_matrix(frame, na_action="ignore")
        except Exception as err:
            raise EstimationError(f"predict: cannot build the terms of {name} from the new data: {err}") from err
        blocks.append((name, terms, np.asarray(mm, dtype=np.float64).reshape(len(frame), -1)))
    observed = np.zeros(len(frame), dtype=np.intp)
    return Design(design.game, design.params, design.const, design.coef, tuple(blocks), observed, len(frame), 0, design.specs)
