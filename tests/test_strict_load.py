"""The strict loader: confinement, bytes, YAML and BibTeX features, checked on damaged copies of
the good fixture (the tests/bad corpus covers one case per issue code; these cover what a corpus
folder cannot hold, such as links made at run time and whole-file behaviour)."""

from __future__ import annotations

import time
from pathlib import Path

from graph import load, pipeline

SECRET = "secret-outside-the-project"


def _codes(root: Path) -> list[tuple[str, str, int]]:
    _, report = pipeline.check(root)
    return [(i.code, str(i.file.relative_to(root)), i.line) for i in report]


def test_an_article_text_linked_anywhere_is_never_read(good_root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"Ketamine is an NMDA receptor antagonist. {SECRET}\n")
    text = good_root / "claims" / "articles" / "demo.txt"
    text.unlink()
    text.symlink_to(secret)
    kb, issues = load.load(good_root)
    assert SECRET not in repr(kb)
    assert ("unsafe-path", text) in {(i.code, i.file) for i in issues}


def test_a_linked_claims_folder_outside_the_root_is_refused(good_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (good_root / "claims").rename(outside)
    (good_root / "claims").symlink_to(outside)
    kb, issues = load.load(good_root)
    assert kb.claims == {} and kb.articles == {}
    assert {i.code for i in issues} >= {"unsafe-path"}


def test_an_article_id_that_is_a_path_reads_nothing(good_root: Path, tmp_path: Path) -> None:
    (tmp_path / "passwd.txt").write_text(SECRET)
    entries = good_root / "claims" / "articles.yaml"
    entries.write_text(entries.read_text() + f"- id: ../../{tmp_path.name}/passwd\n  title: x\n  publisher: x\n  url: null\n  captured: 2026-11-23\n")
    kb, issues = load.load(good_root)
    assert SECRET not in repr(kb)
    assert [i.code for i in issues] == ["bad-id"]


def test_a_byte_order_mark_is_dropped_from_yaml(good_root: Path) -> None:
    claims = good_root / "claims" / "demo.yaml"
    claims.write_bytes(b"\xef\xbb\xbf" + claims.read_bytes())
    assert _codes(good_root) == []


def test_a_bad_byte_in_an_article_is_reported_on_its_line(good_root: Path) -> None:
    text = good_root / "claims" / "articles" / "demo.txt"
    text.write_bytes(text.read_bytes().replace(b"A Demo Article", b"A Demo Article \xff"))
    assert ("bad-encoding", "claims/articles/demo.txt", 3) in _codes(good_root)


def test_an_empty_list_of_claims_is_an_error(good_root: Path) -> None:
    (good_root / "claims" / "more.yaml").write_text("[]\n")
    assert _codes(good_root) == [("empty-file", "claims/more.yaml", 1)]


def test_bibtex_string_macros_crossref_and_comments_work_as_in_bibtex(good_root: Path) -> None:
    (good_root / "references" / "z-more.bib").write_text(
        "@string{jdp = {J Demo Pharmacol}}\n"
        "@comment{ old entry, kept for the record:\n"
        "@article{hidden2019entry, title = {Hidden}, year = {2019}, design = {cohort}, url = {https://example.org/h}}\n"
        "}\n"
        "@book{demo2020book,\n  title = {The Demo Book},\n  year = {2020},\n  publisher = {Demo Press},\n  url = {https://example.org/b},\n  design = {book},\n}\n"
        "@incollection{demo2020chapter,\n  author = {Vill{\\'e}vieille, Anne},\n  title = {A Chapter},\n  journal = jdp,\n"
        "  crossref = {demo2020book},\n  url = {https://example.org/c},\n  design = {book},\n}\n"
    )
    kb, issues = load.load(good_root)
    assert issues == []
    assert "hidden2019entry" not in kb.references
    chapter = kb.references["demo2020chapter"]
    assert (chapter.year, chapter.publisher, chapter.booktitle, chapter.container) == ("2020", "Demo Press", "The Demo Book", "J Demo Pharmacol")
    assert chapter.authors == ("Villévieille, Anne",)
    assert (kb.references["demo2020book"].position.line, chapter.position.line) == (5, 12)


def test_a_broken_bibtex_entry_costs_only_itself(good_root: Path) -> None:
    bib = good_root / "references" / "demo.bib"
    bib.write_text(bib.read_text().replace("title   = {Ketamine pharmacology},", "title   = {Ketamine pharmacology,", 1))
    kb, issues = load.load(good_root)
    assert [i.code for i in issues] == ["bibtex-syntax"]
    assert "demo2022ptsd" in kb.references


def test_an_alias_bomb_is_refused_in_milliseconds(good_root: Path) -> None:
    levels = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    (good_root / "claims" / "bomb.yaml").write_text("\n".join(levels) + "\n")
    start = time.perf_counter()
    codes = {c for c, _, _ in _codes(good_root)}
    assert time.perf_counter() - start < 2
    assert "yaml-alias" in codes
