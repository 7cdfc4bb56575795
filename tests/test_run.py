"""The run itself: never a traceback, one load per build, atomic builds and exports, a lock.

Faults are injected where a real run meets them: an exception inside a stage, a full disk
(OSError ENOSPC from the writes mkdocs and export make), a build killed with SIGKILL at several
moments, and two builds at once. Each asserts that the previous site or export is byte-intact.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import build_kb
from conftest import GOOD, ROOT
from graph import load, pipeline, publish

ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}


def _project(dest: Path) -> Path:
    """A copy of the good fixture with the project's code, docs and mkdocs.yml: a buildable folder."""
    shutil.copytree(GOOD, dest)
    for name in ("graph", "docs"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build_kb.py", "mkdocs.yml"):
        shutil.copy(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with the sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path, capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str]:
    status = build_kb.main(["--root", str(root), "build"])
    out = ""
    if capsys is not None:
        o, e = capsys.readouterr()
        out = o + e
    return status, out


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((publish.STAGING_PREFIX, publish.RETIRED_PREFIX)))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01, after the fixture's dates; build_kb sets it otherwise, for the rest of the session
    return _project(tmp_path / "kb")


# --------------------------------------------------------------------------------------------
# Never a traceback


def _raise_on(name: str) -> Callable[..., object]:
    def boom(*_: object, **__: object) -> object:
        raise RuntimeError(f"injected failure in {name}")

    return boom


