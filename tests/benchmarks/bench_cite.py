"""Benchmark: how formatting citations grows with the library (issue 8, item 5).

    make bench                                             # 1,000 and 5,000 references
    .venv/bin/python tests/benchmarks/bench_cite.py 1000 5000
    .venv/bin/python tests/benchmarks/bench_cite.py --no-before 1000 5000   # skip the slow old way

For each size it makes a synthetic library (authors drawn from a pool of 60 family names and
years 2000-2019, so that author-date styles meet many same-author, same-year pairs, as a real
library does) and times, per style (AMA, Vancouver, APA):
- before: the old way, the whole library in one pandoc citeproc call with the style as shipped
  (cross-entry disambiguation on): what the build did until issue 8;
- after: graph.cite.format_all on an empty cache: each entry formatted on its own terms, no
  disambiguation, in batches of cite.BATCH entries per pandoc call;
- cached: format_all again in the same process (every entry found by its content hash).
Not a test (pytest does not collect it); timings depend on the machine, so it prints it.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph import cite  # noqa: E402
from graph.model import Design, Position, Reference, RefKey  # noqa: E402

FAMILIES = [f"Family{chr(65 + i % 26)}{i}" for i in range(60)]


def library(n: int) -> list[Reference]:
    """n synthetic journal articles; deterministic."""
    base = Reference(
        key=RefKey("x"), entry_type="article", authors=(), title="", container="J Bench", year="", volume="1", number="2", pages="10-20", doi="", pmid="",
        url="", urldate="", publisher="", design=Design.COHORT, checked=None, note="", bibtex="", position=Position(Path("bench.bib"), 1),
    )
    refs = []
    for i in range(n):
        authors = tuple(f"{FAMILIES[(i * 7 + j) % 60]}, {chr(65 + (i + j) % 26)}." for j in range(1 + i % 4))
        refs.append(replace(base, key=RefKey(f"ref{i}"), authors=authors, title=f"Study number {i} of a synthetic library", year=str(2000 + i % 20), doi=f"10.1000/bench.{i}"))
    return refs


def before(refs: list[Reference], style: cite.Style, timeout: float) -> float | None:
    """The old way: one pandoc call over the whole library, the style as shipped."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.json"
        path.write_bytes(json.dumps([cite.csl_item(r) for r in refs]).encode())
        start = time.perf_counter()
        try:
            subprocess.run(
                [pypandoc.get_pandoc_path(), "--citeproc", "--csl", str(style.csl), "--bibliography", str(path), "-f", "markdown", "-t", "html", "--wrap=none"],
                input="---\nnocite: |\n  @*\n---\n", capture_output=True, text=True, check=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None
        return time.perf_counter() - start


def after(refs: list[Reference], style: cite.Style) -> tuple[float, float]:
    """format_all on an empty cache, then again with every entry cached."""
    cite._CACHE.clear()
    start = time.perf_counter()
    first = cite.format_all(refs, style)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    second = cite.format_all(refs, style)
    warm = time.perf_counter() - start
    assert first == second and len(first) == len(refs)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--no-before", action="store_true", help="skip the old one-call way (minutes for APA at 5,000)")
    parser.add_argument("--timeout", type=float, default=900, help="give up on one old-way call after this many seconds")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, pandoc {pypandoc.get_pandoc_version()}, batch {cite.BATCH}")
    print("| references | style | before: one call (s) | after: batched, cold cache (s) | after: cached (s) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for n in args.sizes:
        refs = library(n)
        for style in cite.Style:
            old = None if args.no_before else before(refs, style, args.timeout)
            old_text = "not run" if args.no_before else (f"> {args.timeout:.0f}" if old is None else f"{old:.1f}")
            cold, warm = after(refs, style)
            print(f"| {n:,} | {style.label} | {old_text} | {cold:.1f} | {warm:.2f} |", flush=True)


if __name__ == "__main__":
    main()
