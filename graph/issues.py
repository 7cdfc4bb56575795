"""The one error shape, and the catalogue that declares every issue code once.

Input: issues raised by the load, validate and verdict stages and by the command line.
Output: a Report that sorts them and prints them compiler-style:
    claims/efficacy.yaml:12: error [unknown-reference] claim 'x' cites 'y', which ...
(graph.formats turns the same report into JSON, SARIF and GitHub annotations).

Every code is declared once in CATALOGUE below with its severity, title, description and fix,
in the manner of frictionless' errors: an Issue takes its severity from there, an undeclared code
is a programming error (Issue() raises), and docs/issue-codes.md is generated from the table
(`python -m graph.issues` rewrites it; a test fails when it is stale).

The stage being processed is kept in a context (`at()` / `now_at()`), so that an unexpected
exception can be reported as an `internal-error` issue that names the file it happened on.
Issue codes: internal-error (any exception that escapes a stage: a bug, never bad data).
"""

from __future__ import annotations

import contextvars
import enum
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar


class Severity(enum.Enum):
    """How bad an issue is: errors stop the build, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class IssueType:
    """One kind of problem: its stable kebab-case code and what a contributor needs to know."""

    code: str
    severity: Severity
    title: str  # a few words, shown as the SARIF rule's short description and GitHub title
    description: str  # what it means
    fix: str  # how to fix it


_E, _W = Severity.ERROR, Severity.WARNING

# The table of every issue code, grouped by the stage that emits it. Markdown (backticks, links
# relative to docs/) is allowed: docs/issue-codes.md is generated from these strings.
CATALOGUE: tuple[IssueType, ...] = (
    # graph.load
    IssueType("yaml-syntax", _E, "YAML syntax error", "a YAML file does not parse", "fix the syntax at the line given (indentation, an unquoted `:`)"),
    IssueType("bibtex-syntax", _E, "BibTeX syntax error", "a BibTeX entry does not parse", "close the brace or quote; the other entries are still read"),
    IssueType("missing-field", _E, "Required field missing", "a required field is absent or empty", "add it (see [data format](data-format.md))"),
    IssueType(
        "bad-value",
        _E,
        "Value not allowed",
        "a value outside its vocabulary (verdict, type, stance, design, says_it) or of the wrong type",
        "use one of the listed values",
    ),
    IssueType("duplicate-id", _E, "Duplicate id", "two claims or two articles share an id", "rename one, or merge them into one claim with several occurrences"),
    IssueType("duplicate-key", _E, "Duplicate BibTeX key", "two BibTeX entries share a key", "keep one entry"),
    IssueType(
        "bad-history",
        _E,
        "Verdict history out of order",
        "an earlier verdict in a claim's `history` is dated on or after its current `reviewed` date",
        "date the earlier verdict before the current review",
    ),
    IssueType(
        "missing-article",
        _E,
        "Article half missing",
        "an article entry without its text file, or a text file without an entry",
        "add the missing half",
    ),
    IssueType(
        "unknown-field",
        _E,
        "Unknown key",
        "a key the file's declared shape does not have (a typo such as `histroy:`); the closest declared name is suggested",
        "correct the key, or remove it (the shapes: [data format](data-format.md))",
    ),
    IssueType(
        "yaml-duplicate-key",
        _E,
        "Key repeated in a mapping",
        "a key given twice in one YAML mapping: the later would silently replace the first",
        "merge the two, e.g. into one `evidence:` list",
    ),
    IssueType("yaml-alias", _E, "YAML alias refused", "a YAML alias (`*name`), refused because aliases can expand without bound", "write the value out in full"),
    IssueType(
        "yaml-bad-tag",
        _E,
        "YAML tag refused",
        "a YAML tag other than the plain types (`!!python/...`, `!!binary`, `!!set`, a custom `!tag`)",
        "remove the tag",
    ),
    IssueType("too-deep", _E, "Nested too deep", "YAML nested more than 10 levels deep", "use the shapes of the [data format](data-format.md)"),
    IssueType("file-too-large", _E, "File too large", "a YAML, `.bib` or article file over 5 MB", "split the file"),
    IssueType("bad-encoding", _E, "Not UTF-8", "a data file that is not UTF-8; the line of the first bad byte is given", "save the file as UTF-8"),
    IssueType(
        "bad-line-ending",
        _E,
        "Article line ending changed",
        "a verbatim article holds a carriage return (CR or CRLF); the captured texts have LF line endings",
        "restore the captured file",
    ),
    IssueType(
        "unsafe-path",
        _E,
        "Symbolic link or path outside the project",
        "a data file (or `claims/articles`) is a symbolic link, dangling or not, or resolves outside the project: it is not read",
        "replace the link by the file itself",
    ),
    IssueType("not-a-file", _E, "Not a regular file", "a directory or special file named like a data file (`claims/x.yaml/`)", "remove or rename it"),
    IssueType("empty-file", _E, "Claims file without claims", "a claims file holding no claims (empty, only comments, or `[]`)", "delete the file, or write its claims"),
    IssueType(
        "date-in-future",
        _E,
        "Date after the build date",
        "a `captured`, `reviewed`, `taken` or `checked` date after the build date (`SOURCE_DATE_EPOCH`, else the later of the last commit's day and today)",
        "give the real date",
    ),
    IssueType(
        "review-before-capture",
        _E,
        "Reviewed before the article was captured",
        "a claim `reviewed` before an article it quotes was `captured`",
        "date the review on or after the capture",
    ),
    # graph.validate
    IssueType(
        "duplicate-identifier",
        _E,
        "Duplicate DOI or PMID",
        "two references share a DOI or PMID",
        "keep one entry and point every claim at its key",
    ),
    IssueType(
        "quote-not-found",
        _E,
        "Quote not in its article",
        "an occurrence quote is not in its article; the closest text is shown",
        "copy the article's exact characters (curly quotes, non-breaking spaces)",
    ),
    IssueType(
        "line-not-in-article",
        _E,
        "Declared heading not in its article",
        "an article's `headings` or `captions` entry is not a whole line of its text; the closest line is shown",
        "copy the whole line, character for character",
    ),
    IssueType("unknown-article", _E, "Unknown article", "an occurrence names an article that does not exist", "use an id from `claims/articles.yaml`"),
    IssueType("no-occurrences", _E, "Claim occurs nowhere", "a claim occurs in no article", "add where it appears, or remove the claim"),
    IssueType(
        "bad-id",
        _E,
        "Id outside its character set",
        "an article id, claim id or topic that is not kebab-case, or a BibTeX key (or record file name) outside `A-Z a-z 0-9 _ : . -` (see [identifiers](data-format.md#identifiers))",
        "use lower-case words joined by `-`; a key of letters, digits and `_ : . -`",
    ),
    IssueType(
        "unknown-reference",
        _E,
        "Unknown reference",
        "evidence (or the primary source its `reports` names), an attribution or a record names a key no `.bib` defines",
        "add the reference or fix the key",
    ),
    IssueType("missing-quote", _E, "Evidence without a quote", "an evidence link has no quote", "quote the sentence of the record that bears on the claim"),
    IssueType(
        "quote-not-in-record",
        _E,
        "Quote not in its record",
        "an evidence quote is not found in the reference's stored record text",
        "copy the quote from the record, or add the passage to the record file",
    ),
    IssueType("bad-doi", _E, "Malformed DOI", "a DOI not of the form `10.NNNN/suffix`", "copy the DOI from the record, without `doi:` or a URL prefix"),
    IssueType("bad-pmid", _E, "Malformed PMID", "a PMID that is not 1 to 8 digits", "copy the number from the PubMed record"),
    IssueType("bad-url", _E, "URL not http(s)", "a URL that is not http(s)", "give the record's web address"),
    IssueType(
        "unknown-claim",
        _E,
        "Occurrences of an unknown claim",
        "an entry with only `id` and `occurrences` (more occurrences of a claim defined elsewhere) names no claim",
        "use the id of an existing claim, or write the full claim",
    ),
    IssueType(
        "quote-too-short",
        _E,
        "Quote without substance",
        "an occurrence or evidence quote of under 4 words and under 20 letters besides `...` (a quote of `...` or one letter would match anything); an occurrence quote that is a whole list item on a line of its own (`- Migraines`) is accepted, its heading carrying the claim",
        "quote the words that carry the claim",
    ),
    IssueType(
        "quote-unverifiable",
        _W,
        "Quote with no record to check it against",
        "an evidence quote on a reference with no stored record text: it cannot be verified (counted as unverified in the summary; `--strict` fails)",
        "store the record in `references/records/<key>.yaml`",
    ),
    IssueType("unused-reference", _W, "Reference cited by no claim", "a reference no claim cites", "cite it or remove it"),
    IssueType(
        "unchecked-reference",
        _W,
        "Evidence from an unchecked reference",
        "evidence rests on a reference whose record was not checked",
        "check the record and add `checked`, or find a checked source",
    ),
    # graph.verdict
    IssueType(
        "verdict-not-allowed",
        _E,
        "Verdict not allowed by its evidence",
        "the claim's evidence does not allow its verdict (see [methodology](methodology.md))",
        "change the verdict or add the evidence that justifies it",
    ),
    IssueType(
        "pending-review",
        _W,
        "Draft claim not yet reviewed",
        "a draft claim (`verdict: pending`, written by `extract`) is not yet reviewed",
        "review it: statement, evidence, verdict, rationale and reviewed date",
    ),
    # build_kb.py and graph.publish: the run itself
    IssueType(
        "internal-error",
        _E,
        "Internal error",
        "the program failed unexpectedly while processing the file named (a bug, not a problem in the data as such)",
        "report it with the file named; `KB_DEBUG=1` prints the traceback. Until it is fixed, a change to that file may avoid it",
    ),
    IssueType(
        "write-failed",
        _E,
        "Output could not be written",
        "the site or an export could not be written (a full disk, no permission); the previous site and exports are kept as they were",
        "free space or fix the permission, then run the command again",
    ),
    IssueType(
        "export-refused",
        _E,
        "Export target refused",
        "`export DIR` would overwrite a file it did not write, write onto a directory, or write into `claims/`, `references/` or `docs/`",
        "export into an empty folder or one an earlier export wrote (it keeps a `.kb-export.json` list of its files)",
    ),
    IssueType(
        "build-locked",
        _E,
        "Another build is running",
        "another `build_kb.py build` in the same folder held the lock (`.site.lock`) for longer than the wait allowed",
        "wait for it to finish (or stop it), then build again; `KB_LOCK_TIMEOUT` sets the wait in seconds",
    ),
)

ISSUE_TYPES: dict[str, IssueType] = {t.code: t for t in CATALOGUE}

# Declared codes that no stage emits yet (kept so that the code is not reused for another meaning).
RESERVED: frozenset[str] = frozenset()


class UndeclaredIssueCode(ValueError):
    """An issue was made with a code the catalogue does not declare: a bug in the caller."""


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in the data, at a file and line (line 0 means the whole file).

    Its severity, title and fix come from the catalogue entry of its code."""

    file: Path
    line: int
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in ISSUE_TYPES:
            raise UndeclaredIssueCode(f"issue code '{self.code}' is not declared in graph.issues.CATALOGUE")

    @property
    def type(self) -> IssueType:
        """The catalogue entry of this issue's code."""
        return ISSUE_TYPES[self.code]

    @property
    def severity(self) -> Severity:
        """Error or warning, as the catalogue declares the code."""
        return ISSUE_TYPES[self.code].severity

    def shown_file(self, root: Path | None = None) -> Path:
        """The file, relative to root when it lies inside it."""
        if root is not None:
            try:
                return self.file.resolve().relative_to(root.resolve())
            except (ValueError, OSError):
                return self.file
        return self.file

    def format(self, root: Path | None = None) -> str:
        """Return the compiler-style line, with the path relative to root when possible."""
        return f"{self.shown_file(root)}:{self.line}: {self.severity.value} [{self.code}] {self.message}"


