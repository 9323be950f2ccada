"""数据导入: editors sign in, download templates, upload lists, see every problem and a preview of
what the import will do, confirm (one all-or-nothing transaction), read the history and undo.

Viewers (not signed in) see only the sign-in form. Uploaded files stay in memory under their own
base name (used as a label only, never as a path). Names from files are shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
import streamlit as st

from kg.auth import session
from kg.explorer import ui
from kg.explorer.safe import md
from kg.graph.schema import load_schema
from kg.graph.writelock import WriterBusy
from kg.ingest import history
from kg.ingest.api import describe_list, import_tables, validate
from kg.ingest.model import ImportRejected, IngestError, Problem, Table, count
from kg.ingest.proposal import ColumnsProposal, parse_columns
from kg.ingest.readers import read_csv, read_xlsx
from kg.ingest.template_files import write_template
from kg.ingest.templates import templates
from kg.vocab import YEAR_FLOOR

UPLOAD_MB = 20  # per file on the page; larger lists go through `kg import`
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEM_COLUMNS = {"level": "级别", "file": "文件", "row": "行", "column": "列", "value": "值",
                   "reason": "原因", "suggestion": "建议"}  # fmt: skip
LEVEL_ZH = {"error": "错误", "warning": "警告"}
QUIET = {"search_text"}  # derived from name and aliases: shown through those
NOT_A_LIST = "（不是认定名单）"


@st.cache_data(show_spinner=False)
def template_bytes(key: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_template(templates()[key], Path(tmp)).read_bytes()


def read_upload(name: str, data: bytes, columns: Mapping[str, str] | None = None) -> list[Table]:
    """One uploaded file → tables; only .xlsx and .csv, never touching the disk. ``columns`` as
    ``kg import --columns`` (which header of the file is which template column)."""
    label = PurePath(name.replace("\\", "/")).name or "upload"
    suffix = PurePath(label).suffix.lower()
    if len(data) > UPLOAD_MB * 2**20:
        raise IngestError(
            f"{label}：超过页面上传上限 {UPLOAD_MB} MB；请拆分文件，或在服务器上用 kg import 导入"
        )
    if suffix == ".csv":
        return read_csv(Path(label), data, columns)
    if suffix == ".xlsx":
        return read_xlsx(Path(label), data, columns)
    raise IngestError(f"{label}：只接受 .xlsx 或 .csv 文件")


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    rows = [p.as_row() for p in problems]
    for r in rows:
        r["level"] = LEVEL_ZH.get(r["level"], r["level"])
        r["row"] = str(r["row"])
    return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS)).rename(columns=PROBLEM_COLUMNS)


def preview(journal: history.Journal) -> None:
    """What the import will do, from the dry run's journal (rolled back, nothing written)."""
    created = Counter(label for label, _ in journal.created_nodes)
    rels = Counter(k[0] for k in journal.created_rels)
    c1, c2, c3 = st.columns(3)
    c1.metric("新建节点", sum(created.values()))
    c2.metric("新建关系", sum(rels.values()))
    c3.metric("属性有变化的已有节点", len(journal.changed_nodes))
    if created:
        st.markdown("**新建节点（按类别）**")
        st.dataframe(pd.DataFrame(created.most_common(), columns=["类别", "数量"]), hide_index=True)
    matched = [
        {
            "企业": journal.before_nodes[k].get("name", k[1]),
            "uid": k[1],
            "匹配方式": "统一社会信用代码" if journal.planned_code.get(k) == k[1] else "名称或别名",
        }
        for k in journal.node_keys
        if k[0] == "Enterprise" and k in journal.before_nodes
    ]
    st.markdown(f"**匹配到的已有企业（{len(matched)}）**")
    if matched:
        st.dataframe(pd.DataFrame(matched), hide_index=True)
    changes = [
        {"类别": label, "uid": uid, "属性": prop, "原值": _text(old), "新值": _text(new)}
        for label, uid, change in journal.changed_nodes
        for prop, (old, new) in change.items()
        if prop not in QUIET
    ]
    st.markdown(f"**属性变化（{len(changes)}）**")
    if changes:
        st.dataframe(pd.DataFrame(changes), hide_index=True)
    if rels:
        st.markdown("**新建关系（按类型）**")
        st.dataframe(pd.DataFrame(rels.most_common(), columns=["关系类型", "数量"]), hide_index=True)


