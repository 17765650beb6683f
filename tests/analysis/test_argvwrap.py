"""argvwrap.unwrapped: which prefix of an argv list is a wrapper program read through."""

from __future__ import annotations

from mcpaudit.analysis.argvwrap import unwrapped
from mcpaudit.catalog import catalog


def _elems(*words):
    """(node, taint, constant, splat) per word; None is a caller's element."""
    return [(None, {"caller"} if w is None else None, w, False) for w in words]


def _after(*words):
    out = unwrapped(catalog().python, _elems(*words))
    return [e[2] for e in out]


def test_sudo_and_its_options_are_dropped_before_the_program():
    assert _after("sudo", "-u", "root", "apt-get", "install", None) == ["apt-get", "install", None]
    assert _after("timeout", "-s", "KILL", "5", "ping", "-c", "1", None) == ["ping", "-c", "1", None]
    assert _after("sudo", "env", "A=1", "systemctl", "status", None) == ["systemctl", "status", None]


def test_a_word_after_the_wrapper_that_starts_with_a_dash_is_no_program():
    # after '--' or timeout's duration, a word starting with '-' is not a program to read through
    assert _after("sudo", "--", "-rf", None) == ["sudo", "--", "-rf", None]
    assert _after("timeout", "5", "-x", None) == ["timeout", "5", "-x", None]


def test_unknown_wrapper_options_and_caller_programs_keep_the_list():
    assert _after("sudo", "-s", "ls", None) == ["sudo", "-s", "ls", None]
    assert _after("sudo", None, "x") == ["sudo", None, "x"]
    assert _after("ls", "-l", None) == ["ls", "-l", None]
