"""The ``mcpaudit`` command line.

Exit codes: 0 the gate passed; 1 the gate failed (findings at or above ``--fail-on``, or a score
below ``--min-score``); 2 usage, config or engine error. Output files are written before the
gate decides.
"""

from __future__ import annotations

import contextlib
import os
import sys

if __name__ == "__main__":  # ``python -m mcpaudit.cli``: a warm re-scan is answered before click is imported
    from mcpaudit.quick import answer

    answer(sys.argv[1:])
    from mcpaudit._gc import pause_start

    pause_start()  # until the engines start (mcpaudit._gc.end_start)
    from mcpaudit import regexcache
    from mcpaudit.codecache import install

    install()  # the dataclass methods of the imports below, compiled once (mcpaudit.codecache)
    regexcache.install()  # and their regular expressions (mcpaudit.regexcache)
from pathlib import Path, PurePosixPath
from typing import Iterator, Optional, Tuple

import click

from . import __version__
from .config import ConfigError
from .engines import ENGINES
from .reporters import REPORTERS, ReportOptions
from .reporters import render as render_report

#: What ``--fail-on`` accepts: a severity, or a word that turns the findings gate off (the same
#: words as the config file's ``fail-on``).
FAIL_ON = ("info", "low", "medium", "high", "critical", "none", "never", "off")
COLOR = {"auto": None, "always": True, "never": False}
STDIN = "-"


def _console(file=None, color: Optional[bool] = None):
    from .reporters.rich import console

    return console(file, color=color)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"mcpaudit: configuration error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="mcpaudit")
def main() -> None:
    """Static security audit for MCP (Model Context Protocol) servers.

    mcpaudit reads a server's Python source (never runs or imports it), finds its MCP tools,
    resources and prompts, and follows their parameters to dangerous sinks: shell commands, SQL,
    file paths, URLs, eval, deserialisation, templates, logs. It runs its own semgrep rule packs
    and bandit alongside, merges the results, and scores the server against published MCP
    security checklists.

    \b
    Examples:
      mcpaudit scan src/                      terminal report, fail on high and above
      mcpaudit scan . -f html -o report.html  one self-contained page to share
      mcpaudit scan . --format sarif -o mcpaudit.sarif
      mcpaudit scan - --stdin-filename server.py < server.py
      mcpaudit rules                          every rule of every engine, and the tags
      mcpaudit explain tool-shell-injection   a rule's documentation and examples
      mcpaudit explain 000-T1                 a checklist item and the document it comes from

    Exit codes: 0 gate passed, 1 gate failed, 2 usage, config or engine error.
    """


def _color_option(f):
    return click.option("--color", "color", type=click.Choice(list(COLOR)), default="auto", show_default=True,
                        help="Colour in the terminal report: auto (when standard output is a terminal and "
                             "NO_COLOR is not set), always or never.")(f)


