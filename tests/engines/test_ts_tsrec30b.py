"""tsrec30b: commands that run though nothing in the argv is the caller's (issue 14).

A package manager run in a folder the caller chooses runs that folder's scripts.

``folderscripts``: ``spawn("npm", ["install"], { cwd: dir })`` has an argv of constants, yet npm
runs the install and lifecycle scripts of ``dir``'s package.json (``pnpm run test`` the named
script): the caller's folder chooses the commands. At main none of these tools had a finding or a
capability. The process models' ``folder-scripts`` name the commands; ``analysis/ts/folderscripts.py``
records a shell sink at the call's ``cwd`` option; a tool that says it installs or builds
(``folder-scripts-declared-by``) declares it, so it is its capability.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

GROUP = "tsrec30b/folderscripts"
_SERVER = "src/server.ts"


def test_a_caller_folder_for_npm_install_or_pnpm_run_is_a_shell_sink(tmp_path):
    res = audit_group(tmp_path, GROUP)
    got = {f.tool: f for f in res.findings if f.rule_id == "tool-shell-injection" and f.tool}
    assert sorted(got) == ["check_project", "prepare_project", "refresh_project"]
    prep, check = got["prepare_project"], got["check_project"]
    assert (prep.location.path, prep.location.line) == (_SERVER, line_of(_SERVER, 'spawn("npm", ["install"', GROUP))
    assert prep.message == (
        "tool 'prepare_project' passes parameter 'dir' to child_process.spawn() ['npm install', …] {cwd}: OS command "
        "injection (npm install runs the scripts the package.json in its working folder names (install and lifecycle "
        "scripts): the caller's folder chooses the commands)")
    assert prep.confidence.name == "HIGH"
    assert (check.location.path, check.location.line) == (_SERVER, line_of(_SERVER, 'execFileSync("pnpm", ["run"', GROUP))
    assert check.message.startswith(
        "tool 'check_project' passes parameter 'dir' to child_process.execFileSync() ['pnpm run', …] {cwd}: OS command "
        "injection (pnpm run runs the scripts")
    refresh = got["refresh_project"]  # a constant shell command line (execSync) in the caller's folder
    assert (refresh.location.path, refresh.location.line) == (_SERVER, line_of(_SERVER, 'execSync("npm ci', GROUP))
    assert refresh.message.startswith(
        "tool 'refresh_project' passes parameter 'folder' to child_process.execSync() ['npm ci', …] {cwd}: OS command "
        "injection (npm ci runs the scripts")


def test_a_tool_that_says_it_installs_or_builds_has_the_capability(tmp_path):
    res = audit_group(tmp_path, GROUP)
    caps = [c for c in res.capabilities if c.tool == "install_dependencies"]
    assert [(c.rule_id, c.location.path, c.location.line) for c in caps] == [
        ("capability-command-execution", _SERVER, line_of(_SERVER, 'execFileSync("npm", ["install"]', GROUP))]
    assert caps[0].message.startswith(
        "tool 'install_dependencies' runs commands the caller chooses: parameter 'dir' reaches "
        "child_process.execFileSync() ['npm install', …] {cwd} as is")
    build = [c for c in res.capabilities if c.tool == "build_site"]
    assert [(c.rule_id, c.location.path, c.location.line) for c in build] == [
        ("capability-command-execution", _SERVER, line_of(_SERVER, 'execSync("npm run build"', GROUP))]
    assert build[0].message.startswith(
        "tool 'build_site' runs commands the caller chooses: parameter 'folder' reaches "
        "child_process.execSync() ['npm run', …] {cwd} as is")
    assert not [f for f in res.findings if f.tool in ("install_dependencies", "build_site")]


def test_the_servers_own_folder_and_a_command_that_runs_no_script_are_no_sink(tmp_path):
    res = audit_group(tmp_path, GROUP)
    for tool in ("refresh_workspace", "list_dependencies"):
        assert not [f for f in res.findings if f.tool == tool]
        assert not [c for c in res.capabilities if c.tool == tool]
    assert {"refresh_workspace", "list_dependencies"} <= {t.name for t in res.tools}


def test_the_command_is_the_program_and_its_first_operand():
    from mcpaudit.analysis.ts.folderscripts import _command
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    assert _command(M, "npm", ["install", "--no-fund"]) == "npm install"
    assert _command(M, "/usr/local/bin/pnpm", ["--silent", "run", "build"]) == "pnpm run"
    assert _command(M, "npm.cmd", ["ci"]) == "npm ci"
    assert _command(M, "npm", ["ls"]) is None  # lists, runs no script
    assert _command(M, "npm", [None, "install"]) is None  # a computed subcommand
    assert _command(M, "git", ["install"]) is None


# -- cliententry: a server entry written into an MCP client's configuration ----------------------
#
# ``config.mcpServers[name] = { command, args }`` is started by the client at its next start. At
# main neither tool had a finding or a capability (the write is a JSON file; nothing runs here).
# ``analysis/ts/cliententries.py`` records a shell sink at the assignment for the entry's command
# and args; a tool that says it installs or registers declares it (``client-server-maps``).

ENTRY = "tsrec30b/cliententry"


def test_a_caller_command_in_a_client_server_entry_is_a_shell_sink(tmp_path):
    res = audit_group(tmp_path, ENTRY)
    got = [f for f in res.findings if f.tool == "sync_profile"]
    assert [(f.rule_id, f.location.path, f.location.line) for f in got] == [
        ("tool-shell-injection", _SERVER, line_of(_SERVER, "config.mcpServers[profile] = {", ENTRY))]
    assert got[0].message == (
        "tool 'sync_profile' passes parameter 'launcher' to mcpServers[…].command: OS command injection (a server "
        "entry of an MCP client's mcpServers: the client starts its command with its arguments at its next start)")
    assert got[0].confidence.name == "HIGH"


def test_an_installer_tool_has_the_capability(tmp_path):
    res = audit_group(tmp_path, ENTRY)
    caps = [c for c in res.capabilities if c.tool == "install_server"]
    assert [(c.rule_id, c.location.path, c.location.line) for c in caps] == [
        ("capability-command-execution", _SERVER, line_of(_SERVER, "mcpServers[name] = entry;", ENTRY))]
    assert "reaches mcpServers[…].args as is" in caps[0].message
    assert not [f for f in res.findings if f.tool == "install_server"]


def test_an_entry_of_the_servers_own_command_is_no_sink(tmp_path):
    res = audit_group(tmp_path, ENTRY)
    assert not [f for f in res.findings if f.tool == "add_time_server"]
    assert not [c for c in res.capabilities if c.tool == "add_time_server"]
    assert "add_time_server" in {t.name for t in res.tools}
