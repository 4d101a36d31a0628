"""Perfect Bayesian equilibria by subgame decomposition.

Beliefs here follow Bayes' rule relative to the smallest subgame that holds a set, so
an assessment is a PBE of a game exactly when its restriction to every proper subgame
is a PBE of that subgame and, with each subgame replaced by a leaf paying what that
restriction is worth, the rest is a PBE of the truncated game.  The solver therefore
works bottom-up:

1. the maximal proper subgames of a game are solved first (recursively), each on its
   own, as a game of its own (:func:`gametoolkit.evaluate.subgames.extract`);
2. their equilibria are grouped by the exact payoff vector they give at the subgame's
   root; for every combination of those payoff vectors (one per subgame) the game is
   truncated (:func:`gametoolkit.evaluate.subgames.truncate`) and the truncated piece,
   which has no proper subgame left, is solved by support enumeration
   (:mod:`.pbe_core`);
3. each equilibrium of the truncated piece is joined with every combination of
   subgame equilibria that pays what it assumed.

The work grows with the largest piece and the number of distinct payoff vectors, not
with the product of the pieces' support combinations.

Continua: a subgame's continuum of equilibria is carried by its extreme points.  When
those points all pay the same, the truncated game is the same along the continuum and
nothing is lost.  When they pay differently, the parent's equilibria may need points
inside the continuum (where the parent's mover becomes indifferent); then the whole
subgame holding it is solved jointly by support enumeration if that is within the
limit, and otherwise the answer is marked incomplete with a note naming the subgame.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable
from dataclasses import dataclass
from fractions import Fraction

from ..core.game import CHANCE, Game
from ..errors import LimitError
from ..evaluate.profiles import Profile, node_values
from ..evaluate.subgames import extract, truncate
from .pbe_core import Piece, estimate_supports, solve_piece

__all__ = ["CONTINUUM_NOTE", "FACTORED_NOTE", "Found", "solve_decomposed"]

#: Most extreme equilibria the decomposition assembles by default before it refuses
#: (a clear error at once, rather than hours verifying tens of thousands of them).
MAX_EQUILIBRIA = 10_000

#: Checking one listed alternative costs about this many listed equilibria: the
#: alternatives of one equilibrium may number at most ``max_equilibria`` / this.
ALTERNATIVE_COST = 5

#: The note where subgames' equilibria are listed as independent alternatives.
FACTORED_NOTE = (
    "ties among optimal choices multiply the equilibria past max_equilibria: each equilibrium is listed once, "
    "with 'alternatives', the other equilibria of its subgames that pay the same; any of them may replace it "
    "there, independently of the others"
)

#: The note of a subgame whose continuum had to be carried by its extreme points.
CONTINUUM_NOTE = "a continuum of equilibria of a smaller subgame pays differently along it"

Behavior = dict[int, tuple[Fraction, ...]]


@dataclass
class Found:
    """Equilibria of one (sub)game: behavior at its player sets, its payoffs, its continuum."""

    behavior: Behavior
    payoffs: tuple[Fraction, ...]
    component: Hashable
    #: subgames whose other equilibria (paying the same) may replace this one's there,
    #: each independently: ``(path of the subgame's root, their behavior)``; set only
    #: where listing every combination would pass ``max_equilibria``
    alternatives: tuple[tuple[str, tuple[Behavior, ...]], ...] = ()


@dataclass
class _Run:
    max_supports: int
    budget: float
    unsolved: int = 0
    notes: list[str] | None = None
    max_equilibria: int = MAX_EQUILIBRIA

    def note(self, text: str) -> None:
        if self.notes is None:
            self.notes = []
        self.notes.append(text)


def solve_decomposed(
    game: Game, max_supports: int, budget: float = 10.0, max_equilibria: int = MAX_EQUILIBRIA
) -> tuple[list[Found], int, list[str]]:
    """Every PBE of ``game`` (extreme points), the count of undecided cases, and notes."""
    run = _Run(max_supports, budget, max_equilibria=max_equilibria)
    _precheck(game, max_supports)
    found = _solve(game, run, "")
    return found, run.unsolved, list(run.notes or [])


def _children(game: Game) -> list[int]:
    """The maximal proper subgame roots of ``game``."""
    roots = {v.index for v in game.subgame_roots()}
    out = []
    for v in game.nodes[1:]:
        if v.index not in roots:
            continue
        u = game.nodes[v.parent]
        while u.index != 0 and u.index not in roots:
            u = game.nodes[u.parent]
        if u.index == 0:
            out.append(v.index)
    return out


def _precheck(game: Game, max_supports: int) -> None:
    """Refuse at once when a piece is beyond the limit (subgames paying zero for the estimate)."""
    children = _children(game)
    for c in children:
        _precheck(extract(game, c)[0], max_supports)
    zeros = [Fraction(0)] * len(game.players)
    piece = truncate(game, dict.fromkeys(children, zeros))[0] if children else game
    estimate = estimate_supports(piece)
    if estimate > max_supports:
        raise LimitError(
            f"perfect Bayesian enumeration would examine about {estimate} combinations of supports "
            f"in one part of the game without proper subgames (limit {max_supports}); raise it with "
            "max_supports=... (CLI: --max-supports)"
        )


def _solve(game: Game, run: _Run, where: str) -> list[Found]:
    children = _children(game)
    if not children:
        return _solve_piece(game, run, where)
    parts: list[list[Found]] = []
    varying = False
    for c in children:
        sub, mapping = extract(game, c)
        at = f"{where}/{game.path_str(game.nodes[c])}" if where else game.path_str(game.nodes[c])
        found = _solve(sub, run, at)
        rational = [f for f in found if all(isinstance(x, Fraction) for x in f.payoffs)]
        if len(rational) < len(found):
            run.unsolved += 1
            run.note(f"the subgame at {at} has an equilibrium with irrational payoffs; the game above it was not solved for it")
            found = rational
        parts.append([_mapped(f, mapping) for f in found])
        varying = varying or _payoffs_vary(parts[-1])
        if not found:
            return []  # a subgame without equilibrium (only where some case was left undecided)
    if varying:
        joint = _joint(game, run, where)
        if joint is not None:
            return joint
        # keep the subgames whose continua pay differently in the piece, truncate the others
        keep = {c for c, part in zip(children, parts) if _payoffs_vary(part)}
        if _fits_kept(game, children, keep, run):
            return _assemble(game, children, parts, run, where, keep)
        run.unsolved += 1
        run.note(
            f"subgame at {where or 'the root'}: {CONTINUUM_NOTE}; only its extreme points were carried up"
        )
    return _assemble(game, children, parts, run, where)


def _fits_kept(game: Game, children: list[int], keep: set[int], run: _Run) -> bool:
    """Whether the piece with the subgames ``keep`` left whole (the others truncated) is within the limit."""
    zeros = [Fraction(0)] * len(game.players)
    piece = truncate(game, {c: zeros for c in children if c not in keep})[0]
    return estimate_supports(piece) <= run.max_supports


def _payoffs_vary(found: list[Found]) -> bool:
    by_component: dict[Hashable, set[tuple[Fraction, ...]]] = {}
    for f in found:
        by_component.setdefault(f.component, set()).add(f.payoffs)
    return any(len(p) > 1 for p in by_component.values())


#: A joint solve of a two-player game may examine this many times ``max_supports``
#: combinations: the Nash filter (:mod:`.pbe_nash_filter`) skips most of them at the
#: cost of a set test each.
JOINT_TWO_PLAYER_FACTOR = 3


def _joint(game: Game, run: _Run, where: str) -> list[Found] | None:
    """``game`` solved as one piece, when support enumeration is within the limit there.

    It is tried where a subgame's continuum pays differently along it (the game above
    may need points inside the continuum), so its limit is that of one piece, times
    :data:`JOINT_TWO_PLAYER_FACTOR` for two players.
    """
    limit = run.max_supports * (JOINT_TWO_PLAYER_FACTOR if game.num_players == 2 else 1)
    if estimate_supports(game) > limit:
        return None
    piece = solve_piece(game, limit, run.budget)
    return _from_piece(game, piece, run, where, "joint")


def _assemble(
    game: Game, children: list[int], parts: list[list[Found]], run: _Run, where: str, keep: set[int] | None = None
) -> list[Found]:
    """The game's equilibria from its subgames' (``keep``: subgames solved again inside the piece)."""
    if keep:
        parts = [p for c, p in zip(children, parts) if c not in keep]
        children = [c for c in children if c not in keep]
    by_payoff: list[dict[tuple[Fraction, ...], list[Found]]] = []
    for found in parts:
        groups: dict[tuple[Fraction, ...], list[Found]] = {}
        for f in found:
            groups.setdefault(f.payoffs, []).append(f)
        by_payoff.append(groups)
    count = math.prod(len(g) for g in by_payoff)
    if count > run.max_supports:
        raise LimitError(
            f"perfect Bayesian decomposition would solve the game at {where or 'the root'} for {count} "
            f"combinations of its subgames' equilibrium payoffs (limit {run.max_supports}); raise it with "
            "max_supports=... (CLI: --max-supports)"
        )
    combos = list(itertools.product(*(sorted(g) for g in by_payoff)))
    solved: list[tuple[list[Found], dict[int, int]]] = []
    total = 0
    for combo in combos:
        truncated, mapping = truncate(game, dict(zip(children, combo)))
        tops = _solve_piece(truncated, run, where)
        solved.append((tops, mapping))
        total += len(tops) * math.prod(len(g[pay]) for g, pay in zip(by_payoff, combo))
    paths = [f"{where}/{game.path_str(game.nodes[c])}" if where else game.path_str(game.nodes[c]) for c in children]
    factored = total > run.max_equilibria
    if factored and sum(len(tops) for tops, _ in solved) > run.max_equilibria:
        raise LimitError(
            f"the game has more than {run.max_equilibria} extreme perfect Bayesian equilibria (the subgames' "
            f"equilibria combine into {total} at {where or 'the root'}: ties among optimal choices multiply); "
            "raise it with max_equilibria=... (CLI: --max-equilibria)"
        )
    if factored:
        run.note(FACTORED_NOTE)
    out: list[Found] = []
    for k, (combo, (tops, mapping)) in enumerate(zip(combos, solved)):
        members = [g[pay] for g, pay in zip(by_payoff, combo)]
        swaps: tuple[tuple[str, tuple[Behavior, ...]], ...] = ()
        choices = members
        if factored:
            choices = [group[:1] for group in members]
            swaps = tuple(
                (path, tuple(b for f in group[1:] for b in _expanded(f, run, where)))
                for path, group in zip(paths, members)
                if len(group) > 1
            )
            listed = sum(len(behaviors) for _, behaviors in swaps)
            if listed * ALTERNATIVE_COST > run.max_equilibria:
                raise LimitError(
                    f"the game has more than {run.max_equilibria} extreme perfect Bayesian equilibria (the subgames' "
                    f"equilibria combine into {total} at {where or 'the root'}, and even listed as {listed} "
                    "alternatives they are too many to check: ties among optimal choices multiply); raise it with "
                    "max_equilibria=... (CLI: --max-equilibria)"
                )
        for top in tops:
            behavior = {mapping[h]: p for h, p in top.behavior.items()}
            for below in itertools.product(*choices):
                merged = dict(behavior)
                nested: tuple[tuple[str, tuple[Behavior, ...]], ...] = ()
                for f in below:
                    merged.update(f.behavior)
                    nested += f.alternatives
                profile = _profile(game, merged)
                key = (k, top.component, tuple(f.component for f in below))
                out.append(Found(merged, node_values(profile)[0], key, nested + swaps))
    return out


def _expanded(f: Found, run: _Run, where: str) -> list[Behavior]:
    """``f``'s behavior with every combination of its own alternatives put in (when few enough)."""
    ways = math.prod(1 + len(behaviors) for _, behaviors in f.alternatives)
    if ways > run.max_equilibria:
        run.unsolved += 1
        run.note(f"at {where or 'the root'}: {ways} combinations of alternatives inside one alternative were not listed")
        return [f.behavior]
    out = []
    for pick in itertools.product(*(((None,), *((b,) for b in behaviors)) for _, behaviors in f.alternatives)):
        merged = dict(f.behavior)
        for swap in pick:
            if swap[0] is not None:
                merged.update(swap[0])
        out.append(merged)
    return out


