"""Causes of the thirty-eighth TypeScript holdout, flows (ts52b, ``fixtures/typescript/ts52b``).

* ``handlerargs``/``handlerargs_safe``: a low-level server builds a WooCommerce REST client per
  request and runs ``tool.handler(api, args)`` of the tool object it picked from an imported list;
  each handler is ``async (api: any, args: any) => api.get(`orders/${args.orderId}`)``. The
  arguments already bind by position (the second parameter); what was missing is the client:
  ``@woocommerce/woocommerce-rest-api`` is a request sink whose endpoint is a path under the store
  URL (``rules/models/typescript/http.yaml``), and a client built in one module and handed on as
  an argument is that class's receiver in the handler that takes it as an untyped parameter of the
  same name (``analysis/ts/handedclients.py``). The twin converts the id with ``Number`` or parses
  the arguments with the tool's schema (quiet).
* ``basegetter``/``basegetter_safe``: ``this.client!.deleteRule(id)`` in a subclass whose abstract
  base (another module) has ``get client() { return this.holder.ref; }`` with ``holder: { ref:
  HomeClient }``: the accessor is the field it returns (``analysis/ts/getters.py``). The twin's
  accessor returns another property (a cache whose ``deleteRule`` sends nothing): quiet.
* ``retsiblings``/``retsiblings_safe``: ``prompts.map((p, i) => createJob(p, i))`` with
  ``createJob`` returning ``{ job, prompt, index, input }``; after ``Promise.all``,
  ``created.map(async ({ job, input }) => ...)``: ``job`` holds the service's answer only, not its
  sibling ``input`` (``analysis/ts/mapfields.py``); ``input.image`` pasted into a path stays.
* ``filegoto``: ``page.goto(`file://${resolve(p)}`)`` opens a local file: a read (the tool's
  file-access capability), not ``tool-ssrf``; ``file://${host}/...`` with a caller's host stays a
  request (``analysis/ts/fileprefix.py``).
* ``execoutput``: ffprobe's JSON stdout handed to ``eval`` is the program's output, not the
  caller's code (``analysis/ts/sinkresults.py``); the command itself and ``eval(expression)`` of a
  parameter stay.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engines"))
import test_ts_engine  # noqa: E402

G = "ts52b"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / G

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/{n}" for n in ("handlerargs", "handlerargs_safe", "basegetter", "basegetter_safe", "retsiblings",
                          "retsiblings_safe", "filegoto", "execoutput")])


def _audit(tmp_path, name: str):
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    (root / ".git").mkdir()
    return api.audit([root], Config(engines=("ts",), cache=False, min_confidence=Confidence.LOW))


def _line(name: str, rel: str, needle: str) -> int:
    lines = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _rows(items, rule: str):
    return [(f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in sorted(items, key=lambda f: (f.location.path, f.location.line)) if f.rule_id == rule]


def _flow(f):
    return [(s.location.path, s.location.line, s.note) for s in f.flow]


_WOO = ("only a weak check on the way: it fills the path under the fixed host woocommerce-store; '../' reaches "
        "other endpoints of woocommerce-store with the server's credential (the client's own settings)")


def test_a_woocommerce_client_handed_to_a_picked_handler_is_a_path_fill_under_the_store(tmp_path):
    n = "handlerargs"
    res = _audit(tmp_path, n)
    get = _line(n, "src/tools/get-order.tool.ts", "api.get(`orders/")
    put = _line(n, "src/tools/update-order.tool.ts", "api.put(`orders/")
    assert _rows(res.findings, "tool-ssrf") == [
        ("src/tools/get-order.tool.ts", get, "get_order", Confidence.MEDIUM,
         f"tool 'get_order' passes parameter 'arguments['orderId']' to api.get(): server-side request forgery; {_WOO}"),
        ("src/tools/update-order.tool.ts", put, "update_order", Confidence.MEDIUM,
         f"tool 'update_order' passes parameter 'arguments['orderId']' to api.put(): server-side request forgery; {_WOO}"),
    ]
    f = next(f for f in res.findings if f.location.line == get and f.rule_id == "tool-ssrf")
    dispatch = _line(n, "src/index.ts", "return await tool.handler(api, args)")
    # the arguments are the handler's second parameter: bound by position
    assert _flow(f)[-3:] == [("src/index.ts", dispatch, "passed to handler()"),
                             ("src/tools/get-order.tool.ts", get - 1, "parameter 'args'"),
                             ("src/tools/get-order.tool.ts", get, "reaches api.get()")]


def test_a_converted_or_parsed_order_id_is_quiet(tmp_path):
    res = _audit(tmp_path, "handlerargs_safe")
    rows = _rows(res.findings, "tool-ssrf")
    assert [(r[0], r[2], r[3]) for r in rows] == [("src/tools/get-order.tool.ts", None, Confidence.LOW),
                                                  ("src/tools/update-order.tool.ts", None, Confidence.LOW)]
    assert all("not traced to an MCP tool parameter" in r[4] for r in rows)


def test_the_handed_client_needs_the_same_name_and_no_declared_type():
    from mcpaudit.analysis.ts.handedclients import handed_clients

    rc = [("woocommerce-client", frozenset({"@woocommerce/woocommerce-rest-api"}))]
    text = (b'import pkg from "@woocommerce/woocommerce-rest-api";\n'
            b'const Woo = (pkg as any).default || pkg;\n'
            b'async function run(tool, args) { const api = new Woo({ url }); return tool.handler(api, args); }\n')
    assert handed_clients(text, rc) == ["woocommerce-client\x1eapi"]
    # built but never passed on: nothing to hand
    assert handed_clients(text.replace(b"tool.handler(api, args)", b"api.get('x')"), rc) == []


def test_a_getter_of_a_base_class_resolves_to_the_field_it_returns(tmp_path):
    n = "basegetter"
    res = _audit(tmp_path, n)
    line = _line(n, "src/homeClient.ts", "await fetch(`${this.config.url}/api/${api}`")
    assert _rows(res.findings, "tool-ssrf") == [
        ("src/homeClient.ts", line, "delete_rule", Confidence.MEDIUM,
         "tool 'delete_rule' passes parameter 'rule_id' to fetch(): server-side request forgery; only a weak check "
         "on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of that "
         "host with the server's credential (the 'headers' option)")]
    f = next(f for f in res.findings if f.rule_id == "tool-ssrf")
    call = _line(n, "src/ruleTools.ts", "await this.client!.deleteRule(rule_id)")
    assert _flow(f)[1] == ("src/ruleTools.ts", call, "passed to deleteRule()")


def test_a_getter_returning_another_property_is_followed_there(tmp_path):
    res = _audit(tmp_path, "basegetter_safe")
    assert [(r[0], r[2], r[3]) for r in _rows(res.findings, "tool-ssrf")] == [("src/homeClient.ts", None, Confidence.LOW)]


def test_a_destructured_element_property_keeps_its_own_taint(tmp_path):
    n = "retsiblings"
    res = _audit(tmp_path, n)
    wait = _line(n, "src/server.ts", "const response = await fetch(`${API}/jobs/${jobId}`")
    retry = _line(n, "src/server.ts", "/retry`")
    rows = _rows(res.findings, "tool-ssrf")
    assert [r[:4] for r in rows] == [("src/server.ts", wait, None, Confidence.LOW),
                                     ("src/server.ts", retry, "render_images", Confidence.MEDIUM)]
    assert rows[1][4].startswith("tool 'render_images' passes parameter 'image_url' to fetch(): server-side request forgery")
    f = next(f for f in res.findings if f.location.line == retry)
    pattern = _line(n, "src/server.ts", "created.map(async ({ job, input })")
    assert ("src/server.ts", pattern, "property 'input' of an element") in _flow(f)


def test_a_sibling_never_used_in_a_request_leaves_it_quiet(tmp_path):
    res = _audit(tmp_path, "retsiblings_safe")
    assert [r[2:4] for r in _rows(res.findings, "tool-ssrf")] == [(None, Confidence.LOW)]


def test_a_constant_file_scheme_is_a_file_read_and_a_caller_host_after_it_a_request(tmp_path):
    n = "filegoto"
    res = _audit(tmp_path, n)
    local = _line(n, "src/server.ts", "await page.goto(`file://${local}`);")
    share = _line(n, "src/server.ts", "await page.goto(`file://${host}/reports")
    assert _rows(res.findings, "tool-ssrf") == [
        ("src/server.ts", share, "screenshot_share", Confidence.HIGH,
         "tool 'screenshot_share' passes parameter 'host' to page.goto(): server-side request forgery (the browser "
         "also opens file:// URLs, local files)")]
    assert _rows(res.findings, "tool-path-traversal") == []
    caps = _rows(res.capabilities, "capability-file-access")
    assert [r[:4] for r in caps] == [("src/server.ts", local, "screenshot_html", Confidence.HIGH)]
    assert caps[0][4].startswith("tool 'screenshot_html' reads any file the caller names: parameter 'html_path' "
                                 "reaches page.goto() as is")


def test_a_commands_output_is_no_code_of_the_callers(tmp_path):
    n = "execoutput"
    res = _audit(tmp_path, n)
    ev = _line(n, "src/server.ts", "eval(video.r_frame_rate)")
    calc = _line(n, "src/server.ts", "const value = eval(expression)")
    cmd = _line(n, "src/server.ts", "await execAsync(`ffprobe")
    code = _rows(res.findings, "tool-code-injection")
    assert [r[:4] for r in code] == [("src/server.ts", ev, None, Confidence.LOW),
                                     ("src/server.ts", calc, "calc", Confidence.HIGH)]
    assert code[1][4] == "tool 'calc' passes parameter 'expression' to eval(): code injection"
    assert _rows(res.findings, "tool-shell-injection") == [
        ("src/server.ts", cmd, "video_fps", Confidence.HIGH,
         "tool 'video_fps' passes parameter 'file_path' to child_process.exec(): OS command injection")]
    assert not [c for c in res.capabilities if c.rule_id == "capability-code-execution"]
