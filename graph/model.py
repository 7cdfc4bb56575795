"""The data model: frozen dataclasses and enums shared by every stage.

Input: nothing (this module defines types only). Output: the types below.
Issue codes: none.

Glossary
--------
article      a web page under review, stored verbatim in claims/articles/<id>.txt.
claim        one canonical factual statement made by one or more articles.
occurrence   one place where an article makes a claim: the article id and the verbatim quote,
             located by the build as a character span in the article text.
attribution  the source an article itself names for a claim ("According to the ADAA"), and
             whether that source really says it.
reference    a source (paper, guideline, organisation page) kept as a BibTeX entry.
record       the text of a reference's own record (abstract or page passage) as it was read
             when the reference was checked.
evidence     a link from a claim to a reference: a stance, a verbatim quote from the
             reference's record, and a locator saying where in the record the quote stands.
verdict      the rating of a claim on the fixed scale below, with a rationale.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import NewType

ArticleId = NewType("ArticleId", str)
ClaimId = NewType("ClaimId", str)
RefKey = NewType("RefKey", str)


class Verdict(enum.Enum):
    """The fixed verdict scale, in order from best to worst supported."""

    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly_supported"
    MISLEADING = "misleading"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"
    NOT_CHECKABLE = "not_checkable"
    # A draft claim (written by `extract`) that no reviewer has rated yet: shown as "not yet
    # reviewed", never published as a ClaimReview, a warning in `check` and a failure in --strict.
    PENDING = "pending"

    @property
    def label(self) -> str:
        """Human-readable name, e.g. 'partly supported'; pending reads 'not yet reviewed'."""
        return "not yet reviewed" if self is Verdict.PENDING else self.value.replace("_", " ")

    @property
    def is_reviewed(self) -> bool:
        """False for a draft claim that no reviewer has rated yet."""
        return self is not Verdict.PENDING


class Stance(enum.Enum):
    """How a piece of evidence bears on a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    QUALIFIES = "qualifies"


class ClaimType(enum.Enum):
    """What kind of statement a claim is."""

    EPIDEMIOLOGY = "epidemiology"
    MECHANISM = "mechanism"
    EFFICACY = "efficacy"
    SAFETY = "safety"
    HISTORY = "history"
    DEFINITION = "definition"
    ATTRIBUTION = "attribution"
    CREDENTIAL = "credential"


class Subjects(enum.Enum):
    """Who or what a piece of evidence studied; none when the source is not a study."""

    HUMANS = "humans"
    ANIMALS = "animals"
    CELLS = "cells"
    NONE = "none"


class SaysIt(enum.Enum):
    """Whether the source an article names really says what the article says."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    UNKNOWN = "unknown"


class Design(enum.Enum):
    """Study design or kind of source, listed from strongest to weakest for a clinical claim."""

    META_ANALYSIS = "meta-analysis"
    SYSTEMATIC_REVIEW = "systematic review"
    RANDOMIZED_TRIAL = "randomized trial"
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    OPEN_LABEL_TRIAL = "open-label trial"
    CASE_SERIES = "case series"
    CROSS_SECTIONAL_SURVEY = "cross-sectional survey"
    GUIDELINE = "guideline"
    NARRATIVE_REVIEW = "narrative review"
    BOOK = "book"
    FACT_SHEET = "fact sheet"
    ORGANISATION_PAGE = "organisation page"
    NEWS = "news"
    ANIMAL_STUDY = "animal study"

    @property
    def is_human_research(self) -> bool:
        """True for designs that study people directly (not animals, not secondary pages)."""
        return self in _HUMAN_RESEARCH

    @property
    def is_peer_reviewed_research(self) -> bool:
        """True for designs normally published in peer-reviewed journals."""
        return self in _PEER_REVIEWED


_HUMAN_RESEARCH = frozenset(
    {
        Design.META_ANALYSIS,
        Design.SYSTEMATIC_REVIEW,
        Design.RANDOMIZED_TRIAL,
        Design.COHORT,
        Design.CASE_CONTROL,
        Design.OPEN_LABEL_TRIAL,
        Design.CASE_SERIES,
        Design.CROSS_SECTIONAL_SURVEY,
        Design.GUIDELINE,
    }
)
_PEER_REVIEWED = _HUMAN_RESEARCH | {Design.NARRATIVE_REVIEW, Design.ANIMAL_STUDY}


@dataclass(frozen=True)
class Position:
    """Where a thing stands in a data file (1-based line)."""

    file: Path
    line: int


@dataclass(frozen=True)
class Article:
    """An article under review with its verbatim text."""

    id: ArticleId
    title: str
    publisher: str
    url: str | None
    captured: dt.date
    text: str
    position: Position
    # Lines of the text declared headings / image captions (claims/articles.yaml), each a whole
    # line; the blank-line rule (render.paragraph_kinds) reads the rest.
    headings: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Occurrence:
    """One place where an article makes a claim; span is None when the quote was not found."""

    article: ArticleId
    quote: str
    span: tuple[int, int] | None
    position: Position


@dataclass(frozen=True)
class Attribution:
    """The source an article names for a claim, and whether it really says it."""

    name: str
    ref: RefKey | None
    says_it: SaysIt
    note: str


@dataclass(frozen=True)
class Evidence:
    """A link from a claim to a reference, with a verbatim quote from the reference's record."""

    ref: RefKey
    stance: Stance
    quote: str
    locator: str
    position: Position
    # What the record says of the study behind the quote; empty when it does not say (never guessed).
    subjects: Subjects | None = None
    population: str = ""
    size: str = ""
    follow_up: str = ""
    dose: str = ""
    # The primary source of the figure this source reports (the survey a book quotes), when the
    # record names it: Cite this offers it beside the reporting source.
    reports: RefKey | None = None


@dataclass(frozen=True)
class VerdictChange:
    """An earlier verdict of a claim, kept when the verdict changed: what it was, when, and why it changed."""

    verdict: Verdict
    reviewed: dt.date
    reason: str


@dataclass(frozen=True)
class Claim:
    """One canonical claim with its occurrences, verdict and evidence."""

    id: ClaimId
    statement: str
    type: ClaimType
    topics: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    attributed_to: Attribution | None
    verdict: Verdict
    rationale: str
    reviewed: dt.date | None
    evidence: tuple[Evidence, ...]
    position: Position
    history: tuple[VerdictChange, ...] = ()
    summary: str = ""  # a one-line takeaway; optional until filled
    # False when the type or verdict in the file was missing or invalid (a load error was
    # reported) and placeholders stand in; such a knowledge base never reaches rendering.
    complete: bool = True


@dataclass(frozen=True)
class Reference:
    """A source, read from a BibTeX entry; bibtex is the entry as written in the file."""

    key: RefKey
    entry_type: str
    authors: tuple[str, ...]
    title: str
    container: str
    year: str
    volume: str
    number: str
    pages: str
    doi: str
    pmid: str
    url: str
    urldate: str
    publisher: str
    design: Design | None
    checked: dt.date | None
    note: str
    bibtex: str
    position: Position
    shortjournal: str = ""  # the NLM abbreviation as PubMed prints it; journal holds the full title
    pmcid: str = ""
    edition: str = ""
    address: str = ""  # the publisher's place
    institution: str = ""  # a report's issuing body
    booktitle: str = ""
    howpublished: str = ""
    editors: tuple[str, ...] = ()

    @property
    def is_checked(self) -> bool:
        """True when the entry was compared with its own record."""
        return self.checked is not None

    @property
    def named_authors(self) -> tuple[str, ...]:
        """The authors the entry names; BibTeX's closing 'others' is not a person."""
        return tuple(a for a in self.authors if a.lower() != "others")

    @property
    def authors_incomplete(self) -> bool:
        """True when the entry ends its author list in 'and others': the source lists more."""
        return any(a.lower() == "others" for a in self.authors)


@dataclass(frozen=True)
class Record:
    """The text of a reference's record as read when it was checked."""

    key: RefKey
    url: str
    where: str
    taken: dt.date | None
    text: str
    position: Position


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from the data folders, keyed by id; mappings are sorted by id."""

    articles: dict[ArticleId, Article] = field(default_factory=dict)
    claims: dict[ClaimId, Claim] = field(default_factory=dict)
    references: dict[RefKey, Reference] = field(default_factory=dict)
    records: dict[RefKey, Record] = field(default_factory=dict)
