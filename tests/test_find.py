"""Find: the writer's terminal search."""

from __future__ import annotations

import build_kb
from conftest import GOOD, ROOT
from graph.find import find
from graph.link import KnowledgeGraph
from graph.load import load


def _kg() -> KnowledgeGraph:
    kb, _ = load(GOOD)
    return KnowledgeGraph(kb)


def test_best_comes_first_and_nothing_matches_unknown_words() -> None:
    hits = find(_kg(), "NMDA antagonist")
    assert hits[0].claim is not None and hits[0].claim.id == "ketamine-nmda-antagonist"
    assert find(_kg(), "unicorn zebra") == []


def test_stop_words_never_decide_a_match() -> None:
    assert find(_kg(), "the of to and for up") == []


def _real() -> KnowledgeGraph:
    kb, _ = load(ROOT)
    return KnowledgeGraph(kb)


def test_a_pasted_sentence_finds_its_claim_in_the_shipped_knowledge_base() -> None:
    kg = _real()
    [first, *_] = [h.claim.id for h in find(kg, "the impact of just one infusion lasted for up to 14 weeks") if h.claim]
    assert first == "ketamine-single-dose-gad-sad-effect-14-weeks"
    claims = [h.claim.id for h in find(kg, "how many Americans have PTSD") if h.claim]
    assert claims[0] == "ptsd-affects-3-5-percent-us-adults-yearly"


def test_references_are_found_by_title_and_author() -> None:
    keys = [h.reference.key for h in find(_kg(), "smith pharmacology") if h.reference]
    assert keys == ["smith2020ketamine"]


def test_find_command_prints_verdict_and_ama_citation(capsys) -> None:  # type: ignore[no-untyped-def]
    assert build_kb.main(["--root", str(GOOD), "find", "ketamine", "NMDA"]) == 0
    out = capsys.readouterr().out
    assert "claim ketamine-nmda-antagonist [supported]" in out
    assert "supports: Smith J, Doe J. Ketamine pharmacology. J Demo Pharmacol. 2020;1(2):3-4. doi:10.1000/demo.1" in out
    assert build_kb.main(["--root", str(GOOD), "find", "zebra"]) == 1
