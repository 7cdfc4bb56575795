"""Issue 8: no LaTeX escape, stray brace, "et al.." or "et al." person reaches a reader, in the
built site or in any export. `python tests/test_citation_hygiene.py SITE_DIR` prints the counts
(how the before/after figures of docs/building.md were taken)."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

# Everywhere a reader reads: page text, CSL-JSON, RIS, CSV, the graph files.
ESCAPES = {"LaTeX accent": re.compile(r"\\['`^\"~=.]"), "LaTeX escape": re.compile(r"\\[&%$#_]"), "LaTeX quotes": re.compile(r"``|''"), "double full stop": re.compile(r"et al\.\.")}
# In a citation string (and every string value of the CSL-JSON and RIS) braces are stray.
BRACE = re.compile(r"[{}]")
# An "et al." person: the engine joined it to the list like a name ("& et al.", "and et al.").
ET_AL_PERSON = re.compile(r"(?:&|\band) et al\b")
CITATION_SELECTORS = ("p.kb-citation", "ol.kb-cite-list li", "table.kb-references-table td:first-child")


def _scan(where: str, text: str, found: Counter[str], examples: dict[str, str], braces: bool) -> None:
    checks = dict(ESCAPES)
    checks["et al. person"] = ET_AL_PERSON
    if braces:
        checks["stray brace"] = BRACE
    for name, pattern in checks.items():
        hits = pattern.findall(text)
        if hits:
            found[name] += len(hits)
            examples.setdefault(name, f"{where}: {text[:200]}")


def page_defects(site: Path) -> tuple[Counter[str], dict[str, str]]:
    """Counts of each defect in the text of every page (scripts, styles and code aside: a BibTeX
    block is BibTeX, where \\& is right) and in every citation string (braces included)."""
    found: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style", "pre", "code"]):
            tag.decompose()
        where = str(page.relative_to(site))
        for selector in CITATION_SELECTORS:
            for node in soup.select(selector):
                _scan(where, node.get_text(" "), found, examples, braces=True)
        _scan(where, soup.get_text(" "), found, examples, braces=False)
    return found, examples


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def export_defects(downloads: Path) -> tuple[Counter[str], dict[str, str]]:
    """Counts of each defect in the CSL-JSON, RIS, CSV and graph exports; an "et al." or
    "others" person in the CSL-JSON counts as an "et al." person."""
    found: Counter[str] = Counter()
    examples: dict[str, str] = {}
    items = json.loads((downloads / "references.json").read_text(encoding="utf-8"))
    for item in items:
        for s in _strings(item):
            _scan(f"references.json {item['id']}", s, found, examples, braces=True)
        for person in item.get("author", []):
            if any(v.strip().lower() in {"et al.", "et al", "others"} for v in person.values()):
                found["et al. person"] += 1
                examples.setdefault("et al. person", f"references.json {item['id']}: {person}")
    for line in (downloads / "references.ris").read_text(encoding="utf-8").splitlines():
        _scan("references.ris", line[6:], found, examples, braces=True)
        if line.startswith("AU  - ") and line[6:].strip().lower() in {"et al.", "others"}:
            found["et al. person"] += 1
    for row in csv.reader(io.StringIO((downloads / "claims.csv").read_text(encoding="utf-8-sig"))):
        for cell in row:
            _scan("claims.csv", cell, found, examples, braces=False)
    for s in _strings(json.loads((downloads / "kb.json").read_text(encoding="utf-8"))):
        _scan("kb.json", s, found, examples, braces=False)
    _scan("kb.graphml", (downloads / "kb.graphml").read_text(encoding="utf-8"), found, examples, braces=False)
    return found, examples


def test_no_latex_escape_et_al_person_or_double_full_stop_on_any_page(site: Path) -> None:
    found, examples = page_defects(site)
    assert not found, examples


def test_no_latex_escape_brace_or_et_al_person_in_any_export(site: Path) -> None:
    found, examples = export_defects(site / "downloads")
    assert not found, examples


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scanner itself: each defect of issue 8 is counted (so a clean result means something)."""
    (tmp_path / "index.html").write_text(
        "<p class='kb-citation'>Allouche St\\'ephane, Smith J, et al.. {WHO} ``x''. Health \\&amp; Safety. Doe J, &amp; et al. (2020).</p>",
        encoding="utf-8",
    )
    found, _ = page_defects(tmp_path)
    assert {"LaTeX accent", "LaTeX escape", "LaTeX quotes", "double full stop", "et al. person", "stray brace"} <= set(found)


if __name__ == "__main__":
    root = Path(sys.argv[1])
    pages, _ = page_defects(root)
    exports, _ = export_defects(root / "downloads")
    print("pages:", dict(pages))
    print("exports:", dict(exports))
