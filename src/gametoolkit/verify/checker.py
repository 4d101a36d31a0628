"""Part 2 of the cross-check: Gambit's equilibria, seen by our evaluator.

:class:`Checker` completes each profile a Gambit solver returned where Gambit leaves
behavior unspecified, evaluates it by :mod:`gametoolkit.evaluate.profiles` and
:mod:`gametoolkit.evaluate.beliefs`, matches it with our equilibria (the same behavior
where it is played, or inside the convex hull of one of our components), judges
Gambit's logit limit, and checks that our pure equilibria are among Gambit's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from ..core.game import CHANCE, Game
from ..core.values import format_value
from ..errors import GameToolkitError
from ..evaluate.beliefs import is_pbe, relative_reach, subgame_roots_of_sets
from ..evaluate.profiles import Profile, agent_regrets, bayes_beliefs, is_nash, max_regret, own_sequences, reach
from ..solution import Solution
from .hull import hull_distance, in_hull, max_distance
from .ours_in_gambit import OurProfile
from .report import CheckRow, GambitEquilibrium, GambitRun, Status, set_name

__all__ = [
    "COMPLETION_BUDGET",
    "COMPLETION_LIMIT",
    "CONCEPTS",
    "CONCEPT_NAMES",
    "FOUND_ROWS",
    "LOGIT_PAYOFF_RANGE",
    "PBE_TRIES",
    "Checker",
]

ZERO = Fraction(0)
ONE = Fraction(1)

#: At most this many pure completions of unspecified behavior are tried per profile.
COMPLETION_LIMIT = 256
#: For spe and pbe, about this many completions in all over one solver's equilibria
#: (a degenerate game can give a thousand pure equilibria, each with sets unspecified).
COMPLETION_BUDGET = 4096
#: For nash and pure-nash, whether a Gambit equilibrium is also a PBE (reported, not
#: a check) is looked for in this many completions beyond those already made.
PBE_TRIES = 3
#: Beyond this spread of payoffs a missed logit limit is not called a disagreement
#: (floating point cannot resolve the behavior; Gambit's own tests have such a game).
LOGIT_PAYOFF_RANGE = 1e9
#: Above this many matched equilibria of one solver, one row lists them all.
FOUND_ROWS = 8

#: The solution concepts the cross-check knows, and their names in the report.
CONCEPTS = ("pbe", "spe", "nash", "pure-nash")
CONCEPT_NAMES = {"pbe": "PBE", "spe": "SPE", "nash": "Nash", "pure-nash": "pure Nash"}


class Checker:
    """Our evaluator applied to Gambit's equilibria, and matching them with ours.

    Parameters
    ----------
    game : Game
        The game.
    concept : str
        One of :data:`CONCEPTS`.
    solution : Solution
        Our solution for ``concept``.
    ours : list of OurProfile
        Our profiles (:func:`~gametoolkit.verify.ours_in_gambit.our_profiles`).
    """

    def __init__(self, game: Game, concept: str, solution: Solution, ours: list[OurProfile]) -> None:
        self.game = game
        self.concept = concept
        self.solution = solution
        self.ours = ours
        self.player_sets = [h for h in game.infosets if h.player != CHANCE]
        self.roots = subgame_roots_of_sets(game)
        pays = [x for v in game.terminals for x in game.payoffs(v) if isinstance(x, Fraction)]
        self.payoff_range = float(max(pays) - min(pays)) if pays else 0.0

    # ------------------------------------------------------------ profiles
    def completions(self, eq: GambitEquilibrium, limit: int = COMPLETION_LIMIT) -> Iterator[Profile]:
        """Full profiles from Gambit's (possibly partial) behavior, made as they are asked for.

        The uniform completion comes first, then the completions by our equilibria's
        behavior at the unspecified sets, then up to ``limit`` pure completions.
        """
        missing = [h for h in self.player_sets if eq.behavior.get(h.index) is None]
        base = {h.index: eq.behavior.get(h.index) or tuple(Fraction(1, len(h.actions)) for _ in h.actions) for h in self.player_sets}
        first = Profile.from_probs(self.game, base)
        yield first
        if not missing:
            return
        seen = {first.probs}
        fills: Iterator[dict[int, tuple[Fraction, ...]]] = itertools.chain(
            ({h.index: item.profile.probs[h.index] for h in missing} for item in self.ours),
            (
                {h.index: tuple(ONE if k == a else ZERO for k in range(len(h.actions))) for h, a in zip(missing, pick)}
                for pick in itertools.islice(itertools.product(*(range(len(h.actions)) for h in missing)), limit)
            ),
        )
        for fill in fills:
            key = tuple(fill.get(h.index) or base[h.index] for h in self.player_sets)
            if key in seen:
                continue
            seen.add(key)
            yield Profile.from_probs(self.game, {**base, **fill})

    def is_spe(self, profile: Profile) -> bool:
        """Whether a full profile is a Nash equilibrium of the game and of every proper subgame."""
        from ..evaluate.subgames import extract

        for v in self.game.subgame_roots():
            if v.index == 0:
                if not is_nash(profile):
                    return False
                continue
            sub, mapping = extract(self.game, v.index)
            probs = tuple(profile.probs[mapping[h.index]] for h in sub.infosets)
            if not is_nash(Profile(sub, probs)):
                return False
        return True

    def satisfies(self, profile: Profile, regret: Fraction) -> bool:
        """Whether a full profile satisfies our concept by our own evaluator.

        ``regret`` is the profile's strategic regret (the same for every completion).
        """
        if self.concept == "pbe":
            return is_pbe(profile)
        if self.concept == "spe":
            return regret == 0 and self.is_spe(profile)
        if self.concept == "pure-nash":
            return regret == 0 and profile.is_pure()
        return regret == 0

    # ------------------------------------------------------------ matching
    def _reached_sets(self, profile: Profile) -> list[int]:
        """The sets whose behavior identifies an equilibrium of our concept.

        On the path of play; for subgame perfection, on the path of every subgame.
        """
        r = reach(profile)
        out = []
        for h in self.player_sets:
            on_path = any(r[v] > 0 for v in h.nodes)
            if on_path or (self.concept == "spe" and any(relative_reach(profile, self.roots[h.index], h.nodes))):
                out.append(h.index)
        return out

    def match(self, profile: Profile) -> str | None:
        """Which of our equilibria ``profile`` coincides with where it is played."""
        sets = self._reached_sets(profile)
        for item in self.ours:
            if all(item.profile.probs[h] == profile.probs[h] for h in sets):
                return item.name
        groups: dict[tuple[str, int], list[OurProfile]] = {}
        for item in self.ours:
            groups.setdefault(item.group, []).append(item)
        for (kind, number), members in groups.items():
            if len(members) < 2:
                continue
            target = [p for h in sets for p in profile.probs[h]]
            points = [[p for h in sets for p in m.profile.probs[h]] for m in members]
            if in_hull(points, target) or self._in_plan_hull(members, profile, sets):
                names = ", ".join(sorted({f"#{m.number}" for m in members}))
                where = f"component {number}" if kind == "component" else f"#{number} and its variants"
                return f"inside the convex hull of {where} ({names})"
        return None

    def _in_plan_hull(self, members: Sequence[OurProfile], profile: Profile, sets: Sequence[int]) -> bool:
        """Each player's realization plan (at the given sets) in the hull of the members' plans."""
        for i in range(len(self.game.players)):
            mine = [h for h in sets if self.game.infosets[h].player == i]
            if not mine:
                continue
            target = _plan(profile, i, mine)
            if not in_hull([_plan(m.profile, i, mine) for m in members], target):
                return False
        return True

    # ------------------------------------------------------------ one solver
    def evaluate(self, run: GambitRun, tolerance: float) -> tuple[list[CheckRow], GambitRun]:
        """Judge what one Gambit solver returned.

        Parameters
        ----------
        run : GambitRun
            The solver's run, as :func:`~gametoolkit.verify.gambit_solvers.run_gambit`
            returns it.
        tolerance : float
            How close, on the path of play, the logit limit must come to one of ours.

        Returns
        -------
        rows : list of CheckRow
            A summary row, then the rows of each equilibrium.
        run : GambitRun
            The run with each equilibrium's evaluation fields filled in.
        """
        if run.status == "skipped":
            return [CheckRow(run.solver, "Gambit", "skipped", run.message)], run
        if run.status != "ok":
            return [CheckRow(run.solver, "Gambit", "skipped", f"{run.status}: {run.message}")], run
        if run.solver == "logit":
            return self._evaluate_logit(run, tolerance)
        rows: list[CheckRow] = []
        evaluated: list[GambitEquilibrium] = []
        agent = run.solver == "enumpure-agent"
        limit = max(8, min(COMPLETION_LIMIT, COMPLETION_BUDGET // max(1, len(run.equilibria))))
        for eq in run.equilibria:
            checked, eq_rows = self._evaluate_one(run.solver, eq, agent, limit)
            evaluated.append(checked)
            rows.extend(eq_rows)
        found = [r for r in rows if r.check == "found" and r.status == "ok" and "not in our list" not in r.detail]
        if len(found) > FOUND_ROWS:
            # many matches: one line lists them, the rows that need attention stay
            pairs = ", ".join(f"{e.number} = {e.match if e.match.startswith('#') else 'hull'}" for e in evaluated if e.match)
            rows = [r for r in rows if r not in found]
            what = CONCEPT_NAMES[self.concept]
            rows.insert(0, CheckRow("found", run.solver, "ok", f"{len(found)} are {what} by our check and among ours: {pairs}"))
        evaluated_run = replace(run, equilibria=tuple(evaluated))
        rows.insert(0, self._summary_row(evaluated_run))
        return rows, evaluated_run

    def _evaluate_one(
        self, solver: str, eq: GambitEquilibrium, agent: bool, limit: int = COMPLETION_LIMIT
    ) -> tuple[GambitEquilibrium, list[CheckRow]]:
        rows: list[CheckRow] = []
        name = f"{solver} {eq.number}"
        profiles = self.completions(eq, limit)
        first = next(profiles)  # the Nash test does not depend on the completion
        regret = max_regret(first)
        tried = [first]
        good: Profile | None
        match: str | None
        pbe_profile: Profile | None
        if self.concept in ("nash", "pure-nash"):
            # Gambit leaves unspecified only sets the player's own moves exclude: no
            # completion changes the play, the regret or the match, so the first
            # completion that satisfies the concept (pure, for pure-nash) decides
            good = None
            if regret == 0:
                good = next((c for c in itertools.chain(tried, profiles) if self.satisfies(c, regret)), None)
                if good is not None and good is not first:
                    tried.append(good)
            match = self.match(good) if good is not None else None
            # whether some completion is also a PBE: the few already made, then a few more
            pbe_profile = next((c for c in itertools.chain(tried, itertools.islice(profiles, PBE_TRIES)) if is_pbe(c)), None)
            spe = None
        else:
            everything = [first, *profiles]
            if self.concept == "pbe":
                satisfying = [c for c in everything if is_pbe(c)]
                pbe_profile = satisfying[0] if satisfying else None
            else:
                pbe_profile = next((c for c in everything if is_pbe(c)), None)
                satisfying = [c for c in everything if self.satisfies(c, regret)]
            # where Gambit leaves behavior unspecified, several completions may satisfy the
            # concept (a mover indifferent at a set its own moves exclude): the one matching
            # an equilibrium of ours decides, else the first (a mixture of two of our
            # equilibria, such as the uniform completion, is not a missing equilibrium)
            matches = ((c, self.match(c)) for c in satisfying)
            good, match = next(((c, m) for c, m in matches if m is not None), (satisfying[0] if satisfying else None, None))
            spe = regret == 0 and any(self.is_spe(c) for c in everything) if self.concept == "spe" else None
        checked = replace(eq, regret=regret, is_nash=regret == 0, is_pbe=pbe_profile is not None, is_spe=spe, match=match)
        if eq.gambit_regret is not None:
            rows.extend(self._compare_regret(name, "max_regret", eq.gambit_regret, regret, eq.exact, first))
        if agent and eq.gambit_agent_regret is not None:
            local = self.reached_agent_regret(first)
            rows.extend(self._compare_regret(name, "agent regret", eq.gambit_agent_regret, local, eq.exact, first))
        if good is not None:
            rows.append(self._found_row(name, good, match))
            if regret != 0:
                rows.append(
                    CheckRow(
                        "pbe-is-nash", name, "DISAGREE",
                        f"our PBE check accepts it, yet it is not a Nash equilibrium (our regret {format_value(regret)}, "
                        f"Gambit's {_shown(eq.gambit_regret, eq.exact)}): a PBE must be Nash",
                    )
                )
        return checked, rows

    def _compare_regret(
        self, name: str, what: str, gambit: Fraction, ours: Fraction, exact: bool, profile: Profile
    ) -> list[CheckRow]:
        if exact and gambit != ours:
            detail = f"Gambit's {what} {format_value(gambit)}, ours {format_value(ours)}; its play: {self.describe(profile)}"
            return [CheckRow("regret", name, "DISAGREE", detail)]
        if not exact and abs(float(gambit) - float(ours)) > 1e-6 * max(1.0, self.payoff_range):
            return [CheckRow("regret", name, "DISAGREE", f"Gambit's {what} {float(gambit):.3g}, ours {float(ours):.3g}")]
        return []

    def reached_agent_regret(self, profile: Profile) -> Fraction:
        """The largest one-shot gain at a set the play reaches (Bayes beliefs there)."""
        r = reach(profile)
        beliefs = {h: b for h, b in bayes_beliefs(profile, r).items() if b is not None}
        local = agent_regrets(profile, beliefs)
        return max((x for h, x in local.items() if any(r[v] > 0 for v in self.game.infosets[h].nodes)), default=ZERO)

    def _found_row(self, name: str, profile: Profile, match: str | None) -> CheckRow:
        what = CONCEPT_NAMES[self.concept]
        shown = self.describe(profile)
        if match is not None:
            where = f"= our {match}" if match.startswith("#") else match
            return CheckRow("found", name, "ok", f"{what} by our check, {where}: {shown}")
        if self.solution.complete:
            return CheckRow("found", name, "DISAGREE", f"{what} by our check but not among our equilibria: {shown}")
        return CheckRow("found", name, "ok", f"{what} by our check, not in our list (which is not complete): {shown}")

    def _summary_row(self, run: GambitRun) -> CheckRow:
        eqs = run.equilibria
        n = len(eqs)
        kind = {
            "enumpure": "pure Nash equilibri",
            "enumpure-agent": "pure agent-form equilibri",
            "lcp": "equilibri",
            "lcp-strategic": "equilibri",
            "enummixed": "extreme Nash equilibri",
        }.get(run.solver, "equilibri")
        parts = [f"{n} {kind}{'um' if n == 1 else 'a'}"]
        parts.append({"lcp": "sequence form", "lcp-strategic": "strategic form", "enummixed": "strategic form"}.get(run.solver, ""))
        parts = [p for p in parts if p]
        if run.solver == "enumpure-agent":
            nash = sum(1 for e in eqs if e.is_nash)
            parts.append(f"{nash} of them Nash by our evaluator")
        else:
            bad = [e.number for e in eqs if not e.is_nash]
            parts.append("all Nash by our evaluator" if not bad else f"NOT Nash by our evaluator: {_numbers(bad)}")
        pbe = [e.number for e in eqs if e.is_pbe]
        parts.append(f"PBE by our check: {_numbers(pbe) if pbe else 'none'}")
        if self.concept == "spe":
            spe = [e.number for e in eqs if e.is_spe]
            parts.append(f"SPE by our check: {_numbers(spe) if spe else 'none'}")
        if run.message:
            parts.append(run.message)
        parts.append(f"{run.seconds:.2f} s")
        bad_nash = run.solver != "enumpure-agent" and any(not e.is_nash for e in eqs)
        # every finite game has a Nash equilibrium: these solvers must return one
        empty = n == 0 and run.solver in ("lcp", "lcp-strategic", "enummixed", "logit")
        if empty:
            parts.insert(1, "yet every finite game has a Nash equilibrium" + (" (ours are confirmed above)" if self.ours else ""))
        return CheckRow(run.solver, "Gambit", "DISAGREE" if bad_nash or empty else "ok", "; ".join(parts))

    def describe(self, profile: Profile, exact: bool = True) -> str:
        """The behavior at the sets a profile reaches, short (decimals when not ``exact``)."""
        from ..core.values import format_distribution

        r = reach(profile)
        parts = []
        for h in self.player_sets:
            if exact and any(r[v] > 0 for v in h.nodes):
                parts.append(f"{set_name(self.game, h.index)}: {format_distribution(h.actions, profile.probs[h.index])}")
            elif not exact and any(float(r[v]) > 1e-4 for v in h.nodes):
                shown = ", ".join(f"{a} {float(p):.4g}" for a, p in zip(h.actions, profile.probs[h.index]) if float(p) > 1e-4)
                parts.append(f"{set_name(self.game, h.index)}: {shown}")
        return "; ".join(parts) or "(no move)"

    # ------------------------------------------------------------ logit
    def _evaluate_logit(self, run: GambitRun, tolerance: float) -> tuple[list[CheckRow], GambitRun]:
        if not run.equilibria:
            return [CheckRow("logit", "Gambit", "skipped", "Gambit's logit_solve returned no profile")], run
        eq = run.equilibria[0]
        profile = next(self.completions(eq))
        regret = max_regret(profile)
        scale = max(1.0, self.payoff_range)
        converged = float(regret) <= 1e-6 * scale
        checked = replace(eq, regret=regret, is_nash=converged, is_pbe=is_pbe(profile))
        run = replace(run, equilibria=(checked,))
        rows = [
            CheckRow(
                "logit", "Gambit", "ok",
                f"limit of the principal branch, regret {float(regret):.2g} by our evaluator"
                f" (Gambit {_shown(eq.gambit_regret, False)}); {run.seconds:.2f} s",
            )
        ]
        if eq.gambit_regret is not None and abs(float(regret) - float(eq.gambit_regret)) > 1e-6 * scale:
            rows.append(CheckRow("regret", "logit", "DISAGREE", f"Gambit's regret {float(eq.gambit_regret):.3g}, ours {float(regret):.3g}"))
        rows.append(self._logit_row(profile, converged, tolerance))
        return rows, run

    def _logit_row(self, profile: Profile, converged: bool, tolerance: float) -> CheckRow:
        r = reach(profile)
        on_path = [h.index for h in self.player_sets if any(float(r[v]) > 1e-4 for v in h.nodes)]
        everywhere = [h.index for h in self.player_sets]
        target_on = [float(p) for h in on_path for p in profile.probs[h]]
        target_all = [float(p) for h in everywhere for p in profile.probs[h]]
        best: tuple[float, float, str] | None = None
        groups: dict[tuple[str, int], list[OurProfile]] = {}
        for item in self.ours:
            groups.setdefault(item.group, []).append(item)
            d_on = max_distance(target_on, [float(p) for h in on_path for p in item.profile.probs[h]])
            d_all = max_distance(target_all, [float(p) for h in everywhere for p in item.profile.probs[h]])
            if best is None or (d_on, d_all) < best[:2]:
                best = (d_on, d_all, f"our {item.name}")
        for (kind, number), members in groups.items():
            if len(members) < 2:
                continue
            d_on = hull_distance([[float(p) for h in on_path for p in m.profile.probs[h]] for m in members], target_on)
            d_all = hull_distance([[float(p) for h in everywhere for p in m.profile.probs[h]] for m in members], target_all)
            name = f"our component {number}" if kind == "component" else f"the continuum of our #{number} and its variants"
            if best is None or (d_on, d_all) < best[:2]:
                best = (d_on, d_all, name)
        if best is None:
            return CheckRow("logit-limit", "logit", "skipped", "we report no equilibrium to compare with")
        d_on, d_all, name = best
        if d_on <= tolerance:
            off = "and off it" if d_all <= tolerance else f"off it up to {d_all:.2g} apart (another off-path behavior)"
            return CheckRow("logit-limit", "logit", "ok", f"on the path within {d_on:.2g} of {name}, {off}")
        what = f"Gambit's logit limit is {d_on:.2g} away from the nearest, {name}, on the path"
        play = f"its play: {self.describe(profile, exact=False)}"
        # rounded to simple fractions, is it an equilibrium of ours, or one we miss?
        snapped = _snap(profile)
        if snapped is not None and self.satisfies(snapped, max_regret(snapped)):
            match = self.match(snapped)
            if match is not None:
                where = f"= our {match}" if match.startswith("#") else match
                return CheckRow("logit-limit", "logit", "ok", f"{what}; rounded it is exactly an equilibrium of ours, {where}")
            status: Status = "DISAGREE" if self.solution.complete else "ok"
            return CheckRow(
                "logit-limit", "logit", status,
                f"{what}; rounded ({self.describe(snapped)}) it is a {CONCEPT_NAMES[self.concept]} by our check "
                f"that our {'complete ' if self.solution.complete else 'incomplete '}list lacks",
            )
        if not converged:
            return CheckRow("logit-limit", "logit", "skipped", f"{what} (logit did not converge: its regret is not ~0); {play}")
        if self.payoff_range > LOGIT_PAYOFF_RANGE:
            return CheckRow(
                "logit-limit", "logit", "skipped",
                f"{what} (payoffs span {self.payoff_range:.2g}: beyond what floating-point logit resolves); {play}",
            )
        if self.concept == "pure-nash" and not profile.is_pure():
            return CheckRow("logit-limit", "logit", "skipped", f"{what} (a mixed limit; our concept is pure Nash)")
        if not self.solution.complete:
            return CheckRow("logit-limit", "logit", "ok", f"{what} (our list is not complete); {play}")
        return CheckRow("logit-limit", "logit", "DISAGREE", f"{what}; {play}")

    # ------------------------------------------------------------ ours among Gambit's
    def ours_in_gambit(self, runs: Sequence[GambitRun]) -> list[CheckRow]:
        """Each pure equilibrium of ours among Gambit's pure (reduced) and pure agent equilibria."""
        rows: list[CheckRow] = []
        by_solver = {run.solver: run for run in runs if run.status == "ok"}
        pure = [item for item in self.ours if item.profile.is_pure()]
        if not pure:
            return rows
        if "enumpure" in by_solver:
            found = {self.reduced_key(e.behavior) for e in by_solver["enumpure"].equilibria}
            missing = [item.name for item in pure if self.reduced_key(_as_behavior(item.profile)) not in found]
            rows.append(self._presence_row("enumpure", pure, missing, "pure Nash equilibria (reduced strategic form)"))
        if "enumpure-agent" in by_solver:
            found_full = {tuple(e.behavior.get(h.index) for h in self.player_sets) for e in by_solver["enumpure-agent"].equilibria}
            missing = [
                item.name for item in pure if tuple(item.profile.probs[h.index] for h in self.player_sets) not in found_full
            ]
            rows.append(self._presence_row("enumpure-agent", pure, missing, "pure agent-form equilibria"))
        return rows

    def _presence_row(self, solver: str, pure: Sequence[OurProfile], missing: Sequence[str], what: str) -> CheckRow:
        if missing:
            return CheckRow("in-gambit", solver, "DISAGREE", f"our pure {', '.join(missing)} not among Gambit's {what}")
        return CheckRow("in-gambit", solver, "ok", f"each of our {len(pure)} pure profiles is among Gambit's {what}")

    def reduced_key(self, behavior: Mapping[int, tuple[Fraction, ...] | None]) -> tuple[tuple[Fraction, ...] | None, ...]:
        """Behavior at every player set in order (``None`` where unspecified), to compare profiles."""
        return tuple(behavior.get(h.index) for h in self.player_sets)

    def pure_nash_rows(self, runs: Sequence[GambitRun]) -> list[CheckRow]:
        """For Nash concepts: Gambit's pure Nash equilibria against our pure-Nash solver."""
        if self.concept not in ("nash", "pure-nash"):
            return []
        run = next((r for r in runs if r.solver == "enumpure" and r.status == "ok"), None)
        if run is None:
            return []
        if self.concept == "pure-nash":
            pure_solution = self.solution
        else:
            try:
                from ..solvers import solve

                pure_solution = solve(self.game, "pure-nash")
            except ImportError:
                return [CheckRow("pure-nash", "enumpure", "skipped", "our pure-nash solver is not installed")]
            except GameToolkitError as err:
                return [CheckRow("pure-nash", "enumpure", "skipped", f"our pure-nash solver: {err}")]
        keys = {self.reduced_key(_as_behavior(eq.behavior)) for eq in pure_solution.equilibria}
        missing = [e.number for e in run.equilibria if self.reduced_key(e.behavior) not in keys]
        if missing and pure_solution.complete:
            return [CheckRow("pure-nash", "enumpure", "DISAGREE", f"Gambit's pure Nash {_numbers(missing)} not found by our pure-nash solver")]
        if missing:
            return [CheckRow("pure-nash", "enumpure", "ok", f"Gambit's {_numbers(missing)} not in our pure-nash list (not complete)")]
        return [CheckRow("pure-nash", "enumpure", "ok", f"all {len(run.equilibria)} of Gambit's pure Nash equilibria found by our pure-nash solver")]


