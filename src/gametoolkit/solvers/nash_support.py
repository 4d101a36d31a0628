"""Mixed Nash equilibria of games with any number of players, exactly: support enumeration.

On the reduced strategic form (:mod:`gametoolkit.forms.strategic`), for every profile
of supports ``S_1, ..., S_n`` (non-empty sets of plans), an equilibrium with exactly
these supports solves the *indifference system*: with ``σ_i`` a distribution on
``S_i`` (one probability per plan but the first, which is one minus the others),
every plan of ``S_i`` earns player ``i`` the same expected payoff,

    U_i(s, σ_{-i}) = U_i(s_0, σ_{-i})   for s in S_i,

a system of ``Σ(|S_i| - 1)`` polynomial equations (multilinear) in as many unknowns
(McKelvey and McLennan 1996, *Handbook of Computational Economics* 1, §4.2; Gambit's
``enumpoly``).  Its real solutions are found exactly
(:func:`gametoolkit.algebra.polysolve.real_solutions`: Gröbner basis, shape lemma,
exact real-root isolation) and kept when every probability is positive and no plan
outside ``S_i`` earns more.  Every equilibrium has exactly one support profile (the
plans it plays with positive probability), so when every system is solved the list
is complete.  A system with infinitely many complex solutions (positive-dimensional:
games with ties), one the method cannot put in shape, or one that runs out of time is
not enumerated: then ``complete`` is false and the notes name the supports.

Each equilibrium is proved twice in exact algebraic arithmetic: the strategic
conditions above (signs of algebraic numbers decided exactly, see
:func:`gametoolkit.algebra.polysolve.sign`), and each player's regret on the tree
(:func:`gametoolkit.evaluate.profiles.strategic_regrets`), which must be exactly zero.
Probabilities are sympy algebraic numbers: rationals, ``sqrt(2)/2`` or
``CRootOf(x**5 - x - 1, 0)``.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game
from ..errors import LimitError, SolverError
from ..evaluate.profiles import Profile, bayes_beliefs, reach, strategic_regrets
from ..forms.strategic import DEFAULT_MAX_CELLS, StrategicForm, strategic_form
from ..solution import Assessment, Solution
from .common import TimeUp, time_limit

__all__ = ["DEFAULT_MAX_SUPPORTS", "DEFAULT_SYSTEM_SECONDS", "DEFAULT_TOTAL_SECONDS", "count_support_profiles", "solve"]

#: The default limit on the number of support profiles.
DEFAULT_MAX_SUPPORTS = 20_000

#: The time one indifference system may take before it is left unsolved.
DEFAULT_SYSTEM_SECONDS = 10.0

#: The time all indifference systems together may take.
DEFAULT_TOTAL_SECONDS = 30.0


def _subsets(m: int) -> list[tuple[int, ...]]:
    return [c for size in range(1, m + 1) for c in itertools.combinations(range(m), size)]


def _support_profiles(shape: Sequence[int]) -> Iterator[tuple[tuple[int, ...], ...]]:
    return itertools.product(*(_subsets(m) for m in shape))


def _expected(form: StrategicForm, player: int, plan: int, sigma: Sequence[dict[int, Any]], supports: Sequence[Sequence[int]]) -> Any:
    """``U_player(plan, σ_{-player})`` as a sympy expression (the others on their supports)."""
    import sympy

    others = [supports[j] if j != player else (plan,) for j in range(len(supports))]
    total: Any = sympy.Integer(0)
    for cell in itertools.product(*others):
        pay = form.payoff(cell)[player]
        if not pay:
            continue
        term: Any = sympy.Rational(pay.numerator, pay.denominator)
        for j, k in enumerate(cell):
            if j != player:
                term *= sigma[j][k]
        total += term
    return sympy.expand(total)


def _solve_support(
    form: StrategicForm, supports: tuple[tuple[int, ...], ...], seconds: float
) -> tuple[str, list[list[dict[int, Any]]]]:
    """Status and equilibria (mixed strategies as ``{plan: probability}``) with these supports."""
    import sympy

    from ..algebra.polysolve import real_solutions, sign

    symbols: list[dict[int, Any]] = []
    unknowns: list[Any] = []
    for i, s in enumerate(supports):
        own = {k: sympy.Symbol(f"s{i}_{k}") for k in s[1:]}
        unknowns.extend(own.values())
        first = 1 - sum(own.values(), sympy.Integer(0))
        symbols.append({s[0]: first, **own})
    equations: list[Any] = []
    for i, s in enumerate(supports):
        base = _expected(form, i, s[0], symbols, supports)
        equations.extend(_expected(form, i, k, symbols, supports) - base for k in s[1:])
    try:
        with time_limit(seconds):
            found = real_solutions(equations, unknowns)
    except TimeUp:
        return "timed out", []
    if found.status != "finite":
        return found.status, []
    out = []
    for solution in found.solutions:
        sigma = [{k: sympy.expand(p.subs(solution)) for k, p in sym.items()} for sym in symbols]
        if any(sign(p) <= 0 for mix in sigma for p in mix.values()):
            continue
        if _no_better_plan(form, sigma, supports, sign):
            out.append(sigma)
    return "finite", out


def _no_better_plan(form: StrategicForm, sigma: list[dict[int, Any]], supports: Sequence[Sequence[int]], sign: Any) -> bool:
    """Does no plan outside a player's support earn more than the support (exactly)?"""
    for i, s in enumerate(supports):
        base = _expected(form, i, s[0], sigma, supports)
        for k in range(form.shape[i]):
            if k not in s and sign(_expected(form, i, k, sigma, supports) - base) > 0:
                return False
    return True


def _behavior(form: StrategicForm, sigma: list[dict[int, Any]]) -> Profile:
    """The behavior profile of algebraic mixed strategies (first action where a player's own plan excludes a set)."""
    import sympy

    from ..algebra.polysolve import canonical_algebraic, is_zero

    game = form.game
    sf = form.sequence_form
    probs: list[tuple[Any, ...]] = []
    plans = [form.realization_plan(i, [mix.get(k, 0) for k in range(form.shape[i])]) for i, mix in enumerate(sigma)]
    for h in game.infosets:
        if h.player == CHANCE:
            probs.append(tuple(game.chance_probs(h.index)))
            continue
        i = h.player
        index = {s: k for k, s in enumerate(sf.sequences[i])}
        mass = plans[i][sf.parent[i][h.index]]
        if is_zero(mass):
            probs.append(tuple(Fraction(int(a == 0)) for a in range(len(h.actions))))
            continue
        head = [canonical_algebraic(plans[i][index[(h.index, a)]] / mass) for a in range(len(h.actions) - 1)]
        probs.append((*head, sympy.expand(1 - sum(head, sympy.Integer(0)))))
    return Profile(game, tuple(probs))


def _assessment(profile: Profile) -> Assessment:
    """Checked on the tree (regret exactly zero), with payoffs and Bayes beliefs where reached."""
    from ..algebra.polysolve import canonical_algebraic, is_zero
    from ..evaluate.profiles import node_values

    regrets = strategic_regrets(profile)
    if not all(is_zero(r) for r in regrets):
        raise SolverError("internal check failed: an algebraic profile is not a Nash equilibrium; please report this")
    game = profile.game
    beliefs: dict[int, tuple[Any, ...]] = {}
    bayes = bayes_beliefs(profile, reach(profile))
    for h in game.infosets:
        if h.player == CHANCE or len(h.nodes) < 2:
            continue
        belief = bayes.get(h.index)
        if belief is None:
            belief = tuple(Fraction(1, len(h.nodes)) for _ in h.nodes)
        beliefs[h.index] = tuple(canonical_algebraic(x) for x in belief)
    payoffs = tuple(canonical_algebraic(x) for x in node_values(profile)[0])
    return Assessment(behavior=profile, beliefs=beliefs, payoffs=payoffs)


