"""What a database query call returns: the rows the database holds, not the caller's text.

``const [rows] = await database.run({ sql: "SELECT table_name FROM information_schema.tables" })``
on a database handle the caller chose (``instance.database(databaseId)``): the handle carries the
caller's id, but the rows are the database's own data (its catalog's table names, stored records).
The caller's id chose which database answers, not what the answer says; names read there and
pasted into the next query are the database's names (a value the caller wrote into a query is
reported at that query, where it is run). So the result of a call the catalog models as a SQL or
NoSQL query method carries no caller input, the way an SDK client's answer does
(sdkanswers.py); a secret it held is dropped as for any request (calls.external_result).
"""

from __future__ import annotations

#: sink families whose calls answer with stored rows or documents
QUERY_FAMILIES = frozenset({"sql", "nosql"})


def query_rows(interp, method, recv_node, recv) -> bool:
    """The call ``recv_node.method(...)`` is a query method of a database handle the catalog
    models (its result is the rows the database returns)."""
    if not method or recv_node is None:
        return False
    return any(m.family in QUERY_FAMILIES and interp.receiver_matches(m, recv_node, recv)
               for m in interp.M.method_sinks(method))


__all__ = ["QUERY_FAMILIES", "query_rows"]
