"""``kg load-default`` and ``kg synth``: the default dataset and synthetic scale data."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Annotated

import typer

from kg.graph.connection import Graph, connect


def graph_counts(graph: Graph) -> tuple[list[dict[str, object]], dict[str, int]]:
    """Nodes per label (with how many are sample) and relationships, bookkeeping excluded."""
    from kg.querylib import fetch

    return fetch(graph, "graph_label_counts"), fetch(graph, "graph_relationship_count")[0]


def load_default_cmd() -> None:
    """Load the default Songjiang dataset (chains, public layer, sample layer) and the policy.

    Idempotent: running it again changes nothing.
    """
    from kg.dataset.default import load_default
    from kg.graph import schema
    from kg.ingest import ImportRejected
    from kg.ingest.commands import print_problems

    started = time.perf_counter()
    with connect() as graph:
        schema.apply(graph)  # idempotent; MERGE on uid needs the constraints to be fast
        try:
            report = load_default(graph)
        except ImportRejected as exc:
            print_problems(exc.problems, "table")
            raise
        nodes, rels = graph_counts(graph)
    data, policy = report.data, report.policy
    typer.echo(
        f"default dataset: {data.rows} rows from {len(data.files)} files "
        f"(import {data.import_id}): {data.nodes_created} nodes created, "
        f"{data.relationships_created} relationships created"
    )
    typer.echo(f"policy {policy.doc_no}: {policy.measures} measures, {policy.links} SUPPORTS links")
    if policy.missing:
        typer.echo(f"policy targets not in the graph: {'、'.join(policy.missing)}", err=True)
    total = sum(int(r["n"]) for r in nodes)
    typer.echo(
        f"graph: {total} nodes, {rels['n']} relationships "
        f"({sum(int(r['sample']) for r in nodes)} nodes and {rels['sample']} relationships "
        "are illustrative sample data)"
    )
    for row in nodes:
        typer.echo(f"  {row['label']:<18} {row['n']:>6}  (sample {row['sample']})")
    typer.echo(f"done in {time.perf_counter() - started:.1f} s")


def synth_cmd(
    enterprises: Annotated[int, typer.Option("--enterprises", "-n", help="How many enterprises")] = 1000,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed (same seed, same files)")] = 1,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the CSV files to")] = Path(
        "synth"
    ),
) -> None:
    """Write a synthetic ecosystem as template CSV files (flagged sample), ready for `kg import`.

    No name or credit code of the default dataset is reused: the files import on top of
    `kg load-default` as well as into an empty graph.
    """
    from kg.dataset.default import REFERENCE_FILES
    from kg.dataset.sample import synth_tables, write_tables

    started = time.perf_counter()
    tables = synth_tables(enterprises, seed)
    paths = write_tables(tables, out)
    for ref in REFERENCE_FILES:
        shutil.copyfile(ref, out / ref.name)
        paths.append(out / ref.name)
    rows = sum(len(r) for r in tables.values())
    typer.echo(
        f"{rows} sample rows in {len(tables)} files (+{len(REFERENCE_FILES)} reference files) "
        f"written to {out} in {time.perf_counter() - started:.1f} s"
    )
    for key, table_rows in tables.items():
        typer.echo(f"  {key:<8} {len(table_rows):>7}")


def register(app: typer.Typer) -> None:
    app.command("load-default")(load_default_cmd)
    app.command("synth")(synth_cmd)
