#!/usr/bin/env python3
"""The knowledge base's command line.

    python build_kb.py check [--strict]     load and check every data file; all problems, one run
    python build_kb.py build [--strict]     check, then build the site into site/ (mkdocs)
    python build_kb.py serve [--dev-addr H:P] check, then serve the site with live reload
    python build_kb.py export DIR           check, then write kb.json, kb.graphml, claims.csv, references.bib|.json|.ris, corrections.atom
    python build_kb.py stats                the counts: claims, occurrences, references, verdicts per article
    python build_kb.py cite ID [--add]      fetch pmid:N / doi:... / a PubMed or doi.org URL as a BibTeX entry
    python build_kb.py find WORDS...        the claims and references that match, with verdicts and citations
    python build_kb.py add-article FILE|- --id ID --title T --publisher P [--url U] --captured DATE
                                            store a provider's page verbatim and record its metadata
    python build_kb.py extract ARTICLE [--out FILE]  propose the article's claims: known ones matched, the rest drafts

--format text|json|sarif|github (check and the other data commands) prints the report as
compiler-style text, JSON, SARIF 2.1.0 or GitHub workflow annotations.

Exit status: 0 on success, 1 when the data has errors (or warnings under --strict), 2 on usage.
No command ends in a traceback: an unexpected exception becomes an internal-error issue naming
the file being processed (KB_DEBUG=1 prints the traceback too).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import errno
import os
import shutil
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from graph import cite, export, extract, fetch, intake, issues, pipeline, publish, validate
from graph.find import find
from graph.formats import Format, to_github, to_json, to_sarif, to_text
from graph.issues import Report
from graph.link import KnowledgeGraph, as_of
from graph.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent
LOCK_TIMEOUT = 120.0  # seconds a build waits for another build in the same folder (KB_LOCK_TIMEOUT)
# A write that fails for one of these reasons is about the disk, not a bug: write-failed.
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS, errno.EPERM, errno.EFBIG}


def _print_report(report: Report, args: argparse.Namespace, extra: Mapping[str, object] | None = None) -> None:
    """Print the report in the format asked for: text and the GitHub summary to stderr, the
    machine-readable documents (JSON, SARIF, annotations) alone on stdout."""
    fmt = Format(getattr(args, "format", "text"))
    strict = bool(getattr(args, "strict", False))
    if fmt is Format.TEXT:
        print(to_text(report, args.root), end="", file=sys.stderr)
    elif fmt is Format.JSON:
        print(to_json(report, args.root, strict, extra), end="")
    elif fmt is Format.SARIF:
        print(to_sarif(report, args.root), end="")
    else:
        print(to_github(report, args.root), end="")
        print(report.summary(), file=sys.stderr)


def _check_and_report(args: argparse.Namespace, kb: KnowledgeBase, report: Report, hold: bool = False) -> int:
    """Print the report of a check and the figures; return the exit status. With hold, a
    machine-readable report of a check that passed is kept for _guarded to print when the
    command ends, so that a later failure (a full disk) lands in the same one document."""
    failed = report.failed(args.strict)
    occurrences = sum(len(c.occurrences) for c in kb.claims.values())
    checked = sum(r.is_checked for r in kb.references.values())
    quotes = validate.quote_figures(kb)
    counts = {"articles": len(kb.articles), "claims": len(kb.claims), "occurrences": occurrences, "references": len(kb.references), "checked_references": checked}
    extra = {"counts": counts, "evidence_quotes": dataclasses.asdict(quotes)}
    if hold and not failed and Format(getattr(args, "format", "text")) is not Format.TEXT:
        args.held = (report, extra)
        return 0
    _print_report(report, args, extra)
    if Format(getattr(args, "format", "text")) is Format.TEXT:
        if not failed:
            print(f"ok: {len(kb.articles)} articles, {len(kb.claims)} claims, {occurrences} occurrences, {len(kb.references)} references ({checked} checked)")
        print(quotes.summary())
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Load, validate and apply the verdict rules; print every issue, then a summary."""
    kb, report = pipeline.check(args.root)
    return _check_and_report(args, kb, report)


