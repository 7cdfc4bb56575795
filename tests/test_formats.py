"""`check --format json|sarif|github`: the same report for programs and CI systems.

The SARIF log is validated against OASIS' published SARIF 2.1.0 schema, vendored in
tests/fixtures/sarif/ (its README says where it came from).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import build_kb
from conftest import GOOD, ROOT, overlay
from graph.formats import github_line
from graph.issues import CATALOGUE, Issue

SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _run(root: Path, fmt: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    status = build_kb.main(["--root", str(root), "check", "--format", fmt, *extra])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def bad_root(tmp_path: Path) -> Path:
    """Two errors and a warning (missing-field), and a whole-file issue (missing-article, line 0)."""
    root = overlay(GOOD, ROOT / "tests" / "bad" / "missing-field", tmp_path / "kb")
    (root / "claims" / "articles" / "stray.txt").write_text("stray\n", encoding="utf-8")
    return root


EXPECTED = [
    ("claims/articles/stray.txt", 0, "missing-article", "error"),
    ("claims/z-bad.yaml", 1, "missing-field", "error"),
    ("references/z-bad.bib", 1, "missing-field", "error"),
    ("references/z-bad.bib", 1, "unused-reference", "warning"),
]


def test_json_lists_every_issue_with_the_summary(bad_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(bad_root, "json", capsys)
    assert status == 1
    doc = json.loads(out)  # stdout holds the document and nothing else
    assert [(i["file"], i["line"], i["code"], i["severity"]) for i in doc["issues"]] == EXPECTED
    assert doc["issues"][1]["title"] == "Required field missing"
    assert doc["issues"][1]["message"] == "required field 'rationale' is missing or empty"
    assert doc["summary"]["errors"] == 3 and doc["summary"]["warnings"] == 1 and doc["summary"]["failed"] is True
    assert doc["summary"]["text"] == "3 errors, 1 warning"
    assert doc["summary"]["counts"]["claims"] == 4  # the good three and the bad one


def test_json_of_clean_data_is_an_empty_list_and_strict_decides_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(GOOD, "json", capsys)
    assert status == 0
    doc = json.loads(out)
    assert doc["issues"] == [] and doc["summary"]["failed"] is False
    assert doc["summary"]["evidence_quotes"] == {"verified": 2, "unverified": 0, "failed": 0}
    root = overlay(GOOD, ROOT / "tests" / "bad" / "unused-reference", tmp_path / "kb")
    status, out, _ = _run(root, "json", capsys, "--strict")
    assert status == 1 and json.loads(out)["summary"]["failed"] is True


def test_sarif_is_valid_against_the_published_schema(bad_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(bad_root, "sarif", capsys)
    assert status == 1
    log = json.loads(out)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [t.code for t in CATALOGUE]
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"] for r in rules)
    got = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        got.append((physical["artifactLocation"]["uri"], physical["region"]["startLine"], result["ruleId"], result["level"]))
    # A whole-file issue (line 0) is shown on line 1: SARIF counts lines from 1.
    assert got == [(f, max(1, line), c, s) for f, line, c, s in EXPECTED]


def test_sarif_of_clean_data_is_valid_too(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(GOOD, "sarif", capsys)
    assert status == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_a_sarif_log_missing_a_required_property_fails_the_schema(bad_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The schema check can fail: a result's message is required."""
    log = json.loads(_run(bad_root, "sarif", capsys)[1])
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_github_prints_one_annotation_per_issue(bad_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(bad_root, "github", capsys)
    assert status == 1
    assert out.splitlines() == [
        "::error file=claims/articles/stray.txt,line=1,title=Article half missing [missing-article]::stray.txt has no entry in claims/articles.yaml (add one with id 'stray')",
        "::error file=claims/z-bad.yaml,line=1,title=Required field missing [missing-field]::required field 'rationale' is missing or empty",
        "::error file=references/z-bad.bib,line=1,title=Required field missing [missing-field]::reference 'nodesign2020page' has no design",
        "::warning file=references/z-bad.bib,line=1,title=Reference cited by no claim [unused-reference]::reference 'nodesign2020page' is cited by no claim",
    ]
    assert err.strip().endswith("3 errors, 1 warning")


def test_github_escapes_data_and_properties_as_github_documents() -> None:
    """%, CR and LF are escaped everywhere; ':' and ',' also in properties (file, title)."""
    issue = Issue(Path("/kb/claims/a,b:c.yaml"), 7, "bad-value", "100% wrong:\r\nsecond, line")
    line = github_line(issue, Path("/kb"))
    assert line == "::error file=claims/a%2Cb%3Ac.yaml,line=7,title=Value not allowed [bad-value]::100%25 wrong:%0D%0Asecond, line"


def test_text_stays_the_default(bad_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(bad_root, "text", capsys)
    assert status == 1
    assert err.splitlines()[1] == "claims/z-bad.yaml:1: error [missing-field] required field 'rationale' is missing or empty"
    assert "evidence quotes:" in out
