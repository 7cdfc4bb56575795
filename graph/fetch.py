"""Fetch: an identifier (pmid:, doi:, or a PubMed / doi.org URL) -> a BibTeX entry in the
project's form and the record text its evidence quotes can be checked against.

One source per identifier kind behind one small interface (Source.fetch): PubMed's E-utilities
(efetch, XML) for PMIDs, Crossref's REST API (JSON) for DOIs. The network is optional: `get` is
injected, the tests pass saved responses in the services' formats, and a failed connection is a
FetchError that says the service could not be reached, never a traceback.
Issue codes: none (errors here are about the command line, not the data).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

Get = Callable[[str], bytes]

EFETCH = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&retmode=xml&id={}"
CROSSREF = "https://api.crossref.org/works/{}"
USER_AGENT = "ketamine-claims-kb (build_kb.py cite)"

# PubMed publication types -> the project's designs; anything else is left for a person to set.
PUBLICATION_TYPES = {
    "Meta-Analysis": "meta-analysis",
    "Systematic Review": "systematic review",
    "Randomized Controlled Trial": "randomized trial",
    "Practice Guideline": "guideline",
    "Guideline": "guideline",
    "Observational Study": "cohort",
    "Case Reports": "case series",
    "Review": "narrative review",
}
TITLE_STOPWORDS = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "with", "is", "are", "does", "do"}


class FetchError(Exception):
    """The record could not be fetched or read; the message says why."""


class IdKind(enum.Enum):
    """The kinds of identifier the cite command accepts."""

    PMID = "pmid"
    DOI = "doi"


@dataclass(frozen=True)
class Identifier:
    """A parsed identifier: kind and value (a PMID's digits, a DOI without prefix)."""

    kind: IdKind
    value: str

    @classmethod
    def parse(cls, text: str) -> Identifier:
        """Read pmid:N, doi:10.x/y, or a pubmed.ncbi.nlm.nih.gov / doi.org URL."""
        text = text.strip()
        if m := re.fullmatch(r"(?i)pmid:\s*(\d{1,8})", text):
            return cls(IdKind.PMID, m.group(1))
        if m := re.fullmatch(r"(?i)doi:\s*(10\.\d{4,9}/\S+)", text):
            return cls(IdKind.DOI, m.group(1))
        if m := re.fullmatch(r"https?://pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,8})/?", text):
            return cls(IdKind.PMID, m.group(1))
        if m := re.fullmatch(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", text):
            return cls(IdKind.DOI, m.group(1))
        raise FetchError(f"'{text}' is not an identifier this command reads: use pmid:N, doi:10.NNNN/..., or a PubMed or doi.org URL")


@dataclass(frozen=True)
class Fetched:
    """A record as fetched: the fields of its BibTeX entry and the text of its abstract."""

    entry_type: str
    authors: tuple[str, ...]
    fields: dict[str, str]
    abstract: str
    record_url: str
    where: str
    publication_types: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """The project's key: first author's family name, year, first significant title word."""
        family = self.authors[0].split(",")[0] if self.authors else self.fields.get("journal", "anon")
        words = [w for w in re.findall(r"[a-z0-9]+", self.fields.get("title", "").lower()) if w not in TITLE_STOPWORDS]
        return re.sub(r"[^a-z0-9]", "", family.lower()) + self.fields.get("year", "") + (words[0] if words else "")

    @property
    def design(self) -> str:
        """The design read from PubMed's publication types, or '' when a person must set it."""
        for ptype in self.publication_types:
            if ptype in PUBLICATION_TYPES:
                return PUBLICATION_TYPES[ptype]
        return ""


def http_get(url: str) -> bytes:
    """GET a URL with a timeout; a network failure becomes a FetchError that says so."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            body: bytes = response.read()
            return body
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        host = urllib.parse.urlsplit(url).netloc
        raise FetchError(f"could not reach {host} ({getattr(err, 'reason', err)}): this command needs the network; nothing was written") from err


# --------------------------------------------------------------------------------------------
# PubMed (efetch XML)


def _text(node: ET.Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _pubmed_authors(article: ET.Element) -> tuple[str, ...]:
    authors = []
    for a in article.findall("./AuthorList/Author"):
        if a.find("CollectiveName") is not None:
            authors.append(_text(a.find("CollectiveName")))
        else:
            authors.append(f"{_text(a.find('LastName'))}, {_text(a.find('ForeName')) or _text(a.find('Initials'))}")
    return tuple(authors)


def parse_pubmed(xml: bytes, pmid: str) -> Fetched:
    """Read one PubmedArticle of an efetch response."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as err:
        raise FetchError(f"PubMed's answer for PMID {pmid} is not XML: {err}") from err
    citation = root.find("./PubmedArticle/MedlineCitation")
    if citation is None or _text(citation.find("PMID")) != pmid:
        raise FetchError(f"PubMed has no record for PMID {pmid}")
    article = citation.find("Article")
    assert article is not None
    issue = article.find("./Journal/JournalIssue")
    doi = _text(root.find(".//PubmedData/ArticleIdList/ArticleId[@IdType='doi']")) or _text(article.find("ELocationID[@EIdType='doi']"))
    fields = {
        "title": _text(article.find("ArticleTitle")).rstrip("."),
        "journal": _text(article.find("./Journal/ISOAbbreviation")) or _text(article.find("./Journal/Title")),
        "year": _text(issue.find("./PubDate/Year")) if issue is not None else "",
        "volume": _text(issue.find("Volume")) if issue is not None else "",
        "number": _text(issue.find("Issue")) if issue is not None else "",
        "pages": _text(article.find("./Pagination/MedlinePgn")).replace("-", "--"),
        "doi": doi,
        "pmid": pmid,
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    }
    parts = []
    for part in article.findall("./Abstract/AbstractText"):
        label = part.get("Label")
        parts.append(f"{label.capitalize()}: {_text(part)}" if label else _text(part))
    types = tuple(_text(t) for t in article.findall("./PublicationTypeList/PublicationType"))
    return Fetched("article", _pubmed_authors(article), {k: v for k, v in fields.items() if v}, "\n\n".join(parts), fields["url"], "PubMed record (E-utilities efetch), abstract", types)


# --------------------------------------------------------------------------------------------
# Crossref (REST API JSON)


def parse_crossref(body: bytes, doi: str) -> Fetched:
    """Read the 'message' of a Crossref works response."""
    try:
        message = json.loads(body)["message"]
    except (ValueError, KeyError) as err:
        raise FetchError(f"Crossref's answer for DOI {doi} is not a works record: {err}") from err
    authors = tuple(f"{a['family']}, {a.get('given', '')}".strip(", ") if "family" in a else a.get("name", "") for a in message.get("author", []))
    year = str((message.get("issued", {}).get("date-parts") or [[""]])[0][0] or "")
    journal = (message.get("short-container-title") or message.get("container-title") or [""])[0]
    fields = {
        "title": " ".join((message.get("title") or [""])[0].split()),
        "journal": journal,
        "year": year,
        "volume": message.get("volume", ""),
        "number": message.get("issue", ""),
        "pages": message.get("page", "").replace("-", "--"),
        "doi": message.get("DOI", doi),
        "url": f"https://doi.org/{message.get('DOI', doi)}",
    }
    abstract = " ".join(re.sub(r"<[^>]+>", " ", message.get("abstract", "")).split())
    entry_type = "article" if message.get("type") == "journal-article" else "misc"
    return Fetched(entry_type, authors, {k: v for k, v in fields.items() if v}, abstract, fields["url"], "Crossref metadata record", ())


def fetch(identifier: Identifier, get: Get = http_get) -> Fetched:
    """Fetch and read the record an identifier names."""
    if identifier.kind is IdKind.PMID:
        return parse_pubmed(get(EFETCH.format(identifier.value)), identifier.value)
    return parse_crossref(get(CROSSREF.format(urllib.parse.quote(identifier.value))), identifier.value)


# --------------------------------------------------------------------------------------------
# Writing the project's form


def _braced(value: str) -> str:
    return value.replace("{", "(").replace("}", ")")


def bibtex_entry(record: Fetched, today: dt.date) -> str:
    """The entry as the project writes it; design is left for a person when PubMed does not say."""
    lines = [f"@{record.entry_type}{{{record.key},"]
    if record.authors:
        lines.append(f"  author   = {{{' and '.join(_braced(a) for a in record.authors)}}},")
    for name in ("title", "journal", "year", "volume", "number", "pages", "doi", "pmid", "url"):
        if name in record.fields:
            lines.append(f"  {name:<8} = {{{_braced(record.fields[name])}}},")
    lines.append(f"  design   = {{{record.design or 'SET-ME: one of the designs in docs/data-format.md'}}},")
    lines.append(f"  checked  = {{{today.isoformat()}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def record_yaml(record: Fetched, today: dt.date) -> str:
    """The record file (references/records/<key>.yaml) holding the abstract as fetched."""
    text = record.abstract or "(the record has no abstract)"
    body = "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    return f"url: {record.record_url}\nwhere: {record.where}\ntaken: {today.isoformat()}\ntext: |\n{body}\n"
