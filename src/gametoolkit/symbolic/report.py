"""A symbolic solution as a table, as LaTeX for a paper, and as the CLI's JSON.

The JSON keeps the schema of ``DESIGN.md``: behavior, beliefs and payoffs are exact
expressions as text (``"(x6 - bU)/(x4 - bU)"``), ``conditions`` the ASCII conditions
that :func:`~.expr.parse_relations` reads back.  Keys are only added: ``symbolic``,
``parameters``, ``assumptions``, and per equilibrium ``name``, ``existence``,
``conditions_latex``, ``free`` and ``behavior_conditions`` (conditions on behavior
that a continuum leaves free).
"""

from __future__ import annotations

from typing import Any

import sympy

from ..core.game import CHANCE
from .expr import BELIEF_PREFIX, to_latex, to_text
from .ordinal import OrdinalReport
from .solver import SymbolicEquilibrium, SymbolicSolution

__all__ = ["format_latex", "format_text", "solution_json"]


def _text(sol: SymbolicSolution, x: Any) -> str:
    return to_text(sympy.factor(sympy.cancel(x)) if not x.is_number else x, sol.assumptions.sign)


def _family_json(sol: SymbolicSolution, fam: SymbolicEquilibrium, existence: str | None) -> dict[str, Any]:
    g = sol.game
    behavior: dict[str, dict[str, dict[str, str]]] = {name: {} for name in g.players}
    beliefs: dict[str, dict[str, dict[str, str]]] = {name: {} for name in g.players}
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        label = g.infoset_name(h)
        behavior[g.players[h.player]][label] = {a: _text(sol, x) for a, x in zip(h.actions, fam.behavior[h.index])}
        if h.index in fam.beliefs and len(h.nodes) > 1:
            beliefs[g.players[h.player]][label] = {
                g.node_name(v): _text(sol, x) for v, x in zip(h.nodes, fam.beliefs[h.index])
            }
    belief_conds = [c for c in fam.belief_conditions if "sigma(" not in c]
    behavior_conds = [c for c in fam.belief_conditions if "sigma(" in c]
    out: dict[str, Any] = {
        "behavior": behavior,
        "beliefs": beliefs,
        "payoffs": {name: _text(sol, x) for name, x in zip(g.players, fam.payoffs)},
        "kind": fam.kind,
        "conditions": [c.text() for c in fam.conditions] + belief_conds,
        "name": fam.name,
        "conditions_latex": [c.latex(sol.tex_names) for c in fam.conditions],
    }
    if existence is not None:
        out["existence"] = existence
    if fam.free:
        out["free"] = list(fam.free)
    if behavior_conds:
        out["behavior_conditions"] = behavior_conds
    return out


def solution_json(sol: SymbolicSolution, ordinal: OrdinalReport | None = None) -> dict[str, Any]:
    """The JSON object of ``gametoolkit solve --symbolic --json``."""
    existence = list(ordinal.existence) if ordinal is not None else [None] * len(sol.equilibria)
    out: dict[str, Any] = {
        "game": {"title": sol.game.title, "players": list(sol.game.players)},
        "concept": "pbe",
        "exact": True,
        "complete": sol.complete,
        "equilibria": [_family_json(sol, f, e) for f, e in zip(sol.equilibria, existence)],
        "method": "symbolic-support-enumeration",
        "notes": list(sol.notes),
        "symbolic": True,
        "parameters": list(sol.parameters),
        "assumptions": sol.assumptions.describe(),
    }
    out["boundary_equilibria"] = [_family_json(sol, f, None) for f in sol.boundary]
    if ordinal is not None:
        out["ordinal"] = ordinal.to_json()
    return out


def format_text(sol: SymbolicSolution, ordinal: OrdinalReport | None = None) -> str:
    """A readable report: each family, its play, beliefs and conditions."""
    g = sol.game
    lines = [f"{g.title}: perfect Bayesian equilibria, symbolic ({len(sol.equilibria)} families)"]
    lines.append("assumptions: " + "; ".join(sol.assumptions.describe()))
    for k, fam in enumerate(sol.equilibria, 1):
        tag = f" [{ordinal.existence[k - 1]}]" if ordinal is not None else ""
        lines.append("")
        lines.append(f"{k}. {fam.name}{tag}")
        for h in g.infosets:
            if h.player == CHANCE:
                continue
            row = fam.behavior[h.index]
            shown = ", ".join(f"{a}: {_text(sol, x)}" for a, x in zip(h.actions, row) if x != 0)
            lines.append(f"   {g.players[h.player]} at {h.label}: {shown}")
            if h.index in fam.beliefs and len(h.nodes) > 1:
                bel = ", ".join(f"{g.node_name(v)}: {_text(sol, x)}" for v, x in zip(h.nodes, fam.beliefs[h.index]))
                lines.append(f"      belief {bel}")
        conds = [c.text() for c in fam.conditions]
        lines.append("   holds " + ("always" if not conds else "iff " + " and ".join(conds)))
        if ordinal is not None and conds:
            lines.append(f"   (its conditions held at {ordinal.held[k - 1]} of {ordinal.draws} random draws)")
        if fam.belief_conditions:
            lines.append("   supported by " + " and ".join(fam.belief_conditions))
    for fam in sol.boundary:
        edge = " and ".join(c.text() for c in fam.conditions if c.op == "=")
        lines.append("")
        lines.append(f"on the boundary {edge} only (with further conditions, see --json): {fam.name}")
    if ordinal is not None:
        lines.append("")
        lines.append(
            f"checked on {ordinal.draws} random consistent assignments with the numeric solver: "
            f"{ordinal.agreed} agreed"
        )
    for note in sol.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def _tex_label(text: str) -> str:
    return text.replace("_", r"\_")


def format_latex(sol: SymbolicSolution) -> str:
    """An ``itemize`` list for a paper: each family with its conditions in math mode."""
    g = sol.game
    sign = sol.assumptions.sign
    out = [r"\begin{itemize}"]
    for fam in sol.equilibria:
        conds = [c.latex(sol.tex_names) for c in fam.conditions]
        when = "for all parameters" if not conds else "iff $" + r"$ and $".join(conds) + "$"
        out.append(rf"  \item \textbf{{{_tex_label(fam.name)}}}, {when}.")
        mixed = []
        for h in g.infosets:
            if h.player == CHANCE:
                continue
            for a, x in zip(h.actions, fam.behavior[h.index]):
                if x != 0 and x != 1:
                    mixed.append(rf"\sigma_{{\text{{{_tex_label(h.label)}}}}}({_tex_label(a)}) = {to_latex(x, sol.tex_names, sign)}")
            if h.index in fam.beliefs and len(h.nodes) > 1:
                v, x = h.nodes[0], fam.beliefs[h.index][0]
                name = g.node_name(v)
                if not str(x).startswith(BELIEF_PREFIX):
                    mixed.append(rf"\mu(\text{{{_tex_label(name)}}}) = {to_latex(x, sol.tex_names, sign)}")
        if mixed:
            out.append("    $" + r"$, $".join(mixed) + "$.")
    out.append(r"\end{itemize}")
    return "\n".join(out)
