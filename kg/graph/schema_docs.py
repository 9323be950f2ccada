"""Render ``docs/schema.md`` from ``schema.yaml`` so the documentation can never drift from the model."""

from __future__ import annotations

from kg.graph.schema import Schema, load_schema


def _mermaid(schema: Schema) -> list[str]:
    lines = ["```mermaid", "flowchart LR"]
    for node in schema.nodes.values():
        if not node.internal:
            lines.append(f'  {node.label}["{node.label}<br/>{node.zh}"]')
    seen: set[tuple[str, str, str]] = set()
    for rel in schema.relationships.values():
        for a, b in rel.pairs:
            if (a, b, rel.type) in seen:
                continue
            seen.add((a, b, rel.type))
            lines.append(f"  {a} -->|{rel.type}| {b}")
    lines.append("```")
    return lines


def render_markdown(schema: Schema | None = None) -> str:
    """The whole ``docs/schema.md`` text."""
    schema = schema or load_schema()
    out = [
        "# Graph model (generated from `kg/graph/schema.yaml` by `kg schema docs`; do not edit by hand)",
        "",
        "Every node has `uid` (unique per label), `name`, `search_text` (name + aliases, in the CJK",
        "full-text index `" + schema.fulltext["name"] + "`) and provenance: `source` (a URL, or",
        "`file#sha256:…:row N`), `sources` (every source that asserted it), `sample` (true for the",
        "illustrative sample layer) and `import_id`. Every relationship carries `source`, `sample` and",
        "`import_id` too.",
        "",
        *_mermaid(schema),
        "",
        "## Nodes",
        "",
        "| label | 中文 | key | properties |",
        "|---|---|---|---|",
    ]
    for node in schema.nodes.values():
        props = ", ".join(
            f"`{p.name}` ({p.zh}{', unique' if p.unique else ''}{', indexed' if p.index else ''})"
            for p in node.properties.values()
        )
        out.append(f"| `{node.label}` | {node.zh} | `{node.key}` | {props} |")
    out += ["", "## Relationships", "", "| type | 中文 | from → to | properties |", "|---|---|---|---|"]
    for rel in schema.relationships.values():
        pairs = "<br/>".join(f"{a} → {b}" for a, b in rel.pairs)
        props = ", ".join(f"`{p.name}` ({p.zh})" for p in rel.properties.values())
        out.append(f"| `{rel.type}` | {rel.zh} | {pairs} | {props} |")
    out += ["", "## Enterprise tiers (梯度培育), low → high", ""]
    out += ["| tier | rank | aliases |", "|---|---|---|"]
    for tier in schema.tiers:
        out.append(f"| {tier.name} | {tier.rank} | {'、'.join(tier.aliases)} |")
    out += [
        "",
        f'"High-tech or above" means rank ≥ {schema.high_tech_rank}. A local enterprise is one whose',
        f"`district` is {schema.local_district}. Years (certifications, collaborations, workstations) run",
        f"from {schema.raw['year_floor']} to the current year.",
        "",
        "## Controlled vocabularies",
        "",
        f"- carrier types (载体类型): {'、'.join(schema.carrier_types)}",
        f"- positions (位置): {'、'.join(schema.positions)}",
        f"- collaboration types (合作类型): {'、'.join(schema.collaboration_types)}",
        "",
    ]
    return "\n".join(out)
