"""The result cache: reused when nothing changed, never stale, safe when torn or shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import working_directory, write_site

import leadlint
from leadlint.config import load_config
from leadlint.run import Run

PROBE = Path(__file__).parent / "plugin_example" / "leadlint_site_probe.py"
POST = "---\ntitle: {title}\n---\n\nText.\n"


@pytest.fixture
def site(tmp_path):
    write_site(tmp_path, {f"_posts/2025-01-{d:02d}-p.md": POST.format(title=d) for d in range(1, 6)})
    (tmp_path / "leadlint_site_probe.py").write_text(PROBE.read_text())
    (tmp_path / ".leadlint.toml").write_text('plugins = ["leadlint_site_probe"]\nselect = ["PRB100", "LL"]\n')
    return tmp_path


def lint(root: Path, jobs: int = 1):
    with working_directory(root):
        run = Run(load_config(root / ".leadlint.toml"), [], jobs=jobs)
        findings = run.report().findings
        return [(f.path, f.code, f.message) for f in findings], run.linter.cache.hits


def test_second_run_is_served_from_the_cache(site):
    first, hits = lint(site)
    assert hits == 0 and len(first) == 5
    second, hits = lint(site)
    assert second == first and hits == 5
    assert (site / ".leadlint_cache" / ".gitignore").read_text().strip().endswith("*")


def test_changed_post_is_linted_again(site):
    lint(site)
    (site / "_posts/2025-01-03-p.md").write_text("---\ntitle: [broken\n---\n")
    findings, hits = lint(site)
    assert ("_posts/2025-01-03-p.md", "LL007") in {(p, c) for p, c, _ in findings}
    assert hits == 4


def test_changed_rule_option_is_never_served_stale(site):
    lint(site)
    (site / ".leadlint.toml").write_text('plugins = ["leadlint_site_probe"]\nselect = ["PRB100", "LL"]\n'
                                         '[rules.PRB100]\nlabel = "articles"\n')
    findings, hits = lint(site)
    assert hits == 0 and all("5 articles" in m for _, _, m in findings)


def test_new_leadlint_version_is_never_served_stale(site, monkeypatch):
    lint(site)
    monkeypatch.setattr(leadlint.cache, "__version__", "99.0")
    _, hits = lint(site)
    assert hits == 0


def test_site_index_change_invalidates_results_that_read_it(site):
    lint(site)
    (site / "_posts/2025-02-01-new.md").write_text(POST.format(title="new"))
    findings, _ = lint(site)
    assert {m.split(";")[0] for _, _, m in findings} == {"6 posts"}


def test_torn_cache_file_is_ignored(site):
    lint(site)
    [cache_file] = (site / ".leadlint_cache").glob("results-*.pickle")
    cache_file.write_bytes(cache_file.read_bytes()[: 40])
    findings, hits = lint(site)
    assert hits == 0 and len(findings) == 5
    garbage = b"not a pickle at all"
    cache_file.write_bytes(garbage)
    assert lint(site)[1] == 0


def test_parallel_runs_share_the_cache_safely(site):
    command = [sys.executable, "-m", "leadlint", "check", "--format", "json", "--jobs", "2"]
    runs = [subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [o[1] for o in outputs]
    assert len({o[0] for o in outputs}) == 1
    assert lint(site)[1] == 5


def test_no_cache_writes_nothing(site):
    subprocess.run([sys.executable, "-m", "leadlint", "check", "--no-cache"], cwd=site, capture_output=True)
    assert not (site / ".leadlint_cache").exists()


def test_cache_dir_option(site, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("cache")
    subprocess.run([sys.executable, "-m", "leadlint", "check", "--cache-dir", str(elsewhere)], cwd=site,
                   capture_output=True)
    assert list(elsewhere.glob("results-*.pickle")) and not (site / ".leadlint_cache").exists()


def test_warm_parallel_run_is_served_by_the_parent(site, monkeypatch):
    first, _ = lint(site, jobs=2)
    from leadlint import engine

    def no_pool(*args, **kwargs):
        raise AssertionError("a fully cached run must not start workers")

    monkeypatch.setattr(engine, "_fork_pool", no_pool)
    second, hits = lint(site, jobs=2)
    assert second == first and hits == 5


def test_a_first_parallel_run_reads_each_file_once_in_the_workers(site, monkeypatch):
    """With nothing cached, the parent does not read and hash every file before the workers
    read them again (that was half a second of serial work on a 10,000-post archive)."""
    from leadlint import engine

    log = site / "digests.log"
    digest = engine.file_digest

    def logged(data: bytes) -> str:
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return digest(data)

    monkeypatch.setattr(engine, "file_digest", logged)
    first, hits = lint(site, jobs=2)
    readers = log.read_text(encoding="utf-8").split()
    assert hits == 0 and len(readers) == 5 and str(os.getpid()) not in readers
    assert lint(site, jobs=2) == (first, 5)


def test_config_yml_change_invalidates_every_result(site):
    lint(site)
    (site / "_config.yml").write_text("title: changed\nurl: https://changed.example\n")
    _, hits = lint(site)
    assert hits == 0


def test_custom_schema_file_change_invalidates(site):
    schema = site / "my-schema.json"
    schema.write_text('{"type": "object"}')
    toml = ('plugins = ["leadlint_site_probe"]\nselect = ["PRB100", "LL"]\n'
            '[rules.PRB100]\nlabel = "my-schema.json"\n')
    (site / ".leadlint.toml").write_text(toml)
    lint(site)
    assert lint(site)[1] == 5
    schema.write_text('{"type": "object", "required": ["x"]}')
    assert lint(site)[1] == 0


def _age(path: Path, seconds: float = 3600) -> None:
    """Make a file look last modified ``seconds`` ago."""
    import os
    import time

    moment = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(moment, moment))


def _count_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    original = Path.read_bytes

    def counting(self):
        if self.suffix == ".md":
            reads.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def test_unchanged_old_files_are_not_read_again(site, monkeypatch):
    for post in (site / "_posts").iterdir():
        _age(post)
    first, _ = lint(site)
    reads = _count_reads(monkeypatch)
    second, hits = lint(site)
    assert second == first and hits == 5
    assert reads == []  # size, mtime and inode vouched for every file


def test_file_read_in_the_instant_it_was_written_is_hashed_next_time(site, monkeypatch):
    """"Racily clean": an edit in the same clock tick as the read keeps size and mtime, so a
    fresh file's stat is not trusted and the next run compares its bytes."""
    import os

    post = site / "_posts/2025-01-03-p.md"
    lint(site)  # every file was written a moment ago: no stat is trusted yet
    before = os.stat(post)
    post.write_text(POST.format(title="["))  # broken YAML of the same size
    assert os.stat(post).st_size == before.st_size
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    findings, hits = lint(site)
    assert ("_posts/2025-01-03-p.md", "LL007") in {(p, c) for p, c, _ in findings}
    assert hits == 4


