"""Part 1 of the cross-check: our equilibria, seen by Gambit.

Each equilibrium we report (and each of its off-path variants, :func:`our_profiles`)
becomes a rational pygambit behavior profile with our exact numbers;
:func:`check_ours_with_gambit` requires Gambit's ``max_regret()`` to be exactly 0 (in
every proper subgame too for SPE and PBE), its payoffs, the probability of every leaf
and its beliefs on the path to equal ours.  Gambit's regrets, which can take
exponential time, are computed by :func:`gambit_regrets` in a child process.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core.game import CHANCE, Game
from ..core.values import format_value
from ..errors import GameToolkitError
from ..evaluate.profiles import Profile, reach
from ..solution import Assessment, Solution
from .gambit_profiles import GambitTree, is_rational_profile, to_fraction
from .report import CheckRow, Status, set_name
from .sandbox import in_child

__all__ = ["SUBGAME_LIMIT", "OurProfile", "check_ours_with_gambit", "gambit_regrets", "our_profiles"]

#: Proper subgames moved to pygambit per equilibrium, at most.
SUBGAME_LIMIT = 200


@dataclass(frozen=True)
class OurProfile:
    """One of our profiles: equilibrium ``number`` (1-based), or one of its variants."""

    number: int
    variant: int  # 0: the equilibrium as listed; k: its k-th off-path variant
    profile: Profile
    assessment: Assessment

    @property
    def name(self) -> str:
        return f"#{self.number}" if not self.variant else f"#{self.number} variant {self.variant}"

    @property
    def group(self) -> tuple[str, int]:
        """Profiles in one group span a continuum: a component, or one equilibrium and its variants."""
        if self.assessment.component is not None:
            return ("component", self.assessment.component)
        return ("equilibrium", self.number)


def our_profiles(solution: Solution) -> list[OurProfile]:
    """Our equilibria and their off-path variants, as the checks see them.

    Parameters
    ----------
    solution : Solution
        Our solution; off-path variants are read from each equilibrium's
        ``extra["off_path_variants"]`` (a variant that does not fit the game is left out).

    Returns
    -------
    list of OurProfile
        Each equilibrium, followed by its variants.
    """
    out: list[OurProfile] = []
    for k, eq in enumerate(solution.equilibria, 1):
        out.append(OurProfile(k, 0, eq.behavior, eq))
        variants = eq.extra.get("off_path_variants") if eq.extra else None
        for j, variant in enumerate(variants or (), 1):
            profile = _variant_profile(eq.behavior, variant)
            if profile is not None:
                out.append(OurProfile(k, j, profile, eq))
    return out


def _variant_profile(base: Profile, variant: Any) -> Profile | None:
    """The profile of an off-path variant: the base with some sets' behavior replaced."""
    try:
        labels: dict[str, dict[str, dict[str, object]]] = {
            player: {label: dict(dist) for label, dist in sets.items()} for player, sets in base.to_labels().items()
        }
        for player, sets in variant["behavior"].items():
            for label, dist in sets.items():
                labels[player][label] = dict(dist)
        return Profile.from_labels(base.game, labels)
    except (GameToolkitError, KeyError, TypeError, ValueError):
        return None



