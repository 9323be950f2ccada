"""挂链 review against the real server: suggest → accept (an import: history, provenance, gaps) → undo
restores the graph exactly; rejections are remembered outside the graph; the CLI end to end."""

from __future__ import annotations

import json
import shutil

import pytest

from kg.analyses.gaps import compute_gaps
from kg.analyses.linkreview import (
    Link,
    LinkRefused,
    accept,
    reject,
    rejections_file,
    status_preview,
    suggestions,
)
from kg.graph.schema import load_schema
from kg.ingest import history, import_tables
from kg.ingest.history import history_dir
from kg.ingest.model import Table
from kg.ingest.templates import headers
from kg.querylib import fetch
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import code
from tests.test_imports_history import state

IVD = "医疗器械/体外诊断（IVD）"
SEG_COLS = headers("segment", "chain", "name", "position", "order", "keywords")
SEGMENTS = [
    ["医疗器械", "体外诊断（IVD）", "中游", 1, "体外诊断；诊断试剂；化学发光；免疫诊断"],
    ["医疗器械", "医疗设备", "中游", 2, "医学影像设备；监护仪；呼吸机"],
    ["6G", "光模块", "上游", 1, "光模块；光收发模块；硅光芯片"],
]
ENT_COLS = headers(
    "enterprise", "credit_code", "name", "district", "chains", "segments", "business_scope", "main_products"
)
SCOPE = (
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；{}；货物进出口。"
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
)
FIRMS = [
    [
        code(1),
        "上海甲诊生物科技有限公司",
        "松江区",
        "医疗器械",
        "体外诊断（IVD）",
        SCOPE.format("体外诊断试剂研发、生产；第二类医疗器械生产"),
        "化学发光免疫分析试剂盒",
    ],
    [
        code(2),
        "上海乙检医疗科技有限公司",
        "松江区",
        "",
        "",
        SCOPE.format("化学发光检测试剂及配套仪器的研发"),
        "化学发光免疫诊断试剂、全自动化学发光仪",
    ],
    [code(3), "上海丙味餐饮管理有限公司", "松江区", "", "", "餐饮服务；食品销售；外卖递送服务", "中式快餐"],
    [
        code(4),
        "上海丁光通讯科技有限公司",
        "松江区",
        "",
        "",
        SCOPE.format("光通信设备制造；光收发模块研发"),
        "400G光模块",
    ],
]


def tables() -> list[Table]:
    seg_rows = [dict(zip(SEG_COLS, map(str, r), strict=True)) for r in SEGMENTS]
    firm_rows = [dict(zip(ENT_COLS, r, strict=True)) for r in FIRMS]
    return [
        Table("segment", "产业链环节.csv", "a" * 64, seg_rows),
        Table("enterprise", "企业名单.csv", "b" * 64, firm_rows),
    ]


@pytest.fixture()
def eco(graph):  # noqa: ANN001 - conftest fixture
    shutil.rmtree(history_dir(), ignore_errors=True)
    rejections_file().unlink(missing_ok=True)
    import_tables(graph, tables(), who="setup")
    return graph


def ivd_local(graph) -> int:  # noqa: ANN001
    (row,) = [r for r in compute_gaps(graph, "医疗器械") if r["segment_uid"] == IVD]
    return row["local_count"]


def unlinked(graph) -> dict[str | None, tuple[int, int]]:  # noqa: ANN001
    rows = fetch(graph, "unlinked_counts", local_district=load_schema().local_district)
    return {r["chain"]: (r["local_enterprises"], r["unlinked"]) for r in rows}


def test_keywords_are_imported_with_the_segments(eco):
    (row,) = [s for s in fetch(eco, "link_segments") if s["uid"] == "6G/光模块"]
    assert row["keywords"] == ["光模块", "光收发模块", "硅光芯片"]


