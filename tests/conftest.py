"""Shared test helpers: the project root, the good fixture, and overlays of it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "good"
sys.path.insert(0, str(ROOT))


def overlay(base: Path, case: Path, dest: Path) -> Path:
    """Copy base to dest, then copy every file of case over it (expected.txt aside)."""
    shutil.copytree(base, dest)
    for f in case.rglob("*"):
        if f.is_file() and f.name != "expected.txt":
            target = dest / f.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, target)
    return dest


@pytest.fixture
def good_root(tmp_path: Path) -> Path:
    """A writable copy of the good fixture knowledge base."""
    return overlay(GOOD, tmp_path / "empty-case", tmp_path / "kb")
