"""The mkdocs hook: runs the pipeline inside `mkdocs build` / `mkdocs serve`.

Input: mkdocs events. Output: generated pages and downloads added to the site in memory, so
docs/ holds only hand-written pages and nothing generated is ever written into it; the home
page's DASHBOARD_MARKER is replaced by the rendered dashboard.
A knowledge base with errors stops the build with every issue listed (mkdocs PluginError).
mkdocs.yml `watch:` lists claims/ and references/, so `mkdocs serve` re-runs this on an edit.
"""

from __future__ import annotations

import sys
from pathlib import Path

# mkdocs loads a hook by file path, not as part of its package: make the project importable.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from graph import pipeline  # noqa: E402
from graph.render import DASHBOARD_MARKER  # noqa: E402

_state: dict[str, str] = {}

# Front-end libraries come from the npm registry through package-lock.json (`npm ci`), and are
# served from the site itself: the graph view must work offline, with no CDN.
VENDORED = {"assets/vendor/cytoscape.min.js": "node_modules/cytoscape/dist/cytoscape.min.js"}


def _vendor_files(root: Path, config: MkDocsConfig) -> list[File]:
    found = []
    for dest, src in VENDORED.items():
        path = root / src
        if not path.exists():
            raise PluginError(f"{src} is missing: run `npm ci` (make site does) to install the site's front-end libraries")
        found.append(File.generated(config, dest, content=path.read_bytes()))
    return found


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Load, check, link and render the knowledge base; add its pages and downloads."""
    root = Path(config.config_file_path).resolve().parent
    stale_after = int(config.extra.get("kb_stale_after_days", 365))
    result = pipeline.run(root, site_url=config.site_url or "", stale_after_days=stale_after)
    if result.report.failed():
        lines = [i.format(root) for i in result.report]
        raise PluginError("the knowledge base has errors:\n" + "\n".join(lines) + "\n" + result.report.summary())
    assert result.site is not None
    for path, text in result.site.pages.items():
        files.append(File.generated(config, path, content=text))
    for name, content in result.site.downloads.items():
        files.append(File.generated(config, f"downloads/{name}", content=content))
    for file in _vendor_files(root, config):
        files.append(file)
    _state["dashboard"] = result.site.dashboard
    return files


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """Put the rendered dashboard where the home page has the marker."""
    if DASHBOARD_MARKER in markdown:
        return markdown.replace(DASHBOARD_MARKER, _state.get("dashboard", ""))
    return markdown
