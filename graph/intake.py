"""Intake: a provider's page -> a stored article (the `add-article` command).

Input: the page's text as bytes and its metadata (id, title, publisher, url, captured date).
Output: claims/articles/<id>.txt holding the bytes exactly as given, and an entry appended to
claims/articles.yaml (the file's existing text is kept as it is; the entry is added at the end).
Both files are written atomically (a temporary file beside the target, then a rename), the text
file first, so an interrupted run leaves at worst a text file without an entry, which `check`
reports as missing-article.
Refusals (IntakeError, nothing written): an id that is not kebab-case or already exists, a date
that is not YYYY-MM-DD, a URL that is not http(s), text that is empty, not UTF-8, or holds a
carriage return (the loader and every quote span assume LF line ends; converting would change
the bytes, so the user converts knowingly, e.g. `tr -d '\\r'`), or text whose SHA-256 equals an
article already stored (the same page under another id).
Issue codes: none (a refusal is an error message of the command).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")


class IntakeError(Exception):
    """Why an article was refused; nothing was written."""


@dataclass(frozen=True)
class NewArticle:
    """The metadata of a page to add, as given on the command line."""

    id: str
    title: str
    publisher: str
    url: str | None
    captured: str  # YYYY-MM-DD, validated by add_article


def _atomic_write(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _validate(meta: NewArticle, text: bytes) -> None:
    if not _ID.match(meta.id):
        raise IntakeError(f"id '{meta.id}' must be kebab-case: lower-case letters and digits joined by '-'")
    try:
        dt.date.fromisoformat(meta.captured)
    except ValueError:
        raise IntakeError(f"--captured '{meta.captured}' is not a date YYYY-MM-DD") from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.captured):
        raise IntakeError(f"--captured '{meta.captured}' is not a date YYYY-MM-DD")
    if meta.url is not None and not _URL.match(meta.url):
        raise IntakeError(f"--url '{meta.url}' is not an http(s) address")
    if not meta.title.strip() or not meta.publisher.strip():
        raise IntakeError("--title and --publisher must not be empty")
    if not text.strip():
        raise IntakeError("the text is empty")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as err:
        raise IntakeError(f"the text is not UTF-8 (byte {err.start}): convert it first, e.g. with iconv") from None
    if b"\r" in text:
        line = text[: text.index(b"\r")].count(b"\n") + 1
        raise IntakeError(f"the text holds a carriage return (line {line}): articles are stored with LF line ends only; convert it first (tr -d '\\r') so that the stored bytes are the ones you chose")


def _existing_ids(articles_yaml: Path) -> set[str]:
    if not articles_yaml.exists():
        return set()
    entries = yaml.safe_load(articles_yaml.read_text(encoding="utf-8")) or []
    return {str(e.get("id")) for e in entries if isinstance(e, dict)}


def entry_yaml(meta: NewArticle) -> str:
    """The articles.yaml entry: strings JSON-quoted (valid YAML, any character safe)."""
    url = json.dumps(meta.url, ensure_ascii=False) if meta.url else "null"
    return (
        f"- id: {meta.id}\n"
        f"  title: {json.dumps(meta.title.strip(), ensure_ascii=False)}\n"
        f"  publisher: {json.dumps(meta.publisher.strip(), ensure_ascii=False)}\n"
        f"  url: {url}\n"
        f"  captured: {meta.captured}\n"
    )


def add_article(root: Path, meta: NewArticle, text: bytes) -> Path:
    """Store text as claims/articles/<id>.txt and append its entry; return the text file's path."""
    _validate(meta, text)
    folder = root / "claims" / "articles"
    articles_yaml = root / "claims" / "articles.yaml"
    target = folder / f"{meta.id}.txt"
    if meta.id in _existing_ids(articles_yaml) or target.exists():
        raise IntakeError(f"an article with id '{meta.id}' already exists")
    digest = hashlib.sha256(text).hexdigest()
    for other in sorted(folder.glob("*.txt")):
        if hashlib.sha256(other.read_bytes()).hexdigest() == digest:
            raise IntakeError(f"this text is already stored as article '{other.stem}' (same SHA-256)")
    folder.mkdir(parents=True, exist_ok=True)
    existing = articles_yaml.read_text(encoding="utf-8") if articles_yaml.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    _atomic_write(target, text)
    _atomic_write(articles_yaml, (existing + entry_yaml(meta)).encode("utf-8"))
    return target
