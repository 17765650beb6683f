"""speed25a: the fixed cost of a cold scan on a small tree.

- The compiled regular expressions (mcpaudit/regexcache.py): every entry of a table makes the
  pattern ``re`` makes, a scan gives the same report with and without the table, a table is
  written only where byte code may be (a forked child too, through its own call), a foreign or
  broken table is an empty one, and importing :mod:`mcpaudit.api` leaves ``re`` alone.

The cases that install something run in a child interpreter (install() changes its ``re``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "speed25a"

# a table written by one interpreter (every pattern the scan's imports and the catalog compile,
# ``keep``), then each entry checked by another against re's own compiler
_FILL = r"""
import json, sys
from pathlib import Path
import mcpaudit.regexcache as rc
table = Path(sys.argv[1])
rc.table_path = lambda: table
mode = sys.argv[2]
if mode == "fill":
    assert rc.install(write=False, keep=True)
    import mcpaudit.api, mcpaudit.engines.cst, mcpaudit.analysis.ts.link
    from mcpaudit.catalog import catalog
    from mcpaudit.checks import all_rules
    all_rules(); catalog().python; catalog().typescript
    print(json.dumps({"saved": rc.save(), "entries": len(rc._state["table"])}))
elif mode == "check":
    import _sre, re._compiler as comp
    assert rc.install(write=False)
    table_ = rc._state["table"]
    own = comp.compile.__wrapped__
    bad = [repr(k) for k, entry in table_.items() if _sre.compile(k[0], *entry) != own(*k)]
    import re
    hit = re.compile(next(iter(table_))[0], next(iter(table_))[1])
    print(json.dumps({"entries": len(table_), "bad": bad[:5], "hit_ok": hit == own(*next(iter(table_)))}))
elif mode == "fork":
    import os
    assert rc.install(write=sys.argv[3] == "write")
    pid = os.fork()
    if pid == 0:
        import re
        re.compile("speed25a-child-only-[0-9]+")
        rc.save_child()
        os._exit(0)
    os.waitpid(pid, 0)
    print(json.dumps({"exists": table.exists(), "entries": len(rc._load(table))}))
elif mode == "library":
    import re._compiler as comp
    import mcpaudit.api
    print(json.dumps({"own": comp.compile.__module__ == "re._compiler"}))
"""


def _run(code: str, *args: str, **env: str):
    full = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    full.update(PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=full,
                          cwd=str(ROOT), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None


def test_every_entry_of_the_table_makes_the_pattern_re_makes(tmp_path):
    table = tmp_path / "regex.marshal"
    filled = _run(_FILL, str(table), "fill")
    assert filled["saved"] and filled["entries"] > 200
    checked = _run(_FILL, str(table), "check")
    assert checked["entries"] == filled["entries"]
    assert checked["bad"] == []
    assert checked["hit_ok"]


def test_a_foreign_or_broken_table_is_an_empty_one(tmp_path):
    import marshal

    import mcpaudit.regexcache as rc

    table = tmp_path / "regex.marshal"
    table.write_bytes(b"not marshal at all")
    assert rc._load(table) == {}
    table.write_bytes(marshal.dumps((("another python", 0, 4), {("a", 0): (32, [1], 0, {}, ())})))
    assert rc._load(table) == {}
    table.write_bytes(marshal.dumps({("a", 0): (32, [1], 0, {}, ())}))
    assert rc._load(table) == {}
    assert rc._load(tmp_path / "missing.marshal") == {}


def test_a_forked_child_writes_its_patterns_only_where_the_table_is_written(tmp_path):
    written = _run(_FILL, str(tmp_path / "w.marshal"), "fork", "write")
    assert written == {"exists": True, "entries": 1}
    kept_off = _run(_FILL, str(tmp_path / "n.marshal"), "fork", "no")
    assert kept_off == {"exists": False, "entries": 0}


def test_importing_the_library_leaves_re_alone():
    assert _run(_FILL, "unused", "library") == {"own": True}


# a scan through the command line's entry point, with the table in ``argv[1]`` (``none``: no
# table installed at all), its JSON report printed without the fields that change per run
_SCAN = r"""
import io, json, sys
from contextlib import redirect_stdout
from pathlib import Path
import mcpaudit.regexcache as rc
table, target = sys.argv[1], sys.argv[2]
if table == "none":
    rc.install = lambda *a, **k: False
