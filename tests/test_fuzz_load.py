"""Property-based tests (hypothesis): whatever bytes or YAML shapes a data file holds, every
loader returns issues, never an exception, and within a time bound.

Each test overwrites one file of a private copy of the good fixture per example and loads the
whole copy; a deadline of 2 s per example bounds the time (an alias bomb or deep nesting would
blow it). Examples are capped so that the module runs in about 15-30 s on the shared machine.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOOD
from graph import load, pipeline
from graph.issues import Issue
from graph.schema import SHAPES

pytestmark = pytest.mark.slow

FILES = {
    "claims": Path("claims/demo.yaml"),
    "articles": Path("claims/articles.yaml"),
    "record": Path("references/records/smith2020ketamine.yaml"),
    "bib": Path("references/demo.bib"),
    "article text": Path("claims/articles/demo.txt"),
}
SETTINGS = settings(max_examples=40, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], derandomize=True)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("fuzz") / "kb"
    shutil.copytree(GOOD, dest)
    return dest


def _load(root: Path, name: Path, data: bytes) -> list[Issue]:
    original = (GOOD / name).read_bytes()
    (root / name).write_bytes(data)
    try:
        _, report = pipeline.check(root)
    finally:
        (root / name).write_bytes(original)
    assert all(isinstance(i, Issue) and i.line >= 0 for i in report)
    return list(report)


# Bytes: random, and the good file with random bytes spliced in (closer to a real mistake).
def _spliced(name: Path) -> st.SearchStrategy[bytes]:
    original = (GOOD / name).read_bytes()
    return st.tuples(st.integers(0, len(original)), st.integers(0, 40), st.binary(max_size=40)).map(lambda t: original[: t[0]] + t[2] + original[t[0] + t[1] :])


@pytest.mark.parametrize("kind", FILES)
@SETTINGS
@given(data=st.data())
def test_any_bytes_in_any_data_file_give_issues_not_exceptions(root: Path, kind: str, data: st.DataObject) -> None:
    name = FILES[kind]
    raw = data.draw(st.one_of(st.binary(max_size=400), _spliced(name)), label="bytes")
    _load(root, name, raw)


# YAML shapes: any tree of plain values, with keys drawn mostly from the declared field names.
KEYS = [*sorted({f.name for s in SHAPES.values() for f in s.fields}), "histroy", "<<", "1"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True), st.text(max_size=30), st.dates(), st.sampled_from(["supports", "supported", "pending", "demo", "smith2020ketamine", "2026-13-45", "../x"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)), max_leaves=40)


@pytest.mark.parametrize("kind", ["claims", "articles", "record"])
@SETTINGS
@given(tree=TREES)
def test_any_yaml_shape_gives_issues_not_exceptions(root: Path, kind: str, tree: Any) -> None:
    _load(root, FILES[kind], yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(key=st.sampled_from([f.name for f in SHAPES["claim"].fields]), value=TREES)
def test_any_value_in_any_claim_field_gives_issues_not_exceptions(root: Path, key: str, value: Any) -> None:
    claim = {"id": "fuzzed", "statement": "x", "type": "mechanism", "verdict": "not_checkable", "rationale": "x", "reviewed": dt.date(2026, 11, 25)}
    claim["occurrences"] = [{"article": "demo", "quote": "Ketamine is an NMDA receptor antagonist."}]
    claim[key] = value
    text = (GOOD / FILES["claims"]).read_text(encoding="utf-8") + "\n" + yaml.safe_dump([claim], allow_unicode=True)
    _load(root, FILES["claims"], text.encode("utf-8"))


def test_the_fixture_copy_is_restored_after_each_example(root: Path) -> None:
    assert load.load(root)[1] == []
