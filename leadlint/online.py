"""Online checks: is an external URL still there?  The engine's HTTP machinery.

Rules that need the network mark their check with :func:`network` (``"images"`` or
``"links"``) and ask for results with :func:`results`; they never open a connection.  A run
goes like this (see ``Linter.lint_paths``):

1. Every file is linted as usual.  A rule asking about a URL gets the stored result when
   there is a fresh one; the others are recorded as *waiting*, and the rule says nothing
   about them yet.
2. The parent process checks every waiting URL of the whole run at once (deduplicated), on
   one event loop in a thread of its own, with a global and a per-host limit.
3. Only the files that waited are linted again; now every answer is known.

So no post waits for another post's slow host, limits hold across worker processes (they
never do network I/O), nothing asynchronous ever crosses a ``fork``, and a CDN image named
by a thousand posts is requested once.

Politeness: HEAD first, GET when a server refuses HEAD (405, 501, 400, 403); a GET reads at
most ``max-bytes`` of the body; 429 and 503 are retried after ``Retry-After`` (seconds or a
date), else with exponential backoff, and a host that asked to wait gets no request until
then; every request has a total deadline (``timeout``, connect to last byte), and a host that
keeps failing to answer is not asked again in the run.  The User-Agent names leadlint.

Safety (a CI runner can reach its cloud's metadata service and the private network): only
http and https; redirects are followed by hand, one hop at a time; every connection, for
the first URL and for each redirect target, is opened by :class:`_GuardedBackend`, which
resolves the host itself, refuses when *any* address is loopback, private, link-local,
reserved, multicast, unspecified, otherwise not global, or a cloud metadata address (unless
the host is listed in ``allow-hosts``), and then connects to exactly the address it checked.
Environment proxies are ignored (a proxy would do its own resolving).

Results are stored in ``online.sqlite3`` in the run's cache folder (SQLite in WAL mode: safe
for worker processes and concurrent runs), reused for ``ttl`` seconds, failures for
``failure-ttl``.  Nothing heavy (httpx, asyncio, sqlite3) is imported unless a run checks
URLs: this module is imported whenever the rules are loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__

#: what ``--online`` turns on: the kinds of network checks each mode runs
MODES = {"images": ("images",), "links": ("images", "links")}

#: the options of the online family, declared on one of its rules and shared by the others
DEFAULT_OPTIONS = {
    "timeout": 10.0,
    "max-bytes": 65536,
    "retries": 2,
    "max-retry-wait": 30.0,
    "max-redirects": 10,
    "per-host": 2,
    "concurrency": 16,
    "allow-hosts": [],
    "ttl": 86400,
    "failure-ttl": 3600,
    "user-agent": "",
}

USER_AGENT = f"leadlint/{__version__} (link checker; +https://github.com/leadlint/leadlint)"
STORE_NAME = "online.sqlite3"
_REDIRECTS = {301, 302, 303, 307, 308}
#: statuses with which a server refuses HEAD but may answer GET
_HEAD_REFUSED = {400, 403, 405, 501}
_RETRIED = {429, 503}
#: consecutive failures to answer after which a host is not asked again in this run
_HOST_FAILURES = 3
#: addresses of cloud instance metadata services (some are not in a special-purpose block)
_METADATA = {"169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16", "fd00:ec2::254"}


def network(kind: str) -> Callable:
    """Mark a rule's check as needing the network: ``kind`` is ``"images"`` or ``"links"``.

    ``--online`` selects every rule marked ``images``; ``--online=links`` also those marked
    ``links``.  Put it under ``@rule``.
    """
    if kind not in MODES:
        raise ValueError(f"network kind {kind!r} must be one of {', '.join(MODES)}")

    def mark(check: Callable) -> Callable:
        check.network = kind
        return check

    return mark


def network_kind(rule) -> str | None:
    return getattr(rule.check, "network", None)


def rules_for(registry, mode: str) -> list[str]:
    """Codes of the rules ``--online=mode`` turns on."""
    kinds = MODES[mode]
    return [code for code, r in registry.rules.items() if network_kind(r) in kinds]


# -- settings and results -------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The family's options, as the checker uses them (hashable: requests are grouped by them)."""

    timeout: float = 10.0
    max_bytes: int = 65536
    retries: int = 2
    max_retry_wait: float = 30.0
    max_redirects: int = 10
    per_host: int = 2
    concurrency: int = 16
    allow_hosts: tuple[str, ...] = ()
    ttl: float = 86400
    failure_ttl: float = 3600
    user_agent: str = USER_AGENT

    @classmethod
    def from_options(cls, options: dict) -> Settings:
        o = {**DEFAULT_OPTIONS, **options}
        return cls(
            timeout=max(0.05, float(o["timeout"])),
            max_bytes=max(0, int(o["max-bytes"])),
            retries=max(0, int(o["retries"])),
            max_retry_wait=max(0.0, float(o["max-retry-wait"])),
            max_redirects=max(0, int(o["max-redirects"])),
            per_host=max(1, int(o["per-host"])),
            concurrency=max(1, int(o["concurrency"])),
            allow_hosts=tuple(sorted({_host_key(str(h)) for h in o["allow-hosts"]})),
            ttl=float(o["ttl"]),
            failure_ttl=float(o["failure-ttl"]),
            user_agent=str(o["user-agent"]) or USER_AGENT,
        )

    def key(self, url: str) -> str:
        """The store's key: the URL and the settings that change its answer."""
        basis = json.dumps([url, self.allow_hosts, self.max_redirects])
        return hashlib.blake2b(basis.encode(), digest_size=16).hexdigest()

    def allows(self, host: str) -> bool:
        host = _host_key(host)
        return any(host == a or (a.startswith("*.") and host.endswith(a[1:])) for a in self.allow_hosts)


