"""Slow clients cannot stop the portal answering when it is served as the README deploys it:
gunicorn behind nginx with deploy/nginx-charter.conf (tests/reliability/slow_clients.py).
Without the proxy, as many slow clients as there are sync workers stop /ping/ answering at all
(the control that shows the test means something). bench/slow-clients is the longer scenario."""

import secrets
import statistics

import pytest

from .server import Gunicorn
from .slow_clients import Nginx, SlowClients, nginx_binary, probes, warm_up

pytestmark = pytest.mark.skipif(
    nginx_binary() is None, reason="needs nginx (apt-get install nginx)"
)
WORKERS = 2


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """Sync workers, the portal's settings; /ping/ needs no database (SQLite, never opened)."""
    database = tmp_path_factory.mktemp("slow") / "unused.sqlite3"
    with Gunicorn(
        database_url=f"sqlite:///{database}",
        secret_key=secrets.token_urlsafe(40),
        workers=WORKERS,
        extra_env={"CACHE_URL": "locmem://"},
    ) as server:
        warm_up(server.url, WORKERS)
        yield server


def test_slow_clients_take_every_sync_worker_without_the_proxy(gunicorn):
    with SlowClients(gunicorn.url, count=WORKERS * 3, interval=0.5):
        answers = probes(gunicorn.url, seconds=3, timeout=1)
    assert sum(a is not None for a in answers) <= len(answers) // 4, answers


def test_behind_nginx_ping_answers_while_slow_clients_wait(gunicorn):
    with (
        Nginx(upstream=gunicorn.url.removeprefix("http://")) as nginx,
        SlowClients(nginx.url, count=WORKERS * 10, interval=0.5),
    ):
        answers = probes(nginx.url, seconds=3, timeout=1)
    assert answers and all(a is not None for a in answers), answers
    assert statistics.median(answers) < 0.2, answers
