"""Validate helpers: tolerant record matching and the closest-text hint."""

from __future__ import annotations

from graph.validate import closest_text, quote_in_text

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
