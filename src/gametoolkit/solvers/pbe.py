"""Perfect Bayesian equilibria, exactly and completely, pure and mixed.

Definition (``DESIGN.md``): an assessment (behavior ``σ``, beliefs ``μ``) is a perfect
Bayesian equilibrium when ``σ`` is sequentially rational at every information set,
on and off the path, given ``μ`` there and ``σ`` afterwards, and ``μ`` follows Bayes'
rule wherever a set is reached with positive probability, within every subgame too.
Off-path beliefs are free; the solver reports the set of beliefs that support each
equilibrium as conditions (``mu(UL-l) >= 1/2``) and one such belief as numbers.

Method: subgame decomposition, then enumeration of supports and exact algebra on
each part.

1. *Subgames* (:mod:`.pbe_decompose`).  The smallest proper subgames are solved first,
   each as a game of its own; the game above them is then solved with each subgame
   replaced by a leaf paying what one of its equilibria pays (every combination of
   distinct payoff vectors, exact), and every equilibrium above is joined with every
   subgame equilibrium that pays what it assumed.  The work grows with the largest
   part, not with the product of the parts.
2. *Supports on one part* (:mod:`.pbe_core`).  Sets deepest first; actions
   conditionally dominated at their set for every belief are dropped; every non-empty
   subset of the rest is a candidate support.  Indifference gives equations, the
   other actions inequalities, Bayes' rule reach weights; linear equations are solved
   and substituted, small non-linear remainders handed to sympy for rational roots,
   and the polytope left in the free unknowns gives the extreme points.
3. *Verification.*  Every assembled behavior profile is checked again from scratch on
   the whole game: Bayes beliefs where they apply, a non-empty region of supporting
   beliefs elsewhere, sequential rationality everywhere against whole continuation
   plans (:mod:`gametoolkit.evaluate.beliefs`).
4. *Reporting.*  Profiles with the same behavior on the path are one equilibrium (an
   outcome with its supporting off-path behavior); variants that differ only off the
   path are listed under ``off_path_variants``.  Extreme points of one continuum share
   a ``component`` number.  In signaling games each equilibrium is classified as
   pooling, separating or semi-separating.

Limits: exact and complete for numeric games with perfect recall whose leftover
systems are linear once split into cases.  Products of a free belief and a mixing
probability are split at the vertices of the beliefs' polytope
(:func:`.pbe_leftovers.belief_branches`), multilinear inequalities decided on the
corners of their box, and zero-dimensional systems where every set is reached solved
with algebraic numbers.  A part whose conditions stay non-linear (two players'
mixing multiplied: a curved continuum, whose extreme points are not finitely many), or
a subgame continuum whose payoffs vary along it when the part above is too large to
solve jointly, makes the answer incomplete, with a note saying where.
``max_supports`` bounds the support combinations of any one part.  Games without
perfect recall are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game, InfoSet
from ..core.validate import require_solvable
from ..core.values import format_value
from ..evaluate.beliefs import SetCheck, relative_reach, subgame_roots_of_sets, support_beliefs
from ..evaluate.profiles import Profile, node_values, reach, strategic_regrets
from ..evaluate.signaling import sender_sets, signaling_kind
from ..evaluate.subgames import extract
from ..solution import Assessment, Solution
from .common import UnionFind
from .pbe_decompose import MAX_EQUILIBRIA, solve_decomposed
from .pbe_leftovers import exact_number

__all__ = ["DEFAULT_MAX_SUPPORTS", "classify_signaling", "sender_sets", "solve"]

ZERO = Fraction(0)
ONE = Fraction(1)

#: Refuse when more support combinations than this would have to be examined.
DEFAULT_MAX_SUPPORTS = 20_000


@dataclass
class _Context:
    game: Game
    sets: list[InfoSet]
    roots: dict[int, int]
    #: a profile's subgame alternatives (:class:`.pbe_decompose.Found`), where factored
    alternatives: dict[tuple[tuple[Fraction, ...], ...], tuple[tuple[str, tuple[dict[int, tuple[Fraction, ...]], ...]], ...]] = field(
        default_factory=dict
    )
    #: alternatives checked from scratch: (subgame, behavior) -> passed
    checked: dict[tuple[str, tuple[tuple[int, tuple[Fraction, ...]], ...]], bool] = field(default_factory=dict)
    rejected: int = 0
    #: subgames cut out once for those checks: path -> (subgame, its sets' indices here)
    subgames: dict[str, tuple[Game, dict[int, int]]] = field(default_factory=dict)


def solve(game: Game, max_supports: int = DEFAULT_MAX_SUPPORTS, max_equilibria: int = MAX_EQUILIBRIA) -> Solution:
    """Every perfect Bayesian equilibrium of a numeric game with perfect recall.

    Parameters
    ----------
    game : Game
        A numeric game with perfect recall.
    max_supports : int
        Refuse when one piece of the game (a part without proper subgames) would need
        more combinations of supports than this.
    max_equilibria : int
        Refuse when the subgames' equilibria would combine into more extreme
        equilibria than this (ties among optimal choices multiply them).

    Returns
    -------
    Solution
        Every equilibrium (extreme points of continua), ``complete`` when proven.

    Raises
    ------
    LimitError
        When a piece is beyond ``max_supports``, or the equilibria beyond ``max_equilibria``.
    """
    _require(game)
    ctx = _Context(game, [h for h in game.infosets if h.player != CHANCE], subgame_roots_of_sets(game))
    found, unsolved, notes = solve_decomposed(game, max_supports, max_equilibria=max_equilibria)
    points: dict[tuple[tuple[Fraction, ...], ...], int] = {}
    components: UnionFind[int] = UnionFind()  # extreme points of one continuum share a set
    first: dict[Hashable, int] = {}
    for f in found:
        probs = tuple(game.chance_probs(h.index) if h.player == CHANCE else f.behavior[h.index] for h in game.infosets)
        if probs not in points:
            points[probs] = len(points)
            components.add(points[probs])
            if f.alternatives:
                ctx.alternatives[probs] = f.alternatives
        components.union(first.setdefault(f.component, points[probs]), points[probs])
    assessments = _report(ctx, points, components.find)
    if ctx.rejected:
        unsolved += 1
        notes.append(f"{ctx.rejected} listed alternative(s) failed the check from scratch and were left out")
    notes = _tally(notes)
    if ctx.alternatives:
        notes.append(f"{_count_all(assessments)} extreme equilibria in all, with the alternatives")
    complete = unsolved == 0
    if not complete:
        notes.append(f"{unsolved} support combination(s) or subgame(s) left undecided (see the notes above)")
    return Solution(game=game, concept="pbe", method="support-enumeration", exact=True, complete=complete, equilibria=tuple(assessments), notes=tuple(notes))


#: Undecided support combinations named one by one in the notes, per subgame; the rest are counted.
NAMED_COMBINATIONS = 3

_UNSOLVED = "unsolved non-linear conditions for supports "


def _tally(notes: list[str]) -> list[str]:
    """Each distinct note once, in order, with how often it came when more than once.

    Undecided support combinations are named up to :data:`NAMED_COMBINATIONS` per
    subgame; one more line gives the number of the others there.
    """
    counts: dict[str, int] = {}
    named: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for text in notes:
        where, found, _ = text.partition(_UNSOLVED)
        if found and text not in counts:
            if named.get(where, 0) >= NAMED_COMBINATIONS:
                if not hidden.get(where):
                    counts[where] = 0  # the place of the summary line, filled in below
                hidden[where] = hidden.get(where, 0) + 1
                continue
            named[where] = named.get(where, 0) + 1
        counts[text] = counts.get(text, 0) + 1
    out = []
    for text, k in counts.items():
        if k == 0:
            out.append(f"{text}unsolved non-linear conditions for {hidden[text]} more combination(s) of supports")
        else:
            out.append(text if k == 1 else f"{text} ({k} times)")
    return out


def _require(game: Game) -> None:
    require_solvable(game, "perfect Bayesian equilibrium")


# ---------------------------------------------------------------------- reporting
def _report(
    ctx: _Context, points: dict[tuple[tuple[Fraction, ...], ...], int], finder: Callable[[int], int]
) -> list[Assessment]:
    g = ctx.game
    verified: list[tuple[Profile, list[SetCheck], int]] = []
    for probs, k in points.items():
        profile = Profile(g, probs)
        irrational = any(not isinstance(x, Fraction) for row in probs for x in row)
        checks = _algebraic_checks(profile, ctx) if irrational else support_beliefs(profile, ctx.roots)
        if not all(c.rational for c in checks):
            continue
        verified.append((profile, checks, finder(k)))

    # profiles with the same behavior on the path are one equilibrium
    groups: dict[tuple[object, ...], list[tuple[Profile, list[SetCheck], int]]] = {}
    for item in verified:
        groups.setdefault(_on_path_key(item[0]), []).append(item)
    components: dict[int, int] = {}
    assessments = []
    for members in groups.values():
        members.sort(key=lambda m: (not m[0].is_pure(), _purity(m[0]), m[0].probs))
        profile, checks, comp = members[0]
        comps = {m[2] for m in members}
        beliefs: dict[int, tuple[Fraction, ...]] = {}
        conditions: list[str] = []
        for c in checks:
            iset = g.infosets[c.infoset]
            belief = c.belief()
            if belief is not None and len(iset.nodes) > 1:
                beliefs[c.infoset] = belief
            if c.bayes is None and c.region is not None and len(iset.nodes) > 1:
                conditions.extend(c.region.conditions(g))
        extra: dict[str, object] = {}
        swaps = next((found for m in members if (found := _alternatives_json(ctx, m[0]))), [])
        if swaps:
            extra["alternatives"] = swaps
        if len(members) > 1:
            extra["off_path_variants"] = [_describe_variant(g, m[0], m[1], profile) for m in members[1:]]
        payoffs = _canonical(node_values(profile)[0])
        continuum = sum(1 for other in verified if other[2] == comp) > 1
        component = None
        if continuum or len(comps) > 1:
            component = components.setdefault(comp, len(components) + 1)
        assessments.append(
            Assessment(profile, beliefs, payoffs, tuple(conditions), classify_signaling(profile), component, extra)
        )
    assessments.sort(key=lambda e: (_kind_rank(e.kind), not e.behavior.is_pure(), e.component or 0, e.payoffs))
    # number the components in the order they are printed
    renumber: dict[int, int] = {}
    for e in assessments:
        if e.component is not None:
            renumber.setdefault(e.component, len(renumber) + 1)
    return [replace(e, component=renumber[e.component]) if e.component is not None else e for e in assessments]


def _alternatives_json(ctx: _Context, profile: Profile) -> list[dict[str, object]]:
    """The subgame alternatives of ``profile``, each checked from scratch once, as JSON.

    Each alternative, put in place of the profile's behavior in its subgame, must pass
    the same check as every listed equilibrium; one that fails is left out and counted.
    """
    g = ctx.game
    out: list[dict[str, object]] = []
    for path, behaviors in ctx.alternatives.get(profile.probs, ()):
        kept = []
        for b in behaviors:
            key = (path, tuple(sorted(b.items())))
            if key not in ctx.checked:
                ctx.checked[key] = _subgame_pbe(ctx, path, b, profile)
                ctx.rejected += not ctx.checked[key]
            if ctx.checked[key]:
                kept.append(_behavior_labels(g, b))
        if kept:
            out.append({"subgame": path, "equilibria": kept})
    return out


def _subgame_pbe(ctx: _Context, path: str, behavior: dict[int, tuple[Fraction, ...]], profile: Profile) -> bool:
    """Whether ``behavior`` (with ``profile`` elsewhere) is a PBE of the subgame at ``path``.

    It pays what the listed equilibrium pays there (the decomposition grouped them by
    payoffs), so being a PBE of the subgame makes the swap a PBE of the whole game.
    """
    if path not in ctx.subgames:
        ctx.subgames[path] = extract(ctx.game, ctx.game.node_at(path).index)
    sub, mapping = ctx.subgames[path]
    rows = tuple(
        sub.chance_probs(h.index) if h.player == CHANCE else behavior.get(mapping[h.index], profile.probs[mapping[h.index]])
        for h in sub.infosets
    )
    return all(c.rational for c in support_beliefs(Profile(sub, rows)))


def _behavior_labels(g: Game, behavior: dict[int, tuple[Fraction, ...]]) -> dict[str, dict[str, dict[str, str]]]:
    """Behavior at some sets, by player, set and action label (the JSON of ``behavior``)."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for h, probs in sorted(behavior.items()):
        iset = g.infosets[h]
        out.setdefault(g.players[iset.player], {})[g.infoset_name(iset)] = {
            a: format_value(p) for a, p in zip(iset.actions, probs)
        }
    return out


