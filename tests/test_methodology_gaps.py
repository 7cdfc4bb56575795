"""docs/methodology.md's "Fields no stored page shows": its counts and its table are recomputed
from references/*.bib, so the hand-written section cannot drift from the data."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from graph import pipeline
from graph.model import Reference

METHODOLOGY = ROOT / "docs" / "methodology.md"
_NUMBERS = {"no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@pytest.fixture(scope="module")
def articles() -> dict[str, Reference]:
    kb, _ = pipeline.check(ROOT)
    return {r.key: r for r in kb.references.values() if r.entry_type == "article"}


@pytest.fixture(scope="module")
def section() -> str:
    text = METHODOLOGY.read_text(encoding="utf-8")
    start = text.index("## Fields no stored page shows")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _complete(r: Reference) -> bool:
    """A full author list, the journal, year, volume and pages (or article number)."""
    return bool(r.named_authors) and not r.authors_incomplete and all((r.container, r.year, r.volume, r.pages))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def test_the_counts_are_those_of_the_bib_files(articles: dict[str, Reference], section: str) -> None:
    kb, _ = pipeline.check(ROOT)
    m = re.search(r"of (\d+) journal articles, (\d+) have a full author list, the journal,\s+year, volume and pages; (\d+) of these also have the issue, DOI, PMID and NLM abbreviation\. (\w+)\s+references have no author list", section)
    assert m, "the counting sentence of 'Fields no stored page shows' changed its wording"
    complete = [r for r in articles.values() if _complete(r)]
    fuller = [r for r in complete if r.number and r.doi and r.pmid and r.shortjournal]
    without_authors = [r for r in kb.references.values() if not r.named_authors]
    assert (int(m[1]), int(m[2]), int(m[3]), _number(m[4])) == (len(articles), len(complete), len(fuller), len(without_authors))


_SECOND_TABLE = "Journal articles complete in these fields but without an identifier"


def _rows(text: str) -> dict[str, list[str]]:
    """reference key -> the items of its row's 'missing' cell (split at commas outside parentheses);
    a row may name several references."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) != 3 or "<a href" not in cells[0]:
            continue
        items = [item.strip() for item in re.split(r",(?![^()]*\))", cells[1])]
        for key in re.findall(r">(\w+)</a>", cells[0]):
            rows[key] = items
    return rows


def _field_of(item: str) -> str | None:
    """The field a 'missing' item names, or None for one no entry field holds ("full journal title")."""
    return next((f for f in sorted(_ABSENT, key=len, reverse=True) if item == f or item.startswith(f + " ")), None)


def _check_named_gaps(key: str, r: Reference, items: list[str]) -> None:
    for item in items:
        field = _field_of(item)
        if field is not None:
            assert _ABSENT[field](r), f"{key}: the table says {item!r} is missing, but the entry has it"


# How a 'missing' item names a field, and how to tell the field is absent from the entry.
_ABSENT = {
    "author": lambda r: not r.named_authors,
    "authors after the first": lambda r: r.authors_incomplete,
    "journal": lambda r: not r.container,
    "volume": lambda r: not r.volume,
    "issue": lambda r: not r.number,
    "pages": lambda r: not r.pages,
    "article number": lambda r: not r.pages,
    "DOI": lambda r: not r.doi,
    "PMID": lambda r: not r.pmid,
    "PMCID": lambda r: not r.pmcid,
    "NLM abbreviation": lambda r: not r.shortjournal,
}


def test_the_table_lists_exactly_the_incomplete_articles_with_their_true_gaps(articles: dict[str, Reference], section: str) -> None:
    rows = _rows(section[: section.index(_SECOND_TABLE)])
    assert set(rows) == {k for k, r in articles.items() if not _complete(r)}
    for key, items in rows.items():
        r = articles[key]
        _check_named_gaps(key, r, items)
        named = {_field_of(item) for item in items}
        gaps = {"author": not r.named_authors, "authors after the first": r.authors_incomplete, "journal": not r.container, "volume": not r.volume}
        for field, missing in gaps.items():
            assert not missing or field in named, f"{key}: {field} is missing from the entry but not from the table"
        assert r.pages or named & {"pages", "article number"}, f"{key}: pages are missing from the entry but not from the table"


def _article_number(r: Reference) -> bool:
    """An e-location (e1234, 1353383) rather than a page range: such journals have no issue."""
    return "-" not in r.pages


def test_the_second_table_lists_the_complete_articles_without_an_identifier(articles: dict[str, Reference], section: str) -> None:
    rows = _rows(section[section.index(_SECOND_TABLE) :])
    expected = {
        k
        for k, r in articles.items()
        if _complete(r) and (not r.doi or not r.pmid or not r.shortjournal or (not r.number and not _article_number(r)))
    }
    assert set(rows) == expected
    for key, items in rows.items():
        _check_named_gaps(key, articles[key], items)
