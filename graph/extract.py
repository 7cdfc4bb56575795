"""Extract: an article -> its proposed check-worthy claims, matched to the claims already known.

Input: an Article and the loaded KnowledgeBase (its claims and references). Output: Candidates
(verbatim quote, span, type, statement, and either the id of an existing claim stating the same
proposition or suggestions for a draft), and draft_yaml(), the claims file a reviewer edits.
Steps:
1. segment: each line of the text is a paragraph; pysbd (rule-based sentence boundary
   detection, no model) splits it into sentences, each located in the text to get its span;
2. keep the check-worthy: drop headings (no final punctuation and few words), questions, calls to
   action and lines too short to state anything; type each kept sentence by rules (TYPE_RULES,
   first match wins, in the order of the list);
3. split a sentence where its parts can differ in truth: each "X (expansion)" abbreviation is its
   own definition claim, and a list after "including", "such as", "like" or "for" gives one claim
   per item (the quote stays the sentence, the statement names the item); parts joined by ";"
   are separate claims;
4. match: the claims index (graph.match, BM25 over each claim's statement, quotes and topics)
   gives the closest claims; the best is the same proposition when its relative BM25 score and
   the fuzzy token-set ratio (rapidfuzz) between the candidate's terms and the claim's closest
   passage both reach the thresholds (MATCH_RELATIVE, MATCH_RATIO, tuned on
   tests/extract/labelled/ with `make bench-extract`, see docs/methodology.md), and the claim
   passes the agreement checks (agrees()): the same figures (up to rounding), no other condition
   named (anxiety against PTSD), and no opposite direction (reduces against increases). These
   reject the hard negatives where one word, not the wording, makes the propositions differ.
Every quote is asserted to occur in the article text at its span.
Issue codes: none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pysbd
from rapidfuzz import fuzz

from graph.find import claims_index
from graph.match import STOP_WORDS, Index, terms
from graph.model import Article, ClaimType, KnowledgeBase

MATCH_RELATIVE = 0.45
MATCH_RATIO = 90.0

# (type, pattern): first match wins, so the more specific kinds come first.
TYPE_RULES: tuple[tuple[ClaimType, re.Pattern[str]], ...] = tuple(
    (t, re.compile(p, re.IGNORECASE))
    for t, p in (
        (ClaimType.ATTRIBUTION, r"\baccording to\b|\b(study|studies|research|trial|survey|report)\b[^.]{0,60}\b(found|showed|shown|suggests?|published|reported|looked)\b|\bpublished in\b"),
        (ClaimType.CREDENTIAL, r"\b(our|we|us)\b[^.]{0,40}\b(clinic|team|staff|doctor|physician|provider|center|centre|practice|offer|administer|provide|specialize|certified|board|licensed|located)|\bat the [A-Z][^.]{0,40}(clinic|center)\b"),
        (ClaimType.SAFETY, r"\b(safe|safety|side effects?|risk|risks|adverse|addict\w*|abuse|dependen\w*|overdose|toxic\w*|dissociat\w*|hallucinat\w*|contraindicat\w*|well tolerated|tolerat\w*)\b"),
        (ClaimType.HISTORY, r"\b(1[89]\d\d|20[0-2]\d)s?\b|\b(approved|approval|fda|discovered|first used|since|history|developed|synthesi[sz]ed|battlefield)\b"),
        (ClaimType.EPIDEMIOLOGY, r"\b(\d+(\.\d+)?\s?(%|percent)|million|billion|prevalen\w*|affects?|common|rate|rates|americans?|adults|population|veterans)\b"),
        (ClaimType.MECHANISM, r"\b(receptors?|nmda|glutamate|bdnf|neurotransmit\w*|brain|neur\w*|synap\w*|pathways?|serotonin|dopamine|plasticity|blocks?|antagonist|mechanism|circuits?)\b"),
        (ClaimType.DEFINITION, r"\b(is|are) (a|an|the|one of the)\b|\b(defined|known as|refers to|characterized|symptoms? (include|can include))\b"),
        (ClaimType.EFFICACY, r"\b(effective|efficacy|relie\w*|improv\w*|reduc\w*|treat\w*|remission|respon\w*|results?|works?|help\w*|lasts?|lasted|weeks?|hours?|days?|minutes|rapid\w*|fast|quick\w*|immediate\w*|benefit\w*|symptoms?)\b"),
    )
)

_CALL_TO_ACTION = re.compile(r"\b(call|contact us|schedule|book (an?|your)|click|sign up|subscribe|learn more|read more|request|reach out|get started|today!)\b", re.IGNORECASE)
# Sentences that address the reader or console them rather than state a fact.
_NOT_A_CLAIM = re.compile(r"\b(thank you|look forward|imagine|the good news|chances are|we all feel|frequently asked questions|if you (suffer|are|have))\b", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\b([A-Z][A-Za-z]*[A-Z]s?)\s*\(([a-z][a-z\- ]+[a-z])\)|\b([A-Za-z][a-z]+(?:[ -][A-Za-z][a-z\-]+){1,6})\s*\(([A-Z][A-Za-z]*[A-Z]s?)\)")
# Agreement checks between a candidate and a claim (agrees()). Conditions: the page's subject
# when it names one; a figure about anxiety is not one about PTSD however alike the words.
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_CONDITIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(p, re.IGNORECASE))
    for name, p in (
        ("anxiety", r"(?<!anti-)(?<!anti)\banxi\w*|\b(gad|sad|social phobia|panic)\b"),
        ("ptsd", r"\bptsd\b|post-?\s?traumatic"),
        ("depression", r"(?<!anti-)(?<!anti)\bdepress(?!ant)\w*|\b(mdd|trd)\b"),
        ("pain", r"\bpain\w*|\b(crps|fibromyalgia|migraines?|neuropath\w*)\b"),
        ("ocd", r"\bocd\b|obsessive"),
        ("bipolar", r"\bbipolar\b"),
    )
)
_NEGATION = re.compile(r"\b(not|no|never|none|cannot|can't|isn't|aren't|doesn't|don't|without|few)\b|n't\b", re.IGNORECASE)
_UP = re.compile(r"\b(increas\w*|rais\w*|boost\w*|higher|more|enhanc\w*|worsen\w*)\b", re.IGNORECASE)
_DOWN = re.compile(r"\b(decreas\w*|reduc\w*|lower\w*|less|fewer|diminish\w*|eliminat\w*|declin\w*)\b", re.IGNORECASE)
_EXPANSION_SUFFIX = " is a correct expansion."
_LIST_START = re.compile(r"\b(including|such as|like|for example|e\.g\.,?)\s+", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:and/or\s+|and\s+|or\s+)?|\s+(?:and/or|and|or)\s+")
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)


@dataclass(frozen=True)
class Suggestion:
    """A close existing claim or a relevant reference, with its relative BM25 score."""

    key: str
    relative: float


@dataclass(frozen=True)
class Candidate:
    """One proposed check-worthy claim of an article."""

    quote: str
    span: tuple[int, int]
    type: ClaimType
    statement: str
    same_as: str | None = None
    score: float = 0.0  # the fuzzy ratio of the best match, 0-100
    claims: tuple[Suggestion, ...] = field(default_factory=tuple)
    references: tuple[Suggestion, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article and where it stands."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """Where it ends in the article text."""
        return self.start + len(self.text)


def sentences(text: str) -> list[Sentence]:
    """The article's sentences, paragraph by paragraph (a line is a paragraph), with spans."""
    out = []
    offset = 0
    for line in text.split("\n"):
        cursor = 0
        for raw in _SEGMENTER.segment(line) if line.strip() else []:
            piece = raw.strip()
            if not piece:
                continue
            at = line.find(piece, cursor)
            if at < 0:  # pysbd altered the text: fall back to the rest of the line
                continue
            cursor = at + len(piece)
            out.append(Sentence(piece, offset + at))
        offset += len(line) + 1
    return out


