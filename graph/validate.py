"""Validate: small checks over the loaded knowledge base, each yielding issues.

Input: a KnowledgeBase from graph.load. Output: issues (never raises for bad data).
Issue codes:
    quote-not-found        an occurrence quote is not in its article's text (closest text shown)
    unknown-article        an occurrence names an article that does not exist
    no-occurrences         a claim occurs in no article
    unknown-reference      evidence, an attribution or a record names a key no .bib defines
    unused-reference       (warning) a reference no claim cites
    missing-quote          an evidence link has no quote
    quote-not-in-record    an evidence quote is not found in the reference's stored record text
    bad-doi                a DOI that is not of the form 10.NNNN/...
    bad-pmid               a PMID that is not 1 to 8 digits
    bad-url                a URL that is not http(s)
    duplicate-identifier   two references share a DOI or a PMID
    quote-too-short        a quote (occurrence or evidence) without substance: under 4 words and 20 letters besides '...'
                           (an occurrence quote that is a whole list item on a line of its own is enough)
    quote-unverifiable     (warning) an evidence quote on a reference with no stored record text
    unchecked-reference    (warning) evidence rests on a reference whose record was not checked
(bad-id, for ids, topics and keys outside their character set, is reported by graph.load.)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.issues import Issue, each_at
from graph.model import Claim, KnowledgeBase, Occurrence, Position, Reference

Check = Callable[[KnowledgeBase], Iterator[Issue]]

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^\d{1,8}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _issue(pos: Position, code: str, message: str) -> Issue:
    return Issue(pos.file, pos.line, code, message)


# --------------------------------------------------------------------------------------------
# Quote matching, tolerant of typography (used for record text, never for article quotes)

_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Fold case, typographic quotes, dashes and white space so that copies compare equal."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).lower()
    return " ".join(text.split())


def quote_in_text(quote: str, text: str) -> bool:
    """True when quote is in text, tolerantly; '...' separates pieces that must occur in order."""
    haystack = normalise(text)
    pos = 0
    for piece in re.split(r"\s*(?:\.\.\.|\u2026)\s*", quote):
        needle = normalise(piece).strip(" .,;:")
        if not needle:
            continue
        found = haystack.find(needle, pos)
        if found < 0:
            return False
        pos = found + len(needle)
    return True


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_missing(quote: str, text: str) -> list[str]:
    """The numbers of quote that text does not contain: a changed figure is the worst misquote."""
    found = set(_NUMBER.findall(normalise(text)))
    return [n for n in _NUMBER.findall(normalise(quote)) if n not in found]


@dataclass(frozen=True)
class QuoteFigures:
    """How many evidence quotes were verified against stored record text."""

    verified: int
    unverified: int  # the reference has no stored record text
    failed: int

    def summary(self) -> str:
        """One line for the check command."""
        return f"evidence quotes: {self.verified} verified against stored records, {self.unverified} unverified (no stored record), {self.failed} failed"


def quote_figures(kb: KnowledgeBase) -> QuoteFigures:
    """Count evidence quotes by whether their reference's record text contains them."""
    verified = unverified = failed = 0
    for claim in kb.claims.values():
        for ev in claim.evidence:
            record = kb.records.get(ev.ref)
            if record is None or not record.text:
                unverified += 1
            elif ev.quote and has_substance(ev.quote) and quote_in_text(ev.quote, record.text):
                verified += 1
            else:
                failed += 1
    return QuoteFigures(verified, unverified, failed)


_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
MIN_QUOTE_WORDS, MIN_QUOTE_LETTERS = 4, 20


def has_substance(quote: str) -> bool:
    """True when quote says something: at least 4 words or 20 letters besides ellipses, so that
    a quote of '...' or one letter cannot pass as found."""
    bare = _ELLIPSIS.sub(" ", quote)
    return len(re.findall(r"\w+", bare)) >= MIN_QUOTE_WORDS or sum(ch.isalpha() for ch in bare) >= MIN_QUOTE_LETTERS


_LIST_MARKER = re.compile(r"^\s*(?:[-\u2022*\u25aa\u25cf\u25e6]|\d+[.)])\s+$")


