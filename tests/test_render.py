"""Figures: labels, layout, the equilibrium overlay, Graphviz and TikZ output, the draw command.

Golden files under ``tests/data/golden`` pin the ``.dot`` and ``.tex`` text of two small
games; regenerate them with ``GOLDEN_UPDATE=1 pytest tests/test_render.py`` after a
deliberate change, and look at the figures before committing them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from games import beer_quiche, entry_deterrence, selten_horse
from gametoolkit.catalog import find_model, load
from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import CHANCE, Game
from gametoolkit.errors import GameToolkitError, MissingDependencyError, ModelError
from gametoolkit.evaluate.profiles import Profile, reach
from gametoolkit.io.efg import read_efg
from gametoolkit.render import JOURNAL, Figure, draw, draw_solution, repr_svg, to_networkx
from gametoolkit.render.dot import generate_dot
from gametoolkit.render.labels import from_tex, html, name_label, payoff_label, plain, tex, value_label
from gametoolkit.render.layout import Box, level_sets, ranks, slots
from gametoolkit.render.scene import Scene, build_scene
from gametoolkit.render.style import Pen
from gametoolkit.render.tikz import generate_tikz
from gametoolkit.solvers import solve

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"
from corpus import CORPUS, needs_corpus  # noqa: E402

CORPUS_FILES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.efg"))
HAS_NEATO = shutil.which("neato") is not None
HAS_PDFLATEX = shutil.which("pdflatex") is not None
needs_graphviz = pytest.mark.skipif(not HAS_NEATO, reason="Graphviz's neato is not installed")
needs_pdflatex = pytest.mark.skipif(not HAS_PDFLATEX, reason="pdflatex is not installed")

#: Corpus games whose figures need more room than growing the spacing gives: tic-tac-toe
#: (168 nodes, an eleven-character label on every edge) keeps one crowded label left-right.
CROWDED_LR = {"contrib/games/ttt.efg"}


def us_japan(p: str = "3/10") -> Game:
    return load("us-japan-alliance", china="high", p=p)


def three_players_chance_in_middle() -> Game:
    """Player A moves; after L Nature draws a state that B does not see; C, who sees
    neither the state nor B's move, moves last on one branch of each state."""

    def after(state: str, shift: int) -> object:
        return decision(
            "B", "b",
            x=decision("C", "c", u=leaf(3 + shift, 1, 2), v=leaf(0, 2 - shift, 1)),
            y=leaf(1, shift, 3),
        )  # fmt: skip

    return game(
        "Three players, chance in the middle",
        ["A", "B", "C"],
        decision(
            "A", "a",
            L=chance("Nature", good=(Fraction(2, 5), after("good", 1)), bad=(Fraction(3, 5), after("bad", 0))),
            R=leaf(2, 2, 2),
        ),
    )  # fmt: skip


# ---------------------------------------------------------------------- helpers
def overlaps(scene: Scene) -> list[str]:
    """Pairs of labels that overlap, and labels that cross an edge, found independently
    of the layout's own bookkeeping (a sweep over the boxes sorted by left side)."""
    found = []
    texts = sorted(scene.texts, key=lambda t: t.box.x0)
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if b.box.x0 >= a.box.x1:
                break
            if a.box.overlaps(b.box):
                found.append(f"{a.role} {plain(a.label)!r} overlaps {b.role} {plain(b.label)!r}")
    for line in scene.lines:
        if line.role != "edge":
            continue
        (ax, ay), (bx, by) = line.points
        for t in scene.texts:
            if t.box.x1 < min(ax, bx) or t.box.x0 > max(ax, bx) or t.box.y1 < min(ay, by) or t.box.y0 > max(ay, by):
                continue
            if t.box.meets_segment((ax, ay), (bx, by)):
                found.append(f"{t.role} {plain(t.label)!r} crosses the edge into node {line.target}")
    return found


_POS = re.compile(r'^\s+n(\d+) \[.*?pos="([-\d.]+),([-\d.]+)!"', re.M)


def dot_positions(source: str) -> dict[int, tuple[float, float]]:
    """Node positions from our ``.dot`` source."""
    return {int(m.group(1)): (float(m.group(2)), float(m.group(3))) for m in _POS.finditer(source)}


def shared_sets(g: Game) -> list[tuple[int, ...]]:
    return [h.nodes for h in g.infosets if h.player != CHANCE and len(h.nodes) > 1]


