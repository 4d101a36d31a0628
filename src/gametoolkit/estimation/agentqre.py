"""The agent quantal response equilibrium of many games at once (one per data row).

Where a game has information sets of more than one node, the choice probabilities of
the agent models are no longer a recursion from the leaves: the value of an action
depends on the beliefs at its set, which depend on the profile itself.  The
likelihood then needs, for every row's payoffs, the fixed point

    log σ(h, ·) = log F(u(h, ·; σ)),

``u`` the actions' expected payoffs given Bayes beliefs and later play, and ``F`` the
response: the logit ``softmax(u)`` (agent-logit, the logit QRE at precision λ = 1
on the payoffs as estimated) or the probit response to a N(0, 1) shock on each action
(agent-probit, :mod:`.probit`).

The fixed point is found on the principal branch by homotopy in the precision: from
the centroid at λ = 0 to λ = 1, ``u`` scaled by λ, with Newton's method at each step
(analytic Jacobians, the same equations as :class:`~gametoolkit.solvers.qre.LogitSystem`,
whose leaf × action arrays are reused), for all rows at once, each row with its own
step size (halved where Newton fails).  A row whose branch turns back in λ before 1
(the step falls below 1e-6) is handed to the path follower of
:mod:`gametoolkit.solvers.qre`, which follows turning points.  Every solve starts from
the centroid, so the likelihood is a deterministic, smooth function of the
coefficients (its gradient is taken numerically).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import CHANCE, Game
from ..solvers.qre import LogitSystem
from .design import EstimationError

__all__ = ["RowSystem", "has_information_sets", "payoff_gradient", "solve_rows"]

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
#: Newton's method stops where every equation holds to this.
TOL = 1e-12
_MIN_STEP = 1e-6


class RowSystem:
    """The leaf × action structure of a game's agent QRE equations, for many rows."""

    def __init__(self, game: Game) -> None:
        zero = dict.fromkeys(game.parameters, 0)
        base = LogitSystem(game.bind(zero) if zero else game)
        self.base = base
        self.game = game
        self.M = base.M
        self.B = base.B
        self.logc = base.logc
        self.set_of = base.set_of
        self.sets = base.sets
        self.size = base.size
        self.owner = np.array([game.infosets[base.sets[k]].player for k in base.set_of], dtype=np.intp)
        self.members = [np.flatnonzero(base.set_of == k) for k in range(len(base.sets))]

    def payoffs(self, U: Array) -> Array:
        """Each column's owner's payoff at each leaf: rows × leaves × columns."""
        out: Array = U[:, :, self.owner]
        return out

    def centroid(self, rows: int) -> Array:
        return np.broadcast_to(self.base.centroid(), (rows, self.size)).copy()

    def values(self, y: Array, P: Array, jacobian: bool = False) -> tuple[Array, Array | None]:
        """Action values ``u`` (rows × columns) at ``log σ = y``, and ``du/dy``.

        ``u_b = Σ_z P(z | set of b reached, b chosen) P_zb``, computed with each row's
        leaf probabilities scaled by its largest (so nothing underflows that matters).
        """
        logp = y @ self.M.T + self.logc[None, :]  # rows × leaves
        top = logp.max(axis=1, keepdims=True)
        reach = np.exp(logp - top)  # rows × leaves, largest 1
        at_set = np.maximum(reach @ self.B, 1e-300)  # rows × sets (scaled)
        # 1 / (σ_b · reach of b's set), scaled back
        scale = np.exp(np.minimum(-y, 700.0)) / at_set[:, self.set_of]  # rows × columns
        E = (reach[:, :, None] * self.M[None, :, :]) * P * scale[:, None, :]  # rows × leaves × columns
        u: Array = E.sum(axis=1)
        if not jacobian:
            return u, None
        Q = reach[:, :, None] * self.B[None, :, :] / at_set[:, None, :]  # rows × leaves × sets
        G = np.swapaxes(Q, 1, 2) @ self.M  # rows × sets × columns
        Ju = np.swapaxes(E, 1, 2) @ self.M  # rows × columns × columns
        Ju -= u[:, :, None] * (np.eye(self.size)[None] + G[:, self.set_of, :])
        return u, Ju

    def response(self, u: Array, error: str, jacobian: bool = False) -> tuple[Array, Array | None]:
        """``log F(u)`` per column, and its block-diagonal derivative in ``u``."""
        from scipy.special import log_softmax

        from .probit import mnp_log_probs

        rows = u.shape[0]
        out = np.empty_like(u)
        jac = np.zeros((rows, self.size, self.size)) if jacobian else None
        for cols in self.members:
            block = u[:, cols]
            if error == "agent-logit":
                lp = log_softmax(block, axis=1)
                out[:, cols] = lp
                if jac is not None:
                    p = np.exp(lp)
                    jac[np.ix_(np.arange(rows), cols, cols)] = np.eye(len(cols))[None] - p[:, None, :]
            else:
                lp, d = mnp_log_probs(block, jacobian=jacobian)
                out[:, cols] = lp
                if jac is not None:
                    assert d is not None
                    jac[np.ix_(np.arange(rows), cols, cols)] = d
        return out, jac


def _newton(system: RowSystem, y: Array, P: Array, lam: Array, error: str, steps: int = 20) -> tuple[Array, Mask]:
    """Newton's method at precisions ``lam`` (per row); returns y and a converged mask.

    Overflow in a diverging row is expected (the row is then marked failed)."""
    with np.errstate(all="ignore"):
        return _newton_steps(system, y, P, lam, error, steps)


