"""Verdict: the documented rules that tie a verdict to its evidence.

Input: a KnowledgeBase. Output: issues for claims whose verdict their evidence does not allow.
The rules are the table on docs/methodology.md; RULES below is that table in code, and a test
checks that every verdict's rule is stated there.
Issue codes:
    verdict-not-allowed   the claim's evidence does not allow its verdict
    missing-rationale     a verdict without a rationale (reported by load as missing-field)
    pending-review        (warning) a draft claim with verdict pending, not yet reviewed
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.issues import Issue, each_at
from graph.model import Claim, KnowledgeBase, Stance, Verdict


@dataclass(frozen=True)
class StanceCounts:
    """How many evidence links of each stance a claim has, all and from checked references."""

    supports: int
    contradicts: int
    qualifies: int
    checked_supports: int
    checked_contradicts: int
    checked_qualifies: int

    @property
    def checked(self) -> int:
        """Evidence links from checked references, whatever their stance."""
        return self.checked_supports + self.checked_contradicts + self.checked_qualifies


def count_stances(claim: Claim, kb: KnowledgeBase) -> StanceCounts:
    """Count a claim's evidence by stance; unknown references count as unchecked."""

    def n(stance: Stance, checked_only: bool) -> int:
        return sum(
            1
            for ev in claim.evidence
            if ev.stance is stance
            and (not checked_only or (ev.ref in kb.references and kb.references[ev.ref].is_checked))
        )

    return StanceCounts(
        supports=n(Stance.SUPPORTS, False),
        contradicts=n(Stance.CONTRADICTS, False),
        qualifies=n(Stance.QUALIFIES, False),
        checked_supports=n(Stance.SUPPORTS, True),
        checked_contradicts=n(Stance.CONTRADICTS, True),
        checked_qualifies=n(Stance.QUALIFIES, True),
    )


Rule = Callable[[StanceCounts], str | None]  # returns why the verdict is not allowed, or None


def _supported(c: StanceCounts) -> str | None:
    if c.checked_supports == 0:
        return "needs at least one checked source that supports it"
    if c.contradicts:
        return f"has {c.contradicts} contradicting source(s): rate it partly_supported, misleading or contradicted"
    return None


def _partly(c: StanceCounts) -> str | None:
    if c.checked_supports + c.checked_qualifies == 0:
        return "needs at least one checked source that supports or qualifies it"
    return None


def _misleading(c: StanceCounts) -> str | None:
    if c.checked_qualifies + c.checked_contradicts == 0:
        return "needs at least one checked source, quoted, that qualifies or contradicts it"
    return None


def _contradicted(c: StanceCounts) -> str | None:
    if c.checked_contradicts == 0:
        return "needs at least one checked source that contradicts it"
    return None


def _unsupported(c: StanceCounts) -> str | None:
    if c.supports:
        return f"has {c.supports} supporting source(s): rate it on that evidence"
    if c.checked == 0:
        return "needs at least one checked source that was examined (stance qualifies or contradicts)"
    return None


def _not_checkable(c: StanceCounts) -> str | None:
    if c.supports or c.contradicts:
        return "has supporting or contradicting evidence, so it is checkable: rate it on that evidence"
    return None


def _pending(c: StanceCounts) -> str | None:
    return None  # a draft needs nothing; check warns about it (pending-review) instead


RULES: dict[Verdict, Rule] = {
    Verdict.SUPPORTED: _supported,
    Verdict.PARTLY_SUPPORTED: _partly,
    Verdict.MISLEADING: _misleading,
    Verdict.CONTRADICTED: _contradicted,
    Verdict.UNSUPPORTED: _unsupported,
    Verdict.NOT_CHECKABLE: _not_checkable,
    Verdict.PENDING: _pending,
}


def why_not_allowed(claim: Claim, kb: KnowledgeBase) -> str | None:
    """Return why claim's evidence does not allow its verdict, or None when it does."""
    return RULES[claim.verdict](count_stances(claim, kb))


def check(kb: KnowledgeBase) -> Iterator[Issue]:
    """Yield a verdict-not-allowed issue for every claim whose evidence does not allow its
    verdict, and a pending-review warning for every draft claim."""
    for claim in each_at(kb.claims.values()):
        if not claim.complete:  # its verdict is a placeholder; load reported the real problem
            continue
        if claim.verdict is Verdict.PENDING:
            yield Issue(
                claim.position.file,
                claim.position.line,
                "pending-review",
                f"claim '{claim.id}' is a draft (verdict pending): review it, rate it and give a rationale",
            )
            continue
        reason = why_not_allowed(claim, kb)
        if reason is not None:
            yield Issue(
                claim.position.file,
                claim.position.line,
                "verdict-not-allowed",
                f"claim '{claim.id}' is rated {claim.verdict.value} but {reason}",
            )
