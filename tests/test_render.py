"""Render: text from data files is escaped and links are relative to each page."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

from conftest import GOOD
from graph import pipeline
from graph.render import href, md_escape


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":  # only the graph page's own library files may load, and JSON-LD data
            a = dict(attrs)
            self.scripts.append(a.get("src") or a.get("type"))
            return
        self.tags.append(tag)
        self.attrs.extend(attrs)


def _html_of_every_page() -> list[str]:
    result = pipeline.run(GOOD)
    assert result.site is not None
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "meta"])
    return [md.reset().convert(text) for text in [*result.site.pages.values(), result.site.dashboard]]


def test_hostile_data_never_becomes_markup() -> None:
    for html in _html_of_every_page():
        parser = _Elements()
        parser.feed(html)
        assert set(parser.scripts) <= {"../assets/vendor/cytoscape.min.js", "../assets/kb-graph.js", "application/ld+json", "application/json"}  # application/json: the Check a sentence index (data, never run)
        assert "img" not in parser.tags
        assert not any(name.startswith("on") for name, _ in parser.attrs)
        assert not any((value or "").startswith("javascript:") for _, value in parser.attrs)


def test_hostile_data_is_shown_as_text() -> None:
    pages = "".join(_html_of_every_page())
    assert "&lt;script&gt;alert" in pages
    assert "[click](javascript:alert(1))" in pages


def test_markdown_heading_escape() -> None:
    assert md_escape("*a* <b>") == "\\*a\\* &lt;b&gt;"


def test_href_is_relative_to_the_page_as_served() -> None:
    assert href("claims/x.md", "references/y.md") == "../../references/y/"
    assert href("claims/index.md", "claims/x.md") == "x/"
    assert href("index.md", "articles/a.md") == "articles/a/"
    assert href("articles/a.md", "claims/index.md") == "../../claims/"


def test_claim_page_shows_history_and_stale_flags(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    path = root / "claims" / "demo.yaml"
    path.write_text(path.read_text().replace("  verdict: supported\n", "  verdict: supported\n  history:\n    - verdict: unsupported\n      reviewed: 2025-01-02\n      reason: The record had not been found.\n", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    result = pipeline.run(root, stale_after_days=30)
    assert result.site is not None
    page = result.site.pages["claims/ketamine-nmda-antagonist.md"]
    assert "2025-01-02" in page and "The record had not been found." in page and "current verdict" in page
    assert "Stale:" in page and "more than 30 days before 2027-01-01" in page


def test_claim_page_draws_its_neighbourhood_with_links() -> None:
    result = pipeline.run(GOOD)
    assert result.site is not None
    html = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "meta"]).convert(result.site.pages["claims/ptsd-prevalence.md"])

    class _Svg(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside = False
            self.links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "svg" and "kb-around" in (a.get("class") or ""):
                self.inside = True
            elif self.inside and tag == "a":
                self.links.append(a.get("href") or "")

        def handle_endtag(self, tag: str) -> None:
            if tag == "svg":
                self.inside = False

    svg = _Svg()
    svg.feed(html)
    assert svg.links == ["../../articles/demo/", "../../references/demo2022ptsd/"]
    assert "None: no other claim shares a source or two topics with this one." in html


def test_words_carrying_several_claims_show_the_worst_verdict_and_every_number(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A sentence that is one claim supported and another contradicted is coloured contradicted,
    and both claim numbers follow it, each linking to its claim."""
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    (root / "claims" / "z-more.yaml").write_text(
        """
- id: ketamine-nmda-contradicted
  statement: A second reading of the same sentence.
  type: mechanism
  topics: [nmda]
  occurrences:
    - article: demo
      quote: "Ketamine is an NMDA receptor antagonist."
  verdict: contradicted
  rationale: For the test.
  reviewed: 2026-11-25
  evidence:
    - ref: smith2020ketamine
      stance: contradicts
      quote: "Ketamine is a noncompetitive NMDA receptor antagonist."
      locator: Abstract
""",
        encoding="utf-8",
    )
    result = pipeline.run(root)
    assert result.site is not None, [i.format(root) for i in result.report]
    html = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "meta"]).convert(result.site.pages["articles/demo.md"])

    class _Marks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.marks: list[tuple[str, str]] = []
            self.labels: list[str] = []
            self._in_label = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "a" and "kb-mark" in (a.get("class") or ""):
                self.marks.append((a.get("class") or "", a.get("href") or ""))
            if tag == "sup":
                self._in_label = True
            elif tag == "a" and self._in_label:
                self.labels.append(a.get("href") or "")

        def handle_endtag(self, tag: str) -> None:
            if tag == "sup":
                self._in_label = False

    found = _Marks()
    found.feed(html)
    assert ("kb-mark kb-contradicted kb-shared", "../../claims/ketamine-nmda-contradicted/") in found.marks
    assert not any(href == "../../claims/ketamine-nmda-antagonist/" for _, href in found.marks)
    assert found.labels[:2] == ["../../claims/ketamine-nmda-antagonist/", "../../claims/ketamine-nmda-contradicted/"]


def test_cite_this_warns_of_an_unchecked_source_and_of_a_record_without_authors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    bib = root / "references" / "demo.bib"
    text = bib.read_text(encoding="utf-8")
    text = text.replace("  author  = {Smith, Jane and Doe, John},\n", "")
    text = text.replace("  design       = {organisation page},\n  checked      = {2026-11-25},\n", "  design       = {organisation page},\n")
    bib.write_text(text, encoding="utf-8")
    claims = root / "claims" / "demo.yaml"  # a verdict may not rest on an unchecked source alone
    claims.write_text(claims.read_text(encoding="utf-8").replace("verdict: partly_supported", "verdict: not_checkable"), encoding="utf-8")
    result = pipeline.run(root)
    assert result.site is not None, [i.format(root) for i in result.report]
    assert "<strong>No authors:</strong> the stored record of Ketamine pharmacology" in result.site.pages["references/smith2020ketamine.md"]
    assert "<strong>Unchecked:</strong> What is PTSD?" in result.site.pages["references/demo2022ptsd.md"]
    assert "No authors:" not in result.site.pages["references/demo2022ptsd.md"]
