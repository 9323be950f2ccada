"""Fixture files for the importer tests, written by the tests themselves (CSV in several encodings,
.xlsx with openpyxl) plus valid credit codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from kg.ingest.templates import headers
from kg.ingest.uscc import ALPHABET, check_char


def code(n: int, prefix: str = "9131011") -> str:
    """A valid 统一社会信用代码 (GB 32100-2015 check character) numbered ``n``."""
    body = prefix + f"{n:010d}"
    body = "".join(ch if ch in ALPHABET else "0" for ch in body)[:17]
    return body + check_char(body)


def write_csv(path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list[object]]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, (header, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


# Headers come from the templates in the schema (never re-typed), in the order the rows below use.
SEGMENT_HEADER = headers("segment", "chain", "name", "position", "order", "upstream", "fields", "key_segment")
SEGMENTS = [
    ["卫星互联网", "卫星制造", "上游", 1, "", "航天器设计", "是"],
    ["卫星互联网", "卫星发射", "中游", 2, "卫星制造", "运载火箭", "否"],
    ["卫星互联网", "地面设备", "中游", 3, "卫星制造", "射频通信", "否"],
    ["卫星互联网", "卫星应用", "下游", 4, "卫星发射；地面设备", "", "否"],
    ["医疗器械", "医用原材料", "上游", 1, "", "生物材料", "否"],
    ["医疗器械", "医疗设备", "中游", 2, "医用原材料", "医学影像", "是"],
]
ENTERPRISE_HEADER = headers(
    "enterprise", "credit_code", "name", "district", "park", "chains", "segments", "tiers", "founded_year"
)
COLLABORATION_HEADER = headers("collaboration", "party_a", "party_b", "type", "year", "project")


def enterprises(n: int = 3) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            code(1),
            "上海星链测试科技有限公司",
            "松江区",
            "临港松江科技城",
            "卫星互联网",
            "卫星制造、地面设备",
            "高新技术企业(2023)；科技小巨人（2025）",
            2015,
        ],
        [
            code(2),
            "美昕测试医疗器械（上海）有限公司",
            "松江区",
            "张江高新区松江园",
            "医疗器械",
            "医疗设备",
            "高企（2022）",
            2012,
        ],
        [code(3), "苏州外地卫星股份有限公司", "苏州市", "", "卫星互联网", "卫星发射", "科技型中小企业", 2020],
    ]
    return rows[:n]


def ecosystem_files(tmp: Path) -> list[Path]:
    """A small, valid set covering every template, in mixed formats and encodings."""
    files = [
        write_csv(tmp / "产业链环节.csv", SEGMENT_HEADER, SEGMENTS, "utf-8-sig"),
        write_csv(
            tmp / "园区.csv",
            headers("park", "name", "area_km2", "note"),
            [["张江高新区松江园", 21.217, "含漕河泾松江园"], ["临港松江科技城", "", ""]],
            "gb18030",
        ),
        write_csv(tmp / "企业名单.csv", ENTERPRISE_HEADER, enterprises(), "gb18030"),
    ]
    files.append(
        write_xlsx(
            tmp / "研究.xlsx",
            {
                "高校院所": (
                    headers("institution", "name", "kind", "fields", "park"),
                    [
                        ["东华大学", "高校", "先进纤维材料", ""],
                        ["上海测试研究院", "科研院所", "射频通信", ""],
                    ],
                ),
                "专家": (
                    headers("expert", "name", "title", "affiliation", "fields"),
                    [
                        ["张三", "院士", "东华大学", "生物材料"],
                        ["李四", "专家", "上海测试研究院", "射频通信"],
                    ],
                ),
                "工作站": (
                    headers("workstation", "name", "host", "experts"),
                    [["星链院士专家工作站", code(1), "张三、李四"]],
                ),
                "创新联合体": (
                    headers("consortium", "name", "leader", "members", "chains", "focus"),
                    [
                        [
                            "卫星互联网创新联合体",
                            code(1),
                            f"{code(3)}；东华大学；上海测试研究院",
                            "卫星互联网",
                            "星地直连",
                        ]
                    ],
                ),
                "创新载体": (
                    headers("carrier", "name", "type", "chains", "park", "operator"),
                    [["东华大学国家大学科技园", "大学科技园", "医疗器械", "张江高新区松江园", "东华大学"]],
                ),
                "合作关系": (
                    COLLABORATION_HEADER,
                    [
                        ["上海星链测试科技有限公司", "东华大学", "联合研发", 2024, "星载柔性天线"],
                        [code(2), "上海测试研究院", "技术转让", 2023, "影像探测器"],
                        [code(1), code(3), "揭榜挂帅", 2025, ""],
                    ],
                ),
            },
        )
    )
    return files


def big_files(tmp: Path, n: int, collaborations_per_firm: int = 2, seed: int = 7) -> list[Path]:
    """``n`` enterprises (chains, segments, tiers with years) and ~2n collaborations, as CSV."""
    import random

    rng = random.Random(seed)
    seg_rows = [r for r in SEGMENTS]
    tiers = ["科技型中小企业", "高新技术企业", "专精特新", "科技小巨人", "瞪羚企业"]
    rows = []
    for i in range(n):
        chain, seg = rng.choice([(r[0], r[1]) for r in seg_rows])
        tier = f"{rng.choice(tiers)}({rng.randint(2015, 2025)})"
        rows.append(
            [
                code(100000 + i),
                f"规模测试{i}科技有限公司",
                "松江区" if i % 5 else "嘉定区",
                "",
                chain,
                seg,
                tier,
                rng.randint(1990, 2024),
            ]
        )
    collabs = []
    for i in range(n * collaborations_per_firm):
        a, b = rng.sample(range(n), 2)
        collabs.append([code(100000 + a), code(100000 + b), "联合研发", rng.randint(2015, 2025), f"项目{i}"])
    return [
        write_csv(tmp / "产业链环节.csv", SEGMENT_HEADER, seg_rows),
        write_csv(tmp / "企业名单.csv", ENTERPRISE_HEADER, rows),
        write_csv(tmp / "合作关系.csv", COLLABORATION_HEADER, collabs),
    ]
