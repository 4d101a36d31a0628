"""Starting values by statistical backward induction (stepwise binary models).

From the last movers up, each decision node's choices (among the rows whose outcome
lies below it) are fitted as a binary or multinomial model in the coefficients of
the mover's payoff parameters not yet fitted, holding every other coefficient at
its current value; the fitted coefficients then stay as the start of the full
maximum-likelihood fit.  Further starts perturb this one at random.

In a game with information sets the steps use the closed-form recursion as if every
mover knew the node she is at (the perfect-information relaxation of the tree): cheap,
and a start only; the fit itself uses the agent QRE fixed point.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import CHANCE
from .design import Design
from .likelihood import closed_form_probs

__all__ = ["backward_start", "coefficient_owner"]

Array = npt.NDArray[np.float64]


def coefficient_owner(design: Design) -> list[set[tuple[int, int]]]:
    """For each coefficient, the (leaf, player) payoffs its parameter enters."""
    owners = []
    for k, (_, terms, _) in enumerate(design.blocks):
        where = {(int(z), int(i)) for z, i in zip(*np.nonzero(design.coef[:, :, k]))}
        owners.extend([where] * len(terms))
    return owners


def backward_start(design: Design, error: str) -> Array:
    """Coefficients fitted node by node from the last movers up."""
    from scipy.optimize import minimize

    g = design.game
    beta = np.zeros(len(design.names))
    owners = coefficient_owner(design)
    leaf_pos = {z.index: k for k, z in enumerate(g.terminals)}
    fitted: set[int] = set()
    for v in reversed(g.nodes):
        if v.kind == "terminal" or v.player == CHANCE:
            continue
        end = g.subtree_end(v)
        below = {leaf_pos[z.index] for z in g.terminals if v.index <= z.index < end}
        free = [k for k in range(len(beta)) if k not in fitted and any(z in below and i == v.player for z, i in owners[k])]
        rows = (design.observed > v.index) & (design.observed < end)
        if not free or not rows.any():
            continue
        action = np.zeros(design.n, dtype=np.intp)
        for a, c in enumerate(v.children):
            action[(design.observed >= c) & (design.observed < g.subtree_end(c))] = a

        def negative(x: Array, free: list[int] = free, rows: Any = rows, action: Any = action, node: int = v.index) -> float:
            b = beta.copy()
            b[free] = x
            lp = closed_form_probs(design, b, error)[node]
            return -float(lp[rows, action[rows]].sum())

        res = minimize(negative, beta[free], method="BFGS", options={"maxiter": 200})
        beta[free] = np.clip(res.x, -50, 50)
        fitted.update(free)
    return beta
