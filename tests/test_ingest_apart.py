"""The relationship rows mapped in a forked child (kg.ingest.mapping, issue #11) give the very
plan and problems that mapping them here gives — what is written, and what a planner is told."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kg.dataset.default import REFERENCE_FILES
from kg.dataset.sample import generate, write_tables
from kg.ingest import mapping, problems
from kg.ingest.api import read_files
from kg.ingest.plan import Plan, build_plan


def _files(tmp_path: Path, firms: int) -> list[Path]:
    paths = write_tables(generate(firms, 11), tmp_path)
    for ref in REFERENCE_FILES:
        (tmp_path / ref.name).write_bytes(ref.read_bytes())
        paths.append(tmp_path / ref.name)
    return paths


def _rewrite(path: Path, change: Any) -> None:
    """Rewrite one CSV file, row by row (``change(i, row)`` edits the row in place)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows):
        change(i, row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _plan(paths: list[Path], monkeypatch, apart: bool) -> tuple[Plan, int]:
    """The plan of these files, the relationship rows mapped in a child or here; and how many
    children were started (so a test cannot pass by never taking the forked path)."""
    started: list[int] = []
    real = mapping.forked

    def counting(work):
        started.append(1)
        return real(work)

    monkeypatch.setattr(mapping, "forked", counting)
    monkeypatch.setattr(mapping, "APART_MIN_ROWS", 1 if apart else 10**9)
    tables, unreadable = read_files(paths)
    assert not unreadable
    return build_plan(tables, None), len(started)


def _facts(plan: Plan) -> dict[str, Any]:
    return {
        "nodes": {
            (label, uid): (n.name, n.props, n.aliases, n.source, n.sources, n.sample)
            for label, rows in plan.nodes.items()
            for uid, n in rows.items()
        },
        "rels": {
            (group, ident): (r.a, r.b, r.key, r.props, r.source, r.sources, r.sample)
            for group, rows in plan.rels.items()
            for ident, r in rows.items()
        },
        "problems": plan.problems,
    }


def test_a_clean_import_plans_the_same_nodes_and_relationships_either_way(tmp_path, monkeypatch) -> None:
    paths = _files(tmp_path, 400)
    here, forks_here = _plan(paths, monkeypatch, apart=False)
    apart, forks_apart = _plan(paths, monkeypatch, apart=True)
    assert (forks_here, forks_apart) == (0, 1)
    collaborations = [g for g in apart.rels if g[0] == "COLLABORATES_WITH"]
    assert sum(len(apart.rels[g]) for g in collaborations) > 100  # the child's part is in the plan
    assert _facts(apart) == _facts(here)


def test_problems_from_both_sides_are_listed_as_if_found_in_one_go(tmp_path, monkeypatch) -> None:
    """Bad credit codes among the firms (read and mapped here), unknown parties among the
    collaborations (the child's), more of each than the listing shows: the same problems are
    listed, and the same counts of those left out."""
    paths = _files(tmp_path, 300)
    by_name = {p.name: p for p in paths}

    def bad_code(i: int, row: dict[str, str]) -> None:
        if i % 7 == 0:
            row["统一社会信用代码"] = f"91310117BAD{i:05d}"

    def unknown_party(i: int, row: dict[str, str]) -> None:
        if i % 5 == 0:
            row["乙方"] = f"示例·查无此单位{i}"
        if i % 97 == 0:  # found while reading (the child), before the codes (here)
            row["年份"] = "去年"

    _rewrite(by_name["示例-企业名单.csv"], bad_code)
    _rewrite(by_name["示例-合作关系.csv"], unknown_party)
    limits = SimpleNamespace(import_limits=SimpleNamespace(listed_problems=25))
    monkeypatch.setattr(problems, "load_schema", lambda: limits)

    here, _ = _plan(paths, monkeypatch, apart=False)
    apart, forks = _plan(paths, monkeypatch, apart=True)
    assert forks == 1
    assert apart.problems == here.problems
    errors = [p for p in apart.problems if p.level == "error"]
    assert len(errors) == 26  # 25 listed and the line saying how many more
    assert errors[-1].more > 0
    files = {p.file for p in errors[:-1]}
    assert {"示例-企业名单.csv", "示例-合作关系.csv"} <= files  # both sides' problems are listed


@pytest.mark.parametrize("apart", [False, True])
def test_a_collaboration_naming_a_firm_defined_in_the_same_import_resolves(
    tmp_path, monkeypatch, apart
) -> None:
    paths = _files(tmp_path, 200)
    plan, _ = _plan(paths, monkeypatch, apart=apart)
    assert not [p for p in plan.problems if p.level == "error"]
    firms = set(plan.nodes["Enterprise"])
    ends = {
        r.a
        for g, rows in plan.rels.items()
        if g[:2] == ("COLLABORATES_WITH", "Enterprise")
        for r in rows.values()
    }
    assert ends and ends <= firms
