"""Export for query engines: the knowledge base as a SQLite database and as Neo4j import CSVs.

Input: a KnowledgeGraph. Output: a mapping of file name -> bytes, written by export.write():
    kb.sqlite                    SQLite in the shape Datasette serves: tables articles, claims,
                                 occurrences, references, evidence (foreign keys declared), and
                                 full-text search on claim statements and rationales and on
                                 occurrence and evidence quotes (built with sqlite-utils)
    neo4j/nodes-articles.csv     nodes in neo4j-admin's bulk-import format (`:ID`, `:LABEL`)
    neo4j/nodes-claims.csv
    neo4j/nodes-references.csv
    neo4j/rels-states.csv        relationships (`:START_ID`, `:END_ID`, `:TYPE`)
    neo4j/rels-evidence.csv
Node ids are those of kb.json (article:<id>, claim:<id>, ref:<key>), so the files join. Output is
deterministic: rows in id order, and the database is written with a fixed page layout (no
timestamps are stored), so the same knowledge base gives the same bytes.
Issue codes: none.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import sqlite_utils

from graph.link import KnowledgeGraph, article_node, claim_node, ref_node
from graph.model import Claim, KnowledgeBase, Reference

# ---------------------------------------------------------------------------------------------
# SQLite (Datasette)


def _article_rows(kb: KnowledgeBase) -> Iterable[dict[str, object]]:
    for a in kb.articles.values():
        yield {"id": a.id, "title": a.title, "publisher": a.publisher, "url": a.url or "", "captured": a.captured.isoformat()}


def _claim_row(c: Claim) -> dict[str, object]:
    return {
        "id": c.id,
        "statement": c.statement,
        "type": c.type.value,
        "topics": ", ".join(c.topics),
        "verdict": c.verdict.value,
        "rationale": c.rationale,
        "reviewed": c.reviewed.isoformat() if c.reviewed else "",
    }


def _reference_row(r: Reference) -> dict[str, object]:
    return {
        "key": r.key,
        "entry_type": r.entry_type,
        "authors": "; ".join(r.authors),
        "title": r.title,
        "container": r.container,
        "year": r.year,
        "volume": r.volume,
        "number": r.number,
        "pages": r.pages,
        "doi": r.doi,
        "pmid": r.pmid,
        "url": r.url,
        "design": r.design.value if r.design else "",
        "checked": r.checked.isoformat() if r.checked else "",
    }


def _occurrence_rows(kb: KnowledgeBase) -> Iterable[dict[str, object]]:
    n = 0
    for c in kb.claims.values():
        for occ in c.occurrences:
            n += 1
            start, end = occ.span or (None, None)
            yield {"id": n, "claim_id": c.id, "article_id": occ.article, "quote": occ.quote, "start": start, "end": end}


def _evidence_rows(kb: KnowledgeBase) -> Iterable[dict[str, object]]:
    n = 0
    for c in kb.claims.values():
        for ev in c.evidence:
            n += 1
            yield {"id": n, "claim_id": c.id, "reference_key": ev.ref, "stance": ev.stance.value, "quote": ev.quote, "locator": ev.locator}


def _fill(db: sqlite_utils.Database, kb: KnowledgeBase) -> None:
    """Create the tables with their keys and foreign keys, insert the rows, index the text."""
    db.table("articles").insert_all(_article_rows(kb), pk="id")
    db.table("claims").insert_all((_claim_row(c) for c in kb.claims.values()), pk="id")
    db.table("references").insert_all((_reference_row(r) for r in kb.references.values()), pk="key")
    occurrences = db.table("occurrences")
    occurrences.create(
        {"id": int, "claim_id": str, "article_id": str, "quote": str, "start": int, "end": int},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("article_id", "articles", "id")],
    )
    occurrences.insert_all(_occurrence_rows(kb))
    evidence = db.table("evidence")
    evidence.create(
        {"id": int, "claim_id": str, "reference_key": str, "stance": str, "quote": str, "locator": str},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("reference_key", "references", "key")],
    )
    evidence.insert_all(_evidence_rows(kb))
    for table in (occurrences, evidence):
        table.create_index(["claim_id"])
    db.table("claims").enable_fts(["statement", "rationale"], create_triggers=False)
    occurrences.enable_fts(["quote"], create_triggers=False)
    evidence.enable_fts(["quote"], create_triggers=False)


def sqlite_bytes(kb: KnowledgeBase) -> bytes:
    """The knowledge base as a SQLite database file (its bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kb.sqlite"
        conn = sqlite3.connect(path)
        try:
            _fill(sqlite_utils.Database(conn), kb)
            conn.commit()
            conn.execute("VACUUM")  # a compact file, laid out the same way on every run
        finally:
            conn.close()
        return path.read_bytes()


# ---------------------------------------------------------------------------------------------
# Neo4j bulk import (neo4j-admin database import full --nodes=... --relationships=...)


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def neo4j_files(kg: KnowledgeGraph) -> dict[str, bytes]:
    """Node and relationship CSVs in neo4j-admin's import format; ids as in kb.json."""
    kb = kg.kb
    articles = _csv(
        ("id:ID", "title", "publisher", "url", "captured", ":LABEL"),
        ((article_node(a.id), a.title, a.publisher, a.url or "", a.captured.isoformat(), "Article") for a in kb.articles.values()),
    )
    claims = _csv(
        ("id:ID", "statement", "type", "verdict", "topics:string[]", "reviewed", "rationale", ":LABEL"),
        (
            (claim_node(c.id), c.statement, c.type.value, c.verdict.value, ";".join(c.topics), c.reviewed.isoformat() if c.reviewed else "", c.rationale, "Claim")
            for c in kb.claims.values()
        ),
    )
    references = _csv(
        ("id:ID", "title", "year", "container", "doi", "pmid", "url", "design", "checked", ":LABEL"),
        (
            (ref_node(r.key), r.title, r.year, r.container, r.doi, r.pmid, r.url, r.design.value if r.design else "", r.checked.isoformat() if r.checked else "", "Reference")
            for r in kb.references.values()
        ),
    )
    states = _csv(
        (":START_ID", ":END_ID", ":TYPE", "quote", "start:int", "end:int"),
        (
            (article_node(occ.article), claim_node(c.id), "STATES", occ.quote, occ.span[0], occ.span[1])
            for c in kb.claims.values()
            for occ in c.occurrences
            if occ.span is not None
        ),
    )
    evidence = _csv(
        (":START_ID", ":END_ID", ":TYPE", "stance", "quote", "locator"),
        ((claim_node(c.id), ref_node(ev.ref), "EVIDENCE", ev.stance.value, ev.quote, ev.locator) for c in kb.claims.values() for ev in c.evidence),
    )
    return {
        "neo4j/nodes-articles.csv": articles,
        "neo4j/nodes-claims.csv": claims,
        "neo4j/nodes-references.csv": references,
        "neo4j/rels-states.csv": states,
        "neo4j/rels-evidence.csv": evidence,
    }


def files(kg: KnowledgeGraph) -> dict[str, bytes]:
    """Every database export, by file name (relative to the export folder)."""
    return {"kb.sqlite": sqlite_bytes(kg.kb), **neo4j_files(kg)}
