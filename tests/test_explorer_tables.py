"""Display tables of the explorer: what a planner reads in the 协同网络 lists."""

from __future__ import annotations

from kg.explorer import tables


def test_locality_is_shown_for_enterprises_only() -> None:
    rows = tables.collab_table(
        "brokers",
        [
            {"name": "东华大学", "label": "University", "local": False, "betweenness": 0.3},
            {"name": "示例·甲公司", "label": "Enterprise", "local": True, "betweenness": 0.2},
            {"name": "示例·乙公司", "label": "Enterprise", "local": False, "betweenness": 0.1},
        ],
    )
    assert [r["本地"] for r in rows] == ["", "是", "否"]
    assert rows[0]["类型"] == "高校"


def test_property_rows_use_the_schemas_chinese_names_and_readable_values() -> None:
    from kg.graph.schema import load_schema

    props = {
        "uid": "9131",
        "credit_code": "9131",
        "name": "上海甲科技有限公司",
        "name_norm": "上海甲科技",
        "district": "松江区",
        "aliases": ["甲科技", "甲公司"],
        "sample": True,
        "search_text": "上海甲科技有限公司 甲科技",
        "import_id": "abc",
        "source": "企业名单.csv#sha256:0123456789ab:row 7",
        "sources": ["企业名单.csv#sha256:0123456789ab:row 7", "https://www.songjiang.gov.cn/x"],
    }
    rows = tables.property_rows("Enterprise", props)
    shown = {r["属性"]: r["值"] for r in rows}
    declared = load_schema().node("Enterprise").properties
    # every declared property by its Chinese name, except the normalised name kept for matching
    assert {p.zh for k, p in declared.items() if not k.endswith("_norm")} <= set(shown)
    assert shown["类型"] == "企业" and shown["企业名称"] == "上海甲科技有限公司"
    assert shown["别名"] == "甲科技、甲公司" and shown["成立年份"] == "未掌握"
    assert shown["示例数据"] == "是"
    assert shown["来源"] == "企业名单.csv 第 7 行（文件指纹 01234567）；https://www.songjiang.gov.cn/x"
    assert not {"uid", "name_norm", "search_text", "import_id", "规范化名称"} & set(shown)


def test_refusals_are_one_chinese_line() -> None:
    from kg.errors import QueryRefused, QueryTimeout
    from kg.explorer.refusals import refusal_zh
    from kg.querylib import QueryLibraryError

    cases = [
        (QueryRefused("only read queries run here (this one is 'rw')"), "已拒绝：这是写入或管理语句。"),
        (QueryRefused("procedure db.stats.retrieve is not on the allowlist"), "已拒绝：过程 db.stats"),
        (QueryRefused("LOAD CSV is not allowed in the read-only console"), "已拒绝：不允许 LOAD CSV"),
        (QueryTimeout("query stopped after 15s (time limit)"), "查询超时：运行超过 15 秒"),
        (QueryLibraryError("parameter year must be int, got '去年'"), "参数有误：year 应为整数，收到 '去年'"),
        (QueryLibraryError("query x needs --param segment=<str>"), "参数有误：缺少必填参数 segment"),
    ]
    for exc, start in cases:
        line = refusal_zh(exc, timeout=15)
        assert line.startswith(start), line
        assert "\n" not in line
    # the runner's own Chinese reasons pass through once, without a second lead
    said = refusal_zh(QueryRefused("只允许只读查询：此语句包含 LOAD CSV"))
    assert said == "已拒绝：此语句包含 LOAD CSV。控制台只运行只读查询，数据未做任何改动。"


def test_md_leaves_plain_names_alone_and_escapes_markup() -> None:
    from kg.explorer.safe import md, unescape

    assert md("上海甲射频科技有限公司") == "上海甲射频科技有限公司"
    for name in ("![s](http://127.0.0.1:8999/x.png)", ":red[假]", "$$x$$", "a\nb", "x@y.cn", "www.a.cn"):
        source = md(name)
        assert unescape(source) == name.replace("\n", " ")
        assert "\n" not in source and "](" not in source and "[" not in source.replace("\\[", "")
