"""Fetch (the cite command): offline, against saved responses in the services' formats
(tests/fixtures/responses/README.md says how they were made)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import build_kb
from conftest import GOOD, ROOT, overlay
from graph import fetch, pipeline
from graph.fetch import FetchError, Identifier, IdKind

RESPONSES = ROOT / "tests" / "fixtures" / "responses"
TODAY = dt.date(2026, 11, 25)


def saved(url: str) -> bytes:
    """Answer a request from the saved responses, as the service would."""
    if "efetch" in url:
        name = "pubmed-29561204.xml" if url.endswith("id=29561204") else "pubmed-empty.xml"
    elif "api.crossref.org/works/10.1177/0269881118762073" in url:
        name = "crossref-10.1177-0269881118762073.json"
    else:
        raise AssertionError(url)
    return (RESPONSES / name).read_bytes()


_REAL_GET = fetch.http_get


def offline(url: str) -> bytes:
    """A request to a closed port on this machine: the real client, failing as it does offline."""
    return _REAL_GET("http://127.0.0.1:9/unreachable")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("pmid:29561204", IdKind.PMID, "29561204"),
        ("PMID: 29561204", IdKind.PMID, "29561204"),
        ("doi:10.1177/0269881118762073", IdKind.DOI, "10.1177/0269881118762073"),
        ("https://pubmed.ncbi.nlm.nih.gov/29561204/", IdKind.PMID, "29561204"),
        ("https://doi.org/10.1177/0269881118762073", IdKind.DOI, "10.1177/0269881118762073"),
    ],
)
def test_identifiers_parse(text: str, kind: IdKind, value: str) -> None:
    assert Identifier.parse(text) == Identifier(kind, value)


@pytest.mark.parametrize("text", ["29561204", "pmid:abc", "https://example.org/paper", "doi:11.1/x"])
def test_other_text_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(FetchError, match="not an identifier"):
        Identifier.parse(text)


def test_pubmed_record_becomes_the_projects_entry() -> None:
    record = fetch.fetch(Identifier.parse("pmid:29561204"), saved)
    assert record.key == "glue2018safety"
    entry = fetch.bibtex_entry(record, TODAY)
    assert entry.splitlines()[:4] == [
        "@article{glue2018safety,",
        "  author   = {Glue, Paul and Neehoff, Shona M and Medlicott, Natalie J},",
        "  title    = {Safety and efficacy of maintenance ketamine treatment in patients with treatment-refractory generalised anxiety and social anxiety disorders},",
        "  journal  = {J Psychopharmacol},",
    ]
    for line in ("  pages    = {663--667},", "  doi      = {10.1177/0269881118762073},", "  pmid     = {29561204},", "  checked  = {2026-11-25},"):
        assert line in entry
    assert "design   = {SET-ME" in entry  # "Journal Article" says nothing of the design
    assert record.abstract.startswith("Objective: In this maintenance treatment study")


def test_crossref_record_agrees_with_pubmed() -> None:
    a = fetch.fetch(Identifier.parse("pmid:29561204"), saved)
    b = fetch.fetch(Identifier.parse("doi:10.1177/0269881118762073"), saved)
    for name in ("title", "journal", "year", "volume", "number", "pages", "doi"):
        assert a.fields[name] == b.fields[name], name
    assert a.authors == b.authors


def test_unknown_pmid_is_reported() -> None:
    with pytest.raises(FetchError, match="no record for PMID 1"):
        fetch.fetch(Identifier.parse("pmid:1"), saved)


def test_offline_says_so() -> None:
    with pytest.raises(FetchError, match=r"could not reach 127\.0\.0\.1.*needs the network; nothing was written"):
        fetch.fetch(Identifier.parse("pmid:29561204"), offline)


def test_cite_command_prints_the_entry_and_exits_1_offline(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fetch, "http_get", saved)
    assert build_kb.main(["cite", "pmid:29561204"]) == 0
    assert "@article{glue2018safety," in capsys.readouterr().out
    monkeypatch.setattr(fetch, "http_get", offline)
    assert build_kb.main(["cite", "pmid:29561204"]) == 1
    assert "needs the network" in capsys.readouterr().err


def test_cite_add_writes_entry_and_record_that_check_then_reads(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = overlay(GOOD, tmp_path / "none", tmp_path / "kb")
    monkeypatch.setattr(fetch, "http_get", saved)
    assert build_kb.main(["--root", str(root), "cite", "pmid:29561204", "--add"]) == 0
    assert "@article{glue2018safety," in (root / "references" / "added.bib").read_text()
    assert (root / "references" / "records" / "glue2018safety.yaml").exists()
    kb, report = pipeline.check(root)
    assert kb.records["glue2018safety"].text.startswith("Objective: In this maintenance treatment study")
    # The new entry is flagged until a person sets its design and a claim cites it.
    assert sorted(i.code for i in report) == ["bad-value", "unused-reference"]
    # Adding the same record twice is refused rather than duplicated.
    assert build_kb.main(["--root", str(root), "cite", "pmid:29561204", "--add"]) == 1
