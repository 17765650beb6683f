"""The ``restricted-sandboxes`` section of the Python models: the compilers of a restricted
Python (RestrictedPython's ``compile_restricted``) whose code runs in a sandbox only as long as
the globals it is given hold nothing that leads out, and the modules that do lead out (file,
network, process or unpickling reach), loaded into :class:`~mcpaudit.catalog.models.PythonModels`
fields ``restricted_compilers`` and ``sandbox_leaky_modules`` (read by analysis/restrictedpy.py)."""

from __future__ import annotations

from typing import Any, Dict

from ._yaml import ModelError


class SandboxRows:
    """Mixed into the Python models' loader: ``section_restricted_sandboxes``."""

    def section_restricted_sandboxes(self, value: Dict[str, Any], name: str, section: str) -> None:
        unknown = set(value or {}) - {"compilers", "leaky-modules"}
        if unknown:
            raise ModelError(f"{name} {section}: unknown key(s) {', '.join(sorted(unknown))}")
        self.m.restricted_compilers = self.m.restricted_compilers | frozenset(value.get("compilers") or ())
        for module, why in (value.get("leaky-modules") or {}).items():
            if not isinstance(why, str) or not why:
                raise ModelError(f"{name} {section}.leaky-modules.{module}: say what the module reaches")
            self.m.sandbox_leaky_modules[str(module)] = why
