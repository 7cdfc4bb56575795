"""The bad-input corpus: each folder in tests/bad/ is one defect laid over the good fixture.

To add a case: make tests/bad/<name>/ holding only the files that differ from
tests/fixtures/good/ (name new files z-*.yaml / z-*.bib so they load after the fixture's), and an
expected.txt with one line per issue: `<code> <path relative to the root> <line>`, sorted as
`build_kb.py check` prints them. Read the issues the check prints before writing expected.txt.
A case may also hold links.txt: symbolic links the test makes at run time, one per line,
`<link relative to the root> <target>`, where a target OUTSIDE/<name> is a file outside the root
holding a secret that must never reach the knowledge base; and grow.txt: files padded at run time
with YAML comment lines to a size, `<path relative to the root> <bytes>` (a 6 MB file stays out of git).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOOD, ROOT, overlay
from graph import pipeline

CASES = sorted(p for p in (ROOT / "tests" / "bad").iterdir() if p.is_dir())


SECRET = "secret-outside-the-project"


def _make_links(case: Path, root: Path, outside: Path) -> None:
    links = case / "links.txt"
    if not links.exists():
        return
    for line in links.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        link, target = line.split()
        if target.startswith("OUTSIDE/"):
            outside.mkdir(exist_ok=True)
            dest = outside / target.removeprefix("OUTSIDE/")
            body = f"@misc{{{SECRET},\n  title = {{{SECRET}}},\n}}\n" if dest.suffix == ".bib" else f"- id: {SECRET}\n  statement: {SECRET}\n"
            dest.write_text(body)
            target = str(dest)
        (root / link).unlink(missing_ok=True)
        (root / link).symlink_to(target)


def _grow(case: Path, root: Path) -> None:
    grow = case / "grow.txt"
    if not grow.exists():
        return
    for line in grow.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            path, size = line.split()
            with (root / path).open("a") as f:
                f.write(("#" + "x" * 78 + "\n") * (int(size) // 80 + 1))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_with_code_file_and_line(case: Path, tmp_path: Path) -> None:
    root = overlay(GOOD, case, tmp_path / "kb")
    _make_links(case, root, tmp_path / "outside")
    _grow(case, root)
    kb, report = pipeline.check(root)
    assert SECRET not in repr(kb)
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
