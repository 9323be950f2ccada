"""The 挂链审核 page in AppTest against the real server: viewers see only the sign-in form; an editor
sees the suggestions as 待确认 with their evidence, and accepting them is a recorded import."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg.analyses.linkreview import rejections_file
from kg.auth import accounts
from kg.ingest import history, import_tables
from kg.ingest.history import history_dir
from tests.conftest import count_all
from tests.ingest_helpers import code
from tests.test_linking_review import IVD, tables

PAGE = Path(__file__).resolve().parents[1] / "kg" / "explorer" / "pages" / "link_review.py"


def segment_links(graph) -> int:  # noqa: ANN001
    return graph.driver.execute_query(
        "MATCH (:Enterprise)-[r:IN_SEGMENT]->() RETURN count(r)", database_=graph.database
    ).records[0][0]


@pytest.fixture()
def eco(graph):  # noqa: ANN001 - conftest fixture
    shutil.rmtree(history_dir(), ignore_errors=True)
    rejections_file().unlink(missing_ok=True)
    import_tables(graph, tables(), who="setup")
    return graph


def page(name: str | None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    if name:
        now = time.time()
        at.session_state["editor_session"] = {"name": name, "since": now, "seen": now}
    return at


def test_a_viewer_sees_only_the_sign_in_form(eco) -> None:  # noqa: ANN001
    at = page(None).run()
    assert not at.exception
    assert not at.dataframe and not [b for b in at.button if b.key == "accept-all"]


def test_an_editor_reviews_and_accepts_with_a_recorded_import(eco) -> None:  # noqa: ANN001
    name = f"ed{uuid.uuid4().hex[:8]}"
    accounts.add(name, "correct horse battery", "editor")
    at = page(name).run()
    at.selectbox(key="chain").set_value("医疗器械").run()
    assert not at.exception, at.exception
    (frame,) = [d.value for d in at.dataframe if "接受" in d.value.columns]
    (preview,) = [d.value for d in at.dataframe if "接受后" in d.value.columns]
    ivd = preview[preview["环节"] == "体外诊断（IVD）"].iloc[0]
    assert (ivd["当前状态"], ivd["本地企业"]) == ("弱链", "1 → 2")
    assert set(frame["状态"]) == {"待确认"}
    row = frame[frame["统一社会信用代码"] == code(2)].iloc[0]
    assert row["环节"] == "体外诊断（IVD）" and "化学发光" in row["依据"]
    assert code(3) not in set(frame["统一社会信用代码"])  # the restaurant
    before = segment_links(eco), count_all(eco)
    assert segment_links(eco) == before[0]  # showing suggestions wrote nothing

    at.button(key="accept-all").click().run()
    assert not at.exception, at.exception
    assert segment_links(eco) == before[0] + 1
    rec = history.records(graph=eco)[-1]
    assert rec.who == f"editor:{name}" and rec.status == "committed"
    rel = eco.driver.execute_query(
        "MATCH (:Enterprise {uid: $u})-[r:IN_SEGMENT]->(:ChainSegment {uid: $s}) RETURN r.source",
        u=code(2),
        s=IVD,
        database_=eco.database,
    ).records[0][0]
    assert rel == f"link-review:{name}"
