"""The result cache: a file's findings, reused while nothing they depend on has changed.

A result is keyed on the file's bytes, leadlint's version, the configuration's fingerprint
and the display path.  A result that consulted the site index also records the facts it
read (which post names exist, and the stat of each post whose front matter it read; see
``Site.tracking``) and is reused only while those still hold: editing one post does not
invalidate every other post's references, adding or renaming one does.

The cache is one file per (version, configuration) in ``.leadlint_cache/`` at the site
root, written to a temporary file and renamed into place: concurrent runs never see a torn
file (the last writer wins), and a file that does not unpickle is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__

CACHE_DIR_NAME = ".leadlint_cache"
_FORMAT = 1


@dataclass
class Entry:
    digest: str
    result: object  # engine.FileResult
    #: facts about the site the result depends on (see ``Site.tracking``)
    site_facts: tuple = ()


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class ResultCache:
    def __init__(self, folder: Path, config_fingerprint: str):
        self.folder = folder
        key = hashlib.sha256(f"{_FORMAT}:{__version__}:{config_fingerprint}".encode()).hexdigest()[:20]
        self.path = folder / f"results-{key}.pickle"
        self.entries: dict[str, Entry] = {}
        self.hits = 0
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as stream:
                header, entries = pickle.load(stream)
        except FileNotFoundError:
            return
        except Exception:  # torn, truncated or foreign: start afresh
            return
        if header == (_FORMAT, __version__) and isinstance(entries, dict):
            self.entries = entries

    def get(self, path: str, digest: str, still_true) -> object | None:
        entry = self.entries.get(path)
        if entry is None or entry.digest != digest:
            return None
        if entry.site_facts and not all(still_true(fact) for fact in entry.site_facts):
            return None
        self.hits += 1
        return entry.result

    def put(self, path: str, digest: str, result: object, site_facts: tuple = ()) -> None:
        self.entries[path] = Entry(digest, result, site_facts)
        self.dirty = True

    def save(self, keep: set[str] | None = None) -> None:
        """Write atomically; ``keep`` drops entries of files no longer linted in a full run."""
        if not self.dirty:
            return
        entries = self.entries if keep is None else {k: v for k, v in self.entries.items() if k in keep}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by leadlint\n*\n", encoding="utf-8")
            fd, temporary = tempfile.mkstemp(prefix=".results-", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(((_FORMAT, __version__), entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            # a read-only checkout or a full disk must not fail the lint
            try:
                os.unlink(temporary)  # type: ignore[possibly-undefined]
            except (OSError, UnboundLocalError):
                pass

