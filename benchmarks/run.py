#!/usr/bin/env python3
"""Time leadlint against the floor and its peers on one generated archive, side by side.

    python benchmarks/run.py [--posts 10000] [--archive DIR] [--jobs 2] [--json FILE]

Generates the archive if it is missing (cached in benchmarks/.archive-N/), then runs, one after the
other and each in its own process: the floor (benchmarks/floor.py), leadlint cold (--no-cache), leadlint
warm (a priming run with --cache-dir, then the timed run with the same cache), leadlint on one post of
the archive (the pre-commit case, five runs, median), rumdl and markdownlint-cli2. It prints a table of
wall time, CPU time and peak memory, the ratios, and MET / NOT MET for each of leadlint's targets
(see DESIGN.md, "Speed, measured"). A step that fails is reported with the tail of its output and the
others go on; a peer that is not installed is skipped with the reason.

Memory: "peak MB" is the larger of the biggest single process's maximum RSS (what `/usr/bin/time -v`
reports: the child's rusage from wait4) and the peak of the proportional set size (PSS) summed over the
whole process tree, sampled every 50 ms from /proc. The tree sum is what counts for a run with worker
processes: a single-process maximum would report one worker, not the run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate_archive  # noqa: E402

ONE_POST_RUNS = 5
TAIL_LINES = 15

# the targets, from DESIGN.md "Speed, measured"
COLD_VS_FLOOR_MAX = 6.0
WARM_VS_FLOOR_MAX = 1.5
MARKDOWNLINT_VS_COLD_MIN = 10.0
PEAK_MB_MAX = 300.0
ONE_POST_S_MAX = 0.35


# ---------------------------------------------------------------- measuring one process tree

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Peak RSS and PSS summed over a process and all its descendants, polled from /proc."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss_kb = self.peak_pss_kb = self.max_procs = 0
        self.available = os.path.exists("/proc/self/smaps_rollup")
        self._done = threading.Event()

    def sample(self) -> None:
        children = _children_map()
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        rss = pss = 0
        for pid in tree:
            r, p = _rss_pss_kb(pid)
            rss, pss = rss + r, pss + p
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.max_procs = max(self.max_procs, len(tree))

    def run(self) -> None:
        if not self.available:
            return
        while True:
            self.sample()
            if self._done.wait(self.interval):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


def run_measured(cmd: list[str], cwd: str, timeout: float, ok_codes=(0,)) -> dict:
    """Run cmd once; return wall/CPU time, memory, exit code and the tail of its output."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
    except OSError as e:
        return {"status": "failed", "reason": f"could not start {cmd[0]}: {e}", "cmd": cmd}
    sampler = TreeSampler(proc.pid)
    sampler.start()
    waited: dict = {}

    def wait() -> None:  # wait4 gives the child's own rusage, as /usr/bin/time does
        _, waited["status"], waited["usage"] = os.wait4(proc.pid, 0)
        waited["ended"] = time.perf_counter()

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(timeout)
    timed_out = waiter.is_alive()
    if timed_out:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the session started for this command, nothing else
        except ProcessLookupError:
            pass
        waiter.join()
    status, usage, wall = waited["status"], waited["usage"], waited["ended"] - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    out.close()
    err.close()
    max_rss_mb = usage.ru_maxrss / 1024
    tree_pss_mb = sampler.peak_pss_kb / 1024
    result = {
        "cmd": cmd,
        "cwd": cwd,
        "exit_code": proc.returncode,
        "wall_s": round(wall, 4),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "max_rss_mb": round(max_rss_mb, 1),
        "tree_rss_mb": round(sampler.peak_rss_kb / 1024, 1),
        "tree_pss_mb": round(tree_pss_mb, 1),
        "peak_mb": round(max(max_rss_mb, tree_pss_mb), 1),
        "processes": sampler.max_procs,
        "stdout": stdout,
        "stderr": stderr,
    }
    if timed_out:
        result.update(status="failed", reason=f"timed out after {timeout:.0f} s")
    elif proc.returncode not in ok_codes:
        result.update(status="failed", reason=f"exit code {proc.returncode}")
    else:
        result["status"] = "ok"
    if result["status"] != "ok":
        tail = (stderr.strip() or stdout.strip()).splitlines()[-TAIL_LINES:]
        result["output_tail"] = tail
    return result


