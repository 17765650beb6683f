"""The bind address a framework's own settings read from the environment (issue 12, py57c).

A server object built with no ``host=`` (``FastMCP(name="clickhouse")``) serves on its
framework's default address, loopback, unless the framework's settings read another one from
the environment: fastmcp 2 and later read ``FASTMCP_HOST`` (2.x also ``FASTMCP_SERVER_HOST``)
whatever the version; the mcp SDK's FastMCP read ``FASTMCP_HOST`` (and a ``.env`` file) only
before mcp 1.12.3, which passes its own ``host=`` default to the settings, and an explicit value
wins over the environment. The variables and that version are data (``rules/models/python/
mcp.yaml``, ``bind: settings-env``).

When the project's own files set such a variable (a Dockerfile ``ENV``, a compose file, or a
``.env``/``.env.example`` file the README tells the operator to copy), the address they set is
the one the server runs on as documented: ``http_transport_no_auth`` reads it as it reads a
variable the code itself names (``os.environ.get("MCP_HOST", ...)``). For the SDK's FastMCP the
variable counts only when the project's nearest declarations allow only versions that read it
(a lock, a pin, a range bounded below 1.12.3): with a lower bound alone an install resolves a
newer SDK, which serves on loopback whatever the variable says.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from ..analysis.depversion import predating
from ..catalog import catalog

#: files of environment settings: ``.env``, ``.env.example``, ``.env.sample``, ``example.env``
_ENV_FILES = re.compile(r"^(?:\.env(?:\.[\w-]+)?|[\w-]+\.env)$")


def _settings_vars(project, binds: List[dict]) -> List[Tuple[str, str]]:
    """(variable, framework's name) for the server objects built on their framework's default
    address whose settings read it from the environment at the project's declared versions."""
    bind = catalog().python.surface.bind
    spec, defaults = bind.get("settings-env", {}), bind.get("defaults", {})
    out: List[Tuple[str, str]] = []
    for b in binds:
        fw = b.get("framework")
        if fw not in spec or not b.get("host_default") or b.get("host_choice") or b.get("host") != defaults.get(fw):
            continue
        until = spec[fw].get("until")
        if until and not predating(Path(project.root, b["path"]), until["package"], until["version"],
                                   stop=Path(project.root)):
            continue  # a newer release passes its own host= to the settings: the variable is not read
        out += [(v, spec[fw].get("name", fw)) for v in spec[fw].get("vars", ()) if (v, spec[fw].get("name", fw)) not in out]
    return out


def env_files(root, max_depth: int = 3) -> Dict[str, str]:
    """The project's environment files (``.env``, ``.env.example``...), repo-relative path -> text
    (the deployment files' walk: no test, example or vendored folder, no symlink, none over 1 MiB)."""
    from ..analysis.deployenv import deployment_files

    return deployment_files(root, max_depth, matches=_ENV_FILES.match)


def settings_deployed(project, sites: List[dict], binds: List[dict], deploy_files: Callable[[], Dict[str, str]],
                      sets: str, addresses: Tuple[str, ...]) -> Optional[dict]:
    """The address the project's deployment or environment files set through the variable its
    framework's settings read the default address from, when ``run()`` serves on the address
    its server object was built for (no address of its own): ``{"value", "serves", "words"}``
    as ``http_transport_no_auth._deployed_env`` gives, or None. ``sets``: the assignment pattern
    (``X=v``, ``X: v``); ``addresses``: the values that count (all interfaces, loopback)."""
    if any(s.get("host") is not None or s.get("host_given") for s in sites) or not any(s.get("kind") == "run" for s in sites):
        return None
    found = _settings_vars(project, binds)
    if not found:
        return None
    files = {**deploy_files(), **env_files(project.root)}
    for path, text in sorted(files.items()):
        for var, name in found:
            m = re.search(rf"^[^#\n]*?\b{re.escape(var)}{sets}([0-9a-fA-F.:\[\]]+|localhost)[\"']?", text, re.M)
            if not m or m.group(1).strip("[]") not in addresses:
                continue
            line = text.count("\n", 0, m.start(1)) + 1
            value = m.group(1).strip("[]")
            return {"value": value, "serves": False,
                    "words": f"; {path}:{line} sets {var}={value}, the variable {name} reads the address from"}
    return None


__all__ = ["env_files", "settings_deployed"]
