"""The policy document 沪松府〔2025〕150号 as a Policy with its sections and 11 Measures.

The text was extracted from a PDF: page breaks split two measures mid-sentence (（六） "…加 / 快…",
（九） "…新业 / 态"). A measure's paragraph runs until the next heading, so its lines are joined
without a separator. Links to chains, tiers and carrier types come from ``keywords.yaml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.dataset import POLICY_DIR
from kg.errors import KgError
from kg.graph.connection import Graph
from kg.graph.schema import cypher, load_schema

POLICY_FILE = POLICY_DIR / "songjiang-policy-2025-150.txt"
KEYWORDS_FILE = POLICY_DIR / "keywords.yaml"

CN_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_DOC_NO = re.compile(r"沪松府〔\d{4}〕\d+号")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_TITLE = re.compile(r"《(.+?)》")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_MEASURE = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")
_END = ("抄送：",)


class PolicyError(KgError):
    """The policy text does not have the expected structure."""


def cn_number(text: str) -> int:
    """一..十九 → 1..19 (enough for section and measure numbers)."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_NUMBERS[text[1]]
    if text.endswith("十"):
        return CN_NUMBERS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return CN_NUMBERS[tens] * 10 + CN_NUMBERS[ones]
    return CN_NUMBERS[text]


@dataclass
class Measure:
    no: int
    title: str
    text: str
    section_no: int
    section_title: str
    targets: dict[str, list[str]] = field(default_factory=dict)  # label → target names
    keywords: dict[tuple[str, str], list[str]] = field(default_factory=dict)


@dataclass
class Policy:
    doc_no: str
    title: str
    issued: str
    file: str
    sha256: str
    sections: list[tuple[int, str]]
    measures: list[Measure]

    @property
    def source(self) -> str:
        return f"{self.file}#sha256:{self.sha256}"


def _body_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_policy(path: Path = POLICY_FILE) -> Policy:
    """Parse the policy text: document number, title, issue date, sections and measures."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    lines = _body_lines(text)
    doc_no = _DOC_NO.search(text)
    date = _DATE.search(text)
    title = _TITLE.search(text)
    if not (doc_no and date and title):
        raise PolicyError(f"{path.name}: no document number, date or 《title》 found")
    sections: list[tuple[int, str]] = []
    measures: list[Measure] = []
    current: Measure | None = None
    for line in lines:
        if line.startswith(_END):
            break
        sec = _SECTION.match(line)
        mea = _MEASURE.match(line)
        if sec:
            sections.append((cn_number(sec.group(1)), sec.group(2).strip()))
            current = None
        elif mea:
            if not sections:
                raise PolicyError(f"{path.name}: measure （{mea.group(1)}） before any section")
            body = mea.group(2).strip()
            short = body.split("。", 1)[0]
            current = Measure(
                no=cn_number(mea.group(1)),
                title=short,
                text=body,
                section_no=sections[-1][0],
                section_title=sections[-1][1],
            )
            measures.append(current)
        elif current is not None:
            current.text += line  # a page break split the paragraph: join without a separator
    if [m.no for m in measures] != list(range(1, len(measures) + 1)) or not measures:
        raise PolicyError(f"{path.name}: measures are not numbered 1..n: {[m.no for m in measures]}")
    y, mo, d = (int(g) for g in date.groups())
    return Policy(
        doc_no=doc_no.group(0),
        title=re.sub(r"\s+", "", title.group(1)),
        issued=f"{y:04d}-{mo:02d}-{d:02d}",
        file=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        sections=sections,
        measures=measures,
    )


TARGET_LABELS = {"chains": "IndustryChain", "tiers": "Tier", "carrier_types": "CarrierType"}


def load_keywords(path: Path = KEYWORDS_FILE) -> dict[str, dict[str, list[str]]]:
    """The keyword map; tiers and carrier types must be the schema's own names."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = load_schema()
    known = {"tiers": {t.name for t in schema.tiers}, "carrier_types": set(schema.carrier_types)}
    for group, names in known.items():
        unknown = [t for t in raw.get(group, {}) if t not in names]
        if unknown:
            raise PolicyError(f"{path.name}: {group} not in the schema: {'、'.join(unknown)}")
    return {group: raw.get(group) or {} for group in TARGET_LABELS}


def link_measures(policy: Policy, keywords: dict[str, dict[str, list[str]]]) -> None:
    """Fill each measure's targets (and the keywords that matched, as evidence)."""
    for measure in policy.measures:
        for group, label in TARGET_LABELS.items():
            for target, words in keywords[group].items():
                hits = [w for w in words if w in measure.text]
                if hits:
                    measure.targets.setdefault(label, []).append(target)
                    measure.keywords[(label, target)] = hits


