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
    places = [ROOT / "docs" / "assets" / "kb.css", ROOT / "graph" / "render.py", *sorted((ROOT / "graph" / "templates").glob("*.j2"))]
    copies = [(p.name, h) for p in places for h in re.findall(r"#[0-9a-fA-F]{6}", p.read_text(encoding="utf-8")) if h.lower() in hexes]
    assert copies == []
