"""Slow clients against the portal, with and without the buffering proxy of
deploy/nginx-charter.conf: for tests/reliability/test_slow_clients.py and bench/slow-clients.

A slow client opens a connection and sends its request a byte at a time (the headers, or the
body of a POST), so that whatever reads it waits. gunicorn's sync workers read a request in
the worker that answers it: a handful of slow clients take every worker, and nobody else is
answered. nginx reads every request itself, and passes it on only once it is whole.

Only the standard library here.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .server import ROOT, free_port

NGINX_CONF = ROOT / "deploy" / "nginx-charter.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


class Nginx:
    """nginx in the foreground with the portal's own server block (deploy/nginx-charter.conf),
    listening on a free port of 127.0.0.1 and passing to ``upstream`` ("127.0.0.1:PORT"). All
    its files under a temporary directory. A context manager."""

    def __init__(self, upstream: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="charter-nginx-"))
        server = NGINX_CONF.read_text()
        server = server.replace("__LISTEN__", f"127.0.0.1:{self.port}")
        server = server.replace("__GUNICORN__", upstream)
        (self.dir / "charter.conf").write_text(server)
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = {
            name: self.dir / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        }
        (self.dir / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {self.dir / 'nginx.pid'};\n"
            f"error_log {self.dir / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            f"  access_log off;\n"
            f"  client_body_temp_path {temp['client_body']};\n"
            f"  proxy_temp_path {temp['proxy']};\n"
            f"  fastcgi_temp_path {temp['fastcgi']};\n"
            f"  uwsgi_temp_path {temp['uwsgi']};\n"
            f"  scgi_temp_path {temp['scgi']};\n"
            f"  include {self.dir / 'charter.conf'};\n"
            "}\n"
        )
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        self.process = subprocess.Popen(  # noqa: S603
            [binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited at start: {self.log()}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen in 10 s: {self.log()}")

    def log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class SlowClients:
    """``count`` connections to ``url``, each sending its request ``interval`` seconds a byte:
    half of them the headers of a GET, half the body of a POST (headers whole, then the body).
    A connection that is closed on them is opened again. A context manager."""

    url: str
    count: int
    interval: float = 1.0
    opened: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list = field(default_factory=list)

    def _one(self, n: int):
        host, port = self.url.removeprefix("http://").split(":")
        post = n % 2 == 1
        while not self.stop.is_set():
            try:
                with socket.create_connection((host, int(port)), timeout=5) as sock:
                    self.opened += 1
                    if post:
                        sock.sendall(
                            b"POST /ping/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\n"
                            b"Content-Length: 100000\r\n\r\n"
                        )
                        drip = b"a" * 100_000
                    else:
                        sock.sendall(b"GET /ping/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                        drip = b"X-Slow: " + b"z" * 100_000
                    for byte in drip:
                        if self.stop.wait(self.interval):
                            return
                        sock.sendall(bytes([byte]))
            except OSError:
                if self.stop.wait(0.2):
                    return

    def __enter__(self):
        for n in range(self.count):
            thread = threading.Thread(target=self._one, args=(n,), daemon=True)
            thread.start()
            self.threads.append(thread)
        time.sleep(min(2.0, 0.02 * self.count + 0.5))  # every connection open and started
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)


def probe(url: str, *, timeout: float = 2.0) -> float | None:
    """Seconds for ``GET /ping/`` to answer "ok", or None if it did not within ``timeout``."""
    host, port = url.removeprefix("http://").split(":")
    started = time.monotonic()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", "/ping/")
        response = connection.getresponse()
        ok = response.status == 200 and response.read() == b"ok"
    except OSError:
        return None
    finally:
        connection.close()
    return time.monotonic() - started if ok else None


def probes(url: str, *, seconds: float, every: float = 0.25, timeout: float = 2.0) -> list:
    """``probe`` again and again for ``seconds``: each answer's seconds, or None."""
    found = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found.append(probe(url, timeout=timeout))
        time.sleep(every)
    return found


def warm_up(url: str, workers: int) -> None:
    """Ask every worker once, with time to spare: a worker's first request loads the URL
    configuration and templates (a second or more on a busy machine), which is not what the
    probes measure."""
    for _ in range(workers * 3):
        probe(url, timeout=15)
