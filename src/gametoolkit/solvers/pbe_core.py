"""Support enumeration for perfect Bayesian equilibria on one piece of a game.

A *piece* is a game without proper subgames (the solver in :mod:`.pbe` cuts a game
into such pieces, :mod:`.pbe_decompose`).  On a piece:

1. *Supports.*  The player sets are visited deepest first.  At each set an action is
   dropped when another action beats it at every node of the set whatever happens
   below (comparing the worst and best payoffs still reachable under the supports
   already chosen deeper down): it is conditionally dominated for every belief.  Every
   non-empty subset of the remaining actions is a candidate support.  The number of
   combinations is estimated first and the solver refuses at once beyond
   ``max_supports``.
2. *Equations.*  For one combination of supports the unknowns are the mixing
   probabilities at sets with two or more actions in their support, and the beliefs
   at sets the supports leave unreached.  Expected payoffs are polynomials in those
   unknowns (:mod:`gametoolkit.algebra.poly`).  Indifference among the actions of each
   support gives equations; every other action being no better gives inequalities;
   Bayes' rule enters through reach weights.  Two reductions keep the system small,
   both exact: the mover's own probabilities on the way to a set are the same at all
   its nodes (perfect recall), positive when the set is reached, and are divided out;
   and where the mover's own later set is reached (Bayes beliefs consistent with the
   earlier set's), its mixture is worth what any action of its support is worth,
   because the later set's indifference holds, so one such action stands for it.
3. *Exact solution.*  Equations linear in one unknown with a constant coefficient are
   solved and substituted until none is left; a rational root of a small non-linear
   remainder is sought with sympy.  Conditions that stay non-linear only through free
   beliefs (a belief times a mixing probability) are split into linear cases, one per
   vertex of those beliefs' polytope (:mod:`.pbe_leftovers`).  What remains is a
   polytope in the free unknowns (one per case): its vertices are the extreme points.  A combination whose leftover system is not
   solved is counted in ``unsolved`` and named in the notes.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from ..algebra.linear import polytope_vertices
from ..algebra.poly import Poly
from ..core.game import CHANCE, Game, InfoSet, Node
from ..errors import LimitError
from ..evaluate.beliefs import subgame_roots_of_sets
from ..evaluate.reach import reach_weight, reached
from ..evaluate.supports import enumerate_supports
from .common import TimeUp, UnionFind, time_limit
from .pbe_leftovers import algebraic_points, belief_branches, belief_equation_cases, linear_row, settle_multilinear
from .pbe_nash_filter import nash_support_filter

__all__ = ["Piece", "estimate_supports", "solve_piece"]

ZERO = Fraction(0)
ONE = Fraction(1)

Point = tuple[tuple[Fraction, ...], ...]

#: Two-player pieces with more support combinations than this are filtered by Nash first.
FILTER_FROM = 64


@dataclass
class _Context:
    game: Game
    sets: list[InfoSet]
    roots: dict[int, int]
    notes: list[str] = field(default_factory=list)
    unsolved: int = 0
    #: seconds left for sympy on non-linear leftovers
    budget: float = 10.0
    #: each node's own payoffs (``None`` without an outcome) and each chance set's moves
    payoffs: list[tuple[Fraction, ...] | None] = field(default_factory=list)
    chance: dict[int, list[Poly]] = field(default_factory=dict)

    #: the Nash test of :mod:`.pbe_nash_filter`, built on first need (``filter_wanted``)
    filter: Callable[[dict[int, tuple[int, ...]]], bool] | None = None
    filter_wanted: bool = False
    filter_built: bool = False

    def nash_filter(self) -> Callable[[dict[int, tuple[int, ...]]], bool] | None:
        """The Nash test, built the first time it is asked for (``None`` where there is none)."""
        if self.filter_wanted and not self.filter_built:
            self.filter_built = True
            self.filter = nash_support_filter(self.game)
        return self.filter

    def holds_no_nash(self, supports: dict[int, tuple[int, ...]]) -> bool:
        """Whether the Nash test shows that ``supports`` holds no equilibrium."""
        test = self.nash_filter()
        return test is not None and not test(supports)

    def __post_init__(self) -> None:
        g = self.game
        self.payoffs = [g.outcome_payoffs(v.outcome) if v.outcome >= 0 else None for v in g.nodes]
        self.chance = {h.index: [Poly.const(p) for p in g.chance_probs(h.index)] for h in g.infosets if h.player == CHANCE}


@dataclass
class Piece:
    """What support enumeration found on one piece.

    ``points`` are behavior profiles (one row per information set of the piece, chance
    included), ``component[k]`` a number shared by the extreme points of one continuum,
    ``unsolved`` the support combinations left undecided (named in ``notes``), and
    ``budget`` the seconds left for non-linear systems.
    """

    points: list[Point]
    component: list[int]
    unsolved: int
    notes: list[str]
    budget: float


def estimate_supports(game: Game) -> int:
    """A bound on the support combinations :func:`solve_piece` would examine on ``game``."""
    return _estimate(_Context(game, [h for h in game.infosets if h.player != CHANCE], subgame_roots_of_sets(game)))


def solve_piece(game: Game, max_supports: int, budget: float, nash_filter: bool = True) -> Piece:
    """Every PBE behavior profile of ``game`` by support enumeration (extreme points).

    With ``nash_filter`` (the default), a two-player piece with more than
    :data:`FILTER_FROM` combinations first has its sequence-form Nash equilibria
    enumerated, and combinations no Nash equilibrium's realization supports match are
    skipped (:mod:`.pbe_nash_filter`): they hold no PBE.

    Raises
    ------
    LimitError
        When more than ``max_supports`` combinations of supports would be examined.
    """
    ctx = _Context(game, [h for h in game.infosets if h.player != CHANCE], subgame_roots_of_sets(game))
    ctx.budget = budget
    estimate = _estimate(ctx)
    if estimate > max_supports:
        raise LimitError(
            f"perfect Bayesian enumeration would examine about {estimate} combinations of supports "
            f"(limit {max_supports}); raise it with max_supports=... (CLI: --max-supports)"
        )
    points: dict[Point, int] = {}
    components: UnionFind[int] = UnionFind()  # extreme points of one continuum share a set
    ctx.filter_wanted = nash_filter
    if nash_filter and estimate > FILTER_FROM:
        ctx.nash_filter()
    for supports in _supports(ctx):
        if ctx.filter is not None and not ctx.filter(supports):
            continue
        group: list[int] = []
        for probs in _solve_supports(ctx, supports):
            if probs not in points:
                points[probs] = len(points)
                components.add(points[probs])
            group.append(points[probs])
        for a, b in itertools.pairwise(group):
            components.union(a, b)
    found = list(points)
    return Piece(found, [components.find(points[p]) for p in found], ctx.unsolved, ctx.notes, ctx.budget)


# ---------------------------------------------------------------------- supports
def _order(ctx: _Context) -> list[InfoSet]:
    """Player sets, deepest first (a set that follows another comes before it)."""
    return sorted(ctx.sets, key=lambda h: -min(h.nodes))


def _estimate(ctx: _Context) -> int:
    total = 1
    for h in ctx.sets:
        total *= 2 ** len(h.actions) - 1
        if total > 10**12:
            break
    # a rough upper bound; pruning usually cuts it by far
    return min(total, _pruned_estimate(ctx, total))


def _pruned_estimate(ctx: _Context, total: int) -> int:
    """Bound with each set's dominated actions (all supports below open) removed."""
    allowed = {h.index: list(range(len(h.actions))) for h in ctx.sets}
    est = 1
    bounds = _bounds(ctx, allowed)
    for h in ctx.sets:
        est *= 2 ** len(_undominated(ctx, h, bounds)) - 1
        if est > total:
            return total
    return est