def claim_type(text: str) -> ClaimType:
    """The first type rule the text meets; a declarative sentence that meets none is still
    proposed (the labelled set shows nearly every sentence of a provider's page states
    something checkable), as efficacy, the commonest kind."""
    for kind, pattern in TYPE_RULES:
        if pattern.search(text):
            return kind
    return ClaimType.EFFICACY


def is_check_worthy(s: str) -> bool:
    """False for headings, questions, calls to action and fragments."""
    words = s.split()
    if len(words) < 4:
        return False
    if s.endswith("?") or _CALL_TO_ACTION.search(s) or _NOT_A_CLAIM.search(s):
        return False
    return not (s[-1] not in ".!;:\"”)]" and len(words) < 9)


def _strip_lead(s: Sentence) -> Sentence:
    """Drop a leading connective ("However, ", "In fact, ") the claim does not need."""
    m = re.match(r"^(However|In fact|In addition|Additionally|Moreover|Furthermore|Unfortunately|Likewise|Also|Still|Indeed|Fortunately|Interestingly|Therefore|Thus),\s+", s.text)
    return Sentence(s.text[m.end() :], s.start + m.end()) if m else s


# Where a sentence's clauses can differ in truth: ";", and a comma before a conjunction or a
# participle that starts a new proposition ("..., affecting 40 million adults").
_CLAUSE = re.compile(r";\s+|,?\s+(?=allowing (?:it|them|patients)\b)|,\s+(?=(?:but|yet|while|whereas|although|affecting|leading to|resulting in|which (?:is|are|means|makes)|and (?:it|its|they|this|these|those|patients|ketamine|the|many|most|some|studies|research|we|our|can|may|is|has|will)\b)\s)")


