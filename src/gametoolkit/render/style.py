"""How a figure looks: pens, node marks, fonts and colours, with hooks for one's own.

A :class:`Style` holds values (the pen of an edge, the mark of a decision node, the
font) and optional callables, *hooks*, that change the look of single nodes, edges
and information sets.  A hook receives what is being drawn (a :class:`NodeInfo`,
:class:`EdgeInfo` or :class:`InfosetInfo`) and the look the style would give it, and
returns the look to use::

    def red_root(info, mark):
        return replace(mark, fill="#c0392b") if info.node.index == 0 else mark

    draw(game, style=replace(DEFAULT, node_hook=red_root))

Two styles ship, both in Times (in which an italic l is not an I, as it is in many sans
fonts): :data:`DEFAULT`, with the equilibrium in blue, and :data:`JOURNAL`, black and
grey only, with thinner lines and 10-point labels, for print.  Colours are names every output
knows (``black``, ``white``, ``gray``) or ``#rrggbb``; widths and sizes are in
points (1/72 inch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ..core.game import Game, InfoSet, Node
from ..errors import GameToolkitError

__all__ = [
    "DEFAULT",
    "JOURNAL",
    "STYLES",
    "EdgeInfo",
    "InfosetInfo",
    "Mark",
    "NodeInfo",
    "Pen",
    "Style",
    "get_style",
]


@dataclass(frozen=True, slots=True)
class Pen:
    """A line: colour, width in points, dashed or not."""

    color: str = "black"
    width: float = 0.8
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Mark:
    """A node's mark: a circle of ``radius`` points, filled with ``fill`` (``None``: hollow)."""

    radius: float
    fill: str | None
    pen: Pen


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What a node hook is told: the node, and with an equilibrium whether it is reached."""

    game: Game
    node: Node
    reached: bool | None


@dataclass(frozen=True, slots=True)
class EdgeInfo:
    """What an edge hook is told: the edge from ``parent`` by ``action`` to ``child``.

    ``probability`` is the chance probability on a chance edge, else the equilibrium's
    probability of the action (``None`` without an equilibrium); ``played`` says
    whether an equilibrium plays the action with positive probability.
    """

    game: Game
    parent: Node
    child: Node
    action: int
    probability: Fraction | None
    played: bool | None


@dataclass(frozen=True, slots=True)
class InfosetInfo:
    """What an information-set hook is told: the set and the equilibrium's belief there."""

    game: Game
    infoset: InfoSet
    belief: tuple[Fraction, ...] | None


NodeHook = Callable[[NodeInfo, Mark], Mark]
EdgeHook = Callable[[EdgeInfo, Pen], Pen]
InfosetHook = Callable[[InfosetInfo, Pen], Pen]
PlayerLabel = Callable[[Game, Node], str]


@dataclass(frozen=True)
class Style:
    """Everything about a figure's look except its layout.

    ``edge`` draws every edge without an equilibrium; with one, ``played`` draws the
    path of play (the actions played with positive probability where they are
    reached), ``off_path`` the equilibrium's choices off the path, and ``dimmed`` the
    actions not played (``dimmed_text`` their labels).  ``infoset`` draws the lines joining the nodes of
    an information set; ``infoset_names`` adds the set's name to the player's.
    ``payoffs`` writes payoff vectors on one line (``row``) or one value per line
    (``column``).  ``player_label`` replaces the text beside a decision node (the
    player's name by default).  ``font`` is a family name for Graphviz (``Times``,
    ``Helvetica``; fontconfig maps these reliably, PostScript names such as
    ``Times-Roman`` less so); TikZ output keeps the document's font at ``font_size``.
    """

    name: str = "default"
    font: str = "Times"
    font_size: float = 11.0
    text_color: str = "black"
    decision: Mark = Mark(2.7, "black", Pen("black", 0.6))
    chance: Mark = Mark(3.4, "white", Pen("black", 0.9))
    edge: Pen = Pen("black", 0.9)
    played: Pen = Pen("#1f4e9c", 2.4)
    off_path: Pen = Pen("#1f4e9c", 1.1)
    dimmed: Pen = Pen("#a0a0a0", 0.7)
    dimmed_text: str = "#6e6e6e"
    infoset: Pen = Pen("black", 0.9, dashed=True)
    belief_color: str = "#1f4e9c"
    chance_name: str = "Nature"
    infoset_names: bool = True
    payoffs: Literal["row", "column"] = "row"
    node_hook: NodeHook | None = None
    edge_hook: EdgeHook | None = None
    infoset_hook: InfosetHook | None = None
    player_label: PlayerLabel | None = None


#: Clean and legible on screen: the equilibrium in blue, the rest in grey.
DEFAULT = Style()

#: For print: black and grey only, thinner lines, 10-point labels.
JOURNAL = Style(
    name="journal",
    font="Times",
    font_size=10.0,
    decision=Mark(2.4, "black", Pen("black", 0.5)),
    chance=Mark(3.0, "white", Pen("black", 0.7)),
    edge=Pen("black", 0.7),
    played=Pen("black", 2.0),
    off_path=Pen("black", 1.0),
    dimmed=Pen("#8c8c8c", 0.5),
    dimmed_text="black",
    infoset=Pen("black", 0.7, dashed=True),
    belief_color="black",
)

STYLES: dict[str, Style] = {"default": DEFAULT, "journal": JOURNAL}


def get_style(style: Style | str | None) -> Style:
    """A style by name (``default``, ``journal``), or the style itself."""
    if style is None:
        return DEFAULT
    if isinstance(style, Style):
        return style
    try:
        return STYLES[style]
    except KeyError:
        raise GameToolkitError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}") from None
