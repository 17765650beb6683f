"""The ``argv`` section of the process models: what programs do with their argument lists
(shells and their flags, interpreters, programs whose operands are code, files or URLs, options
that take a value), loaded into :class:`~mcpaudit.catalog.models.Models` fields."""

from __future__ import annotations

import re
from typing import Any, Dict


class ArgvRows:
    """Mixed into the model loader: ``section_argv``."""

    def section_argv(self, value: Dict[str, Any], name: str, section: str) -> None:
        self.add("shell_programs", value.get("shell-programs", ()))
        self.add("shell_flags", value.get("shell-flags", ()))
        self.add("backslash_quote_shells", value.get("backslash-quote-shells", ()))
        self.add("script_programs", value.get("script-programs", ()))
        self.add("script_operand_programs", value.get("script-operand-programs", ()))
        self.add("stdin_sql_programs", value.get("stdin-sql-programs", ()))
        self.m.code_options.update({p: (frozenset(s["options"]), str(s["detail"])) for p, s in (value.get("code-options") or {}).items()})
        self.m.code_programs.update({p: (frozenset(s["flags"]), str(s["detail"])) for p, s in (value.get("code-programs") or {}).items()})
        self.m.sql_programs.update({p: (frozenset(s.get("flags", ())), frozenset(s.get("subcommands", ())), int(s.get("operand", 0)))
                                    for p, s in (value.get("sql-programs") or {}).items()})
        self.m.command_programs.update({p: (frozenset(s["flags"]), str(s["detail"]))
                                        for p, s in (value.get("command-programs") or {}).items()})
        self.m.setting_commands.update({p: (frozenset(s.get("unless", ())), str(s["detail"]))
                                        for p, s in (value.get("setting-commands") or {}).items()})
        self.m.runtime_programs.update({str(k): str(v) for k, v in (value.get("runtime-programs") or {}).items()})
        if value.get("applescript-text"):
            self.m.applescript_text = re.compile(value["applescript-text"])
        if value.get("shell-names"):
            self.m.shell_name = re.compile(value["shell-names"])
        self.m.shell_config = re.compile(value["shell-configs"]) if value.get("shell-configs") else self.m.shell_config
        self.add("launcher_programs", value.get("launcher-programs", ()))
        self.add("opener_programs", value.get("opener-programs", ()))
        self.add("opener_operand_options", value.get("opener-operand-options", ()))
        self.m.script_string_quotes.update({str(p): frozenset(q) for p, q in (value.get("script-string-quotes") or {}).items()})
        self.add("url_programs", value.get("url-programs", ()))
        self.add("remote_commands", value.get("remote-commands", ()))
        if isinstance(value.get("remote-commands"), dict):  # TypeScript: where each starts its command
            self.m.remote_command_starts.update({str(k): str(v) for k, v in value["remote-commands"].items()})
        self.add("remote_shells", value.get("remote-shells", ()))
        self.add("folder_scripts", value.get("folder-scripts", ()))
        self.add("folder_scripts_declared_by", value.get("folder-scripts-declared-by", ()))
        self.add("flag_options", value.get("flag-options", ()))
        self.add("key_file_options", value.get("key-file-options", ()))
        for key, known in (("option-operands", self.m.option_operands), ("option-programs", self.m.option_programs),
                           ("output-options", self.m.output_options), ("input-options", self.m.input_options),
                           ("script-options", self.m.script_options),
                           ("reference-options", self.m.reference_options),
                           ("option-hazards", self.m.option_hazards), ("host-key-off", self.m.host_key_off),
                           ("non-destructive-commands", self.m.non_destructive),
                           ("writing-commands", self.m.writing_commands)):
            for cmd, opts in (value.get(key) or {}).items():
                known[cmd] = known.get(cmd, frozenset()) | frozenset(opts)
        self.m.mode_commands.update({str(p): tuple(str(o) for o in opts or ()) for p, opts in (value.get("mode-commands") or {}).items()})
        for cmd, row in (value.get("argument-arity") or {}).items():
            self.m.argument_arity[str(cmd)] = _arity(str(row["count"] if isinstance(row, dict) else row))
            if isinstance(row, dict) and "stand-ins" in row:  # no other option takes a positional's place
                self.m.arity_stand_ins[str(cmd)] = frozenset(row["stand-ins"] or ())
            if isinstance(row, dict) and row.get("from-file"):  # sslscan --targets FILE: queryprogs.py
                self.m.arity_from_file[str(cmd)] = frozenset(row["from-file"])
        self.m.query_programs.update({str(p): (str(row["why"]), bool(row.get("last")))
                                      for p, row in (value.get("query-programs") or {}).items()})
        self.m.wrapper_programs.update({str(p): (frozenset(row.get("flags", ())), frozenset(row.get("options", ())),
                                                 int(row.get("operands", 0)), bool(row.get("assignments")))
                                        for p, row in (value.get("wrapper-programs") or {}).items()})
        self.m.dashless_names.update({str(k): frozenset(v) for k, v in (value.get("dashless-names") or {}).items()})
        self.m.writing_uses.update({str(k): str(v) for k, v in (value.get("writing-uses") or {}).items()})
        self.m.file_programs.update({prog: int(skip) for prog, skip in (value.get("file-programs") or {}).items()})
        self.m.url_operands.update({prog: int(at) for prog, at in (value.get("url-operands") or {}).items()})
        self.m.run_operands.update({prog: (int(row["operand"]), frozenset(row.get("unless", ())))
                                    for prog, row in (value.get("run-operands") or {}).items()})
        self.m.module_commands.update({prog: (frozenset(row["options"]), frozenset(row["selectors"]), frozenset(row["modules"]))
                                       for prog, row in (value.get("module-commands") or {}).items()})


def _arity(text: str):
    """``"1"`` -> (1, 1), ``"1+"`` -> (1, None), ``"1-2"`` -> (1, 2): a command's positional count."""
    if text.endswith("+"):
        return int(text[:-1]), None
    low, _, high = text.partition("-")
    return int(low), int(high or low)
