"""Bad input never produces a traceback: every damaged copy of the good fixture is reported as
issues, whatever was cut or changed.

The damage is deterministic (no random seed to chase): each data file is cut short at every
few bytes, and each YAML value is replaced by values of the wrong shape. Each run must return a
report, and a damaged copy that still checks clean must also link and render.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import GOOD
from graph import pipeline

DATA_FILES = sorted(p.relative_to(GOOD) for p in GOOD.rglob("*") if p.is_file() and p.suffix in {".yaml", ".bib"})
WRONG_SHAPES = ("[]", "{}", "42", "null", "'-'", "[a, [b]]", "2026-13-45")


def _run(root: Path) -> None:
    """Check root (which must not raise); when it checks clean, link and render it too."""
    _, report = pipeline.check(root)
    if not report.failed():
        assert pipeline.run(root).site is not None


@pytest.mark.parametrize("name", DATA_FILES, ids=[str(p) for p in DATA_FILES])
def test_a_file_cut_short_anywhere_is_reported_not_raised(name: Path, tmp_path: Path) -> None:
    original = (GOOD / name).read_bytes()
    for cut in range(0, len(original), 23):
        root = tmp_path / f"cut{cut}"
        shutil.copytree(GOOD, root)
        (root / name).write_bytes(original[:cut])
        _run(root)


@pytest.mark.parametrize("name", [p for p in DATA_FILES if p.suffix == ".yaml"], ids=lambda p: str(p))
def test_a_yaml_value_of_the_wrong_shape_is_reported_not_raised(name: Path, tmp_path: Path) -> None:
    text = (GOOD / name).read_text(encoding="utf-8")
    values = list(re.finditer(r"^(\s*-?\s*[a-z_]+:) (.+)$", text, re.MULTILINE))
    assert values
    for i, match in enumerate(values):
        for j, wrong in enumerate(WRONG_SHAPES):
            root = tmp_path / f"v{i}-{j}"
            shutil.copytree(GOOD, root)
            damaged = text[: match.start(2)] + wrong + text[match.end(2) :]
            (root / name).write_text(damaged, encoding="utf-8")
            _run(root)