POLICY_MERGE = """
MERGE (p:{policy} {{uid: $doc_no}})
SET p.name = $title, p.title = $title, p.doc_no = $doc_no, p.issued = $issued, p.source = $source,
    p.sources = [$source], p.sample = false, p.import_id = $import_id, p.search_text = $title,
    p.sections = $sections
"""
MEASURE_MERGE = """
UNWIND $rows AS row
MATCH (p:{policy} {{uid: $doc_no}})
MERGE (m:{measure} {{uid: row.uid}})
SET m += row.props, m.source = $source, m.sources = [$source], m.sample = false,
    m.import_id = $import_id
MERGE (m)-[r:{part_of}]->(p)
SET r.source = $source, r.sources = [$source], r.sample = false, r.import_id = $import_id
"""
SUPPORT_MERGE = """
UNWIND $rows AS row
MATCH (m:{measure} {{uid: row.measure}})
MATCH (t:{label} {{uid: row.target}})
MERGE (m)-[r:{supports}]->(t)
SET r.source = $source, r.sources = [$source], r.sample = false, r.import_id = $import_id,
    r.keywords = row.keywords
RETURN count(r) AS linked
"""


RUN_MERGE = """
MERGE (r:{run} {{uid: $import_id}})
ON CREATE SET r.import_id = $import_id, r.source = $source, r.sources = [$source], r.sample = false,
              r.runs = 0, r.first_at = $at
SET r.name = $import_id, r.at = $at, r.files = [$file], r.runs = r.runs + 1
"""


@dataclass
class PolicyReport:
    doc_no: str
    measures: int
    links: int
    missing: list[str]


def load_policy(graph: Graph, path: Path = POLICY_FILE, keywords_path: Path = KEYWORDS_FILE) -> PolicyReport:
    """Write the policy, its measures and their SUPPORTS links in one transaction (idempotent).

    Targets are matched, never created: chains come from the chain data, tiers and carrier types
    from the importer's reference nodes. Targets not in the graph are reported in ``missing``.
    Like an import, the run is recorded on an ``ImportRun`` node (the only thing a re-run changes).
    """
    policy = parse_policy(path)
    link_measures(policy, load_keywords(keywords_path))
    import_id = "policy-" + policy.sha256[:12]
    common: dict[str, Any] = {"doc_no": policy.doc_no, "source": policy.source, "import_id": import_id}
    rows = [
        {
            "uid": f"{policy.doc_no}/{m.no}",
            "props": {
                "no": m.no,
                "name": m.title,
                "title": m.title,
                "text": m.text,
                "section_no": m.section_no,
                "section_title": m.section_title,
                "search_text": f"{m.title} （{m.no}） {policy.doc_no}",
            },
        }
        for m in policy.measures
    ]
    links: dict[str, list[dict[str, Any]]] = {}
    for m in policy.measures:
        for label, targets in m.targets.items():
            for target in targets:
                links.setdefault(label, []).append(
                    {
                        "measure": f"{policy.doc_no}/{m.no}",
                        "target": target,
                        "keywords": m.keywords[(label, target)],
                    }
                )
    missing: list[str] = []
    linked = 0
    with graph.driver.session(database=graph.database) as session:
        with session.begin_transaction() as tx:
            tx.run(
                cypher(POLICY_MERGE, policy="Policy"),
                common,
                title=policy.title,
                issued=policy.issued,
                sections=[f"{no}、{title}" for no, title in policy.sections],
            ).consume()
            tx.run(
                cypher(MEASURE_MERGE, policy="Policy", measure="Measure", part_of="PART_OF"),
                common,
                rows=rows,
            ).consume()
            for label, link_rows in links.items():
                wanted = sorted({r["target"] for r in link_rows})
                found = {
                    rec["uid"]
                    for rec in tx.run(
                        cypher("MATCH (t:{label}) WHERE t.uid IN $uids RETURN t.uid AS uid", label=label),
                        uids=wanted,
                    )
                }
                missing += [f"{label} {t}" for t in wanted if t not in found]
                linked += tx.run(
                    cypher(SUPPORT_MERGE, measure="Measure", label=label, supports="SUPPORTS"),
                    common,
                    rows=link_rows,
                ).single()["linked"]
            at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            tx.run(cypher(RUN_MERGE, run="ImportRun"), common, at=at, file=policy.file).consume()
            tx.commit()
    return PolicyReport(policy.doc_no, len(policy.measures), linked, missing)
