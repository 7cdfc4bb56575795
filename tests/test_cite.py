"""Cite: citations come from pandoc's citeproc with real CSL styles; the library exports load
in real consumers (pandoc reads the BibTeX and CSL-JSON without a warning)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import pypandoc
import pytest
import rispy

from conftest import GOOD, ROOT
from graph import cite
from graph.cite import Style
from graph.load import load
from graph.model import Reference, RefKey


def _refs() -> list[Reference]:
    kb, _ = load(GOOD)
    return list(kb.references.values())


def _smith() -> Reference:
    return next(r for r in _refs() if r.key == "smith2020ketamine")


def test_ama_vancouver_and_apa_of_a_journal_article() -> None:
    c = cite.cite_all([_smith()])
    key = RefKey("smith2020ketamine")
    assert c.by_style[Style.AMA][key] == "Smith J, Doe J. Ketamine pharmacology. J Demo Pharmacol. 2020;1(2):3-4. doi:10.1000/demo.1"
    assert c.by_style[Style.VANCOUVER][key] == "Smith J, Doe J. Ketamine pharmacology. J Demo Pharmacol. 2020;1(2):3-4. doi:10.1000/demo.1 PubMed PMID: 12345678."
    assert c.by_style[Style.APA][key] == "Smith, J., & Doe, J. (2020). Ketamine pharmacology. J Demo Pharmacol, 1(2), 3–4. https://doi.org/10.1000/demo.1"


def test_ama_lists_three_authors_then_et_al_beyond_six() -> None:
    seven = dataclasses.replace(_smith(), authors=tuple(f"Author{i}, A" for i in range(7)))
    six = dataclasses.replace(_smith(), authors=tuple(f"Author{i}, A" for i in range(6)))
    assert cite.format_all([seven], Style.AMA)[seven.key].startswith("Author0 A, Author1 A, Author2 A, et al. Ketamine")
    assert cite.format_all([six], Style.AMA)[six.key].startswith("Author0 A, Author1 A, Author2 A, Author3 A, Author4 A, Author5 A. Ketamine")


def test_vancouver_page_ranges_use_a_hyphen_as_citing_medicine_does() -> None:
    ref = dataclasses.replace(_smith(), pages="663-667")
    text = cite.format_all([ref], Style.VANCOUVER)[ref.key]
    assert "2020;1(2):663-7." in text  # the engine alone writes 663–7 (en dash)


def test_an_incomplete_author_list_ends_in_et_al_in_every_style() -> None:
    ref = dataclasses.replace(_smith(), authors=("Smith, Jane", "others"))
    c = cite.cite_all([ref])
    assert c.by_style[Style.AMA][ref.key].startswith("Smith J, et al. Ketamine")
    assert c.by_style[Style.APA][ref.key].startswith("Smith, J., et al. (2020).")


def test_an_organisation_stays_whole() -> None:
    org = next(r for r in _refs() if r.key == "demo2022ptsd")
    assert cite.format_all([org], Style.AMA)[org.key].startswith("Demo Association. What is PTSD?")


def _pandoc_citeproc(library: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--citeproc", "--csl", str(Style.AMA.csl), "--bibliography", str(library), "-f", "markdown", "-t", "plain", "--verbose"],
        input="---\nnocite: |\n  @*\n---\n",
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.mark.parametrize(("name", "export"), [("library.bib", cite.bibtex), ("library.json", cite.csl_json)])
def test_exported_library_renders_in_pandoc_citeproc_without_warnings(name: str, export, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / name
    library.write_bytes(export(_refs()))
    run = _pandoc_citeproc(library)
    assert "[WARNING]" not in run.stderr, run.stderr
    assert "Smith J, Doe J. Ketamine pharmacology." in " ".join(run.stdout.split())
    assert "Demo Association." in run.stdout


def test_pandoc_is_version_3() -> None:
    assert pypandoc.get_pandoc_version().split(".")[0] == "3"


def test_csl_json_and_ris_carry_the_identifiers() -> None:
    items = {i["id"]: i for i in json.loads(cite.csl_json(_refs()))}
    assert items["smith2020ketamine"]["DOI"] == "10.1000/demo.1" and items["smith2020ketamine"]["PMID"] == "12345678"
    ris = {e["id"]: e for e in rispy.loads(cite.ris(_refs()).decode())}
    assert ris["smith2020ketamine"]["doi"] == "10.1000/demo.1" and ris["smith2020ketamine"]["start_page"] == "3"


@pytest.mark.parametrize(("name", "export"), [("library.bib", cite.bibtex), ("library.json", cite.csl_json)])
def test_the_shipped_library_renders_in_pandoc_citeproc_without_warnings(name: str, export, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The whole library as a reader downloads it, in AMA: no warning, one entry per reference."""
    kb, _ = load(ROOT)
    library = tmp_path / name
    library.write_bytes(export(list(kb.references.values())))
    run = _pandoc_citeproc(library)
    assert "[WARNING]" not in run.stderr, run.stderr
    entries = [line for line in run.stdout.split("\n\n") if line.strip()]
    assert len(entries) == len(kb.references)


def test_bibtex_latex_is_decoded_to_unicode_once_at_load(good_root: Path) -> None:
    """Issue 8: no backslash escape or protective brace reaches a Reference (and so no page or export)."""
    (good_root / "references" / "latex.bib").write_text(
        "@misc{latex2019who,\n"
        "  author = {Allouche, St{\\'e}phane and Lally, N{\\'\\i}all and {Australian Institute of Health \\& Safety} and others},\n"
        "  title = {{WHO} classifies burnout an ``occupational phenomenon'': 50% of \\textit{in vivo} work},\n"
        "  howpublished = {Patients \\& Families page},\n"
        "  year = {2019},\n  pages = {3--4},\n  url = {https://example.org/a%20b~c},\n  design = {news},\n}\n",
        encoding="utf-8",
    )
    kb, issues = load(good_root)
    assert not issues
    ref = kb.references[RefKey("latex2019who")]
    assert ref.authors == ("Allouche, Stéphane", "Lally, Níall", "Australian Institute of Health & Safety", "others")
    assert ref.named_authors == ref.authors[:3] and ref.authors_incomplete
    assert ref.title == "WHO classifies burnout an “occupational phenomenon”: 50% of in vivo work"
    assert ref.container == "Patients & Families page"
    assert ref.pages == "3-4" and ref.url == "https://example.org/a%20b~c"  # verbatim fields are not LaTeX
