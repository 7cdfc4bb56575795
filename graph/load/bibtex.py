"""References: every references/*.bib file parsed once with pybtex, each entry with its own line.

Input: the project root. Output: the Reference of each entry, plus issues; never an exception.
One pybtex lexer runs over the whole file (so @string macros defined earlier apply and crossref
finds its parent); after a syntax error it resumes at the next line starting with '@', so one
broken entry costs only itself. @comment{...} is skipped whole, entries inside it included.
LaTeX in field values is decoded to Unicode (latexcodec) and protective braces dropped, except
in the fields read verbatim (url, doi, pmid, pmcid, dates, note, pages).
Issue codes:
    bibtex-syntax   an entry does not parse (the line of the problem, within its entry)
    duplicate-key   two BibTeX entries share a key
    unknown-field   a field the declared BibTeX shape (graph.schema.BIBTEX) does not have
    missing-field   a required field (title, year, design) is absent or empty
    bad-value       a design outside its vocabulary, a checked that is not a date, a crossref to no entry
    bad-id          a key outside its character set (schema.KEY_PATTERN)
    (and the file-level codes of graph.load.read: unsafe-path, not-a-file, file-too-large, bad-encoding)
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import latexcodec  # noqa: F401  (registers the 'ulatex' codec)
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.scanner import PybtexError, PybtexSyntaxError

from graph.issues import Issue
from graph.load.read import Sink, read_text
from graph.model import Design, Position, Reference, RefKey
from graph.schema import BIBTEX, key_problem

_ENTRY_LINE = re.compile(r"^[ \t]*@", re.MULTILINE)
_COMMENT = re.compile(r"comment\s*([{(])", re.IGNORECASE)
_FIELDS = BIBTEX.names


# Fields an entry takes from the entry its crossref names when it lacks them (standard BibTeX
# inheritance, limited to bibliographic fields: identifiers, checks and provenance stay its own).
_INHERITED = ("editor", "booktitle", "publisher", "address", "year", "edition", "journal", "shortjournal", "volume", "number", "institution", "organization", "howpublished")


class _Lexer(LowLevelParser):  # type: ignore[misc]
    """pybtex's lexer, skipping @comment{...} with everything inside it."""

    pos: int
    text: str
    lineno: int

    def parse_bibliography(self) -> Iterator[tuple[Any, ...]]:
        while True:
            if not self.skip_to([self.AT]):
                return
            self.command_start = self.pos - 1
            pos: int = self.pos
            comment = _COMMENT.match(self.text, pos)
            if comment:
                self._skip_balanced(comment.end() - 1, comment.group(1))
                continue
            yield tuple(self.parse_command())  # a syntax error propagates: the loader resumes

    def _skip_balanced(self, start: int, opener: str) -> None:
        here: int = self.pos
        closer = "}" if opener == "{" else ")"
        depth = 0
        for i in range(start, len(self.text)):
            ch = self.text[i]
            if ch == opener:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    self.update_lineno(self.text[here : i + 1])
                    self.pos = i + 1
                    return
        self.lineno += self.text.count("\n", here)
        self.pos = len(self.text)
        raise PybtexSyntaxError("@comment is never closed", self)


@dataclass
class _Raw:
    """One entry as parsed, before validation."""

    key: str
    type: str
    fields: dict[str, str]
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    text: str
    position: Position
    sink: Sink
    field_lines: dict[str, int] = field(default_factory=dict)


def _plain(value: str) -> str:
    """Strip BibTeX protective braces and fold white space: '{NMDA} x' -> 'NMDA x'.
    For fields read verbatim (url, doi, pmid, pmcid, dates): LaTeX there is not markup."""
    return " ".join(value.replace("{", "").replace("}", "").split())


# Text-formatting commands whose argument is the text itself: \textit{in vivo} -> in vivo.
_FORMAT_COMMAND = re.compile(r"\\(?:textit|textbf|textsl|textsc|textrm|textsf|texttt|textup|textnormal|emph|mbox|text|mathrm|textsubscript|textsuperscript)\s*\{([^{}]*)\}")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_BRACE = re.compile(r"(?<!\\)[{}]")


# What latexcodec would change: a command or escape, a tie, dashes, TeX quotes, ?` and !`.
_LATEX_SIGNS = re.compile(r"[\\~`]|--|''|[?!]`")


