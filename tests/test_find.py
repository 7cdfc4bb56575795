"""Find: the writer's terminal search."""

from __future__ import annotations

import build_kb
from conftest import GOOD
from graph.find import find
from graph.link import KnowledgeGraph
from graph.load import load


def _kg() -> KnowledgeGraph:
    kb, _ = load(GOOD)
    return KnowledgeGraph(kb)


def test_every_word_must_match_and_best_comes_first() -> None:
    hits = find(_kg(), "NMDA antagonist")
    assert [h.claim.id if h.claim else h.reference.key for h in hits] == ["ketamine-nmda-antagonist"]  # type: ignore[union-attr]
    assert find(_kg(), "NMDA unicorn") == []


def test_references_are_found_by_title_and_author() -> None:
    keys = [h.reference.key for h in find(_kg(), "smith pharmacology") if h.reference]
    assert keys == ["smith2020ketamine"]


def test_find_command_prints_verdict_and_ama_citation(capsys) -> None:  # type: ignore[no-untyped-def]
    assert build_kb.main(["--root", str(GOOD), "find", "ketamine", "NMDA"]) == 0
    out = capsys.readouterr().out
    assert "claim ketamine-nmda-antagonist [supported]" in out
    assert "supports: Smith J, Doe J. Ketamine pharmacology. J Demo Pharmacol. 2020;1(2):3-4. doi:10.1000/demo.1" in out
    assert build_kb.main(["--root", str(GOOD), "find", "zebra"]) == 1
