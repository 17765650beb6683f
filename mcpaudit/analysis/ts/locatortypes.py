"""A service fetched from a container by a string key, typed by the call's type argument
(open52t).

A service locator hands out the project's objects by name: ``container.getService<GitService>
("gitService")``, ``injector.get<Mailer>(MAILER)``, ``resolve<Repo>("repo")``. What comes back is
an ``any`` the container kept in a ``Map``; nothing but the call's one type argument says which
class it is. When that argument names a class of the project and the method's name is a
locator's (``get``, ``resolve``, ``getService``, ``getInstance``, ``inject``, ``locate``,
``lookup``, ``make``, ...), the result is read as an object of that class, so
``gitService.gitAdd(files)`` runs ``GitService.gitAdd``. A call on a package's object
(``axios.get<User>(url)``, ``this.http.get<Item[]>(url)``: the type argument describes the
payload of a response, not the object returned) is left alone, as is a type that is no
project class (an interface is resolved by the linker's implementors, basedispatch.py).
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N
from .returntypes import project_class

#: method names of service locators and dependency-injection containers
_LOCATOR = re.compile(r"^(?:get|resolve|inject|locate|lookup|make|retrieve|provide)"
                      r"(?:Service|Instance|Component|Provider|Dependency|Bean|Module|Singleton)?$")


def located_type(fa, node) -> Optional[str]:
    """The project class the locator call ``node`` returns by its type argument, or None."""
    targs = node.child_by_field_name("type_arguments")
    fn = N.unwrap(node.child_by_field_name("function"))
    if targs is None or fn is None:
        return None
    types = [c for c in targs.named_children if c.type != "comment"]
    if len(types) != 1:
        return None
    if fn.type == "member_expression":
        name, obj = N.text(fa.data, fn.child_by_field_name("property")), N.unwrap(fn.child_by_field_name("object"))
    elif fn.type == "identifier":
        name, obj = N.text(fa.data, fn), None
    else:
        return None
    if not _LOCATOR.match(name) or (obj is not None and _package_object(fa, obj)):
        return None
    return project_class(fa.mod, fa.resolve_type(N.type_name(fa.data, types[0]) or ""))


def _package_object(fa, obj) -> bool:
    """The receiver is a package's object: named by a package's import (``axios.get``), or
    built by or typed with one (``this.http``: ``HttpClient`` of ``@angular/common/http``)."""
    packages = [v for v in fa.mod.imports.values() if "#" not in v]
    ref = fa.mod.imports.get((fa.dotted(obj) or "").split(".")[0])
    if ref is not None and "#" not in ref:
        return True
    tp = (fa.type_of(obj) or "").replace("()", "")
    return bool(tp) and not project_class(fa.mod, tp) and any(tp == v or tp.startswith(v + ".") for v in packages)
