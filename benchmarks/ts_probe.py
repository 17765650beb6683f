"""The ts engine in-process, against plain tree-sitter parsing of the same files.

    python benchmarks/ts_probe.py TREE [--repeat N] [--with-tests]      (prints one JSON object)

Over the TypeScript/JavaScript files mcpaudit would scan in TREE (its own discovery, default
excludes, ``.d.ts`` and ``*.min.js`` left out), with the sources already read (page cache warm):

* ``parse_all``: tree-sitter parsing of every file, nothing else (what any tree-sitter tool pays);
* ``analyze``: ``mcpaudit.engines.cst.analyze_files(files, jobs=1, analyze=ts.analyze_file)`` —
  read, parse and summarise every file in this process, one core (test files are read but not
  parsed: their findings would be hidden anyway);
* ``link``: the project-wide step that turns the summaries into findings (``cst.link`` with the
  ts engine's linker).

``lines`` counts every file; ``nontest_lines`` the files that are not test code, which is what the
engine analyses. Times are CPU seconds of this process (``time.process_time``; one thread, so one
core) and wall seconds, each the median of ``--repeat`` runs. Lines/s/core use CPU time.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cst_probe import _timed  # noqa: E402  (the same timing as the cst probe)


def probe(tree: Path, repeat: int = 1) -> Dict[str, object]:
    from mcpaudit.analysis.ts.link import TsLinker
    from mcpaudit.analysis.ts.parse import is_ts_source, parse
    from mcpaudit.api import discover, scan_root
    from mcpaudit.config import Config
    from mcpaudit.engines import cst, ts
    from mcpaudit.sources import is_test_path

    root = scan_root([tree])
    py, scripts, _skipped = discover([tree], root, Config())
    files = [(a, r) for a, r in [*py, *scripts] if is_ts_source(r)]
    datas: List[bytes] = []
    lines = nontest = 0
    for abspath, rel in files:
        with open(abspath, "rb") as fh:
            data = fh.read()
        datas.append(data)
        n = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        lines += n
        if not is_test_path(rel):
            nontest += n

    def parse_all() -> int:
        for (_a, rel), data in zip(files, datas):
            parse(data, rel)
        return 0

    parse_t = _timed(parse_all, repeat)
    box: Dict[str, object] = {}

    def analyze() -> int:
        box["results"] = cst.analyze_files(files, jobs=1, analyze=ts.analyze_file)
        return 0

    analyze_t = _timed(analyze, repeat)

    linker = functools.partial(TsLinker, workspaces=ts.workspaces(root, files))

    def link() -> int:
        findings, project, _linker = cst.link(box["results"], root, linker_cls=linker, engine="ts")  # type: ignore[arg-type]
        box["findings"], box["tools"] = len(findings), len(project.tools)
        return 0

    link_t = _timed(link, repeat)
    both = analyze_t["cpu_s"] + link_t["cpu_s"]

    def per_s(n: int, s: float):
        return round(n / s) if s > 0 else None

    return {
        "files": len(files),
        "lines": lines,
        "nontest_lines": nontest,
        "repeat": repeat,
        "parse_all": parse_t,
        "analyze_files_jobs1": analyze_t,
        "link": link_t,
        "findings": box.get("findings"),
        "tools": box.get("tools"),
        "parse_lines_per_s_per_core": per_s(lines, parse_t["cpu_s"]),
        "ts_lines_per_s_per_core": per_s(lines, analyze_t["cpu_s"]),
        "ts_with_link_lines_per_s_per_core": per_s(lines, both),
        "ts_nontest_lines_per_s_per_core": per_s(nontest, both),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    print(json.dumps(probe(args.tree, max(1, args.repeat)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