def check_ours_with_gambit(game: Game, concept: str, ours: list[OurProfile], timeout: float) -> list[CheckRow]:
    """Part 1 of the cross-check: each of our profiles judged by Gambit.

    Gambit's regrets (which can take exponential time) come from a child process, by
    :func:`gambit_regrets`; the payoffs, the play and the beliefs on the path are
    compared here.

    Parameters
    ----------
    game : Game
        The game.
    concept : str
        The solution concept; for ``pbe`` and ``spe`` the proper subgames are checked too.
    ours : list of OurProfile
        Our profiles, as :func:`our_profiles` gives them.
    timeout : float
        Seconds Gambit's regrets may take, in all.

    Returns
    -------
    list of CheckRow
        Rows ``regret`` (and ``subgames``) for every profile; ``payoffs``, ``play`` and
        ``beliefs`` for each equilibrium as listed.
    """
    from ..io.pygambit import to_pygambit

    if not ours:
        return [CheckRow("regret", "-", "skipped", "we report no equilibrium")]
    roots = [v.index for v in game.subgame_roots() if v.index != 0] if concept in ("pbe", "spe") else []
    profiles = [item.profile.probs for item in ours]
    messages, status, _ = in_child(gambit_regrets, (game, profiles, roots), timeout)
    regrets: dict[int, Fraction] = {}
    subgames: dict[int, CheckRow] = {}
    for kind, k, payload in messages:
        if kind == "regret":
            regrets[k] = Fraction(payload)
        else:
            subgames[k] = CheckRow("subgames", ours[k].name, *payload)
    unfinished = "timed out" if status == "timeout" else status
    tree = GambitTree(game, to_pygambit(game))
    rows: list[CheckRow] = []
    for k, item in enumerate(ours):
        profile = item.profile
        exact = is_rational_profile(profile.probs)
        if k not in regrets:
            detail = f"Gambit's max_regret did not finish ({unfinished}, limit {timeout:g} s)"
            rows.append(CheckRow("regret", item.name, "skipped", detail))
        elif not exact:
            rows.append(_irrational_regret(profile, regrets[k], item.name))
        elif regrets[k] == 0:
            rows.append(CheckRow("regret", item.name, "ok", "Gambit's max_regret = 0 (rational)"))
        else:
            detail = f"Gambit's max_regret = {format_value(regrets[k])}: not a Nash equilibrium"
            rows.append(CheckRow("regret", item.name, "DISAGREE", detail))
        if roots:
            missing = CheckRow("subgames", item.name, "skipped", f"Gambit's regrets in the subgames did not finish ({unfinished})")
            rows.append(subgames.get(k, missing))
        if item.variant:
            continue
        eq = item.assessment
        prof = tree.profile(profile.probs)
        theirs = tree.payoffs(prof)
        shown = ", ".join(f"{name} {_shown(x, exact)}" for name, x in zip(game.players, theirs))
        if _same(theirs, tuple(eq.payoffs), exact):
            rows.append(CheckRow("payoffs", item.name, "ok", f"Gambit: {shown}"))
        else:
            mine = ", ".join(f"{name} {format_value(x)}" for name, x in zip(game.players, eq.payoffs))
            rows.append(CheckRow("payoffs", item.name, "DISAGREE", f"Gambit: {shown}; ours: {mine}"))
        r = reach(profile)
        realized = tree.realiz_probs(prof)
        leaves = [v for v in game.terminals if not _same((realized[v.index],), (r[v.index],), exact)]
        if leaves:
            where = ", ".join(game.path_str(v) for v in leaves[:3])
            rows.append(CheckRow("play", item.name, "DISAGREE", f"Gambit's probability of reaching {where} differs from ours"))
        else:
            played = sum(1 for v in game.terminals if r[v.index] > 0)
            rows.append(CheckRow("play", item.name, "ok", f"same probability at all {len(game.terminals)} leaves ({played} reached)"))
        rows.append(_check_beliefs(game, tree.beliefs(prof), eq, r, item.name, exact))
    return rows


#: How close Gambit's floating-point numbers must come to ours for an irrational profile.
FLOAT_TOLERANCE = 1e-12


def _same(theirs: Sequence[Any], ours: Sequence[Any], exact: bool) -> bool:
    """Equal exactly, or within :data:`FLOAT_TOLERANCE` where our profile is irrational."""
    if exact:
        return tuple(theirs) == tuple(ours)
    return len(theirs) == len(ours) and all(abs(float(a) - float(b)) <= FLOAT_TOLERANCE for a, b in zip(theirs, ours))


def _shown(x: Any, exact: bool) -> str:
    """Gambit's number as text: exact, or its floating-point value for an irrational profile."""
    return format_value(x) if exact else f"{float(x):.12g}"


def _irrational_regret(profile: Profile, regret: Fraction, name: str) -> CheckRow:
    """An irrational profile: Gambit's regret in floating point, and ours exactly."""
    from ..algebra.polysolve import is_zero
    from ..evaluate.profiles import strategic_regrets

    exact_zero = all(is_zero(x) for x in strategic_regrets(profile))
    shown = f"{float(regret):.1e}"
    if abs(regret) <= FLOAT_TOLERANCE and exact_zero:
        detail = (
            f"Gambit's max_regret = {shown} in floating point (the profile is irrational; "
            f"tolerance {FLOAT_TOLERANCE:g}); our regret is exactly 0 in algebraic arithmetic"
        )
        return CheckRow("regret", name, "ok", detail)
    detail = f"Gambit's max_regret = {shown} in floating point; our exact regret is {'0' if exact_zero else 'not 0'}"
    return CheckRow("regret", name, "DISAGREE", detail)


