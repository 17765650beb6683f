"""Program analysis: the MCP surface (which functions are handlers), taint, sanitizers, posture."""
