"""The command line: `leadlint check`, `leadlint rules`, `leadlint rule CODE`.

Exit status: 0 when nothing is at or above ``--fail-on``, 1 when something is, 2 for a
usage or configuration error.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, apply_cli_overrides, find_config, load_config
from .registry import RegistryError, Registry, reporters
from .rule import SEVERITIES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"leadlint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load_config(config_path: Path | None):
    path = config_path or find_config(Path.cwd())
    try:
        return load_config(path)
    except (ConfigError, RegistryError) as error:
        _fail(str(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leadlint")
def main() -> None:
    """SEO and content-quality linter for Jekyll blog archives."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--site-root", type=click.Path(file_okay=False, path_type=Path),
              help="The Jekyll site's root (default: the nearest folder with _config.yml).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: .leadlint.toml or pyproject.toml found upward).")
@click.option("--select", multiple=True, help="Only these codes, families or rule names (comma-separated).")
@click.option("--extend-select", multiple=True, help="Also these codes or families.")
@click.option("--ignore", multiple=True, help="Not these codes or families.")
@click.option("--format", "output_format", default="text", show_default=True,
              help="Output format: text, json, sarif or github.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that fails the run [error].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (for audits).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Result cache folder (default: .leadlint_cache at the site root).")
@click.option("--statistics", is_flag=True, help="Also print counts per rule.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record the current findings in this baseline file.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("--online", type=click.Choice(["images", "links"]), is_flag=False, flag_value="images", default=None,
              help="Also request external URLs: image URLs (--online), links too (--online=links).")
@click.option("--fix", "fix", is_flag=True, help="Apply the fixes that have one right answer; report what remains.")
@click.option("--diff", is_flag=True,
              help="Print the changes --fix would make as a unified diff and write nothing (exit 1 if any).")
def check(paths, site_root, config_path, select, extend_select, ignore, output_format, output, fail_on,
          exit_zero, jobs, no_cache, cache_dir, statistics, baseline, write_baseline, color, online, fix, diff):
    """Lint posts: PATHS are files or folders (default: the site's _posts and _drafts)."""
    from .baseline import BaselineError

    config = _prepare(config_path, select, extend_select, ignore, paths)
    if online:  # the rules marked as needing the network, as if added with --extend-select
        from .online import rules_for

        config.extend_select += rules_for(config.registry, online)
    if fail_on:
        config.fail_on = fail_on
    formats = reporters()
    if output_format not in formats:
        _fail(f"unknown format {output_format!r}; choose one of {', '.join(sorted(formats))}")
    run = _run(config, paths, site_root, jobs, no_cache, cache_dir)
    if diff:
        sys.exit(_show_diff(run))
    if fix:
        run.fix(write=True)
    # the report is written while the files are linted, except where progress is shown on
    # the terminal the report goes to; plain text (not coloured) is rendered by the workers
    to_terminal = output is None and sys.stdout.isatty()
    colored = not output and ((to_terminal and "NO_COLOR" not in os.environ) if color is None else color)
    reporter = formats[output_format].load()
    try:
        report = run.report(statistics=statistics, baseline=baseline, write_baseline_to=write_baseline,
                            stream=not (run.progress and to_terminal),
                            render=None if colored else getattr(reporter, "render_file", None))
    except BaselineError as error:
        _fail(str(error))
    if write_baseline:
        click.echo(f"leadlint: recorded {len(report.findings) + len(report.baseline_matched):,} finding(s) "
                   f"in {write_baseline}", err=True)
    report.color = colored
    if output:
        _write_atomically(output, lambda stream: reporter.write(report, stream))
    else:
        reporter.write(report, click.get_text_stream("stdout"))
    report.finish()
    if fix:
        _fix_summary(run.fixes, to_stdout=output_format == "text" and not output)
    sys.exit(EXIT_CLEAN if exit_zero or not report.fails() else EXIT_FINDINGS)


#: a report file is written 1 MB at a time (an archive's JSON report is ~70 MB: ~70 writes, not ~9,000)
_REPORT_BUFFER = 1 << 20


