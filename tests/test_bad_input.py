"""The bad-input corpus: each folder in tests/bad/ is one defect laid over the good fixture.

To add a case: make tests/bad/<name>/ holding only the files that differ from
tests/fixtures/good/ (name new files z-*.yaml / z-*.bib so they load after the fixture's), and an
expected.txt with one line per issue: `<code> <path relative to the root> <line>`, sorted as
`build_kb.py check` prints them. Read the issues the check prints before writing expected.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOOD, ROOT, overlay
from graph import pipeline

CASES = sorted(p for p in (ROOT / "tests" / "bad").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_with_code_file_and_line(case: Path, tmp_path: Path) -> None:
    root = overlay(GOOD, case, tmp_path / "kb")
    _, report = pipeline.check(root)
    got = [f"{i.code} {i.file.relative_to(root)} {i.line}" for i in report]
    expected = (case / "expected.txt").read_text().split("\n")
    assert got == [line for line in expected if line]


def test_every_case_names_the_defect_it_is_about() -> None:
    """Each case's folder name is one of the codes it expects (so a case tests what it says)."""
    for case in CASES:
        codes = {line.split()[0] for line in (case / "expected.txt").read_text().splitlines() if line}
        assert case.name in codes, case.name


def test_good_fixture_is_clean() -> None:
    _, report = pipeline.check(GOOD)
    assert list(report) == []
