"""Open TypeScript rows of the 35th/36th holdouts (ts51c, ``fixtures/typescript/ts51c``).

* ``mapfields``: a ``map`` callback returns a helper's record or a local object literal
  ``{ id, prompt, filepath }``; the list goes through ``await Promise.all``, ``.filter`` and
  ``[0]``, and the tool reads ``first.filepath`` (``analysis/ts/mapfields.py``). The safe twin's
  ``filepath`` is ``""`` or the helper's uuid-named file, the caller's ``prompt`` only beside it:
  quiet. The vulnerable one names the file by the prompt: reported at the read; ``mapfields_call``
  names the helper's file by the prompt: reported at its write and at the read (the linker gives
  the call's ``filepath`` property, ``retfields.field_label``).
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

G = "ts51c"


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: (f.location.path, f.location.line))


def test_a_property_of_a_mapped_record_holds_only_what_the_callback_put_there(tmp_path):
    res = audit_group(tmp_path, f"{G}/mapfields")
    [f] = _rule(res, "tool-path-traversal")
    read = line_of("server.ts", "await fs.readFile(first.filepath)", f"{G}/mapfields")
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", read, "render_clip")
    assert f.message.startswith("tool 'render_clip' passes parameter 'prompt' to fs/promises.readFile(): path")


def test_the_prompt_kept_beside_a_mapped_records_filepath_is_not_its_filepath(tmp_path):
    res = audit_group(tmp_path, f"{G}/mapfields_safe")
    assert not _rule(res, "tool-path-traversal")
    assert not [f for f in res.findings if f.location.path == "server.ts" and f.rule_id.startswith("tool-")]


def test_a_helpers_record_returned_by_the_callback_keeps_its_own_filepath(tmp_path):
    # mapfields_call: the helper saveClip names its file by the prompt; the record read back is its
    res = audit_group(tmp_path, f"{G}/mapfields_call")
    found = [(f.location.path, f.location.line, f.tool) for f in _rule(res, "tool-path-traversal")]
    read = line_of("server.ts", "await fs.readFile(first.filepath)", f"{G}/mapfields_call")
    write = line_of("server.ts", "await fs.writeFile(filepath, buffer)", f"{G}/mapfields_call")
    assert found == [("server.ts", write, "render_clip"), ("server.ts", read, "render_clip")]
    [f] = [f for f in _rule(res, "tool-path-traversal") if f.location.line == read]
    assert f.message.startswith("tool 'render_clip' passes parameter 'prompt' to fs/promises.readFile(): path")
