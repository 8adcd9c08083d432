"""Online checks against a real HTTP server on 127.0.0.1 (allowed explicitly in each test's
configuration), the refusal of private addresses before any connection, and the result store.

Every test runs with ``guard``: a connection to anything but 127.0.0.1 fails the test and is
never made, so these tests cannot reach another machine.
"""

from __future__ import annotations

import asyncio.base_events
import json
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import run_cli, working_directory, write_site

from leadlint import online
from leadlint.config import apply_cli_overrides, load_config
from leadlint.run import Run

LARGE = 32 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head: bool):
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.log.append((self.command, self.path, time.monotonic()))
            server.seen[path] = server.seen.get(path, 0) + 1
            seen = server.seen[path]
        if path.startswith("/slow"):
            time.sleep(server.slow_seconds)
            return self.reply(200, head)
        if path == "/missing":
            return self.reply(404, head)
        if path == "/error":
            return self.reply(500, head)
        if path == "/moved":
            return self.reply(301, head, location="/ok")
        if path == "/found":
            return self.reply(302, head, location=f"http://127.0.0.1:{server.server_port}/ok?from=found")
        if path == "/loop-a":
            return self.reply(302, head, location="/loop-b")
        if path == "/loop-b":
            return self.reply(302, head, location="/loop-a")
        if path == "/busy":  # rate limited on the first request only
            return self.reply(429, head, headers={"Retry-After": "1"}) if seen == 1 else self.reply(200, head)
        if path == "/no-head":
            return self.reply(405, head, headers={"Allow": "GET"}) if head else self.reply(200, head)
        if path == "/to-metadata":
            return self.reply(302, head, location="http://169.254.169.254/latest/meta-data/")
        if path == "/to-private":
            return self.reply(302, head, location="http://10.0.0.1/internal")
        if path == "/large":  # refuses HEAD: the check has to GET it
            return self.reply(405, head) if head else self.large()
        return self.reply(200, head)

    def reply(self, status, head, location=None, headers=None):
        body = b"" if head else f"status {status}\n".encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def large(self):
        self.send_response(200)
        self.send_header("Content-Length", str(LARGE))
        self.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(LARGE // len(chunk)):
                self.wfile.write(chunk)
                with self.server.lock:
                    self.server.large_sent += len(chunk)
        except OSError:
            self.close_connection = True


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.lock = threading.Lock()
    httpd.log, httpd.seen, httpd.large_sent, httpd.slow_seconds = [], {}, 0, 5.0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def guard(monkeypatch):
    """Record every outgoing connection; refuse (and fail on) any to another address than 127.0.0.1."""
    attempts: list = []
    real = asyncio.base_events.BaseEventLoop.create_connection

    async def create_connection(self, protocol_factory, host=None, port=None, *args, **kwargs):
        attempts.append((host, port))
        if host != "127.0.0.1":
            raise AssertionError(f"connection attempted to {host}:{port}")
        return await real(self, protocol_factory, host, port, *args, **kwargs)

    real_connect = socket.socket.connect

    def connect(self, address):  # asyncio's non-blocking connect ends here too
        if not (isinstance(address, tuple) and address[0] == "127.0.0.1"):
            attempts.append(address)
            raise AssertionError(f"connection attempted to {address}")
        return real_connect(self, address)

    monkeypatch.setattr(asyncio.base_events.BaseEventLoop, "create_connection", create_connection)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def config_toml(allow=("127.0.0.1",), **options) -> str:
    settings = {"allow-hosts": list(allow), "timeout": 0.5, "max-retry-wait": 5.0, "max-bytes": 100_000, **options}
    lines = ["[rules.NET001]"] + [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def post(images=(), links=(), front_image=None) -> str:
    front = f'image: "{front_image}"\n' if front_image else ""
    body = "".join(f"![figure {i}]({url})\n\n" for i, url in enumerate(images))
    body += "".join(f"[link {i}]({url})\n\n" for i, url in enumerate(links))
    return f"---\ntitle: Online\n{front}---\n\n{body}"


def run(root: Path, select=("NET",), jobs=1, use_cache=False, cache_dir=None):
    with working_directory(root):
        config = load_config(root / ".leadlint.toml")
        apply_cli_overrides(config, select, (), ())
        started = time.monotonic()
        the_run = Run(config, [], jobs=jobs, use_cache=use_cache, cache_dir=cache_dir)
        findings = the_run.report().findings
        return findings, the_run, time.monotonic() - started


def by_url(findings, base):
    """{path of the URL on the test server: [(code, message), ...]}"""
    found: dict = {}
    for f in findings:
        url = f.message.rsplit("(", 1)[-1].rstrip(")")
        found.setdefault(url.replace(base, ""), []).append((f.code, f.message))
    return found


def test_statuses_timeouts_redirects_and_retries(tmp_path, server, guard):
    paths = ["/ok", "/missing", "/error", "/slow", "/moved", "/found", "/loop-a", "/busy", "/no-head", "/large"]
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=[server.base + p for p in paths]),
                          ".leadlint.toml": config_toml()})
    findings, the_run, elapsed = run(tmp_path)
    found = by_url(findings, server.base)

    assert "/ok" not in found
    assert found["/missing"] == [("NET001", f"image URL in a Markdown image answers 404 Not Found ({server.base}/missing)")]
    assert "answers 500 Internal Server Error" in found["/error"][0][1]
    assert found["/slow"][0][0] == "NET001" and "did not answer within 0.5 s" in found["/slow"][0][1]
    assert found["/moved"] == [("NET002", f"image URL in a Markdown image redirects (301) to {server.base}/ok; "
                                          f"name the target instead ({server.base}/moved)")]
    assert found["/found"][0][0] == "NET002" and f"redirects (302) to {server.base}/ok?from=found" in found["/found"][0][1]
    assert found["/loop-a"][0][0] == "NET001" and "redirects in a loop" in found["/loop-a"][0][1]
    assert "/busy" not in found and "/no-head" not in found and "/large" not in found
    # the finding sits at the URL in the post
    missing = next(f for f in findings if f.message.endswith("/missing)"))
    line = (tmp_path / "_posts/2025-01-10-a.md").read_text().splitlines()[missing.line - 1]
    assert line[missing.column - 1 : missing.end_column - 1] == server.base + "/missing"

    log = server.log
    busy = [t for method, path, t in log if path == "/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9  # Retry-After: 1 honoured
    assert [m for m, p, _ in log if p == "/no-head"] == ["HEAD", "GET"]  # GET when HEAD is refused
    assert [m for m, p, _ in log if p == "/large"] == ["HEAD", "GET"]
    assert all(m == "HEAD" for m, p, _ in log if p not in ("/no-head", "/large"))
    assert elapsed < 4.0  # the 5-second response never held the run up past its 0.5 s timeout
    # a GET reads at most max-bytes (and a chunk) of a large body, then hangs up
    large = next(r for r in the_run.linter.online.memory.values() if r.url.endswith("/large"))
    assert large.outcome == "ok" and 0 < large.bytes_read <= 100_000 + 65536
    assert server.large_sent < LARGE
    assert {host for host, _ in guard} == {"127.0.0.1"}


def test_a_host_that_does_not_answer_is_given_up_on(tmp_path, server):
    urls = [f"{server.base}/slow?n={i}" for i in range(12)]
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=urls), ".leadlint.toml": config_toml()})
    findings, _, elapsed = run(tmp_path)
    assert len(findings) == 12 and all(f.code == "NET001" for f in findings)
    assert any("not asked again" in f.message for f in findings)
    assert elapsed < 2.5  # 12 x 0.5 s / 2 at a time would be 3 s