def _parts(s: Sentence) -> list[Sentence]:
    """Split into clauses (see _CLAUSE); each part keeps its own span; a part too short to
    state anything on its own stays with the sentence."""
    if _list_items(s.text):
        return [s]
    out = []
    start = 0
    for m in _CLAUSE.finditer(s.text):
        if len(s.text[start : m.start()].split()) < 4 or len(s.text[m.end() :].split()) < 4:
            continue
        out.append(Sentence(s.text[start : m.start()], s.start + start))
        start = m.end()
    out.append(Sentence(s.text[start:], s.start + start))
    return [p for p in out if len(p.text.split()) >= 3]


def _list_items(text: str) -> list[str]:
    """The items of a list after 'including' / 'such as' / 'like', when there are two or more."""
    m = _LIST_START.search(text)
    if not m:
        return []
    tail = re.split(r"[.;:]\s|[.;:]$|\s—\s|, (?:which|that|who|where)\b", text[m.end() :])[0]
    items = [i.strip(" .,") for i in _LIST_SPLIT.split(tail) if i and i.strip(" .,")]
    items = [re.sub(r"^(and|or)\s+", "", i) for i in items]
    return items if 2 <= len(items) <= 12 and all(len(i.split()) <= 6 for i in items) else []


def _candidates_of(s: Sentence) -> list[Candidate]:
    kind = claim_type(s.text)
    out: list[Candidate] = []
    items = _list_items(s.text)
    if items:
        head = s.text[: _LIST_START.search(s.text).start()].rstrip(" ,")  # type: ignore[union-attr]
        out += [Candidate(s.text, (s.start, s.end), kind, f"{head}: {item}.") for item in items]
    else:
        out.append(Candidate(s.text, (s.start, s.end), kind, _clean(s.text)))
    for m in _ABBREVIATION.finditer(s.text):
        quote = m.group(0)
        start = s.start + m.start()
        out.append(Candidate(quote, (start, start + len(quote)), ClaimType.DEFINITION, f"{quote}{_EXPANSION_SUFFIX}"))
    return out


def _clean(quote: str) -> str:
    """The quote as a statement: one line, a capital first letter, a final full stop."""
    text = " ".join(quote.split()).rstrip(" ,;:")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


_BULLET = re.compile(r"^\s*(?:[-•*▪●◦]|\d+[.)])\s+")


def _bullets(text: str) -> list[tuple[Sentence, str]]:
    """List items on lines of their own ("- Migraines") under a heading: each is a claim of the
    heading ("Which Pain Conditions Can Ketamine Treat?"), however short."""
    out = []
    offset = 0
    heading = ""
    for line in text.split("\n"):
        m = _BULLET.match(line)
        if m and line[m.end() :].strip():
            item = line[m.end() :].rstrip()
            out.append((Sentence(item, offset + m.end()), heading))
        elif line.strip():
            heading = line.strip()
        offset += len(line) + 1
    return out


def propose(article: Article) -> list[Candidate]:
    """The article's candidates, in text order (unmatched)."""
    out: list[Candidate] = []
    bullets = _bullets(article.text)
    for item, heading in bullets:
        if len(item.text.split()) < 4 or item.text[-1] not in ".!":  # a short item: the heading carries it
            out.append(Candidate(item.text, (item.start, item.end), claim_type(f"{heading} {item.text}"), f"{heading.rstrip('?:')}: {item.text}."))
    starts = {b.start for b, _ in bullets if len(b.text.split()) < 4 or b.text[-1] not in ".!"}
    for sentence in sentences(article.text):
        if any(sentence.start <= st < sentence.end for st in starts):
            continue
        if not is_check_worthy(sentence.text):
            continue
        if sentence.end == len(article.text.rstrip()) and sentence.text[-1] not in ".!\"”)":
            continue  # the capture stops mid-sentence: nothing whole to check
        for part in _parts(_strip_lead(sentence)):
            out += _candidates_of(part)
    out.sort(key=lambda c: c.span)
    for c in out:
        assert article.text[c.span[0] : c.span[1]] == c.quote, c.quote  # verbatim, at its span
    return out


