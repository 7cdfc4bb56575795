"""The annotated articles of the shipped knowledge base: every highlight anchored and linked from
its claim page, words several claims carry coloured by the worst verdict and linked to every one
of them, headings and image captions told apart by rule while the text stays verbatim, and the
home page's attention list in a patient's order."""

from __future__ import annotations

import functools
from html.parser import HTMLParser

import markdown

from conftest import ROOT
from graph import link, pipeline
from graph.render import occurrence_anchor, paragraph_kinds
from graph.verdicts import WORST_FIRST


@functools.cache
def _site() -> pipeline.Site:
    result = pipeline.run(ROOT)
    assert result.site is not None
    return result.site


def _html(page: str) -> str:
    return markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "meta"]).convert(_site().pages[page])


class _Text(HTMLParser):
    """The annotated text: each highlight (its class, link, id, occurrences) followed by the
    claim links of its superscripts, and the text of each block with its tag."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.marks: list[dict[str, object]] = []
        self.ids: list[str] = []
        self.blocks: list[tuple[str, str]] = []
        self._sup = False
        self._label = False
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and a.get("class") == "kb-article-text":
            self.inside = 1
            return
        if not self.inside:
            return
        if tag == "div":
            self.inside += 1
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag in ("p", "h3", "figcaption"):
            self.blocks.append((tag, ""))
            self._open = True
        if tag == "span" and a.get("class") == "kb-caption-label":
            self._label = True
        if tag == "a" and "kb-mark" in (a.get("class") or ""):
            self.marks.append({"class": (a.get("class") or "").split(), "href": a.get("href"), "occ": (a.get("data-occ") or "").split(), "labels": []})
        if tag == "sup":
            self._sup = True
        elif tag == "a" and self._sup:
            self.marks[-1]["labels"].append(a.get("href"))  # type: ignore[attr-defined]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h3", "figcaption"):
            self._open = False
        if tag == "sup":
            self._sup = False
        if tag == "span":
            self._label = False
        if tag == "div" and self.inside:
            self.inside -= 1

    def handle_data(self, data: str) -> None:
        if self.inside and self._open and not self._sup and not self._label:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def _parsed(aid: str) -> _Text:
    p = _Text()
    p.feed(_html(f"articles/{aid}.md"))
    return p


def _claim_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def test_every_highlight_has_its_anchor_and_its_claim_page_links_to_it() -> None:
    kb, _ = pipeline.check(ROOT)
    anchored = 0
    for aid in kb.articles:
        ids = set(_parsed(aid).ids)
        for claim in kb.claims.values():
            for n, occ in enumerate(claim.occurrences, start=1):
                if occ.article != aid:
                    continue
                assert occ.span is not None
                anchor = occurrence_anchor(claim.id, n)
                assert anchor in ids, anchor
                assert f'href="../../articles/{aid}/#{anchor}"' in _site().pages[f"claims/{claim.id}.md"]
                anchored += 1
    assert anchored == sum(len(c.occurrences) for c in kb.claims.values()) > 100


def test_words_several_claims_carry_take_the_worst_verdict_and_link_to_every_claim() -> None:
    """Every overlapping stretch of the shipped articles, e.g. "on the battlefield" inside the
    contradicted buddy-drug claim."""
    kb, _ = pipeline.check(ROOT)
    shared = 0
    for aid in kb.articles:
        for mark in _parsed(aid).marks:
            occ = mark["occ"]
            claims = {o.removeprefix("occ-").rsplit("-", 1)[0] for o in occ}  # type: ignore[attr-defined]
            if len(claims) < 2:
                continue
            shared += 1
            worst = min((kb.claims[c].verdict for c in claims), key=WORST_FIRST.index)  # type: ignore[index]
            assert f"kb-{worst.value}" in mark["class"], (aid, mark)  # type: ignore[operator]
            linked = {_claim_of(h) for h in [mark["href"], *mark["labels"]]}  # type: ignore[list-item, misc]
            assert linked == claims, (aid, mark)
    assert shared >= 6
    battlefield = [m for m in _parsed("ptsd").marks if any("ketamine-used-in-vietnam-war" in o for o in m["occ"])]  # type: ignore[attr-defined]
    inside = [m for m in battlefield if any("buddy-drug" in o for o in m["occ"])]  # type: ignore[attr-defined]
    assert inside and all("kb-contradicted" in m["class"] for m in inside)  # type: ignore[operator]


def test_headings_and_image_captions_are_read_by_rule_and_the_text_stays_verbatim() -> None:
    kb, _ = pipeline.check(ROOT)
    for aid, article in kb.articles.items():
        blocks = _parsed(aid).blocks
        lines = [line for line in article.text.split("\n") if line.strip()]
        assert [text for _, text in blocks] == lines  # every character, in order, nothing added
        kinds = [k for k, line in zip(paragraph_kinds(article.text, article.title, article.headings, article.captions), article.text.split("\n"), strict=True) if line.strip()]
        assert [tag for tag, _ in blocks] == [{"heading": "h3", "caption": "figcaption", "text": "p"}[k] for k in kinds]
        if kinds[0] == "caption":
            assert kinds[1] == "heading" and blocks[1][1] == article.title
    captions = {aid: _parsed(aid).blocks[0][1] for aid in kb.articles if _parsed(aid).blocks[0][0] == "figcaption"}
    assert captions == {"anxiety": "woman looking at hot air balloons", "chronic-pain": "free from chronic pain", "ptsd": "Latina Woman with PTSD"}
    headings = [t for tag, t in _parsed("anxiety").blocks if tag == "h3"]
    assert headings == ["Ketamine Infusion Therapy for Anxiety Disorders; A New Approach", "What is Chronic Anxiety?", "Ketamine and Anxiety Disorders", "Ketamine Treatment Timeline", "Ketamine Infusions Available Right Here in Albuquerque"]


def test_every_articles_headings_render_as_headings() -> None:
    """Declared (claims/articles.yaml) or by rule, each heading of every article is an h3 of its
    page and each caption a figcaption; a capture without blank lines, whose question lines the
    rule cannot see, declares them (the FAQ page's questions are headings, not body text)."""
    kb, _ = pipeline.check(ROOT)
    for aid, article in kb.articles.items():
        blocks = _parsed(aid).blocks
        for heading in article.headings:
            assert ("h3", heading) in blocks, (aid, heading)
        for caption in article.captions:
            assert ("figcaption", caption) in blocks, (aid, caption)
        lines = article.text.split("\n")
        if "" not in [line.strip() for line in lines[:-1]]:  # no blank line between blocks: the rule reads nothing
            questions = [line for line in lines if line.endswith("?") and len(line) <= 90]
            assert set(questions) <= set(article.headings), (aid, "undeclared question lines", set(questions) - set(article.headings))
    faqs = [t for tag, t in _parsed("faqs").blocks if tag == "h3"]
    assert faqs == ["Frequently Asked Questions About Ketamine Infusion Therapy", "Are ketamine infusions safe?", "Is the ketamine experience scary?"]


def test_declared_lines_take_their_kind() -> None:
    text = "Menu\nThe Title\nA question?\nA sentence ends here.\nA photo"
    assert paragraph_kinds(text, "The Title", headings=("The Title", "A question?"), captions=("A photo",)) == ["text", "heading", "heading", "text", "caption"]
    assert paragraph_kinds(text, "The Title") == ["text"] * 5


def test_paragraph_kinds_rule() -> None:
    text = "A photo\n\nThe Title\n\nA sentence ends here.\n\nShort heading\n\nNot alone\nnext line\n"
    assert paragraph_kinds(text, "The Title") == ["caption", "text", "heading", "text", "text", "text", "heading", "text", "text", "text", "text"]


def test_articles_show_their_original_address_and_capture() -> None:
    kb, _ = pipeline.check(ROOT)
    for aid, article in kb.articles.items():
        page = _site().pages[f"articles/{aid}.md"]
        assert article.url and f'<a href="{article.url}" class="kb-original">{article.url}</a>' in page
        assert f"captured {article.captured.isoformat()}" in page


def test_attention_list_puts_what_matters_to_a_patient_first() -> None:
    kb, _ = pipeline.check(ROOT)
    ranked = [c.id for c in link.attention(kb)]
    assert ranked.index("ketamine-single-dose-gad-sad-effect-14-weeks") < 5  # the claim patients quote
    first_unsupported = next(i for i, c in enumerate(ranked) if kb.claims[c].verdict.value == "unsupported")  # type: ignore[index]
    for tier in (ranked[:first_unsupported], ranked[first_unsupported:]):  # efficacy/safety, then the rest, then definitions
        prominence = [link.PROMINENCE[kb.claims[c].type] for c in tier]  # type: ignore[index]
        assert prominence == sorted(prominence) and prominence[0] == 0
    assert all(kb.claims[c].verdict.value in ("contradicted", "misleading") for c in ranked[:first_unsupported])  # type: ignore[index]
    assert link.ATTENTION_REASON in _site().dashboard
    assert _site().dashboard.index("ketamine-single-dose-gad-sad-effect-14-weeks") < _site().dashboard.index("gad-expansion-general-anxiety-disorder")
