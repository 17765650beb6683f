"""The ``mcpaudit`` command line.

Exit codes: 0 the gate passed; 1 the gate failed (findings at or above ``--fail-on``, or a score
below ``--min-score``); 2 usage, config or engine error. Output files are written before the
gate decides.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Tuple

import click

from . import __version__
from .config import ConfigError, apply_cli, load_config
from .engines import ENGINES
from .reporters import REPORTERS, ReportOptions
from .reporters import render as render_report

FAIL_ON = ("info", "low", "medium", "high", "critical", "never")


def _console(file=None):
    from .reporters.rich import console

    return console(file)


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
      mcpaudit scan . --format sarif -o mcpaudit.sarif
      mcpaudit scan . --format json --fail-on never
      mcpaudit rules                          every rule of every engine
      mcpaudit explain tool-shell-injection   a rule's documentation and examples

    Exit codes: 0 gate passed, 1 gate failed, 2 usage, config or engine error.
    """


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
        click.option("--select", default=None, metavar="IDS", help="Only these rule ids or tags (comma-separated)."),
        click.option("--ignore", default=None, metavar="IDS", help="Skip these rule ids or tags (comma-separated)."),
        click.option("--jobs", "-j", type=int, default=None, help="Worker processes for the cst engine (default: one per core)."),
        click.option("--no-ignores", is_flag=True, default=False,
                     help="Report findings even where an inline '# mcpaudit: ignore[...]' suppresses them."),
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
    cfg = load_config(list(paths) or [Path(".")], config_file)
    overrides = {k: v for k, v in cli.items() if v is not None and v != ()}
    if "checklists" in overrides:
        overrides["checklists"] = list(overrides["checklists"])
    return apply_cli(cfg, **overrides)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(list(REPORTERS)), default="rich", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Fail (exit 1) on findings at or above this severity [default: high].")
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
@_common_scan_options
def scan(paths, fmt, output, fail_on, min_score, baseline, diff_base, show_suppressed, scan_timeout, engines,
         config_file, min_confidence, checklists, select, ignore, jobs, no_ignores, no_cache, cache_dir,
         no_first_pass):
    """Scan PATHS (files or directories; default '.') and report.

    The terminal report opens with a scorecard per checklist document, then lists findings by
    severity with code frames, the tool and parameter involved, and the taint flow.
    """
    from .api import audit, gate

    paths = paths or (Path("."),)
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise click.BadParameter(f"{p} does not exist", param_hint="PATHS")
    cfg = _load(paths, config_file, engines=engines, min_confidence=min_confidence,
                checklists=checklists, select=select, ignore=ignore, jobs=jobs,
                no_ignores=no_ignores or None, fail_on=fail_on, min_score=min_score,
                baseline=baseline, diff_base=diff_base, cache=False if no_cache else None,
                cache_dir=cache_dir, scan_timeout=scan_timeout, first_pass=False if no_first_pass else None)
    progress = None
    show_progress = fmt == "rich" and output is None and sys.stdout.isatty()
    if show_progress:
        from rich.progress import Progress

        prog = Progress(transient=True, console=_console(sys.stderr))
        task = prog.add_task("analysing", total=None)
        prog.start()

        def progress(engine, done, total):
            prog.update(task, total=total, completed=done, description=f"{engine}: {done}/{total} files")
    try:
        result = audit(list(paths), cfg, progress=progress)
    finally:
        if show_progress:
            prog.stop()
    text = render_report(fmt, result, ReportOptions(show_suppressed=show_suppressed, output=output))
    if text is not None:
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=not text.endswith("\n"))
    code, reason = gate(result, cfg)
    if fmt != "rich" or output is not None:
        click.echo(f"mcpaudit: {reason} (exit {code})", err=True)
    sys.exit(code)


@main.command("rules")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=None, help="Only this engine's rules.")
@click.option("--format", "-f", "fmt", type=click.Choice(["rich", "json"]), default="rich", show_default=True)
def rules_cmd(engine, fmt):
    """List every rule of every engine: id, engine, severity, CWE and summary."""
    from .api import all_rule_metas

    metas, errors = all_rule_metas([engine] if engine else list(ENGINES))
    if fmt == "json":
        import json
        click.echo(json.dumps([{"id": m.id, "engine": m.engine, "severity": m.severity.label,
                                "confidence": m.confidence.label, "cwe": m.cwe, "summary": m.summary}
                               for m in metas], indent=2))
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"mcpaudit {__version__} rules", show_lines=False)
        for col in ("id", "engine", "severity", "CWE", "summary"):
            table.add_column(col, overflow="fold")
        for m in metas:
            table.add_row(Text(m.id), Text(m.engine), Text(m.severity.label), Text(", ".join(m.cwe)), Text(m.summary))
        _console().print(table)
    for e in errors:
        click.echo(f"mcpaudit: {e.engine}: {e.message}", err=True)
    sys.exit(2 if errors else 0)


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Print the documentation and examples of RULE_ID, or explain a checklist document and its
    scoring formula."""
    from rich.markdown import Markdown
    from rich.syntax import Syntax
    from rich.text import Text

    from .api import all_rule_metas

    console = _console()
    metas, _ = all_rule_metas(list(ENGINES))
    meta = next((m for m in metas if m.id == rule_id or m.id.lower() == rule_id.lower()), None)
    if meta is None:
        try:
            from .checklists import explain_checklist, list_checklist_ids
            if rule_id in list_checklist_ids() or any(rule_id in c for c in list_checklist_ids()):
                click.echo(explain_checklist(rule_id))
                return
        except Exception:
            pass
        close = [m.id for m in metas if rule_id.lower() in m.id.lower()][:8]
        hint = f" Did you mean: {', '.join(close)}?" if close else " Run 'mcpaudit rules' for the list."
        click.echo(f"mcpaudit: unknown rule or checklist {rule_id!r}.{hint}", err=True)
        sys.exit(2)
    console.print(Text(f"{meta.id}  ({meta.engine})", style="bold"))
    console.print(Text(f"{meta.summary}"))
    console.print(Text(f"severity {meta.severity.label} · confidence {meta.confidence.label} · {', '.join(meta.cwe) or 'no CWE'}"))
    if meta.description:
        console.print(Markdown(meta.description))
    if meta.fix:
        console.print(Text("Fix: " + meta.fix, style="green"))
    for title, examples in (("Flagged", meta.invalid), ("Not flagged", meta.valid)):
        for ex in examples:
            where = f" (line {', '.join(map(str, ex.lines))})" if ex.lines else ""
            console.print(Text(f"\n{title}{where}:", style="bold"))
            console.print(Syntax(ex.code, "python", line_numbers=True, highlight_lines=set(ex.lines)))


@main.group()
def baseline():
    """Record current findings so later scans report only new ones."""


@baseline.command("write")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path(".mcpaudit-baseline.json"),
              show_default=True, help="Baseline file to write.")
@_common_scan_options
def baseline_write(paths, output, engines, config_file, min_confidence, checklists, select, ignore, jobs, no_ignores,
                   no_cache, cache_dir, no_first_pass):
    """Scan PATHS and record every finding in a baseline file."""
    from .api import audit
    from .baseline import write_baseline

    paths = paths or (Path("."),)
    cfg = _load(paths, config_file, engines=engines, min_confidence=min_confidence, checklists=checklists,
                select=select, ignore=ignore, jobs=jobs, no_ignores=no_ignores or None,
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
    main()
