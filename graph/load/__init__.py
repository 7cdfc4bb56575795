"""Load: data files -> model objects, plus load issues with file and line; never an exception.

Input: a project root holding claims/articles.yaml, claims/articles/<id>.txt, claims/*.yaml,
references/*.bib and references/records/*.yaml.
Output: (KnowledgeBase, list[Issue]). Raw YAML values and pybtex objects never leave this package.
Every mapping is checked against its declared shape (graph.schema); every file is read through
graph.load.read (confined to the root, bounded, UTF-8) and BibTeX through graph.load.bibtex.
Issue codes (besides those of graph.load.read and graph.load.bibtex):
    duplicate-id           two claims or two articles share an id
    bad-history            an earlier verdict dated on or after the claim's current review
    missing-article        an article in articles.yaml has no text file, or the reverse
    empty-file             a claims file holds no claims (empty, or only comments)
    date-in-future         a date after the build date (SOURCE_DATE_EPOCH, else the last commit's, else today)
    review-before-capture  a claim reviewed before an article it quotes was captured
    unknown-claim          an entry adding occurrences (only `id` and `occurrences`) names no claim

A claim entry with only `id` and `occurrences` adds occurrences to the claim of that id defined in
another file (what `extract` writes for a sentence that states a claim already reviewed); the
occurrences are merged into that claim, so reviewed files stay untouched.
A draft claim (`verdict: pending`) needs no rationale or review date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import subprocess
from pathlib import Path
from typing import Any

from graph.issues import Issue
from graph.load.bibtex import load_references
from graph.load.read import Sink, YMap, mappings, read_shape, read_text, read_yaml
from graph.model import (
    Article,
    ArticleId,
    Attribution,
    Claim,
    ClaimId,
    ClaimType,
    Evidence,
    KnowledgeBase,
    Occurrence,
    Position,
    Record,
    RefKey,
    SaysIt,
    Stance,
    Subjects,
    Verdict,
    VerdictChange,
)
from graph.schema import ARTICLE, ATTRIBUTION, CLAIM, EVIDENCE, HISTORY, OCCURRENCE, RECORD, id_problem, key_problem

__all__ = ["build_date", "load"]


def build_date(root: Path) -> dt.date:
    """The day the data is checked against: SOURCE_DATE_EPOCH when set, else the day of the root's
    last git commit, else today (UTC). No date in the data may be later."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=10, check=False)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            committed = dt.datetime.fromtimestamp(int(out.stdout.strip()), dt.UTC).date()
            # Work in progress is dated today, after the last commit: allow up to today.
            return max(committed, dt.datetime.now(dt.UTC).date())
    except (OSError, subprocess.SubprocessError):
        pass
    return dt.datetime.now(dt.UTC).date()


class _Dates:
    """Reports a date later than the build date."""

    def __init__(self, today: dt.date) -> None:
        self.today = today

    def check(self, when: dt.date | None, what: str, line: int, sink: Sink) -> None:
        if when is not None and when > self.today:
            sink.add(line, "date-in-future", f"{what} {when.isoformat()} is after the build date {self.today.isoformat()}")


# --------------------------------------------------------------------------------------------
# Articles


def _load_articles(root: Path, dates: _Dates, issues: list[Issue]) -> dict[ArticleId, Article]:
    path = root / "claims" / "articles.yaml"
    sink = Sink(path)
    articles: dict[ArticleId, Article] = {}
    folder = root / "claims" / "articles"
    if not path.exists() and not path.is_symlink():
        sink.add(0, "missing-article", "claims/articles.yaml is missing")
        issues.extend(sink.issues)
        return articles
    listed: set[str] = set()
    value = read_yaml(root, path, sink)
    nodes = mappings(value, "articles.yaml", 1, sink) if value is not None or not sink.issues else []
    for node in nodes:
        f = read_shape(node, ARTICLE, sink)
        raw_id = node.get("id")
        if isinstance(raw_id, str):
            listed.add(raw_id.strip())
        aid = ArticleId(f["id"])
        if not aid:  # missing or not kebab-case (reported): never used as a path
            continue
        if aid in articles:
            sink.add(node.line, "duplicate-id", f"article id '{aid}' is defined twice")
            continue
        text_path = folder / f"{aid}.txt"
        if not text_path.exists() and not text_path.is_symlink():
            sink.add(node.line, "missing-article", f"article '{aid}' has no text file {text_path.name}")
            continue
        text_sink = Sink(text_path)
        text = read_text(root, text_path, text_sink, verbatim=True)
        issues.extend(text_sink.issues)
        if text is None:
            continue
        dates.check(f["captured"], f"article '{aid}': captured", node.line_of("captured"), sink)
        whole_lines = set(text.split("\n"))
        for name in ("headings", "captions"):
            for line in f[name]:
                if line not in whole_lines:
                    close = difflib.get_close_matches(line, sorted(whole_lines), n=1, cutoff=0.6)
                    hint = f" (closest line: '{close[0][:80]}')" if close else ""
                    sink.add(node.line_of(name), "line-not-in-article", f"article '{aid}': {name[:-1]} '{line[:80]}' is not a whole line of {text_path.name}{hint}")
        articles[aid] = Article(
            id=aid,
            title=f["title"],
            publisher=f["publisher"],
            url=f["url"],
            captured=f["captured"] or dt.date.min,
            text=text,
            position=Position(path, node.line),
            headings=tuple(f["headings"]),
            captions=tuple(f["captions"]),
        )
    if folder.is_dir() and not folder.is_symlink():
        for text_path in sorted(folder.glob("*.txt")):
            if text_path.stem not in listed:  # reported at the text file: that is where the reader looks
                issues.append(Issue(text_path, 0, "missing-article", f"{text_path.name} has no entry in claims/articles.yaml (add one with id '{text_path.stem}')"))
    elif folder.is_symlink():
        sink.add(0, "unsafe-path", "claims/articles is a symbolic link: the article texts must be inside the project")
    issues.extend(sink.issues)
    return dict(sorted(articles.items()))


