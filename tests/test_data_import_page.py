"""The 数据导入 page in AppTest against the real server, and the editor accounts behind it."""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg.auth import accounts, throttle
from kg.ingest import import_files
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import ENTERPRISE_HEADER, code, ecosystem_files, write_csv

PAGE = Path(__file__).resolve().parents[1] / "kg" / "explorer" / "pages" / "data_import.py"
PASSWORD = "correct horse battery"


def editor() -> str:
    name = f"ed{uuid.uuid4().hex[:8]}"
    accounts.add(name, PASSWORD, "editor")
    return name


def signed_in(name: str) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    now = time.time()
    at.session_state["editor_session"] = {"name": name, "since": now, "seen": now}
    return at


def csv_bytes(tmp: Path, rows: list[list[object]]) -> bytes:
    return write_csv(tmp / "list.csv", ENTERPRISE_HEADER, rows).read_bytes()


@pytest.fixture()
def base(graph, tmp_path: Path):  # noqa: ANN001 - conftest fixture
    (tmp_path / "base").mkdir()
    import_files(graph, ecosystem_files(tmp_path / "base"))
    return graph


def test_a_viewer_sees_only_the_sign_in_form(base) -> None:  # noqa: ANN001
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    assert not at.exception
    assert not at.file_uploader  # the upload is unreachable without signing in
    assert [t.label for t in at.text_input] == ["账户名", "密码"]
    assert not at.get("download_button")