@dataclass
class Report:
    """All issues of one run, sorted by file and line."""

    issues: list[Issue] = field(default_factory=list)

    def extend(self, issues: Iterable[Issue]) -> None:
        """Add issues from one check."""
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(sorted(set(self.issues)))

    def __len__(self) -> int:
        return len(set(self.issues))

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity error, sorted."""
        return [i for i in self if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """The issues of severity warning, sorted."""
        return [i for i in self if i.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        """True when the run must stop: any error, or any warning under strict."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def summary(self) -> str:
        """One line counting errors and warnings."""
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


# --------------------------------------------------------------------------------------------
# Where the run is: the file (and line) being processed, for internal-error issues

_WHERE: contextvars.ContextVar[tuple[Path, int] | None] = contextvars.ContextVar("kb_where", default=None)


def now_at(file: Path | None, line: int = 0) -> None:
    """Record that the run is now processing file (None: no file in particular)."""
    _WHERE.set((file, line) if file is not None else None)


@contextmanager
def at(file: Path, line: int = 0) -> Iterator[None]:
    """Within the block the run is processing file:line. On an exception the place is kept
    (not restored), so that the guard that catches it can name it."""
    token = _WHERE.set((file, line))
    yield
    _WHERE.reset(token)


class _Place(Protocol):
    @property
    def file(self) -> Path: ...
    @property
    def line(self) -> int: ...