# ---------------------------------------------------------------------- labels
def test_names_are_read_as_the_module_docstring_says() -> None:
    assert tex(name_label("x1", math=True)) == "$x_{1}$"
    assert tex(name_label("U_L")) == "$U_{L}$"
    assert tex(name_label("beta_U", math=True)) == "$\\beta_{U}$"
    assert tex(name_label("l")) == "$l$"
    assert tex(name_label("bU", math=True)) == "$\\mathit{bU}$"
    assert tex(name_label("Fold")) == "Fold"
    assert tex(name_label("after l")) == "after l"
    assert tex(name_label("50% & $5^a")) == "50\\% \\& \\$5\\textasciicircum{}a"
    # an underscore in a word that is not a subscript is a space (issue 16: no `no_challenge`)
    assert tex(name_label("no_challenge")) == "no challenge"
    assert html(name_label("x1", math=True)) == "<I>x</I><SUB>1</SUB>"
    assert html(name_label("a<b")) == "a&lt;b"


def test_a_symbol_mapping_gives_tex_for_every_output() -> None:
    symbols = {"bU": r"\beta_U", "notA": r"\neg A", "m": r"\mathit{mid}_{12}"}
    assert tex(name_label("bU", symbols=symbols)) == "$\\beta_{U}$"
    assert html(name_label("bU", symbols=symbols)) == "<I>β</I><SUB><I>U</I></SUB>"
    assert plain(name_label("notA", symbols=symbols)) == "¬A"
    assert tex(name_label("notA", symbols=symbols)) == "$\\neg A$"
    assert tex(name_label("m", symbols=symbols)) == "$\\mathit{mid}_{12}$"
    assert plain(from_tex(r"\unknown x")) == "unknownx"


def test_values_are_exact() -> None:
    from gametoolkit.core.values import Param

    p, y2, y4, bj = Param("p"), Param("y2"), Param("y4"), Param("bJ")
    assert tex(value_label(Fraction(3, 10))) == "$3/10$"
    assert plain(value_label(Fraction(-7, 2))) == "−7/2"
    assert plain(value_label(1 - p)) == "1 − p"
    assert tex(value_label((y4 - bj) / (y4 - y2))) == "$(y_{4}-\\mathit{bJ})/(y_{4}-y_{2})$"
    assert plain(payoff_label((Fraction(2), Fraction(-1, 3)))) == "(2, −1/3)"
    assert plain(payoff_label((Fraction(2), Fraction(1)), stacked=True)) == "2\n1"


# ---------------------------------------------------------------------- layout
def test_leaves_are_evenly_spaced_and_parents_centred() -> None:
    g = us_japan()
    slot = slots(g)
    assert [slot[v.index] for v in g.terminals] == list(range(12))
    for v in g.nodes:
        if v.children:
            assert slot[v.index] == (slot[v.children[0]] + slot[v.children[-1]]) / 2


def test_an_information_set_across_depths_is_drawn_on_one_level() -> None:
    g = selten_horse()
    rank = ranks(g)
    (h,) = shared_sets(g)
    assert {g.nodes[v].depth for v in h} == {1, 2}
    assert rank[h[0]] == rank[h[1]] == 2
    for v in g.nodes[1:]:
        assert rank[v.index] > rank[v.parent]


@needs_corpus
def test_most_corpus_games_have_every_set_level() -> None:
    unlevelled = [name for name in CORPUS_FILES if len(level_sets(g := read_efg(CORPUS / name))) < len(shared_sets(g))]
    assert len(unlevelled) <= len(CORPUS_FILES) // 5, unlevelled
    assert "contrib/games/e05.efg" in unlevelled  # Kreps and Wilson's Figure 8: the order of moves differs by branch


@needs_corpus
def test_sets_on_a_cycle_are_split_and_absent_minded_games_draw() -> None:
    for name in ("tests/test_games/AM-driver-one-infoset.efg", "contrib/games/e05.efg"):
        g = read_efg(CORPUS / name)
        rank = ranks(g)
        for v in g.nodes[1:]:
            assert rank[v.index] > rank[v.parent]
        scene = build_scene(g)
        assert scene.collisions == 0
        assert not overlaps(scene)


def test_box_meets_segment() -> None:
    box = Box(0, 0, 10, 10)
    assert box.meets_segment((-5, 5), (15, 5))
    assert box.meets_segment((2, 2), (3, 3))
    assert not box.meets_segment((-5, -5), (-1, 20))
    assert not box.meets_segment((11, 0), (20, 10))


