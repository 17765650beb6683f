"""Option operands and author-fixed commands (fixtures taint/cluster_cli.py and
annotations/cluster_claims.py): which argv values are an option's value, and which fixed
commands keep a destructiveHint=False promise."""

from pathlib import Path

from mcpaudit.analysis.argvcommand import argv_command, non_destructive
from mcpaudit.analysis.cstnodes import option_operand
from mcpaudit.catalog import catalog
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def _scan(rel: str):
    path = FIXTURES / rel
    out, _ = cst_engine.run([(str(path), path.name)], path.parent, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


def test_option_values_by_program_and_in_unnamed_lists():
    M = catalog().python
    ops, flags = M.option_operands, M.flag_options
    assert option_operand(["kubectl", "top", "pods", "-n", None], 4, ops, flags)
    assert option_operand(["helm", "list", "--filter", None], 3, ops, flags)
    assert not option_operand(["kubectl", "logs", "-f", None], 3, ops, flags)  # --follow
    assert option_operand(["kubectl", "apply", "-f", None], 3, ops, flags)
    # a list that does not name its program: a long option takes the value, a flag does not
    assert option_operand(["--context", None], 1, ops, flags)
    assert not option_operand(["--json", None], 1, ops, flags)
    assert not option_operand(["--no-verify", None], 1, ops, flags)
    assert not option_operand(["--context=", None], 1, ops, flags)
    assert not option_operand(["-v", None], 1, ops, flags)
    # a named program that lists no such option keeps the value a positional
    assert not option_operand(["grep", "--ignore-case", None], 2, ops, flags)


def test_cluster_cli_reports_only_positionals():
    got = {(f.location.line, f.rule_id, f.tool) for f in _scan("taint/cluster_cli.py")}
    assert got == {(63, "tool-argument-injection", "delete_pod"), (70, "tool-argument-injection", "follow_logs"),
                   (76, "tool-argument-injection", "search_notes"), (83, "tool-argument-injection", "status_verbose"),
                   (90, "tool-argument-injection", "search_extended")}


def test_fixed_command_words():
    ops = catalog().python.option_operands
    e = lambda c, t=None: (None, t or {}, c)  # noqa: E731
    assert argv_command([e("helm"), e(None), e("repo"), e("add"), e(None)], ops) == "helm repo add"
    assert argv_command([e("/usr/bin/kubectl"), e("-n"), e(None), e("get"), e("pods")], ops) == "kubectl get pods"
    assert argv_command([e("kubectl"), e(None, {("p", "verb"): _info()}), e("x")], ops) == ""
    known = catalog().python.non_destructive
    assert non_destructive("helm repo add", known) and non_destructive("kubectl get pods", known)
    assert not non_destructive("helm uninstall", known) and not non_destructive("helm repo remove", known)
    assert not non_destructive("", known)


def _info():
    from mcpaudit.analysis.taintvalue import Info
    return Info(())


def test_destructive_hint_claims():
    found = [f for f in _scan("annotations/cluster_claims.py") if f.rule_id == "tool-annotation-mismatch"]
    assert sorted((f.location.line, f.message) for f in found) == [
        (52, "tool 'remove_release' is annotated destructiveHint=False but runs programs (subprocess.run())"),
        (58, "tool 'kubectl_any' is annotated destructiveHint=False but runs programs (subprocess.run())"),
        (63, "tool 'remove_report' is annotated destructiveHint=False but deletes files (os.remove())"),
        (85, "tool 'drop_output' is annotated destructiveHint=False but deletes files (os.unlink())"),
    ]


def test_temporary_paths_the_function_made():
    import libcst as cst

    from mcpaudit.analysis.tempnames import temp_paths
    src = (
        "def f(report):\n"
        "    fd, a = tempfile.mkstemp()\n"
        "    b = tempfile.mkstemp()[1]\n"
        "    c = None\n"
        "    with tempfile.NamedTemporaryFile(delete=False) as fh:\n"
        "        c = fh.name\n"
        "    with tempfile.TemporaryDirectory() as d:\n"
        "        pass\n"
        "    e = tempfile.mkdtemp() if report else report\n"
        "    g = tempfile.mkdtemp()\n"
        "    g += report\n")
    fn = cst.parse_module(src).body[0]
    mod = cst.parse_module(src)
    assert temp_paths(fn, mod.code_for_node) == {"a", "b", "c", "d"}