def test_private_addresses_are_refused_before_any_connection(tmp_path, server, guard):
    urls = [f"{server.base}/ok", "http://10.0.0.1/photo.jpg", "http://169.254.169.254/latest/meta-data/",
            f"http://localhost:{server.server_port}/ok", "http://[::ffff:127.0.0.1]/x.png"]
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=urls), ".leadlint.toml": config_toml(allow=())})
    findings, _, _ = run(tmp_path)
    messages = {f.message.rsplit("(", 1)[-1].rstrip(")"): f.message for f in findings}
    assert "127.0.0.1 resolves to 127.0.0.1, a loopback address" in messages[f"{server.base}/ok"]
    assert "10.0.0.1 resolves to 10.0.0.1, a private address" in messages["http://10.0.0.1/photo.jpg"]
    assert "a cloud metadata address" in messages["http://169.254.169.254/latest/meta-data/"]
    assert "a loopback address" in messages[f"http://localhost:{server.server_port}/ok"]
    assert "a loopback address" in messages["http://[::ffff:127.0.0.1]/x.png"]
    assert all(f.code == "NET001" and "was not requested" in f.message for f in findings)
    assert guard == [] and server.log == []  # refused before connecting: not one attempt


def test_redirects_to_refused_addresses_are_not_followed(tmp_path, server, guard):
    urls = [f"{server.base}/to-metadata", f"{server.base}/to-private"]
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=urls), ".leadlint.toml": config_toml()})
    findings, _, _ = run(tmp_path)
    found = by_url(findings, server.base)
    assert found["/to-metadata"][0][0] == "NET001"
    assert ("redirects (302) to http://169.254.169.254/latest/meta-data/, which was not requested: "
            "169.254.169.254 resolves to 169.254.169.254, a cloud metadata address") in found["/to-metadata"][0][1]
    assert "http://10.0.0.1/internal, which was not requested" in found["/to-private"][0][1]
    assert {host for host, _ in guard} == {"127.0.0.1"}


def test_links_are_checked_only_with_the_links_mode(tmp_path, server):
    write_site(tmp_path, {
        "_posts/2025-01-10-a.md": post(images=[server.base + "/missing"], links=[server.base + "/error"])
        + f'<a href="{server.base}/moved">old</a>\n',
        ".leadlint.toml": config_toml(),
    })
    images = run_cli(["check", "--online", "--no-cache", "--format", "json"], tmp_path)
    assert images.returncode == 1, images.stderr
    assert [f["code"] for f in json.loads(images.stdout)["findings"] if f["code"].startswith("NET")] == ["NET001"]
    both = run_cli(["check", "--online=links", "--no-cache", "--format", "json"], tmp_path)
    found = {(f["code"], f["line"]) for f in json.loads(both.stdout)["findings"] if f["code"].startswith("NET")}
    assert found == {("NET001", 5), ("NET003", 7), ("NET004", 9)}
    assert "/missing" in json.dumps(json.loads(both.stdout))
    offline = run_cli(["check", "--no-cache", "--format", "json"], tmp_path)
    assert not [f for f in json.loads(offline.stdout)["findings"] if f["code"].startswith("NET")]


def test_results_are_reused_from_the_store(tmp_path, server):
    urls = [server.base + p for p in ("/ok", "/missing", "/moved")]
    text = post(images=urls, front_image=server.base + "/ok")
    write_site(tmp_path, {"_posts/2025-01-10-a.md": text, "_posts/2025-01-11-b.md": text,
                          ".leadlint.toml": config_toml()})
    cache = tmp_path / "cache"
    first, _, _ = run(tmp_path, jobs=2, use_cache=True, cache_dir=cache)  # forked workers, one check in the parent
    sent = len(server.log)
    assert sent == 4 and len(first) == 4  # each URL requested once for both posts (/moved, then /ok)
    assert (cache / "online.sqlite3").exists()

    again, the_run, _ = run(tmp_path, jobs=2, use_cache=True, cache_dir=cache)
    assert again == first and len(server.log) == sent  # no request at all
    (tmp_path / "_posts/2025-01-11-b.md").write_text(text + "\nMore text.\n")  # linted again: answers from the store
    edited, the_run, _ = run(tmp_path, jobs=1, use_cache=True, cache_dir=cache)
    assert len(edited) == 4 and len(server.log) == sent and the_run.linter.online.requests_sent == 0


