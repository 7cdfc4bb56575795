"""The site in a real browser: Debian's chromium, driven by Playwright, against the built site
served on 127.0.0.1. Screenshots are kept in test-output/screenshots/ for the reader of a run.

`make test` installs chromium from the distribution's packages when it is missing.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-output" / "screenshots"
# Without these, chromium tries to reach Google's services and this machine's closed network
# refuses them (many at a time); the sandbox needs a non-root user, which CI does not have.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (make test installs it)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # console errors and uncaught exceptions of this page
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_home_page_shows_the_verdict_chart_and_counts(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    assert page.locator("svg.kb-chart rect").count() >= 6
    articles = len(list((ROOT / "claims" / "articles").glob("*.txt")))
    assert page.locator("table.kb-tally tbody tr").count() == 1 + articles  # all claims + one row per article
    assert page.locator(".kb-attention li").count() >= 1
    _shot(page, "home")
    assert page.errors == []


def test_annotated_article_highlights_link_to_claims(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "articles/ptsd/")
    marks = page.locator("a.kb-mark")
    assert marks.count() >= 20
    assert page.locator("a.kb-mark.kb-contradicted").count() >= 1
    _shot(page, "article-ptsd")
    first = page.locator("a.kb-mark.kb-contradicted").first
    first.click()
    page.wait_for_load_state()
    assert "/claims/" in page.url
    assert page.locator(".kb-badge.kb-contradicted").count() >= 1
    assert page.errors == []


def test_claim_page_shows_verdict_rationale_and_evidence(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/")
    page.locator("table.kb-claims-table a", has_text="misuse").first.click()
    page.wait_for_load_state()
    assert page.locator(".kb-verdict .kb-badge").count() == 1
    assert "Why:" in page.locator(".kb-rationale").inner_text()
    rows = page.locator("table.kb-evidence tbody tr")
    assert rows.count() >= 1
    _shot(page, "claim-opioid-misuse")
    rows.first.locator("a").click()
    page.wait_for_load_state()
    assert "/references/" in page.url
    assert page.locator(".kb-citation").inner_text().strip()
    assert page.errors == []


def test_claims_table_filters_by_verdict_and_article(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/")
    rows = page.locator("table.kb-claims-table tbody tr")
    total = rows.count()
    page.select_option("select[data-filter=verdict]", "contradicted")
    visible = page.locator("table.kb-claims-table tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        assert visible.nth(i).get_attribute("data-verdict") == "contradicted"
    page.select_option("select[data-filter=articles]", "ptsd")
    for i in range(visible.count()):
        assert "ptsd" in (visible.nth(i).get_attribute("data-articles") or "").split()
    _shot(page, "claims-table-filtered")
    page.select_option("select[data-filter=verdict]", "")
    page.select_option("select[data-filter=articles]", "")
    assert visible.count() == total
    assert page.errors == []


def test_claims_table_sorts_by_a_column(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/")
    page.locator("table.kb-claims-table th", has_text="Sources").click()
    counts = [int(t) for t in page.locator("table.kb-claims-table tbody tr td:nth-child(6)").all_inner_texts()]
    assert counts == sorted(counts)


def test_graph_view_draws_nodes_offline(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto(base_url + "graph/")
    page.wait_for_function("document.getElementById('kb-graph').dataset.nodes > 0", timeout=20000)
    assert page.locator("#kb-graph canvas").count() >= 1
    _shot(page, "graph")
    assert page.errors == []
    assert outside == []


def test_search_finds_a_claim_by_its_words(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("Operation Iraqi Freedom")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    _shot(page, "search")


def test_cite_this_copies_the_ama_citations_of_a_claims_sources(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A writer on the opioid-misuse claim copies the AMA citation of its supporting source."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "claims/nida-21-to-29-percent-misuse-prescribed-opioids/")
    box = page.locator("[data-kb-cite]").first
    box.locator("button[data-style=vancouver]").click()
    assert box.locator("ol[data-style=vancouver]").is_visible() and not box.locator("ol[data-style=ama]").is_visible()
    box.locator("button[data-style=ama]").click()
    shown = box.locator("ol[data-style=ama] li").all_inner_texts()
    assert any("Vowles" in c and "doi:" in c for c in shown), shown
    box.locator(".kb-copy").click()
    page.wait_for_function("document.querySelector('[data-kb-cite] .kb-copied').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(shown)
    box.scroll_into_view_if_needed()
    _shot(page, "claim-opioid-misuse-cite-this")
    assert errors == []
    context.close()


PHONE_PAGES = ("", "articles/ptsd/", "claims/", "claims/nida-21-to-29-percent-misuse-prescribed-opioids/", "references/vowles2015rates/")


def test_pages_fit_a_phone_screen(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """No page is wider than a phone: wide tables scroll inside themselves or become cards."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = {}
    for path in PHONE_PAGES:
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            too_wide[path] = overflow
    assert too_wide == {}, f"pages wider than the phone screen, by pixels: {too_wide}"
    page.goto(base_url + PHONE_PAGES[3])
    assert page.locator(".kb-verdict .kb-badge").is_visible()
    page.locator("table.kb-evidence").scroll_into_view_if_needed()
    _shot(page, "phone-claim-evidence")
    context.close()


def test_a_claim_page_prints_without_navigation(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/nida-21-to-29-percent-misuse-prescribed-opioids/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("table.kb-evidence").is_visible() and page.locator(".kb-rationale").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "print-claim.pdf"), format="A4")
    assert (SHOTS / "print-claim.pdf").stat().st_size > 10_000


def test_claims_resting_on_a_single_source_are_listed_with_that_source(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/")
    items = page.locator("ul.kb-single-source li")
    assert items.count() >= 1
    for i in range(items.count()):
        links = items.nth(i).locator("a")
        assert links.count() == 2  # the claim, then its one source
        assert "/references/" in (links.nth(1).get_attribute("href") or "")
    page.locator("#claims-resting-on-a-single-source").scroll_into_view_if_needed()
    _shot(page, "claims-single-source")
    items.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "a single source" in page.locator(".kb-neighbourhood").inner_text()
