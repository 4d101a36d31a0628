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
Exact integers only.  The payoffs are scaled to integers; every tableau row is an
integer vector (a row and any positive multiple of it describe the same equation),
stored sparsely (sequence-form tableaux stay a few per cent full), divided by the gcd
of its entries after each update; a pivot touches only the rows with a non-zero
entry in the pivot column.  The result is checked on the tree
(:func:`gametoolkit.evaluate.profiles.is_nash`) before it is returned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from ..core.game import Game
from ..errors import LimitError, SolverError
from ..forms.sequence_form import SequenceForm, sequence_form
from ..solution import Solution
from .nash_assessment import OFF_PATH_NOTE, nash_assessment

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_MAX_PIVOTS", "Tableau", "follow_complementary_path", "lemke_plans", "solve"]

#: The default limit on the number of complementary pivots.
DEFAULT_MAX_PIVOTS = 1_000_000

#: The default limit on the tableau's non-zero entries (each an exact integer: about
#: 100 bytes or more), so that fill-in on a large game stops at a few hundred MB.
DEFAULT_MAX_ENTRIES = 3_000_000


def _scaled(values: dict[tuple[int, ...], Fraction]) -> dict[tuple[int, ...], int]:
    """The non-zero values times the lcm of their denominators (a positive scale)."""
    den = 1
    for x in values.values():
        den = math.lcm(den, x.denominator)
    return {k: int(x * den) for k, x in values.items() if x}


