"""Bandit post-filters of the twenty-fourth Python holdout, reader A (issue 12, branch py24a): a
temp folder only measured or only the parent of a fresh random entry (B108), and a port probe
that binds all interfaces and closes without listening (B104); each beside a twin that keeps
its hit."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines.bandit_context import not_bound
from mcpaudit.engines.bandit_tmpread import FRESH_WHY, MEASURED_WHY, tmp_reads

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "bandit_cleanup"


def _line(text: str, needle: str) -> int:
    hits = [i for i, ln in enumerate(text.splitlines(), 1) if needle in ln]
    assert len(hits) == 1, needle
    return hits[0]


def test_a_temp_folder_only_measured_or_holding_a_fresh_entry_moves_to_the_audit_view():
    text = (FIX / "tmp_measures.py").read_text()
    measured = _line(text, "# measured only")
    fresh = _line(text, "# a fresh random name")
    swept = _line(text, "# twin: every entry in it removed")
    fixed = _line(text, "# twin: a fixed name written")
    assert tmp_reads(text, [measured, fresh, swept, fixed]) == {measured: MEASURED_WHY, fresh: FRESH_WHY}


def test_a_port_probe_is_not_a_bind_and_a_listening_socket_is():
    text = (FIX / "port_probe.py").read_text()
    probe = _line(text, "# bound and closed: a probe")
    served = _line(text, "# twin: listens on every interface")
    cols = {ln: text.splitlines()[ln - 1].index('"0.0.0.0"') for ln in (probe, served)}
    why = not_bound(text, [(probe, cols[probe]), (served, cols[served])])
    assert why == {(probe, cols[probe]): "a port-availability probe: the socket is bound in a with block that "
                                         "closes it and never listens"}