def _host_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


@dataclass(frozen=True)
class UrlResult:
    """What checking one URL found.

    ``outcome``: ``ok``, ``redirect`` (ends at ``target`` with a good answer), or a failure:
    ``http`` (4xx/5xx), ``timeout``, ``tls``, ``dns``, ``connection``, ``loop`` (a redirect loop
    or too many redirects), ``refused`` (an address leadlint does not request), ``scheme``
    (a redirect away from http/https), ``error``.  ``message`` is a phrase to follow "the URL":
    "answers 404 Not Found", "redirects (301) to …, which answers 410 Gone".
    """

    url: str
    outcome: str
    message: str
    status: int | None = None
    #: where the redirects ended (None without redirects)
    target: str | None = None
    #: the first redirect's status
    redirect_status: int | None = None
    checked_at: float = 0.0
    #: body bytes read (GET only; never much more than max-bytes)
    bytes_read: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome in ("ok", "redirect")

    def fresh_until(self, settings: Settings) -> float:
        return self.checked_at + (settings.ttl if self.ok else settings.failure_ttl)


Request = tuple  # (url, Settings)


# -- what rules call --------------------------------------------------------------------------


def results(urls: Iterable[str], options: dict) -> dict[str, UrlResult]:
    """Known results for ``urls`` (absolute http/https URLs) checked with ``options``.

    A URL without a fresh result is missing from the answer and recorded as waiting: the
    run checks it and lints the post again.  Outside a run that checks URLs, nothing is known.
    """
    session = _ACTIVE
    if session is None:
        return {}
    settings = session.settings_for(options)
    found = {}
    for url in dict.fromkeys(urls):
        result = session.lookup(url, settings)
        if result is not None:
            found[url] = result
    return found


# -- the session: one per run, shared by worker processes through fork ----------------------------


@dataclass
class Usage:
    """What one post's rules asked: requests still waiting, and when the answers used expire."""

    waiting: set = field(default_factory=set)
    valid_until: float | None = None


_ACTIVE: Session | None = None


class Session:
    """Results of one run: those checked in it (in memory) over those stored (SQLite)."""

    def __init__(self):
        self.memory: dict[str, UrlResult] = {}
        self.store: _Store | None = None
        self.requests_sent = 0
        self._usage: Usage | None = None
        self._settings: dict[str, Settings] = {}

    def use_store(self, folder: Path) -> None:
        """Keep results in ``folder`` (the run's cache folder) across runs."""
        self.store = _Store(folder / STORE_NAME)

    def settings_for(self, options: dict) -> Settings:
        basis = json.dumps(options, sort_keys=True, default=str)
        settings = self._settings.get(basis)
        if settings is None:
            settings = self._settings[basis] = Settings.from_options(options)
        return settings

    @contextlib.contextmanager
    def recording(self) -> Iterator[Usage]:
        """Make this the session rules ask, and collect what one post's rules asked."""
        global _ACTIVE
        previous, _ACTIVE = _ACTIVE, self
        self._usage = usage = Usage()
        try:
            yield usage
        finally:
            _ACTIVE, self._usage = previous, None

    def lookup(self, url: str, settings: Settings) -> UrlResult | None:
        key = settings.key(url)
        result = self.memory.get(key)
        if result is None and self.store is not None:
            result = self.store.get(key)
            if result is not None and result.fresh_until(settings) <= time.time():
                result = None
        usage = self._usage
        if result is None:
            if usage is not None:
                usage.waiting.add((url, settings))
            return None
        if usage is not None:
            until = result.fresh_until(settings)
            usage.valid_until = until if usage.valid_until is None else min(usage.valid_until, until)
        return result

    def check(self, requests: Iterable[Request]) -> None:
        """Check the URLs (in this process, on an event loop of its own) and keep the answers."""
        todo = {}
        for url, settings in requests:
            key = settings.key(url)
            if key not in self.memory:
                todo[key] = (url, settings)
        if not todo:
            return
        checked = _run_checks(list(todo.values()))
        self.requests_sent += checked.pop("", 0)
        for key, (url, settings) in todo.items():
            result = checked.get(key) or UrlResult(url, "error", "could not be checked (internal error)",
                                                   checked_at=time.time())
            self.memory[key] = result
        if self.store is not None:
            self.store.put({key: self.memory[key] for key in todo})