def is_list_item(text: str, span: tuple[int, int] | None) -> bool:
    """True when span is the whole of a list item on a line of its own ("- Migraines"): such a
    short quote still places the claim beyond doubt, since its heading carries the claim and the
    item is the whole line (how `extract` quotes a bulleted list)."""
    if span is None:
        return False
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    rest = text[span[1] : len(text) if line_end < 0 else line_end]
    return bool(_LIST_MARKER.match(text[line_start : span[0]])) and not rest.strip()


def _too_short(pos: Position, claim: Claim, what: str, quote: str) -> Issue:
    shown = quote if len(quote) <= 40 else quote[:37] + "..."
    return _issue(pos, "quote-too-short", f"claim '{claim.id}': the {what} quote \"{shown}\" is too short to check (at least {MIN_QUOTE_WORDS} words or {MIN_QUOTE_LETTERS} letters)")


def closest_text(quote: str, text: str) -> str:
    """Return the stretch of text most like quote, to show beside a quote-not-found error."""
    words = text.split()
    size = max(1, len(quote.split()))
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(0, max(1, len(words) - size + 1)):
        window = " ".join(words[start : start + size])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() > best_ratio and matcher.ratio() > best_ratio:
            best, best_ratio = window, matcher.ratio()
    return best


# --------------------------------------------------------------------------------------------
# Claims and occurrences


def _occurrence_problem(kb: KnowledgeBase, claim: Claim, occ: Occurrence) -> Issue | None:
    article = kb.articles.get(occ.article)
    if article is None:
        known = ", ".join(kb.articles) or "none"
        return _issue(occ.position, "unknown-article", f"claim '{claim.id}' quotes article '{occ.article}', which does not exist (known: {known})")
    if occ.quote and not has_substance(occ.quote) and not is_list_item(article.text, occ.span):
        return _too_short(occ.position, claim, "occurrence", occ.quote)
    if occ.span is None and occ.quote:
        hint = closest_text(occ.quote, article.text)
        same_but_typography = quote_in_text(occ.quote, article.text)
        why = " (it differs only in quotes, dashes, case or spaces: copy the article's characters)" if same_but_typography else ""
        return _issue(occ.position, "quote-not-found", f"claim '{claim.id}': quote not found in article '{occ.article}'{why}; closest text: \"{hint}\"")
    return None


def check_occurrences(kb: KnowledgeBase) -> Iterator[Issue]:
    """Every claim occurs somewhere, and every occurrence quote is found in its article."""
    for claim in each_at(kb.claims.values()):
        if not claim.occurrences:
            yield _issue(claim.position, "no-occurrences", f"claim '{claim.id}' occurs in no article")
        for occ in claim.occurrences:
            problem = _occurrence_problem(kb, claim, occ)
            if problem is not None:
                yield problem


def check_evidence(kb: KnowledgeBase) -> Iterator[Issue]:
    """Evidence (and the primary source it reports) names known references, carries a quote, and the quote is in the stored record."""
    for claim in each_at(kb.claims.values()):
        for ev in claim.evidence:
            if ev.reports is not None and ev.reports not in kb.references:
                yield _issue(ev.position, "unknown-reference", f"claim '{claim.id}': evidence from '{ev.ref}' reports a figure from '{ev.reports}', which no references/*.bib defines")
            if ev.ref not in kb.references:
                yield _issue(ev.position, "unknown-reference", f"claim '{claim.id}' cites '{ev.ref}', which no references/*.bib defines")
                continue
            if not ev.quote:
                yield _issue(ev.position, "missing-quote", f"claim '{claim.id}': evidence from '{ev.ref}' has no quote")
                continue
            if not has_substance(ev.quote):
                yield _too_short(ev.position, claim, "evidence", ev.quote)
                continue
            record = kb.records.get(ev.ref)
            if record is None or not record.text:
                yield _issue(ev.position, "quote-unverifiable", f"claim '{claim.id}': the quote from '{ev.ref}' cannot be verified: references/records/{ev.ref}.yaml holds no record text")
            elif not quote_in_text(ev.quote, record.text):
                missing = numbers_missing(ev.quote, record.text)
                figures = f" (numbers not in the record: {', '.join(missing)})" if missing else ""
                yield _issue(ev.position, "quote-not-in-record", f"claim '{claim.id}': the quote from '{ev.ref}' is not in its record {record.position.file.name}{figures}; closest text: \"{closest_text(ev.quote, record.text)}\"")
            if not kb.references[ev.ref].is_checked:
                yield _issue(ev.position, "unchecked-reference", f"claim '{claim.id}' cites '{ev.ref}', whose record was not checked")
        attribution = claim.attributed_to
        if attribution is not None and attribution.ref is not None and attribution.ref not in kb.references:
            yield _issue(claim.position, "unknown-reference", f"claim '{claim.id}' attributes to '{attribution.ref}', which no references/*.bib defines")


