"""`build_kb.py serve`: an edit to a claim file shows on the served page after mkdocs rebuilds.

Runs the project's own serve command on a copy of the good fixture (with the real mkdocs.yml,
docs and hook), edits a claim's statement, and polls the page until the new text is served.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import GOOD, ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.5)
    return False


def test_an_edited_claim_shows_after_reload(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(GOOD, root)
    for name in ("graph", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build_kb.py", "mkdocs.yml"):
        shutil.copy(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/claims/ketamine-nmda-antagonist/"
    server = subprocess.Popen(
        [sys.executable, str(root / "build_kb.py"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    try:
        assert _wait_for(url, "Ketamine is an NMDA receptor antagonist.", 60), "the served page never showed the claim"
        claims = root / "claims" / "demo.yaml"
        claims.write_text(claims.read_text().replace("statement: Ketamine is an NMDA receptor antagonist.", "statement: Ketamine blocks the NMDA receptor, edited."), encoding="utf-8")
        assert _wait_for(url, "Ketamine blocks the NMDA receptor, edited.", 60), "the edit never reached the served page"
    finally:
        server.terminate()
        server.wait(timeout=10)
