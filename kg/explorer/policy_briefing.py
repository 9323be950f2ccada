"""The one-page 政策覆盖简报: which measures reach which chains, and the gaps no measure answers.

Same page as the chain briefing (``kg.explorer.briefing``); the picture is a measures × chains
matrix drawn as SVG from escaped text only.
"""

from __future__ import annotations

from typing import Any

from kg.explorer import fmt
from kg.explorer.briefing import Briefing, Section
from kg.explorer.policy_views import cn
from kg.explorer.render.text import esc
from kg.vocab import STATUSES

CELL_W, CELL_H, LEFT, TOP = 78, 30, 250, 64
ON, OFF, GAP = "#1a73e8", "#f1f3f4", "#d93025"
MAX_ROWS = 14


def matrix_svg(coverage: dict[str, Any]) -> str:
    """Measures (rows) × chains (columns): a filled cell when the measure supports the chain; the
    last row counts each chain's 断链/弱链 segments without a measure that answers them."""
    chains = [c["chain"] for c in coverage["chains"]]
    measures = coverage["measures"]
    width = LEFT + CELL_W * max(len(chains), 1) + 20
    height = TOP + CELL_H * (len(measures) + 1) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="kg-policy-matrix">'
    ]
    for j, chain in enumerate(chains):
        x = LEFT + j * CELL_W + CELL_W / 2
        out.append(
            f'<text x="{x}" y="{TOP - 12}" text-anchor="middle" font-size="14" '
            f'font-weight="700">{esc(chain)}</text>'
        )
    for i, m in enumerate(measures):
        y = TOP + i * CELL_H
        label = f"（{cn(m['no'])}）{m['title']}"
        label = label if len(label) <= 16 else label[:15] + "…"
        out.append(f'<text x="{LEFT - 8}" y="{y + 20}" text-anchor="end" font-size="13">{esc(label)}</text>')
        for j, chain in enumerate(chains):
            fill = ON if chain in m["chains"] else OFF
            out.append(
                f'<rect x="{LEFT + j * CELL_W + 2}" y="{y + 2}" width="{CELL_W - 4}" '
                f'height="{CELL_H - 4}" rx="4" fill="{fill}"/>'
            )
    y = TOP + len(measures) * CELL_H
    out.append(
        f'<text x="{LEFT - 8}" y="{y + 20}" text-anchor="end" font-size="13" '
        f'font-weight="700" fill="{GAP}">无措施回应的缺口</text>'
    )
    for j, c in enumerate(coverage["chains"]):
        n = len(c["unaddressed"])
        out.append(
            f'<text x="{LEFT + j * CELL_W + CELL_W / 2}" y="{y + 20}" text-anchor="middle" '
            f'font-size="15" font-weight="700" fill="{GAP if n else "#1e8e3e"}">{n}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def policy_briefing(coverage: dict[str, Any], changes: list[str] | None = None) -> Briefing:
    """The briefing of a :func:`kg.analyses.coverage.policy_coverage` result."""
    gaps = coverage["gaps"]
    open_gaps = [g for g in gaps if not g["addressed"]]
    links = sum(len(m["supports"]) for m in coverage["measures"])
    figures = [
        ("政策措施", str(len(coverage["measures"]))),
        ("支持关系（均附原文）", str(links)),
        ("断链/弱链环节", str(len(gaps))),
        ("已有对口措施", str(len(gaps) - len(open_gaps))),
        ("无措施回应", str(len(open_gaps))),
    ]
    ranked = sorted(
        gaps, key=lambda g: (g["addressed"], STATUSES.index(g["status"]), not g["key_segment"], g["chain"])
    )
    rows = [
        [
            g["chain"],
            g["segment"],
            g["status"],
            g["need"],
            "、".join(f"（{cn(m['no'])}）" for m in g["measures"]) or "无对口措施",
        ]
        for g in ranked[:MAX_ROWS]
    ]
    recs = [
        f"{g['chain']}·{g['segment']}（{g['status']}）：现有措施无{g['need']}支持，建议明确支持该环节"
        for g in ranked
        if not g["addressed"]
    ][:5]
    recs += [
        f"产业链「{c}」未被任何措施点名，其缺口只能靠通用措施回应" for c in coverage["uncovered"]["chains"]
    ]
    recs += [
        f"（{cn(m['no'])}）{m['title']}：图谱中未掌握其涉及的本地企业或载体"
        for m in coverage["measures"]
        if not m["enterprise_count"] and not m["carrier_count"]
    ]
    recs += changes or []
    recs = recs or ["所有断链/弱链均有对口措施，所有产业链均被点名。"]
    cut = f"，列前{MAX_ROWS}个" if len(gaps) > MAX_ROWS else ""
    return Briefing(
        title="松江科创知识图谱 · 政策覆盖简报",
        date=fmt.today(),
        figures=figures,
        picture_svg=matrix_svg(coverage),
        picture_caption="图：沪松府〔2025〕150号各措施点名支持的产业链（蓝）与各链无措施回应的缺口数",
        sections=[
            Section(
                f"断链/弱链与对口措施（无对口措施{len(open_gaps)}个，排在最前{cut}）",
                columns=["产业链", "环节", "状态", "所需支持", "对口措施"],
                rows=rows,
            ),
            Section("建议", items=recs[:8]),
        ],
        sample=bool(coverage["sample"]),
    )
