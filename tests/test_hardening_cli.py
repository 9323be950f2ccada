"""#15: every CLI failure is one line with an exit code, and `make run` serves loopback only."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time

import pytest

from tests.conftest import REPO, free_port, run_kg


def _one_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args,code,expected",
    [
        (
            ["query", "RETURN $x AS x", "--param", "x=99999999999999999999999"],
            2,
            "参数 x 超出 64 位整数范围",
        ),
        (["query", "RETURN 1 AS x", "--timeout", "nan"], 2, "时间上限必须是"),
        (["query", "RETURN 1 AS x", "--timeout", "1e308"], 2, "时间上限必须是"),
        (["query", "RETURN 1 AS x", "--timeout", "0"], 2, "时间上限必须是"),
        (["query", "RETURN 1 AS x", "--limit", "0"], 2, "行数上限必须是"),
        (["query", "RETURN 1 AS x", "--limit", "abc"], 2, "--limit"),
        (["query", "RETURN 1; RETURN 2"], 2, "一次只能运行一条语句"),
        (["query", "   // nothing"], 2, "空查询"),
        (["query", "MATCH (n RETURN n"], 2, "语句无法执行"),
        (["run", "search_names", "--param", "text=x", "--param", f"limit={10**20}"], 2, "参数 limit"),
        (["run", "search_names", "--param", "text=x", "--limit", "99999999999"], 2, "行数上限必须是"),
        (["run", "search_names", "--param", "text=x", "--timeout", "inf"], 2, "时间上限必须是"),
        (["run", "no_such_query"], 1, "no named query"),
        (["no-such-command"], 2, "No such command"),
    ],
)
def test_bad_values_end_in_one_line_and_an_exit_code(
    graph, args: list[str], code: int, expected: str
) -> None:
    proc = run_kg(*args)
    assert proc.returncode == code, proc.stdout + proc.stderr
    line = _one_line(proc)
    assert line.startswith(("error: ", "refused: ")) and expected in line


def test_a_huge_limit_parameter_that_fits_runs_within_the_row_limit(graph) -> None:
    graph.driver.execute_query("UNWIND range(1, 5) AS i CREATE (:Enterprise {uid: 'h' + i, name: '华' + i})")
    args = ["--param", "text=华*", "--param", "limit=9999999999", "--limit", "3", "--format", "json"]
    proc = run_kg("run", "search_names", *args)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) <= 3


def test_an_unreachable_server_is_one_line(kg_env) -> None:
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    proc = run_kg("query", "RETURN 1 AS x", env=env)
    assert proc.returncode == 1
    line = _one_line(proc)
    assert line.startswith("error: 图数据库无法连接：") and "does not answer" in line


def _listening(port: int) -> list[str]:
    out = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout
    local = [line.split()[3] for line in out.splitlines() if len(line.split()) > 3]
    return [address for address in local if address.endswith(f":{port}")]


def test_make_run_serves_the_explorer_on_loopback_only(kg_env) -> None:
    port = free_port()
    dry = subprocess.run(
        ["make", "-n", "-s", "run", f"PORT={port}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    command = re.search(r"^\S*streamlit run .*?(?<!\\)$", dry.replace("\\\n", " "), re.M)
    assert command, dry
    assert "--server.address 127.0.0.1" in command.group(0)
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {command.group(0)}"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not _listening(port) and time.monotonic() < deadline:
            assert proc.poll() is None, "streamlit exited"
            time.sleep(0.5)
        time.sleep(1)
        assert _listening(port) == [f"127.0.0.1:{port}"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
