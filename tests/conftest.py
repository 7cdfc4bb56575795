"""Shared test helpers: the project root, the good fixture, and overlays of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "good"
sys.path.insert(0, str(ROOT))


def overlay(base: Path, case: Path, dest: Path) -> Path:
    """Copy base to dest, then copy every file of case over it (expected.txt, links.txt and grow.txt aside)."""
    shutil.copytree(base, dest)
    for f in case.rglob("*"):
        if f.is_file() and not f.is_symlink() and f.name not in ("expected.txt", "links.txt", "grow.txt"):
            target = dest / f.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, target)
    return dest


@pytest.fixture
def good_root(tmp_path: Path) -> Path:
    """A writable copy of the good fixture knowledge base."""
    return overlay(GOOD, tmp_path / "empty-case", tmp_path / "kb")


def build_site(dest: Path) -> Path:
    """Build the repository's site into dest/repo/site with the project's own command."""
    src = dest / "repo"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "site", ".git", "*cache*", "test-output", "node_modules"))
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    run = subprocess.run([sys.executable, str(src / "build_kb.py"), "build"], capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    return src / "site"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once per test session."""
    return build_site(tmp_path_factory.mktemp("site"))
