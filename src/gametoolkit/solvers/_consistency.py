"""Kreps–Wilson consistency of the supporting beliefs of a behavior profile, exactly.

Beliefs ``μ`` are consistent with ``σ`` when they are the limit of Bayes beliefs along
totally mixed profiles converging to ``σ``.  By the curve selection lemma such a
sequence may be taken of the form: every action ``a`` that ``σ`` does not play has
probability ``c_a ε^(k_a)`` (leading term), with ``c_a > 0`` and order ``k_a > 0``.
At a node ``v`` the reach is then ``P(v) C(v) ε^K(v)`` to leading order, where ``P(v)``
is the product of the positive probabilities on its path (chance included), ``C(v)``
that of the ``c_a`` and ``K(v)`` the sum of the ``k_a`` over the unplayed actions on
it.  In the limit, the belief at a set ``h`` is carried by the nodes of least order
``K``, in proportion to ``P(v) C(v)``.  So ``μ`` is consistent exactly when

1. *orders*: some ``k > 0`` makes the support of ``μ_h`` the set of least-order nodes
   of every set ``h`` (a linear feasibility problem in ``k``, solved exactly), and
2. *ratios*: some ``c > 0`` gives the ratios ``μ(v)/μ(u) = P(v)C(v)/(P(u)C(u))`` inside
   every support; in logarithms a linear system in ``log c``, solvable iff the
   right-hand side is orthogonal to the left null space of its matrix, i.e. iff
   ``Π ratio^y = 1`` for an integer basis of ``y``: binomial equations in ``μ``,
   checked in exact rational arithmetic.

Sets reached with positive probability carry Bayes beliefs, which are always
consistent; only unreached sets with two or more nodes are examined.  Each
combination of supports (one per such set) that meets the set's region of supporting
beliefs is a *pattern*; the consistent beliefs are the union over the patterns that
pass (1) of the beliefs on those supports that satisfy the equations of (2).
Whether the equations meet the supporting regions is decided exactly when every
equation links two two-node sets (or fixes one) with exponents ±1 (the odds at one set
a rational multiple of the odds, or inverse odds, at the other), and otherwise by
trying the regions' vertices and centres; a pattern left undecided makes the verdict
undecided (``None``), never a guess.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.game import CHANCE, Game
from ..core.values import format_value
from ..evaluate.beliefs import SetCheck, subgame_roots_of_sets, support_beliefs
from ..evaluate.profiles import Profile, reach
from ._exact_lp import feasible_point

__all__ = ["MAX_PATTERNS", "Consistency", "consistency"]

ZERO = Fraction(0)
ONE = Fraction(1)

#: Refuse (undecided) beyond this many combinations of supports at unreached sets.
MAX_PATTERNS = 4096


@dataclass(frozen=True)
class Consistency:
    """The consistent part of a profile's supporting beliefs.

    ``holds`` is True when some supporting beliefs are consistent, False when none are,
    None when undecided.  ``beliefs`` is one consistent choice at the unreached sets
    with two or more nodes (when ``holds``); ``conditions`` describe the consistent part
    beyond the supporting region (ASCII, all of which must hold; empty when every
    supporting belief is consistent); ``reason`` says why, in words.
    """

    holds: bool | None
    beliefs: dict[int, tuple[Fraction, ...]]
    conditions: tuple[str, ...]
    reason: str


@dataclass
class _SetData:
    index: int
    nodes: tuple[int, ...]
    possible: tuple[bool, ...]  # not cut off by a chance move of probability 0
    zeros: tuple[frozenset[int], ...]  # unplayed actions on each node's path (ids)
    weight: tuple[Fraction, ...]  # product of positive probabilities on each path
    candidates: list[tuple[Fraction, ...]]  # supporting beliefs to try (vertices, centre)
    region: SetCheck


def consistency(profile: Profile, checks: Sequence[SetCheck] | None = None) -> Consistency:
    """Which supporting beliefs of ``profile`` are consistent (Kreps–Wilson 1982).

    Parameters
    ----------
    profile
        A behavior profile of a numeric game with perfect recall.
    checks
        Its supporting beliefs (:func:`gametoolkit.beliefs.support_beliefs`); computed
        when not given.

    Returns
    -------
    Consistency
        The verdict, one consistent belief, and the conditions that describe the
        consistent beliefs.
    """
    g = profile.game
    if checks is None:
        checks = support_beliefs(profile, subgame_roots_of_sets(g))
    by_set = {c.infoset: c for c in checks}
    sets = _unreached_sets(profile, by_set)
    if any(s.region.belief() is None for s in sets):
        return Consistency(False, {}, (), "no supporting belief at some unreached set")
    if not sets:
        return Consistency(True, {}, (), "every information set is reached: the beliefs are Bayes beliefs")
    options = [_supports(s) for s in sets]
    count = math.prod(len(o) for o in options)
    if count > MAX_PATTERNS:
        return Consistency(None, {}, (), f"{count} combinations of supports at unreached sets (limit {MAX_PATTERNS})")
    actions = sorted(set().union(*(z for s in sets for z in s.zeros)))
    column = {a: k for k, a in enumerate(actions)}
    passed: list[tuple[tuple[frozenset[int], ...], list[_Equation], dict[int, tuple[Fraction, ...]]]] = []
    undecided = 0
    failed_orders = 0
    for pattern in itertools.product(*options):
        if not _orders_feasible(sets, pattern, column):
            failed_orders += 1
            continue
        equations = _equations(sets, pattern, column)
        found = _solve_pattern(sets, pattern, equations)
        if found is None:
            undecided += 1
        elif found:
            passed.append((pattern, equations, found))
    if not passed:
        if undecided:
            return Consistency(None, {}, (), "the consistency equations could not be decided exactly")
        return Consistency(False, {}, (), _no_consistent_reason(g, sets))
    preferred = _prefer(passed, sets)
    beliefs = preferred[2]
    if len(passed) == count and all(not eqs for _, eqs, _ in passed):
        return Consistency(True, beliefs, (), "every supporting belief is consistent")
    clauses = [_clause(g, sets, pattern, eqs, options) for pattern, eqs, _ in passed]
    if len(clauses) == 1:
        conditions = tuple(clauses[0])
    else:
        conditions = (" or ".join("(" + " and ".join(c or ["true"]) + ")" for c in clauses),)
    reason = "consistent beliefs exist; they satisfy " + "; ".join(conditions) if conditions else "consistent"
    if undecided:
        reason += f" ({undecided} further combination(s) of supports undecided)"
    return Consistency(True, beliefs, conditions, reason)


# ---------------------------------------------------------------------- structure
def _unreached_sets(profile: Profile, by_set: dict[int, SetCheck]) -> list[_SetData]:
    g = profile.game
    r = reach(profile)
    out = []
    for h in g.infosets:
        if h.player == CHANCE or len(h.nodes) < 2 or any(r[v] > 0 for v in h.nodes):
            continue
        possible, zeros, weight = [], [], []
        for v in h.nodes:
            ok, z, w = _path(profile, v)
            possible.append(ok)
            zeros.append(z)
            weight.append(w)
        check = by_set[h.index]
        if check.bayes is not None:
            candidates = [check.bayes]
        elif check.region is not None:
            candidates = list(check.region.vertices)
        else:
            candidates = []
        out.append(_SetData(h.index, h.nodes, tuple(possible), tuple(zeros), tuple(weight), candidates, check))
    return out


def _path(profile: Profile, v: int) -> tuple[bool, frozenset[int], Fraction]:
    """Whether chance can reach ``v``, the unplayed actions above it, the positive weight."""
    g = profile.game
    zeros: set[int] = set()
    weight = ONE
    u = g.nodes[v]
    while u.parent >= 0:
        parent = g.nodes[u.parent]
        p = profile.probs[parent.infoset][u.action]
        if p > 0:
            weight *= p
        elif parent.kind == "chance":
            return False, frozenset(), ZERO
        else:
            zeros.add(_action_id(g, parent.infoset, u.action))
        u = parent
    return True, frozenset(zeros), weight


def _action_id(g: Game, h: int, a: int) -> int:
    return h * 1_000_000 + a


def _supports(s: _SetData) -> list[frozenset[int]]:
    """Positions ``S`` whose face of the simplex meets the region in its relative interior."""
    out = []
    positions = [k for k, ok in enumerate(s.possible) if ok]
    for size in range(1, len(positions) + 1):
        for subset in itertools.combinations(positions, size):
            inside = [b for b in s.candidates if all(b[k] == 0 for k in range(len(b)) if k not in subset)]
            covered = {k for b in inside for k in range(len(b)) if b[k] > 0}
            if covered == set(subset):
                out.append(frozenset(subset))
    return out


# ---------------------------------------------------------------------- orders
def _orders_feasible(sets: Sequence[_SetData], pattern: Sequence[frozenset[int]], column: dict[int, int]) -> bool:
    """Some orders ``k_a >= 1`` make each support exactly the least-order nodes of its set."""
    n = len(column)
    equalities: list[tuple[list[Fraction], Fraction]] = []
    inequalities: list[tuple[list[Fraction], Fraction]] = []
    for s, support in zip(sets, pattern):
        base = min(support)
        for k, ok in enumerate(s.possible):
            if not ok or k == base:
                continue
            # K(v) - K(u) with k_a = 1 + y_a: row over y, constant |Z(v)| - |Z(u)|
            row = [ZERO] * n
            for a in s.zeros[k]:
                row[column[a]] += 1
            for a in s.zeros[base]:
                row[column[a]] -= 1
            const = Fraction(len(s.zeros[k]) - len(s.zeros[base]))
            if k in support:
                equalities.append((row, -const))
            else:
                inequalities.append(([-x for x in row], const - 1))
    return feasible_point(n, equalities, inequalities) is not None


# ---------------------------------------------------------------------- ratios
@dataclass(frozen=True)
class _Equation:
    """``prod mu(node)^e = constant`` over (set position, node position) keys."""

    exponents: tuple[tuple[tuple[int, int], int], ...]
    constant: Fraction


def _equations(sets: Sequence[_SetData], pattern: Sequence[frozenset[int]], column: dict[int, int]) -> list[_Equation]:
    """The binomial equations ``prod ratio^y = 1`` from the left null space."""
    rows: list[tuple[int, int, int]] = []  # (set position, node, base node)
    matrix: list[list[Fraction]] = []
    for j, (s, support) in enumerate(zip(sets, pattern)):
        base = min(support)
        for k in sorted(support):
            if k == base:
                continue
            row = [ZERO] * len(column)
            for a in s.zeros[k]:
                row[column[a]] += 1
            for a in s.zeros[base]:
                row[column[a]] -= 1
            rows.append((j, k, base))
            matrix.append(row)
    out = []
    for y in _left_null_space(matrix, len(column)):
        exps: dict[tuple[int, int], int] = {}
        constant = ONE
        for (j, k, base), e in zip(rows, y):
            if e == 0:
                continue
            # ratio = mu(k) w(base) / (mu(base) w(k)); prod ratio^e = 1
            exps[(j, k)] = exps.get((j, k), 0) + e
            exps[(j, base)] = exps.get((j, base), 0) - e
            constant *= (sets[j].weight[k] / sets[j].weight[base]) ** e
        out.append(_Equation(tuple(sorted((key, e) for key, e in exps.items() if e)), constant))
    return out


def _left_null_space(matrix: list[list[Fraction]], width: int) -> list[list[int]]:
    """An integer basis of ``{y : y^T M = 0}``."""
    m = len(matrix)
    if m == 0:
        return []
    # null space of M^T (width x m), by reduced row echelon form
    rows = [[matrix[i][j] for i in range(m)] for j in range(width)]
    pivots: list[int] = []
    r = 0
    for c in range(m):
        pick = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pick is None:
            continue
        rows[r], rows[pick] = rows[pick], rows[r]
        lead = rows[r][c]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
    basis = []
    for free in (c for c in range(m) if c not in pivots):
        y = [ZERO] * m
        y[free] = ONE
        for i, c in enumerate(pivots):
            y[c] = -rows[i][free]
        scale = math.lcm(*(x.denominator for x in y))
        basis.append([int(x * scale) for x in y])
    return basis


def _holds(eq: _Equation, beliefs: Sequence[tuple[Fraction, ...]]) -> bool:
    lhs = ONE
    for (j, k), e in eq.exponents:
        x = beliefs[j][k]
        if x == 0:
            return False
        lhs *= x**e
    return lhs == eq.constant


def _solve_pattern(
    sets: Sequence[_SetData], pattern: Sequence[frozenset[int]], equations: list[_Equation]
) -> dict[int, tuple[Fraction, ...]] | None:
    """Consistent beliefs on this pattern (``{}``: none; ``None``: undecided)."""
    faces = [_face_points(s, support) for s, support in zip(sets, pattern)]
    if not equations:
        return {s.index: f[0] for s, f in zip(sets, faces)}
    involved = sorted({j for eq in equations for (j, _), _ in eq.exponents})
    exact = _propagate(sets, pattern, equations, involved)
    if exact is not None:
        if not exact:
            return {}
        chosen = [f[0] for f in faces]
        for j, b in exact.items():
            chosen[j] = b
        return {s.index: b for s, b in zip(sets, chosen)}
    pools = [faces[j] if j in involved else faces[j][:1] for j in range(len(sets))]
    if math.prod(len(p) for p in pools) <= MAX_PATTERNS:
        for combo in itertools.product(*pools):
            if all(_holds(eq, combo) for eq in equations):
                return {s.index: b for s, b in zip(sets, combo)}
    return None


def _face_points(s: _SetData, support: frozenset[int]) -> list[tuple[Fraction, ...]]:
    """Supporting beliefs with exactly this support: the PBE's choice if it fits, the centre."""
    inside = [b for b in s.candidates if all(b[k] == 0 for k in range(len(b)) if k not in support)]
    centre = tuple(sum((b[k] for b in inside), ZERO) / len(inside) for k in range(len(s.nodes)))
    points = [centre]
    chosen = s.region.belief()
    if chosen is not None and {k for k, x in enumerate(chosen) if x > 0} == support:
        points.insert(0, chosen)
    points += [b for b in inside if {k for k, x in enumerate(b) if x > 0} == support and b not in points]
    return points