# --------------------------------------------------------------------------------------------
# Claims


def _find_span(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote) if quote else -1
    return (start, start + len(quote)) if start >= 0 else None


def _occurrences(items: list[YMap], articles: dict[ArticleId, Article], sink: Sink) -> tuple[Occurrence, ...]:
    result = []
    for occ in items:
        f = read_shape(occ, OCCURRENCE, sink)
        aid = ArticleId(f["article"])
        article = articles.get(aid)
        span = _find_span(article.text, f["quote"]) if article else None
        result.append(Occurrence(aid, f["quote"], span, Position(sink.file, occ.line)))
    return tuple(result)


def _evidence(items: list[YMap], sink: Sink) -> tuple[Evidence, ...]:
    result = []
    for ev in items:
        # validate reports a missing quote as missing-quote, with the claim's id
        f = read_shape(ev, EVIDENCE, sink, optional=frozenset({"quote"}))
        if f["stance"] is None or not f["ref"]:
            continue
        result.append(
            Evidence(
                RefKey(f["ref"]),
                Stance(f["stance"]),
                f["quote"],
                f["locator"],
                Position(sink.file, ev.line),
                subjects=Subjects(f["subjects"]) if f["subjects"] else None,
                population=f["population"],
                size=f["size"],
                follow_up=f["follow_up"],
                dose=f["dose"],
                reports=RefKey(f["reports"]) if f["reports"] else None,
            )
        )
    return tuple(result)


def _attribution(node: YMap | None, sink: Sink) -> Attribution | None:
    if node is None:
        return None
    f = read_shape(node, ATTRIBUTION, sink)
    return Attribution(
        name=f["name"],
        ref=RefKey(f["ref"]) if f["ref"] else None,
        says_it=SaysIt(f["says_it"]) if f["says_it"] else SaysIt.UNKNOWN,
        note=f["note"],
    )


def _history(items: list[YMap], reviewed: dt.date | None, dates: _Dates, sink: Sink) -> tuple[VerdictChange, ...]:
    """Earlier verdicts, oldest first; each must predate the current review."""
    changes = []
    for item in items:
        f = read_shape(item, HISTORY, sink)
        when: dt.date | None = f["reviewed"]
        if f["verdict"] is None or when is None:
            continue
        dates.check(when, "earlier review", item.line_of("reviewed"), sink)
        if reviewed is not None and when >= reviewed:
            sink.add(item.line, "bad-history", f"earlier verdict of {when.isoformat()} is not before the current review of {reviewed.isoformat()}")
        changes.append(VerdictChange(Verdict(f["verdict"]), when, f["reason"]))
    return tuple(sorted(changes, key=lambda c: c.reviewed))


_OPTIONAL = frozenset({"occurrences"})
_DRAFT_OPTIONAL = frozenset({"occurrences", "rationale", "reviewed"})
_MORE_OCCURRENCES = frozenset({"id", "occurrences"})


def _claim(node: YMap, articles: dict[ArticleId, Article], dates: _Dates, sink: Sink) -> Claim | None:
    # validate reports a claim without occurrences as no-occurrences; a draft (pending) is not
    # yet reviewed: it has no rationale or review date to require.
    pending = node.get("verdict") == Verdict.PENDING.value
    f = read_shape(node, CLAIM, sink, optional=_DRAFT_OPTIONAL if pending else _OPTIONAL)
    cid = f["id"]
    ctype = ClaimType(f["type"]) if f["type"] else None
    verdict = Verdict(f["verdict"]) if f["verdict"] else None
    reviewed: dt.date | None = f["reviewed"]
    occurrences = _occurrences(f["occurrences"], articles, sink)
    dates.check(reviewed, f"claim '{cid}': reviewed", node.line_of("reviewed"), sink)
    if reviewed is not None:
        for aid in sorted({o.article for o in occurrences}):
            article = articles.get(aid)
            if article is not None and article.captured != dt.date.min and reviewed < article.captured:
                sink.add(node.line_of("reviewed"), "review-before-capture", f"claim '{cid}' reviewed {reviewed.isoformat()}, before article '{aid}' was captured ({article.captured.isoformat()})")
    claim = Claim(
        id=ClaimId(cid),
        statement=f["statement"],
        type=ctype or ClaimType.EFFICACY,
        topics=f["topics"],
        occurrences=occurrences,
        attributed_to=_attribution(f["attributed_to"], sink),
        verdict=verdict or Verdict.NOT_CHECKABLE,
        rationale=f["rationale"],
        reviewed=reviewed,
        evidence=_evidence(f["evidence"], sink),
        position=Position(sink.file, node.line),
        history=_history(f["history"], reviewed, dates, sink),
        summary=f["summary"],
        # A bad type or verdict is already an error; the claim is still kept, so that its other
        # fields are checked in the same run, but no verdict rule is applied to the placeholder.
        complete=bool(ctype and verdict),
    )
    # Without a valid id a claim cannot be keyed or linked; its issue is recorded.
    return claim if cid else None