class _Store:
    """URL results in SQLite (WAL): one connection per process, opened on first use, so a
    forked worker never uses its parent's connection.  Any database problem turns the store
    off for the run (results are then only kept in memory); it never fails the lint."""

    _TABLE = "url_results_v1"

    def __init__(self, path: Path):
        self.path = path
        self._connection = None
        self._pid = None
        self._off = False

    def _db(self):
        if self._off:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        if self._connection is not None:
            # inherited through fork: SQLite forbids using it, and closing it here could
            # disturb the parent's locks; keep it referenced and open a connection of our own
            _INHERITED.append(self._connection)
        import sqlite3

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by leadlint\n*\n", encoding="utf-8")
            connection = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(f"CREATE TABLE IF NOT EXISTS {self._TABLE} "
                               "(key TEXT PRIMARY KEY, checked_at REAL NOT NULL, result TEXT NOT NULL)")
        except (sqlite3.Error, OSError):
            self._off = True
            return None
        self._connection, self._pid = connection, os.getpid()
        return connection

    def get(self, key: str) -> UrlResult | None:
        db = self._db()
        if db is None:
            return None
        import sqlite3

        try:
            row = db.execute(f"SELECT result FROM {self._TABLE} WHERE key = ?", (key,)).fetchone()
            return UrlResult(**json.loads(row[0])) if row else None
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def put(self, results: dict[str, UrlResult]) -> None:
        db = self._db()
        if db is None or not results:
            return
        import sqlite3

        rows = [(key, r.checked_at, json.dumps(asdict(r))) for key, r in results.items()]
        try:
            with contextlib.closing(db.cursor()) as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.executemany(f"INSERT OR REPLACE INTO {self._TABLE} VALUES (?, ?, ?)", rows)
                cursor.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")


_INHERITED: list = []


# -- the checker ----------------------------------------------------------------------------------


def _run_checks(requests: list[Request]) -> dict[str, object]:
    """Run the asynchronous checker on a loop in a thread of its own (so it works even when
    the caller has an event loop running) and return results by store key; key "" holds the
    number of HTTP requests sent."""
    import asyncio
    import threading

    box: dict = {}

    def target() -> None:
        try:
            box["results"] = asyncio.run(_check_all(requests))
        except BaseException as error:  # reported below as results, never raised
            box["error"] = error

    thread = threading.Thread(target=target, name="leadlint-online", daemon=True)
    thread.start()
    thread.join()
    if "results" in box:
        return box["results"]
    error = box.get("error")
    now = time.time()
    return {s.key(url): UrlResult(url, "error", f"could not be checked ({type(error).__name__}: {error})",
                                  checked_at=now) for url, s in requests}


async def _check_all(requests: list[Request]) -> dict[str, object]:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    groups: dict[Settings, list[str]] = {}
    for url, settings in requests:
        groups.setdefault(settings, []).append(url)
    found: dict[str, object] = {"": 0}
    # name lookups run in threads of their own; a hung resolver is abandoned, not waited for
    resolver = ThreadPoolExecutor(max_workers=8, thread_name_prefix="leadlint-dns")
    try:
        for settings, urls in groups.items():
            checker = _Checker(settings, resolver)
            async with checker.client:
                answers = await asyncio.gather(*(checker.check(url) for url in urls))
            found.update({settings.key(url): answer for url, answer in zip(urls, answers)})
            found[""] += checker.sent
    finally:
        resolver.shutdown(wait=False, cancel_futures=True)
    return found


class RefusedAddress(Exception):
    """The host resolves to an address leadlint does not request."""

    def __init__(self, host: str, address: str, kind: str):
        super().__init__(f"{host} resolves to {address}, a {kind} address")
        self.host, self.address, self.kind = host, address, kind


class Unresolvable(Exception):
    pass