def _graph_or_exit(args: argparse.Namespace) -> KnowledgeGraph | None:
    result = pipeline.run(args.root, render=False)
    if result.report.failed(args.strict) or result.graph is None:
        _print_report(result.report, args)
        return None
    return result.graph


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph exports into a folder: every file in full before any is replaced."""
    kg = _graph_or_exit(args)
    if kg is None:
        return 1
    for path in export.write(kg, Path(args.dir), args.root):
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
        print("no claim or reference matches these words", file=sys.stderr)
        return 1
    # Format only what is printed: the references hit and those the claims hit rest on.
    needed = {h.reference.key for h in hits if h.reference is not None} | {e.ref for h in hits if h.claim is not None for e in h.claim.evidence}
    ama = cite.format_all([r for k, r in kg.kb.references.items() if k in needed], cite.Style.AMA)
    for hit in hits:
        if hit.claim is not None:
            print(f"claim {hit.claim.id} [{hit.claim.verdict.label}]\n  {hit.claim.statement}")
            # Strongest source first, as on the claim's page (supporting before the rest).
            evidence = sorted((e for e in hit.claim.evidence if e.ref in ama), key=lambda e: (e.stance.value != "supports", cite.strength(kg.kb.references[e.ref])))
            for ev in evidence:
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


def cmd_extract(args: argparse.Namespace) -> int:
    """Write the article's proposed claims file; never overwrite one that exists."""
    kb, report = pipeline.check(args.root)
    if report.errors:
        _print_report(report, args)
        return 1
    article = kb.articles.get(args.article)
    if article is None:
        print(f"error: no article '{args.article}' in claims/articles.yaml (add it with add-article)", file=sys.stderr)
        return 1
    if args.out:
        out = Path(args.out)
    else:
        out = args.root / "claims" / f"{article.id}.yaml"
        if out.exists():
            out = out.with_name(f"{article.id}.draft.yaml")
    if out.exists():
        print(f"error: {out} exists: nothing was written (move it away, or give --out)", file=sys.stderr)
        return 1
    candidates = extract.extract(article, kb)
    out.write_text(extract.draft_yaml(article, candidates, kb), encoding="utf-8")
    matched = sum(1 for c in candidates if c.same_as)
    print(f"wrote {out}: {len(candidates)} candidate claims, {matched} matched to existing claims, {len(candidates) - matched} drafts (verdict pending)")
    return 0


def _mkdocs(command: str, root: Path, extra: list[str] | None = None) -> int:
    """Run mkdocs in-process: the hook renders the data the command checked (pipeline.remember).
    mkdocs prints its own errors (the data's issues among them); any other exception, such as a
    template error, goes on to main's guard, which names the file being processed."""
    from click import ClickException
    from mkdocs.__main__ import cli

    argv = [command, "--config-file", str(root / "mkdocs.yml")]
    if command == "build":
        argv += ["--strict"]
    argv += extra or []
    try:
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except ClickException as err:  # mkdocs has printed why (its Abort is a ClickException)
        print(f"error: {err.format_message()}", file=sys.stderr)
        return 1
    return 0


def _pin_build_date(kb: KnowledgeBase) -> None:
    """Let mkdocs date the site (sitemap) from the data, not the clock, unless told otherwise."""
    day = as_of(kb)
    epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))


