"""Refinements of symbolic families: where on the parameters each family survives.

For a family of perfect Bayesian equilibria (:class:`~.solver.SymbolicEquilibrium`)
the Intuitive Criterion and D1 compare each type's equilibrium payoff with what an
off-path message brings it against the receiver's best replies.  With symbolic
payoffs these comparisons are signs of expressions in the parameters, and the answer
may differ across the family's region.  :func:`refine_families` runs the very
steps of :mod:`gametoolkit.refine.criteria` with an oracle that answers a sign where
the region (the assumptions, the family's conditions and the cases taken so far)
decides it (:func:`~.regions.decide`, exactly), and otherwise *splits*: the test
runs again in each case that is possible.  The cases form a tree whose leaves carry
a verdict and its reason; sibling cases with the same verdict are merged (``e > 0``
and ``e = 0`` become ``e >= 0``) and a subtree with one verdict becomes a leaf.

A verdict is then ``holds`` true or false on the whole region, or ``null`` with the
``condition`` under which the family survives (the cases with verdict true, joined by
``or``), and every case with its own reason.  The outcome test of the criteria does
not look at the off-path beliefs or at the receiver's response to the unsent message,
so the free beliefs of a family do not enter; behavior that a continuum leaves free
(``sigma(...)``, in families that hold only on a boundary) is left undecided where it
changes payoffs: each member has its own verdict, which the numeric ``--refine``
gives exactly at any point.

``sequential``: in a sender-receiver game whose types all have positive probability
and whose sets after the responses are single nodes, every belief after an unsent
message is the limit of that type's own trembles, so every PBE is sequential; other
games are left undecided (``holds`` null; the numeric check is exact at any point).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from ..core.game import CHANCE, Game
from ..refine.criteria import CRITERIA, Table
from ..refine.signaling import SignalingGame, recognise
from ..refine.verdict import Verdict
from .assumptions import Assumptions
from .conditions import Condition, simplify
from .expr import compare, evaluate_exact, to_sympy, to_text
from .regions import decide, implied, negations
from .solver import SymbolicEquilibrium, SymbolicSolution

__all__ = ["SymbolicVerdict", "refine_families"]

#: Most cases one verdict may split into before it is left undecided.
MAX_CASES = 64
#: Seconds all the verdicts of one solution may take.
DEFAULT_BUDGET = 120.0

Row = tuple[Any, str]

_LABELS = {"intuitive": "the Intuitive Criterion", "d1": "D1", "sequential": "consistency"}


@dataclass(frozen=True)
class Case:
    """Part of a family's region (its conditions, all of which hold) and the verdict there."""

    conditions: tuple[str, ...]
    holds: bool | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"conditions": list(self.conditions), "holds": self.holds, "reason": self.reason}