def latex_to_text(value: str) -> str:
    """BibTeX's LaTeX -> plain Unicode text, once, at load (issue 8): accents (St{\\'e}phane ->
    Stéphane), escapes (\\& -> &), quotes (``x'' -> “x”), dashes (-- -> –), formatting commands
    and protective braces ({NMDA} -> NMDA); white space folded. Decoding is latexcodec's
    "ulatex" codec, the one pybtex itself uses."""
    if not _LATEX_SIGNS.search(value):  # most values: nothing to decode (the codec is slow)
        return " ".join(_BRACE.sub("", value).split())
    text = _BARE_PERCENT.sub(r"\\%", value)  # "50% of" in a .bib means 50 per cent, not a LaTeX comment
    while (stripped := _FORMAT_COMMAND.sub(r"\1", text)) != text:
        text = stripped
    with contextlib.suppress(ValueError, TypeError, IndexError, KeyError, UnicodeError):  # undecodable LaTeX stays as written
        text = codecs.decode(text, "ulatex")  # type: ignore[call-overload]  # typeshed knows only the stdlib codecs
    text = text.replace("\\$", "$").replace("\\#", "#")  # escapes latexcodec leaves as they are
    return " ".join(_BRACE.sub("", text).split())


_VERBATIM_FIELDS = frozenset({"url", "doi", "pmid", "pmcid", "urldate", "checked", "note", "pages", "crossref"})


def _field(name: str, value: str) -> str:
    return _plain(value) if name in _VERBATIM_FIELDS else latex_to_text(value)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _parse_file(root: Path, path: Path, sink: Sink) -> list[_Raw]:
    text = read_text(root, path, sink)
    raws: list[_Raw] = []
    if text is None:
        return raws
    parser = Parser()  # one per file: its macros (@string) carry from entry to entry
    seen: dict[str, int] = {}
    starts = [m.start() for m in _ENTRY_LINE.finditer(text)]
    lexer = _Lexer(text, macros=parser.macros)
    while True:
        try:
            for command in lexer:
                _take(command, lexer, parser, text, sink, seen, raws)
            break
        except PybtexSyntaxError as err:
            start = lexer.command_start or 0
            resume = next((s for s in starts if s > start), len(text))
            last = _line_at(text, len(text[:resume].rstrip()))
            line = min(max(getattr(err, "lineno", 0) or 0, _line_at(text, start)), last)
            key = re.match(r"@\s*\w+\s*[{(]\s*([^,\s]*)", text[start:])
            what = f"entry '{key.group(1)}'" if key else "an entry"
            detail = str(err).split(": ", 1)[-1]
            sink.add(line, "bibtex-syntax", f"{what} (from line {_line_at(text, start)}): {detail} (an unclosed brace or quote?)")
            if resume >= len(text):
                break
            lexer = _Lexer(text, macros=parser.macros)
            lexer.pos, lexer.lineno = resume, _line_at(text, resume)
        except PybtexError as err:  # e.g. an undefined @string macro
            sink.add(lexer.lineno, "bibtex-syntax", str(err))
            break
    return raws


def _take(command: tuple[Any, ...], lexer: _Lexer, parser: Parser, text: str, sink: Sink, seen: dict[str, int], raws: list[_Raw]) -> None:
    """Turn one parsed command into a _Raw entry (macros and preambles need nothing more)."""
    kind, body = command
    if kind.lower() in ("string", "preamble"):
        return
    key, fields = body
    start = lexer.command_start or 0
    line = _line_at(text, start)
    key = str(key or "")
    if key in seen:
        sink.add(line, "duplicate-key", f"BibTeX key '{key}' is already defined at {sink.file.name}:{seen[key]}")
        return
    seen[key] = line
    entry = Entry(kind)
    names: dict[str, int] = {}
    for name, value_list in fields:
        lower = name.lower()
        if lower in names:
            sink.add(line, "bad-value", f"reference '{key}': field '{lower}' is given twice")
            continue
        names[lower] = line
        value = parser.flatten_value_list(value_list)
        if lower in ("author", "editor"):
            for person in split_name_list(value):
                entry.add_person(Person(person), lower)
        else:
            entry.fields[lower] = value
    raws.append(
        _Raw(
            key=key,
            type=kind.lower(),
            fields={k: _field(k, v) for k, v in entry.fields.items()},
            authors=tuple(latex_to_text(str(p)) for p in entry.persons.get("author", [])),
            editors=tuple(latex_to_text(str(p)) for p in entry.persons.get("editor", [])),
            text=text[start : lexer.pos].strip(),
            position=Position(sink.file, line),
            sink=sink,
        )
    )


