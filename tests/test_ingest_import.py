"""Importing planners' lists into the real server: every template, provenance, idempotence, entity
resolution across files, extra columns, dry runs and the template round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from kg.ingest import ImportRejected, Table, import_files, import_tables
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import ENTERPRISE_HEADER, code, ecosystem_files, write_csv


def q(graph, text: str, **params):
    return [r.data() for r in graph.driver.execute_query(text, params, database_=graph.database).records]


def snapshot(graph) -> list:
    """Every node and relationship with all its properties (ImportRun bookkeeping aside)."""
    nodes = q(
        graph,
        "MATCH (n) WHERE NOT n:ImportRun RETURN labels(n) AS l, properties(n) AS p ORDER BY l[0], n.uid",
    )
    rels = q(
        graph,
        "MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS t, b.uid AS b, properties(r) AS p "
        "ORDER BY a, t, b, r.key",
    )
    return [nodes, rels]


def test_every_template_lands_as_the_contract_says(graph, tmp_path: Path) -> None:
    report = import_files(graph, ecosystem_files(tmp_path))
    assert report.nodes_created > 0 and report.relationships_created > 0
    firm = q(
        graph,
        "MATCH (e:Enterprise {uid: $c}) RETURN e.name AS name, e.district AS d, "
        "e.founded_year AS y, e.credit_code AS code",
        c=code(1),
    )
    assert firm == [{"name": "上海星链测试科技有限公司", "d": "松江区", "y": 2015, "code": code(1)}]
    assert q(
        graph,
        "MATCH (e:Enterprise {uid: $c})-[r:CERTIFIED]->(t:Tier) RETURN t.name AS t, r.year AS y, "
        "t.rank AS rank ORDER BY y",
        c=code(1),
    ) == [{"t": "高新技术企业", "y": 2023, "rank": 3}, {"t": "科技小巨人企业", "y": 2025, "rank": 5}]
    assert q(
        graph, "MATCH (e:Enterprise {uid: $c})-[:IN_SEGMENT]->(s) RETURN s.uid AS s ORDER BY s", c=code(1)
    ) == [{"s": "卫星互联网/卫星制造"}, {"s": "卫星互联网/地面设备"}]
    assert q(
        graph, "MATCH (e:Enterprise {uid: $c})-[:LOCATED_IN]->(p:Park) RETURN p.name AS p", c=code(2)
    ) == [{"p": "张江高新区松江园"}]
    assert q(
        graph,
        "MATCH (u:ChainSegment)-[:FEEDS]->(s {uid: '卫星互联网/卫星应用'}) RETURN u.name AS u ORDER BY u",
    ) == [{"u": "卫星发射"}, {"u": "地面设备"}]
    assert q(
        graph,
        "MATCH (s:ChainSegment {uid: '医疗器械/医疗设备'})-[:PART_OF]->(c:IndustryChain) "
        "RETURN s.position AS p, s.order AS o, s.key_segment AS k, c.uid AS c",
    ) == [{"p": "中游", "o": 2, "k": True, "c": "医疗器械"}]
    assert q(
        graph,
        "MATCH (x:Expert)-[:STATIONED_AT]->(w:Workstation)-[:HOSTED_BY]->(e:Enterprise) "
        "RETURN x.name AS x, e.uid AS e ORDER BY x",
    ) == [{"x": "张三", "e": code(1)}, {"x": "李四", "e": code(1)}]
    assert q(
        graph,
        "MATCH (x:Expert {name: '张三'})-[:AFFILIATED_WITH]->(u:University) RETURN u.name AS u, x.uid AS uid",
    ) == [{"u": "东华大学", "uid": "张三@东华大学"}]
    assert q(
        graph,
        "MATCH (l)-[:LEADS]->(c:Consortium)-[:SERVES]->(ch) RETURN l.uid AS l, c.focus AS f, ch.name AS ch",
    ) == [{"l": code(1), "f": "星地直连", "ch": "卫星互联网"}]
    members = q(graph, "MATCH (m)-[:MEMBER_OF]->(:Consortium) RETURN m.name AS m ORDER BY m")
    assert {r["m"] for r in members} == {
        "上海星链测试科技有限公司",
        "苏州外地卫星股份有限公司",
        "东华大学",
        "上海测试研究院",
    }
    assert q(
        graph,
        "MATCH (c:Carrier)-[:OF_TYPE]->(t:CarrierType) MATCH (c)-[:OPERATED_BY]->(u) "
        "MATCH (c)-[:SERVES]->(ch) RETURN t.name AS t, u.name AS u, ch.name AS ch",
    ) == [{"t": "大学科技园", "u": "东华大学", "ch": "医疗器械"}]
    collab = q(
        graph,
        "MATCH (a)-[r:COLLABORATES_WITH]->(b) RETURN a.name AS a, b.name AS b, r.type AS t, "
        "r.year AS y, r.project AS p ORDER BY y",
    )
    assert collab[0] == {
        "a": "美昕测试医疗器械（上海）有限公司",
        "b": "上海测试研究院",
        "t": "技术转让",
        "y": 2023,
        "p": "影像探测器",
    }
    assert len(collab) == 3
    # reference nodes from the schema lists, with ranks
    assert q(graph, "MATCH (t:Tier) RETURN count(t) AS n")[0]["n"] == 11
    assert q(graph, "MATCH (t:CarrierType) RETURN count(t) AS n")[0]["n"] == 6
    # the run is recorded once
    runs = q(graph, "MATCH (r:ImportRun) RETURN r.uid AS uid, r.files AS files, r.at AS at")
    assert len(runs) == 1 and runs[0]["uid"] == report.import_id and "企业名单.csv" in runs[0]["files"]


def test_provenance_on_every_node_and_relationship(graph, tmp_path: Path) -> None:
    files = ecosystem_files(tmp_path)
    report = import_files(graph, files)
    missing = q(
        graph,
        "MATCH (n) WHERE n.source IS NULL OR n.sources IS NULL OR n.sample IS NULL "
        "OR n.import_id IS NULL RETURN labels(n) AS l, n.uid AS uid",
    )
    assert missing == []
    missing = q(
        graph,
        "MATCH ()-[r]->() WHERE r.source IS NULL OR r.sources IS NULL OR r.sample IS NULL "
        "OR r.import_id IS NULL RETURN type(r) AS t",
    )
    assert missing == []
    assert q(graph, "MATCH (n) WHERE NOT n:ImportRun AND n.search_text IS NULL RETURN n.uid AS u") == []
    firm = q(
        graph,
        "MATCH (e:Enterprise {uid: $c}) RETURN e.source AS s, e.import_id AS i, e.sample AS sample",
        c=code(2),
    )[0]
    sha = __import__("hashlib").sha256(files[2].read_bytes()).hexdigest()[:12]
    assert firm == {"s": f"企业名单.csv#sha256:{sha}:row 3", "i": report.import_id, "sample": False}
    rel = q(graph, "MATCH (:Enterprise {uid: $c})-[r:COLLABORATES_WITH]->() RETURN r.source AS s", c=code(2))
    assert rel == [
        {
            "s": f"研究.xlsx[合作关系]#sha256:"
            f"{__import__('hashlib').sha256(files[3].read_bytes()).hexdigest()[:12]}:row 3"
        }
    ]


def test_reimport_changes_nothing(graph, tmp_path: Path) -> None:
    files = ecosystem_files(tmp_path)
    import_files(graph, files)
    before_counts, before = count_all(graph), snapshot(graph)
    again = import_files(graph, files)
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert count_all(graph) == before_counts
    assert snapshot(graph) == before
    assert q(graph, "MATCH (r:ImportRun) RETURN r.runs AS runs") == [{"runs": 2}]


def test_same_firm_from_two_lists_is_one_node(graph, tmp_path: Path) -> None:
    # public record first: no credit code, a source URL, half-width brackets and no suffix
    public = write_csv(
        tmp_path / "公开企业.csv",
        ["统一社会信用代码", "企业名称", "所在区", "来源"],
        [["", "美昕医疗器械(上海)", "松江区", "https://www.shsjb.com/Article/index/aid/7458798.html"]],
    )
    import_files(graph, [public])
    assert q(graph, "MATCH (e:Enterprise) RETURN e.uid AS uid, e.source AS s") == [
        {"uid": "name:美昕医疗器械上海", "s": "https://www.shsjb.com/Article/index/aid/7458798.html"}
    ]
    # a planner's list with the code and full-width brackets + suffix: the same node
    planner = write_csv(
        tmp_path / "企业名单.csv",
        ENTERPRISE_HEADER,
        [[code(2), "美昕医疗器械（上海）有限公司", "松江区", "", "", "", "高企(2024)", ""]],
    )
    import_files(graph, [planner])
    firms = q(
        graph,
        "MATCH (e:Enterprise) RETURN e.uid AS uid, e.credit_code AS code, e.name AS name, "
        "e.aliases AS aliases, size(e.sources) AS n",
    )
    assert firms == [
        {
            "uid": "name:美昕医疗器械上海",
            "code": code(2),
            "name": "美昕医疗器械(上海)",
            "aliases": ["美昕医疗器械（上海）有限公司"],
            "n": 2,
        }
    ]
    # a third list refers to it by credit code, a fourth by yet another spelling: still one node
    collab = write_csv(
        tmp_path / "合作关系.csv",
        ["甲方", "乙方", "合作类型"],
        [[code(2), "美昕医疗器械 （上海） 股份有限公司", "联合研发"]],
    )
    with pytest.raises(ImportRejected) as exc:
        import_files(graph, [collab])
    assert [p.reason for p in exc.value.problems] == ["甲方与乙方是同一单位"]
    assert count_all(graph)[0] == q(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"]
    assert q(graph, "MATCH (e:Enterprise) RETURN count(e) AS n") == [{"n": 1}]


def test_ambiguous_names_are_reported_not_guessed(graph, tmp_path: Path) -> None:
    two = write_csv(
        tmp_path / "企业名单.csv",
        ENTERPRISE_HEADER,
        [[code(11), "双子科技有限公司", "松江区"], [code(12), "双子科技有限公司(松江)", "松江区"]],
    )
    import_files(graph, [two])
    # an alias shared by both makes one normalised name fit two nodes
    graph.driver.execute_query("MATCH (e:Enterprise) SET e.aliases = ['双子科技']")
    collab = write_csv(tmp_path / "合作关系.csv", ["甲方", "乙方"], [["双子科技股份有限公司", code(11)]])
    with pytest.raises(ImportRejected) as exc:
        import_files(graph, [collab])
    [problem] = exc.value.problems
    assert problem.column == "甲方" and problem.row == 2
    assert problem.reason.startswith("名称对应多个节点，无法确定")
    assert code(11) in problem.reason and code(12) in problem.reason
    assert problem.suggestion == "请改填统一社会信用代码或完整名称"


def test_extra_columns_are_kept_and_reported(graph, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "企业名单.csv",
        [*ENTERPRISE_HEADER[:3], "联系人", "Revenue (亿元)"],
        [[code(21), "额外列科技有限公司", "松江区", "王五", "3.5"]],
    )
    report = import_files(graph, [path])
    assert {(w.column, w.reason) for w in report.warnings} == {
        ("联系人", "未知列，已保存为属性 extra_联系人"),
        ("Revenue (亿元)", "未知列，已保存为属性 extra_Revenue_亿元"),
    }
    assert q(graph, "MATCH (e:Enterprise) RETURN e.extra_联系人 AS c, e.`extra_Revenue_亿元` AS r") == [
        {"c": "王五", "r": "3.5"}
    ]


def test_names_are_stored_as_given_and_never_become_cypher(graph, tmp_path: Path) -> None:
    evil = "x'}) DETACH DELETE n //<script>alert(1)</script>"
    path = write_csv(
        tmp_path / "企业名单.csv",
        ENTERPRISE_HEADER,
        [[code(31), evil, "松江区"], [code(32), "=1+1", "松江区"]],
    )
    import_files(graph, [path])
    assert sorted(r["n"] for r in q(graph, "MATCH (e:Enterprise) RETURN e.name AS n")) == sorted(
        [evil, "=1+1"]
    )


def test_dry_run_writes_nothing_and_reports_what_it_would_do(graph, tmp_path: Path) -> None:
    report = import_files(graph, ecosystem_files(tmp_path), dry_run=True)
    assert report.dry_run and report.nodes_created > 20 and report.relationships_created > 20
    assert count_all(graph) == (0, 0)
    result = run_kg("import", "--dry-run", *map(str, ecosystem_files(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "dry run (nothing written)" in result.stdout
    assert count_all(graph) == (0, 0)


def test_sample_tables_and_rows_are_flagged(graph, tmp_path: Path) -> None:
    table = Table(
        template="企业名单",
        file="synth:enterprises",
        sha256="0" * 64,
        sample=True,
        rows=[{"统一社会信用代码": code(41), "企业名称": "示例科技有限公司", "所在区": "松江区"}],
    )
    row_flag = Table(
        template="enterprise",
        file="mixed.csv",
        sha256="1" * 64,
        rows=[
            {
                "统一社会信用代码": code(42),
                "企业名称": "标注示例有限公司",
                "所在区": "松江区",
                "示例数据": "是",
            },
            {"统一社会信用代码": code(43), "企业名称": "真实有限公司", "所在区": "松江区", "示例数据": "否"},
        ],
    )
    import_tables(graph, [table, row_flag])
    assert q(
        graph, "MATCH (e:Enterprise) RETURN e.name AS n, e.sample AS s, e.source AS src ORDER BY src"
    ) == [
        {"n": "标注示例有限公司", "s": True, "src": "mixed.csv#sha256:111111111111:row 2"},
        {"n": "真实有限公司", "s": False, "src": "mixed.csv#sha256:111111111111:row 3"},
        {"n": "示例科技有限公司", "s": True, "src": "synth:enterprises#sha256:000000000000:row 2"},
    ]


def test_templates_round_trip_through_kg_import(graph, tmp_path: Path) -> None:
    out = tmp_path / "tpl"
    result = run_kg("templates", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.glob("*.xlsx"))
    assert written == sorted(
        f"{zh}.xlsx"
        for zh in [
            "企业名单",
            "高校院所",
            "专家",
            "工作站",
            "创新联合体",
            "创新载体",
            "合作关系",
            "产业链环节",
            "园区",
        ]
    )
    fill = {
        "产业链环节": [
            ["6G", "射频芯片", "上游", 1, "", "射频", "是"],
            ["6G", "基站", "中游", 2, "射频芯片", "", ""],
        ],
        "园区": [["临港松江科技城", 3.2, ""]],
        "企业名单": [
            [
                code(51),
                "模板科技有限公司",
                "松江区",
                "临港松江科技城",
                "6G",
                "基站",
                "高新技术企业(2024)",
                2018,
            ]
        ],
        "高校院所": [["东华大学", "高校", "先进纤维材料"]],
        "专家": [["赵六", "专家", "东华大学", "射频"]],
        "工作站": [["模板工作站", code(51), "赵六"]],
        "创新联合体": [["6G联合体", code(51), "东华大学", "6G", "太赫兹"]],
        "创新载体": [["模板孵化器", "孵化器", "6G", "临港松江科技城"]],
        "合作关系": [[code(51), "东华大学", "联合研发", 2025, "天线"]],
    }
    headers = {}
    for zh, rows in fill.items():
        path = out / f"{zh}.xlsx"
        wb = load_workbook(path)
        ws = wb[zh]
        headers[zh] = [c.value for c in ws[1]]
        for row in rows:
            ws.append(row)
        wb.save(path)
    assert headers["企业名单"][:3] == ["统一社会信用代码*", "企业名称*", "所在区"]
    assert headers["园区"][:2] == ["名称*", "面积(平方公里)"]
    assert "说明" in load_workbook(out / "企业名单.xlsx").sheetnames
    result = run_kg("import", *sorted(map(str, out.glob("*.xlsx"))))
    assert result.returncode == 0, result.stdout + result.stderr
    assert q(
        graph,
        "MATCH (e:Enterprise)-[:IN_SEGMENT]->(s)-[:PART_OF]->(c) MATCH (e)-[:LOCATED_IN]->(p) "
        "RETURN e.name AS e, s.name AS s, c.name AS c, p.area_km2 AS a",
    ) == [{"e": "模板科技有限公司", "s": "基站", "c": "6G", "a": 3.2}]
    assert q(graph, "MATCH (:Expert)-[:STATIONED_AT]->(w)-[:HOSTED_BY]->(e) RETURN w.name AS w") == [
        {"w": "模板工作站"}
    ]
    # a filled template carries no sample flag and keeps every row
    assert q(graph, "MATCH (n) WHERE n.sample RETURN count(n) AS n") == [{"n": 0}]


def test_kg_validate_lists_problems_and_exits_1(graph, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "企业名单.csv",
        ENTERPRISE_HEADER,
        [[code(61)[:-1] + "X" if code(61)[-1] != "X" else code(61)[:-1] + "Y", "甲", "松江区"]],
    )
    result = run_kg("validate", str(path))
    assert result.returncode == 1
    assert "校验位错误" in result.stdout and "企业名单.csv" in result.stdout
    ok = write_csv(tmp_path / "ok.csv", ENTERPRISE_HEADER, [[code(61), "甲", "松江区"]])
    result = run_kg("validate", str(ok))
    assert result.returncode == 0 and "0 error(s)" in result.stderr + result.stdout
    assert count_all(graph) == (0, 0)