def _load_claims(root: Path, articles: dict[ArticleId, Article], dates: _Dates, issues: list[Issue]) -> dict[ClaimId, Claim]:
    claims: dict[ClaimId, Claim] = {}
    more: list[tuple[ClaimId, tuple[Occurrence, ...], Sink, int]] = []  # occurrences of claims defined elsewhere
    for path in sorted((root / "claims").glob("*.yaml")):
        if path.name == "articles.yaml":
            continue
        sink = Sink(path)
        value = read_yaml(root, path, sink)
        if value is None and not sink.issues:
            sink.add(0, "empty-file", f"{path.name} holds no claims: delete the file, or write its claims as a YAML list")
        nodes = mappings(value, path.name, 1, sink) if value is not None else []
        for node in nodes:
            if set(node) == _MORE_OCCURRENCES:
                f = read_shape(node, CLAIM, sink, optional=frozenset(CLAIM.names))
                if f["id"]:
                    more.append((ClaimId(f["id"]), _occurrences(f["occurrences"], articles, sink), sink, node.line))
                continue
            claim = _claim(node, articles, dates, sink)
            if claim is None:
                continue
            if claim.id in claims:
                first = claims[claim.id].position
                sink.add(node.line, "duplicate-id", f"claim id '{claim.id}' is already defined at {first.file.name}:{first.line}")
                continue
            claims[claim.id] = claim
        if isinstance(value, list) and not value:
            sink.add(1, "empty-file", f"{path.name} is an empty list: it holds no claims")
        issues.extend(sink.issues)
    for cid, occurrences, sink, line in more:
        if cid not in claims:
            issues.append(Issue(sink.file, line, "unknown-claim", f"'{cid}' adds occurrences to a claim that no claims file defines"))
            continue
        claims[cid] = dataclasses.replace(claims[cid], occurrences=claims[cid].occurrences + occurrences)
    return dict(sorted(claims.items()))


# --------------------------------------------------------------------------------------------
# Records


def _load_records(root: Path, dates: _Dates, issues: list[Issue]) -> dict[RefKey, Record]:
    records: dict[RefKey, Record] = {}
    folder = root / "references" / "records"
    for path in sorted(folder.glob("*.yaml")):
        sink = Sink(path)
        problem = key_problem(path.stem)
        if problem:
            sink.add(0, "bad-id", f"record file name '{path.stem[:60]}' is {problem}: it must be a BibTeX key")
            issues.extend(sink.issues)
            continue
        node: Any = read_yaml(root, path, sink)
        if node is None and not sink.issues:
            sink.add(1, "missing-field", "record file is empty")
        if isinstance(node, YMap):
            f = read_shape(node, RECORD, sink)
            dates.check(f["taken"], f"record '{path.stem}': taken", node.line_of("taken"), sink)
            key = RefKey(path.stem)
            records[key] = Record(key=key, url=f["url"], where=f["where"], taken=f["taken"], text=f["text"], position=Position(path, node.line))
        elif node is not None:
            sink.add(1, "bad-value", "a record file must be a mapping with url, where, taken, text")
        issues.extend(sink.issues)
    return records


def _check_reference_dates(kb_refs: dict[RefKey, Any], dates: _Dates, issues: list[Issue]) -> None:
    for ref in kb_refs.values():
        if ref.checked is not None and ref.checked > dates.today:
            issues.append(Issue(ref.position.file, ref.position.line, "date-in-future", f"reference '{ref.key}': checked {ref.checked.isoformat()} is after the build date {dates.today.isoformat()}"))


def load(root: Path) -> tuple[KnowledgeBase, list[Issue]]:
    """Read every data file under root; return the knowledge base and all load issues."""
    issues: list[Issue] = []
    dates = _Dates(build_date(root))
    articles = _load_articles(root, dates, issues)
    claims = _load_claims(root, articles, dates, issues)
    references = load_references(root, issues)
    _check_reference_dates(references, dates, issues)
    records = _load_records(root, dates, issues)
    return KnowledgeBase(articles, claims, references, records), issues


_ = id_problem  # re-exported for callers that check an id the same way
