"""Agent logit quantal response equilibrium (McKelvey and Palfrey 1998), in floats.

At every information set ``h`` of a player, the agent logit QRE with precision ``λ``
plays action ``a`` with probability proportional to ``exp(λ u(h, a))``, where
``u(h, a)`` is the mover's expected payoff of ``a`` at ``h`` given the beliefs that
Bayes' rule derives from the profile itself and the play that follows.  At ``λ = 0``
every set plays uniformly (the centroid); the *principal branch* is the curve of
solutions that starts there, and its limit as ``λ`` grows is a sequential equilibrium.

The branch is traced as Gambit's ``logit`` does: predictor–corrector path following
in ``(log σ, λ)``, an Euler step along the tangent of the curve and Newton's method
back onto it (Moore–Penrose corrections, so the curve may bend back in ``λ``).  The
equations, for a set with actions ``a0, a1, ...``, are

    Σ_a σ(h, a) = 1,     log σ(h, a) − log σ(h, a0) = λ (u(h, a) − u(h, a0)).

Internally payoffs are divided by the game's payoff range, so one step size suits
every game; ``λ`` is reported, and ``lam=`` read, on the game's own payoffs.  Beliefs
at a set that no play reaches (only possible below a chance move of probability zero)
are taken as if that chance move had probability ``e**-500``.

Results are floats: the :class:`~gametoolkit.solution.Solution` has ``exact`` false,
its behaviour holds the floats as fractions, and its JSON prints decimal strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import CHANCE, Game
from ..core.validate import require_solvable
from ..core.values import as_fraction
from ..errors import SolverError
from ..evaluate.profiles import Profile, bayes_beliefs, node_values
from ..solution import Assessment, Solution

__all__ = ["BranchPoint", "LogitSystem", "branch", "format_text", "logit_point", "solve"]

Array = npt.NDArray[np.float64]

#: Log-probability given to a chance move of probability zero.
_LOG_ZERO = -500.0
#: Regret (as a share of the payoff range) at which the limit is accepted.
DEFAULT_REGRET = 1e-8
#: Largest precision (on payoffs scaled to range 1) the limit search goes to.
MAX_LAMBDA = 1e12


@dataclass(frozen=True)
class BranchPoint:
    """One point of the branch: ``lam`` on the game's payoffs and the behaviour.

    ``probs[k]`` is the distribution at player set ``sets[k]`` of the system.
    """

    lam: float
    probs: tuple[tuple[float, ...], ...]


class LogitSystem:
    """The logit equations of a game as arrays (leaves × actions).

    Columns are the actions of the players' information sets, set by set in the
    game's order.  All derivatives are analytic.
    """

    def __init__(self, game: Game) -> None:
        g = game
        self.game = g
        self.sets = [h.index for h in g.infosets if h.player != CHANCE]
        if not self.sets:
            raise SolverError("the game has no player moves: nothing to solve for a quantal response equilibrium")
        col: dict[tuple[int, int], int] = {}
        set_of: list[int] = []
        self.first: list[int] = []
        for k, h in enumerate(self.sets):
            self.first.append(len(set_of))
            for a in range(len(g.infosets[h].actions)):
                col[(h, a)] = len(set_of)
                set_of.append(k)
        self.set_of = np.array(set_of, dtype=np.intp)
        n, leaves = len(set_of), g.terminals
        self.M = np.zeros((len(leaves), n))
        self.B = np.zeros((len(leaves), len(self.sets)), dtype=bool)
        self.logc = np.zeros(len(leaves))
        pos = {h: k for k, h in enumerate(self.sets)}
        pay = _leaf_payoffs(g)
        span = float(pay.max() - pay.min()) if pay.size else 0.0
        self.scale = span if span > 0 else 1.0
        owner = np.array([g.infosets[self.sets[k]].player for k in set_of], dtype=np.intp)
        self.P = pay[:, owner] / self.scale
        for r, z in enumerate(leaves):
            child = z
            while child.parent >= 0:
                v = g.nodes[child.parent]
                if v.player == CHANCE:
                    p = g.chance_probs(v.infoset)[child.action]
                    self.logc[r] += float(np.log(float(p))) if p > 0 else _LOG_ZERO
                else:
                    self.M[r, col[(v.infoset, child.action)]] = 1.0
                    self.B[r, pos[v.infoset]] = True
                child = v
        self.diff = np.zeros((n, n))
        self.norm = np.zeros((n, n))
        self.is_first = np.zeros(n)
        for b in range(n):
            f = self.first[set_of[b]]
            self.norm[f, b] = 1.0
            if b == f:
                self.is_first[b] = 1.0
            else:
                self.diff[b, b] += 1.0
                self.diff[b, f] -= 1.0

    @property
    def size(self) -> int:
        return int(self.M.shape[1])

    def centroid(self) -> Array:
        """``log σ`` at the uniform profile."""
        counts = np.bincount(self.set_of)
        return np.asarray(-np.log(counts[self.set_of].astype(float)), dtype=np.float64)

    def values(self, y: Array, jacobian: bool = False) -> tuple[Array, Array | None]:
        """Action values ``u`` (scaled payoffs) at ``log σ = y``, and ``du/dy`` if asked."""
        logp = self.M @ y + self.logc
        masked = np.where(self.B, logp[:, None], -np.inf)
        top = masked.max(axis=0)
        lse = top + np.log(np.exp(masked - top).sum(axis=0))
        arg = logp[:, None] - y[None, :] - lse[self.set_of][None, :]
        E = np.where(self.M > 0, np.exp(np.minimum(arg, 700.0)), 0.0) * self.P
        u = E.sum(axis=0)
        if not jacobian:
            return u, None
        Q = np.where(self.B, np.exp(np.minimum(masked - lse[None, :], 0.0)), 0.0)
        G = Q.T @ self.M
        Ju = E.T @ self.M - np.diag(u) - u[:, None] * G[self.set_of]
        return u, Ju

    def residual(self, y: Array, lam: float) -> Array:
        """The logit equations at ``(y, λ)`` (``λ`` on scaled payoffs)."""
        u, _ = self.values(y)
        out: Array = self.diff @ y - lam * (self.diff @ u) + self.norm @ np.exp(y) - self.is_first
        return out

    def jacobian(self, y: Array, lam: float) -> tuple[Array, Array]:
        """The residual and its Jacobian in ``(y, λ)`` (``n × (n + 1)``)."""
        u, Ju = self.values(y, jacobian=True)
        assert Ju is not None
        F = self.diff @ y - lam * (self.diff @ u) + self.norm @ np.exp(y) - self.is_first
        Jy = self.diff - lam * (self.diff @ Ju) + self.norm * np.exp(y)[None, :]
        J = np.hstack([Jy, -(self.diff @ u)[:, None]])
        return F, J

    def regret(self, y: Array) -> float:
        """The largest agent regret at ``y`` (scaled payoffs)."""
        u, _ = self.values(y)
        sigma = np.exp(y)
        worst = 0.0
        for k in range(len(self.sets)):
            cols = self.set_of == k
            s = sigma[cols] / sigma[cols].sum()
            worst = max(worst, float(u[cols].max() - s @ u[cols]))
        return worst

    def point(self, y: Array, lam: float) -> BranchPoint:
        sigma = np.exp(y)
        probs = []
        for k in range(len(self.sets)):
            s = sigma[self.set_of == k]
            probs.append(tuple(float(x) for x in s / s.sum()))
        return BranchPoint(lam / self.scale, tuple(probs))


def _leaf_payoffs(game: Game) -> Array:
    """Payoffs at the leaves (outcomes summed along each play) as floats."""
    rows = [[float(as_fraction(x, "payoff")) for x in game.payoffs(z)] for z in game.terminals]
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(game.players))


# ---------------------------------------------------------------------- path following
def _tangent(J: Array, previous: Array | None) -> Array:
    q, _ = np.linalg.qr(J.T, mode="complete")
    t: Array = q[:, -1]
    if previous is None:
        if t[-1] < 0:
            t = -t
    elif float(t @ previous) < 0:
        t = -t
    return t


def _tolerance(x: Array) -> float:
    """What rounding leaves of the residual at ``x``: it grows with ``λ`` and ``|log σ|``."""
    return 1e-12 * (1.0 + abs(float(x[-1])) + float(np.abs(x[:-1]).max()))


def _correct(system: LogitSystem, x: Array, steps: int = 12) -> Array | None:
    """Newton's method (minimum-norm steps) back onto the curve, or ``None``."""
    last, tol = np.inf, _tolerance(x)
    for _ in range(steps):
        F, J = system.jacobian(x[:-1], float(x[-1]))
        size = float(np.abs(F).max())
        if not np.isfinite(size) or size > 4 * last:
            return None
        if size < tol:
            return x
        last = size
        try:
            q, r = np.linalg.qr(J.T)
            dx = q @ np.linalg.solve(r.T, -F)
        except np.linalg.LinAlgError:
            return None
        x = x + dx
    F = system.residual(x[:-1], float(x[-1]))
    return x if float(np.abs(F).max()) < 100 * tol else None


