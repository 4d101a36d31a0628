"""The documentation runs: every example in README.md and docs/ is executed.

* A fenced block in the language ``python`` is run.  The blocks of one page run in
  order, in one namespace, in a fresh temporary directory (files they write stay
  there).  A block whose first line starts with ``>>>`` is a doctest: its printed
  output and exceptions must match what the page shows (``...`` matches anything;
  runs of whitespace compare equal).  Any other block is run as a script.
* A fenced block in the language ``console`` holds shell commands: each line that
  starts with ``$ `` is run with bash in the same directory, with this Python's
  scripts first on ``PATH`` (so ``gametoolkit`` is the one under test); the lines
  after it, up to the next ``$ ``, are the expected output (stdout and stderr merged),
  compared as in doctests.  Other fences (``sh``, ``text``, ``json``, ...) are not run.
* An HTML comment on the line before a fence changes what happens to the block:
  ``<!-- docs-test: skip -->`` skips it, ``<!-- docs-test: file=NAME -->`` writes
  its text to the file ``NAME`` in the page's directory instead of running it (for a
  block in any language: a model's ``.py`` file, an ``.efg`` file).

A failure names the page, the block's number and its first line.

Module docstrings with ``>>>`` examples are doctested too, and ``mkdocs build
--strict`` must succeed when mkdocs is installed.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import os
import pkgutil
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<what>[^>]*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    page: str
    number: int  # 1-based among the page's runnable blocks
    line: int  # line of the opening fence, 1-based
    language: str
    marker: str  # the docs-test marker before it, "" when none
    text: str

    @property
    def where(self) -> str:
        return f"{self.page}, block {self.number} (line {self.line})"


def pages() -> list[Path]:
    """README.md and every Markdown page under docs/."""
    found = [ROOT / "README.md"] if (ROOT / "README.md").is_file() else []
    found.extend(sorted(DOCS.rglob("*.md")))
    return found


def blocks(path: Path) -> list[Block]:
    """The page's ``python`` and ``console`` blocks, in order."""
    return blocks_of_text(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())


def blocks_of_text(text: str, page: str) -> list[Block]:
    """The ``python`` and ``console`` blocks of Markdown ``text``, and blocks of any
    language marked ``file=NAME``, in order."""
    lines = text.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        indent, fence, info = m.group("indent"), m.group("fence"), m.group("info").strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            close = lines[i].strip()
            if close.startswith(fence[0] * len(fence)) and not close.strip(fence[0]):
                break
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        language = info.split()[0].lower() if info else ""
        marker = ""
        if start > 0 and (mm := _MARKER.match(lines[start - 1])):
            marker = mm.group("what")
        if language not in ("python", "console") and not marker.startswith("file="):
            continue
        found.append(Block(page, len(found) + 1, start + 1, language, marker, "\n".join(body) + "\n"))
    return found


def _first_line(block: Block) -> str:
    return next((s.strip() for s in block.text.splitlines() if s.strip()), "")


def _run_python(block: Block, namespace: dict[str, object]) -> str | None:
    """Run one python block; a failure report, or None."""
    if block.text.lstrip().startswith(">>>"):
        parser = doctest.DocTestParser()
        test = parser.get_doctest(block.text, namespace, block.where, block.page, block.line)
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        result = runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)  # DocTest runs in a copy of the namespace
        return "".join(report) if result.failed else None
    try:
        code = compile(block.text, f"{block.page}:block{block.number}", "exec")
        exec(code, namespace)
    except Exception:
        return traceback.format_exc()
    return None


def _commands(block: Block) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    pairs: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
    return [(cmd, "\n".join(out).strip("\n")) for cmd, out in pairs]


def _run_console(block: Block, cwd: Path) -> str | None:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["COLUMNS"] = "100"
    checker = doctest.OutputChecker()
    for command, expected in _commands(block):
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
            check=False,
        )
        got = "\n".join(s.rstrip() for s in done.stdout.strip("\n").splitlines())
        want = "\n".join(s.rstrip() for s in expected.splitlines())
        if not checker.check_output(want + "\n", got + "\n", FLAGS):
            return f"$ {command}\n--- expected ---\n{want}\n--- got (exit status {done.returncode}) ---\n{got}\n"
    return None


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in blocks(page):
        if block.marker == "skip":
            continue
        if block.marker.startswith("file="):
            target = tmp_path / block.marker.removeprefix("file=").strip()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
            continue
        if block.marker:
            pytest.fail(f"{block.where}: unknown docs-test marker {block.marker!r}")
        run = _run_python(block, namespace) if block.language == "python" else _run_console(block, tmp_path)
        if run is not None:
            pytest.fail(f"{block.where} `{_first_line(block)}` failed:\n{run}", pytrace=False)


def test_pages_have_examples() -> None:
    """The collector finds the examples (guards against a silently empty run)."""
    counts = {p.relative_to(ROOT).as_posix(): len(blocks(p)) for p in pages()}
    assert counts.get("README.md", 0) >= 1
    assert counts.get("docs/tutorial.md", 0) >= 5


def test_collector_reads_fences_and_markers() -> None:
    text = (
        "Text\n\n```python\nx = 1\n```\n\n<!-- docs-test: skip -->\n```python\nraise SystemExit\n```\n\n"
        "```text\nnot run\n```\n\n<!-- docs-test: file=g.efg -->\n```text\nEFG 2 R\n```\n\n- item\n\n    ```console\n    $ echo hi\n    hi\n    ```\n"
    )
    found = blocks_of_text(text, "probe.md")
    assert [(b.language, b.marker, b.line) for b in found] == [
        ("python", "", 3),
        ("python", "skip", 8),
        ("text", "file=g.efg", 17),
        ("console", "", 23),
    ]
    assert found[0].text == "x = 1\n"
    assert found[2].text == "EFG 2 R\n"
    assert _commands(found[3]) == [("echo hi", "hi")]


def _modules_with_examples() -> list[str]:
    import gametoolkit
    import gametoolkit.models

    names = ["gametoolkit"]
    for info in pkgutil.walk_packages(gametoolkit.__path__, "gametoolkit."):
        names.append(info.name)
    # the shipped models are installed from models/, outside src/gametoolkit
    names.extend(info.name for info in pkgutil.iter_modules(gametoolkit.models.__path__, "gametoolkit.models."))
    with_examples = []
    for name in sorted(set(names)):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and origin.endswith(".py") and ">>>" in Path(origin).read_text(encoding="utf-8"):
            with_examples.append(name)
    return with_examples


@pytest.mark.parametrize("name", _modules_with_examples())
def test_module_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0, f"{name}: no examples found"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed:\n" + "".join(report)


def test_doctested_modules_include_the_core() -> None:
    assert {"gametoolkit.core.values", "gametoolkit.core.dsl"} <= set(_modules_with_examples())


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed (dev extra)")
def test_mkdocs_build_is_clean(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout
