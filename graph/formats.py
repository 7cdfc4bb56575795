"""Formats: a Report -> what a person, a program or a CI system reads.

Input: a Report, the project root (paths are shown relative to it) and a few summary figures.
Output: text for `check --format`:
    text    compiler-style lines, sorted, then a summary line (graph.issues.Issue.format)
    json    {"issues": [{file, line, code, severity, title, message}], "summary": {...}}
    sarif   SARIF 2.1.0 (OASIS): one rule per catalogue code, one result per issue
    github  GitHub Actions workflow commands (::error file=...,line=...,title=...::message)
A whole-file issue has line 0 in text and JSON; SARIF and GitHub, which count from 1, show it
on line 1. Every format is deterministic (sorted issues, sorted keys, no clock time).
Issue codes: none (it prints the codes of others).
"""

from __future__ import annotations

import enum
import json
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from graph.issues import CATALOGUE, Issue, Report, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "build_kb.py"


class Format(enum.Enum):
    """The report formats `check --format` offers."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


def _relative(issue: Issue, root: Path) -> str:
    return issue.shown_file(root).as_posix()


def _plain(markdown: str) -> str:
    """Catalogue text without Markdown: '[methodology](methodology.md)' -> 'methodology', no backticks."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("`", "")


def issue_dict(issue: Issue, root: Path) -> dict[str, object]:
    """One issue as JSON: the file relative to root, its line (0: the whole file) and the rest."""
    return {
        "file": _relative(issue, root),
        "line": issue.line,
        "code": issue.code,
        "severity": issue.severity.value,
        "title": issue.type.title,
        "message": issue.message,
    }


def summary_dict(report: Report, strict: bool) -> dict[str, object]:
    """The counts a program needs to decide, and the summary line a person reads."""
    return {"errors": len(report.errors), "warnings": len(report.warnings), "failed": report.failed(strict), "text": report.summary()}


def to_json(report: Report, root: Path, strict: bool = False, extra: Mapping[str, object] | None = None) -> str:
    """The report as one JSON document; extra adds figures (counts, quote checks) to the summary."""
    summary = summary_dict(report, strict) | dict(extra or {})
    return json.dumps({"issues": [issue_dict(i, root) for i in report], "summary": summary}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --------------------------------------------------------------------------------------------
# SARIF 2.1.0


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _uri(issue: Issue, root: Path) -> dict[str, str]:
    shown = issue.shown_file(root)
    if shown.is_absolute():  # outside the project: no base, an absolute file URI
        return {"uri": shown.as_uri()}
    return {"uri": urllib.parse.quote(shown.as_posix()), "uriBaseId": "%SRCROOT%"}


def sarif_rules() -> list[dict[str, object]]:
    """One reportingDescriptor per catalogue code, in catalogue order."""
    return [
        {
            "id": t.code,
            "shortDescription": {"text": _plain(t.title)},
            "fullDescription": {"text": _plain(t.description)},
            "help": {"text": _plain(t.fix), "markdown": t.fix},
            "defaultConfiguration": {"level": _level(t.severity)},
        }
        for t in CATALOGUE
    ]


def to_sarif(report: Report, root: Path) -> str:
    """The report as a SARIF 2.1.0 log with one run."""
    index = {t.code: i for i, t in enumerate(CATALOGUE)}
    results = [
        {
            "ruleId": issue.code,
            "ruleIndex": index[issue.code],
            "level": _level(issue.severity),
            "message": {"text": issue.message},
            "locations": [{"physicalLocation": {"artifactLocation": _uri(issue, root), "region": {"startLine": max(1, issue.line)}}}],
        }
        for issue in report
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": TOOL_NAME, "rules": sarif_rules()}}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --------------------------------------------------------------------------------------------
# GitHub Actions workflow commands


def _escape_data(text: str) -> str:
    """GitHub's escaping of a command's message (as @actions/core escapes it)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a command's property value: the message's, plus ':' and ','."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(issue: Issue, root: Path) -> str:
    """One issue as an ::error or ::warning annotation on its file and line."""
    props = [f"file={_escape_property(_relative(issue, root))}"]
    props.append(f"line={max(1, issue.line)}")
    props.append(f"title={_escape_property(f'{issue.type.title} [{issue.code}]')}")
    return f"::{_level(issue.severity)} {','.join(props)}::{_escape_data(issue.message)}"


def to_github(report: Report, root: Path) -> str:
    """Every issue as a workflow command, one a line."""
    return "".join(github_line(i, root) + "\n" for i in report)


def to_text(report: Report, root: Path) -> str:
    """Compiler-style lines, sorted, then the summary line."""
    return "".join(i.format(root) + "\n" for i in report) + report.summary() + "\n"