def _resolve_crossrefs(raws: dict[str, _Raw]) -> None:
    for raw in raws.values():
        parent_key = raw.fields.get("crossref", "")
        if not parent_key:
            continue
        parent = raws.get(parent_key) or next((r for k, r in raws.items() if k.lower() == parent_key.lower()), None)
        if parent is None or parent is raw:
            raw.sink.add(raw.position.line, "bad-value", f"reference '{raw.key}': crossref '{parent_key}' names no other entry")
            continue
        for name in _INHERITED:
            if not raw.fields.get(name) and parent.fields.get(name):
                raw.fields[name] = parent.fields[name]
        if not raw.fields.get("booktitle") and parent.fields.get("title") and raw.type in ("inproceedings", "incollection", "inbook"):
            raw.fields["booktitle"] = parent.fields["title"]
        if not raw.editors and parent.editors:
            raw.editors = parent.editors


def _reference(raw: _Raw) -> Reference | None:
    sink, line, key, f = raw.sink, raw.position.line, raw.key, raw.fields
    problem = key_problem(key)
    if problem:
        sink.add(line, "bad-id", f"BibTeX key '{key[:60]}' is {problem}: a key names the reference's page and record file")
        return None
    for name in f:
        if name not in _FIELDS:
            close = difflib.get_close_matches(name, _FIELDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "see docs/data-format.md for the fields"
            sink.add(line, "unknown-field", f"reference '{key}': unknown field '{name}' ({hint})")
    for name in ("title", "year"):
        if not f.get(name):
            sink.add(line, "missing-field", f"reference '{key}' has no {name}")
    design: Design | None = None
    if not f.get("design"):
        sink.add(line, "missing-field", f"reference '{key}' has no design")
    else:
        try:
            design = Design(f["design"])
        except ValueError:
            allowed = ", ".join(d.value for d in Design)
            sink.add(line, "bad-value", f"reference '{key}': design '{f['design']}' is not one of: {allowed}")
    checked: dt.date | None = None
    if f.get("checked"):
        try:
            checked = dt.date.fromisoformat(f["checked"])
            if len(f["checked"]) != 10:
                raise ValueError
        except ValueError:
            checked = None
            sink.add(line, "bad-value", f"reference '{key}': checked '{f['checked'][:40]}' is not a date YYYY-MM-DD")
    return Reference(
        key=RefKey(key),
        entry_type=raw.type,
        authors=raw.authors,
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
        bibtex=raw.text,
        position=raw.position,
        shortjournal=f.get("shortjournal", ""),
        pmcid=f.get("pmcid", ""),
        booktitle=f.get("booktitle", ""),
        howpublished=f.get("howpublished", ""),
        address=f.get("address", ""),
        edition=f.get("edition", ""),
        institution=f.get("institution", ""),
        editors=raw.editors,
    )


def load_references(root: Path, issues: list[Issue]) -> dict[RefKey, Reference]:
    """Every entry of references/*.bib, keyed and sorted by key."""
    raws: dict[str, _Raw] = {}
    sinks: list[Sink] = []
    for path in sorted((root / "references").glob("*.bib")):
        sinks.append(Sink(path))
        for raw in _parse_file(root, path, sinks[-1]):
            if raw.key in raws:
                first = raws[raw.key].position
                raw.sink.add(raw.position.line, "duplicate-key", f"BibTeX key '{raw.key}' is already defined at {first.file.name}:{first.line}")
                continue
            raws[raw.key] = raw
    _resolve_crossrefs(raws)
    refs: dict[RefKey, Reference] = {}
    for raw in raws.values():
        ref = _reference(raw)
        if ref is not None:
            refs[ref.key] = ref
    for sink in sinks:
        issues.extend(sink.issues)
    return dict(sorted(refs.items()))
