"""Verdict names, order and colours are written once (graph/verdicts.py) and reach the CSS and
the graph's script from there."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from graph.model import Verdict
from graph.verdicts import COLOURS, WORST_FIRST, assets, css, severity


def test_every_verdict_has_one_colour_and_one_rank() -> None:
    assert set(COLOURS) == set(Verdict) == set(WORST_FIRST)
    assert severity(Verdict.CONTRADICTED) == 0 and severity(Verdict.NOT_CHECKABLE) == len(Verdict) - 1


def test_generated_css_and_json_carry_the_colours() -> None:
    text = css()
    for verdict, colour in COLOURS.items():
        assert f"--kb-{verdict.value}: {colour};" in text
        assert f".kb-{verdict.value}.kb-badge" in text
    data = json.loads(assets()["assets/verdicts.json"])
    assert data["order"] == [v.value for v in Verdict]
    assert data["worst_first"] == [v.value for v in WORST_FIRST]
    assert {k: v["colour"] for k, v in data["verdicts"].items()} == {v.value: c for v, c in COLOURS.items()}
    assert assets()["assets/verdicts.js"].decode().startswith("// Generated")


def test_no_verdict_colour_is_copied_elsewhere() -> None:
    """The stylesheet, the templates and the renderer use the generated custom properties."""
    hexes = {c.lower() for c in COLOURS.values()}
    places = [ROOT / "docs" / "assets" / "kb.css", ROOT / "graph" / "render.py", *sorted((ROOT / "docs" / "assets").glob("*.js")), *sorted((ROOT / "graph" / "templates").glob("*.j2"))]
    copies = [(p.name, h) for p in places for h in re.findall(r"#[0-9a-fA-F]{6}", p.read_text(encoding="utf-8")) if h.lower() in hexes]
    assert copies == []


def test_the_graph_script_takes_verdicts_only_from_the_generated_asset() -> None:
    """kb-graph.js reads colours and labels from window.KB_VERDICTS (assets/verdicts.js), not from
    a list of its own or the page's markup."""
    script = (ROOT / "docs" / "assets" / "kb-graph.js").read_text(encoding="utf-8")
    assert "KB_VERDICTS" in script
    named = [v.value for v in Verdict if re.search(rf"[\"']{v.value}[\"']", script)]
    assert named == ["contradicted"]  # only to colour contradicting edges, by the generated colour
    assert "getPropertyValue" not in script and "verdictSelect.options" not in script


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _over_white(colour: str, alpha: int) -> str:
    """colour drawn at alpha/255 opacity over a white page, as #rrggbb."""
    return "#" + "".join(f"{round(int(colour[i : i + 2], 16) * alpha / 255 + 255 * (1 - alpha / 255)):02x}" for i in (1, 3, 5))


BODY_TEXT = "#212121"  # the theme's text colour on its white page (rgba(0, 0, 0, .87))


def test_every_verdict_colour_keeps_its_contrast() -> None:
    """WCAG 2.2 AA for every verdict, in the site's one (light) colour scheme: the badge's white
    text on the colour and the colour as text on the page (kb-unchecked, kb-stale) at 4.5:1; body
    text on a highlight (the colour at the alpha verdicts.css uses) at 4.5:1; the highlight's
    underline and the graph's and chart's marks against the page at 3:1 (non-text contrast)."""
    alpha = int(re.search(r"\.kb-mark\.kb-\w+ \{ background: #[0-9a-f]{6}([0-9a-f]{2})", css()).group(1), 16)  # type: ignore[union-attr]
    low = {}
    for verdict, colour in COLOURS.items():
        highlight = _over_white(colour, alpha)
        ratios = {"white on badge": _contrast("#ffffff", colour), "body text on highlight": _contrast(BODY_TEXT, highlight)}
        marks = {"underline on highlight": _contrast(colour, highlight), "mark on page": _contrast(colour, "#ffffff")}
        low.update({(verdict.value, k): round(r, 2) for k, r in ratios.items() if r < 4.5})
        low.update({(verdict.value, k): round(r, 2) for k, r in marks.items() if r < 3})
    assert low == {}
    palette = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "slate" not in palette, "a dark scheme needs its own contrast check of the verdict colours"
