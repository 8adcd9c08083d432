"""Which files to lint: the posts of a site, or the paths the user named."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .config import Config
from .site import POST_NAME, Site, find_site_root

POST_FOLDERS = ("_posts", "_drafts")
_SKIPPED = {"_site", ".git", "node_modules", ".jekyll-cache", ".leadlint_cache", "vendor"}


def is_candidate(path: Path, site: Site) -> bool:
    """A file worth reading in a posts folder: a renderable extension, or a post-like dated name."""
    return _candidate_name(path.name, site)


def _candidate_name(name: str, site: Site) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in site.renderable_extensions or bool(POST_NAME.match(name))


def in_posts_folder(path: Path) -> bool:
    return any(part in POST_FOLDERS for part in path.parts[:-1])


class Sites:
    """One :class:`Site` per site root, so each index is built once per run."""

    def __init__(self, forced_root: Path | None = None):
        self.forced_root = forced_root.resolve() if forced_root else None
        self._by_root: dict[Path, Site] = {}
        #: a file's folder -> its site root (every post of a folder shares one)
        self._root_of_folder: dict[str, Path] = {}

    def root_for(self, path: Path) -> Path:
        if self.forced_root is not None:
            return self.forced_root
        folder = os.path.dirname(os.path.abspath(path))
        root = self._root_of_folder.get(folder)
        if root is None:
            root = self._root_of_folder[folder] = self._find_root(path)
        return root

    def _find_root(self, path: Path) -> Path:
        root = find_site_root(path)
        if root is not None:
            return root
        resolved = path.resolve()
        for parent in resolved.parents:  # no _config.yml: the folder holding the _posts folder
            if parent.name in POST_FOLDERS:
                return parent.parent
        return resolved.parent if resolved.is_file() else resolved

    def site_for(self, path: Path) -> Site:
        root = self.root_for(path)
        site = self._by_root.get(root)
        if site is None:
            site = self._by_root[root] = Site(root)
        return site


def discover(paths: list[Path], sites: Sites, config: Config, cwd: Path) -> list[Path]:
    """Files to lint, sorted and without duplicates.

    No paths: every post of the site around the working directory.  A folder: the files
    of posts folders inside it (or all its files when it is itself in a posts folder).
    A file: that file, whatever it is.
    """
    if not paths:
        paths = [sites.forced_root or sites.root_for(cwd)]
    found: dict[Path, None] = {}
    for given in paths:
        if given.is_file():
            if not _excluded(given, sites, config):
                found[given] = None
            continue
        if not given.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(given):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED and not d.startswith("."))
            folder = Path(dirpath)
            if not (in_posts_folder(folder / "x") or folder.resolve().name in POST_FOLDERS):
                continue
            site = sites.site_for(folder)
            folder_rel = site.relpath(folder)
            for filename in sorted(filenames):
                if not _candidate_name(filename, site):
                    continue
                path = folder / filename
                if folder_rel is None:  # outside its site (a symlink): the slow way
                    excluded = _excluded(path, sites, config)
                else:
                    relpath = f"{folder_rel}/{filename}" if folder_rel else filename
                    excluded = site.is_excluded(relpath) or config.is_excluded(relpath)
                if not excluded:
                    found[path] = None
    return sorted(found, key=str)


def _excluded(path: Path, sites: Sites, config: Config) -> bool:
    site = sites.site_for(path)
    relpath = site.relpath(path) or path.name
    return site.is_excluded(relpath) or config.is_excluded(relpath)


def readable_path(shown: str) -> str:
    """A shown path as people read it: bytes of a file name that are not UTF-8 (kept in ``shown``
    as surrogate escapes, so that the path still names the file) become U+FFFD."""
    if shown.isascii():
        return shown
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def display_path(path: Path, cwd: Path) -> str:
    """How a path is shown: relative to the working directory (``../`` when outside it)."""
    text, base = os.fspath(path), _absolute(os.fspath(cwd))
    # the common case, a normalised absolute path inside the working directory (as discovery
    # makes them): what relpath gives is the rest of it
    if os.sep == "/" and text.startswith(base) and text[len(base):len(base) + 1] == "/" \
            and "/." not in text and "//" not in text and not text.endswith("/"):
        return text[len(base) + 1:]
    try:
        shown = os.path.relpath(os.path.abspath(text), base)
    except ValueError:  # another drive
        return path.as_posix()
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


def _absolute(folder: str) -> str:
    # a relative folder depends on the working directory of the moment: not remembered
    return _normalised(folder) if os.path.isabs(folder) else os.path.abspath(folder)


@functools.lru_cache(maxsize=8)
def _normalised(folder: str) -> str:
    return os.path.abspath(folder)

