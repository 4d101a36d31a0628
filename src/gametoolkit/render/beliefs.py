"""Beliefs as a figure writes them: ``μ = 1/2`` on the path, ``μ ≤ 1/2`` off it.

At an information set of two nodes, the belief is one number, μ, the probability of
the set's first node (as the game lists its nodes); the first node is labelled
``μ = 1/2`` and the second ``1 − μ``.  Where the set is off the path of play, any
belief in a region supports the equilibrium; the assessment's conditions on it
(``mu(resolved/signal) <= 1/2``) are written as that region (``μ ≤ 1/2``), a
condition on the second node turned into one on μ.  Where the conditions say nothing
of a set, its supporting belief is written as a value.  A set of three or more nodes
has each node's probability beside it (``μ = 1/4``).  When several sets carry beliefs,
their μ are numbered (μ₁, μ₂, ...) in the order of the game's sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fractions import Fraction

from ..core.game import CHANCE, Game
from .labels import Label, Run, text_label, value_label
from .overlay import Overlay

__all__ = ["belief_labels"]

_CONDITION = re.compile(r"\s*mu\((?P<node>[^()]+)\)\s*(?P<op><=|>=|<|>|=)\s*(?P<rhs>.+?)\s*\Z")
_SHOWN = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "="}
_FLIP = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "="}
_TEX_OPS = {"≤": "\\leq ", "≥": "\\geq ", "<": "<", ">": ">", "=": "=", "−": "-"}


def _mu(index: int | None) -> list[Run]:
    mu = Run("μ", math=True, italic=True, tex="\\mu")
    if index is None:
        return [mu]
    return [mu, Run(str(index), math=True, script="sub")]


def _op(symbol: str) -> Run:
    return Run(f" {symbol} ", math=True, tex=_TEX_OPS[symbol])


def _region(game: Game, nodes: Sequence[int], conditions: Sequence[str]) -> list[tuple[str, str]]:
    """The conditions on the first node's belief, as (operator, right-hand side) pairs."""
    names = [game.node_name(v) for v in nodes]
    out: list[tuple[str, str]] = []
    for text in conditions:
        m = _CONDITION.match(text)
        if m is None or m.group("node") not in names:
            continue
        op, rhs = m.group("op"), m.group("rhs")
        if m.group("node") == names[0]:
            out.append((op, rhs))
        elif len(names) == 2:
            try:
                value = Fraction(rhs)
            except (ValueError, ZeroDivisionError):
                continue
            out.append((_FLIP[op], str(1 - value)))
    return out


def _rhs_label(rhs: str) -> Label:
    try:
        return value_label(Fraction(rhs))
    except (ValueError, ZeroDivisionError):
        return text_label(rhs)


def belief_labels(game: Game, ov: Overlay, symbols: Mapping[str, str] | None = None) -> dict[int, Label]:
    """The belief label beside each node of the sets that carry beliefs (module docstring)."""
    sets = [h for h in game.infosets if h.player != CHANCE and len(h.nodes) > 1 and ov.beliefs.get(h.index) is not None]
    out: dict[int, Label] = {}
    for k, h in enumerate(sets, 1):
        belief = ov.beliefs[h.index]
        index = k if len(sets) > 1 else None
        reached = any(ov.reach[v] > 0 for v in h.nodes)
        if len(h.nodes) > 2:
            for v, x in zip(h.nodes, belief):
                out[v] = Label((tuple(_mu(None) + [_op("=")]),)) + value_label(x, symbols)
            continue
        region = [] if reached else _region(game, h.nodes, ov.conditions)
        first = Label((tuple(_mu(index)),))
        if region:
            label = first
            for j, (op, rhs) in enumerate(region):
                if j:
                    label = label + text_label(", ") + first
                label = label + Label(((_op(_SHOWN[op]),),)) + _rhs_label(rhs)
        else:
            label = first + Label(((_op("="),),)) + value_label(belief[0], symbols)
        out[h.nodes[0]] = label
        out[h.nodes[1]] = Label(((Run("1", math=True), _op("−")),)) + first
    return out
