"""The reviewer's soundness findings on ts33a (rev47c), fixed (``fixtures/typescript/mend47c``).

* a module variable passed as a predicate's roots (``isWithin(abs, allowedDirectories)``) is free
  of caller input only when no store of it, linked, carries any: a tool that calls
  ``setAllowedDirectories(args.dirs)`` makes the roots the caller's (``rootsset``); the twin's tool
  reloads them from ``process.argv``.
* a lexical containment check is whole only when the value *checked* was realpath'd: ``isWithin(
  absolute, ...)`` then ``fs.realpath(absolute)`` and no second check is the CVE-2025-53109
  symlink escape (``realafter``); the twin checks the realpath again.
* a name beginning with ``can`` excepted from the secret names only as ``can_x`` / ``canX``
  (``canResetPassword``): ``candidatePassword`` and ``canvasApiKey`` are secrets (``candidate``).
* a block callback ending in ``return false`` (``{ if (c) return true; return false; }``) tests
  ``c`` (``finalfalse``); the twin's ``c`` has no separator after the root.
* untested ts33a branches get fixtures: ``u.href`` / ``String(u)`` / ``u.toJSON()`` (``urlforms_safe``),
  ``process.argv0`` / ``process.argv[0]`` (``argv0``).
* a name that held a parsed URL object and is then assigned anything else is no URL object:
  ``parsed = params.raw; target = parsed.toString()`` passes the caller's text (``urlreassign``);
  the twin assigns ``new URL(params.raw)``.
"""

from __future__ import annotations

from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "mend47c"


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id in rules]


_PATH = ("tool-path-traversal", "capability-file-access")


def test_roots_a_tool_stores_are_the_callers(tmp_path):
    g = f"{G}/rootsset"
    res = audit_low(tmp_path, g)
    read = line_of("src/server.ts", 'const text = await fs.readFile(valid, "utf-8");', g)
    assert _reports(res, _PATH) == [
        ("tool-path-traversal", "src/server.ts", read, "read_file", Confidence.MEDIUM,
         "tool 'read_file' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file "
         "access; only a weak check on the way: checked by isWithin() (not verified by mcpaudit)")]


def test_roots_reloaded_from_argv_contain(tmp_path):
    res = audit_low(tmp_path, f"{G}/rootsset_safe")
    assert _reports(res, _PATH) == []
    assert not [c for c in res.capabilities if c.rule_id == "capability-file-access"]


def test_realpath_after_the_lexical_check_is_no_containment(tmp_path):
    g = f"{G}/realafter"
    res = audit_low(tmp_path, g)
    read = line_of("src/server.ts", 'const text = await fs.readFile(valid, "utf-8");', g)
    found = _reports(res, _PATH)
    assert [r[:5] for r in found] == [("tool-path-traversal", "src/server.ts", read, "read_file", Confidence.MEDIUM)]
    assert found[0][5].startswith(
        "tool 'read_file' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file "
        "access; only a weak check on the way: resolved with a lexical resolver (path.resolve/join/normalize), "
        "not fs.realpath")


def test_realpath_checked_again_contains(tmp_path):
    res = audit_low(tmp_path, f"{G}/realafter_safe")
    assert _reports(res, _PATH) == []


def test_can_prefixed_words_are_secret_names(tmp_path):
    g = f"{G}/candidate"
    res = audit_low(tmp_path, g)
    line = line_of("src/server.ts", "return { content: [{ type: \"text\", text: JSON.stringify(currentUser) }] };", g)
    assert _reports(res, ("secret-in-tool-result",)) == [
        ("secret-in-tool-result", "src/server.ts", line, "get_current_user", Confidence.HIGH,
         "tool 'get_current_user' returned a value containing secret 'user.CandidatePassword' to the caller")]


def test_can_flags_are_no_secret_names(tmp_path):
    res = audit_low(tmp_path, f"{G}/candidate_safe")
    assert _reports(res, ("secret-in-tool-result",)) == []


def test_reassigned_url_object_is_the_callers_text(tmp_path):
    g = f"{G}/urlreassign"
    res = audit_low(tmp_path, g)
    line = line_of("src/opener.ts", "execFile(opener, [target]", g)
    assert _reports(res, ("tool-argument-injection",)) == [
        ("tool-argument-injection", "src/opener.ts", line, "open_page", Confidence.HIGH,
         "tool 'open_page' passes parameter 'raw' to child_process.execFile(): argument injection (a value "
         "starting with '-' is read as an option (no '--' before it))")]


def test_url_object_parsed_again_is_no_option(tmp_path):
    res = audit_low(tmp_path, f"{G}/urlreassign_safe")
    assert _reports(res, ("tool-argument-injection",)) == []


def test_block_callback_ending_in_return_false_is_read(tmp_path):
    """``dirs.some((d) => { if (n === d || n.startsWith(d + path.sep)) return true; return false; })``:
    the last ``return false`` is no true verdict, so the callback's test is the ``if``'s."""
    res = audit_low(tmp_path, f"{G}/finalfalse_safe")
    assert _reports(res, _PATH) == []


def test_block_callback_without_separator_stays_weak(tmp_path):
    g = f"{G}/finalfalse"
    res = audit_low(tmp_path, g)
    line = line_of("src/server.ts", "const names = await fs.readdir(real);", g)
    assert _reports(res, _PATH) == [
        ("tool-path-traversal", "src/server.ts", line, "list_directory", Confidence.MEDIUM,
         "tool 'list_directory' passes parameter 'path' to fs/promises.readdir(): path traversal / arbitrary file "
         "access; only a weak check on the way: checked by within() (not verified by mcpaudit)")]


def test_url_text_forms_are_no_option(tmp_path):
    """``u.href``, ``String(u)`` and ``u.toJSON()`` of ``u = new URL(x)`` begin with the scheme
    (urltext.py); the twin (ts33a/urltext) passes ``u.hostname``."""
    res = audit_low(tmp_path, f"{G}/urlforms_safe")
    assert sorted(t.name for t in res.tools if t.kind == "tool") == ["open_href", "open_json", "open_string"]
    assert _reports(res, ("tool-argument-injection",)) == []


def test_argv0_names_the_node_binary(tmp_path):
    """``process.argv0`` and ``process.argv[0]`` run node as ``process.execPath`` does
    (``runtime-programs``); the twin is ts33a/execpath_safe."""
    g = f"{G}/argv0"
    res = audit_low(tmp_path, g)
    caps = sorted((c.rule_id, c.location.path, c.location.line, c.tool, c.message)
                  for c in res.capabilities if c.rule_id == "capability-code-execution")
    first = line_of("src/server.ts", 'spawn(process.argv0, ["-e", code]', g)
    second = line_of("src/server.ts", 'spawn(process.argv[0], ["-e", code]', g)
    assert [(c[0], c[1], c[2], c[3]) for c in caps] == [
        ("capability-code-execution", "src/server.ts", first, "eval_argv0"),
        ("capability-code-execution", "src/server.ts", second, "eval_argv_first")]
    assert caps[0][4].startswith("tool 'eval_argv0' evaluates code the caller writes: parameter 'code' reaches "
                                 "child_process.spawn() ['node', '-e', …] as is")
