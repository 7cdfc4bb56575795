"""The declared shape of every kind of data file: one table per kind, read by the loader and by the docs.

Input: nothing (this module declares the shapes). Output: the SHAPES table, used by graph.load to
validate every mapping it reads (unknown keys, required fields, value kinds, vocabularies), and
`python -m graph.schema docs` (or `check_docs()`, which a test calls), which regenerates the field
tables between `<!-- fields:NAME -->` and `<!-- /fields:NAME -->` in docs/data-format.md, so the
page and the loader cannot disagree.
Issue codes: none (graph.load reports against these shapes).

Why a table of our own and not a schema library (pydantic, jsonschema): the loader builds values
from libyaml nodes and must report each problem on the line of the offending key; a table that the
loader walks over its own line-carrying nodes does that directly, costs nothing per field beyond a
dict lookup, and is the one source the docs tables are generated from.
"""

from __future__ import annotations

import enum
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from graph.model import ClaimType, Design, SaysIt, Stance, Subjects, Verdict

# Limits the loader enforces (stated in docs/data-format.md, "Limits").
MAX_FILE_BYTES = 5 * 1024 * 1024  # any one YAML, .bib or article file
MAX_DEPTH = 10  # nesting of YAML mappings and lists (the deepest real shape is 3)

# One character set per kind of identifier (stated in docs/data-format.md, "Identifiers").
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # article ids, claim ids, topics: kebab-case
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$"  # BibTeX keys: no '/', '#', '&', spaces
ID_RE = re.compile(ID_PATTERN)
KEY_RE = re.compile(KEY_PATTERN)
MAX_ID_LENGTH = 100  # a page slug and a file name stay well under any file system's limit


def key_problem(key: str) -> str:
    """Why a BibTeX key is not allowed ('' when it is): it names pages and record files."""
    if len(key) > MAX_ID_LENGTH:
        return f"longer than {MAX_ID_LENGTH} characters"
    if not KEY_RE.match(key) or ".." in key:
        return "not of A-Z, a-z, 0-9 and _ : . - (starting with a letter or digit, no '..')"
    return ""


def id_problem(value: str) -> str:
    """Why an article id, claim id or topic is not allowed ('' when it is)."""
    if len(value) > MAX_ID_LENGTH:
        return f"longer than {MAX_ID_LENGTH} characters"
    if not ID_RE.match(value):
        return "not kebab-case (a-z, 0-9, single '-' between words)"
    return ""


class Kind(enum.Enum):
    """What a field's value must be."""

    TEXT = "text"
    TEXT_OR_NULL = "text or null"
    ID = "id"  # kebab-case text (ID_PATTERN)
    KEY = "key"  # a BibTeX key (KEY_PATTERN)
    DATE = "date"  # YYYY-MM-DD, no time
    CHOICE = "choice"  # one of the field's choices
    IDS = "list of ids"
    TEXTS = "list of texts"
    MAPPING = "mapping"
    MAPPINGS = "list of mappings"


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is required, and what it means."""

    name: str
    kind: Kind
    required: bool
    doc: str
    choices: tuple[str, ...] = ()
    shape: str = ""  # for MAPPING / MAPPINGS: the name of the nested shape

    @property
    def kind_text(self) -> str:
        """The kind as the docs table shows it."""
        if self.kind is Kind.CHOICE:
            return "one of " + " \\| ".join(f"`{c}`" for c in self.choices)
        if self.kind in (Kind.MAPPING, Kind.MAPPINGS):
            return f"{self.kind.value} ({self.shape})"
        return str(self.kind.value)


@dataclass(frozen=True)
class Shape:
    """The declared fields of one kind of mapping."""

    name: str
    title: str
    fields: tuple[Field, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def field(self, name: str) -> Field | None:
        """The declared field called name, or None."""
        by_name: dict[str, Field] = self.__dict__["_by_name"]
        return by_name.get(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every declared key, in order."""
        return tuple(f.name for f in self.fields)


def _values(kind: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(m.value) for m in kind)


_T, _R, _O = Kind.TEXT, True, False