def _bounds(
    ctx: _Context, allowed: dict[int, list[int]], below: InfoSet | None = None
) -> list[list[tuple[Fraction, Fraction]]]:
    """For each node and player, the least and greatest payoff still reachable.

    With ``below``, only the subtrees under that set's nodes are computed (the rest of
    the list stays empty): that is all :func:`_undominated` needs there.
    """
    g = ctx.game
    n = len(g.players)
    out: list[list[tuple[Fraction, Fraction]]] = [[] for _ in g.nodes]
    if below is None:
        order = list(reversed(range(len(g.nodes))))
    else:
        order = [k for v in below.nodes for k in reversed(range(v + 1, g.subtree_end(v)))]
    for k in order:
        v = g.nodes[k]
        own = g.outcome_payoffs(v.outcome) if v.outcome >= 0 else None
        if v.kind == "terminal":
            pair = [(ZERO, ZERO)] * n
        else:
            iset = g.infosets[v.infoset]
            if iset.player == CHANCE:
                acts = [a for a, p in enumerate(g.chance_probs(iset.index)) if p > 0]
            else:
                acts = allowed[v.infoset]
            pair = [
                (min(out[v.children[a]][i][0] for a in acts), max(out[v.children[a]][i][1] for a in acts))
                for i in range(n)
            ]
        if own is not None:
            pair = [(lo + own[i], hi + own[i]) for i, (lo, hi) in enumerate(pair)]
        out[v.index] = pair
    return out


