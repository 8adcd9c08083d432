"""Time leadlint's Yoast-compatible word counter on a sample post.

    python benchmarks/bench_words.py [POST.md ...]

For each post: the body (front matter removed) is rendered to HTML with pyromark, as
Yoast counts words in the rendered body, and timed with

* C        leadlint.words with the compiled ``_tinyseg`` (if built),
* pure     ``leadlint.words._pure`` (the fallback),
* PyPI     the ``tinysegmenter`` package (if installed; segmentation only, and its
           model differs from the npm one yoastseo uses, so its counts differ),

printing the median milliseconds per call.  "segment" is TinySegmenter alone on the
sanitised text; "count" is the whole ``count_words(html, "ja")`` (sanitise + segment +
punctuation filter).  Default post: the sample of the design notes.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

DEFAULT_POST = "/work/shared/samples/2026-01-19-ai-roadmap-learning-marketing.md"
FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---\r?\n", re.S)


def median_ms(fn, arg, min_time=0.5, min_runs=5):
    """Median wall time of fn(arg) in ms, over batches lasting at least min_time."""
    fn(arg)  # warm up (model load, memo tables)
    t0 = time.perf_counter()
    fn(arg)
    once = time.perf_counter() - t0
    per_batch = max(1, int(0.05 / max(once, 1e-7)))
    samples = []
    deadline = time.perf_counter() + min_time
    while len(samples) < min_runs or time.perf_counter() < deadline:
        t0 = time.perf_counter()
        for _ in range(per_batch):
            fn(arg)
        samples.append((time.perf_counter() - t0) / per_batch)
    return statistics.median(samples) * 1000


def render_body(path: str) -> str:
    import pyromark

    with open(path, encoding="utf-8") as f:
        src = f.read()
    m = FRONT_MATTER.match(src)
    body = src[m.end():] if m else src
    return pyromark.html(body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("posts", nargs="*", default=[DEFAULT_POST])
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds per measurement (default 0.5)")
    args = ap.parse_args(argv)

    import leadlint.words as words
    from leadlint.words import _pure

    accel = words._accel()
    try:
        import tinysegmenter  # PyPI port, for comparison only
    except ImportError:
        tinysegmenter = None

    print(f"leadlint.words implementation: {words.IMPLEMENTATION}; Python {sys.version.split()[0]}")
    for path in args.posts:
        html = render_body(path)
        sanitized = _pure.sanitize(html)
        print(f"\n{os.path.basename(path)}: {len(html):,} chars of HTML, "
              f"{len(sanitized):,} after sanitising, {words.count_words(html, 'ja'):,} words (ja)")
        rows = []
        t = lambda fn, arg: median_ms(fn, arg, args.min_time)  # noqa: E731
        rows.append(("sanitize (shared)", t(_pure.sanitize, html), None))
        if accel is not None:
            rows.append(("C segment", t(accel.segment, sanitized), len(accel.segment(sanitized))))
            rows.append(("C ja_count (segment+filter)", t(accel.ja_count, sanitized), accel.ja_count(sanitized)))
            rows.append(("C count_words(html, 'ja')", t(lambda h: words.count_words(h, "ja"), html),
                         words.count_words(html, "ja")))
        rows.append(("pure segment", t(_pure.segment, sanitized), len(_pure.segment(sanitized))))
        rows.append(("pure count_words(html, 'ja')", t(lambda h: len(_pure.yoast_words(h, "ja")), html),
                     len(_pure.yoast_words(html, "ja"))))
        if tinysegmenter is not None:
            ts = tinysegmenter.TinySegmenter()
            rows.append(("PyPI tinysegmenter tokenize", t(ts.tokenize, sanitized), len(ts.tokenize(sanitized))))
        else:
            rows.append(("PyPI tinysegmenter", None, None))
        rows.append(("count_words(html, 'en')", t(lambda h: words.count_words(h, "en"), html),
                     words.count_words(html, "en")))
        rows.append(("detect_language(html)", t(words.detect_language, html), None))
        for name, ms, n in rows:
            ms_s = "not installed" if ms is None else f"{ms:9.3f} ms"
            n_s = "" if n is None else f"  ({n:,} tokens/words)"
            print(f"  {name:32s} {ms_s}{n_s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
