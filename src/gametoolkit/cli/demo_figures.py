"""The US–Japan figures shown in the README and the docs, made by ``make demo``.

* ``us-japan.svg``: the game as the paper draws it (Hayashi 2021, Figure 1), with the
  payoffs by name, ``(x_1, y_1)`` ... ``(β_U, β_J)``, and Nature's ``p`` and ``1 − p``;
* ``us-japan-pbe.{svg,png,tex}``: China high, ``p = 3/10``, payoffs at their ranks,
  with the semi-separating equilibrium the paper misses drawn on the tree: the
  actions played thick, the mixed probabilities written, Japan's belief ``[1/2]``
  after ``l`` beside its two nodes;
* ``us-japan-pbe-journal.tex``: the same in the monochrome journal style.

PDF output carries a creation date, so it is made only when asked (``pdf=True``): the
other files come out the same byte for byte on every run and can be committed.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import find_model
from ..render import draw
from ..solvers import solve

__all__ = ["render_demo_figures"]


def render_demo_figures(out_dir: str | Path, pdf: bool = False) -> list[Path]:
    """Write the figures listed in the module docstring into ``out_dir``; their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = find_model("us-japan-alliance")
    symbols = getattr(model.module, "TEX_NAMES", None)
    written: list[Path] = []

    written.append(draw(model.module.tree(), symbols=symbols).save(out / "us-japan.svg"))

    game = model.build(china="high", p="3/10")
    solution = solve(game, "pbe")
    semi = next((eq for eq in solution.equilibria if eq.kind == "semi-separating"), solution.equilibria[0])
    figure = draw(game, equilibrium=semi, symbols=symbols)
    for suffix in (".svg", ".png", ".tex") + ((".pdf",) if pdf else ()):
        written.append(figure.save(out / f"us-japan-pbe{suffix}"))
    journal = draw(game, equilibrium=semi, symbols=symbols, style="journal")
    written.append(journal.save(out / "us-japan-pbe-journal.tex"))
    return written