def _propagate(
    sets: Sequence[_SetData], pattern: Sequence[frozenset[int]], equations: list[_Equation], involved: list[int]
) -> dict[int, tuple[Fraction, ...]] | None:
    """Exact answer when the equations tie odds of two-node sets with exponents ±1.

    Returns beliefs at the involved sets, ``{}`` when none exist, ``None`` when the
    system is not of that shape.
    """
    # odds o_j = mu(second)/mu(first) at each involved set; each equation in odds
    edges: list[tuple[dict[int, int], Fraction]] = []
    for eq in equations:
        odds: dict[int, int] = {}
        for (j, k), e in eq.exponents:
            if len(pattern[j]) != 2:
                return None
            first, second = sorted(pattern[j])
            odds[j] = odds.get(j, 0) + (e if k == second else 0)
        odds = {j: e for j, e in odds.items() if e}
        if any(abs(e) != 1 for e in odds.values()) or not 1 <= len(odds) <= 2:
            return None
        edges.append((odds, eq.constant))
    # express every odds as c * o_root^s along a spanning forest, from each component's root
    relation: dict[int, tuple[int, Fraction, int]] = {}  # j -> (root, c, sign)
    for start in involved:
        if start in relation:
            continue
        relation[start] = (start, ONE, 1)
        changed = True
        while changed:
            changed = False
            for odds, c in edges:
                known = [j for j in odds if j in relation]
                unknown = [j for j in odds if j not in relation]
                if len(known) == 1 and len(unknown) == 1:
                    a, b = known[0], unknown[0]
                    root, ca, sa = relation[a]
                    # o_a^ea o_b^eb = c  ->  o_b = (c / o_a^ea)^(eb) since eb = ±1
                    ea, eb = odds[a], odds[b]
                    base = c / ca**ea
                    relation[b] = (root, base**eb, -sa * ea * eb)
                    changed = True
    intervals = {j: _odds_interval(sets[j], pattern[j]) for j in involved}
    roots = sorted({relation[j][0] for j in involved})
    found: dict[int, tuple[Fraction, ...]] = {}
    for root in roots:
        members = [j for j in involved if relation[j][0] == root]
        candidates = _root_candidates(members, relation, intervals)
        for odds, c in edges:
            if len(odds) == 1 and next(iter(odds)) in members:
                ((j, e),) = odds.items()
                candidates.insert(0, (c**e / relation[j][1]) ** relation[j][2])
        for o in candidates:
            values = {j: relation[j][1] * o ** relation[j][2] for j in members}
            if all(_inside(values[j], intervals[j]) for j in members) and all(
                _edge_holds(odds, c, values) for odds, c in edges if set(odds) <= set(members)
            ):
                for j in members:
                    first, second = sorted(pattern[j])
                    belief = [ZERO] * len(sets[j].nodes)
                    belief[first] = 1 / (1 + values[j])
                    belief[second] = values[j] / (1 + values[j])
                    found[j] = tuple(belief)
                break
        else:
            return {}
    return found