ARTICLE = Shape(
    "article",
    "an entry of claims/articles.yaml",
    (
        Field("id", Kind.ID, _R, "the article's id: its text is claims/articles/`<id>`.txt"),
        Field("title", _T, _R, "the article's title as the page gives it"),
        Field("publisher", _T, _R, "who published the page"),
        Field("url", Kind.TEXT_OR_NULL, _R, "the page's http(s) address, or null when it was not recorded"),
        Field("captured", Kind.DATE, _R, "the day the text was captured"),
        Field(
            "headings",
            Kind.TEXTS,
            _O,
            "lines of the text that are headings, each a whole line character for character (for a text whose lines are not set apart by blank lines; see below)",
        ),
        Field("captions", Kind.TEXTS, _O, "lines of the text that are an image's caption (its alt text), each a whole line character for character"),
    ),
)

OCCURRENCE = Shape(
    "occurrence",
    "an entry of a claim's `occurrences`",
    (
        Field("article", Kind.ID, _R, "the id of the article that makes the claim"),
        Field("quote", _T, _R, "the article's words, character for character"),
    ),
)

ATTRIBUTION = Shape(
    "attribution",
    "a claim's `attributed_to`",
    (
        Field("name", _T, _R, "the source the article names"),
        Field("ref", Kind.KEY, _O, "the reference for that source, when found"),
        Field("says_it", Kind.CHOICE, _R, "whether that source really says it (quote it: bare yes is a boolean in YAML)", _values(SaysIt)),
        Field("note", _T, _O, "what the source says, in brief"),
    ),
)

EVIDENCE = Shape(
    "evidence",
    "an entry of a claim's `evidence`",
    (
        Field("ref", Kind.KEY, _R, "a BibTeX key in references/*.bib"),
        Field("stance", Kind.CHOICE, _R, "how the source bears on the claim", _values(Stance)),
        Field("quote", _T, _R, "verbatim from the source's stored record (`...` joins pieces in order)"),
        Field("locator", _T, _R, "where in the record the quote stands"),
        Field("subjects", Kind.CHOICE, _O, "who or what was studied (`none`: not a study)", _values(Subjects)),
        Field("population", _T, _O, "who was studied, as the record says"),
        Field("size", _T, _O, "how many, as the record gives it"),
        Field("follow_up", _T, _O, "how long subjects were followed"),
        Field("dose", _T, _O, "route and dose, where they matter"),
        Field(
            "reports",
            Kind.KEY,
            _O,
            "a BibTeX key: this source reports a figure whose primary source is that reference (offered in Cite this next to it)",
        ),
    ),
)

HISTORY = Shape(
    "history",
    "an entry of a claim's `history` (an earlier verdict)",
    (
        Field("verdict", Kind.CHOICE, _R, "the earlier verdict", _values(Verdict)),
        Field("reviewed", Kind.DATE, _R, "when it was given (before the claim's `reviewed`)"),
        Field("reason", _T, _R, "why it changed"),
    ),
)

CLAIM = Shape(
    "claim",
    "an entry of a claims file (claims/*.yaml other than articles.yaml)",
    (
        Field("id", Kind.ID, _R, "unique and stable: it names the claim's page"),
        Field("statement", _T, _R, "a neutral restatement, one sentence"),
        Field("summary", _T, _O, "a one-line takeaway, plain text"),
        Field("type", Kind.CHOICE, _R, "what kind of statement it is", _values(ClaimType)),
        Field("topics", Kind.IDS, _O, "lower-case kebab-case words"),
        Field("occurrences", Kind.MAPPINGS, _R, "where articles make the claim (at least one)", shape="occurrence"),
        Field("attributed_to", Kind.MAPPING, _O, "the source an article names for the claim", shape="attribution"),
        Field("verdict", Kind.CHOICE, _R, "the rating (docs/methodology.md)", _values(Verdict)),
        Field("rationale", _T, _R, "why the verdict: numbers, what was measured, by whom"),
        Field("reviewed", Kind.DATE, _R, "the day of the current verdict"),
        Field("evidence", Kind.MAPPINGS, _O, "the sources that bear on the claim", shape="evidence"),
        Field("history", Kind.MAPPINGS, _O, "earlier verdicts, oldest first", shape="history"),
    ),
)

