"""The docs are tested: every issue code, verdict and command the code knows is documented."""

from __future__ import annotations

import ast
import re

from conftest import ROOT
from graph.model import Design, Verdict

CODE = re.compile(r"^[a-z]+(-[a-z]+)+$")


def _emitted_codes() -> set[str]:
    """Kebab-case string arguments of every Issue(...), _issue(...) and sink.add(...) call."""
    codes: set[str] = set()
    for path in (ROOT / "graph").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"Issue", "_issue", "add"}:
                codes |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str) and CODE.match(a.value)}
    return codes


def _documented_codes() -> set[str]:
    text = (ROOT / "docs" / "issue-codes.md").read_text()
    return set(re.findall(r"^\| `([a-z-]+)` \|", text, re.MULTILINE))


def test_every_emitted_issue_code_is_documented_and_no_other() -> None:
    emitted = _emitted_codes()
    assert len(emitted) > 15
    assert emitted == _documented_codes()


def test_every_bad_input_case_is_a_documented_code() -> None:
    assert {p.name for p in (ROOT / "tests" / "bad").iterdir()} <= _documented_codes()


def test_methodology_states_every_verdict_and_design() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text()
    for v in Verdict:
        assert f"| {v.value} |" in text, v
    data_format = (ROOT / "docs" / "data-format.md").read_text()
    for d in Design:
        assert d.value in data_format, d


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in ("check", "build", "serve", "export", "stats", "find", "cite"):
        assert f"build_kb.py {command}" in readme, command
    assert readme.index("make site") < readme.index("make test") < 600


def test_building_page_states_the_size_of_the_shipped_knowledge_base() -> None:
    """The build cost on docs/building.md is for the knowledge base as shipped: re-measure it
    (make bench, time build_kb.py build) when the counts change."""
    from graph import pipeline

    kb, _ = pipeline.check(ROOT)
    text = (ROOT / "docs" / "building.md").read_text()
    assert f"{len(kb.articles)} articles, {len(kb.claims)} claims, {len(kb.references)} references" in text