def test_five_wrong_passwords_lock_the_account_in_that_browser_only(graph, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(throttle, "SLOWDOWN_BASE", 0.01)
    name = editor()
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    for attempt in range(5):
        at.text_input(key="sign-in-name").input(name)
        at.text_input(key="sign-in-password").input(f"wrong password {attempt}")
        at.button[0].click().run()
        assert not at.file_uploader
    assert "锁定" in at.error[0].value
    at.text_input(key="sign-in-name").input(name)
    at.text_input(key="sign-in-password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.file_uploader and "已锁定" in at.error[0].value  # even the right password
    shown = [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any(PASSWORD in str(text) for text in shown)  # a password is never shown
    assert "editor_session" not in at.session_state
    assert throttle.delay_for(2) > throttle.delay_for(1) > 0  # each failure waits longer
    # the editor's own browser (another session; loopback gives no address) signs in at once
    own = AppTest.from_file(str(PAGE), default_timeout=120).run()
    own.text_input(key="sign-in-name").input(name)
    own.text_input(key="sign-in-password").input(PASSWORD)
    own.button[0].click().run()
    assert not own.exception, own.exception
    assert len(own.file_uploader) == 1 and not own.error


def test_the_right_password_signs_in_and_shows_the_upload(base) -> None:  # noqa: ANN001
    name = editor()
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    at.text_input(key="sign-in-name").input(name)
    at.text_input(key="sign-in-password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert len(at.file_uploader) == 1
    assert set(at.file_uploader[0].allowed_type) == {".xlsx", ".csv"}


def test_an_expired_session_asks_to_sign_in_again(base) -> None:  # noqa: ANN001
    at = signed_in(editor())
    now = time.time()
    name = at.session_state["editor_session"]["name"]
    at.session_state["editor_session"] = {"name": name, "since": now - 3600, "seen": now - 31 * 60}
    at.run()
    assert not at.file_uploader and "过期" in at.info[0].value


def test_a_bad_list_shows_every_problem_and_changes_nothing(base, tmp_path: Path) -> None:  # noqa: ANN001
    before = count_all(base)
    bad = csv_bytes(
        tmp_path,
        [
            ["91310117MA1234567X", "坏代码测试有限公司", "松江区", "", "卫星互联网", "卫星制造", "", 2020],
            [code(21), "", "松江区", "", "不存在的链", "", "", "去年"],
        ],
    )
    at = signed_in(editor()).run()
    at.file_uploader[0].set_value([("../../etc/企业名单.csv", bad, "text/csv")]).run()
    assert not at.exception, at.exception
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["级别", "文件", "行", "列", "值", "原因", "建议"]
    assert len(problems) >= 3 and set(problems["行"]) >= {"2", "3"}
    assert set(problems["文件"]) == {"企业名单.csv"}  # the base name only, never the path given
    assert "未导入" in at.error[0].value
    assert not [b for b in at.button if b.label == "确认导入"]
    assert count_all(base) == before


def test_a_good_list_is_previewed_then_imported_and_recorded(base, tmp_path: Path) -> None:  # noqa: ANN001
    name = editor()
    before = count_all(base)
    good = csv_bytes(
        tmp_path,
        [
            [code(1), "上海星链测试科技有限公司", "松江区", "", "卫星互联网", "卫星制造", "", 2016],
            [
                code(22),
                "![x](http://evil/x.png)新材料有限公司",
                "松江区",
                "",
                "卫星互联网",
                "卫星应用",
                "",
                2022,
            ],
        ],
    )
    at = signed_in(name).run()
    at.file_uploader[0].set_value([("企业名单.csv", good, "text/csv")]).run()
    assert not at.exception, at.exception
    assert count_all(base) == before  # the preview is a rolled-back dry run
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["新建节点"]) == 1 and int(metrics["属性有变化的已有节点"]) >= 1
    frames = [d.value for d in at.dataframe]
    changes = next(f for f in frames if "原值" in f.columns)
    row = changes[(changes["uid"] == code(1)) & (changes["属性"] == "founded_year")]
    assert list(row["原值"]) == ["2015"] and list(row["新值"]) == ["2016"]
    matched = next(f for f in frames if "匹配方式" in f.columns)
    assert list(matched["匹配方式"]) == ["统一社会信用代码"]
    [confirm] = [b for b in at.button if b.label == "确认导入"]
    confirm.click().run()
    assert not at.exception, at.exception
    assert "已导入" in at.success[0].value
    assert count_all(base)[0] == before[0] + 2  # the new firm and the import's ImportRun
    names = base.driver.execute_query(
        "MATCH (e:Enterprise {uid: $c}) RETURN e.name AS n", c=code(22), database_=base.database
    ).records
    assert [r["n"] for r in names] == ["![x](http://evil/x.png)新材料有限公司"]
    listed = json.loads(run_kg("imports", "list", "--format", "json").stdout)
    assert listed[-1]["who"] == f"editor:{name}" and listed[-1]["status"] == "committed"
    assert listed[-1]["files"][0]["name"] == "企业名单.csv"


def test_accounts_file_is_owner_only_and_never_holds_the_password(kg_env) -> None:  # noqa: ANN001
    added = run_kg(
        "users", "add", "clitest", "--role", "editor", "--password-stdin", input_text=PASSWORD + "\n"
    )
    assert added.returncode == 0, added.stderr
    path = accounts.accounts_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "$argon2id$" in text
    listed = run_kg("users", "list")
    assert "clitest" in listed.stdout and "argon2" not in listed.stdout and PASSWORD not in listed.stdout
    assert PASSWORD not in added.stdout + added.stderr
    assert run_kg("users", "remove", "clitest").returncode == 0
    assert "clitest" not in run_kg("users", "list").stdout


def test_the_undo_picker_starts_empty_and_never_offers_the_default_dataset(graph, tmp_path: Path) -> None:  # noqa: ANN001
    from kg.ingest import history

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    import_files(graph, ecosystem_files(tmp_path / "a"), who=history.base_dataset_who())
    base_id = history.records()[-1].id
    files = ecosystem_files(tmp_path / "b")
    write_csv(files[0], ENTERPRISE_HEADER, [[code(777), "撤销测试科技有限公司", "松江区"]])
    import_files(graph, [files[0]], who="os:planner")
    later_id = history.records()[-1].id
    at = signed_in(editor()).run()
    assert not at.exception
    picker = at.selectbox(key="undo-id")
    assert picker.value is None  # nothing is one click from being undone
    assert later_id in picker.options and base_id not in picker.options
    assert next(b for b in at.button if b.key == "undo").disabled
    assert any("默认数据集的导入" in c.value for c in at.caption)


def test_a_certification_list_and_a_column_mapping_on_the_page(base, tmp_path: Path) -> None:  # noqa: ANN001
    """The page offers what `kg import --list-kind --columns` do: a tier per file, the proposal as
    an editable table, applied before validation."""
    name = editor()
    data = write_csv(
        tmp_path / "认定名单.csv",
        ["序号", "申报主体", "社会统一信用代码", "所在区", "发证日期"],
        [[1, "页面认定科技有限公司", code(71), "松江区", "2023-12-01"]],
    ).read_bytes()
    at = signed_in(name).run()
    at.file_uploader[0].set_value([("认定名单.csv", data, "text/csv")]).run()
    assert not at.exception, at.exception
    assert "缺少必填列 企业名称" in at.warning[0].value
    at.selectbox[0].set_value("高新技术企业")
    [apply] = [b for b in at.button if b.label == "按此列对应读取"]
    apply.click().run()  # the proposal as shown: 申报主体 → 企业名称
    assert not at.exception, at.exception
    assert not at.warning and int({m.label: m.value for m in at.metric}["新建节点"]) == 1
    [confirm] = [b for b in at.button if b.label == "确认导入"]
    confirm.click().run()
    assert "已导入" in at.success[0].value
    rows = base.driver.execute_query(
        "MATCH (e:Enterprise {uid: $c})-[r:CERTIFIED]->(t:Tier) RETURN e.name AS n, t.name AS t, r.year AS y",
        c=code(71),
        database_=base.database,
    ).records
    assert [(r["n"], r["t"], r["y"]) for r in rows] == [("页面认定科技有限公司", "高新技术企业", 2023)]
