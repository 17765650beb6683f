"""Size and shape: files too big, lines too long, nesting too deep, too many files, and the limits
that keep a scan bounded (per-file size and parse time, whole-scan timeout).

libcst's native parser is the weak point: ``x = a[0][0]...`` with 3,000 subscripts (a 9 KB file)
runs for hours, 5,000 nested parentheses overflow its stack (SIGSEGV), and neither returns to
Python where SIGALRM could stop it. The pipeline therefore analyses every file in a worker process
that is killed when a file overruns, so these tests also pin down that a hostile file costs at
most its own time limit and never the scan.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from hostile_helpers import VULN_SERVER, cli, finding_paths, install_engine, scan, skipped, write

from mcpaudit.engines import EngineOutput
from mcpaudit.engines.cst import DEADLINE_SKIP
from mcpaudit.engines.cpulimit import limit_reason

MB = 1024 * 1024
HANDLER = (
    "import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('x')\n\n\n"
    "@mcp.tool()\ndef t(text: str) -> str:\n    cmd = text\n"
)  # a tool that does not say it runs commands: the value reaching a shell is an injection


def _big_python(path, size: int) -> None:
    """A valid Python file of about ``size`` bytes that mentions subprocess (so it is parsed)."""
    line = "value_%07d = subprocess.PIPE\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("import subprocess\n")
        n = 0
        while fh.tell() < size:
            fh.write("".join(line % (n + i) for i in range(1000)))
            n += 1000


# ------------------------------------------------------------------------------------- size


def test_twenty_megabyte_file_is_skipped_with_the_size_reason_and_no_engine_reads_it(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    _big_python(repo / "huge.py", 20 * MB)
    got = {}

    def fake(name):
        def run(files, root, **kw):
            got[name] = sorted(str(f) for f in files)
            return EngineOutput(name)
        return run

    install_engine(monkeypatch, "semgrep", fake("semgrep"))
    install_engine(monkeypatch, "bandit", fake("bandit"))
    t0 = time.monotonic()
    result = scan(repo, engines=("cst", "semgrep", "bandit"))
    assert time.monotonic() - t0 < 60
    reasons = skipped(result)["huge.py"]
    assert any(r.startswith("larger than the 10,485,760-byte limit (") for r in reasons), reasons
    assert finding_paths(result) == {"server.py"}
    # the size limit holds for the external engines too: they are never handed the file
    for name in ("semgrep", "bandit"):
        assert got[name] and not any(p.endswith("huge.py") for p in got[name]), got
    assert not result.fatal_errors


def test_max_file_bytes_is_configurable_and_listed(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    write(repo / "padded.py", VULN_SERVER + "#" * 5000 + "\n")
    result = scan(repo, max_file_bytes=len(VULN_SERVER.encode()) + 10)
    assert finding_paths(result) == {"server.py"}
    assert any("-byte limit" in r for r in skipped(result)["padded.py"])
    # the same limit from the repository's own config is honoured and shown as a narrowing
    write(repo / "mcpaudit.toml", f"max-file-bytes = {len(VULN_SERVER.encode()) + 10}\n")
    out = tmp_path / "r.json"
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), str(repo)])
    doc = json.loads(out.read_text())
    assert res.exit_code == 1
    assert any(s["path"] == "padded.py" and "-byte limit" in s["reason"] for s in doc["skipped"])
    assert any("max-file-bytes" in w for w in doc["warnings"]), doc["warnings"]


def test_five_megabyte_single_line_file_is_bounded_by_the_per_file_limit(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    n = 5 * MB // 12
    write(repo / "app.min.py", "import subprocess;" + ";".join("a%07d=1" % i for i in range(n)) + "\n")
    assert (repo / "app.min.py").stat().st_size > 4 * MB
    # the deep analysis's limit is the subject (with the first pass on, the file holds no handler
    # and is left out before it)
    result = scan(repo, parse_timeout=2, first_pass=False)
    # parsing it takes about a minute of CPU inside the native parser, which the worker's own
    # timer cannot interrupt: the parent stops the worker at 1.5 x 2 + 5 s of its CPU time (no
    # bound on the wall time: on a loaded machine the same CPU takes longer, and the result must
    # not change with that). When the worker spends its 2 s in Python before the native parse
    # starts (seen once in a full run from a fresh clone with no bytecode caches; probably modules the
    # worker imports lazily are compiled inside the file's budget), its own timer stops it first;
    # both are the same bound, and the parent's stop is also tested in tests/engines/test_cpulimit.py
    [reason] = skipped(result)["app.min.py"]
    m = re.fullmatch(r"analysis took longer than the 2s per-file limit \(CPU time, its worker was stopped "
                     r"after (\d+)s of CPU\)", reason)
    assert (m and 8 <= int(m.group(1)) <= 10) or reason == limit_reason(2), reason
    assert finding_paths(result) == {"server.py"}
    assert not result.fatal_errors


@pytest.mark.slow
def test_five_megabyte_single_line_file_with_default_limits(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    write(repo / "app.min.py", "import subprocess;" + ";".join("a%07d=1" % i for i in range(5 * MB // 12)) + "\n")
    result = scan(repo)
    reasons = skipped(result).get("app.min.py", [])
    assert not reasons or any("per-file limit" in r for r in reasons)
    assert finding_paths(result) == {"server.py"}


# ----------------------------------------------------------------------------------- nesting


@pytest.fixture()
def deep_tree(tmp_path):
    repo = tmp_path / "repo"
    # deep but reasonable: analysed, and the flow to the sink is found
    ifs = HANDLER + "".join("    " * i + "if cmd:\n" for i in range(1, 98)) + "    " * 98 + "subprocess.run(cmd, shell=True)\n"
    write(repo / "deep_ifs.py", ifs)  # 97 levels: the interpreter's own limit is 100
    write(repo / "deep_parens.py", HANDLER + "    x = " + "(" * 150 + "cmd" + ")" * 150 + "\n    return subprocess.run(x, shell=True)\n")
    write(repo / "deep_calls.py", HANDLER + "    x = " + "str(" * 100 + "cmd" + ")" * 100 + "\n    return subprocess.run(x, shell=True)\n")
    write(repo / "long_elif.py", HANDLER + "    if cmd == '0':\n        pass\n"
          + "".join(f"    elif cmd == '{i}':\n        subprocess.run(cmd, shell=True)\n" for i in range(1, 600)))
    write(repo / "lambdas.py", "import subprocess\nf = " + "lambda: " * 500 + "1\n")
    # hostile: the native parser overflows its stack or runs for hours on these
    write(repo / "crash_parens.py", "import subprocess\nx = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    write(repo / "crash_unary.py", "import subprocess\nx = " + "-" * 100000 + "1\n")
    write(repo / "hang_subscripts.py", "import subprocess\nx = a" + "[0]" * 3000 + "\n")
    write(repo / "server.py", VULN_SERVER)
    return repo


HOSTILE_NESTING = ("crash_parens.py", "crash_unary.py", "hang_subscripts.py")


def test_deep_nesting_never_takes_the_scan_down(deep_tree):
    # every file through libcst (the first pass would leave the ones no handler reaches out):
    # this is about the analysis's own limits
    result = scan(deep_tree, parse_timeout=5, first_pass=False)
    reasons = skipped(result)
    for name in HOSTILE_NESTING:
        assert name in reasons, (name, reasons)
        assert any(w in r for r in reasons[name] for w in ("crashed", "per-file limit", "nested too deeply")), reasons[name]
    found = finding_paths(result, "tool-shell-injection")
    assert {"server.py", "deep_ifs.py", "deep_parens.py", "deep_calls.py"} <= found, (found, reasons)
    assert not {"long_elif.py", "lambdas.py"} & set(reasons), reasons
    assert result.stats["parsed"] == 6
    assert not result.fatal_errors
    # (each hostile file costs at most its own limit, 1.5 x 5 + 5 s of CPU, plus a worker restart)


def test_deep_nesting_through_the_cli_exits_by_the_gate(deep_tree, tmp_path):
    out = tmp_path / "r.json"
    write(deep_tree / "mcpaudit.toml", "parse-timeout = 3\n")
    for name in ("deep_ifs.py", "deep_parens.py", "deep_calls.py", "long_elif.py", "lambdas.py",
                 "crash_unary.py", "hang_subscripts.py"):
        (deep_tree / name).unlink()
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), str(deep_tree)])
    assert res.exit_code == 1, res.output  # the finding in server.py, not a crash
    doc = json.loads(out.read_text())
    assert [s["path"] for s in doc["skipped"]] == ["crash_parens.py"]
    assert [f["path"] for f in doc["findings"]] == ["server.py"]


# ------------------------------------------------------------------------------------- limits


def test_parse_timeout_is_honoured_even_inside_the_native_parser(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    write(repo / "slow.py", "import subprocess\nx = a" + "[0]" * 1500 + "\n")  # ~20 s to parse
    result = scan(repo, parse_timeout=1, first_pass=False)  # libcst's parse is what is limited
    # stopped by CPU time: the worker's own timer, or the parent at 1.5 x 1 + 5 s of its CPU
    assert any(r.startswith("analysis took longer than the 1s per-file limit (CPU time")
               for r in skipped(result)["slow.py"]), skipped(result)
    assert finding_paths(result) == {"server.py"}


# a server module (so the first pass sends it to libcst) whose parse runs for hours
HANG = HANDLER + "    return cmd\n\n\nx = a" + "[0]" * 3000 + "\n"


def test_scan_timeout_stops_the_scan_and_says_so(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    write(repo / "hang.py", HANG)
    t0 = time.monotonic()
    result = scan(repo, scan_timeout=3)
    elapsed = time.monotonic() - t0
    assert elapsed < 30, elapsed
    assert DEADLINE_SKIP in skipped(result)["hang.py"]
    reasons = skipped(result).get("server.py", [])
    assert not reasons or reasons == [DEADLINE_SKIP]
    fatal = [e for e in result.fatal_errors if e.engine == "scan"]
    assert fatal and "scan timeout" in fatal[0].message


def test_scan_timeout_on_the_command_line_exits_2_with_the_report_written(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "hang.py", HANG)
    out = tmp_path / "r.json"
    t0 = time.monotonic()
    res = cli(["scan", "--engines", "cst", "--scan-timeout", "2", "--format", "json", "-o", str(out), str(repo)])
    assert time.monotonic() - t0 < 30
    assert res.exit_code == 2
    doc = json.loads(out.read_text())
    assert any(e["engine"] == "scan" and e["fatal"] for e in doc["errors"])
    assert {"path": "hang.py", "reason": DEADLINE_SKIP} in doc["skipped"]
    # from the repository's config it cannot hide anything either: still exit 2
    write(repo / "mcpaudit.toml", "scan-timeout = 2\n")
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), str(repo)])
    assert res.exit_code == 2


def test_scan_timeout_bounds_the_external_engines(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    seen = {}

    def run(files, root, *, timeout=600.0, **kw):
        seen["timeout"] = timeout
        return EngineOutput("semgrep")

    install_engine(monkeypatch, "semgrep", run)
    scan(repo, engines=("cst", "semgrep"), scan_timeout=7, engine_timeout=900)
    assert 0 < seen["timeout"] <= 7


# ------------------------------------------------------------------------------- many files


def _many(root, n: int) -> None:
    per_dir = 200
    for i in range(n):
        write(root / f"pkg{i // per_dir:03d}" / f"mod{i:05d}.py",
              f"import subprocess\n\n\ndef f{i}(x):\n    return subprocess.run(['echo', x])\n")


def test_two_thousand_small_files(tmp_path):
    repo = tmp_path / "repo"
    _many(repo, 2000)
    write(repo / "server.py", VULN_SERVER)
    result = scan(repo)
    assert result.stats["python_files"] == 2001
    # the first pass reads them all; libcst parses the ones that can change the report
    first_pass = result.stats.engines["cst"]["first_pass"]
    assert first_pass["modules"] == 2001 and first_pass["analysed"] == result.stats["parsed"]
    assert result.stats["parsed"] + first_pass["left_out"] == 2001
    assert not result.skipped
    assert finding_paths(result) == {"server.py"}


@pytest.mark.slow
def test_twenty_thousand_small_files(tmp_path):
    """About 40 s for the cst engine on 2 cores (measured; semgrep alone needs more than its
    default 900 s budget for this many files on the same machine, which it reports as an engine
    error)."""
    repo = tmp_path / "repo"
    _many(repo, 20000)
    write(repo / "server.py", VULN_SERVER)
    t0 = time.monotonic()
    result = scan(repo)
    elapsed = time.monotonic() - t0
    print(f"20,001 files: {elapsed:.1f}s")
    assert result.stats["python_files"] == 20001
    assert not result.skipped
    assert finding_paths(result) == {"server.py"}
