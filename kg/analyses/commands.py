"""CLI for the analyses and the named-query library: kg gaps / collab / pipeline / coverage,
kg queries list, kg run. Each command calls the same function the explorer calls."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from kg import querylib
from kg.graph.connection import connect
from kg.graph.readonly import DEFAULT_LIMIT, DEFAULT_TIMEOUT
from kg.output import FORMATS, parse_param, render, to_json
from kg.vocab import HIGH_TECH_RANK

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv")]
ChainOpt = Annotated[str | None, typer.Option("--chain", "-c", help="产业链 name (default: all)")]


def _check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> None:
    if fmt not in allowed:
        raise typer.BadParameter(f"choose one of {', '.join(allowed)}", param_hint="--format")


def _emit(text: str) -> None:
    """Print without doubling the trailing newline CSV already ends with."""
    typer.echo(text.rstrip("\n"))


def _names(items: list[dict[str, Any]], key: str = "name") -> str:
    """Names of a list of rows; measures (no name) by their number."""
    return "、".join(str(item[key]) if key in item else f"（{item.get('no', '')}）" for item in items)


def gap_table_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat rows for table/CSV: lists become 、-joined names; JSON keeps the full structure."""
    from kg.analyses.research import display_name

    flat = []
    for r in rows:
        flat.append({
            "chain": r["chain"], "segment": r["segment"], "position": r["position"],
            "order": r["order"], "key_segment": "是" if r["key_segment"] else "",
            "status": r["status"], "local_count": r["local_count"],
            "local_by_tier": "；".join(f"{k}{v}" for k, v in r["local_by_tier"].items()),
            "outside_count": r["outside_count"], "actions": "、".join(r["actions"]),
            "targets": _names(r["targets"]), "strengthen": _names(r["strengthen"]),
            "extend": _names(r["extend"]), "research_partners": _names(r["research_partners"]),
            "carriers": _names(r["carriers"]), "reason": r["evidence"]["reason"],
            "advice": "；".join(f"{k}：{v}" for k, v in r.get("advice", {}).items()),
            "research_note": r.get("research_note") or "",
            "research_evidence": "；".join(
                f"{display_name(p)}【{p['evidence']}】" for p in r["research_partners"]),
            "sample": "示例数据" if r["sample"] else "",
        })
    return flat


def _sections(result: dict[str, list[dict[str, Any]]], columns: dict[str, list[str]]) -> str:
    parts = []
    for key, cols in columns.items():
        rows = [{c: _cell(row.get(c)) for c in cols} for row in result[key]]
        parts.append(f"== {key} ({len(result[key])}) ==\n" + render(rows, "table", cols))
    return "\n\n".join(parts)