def test_suggest_accept_undo_restores_exactly(eco):
    result = suggestions(eco)
    by_firm = result.by_firm()
    assert code(3) not in by_firm  # the restaurant
    assert IVD not in [s.segment_uid for s in by_firm.get(code(1), [])]  # already confirmed
    top = by_firm[code(2)][0]
    assert top.segment_uid == IVD and 0.4 <= top.score <= 1
    assert ("化学发光", "主营产品") in {(t.term, t.where) for t in top.terms}
    assert top.similar and top.similar[0].uid == code(1)  # the confirmed firm of the segment
    assert by_firm[code(4)][0].segment_uid == "6G/光模块"

    # nothing was written: the suggestion is not a fact
    assert ivd_local(eco) == 1
    assert unlinked(eco)[None] == (4, 3)
    before = state(eco)

    reports = accept(eco, [Link(code(2), IVD)], who="wang")
    assert len(reports) == 1 and reports[0].relationships_created >= 1
    (rel,) = [
        r.data()
        for r in eco.driver.execute_query(
            "MATCH (:Enterprise {uid: $u})-[r:IN_SEGMENT]->(:ChainSegment {uid: $s}) "
            "RETURN r.source AS source",
            u=code(2),
            s=IVD,
            database_=eco.database,
        ).records
    ]
    assert rel["source"] == "link-review:wang"
    assert ivd_local(eco) == 2  # gaps count the accepted firm
    assert unlinked(eco)[None] == (4, 2)
    assert code(2) not in suggestions(eco).by_firm() or IVD not in [
        s.segment_uid for s in suggestions(eco).by_firm()[code(2)]
    ]
    rec = history.records(graph=eco)[-1]
    assert rec.who == "wang" and rec.files[0]["name"].startswith("挂链审核-wang-")

    # accepting the same link again writes nothing
    assert accept(eco, [Link(code(2), IVD)], who="wang") == []

    history.undo(eco, rec.id)
    assert state(eco) == before
    assert ivd_local(eco) == 1


def test_status_preview_counts_the_local_firms_accepting_would_add(eco):
    picks = [s for s in suggestions(eco, "医疗器械").suggestions if s.rank == 1]
    counts = count_all(eco)
    (row,) = status_preview(eco, "医疗器械", picks)
    assert (row["segment_uid"], row["local_count"], row["local_after"]) == (IVD, 1, 2)
    assert (row["status"], row["status_after"]) == ("弱链", "弱链")  # two firms, none 高新
    (strong,) = status_preview(eco, "医疗器械", picks, high_tech_rank=0)
    assert (strong["status"], strong["status_after"]) == ("弱链", "强链")  # every firm counts as 高新
    assert count_all(eco) == counts  # a preview writes nothing


def test_reject_is_remembered_outside_the_graph(eco):
    counts = count_all(eco)
    new = reject(eco, [Link(code(4), "6G/光模块")], who="li")
    assert [(r["firm"], r["segment"], r["who"]) for r in new] == [(code(4), "6G/光模块", "li")]
    assert reject(eco, [Link(code(4), "6G/光模块")], who="li") == []  # once is enough
    assert count_all(eco) == counts
    assert "6G/光模块" not in [s.segment_uid for s in suggestions(eco).by_firm().get(code(4), [])]
    with pytest.raises(LinkRefused, match="没有环节"):
        reject(eco, [Link(code(4), "6G/不存在")])
    with pytest.raises(LinkRefused, match="没有企业"):
        accept(eco, [Link("913100000000000000", IVD)])


def test_cli_suggest_then_accept_the_reviewed_file(eco, tmp_path):
    proc = run_kg("link", "suggest", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["status"] == "待确认" and out["method"]
    rows = out["rows"]
    assert {"credit_code", "uid", "name", "chain", "segment", "score", "evidence"} <= set(rows[0])
    assert not [r for r in rows if r["uid"] == code(3)]
    # the reviewer keeps the IVD suggestion and turns the optical one down
    for r in rows:
        r["decision"] = "是" if r["segment_uid"] == IVD else "否"
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    proc = run_kg("link", "accept", str(reviewed), "--who", "zhao")
    assert proc.returncode == 0, proc.stderr
    assert ivd_local(eco) == 2
    table = run_kg("link", "unlinked")
    assert table.returncode == 0 and "全区" in table.stdout
    bad = run_kg("link", "accept", "--firm", code(2), "--segment", "医疗器械/不存在")
    assert bad.returncode == 2 and "没有环节" in bad.stderr
    csv_out = run_kg("link", "suggest", "--chain", "6G", "--format", "csv")
    assert csv_out.returncode == 0 and "光模块" in csv_out.stdout and "体外诊断" not in csv_out.stdout