class Tableau:
    """Sparse rows of integers, one equation each, with the basic variable of every row.

    A row maps columns to its non-zero coefficients.  The basic variable's
    coefficient in its row is positive and its column is zero in every other row.
    ``lex`` lists the columns compared, after the right-hand side, in the
    lexicographic ratio test (the columns of the basis inverse).
    """

    def __init__(
        self, rows: list[dict[int, int]], basic: list[int], rhs: int, lex: list[int], max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        self.rows = rows
        self.entries = sum(len(row) for row in rows)
        self.max_entries = max_entries
        self.basic = basic
        self.rhs = rhs
        self.lex = lex
        self.lex_position = {col: k for k, col in enumerate(lex)}
        self.row_of = {v: i for i, v in enumerate(basic)}
        self.pivots = 0

    def pivot(self, r: int, c: int) -> int:
        """Make variable ``c`` basic in row ``r``; returns the variable that left."""
        prow = self.rows[r]
        a = prow.get(c, 0)
        if a == 0:
            raise SolverError("internal error in Lemke's algorithm: zero pivot element")
        g = math.gcd(*prow.values())
        if a < 0:
            g = -g
        if g != 1:
            prow = {k: x // g for k, x in prow.items()}
            self.rows[r] = prow
        a = prow[c]
        for i, row in enumerate(self.rows):
            b = row.get(c)
            if b is None or i == r:
                continue
            new = {k: x * a for k, x in row.items()} if a != 1 else dict(row)
            for k, y in prow.items():
                x = new.get(k, 0) - b * y
                if x:
                    new[k] = x
                else:
                    new.pop(k, None)
            g = math.gcd(*new.values())
            if g > 1:
                new = {k: x // g for k, x in new.items()}
            self.entries += len(new) - len(row)
            self.rows[i] = new
            if self.entries > self.max_entries:
                raise LimitError(
                    f"Lemke's tableau grew past {self.max_entries:,} non-zero entries after {self.pivots} pivots "
                    f"({len(self.rows)} rows): the game is too large for exact pivoting within the limit; "
                    "raise it with max_entries=... (CLI: --max-entries)"
                )
        left = self.basic[r]
        del self.row_of[left]
        self.basic[r] = c
        self.row_of[c] = r
        self.pivots += 1
        return left

    def key_less(self, i: int, ci: int, j: int, cj: int) -> bool:
        """Is row ``i``'s lexicographic vector over ``ci`` below row ``j``'s over ``cj``?

        Both divisors are positive.  Only columns non-zero in one of the rows can
        differ, so only those are compared, in lexicographic order.
        """
        ri, rj = self.rows[i], self.rows[j]
        left = ri.get(self.rhs, 0) * cj
        right = rj.get(self.rhs, 0) * ci
        if left != right:
            return left < right
        position = self.lex_position
        cols = [k for k in ri if k in position]
        cols.extend(k for k in rj if k in position and k not in ri)
        cols.sort(key=position.__getitem__)
        for col in cols:
            left = ri.get(col, 0) * cj
            right = rj.get(col, 0) * ci
            if left != right:
                return left < right
        return False

    def lex_negative(self, i: int) -> bool:
        row = self.rows[i]
        x = row.get(self.rhs, 0)
        if x:
            return x < 0
        position = self.lex_position
        cols = sorted((k for k in row if k in position), key=position.__getitem__)
        return bool(cols) and row[cols[0]] < 0

    def ratio_test(self, c: int, candidates: Sequence[int]) -> int:
        """The row leaving when ``c`` enters (lexicographic minimum ratio); ``-1`` if none."""
        best = -1
        best_a = 0
        for i in candidates:
            a = self.rows[i].get(c, 0)
            if a <= 0:
                continue
            if best < 0 or self.key_less(i, a, best, best_a):
                best, best_a = i, a
        return best

    def value(self, v: int) -> Fraction:
        """The current value of variable ``v`` (zero when non-basic)."""
        i = self.row_of.get(v)
        if i is None:
            return Fraction(0)
        row = self.rows[i]
        return Fraction(row.get(self.rhs, 0), row[v])


def lemke_plans(
    form: SequenceForm, max_pivots: int = DEFAULT_MAX_PIVOTS, max_entries: int = DEFAULT_MAX_ENTRIES
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...], int]:
    """Equilibrium realization plans ``(x, y)`` of a two-player sequence form, and the pivot count."""
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
    tab = Tableau(rows, basic, rhs, lex, max_entries)

    # the starting basis: x̄ and ȳ into the constraint rows, p and q into their u and v rows
    for h in range(k1):
        tab.pivot(n1 + n2 + h, x0 + start1[h])
    for h in range(k2):
        tab.pivot(n1 + n2 + k1 + h, y0 + start2[h])
    for h in reversed(range(k1)):  # deepest sets first keeps every pivot element non-zero
        tab.pivot(tab.row_of[u0 + start1[h]], p0 + h)
    for h in reversed(range(k2)):
        tab.pivot(tab.row_of[v0 + start2[h]], q0 + h)

    follow_complementary_path(tab, u0, p0, z, max_pivots)
    plan_x = tuple(tab.value(x0 + s) for s in range(n1))
    plan_y = tuple(tab.value(y0 + t) for t in range(n2))
    return plan_x, plan_y, tab.pivots


def follow_complementary_path(
    tab: Tableau, u0: int, p0: int, z: int, max_pivots: int, name: str = "Lemke's algorithm"
) -> None:
    """Bring the artificial ``z0`` (column ``z``) in and follow the complementary path until it leaves.

    The kernel of every Lemke variant here (:func:`lemke_plans`, and the perturbed
    one of :mod:`.quasi_perfect`): columns below ``u0`` are the plans, whose
    complements are ``column + u0``; columns ``p0`` to ``z`` are free (never leave by
    the ratio test).  ``z0`` enters at the least value making every row
    lexicographically non-negative; then each leaving variable's complement enters.

    Raises
    ------
    LimitError
        After ``max_pivots`` pivots, naming the option.
    SolverError
        When the starting plans are infeasible or the path ends on a ray (a bug).
    """

    def complement(v: int) -> int:
        return v + u0 if v < u0 else v - u0

    free = set(range(p0, z))
    candidates = [i for i, v in enumerate(tab.basic) if v not in free]
    for i in candidates:
        if tab.basic[i] < u0 and tab.lex_negative(i):
            raise SolverError(f"internal error in {name}: the starting plans are not feasible")
    leaving = -1
    for i in candidates:
        if not tab.lex_negative(i):
            continue
        c = tab.rows[i].get(z, 0)
        if c >= 0:
            raise SolverError(f"internal error in {name}: an infeasible row is not covered")
        # the row needing the largest z0: lexicographically largest -row / |c|
        # (-row_i / |c_i| above -row_j / |c_j| is row_i / |c_i| below row_j / |c_j|)
        if leaving < 0 or tab.key_less(i, -c, leaving, -tab.rows[leaving][z]):
            leaving = i
    if leaving < 0:
        return
    entering = complement(tab.pivot(leaving, z))
    while True:
        if tab.pivots > max_pivots:
            raise LimitError(f"{name} made {max_pivots:,} pivots without finishing; raise max_pivots=... (CLI: --max-pivots)")
        candidates = [i for i, v in enumerate(tab.basic) if v not in free]
        r = tab.ratio_test(entering, candidates)
        if r < 0:
            raise SolverError(f"internal error in {name}: the path ended on a ray")
        left = tab.pivot(r, entering)
        if left == z:
            return
        entering = complement(left)


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