def _newton_steps(system: RowSystem, y: Array, P: Array, lam: Array, error: str, steps: int) -> tuple[Array, Mask]:
    ok = np.zeros(len(y), dtype=bool)
    last = np.full(len(y), np.inf)
    eye = np.eye(system.size)[None]
    for _ in range(steps):
        u, Ju = system.values(y, P, jacobian=True)
        assert Ju is not None
        lf, D = system.response(lam[:, None] * u, error, jacobian=True)
        assert D is not None
        R = y - lf
        size = np.abs(R).max(axis=1)
        bad = ~np.isfinite(size) | (size > 4 * last)
        ok = np.isfinite(size) & (size < TOL * (1 + np.abs(y).max(axis=1)))
        if np.all(ok | bad):
            break
        last = np.where(np.isfinite(size), size, np.inf)
        J = eye - lam[:, None, None] * np.einsum("rab,rbc->rac", D, Ju)
        work = ~ok & ~bad
        try:
            y[work] = y[work] - np.linalg.solve(J[work], R[work][:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            for r in np.flatnonzero(work):
                try:
                    y[r] = y[r] - np.linalg.solve(J[r], R[r])
                except np.linalg.LinAlgError:
                    last[r] = -1.0  # marks it failed below
        y = np.where(np.isfinite(y), y, -700.0)
    else:
        u, _ = system.values(y, P)
        lf, _ = system.response(lam[:, None] * u, error)
        size = np.abs(y - lf).max(axis=1)
        ok = np.isfinite(size) & (size < TOL * (1 + np.abs(y).max(axis=1)))
    return y, ok


def solve_rows(system: RowSystem, U: Array, error: str) -> Array:
    """``log σ`` (rows × columns) at the agent QRE of every row's payoffs ``U``
    (rows × leaves × players), on the principal branch at λ = 1."""
    flat = U.reshape(U.shape[0], -1)
    distinct, inverse = np.unique(flat, axis=0, return_inverse=True)
    if len(distinct) < 0.8 * len(flat):  # rows that share payoffs share the equilibrium
        once = solve_rows(system, distinct.reshape((len(distinct), *U.shape[1:])), error)
        out: Array = once[inverse.reshape(-1)]
        return out
    rows = U.shape[0]
    P = system.payoffs(U)
    y = system.centroid(rows)
    lam = np.zeros(rows)
    step = np.full(rows, 0.25)
    while True:
        active = lam < 1.0
        if not active.any():
            return y
        idx = np.flatnonzero(active)
        target = np.minimum(lam[idx] + step[idx], 1.0)
        found, ok = _newton(system, y[idx].copy(), P[idx], target, error)
        good, fail = idx[ok], idx[~ok]
        y[good], lam[good] = found[ok], target[ok]
        step[good] = np.minimum(step[good] * 1.5, 1.0)
        step[fail] /= 2
        lost = fail[step[fail] < _MIN_STEP]
        for r in lost:
            y[r] = _follow(system, P[r], error, r)
            lam[r] = 1.0


def payoff_gradient(system: RowSystem, y: Array, U: Array, error: str, counts: Array) -> Array:
    """The derivative of ``Σ_b counts_b · y_b`` (per row) in the leaf payoffs ``U``
    (rows × leaves × players), through the fixed point (implicit differentiation:
    one adjoint solve per row)."""
    P = system.payoffs(U)
    u, Ju = system.values(y, P, jacobian=True)
    assert Ju is not None
    _, D = system.response(u, error, jacobian=True)
    assert D is not None
    J = np.eye(system.size)[None] - D @ Ju  # dR/dy at λ = 1
    adj = np.linalg.solve(np.swapaxes(J, 1, 2), counts[:, :, None])[:, :, 0]
    g = np.einsum("rab,ra->rb", D, adj)  # d ℓ / d u_b
    logp = y @ system.M.T + system.logc[None, :]
    top = logp.max(axis=1, keepdims=True)
    reach = np.exp(logp - top)
    at_set = np.maximum(reach @ system.B, 1e-300)
    scale = np.exp(np.minimum(-y, 700.0)) / at_set[:, system.set_of]
    W = (reach[:, :, None] * system.M[None, :, :]) * scale[:, None, :]  # du_b / dP_zb
    dP = W * g[:, None, :]  # rows × leaves × columns
    out = np.zeros_like(U)
    for i in range(U.shape[2]):
        cols = system.owner == i
        if cols.any():
            out[:, :, i] = dP[:, :, cols].sum(axis=2)
    return out


def _follow(system: RowSystem, P: Array, error: str, row: int) -> Array:
    """One row by the path follower of :mod:`gametoolkit.solvers.qre` (logit only)."""
    if error != "agent-logit":
        raise EstimationError(
            f"row {row}: the agent-probit equilibrium branch turns back before lambda = 1 "
            "(several equilibria at these payoffs); use agent-logit or rescale the covariates"
        )
    from ..solvers import qre

    one = _OneRow(system.base, P)
    before: Any = None
    for x in qre._trace(one, 1.0):
        if x[-1] >= 1.0 and before is not None:
            out: Array = qre._at_lambda(one, before, x, 1.0)
            return out
        before = x
    raise EstimationError(f"row {row}: the principal logit branch could not be followed to lambda = 1")


class _OneRow(LogitSystem):
    """The solver's own equations for one row's payoffs (no rescaling)."""

    def __init__(self, base: LogitSystem, P: Array) -> None:
        self.__dict__.update(base.__dict__)
        self.P = np.asarray(P, dtype=np.float64)
        self.scale = 1.0


def has_information_sets(game: Game) -> bool:
    """Whether some player's information set holds more than one node."""
    return any(h.player != CHANCE and len(h.nodes) > 1 for h in game.infosets)
