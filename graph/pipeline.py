"""The pipeline in one place: load -> validate -> verdict -> (stop on errors) -> link -> cite -> render -> export.

Input: a project root. Output: a Result with the report and, when the data has no errors, the
knowledge graph and the rendered site (pages, dashboard, downloads). build_kb.py and the mkdocs
hook both call run(), so the command line and the site can never disagree.
Issue codes: those of graph.load, graph.validate and graph.verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph import cite, export, load, validate, verdict
from graph.issues import Report
from graph.link import KnowledgeGraph, staleness
from graph.model import KnowledgeBase
from graph.render import Renderer


@dataclass(frozen=True)
class Site:
    """What the site adds to the hand-written docs."""

    pages: dict[str, str]
    dashboard: str
    downloads: dict[str, bytes]


@dataclass(frozen=True)
class Result:
    """The outcome of one run; graph and site are None when the data has errors."""

    kb: KnowledgeBase
    report: Report
    graph: KnowledgeGraph | None
    site: Site | None


def check(root: Path) -> tuple[KnowledgeBase, Report]:
    """Load and check the data; every problem is in the report."""
    kb, load_issues = load.load(root)
    report = Report()
    report.extend(load_issues)
    report.extend(validate.validate(kb))
    report.extend(verdict.check(kb))
    return kb, report


def run(root: Path, render: bool = True, site_url: str = "", stale_after_days: int = 365) -> Result:
    """Check the data, then (if it has no errors) link it and render the site; site_url makes
    the ClaimReview urls absolute; reviews older than stale_after_days are flagged."""
    kb, report = check(root)
    if report.failed():
        return Result(kb, report, None, None)
    kg = KnowledgeGraph(kb)
    if not render:
        return Result(kb, report, kg, None)
    citations = cite.cite_all(list(kb.references.values()))
    renderer = Renderer(kg, citations, site_url, staleness(kb, stale_after_days))
    site = Site(renderer.pages(), renderer.dashboard(), export.files(kg))
    return Result(kb, report, kg, site)