def _lock_timeout() -> float:
    try:
        return float(os.environ.get("KB_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT


def cmd_build(args: argparse.Namespace) -> int:
    """Check once, then build the site beside site/ and swap it in only when it is complete."""
    kb, report = pipeline.check(args.root)
    if _check_and_report(args, kb, report, hold=True):
        return 1
    pipeline.remember(args.root, kb, report)  # the hook renders this check: one load per build
    _pin_build_date(kb)
    site = args.root / "site"
    with publish.build_lock(args.root, _lock_timeout()):
        publish.recover(site)
        staged = publish.staging_dir(args.root)
        try:
            status = _mkdocs("build", args.root, ["--site-dir", str(staged)])
            if status == 0:
                publish.swap_in(staged, site)
            return status
        except OSError as err:
            if err.errno in WRITE_ERRORS:
                raise publish.write_failed(site, err, f"the site ({err.filename or site})") from None
            raise
        finally:
            shutil.rmtree(staged, ignore_errors=True)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check, then serve the site with live reload of claims/ and references/."""
    kb, report = pipeline.check(args.root)
    if _check_and_report(args, kb, report):
        return 1
    pipeline.remember(args.root, kb, report)  # the first build renders this check; edits reload
    return _mkdocs("serve", args.root, ["--dev-addr", args.dev_addr])


def _guarded(args: argparse.Namespace) -> int:
    """Run the command; whatever escapes it is reported as an issue, never as a traceback.
    A report the command held back (build, in a machine-readable format) is printed here, with
    that issue in it: one document per run."""
    args.held = None
    failure: issues.Issue | None = None
    try:
        status = int(args.func(args))
    except publish.PublishError as err:
        failure, status = err.issue, 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        if os.environ.get("KB_DEBUG"):
            traceback.print_exc()
        failure, status = issues.internal_error(err, args.root), 1
    if args.held is not None:
        report, extra = args.held
        report.extend([failure] if failure else [])
        _print_report(report, args, extra)
    elif failure is not None:
        _print_report(Report([failure]), args)
    return status


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="build_kb.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder holding claims/ and references/ (default: this script's folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    formats = [f.value for f in Format]
    format_help = "how to print the report: text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)"
    for name, func, help_ in (
        ("check", cmd_check, "load and check every data file"),
        ("build", cmd_build, "check, then build the site into site/"),
        ("serve", cmd_serve, "check, then serve the site with live reload"),
        ("stats", cmd_stats, "print counts per verdict and article"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument("--format", choices=formats, default="text", help=format_help)
        if name == "serve":
            p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve (default 127.0.0.1:8000)")
        p.set_defaults(func=func)
    p = sub.add_parser("export", help="write kb.json, kb.graphml, claims.csv, the library (.bib, CSL-JSON, RIS) and the corrections feed (Atom) into DIR")
    p.add_argument("dir")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=formats, default="text", help=format_help)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("cite", help="fetch a record (pmid:N, doi:..., a PubMed or doi.org URL) as a BibTeX entry")
    p.add_argument("identifier")
    p.add_argument("--add", action="store_true", help="write the entry into references/added.bib and its record into references/records/")
    p.set_defaults(func=cmd_cite)
    p = sub.add_parser("find", help="the claims and references matching WORDS, best first, with verdicts and AMA citations")
    p.add_argument("words", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=formats, default="text", help=format_help)
    p.set_defaults(func=cmd_find)
    p = sub.add_parser("add-article", help="store a provider's page verbatim as claims/articles/<id>.txt and record its metadata")
    p.add_argument("file", help="the page's text (UTF-8, LF line ends), or - for standard input")
    p.add_argument("--id", required=True, help="kebab-case article id, e.g. clinic-faq")
    p.add_argument("--title", required=True)
    p.add_argument("--publisher", required=True)
    p.add_argument("--url", default=None, help="the page's address (omit when it was not recorded)")
    p.add_argument("--captured", required=True, help="the date the text was captured, YYYY-MM-DD")
    p.set_defaults(func=cmd_add_article)
    p = sub.add_parser("extract", help="propose an article's check-worthy claims as claims/<id>.yaml (known claims matched, the rest drafts)")
    p.add_argument("article", help="the article's id")
    p.add_argument("--out", default=None, help="write here instead of claims/<id>.yaml (or claims/<id>.draft.yaml when that exists)")
    p.set_defaults(func=cmd_extract)
    args = parser.parse_args(argv)
    return _guarded(args)


if __name__ == "__main__":
    sys.exit(main())
