"""Benchmark: how the site build scales with the number of claims (run: make bench).

Builds synthetic knowledge bases (one article of N sentences, N claims, N/4 references) with the
project's own `build_kb.py build` and prints the wall time of each. Not a test: pytest does not
collect it (its name does not start with test_), and timings depend on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
    bib = [f"@article{{ref{j},\n  author = {{Doe, Jane}},\n  title = {{Paper {j}}},\n  journal = {{J Bench}},\n  year = {{2020}},\n  pmid = {{{j + 1}}},\n  design = {{cohort}},\n  checked = {{2026-11-25}},\n}}\n" for j in range(refs)]
    (root / "references" / "synthetic.bib").write_text("\n".join(bib))
    rows = []
    for i in range(claims):
        rows.append(
            f"- id: claim-{i}\n  statement: Claim {i}.\n  type: efficacy\n  topics: [t{i % 7}]\n"
            f"  occurrences:\n    - article: synthetic\n      quote: \"Sentence number {i} says something checkable.\"\n"
            f"  verdict: supported\n  rationale: Synthetic.\n  reviewed: 2026-11-25\n"
            f"  evidence:\n    - ref: ref{i % refs}\n      stance: supports\n      quote: \"Quote {i}.\"\n      locator: Abstract\n"
        )
    (root / "claims" / "synthetic.yaml").write_text("\n".join(rows))


def main(sizes: list[int]) -> None:
    """Build each size once and print claims, pages and seconds."""
    print("claims  pages  seconds")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_kb(root, n)
            start = time.perf_counter()
            run = subprocess.run([sys.executable, str(root / "build_kb.py"), "build"], capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if run.returncode:
                sys.exit(run.stderr[-2000:])
            pages = len(list((root / "site").rglob("index.html")))
            print(f"{n:>6} {pages:>6} {seconds:>8.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 1000, 2000])