# ---------------------------------------------------------------------- golden files
def _golden_cases() -> dict[str, str]:
    entry = entry_deterrence()
    spe = solve(entry, "spe")
    bq = beer_quiche()
    pbe = solve(bq, "pbe")
    return {
        "entry-spe.dot": draw(entry, equilibrium=spe[0]).to_dot(),
        "entry-spe.tex": draw(entry, equilibrium=spe[0]).to_tikz(),
        "beer-quiche-pbe.dot": draw(bq, equilibrium=pbe[0], style="journal").to_dot(),
        "beer-quiche-pbe.tex": draw(bq, equilibrium=pbe[0], style="journal", orientation="lr").to_tikz(standalone=True),
    }


@pytest.mark.parametrize("name", ["entry-spe.dot", "entry-spe.tex", "beer-quiche-pbe.dot", "beer-quiche-pbe.tex"])
def test_golden_files(name: str) -> None:
    got = _golden_cases()[name]
    path = GOLDEN / name
    if os.environ.get("GOLDEN_UPDATE"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run GOLDEN_UPDATE=1 pytest {__file__}"
    assert got == path.read_text(encoding="utf-8"), f"{name} changed: look at it, then GOLDEN_UPDATE=1"


# ---------------------------------------------------------------------- the corpus
@needs_corpus
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_corpus_game_renders(name: str) -> None:
    g = read_efg(CORPUS / name)
    scene = build_scene(g)
    source = generate_dot(scene)
    assert source.count(" -> ") >= len(g.nodes) - 1
    assert "\\begin{tikzpicture}" in generate_tikz(scene)
    assert scene.collisions == 0
    assert len([t for t in scene.texts if t.role == "payoff"]) == len(g.terminals)
    # nodes of one information set share a level (the same y top-down), unless the sets
    # lie on a cycle (one above another on one play and below it on another)
    pos = dot_positions(source)
    level = level_sets(g)
    for h in g.infosets:
        if h.index in level:
            assert len({pos[v][1] for v in h.nodes}) == 1, (name, h.nodes)


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_FILES[::12])
def test_corpus_games_render_left_to_right(name: str) -> None:
    scene = build_scene(read_efg(CORPUS / name), orientation="lr")
    assert scene.collisions == 0 or name in CROWDED_LR
    pos = dot_positions(generate_dot(scene))
    g = read_efg(CORPUS / name)
    for h in g.infosets:
        if h.index in level_sets(g):
            assert len({pos[v][0] for v in h.nodes}) == 1


def test_rank_same_subgraphs_name_each_set() -> None:
    source = draw(us_japan()).to_dot()
    assert re.search(r"subgraph infoset2 \{ rank=same; n2; n17; \}", source)


@needs_corpus
@pytest.mark.parametrize("orientation", ["tb", "lr"])
def test_a_game_of_255_nodes_has_no_overlapping_labels(orientation: str) -> None:
    g = read_efg(CORPUS / "contrib/games/jury_un.efg")
    assert len(g.nodes) == 255 and g.num_players == 3
    scene = build_scene(g, orientation=orientation)
    assert scene.collisions == 0
    assert overlaps(scene) == []


def test_a_three_player_game_with_chance_in_the_middle() -> None:
    g = three_players_chance_in_middle()
    assert g.nodes[1].kind == "chance" and g.num_players == 3
    solution = solve(g, "pbe")
    assert len(solution) >= 1
    for orientation in ("tb", "lr"):
        scene = build_scene(g, equilibrium=solution[0], orientation=orientation)
        assert scene.collisions == 0
        assert overlaps(scene) == []
        texts = [plain(t.label) for t in scene.texts]
        assert "good (2/5)" in texts and "bad (3/5)" in texts
        assert sum(1 for t in scene.texts if t.role == "belief") == 4  # B's two nodes, C's two nodes


@needs_corpus
def test_the_corpus_three_player_games_have_no_overlapping_labels() -> None:
    for name in ("tests/test_games/3_player.efg", "tests/test_games/chance_in_middle.efg", "contrib/games/e08.efg"):
        scene = build_scene(read_efg(CORPUS / name))
        assert overlaps(scene) == [], name


# ---------------------------------------------------------------------- overlay
def test_the_overlay_marks_exactly_the_actions_played() -> None:
    g = us_japan()
    solution = solve(g, "pbe")
    assert len(solution) == 3
    for eq in solution:
        scene = build_scene(g, equilibrium=eq)
        edges = [ln for ln in scene.lines if ln.role == "edge"]
        assert len(edges) == len(g.nodes) - 1
        for ln in edges:
            child = g.nodes[ln.target]
            prob = eq.behavior.probs[g.nodes[child.parent].infoset][child.action]
            assert ln.played == (prob > 0)
            # the path of play strong, the equilibrium's choices off it thinner (issue 16)
            reached = reach(eq.behavior)[child.parent] > 0
            assert ln.on_path == (prob > 0 and reached)
            assert ln.pen == scene_style_pen(prob > 0, reached)


