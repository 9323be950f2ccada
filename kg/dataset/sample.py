"""The illustrative sample layer and ``kg synth``: one seeded generator, any size.

Everything comes out as rows of the planners' templates (Chinese headers), flagged 示例数据=是,
so sample data travel the same import path as a planner's files. Determinism: one
``random.Random(seed)``, and no iteration over sets (string hashing is randomised per process).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from kg.dataset import PROFILE_FILE
from kg.dataset.chains import Segment, by_chain, read_segments
from kg.dataset.uscc import make_credit_code
from kg.errors import KgError
from kg.graph.schema import load_schema, read_yaml
from kg.ingest.names import norm_name

SAMPLE_FLAG = "是"
SAMPLE_PREFIX = "示例-"  # sample files are named 示例-<template>.csv

MIN_ENTERPRISES = 50
# 经营范围 as registers write it: the standard boilerplate around the firm's own items.
SCOPE_STYLES = (
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；{items}；货物进出口；技术进出口。"
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    "一般项目：{items}；软件开发；信息系统集成服务；电子产品销售。"
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    "{items}。",
)
ITEM_VERBS = ("的研发", "的研发、生产", "制造", "的设计与销售", "研发及技术服务")


class SampleError(KgError):
    """The sample profile or the requested size cannot produce a consistent dataset."""


def load_profile(path: Path = PROFILE_FILE) -> dict[str, Any]:
    return read_yaml(path)


@dataclass
class Firm:
    code: str
    name: str
    core: str
    district: str
    local: bool
    chain: str
    park: str
    segments: list[str]
    founded: int
    history: list[tuple[str, int]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    @property
    def top_rank(self) -> int:
        ranks = tier_ranks()
        return max((ranks[t] for t, _ in self.history), default=0)


@cache
def tier_ranks() -> dict[str, int]:
    """Tier name → rank, from the schema (the one list of tiers)."""
    return {t.name: t.rank for t in load_schema().tiers}


def _suffix_for(core: str, suffix: str) -> str:
    """科技有限公司 after a core that already ends in 科技 or 技术 reads 科技科技: keep 有限公司 only."""
    if core.endswith(("科技", "技术")) and suffix.startswith(("科技", "技术")):
        return suffix[2:]
    return suffix


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(frozen=True)
class Reserved:
    """Names and credit codes a generation must not produce (another dataset already uses them)."""

    names: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self.names or norm_name(name) in self.names)


NAME_COLUMNS = ("企业名称", "姓名", "名称", "别名")


@cache
def default_reserved() -> Reserved:
    """Every name (as written and in the importer's matching form) and credit code of the default
    dataset's files: what ``kg synth`` must never produce, so its output imports on top of
    ``kg load-default`` without merging into, or becoming ambiguous with, a default actor."""
    from kg.dataset.default import default_files

    names: set[str] = set()
    codes: set[str] = set()
    for path in default_files():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in NAME_COLUMNS:
                    for value in (row.get(column) or "").replace(";", "；").split("；"):
                        if value := value.strip():
                            names.update((value, norm_name(value)))
                if code := (row.get("统一社会信用代码") or "").strip():
                    codes.add(code)
    return Reserved(frozenset(names), frozenset(codes))


class _Generator:
    """Holds the profile, the chains and the running state of one generation."""

    def __init__(
        self,
        profile: dict[str, Any],
        n: int,
        seed: int,
        segments: list[Segment],
        reserved: Reserved | None = None,
    ) -> None:
        if n < MIN_ENTERPRISES:
            raise SampleError(f"--enterprises must be at least {MIN_ENTERPRISES}, got {n}")
        self.p = profile
        self.n = n
        self.rng = random.Random(seed)
        self.mark = profile["name_mark"]
        self.chains = by_chain(segments)
        missing = [c for c in profile["chain_shares"] if c not in self.chains]
        if missing:
            raise SampleError(f"sample profile names chains missing from 产业链环节.csv: {missing}")
        self.seg = {(s.chain, s.name): s for s in segments}
        gaps = profile["gaps"]
        for kind in ("broken", "weak_single", "weak_low"):
            for chain, name in gaps[kind]:
                if (chain, name) not in self.seg:
                    raise SampleError(f"sample gap {chain}/{name} is not a segment of 产业链环节.csv")
        self.broken = [tuple(g) for g in gaps["broken"]]
        self.weak_single = [tuple(g) for g in gaps["weak_single"]]
        self.weak_low = [tuple(g) for g in gaps["weak_low"]]
        gap_keys = self.broken + self.weak_single + self.weak_low
        self.open = {
            c: [s.name for s in segs if (c, s.name) not in gap_keys] for c, segs in self.chains.items()
        }
        # a reserved name or code is taken already: the draws only change where they would collide
        self.reserved = reserved or Reserved()
        self.codes: set[str] = set(self.reserved.codes)
        self.names: set[str] = set(self.reserved.names)
        self.norm_names: set[str] = set(self.reserved.names)
        self.firms: list[Firm] = []
        self._research_cache: dict[tuple[str, ...], list[str]] = {}
        self.scale = n / profile["enterprises"]

    # -- names and codes -------------------------------------------------------------------
    def _code(self, division: str) -> str:
        while True:
            code = make_credit_code(self.rng, division)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _firm_name(self, chain: str, district: str, local: bool) -> tuple[str, str]:
        names = self.p["names"]
        region = "上海" if local or district.endswith("区") else district.removesuffix("市")
        for attempt in range(200):
            length = 2 if attempt < 20 else 3
            core = "".join(self.rng.choice(names["syllables"]) for _ in range(length))
            core += self.rng.choice(names["industry"][chain])
            name = f"{self.mark}{region}{core}{_suffix_for(core, self.rng.choice(names['suffixes']))}"
            if name not in self.names and norm_name(name) not in self.norm_names:
                self.names.add(name)
                self.norm_names.add(norm_name(name))  # the importer matches on this form
                return name, core
        raise SampleError("ran out of distinct enterprise names; add syllables to the profile")

    def _person(self) -> str:
        names = self.p["names"]
        for attempt in range(500):
            given = "".join(
                self.rng.choice(names["given"])
                for _ in range(1 if attempt < 5 and self.rng.random() < 0.3 else 2)
            )
            name = f"{self.mark}{self.rng.choice(names['surnames'])}{given}"
            if name not in self.names and name not in self.reserved:
                self.names.add(name)
                return name
        raise SampleError("ran out of distinct expert names; add characters to the profile")

    # -- tiers -----------------------------------------------------------------------------
    def _history(self, top: str, founded: int) -> tuple[list[tuple[str, int]], int]:
        """A climb up the ladder ending at ``top`` by ``last_year``; returns (history, founded)."""
        if top == "无":
            return [], founded
        ladder: list[list[str]] = self.p["ladder"]
        level = next(i for i, step in enumerate(ladder) if top in step)
        path: list[str] = []
        for i in range(level):
            if i == 1 and self.rng.random() < 0.5:
                continue  # many firms go straight to 高新技术企业
            if i == 0 and level > 2 and self.rng.random() < 0.2:
                continue
            options = ladder[i]
            path.append(options[0] if len(options) == 1 else self.rng.choice(options))
        path.append(top)
        first, last = self.p["first_year"], self.p["last_year"]
        gaps = [self.rng.randint(1, 3) for _ in path[1:]]
        while sum(gaps) > last - first:
            gaps[gaps.index(max(gaps))] -= 1
        span = sum(gaps)
        start = self.rng.randint(first, last - span)
        if founded >= start:
            founded = start - self.rng.randint(1, 6)
        history, year = [], start
        for tier, gap in zip(path, [0, *gaps], strict=True):
            year += gap
            history.append((tier, year))
        return history, founded

    # -- enterprises -----------------------------------------------------------------------
    def _new_firm(self, chain: str, local: bool, segments: list[str], top: str) -> Firm:
        if local:
            district, division = self.p["local"]["name"], self.p["local"]["division"]
            parks = self.p["chain_parks"].get(chain)
            pool = parks if parks and self.rng.random() < 0.5 else self.p["local_parks"]
            park = self.rng.choice(pool)
        else:
            place = self.rng.choice(self.p["outside"])
            district, division, park = place["name"], place["division"], ""
        name, core = self._firm_name(chain, district, local)
        founded = self.rng.randint(1998, 2023)
        history, founded = self._history(top, founded)
        fields = list(dict.fromkeys(f for s in segments for f in self.seg[(chain, s)].fields))[:3]
        firm = Firm(
            code=self._code(division),
            name=name,
            core=core,
            district=district,
            local=local,
            chain=chain,
            park=park,
            segments=segments,
            founded=founded,
            history=history,
            fields=fields,
        )
        self.firms.append(firm)
        return firm

    def _local_segments(self, chain: str, counter: dict[str, int]) -> list[str]:
        open_segs = self.open[chain]
        i = counter.get(chain, 0)
        counter[chain] = i + 1
        primary = open_segs[i % len(open_segs)]
        chosen = [primary]
        for _ in range(self.rng.choices([0, 1, 2], weights=[45, 40, 15])[0]):
            extra = self.rng.choice(open_segs)
            if extra not in chosen:
                chosen.append(extra)
        return chosen

    def enterprises(self) -> None:
        shares = self.p["chain_shares"]
        tiers = {k: float(v) for k, v in self.p["top_tier_weights"].items()}
        gap_keys = self.broken + self.weak_single + self.weak_low
        per_gap = self.p["outside_per_gap"]
        free = self.n - per_gap * len(gap_keys)
        forced = [t for t in tiers if t != "无"]
        counter: dict[str, int] = {}
        for i in range(free):
            chain = _weighted(self.rng, shares)
            local = self.rng.random() < self.p["local_share"]
            top = forced[i] if i < len(forced) else _weighted(self.rng, tiers)
            if local:
                segs = self._local_segments(chain, counter)
            else:
                segs = [self.rng.choice([s.name for s in self.chains[chain]])]
            self._new_firm(chain, local, segs, top)
        self._fill_open_segments()
        # Weak segments: exactly one local firm, or local firms below 高新技术企业 only.
        for chain, seg in self.weak_single:
            locals_ = [f for f in self.firms if f.local and f.chain == chain]
            self.rng.choice(locals_).segments.append(seg)
        for chain, seg in self.weak_low:
            low = [f for f in self.firms if f.local and f.chain == chain and f.top_rank < 3]
            for firm in self.rng.sample(low, min(2, len(low))):
                firm.segments.append(seg)
        # Every gap has outside firms active in it: the investment-attraction targets.
        for chain, seg in gap_keys:
            for _ in range(per_gap):
                self._new_firm(chain, False, [seg], _weighted(self.rng, tiers))
        self._chain_leaders()

    def _fill_open_segments(self) -> None:
        """Only the declared gaps may be weak: every other segment gets at least two local firms,
        one of them 高新技术企业 or above."""
        for chain, names in self.open.items():
            locals_ = [f for f in self.firms if f.local and f.chain == chain]
            strong = [f for f in locals_ if f.top_rank >= 3]
            for seg in names:
                inside = [f for f in locals_ if seg in f.segments]
                if strong and not any(f.top_rank >= 3 for f in inside):
                    firm = self.rng.choice(strong)
                    firm.segments.append(seg)
                    inside.append(firm)
                others = [f for f in locals_ if seg not in f.segments]
                for firm in self.rng.sample(others, max(0, min(2 - len(inside), len(others)))):
                    firm.segments.append(seg)

    def _chain_leaders(self) -> None:
        for chain in self.p.get("chain_leaders", []):
            locals_ = [f for f in self.firms if f.local and f.chain == chain]
            if not locals_:
                continue
            best = max(locals_, key=lambda f: (f.top_rank, -f.founded))
            year = min(self.p["last_year"], max((y for _, y in best.history), default=2020) + 1)
            best.history.append(("链主企业", year))

    # -- research, workstations, consortia, carriers ---------------------------------------
    def experts(self) -> list[dict[str, str]]:
        # Research grows slower than the number of firms (the same 11 organisations).
        count = max(self.p["experts"], round(self.p["experts"] * self.scale**0.75))
        weights = self.p["affiliation_weights"]
        rows = []
        self.expert_fields: dict[str, list[str]] = {}
        for _ in range(count):
            org = _weighted(self.rng, weights)
            options = self.p["affiliation_fields"][org]
            fields = self.rng.sample(options, min(len(options), self.rng.randint(1, 2)))
            name = self._person()
            self.expert_fields[name] = fields
            title = "院士" if self.rng.random() < self.p["academician_share"] else "专家"
            rows.append({"姓名": name, "头衔": title, "所属单位": org, "技术领域": "；".join(fields)})
        return rows

    def _research_for(self, fields: list[str]) -> str | None:
        """A research organisation whose fields overlap ``fields``; None when none fits — a firm
        or chain is never paired with research that has nothing to do with it."""
        key = tuple(fields)
        matching = self._research_cache.get(key)
        if matching is None:
            orgs = self.p["affiliation_fields"]
            matching = [o for o, fs in orgs.items() if any(f in fs for f in fields)]
            self._research_cache[key] = matching
        return self.rng.choice(matching) if matching else None

    def _chain_fields(self, chains: list[str]) -> list[str]:
        return list(dict.fromkeys(f for c in chains for s in self.chains[c] for f in s.fields))

    def workstations(self) -> list[dict[str, str]]:
        count = max(self.p["workstations"], round(self.p["workstations"] * self.scale))
        hosts = [f for f in self.firms if f.local and f.top_rank >= 3]
        hosts = self.rng.sample(hosts, len(hosts))
        by_field: dict[str, list[str]] = {}
        for expert, fields in self.expert_fields.items():
            for f in fields:
                by_field.setdefault(f, []).append(expert)
        rows, used = [], set()
        for host in hosts:
            if len(rows) >= count:
                break
            pool = list(dict.fromkeys(e for f in host.fields for e in by_field.get(f, [])))
            if not pool:
                continue  # no expert works on anything this firm does: no workstation there
            chosen = self.rng.sample(pool, min(len(pool), self.rng.randint(1, 3)))
            name = f"{self.mark}{host.core}院士（专家）工作站"
            extra = len(used)
            while name in used or name in self.reserved:
                name = f"{self.mark}{host.core}{extra}院士（专家）工作站"
                extra += 1
            used.add(name)
            year = self.rng.randint(max(self.p["first_year"], host.founded + 1), self.p["last_year"])
            rows.append(
                {
                    "名称": name,
                    "依托企业信用代码": host.code,
                    "进站专家": "；".join(chosen),
                    "建站年份": str(year),
                }
            )
        return rows

    def consortia(self) -> list[dict[str, str]]:
        count = max(self.p["consortia"], round(self.p["consortia"] * self.scale))
        chains = sorted(self.p["chain_shares"], key=lambda c: -self.p["chain_shares"][c])
        rows = []
        gap_by_chain = {c: s for c, s in self.broken + self.weak_single}
        ranked = {
            c: sorted((f for f in self.firms if f.local and f.chain == c), key=lambda f: -f.top_rank)[:count]
            for c in chains
        }
        members_of = {c: [f for f in self.firms if f.chain == c] for c in chains}
        for i in range(count):
            chain = chains[i % len(chains)]
            if not ranked[chain]:
                continue
            leader = ranked[chain].pop(0)  # the strongest local firm not yet leading one
            peers = [
                f
                for f in self.rng.sample(members_of[chain], min(12, len(members_of[chain])))
                if f.code != leader.code
            ]
            members = [f.code for f in self.rng.sample(peers, min(len(peers), self.rng.randint(3, 6)))]
            key_segs = [s.name for s in self.chains[chain] if s.key]
            target = gap_by_chain.get(chain) if i < len(chains) else None
            target = target or self.rng.choice(key_segs)
            # research members work on the target segment's fields (none fits: firms only)
            research: list[str] = []
            for _ in range(2):
                org = self._research_for(list(self.seg[(chain, target)].fields))
                if org and org not in research and (not research or self.rng.random() < 0.6):
                    research.append(org)
            members.extend(research)
            name = f"{self.mark}{chain}{target}创新联合体"
            extra = i + 1
            while any(r["名称"] == name for r in rows) or name in self.reserved:
                name = f"{self.mark}{chain}{target}创新联合体（{extra}）"
                extra += 1
            rows.append(
                {
                    "名称": name,
                    "牵头企业信用代码": leader.code,
                    "成员": "；".join(members),
                    "产业链": chain,
                    "攻关方向": f"{target}关键共性技术攻关",
                }
            )
        return rows

    def carriers(self) -> list[dict[str, str]]:
        rows = []
        chains = list(self.p["chain_shares"])
        for ctype, base in self.p["carriers"].items():
            for k in range(max(base, round(base * self.scale))):
                served = self.rng.sample(chains, self.rng.randint(1, 2))
                if ctype == "概念验证中心" and k == 0:
                    served = ["6G"]  # the policy's 6G概念验证中心 (measure 十一)
                # named after its chain only when it serves that one chain: a "6G" centre listed
                # among the carriers of 脑机接口 reads as a mistake (the draw is kept either way,
                # so the rows generated after it stay the same)
                coin = self.rng.random()
                label = served[0] if len(served) == 1 and coin < 0.5 else "松江"
                for _ in range(50):
                    core = "".join(self.rng.choice(self.p["names"]["syllables"]) for _ in range(2))
                    name = f"{self.mark}{label}{core}{ctype}"
                    if name not in self.names and name not in self.reserved:
                        break
                self.names.add(name)
                operator = ""
                if ctype in ("大学科技园", "概念验证中心", "共性技术平台"):
                    operator = self._research_for(self._chain_fields(served)) or ""
                rows.append(
                    {
                        "名称": name,
                        "类型": ctype,
                        "服务产业链": "；".join(served),
                        "所在园区": self.rng.choice(self.p["local_parks"]),
                        "依托单位": operator,
                    }
                )
        return rows

    # -- collaborations --------------------------------------------------------------------
    def collaborations(self) -> list[dict[str, str]]:
        count = round(self.n * self.p["collaborations_per_enterprise"])
        types = self.p["collaboration_type_weights"]
        first, last = self.p["first_year"], self.p["last_year"]
        by_chain_firms: dict[str, list[Firm]] = {}
        for f in self.firms:
            by_chain_firms.setdefault(f.chain, []).append(f)
        # Local firms collaborate more than outside ones.
        actors = self.firms
        cum = list(accumulate(3.0 if f.local else 1.0 for f in actors))
        seen: set[tuple[str, str, str, int]] = set()
        rows: list[dict[str, str]] = []
        attempts = 0
        while len(rows) < count and attempts < count * 5:
            attempts += 1
            ctype = _weighted(self.rng, types)
            firm = self.rng.choices(actors, cum_weights=cum)[0]
            research = self._research_for(firm.fields)
            peer = self.rng.choice(by_chain_firms[firm.chain])
            if research is None:
                research = peer.code  # nothing in the research side fits: a firm-to-firm tie
            if ctype == "技术转让":
                a, b = (research, firm.code) if self.rng.random() < 0.7 else (firm.code, peer.code)
            elif ctype == "双向发榜":
                a, b = (research, firm.code) if self.rng.random() < 0.5 else (firm.code, research)
            elif ctype == "揭榜挂帅":
                b_side = research if self.rng.random() < 0.5 else peer.code
                a, b = firm.code, b_side
            elif ctype == "共建平台":
                a, b = firm.code, research
            else:  # 联合研发
                a, b = (firm.code, research) if self.rng.random() < 0.6 else (firm.code, peer.code)
            if a == b:
                continue
            year = self.rng.randint(max(first, min(firm.founded + 1, last)), last)
            key = (a, b, ctype, year)
            if key in seen:
                continue
            seen.add(key)
            segment = self.rng.choice(firm.segments)
            project = f"{self.mark}{segment}{ctype}项目（{year}-{len(rows) + 1:05d}）"
            rows.append({"甲方": a, "乙方": b, "合作类型": ctype, "年份": str(year), "项目名称": project})
        return rows

    def _texts(self, firm: Firm) -> tuple[str, str]:
        """Register-style 经营范围 and 主营产品 from the firm's segments' keywords (挂链 reads them).

        Its own ``random.Random`` seeded by the credit code: the rest of the sample is unchanged by it.
        """
        rng = random.Random(f"text:{firm.code}")
        words: list[str] = []
        for seg in firm.segments:
            keywords = list(self.seg[(firm.chain, seg)].keywords)
            words += rng.sample(keywords, min(2, len(keywords)))
        words = list(dict.fromkeys(words))
        if not words:
            return "", ""
        items = "；".join(f"{w}{rng.choice(ITEM_VERBS)}" for w in words)
        scope = rng.choice(SCOPE_STYLES).format(items=items)
        return scope, "、".join(words[:3])

    def enterprise_rows(self) -> list[dict[str, str]]:
        return [
            {
                "统一社会信用代码": f.code,
                "企业名称": f.name,
                "所在区": f.district,
                "所在园区": f.park,
                "产业链": f.chain,
                "环节": "；".join(f.segments),
                "资质": "；".join(f"{t}({y})" for t, y in f.history),
                "成立年份": str(f.founded),
                "技术领域": "；".join(f.fields),
                "经营范围": scope,
                "主营产品": products,
            }
            for f in self.firms
            for scope, products in [self._texts(f)]
        ]


def generate(
    n_enterprises: int | None = None,
    seed: int | None = None,
    profile: dict[str, Any] | None = None,
    segments: list[Segment] | None = None,
    reserved: Reserved | None = None,
) -> dict[str, list[dict[str, str]]]:
    """Rows per template (template key → rows), every row flagged 示例数据=是.

    Same ``n_enterprises``, ``seed``, profile and ``reserved`` → identical rows. Nothing generated
    equals a ``reserved`` name (as written or in the importer's matching form) or credit code.
    """
    profile = profile or load_profile()
    n = profile["enterprises"] if n_enterprises is None else n_enterprises
    seed = profile["seed"] if seed is None else seed
    gen = _Generator(profile, n, seed, segments or read_segments(), reserved)
    gen.enterprises()
    experts = gen.experts()
    tables = {
        "企业名单": gen.enterprise_rows(),
        "专家": experts,
        "工作站": gen.workstations(),
        "创新联合体": gen.consortia(),
        "创新载体": gen.carriers(),
        "合作关系": gen.collaborations(),
    }
    for rows in tables.values():
        for row in rows:
            row["示例数据"] = SAMPLE_FLAG
    return tables


def synth_tables(n_enterprises: int, seed: int) -> dict[str, list[dict[str, str]]]:
    """What ``kg synth`` writes: a generation that avoids every name and code of the default dataset."""
    return generate(n_enterprises, seed, reserved=default_reserved())


def columns(template_name: str, rows: list[dict[str, str]]) -> list[str]:
    """The template's headers (from the schema) that the rows fill, in the template's order."""
    from kg.ingest.templates import headers

    used = {key for row in rows for key in row}
    everything = headers(template_name)
    return [h for h in everything if h in used] if rows else everything


def write_tables(tables: dict[str, list[dict[str, str]]], out_dir: Path) -> list[Path]:
    """One UTF-8 CSV per template, named ``示例-<template>.csv``, with the template's columns."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for key, rows in tables.items():
        path = out_dir / f"{SAMPLE_PREFIX}{key}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns(key, rows), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths
