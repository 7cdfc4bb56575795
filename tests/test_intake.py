"""add-article: a page stored verbatim, its entry appended, duplicates refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import build_kb
from graph import pipeline

ARGS = ["--title", "FAQ", "--publisher", "Demo Clinic", "--url", "https://demo.example/faq", "--captured", "2026-12-01"]


def _add(root: Path, text: Path, aid: str = "demo-faq", extra: list[str] | None = None) -> int:
    return build_kb.main(["--root", str(root), "add-article", str(text), "--id", aid, *(extra if extra is not None else ARGS)])


def test_add_article_stores_bytes_verbatim_and_appends_its_entry(good_root: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes("Ketamine \u201cworks\u201d\u00a0fast.\nSecond line.\n".encode())
    before = (good_root / "claims" / "articles.yaml").read_text(encoding="utf-8")
    assert _add(good_root, page) == 0
    assert (good_root / "claims" / "articles" / "demo-faq.txt").read_bytes() == page.read_bytes()
    after = (good_root / "claims" / "articles.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # appended, the reviewed entries untouched
    kb, report = pipeline.check(good_root)
    assert kb.articles["demo-faq"].url == "https://demo.example/faq"  # type: ignore[index]
    assert kb.articles["demo-faq"].text == page.read_text(encoding="utf-8")  # type: ignore[index]
    assert [i.code for i in report.errors] == []


def test_add_article_refuses_an_existing_id_and_an_existing_text(good_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A new page.\n", encoding="utf-8")
    assert _add(good_root, page, aid="demo") == 1
    assert "already exists" in capsys.readouterr().err
    same = tmp_path / "same.txt"
    same.write_bytes((good_root / "claims" / "articles" / "demo.txt").read_bytes())
    before = (good_root / "claims" / "articles.yaml").read_bytes()
    assert _add(good_root, same, aid="demo-copy") == 1
    assert "already stored as article 'demo'" in capsys.readouterr().err
    assert (good_root / "claims" / "articles.yaml").read_bytes() == before
    assert not (good_root / "claims" / "articles" / "demo-copy.txt").exists()


@pytest.mark.parametrize(
    ("aid", "extra", "body", "message"),
    [
        ("Bad_Id", ARGS, b"Text.\n", "kebab-case"),
        ("ok", ["--title", "T", "--publisher", "P", "--captured", "2026-02-30"], b"Text.\n", "not a date"),
        ("ok", ["--title", "T", "--publisher", "P", "--captured", "2026-12-01", "--url", "ftp://x"], b"Text.\n", "http(s)"),
        ("ok", ARGS, b"Line one.\r\nLine two.\r\n", "carriage return (line 1)"),
        ("ok", ARGS, b"\xff\xfeText", "not UTF-8"),
        ("ok", ARGS, b"  \n", "empty"),
    ],
)
def test_add_article_refuses_bad_input_and_writes_nothing(good_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], aid: str, extra: list[str], body: bytes, message: str) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(body)
    assert _add(good_root, page, aid=aid, extra=extra) == 1
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (good_root / "claims" / "articles").iterdir()) == ["demo.txt"]
