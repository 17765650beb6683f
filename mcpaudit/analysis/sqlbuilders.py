"""SQL statement builders: a statement object whose values are bound parameters.

SQLAlchemy Core's ``insert(T).values(name=v)``, ``update(T).where(T.c.id == i).values(notes=v)``,
``delete(T).where(...)``, ``select(T).where(T.c.x == v)`` (and a ``Table``'s own
``.insert()``/``.update()``/``.delete()``/``.select()``, the dialects' ``insert`` with
``.on_conflict_do_update(set_=...)``, SQLModel's ``select``) build a statement object: each value
given to ``.values()``, ``.where()`` or ``set_=`` becomes a bound parameter of the statement,
never part of its text. The builders are the models' ``statement-builders`` summaries
(``rules/models/python/sql.yaml``). A statement built by one, and whatever a method chained on
it returns (``.values``, ``.where``, ``.returning``, ``.order_by``, ...), carries no caller text
into a query: ``.values`` is not the mapping method of that name. Text a builder takes as is
stays a sink where it is built (``text()``, ``literal_column()``: their own rows), and a statement
through a method that renders a plain string as is (``.prefix_with(s)``, ``.suffix_with(s)``,
``.with_hint(s)``: the row's ``raw-methods``) carries that string to ``execute()``.
"""

from __future__ import annotations

from ..lazycst import cst

from .taintvalue import Taint, union


def built_statement(M, fq: str) -> bool:
    """``fq`` (a call's dotted name after import resolution and local types) is a statement
    builder's call or a method chained on what one built: ``sqlalchemy.insert().values``,
    ``sqlalchemy.Table().insert().values``, ``sqlalchemy.delete().where()``."""
    builders = M.statement_builders
    if not builders or not fq:
        return False
    at = fq.find("()")
    while at >= 0:
        if fq[:at] in builders:
            return True
        at = fq.find("()", at + 2)
    return fq in builders


def raw_text(self, call) -> Taint:
    """What a built statement carries to ``execute()``: the arguments of the methods in its chain
    that render a plain string as is (``insert(T).prefix_with(flags).values(...)``: ``flags``;
    sql.yaml ``raw-methods``); EMPTY when none (every other value is bound)."""
    raw = self.M.statement_raw_methods
    out: Taint = {}
    node = call
    while raw and isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if node.func.attr.value in raw:
            for a in node.args:
                out = union(out, self.ev(a.value))
        node = node.func.value
    return out


def statement_argument(self, node, taint: Taint) -> bool:
    """A query method's argument that is a builder's statement carrying no caller input:
    ``session.execute(insert(T).values(...))`` or ``session.execute(stmt)`` with ``stmt = delete(T)
    .where(...)``: its values are bound, so it is no non-constant query text for the audit view."""
    if taint or not isinstance(node, (cst.Call, cst.Name)):
        return False
    return built_statement(self.M, self.mod.dotted(node, self.types) or "")


__all__ = ["built_statement", "raw_text", "statement_argument"]
