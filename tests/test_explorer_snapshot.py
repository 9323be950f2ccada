"""`kg snapshot`: one-page briefings as PNG, self-contained HTML and PDF, offline, with CJK fonts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import run_kg
from tests.explorer_seed import HOSTILE_IMG, seed

NETWORK_REF = re.compile(r"https?://|(?:src|href)\s*=\s*[\"']?//", re.I)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_chain_snapshot_in_three_formats(graph, kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    seed(graph)
    html, pdf, png = tmp_path / "6g.html", tmp_path / "6g.pdf", tmp_path / "6g.png"
    for fmt, out in (("html", html), ("pdf", pdf), ("png", png)):
        done = run_kg(
            "snapshot", "--view", "chain", "--chain", "6G", "--format", fmt, "--out", str(out), env=kg_env
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000

    page = html.read_text(encoding="utf-8")
    for name in ("6G 产业链简报", "射频芯片", "基站", "终端设备", "苏州丙通信设备有限公司", "示例数据"):
        assert name in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page and "<script" not in page and "<link" not in page
    assert not NETWORK_REF.search(page)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"WenQuanYi|NotoSansCJK|NotoSerifCJK", fonts), fonts
    text = pdf_text(pdf)
    for name in ("6G", "射频芯片", "断链", "补链"):
        assert name in text
    raw = pdf.read_bytes()
    assert b"http://" not in raw and b"https://" not in raw

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_network_snapshot_and_bad_arguments(graph, kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    seed(graph)
    out = tmp_path / "net.html"
    done = run_kg("snapshot", "--view", "network", "--format", "html", "--out", str(out), env=kg_env)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "协同网络简报" in page and "东华大学" in page and not NETWORK_REF.search(page)
    assert HOSTILE_IMG not in page

    bad = run_kg(
        "snapshot",
        "--view",
        "chain",
        "--chain",
        "7G",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x.pdf"),
        env=kg_env,
    )
    assert bad.returncode == 1 and "7G" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
    wrong = run_kg("snapshot", "--view", "map", "--out", str(tmp_path / "y.pdf"), env=kg_env)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
