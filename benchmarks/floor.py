#!/usr/bin/env python3
"""The floor: the least work any linter of a Jekyll archive has to do, in one process.

    python benchmarks/floor.py SITE_DIR

Finds every post under the site's `_posts` folders (category folders and subfolders too), reads and
decodes it as UTF-8, splits off its front matter with one regular expression and loads that with
PyYAML's C loader. No Markdown, no rules. Prints one JSON line: posts, bytes, and how many had no front
matter, or front matter that did not load, or were not UTF-8.
"""
from __future__ import annotations

import json
import os
import re
import sys

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)
POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm", ".textile")
SKIP_DIRS = {"_site", "node_modules", ".git", ".jekyll-cache", "vendor"}


def post_files(site: str):
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        parts = os.path.relpath(folder, site).split(os.sep)
        if "_posts" not in parts:
            continue
        for name in sorted(files):
            if name.endswith(POST_SUFFIXES):
                yield os.path.join(folder, name)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    if not getattr(yaml, "__with_libyaml__", False):
        print("floor: PyYAML has no libyaml here (yaml.CSafeLoader missing); the floor would be ~9x slower",
              file=sys.stderr)
        return 2
    loader = yaml.CSafeLoader
    posts = total = no_front_matter = bad_yaml = not_utf8 = 0
    for path in post_files(argv[0]):
        with open(path, "rb") as f:
            raw = f.read()
        posts += 1
        total += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8 += 1
            continue
        m = FRONT_MATTER.match(text)
        if m is None:
            no_front_matter += 1
            continue
        try:
            yaml.load(m.group(1), Loader=loader)
        except yaml.YAMLError:
            bad_yaml += 1
    print(json.dumps({"posts": posts, "bytes": total, "no_front_matter": no_front_matter,
                      "bad_yaml": bad_yaml, "not_utf8": not_utf8}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