@dataclass(frozen=True)
class SymbolicVerdict:
    """A refinement's verdict on a family: ``holds`` true or false throughout its region,
    or null with ``condition``, where it survives, when that depends on the parameters
    (or with the reason it is undecided)."""

    holds: bool | None
    reason: str
    condition: str | None = None
    cases: tuple[Case, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """``{"holds", "reason"}`` of ``DESIGN.md``, with ``condition`` and ``cases`` added."""
        out: dict[str, Any] = {"holds": self.holds, "reason": self.reason}
        if self.condition is not None:
            out["condition"] = self.condition
        if len(self.cases) > 1:
            out["cases"] = [c.to_json() for c in self.cases]
        return out


# ---------------------------------------------------------------- the oracle
class _Split(Exception):
    def __init__(self, cases: list[Row]) -> None:
        super().__init__("split")
        self.cases = cases


class _Empty(Exception):
    pass


class _Region:
    """Sign questions answered on one case of a family's region (rows that all hold).

    A question is settled without a call to :func:`~.regions.decide` on the side that a
    known point of the case (a witness of an earlier question) already shows possible.
    """

    def __init__(self, ctx: _Context, path: list[Row]) -> None:
        self.ctx = ctx
        self.path = path
        self.points = [p for p in ctx.points if _meets(path, p)]

    def _possible(self, row: Row) -> bool:
        if any(_meets([row], p) for p in self.points):
            return True
        found, point = self.ctx.possible([*self.path, row])
        if point is not None:
            self.points.append(point)
        return found

    def _form(self, x: Any) -> Any:
        """``x`` as a polynomial of the same sign (denominators of known sign divided out)."""
        num, den = sympy.fraction(sympy.together(sympy.Integer(0) + x))
        s = self.ctx.assumptions.sign(den)
        return sympy.expand(num * s if s in (1, -1) else num * den)

    def _known(self, x: Any, op: str) -> bool | None:
        x = self._form(x)
        if x.is_number:
            return compare(Fraction(int(x.p), int(x.q)), op)
        s = self.ctx.assumptions.sign(x)
        if s is not None:
            return compare(Fraction(s), op)
        return None

    def test(self, x: Any, op: str) -> bool:
        known = self._known(x, op)
        if known is not None:
            return known
        x = self._form(x)
        yes = self._possible((x, op))
        no = [c for c in negations(x, op) if self._possible(c)]
        if not yes and not no:
            raise _Empty
        if not no:
            return True
        if not yes:
            return False
        raise _Split([(x, op), *no])

    def sign(self, x: Any) -> int:
        x = self._form(x)
        if x.is_number:
            return int(sympy.sign(x))
        s = self.ctx.assumptions.sign(x)
        if s is not None:
            return s
        cases = [c for c in ((x, ">"), (x, "="), (-x, ">")) if self._possible(c)]
        if not cases:
            raise _Empty
        if len(cases) > 1:
            raise _Split(cases)
        e, op = cases[0]
        return 0 if op == "=" else 1 if e is x else -1

    def peek(self, x: Any, op: str) -> bool | None:
        known = self._known(x, op)
        if known is not None:
            return known
        x = self._form(x)
        if not self._possible((x, op)):
            return False
        if not any(self._possible(c) for c in negations(x, op)):
            return True
        return None

    def norm(self, x: Any) -> Any:
        return sympy.cancel(sympy.Integer(0) + x)

    def show(self, x: Any) -> str:
        x = sympy.Integer(0) + x
        return to_text(x if x.is_number else sympy.factor(sympy.cancel(x)), self.ctx.assumptions.sign)


class _Context:
    """One family: its region's rows, a cache of decided regions, and the clock."""

    def __init__(self, assumptions: Assumptions, base: list[Row], deadline: float) -> None:
        self.assumptions = assumptions
        self.base = base
        self.deadline = deadline
        self.cache: dict[tuple[tuple[str, str], ...], bool] = {}
        self.points: list[dict[str, Fraction]] = []

    def possible(self, rows: list[Row]) -> tuple[bool, dict[str, Fraction] | None]:
        """Whether the base rows and ``rows`` can hold together (undecided counts as
        possible), with a point where they do when one is found."""
        key = tuple(sorted((sympy.srepr(e), op) for e, op in rows))
        if key in self.cache:
            return self.cache[key], None
        if time.perf_counter() > self.deadline:
            raise _OutOfTime
        status, point = decide(self.assumptions, [*self.base, *rows])
        self.cache[key] = status is not False
        if point is not None and _meets([*self.base, *rows], point):
            self.points.append(point)
            return True, point
        return self.cache[key], None


def _meets(rows: Sequence[Row], point: Mapping[str, Fraction]) -> bool:
    """Every row holds at ``point`` (exactly; False where a name is unbound or a value undefined)."""
    try:
        return all(compare(evaluate_exact(sympy.Integer(0) + e, point), op) for e, op in rows)
    except (ValueError, ZeroDivisionError, KeyError):
        return False


class _OutOfTime(Exception):
    pass


class _TooMany(Exception):
    pass


# ---------------------------------------------------------------- case trees
@dataclass
class _Node:
    verdict: Verdict | None = None  # a leaf
    branches: list[tuple[list[Row], _Node]] = field(default_factory=list)

    def leaves(self, path: tuple[Row, ...] = ()) -> list[tuple[tuple[Row, ...], Verdict]]:
        if self.verdict is not None:
            return [(path, self.verdict)]
        return [leaf for rows, child in self.branches for leaf in child.leaves(path + tuple(rows))]


def _explore(ctx: _Context, run: Any, path: list[Row], count: list[int]) -> _Node | None:
    """The case tree below ``path`` (None: the case is empty)."""
    try:
        return _Node(run(_Region(ctx, path)))
    except _Empty:
        return None
    except _Split as split:
        node = _Node()
        for case in split.cases:
            count[0] += 1
            if count[0] > MAX_CASES:
                raise _TooMany from None
            child = _explore(ctx, run, [*path, case], count)
            if child is not None:
                node.branches.append(([case], child))
        if not node.branches:
            return None
        return _collapse(node)


def _collapse(node: _Node) -> _Node:
    """Siblings with one verdict and reason merged; a split whose cases all agree becomes a leaf."""
    verdicts = [child.verdict for _, child in node.branches]
    if all(v is not None for v in verdicts) and len(set(verdicts)) == 1:
        return _Node(verdicts[0])
    merged: list[tuple[list[Row], _Node]] = []
    for rows, child in node.branches:
        for k, (other, sibling) in enumerate(merged):
            both = _join(other, rows)
            if both is not None and child.verdict is not None and child.verdict == sibling.verdict:
                merged[k] = (both, sibling)
                break
        else:
            merged.append((rows, child))
    return _Node(None, merged)


def _join(a: list[Row], b: list[Row]) -> list[Row] | None:
    """``e > 0`` or ``e = 0`` as ``e >= 0`` (either order, either sign of ``e``)."""
    if len(a) != 1 or len(b) != 1:
        return None
    (ea, oa), (eb, ob) = a[0], b[0]
    for (x, ox), (y, oy) in (((ea, oa), (eb, ob)), ((eb, ob), (ea, oa))):
        if ox == ">" and oy == "=" and (sympy.expand(x - y) == 0 or sympy.expand(x + y) == 0):
            return [(x, ">=")]
    return None


# ---------------------------------------------------------------- one family
def _tables(
    game: Game, s: SignalingGame, fam: SymbolicEquilibrium
) -> tuple[dict[int, Any], list[Table]]:
    """Each type's equilibrium payoff and every message's payoff tables, as expressions."""
    g = game
    values: list[tuple[Any, ...]] = [()] * len(g.nodes)
    for v in reversed(g.nodes):
        if not v.children:
            values[v.index] = tuple(to_sympy(x) for x in g.payoffs(v))
            continue
        h = g.infosets[v.infoset]
        probs = [to_sympy(x) for x in h.probs or ()] if v.player == CHANCE else list(fam.behavior[v.infoset])
        total = [sympy.Integer(0)] * g.num_players
        for w, c in zip(probs, v.children):
            if w != 0:
                total = [t + w * x for t, x in zip(total, values[c])]
        values[v.index] = tuple(sympy.cancel(t) for t in total)
    star = {pos: values[t][s.sender] for pos, t in enumerate(s.types)}
    tables = []
    for label, nodes in s.messages.items():
        h = g.infosets[s.response_set[label]]
        sender = {pos: tuple(values[c][s.sender] for c in g.nodes[v].children) for pos, v in nodes.items()}
        receiver = {pos: tuple(values[c][s.receiver] for c in g.nodes[v].children) for pos, v in nodes.items()}
        on_path = False
        for pos in nodes:
            node = g.nodes[s.types[pos]]
            a = g.infosets[node.infoset].actions.index(label)
            if sympy.Integer(0) + fam.behavior[node.infoset][a] != 0:
                on_path = True
        tables.append(Table(label, tuple(sorted(nodes)), h.actions, sender, receiver, on_path))
    return star, tables


def _condition_text(rows: Sequence[Row], assumptions: Assumptions) -> list[str]:
    out = []
    for e, op in rows:
        c = simplify(e, op, assumptions, assumptions.probabilities)
        if isinstance(c, Condition):
            out.append(c.text())
    return out


def _verdict(name: str, tree: _Node, ctx: _Context) -> SymbolicVerdict:
    leaves = tree.leaves()
    holds = {v.holds for _, v in leaves}
    if len(holds) == 1:
        groups: dict[tuple[bool | None, str], list[list[Row]]] = {}
        for rows, v in leaves:
            groups.setdefault((v.holds, v.reason), []).append(list(rows))
        cases = tuple(
            Case(tuple(_condition_text(rows, ctx.assumptions)), h, reason)
            for (h, reason), conjunctions in groups.items()
            for rows in (_simplest(ctx, conjunctions) if len(groups) > 1 else [[]])
        )
        if len(cases) == 1:
            return SymbolicVerdict(cases[0].holds, cases[0].reason, None, cases)
        heads = {c.reason.split(": ", 1)[0] for c in cases}
        if len(heads) == 1 and all(": " in c.reason for c in cases):
            reason = heads.pop() + ": " + "; ".join(
                f"where {' and '.join(c.conditions)}, {c.reason.split(': ', 1)[1]}" for c in cases
            )
        else:
            reason = "; ".join(f"where {' and '.join(c.conditions)}: {c.reason}" for c in cases)
        return SymbolicVerdict(cases[0].holds, reason, None, cases)
    true = _simplest(ctx, [list(rows) for rows, v in leaves if v.holds])
    groups = {}
    for rows, v in leaves:  # cases with the same verdict and reason are told once
        groups.setdefault((v.holds, v.reason), []).append(list(rows))
    cases = tuple(
        Case(tuple(_condition_text(rows, ctx.assumptions)), holds, reason)
        for (holds, reason), conjunctions in groups.items()
        for rows in _simplest(ctx, conjunctions)
    )
    parts = [" and ".join(_condition_text(c, ctx.assumptions)) or "always" for c in true]
    condition = " or ".join(f"({p})" if " and " in p and len(parts) > 1 else p for p in parts)
    label = _LABELS[name]
    reason = f"depends on the parameters: survives {label} iff {condition}; " + "; ".join(
        f"where {' and '.join(c.conditions)}: {c.reason}" for c in cases if not c.holds
    )
    return SymbolicVerdict(None, reason, condition, cases)


# ---------------------------------------------------------------- simplest conditions
def _key(row: Row) -> tuple[Any, str]:
    e, op = row
    e = sympy.expand(e)
    if op == "=" and e.could_extract_minus_sign():
        e = -e
    return e, op


def _complement(a: Row, b: Row) -> bool:
    """``a`` is the negation of ``b`` (``e > 0`` against ``-e >= 0``)."""
    (ea, oa), (eb, ob) = a, b
    return {oa, ob} == {">", ">="} and sympy.expand(ea + eb) == 0


def _simplest(ctx: _Context, conjunctions: list[list[Row]]) -> list[list[Row]]:
    """A shorter disjunction of the same conjunctions of rows, within the family's region.

    Rows that the others imply are dropped; ``e >= 0`` with ``-e >= 0`` becomes ``e = 0``;
    two conjunctions that differ in ``e > 0`` against ``e = 0`` join as ``e >= 0``; a
    row whose negation makes a conjunction of its own (with rows it already has) is
    dropped (``A and not B or B`` is ``A or B``); a conjunction that implies another is
    dropped.
    """
    out = [_pruned(ctx, [_key(r) for r in c]) for c in conjunctions]
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(out):
            for j, b in enumerate(out):
                if i == j:
                    continue
                joined = _joined(a, b)
                if joined is not None:
                    out = [c for k, c in enumerate(out) if k not in (i, j)] + [_pruned(ctx, joined)]
                    changed = True
                    break
                for row in a:
                    rest_a = [r for r in a if r != row]
                    neg = [r for r in b if _complement(r, row)]
                    if neg and all(r in rest_a for r in b if r is not neg[0]):
                        out[i] = _pruned(ctx, rest_a)
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break
        if not changed:
            for i, a in enumerate(out):
                if any(j != i and _implies(ctx, a, b) for j, b in enumerate(out)):
                    del out[i]
                    changed = True
                    break
    return out


def _joined(a: list[Row], b: list[Row]) -> list[Row] | None:
    """``R and e > 0`` with ``R and e = 0`` as ``R and e >= 0``; None when they do not join."""
    only_a = [r for r in a if r not in b]
    only_b = [r for r in b if r not in a]
    if len(only_a) == 1 and len(only_b) == 1:
        both = _join([only_a[0]], [only_b[0]])
        if both is not None:
            return [r for r in a if r in b] + [_key(both[0])]
    return None


def _pruned(ctx: _Context, rows: list[Row]) -> list[Row]:
    """``rows`` without those the others (and the region) imply; ``e >= 0, -e >= 0`` as ``e = 0``."""
    rows = list(dict.fromkeys(rows))
    for r in list(rows):
        e, op = r
        if op == ">=" and (sympy.expand(-e), ">=") in rows and r in rows:
            rows = [x for x in rows if x not in (r, (sympy.expand(-e), ">="))] + [_key((e, "="))]
    k = len(rows) - 1
    while k >= 0:
        others = [r for j, r in enumerate(rows) if j != k]
        e, op = rows[k]
        if implied(ctx.assumptions, [*ctx.base, *others], rows[k]):
            del rows[k]
        elif op == ">=" and implied(ctx.assumptions, [*ctx.base, *others], (-e, ">=")):
            rows[k] = _key((e, "="))  # e >= 0 where the region has e <= 0: e = 0
        k -= 1
    return rows


def _implies(ctx: _Context, a: list[Row], b: list[Row]) -> bool:
    return all(r in a or implied(ctx.assumptions, [*ctx.base, *a], r) for r in b)


def _sequential(game: Game, s: SignalingGame | None, why: str) -> SymbolicVerdict:
    if s is None:
        return SymbolicVerdict(None, f"consistency undecided: for a symbolic family it is decided in sender-receiver games only ({why}); "
                               "give every parameter a value (--set) for the exact check")
    receiver_sets = set(s.response_set.values())
    later = [h for h in game.infosets if h.player != CHANCE and h.index not in receiver_sets
             and h.index not in s.sender_sets and len(h.nodes) > 1]
    if later or len(s.types) != len(game.root.children):
        return SymbolicVerdict(None, "consistency undecided: for a symbolic family it is decided only where every set after the "
                               "responses is a single node and every type has positive probability; give every "
                               "parameter a value (--set) for the exact check")
    return SymbolicVerdict(True, "sequential: in a sender-receiver game whose types all have positive probability, "
                           "each belief after an unsent message is the limit of that type's own trembles")


def _recognise(sol: SymbolicSolution) -> tuple[SignalingGame | None, str]:
    """The sender-receiver structure, read from the game with its chance probabilities
    at a consistent point (certified positive by the solver, so the structure is theirs)."""
    g = sol.game
    chance_names = {str(n) for h in g.infosets if h.player == CHANCE for x in h.probs or () for n in _names_in(x)}
    if chance_names:
        import random

        point = sol.assumptions.sample(random.Random(0), sorted(chance_names))
        g = g.bind({k: v for k, v in point.items() if k in chance_names})
    return recognise(g)


def _names_in(x: Any) -> set[str]:
    return {str(s.name) for s in (sympy.Integer(0) + to_sympy(x)).free_symbols}


def refine_families(
    sol: SymbolicSolution, names: Sequence[str], budget: float = DEFAULT_BUDGET
) -> list[dict[str, SymbolicVerdict]]:
    """The verdicts of the named refinements on every family of ``sol``.

    Parameters
    ----------
    sol : SymbolicSolution
        The families (``equilibria`` then ``boundary``).
    names : sequence of str
        Some of ``sequential``, ``intuitive``, ``d1``.
    budget : float
        Seconds for all of them; a verdict past it is left undecided (``holds`` null).

    Returns
    -------
    list of dict
        One mapping per family, in the order ``sol.equilibria + sol.boundary``.

    Examples
    --------
    >>> from gametoolkit.catalog import find_model
    >>> from gametoolkit.symbolic import solve_model
    >>> from gametoolkit.symbolic.refinements import refine_families
    >>> sol = solve_model(find_model("us-japan-alliance"), {"china": "high"})
    >>> [v["intuitive"].holds for v in refine_families(sol, ["intuitive"])]
    [True, True, True, None]
    """
    structure, why = _recognise(sol)
    deadline = time.perf_counter() + budget
    out = []
    for fam in sol.equilibria + sol.boundary:
        verdicts: dict[str, SymbolicVerdict] = {}
        if structure is not None:
            star, tables = _tables(sol.game, structure, fam)
        for name in names:
            if name == "sequential":
                verdicts[name] = _sequential(sol.game, structure, why)
            elif structure is None:
                verdicts[name] = SymbolicVerdict(None, f"{_LABELS[name]} does not apply: {why}")
            else:
                verdicts[name] = _one(name, sol.assumptions, fam, structure, star, tables, deadline)
        out.append(verdicts)
    return out


def _one(
    name: str, assumptions: Assumptions, fam: SymbolicEquilibrium, s: SignalingGame,
    star: Mapping[int, Any], tables: list[Table], deadline: float,
) -> SymbolicVerdict:
    criterion = CRITERIA[name]
    used: set[Any] = set()
    for x in [*star.values(), *(v for m in tables for side in (m.sender, m.receiver) for row in side.values() for v in row)]:
        used |= {z for z in (sympy.Integer(0) + x).free_symbols if str(z) in fam.free}
    if used:
        return SymbolicVerdict(
            None,
            f"{_LABELS[name]} undecided: the payoffs depend on behavior the family leaves free ({', '.join(sorted(map(str, used)))}); "
            "give the parameters values (--set) for the exact numeric verdict of each member",
        )
    base = [(c.expr, c.op) for c in fam.conditions]
    ctx = _Context(assumptions, base, deadline)

    def run(region: _Region) -> Verdict:
        return criterion(region, tables, star, s.type_names)

    try:
        tree = _explore(ctx, run, [], [0])
    except _TooMany:
        return SymbolicVerdict(None, f"{_LABELS[name]} undecided: it splits the family's region into more than "
                               f"{MAX_CASES} cases; give some parameters a value (--set)")
    except _OutOfTime:
        return SymbolicVerdict(None, f"{_LABELS[name]} undecided: the refinements ran out of time; give some parameters a value (--set)")
    if tree is None:
        return SymbolicVerdict(None, f"{_LABELS[name]} undecided: no point of the family's region was found")
    return _verdict(name, tree, ctx)
