#!/usr/bin/env python3
"""The knowledge base's command line.

    python build_kb.py check [--strict]     load and check every data file; all problems, one run
    python build_kb.py build [--strict]     check, then build the site into site/ (mkdocs)
    python build_kb.py serve [--dev-addr H:P] check, then serve the site with live reload
    python build_kb.py export DIR           check, then write kb.json, kb.graphml, claims.csv, references.bib|.json|.ris
    python build_kb.py stats                the counts: claims, occurrences, references, verdicts per article
    python build_kb.py cite ID [--add]      fetch pmid:N / doi:... / a PubMed or doi.org URL as a BibTeX entry
    python build_kb.py find WORDS...        the claims and references that match, with verdicts and citations
    python build_kb.py add-article FILE|- --id ID --title T --publisher P [--url U] --captured DATE
                                            store a provider's page verbatim and record its metadata

Exit status: 0 on success, 1 when the data has errors (or warnings under --strict), 2 on usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from graph import cite, export, fetch, intake, pipeline, validate
from graph.find import find
from graph.issues import Report
from graph.link import KnowledgeGraph, as_of

ROOT = Path(__file__).resolve().parent


def _print_report(report: Report, root: Path) -> None:
    for issue in report:
        print(issue.format(root), file=sys.stderr)
    print(report.summary(), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """Load, validate and apply the verdict rules; print every issue, then a summary."""
    kb, report = pipeline.check(args.root)
    _print_report(report, args.root)
    if not report.failed(args.strict):
        occurrences = sum(len(c.occurrences) for c in kb.claims.values())
        checked = sum(r.is_checked for r in kb.references.values())
        print(f"ok: {len(kb.articles)} articles, {len(kb.claims)} claims, {occurrences} occurrences, {len(kb.references)} references ({checked} checked)")
    print(validate.quote_figures(kb).summary())
    return 1 if report.failed(args.strict) else 0


def _graph_or_exit(args: argparse.Namespace) -> KnowledgeGraph | None:
    result = pipeline.run(args.root, render=False)
    if result.report.failed(args.strict) or result.graph is None:
        _print_report(result.report, args.root)
        return None
    return result.graph


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph exports into a folder."""
    kg = _graph_or_exit(args)
    if kg is None:
        return 1
    for path in export.write(kg, Path(args.dir)):
        print(f"wrote {path}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the counts a closing note or a reviewer needs."""
    kg = _graph_or_exit(args)
    if kg is None:
        return 1
    kb = kg.kb
    checked = sum(r.is_checked for r in kb.references.values())
    print(f"claims {len(kb.claims)}, occurrences {sum(len(c.occurrences) for c in kb.claims.values())}, references {len(kb.references)} ({checked} checked, {len(kb.references) - checked} unchecked)")
    for tally in [kg.tally()] + [kg.tally(a) for a in kb.articles]:
        counts = ", ".join(f"{v.value} {n}" for v, n in tally.counts if n)
        print(f"{tally.article or 'all'}: {tally.total} claims: {counts}")
    print(f"single-source claims: {len(kg.single_source_claims())}; weakly backed claims: {len(kg.weak_claims())}")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    """Fetch a record and print its entry; with --add, write it and its record into references/."""
    today = dt.date.today()  # the date the record was read: data entry, not the build
    try:
        record = fetch.fetch(fetch.Identifier.parse(args.identifier), fetch.http_get)
    except fetch.FetchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    entry = fetch.bibtex_entry(record, today)
    print(entry)
    if not args.add:
        return 0
    kb, _ = pipeline.check(args.root)
    known = {r.pmid for r in kb.references.values() if r.pmid} | {r.doi.lower() for r in kb.references.values() if r.doi}
    if record.key in kb.references or record.fields.get("pmid") in known or record.fields.get("doi", "").lower() in known:
        print(f"error: references/ already holds this record (key {record.key}, or its PMID/DOI): nothing was written", file=sys.stderr)
        return 1
    bib = args.root / "references" / "added.bib"
    existing = bib.read_text(encoding="utf-8") if bib.exists() else ""
    bib.write_text(existing + ("\n" if existing else "") + entry, encoding="utf-8")
    record_file = args.root / "references" / "records" / f"{record.key}.yaml"
    record_file.parent.mkdir(parents=True, exist_ok=True)
    record_file.write_text(fetch.record_yaml(record, today), encoding="utf-8")
    print(f"added {record.key} to {bib} and its record to {record_file}; set its design, then cite it from a claim", file=sys.stderr)
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    """Print the claims and references matching the words, best first."""
    kg = _graph_or_exit(args)
    if kg is None:
        return 1
    hits = find(kg, " ".join(args.words), args.limit)
    if not hits:
        print("no claim or reference matches every word", file=sys.stderr)
        return 1
    refs = list(kg.kb.references.values())
    ama = cite.format_all(refs, cite.Style.AMA)
    for hit in hits:
        if hit.claim is not None:
            print(f"claim {hit.claim.id} [{hit.claim.verdict.label}]\n  {hit.claim.statement}")
            for ev in hit.claim.evidence:
                if ev.ref in ama:
                    print(f"  {ev.stance.value}: {ama[ev.ref]}")
        elif hit.reference is not None:
            print(f"reference {hit.reference.key} [{hit.reference.design.value if hit.reference.design else 'design unknown'}{'' if hit.reference.is_checked else ', UNCHECKED'}]\n  {ama.get(hit.reference.key, hit.reference.title)}")
        print()
    return 0


def cmd_add_article(args: argparse.Namespace) -> int:
    """Store a page's text verbatim as a new article; refuse an id or a text already stored."""
    text = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    meta = intake.NewArticle(args.id, args.title, args.publisher, args.url, args.captured)
    try:
        path = intake.add_article(args.root, meta, text)
    except intake.IntakeError as err:
        print(f"error: {err}; nothing was written", file=sys.stderr)
        return 1
    print(f"added article '{meta.id}': {path} ({len(text)} bytes) and its entry in claims/articles.yaml; next: build_kb.py extract {meta.id}")
    return 0


def _mkdocs(command: str, root: Path, extra: list[str] | None = None) -> int:
    """Run mkdocs in-process: the hook checks the data again and stops the build on errors."""
    from mkdocs.__main__ import cli

    argv = [command, "--config-file", str(root / "mkdocs.yml")]
    if command == "build":
        argv += ["--strict", "--site-dir", str(root / "site")]
    argv += extra or []
    try:
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except Exception as err:  # mkdocs reports its own errors; show them without a traceback
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def _pin_build_date(root: Path) -> None:
    """Let mkdocs date the site (sitemap) from the data, not the clock, unless told otherwise."""
    kb, _ = pipeline.check(root)
    day = as_of(kb)
    epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then build the site into site/."""
    if cmd_check(args):
        return 1
    _pin_build_date(args.root)
    return _mkdocs("build", args.root)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check, then serve the site with live reload of claims/ and references/."""
    if cmd_check(args):
        return 1
    return _mkdocs("serve", args.root, ["--dev-addr", args.dev_addr])


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="build_kb.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder holding claims/ and references/ (default: this script's folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_ in (
        ("check", cmd_check, "load and check every data file"),
        ("build", cmd_build, "check, then build the site into site/"),
        ("serve", cmd_serve, "check, then serve the site with live reload"),
        ("stats", cmd_stats, "print counts per verdict and article"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        if name == "serve":
            p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve (default 127.0.0.1:8000)")
        p.set_defaults(func=func)
    p = sub.add_parser("export", help="write kb.json, kb.graphml, claims.csv and the library (.bib, CSL-JSON, RIS) into DIR")
    p.add_argument("dir")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("cite", help="fetch a record (pmid:N, doi:..., a PubMed or doi.org URL) as a BibTeX entry")
    p.add_argument("identifier")
    p.add_argument("--add", action="store_true", help="write the entry into references/added.bib and its record into references/records/")
    p.set_defaults(func=cmd_cite)
    p = sub.add_parser("find", help="the claims and references matching WORDS, best first, with verdicts and AMA citations")
    p.add_argument("words", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(func=cmd_find)
    p = sub.add_parser("add-article", help="store a provider's page verbatim as claims/articles/<id>.txt and record its metadata")
    p.add_argument("file", help="the page's text (UTF-8, LF line ends), or - for standard input")
    p.add_argument("--id", required=True, help="kebab-case article id, e.g. clinic-faq")
    p.add_argument("--title", required=True)
    p.add_argument("--publisher", required=True)
    p.add_argument("--url", default=None, help="the page's address (omit when it was not recorded)")
    p.add_argument("--captured", required=True, help="the date the text was captured, YYYY-MM-DD")
    p.set_defaults(func=cmd_add_article)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
