"""The labelled extraction set (tests/extract/labelled/) is well formed.

Input: every <page>.yaml there with its <page>.txt, and the shipped knowledge base (claims/).
Checked: each quote is a verbatim span of its page text, each type is a claim type, each
same_as names an existing claim, and page ids match file names. The benchmark (issue 9, item 4)
scores the extractor against this set, so a broken label would silently skew its figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from graph.load import load
from graph.model import ClaimType

LABELLED = ROOT / "tests" / "extract" / "labelled"
PAGES = sorted(p for p in LABELLED.glob("*.yaml") if p.name != "split.yaml")


@pytest.fixture(scope="module")
def claim_ids() -> set[str]:
    kb, _ = load(ROOT)
    return set(kb.claims)


def test_the_set_has_pages() -> None:
    assert len(PAGES) >= 4


@pytest.mark.parametrize("page_file", PAGES, ids=[p.stem for p in PAGES])
def test_labels_are_verbatim_typed_and_link_to_existing_claims(page_file: Path, claim_ids: set[str]) -> None:
    data = yaml.safe_load(page_file.read_text(encoding="utf-8"))
    assert data["page"]["id"] == page_file.stem
    assert str(data["page"]["url"]).startswith("https://") or str(data["page"]["url"]).startswith("http://")
    text = (LABELLED / data["text_file"]).read_text(encoding="utf-8")
    types = {t.value for t in ClaimType}
    assert data["claims"], "a page with no labelled claim"
    for label in data["claims"]:
        assert label["quote"] in text, f"not verbatim: {label['quote']!r}"
        assert label["type"] in types, label["type"]
        assert "same_as" in label
        if label["same_as"] is not None:
            assert label["same_as"] in claim_ids, f"no claim {label['same_as']!r}"


def test_the_split_names_existing_pages_and_holds_out_some_same_as_pairs() -> None:
    split = yaml.safe_load((LABELLED / "split.yaml").read_text(encoding="utf-8"))
    stems = {p.stem for p in PAGES}
    test = set(split["test"])
    assert test <= stems, test - stems
    assert stems - test, "no development pages left"
    held_out = sum(1 for p in PAGES if p.stem in test for c in yaml.safe_load(p.read_text(encoding="utf-8"))["claims"] if c["same_as"])
    assert held_out >= 5, "the test pages must carry same_as pairs for the matching figures"
