"""The documentation stays true to the code.

Pages that promise a feature "when it arrives" go stale the day it arrives.  This
test fails on such phrases in ``README.md`` and every page under ``docs/`` (Markdown
pages and the notebook's text), each listed with the reason it is forbidden: describe
what the code does today, and state a limit as a limit ("is refused", "needs
numbers"), not as a promise.

It also keeps the seed paper's citation right: the US–Japan model is Miki Hayashi's
working paper (University of California, Riverside, March 25, 2021), cited as
"Hayashi, M. (2021)" by the model, the docs and ``gametoolkit models --json``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: (pattern, reason).  Patterns are regular expressions matched case-insensitively
#: against each line; keep them narrow enough that true prose does not trip them.
FORBIDDEN: tuple[tuple[str, str], ...] = (
    (r"not built yet", "a feature announced as missing; say what exists, or state the limit"),
    (r"what is not built", "a list of missing features goes stale as they are built"),
    (r"designed but not written", "a promise about future code"),
    (r"is being written", "a promise about future code"),
    (r"when they arrive|when it arrives", "a promise about future code"),
    (r"\(coming\)|the coming solvers|coming soon", "a promise about future code"),
    (r"\bis planned\b|\bare planned\b|planned for", "a promise about future code"),
    (r"\bwill (?:convert|support|add|come|arrive|be added|be built|be written)\b", "a promise about future code"),
    (r"\bnot yet (?:available|supported|implemented|built|written)\b", "a limit phrased as a promise"),
    (r"\bon the way\.", "a promise of more features"),
    (r"\bfor now\b", "a limit phrased as temporary; state it as a limit"),
    (r"\bTODO\b|\bFIXME\b|\bXXX\b", "an unfinished note left in the docs"),
    (r"today (?:you|the solvers)", "a description of a past state of the code"),
    (r"Hayashi, S\.", "the seed paper's author is Miki Hayashi: Hayashi, M. (2021)"),
)

_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), pattern, reason) for pattern, reason in FORBIDDEN)


def doc_pages() -> list[Path]:
    """README.md, every Markdown page under docs/ and every notebook there."""
    found = [ROOT / "README.md"]
    found.extend(sorted((ROOT / "docs").rglob("*.md")))
    found.extend(sorted((ROOT / "docs").rglob("*.ipynb")))
    return [p for p in found if p.is_file()]


def text_lines(path: Path) -> list[str]:
    """The lines of prose and code in a page; for a notebook, those of its cells."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return raw.splitlines()
    cells = json.loads(raw)["cells"]
    lines: list[str] = []
    for cell in cells:
        source = cell["source"]
        lines.extend(("".join(source) if isinstance(source, list) else source).splitlines())
    return lines


def stale_phrases(lines: list[str], where: str) -> list[str]:
    """One message per forbidden phrase found: where, the line, the phrase and why."""
    found = []
    for number, line in enumerate(lines, start=1):
        for regex, pattern, reason in _COMPILED:
            if regex.search(line):
                found.append(f"{where}:{number}: {line.strip()!r} matches {pattern!r}: {reason}")
    return found


def test_the_scanner_finds_each_kind_of_stale_phrase() -> None:
    """Each pattern catches the kind of sentence it was written for (so the page test can fail)."""
    samples = [
        "## What is not built yet",
        "these are designed but not written",
        "an automatic comparison is being written.",
        "conditions when they arrive",
        "the JSON output of the (coming) solvers",
        "is planned for the symbolic extra",
        "which will convert these expressions to sympy",
        "with --symbolic they are not yet available.",
        "more concepts and figures on the way.",
        "Games with several nodes are refused for now",
        "TODO: write this",
        "Today you can move a game to pygambit",
        "Hayashi, S. (2021). What's Next?",
    ]
    for sample in samples:
        assert stale_phrases([sample], "probe"), sample
    assert len({pattern for _, pattern, _ in _COMPILED}) == len(FORBIDDEN)


def test_the_scanner_passes_true_prose() -> None:
    true_prose = [
        "At the sample means, an election coming up shifts the probability.",
        "The payoff of a play is the sum of the outcomes met on the way to it.",
        "`--refine` with `--symbolic` is refused (give every parameter a value).",
        "The prior `p` is not a number yet, so it is a parameter.",
        "Hayashi, M. (2021). What's Next? Prospects of the U.S.-Japan Security Alliance.",
    ]
    assert stale_phrases(true_prose, "probe") == []


def test_pages_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in doc_pages()}
    assert {"README.md", "docs/index.md", "docs/tutorial.md", "docs/explanation/exact-numbers.md"} <= names


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_stale_phrase(page: Path) -> None:
    found = stale_phrases(text_lines(page), page.relative_to(ROOT).as_posix())
    assert not found, "stale phrases (describe what the code does, or state a limit):\n" + "\n".join(found)


def test_wrong_hayashi_initial_appears_nowhere() -> None:
    """docs/, models/ and README.md never cite the seed paper as "Hayashi, S."."""
    files = [ROOT / "README.md"]
    for folder in ("docs", "models"):
        files.extend(p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in {".md", ".py", ".ipynb", ".tex", ".svg"})
    assert len(files) > 10
    wrong = [p.relative_to(ROOT).as_posix() for p in files if "Hayashi, S." in p.read_text(encoding="utf-8", errors="replace")]
    assert wrong == []


def test_models_json_cites_miki_hayashi() -> None:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "gametoolkit", "models", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    models = {entry["slug"]: entry for entry in json.loads(done.stdout)}
    citation = models["us-japan-alliance"]["citation"]
    # The seed paper (Miki Hayashi, University of California, Riverside, March 25, 2021).
    assert citation.startswith("Hayashi, M. (2021). What's Next? Prospects of the U.S.-Japan Security Alliance.")
    assert "University of California, Riverside" in citation
    assert "Hayashi, S." not in done.stdout
