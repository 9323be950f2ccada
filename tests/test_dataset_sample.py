"""The default data files and the sample/synthetic generator, checked without a database."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from stdnum.cn import uscc

from kg.dataset import CHAINS_FILE, PUBLIC_DIR, SAMPLE_DIR
from kg.dataset.chains import by_chain, read_segments, split_cell, tech_fields
from kg.dataset.default import read_default
from kg.dataset.sample import default_reserved, generate, load_profile, synth_tables, write_tables
from kg.dataset.uscc import org_check
from kg.graph.schema import load_schema
from kg.ingest import validate
from kg.ingest.names import norm_name

WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def gb32100_ok(code: str) -> bool:
    """The check from the standard's published weights (written out here on purpose)."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(code[:17], WEIGHTS, strict=True))
    return len(code) == 18 and ALPHABET[(31 - total % 31) % 31] == code[17]


def test_same_seed_same_files_and_shipped_sample_is_reproducible(tmp_path: Path) -> None:
    first = write_tables(generate(300, 11), tmp_path / "a")
    second = write_tables(generate(300, 11), tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    other = write_tables(generate(300, 12), tmp_path / "c")
    assert first[0].read_bytes() != other[0].read_bytes()
    # The committed sample layer is exactly what the profile's seed generates.
    regenerated = write_tables(generate(), tmp_path / "default")
    for path in regenerated:
        assert path.read_bytes() == (SAMPLE_DIR / path.name).read_bytes(), path.name


def test_every_generated_credit_code_is_valid_and_unique() -> None:
    codes = [r["统一社会信用代码"] for r in generate(5000, 99)["企业名单"]]
    codes += [r["统一社会信用代码"] for r in rows_of(SAMPLE_DIR / "示例-企业名单.csv")]
    assert len(set(codes[:5000])) == 5000
    for code in codes:
        assert gb32100_ok(code), code
        assert uscc.is_valid(code), code
        assert code[16] == org_check(code[8:16]), code  # the embedded GB 11714 organisation code


def test_sample_layer_has_what_the_analyses_need() -> None:
    ents = rows_of(SAMPLE_DIR / "示例-企业名单.csv")
    assert len(ents) >= 150
    assert {r["产业链"] for r in ents} == set(by_chain(read_segments()))
    districts = Counter(r["所在区"] for r in ents)
    assert districts["松江区"] > len(ents) / 2
    assert {"闵行区", "浦东新区", "嘉定区", "苏州市", "杭州市"} <= set(districts)
    # Every tier of the schema appears, each with a certification year.
    tiers = Counter()
    for r in ents:
        for item in split_cell(r["资质"]):
            name, year = item.rstrip(")").split("(")
            assert 2018 <= int(year) <= 2025
            tiers[name] += 1
    assert set(tiers) == {t.name for t in load_schema().tiers}
    # Tier histories climb: years never go down while the rank goes up.
    ranks = {t.name: t.rank for t in load_schema().tiers}
    climbed = 0
    for r in ents:
        steps = [(ranks[i.split("(")[0]], int(i.rstrip(")").split("(")[1])) for i in split_cell(r["资质"])]
        assert steps == sorted(steps, key=lambda s: (s[1], s[0])), r["资质"]
        climbed += len({rank for rank, _ in steps}) >= 3
        assert all(year > int(r["成立年份"]) for _, year in steps)
    assert climbed >= 30
    assert len(rows_of(SAMPLE_DIR / "示例-工作站.csv")) == 10
    assert len(rows_of(SAMPLE_DIR / "示例-创新联合体.csv")) == 5
    carriers = rows_of(SAMPLE_DIR / "示例-创新载体.csv")
    assert len(carriers) == 12 and {c["类型"] for c in carriers} == set(load_schema().carrier_types)
    collabs = rows_of(SAMPLE_DIR / "示例-合作关系.csv")
    assert len(collabs) >= 300
    assert {c["合作类型"] for c in collabs} == set(load_schema().collaboration_types)


def test_every_sample_name_is_marked_and_every_row_flagged() -> None:
    mark = load_profile()["name_mark"]
    for path in SAMPLE_DIR.glob("*.csv"):
        for row in rows_of(path):
            assert row["示例数据"] == "是"
            for column in ("企业名称", "姓名", "名称", "项目名称"):
                if column in row:
                    assert row[column].startswith(mark), (path.name, row[column])
    experts = rows_of(SAMPLE_DIR / "示例-专家.csv")
    for ws in rows_of(SAMPLE_DIR / "示例-工作站.csv"):
        assert all(e.startswith(mark) for e in split_cell(ws["进站专家"]))
    assert {e["所属单位"] for e in experts} <= {r["名称"] for r in rows_of(PUBLIC_DIR / "高校院所.csv")}


def _local_firms_by_segment(ents: list[dict[str, str]]) -> dict[tuple[str, str], list[dict[str, str]]]:
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in ents:
        for seg in split_cell(r["环节"]):
            out.setdefault((r["产业链"], seg), []).append(r)
    return out


def _high_tech(row: dict[str, str]) -> bool:
    ranks = {t.name: t.rank for t in load_schema().tiers}
    return any(ranks[i.split("(")[0]] >= 3 for i in split_cell(row["资质"]))


def test_deliberate_gaps_and_only_those() -> None:
    gaps = load_profile()["gaps"]
    ents = rows_of(SAMPLE_DIR / "示例-企业名单.csv") + rows_of(PUBLIC_DIR / "企业名单.csv")
    local = _local_firms_by_segment([r for r in ents if r["所在区"] == "松江区"])
    outside = _local_firms_by_segment([r for r in ents if r["所在区"] != "松江区"])
    assert ["6G", "太赫兹芯片"] in gaps["broken"] and ["6G", "智能超表面材料"] in gaps["weak_single"]
    for chain, seg in gaps["broken"]:
        assert (chain, seg) not in local, f"{chain}/{seg} should have no local firm"
        assert len(outside[(chain, seg)]) >= 1, f"{chain}/{seg} needs outside targets"
    for chain, seg in gaps["weak_single"]:
        assert len(local[(chain, seg)]) == 1
    for chain, seg in gaps["weak_low"]:
        assert local[(chain, seg)] and not any(_high_tech(r) for r in local[(chain, seg)])
    declared = {tuple(g) for kind in gaps.values() for g in kind}
    for seg in read_segments():
        if (seg.chain, seg.name) not in declared:
            firms = local.get((seg.chain, seg.name), [])
            assert len(firms) >= 2 and any(_high_tech(r) for r in firms), f"{seg.chain}/{seg.name}"


def test_chains_as_data() -> None:
    segments = read_segments()
    chains = by_chain(segments)
    assert set(chains) == {"6G", "卫星互联网", "脑机接口", "医疗器械", "智能终端", "电子信息"}
    for chain, segs in chains.items():
        assert 6 <= len(segs) <= 12, chain
        assert {s.position for s in segs} == {"上游", "中游", "下游"}, chain
        names = [s.name for s in segs]
        position = {s.name: load_schema().positions.index(s.position) for s in segs}
        for s in segs:
            assert s.source.startswith("http"), s.name
            for up in s.upstream:
                assert up in names and position[up] <= position[s.name], (chain, up, s.name)
    names_6g = {s.name for s in chains["6G"]}
    assert {"星地直连卫星通信系统", "具身智能", "XR新型终端"} <= names_6g
    assert "植介入生物相容材料及元器件" in {s.name for s in chains["脑机接口"]}
    # The research side of the sample speaks the segments' vocabulary of technology fields.
    vocabulary = set(tech_fields(segments))
    for row in rows_of(SAMPLE_DIR / "示例-专家.csv"):
        assert set(split_cell(row["技术领域"])) <= vocabulary
    for fields in load_profile()["affiliation_fields"].values():
        assert set(fields) <= vocabulary


def test_public_layer_says_only_what_sources_say() -> None:
    allowed_tiers = {
        "美昕医疗器械(上海)有限公司": "高新技术企业",
        "上海垣信卫星科技有限公司": "链主企业",
        "上海格思航天科技有限公司": "链主企业",
        "正泰电气": "链主企业",
    }
    for path in PUBLIC_DIR.glob("*.csv"):
        for row in rows_of(path):
            assert row["来源"].startswith("http"), (path.name, row)
            assert "示例" not in "".join(row.values())
            assert "闵行" not in "".join(row.values()) and "司南" not in "".join(row.values())
    for row in rows_of(PUBLIC_DIR / "企业名单.csv"):
        assert row["统一社会信用代码"] == "" and row["成立年份"] == ""
        assert row["所在区"] == "松江区"
        assert row["资质"] == allowed_tiers.get(row["企业名称"], "")
    unis = [r for r in rows_of(PUBLIC_DIR / "高校院所.csv") if r["类型"] == "高校"]
    assert len(unis) == 7


def test_default_files_validate_without_problems() -> None:
    tables = read_default()
    assert {t.file for t in tables if t.sample} == {p.name for p in SAMPLE_DIR.glob("*.csv")}
    assert validate(tables) == []
    assert CHAINS_FILE.name in {t.file for t in tables}


def test_synth_scales_in_seconds(tmp_path: Path) -> None:
    started = time.perf_counter()
    tables = generate(10_000, 5)
    write_tables(tables, tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"10k enterprises took {elapsed:.1f} s"
    assert len(tables["企业名单"]) == 10_000
    assert len(tables["合作关系"]) > len(generate(1000, 5)["合作关系"]) * 5
    assert sum(r["所在区"] == "松江区" for r in tables["企业名单"]) > 7000


def _default_names_and_codes() -> tuple[set[str], set[str]]:
    names: set[str] = set()
    codes: set[str] = set()
    for path in [CHAINS_FILE, *PUBLIC_DIR.glob("*.csv"), *SAMPLE_DIR.glob("*.csv")]:
        for row in rows_of(path):
            for column in ("企业名称", "姓名", "名称"):
                if row.get(column):
                    names.update((row[column], norm_name(row[column])))
            if row.get("统一社会信用代码"):
                codes.add(row["统一社会信用代码"])
    return names, codes


def _clashes(tables: dict[str, list[dict[str, str]]]) -> list[str]:
    names, codes = _default_names_and_codes()
    found = []
    for rows in tables.values():
        for row in rows:
            for column in ("企业名称", "姓名", "名称"):
                if row.get(column) and (row[column] in names or norm_name(row[column]) in names):
                    found.append(row[column])
            if row.get("统一社会信用代码") in codes:
                found.append(row["统一社会信用代码"])
    return found


def test_synth_never_uses_a_name_or_code_of_the_default_dataset() -> None:
    # the plain generator does collide (same name pools as the default sample) — the test bites
    assert _clashes(generate(10_000, 7))
    assert default_reserved().codes and "示例·朱宁涛" in default_reserved()
    for n, seed in ((200, 1), (1000, 3), (10_000, 7)):
        assert _clashes(synth_tables(n, seed)) == [], (n, seed)
    # and the default sample itself is what it was (the reserved set only changes synth)
    assert generate() == generate(reserved=None)


NON_TECHNOLOGY = ("华东政法大学", "上海外国语大学", "上海对外经贸大学", "上海立信会计金融学院")


def test_research_ties_fit_what_each_organisation_is() -> None:
    """No law, language, trade or finance university anchors technology research; every
    organisation paired with a firm or a consortium works on one of its fields (#14)."""
    tables = generate(2000, 5)
    profile = load_profile()
    org_fields = {o: set(f) for o, f in profile["affiliation_fields"].items()}
    firms = {r["统一社会信用代码"]: r for r in tables["企业名单"]}
    segments = {(s.chain, s.name): set(s.fields) for s in read_segments()}
    assert not set(NON_TECHNOLOGY) & set(org_fields)
    assert not {e["所属单位"] for e in tables["专家"]} & set(NON_TECHNOLOGY)
    research_ties = 0
    for c in tables["合作关系"]:
        org = next((x for x in (c["甲方"], c["乙方"]) if x not in firms), None)
        firm = next((x for x in (c["甲方"], c["乙方"]) if x in firms), None)
        if org:
            research_ties += 1
            assert org not in NON_TECHNOLOGY
            assert org_fields[org] & set(split_cell(firms[firm]["技术领域"])), (org, firms[firm]["企业名称"])
    assert research_ties > 500
    for row in tables["创新联合体"]:
        target = row["攻关方向"].removesuffix("关键共性技术攻关")
        for org in (m for m in split_cell(row["成员"]) if m not in firms):
            assert org_fields[org] & segments[(row["产业链"], target)], (row["名称"], org)
    fields_of = {e["姓名"]: set(split_cell(e["技术领域"])) for e in tables["专家"]}
    for ws in tables["工作站"]:
        host = firms[ws["依托企业信用代码"]]
        for expert in split_cell(ws["进站专家"]):
            assert fields_of[expert] & set(split_cell(host["技术领域"])), ws["名称"]


def test_generated_names_are_well_formed() -> None:
    names = [r["企业名称"] for r in generate(3000, 9)["企业名单"]]
    for doubled in ("科技科技", "技术技术", "科技技术", "技术科技"):
        assert not [n for n in names if doubled in n], doubled
    assert all(n.endswith("有限公司") for n in names)
    # distinct also in the form the importer matches names on (no suffix), so no false "same firm"
    assert len({norm_name(n) for n in names}) == len(names)
