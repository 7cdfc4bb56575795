"""Link: knowledge base -> networkx MultiDiGraph, and the analyses a reader needs.

Input: a validated KnowledgeBase. Output: a KnowledgeGraph (the MultiDiGraph plus typed analysis
methods). Raw networkx attribute dicts never leave this module except through graph.export,
which writes the documented contract (docs/graph-export.md).
Node ids: article:<id>, claim:<id>, ref:<bibkey>; every node has `kind`.
Edges: article -> claim (kind states, quote, start, end); claim -> reference (kind evidence,
stance, quote, locator).
Issue codes: none (validation happened before).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
import os
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graph.model import ArticleId, Claim, ClaimId, ClaimType, KnowledgeBase, RefKey, Stance, Verdict


def article_node(aid: str) -> str:
    """Node id of an article."""
    return f"article:{aid}"


def claim_node(cid: str) -> str:
    """Node id of a claim."""
    return f"claim:{cid}"


def ref_node(key: str) -> str:
    """Node id of a reference."""
    return f"ref:{key}"


def build(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Return the graph of articles, claims and references; nodes and edges in sorted order."""
    g = nx.MultiDiGraph()
    for a in kb.articles.values():
        g.add_node(article_node(a.id), kind="article", title=a.title, publisher=a.publisher, url=a.url or "", captured=a.captured.isoformat())
    for c in kb.claims.values():
        g.add_node(claim_node(c.id), kind="claim", statement=c.statement, type=c.type.value, verdict=c.verdict.value, rationale=c.rationale, topics=",".join(c.topics), reviewed=c.reviewed.isoformat() if c.reviewed else "")
    for r in kb.references.values():
        g.add_node(ref_node(r.key), kind="reference", title=r.title, year=r.year, doi=r.doi, pmid=r.pmid, url=r.url, design=r.design.value if r.design else "", checked=r.checked.isoformat() if r.checked else "")
    for c in kb.claims.values():
        for occ in c.occurrences:
            if occ.article in kb.articles and occ.span is not None:
                g.add_edge(article_node(occ.article), claim_node(c.id), kind="states", quote=occ.quote, start=occ.span[0], end=occ.span[1])
        for ev in c.evidence:
            if ev.ref in kb.references:
                g.add_edge(claim_node(c.id), ref_node(ev.ref), kind="evidence", stance=ev.stance.value, quote=ev.quote, locator=ev.locator, reports=ev.reports or "")
    return g


@dataclass(frozen=True)
class VerdictTally:
    """Claims per verdict for one article, or for the whole knowledge base (article None)."""

    article: ArticleId | None
    counts: tuple[tuple[Verdict, int], ...]

    @property
    def total(self) -> int:
        """Number of claims tallied."""
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class RelatedClaim:
    """Another claim close to a given one: the sources and topics the two have in common."""

    claim: ClaimId
    shared_sources: tuple[RefKey, ...]
    shared_topics: tuple[str, ...]


@dataclass(frozen=True)
class WeakClaim:
    """A claim whose evidence is thin, and why."""

    claim: ClaimId
    reason: str


