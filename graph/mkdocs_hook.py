"""The mkdocs hook: runs the pipeline inside `mkdocs build` / `mkdocs serve`.

Input: mkdocs events. Output: generated pages and downloads added to the site in memory, so
docs/ holds only hand-written pages and nothing generated is ever written into it; the home
page's DASHBOARD_MARKER is replaced by the rendered dashboard.
A knowledge base with errors stops the build with every issue listed (mkdocs PluginError).
mkdocs.yml `watch:` lists claims/ and references/, so `mkdocs serve` re-runs this on an edit.
`build_kb.py build` has already checked the data: pipeline.run() reuses that check while no data
file changed (one load per build). While mkdocs renders a page, the data file the page shows (or
the hand-written page) is recorded as the place being processed, so that a failure there (a
template error) is reported as an internal-error naming it.
Issue codes: those of graph.pipeline, as one PluginError.
"""

from __future__ import annotations

import logging
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

from graph import issues, pipeline, search, verdicts  # noqa: E402
from graph.model import Position  # noqa: E402
from graph.render import DASHBOARD_MARKER  # noqa: E402

_state: dict[str, str] = {}
_sources: dict[str, Position] = {}
_log = logging.getLogger("mkdocs.hooks.kb")

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
    result = pipeline.run(root, site_url=config.site_url or "", stale_after_days=stale_after, repo_url=config.repo_url or "")
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
    assert result.graph is not None
    for path, content in search.files(result.graph).items():  # the site search, built by us, not mkdocs
        files.append(File.generated(config, path, content=content))
    for path, content in verdicts.assets().items():  # verdict colours and orders, from one place
        files.append(File.generated(config, path, content=content))
    _state["dashboard"] = result.site.dashboard
    _sources.clear()
    _sources.update(result.site.sources)
    return files


def _at_page(page: Page, config: MkDocsConfig) -> None:
    """Record the data file a generated page shows, or the hand-written page itself."""
    source = _sources.get(page.file.src_uri)
    if source is not None:
        issues.now_at(source.file, source.line)
    else:
        issues.now_at(Path(config.docs_dir) / page.file.src_uri)


def on_pre_page(page: Page, config: MkDocsConfig, **_: object) -> Page:
    """Reading a page's Markdown: a failure names its data file."""
    _at_page(page, config)
    return page


def on_page_context(context: dict[str, object], page: Page, config: MkDocsConfig, **_: object) -> dict[str, object]:
    """Rendering a page through the theme: a failure names its data file."""
    _at_page(page, config)
    return context


def on_env(env: object, **_: object) -> object:
    """Every page was read; the theme renders them next, each recording its own place."""
    issues.now_at(None)
    return env


def on_post_page(output: str, **_: object) -> str:
    """The page is written: what fails next is not about it."""
    issues.now_at(None)
    return output


def on_build_error(error: Exception, **_: object) -> None:
    """Under `serve` the traceback is mkdocs' to print; say which file was being processed."""
    place = issues.where()
    if place is not None and not isinstance(error, PluginError):
        _log.error(f"the build failed while processing {place[0]}:{place[1]}: {type(error).__name__}: {error}")


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """Put the rendered dashboard where the home page has the marker."""
    if DASHBOARD_MARKER in markdown:
        return markdown.replace(DASHBOARD_MARKER, _state.get("dashboard", ""))
    return markdown
