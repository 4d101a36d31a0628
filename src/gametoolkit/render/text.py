"""Plain-text views of a game: the indented tree that ``gametoolkit show`` prints."""

from __future__ import annotations

from ..core.game import CHANCE, Game
from ..core.values import format_value

__all__ = ["format_summary", "format_tree"]


def format_summary(game: Game) -> str:
    """Players, counts, perfect recall and parameters, one per line."""
    s = game.summary()
    recall = "yes" if s["perfect_recall"] else "no"
    lines = [
        f"title:          {s['title']}",
        f"players:        {', '.join(s['players'])}",
        f"nodes:          {s['nodes']} ({s['terminals']} terminal)",
        f"info sets:      {s['infosets']} of players, {s['chance_infosets']} of chance",
        f"outcomes:       {s['outcomes']}",
        f"subgames:       {s['subgames']}",
        f"perfect recall: {recall}",
    ]
    if s["parameters"]:
        lines.append(f"parameters:     {', '.join(s['parameters'])}")
    if not s["perfect_recall"]:
        lines.extend(f"  {p}" for p in game.perfect_recall_problems())
    return "\n".join(lines)


def format_tree(game: Game, max_nodes: int = 500) -> str:
    """The tree, one node per line, indented by depth, in prefix order.

    Each line: the action that leads to the node (with its probability at chance),
    then who moves and in which information set, or the payoffs at a leaf.
    """
    lines: list[str] = []
    for v in game.nodes[:max_nodes]:
        indent = "  " * v.depth
        if v.parent >= 0:
            parent = game.nodes[v.parent]
            h = game.infosets[parent.infoset]
            action = h.actions[v.action] or f"#{v.action + 1}"
            edge = f"{action} ({format_value(h.probs[v.action])})" if h.probs is not None else action
            head = f"{indent}{edge} -> "
        else:
            head = indent
        label = f" {v.label!r}" if v.label else ""
        if v.kind == "terminal":
            pay = ", ".join(format_value(x) for x in game.payoffs(v))
            body = f"({pay}){label}"
        else:
            h = game.infosets[v.infoset]
            who = "Nature" if h.player == CHANCE else game.players[h.player]
            iset = game.infoset_name(h)
            shared = f", {len(h.nodes)} nodes" if len(h.nodes) > 1 else ""
            body = f"{who} [{iset}{shared}]{label}"
        if v.outcome >= 0 and v.kind != "terminal":
            body += " +(" + ", ".join(format_value(x) for x in game.outcomes[v.outcome].payoffs) + ")"
        lines.append(head + body)
    if len(game.nodes) > max_nodes:
        lines.append(f"... {len(game.nodes) - max_nodes} more nodes (use --max-nodes)")
    return "\n".join(lines)
