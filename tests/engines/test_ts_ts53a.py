"""Tool registrations the scan did not follow, from the thirty-ninth TypeScript holdout (ts53a,
``fixtures/typescript/ts53a``).

* ``tablefind``/``tablefind_safe``: ``registerTool("x", ..., (args) => ALL_TOOLS.find((t) => t.name
  === "x")!.handler(args))`` (also ``?.``, ``"x" === t.name``, prompts' ``ALL_PROMPTS...generate``):
  the element of the imported list whose ``name`` is the literal, its ``handler`` run as the tool
  (``analysis/ts/namedpicks.py``). The twin registers only the harmless element; the list's shell
  tool is looked up by no registration.
* ``handlermap``/``handlermap_safe``: a JavaScript class keeps ``this.handlersMap = { git_x: handleX }``
  and its CallTool handler runs ``this.handlersMap[name](args)``: each entry is a tool
  (``analysis/ts/selfmaps.py``). The twin's map leaves the shell helper out.
* ``addtoolmap``/``addtoolmap_safe``: ``(server as any).addTool = function (tool, handler) {
  this.toolHandlers.set(tool.name, handler) }`` and ``[new GitShowTool(), ...].forEach((tool) =>
  server.addTool({ name: tool.name, ... }, (args) => tool.handler(args, wd)))``; the base class's
  ``handler`` calls the subclass's ``execute`` (``analysis/ts/pairregistrars.py``).
* ``registryclasses``/``registryclasses_safe``: tool classes whose module-level instances (not the
  classes) are imported and registered in a ``Map`` registry run by ``toolRegistry.execute(name,
  args)`` (``analysis/ts/instanceimports.py``); a URL check listing ``file:`` among its schemes is
  no guard. The twin checks the host against an allow-list and registers no evaluate tool.
* ``fileschemes``/``fileschemes_safe``: the same URL checks inline in a registered tool
  (``analysis/ts/formchecks.py``): ``file:`` admitted, the flow is a high finding with no
  "weak check" note; a host allow-list, nothing at the default view.
* ``servicetools``/``servicetools_safe``: an ``IMCPService``-style class with ``listTools()`` and
  ``executeTool(name, args)`` switching over the listed names, no SDK import
  (``analysis/ts/servicetools.py``). The twin's methods are named ``listJobs``/``runJob``.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts53a"
_NAMES = ["tablefind", "tablefind_safe", "handlermap", "handlermap_safe", "addtoolmap", "addtoolmap_safe",
          "registryclasses", "registryclasses_safe", "fileschemes", "fileschemes_safe", "servicetools",
          "servicetools_safe"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in _NAMES])


def _rows(name, *, low=False):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if low or f.confidence >= Confidence.MEDIUM]


def _only(name, rule):
    out, _ = scan(f"{G}/{name}")
    hits = [f for f in out.findings if f.rule_id == rule and f.confidence >= Confidence.MEDIUM]
    assert len(hits) == 1, [(f.rule_id, f.location.path, f.location.line) for f in hits]
    return hits[0]


def _tools(name):
    _, project = scan(f"{G}/{name}")
    return sorted((t.name, t.kind) for t in project.tools)


def test_a_definition_looked_up_by_a_literal_name_runs_as_that_tool():
    g = f"{G}/tablefind"
    shell = line_of("src/tools.ts", "exec(`git log --oneline", g)
    read = line_of("src/tools.ts", "await fs.readFile(args.path as string", g)
    prompt = line_of("src/prompts.ts", "await fs.readFile(args.path", g)
    assert _rows("tablefind") == [
        ("capability-file-access", "src/prompts.ts", prompt, "review-file",
         "tool 'review-file' reads any file the caller names: parameter 'path' reaches fs/promises.readFile() as is"),
        ("capability-file-access", "src/tools.ts", read, "read_file",
         "tool 'read_file' reads any file the caller names: parameter 'path' reaches fs/promises.readFile() as is"),
        ("tool-shell-injection", "src/tools.ts", shell, "git_log",
         "tool 'git_log' passes parameter 'ref' to child_process.exec(): OS command injection"),
    ]
    # (?.handler(args) on the element named git_log; count_words' own handler runs nothing)
    f = _only("tablefind", "tool-shell-injection")
    reg = line_of("src/index.ts", '"git_log")?.handler(args)', g)
    assert steps(f) == [
        ("src/index.ts", reg, "parameter 'ref' of MCP tool 'git_log' (caller-controlled)"),
        ("src/index.ts", reg, "passed to handler()"),
        ("src/tools.ts", shell - 2, "parameter 'args'"),
        ("src/tools.ts", shell, "reaches child_process.exec()"),
    ]


def test_only_the_named_element_runs_not_every_element_of_the_list():
    assert _rows("tablefind_safe") == []
    assert _tools("tablefind_safe") == [("count_words", "tool"), ("count_words_again", "tool")]


def test_a_name_to_function_map_a_class_keeps_is_the_tool_table():
    g = f"{G}/handlermap"
    line = line_of("src/handlers/search.js", "await execAsync(`cd", g)
    assert _rows("handlermap") == [
        ("tool-shell-injection", "src/handlers/search.js", line, "git_search",
         "tool 'git_search' passes parameter 'arguments['repo_path']' to child_process.exec(): OS command injection")]
    f = _only("handlermap", "tool-shell-injection")
    start = line_of("src/server.js", "setRequestHandler(CallToolRequestSchema", g)
    call = line_of("src/server.js", "return await handler(args);", g)
    assert steps(f) == [
        ("src/server.js", start, "parameter 'arguments' of MCP tool 'call_tool' (caller-controlled)"),
        ("src/server.js", start, "parameter 'request'"),
        ("src/server.js", start + 1, "assigned to 'args'"),
        ("src/server.js", call, "passed to handleGitSearch()"),
        # both fields reach the shell inside double quotes; since ts55b the value after `git grep -n`
        # carries no option-value mark, and the finding names repo_path (not escaped at all)
        ("src/handlers/search.js", line - 2, "parameter 'repo_path'"),
        ("src/handlers/search.js", line, "reaches child_process.exec()"),
    ]
    assert ("git_search", "tool") in _tools("handlermap")


def test_a_helper_the_map_leaves_out_is_no_tool():
    assert _rows("handlermap_safe") == []
    assert not [r for r in _rows("handlermap_safe", low=True) if r[3] is not None]
    assert ("git_search", "tool") not in _tools("handlermap_safe")


def test_an_addtool_helper_storing_handlers_in_a_map_registers_each_instance():
    g = f"{G}/addtoolmap"
    line = line_of("src/tools/show.ts", 'git.raw(["show", args.ref])', g)
    assert _rows("addtoolmap") == [
        ("tool-argument-injection", "src/tools/show.ts", line, "git_show",
         "tool 'git_show' passes parameter 'args['ref']' to simple-git raw(): argument injection (a value starting "
         "with '-' is read as an option (no '--' before it); git show options that run a program, touch a file or "
         "send a credential elsewhere: --output)")]
    f = _only("addtoolmap", "tool-argument-injection")
    # the registered callback, the base class's handler, then the subclass's execute
    assert [s[:2] for s in steps(f)] == [
        ("src/tools/index.ts", 15), ("src/tools/index.ts", 15), ("src/tools/base.ts", 5), ("src/tools/base.ts", 7),
        ("src/tools/show.ts", 12), ("src/tools/show.ts", line)]
    assert _tools("addtoolmap") == [("git_show", "tool"), ("git_status", "tool")]


def test_an_unregistered_tool_class_is_no_tool():
    assert _rows("addtoolmap_safe") == []
    assert _tools("addtoolmap_safe") == [("git_status", "tool")]


def test_instances_of_tool_classes_in_a_registry_are_the_tools():
    g = f"{G}/registryclasses"
    goto = line_of("src/tools/base.ts", "await page.goto(url", g)
    ev = line_of("src/tools/evaluate.ts", "page.evaluate(params.script)", g)
    assert _rows("registryclasses") == [
        ("tool-ssrf", "src/tools/base.ts", goto, "browser_navigate",
         "tool 'browser_navigate' passes parameter 'arguments['url']' to page.goto(): server-side request forgery "
         "(the browser also opens file:// URLs, local files)"),
        ("capability-code-execution", "src/tools/evaluate.ts", ev, "browser_evaluate",
         "tool 'browser_evaluate' evaluates code the caller writes: parameter 'arguments['script']' reaches "
         "page.evaluate() as is"),
    ]
    f = _only("registryclasses", "tool-ssrf")
    assert f.confidence == Confidence.HIGH
    notes = [s[2] for s in steps(f)]
    assert "passed to executeImpl()" in notes and notes[-1] == "reaches page.goto()"
    assert {t[0] for t in _tools("registryclasses")} >= {"browser_evaluate", "browser_navigate"}


def test_a_host_allow_list_guards_and_an_unregistered_instance_is_no_tool():
    assert _rows("registryclasses_safe") == []
    assert "browser_evaluate" not in {t[0] for t in _tools("registryclasses_safe")}


def test_a_scheme_list_admitting_file_is_no_guard():
    g = f"{G}/fileschemes"
    line = line_of("src/server.ts", "await page.goto(url)", g)
    f = _only("fileschemes", "tool-ssrf")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("src/server.ts", line, "open_page", Confidence.HIGH)
    assert f.message == ("tool 'open_page' passes parameter 'url' to page.goto(): server-side request forgery "
                         "(the browser also opens file:// URLs, local files)")
    assert _rows("fileschemes_safe") == []


def test_a_service_class_listing_and_executing_tools_is_a_dispatcher():
    g = f"{G}/servicetools"
    read = line_of("src/file-service.ts", "await fs.readFile(filePath", g)
    rm = line_of("src/file-service.ts", "await fs.rm(filePath", g)
    assert _rows("servicetools") == [
        ("capability-file-access", "src/file-service.ts", read, "fs_read_file",
         "tool 'fs_read_file' reads any file the caller names: parameter 'arguments['path']' reaches fs/promises.readFile() as is"),
        ("capability-file-access", "src/file-service.ts", rm, "fs_delete_file",
         "tool 'fs_delete_file' reads and writes any file the caller names: parameter 'arguments['path']' reaches "
         "fs/promises.rm() as is"),
    ]
    _, project = scan(g)
    assert sorted((t.name, t.function) for t in project.tools) == [
        ("fs_delete_file", "FilesMCPService.executeTool"), ("fs_read_file", "FilesMCPService.executeTool"),
        ("fs_size", "FilesMCPService.executeTool")]
    desc = {t.name: t.description for t in project.tools}
    assert desc["fs_read_file"] == "Read file contents"


def test_other_method_names_are_no_dispatcher():
    assert _rows("servicetools_safe") == []
    assert _tools("servicetools_safe") == []