@dataclass(frozen=True)
class Matcher:
    """The claims and references of a knowledge base, indexed for matching candidates."""

    kb: KnowledgeBase
    claims: Index
    references: Index
    relative: float = MATCH_RELATIVE
    ratio: float = MATCH_RATIO

    @classmethod
    def of(cls, kb: KnowledgeBase, relative: float = MATCH_RELATIVE, ratio: float = MATCH_RATIO) -> Matcher:
        """Index kb's claims (statement, quotes, topics) and references (title, record text)."""
        return cls(kb, claims_index(kb), references_index(kb), relative, ratio)

    def match(self, c: Candidate, skip_article: str | None = None) -> Candidate:
        """The candidate with its match (same_as) or, failing one, its suggestions."""
        text = c.statement if c.statement != _clean(c.quote) else c.quote
        hits = self.claims.search(text, 5)
        best: tuple[float, str] | None = None
        # The whole text and each of its pieces: a page's sentence often states a known claim in
        # one clause ("This NMDA receptor antagonist offers ..."), which the rest dilutes.
        for piece in [text, *_pieces(text)]:
            mine = " ".join(terms(piece))
            for h in (hits if piece is text else self.claims.search(piece, 3))[:3]:
                claim = self.kb.claims[h.key]  # type: ignore[index]
                passages = [claim.statement] + [o.quote for o in claim.occurrences if o.article != skip_article]
                if h.relative < self.relative or not agrees(piece, " ".join(passages)) or not _covers(c, passages):
                    continue
                ratio = max(fuzz.token_set_ratio(mine, " ".join(terms(p))) * _length_factor(mine, p) for p in passages)
                if ratio >= self.ratio and (best is None or ratio > best[0]):
                    best = (ratio, h.key)
        refs = self.references.search(text, 3)
        return Candidate(
            c.quote,
            c.span,
            c.type,
            c.statement,
            best[1] if best else None,
            best[0] if best else 0.0,
            tuple(Suggestion(h.key, round(h.relative, 2)) for h in hits[:3]),
            tuple(Suggestion(h.key, round(h.relative, 2)) for h in refs),
        )


def numbers(text: str) -> set[float]:
    """The figures a text states ("18.1%", "40 million", "1,000" -> 18.1, 40.0, 1000.0)."""
    return {float(n.replace(",", "")) for n in _NUMBER.findall(text)}


def conditions(text: str) -> set[str]:
    """The conditions (anxiety, ptsd, depression, pain, ocd, bipolar) a text names."""
    return {name for name, p in _CONDITIONS if p.search(text)}


def agrees(mine: str, claim: str) -> bool:
    """Whether a candidate's text can state the same proposition as a claim's text (its
    statement and quotes together), judged on the words that change a proposition's truth:
    - figures: each figure of the candidate is one of the claim's, up to rounding (37 for
      36.9); a candidate with figures against a claim without any does not agree;
    - conditions: when both name conditions, they share one (anxiety is not PTSD);
    - negation: both or neither say "not", "no", "never", "few" ... ("there are not many
      studies" is not "ketamine is effective");
    - direction: a candidate saying only "reduces" does not agree with a claim saying only
      "increases", and the reverse."""
    mine_n, claim_n = numbers(mine), numbers(claim)
    if any(not any(abs(a - b) <= 0.5 for b in claim_n) for a in mine_n):
        return False
    mine_c, claim_c = conditions(mine), conditions(claim)
    if mine_c and claim_c and not mine_c & claim_c:
        return False
    if bool(_NEGATION.search(mine)) != bool(_NEGATION.search(claim)):
        return False
    up, down = bool(_UP.search(mine)), bool(_DOWN.search(mine))
    c_up, c_down = bool(_UP.search(claim)), bool(_DOWN.search(claim))
    return not ((up and not down and c_down and not c_up) or (down and not up and c_up and not c_down))


_PIECE = re.compile(r",\s+|\s+(?:allowing|which|that|as a|to create|in order to|because|since|while|rather than)\s+", re.IGNORECASE)


def _pieces(text: str) -> list[str]:
    """The clauses of a text split at commas and linking words, each of three terms or more
    (none when the text has only one)."""
    parts = [p for p in _PIECE.split(text) if len(terms(p)) >= 3]
    return parts if len(parts) > 1 else []


