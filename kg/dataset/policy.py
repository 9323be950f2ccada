"""The policy document 沪松府〔2025〕150号 as a Policy with its sections and 11 Measures.

The text was extracted from a PDF: page breaks split two measures mid-sentence (（六） "…加 / 快…",
（九） "…新业 / 态"). A measure's paragraph runs until the next heading, so its lines are joined
without a separator. What each measure supports comes from ``links.yaml``: every link quotes the
measure, and the whole sentence around the quote is stored on the SUPPORTS link as its reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.dataset import POLICY_DIR
from kg.errors import KgError
from kg.graph.connection import Graph
from kg.graph.schema import cypher, load_schema, read_yaml

POLICY_FILE = POLICY_DIR / "songjiang-policy-2025-150.txt"
LINKS_FILE = POLICY_DIR / "links.yaml"

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
class Support:
    """One link entry: what a measure supports, the quote that says so, and its sentence."""

    quote: str
    sentence: str
    kinds: list[str]
    targets: dict[str, list[str] | str]  # group → names, or "all" (consortia, workstations, key_segments)


@dataclass
class Measure:
    no: int
    title: str
    text: str
    section_no: int
    section_title: str
    supports: list[Support] = field(default_factory=list)


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


# Link groups → the label they reach. "all" groups reach every node of the label (key segments:
# every ChainSegment with key_segment, optionally of named chains).
GROUPS = {
    "chains": "IndustryChain",
    "tiers": "Tier",
    "carrier_types": "CarrierType",
    "consortia": "Consortium",
    "workstations": "Workstation",
    "key_segments": "ChainSegment",
}
ALL_GROUPS = ("consortia", "workstations", "key_segments")
KINDS = ("招商引育", "孵化", "梯度培育", "技术攻关", "产学研", "成果转化", "园区发展")
_SENTENCE_END = "。；"


def sentence_of(text: str, quote: str) -> str:
    """The whole sentence of ``text`` (ending in 。 or ；) that contains ``quote``."""
    at = text.index(quote)
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, at + len(quote)) for c in _SENTENCE_END) if i >= 0]
    return text[start : (min(ends) + 1 if ends else len(text))]


def load_links(policy: Policy, path: Path = LINKS_FILE) -> None:
    """Fill each measure's ``supports`` from the link file, checking every part of it.

    Refused: a measure with no link, a quote not in the measure's text, an unknown kind or group,
    tier or carrier-type names that are not the schema's.
    """
    raw = read_yaml(path) or {}
    schema = load_schema()
    known = {"tiers": {t.name for t in schema.tiers}, "carrier_types": set(schema.carrier_types)}
    by_no = {m.no: m for m in policy.measures}
    unknown_measures = sorted(set(raw) - set(by_no), key=str)
    if unknown_measures:
        raise PolicyError(f"{path.name}: no such measure: {unknown_measures}")
    for measure in policy.measures:
        entries = raw.get(measure.no) or []
        if not entries:
            raise PolicyError(f"{path.name}: measure （{measure.no}） supports nothing")
        for entry in entries:
            measure.supports.append(_support(path.name, measure, entry, known))


def _support(file: str, measure: Measure, entry: dict[str, Any], known: dict[str, set[str]]) -> Support:
    where = f"{file}: measure （{measure.no}）"
    quote = str(entry.get("quote") or "")
    if not quote or quote not in measure.text:
        raise PolicyError(f"{where}: quote not in the measure's text: {quote!r}")
    kinds = list(entry.get("kinds") or [])
    if not kinds or any(k not in KINDS for k in kinds):
        raise PolicyError(f"{where}: kinds must be some of {'、'.join(KINDS)}: {kinds}")
    extra = set(entry) - {"quote", "kinds", *GROUPS}
    if extra:
        raise PolicyError(f"{where}: unknown keys {sorted(extra)}")
    targets: dict[str, list[str] | str] = {}
    for group in GROUPS:
        value = entry.get(group)
        if value is None:
            continue
        if value == "all":
            if group not in ALL_GROUPS:
                raise PolicyError(f"{where}: {group} must list names, not 'all'")
            targets[group] = "all"
            continue
        names = [str(v) for v in value]
        wrong = [n for n in names if group in known and n not in known[group]]
        if wrong:
            raise PolicyError(f"{where}: {group} not in the schema: {'、'.join(wrong)}")
        targets[group] = names
    if not targets:
        raise PolicyError(f"{where}: the entry {quote!r} names no target")
    return Support(quote, sentence_of(measure.text, quote), kinds, targets)


# Targets reached by each group, matched in the graph (never created).
TARGETS = {
    "named": "UNWIND $names AS n MATCH (t:{label} {{uid: n}}) RETURN t.uid AS uid, t.sample AS sample",
    "all": "MATCH (t:{label}) RETURN t.uid AS uid, t.sample AS sample ORDER BY uid",
    "key_segments": (
        "MATCH (t:{segment}) WHERE t.key_segment AND ($chains IS NULL OR t.chain IN $chains) "
        "RETURN t.uid AS uid, t.sample AS sample ORDER BY uid"
    ),
}
STALE_SUPPORTS = """
MATCH (m:{measure})-[r:{supports}]->(t)
WHERE m.uid IN $measures AND NOT (m.uid + '|' + t.uid) IN $keep
DELETE r
"""


def _resolve(tx: Any, group: str, value: list[str] | str) -> tuple[dict[str, bool], list[str]]:
    """(uid → sample flag of each target found, names missing) for one group of one entry."""
    label = GROUPS[group]
    if group == "key_segments":
        chains = None if value == "all" else list(value)
        rows = tx.run(cypher(TARGETS["key_segments"], segment=label), chains=chains)
        return {r["uid"]: bool(r["sample"]) for r in rows}, []
    if value == "all":
        return {r["uid"]: bool(r["sample"]) for r in tx.run(cypher(TARGETS["all"], label=label))}, []
    found = {r["uid"]: bool(r["sample"])
             for r in tx.run(cypher(TARGETS["named"], label=label), names=list(value))}
    return found, [f"{label} {n}" for n in value if n not in found]


@dataclass
class PolicyReport:
    doc_no: str
    measures: int
    links: int
    missing: list[str]


def load_policy(graph: Graph, path: Path = POLICY_FILE, links_path: Path = LINKS_FILE) -> PolicyReport:
    """Write the policy, its measures and their SUPPORTS links in one transaction (idempotent).

    Written with the importer's own MERGE statements, so ``sources`` is merged, not overwritten.
    Targets are matched, never created; named ones missing from the graph are reported in
    ``missing``. Consortia, workstations and key segments are those in the graph when it runs:
    load the policy again (``kg load-default``) after importing new ones. SUPPORTS links that the
    link file no longer gives are removed. The run is recorded on an ``ImportRun`` node.
    """
    from kg.ingest.loader import NODE_MERGE, REL_MERGE
    from kg.ingest.runs import record_run

    policy = parse_policy(path)
    load_links(policy, links_path)
    import_id = "policy-" + policy.sha256[:12]
    base = {"source": policy.source, "sources": [policy.source], "sample": False, "aliases": []}
    policy_row = {
        **base,
        "uid": policy.doc_no,
        "name": policy.title,
        "props": {
            "title": policy.title,
            "doc_no": policy.doc_no,
            "issued": policy.issued,
            "sections": [f"{no}、{title}" for no, title in policy.sections],
        },
    }
    measure_rows = [
        {
            **base,
            "uid": f"{policy.doc_no}/{m.no}",
            "name": m.title,
            "props": {
                "no": m.no,
                "title": m.title,
                "text": m.text,
                "section_no": m.section_no,
                "section_title": m.section_title,
            },
        }
        for m in policy.measures
    ]
    part_of = [{**base, "a": r["uid"], "b": policy.doc_no, "props": {}} for r in measure_rows]
    missing: list[str] = []
    with graph.driver.session(database=graph.database) as session:
        with session.begin_transaction() as tx:
            tx.run(cypher(NODE_MERGE, label="Policy"), rows=[policy_row], import_id=import_id).consume()
            tx.run(cypher(NODE_MERGE, label="Measure"), rows=measure_rows, import_id=import_id).consume()
            tx.run(cypher(REL_MERGE, a="Measure", b="Policy", t="PART_OF"), rows=part_of,
                   import_id=import_id).consume()
            links: dict[tuple[str, str, str], dict[str, Any]] = {}
            samples: dict[tuple[str, str], bool] = {}
            for m in policy.measures:
                for support in m.supports:
                    for group, value in support.targets.items():
                        found, lost = _resolve(tx, group, value)
                        missing += lost
                        for uid, target_sample in found.items():
                            _add_link(links, f"{policy.doc_no}/{m.no}", GROUPS[group], uid, support)
                            samples[(GROUPS[group], uid)] = target_sample
            by_label: dict[str, list[dict[str, Any]]] = {}
            for (measure, label, uid), link in sorted(links.items()):
                # a link to an illustrative node (a sample consortium) is itself sample
                row = {**base, "sample": samples[(label, uid)], "a": measure, "b": uid, "props": link}
                by_label.setdefault(label, []).append(row)
            tx.run(
                cypher(STALE_SUPPORTS, measure="Measure", supports="SUPPORTS"),
                measures=[r["uid"] for r in measure_rows],
                keep=[f"{measure}|{uid}" for measure, _, uid in links],
            ).consume()
            for label, rows in by_label.items():
                tx.run(cypher(REL_MERGE, a="Measure", b=label, t="SUPPORTS"), rows=rows,
                       import_id=import_id).consume()
            record_run(tx, import_id, [policy.file])
            tx.commit()
    return PolicyReport(policy.doc_no, len(policy.measures), len(links), sorted(set(missing)))


def _add_link(links: dict[Any, dict[str, Any]], measure: str, label: str, uid: str, support: Support) -> None:
    """One SUPPORTS link per (measure, target): sentences, quotes, kinds and scope of its entries."""
    link = links.setdefault((measure, label, uid), {"sentence": "", "quotes": [], "kinds": [], "scope": None})
    # An entry that names chains scopes its other targets to them ("6G领域高质量孵化器"); a target
    # also given by an unscoped entry is district-wide ([]).
    chains = [] if label == "IndustryChain" else list(support.targets.get("chains") or [])
    link["scope"] = [] if link["scope"] == [] or not chains else sorted({*(link["scope"] or []), *chains})
    if support.sentence not in link["sentence"]:
        link["sentence"] += support.sentence
    link["quotes"] = [*link["quotes"], support.quote]
    link["kinds"] = sorted({*link["kinds"], *support.kinds}, key=KINDS.index)