def _cell(value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return _names(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}{v}" for k, v in value.items())
    return value


AS_OF_HELP = "The graph at the end of this year: later firms, certifications, collaborations do not count"


def queries_list(fmt: FormatOpt = "table") -> None:
    """Name, title and parameters of every named query."""
    _check_format(fmt)
    rows = [{"name": q.name, "title": q.title,
             "params": ", ".join(p.describe() for p in q.params), "description": q.description}
            for q in querylib.library().values()]
    _emit(render(rows, fmt, ["name", "title", "params", "description"]))


def queries_show(name: str) -> None:
    """Print one named query's file (header and Cypher)."""
    typer.echo(querylib.get(name).path.read_text(encoding="utf-8"))


def run(
    name: Annotated[str, typer.Argument(help="Named query (see kg queries list)")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value")] = None,
    fmt: FormatOpt = "table",
    limit: Annotated[int, typer.Option(help="Row limit")] = DEFAULT_LIMIT,
    timeout: Annotated[float, typer.Option(help="Time limit in seconds")] = DEFAULT_TIMEOUT,
) -> None:
    """Run a named query read-only; parameters are converted to their declared types."""
    _check_format(fmt)
    query = querylib.get(name)
    try:
        given = dict(parse_param(item) for item in param or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--param") from exc
    bound = querylib.bind(query, given)
    with connect() as graph:
        result = querylib.run(graph, name, bound, limit=limit, timeout=timeout)
    _emit(render(result.rows, fmt, result.columns))
    if result.note:  # row limit, byte budget or cut cells: say which
        typer.echo(result.note, err=True)


def gaps_cmd(
    chain: ChainOpt = None,
    fmt: FormatOpt = "table",
    weak_max_local: Annotated[int, typer.Option(help="弱链 at or below this many local firms")] = 1,
    high_tech_rank: Annotated[int, typer.Option(help="Tier rank counted as high-tech+")] = HIGH_TECH_RANK,
    as_of_year: Annotated[
        int | None,
        typer.Option("--as-of", "--as-of-year", help=AS_OF_HELP),
    ] = None,
    compare: Annotated[
        tuple[int, int] | None,
        typer.Option(help="Two years YEAR_A YEAR_B: segments whose status changed and the facts behind it"),
    ] = None,
) -> None:
    """断链/弱链/强链 per segment, upstream → downstream, with actions and evidence."""
    from kg.analyses.gaps import chain_gaps
    from kg.analyses.timeline import compare as compare_years

    _check_format(fmt)
    thresholds = {"weak_max_local": weak_max_local, "high_tech_rank": high_tech_rank}
    if compare and as_of_year is not None:
        raise typer.BadParameter("use --as-of or --compare, not both", param_hint="--compare")
    with connect() as graph:
        if compare:
            try:
                result = compare_years(graph, chain, compare[0], compare[1], **thresholds)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="--compare") from exc
        else:
            rows = chain_gaps(graph, chain, as_of_year=as_of_year, **thresholds)
    if compare:
        _emit(to_json(result) if fmt == "json" else render(compare_rows(result), fmt))
        return
    _emit(to_json(rows) if fmt == "json" else render(gap_table_rows(rows), fmt))


def compare_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat rows of a comparison for table/CSV."""
    return [{
        "chain": s["chain"], "segment": s["segment"],
        f"status_{result['year_a']}": s["status_a"], f"status_{result['year_b']}": s["status_b"],
        "change": s["change"], "enterprises": _names(s["enterprises"]),
        "certifications": "、".join(f"{c['name']}:{c['tier']}({c['year']})" for c in s["certifications"]),
    } for s in result["segments"]]


# a firm without research partners, whom it could work with, and why (or why nobody fits)
FIRM_COLUMNS = ("name", "tier", "chains", "research_partners", "suggested_partners", "suggestion_reason")


def collab_cmd(
    chain: ChainOpt = None,
    fmt: FormatOpt = "table",
    seed: Annotated[int, typer.Option(help="Seed for sampling and Louvain")] = 42,
) -> None:
    """Brokers, communities, isolates, bridges and recommended partner pairs."""
    from kg.analyses.collab import collaboration_report

    _check_format(fmt, ("table", "json"))
    with connect() as graph:
        report = collaboration_report(graph, chain, seed=seed)
    result = report["answers"]
    if fmt == "json":
        typer.echo(to_json(result))
        return
    typer.echo(_sections({**result, "partners_unknown": report["partners_unknown"]}, {
        "brokers": ["name", "label", "betweenness", "effective_size", "constraint", "degree"],
        "communities": ["id", "name", "size", "dominant_chains", "members"],
        "isolates": list(FIRM_COLUMNS),
        "partners_unknown": list(FIRM_COLUMNS),
        "bridges": ["a", "b", "a_chains", "b_chains", "kinds"],
        "recommendations": ["enterprise", "partner_display", "score", "reason"],
    }))
    for key, why in report["empty_reasons"].items():
        typer.echo(f"{key}：{why}")


def analyse_cmd(
    chain: Annotated[list[str] | None, typer.Option("--chain", "-c", help="Only these chains")] = None,
) -> None:
    """Compute and store the collaboration analyses (district and every chain) for the current data."""
    from kg.analyses.store import refresh

    def said(scope: str, seconds: float) -> None:
        typer.echo(f"{'全区' if scope == '*' else scope}: {seconds:.1f} s", err=True)

    with connect() as graph:
        done = refresh(graph, chain or None, district=not chain, progress=said)
    scopes = [k for k in done if k != "total" and ":" not in k]  # "chain_gaps:*" etc.: stored answers
    answers = len(done) - 1 - len(scopes)
    typer.echo(
        f"已计算并存储 {len(scopes)} 项合作网络分析和 {answers} 项默认设置的分析结果，"
        f"共 {done['total']:.1f} s。"
    )


def pipeline_cmd(
    fmt: FormatOpt = "table",
    all_districts: Annotated[bool, typer.Option(help="Count outside firms too")] = False,
) -> None:
    """梯度培育: counts per tier per year, upward moves, upgrade candidates."""
    from kg.analyses.pipeline import tier_pipeline

    _check_format(fmt, ("table", "json"))
    with connect() as graph:
        result = tier_pipeline(graph, local_only=not all_districts)
    if fmt == "json":
        typer.echo(to_json(result))
        return
    typer.echo(_sections(result, {
        "counts": ["year", "tier", "rank", "count", "cumulative"],
        "moves": ["year", "from_tier", "to_tier", "count", "enterprises"],
        "candidates": ["name", "tier", "since", "next_tiers", "key_segments",
                       "research_partners", "reason"],
    }))
    typer.echo("\ncriteria: " + json.dumps(result["criteria"], ensure_ascii=False))


def coverage_cmd(chain: ChainOpt = None, fmt: FormatOpt = "table") -> None:
    """Which measures support what (with their sentences); gaps no measure addresses."""
    from kg.analyses.coverage import policy_coverage

    _check_format(fmt, ("table", "json"))
    with connect() as graph:
        result = policy_coverage(graph, chain)
    if fmt == "json":
        typer.echo(to_json(result))
        return
    typer.echo(_sections(result, {
        "measures": ["no", "title", "chains", "tiers", "carrier_types", "enterprise_count",
                     "carrier_count"],
        "chains": ["chain", "measures", "gap_segments", "unaddressed", "addressed"],
        "tiers": ["tier", "rank", "measures"],
        "carrier_types": ["carrier_type", "carriers", "measures"],
        "gaps": ["chain", "segment", "status", "need", "addressed", "measures"],
        "unaddressed_gaps": ["chain", "gap_segments"],
    }))


def register(app: typer.Typer) -> None:
    """Add the analysis commands and the ``queries`` group to the ``kg`` app."""
    queries_app = typer.Typer(help="The named-query library (kg/queries/*.cypher).", no_args_is_help=True)
    queries_app.command("list")(queries_list)
    queries_app.command("show")(queries_show)
    app.add_typer(queries_app, name="queries")
    app.command("run")(run)
    app.command("gaps")(gaps_cmd)
    app.command("collab")(collab_cmd)
    app.command("analyse")(analyse_cmd)
    app.command("pipeline")(pipeline_cmd)
    app.command("coverage")(coverage_cmd)
