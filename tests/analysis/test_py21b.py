"""Causes of the twenty-first Python holdout, reader B (issue 12, branch py21b), each with a twin
(``fixtures/taint/flows21b``): a file name reduced to ``Path(x).name`` and joined onto a fixed
folder, a public path fill whose headers are a local dict with no credential, a count of
credentials under a credential's name, and a path method on a parameter annotated as a path."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows21b"
groups = FlowGroups("flows21b")
found = groups.found


def _rows(name: str, rule: str, low: bool = False):
    return {(f.location.path, f.location.line): f for f in found(name, low) if f.rule_id == rule}


def test_a_final_name_joined_onto_a_folder_is_contained():
    rows = _rows("safenames", "tool-path-traversal")
    media, tools = FLOWS / "safenames" / "services" / "media.py", FLOWS / "safenames" / "tools.py"
    # the resolver method keeps Path(filename).name, reached through the service object built in
    # the register function: no finding whatever the prefix check after it looks like
    lines = set(rows)
    assert ("services/media.py", line_in(media, "path = self.resolver.resolve_input(filename)") + 1) not in lines
    save = line_in(tools, "target = MEDIA / Path(name).name") + 1
    assert ("tools.py", save) not in lines
    stem = line_in(tools, 'with open(target, "w") as fh:')
    assert ("tools.py", stem) not in lines
    # twins: the whole caller name under the same weak check, and joined with no strip
    loose = rows[("services/media.py", line_in(media, "# expect: tool-path-traversal"))]
    assert loose.tool == "read_media_loose" and loose.parameter == "filename"
    assert "weak containment check" in loose.message
    bare = rows[("tools.py", line_in(tools, "# expect: tool-path-traversal"))]
    assert bare.tool == "save_note_loose" and bare.confidence == Confidence.HIGH
    assert "(write)" in bare.message


def test_name_attribute_of_a_model_field_is_not_a_strip():
    # args.name on a tool's input object is the caller's value: only a path object's .name is a
    # final name (pathnames.py); the catalog lists the attributes beside os.path.basename
    M = catalog().python
    assert {"name", "stem", "os.path.basename"} <= M.path_tails


def test_a_public_path_fill_with_plain_local_headers_is_an_audit_result():
    src = FLOWS / "pathfill" / "server.py"
    rows = _rows("pathfill", "tool-ssrf", low=True)
    lines = sorted(rows)
    first, second = lines[0][1], lines[1][1]
    low = rows[("server.py", first)]
    assert low.tool == "explore" and low.confidence == Confidence.LOW
    assert "carries no credential of the server's" in low.message
    # twin: the same local headers given the server's API key after they are bound
    keyed = rows[("server.py", second)]
    assert second == line_in(src, "# expect: tool-ssrf")
    assert keyed.tool == "explore_keyed" and keyed.confidence >= Confidence.MEDIUM
    assert "with the server's credential" in keyed.message


def test_a_count_of_credentials_is_not_a_secret():
    src = FLOWS / "counts" / "server.py"
    rows = _rows("counts", "secret-in-tool-result")
    assert [ln for _p, ln in rows] == [line_in(src, "# expect: secret-in-tool-result")]
    assert rows[("server.py", line_in(src, "# expect: secret-in-tool-result"))].tool == "setup_account_echo"
    M = catalog().python
    assert not M.is_secret_name("credentials_count") and not M.is_secret_name("num_api_keys")
    assert M.is_secret_name("api_key") and M.is_secret_name("credentials")


def test_a_path_method_on_a_parameter_annotated_as_a_path_is_a_sink():
    src = FLOWS / "pathparams" / "server.py"
    rows = _rows("pathparams", "tool-path-traversal", low=True)
    unlink = rows[("server.py", line_in(src, "file_path.unlink()"))]
    assert unlink.tool == "cleanup" and unlink.parameter == "name" and unlink.confidence == Confidence.HIGH
    assert ".unlink()" in unlink.message and "(writes or deletes the file a path-typed parameter names)" in unlink.message
    # twins: a str parameter's .unlink() is no path sink; the backup under a fixed folder keeps
    # only the file's final name
    assert ("server.py", line_in(src, "label.unlink()")) not in rows
    assert ("server.py", line_in(src, "(backup_dir / file_path.name).write_bytes")) not in rows


def test_a_tex_engines_value_option_takes_the_callers_folder():
    src = FLOWS / "texargv" / "server.py"
    rows = _rows("texargv", "tool-argument-injection")
    # pdflatex/xelatex -output-directory <dir>: inline, and in a helper's returned list
    assert [ln for _p, ln in rows] == [line_in(src, "# expect: tool-argument-injection")]
    twin = rows[("server.py", line_in(src, "# expect: tool-argument-injection"))]
    assert twin.tool == "build_jobname" and twin.confidence == Confidence.HIGH
    assert "read as an option" in twin.message
    M = catalog().python
    assert "-output-directory" in M.option_operands["pdflatex"] and "--jobname" in M.option_operands["lualatex"]


def test_a_delete_that_rolls_back_a_failed_write_is_no_effect():
    src = FLOWS / "rollback" / "server.py"
    rows = _rows("rollback", "tool-read-only-bypass")
    # except BaseException: path.unlink(); raise - the failed call's own new file
    assert ("server.py", line_in(src, "    except BaseException:") + 2) not in rows
    # twin: the delete before the write runs on every call
    twin = rows[("server.py", line_in(src, "# expect: tool-read-only-bypass"))]
    assert twin.tool == "get_content_again" and "deletes files (.unlink())" in twin.message
    assert [t.tool for t in rows.values()] == ["get_content_again"]
    # a helper's parameter typed as a path: a path sink for a caller's value (pathparams), but
    # no effect of every tool that calls it (the server's own spill file here)
    assert ("server.py", line_in(src, "def _drop_identity_checked") + 2) not in rows
