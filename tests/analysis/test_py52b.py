"""Causes of the thirty-eighth Python holdout, files/sandboxes/devtools group (issue 12, branch
py52b): a one-line normaliser helper, the caller's code written to a temporary file an interpreter
runs, and workers run in a thread by a helper forwarding its own callable - each with a twin
(``fixtures/taint/py52b``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, FlowGroups, rows

files = FixtureFiles("py52b")
groups = FlowGroups("py52b")

WEAK_PREFIX = ("only a weak check on the way: weak containment check: str.startswith(root) without a trailing "
               "separator also accepts sibling directories such as '/allowed-evil' (CVE-2025-53110)")


def test_a_check_after_a_one_line_normaliser_helper_is_read_as_after_normpath(tmp_path):
    # normalize_path(p) only returns os.path.normpath(p): the bare startswith on its result is the
    # weak check it is inline, not a flow reaching open() "as is"
    found = files.audit("normhelper.py", tmp_path)
    line = files.line_of("normhelper.py", "with open(validate_path(path)) as fh:")
    assert rows(found) == [("tool-path-traversal", line, "read_allowed_note52",
                            "tool 'read_allowed_note52' passes parameter 'path' to open(): path traversal / "
                            "arbitrary file access")]
    assert found[0].message.endswith(WEAK_PREFIX)


def test_a_sound_check_after_a_one_line_normaliser_helper_contains_the_path(tmp_path):
    assert rows(files.audit("normhelper_safe.py", tmp_path)) == []


def test_code_written_to_a_temp_file_run_by_sys_executable_or_a_venv_python_is_code_execution(tmp_path):
    # Path(f.name) names the file written; [str(self.python_path), str(script)] with python_path a
    # property returning venv/bin/python (python.exe on Windows) and [sys.executable, f.name, word]
    found = files.audit("tempscript.py", tmp_path)
    ran = files.line_of("tempscript.py", "[str(self.python_path), str(script)]")
    args = files.line_of("tempscript.py", "[sys.executable, f.name, argument]")
    assert rows(found) == [
        ("capability-code-execution", args, "run_with_args",
         "tool 'run_with_args' evaluates code the caller writes: parameter 'source' reaches subprocess.run() as is"),
        ("tool-code-injection", ran, "count_text_lines52",
         "tool 'count_text_lines52' passes parameter 'text' to subprocess.run(): code injection (the file 'f.name' is run "
         "by python, with the caller's text written in it)"),
    ]


def test_a_word_after_a_script_of_the_callers_own_code_is_no_option_but_after_a_fixed_one_it_is(tmp_path):
    # [sys.executable, f.name, argument]: with the caller's code in f.name the word is that code's
    # data (no argument injection, above); with the server's own text it stays an option
    found = files.audit("tempscript_safe.py", tmp_path)
    line = files.line_of("tempscript_safe.py", "[sys.executable, f.name, argument]")
    assert rows(found) == [("tool-argument-injection", line, "show_words",
                            "tool 'show_words' passes parameter 'argument' to subprocess.run(): argument injection "
                            "(a value starting with '-' is read as an option (no '--' before it))")]


def test_workers_run_by_a_helper_forwarding_to_asyncio_to_thread_keep_their_flows():
    # _run(fn, *args) -> asyncio.to_thread(fn, *args): the worker is called with the tool's params;
    # the glob pattern joined after the checked base is named (not the base), and a containment in
    # a root the caller passes (_is_within(Path(params.root), p)) proves nothing
    found = groups.found("threadrun")
    glob_line = groups.line_of("threadrun", "fsworkers.py", "return glob.glob(pattern, recursive=True)")
    read_line = groups.line_of("threadrun", "fsworkers.py", "return p.read_text()")
    assert groups.rows("threadrun") == [("fsworkers.py", glob_line, "tool-path-traversal", "fs_glob"),
                                        ("fsworkers.py", read_line, "tool-path-traversal", "fs_read_rooted")]
    assert groups.message("threadrun", "tool-path-traversal", "fs_glob") == (
        "tool 'fs_glob' passes parameter 'params.pattern' to glob.glob(): path traversal / arbitrary file access")
    assert groups.message("threadrun", "tool-path-traversal", "fs_read_rooted") == (
        "tool 'fs_read_rooted' passes parameter 'params.path' to .read_text(): path traversal / arbitrary file "
        "access; only a weak check on the way: checked by _is_within() (not verified by mcpaudit)")
    assert all(f.tool != "fs_read" for f in found)  # run_in_executor(None, partial(fn, *args)): confined


def test_workers_behind_a_containment_predicate_with_a_fixed_root_stay_silent():
    # _inside(FS_ROOT, p) with FS_ROOT a module setting: the root parameter is free of caller input
    assert groups.rows("threadrun_safe") == []


def _module(text: str):
    import libcst as cst

    from mcpaudit.analysis.module import ModuleAnalyzer

    mod = ModuleAnalyzer("m.py", text, cst.parse_module(text))
    mod.run()
    return mod


def test_forwarding_helpers_through_a_thread_runner_are_callback_runners():
    from mcpaudit.analysis.forwarders import forwarder_model

    mod = _module(
        "import asyncio, functools\n"
        "async def a(fn, *args, timeout=None):\n    return await asyncio.wait_for(asyncio.to_thread(fn, *args), timeout)\n"
        "async def b(fn, *args):\n    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args))\n"
        "def c(pool, fn, *args):\n    return pool.submit(fn, *args)\n"
        "async def d(fn, x, *args):\n    return await asyncio.to_thread(fn, x, *args)\n")
    got = {n: forwarder_model(mod, n) for n in "abcd"}
    assert (got["a"].function.index, got["a"].args_from) == (0, 1)
    assert (got["b"].function.index, got["b"].args_from) == (0, 1)
    assert (got["c"].function.index, got["c"].args_from) == (1, 2)
    assert got["d"] is None  # the wrapper adds an argument of its own: not modelled


def test_only_a_single_return_of_resolvers_around_the_parameter_is_a_normaliser():
    mod = _module(
        "import os\nfrom pathlib import Path\n"
        "def n1(p):\n    '''doc'''\n    return os.path.normpath(p)\n"
        "def n2(p):\n    return str(Path(os.path.expanduser(p)).resolve())\n"
        "def n3(p):\n    return os.path.normpath(p).lower()\n"
        "def n4(p, q):\n    return os.path.normpath(p)\n"
        "def n5(p):\n    p = p.strip()\n    return os.path.normpath(p)\n")
    assert mod.normalisers == {"n1": ("p", (("call", "os.path.normpath"),)),
                               "n2": ("p", (("call", "os.path.expanduser"), ("method", "resolve")))}


def test_a_merged_flow_keeps_the_steps_and_key_of_its_less_cleaned_part():
    from mcpaudit.analysis.taintvalue import Info, merge_info

    checked = Info(("base",), clean=frozenset({"path", "argument"}), key="base")
    bare = Info(("base", "pattern"), clean=frozenset({"argument"}), key="pattern")
    for a, b in ((checked, bare), (bare, checked)):
        got = merge_info(a, b)
        assert (got.steps, got.key, got.clean) == (("base", "pattern"), "pattern", frozenset({"argument"}))
