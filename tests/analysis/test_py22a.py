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
