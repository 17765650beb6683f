"""mcpaudit: static security audit for MCP servers."""

__version__ = "0.1.0"