def _common_scan_options(f):
    options = [
        click.option("--engines", default=None, metavar="LIST",
                     help=f"Comma-separated engines to run: {','.join(ENGINES)} (default: all)."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Config file to use instead of discovering [tool.mcpaudit] / mcpaudit.toml."),
        click.option("--min-confidence", type=click.Choice(["low", "medium", "high"]), default=None,
                     help="Hide findings below this confidence (default medium; 'low' is the audit view)."),
        click.option("--checklist", "checklists", multiple=True, metavar="ID",
                     help="Score only this checklist document (repeatable)."),
        click.option("--select", default=None, metavar="IDS",
                     help="Only these rule ids, tags or CWEs (comma-separated; unknown names are an error)."),
        click.option("--ignore", default=None, metavar="IDS",
                     help="Skip these rule ids, tags or CWEs (comma-separated; unknown names are an error)."),
        click.option("--jobs", "-j", type=int, default=None, help="Worker processes for the cst engine (default: one per core)."),
        click.option("--no-ignores", is_flag=True, default=False,
                     help="Report findings even where an inline '# mcpaudit: ignore[...]' suppresses them."),
        click.option("--include-tests", is_flag=True, default=False,
                     help="Also scan test code, and list findings in test, example and docs code (tagged; they never gate or score)."),
        click.option("--no-cache", is_flag=True, default=False,
                     help="Do not read or write the per-file result cache (a cold scan)."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Cache directory (default: $MCPAUDIT_CACHE_DIR, else the user cache dir)."),
        click.option("--no-first-pass", is_flag=True, default=False,
                     help="Analyse every Python file in depth, not only those a first pass finds can "
                          "change the result (slower; the same findings)."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def _load(paths: Tuple[Path, ...], config_file, **cli):
    """The config for ``paths`` with the command line's overrides; unknown rule ids or tags in the
    file or on the command line are a :class:`ConfigError`."""
    from .quick import settings

    return settings(paths, config_file, **cli)


@contextlib.contextmanager
def _stdin_tree(name: str) -> Iterator[Tuple[Path, str]]:
    """Standard input written to a temporary tree as ``name`` (made root-relative), so it is
    scanned like a file of the project: yields (the tree's root, the relative path)."""
    import tempfile

    rel = _relative_name(name)
    data = click.get_binary_stream("stdin").read()
    with tempfile.TemporaryDirectory(prefix="mcpaudit-stdin-") as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()  # pins the scan root here, whatever encloses the temp dir
        target = root.joinpath(*PurePosixPath(rel).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        yield root, rel


def _relative_name(name: str) -> str:
    """``--stdin-filename`` as a path relative to the current directory (its file name alone
    when it lies outside or climbs out with ``..``)."""
    path = Path(name)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except (ValueError, OSError):
            path = Path(path.name)
    parts = [p for p in path.as_posix().split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        parts = [path.name or "stdin.py"]
    return "/".join(parts)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "-f", "fmt", type=click.Choice(list(REPORTERS)), default="rich", show_default=True,
              help="Report format (html: one self-contained page).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON, case_sensitive=False), default=None,
              help="Fail (exit 1) on findings at or above this severity; none/never/off: never [default: high].")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Fail (exit 1) when the overall checklist score is below this.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--diff", "diff_base", default=None, metavar="REF",
              help="Report only findings on lines changed since this git ref.")
@click.option("--show-suppressed", is_flag=True, default=False, help="List suppressed findings in the terminal report.")
@click.option("--scan-timeout", type=click.FloatRange(0, min_open=True), default=None, metavar="SECONDS",
              help="Stop the whole scan after this many seconds; what was not analysed is reported and "
                   "the exit code is 2.")
@click.option("--quiet", "-q", is_flag=True, default=False,
              help="Terminal report: print only the one-line summary and the gate's decision.")
@click.option("--verbose", "-v", is_flag=True, default=False,
              help="Terminal report: every checklist item, every tool, more context and each finding's details.")
@click.option("--checklists", "all_items", is_flag=True, default=False,
              help="Terminal report: list every checklist item with its evidence.")
@click.option("--compact", is_flag=True, default=False,
              help="Terminal report: findings and the summary only, no tool table and no checklists "
                   "(what the pre-commit hook prints).")
@_color_option
@click.option("--no-progress", is_flag=True, default=False, help="No progress bar on standard error.")
@click.option("--stdin-filename", default=None, metavar="PATH",
              help="With '-' as the path: the name the code read from standard input is reported under "
                   "(default stdin.py); its config file is looked up from there.")
@_common_scan_options
def scan(paths, fmt, output, fail_on, min_score, baseline, diff_base, show_suppressed, scan_timeout, quiet, verbose,
         all_items, compact, color, no_progress, stdin_filename, engines, config_file, min_confidence, checklists, select,
         ignore, jobs, no_ignores, include_tests, no_cache, cache_dir, no_first_pass):
    """Scan PATHS (files or directories; default '.'; '-' reads one file from standard input)
    and report.

    The terminal report lists the findings first, grouped by MCP tool, most severe first, each
    with a code frame and its taint flow; then the tools, one line per checklist document, and
    the gate's decision.
    """
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    from_stdin = any(str(p) == STDIN for p in paths)
    if from_stdin and len(paths) > 1:
        raise click.UsageError("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and not from_stdin:
        raise click.UsageError("--stdin-filename needs '-' as the path")
    if from_stdin and diff_base:
        raise click.UsageError("--diff cannot be used when scanning standard input")
    paths = paths or (Path("."),)
    if not from_stdin:
        for p in paths:
            if not p.exists() and not p.is_symlink():
                raise click.BadParameter(f"{p} does not exist", param_hint="PATHS")
    name = stdin_filename or "stdin.py"
    cfg = _load((Path(name),) if from_stdin else paths, config_file, engines=engines, min_confidence=min_confidence,
                checklists=checklists, select=select, ignore=ignore, jobs=jobs,
                no_ignores=no_ignores or None, include_tests=include_tests or None, fail_on=fail_on,
                min_score=min_score, baseline=baseline, diff_base=diff_base, cache=False if no_cache else None,
                cache_dir=cache_dir, scan_timeout=scan_timeout,
                first_pass=False if no_first_pass else None)
    options = dict(show_suppressed=show_suppressed, output=output, quiet=quiet, verbose=verbose,
                   checklists=all_items, compact=compact, color=COLOR[color])
    progress = not (quiet or no_progress) and _stderr_is_terminal()
    if from_stdin:
        with _stdin_tree(name) as (root, rel):
            result = _audit([root], cfg, progress, color)
            result.root = os.getcwd()
            code = _report(result, cfg, fmt, ReportOptions(targets=(rel,), source_root=str(root), **options))
    else:
        result = _audit(list(paths), cfg, progress, color)
        code = _report(result, cfg, fmt, ReportOptions(targets=tuple(str(p) for p in paths), **options))
    sys.exit(code)


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _audit(paths, cfg, show_progress: bool, color: str):
    """The audit, with a transient progress bar on standard error when asked. A scan whose
    result is in the result cache is answered before the pipeline is imported."""
    from .quick import take
    from .resultcache import begin

    paths = [Path(p) for p in paths]
    begun = take(paths, cfg) or begin(paths, cfg)
    if begun.reused is not None:
        return begun.reused
    from .api import audit

    if not show_progress:
        return audit(paths, cfg, begun=begun)
    from rich.progress import Progress

    prog = Progress(transient=True, console=_console(sys.stderr, COLOR[color]))
    task = prog.add_task("analysing", total=None)

    def progress(engine, done, total):
        prog.update(task, total=total, completed=done, description=f"{engine}: {done}/{total} files")

    with prog:
        return audit(paths, cfg, progress=progress, begun=begun)


def _report(result, cfg, fmt: str, options: ReportOptions) -> int:
    """Write the report, then say the gate's decision (in the terminal report itself when it
    goes to standard output, else on standard error) and return the exit code."""
    from dataclasses import replace

    from .gate import gate

    code, reason = gate(result, cfg)
    to_terminal = fmt == "rich" and options.output is None
    text = render_report(fmt, result, replace(options, gate=(code, reason)) if to_terminal else options)
    if text is not None:
        if options.output is not None:
            options.output.parent.mkdir(parents=True, exist_ok=True)
            options.output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=not text.endswith("\n"))
    if not to_terminal:
        click.echo(f"mcpaudit: {reason} (exit {code})", err=True)
    return code


@main.command("rules")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=None, help="Only this engine's rules.")
@click.option("--format", "-f", "fmt", type=click.Choice(["rich", "json"]), default="rich", show_default=True)
@_color_option
def rules_cmd(engine, fmt, color):
    """List every rule of every engine (id, engine, severity, CWE, tags, summary) and the tags
    --select and --ignore accept."""
    from .catalog import catalog  # (api.all_rule_metas without the scan pipeline's imports)
    from .info import print_rules, rules_json

    metas, errors = catalog().rule_metas([engine] if engine else list(ENGINES))
    if fmt == "json":
        click.echo(rules_json(metas))
    else:
        print_rules(metas, _console(color=COLOR[color]))
    for e in errors:
        click.echo(f"mcpaudit: {e.engine}: {e.message}", err=True)
    sys.exit(2 if errors else 0)


@main.command()
@click.argument("rule_id", metavar="ID")
@_color_option
def explain(rule_id, color):
    """Explain ID: a rule (its documentation and examples), a checklist document (its items and
    scoring formula) or a checklist item such as 000-T1 (its text, the document's title, section
    and link, and how it is decided)."""
    from .info import explain as explain_id

    if not explain_id(rule_id, _console(color=COLOR[color])):
        sys.exit(2)


@main.group()
def baseline():
    """Record current findings so later scans report only new ones."""


@baseline.command("write")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path(".mcpaudit-baseline.json"),
              show_default=True, help="Baseline file to write.")
@_common_scan_options
def baseline_write(paths, output, engines, config_file, min_confidence, checklists, select, ignore, jobs, no_ignores,
                   include_tests, no_cache, cache_dir, no_first_pass):
    """Scan PATHS and record every finding in a baseline file."""
    from .api import audit
    from .baseline import write_baseline

    paths = paths or (Path("."),)
    cfg = _load(paths, config_file, engines=engines, min_confidence=min_confidence, checklists=checklists,
                select=select, ignore=ignore, jobs=jobs, no_ignores=no_ignores or None,
                include_tests=include_tests or None,
                cache=False if no_cache else None, cache_dir=cache_dir,
                first_pass=False if no_first_pass else None)
    cfg.baseline = None
    result = audit(list(paths), cfg)
    write_baseline(result.findings, output, __version__)
    fatal = [e for e in result.errors if e.fatal]
    click.echo(f"mcpaudit: wrote {len(result.findings)} finding(s) to {output}", err=True)
    for e in fatal:
        click.echo(f"mcpaudit: {e.engine}: {e.message}", err=True)
    sys.exit(2 if fatal else 0)


if __name__ == "__main__":  # pragma: no cover
    from mcpaudit.quick import run

    run(main)  # leaves without the interpreter's teardown once the report is out (mcpaudit.quick.leave)
