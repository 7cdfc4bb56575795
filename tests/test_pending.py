"""Draft claims (verdict pending) and entries adding occurrences to a claim defined elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import build_kb
from graph import pipeline
from graph.model import Verdict

DRAFT = """\
- id: ketamine-nmda-antagonist
  occurrences:
    - article: demo
      quote: "NMDA receptor antagonist"

- id: draft-ptsd-every-year
  statement: About 3.5 percent of adults have PTSD every year, says a draft.
  type: epidemiology
  topics: [ptsd]
  occurrences:
    - article: demo
      quote: "have PTSD every year"
  verdict: pending
"""


def _with_draft(root: Path) -> Path:
    (root / "claims" / "demo-draft.yaml").write_text(DRAFT, encoding="utf-8")
    return root


def test_pending_is_a_warning_and_fails_strict(good_root: Path) -> None:
    root = _with_draft(good_root)
    kb, report = pipeline.check(root)
    assert [(i.code, i.severity.value, i.file.name, i.line) for i in report] == [("pending-review", "warning", "demo-draft.yaml", 6)]
    assert kb.claims["draft-ptsd-every-year"].verdict is Verdict.PENDING  # type: ignore[index]
    assert build_kb.main(["--root", str(root), "check"]) == 0
    assert build_kb.main(["--root", str(root), "check", "--strict"]) == 1


def test_occurrences_of_a_claim_defined_elsewhere_are_merged_into_it(good_root: Path) -> None:
    kb, _ = pipeline.check(_with_draft(good_root))
    quotes = [o.quote for o in kb.claims["ketamine-nmda-antagonist"].occurrences]  # type: ignore[index]
    assert quotes == ["Ketamine is an NMDA receptor antagonist.", "NMDA receptor antagonist"]
    assert kb.claims["ketamine-nmda-antagonist"].verdict is Verdict.SUPPORTED  # type: ignore[index]


def test_site_shows_pending_as_not_yet_reviewed_and_publishes_no_claimreview(good_root: Path) -> None:
    result = pipeline.run(_with_draft(good_root), site_url="https://kb.example.org/")
    assert result.site is not None
    pages = result.site.pages
    draft = pages["claims/draft-ptsd-every-year.md"]
    assert "application/ld+json" not in draft
    assert '<a class="kb-badge kb-pending" href="../../methodology/#verdict-pending"' in draft and ">not yet reviewed</a>" in draft
    assert "application/ld+json" in pages["claims/ketamine-nmda-antagonist.md"]  # reviewed claims keep theirs
    assert 'class="kb-mark kb-pending"' in pages["articles/demo.md"]
    table = json.loads(result.site.downloads["claims-table.json"])
    assert [r[0] for r in table["rows"] if r[3] == "pending"] == ["draft-ptsd-every-year"]
    assert "not yet reviewed" in result.site.dashboard