def _undominated(ctx: _Context, h: InfoSet, bounds: list[list[tuple[Fraction, Fraction]]]) -> list[int]:
    g = ctx.game
    i = h.player
    keep = []
    for b in range(len(h.actions)):
        dominated = any(
            all(
                bounds[g.nodes[v].children[a]][i][0] > bounds[g.nodes[v].children[b]][i][1]
                for v in h.nodes
            )
            for a in range(len(h.actions))
            if a != b
        )
        if not dominated:
            keep.append(b)
    return keep


def _supports(ctx: _Context) -> Iterator[dict[int, tuple[int, ...]]]:
    """Every combination of supports that survives dominance, deepest sets first."""
    allowed = {h.index: list(range(len(h.actions))) for h in ctx.sets}
    return enumerate_supports(_order(ctx), allowed, lambda h: _undominated(ctx, h, _bounds(ctx, allowed, h)))


# ---------------------------------------------------------------------- one combination
def _solve_supports(ctx: _Context, supports: dict[int, tuple[int, ...]]) -> Iterator[tuple[tuple[Fraction, ...], ...]]:
    """Behavior profiles (as rows of probabilities per set) for these supports."""
    g = ctx.game
    var_count = 0
    behavior: dict[int, list[Poly]] = {}
    sigma_vars: list[tuple[int, int]] = []  # variable -> (set, action)
    for h in ctx.sets:
        support = supports[h.index]
        row = [Poly() for _ in h.actions]
        if len(support) == 1:
            row[support[0]] = Poly.const(1)
        else:
            rest = Poly.const(1)
            for a in support[:-1]:
                row[a] = Poly.var(var_count)
                sigma_vars.append((h.index, a))
                rest = rest - row[a]
                var_count += 1
            row[support[-1]] = rest
        behavior[h.index] = row

    sigma_count = var_count
    # which sets are reached (within their smallest subgame) is fixed by the supports
    positive = _positive_reach(ctx, supports)
    belief_vars: dict[int, list[Poly]] = {}
    for h in ctx.sets:
        if len(h.nodes) > 1 and not any(positive[h.index]):
            weights = []
            rest = Poly.const(1)
            for _ in h.nodes[:-1]:
                x = Poly.var(var_count)
                var_count += 1
                weights.append(x)
                rest = rest - x
            weights.append(rest)
            belief_vars[h.index] = weights

    values = _own_values(ctx, behavior, supports, positive)
    equations: list[Poly] = []
    inequalities: list[Poly] = []  # each must be <= 0
    for h in ctx.sets:
        support = supports[h.index]
        i = h.player
        if h.index in belief_vars:
            weights = belief_vars[h.index]
        elif len(h.nodes) == 1:
            weights = [Poly.const(1)]
        else:
            weights = _reach_weights(ctx, h, behavior)
        ev = []
        for a in range(len(h.actions)):
            total = Poly()
            for w, v in zip(weights, h.nodes):
                total = total + w * values[i][g.nodes[v].children[a]][i]
            ev.append(total)
        first = ev[support[0]]
        for a in support[1:]:
            equations.append(ev[a] - first)
        for b in range(len(h.actions)):
            if b not in support:
                inequalities.append(ev[b] - first)
    # probabilities and beliefs lie in [0, 1]
    for h in ctx.sets:
        for p in behavior[h.index]:
            if not p.is_constant():
                inequalities.append(-p)
        for w in belief_vars.get(h.index, ()):
            inequalities.append(-w)

    solved = _peel(equations, sigma_count)
    if solved is None:
        return
    substitution, leftover = solved
    substitutions = [substitution]
    if leftover:
        started = time.perf_counter()
        roots = _solve_nonlinear(leftover, ctx.budget) if ctx.budget > 0 else None
        ctx.budget -= time.perf_counter() - started
        if roots is None:
            if ctx.holds_no_nash(supports):
                return
            left = [ctx.budget]
            algebraic = algebraic_points(g, left, behavior, positive, leftover, substitution, inequalities, var_count)
            ctx.budget = left[0]
            if algebraic is not None:
                yield from algebraic
                return
            cases = belief_equation_cases(leftover, [q.substitute(substitution) for q in inequalities], sigma_count, substitution)
            if cases is not None:
                found: set[tuple[tuple[Fraction, ...], ...]] = set()
                unsolved, noted = ctx.unsolved, len(ctx.notes)
                for extra in cases:
                    for key in _vertices(ctx, behavior, inequalities + extra, substitution, var_count, sigma_count, supports):
                        if key not in found:
                            found.add(key)
                            yield key
                    if ctx.unsolved > unsolved:
                        # a case left undecided: the combination is, once (the other cases are alike)
                        ctx.unsolved = unsolved + 1
                        del ctx.notes[noted + 1 :]
                        return
                return
            ctx.unsolved += 1
            shown = ", ".join(
                f"{g.infosets[h].label or h}:{[g.infosets[h].actions[a] for a in s]}" for h, s in supports.items()
            )
            ctx.notes.append(f"unsolved non-linear conditions for supports {shown}")
            return
        substitutions = []
        for root in roots:
            fixed = {v: Poly.const(x) for v, x in root.items()}
            extended = {u: p.substitute(fixed) for u, p in substitution.items()}
            extended.update(fixed)
            substitutions.append(extended)
    seen: set[tuple[tuple[Fraction, ...], ...]] = set()
    for sub in substitutions:
        for key in _vertices(ctx, behavior, inequalities, sub, var_count, sigma_count, supports):
            if key not in seen:
                seen.add(key)
                yield key


