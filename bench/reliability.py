"""What bench/soak and bench/faults share: a portal set up as bench/run sets it up
(its own throwaway PostgreSQL cluster, ``migrate``, ``bootstrap``, bench/generate.py, gunicorn
with DEBUG off), a load of mixed reading and writing, an SMTP sink, and the checks that nothing
was half-written.

The pieces come from tests/reliability/server.py (the cluster, gunicorn, a browser-like client),
and the writes are bench/flows.py's steps, so that the tests, the benchmark and these scripts
walk the same requests. Not a test: never run by CI.
"""

import collections
import contextlib
import json
import os
import random
import secrets
import socket
import socketserver
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from flows import FLOWS  # noqa: E402

from tests.reliability.server import (  # noqa: E402
    Browser,
    Gunicorn,
    PostgresCluster,
    free_port,
    postgres_binaries,
)

UNAVAILABLE = "Sorry, the service is unavailable"


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


# --- the portal ---------------------------------------------------------------------------------


class Portal:
    """A throwaway cluster with one database, migrated, bootstrapped and filled by
    bench/generate.py, served by gunicorn (sync workers, no preload: as the README's deploy
    section runs it). ``smtp_port`` sends email through SMTP on 127.0.0.1 (no TLS), else to
    the console (gunicorn's log). With ``background``, a tasks worker (``db_worker``) and the
    scheduler (``run_schedules``) run beside gunicorn, as the README's deploy section runs
    them (``worker_kill``/``worker_start`` to kill one mid-task)."""

    def __init__(
        self,
        *,
        run_dir: Path,
        generate_args: list[str],
        workers: int,
        smtp_port=0,
        background: bool = False,
    ):
        self.run_dir = run_dir
        self.generate_args = generate_args
        self.workers = workers
        self.secret_key = "bench-" + secrets.token_urlsafe(40)
        self.smtp_env = (
            {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_USE_TLS": "0",
             "SMTP_TIMEOUT": os.environ.get("SMTP_TIMEOUT", "10")}
            if smtp_port else {}
        )  # fmt: skip
        # Without background processes, tasks run at once, inside the request (the immediate
        # backend); with them, on the database backend, by the worker. PORTAL_TASKS_BACKEND,
        # if set, wins.
        self.background = background
        backend = os.environ.get("PORTAL_TASKS_BACKEND") or (
            "django_tasks_db.DatabaseBackend"
            if background
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
        self.tasks_env = {"PORTAL_TASKS_BACKEND": backend}
        self.worker: subprocess.Popen | None = None
        self.scheduler: subprocess.Popen | None = None
        self.cluster: PostgresCluster | None = None
        self.server: Gunicorn | None = None
        self.manifest: dict = {}

    @property
    def database_url(self) -> str:
        return self.cluster.url("portal")

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
        return {
            **env,
            "DJANGO_SETTINGS_MODULE": "charter_portal.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": self.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": self.database_url,
            **self.smtp_env,
            **self.tasks_env,
        }

    def _spawn(self, *args: str, log: str) -> subprocess.Popen:
        with open(self.run_dir / log, "a") as out:  # noqa: PTH123
            return subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def worker_start(self) -> None:
        """A tasks worker, as the README's deploy section runs it (polling every 0.2 s)."""
        self.worker = self._spawn(
            "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", log="worker.log"
        )

    def worker_restart_if_gone(self) -> bool:
        """Start the worker again if it has exited (``db_worker`` stops when it loses the
        database; systemd's ``Restart=always`` starts it again in production). Whether it had."""
        if self.worker is not None and self.worker.poll() is None:
            return False
        self.worker_start()
        return True

    def worker_kill(self) -> None:
        """SIGKILL the worker, whatever it is doing: a host lost, the OOM killer."""
        if self.worker is not None:
            self.worker.kill()
            self.worker.wait()
            self.worker = None

    def python(self, *args: str, log: str) -> str:
        """``python <args>`` in the portal's environment; its output, also kept in ``log``."""
        result = subprocess.run(  # noqa: S603
            [sys.executable, *args], cwd=ROOT, env=self.env(), capture_output=True, text=True
        )
        (self.run_dir / log).write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def manage(self, *args: str, log: str = "") -> str:
        return self.python("manage.py", *args, log=log or f"manage-{args[0]}.log")

    def __enter__(self) -> "Portal":
        binaries = postgres_binaries()
        if binaries is None:
            sys.exit("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        try:
            started = time.monotonic()
            self.cluster = PostgresCluster(binaries).init()
            self.cluster.createdb("portal")
            say(f"PostgreSQL {binaries.parent.name} on 127.0.0.1:{self.cluster.port}")
            self.manage("migrate", "--noinput")
            self.manage("bootstrap")
            say(f"generating data: {' '.join(self.generate_args) or 'defaults'}")
            manifest = self.run_dir / "manifest.json"
            self.python(
                "bench/generate.py", *self.generate_args, "--manifest", str(manifest),
                log="generate.log",
            )  # fmt: skip
            self.manifest = json.loads(manifest.read_text())
            self.server = Gunicorn(
                database_url=self.database_url,
                secret_key=self.secret_key,
                workers=self.workers,
                preload=False,
                extra_env={**self.smtp_env, **self.tasks_env},
            ).start(timeout=60)
            if self.background:
                self.worker_start()
                self.scheduler = self._spawn(
                    "run_schedules", "--interval", "2", log="scheduler.log"
                )
            say(
                f"gunicorn: {self.workers} sync workers on {self.server.url} "
                f"(set-up took {time.monotonic() - started:.0f} s)"
            )
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.worker_kill()
        if self.scheduler is not None:
            self.scheduler.terminate()
            self.scheduler.wait(timeout=30)
        if self.server is not None:
            (self.run_dir / "gunicorn.log").write_text(self.server.log())
            self.server.__exit__()
        if self.cluster is not None:
            with contextlib.suppress(OSError):
                (self.run_dir / "postgres.log").write_text(
                    (self.cluster.dir / "server.log").read_text(errors="replace")
                )
            self.cluster.remove()

    def sql(self, query: str) -> str:
        return self.cluster.psql("portal", query)

    def count(self, table: str, where: str = "true") -> int:
        return int(self.sql(f"SELECT count(*) FROM {table} WHERE {where}"))  # noqa: S608


# --- the load -----------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every answer, by phase and kind: statuses, 5xx, transport errors, examples."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    examples: dict = field(default_factory=dict)
    signed: int = 0  # check-page POSTs answered "signed" (redirect to the council's page)
    sign_unavailable: int = 0  # check-page POSTs answered 503
    unclear_5xx: int = 0  # a 5xx that is not the "service unavailable" page
    latencies: list = field(default_factory=list)
    phase: str = "load"

    def add(self, kind: str, status: int | str, detail="", elapsed=0.0, phase=None):
        """One answer, counted in ``phase``: the phase its request was sent in, or "a -> b"
        for a request sent in one phase and answered in the next."""
        phase = phase or self.phase
        with self.lock:
            self.statuses[phase][status] += 1
            if elapsed:
                self.latencies.append(elapsed)
            failed = isinstance(status, str) or status >= 500
            if failed and (phase, status) not in self.examples:
                self.examples[(phase, status)] = f"{kind}: {detail}"[:300]

    def total(self, phase: str | None = None) -> collections.Counter:
        total = collections.Counter()
        for name, counter in self.statuses.items():
            if phase is None or name == phase:
                total.update(counter)
        return total

    @staticmethod
    def fives(counter: collections.Counter) -> int:
        return sum(n for s, n in counter.items() if isinstance(s, int) and s >= 500)

    @staticmethod
    def transport(counter: collections.Counter) -> int:
        return sum(n for s, n in counter.items() if isinstance(s, str))


class Load:
    """``connections`` threads, each one browser, until ``stop()``: a mix of public pages
    (anyone) and the two writes of bench/flows.py (signing, by a clerk whose council has not
    signed, once each; reporting progress, by the clerks of signatories, over and over)."""

    def __init__(self, base_url: str, manifest: dict, *, connections: int, tally: Tally,
                 write_share: float = 0.3, seed: int = 9, reserve: int = 0):  # fmt: skip
        self.base_url = base_url
        self.connections = connections
        self.tally = tally
        self.write_share = write_share
        self.pages = [p["path"] for p in manifest["pages"] if p["kind"] == "html"]
        self.commitments = manifest["commitments"]
        # The first clerk is bench/queries.py's; the last ``reserve`` are left for the caller.
        sign = manifest["sessions"]["sign"]
        self.sign_pool = collections.deque(sign[1 : len(sign) - reserve])
        self.progress_pool = manifest["sessions"]["progress"][1:]
        self.seed = seed
        self._stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> "Load":
        for i in range(self.connections):
            thread = threading.Thread(target=self._run, args=(i,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self.threads:
            thread.join(90)

    def _request(self, browser: Browser, kind: str, method: str, path: str, data=None):
        started, phase = time.perf_counter(), self.tally.phase
        try:
            response = browser.request(method, path, data)
        except OSError as error:  # refused, reset, timed out
            self.tally.add(kind, type(error).__name__, f"{method} {path}: {error}", phase=phase)
            return None
        elapsed = time.perf_counter() - started
        detail = f"{method} {path}"
        if response.status >= 500:
            clear = (
                response.status == 503
                and UNAVAILABLE in response.text
                and response.headers.get("retry-after")
            )
            if not clear:
                with self.tally.lock:
                    self.tally.unclear_5xx += 1
            detail += f" -> {response.text[:200]!r}"
        if self.tally.phase != phase:
            phase = f"{phase} -> {self.tally.phase}"
        self.tally.add(kind, response.status, detail, elapsed, phase)
        return response

    def _walk(self, browser: Browser, steps, council: str, commitment: str) -> bool:
        for step in steps:
            path = step.path.format(council=council, commitment=commitment)
            response = self._request(browser, step.name, step.method, path, step.data)
            if response is None:
                return False
            expected = step.expect_location.format(council=council)
            ok = response.status == step.expect_status and response.location.startswith(expected)
            if step.name.startswith("sign: check"):
                with self.tally.lock:
                    self.tally.signed += ok
                    self.tally.sign_unavailable += response.status == 503
            if not ok:
                return False
        return True

    def _run(self, index: int) -> None:
        rng = random.Random(self.seed * 1000 + index)
        mine = self.progress_pool[index :: self.connections]
        clerks = {e["session"]: Browser(self.base_url, {"sessionid": e["session"]}) for e in mine}
        anon = Browser(self.base_url)
        turn = 0
        while not self._stop.is_set():
            if rng.random() >= self.write_share:
                self._request(anon, "page", "GET", rng.choice(self.pages))
                continue
            entry = None
            if rng.random() < 0.3:
                with contextlib.suppress(IndexError):
                    entry = self.sign_pool.popleft()
            if entry is not None:
                browser = Browser(self.base_url, {"sessionid": entry["session"]})
                self._walk(browser, FLOWS["sign"], entry["council"], self.commitments[0])
            elif mine:
                entry = mine[turn % len(mine)]
                commitment = self.commitments[(turn // len(mine)) % len(self.commitments)]
                self._walk(
                    clerks[entry["session"]], FLOWS["progress"], entry["council"], commitment
                )
                turn += 1
            else:
                self._request(anon, "page", "GET", rng.choice(self.pages))


def consistency(portal: Portal, *, signatures_before: int) -> dict:
    """The checks that nothing is half-written: each new signature has its history, its
    council's stored status and its email; each progress report its history."""
    signatures = portal.count("councils_signature")
    new = signatures - signatures_before
    return {
        "signatures": signatures,
        "new signatures": new,
        "signatures without a '+' history record": int(portal.sql(
            "SELECT count(*) FROM councils_signature s WHERE NOT EXISTS (SELECT 1 FROM "
            "councils_historicalsignature h WHERE h.id = s.id AND h.history_type = '+')"
        )),
        "councils whose stored status disagrees with their signatures": int(portal.sql(
            "SELECT count(*) FROM councils_council c WHERE (c.status = 'signed') <> EXISTS ("
            "SELECT 1 FROM councils_signature s WHERE s.council_id = c.id "
            "AND s.withdrawn_on IS NULL)"
        )),
        "signature emails in the outbox": portal.count(
            "councils_outgoingemail", "template = 'signature_signed'"
        ),
        "progress reports without history": int(portal.sql(
            "SELECT count(*) FROM councils_progressreport r WHERE NOT EXISTS (SELECT 1 FROM "
            "councils_historicalprogressreport h WHERE h.id = r.id)"
        )),
    }  # fmt: skip


# --- an SMTP sink -------------------------------------------------------------------------------


class SmtpSink:
    """A tiny SMTP server on 127.0.0.1 that keeps what it receives (no TLS, no auth): what
    smtplib needs to deliver a message. ``stop()`` closes the port, as a mail server that is
    down; ``silent=True`` accepts connections and never answers, as one that hangs."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[bytes] = []
        self.server = None
        self.silent = False

    def start(self) -> "SmtpSink":
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                if sink.silent:
                    time.sleep(60)
                    return
                self.reply("220 sink ESMTP")
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith(("EHLO", "HELO")):
                        self.reply("250 sink")
                    elif command.startswith("DATA"):
                        self.reply("354 go ahead")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data)
                        sink.messages.append(b"".join(lines))
                        self.reply("250 queued")
                    elif command.startswith("QUIT"):
                        self.reply("221 bye")
                        return
                    else:  # MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def refuses(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) != 0
