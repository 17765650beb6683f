"""Taint per field of objects the analysis builds (analysis/records.py), and secrets kept in a
class's state (analysis/fields.py): the fixtures' findings, their messages and flows."""

from __future__ import annotations

import libcst as cst

from mcpaudit.analysis.records import class_shape
from mcpaudit.catalog import catalog
from tests.test_fixtures import FIXTURES, scan_folder

_ROOT = FIXTURES / "taint"


def _findings(name: str):
    import shutil
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(_ROOT / name, Path(tmp) / name)
        return {(f.location.line, f.rule_id): f for f in scan_folder(Path(tmp))}


def _line(name: str, text: str) -> int:
    lines = (_ROOT / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_default_factory_field_is_not_the_callers_content():
    got = _findings("record_fields.py")
    assert (_line("record_fields.py", "WHERE memo = '{memo.id}'"), "tool-sql-injection") not in got
    assert (_line("record_fields.py", 'open(ROOT / f"{memo.id}.md"'), "tool-path-traversal") not in got
    titled = got[(_line("record_fields.py", "WHERE title = '{memo.title}'"), "tool-sql-injection")]
    assert titled.parameter == "title" and "'create_memo_by_title'" in titled.message
    assert "rename_memo" in titled.message  # memo.title = title after load_memo: that field's value


def test_positional_dataclass_and_init_fields():
    got = _findings("record_fields.py")
    assert (_line("record_fields.py", "INSERT INTO keys"), "tool-sql-injection") not in got
    names = got[(_line("record_fields.py", "INSERT INTO names"), "tool-sql-injection")]
    assert names.parameter == "name"
    assert (_line("record_fields.py", "card.serial"), "tool-path-traversal") not in got
    label = got[(_line("record_fields.py", "card.label"), "tool-path-traversal")]
    assert label.parameter == "label"
    # a property computed from a field is no field of its own: the object's values stay
    assert (_line("record_fields.py", "card.path.write_text"), "capability-file-access") in got


def test_a_dsn_kept_on_the_class_is_returned_with_its_password():
    got = _findings("secret_dsn_state.py")
    f = got[(_line("secret_dsn_state.py", "Connected with DSN: {Pool.dsn}"), "secret-in-tool-result")]
    assert "tool 'connect' returned a value containing secret" in f.message and "DB_PASSWORD" in f.message
    notes = [s.note for s in f.flow]
    assert "stored in 'cls.dsn'" in notes
    assert any(n.startswith("'Pool.dsn' read") for n in notes)
    assert (_line("secret_dsn_state.py", "Connected as {Pool.login}"), "secret-in-tool-result") in got
    secrets = {line for line, rule in got if rule == "secret-in-tool-result"}
    # no password in the DSN shown, a piece cut from it, the caller's own DSN the tool just stored
    for quiet in ("{Pool.shown} on {Pool.host}", "database {Pool.database}", "your server with DSN: {Pool.dsn}"):
        assert _line("secret_dsn_state.py", quiet) not in secrets


def test_class_shape():
    M = catalog().python
    mod = cst.parse_module(
        "@dataclass\n"
        "class Entry:\n"
        "    name: str\n"
        "    hidden: int = field(init=False)\n"
        "    cache: ClassVar[dict] = {}\n"
        "    def __post_init__(self):\n"
        "        self.full = self.name\n"
        "    @property\n"
        "    def title(self):\n"
        "        return self.name\n"
    )
    shape = class_shape(M, mod.body[0])
    assert shape.record and shape.init == ("name",)
    assert shape.data == frozenset({"name", "hidden", "full"})
    assert shape.computed == frozenset({"__post_init__", "title"})
    assert shape.hooks == frozenset({"__post_init__"})
    plain = class_shape(M, cst.parse_module(
        "class Card:\n    def __init__(self, a):\n        super().__init__()\n        self.a = a\n").body[0])
    assert not plain.record and plain.init == () and plain.init_open and plain.data == frozenset({"a"})
    # a subclass of a record base declares fields the constructor takes too (the record is its base)
    sub = class_shape(M, cst.parse_module("class LogArgs(BaseArgs):\n    summary: str\n").body[0])
    assert not sub.record and sub.init == ("summary",)
