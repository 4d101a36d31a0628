"""The cross-check's report: its rows, Gambit's runs and equilibria, and the table.

:class:`CheckRow` is one verdict, :class:`GambitEquilibrium` and :class:`GambitRun`
record what a Gambit solver returned and what our evaluator says about it, and
:class:`CrossCheckReport` collects them; :func:`format_report` prints a report as a
table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from ..core.game import CHANCE, Game
from ..core.values import format_value
from ..solution import Solution

__all__ = [
    "CheckRow",
    "CrossCheckReport",
    "GambitEquilibrium",
    "GambitRun",
    "Status",
    "format_report",
    "set_name",
]

#: The verdict of one row.
Status = Literal["ok", "DISAGREE", "skipped"]


@dataclass(frozen=True)
class CheckRow:
    """One line of the report: what was checked, on what, the verdict and why."""

    check: str
    subject: str
    status: Status
    detail: str

    def to_json(self) -> dict[str, str]:
        """The row as a JSON object of strings."""
        return {"check": self.check, "subject": self.subject, "status": self.status, "detail": self.detail}


@dataclass(frozen=True)
class GambitEquilibrium:
    """One profile a Gambit solver returned, and what our evaluator says about it.

    ``behavior`` is indexed by our player sets; ``None`` where Gambit leaves the set
    unspecified.  ``exact`` is false for floating-point results (then ``behavior`` is
    Gambit's numbers, rounded).  ``regret`` is our strategic regret, ``gambit_regret``
    Gambit's ``max_regret()``, both for the same profile (``None`` when
    Gambit did not finish computing it in time); ``gambit_agent_regret`` is Gambit's
    ``agent_max_regret()`` (behavior profiles only).  ``is_pbe``/``is_spe`` are ``None``
    when not decided; ``match`` names the equilibrium of ours it coincides with.
    """

    number: int
    behavior: Mapping[int, tuple[Fraction, ...] | None]
    exact: bool
    regret: Fraction
    gambit_regret: Fraction | None
    is_nash: bool
    gambit_agent_regret: Fraction | None = None
    is_pbe: bool | None = None
    is_spe: bool | None = None
    match: str | None = None

    def to_json(self, game: Game) -> dict[str, Any]:
        """The equilibrium as a JSON object, behavior by player and set label."""
        behavior: dict[str, dict[str, dict[str, str] | None]] = {name: {} for name in game.players}
        for h, dist in sorted(self.behavior.items()):
            iset = game.infosets[h]
            label = game.infoset_name(h)
            behavior[game.players[iset.player]][label] = (
                None if dist is None else {a or f"#{k + 1}": format_value(p) for k, (a, p) in enumerate(zip(iset.actions, dist))}
            )
        return {
            "number": self.number,
            "behavior": behavior,
            "exact": self.exact,
            "regret": _json_number(self.regret, self.exact),
            "gambit_regret": None if self.gambit_regret is None else _json_number(self.gambit_regret, self.exact),
            "nash": self.is_nash,
            "pbe": self.is_pbe,
            "spe": self.is_spe,
            "match": self.match,
        }


@dataclass(frozen=True)
class GambitRun:
    """What one Gambit solver did: ``status`` ``ok``, ``timeout``, ``error`` or ``skipped``."""

    solver: str
    status: str
    seconds: float
    equilibria: tuple[GambitEquilibrium, ...] = ()
    message: str = ""

    def to_json(self, game: Game) -> dict[str, Any]:
        """The run as a JSON object."""
        return {
            "solver": self.solver,
            "status": self.status,
            "seconds": round(self.seconds, 4),
            "message": self.message,
            "equilibria": [e.to_json(game) for e in self.equilibria],
        }


@dataclass(frozen=True)
class CrossCheckReport:
    """The rows of a cross-check, what each Gambit solver returned, and the verdict."""

    game: Game
    concept: str
    solution: Solution
    rows: tuple[CheckRow, ...]
    runs: tuple[GambitRun, ...] = ()
    gambit_version: str = ""

    @property
    def ok(self) -> bool:
        """True when no row says ``DISAGREE``."""
        return not self.disagreements

    @property
    def disagreements(self) -> tuple[CheckRow, ...]:
        """The rows that say ``DISAGREE``."""
        return tuple(r for r in self.rows if r.status == "DISAGREE")

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON object (the ``check --json`` contract)."""
        return {
            "game": {"title": self.game.title, "players": list(self.game.players)},
            "concept": self.concept,
            "complete": self.solution.complete,
            "equilibria": len(self.solution.equilibria),
            "gambit": self.gambit_version,
            "ok": self.ok,
            "disagreements": len(self.disagreements),
            "rows": [r.to_json() for r in self.rows],
            "gambit_runs": [run.to_json(self.game) for run in self.runs],
        }



# ---------------------------------------------------------------------- the table
def format_report(report: CrossCheckReport, width: int = 100) -> str:
    """The report as a table: check, subject, status, detail; then the verdict.

    Parameters
    ----------
    report : CrossCheckReport
        The report.
    width : int, optional
        The width of the table in characters; details wrap within it.

    Returns
    -------
    str
        The table, without a final newline.
    """
    sol = report.solution
    g = report.game
    n = len(sol.equilibria)
    status = "complete" if sol.complete else "not proven complete"
    lines = [
        f"Cross-check against Gambit (pygambit {report.gambit_version}): {g.title or 'game'}",
        f"our {report.concept}: {n} equilibri{'um' if n == 1 else 'a'} ({sol.method}; {status})",
        "",
    ]
    headers = ("check", "subject", "status", "detail")
    w_check = max([len(headers[0])] + [len(r.check) for r in report.rows])
    w_subject = max([len(headers[1])] + [len(r.subject) for r in report.rows])
    w_status = max([len(headers[2])] + [len(r.status) for r in report.rows])
    indent = w_check + w_subject + w_status + 6
    lines.append(f"{headers[0]:<{w_check}}  {headers[1]:<{w_subject}}  {headers[2]:<{w_status}}  {headers[3]}")
    lines.append("-" * min(width, indent + 40))
    for row in report.rows:
        detail = _wrap(row.detail, max(30, width - indent))
        lines.append(f"{row.check:<{w_check}}  {row.subject:<{w_subject}}  {row.status:<{w_status}}  {detail[0]}")
        lines.extend(" " * indent + more for more in detail[1:])
    lines.append("")
    bad = report.disagreements
    if bad:
        lines.append(f"verdict: DISAGREE ({len(bad)} row{'s' if len(bad) != 1 else ''})")
    else:
        skipped = sum(1 for r in report.rows if r.status == "skipped")
        extra = f", {skipped} skipped" if skipped else ""
        lines.append(f"verdict: ok ({sum(1 for r in report.rows if r.status == 'ok')} checks agree{extra})")
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines



def _json_number(x: Fraction, exact: bool) -> str | float:
    return format_value(x) if exact else float(x)


def set_name(game: Game, h: int) -> str:
    """A set's name in a report row.

    Parameters
    ----------
    game : Game
        The game.
    h : int
        An information set index.

    Returns
    -------
    str
        The set's label, preceded by its player's name when another player has a set of
        that label or the set has no label.
    """
    iset = game.infosets[h]
    label = game.infoset_name(h)
    clash = any(o.label == iset.label and o.player != iset.player for o in game.infosets if o.player != CHANCE)
    return f"{game.players[iset.player]} {label}" if clash or not iset.label else label
