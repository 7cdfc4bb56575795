"""Export: the knowledge graph -> files other tools read (contract: docs/graph-export.md).

Input: a KnowledgeGraph. Output: a mapping of file name -> bytes, written by write() into any
folder (`build_kb.py export DIR`) or served by the mkdocs hook under downloads/.
    kb.json         networkx node-link JSON (edges under "edges")
    kb.graphml      the same graph as GraphML (Gephi, yEd, Neo4j)
    claims.csv      one row per claim, UTF-8 with a byte-order mark (spreadsheets open it intact)
    references.bib  every reference as normalised BibTeX (written by pybtex), sorted by key
    references.json every reference as CSL-JSON (Zotero, pandoc, citeproc-js)
    references.ris  every reference as RIS (EndNote, Zotero, Mendeley)
write() adds the query-engine exports of graph.databases (kb.sqlite for Datasette, neo4j/*.csv),
which the site does not serve.
Output is deterministic: sorted nodes and keys, no timestamps.
Issue codes: those of graph.publish (export-refused, write-failed).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graph import cite, databases, publish
from graph.link import KnowledgeGraph

CSV_COLUMNS = ("id", "verdict", "type", "topics", "articles", "statement", "sources", "reviewed", "rationale")


def kb_json(kg: KnowledgeGraph) -> bytes:
    """The graph as node-link JSON, keys sorted, UTF-8."""
    data = nx.node_link_data(kg.graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def kb_graphml(kg: KnowledgeGraph) -> bytes:
    """The graph as GraphML."""
    out = io.BytesIO()
    nx.write_graphml(kg.graph, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def claims_csv(kg: KnowledgeGraph) -> bytes:
    """One row per claim, in id order, with its verdict and the references it rests on."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in kg.kb.claims.values():
        writer.writerow(
            [
                c.id,
                c.verdict.value,
                c.type.value,
                ";".join(c.topics),
                ";".join(kg.articles_stating(c.id)),
                c.statement,
                ";".join(kg.sources_of(c.id)),
                c.reviewed.isoformat() if c.reviewed else "",
                c.rationale,
            ]
        )
    # UTF-8 with a byte-order mark: Excel and LibreOffice then open the file as UTF-8 on a
    # double click, so accents and dashes stay intact; Python's csv reads it with "utf-8-sig".
    return out.getvalue().encode("utf-8-sig")


def files(kg: KnowledgeGraph) -> dict[str, bytes]:
    """Every export, by file name."""
    return {
        "kb.json": kb_json(kg),
        "kb.graphml": kb_graphml(kg),
        "claims.csv": claims_csv(kg),
        "references.bib": cite.bibtex(list(kg.kb.references.values())),
        "references.json": cite.csl_json(list(kg.kb.references.values())),
        "references.ris": cite.ris(list(kg.kb.references.values())),
    }


@dataclass(frozen=True)
class Download:
    """One file of the downloads page: what it is, how big, how many entries."""

    name: str
    size: int  # bytes
    entries: str  # e.g. "98 entries"
    what: str

    @property
    def size_label(self) -> str:
        """The size as a person reads it: 812 B, 14.2 kB, 1.3 MB (powers of 1000)."""
        if self.size < 1000:
            return f"{self.size} B"
        if self.size < 1_000_000:
            return f"{self.size / 1000:.1f} kB"
        return f"{self.size / 1_000_000:.1f} MB"


def catalogue(kg: KnowledgeGraph, content: dict[str, bytes]) -> list[Download]:
    """The downloads of the site, in the order the page lists them, with size and entry count."""
    n_refs = len(kg.kb.references)
    nodes, edges = kg.graph.number_of_nodes(), kg.graph.number_of_edges()
    rows = [
        ("kb.json", f"{nodes} nodes, {edges} edges", "the graph as networkx node-link JSON"),
        ("kb.graphml", f"{nodes} nodes, {edges} edges", "the same graph as GraphML (Gephi, yEd, Neo4j)"),
        ("claims.csv", f"{len(kg.kb.claims)} claims", "one row per claim, UTF-8 (opens in a spreadsheet with accents intact)"),
        ("references.bib", f"{n_refs} entries", "every reference as BibTeX (bibliography fields only)"),
        ("references.json", f"{n_refs} entries", "the same as CSL-JSON (Zotero, pandoc, citeproc-js)"),
        ("references.ris", f"{n_refs} entries", "the same as RIS (EndNote, Zotero, Mendeley)"),
    ]
    return [Download(name, len(content[name]), entries, what) for name, entries, what in rows if name in content]


def write(kg: KnowledgeGraph, folder: Path, root: Path) -> list[Path]:
    """Write every export into folder (created if needed) so that a failure leaves the previous
    files intact (graph.publish); root is the project, whose data folders are refused."""
    return publish.write_exports({**files(kg), **databases.files(kg)}, folder, root)
