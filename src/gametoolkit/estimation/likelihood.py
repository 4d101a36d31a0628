"""Choice probabilities and the log-likelihood of observed outcomes, row by row.

Error structures (each player's payoffs are ``u``; ``Φ`` the normal distribution):

* ``agent-logit``: at every information set the mover's choice is a logit response
  (precision 1) to the values of its actions, which already account for the noisy
  play below and for the beliefs Bayes' rule gives: ``P(a) ∝ exp(V_i(a))``, the agent
  logit QRE at λ = 1 on the payoffs as estimated.  The R package ``games`` writes the
  logit with scale √2, ``Λ(Δ/√2)``, so its coefficients are √2 times these.
* ``agent-probit``: an independent N(0, 1) shock on each action's value at each
  set: with two actions ``P(a1) = Φ((V_i(a1) − V_i(a0))/√2)``; with three or more the
  multinomial probit with independent shocks (:mod:`.probit`: a one-dimensional
  Gauss–Hermite integral, exact up to ~1e-8, no simulation).
* ``private-probit`` (Signorino 1999, 2003): each player's payoff at each outcome has
  its own N(0, 1) shock, known to that player only.  With each player moving at most
  once on a path, the value of action ``a`` carries a normal shock of variance
  ``s_a² = Σ_z P(z|a)²`` (``P(z|a)`` the chance of outcome ``z`` after ``a``),
  independent across actions: with two actions
  ``P(a1) = Φ(Δ / sqrt(s_0² + s_1²))``, with more the multinomial probit with these
  standard deviations.

Games of perfect information (chance moves allowed) use these closed forms, computed
from the leaves upward for all rows at once.  Games with information sets of more
than one node need the agent QRE fixed point per row (:mod:`.agentqre`), for
``agent-logit`` and ``agent-probit``; ``private-probit`` there is refused (its
equilibrium is a Bayesian game per row, not built).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..core.game import CHANCE, Game
from .agentqre import RowSystem, has_information_sets, payoff_gradient, solve_rows
from .design import Design, EstimationError
from .probit import mnp_log_probs

__all__ = ["ERRORS", "check_tree", "closed_form_probs", "log_choice_probs", "loglik_gradient", "loglik_rows", "outcome_probs"]

Array = npt.NDArray[np.float64]
ERRORS = ("agent-logit", "agent-probit", "private-probit")


def check_tree(game: Game, error: str) -> None:
    """Refuse a tree the likelihoods do not cover, naming the problem."""
    if error not in ERRORS:
        raise EstimationError(f"unknown error structure {error!r}; choose one of {', '.join(ERRORS)}")
    for h in game.infosets:
        if h.player != CHANCE and len(h.nodes) > 1 and error == "private-probit":
            raise EstimationError(
                f"information set {h.label!r} of {game.players[h.player]} has {len(h.nodes)} nodes: private-probit "
                "covers games of perfect information only (chance moves allowed); use agent-logit or agent-probit, "
                "whose likelihood is the agent QRE fixed point"
            )
    if has_information_sets(game) and not game.has_perfect_recall:
        problems = "; ".join(game.perfect_recall_problems()[:2])
        raise EstimationError(f"the game lacks perfect recall ({problems}): the agent QRE likelihood needs it")
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
    if has_information_sets(design.game):
        return _fixed_point_probs(design, beta, error)
    return closed_form_probs(design, beta, error)


def _row_system(game: Game) -> RowSystem:
    system: RowSystem = game._cached("estimation.rowsystem", lambda: RowSystem(game))
    return system


def _fixed_point_probs(design: Design, beta: Array, error: str) -> dict[int, Array]:
    """Choice probabilities at every row's agent QRE (logit or probit response)."""
    g = design.game
    system = _row_system(g)
    y = solve_rows(system, design.payoffs(beta), error)
    column = {h: system.members[k] for k, h in enumerate(system.sets)}
    logp: dict[int, Array] = {}
    for v in g.nodes:
        if v.kind == "terminal":
            continue
        if v.player == CHANCE:
            probs = np.array([float(p) for p in g.chance_probs(v.infoset)])
            logp[v.index] = np.log(np.maximum(np.broadcast_to(probs, (design.n, len(v.children))), 1e-300))
        else:
            logp[v.index] = y[:, column[v.infoset]]
    return logp


def closed_form_probs(design: Design, beta: Array, error: str) -> dict[int, Array]:
    """The recursion from the leaves up: the choice probabilities of a game of perfect
    information (in a game with information sets, of its perfect-information
    relaxation, each mover knowing her node)."""
    from scipy.special import log_softmax

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
            elif error == "agent-probit":
                lp, _ = mnp_log_probs(s)
            else:
                sd = np.sqrt(np.stack([sumsq[c] for c in kids], axis=1))
                lp, _ = mnp_log_probs(s, sd)
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


def loglik_gradient(design: Design, beta: Array, error: str) -> tuple[float, Array] | None:
    """The log-likelihood and its gradient in the coefficients, analytic through the
    QRE fixed point, for games with information sets; ``None`` for the closed forms
    (whose gradient the optimiser takes numerically)."""
    g = design.game
    if not has_information_sets(g):
        return None
    system = _row_system(g)
    U = design.payoffs(beta)
    y = solve_rows(system, U, error)
    column = {h: system.members[k] for k, h in enumerate(system.sets)}
    counts = np.zeros((design.n, system.size))
    loglik = np.zeros(design.n)
    for node in np.unique(design.observed):
        rows = design.observed == node
        w = int(node)
        while g.nodes[w].parent >= 0:
            v = g.nodes[g.nodes[w].parent]
            a = g.nodes[w].action
            if v.player == CHANCE:
                loglik[rows] += float(np.log(max(float(g.chance_probs(v.infoset)[a]), 1e-300)))
            else:
                counts[rows, column[v.infoset][a]] += 1.0
            w = v.index
    loglik += (counts * y).sum(axis=1)
    dU = payoff_gradient(system, y, U, error, counts)  # rows × leaves × players
    z, i, k = design.coef.shape
    dtheta = dU.reshape(design.n, z * i) @ design.coef.reshape(z * i, k)  # rows × params
    grad = np.concatenate([X.T @ dtheta[:, j] for j, (_, _, X) in enumerate(design.blocks)])
    return float(loglik.sum()), grad


def outcome_probs(design: Design, beta: Array, error: str) -> Array:
    """The probability of every leaf, rows × leaves."""
    g = design.game
    logp = log_choice_probs(design, beta, error)
    reach = {0: np.zeros(design.n)}
    for v in g.nodes:
        for a, c in enumerate(v.children):
            reach[c] = reach[v.index] + logp[v.index][:, a]
    return np.exp(np.stack([reach[z.index] for z in g.terminals], axis=1))
