"""The SQL sections of the models: read-only checks (prefixes a check admits, statements that write
by themselves, what enforces read-only), parameters that mutate, and SQL dialects (quoting,
naming statements), loaded into :class:`~mcpaudit.catalog.models.Models` fields."""

from __future__ import annotations

import re
from typing import Any, Dict, List

from ._yaml import ModelError


class SqlRows:
    """Mixed into the model loader: ``section_read_only_checks``, ``section_mutating_parameters``,
    ``section_sql_dialects``, ``section_sql_formatters``."""

    def section_read_only_checks(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self.add("read_prefixes", [v.upper() for v in value.get("read-prefixes", ())])
        self.add("write_keywords", [v.upper() for v in value.get("write-keywords", ())])
        for key in ("statement-parsers", "statement-type-methods"):  # firststmt.py
            self.m.first_statement[key] = self.m.first_statement.get(key, frozenset()) | frozenset(value.get(key, ()))
        self.m.write_keyword_order += tuple(v.upper() for v in value.get("write-keywords", ())
                                            if v.upper() not in self.m.write_keyword_order)
        self.m.writing_prefixes.update({k.upper(): v for k, v in (value.get("writing-prefixes") or {}).items()})
        self.m.read_only_enforced += [re.compile(p) for p in value.get("enforced-by", ())]
        # run on the query's own client before it (ts/readonlytx.py)
        self.m.read_only_statements += [re.compile(p) for p in value.get("read-only-statements", ())]
        self.add("read_only_not_enough", value.get("not-enough-for", ()))
        if value.get("not-enough-why"):
            self.m.read_only_not_enough_why = value["not-enough-why"]
        unless = value.get("not-enough-unless") or ()
        for pat in [unless] if isinstance(unless, str) else unless:  # any one of them (module.py)
            self.m.read_only_not_enough_unless += (re.compile(pat),)
        if value.get("not-enough-unless-path"):  # readonlyconn.held_read_only_call
            self.m.read_only_not_enough_unless_path = re.compile(value["not-enough-unless-path"])
        self.add("read_only_not_enough_unless_options", value.get("not-enough-unless-options", ()))
        self.add("per_query_settings", value.get("per-query-settings", ()))
        if value.get("per-query-readonly"):
            self.m.per_query_readonly = re.compile(value["per-query-readonly"])
        self.add("read_only_roles", [v.lower().replace("-", "").replace("_", "") for v in value.get("role-names", ())])
        for kw, vals in (value.get("read-only-arguments") or {}).items():
            self.m.read_only_arguments[kw] = self.m.read_only_arguments.get(kw, frozenset()) | frozenset(vals)

    def section_mutating_parameters(self, value: Dict[str, str], name: str, section: str) -> None:
        for option, why in (value or {}).items():
            self.m.mutating_parameters[option.lower().replace("_", "")] = str(why)

    def section_sql_dialects(self, value: Dict[str, Dict[str, Any]], name: str, section: str) -> None:
        for dialect, spec in (value or {}).items():
            unknown = set(spec) - {"modules", "doubling", "naming", "describing", "select-reads"}
            if unknown:
                raise ModelError(f"{name} {section}.{dialect}: unknown key(s) {', '.join(sorted(unknown))}")
            for mod in spec.get("modules", ()):
                self.m.sql_dialect_modules[mod] = dialect
            if "doubling" in spec:  # absent: the modules reach any engine, the dialect is unknown
                self.m.sql_doubling_quotes[dialect] = frozenset(spec["doubling"] or ())
            self.m.sql_naming_statements[dialect] = frozenset(
                s.upper() for s in (*spec.get("naming", ()), *spec.get("describing", ())))
            if spec.get("select-reads"):
                self.m.sql_select_reads[dialect] = str(spec["select-reads"])

    def section_sql_formatters(self, value: Dict[str, Dict[str, Any]], name: str, section: str) -> None:
        for call, spec in (value or {}).items():
            unknown = set(spec) - {"quoting", "raw"}
            if unknown:
                raise ModelError(f"{name} {section}.{call}: unknown key(s) {', '.join(sorted(unknown))}")
            self.m.sql_formatters[call] = (frozenset(spec.get("quoting", ())), frozenset(spec.get("raw", ())))