class KnowledgeGraph:
    """The graph with the analyses the site and the check command report."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.graph = build(kb)

    def claims_of_article(self, aid: ArticleId) -> list[Claim]:
        """Claims an article states, in the order they first appear in its text."""
        firsts: dict[ClaimId, int] = {}
        for _, target, data in self.graph.out_edges(article_node(aid), data=True):
            cid = ClaimId(target.removeprefix("claim:"))
            firsts[cid] = min(firsts.get(cid, data["start"]), data["start"])
        return [self.kb.claims[c] for c, _ in sorted(firsts.items(), key=lambda kv: (kv[1], kv[0]))]

    def tally(self, aid: ArticleId | None = None) -> VerdictTally:
        """Claims per verdict in one article (a claim counted once however often it occurs), or overall."""
        claims = self.claims_of_article(aid) if aid is not None else list(self.kb.claims.values())
        counter = Counter(c.verdict for c in claims)
        return VerdictTally(aid, tuple((v, counter.get(v, 0)) for v in Verdict))

    def sources_of(self, cid: ClaimId) -> list[RefKey]:
        """Distinct references a claim's evidence cites, sorted."""
        return sorted({RefKey(t.removeprefix("ref:")) for _, t in self.graph.out_edges(claim_node(cid))})

    def claims_citing(self, key: RefKey) -> list[ClaimId]:
        """Distinct claims that cite a reference, sorted."""
        return sorted({ClaimId(s.removeprefix("claim:")) for s, _ in self.graph.in_edges(ref_node(key))})

    def articles_stating(self, cid: ClaimId) -> list[ArticleId]:
        """Distinct articles that state a claim, sorted."""
        return sorted({ArticleId(s.removeprefix("article:")) for s, _ in self.graph.in_edges(claim_node(cid))})

    def single_source_claims(self) -> list[ClaimId]:
        """Rated claims (neither not_checkable nor pending) whose evidence comes from exactly one reference."""
        return [c.id for c in self.kb.claims.values() if c.verdict not in (Verdict.NOT_CHECKABLE, Verdict.PENDING) and len(self.sources_of(c.id)) == 1]

    def weak_claims(self) -> list[WeakClaim]:
        """Claims rated supported or partly supported whose backing is only non-human or non-peer-reviewed."""
        weak = []
        for c in self.kb.claims.values():
            if c.verdict not in (Verdict.SUPPORTED, Verdict.PARTLY_SUPPORTED):
                continue
            backing = [self.kb.references[e.ref] for e in c.evidence if e.stance is not Stance.CONTRADICTS and e.ref in self.kb.references]
            designs = [r.design for r in backing if r.design is not None]
            if designs and not any(d.is_human_research for d in designs):
                kinds = ", ".join(sorted({d.value for d in designs}))
                weak.append(WeakClaim(c.id, f"backed only by {kinds}"))
        return weak

    @functools.cached_property
    def _source_sets(self) -> dict[ClaimId, frozenset[RefKey]]:
        """Each claim's sources, computed once for every analysis that needs them."""
        return {c: frozenset(self.sources_of(c)) for c in self.kb.claims}

    @functools.cached_property
    def _claims_by_source(self) -> dict[RefKey, frozenset[ClaimId]]:
        """The claims citing each reference: the index that keeps related_claims linear."""
        index: dict[RefKey, set[ClaimId]] = {}
        for cid, sources in self._source_sets.items():
            for key in sources:
                index.setdefault(key, set()).add(cid)
        return {k: frozenset(v) for k, v in index.items()}

    @functools.cached_property
    def _claims_by_topic_pair(self) -> dict[tuple[str, str], frozenset[ClaimId]]:
        """The claims having each pair of topics: two claims share >= 2 topics exactly when they
        share a pair, so this index finds them without comparing every pair of claims."""
        index: dict[tuple[str, str], set[ClaimId]] = {}
        for claim in self.kb.claims.values():
            for pair in itertools.combinations(sorted(set(claim.topics)), 2):
                index.setdefault(pair, set()).add(claim.id)
        return {k: frozenset(v) for k, v in index.items()}

    def related_claims(self, cid: ClaimId, most: int = 8) -> list[RelatedClaim]:
        """Claims sharing a source with cid (more shared sources first), then claims sharing at
        least two topics; at most `most`, ties broken by id so that pages are deterministic.
        Candidates come from the source and topic-pair indexes, so the cost grows with the
        claim's neighbours, not with the size of the knowledge base."""
        claim = self.kb.claims[cid]
        sources = self._source_sets[cid]
        topics = set(claim.topics)
        candidates: set[ClaimId] = set()
        for key in sources:
            candidates |= self._claims_by_source.get(key, frozenset())
        # A single common topic such as "ketamine" relates almost everything: ask for two.
        for pair in itertools.combinations(sorted(topics), 2):
            candidates |= self._claims_by_topic_pair.get(pair, frozenset())
        candidates.discard(cid)
        # Rank by counts first and build the shown rows only for the `most` best.
        source_sets, claims = self._source_sets, self.kb.claims
        ranked = heapq.nsmallest(most, ((-len(sources & source_sets[o]), -len(topics.intersection(claims[o].topics)), o) for o in candidates))
        return [RelatedClaim(o, tuple(sorted(sources & source_sets[o])), tuple(sorted(topics.intersection(claims[o].topics)))) for _, _, o in ranked]

    def shared_sources(self) -> list[tuple[RefKey, int]]:
        """References that bear on more than one claim, with how many, most first."""
        counts = [(k, len(self.claims_citing(k))) for k in self.kb.references]
        return sorted([kc for kc in counts if kc[1] > 1], key=lambda kc: (-kc[1], kc[0]))


