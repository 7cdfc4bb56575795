"""How verdicts look and rank: names, colours and severity, written once for the whole site.

Input: the Verdict enum (graph.model). Output: the colour and severity of each verdict, and the
two generated assets that carry them to the browser: assets/verdicts.css (CSS custom properties
and the badge and highlight rules, so docs/assets/kb.css holds no verdict colour) and
assets/verdicts.json (names, labels, colours and orders, for the graph view's script; also set as
window.KB_VERDICTS by assets/verdicts.js). The mkdocs hook adds the three files to the site.
Issue codes: none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from graph.model import Verdict


@dataclass(frozen=True)
class VerdictStyle:
    """How one verdict is shown: its colour, and the line style of its highlight (never colour alone)."""

    verdict: Verdict
    colour: str
    underline: str  # CSS border-bottom-style of its highlight


STYLES: tuple[VerdictStyle, ...] = (
    VerdictStyle(Verdict.SUPPORTED, "#1b7f3b", "solid"),
    VerdictStyle(Verdict.PARTLY_SUPPORTED, "#8a6d00", "solid"),
    VerdictStyle(Verdict.MISLEADING, "#b35900", "solid"),
    VerdictStyle(Verdict.CONTRADICTED, "#b3261e", "double"),
    VerdictStyle(Verdict.UNSUPPORTED, "#6b3fa0", "dashed"),
    VerdictStyle(Verdict.NOT_CHECKABLE, "#5f6368", "dotted"),
    VerdictStyle(Verdict.PENDING, "#0b6e99", "dashed"),  # blue: not yet reviewed, neither good nor bad
)
COLOURS: dict[Verdict, str] = {s.verdict: s.colour for s in STYLES}

# Worst first, for a reader at risk: where several claims carry the same words, and in the
# attention list. A draft (pending) comes before the reviewed good verdicts: the reader must see
# it is unreviewed. The display order (tables, legends) is the Verdict enum's, best to worst.
WORST_FIRST: tuple[Verdict, ...] = (
    Verdict.CONTRADICTED,
    Verdict.MISLEADING,
    Verdict.UNSUPPORTED,
    Verdict.PENDING,
    Verdict.PARTLY_SUPPORTED,
    Verdict.SUPPORTED,
    Verdict.NOT_CHECKABLE,
)
assert set(WORST_FIRST) == set(Verdict) == set(COLOURS), "every verdict needs a colour and a rank"


def severity(verdict: Verdict) -> int:
    """0 for the worst verdict (contradicted), growing towards the least worrying."""
    return WORST_FIRST.index(verdict)


def anchor(verdict: Verdict) -> str:
    """The id of the verdict's row on the methodology page, e.g. 'verdict-partly_supported'."""
    return f"verdict-{verdict.value}"


def css() -> str:
    """assets/verdicts.css: a custom property per verdict, then its badge and highlight rules."""
    lines = ["/* Generated from graph/verdicts.py: verdict colours, written once. */", ":root {"]
    lines += [f"  --kb-{s.verdict.value}: {s.colour};" for s in STYLES]
    lines.append("}")
    for s in STYLES:
        v = s.verdict.value
        lines.append(f".kb-{v}.kb-badge {{ background: var(--kb-{v}); }}")
        # The highlight's background: the verdict's colour at about 13% opacity (hex alpha 22).
        lines.append(f".kb-mark.kb-{v} {{ background: {s.colour}22; border-color: var(--kb-{v}); border-bottom-style: {s.underline}; }}")
    return "\n".join(lines) + "\n"


def as_json() -> dict[str, object]:
    """Names, labels, colours and both orders, for scripts (the graph view)."""
    return {
        "order": [v.value for v in Verdict],
        "worst_first": [v.value for v in WORST_FIRST],
        "verdicts": {s.verdict.value: {"label": s.verdict.label, "colour": s.colour} for s in STYLES},
    }


def assets() -> dict[str, bytes]:
    """The generated assets, by site path."""
    data = json.dumps(as_json(), indent=1, sort_keys=True)
    return {
        "assets/verdicts.css": css().encode("utf-8"),
        "assets/verdicts.json": (data + "\n").encode("utf-8"),
        "assets/verdicts.js": f"// Generated from graph/verdicts.py.\nwindow.KB_VERDICTS = {data};\n".encode(),
    }
