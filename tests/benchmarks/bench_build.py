"""Benchmark: what the project's build costs against plain mkdocs-material on the same pages.

    make bench                                   # 1,000, 5,000 and 10,000 claims
    .venv/bin/python tests/benchmarks/bench_build.py 200 1000   # other sizes

For each size it writes a synthetic knowledge base (one article of N sentences, N claims, N/4
references), then measures in one run:
- the project's `build_kb.py build` (wall and CPU time, peak memory of the process);
- plain mkdocs-material building the very pages the project generated (written out as Markdown
  files, same theme and plugins, no hook), so the ratio project / plain is what the project's own
  work costs on top of mkdocs;
- the largest HTML page and the search bytes a claim page loads (the page, plus the search index
  it fetches);
- a rebuild after a one-claim edit (the statement of one claim changed).
Not a test: pytest does not collect it (its name does not start with test_), and timings depend
on the machine, so it prints the machine too.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

STATEMENT = re.compile(r"statement: Claim (\d+)\.")


def make_kb(root: Path, claims: int) -> None:
    """Write a synthetic knowledge base of `claims` claims into root (code and docs copied)."""
    for name in ("graph", "docs", "build_kb.py", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "claims" / "articles").mkdir(parents=True)
    (root / "references" / "records").mkdir(parents=True)
    sentences = [f"Sentence number {i} says something checkable." for i in range(claims)]
    (root / "claims" / "articles" / "synthetic.txt").write_text("Synthetic\n\n" + " ".join(sentences) + "\n")
    (root / "claims" / "articles.yaml").write_text("- id: synthetic\n  title: Synthetic\n  publisher: Bench\n  url: null\n  captured: 2026-11-23\n")
    refs = max(1, claims // 4)
    bib = [
        f"@article{{ref{j},\n  author = {{Doe, Jane}},\n  title = {{Paper {j}}},\n  journal = {{J Bench}},\n  year = {{2020}},\n"
        f"  volume = {{1}},\n  pages = {{1--2}},\n  pmid = {{{j + 1}}},\n  design = {{cohort}},\n  checked = {{2026-11-25}},\n}}\n"
        for j in range(refs)
    ]
    (root / "references" / "synthetic.bib").write_text("\n".join(bib))
    records = [f"ref{j}.yaml" for j in range(refs)]
    for j, name in enumerate(records):
        (root / "references" / "records" / name).write_text(
            f"url: https://example.org/{j}\nwhere: Abstract\ntaken: 2026-11-25\ntext: |\n  " + " ".join(f"Quote {i} is a sentence of the record." for i in range(j, claims, refs)) + "\n"
        )
    rows = []
    for i in range(claims):
        rows.append(
            f"- id: claim-{i}\n  statement: Claim {i}.\n  type: efficacy\n  topics: [t{i % 7}, u{i % 11}]\n"
            f"  occurrences:\n    - article: synthetic\n      quote: \"Sentence number {i} says something checkable.\"\n"
            f"  verdict: supported\n  rationale: Synthetic rationale of claim {i}.\n  reviewed: 2026-11-25\n"
            f"  evidence:\n    - ref: ref{i % refs}\n      stance: supports\n      quote: \"Quote {i} is a sentence of the record.\"\n      locator: Abstract\n"
        )
    (root / "claims" / "synthetic.yaml").write_text("\n".join(rows))


@dataclass(frozen=True)
class Run:
    """One measured process: wall and CPU seconds, peak resident memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


