"""Link: the graph follows the export contract and the analyses count right."""

from __future__ import annotations

from conftest import GOOD
from graph.link import KnowledgeGraph, as_of, staleness
from graph.load import load
from graph.model import ArticleId, ClaimId, RefKey, Verdict


def _kg() -> KnowledgeGraph:
    kb, _ = load(GOOD)
    return KnowledgeGraph(kb)


def test_nodes_have_kinds_and_ids_per_contract() -> None:
    g = _kg().graph
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert kinds == {
        "article:demo": "article",
        "claim:clinic-best": "claim",
        "claim:ketamine-nmda-antagonist": "claim",
        "claim:ptsd-prevalence": "claim",
        "ref:demo2022ptsd": "reference",
        "ref:smith2020ketamine": "reference",
    }


def test_edges_carry_quotes_stances_and_locators() -> None:
    g = _kg().graph
    states = [(u, v, d["quote"]) for u, v, d in g.edges(data=True) if d["kind"] == "states"]
    assert ("article:demo", "claim:ptsd-prevalence", "About 3.5 percent of adults have PTSD every year.") in states
    evidence = [(u, v, d["stance"], d["locator"]) for u, v, d in g.edges(data=True) if d["kind"] == "evidence"]
    assert evidence == [
        ("claim:ketamine-nmda-antagonist", "ref:smith2020ketamine", "supports", "Abstract"),
        ("claim:ptsd-prevalence", "ref:demo2022ptsd", "qualifies", "What is PTSD?"),
    ]


def test_tally_sources_and_single_source_claims() -> None:
    kg = _kg()
    counts = dict(kg.tally(ArticleId("demo")).counts)
    assert counts[Verdict.SUPPORTED] == 1 and counts[Verdict.NOT_CHECKABLE] == 1 and kg.tally().total == 3
    assert kg.sources_of(ClaimId("ptsd-prevalence")) == ["demo2022ptsd"]
    assert kg.claims_citing(RefKey("smith2020ketamine")) == ["ketamine-nmda-antagonist"]
    assert kg.single_source_claims() == ["ketamine-nmda-antagonist", "ptsd-prevalence"]


def test_claims_of_article_in_text_order() -> None:
    assert [c.id for c in _kg().claims_of_article(ArticleId("demo"))] == ["ketamine-nmda-antagonist", "ptsd-prevalence", "clinic-best"]


def test_weak_claims_are_those_backed_only_by_non_human_or_non_research_sources() -> None:
    weak = {w.claim: w.reason for w in _kg().weak_claims()}
    assert weak == {
        "ketamine-nmda-antagonist": "backed only by narrative review",
        "ptsd-prevalence": "backed only by organisation page",
    }


def test_staleness_uses_the_data_or_source_date_epoch_never_the_clock(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    kb, _ = load(GOOD)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert as_of(kb).isoformat() == "2026-11-25"  # the newest date in the data
    assert staleness(kb, 30).claims == frozenset()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    late = staleness(kb, 30)
    assert late.as_of.isoformat() == "2027-01-01"
    assert late.claims == {"clinic-best", "ketamine-nmda-antagonist", "ptsd-prevalence"}
    assert late.references == {"demo2022ptsd", "smith2020ketamine"}


def test_related_claims_share_a_source_first_then_two_topics(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    extra = """
- id: ketamine-blocks-receptor
  statement: Ketamine blocks a receptor.
  type: mechanism
  topics: [nmda]
  occurrences:
    - article: demo
      quote: "Ketamine is an NMDA receptor antagonist."
  verdict: supported
  rationale: The record states it.
  reviewed: 2026-11-25
  evidence:
    - ref: smith2020ketamine
      stance: supports
      quote: "Ketamine is a noncompetitive NMDA receptor antagonist."
      locator: Abstract

- id: ptsd-is-common
  statement: PTSD is common.
  type: epidemiology
  topics: [prevalence, ptsd]
  occurrences:
    - article: demo
      quote: "About 3.5 percent of adults have PTSD every year."
  verdict: unsupported
  rationale: Nothing found.
  reviewed: 2026-11-25
  evidence:
    - ref: smith2020ketamine
      stance: qualifies
      quote: "Ketamine is a noncompetitive NMDA receptor antagonist."
      locator: Abstract
"""
    (root / "claims" / "more.yaml").write_text(extra, encoding="utf-8")
    kb, issues = load(root)
    assert issues == []
    kg = KnowledgeGraph(kb)
    related = kg.related_claims(ClaimId("ptsd-prevalence"))
    # No shared source, but both topics in common: related. clinic-best shares nothing.
    assert [(r.claim, r.shared_sources, r.shared_topics) for r in related] == [("ptsd-is-common", (), ("prevalence", "ptsd"))]
    related = kg.related_claims(ClaimId("ketamine-nmda-antagonist"))
    assert [(r.claim, r.shared_sources) for r in related] == [("ketamine-blocks-receptor", ("smith2020ketamine",)), ("ptsd-is-common", ("smith2020ketamine",))]
    assert kg.related_claims(ClaimId("clinic-best")) == []


def _related_by_definition(kg: KnowledgeGraph, cid: ClaimId, most: int = 8) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """The related-claims rule applied by comparing cid with every other claim (the slow way)."""
    claim = kg.kb.claims[cid]
    mine = set(kg.sources_of(cid))
    found = []
    for other in kg.kb.claims.values():
        if other.id == cid:
            continue
        shared = tuple(sorted(mine & set(kg.sources_of(other.id))))
        topics = tuple(sorted(set(claim.topics) & set(other.topics)))
        if shared or len(topics) >= 2:
            found.append((other.id, shared, topics))
    found.sort(key=lambda r: (-len(r[1]), -len(r[2]), r[0]))
    return found[:most]


def test_indexed_related_claims_equal_the_pairwise_definition_on_the_shipped_kb() -> None:
    """The source and topic-pair indexes find exactly what comparing every pair would find."""
    from conftest import ROOT

    kb, _ = load(ROOT)
    kg = KnowledgeGraph(kb)
    for cid in kb.claims:
        got = [(r.claim, r.shared_sources, r.shared_topics) for r in kg.related_claims(cid)]
        assert got == _related_by_definition(kg, cid), cid