def _odds_interval(s: _SetData, support: frozenset[int]) -> tuple[Fraction | None, Fraction | None]:
    """Closed bounds (None: open at 0 or infinity) on the odds mu(second)/mu(first) in the face."""
    first, second = sorted(support)
    inside = [b for b in s.candidates if all(b[k] == 0 for k in range(len(b)) if k not in support)]
    odds = [b[second] / b[first] for b in inside if b[first] > 0 and b[second] > 0]
    lo: Fraction | None = min(odds) if odds and all(b[second] > 0 for b in inside) else None
    hi: Fraction | None = max(odds) if odds and all(b[first] > 0 for b in inside) else None
    return lo, hi


def _inside(x: Fraction, interval: tuple[Fraction | None, Fraction | None]) -> bool:
    lo, hi = interval
    return x > 0 and (lo is None or x >= lo) and (hi is None or x <= hi)


def _edge_holds(odds: dict[int, int], c: Fraction, values: dict[int, Fraction]) -> bool:
    total = ONE
    for j, e in odds.items():
        total *= values[j] ** e
    return total == c


def _root_candidates(
    members: list[int],
    relation: dict[int, tuple[int, Fraction, int]],
    intervals: dict[int, tuple[Fraction | None, Fraction | None]],
) -> list[Fraction]:
    """Root odds to try: every bound mapped back to the root, and points between them."""
    points: set[Fraction] = set()
    for j in members:
        _, c, sign = relation[j]
        for bound in intervals[j]:
            if bound is not None and bound > 0:
                points.add((bound / c) ** sign)
    ordered = sorted(points)
    out = list(ordered)
    out += [(a + b) / 2 for a, b in itertools.pairwise(ordered)]
    if ordered:
        out += [ordered[0] / 2, ordered[-1] * 2]
    else:
        out.append(ONE)
    return out


