"""Export: the knowledge graph -> files other tools read (contract: docs/graph-export.md).

Input: a KnowledgeGraph. Output: a mapping of file name -> bytes, written by write() into any
folder (`build_kb.py export DIR`) or served by the mkdocs hook under downloads/.
    kb.json         networkx node-link JSON (edges under "edges")
    kb.graphml      the same graph as GraphML (Gephi, yEd, Neo4j)
    claims.csv      one row per claim, UTF-8 with a byte-order mark (spreadsheets open it intact)
    references.bib  every reference as normalised BibTeX (written by pybtex), sorted by key
    references.json every reference as CSL-JSON (Zotero, pandoc, citeproc-js)
    references.ris  every reference as RIS (EndNote, Zotero, Mendeley)
    corrections.atom every verdict change (the claims' history), newest first, as an Atom 1.0 feed
write() adds the query-engine exports of graph.databases (kb.sqlite for Datasette, neo4j/*.csv),
which the site does not serve.
Output is deterministic: sorted nodes and keys, no timestamps.
Issue codes: those of graph.publish (export-refused, write-failed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graph import cite, databases, publish
from graph.link import KnowledgeGraph, as_of
from graph.model import Claim, KnowledgeBase, Verdict

SITE_NAME = "Ketamine clinic claims, checked"


def _one_line(value: str) -> str:
    return " ".join(value.split())


@dataclass(frozen=True)
class Correction:
    """One verdict change: the claim, the day the new verdict was given, old -> new, and why."""

    claim: Claim
    changed: dt.date
    old: Verdict
    new: Verdict
    reason: str


def corrections(kb: KnowledgeBase) -> list[Correction]:
    """Every verdict change of every claim, newest first (then by claim id).

    A history entry is an earlier verdict with its own review day and the reason it changed; the
    change happened on the next review (the next entry's day, or the claim's current one)."""
    found = []
    for claim in kb.claims.values():
        if not claim.history:
            continue
        later = [*claim.history[1:], None]
        for old, nxt in zip(claim.history, later, strict=True):
            new, day = (nxt.verdict, nxt.reviewed) if nxt else (claim.verdict, claim.reviewed or old.reviewed)
            found.append(Correction(claim, day, old.verdict, new, old.reason))
    return sorted(found, key=lambda c: (-c.changed.toordinal(), c.claim.id, c.old.value))


ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "corrections.atom"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"  # RFC 3339, as Atom requires; the data holds days


def corrections_feed(kb: KnowledgeBase, site_url: str, updated: dt.date) -> bytes:
    """corrections.atom: the corrections as an Atom 1.0 feed (RFC 4287), dated from the
    data only (updated: the newest change, else the knowledge base's as-of date), so that an
    unchanged knowledge base rebuilds it byte for byte. Links are relative to the feed's own
    address unless site_url is set."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    changes = corrections(kb)
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", f"{base}corrections/" if base else "urn:kb:corrections")
    sub(feed, "title", f"{SITE_NAME}: corrections")
    sub(feed, "subtitle", "Every change of a claim's verdict, newest first, with the reason.")
    sub(feed, "updated", _stamp(changes[0].changed if changes else updated))
    author = sub(feed, "author")
    sub(author, "name", SITE_NAME)
    sub(feed, "link", rel="alternate", type="text/html", href=f"{base}corrections/" if base else "../corrections/")
    if base:
        sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}downloads/{FEED_NAME}")
    for c in changes:
        entry = sub(feed, "entry")
        claim_url = f"{base}claims/{c.claim.id}/" if base else f"../claims/{c.claim.id}/"
        sub(entry, "id", f"{base}claims/{c.claim.id}/#correction-{c.changed.isoformat()}" if base else f"urn:kb:correction:{c.claim.id}:{c.changed.isoformat()}:{c.old.value}")
        sub(entry, "title", f"{_one_line(c.claim.statement)}: {c.old.label} -> {c.new.label}")
        sub(entry, "updated", _stamp(c.changed))
        sub(entry, "link", rel="alternate", type="text/html", href=claim_url)
        sub(entry, "summary", f"{c.changed.isoformat()}: {c.old.label} -> {c.new.label}. {_one_line(c.reason)}")
    ET.indent(feed)
    text: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return text + b"\n"



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


def files(kg: KnowledgeGraph, site_url: str = "") -> dict[str, bytes]:
    """Every export, by file name; site_url makes the feed's links absolute (the site's
    mkdocs.yml site_url), else they are relative to downloads/."""
    return {
        "kb.json": kb_json(kg),
        "kb.graphml": kb_graphml(kg),
        "claims.csv": claims_csv(kg),
        "references.bib": cite.bibtex(list(kg.kb.references.values())),
        "references.json": cite.csl_json(list(kg.kb.references.values())),
        "references.ris": cite.ris(list(kg.kb.references.values())),
        FEED_NAME: corrections_feed(kg.kb, site_url, as_of(kg.kb)),
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
        (FEED_NAME, f"{len(corrections(kg.kb))} corrections", "every change of a verdict, newest first, as an Atom feed (a feed reader follows the corrections page)"),
    ]
    return [Download(name, len(content[name]), entries, what) for name, entries, what in rows if name in content]


def write(kg: KnowledgeGraph, folder: Path, root: Path) -> list[Path]:
    """Write every export into folder (created if needed) so that a failure leaves the previous
    files intact (graph.publish); root is the project, whose data folders are refused."""
    return publish.write_exports({**files(kg), **databases.files(kg)}, folder, root)
