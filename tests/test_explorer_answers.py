"""The planner-defensible answers (#14) where a planner reads them: the stored collaboration results,
the 断链补链 page, the 产业链图谱 segment details and the downloads — on the hand-worked ecosystem
of tests/test_analyses_answers.py (TOP: the only firm of 超表面, already 科技领军企业; 终端: no
research partner, nearest field 通信系统 of 基站; 基站: U1 only through its expert X1; PUB: a
public record whose partners are 未掌握)."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from kg.analyses import collab, store
from kg.analyses.gaps import chain_gaps
from kg.explorer import downloads, tables
from kg.explorer.safe import unescape
from tests.test_analyses_answers import ecosystem
from tests.test_explorer_app import PAGES, TIMEOUT, texts


@pytest.fixture(scope="module")
def eco_graph(session_graph):  # noqa: ANN001 - fixture from conftest
    from tests.conftest import wipe

    wipe(session_graph)
    return ecosystem().load_into(session_graph)


def shown(at: AppTest) -> str:
    return unescape(texts(at))


def gaps_page(chain: str = "6G") -> AppTest:
    at = AppTest.from_file(str(PAGES / "gaps.py"), default_timeout=TIMEOUT).run()
    at.selectbox(key="gap-chain").set_value(chain).run()
    assert not at.exception, at.exception
    return at


def frames_with(at: AppTest, column: str) -> list:
    return [df.value for df in at.dataframe if column in df.value.columns]


# -- 1. the stored results carry the unknowns and the reasons -------------------------------------


def test_stored_results_carry_unknown_partners_and_empty_reasons(eco_graph, monkeypatch) -> None:  # noqa: ANN001
    store.refresh(eco_graph)
    found = store.load(eco_graph)
    assert found is not None and not found.stale
    assert [f["name"] for f in found.partners_unknown] == ["PUB"]
    assert found.partners_unknown[0]["research_partners"] == "未掌握"
    assert "跨链连接" in found.empty_reasons["bridges"] and "isolates" not in found.empty_reasons
    fresh = collab.analyse(eco_graph)
    assert found.partners_unknown == fresh.partners_unknown and found.empty_reasons == fresh.empty_reasons

    def no_compute(*_a, **_k):  # noqa: ANN002, ANN003, ANN202 - the report must not compute
        raise AssertionError("computed although current results are stored")

    monkeypatch.setattr(collab, "analyse", no_compute)
    report = collab.collaboration_report(eco_graph)
    assert [f["name"] for f in report["partners_unknown"]] == ["PUB"]
    assert report["empty_reasons"] == found.empty_reasons
    assert set(report["answers"]) == {"brokers", "communities", "isolates", "bridges", "recommendations"}


# -- 2. 断链补链: advice per action, research note, partners with evidence; the downloads ------------


def test_gap_table_and_download_carry_advice_note_and_evidence(eco_graph) -> None:  # noqa: ANN001
    rows = {r["环节"]: r for r in tables.gap_table(chain_gaps(eco_graph, "6G"))}
    assert "TOP：已处最高梯度（科技领军企业），无需再升梯度" in rows["超表面"]["强链建议"]
    assert "培育至" not in rows["超表面"]["强链建议"]
    note = rows["终端"]["科研伙伴说明"]
    assert "未掌握" in note and "通信系统（相邻环节基站" in note
    assert "U1【通信系统：经 X1（U1）】" in rows["基站"]["科研合作依据"]
    assert "X1（U1）" in rows["基站"]["产学研对接建议"]
    assert rows["射频芯片"]["补链建议"] == "" and rows["射频芯片"]["科研伙伴说明"] == ""
    table = list(csv.DictReader(io.StringIO(downloads.csv_bytes(list(rows.values())).decode("utf-8-sig"))))
    by_segment = {r["环节"]: r for r in table}
    assert "无需再升梯度" in by_segment["超表面"]["强链建议"]
    assert "经 X1（U1）" in by_segment["基站"]["科研合作依据"]
    assert "未掌握" in by_segment["终端"]["科研伙伴说明"]


def test_gaps_page_top_rank_firm_gets_no_upgrade_advice(eco_graph) -> None:  # noqa: ANN001
    at = gaps_page()
    table = at.dataframe[0].value.set_index("环节")
    assert "无需再升梯度" in table.loc["超表面", "强链建议"]
    at.selectbox(key="gap-detail").set_value("6G/超表面").run()
    assert not at.exception, at.exception
    page = shown(at)
    assert "强链**：TOP：已处最高梯度（科技领军企业），无需再升梯度" in page
    assert "培育至" not in page
    assert "补链**：招引区外企业：O1（高新技术企业" in page


def test_gaps_page_segment_without_partner_shows_no_data_and_nearest_field(eco_graph) -> None:  # noqa: ANN001
    at = gaps_page()
    at.selectbox(key="gap-detail").set_value("6G/终端").run()
    assert not at.exception, at.exception
    page = shown(at)
    assert "科研伙伴**：" in page and "未掌握" in page and "通信系统（相邻环节基站，2个科研伙伴）" in page
    # the empty lists say why (终端 is 断链: no local firm, nothing to strengthen)
    assert "为空：强链对象只针对弱链环节（本环节为断链）" in page
    assert "为空：本环节没有技术领域相同的科研伙伴（最近的领域见上方“科研伙伴”说明）" in page


def test_gaps_page_university_partner_shows_via_its_expert(eco_graph) -> None:  # noqa: ANN001
    at = gaps_page()
    at.selectbox(key="gap-detail").set_value("6G/基站").run()
    assert not at.exception, at.exception
    [partners] = frames_with(at, "依据")
    by_name = dict(zip(partners["名称"], partners["依据"], strict=True))
    assert by_name["U1"] == "通信系统：经 X1（U1）"
    affiliation = dict(zip(partners["名称"], partners["所属单位"], strict=True))
    assert affiliation == {"U1": "—", "X1": "U1"}  # a university is its own organisation, not 未掌握


def test_gaps_page_empty_table_and_strong_chain_say_why(eco_graph) -> None:  # noqa: ANN001
    at = gaps_page()
    at.text_input[0].set_value("没有这个词").run()
    assert len(at.dataframe[0].value) == 0
    page = shown(at)
    assert "为空：“6G”产业链共4个环节，但没有环节同时符合筛选条件：关键词“没有这个词”" in page
    at = gaps_page("卫星")  # its only segment 制造 is 强链
    page = shown(at)
    assert "为空：本链的1个环节都是强链" in page


# -- 2. 产业链图谱: the same in the segment details panel ------------------------------------------


def test_chain_map_details_show_advice_note_and_evidence(eco_graph) -> None:  # noqa: ANN001
    at = AppTest.from_file(str(PAGES / "chain_map.py"), default_timeout=TIMEOUT).run()
    at.selectbox(key="chain").set_value("6G").run()
    at.segmented_control[0].set_value("超表面").run()
    assert not at.exception, at.exception
    assert "无需再升梯度" in shown(at) and "培育至" not in shown(at)
    at.segmented_control[0].set_value("终端").run()
    assert "未掌握" in shown(at) and "通信系统（相邻环节基站" in shown(at)
    at.segmented_control[0].set_value("基站").run()
    [partners] = frames_with(at, "依据")
    assert "通信系统：经 X1（U1）" in set(partners["依据"])


# -- the CLI says the same ---------------------------------------------------------------------------


def test_cli_gaps_and_collab_show_evidence_unknowns_and_reasons(eco_graph) -> None:  # noqa: ANN001
    from tests.conftest import run_kg

    out = run_kg("gaps", "--chain", "6G", "--format", "csv", check=True).stdout
    by_segment = {r["segment"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert "U1【通信系统：经 X1（U1）】" in by_segment["基站"]["research_evidence"]
    assert "无需再升梯度" in by_segment["超表面"]["advice"]
    store.refresh(eco_graph)
    out = run_kg("collab", check=True).stdout
    assert "== partners_unknown (1) ==" in out and "PUB" in out and "未掌握" in out
    assert "bridges：跨链连接" in out


# -- 1. … and follow an import (last: it empties the graph) ---------------------------------------


def test_stored_unknowns_and_reasons_follow_an_import(graph, tmp_path) -> None:  # noqa: ANN001
    from kg.ingest import import_files
    from tests.ingest_helpers import big_files, ecosystem_files

    import_files(graph, ecosystem_files(tmp_path))  # the import computes and stores the analyses
    first = store.load(graph)
    now = collab.analyse(graph)
    assert not first.stale
    assert (first.partners_unknown, first.empty_reasons) == (now.partners_unknown, now.empty_reasons)
    more = tmp_path / "more"
    more.mkdir()
    import_files(graph, big_files(more, 40))
    second = store.load(graph)
    now = collab.analyse(graph)
    assert not second.stale and second.version != first.version
    assert (second.partners_unknown, second.empty_reasons) == (now.partners_unknown, now.empty_reasons)
