"""A read-only mode that trusts an operation table's write flag (fixtures/typescript/readonly_flags):
an operation declared "no write" whose HTTP method writes passes the gate. The safe twins: a
table whose flags agree with the methods, and a gate that asks the method too."""

from __future__ import annotations

from mcpaudit.analysis.ts.writeflags import reads_by_name
from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, expectations, scan

ROOT = FIXTURES / "readonly_flags"


def _line(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, hits
    return hits[0]


def _bypass(name: str):
    out, _ = scan(f"readonly_flags/{name}")
    return {(f.location.path, f.location.line): f for f in out.findings if f.rule_id == "tool-read-only-bypass"}


def test_operations_declared_read_only_whose_method_writes_are_reported_at_their_flag():
    got = _bypass("unsafe")
    want = {(p, ln) for p, ln, rule in expectations(ROOT / "unsafe") if rule == "tool-read-only-bypass"}
    assert set(got) == want and len(want) == 2
    refund = next(f for f in got.values() if "refundOrder" in f.message)
    assert refund.tool == "call_api" and refund.confidence == Confidence.HIGH
    gate = _line("unsafe/server.ts", 'if (process.env.READ_ONLY === "true" && op.isWrite)')
    assert refund.message == (
        "tool 'call_api' lets operation refundOrder (POST /v1/orders/{order_id}/refund) through its read-only "
        f"mode: the gate at server.ts:{gate} (if (process.env.READ_ONLY === \"true\" && op.isWrite)) trusts the "
        "operation's isWrite flag, and this one is declared isWrite: false although its HTTP method writes")
    assert [(s.location.path, s.location.line, s.note) for s in refund.flow] == [
        ("operations.ts", refund.location.line - 2,
         "operation refundOrder (POST /v1/orders/{order_id}/refund): HTTP method POST"),
        ("operations.ts", refund.location.line, "declared isWrite: false"),
        ("server.ts", gate, "read-only gate trusts isWrite"),
    ]
    remove = next(f for f in got.values() if "removeTag" in f.message)
    assert "removeTag (DELETE /v1/orders/{order_id}/tags/{tag})" in remove.message


def test_flags_that_agree_with_the_methods_and_a_gate_that_asks_the_method_are_quiet():
    assert _bypass("safe") == {}
    assert _bypass("methodgate") == {}


def test_a_negated_read_flag_in_a_safe_mode_gate_of_a_low_level_handler():
    got = _bypass("readflag")
    assert set(got) == {("server.ts", _line("readflag/server.ts", "readOnly: true,  // expect"))}
    [f] = got.values()
    assert f.tool and f.confidence == Confidence.HIGH
    assert "operation publish_page (PUT /api/pages/{id}/publish)" in f.message
    assert "declared readOnly: true although its HTTP method writes" in f.message


def test_a_post_reads_when_its_name_or_its_path_says_it_looks_things_up():
    assert reads_by_name("searchOrders", "/v1/orders/search")
    assert reads_by_name("batchGetObjects", "/v2/catalog/objects")
    assert reads_by_name("", "/v2/inventory/counts/batch-retrieve")
    assert reads_by_name("calculatePoints", "/v2/loyalty/programs/{program_id}/calculate")
    assert reads_by_name("", "/oauth2/token/status")
    assert not reads_by_name("refundOrder", "/v1/orders/{order_id}/refund")
    assert not reads_by_name("payment", "/v2/refunds")
    assert not reads_by_name("batchChange", "/v2/inventory/changes/batch-create")