def _vertices(
    ctx: _Context,
    behavior: dict[int, list[Poly]],
    inequalities: list[Poly],
    substitution: dict[int, Poly],
    var_count: int,
    sigma_count: int,
    supports: dict[int, tuple[int, ...]],
) -> Iterator[tuple[tuple[Fraction, ...], ...]]:
    """Behavior at the extreme points of what the inequalities leave of the unknowns.

    Where inequalities stay non-linear only through free beliefs (a belief times a
    mixing probability), :func:`.pbe_leftovers.belief_branches` splits the system
    into linear cases, one per vertex of those beliefs' polytope; the extreme points
    of every case are given (together they span the combination's equilibria).
    """
    ineqs = [q.substitute(substitution) for q in inequalities]
    settled = settle_multilinear(ineqs)
    if settled is None:
        return
    ineqs = settled
    cases: list[dict[int, Fraction]] = [{}]
    if any(q.total_degree() > 1 for q in ineqs):
        branches = belief_branches(ineqs, sigma_count, substitution)
        if branches is None or any(
            q.substitute({v: Poly.const(x) for v, x in fixed.items()}).total_degree() > 1
            for fixed in branches
            for q in ineqs
        ):
            if ctx.holds_no_nash(supports):
                return
            ctx.unsolved += 1
            ctx.notes.append("a continuum of equilibria bounded by non-linear conditions was not described")
            return
        cases = branches
    done: set[frozenset[Poly]] = set()
    for fixed in cases:
        if fixed:
            consts = {v: Poly.const(x) for v, x in fixed.items()}
            case_ineqs = [q.substitute(consts) for q in ineqs]
            if any(not q.variables() and q.constant() > 0 for q in case_ineqs):
                continue  # the case fails outright
            system = frozenset(q for q in case_ineqs if q.variables())
            if system in done:
                continue  # the same conditions on the unknowns left as a case already done
            done.add(system)
            case_sub = {u: p.substitute(consts) for u, p in substitution.items()}
            case_sub.update(consts)
        else:
            case_sub, case_ineqs = substitution, ineqs
        yield from _linear_vertices(ctx, behavior, case_ineqs, case_sub, var_count, sigma_count)


