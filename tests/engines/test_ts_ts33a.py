"""The thirty-third TypeScript holdout, reader A's causes (ts33a, ``fixtures/typescript/ts33a``).

* a containment predicate whose allowed folders are one of its parameters (``isWithin(p, dirs)``:
  ``dirs.some((d) => n === d || n.startsWith(d + path.sep))``, block-bodied callbacks with ``if (c)
  return true`` included) is a containment in that argument: a caller that passes the operator's
  folders (a module list from argv or the environment) gets the check, in the predicate's module
  (``verdicts.verdict_narrowings``) and in another (``checkref``, the reference records which
  arguments carry no caller input: ``analysis/ts/rootargs.py``); a realpath'd argument so contained
  is whole. The twin passes the tool caller's folders: the check confines nothing.
* a relative-path predicate (``if (rel.includes("..") || path.isAbsolute(rel)) return false; ...
  return true``) hands the shape it proves (no ``..`` segment, relative) to its caller's true
  branch, as the same test inline does (``verdicts._shape_kept``): a later ``path.join(root, rel)``
  is contained. The twin returns true for ``./`` paths before the test.
* ``process.execPath`` (``process.argv0``, ``process.argv[0]``) names the node binary running the
  server (``runtime-programs``, process.yaml): ``spawn(process.execPath, ["-e", code])`` runs the code
  as JavaScript; the twin passes the caller's number after a fixed program.
* the text of a parsed URL object (``u = new URL(x)``; ``u.toString()``, ``u.href``, ``String(u)``)
  begins with its scheme, so it is no option (``analysis/ts/urltext.py``); the twin passes the
  URL's ``hostname``, which may begin with ``-``.
* a name asking whether something may be done (``CanPasswordBeEdited``) is a boolean, not a
  secret (the TypeScript ``secret-names`` exceptions, beside ``isX``/``hasX``); the twin returns
  the user's ``ApiKey``.
"""

from __future__ import annotations

from test_ts_engine import audit_low as audit_group, line_of

from mcpaudit.models import Confidence

G = "ts33a"


def _tools(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


def _path_reports(res):
    return sorted(((f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
                   for f in res.findings if f.rule_id in ("tool-path-traversal", "capability-file-access")),
                  key=lambda r: r[1])


def test_roots_parameter_given_the_callers_folders_confines_nothing(tmp_path):
    g = f"{G}/rootsparam"
    res = audit_group(tmp_path, g)
    assert _tools(res) == ["list_directory", "read_file"]
    cap = [c for c in res.capabilities if c.rule_id == "capability-file-access"]
    found = _path_reports(res) + sorted(((c.rule_id, c.location.path, c.location.line, c.tool, c.confidence, c.message)
                                         for c in cap), key=lambda r: r[1])
    read = line_of("src/server.ts", 'const text = await fs.readFile(valid, "utf-8");', g)
    listed = line_of("src/listing.ts", "const names = await fs.readdir(real);", g)
    assert ("tool-path-traversal", "src/server.ts", read, "read_file", Confidence.MEDIUM,
            "tool 'read_file' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file "
            "access; only a weak check on the way: checked by isWithin() (not verified by mcpaudit)") in found
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in found if r[1] == "src/listing.ts"] == [
        ("capability-file-access", "src/listing.ts", listed, "list_directory",
         "tool 'list_directory' reads any file the caller names: parameter 'path' reaches fs/promises.readdir() as is; "
         "reachable over stdio only, by the local user who starts the server")]


def test_roots_parameter_given_the_operators_folders_contains(tmp_path):
    res = audit_group(tmp_path, f"{G}/rootsparam_safe")
    assert _tools(res) == ["list_directory", "read_file"]
    assert _path_reports(res) == []
    assert not [c for c in res.capabilities if c.rule_id == "capability-file-access"]


def test_relative_path_predicate_with_an_early_true_is_no_check(tmp_path):
    g = f"{G}/relpredicate"
    res = audit_group(tmp_path, g)
    assert _tools(res) == ["save_note"]
    write = line_of("src/server.ts", "await fs.writeFile(target, text);", g)
    assert [r for r in _path_reports(res) if r[3]] == [
        ("tool-path-traversal", "src/server.ts", write, "save_note", Confidence.HIGH,
         "tool 'save_note' passes parameter 'relativePath' to fs/promises.writeFile(): path traversal / arbitrary "
         "file access (write)")]


def test_relative_path_predicate_hands_its_shape_to_the_join(tmp_path):
    res = audit_group(tmp_path, f"{G}/relpredicate_safe")
    assert _tools(res) == ["save_note"]
    assert [r for r in _path_reports(res) if r[3]] == []


def test_exec_path_with_eval_runs_the_callers_code(tmp_path):
    g = f"{G}/execpath"
    res = audit_group(tmp_path, g)
    [f] = [f for f in res.findings if f.rule_id == "tool-code-injection"]
    line = line_of("src/server.ts", 'const child = spawn(process.execPath, ["-e", command]', g)
    assert (f.location.path, f.location.line, f.tool, f.parameter, f.confidence) == (
        "src/server.ts", line, "run_service", "envParams", Confidence.HIGH)
    assert f.message == ("tool 'run_service' passes parameter 'envParams' to child_process.spawn() ['node', '-e', …]: "
                         "code injection (run as JavaScript by node)")


def test_exec_path_with_a_fixed_program_is_no_code_injection(tmp_path):
    res = audit_group(tmp_path, f"{G}/execpath_safe")
    assert _tools(res) == ["run_service"]
    assert not [f for f in res.findings if f.tool and f.rule_id in ("tool-code-injection", "tool-command-injection")]


def test_parsed_url_hostname_can_be_an_option(tmp_path):
    g = f"{G}/urltext"
    res = audit_group(tmp_path, g)
    [f] = [f for f in res.findings if f.rule_id == "tool-argument-injection" and f.tool]
    line = line_of("src/opener.ts", "execFile(opener, [target]", g)
    assert (f.location.path, f.location.line, f.tool, f.parameter, f.confidence) == (
        "src/opener.ts", line, "open_page", "url", Confidence.HIGH)
    assert f.message == ("tool 'open_page' passes parameter 'url' to child_process.execFile(): argument injection "
                         "(a value starting with '-' is read as an option (no '--' before it))")


def test_parsed_url_text_is_no_option(tmp_path):
    res = audit_group(tmp_path, f"{G}/urltext_safe")
    assert _tools(res) == ["open_page"]
    assert not [f for f in res.findings if f.rule_id == "tool-argument-injection" and f.tool]


def test_secret_field_in_a_tool_result(tmp_path):
    g = f"{G}/canflag"
    res = audit_group(tmp_path, g)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-tool-result"]
    line = line_of("src/server.ts", "return { content: [{ type: \"text\", text: JSON.stringify(currentUser) }] };", g)
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("src/server.ts", line, "get_current_user",
                                                                       Confidence.HIGH)
    assert f.message == "tool 'get_current_user' returned a value containing secret 'user.ApiKey' to the caller"


def test_can_flag_is_no_secret(tmp_path):
    res = audit_group(tmp_path, f"{G}/canflag_safe")
    assert _tools(res) == ["get_current_user"]
    assert not [f for f in res.findings if f.rule_id == "secret-in-tool-result"]
