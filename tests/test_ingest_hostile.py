"""Hostile and oversized inputs: every one ends in a clear Chinese problem with file, row and column
(or one line for a file that cannot be read at all), never a traceback or a silent loss of rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from kg.graph.schema import SCHEMA_FILE
from kg.ingest import IngestError, Problem, import_files, read_file, validate
from kg.ingest.failures import heap_hint
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import COLLABORATION_HEADER, ENTERPRISE_HEADER, code, write_csv, write_xlsx
from tests.test_ingest_import import q

HEADER = ",".join(ENTERPRISE_HEADER[:3])


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


def schema_with_limits(tmp_path: Path, **limits: int) -> Path:
    raw = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    raw["import_limits"].update(limits)
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_stray_quote_cannot_swallow_rows_silently(kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    lines = [HEADER] + [f"{code(i)},企业{i}号科技有限公司,松江区" for i in range(1, 8)]
    lines[2] = f'{code(2)},"企业2号科技有限公司,松江区'  # one unbalanced quote on line 3
    path = tmp_path / "企业名单.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [table] = read_file(path)
    assert len(table.rows) == 2  # the reader saw two records where the file has seven rows …
    found = errors(validate([table]))
    # … and validation says so, on the line where the swallowing cell starts
    spanning = [p for p in found if "跨越" in p.reason]
    assert [(p.file, p.row, p.column) for p in spanning] == [("企业名单.csv", 3, "企业名称")]
    assert "第3–8行" in spanning[0].reason and "未配对的英文双引号" in spanning[0].reason
    result = run_kg("validate", str(path))
    assert result.returncode == 1 and "未配对的英文双引号" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_line_break_inside_a_quoted_cell_is_only_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "企业名单.csv"
    text = f'{HEADER},说明\n{code(1)},换行科技有限公司,松江区,"第一行\n第二行"\n{code(2)},乙科技,松江区,\n'
    path.write_text(text, encoding="utf-8")
    [table] = read_file(path)
    assert table.row_numbers == [2, 4]  # line numbers as an editor shows them
    problems = validate([table])
    assert errors(problems) == []
    [warning] = [p for p in problems if "换行" in p.reason]
    assert (warning.row, warning.column, warning.level) == (2, "说明", "warning")


def test_invisible_characters_are_removed_reported_and_names_match(graph, tmp_path: Path) -> None:
    institutions = write_csv(
        tmp_path / "高校院所.csv",
        ["名称", "类型"],
        [["东华大学", "高校"], ["上海\u2060测试研究院", "科研院所"]],
    )
    firms = write_csv(
        tmp_path / "企业名单.csv", ENTERPRISE_HEADER[:3], [[code(1), "软\u00adhyphen科技有限公司", "松江区"]]
    )
    collabs = write_csv(
        tmp_path / "合作关系.csv",
        COLLABORATION_HEADER[:2],
        [[code(1), "东华\u200b大学"], ["东华大学", "上海测试研究院"]],
    )
    tables = [t for p in (institutions, firms, collabs) for t in read_file(p)]
    problems = validate(tables)
    assert errors(problems) == []
    removed = sorted((p.file, p.row, p.column, p.reason) for p in problems if "不可见字符" in p.reason)
    assert removed == [
        ("企业名单.csv", 2, "企业名称", "已删除不可见字符 U+00AD"),
        ("合作关系.csv", 2, "乙方", "已删除不可见字符 U+200B"),
        ("高校院所.csv", 3, "名称", "已删除不可见字符 U+2060"),
    ]
    import_files(graph, [institutions, firms, collabs])
    assert q(graph, "MATCH (u:University) RETURN u.name AS n") == [{"n": "东华大学"}]
    assert q(graph, "MATCH (e:Enterprise) RETURN e.name AS n") == [{"n": "软hyphen科技有限公司"}]
    assert q(graph, "MATCH (:Enterprise)-[r:COLLABORATES_WITH]->(u:University) RETURN u.name AS n") == [
        {"n": "东华大学"}
    ]


def test_every_format_character_of_this_python_is_removed() -> None:
    import sys
    import unicodedata

    from kg.ingest.templates import FORMAT_CHARS, strip_invisible

    cf = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    assert "".join(FORMAT_CHARS.findall(cf)) == cf, (
        f"Unicode {unicodedata.unidata_version}: update FORMAT_CHARS"
    )
    assert strip_invisible("东" + cf + "华") == "东华"
    assert not FORMAT_CHARS.search("".join(chr(c) for c in range(0x20, 0x3000) if chr(c) not in cf))


def test_overlong_names_and_cells_fail_validation_not_the_import(graph, tmp_path: Path) -> None:
    huge = "x" * 131073  # beyond the csv module's own field limit
    path = write_csv(
        tmp_path / "企业名单.csv",
        [*ENTERPRISE_HEADER[:3], "说明"],
        [
            [code(1), "长" * 12000, "松江区", ""],
            [code(2), "正常科技", "松江区", huge],
            [code(3), "名" * 400, "松江区", "好"],
            [code(4), "丁", "松江区", "说明可以长一些" * 100],
        ],
    )
    found = errors(validate(read_file(path)))
    assert [(p.row, p.column, p.reason) for p in found] == [
        (2, "企业名称", "单元格过长：12000 字符（上限 10000）"),
        (3, "说明", "单元格过长：131073 字符（上限 10000）"),
        (4, "企业名称", "名称过长：400 字符（上限 300）"),
    ]
    assert len(found[0].value) < 120  # the listing shows a preview, not 12,000 characters
    result = run_kg("import", str(path))
    assert result.returncode == 1 and "名称过长" in result.stdout and "Traceback" not in result.stderr
    assert count_all(graph) == (0, 0)


def _bomb(path: Path, unpacked_mb: int) -> Path:
    """A valid workbook plus one highly compressible part: small on disk, huge unpacked."""
    write_xlsx(path, {"企业名单": (ENTERPRISE_HEADER[:3], [[code(1), "甲", "松江区"]])})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/padding.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(unpacked_mb):
                part.write(block)
    return path


def test_an_xlsx_that_unpacks_to_hundreds_of_mb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "企业名单.xlsx", 300)
    assert path.stat().st_size < 2 * 2**20
    with pytest.raises(IngestError, match=r"解压后为 300 MB，超过 100 MB 的上限"):
        read_file(path)
    result = run_kg("validate", str(path))
    assert result.returncode == 1 and "超过 100 MB 的上限" in result.stdout


def test_rows_per_file_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SCHEMA", str(schema_with_limits(tmp_path, rows_per_file=50)))
    rows = [[code(i), f"企业{i}", "松江区"] for i in range(1, 80)]
    path = write_csv(tmp_path / "企业名单.csv", ENTERPRISE_HEADER[:3], rows)
    with pytest.raises(IngestError, match="超过每个文件 50 行的上限"):
        read_file(path)
    xlsx = write_xlsx(tmp_path / "名单.xlsx", {"企业名单": (ENTERPRISE_HEADER[:3], rows)})
    with pytest.raises(IngestError, match="超过每个文件 50 行的上限"):
        read_file(xlsx)


def test_hundreds_of_thousands_of_errors_are_counted_not_all_listed(tmp_path: Path) -> None:
    rows = [[code(i)[:-1] + "?", f"坏{i}", "松江区"] for i in range(1, 1501)]
    path = write_csv(tmp_path / "企业名单.csv", ENTERPRISE_HEADER[:3], rows)
    found = errors(validate(read_file(path)))
    assert len(found) == 1001
    assert found[-1].reason == "另有 500 个错误未列出（共 1500 个，只列出前 1000 个）"
    assert [p.row for p in found[:3]] == [2, 3, 4]
    result = run_kg("validate", str(path))
    assert result.returncode == 1 and "1500 error(s)" in result.stderr
    assert result.stdout.count("含非法字符") == 1000


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SCHEMA", str(schema_with_limits(tmp_path, file_mb=1)))
    path = tmp_path / "企业名单.csv"
    path.write_bytes((HEADER + "\n").encode() + b"a,b,c\n" * 400000)
    with pytest.raises(IngestError, match="超过 1 MB 的上限"):
        read_file(path)


def test_the_heap_hint_never_suggests_the_heap_in_use(kg_env: dict[str, str]) -> None:
    hint = heap_hint()
    heap = kg_env["KG_HEAP"]  # what the suite's server runs with (its neo4j.conf)
    assert f"当前堆内存 {heap}" in hint
    assert f"KG_HEAP={heap} " not in hint and f"KG_HEAP={heap}（" not in hint
    assert f"KG_HEAP={int(heap[:-1]) * 2}{heap[-1]}" in hint


def test_a_connection_lost_during_commit_is_not_reported_as_nothing_changed(
    graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection at the one point the brief names: the driver's commit loses the connection
    (the server, the data and everything before the commit are real)."""
    from neo4j import Transaction
    from neo4j.exceptions import IncompleteCommit

    from kg.ingest.failures import ImportOutcomeUnknown

    def lost(self: Transaction) -> None:
        raise IncompleteCommit("connection lost while committing")

    monkeypatch.setattr(Transaction, "commit", lost)
    path = write_csv(tmp_path / "企业名单.csv", ENTERPRISE_HEADER[:3], [[code(1), "甲科技", "松江区"]])
    with pytest.raises(ImportOutcomeUnknown) as exc:
        import_files(graph, [path])
    message = str(exc.value)
    assert "导入结果未知" in message and "没有任何改动" not in message and "nothing changed" not in message
    assert "MATCH (r:ImportRun" in message and "imp-" in message
    assert "\n" not in message


def test_a_refused_write_still_says_rolled_back(graph) -> None:
    from neo4j.exceptions import Neo4jError

    from kg.ingest import ImportFailed
    from kg.ingest.failures import ImportOutcomeUnknown, import_failure

    with pytest.raises(Neo4jError) as refused:  # the real server's constraint error
        graph.driver.execute_query("CREATE (:Enterprise {uid: 'a'}), (:Enterprise {uid: 'a'})")
    failure = import_failure(refused.value, "imp-x", committing=True)
    assert isinstance(failure, ImportFailed) and not isinstance(failure, ImportOutcomeUnknown)
    assert "事务已回滚" in str(failure)


def test_a_doubled_quote_name_after_4_kb_is_stored_as_written(graph, tmp_path: Path) -> None:
    from tests.test_ingest_read import QUOTED_NAME, doubled_quote_after_4_kb

    path = doubled_quote_after_4_kb(tmp_path / "企业名单.csv")
    assert run_kg("validate", str(path)).returncode == 0
    import_files(graph, [path])
    assert q(
        graph,
        "MATCH (e:Enterprise {uid: $c}) RETURN e.name AS n, e.district AS d, e.note AS note",
        c=code(500),
    ) == [{"n": QUOTED_NAME, "d": "松江区", "note": "备注"}]