def check_unused_references(kb: KnowledgeBase) -> Iterator[Issue]:
    """Every reference bears on at least one claim."""
    cited = {ev.ref for c in kb.claims.values() for ev in c.evidence}
    cited |= {ev.reports for c in kb.claims.values() for ev in c.evidence if ev.reports}
    cited |= {c.attributed_to.ref for c in kb.claims.values() if c.attributed_to and c.attributed_to.ref}
    for key, ref in kb.references.items():
        if key not in cited:
            yield _issue(ref.position, "unused-reference", f"reference '{key}' is cited by no claim")


# --------------------------------------------------------------------------------------------
# References and records


def _reference_problems(ref: Reference) -> Iterator[Issue]:
    if ref.doi and not _DOI.match(ref.doi):
        yield _issue(ref.position, "bad-doi", f"reference '{ref.key}': DOI '{ref.doi}' is not of the form 10.NNNN/suffix")
    if ref.pmid and not _PMID.match(ref.pmid):
        yield _issue(ref.position, "bad-pmid", f"reference '{ref.key}': PMID '{ref.pmid}' is not 1 to 8 digits")
    if ref.url and not _URL.match(ref.url):
        yield _issue(ref.position, "bad-url", f"reference '{ref.key}': URL '{ref.url}' is not an http(s) address")
    if not (ref.url or ref.doi or ref.pmid):
        yield _issue(ref.position, "missing-field", f"reference '{ref.key}' has no url, doi or pmid: a reader cannot find its record")


def check_references(kb: KnowledgeBase) -> Iterator[Issue]:
    """Identifiers are well formed and no two references share one."""
    seen: dict[tuple[str, str], Reference] = {}
    # In file order, so that the later of two entries is the one reported.
    for ref in each_at(sorted(kb.references.values(), key=lambda r: (str(r.position.file), r.position.line))):
        yield from _reference_problems(ref)
        for kind, value in (("DOI", ref.doi.lower()), ("PMID", ref.pmid)):
            if not value:
                continue
            first = seen.setdefault((kind, value), ref)
            if first is not ref:
                yield _issue(ref.position, "duplicate-identifier", f"reference '{ref.key}' has the same {kind} {value} as '{first.key}' ({first.position.file.name}:{first.position.line})")


def check_records(kb: KnowledgeBase) -> Iterator[Issue]:
    """Each record belongs to a reference and says where it was read."""
    for record in each_at(kb.records.values()):
        key = record.key
        if key not in kb.references:
            yield _issue(record.position, "unknown-reference", f"record '{key}' belongs to no reference in references/*.bib")
        if record.url and not _URL.match(record.url):
            yield _issue(record.position, "bad-url", f"record '{key}': URL '{record.url}' is not an http(s) address")


def check_articles(kb: KnowledgeBase) -> Iterator[Issue]:
    """Article URLs, when known, are http(s)."""
    for article in each_at(kb.articles.values()):
        if article.url is not None and not _URL.match(article.url):
            yield _issue(article.position, "bad-url", f"article '{article.id}': URL '{article.url}' is not an http(s) address")


CHECKS: tuple[Check, ...] = (
    check_articles,
    check_occurrences,
    check_evidence,
    check_unused_references,
    check_references,
    check_records,
)


def validate(kb: KnowledgeBase) -> list[Issue]:
    """Run every check; return all issues found (empty when the knowledge base is clean)."""
    return [issue for check in CHECKS for issue in check(kb)]

