"""挂链审核: suggestions read from the graph, accepted through the importer, rejections remembered.

- :func:`suggestions` reads the firms' text and the segments' vocabulary (``kg/queries/link_*.cypher``)
  and runs the pure method (:mod:`kg.analyses.linking`). Nothing is written: a suggestion is not a
  fact, so no ``IN_SEGMENT`` exists until an editor accepts it, and gaps, recommendations and
  briefings never count one.
- :func:`accept` writes accepted links as an 企业名单 table through :func:`kg.ingest.import_tables`:
  validated like any list, one transaction, recorded in the import history with its editor and
  undoable with ``kg imports undo``; every row's provenance (``source``) is ``link-review:<editor>``.
- :func:`reject` records a rejection in ``$KG_HOME/link/rejections.json``, outside the graph: a
  rejection is a reviewer's decision about a suggestion, not a fact of the ecosystem, so it must not
  appear in the console, exports or the data version (it would make every stored analysis stale);
  it only keeps the pair from being suggested again. Deleting the file forgets the rejections.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import getpass
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.analyses.linking import LinkResult, Suggestion, suggest
from kg.config import load_settings
from kg.errors import InvalidArgument
from kg.graph.schema import load_schema
from kg.ingest.model import ImportReport, Table
from kg.ingest.templates import headers
from kg.querylib import check_chain, fetch
from kg.vocab import HIGH_TECH_RANK

PROVENANCE = "link-review:{who}"


class LinkRefused(InvalidArgument):
    """A link names an unknown firm or segment, or a file of links cannot be read."""


@dataclass(frozen=True)
class Link:
    """One reviewed link: a firm (uid or credit code) and a segment ("chain/segment")."""

    firm: str
    segment: str


def editor(who: str | None) -> str:
    return (who or "").strip() or getpass.getuser()


# --- suggestions --------------------------------------------------------------------------------


def suggestions(graph: Any, chain: str | None = None, **thresholds: Any) -> LinkResult:
    """Every firm's likely segments from the graph's text, confirmed links and the rejections."""
    check_chain(graph, chain)
    firms = fetch(graph, "link_firms")
    segments = fetch(graph, "link_segments")
    return suggest(firms, segments, chain=chain, rejected=rejected_pairs(), **thresholds)


def status_preview(
    graph: Any,
    chain: str | None,
    picked: Iterable[Suggestion],
    *,
    weak_max_local: int = 1,
    high_tech_rank: int = HIGH_TECH_RANK,
) -> list[dict[str, Any]]:
    """How each segment's 断链/弱链/强链 would change if ``picked`` were accepted (nothing written):
    the segments that gain a local firm, with local and high-tech counts before and after."""
    from kg.analyses.gaps import classify, compute_statuses

    local = load_schema().local_district
    firms = {r["uid"]: r for r in fetch(graph, "link_firms")}
    gain: dict[str, list[int]] = {}
    for s in picked:
        firm = firms.get(s.uid)
        if firm is None or firm.get("district") != local or s.segment_uid in (firm.get("segments") or []):
            continue
        add = gain.setdefault(s.segment_uid, [0, 0])
        add[0] += 1
        add[1] += int((firm.get("top_rank") or 0) >= high_tech_rank)
    out = []
    for row in compute_statuses(graph, chain, weak_max_local=weak_max_local, high_tech_rank=high_tech_rank):
        if row["segment_uid"] not in gain:
            continue
        local_after = row["local_count"] + gain[row["segment_uid"]][0]
        high_after = row["high_tech_count"] + gain[row["segment_uid"]][1]
        out.append(
            {
                "chain": row["chain"],
                "segment": row["segment"],
                "segment_uid": row["segment_uid"],
                "status": row["status"],
                "status_after": classify(local_after, high_after, weak_max_local=weak_max_local),
                "local_count": row["local_count"],
                "local_after": local_after,
                "high_tech_count": row["high_tech_count"],
                "high_tech_after": high_after,
            }
        )
    return out


# --- rejections (in $KG_HOME, not in the graph) -------------------------------------------------


def rejections_file() -> Path:
    return load_settings().home / "link" / "rejections.json"


def rejections() -> list[dict[str, str]]:
    path = rejections_file()
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["rejections"]


def rejected_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((r["firm"], r["segment"]) for r in rejections())


def reject(graph: Any, links: Iterable[Link], who: str | None = None) -> list[dict[str, str]]:
    """Record each link as rejected by ``who`` (checked against the graph); returns the new records."""
    who = editor(who)
    resolved = _resolve(graph, links)
    path = rejections_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two reviewers at once: neither loses the other's
        kept = rejections()
        have = {(r["firm"], r["segment"]) for r in kept}
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        new = [
            {"firm": firm["uid"], "name": firm["name"], "segment": seg["uid"], "who": who, "at": at}
            for firm, seg in resolved
            if (firm["uid"], seg["uid"]) not in have
        ]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"rejections": kept + new}, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    return new


# --- accepting: an import like any other --------------------------------------------------------


def _resolve(graph: Any, links: Iterable[Link]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    segments = {r["uid"]: r for r in fetch(graph, "link_segments")}
    out = []
    problems = []
    for link in links:
        found = fetch(graph, "link_firm", enterprise=link.firm.strip())
        seg = segments.get(link.segment.strip())
        if not found:
            problems.append(f"图谱中没有企业 {link.firm}（填写企业标识 uid 或统一社会信用代码）")
        elif len(found) > 1:
            problems.append(f"{link.firm} 对应多个企业，请填写企业标识 uid")
        if seg is None:
            problems.append(f"图谱中没有环节 {link.segment}（写作“产业链/环节”）")
        if found and len(found) == 1 and seg is not None:
            out.append((found[0], seg))
    if problems:
        raise LinkRefused("；".join(dict.fromkeys(problems)))
    return out


def accept_tables(graph: Any, links: Iterable[Link], who: str | None = None) -> list[Table]:
    """The 企业名单 tables that write ``links``: one row per firm and chain, a table per round.

    A firm accepted into two chains whose segments share a name (显示面板 in 智能终端 and 电子信息)
    would be ambiguous in one row, and one import holds a firm once: such a firm's second chain goes
    into a second table (a second import).
    """
    who = editor(who)
    per_firm: dict[str, dict[str, list[str]]] = {}
    firms: dict[str, dict[str, Any]] = {}
    for firm, seg in _resolve(graph, links):
        if seg["uid"] in (firm.get("segments") or []):
            continue  # already confirmed: nothing to write
        firms[firm["uid"]] = firm
        names = per_firm.setdefault(firm["uid"], {}).setdefault(seg["chain"], [])
        if seg["segment"] not in names:
            names.append(seg["segment"])
    cols = headers("enterprise", "credit_code", "name", "district", "chains", "segments", "source")
    rounds: list[list[dict[str, str]]] = []
    for uid, chains in per_firm.items():
        firm = firms[uid]
        for i, (chain, names) in enumerate(chains.items()):
            if len(rounds) <= i:
                rounds.append([])
            values = [
                firm.get("credit_code") or "",
                firm["name"],
                firm.get("district") or "",
                chain,
                "；".join(names),
                PROVENANCE.format(who=who),
            ]
            rounds[i].append(dict(zip(cols, values, strict=True)))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    tables = []
    for i, rows in enumerate(rounds, start=1):
        digest = hashlib.sha256(json.dumps([who, stamp, rows], ensure_ascii=False).encode()).hexdigest()
        name = f"挂链审核-{who}-{stamp}" + (f"-{i}" if len(rounds) > 1 else "") + ".csv"
        tables.append(Table(template="enterprise", file=name, sha256=digest, rows=rows))
    return tables


def accept(
    graph: Any, links: Iterable[Link], who: str | None = None, *, recorded_as: str | None = None
) -> list[ImportReport]:
    """Write the accepted links as imports by ``who`` (recorded, undoable); [] when nothing is new.

    ``recorded_as`` names the import in the history when it differs from ``who`` (the page records
    ``editor:<name>``, as its imports do; the provenance stays ``link-review:<name>``).
    """
    from kg.ingest import import_tables

    who = editor(who)
    tables = accept_tables(graph, links, who)
    return [import_tables(graph, [t], who=recorded_as or who) for t in tables]


# --- reviewed files -----------------------------------------------------------------------------


def read_links(path: Path) -> list[Link]:
    """Links from a reviewed JSON (``kg link suggest --format json``, edited) or CSV file.

    Each row needs the firm (``uid`` or ``credit_code``) and the segment (``segment_uid``, or
    ``chain`` and ``segment``); a row whose ``decision``/``审核`` column says no (否, 拒绝, reject, n) is
    skipped, so a reviewed file can keep the rows the reviewer turned down.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LinkRefused(f"无法读取 {path}：{exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LinkRefused(f"{path} 不是有效的 JSON：{exc}") from exc
        rows = data.get("rows", data) if isinstance(data, dict) else data
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    links = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise LinkRefused(f"{path} 第{n}条不是一行记录")
        decision = str(row.get("decision") or row.get("审核") or "").strip().lower()
        if decision in {"否", "拒绝", "reject", "rejected", "n", "no"}:
            continue
        firm = str(row.get("uid") or row.get("credit_code") or "").strip()
        segment = str(row.get("segment_uid") or "").strip()
        if not segment and row.get("chain") and row.get("segment"):
            segment = f"{row['chain']}/{row['segment']}"
        if not firm or not segment:
            raise LinkRefused(f"{path} 第{n}条缺少企业（uid 或 credit_code）或环节（chain 与 segment）")
        links.append(Link(firm, segment))
    return links