def test_a_row_with_more_fields_than_the_header_is_an_error_and_nothing_is_imported(
    graph, tmp_path: Path
) -> None:
    path = tmp_path / "企业名单.csv"
    # line 3: a hand-written quote that is not doubled ends the cell early, its comma splits it
    lines = [HEADER, f"{code(1)},甲科技有限公司,松江区", f'{code(2)},"上海"星,辰"科技有限公司",松江区']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = errors(validate(read_file(path)))
    assert [(p.file, p.row) for p in found] == [("企业名单.csv", 3)]
    assert "该行有 4 个字段，而表头只有 3 个" in found[0].reason
    result = run_kg("import", str(path))
    assert result.returncode == 1 and "该行有 4 个字段" in result.stdout
    assert count_all(graph) == (0, 0)


def test_a_credit_code_pushed_out_of_its_column_is_still_caught(tmp_path: Path) -> None:
    # the name comes first here: its unquoted comma pushes the code into 所在区
    header = ",".join([ENTERPRISE_HEADER[1], ENTERPRISE_HEADER[0], ENTERPRISE_HEADER[2]])
    path = tmp_path / "企业名单.csv"
    path.write_text(f"{header}\n上海星,辰科技有限公司,{code(1)},松江区\n", encoding="utf-8")
    found = errors(validate(read_file(path)))
    assert {(p.row, p.column) for p in found} == {(2, ""), (2, "统一社会信用代码")}
    [bad_code] = [p for p in found if p.column == "统一社会信用代码"]
    assert bad_code.value == "辰科技有限公司" and "18位" in bad_code.reason