def _linear_vertices(
    ctx: _Context,
    behavior: dict[int, list[Poly]],
    ineqs: list[Poly],
    substitution: dict[int, Poly],
    var_count: int,
    sigma_count: int,
) -> Iterator[tuple[tuple[Fraction, ...], ...]]:
    """Behavior at the vertices of the polytope that linear ``ineqs`` (each ``<= 0``) leave."""
    g = ctx.game
    free = sorted(set().union(*(q.variables() for q in ineqs)) | {v for v in range(var_count) if v not in substitution})
    # unknowns that share no inequality are independent: split them into blocks, and
    # for blocks of beliefs alone only ask whether some belief works
    blocks = _blocks(free, ineqs)
    choices: list[list[dict[int, Fraction]]] = []
    for block_vars, block_ineqs in blocks:
        index = {v: k for k, v in enumerate(block_vars)}
        rows: list[tuple[tuple[Fraction, ...], Fraction]] = []
        for q in block_ineqs:
            coeffs, bound = linear_row(q, index)
            if not block_vars:
                if bound < 0:
                    return
                continue
            rows.append((coeffs, bound))
        if not block_vars:
            continue
        found = polytope_vertices(rows, [], dim=len(block_vars))
        if not found:
            return
        if not any(v < sigma_count for v in block_vars):
            found = found[:1]
        choices.append([dict(zip(block_vars, vertex)) for vertex in found])
    vertices = []
    for combo in itertools.product(*choices):
        point: dict[int, Fraction] = {}
        for part in combo:
            point.update(part)
        vertices.append(point)
    for point in vertices:
        values_at = {v: p.evaluate(point) for v, p in substitution.items()}
        values_at.update(point)
        probs = []
        for h in g.infosets:
            if h.player == CHANCE:
                probs.append(g.chance_probs(h.index))
            else:
                probs.append(tuple(p.evaluate(values_at) for p in behavior[h.index]))
        yield tuple(probs)


#: Non-linear leftovers are handed to sympy only when this small, and for this long.
MAX_NONLINEAR_UNKNOWNS = 6
NONLINEAR_SECONDS = 1.0