def run_repeated(cmd, cwd, timeout, repeat, ok_codes=(0,)) -> dict:
    runs = []
    for _ in range(repeat):
        r = run_measured(cmd, cwd, timeout, ok_codes)
        runs.append(r)
        if r["status"] != "ok":
            return r
    best = dict(runs[0])
    if repeat > 1:
        best["wall_s"] = round(statistics.median(r["wall_s"] for r in runs), 4)
        best["cpu_s"] = round(statistics.median(r["cpu_s"] for r in runs), 3)
        for key in ("max_rss_mb", "tree_rss_mb", "tree_pss_mb", "peak_mb"):
            best[key] = max(r[key] for r in runs)
        best["walls_s"] = [r["wall_s"] for r in runs]
    return best


def peer_counts(r: dict, files_re: str, findings_re: str) -> dict:
    """What a peer says it linted, so a reader can see it read every post."""
    if r["status"] == "ok":
        text = r.get("stdout", "") + "\n" + r.get("stderr", "")
        for key, pattern in (("files", files_re), ("findings", findings_re)):
            m = re.search(pattern, text)
            if m:
                r[key] = int(m.group(1))
    return r


def skipped(reason: str) -> dict:
    return {"status": "skipped", "reason": reason}


# ---------------------------------------------------------------- the tools

def compile_leadlint() -> None:
    """Write leadlint's bytecode, as an installed package has it: with PYTHONDONTWRITEBYTECODE set
    (some CI images set it) an editable checkout would otherwise be compiled again in every run,
    which the one-post step would time."""
    find = "import os, leadlint, leadlint.rules as r; print(os.path.dirname(leadlint.__file__)); print(r.__path__[0])"
    found = subprocess.run([sys.executable, "-c", find], capture_output=True, text=True)
    folders = found.stdout.split() if found.returncode == 0 else []
    if folders:
        subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], capture_output=True)


def leadlint_command() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "leadlint")
    if os.path.isfile(script) and os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-m", "leadlint"]


def rumdl_command() -> tuple[list[str] | None, str]:
    exe = shutil.which("rumdl", path=os.path.dirname(sys.executable)) or shutil.which("rumdl")
    if not exe:
        return None, f"rumdl is not installed (pip install rumdl into {sys.prefix})"
    return [exe], ""


def markdownlint_command() -> tuple[list[str] | None, str]:
    exe = os.path.join(HERE, "node_modules", ".bin", "markdownlint-cli2")
    if not shutil.which("node"):
        return None, "node is not installed (markdownlint-cli2 needs node >= 20)"
    if not os.path.exists(exe):
        return None, "markdownlint-cli2 is not installed (npm ci --prefix benchmarks)"
    return [exe], ""


def version_of(cmd: list[str]) -> str | None:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (p.stdout.strip() or p.stderr.strip()).splitlines()
    return text[0] if p.returncode == 0 and text else None


def install_peers() -> None:
    print("installing peers: rumdl (pip) and markdownlint-cli2 (npm, into benchmarks/node_modules)")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r",
                    os.path.join(HERE, "requirements-peers.txt")], check=False)
    if shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", HERE], check=False)
    else:
        print("  npm not found: markdownlint-cli2 will be skipped")


# ---------------------------------------------------------------- the archive

def ensure_archive(args) -> tuple[str, dict | None]:
    if args.archive:
        site = os.path.abspath(args.archive)
        if os.path.isdir(os.path.join(site, "_posts")):
            return site, read_manifest(site)
    else:
        name = f".archive-{args.posts}" + (f"-s{args.seed}" if args.seed != 1 else "")
        site = os.path.join(HERE, name)
        manifest = read_manifest(site)
        if manifest and manifest.get("generator_version") == generate_archive.GENERATOR_VERSION \
                and manifest.get("posts") == args.posts and manifest.get("seed") == args.seed:
            return site, manifest
    print(f"generating {args.posts:,} posts into {site} ...", flush=True)
    started = time.perf_counter()
    tmp = site + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    generate_archive.generate(tmp, args.posts, args.seed, quiet=True)
    if os.path.exists(site):
        # only ever a cached archive of ours, or a directory the user named that has no _posts
        for name in ("_posts", "_config.yml", generate_archive.MANIFEST):
            path = os.path.join(site, name)
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif os.path.exists(path):
                os.remove(path)
        for name in os.listdir(tmp):
            os.rename(os.path.join(tmp, name), os.path.join(site, name))
        os.rmdir(tmp)
    else:
        os.rename(tmp, site)
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return site, read_manifest(site)


