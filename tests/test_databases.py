"""Databases: the SQLite export answers through Datasette itself, the Neo4j CSVs load into a
Cypher engine (Kùzu, embedded) and answer a query, and both agree with the knowledge base."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import kuzu
import pytest
from datasette.app import Datasette

from conftest import ROOT
from graph import databases
from graph.link import KnowledgeGraph
from graph.load import load
from graph.model import Design, Verdict


def _kg(root: Path = ROOT) -> KnowledgeGraph:
    kb, _ = load(root)
    return KnowledgeGraph(kb)


@pytest.fixture(scope="module")
def shipped() -> KnowledgeGraph:
    return _kg()


@pytest.fixture(scope="module")
def sqlite_file(shipped: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "kb.sqlite"
    path.write_bytes(databases.sqlite_bytes(shipped.kb))
    return path


def _datasette_get(db: Path, path: str) -> Any:
    async def go() -> Any:
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    return asyncio.run(go())


def test_datasette_serves_every_table_with_the_knowledge_base_counts(shipped: KnowledgeGraph, sqlite_file: Path) -> None:
    tables = {t["name"]: t["count"] for t in _datasette_get(sqlite_file, "/kb.json")["tables"] if not t["hidden"]}
    kb = shipped.kb
    assert tables == {
        "articles": len(kb.articles),
        "claims": len(kb.claims),
        "occurrences": sum(len(c.occurrences) for c in kb.claims.values()),
        "references": len(kb.references),
        "evidence": sum(len(c.evidence) for c in kb.claims.values()),
    }


def test_datasette_filters_claims_by_verdict(shipped: KnowledgeGraph, sqlite_file: Path) -> None:
    rows = _datasette_get(sqlite_file, "/kb/claims.json?verdict=contradicted&_shape=array&_size=max")
    expected = sorted(c.id for c in shipped.kb.claims.values() if c.verdict is Verdict.CONTRADICTED)
    assert expected and sorted(r["id"] for r in rows) == expected


def test_datasette_full_text_search_finds_claims_and_quotes(shipped: KnowledgeGraph, sqlite_file: Path) -> None:
    hits = _datasette_get(sqlite_file, "/kb/claims.json?_search=BDNF&_shape=array&_size=max")
    expected = sorted(c.id for c in shipped.kb.claims.values() if "bdnf" in (c.statement + c.rationale).lower())
    assert expected and sorted(r["id"] for r in hits) == expected
    quotes = _datasette_get(sqlite_file, "/kb/evidence.json?_search=midazolam&_shape=array&_size=max")
    assert quotes and all("midazolam" in r["quote"].lower() for r in quotes)


def test_foreign_keys_are_declared_and_hold(sqlite_file: Path) -> None:
    conn = sqlite3.connect(sqlite_file)
    fks = {(t, row[3], row[2], row[4]) for t in ("occurrences", "evidence") for row in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert fks == {
        ("occurrences", "claim_id", "claims", "id"),
        ("occurrences", "article_id", "articles", "id"),
        ("evidence", "claim_id", "claims", "id"),
        ("evidence", "reference_key", "references", "key"),
    }
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    # Datasette follows the declared keys: an evidence row links to its claim and its reference.
    row = _datasette_get(sqlite_file, "/kb/evidence.json?_shape=array&_size=1&_labels=on")[0]
    assert set(row["claim_id"]) == {"value", "label"} and set(row["reference_key"]) == {"value", "label"}


def test_sqlite_export_is_deterministic(shipped: KnowledgeGraph) -> None:
    assert databases.sqlite_bytes(shipped.kb) == databases.sqlite_bytes(shipped.kb)


# ---------------------------------------------------------------------------------------------
# Neo4j import files, loaded into Kùzu

_SCHEMA = {
    "nodes-articles.csv": "CREATE NODE TABLE Article(id STRING, title STRING, publisher STRING, url STRING, captured STRING, label STRING, PRIMARY KEY (id))",
    "nodes-claims.csv": "CREATE NODE TABLE Claim(id STRING, statement STRING, type STRING, verdict STRING, topics STRING, reviewed STRING, rationale STRING, label STRING, PRIMARY KEY (id))",
    "nodes-references.csv": "CREATE NODE TABLE Reference(id STRING, title STRING, year STRING, container STRING, doi STRING, pmid STRING, url STRING, design STRING, checked STRING, label STRING, PRIMARY KEY (id))",
    "rels-states.csv": "CREATE REL TABLE STATES(FROM Article TO Claim, type STRING, quote STRING, start INT64, `end` INT64)",
    "rels-evidence.csv": "CREATE REL TABLE EVIDENCE(FROM Claim TO Reference, type STRING, stance STRING, quote STRING, locator STRING)",
}
_TABLE = {"nodes-articles.csv": "Article", "nodes-claims.csv": "Claim", "nodes-references.csv": "Reference", "rels-states.csv": "STATES", "rels-evidence.csv": "EVIDENCE"}


def _kuzu(kg: KnowledgeGraph, tmp: Path) -> kuzu.Connection:
    files = databases.neo4j_files(kg)
    conn = kuzu.Connection(kuzu.Database(str(tmp / "graph.kuzu")))
    for name, ddl in _SCHEMA.items():
        path = tmp / name
        path.write_bytes(files[f"neo4j/{name}"])
        conn.execute(ddl)
        conn.execute(f"COPY {_TABLE[name]} FROM '{path}' (HEADER=true, PARALLEL=false)")
    return conn


def _rows(conn: kuzu.Connection, query: str) -> list[list[Any]]:
    result = conn.execute(query)
    assert not isinstance(result, list)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def test_neo4j_csvs_load_into_a_cypher_engine_with_every_node_and_edge(shipped: KnowledgeGraph, tmp_path: Path) -> None:
    conn = _kuzu(shipped, tmp_path)
    kb = shipped.kb
    assert _rows(conn, "MATCH (c:Claim) RETURN count(c)") == [[len(kb.claims)]]
    assert _rows(conn, "MATCH (r:Reference) RETURN count(r)") == [[len(kb.references)]]
    assert _rows(conn, "MATCH ()-[e:EVIDENCE]->() RETURN count(e)") == [[sum(len(c.evidence) for c in kb.claims.values())]]
    assert _rows(conn, "MATCH ()-[s:STATES]->() RETURN count(s)") == [[sum(len(c.occurrences) for c in kb.claims.values())]]


def test_cypher_answers_which_supported_claims_rest_only_on_animal_studies(shipped: KnowledgeGraph, tmp_path: Path) -> None:
    """The auditor's question of issue 11, asked in Cypher and answered the slow way in Python."""
    conn = _kuzu(shipped, tmp_path)
    query = (
        "MATCH (c:Claim)-[e:EVIDENCE]->(r:Reference) "
        "WHERE c.verdict IN ['supported', 'partly_supported'] AND e.stance <> 'contradicts' "
        "WITH c, collect(r.design) AS designs "
        "WHERE all(d IN designs WHERE d = 'animal study') RETURN c.id ORDER BY c.id"
    )
    got = [row[0] for row in _rows(conn, query)]
    kb = shipped.kb
    expected = []
    for c in kb.claims.values():
        if c.verdict not in (Verdict.SUPPORTED, Verdict.PARTLY_SUPPORTED):
            continue
        designs = [kb.references[e.ref].design for e in c.evidence if e.stance.value != "contradicts"]
        if designs and all(d is Design.ANIMAL_STUDY for d in designs):
            expected.append(f"claim:{c.id}")
    assert expected, "the shipped knowledge base has animal-only claims; the query must find them"
    assert got == expected


def test_neo4j_headers_follow_the_bulk_import_format(shipped: KnowledgeGraph) -> None:
    files = databases.neo4j_files(shipped)
    for name, content in files.items():
        header = next(csv.reader(io.StringIO(content.decode("utf-8"))))
        if "/nodes-" in name:
            assert header[0] == "id:ID" and header[-1] == ":LABEL", name
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"], name
