"""Load: data files become typed model objects with positions and spans."""

from __future__ import annotations

import datetime as dt

from conftest import GOOD
from graph.load import load
from graph.model import ClaimType, Design, SaysIt, Stance, Verdict


def test_loads_articles_claims_references_and_records() -> None:
    kb, issues = load(GOOD)
    assert issues == []
    assert list(kb.articles) == ["demo"]
    assert list(kb.claims) == ["clinic-best", "ketamine-nmda-antagonist", "ptsd-prevalence"]
    assert list(kb.references) == ["demo2022ptsd", "smith2020ketamine"]
    assert list(kb.records) == ["demo2022ptsd", "smith2020ketamine"]


def test_occurrence_span_points_at_the_quote_in_the_article() -> None:
    kb, _ = load(GOOD)
    occ = kb.claims["ptsd-prevalence"].occurrences[0]
    assert occ.span is not None
    assert kb.articles["demo"].text[occ.span[0] : occ.span[1]] == occ.quote
    assert (occ.position.file.name, occ.position.line) == ("demo.yaml", 23)


def test_claim_fields_become_enums_and_dates() -> None:
    kb, _ = load(GOOD)
    claim = kb.claims["ptsd-prevalence"]
    assert claim.type is ClaimType.EPIDEMIOLOGY
    assert claim.verdict is Verdict.PARTLY_SUPPORTED
    assert claim.reviewed == dt.date(2026, 11, 25)
    assert claim.evidence[0].stance is Stance.QUALIFIES
    assert claim.attributed_to is not None and claim.attributed_to.says_it is SaysIt.YES


def test_bibtex_fields_are_read_with_pybtex() -> None:
    kb, _ = load(GOOD)
    ref = kb.references["smith2020ketamine"]
    assert ref.authors == ("Smith, Jane", "Doe, John")
    assert (ref.container, ref.volume, ref.number, ref.pages) == ("J Demo Pharmacol", "1", "2", "3-4")
    assert (ref.doi, ref.pmid, ref.design, ref.checked) == ("10.1000/demo.1", "12345678", Design.NARRATIVE_REVIEW, dt.date(2026, 11, 25))
    assert ref.position.line == 1
    org = kb.references["demo2022ptsd"]
    assert org.authors == ("Demo Association",)
    assert org.title == "What is PTSD? <script>alert(1)</script>"
