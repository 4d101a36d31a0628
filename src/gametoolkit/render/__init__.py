"""Game-tree figures for papers: Graphviz (SVG, PDF, PNG, ``.dot``) and TikZ.

>>> from gametoolkit.render import draw
>>> from gametoolkit.core.dsl import decision, game, leaf
>>> g = game("Entry", ["E", "I"], decision("E", "e", out=leaf(0, 2),
...          enter=decision("I", "i", fight=leaf(-1, -1), share=leaf(1, 1))))
>>> figure = draw(g)
>>> print(figure.to_tikz().splitlines()[0])
% Entry: a figure by gametoolkit (plain TikZ; needs \\usepackage{tikz})
>>> figure.scene.collisions
0

:func:`draw` composes the figure once (:mod:`.layout` places nodes and labels,
:mod:`.scene` decides what is drawn, :mod:`.overlay` reads an equilibrium) and the
returned :class:`Figure` writes it in any format: :meth:`Figure.save` picks the format
from the file's suffix (``.svg``, ``.pdf``, ``.png``, ``.dot``, ``.tex``, and ``.json``
for the laid-out scene, :mod:`.scenejson`).  :mod:`.arrange` orders the tree's
children so that information sets cross nothing, and draws signaling games as
textbooks do.  Styles are
in :mod:`.style`; :func:`to_networkx` gives the tree as a graph.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core.game import Game
from ..errors import GameToolkitError
from ..evaluate.profiles import Profile
from ..solution import Assessment, Solution
from .graph import to_networkx
from .labels import text_label
from .layout import Orientation
from .overlay import VerdictNote
from .scene import Layout, Scene, build_scene
from .stacking import stack
from .style import DEFAULT, JOURNAL, STYLES, Mark, Pen, Style, get_style
from .units import parse_length

__all__ = [
    "DEFAULT",
    "FORMATS",
    "JOURNAL",
    "STYLES",
    "Figure",
    "Mark",
    "Pen",
    "Style",
    "draw",
    "draw_solution",
    "get_style",
    "repr_svg",
    "to_networkx",
]

#: File suffixes :meth:`Figure.save` writes.
FORMATS = (".svg", ".pdf", ".png", ".dot", ".gv", ".tex", ".json")

#: Games larger than this are not drawn for Jupyter (their text repr is shown instead).
REPR_MAX_NODES = 1500


class Figure:
    """A composed figure, ready to be written as Graphviz source, TikZ or an image.

    Made by :func:`draw`; a notebook shows it inline as SVG.

    Parameters
    ----------
    scene : Scene
        The laid-out figure (positions in points).
    """

    def __init__(self, scene: Scene) -> None:
        self.scene = scene

    def __repr__(self) -> str:
        b = self.scene.bounds
        return f"Figure({self.scene.title!r}, {b.x1 - b.x0:.0f}x{b.y1 - b.y0:.0f} pt)"

    def to_dot(self, dpi: float | None = None) -> str:
        """Graphviz source with every position fixed (render it with ``neato -n2``)."""
        from .dot import generate_dot

        return generate_dot(self.scene, dpi=dpi)

    def to_tikz(self, standalone: bool = False) -> str:
        """A ``tikzpicture`` to ``\\input``, or with ``standalone`` a document for pdflatex."""
        from .tikz import generate_tikz

        return generate_tikz(self.scene, standalone=standalone)

    def to_json(self) -> dict[str, Any]:
        """The laid-out scene as a JSON-ready object (:mod:`.scenejson`)."""
        from .scenejson import scene_json

        return scene_json(self.scene)

    def render(self, fmt: str, dpi: float = 200.0) -> bytes:
        """``svg``, ``pdf`` or ``png`` bytes, drawn by Graphviz."""
        from .dot import render

        return render(self.scene, fmt, dpi=dpi)

    def save(self, path: str | Path, standalone: bool = False) -> Path:
        """Write the figure in the format its suffix names; ``standalone`` applies to ``.tex``."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix in (".dot", ".gv"):
            target.write_text(self.to_dot(), encoding="utf-8")
        elif suffix == ".tex":
            target.write_text(self.to_tikz(standalone=standalone), encoding="utf-8")
        elif suffix == ".json":
            target.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        elif suffix in (".svg", ".pdf", ".png"):
            target.write_bytes(self.render(suffix[1:]))
        else:
            raise GameToolkitError(f"{path}: a figure's file must end in {', '.join(FORMATS)}")
        return target

    def _repr_svg_(self) -> str | None:
        try:
            return self.render("svg").decode("utf-8")
        except Exception:  # a notebook falls back to the text repr
            return None


