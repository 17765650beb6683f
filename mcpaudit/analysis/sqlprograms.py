"""SQL handed to a database client on its command line: ``psql -c <sql>``, ``mysql -e <sql>``,
``sqlite3 DB <sql>``, ``bq query [flags] <sql>`` (the models' ``sql-programs``). The element is a
statement the database runs, an SQL sink like ``cursor.execute``, in an argv list too (no shell):
read where the argv is run (sinkargv.py) and where it is built for a wrapper that runs it
(argvruns.py)."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple


def sql_operand(M, prog: str, consts: Sequence[Optional[str]], i: int,
                prefix: Optional[str] = None) -> Optional[Tuple[bool, str]]:
    """``(option value, detail)`` when argv element ``i`` (``consts``: the constant elements, None
    where not constant; ``prefix``: the element's constant start, ``--project_id=``) is SQL its
    program ``prog`` runs; ``option value``: the element is the
    value of an SQL option (``-c``), so not itself read as an option."""
    row = M.sql_programs.get(prog)
    if row is None or i < 1 or "--" in consts[:i] or (prefix or "").startswith("-"):
        return None  # (an option of its own, --project_id={value}, is no statement)
    flags, subcommands, operand = row
    before = consts[i - 1]
    if before in flags:
        return True, f"run as SQL by {prog} {before}"
    if subcommands:
        sub = next((c for c in consts[1:i] if c in subcommands), None)
        after_option = before is not None and before.startswith("-") and "=" not in before and before != sub
        if sub is not None and (i == len(consts) - 1 or not after_option):
            return False, f"run as SQL by {prog} {sub}"
        return None
    if operand:
        positional = 1 + sum(1 for c in consts[1:i] if not (c or "").startswith("-"))
        if positional == operand and not (before or "").startswith("-"):
            return False, f"run as SQL by {prog} (operand {operand})"
    return None


__all__ = ["sql_operand"]
