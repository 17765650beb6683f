"""When each stage of one scan starts and ends, on the scanning process's clock.

    python benchmarks/timeline.py scan TREE -f json -o /tmp/r.json --fail-on never --no-cache

runs ``mcpaudit`` with the given arguments and prints, on stderr, the time since start-up at
which the CLI was imported, the engines started and ended (semgrep and bandit on worker
threads, cst and ts on the main thread), the posture pass and the rule metadata ran, and the
scan ended: whether the external engines overlap the in-process work. Nothing is changed but
the timing wrappers.
"""

import sys
import time

T0 = time.monotonic()


def log(msg: str) -> None:
    sys.stderr.write(f"[{time.monotonic() - T0:6.3f}] {msg}\n")


def wrap(module, name: str, label) -> None:
    real = getattr(module, name)

    def timed(*a, **k):
        what = label(*a, **k)  # the label takes whatever the wrapped function takes
        log(f"start {what}")
        try:
            return real(*a, **k)
        finally:
            log(f"end {what}")

    setattr(module, name, timed)


if __name__ == "__main__":  # the worker pool's fork server imports this module again
    import mcpaudit.cli as cli

    log("cli imported")
    import mcpaudit.api as api
    import mcpaudit.pipeline as pipeline

    wrap(pipeline, "_run_cached", lambda engine, targets, *_a, **_k: f"{engine.name} ({len(targets)} files)")
    wrap(pipeline, "_posture", lambda *a, **k: "posture")
    wrap(api, "run_engines", lambda *a, **k: "run_engines")
    wrap(api, "all_rule_metas", lambda *a, **k: "rule metadata")
    sys.argv = ["mcpaudit", *sys.argv[1:]]
    try:
        cli.main()
    except SystemExit:
        pass
    log("scan done")
