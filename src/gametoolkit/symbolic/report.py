"""A symbolic solution as a table, as LaTeX for a paper, and as the CLI's JSON.

The JSON keeps the schema of ``DESIGN.md``: behavior, beliefs and payoffs are exact
expressions as text (``"(x6 - bU)/(x4 - bU)"``), ``conditions`` the ASCII conditions
that :func:`~.expr.parse_relations` reads back.  Keys are only added: ``symbolic``,
``parameters``, ``assumptions``, and per equilibrium ``name``, ``existence``,
``conditions_latex``, ``free`` and ``behavior_conditions`` (conditions on behavior
that a continuum leaves free), and ``refinements`` when asked for (``--refine``): per
refinement ``holds`` and ``reason`` as for a numeric solution, with ``condition``
(where the family survives, when that depends on the parameters) and ``cases``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from ..core.game import CHANCE
from ..errors import GameToolkitError
from .expr import (
    BEHAVIOR_PREFIX,
    BELIEF_PREFIX,
    behavior_latex,
    belief_latex,
    parse_relations,
    tex_text,
    to_latex,
    to_text,
)
from .naming import play_summary
from .ordinal import OrdinalReport
from .refinements import SymbolicVerdict
from .solver import SymbolicEquilibrium, SymbolicSolution

__all__ = ["condition_latex", "format_latex", "format_text", "solution_json", "tex_names"]

_LATEX_OPS = {">": ">", ">=": r"\geq", "<": "<", "<=": r"\leq", "=": "="}


def _text(sol: SymbolicSolution, x: Any) -> str:
    return to_text(sympy.factor(sympy.cancel(x)) if not x.is_number else x, sol.assumptions.sign)


def tex_names(sol: SymbolicSolution) -> dict[str, str]:
    r"""LaTeX for every name in the solution: the model's ``TEX_NAMES``, and each
    behavior and belief unknown as :math:`\sigma` or :math:`\mu` with its information
    set as a subscript, ``\sigma_{\text{after quiet}}(\text{challenge})`` and
    ``\mu_{\text{after l}}(\text{UL-l})``."""
    g = sol.game
    out: dict[str, str] = {}
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        name = g.infoset_name(h)
        for a in h.actions:
            out[f"{BEHAVIOR_PREFIX}{name}:{a})"] = behavior_latex(name, a)
        if len(h.nodes) > 1:
            for v in h.nodes:
                out[f"{BELIEF_PREFIX}{g.node_name(v)})"] = belief_latex(g.node_name(v), name)
    out.update(sol.tex_names)
    return out


def condition_latex(text: str, names: dict[str, str]) -> str:
    """A condition printed as ASCII (``c + 2*sigma(after signal:challenge) >= 0``) as LaTeX.

    The behavior and belief names in ``names`` stand in for placeholders while the
    restricted parser reads the text; text it cannot read comes back in ``\text{}``.
    """
    swapped = text
    placeholders: dict[str, str] = {}
    for k, name in enumerate(sorted((n for n in names if "(" in n), key=len, reverse=True)):
        if name in swapped:
            key = f"_u{k}"
            swapped = swapped.replace(name, key)
            placeholders[key] = names[name]
    try:
        relations = parse_relations(swapped, source="<condition>")
    except GameToolkitError:
        return rf"\text{{{tex_text(text)}}}"
    table = {**names, **placeholders}
    parts = [to_latex(relations[0].lhs, table)]
    for rel in relations:
        parts.append(f"{_LATEX_OPS[rel.op]} {to_latex(rel.rhs, table)}")
    return " ".join(parts)


Verdicts = Sequence[Mapping[str, SymbolicVerdict]]


def _family_json(
    sol: SymbolicSolution, fam: SymbolicEquilibrium, existence: str | None,
    verdicts: Mapping[str, SymbolicVerdict] | None = None,
) -> dict[str, Any]:
    g = sol.game
    names = tex_names(sol)
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
        "summary": play_summary(g, fam.behavior),
        "conditions_latex": [c.latex(names) for c in fam.conditions],
    }
    if fam.belief_conditions:
        out["belief_conditions_latex"] = [condition_latex(c, names) for c in fam.belief_conditions]
    if existence is not None:
        out["existence"] = existence
    if fam.free:
        out["free"] = list(fam.free)
    if behavior_conds:
        out["behavior_conditions"] = behavior_conds
    if verdicts is not None:
        out["refinements"] = {name: v.to_json() for name, v in verdicts.items()}
    return out


def solution_json(
    sol: SymbolicSolution, ordinal: OrdinalReport | None = None, verdicts: Verdicts | None = None
) -> dict[str, Any]:
    """The JSON object of ``gametoolkit solve --symbolic --json``; ``verdicts`` (one
    mapping per family, ``equilibria`` then ``boundary``) adds ``refinements``."""
    existence = list(ordinal.existence) if ordinal is not None else [None] * len(sol.equilibria)
    per = list(verdicts) if verdicts is not None else [None] * (len(sol.equilibria) + len(sol.boundary))
    out: dict[str, Any] = {
        "game": {"title": sol.game.title, "players": list(sol.game.players)},
        "concept": "pbe",
        "exact": True,
        "complete": sol.complete,
        "equilibria": [_family_json(sol, f, e, v) for f, e, v in zip(sol.equilibria, existence, per)],
        "method": "symbolic-support-enumeration",
        "notes": list(sol.notes),
        "symbolic": True,
        "parameters": list(sol.parameters),
        "assumptions": sol.assumptions.describe(),
    }
    out["boundary_equilibria"] = [
        _family_json(sol, f, None, v) for f, v in zip(sol.boundary, per[len(sol.equilibria):])
    ]
    if ordinal is not None:
        out["ordinal"] = ordinal.to_json()
    return out


def format_text(sol: SymbolicSolution, ordinal: OrdinalReport | None = None, verdicts: Verdicts | None = None) -> str:
    """A readable report: each family, its play, beliefs and conditions (and the
    refinements' verdicts, one line each, when ``verdicts`` is given)."""
    g = sol.game
    per = list(verdicts) if verdicts is not None else [{}] * (len(sol.equilibria) + len(sol.boundary))
    lines = [f"{g.title}: perfect Bayesian equilibria, symbolic ({len(sol.equilibria)} families)"]
    lines.append("assumptions: " + "; ".join(sol.assumptions.describe()))
    for k, fam in enumerate(sol.equilibria, 1):
        tag = f" [{ordinal.existence[k - 1]}]" if ordinal is not None else ""
        lines.append("")
        lines.append(f"{k}. {_heading(fam)}{tag}")
        lines.extend(_family_lines(sol, fam))
        if ordinal is not None and fam.conditions:
            lines.insert(-1 if fam.belief_conditions else len(lines),
                         f"   (its conditions held at {ordinal.held[k - 1]} of {ordinal.draws} random draws)")
        lines.extend(_verdict_lines(per[k - 1]))
    if sol.boundary:
        lines.append("")
        lines.append(f"families that hold only on a boundary ({len(sol.boundary)}):")
    for k, fam in enumerate(sol.boundary, 1):
        edge = " and ".join(c.text() for c in fam.conditions if c.op == "=")
        lines.append("")
        lines.append(f"B{k}. {_heading(fam)}, on {edge}")
        lines.extend(_family_lines(sol, fam))
        lines.extend(_verdict_lines(per[len(sol.equilibria) + k - 1]))
    if ordinal is not None:
        lines.append("")
        lines.append(
            f"checked on {ordinal.draws} random consistent assignments with the numeric solver: "
            f"{ordinal.agreed} agreed"
        )
    for note in sol.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def _verdict_lines(verdicts: Mapping[str, SymbolicVerdict]) -> list[str]:
    """``survives the Intuitive Criterion: ...``, or where it depends on the parameters
    ``survives D1 iff c >= 3`` and a line per case where it fails."""
    out = []
    for v in verdicts.values():
        if v.condition is None:
            out.append(f"   {v.reason}")
            continue
        out.append(f"   {v.reason.split('; ', 1)[0].removeprefix('depends on the parameters: ')}")
        out.extend(f"      where {' and '.join(c.conditions)}: {c.reason}" for c in v.cases if c.holds is False)
    return out


def _heading(fam: SymbolicEquilibrium) -> str:
    summary = play_summary(fam.game, fam.behavior)
    return f"{fam.name} ({summary})" if summary else fam.name


def _family_lines(sol: SymbolicSolution, fam: SymbolicEquilibrium) -> list[str]:
    """The play, beliefs and conditions of one family, indented under its heading."""
    g = sol.game
    lines = []
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
    if fam.belief_conditions:
        lines.append("   supported by " + " and ".join(fam.belief_conditions))
    return lines


def format_latex(sol: SymbolicSolution) -> str:
    r"""An ``itemize`` list for a paper: each family with its conditions in math mode.

    Behavior is :math:`\sigma_{\text{set}}(\text{action})`, beliefs
    :math:`\mu_{\text{set}}(\text{node})`; a probability or belief that a continuum
    leaves free is not set equal to itself but bounded by the conditions that follow
    ``with``.  Families that hold only on a boundary (``q = 1/2``) come last.
    """
    names = tex_names(sol)
    out = [r"\begin{itemize}"]
    for fam in sol.equilibria:
        out.extend(_family_latex(sol, fam, names, boundary=False))
    for fam in sol.boundary:
        out.extend(_family_latex(sol, fam, names, boundary=True))
    out.append(r"\end{itemize}")
    return "\n".join(out)


def _family_latex(sol: SymbolicSolution, fam: SymbolicEquilibrium, names: dict[str, str], boundary: bool) -> list[str]:
    g = sol.game
    sign = sol.assumptions.sign
    conds = [c.latex(names) for c in fam.conditions]
    when = "for all parameters" if not conds else "iff $" + r"$ and $".join(conds) + "$"
    where = " (on a boundary only)" if boundary else ""
    lines = [rf"  \item \textbf{{{tex_text(fam.name)}}}{where}, {when}."]
    free = set(fam.free)
    shown = []
    for h in g.infosets:
        if h.player == CHANCE:
            continue
        set_name = g.infoset_name(h)
        for a, x in zip(h.actions, fam.behavior[h.index]):
            if x != 0 and x != 1 and str(x) not in free:
                shown.append(f"{behavior_latex(set_name, a)} = {to_latex(x, names, sign)}")
        if h.index in fam.beliefs and len(h.nodes) > 1:
            v, x = h.nodes[0], fam.beliefs[h.index][0]
            if str(x) not in free:
                shown.append(f"{belief_latex(g.node_name(v), set_name)} = {to_latex(x, names, sign)}")
    if shown:
        lines.append("    $" + r"$, $".join(shown) + "$.")
    if fam.belief_conditions:
        supports = [condition_latex(c, names) for c in fam.belief_conditions]
        lines.append("    With $" + r"$, $".join(supports) + "$.")
    return lines