def _blocks(free: list[int], ineqs: list[Poly]) -> list[tuple[list[int], list[Poly]]]:
    """Group unknowns that appear together in an inequality (union-find)."""
    together: UnionFind[int] = UnionFind(free)
    for q in ineqs:
        for a, b in itertools.pairwise(sorted(q.variables())):
            together.union(a, b)
    find = together.find
    groups: dict[int, tuple[list[int], list[Poly]]] = {}
    constants: list[Poly] = []
    for v in free:
        groups.setdefault(find(v), ([], []))[0].append(v)
    for q in ineqs:
        present = q.variables()
        if not present:
            constants.append(q)
        else:
            groups[find(next(iter(present)))][1].append(q)
    return [([], constants), *groups.values()]


def _solve_nonlinear(equations: list[Poly], budget: float = NONLINEAR_SECONDS) -> list[dict[int, Fraction]] | None:
    """Rational solutions of a zero-dimensional polynomial system, with sympy.

    ``None`` when sympy is missing, when the solutions form a continuum, or when one is
    irrational (it cannot be written as exact fractions): the caller reports the
    result incomplete.  Solutions outside [0, 1] are kept; the inequalities drop them.
    """
    try:
        import sympy
    except ImportError:
        return None
    variables = sorted(set().union(*(e.variables() for e in equations)))
    symbols = {v: sympy.Symbol(f"x{v}") for v in variables}

    def convert(p: Poly) -> object:
        total = sympy.Integer(0)
        for m, c in p.terms.items():
            term = sympy.Rational(c.numerator, c.denominator)
            for v, e in m:
                term = term * symbols[v] ** e
            total = total + term
        return total

    if len(variables) > MAX_NONLINEAR_UNKNOWNS or any(e.total_degree() > 4 for e in equations):
        return None
    try:
        with time_limit(min(NONLINEAR_SECONDS, budget)):
            found = sympy.solve([convert(e) for e in equations], [symbols[v] for v in variables], dict=True)
    except (NotImplementedError, ValueError, TimeUp):
        return None
    out: list[dict[int, Fraction]] = []
    for sol in found:
        values: dict[int, Fraction] = {}
        for v in variables:
            x = sol.get(symbols[v])
            if x is None or not x.is_Rational:
                return None
            values[v] = Fraction(int(x.p), int(x.q))
        out.append(values)
    return out


def _positive_reach(ctx: _Context, supports: dict[int, tuple[int, ...]]) -> dict[int, list[bool]]:
    """For each set, which of its nodes are reached from its subgame's root."""
    g = ctx.game

    def allowed(at: Node, a: int) -> bool:
        if at.player == CHANCE:
            return g.chance_probs(at.infoset)[a] > 0
        return a in supports[at.infoset]

    return {h.index: [reached(g, v, ctx.roots[h.index], allowed) for v in h.nodes] for h in ctx.sets}


def _reach_weights(ctx: _Context, h: InfoSet, behavior: dict[int, list[Poly]]) -> list[Poly]:
    """Reach of each node of ``h`` from its subgame's root, the mover's own moves left out.

    By perfect recall the mover's own moves on the way are the same at every node of
    ``h``; when ``h`` is reached their product is positive, and dividing every weight
    by it changes neither Bayes' beliefs nor the sign of any comparison at ``h``.
    """
    g = ctx.game
    root = ctx.roots[h.index]
    one = Poly.const(1)

    def step(at: Node, a: int) -> Poly:
        if at.player == CHANCE:
            return Poly.const(g.chance_probs(at.infoset)[a])
        return one if at.player == h.player else behavior[at.infoset][a]

    return [reach_weight(g, v, root, step, one) for v in h.nodes]


