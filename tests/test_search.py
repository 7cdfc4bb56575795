"""The site search index (graph/search.py) and its browser scorer (docs/assets/kb-search.js, run with node)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from test_match import SENTENCES

from conftest import GOOD, ROOT
from graph import search
from graph.find import find
from graph.link import KnowledgeGraph
from graph.load import load

QUERIES = [*SENTENCES, "Kessler", "NMDA", "ketamine clinic", "zzzz-nothing"]


def _parse(files: dict[str, bytes]) -> dict[str, object]:
    """Each file's KBSearch.load(kind, n, data) call, as {"kind:n": data}."""
    out: dict[str, object] = {}
    for path, body in files.items():
        m = re.fullmatch(r'KBSearch\.load\("([a-z-]+)",(\d+),(.*)\);\n', body.decode(), re.DOTALL)
        assert m, path
        out[f"{m[1]}:{m[2]}"] = json.loads(m[3])
    return out


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    kb, _ = load(ROOT)
    return KnowledgeGraph(kb)


def test_every_term_is_in_the_shard_its_hash_names_and_documents_are_chunked(kg: KnowledgeGraph) -> None:
    files = search.files(kg)
    data = _parse(files)
    manifest = data["manifest:0"]
    assert isinstance(manifest, dict)
    shards = manifest["shards"]
    assert shards > 1 and set(files) >= {f"search/t-{n}.js" for n in range(shards)}
    idx = search.indexes(kg)
    seen = set()
    for n in range(shards):
        shard = data[f"t:{n}"]
        assert isinstance(shard, dict)
        for term, entry in shard.items():
            assert search.shard_of(term, shards) == n
            seen.add(term)
            for kind, (best, post) in entry.items():
                assert best == idx[kind].best[term]
                assert [idx[kind].weights[post[i]][term] for i in range(0, len(post), 2)] == post[1::2]
    assert seen == set().union(*(i.idf for i in idx.values()))
    claims = idx["c"].keys
    assert manifest["counts"]["c"] == len(claims)
    first = data["d-c:0"]
    assert isinstance(first, list) and [d[0] for d in first] == claims[: search.CHUNK]
    assert first[0][2] == f"claims/{claims[0]}/"
    assert first[0][3] == kg.kb.claims[claims[0]].verdict.value  # type: ignore[index]
    assert max(len(b) for p, b in files.items() if "/t-" in p) < 4 * search.SHARD_BYTES


def test_shard_count_grows_with_the_index_and_output_is_deterministic() -> None:
    kb, _ = load(GOOD)
    small = search.files(KnowledgeGraph(kb))
    assert small == search.files(KnowledgeGraph(kb))
    assert _parse(small)["manifest:0"]["shards"] == 1  # type: ignore[index]
    assert search.shard_of("ketamine", 7) == search.shard_of("ketamine", 7) < 7


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_search_ranks_exactly_as_find(kg: KnowledgeGraph) -> None:
    data = _parse(search.files(kg))
    script = (
        "const m = require(process.argv[1]); const fs = require('fs');"
        "const d = JSON.parse(fs.readFileSync(0, 'utf8')); const man = d['manifest:0'];"
        "console.log(JSON.stringify(d.queries.map(q => m.rank(man, n => d['t:' + n], q, 10)"
        ".map(h => [h.kind, d['d-' + h.kind + ':' + Math.floor(h.doc / man.chunk)][h.doc % man.chunk][0], h.relative]))));"
    )
    data["queries"] = QUERIES
    run = subprocess.run(["node", "-e", script, str(ROOT / "docs" / "assets" / "kb-search.js")], input=json.dumps(data), capture_output=True, text=True, check=True)
    js = json.loads(run.stdout)
    for q, row in zip(QUERIES, js, strict=True):
        # find() ranks claims and references; articles are the site search's third collection.
        py = [["c", h.claim.id, h.score] if h.claim else ["r", h.reference.key, h.score] for h in find(kg, q, 10) if h.claim or h.reference]  # type: ignore[union-attr]
        mine = [r for r in row if r[0] != "a"]
        assert [r[:2] for r in mine] == [r[:2] for r in py][: len(mine)], q
        assert [round(r[2], 5) for r in mine] == [round(r[2], 5) for r in py][: len(mine)], q
        assert len(mine) == len(py) or len(row) == 10, q
        assert [r[0] for r in row] == sorted((r[0] for r in row), key=lambda k: k == "a"), q  # articles last
    assert js[0][0][1] == "ketamine-single-dose-gad-sad-effect-14-weeks"
    # find ranks the APA's PTSD page (a reference) and the prevalence claim at the top; the claim leads the claims.
    assert next(r[1] for r in js[1] if r[0] == "c") == "ptsd-affects-3-5-percent-us-adults-yearly", js[1]
    assert js[-1] == []
