"""Extract's rules on small cases: segmentation, splitting, typing, matching."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import GOOD
from graph.extract import Matcher, claim_type, extract, is_check_worthy, propose, sentences
from graph.load import load
from graph.model import Article, ArticleId, ClaimType, Position


def _article(text: str) -> Article:
    return Article(ArticleId("page"), "t", "p", None, dt.date(2026, 12, 1), text, Position(Path("x"), 0))


def test_segmentation_keeps_abbreviations_and_gives_spans() -> None:
    text = "Title\nAbout 3.5% of U.S. adults have PTSD. Dr. Smith agrees with it.\n"
    got = sentences(text)
    assert [s.text for s in got] == ["Title", "About 3.5% of U.S. adults have PTSD.", "Dr. Smith agrees with it."]
    assert all(text[s.start : s.end] == s.text for s in got)


def test_a_list_of_conditions_gives_one_claim_per_item() -> None:
    got = propose(_article("Ketamine treats many conditions, including depression, PTSD, chronic pain, and OCD.\n"))
    assert [c.statement for c in got] == [f"Ketamine treats many conditions: {x}." for x in ("depression", "PTSD", "chronic pain", "OCD")]
    assert {c.quote for c in got} == {"Ketamine treats many conditions, including depression, PTSD, chronic pain, and OCD."}


def test_bullets_under_a_heading_are_claims_of_the_heading() -> None:
    got = propose(_article("Which Pain Conditions Can Ketamine Treat?\n- Migraines\n- Lupus\n"))
    assert [(c.quote, c.statement) for c in got] == [("Migraines", "Which Pain Conditions Can Ketamine Treat: Migraines."), ("Lupus", "Which Pain Conditions Can Ketamine Treat: Lupus.")]


def test_clauses_that_can_differ_in_truth_are_split_and_abbreviations_are_definitions() -> None:
    got = propose(_article("Anxiety disorders are the most common mental illness in the U.S., affecting 40 million adults every year. An SSRI (selective serotonin reuptake inhibitor) is often given first.\n"))
    quotes = [c.quote for c in got]
    assert quotes[:2] == ["Anxiety disorders are the most common mental illness in the U.S.", "affecting 40 million adults every year."]
    assert "SSRI (selective serotonin reuptake inhibitor)" in quotes
    assert next(c for c in got if c.quote.startswith("SSRI")).type is ClaimType.DEFINITION


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("According to the ADAA, anxiety is common.", ClaimType.ATTRIBUTION),
        ("Our clinic is staffed by board-certified physicians.", ClaimType.CREDENTIAL),
        ("Side effects are mild and short-lived.", ClaimType.SAFETY),
        ("Ketamine was approved by the FDA in 1970.", ClaimType.HISTORY),
        ("PTSD affects 3.5 percent of adults every year.", ClaimType.EPIDEMIOLOGY),
        ("Ketamine blocks the NMDA receptor in the brain.", ClaimType.MECHANISM),
        ("Fibromyalgia is a chronic condition of widespread pain.", ClaimType.DEFINITION),
        ("One infusion relieved symptoms within hours.", ClaimType.EFFICACY),
    ],
)
def test_each_type_rule(sentence: str, kind: ClaimType) -> None:
    assert claim_type(sentence) is kind


def test_headings_questions_and_calls_to_action_are_not_claims() -> None:
    assert not is_check_worthy("Ketamine and Anxiety")
    assert not is_check_worthy("Is ketamine right for you?")
    assert not is_check_worthy("Call us today to book your consultation!")
    assert is_check_worthy("Ketamine works within hours for most patients.")


def test_a_near_identical_sentence_matches_and_an_unrelated_one_does_not() -> None:
    kb, _ = load(GOOD)
    matcher = Matcher.of(kb)
    got = extract(_article("Ketamine is an NMDA receptor antagonist drug. Our clinic has free parking for every patient.\n"), kb, matcher)
    assert [c.same_as for c in got] == ["ketamine-nmda-antagonist", None]
