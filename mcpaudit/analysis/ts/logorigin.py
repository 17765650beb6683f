"""Secrets in logs by origin, not by name (mixed into the TS linker before :class:`Linker`).

Four things a log call prints that carry no credential although their names say so:

* a secret-named property of a constant object written in the source (``DEFAULTS.password`` in
  a CLI's help text): the literal is already in the code, logging it leaks nothing new;
* a secret-named constant whose literal is a sentence (``MISSING_AUTH_TOKEN_MESSAGE``, imported
  from a constants module): a message, not a credential; one with a credential's shape (a long
  random word, a known key prefix) stays a secret (secretvalues.py);
* a tool's argument mapping (``args``) logged whole where the tool it serves declares no
  credential-named parameter (its schema is read: a low-level ``call_tool`` dispatcher's mapping
  is the branch's tool's);
* a rest parameter named ``args`` (``log(message, ...args)``): the function's own list of
  values, not an argument mapping - a secret its callers pass in it is still a secret label.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ...catalog import catalog
from ..secretvalues import prose_literal
from .freshkeys import printed_fresh


class LogOrigin:
    """Filters what ``Linker._report_log`` sees (TS linker mixin)."""

    def _report_log(self, path, fn, sink, t, env, hint) -> None:
        t = {k: v for k, v in t.items() if not (k[0] == "s" and self._literal_secret(path, k[1]))}
        t = printed_fresh(self, path, fn, sink, t)  # a key just generated, printed by a CLI branch
        whole = tuple(n for n in sink.whole if not self._no_credential_mapping(fn, n, env, hint))
        if whole != tuple(sink.whole):
            sink = replace(sink, whole=whole)
        super()._report_log(path, fn, sink, t, env, hint)  # type: ignore[misc]

    def _literal_secret(self, path: str, what) -> bool:
        """``DEFAULTS.password`` where DEFAULTS is a constant object and the property a literal;
        ``MISSING_AUTH_TOKEN_MESSAGE``, a constant (of this module or imported) whose literal is
        a sentence with no credential-shaped word in it (:func:`~..secretvalues.prose_literal`)."""
        if not isinstance(what, str) or not what:
            return False
        mod = self.modules.get(path)
        head = what.split(".", 1)[0]
        ref = what if mod is None or head not in getattr(mod, "imports", {}) else \
            mod.imports[head] + what[len(head):]
        try:
            value = self.string(path, "r:" + ref)
        except (KeyError, AttributeError, TypeError):
            return False
        return value is not None and ("." in what or prose_literal(value))

    def _no_credential_mapping(self, fn, name: str, env, hint: Optional[str]) -> bool:
        if name in ("headers", "url"):
            return False
        if any(p.name == name and p.kind == "vararg" for p in fn.params):
            return True  # log(message, ...args): the function's own list of values
        labels = list(env.get(name) or ())
        if not labels or any(lbl[0] != "src" for lbl in labels):
            return False
        secret_name = catalog().typescript.is_secret_name
        for lbl in labels:
            tool = self._declared_tool(lbl[1], hint)
            if tool is None or not tool.parameters or any(secret_name(p.name) for p in tool.parameters):
                return False
        return True

    def _declared_tool(self, name, hint: Optional[str]):
        """The tool whose schema declares what the mapping holds: the tool itself, or - for a
        low-level dispatcher's mapping - the tool of the branch the log call was reached from."""
        by_name = {t.name: t for t in self.tools if t.kind == "tool"}
        tool = by_name.get(name)
        if (tool is None or not tool.parameters) and hint and hint != name:
            tool = by_name.get(hint)
        return tool
