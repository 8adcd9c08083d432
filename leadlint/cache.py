"""The result cache: a file's findings, reused while nothing they depend on has changed.

A result is keyed on the file's bytes, leadlint's version, the configuration's fingerprint
and the display path.  Like git's index, the cache also keeps the file's size, mtime and
inode: while they are unchanged the file is not read again to be hashed.  A stat is trusted
only when the file was last modified well before it was read (a file written in the same
instant as it was read could change again without its mtime changing: "racily clean").  A result that consulted the site index also records the facts it
read (which post names exist, and the stat of each post whose front matter it read; see
``Site.tracking``) and is reused only while those still hold: editing one post does not
invalidate every other post's references, adding or renaming one does.

The cache is one file per (version, configuration) in ``.leadlint_cache/`` at the site
root, written to a temporary file and renamed into place: concurrent runs never see a torn
file (the last writer wins), and a file that does not unpickle is ignored, never trusted.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import __version__

CACHE_DIR_NAME = ".leadlint_cache"
#: the layout of what is stored; bumped when a stored class changes (3: Fix and Edit are named
#: tuples; 4: each result stored pickled on its own)
_FORMAT = 4
#: a stat is trusted when the file's mtime is at least this much older than the moment it was read
_RACY_NS = 2_000_000_000


@dataclass
class Entry:
    digest: str
    #: the file's ``engine.FileResult``, pickled: a worker sends it so, and it is unpickled only
    #: when it is served (the parent of a first run over an archive holds bytes, not findings)
    result: bytes
    #: facts about the site the result depends on (see ``Site.tracking``)
    site_facts: tuple = ()
    #: (size, mtime_ns, inode) of the file when it was read, when that can be trusted
    stat: tuple | None = None


def pickled(result: object) -> bytes:
    """A result as the cache stores it."""
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_stat(path) -> tuple | None:
    """(size, mtime_ns, inode) of a file, None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _trusted(stat: tuple | None, read_at_ns: int) -> tuple | None:
    return stat if stat is not None and stat[1] < read_at_ns - _RACY_NS else None


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
        collecting = gc.isenabled()
        gc.disable()  # unpickling makes ~10 containers per finding: the collector would rescan them
        try:           # again and again (on a large archive, 70% of the load time)
            with open(self.path, "rb") as stream:
                header, entries = pickle.load(stream)
        except FileNotFoundError:
            return
        except Exception:  # torn, truncated or foreign: start afresh
            return
        finally:
            gc.freeze()  # and not later either: the entries live as long as the run
            if collecting:
                gc.enable()
        if header == (_FORMAT, __version__) and isinstance(entries, dict):
            self.entries = entries

    def holds(self, path: str) -> bool:
        """Whether there is a stored result for ``path`` (good or not)."""
        return path in self.entries

    def get_unchanged(self, path: str, stat: tuple | None, still_true) -> bytes | None:
        """The result for a file whose trusted stat is ``stat`` (so its bytes are as they were),
        when the facts it rests on still hold, pickled (see :attr:`Entry.result`); else None
        (then read it and try :meth:`get`)."""
        entry = self.entries.get(path)
        if entry is None or stat is None or entry.stat != stat:
            return None
        return self._valid(entry, still_true)

    def get(self, path: str, digest: str, still_true, stat: tuple | None = None,
            read_at_ns: int | None = None) -> bytes | None:
        """The result for a file with these bytes (``digest``), when the facts it rests on still
        hold, pickled.  ``stat``, taken at ``read_at_ns`` just before the bytes were read, is
        remembered for the next run when it can be trusted."""
        entry = self.entries.get(path)
        if entry is None or entry.digest != digest:
            return None
        result = self._valid(entry, still_true)
        if result is not None and stat is not None and entry.stat != stat:
            trusted = _trusted(stat, time.time_ns() if read_at_ns is None else read_at_ns)
            if trusted is not None:
                entry.stat = trusted
                self.dirty = True
        return result

    def _valid(self, entry: Entry, still_true) -> bytes | None:
        if entry.site_facts and not all(still_true(fact) for fact in entry.site_facts):
            return None
        self.hits += 1
        return entry.result

    def put(self, path: str, digest: str, result: object, site_facts: tuple = (), stat: tuple | None = None,
            read_at_ns: int | None = None) -> None:
        """Store ``result`` (a FileResult, or the bytes :func:`pickled` made of it)."""
        trusted = _trusted(stat, time.time_ns() if read_at_ns is None else read_at_ns)
        self.entries[path] = Entry(digest, result if type(result) is bytes else pickled(result), site_facts, trusted)
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
            collecting = gc.isenabled()
            gc.disable()  # pickling allocates no cycles; the collector would only rescan the entries
            try:
                with os.fdopen(fd, "wb") as stream:
                    pickle.dump(((_FORMAT, __version__), entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                if collecting:
                    gc.enable()
            os.replace(temporary, self.path)
        except OSError:
            # a read-only checkout or a full disk must not fail the lint
            try:
                os.unlink(temporary)  # type: ignore[possibly-undefined]
            except (OSError, UnboundLocalError):
                pass

