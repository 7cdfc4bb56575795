"""The pipeline in one place: load -> validate -> verdict -> (stop on errors) -> link -> cite -> render -> export.

Input: a project root. Output: a Result with the report and, when the data has no errors, the
knowledge graph and the rendered site (pages, dashboard, downloads). build_kb.py and the mkdocs
hook both call run(), so the command line and the site can never disagree.
Load once per build: the command checks the data, then remember()s the result; the hook's run()
takes it from there as long as no data file changed since (under `serve`, an edit changes the
files, so each rebuild loads afresh).
Issue codes: those of graph.load, graph.validate and graph.verdict.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph import cite, export, load, validate, verdict
from graph.issues import Report, now_at
from graph.link import KnowledgeGraph, staleness
from graph.model import KnowledgeBase, Position
from graph.render import CLAIMS_TABLE_NAME, Renderer, article_page, claim_page, reference_page


@dataclass(frozen=True)
class Site:
    """What the site adds to the hand-written docs; sources maps a page to the data it shows."""

    pages: dict[str, str]
    dashboard: str
    downloads: dict[str, bytes]
    sources: dict[str, Position]


@dataclass(frozen=True)
class Result:
    """The outcome of one run; graph and site are None when the data has errors."""

    kb: KnowledgeBase
    report: Report
    graph: KnowledgeGraph | None
    site: Site | None


DATA_FOLDERS = ("claims", "references")

# The last check the command ran, for the hook in the same process: root -> (files, kb, report).
_remembered: dict[Path, tuple[tuple[tuple[str, int, int], ...], KnowledgeBase, Report]] = {}


def data_files(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under the data folders with its modification time and size: what a load reads."""
    found = []
    for folder in DATA_FOLDERS:
        for dirpath, _, names in os.walk(root / folder):
            for name in names:
                path = Path(dirpath) / name
                try:
                    st = path.stat()
                except OSError:  # a dangling link: the load reports it
                    found.append((str(path), -1, -1))
                    continue
                found.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(sorted(found))


def check(root: Path) -> tuple[KnowledgeBase, Report]:
    """Load and check the data; every problem is in the report."""
    now_at(None)
    kb, load_issues = load.load(root)
    report = Report()
    report.extend(load_issues)
    now_at(None)
    report.extend(validate.validate(kb))
    report.extend(verdict.check(kb))
    now_at(None)
    return kb, report


def remember(root: Path, kb: KnowledgeBase, report: Report) -> None:
    """Keep this check for the next run() on root in this process, while the data is unchanged."""
    _remembered.clear()
    _remembered[root.resolve()] = (data_files(root), kb, report)


def checked(root: Path) -> tuple[KnowledgeBase, Report]:
    """The remembered check of root when no data file changed since, else a new check."""
    kept = _remembered.get(root.resolve())
    if kept is not None and kept[0] == data_files(root):
        return kept[1], kept[2]
    return check(root)


def _sources(kb: KnowledgeBase) -> dict[str, Position]:
    pages = {claim_page(c.id): c.position for c in kb.claims.values()}
    pages |= {reference_page(r.key): r.position for r in kb.references.values()}
    pages |= {article_page(a.id): a.position for a in kb.articles.values()}
    return pages


def run(root: Path, render: bool = True, site_url: str = "", stale_after_days: int = 365, repo_url: str = "") -> Result:
    """Check the data (or take the remembered check), then (if it has no errors) link it and
    render the site; site_url makes the ClaimReview urls absolute; reviews older than
    stale_after_days are flagged; repo_url (mkdocs.yml) is where pages send error reports."""
    kb, report = checked(root)
    if report.failed():
        return Result(kb, report, None, None)
    kg = KnowledgeGraph(kb)
    if not render:
        return Result(kb, report, kg, None)
    now_at(root / "references")  # the citation engine reads every reference
    citations = cite.cite_all(list(kb.references.values()))
    now_at(None)
    downloads = export.files(kg, site_url)
    renderer = Renderer(kg, citations, site_url, staleness(kb, stale_after_days), downloads, repo_url)
    site = Site(renderer.pages(), renderer.dashboard(), {**downloads, CLAIMS_TABLE_NAME: renderer.claims_table()}, _sources(kb))
    now_at(None)
    return Result(kb, report, kg, site)
