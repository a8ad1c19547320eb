"""Count the SQL queries of one request to each benchmarked page, on the database at hand.

    DATABASE_URL=... uv run python bench/queries.py MANIFEST OUT.json

Django's test client (in this process, same settings as the server: DEBUG off) requests each
page of the manifest twice with the shared page cache off and counts the queries of the second
request with ``CaptureQueriesContext`` (the first one warms per-process caches, as a running
server has): what rendering the page costs. Then twice more with the page cache on: the queries
of a page served from it (``hit_queries``).
Then it walks the two write flows (bench/flows.py) once, as the first clerk of each pool in the
manifest (the load client starts from the second): the counts include the work done on commit
(the notification task: the tasks backend runs it at once).
"""

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "charter_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flows import FLOWS  # noqa: E402

HOST = "127.0.0.1"


def measure(client: Client, method: str, path: str, data=None) -> dict:
    started = time.perf_counter()
    # The console mailer prints the notification emails: keep them out of the output.
    with CaptureQueriesContext(connection) as captured, contextlib.redirect_stdout(io.StringIO()):
        response = client.get(path) if method == "GET" else client.post(path, data or {})
        body = b"".join(response) if response.streaming else response.content
    return {
        "path": path,
        "status": response.status_code,
        "location": response.get("Location", ""),
        "queries": len(captured),
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "bytes": len(body),
        "sql": [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]}
            for q in captured.captured_queries
        ],
    }


def main(manifest_path: str, out_path: str) -> None:
    manifest = json.loads(Path(manifest_path).read_text())
    results = {}
    anon = Client(HTTP_HOST=HOST)
    for page in manifest["pages"]:
        # The page as rendered (the shared page cache off): the queries the targets are about.
        with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
            measure(anon, "GET", page["path"])  # warm the process
            results[page["name"]] = r = measure(anon, "GET", page["path"])
        # And as the page cache serves it to the next anonymous visitor (ui/cache.py).
        measure(anon, "GET", page["path"])
        hit = measure(anon, "GET", page["path"])
        r["hit_queries"], r["hit_ms"] = hit["queries"], hit["ms"]
        print(
            f"queries: {page['name']:<28} {r['status']} {r['queries']:>4} queries {r['ms']:>8} ms"
            f"  (from the page cache: {hit['queries']} queries {hit['ms']} ms)"
        )

    commitment = manifest["commitments"][0]
    for kind, steps in FLOWS.items():
        pool = manifest["sessions"].get(kind) or []
        if not pool:
            print(f"queries: no {kind} clerk in the manifest: skipping the {kind} flow")
            continue
        clerk = pool[0]
        client = Client(HTTP_HOST=HOST)
        client.cookies[settings.SESSION_COOKIE_NAME] = clerk["session"]
        for step in steps:
            path = step.path.format(council=clerk["council"], commitment=commitment)
            r = measure(client, step.method, path, step.data)
            expected = step.expect_location.format(council=clerk["council"])
            r["ok"] = r["status"] == step.expect_status and r["location"].startswith(expected)
            results[step.name] = r
            flag = "" if r["ok"] else f"  UNEXPECTED (wanted {step.expect_status} {expected})"
            print(
                f"queries: {step.name:<28} {r['status']} {r['queries']:>4} queries {r['ms']:>8} ms"
                f"{flag}"
            )
    Path(out_path).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