def _as_behavior(profile: Profile) -> dict[int, tuple[Fraction, ...] | None]:
    """Behavior as Gambit's ``as_behavior()`` gives it: ``None`` at sets the player's own moves exclude."""
    game = profile.game
    out: dict[int, tuple[Fraction, ...] | None] = {}
    for i in range(len(game.players)):
        seqs = own_sequences(game, i)
        excluded: set[int] = set()
        for h in sorted(game.infosets_of(i), key=lambda h: min(h.nodes)):
            above = seqs[h.nodes[0]]
            if above is not None and (above[0] in excluded or profile.probs[above[0]][above[1]] == 0):
                excluded.add(h.index)
                out[h.index] = None
            else:
                out[h.index] = profile.probs[h.index]
    return out


def _plan(profile: Profile, player: int, sets: Sequence[int]) -> list[Fraction]:
    """The player's realization probability of each action at ``sets`` (own moves only)."""
    game = profile.game
    seqs = own_sequences(game, player)
    own: dict[int, Fraction] = {}
    for h in sorted(game.infosets_of(player), key=lambda h: min(h.nodes)):
        above = seqs[h.nodes[0]]
        own[h.index] = ONE if above is None else own[above[0]] * profile.probs[above[0]][above[1]]
    return [own[h] * p for h in sets for p in profile.probs[h]]


def _snap(profile: Profile, denominator: int = 1000) -> Profile | None:
    """The profile with each probability rounded to a fraction of small denominator."""
    rows: dict[int, tuple[Fraction, ...]] = {}
    for h in profile.game.infosets:
        if h.player == CHANCE:
            continue
        near = [p.limit_denominator(denominator) for p in profile.probs[h.index]]
        total = sum(near, ZERO)
        if total == 0:
            return None
        rows[h.index] = tuple(x / total for x in near)
    return Profile.from_probs(profile.game, rows)


def _shown(x: Fraction | None, exact: bool) -> str:
    if x is None:
        return "not computed in time"
    return format_value(x) if exact else f"{float(x):.2g}"


def _numbers(items: Sequence[int]) -> str:
    shown = ", ".join(str(k) for k in items[:12])
    return shown + (f" and {len(items) - 12} more" if len(items) > 12 else "")

