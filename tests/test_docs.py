"""The docs are tested: every issue code, verdict and command the code knows is documented."""

from __future__ import annotations

import re

from conftest import ROOT
from graph.issues import ISSUE_TYPES
from graph.model import Design, Verdict
from graph.verdicts import anchor as verdict_anchor


def _documented_codes() -> set[str]:
    text = (ROOT / "docs" / "issue-codes.md").read_text()
    return set(re.findall(r"^\| `([a-z-]+)` \|", text, re.MULTILINE))


def test_every_declared_issue_code_is_documented_and_no_other() -> None:
    """The page is generated from the catalogue (tests/test_issues.py checks it is fresh)."""
    assert _documented_codes() == set(ISSUE_TYPES)


def test_every_bad_input_case_is_a_documented_code() -> None:
    assert {p.name for p in (ROOT / "tests" / "bad").iterdir()} <= _documented_codes()


def test_methodology_states_every_verdict_and_design() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text()
    for v in Verdict:  # each row carries the anchor a claim page's verdict badge links to
        assert f'| <span id="{verdict_anchor(v)}">{v.value}</span> |' in text, v
    data_format = (ROOT / "docs" / "data-format.md").read_text()
    for d in Design:
        assert d.value in data_format, d


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in ("check", "build", "serve", "export", "stats", "find", "cite"):
        assert f"build_kb.py {command}" in readme, command
    assert readme.index("make site") < readme.index("make test") < 600


def test_building_page_states_the_size_of_the_shipped_knowledge_base() -> None:
    """The build cost on docs/building.md is for the knowledge base as shipped: re-measure it
    (make bench, time build_kb.py build) when the counts change."""
    from graph import pipeline

    kb, _ = pipeline.check(ROOT)
    text = (ROOT / "docs" / "building.md").read_text()
    assert f"{len(kb.articles)} articles, {len(kb.claims)} claims, {len(kb.references)} references" in text


def test_data_format_field_tables_are_generated_from_the_declared_shapes() -> None:
    """docs/data-format.md's field tables are those graph.schema generates (python -m graph.schema docs)."""
    from graph import schema

    text = (ROOT / "docs" / "data-format.md").read_text()
    assert text.count("<!-- fields:") == len(schema.SHAPES)
    assert schema.check_docs(ROOT / "docs" / "data-format.md")
    assert "| `follow_up` | no | text |" in text


def test_the_home_page_and_readme_count_the_shipped_articles() -> None:
    """The home page and README say how many pages are under review; a new article must update them."""
    words = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    n = len(list((ROOT / "claims" / "articles").glob("*.txt")))
    assert f"takes {words[n]} such" in (ROOT / "docs" / "index.md").read_text()
    assert f"{words[n].capitalize()} marketing pages" in (ROOT / "README.md").read_text()
