"""The host names a server bound to, or a client pointed at, reaches only this machine through."""

LOOPBACK = ("127.0.0.1", "localhost", "::1")

__all__ = ["LOOPBACK"]
