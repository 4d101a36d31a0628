"""The command line: each command, exit codes, and one-line errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gametoolkit.cli import main
from gametoolkit.io.gamejson import read_json


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_models_lists_the_shipped_models(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "--json")
    assert code == 0
    listed = json.loads(out)
    slugs = [m["slug"] for m in listed]
    assert "us-japan-alliance" in slugs and slugs == sorted(slugs)
    assert all({"slug", "title", "citation"} <= set(m) for m in listed)


def test_show_prints_counts_and_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "us-japan-alliance", "--set", "china=high", "--set", "p=3/10")
    assert code == 0
    assert "nodes:          24 (12 terminal)" in out
    assert "perfect recall: yes" in out
    assert "U_L (3/10) -> US [U_L]" in out


def test_validate_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "us-japan-alliance", "--set", "p=0.3")
    assert code == 0 and out.startswith("valid:")
    target = tmp_path / "a.json"
    code, out, _ = run(capsys, "export", "us-japan-alliance", "--set", "p=0.3", "-o", str(target))
    assert code == 0
    assert len(read_json(target).nodes) == 24


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["show", "no-such-model"], "no model 'no-such-model'"),
        (["show", "us-japan-alliance", "--set", "p=abc"], "not a number"),
        (["show", "us-japan-alliance", "--set", "p"], "expected NAME=VALUE"),
        (["show", "us-japan-alliance", "--set", "p=1/0"], "zero denominator"),
        (["show", "us-japan-alliance", "--set", "p=3/10", "--set", "p=1/2"], "given twice"),
        (["show", "us-japan-alliance", "--set", "x2=9"], "x4 > x2"),
        (["show", "missing.efg"], "missing.efg"),
        (["export", "us-japan-alliance", "-o", "out.txt"], "must end in"),
        (["frobnicate"], "invalid choice"),
        (["show", "us-japan-alliance", "--set", "label=__import__('os').system('echo pwned')"], "no parameter"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], args: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error:")
    assert "Traceback" not in err and "pwned" not in out
    assert fragment in err


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    target = tmp_path / "game.json"
    proc = subprocess.run(
        [sys.executable, "-m", "gametoolkit", "export", "us-japan-alliance", "-o", str(target)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert target.exists()
    bad = subprocess.run([sys.executable, "-m", "gametoolkit", "show", "us-japan-alliance", "--set", "p=-1"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1


def test_solve_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", "us-japan-alliance", "--set", "china=high", "--set", "p=3/10",
                       "--concept", "pbe", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"game", "concept", "exact", "complete", "equilibria"} <= set(data)
    assert data["game"] == {"title": "US-Japan alliance game (Hayashi 2021)", "players": ["US", "Japan"]}
    assert data["concept"] == "pbe" and data["exact"] is True and data["complete"] is True
    assert sorted(e["kind"] for e in data["equilibria"]) == ["pooling", "semi-separating", "separating"]
    for e in data["equilibria"]:
        assert {"behavior", "beliefs", "payoffs", "kind", "conditions"} <= set(e)
        assert set(e["behavior"]) == {"US", "Japan"}
        assert set(e["behavior"]["Japan"]) == {"after l", "after h"}
        assert set(e["beliefs"]["Japan"]["after l"]) == {"UL-l", "UH-l"}
        for dist in e["behavior"]["US"].values():
            assert all(isinstance(x, str) for x in dist.values())
    semi = next(e for e in data["equilibria"] if e["kind"] == "semi-separating")
    assert semi["behavior"]["US"]["U_H"] == {"h": "4/7", "l": "3/7"}
    assert semi["behavior"]["Japan"]["after l"] == {"l": "2/3", "h": "1/3"}
    assert semi["beliefs"]["Japan"]["after l"] == {"UL-l": "1/2", "UH-l": "1/2"}


@pytest.mark.parametrize(("settings", "count"), [(["china=high", "p=7/10"], 1), (["china=low", "p=3/10"], 1)])
def test_solve_counts(capsys: pytest.CaptureFixture[str], settings: list[str], count: int) -> None:
    args = ["solve", "us-japan-alliance"]
    for s in settings:
        args += ["--set", s]
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0 and len(json.loads(out)["equilibria"]) == count
    code, out, _ = run(capsys, *args)
    assert code == 0 and "separating" in out


def test_solve_refuses_unbound_parameters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = tmp_path / "mymodel.py"
    model.write_text(
        "from gametoolkit.core.dsl import game, decision, leaf, param\n"
        "SLUG = 'mine'\nTITLE = 'mine'\nCITATION = ''\nPARAMETERS = {}\n"
        "def build():\n"
        "    return game('mine', ['A'], decision('A', 'a', x=leaf(param('u')), y=leaf(0)))\n"
    )
    code, _, err = run(capsys, "solve", str(model))
    assert code == 2 and "unbound parameters (u)" in err
