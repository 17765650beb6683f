"""A scheme given to a URL that has none, in Python (issue 12, lead57; analysis/schemefix.py, the twin
of ts/schemedefault.py): ``if not url.startswith("http"): url = "https://" + url`` keeps the caller's
URL as is, so a tool that fetches the caller's URL by purpose lists its network capability instead of a
server-side request forgery. A ``"://" not in url`` test leaves any scheme the caller gives, so a loader
that also opens ``file:`` URLs is still reported; an ``if`` with an ``else`` is no such shape."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in  # noqa: E402

from mcpaudit import api  # noqa: E402
from mcpaudit.config import Config  # noqa: E402
from mcpaudit.models import Confidence  # noqa: E402

PROJECTS = TAINT_FIXTURES.parent / "lead57"


def _capabilities(name, tmp_path):
    shutil.copytree(PROJECTS / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.rule_id, f.location.line, f.tool, f.message, [s.note for s in f.flow]) for f in res.capabilities]


def test_a_scheme_pinned_to_http_keeps_the_fetch_tool_a_capability(tmp_path):
    server = PROJECTS / "schemedefault" / "server.py"
    assert copied_rule_rows(PROJECTS, "schemedefault", tmp_path / "a", "tool-ssrf") == []
    caps = _capabilities("schemedefault", tmp_path / "b")
    got = [(rule, line, tool) for rule, line, tool, _m, _f in caps]
    assert got == [
        ("capability-network-request", line_in(server, "response = await client.get(url)"), "fetch_page"),
        ("capability-network-request", line_in(server, "with urllib.request.urlopen(url"), "fetch_raw"),
    ]
    for _rule, _line, tool, message, notes in caps:
        assert message.startswith(f"tool '{tool}' fetches any URL the caller gives: parameter 'url' reaches")
        assert "given an https:// scheme when it has no http(s) one (the caller's URL otherwise as is)" in notes


def test_an_unpinned_scheme_or_an_else_branch_stays_reported(tmp_path):
    server = PROJECTS / "schemedefault_open" / "server.py"
    found = copied_rule_rows(PROJECTS, "schemedefault_open", tmp_path, "tool-ssrf")
    assert [(p, line, conf, tool) for p, line, conf, tool, _m in found] == [
        ("server.py", line_in(server, "with urllib.request.urlopen(url"), "high", "fetch_raw"),
        ("server.py", line_in(server, "return (await client.get(page)).text"), "high", "docs_page"),
    ]
    assert "urllib also opens file:// URLs, local files" in found[0][4]


def test_only_the_exact_shape_is_a_scheme_default():
    from mcpaudit.analysis import schemefix as S
    from mcpaudit.lazycst import cst

    def shape(src):
        return S.defaulted_if(cst.parse_statement(src))

    assert shape('if not url.startswith(("http://", "https://")):\n    url = "https://" + url\n') == ("url", True)
    assert shape('if not url.lower().startswith("http"):\n    url = f"https://{url}"\n') == ("url", True)
    assert shape('if not re.match(r"^https?://", u):\n    u = "http://" + u\n') == ("u", True)
    assert shape('if "://" not in url:\n    url = "https://" + url\n') == ("url", False)
    # a host in the prefix, another variable, a test on something else, an else branch: not the shape
    assert shape('if not url.startswith("http"):\n    url = "https://api.example.com/" + url\n') is None
    assert shape('if not url.startswith("http"):\n    target = "https://" + url\n') is None
    assert shape('if not url.startswith("/"):\n    url = "https://" + url\n') is None
    assert shape('if not url.startswith("http"):\n    url = "https://" + url\nelse:\n    pass\n') is None
