"""Search: the site's search index, built by the pipeline (not by mkdocs), in pieces a page loads lazily.

Input: a KnowledgeGraph. Output: files() -> {site path: bytes} under search/, which the mkdocs hook
adds to the site and docs/assets/kb-search.js loads only when the reader uses the header search box:
- search/manifest.js: the term rules of graph.match (match.term_rules(): phrases, token, stop words, stemmer suffixes,
  synonyms), the number of term shards and document chunks;
- search/t-<n>.js: term shard n, every term whose hash (FNV-1a, 32 bits, mod the shard count) is n,
  with, per collection, the term's best weight and its postings [document number, weight, ...];
- search/d-<collection>-<n>.js: what a result shows (title, link, verdict) for CHUNK documents.
A query loads the manifest, then one shard per distinct query term, then the document chunks of its
best hits: a claim page loads none of it until the search box is used.
The scores are graph.match's: the claims collection is graph.find.claims_index (the index `find`
and "Check a sentence" rank with), references use find's reference text, and results are merged
by relative score with find's MIN_RELATIVE and tie order, so the site search ranks claims and
references exactly as `build_kb.py find` does (tests/test_search.py runs both). Articles are a
third collection (title, publisher, id), merged the same way.
Each file is a script calling window.KBSearch.load(...) rather than JSON fetched with XHR, so the
search works from file:// as well as from any static server, offline.
Issue codes: none.
"""

from __future__ import annotations

import json
import math

from graph.find import MIN_RELATIVE, _reference_text, claims_index
from graph.link import KnowledgeGraph
from graph.match import Index, term_rules
from graph.render import one_line, one_line_reason

CHUNK = 50  # documents per chunk of result data (a query loads at most one per hit)
SHARD_BYTES = 16_000  # target size of a term shard: a query loads one per distinct term
COLLECTIONS = ("c", "r", "a")  # claims, references, articles (the tie order of find, then articles)


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32 bits) of the term's characters, modulo the shard count (kb-search.js repeats it)."""
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def indexes(kg: KnowledgeGraph) -> dict[str, Index]:
    """The three collections' indexes, each in key order (so document order breaks ties by key)."""
    kb = kg.kb
    refs = Index((r.key, _reference_text(r)) for r in sorted(kb.references.values(), key=lambda r: r.key))
    arts = Index((a.id, " ".join([a.title, a.publisher, a.id.replace("-", " ")])) for a in sorted(kb.articles.values(), key=lambda a: a.id))
    claims = claims_index(kb)
    assert claims.keys == sorted(claims.keys), "claims_index is in id order"
    return {"c": claims, "r": refs, "a": arts}


def _docs(kg: KnowledgeGraph, kind: str, keys: list[str]) -> list[list[str]]:
    """What a result shows, per document: [key, title, site-relative link, verdict, label, reason]."""
    out = []
    for key in keys:
        if kind == "c":
            c = kg.kb.claims[key]  # type: ignore[index]
            reason = one_line_reason(c) if c.verdict.is_reviewed else ""
            out.append([key, one_line(c.statement), f"claims/{key}/", c.verdict.value, c.verdict.label, reason])
        elif kind == "r":
            r = kg.kb.references[key]  # type: ignore[index]
            who = r.authors[0].split(",")[0] + (" et al." if len(r.authors) > 1 else "") if r.authors else ""
            out.append([key, one_line(r.title), f"references/{key}/", "", "reference", " ".join(x for x in (who, r.year) if x)])
        else:
            a = kg.kb.articles[key]  # type: ignore[index]
            out.append([key, one_line(a.title), f"articles/{key}/", "", "article", a.publisher])
    return out


def _script(*args: object) -> bytes:
    """One file: a call to KBSearch.load with JSON arguments (compact, deterministic)."""
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in args)
    return f"KBSearch.load({body});\n".encode()


def files(kg: KnowledgeGraph) -> dict[str, bytes]:
    """Every search file, by site path (see the module docstring)."""
    idx = indexes(kg)
    postings: dict[str, dict[str, list[object]]] = {}
    for kind in COLLECTIONS:
        index = idx[kind]
        for i, weights in enumerate(index.weights):
            for term, w in weights.items():
                entry = postings.setdefault(term, {}).setdefault(kind, [index.best[term], []])
                entry[1].append(i)  # type: ignore[attr-defined]
                entry[1].append(w)  # type: ignore[attr-defined]
    size = sum(len(t) + len(json.dumps(p, separators=(",", ":"))) for t, p in postings.items())
    shards = max(1, math.ceil(size / SHARD_BYTES))
    by_shard: list[dict[str, object]] = [{} for _ in range(shards)]
    for term in sorted(postings):
        by_shard[shard_of(term, shards)][term] = postings[term]
    out: dict[str, bytes] = {}
    counts = {kind: len(idx[kind].keys) for kind in COLLECTIONS}
    manifest = {
        **term_rules(),
        "shards": shards,
        "chunk": CHUNK,
        "counts": counts,
        "min_relative": MIN_RELATIVE,
    }
    out["search/manifest.js"] = _script("manifest", 0, manifest)
    for n, shard in enumerate(by_shard):
        out[f"search/t-{n}.js"] = _script("t", n, shard)
    for kind in COLLECTIONS:
        keys = idx[kind].keys
        for n in range(math.ceil(len(keys) / CHUNK)):
            out[f"search/d-{kind}-{n}.js"] = _script("d-" + kind, n, _docs(kg, kind, keys[n * CHUNK : (n + 1) * CHUNK]))
    return out
