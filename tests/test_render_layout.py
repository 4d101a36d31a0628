"""Figures a journal accepts (issue 16), checked through the laid-out JSON scene.

On signaling games (the US–Japan game, beer–quiche, the deterrence test model and
random small sender-receiver games), with and without an equilibrium drawn: no
information-set line crosses an edge or another set, no two labels overlap, beliefs
are written as μ, and ``--width 12cm`` is respected with fonts of at least 8 pt.  The
geometry is read from ``draw -o FILE.json`` (the contract in DESIGN.md) and checked
here with our own segment-intersection and box-overlap tests, independent of the
layout code.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import subprocess
import zlib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from gametoolkit.catalog import find_model, load
from gametoolkit.core.dsl import chance, decision, game, leaf, params
from gametoolkit.core.game import Game
from gametoolkit.errors import GameToolkitError
from gametoolkit.render import draw
from gametoolkit.render.arrange import arrange, crossings, ordered_slots
from gametoolkit.render.labels import plain, value_label
from gametoolkit.render.layout import ranks
from gametoolkit.solvers import solve

DETERRENCE = Path(__file__).parent / "data" / "models" / "deterrence.py"
HAS_PDFLATEX = shutil.which("pdflatex") is not None
TWELVE_CM = 12 * 72 / 2.54  # big points


def beer_quiche() -> Game:
    """Cho and Kreps (1987), "Signaling Games and Stable Equilibria", QJE 102(2), 179-221.

    Nature makes the sender weak (1/10) or strong (9/10).  The weak type prefers quiche,
    the strong beer (+1 for the preferred breakfast); the sender gets +2 when the
    receiver does not duel.  The receiver gets 1 for dueling a weak sender or for not
    dueling a strong one, 0 otherwise.
    """

    def sender(kind: str, likes: str) -> object:
        weak = kind == "weak"

        def receiver(breakfast: str) -> object:
            bonus = 1 if breakfast == likes else 0
            return decision(
                "Receiver",
                f"after {breakfast}",
                duel=leaf(bonus, 1 if weak else 0),
                not_duel=leaf(bonus + 2, 0 if weak else 1),
            )

        return decision("Sender", kind, beer=receiver("beer"), quiche=receiver("quiche"))

    return game(
        "Beer-quiche",
        ["Sender", "Receiver"],
        chance(
            "Nature",
            weak=(Fraction(1, 10), sender("weak", "quiche")),
            strong=(Fraction(9, 10), sender("strong", "beer")),
        ),
    )


def random_signaling(seed: int) -> Game:
    """A random two-type sender-receiver game: two or three messages' worth of structure
    (a type may have a single message), two or three responses, sometimes a last move
    of the sender after the response, small integer payoffs."""
    rng = random.Random(seed)
    messages = ["m", "n"]
    responses = ["r", "s", "t"][: rng.choice((2, 3))]
    last = rng.random() < 0.4

    def outcome() -> object:
        return leaf(rng.randint(-3, 3), rng.randint(-3, 3))

    def after_response(kind: str) -> object:
        if not last:
            return outcome()
        return decision("S", f"{kind} again", keep=outcome(), quit=outcome())

    def sender(kind: str) -> object:
        sent = messages if rng.random() < 0.8 else messages[:1]
        return decision(
            "S",
            kind,
            **{m: decision("R", f"after {m}", **{r: after_response(f"{kind}{m}{r}") for r in responses}) for m in sent},
        )

    p = Fraction(rng.randint(1, 9), 10)
    return game(f"random {seed}", ["S", "R"], chance("Nature", t1=(p, sender("t1")), t2=(1 - p, sender("t2"))))


# ---------------------------------------------------------------------- geometry checks
Point = tuple[float, float]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _intersection(p1: Point, p2: Point, q1: Point, q2: Point) -> Point | None:
    """Where two segments meet (one point; collinear overlaps count at an end), or None."""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    if ((d1 > 0 and d2 < 0) or (d1 < 0 and d2 > 0)) and ((d3 > 0 and d4 < 0) or (d3 < 0 and d4 > 0)):
        t = d1 / (d1 - d2)
        return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))
    for point, (a, b) in ((p1, (q1, q2)), (p2, (q1, q2)), (q1, (p1, p2)), (q2, (p1, p2))):
        if abs(_cross(a, b, point)) < 1e-6 and min(a[0], b[0]) - 1e-6 <= point[0] <= max(a[0], b[0]) + 1e-6:
            if min(a[1], b[1]) - 1e-6 <= point[1] <= max(a[1], b[1]) + 1e-6:
                return point
    return None


def _near(p: Point, points: list[Point], tol: float = 0.6) -> bool:
    return any(abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol for q in points)


def set_crossings(scene: dict[str, Any]) -> list[str]:
    """Every place where an information-set line meets an edge or another set's line
    away from the set's own nodes."""
    where = {n["id"]: (n["x"], n["y"]) for n in scene["nodes"]}
    found = []
    for k, h in enumerate(scene["infosets"]):
        own = [where[v] for v in h["nodes"]]
        segments = [seg for piece in h["pieces"] for seg in itertools.pairwise(map(tuple, piece))]
        for edge in scene["edges"]:
            a, b = map(tuple, edge["points"])
            for p, q in segments:
                hit = _intersection(p, q, a, b)
                if hit is not None and not _near(hit, own):
                    found.append(f"set {h['label']!r} crosses edge {edge['from']}->{edge['to']} at {hit}")
        for other in scene["infosets"][k + 1 :]:
            theirs = [where[v] for v in other["nodes"]]
            for piece in other["pieces"]:
                for a, b in itertools.pairwise(map(tuple, piece)):
                    for p, q in segments:
                        hit = _intersection(p, q, a, b)
                        if hit is not None and not _near(hit, own + theirs):
                            found.append(f"sets {h['label']!r} and {other['label']!r} cross at {hit}")
    return found