def _trace(system: LogitSystem, stop: float, first_step: float = 0.03, max_accel: float = 1.5,
           max_steps: int = 100_000) -> Iterator[Array]:
    """Points ``x = (y, λ)`` (scaled ``λ``) along the principal branch, from the centroid,
    until ``λ`` passes ``stop`` (the caller may stop earlier)."""
    x = np.append(system.centroid(), 0.0)
    yield x
    step, previous = first_step, None
    best, since = 0.0, 0
    for _ in range(max_steps):
        _, J = system.jacobian(x[:-1], float(x[-1]))
        t = _tangent(J, previous)
        while True:
            guess = x + step * t
            found = _correct(system, guess)
            if found is not None and float(np.linalg.norm(found - guess)) < 0.5 * step + 1e-9:
                break
            step /= 2
            if step < 1e-12 * max(1.0, float(np.abs(x).max())):
                if x[-1] > 1e3:  # rounding, not the curve, stops it: the caller judges the regret
                    return
                raise SolverError(f"logit path following lost the branch at lambda = {x[-1] / system.scale:.6g}")
        previous, x = t, found
        yield x
        if x[-1] > stop:
            return
        if x[-1] > best * (1 + 1e-9):
            best, since = float(x[-1]), 0
        else:
            since += 1
            if since > 100:  # floating point no longer moves λ: the limit is as close as it gets
                return
        step *= max_accel
    raise SolverError(f"logit path following took more than {max_steps} steps")


