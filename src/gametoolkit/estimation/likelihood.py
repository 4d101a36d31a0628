"""Choice probabilities and the log-likelihood of observed outcomes, row by row.

Error structures (each player's payoffs are ``u``; ``Φ`` the normal distribution):

* ``agent-logit``: at every node the mover's choice is a logit response (precision 1)
  to the values of its actions, which already account for the noisy play below:
  ``P(a) ∝ exp(V_i(a))``.  The R package ``games`` writes the logit with scale √2,
  ``Λ(Δ/√2)``, so its coefficients are √2 times these.
* ``agent-probit``: an independent N(0, 1) shock on each action's value at each
  node (binary choices): ``P(a1) = Φ((V_i(a1) − V_i(a0))/√2)``.
* ``private-probit`` (Signorino 1999, 2003): each player's payoff at each outcome has
  its own N(0, 1) shock, known to that player only.  With binary choices and each
  player moving at most once on a path, ``P(a1) = Φ(Δ / sqrt(Σ_z P(z|a0)² + Σ_z P(z|a1)²))``,
  where ``Δ`` is the expected payoff difference and ``P(z|a)`` the chance of
  outcome ``z`` after ``a``.

These are the closed forms for games of perfect information (chance moves allowed),
computed from the leaves upward for all rows at once.  Games with information sets of
more than one node are refused with a clear error (their likelihood needs the QRE
fixed point per row; not built yet).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..core.game import CHANCE, Game
from .design import Design, EstimationError

__all__ = ["ERRORS", "check_tree", "log_choice_probs", "loglik_rows", "outcome_probs"]

Array = npt.NDArray[np.float64]
ERRORS = ("agent-logit", "agent-probit", "private-probit")
_SQRT2 = float(np.sqrt(2.0))


def check_tree(game: Game, error: str) -> None:
    """Refuse a tree the closed forms do not cover, naming the problem."""
    if error not in ERRORS:
        raise EstimationError(f"unknown error structure {error!r}; choose one of {', '.join(ERRORS)}")
    for h in game.infosets:
        if h.player != CHANCE and len(h.nodes) > 1:
            raise EstimationError(
                f"information set {h.label!r} of {game.players[h.player]} has {len(h.nodes)} nodes: estimation "
                "covers games of perfect information (chance moves allowed) for now"
            )
        if error != "agent-logit" and h.player != CHANCE and len(h.actions) != 2:
            raise EstimationError(f"{error} needs two actions at every move; {h.label!r} has {len(h.actions)} (use agent-logit)")
    if error == "private-probit":
        for z in game.terminals:
            movers = [game.nodes[v].player for v in _ancestors(game, z.index) if game.nodes[v].player != CHANCE]
            if len(movers) != len(set(movers)):
                raise EstimationError(
                    f"private-probit: a player moves twice on the path to {game.node_name(z)}; "
                    "that model assumes each player moves at most once on a path"
                )


def _ancestors(game: Game, v: int) -> list[int]:
    out = []
    while game.nodes[v].parent >= 0:
        v = game.nodes[v].parent
        out.append(v)
    return out


def log_choice_probs(design: Design, beta: Array, error: str) -> dict[int, Array]:
    """``log P(action)`` at every decision node, rows × actions."""
    from scipy.special import log_ndtr, log_softmax

    g = design.game
    U = design.payoffs(beta)
    leaf_of = {z.index: k for k, z in enumerate(g.terminals)}
    value: dict[int, Array] = {}
    sumsq: dict[int, Array] = {}
    logp: dict[int, Array] = {}
    ones = np.ones(design.n)
    for v in reversed(g.nodes):
        if v.kind == "terminal":
            value[v.index], sumsq[v.index] = U[:, leaf_of[v.index], :], ones
            continue
        kids = v.children
        if v.player == CHANCE:
            probs = np.array([float(p) for p in g.chance_probs(v.infoset)])
            lp = np.log(np.maximum(np.broadcast_to(probs, (design.n, len(kids))), 1e-300))
        else:
            s = np.stack([value[c][:, v.player] for c in kids], axis=1)
            if error == "agent-logit":
                lp = log_softmax(s, axis=1)
            else:
                scale = _SQRT2 if error == "agent-probit" else np.sqrt(sumsq[kids[0]] + sumsq[kids[1]])
                d = (s[:, 1] - s[:, 0]) / scale
                lp = np.stack([log_ndtr(-d), log_ndtr(d)], axis=1)
        p = np.exp(lp)
        logp[v.index] = lp
        value[v.index] = sum((p[:, [a]] * value[c] for a, c in enumerate(kids)), np.zeros_like(value[kids[0]]))
        sumsq[v.index] = sum((p[:, a] ** 2 * sumsq[c] for a, c in enumerate(kids)), np.zeros(design.n))
    return logp


def loglik_rows(design: Design, beta: Array, error: str) -> Array:
    """Each row's log-probability of reaching the node its outcome names."""
    g = design.game
    logp = log_choice_probs(design, beta, error)
    out = np.zeros(design.n)
    for node in np.unique(design.observed):
        rows = design.observed == node
        w = int(node)
        while g.nodes[w].parent >= 0:
            parent = g.nodes[w].parent
            out[rows] += logp[parent][rows, g.nodes[w].action]
            w = parent
    return out


def outcome_probs(design: Design, beta: Array, error: str) -> Array:
    """The probability of every leaf, rows × leaves."""
    g = design.game
    logp = log_choice_probs(design, beta, error)
    reach = {0: np.zeros(design.n)}
    for v in g.nodes:
        for a, c in enumerate(v.children):
            reach[c] = reach[v.index] + logp[v.index][:, a]
    return np.exp(np.stack([reach[z.index] for z in g.terminals], axis=1))
