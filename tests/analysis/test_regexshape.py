"""Anchored patterns read with Python's regex parser (``analysis/regexshape.py``): what a
match of a dotted name, a version or a dashed key rules out, and what an open pattern does not."""

from __future__ import annotations

import pytest

from mcpaudit.analysis.narrowing import regex_families
from mcpaudit.analysis.regexshape import shape_families

NAME = {"shell", "sql", "nosql", "code", "template", "deserialization", "argument"}


@pytest.mark.parametrize("pattern,full,expected", [
    # a dot, but none first: no '..' segment and no separator, so one plain name (not a host)
    (r"^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)?$", False, NAME | {"path"}),  # schema.table
    (r"\w+(\.\w+)?", True, NAME | {"path"}),
    (r"^v?\d+(\.\d+)*$", False, NAME | {"path"}),  # a version
    (r"^(?:main|dev)-\d+$", False, NAME | {"ssrf", "path"}),  # no dot: a host or a path segment is inert too
    (r"^(-?\d+)(\.\d+)?$", False, NAME - {"argument"} | {"path"}),  # may start with '-': an option
    (r"^[a-z0-9][a-z0-9._-]{0,63}\.(webp|png)$", False, NAME | {"path"}),  # a file name, no dot first
])
def test_restrictive_shapes(pattern, full, expected):
    assert shape_families(pattern, full) == frozenset(expected)
    assert regex_families(pattern, full) == frozenset(expected)


@pytest.mark.parametrize("pattern,full", [
    (r"^\w+(\.\w+)?", False),  # match() without an end anchor: 'a.b; DROP TABLE t' passes
    (r"\w+(\.[\w ]+)?", True),  # a space
    (r"^\w+|\w+$", False),  # the first alternative is not anchored at the end
    (r"^[^;]+(\.x)?$", False),  # a negated class
    (r"^\w+(\..+)?$", False),  # any character
    (r"^\w+(\.\S+)?$", False),
    (r"^[\w/]+(\.\w+)?$", False),  # a path separator
    (r"^(?=x)\w+(\.\w+)?$", False),  # a look-ahead we do not read
    (r"^[\u0000-\uffff]+(\.x)?$", False),  # a huge range
    (r"(", True),  # not a pattern
])
def test_open_shapes_prove_nothing(pattern, full):
    assert shape_families(pattern, full) == frozenset()


@pytest.mark.parametrize("pattern,dash_first", [
    (r"^[a-zA-Z0-9_-]+$", True),  # a literal dash last in the class: '-rf' matches
    (r"^[-a-z]+$", True),  # first in the class
    (r"^[a-z0-9_.-]+$", True),
    (r"^[a-z][a-z0-9-]*$", False),  # the dash can only follow a letter
    (r"^[A-Za-z0-9]+$", False),
    (r"^\w+$", False),
])
def test_a_dash_anywhere_in_the_first_class_may_start_an_option(pattern, dash_first):
    assert ("argument" not in regex_families(pattern, False)) is dash_first
    assert "shell" in regex_families(pattern, False)  # still no metacharacter either way
