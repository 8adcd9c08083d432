"""The Jekyll site a post belongs to: its ``_config.yml`` and an index of every post.

The index is built once per run from the file tree (never from the files named on the
command line), so a pre-commit run that lints one post still resolves references to
all the others.  Reading a post's front matter for the index happens only when a rule
asks about that post.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import yaml

from .frontmatter import FrontMatter, parse_front_matter
from .source import decode

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
DEFAULT_MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
#: Jekyll's Document::DATE_FILENAME_MATCHER, for the file name alone
POST_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
#: directories never part of a site's sources
_ALWAYS_SKIPPED = {"_site", ".git", "node_modules", ".jekyll-cache", ".sass-cache", ".bundle", ".leadlint_cache"}


@dataclass(frozen=True)
class IndexedPost:
    """A file under a ``_posts`` folder, as Jekyll names it."""

    relpath: str  # posix, relative to the site root: "news/_posts/sub/2025-01-02-x.md"
    filename: str  # "2025-01-02-x.md"
    #: "YYYY-MM-DD" part, slug and extension when the name is a post name, else None
    date: str | None
    slug: str | None
    ext: str

    @property
    def stem(self) -> str:
        return self.filename[: -len(self.ext)] if self.ext else self.filename


class Site:
    """A Jekyll site: its root, configuration and post index."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._front_matter: dict[str, FrontMatter | None] = {}
        self._facts: set | None = None

    # -- what a result depends on (for the result cache) --------------------------------

    @contextlib.contextmanager
    def tracking(self):
        """Collect the facts about the site that are consulted inside the block: the set of
        post names (``("names", digest)``) and each post whose front matter is read
        (``("post", relpath, mtime_ns, size)``)."""
        self._facts = facts = set()
        try:
            yield facts
        finally:
            self._facts = None

    def fact_holds(self, fact: tuple) -> bool:
        """Whether a fact recorded by :meth:`tracking` in an earlier run is still true."""
        if fact[0] == "names":
            return fact[1] == self._names_digest
        if fact[0] == "post":
            return fact[2:] == _stat(self.root / fact[1])
        return False

    @cached_property
    def _names_digest(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for relpath in sorted(self._index):
            digest.update(relpath.encode("utf-8", "surrogateescape") + b"\n")
        for name in CONFIG_NAMES:
            digest.update(repr(_stat(self.root / name)).encode())
        return digest.hexdigest()

    @property
    def posts(self) -> dict[str, IndexedPost]:
        """Every file under a ``_posts`` folder of this site, by relative path."""
        if self._facts is not None:
            self._facts.add(("names", self._names_digest))
        return self._index

    @cached_property
    def config(self) -> dict:
        for name in CONFIG_NAMES[:2]:
            path = self.root / name
            if path.is_file():
                try:
                    data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_loader())
                except (OSError, UnicodeDecodeError, yaml.YAMLError):
                    return {}
                return data if isinstance(data, dict) else {}
        return {}

    @cached_property
    def markdown_extensions(self) -> frozenset[str]:
        exts = str(self.config.get("markdown_ext") or DEFAULT_MARKDOWN_EXT)
        return frozenset("." + e.strip().lower() for e in exts.split(",") if e.strip())

    @cached_property
    def renderable_extensions(self) -> frozenset[str]:
        return self.markdown_extensions | {".html"}

    @cached_property
    def posts_dir(self) -> str:
        """Where posts live: ``_posts`` under ``collections_dir`` when set."""
        collections_dir = str(self.config.get("collections_dir") or "").strip("/")
        return f"{collections_dir}/_posts" if collections_dir else "_posts"

    @cached_property
    def excludes(self) -> tuple[str, ...]:
        exclude = self.config.get("exclude") or []
        return tuple(str(e).rstrip("/") for e in exclude if isinstance(e, str)) if isinstance(exclude, list) else ()

    def is_excluded(self, relpath: str) -> bool:
        parts = PurePosixPath(relpath).parts
        for pattern in self.excludes:
            for i in range(1, len(parts) + 1):
                if fnmatch.fnmatch("/".join(parts[:i]), pattern):
                    return True
        return False

    @cached_property
    def _index(self) -> dict[str, IndexedPost]:
        index: dict[str, IndexedPost] = {}
        top = self.root
        posts_leaf = self.posts_dir.rsplit("/", 1)[-1]
        for dirpath, dirnames, filenames in os.walk(top):
            rel_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir
            dirnames[:] = sorted(
                d for d in dirnames
                if d not in _ALWAYS_SKIPPED and not (d.startswith(".") and d != ".")
                and not self.is_excluded(f"{rel_dir}/{d}".lstrip("/"))
                and not any((Path(dirpath) / d / c).is_file() for c in CONFIG_NAMES)
            )
            parts = rel_dir.split("/") if rel_dir else []
            if posts_leaf not in parts:
                continue
            for filename in filenames:
                relpath = f"{rel_dir}/{filename}"
                if self.is_excluded(relpath):
                    continue
                match = POST_NAME.match(filename)
                ext = os.path.splitext(filename)[1]
                index[relpath] = IndexedPost(
                    relpath, filename, match.group(1) if match else None, match.group(2) if match else None, ext
                )
        return index

    def front_matter(self, relpath: str) -> FrontMatter | None:
        """The front matter of an indexed post, read on first request; None when unreadable."""
        if self._facts is not None:
            self._facts.add(("post", relpath, *_stat(self.root / relpath)))
        if relpath not in self._front_matter:
            try:
                source, problem = decode((self.root / relpath).read_bytes())
            except OSError:
                source, problem = None, True
            self._front_matter[relpath] = None if problem else parse_front_matter(source.text)
        return self._front_matter[relpath]

    def relpath(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def defaults_for(self, relpath: str, doc_type: str = "posts") -> dict:
        """Front matter defaults from ``_config.yml`` that apply to a file (Jekyll's scope rules)."""
        merged: dict = {}
        defaults = self.config.get("defaults")
        if not isinstance(defaults, list):
            return merged
        applicable = []
        for entry in defaults:
            if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
                continue
            scope = entry.get("scope") or {}
            if not isinstance(scope, dict):
                continue
            scope_path = str(scope.get("path") or "").strip("/")
            scope_type = scope.get("type")
            if scope_type and scope_type != doc_type:
                continue
            if scope_path and not _path_in_scope(relpath, scope_path):
                continue
            applicable.append((scope_path.count("/") + bool(scope_path), bool(scope_type), entry["values"]))
        # more specific scopes win, as in Jekyll's FrontmatterDefaults
        for _, _, values in sorted(applicable, key=lambda a: (a[0], a[1])):
            merged.update(values)
        return merged


def _stat(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (None, None)
    return (st.st_mtime_ns, st.st_size)


def _path_in_scope(relpath: str, scope_path: str) -> bool:
    if any(c in scope_path for c in "*?["):
        return fnmatch.fnmatch(relpath, scope_path) or fnmatch.fnmatch(relpath, scope_path + "/*")
    return relpath == scope_path or relpath.startswith(scope_path + "/")


def _loader():
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def find_site_root(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` holding a ``_config.yml``."""
    current = start.resolve()
    if current.is_file():
        current = current.parent
    for folder in (current, *current.parents):
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            return folder
        if stop is not None and folder == stop:
            break
    return None
