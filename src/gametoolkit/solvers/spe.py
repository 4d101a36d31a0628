"""Subgame-perfect equilibria: backward induction, and subgame decomposition.

*Perfect information* (every player set a single node): backward induction from the
leaves, keeping every tie, so the result lists *all* pure subgame-perfect equilibria
(Kuhn's theorem guarantees at least one).  When a mover is indifferent, mixtures of
the tied actions are subgame perfect too; the result then says so in its notes and is
not marked complete for mixed behavior.

*Imperfect information*: the subgames are solved from the deepest up.  A subgame with
no proper subgame left (after its own subgames are replaced by the payoffs of their
equilibria) is solved by the Nash solver (all extreme equilibria for two players,
pure equilibria otherwise); every combination of the subgames' equilibria is carried
upward.  Each equilibrium is finally checked to be a Nash equilibrium of every subgame.

Pure equilibria are counted in ``notes``; ``max_equilibria`` bounds how many are
listed before the solver refuses.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from ..core.game import CHANCE, Game
from ..core.validate import require_solvable
from ..errors import LimitError
from ..evaluate.profiles import Profile, bayes_beliefs, node_values
from ..evaluate.subgames import extract, truncate
from ..solution import Assessment, Solution
from .backward import is_perfect_information, one_by_backward_induction

__all__ = ["DEFAULT_MAX_EQUILIBRIA", "is_perfect_information", "one_by_backward_induction", "solve"]

ZERO = Fraction(0)
ONE = Fraction(1)
DEFAULT_MAX_EQUILIBRIA = 10_000


def solve(game: Game, max_equilibria: int = DEFAULT_MAX_EQUILIBRIA) -> Solution:
    """All subgame-perfect equilibria the methods above find (see the module notes)."""
    require_solvable(game, "subgame perfection")
    if is_perfect_information(game):
        return _backward_induction(game, max_equilibria)
    return _decomposition(game, max_equilibria)


# ---------------------------------------------------------------------- perfect information
def _backward_induction(game: Game, max_equilibria: int) -> Solution:
    g = game
    n = len(g.players)
    # sols[v]: list of (payoff vector, chosen action or -1, child solution index per child)
    sols: list[list[tuple[tuple[Fraction, ...], int, tuple[int, ...]]]] = [[] for _ in g.nodes]
    ties = False
    for v in reversed(g.nodes):
        own = g.outcome_payoffs(v.outcome) if v.outcome >= 0 else None
        if v.kind == "terminal":
            base = tuple(own) if own is not None else tuple([ZERO] * n)
            sols[v.index] = [(base, -1, ())]
            continue
        iset = g.infosets[v.infoset]
        counts = [len(sols[c]) for c in v.children]
        total = 1
        for c in counts:
            total *= c
        if total > max_equilibria:
            raise LimitError(
                f"more than {max_equilibria} pure subgame-perfect equilibria below {g.path_str(v)} (about {total}); "
                "raise it with max_equilibria=... (CLI: --max-equilibria)"
            )
        found: list[tuple[tuple[Fraction, ...], int, tuple[int, ...]]] = []
        for picks in product(*(range(c) for c in counts)):
            child_pay = [sols[c][k][0] for c, k in zip(v.children, picks)]
            if iset.player == CHANCE:
                probs = g.chance_probs(iset.index)
                pay = tuple(sum((p * cp[i] for p, cp in zip(probs, child_pay)), ZERO) for i in range(n))
                found.append((pay, -1, picks))
            else:
                i = iset.player
                best = max(cp[i] for cp in child_pay)
                winners = [a for a, cp in enumerate(child_pay) if cp[i] == best]
                if len(winners) > 1:
                    ties = True
                for a in winners:
                    found.append((child_pay[a], a, picks))
        if own is not None:
            found = [(tuple(x + own[i] for i, x in enumerate(pay)), a, picks) for pay, a, picks in found]
        if len(found) > max_equilibria:
            raise LimitError(
                f"more than {max_equilibria} pure subgame-perfect equilibria ({len(found)}); "
                "raise it with max_equilibria=... (CLI: --max-equilibria)"
            )
        sols[v.index] = found

    equilibria = []
    for k in range(len(sols[0])):
        choice: dict[int, int] = {}
        stack = [(0, k)]
        while stack:
            at, s = stack.pop()
            _, a, picks = sols[at][s]
            node = g.nodes[at]
            if node.kind == "decision":
                choice[node.infoset] = a
            for c, ck in zip(node.children, picks):
                stack.append((c, ck))
        profile = Profile.pure(g, choice)
        equilibria.append(_assessment(profile))
    notes = [f"{len(equilibria)} pure subgame-perfect equilibri{'um' if len(equilibria) == 1 else 'a'} (backward induction)"]
    if ties:
        notes.append("some movers are indifferent: mixtures of tied actions are subgame perfect too and are not listed")
    return Solution(game=game, concept="spe", method="backward-induction", exact=True, complete=not ties, equilibria=tuple(equilibria), notes=tuple(notes))


def _assessment(profile: Profile) -> Assessment:
    beliefs = {h: b for h, b in bayes_beliefs(profile).items() if b is not None and len(profile.game.infosets[h].nodes) > 1}
    return Assessment(profile, beliefs, node_values(profile)[0])


# ---------------------------------------------------------------------- decomposition
def _decomposition(game: Game, max_equilibria: int) -> Solution:
    from . import nash

    g = game
    roots = [v.index for v in g.subgame_roots()]
    # for every subgame root: list of (payoff vector at the root, behavior on original sets)
    solved: dict[int, list[tuple[tuple[Fraction, ...], dict[int, tuple[Fraction, ...]]]]] = {}
    complete = True
    irrational = False
    notes: list[str] = []
    for r in sorted(roots, reverse=True):
        end = g.subtree_end(r)
        inner = [s for s in solved if r < s < end and not any(r < t < s < g.subtree_end(t) for t in solved if r < t < end)]
        combos = list(product(*(range(len(solved[s])) for s in inner)))
        if len(combos) > max_equilibria:
            raise LimitError(
                f"{len(combos)} combinations of subgame equilibria below {g.path_str(r)}, over {max_equilibria}; "
                "raise it with max_equilibria=... (CLI: --max-equilibria)"
            )
        results: list[tuple[tuple[Fraction, ...], dict[int, tuple[Fraction, ...]]]] = []
        for combo in combos:
            leaves = {s: solved[s][k][0] for s, k in zip(inner, combo)}
            behavior: dict[int, tuple[Fraction, ...]] = {}
            for s, k in zip(inner, combo):
                behavior.update(solved[s][k][1])
            sub, mapping = extract(g, r)
            # the subgame's own proper subgames become leaves (node indices shift by r)
            cut, cut_map = truncate(sub, {s - r: pay for s, pay in leaves.items()})
            full_map = {h: mapping[m] for h, m in cut_map.items()}
            if all(h.player == CHANCE for h in cut.infosets):
                profile = Profile(cut, tuple(cut.chance_probs(h.index) for h in cut.infosets))
                results.append((node_values(profile)[0], behavior))
                continue
            sol = nash.solve(cut)
            if not sol.complete:
                complete = False
            for eq in sol.equilibria:
                if not _rational(eq):
                    # an algebraic (irrational) subgame equilibrium cannot yet stand as the
                    # payoffs of a leaf of the game above: left out, and said so
                    complete = False
                    irrational = True
                    continue
                merged = dict(behavior)
                for h in cut.infosets:
                    if h.player != CHANCE:
                        merged[full_map[h.index]] = eq.behavior.probs[h.index]
                results.append((eq.payoffs, merged))
        if len(results) > max_equilibria:
            raise LimitError(
                f"{len(results)} subgame-perfect equilibria, over {max_equilibria}; "
                "raise it with max_equilibria=... (CLI: --max-equilibria)"
            )
        solved[r] = results
    equilibria = []
    seen = set()
    for _, behavior in solved[0]:
        profile = Profile.from_probs(g, behavior)
        if profile.probs in seen:
            continue
        seen.add(profile.probs)
        equilibria.append(_assessment(profile))
    notes.append(
        f"{len(equilibria)} subgame-perfect equilibri{'um' if len(equilibria) == 1 else 'a'} from "
        f"{len(roots)} subgame(s), each solved by the Nash solver"
    )
    if irrational:
        notes.append("a subgame has irrational equilibria (three or more players); they are not carried up and are not listed")
    if not complete:
        notes.append("a subgame's Nash equilibria were not all found (more than two players, or a limit): incomplete")
    return Solution(game=game, concept="spe", method="subgame-decomposition", exact=True, complete=complete, equilibria=tuple(equilibria), notes=tuple(notes))


def _rational(eq: Assessment) -> bool:
    """Whether every probability and payoff of ``eq`` is a fraction (not an algebraic number)."""
    return all(isinstance(x, Fraction) for x in eq.payoffs) and all(
        isinstance(x, Fraction) for row in eq.behavior.probs for x in row
    )
