"""The command line: exit codes and compiler-style output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import build_kb
from conftest import GOOD, ROOT, overlay


def test_check_passes_on_the_good_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_kb.main(["--root", str(GOOD), "check"]) == 0
    out = capsys.readouterr().out
    assert "ok: 1 articles, 3 claims, 3 occurrences, 2 references (2 checked)" in out
    assert "evidence quotes: 2 verified against stored records, 0 unverified (no stored record), 0 failed" in out


def test_check_prints_every_issue_sorted_then_a_summary_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = overlay(GOOD, ROOT / "tests" / "bad" / "missing-field", tmp_path / "kb")
    assert build_kb.main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "claims/z-bad.yaml:1: error [missing-field] required field 'rationale' is missing or empty",
        "references/z-bad.bib:1: error [missing-field] reference 'nodesign2020page' has no design",
        "references/z-bad.bib:1: warning [unused-reference] reference 'nodesign2020page' is cited by no claim",
        "2 errors, 1 warning",
    ]


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    root = overlay(GOOD, ROOT / "tests" / "bad" / "unused-reference", tmp_path / "kb")
    assert build_kb.main(["--root", str(root), "check"]) == 0
    assert build_kb.main(["--root", str(root), "check", "--strict"]) == 1


def test_export_writes_every_file(tmp_path: Path) -> None:
    assert build_kb.main(["--root", str(GOOD), "export", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    neo4j = [f"neo4j/{n}.csv" for n in ("nodes-articles", "nodes-claims", "nodes-references", "rels-evidence", "rels-states")]
    assert names == [".kb-export.json", "claims.csv", "corrections.atom", "kb.graphml", "kb.json", "kb.sqlite", *neo4j, "references.bib", "references.json", "references.ris"]
    assert json.loads((out / ".kb-export.json").read_text())["files"] == names[1:]
    assert json.loads((tmp_path / "out" / "kb.json").read_text())["directed"] is True


def test_export_refuses_data_with_errors(tmp_path: Path) -> None:
    root = overlay(GOOD, ROOT / "tests" / "bad" / "yaml-syntax", tmp_path / "kb")
    assert build_kb.main(["--root", str(root), "export", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