def _text(value: Any) -> str:
    if value is None:
        return "（无此属性）"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def list_kind(key: str) -> tuple[str | None, int]:
    """What this file is (as ``kg import --list-kind … --year …``): a tier, or None, and its year."""
    this_year = dt.date.today().year
    c1, c2 = st.columns(2)
    tiers = [t.name for t in load_schema().tiers]
    kind = c1.selectbox("名单类型（认定名单：每一行都获得该资质）", [NOT_A_LIST, *tiers], key=f"kind-{key}")
    year = c2.number_input(
        "认定年份（行内没有认定日期/发证日期时）",
        min_value=YEAR_FLOOR,
        max_value=this_year,
        value=this_year,
        key=f"year-{key}",
    )
    return (None if kind == NOT_A_LIST else kind), int(year)


def column_mapping(key: str, found: ColumnsProposal) -> None:
    """The importer's proposal as an editable table; applied to the next read of the file."""
    st.warning(md(found.reason))
    frame = pd.DataFrame(
        {"文件中的列": found.headers, "模板的列": [found.mapping.get(h, "") for h in found.headers]}
    )
    edited = st.data_editor(frame, disabled=["文件中的列"], hide_index=True, key=f"map-{key}")
    if st.button("按此列对应读取", key=f"apply-{key}"):
        pairs = [f"{a}={b}" for a, b in zip(edited["文件中的列"], edited["模板的列"], strict=True) if b]
        try:
            st.session_state[f"columns-{key}"] = parse_columns(",".join(pairs))
        except IngestError as exc:
            st.error(md(str(exc)))
            return
        st.rerun()


def history_section(editor: str) -> None:
    st.subheader("导入记录")
    g = ui.graph()
    recs = ui.run(history.records, graph=g, light=True)
    if not recs:
        st.info("还没有导入记录。")
        return
    rows = [r.summary() for r in reversed(recs)]
    frame = pd.DataFrame(rows)[
        ["id", "status", "who", "at", "files", "rows", "nodes_created", "relationships_created",
         "nodes_changed", "undone_at"]
    ].rename(columns={"id": "编号", "status": "状态", "who": "导入人", "at": "时间", "files": "文件",
                      "rows": "行数", "nodes_created": "新建节点", "relationships_created": "新建关系",
                      "nodes_changed": "改动节点", "undone_at": "撤销时间"})  # fmt: skip
    frame["状态"] = frame["状态"].map({"committed": "已导入", "undone": "已撤销", "pending": "未确认"})
    st.dataframe(frame, hide_index=True)
    live = [r.id for r in reversed(recs) if r.status == "committed" and not history.is_base_dataset(r)]
    if any(r.status == "committed" and history.is_base_dataset(r) for r in recs):
        st.caption("默认数据集的导入（导入人 default:…）是其余名单的基础，不能在页面上撤销，需由管理员操作。")
    if not live:
        return
    c1, c2 = st.columns([1, 3])
    # nothing chosen until the editor picks one: an undo is never one click away by default
    rid = c1.selectbox("撤销哪一次导入（编号）", live, key="undo-id", index=None, placeholder="选择编号")
    if c2.button("撤销这次导入", key="undo", disabled=rid is None):
        try:
            rec = history.undo(g, rid, who=f"editor:{editor}")
        except (history.UndoRefused, WriterBusy) as exc:
            st.error(md(str(exc)))
            return
        except ui.FAILURES as exc:
            ui.fail(exc)
        st.cache_data.clear()
        restored = len(rec.changed_nodes) + len(rec.changed_rels)
        st.success(
            f"已撤销导入 {rec.id}：删除 {len(rec.created_nodes)} 个节点、"
            f"{len(rec.created_rels)} 条关系，恢复 {restored} 处属性"
        )


