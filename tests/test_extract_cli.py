"""extract: the claims file it writes loads and passes check (drafts as warnings)."""

from __future__ import annotations

from pathlib import Path

import pytest

import build_kb
from graph import pipeline
from graph.model import Verdict

PAGE = (
    "Ketamine for PTSD\n"
    "Ketamine is an NMDA receptor antagonist. Our clinic in Denver has treated over 500 patients since 2019.\n"
    "Ketamine helps many conditions, including depression, PTSD and chronic pain.\n"
    "Call us today to book your consultation!\n"
    "Which Pain Conditions Can Ketamine Treat?\n"
    "- Migraines\n"
    "- Lupus\n"
)


def test_extract_writes_a_claims_file_that_check_accepts(good_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert build_kb.main(["--root", str(good_root), "add-article", str(page), "--id", "denver", "--title", "PTSD", "--publisher", "Denver Clinic", "--captured", "2026-12-01"]) == 0
    assert build_kb.main(["--root", str(good_root), "extract", "denver"]) == 0
    out = good_root / "claims" / "denver.yaml"
    text = out.read_text(encoding="utf-8")
    assert "Call us" not in text and "verdict: pending" in text
    kb, report = pipeline.check(good_root)
    assert report.errors == []
    assert {i.code for i in report.warnings} == {"pending-review"}
    # the NMDA sentence is the fixture's reviewed claim: a new occurrence, which keeps its verdict
    nmda = kb.claims["ketamine-nmda-antagonist"]  # type: ignore[index]
    assert [o.article for o in nmda.occurrences] == ["demo", "denver"] and nmda.verdict is Verdict.SUPPORTED
    drafts = [c for c in kb.claims.values() if c.verdict is Verdict.PENDING]
    assert sorted(c.statement for c in drafts if "condition" in c.statement) == [
        "Ketamine helps many conditions: PTSD.",
        "Ketamine helps many conditions: chronic pain.",
        "Ketamine helps many conditions: depression.",
    ]
    # a bulleted list: each short item is quoted alone (the whole line) and still passes check
    items = {c.statement: [o.quote for o in c.occurrences] for c in drafts if c.statement.startswith("Which Pain")}
    assert items == {"Which Pain Conditions Can Ketamine Treat: Migraines.": ["Migraines"], "Which Pain Conditions Can Ketamine Treat: Lupus.": ["Lupus"]}
    # a second run never overwrites: it writes the .draft.yaml beside, then refuses
    assert build_kb.main(["--root", str(good_root), "extract", "denver"]) == 0
    assert (good_root / "claims" / "denver.draft.yaml").exists()
    assert out.read_text(encoding="utf-8") == text
    assert build_kb.main(["--root", str(good_root), "extract", "denver"]) == 1
    assert "nothing was written" in capsys.readouterr().err
