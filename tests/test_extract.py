"""Extract's rules on small cases: segmentation, splitting, typing, matching."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import GOOD
from graph.extract import (
    Candidate,
    Matcher,
    _covers,
    _pieces,
    agrees,
    claim_type,
    conditions,
    draft_yaml,
    extract,
    is_check_worthy,
    numbers,
    propose,
    sentences,
)
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


def test_figures_must_agree_up_to_rounding() -> None:
    assert numbers("40 million adults, 18.1% of them, 1,000 in all") == {40.0, 18.1, 1000.0}
    assert agrees("only 37% receive treatment", "Only 36.9% of people receive treatment.")
    assert not agrees("affecting 17% of adults", "affecting 18.1% of adults")
    assert not agrees("affecting 18.1% of adults", "Anxiety disorders are common.")


def test_another_condition_or_the_opposite_direction_or_a_negation_does_not_agree() -> None:
    assert conditions("Women are twice as likely to have PTSD") == {"ptsd"}
    assert conditions("anti-anxiety medication and antidepressants") == set()
    assert not agrees("Women are twice as likely to have anxiety.", "Women are twice as likely as men to develop PTSD.")
    assert agrees("Women are twice as likely to have PTSD.", "Women are twice as likely as men to develop PTSD.")
    assert not agrees("Ketamine increases glutamate release.", "Ketamine reduces glutamate release.")
    assert not agrees("There are not many studies of ketamine for anxiety.", "Ketamine is effective for anxiety.")
    assert agrees("Ketamine is not a cure.", "Ketamine infusions are not a cure for PTSD.")


def test_a_list_or_an_expansion_matches_only_a_claim_naming_all_of_it() -> None:
    kb, _ = load(GOOD)
    matcher = Matcher.of(kb)
    got = extract(_article("Ketamine is an NMDA receptor antagonist, and NMDA blockade changes the brain in many ways.\n"), kb, matcher)
    assert got[0].same_as == "ketamine-nmda-antagonist"  # found in a clause of a longer sentence
    assert _pieces("This NMDA receptor antagonist offers relief, which lasts several weeks") == ["This NMDA receptor antagonist offers relief", "which lasts several weeks"]
    assert _pieces("Ketamine is an anesthetic.") == []
    item = extract(_article("Anxiety has risk factors such as genetics, brain chemistry and diet.\n"), kb, matcher)[0]
    assert _covers(item, ["risk factors such as genetics, brain chemistry and diet"])
    assert not _covers(item, ["risk factors such as genetics and brain chemistry"])
    expansion = Candidate("CRPS (complex regional pain syndrome)", (0, 37), ClaimType.DEFINITION, "CRPS (complex regional pain syndrome) is a correct expansion.")
    assert not _covers(expansion, ["CRPS (chronic regional pain syndrome)"])
    assert _covers(expansion, ["complex regional pain syndrome (CRPS)"])


def test_a_draft_carries_the_closest_claims_with_verdict_and_statement_and_a_match_carries_the_id() -> None:
    kb, _ = load(GOOD)
    article = _article("Ketamine is an NMDA receptor antagonist. Ketamine blocks NMDA receptors in 80% of patients.\n")
    text = draft_yaml(article, extract(article, kb), kb)
    entries = yaml.safe_load(text)
    assert entries[0] == {"id": "ketamine-nmda-antagonist", "occurrences": [{"article": article.id, "quote": "Ketamine is an NMDA receptor antagonist."}]}
    assert entries[1]["verdict"] == "pending"  # the 80% is a figure the claim does not state
    claim = kb.claims["ketamine-nmda-antagonist"]  # type: ignore[index]
    assert "#   - ketamine-nmda-antagonist (" in text
    assert f", {claim.verdict.value}): {claim.statement}" in text


def test_allowing_and_and_can_and_which_is_start_their_own_clauses() -> None:
    got = [c.quote for c in propose(_article("Ketamine blocks the NMDA receptor in the brain allowing it to raise glutamate in the cortex. These drugs relieve symptoms for some patients, and can become addictive over many months.\n"))]
    assert "Ketamine blocks the NMDA receptor in the brain" in got
    assert "allowing it to raise glutamate in the cortex." in got
    assert "and can become addictive over many months." in got