def _write_atomically(path: Path, write) -> None:
    """Write the report to ``path`` through a temporary file beside it: a run that fails half
    way (the report is written while the files are linted) leaves the old report, not half a
    new one.  A path that is no regular file (``/dev/null``, a pipe) is written directly."""
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8", newline="\n", buffering=_REPORT_BUFFER) as stream:
            write(stream)
        return
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=_REPORT_BUFFER) as stream:
            write(stream)
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _show_diff(run) -> int:
    """``--diff``: the unified diff of what ``--fix`` would change; exit 1 when there is any."""
    from .reporters import plural

    changed = [f for f in run.fix(write=False) if f.changed]
    stream = click.get_text_stream("stdout")
    for fixed in changed:
        stream.write(fixed.diff())
    count = sum(len(f.fixed) for f in changed)
    click.echo(f"leadlint: --fix would fix {plural(count, 'finding')} in {plural(len(changed), 'file')}", err=True)
    return EXIT_FINDINGS if changed else EXIT_CLEAN


def _fix_summary(fixes, to_stdout: bool) -> None:
    from .reporters import plural

    written = [f for f in fixes if f.changed and f.problem is None]
    for f in fixes:
        if f.problem:
            click.echo(f"leadlint: {f.display_path}: {f.problem}", err=True)
    line = f"Fixed {plural(sum(len(f.fixed) for f in written), 'finding')} in {plural(len(written), 'file')}."
    left = sum(f.unapplied for f in fixes)
    if left:
        line += f" {left:,} fix{'' if left == 1 else 'es'} overlapped another; run --fix again."
    click.echo(line if to_stdout else f"leadlint: {line}", err=not to_stdout)


def _prepare(config_path, select, extend_select, ignore, paths):
    config = _load_config(config_path)
    try:
        apply_cli_overrides(config, select, extend_select, ignore)
    except ConfigError as error:
        _fail(str(error))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    return config


def _run(config, paths, site_root, jobs, no_cache, cache_dir):
    from .run import Run, progress_wanted

    return Run(config, paths=list(paths), site_root=site_root, jobs=jobs, cache_dir=cache_dir,
               use_cache=not no_cache, progress=progress_wanted())


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--site-root", type=click.Path(file_okay=False, path_type=Path), help="The Jekyll site's root.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file.")
@click.option("--select", multiple=True, help="Only these codes, families or rule names.")
@click.option("--extend-select", multiple=True, help="Also these codes or families.")
@click.option("--ignore", multiple=True, help="Not these codes or families.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a self-contained HTML report with charts to this file.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many posts to list.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Result cache folder.")
def audit(paths, site_root, config_path, select, extend_select, ignore, html_path, top, jobs, no_cache, cache_dir):
    """Summarise an archive: findings by family and rule, the posts with the most, counts by
    month, and the share of clean posts.  Always exits 0 unless the configuration is wrong."""
    from .audit import Audit, write_html, write_text

    config = _prepare(config_path, select, extend_select, ignore, paths)
    run = _run(config, paths, site_root, jobs, no_cache, cache_dir)
    summary = Audit.from_run(run, top=top)
    write_text(summary, click.get_text_stream("stdout"), color=sys.stdout.isatty())
    if html_path:
        write_html(summary, html_path)
        click.echo(f"leadlint: wrote {html_path}", err=True)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="Also list rules that are off by default.")
def list_rules(config_path, show_all):
    """List every rule: code, name, default severity, summary."""
    config = _load_config(config_path)
    enabled = {r.code for r in config.enabled_rules()}
    for rule in config.registry.rules.values():
        if not show_all and not rule.enabled and rule.code not in enabled:
            continue
        mark = " " if rule.code in enabled else "-"
        click.echo(f"{mark} {rule.code:<7} {rule.name:<34} {rule.severity:<8} {rule.summary}")


@main.command("rule")
@click.argument("code")
def show_rule(code):
    """Print a rule's documentation (by code or name)."""
    from .docs import render_rule

    try:
        registry = Registry.load()
    except RegistryError as error:
        _fail(str(error))
    found = registry.rules.get(code.upper()) or registry.by_name.get(code)
    if found is None:
        _fail(f"no rule {code!r}; `leadlint rules` lists them")
    click.echo(render_rule(found))
