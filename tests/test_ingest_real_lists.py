"""Real published lists import under their own headers (issue #28): 规上企业名录, 高新技术企业认定名单 …
with header variants, 序号 columns, Songjiang's towns, GB/T 4754-2017 industry codes and certificates;
a 认定名单 said to be one (--list-kind), a ready --columns proposal for a list missing a column, and
new firms whose names are close to existing ones."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

from kg.ingest import import_files, read_file, validate
from tests.conftest import run_kg
from tests.ingest_helpers import code, write_csv, write_xlsx
from tests.test_ingest_import import q

# The headers of a 规上企业名录 as the district's statistics office publishes it.
ABOVE_SCALE = ["企业名称", "统一社会信用代码", "注册地址", "所属街镇", "国民经济行业代码", "经营范围"]
SCOPE = "卫星通信设备、地面站设备的研发、生产、销售；软件开发；技术服务、技术开发、技术咨询、技术转让"


def above_scale_rows() -> list[list[object]]:
    return [
        ["上海星地通信设备有限公司", code(201), "上海市松江区九亭镇九新公路 1 号", "九亭镇", "C3922", SCOPE],
        ["上海松江精密仪器股份有限公司", code(202), "上海市松江区车墩镇香泾路 2 号", "车墩", "4011",
         "光学仪器制造；仪器仪表销售"],
        ["上海云间软件有限公司", code(203), "上海市松江区方松街道文诚路 3 号", "方松街道", "6511",
         "软件开发；信息系统集成服务"],
    ]  # fmt: skip


def test_an_above_scale_register_in_gb18030_imports_with_its_text(graph, tmp_path: Path) -> None:
    name = "2024年松江区规上工业企业名录.csv"
    path = write_csv(tmp_path / name, ABOVE_SCALE, above_scale_rows(), "gb18030")
    assert [p for p in validate(read_file(path), graph)] == []  # no unknown column, nothing missing
    import_files(graph, [path])
    firms = q(
        graph,
        "MATCH (e:Enterprise) RETURN e.name AS name, e.address AS address, e.town AS town, "
        "e.district AS district, e.industry_code AS code, e.business_scope AS scope ORDER BY e.uid",
    )
    assert firms == [
        {"name": "上海星地通信设备有限公司", "address": "上海市松江区九亭镇九新公路 1 号", "town": "九亭镇",
         "district": "松江区", "code": "3922", "scope": SCOPE},
        {"name": "上海松江精密仪器股份有限公司", "address": "上海市松江区车墩镇香泾路 2 号", "town": "车墩镇",
         "district": "松江区", "code": "4011", "scope": "光学仪器制造；仪器仪表销售"},
        {"name": "上海云间软件有限公司", "address": "上海市松江区方松街道文诚路 3 号", "town": "方松街道",
         "district": "松江区", "code": "6511", "scope": "软件开发；信息系统集成服务"},
    ]  # fmt: skip
    # every firm is local now (a Songjiang town fills 所在区) and records its file and row
    sources = q(graph, "MATCH (e:Enterprise) RETURN e.source AS s ORDER BY e.uid")
    assert [s["s"].split("#")[0] for s in sources] == [path.name] * 3
    assert [s["s"].rsplit(":", 1)[1] for s in sources] == ["row 2", "row 3", "row 4"]


def test_header_variants_as_lists_write_them(tmp_path: Path) -> None:
    row = [1, "上海甲乙科技有限公司", code(211), "松江区", "光模块", "3976", "泗泾镇"]
    full = [
        "序号",
        "企业（单位）名称",
        "统一社会信用代码(注册号)",
        "所属区",
        "主要产品",
        "行业代码",
        "所 属 街 镇",
    ]
    [table] = read_file(write_csv(tmp_path / "list.csv", full, [row]))
    assert table.template == "enterprise"
    assert validate([table]) == []  # 序号 is dropped without a word, every other header is known
    half = [
        "序号",
        "企业(单位)名称",
        "统一社会信用代码（注册号）",
        "所在区县",
        "主要产品",
        "国民经济行业代码",
        "街镇",
    ]
    assert validate(read_file(write_csv(tmp_path / "list2.csv", half, [row]))) == []


def test_towns_and_industry_codes_are_checked_with_suggestions(tmp_path: Path) -> None:
    rows = [
        ["未知街镇科技有限公司", code(221), "", "九亭真", "3919", ""],  # a typo of 九亭镇: kept, warned
        ["错门类科技有限公司", code(222), "", "", "A3919", ""],  # 3919 is in section C
        ["无此代码科技有限公司", code(223), "", "", "3918", ""],
        ["去零科技有限公司", code(224), "", "", "111", ""],  # fine: 111 is a 中类
        ["五位代码科技有限公司", code(225), "", "", "39191", ""],
        ["按名称科技有限公司", code(226), "", "", "计算机、通信和其他电子设备制造业", ""],
    ]
    path = write_csv(tmp_path / "名录.csv", ABOVE_SCALE, rows)
    found = [(p.level, p.row, p.column, p.reason, p.suggestion) for p in validate(read_file(path))]
    assert found == [
        ("error", 3, "国民经济行业代码", "代码 3919 属于门类 C，不是 A", "C3919"),
        ("error", 4, "国民经济行业代码", "国民经济行业分类（GB/T 4754-2017）中没有代码 3918",
         "391（计算机制造）下的代码"),
        ("error", 6, "国民经济行业代码", "国民经济行业分类代码应为门类字母或 2–4 位数字，实为 5 位", ""),
        ("warning", 2, "所属街镇", "不在松江区街道、镇（共 17 个）中", "九亭镇"),
    ]  # fmt: skip


def test_a_certificate_lands_on_its_certification(graph, tmp_path: Path) -> None:
    header = ["统一社会信用代码", "企业名称", "所在区", "资质", "证书编号", "发证日期"]
    path = write_csv(
        tmp_path / "企业名单.csv",
        header,
        [
            [code(231), "证书甲科技有限公司", "松江区", "高新技术企业", "GR202431001234", "2024年12月5日"],
            [code(232), "证书乙科技有限公司", "松江区", "高新技术企业(2021)", "GR202131000001", "2024/12/5"],
        ],
    )
    import_files(graph, [path])
    assert q(
        graph,
        "MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier) RETURN e.uid AS e, t.name AS t, r.year AS y, "
        "r.certificate_no AS no, r.certified_on AS on, e.top_tier_year AS top ORDER BY e",
    ) == [
        {"e": code(231), "t": "高新技术企业", "y": 2024, "no": "GR202431001234", "on": "2024-12-05",
         "top": 2024},
        # the item's own year wins over the date's
        {"e": code(232), "t": "高新技术企业", "y": 2021, "no": "GR202131000001", "on": "2024-12-05",
         "top": 2021},
    ]  # fmt: skip


# --- what the list is, proposals for missing columns, duplicates names hide ------------------

HIGH_TECH_LIST = ["序号", "单位名称", "社会统一信用代码", "技术领域", "证书编号", "发证日期"]


def local_high_tech(graph) -> int:  # noqa: ANN001 - conftest fixture
    """The 高企 count the 总览 shows: local firms whose highest tier is 高新技术企业 or above."""
    [row] = q(graph, "MATCH (e:Enterprise {district: '松江区'}) WHERE e.top_rank >= 3 RETURN count(e) AS n")
    return row["n"]


def test_a_certification_list_certifies_every_row(graph, tmp_path: Path) -> None:
    base = write_csv(
        tmp_path / "企业名单.csv",
        ["统一社会信用代码", "企业名称", "所在区", "资质"],
        [[code(241), "已有高企科技有限公司", "松江区", "高新技术企业(2022)"]],
    )
    import_files(graph, [base])
    assert local_high_tech(graph) == 1
    path = write_xlsx(
        tmp_path / "2024年松江区高新技术企业认定名单.xlsx",
        {
            "Sheet1": (
                HIGH_TECH_LIST,
                [
                    [
                        1,
                        "认定甲科技有限公司",
                        code(242),
                        "电子信息",
                        "GR202431000101",
                        dt.datetime(2024, 12, 5),
                    ],
                    [2, "认定乙科技有限公司", code(243), "先进制造与自动化", "GR202431000102", "2023-11-15"],
                    [3, "认定丙科技有限公司", code(244), "电子信息", "GR202431000103", ""],
                ],
            )
        },
    )
    args = ["import", str(path), "--list-kind", "高新技术企业", "--year", "2024", "--set", "所在区=松江区"]
    result = run_kg(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert q(
        graph,
        "MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier) WHERE e.uid <> $old WITH e, r, t ORDER BY e.uid "
        "RETURN e.name AS e, t.name AS t, r.year AS y, r.certificate_no AS no",
        old=code(241),
    ) == [
        {"e": "认定甲科技有限公司", "t": "高新技术企业", "y": 2024, "no": "GR202431000101"},
        {"e": "认定乙科技有限公司", "t": "高新技术企业", "y": 2023, "no": "GR202431000102"},  # its 发证日期
        {"e": "认定丙科技有限公司", "t": "高新技术企业", "y": 2024, "no": "GR202431000103"},  # --year
    ]
    assert local_high_tech(graph) == 4  # the 高企 count grew by the list
    assert q(graph, "MATCH (e:Enterprise)-[:HAS_FIELD]->(f) RETURN count(DISTINCT f) AS n") == [{"n": 2}]
    # an unknown tier is refused before anything is read into the graph
    bad = run_kg("validate", str(path), "--list-kind", "高新企业技术")
    assert bad.returncode == 2 and "未知的资质" in bad.stderr


def test_a_list_missing_its_name_column_gets_a_ready_columns_argument(graph, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "名单.csv",
        ["序号", "申报主体", "统一社会信用代码", "所在区"],
        [[1, "提议甲科技有限公司", code(251), "松江区"], [2, "提议乙医疗器械有限公司", code(252), "松江区"]],
        "gb18030",
    )
    result = run_kg("validate", str(path), "--format", "json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert "缺少必填列 企业名称" in problem["reason"]
    assert "序号、申报主体、统一社会信用代码、所在区" in problem["reason"]  # the file's headers
    assert "申报主体 → 企业名称（该列 100% 的值像单位名称）" in problem["reason"]
    command = shlex.split(problem["suggestion"])
    assert command == ["kg", "import", str(path), "--columns", "申报主体=企业名称"]
    done = run_kg(*command[1:])
    assert done.returncode == 0, done.stdout + done.stderr
    assert q(graph, "MATCH (e:Enterprise) RETURN e.name AS n ORDER BY n") == [
        {"n": "提议乙医疗器械有限公司"},
        {"n": "提议甲科技有限公司"},
    ]
    # a --columns naming no template column is refused, with the column named
    typo = run_kg("validate", str(path), "--columns", "申报主体=企业名")
    assert typo.returncode == 2 and "“企业名”不是任何模板的列" in typo.stderr


def test_a_new_firm_close_to_an_existing_name_is_a_warning_not_a_merge(graph, tmp_path: Path) -> None:
    known = write_csv(
        tmp_path / "企业名单.csv",
        ["统一社会信用代码", "企业名称", "所在区", "来源"],
        [
            [code(261), "上海移远通信技术股份有限公司", "松江区", ""],
            ["", "上海云间智能科技有限公司", "松江区", "https://example.gov.cn/a.html"],
            [code(263), "规模测试1科技有限公司", "松江区", ""],
        ],
    )
    import_files(graph, [known])
    new = write_csv(
        tmp_path / "新名单.csv",
        ["统一社会信用代码", "企业名称", "所在区", "来源"],
        [
            ["", "移远通信", "松江区", "https://example.gov.cn/b.html"],  # a short name
            [code(264), "上海云间智能技术有限公司", "松江区", ""],  # 科技/技术
            [code(265), "规模测试2科技有限公司", "松江区", ""],  # another firm: no warning
            [code(266), "移远通信技术（上海）有限公司", "松江区", ""],  # its code differs: another firm
        ],
    )
    # the graph firm 移远 has a code; row 5 has another code: not the same firm
    warnings = [(p.row, p.reason) for p in validate(read_file(new), graph) if p.level == "warning"]
    assert warnings == [
        (2, "可能与已有企业「上海移远通信技术股份有限公司」重复"),
        (3, "可能与已有企业「上海云间智能科技有限公司」重复"),
    ]
    report = import_files(graph, [new])
    assert report.nodes_created == 4  # never merged silently
    assert q(graph, "MATCH (e:Enterprise) RETURN count(e) AS n") == [{"n": 7}]