else:
    rc.table_path = lambda: Path(table)
sys.argv = ["mcpaudit", "scan", target, "-f", "json", "--fail-on", "never", "--no-cache",
            "--engines", "cst,ts,bandit"]
buf = io.StringIO()


def scan():  # a caller of its own: the command line leaves by SystemExit (mcpaudit.quick._at_top)
    import mcpaudit.quick
    mcpaudit.quick.main()


try:
    with redirect_stdout(buf):
        scan()
except SystemExit:
    pass
report = json.loads(buf.getvalue())
for k in ("generated_at", "stats", "root"):
    report.pop(k, None)
print(json.dumps(report, sort_keys=True))
"""


def _findings(report):
    return [(f["rule_id"], f["engine"], Path(f["path"]).name, f["line"], f.get("tool"), f["message"])
            for f in report["findings"]]


def test_a_scan_gives_the_same_report_with_and_without_the_table(tmp_path):
    table = tmp_path / "regex.marshal"
    assert _run(_FILL, str(table), "fill")["saved"]
    target = str(FIXTURE / "vulnerable")
    plain = _run(_SCAN, "none", target)
    cached = _run(_SCAN, str(table), target)
    assert cached == plain
    assert _findings(cached) == [
        ("tool-shell-injection", "ts", "index.ts", 9, "grep",
         "tool 'grep' passes parameter 'pattern' to child_process.execSync(): OS command injection"),
        ("tool-shell-injection", "cst", "server.py", 14, "archive",
         "tool 'archive' passes parameter 'folder' to subprocess.run(shell=True): OS command injection"),
    ]
    safe = _run(_SCAN, str(table), str(FIXTURE / "safe"))
    assert safe["findings"] == [] and safe == _run(_SCAN, "none", str(FIXTURE / "safe"))


# the command line's exit (mcpaudit.quick.run/leave): the code, the atexit handlers once, the
# buffered output, and the usual exit where a thread still runs or the code is a message
_LEAVE = r"""
import atexit, sys, threading, time
from mcpaudit.quick import run
atexit.register(lambda: print("handler ran"))
mode = sys.argv[1]
sys.stdout.write("buffered report")
if mode == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), print("thread done"))).start()
run(lambda: sys.exit({"code": 3, "thread": 4, "message": "failed: because", "none": None}[mode]))
"""


def _leave(mode: str):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", _LEAVE, mode], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=120)


def test_the_command_line_leaves_with_its_code_its_handlers_and_its_output():
    done = _leave("code")
    assert done.returncode == 3
    assert done.stdout == "buffered reporthandler ran\n"
    assert _leave("none").returncode == 0
    threaded = _leave("thread")  # a thread that is not a daemon: the usual exit, which waits for it
    assert threaded.returncode == 4 and "thread done" in threaded.stdout
    assert threaded.stdout.count("handler ran") == 1
    message = _leave("message")
    assert message.returncode == 1 and "failed: because" in message.stderr
    assert message.stdout.count("handler ran") == 1


def test_a_scan_through_python_m_leaves_with_the_gate_code_and_the_whole_report(tmp_path):
    env = {k: v for k, v in os.environ.items()}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "mcpaudit.cli", "scan", str(FIXTURE / "vulnerable"), "-f", "json",
                           "--fail-on", "high", "--no-cache", "--engines", "cst,ts"], capture_output=True, text=True,
                          env=env, cwd=str(tmp_path), timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert [(f["rule_id"], Path(f["path"]).name, f["line"], f["tool"]) for f in report["findings"]] == [
        ("tool-shell-injection", "index.ts", 9, "grep"), ("tool-shell-injection", "server.py", 14, "archive")]
    assert "at or above high (exit 1)" in done.stderr