def test_failures_are_checked_again_sooner(tmp_path, server):
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=[server.base + "/ok", server.base + "/missing"]),
                          ".leadlint.toml": config_toml(**{"failure-ttl": 0})})
    cache = tmp_path / "cache"
    run(tmp_path, use_cache=True, cache_dir=cache)
    (tmp_path / "_posts/2025-01-10-a.md").write_text(post(images=[server.base + "/ok", server.base + "/missing"]) + "x\n")
    findings, _, _ = run(tmp_path, use_cache=True, cache_dir=cache)
    assert [f.code for f in findings] == ["NET001"]
    assert server.seen == {"/ok": 1, "/missing": 2}


def test_no_cache_keeps_results_in_memory_only(tmp_path, server):
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=[server.base + "/missing"]),
                          ".leadlint.toml": config_toml()})
    findings, _, _ = run(tmp_path, jobs=2)
    assert [f.code for f in findings] == ["NET001"]
    assert not (tmp_path / ".leadlint_cache").exists()


def test_a_damaged_store_is_ignored(tmp_path, server):
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=[server.base + "/missing"]),
                          ".leadlint.toml": config_toml()})
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "online.sqlite3").write_bytes(b"not a database" * 100)
    findings, _, _ = run(tmp_path, use_cache=True, cache_dir=cache)
    assert [f.code for f in findings] == ["NET001"]


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "cloud metadata"), ("169.254.1.1", "link-local"),
    ("fe80::1%eth0", "link-local"), ("fd00:ec2::254", "cloud metadata"), ("100.100.100.200", "cloud metadata"),
    ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"), ("::ffff:10.0.0.1", "private"),
    ("2002:0a00:0001::1", "private"), ("100.64.0.1", "non-public"), ("240.0.0.1", "reserved"),
    ("93.184.215.14", None), ("2606:4700::6810:84e5", None),
])
def test_refusal_reasons(address, reason):
    assert online.refusal_reason(address) == reason


def test_allow_hosts_matching():
    settings = online.Settings.from_options({"allow-hosts": ["127.0.0.1", "*.corp.example", "Intranet."]})
    assert settings.allows("127.0.0.1") and settings.allows("wiki.corp.example") and settings.allows("intranet")
    assert not settings.allows("corp.example") and not settings.allows("localhost")


def test_retry_after_dates():
    assert online._retry_after("120") == 120
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))
    assert 55 <= online._retry_after(later) <= 61
    assert online._retry_after("soon") is None


def test_rules_are_off_by_default_and_ask_nothing_offline(tmp_path):
    registry = load_config(None).registry
    assert online.rules_for(registry, "images") == ["NET001", "NET002"]
    assert online.rules_for(registry, "links") == ["NET001", "NET002", "NET003", "NET004"]
    assert not any(registry.rules[c].enabled for c in online.rules_for(registry, "links"))


def test_the_default_path_imports_no_network_code(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-10-a.md": post(images=["https://example.com/a.png?w=1&w=2"])})
    code = ("import sys; from pathlib import Path; from leadlint.config import load_config; from leadlint.run import Run;"
            "Run(load_config(None), [], jobs=1, use_cache=False).report();"
            "print(sorted(m for m in ('httpx', 'httpcore', 'sqlite3', 'asyncio', 'ssl') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_a_certificate_that_does_not_verify_is_a_tls_error(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads, httpd.lock, httpd.log, httpd.seen, httpd.slow_seconds = True, threading.Lock(), [], {}, 1.0
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"https://127.0.0.1:{httpd.server_port}/ok"
        write_site(tmp_path / "site", {"_posts/2025-01-10-a.md": post(images=[url]), ".leadlint.toml": config_toml()})
        findings, _, _ = run(tmp_path / "site")
    finally:
        httpd.shutdown()
        httpd.server_close()
    [finding] = findings
    assert finding.code == "NET001" and "fails its TLS handshake" in finding.message
    assert "certificate" in finding.message and httpd.log == []
