"""Verdict rules: the truth table of which evidence allows which verdict."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import GOOD
from graph import verdict
from graph.load import load
from graph.model import Evidence, KnowledgeBase, Position, RefKey, Stance, Verdict

S, C, Q = Stance.SUPPORTS, Stance.CONTRADICTS, Stance.QUALIFIES
CHECKED, UNCHECKED = "smith2020ketamine", "unchecked2020"

# (verdict, [(stance, reference)], allowed?)
TABLE = [
    (Verdict.SUPPORTED, [(S, CHECKED)], True),
    (Verdict.SUPPORTED, [(S, UNCHECKED)], False),
    (Verdict.SUPPORTED, [(S, CHECKED), (C, CHECKED)], False),
    (Verdict.SUPPORTED, [(Q, CHECKED)], False),
    (Verdict.PARTLY_SUPPORTED, [(Q, CHECKED)], True),
    (Verdict.PARTLY_SUPPORTED, [(S, CHECKED), (C, CHECKED)], True),
    (Verdict.PARTLY_SUPPORTED, [(C, CHECKED)], False),
    (Verdict.MISLEADING, [(Q, CHECKED)], True),
    (Verdict.MISLEADING, [(S, CHECKED)], False),
    (Verdict.CONTRADICTED, [(C, CHECKED)], True),
    (Verdict.CONTRADICTED, [(C, UNCHECKED)], False),
    (Verdict.CONTRADICTED, [(Q, CHECKED)], False),
    (Verdict.UNSUPPORTED, [(Q, CHECKED)], True),
    (Verdict.UNSUPPORTED, [], False),
    (Verdict.UNSUPPORTED, [(S, UNCHECKED), (Q, CHECKED)], False),
    (Verdict.NOT_CHECKABLE, [], True),
    (Verdict.NOT_CHECKABLE, [(Q, CHECKED)], True),
    (Verdict.NOT_CHECKABLE, [(S, CHECKED)], False),
]


def _kb_with(v: Verdict, links: list[tuple[Stance, str]]) -> KnowledgeBase:
    kb, _ = load(GOOD)
    smith = kb.references[RefKey(CHECKED)]
    refs = dict(kb.references)
    refs[RefKey(UNCHECKED)] = dataclasses.replace(smith, key=RefKey(UNCHECKED), checked=None)
    pos = Position(GOOD, 1)
    evidence = tuple(Evidence(RefKey(r), s, "q", "Abstract", pos) for s, r in links)
    claim = dataclasses.replace(kb.claims["clinic-best"], verdict=v, evidence=evidence, reviewed=dt.date(2026, 1, 1))  # type: ignore[index]
    return KnowledgeBase(kb.articles, {claim.id: claim}, refs, {})


@pytest.mark.parametrize(("v", "links", "allowed"), TABLE, ids=[f"{v.value}-{'+'.join(s.value + ('' if r == CHECKED else '(unchecked)') for s, r in ls) or 'none'}" for v, ls, _ in TABLE])
def test_verdict_rules(v: Verdict, links: list[tuple[Stance, str]], allowed: bool) -> None:
    issues = list(verdict.check(_kb_with(v, links)))
    assert (issues == []) is allowed
    if not allowed:
        assert [i.code for i in issues] == ["verdict-not-allowed"]


def test_every_verdict_has_a_rule() -> None:
    assert set(verdict.RULES) == set(Verdict)