def test_stat_becomes_trusted_once_the_file_is_old(site, monkeypatch):
    lint(site)  # fresh files: results cached, stats not trusted
    for post in (site / "_posts").iterdir():
        _age(post)
    _, hits = lint(site)  # read and hashed, found unchanged: the stats are remembered
    assert hits == 5
    reads = _count_reads(monkeypatch)
    _, hits = lint(site)
    assert hits == 5 and reads == []


def test_edit_of_an_old_file_changes_its_stat_and_is_linted_again(site):
    for post in (site / "_posts").iterdir():
        _age(post)
    lint(site)
    (site / "_posts/2025-01-02-p.md").write_text("---\ntitle: [broken\n---\n")
    findings, hits = lint(site)
    assert ("_posts/2025-01-02-p.md", "LL007") in {(p, c) for p, c, _ in findings}
    assert hits == 4


def test_a_first_parallel_run_keeps_the_bytes_the_workers_made(site):
    """The cache stores each result pickled; a worker pickles it once, and the parent keeps
    those bytes (it holds bytes, not findings) and, with the report rendered by the workers,
    never unpickles the findings at all."""
    import pickle

    from leadlint.reporters import json as json_reporter, render_in_worker

    with working_directory(site):
        run = Run(load_config(site / ".leadlint.toml"), [], jobs=2)
        run.linter.finish_in_worker = render_in_worker(json_reporter.render_file)
        results = list(run.stream())
    assert all(r.rendered is not None and r.findings == [] for r in results) and len(results) == 5
    entries = run.linter.cache.entries
    assert len(entries) == 5 and all(type(entry.result) is bytes for entry in entries.values())
    stored = [pickle.loads(entries[r.path].result) for r in results]
    assert [json_reporter.render_file(r.findings) for r in stored] == [r.rendered.data for r in results]
    again, hits = lint(site, jobs=2)
    assert hits == 5 and len(again) == 5


def _cli(site: Path, cache: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "leadlint", "check", "--jobs", "1", "--cache-dir", str(cache),
                             "--select", "REF", "--format", "json"], cwd=site, capture_output=True, text=True)
    import json

    return sorted((f["path"], f["code"], f["message"]) for f in json.loads(result.stdout)["findings"])


def _later(path: Path, text: str) -> None:
    """Write ``text`` so that the cache does not trust the file's old stat (a new mtime)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 5_000_000_000, before + 5_000_000_000))


def test_a_name_resolved_for_an_earlier_post_still_ties_a_later_one_to_its_target(tmp_path):
    """Two posts link the same post: the second is resolved from the run's memo, and its cached
    result must still depend on the target's state (it was served stale: only the first post
    reported the target unpublished)."""
    link = "---\ntitle: a post about {n}\n---\nsee {{% post_url 2024-05-02-x %}}\n"
    site = write_site(tmp_path / "site", {"_posts/2024-05-01-a.md": link.format(n="a"),
                                          "_posts/2024-05-03-b.md": link.format(n="b"),
                                          "_posts/2024-05-02-x.md": "---\ntitle: the post x\n---\nbody\n"})
    cache = tmp_path / "cache"
    assert _cli(site, cache) == []
    _later(site / "_posts/2024-05-02-x.md", "---\ntitle: the post x\npublished: false\n---\nbody\n")
    fresh = _cli(site, tmp_path / "fresh")
    assert [(p, c) for p, c, _ in fresh] == [("_posts/2024-05-01-a.md", "REF004"), ("_posts/2024-05-03-b.md", "REF004")]
    assert _cli(site, cache) == fresh


def test_a_suggestion_from_the_kept_index_ties_the_result_to_the_index(tmp_path):
    """A name that does not parse gets a "did you mean" from the resolver's index, built for an
    earlier post: the result must still depend on the index, so a post added later is offered."""
    site = write_site(tmp_path / "site", {
        "_posts/2024-05-01-a.md": "---\ntitle: first post\n---\nsee {% post_url hello-world %}\n",
        "_posts/2024-05-03-b.md": "---\ntitle: second post\n---\nsee {% post_url goodbye-moon %}\n"})
    cache = tmp_path / "cache"
    before = _cli(site, cache)
    assert len(before) == 2 and not any("did you mean" in m for _, _, m in before)
    (site / "_posts/2024-04-01-goodbye-moon.md").write_text("---\ntitle: the moon\n---\nbody\n", encoding="utf-8")
    fresh = _cli(site, tmp_path / "fresh")
    assert any("did you mean `2024-04-01-goodbye-moon`" in m for _, _, m in fresh)
    assert _cli(site, cache) == fresh
