"""ts55c (issue 14): causes of the forty-second TypeScript holdout (``fixtures/typescript/ts55c``).

* ``calledprop``: a project ``registerTool(server, { name, inputSchema, fetcher, formatter })``
  wrapper registers ``(async (args) => { await config.fetcher(args) ... }) as ToolCallback<I>``
  through ``server.registerTool<O, I>(...)``: the property the registered callback calls with its
  own first parameter is the handler (``analysis/ts/forwardregistrars.py``), whatever its name.
  ``calledprop_safe``: the same tool, but the wrapper's callback never calls ``config.fetcher``.
* ``mediasdk``: image libraries that read, write or fetch behind their own calls
  (``rules/models/typescript/media.yaml``): ``probe(url)`` (probe-image-size) requests the URL,
  ``tinify.fromFile(p)`` reads and ``source.toFile(out)`` writes, a sharp pipeline's
  ``toFile(out)`` writes (``sharp(input)`` itself is no row: a Buffer input is no path). ``mediasdk_safe``: ``probe.sync`` of a buffer the server built,
  fixed paths, an enum-picked size in a fixed output name.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts55c"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/calledprop", f"{G}/calledprop_safe", f"{G}/mediasdk", f"{G}/mediasdk_safe"])


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if f.confidence >= Confidence.MEDIUM]


def _tools(name):
    _, project = scan(f"{G}/{name}")
    return sorted((t.name, t.kind, t.framework) for t in project.tools)


def test_the_property_a_wrappers_callback_calls_is_the_handler():
    g = f"{G}/calledprop"
    line = line_of("src/index.ts", "await run(`wc -w notes/${note}.md`)", g)
    assert _tools("calledprop") == [("count_words", "tool", "registrar")]
    assert _rows("calledprop") == [
        ("tool-shell-injection", "src/index.ts", line, "count_words",
         "tool 'count_words' passes parameter 'note' to child_process.exec(): OS command injection"),
    ]
    out, _ = scan(g)
    f = next(f for f in out.findings if f.rule_id == "tool-shell-injection")
    assert steps(f)[-1] == ("src/index.ts", line, "reaches child_process.exec()")


def test_a_wrapper_whose_callback_never_calls_the_definition_registers_nothing_of_it():
    assert _rows("calledprop_safe") == []
    assert _tools("calledprop_safe") == []


_WRAPPER = b"""
export function registerTool(server: McpServer, config: Config) {
  server.registerTool%s(config.name, { inputSchema: config.inputSchema }, %s);
}
"""


def _forwarding(generic: bytes, callback: bytes):
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.forwardregistrars import forwarding_registrars
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.registrars import _class_of
    data = _WRAPPER % (generic, callback)
    N.PARTS.clear()  # memoised by node id: valid within one tree only (as module analysis clears it)
    return forwarding_registrars(data, parse(data, "tool.ts").root_node, _class_of)


def test_type_arguments_and_a_cast_callback_keep_the_wrapper():
    plain = b"async (args) => config.handler(args)"
    cast = b"(async (args, _extra) => { return await config.handler(args); }) as ToolCallback<I>"
    assert _forwarding(b"", plain) == {"registerTool": "name"}
    assert _forwarding(b"<O, I>", plain) == {"registerTool": "name"}
    assert _forwarding(b"", cast) == {"registerTool": "name"}
    assert _forwarding(b"<O, I>", cast.replace(b"handler", b"fetcher")) == {"registerTool": "name>fetcher"}
    # the callback calls the definition's function, but not with its own arguments: no handler
    assert _forwarding(b"", b"async (args) => config.fetcher(DEFAULTS)") == {}


def test_media_sdks_read_write_and_fetch():
    g = f"{G}/mediasdk"
    L = lambda text: line_of("src/index.ts", text, g)  # noqa: E731
    assert _rows("mediasdk") == [
        ("tool-ssrf", "src/index.ts", L("await probe(imageUrl)"), "image_size",
         "tool 'image_size' passes parameter 'imageUrl' to probe-image-size(): server-side request forgery"),
        ("capability-file-access", "src/index.ts", L("tinify.fromFile(imagePath)"), "compress_image",
         "tool 'compress_image' reads and writes any file the caller names: parameter 'imagePath' reaches "
         "tinify.fromFile() as is (and 1 more place(s))"),
        ("tool-path-traversal", "src/index.ts", L("thumb.toFile(output)"), "make_thumbnail",
         "tool 'make_thumbnail' passes parameter 'output' to sharp toFile(): path traversal / arbitrary file "
         "access (write)"),
    ]


def test_media_sdks_on_server_chosen_values_stay_quiet():
    out, _ = scan(f"{G}/mediasdk_safe")
    assert [f for f in out.findings if f.rule_id.startswith(("tool-", "capability-"))] == []
