"""Every validation rule, with its message and suggestion; all problems reported at once and the
graph left unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.ingest import ImportRejected, Problem, import_files, read_file, validate
from kg.ingest.uscc import check_char
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import ENTERPRISE_HEADER, SEGMENT_HEADER, SEGMENTS, code, ecosystem_files, write_csv

NEXT_YEAR = dt.date.today().year + 1


def problems_of(tmp_path: Path, graph=None, **files: tuple[list[str], list[list[object]]]) -> list[Problem]:
    paths = [write_csv(tmp_path / f"{name}.csv", header, rows) for name, (header, rows) in files.items()]
    tables = [t for p in paths for t in read_file(p)]
    return [p for p in validate(tables, graph) if p.level == "error"]


def segs() -> tuple[list[str], list[list[object]]]:
    return SEGMENT_HEADER, SEGMENTS


def one(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def wrong_check(c: str) -> str:
    return c[:-1] + ("1" if c[-1] != "1" else "2")


def test_credit_code_check_character_with_correction(tmp_path: Path) -> None:
    bad = wrong_check(code(1))
    p = one(problems_of(tmp_path, 企业名单=(ENTERPRISE_HEADER, [[bad, "甲", "松江区"]])))
    assert (p.file, p.row, p.column, p.value) == ("企业名单.csv", 2, "统一社会信用代码", bad)
    assert p.reason == f"统一社会信用代码校验位错误（第18位应为 {code(1)[-1]}）"
    assert p.suggestion == code(1)


def test_credit_code_length_and_alphabet(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        企业名单=(
            ENTERPRISE_HEADER,
            [["9131011712345", "甲", "松江区"], [code(2)[:-2] + "O" + code(2)[-1], "乙", "松江区"]],
        ),
    )
    assert [p.reason for p in found] == [
        "统一社会信用代码应为18位，实为13位",
        "统一社会信用代码含非法字符 O（不使用 I、O、Z、S、V）",
    ]


def test_codes_starting_with_letters_are_legal(tmp_path: Path) -> None:
    for prefix in ("N1310000", "Y1310000", "A1310000"):
        body = prefix + "MA1J3C1X2"
        good = body + check_char(body)
        assert problems_of(tmp_path, 企业名单=(ENTERPRISE_HEADER, [[good, "字母开头社团", "松江区"]])) == []
    body = "N1310000MA1J3C1X2"
    bad = body + ("0" if check_char(body) != "0" else "1")
    p = one(problems_of(tmp_path, 企业名单=(ENTERPRISE_HEADER, [[bad, "字母开头社团", "松江区"]])))
    assert p.suggestion == body + check_char(body)


def test_required_fields_and_the_public_record_exception(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        企业名单=(
            [*ENTERPRISE_HEADER, "来源"],
            [
                ["", "无代码科技", "松江区", "", "", "", "", "", ""],
                [code(3), "", "松江区", "", "", "", "", "", ""],
                [code(4), "无区科技", "", "", "", "", "", "", ""],  # 所在区 may be unknown
                ["", "公开企业", "松江区", "", "", "", "", "", "https://example.gov.cn/a.html"],
            ],
        ),
    )
    assert [(p.row, p.column, p.reason, p.suggestion) for p in found] == [
        (2, "统一社会信用代码", "必填项为空", "或填写来源网址（公开记录）"),
        (3, "企业名称", "必填项为空", ""),
    ]


def test_missing_required_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "企业名单.csv", ["统一社会信用代码", "企业名称", "所在区"], [[code(1), "甲", "松江区"]]
    )
    table = read_file(path)[0]
    table.rows = [{k: v for k, v in r.items() if k != "企业名称"} for r in table.rows]
    p = one([x for x in validate([table]) if x.level == "error"])
    assert (p.column, p.reason, p.row) == ("企业名称", "缺少必填列", None)


def test_duplicates_within_and_across_files(tmp_path: Path) -> None:
    header = [*ENTERPRISE_HEADER[:3], "来源"]
    found = problems_of(
        tmp_path,
        企业名单=(
            header,
            [
                [code(1), "甲科技有限公司", "松江区", ""],
                [code(1), "甲科技二号", "松江区", ""],
                [code(2), "乙科技有限公司", "松江区", ""],
            ],
        ),
        企业名单二=(
            header,
            [
                [code(2), "乙科技（集团）", "松江区", ""],
                ["", "甲科技 股份有限公司", "松江区", "https://example.com/jia"],
            ],
        ),
    )
    assert [(p.file, p.row, p.column, p.reason) for p in found] == [
        ("企业名单.csv", 3, "统一社会信用代码", "重复：与 企业名单.csv 第2行 是同一企业"),
        ("企业名单二.csv", 2, "统一社会信用代码", "重复：与 企业名单.csv 第4行 是同一企业"),
        ("企业名单二.csv", 3, "企业名称", "重复：与 企业名单.csv 第2行 是同一企业（名称规范化后相同）"),
    ]
    # the same normalised name with another credit code: a different firm, but worth a look
    paths = [
        write_csv(
            tmp_path / "名单三.csv",
            ENTERPRISE_HEADER,
            [[code(3), "丙科技有限公司", "松江区"], [code(4), "丙科技（集团）有限公司", "松江区"]],
        )
    ]
    [warning] = [p for p in validate(read_file(paths[0])) if p.column == "企业名称"]
    assert warning.level == "warning" and "统一社会信用代码不同" in warning.reason
    found = problems_of(
        tmp_path, 产业链环节=(SEGMENT_HEADER, [*SEGMENTS, ["卫星互联网", "卫星制造", "上游"]])
    )
    assert one(found).reason == "重复：与 产业链环节.csv 第2行 是同一产业链环节"
    collab = (["甲方", "乙方", "合作类型", "年份"], [[code(1), code(2), "联合研发", 2024]] * 2)
    ents = (ENTERPRISE_HEADER, [[code(1), "甲", "松江区"], [code(2), "乙", "松江区"]])
    assert (
        one(problems_of(tmp_path, 企业名单=ents, 合作关系=collab)).reason
        == "重复：与 合作关系.csv 第2行 是同一合作"
    )


def test_unknown_chain_and_segment_with_closest_name(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        产业链环节=segs(),
        企业名单=(
            ENTERPRISE_HEADER,
            [
                [code(1), "甲", "松江区", "", "卫星互联", "卫星制造"],
                [code(2), "乙", "松江区", "", "卫星互联网", "卫星制作"],
                [code(3), "丙", "松江区", "", "", "医疗设施"],
            ],
        ),
    )
    assert [(p.row, p.column, p.value, p.reason, p.suggestion) for p in found] == [
        (2, "产业链", "卫星互联", "未知的产业链（请先导入其产业链环节）", "卫星互联网"),
        (3, "环节", "卫星制作", "产业链 卫星互联网 中没有此环节", "卫星制造"),
        (4, "环节", "医疗设施", "任何产业链中没有此环节", "医疗设备"),
    ]
    up = problems_of(
        tmp_path, 产业链环节=(SEGMENT_HEADER, [*SEGMENTS, ["医疗器械", "高值耗材", "中游", 3, "医用原料"]])
    )
    assert [(p.column, p.reason, p.suggestion) for p in up] == [
        ("上游环节", "产业链 医疗器械 中没有此环节", "医用原材料")
    ]


def test_segment_in_several_chains_needs_the_chain(tmp_path: Path) -> None:
    rows = [*SEGMENTS, ["医疗器械", "地面设备", "中游", 9]]
    found = problems_of(
        tmp_path,
        产业链环节=(SEGMENT_HEADER, rows),
        企业名单=(ENTERPRISE_HEADER, [[code(1), "甲", "松江区", "", "", "地面设备"]]),
    )
    p = one(found)
    assert (
        p.reason == "环节属于多个产业链（卫星互联网、医疗器械）"
        and p.suggestion == "请在“产业链”列填写所属产业链"
    )


def test_unknown_organisations(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        企业名单=(ENTERPRISE_HEADER, [[code(1), "上海星链科技有限公司", "松江区"]]),
        合作关系=(["甲方", "乙方"], [["上海星连科技有限公司", code(9)]]),
        工作站=(["名称", "依托企业信用代码", "进站专家"], [["某工作站", "不存在企业", "王某"]]),
    )
    assert [(p.file, p.column, p.reason, p.suggestion) for p in found] == [
        ("合作关系.csv", "甲方", "未知的单位（本次导入与图谱中均无此名称）", "上海星链科技有限公司"),
        ("合作关系.csv", "乙方", "未知的统一社会信用代码（本次导入与图谱中均无此企业）", ""),
        ("工作站.csv", "依托企业信用代码", "未知的单位（本次导入与图谱中均无此名称）", ""),
        ("工作站.csv", "进站专家", "未知的单位（本次导入与图谱中均无此名称）", ""),
    ]


def test_years_in_range(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        企业名单=(
            ENTERPRISE_HEADER,
            [
                [code(1), "甲", "松江区", "", "", "", f"高企({NEXT_YEAR})", "1700"],
                [code(2), "乙", "松江区", "", "", "", "", "两千年"],
                [code(3), "丙", "松江区", "", "", "", "", "2016-05-01"],  # a date cell: its year
            ],
        ),
        合作关系=(["甲方", "乙方", "年份"], [[code(1), code(2), "1900"]]),
    )
    assert [(p.column, p.value, p.reason) for p in found] == [
        ("成立年份", "1700", f"超出范围 1800–{NEXT_YEAR - 1}"),
        ("资质", f"高企({NEXT_YEAR})", f"年份超出范围 1949–{NEXT_YEAR - 1}"),
        ("成立年份", "两千年", "应为整数"),
        ("年份", "1900", f"超出范围 1949–{NEXT_YEAR - 1}"),
    ]


def test_tier_names_with_aliases_and_brackets(tmp_path: Path) -> None:
    ok = "高新技术企业(2023)；科技小巨人（2025）、专精特新“小巨人”（2024）,高企培育库 (2022)；链主"
    assert (
        problems_of(tmp_path, 企业名单=(ENTERPRISE_HEADER, [[code(1), "甲", "松江区", "", "", "", ok]])) == []
    )
    p = one(
        problems_of(
            tmp_path, 企业名单=(ENTERPRISE_HEADER, [[code(1), "甲", "松江区", "", "", "", "高新企(2023)"]])
        )
    )
    assert (p.value, p.reason, p.suggestion) == ("高新企(2023)", "未知的资质（梯度）名称", "高新企业")


def test_controlled_vocabularies(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        产业链环节=(SEGMENT_HEADER, [["6G", "基站", "中间"]]),
        创新载体=(["名称", "类型"], [["某孵化园", "孵化园"]]),
        合作关系=(["甲方", "乙方", "合作类型"], [["东华大学", "某研究院", "联合开发"]]),
        高校院所=(["名称", "类型"], [["东华大学", "大专"], ["某研究院", "科研院所"]]),
        园区=(["名称", "面积(平方公里)"], [["某园", "很大"]]),
    )
    reasons = {(p.file, p.column, p.reason, p.suggestion) for p in found}
    assert ("产业链环节.csv", "位置", "不在可选值中：上游、中游、下游", "中游") in reasons
    assert (
        "创新载体.csv",
        "类型",
        "不在可选值中：孵化器、大学科技园、加速器、概念验证中心、中试基地、共性技术平台",
        "孵化器",
    ) in reasons
    assert (
        "合作关系.csv",
        "合作类型",
        "不在可选值中：联合研发、技术转让、共建平台、揭榜挂帅、双向发榜",
        "联合研发",
    ) in reasons
    assert any(
        p.file == "高校院所.csv" and p.value == "大专" and p.reason.startswith("不在可选值中") for p in found
    )
    assert ("园区.csv", "面积(平方公里)", "应为数字", "") in reasons


def test_every_problem_at_once_and_nothing_written(graph, tmp_path: Path) -> None:
    import_files(graph, ecosystem_files(tmp_path))
    before = count_all(graph)
    bad = write_csv(
        tmp_path / "新企业.csv",
        ENTERPRISE_HEADER,
        [
            [wrong_check(code(70)), "坏代码", "松江区"],
            [code(71), "", "松江区"],
            [code(72), "未知链", "松江区", "", "低空经济"],
            [code(73), "坏资质", "松江区", "", "", "", "独角兽公司(2024)"],
            [
                code(74),
                "好企业",
                "松江区",
                "",
                "医疗器械",
                "医疗设备",
                "高企(2024)",
            ],  # valid, still not written
        ],
    )
    collab = write_csv(tmp_path / "合作关系.csv", ["甲方", "乙方"], [["好企业", "不存在大学"]])
    with pytest.raises(ImportRejected) as exc:
        import_files(graph, [bad, collab])
    errors = [p for p in exc.value.problems if p.level == "error"]
    assert len(errors) == 5
    assert "5 problem(s)" in str(exc.value) and "nothing was written" in str(exc.value)
    assert count_all(graph) == before
    result = run_kg("import", str(bad), str(collab))
    assert result.returncode == 1
    for text in ("校验位错误", "必填项为空", "未知的产业链", "未知的资质", "不存在大学", "suggestion"):
        assert text in result.stdout, text
    assert count_all(graph) == before


def test_problems_against_nodes_already_in_the_graph(graph, tmp_path: Path) -> None:
    import_files(graph, ecosystem_files(tmp_path))
    later = write_csv(
        tmp_path / "合作关系2.csv",
        ["甲方", "乙方", "合作类型", "年份"],
        [["美昕测试医疗器械(上海)", "东华大学", "共建平台", 2025]],
    )
    assert [p for p in validate(read_file(later), graph) if p.level == "error"] == []
    seg_ref = write_csv(
        tmp_path / "企业名单2.csv",
        ENTERPRISE_HEADER,
        [[code(80), "后来企业", "松江区", "", "医疗器械", "医疗设施"]],
    )
    p = one([x for x in validate(read_file(seg_ref), graph) if x.level == "error"])
    assert (p.reason, p.suggestion) == ("产业链 医疗器械 中没有此环节", "医疗设备")
