"""Reading one data file safely: confined paths, bounded sizes, checked bytes, strict YAML.

Input: a path under the project root. Output: its text, or its YAML as plain values whose
mappings (YMap) and lists (YList) remember their lines, plus issues in a Sink; never an exception.
Issue codes:
    unsafe-path         a data file is a symbolic link (dangling or not) or resolves outside the root
    not-a-file          a directory (or other non-regular file) is named like a data file
    file-too-large      a data file is larger than the limit (schema.MAX_FILE_BYTES)
    bad-encoding        a data file is not UTF-8 (the line of the first bad byte)
    bad-line-ending     a verbatim article holds a carriage return (CR or CRLF): LF only
    yaml-syntax         a YAML file does not parse
    yaml-alias          a YAML alias (*name): refused, it could expand without bound
    yaml-duplicate-key  a key repeated in one YAML mapping (the later one would silently win)
    yaml-bad-tag        a YAML tag other than the plain types (!!python/..., !!binary, !!set, ...)
    too-deep            YAML nested deeper than schema.MAX_DEPTH
    unknown-field       a key the file's declared shape does not have (with "did you mean")
    missing-field       a required field is absent, empty or only white space
    bad-value           a field's value is of the wrong kind or outside its vocabulary
    bad-id              an id, topic or BibTeX key outside its character set
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.issues import Issue, now_at
from graph.schema import MAX_DEPTH, MAX_FILE_BYTES, Field, Kind, Shape, id_problem, key_problem

# libyaml (C) composes the node tree 3-10x faster than pure Python; the pure loader stands in
# where PyYAML was built without it, with the same nodes and marks.
_BASE: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}


class _Loader(_BASE):  # type: ignore[misc]
    """The safe loader with its tag resolution memoised: PyYAML resolves every plain scalar with
    Python regular expressions, the costliest step left once libyaml parses; keys and short values
    (id, stance, supports, dates) repeat thousands of times."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or len(value) > 40:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_TAGS) < 100_000:
                _TAGS[key] = tag
        return tag


_LOADER: type[Any] = _Loader
_BOM = b"\xef\xbb\xbf"


@dataclass
class Sink:
    """Collects issues while one file is read."""

    file: Path
    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        now_at(self.file)  # an unexpected exception from here on names this file (internal-error)

    def add(self, line: int, code: str, message: str) -> None:
        """Record an issue; its severity is the catalogue's (graph.issues)."""
        self.issues.append(Issue(self.file, line, code, message))


# --------------------------------------------------------------------------------------------
# Bytes


def read_text(root: Path, path: Path, sink: Sink, verbatim: bool = False) -> str | None:
    """The UTF-8 text of a data file inside root, or None with an issue saying why not.

    verbatim (article texts): the bytes are kept as they are, BOM included, and a carriage
    return is reported; elsewhere a leading BOM is dropped."""
    name = _shown(root, path)
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        sink.add(0, "unsafe-path", f"{name} is a symbolic link (to {target}): data files must be regular files inside the project")
        return None
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as err:
        sink.add(0, "unsafe-path", f"{name} cannot be resolved: {err.__class__.__name__}")
        return None
    if not resolved.is_relative_to(root.resolve()):
        sink.add(0, "unsafe-path", f"{name} resolves to {resolved}, outside the project (a linked folder?)")
        return None
    if not resolved.is_file():
        sink.add(0, "not-a-file", f"{name} is a directory or special file, not a data file")
        return None
    try:
        size = resolved.stat().st_size
        if size > MAX_FILE_BYTES:
            sink.add(0, "file-too-large", f"{name} is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (split the file)")
            return None
        data = resolved.read_bytes()
    except OSError as err:
        sink.add(0, "not-a-file", f"{name} cannot be read: {err.strerror or err}")
        return None
    if not verbatim and data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        sink.add(line, "bad-encoding", f"{name}: byte 0x{data[err.start]:02x} at column {column} is not UTF-8 (save the file as UTF-8)")
        return None
    if verbatim:
        cr = text.find("\r")
        if cr >= 0:
            kind = "CRLF" if text.startswith("\r\n", cr) else "CR"
            sink.add(text.count("\n", 0, cr) + 1, "bad-line-ending", f"{name} has a {kind} line ending: a verbatim article keeps the captured LF line endings")
    return text


