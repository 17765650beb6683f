"""py22a: general causes of the twenty-second Python holdout (reader A)."""

from __future__ import annotations

import time

from mcpaudit.engines.cst import analyze_file


def _factory(n: int) -> str:
    """A FastMCP server built inside a factory: ``n`` tool closures that each bind ``data`` and
    ``result`` and return ``result``, and the factory returning the server."""
    out = ["from mcp.server.fastmcp import FastMCP\n\n\ndef build(client):\n    mcp = FastMCP('x')\n"]
    for i in range(n):
        out.append(f"""
    @mcp.tool()
    def step_{i}(target: str, depth: int = 1) -> dict:
        data = {{"target": target, "depth": depth}}
        if depth > 2:
            data["deep"] = True
        result = client.post("api/step{i}", data)
        if result.get("ok"):
            result = {{"summary": result}}
        return result
""")
    out.append("\n    return mcp\n")
    return "".join(out)


def test_a_factory_of_many_tool_closures_is_analysed_in_linear_time(tmp_path):
    # each closure's names were looked up across every closure's statements, once per path:
    # 100 closures took 11 s of CPU, 150 more than 300 s (the 20 s per-file limit skipped the file)
    src = tmp_path / "factory.py"
    src.write_text(_factory(120), encoding="utf-8")
    t = time.process_time()
    res = analyze_file(str(src), "factory.py", 10 * 1024 * 1024, 8.0)
    assert res.skipped is None, res.skipped
    assert time.process_time() - t < 8.0
    assert len(res.summary.handlers) == 120
    # the closures' returns are theirs: the factory's result is the server it built
    assert res.summary.list_sources == {"build()": ["mcp.server.fastmcp.FastMCP()"]}


# -- bandit B108/B104 on constants this process neither opens nor binds -----------------------

from pathlib import Path  # noqa: E402

from mcpaudit.engines import bandit  # noqa: E402
from mcpaudit.models import Confidence  # noqa: E402

BANDIT_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "bandit_forwarded"


def _lines(rel: str, needle: str):
    return [i for i, ln in enumerate((BANDIT_FIXTURE / rel).read_text().splitlines(), 1) if needle in ln]


def test_bandit_tmp_and_bind_defaults_only_forwarded_and_tmp_followups_move_to_the_audit_view():
    files = sorted(BANDIT_FIXTURE.glob("*.py"))
    out = bandit.run(files, BANDIT_FIXTURE)
    assert not [e for e in out.errors if e.fatal], out.errors
    hits = [f for f in out.findings if f.rule_id in ("B108", "B104")]
    default = {(f.location.path, f.location.line, f.rule_id) for f in hits if f.confidence > Confidence.LOW}
    expect = {(rel, line, "B108") for rel in ("client.py", "worker.py") for line in _lines(rel, "# expect: B108")}
    assert default == expect
    audit = {(f.location.path, f.location.line, f.rule_id): f.message for f in hits if f.confidence == Confidence.LOW}
    sig = _lines("client.py", "def start_scan")[0]
    assert "only forwards" in audit[("client.py", sig, "B108")]
    assert "only forwards" in audit[("client.py", sig, "B104")]
    written = _lines("worker.py", "# expect: B108")[0]
    for line in _lines("worker.py", "# follow-up: quiet"):
        assert f"reported at line {written}" in audit[("worker.py", line, "B108")]


# -- secret-in-log: names whose last word says the value is a label or an address list --------

from mcpaudit.catalog import catalog  # noqa: E402

from pyflowgroups import FlowGroups, line_in  # noqa: E402

groups = FlowGroups("flows22a")
FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows22a"


def test_an_algorithm_name_and_an_address_allow_list_are_no_secrets():
    M = catalog().python
    assert not M.is_secret_name("jwt_algorithm") and not M.is_secret_name("token_alg")
    assert not M.is_secret_name("token_management_allowed_ips")
    assert M.is_secret_name("jwt_secret_key") and M.is_secret_name("api_token")
    found = [f for f in groups.found("secretnames") if f.rule_id == "secret-in-log"]
    auth = FLOWS / "secretnames" / "auth.py"
    assert [(f.location.path, f.location.line) for f in found] == [
        ("auth.py", line_in(auth, "# expect: secret-in-log"))]
    assert "jwt_secret_key" in found[0].message


# -- secret-in-log: one secret read logged on several lines is one finding ---------------------


def test_one_secret_read_logged_on_several_lines_is_one_finding_listing_the_others():
    server = FLOWS / "logrepeats" / "server.py"
    found = sorted((f for f in groups.found("logrepeats") if f.rule_id == "secret-in-log"),
                   key=lambda f: f.location.line)
    first, second = line_in(server, "calling the service with"), line_in(server, "old signing key")
    assert [(f.location.path, f.location.line) for f in found] == [("server.py", first), ("server.py", second)]
    also = sorted(i for i, ln in enumerate(server.read_text().splitlines(), 1) if "# also: the same header" in ln)
    head = found[0]
    assert "REPORT_SERVICE_TOKEN" in head.message
    assert head.message.endswith(f"(the same value is also logged at line {also[0]}, line {also[1]})")
    assert sorted(o["flow"][-1]["line"] for o in head.properties["other_flows"]) == also
    assert "also logged" not in found[1].message and not found[1].properties.get("other_flows")
