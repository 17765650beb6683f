"""The command line's front door for a warm re-scan: ``mcpaudit scan`` answered from the result
cache before click and the command line's modules are imported.

A re-scan of an unchanged tree is answered by :func:`mcpaudit.resultcache.begin` (discovery, the
scan's key, one signed read). What used to come before it -- importing click and the command
line (~0.015 s of CPU), more than the lookup itself -- is skipped here for the common forms of
the command: :func:`answer` reads ``scan`` arguments itself, and only when every one of them is
one it knows, with a value it can check the way click would (anything else -- help, standard
input, ``--diff``, an unknown option, a value click would refuse, the terminal report -- returns
``None`` and the command line runs as before, and says what click says). It then builds the
same settings (:func:`settings`, which the command line uses too), asks the result cache, and on
a hit writes the same report, the same line on standard error and the same exit code as the
command line. On a miss it keeps what it found (:func:`take`), and the command line's scan
starts from it instead of discovering the files again.

The ``mcpaudit`` script's entry point is :func:`main` (``python -m mcpaudit.cli`` asks
:func:`answer` at the top of :mod:`mcpaudit.cli`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

#: Options that take a value: spelling -> the ``scan`` command's parameter.
_VALUED = {"--format": "fmt", "-f": "fmt", "--output": "output", "-o": "output", "--fail-on": "fail_on",
           "--cache-dir": "cache_dir", "--engines": "engines", "--min-confidence": "min_confidence",
           "--config": "config_file", "--select": "select", "--ignore": "ignore", "--color": "color",
           "--jobs": "jobs", "-j": "jobs"}
#: Flags: spelling -> the ``scan`` command's parameter.
_FLAGS = {"--include-tests": "include_tests", "--no-ignores": "no_ignores", "--quiet": "quiet", "-q": "quiet",
          "--verbose": "verbose", "-v": "verbose", "--no-progress": "no_progress", "--compact": "compact",
          "--checklists": "all_items", "--show-suppressed": "show_suppressed", "--no-first-pass": "no_first_pass"}
#: Values click would accept for the choice options (``--fail-on`` is case-insensitive in
#: click: other spellings go to it).
_CHOICES = {"fail_on": ("info", "low", "medium", "high", "critical", "none", "never", "off"),
            "min_confidence": ("low", "medium", "high"), "color": ("auto", "always", "never")}
#: Formats whose report is text with every control character escaped (written as it is, to a
#: file or to standard output, as click would); the others go to the command line.
_FORMATS = ("json", "sarif")
COLOR = {"auto": None, "always": True, "never": False}

_prepared: Optional[Tuple[Tuple[Path, ...], Any, Any]] = None


def settings(paths: Sequence[Path], config_file: Optional[Path], **cli: Any):
    """The config for ``paths`` with the command line's overrides; unknown rule ids or tags in the
    file or on the command line are a :class:`~mcpaudit.config.ConfigError`."""
    from .config import apply_cli, load_config
    from .selectors import check_config, check_values

    cfg = load_config(list(paths) or [Path(".")], config_file)
    check_config(cfg)
    overrides = {k: v for k, v in cli.items() if v is not None and v != ()}
    if "checklists" in overrides:
        overrides["checklists"] = list(overrides["checklists"])
    cfg = apply_cli(cfg, **overrides)
    if "select" in overrides:
        check_values(cfg.select, "command line --select")
    if "ignore" in overrides:
        check_values(cfg.ignore, "command line --ignore")
    return cfg


def _parse(argv: Sequence[str]) -> Optional[Tuple[List[str], Dict[str, Any]]]:
    """``scan`` arguments as (paths, options), or None for anything this module leaves to click."""
    if not argv or argv[0] != "scan":
        return None
    paths: List[str] = []
    opts: Dict[str, Any] = {}
    args = list(argv[1:])
    while args:
        arg = args.pop(0)
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in _FLAGS and not eq:
            opts[_FLAGS[name]] = True
        elif name in _VALUED:
            if not eq:
                if not args or args[0].startswith("-"):
                    return None  # a missing value, or one click might read differently
                value = args.pop(0)
            opts[_VALUED[name]] = value
        else:
            return None  # "-", "--", help, --diff, --no-cache and every other option: click's
    return paths, opts


def _checked(opts: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """``opts`` converted as click converts them, or None where click could refuse one."""
    out = dict(opts)
    for name, allowed in _CHOICES.items():
        if name in out and out[name] not in allowed:
            return None
    if out.get("fmt", "rich") not in _FORMATS:
        return None
    if "jobs" in out:
        if not out["jobs"].isdigit():
            return None
        out["jobs"] = int(out["jobs"])
    for name, dir_ok in (("output", False), ("config_file", False), ("cache_dir", True)):
        if name in out:
            p = Path(out[name])
            if p.is_dir() != dir_ok and p.exists():
                return None
            out[name] = p
    if out.get("quiet") and out.get("verbose"):
        return None
    return out


def answer(argv: Sequence[str]) -> None:
    """Exit with the scan's exit code when ``argv`` (after the program name) is a scan this
    module can read and its result is in the result cache, after writing its report; return
    otherwise (the command line then runs ``argv`` as always)."""
    global _prepared
    try:
        parsed = _parse(argv)
        opts = _checked(parsed[1]) if parsed is not None else None
        if parsed is None or opts is None:
            return
        paths = tuple(Path(p) for p in parsed[0]) or (Path("."),)
        if not all(p.exists() or p.is_symlink() for p in paths):
            return
        cfg = settings(paths, opts.get("config_file"), engines=opts.get("engines"),
                       min_confidence=opts.get("min_confidence"), checklists=(), select=opts.get("select"),
                       ignore=opts.get("ignore"), jobs=opts.get("jobs"), no_ignores=opts.get("no_ignores"),
                       include_tests=opts.get("include_tests"), fail_on=opts.get("fail_on"), min_score=None,
                       baseline=None, diff_base=None, cache=None, cache_dir=opts.get("cache_dir"),
                       scan_timeout=None, first_pass=False if opts.get("no_first_pass") else None)
        from .resultcache import begin

        begun = begin(list(paths), cfg)
        if begun.reused is None:
            _prepared = (paths, cfg, begun)
            return
        code = _report(begun.reused, cfg, paths, opts)
    except Exception:  # whatever went wrong, the command line runs the scan and says so
        return
    sys.exit(code)


def _report(result, cfg, paths: Sequence[Path], opts: Dict[str, Any]) -> int:
    """The report written as the command line writes it, the gate's line on standard error; the
    exit code."""
    from .gate import gate
    from .reporters import ReportOptions, render

    code, reason = gate(result, cfg)
    output = opts.get("output")
    options = ReportOptions(targets=tuple(str(p) for p in paths), show_suppressed=bool(opts.get("show_suppressed")),
                            output=output, quiet=bool(opts.get("quiet")), verbose=bool(opts.get("verbose")),
                            checklists=bool(opts.get("all_items")), compact=bool(opts.get("compact")),
                            color=COLOR[opts.get("color", "auto")])
    text = render(opts.get("fmt", "rich"), result, options)
    if text is None or (output is None and not text.isascii()):
        raise ValueError("left to the command line")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    sys.stderr.write(f"mcpaudit: {reason} (exit {code})\n")
    sys.stderr.flush()
    return code


def take(paths: Sequence[Path], cfg) -> Optional[Any]:
    """What :func:`answer` found for a scan of ``paths`` with ``cfg`` that it could not answer
    (a :class:`~mcpaudit.resultcache.ScanStart`), once; None for any other scan."""
    global _prepared
    found, _prepared = _prepared, None
    if found is not None and found[0] == tuple(paths) and found[1] == cfg:
        return found[2]
    return None


def main() -> None:
    """The ``mcpaudit`` script: a warm re-scan answered here, anything else by the command line."""
    answer(sys.argv[1:])
    from ._gc import pause_start

    pause_start()  # until the engines start (mcpaudit._gc.end_start)
    from . import regexcache
    from .codecache import install

    install()  # the dataclass methods of the imports below, compiled once (mcpaudit.codecache)
    regexcache.install()  # and their regular expressions (mcpaudit.regexcache)
    from .cli import main as cli_main

    run(cli_main)


def run(command: Callable[[], Any]) -> None:
    """Run the command line's ``command`` and leave as its ``sys.exit`` asks, without the
    interpreter's teardown (:func:`leave`). A command that never started the engines (``rules``,
    a usage error) ends the start-up's pause of the collector here, for a caller that goes on."""
    try:
        command()
    except SystemExit as exc:
        if _at_top(sys._getframe()):
            leave(exc)
        raise
    finally:
        from ._gc import end_start

        end_start()


