"""The figures shown in the README and the docs, made by ``make demo``.

* ``us-japan.svg``: the game as the paper draws it (Hayashi 2021, Figure 1), with the
  payoffs by name, ``(x_1, y_1)`` ... ``(β_U, β_J)``, and Nature's ``p`` and ``1 − p``,
  in the textbook layout of a signaling game: Nature in the centre, the US types left
  and right, Japan's set after ``l`` one straight line;
* ``us-japan-pbe.{svg,png,tex}``: China high, ``p = 3/10``, payoffs at their ranks,
  with the semi-separating equilibrium the paper misses drawn on the tree: the path of
  play thick, the choices off it thinner, the mixed probabilities written, Japan's
  belief ``μ = 1/2`` after ``l``; 12 cm wide with fonts of at least 8 pt, the payoffs'
  order written under it;
* ``us-japan-pbe-journal.tex``: the same in the monochrome journal style;
* the gallery of the model pages: ``abandonment-entrapment.svg``,
  ``balance-of-threat.svg``, ``hedging.svg``, ``hub-and-spokes.svg`` and
  ``quasi-alliance.svg``, each model at its defaults with its first perfect Bayesian
  equilibrium.

PDF output carries a creation date, so it is made only when asked (``pdf=True``): the
other files come out the same byte for byte on every run and can be committed.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import find_model, load
from ..render import draw
from ..solvers import solve

__all__ = ["GALLERY", "WIDTH", "render_demo_figures"]

#: The width of the figures for a paper.
WIDTH = "12cm"

#: The models whose first equilibrium the docs' model pages show.
GALLERY = ("abandonment-entrapment", "balance-of-threat", "hedging", "hub-and-spokes", "quasi-alliance")


def _gallery(out: Path) -> list[Path]:
    written = []
    for slug in GALLERY:
        model = find_model(slug)
        game = load(slug)
        solution = solve(game, "pbe")
        first = solution.equilibria[0] if solution.equilibria else None
        symbols = getattr(model.module, "TEX_NAMES", None)
        figure = draw(game, equilibrium=first, symbols=symbols, payoff_order=True)
        written.append(figure.save(out / f"{slug}.svg"))
    return written


def render_demo_figures(out_dir: str | Path, pdf: bool = False) -> list[Path]:
    """Write the figures listed in the module docstring into ``out_dir``; their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = find_model("us-japan-alliance")
    symbols = getattr(model.module, "TEX_NAMES", None)
    written: list[Path] = []

    written.append(draw(model.module.tree(), symbols=symbols, payoff_order=True).save(out / "us-japan.svg"))

    game = model.build(china="high", p="3/10")
    solution = solve(game, "pbe")
    semi = next((eq for eq in solution.equilibria if eq.kind == "semi-separating"), solution.equilibria[0])
    figure = draw(game, equilibrium=semi, symbols=symbols, width=WIDTH, payoff_order=True)
    for suffix in (".svg", ".png", ".tex") + ((".pdf",) if pdf else ()):
        written.append(figure.save(out / f"us-japan-pbe{suffix}"))
    journal = draw(game, equilibrium=semi, symbols=symbols, style="journal", width=WIDTH, payoff_order=True)
    written.append(journal.save(out / "us-japan-pbe-journal.tex"))
    written += _gallery(out)
    return written
