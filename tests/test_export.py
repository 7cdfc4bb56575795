"""Export: the files other tools read follow the contract in docs/graph-export.md."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from conftest import GOOD
from graph import export
from graph.link import KnowledgeGraph
from graph.load import load

NODE_ATTRS = {
    "article": {"kind", "title", "publisher", "url", "captured"},
    "claim": {"kind", "statement", "type", "verdict", "rationale"},
    "reference": {"kind", "title", "year", "doi", "pmid", "url", "design"},
}


def _kg() -> KnowledgeGraph:
    kb, _ = load(GOOD)
    return KnowledgeGraph(kb)


def test_kb_json_is_node_link_with_the_contract_attributes() -> None:
    data = json.loads(export.kb_json(_kg()))
    assert data["directed"] is True and data["multigraph"] is True
    for node in data["nodes"]:
        assert NODE_ATTRS[node["kind"]] <= set(node), node["id"]
    kinds = {e["kind"] for e in data["edges"]}
    assert kinds == {"states", "evidence"}
    for edge in data["edges"]:
        assert {"source", "target", "kind", "quote"} <= set(edge)
        if edge["kind"] == "evidence":
            assert {"stance", "locator"} <= set(edge)
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_edges() == _kg().graph.number_of_edges()


def test_graphml_round_trips() -> None:
    g = nx.read_graphml(io.BytesIO(export.kb_graphml(_kg())))
    assert g.nodes["claim:ptsd-prevalence"]["verdict"] == "partly_supported"
    assert g.nodes["article:demo"]["url"] == ""


def test_claims_csv_has_a_row_per_claim() -> None:
    rows = list(csv.DictReader(io.StringIO(export.claims_csv(_kg()).decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["clinic-best", "ketamine-nmda-antagonist", "ptsd-prevalence"]
    assert rows[2]["sources"] == "demo2022ptsd" and rows[2]["articles"] == "demo"


def test_exports_are_deterministic() -> None:
    assert export.files(_kg()) == export.files(_kg())
