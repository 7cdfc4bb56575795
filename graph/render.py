"""Render: knowledge graph -> Markdown pages for mkdocs, only through Jinja2 templates.

Input: a KnowledgeGraph. Output: a mapping of docs-relative path -> page text (generated pages)
and the dashboard snippet that replaces the marker on the hand-written home page.
Every value from a data file reaches the page through Jinja2 autoescaping inside HTML blocks
(which Markdown leaves alone), or through the `md` filter (HTML- and Markdown-escaped) in the
few Markdown headings. Output is deterministic: sorted ids, no timestamps.
Issue codes: none.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from graph import export, verdicts
from graph.cite import Citations, Style, bibtex_text, strongest_first
from graph.export import FEED_NAME, SITE_NAME, Correction, corrections
from graph.find import claims_index
from graph.issues import each_at
from graph.link import ATTENTION_REASON, KnowledgeGraph, RelatedClaim, Staleness, VerdictTally, as_of, attention, staleness
from graph.match import index_json
from graph.model import Article, Claim, Evidence, Reference, RefKey, Stance, Verdict
from graph.verdicts import COLOURS, WORST_FIRST

TEMPLATES = Path(__file__).parent / "templates"
DASHBOARD_MARKER = "<!-- kb:dashboard -->"

VERDICT_COLOURS = COLOURS  # defined once, in graph/verdicts.py

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md_escape(value: object) -> Markup:
    """Escape text for a Markdown heading: HTML first, then Markdown punctuation."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=True)))


def front_matter_text(value: object) -> Markup:
    """A data value for YAML front matter: one line, HTML-escaped (the theme inserts page titles
    into the header and <title> unescaped), then JSON-quoted (JSON strings are valid YAML)."""
    return Markup(json.dumps(html.escape(one_line(value), quote=True), ensure_ascii=False))


def one_line(value: object) -> str:
    """Fold a multi-line data value onto one line, so an HTML block never gets a blank line."""
    return " ".join(str(value).split())


def json_ld(value: object) -> Markup:
    """JSON for a <script type="application/ld+json"> block: '<', '>' and '&' are escaped as
    \\u sequences so that no data value can close the script element."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# ClaimReview ratings: 1 (worst) to 5 (best); not_checkable carries no number (docs/methodology.md);
# a pending (draft) claim gets no ClaimReview at all: nobody has reviewed it.
RATING_VALUES = {
    Verdict.SUPPORTED: 5,
    Verdict.PARTLY_SUPPORTED: 4,
    Verdict.UNSUPPORTED: 3,
    Verdict.MISLEADING: 2,
    Verdict.CONTRADICTED: 1,
}


def supporting_keys(claim: Claim) -> list[RefKey]:
    """The references a claim's Cite this offers: each supporting source, and the primary source
    of a figure a supporting source reports (the survey behind a book's number)."""
    keys: list[RefKey] = []
    for e in claim.evidence:
        if e.stance is Stance.SUPPORTS:
            keys.append(e.ref)
            if e.reports is not None:
                keys.append(e.reports)
    return keys


def claim_review(kg: KnowledgeGraph, claim: Claim, site_url: str) -> dict[str, object]:
    """schema.org ClaimReview of one claim (https://schema.org/ClaimReview)."""
    appearances = []
    for aid in kg.articles_stating(claim.id):
        article = kg.kb.articles[aid]
        work: dict[str, object] = {"@type": "CreativeWork", "headline": article.title, "publisher": {"@type": "Organization", "name": article.publisher}}
        if article.url:
            work["url"] = article.url
        appearances.append(work)
    rating: dict[str, object] = {"@type": "Rating", "alternateName": claim.verdict.label, "bestRating": 5, "worstRating": 1}
    if claim.verdict in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[claim.verdict]
    review: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{site_url}claims/{claim.id}/",
        "claimReviewed": claim.statement,
        "itemReviewed": {"@type": "Claim", "appearance": appearances},
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": SITE_NAME},
        # The one-line takeaway is the review a reader of a search result needs; the rationale
        # stands in for a claim that has none yet.
        "reviewBody": one_line(claim.summary) if claim.summary else claim.rationale,
    }
    if claim.reviewed:
        review["datePublished"] = claim.reviewed.isoformat()
    if appearances:
        publisher = kg.kb.articles[kg.articles_stating(claim.id)[0]].publisher
        review["itemReviewed"] = {"@type": "Claim", "appearance": appearances, "firstAppearance": appearances[0], "author": {"@type": "Organization", "name": publisher}}
    return review


