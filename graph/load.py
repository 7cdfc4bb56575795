"""Load: data files -> model objects, plus load issues with file and line.

Input: a project root holding claims/articles.yaml, claims/articles/<id>.txt, claims/*.yaml,
references/*.bib and references/records/*.yaml.
Output: (KnowledgeBase, list[Issue]). Raw YAML dicts and pybtex objects never leave this module.
Issue codes:
    yaml-syntax        a YAML file does not parse
    bibtex-syntax      a BibTeX entry does not parse
    missing-field      a required field is absent or empty
    bad-value          a field has a value outside its vocabulary or of the wrong type
    duplicate-id       two claims or two articles share an id
    duplicate-key      two BibTeX entries share a key
    bad-history        an earlier verdict dated on or after the claim's current review
    missing-article    an article in articles.yaml has no text file, or the reverse
    unknown-claim      an entry adding occurrences (only `id` and `occurrences`) names no claim

A claim entry with only `id` and `occurrences` adds occurrences to the claim of that id defined in
another file (what `extract` writes for a sentence that states a claim already reviewed); the
occurrences are merged into that claim, so reviewed files stay untouched.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import yaml
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexError, PybtexSyntaxError

from graph.issues import Issue, now_at
from graph.model import (
    Article,
    ArticleId,
    Attribution,
    Claim,
    ClaimId,
    ClaimType,
    Design,
    Evidence,
    KnowledgeBase,
    Occurrence,
    Position,
    Record,
    Reference,
    RefKey,
    SaysIt,
    Stance,
    Verdict,
    VerdictChange,
)

# --------------------------------------------------------------------------------------------
# YAML with line numbers

E = TypeVar("E", bound=enum.Enum)


class _Node(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of key's value when the mapping has the key, else the mapping's own line."""
        lines: dict[str, int] = getattr(self, "key_lines", {})
        return lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are _Node objects carrying their start line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Node:
    mapping = _Node({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    # A wrong value is reported on its own line, not on the line where its mapping starts.
    mapping.key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date-shaped scalar that is no real date (2026-13-45) stays text: _date reports it with
    its line, where PyYAML would raise a bare ValueError."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class _Sink:
    """Collects issues while one file is read."""

    file: Path
    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        now_at(self.file)  # an unexpected exception from here on names this file (internal-error)

    def add(self, line: int, code: str, message: str) -> None:
        self.issues.append(Issue(self.file, line, code, message))


def _read_yaml(path: Path, sink: _Sink) -> Any:
    """Parse a YAML file; on a syntax error record it with its line and return None."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 0
        sink.add(line, "yaml-syntax", f"{err.problem or err}".strip())
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        sink.add(0, "yaml-syntax", str(err))
    return None


def _line_of(node: Any, default: int) -> int:
    return node.line if isinstance(node, _Node) else default


def _text(node: _Node, key: str, sink: _Sink, required: bool = True) -> str:
    """Return a non-empty string field, or '' with a missing-field / bad-value issue."""
    value = node.get(key)
    if value is None or value == "":
        if required:
            sink.add(node.line, "missing-field", f"required field '{key}' is missing or empty")
        return ""
    if not isinstance(value, str):
        sink.add(node.line_of(key), "bad-value", f"field '{key}' must be text, got {value!r}")
        return ""
    return value.strip()


def _date(node: _Node, key: str, sink: _Sink, required: bool = True) -> dt.date | None:
    value = node.get(key)
    if value is None:
        if required:
            sink.add(node.line, "missing-field", f"required field '{key}' is missing")
        return None
    if isinstance(value, dt.date):
        return value
    sink.add(node.line_of(key), "bad-value", f"field '{key}' must be a date YYYY-MM-DD, got {value!r}")
    return None


def _enum(node: _Node, key: str, kind: type[E], sink: _Sink) -> E | None:
    value = node.get(key)
    allowed = ", ".join(m.value for m in kind)
    if value is None or value == "":
        sink.add(node.line, "missing-field", f"required field '{key}' is missing ({allowed})")
        return None
    try:
        return kind(value)
    except ValueError:
        sink.add(node.line_of(key), "bad-value", f"'{key}: {value}' is not one of: {allowed}")
        return None


def _mappings(value: Any, what: str, line: int, sink: _Sink) -> list[_Node]:
    """Return the mappings of a YAML list, reporting anything else in it."""
    if value is None:
        return []
    if not isinstance(value, list):
        sink.add(line, "bad-value", f"{what} must be a list")
        return []
    items = [v for v in value if isinstance(v, _Node)]
    if len(items) != len(value):
        sink.add(line, "bad-value", f"every entry of {what} must be a mapping")
    return items


# --------------------------------------------------------------------------------------------
# Articles


def _load_articles(root: Path, issues: list[Issue]) -> dict[ArticleId, Article]:
    path = root / "claims" / "articles.yaml"
    sink = _Sink(path)
    articles: dict[ArticleId, Article] = {}
    if not path.exists():
        sink.add(0, "missing-article", "claims/articles.yaml is missing")
        issues.extend(sink.issues)
        return articles
    nodes = _mappings(_read_yaml(path, sink), "articles.yaml", 1, sink)
    listed = {node.get("id") for node in nodes if isinstance(node.get("id"), str)}
    for node in nodes:
        aid = ArticleId(_text(node, "id", sink))
        if not aid:
            continue
        if aid in articles:
            sink.add(node.line, "duplicate-id", f"article id '{aid}' is defined twice")
            continue
        text_path = root / "claims" / "articles" / f"{aid}.txt"
        if not text_path.exists():
            sink.add(node.line, "missing-article", f"article '{aid}' has no text file {text_path.name}")
            continue
        url = node.get("url")
        articles[aid] = Article(
            id=aid,
            title=_text(node, "title", sink),
            publisher=_text(node, "publisher", sink),
            url=url if isinstance(url, str) else None,
            captured=_date(node, "captured", sink) or dt.date.min,
            text=text_path.read_text(encoding="utf-8"),
            position=Position(path, node.line),
        )
    for text_path in sorted((root / "claims" / "articles").glob("*.txt")):
        if text_path.stem not in listed:  # reported at the text file: that is where the reader looks
            sink.issues.append(Issue(text_path, 0, "missing-article", f"{text_path.name} has no entry in claims/articles.yaml (add one with id '{text_path.stem}')"))
    issues.extend(sink.issues)
    return dict(sorted(articles.items()))


# --------------------------------------------------------------------------------------------
# Claims


def _find_span(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote) if quote else -1
    return (start, start + len(quote)) if start >= 0 else None


def _occurrences(node: _Node, articles: dict[ArticleId, Article], sink: _Sink) -> tuple[Occurrence, ...]:
    result = []
    for occ in _mappings(node.get("occurrences"), "occurrences", node.line, sink):
        aid = ArticleId(_text(occ, "article", sink))
        quote = _text(occ, "quote", sink)
        article = articles.get(aid)
        span = _find_span(article.text, quote) if article else None
        result.append(Occurrence(aid, quote, span, Position(sink.file, occ.line)))
    return tuple(result)


def _evidence(node: _Node, sink: _Sink) -> tuple[Evidence, ...]:
    result = []
    for ev in _mappings(node.get("evidence"), "evidence", node.line, sink):
        stance = _enum(ev, "stance", Stance, sink)
        ref = _text(ev, "ref", sink)
        if stance is None or not ref:
            continue
        quote = _text(ev, "quote", sink, required=False)  # validate reports missing-quote
        locator = _text(ev, "locator", sink)
        result.append(Evidence(RefKey(ref), stance, quote, locator, Position(sink.file, ev.line)))
    return tuple(result)


def _attribution(node: _Node, sink: _Sink) -> Attribution | None:
    raw = node.get("attributed_to")
    if raw is None:
        return None
    if not isinstance(raw, _Node):
        sink.add(node.line_of("attributed_to"), "bad-value", "attributed_to must be a mapping")
        return None
    says = raw.get("says_it")
    if isinstance(says, bool):  # YAML reads bare yes/no as booleans
        raw["says_it"] = "yes" if says else "no"
    says_it = _enum(raw, "says_it", SaysIt, sink) or SaysIt.UNKNOWN
    ref = raw.get("ref")
    return Attribution(
        name=_text(raw, "name", sink),
        ref=RefKey(ref) if isinstance(ref, str) and ref else None,
        says_it=says_it,
        note=_text(raw, "note", sink, required=False),
    )


def _history(node: _Node, reviewed: dt.date | None, sink: _Sink) -> tuple[VerdictChange, ...]:
    """Earlier verdicts, oldest first; each must predate the current review."""
    changes = []
    for item in _mappings(node.get("history"), "history", node.line, sink):
        verdict = _enum(item, "verdict", Verdict, sink)
        when = _date(item, "reviewed", sink)
        reason = _text(item, "reason", sink)
        if verdict is None or when is None:
            continue
        if reviewed is not None and when >= reviewed:
            sink.add(item.line, "bad-history", f"earlier verdict of {when.isoformat()} is not before the current review of {reviewed.isoformat()}")
        changes.append(VerdictChange(verdict, when, reason))
    return tuple(sorted(changes, key=lambda c: c.reviewed))


def _topics(node: _Node, sink: _Sink) -> tuple[str, ...]:
    topics = node.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        sink.add(node.line_of("topics"), "bad-value", "topics must be a list of words")
        return ()
    return tuple(sorted(set(topics)))


def _claim(node: _Node, articles: dict[ArticleId, Article], sink: _Sink) -> Claim | None:
    cid = _text(node, "id", sink)
    ctype = _enum(node, "type", ClaimType, sink)
    verdict = _enum(node, "verdict", Verdict, sink)
    # A draft (pending) is not yet reviewed: it has no rationale or review date to require.
    reviewed_needed = verdict is not Verdict.PENDING
    reviewed = _date(node, "reviewed", sink, required=reviewed_needed)
    claim = Claim(
        id=ClaimId(cid),
        statement=_text(node, "statement", sink),
        type=ctype or ClaimType.EFFICACY,
        topics=_topics(node, sink),
        occurrences=_occurrences(node, articles, sink),
        attributed_to=_attribution(node, sink),
        verdict=verdict or Verdict.NOT_CHECKABLE,
        rationale=_text(node, "rationale", sink, required=reviewed_needed),
        reviewed=reviewed,
        evidence=_evidence(node, sink),
        position=Position(sink.file, node.line),
        history=_history(node, reviewed, sink),
        # A bad type or verdict is already an error; the claim is still kept, so that its other
        # fields are checked in the same run, but no verdict rule is applied to the placeholder.
        complete=bool(ctype and verdict),
    )
    # Without an id a claim cannot be keyed or linked; its issue is recorded.
    return claim if cid else None


_MORE_OCCURRENCES = frozenset({"id", "occurrences"})


def _load_claims(root: Path, articles: dict[ArticleId, Article], issues: list[Issue]) -> dict[ClaimId, Claim]:
    claims: dict[ClaimId, Claim] = {}
    more: list[tuple[ClaimId, tuple[Occurrence, ...], _Sink, int]] = []  # occurrences of claims defined elsewhere
    for path in sorted((root / "claims").glob("*.yaml")):
        if path.name == "articles.yaml":
            continue
        sink = _Sink(path)
        for node in _mappings(_read_yaml(path, sink), path.name, 1, sink):
            if set(node) == _MORE_OCCURRENCES:
                more.append((ClaimId(_text(node, "id", sink)), _occurrences(node, articles, sink), sink, node.line))
                continue
            claim = _claim(node, articles, sink)
            if claim is None:
                continue
            if claim.id in claims:
                first = claims[claim.id].position
                sink.add(node.line, "duplicate-id", f"claim id '{claim.id}' is already defined at {first.file.name}:{first.line}")
                continue
            claims[claim.id] = claim
        issues.extend(sink.issues)
    for cid, occurrences, sink, line in more:
        if cid not in claims:
            issues.append(Issue(sink.file, line, "unknown-claim", f"'{cid}' adds occurrences to a claim that no claims file defines"))
            continue
        claims[cid] = dataclasses.replace(claims[cid], occurrences=claims[cid].occurrences + occurrences)
    return dict(sorted(claims.items()))


# --------------------------------------------------------------------------------------------
# References (BibTeX through pybtex)

_ENTRY_START = re.compile(r"^@\s*(\w+)\s*\{\s*([^,\s]*)", re.MULTILINE)


@dataclass(frozen=True)
class _Chunk:
    line: int
    kind: str
    key: str
    text: str


def _chunks(source: str) -> Iterator[_Chunk]:
    """Split a .bib file into its entries, each with the line it starts on."""
    starts = list(_ENTRY_START.finditer(source))
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(source)
        line = source.count("\n", 0, match.start()) + 1
        yield _Chunk(line, match.group(1).lower(), match.group(2), source[match.start() : end])


def _plain(value: str) -> str:
    """Strip BibTeX protective braces and fold white space: '{NMDA} x' -> 'NMDA x'.
    For fields read verbatim (url, doi, pmid, pmcid, dates): LaTeX there is not markup."""
    return " ".join(value.replace("{", "").replace("}", "").split())


# Text-formatting commands whose argument is the text itself: \textit{in vivo} -> in vivo.
_FORMAT_COMMAND = re.compile(r"\\(?:textit|textbf|textsl|textsc|textrm|textsf|texttt|textup|textnormal|emph|mbox|text|mathrm|textsubscript|textsuperscript)\s*\{([^{}]*)\}")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_BRACE = re.compile(r"(?<!\\)[{}]")


def latex_to_text(value: str) -> str:
    """BibTeX's LaTeX -> plain Unicode text, once, at load (issue 8): accents (St{\\'e}phane ->
    Stéphane), escapes (\\& -> &), quotes (``x'' -> “x”), dashes (-- -> –), formatting commands
    and protective braces ({NMDA} -> NMDA); white space folded. Decoding is latexcodec's
    "ulatex" codec, the one pybtex itself uses."""
    text = _BARE_PERCENT.sub(r"\\%", value)  # "50% of" in a .bib means 50 per cent, not a LaTeX comment
    while (stripped := _FORMAT_COMMAND.sub(r"\1", text)) != text:
        text = stripped
    text = codecs.decode(text, "ulatex")  # type: ignore[call-overload]  # typeshed knows only the stdlib codecs
    text = text.replace("\\$", "$").replace("\\#", "#")  # escapes latexcodec leaves as they are
    return " ".join(_BRACE.sub("", text).split())


_VERBATIM_FIELDS = frozenset({"url", "doi", "pmid", "pmcid", "urldate", "checked", "note", "pages"})


def _field(name: str, value: str) -> str:
    return _plain(value) if name in _VERBATIM_FIELDS else latex_to_text(value)


def _reference(chunk: _Chunk, data: BibliographyData, sink: _Sink) -> Reference | None:
    key, entry = next(iter(data.entries.items()))
    f = {k.lower(): _field(k.lower(), v) for k, v in entry.fields.items()}
    pos = Position(sink.file, chunk.line)
    if not f.get("title"):
        sink.add(chunk.line, "missing-field", f"reference '{key}' has no title")
    if not f.get("year"):
        sink.add(chunk.line, "missing-field", f"reference '{key}' has no year")
    design: Design | None = None
    if not f.get("design"):
        sink.add(chunk.line, "missing-field", f"reference '{key}' has no design")
    else:
        try:
            design = Design(f["design"])
        except ValueError:
            allowed = ", ".join(d.value for d in Design)
            sink.add(chunk.line, "bad-value", f"reference '{key}': design '{f['design']}' is not one of: {allowed}")
    checked: dt.date | None = None
    if f.get("checked"):
        try:
            checked = dt.date.fromisoformat(f["checked"])
        except ValueError:
            sink.add(chunk.line, "bad-value", f"reference '{key}': checked '{f['checked']}' is not a date YYYY-MM-DD")
    authors = tuple(latex_to_text(str(p)) for p in entry.persons.get("author", []))
    editors = tuple(latex_to_text(str(p)) for p in entry.persons.get("editor", []))
    return Reference(
        key=RefKey(key),
        entry_type=entry.type.lower(),
        authors=authors,
        title=f.get("title", ""),
        container=f.get("journal") or f.get("booktitle") or f.get("howpublished") or f.get("organization", ""),
        year=f.get("year", ""),
        volume=f.get("volume", ""),
        number=f.get("number", ""),
        pages=f.get("pages", "").replace("--", "-"),
        doi=f.get("doi", ""),
        pmid=f.get("pmid", ""),
        url=f.get("url", ""),
        urldate=f.get("urldate", ""),
        publisher=f.get("publisher", "") or f.get("organization", ""),
        design=design,
        checked=checked,
        note=f.get("note", ""),
        bibtex=chunk.text.strip(),
        position=pos,
        shortjournal=f.get("shortjournal", ""),
        pmcid=f.get("pmcid", ""),
        edition=f.get("edition", ""),
        address=f.get("address", ""),
        institution=f.get("institution", ""),
        booktitle=f.get("booktitle", ""),
        howpublished=f.get("howpublished", ""),
        editors=editors,
    )


def _parse_chunk(chunk: _Chunk, sink: _Sink) -> BibliographyData | None:
    try:
        data = parse_string(chunk.text, "bibtex")
    except PybtexSyntaxError as err:
        # pybtex counts lines within the chunk; keep the line inside this entry's own lines.
        last = chunk.line + chunk.text.rstrip().count("\n")
        line = min(chunk.line + (getattr(err, "lineno", 1) or 1) - 1, last)
        detail = str(err).split(": ", 1)[-1]
        sink.add(line, "bibtex-syntax", f"entry '{chunk.key}' (from line {chunk.line}): {detail} (an unclosed brace or quote?)")
        return None
    except PybtexError as err:
        sink.add(chunk.line, "bibtex-syntax", str(err))
        return None
    if len(data.entries) != 1:
        sink.add(chunk.line, "bibtex-syntax", f"could not read the entry '{chunk.key}'")
        return None
    return data


def _load_references(root: Path, issues: list[Issue]) -> dict[RefKey, Reference]:
    refs: dict[RefKey, Reference] = {}
    for path in sorted((root / "references").glob("*.bib")):
        sink = _Sink(path)
        for chunk in _chunks(path.read_text(encoding="utf-8")):
            if chunk.kind in {"comment", "preamble", "string"}:
                continue
            data = _parse_chunk(chunk, sink)
            if data is None:
                continue
            ref = _reference(chunk, data, sink)
            if ref is None:
                continue
            if ref.key in refs:
                first = refs[ref.key].position
                sink.add(chunk.line, "duplicate-key", f"BibTeX key '{ref.key}' is already defined at {first.file.name}:{first.line}")
                continue
            refs[ref.key] = ref
        issues.extend(sink.issues)
    return dict(sorted(refs.items()))


# --------------------------------------------------------------------------------------------
# Records


def _load_records(root: Path, issues: list[Issue]) -> dict[RefKey, Record]:
    records: dict[RefKey, Record] = {}
    for path in sorted((root / "references" / "records").glob("*.yaml")):
        sink = _Sink(path)
        node = _read_yaml(path, sink)
        if node is None and not sink.issues:
            sink.add(1, "missing-field", "record file is empty")
        if isinstance(node, _Node):
            key = RefKey(path.stem)
            records[key] = Record(
                key=key,
                url=_text(node, "url", sink),
                where=_text(node, "where", sink),
                taken=_date(node, "taken", sink),
                text=_text(node, "text", sink),
                position=Position(path, node.line),
            )
        elif node is not None:
            sink.add(1, "bad-value", "a record file must be a mapping with url, where, taken, text")
        issues.extend(sink.issues)
    return records


def load(root: Path) -> tuple[KnowledgeBase, list[Issue]]:
    """Read every data file under root; return the knowledge base and all load issues."""
    issues: list[Issue] = []
    articles = _load_articles(root, issues)
    claims = _load_claims(root, articles, issues)
    references = _load_references(root, issues)
    records = _load_records(root, issues)
    return KnowledgeBase(articles, claims, references, records), issues
