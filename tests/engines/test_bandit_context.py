"""B104 on an "0.0.0.0" that is compared against or listed among host names is no bind: the hit
moves to the audit view with the reason; a host assigned or passed keeps its confidence."""

from __future__ import annotations

import textwrap

from mcpaudit.engines import bandit
from mcpaudit.engines.bandit_context import not_bound
from mcpaudit.models import Confidence

CODE = textwrap.dedent('''\
    import uvicorn

    BLOCKED = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})
    HOST = "0.0.0.0"


    def refuse(host: str) -> bool:
        if host == "0.0.0.0" or host in ("0.0.0.0",):
            return True
        return host in BLOCKED


    def serve(app):
        uvicorn.run(app, host="0.0.0.0", port=8000)
        return ("0.0.0.0", 8000)
''')


def test_not_bound_reasons():
    hits = [(3, 50), (4, 7), (8, 15), (8, 39), (14, 26), (15, 12)]
    got = not_bound(CODE, hits)
    assert set(got) == {(3, 50), (8, 15), (8, 39)}
    assert got[(3, 50)].startswith("the address is one of several host names")
    assert got[(8, 15)] == "the address is compared against, not bound"


def test_bandit_b104_demoted_where_not_a_bind(tmp_path):
    (tmp_path / "server.py").write_text(CODE)
    out = bandit.run([tmp_path / "server.py"], tmp_path, timeout=300)
    assert out.ran, out.errors
    b104 = {f.location.line: f for f in out.findings if f.rule_id == "B104"}
    assert sorted(b104) == [3, 4, 8, 14, 15]
    assert {line for line, f in b104.items() if f.confidence > Confidence.LOW} == {4, 14, 15}
    assert b104[3].message.endswith("not bound (audit view)")
    assert b104[3].properties["bind-context"].startswith("the address is one of several host names")
