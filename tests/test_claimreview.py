"""ClaimReview: each claim page embeds schema.org ClaimReview JSON-LD, read here as a crawler
reads it (extruct), from the pages as mkdocs builds them."""

from __future__ import annotations

from pathlib import Path

import extruct
import markdown

from conftest import GOOD
from graph import pipeline
from graph.model import Verdict
from graph.render import RATING_VALUES


def _extract(page: str, root: Path = GOOD) -> list[dict[str, object]]:
    result = pipeline.run(root, site_url="https://kb.example.org/")
    assert result.site is not None
    html = markdown.Markdown(extensions=["md_in_html", "meta"]).convert(result.site.pages[page])
    data = extruct.extract(f"<html><body>{html}</body></html>", syntaxes=["json-ld"])["json-ld"]
    return [d for d in data if d.get("@type") == "ClaimReview"]


def test_claim_page_carries_one_valid_claimreview() -> None:
    [review] = _extract("claims/ptsd-prevalence.md")
    assert review["claimReviewed"] == "About 3.5% of adults have PTSD in a given year."
    assert review["url"] == "https://kb.example.org/claims/ptsd-prevalence/"
    assert review["datePublished"] == "2026-11-25"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "partly supported", "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"  # type: ignore[index]
    assert item["appearance"][0]["headline"] == "A Demo Article <b>bold</b> *stars*"  # type: ignore[index]
    assert review["author"] == {"@type": "Organization", "name": "Ketamine clinic claims, checked"}


def test_hostile_text_stays_inside_the_json() -> None:
    [review] = _extract("claims/clinic-best.md")
    assert review["claimReviewed"] == 'The clinic is the best in town <script>alert("claim")</script>.'
    assert "ratingValue" not in review["reviewRating"]  # type: ignore[operator]


def test_rating_scale_is_documented() -> None:
    text = (Path(__file__).parent.parent / "docs" / "methodology.md").read_text()
    for verdict, value in RATING_VALUES.items():
        assert f"| {verdict.value} | {value} |" in text
    assert f"| {Verdict.NOT_CHECKABLE.value} | none |" in text


def test_review_body_is_the_claims_one_line_summary(tmp_path: Path) -> None:
    """The takeaway shown under the verdict is the review's body; without one, the rationale."""
    import shutil

    [review] = _extract("claims/ptsd-prevalence.md")
    kb, _ = pipeline.check(GOOD)
    assert review["reviewBody"] == kb.claims["ptsd-prevalence"].rationale  # type: ignore[index]
    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    path = root / "claims" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  verdict: partly_supported\n", "  verdict: partly_supported\n  summary: >-\n    Close to the\n    survey's figure.\n", 1)
    path.write_text(text, encoding="utf-8")
    [review] = _extract("claims/ptsd-prevalence.md", root)
    assert review["reviewBody"] == "Close to the survey's figure."
