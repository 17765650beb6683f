"""mcpaudit: static security audit for MCP servers."""

__version__ = "0.1.0"

# Before any module compiles its patterns: the compiled regular expressions of earlier runs
# (mcpaudit.regexstore; ~0.08 s of CPU per process otherwise).
from . import regexstore as _regexstore  # noqa: E402

_regexstore.install()
