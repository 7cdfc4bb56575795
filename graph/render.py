"""Render: knowledge graph -> Markdown pages for mkdocs, only through Jinja2 templates.

Input: a KnowledgeGraph. Output: a mapping of docs-relative path -> page text (generated pages)
and the dashboard snippet that replaces the marker on the hand-written home page.
Every value from a data file reaches the page through Jinja2 autoescaping inside HTML blocks
(which Markdown leaves alone), or through the `md` filter (HTML- and Markdown-escaped) in the
few Markdown headings. Output is deterministic: sorted ids, no timestamps.
Issue codes: none.
"""

from __future__ import annotations

import html
import itertools
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from graph import export
from graph.cite import Citations, Style, bibtex_text, strongest_first
from graph.issues import each_at
from graph.link import KnowledgeGraph, Staleness, as_of, staleness
from graph.model import Article, Claim, Evidence, Reference, Stance, Verdict
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
SITE_NAME = "Ketamine clinic claims, checked"


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
        "reviewBody": claim.rationale,
    }
    if claim.reviewed:
        review["datePublished"] = claim.reviewed.isoformat()
    if appearances:
        publisher = kg.kb.articles[kg.articles_stating(claim.id)[0]].publisher
        review["itemReviewed"] = {"@type": "Claim", "appearance": appearances, "firstAppearance": appearances[0], "author": {"@type": "Organization", "name": publisher}}
    return review


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


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative URL from one generated page to another, as mkdocs serves them."""
    rel = posixpath.relpath(_url_dir(to_page) or ".", _url_dir(from_page) or ".")
    url = "./" if rel == "." else rel + "/"
    return url + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------------------------
# Page contexts


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence link as shown on a claim page."""

    evidence: Evidence
    reference: Reference
    href: str


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
    """A footnote-style claim number after the last stretch of an occurrence, linking to the claim."""

    number: int
    claim: Claim
    href: str


@dataclass(frozen=True)
class Segment:
    """A stretch of article text, highlighted when claims cover it."""

    text: str
    claim: Claim | None
    href: str
    labels: tuple[Label, ...]  # the claims whose occurrence ends here, in claim-number order




def _owner(covering: list[tuple[int, int, Claim]]) -> Claim:
    """The claim whose colour a stretch takes: the innermost (shortest) occurrence, and among
    equally short ones the worst verdict, then the claim id."""
    return min(covering, key=lambda sp: (sp[1] - sp[0], WORST_FIRST.index(sp[2].verdict), sp[2].id))[2]


def _segments(kg: KnowledgeGraph, article: Article, page: str) -> list[list[Segment]]:
    """Split the article into paragraphs of segments; each covered stretch carries its claim."""
    spans = []
    for claim in kg.claims_of_article(article.id):
        for occ in claim.occurrences:
            if occ.article == article.id and occ.span is not None:
                spans.append((occ.span[0], occ.span[1], claim))
    numbers = {c.id: i + 1 for i, c in enumerate(kg.claims_of_article(article.id))}
    cuts = sorted({0, len(article.text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    paragraphs: list[list[Segment]] = [[]]
    for start, end in itertools.pairwise(cuts):
        covering = [sp for sp in spans if sp[0] <= start and end <= sp[1]]
        owner = _owner(covering) if covering else None
        ending = sorted({sp[2] for sp in covering if sp[1] == end}, key=lambda c: numbers[c.id])
        labels = tuple(Label(numbers[c.id], c, href(page, claim_page(c.id))) for c in ending)
        pieces = article.text[start:end].split("\n")
        for i, piece in enumerate(pieces):
            if i:
                paragraphs.append([])
            last = i == len(pieces) - 1
            target = href(page, claim_page(owner.id)) if owner else ""
            paragraphs[-1].append(Segment(piece, owner, target, labels if last else ()))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]


class Renderer:
    """Renders every generated page of the site from the templates."""

    def __init__(self, kg: KnowledgeGraph, citations: Citations, site_url: str = "", stale: Staleness | None = None, downloads: dict[str, bytes] | None = None) -> None:
        self.kg = kg
        self.downloads = downloads if downloads is not None else export.files(kg)
        self.stale = stale or staleness(kg.kb, 365)
        self.citations = citations
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
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
        self.env.globals.update(stale=self.stale, kg=kg, kb=kg.kb, citations=citations, Style=Style, verdict_order={v: i for i, v in enumerate(Verdict)}, Verdict=Verdict, bibtex_text=bibtex_text, colours=VERDICT_COLOURS, href=href, claim_page=claim_page, reference_page=reference_page, article_page=article_page)

    def _render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def claim(self, claim: Claim) -> str:
        """The page of one claim."""
        page = claim_page(claim.id)
        rows = [EvidenceRow(e, self.kg.kb.references[e.ref], href(page, reference_page(e.ref))) for e in claim.evidence if e.ref in self.kg.kb.references]
        review = claim_review(self.kg, claim, self.site_url) if claim.verdict.is_reviewed else None
        refs = self.kg.kb.references
        supporting = strongest_first((e.ref for e in claim.evidence if e.stance is Stance.SUPPORTS), refs)
        examined = strongest_first((e.ref for e in claim.evidence), refs)
        return self._render(
            "claim.md.j2",
            page=page,
            claim=claim,
            rows=rows,
            supporting=supporting,
            examined=examined,
            review=review,
            articles=[self.kg.kb.articles[a] for a in self.kg.articles_stating(claim.id)],
            around=neighbourhood(self.kg, claim, page),
            related=[(self.kg.kb.claims[r.claim], r) for r in self.kg.related_claims(claim.id)],
        )

    def reference(self, ref: Reference) -> str:
        """The page of one reference, with backlinks to the claims it bears on."""
        page = reference_page(ref.key)
        uses = [(self.kg.kb.claims[c], [e for e in self.kg.kb.claims[c].evidence if e.ref == ref.key]) for c in self.kg.claims_citing(ref.key)]
        return self._render("reference.md.j2", page=page, ref=ref, uses=uses)

    def article(self, article: Article) -> str:
        """The annotated text of one article with its scorecard and claims in order."""
        page = article_page(article.id)
        return self._render("article.md.j2", page=page, article=article, paragraphs=_segments(self.kg, article, page), claims=self.kg.claims_of_article(article.id), tally=self.kg.tally(article.id))

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
        return dict(sorted(out.items()))

    def dashboard(self) -> str:
        """The verdict chart and the claims most in need of attention, for the home page."""
        tallies = [self.kg.tally()] + [self.kg.tally(a) for a in self.kg.kb.articles]
        attention = [c for c in self.kg.kb.claims.values() if c.verdict in (Verdict.CONTRADICTED, Verdict.MISLEADING, Verdict.UNSUPPORTED)]
        return self._render("dashboard.html.j2", page="index.md", tallies=tallies, attention=attention)