#: The frames that may stand between the interpreter and :func:`run` for it to leave at once:
#: ``python -m`` (runpy), the script's module, and :func:`main` (the ``mcpaudit`` script).
_ENTRY = {("runpy", "_run_module_as_main"), ("runpy", "_run_code"), (__name__, "main")}


def _at_top(frame) -> bool:
    """Whether nothing but the interpreter's entry calls ``frame`` (a program that runs the
    command line itself, e.g. through ``runpy.run_module``, may catch its ``SystemExit``)."""
    frame = frame.f_back
    while frame is not None:
        name = frame.f_globals.get("__name__")
        if (name, frame.f_code.co_name) not in _ENTRY and not (name == "__main__" and frame.f_back is None) \
                and not (name == "__main__" and frame.f_code.co_name == "<module>"
                         and frame.f_back.f_globals.get("__name__") == "runpy"):
            return False
        frame = frame.f_back
    return True


def leave(exc: SystemExit) -> None:
    """End the process with ``exc``'s exit code once the ``atexit`` handlers have run and the
    standard streams are flushed, skipping what the interpreter does after them: freeing every
    module and object of the scan one by one (the libcst trees, the catalog, the analyses),
    ~0.1-0.2 s of CPU after a scan of modelcontextprotocol/servers ``src/``, after the report
    is written. Everything the process writes is written by then (reports and caches
    synchronously, the byte-code tables by their ``atexit`` handlers). Returns, for the usual
    exit, when the code is not a number, a thread that is not a daemon is still running, or a
    stream cannot be flushed."""
    import threading

    code = 0 if exc.code is None else exc.code
    if not isinstance(code, int):
        return
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate()):
        return
    import atexit

    atexit._run_exitfuncs()  # and cleared: the usual exit would not run them twice
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:
        return
    import os

    os._exit(code & 0xFF)  # as the usual exit reports it


__all__ = ["answer", "settings", "take", "main", "run", "leave"]
