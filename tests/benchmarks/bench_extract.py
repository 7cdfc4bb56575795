"""Extraction and matching quality on the labelled set (`make bench-extract`; not a test).

Input: tests/extract/labelled/<page>.yaml + <page>.txt (format: tests/extract/labelled/README.md)
and the knowledge base's claims. Output: printed figures, per page and overall:
- extraction: a candidate matches a labelled claim when their spans overlap by at least half of
  the shorter span; candidates and labels are paired one to one, greedily by overlap, in text
  order. Precision = paired candidates / candidates, recall = paired labels / labels.
- matching, on the same pairs: a candidate "proposes" the existing claim it was matched to.
  Precision = correct proposals / all proposals (a proposal on an unpaired candidate, or a
  proposal where the label says null or another claim, is wrong); recall = labels with a
  same_as whose paired candidate proposes exactly that claim / labels with a same_as.
The pages are split (split.yaml in the labelled directory) into a development set, on which the
rules and thresholds are tuned, and a held-out test set, whose figures are the ones reported;
both totals are printed. Options: --labelled DIR, --pages a,b (only these pages), --relative X
--ratio Y (matching thresholds, for tuning: read the dev total, not the test one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.extract import MATCH_RATIO, MATCH_RELATIVE, Candidate, Matcher, extract  # noqa: E402
from graph.load import load  # noqa: E402
from graph.model import Article, ArticleId, Position  # noqa: E402


@dataclass(frozen=True)
class Label:
    span: tuple[int, int]
    same_as: str | None


@dataclass
class Tally:
    candidates: int = 0
    labels: int = 0
    paired: int = 0
    proposals: int = 0
    correct: int = 0
    same_as: int = 0
    found_same: int = 0

    def add(self, o: Tally) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def line(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:5.1f}%" if b else "   n/a"

        return (
            f"extraction P {pct(self.paired, self.candidates)} R {pct(self.paired, self.labels)} ({self.candidates} candidates, {self.labels} labels)"
            f" | matching P {pct(self.correct, self.proposals)} R {pct(self.found_same, self.same_as)} ({self.proposals} proposals, {self.same_as} same_as)"
        )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / min(a[1] - a[0], b[1] - b[0]) if inter > 0 else 0.0


def score_page(candidates: list[Candidate], labels: list[Label]) -> Tally:
    t = Tally(candidates=len(candidates), labels=len(labels))
    pairs = sorted(((_overlap(c.span, lab.span), i, j) for i, c in enumerate(candidates) for j, lab in enumerate(labels)), key=lambda p: (-p[0], p[1], p[2]))
    used_c: set[int] = set()
    used_l: dict[int, int] = {}
    for ov, i, j in pairs:
        if ov < 0.5:
            break
        if i in used_c or j in used_l:
            continue
        used_c.add(i)
        used_l[j] = i
    t.paired = len(used_c)
    label_of = {i: j for j, i in used_l.items()}
    for i, c in enumerate(candidates):
        if c.same_as:
            t.proposals += 1
            if i in label_of and labels[label_of[i]].same_as == c.same_as:
                t.correct += 1
    for j, lab in enumerate(labels):
        if lab.same_as:
            t.same_as += 1
            if j in used_l and candidates[used_l[j]].same_as == lab.same_as:
                t.found_same += 1
    return t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labelled", type=Path, default=ROOT / "tests" / "extract" / "labelled")
    parser.add_argument("--pages", default="")
    parser.add_argument("--relative", type=float, default=MATCH_RELATIVE)
    parser.add_argument("--ratio", type=float, default=MATCH_RATIO)
    parser.add_argument("-v", "--verbose", action="store_true", help="print each page's unpaired candidates and labels")
    args = parser.parse_args()
    files = sorted(f for f in args.labelled.glob("*.yaml") if f.name != "split.yaml")
    if args.pages:
        files = [f for f in files if f.stem in args.pages.split(",")]
    if not files:
        print(f"no labelled pages in {args.labelled}", file=sys.stderr)
        return 1
    kb, _ = load(ROOT)
    matcher = Matcher.of(kb, args.relative, args.ratio)
    split = yaml.safe_load((args.labelled / "split.yaml").read_text(encoding="utf-8")) if (args.labelled / "split.yaml").exists() else {}
    test_pages = set(split.get("test") or [])
    total, dev, test = Tally(), Tally(), Tally()
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        text = (f.parent / data["text_file"]).read_text(encoding="utf-8")
        labels = []
        for c in data["claims"]:
            start = text.find(c["quote"])
            assert start >= 0, (f.name, c["quote"])
            labels.append(Label((start, start + len(c["quote"])), c.get("same_as")))
        article = Article(ArticleId(data["page"]["id"]), "", "", None, dt.date.min, text, Position(f, 0))
        candidates = extract(article, kb, matcher)
        t = score_page(candidates, labels)
        total.add(t)
        (test if f.stem in test_pages else dev).add(t)
        print(f"{('[test] ' if f.stem in test_pages else '[dev]  ') + f.stem:49s} {t.line()}")
        if args.verbose:
            for c in candidates:
                hit = any(_overlap(c.span, lab.span) >= 0.5 for lab in labels)
                print(f"    {'  ' if hit else 'FP'} {c.type.value:12s} {c.same_as or '-':40s} {c.statement[:110]}")
            for lab, raw in zip(labels, data["claims"], strict=True):
                if not any(_overlap(c.span, lab.span) >= 0.5 for c in candidates):
                    print(f"    FN {raw['type']:12s} {raw['quote'][:110]}")
                else:
                    got = {c.same_as for c in candidates if _overlap(c.span, lab.span) >= 0.5}
                    if lab.same_as and lab.same_as not in got:
                        print(f"    MISSED-MATCH {lab.same_as} got {got}")
    n_test = sum(f.stem in test_pages for f in files)
    print(f"{'DEV (' + str(len(files) - n_test) + ' pages, tune on these)':49s} {dev.line()}")
    print(f"{'TEST (' + str(n_test) + ' pages, held out: report these)':49s} {test.line()}")
    print(f"{'ALL (' + str(len(files)) + ' pages)':49s} {total.line()}")
    print(f"thresholds: relative >= {args.relative}, ratio >= {args.ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