def _at_lambda(system: LogitSystem, before: Array, after: Array, lam: float) -> Array:
    """The branch's point at scaled precision ``lam``, between two traced points."""
    w = (lam - before[-1]) / (after[-1] - before[-1])
    y = before[:-1] + w * (after[:-1] - before[:-1])
    tol = _tolerance(np.append(y, lam))
    for _ in range(50):
        F, J = system.jacobian(y, lam)
        if float(np.abs(F).max()) < tol:
            break
        y = y + np.linalg.solve(J[:, :-1], -F)
    result: Array = y
    return result


def branch(game: Game, lam_max: float | None = None) -> Iterator[BranchPoint]:
    """The principal branch as :class:`BranchPoint` s, from ``λ = 0`` up.

    Stops after ``λ`` passes ``lam_max`` (game payoffs), or when the profile's agent
    regret falls below :data:`DEFAULT_REGRET` of the payoff range.
    """
    system = LogitSystem(game)
    stop = MAX_LAMBDA if lam_max is None else lam_max * system.scale
    for x in _trace(system, stop):
        yield system.point(x[:-1], float(x[-1]))
        if lam_max is None and system.regret(x[:-1]) < DEFAULT_REGRET:
            return


def logit_point(game: Game, lam: float | None = None, regret: float = DEFAULT_REGRET) -> tuple[BranchPoint, float, int]:
    """The branch's point at ``lam`` (first crossing), or its limit when ``lam`` is None.

    Returns the point, its agent regret (as a share of the payoff range) and the
    number of path-following steps taken.
    """
    system = LogitSystem(game)
    if lam is not None and lam < 0:
        raise SolverError(f"--lambda must be at least 0, not {lam}")
    target = None if lam is None else lam * system.scale
    stop = MAX_LAMBDA if target is None else target
    steps, before = 0, None
    x = np.append(system.centroid(), 0.0)
    if target == 0:
        return system.point(x[:-1], 0.0), system.regret(x[:-1]), 0
    for x in _trace(system, stop):
        steps += 1
        if target is not None and x[-1] >= target and before is not None:
            y = _at_lambda(system, before, x, target)
            return system.point(y, target), system.regret(y), steps
        if target is None and system.regret(x[:-1]) < regret:
            break
        before = x
    if target is not None:
        raise SolverError(f"the principal branch could not be followed to lambda = {lam}")
    return system.point(x[:-1], float(x[-1])), system.regret(x[:-1]), steps