def scene_style_pen(played: bool, reached: bool = True) -> Pen:
    from gametoolkit.render import DEFAULT

    return DEFAULT.dimmed if not played else DEFAULT.played if reached else DEFAULT.off_path


def test_mixed_probabilities_and_beliefs_are_written() -> None:
    g = us_japan()
    semi = next(eq for eq in solve(g, "pbe") if eq.kind == "semi-separating")
    scene = build_scene(g, equilibrium=semi)
    texts = [plain(t.label) for t in scene.texts]
    for shown in ("h (4/7)", "l (3/7)", "U_L (3/10)", "U_H (7/10)"):
        assert shown in texts
    assert texts.count("l (2/3)") == 2 and texts.count("h (1/3)") == 2
    beliefs = sorted((t.node, plain(t.label)) for t in scene.texts if t.role == "belief")
    assert beliefs == [(2, "μ = 1/2"), (17, "1 − μ")]
    # pure actions carry no probability
    assert "A (1)" not in texts and "A" in texts


def test_an_equilibrium_of_the_numeric_game_is_drawn_on_the_symbolic_one() -> None:
    model = find_model("us-japan-alliance")
    tree = model.module.tree()
    eq = solve(us_japan(), "pbe")[0]
    scene = build_scene(tree, equilibrium=eq, symbols=model.module.TEX_NAMES)
    payoffs = [plain(t.label) for t in scene.texts if t.role == "payoff"]
    assert payoffs[:2] == ["(x_1, y_1)", "(β_U, β_J)"]
    assert "U_L (p)" in [plain(t.label) for t in scene.texts]
    with pytest.raises(GameToolkitError, match="another tree"):
        build_scene(entry_deterrence(), equilibrium=eq)


def test_a_bare_profile_gets_bayes_beliefs() -> None:
    g = us_japan()
    profile = Profile.uniform(g)
    scene = build_scene(g, equilibrium=profile)
    beliefs = sorted(plain(t.label) for t in scene.texts if t.role == "belief")
    assert beliefs == ["1 − μ", "μ = 6/13"]  # U_L always plays l: 3/10 against 7/10 × 1/2


def test_hooks_change_single_nodes_and_edges() -> None:
    from dataclasses import replace

    red = Pen("#c0392b", 3.0)
    style = replace(
        JOURNAL,
        edge_hook=lambda info, pen: red if info.action == 0 else pen,
        node_hook=lambda info, mark: replace(mark, fill="white") if info.node.index == 0 else mark,
        player_label=lambda g, v: f"P{v.player + 1}",
    )
    scene = build_scene(entry_deterrence(), style=style)
    assert [ln.pen == red for ln in scene.lines if ln.role == "edge"] == [True, False, True, False]
    assert scene.markers[0].mark.fill == "white"
    assert {plain(t.label) for t in scene.texts if t.role == "player"} == {"P_1", "P_2"}  # P₁, P₂
    tikz = generate_tikz(scene)
    assert "\\definecolor{gtkc1}{HTML}{C0392B}" in tikz


# ---------------------------------------------------------------------- output
@needs_graphviz
def test_graphviz_draws_svg_pdf_png(tmp_path: Path) -> None:
    figure = draw(us_japan(), equilibrium=solve(us_japan(), "pbe")[0])
    assert figure.render("svg").lstrip().startswith(b"<?xml")
    assert figure.render("pdf").startswith(b"%PDF")
    assert figure.render("png").startswith(b"\x89PNG")
    for suffix in (".svg", ".pdf", ".png", ".dot", ".tex"):
        assert figure.save(tmp_path / f"f{suffix}").stat().st_size > 500
    with pytest.raises(GameToolkitError, match="must end in"):
        figure.save(tmp_path / "f.jpg")


@needs_corpus
@needs_graphviz
@pytest.mark.parametrize("name", CORPUS_FILES[::20])
def test_graphviz_draws_corpus_games(name: str) -> None:
    assert b"<svg" in draw(read_efg(CORPUS / name)).render("svg")