def read_manifest(site: str) -> dict | None:
    try:
        with open(os.path.join(site, generate_archive.MANIFEST), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def warm_page_cache(site: str) -> tuple[int, int]:
    """Read every post once, untimed, so no timed step pays for the first read from disk."""
    import floor
    posts = size = 0
    for path in floor.post_files(site):
        with open(path, "rb") as f:
            size += len(f.read())
        posts += 1
    return posts, size


def pick_one_post(site: str, manifest: dict | None) -> str | None:
    if manifest and manifest.get("one_post") and os.path.exists(os.path.join(site, manifest["one_post"])):
        return manifest["one_post"]
    import floor
    for path in floor.post_files(site):
        return os.path.relpath(path, site)
    return None


# ---------------------------------------------------------------- the run

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=10000, help="posts in the generated archive (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--archive", metavar="DIR",
                    help="site to lint (generated there if it has no _posts); default benchmarks/.archive-N")
    ap.add_argument("--jobs", type=int, default=2, help="leadlint --jobs (default 2)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each whole-archive step, median reported (default 1)")
    ap.add_argument("--only", metavar="STEPS",
                    help="comma-separated subset of: floor,cold,warm,one,rumdl,markdownlint")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a step is killed (default 1800)")
    ap.add_argument("--json", metavar="FILE", help="also write every number to FILE")
    ap.add_argument("--install-peers", action="store_true",
                    help="pip-install rumdl and npm-install markdownlint-cli2 first")
    args = ap.parse_args(argv)
    steps_wanted = {"floor", "cold", "warm", "one", "rumdl", "markdownlint"}
    if args.only:
        chosen = {s.strip() for s in args.only.split(",") if s.strip()}
        if chosen - steps_wanted:
            ap.error(f"unknown steps: {', '.join(sorted(chosen - steps_wanted))}")
        steps_wanted = chosen

    if args.install_peers:
        install_peers()
    site, manifest = ensure_archive(args)
    posts, size = warm_page_cache(site)
    leadlint = leadlint_command()
    compile_leadlint()
    jobs = str(args.jobs)
    results: dict[str, dict] = {}

    print(f"\nleadlint benchmark: {posts:,} posts, {size / 1e6:.1f} MB in {site}")
    load_before = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}, leadlint = {' '.join(leadlint)}, "
          f"--jobs {jobs}, load average {load_before[0]:.2f}", flush=True)
    if load_before[0] > 0.5:
        print("  (the machine is busy: absolute times will be high; compare the ratios)", flush=True)
    print(flush=True)

    def step(name: str, label: str, fn) -> None:
        print(f"  {label} ...", end=" ", flush=True)
        r = fn()
        r["label"] = label
        results[name] = r
        if r["status"] == "ok":
            extra = f" (median of {len(r['walls_s'])})" if r.get("walls_s") else ""
            seen = f", {r['files']:,} files" if "files" in r else ""
            seen += f", {r['findings']:,} findings" if "findings" in r else ""
            print(f"{r['wall_s']:.2f} s{extra}, {r['peak_mb']:.0f} MB{seen}", flush=True)
            if "files" in r and r["files"] != posts:
                print(f"      ! it linted {r['files']:,} files, the archive has {posts:,} posts", flush=True)
        elif r["status"] == "skipped":
            print(f"skipped: {r['reason']}", flush=True)
        else:
            print(f"FAILED: {r['reason']}", flush=True)
            for line in r.get("output_tail", []):
                print(f"      | {line}", flush=True)

    if "floor" in steps_wanted:
        def floor_step():
            r = run_repeated([sys.executable, os.path.join(HERE, "floor.py"), site], site, args.timeout, args.repeat)
            if r["status"] == "ok":
                try:
                    r["counts"] = json.loads(r["stdout"].strip().splitlines()[-1])
                except (ValueError, IndexError):
                    pass
            return r
        step("floor", "floor (read + decode + YAML C loader, 1 process)", floor_step)

    lint = leadlint + ["check", site]
    if "cold" in steps_wanted:
        step("cold", f"leadlint cold (--no-cache, --jobs {jobs})",
             lambda: run_repeated(lint + ["--no-cache", "--exit-zero", "--format", "json", "--output", os.devnull,
                                          "--jobs", jobs], site, args.timeout, args.repeat))

    if "warm" in steps_wanted:
        cache_dir = tempfile.mkdtemp(prefix="leadlint-bench-cache-")
        warm_cmd = lint + ["--cache-dir", cache_dir, "--exit-zero", "--format", "json", "--output", os.devnull,
                           "--jobs", jobs]
        try:
            step("prime", f"leadlint priming run (--cache-dir, --jobs {jobs})",
                 lambda: run_measured(warm_cmd, site, args.timeout))
            if results["prime"]["status"] == "ok":
                step("warm", f"leadlint warm (same --cache-dir, --jobs {jobs})",
                     lambda: run_repeated(warm_cmd, site, args.timeout, args.repeat))
            else:
                step("warm", "leadlint warm", lambda: skipped("the priming run failed"))
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)

    if "one" in steps_wanted:
        one = pick_one_post(site, manifest)

        def one_step():
            if one is None:
                return skipped("no post found")
            r = run_repeated(leadlint + ["check", one, "--no-cache", "--exit-zero"], site, args.timeout,
                             ONE_POST_RUNS)
            r["post"] = one
            return r
        step("one", f"leadlint one post, cwd = archive ({ONE_POST_RUNS} runs)", one_step)

    if "rumdl" in steps_wanted:
        cmd, why = rumdl_command()
        step("rumdl", "rumdl check _posts (--no-cache, built-in rules)",
             (lambda: peer_counts(run_repeated(cmd + ["check", "--no-cache", "--no-config", "_posts"], site,
                                               args.timeout, args.repeat, ok_codes=(0, 1)),
                                  r"in (\d+) files", r"Found (\d+) issues")) if cmd else (lambda: skipped(why)))
        if cmd:
            results["rumdl"]["version"] = version_of(cmd + ["--version"])

    if "markdownlint" in steps_wanted:
        cmd, why = markdownlint_command()
        step("markdownlint", "markdownlint-cli2 (default rules)",
             (lambda: peer_counts(run_repeated(cmd + ["**/_posts/**/*.md", "**/_posts/**/*.markdown"], site,
                                               args.timeout, args.repeat, ok_codes=(0, 1)),
                                  r"Linting: (\d+) file", r"Summary: (\d+) error")) if cmd else (lambda: skipped(why)))
        if cmd:
            try:
                with open(os.path.join(HERE, "node_modules", "markdownlint-cli2", "package.json")) as f:
                    results["markdownlint"]["version"] = json.load(f)["version"]
            except (OSError, ValueError, KeyError):
                pass

    for r in results.values():
        r.pop("stdout", None)
        r.pop("stderr", None)
    ratios, targets = judge(results)
    print_table(results, ratios, targets)

    if args.json:
        report = {
            "archive": {"path": site, "posts": posts, "bytes": size,
                        "generator": {k: manifest[k] for k in ("generator_version", "seed", "posts")} if manifest else None},
            "machine": {"cpus": os.cpu_count(), "load_average_before": load_before,
                        "load_average_after": os.getloadavg(), "python": platform.python_version(), "platform": platform.platform(),
                        "node": version_of(["node", "--version"]) if shutil.which("node") else None},
            "leadlint": {"cmd": leadlint, "version": version_of(leadlint + ["--version"]), "jobs": args.jobs,
                         "commit": version_of(["git", "-C", REPO, "describe", "--always", "--dirty"])},
            "steps": results,
            "ratios": ratios,
            "targets": targets,
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
            f.write("\n")
        print(f"\nwrote {args.json}")
    return 0


def judge(results: dict) -> tuple[dict, list]:
    def wall(name):
        r = results.get(name)
        return r["wall_s"] if r and r["status"] == "ok" else None

    def ratio(a, b):
        return round(a / b, 2) if a is not None and b else None

    floor, cold, warm, one = wall("floor"), wall("cold"), wall("warm"), wall("one")
    mdl, rumdl = wall("markdownlint"), wall("rumdl")
    ratios = {
        "leadlint_cold_vs_floor": ratio(cold, floor),
        "leadlint_warm_vs_floor": ratio(warm, floor),
        "markdownlint_vs_leadlint_cold": ratio(mdl, cold),
        "rumdl_vs_leadlint_cold": ratio(rumdl, cold),
        "markdownlint_vs_floor": ratio(mdl, floor),
        "rumdl_vs_floor": ratio(rumdl, floor),
    }

    def why_missing(*names):
        for n in names:
            r = results.get(n)
            if r is None:
                return f"{n} not run"
            if r["status"] != "ok":
                return f"{n} {r['status']}"
        return None

    def target(name, value, ok, missing, shown):
        if value is None:
            return {"target": name, "status": "NOT MEASURED", "value": None, "why": missing}
        return {"target": name, "status": "MET" if ok(value) else "NOT MET", "value": value, "shown": shown(value)}

    targets = [
        target(f"leadlint cold >= {MARKDOWNLINT_VS_COLD_MIN:g}x faster than markdownlint-cli2",
               ratios["markdownlint_vs_leadlint_cold"], lambda v: v >= MARKDOWNLINT_VS_COLD_MIN,
               why_missing("markdownlint", "cold"), lambda v: f"{v:.1f}x faster"),
        target(f"leadlint cold <= {COLD_VS_FLOOR_MAX:g}x floor", ratios["leadlint_cold_vs_floor"],
               lambda v: v <= COLD_VS_FLOOR_MAX, why_missing("cold", "floor"), lambda v: f"{v:.2f}x floor"),
        target(f"leadlint warm <= {WARM_VS_FLOOR_MAX:g}x floor", ratios["leadlint_warm_vs_floor"],
               lambda v: v <= WARM_VS_FLOOR_MAX, why_missing("warm", "floor"), lambda v: f"{v:.2f}x floor"),
    ]
    leadlint_steps = [n for n in ("cold", "prime", "warm", "one") if n in results]
    peaks = [results[n]["peak_mb"] for n in leadlint_steps if results[n]["status"] == "ok"]
    all_ok = leadlint_steps and len(peaks) == len(leadlint_steps)
    targets.append(target(f"leadlint peak memory < {PEAK_MB_MAX:g} MB", max(peaks) if all_ok else None,
                          lambda v: v < PEAK_MB_MAX, why_missing(*leadlint_steps) or "no leadlint step run",
                          lambda v: f"{v:.0f} MB"))
    targets.append(target(f"leadlint one post < {ONE_POST_S_MAX:g} s wall", one, lambda v: v < ONE_POST_S_MAX,
                          why_missing("one"), lambda v: f"{v:.3f} s"))
    return ratios, targets


def print_table(results: dict, ratios: dict, targets: list) -> None:
    floor = results.get("floor", {}).get("wall_s") if results.get("floor", {}).get("status") == "ok" else None
    rows = [("step", "wall s", "cpu s", "peak MB", "1-proc MB", "procs", "x floor")]
    for r in results.values():
        if r["status"] == "ok":
            x = f"{r['wall_s'] / floor:.2f}" if floor else "-"
            rows.append((r["label"], f"{r['wall_s']:.3f}", f"{r['cpu_s']:.2f}", f"{r['peak_mb']:.0f}",
                         f"{r['max_rss_mb']:.0f}", str(r["processes"]), x))
        else:
            rows.append((r["label"], r["status"].upper() + ": " + r["reason"], "", "", "", "", ""))
    width0 = max(len(row[0]) for row in rows)
    print()
    for i, row in enumerate(rows):
        if len(row[1]) > 10:  # a failure or skip: one wide cell
            print(f"{row[0]:<{width0}}  {row[1]}")
            continue
        print(f"{row[0]:<{width0}}  " + "  ".join(f"{c:>9}" for c in row[1:]))
        if i == 0:
            print("-" * (width0 + 2 + 11 * (len(row) - 1)))
    print("\nratios (wall time)")
    names = {"leadlint_cold_vs_floor": "leadlint cold / floor", "leadlint_warm_vs_floor": "leadlint warm / floor",
             "markdownlint_vs_leadlint_cold": "markdownlint-cli2 / leadlint cold",
             "rumdl_vs_leadlint_cold": "rumdl / leadlint cold", "markdownlint_vs_floor": "markdownlint-cli2 / floor",
             "rumdl_vs_floor": "rumdl / floor"}
    for key, label in names.items():
        v = ratios[key]
        print(f"  {label:<36} {'-' if v is None else f'{v:.2f}'}")
    print("\ntargets")
    for t in targets:
        detail = t["shown"] if t["status"] != "NOT MEASURED" else t["why"]
        print(f"  {t['status']:<12} {t['target']}: {detail}")


if __name__ == "__main__":
    sys.exit(main())