def _mapped(f: Found, mapping: dict[int, int]) -> Found:
    """``f`` with its set indices those of the game the subgame was cut from."""

    def move(b: Behavior) -> Behavior:
        return {mapping[h]: p for h, p in b.items()}

    swaps = tuple((path, tuple(move(b) for b in behaviors)) for path, behaviors in f.alternatives)
    return Found(move(f.behavior), f.payoffs, f.component, swaps)


def _profile(game: Game, behavior: Behavior) -> Profile:
    rows = tuple(game.chance_probs(h.index) if h.player == CHANCE else behavior[h.index] for h in game.infosets)
    return Profile(game, rows)


def _solve_piece(game: Game, run: _Run, where: str) -> list[Found]:
    piece = solve_piece(game, run.max_supports, run.budget)
    return _from_piece(game, piece, run, where, "piece")


def _from_piece(game: Game, piece: Piece, run: _Run, where: str, tag: str) -> list[Found]:
    run.budget = piece.budget
    run.unsolved += piece.unsolved
    for text in piece.notes:
        run.note(f"in the subgame at {where}: {text}" if where else text)
    out = []
    for probs, comp in zip(piece.points, piece.component):
        behavior = {h.index: probs[h.index] for h in game.infosets if h.player != CHANCE}
        out.append(Found(behavior, node_values(Profile(game, probs))[0], (tag, comp)))
    return out
