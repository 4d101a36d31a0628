"""The ``gametoolkit draw`` command: a figure of the game tree, with an equilibrium on it.

::

    gametoolkit draw MODEL -o FILE.{svg,pdf,png,dot,tex,json} [--set NAME=VALUE]...
                     [--equilibrium K [--concept pbe|spe|nash|pure-nash]]
                     [--payoffs numeric|symbolic] [--orientation tb|lr]
                     [--layout auto|tree|signaling] [--width 12cm]
                     [--style default|journal] [--standalone] [--payoff-order]
                     [--refine intuitive,d1,sequential]

The format follows the suffix of ``FILE``.  ``--equilibrium K`` solves the game and
draws its K-th equilibrium (counted from 1, in the order ``gametoolkit solve``
lists them).  ``--payoffs symbolic`` draws a model's payoffs by name (``(x1, y1)``):
it uses the model's parametric game, its ``tree()`` function, binding from the
``--set`` values only those that are chance probabilities (``p``); an equilibrium is
still solved on the numeric game and drawn on the named one.  A model module's
``TEX_NAMES`` mapping (``{"bU": r"\\beta_U"}``) names its symbols in every format.
``--standalone`` makes ``.tex`` output a whole document for ``pdflatex`` instead of
a ``tikzpicture`` to ``\\input``.  ``.json`` writes the laid-out scene (nodes, edges,
information-set lines and label boxes in big points), for tests and other tools.

``--refine intuitive,d1`` writes under the figure which equilibria survive the
refinements (``survives the Intuitive Criterion``, ``fails D1: type t2 would deviate
to 'm1'``): for the equilibrium drawn with ``--equilibrium K``, one line per
refinement; without it, one line per equilibrium of ``--concept`` (pbe by default).

``--layout auto`` (the default) draws a two-type sender-receiver game as textbooks
do, Nature in the centre and each message's receiver set one straight line, and any
other game as a tree whose children are ordered so that information sets cross
nothing; ``--layout tree`` forces the top-down tree.  ``--width 12cm`` fits the figure
(margins included) to that width with fonts of at least 8 pt, by laying it out deeper,
stacking payoffs and choosing a smaller font, never by scaling; it fails with status 2
when no layout fits.  ``--payoff-order`` writes "Payoffs: (A, B)" under the figure.

Bad input raises a :class:`~gametoolkit.errors.GameToolkitError`, which the main
command turns into one line on stderr and status 2.  :func:`register` adds the
command to the main parser.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.game import Game
from ..errors import GameToolkitError, ModelError
from ..solvers import CONCEPTS

__all__ = ["cmd_draw", "register"]


def register(subparsers: Any) -> None:
    """Add the ``draw`` subcommand to the main parser's subparsers."""
    from ..render import FORMATS, STYLES

    p = subparsers.add_parser(
        "draw",
        help="draw the game tree (and an equilibrium on it) as SVG, PDF, PNG, Graphviz .dot, TikZ .tex or a .json scene",
        description="Draw the game tree for a paper: information sets dashed, chance probabilities and payoffs "
        "exact; with --equilibrium, the actions played thick, mixed probabilities and beliefs written.",
    )
    from ._common import add_model_arguments

    add_model_arguments(p)
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=f"the figure's file: {', '.join(f[1:] for f in FORMATS)}"
    )
    p.add_argument(
        "--equilibrium", type=int, metavar="K", help="draw the K-th equilibrium (from 1, as `solve` lists them)"
    )
    p.add_argument("--concept", choices=CONCEPTS, default="pbe", help="solution concept of --equilibrium (default pbe)")
    p.add_argument(
        "--payoffs",
        choices=("numeric", "symbolic"),
        default="numeric",
        help="payoffs as numbers, or by name from the model's parametric game (default numeric)",
    )
    p.add_argument(
        "--orientation", choices=("tb", "lr"), default="tb", help="tb: root at the top (default); lr: root at the left"
    )
    p.add_argument(
        "--layout",
        choices=("auto", "tree", "signaling"),
        default="auto",
        help="auto: sender-receiver games with Nature in the centre, others as a tree (default); tree: top-down",
    )
    p.add_argument(
        "--width", metavar="LENGTH", help="fit the figure to this width (12cm, 120mm, 4.5in, 340pt), fonts >= 8 pt"
    )
    p.add_argument(
        "--payoff-order", action="store_true", help="write the players' order of the payoffs under the figure"
    )
    p.add_argument(
        "--refine", metavar="NAMES",
        help="write under the figure which equilibria survive these refinements (sequential, intuitive, d1): "
        "the one drawn with --equilibrium, else every equilibrium",
    )
    p.add_argument("--style", choices=tuple(STYLES), default="default", help="default (colour) or journal (monochrome)")
    p.add_argument(
        "--standalone", action="store_true", help=".tex only: a whole LaTeX document instead of a tikzpicture"
    )
    p.set_defaults(func=cmd_draw)