def label_overlaps(scene: dict[str, Any]) -> list[str]:
    found = []
    for a, b in itertools.combinations(scene["labels"], 2):
        dx = (a["w"] + b["w"]) / 2 - abs(a["x"] - b["x"])
        dy = (a["h"] + b["h"]) / 2 - abs(a["y"] - b["y"])
        if dx > 0.05 and dy > 0.05:
            found.append(f"{a['text']!r} overlaps {b['text']!r}")
    return found


def assert_clean(scene: dict[str, Any]) -> None:
    assert set_crossings(scene) == []
    assert label_overlaps(scene) == []


def assert_infosets_level_and_straight(scene: dict[str, Any]) -> None:
    """In the textbook layout each receiver set is one straight horizontal line."""
    for h in scene["infosets"]:
        ys = {round(p[1], 1) for p in h["points"]}
        assert len(ys) == 1, h


def scene_of(g: Game, **kwargs: Any) -> dict[str, Any]:
    figure = draw(g, **kwargs)
    assert figure.scene.collisions == 0
    return figure.to_json()


# ---------------------------------------------------------------------- the games
def us_japan_tree() -> Game:
    model = find_model("us-japan-alliance")
    return model.module.tree()


def deterrence_model() -> Any:
    return find_model(str(DETERRENCE))


GAMES = {
    "us-japan": lambda: load("us-japan-alliance", china="high", p="3/10"),
    "us-japan-symbolic": us_japan_tree,
    "beer-quiche": beer_quiche,
    "deterrence": lambda: deterrence_model().module.build(),
    "deterrence-symbolic": lambda: deterrence_model().module.tree(),
}


@pytest.mark.parametrize("name", sorted(GAMES))
def test_signaling_games_are_drawn_as_textbooks_do(name: str) -> None:
    g = GAMES[name]()
    scene = scene_of(g)
    assert scene["layout"] == "signaling"
    assert_clean(scene)
    assert_infosets_level_and_straight(scene)
    # Nature in the centre: the types left and right of it, on its level
    root = scene["nodes"][0]
    types = [n for n in scene["nodes"] if n["id"] in g.root.children]
    assert sorted(n["x"] < root["x"] for n in types) == [False, True]
    assert all(abs(n["y"] - root["y"]) < 0.01 for n in types)
    # every set's label sits at an end of its line, beyond its last or first node
    for h in scene["infosets"]:
        label = next(t for t in scene["labels"] if t["role"] == "infoset" and t["text"].startswith(h["player"]))
        xs = [p[0] for p in h["points"]]
        assert label["x"] - label["w"] / 2 >= max(xs) or label["x"] + label["w"] / 2 <= min(xs)


@pytest.mark.parametrize("name", ["us-japan", "beer-quiche", "deterrence"])
def test_every_equilibrium_is_drawn_cleanly_with_beliefs_as_mu(name: str) -> None:
    g = GAMES[name]()
    solution = solve(g, "pbe")
    assert solution.equilibria
    for eq in solution.equilibria:
        scene = scene_of(g, equilibrium=eq)
        assert_clean(scene)
        beliefs = [t["text"] for t in scene["labels"] if t["role"] == "belief"]
        assert beliefs and all("μ" in b for b in beliefs)
        assert not any(t["text"].startswith("[") for t in scene["labels"])
        # the path of play is the strongest line; the equilibrium's choices off it are thinner
        on = {e["width"] for e in scene["edges"] if e.get("on_path")}
        off = {e["width"] for e in scene["edges"] if e.get("played") and not e.get("on_path")}
        dimmed = {e["width"] for e in scene["edges"] if e.get("played") is False}
        assert len(on) == 1 and all(w < min(on) for w in off | dimmed)