# ---------------------------------------------------------------------- the Solution
def _profile(game: Game, system_sets: list[int], point: BranchPoint) -> Profile:
    probs: dict[int, list[Fraction]] = {}
    for h, dist in zip(system_sets, point.probs):
        exact = [Fraction(repr(float(x))) for x in dist]
        big = max(range(len(exact)), key=lambda a: exact[a])
        exact[big] = Fraction(1) - sum((x for a, x in enumerate(exact) if a != big), Fraction(0))
        if exact[big] < 0:
            exact = [Fraction(1 if a == big else 0) for a in range(len(exact))]
        probs[h] = exact
    return Profile.from_probs(game, probs)


def solve(game: Game, lam: float | None = None) -> Solution:
    """The agent logit QRE at precision ``lam``, or the principal branch's limit.

    Parameters
    ----------
    game : Game
        A game with numeric payoffs and perfect recall.
    lam : float, optional
        The precision on the game's own payoffs.  Without it, the branch is followed
        until the agent regret is below :data:`DEFAULT_REGRET` of the payoff range,
        an approximation of the sequential equilibrium the branch converges to.

    Returns
    -------
    Solution
        One assessment, ``exact`` and ``complete`` false; its ``extra`` holds
        ``lambda`` and ``regret``.
    """
    require_solvable(game, "the logit quantal response equilibrium")
    system = LogitSystem(game)
    point, regret, steps = logit_point(game, lam)
    profile = _profile(game, system.sets, point)
    beliefs = {h: b for h, b in bayes_beliefs(profile).items() if b is not None and len(game.infosets[h].nodes) > 1}
    extra: dict[str, Any] = {"lambda": repr(point.lam), "regret": repr(regret * system.scale)}
    eq = Assessment(profile, beliefs, node_values(profile)[0], extra=extra)
    if lam is None:
        notes: tuple[str, ...] = (
            f"limit of the principal logit branch, approximated at lambda = {point.lam:.6g} "
            f"({steps} path-following steps): a sequential equilibrium up to a regret of {regret * system.scale:.3g}",
            "floats: one equilibrium, the one the principal branch selects; others are not searched for",
        )
    else:
        notes = (f"agent logit QRE at lambda = {lam:g} on the principal branch ({steps} path-following steps)",)
    return Solution(game=game, concept="qre", method="logit-path-following", exact=False, complete=False, equilibria=(eq,), notes=notes)


def format_text(solution: Solution, digits: int = 6) -> str:
    """A float solution as readable text (decimals with ``digits`` significant digits)."""
    g = solution.game
    lines = [f"{g.title or 'game'}: {solution.concept} ({solution.method}; floats)"]
    for eq in solution.equilibria:
        pays = ", ".join(f"{name} {float(as_fraction(x)):.{digits}g}" for name, x in zip(g.players, eq.payoffs))
        lines.append(f"payoffs: {pays}")
        for i, name in enumerate(g.players):
            for h in g.infosets_of(i):
                dist = ", ".join(f"{a} {float(x):.{digits}g}" for a, x in zip(h.actions, eq.behavior.probs[h.index]))
                lines.append(f"    {name}  {g.infoset_name(h)}: {dist}")
        for h_index, belief in sorted(eq.beliefs.items()):
            shown = ", ".join(f"{g.node_name(v)} {float(x):.{digits}g}" for v, x in zip(g.infosets[h_index].nodes, belief))
            lines.append(f"    belief at {g.infoset_name(h_index)}: {shown}")
    lines.extend(f"note: {n}" for n in solution.notes)
    return "\n".join(lines)
