"""What a call outside the project returns (mixed into the expression evaluator)."""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .taintvalue import EMPTY, Taint, desecret, mark, union


class ExternalCalls:
    """``_external_result`` and ``_is_library_call`` of :class:`~.expressions.Expressions`."""

    def _external_result(self, fq: str, method: Optional[str], recv_node, recv: Taint, all_args: Taint) -> Taint:
        """What a call outside the project returns.

        Transparent calls (``str()``, ``json.dumps``, string methods, file reads) keep everything,
        secrets included. Pure transforms the models list as passing (``os.path.join``,
        ``shlex.split``, ``urljoin``) carry the caller's input but not secrets: ``connect(password=
        ...)`` returns a connection, not the password. Any other library call is opaque: its result
        is not the caller's value (``client.get_issue(key)`` returns an issue), so nothing flows
        through it. A call that may be project code the linker could not see keeps caller input."""
        M = self.M
        str_method = method is not None and method in M.keeps_everything_methods and not (
            # requests.get(url, headers=auth) and client.get(...) are requests, not dict.get
            (isinstance(recv_node, cst.Name) and recv_node.value in self.mod.imports)
            or any(self._receiver_is(M.receivers[r], recv_node) for r in M.keeps_everything_not_on))
        if fq in M.keeps_secrets or str_method:
            v = union(recv, all_args)
            if v and method in M.builder_methods and all_args:
                v = mark(v, built=True)
            return v
        plain = fq.replace("()", "")
        if fq in M.passes or plain in M.passes or (method is not None and method in M.passes_methods) \
                or not self._is_library_call(fq, recv_node):
            return union(desecret(recv), desecret(all_args))
        return EMPTY

    def _is_library_call(self, fq: str, recv_node) -> bool:
        """A call into a library (not the project): a function of an imported library module,
        or a method of an object that is not of a project class."""
        if recv_node is None:
            head = fq.split(".")[0].split("(")[0]
            target = self.mod.imports.get(head)
            if not target and fq.rsplit(".", 1)[-1][:1].isupper() and fq in self.mod.imports.values():
                target = fq  # from lib import Client; Client(x): a library object, not its arguments
            return bool(target) and not self._is_project_type(target)
        if isinstance(recv_node, cst.Name) and recv_node.value in self.mod.imports:
            return not self._is_project_type(self.mod.imports[recv_node.value])
        t = self._receiver_type(recv_node)
        return not (t and self._is_project_type(t))


__all__ = ["ExternalCalls"]