# ---------------------------------------------------------------------- reporting
def _prefer(
    passed: list[tuple[tuple[frozenset[int], ...], list[_Equation], dict[int, tuple[Fraction, ...]]]],
    sets: Sequence[_SetData],
) -> tuple[tuple[frozenset[int], ...], list[_Equation], dict[int, tuple[Fraction, ...]]]:
    """The pattern that keeps the PBE's own beliefs, if one does; else the first."""
    for item in passed:
        if all(item[2][s.index] == s.region.belief() for s in sets):
            return item
    return passed[0]


def _mu(g: Game, s: _SetData, k: int) -> str:
    return f"mu({g.node_name(s.nodes[k])})"


def _clause(
    g: Game,
    sets: Sequence[_SetData],
    pattern: Sequence[frozenset[int]],
    equations: list[_Equation],
    options: list[list[frozenset[int]]],
) -> list[str]:
    out: list[str] = []
    for s, support, choices in zip(sets, pattern, options):
        if len(choices) == 1:
            continue
        full = all(k in support for k, ok in enumerate(s.possible) if ok)
        if full:
            out.extend(f"{_mu(g, s, k)} > 0" for k in sorted(support) if any(k not in c for c in choices))
        else:
            out.extend(f"{_mu(g, s, k)} = 0" for k, ok in enumerate(s.possible) if ok and k not in support)
    for eq in equations:
        out.append(_equation_text(g, sets, eq))
    return out


def _equation_text(g: Game, sets: Sequence[_SetData], eq: _Equation) -> str:
    def side(sign: int) -> list[str]:
        terms = []
        for (j, k), e in eq.exponents:
            if e * sign > 0:
                name = _mu(g, sets[j], k)
                terms.append(name if abs(e) == 1 else f"{name}**{abs(e)}")
        return terms

    lhs = side(1) or ["1"]
    rhs = side(-1)
    if eq.constant != 1:
        rhs.insert(0, format_value(eq.constant))
    return f"{'*'.join(lhs)} = {'*'.join(rhs) or '1'}"


def _no_consistent_reason(g: Game, sets: Sequence[_SetData]) -> str:
    names = ", ".join(g.infoset_name(s.index) for s in sets)
    return (
        f"no supporting belief at the unreached set(s) {names} is the limit of Bayes beliefs "
        "along trembles converging to the profile"
    )
