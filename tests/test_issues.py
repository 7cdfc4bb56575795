"""The issue catalogue: every code used is declared once, every declared code is used (or
reserved), severities come from the catalogue, and docs/issue-codes.md is generated from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT
from graph import issues
from graph.issues import CATALOGUE, ISSUE_TYPES, RESERVED, Issue, Severity, UndeclaredIssueCode

CODE = re.compile(r"^[a-z]+(-[a-z]+)+$")
SOURCES = [*sorted((ROOT / "graph").rglob("*.py")), ROOT / "build_kb.py"]


def _call_name(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _codes_passed_to_issue_makers() -> dict[str, set[str]]:
    """Kebab-case strings given to any call that makes an issue: Issue(...), _issue(...),
    sink.add(...), or any function whose name says issue, as an argument or as code=."""
    used: dict[str, set[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name == "IssueType" or not (name == "add" or "issue" in name.lower()):
                continue
            args = [*node.args, *(k.value for k in node.keywords if k.arg == "code")]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.match(arg.value):
                    used.setdefault(arg.value, set()).add(path.relative_to(ROOT).as_posix())
    return used


def _every_string_constant() -> set[str]:
    """Every string in the sources, except in the catalogue's IssueType(...) entries and RESERVED."""
    found: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _call_name(n) == "IssueType"]
        skipped += [n for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == "RESERVED"]
        declared = {id(n) for top in skipped for n in ast.walk(top)}
        found |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in declared}
    return found


def test_each_code_is_declared_once_in_kebab_case() -> None:
    codes = [t.code for t in CATALOGUE]
    assert len(codes) == len(set(codes))
    assert all(CODE.match(c) for c in codes)
    assert all(t.title and t.description and t.fix for t in CATALOGUE)


def test_every_code_used_in_the_package_is_declared() -> None:
    used = _codes_passed_to_issue_makers()
    assert len(used) > 15  # the scan finds the call sites at all
    undeclared = {code: files for code, files in used.items() if code not in ISSUE_TYPES}
    assert not undeclared, f"declare these in graph/issues.py CATALOGUE: {undeclared}"


def test_every_declared_code_is_used_or_reserved() -> None:
    constants = _every_string_constant()
    unused = {t.code for t in CATALOGUE} - constants
    assert unused == set(RESERVED), f"used nowhere (remove, or list in RESERVED): {unused - RESERVED}; reserved but used: {RESERVED - unused}"


def test_an_undeclared_code_cannot_make_an_issue() -> None:
    with pytest.raises(UndeclaredIssueCode):
        Issue(Path("x.yaml"), 1, "no-such-code", "message")


def test_severity_comes_from_the_catalogue() -> None:
    assert Issue(Path("r.bib"), 3, "unused-reference", "m").severity is Severity.WARNING
    assert Issue(Path("c.yaml"), 3, "bad-value", "m").severity is Severity.ERROR
    assert Issue(Path("c.yaml"), 3, "bad-value", "m").type.title == ISSUE_TYPES["bad-value"].title


def test_current_severities_are_kept() -> None:
    """The severities the stages had before the catalogue: only these two are warnings."""
    assert {t.code for t in CATALOGUE if t.severity is Severity.WARNING} >= {"unused-reference", "unchecked-reference"}


def test_issue_codes_page_is_generated_from_the_catalogue() -> None:
    """When this fails, run `python -m graph.issues` (or `make docs`) and commit the result."""
    current = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    assert issues.render_doc(current) == current, "docs/issue-codes.md is stale: run `python -m graph.issues`"
    assert issues.main(["--check"]) == 0


def test_the_generated_page_keeps_its_prose_and_lists_every_code() -> None:
    current = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    assert current.startswith("# Issue codes\n")
    listed = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", current, re.MULTILINE)
    assert listed == [(t.code, t.severity.value) for t in CATALOGUE]


def test_a_stale_page_is_detected() -> None:
    current = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    stale = current.replace("| `bad-doi` | error |", "| `bad-doi` | warning |")
    assert issues.render_doc(stale) == current
    with pytest.raises(ValueError, match="marker"):
        issues.render_doc("# Issue codes\n\nno markers\n")
