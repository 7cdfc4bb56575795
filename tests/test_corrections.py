"""The corrections page and its Atom feed: every verdict change from the claims' history, newest
first, dated from the data; "Report an error" reads repo_url and never invents one."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import GOOD, ROOT
from graph import pipeline

A = "{http://www.w3.org/2005/Atom}"
HISTORY = """  verdict: supported
  history:
    - verdict: unsupported
      reviewed: 2025-01-02
      reason: The record had not been found.
    - verdict: partly_supported
      reviewed: 2025-06-01
      reason: The full record says all adults, not only veterans.
"""


def _with_history(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    path = root / "claims" / "demo.yaml"
    path.write_text(path.read_text().replace("  verdict: supported\n", HISTORY, 1))
    return root


def test_corrections_page_lists_every_change_newest_first(tmp_path: Path) -> None:
    result = pipeline.run(_with_history(tmp_path))
    assert result.site is not None, list(result.report)
    page = result.site.pages["corrections.md"]
    rows = [r for r in page.split("<tr>")[2:]]
    assert len(rows) == 2
    # the claim's current review (2026-11-25 in the fixture) changed partly supported -> supported
    assert rows[0].startswith("<td>2026-11-25</td>") and "kb-partly_supported" in rows[0] and rows[0].index("kb-partly_supported") < rows[0].index("kb-supported\"")
    assert "The full record says all adults" in rows[0]
    assert rows[1].startswith("<td>2025-06-01</td>") and "The record had not been found." in rows[1]
    assert 'href="../claims/ketamine-nmda-antagonist/"' in rows[0]
    assert "(downloads/corrections.atom)" in page  # a Markdown link: mkdocs checks and rewrites it


def test_the_feed_is_valid_atom_dated_from_the_data(tmp_path: Path) -> None:
    result = pipeline.run(_with_history(tmp_path), site_url="https://kb.example.org")
    assert result.site is not None
    feed = ET.fromstring(result.site.downloads["corrections.atom"])
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{A}{tag}") is not None, tag
    assert feed.findtext(f"{A}updated") == "2026-11-25T00:00:00Z"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}updated") for e in entries] == ["2026-11-25T00:00:00Z", "2025-06-01T00:00:00Z"]
    for e in entries:
        assert e.findtext(f"{A}id") and e.findtext(f"{A}title") and e.findtext(f"{A}summary")
        link = e.find(f"{A}link")
        assert link is not None and link.get("href") == "https://kb.example.org/claims/ketamine-nmda-antagonist/"
    assert len({e.findtext(f"{A}id") for e in entries}) == 2
    assert "partly supported -> supported" in (entries[0].findtext(f"{A}title") or "")
    again = pipeline.run(_with_history(tmp_path / "again"), site_url="https://kb.example.org")
    assert again.site is not None and again.site.downloads["corrections.atom"] == result.site.downloads["corrections.atom"]


def test_the_shipped_feed_parses_and_reporting_names_no_invented_address() -> None:
    result = pipeline.run(ROOT)
    assert result.site is not None
    feed = ET.fromstring(result.site.downloads["corrections.atom"])
    assert feed.findtext(f"{A}id") and feed.findtext(f"{A}updated")
    assert not [line for line in (ROOT / "mkdocs.yml").read_text().splitlines() if line.startswith(("repo_url", "repo_name"))]
    page = result.site.pages["claims/ketamine-single-dose-gad-sad-effect-14-weeks.md"]
    assert "names no repository" in page and 'href="../../methodology/#reporting-an-error"' in page
    assert "/issues" not in page


def test_report_an_error_links_to_the_repository_when_repo_url_is_set() -> None:
    result = pipeline.run(GOOD, repo_url="https://example.org/owner/kb/")
    assert result.site is not None
    page = result.site.pages["claims/ptsd-prevalence.md"]
    assert '<a href="https://example.org/owner/kb/issues">' in page and "names no repository" not in page
    assert '<a href="https://example.org/owner/kb/issues">' in result.site.pages["corrections.md"]


def _valid_atom(body: bytes) -> list[str]:
    """The feed parsed and checked for what RFC 4287 requires of a feed and of each entry (id,
    title, updated as an RFC 3339 time); its entries' updated times, in the feed's order."""
    import datetime as dt

    feed = ET.fromstring(body)
    assert feed.tag == f"{A}feed"
    for el in (feed, *feed.findall(f"{A}entry")):
        for tag in ("id", "title", "updated"):
            assert (el.findtext(f"{A}{tag}") or "").strip(), (tag, ET.tostring(el)[:200])
        dt.datetime.fromisoformat((el.findtext(f"{A}updated") or "").replace("Z", "+00:00"))
    assert feed.find(f"{A}author/{A}name") is not None
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert len(ids) == len(set(ids))
    return [e.findtext(f"{A}updated") or "" for e in feed.findall(f"{A}entry")]


def test_export_writes_the_corrections_feed_newest_first(tmp_path: Path) -> None:
    """`build_kb.py export` writes corrections.atom too, the same feed the site serves under
    downloads/, and the downloads page lists it."""
    import subprocess
    import sys

    root = _with_history(tmp_path)
    run = subprocess.run([sys.executable, str(ROOT / "build_kb.py"), "--root", str(root), "export", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    written = (tmp_path / "out" / "corrections.atom").read_bytes()
    times = _valid_atom(written)
    assert len(times) == 2 and times == sorted(times, reverse=True)
    result = pipeline.run(root)
    assert result.site is not None and result.site.downloads["corrections.atom"] == written
    assert '<a href="../downloads/corrections.atom" download="corrections.atom">corrections.atom</a>' in result.site.pages["downloads.md"]
    assert "2 corrections" in result.site.pages["downloads.md"]


def test_the_shipped_corrections_feed_is_valid_atom_newest_first() -> None:
    result = pipeline.run(ROOT)
    assert result.site is not None
    times = _valid_atom(result.site.downloads["corrections.atom"])
    assert times == sorted(times, reverse=True)