def _shown(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------
# YAML: libyaml nodes -> plain values with lines


class YMap(dict[str, Any]):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of key when the mapping has it, else the mapping's own line."""
        return self.key_lines.get(key, self.line)


class YList(list[Any]):
    """A YAML list that remembers its line and the line of each item."""

    line: int = 0
    item_lines: list[int]


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _Builder:
    """Turns one composed node tree into values, refusing aliases, repeated keys and depth."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.seen: set[int] = set()
        self.aliases = 0

    def value(self, node: yaml.Node, depth: int) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen:  # libyaml hands an alias back as the anchored node itself
            self.aliases += 1
            if self.aliases == 1:  # once per file: a bomb holds thousands
                self.sink.add(line, "yaml-alias", "YAML aliases (*name) are not allowed: write the value out")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.sink.add(line, "too-deep", f"nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, line)
        if node.tag not in (_MAP_TAG, _SEQ_TAG):
            self.sink.add(line, "yaml-bad-tag", f"YAML tag {node.tag} is not allowed: only plain mappings, lists and scalars")
            return None
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.line, items.item_lines = line, []
            for child in node.value:
                items.append(self.value(child, depth + 1))
                items.item_lines.append(child.start_mark.line + 1)
            return items
        mapping = YMap()
        mapping.line, mapping.key_lines = line, {}
        assert isinstance(node, yaml.MappingNode)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.sink.add(key_line, "bad-value", "a key must be a plain word (no complex keys, no '<<' merges)")
                continue
            key = str(key_node.value)
            if key in mapping.key_lines:
                self.sink.add(key_line, "yaml-duplicate-key", f"key '{key}' appears twice in one mapping (first at line {mapping.key_lines[key]}): the later would silently replace the first")
                continue
            mapping.key_lines[key] = key_line
            mapping[key] = self.value(value_node, depth + 1)
        return mapping

    def scalar(self, node: yaml.ScalarNode, line: int) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.sink.add(line, "yaml-bad-tag", f"YAML tag {node.tag} is not allowed: only plain text, numbers, booleans and dates")
            return None
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return _CONSTRUCTOR.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            return node.value  # a date-shaped 2026-13-45 or a huge number stays text; its field reports it


def read_yaml(root: Path, path: Path, sink: Sink) -> Any:
    """The values of a YAML data file, or None (with issues) when it cannot be read."""
    text = read_text(root, path, sink)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        sink.add(mark.line + 1 if mark is not None else 0, "yaml-syntax", f"{err.problem or err}".strip())
        return None
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        sink.add(0, "yaml-syntax", str(err) or err.__class__.__name__)
        return None
    if node is None:
        return None
    try:
        return _Builder(sink).value(node, 0)
    except RecursionError:
        sink.add(0, "too-deep", f"nested more than {MAX_DEPTH} levels deep")
        return None


# --------------------------------------------------------------------------------------------
# Declared shapes


def read_shape(node: YMap, shape: Shape, sink: Sink, optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Check node against shape and return its cleaned values, keyed by field name.

    Unknown keys are reported with the closest declared name; every declared field gets a value
    (its empty form when absent or bad): text '', text-or-null None, date None, choice None,
    ids (), texts (), mapping None, mappings []. optional names required fields this entry may omit."""
    for key in node:
        if shape.field(key) is None:
            close = difflib.get_close_matches(key, shape.names, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(shape.names)
            sink.add(node.line_of(key), "unknown-field", f"{shape.title}: unknown key '{key}' ({hint})")
    return {f.name: _field(node, f, sink, f.required and f.name not in optional) for f in shape.fields}


def _missing(node: YMap, f: Field, sink: Sink) -> None:
    allowed = f" ({', '.join(f.choices)})" if f.choices else ""
    sink.add(node.line_of(f.name), "missing-field", f"required field '{f.name}' is missing or empty{allowed}")


_EMPTY: dict[Kind, Any] = {Kind.TEXT_OR_NULL: None, Kind.DATE: None, Kind.CHOICE: None, Kind.IDS: (), Kind.TEXTS: (), Kind.MAPPING: None}


def _field(node: YMap, f: Field, sink: Sink, required: bool) -> Any:
    value = node.get(f.name)
    kind = f.kind
    if kind is Kind.TEXT and type(value) is str and value.strip():  # the common case, kept fast
        return value.strip()
    line = node.line_of(f.name)
    empty: Any = [] if kind is Kind.MAPPINGS else _EMPTY.get(kind, "")
    if value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value and f.kind is Kind.MAPPINGS):
        if value is None and f.kind is Kind.TEXT_OR_NULL and f.name in node:
            return None
        if required:
            _missing(node, f, sink)
        return empty
    if kind in (Kind.TEXT, Kind.TEXT_OR_NULL, Kind.ID, Kind.KEY):
        if not isinstance(value, str):
            sink.add(line, "bad-value", f"field '{f.name}' must be text, got {_show(value)} (quote it)")
            return empty
        text = value.strip()
        problem = id_problem(text) if kind is Kind.ID else key_problem(text) if kind is Kind.KEY else ""
        if problem:
            sink.add(line, "bad-id", f"{f.name} '{_clip(text)}' is {problem}")
            return empty
        return text
    if kind is Kind.DATE:
        if isinstance(value, dt.datetime):
            sink.add(line, "bad-value", f"field '{f.name}' must be a date YYYY-MM-DD without a time, got {value.isoformat(sep=' ')}")
            return None
        if isinstance(value, dt.date):
            return value
        sink.add(line, "bad-value", f"field '{f.name}' must be a date YYYY-MM-DD, got {_show(value)}")
        return None
    if kind is Kind.CHOICE:
        if isinstance(value, bool) and "yes" in f.choices:  # YAML reads bare yes/no as booleans
            value = "yes" if value else "no"
        if not isinstance(value, str) or value not in f.choices:
            sink.add(line, "bad-value", f"'{f.name}: {_clip(_show(value))}' is not one of: {', '.join(f.choices)}")
            return None
        return value
    if kind is Kind.IDS:
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            sink.add(line, "bad-value", f"{f.name} must be a list of words")
            return ()
        good = []
        for i, item in enumerate(value):
            problem = id_problem(item)
            if problem:
                item_line = value.item_lines[i] if isinstance(value, YList) else line
                sink.add(item_line, "bad-id", f"{f.name[:-1] if f.name.endswith('s') else f.name} '{_clip(item)}' is {problem}")
            else:
                good.append(item)
        return tuple(sorted(set(good)))
    if kind is Kind.TEXTS:
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            sink.add(line, "bad-value", f"{f.name} must be a list of texts (quote each)")
            return ()
        return tuple(value)  # as written: each is compared with a line of a verbatim text
    if kind is Kind.MAPPING:
        if not isinstance(value, YMap):
            sink.add(line, "bad-value", f"{f.name} must be a mapping")
            return None
        return value
    # Kind.MAPPINGS
    if not isinstance(value, list):
        sink.add(line, "bad-value", f"{f.name} must be a list")
        return []
    items = [v for v in value if isinstance(v, YMap)]
    if len(items) != len(value):
        sink.add(line, "bad-value", f"every entry of {f.name} must be a mapping")
    return items


def _show(value: Any) -> str:
    return repr(value) if not isinstance(value, (YMap, YList)) else ("a mapping" if isinstance(value, YMap) else "a list")


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def mappings(value: Any, what: str, line: int, sink: Sink) -> list[YMap]:
    """The mappings of a top-level YAML list, reporting anything else in it."""
    if not isinstance(value, list):
        sink.add(line, "bad-value", f"{what} must be a list of mappings")
        return []
    items = [v for v in value if isinstance(v, YMap)]
    if len(items) != len(value):
        lines = value.item_lines if isinstance(value, YList) else []
        bad = next((lines[i] for i, v in enumerate(value) if not isinstance(v, YMap) and i < len(lines)), line)
        sink.add(bad, "bad-value", f"every entry of {what} must be a mapping")
    return items