def gambit_regrets(
    game: Game, profiles: Sequence[Sequence[Sequence[Fraction]]], roots: Sequence[int]
) -> Iterator[tuple[str, int, Any]]:
    """Gambit's ``max_regret()`` of each profile, then in each proper subgame.

    Meant to run in a child process (:func:`~gametoolkit.verify.sandbox.in_child`):
    what it yields is plain data.

    Parameters
    ----------
    game : Game
        The game.
    profiles : sequence
        Behavior profiles, each one distribution per set index.
    roots : sequence of int
        The roots of the proper subgames to check (none: no subgame rows).

    Yields
    ------
    tuple
        ``("regret", k, text)``: Gambit's regret of profile ``k`` as text; then, when
        ``roots`` are given, ``("subgames", k, (status, detail))`` for each profile.
    """
    from ..io.pygambit import to_pygambit

    tree = GambitTree(game, to_pygambit(game))
    for k, probs in enumerate(profiles):
        yield ("regret", k, str(tree.profile(probs).max_regret()))
    if roots:
        subgames = _Subgames(game, roots)
        for k, probs in enumerate(profiles):
            yield ("subgames", k, subgames.check(probs))


def _check_beliefs(
    game: Game, beliefs: Sequence[Fraction | None], eq: Assessment, r: Sequence[Fraction], name: str, exact: bool = True
) -> CheckRow:
    problems: list[str] = []
    shown: list[str] = []
    for h in game.infosets:
        if h.player == CHANCE or len(h.nodes) < 2 or not any(r[v] > 0 for v in h.nodes):
            continue
        label = set_name(game, h.index)
        theirs = [beliefs[v] for v in h.nodes]
        if any(x is None for x in theirs):
            problems.append(f"Gambit has no belief at {label}, which the play reaches")
            continue
        gambit = tuple(x for x in theirs if x is not None)
        mine = eq.beliefs.get(h.index)
        text = ", ".join(f"{game.node_name(v)} {_shown(x, exact)}" for v, x in zip(h.nodes, gambit))
        if mine is None:
            problems.append(f"we report no belief at {label} (Gambit: {text})")
        elif not _same(gambit, tuple(mine), exact):
            problems.append(f"at {label} Gambit: {text}; ours: {', '.join(format_value(x) for x in mine)}")
        else:
            shown.append(f"{label}: {text}")
    if problems:
        return CheckRow("beliefs", name, "DISAGREE", "; ".join(problems))
    if not shown:
        return CheckRow("beliefs", name, "ok", "no information set with several nodes is reached")
    return CheckRow("beliefs", name, "ok", "Gambit's beliefs on the path equal ours: " + "; ".join(shown))


class _Subgames:
    """The proper subgames (at most :data:`SUBGAME_LIMIT`), each moved to pygambit once."""

    def __init__(self, game: Game, roots: Sequence[int]) -> None:
        from ..evaluate.subgames import extract
        from ..io.pygambit import to_pygambit

        self.game = game
        self.total = len(roots)
        self.pieces: list[tuple[int, Game, dict[int, int], GambitTree]] = []
        for root in roots[:SUBGAME_LIMIT]:
            sub, mapping = extract(game, root)
            self.pieces.append((root, sub, mapping, GambitTree(sub, to_pygambit(sub))))

    def check(self, profile: Sequence[Sequence[Fraction]]) -> tuple[Status, str]:
        """Gambit's regret of the profile in every proper subgame must be 0."""
        bad: list[str] = []
        for root, sub, mapping, tree in self.pieces:
            probs = [profile[mapping[h.index]] for h in sub.infosets]
            regret = to_fraction(tree.profile(probs).max_regret())
            if regret != 0:
                bad.append(f"{self.game.path_str(root)} (regret {format_value(regret)})")
        checked = len(self.pieces)
        more = f" (the first {checked} of {self.total})" if self.total > checked else ""
        if bad:
            where = ", ".join(bad[:3])
            return "DISAGREE", f"Gambit finds a profitable deviation in the subgame at {where}"
        return "ok", f"Gambit's max_regret = 0 in {_count(checked, 'proper subgame')}{more}"



def _count(n: int, noun: str) -> str:
    return f"the {noun}" if n == 1 else f"all {n} {noun}s"
