"""Read-only promises the code does not keep (tool-read-only-bypass), by general cause:

* readonly_flags/: a read-only mode that trusts an operation table's write flag, while an
  operation declared "no write" uses a writing HTTP method (twins: flags that agree with the
  methods, a gate that asks the method too);
* readonly_prefixes/: a statement-prefix check that admits a statement which writes by itself, a
  setter PRAGMA (``writing-prefixes`` in the SQL models, shared with the Python analysis), even
  at a driver that runs one statement per call (twin: EXPLAIN QUERY PLAN, which plans only);
* readonly_commands/: a readOnlyHint tool whose command lines are classified read-only by program
  name alone, while listed programs write through their arguments (the process models:
  output-options, writing-commands, writing-uses; twins: programs that only read, whole command
  lines, per-program option rules)."""

from __future__ import annotations

from mcpaudit.analysis.argvcommand import entry_writers
from mcpaudit.analysis.ts.writeflags import reads_by_name
from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, expectations, scan


def _line(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((FIXTURES / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, hits
    return hits[0]


def _bypass(name: str):
    out, _ = scan(name)
    return [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]


def test_operations_declared_read_only_whose_method_writes_are_reported_at_their_flag():
    got = {(f.location.path, f.location.line): f for f in _bypass("readonly_flags/unsafe")}
    want = {(p, ln) for p, ln, rule in expectations(FIXTURES / "readonly_flags/unsafe") if rule == "tool-read-only-bypass"}
    assert set(got) == want and len(want) == 2
    refund = next(f for f in got.values() if "refundOrder" in f.message)
    assert refund.tool == "call_api" and refund.confidence == Confidence.HIGH
    gate = _line("readonly_flags/unsafe/server.ts", 'if (process.env.READ_ONLY === "true" && op.isWrite)')
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
    assert _bypass("readonly_flags/safe") == []
    assert _bypass("readonly_flags/methodgate") == []


def test_a_negated_read_flag_in_a_safe_mode_gate_of_a_low_level_handler():
    got = {(f.location.path, f.location.line): f for f in _bypass("readonly_flags/readflag")}
    assert set(got) == {("server.ts", _line("readonly_flags/readflag/server.ts", "readOnly: true,  // expect"))}
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


def test_a_prefix_check_that_admits_pragma_is_bypassed_by_a_setter_pragma():
    [f] = _bypass("readonly_prefixes/pragma")
    assert {(f.location.path, f.location.line, f.rule_id)} == expectations(FIXTURES / "readonly_prefixes/pragma")
    assert f.tool == "read_query" and f.confidence == Confidence.HIGH
    assert f.message == (
        "tool 'read_query' lets caller query text 'query' reach db.prepare() behind a read-only check by query "
        "prefix ('select'/'pragma'): stacked statements do not run (better-sqlite3's prepare() refuses a second "
        "statement), but 'PRAGMA writable_schema = ON', side-effecting functions and SELECT ... INTO pass it")
    # the check is on a lower-cased copy of the parameter: the flow shows it where the test is
    check = _line("readonly_prefixes/pragma/server.ts", '!normalized.startsWith("pragma")')
    assert ("server.ts", check, "checked: read-only prefix") in [
        (s.location.path, s.location.line, s.note) for s in f.flow]


def test_a_prefix_check_that_admits_only_statements_that_cannot_write_alone_holds_at_sqlite():
    # better-sqlite3's prepare() runs one statement, and neither a SQLite SELECT nor EXPLAIN QUERY
    # PLAN writes when it runs alone: the check holds (tsrec20, as Python's sqlite3)
    assert _bypass("readonly_prefixes/plan") == []
    out, _ = scan("readonly_prefixes/plan")
    [cap] = [g for g in out.findings if g.rule_id == "capability-raw-query"]
    assert cap.properties.get("read_only") is True
    assert "its check that the query starts with SELECT holds" in cap.message


def test_a_name_allow_list_that_admits_programs_with_writing_options_is_reported_at_its_test():
    [f] = _bypass("readonly_commands/unsafe")
    assert {(f.location.path, f.location.line, f.rule_id)} == expectations(FIXTURES / "readonly_commands/unsafe")
    assert f.tool == "read_command" and f.parameter == "command" and f.confidence == Confidence.HIGH
    test = _line("readonly_commands/unsafe/classify.ts", "if (READ_ONLY_COMMANDS.has(program)")
    assert f.message == (
        "tool 'read_command' is annotated readOnlyHint=True and takes a command line, but the project classifies "
        f"commands read-only by program name alone (READ_ONLY_COMMANDS, tested at classify.ts:{test}), and "
        "programs it lists write through their arguments: 'sort --output FILE', 'uniq INPUT OUTPUT', "
        "'git log --output FILE'")
    handler = _line("readonly_commands/unsafe/server.ts", "async ({ command }) => {")
    listed = _line("readonly_commands/unsafe/classify.ts", '"sort", "uniq",')
    assert [(s.location.path, s.location.line, s.note) for s in f.flow] == [
        ("server.ts", handler, "parameter 'command' of MCP tool 'read_command' (caller-controlled)"),
        ("classify.ts", listed, "READ_ONLY_COMMANDS admits 'sort' (sort --output FILE writes)"),
        ("classify.ts", listed, "READ_ONLY_COMMANDS admits 'uniq' (uniq INPUT OUTPUT writes)"),
        ("classify.ts", _line("readonly_commands/unsafe/classify.ts", '"git status", "git log",'),
         "READ_ONLY_COMMANDS admits 'git log' (git log --output FILE writes)"),
        ("classify.ts", test, "read-only by program name: READ_ONLY_COMMANDS"),
    ]


def test_lists_of_reading_programs_of_whole_commands_or_with_option_rules_are_quiet():
    assert _bypass("readonly_commands/names") == []
    assert _bypass("readonly_commands/whole") == []
    assert _bypass("readonly_commands/argrules") == []


def test_how_an_allow_list_entry_writes_comes_from_the_process_models():
    M = catalog().python
    assert entry_writers("sort", M) == ["sort --output FILE"]
    assert entry_writers("uniq", M) == ["uniq INPUT OUTPUT"]
    assert entry_writers("git diff", M) == ["git diff --output FILE"]
    assert entry_writers("git branch", M) == ["git branch NAME"]
    assert entry_writers("ip route", M) == ["ip route add"]
    assert "ip route add" in entry_writers("ip", M)
    for reads in ("ls", "cat", "git status", "docker ps", "systemctl status", "ps", "df"):
        assert entry_writers(reads, M) == [], reads
