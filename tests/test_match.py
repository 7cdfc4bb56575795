"""The matcher: its term rules, and the browser's copy of its scoring (run with node)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from graph.find import claims_index
from graph.link import KnowledgeGraph
from graph.load import load
from graph.match import stem, terms
from graph.render import check_index

SENTENCES = [
    "the impact of just one infusion lasted for up to 14 weeks",
    "how many Americans have PTSD",
    "Ketamine blocks NMDA receptors and releases BDNF",
    "Anxiety disorders affect 18.1% of the U.S. population every year",
    "Opiates are addictive and overdose deaths keep rising",
    "Ketamine was first synthesized in 1962",
    "Most patients feel immediate relief",
]


def test_terms_drop_stop_words_fold_plurals_and_phrases() -> None:
    assert terms("The receptors of the U.S. Americans: 3.5% to the brain") == ["receptor", "usa", "usa", "3.5", "percent", "brain"]
    assert terms("post-traumatic stress disorder") == ["ptsd"]
    assert terms("African Americans") == ["african", "american"]
    assert [stem(w) for w in ("infusions", "stress", "studies", "lasted", "bring", "2019")] == ["infusion", "stress", "study", "last", "bring", "2019"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_scoring_ranks_exactly_as_python() -> None:
    kb, _ = load(ROOT)
    kg = KnowledgeGraph(kb)
    index = json.loads(str(check_index(kg, "check.md")))
    script = (
        "const m = require(process.argv[1]); const fs = require('fs');"
        "const idx = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(idx.sentences.map(s => m.search(idx, s, 5).map(h => [h.key, h.score]))));"
    )
    index["sentences"] = SENTENCES
    run = subprocess.run(["node", "-e", script, str(ROOT / "docs" / "assets" / "kb-check.js")], input=json.dumps(index), capture_output=True, text=True, check=True)
    js = json.loads(run.stdout)
    py = [[[h.key, h.score] for h in claims_index(kb).search(s, 5)] for s in SENTENCES]
    assert [[k for k, _ in r] for r in js] == [[k for k, _ in r] for r in py]
    for js_row, py_row in zip(js, py, strict=True):
        assert [round(s, 4) for _, s in js_row] == [round(s, 4) for _, s in py_row]
    assert js[0][0][0] == "ketamine-single-dose-gad-sad-effect-14-weeks"


def test_check_page_carries_the_index_with_verdicts_and_reasons_and_no_raw_markup() -> None:
    from conftest import GOOD
    from graph import pipeline

    result = pipeline.run(GOOD)
    assert result.site is not None
    page = result.site.pages["check.md"]
    body = page.split('<script type="application/json" id="kb-check-index">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body  # a claim's '<script>' cannot close the element
    index = json.loads(body)
    docs = {d["id"]: d for d in index["docs"]}
    assert docs["ketamine-nmda-antagonist"] == {"id": "ketamine-nmda-antagonist", "statement": "Ketamine is an NMDA receptor antagonist.", "verdict": "supported", "label": "supported", "reason": "The record states it.", "href": "../claims/ketamine-nmda-antagonist/"}
    assert len(index["weights"]) == len(index["keys"]) == 3