def test_off_path_beliefs_are_drawn_as_their_supporting_region() -> None:
    # Cho and Kreps (1987): in the pooling equilibrium on beer the receiver duels after quiche,
    # which is a best reply exactly when the belief that the sender is weak is at least 1/2
    # (duel: mu; not duel: 1 - mu).
    g = beer_quiche()
    pooling_on_beer = [
        eq
        for eq in solve(g, "pbe").equilibria
        if eq.behavior.probs[g.nodes[g.root.children[0]].infoset][0] == 1
        and eq.behavior.probs[g.nodes[g.root.children[1]].infoset][0] == 1
    ]
    assert pooling_on_beer
    scene = scene_of(g, equilibrium=pooling_on_beer[0])
    beliefs = {t["node"]: t["text"] for t in scene["labels"] if t["role"] == "belief"}
    weak_after_quiche = g.nodes[g.root.children[0]].children[1]
    assert beliefs[weak_after_quiche].replace(" ", "") in ("μ_1≥1/2", "μ_2≥1/2", "μ≥1/2")
    # on the path (after beer) Bayes' rule gives the prior: 1/10 weak
    weak_after_beer = g.nodes[g.root.children[0]].children[0]
    assert beliefs[weak_after_beer].replace(" ", "").endswith("=1/10")


@pytest.mark.parametrize("seed", range(12))
def test_random_signaling_games_are_clean(seed: int) -> None:
    g = random_signaling(seed)
    scene = scene_of(g)
    assert scene["layout"] == "signaling"
    assert_clean(scene)
    solution = solve(g, "pbe")
    for eq in solution.equilibria[:2]:
        assert_clean(scene_of(g, equilibrium=eq))
    narrow = scene_of(g, width="12cm")
    assert narrow["width"] + 12 <= TWELVE_CM + 1e-6
    assert_clean(narrow)


# ---------------------------------------------------------------------- the tree layout
def crossed_when_written() -> Game:
    """Player 1 picks a or b, player 2 (who sees it) c or d; player 3 knows only that
    a-d or b-c happened.  Written with b's children as (d, c), the set's line must arch
    over b-d; in the order (c, d) its two nodes are neighbours."""

    def three() -> object:
        return decision("3", "between", x=leaf(1, 0, 0), y=leaf(0, 0, 1))

    return game(
        "order matters",
        ["1", "2", "3"],
        decision(
            "1",
            "root",
            a=decision("2", "after a", c=leaf(1, 1, 1), d=three()),
            b=decision("2", "after b", d=leaf(2, 2, 2), c=three()),
        ),
    )


def test_children_are_ordered_so_that_sets_cross_nothing() -> None:
    g = crossed_when_written()
    rank = ranks(g)
    assert crossings(g, rank, ordered_slots(g)) > 0  # as written, the arch crosses an edge
    assert crossings(g, rank, ordered_slots(g, arrange(g, rank))) == 0
    scene = scene_of(g)
    assert scene["layout"] == "tree"
    assert_clean(scene)


def test_the_us_japan_tree_layout_crosses_nothing() -> None:
    # issue 16: Japan's set after l arched over the middle subtree
    for g in (us_japan_tree(), GAMES["us-japan"]()):
        scene = scene_of(g, layout="tree")
        assert scene["layout"] == "tree"
        assert_clean(scene)


def test_the_tree_layout_can_be_forced_and_signaling_refused() -> None:
    g = beer_quiche()
    assert scene_of(g, layout="tree")["layout"] == "tree"
    assert scene_of(g, orientation="lr")["layout"] == "tree"
    with pytest.raises(GameToolkitError, match="signaling"):
        draw(crossed_when_written(), layout="signaling")


def test_arrange_finds_the_fewest_crossings_by_brute_force() -> None:
    # an independent count: every combination of child orders, by our own enumeration
    for g in (crossed_when_written(), beer_quiche(), random_signaling(3)):
        rank = ranks(g)
        internal = [v.index for v in g.nodes if len(v.children) > 1]
        least = min(
            crossings(g, rank, ordered_slots(g, dict(zip(internal, combo))))
            for combo in itertools.islice(
                itertools.product(*(itertools.permutations(g.nodes[v].children) for v in internal)), 20000
            )
        )
        assert crossings(g, rank, ordered_slots(g, arrange(g, rank))) == least


# ---------------------------------------------------------------------- width
@pytest.mark.parametrize("name", sorted(GAMES))
def test_width_is_respected_with_fonts_of_at_least_8pt(name: str) -> None:
    g = GAMES[name]()
    figure = draw(g, width="12cm")
    assert figure.scene.font_size >= 8
    scene = figure.to_json()
    assert scene["width"] + 12 <= TWELVE_CM + 1e-6  # 6 bp margins on each side, as every output draws
    assert_clean(scene)


