"""General causes read from the twentieth TypeScript holdout (ts20b), each on a fixture of our
own with a safe twin (``fixtures/typescript/ts20b``):

* a boolean helper that resolves its argument and compares it with the root or the root plus a
  separator (also for each root of a list, ``ROOTS.some((root) => ...)``) is the containment
  check it is: weak only for want of realpath, as the same test written inline; a prefix
  without the separator is still no containment (``rootverdict``);
* a name that ends in a file/path word and a word saying the value came from an option
  (``secretsFileArg``) is where a secret is kept, not the secret (``secretsfile``);
* tinyexec's ``x(program, argv)`` runs a program as execa does; ffmpeg writes the operands that
  are no option's value; a program computed with a default (``const ffmpeg =
  process.env.FFMPEG_PATH || "ffmpeg"``) is the program it is named for (``tinyexec``);
* ``const client = url.startsWith("https://") ? https : http; client.get(url)`` is the request
  either module makes (``modulechoice``)."""

from __future__ import annotations


from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan

GROUPS = ["ts20b/rootverdict", "ts20b/secretsfile", "ts20b/tinyexec", "ts20b/modulechoice"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_boolean_root_helper_is_a_lexical_containment_check():
    group = "ts20b/rootverdict"
    found = by_rule(group, "tool-path-traversal")
    assert sorted(f.tool for f in found.values()) == ["read_any_root", "read_note"]
    for f in found.values():
        assert f.confidence == Confidence.MEDIUM
        assert f.message.startswith(f"tool '{f.tool}' passes parameter 'file' to fs/promises.readFile(): path traversal")
        assert "only a weak check on the way: resolved with a lexical resolver" in f.message
        assert "CVE-2025-53109" in f.message
    # the prefix without a separator proves no containment: the read is the tool's file access
    caps = by_rule(group, "capability-file-access")
    assert [f.tool for f in caps.values()] == ["read_prefix"]


def test_a_secrets_file_option_is_no_secret():
    group = "ts20b/secretsfile"
    found = by_rule(group, "secret-in-log")
    assert list(found) == [("server.ts", line_of("server.ts", 'console.error("loaded api key", apiKey)', group))]
    f = next(iter(found.values()))
    assert f.message == "secret 'apiKey' is written to a log by console.error()"


def test_the_secrets_file_names_are_no_secret_names():
    from mcpaudit.catalog import catalog

    ts = catalog().typescript
    for name in ("secretsFileArg", "tokenPathOption", "keyFileParam", "credentialsDirArg"):
        assert not ts.is_secret_name(name), name
    for name in ("apiKeyArg", "secretArg", "passwordOption"):
        assert ts.is_secret_name(name), name


def test_tinyexec_runs_ffmpeg_whose_output_operand_is_a_written_file():
    group = "ts20b/tinyexec"
    line = line_of("server.ts", "const result = await x(ffmpeg, argv);", group)
    path = by_rule(group, "tool-path-traversal")
    arg = by_rule(group, "tool-argument-injection")
    assert list(path) == [("server.ts", line)] and list(arg) == [("server.ts", line)]
    p, a = path[("server.ts", line)], arg[("server.ts", line)]
    assert p.tool == a.tool == "to_mp3" and p.confidence == Confidence.HIGH
    # ts54c: ffmpeg's -i operand is a read too; ts55b: of a read and a write of one call, both caller-chosen,
    # the write (the worse effect) is the one named
    assert p.message == ("tool 'to_mp3' passes parameter 'output_file' to tinyexec.x() ['ffmpeg', …]: "
                         "path traversal / arbitrary file access (write)")
    # the input after -i is that option's value, not an option nor an output
    assert a.message.startswith("tool 'to_mp3' passes parameter 'output_file' to tinyexec.x(): argument injection")


def test_a_module_chosen_by_a_conditional_makes_its_request():
    group = "ts20b/modulechoice"
    out, _ = scan(group)
    caps = [f for f in out.findings if f.rule_id == "capability-network-request"]
    assert [(c.tool, c.location.line) for c in caps] == \
        [("fetch_page", line_of("server.ts", "client.get(url, (res) => {", group))]
    assert "parameter 'url' reaches https.get() as is" in caps[0].message
    # the status page's URL is the operator's: no finding at default
    assert [f.rule_id for f in out.findings if f.confidence >= Confidence.MEDIUM] == ["capability-network-request"]
