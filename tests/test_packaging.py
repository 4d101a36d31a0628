"""Packaging: every package directory is installed, and a plain (non-editable) install works."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_directory_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    found.add("gametoolkit.models")
    assert found == listed, "add new subpackages to [tool.setuptools] packages in pyproject.toml"
    assert (ROOT / "models" / "__init__.py").exists()
    assert (ROOT / "src" / "gametoolkit" / "py.typed").exists()


@pytest.mark.slow
def test_plain_install_carries_models_and_cli(tmp_path: Path) -> None:
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build here: {build.stderr[-300:]}")
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c",
         "import gametoolkit, sys; from gametoolkit.cli import main; "
         "assert 'site' in gametoolkit.__file__, gametoolkit.__file__; sys.exit(main(['models', '--json']))"],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "us-japan-alliance" in proc.stdout


def test_every_error_class_is_exported_from_the_package() -> None:
    """A user catches our errors as ``gametoolkit.XError`` without knowing the module."""
    import inspect

    import gametoolkit
    from gametoolkit import errors

    classes = {name for name, obj in inspect.getmembers(errors, inspect.isclass) if issubclass(obj, errors.GameToolkitError)}
    assert classes >= {"LimitError", "NumberError", "ParseError", "ValidationError"}
    missing = sorted(name for name in classes if getattr(gametoolkit, name, None) is not getattr(errors, name))
    assert not missing, f"not exported from gametoolkit: {missing}"
    assert classes <= set(gametoolkit.__all__)
