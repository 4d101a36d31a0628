"""One Nash equilibrium of a two-player game: Lemke's algorithm on the sequence form.

Koller, Megiddo and von Stengel (1996, *Games Econ. Behav.* 14:247-259); von Stengel,
van den Elzen and Talman (2002, *Econometrica* 70:693-715) for the starting point.
Sizes stay linear in the game tree: no strategic form is built.

The problem
-----------
With the sequence form (:mod:`gametoolkit.forms.sequence_form`), realization plans ``x``,
``y`` (``Ex = e``, ``Fy = f``, ``x, y ≥ 0``) and payoff matrices ``A``, ``B``, the pair is a
Nash equilibrium exactly when, for some free vectors ``p``, ``q`` (one entry per
constraint row: the value of each information set),

    u = Eᵀp - Ay ≥ 0,   v = Fᵀq - Bᵀx ≥ 0,   xᵀu = 0,   yᵀv = 0,

i.e. ``x`` is a best response to ``y`` (``p`` solves the dual of the player's linear
program) and ``y`` to ``x``.  This is a linear complementarity problem with the pairs
``(x_s, u_s)`` and ``(y_t, v_t)``, free variables ``p``, ``q`` and the equations
``Ex = e``, ``Fy = f``.

The path
--------
A pure starting pair ``x̄``, ``ȳ`` (the first action at every information set, excluded
sets included) and an extra variable ``z0`` penalise every other sequence:

    u = Eᵀp - Ay + α z0,   v = Fᵀq - Bᵀx + β z0,

with ``α_s = 1`` for the sequences not in ``x̄``'s choice and ``0`` for those in it
(``β`` likewise).  This is the game in which each player loses ``z0`` for every unit of
probability put on a move other than the starting one.  For ``z0`` large enough the
only equilibrium is ``(x̄, ȳ)``; the basis with ``x̄``'s and ``ȳ``'s sequences, all ``p``
and ``q``, and the other slacks is built directly, and ``z0`` enters at the smallest
value that keeps it feasible.  Then complementary pivoting (the variable entering is
the complement of the one that just left) follows the equilibria of the penalised
game as ``z0`` changes, until ``z0`` leaves the basis: at ``z0 = 0`` the game is the
original one.

Every point on the path is an equilibrium of a penalised game and realization plans
are bounded, so the path cannot end on a ray other than the one it starts from, and
it cannot cycle: degeneracy is resolved lexicographically (the right-hand side is
perturbed by ``(ε, ε², ...)``, and ties in the ratio test are broken by the rows of
the basis inverse).  ``p`` and ``q`` stay basic throughout (they are free) and never
take part in the ratio test.

Arithmetic
----------
Exact.  The payoffs are scaled to integers and the tableau's rows are integer vectors
(a row and any positive multiple of it describe the same equation), divided by their
gcd after each update; a pivot touches only the rows with a non-zero entry in the
pivot column (:mod:`gametoolkit.algebra.pivoting`: pure-Python sparse rows, or
python-flint's integers in C).  On large games (Leduc hold'em) a floating-point copy
of the tableau picks the pivots instead and the final basis is solved and checked
exactly (:func:`follow_complementary_path`).  The result is checked on the tree
(:func:`gametoolkit.evaluate.profiles.is_nash`) before it is returned.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..algebra.pivoting import (
    DEFAULT_MAX_ENTRIES,
    KERNELS,
    BasicSolution,
    FlintTableau,
    FloatTableau,
    FractionTableau,
    GuideLost,
    Kernel,
    SparseTableau,
    certify_basis,
    flint_available,
)
from ..core.game import Game
from ..errors import LimitError, SolverError
from ..forms.sequence_form import SequenceForm, sequence_form
from ..solution import Solution
from .nash_assessment import OFF_PATH_NOTE, nash_assessment

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_MAX_PIVOTS", "follow_complementary_path", "lemke_plans", "solve"]

#: The default limit on the number of complementary pivots.
DEFAULT_MAX_PIVOTS = 1_000_000


def _scaled(values: dict[tuple[int, ...], Fraction]) -> dict[tuple[int, ...], int]:
    """The non-zero values times the lcm of their denominators (a positive scale)."""
    den = 1
    for x in values.values():
        den = math.lcm(den, x.denominator)
    return {k: int(x * den) for k, x in values.items() if x}


def lemke_plans(
    form: SequenceForm,
    max_pivots: int = DEFAULT_MAX_PIVOTS,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    kernel: Kernel = "auto",
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...], int]:
    """Equilibrium realization plans ``(x, y)`` of a two-player sequence form, and the pivot count.

    ``kernel`` chooses the arithmetic (:func:`gametoolkit.solvers.lemke.follow_complementary_path`);
    every kernel gives the same answer.
    """
    game = form.game
    if game.num_players != 2:
        raise SolverError(f"Lemke's algorithm is for two players; this game has {game.num_players}")
    n1, n2 = form.sizes
    pay_a = _scaled({key: pay[0] for key, pay in form.payoffs.items()})
    pay_b = _scaled({key: pay[1] for key, pay in form.payoffs.items()})
    e = form.constraint_matrix(0)
    f = form.constraint_matrix(1)
    k1, k2 = len(e), len(f)
    # the starting choice: first action everywhere; its sequences per constraint row
    start1 = [0] + [form.first_sequence(0, h) for h in form.infosets[0]]
    start2 = [0] + [form.first_sequence(1, h) for h in form.infosets[1]]
    in1, in2 = set(start1), set(start2)
    # columns
    x0, y0 = 0, n1
    u0 = n1 + n2
    v0 = u0 + n1
    p0 = v0 + n2
    q0 = p0 + k1
    z = q0 + k2
    art0 = z + 1
    rhs = art0 + k1 + k2
    # rows: u_s - (E^T p)_s + (A y)_s - alpha_s z0 = 0, then v_t - (F^T q)_t + (B^T x)_t - beta_t z0 = 0,
    # then (E x)_h = e_h and (F y)_h = f_h
    rows: list[dict[int, int]] = [{u0 + s: 1} for s in range(n1)] + [{v0 + t: 1} for t in range(n2)]
    for (s, t), x in pay_a.items():
        rows[s][y0 + t] = x
    for (s, t), x in pay_b.items():
        rows[n1 + t][x0 + s] = x
    for h, row in enumerate(e):
        for s, x in enumerate(row):
            if x:
                rows[s][p0 + h] = -x
    for h, row in enumerate(f):
        for t, x in enumerate(row):
            if x:
                rows[n1 + t][q0 + h] = -x
    for s in range(n1):
        if s not in in1:
            rows[s][z] = -1
    for t in range(n2):
        if t not in in2:
            rows[n1 + t][z] = -1
    for h, row in enumerate(e):
        rows.append({x0 + s: x for s, x in enumerate(row) if x} | {art0 + h: 1})
    for h, row in enumerate(f):
        rows.append({y0 + t: x for t, x in enumerate(row) if x} | {art0 + k1 + h: 1})
    rows[n1 + n2][rhs] = 1
    rows[n1 + n2 + k1][rhs] = 1
    basic = [u0 + s for s in range(n1)] + [v0 + t for t in range(n2)] + [art0 + h for h in range(k1 + k2)]
    lex = list(range(art0, art0 + k1 + k2)) + list(range(u0, u0 + n1 + n2))
    tab = SparseTableau(rows, basic, rhs, lex, max_entries)

    # the starting basis: x̄ and ȳ into the constraint rows, p and q into their u and v rows
    for h in range(k1):
        tab.pivot(n1 + n2 + h, x0 + start1[h])
    for h in range(k2):
        tab.pivot(n1 + n2 + k1 + h, y0 + start2[h])
    for h in reversed(range(k1)):  # deepest sets first keeps every pivot element non-zero
        tab.pivot(tab.row_of[u0 + start1[h]], p0 + h)
    for h in reversed(range(k2)):
        tab.pivot(tab.row_of[v0 + start2[h]], q0 + h)

    end = follow_complementary_path(tab, u0, p0, z, max_pivots, kernel=kernel)
    plan_x = tuple(end.value(x0 + s) for s in range(n1))
    plan_y = tuple(end.value(y0 + t) for t in range(n2))
    return plan_x, plan_y, end.pivots


def follow_complementary_path(
    tab: SparseTableau,
    u0: int,
    p0: int,
    z: int,
    max_pivots: int,
    name: str = "Lemke's algorithm",
    kernel: Kernel = "auto",
    rhs_columns: int = 1,
) -> SparseTableau | FlintTableau | BasicSolution:
    """Bring the artificial ``z0`` (column ``z``) in and follow the complementary path until it leaves.

    The kernel of every Lemke variant here (:func:`lemke_plans`, and the perturbed
    one of :mod:`.quasi_perfect`): columns below ``u0`` are the plans, whose
    complements are ``column + u0``; columns ``p0`` to ``z`` are free (never leave by
    the ratio test; their rows are dropped first, as nothing needs them).  ``z0``
    enters at the least value making every row lexicographically non-negative; then
    each leaving variable's complement enters.  The first ``rhs_columns`` columns of
    the key (``tab.rhs`` on) are right-hand sides (a perturbation's coefficients).

    The arithmetic (``kernel``; every choice gives the same answer):

    * ``python``, ``flint``, ``fraction``: exact pivoting all along
      (:class:`~gametoolkit.algebra.pivoting.SparseTableau`,
      :class:`~gametoolkit.algebra.pivoting.FlintTableau`, and the reference
      :class:`~gametoolkit.algebra.pivoting.FractionTableau`);
    * ``guided`` (and ``auto`` when the dense tableau has more than
      :data:`GUIDE_ABOVE` entries), when python-flint is installed and the dense rows
      fit within the entry limit: a floating-point tableau
      (:class:`~gametoolkit.algebra.pivoting.FloatTableau`) picks the pivots, with the
      same lexicographic rule, and the basis where ``z0`` leaves is then solved exactly
      and checked (every basic variable lexicographically non-negative, ``z0``
      non-basic: an exact solution of the problem); if the guide cannot tell a value
      from zero or the check fails, the exact path runs from the start.  The guide
      takes the exact path's pivots unless two key values closer than ``1e-11`` of
      their rows' size are taken for equal (then the answer is another exact
      solution, still checked).
    * ``auto`` otherwise, and ``guided`` when its guide gives up: as ``flint`` when the
      dense rows fit and are more than :data:`GUIDE_ABOVE`, else ``python`` (faster on
      small tableaux: FLINT's dense rows cost more than they save there).

    Returns what to read the values from (``row_of``, ``value``, ``pivots``).

    Raises
    ------
    LimitError
        After ``max_pivots`` pivots, naming the option.
    SolverError
        When the starting plans are infeasible or the path ends on a ray (a bug).
    """
    free = set(range(p0, z))
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {', '.join(KERNELS)}, not {kernel!r}")
    if any(v in free for v in tab.basic):
        tab.drop_rows(free)
    columns = 1 + max([tab.rhs, *tab.lex, *(k for row in tab.rows for k in row)])
    dense = len(tab.rows) * columns
    dense_fits = flint_available() and dense <= tab.max_entries
    if dense_fits and (kernel == "guided" or (kernel == "auto" and dense > GUIDE_ABOVE)):
        solved = _guided_path(tab, u0, z, max_pivots, name, rhs_columns)
        if solved is not None:
            return solved
    exact: SparseTableau | FlintTableau = tab
    if kernel == "fraction":
        exact = FractionTableau(tab)
    elif kernel == "flint" or (kernel in ("auto", "guided") and dense_fits and dense > GUIDE_ABOVE):
        exact = FlintTableau.from_sparse(tab)
    _exact_path(exact, u0, z, max_pivots, name)
    return exact


#: ``auto`` guides the path in floating point when the dense tableau has more entries
#: than this (Leduc hold'em: about 1.1 million); below, exact pivoting takes well under
#: a second and is kept.
GUIDE_ABOVE = 200_000


def _complement(v: int, u0: int) -> int:
    return v + u0 if v < u0 else v - u0


def _pivot_limit(name: str, max_pivots: int) -> LimitError:
    return LimitError(f"{name} made {max_pivots:,} pivots without finishing; raise max_pivots=... (CLI: --max-pivots)")


def _exact_path(tab: SparseTableau | FlintTableau, u0: int, z: int, max_pivots: int, name: str) -> None:
    candidates = range(len(tab.basic))
    for i in candidates:
        if tab.basic[i] < u0 and tab.lex_negative(i):
            raise SolverError(f"internal error in {name}: the starting plans are not feasible")
    leaving = -1
    for i in candidates:
        if not tab.lex_negative(i):
            continue
        c = tab.entry(i, z)
        if c >= 0:
            raise SolverError(f"internal error in {name}: an infeasible row is not covered")
        # the row needing the largest z0: lexicographically largest -row / |c|
        # (-row_i / |c_i| above -row_j / |c_j| is row_i / |c_i| below row_j / |c_j|)
        if leaving < 0 or tab.key_less(i, -c, leaving, -tab.entry(leaving, z)):
            leaving = i
    if leaving < 0:
        return
    entering = _complement(tab.pivot(leaving, z), u0)
    while True:
        if tab.pivots > max_pivots:
            raise _pivot_limit(name, max_pivots)
        r = tab.ratio_test(entering, candidates)
        if r < 0:
            raise SolverError(f"internal error in {name}: the path ended on a ray")
        left = tab.pivot(r, entering)
        if left == z:
            return
        entering = _complement(left, u0)


def _guided_path(
    tab: SparseTableau, u0: int, z: int, max_pivots: int, name: str, rhs_columns: int
) -> BasicSolution | None:
    """The path in floating point, its last basis solved and checked exactly; ``None`` if either fails."""
    try:
        guide = FloatTableau(tab)
        negative = guide.lex_negative_rows()
        if negative:
            covers = -guide.column(z)[negative]
            if not set(negative) <= set(guide.negative_rows(z)):
                return None
            entering = _complement(guide.pivot(guide.lex_min(negative, covers), z), u0)
            while True:
                if guide.pivots > max_pivots:
                    raise _pivot_limit(name, max_pivots)
                left = guide.pivot(guide.ratio_test(entering), entering)
                if left == z:
                    break
                entering = _complement(left, u0)
    except (GuideLost, ArithmeticError, ValueError):  # numpy's LinAlgError is a ValueError
        return None
    return certify_basis(tab, guide.basic, [tab.rhs + k for k in range(rhs_columns)], guide.pivots)


def solve(game: Game, max_pivots: int = DEFAULT_MAX_PIVOTS, max_entries: int = DEFAULT_MAX_ENTRIES) -> Solution:
    """One Nash equilibrium of a two-player ``game`` (numeric, perfect recall), exactly.

    Raises :class:`~gametoolkit.errors.LimitError` when the path takes more than
    ``max_pivots`` pivots or the tableau more than ``max_entries`` non-zero entries.
    """
    form = sequence_form(game)
    x, y, pivots = lemke_plans(form, max_pivots=max_pivots, max_entries=max_entries)
    profile = form.behavior([x, y])
    equilibrium = nash_assessment(profile)
    return Solution(
        game=game,
        concept="nash",
        method="lemke-sequence-form",
        exact=True,
        complete=False,
        equilibria=(equilibrium,),
        notes=(
            f"sequence form: {form.sizes[0]} x {form.sizes[1]} sequences; {pivots} pivots",
            "Lemke's algorithm finds one equilibrium; others may exist",
            OFF_PATH_NOTE,
        ),
    )
