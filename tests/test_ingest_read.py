"""Reading planners' files: encodings, merged .xlsx headers, template detection (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from kg.ingest import IngestError, read_file
from tests.ingest_helpers import ENTERPRISE_HEADER, code, enterprises, write_csv

ROW = enterprises(1)[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_read_the_same_chinese_text(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "企业名单.csv", ENTERPRISE_HEADER, [ROW], encoding)
    [table] = read_file(path)
    assert table.template == "enterprise"
    assert table.rows[0]["企业名称"] == "上海星链测试科技有限公司"
    assert table.rows[0]["资质"] == "高新技术企业(2023)；科技小巨人（2025）"
    assert table.rows[0]["统一社会信用代码"] == code(1)
    assert list(table.rows[0])[0] == "统一社会信用代码"  # the BOM is not part of the first header
    assert table.row_numbers == [2]


def test_gb18030_rare_characters_survive(tmp_path: Path) -> None:
    # 𠮷 is outside GBK: only a real GB18030 decode keeps it
    path = write_csv(
        tmp_path / "list.csv", ENTERPRISE_HEADER, [[code(1), "𠮷祥科技有限公司", "松江区"]], "gb18030"
    )
    assert read_file(path)[0].rows[0]["企业名称"] == "𠮷祥科技有限公司"


def test_merged_two_row_header_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2025年松江区重点企业名单"])  # a title row above the header
    ws.merge_cells("A1:F1")
    ws.append(["基本信息", None, None, "产业信息", None, None])
    ws.append(["统一社会信用代码", "企业名称", "所在区", "产业链", "资质", "成立年份"])
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:F2")
    ws.append([code(7), "  合并表头科技有限公司 ", "松江区", "卫星互联网", "高企(2024)", 2019])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    [table] = read_file(path)
    assert table.template == "enterprise"
    assert table.rows == [
        {
            "统一社会信用代码": code(7),
            "企业名称": "合并表头科技有限公司",
            "所在区": "松江区",
            "产业链": "卫星互联网",
            "资质": "高企(2024)",
            "成立年份": "2019",
        }
    ]
    assert table.row_numbers == [4]


def test_vertically_merged_header_cells_take_the_top_value(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "所在区", "资质信息", None])
    ws.append([None, None, None, "资质", "成立年份"])
    for rng in ("A1:A2", "B1:B2", "C1:C2", "D1:E1"):
        ws.merge_cells(rng)
    ws.append([code(8), "竖向合并科技有限公司", "松江区", "瞪羚企业", 2020])
    path = tmp_path / "企业.xlsx"
    wb.save(path)
    [table] = read_file(path)
    assert table.rows[0] == {
        "统一社会信用代码": code(8),
        "企业名称": "竖向合并科技有限公司",
        "所在区": "松江区",
        "资质": "瞪羚企业",
        "成立年份": "2020",
    }


def test_formulas_are_read_as_text_never_evaluated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "企业名单.csv", ENTERPRISE_HEADER, [[code(1), '=HYPERLINK("x")', "松江区"]])
    assert read_file(path)[0].rows[0]["企业名称"] == '=HYPERLINK("x")'


def test_english_alias_headers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "firms.csv", ["credit_code", "name", "district"], [[code(1), "甲科技", "松江区"]]
    )
    [table] = read_file(path)
    assert table.template == "enterprise"


def test_ambiguous_headers_are_decided_by_the_file_name(tmp_path: Path) -> None:
    header = ["名称", "类型"]
    assert (
        read_file(write_csv(tmp_path / "创新载体.csv", header, [["某孵化器", "孵化器"]]))[0].template
        == "carrier"
    )
    assert (
        read_file(write_csv(tmp_path / "高校院所.csv", header, [["东华大学", "高校"]]))[0].template
        == "institution"
    )
    with pytest.raises(IngestError, match="fit several templates"):
        read_file(write_csv(tmp_path / "list.csv", header, [["东华大学", "高校"]]))


def test_unrecognisable_files_say_why(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no header row"):
        read_file(write_csv(tmp_path / "x.csv", ["foo", "bar"], [["1", "2"]]))
    with pytest.raises(IngestError, match="closest 企业名单, missing 企业名称"):
        read_file(write_csv(tmp_path / "y.csv", ["统一社会信用代码", "所在区"], [[code(1), "松江区"]]))
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(IngestError, match=r"\.xls"):
        read_file(bad)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(IngestError, match="not a readable .xlsx"):
        read_file(broken)


def test_template_docs_are_current() -> None:
    from kg.ingest.template_files import render_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "import-templates.md"
    assert docs.read_text(encoding="utf-8") == render_markdown(), (
        "run `kg templates /tmp/t --docs docs/import-templates.md`"
    )


def test_utf16_tab_separated_text_from_excel_is_detected(tmp_path: Path) -> None:
    # Excel's "Unicode text" export: UTF-16 with BOM, tab-separated (neither UTF-8 nor GB18030)
    path = tmp_path / "企业名单.csv"
    lines = ["\t".join(ENTERPRISE_HEADER[:3]), "\t".join([code(9), "统一码科技有限公司", "松江区"])]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    [table] = read_file(path)
    assert table.rows == [{"统一社会信用代码": code(9), "企业名称": "统一码科技有限公司", "所在区": "松江区"}]


NOTE_HEADER = [*ENTERPRISE_HEADER[:3], "说明"]
QUOTED_NAME = '上海"星,辰"科技有限公司'  # csv.writer writes it as "上海""星,辰""科技有限公司"


def doubled_quote_after_4_kb(path: Path) -> Path:
    """Plain rows past the first 4 KB (all a sniffer used to look at), then the quoted name."""
    plain = [[code(i), f"普通{i}号科技有限公司", "松江区", ""] for i in range(1, 120)]
    write_csv(path, NOTE_HEADER, [*plain, [code(500), QUOTED_NAME, "松江区", "备注"]])
    assert path.read_bytes().index(b'""') > 4096
    return path


def test_a_doubled_quote_after_the_first_4_kb_is_read_as_written(tmp_path: Path) -> None:
    [table] = read_file(doubled_quote_after_4_kb(tmp_path / "企业名单.csv"))
    assert table.rows[-1] == {
        "统一社会信用代码": code(500),
        "企业名称": QUOTED_NAME,
        "所在区": "松江区",
        "说明": "备注",
    }
    assert table.problems == []


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_files_read_with_commas_inside_cells(tmp_path: Path, delimiter: str) -> None:
    # the header decides: the rows' commas (and a doubled quote) are text inside cells
    path = tmp_path / "企业名单.csv"
    lines = [
        delimiter.join(NOTE_HEADER),
        delimiter.join([code(1), "甲,乙科技有限公司", "松江区", "a,b,c"]),
        delimiter.join([code(2), '"丙""丁""科技有限公司"', "松江区", ""]),
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    [table] = read_file(path)
    assert [r["企业名称"] for r in table.rows] == ["甲,乙科技有限公司", '丙"丁"科技有限公司']
    assert table.rows[0]["说明"] == "a,b,c" and table.problems == []


def test_a_title_line_without_delimiters_leaves_the_choice_to_the_header(tmp_path: Path) -> None:
    path = tmp_path / "企业名单.csv"
    rows = ["2025年松江区企业名单", ";".join(NOTE_HEADER[:3]), ";".join([code(1), "甲,乙科技", "松江区"])]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    [table] = read_file(path)
    assert table.rows == [{"统一社会信用代码": code(1), "企业名称": "甲,乙科技", "所在区": "松江区"}]
    assert table.row_numbers == [3]


def test_trailing_empty_fields_are_not_an_error(tmp_path: Path) -> None:
    """Excel writes a comma for every column any row used: empty fields past the header moved no
    value away from its column, so the row reads as written."""
    path = tmp_path / "企业名单.csv"
    lines = [",".join(ENTERPRISE_HEADER[:3]), f"{code(1)},甲科技有限公司,松江区,,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [table] = read_file(path)
    assert table.problems == []
    assert list(table.rows[0].values()) == [code(1), "甲科技有限公司", "松江区"]
