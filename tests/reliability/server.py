"""Helpers for the reliability tests: the portal served by gunicorn as in production (DEBUG off,
several workers, a subprocess) against a PostgreSQL database, logged-in clerks' sessions
written straight into the database, a browser-like HTTP client, and a throwaway PostgreSQL
cluster of its own (for the outage test, which stops it).

Only the standard library here, plus Django for the sessions.
"""

import contextlib
import html.parser
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` for the database Django is connected to (``connection.settings_dict``:
    in a test, the test database)."""
    user = urllib.parse.quote(settings_dict.get("USER") or "", safe="")
    password = urllib.parse.quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def session_cookie(user) -> str:
    """A log-in session for ``user`` written into the database (as ``force_login`` does):
    the value of the session cookie. The server must share this process's SECRET_KEY."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


# --- gunicorn ---------------------------------------------------------------------------------


class Gunicorn:
    """``python -m gunicorn charter_portal.wsgi`` on 127.0.0.1, settings as in production except
    TLS (none on 127.0.0.1), static files (from the finders, no collectstatic) and email (to
    the console, that is the log). Use as a context manager; ``log()`` is what it printed."""

    def __init__(
        self,
        *,
        database_url: str,
        secret_key: str,
        workers: int = 3,
        threads: int = 1,
        preload: bool = True,
        extra_env: dict | None = None,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers, self.threads, self.preload = workers, threads, preload
        # Closed by __exit__: the server writes to it for as long as it runs.
        self._log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
        # Tasks run at once (no worker beside this server), unless extra_env says otherwise.
        env["PORTAL_TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
        env.update(
            dict(
                DJANGO_SETTINGS_MODULE="charter_portal.settings",
                DJANGO_DEBUG="0",
                DJANGO_SECRET_KEY=secret_key,
                DJANGO_ALLOWED_HOSTS="127.0.0.1",
                DJANGO_SECURE_SSL_REDIRECT="0",
                DJANGO_STATIC_MANIFEST="0",
                WHITENOISE_USE_FINDERS="1",
                DJANGO_LOG_LEVEL="WARNING",
                DATABASE_URL=database_url,
                PORTAL_SITE_URL=self.url,
            ),
            **(extra_env or {}),
        )
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "Gunicorn":
        command = [
            sys.executable, "-m", "gunicorn", "charter_portal.wsgi",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--graceful-timeout", "5", "--log-level", "warning",
        ]  # fmt: skip
        if self.preload:  # faster to start: the app is loaded once, before the fork
            command.append("--preload")
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log()}")
            with contextlib.suppress(OSError):
                if Browser(self.url).get("/ping/").status == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{self.log()}")

    def worker_pids(self) -> list[int]:
        """The workers' process ids (the master's children)."""
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError):
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
                if int(fields["PPid"]) == self.process.pid:
                    pids.append(int(status.parent.name))
        return sorted(pids)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # quick shutdown: nothing to finish
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log(self) -> str:
        return Path(self._log.name).read_text(errors="replace")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self._log.close()
        os.unlink(self._log.name)


# --- a browser-like client --------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Browser:
    """One browser: its cookies (Secure ones too: the server believes it is behind TLS), the
    CSRF token of the last form page, an ``Origin`` header on POSTs, no redirects followed.
    One connection per request, as a proxy in front of gunicorn's workers would."""

    base_url: str
    cookies: dict = field(default_factory=dict)
    csrf_token: str = ""
    timeout: float = 60

    def request(self, method: str, path: str, data: dict | list | None = None) -> Response:
        base = urllib.parse.urlsplit(self.base_url)
        headers = {"Host": base.netloc, "User-Agent": "charter-reliability-tests"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            fields = list(data.items()) if isinstance(data, dict) else list(data or [])
            if self.csrf_token and not any(k == "csrfmiddlewaretoken" for k, _ in fields):
                fields.append(("csrfmiddlewaretoken", self.csrf_token))
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"{base.scheme}://{base.netloc}"
        connection = http.client.HTTPConnection(base.hostname, base.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    cookie, _, _ = value.partition(";")
                    key, _, val = cookie.partition("=")
                    if "expires=thu, 01 jan 1970" in value.lower() or val == '""':
                        self.cookies.pop(key.strip(), None)
                    else:
                        self.cookies[key.strip()] = val.strip()
            headers_in = {name.lower(): value for name, value in raw.getheaders()}
        finally:
            connection.close()
        token = CSRF_FIELD.search(text)
        if token:
            self.csrf_token = token.group(1)
        return Response(raw.status, headers_in, text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict | list | None = None) -> Response:
        return self.request("POST", path, data)


class _FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "file"}:
                self.forms[-1].append(
                    (a["name"], a.get("value") or ("on" if kind in {"checkbox", "radio"} else ""))
                )
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1].append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            self.forms[-1].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(page_html: str, *, having: str) -> list[tuple[str, str]]:
    """The fields a browser would send from the page's form that has a field named ``having``:
    (name, value) pairs, as typed or selected."""
    parser = _FormParser()
    parser.feed(page_html)
    for form in parser.forms:
        if any(name == having for name, _ in form):
            return form
    raise AssertionError(f"no form with a field {having!r} on the page")


def replace_fields(fields: list[tuple[str, str]], **values) -> list[tuple[str, str]]:
    """``fields`` with the named fields' values replaced."""
    return [(name, values.get(name, value)) for name, value in fields]


# --- a throwaway PostgreSQL cluster -----------------------------------------------------------


def postgres_binaries() -> Path | None:
    """The newest PostgreSQL server's bin directory (as scripts/test finds it), or None."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)],
    )
    return found[-1].parent if found else None


class PostgresCluster:
    """A PostgreSQL cluster of its own (data in /tmp, a free port on 127.0.0.1, fsync off) that
    a test may stop and start. As root, the server runs as the ``postgres`` user (it refuses
    root), as in scripts/test."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="charter-outage-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)
        self.running = False

    def _run(self, *args, check=True):
        return subprocess.run(  # noqa: S603
            [*self.as_postgres, *args], cwd="/", capture_output=True, text=True, check=check
        )

    def init(self) -> "PostgresCluster":
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync", "-E", "UTF8", "--no-locale",
        )  # fmt: skip
        return self.start()

    def start(self) -> "PostgresCluster":
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"),
            "-w", "-t", "60", "-o", options, "start",
        )  # fmt: skip
        self.running = True
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, sql: str) -> str:
        result = subprocess.run(  # noqa: S603
            [str(self.bin / "psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
             "-d", self.url(database), "-c", sql],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    def createdb(self, name: str) -> None:
        subprocess.run(  # noqa: S603
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             "postgres", name],
            check=True, capture_output=True,
        )  # fmt: skip

    def copy_database(self, source_url: str, name: str) -> None:
        """A copy of another server's database (schema and rows) as ``name`` here."""
        self.createdb(name)
        dump = subprocess.run(  # noqa: S603
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges", "-d", source_url],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(  # noqa: S603
            [str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(name)],
            input=dump.stdout, check=True, capture_output=True,
        )  # fmt: skip

    def remove(self) -> None:
        if self.running:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop",
                      check=False)  # fmt: skip
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.init()
        except BaseException:
            self.remove()
            raise

    def __exit__(self, *exc):
        self.remove()
