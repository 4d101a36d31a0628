"""The tutorial notebook runs from top to bottom (nbmake).

``docs/notebooks/*.ipynb`` are run by ``pytest --nbmake`` in a child process, with
this Python's scripts first on ``PATH`` so that the kernel is this environment's.
The test skips, saying why, when nbmake (the ``dev`` extra) or matplotlib (the
``plot`` extra, which the notebook's region plot needs) is not installed.  The
notebooks are stored without outputs, which is checked too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_tutorial_notebook_exists() -> None:
    assert NOTEBOOKS / "tutorial.ipynb" in notebooks()


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, f"{path.name}: no code cells"
    with_output = [k for k, c in enumerate(code, 1) if c.get("outputs") or c.get("execution_count") is not None]
    assert with_output == [], f"{path.name}: code cells {with_output} keep outputs (clear them before committing)"


@pytest.mark.skipif(importlib.util.find_spec("nbmake") is None, reason="nbmake is not installed (dev extra)")
@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="matplotlib is not installed (plot extra)")
def test_notebooks_run_with_nbmake(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbmake",
            "--nbmake-timeout=120",
            *[str(p) for p in notebooks()],
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    assert f"{len(notebooks())} passed" in done.stdout, done.stdout[-2000:]