def _is_file(spec: str) -> bool:
    return Path(spec).suffix.lower() in (".efg", ".json")


def _chance_parameters(game: Game) -> set[str]:
    from ..core.values import free_params

    names: set[str] = set()
    for h in game.infosets:
        for x in h.probs or ():
            names |= free_params(x)
    return names


def symbolic_game(spec: str, settings: Mapping[str, Any]) -> Game:
    """The game to draw with named payoffs: a model's ``tree()`` (a file's own game),
    with only the chance probabilities among ``settings`` bound."""
    if _is_file(spec):
        from ..io.files import read_game

        game = read_game(spec)
    else:
        from ..catalog import find_model

        model = find_model(spec)
        tree = getattr(model.module, "tree", None)
        if not callable(tree):
            raise ModelError(
                f"--payoffs symbolic: model {model.slug!r} has no tree() function giving its game with named "
                "payoffs; draw it with --payoffs numeric"
            )
        game = tree()
        if not isinstance(game, Game):
            raise ModelError(f"model {model.slug!r}: tree() returned {type(game).__name__}, not a Game")
    chance = _chance_parameters(game)
    bind = {k: v for k, v in settings.items() if k in chance and k in game.parameters}
    return game.bind(bind) if bind else game


def cmd_draw(args: argparse.Namespace) -> int:
    """Draw the figure for parsed arguments and write it; 0 on success."""
    from ..catalog import find_model, load_game, parse_settings
    from ..render import FORMATS, draw
    from ..render.report import CONCEPT_NAMES

    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        raise GameToolkitError(f"{args.output}: the figure's file must end in {', '.join(FORMATS)}")
    settings = parse_settings(args.set or [])
    game = load_game(args.model, settings)
    symbols = None if _is_file(args.model) else getattr(find_model(args.model).module, "TEX_NAMES", None)

    equilibrium = None
    described = ""
    verdicts = None
    kinds = None
    names: tuple[str, ...] = ()
    if args.refine:
        from ..refine import parse_names

        names = parse_names(args.refine)
    if args.equilibrium is None and names:
        from ..refine import refine
        from ..render.overlay import describe, legend
        from ..solvers import solve

        refined = refine(solve(game, args.concept), names)
        verdicts = legend(refined)
        kinds = describe(refined)
        name = CONCEPT_NAMES.get(args.concept, args.concept + " equilibri")
        count = len(refined.equilibria)
        described = f", verdicts of {count} {name}{'um' if count == 1 else 'a'}"
    if args.equilibrium is not None:
        from ..solvers import solve

        solution = solve(game, args.concept)
        if names:
            from ..refine import refine

            solution = refine(solution, names)
        count = len(solution.equilibria)
        name = CONCEPT_NAMES.get(args.concept, args.concept + " equilibri")
        if count == 0:
            raise GameToolkitError(f"--equilibrium {args.equilibrium}: the game has no {name}um")
        if not 1 <= args.equilibrium <= count:
            plural = "um" if count == 1 else "a"
            raise GameToolkitError(
                f"--equilibrium {args.equilibrium}: the game has {count} {name}{plural}; give K from 1 to {count}"
            )
        equilibrium = solution.equilibria[args.equilibrium - 1]
        kind = f", {equilibrium.kind}" if equilibrium.kind else ""
        described = f", {name}um #{args.equilibrium} of {count}{kind}"

    drawn = symbolic_game(args.model, settings) if args.payoffs == "symbolic" else game
    draw(
        drawn,
        output,
        equilibrium=equilibrium,
        style=args.style,
        orientation=args.orientation,
        symbols=symbols,
        standalone=args.standalone,
        layout=args.layout,
        width=args.width,
        payoff_order=args.payoff_order,
        verdicts=verdicts,
        kinds=kinds,
    )
    print(f"wrote {args.output}: {len(drawn.nodes)} nodes{described}")
    return 0
