"""TypeScript recall causes of issue 14 (branch tsfix15b), each on a fixture of our own with a
safe twin: a caller's output folder written out from ``~/...`` (``path.join(os.homedir(),
p.slice(1))``) is the caller's folder as is, so writing there is the tool's declared capability,
and a description that splices in another module's constant still says what the tool does
(``tildeoutput``; twin: a name joined under a cache folder the code chose stays a traversal); a
value one tool keeps in server state (a module ``let``, a field of the shared server object read
through a typed receiver such as ``server.activeProject``) reaches a later tool's command line as
the caller's value, and the finding says where it is kept (``keptstate``; twins: a field set
from configuration, a folder kept after realpath and root containment read by a file sink, a
module variable set from a boolean, a kept value percent-encoded by URLSearchParams, a value a
constructor kept for one instance; objectstate's builders built per call keep nothing across
calls)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, steps, tools_of

GROUPS = ["tildeoutput"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_description_with_an_imported_constant_keeps_its_own_words():
    tools = tools_of("tildeoutput")
    assert tools["save_logs"].description == "Fetches a run's logs and writes them to a file in outputDir.\n…"
    assert tools["cache_logs"].description.startswith("Fetches a run's logs and keeps them in the cache folder")


def test_a_tilde_expanded_output_folder_is_the_tools_capability(tmp_path):
    res = audit_group(tmp_path, "tildeoutput")
    [cap] = [c for c in res.capabilities if c.tool == "save_logs"]
    assert cap.rule_id == "capability-file-access"
    assert (cap.location.path, cap.location.line) == (
        "server.ts", line_of("server.ts", "const file = path.join(dir,", "tildeoutput") + 1)
    assert cap.message.startswith("tool 'save_logs' reads and writes any file the caller names: parameter "
                                  "'outputDir' reaches fs.writeFileSync() as is")
    assert not [f for f in res.findings if f.tool == "save_logs"]


def test_a_name_under_a_home_folder_the_code_chose_stays_a_traversal():
    trav = by_rule("tildeoutput", "tool-path-traversal")
    f = trav[("server.ts", line_of("server.ts", "// expect: tool-path-traversal", "tildeoutput"))]
    assert f.tool == "cache_logs"
    assert f.message == ("tool 'cache_logs' passes parameter 'name' to fs.writeFileSync(): path traversal / "
                         "arbitrary file access (write)")


# -- state kept between tool calls (keptstate) ---------------------------------------------------

K = "keptstate"


def test_keptstate_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(K)


def test_a_field_one_tool_stores_is_read_by_another_tools_command_line():
    shell = by_rule(K, "tool-shell-injection")
    f = shell[("tools.ts", line_of("tools.ts", "exec(`xcodebuild -project", K))]
    assert f.tool == "set_project"
    # the existence check at the store (a folder) is no shell sanitiser
    assert f.message == ("tool 'set_project' passes parameter 'projectPath' to child_process.exec(): OS command "
                         "injection (the value is kept in 'this.activeProject' by an earlier tool call)")
    assert steps(f) == [
        ("tools.ts", line_of("tools.ts", 'server.server.tool("set_project"', K),
         "parameter 'projectPath' of MCP tool 'set_project' (caller-controlled)"),
        ("tools.ts", line_of("tools.ts", "server.setActiveProject({", K), "passed to setActiveProject()"),
        ("project.ts", line_of("project.ts", "public setActiveProject(", K), "parameter 'project'"),
        ("project.ts", line_of("project.ts", "this.activeProject = project;", K), "stored in 'this.activeProject'"),
        ("tools.ts", f.location.line, "'server.activeProject' read (stored by an earlier call)"),
        ("tools.ts", f.location.line, "reaches child_process.exec()"),
    ]


def test_a_module_variable_one_tool_rebinds_is_read_by_another_tools_command_line():
    shell = by_rule(K, "tool-shell-injection")
    f = shell[("server.ts", line_of("server.ts", 'exec(`ls -la "${currentDir}"`)', K))]
    assert f.message == ("tool 'change_dir' passes parameter 'dir' to child_process.exec(): OS command injection "
                         "(the value is kept in 'currentDir' by an earlier tool call)")
    assert steps(f) == [
        ("server.ts", line_of("server.ts", 'server.tool("change_dir"', K),
         "parameter 'dir' of MCP tool 'change_dir' (caller-controlled)"),
        ("server.ts", line_of("server.ts", "currentDir = dir;", K), "stored in 'currentDir'"),
        ("server.ts", f.location.line, "'currentDir' read (stored by an earlier call)"),
        ("server.ts", f.location.line, "reaches child_process.exec()"),
    ]


def test_state_set_from_configuration_or_confined_at_the_store_stays_clean():
    shell = by_rule(K, "tool-shell-injection")
    assert ("tools.ts", line_of("tools.ts", 'exec(`rm -rf "${server.buildDir}/out"`)', K)) not in shell
    assert ("server.ts", line_of("server.ts", "exec(`journalctl", K)) not in shell
    assert not by_rule(K, "tool-path-traversal")  # realpath + root containment before the store


def test_a_value_a_constructor_kept_belongs_to_that_instance():
    # repo_status's runner is built with the caller's folder by a helper; home_status builds another
    # with the server's own: the constructor's value is not state home_status reads (BUILT_WITH).
    # (repo_status's own flow through the helper-built instance is not followed, as before.)
    shell = by_rule(K, "tool-shell-injection")
    assert ("runner.ts", line_of("runner.ts", "exec(`git -C", K)) not in shell


def test_a_kept_value_set_into_url_search_params_is_percent_encoded():
    shell = by_rule(K, "tool-shell-injection")
    assert ("server.ts", line_of("server.ts", 'exec(`open "https://forms.example.com/f?${params.toString()}"`)', K)) not in shell
    f = shell[("server.ts", line_of("server.ts", "forms.example.com/raw?client=", K))]
    assert f.message == ("tool 'set_config' passes parameter 'value' to child_process.exec(): OS command injection "
                         "(the value is kept between tool calls)")
    assert ("server.ts", line_of("server.ts", "this.values[key] = value;", K), "parameter 'value'") not in steps(f)
    assert steps(f)[0] == ("server.ts", line_of("server.ts", 'server.tool("set_config"', K),
                           "parameter 'value' of MCP tool 'set_config' (caller-controlled)")