def measure(argv: list[str], cwd: Path) -> Run:
    """Run argv to completion and measure it (os.wait4 gives that child's own rusage)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{' '.join(argv)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def plain_site(root: Path, plain: Path) -> None:
    """Write the pages the project generates as plain Markdown files, with the same theme and
    plugins but no hook, so that plain mkdocs-material builds exactly the same site."""
    from graph import pipeline, search, verdicts
    from graph.mkdocs_hook import VENDORED
    from graph.render import DASHBOARD_MARKER

    result = pipeline.run(root)
    assert result.site is not None, [i.format(root) for i in result.report]
    shutil.copytree(root / "docs", plain / "docs")
    for rel, text in result.site.pages.items():
        (plain / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / "docs" / rel).write_text(text, encoding="utf-8")
    for name, content in result.site.downloads.items():
        (plain / "docs" / "downloads" / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / "docs" / "downloads" / name).write_bytes(content)
    for dest, src in VENDORED.items():
        (plain / "docs" / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / src, plain / "docs" / dest)
    index = plain / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(DASHBOARD_MARKER, result.site.dashboard), encoding="utf-8")
    assert result.graph is not None
    generated = {**search.files(result.graph), **verdicts.assets()}  # what the hook adds besides pages
    for rel, content in generated.items():
        (plain / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / "docs" / rel).write_bytes(content)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    # Only the hooks: and watch: lists go ([^\n]: a DOTALL '.*' here once ate the rest of the
    # file, nav and plugins included, so the "plain" site had a 400-item nav and cost 2-4 times more).
    plain_config = re.sub(r"(?m)^(?:hooks|watch):\n(?:  - [^\n]*\n)+", "", config)
    assert plain_config.count("\n") >= config.count("\n") - 8 and "\nnav:" in plain_config, "plain config lost more than hooks and watch"
    (plain / "mkdocs.yml").write_text(plain_config, encoding="utf-8")


def largest_page(site: Path) -> tuple[str, int]:
    """The biggest HTML file of a built site, relative path and bytes."""
    pages = [(p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html")]
    size, name = max(pages)
    return name, size


def claim_page_bytes(site: Path, query: str = "the impact of just one infusion lasted for up to 14 weeks") -> int:
    """What opening one claim page and searching once loads: the page (no search file: the index
    loads only when the box is used), then search/manifest.js, the term shards of the query, and at
    most 8 document chunks (an upper bound: the largest chunk counted 8 times)."""
    from graph.match import terms
    from graph.search import shard_of

    page = (site / "claims" / "claim-0" / "index.html").stat().st_size
    folder = site / "search"
    manifest = folder / "manifest.js"
    if not manifest.exists():
        return page
    shards = int(manifest.read_text(encoding="utf-8").split('"shards":', 1)[1].split(",", 1)[0].split("}", 1)[0])
    needed = {shard_of(t, shards) for t in terms(query)}
    chunks = sorted((p.stat().st_size for p in folder.glob("d-*.js")), reverse=True)
    return page + manifest.stat().st_size + sum((folder / f"t-{n}.js").stat().st_size for n in needed) + (chunks[0] * min(8, len(chunks)) if chunks else 0)


def edit_one_claim(root: Path) -> None:
    path = root / "claims" / "synthetic.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("statement: Claim 0.", "statement: Claim 0, edited.", 1), encoding="utf-8")


def bench(n: int) -> str:
    """Build one size both ways; return its table row."""
    with tempfile.TemporaryDirectory() as tmp:
        root, plain = Path(tmp) / "kb", Path(tmp) / "plain"
        make_kb(root, n)
        project = measure([sys.executable, "build_kb.py", "build"], root)
        plain.mkdir()
        plain_site(root, plain)
        vanilla = measure([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", "mkdocs.yml", "-d", "site"], plain)
        pages = len(list((root / "site").rglob("index.html")))
        big, big_bytes = largest_page(root / "site")
        loads = claim_page_bytes(root / "site")
        edit_one_claim(root)
        rebuild = measure([sys.executable, "build_kb.py", "build"], root)
    return (
        f"| {n:,} | {pages:,} | {project.wall:.1f} / {project.cpu:.1f} s, {project.peak_mb:.0f} MB | {vanilla.wall:.1f} / {vanilla.cpu:.1f} s, {vanilla.peak_mb:.0f} MB "
        f"| {project.cpu / vanilla.cpu:.2f} | {big} {big_bytes / 1024:,.0f} KB | {loads / 1024:,.0f} KB | {rebuild.wall:.1f} s |"
    )


def main(sizes: list[int]) -> None:
    """Print the machine, then one Markdown table row per size as it finishes."""
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| claims | pages | project build (wall / CPU, peak) | plain mkdocs-material, same pages | ratio (CPU) | largest page | a claim page loads | rebuild after a one-claim edit |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        print(bench(n), flush=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"bench process itself: {usage.ru_maxrss / 1024:.0f} MB peak")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000, 10000])