RECORD = Shape(
    "record",
    "a record file references/records/`<key>`.yaml",
    (
        Field("url", _T, _R, "the http(s) address the record was read at"),
        Field("where", _T, _R, "which page and part (e.g. PubMed record, abstract)"),
        Field("taken", Kind.DATE, _R, "the day it was read"),
        Field("text", _T, _R, "the record's text, verbatim"),
    ),
)

# BibTeX fields: every value is text; LaTeX is decoded to Unicode at load.
BIBTEX = Shape(
    "bibtex",
    "the fields of a BibTeX entry in references/*.bib",
    (
        Field("author", _T, _O, "every author, `Last, First and ...` (an organisation in double braces)"),
        Field("title", _T, _R, "the title as the record gives it"),
        Field("journal", _T, _O, "the journal's full title"),
        Field("shortjournal", _T, _O, "the NLM abbreviation as PubMed prints it"),
        Field("year", _T, _R, "the year of publication"),
        Field("volume", _T, _O, "volume"),
        Field("number", _T, _O, "issue"),
        Field("pages", _T, _O, "pages, `1302--1305`"),
        Field("doi", _T, _O, "the DOI, 10.NNNN/suffix"),
        Field("pmid", _T, _O, "the PubMed id, 1 to 8 digits"),
        Field("pmcid", _T, _O, "the PubMed Central id, PMC and digits"),
        Field("url", _T, _O, "the record's http(s) address"),
        Field("urldate", _T, _O, "when a web page was read"),
        Field("publisher", _T, _O, "publisher"),
        Field("address", _T, _O, "the publisher's place"),
        Field("edition", _T, _O, "edition of a book"),
        Field("institution", _T, _O, "the institution of a report"),
        Field("organization", _T, _O, "the organisation behind a page"),
        Field("howpublished", _T, _O, "where a page or document was published"),
        Field("booktitle", _T, _O, "the book a chapter is in"),
        Field("editor", _T, _O, "editors of that book"),
        Field("crossref", _T, _O, "the key of an entry this one inherits fields from (standard BibTeX)"),
        Field("design", Kind.CHOICE, _R, "the study design or kind of source", _values(Design)),
        Field("checked", Kind.DATE, _O, "when the entry was compared with its record; absent: unchecked"),
        Field("note", _T, _O, "provenance: which page gave which field (internal, never exported)"),
    ),
)

SHAPES: dict[str, Shape] = {s.name: s for s in (ARTICLE, CLAIM, OCCURRENCE, ATTRIBUTION, EVIDENCE, HISTORY, RECORD, BIBTEX)}


# --------------------------------------------------------------------------------------------
# The docs tables


def table(shape: Shape) -> str:
    """The Markdown field table of one shape."""
    rows = ["| field | required | value | meaning |", "| --- | --- | --- | --- |"]
    for f in shape.fields:
        rows.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.kind_text} | {f.doc} |")
    return "\n".join(rows)


_SECTION = re.compile(r"(<!-- fields:([a-z]+) -->\n)(.*?)(<!-- /fields:\2 -->)", re.DOTALL)


def render_docs(text: str) -> str:
    """text with every delimited field-table section regenerated from SHAPES."""

    def replace(m: re.Match[str]) -> str:
        shape = SHAPES[m.group(2)]
        return f"{m.group(1)}{table(shape)}\n{m.group(4)}"

    return _SECTION.sub(replace, text)


DOCS = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"


def check_docs(path: Path = DOCS) -> bool:
    """True when the field tables of path are those SHAPES generates."""
    text = path.read_text(encoding="utf-8")
    return render_docs(text) == text


def main(argv: list[str]) -> int:
    """`python -m graph.schema docs` rewrites the field tables; `... check` exits 1 when stale."""
    command = argv[0] if argv else "check"
    if command == "docs":
        text = DOCS.read_text(encoding="utf-8")
        DOCS.write_text(render_docs(text), encoding="utf-8")
        return 0
    if command == "check":
        ok = check_docs()
        print("docs/data-format.md field tables are up to date" if ok else "docs/data-format.md is stale: run python -m graph.schema docs")
        return 0 if ok else 1
    print("usage: python -m graph.schema docs|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
