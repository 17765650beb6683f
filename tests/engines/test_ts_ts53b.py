"""Causes of wrong rows of the thirty-ninth TypeScript holdout (ts53b, ``fixtures/typescript/ts53b``
and, for the Python side of the shared models, ``fixtures/ts53b``).

1. A read-only transaction opened by a statement on the query's own client before the caller's
   query (``client.query("BEGIN TRANSACTION READ ONLY")``, then ``client.query(sql)``), where the
   caller's text cannot hold a second statement (a ``;`` refused first, or a one-statement driver),
   is a read-only mode the database enforces (``analysis/ts/readonlytx.py``; the statements are
   the SQL models' ``read-only-statements``). ``BEGIN`` alone, the read-only statement after the
   query, no ``;`` refusal (``COMMIT; DELETE ...``) or a pool's ``query()`` are none.
2. A secret-word name whose last word says it is a flag or a number (``apiKeyRequired``,
   ``passwordLength``) names no secret, in both languages (secrets.yaml ``predicate-suffixes``).
3. A key of ``Object.entries(m)``/``Object.keys(m)`` placed at a fixed key of an object literal
   (``{ date }``) is a string, which MongoDB compares for equality: it cannot be an operator
   object, so it is clean of ``nosql`` (``ts/expressions._operand``). A value of the pairs
   (``values.date``) still can.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_ts_engine import audit_group, line_of

G = "ts53b"
PY = Path(__file__).resolve().parents[2] / "fixtures" / "ts53b"


def _rows(res, rule):
    return sorted((f.location.path, f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == rule)


def _py(tmp_path, name):
    from mcpaudit import api
    from mcpaudit.config import Config

    root = tmp_path / name
    shutil.copytree(PY / name, root)
    (root / ".git").mkdir()
    return api.audit([root], Config(engines=("cst",), cache=False))


def _py_line(name, text):
    lines = (PY / name / "server.py").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# -- 1. a read-only transaction opened on the same client ----------------------------------

def test_a_read_only_transaction_begun_on_the_client_enforces_read_only(tmp_path):
    res = audit_group(tmp_path, f"{G}/readonlytx")
    assert _rows(res, "tool-read-only-bypass") == []
    caps = {t.name: [c for c in t.capabilities if c["capability"] == "raw-query"] for t in res.tools}
    assert sorted(caps) == ["query", "report"]
    for name in ("query", "report"):
        [cap] = caps[name]
        assert cap["read_only"] and not cap["writes"] and cap["summary"].startswith("runs raw queries (read-only)")


def test_begin_alone_a_later_read_only_statement_stacking_or_a_pool_enforce_nothing(tmp_path):
    g = f"{G}/readonlytx_open"
    res = audit_group(tmp_path, g)
    msg = "tool '{}' is described as read-only but runs the caller's query text with no read-only mode the database enforces ({})"
    assert _rows(res, "tool-read-only-bypass") == [
        ("src/index.ts", line_of("src/index.ts", "const result = await client.query(sql);", g), "query",
         msg.format("query", "client.query()")),
        ("src/index.ts", line_of("src/index.ts", "const rows = await db.query(sql);", g), "report",
         msg.format("report", "db.query()")),
        # BEGIN READ ONLY with no ';' refusal: "COMMIT; DELETE ..." leaves the transaction
        ("src/index.ts", line_of("src/index.ts", "const found = await client.query(sql);", g), "stacked",
         msg.format("stacked", "client.query()")),
        ("src/index.ts", line_of("src/index.ts", "const result = await pool.query(sql);", g), "pooled",
         msg.format("pooled", "pool.query()")),
    ]


def test_the_python_analysis_keeps_its_module_text_check(tmp_path):
    # psycopg's simple query runs "COMMIT; DROP ...": a BEGIN READ ONLY there is not counted (as before)
    assert _rows(_py(tmp_path, "readonlytx_py"), "tool-read-only-bypass") == [
        ("server.py", _py_line("readonlytx_py", "cur.execute(sql)"), "run_query",
         "tool 'run_query' is described as read-only but runs the caller's query text with no read-only "
         "mode the database enforces (.execute())")]


def test_read_only_statements_are_the_shared_models():
    from mcpaudit.catalog import catalog

    stmts = catalog().python.read_only_statements

    def ro(text):
        return any(p.search(text) for p in stmts)

    for text in ("BEGIN TRANSACTION READ ONLY", "begin read only", "START TRANSACTION READ ONLY",
                 "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY", "SET TRANSACTION READ ONLY",
                 "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                 "SET default_transaction_read_only = on", "PRAGMA query_only = ON"):
        assert ro(text), text
    for text in ("BEGIN", "START TRANSACTION", "SET TRANSACTION READ WRITE",
                 "SET default_transaction_read_only = off", "PRAGMA query_only = OFF", "ROLLBACK"):
        assert not ro(text), text


# -- 2. a flag or a count named after a secret ----------------------------------------------

def test_a_secret_named_flag_is_no_secret_in_a_tool_result(tmp_path):
    assert _rows(audit_group(tmp_path, f"{G}/flagname"), "secret-in-tool-result") == []
    g = f"{G}/flagname_secret"
    [(path, line, tool, msg)] = _rows(audit_group(tmp_path, g), "secret-in-tool-result")
    assert (path, line, tool) == ("src/index.ts", line_of("src/index.ts", "return await handleToolCall(name", g),
                                  "put_method")
    assert msg == "tool 'put_method' returned a value containing secret 'response.apiKey' to the caller"


def test_the_python_analysis_shares_the_suffixes(tmp_path):
    assert _rows(_py(tmp_path, "flagname_py"), "secret-in-tool-result") == []
    [(path, line, tool, msg)] = _rows(_py(tmp_path, "flagname_py_secret"), "secret-in-tool-result")
    assert (path, line, tool) == ("server.py", _py_line("flagname_py_secret", "return {"), "put_method")
    assert msg == "tool 'put_method' returned a value containing secret 'resp['apiKey']' to the caller"


def test_predicate_suffixes_in_both_languages():
    from mcpaudit.catalog import catalog

    py, ts = catalog().python, catalog().typescript
    assert py.predicate_suffix.pattern == ts.predicate_suffix.pattern  # one list in both models
    for M in (py, ts):
        for name in ("apiKeyRequired", "api_key_present", "passwordLength", "secretExpired", "tokenMissing",
                     "credentialsConfigured", "API_KEY_ENABLED", "authTokenCount"):
            assert not M.is_secret_name(name), name
        for name in ("apiKey", "api_key", "password", "clientSecret", "accessToken", "requiredApiKey",
                     "secretSet"):
            assert M.is_secret_name(name), name


# -- 3. a key of Object.entries at a fixed key of a query document ----------------------------

def test_an_entries_key_at_a_fixed_key_cannot_choose_an_operator(tmp_path):
    assert _rows(audit_group(tmp_path, f"{G}/entrykeys"), "tool-nosql-injection") == []


def test_an_entries_value_at_a_fixed_key_still_can(tmp_path):
    g = f"{G}/entrykeys_open"
    assert _rows(audit_group(tmp_path, g), "tool-nosql-injection") == [
        ("src/index.ts", line_of("src/index.ts", "return col.replaceOne(filter, doc", g), "store_prices",
         "tool 'store_prices' runs caller-supplied query documents 'arguments['series']' verbatim with "
         "col.replaceOne() (a raw-query tool) (the whole query document comes from the caller)")]


# -- 4. the value of an option that takes one, in a program named by its variable ------------

def test_values_after_msfvenoms_value_options_are_no_options(tmp_path):
    assert _rows(audit_group(tmp_path, f"{G}/flagvalue"), "tool-argument-injection") == []


def test_a_value_after_a_value_options_value_is_a_positional(tmp_path):
    g = f"{G}/flagvalue_open"
    assert _rows(audit_group(tmp_path, g), "tool-argument-injection") == [
        ("src/index.ts", line_of("src/index.ts", "const proc = spawn(msfvenomBinary, args);", g), "msfvenom-generate",
         "tool 'msfvenom-generate' passes parameter 'format' to child_process.spawn(): argument injection "
         "(a value starting with '-' is read as an option (no '--' before it))")]


def test_msfvenom_rows_in_both_languages():
    from mcpaudit.catalog import catalog

    assert catalog().python.option_operands["msfvenom"] == catalog().typescript.option_operands["msfvenom"]
    assert {"-f", "-p", "-e", "-o"} <= catalog().typescript.option_operands["msfvenom"]
    assert "--smallest" not in catalog().typescript.option_operands["msfvenom"]
