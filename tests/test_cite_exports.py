"""Issue 8: the library exports a writer downloads are clean (bibliography fields only, no
"et al." person, valid CSL-JSON) and read back through another reader, pandoc, to the same
authors, title, container, year, volume, pages, DOI and PMID as the knowledge base."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pypandoc
import pytest
from pybtex.database import parse_string

from conftest import GOOD, ROOT
from graph import cite, export
from graph.link import KnowledgeGraph
from graph.load import load
from graph.load.bibtex import latex_to_text
from graph.model import Reference, RefKey
from graph.render import Renderer

SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "csl" / "csl-data.json").read_text(encoding="utf-8"))


@functools.cache
def _library() -> list[Reference]:
    kb, _ = load(ROOT)
    return list(kb.references.values())


def _pandoc(data: bytes, reader: str) -> dict[str, dict[str, Any]]:
    run = subprocess.run([pypandoc.get_pandoc_path(), "-f", reader, "-t", "csljson"], input=data, capture_output=True, check=True)
    return {item["id"]: item for item in json.loads(run.stdout)}


def test_every_csl_json_item_of_the_library_validates_against_the_csl_schema() -> None:
    items = json.loads(cite.csl_json(_library()))
    jsonschema.validate(items, SCHEMA)  # raises on the first invalid item
    assert len(items) == len(_library())


def test_the_schema_check_catches_an_invalid_item() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "journal", "author": [{"name": "Smith"}]}], SCHEMA)


def test_and_others_never_becomes_a_person_in_any_export() -> None:
    ref = Reference(**{**_fields(_library()[0]), "authors": ("Smith, Jane", "others")})
    item = cite.csl_item(ref)
    assert item["author"] == [{"family": "Smith", "given": "Jane"}]
    assert "others" not in cite.ris([ref]).decode() and "et al" not in cite.ris([ref]).decode()
    # BibTeX keeps its own mark of an incomplete list, which BibTeX readers understand.
    assert "Smith, Jane and others" in cite.bibtex_text(ref)


def _fields(ref: Reference) -> dict[str, Any]:
    return {f: getattr(ref, f) for f in ref.__dataclass_fields__}


def test_the_bibtex_handed_out_has_bibliography_fields_only() -> None:
    allowed = {"title", "journal", "shortjournal", "booktitle", "howpublished", "edition", "publisher", "institution", "address", "year", "volume", "number", "pages", "doi", "pmid", "pmcid", "url", "urldate"}
    data = parse_string(cite.bibtex(_library()).decode("utf-8"), "bibtex")
    assert len(data.entries) == len(_library())
    for key, entry in data.entries.items():
        assert set(entry.fields) <= allowed, (key, set(entry.fields) - allowed)
    text = cite.bibtex(_library()).decode("utf-8")
    assert "\\\\" not in text  # an escape escaped twice (\\&) is a LaTeX line break
    for ref in _library():
        fields = data.entries[ref.key].fields
        assert latex_to_text(fields.get("journal", fields.get("howpublished", fields.get("booktitle", "")))) == ref.container, ref.key
        assert fields.get("doi", "") == ref.doi and fields.get("url", "") == ref.url  # links verbatim, never escaped
    noted = [r for r in _library() if r.note]
    assert noted and not [r.key for r in noted if r.note[:60] in text]  # provenance exists, and stays out


def test_cite_this_bibtex_on_pages_has_no_provenance() -> None:
    kb, _ = load(GOOD)
    kg = KnowledgeGraph(kb)
    pages = Renderer(kg, cite.cite_all(list(kb.references.values()))).pages()
    block = re.search(r'data-style="bibtex" hidden><code>(.*?)</code>', pages["claims/ketamine-nmda-antagonist.md"], re.S)
    assert block and "@article{smith2020ketamine" in block.group(1)
    assert not re.search(r"\b(note|design|checked)\s*=", block.group(1))


def _name(person: dict[str, str]) -> str:
    """A CSL name as one string, whatever parts the reader split it into."""
    if "literal" in person:
        return person["literal"]
    parts = ("non-dropping-particle", "family", "suffix", "given", "dropping-particle")
    return " ".join(person[p] for p in parts if person.get(p))


def _norm(text: str) -> str:
    """What a reader may change without changing the reference: white space, typographic
    apostrophes and quotes (pandoc's smart punctuation), the order of a name's parts."""
    # CSL-JSON reads straight quotes in a title as quote markup and writes the style's own
    # quotation marks back: 'the drug of war' returns as “the drug of war”; all count as one mark.
    text = text.translate(str.maketrans({"’": '"', "‘": '"', "“": '"', "”": '"', "'": '"'}))
    return " ".join(text.split())


def _person(name: str) -> str:
    return " ".join(sorted(_norm(name).replace(",", " ").split()))


def _kb_view(ref: Reference) -> dict[str, str]:
    return {
        "authors": "; ".join(_person(a) for a in ref.named_authors),
        "title": _norm(ref.title).casefold(),
        "container": _norm(ref.container),
        "year": ref.year if ref.year.isdigit() else "",  # "n.d." is no year
        "volume": ref.volume,
        "pages": ref.pages,
        "doi": ref.doi,
        "pmid": ref.pmid,
    }


def _read_view(item: dict[str, Any]) -> dict[str, str]:
    authors = [_person(_name(p)) for p in item.get("author", []) if _name(p).lower() != "others"]
    # pandoc reads BibTeX's howpublished of a @misc page as its publisher: the same field.
    # and joins it to a publisher field as "howpublished; publisher" (see _joined below).
    container = item.get("container-title") or (item.get("publisher", "") if item.get("type") in ("", "webpage") else "")
    return {
        "authors": "; ".join(authors),
        # pandoc capitalises the word after a colon (CSL's subtitle rule); case is all it changes.
        "title": _norm(str(item.get("title", ""))).casefold(),
        "container": _norm(str(container)),
        "year": str(item["issued"]["date-parts"][0][0]) if item.get("issued", {}).get("date-parts") else "",
        "volume": str(item.get("volume", "")),
        "pages": str(item.get("page", "")),
        "doi": str(item.get("DOI", "")),
        "pmid": str(item.get("PMID", "")),
    }


@pytest.mark.parametrize("reader", ["bibtex", "csljson", "ris"])
def test_each_export_reads_back_through_pandoc_to_the_knowledge_base(reader: str) -> None:
    refs = _library()
    writer = {"bibtex": cite.bibtex, "csljson": cite.csl_json, "ris": cite.ris}[reader]
    back = _pandoc(writer(refs), reader)
    assert set(back) == {r.key for r in refs}
    mismatches = []
    for ref in refs:
        expected, got = _kb_view(ref), _read_view(back[ref.key])
        if reader == "ris":
            # pandoc's RIS reader keeps no PMID (it reads no tag for it): the RIS carries it as
            # "N1  - PMID: n", checked below by reading the lines. RIS has no mark for an
            # organisation, so pandoc splits "Demo Association" into given and family name:
            # _person compares a name by its words, which that keeps.
            expected["pmid"] = got["pmid"] = ""
        if reader == "bibtex" and ref.publisher and got["container"] == f"{expected['container']}; {_norm(ref.publisher)}":
            got["container"] = expected["container"]  # _joined: howpublished and publisher, both ours
        if expected != got:
            mismatches.append((ref.key, {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}))
    assert not mismatches, mismatches[:5]


def test_the_ris_carries_every_pmid() -> None:
    refs = _library()
    text = cite.ris(refs).decode("utf-8")
    records = text.split("ER  - ")
    pmids = {m.group(1) for m in re.finditer(r"^N1  - PMID: (\d+)$", text, re.M)}
    assert pmids == {r.pmid for r in refs if r.pmid}
    assert len([r for r in records if r.strip()]) == len(refs)


def test_claims_csv_opens_with_accents_intact_in_a_spreadsheet() -> None:
    """Excel and LibreOffice read a CSV as UTF-8 on a double click only when it starts with the
    UTF-8 byte-order mark; without it "Stéphane" shows as "StÃ©phane"."""
    kb, _ = load(GOOD)
    data = export.claims_csv(KnowledgeGraph(kb))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert next(iter(rows[0])) == "id"


def test_downloads_page_gives_download_links_sizes_entries_and_date() -> None:
    kb, _ = load(GOOD)
    kg = KnowledgeGraph(kb)
    files = export.files(kg)
    page = Renderer(kg, cite.cite_all(list(kb.references.values())), downloads=files).pages()["downloads.md"]
    for name, content in files.items():
        assert f'download="{name}"' in page
        row = next(line for line in page.splitlines() if f'download="{name}"' in line)
        size = export.Download(name, len(content), "", "").size_label
        assert size in row, (name, row)
    assert f"{len(kb.references)} entries" in page and f"{len(kb.claims)} claims" in page
    assert re.search(r"as of \d{4}-\d{2}-\d{2}", page)


def test_strongest_sources_come_first() -> None:
    kb, _ = load(ROOT)
    refs = kb.references
    order = cite.strongest_first(list(refs), refs)
    tiers = [cite.strength(refs[k])[0] for k in order]
    assert tiers == sorted(tiers)
    designs = [refs[k].design.value if refs[k].design else "" for k in order]
    first_review = min(i for i, d in enumerate(designs) if d in {"meta-analysis", "systematic review"})
    assert all(designs.index(d) > first_review for d in ("guideline", "randomized trial", "fact sheet") if d in designs)


def test_cite_this_lists_supporting_sources_strongest_first(good_root: Path) -> None:
    """A survey comes before a book, a book before an organisation page; each source once (issue 8, item 5)."""
    bib = good_root / "references" / "demo.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@book{aaa2001book,\n  author = {Aaa, Anne},\n  title = {A book},\n  publisher = {Press},\n  year = {2001},\n  design = {book},\n  checked = {2026-11-25},\n}\n"
        + "\n@article{zzz2005survey,\n  author = {Zzz, Zoe},\n  title = {A national survey},\n  journal = {J Demo},\n  year = {2005},\n  design = {cross-sectional survey},\n  checked = {2026-11-25},\n}\n",
        encoding="utf-8",
    )
    kb, _ = load(good_root)
    order = cite.strongest_first([RefKey("aaa2001book"), RefKey("demo2022ptsd"), RefKey("zzz2005survey"), RefKey("aaa2001book")], kb.references)
    assert order == ["zzz2005survey", "aaa2001book", "demo2022ptsd"]