def test_a_missing_graphviz_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)
    figure = draw(entry_deterrence())
    with pytest.raises(MissingDependencyError, match="pip install graphviz"):
        figure.render("svg")
    assert figure._repr_svg_() is None
    assert "digraph" in figure.to_dot()  # the source needs nothing


def test_a_missing_graphviz_program_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    graphviz = pytest.importorskip("graphviz")

    def missing(*args: object, **kwargs: object) -> bytes:
        raise graphviz.ExecutableNotFound(["neato"])

    monkeypatch.setattr(graphviz.Source, "pipe", missing)
    with pytest.raises(MissingDependencyError, match="apt-get install graphviz"):
        draw(entry_deterrence()).render("png")


def test_jupyter_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    g = us_japan()
    solution = solve(g, "pbe")
    if HAS_NEATO:
        assert "<svg" in (g._repr_svg_() or "")
        svg = solution._repr_svg_() or ""
        assert "#1" in svg and "pooling" in svg
    monkeypatch.setitem(sys.modules, "graphviz", None)
    assert g._repr_svg_() is None
    assert repr_svg("not a game") is None


def test_draw_solution_stacks_the_equilibria() -> None:
    solution = solve(us_japan(), "pbe")
    scene = draw_solution(solution).scene
    assert len(scene.markers) == 3 * 12  # 11 decision nodes and Nature, three times
    assert len({m.node for m in scene.markers}) == len(scene.markers)
    titles = [plain(t.label) for t in scene.texts if t.role == "title"]
    assert titles == ["#1  separating", "#2  pooling", "#3  semi-separating"]


def test_tikz_uses_math_and_named_styles() -> None:
    model = find_model("us-japan-alliance")
    tikz = draw(model.module.tree(), symbols=model.module.TEX_NAMES).to_tikz()
    assert "$(x_{1},\\,y_{1})$" in tikz
    assert "$(\\beta_{U},\\,\\beta_{J})$" in tikz
    assert "$\\neg A$" in tikz
    assert "$U_{L}$ ($p$)" in tikz and "($1-p$)" in tikz
    assert "gtk infoset/.style={line width=0.9bp, draw=black, dashed}" in tikz
    assert tikz.count("\\draw[gtk infoset]") == 1


@needs_pdflatex
@pytest.mark.parametrize("standalone", [True, False])
def test_tikz_compiles_with_pdflatex(tmp_path: Path, standalone: bool) -> None:
    model = find_model("us-japan-alliance")
    g = us_japan()
    semi = solve(g, "pbe")[2]
    figure = draw(g, equilibrium=semi, symbols=model.module.TEX_NAMES, style="journal")
    if standalone:
        (tmp_path / "figure.tex").write_text(figure.to_tikz(standalone=True), encoding="utf-8")
    else:
        (tmp_path / "tree.tex").write_text(figure.to_tikz(), encoding="utf-8")
        (tmp_path / "figure.tex").write_text(
            "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
            "\\begin{figure}\\centering\\resizebox{\\linewidth}{!}{\\input{tree.tex}}"
            "\\caption{The US--Japan alliance game.}\\end{figure}\n\\end{document}\n",
            encoding="utf-8",
        )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "figure.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "figure.pdf").read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------------- networkx
def test_to_networkx() -> None:
    g = us_japan()
    graph = to_networkx(g)
    assert graph.number_of_nodes() == len(g.nodes) == 24
    assert graph.number_of_edges() == 23
    assert graph.graph["players"] == ["US", "Japan"]
    assert graph.nodes[0]["kind"] == "chance" and graph.nodes[0]["player"] == "chance"
    assert graph.nodes[2]["player"] == "Japan" and graph.nodes[2]["infoset_label"] == "after l"
    assert graph.nodes[2]["infoset"] == graph.nodes[17]["infoset"]
    assert graph.nodes[4]["payoffs"] == (Fraction(2), Fraction(1)) and graph.nodes[4]["player"] is None
    assert graph.edges[0, 1] == {"action": "U_L", "action_index": 0, "probability": Fraction(3, 10)}
    assert graph.edges[9, 10]["probability"] is None
    semi = solve(g, "pbe")[2]
    with_eq = to_networkx(g, equilibrium=semi)
    assert with_eq.edges[9, 10]["probability"] == Fraction(4, 7)
    import networkx as nx

    assert nx.is_arborescence(graph)


