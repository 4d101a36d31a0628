"""Perfect Bayesian equilibria of a game with symbolic payoffs, and when each exists.

Input: a game whose payoffs and chance probabilities are expressions in named
parameters (:class:`~gametoolkit.core.values.Param`), and the author's
:class:`~.assumptions.Assumptions` (orderings, probabilities in (0, 1), more).
Output: families of equilibria, each with its behavior and beliefs as expressions and
the conditions on the parameters under which it is an equilibrium.

Method (the numeric solver's, with parameters carried along):

1. *Supports*, deepest sets first.  An action is dropped at a set when another action
   beats it at every node for every consistent assignment: every payoff reachable after
   it, under the supports already chosen below, is certified larger
   (:meth:`Assumptions.sign`).  Every non-empty subset of what is left is a support.
2. *Equations*.  Unknowns are the mixing probabilities inside supports and the
   beliefs at sets the supports leave unreached (within their smallest subgame).
   Indifference inside each support gives equations (Bayes' rule enters through reach
   weights, denominators cleared); every action outside a support being no better
   gives inequalities; probabilities in a support are positive, beliefs non-negative.
3. *Solution*.  sympy solves the equations for the unknowns.  Equations with no
   unknown left are conditions on the parameters (``=``: a family on a boundary).
   Unknowns the equations leave free (off-path beliefs, or a continuum of behavior)
   are eliminated from the inequalities by Fourier-Motzkin; their coefficients must
   have a certified sign.  What remains are conditions on the parameters alone.
4. *Simplification*.  Each condition is reduced under the assumptions
   (:func:`~.conditions.simplify`): one that always holds is dropped, a family with one
   that never holds is dropped.
5. *Verification*.  At random consistent points where a family's conditions hold,
   the numbers are put in and the profile is checked from scratch by the numeric
   sequential-rationality check (:func:`gametoolkit.evaluate.beliefs.is_pbe`).

Class for which the list is complete: games with perfect recall whose parameters
enter payoffs and chance probabilities, for parameter values consistent with the
assumptions away from the boundaries the conditions name (on a boundary the numeric
solver is exact); every support system must be solved by sympy within the time
budget, and every unknown it leaves free must enter the inequalities linearly with a
coefficient of certified sign.  Beyond that the solver raises
:class:`SymbolicUnsupported` saying which support system failed, and the numeric
solver remains exact at any given point.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from ..core.game import CHANCE, Game, InfoSet
from ..errors import GameToolkitError, SolverError
from ..evaluate.beliefs import is_pbe, subgame_roots_of_sets
from ..evaluate.profiles import Profile
from ..evaluate.reach import reach_weight
from ..evaluate.reach import reached as reached_under
from ..evaluate.supports import enumerate_supports
from .assumptions import Assumptions
from .conditions import Condition, evaluate_exact, simplify
from .expr import belief_symbol, to_sympy
from .naming import profile_name, signature, structural_kind
from .pruning import PRUNE_SECONDS, bounded, merge_families
from .systems import (
    Ctx,
    consistent_cases,
    impossible,
    impossible_branch,
    pinned_values,
    solve_on_curves,
    special_cases,
)

__all__ = ["SymbolicEquilibrium", "SymbolicSolution", "SymbolicUnsupported", "profile_name", "solve_symbolic"]

#: Refuse when more support combinations than this would have to be solved.
DEFAULT_MAX_SUPPORTS = 2000
#: Seconds the whole solve may take before a support system is left unsolved (an error).
DEFAULT_BUDGET = 120.0
#: Random points at which each family is verified numerically.
VERIFY_POINTS = 5


class SymbolicUnsupported(GameToolkitError):
    """The game lies outside the class the symbolic solver is complete for."""


@dataclass(frozen=True)
class SymbolicEquilibrium:
    """One family of equilibria: behavior and beliefs as expressions, and when it holds.

    ``name`` is its label (``pooling``, ``separating``, ...); ``behavior`` and
    ``beliefs`` map information sets (by index) to expressions in the parameters;
    ``conditions`` are the inequalities on the parameters under which it is an
    equilibrium, ``belief_conditions`` those on off-path beliefs; ``verified``
    counts the random points at which the numeric solver confirmed it.
    """

    game: Game
    name: str
    kind: str | None
    behavior: Mapping[int, tuple[Any, ...]]
    beliefs: Mapping[int, tuple[Any, ...]]
    payoffs: tuple[Any, ...]
    conditions: tuple[Condition, ...]
    belief_conditions: tuple[str, ...] = ()
    free: tuple[str, ...] = ()
    verified: int = 0

    @property
    def unconditional(self) -> bool:
        return not self.conditions

    @property
    def on_boundary(self) -> bool:
        """Holds only where an equation among the parameters does (measure zero)."""
        return any(c.op == "=" for c in self.conditions)

    def holds(self, values: Mapping[str, Any]) -> bool:
        """Exact: are all conditions met at ``values`` (every parameter bound)?"""
        point = {k: Fraction(v) for k, v in values.items() if not isinstance(v, str)}
        return all(c.holds(point) for c in self.conditions)

    def holds_many(self, columns: Mapping[str, Any]) -> Any:
        """Vectorised :meth:`holds` over numpy columns; exact near every boundary."""
        import numpy as np

        sizes = [len(v) for v in columns.values() if hasattr(v, "__len__")]
        size = max(sizes) if sizes else 1
        out = np.ones(size, dtype=bool)
        for c in self.conditions:
            out &= c.holds_many(columns, size)
        return out

    def boundaries(self, axis: str, values: Mapping[str, Any]) -> list[Fraction]:
        """Values of ``axis`` where one of the conditions switches, others bound by ``values``."""
        x = sympy.Symbol(axis, real=True)
        subs = {
            sympy.Symbol(k, real=True): sympy.Rational(Fraction(v).numerator, Fraction(v).denominator)
            for k, v in values.items()
            if k != axis and not isinstance(v, str)
        }
        out: set[Fraction] = set()
        for c in self.conditions:
            if x not in c.expr.free_symbols:
                continue
            reduced = sympy.expand(c.expr.xreplace(subs))
            if reduced.free_symbols - {x}:
                continue
            for root in sympy.Poly(reduced, x).real_roots():
                if root.is_Rational:
                    out.add(Fraction(int(root.p), int(root.q)))
                else:
                    out.add(Fraction(str(sympy.N(root, 30))).limit_denominator(10**15))
        return sorted(out)

    def condition_texts(self) -> list[str]:
        return [c.text() for c in self.conditions]


@dataclass(frozen=True)
class SymbolicSolution:
    """Every family of perfect Bayesian equilibria of a symbolic game.

    ``equilibria`` are the families that hold on regions of positive measure,
    ``boundary`` those that hold only where an equation among the parameters does;
    ``complete`` says whether every family was proved found.  ``names_at(values)``
    names the families that hold at a point.
    """

    game: Game
    assumptions: Assumptions
    parameters: tuple[str, ...]
    equilibria: tuple[SymbolicEquilibrium, ...]
    complete: bool = True
    notes: tuple[str, ...] = ()
    tex_names: Mapping[str, str] = field(default_factory=dict)
    #: families that hold only on a boundary (an equation among the parameters), e.g.
    #: the continuum of pooling equilibria at p = t; kept apart from ``equilibria``
    boundary: tuple[SymbolicEquilibrium, ...] = ()

    def sample(self, rng: random.Random) -> dict[str, Fraction]:
        """A random exact point consistent with the assumptions."""
        return self.assumptions.sample(rng, self.parameters)

    def names_at(self, values: Mapping[str, Any]) -> list[str]:
        """Sorted names of the families (boundary ones too) that hold at ``values``."""
        return sorted({e.name for e in self.equilibria + self.boundary if e.holds(values)})


# ======================================================================= solver


def solve_symbolic(
    game: Game,
    assumptions: Assumptions,
    max_supports: int = DEFAULT_MAX_SUPPORTS,
    budget: float = DEFAULT_BUDGET,
    verify: int = VERIFY_POINTS,
    seed: int = 0,
    tex_names: Mapping[str, str] | None = None,
) -> SymbolicSolution:
    """All families of perfect Bayesian equilibria of a game with symbolic parameters.

    Parameters
    ----------
    game : Game
        A game with perfect recall whose payoffs and probabilities may be parameters.
    assumptions : Assumptions
        What is known of the parameters: orderings, probabilities in (0, 1), further
        relations; signs are certified under them.
    max_supports : int
        The most combinations of supports examined.
    budget : float
        Seconds the solve may take.
    verify : int
        How many random points consistent with the assumptions each family is
        checked at against the exact numeric solver.
    seed : int
        Seed of those points.
    tex_names : mapping, optional
        LaTeX for parameter names, used by the reports.

    Returns
    -------
    SymbolicSolution
        The families and, apart, those that hold only on a boundary.

    Raises
    ------
    SymbolicUnsupported
        For a game the symbolic solver cannot handle (no perfect recall, a system it
        cannot solve), with the reason.
    LimitError
        Beyond ``max_supports`` or ``budget``.

    See Also
    --------
    solve_model : the same for a model, with its orderings and assumptions.
    """
    problems = game.perfect_recall_problems()
    if problems:
        raise SymbolicUnsupported(f"the symbolic solver needs perfect recall: {problems[0]}")
    params = tuple(sorted(game.parameters))
    unknown = sorted(set(assumptions.names) - set(params))
    if unknown:
        raise SymbolicUnsupported(f"assumptions name {', '.join(unknown)}, which the game does not use")
    leaf = {v.index: tuple(to_sympy(x) for x in game.payoffs(v)) for v in game.terminals}
    chance = {
        h.index: tuple(to_sympy(x) for x in (h.probs or ())) for h in game.infosets if h.player == CHANCE
    }
    for h, probs in chance.items():
        for x in probs:
            if assumptions.sign(x) != 1:
                name = game.infoset_name(h)
                raise SymbolicUnsupported(
                    f"chance set {name!r}: cannot show that probability {x} is positive from the assumptions; "
                    "state them (e.g. 0 < p < 1)"
                )
    ctx = Ctx(
        game,
        assumptions,
        [h for h in game.infosets if h.player != CHANCE],
        subgame_roots_of_sets(game),
        leaf,
        chance,
        time.perf_counter() + budget,
        prune_until=time.perf_counter() + PRUNE_SECONDS,
    )
    combos = list(itertools.islice(_supports(ctx), max_supports + 1))
    if len(combos) > max_supports:
        raise SymbolicUnsupported(
            f"more than {max_supports} combinations of supports survive dominance; "
            "fix more parameters (--set) or use the numeric solver"
        )
    families: list[SymbolicEquilibrium] = []
    rng = random.Random(seed)
    for supports in combos:
        for raw in _solve_supports(ctx, supports):
            for fam in _finish(ctx, raw, rng, verify):
                if fam not in families:
                    families.append(fam)
    families = merge_families(ctx, families)
    families.sort(key=lambda e: (_KIND_ORDER.get(e.kind or "", 9), e.name, len(e.conditions)))
    generic = tuple(f for f in families if not f.on_boundary)
    boundary = tuple(f for f in families if f.on_boundary)
    return SymbolicSolution(
        game, assumptions, params, generic, True, tuple(ctx.notes), dict(tex_names or {}), boundary
    )


_KIND_ORDER = {"separating": 0, "pooling": 1, "semi-separating": 2}


# ---------------------------------------------------------------- supports


def _order(ctx: Ctx) -> list[InfoSet]:
    g = ctx.game
    return sorted(ctx.sets, key=lambda h: -max(g.nodes[v].depth for v in h.nodes))


def _reachable_leaves(ctx: Ctx, start: int, allowed: Mapping[int, list[int]]) -> list[int]:
    g = ctx.game
    out, stack = [], [start]
    while stack:
        v = g.nodes[stack.pop()]
        if not v.children:
            out.append(v.index)
            continue
        acts = allowed.get(v.infoset, range(len(v.children))) if v.player != CHANCE else range(len(v.children))
        stack.extend(v.children[a] for a in acts)
    return out


def _dominated(ctx: Ctx, h: InfoSet, b: int, a: int, allowed: Mapping[int, list[int]]) -> bool:
    """True when action ``a`` beats ``b`` at every node of ``h`` for every assignment."""
    g = ctx.game
    i = h.player
    for v in h.nodes:
        va = _reachable_leaves(ctx, g.nodes[v].children[a], allowed)
        vb = _reachable_leaves(ctx, g.nodes[v].children[b], allowed)
        for la in va:
            for lb in vb:
                if ctx.assumptions.sign(ctx.leaf[la][i] - ctx.leaf[lb][i]) != 1:
                    return False
    return True


def _supports(ctx: Ctx) -> Iterator[dict[int, tuple[int, ...]]]:
    allowed: dict[int, list[int]] = {h.index: list(range(len(h.actions))) for h in ctx.sets}

    def survivors(h: InfoSet) -> list[int]:
        acts = range(len(h.actions))
        return [b for b in acts if not any(a != b and _dominated(ctx, h, b, a, allowed) for a in acts)]

    return enumerate_supports(_order(ctx), allowed, survivors)


# ---------------------------------------------------------- one combination


class _Tidy:
    """Behavior, beliefs and payoffs with a solution put in, tidied once and on demand
    (only for families that survive pruning: tidying is costly)."""

    def __init__(self, behavior: Mapping[int, list[Any]], beliefs: Mapping[int, tuple[Any, ...]],
                 payoffs: tuple[Any, ...], sub: Mapping[Any, Any]) -> None:
        self.raw = (behavior, beliefs, payoffs)
        self.sub = sub
        self.done: tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]], tuple[Any, ...]] | None = None

    def get(self) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]], tuple[Any, ...]]:
        if self.done is None:
            behavior, beliefs, payoffs = self.raw
            self.done = (
                {h: tuple(_tidy(x, self.sub) for x in row) for h, row in behavior.items()},
                {h: tuple(_tidy(x, self.sub) for x in row) for h, row in beliefs.items()},
                tuple(_tidy(x, self.sub, factor=False) for x in payoffs),
            )
        return self.done


@dataclass
class _Family:
    tidy: _Tidy
    raw: list[tuple[Any, str]]  # conditions expr OP 0 on parameters
    belief_conditions: list[tuple[Any, str]]
    free: list[Any]
    supports: dict[int, tuple[int, ...]]


def _solve_supports(ctx: Ctx, supports: dict[int, tuple[int, ...]]) -> Iterator[_Family]:
    g = ctx.game
    behavior: dict[int, list[Any]] = {}
    sigma: list[Any] = []
    positivity: list[Any] = []
    for h in ctx.sets:
        row: list[Any] = [sympy.Integer(0)] * len(h.actions)
        support = supports[h.index]
        if len(support) == 1:
            row[support[0]] = sympy.Integer(1)
        else:
            rest: Any = sympy.Integer(1)
            for a in support[:-1]:
                s = sympy.Symbol(f"sigma({g.infoset_name(h)}:{h.actions[a]})", real=True)
                sigma.append(s)
                row[a] = s
                rest = rest - s
            row[support[-1]] = rest
            positivity.extend(row[a] for a in support)
        behavior[h.index] = row

    def prob(v: int, a: int) -> Any:
        node = g.nodes[v]
        return ctx.chance[node.infoset][a] if node.player == CHANCE else behavior[node.infoset][a]

    # values bottom-up
    values: list[tuple[Any, ...]] = [()] * len(g.nodes)
    for v in reversed(g.nodes):
        if not v.children:
            values[v.index] = ctx.leaf[v.index]
            continue
        total = [sympy.Integer(0)] * g.num_players
        for a, c in enumerate(v.children):
            w = prob(v.index, a)
            if w == 0:
                continue
            total = [t + w * x for t, x in zip(total, values[c])]
        values[v.index] = tuple(total)

    def weight(v: int, root: int) -> Any:
        return reach_weight(g, v, root, lambda at, a: prob(at.index, a), sympy.Integer(1))

    def reached(v: int, root: int) -> bool:
        return reached_under(g, v, root, lambda at, a: at.player == CHANCE or a in supports[at.infoset])

    mus: list[Any] = []
    weights: dict[int, list[Any]] = {}
    beliefs: dict[int, tuple[Any, ...]] = {}
    offpath: set[int] = set()
    for h in ctx.sets:
        root = ctx.roots[h.index]
        if len(h.nodes) == 1:
            weights[h.index] = [sympy.Integer(1)]
            continue
        if any(reached(v, root) for v in h.nodes):
            ws = [weight(v, root) for v in h.nodes]
            weights[h.index] = ws
            total = sympy.Add(*ws)
            beliefs[h.index] = tuple(w / total for w in ws)
        else:
            offpath.add(h.index)
            row = [belief_symbol(g.node_name(v)) for v in h.nodes[:-1]]
            mus.extend(row)
            row.append(1 - sympy.Add(*row))
            weights[h.index] = row
            beliefs[h.index] = tuple(row)

    equations: list[Any] = []
    inequalities: list[tuple[Any, str]] = [(x, ">") for x in positivity]
    for h in ctx.sets:
        if h.index in offpath:
            inequalities.extend((w, ">=") for w in weights[h.index])
        i = h.player
        ev = [
            sympy.Add(*(w * values[g.nodes[v].children[a]][i] for w, v in zip(weights[h.index], h.nodes)))
            for a in range(len(h.actions))
        ]
        support = supports[h.index]
        first = ev[support[0]]
        equations.extend(sympy.expand(ev[a] - first) for a in support[1:])
        inequalities.extend((first - ev[b], ">=") for b in range(len(h.actions)) if b not in support)

    unknowns = sigma + mus
    equations0 = list(equations)
    queue: list[tuple[list[Any], list[Any]]] = [(equations0, [])]
    tried: set[Any] = set()
    while queue:
        equations, special = queue.pop()
        yield from _solve_one(ctx, supports, equations, special, unknowns, inequalities, behavior, beliefs,
                              values, queue, tried)


def _solve_one(
    ctx: Ctx, supports: dict[int, tuple[int, ...]], equations: list[Any], special: list[Any], unknowns: list[Any],
    inequalities: list[tuple[Any, str]], behavior: Mapping[int, list[Any]], beliefs: Mapping[int, tuple[Any, ...]],
    values: list[tuple[Any, ...]], queue: list[tuple[list[Any], list[Any]]], tried: set[Any],
) -> Iterator[_Family]:
    """One support system (``special``: equations among the parameters where a
    denominator of a more general solution vanishes, solved again with them put in)."""
    g = ctx.game
    unknown_set = set(unknowns)
    param_eqs = [e for e in equations if not (e.free_symbols & unknown_set)]
    var_eqs = [e for e in equations if e.free_symbols & unknown_set]
    if var_eqs:
        remaining = ctx.deadline - time.perf_counter()
        if remaining <= 0:
            raise SymbolicUnsupported("the symbolic solver ran out of time; fix more parameters (--set)")
        from ..solvers.common import TimeUp, time_limit

        try:
            with time_limit(remaining):
                found = sympy.solve(var_eqs, unknowns, dict=True)
        except TimeUp:
            raise SymbolicUnsupported("the symbolic solver ran out of time; fix more parameters (--set)") from None
        except NotImplementedError as err:
            raise SymbolicUnsupported(f"sympy cannot solve a support system: {err}") from err
        # each solution with its residues that stand for curves (see solve_on_curves)
        solutions: list[tuple[dict[Any, Any], dict[Any, Any]]] = [(sol, {}) for sol in found]
        if not found:
            curves = consistent_cases(ctx, var_eqs, equations, unknowns, special, queue, tried)
            if curves:
                solutions = solve_on_curves(ctx, var_eqs, unknowns, curves)
    else:
        solutions = [({}, {})]
    for sol, named in solutions:
        if any(not (isinstance(v, sympy.Expr) and v.is_real is not False) for v in sol.values()):
            continue
        free = [u for u in unknowns if u not in sol]
        sub = {k: sympy.cancel(v) for k, v in sol.items()}
        raw: list[tuple[Any, str]] = [(e, "=") for e in param_eqs] + [(e, "=") for e in special]
        # equations sympy solved but whose substitution leaves a parameter condition
        for e in var_eqs:
            rest = sympy.numer(sympy.together(e.xreplace(sub)))
            rest = sympy.expand(rest)
            if rest != 0 and not (rest.free_symbols & unknown_set):
                raw.append((named.get(rest, rest), "="))
        if raw and impossible(ctx, raw):
            continue
        pins = pinned_values(ctx, raw)
        constraints = [(sympy.together(x.xreplace(sub).xreplace(pins)), op) for x, op in inequalities]
        belief_conds = [(x, op) for x, op in constraints if x.free_symbols & set(free)]
        branches: list[list[tuple[Any, str]]] = [constraints]
        for z in free:
            branches = [
                [(x, op) for x, op in branch if z not in x.free_symbols] + cases + rest
                for branch in branches
                for rest, cases in _eliminate(ctx, z, [(x, op) for x, op in branch if z in x.free_symbols])
            ]
            branches = [b for b in branches if not impossible_branch(ctx, raw, b, set(free))]
            if len(branches) > MAX_BRANCHES and special:
                ctx.notes.append(
                    f"the families on the boundary {' = 0, '.join(map(str, special))} = 0 with "
                    f"{', '.join(map(str, free))} free were not listed: more than {MAX_BRANCHES} sign cases"
                )
                return
            if len(branches) > MAX_BRANCHES:
                raise SymbolicUnsupported(
                    f"more than {MAX_BRANCHES} sign cases for the free unknowns of one support system; "
                    "fix more parameters (--set)"
                )
        tidy = _Tidy(behavior, beliefs, values[g.root.index], sub)
        for branch in branches:
            yield _Family(tidy, raw + branch, belief_conds, free, supports)
        special_cases(ctx, sub, raw, equations, special, queue, tried)


def _tidy(x: Any, sub: Mapping[Any, Any], factor: bool = True) -> Any:
    x = (sympy.Integer(0) + x).xreplace(sub)
    if x.is_number or not factor:
        return x  # payoffs: simplified only when printed (cancelling them is costly)
    return sympy.factor(sympy.cancel(x))


#: Most sign cases one support system may split into.
MAX_BRANCHES = 256


def _eliminate(
    ctx: Ctx, z: Any, constraints: list[tuple[Any, str]]
) -> list[tuple[list[tuple[Any, str]], list[tuple[Any, str]]]]:
    """Fourier-Motzkin for ``z``: ``(conditions, case)`` pairs, one per sign case.

    A denominator whose sign the assumptions do not decide splits the elimination into
    the cases ``den > 0`` and ``den < 0`` (where it is zero the constraint has no
    value); a coefficient of ``z`` whose sign they do not decide into ``c > 0``,
    ``c < 0`` and ``c = 0``.  Each case is added to the conditions of the families it
    yields; a case impossible under the assumptions is skipped.
    """
    parts: list[tuple[Any, Any, str]] = []  # numerator, denominator, OP
    dens: list[Any] = []
    for x, op in constraints:
        num, den = sympy.fraction(sympy.together(x))
        parts.append((num, den, op))
        if ctx.assumptions.sign(den) in (None, 0) and not any(sympy.expand(den - u) == 0 for u in dens):
            dens.append(den)
    out = []
    for den_signs in itertools.product((1, -1), repeat=len(dens)):
        den_case = [(d if s > 0 else -d, ">") for d, s in zip(dens, den_signs)]
        if den_case and impossible(ctx, den_case):
            continue
        known_den = {sympy.expand(d): s for d, s in zip(dens, den_signs)}
        rows: list[tuple[Any, Any, str]] = []  # c*z + d OP 0
        with_z = [(d, op) for d, op in den_case if z in d.free_symbols]
        den_case = [(d, op) for d, op in den_case if z not in d.free_symbols]
        for num, den, op in parts + [(d, sympy.Integer(1), op) for d, op in with_z]:
            s_den = ctx.assumptions.sign(den) or known_den[sympy.expand(den)]
            poly = sympy.Poly(sympy.expand(num * s_den), z)
            if poly.degree() > 1:
                raise SymbolicUnsupported(f"a free unknown ({z}) enters a condition non-linearly: {num} {op} 0")
            c, d = (poly.all_coeffs() if poly.degree() == 1 else (sympy.Integer(0), poly.as_expr()))
            rows.append((c, d, op))
        for conds, case in _eliminate_rows(ctx, rows):
            out.append((conds, den_case + case))
    return out


def _eliminate_rows(
    ctx: Ctx, rows: list[tuple[Any, Any, str]]
) -> list[tuple[list[tuple[Any, str]], list[tuple[Any, str]]]]:
    """Fourier-Motzkin on rows ``c*z + d OP 0``, split on the signs of undecided ``c``."""
    undecided: list[Any] = []
    for c, _, _ in rows:
        if c != 0 and ctx.assumptions.sign(c) is None and not any(sympy.expand(c - u) == 0 for u in undecided):
            undecided.append(c)
    out = []
    for signs in itertools.product((1, -1, 0), repeat=len(undecided)):
        case = [(c if s > 0 else -c, ">") if s else (c, "=") for c, s in zip(undecided, signs)]
        if case and impossible(ctx, case):
            continue
        known = dict(zip((sympy.expand(c) for c in undecided), signs))
        lower: list[tuple[Any, str]] = []
        upper: list[tuple[Any, str]] = []
        conds: list[tuple[Any, str]] = []
        for c, d, op in rows:
            s = 0 if c == 0 else known.get(sympy.expand(c))
            if s is None:
                s = ctx.assumptions.sign(c)
                if s is None:  # the negation of an undecided coefficient
                    s = -known[sympy.expand(-c)]
            if s == 0:
                conds.append((d, op))
            elif s > 0:
                lower.append((-d / c, op))
            else:
                upper.append((-d / c, op))
        for (lo, op1), (hi, op2) in itertools.product(lower, upper):
            conds.append((sympy.together(hi - lo), ">" if ">" in (op1, op2) else ">="))
        out.append((conds, case))
    return out


# ---------------------------------------------------------------- finishing


def _finish(ctx: Ctx, fam: _Family, rng: random.Random, verify: int) -> list[SymbolicEquilibrium]:
    """The family's conditions split on the signs of undecided denominators, each case
    simplified, pruned and verified: one equilibrium family per possible case."""
    parts: list[tuple[Any, Any, str]] = []
    dens: list[Any] = []
    for expr, op in fam.raw:
        num, den = sympy.fraction(sympy.together(sympy.Integer(0) + expr))
        parts.append((num, den, op))
        if ctx.assumptions.sign(den) in (None, 0) and not any(sympy.expand(den - u) == 0 for u in dens):
            dens.append(den)
    out = []
    for signs in itertools.product((1, -1), repeat=len(dens)):
        known = {sympy.expand(d): s for d, s in zip(dens, signs)}
        raw = [(d if s > 0 else -d, ">") for d, s in zip(dens, signs)]
        for num, den, op in parts:
            s_den = ctx.assumptions.sign(den) or known[sympy.expand(den)]
            raw.append((num * s_den, op))
        done = _finish_case(ctx, fam, raw, rng, verify)
        if done is not None:
            out.append(done)
    return out


def _conditions(ctx: Ctx, raw: list[tuple[Any, str]]) -> list[Condition] | None:
    """Raw conditions simplified, possible together and none implied by the others; None if impossible."""
    from .regions import decide, implied

    conds: list[Condition] = []
    for expr, op in raw:
        result = simplify(expr, op, ctx.assumptions, _probability_names(ctx))
        if result is False:
            return None
        if result is True:
            continue
        assert isinstance(result, Condition)
        if not any(_same(result, c) for c in conds):
            conds = [c for c in conds if not _weaker(c, result)]
            if not any(_weaker(result, c) for c in conds):
                conds.append(result)
    if _opposed(conds):
        return None
    status, _ = bounded(ctx, (None, None), decide, ctx.assumptions, [(c.expr, c.op) for c in conds])
    if status is False:
        return None
    if status is None:
        return conds
    k = len(conds) - 1
    while k >= 0:  # drop, last first, each condition the others imply
        others = [(c.expr, c.op) for j, c in enumerate(conds) if j != k]
        if bounded(ctx, False, implied, ctx.assumptions, others, (conds[k].expr, conds[k].op)):
            del conds[k]
        k -= 1
    return conds


def _opposed(conds: list[Condition]) -> bool:
    """Two conditions that contradict each other outright (``e > 0`` and ``-e >= 0``): a cheap first test."""
    for i, a in enumerate(conds):
        for b in conds[i + 1 :]:
            if "=" in (a.op, b.op) or (a.op == b.op == ">="):
                continue
            if sympy.expand(a.expr + b.expr) == 0:
                return True
    return False


def _finish_case(
    ctx: Ctx, fam: _Family, raw: list[tuple[Any, str]], rng: random.Random, verify: int
) -> SymbolicEquilibrium | None:
    from .regions import decide, search

    g = ctx.game
    probs = tuple(g.parameters)
    found = _conditions(ctx, raw)
    if found is None:
        return None
    conds = found
    rows = [(c.expr, c.op) for c in conds]
    status, first = bounded(ctx, (None, None), decide, ctx.assumptions, rows)
    # points where the family holds: for its kind, and to verify it numerically
    points = [{**dict.fromkeys(probs, Fraction(0)), **first}] if first is not None else []
    if len(points) < max(verify, 1):
        for _ in range(max(verify, 1) - len(points)):
            point = search(ctx.assumptions, rows, probs, rng, tries=40 if points else 200)
            if point is None:
                break
            points.append(point)
    if status is None and not points:
        ctx.notes.append(
            f"a family with conditions {[c.text() for c in conds]} was kept: no point where they hold "
            "was found, and that none exists could not be proved"
        )
    kind: str | None = None
    verified = 0
    for point in points:
        profile = _numeric_profile(g, fam, point)
        if profile is None:
            continue
        from ..solvers.pbe import classify_signaling

        kind = classify_signaling(profile)
        if not is_pbe(profile):
            raise SolverError(
                "internal check failed: a symbolic family is not a PBE at "
                + ", ".join(f"{k}={v}" for k, v in sorted(point.items()))
            )
        verified += 1
    if kind is None:
        kind = structural_kind(g, fam.supports)
    name = kind or signature(g, fam.supports)
    free_names = tuple(str(z) for z in fam.free)
    belief_texts = tuple(
        sorted(
            {
                c.text()
                for x, op in fam.belief_conditions
                if (c := simplify(x, op, ctx.assumptions, _probability_names(ctx))) is not True and c is not False
                and isinstance(c, Condition)
            }
        )
    )
    return SymbolicEquilibrium(
        g,
        name,
        kind,
        {h: tuple(row) for h, row in fam.tidy.get()[0].items()},
        dict(fam.tidy.get()[1]),
        fam.tidy.get()[2],
        tuple(conds),
        belief_texts,
        free_names,
        verified,
    )


def _probability_names(ctx: Ctx) -> tuple[str, ...]:
    return ctx.assumptions.probabilities


def _same(a: Condition, b: Condition) -> bool:
    return a.op == b.op and sympy.expand(a.expr - b.expr) == 0


def _weaker(a: Condition, b: Condition) -> bool:
    """``a`` is implied by ``b`` (same expression, ``>=`` against ``>``)."""
    return a.op == ">=" and b.op == ">" and sympy.expand(a.expr - b.expr) == 0


def _numeric_profile(g: Game, fam: _Family, point: Mapping[str, Fraction]) -> Profile | None:
    """The family's behavior at ``point`` (free unknowns at a feasible value), or None."""
    rows: dict[int, list[Fraction]] = {}
    for h, row in fam.tidy.get()[0].items():
        try:
            rows[h] = [evaluate_exact(sympy.Integer(0) + x, point) for x in row]
        except (ValueError, ZeroDivisionError):
            return None  # depends on a free unknown: verified through the numeric solver instead
    try:
        return Profile.from_probs(g.bind(point), rows)
    except GameToolkitError:
        return None