def draw(
    game: Game,
    output: str | Path | None = None,
    *,
    equilibrium: Assessment | Profile | None = None,
    style: Style | str | None = None,
    orientation: Orientation = "tb",
    symbols: Mapping[str, str] | None = None,
    standalone: bool = False,
    layout: Layout = "auto",
    width: str | float | None = None,
    payoff_order: bool = False,
    verdicts: Sequence[VerdictNote] | None = None,
    kinds: Mapping[int, str] | None = None,
) -> Figure:
    """The figure of ``game`` (with an equilibrium on it), written to ``output`` too when given.

    Parameters
    ----------
    game : Game
        The game to draw; parameters may stay names (they are written as such).
    output : str or Path, optional
        A file ending in ``.svg``, ``.pdf``, ``.png`` (drawn by Graphviz's ``dot``),
        ``.dot``, ``.tex`` (TikZ) or ``.json`` (the laid-out scene).
    equilibrium : Assessment or Profile, optional
        An item of a :class:`~gametoolkit.solution.Solution`, or a behavior profile,
        drawn on the tree: played actions thick, the rest dimmed, mixed probabilities
        and beliefs written.
    style : Style or str, optional
        A :class:`Style` or the name of one (``default``, ``journal``).
    orientation : {"tb", "lr"}
        Top-down or left-right.
    symbols : mapping, optional
        TeX for names (``{"bU": r"\\beta_U"}``), used by every format.
    standalone : bool
        Make ``.tex`` output a whole document for pdflatex.
    layout : {"auto", "signaling", "tree"}
        ``auto`` draws a two-type sender-receiver game as textbooks do (Nature in the
        centre) and any other game as a tree whose children are ordered so that
        information sets cross no edge.
    width : str or float, optional
        The widest the figure may be with its margins (``"12cm"``, or big points); it
        is fitted with fonts of at least 8 pt.
    payoff_order : bool
        Write "Payoffs: (A, B)" under the figure.
    verdicts : sequence of VerdictNote, optional
        Which equilibria survive the refinements, written under the figure
        (:func:`~gametoolkit.render.overlay.legend` of a refined solution), each
        equilibrium's kind from ``kinds``; by default the verdicts the drawn
        equilibrium carries (``refine``), if any.
    kinds : mapping, optional
        Equilibrium number (from 1) to its kind, for ``verdicts``.

    Returns
    -------
    Figure
        Shown inline in Jupyter; ``save``, ``render``, ``to_dot`` and ``to_tikz``
        write it in other forms.

    Raises
    ------
    GameToolkitError
        For an unknown suffix, style or layout, or a ``width`` the figure cannot fit.
    MissingDependencyError
        When an image format needs Graphviz's ``dot`` and it is not installed.

    Examples
    --------
    >>> from gametoolkit import draw, load, solve
    >>> game = load("us-japan-alliance", china="high", p="3/10")
    >>> figure = draw(game, equilibrium=solve(game)[2], width="12cm")
    >>> "tikzpicture" in figure.to_tikz()
    True
    """
    figure = Figure(
        build_scene(
            game,
            equilibrium=equilibrium,
            style=style,
            orientation=orientation,
            symbols=symbols,
            layout=layout,
            width=None if width is None else parse_length(width),
            payoff_order=payoff_order,
            verdicts=verdicts,
            kinds=kinds,
        )
    )
    if output is not None:
        figure.save(output, standalone=standalone)
    return figure


def draw_solution(
    solution: Solution,
    *,
    limit: int = 6,
    style: Style | str | None = None,
    orientation: Orientation = "tb",
    symbols: Mapping[str, str] | None = None,
) -> Figure:
    """Every equilibrium of ``solution`` (the first ``limit``), one tree under another."""
    equilibria: Sequence[Assessment] = solution.equilibria[:limit]
    if not equilibria:
        return draw(solution.game, style=style, orientation=orientation, symbols=symbols)
    scenes = []
    titles = []
    for k, eq in enumerate(equilibria, 1):
        scenes.append(build_scene(solution.game, equilibrium=eq, style=style, orientation=orientation, symbols=symbols))
        titles.append(text_label(f"#{k}" + (f"  {eq.kind}" if eq.kind else "")))
    return Figure(stack(scenes, titles))


def repr_svg(obj: Any) -> str | None:
    """SVG of a game or a solution for Jupyter, or ``None`` (no Graphviz, too large, any failure)."""
    try:
        game = obj.game if isinstance(obj, Solution) else obj
        if not isinstance(game, Game) or len(game.nodes) > REPR_MAX_NODES:
            return None
        figure = draw_solution(obj) if isinstance(obj, Solution) else draw(obj)
        return figure.render("svg").decode("utf-8")
    except Exception:  # a notebook falls back to the text repr
        return None
