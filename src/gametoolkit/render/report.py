"""Readable text for a Solution: the table ``gametoolkit solve`` prints."""

from __future__ import annotations

from ..core.game import CHANCE
from ..core.values import format_distribution, format_value
from ..solution import Assessment, Solution

__all__ = ["format_distribution", "format_solution"]

CONCEPT_NAMES = {
    "pbe": "perfect Bayesian equilibri",
    "spe": "subgame-perfect equilibri",
    "nash": "Nash equilibri",
    "pure-nash": "pure Nash equilibri",
    "sequential": "sequential equilibri",
    "quasi-perfect": "quasi-perfect equilibri",
}


def format_solution(solution: Solution) -> str:
    g = solution.game
    status = ("exact" if solution.exact else "approximate") + (", complete" if solution.complete else ", not proven complete")
    lines = [
        f"{g.title or 'game'}: {len(solution.equilibria)} "
        f"{CONCEPT_NAMES.get(solution.concept, solution.concept + ' equilibri')}{'um' if len(solution.equilibria) == 1 else 'a'} "
        f"({solution.method}; {status})"
    ]
    for k, eq in enumerate(solution.equilibria, 1):
        lines.append("")
        lines.extend(_format_one(solution, k, eq))
    if solution.notes:
        lines.append("")
        lines.extend(f"note: {n}" for n in solution.notes)
    return "\n".join(lines)


def _format_one(solution: Solution, k: int, eq: Assessment) -> list[str]:
    g = solution.game
    head = f"#{k}"
    if eq.kind:
        head += f"  {eq.kind}"
    if eq.component is not None:
        head += f"  (component {eq.component})"
    pays = ", ".join(f"{name} {format_value(x)}" for name, x in zip(g.players, eq.payoffs))
    out = [f"{head}  payoffs: {pays}"]
    width = max(len(p) for p in g.players)
    for i, name in enumerate(g.players):
        parts = []
        for h in g.infosets:
            if h.player != i:
                continue
            label = g.infoset_name(h)
            parts.append(f"{label}: {format_distribution(h.actions, eq.behavior.probs[h.index])}")
        if parts:
            out.append(f"    {name:<{width}}  " + "; ".join(parts))
    for h_index, belief in sorted(eq.beliefs.items()):
        h = g.infosets[h_index]
        if h.player == CHANCE or len(h.nodes) < 2:
            continue
        shown = ", ".join(f"{g.node_name(v)} {format_value(x)}" for v, x in zip(h.nodes, belief))
        out.append(f"    belief of {g.players[h.player]} at {g.infoset_name(h)}: {shown}")
    if eq.conditions:
        out.append("    holds when: " + "; ".join(eq.conditions))
    variants = eq.extra.get("off_path_variants") if eq.extra else None
    for variant in variants or ():
        moves = "; ".join(
            f"{player} at {label}: {', '.join(f'{a} {p}' for a, p in dist.items() if p != '0')}"
            for player, sets in variant["behavior"].items()
            for label, dist in sets.items()
        )
        when = f" when {'; '.join(variant['conditions'])}" if variant["conditions"] else ""
        out.append(f"    same play, also supported off the path by {moves}{when}")
    for swap in (eq.extra.get("alternatives") if eq.extra else None) or ():
        count = len(swap["equilibria"])
        out.append(
            f"    or, in the subgame at {swap['subgame']}, any of {count} other equilibri{'um' if count == 1 else 'a'} "
            "paying the same (JSON: alternatives)"
        )
    for verdict in (eq.refinements or {}).values():
        out.append(f"    {verdict['reason']}")
    return out
