"""General causes read from the sixth TypeScript holdout (issue 14), each on a fixture of our own
with a safe twin: secrets are field-precise (``secretfields``: the keys of a map of connection
settings and their other fields are no credential; the password field, or a whole settings
object logged, is); a read-only tool that appends to the server's own diagnostic log still reads
only (``logwrites``), one that appends to a state file does not; the value right after a long
option of a program the code does not name (a path from settings: ``--device <id>``) is that
option's value, not an option (``argvoperands``); after a switch (``--follow``), a short option,
or a long option of a named program the models do not describe, it is not."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, scan, steps


@pytest.mark.parametrize("name", ["secretfields", "logwrites", "argvoperands"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_keys_and_other_fields_of_a_settings_map_are_no_secret():
    out, _ = scan("secretfields")
    logs = {f.location.line for f in out.findings if f.rule_id == "secret-in-log"}
    for quiet in ("aliases: ${Object.keys(settings)", "alias ${alias}", "connecting '${alias}' to ${cfg.host}",
                  "[${alias}] connected", "[${alias}] failed:", "pool ${alias} at ${cfg.host}"):
        assert line_of("server.ts", quiet, "secretfields") not in logs, quiet


def test_the_password_field_and_the_whole_settings_are_the_secret():
    out, _ = scan("secretfields")
    logs = {f.location.line: f for f in out.findings if f.rule_id == "secret-in-log"}
    whole = logs[line_of("server.ts", "JSON.stringify(cfg)", "secretfields")]
    assert whole.message == "secret 'parsed.password' is written to a log by console.log()"
    assert steps(whole)[0][:2] == ("config.ts", line_of("config.ts", "password: decodeURIComponent", "secretfields"))
    assert steps(whole)[-1][1:] == (whole.location.line, "reaches console.log()")
    assert line_of("server.ts", '"password", cfg.password', "secretfields") in logs
    assert line_of("server.ts", "console.error(settings)", "secretfields") in logs
    assert line_of("server.ts", "console.log(cfg);", "secretfields") in logs


def test_appending_to_the_servers_own_log_file_is_no_write_of_a_read_only_tool():
    out, _ = scan("logwrites")
    bypass = [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]
    assert [(f.location.path, f.tool) for f in bypass] == [("server.ts", "peek_gauge")]
    f = bypass[0]
    assert f.location.line == line_of("server.ts", "appendFileSync(HISTORY", "logwrites")
    assert f.message == "tool 'peek_gauge' is annotated readOnlyHint=True but writes files (fs.appendFileSync())"


def test_a_value_after_a_long_option_of_an_unknown_program_is_its_operand():
    out, _ = scan("argvoperands")
    inj = [f for f in out.findings if f.rule_id == "tool-argument-injection"]
    assert sorted((f.location.path, f.location.line, f.tool) for f in inj) == [
        ("devicecli.ts", line_of("devicecli.ts", "execFileSync(this.bin()", "argvoperands"), "device_logs"),
        ("server.ts", line_of("server.ts", '["info", "-d", device]', "argvoperands"), "device_info"),
        ("server.ts", line_of("server.ts", '["--probe", device]', "argvoperands"), "device_info"),
    ]
    built = next(f for f in inj if f.location.path == "devicecli.ts")
    assert built.message.startswith("tool 'device_logs' passes parameter 'device' to child_process.execFileSync(): "
                                    "argument injection")
    assert ("devicecli.ts", line_of("devicecli.ts", '["logs", "--follow", deviceId]', "argvoperands"),
            "passed to run()") in steps(built)