def _covers(c: Candidate, passages: list[str]) -> bool:
    """Whether the claim's passages name every word of what must be whole: each item of the
    candidate's list (a list claim that lacks one of the page's items is another list: "diet"
    added to the risk factors) and each word of an abbreviation's expansion ("Complex" is not
    "Chronic" Regional Pain Syndrome). Other candidates are not checked here."""
    have = {t for p in passages for t in terms(p)}
    if c.statement.endswith(_EXPANSION_SUFFIX):
        return set(terms(c.quote)) <= have
    items = _list_items(c.quote)
    if items and c.statement != _clean(c.quote):
        return all(set(terms(i)) <= have for i in items)
    return True


def _length_factor(mine: str, passage: str) -> float:
    """Token-set ratio is 100 when one side's words are a subset of the other's; a short
    candidate inside a long passage is not the same proposition, so scale by the length ratio."""
    a, b = len(mine.split()), len(terms(passage))
    if not a or not b:
        return 0.0
    return min(1.0, 0.5 + min(a, b) / max(a, b))


def references_index(kb: KnowledgeBase) -> Index:
    """BM25 over each reference's title and stored record text."""
    return Index((r.key, f"{r.title} {kb.records[r.key].text if r.key in kb.records else ''}") for r in kb.references.values())


def extract(article: Article, kb: KnowledgeBase, matcher: Matcher | None = None) -> list[Candidate]:
    """The article's candidates, each matched to an existing claim or given suggestions."""
    m = matcher or Matcher.of(kb)
    return [m.match(c, skip_article=article.id) for c in propose(article)]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str, words: int = 7) -> str:
    kept = [w for w in re.findall(r"[a-z0-9]+", text.lower().replace(".", "-")) if w not in STOP_WORDS]
    return "-".join(kept[:words]) or "claim"


def _topics(c: Candidate, kb: KnowledgeBase) -> list[str]:
    """The topics of the closest claims that the candidate's own words name."""
    mine = set(terms(c.statement))
    found = {t for s in c.claims for t in kb.claims[s.key].topics if set(terms(t.replace("-", " "))) <= mine}  # type: ignore[index]
    return sorted(found)


def _one_line(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _suggestion_lines(c: Candidate, kb: KnowledgeBase) -> list[str]:
    """YAML comments a reviewer can act on: each closest claim with its score, verdict and
    statement (to reuse its id when it is the same proposition after all, or to copy its
    sources), and each reference with its score and title (to cite after reading it)."""
    out = ["# suggestions: closest claims (BM25 relative score, verdict, statement):"]
    for s in c.claims:
        claim = kb.claims[s.key]  # type: ignore[index]
        out.append(f"#   - {s.key} ({s.relative:.2f}, {claim.verdict.value}): {_one_line(claim.statement)}")
    out.append("# suggestions: references (score, title):")
    for s in c.references:
        ref = kb.references[s.key]  # type: ignore[index]
        out.append(f"#   - {s.key} ({s.relative:.2f}): {_one_line(ref.title)}")
    if len(out) == 2:
        out = ["# suggestions: none (no claim or reference shares its terms)"]
    return out


def draft_yaml(article: Article, candidates: list[Candidate], kb: KnowledgeBase) -> str:
    """The claims file of an article: matched candidates as more occurrences of their claims,
    the rest as draft claims (verdict pending) with suggestions as comments."""
    lines = [
        f"# Claims of the article '{article.id}' (claims/articles/{article.id}.txt), proposed by",
        "# `build_kb.py extract`: review every entry. An entry with only id and occurrences adds",
        "# occurrences to a reviewed claim defined in another file (it carries that claim's verdict);",
        "# the others are drafts (verdict: pending) with the closest claims and references as comments.",
        "",
    ]
    matched: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.same_as:
            matched.setdefault(c.same_as, []).append(c)
    for cid, cs in sorted(matched.items()):
        lines += [f"# same proposition (fuzzy ratio {max(c.score for c in cs):.0f}): {kb.claims[cid].statement}".replace("\n", " "), f"- id: {cid}", "  occurrences:"]  # type: ignore[index]
        for quote in dict.fromkeys(c.quote for c in cs):
            lines += [f"    - article: {article.id}", f"      quote: {_q(quote)}"]
        lines.append("")
    used: set[str] = set(kb.claims)
    for c in candidates:
        if c.same_as:
            continue
        base = f"{article.id}-{_slug(c.statement)}"
        cid, n = base, 2
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        lines += _suggestion_lines(c, kb)
        lines += [
            f"- id: {cid}",
            f"  statement: {_q(c.statement)}",
            f"  type: {c.type.value}",
            f"  topics: [{', '.join(_topics(c, kb))}]",
            "  occurrences:",
            f"    - article: {article.id}",
            f"      quote: {_q(c.quote)}",
            "  verdict: pending",
            "",
        ]
    return "\n".join(lines)
