"""The Jekyll site a post belongs to: its ``_config.yml`` and an index of the posts Jekyll reads.

The index mirrors Jekyll 4.3's reader (``reader.rb``, ``readers/post_reader.rb``,
``entry_filter.rb``), so a rule that asks "is there a post called X" gets Jekyll's answer:

- every folder Jekyll walks (not ``_``/``.``/``#``/``~``-prefixed, not excluded) may hold a
  ``_posts`` folder (``news/_posts/``), whose whole tree is read, except entries whose own name
  or first folder starts with one of those characters (``_posts/_old/`` is skipped, but
  ``_posts/sub/_old/`` is read) and entries that ``exclude`` names;
- ``exclude`` holds Jekyll's default excludes too (``node_modules``, ``vendor/bundle/`` ...), and
  a pattern excludes every path that *starts* with it (``exclude: [arch]`` drops ``archive/``);
- with ``collections_dir: coll`` only folders under ``coll`` are read for posts;
- a file is a post when its name is ``YYYY-MM-DD-slug.ext`` (``.yml``/``.yaml`` are data, not
  posts); ``_drafts`` are read only with ``show_drafts``.

It is built once per run from the file tree (never from the files named on the command line),
so a pre-commit run that lints one post still resolves references to all the others.  Building
it lists folders but reads no file: a post's state (published, date, slug) is read only when a
rule asks about that post, and cached (:meth:`Site.post_state`).  When several processes lint an
archive whose posts link to each other, every post's state is read once ahead instead, a share
per process (:meth:`Site.read_ahead`), and the workers start knowing them all.

A folder below the root that holds its own ``_config.yml`` is a separate site: each post belongs
to the nearest ``_config.yml`` above it, so its files are left out of the outer site's index (they
are listed in :attr:`Site.unread` with the reason ``nested-site``).
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import math
import os
import re
import time
from datetime import date, datetime, timezone
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import yaml

from .dates import ruby_date
from .frontmatter import FrontMatter, parse_front_matter
from .jekyll_front_matter import file_front_matter_data, slug_lines, slug_lines_of_file
from .source import decode, read_file

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
DEFAULT_MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
#: Jekyll's Document::DATE_FILENAME_MATCHER, for the file name alone (Ruby's \d is ASCII)
POST_NAME = re.compile(r"^([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-([^/]*)(\.[^./]+)\Z")
#: Jekyll's Configuration::DEFAULT_EXCLUDES, added to every site's ``exclude``
DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
                    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/")
#: EntryFilter::SPECIAL_LEADING_CHAR_REGEX
_SPECIAL = (".", "_", "#", "~")
#: folders never walked: build output and caches (they hold no sources and can be large)
_NEVER_WALKED = {"_site", ".git", ".jekyll-cache", ".sass-cache", ".bundle", ".leadlint_cache"}
_DATA_EXTS = (".yml", ".yaml")
#: files Jekyll does not render with Liquid, whatever their front matter says
_NOT_RENDERED = _DATA_EXTS + (".coffee",)
#: Ruby's String#strip and \s
RUBY_SPACE = " \t\n\v\f\r"
_FIRST = itemgetter(0)
_POST_URL_TAG = re.compile(rb"\{%-?[ \t\r\n]*post_url[ \t\r\n]")
#: a named tuple made from its fields in C (its generated ``__new__`` is Python)
_new_tuple = tuple.__new__


class IndexedPost(NamedTuple):
    """A file under a ``_posts`` (or ``_drafts``) folder, as Jekyll names it.  (A named tuple:
    an archive has thousands, and the index builds one per file.)"""

    relpath: str  # posix, relative to the site root: "news/_posts/sub/2025-01-02-x.md"
    filename: str  # "2025-01-02-x.md"
    #: "YYYY-MM-DD" part, slug and extension when the name is a post name, else None
    date: str | None
    slug: str | None
    ext: str
    #: "post" (under ``_posts``) or "draft" (under ``_drafts``)
    kind: str = "post"
    #: Jekyll's ``relative_path``: relative to ``collections_dir`` (the ``post_url`` exact match uses it)
    jekyll_path: str = ""
    #: why Jekyll does not read this file (None: it does): see :data:`SKIP_REASONS`
    skipped: str | None = None
    #: the folder or pattern the reason is about ("_old", "archive", "coll", "docs", ...)
    skipped_by: str = ""

    @property
    def stem(self) -> str:
        return self.filename[: -len(self.ext)] if self.ext else self.filename


#: reasons a file under ``_posts``/``_drafts`` is not one of the site's posts
SKIP_REASONS = {
    "special": "a folder or file name starting with `_`, `.`, `#` or `~`",
    "backup": "a backup file name (ending with `~` or `.`)",
    "excluded": "`exclude` in _config.yml",
    "default-excluded": "Jekyll's default `exclude` list",
    "collections-dir": "`collections_dir`",
    "nested-site": "a separate site (its folder holds its own _config.yml)",
    "data-file": "a `.yml`/`.yaml` file, which Jekyll reads as data",
    "not-a-post-name": "a name that is not `YYYY-MM-DD-slug.ext`",
    "drafts-hidden": "a draft (drafts are read only with `show_drafts: true` or `--drafts`)",
}


class PostState(NamedTuple):
    """What Jekyll makes of one post once it reads it: the parts ``post_url`` depends on.
    (A named tuple: a run reads thousands of other posts' states, and a frozen dataclass
    costs several times more to make.)

    ``ymd`` is the post's date (``date:`` of the front matter or the defaults, else the file
    name's) as Jekyll's local time has it; ``slug`` is ``data["slug"]`` (front matter, defaults,
    else the file name's), None when Jekyll never sets it (front matter that does not parse).
    """

    readable: bool = True  # valid UTF-8 (Jekyll skips other files)
    broken: bool = False  # front matter that YAML cannot load (Jekyll keeps the post, without its data)
    published: bool = True  # `published` is not false (or the site sets `unpublished: true`)
    published_by: str = ""  # "front matter" / "defaults" when `published` was set
    future: bool = False  # dated after the build (and the site does not set `future: true`)
    ymd: tuple[int, int, int] | None = None
    epoch: float | None = None
    date_by: str = ""  # "front matter", "defaults", "file name", "file time", "build time", "invalid"
    date_text: str = ""
    slug: str | None = None
    slug_by: str = ""  # "front matter", "defaults", "file name"
    render_with_liquid: bool = True

    @property
    def built(self) -> bool:
        return self.readable and self.published and not self.future


#: the state of a post Jekyll cannot read (its fields)
_UNREADABLE = tuple(PostState(readable=False))


class Site:
    """A Jekyll site: its root, configuration and post index."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._front_matter: dict[str, FrontMatter | None] = {}
        self._states: dict[str, PostState] = {}
        self._facts: set | None = None
        self._stats: dict[str, tuple] = {}
        self._excluded_folders: dict[str, bool] = {}

    # -- what a result depends on (for the result cache) --------------------------------

    @contextlib.contextmanager
    def tracking(self):
        """Collect the facts about the site that are consulted inside the block: the index
        (``("names", digest)``), each post whose front matter is read (``("post", relpath,
        mtime_ns, size)``), the posts that may set both slug and date (``("slug+date",
        digest)``), and the moment a future-dated post consulted gets published (``("until",
        epoch)``)."""
        self._facts = facts = set()
        try:
            yield facts
        finally:
            self._facts = None

    @contextlib.contextmanager
    def consulting(self):
        """The facts consulted inside the block, as a set, while :meth:`tracking` (else None);
        they are recorded in the tracking as well.  A memo of an answer worked out from the
        site keeps them, and gives them to :meth:`consulted_again` each time it is used."""
        outer = self._facts
        if outer is None:
            yield None
            return
        self._facts = inner = set()
        try:
            yield inner
        finally:
            self._facts = outer
            outer |= inner

    def index_consulted(self) -> None:
        """Record, while tracking, that the index of posts was consulted, by a view of it that
        its caller built once and keeps (:attr:`documents` and the like record it themselves)."""
        self._consulted()

    def consulted_again(self, facts: set | None) -> bool:
        """Record, while tracking, the facts a memoised answer rests on (from :meth:`consulting`);
        False when they are unknown (it was worked out while nothing was tracked), and the answer
        must be worked out again to know them."""
        if self._facts is None:
            return True
        if facts is None:
            return False
        self._facts |= facts
        return True

    def fact_holds(self, fact: tuple) -> bool:
        """Whether a fact recorded by :meth:`tracking` in an earlier run is still true."""
        if fact[0] == "names":
            return fact[1] == self._names_digest
        if fact[0] == "post":
            return tuple(fact[2:]) == _stat(os.path.join(self._root_text, fact[1]))
        if fact[0] == "slug+date":
            return fact[1] == self._slug_date_digest
        if fact[0] == "config":
            return fact == self.config_fact
        return False

    @cached_property
    def config_fact(self) -> tuple:
        """Every result depends on ``_config.yml`` (defaults, url, timezone, future...)."""
        return ("config", tuple(_stat(os.path.join(self._root_text, name)) for name in CONFIG_NAMES))

    @cached_property
    def _root_text(self) -> str:
        return str(self.root)

    @cached_property
    def _names_digest(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        posts, drafts, unread = self._index
        for entry in sorted((*posts.values(), *drafts.values(), *unread), key=lambda e: e.relpath):
            digest.update(f"{entry.relpath}\0{entry.skipped}\n".encode("utf-8", "surrogateescape"))
        for name in CONFIG_NAMES:
            digest.update(repr(_stat(self.root / name)).encode())
        return digest.hexdigest()

    @cached_property
    def _slug_date_digest(self) -> str:
        names = "\n".join(sorted(f"{e.relpath}\0{lines!r}" for e, lines in self._slug_date_posts))
        return hashlib.blake2b(names.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()

    def _consulted(self, relpath: str | None = None) -> None:
        """Record, while tracking, that the index (or one post's content) was consulted."""
        if self._facts is None:
            return
        if relpath is None:
            self._facts.add(("names", self._names_digest))
            return
        stat = self._stats.get(relpath)
        if stat is None:
            stat = self._stats[relpath] = _stat(self.root / relpath)
        self._facts.add(("post", relpath, *stat))

    # -- configuration ----------------------------------------------------------------

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

    def flag(self, key: str) -> bool:
        """A configuration switch as Ruby reads it: anything but missing, null and false is on."""
        return self.config.get(key) not in (None, False)

    @cached_property
    def markdown_extensions(self) -> frozenset[str]:
        exts = str(self.config.get("markdown_ext") or DEFAULT_MARKDOWN_EXT)
        return frozenset("." + e.strip().lower() for e in exts.split(",") if e.strip())

    @cached_property
    def renderable_extensions(self) -> frozenset[str]:
        return self.markdown_extensions | {".html"}

    @cached_property
    def collections_dir(self) -> str:
        value = self.config.get("collections_dir")
        return value if isinstance(value, str) else ""

    @cached_property
    def posts_dir(self) -> str:
        """Where posts live: ``_posts`` under ``collections_dir`` when set."""
        collections_dir = self.collections_dir.strip("/")
        return f"{collections_dir}/_posts" if collections_dir else "_posts"

    @cached_property
    def show_drafts(self) -> bool:
        return self.flag("show_drafts")

    @cached_property
    def excludes(self) -> tuple[str, ...]:
        """``exclude`` as Jekyll uses it: the site's patterns, the default ones, minus ``include``."""
        config = self.config
        exclude = config.get("exclude", [])
        patterns = [str(e) for e in exclude if isinstance(e, str)] if isinstance(exclude, list) else []
        if not ("exclude" in config and exclude is None):
            patterns += [e for e in DEFAULT_EXCLUDES if e not in patterns]
        includes = set(self.includes)
        return tuple(p for p in patterns if p not in includes)

    @cached_property
    def includes(self) -> tuple[str, ...]:
        include = self.config.get("include", [".htaccess"])
        return tuple(str(e) for e in include if isinstance(e, str)) if isinstance(include, list) else ()

    @cached_property
    def _exclude_matchers(self) -> tuple[tuple[str, ...], re.Pattern | None]:
        return _matchers(self.excludes)

    @cached_property
    def _include_matchers(self) -> tuple[tuple[str, ...], re.Pattern | None]:
        return _matchers(self.includes)

    def excluded_by(self, relpath: str, is_dir: bool = False) -> str | None:
        """The ``exclude`` pattern that removes this path (Jekyll's EntryFilter#excluded?), or None."""
        prefixes, glob = self._exclude_matchers
        if relpath.startswith(prefixes) or (is_dir and relpath + "/" in prefixes) or (glob and glob.match(relpath)):
            for pattern in self.excludes:
                if _pattern_matches(pattern, relpath, is_dir):
                    return pattern
        return None

    def _included(self, entry: str) -> bool:
        """Jekyll's EntryFilter#included?: the entry (as given) or its base name matches ``include``."""
        prefixes, glob = self._include_matchers
        name = entry.rsplit("/", 1)[-1]
        return any(s.startswith(prefixes) or bool(glob and glob.match(s)) for s in (entry, name))

    def is_excluded(self, relpath: str) -> bool:
        """Whether Jekyll leaves this file out because of ``exclude`` (the site's or its defaults),
        at any level of its path."""
        folder, _, name = relpath.rpartition("/")
        if folder and self._folder_excluded(folder):
            return True
        return self.excluded_by(relpath, False) and not self._included(name)

    def _folder_excluded(self, folder: str) -> bool:
        """:meth:`is_excluded` for a folder (each folder is looked at once a run)."""
        known = self._excluded_folders.get(folder)
        if known is None:
            parent, _, name = folder.rpartition("/")
            known = bool(parent and self._folder_excluded(parent)) or (
                self.excluded_by(folder, True) and not self._included(name))
            self._excluded_folders[folder] = known
        return known

    @cached_property
    def defaults_break_posts(self) -> bool:
        """Whether a ``defaults`` set gives ``date`` a value Jekyll 4.3 cannot parse as text (an
        unquoted ``2021-06-06`` is a YAML date): FrontmatterDefaults#ensure_time! then raises a
        TypeError while every post is read, and Jekyll drops every post ("could not read file")."""
        defaults = self.config.get("defaults")
        return isinstance(defaults, list) and any(
            isinstance(d, dict) and isinstance(d.get("values"), dict) and "date" in d["values"]
            and not isinstance(d["values"]["date"], (str, datetime)) for d in defaults)

    @cached_property
    def timezone(self):
        """The site's ``timezone`` (Jekyll sets TZ to it), or None for the machine's local time."""
        name = self.config.get("timezone")
        if isinstance(name, str) and name:
            try:
                from zoneinfo import ZoneInfo

                return ZoneInfo(name)
            except Exception:  # unknown zone: Ruby falls back to UTC
                return timezone.utc
        return None

    @cached_property
    def build_time(self) -> float:
        """``site.time``: the configuration's ``time``, else now (seconds since the epoch)."""
        if "time" in self.config:
            moment = self.jekyll_time(self.config["time"])
            if moment is not None:
                return moment[1]
        return time.time()

    # -- the post index -----------------------------------------------------------------

    @cached_property
    def _index(self) -> tuple[dict, dict, list]:
        return _Walker(self).walk()

    @property
    def posts(self) -> dict[str, IndexedPost]:
        """Every file Jekyll reads as a post of this site (published or not), by relative path."""
        self._consulted()
        return self._index[0]

    @property
    def drafts(self) -> dict[str, IndexedPost]:
        """Every file under a ``_drafts`` folder Jekyll would read with ``show_drafts``."""
        self._consulted()
        return self._index[1]

    @property
    def unread(self) -> list[IndexedPost]:
        """Files under ``_posts``/``_drafts`` folders that Jekyll does not read as posts, with why."""
        self._consulted()
        return self._index[2]

    @property
    def documents(self) -> list[IndexedPost]:
        """``site.posts.docs`` before publishing filters: the posts, and the drafts when shown."""
        self._consulted()
        return self._documents

    @cached_property
    def _documents(self) -> list[IndexedPost]:
        docs = list(self._index[0].values())
        if self.show_drafts:
            docs.extend(self._index[1].values())
        return docs

    def lookup(self, relpath: str) -> IndexedPost | None:
        """The index entry of a file (post, draft or unread), or None when it is none of these."""
        found = self.posts.get(relpath) or self.drafts.get(relpath)
        if found is None:
            found = self._unread_by_path.get(relpath)
        return found

    def entry_of(self, relpath: str) -> IndexedPost | None:
        """Like :meth:`lookup`, for a file asking about itself: what Jekyll makes of its own path
        does not depend on the other posts, so no fact about them is recorded."""
        posts, drafts, _ = self._index
        return posts.get(relpath) or drafts.get(relpath) or self._unread_by_path.get(relpath)

    @cached_property
    def _unread_by_path(self) -> dict[str, IndexedPost]:
        return {p.relpath: p for p in self._index[2]}

    def front_matter(self, relpath: str) -> FrontMatter | None:
        """The front matter of an indexed post, read on first request; None when unreadable."""
        self._consulted(relpath)
        if relpath not in self._front_matter:
            try:
                source, problem = decode((self.root / relpath).read_bytes())
            except OSError:
                source, problem = None, True
            self._front_matter[relpath] = None if problem else parse_front_matter(source.text)
        return self._front_matter[relpath]

    def relpath(self, path: Path) -> str | None:
        """A path relative to the site root (posix), or None when it is outside the site."""
        absolute = os.path.abspath(path)  # fast, and right for every file that is not a symlink
        if absolute.startswith(self._root_prefix):
            return absolute[len(self._root_prefix):].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    @cached_property
    def _root_prefix(self) -> str:
        return str(self.root).rstrip(os.sep) + os.sep

    def jekyll_path(self, relpath: str) -> str:
        """Jekyll's ``relative_path`` of a post: relative to ``collections_dir`` (absolute when outside)."""
        coll = self.collections_dir
        if not coll:
            return relpath
        prefix = f"{coll}/"
        return relpath[len(prefix):] if relpath.startswith(prefix) else f"{self.root.as_posix()}/{relpath}"

    # -- one post, read on request --------------------------------------------------------

    def post_state(self, entry: IndexedPost, front_matter: FrontMatter | None = None) -> PostState:
        """What Jekyll makes of an indexed post (read on first request, then cached).

        ``front_matter``: the post's parsed front matter when the caller has it (a post being
        linted), so the file is not read again.
        """
        state = self._states.get(entry.relpath)
        if state is None:
            state = self._states[entry.relpath] = self._read_state(entry, front_matter)
        if self._facts is not None:
            self._consulted(entry.relpath)
            if state.future and state.epoch is not None and not math.isinf(state.epoch):
                self._facts.add(("until", state.epoch + 1))  # published from then on
        return state

    def _read_state(self, entry: IndexedPost, front_matter: FrontMatter | None) -> PostState:
        return _new_tuple(PostState, self._state_fields(entry, front_matter))

    def _state_fields(self, entry: IndexedPost, front_matter: FrontMatter | None,
                      data: bytes | None = None) -> tuple:
        """The fields of the post's :class:`PostState`, as a plain tuple (what :meth:`read_ahead`
        sends).  ``data``: the file's bytes when the caller has read them."""
        if front_matter is not None:
            problem = front_matter.problem.kind if front_matter.problem is not None else ""
            broken = problem in ("yaml", "not-a-mapping", "hostile")
            own = {} if broken else front_matter.data
        else:
            try:
                read = file_front_matter_data(data if data is not None else
                                              read_file(os.path.join(self._root_text, entry.relpath)))
            except OSError:
                read = None
            if read is None:  # unreadable, or not UTF-8
                return _UNREADABLE
            own, broken = read
        defaults = self.defaults_for(entry.relpath)

        published, published_by = _merged(own, defaults, "published")
        is_published = not (published_by and published in (None, False)) or self.flag("unpublished")
        render, _ = _merged(own, defaults, "render_with_liquid")

        raw_date, date_by = _merged(own, defaults, "date")
        moment = None
        if date_by:
            moment = self.jekyll_time(raw_date)
            date_text = str(raw_date)
            if moment is None:
                date_by = "invalid"
        elif broken:  # Jekyll stopped before reading the file name: the date is the build's time
            date_by, date_text = "build time", ""
            moment = self._local(self.build_time)
        elif entry.date is not None:  # the file name's (the index matched it with POST_NAME)
            date_by, date_text = "file name", entry.date
            moment = self.jekyll_time(entry.date)
        elif entry.kind == "draft":
            try:
                mtime = (self.root / entry.relpath).stat().st_mtime
            except OSError:
                mtime = self.build_time
            date_by, date_text = "file time", ""
            moment = self._local(mtime)
        else:
            date_by, date_text = "build time", ""
            moment = self._local(self.build_time)
        ymd, epoch = moment if moment else (None, None)
        future = epoch is not None and not self._future_shown and (
            epoch > self.build_time if math.isinf(epoch) else int(epoch) > int(self.build_time))

        slug, slug_by = _merged(own, defaults, "slug")
        if slug in (None, False):
            slug, slug_by = (None, "") if broken else (_file_slug(entry), "file name")
        return (True, broken, is_published, published_by if not is_published else "", future, ymd, epoch,
                date_by, date_text, slug, slug_by,
                render is not False and not entry.filename.endswith(_NOT_RENDERED))

    @cached_property
    def _future_shown(self) -> bool:
        return self.flag("future")

    def posts_setting_slug_and_date(self, slug: str) -> list[IndexedPost]:
        """Documents whose front matter may set both ``slug`` and ``date`` to values that their file
        names do not hold, with a ``slug:`` that may be ``slug``: the only posts Jekyll's fallback
        can reach that are not found by file name.  Reads the head of every document once (used
        only when a reference matched nothing), and keeps just their ``slug:`` lines."""
        if self._facts is not None:
            self._facts.add(("slug+date", self._slug_date_digest))
        wanted = slug.encode("utf-8", "surrogateescape")
        return [entry for entry, lines in self._slug_date_posts
                if lines is None or any(wanted in line for line in lines)]

    @cached_property
    def _slug_date_posts(self) -> list[tuple[IndexedPost, tuple[bytes, ...] | None]]:
        """(document, its ``slug:`` values, or None when they cannot be read off the lines)."""
        root = self._root_text
        found = ((entry, slug_lines_of_file(os.path.join(root, entry.relpath))) for entry in self._documents)
        return [(entry, lines) for entry, lines in found if lines is not False]

    # -- reading ahead, when a whole archive is linted by several processes --------------------

    def read_ahead(self, share: list[int]) -> list[tuple[tuple, tuple | bool]]:
        """For each document of ``share`` (indexes into :attr:`documents`): its state and what
        :attr:`_slug_date_posts` holds for it (False for nothing), as plain tuples for
        :meth:`learn` in another process.  A worker process reads its share of the site; the
        process that started it learns them all before it starts the workers that lint (which
        then read no other post, each on its own)."""
        docs, root = self._documents, self._root_prefix
        slug_dates = "_slug_date_posts" not in vars(self)
        read = []
        for index in share:
            entry = docs[index]
            try:  # one read for the state and the slug lines (the path as os.path.join makes it)
                data = read_file(root + entry.relpath)
            except OSError:
                read.append((tuple(self._states.get(entry.relpath) or _UNREADABLE), False))
                continue
            known = self._states.get(entry.relpath)
            state = tuple(known) if known is not None else self._state_fields(entry, None, data)
            read.append((state, slug_lines(data) if slug_dates else False))
        return read

    def learn(self, shares: list[list[int]], reads: list[list[tuple[tuple, tuple | bool]]]) -> None:
        """Take what :meth:`read_ahead` read of every document, share by share (all of them)."""
        docs, states = self._documents, self._states
        slug_dates = [] if "_slug_date_posts" not in vars(self) else None
        for share, read in zip(shares, reads):
            for index, (state, lines) in zip(share, read):
                entry = docs[index]
                states.setdefault(entry.relpath, _new_tuple(PostState, state))
                if slug_dates is not None and lines is not False:
                    slug_dates.append((index, entry, lines))
        if slug_dates is not None:
            slug_dates.sort(key=_FIRST)
            self._slug_date_posts = [(entry, lines) for _, entry, lines in slug_dates]

    def links_to_posts(self, sample: list[Path]) -> int:
        """How many ``{% post_url %}`` tags the files of ``sample`` hold: the rules that resolve
        them read the state of each post they name.  A quick count, not a parse, to judge
        whether reading every post's state ahead pays."""
        found = 0
        for path in sample:
            try:
                found += len(_POST_URL_TAG.findall(read_file(os.fspath(path))))
            except OSError:
                continue
        return found

    def unread_documents(self) -> list[int]:
        """Indexes (into :attr:`documents`) of the documents whose state is not known yet."""
        states = self._states
        return [i for i, entry in enumerate(self._documents) if entry.relpath not in states]

    # -- dates as Jekyll's Time ---------------------------------------------------------------

    def jekyll_time(self, value) -> tuple[tuple[int, int, int], float] | None:
        """A front-matter or file-name date as Jekyll's ``Utils.parse_date(value.to_s)`` gives it:
        the local (year, month, day) and the instant; None when Jekyll could not parse it."""
        if isinstance(value, datetime):
            if value.tzinfo is None:  # Psych reads a timestamp without a zone as UTC
                value = value.replace(tzinfo=timezone.utc)
            return self._local(value.timestamp())
        if isinstance(value, date):
            return self._midnight((value.year, value.month, value.day))
        if not isinstance(value, str):
            return None
        text = value.strip()
        ymd = ruby_date(text)
        if ymd is not None:
            return self._midnight(ymd)
        from .dates import parse_date  # "2025-01-02 10:00:00 +0900" and the like

        parsed = parse_date(text)
        if isinstance(parsed, datetime):
            if parsed.tzinfo is None:
                return self._naive_local(parsed)
            return self._local(parsed.timestamp())
        if isinstance(parsed, date):
            return self._midnight((parsed.year, parsed.month, parsed.day))
        return None

    def _local(self, epoch: float) -> tuple[tuple[int, int, int], float]:
        if self.timezone is None and _SAFE_EPOCHS[0] < epoch < _SAFE_EPOCHS[1]:
            return _local_date(epoch), epoch
        moment = datetime.fromtimestamp(epoch, self.timezone or timezone.utc)
        if self.timezone is None:
            moment = moment.astimezone()
        return (moment.year, moment.month, moment.day), epoch

    def _midnight(self, ymd: tuple[int, int, int]) -> tuple[tuple[int, int, int], float]:
        year = ymd[0]
        if year < 1:
            return ymd, float("-inf")
        if year > 9999:
            return ymd, float("inf")
        return ymd, self._naive_local(datetime(*ymd))[1]

    def _naive_local(self, moment: datetime) -> tuple[tuple[int, int, int], float]:
        if self.timezone is not None:
            epoch = moment.replace(tzinfo=self.timezone).timestamp()
        else:
            try:
                epoch = time.mktime(moment.timetuple())
            except (OverflowError, ValueError):
                epoch = moment.replace(tzinfo=timezone.utc).timestamp()
        return (moment.year, moment.month, moment.day), epoch

    # -- front matter defaults ----------------------------------------------------------------

    def defaults_for(self, relpath: str, doc_type: str = "posts") -> dict:
        """Front matter ``defaults:`` of ``_config.yml`` that apply to a file, merged as Jekyll's
        FrontmatterDefaults#all does (the longer scope path wins, then a scope with a type)."""
        defaults = self.config.get("defaults")
        if not isinstance(defaults, list) or not defaults:
            return {}
        by_type = self._defaults_by_type
        if by_type is not None and doc_type in by_type:
            return dict(by_type[doc_type])
        path = self.jekyll_path(relpath) if doc_type in ("posts", "drafts") else relpath
        merged: dict = {}
        old_scope = None
        for entry in defaults:
            if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
                continue
            scope = entry.get("scope")
            scope = scope if isinstance(scope, dict) else {}
            if not self._scope_applies(scope, path, doc_type):
                continue
            if old_scope is None or _has_precedence(old_scope, scope):
                merged = _deep_merge(merged, entry["values"])
                old_scope = scope
            else:
                merged = _deep_merge(entry["values"], merged)
        if by_type is not None:
            by_type[doc_type] = dict(merged)
        return merged

    @cached_property
    def _defaults_by_type(self) -> dict | None:
        """:meth:`defaults_for`'s merges by document type (filled as asked) when no scope of
        ``defaults`` names a path: which scopes apply then depends on the type alone (see
        :meth:`_scope_applies`); None when one does."""
        names_a_path = any(isinstance(entry, dict) and isinstance(entry.get("scope"), dict)
                           and isinstance(entry["scope"].get("path"), str) and entry["scope"]["path"]
                           for entry in self.config.get("defaults") or ())
        return None if names_a_path else {}

    def _scope_applies(self, scope: dict, path: str, doc_type: str) -> bool:
        if "type" in scope:
            wanted = {"page": "pages", "post": "posts", "draft": "drafts"}.get(str(scope["type"]), str(scope["type"]))
            if wanted != doc_type:
                return False
        scope_path = scope.get("path")
        if not isinstance(scope_path, str) or not scope_path:
            return True
        coll = self.collections_dir
        if "*" in scope_path:
            parts = path.split("/")
            pattern = scope_path.strip("/")
            if coll and pattern.startswith(coll + "/"):
                pattern = pattern[len(coll) + 1:]
            return any(_glob_path(pattern, "/".join(parts[:i])) for i in range(1, len(parts) + 1))
        if coll and scope_path.startswith(coll + "/"):
            scope_path = scope_path[len(coll) + 1:]
        return path.startswith(scope_path)


#: instants (seconds since the epoch) whose local date is in years 2 to 9998 in every time zone
_SAFE_EPOCHS = (datetime(2, 1, 2, tzinfo=timezone.utc).timestamp(),
                datetime(9998, 12, 30, tzinfo=timezone.utc).timestamp())


def _local_date(epoch: float) -> tuple[int, int, int]:
    """The date of ``datetime.fromtimestamp(epoch, timezone.utc).astimezone()``, without the
    datetimes and the named time zone it builds: that rounds ``epoch`` to microseconds (half
    to even) and takes its offset from ``localtime()`` of the whole seconds; the local date
    is the date of those seconds plus the offset (whole seconds: the microseconds never
    change it), which ``time.localtime`` gives.  The seconds are rounded here as CPython's
    ``_PyTime_DoubleToDenominator`` rounds them."""
    fraction, whole = math.modf(epoch)
    micro = round(fraction * 1e6)
    seconds = int(whole) + (micro >= 1_000_000) - (micro < 0)
    local = time.localtime(seconds)
    return local.tm_year, local.tm_mon, local.tm_mday


class _Walker:
    """One walk of the site's tree, as Jekyll's reader walks it (see the module's docstring)."""

    def __init__(self, site: Site):
        self.site = site
        self.posts: dict[str, IndexedPost] = {}
        self.drafts: dict[str, IndexedPost] = {}
        self.unread: list[IndexedPost] = []
        destination = site.config.get("destination")
        self.never = set(_NEVER_WALKED)
        if isinstance(destination, str) and destination.strip("/") and "/" not in destination.strip("/"):
            self.never.add(destination.strip("/"))

    def walk(self) -> tuple[dict, dict, list]:
        # (relative folder, why Jekyll does not walk it or None, by what, nested site folder or "")
        stack: list[tuple[str, str | None, str, str]] = [("", None, "", "")]
        root = str(self.site.root)
        while stack:
            rel_dir, reason, by, nested = stack.pop()
            try:
                with os.scandir(os.path.join(root, rel_dir) if rel_dir else root) as scan:
                    entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in scan]
            except OSError:
                continue
            if rel_dir and not nested and any(name in CONFIG_NAMES and not is_dir for name, is_dir in entries):
                nested = rel_dir
            children = []
            for name, is_dir in entries:
                if not is_dir or name in self.never or (name.startswith(".") and name != "."):
                    continue
                rel = f"{rel_dir}/{name}" if rel_dir else name
                if name in ("_posts", "_drafts"):
                    self._read_magic(rel_dir, name, reason, by, nested)
                    continue
                if reason is None:
                    child_reason, child_by = self._dir_reason(name, rel)
                else:
                    child_reason, child_by = reason, by
                if child_reason == "default-excluded":
                    continue  # node_modules, vendor/bundle: large, and never posts
                children.append((rel, child_reason, child_by, nested))
            stack.extend(reversed(sorted(children)))
        return self.posts, self.drafts, self.unread

    def _dir_reason(self, name: str, rel: str) -> tuple[str | None, str]:
        """Why Jekyll's read_directories does not enter a folder (EntryFilter#filter)."""
        site = self.site
        if name.endswith("."):
            return "backup", rel
        pattern = site.excluded_by(rel, True)
        if pattern is not None and not site._included(name):
            return ("default-excluded" if pattern in DEFAULT_EXCLUDES else "excluded"), pattern
        if site._included(name):
            return None, ""
        if name.startswith(_SPECIAL):
            return "special", rel
        if name.endswith("~"):
            return "backup", rel
        return None, ""

    def _read_magic(self, parent: str, magic: str, reason: str | None, by: str, nested: str) -> None:
        """Jekyll's PostReader on ``<parent>/_posts`` (or ``_drafts``): every file of its tree."""
        site = self.site
        base = f"{parent}/{magic}" if parent else magic
        kind = "post" if magic == "_posts" else "draft"
        if reason is None and site.collections_dir and not ("/" + parent).startswith("/" + site.collections_dir):
            reason, by = "collections-dir", site.collections_dir
        prefixes, glob = site._exclude_matchers
        per_file_exclude = bool(glob) or any(p.startswith(base + "/") for p in prefixes)
        jekyll_path = site.jekyll_path if site.collections_dir else None
        match_name = POST_NAME.match
        posts, drafts, unread = self.posts, self.drafts, self.unread
        hide_drafts = kind == "draft" and not site.show_drafts
        root = os.path.join(str(site.root), base)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # Ruby's Dir["**/*"]
            sub = os.path.relpath(dirpath, root).replace(os.sep, "/")
            sub = "" if sub == "." else sub + "/"
            for filename in filenames:
                if filename[0] == ".":
                    continue
                entry = sub + filename  # as Jekyll's get_entries sees it: relative to the magic folder
                relpath = f"{base}/{entry}"
                why, what = reason, by
                if why is None and (per_file_exclude or entry[0] in "_#~" or "/" in entry and filename[0] in "_#~"
                                    or entry[-1] in "~."):
                    why, what = self._entry_reason(entry, relpath, per_file_exclude)
                match = match_name(filename)
                if match:
                    date_part, slug, ext = match.groups()
                else:
                    date_part = slug = None
                    ext = os.path.splitext(filename)[1]
                    if kind == "post" or not ext:
                        why, what = why or "not-a-post-name", what or filename
                if why is None:
                    if ext in _DATA_EXTS:
                        why, what = "data-file", ext
                    elif nested:
                        why, what = "nested-site", nested
                    elif hide_drafts:
                        why, what = "drafts-hidden", base
                indexed = IndexedPost(relpath, filename, date_part, slug, ext, kind,
                                      jekyll_path(relpath) if jekyll_path else relpath, why, what)
                if why is None:
                    (posts if kind == "post" else drafts)[relpath] = indexed
                elif why == "drafts-hidden":
                    drafts[relpath] = indexed
                else:
                    unread.append(indexed)

    def _entry_reason(self, entry: str, relpath: str, check_exclude: bool) -> tuple[str | None, str]:
        """EntryFilter#filter on an entry of a ``_posts`` tree (``sub/2020-01-01-x.md``)."""
        site = self.site
        name = entry.rsplit("/", 1)[-1]
        if entry.endswith("."):
            return "backup", entry
        if check_exclude:
            pattern = site.excluded_by(relpath)
            if pattern is not None and not site._included(entry):
                return ("default-excluded" if pattern in DEFAULT_EXCLUDES else "excluded"), pattern
        if entry.startswith(_SPECIAL) or name.startswith(_SPECIAL):
            if site._included(entry):
                return None, ""
            return "special", entry.split("/", 1)[0] if entry.startswith(_SPECIAL) else name
        if entry.endswith("~"):
            return "backup", entry
        return None, ""


def _stat(path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (None, None)
    return (st.st_mtime_ns, st.st_size)


def _file_slug(entry: IndexedPost) -> str:
    """The slug Jekyll's populate_title takes from a file name (trailing dots dropped)."""
    if entry.date is not None:  # the index matched the name with POST_NAME
        slug = entry.slug
    else:
        filename = entry.filename
        slug = filename.rsplit(".", 1)[0] if "." in filename[1:] else filename
    return slug.rstrip(".")


def _merged(own: dict, defaults: dict, key: str) -> tuple:
    """A value of the post's data and where it comes from ("front matter", "defaults", or ""
    when neither sets it), as Jekyll merges them: a null in the front matter keeps the default."""
    if key in own and own[key] is not None:
        return own[key], "front matter"
    if key in defaults:
        return defaults[key], "defaults"
    if key in own:
        return None, "front matter"
    return None, ""


# -- patterns ------------------------------------------------------------------------------------------


def _matchers(patterns: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern | None]:
    """A prefix tuple (every pattern, for ``startswith``) and one regex for the glob patterns."""
    prefixes = tuple(p.lstrip("/") for p in patterns)
    globs = [fnmatch.translate(p.lstrip("/")) for p in patterns if any(c in p for c in "*?[")]
    return prefixes, (re.compile("|".join(f"(?:{g})" for g in globs)) if globs else None)


def _pattern_matches(pattern: str, relpath: str, is_dir: bool) -> bool:
    """EntryFilter#glob_include? for one string pattern, both sides relative to the site root:
    File.fnmatch? (``*`` crosses ``/``), or the path starts with the pattern, or a folder named
    by a pattern ending in ``/``."""
    pattern = pattern.lstrip("/")
    return (fnmatch.fnmatchcase(relpath, pattern) or relpath.startswith(pattern)
            or (is_dir and pattern == relpath + "/"))


def _glob_path(pattern: str, path: str) -> bool:
    """Dir.glob-style match: ``*`` stays within one path segment."""
    pattern_parts, path_parts = pattern.split("/"), path.split("/")
    return len(pattern_parts) == len(path_parts) and all(
        fnmatch.fnmatchcase(a, p) for p, a in zip(pattern_parts, path_parts))


def _sanitize_scope_path(path) -> str:
    if not isinstance(path, str) or not path:
        return ""
    return path.strip("/") if path.startswith("/") else path


def _has_precedence(old_scope: dict, new_scope: dict) -> bool:
    new_path, old_path = _sanitize_scope_path(new_scope.get("path")), _sanitize_scope_path(old_scope.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if "type" in new_scope:
        return True
    return "type" not in old_scope


def _deep_merge(master: dict, other: dict) -> dict:
    """Jekyll's Utils.deep_merge_hashes: nested mappings merge, a null keeps the old value."""
    merged = dict(master)
    for key, value in other.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _deep_merge(old, value)
        elif value is None and key in merged:
            continue
        else:
            merged[key] = value
    return merged


def _loader():
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def find_site_root(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` holding a ``_config.yml`` (remembered per folder
    for the run: discovery asks once per file)."""
    folder = start if start.is_dir() else start.parent
    key = (str(folder), str(stop) if stop is not None else None)
    if key not in _ROOTS:
        _ROOTS[key] = _find_site_root(folder.resolve(), stop)
    return _ROOTS[key]


_ROOTS: dict[tuple[str, str | None], Path | None] = {}


def _find_site_root(current: Path, stop: Path | None) -> Path | None:
    for folder in (current, *current.parents):
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            return folder
        if stop is not None and folder == stop:
            break
    return None