def refusal_reason(address: str) -> str | None:
    """Why an IP address must not be requested (``"private"``, ``"cloud metadata"``, ...), or None."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparsable"
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            inner = refusal_reason(str(embedded))
            if inner:
                return inner
    if str(ip) in _METADATA:
        return "cloud metadata"
    for attribute, kind in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                            ("is_multicast", "multicast"), ("is_unspecified", "unspecified"),
                            ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, attribute):
            return kind
    if not ip.is_global:
        return "non-public"
    return None


class _GuardedBackend:
    """httpcore's network backend with the address check in front of every connection.

    httpcore calls ``connect_tcp(host, ...)`` with the URL's host whenever it opens a
    connection (first request, each redirect to a new origin, after a connection closed).
    We resolve the host here, check *every* address it resolves to, and hand the inner
    backend the checked IP address itself: there is no second lookup between the check and
    the connection, so DNS rebinding cannot swap in another address.  TLS still verifies the
    certificate against (and sends SNI for) the URL's host name, and the Host header is the
    URL's, because httpcore takes both from the request's origin, not from the address.
    """

    def __init__(self, settings: Settings, resolver):
        import httpcore

        self.settings = settings
        self.resolver = resolver
        self.inner = httpcore.AnyIOBackend()

    async def _addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
        import asyncio
        import socket

        loop = asyncio.get_running_loop()
        lookup = loop.run_in_executor(self.resolver, socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        try:
            infos = await asyncio.wait_for(lookup, timeout)
        except socket.gaierror as error:
            raise Unresolvable(f"{host} does not resolve ({error.strerror or error})") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise Unresolvable(f"{host} does not resolve")
        if not self.settings.allows(host):
            for address in addresses:
                kind = refusal_reason(address)
                if kind is not None:
                    raise RefusedAddress(host, address, kind)
        return addresses

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: BaseException | None = None
        for address in await self._addresses(host, port, timeout):
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except Exception as error:  # try the host's next address
                last = error
        raise last  # type: ignore[misc]

    async def connect_unix_socket(self, *args, **kwargs):
        raise RefusedAddress("a Unix socket", "-", "local")

    async def sleep(self, seconds: float) -> None:
        import asyncio

        await asyncio.sleep(seconds)


@dataclass
class _Answer:
    """One HTTP exchange, or why there was none."""

    status: int | None = None
    location: str | None = None
    retry_after: float | None = None
    bytes_read: int = 0
    failure: str | None = None  # an outcome kind: timeout, tls, dns, connection, refused, error
    message: str = ""


@dataclass
class _Host:
    limit: object  # asyncio.Semaphore
    not_before: float = 0.0
    failures: int = 0
    gave_up: _Answer | None = None


class _Checker:
    def __init__(self, settings: Settings, resolver):
        import asyncio

        import httpcore
        import httpx

        self.settings = settings
        self.limit = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, _Host] = {}
        self.sent = 0
        transport = httpx.AsyncHTTPTransport(trust_env=False)
        # httpx has no public way to give its transport a network backend; the pool it builds
        # is replaced by the same pool with ours (the guard above)
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=settings.concurrency,
            max_keepalive_connections=settings.concurrency,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(settings, resolver),
        )
        self.client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # no environment proxies: a proxy would resolve names itself
            timeout=httpx.Timeout(settings.timeout),
            headers={"User-Agent": settings.user_agent, "Accept": "*/*"},
        )

    async def check(self, url: str) -> UrlResult:
        try:
            return await self._follow(url)
        except Exception as error:  # a URL must never take the run down
            return UrlResult(url, "error", f"could not be checked ({type(error).__name__}: {error})",
                             checked_at=time.time())

    async def _follow(self, url: str) -> UrlResult:
        from urllib.parse import urljoin, urlsplit

        chain = [url]
        current, first_status = url, None

        def done(outcome: str, problem: str, status: int | None = None, bytes_read: int = 0) -> UrlResult:
            moved = current != url
            if moved and outcome != "ok":
                problem = f"redirects ({first_status}) to {current}, which {problem}"
            elif moved:
                outcome, problem = "redirect", f"redirects ({first_status}) to {current}"
            return UrlResult(url, outcome, problem, status, current if moved else None, first_status,
                             time.time(), bytes_read)

        while True:
            parts = urlsplit(current)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                return done("scheme", "is not an http or https URL; not followed")
            answer = await self._fetch(current, parts.hostname)
            if answer.failure is not None:
                return done(answer.failure, answer.message)
            status = answer.status or 0
            if status in _REDIRECTS and answer.location:
                target = urljoin(current, answer.location.strip())
                first_status = first_status or status
                if target in chain:
                    loop = " → ".join([*chain[chain.index(target):], target])
                    return UrlResult(url, "loop", f"redirects in a loop ({loop})", status, target, first_status,
                                     time.time())
                if len(chain) > self.settings.max_redirects:
                    return UrlResult(url, "loop", f"redirects more than {self.settings.max_redirects} times "
                                     f"(last to {target})", status, target, first_status, time.time())
                chain.append(target)
                current = target
                continue
            if status >= 400:
                return done("http", f"answers {_status_text(status)}{answer.message}", status, answer.bytes_read)
            return done("ok", f"answers {_status_text(status)}", status, answer.bytes_read)

    def _host(self, hostname: str) -> _Host:
        import asyncio

        key = _host_key(hostname)
        host = self.hosts.get(key)
        if host is None:
            host = self.hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host))
        return host

    async def _fetch(self, url: str, hostname: str) -> _Answer:
        """One URL of a redirect chain: HEAD (GET when HEAD is refused), retried on 429/503."""
        import asyncio

        host = self._host(hostname)
        loop = asyncio.get_running_loop()
        async with host.limit:
            if host.gave_up is not None:
                return _Answer(failure=host.gave_up.failure,
                               message=f"{host.gave_up.message} (not asked again: the host failed "
                                       f"{_HOST_FAILURES} requests in a row)")
            for attempt in range(self.settings.retries + 1):
                wait = host.not_before - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                async with self.limit:
                    answer = await self._head_then_get(url)
                if answer.status not in _RETRIED or attempt == self.settings.retries:
                    break
                wait = answer.retry_after if answer.retry_after is not None else 2.0 ** attempt
                if wait > self.settings.max_retry_wait:
                    answer.message = f" (asked to retry after {wait:g} s, more than max-retry-wait)"
                    break
                # the whole host waits, not only this URL
                host.not_before = max(host.not_before, loop.time() + wait)
            if answer.status in _RETRIED and not answer.message and self.settings.retries:
                answer.message = f" (after {self.settings.retries} retries)"
            if answer.failure in ("timeout", "connection", "dns"):
                host.failures += 1
                if host.failures >= _HOST_FAILURES:
                    host.gave_up = answer
            elif answer.failure is None:
                host.failures = 0
            return answer

    async def _head_then_get(self, url: str) -> _Answer:
        answer = await self._send("HEAD", url)
        if answer.status not in _HEAD_REFUSED:
            return answer
        return await self._send("GET", url)

    async def _send(self, method: str, url: str) -> _Answer:
        import asyncio
        import ssl

        import httpx

        try:
            return await asyncio.wait_for(self._exchange(method, url), self.settings.timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            return _Answer(failure="timeout", message=f"did not answer within {self.settings.timeout:g} s")
        except RefusedAddress as error:
            return _Answer(failure="refused", message=(
                f"was not requested: {error} (leadlint never requests loopback, private, link-local or "
                "metadata addresses; list the host in allow-hosts to check it)"))
        except Unresolvable as error:
            return _Answer(failure="dns", message=f"cannot be reached: {error}")
        except httpx.ConnectError as error:
            cause = _cause(error, ssl.SSLError)
            if cause is not None:
                reason = getattr(cause, "verify_message", None) or getattr(cause, "reason", None) or cause
                return _Answer(failure="tls", message=f"fails its TLS handshake ({reason})")
            return _Answer(failure="connection", message=f"cannot be reached ({_cause_text(error)})")
        except httpx.HTTPError as error:
            return _Answer(failure="error", message=f"gives a broken answer ({type(error).__name__}: "
                                                    f"{_cause_text(error)})")

    async def _exchange(self, method: str, url: str) -> _Answer:
        request = self.client.build_request(method, url)
        self.sent += 1
        response = await self.client.send(request, stream=True)
        try:
            read = 0
            if method == "GET" and self.settings.max_bytes:
                async for chunk in response.aiter_raw():
                    read += len(chunk)
                    if read >= self.settings.max_bytes:
                        break  # enough: closing the response drops the connection
            return _Answer(response.status_code, response.headers.get("location"),
                           _retry_after(response.headers.get("retry-after")), read)
        finally:
            await response.aclose()


def _status_text(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _cause(error: BaseException, kind: type) -> BaseException | None:
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _cause_text(error: BaseException) -> str:
    innermost = error
    seen = set()
    while (innermost.__cause__ or innermost.__context__) is not None and id(innermost) not in seen:
        seen.add(id(innermost))
        innermost = innermost.__cause__ or innermost.__context__
    return str(innermost) or str(error) or type(innermost).__name__
