"""Walks added to the analysis after stop 27 that now run only where they can find something
(branch speed20): each text or shape test is a superset of what its walk looks for, so the
results are those of the full walk. Timings are never asserted here."""

from __future__ import annotations

import libcst as cst

from mcpaudit.analysis import callerkeys, flagfields
from mcpaudit.analysis.reqcreds import _constructor


def test_a_credential_header_read_passes_the_text_test_and_env_reads_and_stores_do_not():
    for text in ('key = get_http_headers().get("X-API-Key")', "tok = request.headers['Authorization']",
                 'h = headers.get(\n    "authorization")', 'if headers["Authorization"] == "": ...'):
        assert callerkeys._keyed_text(text), text
    for text in ('token = os.environ.get("VENDOR_API_TOKEN")', 'token = os.environ["VENDOR_API_KEY"]',
                 'headers["Authorization"] = f"Bearer {token}"', 'retry = r.headers.get("Retry-After", "1")'):
        assert not callerkeys._keyed_text(text), text


def test_the_module_walk_finds_a_read_of_headers_bound_to_a_name_and_not_an_env_read():
    import ast

    getter = ast.parse("def key():\n    h = get_http_headers()\n    k = h.get('x-api-key')\n"
                       "    if not k:\n        raise ValueError('no key')\n    return k\n")
    assert callerkeys._keyed_read(getter)
    env = ast.parse("import os\ndef key():\n    return os.environ.get('VENDOR_API_KEY')\n")
    assert not callerkeys._keyed_read(env)


def test_field_settings_found_without_libcst_visit_equal_libcst_visit():
    src = (
        "class Opts:\n    shell: bool = False\n\n"
        "def run(o: Opts, cmd):\n    o.shell = True\n    x, self.shell = 1, 2\n"
        "    opts = Opts(shell=cmd, cwd='/')\n    setattr(o, 'shell', False)\n"
        "    o2 = replace(o, shell=True)\n    o2.model_copy(update={'shell': True})\n    o.count += 1\n"
        "    class Inner:\n        use_shell = True\n    return Opts(1, 2, **cmd)\n"
    )
    module = cst.parse_module(src)

    class Mod:
        text = src

    _, found = flagfields.collect(Mod, module.body)
    old = flagfields._Settings()
    for stmt in module.body:
        stmt.visit(old)  # libcst's own visit, as before
    assert found == frozenset(old.out)
    assert ("*", "shell", "True") in found and ("Opts", "shell", flagfields.UNKNOWN) in found


def test_a_client_bound_once_is_found_and_one_bound_twice_is_not():
    fn = cst.parse_module(
        "async def f(url):\n    async with httpx.AsyncClient(headers=h) as client:\n        return await client.get(url)\n"
    ).body[0]
    ctor = _constructor(fn, "client")
    assert isinstance(ctor, cst.Call) and cst.Module([]).code_for_node(ctor.func) == "httpx.AsyncClient"
    twice = cst.parse_module("def g():\n    s = requests.Session()\n    s = other()\n    return s.get(u)\n").body[0]
    assert _constructor(twice, "s") is None
