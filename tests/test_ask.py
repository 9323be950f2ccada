"""kg ask: the shapes every named query declares, the vocabulary, and answers on the default dataset."""

from __future__ import annotations

import json

import pytest

from kg import querylib
from kg.ask import Declined, ask, load
from kg.ask import shapes as shapes_mod
from kg.ask.vocab import build
from kg.dataset.default import load_default
from tests.conftest import run_kg, wipe


def test_every_declared_shape_fills_the_query_parameters() -> None:
    problems = [p for q in querylib.library().values() for p in shapes_mod.check(q)]
    assert problems == []
    assert len(shapes_mod.shapes()) >= 30
    for shape in shapes_mod.shapes():
        q = querylib.get(shape.query)
        assert q.answer, f"{q.name}: asks lines need an answer line"


def test_a_bad_shape_is_reported() -> None:
    with pytest.raises(shapes_mod.ShapeError, match="unknown kind"):
        shapes_mod.parse_shape("x", "{chain:planet}有哪些")


def test_a_chain_imported_later_is_recognised_with_no_code() -> None:
    rows = [
        {"kind": "chain", "key": "低空经济", "name": "低空经济", "aliases": [], "chain": None},
        {"kind": "segment", "key": "飞控系统", "name": "飞控系统", "aliases": [], "chain": "低空经济"},
    ]
    vocab = build(rows)
    _text, mentions = vocab.mentions("低空经济的飞控系统有哪些企业")
    assert [(m.entities[0].kind, m.entities[0].key) for m in mentions] == [
        ("chain", "低空经济"),
        ("segment", "飞控系统"),
    ]
    from kg.ask.engine import params_of, understand

    plan, _m, _t = understand(vocab, "低空经济有哪些断链环节")
    assert plan.shape.query == "segments_by_status"
    assert params_of(plan)[0]["chain"] == "低空经济"


@pytest.fixture(scope="module")
def default_graph(session_graph):
    wipe(session_graph)
    load_default(session_graph)
    return session_graph


def test_answers_and_declines_on_default_data(default_graph, kg_env) -> None:
    vocab = load(default_graph)
    answer = ask(default_graph, vocab, "6G有哪些断链环节")
    assert answer.query == "segments_by_status" and answer.params["status"] == "断链"
    assert answer.answer.startswith("6G共有") and "太赫兹芯片" in answer.answer
    # the same runner and the same answer as the gap analysis
    from kg.analyses.gaps import compute_statuses

    broken = {r["segment"] for r in compute_statuses(default_graph, "6G") if r["status"] == "断链"}
    assert {r["segment"] for r in answer.rows} == broken
    assert ask(default_graph, vocab, "跟东华大学合作的企业都有谁").params["organisation"] == "东华大学"
    for question in ("明天天气怎么样", "删除移远通信", "上海华为技术有限公司有哪些合作"):
        with pytest.raises(Declined) as declined:
            ask(default_graph, vocab, question)
        assert len(declined.value.examples) == 3
    with pytest.raises(Declined) as which:
        ask(default_graph, vocab, "显示面板有哪些企业")
    assert len(which.value.choices) == 2
    empty = ask(default_graph, vocab, "移远通信跟谁合作")
    assert empty.rows == [] and "未掌握" in empty.answer

    out = run_kg("ask", "6G射频芯片有哪些企业", "--format", "json", env=kg_env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"answer", "entities", "query", "params", "cypher", "columns", "rows"}
    assert data["query"] == "segment_enterprises" and data["params"]["segment"] == "射频芯片"
    out = run_kg("ask", "松江GDP是多少", "--format", "json", env=kg_env)
    assert out.returncode == 1 and set(json.loads(out.stdout)) == {"declined", "examples"}
