"""Find: words -> the claims and references that match, best first (the `find` command).

Input: a KnowledgeGraph and the words a writer typed. Output: Hits ranked by a weighted count of
matched words (statement and title count most, then quotes and topics, then rationale), ties
broken by id so the order is stable.
Issue codes: none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.link import KnowledgeGraph
from graph.model import Claim, Reference

_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


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


def _score(query: list[str], weighted: list[tuple[float, str]]) -> float:
    total = 0.0
    for weight, text in weighted:
        words = set(_words(text))
        total += weight * sum(1 for q in query if q in words or any(w.startswith(q) for w in words if len(q) >= 4))
    # Every query word must appear somewhere: a hit on one word of three is not a match.
    everywhere = set(_words(" ".join(t for _, t in weighted)))
    if not all(q in everywhere or any(w.startswith(q) for w in everywhere if len(q) >= 4) for q in query):
        return 0.0
    return total


def find(kg: KnowledgeGraph, text: str, limit: int = 10) -> list[Hit]:
    """The claims and references matching every word of text, best first."""
    query = _words(text)
    if not query:
        return []
    hits = []
    for c in kg.kb.claims.values():
        fields = [(3.0, c.statement), (2.0, " ".join(o.quote for o in c.occurrences)), (2.0, " ".join(c.topics)), (1.0, c.rationale)]
        if score := _score(query, fields):
            hits.append(Hit(score, c, None))
    for r in kg.kb.references.values():
        fields = [(3.0, r.title), (2.0, " ".join(r.authors)), (1.0, f"{r.container} {r.year} {r.doi} {r.pmid}")]
        if score := _score(query, fields):
            hits.append(Hit(score, None, r))
    return sorted(hits, key=lambda h: h.sort_key)[:limit]
