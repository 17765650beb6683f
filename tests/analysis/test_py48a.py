"""py48a: the thirty-third Python holdout's open rows - records built from a caller's keywords
keep each keyword in its own field."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py48a")


# -- msgspec.convert(**kwargs filtered, Model) into a session's config struct ---------------------

def test_config_struct_from_keywords_keeps_each_keyword_in_its_field():
    assert G.tools("kw_config") == ["open_browser"]
    assert G.rows("kw_config") == []


def test_config_struct_field_the_caller_passed_still_reaches_the_launch_args():
    launch = G.line_of("kw_config_flags", "flagged/session.py", "await pw.chromium.launch(**self._browser_options)")
    persistent = G.line_of("kw_config_flags", "flagged/session.py", "await pw.chromium.launch_persistent_context(**options)")
    assert G.rows("kw_config_flags") == [
        ("flagged/session.py", launch, "tool-argument-injection", "open_flagged_browser"),
        ("flagged/session.py", persistent, "tool-argument-injection", "open_flagged_browser"),
    ]
    msgs = [f.message for f in G.found("kw_config_flags")]
    assert all("passes parameter 'extra_flags' to chromium.launch" in m for m in msgs), msgs
    assert any("launch_persistent_context(args=...)" in m for m in msgs)


# -- Record(**dict(k=v)) of a dataclass whose __post_init__ keeps each field to itself ------------

def test_dataclass_from_a_keyword_mapping_keeps_each_keyword_in_its_field():
    assert G.tools("kw_record") == ["run_job"]
    assert G.rows("kw_record") == []


def test_dataclass_field_the_caller_passed_and_a_mixing_hook_still_report():
    flagged = G.line_of("kw_record_flags", "server.py", 'subprocess.run(["/usr/local/bin/job", *cfg.flags], check=True)')
    mixed = G.line_of("kw_record_flags", "server.py", "subprocess.run(cfg.command, check=True)")
    assert G.rows("kw_record_flags") == [
        ("server.py", flagged, "tool-argument-injection", "run_flagged_job"),
        ("server.py", mixed, "tool-argument-injection", "run_mixed_job"),
    ]
    assert "passes parameter 'flags' to subprocess.run(): argument injection" in G.message(
        "kw_record_flags", "tool-argument-injection", "run_flagged_job")
    assert "passes parameter 'label' to subprocess.run(): argument injection" in G.message(
        "kw_record_flags", "tool-argument-injection", "run_mixed_job")


# -- which post-init hooks keep each field to itself (fieldlocal.py) -------------------------------

def _hook(src: str) -> bool:
    import libcst as cst

    from mcpaudit.analysis.fieldlocal import field_local

    fn = cst.parse_module(src).body[0]
    return field_local(fn)


def test_post_init_that_checks_and_normalises_each_field_is_field_local():
    assert _hook(
        "def __post_init__(self):\n"
        "    if self.proxy and self.rotator:\n"
        "        raise ValueError('both')\n"
        "    if self.proxy:\n"
        "        self.proxy = parse_proxy(self.proxy)\n"
        "    if not self.flags:\n"
        "        self.flags = []\n"
        "    self.blocked = self.blocked | set(ADS)\n"
        "    super(Cfg, self).__post_init__()\n")


def test_post_init_that_computes_one_field_from_another_mixes_fields():
    assert not _hook("def __post_init__(self):\n    self.url = f'{self.host}/{self.path}'\n")
    assert not _hook("def __post_init__(self):\n    self.flags.extend(self.extra)\n")
    assert not _hook("def __post_init__(self):\n    self._normalise()\n")
    assert not _hook("def __post_init__(self):\n    fix_up(self)\n")
    assert not _hook("def __post_init__(self):\n    object.__setattr__(self, 'a', self.b)\n")
    assert not _hook("def __post_init__(self):\n    setattr(self, 'a', 1)\n")
    assert not _hook("def __post_init__(self):\n    self.__dict__.update(extra)\n")