def _count_all(assessments: list[Assessment]) -> int:
    """Listed equilibria times the ways their alternatives combine."""
    total = 0
    for e in assessments:
        ways = 1
        for swap in (e.extra or {}).get("alternatives", ()):
            ways *= 1 + len(swap["equilibria"])
        total += ways
    return total


def _algebraic_checks(profile: Profile, ctx: _Context) -> list[SetCheck]:
    """The checks of a profile with irrational probabilities, in exact algebraic arithmetic.

    The support enumeration gives such profiles only where every set is reached
    (:func:`gametoolkit.solvers.pbe_core._algebraic_points`): beliefs are Bayes' and
    sequential rationality there follows from each player's regret being exactly zero
    (a Nash equilibrium reaching every set).  A set left unreached, or a regret that is
    not exactly zero, fails the check.
    """
    from ..algebra.polysolve import canonical_algebraic, is_zero

    ok = all(is_zero(r) for r in strategic_regrets(profile))
    checks = []
    for h in ctx.sets:
        weights = relative_reach(profile, ctx.roots[h.index], h.nodes)
        total = sum(weights, ZERO)
        if is_zero(total):
            checks.append(SetCheck(h.index, None, None, False))
            continue
        mu = tuple(exact_number(canonical_algebraic(w / total)) for w in weights)
        checks.append(SetCheck(h.index, mu, None, ok))
    return checks