def _own_values(
    ctx: _Context,
    behavior: dict[int, list[Poly]],
    supports: dict[int, tuple[int, ...]],
    positive: dict[int, list[bool]],
) -> list[list[list[Poly]]]:
    """For each player ``i``, payoffs at every node as seen from ``i``'s own sets.

    At a later set of ``i`` that is reached, ``i`` is indifferent among the actions
    of its support (an equation of the system), and the weights an earlier set of ``i``
    puts on its nodes are proportional to its Bayes weights; so the mixture there is
    worth, to the earlier set, what the first action of the support is worth.  Playing
    that action instead keeps ``i``'s products of its own probabilities out of the
    equations.  Unreached sets keep their mixture (their beliefs are free).
    """
    out = []
    for i in range(len(ctx.game.players)):
        own = dict(behavior)
        for h in ctx.sets:
            support = supports[h.index]
            if h.player == i and len(support) > 1 and any(positive[h.index]):
                row = [Poly() for _ in h.actions]
                row[support[0]] = Poly.const(1)
                own[h.index] = row
        out.append(_value_polys(ctx, own, i))
    return out


def _value_polys(ctx: _Context, behavior: dict[int, list[Poly]], only: int | None = None) -> list[list[Poly]]:
    """Each player's expected payoff at every node, as polynomials in the unknowns.

    With ``only``, just that player's entry is computed (the others stay zero).
    """
    g = ctx.game
    n = len(g.players)
    players = range(n) if only is None else (only,)
    zero = Poly()
    values: list[list[Poly]] = [[] for _ in g.nodes]
    for v in reversed(g.nodes):
        own = ctx.payoffs[v.index]
        if v.kind == "terminal":
            row = [zero] * n
        else:
            weights = ctx.chance[v.infoset] if v.player == CHANCE else behavior[v.infoset]
            live = [(w, c) for w, c in zip(weights, v.children) if not w.is_zero()]
            if len(live) == 1 and live[0][0].terms == {(): ONE}:
                row = list(values[live[0][1]])  # a pure move: the child's values as they are
            else:
                row = [zero] * n
                for w, c in live:
                    for i in players:
                        row[i] = row[i] + w * values[c][i]
        if own is not None:
            for i in players:
                if own[i]:
                    row[i] = row[i] + own[i]
        values[v.index] = row
    return values


def _peel(equations: list[Poly], sigma_count: int = 0) -> tuple[dict[int, Poly], list[Poly]] | None:
    """Solve equations that are linear in one unknown with a constant coefficient.

    Unknowns below ``sigma_count`` are mixing probabilities of actions in the support,
    positive in every solution that belongs to this combination of supports (where one
    is zero, the profile is found with the smaller support), so a power of one that
    divides every term of an equation is divided out.

    Returns the substitution found and the equations left (empty when all solved), or
    ``None`` when the equations are inconsistent.
    """
    substitution: dict[int, Poly] = {}
    pending = list(equations)
    while True:
        pending = [_divide_positive(e, sigma_count) for e in pending if not e.is_zero()]
        if any(e.is_constant() for e in pending):
            return None
        if not pending:
            return substitution, []
        pick: tuple[int, Poly, Poly] | None = None
        for e in sorted(pending, key=lambda e: (len(e.variables()), len(e.terms))):
            for v in sorted(e.variables()):
                split = e.linear_in(v)
                if split is not None and split[0].is_constant() and not split[0].is_zero():
                    pick = (v, split[0], split[1])
                    break
            if pick is not None:
                break
        if pick is None:
            return substitution, pending
        v, a, b = pick
        solution = b * (-1 / a.constant())
        substitution = {u: p.substitute({v: solution}) for u, p in substitution.items()}
        substitution[v] = solution
        pending = [q.substitute({v: solution}) for q in pending]




def _divide_positive(e: Poly, sigma_count: int) -> Poly:
    """``e`` divided by the largest monomial in positive unknowns that divides every term."""
    common: dict[int, int] | None = None
    for m in e.terms:
        powers = {v: k for v, k in m if v < sigma_count}
        common = powers if common is None else {v: min(k, powers[v]) for v, k in common.items() if v in powers}
        if not common:
            return e
    if not common:
        return e
    out: dict[tuple[tuple[int, int], ...], Fraction] = {}
    for m, c in e.terms.items():
        out[tuple((v, k - common.get(v, 0)) for v, k in m if k > common.get(v, 0))] = c
    return Poly(out)
