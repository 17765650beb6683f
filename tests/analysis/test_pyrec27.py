"""Python hazards read by hand and not reported, and wrong rows, by general cause (issue 12, branch
pyrec27), each with a twin that stays quiet (``fixtures/taint/pyrec27``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("pyrec27")


def test_a_branch_on_a_parameter_the_callers_caller_decides(tmp_path):
    found = files.audit("forwardedparams.py", tmp_path)
    bound = files.line_of("forwardedparams.py", "cur.execute(query, params)")
    bare = files.line_of("forwardedparams.py", "cur.execute(query)  #")
    # Store.run passes its params on as is to _run: explain leaves it at None, so only the bare
    # execute runs its text; rows_of gives a list, so only the params branch runs its text
    assert [r[:3] for r in rows(found)] == [("tool-sql-injection", bound, "rows_of"),
                                            ("tool-sql-injection", bare, "explain")]
    by_line = {f.location.line: f for f in found}
    assert by_line[bare].message == ("tool 'explain' passes parameter 'statement' to .execute(): SQL injection "
                                     "(the query text is built from the value)")
    assert by_line[bound].message == ("tool 'rows_of' passes parameter 'table' to .execute(): SQL injection "
                                      "(the query text is built from the value)")
    assert all(not f.properties.get("other_flows") for f in found)
