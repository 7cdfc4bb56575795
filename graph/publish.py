"""Publish: write the site and the exports so that a failure never loses the previous ones.

Input: a site built into a staging folder beside site/ (by mkdocs), or the export files (name ->
bytes) and the folder they go to.
Output: site/ replaced in one step by the staged build, only once it is complete; export files
replaced only after every one of them was written in full (temporary file, then os.replace).
A build holds a lock (fcntl.flock on .site.lock) so that two builds in one folder take turns.
Issue codes:
    write-failed     a file could not be written (a full disk, no permission): nothing was replaced
    export-refused   the export would overwrite a file it did not write, or write into the data
    build-locked     another build held the lock for longer than the wait allowed
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from graph.issues import Issue

LOCK_NAME = ".site.lock"
STAGING_PREFIX = "site.tmp-"
RETIRED_PREFIX = "site.old-"
MANIFEST = ".kb-export.json"
DATA_FOLDERS = ("claims", "references", "docs")  # export there and the next check or build reads it


class PublishError(Exception):
    """A write that could not be done safely; its issue says where and why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def _os_error(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "the disk is full"
    return err.strerror or str(err)


# --------------------------------------------------------------------------------------------
# The build lock


@contextlib.contextmanager
def build_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold the folder's build lock; wait up to timeout seconds for another build to release it."""
    path = root / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:  # a read-only checkout, a full disk
        raise write_failed(path, err, f"the lock file {path}") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PublishError(
                        Issue(path, 0, "build-locked", f"another build in this folder holds {LOCK_NAME}; gave up after waiting {timeout:g} s (KB_LOCK_TIMEOUT)")
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


# --------------------------------------------------------------------------------------------
# The site: build beside site/, then swap


def staging_dir(root: Path) -> Path:
    """Where this process builds the site; call under the lock, after recover()."""
    return root / f"{STAGING_PREFIX}{os.getpid()}"


def recover(site: Path) -> None:
    """Undo what a killed build left beside site/ (call under the lock, so no build is running):
    put back a retired site if the swap was cut between its two renames, drop staging folders."""
    parent = site.parent
    retired = sorted(parent.glob(f"{RETIRED_PREFIX}*"), key=lambda p: p.stat().st_mtime)
    if not site.exists() and retired:
        os.rename(retired.pop(), site)
    for leftover in [*retired, *parent.glob(f"{STAGING_PREFIX}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staged: Path, site: Path) -> None:
    """Make the complete build in staged the site, in one step where the system allows it; the
    previous site is removed only after the new one is in place."""
    if not site.exists():
        os.rename(staged, site)
        return
    if _exchange(staged, site):  # staged now holds the previous site
        shutil.rmtree(staged, ignore_errors=True)
        return
    # Two renames: a build killed between them leaves site.old-<pid>, which recover() puts back.
    retired = site.parent / f"{RETIRED_PREFIX}{os.getpid()}"
    os.rename(site, retired)
    os.rename(staged, site)
    shutil.rmtree(retired, ignore_errors=True)


def write_failed(path: Path, err: OSError, what: str) -> PublishError:
    """A write error as an issue: what could not be written, why, and that nothing was lost."""
    return PublishError(Issue(path, 0, "write-failed", f"{what} could not be written ({_os_error(err)}); the previous files are kept as they were"))


# --------------------------------------------------------------------------------------------
# Exports: every file written in full before any is replaced


def _write_bytes(path: Path, data: bytes) -> None:
    """Write a new file in full and flush it to disk (the fault-injection tests replace this)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _ours(folder: Path) -> set[str]:
    """The files an earlier export wrote into folder, from its manifest."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {str(name) for name in listed} if isinstance(listed, list) else set()


def _refused(path: Path, why: str) -> PublishError:
    return PublishError(Issue(path, 0, "export-refused", why))


def check_target(folder: Path, names: list[str], root: Path) -> None:
    """Refuse a target that would lose or corrupt something: a file in place of the folder, a
    data folder, a directory in place of a file, or a file an earlier export did not write."""
    if folder.exists() and not folder.is_dir():
        raise _refused(folder, f"{folder} is a file, not a folder: export writes several files into a folder")
    resolved = folder.resolve()
    for data in DATA_FOLDERS:
        if resolved == (root / data).resolve() or resolved.is_relative_to((root / data).resolve()):
            raise _refused(folder, f"{folder} is inside {data}/, which holds the knowledge base's own files: the next check or build would read the export")
    ours = _ours(folder)
    for name in names:
        target = folder / name
        for parent in target.relative_to(folder).parents:
            between = folder / parent
            if parent != Path(".") and os.path.lexists(between) and (between.is_symlink() or not between.is_dir()):
                raise _refused(between, f"{between} exists and is not a folder: not overwritten")
        if not os.path.lexists(target):
            continue
        if target.is_symlink() or not target.is_file():
            raise _refused(target, f"{target} exists and is not a plain file (a directory or a link): not overwritten")
        if name not in ours:
            raise _refused(target, f"{target} exists and was not written by an earlier export (no {MANIFEST} lists it): not overwritten")


def write_exports(files: Mapping[str, bytes], folder: Path, root: Path) -> list[Path]:
    """Write every file into folder so that a failure leaves the previous ones intact; return
    the paths written."""
    names = sorted(files)
    check_target(folder, names, root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_failed(folder, err, f"the folder {folder}") from None
    manifest = json.dumps({"files": names, "written_by": "build_kb.py export"}, indent=1, sort_keys=True).encode("utf-8") + b"\n"
    staged: dict[Path, Path] = {}
    try:
        # The manifest first: a run cut after it has only replaced files the manifest lists.
        for name, data in [(MANIFEST, manifest), *((n, files[n]) for n in names)]:
            target = folder / name
            tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                staged[target] = tmp
                _write_bytes(tmp, data)
            except OSError as err:
                raise write_failed(target, err, str(target)) from None
    except PublishError:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for target, tmp in staged.items():
        os.replace(tmp, target)
    return [folder / n for n in names]
