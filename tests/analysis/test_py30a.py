"""Causes of the thirtieth Python holdout, reader A (issue 12, branch py30a), each with a twin
that stays reported (``fixtures/taint/py30a``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, FlowGroups, rows

files = FixtureFiles("py30a")
groups = FlowGroups("py30a")


def test_membership_in_a_subscript_chain_of_a_server_collection_is_an_allow_list(tmp_path):
    name = "member_expr.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("tool-path-traversal", files.line_of(name, '"CHANGELOG.md"'), "module_changelog",
         "tool 'module_changelog' passes parameter 'version' to open(): path traversal / arbitrary file access")]
    # module_readme (version in modules[module_name][VERSIONS]) and module_notes (module_name in
    # self.known) are checked against what the server holds; the twin's list is the caller's own


def test_deleting_the_fixed_name_file_the_function_wrote_is_no_place_of_its_own(tmp_path):
    name = "fixed_scratch.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("capability-file-access", 18,
         "lint_folder",
         "tool 'lint_folder' reads and writes any file the caller names: parameter 'folder' reaches open() as is"),
        ("capability-file-access", 37, "lint_and_clean",
         "tool 'lint_and_clean' reads and writes any file the caller names: parameter 'folder' reaches open() "
         "as is (and 1 more place(s))"),
        ("capability-file-access", files.line_of(name, "os.unlink(old_values)"), "render_and_forget",
         "tool 'render_and_forget' reads and writes any file the caller names: parameter 'old_values' reaches "
         "os.unlink() as is"),
        ("tool-read-only-bypass", files.line_of(name, "os.unlink(old_values)"), "render_and_forget",
         "tool 'render_and_forget' is annotated readOnlyHint=True but deletes files (os.unlink())")]
    # the twin's os.remove(os.path.join(folder, leftover)) is a place of its own; lint_folder's
    # two removals of .tflint.hcl (after the run, and joined again in the except block) are not;
    # render_chart's finally removes the temp values files its helper wrote: no read-only breach


def test_aztfexport_config_subcommands_take_no_hazardous_option(tmp_path):
    name = "aztf_config.py"
    found = files.audit(name, tmp_path)
    assert rows(found) == [
        ("tool-argument-injection", files.line_of(name, "return subprocess.run(cmd"), "export_resource",
         "tool 'export_resource' passes parameter 'resource_id' to subprocess.run(): argument injection (a value "
         "starting with '-' is read as an option (no '--' before it)")]
    assert found[0].message.endswith(
        "; aztfexport resource options that run a program, touch a file or send a credential elsewhere: "
        "--backend-config, --log-path, --output-dir, --overwrite, --tfclient-plugin-path, -f, -o)")


def test_a_tool_objects_execute_with_only_a_mapping_spread_is_no_db_api_call(tmp_path):
    name = "spread_execute.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("capability-raw-query", files.line_of(name, 'cur.execute(arguments["sql"])'), "run_query",
         "tool 'run_query' runs query text the caller writes (reads and writes): parameter 'arguments['sql']' "
         "reaches .execute() as is")]
    # call_tool's tool.execute(**arguments) is the project's FunctionTool.execute


def test_read_only_statements_beside_a_writing_sibling_route_and_promise_nothing(tmp_path):
    name = "routed_claim.py"
    found = rows(files.audit(name, tmp_path))
    peek = 32  # db_peek's cur.execute(sql_stmt)
    assert [r for r in found if r[0] == "tool-read-only-bypass"] == [
        ("tool-read-only-bypass", peek, "db_peek",
         "tool 'db_peek' is described as read-only but runs the caller's query text with no read-only mode the "
         "database enforces (.execute())"),
        ("tool-read-only-bypass", 42, "db_select",
         "tool 'db_select' lets caller query text 'sql_stmt' reach .execute() behind a read-only check by query "
         "prefix ('SELECT'): 'SELECT 1")]  # ('; DROP TABLE t', ... pass it: rows() keeps the head)
    # twin db_select: the same "read-only statements" with a SELECT check of its own stays a claim
    # db_query's "using db_query to execute SELECT / SHOW ... read-only statements" beside
    # db_execute (any write on the same connection) is its capability only
    assert ("capability-raw-query", 16, "db_query",
            "tool 'db_query' runs query text the caller writes (reads and writes): parameter 'sql_stmt' reaches "
            ".execute() as is") in found


def test_self_attribute_typed_by_a_base_class_annotation_in_another_module():
    name = "class_annotated"
    svc = "svc/services/helm_service.py"
    assert groups.rows(name) == [
        (svc, groups.line_of(name, svc, 'cmd = ["helm", "install", release, chart]'), "tool-argument-injection",
         "helm_install_chart"),
        (svc, groups.line_of(name, svc, "cmd.extend(extra_args)"), "tool-argument-injection", "helm_install_chart")]
    assert groups.message(name, "tool-argument-injection", "helm_install_chart").startswith(
        "tool 'helm_install_chart' passes parameter ")
    extra = [f for f in groups.found(name) if f.location.line == groups.line_of(name, svc, "cmd.extend(extra_args)")]
    assert extra[0].message.startswith(
        "tool 'helm_install_chart' passes parameter 'extra_args' to asyncio.create_subprocess_exec() through "
        "install_chart() at svc/services/helm_service.py:12")
    # helm_status puts '--' before the release: no finding


def test_helm_search_takes_no_hazardous_option(tmp_path):
    name = "helm_search.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("tool-argument-injection", files.line_of(name, 'subprocess.run(cmd, capture_output'), "rollback_release",
         "tool 'rollback_release' passes parameter 'release' to subprocess.run(): argument injection (a value "
         "starting with '-' is read as an option (no '--' before it)")]
    # search_charts' keyword after 'helm search repo' can only pick local indexes and output


def test_a_scan_rooted_at_a_package_has_no_root_scripts(tmp_path):
    from mcpaudit.rootscripts import RootScripts

    pkg = tmp_path / "helm_server"
    (pkg / "services").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "services" / "__init__.py").write_text("")
    (pkg / "config.py").write_text('HOST = "0.0.0.0"\n')
    (pkg / "main.py").write_text("from helm_server.config import HOST\n")
    # scanned at the package's own folder: config.py is the package's module, not a script
    assert RootScripts(pkg).is_script("config.py") is False
    # twin: a housekeeping script beside a package at a repository's top is still one
    (tmp_path / "bump_version.py").write_text("print('bump')\n")
    assert RootScripts(tmp_path).is_script("bump_version.py") is True


def test_a_class_constant_nothing_reads_by_attribute_or_by_name_is_not_bound(tmp_path):
    import shutil
    from pathlib import Path

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / "py30a_classconst"
    shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures" / "bind_flow" / "py30a_classconst", root)
    res = api.audit([root], Config(engines=("cst", "bandit"), cache=False, min_confidence=Confidence.LOW))
    assert sorted((f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == "B104") == [
        ("defaults.py", 5, "low", "Possible binding to all interfaces.; the address is only stored or printed: "
         "it reaches no listening call, never bound (audit view)"),
        ("defaults.py", 6, "medium", "Possible binding to all interfaces.")]
    # DefaultConfig.HOST is copied into settings by dir() but no file reads .HOST or "HOST";
    # SERVE_HOST (the twin) is handed to uvicorn.run
