"""Items of a dict built with constant keys (fixtures/taint/dict_items.py): a value placed under
one key is not an item taken by another, in the same function or across calls; merged flows,
stores after the display and caller-built dicts keep the value."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.analysis.taintvalue import DICT_KEY, Info, in_dict, item_of, merge_info
from mcpaudit.config import Config
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def test_a_helper_taking_one_item_reaches_only_what_was_placed_under_that_key(tmp_path):
    src = (TAINT / "dict_items.py").read_text(encoding="utf-8")
    (tmp_path / "dict_items.py").write_text(src, encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    got = [f for f in res.findings if f.confidence >= Confidence.MEDIUM]
    assert [(f.rule_id, f.tool) for f in got] == [("tool-ssrf", "list_instances")]
    assert got[0].message == ("tool 'list_instances' passes parameter 'region' to requests.get(): server-side "
                              "request forgery (also reached from tools 'call_api', 'tag_instance')")


def test_item_of_drops_values_placed_under_other_keys_only():
    x = {("src", "t", "x"): Info()}
    placed = in_dict(x, "Name")
    assert item_of(placed, "RegionId") == {}
    assert set(item_of(placed, "Name")) == set(x)
    assert not any(c.startswith(DICT_KEY) for c in item_of(placed, "Name")[("src", "t", "x")].clean)
    assert set(item_of(placed, None)) == set(x)  # a key that is not a constant
    # two flows: under two keys, the item of either; one flow not in a dict at all, any item
    both = {k: merge_info(placed[k], in_dict(x, "Label")[k]) for k in x}
    assert item_of(both, "RegionId") == {} and set(item_of(both, "Label")) == set(x)
    loose = {k: merge_info(placed[k], x[k]) for k in x}
    assert set(item_of(loose, "RegionId")) == set(x)