st.title("数据导入")
editor = session.require_editor("导入、预览和撤销名单")

top = st.columns([4, 1])
top[0].caption(f"已登录：{md(editor)}（编辑）。登录 30 分钟无操作后失效。")
if top[1].button("退出登录", key="sign-out"):
    session.sign_out()
    st.rerun()

with st.expander("下载导入模板（.xlsx，带 * 的列必填）"):
    cols = st.columns(4)
    for i, (key, tpl) in enumerate(templates().items()):
        cols[i % 4].download_button(
            tpl.zh, template_bytes(key), file_name=f"{tpl.zh}.xlsx", mime=XLSX, key=f"tpl-{key}"
        )

uploads = st.file_uploader(
    f"上传名单（.xlsx 或 .csv，每个文件不超过 {UPLOAD_MB} MB；可一次选多个文件作为一次导入）",
    type=["xlsx", "csv"],
    accept_multiple_files=True,
    max_upload_size=UPLOAD_MB,
    key="uploads",
)
if uploads:
    tables: list[Table] = []
    problems: list[Problem] = []
    for f in uploads:
        label = PurePath(f.name.replace("\\", "/")).name
        key = f"{label}:{hashlib.sha256(f.getvalue()).hexdigest()[:12]}"  # one file, one choice
        with st.expander(f"{label}：名单类型与列对应", expanded=True):
            kind, year = list_kind(key)
            try:
                file_tables = read_upload(f.name, f.getvalue(), st.session_state.get(f"columns-{key}"))
                if kind is not None:
                    describe_list(file_tables, {}, kind, year)
            except ColumnsProposal as exc:
                column_mapping(key, exc)
                problems.append(
                    Problem(label, None, "", "", exc.reason, "在上表核对列对应后点“按此列对应读取”")
                )
                continue
            except IngestError as exc:
                problems.append(Problem(label, None, "", "", str(exc)))
                continue
        tables.extend(file_tables)
    g = ui.graph()
    problems += ui.run(validate, tables, g)
    errors = count(problems, "error")
    rows = sum(len(t.rows) for t in tables)
    st.subheader("校验结果")
    st.caption(
        f"{rows} 行、{len(tables)} 张表：{errors} 个错误，{count(problems, 'warning')} 个警告（歧义与提醒）。"
    )
    if problems:
        st.dataframe(problems_frame(problems), hide_index=True)
    if errors:
        st.error("名单有错误，未导入，图谱没有任何改动。请按上表改正后重新上传。")
    else:
        journal = history.Journal(who=f"editor:{editor}")
        try:
            report = import_tables(g, tables, dry_run=True, journal=journal)
        except ImportRejected as exc:
            st.dataframe(problems_frame(exc.problems), hide_index=True)
            st.stop()
        except WriterBusy as exc:
            st.error(md(str(exc)))
            st.stop()
        except ui.FAILURES as exc:
            ui.fail(exc)
        st.subheader("导入预览（尚未写入）")
        preview(journal)
        digest = ",".join(sorted(f["sha256"] for f in history.file_list(tables)))
        if st.button("确认导入", type="primary", key=f"confirm-{digest[:24]}"):
            done = history.Journal(who=f"editor:{editor}")
            try:
                report = import_tables(g, tables, journal=done)
            except ImportRejected as exc:
                st.error("图谱在预览后有变化，名单现在有错误，未导入：")
                st.dataframe(problems_frame(exc.problems), hide_index=True)
                st.stop()
            except WriterBusy as exc:
                st.error(md(str(exc)))
                st.stop()
            except ui.FAILURES as exc:
                ui.fail(exc)
            st.cache_data.clear()
            rid = done.record.id if done.record else "?"
            st.success(
                f"已导入（记录编号 {rid}）：新建 {report.nodes_created} 个节点、"
                f"{report.relationships_created} 条关系；可在下方导入记录中撤销。"
            )

history_section(editor)
