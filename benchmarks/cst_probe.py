"""The cst engine in-process, against plain libcst parsing of the same files.

    python benchmarks/cst_probe.py TREE [--repeat N]      (prints one JSON object)

Over the Python files mcpaudit would scan in TREE (its own discovery, default excludes), with
the sources already read and decoded (page cache warm):

* ``parse_all``: ``libcst.parse_module`` of every file, nothing else — what any libcst-based
  tool pays at least;
* ``parse_prefiltered``: the same, only for the files the engine's pre-filter lets through;
* ``analyze``: ``mcpaudit.engines.cst.analyze_files(files, jobs=1)`` — read, decode,
  pre-filter, parse and summarise every file in this process, one core;
* ``link``: ``mcpaudit.engines.cst.link`` — the project-wide step that turns the summaries
  into findings;
* ``first_pass_run``: ``mcpaudit.engines.cst.run(files, jobs=1, first_pass=True)`` — the whole
  engine as a scan runs it, on one core: read every file, the ``ast`` first pass over all of
  them, libcst and the analysis for the modules it selects, the link step. Its lines per second
  per core, counted over every line in scope, is the engine's throughput.

Times are CPU seconds of this process (``time.process_time``; one thread, so one core) and wall
seconds; each is the median of ``--repeat`` runs. Ratios and lines/s/core use CPU time, which a
busy shared machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List


def _timed(fn: Callable[[], object], repeat: int) -> Dict[str, float]:
    walls: List[float] = []
    cpus: List[float] = []
    for _ in range(repeat):
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
        del result
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus)}


def probe(tree: Path, repeat: int = 1) -> Dict[str, object]:
    import libcst

    from mcpaudit.analysis.loader import SourceError, decode_source
    from mcpaudit.api import discover, scan_root
    from mcpaudit.config import Config
    from mcpaudit.engines import cst as engine

    root = scan_root([tree])
    py, _other, _skipped = discover([tree], root, Config())
    texts: List[str] = []
    raw: List[bytes] = []
    lines = 0
    for abspath, _rel in py:
        with open(abspath, "rb") as fh:
            data = fh.read()
        try:
            text, _enc = decode_source(data)
        except SourceError:
            continue
        raw.append(data)
        texts.append(text)
        lines += text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    selected = [t for t, d in zip(texts, raw) if engine.PREFILTER.search(d)]

    def parse(batch: List[str]) -> Callable[[], int]:
        def run() -> int:
            ok = 0
            for text in batch:
                try:
                    libcst.parse_module(text)
                    ok += 1
                except Exception:  # syntax errors cost what they cost; count nothing
                    pass
            return ok
        return run

    parse_all = _timed(parse(texts), repeat)
    parse_pre = _timed(parse(selected), repeat)

    results_box: Dict[str, object] = {}

    def analyze() -> int:
        results_box["results"] = engine.analyze_files(py, jobs=1)
        return 0

    analyze_t = _timed(analyze, repeat)
    results = results_box["results"]

    def link() -> int:
        findings, _project, _linker = engine.link(results, root)  # type: ignore[arg-type]
        results_box["findings"] = len(findings)
        return 0

    link_t = _timed(link, repeat)
    parsed = sum(1 for r in results if r.parsed)  # type: ignore[union-attr]

    def first_pass_run() -> int:
        out, _project = engine.run(py, root, jobs=1, first_pass=True)
        results_box["first_pass"] = out.details.get("first_pass")
        results_box["fp_findings"] = len(out.findings)
        return 0

    fp_t = _timed(first_pass_run, repeat)

    def ratio(a: float, b: float):
        return round(a / b, 3) if b > 0 else None

    return {
        "files": len(py),
        "decoded_files": len(texts),
        "prefilter_selected_files": len(selected),
        "parsed_files": parsed,
        "lines": lines,
        "repeat": repeat,
        "parse_all": parse_all,
        "parse_prefiltered": parse_pre,
        "analyze_files_jobs1": analyze_t,
        "link": link_t,
        "findings": results_box.get("findings"),
        "ratio_cst_over_parse": ratio(analyze_t["cpu_s"], parse_all["cpu_s"]),
        "ratio_cst_over_parse_prefiltered": ratio(analyze_t["cpu_s"], parse_pre["cpu_s"]),
        "ratio_cst_with_link_over_parse": ratio(analyze_t["cpu_s"] + link_t["cpu_s"], parse_all["cpu_s"]),
        "cst_lines_per_s_per_core": round(lines / analyze_t["cpu_s"]) if analyze_t["cpu_s"] > 0 else None,
        "cst_with_link_lines_per_s_per_core": (round(lines / (analyze_t["cpu_s"] + link_t["cpu_s"]))
                                               if analyze_t["cpu_s"] + link_t["cpu_s"] > 0 else None),
        "first_pass_run": fp_t,
        "first_pass": results_box.get("first_pass"),
        "first_pass_findings": results_box.get("fp_findings"),
        "cst_first_pass_lines_per_s_per_core": round(lines / fp_t["cpu_s"]) if fp_t["cpu_s"] > 0 else None,
        "parse_lines_per_s_per_core": round(lines / parse_all["cpu_s"]) if parse_all["cpu_s"] > 0 else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    print(json.dumps(probe(args.tree, max(1, args.repeat))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
