"""The TypeScript/JavaScript analysis: tree-sitter parsing, the MCP surface of TS servers, and a
taint interpreter that produces the same per-function summaries as the Python analysis, linked
project-wide by :class:`~mcpaudit.analysis.ts.link.TsLinker`.

* :mod:`.parse` — grammars (from the ``tree-sitter-typescript``/``-javascript`` wheels, offline),
  one parser per file kind, positions;
* :mod:`.module` — one pass over a module: imports and exports (ES modules and CommonJS),
  module-level constants, object and array tables, classes, functions, registrations;
* :mod:`.interp` — the function interpreter (statements and expressions), with the checks that
  narrow a value (:mod:`.checks`), sink matching against the models (:mod:`.sinks`) and the
  MCP registrations seen in calls (:mod:`.surface`);
* :mod:`.link` — module resolution (relative specifiers, index files, path aliases, re-exports)
  and the project-wide link.
"""