def as_of(kb: KnowledgeBase) -> dt.date:
    """The date the knowledge base speaks for: SOURCE_DATE_EPOCH when set, else its newest date.
    Never the clock, so that a rebuild of the same commit gives the same pages."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    dates = [c.reviewed for c in kb.claims.values() if c.reviewed]
    dates += [r.checked for r in kb.references.values() if r.checked]
    dates += [a.captured for a in kb.articles.values()]
    return max(dates, default=dt.date(1970, 1, 1))


@dataclass(frozen=True)
class Staleness:
    """Which claims and references were last reviewed or checked more than max_age_days before as_of."""

    as_of: dt.date
    max_age_days: int
    claims: frozenset[ClaimId]
    references: frozenset[RefKey]


def staleness(kb: KnowledgeBase, max_age_days: int, today: dt.date | None = None) -> Staleness:
    """Flag claims never reviewed or reviewed too long ago, and references unchecked or checked too long ago."""
    now = today or as_of(kb)
    limit = now - dt.timedelta(days=max_age_days)
    claims = frozenset(c.id for c in kb.claims.values() if c.reviewed is None or c.reviewed < limit)
    refs = frozenset(r.key for r in kb.references.values() if r.checked is not None and r.checked < limit)
    return Staleness(now, max_age_days, claims, refs)


# --------------------------------------------------------------------------------------------
# The home page's attention list: ranked by what matters to a patient (docs/methodology.md).

# Claims the evidence says otherwise about, or that misrepresent their source, first; then claims
# nothing supports; then partly supported ones (tiers, worst first).
ATTENTION_TIERS: tuple[frozenset[Verdict], ...] = (
    frozenset({Verdict.CONTRADICTED, Verdict.MISLEADING}),
    frozenset({Verdict.UNSUPPORTED}),
    frozenset({Verdict.PARTLY_SUPPORTED}),
)
# Within a tier: whether a treatment works or is safe matters most to a patient; then the
# science and history around it; then what a word means.
PROMINENCE: dict[ClaimType, int] = {
    ClaimType.EFFICACY: 0,
    ClaimType.SAFETY: 0,
    ClaimType.EPIDEMIOLOGY: 1,
    ClaimType.MECHANISM: 1,
    ClaimType.HISTORY: 1,
    ClaimType.ATTRIBUTION: 1,
    ClaimType.CREDENTIAL: 1,
    ClaimType.DEFINITION: 2,
}
ATTENTION_REASON = (
    "Ranked by what matters to a patient: claims the evidence contradicts or that misrepresent their "
    "source first, then claims no evidence supports; within each, claims about whether ketamine works "
    "or is safe before those on how common a condition is, how the drug acts or its history, and those "
    "before what a term means; then the claims the articles repeat most."
)


def attention(kb: KnowledgeBase, tiers: int = 2) -> list[Claim]:
    """The claims of the first `tiers` attention tiers, most in need of attention first: tier,
    claim type prominence, verdict (worst first), occurrences (most first), then id."""
    def rank(c: Claim) -> tuple[int, int, int, int, str]:
        tier = next(i for i, t in enumerate(ATTENTION_TIERS) if c.verdict in t)
        # contradicted before misleading within the first tier
        worst = 0 if c.verdict is Verdict.CONTRADICTED else 1
        return (tier, PROMINENCE[c.type], worst, -len(c.occurrences), c.id)

    shown: set[Verdict] = set().union(*ATTENTION_TIERS[:tiers])
    return sorted((c for c in kb.claims.values() if c.verdict in shown), key=rank)