class _Placed(Protocol):
    @property
    def position(self) -> _Place: ...


P = TypeVar("P", bound=_Placed)


def each_at(items: Iterable[P]) -> Iterator[P]:
    """Yield each item while recording its position as the place being processed."""
    for item in items:
        now_at(item.position.file, item.position.line)
        yield item
    now_at(None)


def where() -> tuple[Path, int] | None:
    """The file and line being processed when the last exception escaped, if any was recorded."""
    return _WHERE.get()


def internal_error(err: BaseException, fallback: Path) -> Issue:
    """An unexpected exception as an issue at the file being processed (else at fallback)."""
    file, line = where() or (fallback, 0)
    detail = str(err).strip().splitlines()[0] if str(err).strip() else "(no message)"
    return Issue(file, line, "internal-error", f"{type(err).__name__}: {detail} (set KB_DEBUG=1 for the traceback)")


# --------------------------------------------------------------------------------------------
# docs/issue-codes.md, generated from the catalogue

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "issue-codes.md"
BEGIN = "<!-- BEGIN generated from graph/issues.py by `python -m graph.issues`: do not edit by hand -->"
END = "<!-- END generated -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown() -> str:
    """The table of every issue code, as docs/issue-codes.md shows it."""
    rows = ["| code | severity | title | meaning | how to fix |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| `{t.code}` | {t.severity.value} | {_cell(t.title)} | {_cell(t.description)} | {_cell(t.fix)} |" for t in CATALOGUE]
    return "\n".join(rows)


def render_doc(current: str) -> str:
    """current with the text between the BEGIN and END markers replaced by the table; the
    hand-written prose around the markers is kept."""
    head, sep, rest = current.partition(BEGIN)
    if not sep:
        raise ValueError(f"{DOC_PATH.name} lacks the marker {BEGIN!r}")
    _, sep, tail = rest.partition(END)
    if not sep:
        raise ValueError(f"{DOC_PATH.name} lacks the marker {END!r}")
    return f"{head}{BEGIN}\n\n{catalogue_markdown()}\n\n{END}{tail}"


def main(argv: list[str]) -> int:
    """Rewrite docs/issue-codes.md from the catalogue; with --check, exit 1 when it is stale."""
    current = DOC_PATH.read_text(encoding="utf-8")
    wanted = render_doc(current)
    if "--check" in argv:
        if wanted != current:
            print(f"{DOC_PATH} is stale: run `python -m graph.issues`", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        DOC_PATH.write_text(wanted, encoding="utf-8")
        print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
