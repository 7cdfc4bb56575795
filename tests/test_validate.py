"""Validate helpers: tolerant record matching and the closest-text hint."""

from __future__ import annotations

from conftest import GOOD
from graph.load import load
from graph.validate import QuoteFigures, closest_text, is_list_item, numbers_missing, quote_figures, quote_in_text

RECORD = "Within 1 h of dosing, patients reported reduced anxiety,\nwhich persisted for up to seven days. Ten of 12 patients were “treatment responders”."


def test_quote_matches_across_line_breaks_case_and_typographic_quotes() -> None:
    assert quote_in_text("reported reduced anxiety, which persisted", RECORD)
    assert quote_in_text('WITHIN 1 h of dosing', RECORD)
    assert quote_in_text('were "treatment responders"', RECORD)


def test_ellipsis_joins_pieces_that_must_appear_in_order() -> None:
    assert quote_in_text("Within 1 h of dosing ... up to seven days.", RECORD)
    assert not quote_in_text("up to seven days ... Within 1 h of dosing", RECORD)


def test_a_changed_number_does_not_match() -> None:
    assert not quote_in_text("persisted for up to 14 weeks", RECORD)
    assert not quote_in_text("Ten of 14 patients", RECORD)


def test_closest_text_finds_the_near_miss() -> None:
    assert closest_text("patients reported less anxiety", RECORD) == "patients reported reduced anxiety,"


def test_numbers_missing_names_the_changed_figure() -> None:
    assert numbers_missing("persisted for up to 14 weeks in 12 patients", RECORD) == ["14"]
    assert numbers_missing("Ten of 12 patients", RECORD) == []


def test_quote_figures_count_verified_unverified_and_failed() -> None:
    kb, _ = load(GOOD)
    assert quote_figures(kb) == QuoteFigures(verified=2, unverified=0, failed=0)


def test_evidence_reporting_an_unknown_primary_source_is_an_issue_with_its_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from conftest import GOOD
    from graph import pipeline

    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    claims = root / "claims" / "demo.yaml"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.strip() == "- ref: smith2020ketamine")
    lines.insert(at + 1, "      reports: nosuch2001survey\n")
    claims.write_text("".join(lines), encoding="utf-8")
    _, report = pipeline.check(root)
    found = [i for i in report.errors if i.code == "unknown-reference" and "nosuch2001survey" in i.message]
    assert len(found) == 1
    assert found[0].file.name == "demo.yaml" and found[0].line == at + 1


def test_a_short_quote_passes_only_as_a_whole_list_item_on_its_own_line() -> None:
    text = "Conditions we treat:\n- Lupus\n  2) Cancer pain \nLupus is hard.\n- Lupus flares\n"
    at = text.index("Lupus")
    assert is_list_item(text, (at, at + 5))
    at = text.index("Cancer pain")
    assert is_list_item(text, (at, at + 11))
    at = text.index("Lupus is")  # in a sentence: too short to stand alone
    assert not is_list_item(text, (at, at + 5))
    at = text.index("Lupus flares")  # part of an item only
    assert not is_list_item(text, (at, at + 5))
    assert not is_list_item(text, None)
