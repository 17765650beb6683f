"""Final-review mends of stop 43 (issue 12): a path cut at its first separator only keeps the
rest of the path; account-confirmation tokens stay secrets; ``vendor/`` and ``third_party/``
folders are a project's own unless it excludes them."""

from __future__ import annotations

import libcst as cst

from mcpaudit.analysis.maskslices import tail_of_path_split
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.discovery import discover


def test_only_a_split_at_every_separator_is_the_last_segment():
    def last(src):
        return tail_of_path_split(cst.parse_expression(src))
    assert last('p.split("/")[-1]') and last('p.rsplit("/", 1)[-1]') and last('p.rsplit("/", maxsplit=1)[-1]')
    # "a/../../etc/passwd".split("/", 1)[-1] == "../../etc/passwd": the rest of the path, not a name
    assert not last('p.split("/", 1)[-1]')
    assert not last('p.split("/", maxsplit=1)[-1]')
    assert not last('p.rsplit("/", 0)[-1]')


def test_a_confirm_token_handed_back_is_no_secret_but_an_account_confirmation_token_is():
    M = catalog().python
    assert not M.is_secret_name("confirm_token")
    assert M.is_secret_name("confirmation_token")
    assert M.is_secret_name("email_confirmation_token")


def test_vendor_and_third_party_folders_are_scanned_and_pips_vendor_copies_are_not(tmp_path):
    for d in ("tools/vendor", "third_party", "pkg/_vendor", "vendored"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "m.py").write_text("x = 1\n")
    python, _js, _skipped = discover([tmp_path], tmp_path, Config(cache=False))
    assert sorted(t[1] for t in python) == ["third_party/m.py", "tools/vendor/m.py"]