# --------------------------------------------------------------------------------------------
# Corrections: every verdict change, from the claims' history


# Correction, corrections() and the Atom feed live in graph.export (the feed is one of the
# exports, written by `build_kb.py export` too); the corrections page reads them from there.

CLAIMS_TABLE_NAME = "claims-table.json"  # the claims table's rows, loaded by the claims page


# --------------------------------------------------------------------------------------------
# Page paths and links (use_directory_urls: claims/x.md is served at claims/x/)


def claim_page(cid: str) -> str:
    """Docs-relative path of a claim's page."""
    return f"claims/{cid}.md"


def reference_page(key: str) -> str:
    """Docs-relative path of a reference's page."""
    return f"references/{key}.md"


def article_page(aid: str) -> str:
    """Docs-relative path of an article's annotated page."""
    return f"articles/{aid}.md"


def _url_dir(page: str) -> str:
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index").rstrip("/")
    return stem


@functools.lru_cache(maxsize=65536)
def _relative(to_dir: str, from_dir: str) -> str:
    """posixpath.relpath for two clean docs-relative folders, without its os.getcwd() per call
    (100,000 links on a 5,000-claim site)."""
    to_parts = [p for p in to_dir.split("/") if p]
    from_parts = [p for p in from_dir.split("/") if p]
    common = 0
    for a, b in zip(to_parts, from_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative URL from one generated page to another, as mkdocs serves them."""
    rel = _relative(_url_dir(to_page), _url_dir(from_page))
    url = "./" if rel == "." else rel + "/"
    return url + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------------------------
# Page contexts


def author_year(ref: Reference) -> str:
    """A short label for a source, as a rationale names it: first author's surname and year
    ("Glue 2017"); an organisation author stands whole ("American Psychiatric Association n.d.")."""
    names = ref.named_authors
    who = names[0].split(",")[0].strip() if names else (ref.institution or ref.publisher or ref.container or ref.title)
    return f"{who} {ref.year}".strip()


_SUBJECTS = {"humans": "Humans", "animals": "Animals", "cells": "Cells", "none": "Not a study"}


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence link as shown on a claim page: who was studied, how many, for how long."""

    evidence: Evidence
    reference: Reference
    href: str
    label: str  # author-year, e.g. "Glue 2017"
    studied: str  # subjects and population, e.g. "Humans: adults with treatment-resistant GAD", "" when not given


def evidence_row(evidence: Evidence, ref: Reference, url: str) -> EvidenceRow:
    """The row of one evidence link; what the record does not give stays empty (never guessed)."""
    subjects = _SUBJECTS[evidence.subjects.value] if evidence.subjects else ""
    studied = f"{subjects}: {evidence.population}" if subjects and evidence.population else (subjects or evidence.population)
    return EvidenceRow(evidence, ref, url, author_year(ref), studied)


@dataclass(frozen=True)
class OccurrenceLink:
    """One place a claim appears, linking to its highlight in the annotated article."""

    quote: str
    article: Article
    href: str  # to the highlight's anchor when the quote was found, else to the article
    span: tuple[int, int] | None


@dataclass(frozen=True)
class ReportLink:
    """Where a reader reports an error: the repository's issue tracker when mkdocs.yml sets
    repo_url, else the methodology page's section saying how."""

    repo_url: str
    howto: str


@dataclass(frozen=True)
class NeighbourNode:
    """One node of a claim's neighbourhood picture: an article (left) or a source (right)."""

    label: str
    title: str
    href: str
    kind: str  # "article" or "reference"
    stance: str  # the strongest stance for a source ("supports", "contradicts", "qualifies"), "" for an article
    x: int
    y: int


@dataclass(frozen=True)
class Neighbourhood:
    """A claim with the articles that state it and the sources it rests on, laid out in columns."""

    width: int
    height: int
    centre_x: int
    centre_y: int
    nodes: tuple[NeighbourNode, ...]


_ROW = 26  # vertical distance between nodes of one column, in SVG units
_STANCE_ORDER = ("contradicts", "qualifies", "supports")  # shown: the first a source has


def neighbourhood(kg: KnowledgeGraph, claim: Claim, page: str) -> Neighbourhood:
    """Lay out the claim's neighbourhood: articles at left, claim in the middle, sources at right."""
    articles = kg.articles_stating(claim.id)
    sources = kg.sources_of(claim.id)
    rows = max(len(articles), len(sources), 1)
    height = rows * _ROW + 20

    def column_y(i: int, n: int) -> int:
        return int(10 + (rows - n) * _ROW / 2 + i * _ROW + _ROW / 2)

    nodes = []
    for i, aid in enumerate(articles):
        title = kg.kb.articles[aid].title
        nodes.append(NeighbourNode(aid, title, href(page, article_page(aid)), "article", "", 150, column_y(i, len(articles))))
    for i, key in enumerate(sources):
        ref = kg.kb.references[key]
        stances = {e.stance.value for e in claim.evidence if e.ref == key}
        stance = next(s for s in _STANCE_ORDER if s in stances)
        nodes.append(NeighbourNode(key, ref.title, href(page, reference_page(key)), "reference", stance, 470, column_y(i, len(sources))))
    return Neighbourhood(720, height, 310, height // 2, tuple(nodes))


@dataclass(frozen=True)
class Label:
    """A footnote-style claim number after a highlight, linking to the claim."""

    number: int
    claim: Claim
    href: str


def occurrence_anchor(cid: str, n: int) -> str:
    """The stable id of a claim's n-th occurrence (1-based, in the claim's order) in its article."""
    return f"occ-{cid}-{n}"


@dataclass(frozen=True)
class Segment:
    """A stretch of article text, highlighted when claims cover it.

    claims are every claim whose occurrence covers the stretch, worst verdict first: the stretch
    takes the first one's colour and link, and when several claims cover it, labels carry every
    one of them (the legend's promise). anchors are the ids of the occurrences that start here;
    occurrences the ids of all that cover it (a script marks a targeted occurrence whole)."""

    text: str
    claims: tuple[Claim, ...]
    href: str
    labels: tuple[Label, ...]  # in claim-number order
    anchors: tuple[str, ...] = ()
    occurrences: tuple[str, ...] = ()

    @property
    def claim(self) -> Claim | None:
        """The claim whose colour and link the stretch takes: the worst of those covering it."""
        return self.claims[0] if self.claims else None

    @property
    def title(self) -> str:
        """Every claim the stretch carries, with its verdict, for the tooltip."""
        return "; ".join(f"{c.verdict.label}: {one_line(c.statement)}" for c in self.claims)


@dataclass(frozen=True)
class Paragraph:
    """One line of an article's text: body text, a heading, or an image's caption (alt text).

    The kind is declared in claims/articles.yaml or read by rule from the verbatim text
    (paragraph_kinds), which stays byte for byte."""

    kind: str  # "text", "heading" or "caption"
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    claim: Claim
    anchor: str


def _worst_first(claims: set[Claim]) -> tuple[Claim, ...]:
    # Where several claims cover the same words, the reader must see the worst verdict: a
    # contradicted part of a sentence must not hide behind the colour of a supported one.
    return tuple(sorted(claims, key=lambda c: (WORST_FIRST.index(c.verdict), c.id)))


_FINAL_PUNCTUATION = tuple(".,;:!\"”")
HEADING_MAX = 90  # characters: longer lines are sentences, however they end


def _heading_like(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= HEADING_MAX and not text.endswith(_FINAL_PUNCTUATION)


def paragraph_kinds(text: str, title: str, headings: tuple[str, ...] = (), captions: tuple[str, ...] = ()) -> list[str]:
    """The kind of each line of an article's text. Lines the article's entry declares (headings,
    captions: whole lines, as claims/articles.yaml gives them) take that kind; the rest by rule:
    a short line without final punctuation between blank lines is a heading; the first line,
    when it is such a line and the next non-blank line is the article's title, is the alt text of
    the page's header image (the captures keep an image as its alt text), shown as a caption.
    The rule reads texts captured with blank lines between blocks; a capture without them (every
    line a block) declares its structure instead."""
    lines = text.split("\n")
    kinds = []
    for i, line in enumerate(lines):
        alone = (i == 0 or not lines[i - 1].strip()) and (i == len(lines) - 1 or not lines[i + 1].strip())
        kinds.append("heading" if alone and _heading_like(line) else "text")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) >= 2 and kinds[filled[0]] == "heading" and lines[filled[1]].strip() == title.strip():
        kinds[filled[0]] = "caption"
    declared = {**dict.fromkeys(headings, "heading"), **dict.fromkeys(captions, "caption")}
    return [declared.get(line, kind) for line, kind in zip(lines, kinds, strict=True)]


def _segments(kg: KnowledgeGraph, article: Article, page: str) -> list[Paragraph]:
    """Split the article into paragraphs of segments; each covered stretch carries its claims."""
    spans = []
    for claim in kg.claims_of_article(article.id):
        for n, occ in enumerate(claim.occurrences, start=1):
            if occ.article == article.id and occ.span is not None:
                spans.append(_Span(occ.span[0], occ.span[1], claim, occurrence_anchor(claim.id, n)))
    numbers = {c.id: i + 1 for i, c in enumerate(kg.claims_of_article(article.id))}
    cuts = sorted({0, len(article.text), *(sp.start for sp in spans), *(sp.end for sp in spans)})
    lines: list[list[Segment]] = [[]]
    # A sweep over the cuts: every span starts and ends at a cut, so the spans covering the
    # stretch [start, end) are those begun at or before start and not yet ended (in the order of
    # `spans`). Scanning every span for every stretch was quadratic (25 s at 5,000 claims).
    by_start = sorted(range(len(spans)), key=lambda i: spans[i].start)
    active: set[int] = set()
    next_span = 0
    for start, end in itertools.pairwise(cuts):
        while next_span < len(by_start) and spans[by_start[next_span]].start <= start:
            active.add(by_start[next_span])
            next_span += 1
        active = {i for i in active if spans[i].end > start}
        covering = [spans[i] for i in sorted(active)]
        claims = _worst_first({sp.claim for sp in covering})
        # One claim: its number after the occurrence's last stretch. Several: every number after
        # each shared stretch, so that each claim the words carry is one click away.
        shown = {sp.claim for sp in covering} if len(claims) > 1 else {sp.claim for sp in covering if sp.end == end}
        labels = tuple(Label(numbers[c.id], c, href(page, claim_page(c.id))) for c in sorted(shown, key=lambda c: numbers[c.id]))
        starting = tuple(sorted(sp.anchor for sp in covering if sp.start == start))
        inside = tuple(sorted(sp.anchor for sp in covering))
        target = href(page, claim_page(claims[0].id)) if claims else ""
        pieces = article.text[start:end].split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines.append([])
            last = i == len(pieces) - 1
            lines[-1].append(Segment(piece, claims, target, labels if last else (), starting if i == 0 else (), inside))
    kinds = paragraph_kinds(article.text, article.title, article.headings, article.captions)
    return [Paragraph(kind, tuple(line)) for kind, line in zip(kinds, lines, strict=True) if any(s.text.strip() for s in line)]


@dataclass(frozen=True)
class ClaimPageContext:
    """What a claim page shows, built in Python so that the template only lays it out."""

    page: str
    claim: Claim
    verdict_href: str  # the verdict's row on the methodology page
    rows: tuple[EvidenceRow, ...]
    occurrences: tuple[OccurrenceLink, ...]
    supporting: tuple[RefKey, ...]
    examined: tuple[RefKey, ...]
    primaries: tuple[tuple[RefKey, RefKey], ...]  # (primary source, the source reporting its figure)
    review: dict[str, object] | None
    articles: tuple[Article, ...]
    sources: int
    around: Neighbourhood
    related: tuple[tuple[Claim, RelatedClaim], ...]
    report: ReportLink


@dataclass(frozen=True)
class CorrectionsPageContext:
    """The corrections page: every verdict change, newest first, and its feed."""

    page: str
    corrections: tuple[Correction, ...]
    feed_href: str
    report: ReportLink


@dataclass(frozen=True)
class ArticlePageContext:
    """What the article page shows: its text in paragraphs of highlighted segments, its claims."""

    page: str
    article: Article
    url: str  # the original address when it is a web address, else ""
    paragraphs: tuple[Paragraph, ...]
    claims: tuple[Claim, ...]
    tally: VerdictTally


def _web_address(url: str | None) -> str:
    return url if url and url.startswith(("https://", "http://")) else ""


def one_line_reason(claim: Claim) -> str:
    """The claim's one-line reason: its summary when set, else its rationale's first sentence."""
    if claim.summary:
        return one_line(claim.summary)
    text = one_line(claim.rationale)
    m = re.search(r"(?<=[a-z0-9)%”\"])[.!?](?=\s+[A-Z“\"(])", text)
    return text[: m.end()] if m else text


def check_index(kg: KnowledgeGraph, page: str) -> Markup:
    """The "Check a sentence" page's index: graph.match's weights of every claim (the same index
    `find` ranks with) and what the page shows of each, as JSON safe inside a <script> element."""
    index = claims_index(kg.kb)
    docs = []
    for cid in index.keys:
        c = kg.kb.claims[cid]  # type: ignore[index]
        docs.append({"id": c.id, "statement": one_line(c.statement), "verdict": c.verdict.value, "label": c.verdict.label, "reason": one_line_reason(c) if c.verdict.is_reviewed else "", "href": href(page, claim_page(c.id))})
    text = index_json(index, {"keys": index.keys, "docs": docs})
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Renderer:
    """Renders every generated page of the site from the templates."""

    def __init__(self, kg: KnowledgeGraph, citations: Citations, site_url: str = "", stale: Staleness | None = None, downloads: dict[str, bytes] | None = None, repo_url: str = "") -> None:
        self.kg = kg
        self.repo_url = _web_address(repo_url).rstrip("/")
        self.downloads = downloads if downloads is not None else export.files(kg)
        self.stale = stale or staleness(kg.kb, 365)
        self.citations = citations
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        self._bibtex: dict[str, str] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = md_escape
        self.env.filters["one_line"] = one_line
        self.env.filters["fm"] = front_matter_text
        self.env.filters["json_ld"] = json_ld
        # Globals, not render arguments, so that imported macros see them too.
        self.env.globals.update(stale=self.stale, kg=kg, kb=kg.kb, citations=citations, Style=Style, verdict_order={v: i for i, v in enumerate(Verdict)}, Verdict=Verdict, bibtex_text=self._bibtex_text, colours=VERDICT_COLOURS, href=href, claim_page=claim_page, reference_page=reference_page, article_page=article_page)

    def _bibtex_text(self, ref: Reference) -> str:
        """bibtex_text, once per reference: a reference's BibTeX appears on every page citing it."""
        text = self._bibtex.get(ref.key)
        if text is None:
            text = self._bibtex[ref.key] = bibtex_text(ref)
        return text

    def _render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def report_link(self, page: str) -> ReportLink:
        """How a reader of page reports an error (mkdocs.yml repo_url, else the methodology page)."""
        return ReportLink(self.repo_url, href(page, "methodology.md", "reporting-an-error"))

    def claim(self, claim: Claim) -> str:
        """The page of one claim."""
        page = claim_page(claim.id)
        refs = self.kg.kb.references
        rows = tuple(evidence_row(e, refs[e.ref], href(page, reference_page(e.ref))) for e in claim.evidence if e.ref in refs)
        occurrences = tuple(
            OccurrenceLink(occ.quote, self.kg.kb.articles[occ.article], href(page, article_page(occ.article), occurrence_anchor(claim.id, n) if occ.span else ""), occ.span)
            for n, occ in enumerate(claim.occurrences, start=1)
            if occ.article in self.kg.kb.articles
        )
        ctx = ClaimPageContext(
            page=page,
            claim=claim,
            verdict_href=href(page, "methodology.md", verdicts.anchor(claim.verdict)),
            rows=rows,
            occurrences=occurrences,
            supporting=tuple(strongest_first(supporting_keys(claim), refs)),
            examined=tuple(strongest_first((e.ref for e in claim.evidence), refs)),
            primaries=tuple(dict.fromkeys((e.reports, e.ref) for e in claim.evidence if e.stance is Stance.SUPPORTS and e.reports is not None and e.reports in refs)),
            review=claim_review(self.kg, claim, self.site_url) if claim.verdict.is_reviewed else None,
            articles=tuple(self.kg.kb.articles[a] for a in self.kg.articles_stating(claim.id)),
            sources=len(self.kg.sources_of(claim.id)),
            around=neighbourhood(self.kg, claim, page),
            related=tuple((self.kg.kb.claims[r.claim], r) for r in self.kg.related_claims(claim.id)),
            report=self.report_link(page),
        )
        return self._render("claim.md.j2", ctx=ctx)

    def reference(self, ref: Reference) -> str:
        """The page of one reference, with backlinks to the claims it bears on."""
        page = reference_page(ref.key)
        uses = [(self.kg.kb.claims[c], [e for e in self.kg.kb.claims[c].evidence if e.ref == ref.key]) for c in self.kg.claims_citing(ref.key)]
        return self._render("reference.md.j2", page=page, ref=ref, uses=uses)

    def article(self, article: Article) -> str:
        """The annotated text of one article with its scorecard and claims in order."""
        page = article_page(article.id)
        ctx = ArticlePageContext(page, article, _web_address(article.url), tuple(_segments(self.kg, article, page)), tuple(self.kg.claims_of_article(article.id)), self.kg.tally(article.id))
        return self._render("article.md.j2", ctx=ctx)

    def pages(self) -> dict[str, str]:
        """Every generated page, by docs-relative path, in sorted order."""
        out: dict[str, str] = {}
        # each_at: a failure while rendering a page names the data file it shows.
        for claim in each_at(self.kg.kb.claims.values()):
            out[claim_page(claim.id)] = self.claim(claim)
        for ref in each_at(self.kg.kb.references.values()):
            out[reference_page(ref.key)] = self.reference(ref)
        for article in each_at(self.kg.kb.articles.values()):
            out[article_page(article.id)] = self.article(article)
        out["claims/index.md"] = self._render("claims_index.md.j2", page="claims/index.md")
        out["references/index.md"] = self._render("references_index.md.j2", page="references/index.md")
        out["articles/index.md"] = self._render("articles_index.md.j2", page="articles/index.md")
        out["downloads.md"] = self._render("downloads.md.j2", page="downloads.md", downloads=export.catalogue(self.kg, self.downloads), as_of=as_of(self.kg.kb))
        out["graph.md"] = self._render("graph.md.j2", page="graph.md")
        out["corrections.md"] = self._render("corrections.md.j2", ctx=CorrectionsPageContext("corrections.md", tuple(corrections(self.kg.kb)), f"downloads/{FEED_NAME}", self.report_link("corrections.md")))
        out["check.md"] = self._render("check.md.j2", page="check.md", index=check_index(self.kg, "check.md"))
        return dict(sorted(out.items()))

    def claims_table(self) -> bytes:
        """The claims table's rows as compact JSON (downloads/claims-table.json), which the claims
        page filters and pages in the browser instead of carrying every row as HTML. Columns:
        id, statement, summary, verdict, type, topics, articles, number of sources."""
        rows = [[c.id, one_line(c.statement), one_line(c.summary), c.verdict.value, c.type.value, list(c.topics), self.kg.articles_stating(c.id), len(self.kg.sources_of(c.id))] for c in self.kg.kb.claims.values()]
        data = {
            "columns": ["id", "statement", "summary", "verdict", "type", "topics", "articles", "sources"],
            "verdicts": [[v.value, v.label] for v in Verdict],
            "articles": {a.id: a.title for a in self.kg.kb.articles.values()},
            "rows": rows,
        }
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def dashboard(self) -> str:
        """The verdict chart and the claims most in need of attention, for the home page."""
        tallies = [self.kg.tally()] + [self.kg.tally(a) for a in self.kg.kb.articles]
        # The table's verdict columns: "not yet reviewed" only while a draft exists (a column of
        # zeros pushed the table past a laptop's text column, and told a reader nothing).
        pending = dict(tallies[0].counts).get(Verdict.PENDING, 0)
        columns = tuple(v for v in Verdict if v is not Verdict.PENDING or pending)
        return self._render(
            "dashboard.html.j2", page="index.md", tallies=tallies, columns=columns, attention=attention(self.kg.kb), attention_reason=ATTENTION_REASON
        )