def test_a_width_that_cannot_be_met_is_refused() -> None:
    with pytest.raises(GameToolkitError, match=r"does not fit in 3\.0 cm with fonts of at least 8 pt"):
        draw(beer_quiche(), width="3cm")
    with pytest.raises(GameToolkitError, match="width 'wide'"):
        draw(beer_quiche(), width="wide")


def run_draw(argv: list[str]) -> int:
    from gametoolkit.cli import draw as cli_draw

    parser = argparse.ArgumentParser(prog="gametoolkit")
    cli_draw.register(parser.add_subparsers())
    args = parser.parse_args(["draw", *argv])
    return int(args.func(args))


def test_draw_writes_the_scene_as_json(tmp_path: Path) -> None:
    out = tmp_path / "scene.json"
    argv = [str(DETERRENCE), "--equilibrium", "1", "--payoff-order", "--width", "12cm", "-o", str(out)]
    assert run_draw(argv) == 0
    scene = json.loads(out.read_text(encoding="utf-8"))
    assert {"width", "height", "unit", "nodes", "edges", "infosets", "labels"} <= set(scene)
    assert set(scene["nodes"][0]) >= {"id", "x", "y", "kind", "player"}
    assert set(scene["edges"][0]) >= {"from", "to", "action", "points"}
    assert set(scene["infosets"][0]) >= {"player", "label", "nodes", "points"}
    assert set(scene["labels"][0]) >= {"text", "x", "y", "w", "h"}
    g = deterrence_model().module.build()
    assert len(scene["nodes"]) == len(g.nodes) and len(scene["edges"]) == len(g.nodes) - 1
    assert {h["label"] for h in scene["infosets"]} == {"after signal", "after quiet"}
    assert scene["width"] + 12 <= TWELVE_CM
    texts = [t["text"] for t in scene["labels"]]
    assert "Payoffs: (Defender, Challenger)" in texts
    assert "back down" in texts and not any("_" in t and "no_" in t for t in texts)
    # every node and label inside the figure's box
    for n in scene["nodes"]:
        assert -0.01 <= n["x"] <= scene["width"] + 0.01 and -0.01 <= n["y"] <= scene["height"] + 0.01
    assert_clean(scene)


def test_draw_refuses_a_width_it_cannot_meet_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    from gametoolkit.cli import main

    assert main(["draw", str(DETERRENCE), "--width", "2cm", "-o", "x.json"]) == 2
    err = capsys.readouterr().err
    assert "does not fit in 2.0 cm" in err and "Traceback" not in err


# ---------------------------------------------------------------------- symbolic payoffs
def test_symbolic_payoffs_are_simplified() -> None:
    c, a = params("c a")
    assert plain(value_label(0 - c - a)) == "−c − a"
    assert plain(value_label(1 * c + 0)) == "c"
    negated = -c
    assert plain(value_label(-negated)) == "c"
    assert plain(value_label(Fraction(2) - c * 0)) == "2"
    texts = [t["text"] for t in scene_of(deterrence_model().module.tree())["labels"]]
    assert "(−c − a, 1)" in texts and "(1 − c, −1)" in texts
    assert not any("0 −" in t for t in texts)


# ---------------------------------------------------------------------- pdflatex
def _pdf_measures(pdf: bytes) -> tuple[float, list[float]]:
    """The page's width and every font size the page's content streams select (bp)."""
    sizes: list[float] = []
    boxes = re.findall(rb"MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf)
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        sizes += [float(x) for x in re.findall(rb"/F\d+\s+([\d.]+)\s+Tf", data)]
        boxes += re.findall(rb"MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    assert boxes, "no page size found in the PDF"
    x0, _, x1, _ = (float(v) for v in boxes[0])
    return x1 - x0, sizes


@pytest.mark.skipif(not HAS_PDFLATEX, reason="pdflatex is not installed")
@pytest.mark.parametrize("model", ["us-japan-alliance", str(DETERRENCE)])
def test_standalone_tikz_compiles_to_12cm_with_no_font_under_8pt(tmp_path: Path, model: str) -> None:
    tex = tmp_path / "figure.tex"
    argv = [model, "--equilibrium", "1", "--width", "12cm", "--standalone", "-o", str(tex)]
    if model == "us-japan-alliance":
        argv += ["--payoffs", "symbolic"]
    assert run_draw(argv) == 0
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (tmp_path / "figure.log").read_text(encoding="latin-1")
    assert done.returncode == 0, log[-2000:]
    assert "Overfull" not in log
    assert "not available" not in log  # no font size substituted (the issue's <5.5>)
    width, sizes = _pdf_measures((tmp_path / "figure.pdf").read_bytes())
    assert width <= TWELVE_CM + 0.01
    assert sizes and min(sizes) >= 7.97  # 8 TeX points are 7.97 big points
