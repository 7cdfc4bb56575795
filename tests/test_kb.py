"""The shipped knowledge base itself: clean, every quote in place, every rating backed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from graph import pipeline
from graph.model import Verdict

SHARED_ARTICLES = ROOT.parent / "shared" / "articles"


@pytest.fixture(scope="module")
def checked():  # type: ignore[no-untyped-def]
    return pipeline.check(ROOT)


def test_check_reports_no_error_and_no_warning_but_unchecked_sources(checked) -> None:  # type: ignore[no-untyped-def]
    """A reference whose record could not be checked stays, marked and shown so; a draft claim of a
    newly added page (verdict pending) warns as such; nothing else may warn."""
    kb, report = checked
    assert [i.format(ROOT) for i in report.errors] == []
    others = [i.format(ROOT) for i in report.warnings if i.code not in ("unchecked-reference", "pending-review")]
    assert others == []
    drafts = [c for c in kb.claims.values() if c.verdict is Verdict.PENDING]
    assert len([i for i in report.warnings if i.code == "pending-review"]) == len(drafts)
    # Only the pages added after the first three carry drafts; the reviewed articles carry none.
    assert {o.article for c in drafts for o in c.occurrences} <= {"faqs", "depression"}
    for issue in (i for i in report.warnings if i.code == "unchecked-reference"):
        key = issue.message.split("'")[3]
        assert not kb.references[key].is_checked and kb.references[key].note.startswith("Unchecked"), key


def test_every_occurrence_quote_is_found_verbatim_in_its_article(checked) -> None:  # type: ignore[no-untyped-def]
    kb, _ = checked
    occurrences = [(c, o) for c in kb.claims.values() for o in c.occurrences]
    assert len(occurrences) >= 90
    for claim, occ in occurrences:
        assert occ.span is not None, (claim.id, occ.quote)
        start, end = occ.span
        assert kb.articles[occ.article].text[start:end] == occ.quote


def test_every_rated_claim_rests_on_a_checked_reference(checked) -> None:  # type: ignore[no-untyped-def]
    kb, _ = checked
    for claim in kb.claims.values():
        if claim.verdict in (Verdict.NOT_CHECKABLE, Verdict.PENDING):
            continue
        assert any(kb.references[e.ref].is_checked for e in claim.evidence), claim.id


def test_every_article_is_reviewed(checked) -> None:  # type: ignore[no-untyped-def]
    kb, _ = checked
    assert sorted(kb.articles) == ["anxiety", "chronic-pain", "depression", "faqs", "ptsd"]
    stated = {o.article for c in kb.claims.values() for o in c.occurrences}
    assert stated == set(kb.articles)


@pytest.mark.skipif(not SHARED_ARTICLES.is_dir(), reason="the captured articles are not beside this clone")
@pytest.mark.parametrize("name", ["anxiety", "chronic-pain", "ptsd"])
def test_articles_are_byte_identical_to_the_captured_copies(name: str) -> None:
    stored = (ROOT / "claims" / "articles" / f"{name}.txt").read_bytes()
    assert stored == (SHARED_ARTICLES / f"{name}.txt").read_bytes()


def test_every_checked_reference_names_its_record() -> None:
    kb, _ = pipeline.check(ROOT)
    for ref in kb.references.values():
        if ref.is_checked:
            assert ref.url or ref.doi or ref.pmid, ref.key


def test_record_files_are_where_quotes_come_from(checked) -> None:  # type: ignore[no-untyped-def]
    """Most evidence is verifiable against a stored record (the rest is reported as unverified)."""
    kb, _ = checked
    links = [e for c in kb.claims.values() for e in c.evidence]
    with_record = [e for e in links if e.ref in kb.records]
    assert len(with_record) >= 0.8 * len(links), f"{len(with_record)} of {len(links)}"


def test_records_are_yaml_mappings() -> None:
    for path in sorted((ROOT / "references" / "records").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith(("url:", "#")), Path(path).name


def test_ptsd_prevalence_cite_this_offers_the_survey_behind_the_figure() -> None:
    """The 3.5% claim rests on a book that reports the NCS-R figure; Cite this offers the survey's
    own paper too, and says why it is there."""
    result = pipeline.run(ROOT)
    assert result.site is not None
    page = result.site.pages["claims/ptsd-affects-3-5-percent-us-adults-yearly.md"]
    cite = page[page.index("## Cite this") :]
    survey = "Kessler RC, Chiu WT, Demler O, Walters EE. Prevalence, Severity, and Comorbidity of 12-Month DSM-IV Disorders"
    assert survey in cite and "Institute of Medicine. Gulf War and Health" in cite
    assert "is offered as the primary source of the figure reported by Gulf War and Health" in cite


def test_the_graph_export_names_the_primary_source_on_the_evidence_edge(checked) -> None:  # type: ignore[no-untyped-def]
    from graph.link import KnowledgeGraph

    kb, _ = checked
    g = KnowledgeGraph(kb).graph
    edges = g.get_edge_data("claim:ptsd-affects-3-5-percent-us-adults-yearly", "ref:iom2008gulf").values()
    assert [e["reports"] for e in edges if e["kind"] == "evidence"] == ["kessler2005prevalence"]
    assert "ref:kessler2005prevalence" in g