def _canonical(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Payoffs with any irrational entry in canonical algebraic form (``1``, not a sum of radicals)."""
    if all(isinstance(x, Fraction) for x in values):
        return values
    from ..algebra.polysolve import canonical_algebraic

    return tuple(x if isinstance(x, Fraction) else exact_number(canonical_algebraic(x)) for x in values)


def _kind_rank(kind: str | None) -> int:
    return {"separating": 0, "pooling": 1, "semi-separating": 2}.get(kind or "", 3)


def _purity(profile: Profile) -> int:
    return sum(1 for row in profile.probs for x in row if 0 < x < 1)


def _on_path_key(profile: Profile) -> tuple[object, ...]:
    g = profile.game
    r = reach(profile)
    key = []
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        if any(r[v] > 0 for v in h.nodes):
            key.append((h.index, profile.probs[h.index]))
    return tuple(key)


def _describe_variant(g: Game, variant: Profile, checks: list[SetCheck], base: Profile) -> dict[str, object]:
    """Where a variant plays differently off the path, and the beliefs that support it."""
    behavior: dict[str, dict[str, dict[str, str]]] = {}
    for h in g.infosets:
        if h.player == CHANCE or variant.probs[h.index] == base.probs[h.index]:
            continue
        behavior.setdefault(g.players[h.player], {})[g.infoset_name(h)] = {
            a: format_value(p) for a, p in zip(h.actions, variant.probs[h.index])
        }
    conditions: list[str] = []
    for c in checks:
        if c.bayes is None and c.region is not None and len(g.infosets[c.infoset].nodes) > 1:
            conditions.extend(c.region.conditions(g))
    return {"behavior": behavior, "conditions": conditions}


def classify_signaling(profile: Profile) -> str | None:
    """Pooling, separating or semi-separating, when the game is a signaling game.

    A signaling game here: the root is chance (the types), each type's node is a
    singleton set of one and the same player (the sender), and the sender's messages
    are matched across types by their labels.
    """
    g = profile.game
    root = g.root
    if root.kind != "chance":
        return None
    probs = g.chance_probs(root.infoset)
    return signaling_kind(g, profile.probs, [c for a, c in enumerate(root.children) if probs[a] > 0])