def count_support_profiles(shape: Sequence[int]) -> int:
    """The number of support profiles of a strategic form of this shape."""
    return math.prod(2**m - 1 for m in shape)


def solve(
    game: Game,
    max_cells: int = DEFAULT_MAX_CELLS,
    max_supports: int = DEFAULT_MAX_SUPPORTS,
    seconds_per_system: float = DEFAULT_SYSTEM_SECONDS,
    max_seconds: float = DEFAULT_TOTAL_SECONDS,
) -> Solution:
    """Every Nash equilibrium of ``game`` with isolated supports, exactly (any number of players).

    Parameters
    ----------
    game : Game
        Numeric, with perfect recall.
    max_cells : int
        The limit on the reduced strategic form's cells.
    max_supports : int
        The limit on the support profiles to examine.
    seconds_per_system : float
        The time each indifference system may take.
    max_seconds : float
        The time all systems together may take; the support profiles not reached are
        named in the notes and ``complete`` is false.

    Returns
    -------
    Solution
        ``complete`` is true when every system was solved; otherwise the notes name the
        support profiles left.

    Raises
    ------
    LimitError
        When there are more than ``max_cells`` cells or ``max_supports`` support profiles.
    """
    form = strategic_form(game, max_cells=max_cells)
    total = count_support_profiles(form.shape)
    if total > max_supports:
        raise LimitError(
            f"support enumeration: the {' x '.join(map(str, form.shape))} strategic form has {total} support "
            f"profiles, over max_supports={max_supports}"
        )
    equilibria: list[Assessment] = []
    left: list[str] = []
    start = time.monotonic()
    skipped = 0
    for supports in _support_profiles(form.shape):
        remaining = max_seconds - (time.monotonic() - start)
        if remaining <= 0:
            skipped += 1
            continue
        status, found = _solve_support(form, supports, min(seconds_per_system, remaining))
        if status != "finite":
            left.append(f"{_support_text(form, supports)} ({status})")
        for sigma in found:
            extra = {"plans": {game.players[i]: {form.plan_label(i, k): str(p) for k, p in mix.items()} for i, mix in enumerate(sigma)}}
            base = _assessment(_behavior(form, sigma))
            equilibria.append(Assessment(base.behavior, base.beliefs, base.payoffs, extra=extra))
    notes = [
        f"support enumeration of the {' x '.join(map(str, form.shape))} reduced strategic form: {total} support "
        "profiles, each indifference system solved exactly (Groebner basis, exact real roots)",
        "every probability is exact: rational, a radical or CRootOf(p, k) (the k-th real root of p); "
        "each equilibrium's regret on the tree is exactly zero",
    ]
    if skipped:
        left.append(f"{skipped} support profile(s) not reached within max_seconds={max_seconds:g}")
    if left:
        shown = "; ".join(left[:10]) + (f"; and {len(left) - 10} more" if len(left) > 10 else "")
        notes.insert(0, f"not proven complete: {len(left)} support profile(s) not enumerated: {shown}")
    notes.append(
        "beliefs off the equilibrium path are uniform (Nash equilibrium does not restrict them); "
        "at sets a player's own plan excludes the first action is reported"
    )
    return Solution(
        game=game,
        concept="nash",
        method="support enumeration (exact polynomial systems)",
        exact=True,
        complete=not left,
        equilibria=tuple(equilibria),
        notes=tuple(notes),
    )


def _support_text(form: StrategicForm, supports: Sequence[Sequence[int]]) -> str:
    parts = []
    for i, s in enumerate(supports):
        parts.append(f"{form.game.players[i]}: {{{', '.join(form.plan_label(i, k) for k in s)}}}")
    return "[" + "; ".join(parts) + "]"
