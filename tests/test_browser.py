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
    articles = len(list((ROOT / "claims" / "articles").glob("*.txt")))
    assert page.locator("figure.kb-chart .kb-bar").count() == 1 + articles  # all claims + one bar per article
    assert page.locator("figure.kb-chart .kb-bar-part").count() >= 6
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
    page.wait_for_function("document.querySelector('form[data-kb-claims]').dataset.shown > 0")
    rows = page.locator("table.kb-claims-table tbody tr")
    total = rows.count()
    page.select_option("select[data-filter=verdict]", "contradicted")
    assert 0 < rows.count() < total
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-verdict") == "contradicted"
    page.select_option("select[data-filter=article]", "ptsd")
    for i in range(rows.count()):
        assert "ptsd" in (rows.nth(i).get_attribute("data-articles") or "").split()
    _shot(page, "claims-table-filtered")
    page.select_option("select[data-filter=verdict]", "")
    page.select_option("select[data-filter=article]", "")
    assert rows.count() == total
    assert page.errors == []


@pytest.mark.slow
def test_claims_table_filter_round_trips_through_the_address(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/")
    page.wait_for_function("document.querySelector('form[data-kb-claims]').dataset.shown > 0")
    page.select_option("select[data-filter=verdict]", "supported")
    page.fill("input[data-filter=words]", "opioid")
    # The script rewrites the address with history.replaceState; page.url only learns of that
    # through an asynchronous navigation event, so read the address from the page itself.
    page.wait_for_function("new URLSearchParams(location.search).get('words') === 'opioid'")
    shared = page.evaluate("location.href")
    assert "verdict=supported" in shared and "words=opioid" in shared
    shown = page.locator("table.kb-claims-table tbody tr").all_inner_texts()
    assert shown and all("opioid" in t.lower() for t in shown)
    page.goto(base_url)
    page.goto(shared)  # a reader opening the shared address sees the same view
    page.wait_for_function("document.querySelector('form[data-kb-claims]').dataset.shown > 0")
    assert page.locator("select[data-filter=verdict]").input_value() == "supported"
    assert not page.locator("#__search").is_checked()  # the theme's site search (?q=) stays closed
    assert page.locator("table.kb-claims-table tbody tr").all_inner_texts() == shown
    page.fill("input[data-filter=words]", "no claim has these words zzqx")
    assert "No claim matches" in page.locator(".kb-count").inner_text()
    assert not page.locator("table.kb-claims-table").is_visible()
    page.locator("form[data-kb-claims] button[type=reset]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("!window.location.search")
    assert page.locator("table.kb-claims-table tbody tr").count() > len(shown)
    assert page.errors == []


@pytest.mark.slow
def test_claims_table_is_a_list_of_cards_on_a_phone(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "claims/")
    page.wait_for_function("document.querySelector('form[data-kb-claims]').dataset.shown > 0")
    assert not page.locator("table.kb-claims-table thead").is_visible()
    first = page.locator("table.kb-claims-table tbody tr").first
    assert first.bounding_box()["width"] > 300  # a card as wide as the screen, not a 43 px column
    small = page.evaluate("""[...document.querySelectorAll('.kb-filters select, .kb-filters input, .kb-filters button, .kb-claims-table a')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && (r.height < 24 || r.width < 24)).length""")
    assert small == 0
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    _shot(page, "phone-claims-cards")
    context.close()


def test_claims_table_sorts_by_a_column(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "claims/")
    page.wait_for_function("document.querySelector('form[data-kb-claims]').dataset.shown > 0")
    page.locator("table.kb-claims-table th button", has_text="Sources").click()
    counts = [int(t) for t in page.locator("table.kb-claims-table tbody tr td:nth-child(6)").all_inner_texts()]
    assert counts == sorted(counts)


def test_graph_view_draws_nodes_offline(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    warnings: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(base_url + "graph/")
    page.wait_for_function("document.getElementById('kb-graph').dataset.nodes > 0", timeout=20000)
    assert page.locator("#kb-graph canvas").count() >= 1
    # Labels shown at the default zoom are at least 12 px on screen.
    sizes = page.evaluate("kbGraph.nodes().filter(n => n.style('label') !== '').map(n => n.numericStyle('font-size') * kbGraph.zoom())")
    assert sizes and min(sizes) >= 12 - 1e-6
    # Three bands: every article left of every claim, every claim left of every source.
    x = page.evaluate("['article','claim','reference'].map(k => kbGraph.nodes(`[kind = '${k}']`).map(n => n.position('x')))")
    assert max(x[0]) < min(x[1]) and max(x[1]) < min(x[2])
    _shot(page, "graph")
    assert page.errors == []
    assert warnings == []  # e.g. cytoscape's warning about a custom wheel sensitivity
    assert outside == []


def _tap_node(page, node: str) -> None:  # type: ignore[no-untyped-def]
    """Click a graph node where it is drawn, as a reader's mouse would."""
    box = page.locator("#kb-graph").bounding_box()
    at = page.evaluate(f"kbGraph.getElementById('{node}').renderedPosition()")
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


@pytest.mark.slow
def test_graph_search_isolates_a_claims_neighbourhood_without_navigating(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "graph/")
    page.wait_for_function("document.getElementById('kb-graph').dataset.nodes > 0", timeout=20000)
    url = page.url
    page.fill("#kb-graph-q", "21 to 29 percent")
    page.press("#kb-graph-q", "Enter")
    claim = "claim:nida-21-to-29-percent-misuse-prescribed-opioids"
    page.wait_for_function(f"document.getElementById('kb-graph').dataset.selected === '{claim}'")
    near = set(page.evaluate("kbGraph.nodes('.kb-near').map(n => n.id())"))
    expected = set(page.evaluate(f"kbGraph.getElementById('{claim}').closedNeighborhood('node').map(n => n.id())"))
    assert near == expected and "article:chronic-pain" in near and len(near) >= 3
    faded = page.evaluate("kbGraph.nodes('.kb-faded').length")
    assert faded == page.evaluate("kbGraph.nodes().length") - len(near)
    panel = page.locator(".kb-graph-panel")
    assert "21 to 29 percent" in panel.inner_text()
    assert page.url == url  # selecting never navigates
    # Tapping a node selects it too, without navigating.
    _tap_node(page, "article:chronic-pain")  # in view: the fit shows the neighbourhood
    assert page.evaluate("document.getElementById('kb-graph').dataset.selected") == "article:chronic-pain"
    assert page.url == url
    _tap_node(page, claim)
    _shot(page, "graph-selected")
    # Filters: contradicted claims only, then sources hidden; reset shows everything again.
    total = page.evaluate("kbGraph.nodes().length")
    page.select_option("select[data-graph-filter=verdict]", "contradicted")
    verdicts = set(page.evaluate("kbGraph.nodes(\"[kind = 'claim']\").not('.kb-hidden').map(n => n.data('verdict'))"))
    assert verdicts == {"contradicted"}
    page.uncheck("input[data-graph-kind=reference]")
    assert page.evaluate("kbGraph.nodes(\"[kind = 'reference']\").not('.kb-hidden').length") == 0
    page.click("[data-graph=reset]")
    assert page.evaluate("kbGraph.nodes().not('.kb-hidden').length") == total
    assert page.evaluate("kbGraph.nodes('.kb-faded').length") == 0
    # The panel's button is what opens the page.
    page.fill("#kb-graph-q", "nida-21-to-29-percent-misuse-prescribed-opioids")
    page.press("#kb-graph-q", "Enter")
    page.locator(".kb-graph-panel a.kb-open").click()
    page.wait_for_load_state()
    assert page.url.endswith("/claims/nida-21-to-29-percent-misuse-prescribed-opioids/")
    assert page.errors == []


def test_search_finds_a_claim_by_its_words(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """The header search loads nothing until used, then finds the claim for a pasted sentence."""
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(base_url + "claims/ptsd-affects-3-5-percent-us-adults-yearly/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "/search/" in u]  # no index until the box is used
    box = page.locator("#kb-search-input")
    box.focus()
    box.fill("the impact of just one infusion lasted for up to 14 weeks")
    first = page.locator("#kb-search-results li a").first
    first.wait_for(timeout=15000)
    assert first.get_attribute("href").endswith("claims/ketamine-single-dose-gad-sad-effect-14-weeks/")
    assert [u for u in loaded if u.endswith("/search/manifest.js")]
    box.fill("how many Americans have PTSD")
    page.wait_for_function("document.querySelector('#kb-search-results a[href$=\"claims/ptsd-affects-3-5-percent-us-adults-yearly/\"]') !== null", timeout=15000)
    claims = page.locator("#kb-search-results li a[href*='/claims/']")
    assert claims.first.get_attribute("href").endswith("claims/ptsd-affects-3-5-percent-us-adults-yearly/")
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#kb-search-results') !== null")
    _shot(page, "search")
    assert page.errors == []


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
    assert not box.locator("pre[data-style=bibtex]").is_visible()  # the theme's pre rule must not outrank hidden
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


FOURTEEN_WEEKS = "claims/ketamine-single-dose-gad-sad-effect-14-weeks/"


def _in_viewport(page, locator) -> bool:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.slow
def test_a_claim_page_shows_verdict_summary_and_who_was_studied_on_one_screen(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A physician at 1366x768 sees, without scrolling, the verdict, the takeaway, and who was
    studied, how many and for how long."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(base_url + FOURTEEN_WEEKS)
    first = page.locator("table.kb-evidence tbody tr").first
    _shot(page, "claim-14-weeks-1366x768")
    for part in (page.locator(".kb-verdict .kb-badge"), page.locator(".kb-takeaway"), first.locator(".kb-population"), first.locator(".kb-size span"), first.locator(".kb-follow-up span")):
        assert _in_viewport(page, part), part
    assert "12 patients" in first.locator(".kb-size").inner_text()
    assert first.locator("td").first.inner_text().startswith("Glue 2017")
    page.locator(".kb-verdict .kb-badge").click()
    page.wait_for_load_state()
    assert page.url.endswith("/methodology/#verdict-misleading")
    assert page.evaluate("document.querySelector(':target').id") == "verdict-misleading"
    context.close()


@pytest.mark.slow
def test_where_it_appears_lands_on_the_highlighted_words(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + FOURTEEN_WEEKS)
    page.locator(".kb-occurrences a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/articles/anxiety/#occ-ketamine-single-dose-gad-sad-effect-14-weeks-1")
    target = page.locator(":target")
    assert target.evaluate("el => el.matches('a.kb-mark.kb-misleading')")
    assert "lasted for up to 14 weeks" in target.inner_text()
    assert _in_viewport(page, target)
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    _shot(page, "article-target-14-weeks")
    # an occurrence several claims share starts at an empty anchor; every stretch of it is marked
    page.goto(base_url + "articles/anxiety/#occ-tranquility-clinic-effective-for-ptsd-1")
    marked = page.locator(".kb-mark.kb-target")
    assert marked.count() >= 1 and _in_viewport(page, marked.first)
    assert page.errors == []


@pytest.mark.slow
def test_shared_words_show_the_worst_verdict_and_every_claims_number(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "articles/ptsd/")
    shared = page.locator("a.kb-mark.kb-shared", has_text="on the battlefield")
    assert shared.count() == 1
    assert "kb-contradicted" in (shared.get_attribute("class") or "")
    labels = shared.evaluate("el => { const out = []; let n = el.nextElementSibling; while (n && n.tagName === 'SUP') { out.push(n.querySelector('a').getAttribute('href')); n = n.nextElementSibling; } return out; }")
    assert {h.rstrip("/").rsplit("/", 1)[-1] for h in labels} == {"ketamine-replaced-morphine-as-buddy-drug", "ketamine-used-in-vietnam-war"}
    shared.scroll_into_view_if_needed()
    _shot(page, "article-ptsd-shared-battlefield")
    assert page.locator(".kb-caption figcaption").inner_text().endswith("Latina Woman with PTSD")
    assert page.locator(".kb-article-text h3", has_text="Fast Relief").count() == 1


@pytest.mark.slow
def test_home_page_ranks_the_attention_list_for_a_patient(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    assert "what matters to a patient" in page.locator(".kb-attention-reason").inner_text()
    items = page.locator(".kb-attention li")
    top = [items.nth(i).locator("a").get_attribute("href") or "" for i in range(5)]
    assert any("ketamine-single-dose-gad-sad-effect-14-weeks" in h for h in top), top
    page.locator("#needs-attention").scroll_into_view_if_needed()
    _shot(page, "home-attention")


@pytest.mark.slow
def test_corrections_page_and_its_feed_and_how_to_report_an_error(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    page.goto(base_url + "corrections/")
    assert page.locator("h1").inner_text().startswith("Corrections")
    feed = page.locator("a", has_text="corrections feed")
    response = page.request.get(base_url + "corrections/" + (feed.get_attribute("href") or ""))
    assert response.ok and ET.fromstring(response.body()).tag == "{http://www.w3.org/2005/Atom}feed"
    _shot(page, "corrections")
    # The downloads table lists the same feed; it is Atom, its entries newest first.
    page.goto(base_url + "downloads/")
    row = page.locator("table.kb-downloads tr", has_text="corrections.atom")
    assert row.count() == 1 and "Atom feed" in row.inner_text()
    listed = page.request.get(base_url + "downloads/" + (row.locator("a").get_attribute("href") or ""))
    assert listed.ok and listed.body() == response.body()
    updated = [e.findtext("{http://www.w3.org/2005/Atom}updated") or "" for e in ET.fromstring(listed.body()).iter("{http://www.w3.org/2005/Atom}entry")]
    assert updated == sorted(updated, reverse=True)
    page.goto(base_url + FOURTEEN_WEEKS)
    page.locator(".kb-report a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/methodology/#reporting-an-error")
    assert "whoever published" in page.locator("#reporting-an-error + p").inner_text()


# --- Accessibility: axe-core (npm, package-lock.json) on every kind of page -----------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _claims_with(verdict: str) -> list[str]:
    """The ids of the shipped claims with this verdict, sorted (read from the data, so the pages exist)."""
    from graph import pipeline
    from graph.model import Verdict

    kb, _ = pipeline.check(ROOT)
    return sorted(c.id for c in kb.claims.values() if c.verdict is Verdict(verdict))


def _first_claim_with(verdict: str) -> str:
    """The id of the first shipped claim with this verdict."""
    return _claims_with(verdict)[0]


def _axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core on the page as it stands; its serious and critical violations (id, impact,
    help, and each failing node's selector and summary)."""
    # The theme fades its tabs and buttons in: check the settled page, not a frame of a transition.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document)).violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}))""")
    return [v for v in violations if v["impact"] in BLOCKING]


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['impact']} {v['id']} ({v['help']}), {len(v['nodes'])} node(s)")
            lines += [f"    {n[:300]}" for n in v["nodes"][:10]]
    return "\n".join(lines)


def _ready(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until a page's script has drawn what it draws (the claims table's rows, the graph)."""
    if path == "claims/":
        page.wait_for_function("document.querySelector('form[data-kb-claims]').dataset.shown > 0")
    elif path == "graph/":
        page.wait_for_function("document.getElementById('kb-graph').dataset.nodes > 0", timeout=20000)


@pytest.mark.slow
def test_axe_finds_no_serious_or_critical_violation_on_any_kind_of_page(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Every kind of page, at 1366 px and (the claims table, as cards) at 390 px, and the states
    scripts draw: a Check a sentence result list, the graph's side panel, each Cite this tab."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci (package-lock.json pins axe-core)")
    pages = {
        "home": "",
        "annotated article": "articles/ptsd/",
        "annotated article, declared headings": "articles/faqs/",
        "articles index": "articles/",
        "claim with evidence": FOURTEEN_WEEKS,
        "not-checkable claim": f"claims/{_first_claim_with('not_checkable')}/",
        "reference (Cite this)": "references/vowles2015rates/",
        "references index": "references/",
        "claims table": "claims/",
        "graph view": "graph/",
        "Check a sentence": "check/",
        "corrections": "corrections/",
        "methodology": "methodology/",
        "downloads": "downloads/",
        "data format": "data-format/",
    }
    # A draft claim's page is checked while the shipped data has one (its "not yet reviewed" view is
    # also covered by tests/test_pending.py); once every draft is reviewed there is none to open.
    drafts = _claims_with("pending")
    if drafts:
        pages["pending claim"] = f"claims/{drafts[0]}/"
    found: dict[str, list[dict]] = {}
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    for name, path in pages.items():
        page.goto(base_url + path)
        _ready(page, path)
        found[f"{name} ({path or '/'})"] = _axe(page)
    # States drawn by the pages' scripts.
    page.goto(base_url + "check/")
    page.fill("#kb-check-input", "the impact of just one infusion lasted for up to 14 weeks")
    page.click("#kb-check-button")
    page.locator("#kb-check-results li").first.wait_for()
    found["Check a sentence, with results"] = _axe(page)
    page.goto(base_url + "graph/")
    _ready(page, "graph/")
    page.fill("#kb-graph-q", "21 to 29 percent")
    page.press("#kb-graph-q", "Enter")
    page.wait_for_function("document.getElementById('kb-graph').dataset.selected")
    found["graph view, a claim selected"] = _axe(page)
    page.goto(base_url + "references/vowles2015rates/")
    for style in page.locator("[data-kb-cite] .kb-cite-styles button").all():
        style.click()
        found[f"reference, Cite this tab {style.inner_text()}"] = _axe(page)
    page.goto(base_url + "methodology/")
    page.locator("article p a").first.focus()  # the theme colours a focused link with its accent
    found["methodology, a link focused"] = _axe(page)
    page.goto(base_url + "claims/?words=no+claim+has+these+words+zzqx")
    page.wait_for_function("document.querySelector('.kb-count').textContent.includes('No claim')")
    found["claims table, no result"] = _axe(page)
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = phone.new_page()
    for name, path in (("phone: claims table as cards", "claims/"), ("phone: home", ""), ("phone: claim", FOURTEEN_WEEKS), ("phone: annotated article", "articles/ptsd/")):
        page.goto(base_url + path)
        _ready(page, path)
        found[name] = _axe(page)
    phone.close()
    assert len(found) >= 20
    failing = {k: v for k, v in found.items() if v}
    assert failing == {}, "axe-core found serious or critical violations:\n" + _report(failing)


@pytest.mark.slow
def test_every_articles_headings_and_captions_are_drawn_as_such(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Each article's headings (declared in claims/articles.yaml or by the blank-line rule) are
    headings on screen, larger than the body text, at 1366 px and 390 px; captions are set apart."""
    from graph import pipeline
    from graph.render import paragraph_kinds

    kb, _ = pipeline.check(ROOT)
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for aid, a in kb.articles.items():
            kinds = paragraph_kinds(a.text, a.title, a.headings, a.captions)
            expected = [line for line, k in zip(a.text.split("\n"), kinds, strict=True) if k == "heading"]
            page.goto(base_url + f"articles/{aid}/")
            shown = page.locator(".kb-article-text h3.kb-text-heading").all_inner_texts()
            assert [t.strip() for t in shown] == expected, aid
            body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.kb-article-text p')).fontSize)")
            sizes = page.evaluate("[...document.querySelectorAll('.kb-article-text h3')].map(h => parseFloat(getComputedStyle(h).fontSize))")
            assert all(s > body for s in sizes), (aid, sizes, body)
            captions = [line for line, k in zip(a.text.split("\n"), kinds, strict=True) if k == "caption"]
            assert len(captions) == page.locator(".kb-article-text figure.kb-caption figcaption").count(), aid
            if aid == "faqs":
                page.locator("h3.kb-text-heading", has_text="Are ketamine infusions safe?").scroll_into_view_if_needed()
                _shot(page, f"article-faqs-headings-{width}")
        context.close()


@pytest.mark.slow
def test_home_verdict_table_fits_and_reads_at_1366_and_390_px(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """One row per article (five now): inside the text column on a laptop, a card per article on a
    phone; text at least 12 px, titles never broken mid-word, title links at least 24 px."""
    articles = len(list((ROOT / "claims" / "articles").glob("*.txt")))
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500)
        page = context.new_page()
        page.goto(base_url)
        table = page.locator("table.kb-tally")
        assert table.locator("tbody tr").count() == 1 + articles
        fit = page.evaluate("""(() => { const t = document.querySelector('table.kb-tally'), col = t.closest('article').getBoundingClientRect(), r = t.getBoundingClientRect();
            return {over: document.documentElement.scrollWidth - document.documentElement.clientWidth, right: r.right - col.right, left: col.left - r.left, inner: t.scrollWidth - t.clientWidth}; })()""")
        assert fit["over"] <= 0 and fit["right"] <= 1 and fit["left"] <= 1 and fit["inner"] <= 0, (width, fit)
        sizes = page.evaluate("[...document.querySelectorAll('table.kb-tally td')].filter(e => e.offsetWidth).map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 12, (width, min(sizes))
        chart = page.evaluate("[...document.querySelectorAll('figure.kb-chart .kb-bar-name, figure.kb-chart .kb-bar-part, figure.kb-chart li')].filter(e => e.offsetWidth && e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert chart and min(chart) >= 12, (width, min(chart))  # the SVG chart drew 5 px labels at 390 px
        # A title broken mid-word would make its cell narrower than its longest word.
        broken = page.evaluate("""[...document.querySelectorAll('table.kb-tally td:first-child a')].filter(a => {
            const probe = document.createElement('span'), cs = getComputedStyle(a);
            Object.assign(probe.style, {position: 'absolute', whiteSpace: 'nowrap', fontFamily: cs.fontFamily, fontSize: cs.fontSize, fontWeight: cs.fontWeight, letterSpacing: cs.letterSpacing});
            const longest = a.textContent.split(/\\s+/).sort((x, y) => y.length - x.length)[0]; probe.textContent = longest;
            document.body.appendChild(probe); const w = probe.getBoundingClientRect().width; probe.remove();
            return a.getBoundingClientRect().width + 0.5 < w; }).map(a => a.textContent)""")
        assert broken == [], (width, broken)
        small = page.evaluate("[...document.querySelectorAll('table.kb-tally a')].map(a => a.getBoundingClientRect()).filter(r => r.height < 24 || r.width < 24).length")
        assert small == 0, width
        if width < 500:  # cards: each count carries its verdict's name
            assert table.locator("thead").is_hidden()
            assert table.locator("tbody tr").first.bounding_box()["width"] > 300
            assert page.evaluate("getComputedStyle(document.querySelector('table.kb-tally td[data-label]'), '::before').content").startswith('"supported')
        table.scroll_into_view_if_needed()
        _shot(page, f"home-verdict-table-{width}")
        context.close()


@pytest.mark.slow
def test_an_articles_claim_numbers_are_24_px_targets(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """The [n] after each highlight links to its claim beside the highlight's own link: at least
    24 by 24 px (WCAG 2.2, 2.5.8) at both widths, in every article."""
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500)
        page = context.new_page()
        for path in sorted((ROOT / "claims" / "articles").glob("*.txt")):
            page.goto(base_url + f"articles/{path.stem}/")
            boxes = page.evaluate("[...document.querySelectorAll('.kb-article-text sup.kb-label a')].map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })")
            assert boxes, path.stem
            assert min(min(w, h) for w, h in boxes) >= 24, (width, path.stem, min(min(w, h) for w, h in boxes))
        context.close()


@pytest.mark.slow
def test_opened_from_disk_the_site_says_how_to_serve_it_and_search_still_finds(page, site: Path, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """file://: every page says at its top how to serve the site (its folder links show listings);
    the header search still loads its index and finds. Served over http, no such note."""
    page.goto((site / "claims" / "ketamine-single-dose-gad-sad-effect-14-weeks" / "index.html").as_uri())
    note = page.locator(".kb-file-note")
    assert note.is_visible() and "python3 -m http.server -d site 8000" in note.inner_text()
    assert note.bounding_box()["y"] < 50
    box = page.locator("#kb-search-input")
    box.focus()
    box.fill("how many Americans have PTSD")
    page.wait_for_function("document.querySelector('#kb-search-results a[href*=\"ptsd-affects-3-5-percent-us-adults-yearly\"]') !== null", timeout=15000)
    _shot(page, "file-url-note")
    assert page.errors == []
    page.goto(base_url)
    assert page.locator(".kb-file-note").count() == 0
