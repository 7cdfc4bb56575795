"""Find: words or a pasted sentence -> the claims and references that match, best first.

Input: a KnowledgeGraph and the text a writer typed. Output: Hits ranked by the matcher of
graph.match (BM25 over stemmed terms, stop words ignored), the same scoring the site's "Check a
sentence" page runs in the browser: claims are matched on their statement, occurrence quotes and
topics, references on title, authors, journal, year and identifiers. Claims and references are
merged by their relative score (the share of the best score the query could reach), ties broken
by id, so the order is stable. A hit below MIN_RELATIVE is noise (one common word) and dropped.
Issue codes: none.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.link import KnowledgeGraph
from graph.match import Index, terms
from graph.model import Claim, KnowledgeBase, Reference

MIN_RELATIVE = 0.2


@dataclass(frozen=True)
class Hit:
    """One match: a claim or a reference, and its score."""

    score: float
    claim: Claim | None
    reference: Reference | None

    @property
    def sort_key(self) -> tuple[float, str]:
        """Best first, then by id."""
        return (-self.score, self.claim.id if self.claim else f"~{self.reference.key if self.reference else ''}")


def claim_text(c: Claim) -> str:
    """What a claim is matched on: its statement, every occurrence quote, its topics."""
    return " ".join([c.statement, *(o.quote for o in c.occurrences), *(t.replace("-", " ") for t in c.topics)])


def claims_index(kb: KnowledgeBase) -> Index:
    """The claims' BM25 index, in id order (the site's index is built from the same)."""
    return Index((c.id, claim_text(c)) for c in kb.claims.values())


def _reference_text(r: Reference) -> str:
    return " ".join([r.title, *r.authors, r.container, r.year, r.doi, r.pmid])


def unknown_words(kg: KnowledgeGraph, text: str) -> list[str]:
    """The query's terms that no claim or reference uses (shown to the writer)."""
    known = set(claims_index(kg.kb).idf) | set(Index((r.key, _reference_text(r)) for r in kg.kb.references.values()).idf)
    return [t for t in dict.fromkeys(terms(text)) if t not in known]


def find(kg: KnowledgeGraph, text: str, limit: int = 10) -> list[Hit]:
    """The claims and references that best match text, best first."""
    hits = [Hit(round(h.relative, 6), kg.kb.claims[h.key], None) for h in claims_index(kg.kb).search(text, limit) if h.relative >= MIN_RELATIVE]  # type: ignore[index]
    refs = Index((r.key, _reference_text(r)) for r in kg.kb.references.values())
    hits += [Hit(round(h.relative, 6), None, kg.kb.references[h.key]) for h in refs.search(text, limit) if h.relative >= MIN_RELATIVE]  # type: ignore[index]
    return sorted(hits, key=lambda h: h.sort_key)[:limit]