# ---------------------------------------------------------------------- the draw command
def run_draw(argv: list[str]) -> int:
    """``gametoolkit draw ARGV`` through the command's own module (as the main parser runs it)."""
    from gametoolkit.cli import draw as cli_draw

    parser = argparse.ArgumentParser(prog="gametoolkit")
    cli_draw.register(parser.add_subparsers())
    args = parser.parse_args(["draw", *argv])
    return int(args.func(args))


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png", ".tex", ".dot"])
def test_the_issue_command(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    if suffix in (".svg", ".pdf", ".png") and not HAS_NEATO:
        pytest.skip("Graphviz's neato is not installed")
    out = tmp_path / f"fig{suffix}"
    argv = ["us-japan-alliance", "--set", "china=high", "--set", "p=3/10", "--equilibrium", "1"]
    assert run_draw([*argv, "--concept", "pbe", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    data = out.read_bytes()
    assert len(data) > 1000
    if suffix in (".svg", ".dot", ".tex"):
        text = data.decode("utf-8")
        assert "3/10" in text and "7/10" in text
    if suffix == ".svg":
        text = data.decode("utf-8")
        assert text.count('class="node payoff"') == 12
        assert "stroke-dasharray" in text  # Japan's information set
        played = text.count('class="edge played"') + text.count('class="edge offpath"')
        assert played == 13 and text.count('class="node belief"') == 2


def test_draw_symbolic_left_right_journal(tmp_path: Path) -> None:
    out = tmp_path / "fig.tex"
    argv = ["us-japan-alliance", "--set", "p=1/4", "--payoffs", "symbolic", "--equilibrium", "3"]
    assert run_draw([*argv, "--orientation", "lr", "--style", "journal", "--standalone", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "\\documentclass{article}" in text and "$(x_{1},\\,y_{1})$" in text
    assert "($1/4$)" in text and "($3/4$)" in text  # p bound, payoffs by name


def test_draw_refuses_bad_requests(tmp_path: Path) -> None:
    with pytest.raises(GameToolkitError, match="must end in"):
        run_draw(["us-japan-alliance", "-o", str(tmp_path / "fig.jpg")])
    with pytest.raises(GameToolkitError, match="has 3 perfect Bayesian equilibria; give K from 1 to 3"):
        run_draw(["us-japan-alliance", "--set", "p=3/10", "--equilibrium", "4", "-o", str(tmp_path / "f.dot")])
    with pytest.raises(GameToolkitError, match="give K from 1"):
        run_draw(["us-japan-alliance", "--equilibrium", "0", "-o", str(tmp_path / "f.dot")])
    model = tmp_path / "no_tree.py"
    model.write_text(
        "from gametoolkit.core.dsl import decision, game, leaf\n"
        "def build():\n    return game('t', ['A'], decision('A', 'a', x=leaf(1), y=leaf(0)))\n",
        encoding="utf-8",
    )
    with pytest.raises(ModelError, match="no tree"):
        run_draw([str(model), "--payoffs", "symbolic", "-o", str(tmp_path / "f.dot")])


@needs_corpus
def test_draw_an_efg_file(tmp_path: Path) -> None:
    out = tmp_path / "fig.dot"
    efg = CORPUS / "tests/test_games/chance_in_middle.efg"
    assert run_draw([str(efg), "--equilibrium", "1", "--concept", "spe", "-o", str(out)]) == 0
    assert 'class="played"' in out.read_text(encoding="utf-8")


def test_figure_repr() -> None:
    figure = draw(entry_deterrence())
    assert isinstance(figure, Figure)
    assert repr(figure).startswith("Figure('Entry deterrence', ")


@needs_graphviz
def test_the_demo_figures_match_the_committed_ones(tmp_path: Path) -> None:
    from gametoolkit.cli.demo_figures import render_demo_figures

    written = {p.name for p in render_demo_figures(tmp_path)}
    assert written == {
        "us-japan.svg",
        "us-japan-pbe.svg",
        "us-japan-pbe.png",
        "us-japan-pbe.tex",
        "us-japan-pbe-journal.tex",
        # the gallery of the model pages (issue 16: regenerated with the new layout)
        "abandonment-entrapment.svg",
        "balance-of-threat.svg",
        "hedging.svg",
        "hub-and-spokes.svg",
        "quasi-alliance.svg",
    }
    committed = Path(__file__).parent.parent / "docs" / "figures"
    for name in ("us-japan-pbe.tex", "us-japan-pbe-journal.tex"):  # the SVG text depends on the fonts installed
        assert (tmp_path / name).read_text() == (committed / name).read_text(), f"regenerate docs/figures ({name})"
    assert {p.name for p in committed.iterdir()} >= written
