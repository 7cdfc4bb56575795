"""The site: built from the repository with mkdocs --strict, every internal link resolves,
no data becomes markup, and two builds are byte-identical."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT, build_site
from graph.model import Verdict


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag == "script":
            self.scripts.append(a.get("src") or "inline")


def _parse(page: Path) -> _Links:
    p = _Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or (href.startswith(("mailto:", "#")) and not parts.fragment):
        return None
    if not parts.path:
        path = page
    elif parts.path.startswith("/"):  # 404.html links from the site root: it is served at any depth
        path = (site / unquote(parts.path).lstrip("/")).resolve()
    else:
        path = (page.parent / unquote(parts.path)).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def test_pages_exist_for_every_claim_reference_and_article(site: Path) -> None:
    for folder, minimum in (("claims", 60), ("references", 20), ("articles", 3)):
        assert len([p for p in (site / folder).iterdir() if p.is_dir()]) >= minimum, folder
    for name in ("kb.json", "kb.graphml", "claims.csv", "references.bib"):
        assert (site / "downloads" / name).stat().st_size > 0
    for name in ("verdicts.css", "verdicts.json", "verdicts.js"):  # generated from graph/verdicts.py
        assert (site / "assets" / name).stat().st_size > 0
    assert 'href="assets/verdicts.css"' in (site / "index.html").read_text(encoding="utf-8")


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    for page, parsed in pages.items():
        for href in parsed.links:
            target = _target(site, page, href)
            if target is None:
                continue
            path, fragment = target
            if not path.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and path.suffix == ".html" and fragment not in (pages.get(path) or _parse(path)).ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no anchor)")
    assert broken == []


def test_no_script_comes_from_a_cdn(site: Path) -> None:
    for page in site.rglob("*.html"):
        for src in _parse(page).scripts:
            assert not re.match(r"^(https?:)?//", src), (page, src)


def _digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    first, second = _digests(site), _digests(build_site(tmp_path))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_every_claim_page_of_the_built_site_carries_one_valid_claimreview(site: Path) -> None:
    """Read as a crawler reads it (extruct), from the HTML mkdocs wrote for the shipped data."""
    import extruct

    from graph import pipeline
    from graph.render import RATING_VALUES

    kb, _ = pipeline.check(ROOT)
    pages = sorted(p for p in (site / "claims").glob("*/index.html"))
    assert len(pages) == len(kb.claims)
    for page in pages:
        claim = kb.claims[page.parent.name]  # type: ignore[index]
        found = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]
        reviews = [d for d in found if d.get("@type") == "ClaimReview"]
        if claim.verdict is Verdict.PENDING:  # a draft is not a published fact-check
            assert reviews == [], page
            continue
        [review] = reviews
        assert review["claimReviewed"] == claim.statement
        assert review["reviewRating"]["alternateName"] == claim.verdict.label
        assert review["reviewRating"].get("ratingValue") == RATING_VALUES.get(claim.verdict)
        assert claim.reviewed is not None and review["datePublished"] == claim.reviewed.isoformat()
        assert review["itemReviewed"]["appearance"], page
