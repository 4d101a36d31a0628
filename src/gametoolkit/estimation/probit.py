"""Choice probabilities of a probit chooser among two or more actions.

The chooser takes the action with the largest ``V_a + s_a ε_a``, the ``ε_a``
independent N(0, 1).  With two actions that is ``Φ((V_1 − V_0)/sqrt(s_0² + s_1²))``,
computed in closed form.  With three or more, independence of the shocks turns the
(m − 1)-dimensional normal orthant probability into a one-dimensional integral,

    P(j) = ∫ φ(t) Π_{k≠j} Φ((V_j − V_k + s_j t) / s_k) dt,

which :func:`mnp_log_probs` computes by Gauss–Hermite quadrature with
:data:`NODES` fixed nodes, in logs (a log-sum-exp over the nodes), so that the
likelihood is a smooth, deterministic function of the payoffs (no simulation noise,
unlike the GHK simulator, and exact up to the quadrature error, below 1e-8 for
payoff differences up to about 8 shock standard deviations where the standard
deviations differ by a factor of 2 at most, as under private information in trees
whose actions lead to at most four outcomes; the test suite checks it against
scipy's multivariate normal CDF).  The probabilities are normalised to sum to one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["NODES", "mnp_log_probs"]

Array = npt.NDArray[np.float64]
#: Gauss–Hermite nodes of the quadrature.
NODES = 40
_SQRT2 = float(np.sqrt(2.0))


def _rule() -> tuple[Array, Array]:
    x, w = np.polynomial.hermite.hermgauss(NODES)
    return np.asarray(x * _SQRT2, dtype=np.float64), np.asarray(np.log(w) - 0.5 * np.log(np.pi), dtype=np.float64)


_T, _LOGW = _rule()


def mnp_log_probs(v: Array, sd: Array | None = None, jacobian: bool = False) -> tuple[Array, Array | None]:
    """``log P(a)`` (rows × actions) for values ``v`` (rows × actions).

    Parameters
    ----------
    v : ndarray
        The actions' values, one row per chooser.
    sd : ndarray, optional
        The shocks' standard deviations (rows × actions); 1 where omitted.
    jacobian : bool
        Also return ``d log P(j) / d v_k`` (rows × actions × actions); only with unit
        standard deviations.

    Returns
    -------
    (ndarray, ndarray or None)
    """
    from scipy.special import log_ndtr, logsumexp

    rows, m = v.shape
    s = np.ones_like(v) if sd is None else np.broadcast_to(sd, v.shape)
    if m == 2:
        scale = np.sqrt(s[:, 0] ** 2 + s[:, 1] ** 2)
        d = (v[:, 1] - v[:, 0]) / scale
        out = np.stack([log_ndtr(-d), log_ndtr(d)], axis=1)
        if not jacobian:
            return out, None
        # d log Φ(x)/dx = φ(x)/Φ(x)
        r0 = np.exp(-0.5 * d**2 - 0.5 * np.log(2 * np.pi) - out[:, 0]) / scale
        r1 = np.exp(-0.5 * d**2 - 0.5 * np.log(2 * np.pi) - out[:, 1]) / scale
        jac = np.empty((rows, 2, 2))
        jac[:, 0, 0], jac[:, 0, 1] = r0, -r0
        jac[:, 1, 0], jac[:, 1, 1] = -r1, r1
        return out, jac
    if rows > 64:
        key = np.concatenate([v, s], axis=1)
        distinct, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
        if len(distinct) < 0.5 * rows:  # choosers that face the same values choose alike
            inv = inverse.reshape(-1)
            once, once_jac = mnp_log_probs(v[first], None if sd is None else s[first], jacobian)
            return once[inv], None if once_jac is None else once_jac[inv]
    # the pairs (j, k), k ≠ j: z[r, pair, i] = (v_j − v_k + s_j t_i) / s_k
    jj, kk = np.nonzero(~np.eye(m, dtype=bool))
    z = ((v[:, jj] - v[:, kk])[:, :, None] + s[:, jj, None] * _T[None, None, :]) / s[:, kk, None]
    lz = log_ndtr(z)  # rows × pairs × nodes
    terms = lz.reshape(rows, m, m - 1, NODES).sum(axis=2) + _LOGW[None, None, :]  # rows × j × nodes
    raw = logsumexp(terms, axis=2)
    # the quadrature's small error, shared out so that the probabilities sum to one
    out = np.asarray(raw - logsumexp(raw, axis=1, keepdims=True), dtype=np.float64)
    if not jacobian:
        return out, None
    if sd is not None and not np.all(s == 1):
        raise ValueError("mnp_log_probs: the Jacobian is for unit standard deviations only")
    weight = np.exp(terms - raw[:, :, None])  # rows × j × nodes, sums to 1 over nodes
    mills = np.exp(-0.5 * z**2 - 0.5 * np.log(2 * np.pi) - lz).reshape(rows, m, m - 1, NODES)  # φ/Φ
    # d log P_j / d v_k (k ≠ j) = −Σ_i w_ij φ/Φ(z_ijk);  d/d v_j = −Σ_{k≠j} of those
    pairs = -np.einsum("rji,rjki->rjk", weight, mills)  # rows × j × (k ≠ j)
    jac = np.zeros((rows, m, m))
    jac[:, jj, kk] = pairs.reshape(rows, m * (m - 1))
    jac[:, np.arange(m), np.arange(m)] = -pairs.sum(axis=2)
    return out, jac