def test_an_exception_while_loading_names_the_file_and_prints_no_traceback(good_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(load, "_claim", _raise_on("load"))
    assert build_kb.main(["--root", str(good_root), "check"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.splitlines()[0] == "claims/demo.yaml:0: error [internal-error] RuntimeError: injected failure in load (set KB_DEBUG=1 for the traceback)"
    assert err.splitlines()[-1] == "1 error, 0 warnings"


def test_an_exception_in_a_rule_names_the_claim_it_was_applied_to(good_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from graph import verdict

    monkeypatch.setattr(verdict, "why_not_allowed", _raise_on("verdict"))
    assert build_kb.main(["--root", str(good_root), "check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    (issue,) = json.loads(out)["issues"]
    assert (issue["file"], issue["code"]) == ("claims/demo.yaml", "internal-error")
    assert issue["line"] > 1  # the claim's own line, not the file's start
    assert "Traceback" not in err


def test_kb_debug_prints_the_traceback_as_well(good_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(load, "_claim", _raise_on("load"))
    monkeypatch.setenv("KB_DEBUG", "1")
    assert build_kb.main(["--root", str(good_root), "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "[internal-error]" in err


def test_an_exception_while_rendering_a_page_names_its_data_file(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from graph.render import Renderer

    monkeypatch.setattr(Renderer, "reference", _raise_on("render"))
    status, out = _build(project, capsys)
    assert status == 1
    assert "references/demo.bib:16: error [internal-error] RuntimeError: injected failure in render" in out  # demo2022ptsd, first by key
    assert "Traceback" not in out
    assert not (project / "site").exists() and _leftovers(project) == []


@pytest.mark.slow
def test_a_theme_template_error_names_the_page_being_rendered(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A failure inside mkdocs' own rendering of a page (not in our pipeline) names the page."""
    from mkdocs.structure.pages import Page

    real = Page.render

    def render(self: Page, *args: object, **kwargs: object) -> None:
        if self.file.src_uri == "methodology.md":
            raise ValueError("injected template error")
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Page, "render", render)
    status, out = _build(project, capsys)
    assert status == 1
    assert "docs/methodology.md:0: error [internal-error] ValueError: injected template error" in out
    assert "Traceback" not in out


# --------------------------------------------------------------------------------------------
# One load per build


@pytest.mark.slow
def test_build_loads_the_data_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = load.load

    def counting(root: Path) -> object:
        calls.append(root)
        return real(root)

    monkeypatch.setattr(load, "load", counting)
    assert _build(project)[0] == 0
    assert len(calls) == 1
    assert (project / "site" / "claims" / "ketamine-nmda-antagonist" / "index.html").is_file()


def test_a_remembered_check_is_not_used_once_a_data_file_changed(good_root: Path) -> None:
    kb, report = pipeline.check(good_root)
    pipeline.remember(good_root, kb, report)
    assert pipeline.checked(good_root)[0] is kb
    claims = good_root / "claims" / "demo.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pipeline.checked(good_root)[0] is not kb


# --------------------------------------------------------------------------------------------
# Atomic builds: full disk, killed builds, concurrent builds


@pytest.mark.slow
def test_a_full_disk_during_a_build_keeps_the_previous_site(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import mkdocs.utils

    assert _build(project, capsys)[0] == 0
    before = _snapshot(project / "site")
    real = mkdocs.utils.write_file
    written: list[str] = []

    def write_file(content: bytes, output_path: str) -> None:
        written.append(output_path)
        if len(written) > 5:
            raise OSError(errno.ENOSPC, "No space left on device", output_path)
        real(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", write_file)
    status, out = _build(project, capsys)
    assert status == 1
    assert "site:0: error [write-failed] the site (" in out and "the disk is full" in out
    assert "Traceback" not in out
    assert _snapshot(project / "site") == before
    assert _leftovers(project) == []
    assert all(p.startswith(str(project / publish.STAGING_PREFIX)) for p in written)  # never wrote into site/


def _subprocess_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(root / "build_kb.py"), "build"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    root = _project(tmp_path / "kb")
    start = time.monotonic()
    first = _subprocess_build(root)
    assert first.wait(120) == 0, first.stdout.read() if first.stdout else ""
    duration = time.monotonic() - start
    before = _snapshot(root / "site")
    assert len(before) > 20
    killed = 0
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.97):
        # A build can run faster than the first one did (a quieter machine, warm file caches) and
        # finish before the kill; then nothing was tested, so try again a little earlier.
        for _attempt in range(4):
            build = _subprocess_build(root)
            time.sleep(duration * fraction)
            build.send_signal(signal.SIGKILL)
            landed = build.wait(30) == -signal.SIGKILL
            assert _snapshot(root / "site") == before, f"site changed by a build killed after {fraction:.0%} of a build"
            if landed:
                killed += 1
                break
            fraction *= 0.8
    assert killed >= 5  # the kills landed while building, not after
    # The next build cleans what the killed ones left and gives the same site (builds are reproducible).
    last = _subprocess_build(root)
    assert last.wait(120) == 0
    assert _snapshot(root / "site") == before
    assert _leftovers(root) == []


@pytest.mark.slow
def test_a_build_waits_for_the_lock_then_fails_clearly(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KB_LOCK_TIMEOUT", "0.5")
    fd = os.open(project / publish.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another build holds the lock
        started = time.monotonic()
        status, out = _build(project, capsys)
        assert status == 1
        assert time.monotonic() - started >= 0.5
        assert ".site.lock:0: error [build-locked] another build in this folder holds .site.lock; gave up after waiting 0.5 s" in out
        assert not (project / "site").exists()
    finally:
        os.close(fd)
    assert _build(project, capsys)[0] == 0  # released: the next build runs


@pytest.mark.slow
def test_two_builds_at_once_take_turns_and_the_site_is_whole(tmp_path: Path) -> None:
    root = _project(tmp_path / "kb")
    first = _subprocess_build(root)
    assert first.wait(120) == 0
    before = _snapshot(root / "site")
    builds = [_subprocess_build(root), _subprocess_build(root)]
    for build in builds:
        assert build.wait(180) == 0, build.stdout.read() if build.stdout else ""
    assert _snapshot(root / "site") == before
    assert _leftovers(root) == []


# --------------------------------------------------------------------------------------------
# Atomic exports and the targets they refuse


def _export(root: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = build_kb.main(["--root", str(root), "export", str(folder)])
    o, e = capsys.readouterr()
    return status, o + e


def test_a_full_disk_during_an_export_keeps_the_previous_files(good_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _export(good_root, out, capsys)[0] == 0
    before = _snapshot(out)
    claims = good_root / "claims" / "demo.yaml"  # a change, so that a new export would differ
    claims.write_text(claims.read_text(encoding="utf-8").replace("statement: Ketamine is an NMDA receptor antagonist.", "statement: Ketamine blocks NMDA receptors."), encoding="utf-8")
    real = publish._write_bytes
    count = [0]

    def write_bytes(path: Path, data: bytes) -> None:
        count[0] += 1
        if count[0] == 4:
            path.write_bytes(data[: len(data) // 2])  # a partial write, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(publish, "_write_bytes", write_bytes)
    status, text = _export(good_root, out, capsys)
    assert status == 1
    assert "error [write-failed]" in text and "the disk is full" in text and "Traceback" not in text
    assert _snapshot(out) == before  # every previous file intact, no temporary file left


def test_an_export_replaces_its_own_earlier_files(good_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _export(good_root, out, capsys)[0] == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # another file in the folder is left alone
    assert _export(good_root, out, capsys)[0] == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not [p for p in out.rglob(".*tmp-*")]


@pytest.mark.parametrize("case", ["a-file", "claims", "references", "docs", "directory-on-a-name", "foreign-file"])
def test_an_export_onto_what_it_must_not_overwrite_is_refused(case: str, good_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = {"a-file": tmp_path / "README.md", "claims": good_root / "claims", "references": good_root / "references" / "records", "docs": good_root / "docs"}.get(case, tmp_path / "out")
    if case == "a-file":
        target.write_text("a file\n", encoding="utf-8")
    elif case == "docs":
        target.mkdir()
    elif case == "directory-on-a-name":
        (target / "kb.json").mkdir(parents=True)
    elif case == "foreign-file":
        target.mkdir()
        (target / "claims.csv").write_text("someone's spreadsheet\n", encoding="utf-8")
    before = _snapshot(good_root) | _snapshot(tmp_path)
    status, text = _export(good_root, target, capsys)
    assert status == 1
    assert "error [export-refused]" in text and "Traceback" not in text
    assert _snapshot(good_root) | _snapshot(tmp_path) == before


# --------------------------------------------------------------------------------------------
# The swap without renameat2, and what a build killed mid-swap leaves


def _tree(folder: Path, text: str) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "sub" / "page.html").write_text(text, encoding="utf-8")
    return folder


def test_the_two_rename_swap_replaces_the_site_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)  # a system without RENAME_EXCHANGE
    site = _tree(tmp_path / "site", "old")
    staged = _tree(tmp_path / "site.tmp-1", "new")
    publish.swap_in(staged, site)
    assert _snapshot(site) == _snapshot(_tree(tmp_path / "expected", "new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected", "site"]


def test_a_swap_cut_between_its_renames_is_undone_by_the_next_build(tmp_path: Path) -> None:
    """Killed after site/ was renamed aside and before the new one came in: recover() puts the
    previous site back and drops the staged one."""
    before = _snapshot(_tree(tmp_path / f"{publish.RETIRED_PREFIX}4242", "old"))
    _tree(tmp_path / f"{publish.STAGING_PREFIX}4242", "new")
    publish.recover(tmp_path / "site")
    assert _snapshot(tmp_path / "site") == before
    assert _leftovers(tmp_path) == []


def test_leftovers_beside_a_whole_site_are_removed_and_the_site_kept(tmp_path: Path) -> None:
    before = _snapshot(_tree(tmp_path / "site", "current"))
    _tree(tmp_path / f"{publish.RETIRED_PREFIX}1", "older")
    _tree(tmp_path / f"{publish.STAGING_PREFIX}2", "half")
    publish.recover(tmp_path / "site")
    assert _snapshot(tmp_path / "site") == before
    assert _leftovers(tmp_path) == []


@pytest.mark.slow
def test_build_in_json_prints_one_document_with_a_late_failure_in_it(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from graph.render import Renderer

    assert build_kb.main(["--root", str(project), "build", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)  # one document: json.loads refuses two
    assert doc["issues"] == [] and doc["summary"]["failed"] is False
    monkeypatch.setattr(Renderer, "reference", _raise_on("render"))
    assert build_kb.main(["--root", str(project), "build", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(i["file"], i["code"]) for i in doc["issues"]] == [("references/demo.bib", "internal-error")]
    assert doc["summary"]["failed"] is True and doc["summary"]["counts"]["claims"] == 3
