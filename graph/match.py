"""Match: the one lexical matcher behind `find`, `extract` and the site's "Check a sentence" page.

Input: texts (claims with their occurrence quotes and topics, references with their titles and
records) and a query (a word or two, or a whole pasted sentence).
Output: ranked Scored hits; and index_json(), the compact index the site's assets/kb-check.js
scores in the browser with the same arithmetic (tests/test_match.py runs both and compares).

How a text becomes terms (`terms()`), the same in Python and JavaScript:
1. phrases that name the same thing are folded to one term first: "U.S.", "USA", "United
   States", "American(s)" (not "African Americans", "American Indians") -> `usa`; "%" and "how
   many" (a question about a share) -> ` percent ` (PHRASES below);
2. lower-cased words and numbers ("3.5" stays whole) are read with one regular expression;
3. stop words (STOP_WORDS: English function words, so "to" and "the" never decide a match) are
   dropped;
4. a light suffix stemmer (`stem()`: plural and -ing/-ed endings, SUFFIXES below) folds
   "receptors"/"receptor" and "infused"/"infuse";
5. a small synonym table (SYNONYMS) maps a few words to the word the claims use for the same
   thing ("opiate" -> "opioid"); only true equivalents, never a broader or narrower word.
Scoring is Okapi BM25 (k1 = 1.2, b = 0.75) with the always-positive idf
ln(1 + (N - n + 0.5) / (n + 0.5)): a term's weight in a document is computed once at build time
(`Index.weights`), and a query's score is the sum of its terms' weights, so the browser needs only
the weights. A hit's `relative` score divides by the best score the query could reach (every
query term at its highest weight), a number in [0, 1] used by `extract`'s thresholds.
BM25 is written out here (about twenty lines) rather than taken from a package because the
browser must repeat it exactly; a second implementation in a library would only be a third copy.
Issue codes: none.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

K1 = 1.2
B = 0.75

# Phrase folding, applied in order to the original text (case-insensitive): (pattern, replacement).
# JavaScript applies the same patterns with the flags "gi".
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bU\.\s?S\.(?:\s?A\.)?", " usa "),
    (r"\bUnited States(?: of America)?\b", " usa "),
    (r"\b(?<!African )(?<!Asian )(?<!Native )Americans?\b(?! Indians?)", " usa "),
    (r"\bhow many\b", " percent "),
    (r"\bUSA\b", " usa "),
    (r"\bpost-?\s?traumatic stress disorders?\b", " ptsd "),
    (r"%", " percent "),
)
_TOKEN = r"[a-z0-9]+(?:\.[0-9]+)?"

# English function words (a short list: words that carry no proposition). Negations ("not",
# "no", "never") are kept: they change what a sentence claims.
STOP_WORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves s t may might must
    shall us""".split()  # noqa: SIM905 (a word list reads better as text)
)

# Suffix rules of the light stemmer, tried in order; the first whose suffix ends the word and
# leaves a stem of at least 3 letters applies: (suffix, replacement).
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("sses", "ss"),
    ("ies", "y"),
    ("ss", "ss"),
    ("us", "us"),
    ("is", "is"),
    ("ing", ""),
    ("ed", ""),
    ("es", "e"),
    ("s", ""),
)

# Words a reader uses for what the claims say in other words, mapped after stemming.
SYNONYMS: dict[str, str] = {
    "percentage": "percent",
    "opiate": "opioid",
    "posttraumatic": "ptsd",
}


def stem(word: str) -> str:
    """Fold a word's plural and -ing/-ed endings; numbers are left alone."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


_PHRASES = tuple((re.compile(p, re.IGNORECASE), r) for p, r in PHRASES)
_TOKEN_RE = re.compile(_TOKEN)


def terms(text: str) -> list[str]:
    """The matching terms of a text, in order (see the module docstring)."""
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    out = []
    for word in _TOKEN_RE.findall(text.lower()):
        if word in STOP_WORDS:
            continue
        t = stem(word)
        out.append(SYNONYMS.get(t, t))
    return out


@dataclass(frozen=True)
class Scored:
    """One document's score for a query: BM25, and the share of the best reachable score."""

    key: str
    score: float
    relative: float


class Index:
    """A BM25 index over documents (key -> text), its weights computed once."""

    def __init__(self, docs: Iterable[tuple[str, str]]) -> None:
        self.keys: list[str] = []
        counts: list[Counter[str]] = []
        for key, text in docs:
            self.keys.append(key)
            counts.append(Counter(terms(text)))
        n = len(counts)
        lengths = [sum(c.values()) for c in counts]
        avg = (sum(lengths) / n) if n else 0.0
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        self.idf = {t: math.log(1 + (n - m + 0.5) / (m + 0.5)) for t, m in df.items()}
        self.weights: list[dict[str, float]] = []
        for c, length in zip(counts, lengths, strict=True):
            norm = K1 * (1 - B + B * length / avg) if avg else K1
            self.weights.append({t: round(self.idf[t] * f * (K1 + 1) / (f + norm), 6) for t, f in sorted(c.items())})
        self.best = {t: max(w.get(t, 0.0) for w in self.weights) for t in df}

    def score_terms(self, query: Sequence[str]) -> list[Scored]:
        """Every document with a positive score for the query terms, best first, ties by key."""
        q = list(dict.fromkeys(query))  # a repeated query word counts once
        reachable = sum(self.best.get(t, 0.0) for t in q)
        hits = []
        for key, w in zip(self.keys, self.weights, strict=True):
            s = round(sum(w.get(t, 0.0) for t in q), 6)
            if s > 0:
                hits.append(Scored(key, s, s / reachable))
        return sorted(hits, key=lambda h: (-h.score, h.key))

    def search(self, text: str, limit: int = 10) -> list[Scored]:
        """The best documents for a text, at most limit."""
        return self.score_terms(terms(text))[:limit]

    def known(self, text: str) -> list[str]:
        """The query's terms that occur in some document."""
        return [t for t in dict.fromkeys(terms(text)) if t in self.idf]


def term_rules() -> dict[str, object]:
    """The rules that turn text into terms (phrases, token pattern, stop words, stemmer suffixes,
    synonyms) as JSON-ready data: the browser's matchers (Check a sentence, the site search)
    apply exactly these, so a pasted sentence gets the same terms in the page as in `find`."""
    return {
        "phrases": [list(p) for p in PHRASES],
        "token": _TOKEN,
        "stop": sorted(STOP_WORDS),
        "suffixes": [list(s) for s in SUFFIXES],
        "synonyms": dict(sorted(SYNONYMS.items())),
    }


def index_json(index: Index, extra: dict[str, list[dict[str, str]]] | dict[str, object]) -> str:
    """The index as compact JSON for the browser: the term rules, each document's weights, and
    the per-document data the page shows (extra['docs'], in index order)."""
    data = {
        **term_rules(),
        "best": dict(sorted(index.best.items())),
        "weights": index.weights,
        **extra,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
